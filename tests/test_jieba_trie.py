"""jieba_trie: the trie-backed tokenizer cuts exactly as jieba.dt does, and its cache files are rebuilt when broken."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.analysis import jieba_tokenizer
from searchkit import jieba_trie
from searchkit.jieba_trie import TrieTokenizer, load_dictionary, read_jieba_dictionary
from tests.conftest import seed_texts

jieba.setLogLevel(logging.WARNING)


@pytest.fixture(scope="module")
def stock(stock_jieba):
    return stock_jieba


def test_the_bundled_articles_are_cut_into_jieba_s_words(stock):
    trie = jieba_tokenizer()
    texts = seed_texts()
    assert texts
    for text in texts:
        assert list(trie.cut(text)) == list(stock.cut(text))
        assert list(trie.tokenize(text)) == list(stock.tokenize(text))
        assert list(trie.cut(text, HMM=False)) == list(stock.cut(text, HMM=False))


# Characters of jieba's words and of runs it leaves to its HMM: common, rare, simplified and traditional, with
# punctuation, Latin letters and digits between them.
_ALPHABET = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种"
             "面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去"
             "把性好應該們這個國際經濟發展開會議長門問題鬱龘齉靐饕餮魑魅魍魎" "，。！？、：；“”（）《》 \n" "abcXYZ0123456789.-%")


# Dictionary words (long ones, ones with Latin letters or digits, traditional ones) joined with the characters
# above: runs of known words, of unknown ones, and of both.
_WORDS = ["中华人民共和国", "全国人民代表大会常务委员会", "天安门广场", "人民日报", "T恤", "AA制", "B超", "卡拉OK",
          "劳动模范", "社会主义", "共产党", "北京", "上海", "研究生", "生命", "命运", "长江大桥", "南京市", "市长",
          "江大桥", "和服", "服装", "中國", "經濟", "的", "了", "，", " ", "\n", "3.5%", "1953年"]
_TEXTS = st.one_of(st.text(alphabet=_ALPHABET, max_size=60),
                   st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(_ALPHABET)), max_size=25).map("".join))


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_any_text_is_cut_as_jieba_cuts_it_in_every_mode(stock, text):
    trie = jieba_tokenizer()
    for hmm in (True, False):
        assert list(trie.cut(text, HMM=hmm)) == list(stock.cut(text, HMM=hmm))
        assert list(trie.cut_for_search(text, HMM=hmm)) == list(stock.cut_for_search(text, HMM=hmm))
        assert list(trie.tokenize(text, mode="search", HMM=hmm)) == list(stock.tokenize(text, mode="search", HMM=hmm))
    assert list(trie.cut(text, cut_all=True)) == list(stock.cut(text, cut_all=True))


def test_word_counts_and_the_dag_are_jieba_s(stock):
    trie = jieba_tokenizer()
    assert trie.total == stock.total
    for word in ("中国", "人民日报", "的", "中华人民共和国", "天安门广场"):
        assert trie.FREQ.get(word) == stock.FREQ[word] > 0
        assert word in trie.FREQ
    assert trie.FREQ.get("中华人民共") is None and not stock.FREQ["中华人民共"]  # a prefix: no word
    assert trie.FREQ.get("不是词的串串", 0) == 0
    sentence = "我们在中华人民共和国的首都北京"
    assert dict(trie.get_DAG(sentence).items()) == stock.get_DAG(sentence)


def test_calc_over_a_dag_it_did_not_make_agrees_with_jieba(stock):
    trie = jieba_tokenizer()
    sentence = "他来到了网易杭研大厦"
    dag = stock.get_DAG(sentence)
    ours, theirs = {}, {}
    trie.calc(sentence, dag, ours)
    stock.calc(sentence, dag, theirs)
    assert [ours[i][1] for i in range(len(sentence))] == [theirs[i][1] for i in range(len(sentence))]
    assert ours[0][0] == pytest.approx(theirs[0][0])


def test_the_dictionary_is_read_as_jieba_reads_it(stock):
    counts, total = read_jieba_dictionary()
    assert total == stock.total
    assert {word: count for word, count in counts.items() if count} == {
        word: count for word, count in stock.FREQ.items() if count}


@pytest.mark.parametrize("damage", ["truncated", "garbage", "one byte changed", "removed"])
def test_a_broken_cache_is_rebuilt_and_saved_again(tmp_path, monkeypatch, damage):
    import os
    import shutil

    built = load_dictionary()  # from the session's cache: its file, copied, is the one to damage
    (session_file,) = Path(os.environ["SEARCHKIT_CACHE"]).glob("jieba-trie-*.marisa")
    monkeypatch.setenv("SEARCHKIT_CACHE", str(tmp_path))
    cache_file = Path(shutil.copy(session_file, tmp_path / session_file.name))
    data = cache_file.read_bytes()
    if damage == "truncated":
        cache_file.write_bytes(data[:1000])
    elif damage == "garbage":
        cache_file.write_bytes(b"not a trie" * 10)
    elif damage == "one byte changed":  # the trie's bytes, past the header and arrays: could crash marisa
        cache_file.write_bytes(data[:-100] + bytes([data[-100] ^ 0xFF]) + data[-99:])
    else:
        cache_file.unlink()
    rebuilt = load_dictionary()
    assert rebuilt.total == built.total and len(rebuilt.trie) == len(built.trie)
    assert rebuilt.counts[rebuilt.trie["中国"]] == built.counts[built.trie["中国"]]
    monkeypatch.setattr(jieba_trie, "read_jieba_dictionary", lambda: pytest.fail("the repaired file was not saved"))
    assert load_dictionary().max_word_length == built.max_word_length
    assert not list(tmp_path.glob("*.tmp"))


def test_an_unwritable_cache_directory_only_costs_the_build(tmp_path, monkeypatch, stock):
    blocker = tmp_path / "a file, not a directory"
    blocker.write_text("")
    monkeypatch.setenv("SEARCHKIT_CACHE", str(blocker / "cache"))
    tokenizer = TrieTokenizer()
    assert list(tokenizer.cut("人民日报社论，天安门广场")) == list(stock.cut("人民日报社论，天安门广场"))
    assert tokenizer.initialized


def test_changing_the_dictionary_is_refused():
    tokenizer = jieba_tokenizer()
    for change in (lambda: tokenizer.add_word("新词新词", 10), lambda: tokenizer.del_word("中国"),
                   lambda: tokenizer.load_userdict(["新词 3"]), lambda: tokenizer.set_dictionary("dict.txt"),
                   lambda: tokenizer.suggest_freq("中国", tune=True), lambda: tokenizer.initialize("dict.txt")):
        with pytest.raises(NotImplementedError):
            change()
    assert tokenizer.suggest_freq("中国") == jieba.dt.suggest_freq("中国")  # asking, without tuning, is fine
    assert "新词新词" not in tokenizer.FREQ


def test_a_process_cutting_with_the_trie_never_builds_jieba_s_dictionary():
    script = ("import jieba; from searchkit.analysis import jieba_tokenizer; "
              "words = list(jieba_tokenizer().cut('我们的首都北京')); "
              "print(words, jieba.dt.initialized, len(jieba.dt.FREQ))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    # jieba's own words (checked against jieba.dt), and jieba's dictionary never loaded
    assert result.stdout.strip() == "['我们', '的', '首都北京'] False 0"
