"""English truncation (liberat*): the stems under which the words that begin with a prefix are indexed.

The English fields hold Snowball stems, and a word's stem can be shorter than a prefix of it: liberation and
liberated are indexed as liber, imperialism as imperi, happy as happi. The stems that begin with the prefix miss
them. So a prefix also stands for the stems of the words made by finishing it with one of the endings Snowball
takes off (liberat + ion, imperialis + m, happy + nothing): such a word begins with the prefix, and if the archive
has it, its stem is in the index.
"""

from __future__ import annotations

from functools import lru_cache

from searchkit.analysis import english_word_stem
from searchkit.normalize import exact_key

# What Snowball takes off the words that end in it (the letters after the longest common beginning of a word and
# its stem: liberation → liber: "ation"; happy → happi: "y"; rubbed → rub: "bed"). Gathered from the 48,980
# English words of CC-CEDICT's glosses and the 15,866 of the WMT sentence pairs in benchmarks/data;
# tests/test_truncation.py checks that it holds the ending of every word of the bundled articles.
STRIPPED_ENDINGS = tuple("""
d e l s y al ed er es ic li ls ly or ys als ant ate bed ded eal eds eer eic eli ely ent ers fed ful ged ics ies
ing ion ism iti ity ive ize led ler lic lis med ned ors ous ped red ted yed able ably aled ally ance ancy ants
ated ates ator bing ding eate edly eers eful eing eism eity elis elys ence ency ents eous ered erly fing fuls
ging ible ibly ical iced ings ions isms itis ives ized izer izes lant late lent lers ling lity lize lous ment
ming ness ning ping ring ting ying ables alism ality alize allis ances anted antly ately ating ation ative
ators bings dings eable eably eated eator eered ement ences eness ented ently ering erred fully gings ibles
icals icate icing icity ility ingly ional ioned ities ively ivity izers izing lable lably lance lator lence
lency lible litis lment lying ments nings ously pings rings tedly tings alitis alized ancies anting atedly
ations atives ealing eality eating eement eering efully ements encies enting eously erness ically icated icates
icator icitis ioning ivitis lables lating lation lments nessed nesses ousing pingly tingly ability alities
alizing atingly ational atively ativity eements enesses entedly erative fulness ibility icating ication icative
icities ilities ionally iveness ivities ization lations menting nessing ousness ableness ationals eability
efulness entative ications ionalism ionality izations lization abilities alization ationally entatives
ibilities ationalism entativeness
""".split())
_LONGEST_ENDING = max(map(len, STRIPPED_ENDINGS))


@lru_cache(maxsize=1)
def _rests_by_typed_part() -> dict[str, tuple[str, ...]]:
    """For each beginning of an ending (the part a prefix may already end with, "" included), the rests that
    finish it: "at" → ("ion", "ive", "e", …)."""
    rests: dict[str, list[str]] = {}
    for ending in STRIPPED_ENDINGS:
        for cut in range(len(ending)):
            rests.setdefault(ending[:cut], []).append(ending[cut:])
    return {typed: tuple(dict.fromkeys(finishing)) for typed, finishing in rests.items()}


def finished_words(prefix: str) -> set[str]:
    """The prefix itself, and the prefix finished by each ending (or the rest of an ending it ends with)."""
    rests = _rests_by_typed_part()
    words = {prefix}
    for cut in range(max(0, len(prefix) - _LONGEST_ENDING), len(prefix) + 1):
        words.update(prefix + rest for rest in rests.get(prefix[cut:], ()))
    return words


def prefix_stems(typed: str, own_stem: str) -> tuple[str, list[str]]:
    """What typed* searches in the English fields: the beginning of the stems a Prefix query matches (the typed
    prefix, or its own stem when that begins it: produc*), and, sorted, the stems of the words finished from it
    that such a query misses (liberat* → liber)."""
    folded = exact_key(typed)
    covered = own_stem if folded.startswith(own_stem) else folded
    stems = {english_word_stem(word) for word in finished_words(folded)}
    return covered, sorted(s for s in stems if s and not s.startswith(covered))
