"""Measure the sentence aligner: bead precision/recall/F1 on WMT-built documents and hand-aligned seed articles.

    python -m benchmarks.align_eval [--pairs N] [--seed S]

prints P/R/F1 on both gold sets, alignment time per seed article (mean, p95), the CC-CEDICT load time and the
English/Chinese length ratio of the seed corpus. A predicted bead is correct when its English and its Chinese
text (white space removed) equal those of a gold bead. The helpers are shared with tests/test_align.py.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks.batch_vs_cli import machine
from benchmarks.measure import percentile
from searchkit import lexicon
from searchkit.align import align, split_sentences_en, split_sentences_zh
from searchkit.corpus import Article, find_article_files, read_article
from searchkit.normalize import HAN_CHAR

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
ALIGN_DATA = REPO / "tests" / "data" / "align"
WMT_PAIRS = ALIGN_DATA / "wmt_pairs.tsv"
GOLD_DIR = ALIGN_DATA / "gold"
RESULTS = REPO / "benchmarks" / "results" / "align_eval.json"
_WHITE_SPACE = re.compile(r"\s+")

GoldBead = tuple[str, str]  # (English text, Chinese text), white space removed


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    predicted: int
    gold: int

    def __str__(self) -> str:
        return (f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"({self.predicted} predicted, {self.gold} gold beads)")


def squeeze(text: str) -> str:
    return _WHITE_SPACE.sub("", text)


def predicted_beads(body_en: str, body_zh: str) -> list[GoldBead]:
    """The aligner's beads as (English, Chinese) texts without white space."""
    return [(squeeze(body_en[b.en[0]:b.en[1]]), squeeze(body_zh[b.zh[0]:b.zh[1]])) for b in align(body_en, body_zh)]


def bead_scores(predicted: list[list[GoldBead]], gold: list[list[GoldBead]]) -> Scores:
    """Micro-averaged bead precision, recall and F1 over documents (each bead matched at most once)."""
    correct = sum(sum((Counter(p) & Counter(g)).values()) for p, g in zip(predicted, gold))
    n_predicted, n_gold = sum(map(len, predicted)), sum(map(len, gold))
    precision = correct / n_predicted if n_predicted else 0.0
    recall = correct / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, n_predicted, n_gold)


# ---- WMT-built documents --------------------------------------------------------------------------------------

def load_wmt_pairs(limit: int | None = None) -> list[tuple[str, str]]:
    """(zh, en) pairs from tests/data/align/wmt_pairs.tsv, in file order."""
    lines = WMT_PAIRS.read_text(encoding="utf-8").splitlines()[1:]
    pairs = [tuple(line.split("\t")) for line in lines]
    return pairs[:limit] if limit else pairs


def _join_zh(first: str, second: str) -> str:
    """Two Chinese sentences made into one: the first one's final stop becomes a comma."""
    return re.sub(r"[。！？；!?;]+([”’」』）)》\"']*)$", r"\1", first) + "，" + second


def _join_en(first: str, second: str) -> str:
    """Two English sentences made into one: the first one's final stop becomes a semicolon."""
    return re.sub(r"[.!?]+([\"'”’)\]]*)$", r"\1", first) + "; " + second


def _is_single(zh: str, en: str) -> bool:
    return len(split_sentences_zh(zh)) == 1 and len(split_sentences_en(en)) == 1


def _perturbed_beads(pairs: list[tuple[str, str]], rng: random.Random) -> list[tuple[str, str]]:
    """One paragraph's beads as (en, zh) texts: pairs, some merged on one side, some missing one side."""
    beads, index = [], 0
    while index < len(pairs):
        zh, en = pairs[index]
        draw = rng.random()
        mergeable = index + 1 < len(pairs) and _is_single(zh, en) and _is_single(*pairs[index + 1])
        if draw < 0.07 and mergeable:  # two English sentences, one Chinese: a 2-1 bead
            beads.append((f"{en} {pairs[index + 1][1]}", _join_zh(zh, pairs[index + 1][0])))
            index += 2
            continue
        if draw < 0.14 and mergeable:  # one English sentence, two Chinese: a 1-2 bead
            beads.append((_join_en(en, pairs[index + 1][1]), zh + pairs[index + 1][0]))
            index += 2
            continue
        if 0.14 <= draw < 0.19:
            beads.append(("", zh))  # untranslated Chinese: 0-1
        elif 0.19 <= draw < 0.24:
            beads.append((en, ""))  # English with no original: 1-0
        else:
            beads.append((en, zh))
        index += 1
    return beads


def wmt_documents(pairs: list[tuple[str, str]], seed: int = 1) -> list[tuple[str, str, list[GoldBead]]]:
    """Synthetic articles (body_en, body_zh, gold beads) made of consecutive pairs: 2–8 paragraphs of 1–5 pairs,
    with merged sentences (2-1, 1-2), deletions (1-0, 0-1) and now and then two English paragraphs on one line."""
    rng = random.Random(seed)
    documents, index = [], 0
    while index < len(pairs):
        paragraphs = []
        for _ in range(rng.randint(2, 8)):
            size = rng.randint(1, 5)
            paragraphs.append(_perturbed_beads(pairs[index:index + size], rng))
            index += size
        documents.append(_document(paragraphs, rng))
    return documents


