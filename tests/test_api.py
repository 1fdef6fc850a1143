"""The Python API and the research features: facets, proximity, prefix, fuzzy, names, suggestions."""

from __future__ import annotations

from collections import Counter

import pytest

from searchkit import Article, Index, Results
from searchkit.errors import ArticleNotFoundError, QuerySyntaxError, UsageError
from searchkit.normalize import exact_key

from conftest import built_index, marked, write_article


def test_open_search_get_round_trip(seed_index_dir, seed_articles):
    with Index.open(seed_index_dir) as index:
        results = index.search("劳动模范", limit=5)
        assert isinstance(results, Results) and results.total == 1
        article = index.get(results.hits[0].id)
    assert isinstance(article, Article)
    assert article == next(a for a in seed_articles if a.id == article.id)


def test_get_unknown_id(seed_index):
    with pytest.raises(ArticleNotFoundError):
        seed_index.get("nope")


@pytest.mark.parametrize("facet, value_of", [
    ("year", lambda a: a.date[:4]),
    ("month", lambda a: a.date[:7]),
    ("page", lambda a: a.page),
    ("column", lambda a: a.column_zh),
    ("author", lambda a: a.author_en.strip() or a.author_zh.strip()),
])
@pytest.mark.parametrize("query", ["的", "the", "NOT zzzz"])
def test_facet_counts_equal_a_brute_force_count(seed_index, seed_articles, facet, value_of, query):
    results = seed_index.search(query, limit=3, facets=[facet])
    matched = {hit.id for hit in seed_index.search(query, limit=1000, snippets=False).hits}
    expected = Counter(value_of(a) for a in seed_articles if a.id in matched and value_of(a) not in ("", None))
    assert {count.value: count.count for count in results.facets[facet]} == expected
    assert len(results.hits) == 3  # counted over all matches, not the page shown


def test_facets_respect_date_filters(seed_index):
    results = seed_index.search("的", facets=["year"], date_from="1950", date_to="1959")
    assert [count.value for count in results.facets["year"]] == ["1953", "1956"]


def test_unknown_facet(seed_index):
    with pytest.raises(UsageError):
        seed_index.search("的", facets=["weekday"])


