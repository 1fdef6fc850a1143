"""Deterministic scale-corpus generator: People's Daily-style bilingual article files built from real text.

    python -m benchmarks.generate --docs 100000 --seed 1 OUT_DIR
    python -m benchmarks.generate --stats-only --docs 10000 --seed 1

writes ``docs`` article files in the archive format (English translation, ``<hr />``, ``Original:``, Chinese
original) into OUT_DIR, 1,000 to a folder (``OUT_DIR/0000/000123.txt``), and prints a summary to stderr. The
same ``docs`` and ``seed`` give byte-identical output, whatever the number of worker processes.

What the text is made of:

* the 44 bundled archive articles in ``seeds/`` (their titles, authors, and their paragraphs: an English
  paragraph with its Chinese one where the two texts have as many paragraphs, else the whole text as a block);
* the WMT18–20 Chinese–English news test pairs in ``benchmarks/data/wmt_pairs.tsv.gz`` (Apache-2.0, see
  ``data/LICENSE-WMT.md``), used as aligned sentences: the English paragraph is the translation of the Chinese
  one, sentence by sentence;
* jieba's own dictionary (``jieba/dict.txt``, read as a file: jieba is not initialised), the source of new
  words. In about half of the sentences one or two words are replaced by dictionary words of the same kind
  (person, place, organisation, other proper name, noun, verb, adjective, idiom) drawn with a Zipf
  distribution over the dictionary's frequency ranks, so the vocabulary keeps growing with the corpus (Heaps'
  law). Half the personal names injected are new ones, a surname and given-name characters drawn with their
  frequencies in the dictionary's names, as real archives keep meeting new names. A replaced proper name is
  written in pinyin (``data/pinyin_chars.tsv.gz``, from pypinyin) in place of a capitalised name in the
  English sentence, and listed in a ``**Named Entities**`` block in some files; numbers shared by both sides
  are sometimes replaced by other numbers on both sides.

Article lengths (Han characters of the Chinese text) follow a log-normal distribution (median 1,200, σ 0.85)
limited to 150–13,000; the English length follows from the aligned text (about 4.2 English characters per
Han character; the seeds have 4.6, the WMT pairs 4.1). Dates are spread evenly over 1946-01-01..2003-12-31 in file
order. Everything random comes from one ``random.Random`` per document, seeded from (seed, document number).
"""

from __future__ import annotations

import argparse
import gc
import gzip
import hashlib
import importlib.util
import math
import multiprocessing
import os
import random
import re
import sys
import time
from array import array
from bisect import bisect_right
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
SEEDS_DIR = PACKAGE_DIR.parent / "seeds"
WMT_PAIRS = DATA_DIR / "wmt_pairs.tsv.gz"
PINYIN_TABLE = DATA_DIR / "pinyin_chars.tsv.gz"

FIRST_DATE = date(1946, 1, 1)
LAST_DATE = date(2003, 12, 31)
MIN_CHARS = 150  # Han characters in the Chinese text of one article
MAX_CHARS = 13_000
MEDIAN_CHARS = 1_200
LENGTH_SIGMA = 0.85
SHARD_SIZE = 1_000  # files per folder

MUTATION_RATE = 0.5  # share of sentences in which dictionary words are injected
PROPER_SHARE = 0.5  # of injections, the share that replaces a proper name (when the sentence has one)
ZIPF_EXPONENT = 1.0  # over each word class's frequency ranks
NEW_NAME_RATE = 0.5  # of injected personal names, the share made up from surname + given-name characters
NUMBER_RATE = 0.5  # of mutated sentences with a number on both sides, the share whose number changes
SEED_BLOCK_RATE = 0.02  # share of text units drawn from the seed articles instead of the WMT pairs
AUTHOR_RATE = 0.35
ENTITIES_RATE = 0.35
TITLE_REPEAT_RATE = 0.4
DATELINE_RATE = 0.3
AUTHOR_POOL_SIZE = 300

HAN = re.compile(r"[\u3400-\u9fff]")
_ZH_PIECES = re.compile(r"[\u3400-\u9fff]+|[0-9]+|[A-Za-z]+|.", re.S)
_EN_WORDS = re.compile(r"(\w+)")
_EN_TERM = re.compile(r"[^\W_]+")
_MAX_WORD = 7  # longest dictionary word used for segmentation and injection

# jieba part-of-speech tag -> the word class a replacement is drawn from.
PROPER_CLASSES = {"nr": "person", "nrfg": "person", "nrt": "foreign", "ns": "place", "nt": "org", "nz": "term"}
COMMON_CLASSES = {"n": "noun", "vn": "noun", "ng": "noun", "v": "verb", "a": "adj", "i": "idiom", "l": "idiom"}
ENTITY_HEADINGS = (("People", ("person", "foreign")), ("Places", ("place",)), ("Organizations", ("org",)),
                   ("Terms", ("term",)))

