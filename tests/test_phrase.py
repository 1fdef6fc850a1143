"""AdjacentPhrase matches exactly the documents, with the same scores, as Whoosh's own span-based Phrase."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import fields, index as whoosh_index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh import query as wq

from searchkit.phrase import AdjacentPhrase

WORDS = ["a", "b", "c", "d"]


@pytest.fixture(scope="module")
def word_index(tmp_path_factory):
    """300 random texts of 1-12 words over a 4-word alphabet, in two segments."""
    import random

    rng = random.Random(3)
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12))) for _ in range(300)]
    folder = tmp_path_factory.mktemp("phrase-index")
    schema = fields.Schema(id=fields.ID(stored=True), body=fields.TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=True))
    ix = whoosh_index.create_in(str(folder), schema)
    for start in (0, 150):  # two segments
        writer = ix.writer()
        for number in range(start, start + 150):
            writer.add_document(id=str(number), body=texts[number])
        writer.commit(merge=False)
    return ix, texts


def _matches(searcher, query) -> dict[int, float]:
    return {hit.docnum: round(hit.score, 9) for hit in searcher.search(query, limit=None)}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(phrase=st.lists(st.sampled_from(WORDS), min_size=2, max_size=4), boost=st.sampled_from([1.0, 2.5]))
def test_same_documents_and_scores_as_whoosh_phrase(word_index, phrase, boost):
    ix, texts = word_index
    with ix.searcher() as searcher:
        ours = _matches(searcher, AdjacentPhrase("body", phrase, slop=1, boost=boost))
        whoosh = _matches(searcher, wq.Phrase("body", phrase, slop=1, boost=boost))
        stored = {docnum: searcher.stored_fields(docnum)["id"] for docnum in ours}
    assert ours == whoosh
    padded = f" {' '.join(phrase)} "
    expected = {str(n) for n, text in enumerate(texts) if padded in f" {text} "}
    assert set(stored.values()) == expected


def test_other_slops_and_unknown_words_behave_like_whoosh(word_index):
    ix, _ = word_index
    with ix.searcher() as searcher:
        for words, slop in ((["a", "c"], 3), (["a", "zzz"], 1), (["b"], 1)):
            assert _matches(searcher, AdjacentPhrase("body", words, slop=slop)) == \
                _matches(searcher, wq.Phrase("body", words, slop=slop))
        assert _matches(searcher, AdjacentPhrase("body", ["a", "zzz"], slop=1)) == {}


def test_fields_without_positions_fail_or_degrade_as_in_whoosh(tmp_path):
    from whoosh.query import QueryError

    schema = fields.Schema(id=fields.ID(stored=True), tags=fields.KEYWORD, year=fields.NUMERIC)
    ix = whoosh_index.create_in(str(tmp_path), schema)
    with ix.writer() as writer:
        writer.add_document(id="1", tags="a b", year=1950)
    with ix.searcher() as searcher:
        with pytest.raises(QueryError):
            searcher.search(AdjacentPhrase("tags", ["a", "b"]))
        degraded = AdjacentPhrase("tags", ["a", "b"], degrade=True)
        assert [hit["id"] for hit in searcher.search(degraded)] == ["1"]
        assert _matches(searcher, AdjacentPhrase("nofield", ["a", "b"])) == {}
