"""Older romanizations of Chinese places, names and bodies (postal and Wade–Giles: Peking, Mao Tse-tung,
Kuomintang) and their pinyin, so that a query in either finds text in the other: older translations and older
readers use the first, the archive's newer translations the second.

No library holds these: pypinyin's Wade–Giles style spells characters, not the names as they were written (Peking
is postal, not Wade–Giles; Chiang Kai-shek is Cantonese). The table is the places, leaders and bodies most
searched in the archive's years; a name not in it is searched as typed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

# old spelling → pinyin (lowercase; a name's hyphens and apostrophes as usually written)
_PLACES = {
    "peking": "beijing", "peiping": "beiping", "nanking": "nanjing", "canton": "guangzhou",
    "kwangchow": "guangzhou", "tientsin": "tianjin", "chungking": "chongqing", "hankow": "hankou",
    "amoy": "xiamen", "tsingtao": "qingdao", "mukden": "shenyang", "soochow": "suzhou", "hangchow": "hangzhou",
    "foochow": "fuzhou", "kweilin": "guilin", "yenan": "yan'an", "sinkiang": "xinjiang", "szechwan": "sichuan",
    "szechuan": "sichuan", "kwangtung": "guangdong", "kwangsi": "guangxi", "fukien": "fujian",
    "chekiang": "zhejiang", "kiangsu": "jiangsu", "kiangsi": "jiangxi", "anhwei": "anhui", "shantung": "shandong",
    "shansi": "shanxi", "shensi": "shaanxi", "honan": "henan", "hopei": "hebei", "hopeh": "hebei",
    "hupeh": "hubei", "hupei": "hubei", "kansu": "gansu", "kweichow": "guizhou", "tsinghai": "qinghai",
    "ningsia": "ningxia", "heilungkiang": "heilongjiang", "kirin": "jilin", "jehol": "rehe", "dairen": "dalian",
    "ningpo": "ningbo", "swatow": "shantou", "kalgan": "zhangjiakou", "paotow": "baotou", "tatung": "datong",
    "loyang": "luoyang", "chengchow": "zhengzhou", "tsinan": "jinan", "sian": "xi'an", "lanchow": "lanzhou",
    "sining": "xining", "urumchi": "urumqi", "kiukiang": "jiujiang", "tachai": "dazhai", "taching": "daqing",
    "shihkiachwang": "shijiazhuang", "wusih": "wuxi", "chinkiang": "zhenjiang",
}
_BODIES = {"kuomintang": "guomindang", "hsinhua": "xinhua", "whampoa": "huangpu"}
_PEOPLE = {
    "mao tse-tung": "mao zedong", "chou en-lai": "zhou enlai", "chu teh": "zhu de", "liu shao-chi": "liu shaoqi",
    "liu shao-ch'i": "liu shaoqi", "teng hsiao-ping": "deng xiaoping", "teng hsiao-p'ing": "deng xiaoping",
    "chiang kai-shek": "jiang jieshi", "sun yat-sen": "sun zhongshan", "lin piao": "lin biao",
    "peng teh-huai": "peng dehuai", "ho lung": "he long", "tung pi-wu": "dong biwu", "kao kang": "gao gang",
    "chiang ching": "jiang qing", "hua kuo-feng": "hua guofeng", "hu yao-pang": "hu yaobang",
    "chao tzu-yang": "zhao ziyang", "li hsien-nien": "li xiannian", "yeh chien-ying": "ye jianying",
    "lu hsun": "lu xun", "kuo mo-jo": "guo moruo", "soong ching-ling": "song qingling",
    "chen tu-hsiu": "chen duxiu", "li ta-chao": "li dazhao", "nieh jung-chen": "nie rongzhen",
    "liu po-cheng": "liu bocheng", "chen po-ta": "chen boda", "wang hung-wen": "wang hongwen",
    "chang chun-chiao": "zhang chunqiao", "yao wen-yuan": "yao wenyuan", "peng chen": "peng zhen",
    "po i-po": "bo yibo", "li fu-chun": "li fuchun", "hsi chung-hsun": "xi zhongxun", "lo jui-ching": "luo ruiqing",
    "li li-san": "li lisan", "chang kuo-tao": "zhang guotao", "wang ching-wei": "wang jingwei",
    "yuan shih-kai": "yuan shikai",
}
OLD_TO_PINYIN = {**_PLACES, **_BODIES, **_PEOPLE}
MAX_NAME_WORDS = max(len(name.split()) for name in OLD_TO_PINYIN)


_WORD = re.compile(r"[\w'-]+")


@lru_cache(maxsize=1)
def _groups() -> dict[str, tuple[str, ...]]:
    """Every spelling (pinyin, old, or old written joined: Mao Tsetung) → the other spellings of its group, the
    pinyin first (Sichuan, Szechwan and Szechuan all find each other)."""
    members: dict[str, list[str]] = {}
    for old, new in OLD_TO_PINYIN.items():
        members.setdefault(new, [new]).append(old)
    table: dict[str, tuple[str, ...]] = {}
    for group in members.values():
        for spelling in group:
            table[spelling] = tuple(other for other in group if other != spelling)
        for spelling in group[1:]:
            joined = spelling.replace("-", "").replace("'", "")
            table.setdefault(joined, tuple(group))
    return table


def name_runs(words: list[str], together: Callable[[int], bool] = lambda index: True) -> list[tuple[int, int]]:
    """[start, end) ranges of the words that spell a place, name or body of the table (old, pinyin or joined),
    found left to right, the longest first; together(i) says whether words i and i + 1 may be of one name."""
    runs, index = [], 0
    while index < len(words):
        size = next((size for size in range(min(MAX_NAME_WORDS, len(words) - index), 0, -1)
                     if is_old_name(" ".join(words[index:index + size]))
                     and all(map(together, range(index, index + size - 1)))), 0)
        if size:
            runs.append((index, index + size))
        index += size or 1
    return runs


def is_old_name(words: str) -> bool:
    """True when the words (a name, as typed) are one of the table's spellings, old, pinyin or joined."""
    return _key(words) in _groups()