# Capitalised English words that are not names to replace.
_EN_NOT_NAMES = frozenset(
    "I Mr Mrs Ms Dr The A An He She It We They You This That These Those There Here In On At For But And Or If As "
    "His Her Its Our Their My Your When While After Before Since Although Though However So Then Now What Who "
    "Which Why How Where Not No Yes All Some Many Most More One Two Three Monday Tuesday Wednesday Thursday "
    "Friday Saturday Sunday January February March April May June July August September October November "
    "December".split()
)
_SENTENCE_OPENERS = (".", "!", "?", ":", '"', "“", "‘", "'", "(", "--", "—")
_TITLE_SMALL_WORDS = frozenset("a an the and or nor but of in on at to for by with from as is via".split())

# Common surnames (for name-like authors) and the reading a surname takes where it differs from the first one.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤"
)
SURNAME_READINGS = {"曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "乐": "yue",
                    "朴": "piao", "盖": "ge", "覃": "qin", "长": "chang", "重": "chong", "尉": "yu"}

SECTIONS = ("要闻", "国内新闻", "国际新闻", "文化生活·体育", "国内专页（经济）", "国际专页（政治）", "副刊", "理论")
COLUMNS = ("三言两语", "外事简讯", "小资料", "文化简讯", "国际简讯", "读者来信", "今日谈", "人民论坛")
CITIES = (("北京", "Beijing"), ("上海", "Shanghai"), ("天津", "Tianjin"), ("邯郸", "Handan"), ("重庆", "Chongqing"),
          ("南京", "Nanjing"), ("广州", "Guangzhou"), ("武汉", "Wuhan"), ("沈阳", "Shenyang"), ("西安", "Xi'an"),
          ("兰州", "Lanzhou"), ("拉萨", "Lhasa"), ("莫斯科", "Moscow"), ("河内", "Hanoi"), ("平壤", "Pyongyang"),
          ("伦敦", "London"), ("巴黎", "Paris"), ("纽约", "New York"), ("华盛顿", "Washington"), ("开罗", "Cairo"),
          ("新德里", "New Delhi"), ("东京", "Tokyo"), ("日内瓦", "Geneva"), ("柏林", "Berlin"))
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
PAGE_WEIGHTS = (0.2, 0.15, 0.14, 0.14, 0.1, 0.1, 0.09, 0.08)  # pages 1..8
_PAGE_CUM = tuple(accumulate(PAGE_WEIGHTS))
_ZH_DIGITS = "〇一二三四五六七八九"


# --------------------------------------------------------------------------------------------------- material


class Unit:
    """One aligned piece of text (a WMT sentence pair, a seed paragraph or block, a title) and its edit slots."""

    __slots__ = ("uid", "zh", "en", "han", "zh_tokens", "en_pieces", "proper", "common", "caps", "numbers",
                 "block")

    def __init__(self, uid: int, zh: str, en: str, block: bool, words: dict[str, str], pinyin: dict[str, str]):
        self.uid, self.zh, self.en, self.block = uid, zh, en, block
        self.zh_tokens = tokens = tuple(segment(zh, words))
        self.han = len(HAN.findall(zh))
        self.en_pieces = pieces = tuple(_EN_WORDS.split(en))
        self.caps = caps = _capitalised_runs(pieces)
        run_keys = {"".join(pieces[a:b + 1:2]).lower(): (a, b) for a, b in caps}
        proper, common = [], []
        for i, token in enumerate(tokens):
            if len(token) < 2:
                continue
            tag = words.get(token)
            if tag in PROPER_CLASSES:
                key = "".join(pinyin.get(c, "") for c in token)
                proper.append((i, PROPER_CLASSES[tag], run_keys.get(key)))
            elif tag in COMMON_CLASSES:
                common.append((i, COMMON_CLASSES[tag]))
        self.proper, self.common = tuple(proper), tuple(common)
        en_numbers: dict[str, list[int]] = {}
        for i in range(1, len(pieces), 2):
            if pieces[i].isascii() and pieces[i].isdigit():
                en_numbers.setdefault(pieces[i], []).append(i)
        zh_numbers: dict[str, list[int]] = {}
        for i, token in enumerate(tokens):
            if len(token) >= 2 and token.isascii() and token.isdigit() and token in en_numbers:
                zh_numbers.setdefault(token, []).append(i)
        self.numbers = tuple((tuple(zis), tuple(en_numbers[n])) for n, zis in zh_numbers.items())


