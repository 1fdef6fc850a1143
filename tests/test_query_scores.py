"""ScoreOffset adds a constant to its child's scores without matching it twice; ConstantScore flattens in Or."""

from __future__ import annotations

import pytest
from whoosh import fields, index as whoosh_index
from whoosh import query as wq

from searchkit.query_scores import ConstantScore, ScoreOffset


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    schema = fields.Schema(id=fields.ID(stored=True), body=fields.TEXT, tag=fields.KEYWORD)
    ix = whoosh_index.create_in(str(tmp_path_factory.mktemp("scores")), schema)
    with ix.writer() as writer:
        for number in range(20):
            writer.add_document(id=str(number), body="apple " * (number % 4 + 1) + "pear " * (number % 3),
                                tag="even" if number % 2 == 0 else "odd")
    with ix.searcher() as opened:
        yield opened


def scores(searcher, query) -> dict[str, float]:
    return {hit["id"]: hit.score for hit in searcher.search(query, limit=None)}


def test_score_offset_shifts_every_score_and_keeps_the_matches(searcher):
    child = wq.Or([wq.Term("body", "apple"), wq.Term("body", "pear", boost=2.0)])
    plain, shifted = scores(searcher, child), scores(searcher, ScoreOffset(child, 1000.0))
    assert set(shifted) == set(plain) and len(plain) == 20
    assert all(shifted[key] == pytest.approx(plain[key] + 1000.0) for key in plain)


def test_score_offset_equals_or_with_a_constant_score_copy(searcher):
    child = wq.And([wq.Term("body", "pear"), wq.Term("tag", "even")])
    shifted = scores(searcher, wq.Or([ScoreOffset(child, 50.0), wq.Term("body", "apple")]))
    doubled = scores(searcher, wq.Or([child, ConstantScore(child, 50.0), wq.Term("body", "apple")]))
    assert shifted.keys() == doubled.keys()
    assert all(shifted[key] == pytest.approx(doubled[key]) for key in doubled)
    assert sum(score > 50 for score in shifted.values()) == 6  # the even numbers with a pear: 2, 4, 8, 10, 14, 16


def test_normalizing_reaches_the_child_and_a_boost_multiplies_its_own(searcher):
    duplicated = wq.Or([wq.Term("body", "pear"), wq.Term("body", "pear"), wq.NullQuery])
    for wrapper in (ScoreOffset, ConstantScore):
        assert wrapper(duplicated, 5.0).normalize() == wrapper(wq.Term("body", "pear"), 5.0)
        assert wrapper(wq.Or([wq.NullQuery]), 5.0).normalize() is wq.NullQuery
        boosted = wrapper(wq.Term("body", "pear", boost=3.0), 5.0)
        assert boosted.with_boost(1.0) is boosted and boosted.with_boost(2.0).child.boost == 6.0
    nested = wq.Or([wq.Or([ScoreOffset(wq.Term("body", "apple", boost=3.0), 10.0), wq.Term("tag", "odd")])])
    assert nested.normalize().subqueries[0].child.boost == 3.0  # flattening the inner Or keeps the child's boost


def test_default_searches_with_pruning_still_find_the_best_document(tmp_path):
    """Whoosh's collector prunes by default; a threshold meant for the shifted score must not skip the child's
    best block (document 200 repeats the word 20 times, three posting blocks in)."""
    schema = fields.Schema(id=fields.ID(stored=True), body=fields.TEXT)
    ix = whoosh_index.create_in(str(tmp_path), schema)
    with ix.writer() as writer:
        for number in range(300):
            writer.add_document(id=str(number), body="apple " * {1: 2, 200: 20}.get(number, 1) + "filler")
    with ix.searcher() as opened:
        assert opened.search(wq.Term("body", "apple"), limit=1)[0]["id"] == "200"
        for query in (ScoreOffset(wq.Term("body", "apple"), 1000.0),
                      wq.Or([ScoreOffset(wq.Term("body", "apple"), 1000.0), wq.Term("body", "nothing")]),
                      wq.Or([ConstantScore(wq.Term("body", "apple"), 1000.0), wq.Term("body", "apple")])):
            assert opened.search(query, limit=1)[0]["id"] == "200"


def test_wrappers_survive_normalize_and_rewriting(searcher):
    query = wq.Or([ScoreOffset(wq.Term("body", "pear"), 5.0), ConstantScore(wq.Term("tag", "odd"), 2.0)])
    normalized = query.normalize()
    assert isinstance(normalized.subqueries[0], ScoreOffset) and normalized.subqueries[0].amount == 5.0
    assert scores(searcher, normalized) == scores(searcher, query)
    assert ScoreOffset(wq.Term("body", "missing"), 5.0).matcher(searcher).is_active() is False


def test_constant_score_is_the_same_when_results_are_sorted(searcher):
    """rank() sorts every match by (score, id) when a tie straddles the end of the page. Whoosh's
    ConstantScoreQuery then scores its child's own score instead of the constant (the sorted search asks for
    matchers that stay current), so the same query ranked two ways; on a 100,000-article index a date-limited
    Chinese word came out in another order. ConstantScore scores the constant either way."""
    from whoosh import sorting

    by_score_then_id = sorting.MultiFacet([sorting.ScoreFacet(), sorting.FieldFacet("id")])

    def both_ways(constant_query) -> tuple[dict, dict]:
        query = wq.Or([constant_query, wq.Term("body", "apple")])
        plain = {hit["id"]: round(hit.score, 6) for hit in searcher.search(query, limit=None)}
        ranked = {hit["id"]: round(-hit.score[0], 6) for hit in searcher.search(query, limit=None,
                                                                                 sortedby=by_score_then_id)}
        return plain, ranked

    child = wq.Term("body", "pear")
    whoosh_plain, whoosh_sorted = both_ways(wq.ConstantScoreQuery(child, 50.0))
    assert whoosh_plain != whoosh_sorted  # the condition: Whoosh's constant is lost when sorting
    ours_plain, ours_sorted = both_ways(ConstantScore(child, 50.0))
    assert ours_plain == ours_sorted == whoosh_plain
