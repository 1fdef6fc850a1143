"""Cross-language search (--cross): dictionary pairs drawn from the bundled corpus, and pinyin names."""

from __future__ import annotations

import pytest

ENGLISH_TO_CHINESE = [
    ("drill bit", "钻头", "003_cbd4eb143da268c1"),
    ("labor model", "劳动模范", "003_cbd4eb143da268c1"),
    ("model worker", "劳动模范", "003_cbd4eb143da268c1"),
    ("missile", "导弹", "062_bfd281db6315b7ff"),
    ("Cambodia", "柬埔寨", "039_ffb16e9c4b7d2576"),
    ("election", "选举", "038_046b79a7aee95983"),
    ("prime minister", "首相", "039_ffb16e9c4b7d2576"),
    ("treaty", "条约", "022_6bbc6da3e914558b"),
    ("Romania", "罗马尼亚", "022_6bbc6da3e914558b"),
    ("Macao", "澳门", "032_e66ae2ed5492bd6e"),
    ("World Bank", "世界银行", "059_d7bd9a1fa1bdcb42"),
    ("Tunisia", "突尼斯", "046_0bb83dc634a923ae"),
    ("Pakistan", "巴基斯坦", "054_bd95e0dea04d5209"),
    ("Sweden", "瑞典", "048_d88a7094f106ca90"),
    ("Soviet Union", "苏联", "022_6bbc6da3e914558b"),  # CC-CEDICT: "Soviet Union, 1922-1991"
    ("Chiang Kai-shek", "蒋介石", "024_74ada55ffce71124"),  # "Chiang Kai-shek (1887-1975), military leader, ..."
    ("Kuomintang", "国民党", "024_74ada55ffce71124"),  # "Guomindang or Kuomintang (KMT)"
]
CHINESE_TO_ENGLISH = [
    ("钻头", "drill bit", "003_cbd4eb143da268c1"),
    ("劳动模范", "labor model", "003_cbd4eb143da268c1"),
    ("导弹", "missile", "062_bfd281db6315b7ff"),
    ("条约", "treaty", "022_6bbc6da3e914558b"),
    ("苏联", "soviet union", "022_6bbc6da3e914558b"),
    ("国民党", "kuomintang", "000_05fd5dfb3754b927"),  # not crowded out by the gloss "guomindang or kuomintang"
    ("蒋介石", "chiang kai-shek", "058_e2aa22ecb7295c56"),
]


@pytest.mark.parametrize("english, chinese, article_id", ENGLISH_TO_CHINESE)
def test_english_queries_find_the_chinese_translation(seed_index, english, chinese, article_id):
    results = seed_index.search(english, cross=True, lang="zh", limit=50)
    hit = next(hit for hit in results.hits if hit.id == article_id)
    assert any(t["matched"] == chinese and t["term"] == english and t["kind"] == "zh" for t in hit.translated_from)


@pytest.mark.parametrize("chinese, english, article_id", CHINESE_TO_ENGLISH)
def test_chinese_queries_find_the_english_translation(seed_index, chinese, english, article_id):
    results = seed_index.search(chinese, cross=True, lang="en", limit=50)
    hit = next(hit for hit in results.hits if hit.id == article_id)
    assert any(t["matched"] == english and t["kind"] == "en" for t in hit.translated_from)


def test_pinyin_names_find_the_chinese_name(seed_index):
    results = seed_index.search("Yan Wancun", cross=True, lang="zh")
    [hit] = results.hits
    assert hit.id == "003_cbd4eb143da268c1"
    assert any(t["matched"] == "阎万存" and t["kind"] == "name" for t in hit.translated_from)
    assert "阎万存" in [hit.snippet_zh.text[a:b] for a, b in hit.snippet_zh.spans]  # the name is marked


@pytest.mark.parametrize("query", ["prime minister", "factory", "workers"])
def test_typed_language_ranks_above_translations(seed_index, query):
    typed = {hit.id for hit in seed_index.search(query, limit=100).hits}
    ranked = [hit.id for hit in seed_index.search(query, cross=True, limit=100).hits]
    only_translated = [article_id for article_id in ranked if article_id not in typed]
    assert typed and only_translated  # the translation finds more articles
    assert max(ranked.index(article_id) for article_id in typed) < min(ranked.index(a) for a in only_translated)


def test_the_party_is_the_one_character_translation_used(seed_index):
    from searchkit.cross import chinese_for_typed

    assert chinese_for_typed("party")[0] == "党"  # archive_terms.py: the archive's "the Party"
    assert chinese_for_typed("US")[0] == "美国"
    hits = seed_index.search("party", cross=True, lang="zh", limit=100).hits
    assert sum(any(t["matched"] == "党" for t in hit.translated_from) for hit in hits) >= 5  # 共产党, 党员, 党中央


