"""archive_terms.py: the archive's own renderings translate back to their words, and the table is well formed."""

from __future__ import annotations

import pytest

from searchkit import lexicon
from searchkit.archive_terms import ARCHIVE_TERMS, SINGLE_CHARACTER_TRANSLATIONS
from searchkit.cross import MAX_TRANSLATIONS, chinese_for_typed, english_for_chinese
from searchkit.normalize import fold_string

RENDERINGS = [(word, rendering) for word, renderings in ARCHIVE_TERMS.items() for rendering in renderings]


def test_the_table_holds_simplified_words_and_english_renderings():
    assert all(fold_string(word) == word and renderings for word, renderings in ARCHIVE_TERMS.items())
    assert all(rendering.isascii() and rendering.strip() == rendering for _, rendering in RENDERINGS)
    assert SINGLE_CHARACTER_TRANSLATIONS == {"党"}


@pytest.mark.parametrize("word, rendering", RENDERINGS)
def test_each_rendering_translates_english_to_its_word_among_the_first(word, rendering):
    assert word in lexicon.chinese_translations(rendering)[:MAX_TRANSLATIONS]
    assert word in chinese_for_typed(rendering)


@pytest.mark.parametrize("word", sorted(ARCHIVE_TERMS))
def test_each_word_keeps_one_of_its_renderings_translating_chinese(word):
    renderings = {" ".join(rendering.lower().split()) for rendering in ARCHIVE_TERMS[word]}
    assert renderings & {translation.lower() for translation in english_for_chinese(word)}


def test_one_character_translates_alone_only_as_the_archive_renders_it():
    from searchkit.archive_terms import translates_alone

    assert translates_alone("工业") and translates_alone("党")
    assert not translates_alone("工") and not translates_alone("一")
