"""Older romanizations (old_spellings.py): Peking and Beijing, Chou En-lai and Zhou Enlai find each other."""

from __future__ import annotations

import pytest

from searchkit import Index
from searchkit.old_spellings import OLD_TO_PINYIN, is_old_name, respelled_names
from tests.conftest import built_index, marked


@pytest.mark.parametrize("text, variants", [
    ("Peking", ["beijing"]), ("Beijing", ["peking"]), ("Mao Tse-tung", ["mao zedong"]),
    ("mao zedong", ["mao tse-tung"]), ("Mao Tsetung", ["mao zedong", "mao tse-tung"]),
    ("Liu Shao-ch’i said", ["liu shaoqi said", "liu shao-chi said"]),
    ("Sichuan", ["szechwan", "szechuan"]), ("Szechuan", ["sichuan", "szechwan"]),  # every spelling of a group
    ("from Peking to Nanking", ["from beijing to nanjing"]), ("the Kuomintang army", ["the guomindang army"]),
    ("Pekingese", []), ("Mao", []), ("teaching", []), ("Peng, Chen", []),  # only whole words and whole names
])
def test_places_and_names_are_respelled_both_ways(text, variants):
    assert respelled_names(text) == variants


def test_only_old_spellings_are_read_as_pinyin():
    from searchkit.old_spellings import modernized_names

    assert modernized_names("Chou En-lai and Xi'an") == ["zhou enlai and Xi'an"]  # Xi'an is pinyin already
    assert modernized_names("Gao Gang") == [] and modernized_names("Kao Kang") == ["gao gang"]


def test_the_table_maps_each_old_spelling_to_one_pinyin_spelling_that_reads_back():
    assert all(old != new and old == old.lower() and new == new.lower() for old, new in OLD_TO_PINYIN.items())
    assert is_old_name("Chou  En-lai") and is_old_name("ZHOU ENLAI") and not is_old_name("Chou")


@pytest.fixture(scope="module")
def romanized_index(tmp_path_factory):
    meeting = "周恩来总理在北京会见毛泽东主席。"
    with Index.open(built_index(tmp_path_factory.mktemp("romanized"), {
        "old": {"title_en": "Premier Chou En-lai in Peking", "body_zh": meeting,
                "body_en": "Premier Chou En-lai met Chairman Mao Tse-tung in Peking."},
        "new": {"title_en": "Premier Zhou Enlai in Beijing", "body_zh": meeting,
                "body_en": "Premier Zhou Enlai met Chairman Mao Zedong in Beijing."},
        "other": {"body_en": "Zhou and Enlai are two words here; Mao spoke.", "body_zh": "别的文章。"},
    })) as index:
        yield index


@pytest.mark.parametrize("query, old, new", [
    ("Peking", ["Peking"], ["Beijing"]),
    ("beijing", ["Peking"], ["Beijing"]),
    ("Chou En-lai", ["Chou En-lai"], ["Zhou Enlai"]),  # unquoted: a known name is one phrase
    ("Zhou Enlai", ["Chou En-lai"], ["Zhou Enlai"]),
    ('"Chairman Mao Tse-tung"', ["Chairman Mao Tse-tung"], ["Chairman Mao Zedong"]),
    ("Mao Zedong Peking", ["Mao Tse-tung", "Peking"], ["Mao Zedong", "Beijing"]),
])
def test_either_romanization_finds_and_marks_both(romanized_index, query, old, new):
    hits = {hit.id: hit for hit in romanized_index.search(query, lang="en").hits}
    assert sorted(hits) == ["new", "old"]
    for name, expected in (("old", old), ("new", new)):
        assert marked(hits[name].snippet_en) == expected


def test_a_name_typed_unquoted_is_no_longer_two_loose_words(romanized_index):
    assert "other" not in {hit.id for hit in romanized_index.search("Zhou Enlai", lang="en").hits}
    assert "other" in {hit.id for hit in romanized_index.search("Zhou Mao", lang="en").hits}
    assert "other" in {hit.id for hit in romanized_index.search("zhou enlai", lang="en").hits}  # lower case: words


def test_cross_language_search_reads_the_old_spelling_as_its_pinyin(romanized_index):
    result = romanized_index.search("Chou En-lai", lang="zh", cross=True)
    assert sorted(hit.id for hit in result.hits) == ["new", "old"]
    assert "周恩来" in marked(result.hits[0].snippet_zh)