def test_single_character_translations_are_not_used(seed_index):
    results = seed_index.search("treaty", cross=True, limit=100)
    assert all(len(t["matched"]) > 1 for hit in results.hits for t in hit.translated_from if t["kind"] == "zh")


def test_without_cross_nothing_is_translated(seed_index):
    assert all(hit.translated_from == () for hit in seed_index.search("treaty").hits)


@pytest.mark.parametrize("query", ["苏联 OR 罗马尼亚", "(条约 OR treaty) 苏联", "劳动模范 OR Beijing", "工人 -条约"])
def test_boolean_queries_with_cross(seed_index, query):
    assert seed_index.search(query, cross=True).total >= seed_index.search(query).total


def test_translated_from_looks_in_every_field_cross_search_queries():
    from searchkit.cross import ArticleTexts, Translation, found_in

    article = {"title_en": "A Report", "title_zh": "报道", "body_en": "Nothing here.", "body_zh": "没有。",
               "author_en": "Staff reporter Yan Wancun", "author_zh": "本报记者 阎万存", "column_zh": "钻头专栏",
               "entities": "labor model"}
    texts = ArticleTexts(article)
    assert found_in(Translation("Yan Wancun", "yan wan cun", "name"), texts) == "阎万存"
    assert found_in(Translation("drill bit", "钻头", "zh"), texts) == "钻头"
    assert found_in(Translation("劳动模范", "labor model", "en"), texts) == "labor model"
    assert found_in(Translation("treaty", "条约", "zh"), texts) is None


@pytest.mark.parametrize("query", ["China", "Taiwan", "Beijing"])
def test_a_word_the_dictionary_translates_is_not_read_as_pinyin(query):
    from searchkit.compiler import compile_query
    from searchkit.cross import name_syllables
    from searchkit.query import parse_query

    assert name_syllables(query)  # it could be read as pinyin (chi na, tai wan, bei jing) ...
    kinds = {translation.kind for translation in compile_query(parse_query(query), "zh", cross=True).translations}
    assert kinds == {"zh"}  # ... but the dictionary's translation is used instead


def test_a_name_without_a_translation_is_read_as_pinyin():
    from searchkit.compiler import compile_query
    from searchkit.query import parse_query

    assert {t.kind for t in compile_query(parse_query("Yan Wancun"), "zh", cross=True).translations} == {"name"}


def test_a_chinese_word_glossed_as_an_acronym_finds_the_acronym_not_the_pronoun(seed_index):
    from searchkit.cross import english_for_chinese

    assert {"US", "USA"} <= set(english_for_chinese("美国"))
    hits = seed_index.search("美国", cross=True, lang="en", limit=100).hits
    typed = {hit.id for hit in seed_index.search("US", lang="en", limit=100, snippets=False).hits}
    assert typed and typed <= {hit.id for hit in hits}
    marked = [hit.snippet_en.text[a:b] for hit in hits for a, b in hit.snippet_en.spans]
    assert "US" in marked and "us" not in marked and "Us" not in marked


def test_one_character_translations_leave_room_for_longer_ones():
    from searchkit.cross import MAX_TRANSLATIONS, chinese_for_typed

    words = chinese_for_typed("soul")
    assert len(words) == MAX_TRANSLATIONS and all(len(word) > 1 for word in words) and "灵魂" in words


@pytest.mark.parametrize("adjective, place", [
    ("Chinese", "中国"), ("Soviet", "苏联"), ("Japanese", "日本"), ("Russian", "俄罗斯"), ("German", "德国"),
    ("Indian", "印度"), ("Italian", "意大利"), ("Polish", "波兰"), ("Vietnamese", "越南"), ("Israeli", "以色列"),
    ("Swedish", "瑞典"), ("Turkish", "土耳其"), ("Cuban", "古巴"), ("European", "欧洲"),
])
def test_an_adjective_of_a_place_is_translated_by_the_place_first(adjective, place):
    from searchkit.cross import chinese_for_typed

    assert chinese_for_typed(adjective)[0] == place


@pytest.mark.parametrize("word", ["Party", "Danish", "Scottish", "Sweden", "Vegan", "Human", "Wuhan", "Fugui"])
def test_a_place_is_only_a_name_written_capitalised_and_reached_through_an_adjective_ending(word):
    from searchkit.cross import place_translations

    # Danish is not Dana, Scottish not Scott, Sweden not Swede (瑞典人), Vegan not Vega (织女), Wuhan not Wuhe
    # (五河县), and Fugui, a pinyin name without a translation, is still searched as a name
    assert place_translations(word) == []


