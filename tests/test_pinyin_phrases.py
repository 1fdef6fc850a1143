"""pinyin_phrases: pypinyin without its phrase dictionary in memory answers exactly as pypinyin with it."""

from __future__ import annotations

import json
import subprocess
import sys

import jieba

from searchkit import pinyin_phrases
from searchkit.names import romanize_names


def _sample_texts() -> list[str]:
    """Names from jieba's dictionary, word strings, and texts that are proper prefixes of phrases (where
    pypinyin's segmenter behaves differently: a text that only begins a phrase is read character by character)."""
    lines = jieba.get_dict_file().read().decode("utf-8").splitlines()
    names = [line.split()[0] for line in lines if line.split()[2:3] == ["nr"]][::40]
    words = [line.split()[0] for line in lines][::97]
    phrases = list(pinyin_phrases._pypinyin_phrases())[::25]
    prefixes = [phrase[:-1] for phrase in phrases if len(phrase) > 2]
    joined = ["".join(words[n:n + 3]) for n in range(0, len(words) - 3, 3)]
    return names + prefixes + [p + "人民" for p in prefixes] + joined + ["程长庚", "重庆长江大桥", "银行行长"]


def test_readings_equal_those_of_pypinyin_with_its_whole_phrase_dictionary():
    texts = _sample_texts()
    full = subprocess.run(
        [sys.executable, "-c", "import json, sys; from pypinyin import lazy_pinyin; "
                               "print(json.dumps([lazy_pinyin(t) for t in json.load(sys.stdin)]))"],
        input=json.dumps(texts), capture_output=True, text=True, check=True)
    expected = json.loads(full.stdout)
    assert len(texts) > 5000 and "pypinyin.phrases_dict" not in sys.modules  # the lean path is the one tested
    assert [pinyin_phrases.lazy_pinyin(text) for text in texts] == expected


def test_a_fresh_process_romanizes_names_without_loading_the_phrase_dictionary():
    script = ("import sys; from searchkit.names import romanize_names; print(romanize_names('程长庚  孟庆彪')); "
              "from pypinyin.constants import PHRASES_DICT; "
              "print('pypinyin.phrases_dict' in sys.modules, len(PHRASES_DICT) < 10)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.split("\n")[:2] == ["Cheng Changgeng  Meng Qingbiao", "False True"]
    assert romanize_names("欧阳修 Smith") == "Ouyang Xiu"