def _capitalised_runs(pieces: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """(first, last) piece indices of runs of capitalised words joined by single spaces (not opening a sentence)."""
    runs, start, last = [], None, None
    for i in range(3, len(pieces), 2):  # pieces[1] is the first word
        word = pieces[i]
        name_like = (len(word) > 1 and word[0].isupper() and word[1:].islower() and word not in _EN_NOT_NAMES
                     and not pieces[i - 1].rstrip().endswith(_SENTENCE_OPENERS))
        if name_like and start is not None and pieces[i - 1] == " ":
            last = i
            continue
        if start is not None:
            runs.append((start, last))
            start = None
        if name_like:
            start = last = i
    if start is not None:
        runs.append((start, last))
    return tuple(runs)


def segment(text: str, words) -> list[str]:
    """Forward maximum matching over the dictionary for Han runs; digit runs, Latin runs and other characters."""
    out = []
    for match in _ZH_PIECES.finditer(text):
        piece = match.group()
        if not HAN.match(piece):
            out.append(piece)
            continue
        i, n = 0, len(piece)
        while i < n:
            for size in range(min(_MAX_WORD, n - i), 1, -1):
                if piece[i:i + size] in words:
                    break
            else:
                size = 1
            out.append(piece[i:i + size])
            i += size
    return out


class WordClass:
    """Words drawn by weight; by default a Zipf distribution over the given frequency ranks."""

    __slots__ = ("words", "cum", "total")

    def __init__(self, ranked: list[str], weights=None):
        self.words = ranked
        if weights is None:
            weights = (1.0 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(ranked)))
        self.cum = array("d", accumulate(weights))
        self.total = self.cum[-1]

    def draw(self, rnd) -> str:
        return self.words[min(bisect_right(self.cum, rnd() * self.total), len(self.words) - 1)]


class Material:
    """Everything the documents are made of; built once per process, independent of the seed."""

    def __init__(self) -> None:
        self.pinyin = _read_pinyin()
        entries = _read_jieba_dictionary()
        words = {word: tag for word, _, tag in entries}
        by_class: dict[str, list[tuple[int, str]]] = {}
        for word, freq, tag in entries:
            cls = PROPER_CLASSES.get(tag) or COMMON_CLASSES.get(tag)
            if cls == "person" and not (len(word) <= 4 and word[0] in SURNAMES):
                continue  # jieba tags many non-names nr; keep the ones that start with a common surname
            if cls and 2 <= len(word) <= _MAX_WORD:
                by_class.setdefault(cls, []).append((-freq, word))
        self.classes = {cls: WordClass([w for _, w in sorted(items)]) for cls, items in sorted(by_class.items())}
        self.dictionary_words = frozenset(words)
        self.name_candidates = [w for w in self.classes["person"].words
                                if len(w) == 3 and w[0] in SURNAMES and all(c in self.pinyin for c in w)]
        # New personal names: a surname and one or two given-name characters, each drawn with the frequency it
        # has in the dictionary's three-character names (an open vocabulary, as names are in a real archive).
        surnames = Counter(w[0] for w in self.name_candidates)
        given = Counter(c for w in self.name_candidates for c in w[1:])
        self.surnames = WordClass(*_by_count(surnames))
        self.given_chars = WordClass(*_by_count(given))

        seeds = _read_seeds()
        units: list[Unit] = []
        for zh, en in _read_wmt_pairs():
            units.append(Unit(len(units), zh, en, False, words, self.pinyin))
        self.sentence_count = len(units)
        for article in seeds:
            en_paras, zh_paras = article["en_paras"], article["zh_paras"]
            if not en_paras or not zh_paras:
                continue
            if len(en_paras) == len(zh_paras):
                for en, zh in zip(en_paras, zh_paras):
                    units.append(Unit(len(units), zh, en, True, words, self.pinyin))
            else:
                units.append(Unit(len(units), "\n".join(zh_paras), "\n".join(en_paras), True, words, self.pinyin))
        self.block_start = self.sentence_count
        self.block_count = len(units) - self.sentence_count
        titles: list[Unit] = []
        for zh, en in [(a["title_zh"], a["title_en"]) for a in seeds if a["title_zh"] and a["title_en"]]:
            titles.append(Unit(len(units) + len(titles), zh, en, False, words, self.pinyin))
        for unit in units[: self.sentence_count]:
            if 6 <= unit.han <= 18 and len(unit.en) <= 80:
                zh, en = _title_text(unit.zh, unit.en)
                titles.append(Unit(len(units) + len(titles), zh, en, False, words, self.pinyin))
        self.units, self.titles = units, titles
        self.seed_authors = [(a["author_en"], a["author_zh"]) for a in seeds if a["author_en"] and a["author_zh"]]
        self.total_ids = len(units) + len(titles)
        self._renderings: dict[str, str] = {}

    def sample(self, cls: str, rnd) -> str:
        if cls == "person" and rnd() < NEW_NAME_RATE:
            given = self.given_chars.draw(rnd)
            if rnd() < 0.8:
                given += self.given_chars.draw(rnd)
            return self.surnames.draw(rnd) + given
        word_class = self.classes[cls]
        index = bisect_right(word_class.cum, rnd() * word_class.total)
        return word_class.words[min(index, len(word_class.words) - 1)]

    def render(self, word: str, cls: str) -> str:
        """The word in pinyin, the way the archive's translators write names ('' if a reading is missing)."""
        key = cls + word
        rendering = self._renderings.get(key)
        if rendering is None:
            rendering = self._renderings[key] = render_pinyin(word, cls, self.pinyin)
        return rendering