def test_a_place_name_s_stem_is_not_a_word_of_its_own():
    from searchkit.cross import place_translations

    assert place_translations("German") == ["德国", "德意志"]  # Germany, not germ (细菌), written lowercase
    assert place_translations("Chinese") == place_translations("chinese") == ["中国", "中华"]  # not china (瓷)


def test_an_english_adjective_finds_its_place_in_chinese_text(seed_index):
    results = seed_index.search("Chinese", cross=True, lang="zh", limit=100)
    assert results.total >= 10  # none before: CC-CEDICT's own "Chinese" words are 中国籍, 语文 and 语数外
    assert all(any(t["matched"] in ("中国", "中华") for t in hit.translated_from) for hit in results.hits)


@pytest.mark.parametrize("chinese, english", [
    ("上海", "shanghai"), ("南京", "nanjing"), ("河北", "hebei"), ("武汉", "wuhan"), ("哈尔滨", "harbin"),
    ("太行山", "taihang"), ("长江", "yangtze river"), ("北平", "peiping"), ("英国", "united kingdom"),
])
def test_a_chinese_place_is_translated_by_its_name_not_its_description(chinese, english):
    from searchkit.cross import english_for_chinese

    translations = english_for_chinese(chinese)
    assert english in translations
    assert not any("," in translation or translation.startswith("also ") for translation in translations)


@pytest.mark.parametrize("english, chinese, not_chinese", [
    ("Nanjing", "南京", "南靖"), ("Wuhan", "武汉", "五河县"), ("Jilin", "吉林省", "吉利区"),
    ("Fujian", "福建", "富士"), ("Xinjiang", "新疆", "新绛县"), ("Changsha", "长沙", "长沙县"),
])
def test_a_pinyin_place_name_is_its_own_place_first(english, chinese, not_chinese):
    from searchkit.cross import chinese_for_typed

    words = chinese_for_typed(english)
    assert chinese in words and not_chinese not in words


def test_an_old_spelling_is_translated_through_its_pinyin_spelling_s_dictionary_word(seed_index):
    results = seed_index.search("Chungking", cross=True, lang="zh", limit=100)
    # 重庆 through "Chongqing"; read as syllables (chong qing) it matched 这种情况 first
    assert results.total and all(t["matched"] == "重庆" for hit in results.hits for t in hit.translated_from)


def test_a_quoted_chinese_word_is_translated_as_the_word_is(seed_index):
    quoted = seed_index.search('"苏联"', cross=True, lang="en", limit=100)
    assert quoted.total == seed_index.search("苏联", cross=True, lang="en", limit=100).total > 0  # it found none
    assert all(any(t["kind"] == "en" for t in hit.translated_from) for hit in quoted.hits)


@pytest.mark.parametrize("chinese, adjective", [
    ("中国", "Chinese"), ("苏联", "Soviet"), ("日本", "Japanese"), ("德国", "German"), ("以色列", "Israeli"),
    ("意大利", "Italian"), ("波兰", "Polish"),
])
def test_a_chinese_place_is_translated_by_its_adjective_too(chinese, adjective):
    from searchkit.cross import english_for_chinese

    translations = english_for_chinese(chinese)
    assert adjective.lower() in map(str.lower, translations)  # once: 德国's own glosses have "german"
    assert len({t.lower() for t in translations}) == len(translations)
    assert not any(translation.endswith("aese") for translation in translations)  # not Chinaese


@pytest.mark.parametrize("chinese", ["马丁", "格陵兰", "复活节", "雅典娜", "古巴"])
def test_a_word_is_given_an_adjective_only_through_a_people_or_language_cc_cedict_writes(chinese):
    from searchkit.cross import english_for_chinese

    # not Martini (马丁尼 is no people of 马丁), Greenish, Eastern, Athenian; nor Cuban, which CC-CEDICT never writes
    assert len(english_for_chinese(chinese)) == 1


def test_the_archive_s_rendering_keeps_a_place_translating_chinese():
    from searchkit.cross import english_for_chinese

    assert "movement" in english_for_chinese("运动")  # after CC-CEDICT's move, exercise, sports, motion


def test_a_chinese_place_finds_english_text_that_names_its_people(seed_index):
    china = {hit.id for hit in seed_index.search("China", lang="en", limit=100, snippets=False).hits}
    chinese = {hit.id for hit in seed_index.search("Chinese", lang="en", limit=100, snippets=False).hits}
    crossed = {hit.id for hit in seed_index.search("中国", cross=True, lang="en", limit=100, snippets=False).hits}
    assert chinese - china and crossed >= china | chinese
