"""The archive's own English renderings of Chinese words, where CC-CEDICT lacks them or ranks them low.

The People's Daily's translators write 劳动模范 as "labor model", 粮食 as "grain", 党 as "the Party" and 解放区 as
"liberated area"; CC-CEDICT has "model worker", "foodstuff", "association" and "Liberation city district". These
renderings join CC-CEDICT's glosses (lexicon._definitions_by_word, after them): translating English they rank first,
translating Chinese one of them keeps a place among CC-CEDICT's (cross.english_for_chinese), and they link sentence
pairs in alignment. Kept to the period's staple vocabulary. The lexicon's cached tables carry a digest of this table,
so an edit here rebuilds them.
"""

from __future__ import annotations

ARCHIVE_TERMS: dict[str, tuple[str, ...]] = {
    "劳动模范": ("labor model", "labour model"), "劳模": ("labor model",), "先进生产者": ("advanced producer",),
    "新华社": ("xinhua news agency", "xinhua"), "人民日报": ("people's daily",), "互助组": ("mutual aid team",),
    "增产节约": ("increase production and practice economy", "increased production and conservation"),
    "代表大会": ("representative conference", "congress"),
    # parties, armies, places as the period names them
    "党": ("party", "the Party"), "朝鲜": ("Korea",), "英国": ("Britain", "British", "Great Britain", "UK"),
    "美国": ("America", "American"), "新四军": ("New Fourth Army",), "四人帮": ("Gang of Four",),
    "解放区": ("liberated area",), "抗日战争": ("War of Resistance Against Japan", "Anti-Japanese War"),
    "解放战争": ("War of Liberation", "Liberation War"),
    # the countryside and the economy
    "粮食": ("grain", "food grain"), "生产": ("production",), "建设": ("construction",), "钢铁": ("iron and steel",),
    "中农": ("middle peasant",), "贫下中农": ("poor and lower-middle peasants",), "国营农场": ("state farm",),
    "农业合作社": ("agricultural cooperative",), "农业生产合作社": ("agricultural producers' cooperative",),
    # politics
    "运动": ("movement", "campaign"), "整风": ("rectification", "rectification campaign"), "主席": ("chairman",),
    "右派": ("rightist",), "总路线": ("general line",), "走资派": ("capitalist roader",),
    "社会主义建设": ("socialist construction",), "改革开放": ("reform and opening up", "reform and opening"),
}
SINGLE_CHARACTER_TRANSLATIONS = frozenset(word for word in ARCHIVE_TERMS if len(word) == 1)  # 党: "party"


def translates_alone(chinese_word: str) -> bool:
    """True unless the word is one character: one alone matches too much (labor → 工 would find 工业 and 职工),
    except the archive's own single-character renderings (党 is the Party)."""
    return len(chinese_word) > 1 or chinese_word in SINGLE_CHARACTER_TRANSLATIONS