def _by_count(counts: Counter) -> tuple[list[str], list[int]]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [key for key, _ in ranked], [count for _, count in ranked]


def render_pinyin(word: str, cls: str, pinyin: dict[str, str]) -> str:
    syllables = [pinyin.get(c) for c in word]
    if not syllables or None in syllables:
        return ""
    if cls == "person" and 2 <= len(word) <= 3 and word[0] in SURNAMES:
        surname = SURNAME_READINGS.get(word[0], syllables[0])
        return f"{surname.capitalize()} {_join_syllables(syllables[1:]).capitalize()}"
    if cls == "org" or len(syllables) > 4:
        groups = [syllables[i:i + 2] for i in range(0, len(syllables), 2)]
        return " ".join(_join_syllables(group).capitalize() for group in groups)
    return _join_syllables(syllables).capitalize()


def _join_syllables(syllables: list[str]) -> str:
    return syllables[0] + "".join("'" + s if s[0] in "aoe" else s for s in syllables[1:])


def _title_text(zh: str, en: str) -> tuple[str, str]:
    zh = zh.rstrip("。．.！!；;，,")
    en = en.rstrip(".!;, ")
    words = en.split(" ")
    en = " ".join(w if i and w.lower() in _TITLE_SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))
    return zh, en


def _jieba_dictionary_path() -> Path:
    """jieba's dict.txt, found without importing (and so without initialising) jieba."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        raise RuntimeError("the jieba package is not installed; the generator reads its dictionary (jieba/dict.txt)")
    return Path(os.path.dirname(spec.origin)) / "dict.txt"


def _read_jieba_dictionary() -> list[tuple[str, int, str]]:
    """(word, frequency, tag) for every all-Han entry of jieba's dictionary, in file order."""
    entries = []
    han_only = re.compile(r"[\u3400-\u9fff]+")
    with open(_jieba_dictionary_path(), encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 3 and han_only.fullmatch(parts[0]):
                entries.append((parts[0], int(parts[1]), parts[2]))
    return entries


def _read_tsv_gz(path: Path) -> list[list[str]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle if line.strip()]


def _read_pinyin() -> dict[str, str]:
    return {char: reading for char, reading in _read_tsv_gz(PINYIN_TABLE)}


def _read_wmt_pairs() -> list[tuple[str, str]]:
    return [(row[0], row[1]) for row in _read_tsv_gz(WMT_PAIRS) if len(row) == 2]


_SEED_HEADER = re.compile(r"^(Title|Author|Date|Page|Edition):\s?(.*)$")


def _read_seeds() -> list[dict]:
    """Title, author and paragraphs of each bundled seed article (a light parser for the known files)."""
    articles = []
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        english, _, chinese = text.partition("<hr />")
        english = english.split("**Named Entities**")[0]
        header: dict[str, str] = {}
        body_lines: list[str] = []
        for line in english.split("\n"):
            match = _SEED_HEADER.match(line) if not body_lines and len(header) < 4 else None
            if match:
                header[match.group(1)] = match.group(2).strip()
            elif line.strip() or body_lines:
                body_lines.append(line)
        zh_lines = chinese.split("\n")
        title_at = next((i for i, line in enumerate(zh_lines) if line.startswith("###")), None)
        column_at = next((i for i, line in enumerate(zh_lines) if line.startswith("专栏")), None)
        if title_at is None or column_at is None:
            continue
        head = [line.strip() for line in zh_lines[title_at + 1:column_at]]
        articles.append({
            "title_en": header.get("Title", ""),
            "author_en": header.get("Author", ""),
            "title_zh": zh_lines[title_at].lstrip("#").strip(),
            "author_zh": head[0] if head and not re.match(r"^\d{4}-", head[0]) else "",
            "en_paras": [line.strip() for line in body_lines if line.strip()],
            "zh_paras": [line.strip() for line in zh_lines[column_at + 1:] if line.strip()],
        })
    return articles


@lru_cache(maxsize=1)
def load_material() -> Material:
    return Material()


def author_pool(material: Material, seed: int) -> list[tuple[str, str]]:
    """The seed articles' authors and name-like dictionary words with their pinyin, in a seed-given order."""
    rng = random.Random(_mix(seed, "authors"))
    candidates = material.name_candidates
    names = []
    taken = set()
    while len(names) < AUTHOR_POOL_SIZE - len(material.seed_authors) and len(taken) < len(candidates):
        word = candidates[int(rng.random() * len(candidates))]
        if word not in taken:
            taken.add(word)
            names.append((material.render(word, "person"), word))
    pool = list(material.seed_authors) + names
    for i in range(len(pool) - 1, 0, -1):  # Fisher–Yates with random() only: stable across Python versions
        j = int(rng.random() * (i + 1))
        pool[i], pool[j] = pool[j], pool[i]
    return pool


# --------------------------------------------------------------------------------------------------- documents


def _mix(seed: int, salt: object) -> int:
    return int.from_bytes(hashlib.blake2b(f"{seed}/{salt}".encode(), digest_size=8).digest(), "big")


class _Accumulator:
    """What one worker saw: per-document lengths and the terms it emitted (for the distinct-term counts)."""

    def __init__(self, total_ids: int):
        self.used = bytearray(total_ids)
        self.zh_words: set[str] = set()  # injected dictionary words
        self.en_names: set[tuple[str, str]] = set()  # (class, word) injected whose pinyin reached the English text
        self.numbers: set[str] = set()
        self.extra_zh: set[str] = set()  # header strings (authors, sections, columns, datelines)
        self.extra_en: set[str] = set()
        self.han: list[int] = []
        self.en_chars = 0
        self.bytes = 0

    def merge(self, other: "_Accumulator") -> None:
        self.used = bytearray(a | b for a, b in zip(self.used, other.used))
        for name in ("zh_words", "en_names", "numbers", "extra_zh", "extra_en"):
            getattr(self, name).update(getattr(other, name))
        self.han.extend(other.han)
        self.en_chars += other.en_chars
        self.bytes += other.bytes


def _render_unit(unit: Unit, rnd, material: Material, acc: _Accumulator, entities: list, rate: float):
    """(zh, en, han) of the unit, with dictionary words injected at the given rate."""
    acc.used[unit.uid] = 1
    if rnd() >= rate or not (unit.proper or unit.common):
        return unit.zh, unit.en, unit.han
    tokens = list(unit.zh_tokens)
    pieces = None
    han = unit.han
    for _ in range(1 if rnd() < 0.6 else 2):
        if unit.proper and (not unit.common or rnd() < PROPER_SHARE):
            index, cls, run = unit.proper[int(rnd() * len(unit.proper))]
            word = material.sample(cls, rnd)
            if run is None and unit.caps:
                run = unit.caps[int(rnd() * len(unit.caps))]
            if run is not None:
                rendering = material.render(word, cls)
                if rendering:
                    if pieces is None:
                        pieces = list(unit.en_pieces)
                    first, last = run
                    pieces[first] = rendering
                    for k in range(first + 1, last + 1):
                        pieces[k] = ""
                    acc.en_names.add((cls, word))
                    entities.append((cls, word, rendering))
        else:
            index, cls = unit.common[int(rnd() * len(unit.common))]
            word = material.sample(cls, rnd)
        han += len(word) - len(tokens[index])
        tokens[index] = word
        acc.zh_words.add(word)
    if unit.numbers and rnd() < NUMBER_RATE:
        zh_indices, en_indices = unit.numbers[int(rnd() * len(unit.numbers))]
        old = tokens[zh_indices[0]]
        if len(old) == 4 and old[:2] in ("19", "20"):  # a year: another year of the archive's century
            number = str(1900 + int(rnd() * 104))
        else:
            number = str(10 ** (len(old) - 1) + int(rnd() * 9 * 10 ** (len(old) - 1)))
        if pieces is None:
            pieces = list(unit.en_pieces)
        for k in zh_indices:
            tokens[k] = number
        for k in en_indices:
            pieces[k] = number
        acc.numbers.add(number)
    return "".join(tokens), (unit.en if pieces is None else "".join(pieces)), han


def _zh_number(n: int) -> str:
    """1..31 in Chinese numerals, as datelines write days."""
    tens, units = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _ZH_DIGITS[tens] + "十")) + (_ZH_DIGITS[units] if units else "")