def respelled_names(text: str) -> list[str]:
    """The text with each place, name or body of the table in another of its spellings, one variant for each
    (the first has them all in pinyin), if the text has any: whole words only, the longest name first."""
    text = text.replace("’", "'")
    found = _names_found(text)
    most = max((len(_groups()[name]) for _, _, name in found), default=0)
    variants = [_replaced(text, found, lambda others, k=k: others[min(k, len(others) - 1)]) for k in range(most)]
    return list(dict.fromkeys(variant for variant in variants if variant != text))


def modernized_names(text: str) -> list[str]:
    """The text with its old spellings (not its pinyin ones) in pinyin, if it has any: `Chou En-lai` read as the
    pinyin Zhou Enlai, never `Xi'an` as the pinyin of its old spelling Sian."""
    text, pinyin = text.replace("’", "'"), set(OLD_TO_PINYIN.values())
    found = [(start, end, name) for start, end, name in _names_found(text) if name not in pinyin]
    return [_replaced(text, found, lambda others: others[0])] if found else []


def _key(words: str) -> str:
    return " ".join(words.replace("’", "'").lower().split())


def _names_found(text: str) -> list[tuple[int, int, str]]:
    """(start, end, spelling) of each name of the table in the text, as whole words apart by white space only."""
    words = list(_WORD.finditer(text))
    runs = name_runs([word.group() for word in words], lambda i: text[words[i].end():words[i + 1].start()].isspace())
    return [(words[start].start(), words[end - 1].end(), _key(" ".join(word.group() for word in words[start:end])))
            for start, end in runs]


def _replaced(text: str, found: list[tuple[int, int, str]], choose) -> str:
    """The text with each found name replaced by choose(its other spellings)."""
    pieces, position = [], 0
    for start, end, name in found:
        pieces += [text[position:start], choose(_groups()[name])]
        position = end
    return "".join(pieces) + text[position:]
