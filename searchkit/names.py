"""Romanize Chinese personal names the way the archive's English side writes them: 孟庆彪 → Meng Qingbiao."""

from __future__ import annotations

from functools import lru_cache

from searchkit.analysis import has_han

COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 司徒 东方 皇甫 夏侯 尉迟 公孙 慕容 长孙 宇文 令狐 申屠 端木 澹台 万俟 闻人 西门".split())


@lru_cache(maxsize=4096)
def _romanize_one(name: str) -> str:
    from searchkit.pinyin_phrases import lazy_pinyin  # imported on first use: searching seldom needs pypinyin

    surname_length = 2 if name[:2] in COMPOUND_SURNAMES else 1
    syllables = lazy_pinyin(name)
    if len(syllables) <= surname_length:
        return "".join(syllables).capitalize()
    surname = "".join(syllables[:surname_length]).capitalize()
    return f"{surname} {''.join(syllables[surname_length:]).capitalize()}"


def romanize_names(text: str) -> str:
    """Pinyin for each Chinese name in a space-separated list of names; non-Chinese names are dropped."""
    names = [name for name in text.replace("\u3000", " ").split() if has_han(name)]
    return "  ".join(_romanize_one(name) for name in names)
