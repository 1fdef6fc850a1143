"""The names a CC-CEDICT definition holds (gloss_names.py)."""

from __future__ import annotations

import pytest

from searchkit.gloss_names import names_in


@pytest.mark.parametrize("definition, names", [
    ("Moscow, capital of Russia", ["Moscow"]),
    ("Chiang Kai-shek (1887-1975), military leader, head of the Nationalist government 1928-1949 and the "
     "government in exile", ["Chiang Kai-shek (1887-1975)"]),  # a description may hold "and" after a long name
    ("Beijing, Shanghai and Guangzhou", []),  # a list of names, not a name and its description
    ("Yan, a vassal state of Zhou in modern Hebei and Liaoning", []),  # one syllable: too often something else
    ("Myanmar (or Burma)", ["Burma"]),
    ("the tens place (or column)", []),
    ("Guomindang or Kuomintang (KMT)", ["KMT", "Guomindang", "Kuomintang"]),
    ("State Department (USA)", []), ("Congress (US)", []), ("Supreme People's Court (PRC)", []),  # qualifiers
    ("Said or Sayed (Arabic name)", []), ("Potter or Porter (surname)", []),  # spellings of a name, not names
    ("to go or to come", []),
    ("Shanghai municipality, central east China, abbr. to 滬|沪[Hu4]", ["Shanghai"]),  # a place before its kind
    ("Wuhan city on Changjiang, subprovincial city and capital of Hubei province", ["Wuhan"]),
    ("Shanxi Province (Shansi) in north China between Hebei and Shaanxi", ["Shanxi Province", "Shanxi"]),
    ("Taihang Mountains on the border between Hebei and Shanxi", ["Taihang Mountains", "Taihang"]),
    ("Yangtze River, or Chang Jiang", ["Yangtze River", "Chang Jiang"]),
    ("Peiping or Beiping (name of Beijing at different periods, esp. 1928-1949)", ["Peiping", "Beiping"]),
    ("Harbin, subprovincial city and capital of Heilongjiang province", ["Harbin"]),  # "and" in a place's kind
    ("Yan mountains in north Hebei", []), ("Mao County in Ngawa", ["Mao County"]),  # one syllable: too often another
    ("Buddhist monk", []), ("The Analects of Confucius", []),  # an adjective, a title: no place
])
def test_names_a_definition_holds(definition, names):
    assert names_in(definition) == names
