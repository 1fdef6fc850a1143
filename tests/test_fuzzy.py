"""Tests for searchkit.fuzzy: fuzzy English words match the words near them, though the index holds stems."""

import math

import pytest

from searchkit import Index
from searchkit.fuzzy import blended_boosts, edit_distance, word_distance

from conftest import built_index, marked


@pytest.mark.parametrize("first, second, distance", [
    ("beijing", "beijng", 1), ("beijing", "biejing", 1), ("beijing", "bejing", 1), ("kitten", "sitting", 3),
    ("", "abc", 3), ("same", "same", 0),
])
def test_edit_distance_counts_a_swap_of_neighbours_as_one_edit(first, second, distance):
    assert edit_distance(first, second) == edit_distance(second, first) == distance


@pytest.mark.parametrize("stem, word, distance, edits", [
    ("beij", "beijng", 2, 1),  # beijing
    ("beij", "beijing", 1, 0),
    ("organ", "organizaton", 1, 1),  # organization
    ("imperi", "imperalism", 1, 1),  # imperialism, from the typed word's own ending
    ("happi", "hapy", 1, 1),  # happy
    ("china", "chna", 1, 1),  # the stem itself
    ("ba", "beijng", 2, None),  # baing is no word
    ("import", "imperalism", 2, None),
])
def test_a_stem_is_near_when_one_of_its_words_is(stem, word, distance, edits):
    known = {"beijing", "organization", "imperialism", "happy", "important"}
    assert word_distance(stem, word, distance, known) == edits


def test_every_stem_weighs_as_the_commonest_times_its_closeness():
    frequency = {"beij": 9_000, "beiyang": 10}.__getitem__
    boosts = dict(blended_boosts({"beij": 1, "beiyang": 2}, 6, frequency, 100_000))
    idf = {stem: math.log(100_000 / (frequency(stem) + 1)) + 1 for stem in boosts}
    assert boosts["beij"] == pytest.approx(6 / 7)
    assert boosts["beiyang"] * idf["beiyang"] == pytest.approx(5 / 7 * idf["beij"])


@pytest.fixture(scope="module")
def fuzzy_index(tmp_path_factory):
    with Index.open(built_index(tmp_path_factory.mktemp("fuzzy"), {
        "capital": {"body_en": "Delegates arrived in Beijing yesterday."},
        "empire": {"body_en": "They fought imperialism and its organizations."},
        "other": {"body_en": "An important meeting of the workers."},
    })) as index:
        yield index


@pytest.mark.parametrize("query, found, marks", [
    ("Beijng~", ["capital"], ["Beijing"]),  # its stem beij is two edits from beijng
    ("Bejing~1", ["capital"], ["Beijing"]),
    ("imperalism~", ["empire"], ["imperialism"]),  # not important: its stem import is near imper, not the word
    ("organizaton~1", ["empire"], ["organizations"]),  # indexed as organ
    ("delegats~1", ["capital"], ["Delegates"]),
    ("Beijing~1", ["capital"], ["Beijing"]),
    ("xylophne~1", [], []),
])
def test_a_fuzzy_word_finds_and_marks_the_words_near_it(fuzzy_index, query, found, marks):
    hits = fuzzy_index.search(query).hits
    assert [hit.id for hit in hits] == found
    assert [text for hit in hits for text in marked(hit.snippet_en)] == marks


def test_a_word_shorter_than_the_shortest_beginning_finds_itself_and_its_neighbours(fuzzy_index):
    hits = {hit.id: marked(hit.snippet_en) for hit in fuzzy_index.search("in~").hits}
    assert hits["capital"] == ["in"] and hits["empire"] == ["its"]  # it is one edit from in


def test_a_long_word_is_not_taken_for_a_function_word(tmp_path):
    with Index.open(built_index(tmp_path, {
        "capital": {"body_en": "Delegates arrived in Beijing yesterday."},
        "being": {"body_en": "The work is being done; it will be done."},  # being: one edit from beijng, stem be
    })) as index:
        assert [hit.id for hit in index.search("Beijng~").hits] == ["capital"]
        assert [hit.id for hit in index.search("bee~").hits] == ["being"]  # a short word may be one


def test_the_closer_common_word_outranks_a_rarer_word_two_edits_away(tmp_path):
    articles = {f"common{n}": {"body_en": f"Shanghai report number {n} on the harbour and its workers."}
                for n in range(4)}
    articles["rare"] = {"body_en": "Shangyin report on the harbour and its workers."}  # two edits from shanghia
    articles.update({f"other{n}": {"body_en": f"Unrelated notes, part {n}."} for n in range(6)})
    with Index.open(built_index(tmp_path, articles)) as index:
        hits = index.search("Shanghia~").hits
        assert sorted(hit.id for hit in hits) == sorted([*(f"common{n}" for n in range(4)), "rare"])
        assert hits[-1].id == "rare"  # weighed as the commonest word found, times its closeness