def _length_target(rnd) -> int:
    """Log-normal article length (Han characters), redrawn until it lies well inside [MIN_CHARS, MAX_CHARS]."""
    mu = math.log(MEDIAN_CHARS)
    while True:
        u1, u2 = rnd(), rnd()
        z = math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)
        target = int(math.exp(mu + LENGTH_SIGMA * z))
        if MIN_CHARS <= target <= MAX_CHARS - 400:
            return target


def compose(index: int, docs: int, seed: int, material: Material, authors: list, acc: _Accumulator) -> str:
    """The text of document `index` of `docs`."""
    rng = random.Random(_mix(seed, index))
    rnd = rng.random
    span = LAST_DATE.toordinal() - FIRST_DATE.toordinal() + 1
    day = date.fromordinal(FIRST_DATE.toordinal() + int((index + rnd()) * span / docs))
    page = min(bisect_right(_PAGE_CUM, rnd() * _PAGE_CUM[-1]) + 1, 8)
    page_label = "Edition" if rnd() < 0.45 else "Page"

    section = ""
    roll = rnd()
    if page == 8 and roll < 0.5:
        section = "副刊"
    elif roll < 0.15:
        section = "要闻" if page == 1 and roll < 0.1 else SECTIONS[int(rnd() * len(SECTIONS))]
    column = ""
    roll = rnd()
    if roll < 0.03:
        column = "社论"
    elif roll < 0.12:
        column = COLUMNS[int(rnd() * len(COLUMNS))]
    author_en = author_zh = ""
    if column != "社论" and rnd() < AUTHOR_RATE:
        rank = int(len(authors) ** rnd()) - 1  # log-uniform rank: a few prolific authors, a long tail
        author_en, author_zh = authors[rank]
        acc.extra_en.add(author_en)
        acc.extra_zh.add(author_zh)
    if section or column:
        acc.extra_zh.add(section + " " + column)

    entities: list[tuple[str, str, str]] = []
    titles = material.titles
    title_zh, title_en, _ = _render_unit(titles[int(rnd() * len(titles))], rnd, material, acc, entities, 0.5)
    title_zh, title_en = _title_text(title_zh, title_en)

    target = _length_target(rnd)
    en_paras: list[str] = []
    zh_paras: list[str] = []
    han = 0
    if rnd() < TITLE_REPEAT_RATE:
        en_paras.append(title_en)
        zh_paras.append(title_zh)
        han += len(HAN.findall(title_zh))
    en_current: list[str] = []
    zh_current: list[str] = []
    if rnd() < DATELINE_RATE:
        city_zh, city_en = CITIES[int(rnd() * len(CITIES))]
        day_of_month = max(1, day.day - int(rnd() * 3))
        suffix = "th" if 10 <= day_of_month % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day_of_month % 10, "th")
        dateline_en = f"Xinhua News Agency, {city_en}, {MONTHS[day.month - 1]} {day_of_month}{suffix}:"
        dateline_zh = f"【新华社{city_zh}{_zh_number(day_of_month)}日电】"
        en_current.append(dateline_en)
        zh_current.append(dateline_zh)
        han += len(HAN.findall(dateline_zh))
        acc.extra_en.add(dateline_en)
        acc.extra_zh.add(dateline_zh)

    units = material.units
    sentence_count, block_start, block_count = material.sentence_count, material.block_start, material.block_count
    in_paragraph = 1 + int(rnd() * 5)
    skipped = 0
    while han < target and skipped < 50:
        if rnd() < SEED_BLOCK_RATE:
            unit = units[block_start + int(rnd() * block_count)]
        else:
            unit = units[int(rnd() * sentence_count)]
        if han + unit.han > MAX_CHARS - 20:
            skipped += 1
            continue
        zh, en, unit_han = _render_unit(unit, rnd, material, acc, entities, MUTATION_RATE)
        han += unit_han
        if unit.block:
            if zh_current:
                en_paras.append(" ".join(en_current))
                zh_paras.append("".join(zh_current))
                en_current, zh_current = [], []
            en_paras.extend(en.split("\n"))
            zh_paras.extend(zh.split("\n"))
            continue
        en_current.append(en)
        zh_current.append(zh)
        if len(zh_current) >= in_paragraph:
            en_paras.append(" ".join(en_current))
            zh_paras.append("".join(zh_current))
            en_current, zh_current = [], []
            in_paragraph = 1 + int(rnd() * 5)
    if zh_current:
        en_paras.append(" ".join(en_current))
        zh_paras.append("".join(zh_current))

    indent_en = "\u3000\u3000" if rnd() < 0.35 else "    "
    indent_zh = "    " if rnd() < 0.25 else "\u3000\u3000"
    en_joiner = "\n\n" + indent_en if rnd() < 0.3 else "\n" + indent_en
    body_en = indent_en + en_joiner.join(en_paras)
    body_zh = indent_zh + ("\n" + indent_zh).join(zh_paras)

    roll = rnd()
    author_line = f"Author: {author_en}" if author_en else ("Author: " if rnd() < 0.07 else "Author:")
    header_tail = f"Date: {day.isoformat()}\n{page_label}: {page}\n\n"
    if roll < 0.85:
        header = f"Title: {title_en}\n{author_line}\n{header_tail}"
    elif roll < 0.93:
        header = f"Title: {title_en}\n\n{author_line}\n\n{header_tail}"
    else:
        header = f"Title: {title_en}\n\n{author_line}\n{header_tail}"

    entity_block = ""
    if entities and rnd() < ENTITIES_RATE:
        groups = []
        for heading, classes in ENTITY_HEADINGS:
            seen: set[str] = set()
            lines = []
            for cls, word, rendering in entities:
                if cls in classes and word not in seen and len(seen) < 12:
                    seen.add(word)
                    lines.append(f"{word}\t{rendering}")
            if lines:
                groups.append(f"{heading}:\n" + "\n".join(lines))
                acc.extra_en.add(heading)
        entity_block = "\n\n\n\n**Named Entities**\n\n\n" + "\n\n".join(groups)

    acc.han.append(han)
    acc.en_chars += len(body_en)
    return (
        f"{header}{body_en}{entity_block}\n\n\n\n<hr /> \n\nOriginal: \n\n\n"
        f"### {title_zh}\n{author_zh}\n{day.isoformat()}\n第{page}版({section})\n专栏：{column}\n\n{body_zh}\n"
    )


