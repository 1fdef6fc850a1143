"""vector_search matches and scores exactly what Whoosh's matchers do, on random query trees and on real queries."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from searchkit import Index, searcher as searcher_module
from searchkit import vector_search
from searchkit.compiler import compile_query
from searchkit.phrase import AdjacentPhrase
from searchkit.query import parse_query
from searchkit.query_scores import ConstantScore, ScoreOffset

from conftest import SEEDS

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def segmented_index(tmp_path_factory):
    """The seeds in two segments, with deleted documents: 30 files first, then the rest and 5 of them changed."""
    corpus = tmp_path_factory.mktemp("corpus")
    files = sorted(SEEDS.glob("*.txt"))
    for path in files[:30]:
        shutil.copy(path, corpus / path.name)
    index_dir = tmp_path_factory.mktemp("index")
    Index.build(index_dir, corpus)
    for path in files[30:]:
        shutil.copy(path, corpus / path.name)
    for path in files[:5]:
        (corpus / path.name).write_text(path.read_text(encoding="utf-8") + "\n增补的一段。An added line.\n",
                                        encoding="utf-8")
    Index.build(index_dir, corpus)
    with Index.open(index_dir) as index:
        yield index


@pytest.fixture(autouse=True)
def whoosh_and_not_checks_its_first_match(monkeypatch):
    """The reference is Whoosh with a bug fixed: AndNotMatcher keeps its first match unchecked when the excluded
    side starts on an earlier document. (searchkit compiles AndNot only as Every ANDNOT x, where the excluded side
    never starts earlier, as both skip deleted documents.)"""
    from whoosh import matching

    def checked_first(matcher):
        if matcher.a.is_active() and matcher.b.is_active():
            matcher._find_next()

    monkeypatch.setattr(matching.AndNotMatcher, "_find_first", checked_first)


def whoosh_scores(searcher, query, filter_query=None) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in searcher.search(query, limit=None, filter=filter_query)}


def vector_scores(searcher, query, filter_query=None) -> dict[int, float]:
    found = vector_search.matching_scores(searcher, query, filter_query)
    assert found is not None, f"fell back to Whoosh on {query!r}"
    docnums, scores = found
    return dict(zip(docnums.tolist(), scores.tolist()))


def assert_same(expected: dict[int, float], found: dict[int, float]) -> None:
    assert found.keys() == expected.keys()
    for docnum, score in expected.items():
        assert found[docnum] == pytest.approx(score, rel=1e-9, abs=1e-12), docnum


def test_the_fixture_has_segments_and_deletions(segmented_index):
    reader = segmented_index._searcher.reader()
    assert len(segmented_index._searcher.subsearchers) > 1 and reader.has_deletions()


# ---- random query trees -----------------------------------------------------------------------------------------------

WORDS = {"body_zhx": ["的", "劳动", "模范", "北京", "生产", "人民", "中国", "工人", "国", "瓩"],
         "title_zhx": ["北京", "劳动", "的"], "body_zh": ["劳动", "模范", "北京", "生产", "工人", "人民"],
         "body_en": ["the", "labor", "model", "beij", "product", "worker", "us", "may", "peopl"],
         "title_en": ["the", "beij", "labor"], "year": ["1953", "1956", "1989"]}
PHRASES = [("body_zhx", ["劳动", "动模", "模范"]), ("body_zhx", ["人民", "民日", "日报"]), ("body_en", ["labor", "model"]),
           ("body_en", ["the", "peopl"]), ("title_zhx", ["北京", "京市"]), ("body_zhx", ["中国", "国人"])]
BOOSTS = st.sampled_from([1.0, 1.0, 0.5, 1.5, 3.0])


def term(pair, boost):
    return wq.Term(pair[0], pair[1], boost=boost)


def phrase(pair, boost):
    return AdjacentPhrase(pair[0], pair[1], slop=1, boost=boost)


def prefix(text, boost):
    return wq.Prefix("body_en", text, boost=boost, constantscore=False)  # as compiler.py makes them


def and_(subs, boost):
    return wq.And(subs, boost=boost)


def or_(subs, boost):
    return wq.Or(subs, boost=boost)


def and_not_child(keep, drop):
    return wq.And([keep, wq.Not(drop)])


def or_not_child(keep, drop):
    return wq.Or([keep, wq.Not(drop)])


def leaves():
    terms = st.builds(term, st.sampled_from([(field, word) for field, words in WORDS.items() for word in words]),
                      BOOSTS)
    years = st.builds(wq.TermRange, st.just("year"), st.sampled_from(["1946", "1953"]), st.sampled_from(["1956", "1989"]))
    return st.one_of(terms, terms, st.builds(phrase, st.sampled_from(PHRASES), BOOSTS),
                     st.builds(prefix, st.sampled_from(["prod", "lab", "z"]), BOOSTS), years, st.just(wq.Every()))


def trees():
    def extend(children):
        lists = st.lists(children, min_size=2, max_size=4)
        return st.one_of(
            st.builds(and_, lists, BOOSTS), st.builds(or_, lists, BOOSTS),
            st.builds(and_not_child, children, children), st.builds(or_not_child, children, children),
            st.builds(wq.AndNot, children, children), st.builds(wq.AndMaybe, children, children),
            st.builds(wq.Require, children, children),
            st.builds(ScoreOffset, children, st.sampled_from([10.0, 1000.0])),
            st.builds(ConstantScore, children, st.sampled_from([2.0, 1000.0])))
    return st.recursive(leaves(), extend, max_leaves=8)


@SETTINGS
@given(trees())
def test_random_query_trees_match_and_score_as_in_whoosh(segmented_index, query):
    searcher = segmented_index._searcher
    assert_same(whoosh_scores(searcher, query), vector_scores(searcher, query))


@SETTINGS
@given(trees())
def test_a_mask_alone_is_the_evaluations_mask(segmented_index, query):
    """match_mask, for sides whose scores are not read, skips optional sides and scoring but matches the same."""
    searcher = segmented_index._searcher
    for subsearcher, _ in searcher.subsearchers:
        evaluator = vector_search.SegmentEvaluator(searcher, subsearcher)
        assert np.array_equal(vector_search.match_mask(evaluator, query), evaluator.evaluate(query).mask)


@SETTINGS
@given(trees(), leaves())
def test_filters_restrict_the_matches_as_in_whoosh(segmented_index, query, allowed):
    searcher = segmented_index._searcher
    assert_same(whoosh_scores(searcher, query, allowed), vector_scores(searcher, query, allowed))


# ---- real queries, through rank() -------------------------------------------------------------------------------------

QUERIES = ["劳动模范", '"劳动模范代表大会"', "的", "国", "labor model", '"advanced producers"', "Beijing 劳动模范",
           "苏联 OR 罗马尼亚", "劳动模范 NOT Beijing", "劳动模范 -北京", "(苏联 OR 罗马尼亚) 条约", "produc*", "producr~",
           "1953年", "一九五三年", "author:meng", "title:北京", "date:1956", "date:[1953 TO 1956-06]", "us may will",
           "NOT 的", "中国 OR the NOT 人民", "人民 date:[1950 TO 1960]", "column:社论", "entities:Kunming", '"the people"',
           "drill bit", "工人 生产 计划", "1953"]


@pytest.mark.parametrize("query", QUERIES)
def test_pages_are_the_same_on_both_paths(segmented_index, monkeypatch, query):
    """With the vector path forced and forbidden, every page of the ranking is the same, total included."""
    pages = {}
    for path, threshold in (("whoosh", 10 ** 12), ("vector", 0)):
        monkeypatch.setattr(searcher_module, "VECTOR_MIN_POSTINGS", threshold)
        results = [segmented_index.search(query, limit=7, offset=offset, snippets=False, suggestions=False)
                   for offset in (0, 7, 14)]
        pages[path] = [(page.total, [(hit.id, hit.score) for hit in page.hits]) for page in results]
    assert pages["vector"] == pages["whoosh"]


@pytest.mark.parametrize("query", QUERIES)
def test_counts_are_the_same_on_both_paths(segmented_index, monkeypatch, query):
    """count_matches (the 'did you mean' counts) agrees on both paths, with and without a date filter."""
    searcher = segmented_index._searcher
    compiled = compile_query(parse_query(query), "all", segmented_index._segment).query
    counts = {}
    for path, threshold in (("whoosh", 10 ** 12), ("vector", 0)):
        monkeypatch.setattr(searcher_module, "VECTOR_MIN_POSTINGS", threshold)
        counts[path] = [searcher_module.count_matches(searcher, compiled, allowed)
                        for allowed in (None, searcher_module.date_filter("1953", "1955"))]
    assert counts["vector"] == counts["whoosh"]


@pytest.mark.parametrize("query", ["producr", "生产计划模范", "modle labor"])
def test_suggestions_are_the_same_on_both_paths(segmented_index, monkeypatch, query):
    suggested = {}
    for path, threshold in (("whoosh", 10 ** 12), ("vector", 0)):
        monkeypatch.setattr(searcher_module, "VECTOR_MIN_POSTINGS", threshold)
        suggested[path] = segmented_index.search(query, snippets=False).suggestions
    assert suggested["vector"] == suggested["whoosh"] and suggested["vector"]


@pytest.mark.parametrize("query", QUERIES)
def test_the_vector_path_takes_every_kind_of_compiled_query(segmented_index, query):
    searcher = segmented_index._searcher
    compiled = compile_query(parse_query(query), "all", segmented_index._segment).query
    assert_same(whoosh_scores(searcher, compiled), vector_scores(searcher, compiled))


def test_unsupported_nodes_fall_back_to_whoosh(segmented_index, monkeypatch):
    searcher = segmented_index._searcher
    proximity = compile_query(parse_query('"劳动 模范"~5'), "all", segmented_index._segment).query
    assert vector_search.matching_scores(searcher, proximity) is None
    monkeypatch.setattr(searcher_module, "VECTOR_MIN_POSTINGS", 0)
    assert segmented_index.search('"劳动 模范"~5').total > 0


def test_light_queries_stay_on_whoosh_and_heavy_ones_do_not(segmented_index, monkeypatch):
    searcher = segmented_index._searcher
    monkeypatch.setattr(searcher_module, "VECTOR_MIN_POSTINGS", 40)
    assert not searcher_module.worth_vectorizing(searcher, wq.Term("body_zhx", "瓩"))
    assert searcher_module.worth_vectorizing(searcher, wq.Or([wq.Term("body_zhx", "的"), wq.Term("body_en", "the")]))
    assert searcher_module.worth_vectorizing(searcher, wq.Prefix("body_en", "z"))


def test_phrases_far_into_a_long_text(tmp_path):
    from whoosh import index as whoosh_index

    from searchkit.schema import build_schema, bulk_analyses
    from searchkit.segment_writer import BulkSegmentWriter

    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    writer = BulkSegmentWriter(ix, bulk_analyses())
    writer.add_document(id="long", body_zhx="人民日报" * 17_000 + "瓩")  # 报瓩 at 67,999, past 16 bits
    writer.add_document(id="short", body_zhx="日报瓩")
    writer.commit()
    with ix.searcher() as searcher:
        for words in (["日报", "报瓩"], ["人民", "民日"]):
            query = AdjacentPhrase("body_zhx", words, slop=1)
            expected = whoosh_scores(searcher, query)
            assert len(expected) == (2 if words[1] == "报瓩" else 1)
            assert_same(expected, vector_scores(searcher, query))
