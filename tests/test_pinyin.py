"""pinyin: the syllable set and the characters' main readings come from the cache directory, as pypinyin gives them."""

from __future__ import annotations

from searchkit import pinyin
from searchkit.pinyin_phrases import single_character_readings


def test_the_cached_syllables_are_every_reading_of_pypinyin_less_interjections():
    syllables = pinyin._syllables()
    assert syllables == frozenset(pinyin._build_syllables()["syllables"])
    assert {"zhong", "guo", "lü", "er"} - syllables == {"lü", "er"}  # toneless ü is u; er is no name's part
    assert len(syllables) > 390


def test_a_text_is_spelled_with_each_character_s_first_listed_reading():
    readings = single_character_readings()
    for character in "行长重庆了乐":
        first = readings[ord(character)].split(",")[0]
        assert pinyin.spelled_pinyin(character) == " " + pinyin._toneless(first) + " "
    assert pinyin.spelled_pinyin("中A，国") == " zhong | | guo "


def test_the_cached_tables_are_named_after_the_rules_they_are_built_with(monkeypatch):
    """Leaving out one more syllable must build the table again, not read the one built before."""
    digest = pinyin._rules_digest()
    monkeypatch.setattr(pinyin, "_NOT_NAME_SYLLABLES", pinyin._NOT_NAME_SYLLABLES | {"zhong"})
    assert pinyin._rules_digest() != digest