# --------------------------------------------------------------------------------------------------- running


@dataclass(frozen=True)
class GenerationStats:
    """What a run produced."""

    docs: int
    seed: int
    out_dir: str | None
    files_written: int
    bytes_written: int
    seconds: float
    zh_chars_min: int  # Han characters of an article's Chinese text
    zh_chars_median: int
    zh_chars_p90: int
    zh_chars_max: int
    zh_chars_total: int
    en_chars_total: int  # characters of the English text (indentation included)
    distinct_zh_terms: int
    distinct_en_terms: int
    injected_zh_words: int  # distinct words injected (dictionary words and new personal names)

    @property
    def en_chars_per_zh_char(self) -> float:
        return self.en_chars_total / self.zh_chars_total if self.zh_chars_total else 0.0

    def summary(self) -> str:
        where = self.out_dir or "(stats only, nothing written)"
        return (
            f"generated {self.docs:,} articles (seed {self.seed}) in {self.seconds:.1f} s -> {where}\n"
            f"  files written: {self.files_written:,} ({self.bytes_written / 1e6:,.1f} MB)\n"
            f"  Chinese length (Han chars): min {self.zh_chars_min:,}  median {self.zh_chars_median:,}  "
            f"p90 {self.zh_chars_p90:,}  max {self.zh_chars_max:,}  total {self.zh_chars_total:,}\n"
            f"  English chars per Han char: {self.en_chars_per_zh_char:.2f}\n"
            f"  distinct Chinese terms: {self.distinct_zh_terms:,} "
            f"(of which {self.injected_zh_words:,} injected: dictionary words and new names)\n"
            f"  distinct English terms: {self.distinct_en_terms:,}"
        )


