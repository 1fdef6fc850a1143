"""Tests for searchkit.fuzzy: fuzzy English words match the words near them, though the index holds stems."""

import pytest

from searchkit import Index
from searchkit.fuzzy import edit_distance, spells_a_word_near

from conftest import built_index, marked


@pytest.mark.parametrize("first, second, distance", [
    ("beijing", "beijng", 1), ("beijing", "biejing", 1), ("beijing", "bejing", 1), ("kitten", "sitting", 3),
    ("", "abc", 3), ("same", "same", 0),
])
def test_edit_distance_counts_a_swap_of_neighbours_as_one_edit(first, second, distance):
    assert edit_distance(first, second) == edit_distance(second, first) == distance


@pytest.mark.parametrize("stem, word, distance, near", [
    ("beij", "beijng", 2, True),  # beijing
    ("organ", "organizaton", 1, True),  # organization
    ("imperi", "imperalism", 1, True),  # imperialism, from the typed word's own ending
    ("happi", "hapy", 1, True),  # happy
    ("ba", "beijng", 2, False),  # baing is no word
    ("import", "imperalism", 2, False),
])
def test_a_stem_is_near_when_one_of_its_words_is(stem, word, distance, near):
    known = {"beijing", "organization", "imperialism", "happy", "important"}
    assert spells_a_word_near(stem, word, distance, known) is near


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
