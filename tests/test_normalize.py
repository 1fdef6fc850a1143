import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit import normalize
from searchkit.normalize import exact_key, fold, fold_char, fold_string


def test_traditional_folds_to_simplified():
    assert fold_string("勞動模範 經濟發展") == "劳动模范 经济发展"


def test_full_width_digits_and_latin_fold_to_half_width_lowercase():
    assert fold_string("１９８９年ＭＧＭ") == "1989年mgm"


def test_accents_are_removed():
    assert fold_string("Méi Zhì Lǐ Chūnhuá") == "mei zhi li chunhua"


def test_offsets_are_identity_when_lengths_match():
    folded = fold("北約的長矛")
    assert folded.text == "北约的长矛"
    assert folded.offsets is None
    assert folded.original_start(3) == 3 and folded.original_end(5) == 5


def test_offsets_map_expanded_characters_back_to_their_source():
    text = "面积５㎡的房"  # ㎡ folds to two characters: m2
    folded = fold(text)
    assert folded.text == "面积5m2的房"
    start = folded.text.index("的")
    assert text[folded.original_start(start)] == "的"
    assert text[folded.original_start(3):folded.original_end(5)] == "㎡"


def test_a_character_folding_to_nothing_or_to_several_keeps_every_offset_on_its_source():
    text = "e\u0301…½ ok"  # a combining accent folds to nothing, … to three characters, ½ to 1⁄2
    folded = fold(text)
    assert folded.text == "e...1⁄2 ok"
    assert folded.offsets == (0, 2, 2, 2, 3, 3, 3, 4, 5, 6)


_FOLDING_VARIETY = st.text(alphabet=st.sampled_from(list("ab 中國…½㎡︰\u0301\u3000ＡＢ，。é")), max_size=40)


@settings(max_examples=200, deadline=None)
@given(_FOLDING_VARIETY)
def test_offsets_point_every_folded_character_at_the_character_it_came_from(text):
    expected = [index for index, char in enumerate(text) for _ in fold_char(char)]
    folded = fold(text)
    assert folded.text == "".join(fold_char(char) for char in text)
    assert list(range(len(text)) if folded.offsets is None else folded.offsets) == expected


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_text_folds_as_each_of_its_characters_does(text):
    """fold() lowers ASCII text without the table: the same as folding it character by character."""
    folded = fold(text)
    assert folded.text == "".join(fold_char(char) for char in text) and folded.offsets is None


_MOSTLY_ASCII = st.lists(st.one_of(st.text(alphabet=st.characters(max_codepoint=127), min_size=4, max_size=24),
                                   st.sampled_from(list("’“\u3000…½㎡é\u0301國Ａ\udcff"))), max_size=8).map("".join)


@settings(max_examples=200, deadline=None)
@given(_MOSTLY_ASCII)
def test_mostly_ascii_text_folds_as_each_of_its_characters_does(text):
    """English with a few other characters is folded run by run: the same text and offsets as character by
    character. A lone surrogate (an argument decoded with surrogateescape) is folded too, not an error."""
    expected = [index for index, char in enumerate(text) for _ in fold_char(char)]
    folded = fold(text)
    assert folded.text == fold_string(text) == "".join(fold_char(char) for char in text)
    assert list(range(len(text)) if folded.offsets is None else folded.offsets) == expected


def test_a_long_text_is_folded_once_for_several_uses(monkeypatch):
    """An article's body is folded by two analyses: the second use takes the first's result. Short texts (query
    words, sentences) are folded each time, and any text folds as its characters do."""
    folded = []
    real = normalize._fold_with_non_ascii
    monkeypatch.setattr(normalize, "_fold_with_non_ascii", lambda text: folded.append(len(text)) or real(text))
    normalize._remembered_fold.cache_clear()
    body, sentence = "國際勞動節Ａ, U.S. ’é\u0301 " * 100, "勞動節"
    assert len(body) >= normalize._REMEMBERED_FOLD_LENGTH > len(sentence)
    for _ in range(2):
        assert fold_string(body) == fold(body).text == "".join(fold_char(char) for char in body)
        assert fold_string(sentence) == "劳动节"
    assert folded == [len(body), len(sentence), len(sentence)]


def test_a_lone_surrogate_is_folded_like_any_character():
    for text in ("\udcff", "labor \udcff model", "劳动\udcff模范"):
        assert fold_string(text) == fold(text).text == "".join(fold_char(char) for char in text)


def test_exact_key_removes_all_white_space():
    assert exact_key("互相学习  共同\n提高\u3000！") == "互相学习共同提高!"