_JOB: dict = {}


def _init_worker(job: dict) -> None:
    _JOB.clear()
    _JOB.update(job)


def _run_shard(shard: int) -> _Accumulator:
    job = _JOB
    material = load_material()
    docs, seed, out_dir = job["docs"], job["seed"], job["out_dir"]
    acc = _Accumulator(material.total_ids)
    start, stop = shard * SHARD_SIZE, min(docs, (shard + 1) * SHARD_SIZE)
    folder = None
    if out_dir is not None:
        folder = os.path.join(out_dir, f"{shard:0{job['shard_digits']}d}")
        os.makedirs(folder, exist_ok=True)
    for index in range(start, stop):
        data = compose(index, docs, seed, material, job["authors"], acc).encode("utf-8")
        acc.bytes += len(data)
        if folder is not None:
            with open(os.path.join(folder, f"{index:0{job['file_digits']}d}.txt"), "wb") as handle:
                handle.write(data)
    return acc


def _distinct_terms(material: Material, acc: _Accumulator) -> tuple[int, int]:
    zh_terms: set[str] = set(acc.zh_words)
    en_terms: set[str] = set(acc.numbers)
    for unit in material.units + material.titles:
        if acc.used[unit.uid]:
            zh_terms.update(t for t in unit.zh_tokens if HAN.match(t))
            en_terms.update(_EN_TERM.findall(unit.en.lower()))
    for cls, word in acc.en_names:
        en_terms.update(_EN_TERM.findall(material.render(word, cls).lower()))
    for text in acc.extra_zh:
        zh_terms.update(t for t in segment(text, material.dictionary_words) if HAN.match(t))
    for text in acc.extra_en:
        en_terms.update(_EN_TERM.findall(text.lower()))
    return len(zh_terms), len(en_terms)


