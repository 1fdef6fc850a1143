"""Sentence alignment: quality on both gold sets, the tiling invariant on every seed, the split between indexing
(paragraph groups) and searching (a group's sentences), and odd translations."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from pathlib import Path

import pytest

from searchkit.align import (
    PLAIN, Bead, Group, align, align_groups, group_beads, split_sentences_en, split_sentences_zh)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/ when run as plain `pytest`
from benchmarks.align_eval import (  # noqa: E402
    GOLD_DIR, evaluate_gold_articles, evaluate_wmt, load_gold_article, load_wmt_pairs, seed_article, squeeze)


def _texts(beads: list[Bead], body_en: str, body_zh: str) -> list[tuple[str, str, str]]:
    return [(b.kind, squeeze(body_en[slice(*b.en)]), squeeze(body_zh[slice(*b.zh)])) for b in beads]


def _assert_tiles(beads: list[Bead], body_en: str, body_zh: str) -> None:
    """Every character of both texts in exactly one bead, in order; kinds count the sentences of each bead."""
    for side, text, split in (("en", body_en, split_sentences_en), ("zh", body_zh, split_sentences_zh)):
        spans = [getattr(b, side) for b in beads]
        assert spans[0][0] == 0 and spans[-1][1] == len(text)
        assert all(a[1] == b[0] and a[0] <= a[1] for a, b in zip(spans, spans[1:]))
        starts = [start for start, _ in split(text)]
        counts = [sum(s <= start < e for start in starts) for s, e in spans]
        assert counts == [int(b.kind.split("-")[0 if side == "en" else 1]) for b in beads]
    kinds = [tuple(map(int, b.kind.split("-"))) for b in beads]
    assert all(kind in ((1, 0), (0, 1)) or (min(kind) == 1 and max(kind) >= 1) for kind in kinds)  # n-1, 1-n


def test_wmt_built_documents_reach_the_target():
    scores = evaluate_wmt(load_wmt_pairs())
    assert scores.gold == 1393
    assert scores.f1 >= 0.95, scores


def test_hand_aligned_articles_reach_the_target():
    overall, per_article = evaluate_gold_articles()
    assert len(per_article) == 9 and overall.gold == 211
    assert overall.f1 >= 0.85, overall
    assert per_article["003_cbd4eb143da268c1"].f1 == 1.0
    assert per_article["046_0bb83dc634a923ae"].f1 == 1.0  # truncated translation


def test_gold_files_hold_both_bodies_exactly():
    for path in sorted(GOLD_DIR.glob("*.json")):
        article, gold = load_gold_article(path)  # raises when the beads do not hold the bodies
        assert gold and article.body_en and article.body_zh


def test_every_seed_article_is_tiled(seed_articles):
    assert len(seed_articles) == 44
    for article in seed_articles:
        beads = align(article.body_en, article.body_zh)
        if article.body_en.strip() or article.body_zh.strip():
            _assert_tiles(beads, article.body_en, article.body_zh)


def test_every_seed_is_aligned_exactly_as_aligning_the_whole_article_did(seed_articles):
    """tests/data/align/seed_beads.json: the beads of b847f9c, which aligned every sentence at indexing."""
    expected = json.loads((Path(__file__).parent / "data" / "align" / "seed_beads.json").read_text(encoding="utf-8"))
    assert sorted(expected) == sorted(article.id for article in seed_articles)
    for article in seed_articles:
        beads = [[b.kind, *b.en, *b.zh] for b in align(article.body_en, article.body_zh)]
        assert beads == expected[article.id], article.id


def test_groups_tile_both_bodies_and_hold_whole_beads(seed_articles):
    modes = set()
    for article in seed_articles:
        groups = align_groups(article.body_en, article.body_zh)
        for side, body in (("en", article.body_en), ("zh", article.body_zh)):
            spans = [getattr(group, side) for group in groups]
            assert not spans or (spans[0][0] == 0 and spans[-1][1] == len(body))
            assert all(a[1] == b[0] and a[0] <= a[1] for a, b in zip(spans, spans[1:]))
        for group in groups:
            beads = group_beads(article.body_en, article.body_zh, group)
            assert beads[0].en[0] == group.en[0] and beads[-1].en[1] == group.en[1]
            assert beads[0].zh[0] == group.zh[0] and beads[-1].zh[1] == group.zh[1]
            modes.add(group.mode.partition(":")[0])
    assert modes == {"plain", "unpaired", "paragraph", "article", "bead"}  # the seeds take every way of pairing


def test_a_long_group_is_aligned_at_indexing_and_no_search_runs_the_programme_for_it(monkeypatch):
    """An article on one line is one group: a search aligning its sentences took 0.4 s at 79k characters."""
    import searchkit.align as align_module

    article = seed_article("001_26b600895750e95a")
    body_en, body_zh = " ".join(article.body_en.split()), "".join(article.body_zh.split())
    groups = align_groups(body_en, body_zh)
    assert len(groups) > 10 and all(group.mode.startswith("bead:") for group in groups)
    whole = align(body_en, body_zh)
    _assert_tiles(whole, body_en, body_zh)
    monkeypatch.setattr(align_module, "best_path", lambda *arguments: pytest.fail("a search ran the programme"))
    assert [bead for group in groups for bead in group_beads(body_en, body_zh, group)] == whole


def test_a_stored_group_that_no_longer_fits_the_sentences_is_aligned_by_the_programme():
    """A plain group whose sides now split into unequal numbers of sentences (an index written by other code)."""
    english, chinese = "One. Two. Three.", "一。二。"
    beads = group_beads(english, chinese, Group(PLAIN, (0, len(english)), (0, len(chinese))))
    _assert_tiles(beads, english, chinese)


def test_the_expected_path_breaks_ties_the_same_way_under_every_hash_seed():
    """Two Chinese units score alike against an English one: the first is taken, whatever order the sets iterate
    in (the beads a search shows must not depend on the process)."""
    import subprocess

    script = ("from searchkit.align_units import Units, expected_path\n"
              "words = [frozenset({'wheat', 'cotton', 'steel', 'coal'})]\n"
              "english = Units([9], words, [4], [], [frozenset()], [[]], [False])\n"
              "chinese = Units([3, 3], [frozenset({'steel', 'coal'}), frozenset({'wheat', 'cotton'})], [2, 2], "
              "[{}, {}], [frozenset(), frozenset()], ['', ''], [False, False])\n"
              "print(expected_path(english, chinese, (0, 1, 0, 2)))\n")
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**__import__("os").environ, "PYTHONHASHSEED": str(seed)}).stdout
               for seed in range(8)}
    assert outputs == {"[0, 2]\n"}


def test_a_group_is_aligned_from_its_own_text_alone(seed_articles):
    """What lets a search align only the groups its snippets fall in: the rest of the article changes nothing."""
    for article in seed_articles:
        for group in align_groups(article.body_en, article.body_zh):
            (en_start, en_end), (zh_start, zh_end) = group.en, group.zh
            alone = Group(group.mode, (0, en_end - en_start), (0, zh_end - zh_start))
            shifted = [Bead(b.kind, (b.en[0] + en_start, b.en[1] + en_start), (b.zh[0] + zh_start, b.zh[1] + zh_start))
                       for b in group_beads(article.body_en[en_start:en_end], article.body_zh[zh_start:zh_end], alone)]
            assert shifted == group_beads(article.body_en, article.body_zh, group), (article.id, group)


def test_paragraphs_that_pair_sentence_by_sentence_are_one_plain_group_each():
    english = "First paragraph here. It has two sentences.\nThe second paragraph, of one sentence."
    chinese = "第一段在这里。它有两句话。\n第二段只有一句话。"
    groups = align_groups(english, chinese)
    assert [group.mode for group in groups] == [PLAIN, PLAIN]
    assert [b.kind for b in align(english, chinese)] == ["1-1", "1-1", "1-1"]


def test_sentence_splitting():
    text = 'Tianjin No. 2 State Cotton Factory. He said: "We can." Then he left! Mr. Li came.\nNew line'
    assert [text[a:b] for a, b in split_sentences_en(text)] == [
        "Tianjin No. 2 State Cotton Factory.", 'He said: "We can."', "Then he left!", "Mr. Li came.", "New line"]
    text = "　　他说：“都可以带走！”真叫人喜出望外。你不动，别人要动；你不揭，别人要揭。米特?罗姆尼\n新行"
    assert [text[a:b] for a, b in split_sentences_zh(text)] == [
        "他说：“都可以带走！”", "真叫人喜出望外。", "你不动，别人要动；", "你不揭，别人要揭。", "米特?罗姆尼", "新行"]


def test_empty_and_one_sided_texts():
    assert align("", "") == []
    assert align("One sentence. Another one.", "") == [Bead("1-0", (0, 14), (0, 0)), Bead("1-0", (14, 26), (0, 0))]
    assert align("", "　　中文。句子。") == [Bead("0-1", (0, 0), (0, 5)), Bead("0-1", (0, 0), (5, 8))]
    assert align("  \n", "中文。") == [Bead("0-1", (0, 3), (0, 3))]
    with pytest.raises(dataclasses.FrozenInstanceError):
        align("A.", "甲。")[0].kind = "2-2"


def test_truncated_translation_leaves_the_rest_unaligned():
    article = seed_article("003_cbd4eb143da268c1")
    cut = article.body_en.index("    In the second half of last year")
    body_en = article.body_en[:cut]  # the English covers only the first three paragraphs
    beads = align(body_en, article.body_zh)
    _assert_tiles(beads, body_en, article.body_zh)
    kinds = [b.kind for b in beads]
    assert kinds == ["1-1"] * 5 + ["0-1"] * 10
    _, gold = load_gold_article(GOLD_DIR / "003_cbd4eb143da268c1.json")
    assert [(en, zh) for _, en, zh in _texts(beads, body_en, article.body_zh)[:5]] == gold[:5]


def test_padded_translation_gets_its_extra_sentence_as_1_0():
    article = seed_article("001_26b600895750e95a")
    stray = "Note: this translation was produced automatically and its format may differ from the original."
    body_en = article.body_en + "\n\n" + stray
    beads = align(body_en, article.body_zh)
    _assert_tiles(beads, body_en, article.body_zh)
    assert beads[-1].kind == "1-0" and body_en[slice(*beads[-1].en)].strip() == stray
    assert _texts(beads[:-1], body_en, article.body_zh) == _texts(
        align(article.body_en, article.body_zh), article.body_en, article.body_zh)


def test_chinese_inside_the_english_part_stays_unaligned():
    article = seed_article("007_0a00b296848dee41")
    beads = align(article.body_en, article.body_zh)
    _assert_tiles(beads, article.body_en, article.body_zh)
    assert [b.kind for b in beads[:6]] == ["1-0"] * 6  # the copy of the Chinese text
    assert all(re.search(r"[\u4e00-\u9fff]", article.body_en[slice(*b.en)]) for b in beads[:6])
    assert [b.kind for b in beads[6:]] == ["1-1", "1-1", "3-1", "1-1", "1-1", "1-1"]  # as the gold beads have it


def test_a_sentence_translated_by_three_is_paired_with_all_three():
    """The programme pairs at most two sentences with one; an unpaired neighbour joins the bead when that costs less
    (a Chinese sentence of 2 March 1956 rendered as three English sentences)."""
    english = ("Xinhua News Agency, Geneva, 2nd. The Sino-US ambassadorial talks held their 39th meeting at the "
               "Palais des Nations at 10:00 AM on March 1st. The meeting adjourned at 1:25 PM. The next meeting will "
               "be held on March 8th.")
    chinese = "新华社日内瓦2日电 中美两国大使级会谈3月1日上午10时在国联大厦举行第三十九次会议，会议在13时25分休会，下次会议将在3月8日举行。"
    assert align(english, chinese) == [Bead("4-1", (0, len(english)), (0, len(chinese)))]


def test_an_unpaired_sentence_that_translates_nothing_stays_unpaired():
    english = "The talks went on for three hours. Football fans cheered loudly at the stadium in London."
    chinese = "会谈进行了三个小时。"
    assert [b.kind for b in align(english, chinese)] == ["1-1", "1-0"]


def test_unrelated_texts_are_not_paired():
    english = "The weather in London was rainy. Football fans cheered loudly at the stadium."
    chinese = "重工业部先进生产者代表会议闭幕。各专业系统今年还要大力加强科学研究工作。"
    assert [b.kind for b in align(english, chinese)] == ["1-0", "1-0", "0-1", "0-1"]


def test_a_rows_bead_costs_equal_those_asked_cell_by_cell(seed_articles):
    """The programme's row at a time (BeadCost.row_totals) gives, to the last bit, the source cell's cost plus
    _cost of the bead, for every kind of bead, for sentences and merged paragraphs; impossible beads are left out."""
    import random

    from searchkit.align_path import KIND_COST, PARAGRAPH_KIND_COST, BeadCost
    from searchkit.align_units import (chinese_units, english_units, first_sentences, lines, paragraph_numbers)

    randomly, checked = random.Random(5), 0
    for article in seed_articles:
        en_sentences, zh_sentences = split_sentences_en(article.body_en), split_sentences_zh(article.body_zh)
        english = english_units(article.body_en, en_sentences)
        chinese = chinese_units(article.body_zh, zh_sentences, english)
        en_firsts = first_sentences(en_sentences, lines(article.body_en))
        zh_firsts = first_sentences(zh_sentences, lines(article.body_zh))
        costs = [BeadCost(english, chinese, KIND_COST, paragraphs=(paragraph_numbers(en_firsts),
                                                                     paragraph_numbers(zh_firsts))),
                 BeadCost(english.merged(list(zip(en_firsts, en_firsts[1:]))),
                          chinese.merged(list(zip(zh_firsts, zh_firsts[1:]))), PARAGRAPH_KIND_COST, 3.0)]
        for cost in costs:
            n, m = len(cost.en_lengths) - 1, len(cost.zh_lengths) - 1
            for di, dj in [*cost.kind_costs, *([(2, 2)] if cost.kind_costs is KIND_COST else [])]:  # 2-2: any
                for a0 in range(0, n - di + 1):
                    source = {j: (randomly.uniform(-50, 50), 1, 1) for j in range(m + 1) if randomly.random() < 0.8}
                    cells, offset = range(dj, m + 1), -dj
                    expected = {j: source[j - dj][0] + cost._cost(a0, a0 + di, j - dj, j)
                                for j in cells if j - dj in source}
                    expected = {j: total for j, total in expected.items() if total != float("inf")}
                    assert cost.row_totals(source, a0, di, dj, offset, cells) == expected
                    checked += len(expected)
    assert checked > 10_000


def test_the_work_of_aligning_grows_in_step_with_the_article(monkeypatch):
    """The band searched around the expected path has a bounded width, so a long table (a name list or a table of
    thousands of lines) costs work in proportion to its length; a width growing with the length made an article
    of 4,000 paragraphs take 20 s and 8,000 over 2 minutes and 1 GB."""
    import searchkit.align_path as align_path

    def aligned_cells(paragraphs: int) -> int:
        english = "\n".join(f"Line {i} of the list: Wang Fang{i}, {i * 7} tons." for i in range(paragraphs))
        chinese = "\n".join(["名单如下："] + [f"第{i}行：王芳{i}，{i * 7}吨。" for i in range(paragraphs)])
        calls = []
        original, row = align_path.BeadCost._cost, align_path.BeadCost.row_totals
        monkeypatch.setattr(align_path.BeadCost, "_cost", lambda self, *bead: calls.append(1) or original(self, *bead))
        monkeypatch.setattr(align_path.BeadCost, "row_totals",
                            lambda self, *cells: calls.extend(totals := row(self, *cells)) or totals)
        beads = align(english, chinese)
        _assert_tiles(beads, english, chinese)
        assert sum(b.kind == "1-1" for b in beads) >= paragraphs - 2
        return len(calls)

    small, large = aligned_cells(600), aligned_cells(2400)
    assert 2400 < small and large < 5 * small  # four times the lines: about four times the cells, not sixteen
