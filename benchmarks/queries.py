"""A fixed, seeded mix of benchmark queries drawn from the articles being searched.

Kinds: Chinese word, Chinese phrase (quoted, 2–6 characters), single character, English word, English phrase
(quoted, two adjacent words), boolean (two words with OR / NOT), and date-filtered (a word plus a year range).
"""

from __future__ import annotations

import random
import re
from typing import Iterable

from searchkit.analysis import segment_words
from searchkit.corpus import Article
from searchkit.normalize import fold

KINDS = ("zh_word", "zh_phrase", "zh_char", "en_word", "en_phrase", "boolean", "date_filtered")
_ENGLISH_WORD = re.compile(r"[A-Za-z]{4,}")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{6,}")


def _chinese_words(text: str) -> list[str]:
    return [word for word, _, _ in segment_words(fold(text).text) if len(word) >= 2 and word.isalpha()]


def _sample_article(rng: random.Random, articles: list[Article]) -> Article:
    return articles[rng.randrange(len(articles))]


def make_query(kind: str, rng: random.Random, articles: list[Article]) -> str:
    article = _sample_article(rng, articles)
    body_zh = article.body_zh[:4000] or "的"
    body_en = article.body_en[:4000] or "the"
    words_zh = _chinese_words(body_zh[:600]) or ["中国"]
    words_en = _ENGLISH_WORD.findall(body_en) or ["china"]
    if kind == "zh_word":
        return rng.choice(words_zh)
    if kind == "zh_phrase":
        runs = _HAN_RUN.findall(body_zh) or ["中华人民共和国"]
        run = rng.choice(runs)
        length = rng.randint(2, 6)
        start = rng.randrange(0, len(run) - length + 1)
        return f'"{run[start:start + length]}"'
    if kind == "zh_char":
        return rng.choice([c for c in body_zh if "\u4e00" <= c <= "\u9fff"] or ["的"])
    if kind == "en_word":
        return rng.choice(words_en).lower()
    if kind == "en_phrase":
        tokens = re.findall(r"[A-Za-z]+", body_en)
        index = rng.randrange(max(1, len(tokens) - 1))
        return f'"{" ".join(tokens[index:index + 2]) or "the people"}"'
    if kind == "boolean":
        return f"{rng.choice(words_zh)} OR {rng.choice(words_en).lower()} NOT {rng.choice(words_zh)}"
    year = rng.randint(1946, 1998)
    return f"{rng.choice(words_zh)} date:[{year} TO {year + 5}]"


def query_mix(articles: Iterable[Article], count: int, seed: int = 7) -> list[tuple[str, str]]:
    """(kind, query) pairs, the kinds in equal shares, deterministic for the same articles and seed."""
    articles = sorted(articles, key=lambda a: a.id)
    rng = random.Random(seed)
    return [(KINDS[i % len(KINDS)], make_query(KINDS[i % len(KINDS)], rng, articles)) for i in range(count)]
