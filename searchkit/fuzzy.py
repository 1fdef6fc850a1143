"""Fuzzy English words (Beijng~): the index stems of the words within an edit distance of the typed word.

The English fields hold stems, and a stem is often far from its words: Beijing is indexed as beij, two edits from
beijng, and organization as organ. Comparing the typed word with stems would miss them, and would find short stems
(be) for long words. So the stems near any beginning of the typed word are looked up in the index (an automaton
over each segment's terms), and a stem is kept when it lies within the distance of the typed word itself, or when
a known English word (one of CC-CEDICT's glosses) spelled from it with a common ending (beij + ing) stems back to it
and does (Damerau–Levenshtein, as Whoosh counts).
"""

from __future__ import annotations

import math
from typing import Callable

from searchkit.analysis import PAIR_MARK, english_word_stem

# Endings Snowball takes off English words (and a few it changes: happi from happy), longest stripped ones included.
_ENDINGS = ("", "s", "es", "e", "ed", "d", "ing", "er", "ers", "or", "ors", "ion", "ions", "ation", "ations",
            "ization", "izations", "isation", "al", "als", "ally", "ly", "ment", "ments", "ness", "ity", "ities", "y",
            "ies", "ied", "ize", "izes", "ized", "ise", "ised", "ive", "ives", "ous", "ful", "ist", "ists", "ism",
            "isms", "ic", "ical", "ence", "ance", "ences", "ances", "ent", "ents", "ant", "ants", "able", "ible",
            "an", "ans", "ian", "ians", "ese", "eer", "eers", "ship", "ships", "ate", "ates", "ated", "ating", "ator",
            "ators", "ative", "ency", "ancy", "ure", "ures", "age", "ages", "ery", "ary", "ory")
_LONGEST_ENDING = 7  # ization: organization is indexed as organ
_SHORTEST_BEGINNING = 3  # and more than half the word: a shorter stem is reached through the edits (be: being)

_SHORT_WORD = 4  # a longer typed word is not taken for a function word (be, through being; were, where)
FuzzyExpander = Callable[[list[str], str, int], list[tuple[str, float]]]  # (stem, boost)


def edit_distance(first: str, second: str) -> int:
    """Damerau–Levenshtein distance (optimal string alignment: a swap of neighbours is one edit)."""
    before, previous = None, list(range(len(second) + 1))
    for i, char in enumerate(first, 1):
        current = [i]
        for j, other in enumerate(second, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            if before is not None and j > 1 and char == second[j - 2] and first[i - 2] == other:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, previous = previous, current
    return previous[-1]


def word_distance(stem: str, word: str, distance: int, known_words) -> int | None:
    """The fewest edits from `word` to the stem itself, or to a known word (in known_words) made of it and a common
    ending or an ending of the typed word that stems back to it; None if more than `distance`."""
    found = [edit_distance(stem, word)] if abs(len(stem) - len(word)) <= distance else []
    bases = [stem, stem[:-1] + "y"] if stem.endswith("i") else [stem]  # happi: happy, happiness
    bases += [stem + stem[-1]] if stem[-1:].isalpha() else []  # run: running
    endings = dict.fromkeys(_ENDINGS + tuple(word[cut:] for cut in range(1, len(word))))  # imperi + alism
    found += [edit_distance(base + ending, word) for base in bases for ending in endings
              if abs(len(base) + len(ending) - len(word)) <= distance and base + ending in known_words
              and english_word_stem(base + ending) == stem]
    return min(found) if found and min(found) <= distance else None


def _near_a_beginning(word: str, distance: int):
    """A DFA of the strings within `distance` edits of a beginning of the word longer than half of it, no shorter
    than _SHORTEST_BEGINNING nor than the word without _LONGEST_ENDING letters, and starting with its first letter
    (Whoosh's Levenshtein automaton with more final states, and swaps)."""
    from whoosh.automata.fsa import ANY, EPSILON, NFA  # imported by fuzzy searches only

    nfa = NFA((0, 0))
    nfa.add_transition((0, 0), word[0], (1, 0))
    for i in range(1, len(word)):
        for edits in range(distance + 1):
            nfa.add_transition((i, edits), word[i], (i + 1, edits))
            if edits < distance:
                nfa.add_transition((i, edits), ANY, (i, edits + 1))  # a letter more
                nfa.add_transition((i, edits), EPSILON, (i + 1, edits + 1))  # a letter less
                nfa.add_transition((i, edits), ANY, (i + 1, edits + 1))  # another letter
                if i + 1 < len(word):  # two neighbours swapped, one edit (Whoosh's automaton counts two)
                    nfa.add_transition((i, edits), word[i + 1], ("swap", i, edits))
                    nfa.add_transition(("swap", i, edits), word[i], (i + 2, edits + 1))
    shortest = min(len(word), max(_SHORTEST_BEGINNING, len(word) - _LONGEST_ENDING, len(word) // 2 + 1))
    for edits in range(distance + 1):
        if edits < distance:
            nfa.add_transition((len(word), edits), ANY, (len(word), edits + 1))
        for length in range(shortest, len(word) + 1):
            nfa.add_final_state((length, edits))
    return nfa.to_dfa()


def index_fuzzy_expander(reader) -> FuzzyExpander:
    """A function (English field names, folded word, distance) → the index stems of the words within the distance
    of the word, read from the index behind reader, each with its boost (blended_boosts), in stem order."""
    def expand(fieldnames: list[str], word: str, distance: int) -> list[str]:
        from whoosh.codec.base import Automata

        from searchkit.lexicon import english_gloss_words, is_content_word

        automaton, candidates = _near_a_beginning(word, distance), set()
        for leaf, indexed in ((leaf, frozenset(leaf.indexed_field_names())) for leaf, _ in reader.leaf_readers()):
            for fieldname in sorted(indexed.intersection(fieldnames)):
                candidates.update(Automata.find_matches(automaton, leaf.cursor(fieldname)))
        known = english_gloss_words()
        near = {stem: edits for stem in candidates if not stem.startswith(PAIR_MARK)
                and (len(word) <= _SHORT_WORD or is_content_word(stem))  # Beijng~ is not be (being)
                and (edits := word_distance(stem, word, distance, known)) is not None}
        return blended_boosts(near, len(word), lambda stem: max(reader.doc_frequency(name, stem)
                                                                for name in fieldnames), reader.doc_count_all())
    return expand


def blended_boosts(edits_of: dict[str, int], length: int, frequency: Callable[[str], int],
                   documents: int) -> list[tuple[str, float]]:
    """(stem, boost) in stem order. As Lucene blends a fuzzy query's terms, every stem weighs as the commonest of
    them does (its idf), so that a rare word two edits away does not outrank the common word meant, times its
    closeness to the typed word (1 - edits / (length + 1))."""
    idf = {stem: math.log(documents / (frequency(stem) + 1)) + 1 for stem in edits_of}  # Whoosh's idf
    blended = min(idf.values(), default=1.0)
    return [(stem, (1 - edits / (length + 1)) * blended / idf[stem]) for stem, edits in sorted(edits_of.items())]
