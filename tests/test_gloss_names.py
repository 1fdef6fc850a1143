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
])
def test_names_a_definition_holds(definition, names):
    assert names_in(definition) == names
