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
def _both_ways() -> dict[str, str]:
    """Every spelling (old or pinyin) → the other."""
    table = dict(OLD_TO_PINYIN)
    for old, new in OLD_TO_PINYIN.items():
        table.setdefault(new, old)
        table.setdefault(old.replace("-", "").replace("'", ""), new)  # written joined: Mao Tsetung, Chou Enlai
    return table


def is_old_name(words: str) -> bool:
    """True when the words (a name of several words, as typed) are one of the table's spellings, old or pinyin."""
    return " ".join(words.replace("’", "'").lower().split()) in _both_ways()


def respelled_names(text: str) -> list[str]:
    """The text with each place, name or body of the table in its other spelling (old ↔ pinyin), if it has any:
    whole words only, the longest name first."""
    table, text = _both_ways(), text.replace("’", "'")
    words = list(_WORD.finditer(text))
    pieces, position, index = [], 0, 0
    while index < len(words):
        for size in range(min(MAX_NAME_WORDS, len(words) - index), 0, -1):
            run = words[index:index + size]
            other = table.get(" ".join(match.group().lower() for match in run))
            if other is not None and all(text[a.end():b.start()].isspace() for a, b in zip(run, run[1:])):
                pieces += [text[position:run[0].start()], other]
                position, index = run[-1].end(), index + size
                break
        else:
            index += 1
    return ["".join(pieces) + text[position:]] if pieces else []