def _document(paragraphs: list[list[tuple[str, str]]], rng: random.Random) -> tuple[str, str, list[GoldBead]]:
    en_lines, zh_lines = [], []
    for number, beads in enumerate(paragraphs):
        en_text = " ".join(en for en, _ in beads if en)
        zh_text = "".join(zh for _, zh in beads if zh)
        if en_text:
            if number and en_lines and rng.random() < 0.1:
                en_lines[-1] += " " + en_text
            else:
                en_lines.append("    " + en_text)
        if zh_text:
            zh_lines.append("\u3000\u3000" + zh_text)
    gold = [(squeeze(en), squeeze(zh)) for beads in paragraphs for en, zh in beads]
    return "\n".join(en_lines), "\n".join(zh_lines), gold


def evaluate_wmt(pairs: list[tuple[str, str]], seed: int = 1) -> Scores:
    documents = wmt_documents(pairs, seed)
    return bead_scores([predicted_beads(en, zh) for en, zh, _ in documents], [g for _, _, g in documents])


# ---- hand-aligned seed articles -------------------------------------------------------------------------------

def seed_article(article_id: str) -> Article:
    return read_article(SEEDS / f"{article_id}.txt", SEEDS)


def load_gold_article(path: Path) -> tuple[Article, list[GoldBead]]:
    """A hand-aligned article and its gold beads; checks that the beads hold exactly both bodies' text."""
    data = json.loads(path.read_text(encoding="utf-8"))
    article = seed_article(data["id"])
    gold = [(squeeze("".join(b["en"])), squeeze("".join(b["zh"]))) for b in data["beads"]]
    if "".join(en for en, _ in gold) != squeeze(article.body_en):
        raise ValueError(f"{path.name}: the English of the beads is not the article's English body")
    if "".join(zh for _, zh in gold) != squeeze(article.body_zh):
        raise ValueError(f"{path.name}: the Chinese of the beads is not the article's Chinese body")
    return article, gold


def evaluate_gold_articles() -> tuple[Scores, dict[str, Scores]]:
    """Scores over all hand-aligned articles, and per article."""
    per_article, all_predicted, all_gold = {}, [], []
    for path in sorted(GOLD_DIR.glob("*.json")):
        article, gold = load_gold_article(path)
        predicted = predicted_beads(article.body_en, article.body_zh)
        per_article[article.id] = bead_scores([predicted], [gold])
        all_predicted.append(predicted)
        all_gold.append(gold)
    return bead_scores(all_predicted, all_gold), per_article


# ---- speed and the length ratio -------------------------------------------------------------------------------

def seed_articles() -> list[Article]:
    return [read_article(path, SEEDS) for path in find_article_files(SEEDS)]


def alignment_times(articles: list[Article], repeats: int = 5) -> list[float]:
    """Seconds per article (the best of `repeats` runs each), after one warm-up pass."""
    for article in articles:
        align(article.body_en, article.body_zh)
    times = []
    for article in articles:
        runs = []
        for _ in range(repeats):
            started = time.perf_counter()
            align(article.body_en, article.body_zh)
            runs.append(time.perf_counter() - started)
        times.append(min(runs))
    return times


def length_ratio(articles: list[Article]) -> tuple[float, float]:
    """(total, per-article median) non-space English characters per non-space Chinese character, English
    lines that are mostly Chinese left out: the measurement behind ENGLISH_CHARS_PER_CHINESE_CHAR."""
    def visible(text: str) -> int:
        return len(squeeze(text))

    ratios, total_en, total_zh = [], 0, 0
    for article in articles:
        english = sum(visible(line) for line in article.body_en.split("\n")
                      if 3 * len(HAN_CHAR.findall(line)) <= visible(line))
        chinese = visible(article.body_zh)
        total_en, total_zh = total_en + english, total_zh + chinese
        if english and chinese:
            ratios.append(english / chinese)
    return total_en / total_zh, statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=None, help="WMT pairs to use (default: all 1,500)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic WMT documents")
    options = parser.parse_args()
    print(f"CC-CEDICT load: {lexicon.load_time_seconds() * 1000:.0f} ms (once per process)")
    pairs = load_wmt_pairs(options.pairs)
    wmt = evaluate_wmt(pairs, options.seed)
    print(f"WMT-built documents ({len(pairs)} pairs): {wmt}")
    overall, per_article = evaluate_gold_articles()
    print(f"Hand-aligned seed articles ({len(per_article)}): {overall}")
    for article_id, scores in per_article.items():
        print(f"    {article_id}: {scores}")
    articles = seed_articles()
    times = sorted(alignment_times(articles))
    p95 = percentile(times, 0.95)
    print(f"Alignment time over {len(times)} seed articles: mean {statistics.mean(times) * 1000:.2f} ms, "
          f"p95 {p95 * 1000:.2f} ms, max {times[-1] * 1000:.2f} ms")
    total, median = length_ratio(articles)
    print(f"English/Chinese length ratio of the seeds: {total:.2f} (per-article median {median:.2f})")
    result = {"command": "python -m benchmarks.align_eval " + " ".join(sys.argv[1:]), "machine": machine(),
              "wmt_pairs": len(pairs), "wmt": dataclasses.asdict(wmt), "hand_aligned": dataclasses.asdict(overall),
              "hand_aligned_per_article": {key: dataclasses.asdict(value) for key, value in per_article.items()},
              "seed_align_ms": {"mean": round(statistics.mean(times) * 1000, 2), "p95": round(p95 * 1000, 2),
                                "max": round(times[-1] * 1000, 2)},
              "length_ratio": {"total": round(total, 3), "per_article_median": round(median, 3)}}
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
