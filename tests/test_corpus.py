"""Tests for searchkit.corpus: golden parses of real seed files, invariants over all seeds, format variants."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from searchkit.corpus import (
    Article,
    article_warnings,
    find_article_files,
    iter_corpus,
    missing_language,
    parse_article,
    read_article,
)
from searchkit.corpus_files import article_relative_paths
from searchkit.errors import CorpusError

TESTS = Path(__file__).parent
SEEDS = TESTS.parent / "seeds"
GOLDEN = TESTS / "golden"
BAD_SAMPLES = TESTS / "data" / "bad"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

# Real seed files whose parse is pinned in tests/golden/<stem>.json, with the variant each one covers.
GOLDEN_CASES = {
    "000_05fd5dfb3754b927": "Edition header; author; space-separated Named Entities; Chinese author line",
    "001_26b600895750e95a": "Page header; empty author; body right after the page line; empty Chinese author",
    "005_c3017674f7977e9c": "blank line inside the header; tab-separated entities grouped under Places:",
    "006_c25ab1f4ae5977d5": "<br> lines around the Named Entities heading; double space in the Chinese title",
    "007_0a00b296848dee41": "Chinese text inside the English part; right-aligned signatures",
    "010_5e06179fde19f5c9": "Named Entities with <br> and Organizations:/Places:/People:/Terms: groups",
    "024_74ada55ffce71124": "'Author: ' with a trailing space; full-width-space signatures",
    "035_50a2045c7a9d1d9e": "name list laid out with full-width spaces and trailing ASCII spaces",
    "045_5013141ef06cca9a": "blank lines around Author:; column 三言两语; tab-indented English",
    "055_f44b53479f3b00d9": "Chinese title holding the author's name",
    "058_e2aa22ecb7295c56": "entities grouped under bilingual headings (人物 People:)",
    "060_14adb979e2ff0f8f": "nested page section 国际专页（政治）; full-width digits",
    "062_bfd281db6315b7ff": "tone-marked author Nán Běi; column 小资料; full-width digits and letters",
    "064_442875dc3122f252": "stray sentence about the format with Chinese in the English part",
    "065_1b8edd33bc62b735": "multi-dispatch ▲ list; section 国内新闻; column 外事简讯",
    "067_d4adc23a2e96926e": "poem with stanzas; tone-marked author Lǐ Chūnhuá; section 副刊",
}

HEADER_OR_SEPARATOR = re.compile(
    r"^\s*((title|author|date|page|edition)\s*:|<hr\s*/?>|original\s*:|###|第[\d０-９]+版|专栏：|\d{4}-\d{2}-\d{2}$)",
    re.IGNORECASE,
)


def _text_fields(article: Article) -> list[str]:
    return [value for value in article.to_dict().values() if isinstance(value, str)]


# --- golden files ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", sorted(GOLDEN_CASES))
def test_seed_file_parses_to_its_golden_record(stem: str) -> None:
    article = read_article(SEEDS / f"{stem}.txt", SEEDS)
    expected = json.loads((GOLDEN / f"{stem}.json").read_text(encoding="utf-8"))
    assert article.to_dict() == expected


def test_to_dict_lists_every_field_in_order() -> None:
    article = Article(id="x", title_en="T", page=3)
    assert list(article.to_dict()) == [
        "id", "title_en", "author_en", "date", "page", "body_en", "entities",
        "title_zh", "author_zh", "page_zh", "column_zh", "body_zh",
    ]
    assert article.to_dict()["page"] == 3


# --- invariants over every seed file --------------------------------------------------------------------


def test_all_44_seed_files_are_found_in_sorted_order() -> None:
    assert find_article_files(SEEDS) == SEED_FILES
    assert len(SEED_FILES) == 44


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.stem)
def test_seed_file_loses_no_line(path: Path) -> None:
    article = read_article(path, SEEDS)
    everything = "\n".join(_text_fields(article))
    for line in path.read_text(encoding="utf-8").split("\n"):
        line = re.sub(r"<br\s*/?>", "", line).strip()
        if not line or HEADER_OR_SEPARATOR.match(line) or line in (article.author_zh, "**Named Entities**"):
            continue
        assert line in everything, f"lost line: {line!r}"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.stem)
def test_seed_file_has_date_page_and_both_bodies_copied_verbatim(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    article = read_article(path, SEEDS)
    assert article.id == path.stem
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", article.date)
    assert isinstance(article.page, int)
    assert article.title_en and article.title_zh
    assert article.body_en and article.body_zh
    assert article.body_en in text and article.body_zh in text
    assert article.entities in re.sub(r"<br\s*/?>", "\n", text)
    assert "Named Entities" not in article.body_en
    assert "<hr" not in article.body_en + article.body_zh
    assert article.body_en == article.body_en.strip("\n") and not article.body_en.startswith(" \n")


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.stem)
def test_seed_file_is_rebuilt_line_by_line_from_its_record(path: Path) -> None:
    """Every field holds exactly its own lines, in file order (blank lines and trailing spaces aside)."""
    article = read_article(path, SEEDS)
    text = path.read_text(encoding="utf-8")
    header = [line for line in text.split("\n") if re.match(r"(Title|Author|Date|Page|Edition):", line)]
    entities = ["**Named Entities**", *_non_blank_lines(article.entities)] if "**Named Entities**" in text else []
    rebuilt = [
        *header, *_non_blank_lines(article.body_en), *entities, "<hr />", "Original:", f"### {article.title_zh}",
        *([article.author_zh] if article.author_zh else []), article.date, f"第{article.page}版({article.page_zh})",
        f"专栏：{article.column_zh}", *_non_blank_lines(article.body_zh),
    ]
    assert [line.rstrip() for line in rebuilt] == _non_blank_lines(text)


def _non_blank_lines(text: str) -> list[str]:
    return [line.rstrip() for line in re.sub(r"<br\s*/?>", "", text).split("\n") if line.strip()]


# --- format variants built from small strings -----------------------------------------------------------

BILINGUAL = (
    "Title: Rice Harvest\nAuthor: Mei Zhi (Méi Zhì)\nDate: 1956-05-08\nPage: 5\n\n"
    "\u3000\u3000Rice Harvest\n\u3000\u3000The harvest was good.\n\n\n\n<hr /> \n\nOriginal: \n\n\n"
    "### 稻谷丰收  \n梅志\n1956-05-08\n第5版()\n专栏：\n\n\u3000\u3000稻谷丰收\n\u3000\u3000今年收成好。\n"
)
BILINGUAL_FIELDS = {
    "title_en": "Rice Harvest",
    "author_en": "Mei Zhi (Méi Zhì)",
    "date": "1956-05-08",
    "page": 5,
    "body_en": "\u3000\u3000Rice Harvest\n\u3000\u3000The harvest was good.",
    "entities": "",
    "title_zh": "稻谷丰收",
    "author_zh": "梅志",
    "page_zh": "",
    "column_zh": "",
    "body_zh": "\u3000\u3000稻谷丰收\n\u3000\u3000今年收成好。",
}


def _fields(article: Article) -> dict:
    fields = article.to_dict()
    del fields["id"]
    return fields


def test_plain_bilingual_article() -> None:
    assert _fields(parse_article(BILINGUAL, "a")) == BILINGUAL_FIELDS


@pytest.mark.parametrize(
    "raw",
    [
        b"\xef\xbb\xbf" + BILINGUAL.encode(),
        BILINGUAL.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + BILINGUAL.replace("\n", "\r\n").encode(),
        BILINGUAL.replace("\n", "\r").encode(),
    ],
    ids=["bom", "crlf", "bom-crlf", "lone-cr"],
)
def test_bom_and_line_endings_do_not_change_the_record(tmp_path: Path, raw: bytes) -> None:
    (tmp_path / "a.txt").write_bytes(raw)
    article = read_article(tmp_path / "a.txt", tmp_path)
    assert article.id == "a"
    assert _fields(article) == BILINGUAL_FIELDS


def test_md_file_in_subfolders_gets_a_slash_separated_id(tmp_path: Path) -> None:
    path = tmp_path / "1956" / "03" / "foo.bar.md"
    path.parent.mkdir(parents=True)
    path.write_text(BILINGUAL, encoding="utf-8")
    (path.parent / "notes.rst").write_text(BILINGUAL, encoding="utf-8")  # not an article suffix
    assert find_article_files(tmp_path) == [path]
    assert read_article(path, tmp_path).id == "1956/03/foo.bar"


def test_english_only_article() -> None:
    text = "Title: Editorial Note\nAuthor:  \nDate: 1956-05-08\nEdition: 1\nEditorial:\nWe must work.\n"
    assert _fields(parse_article(text, "e")) == {
        **{key: "" for key in BILINGUAL_FIELDS},
        "title_en": "Editorial Note",
        "date": "1956-05-08",
        "page": 1,
        "body_en": "Editorial:\nWe must work.",
    }


def test_an_article_without_its_chinese_original_is_flagged() -> None:
    article = parse_article("Title: Editorial Note\nDate: 1956-05-08\nPage: 1\n\nWe must work.\n", "e")
    assert missing_language(article).startswith("no Chinese original (no Chinese text after")


def test_an_article_without_its_english_translation_is_flagged() -> None:
    article = parse_article("Original:\n\n### 社论\n1966-06-01\n第１版(要闻)\n\n团结起来。\n", "z")
    assert missing_language(article).startswith("no English translation")


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.stem)
def test_no_seed_file_is_flagged_as_missing_a_language(path: Path) -> None:
    assert missing_language(read_article(path, SEEDS)) is None


def test_a_title_alone_counts_as_the_language_being_there() -> None:
    text = "Title: Picture\nDate: 1949-10-02\nPage: 4\n\n<hr />\n\nOriginal:\n\n### 摩托化部队入场（图片）\n1949-10-02\n第4版()\n"
    assert missing_language(parse_article(text, "p")) is None


@pytest.mark.parametrize("prefix", ["Original: \n\n\n", "\n", ""], ids=["original", "blank", "title-first"])
def test_chinese_only_article(prefix: str) -> None:
    text = prefix + "### 社论  \n\n1966-06-01\n第１版(要闻)\n专栏：社论\n\n\u3000\u3000团结起来。\n"
    assert _fields(parse_article(text, "z")) == {
        **{key: "" for key in BILINGUAL_FIELDS},
        "date": "1966-06-01",
        "page": 1,
        "title_zh": "社论",
        "page_zh": "要闻",
        "column_zh": "社论",
        "body_zh": "\u3000\u3000团结起来。",
    }


def test_lenient_variants_of_keys_separator_and_chinese_header() -> None:
    text = (
        "TITLE: Two Authors\n\nauthor: Li Ming  Wang Fang \n\nDATE: 1989-05-31\npage: 7\n"
        "Editorial:\n  Text.\n\n**Named Entities**\n<br>\n人民日报  People's Daily<br>新华社\tXinhua\n\n"
        "<hr/>\n\n\n### １９８９年的春天\n李明  王芳\n1989-05-31\n第７版（国内专页（政治·法律））\n专栏：  三言两语  \n"
        "\u3000\u3000正文。\u3000\u3000\n"
    )
    assert _fields(parse_article(text, "v")) == {
        "title_en": "Two Authors",
        "author_en": "Li Ming  Wang Fang",
        "date": "1989-05-31",
        "page": 7,
        "body_en": "Editorial:\n  Text.",
        "entities": "人民日报  People's Daily\n新华社\tXinhua",
        "title_zh": "１９８９年的春天",
        "author_zh": "李明  王芳",
        "page_zh": "国内专页（政治·法律）",
        "column_zh": "三言两语",
        "body_zh": "\u3000\u3000正文。\u3000\u3000",
    }


def test_page_and_edition_both_given_page_wins() -> None:
    article = parse_article("Title: T\nPage: 3\nEdition: 4\n\nBody.\n", "p")
    assert (article.page, article.body_en) == (3, "Body.")


def test_missing_hr_original_and_chinese_page_line() -> None:
    text = "Title: T\nDate: 1956-01-02\n\nBody.\n\n### 标题\n\n1956-01-02\n专栏：\n\n正文。\n"
    article = parse_article(text, "m")
    assert (article.body_en, article.title_zh, article.page, article.body_zh) == ("Body.", "标题", None, "正文。")


def test_date_and_page_fall_back_to_the_chinese_header() -> None:
    text = "Title: T\n\nBody.\n<hr>\nOriginal:\n### 标题\n作者\n１９５６年３月１日\n第十二版\n专栏：\n正文。\n"
    article = parse_article(text, "f")
    assert (article.date, article.page, article.author_zh, article.page_zh) == ("1956-03-01", 12, "作者", "")


def test_chinese_title_without_header_keeps_following_lines_as_body() -> None:
    article = parse_article("Original:\n### 标题\n第一行。\n第二行。\n", "n")
    assert (article.title_zh, article.author_zh, article.body_zh) == ("标题", "", "第一行。\n第二行。")


def test_hr_inside_the_english_text_is_not_the_separator() -> None:
    text = "Title: T\n\nPart one.\n<hr />\nPart two.\n<hr />\n\nOriginal:\n\n### 标题\n\n1956-01-02\n第1版()\n专栏：\n正文。\n"
    article = parse_article(text, "h")
    assert (article.body_en, article.body_zh) == ("Part one.\n<hr />\nPart two.", "正文。")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty file"),
        (" \n\u3000\n\t\n", "empty file"),
        ("Title:\nAuthor:\nDate: 1956-01-01\nPage: 1\n\n<hr />\n\nOriginal: \n\n", "no article text found"),
    ],
    ids=["empty", "whitespace", "no-text"],
)
def test_text_that_is_not_an_article_raises(text: str, reason: str) -> None:
    with pytest.raises(CorpusError) as caught:
        parse_article(text, "some/id")
    assert caught.value.reason == reason
    assert caught.value.path == "some/id"
    assert str(caught.value) == f"some/id: {reason}"


@pytest.mark.parametrize(
    ("text", "warning", "date", "page"),
    [
        ("Title: T\nDate: 1956-13-45\nPage: 2\n\nBody.\n", "invalid date '1956-13-45'; indexed without a date", "", 2),
        ("Title: T\nDate: 8/5/1956\n\nBody.\n", "invalid date '8/5/1956'; indexed without a date", "", None),
        ("Title: T\nDate: 1956-03\n\nBody.\n", "invalid date '1956-03'; indexed without a date", "", None),
        ("Title: T\nDate: 1956-01-01\nPage: five\n\nBody.\n", "invalid page 'five'; indexed without a page",
         "1956-01-01", None),
        ("Title: T\nDate: 1956-01-01\nPage: 1,000\n\nBody.\n", "invalid page '1,000'; indexed without a page",
         "1956-01-01", None),
        ("Title: T\nDate: 1956-01-01\nPage: p. 0\n\nBody.\n", "invalid page 'p. 0'; indexed without a page",
         "1956-01-01", None),
        ("Title: T\nDate: 19561301\n\nBody.\n", "invalid date '19561301'; indexed without a date", "", None),
        ("Original:\n### 标题\n\n1956-02-30\n第1版()\n专栏：\n正文。\n", "invalid date '1956-02-30'; indexed without a date",
         "", 1),
    ],
    ids=["bad-day", "ambiguous", "month-only", "bad-page", "page-with-comma", "page-0", "bad-month",
         "bad-chinese-date"],
)
def test_an_unreadable_header_value_is_left_out_with_a_warning(text: str, warning: str, date: str, page) -> None:
    article = parse_article(text, "some/id")
    assert (article.date, article.page, article.warnings) == (date, page, (warning,))
    assert article.title_en == "T" or article.title_zh == "标题"
    assert "warnings" not in article.to_dict()


def test_an_article_without_any_date_is_indexed_with_a_warning() -> None:
    article = parse_article("Title: T\nPage: 2\n\nBody.\n", "some/id")
    assert (article.date, article.page) == ("", 2)
    assert article.warnings == ("no date in its header; indexed without a date",)  # a date search would miss it


@pytest.mark.parametrize("written", ["3", "3 (International News)", "p. 3", "P3", "page 3", "第3版", "第三版", "３",
                                     "3, 4", "3,4"])
def test_pages_written_in_any_usual_way(written: str) -> None:
    assert parse_article(f"Title: T\nPage: {written}\n\nBody.\n", "e").page == 3


def test_a_repeated_header_key_does_not_end_the_header() -> None:
    text = "Title: T\nAuthor: Li Wei\nAuthor: Zhang San\nDate: 1956-03-01\nDate: 1957-01-01\nPage: 3\n\nBody.\n"
    article = parse_article(text, "x")
    assert (article.author_en, article.date, article.page, article.body_en) == (
        "Li Wei, Zhang San", "1956-03-01", 3, "Body.")


ZH = "\n<hr />\nOriginal:\n### 标题\n作者\n1956年3月1日\n第1版()\n正文。\n"


@pytest.mark.parametrize("first_line", ["Date: March 1 was chosen for the meeting.", "Author: Mao Zedong wrote it.",
                                        "    Title: a paragraph that starts so."])
def test_a_body_line_starting_with_a_header_key_stays_in_the_body(first_line: str) -> None:
    article = parse_article(f"Title: T\nAuthor: A\nDate: 1956-03-01\nPage: 1\n\n{first_line}\nMore text.\n{ZH}", "x")
    assert (article.title_en, article.author_en, article.body_en) == ("T", "A", f"{first_line}\nMore text.")


def test_a_repeated_key_fills_an_empty_value() -> None:
    article = parse_article(f"Title:\nTitle: Real title\nDate: 1956-03-01\n\nBody.\n{ZH}", "x")
    assert (article.title_en, article.body_en) == ("Real title", "Body.")


@pytest.mark.parametrize("text", [
    "Under <<Article 5 of the Constitution>>, the <<Big Leap>> and <<Q and A>> pamphlets.",
    "If x <s then y> z, and a <b but c> d.", "Cells <td width 5> stay."])
def test_angle_brackets_that_are_not_html_tags_stay(text: str) -> None:
    assert parse_article(f"Title: T\nDate: 1956-03-01\n\n{text}\n{ZH}", "x").body_en == text


def test_an_hr_inside_a_line_of_english_does_not_split_the_languages() -> None:
    article = parse_article("Title: T\nDate: 1956-03-01\n\nPart one.<hr>Part two of the English text.\n", "x")
    assert (article.body_en, article.body_zh) == ("Part one.<hr>Part two of the English text.", "")


def test_eight_digits_in_an_english_file_are_not_a_chinese_date() -> None:
    text = "### Production Figures\n\nOutput in tons:\n\n12345678\n\nMore English text here.\n"
    article = parse_article(text, "x")
    assert article.title_zh == "" and "12345678" in article.body_en


def test_html_line_breaks_tables_images_and_comments_are_not_text() -> None:
    text = ("Title: T\nDate: 1956-03-01\n\nOn the 2nd.<br/>The Sino-US talks<BR>went on.<!-- scraped -->\n"
            "<table><tr><td>Left</td><td>Right</td></tr></table> <img alt=\"photo\" src=\"a.jpg\">\n\n"
            "<hr class=\"sep\"> Original:\n\n### 标题\n\n1956-03-01\n第1版()\n专栏：\n之间的疆界。<br />该委员会\n")
    article = parse_article(text, "x")
    assert [line for line in article.body_en.split("\n") if line.strip()] == [
        "On the 2nd.", "The Sino-US talks", "went on.", "Left", "Right"]
    assert (article.title_zh, article.body_zh) == ("标题", "之间的疆界。\n该委员会")


def test_byte_order_marks_inside_the_file_are_dropped() -> None:
    text = "\ufeffTitle: T\nDate: 1956-03-01\n\nBody.\n\n<hr />\n\n\ufeffOriginal:\n\n\ufeff### 标题\n\n正文。\n"
    article = parse_article(text, "x")
    assert (article.title_en, article.title_zh, article.body_zh) == ("T", "标题", "正文。")


CHINESE_HEADER_DATES = ["1956-03-01", "1956-3-1", "1956/03/01", "1956.3.1", "1956年3月1日", "１９５６－０３－０１",
                        "1956年3月1日 星期四", "1956-03-01 (Thursday)", "1956-03-01T00:00:00", "1956-03-01 00:00:00",
                        "1956-03-01T00", "一九五六年三月一日"]


@pytest.mark.parametrize("written", CHINESE_HEADER_DATES + ["March 1, 1956", "Mar. 1, 1956", "1 March 1956",
                                                          "1st March, 1956", "Thursday, March 1, 1956",
                                                          "19560301"])
def test_dates_written_in_any_usual_way(written: str) -> None:
    assert parse_article(f"Title: T\nDate: {written}\n\nBody.\n", "e").date == "1956-03-01"
    if written in CHINESE_HEADER_DATES:
        chinese = parse_article(f"Original:\n### 标题\n\n{written}\n第1版()\n专栏：\n正文。\n", "z")
        assert (chinese.date, chinese.author_zh, chinese.body_zh) == ("1956-03-01", "", "正文。")


@pytest.mark.parametrize("header, date, page", [
    ("Date: someday\nPage: A3", "1949-10-01", 3),  # unreadable English values give way to the Chinese ones
    ("Date: 1956-01-01\nPage: 3 (International News)", "1956-01-01", 3),
    ("Date: 1956-01-01\nPage: 5", "1956-01-01", 5),
])
def test_the_chinese_header_stands_in_for_unreadable_english_values(header: str, date: str, page: int) -> None:
    text = f"Title: T\n{header}\n\nBody.\n\n<hr />\n\nOriginal:\n\n### 标题\n\n1949-10-01\n第3版(国际新闻)\n专栏：\n正文。\n"
    article = parse_article(text, "x")
    assert (article.date, article.page, article.page_zh, article.body_en) == (date, page, "国际新闻", "Body.")


@pytest.mark.parametrize("header, title, author", [
    ("Title: T\nSection: International\nAuthor: Li Ming", "T", "Li Ming"),  # another key is passed over
    ("Title: A long title that\nwraps onto a second line\nAuthor: Li", "A long title that wraps onto a second line",
     "Li"),
])
def test_an_unexpected_line_inside_the_english_header_does_not_end_it(header: str, title: str, author: str) -> None:
    article = parse_article(f"{header}\nDate: 1956-03-01\nPage: 2\n\nBody text.\n", "x")
    assert (article.title_en, article.author_en, article.date, article.page) == (title, author, "1956-03-01", 2)
    assert article.body_en == "Body text."


@pytest.mark.parametrize("header, title", [
    ("Title: A very long title that\nwraps onto a second line\nand a third",
     "A very long title that wraps onto a second line and a third"),
    ("Title: Speech at the Congress\nComrade Mao Zedong: Long Live Unity",
     "Speech at the Congress Comrade Mao Zedong: Long Live Unity"),  # a colon, but no one- or two-word key
])
def test_a_title_wrapped_onto_more_lines_stays_in_the_header(header: str, title: str) -> None:
    article = parse_article(f"{header}\nAuthor: Li\nDate: 1956-03-01\nPage: 2\n\nBody.\n", "x")
    assert (article.title_en, article.author_en, article.date, article.page, article.body_en) == (
        title, "Li", "1956-03-01", 2, "Body.")


def test_chinese_text_under_an_english_header_keeps_the_header() -> None:
    article = parse_article("Title: 北京劳动模范大会\nDate: 1956-03-01\nPage: 3\n\n北京市工业劳动模范代表大会揭幕。\n", "x")
    assert (article.title_en, article.date, article.page) == ("北京劳动模范大会", "1956-03-01", 3)


def test_a_loose_chinese_line_after_the_first_field_is_the_author() -> None:
    article = parse_article("1956-03-01\n梅志\n第3版\n\n正文。\n", "x")
    assert (article.title_zh, article.author_zh, article.page, article.body_zh) == ("", "梅志", 3, "正文。")


def test_a_key_like_line_after_the_header_is_text() -> None:
    article = parse_article("Title: T\nAuthor: A\n\nBeijing: the city.\nDate: in the text\n", "x")
    assert (article.date, article.body_en) == ("", "Beijing: the city.\nDate: in the text")


@pytest.mark.parametrize("chinese, title, author", [
    ("苏联罗马尼亚签定划界条约\n\n1949-10-01\n第3版(国际新闻)\n专栏：\n\n　　正文。\n", "苏联罗马尼亚签定划界条约", ""),
    ("苏联罗马尼亚签定划界条约\n张三\n1949-10-01\n第3版(国际新闻)\n专栏：\n\n　　正文。\n", "苏联罗马尼亚签定划界条约", "张三"),
    ("Original:\n\n### 标题\n\n1949-10-01\n张三\n第3版(国际新闻)\n专栏：\n\n　　正文。\n", "标题", "张三"),
    ("Original:\n\n标题\n\n1949-10-01\n第3版(国际新闻)\n专栏：\n\n　　正文。\n", "标题", ""),
])
def test_chinese_headers_without_a_title_mark_or_in_another_order(chinese: str, title: str, author: str) -> None:
    """A file of Chinese only needs no `###` or `<hr />`; without `###` the first line is the title; an author line
    may follow the date."""
    article = parse_article(chinese, "x")
    assert (article.title_zh, article.author_zh, article.date, article.page) == (title, author, "1949-10-01", 3)
    assert (article.page_zh, article.body_zh, article.body_en) == ("国际新闻", "　　正文。", "")


def test_a_chinese_file_without_any_header_is_chinese_text() -> None:
    article = parse_article("这是一篇没有标题的文章，提到Beijing。\n第二段。\n", "x")
    assert (article.body_zh, article.body_en) == ("这是一篇没有标题的文章，提到Beijing。\n第二段。", "")


@pytest.mark.parametrize("line_break", ["\r\n", "\r", "\u2028", "\u2029", "\x85"])
def test_every_kind_of_line_break_separates_lines(line_break: str) -> None:
    text = "Title: T\n\nBody.\n\n<hr />\n\nOriginal:\n\n### 标题\n\n1956-01-02\n第1版()\n专栏：\n正文。\n"
    article = parse_article(text.replace("\n", line_break), "x")
    assert (article.title_en, article.body_en, article.title_zh, article.body_zh) == ("T", "Body.", "标题", "正文。")


def test_undecodable_bytes_raise_with_the_path_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(b"\xef\xbb\xbfTitle: T\n\nab\xc3(\n")
    with pytest.raises(CorpusError) as caught:
        read_article(path, tmp_path)
    assert caught.value.reason == "not valid UTF-8 (byte 0xc3 at offset 15)"
    assert str(caught.value).startswith(f"{path}: ")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_utf16_with_its_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "wide.txt"
    text = "Title: Wide\n\nBody.\n\n<hr />\n\nOriginal:\n\n### 标题\n\n正文。\n"
    path.write_bytes(("\ufeff" if encoding != "utf-16" else "").encode(encoding) + text.encode(encoding))
    article = read_article(path, tmp_path)
    assert (article.title_en, article.title_zh, article.body_zh) == ("Wide", "标题", "正文。")


def test_a_gb18030_file_is_refused_with_how_to_convert_it(tmp_path: Path) -> None:
    path = tmp_path / "gb.txt"
    body = "北京市工业劳动模范代表大会于六日在中山公园中山堂揭幕。"
    path.write_bytes(f"Title: T\n\nBody.\n\n<hr />\n\nOriginal:\n\n### 标题\n\n{body}\n".encode("gb18030"))
    with pytest.raises(CorpusError) as caught:
        read_article(path, tmp_path)
    assert caught.value.reason.startswith("not valid UTF-8 (byte 0xb1 at offset 40)")
    assert caught.value.reason.endswith("it reads as GB18030: convert it with iconv -f GB18030 -t UTF-8")


def test_every_bundled_article_in_gb18030_is_refused_with_how_to_convert_it(tmp_path: Path) -> None:
    """Real articles hold much Chinese punctuation (，。“”、): it is no sign of another encoding."""
    for seed in sorted(SEEDS.glob("*.txt")):
        path = tmp_path / seed.name
        path.write_bytes(seed.read_text(encoding="utf-8").encode("gb18030"))
        with pytest.raises(CorpusError) as caught:
            read_article(path, tmp_path)
        assert caught.value.reason.endswith("convert it with iconv -f GB18030 -t UTF-8"), seed.name


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_file_without_its_byte_order_mark_is_refused_with_how_to_convert_it(tmp_path: Path,
                                                                                    encoding: str) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes((SEEDS / "048_d88a7094f106ca90.txt").read_text(encoding="utf-8").encode(encoding))
    with pytest.raises(CorpusError) as caught:
        read_article(path, tmp_path)
    name = encoding.upper().replace("-LE", "LE").replace("-BE", "BE")
    assert caught.value.reason.endswith(f"it looks like {name} without a byte-order mark: convert it with iconv "
                                        f"-f {name} -t UTF-8")


def test_a_latin1_file_is_not_said_to_be_gb18030(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Title: T\n\nMao met Señor Pérez and Müller in Zürich today.\n".encode("cp1252"))
    with pytest.raises(CorpusError) as caught:
        read_article(path, tmp_path)
    assert caught.value.reason == "not valid UTF-8 (byte 0xf1 at offset 20)"


def test_parse_errors_from_read_article_name_the_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("Title:\nDate: 1956-03-01\n\n<hr />\n\nOriginal:\n", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        read_article(path, tmp_path)
    assert str(caught.value) == f"{path}: no article text found"


ENGLISH_ONLY = "no Chinese original (no Chinese text after `<hr />` and `Original:`); indexed in English only"


def test_broken_sample_files_each_give_their_error_or_warning() -> None:
    reasons = {(Path(item.path).name if isinstance(item, CorpusError) else f"{item.id}.txt"):
               (item.reason if isinstance(item, CorpusError) else article_warnings(item))
               for item in iter_corpus(BAD_SAMPLES)}
    assert reasons == {
        "empty.txt": "empty file",
        "invalid_date.txt": f"invalid date '1956-02-30'; indexed without a date; {ENGLISH_ONLY}",
        "invalid_page.txt": f"invalid page 'two'; indexed without a page; {ENGLISH_ONLY}",
        "no_text.txt": "no article text found",
        "not_utf8.txt": "not valid UTF-8 (byte 0xff at offset 53)",
        "whitespace_only.txt": "empty file",
    }


# --- finding and iterating files ------------------------------------------------------------------------


def test_find_article_files_sorts_and_skips_hidden_readme_and_other_suffixes(tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.md", "a/B.txt", "README.md", "sub/readme.md", ".hidden.txt", ".git/x.txt",
                 "notes.json", "a/.cache/y.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "dir.txt").mkdir()
    found = [path.relative_to(tmp_path).as_posix() for path in find_article_files(tmp_path)]
    assert found == ["a/B.txt", "a/z.md", "b.txt"]
    assert article_relative_paths(tmp_path) == found  # what the indexer plans with: strings, not Paths


@pytest.mark.parametrize("name, reason", [
    ("missing", "corpus directory not found"),
    ("file.txt", "is a file, not a folder of articles: index the folder that holds it")])
def test_find_article_files_rejects_a_missing_or_non_directory_root(tmp_path: Path, name: str, reason: str) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        find_article_files(tmp_path / name)
    assert (caught.value.path, caught.value.reason) == (str(tmp_path / name), reason)


def test_iter_corpus_yields_articles_and_errors_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "c.txt").write_text(BILINGUAL, encoding="utf-8")
    (tmp_path / "a.md").write_text(BILINGUAL, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\xff\xff")
    items = list(iter_corpus(tmp_path))
    assert [type(item) for item in items] == [Article, CorpusError, Article]
    assert [items[0].id, items[2].id] == ["a", "c"]
    assert items[1].path == str(tmp_path / "b.txt")
    assert items[1].reason == "not valid UTF-8 (byte 0xff at offset 0)"


def test_html_character_references_are_read_as_the_characters_they_stand_for() -> None:
    text = ("Title: R&amp;D &#8212; a report\nAuthor: \nDate: 1956-03-01\nPage: 1\n\n"
            "AT&T and R&D stay; &nbsp;spaced; &notice and &madeup; stay as written.\n\n<hr />\n\nOriginal:\n\n"
            "### 科研&amp;开发\n1956-03-01\n第1版()\n\n&lt;人民日报&gt;发表社论&#x3002;\n")
    article = parse_article(text, "refs")
    assert article.title_en == "R&D \u2014 a report"
    assert article.body_en == "AT&T and R&D stay; \u00a0spaced; &notice and &madeup; stay as written."
    assert article.title_zh == "科研&开发"
    assert article.body_zh == "<人民日报>发表社论。"


_CHINESE_PART = "Original:\n\n### 一天\n1956-03-01\n第2版()\n\n正文。\n"


@pytest.mark.parametrize("header", [
    "# Title: A Day\n## Author: Li Ming\n# Date: 1956-03-01\n# Page: 2\n",
    "- Title: A Day\n- Author: Li Ming\n- Date: 1956-03-01\n- Page: 2\n",
])
def test_english_header_keys_may_be_markdown_headings_or_list_items(header: str) -> None:
    article = parse_article(f"{header}\nBody text.\n\n<hr />\n\n{_CHINESE_PART}", "md")
    assert (article.title_en, article.author_en, article.date, article.page) == ("A Day", "Li Ming", "1956-03-01", 2)
    assert article.body_en == "Body text."


@pytest.mark.parametrize("separator", ["---", "***", "_ _ _"])
def test_a_markdown_rule_before_the_original_separates_the_languages(separator: str) -> None:
    text = f"Title: A\nDate: 1956-03-01\nPage: 2\n\nPart one.\n\n---\n\nPart two.\n\n{separator}\n\n{_CHINESE_PART}"
    article = parse_article(text, "rule")
    assert article.body_en == "Part one.\n\n---\n\nPart two."  # a rule inside the text stays text
    assert (article.title_zh, article.body_zh) == ("一天", "正文。")


def test_paragraph_and_inline_html_tags_are_dropped_and_br_is_a_line_break() -> None:
    text = ("<p>Title: A</p>\nDate: 1956-03-01\nPage: 2\n\n<p>One <b>bold</b> line.</p><p>Two.</p>\n"
            "<div class=\"x\"><font color=red>Three</font><br>four.</div>\n\n<hr />\n\n"
            "Original:\n\n### 一天\n1956-03-01\n第2版()\n\n<p>第一段。</p><p>第<span>二</span>段。</p>\n")
    article = parse_article(text, "html")
    assert article.title_en == "A"
    assert article.body_en == "One bold line.\n\nTwo.\nThree\nfour."  # </p><p>: a paragraph break
    assert article.body_zh == "第一段。\n\n第二段。"


def test_a_file_whose_name_holds_a_line_break_is_refused_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "new\nline.txt"
    path.write_text("Title: T\nDate: 1956-03-01\n\nBody.\n", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        read_article(path, tmp_path)
    assert caught.value.reason.startswith("its name holds a line break or another control character")


def test_two_articles_in_one_file_are_indexed_as_one_with_a_warning() -> None:
    one = "Title: T\nDate: 1956-03-01\n\nBody.\n\n<hr />\n\nOriginal:\n\n### 标题\n\n1956年3月1日\n第1版()\n\n正文。\n"
    article = parse_article(one + "\n" + one.replace("Body.", "Second body."), "x")
    assert article.warnings == ("2 `Original:` lines: more than one article in the file? Indexed as one; split it",)
    assert parse_article(one, "y").warnings == ()