@pytest.fixture(scope="module")
def research_index(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    write_article(corpus, "near.txt", body_en="The advanced and skilled producers met.",
                  body_zh="劳动光荣的模范人物。", author_en="Mei Zhi (Méi Zhì)", author_zh="梅志")
    write_article(corpus, "far.txt", body_en="Advanced methods were shown; many years later the producers came.",
                  body_zh="劳动是光荣的，我们今天在大会上表彰了很多位来自全国各地的模范。", author_zh="孟庆彪")
    write_article(corpus, "other.txt", body_en="Production of products rose.", body_zh="生产增加。")
    index_dir = tmp_path_factory.mktemp("index")
    Index.build(index_dir, corpus)
    with Index.open(index_dir) as index:
        yield index


def ids(index, query):
    return sorted(hit.id for hit in index.search(query, limit=100).hits)


def test_proximity_in_both_languages(research_index):
    assert ids(research_index, '"advanced producers"~3') == ["near"]
    assert ids(research_index, '"advanced producers"~10') == ["far", "near"]
    assert ids(research_index, '"劳动 模范"~3') == ["near"]
    assert ids(research_index, '"劳动 模范"~30') == ["far", "near"]


def test_prefix_and_fuzzy_english_terms(research_index):
    assert ids(research_index, "produc*") == ["far", "near", "other"]
    assert ids(research_index, "producrs~1") == ["far", "near", "other"]  # producr ~ produc, product
    assert ids(research_index, "methds~1") == ["far"]
    assert ids(research_index, "mthds~1") == []
    assert ids(research_index, "producrs") == []


def test_prefix_fuzzy_and_spelling_never_reach_pair_terms(research_index):
    from searchkit.analysis import PAIR_MARK

    reader = research_index._searcher.reader()
    indexed = [term for term in reader.lexicon("body_en")]
    assert any(term.startswith(PAIR_MARK.encode()) for term in indexed)  # "the producers", "of products"
    expansions = [*reader.expand_prefix("body_en", "the"), *reader.expand_prefix("body_en", "of"),
                  *reader.terms_within("body_en", "thee", 2, prefix=1)]
    texts = [term.decode() if isinstance(term, bytes) else term for term in expansions]
    assert texts and not any(PAIR_MARK in term for term in texts)
    assert ids(research_index, "th*") == ["far", "near"]  # "the": no pair term adds or loses an article


@pytest.mark.parametrize("query", ['author:"Mei Zhi"', 'author:"Zhi Mei"', "author:méi", "author:MEI",
                                   'author:"Méi Zhì"', "author:梅志"])
def test_author_names_with_or_without_tones_in_either_order(research_index, query):
    assert ids(research_index, query) == ["near"]


def test_author_found_by_pinyin_of_the_chinese_name(research_index):
    assert ids(research_index, "author:meng") == ["far"]
    assert ids(research_index, 'author:"Meng Qingbiao"') == ["far"]


def test_english_folding_applies_to_body_text(research_index):
    assert ids(research_index, "méthods") == ["far"]


def test_suggestions_for_misspelt_english(seed_index):
    results = seed_index.search("prodocers")
    assert results.total == 0
    assert results.suggestions[0] == "producers"
    assert all(seed_index.search(s).total > 0 for s in results.suggestions)


def test_suggestions_for_chinese_with_one_character_fewer(seed_index):
    results = seed_index.search('"劳动模范们"')
    assert results.suggestions == ['"劳动模范"']
    assert seed_index.search('"先进生产者代表会议开"').suggestions[0] == '"先进生产者代表会议"'


def test_no_suggestions_when_there_are_enough_hits(seed_index):
    assert seed_index.search("的").suggestions == []


def test_suggestions_can_be_turned_off(seed_index):
    assert seed_index.search("prodocers", suggestions=False).suggestions == []


def test_numeral_equivalence_on_the_seeds(seed_index, seed_articles):
    spellings = ("1953年", "一九五三年")
    expected = {a.id for a in seed_articles if any(s in exact_key(a.title_zh + a.body_zh) for s in spellings)}
    assert expected
    for spelling in spellings:
        assert {hit.id for hit in seed_index.search(spelling, limit=100).hits} >= expected
    assert {hit.id for hit in seed_index.search('"一九五三年"', limit=100).hits} == {
        a.id for a in seed_articles if "一九五三年" in exact_key(a.title_zh + a.body_zh)}  # quoted: literal


def test_aligned_passages_mark_translations_both_ways(seed_index):
    [hit] = seed_index.search("drill bit").hits
    marked = [hit.aligned_zh.text[a:b] for a, b in hit.aligned_zh.spans]
    assert "钻头" in marked
    assert "钻头" in hit.aligned_zh.text and "drill bit" in hit.snippet_en.text
    labor = seed_index.search("劳动模范").hits[0]
    assert "Labor Model" in [labor.aligned_en.text[a:b] for a, b in labor.aligned_en.spans]


def test_aligned_passage_comes_from_the_beads_of_the_snippet(seed_index):
    hit = seed_index.search('"advanced producers"').hits[0]
    pairs = seed_index.parallel(hit.id)
    first_fragment = hit.snippet_en.text.split(" … ")[0].strip("… ")
    bead = next(pair for pair in pairs if first_fragment[:40] in " ".join(pair.en.split()))
    assert " ".join(bead.zh.split())[:10] in hit.aligned_zh.text


@pytest.mark.parametrize("query, side, quotation", [
    ('"揭幕。出席"', "zh", "揭幕。出席"), ('"Zhongshan Park. Five hundred"', "en", "Zhongshan Park. Five hundred")])
def test_a_quotation_across_a_full_stop_is_marked(seed_index, query, side, quotation):
    snippet = getattr(seed_index.search(query).hits[0], f"snippet_{side}")
    assert [snippet.text[a:b] for a, b in snippet.spans] == [quotation]


def test_matches_in_titles_are_marked(seed_index):
    from searchkit.render import render_results

    results = seed_index.search('"the people"', limit=50)
    hit = next(hit for hit in results.hits if hit.id == "028_00b17ef915103adc")
    assert [hit.title_en[a:b] for a, b in hit.title_spans_en] == ["the People"]
    labor = seed_index.search("劳动模范").hits[0]
    assert [labor.title_zh[a:b] for a, b in labor.title_spans_zh] == ["劳动模范"]
    assert "\n   北京市召开工业[劳动模范]代表大会  动员" in render_results(seed_index.search("劳动模范"), "text")


def test_suggestions_never_touch_field_names(seed_index):
    suggestions = seed_index.search("date:1956 dat").suggestions
    assert suggestions  # "dat" is rewritten ...
    assert all(suggestion.startswith("date:1956 ") for suggestion in suggestions)  # ... "date:1956" never is
    for suggestion in suggestions:
        seed_index.search(suggestion)  # and every suggestion is a valid query


@pytest.mark.parametrize("pasted, spaced", [("运动。到", "运动 到"), ("人。大会", "人 大会"), ("简章，要", "简章 要")])
def test_punctuation_in_an_unquoted_chinese_query_parts_words_as_a_space_does(seed_index, seed_articles, pasted,
                                                                              spaced):
    """运动 and 到 are required apart (运动到 is in no article), and an article with the string as pasted ranks
    first. Pasting a whole paragraph finds its article."""
    found = [hit.id for hit in seed_index.search(pasted, limit=100).hits]
    assert sorted(found) == sorted(hit.id for hit in seed_index.search(spaced, limit=100).hits) and found
    holding = [a.id for a in seed_articles if pasted in a.body_zh]
    assert holding and found[0] in holding
    paragraph = max(seed_articles[0].body_zh.split("\n"), key=len).strip()
    assert seed_articles[0].id in [hit.id for hit in seed_index.search(paragraph).hits]


def test_chinese_proximity_is_the_same_in_either_order(tmp_path):
    corpus = tmp_path / "corpus"
    for gap in range(5):
        write_article(corpus, f"gap{gap}.txt", body_zh="甲乙" + "的" * gap + "丙丁。")
    Index.build(tmp_path / "ix", corpus)
    with Index.open(tmp_path / "ix") as index:
        forward = ids(index, '"甲乙 丙丁"~3')
        assert forward == ["gap0", "gap1", "gap2", "gap3"]
        assert ids(index, '"丙丁 甲乙"~3') == forward


def test_english_proximity_matches_are_highlighted(research_index):
    [hit] = research_index.search('"advanced producers"~3').hits
    marked = [hit.snippet_en.text[a:b] for a, b in hit.snippet_en.spans]
    assert marked == ["advanced", "producers"]


def test_stats_count_only_the_articles_still_indexed(tmp_path):
    corpus = tmp_path / "corpus"
    for year in range(1950, 1955):
        write_article(corpus, f"y{year}.txt", title_zh="年份", body_zh="文章。", date=f"{year}-06-01")
    Index.build(tmp_path / "ix", corpus)
    (corpus / "y1950.txt").unlink()
    (corpus / "y1954.txt").unlink()
    Index.build(tmp_path / "ix", corpus)  # incremental: the deleted articles' terms stay in the segment
    with Index.open(tmp_path / "ix") as index:
        stats = index.stats()
    assert (stats.documents, stats.date_min, stats.date_max) == (3, "1951-06-01", "1953-06-01")


def test_a_build_leaves_the_lexicon_tables_searches_read(tmp_path, monkeypatch):
    """The first search after indexing on a new machine must not spend seconds building CC-CEDICT's tables: the
    build opens them (building them if need be; that the tables are built and saved is test_lexicon's)."""
    from searchkit import lexicon

    opened = []
    monkeypatch.setattr(lexicon, "prepare_search_tables", lambda: opened.append("tables"))
    write_article(tmp_path / "corpus", "a.txt", title_en="Model workers", title_zh="劳动模范")
    Index.build(tmp_path / "index", tmp_path / "corpus")
    assert opened == ["tables"]
    opened.clear()
    Index.build(tmp_path / "index", tmp_path / "corpus")  # nothing to do: the tables are opened all the same
    assert opened == ["tables"]


def test_words_are_found_and_marked_across_invisible_format_characters(tmp_path):
    """Text pasted from the web carries zero-width spaces and soft hyphens inside words."""
    corpus = tmp_path / "corpus"
    write_article(corpus, "zwsp.txt", body_en="Economic co\u00adoperation grew.", body_zh="人民\u200b日报发表社论。")
    write_article(corpus, "plain.txt", body_en="Nothing here.", body_zh="别的文章。")
    Index.build(tmp_path / "ix", corpus)
    with Index.open(tmp_path / "ix") as index:
        for query in ('"人民日报"', "人民日报", "cooperation", '"economic cooperation"'):
            hits = index.search(query).hits
            assert [hit.id for hit in hits] == ["zwsp"], query
        chinese = index.search('"人民日报"').hits[0].snippet_zh
        english = index.search("cooperation").hits[0].snippet_en
    assert [chinese.text[a:b] for a, b in chinese.spans] == ["人民\u200b日报"]
    assert [english.text[a:b] for a, b in english.spans] == ["co\u00adoperation"]


def test_the_section_of_the_page_is_searched_only_when_named(tmp_path):
    corpus = tmp_path / "corpus"
    write_article(corpus, "supplement.txt", body_zh="一首诗。", section="副刊")
    write_article(corpus, "mentions.txt", body_zh="他在副刊发表文章。", section="国内新闻")
    write_article(corpus, "economy.txt", body_zh="工厂增产。", section="国内专页（经济）")
    Index.build(tmp_path / "ix", corpus)
    with Index.open(tmp_path / "ix") as index:
        assert [hit.id for hit in index.search("section:副刊").hits] == ["supplement"]
        assert [hit.id for hit in index.search("副刊").hits] == ["mentions"]
        assert [hit.id for hit in index.search('section:"专页（经济"').hits] == ["economy"]
        assert [hit.id for hit in index.search("section:经济 工厂").hits] == ["economy"]
        assert index.search("section:副刊 -诗").total == 0


@pytest.mark.parametrize("query", ["co-operation", "cooperation", '"economic co-operation"',
                                   '"economic cooperation"', "coop*", "coperation~"])
def test_hyphenated_and_joined_spellings_find_each_other(tmp_path, query):
    corpus = tmp_path / "corpus"
    write_article(corpus, "joined.txt", body_en="Economic cooperation with Chiang Kaishek's men.")
    write_article(corpus, "hyphenated.txt", body_en="Economic co-operation with Chiang Kai-shek in 1950-1955.")
    write_article(corpus, "apart.txt", body_en="The co is an operation of the state in 1950.")
    Index.build(tmp_path / "ix", corpus)
    with Index.open(tmp_path / "ix") as index:
        hits = {hit.id: hit for hit in index.search(query).hits}
        assert sorted(hit.id for hit in index.search("Kai-shek").hits) == ["hyphenated", "joined"]
        assert sorted(hit.id for hit in index.search("Kaishek").hits) == ["hyphenated", "joined"]
        assert [hit.id for hit in index.search("1950-1955").hits] == ["hyphenated"]  # digits are not joined
    assert sorted(hits) == ["hyphenated", "joined"]
    marked = {name: [hit.snippet_en.text[a:b] for a, b in hit.snippet_en.spans] for name, hit in hits.items()}
    if query.startswith('"'):
        assert marked == {"joined": ["Economic cooperation"], "hyphenated": ["Economic co-operation"]}
    else:
        assert marked == {"joined": ["cooperation"], "hyphenated": ["co-operation"]}


@pytest.fixture(scope="module")
def hyphenated_index(tmp_path_factory):
    with Index.open(built_index(tmp_path_factory.mktemp("hyphenated"), {
        "older": {"body_en": "The co-operation between the two co-operative farms grew in the post-war years of "
                             "peaceful co-existence. A counter-revolutionary war broke out."},
        "newer": {"body_en": "The cooperation between the two cooperative farms grew in the postwar years of "
                             "peaceful coexistence. A counterrevolutionary war broke out."},
        "other": {"body_en": "A co is an operation between farms; post and war years."},
    })) as index:
        yield index


@pytest.mark.parametrize("query, marked", [
    ('"cooperation between"', "co-operation between"),  # the phrase goes on after the hyphenated word
    ('"the cooperation"', "The co-operation"),  # a common word before it (pair terms hold the words as written)
    ('"cooperative farms"', "co-operative farms"),
    ('"postwar years"', "post-war years"),
    ('"the cooperation between the two cooperative farms"', "The co-operation between the two co-operative farms"),
    ('"coexistence"', "co-existence"),
    ('"counterrevolutionary war"', "counter-revolutionary war"),  # counter, not co, before unterrevolutionary
])
def test_a_phrase_with_a_word_written_whole_finds_it_hyphenated(hyphenated_index, query, marked):
    hits = {hit.id: hit for hit in hyphenated_index.search(query).hits}
    assert sorted(hits) == ["newer", "older"]
    older = hits["older"].snippet_en
    assert [older.text[a:b] for a, b in older.spans] == [marked]


def test_a_date_with_or_without_an_ordinal_ending_finds_both(tmp_path):
    with Index.open(built_index(tmp_path, {
        "ordinal": {"body_en": "Xinhua News Agency, May 31st - The delegation left."},
        "plain": {"body_en": "On May 31 the delegation arrived."},
        "other": {"body_en": "On May 13 nothing happened."},
    })) as index:
        for query in ('"May 31"', '"May 31st"', "31st"):
            hits = {hit.id: marked(hit.snippet_en) for hit in index.search(query).hits}
            assert sorted(hits) == ["ordinal", "plain"], query
        assert {hit.id: marked(hit.snippet_en) for hit in index.search('"May 31"').hits}["ordinal"] == ["May 31st"]


def test_threads_sharing_one_index_get_what_searches_one_after_another_get(seed_index_dir):
    from concurrent.futures import ThreadPoolExecutor

    queries = ["劳动模范", "labor model", '"advanced producers"', "北京 OR 上海", "the", "人民", "date:1956 工业",
               "prodocers", "Beijng~", "cooperation"] * 4
    with Index.open(seed_index_dir) as index:
        alone = [index.search(query).to_json() for query in queries]
        with ThreadPoolExecutor(8) as pool:
            shared = list(pool.map(lambda query: index.search(query).to_json(), queries))
    assert shared == alone


def test_a_closed_index_says_so_and_closes_again_quietly(seed_index_dir):
    index = Index.open(seed_index_dir)
    index.close()
    index.close()
    for call in (lambda: index.search("劳动"), index.stats, lambda: index.get("003_cbd4eb143da268c1")):
        with pytest.raises(UsageError, match="is closed"):
            call()
    with Index.open(seed_index_dir) as opened:
        opened.close()  # and the with block's own close does nothing


def test_an_open_index_reads_the_new_generation_after_a_rebuild_and_its_own_view_through_an_update(tmp_path):
    folder = built_index(tmp_path, {"one": {"body_en": "Labor models met."}, "two": {"body_en": "Steel rose."}})
    with Index.open(folder) as index:
        assert [hit.id for hit in index.search("labor").hits] == ["one"]
        write_article(tmp_path / "corpus", "three.txt", body_en="More labor models met.")
        Index.build(folder, tmp_path / "corpus", rebuild=True)  # removes the generation the index was reading
        assert sorted(hit.id for hit in index.search("labor").hits) == ["one", "three"]  # not ids of ""
        assert index.stats().documents == 3 and index.get("three").body_en == "More labor models met."
        write_article(tmp_path / "corpus", "four.txt", body_en="Labor models again.")
        Index.build(folder, tmp_path / "corpus")  # an update: the open index keeps what it read
        assert sorted(hit.id for hit in index.search("labor").hits) == ["one", "three"]
    with Index.open(folder) as reopened:
        assert sorted(hit.id for hit in reopened.search("labor").hits) == ["four", "one", "three"]


def _ids(index, query: str, **options) -> set[str]:
    return {hit.id for hit in index.search(query, limit=1000, snippets=False, **options).hits}


@pytest.mark.parametrize("near, alone", [
    ('"劳动 模范"~5 OR 北京', ['"劳动 模范"~5', "北京"]),
    ('title:("劳动 模范"~5 OR 北京)', ['title:"劳动 模范"~5', "title:北京"]),
    ('"劳动 模范"~5 OR "labor model"~2', ['"劳动 模范"~5', '"labor model"~2']),
])
def test_chinese_proximity_inside_or_is_the_union(seed_index, near, alone):
    assert _ids(seed_index, near) == set().union(*(_ids(seed_index, query) for query in alone)) != set()


def test_chinese_proximity_in_traditional_characters(seed_index):
    assert _ids(seed_index, '"為著 鞏固"~2') == _ids(seed_index, '"为着 巩固"~2') != set()


@pytest.mark.parametrize("query", ['"北京。"~5', '"。"~5', '"😀北京"~5', '"京市"~3'])
def test_a_one_piece_proximity_with_characters_words_do_not_hold_is_the_exact_string(seed_index, query):
    assert _ids(seed_index, query) == _ids(seed_index, query.rsplit("~", 1)[0])


def test_invisible_characters_pasted_into_a_query_are_ignored(seed_index):
    assert _ids(seed_index, "Beijng~\u200b") == _ids(seed_index, "Beijng~") != set()
    assert _ids(seed_index, "produc*\u200b") == _ids(seed_index, "produc*") != set()
    with pytest.raises(QuerySyntaxError):
        seed_index.search("北京~\u200b")


@pytest.mark.parametrize("query", ['"北京 Beijing"', '"（"', '"五三may"'])
def test_lang_zh_does_not_match_the_english_half_of_named_entities(seed_index, query):
    for hit in seed_index.search(query, lang="zh", limit=1000).hits:
        assert hit.snippet_zh.spans or hit.title_spans_zh, hit.id


@pytest.mark.parametrize("query", ['entities:"扎法尔·阿斯拉姆"', '"扎法尔·阿斯拉姆"', 'entities:"卡尔—比尔格尔·布隆达尔"'])
def test_a_foreign_name_with_name_punctuation_is_found_in_named_entities(seed_index, query):
    assert seed_index.search(query, snippets=False).total >= 1

