"""How Chinese query strings are cut into the words every match must contain."""

from __future__ import annotations

import pytest

from searchkit.query_words import merge_single_characters


@pytest.mark.parametrize("words, merged", [
    (["吴晗", "海", "瑞"], ["吴晗", "海瑞"]),  # a run of characters is one word, not glued to the word before it
    (["海", "瑞", "吴晗"], ["海瑞", "吴晗"]),
    (["海", "瑞", "罢", "官"], ["海瑞罢官"]),
    (["三千", "五百", "万"], ["三千五百万"]),  # a number is one word
    (["一", "千", "五百"], ["一千五百"]),
    (["统", "一"], ["统一"]),
    (["统", "一", "战线"], ["统一", "战线"]),
    (["人民", "的"], ["人民的"]),  # a lone character joins its neighbour
    (["北京", "的", "人民"], ["北京的", "人民"]),
    (["的", "人民"], ["的人民"]),
    (["十四", "时"], ["十四时"]),
    (["1953", "年"], ["1953年"]),
    (["5", "月份"], ["5月份"]),
    (["第", "5"], ["第5"]),
    (["Beijing", "劳动模范"], ["Beijing", "劳动模范"]),
    (["Beijing", "的"], ["Beijing", "的"]),
    (["的"], ["的"]),
    ([], []),
])
def test_words_cut_too_fine_are_joined(words, merged):
    assert merge_single_characters(words) == merged


def test_the_characters_are_kept_in_order():
    words = ["北京", "模", "范", "三", "千", "工人", "的", "大会", "a", "上"]
    assert "".join(merge_single_characters(words)) == "".join(words)


@pytest.mark.parametrize("text, variants", [
    ("1172.9", ["1,172.9"]),
    ("1,172.9", ["1172.9"]),
    ("from 1172.9 to 1,234,567.25 tons", ["from 1,172.9 to 1,234,567.25 tons", "from 1172.9 to 1234567.25 tons"]),
    ("1.5", []), ("12,345", []), ("6000", []),  # no decimals of four digits or more: one word either way
    ("2003.10.1", []), ("v1172.9", []),  # a date, a version: not numbers to regroup
])
def test_decimal_numbers_are_regrouped_both_ways(text, variants):
    from searchkit.spelling_variants import regrouped_numbers

    assert regrouped_numbers(text) == variants


def test_a_decimal_number_is_found_grouped_or_not(tmp_path):
    from searchkit import Index
    from tests.conftest import built_index, marked

    with Index.open(built_index(tmp_path, {"grouped": {"body_en": "Output reached 1,172.9 million yuan."},
                                           "plain": {"body_en": "Output reached 1172.9 tons."},
                                           "other": {"body_en": "In 1172 there were 9 of them."}})) as index:
        for query in ("1172.9", "1,172.9", '"reached 1172.9"', '"reached 1,172.9"'):
            hits = {hit.id: hit for hit in index.search(query).hits}
            assert sorted(hits) == ["grouped", "plain"], query
            words = "reached " if query.startswith('"') else ""
            assert {name: marked(hit.snippet_en) for name, hit in hits.items()} == {
                "grouped": [f"{words}1,172.9"], "plain": [f"{words}1172.9"]}, query


@pytest.mark.parametrize("text, variants", [
    ("us", ["U.S."]), ("Us and them", ["U.S. and them"]), ("who said it", ["W.H.O. said I.T."]),
    ("US", []), ("U.S.", []), ("WHO", []), ("user trust", []), ("US 1949", []),
    ("LET US", ["LET us", "LET U.S."]), ("WHO/UNICEF", ["who/UNICEF", "W.H.O./UNICEF"]),  # a query in capitals
])
def test_words_that_are_also_acronyms_are_searched_as_the_acronyms_too(text, variants):
    from searchkit.spelling_variants import acronyms_spelled

    assert acronyms_spelled(text) == variants


def test_us_in_capitals_finds_the_country_not_the_pronoun(tmp_path):
    from searchkit import Index
    from tests.conftest import built_index, marked

    with Index.open(built_index(tmp_path, {
        "country": {"title_en": "US troops leave", "body_en": "The U.S. army withdrew. The US said so.",
                    "body_zh": "美国军队撤走了。我们听美国这样说。"},
        "pronoun": {"title_en": "Let us unite", "body_en": "Let us work hard, he told us."},
        "shouted": {"title_en": "LET US UNITE AGAINST THEM", "body_en": "Nothing else."},
        "health": {"title_en": "WHO report", "body_en": "The WHO asked who would come. WHO/UNICEF aid."},
    })) as index:
        def found(query):
            return sorted(hit.id for hit in index.search(query).hits)

        assert found("US") == found("U.S.") == found('"US troops"') == ["country"]
        assert found("us") == ["country", "pronoun", "shouted"]
        assert found('"let us"') == ["pronoun", "shouted"]
        assert found('"LET US"') == found("LET US") == ["pronoun", "shouted"]  # in capitals, like the headline
        assert found("WHO UNICEF") == ["health"] and found("US NOT LET") == ["country"]
        assert found("US's") == found("the US’s") == found("U.S.'s") == found("Ｕ．Ｓ．") == ["country"]
        assert found("us's") == ["country", "pronoun", "shouted"]
        assert found("WHO") == ["health"] and found("who") == ["health"] and found("WHO/UNICEF") == ["health"]
        assert marked(index.search("US").hits[0].snippet_en) == ["U.S.", "US"]
        assert marked(index.search("US").hits[0].aligned_zh) == ["美国", "美国"]  # the country, not 我们
        assert marked(index.search("WHO").hits[0].snippet_en) == ["WHO", "WHO"]
        assert marked(index.search("who").hits[0].snippet_en) == ["WHO", "who", "WHO"]


def test_a_number_with_thousands_commas_finds_the_chinese_text(tmp_path):
    from searchkit import Index
    from tests.conftest import built_index

    with Index.open(built_index(tmp_path, {
        "numerals": {"body_en": "Steel output rose.", "body_zh": "钢产量达到一万二千五百吨。"},
        "digits": {"body_en": "Grain output rose.", "body_zh": "粮食产量达到12500吨。"},
        "other": {"body_en": "Nothing here.", "body_zh": "产量达到一千吨。"},
    })) as index:
        assert sorted(hit.id for hit in index.search("12,500").hits) == ["digits", "numerals"]
        assert sorted(hit.id for hit in index.search("12500").hits) == ["digits", "numerals"]


def test_under_lang_zh_a_latin_word_is_sought_in_chinese_text_but_not_in_the_named_entities_latin(tmp_path):
    from searchkit import Index
    from tests.conftest import built_index

    entities = "\n\n**Named Entities**\n\n友好协会     Youhao Xiehui (Association for Friendship)\n"
    with Index.open(built_index(tmp_path, {
        "entities": {"body_en": "The delegation arrived." + entities, "body_zh": "代表团到达北京。"},
        "latin": {"body_en": "A report on CCTV.", "body_zh": "CCTV报道，石油产量上升。"},
    })) as index:
        assert [hit.id for hit in index.search("CCTV", lang="zh").hits] == ["latin"]
        assert index.search("shi", lang="zh").total == 0  # not Friend*shi*p
        assert index.search('"xiehui"', lang="zh").total == 0
        assert [hit.id for hit in index.search("Xiehui").hits] == ["entities"]  # as English, as before
        assert [hit.id for hit in index.search("友好协会", lang="zh").hits] == ["entities"]