def _prepare_out_dir(out_dir: Path, overwrite: bool) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"{out_dir} exists and is not a directory")
    out_dir.mkdir(parents=True, exist_ok=True)
    existing = sorted(out_dir.iterdir())
    if not existing:
        return
    if not overwrite:
        raise ValueError(f"{out_dir} is not empty (pass overwrite=True / --overwrite to replace a generated corpus)")
    for entry in existing:  # remove only what a previous run wrote: digit-named folders of digit-named .txt files
        files = list(entry.iterdir()) if entry.is_dir() and entry.name.isdigit() else None
        if files is None or not all(f.is_file() and f.suffix == ".txt" and f.stem.isdigit() for f in files):
            raise ValueError(f"{out_dir} holds {entry.name!r}, which this generator did not write; not overwriting")
    for entry in existing:
        for file in entry.iterdir():
            file.unlink()
        entry.rmdir()


def generate(out_dir: Path | None, docs: int, seed: int, *, jobs: int | None = None,
             overwrite: bool = False) -> GenerationStats:
    """Write `docs` articles into out_dir (None: only compute the statistics) and return what was produced."""
    if docs < 1:
        raise ValueError("docs must be at least 1")
    started = time.perf_counter()
    material = load_material()
    if out_dir is not None:
        out_dir = Path(out_dir)
        _prepare_out_dir(out_dir, overwrite)
    shards = (docs + SHARD_SIZE - 1) // SHARD_SIZE
    job = {
        "docs": docs,
        "seed": seed,
        "out_dir": None if out_dir is None else str(out_dir),
        "authors": author_pool(material, seed),
        "shard_digits": max(4, len(str(shards - 1))),
        "file_digits": max(6, len(str(docs - 1))),
    }
    if jobs is None:
        jobs = min(os.cpu_count() or 1, 2)
    jobs = max(1, min(jobs, shards))
    total = _Accumulator(material.total_ids)
    if jobs == 1:
        _init_worker(job)
        for shard in range(shards):
            total.merge(_run_shard(shard))
    else:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        gc.collect()
        gc.freeze()  # forked workers then share the material's pages instead of copying them on the first GC pass
        try:
            with context.Pool(jobs, initializer=_init_worker, initargs=(job,)) as pool:
                for acc in pool.imap(_run_shard, range(shards)):
                    total.merge(acc)
        finally:
            gc.unfreeze()
    distinct_zh, distinct_en = _distinct_terms(material, total)
    lengths = sorted(total.han)
    return GenerationStats(
        docs=docs,
        seed=seed,
        out_dir=job["out_dir"],
        files_written=docs if out_dir is not None else 0,
        bytes_written=total.bytes if out_dir is not None else 0,
        seconds=time.perf_counter() - started,
        zh_chars_min=lengths[0],
        zh_chars_median=lengths[len(lengths) // 2],
        zh_chars_p90=lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))],
        zh_chars_max=lengths[-1],
        zh_chars_total=sum(lengths),
        en_chars_total=total.en_chars,
        distinct_zh_terms=distinct_zh,
        distinct_en_terms=distinct_en,
        injected_zh_words=len(total.zh_words),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate",
        description="Write a deterministic People's Daily-style bilingual scale corpus.",
    )
    parser.add_argument("out_dir", nargs="?", type=Path, help="folder to write into (not needed with --stats-only)")
    parser.add_argument("--docs", type=int, required=True, help="number of articles")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: CPU count, at most 2; each takes about 150 MB)")
    parser.add_argument("--overwrite", action="store_true", help="replace a corpus this generator wrote before")
    parser.add_argument("--stats-only", action="store_true", help="print the statistics without writing files")
    parser.add_argument("--json", action="store_true", help="print the statistics as JSON on stdout too")
    args = parser.parse_args(argv)
    if args.stats_only == (args.out_dir is not None):
        parser.error("give OUT_DIR, or --stats-only without it")
    if args.docs < 1:
        parser.error("--docs must be at least 1")
    try:
        stats = generate(None if args.stats_only else args.out_dir, args.docs, args.seed, jobs=args.jobs,
                         overwrite=args.overwrite)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(stats.summary(), file=sys.stderr)
    if args.json:
        import json

        print(json.dumps(asdict(stats) | {"en_chars_per_zh_char": round(stats.en_chars_per_zh_char, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