def test_one_definition_of_chinese_characters_covers_every_block():
    from searchkit.align_units import is_chinese_text
    from searchkit.normalize import HAN_CHAR

    assert all(HAN_CHAR.match(char) for char in "㐀中鿿豈𠀀𰀀")  # ext A, unified, compatibility, ext B, ext G
    assert not any(HAN_CHAR.match(char) for char in "aア한。１")
    assert is_chinese_text("𠀀𠀁𠀂 ab")  # the aligner counts extension B as Chinese too


def test_the_fold_table_folds_every_code_point_it_precomputes_as_fold_char_does():
    from searchkit.normalize import PRECOMPUTED_BELOW, _FoldTable, precomputed_folds

    assert len(precomputed_folds()) > 10_000
    table = _FoldTable()  # a fresh one: each code point goes through __missing__ and the precomputed table
    for code in range(PRECOMPUTED_BELOW):
        assert chr(code).translate(table) == fold_char(chr(code)), hex(code)


def test_characters_past_the_precomputed_planes_are_folded_one_by_one():
    from searchkit.normalize import PRECOMPUTED_BELOW

    assert PRECOMPUTED_BELOW <= 0xE0100
    folded = fold("a\U000E0100b")  # a variation selector (plane 14, a combining mark): folds to nothing
    assert (folded.text, folded.offsets) == ("ab", (0, 2))




@pytest.mark.parametrize("damage", ["missing", "truncated", "one byte changed", "intact but not marshal",
                                    "intact but not a table"])
def test_a_broken_fold_table_file_is_built_and_saved_again(fresh_fold_cache, damage):
    import marshal

    from searchkit import normalize
    from searchkit.lexicon_cache import save_checked

    first = normalize.precomputed_folds()
    assert first == {ord("A"): "a", ord("\u0301"): ""}
    (cache_file,) = fresh_fold_cache.glob("fold-table-*.marshal")
    data = cache_file.read_bytes()
    if damage == "truncated":
        cache_file.write_bytes(data[:30])
    elif damage == "one byte changed":
        cache_file.write_bytes(data[:-3] + bytes([data[-3] ^ 0xFF]) + data[-2:])
    elif damage == "intact but not marshal":
        save_checked(b"\xff not marshal data", cache_file)
    elif damage == "intact but not a table":
        save_checked(marshal.dumps(["a", "list"]), cache_file)
    else:
        cache_file.unlink()
    normalize.precomputed_folds.cache_clear()
    assert normalize.precomputed_folds() == first
    assert cache_file.read_bytes() == data  # saved again, intact


@pytest.fixture
def fold_table_reloaded():
    """precomputed_folds() asked afresh in the test, and again after it (the test changes where it looks)."""
    from searchkit import normalize

    normalize.precomputed_folds.cache_clear()
    yield normalize
    normalize.precomputed_folds.cache_clear()


@pytest.fixture
def fresh_fold_cache(tmp_path, monkeypatch, fold_table_reloaded):
    """An empty cache directory, and a precomputed table that is quick to compute (two code points)."""
    monkeypatch.setenv("SEARCHKIT_CACHE", str(tmp_path))
    monkeypatch.setattr(fold_table_reloaded, "changed_folds", lambda: {ord("A"): "a", ord("\u0301"): ""})
    return tmp_path


def test_without_a_writable_cache_directory_each_character_is_folded_on_first_sight(tmp_path, monkeypatch,
                                                                                     fold_table_reloaded):
    blocker = tmp_path / "a file, not a directory"
    blocker.write_text("")
    monkeypatch.setenv("SEARCHKIT_CACHE", str(blocker / "cache"))
    monkeypatch.setattr(fold_table_reloaded, "changed_folds", lambda: pytest.fail("computed with no place to keep"))
    assert fold_table_reloaded.precomputed_folds() is None
    assert "經濟 Ａ".translate(fold_table_reloaded._FoldTable()) == "经济 a"


def test_without_a_home_directory_each_character_is_folded_on_first_sight(monkeypatch, fold_table_reloaded):
    from searchkit import lexicon_cache

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(lexicon_cache, "cache_directory", no_home)
    assert fold_table_reloaded.precomputed_folds() is None
    assert "Café 經".translate(fold_table_reloaded._FoldTable()) == "cafe 经"


@pytest.mark.parametrize("invisible", ["\u200b", "\u00ad", "\u200d", "\u2060", "\ufeff", "\u200e", "\u202a"])
def test_invisible_format_characters_fold_to_nothing_and_keep_offsets_on_their_neighbours(invisible):
    text = f"人民{invisible}日报 co{invisible}operation"
    folded = fold(text)
    assert folded.text == "人民日报 cooperation"
    start = folded.text.index("日报")
    assert text[folded.original_start(start):folded.original_end(start + 2)] == "日报"
    assert text[folded.original_start(0):folded.original_end(4)] == f"人民{invisible}日报"
