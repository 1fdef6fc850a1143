"""Compile a parsed query into a Whoosh query, routing each piece to the English or Chinese fields by script.

Routing rules:
- A term without Chinese characters is analysed as English (stemmed) and searched in the English fields; a term
  that is all digits is also searched as an exact string in the Chinese fields.
- A term with Chinese characters is segmented into words (of the index's vocabulary, see query_words.py): an
  article must contain every Chinese word as an exact string (so segmentation differences between query and
  article never lose a match), and articles containing the whole term exactly rank first. Latin words inside
  such a term go to the English fields.
- A quoted string with Chinese characters matches exactly the articles whose folded Chinese text contains it
  (white space ignored); a quoted English string is a stemmed phrase (N words of slack: `"..."~N`); --cross
  translates both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from whoosh import query as wq

from searchkit import query as ast
from searchkit.acronyms import acronym_meaning
from searchkit.analysis import (
    character_grams, clean_english_token, english_analyzer, has_han, phrase_lookup_terms, segment_words)
from searchkit.cross import (
    TRANSLATION_BOOST, Translation, characters_for, chinese_for_typed, english_for_chinese, name_syllables)
from searchkit.date_ranges import date_range_query
from searchkit.errors import QuerySyntaxError, UsageError
from searchkit.normalize import exact_key, fold_string
from searchkit.numerals import numeral_variants
from searchkit.old_spellings import modernized_names, name_runs
from searchkit.phrase import AdjacentPhrase, span_near
from searchkit.query_scores import ConstantScore, ScoreOffset
from searchkit.query_words import BETWEEN_PUNCTUATION, is_latin, merge_single_characters
from searchkit.schema import (
    DEFAULT_FIELDS, LOGICAL_FIELDS, LogicalField, chinese_string_fields, latin_in_chinese_fields)
from searchkit.spelling_variants import shouted_acronyms_as_either, ungrouped_integer, variant_texts
from searchkit.traditional import traditional_words_as_either
from searchkit.truncation import prefix_stems

if TYPE_CHECKING:
    from searchkit.fuzzy import FuzzyExpander

EXACT_WHOLE_STRING_SCORE = 1000.0
TYPED_MATCH_BONUS = 10_000.0  # with --cross, above any score a translation alone can reach
LANGS = ("all", "zh", "en")


@dataclass
class MatchTargets:
    """What the highlighter should mark: English stems and stem phrases, and exact Chinese strings (folded)."""

    english_terms: set[str] = field(default_factory=set)
    english_phrases: set[tuple[str, ...]] = field(default_factory=set)
    english_prefixes: set[str] = field(default_factory=set)
    english_fuzzy: set[tuple[str, int]] = field(default_factory=set)  # (stem, maximum edit distance)
    english_words: set[str] = field(default_factory=set)  # words and phrases as typed (lowercase), to translate
    chinese_strings: set[str] = field(default_factory=set)


@dataclass
class CompiledQuery:
    query: wq.Query
    targets: MatchTargets
    translations: list[Translation] = field(default_factory=list)  # with cross=True
    ignored: list[str] = field(default_factory=list)  # Chinese words --lang en cannot look up (without cross)


def english_stems(text: str) -> list[str]:
    return [token.text for token in english_analyzer()(text)]


def exact_chinese(key: str, fields: list[LogicalField]) -> wq.Query:
    """Articles whose folded Chinese text in one of the fields contains key (white space already removed)."""
    grams = character_grams(key)
    if len(grams) == 1:
        return wq.Or([wq.Term(f.chinese_exact, grams[0], boost=f.weight) for f in fields])
    return wq.Or([AdjacentPhrase(f.chinese_exact, grams, slop=1, boost=f.weight) for f in fields])


def _character_span(field_name: str, key: str) -> wq.Query:
    """A span over the exact field covering every character of key (unigrams at consecutive positions)."""
    if len(key) == 1:
        return wq.Term(field_name, key)
    return span_near([wq.Term(field_name, char) for char in key], slop=1)


def _english_phrase(stems: list[str], fields: list[LogicalField], slop: int = 1) -> wq.Query:
    with_english = [f for f in fields if f.english]
    if not with_english or not stems:
        return wq.NullQuery
    terms = phrase_lookup_terms(stems) if slop == 1 else stems  # pairs hold only adjacent stems
    if len(terms) == 1:
        return wq.Or([wq.Term(f.english, terms[0], boost=f.weight) for f in with_english])
    return wq.Or([AdjacentPhrase(f.english, terms, slop=slop, boost=f.weight) for f in with_english])


def other_spellings(text: str, stems: list[str], fields: list[LogicalField], targets: MatchTargets,
                    slop: int = 0, in_phrase: bool = False) -> list[wq.Query]:
    """The text's other spellings (spelling_variants.variant_texts: labour finds labor, Peking Beijing, 1172.9
    1,172.9, co-operation cooperation), each searched as a phrase and marked; the words as written are matched by
    the caller."""
    queries, seen = [], [stems]
    for variant in variant_texts(text, in_phrase):
        variant_stems = english_stems(variant) if variant != text else stems
        if variant_stems and variant_stems not in seen:
            seen.append(variant_stems)
            queries.append(_other_spelling(variant_stems, fields, targets, slop))
    return queries


def _other_spelling(stems: list[str], fields: list[LogicalField], targets: MatchTargets, slop: int) -> wq.Query:
    """The stems of another spelling of a phrase, marked for the highlighter (as words when they need not be
    adjacent or are one word, else as a phrase) and searched as a phrase."""
    if slop or len(stems) == 1:
        targets.english_terms.update(stems)
    else:
        targets.english_phrases.add(tuple(stems))
    return _english_phrase(stems, fields, slop=1 + slop)


def jieba_segment(key: str) -> list[str]:
    """Words of a folded string by jieba (used when no index vocabulary is at hand)."""
    return [word for word, _, _ in segment_words(key)]


def names_as_phrases(children: tuple) -> tuple:
    """Runs of plain capitalised words that spell a name of several words in old_spellings' table, old or pinyin
    (Chou En-lai, Zhou Enlai), as one phrase each: the name is then also searched in its other spellings. Typed in
    lower case (he long) they stay words."""
    plain = [isinstance(child, ast.Term) and not child.modifier and child.text[:1].isupper()
             and not has_han(child.text) for child in children]

    def together(index: int) -> bool:
        return plain[index] and plain[index + 1] and children[index].field == children[index + 1].field

    merged, position = [], 0
    for start, end in name_runs([getattr(child, "text", "") for child in children], together):
        if end - start > 1:
            run = children[start:end]
            merged += [*children[position:start], ast.Phrase(" ".join(c.text for c in run), field=run[0].field)]
            position = end
    return tuple(merged) + tuple(children[position:])


class _Compiler:
    def __init__(self, lang: str, segment: Callable[[str], list[str]], cross: bool = False,
                 fuzzy: FuzzyExpander | None = None) -> None:
        self.lang = lang
        self.segment = segment
        self.fuzzy = fuzzy
        self.cross = cross
        self.translations: list[Translation] = []
        self.targets = MatchTargets()
        self.ignored: list[str] = []

    @property
    def wants_english(self) -> bool:
        return self.lang in ("all", "en")

    @property
    def wants_chinese(self) -> bool:
        return self.lang in ("all", "zh")

    def compile(self, node, negated: bool = False) -> wq.Query:
        if isinstance(node, ast.And):
            node = ast.And(names_as_phrases(node.children))
            if not negated:
                self._note_english_runs(node.children)
            if self.cross and not negated:
                return wq.And(self._with_names(node.children))
            return wq.And([self.compile(child, negated) for child in node.children])
        if isinstance(node, ast.Or):
            return wq.Or([self.compile(child, negated) for child in node.children])
        if isinstance(node, ast.Not):
            return wq.Not(self.compile(node.child, not negated))
        if isinstance(node, ast.DateRange):
            return date_range_query(node.start, node.end)
        if isinstance(node, ast.PageRange):
            return wq.NumericRange("page", node.low, node.high)
        fields = [LOGICAL_FIELDS[name] for name in ((node.field,) if node.field else DEFAULT_FIELDS)]
        targets = MatchTargets() if negated else self.targets
        if isinstance(node, ast.Phrase):
            return self.phrase(node, fields, targets)
        if node.modifier and not has_han(node.text):
            return self.expanded_term(node, fields, targets)
        return self.term(node.text, fields, targets)

    def _note_english_runs(self, children) -> None:
        """Adjacent plain English words (drill bit) are also translated together, as a phrase."""
        run: list[str] = []
        for child in list(children) + [None]:
            if isinstance(child, ast.Term) and not child.modifier and not has_han(child.text):
                run.append(child.text.lower())
                continue
            for size in range(2, min(len(run), 3) + 1):
                for start in range(len(run) - size + 1):
                    self.targets.english_words.add(" ".join(run[start:start + size]))
            run = []

    def phrase(self, node: ast.Phrase, fields: list[LogicalField], targets: MatchTargets) -> wq.Query:
        key = exact_key(node.text)
        stems = english_stems(node.text)
        if has_han(node.text) or not stems:  # quoted Chinese is translated too: "苏联" --cross --lang en
            translated = self.translated_to_english(key, fields, targets) if has_han(key) else []
            if not key or not self.wants_chinese:
                return prefer_typed(wq.NullQuery, translated)
            if node.slop:
                return prefer_typed(self.chinese_proximity(node.text, node.slop, fields, targets), translated)
            targets.chinese_strings.add(key)
            return prefer_typed(exact_chinese(key, chinese_string_fields(key, fields)), translated)
        alternatives = []
        targets.english_words.add(" ".join(node.text.lower().split()))
        if self.wants_english and fields == [LOGICAL_FIELDS["author"]]:
            targets.english_terms.update(stems)  # names match in either order: "Mei Zhi" = "Zhi Mei"
            alternatives.append(wq.And([_english_phrase([stem], fields) for stem in stems]))
        elif self.wants_english:
            # with slack the words need not be adjacent, so each is marked on its own
            targets.english_terms.update(stems) if node.slop else targets.english_phrases.add(tuple(stems))
            alternatives.append(_english_phrase(stems, fields, slop=1 + (node.slop or 0)))
            alternatives += other_spellings(node.text, stems, fields, targets, node.slop or 0, in_phrase=True)
        if self.wants_chinese and (key.isdigit() or self.lang == "zh"):
            targets.chinese_strings.add(key)
            alternatives.append(exact_chinese(key, latin_in_chinese_fields(fields)))
        typed = wq.Or(alternatives) if alternatives else wq.NullQuery
        return prefer_typed(typed, self.translated_to_chinese(node.text, fields, targets))

    def chinese_proximity(self, text: str, slop: int, fields, targets: MatchTargets) -> wq.Query:
        """"A B"~N in Chinese: the strings A and B, in either order, with at most N characters between them.

        Distance counts characters, not words, because jieba may cut an article's words differently from
        the query's (模范人物 is one word, yet "劳动 模范"~3 must find 劳动光荣的模范人物).
        """
        parts = [part for part in map(exact_key, text.split()) if part]
        if len(parts) == 1 and "".join(words := self.segment(parts[0])) == parts[0]:
            parts = words  # one piece: its words, unless that drops a character (北京。 is sought as written)
        targets.chinese_strings.update(parts)
        if len(parts) == 1:
            return exact_chinese(parts[0], fields)
        orders = [parts, parts[::-1]] if len(parts) == 2 else [parts]  # either order, the same distance
        return wq.Or([span_near([_character_span(f.chinese_exact, part) for part in order], slop=slop + 1)
                      for f in fields for order in orders])

    def term(self, text: str, fields: list[LogicalField], targets: MatchTargets, in_chinese: bool = False) -> wq.Query:
        """A word; in_chinese: a Latin word written in Chinese text (52C in 52C的), also sought in the Chinese."""
        if has_han(text):
            return self.chinese_term(text, fields, targets)
        stems = english_stems(text)
        if not stems:
            return wq.NullQuery
        alternatives = []
        if self.wants_english:
            targets.english_words.add(acronym_meaning(text) or text.lower())
            targets.english_phrases.add(tuple(stems)) if len(stems) > 1 else targets.english_terms.add(stems[0])
            alternatives.append(_english_phrase(stems, fields))
            alternatives += other_spellings(text, stems, fields, targets)
        key = exact_key(text)
        key = ungrouped_integer(key)  # 12,500 as the Chinese text writes it: 12500, 一万二千五百
        if self.wants_chinese and (key.isdigit() or self.lang == "zh" or in_chinese):
            alternatives.append(self.exact_with_numerals(key, latin_in_chinese_fields(fields), targets))
        typed = wq.Or(alternatives) if alternatives else wq.NullQuery
        return prefer_typed(typed, self.translated_to_chinese(text, fields, targets))

    @staticmethod
    def exact_with_numerals(key: str, fields, targets: MatchTargets) -> wq.Query:
        """An unquoted string in any of its numeral spellings: 1953年 = 一九五三年, 二十九倍 = 29倍."""
        spellings = sorted({key} | numeral_variants(key))
        targets.chinese_strings.update(spellings)
        return wq.Or([exact_chinese(spelling, fields) for spelling in spellings])

    def translated_to_chinese(self, text: str, fields, targets: MatchTargets) -> list[wq.Query]:
        """--cross: the Chinese words CC-CEDICT gives for an English word or phrase (or its modern spelling:
        Chungking, 重庆), else a name read as pinyin (China is 中国, not the syllables chi na)."""
        if not (self.cross and self.wants_chinese) or targets is not self.targets:
            return []
        found = []
        for word in chinese_for_typed(text):
            self.translations.append(Translation(text, word, "zh"))
            targets.chinese_strings.add(exact_key(word))
            found.append(exact_chinese(exact_key(word), fields).with_boost(TRANSLATION_BOOST))
        return found or self.name_query(text, fields) + [query for variant in modernized_names(text)
                                                          for query in self.name_query(variant.title(), fields)]

    def name_query(self, text: str, fields) -> list[wq.Query]:
        """A romanized name (Yan Wancun) as one character per syllable, in a row, in the Chinese text."""
        syllables = name_syllables(text) if all(word[:1].isupper() for word in text.split()) else ()
        if not syllables:
            return []
        self.translations.append(Translation(text, " ".join(syllables), "name"))
        return [span_near([wq.Or([wq.Term(f.chinese_exact, char) for char in sorted(chars)])
                           for chars in characters_for(syllables)], slop=1)
                .with_boost(TRANSLATION_BOOST) for f in fields if f.name in ("title", "body", "author")]

    def translated_to_english(self, key: str, fields, targets: MatchTargets) -> list[wq.Query]:
        """--cross: the English glosses CC-CEDICT gives for a Chinese word, as stemmed phrases."""
        if not (self.cross and self.wants_english) or targets is not self.targets:
            return []
        found = []
        for gloss in english_for_chinese(key):
            stems = english_stems(gloss)
            self.translations.append(Translation(key, gloss, "en"))
            targets.english_phrases.add(tuple(stems)) if len(stems) > 1 else targets.english_terms.update(stems)
            found.append(_english_phrase(stems, fields).with_boost(TRANSLATION_BOOST))
        return found

    def _with_names(self, children) -> list[wq.Query]:
        """Compile And children under --cross: a run of plain English words is also translated as a whole
        (drill bit → 钻头) and, when capitalized, read as a pinyin name (Yan Wancun → 阎万存)."""
        compiled, run = [], []
        for child in list(children) + [None]:
            if isinstance(child, ast.Term) and child.field is None and not child.modifier \
                    and not has_han(child.text):
                run.append(child)
                continue
            words = [self.compile(term) for term in run]
            fields = [LOGICAL_FIELDS[name] for name in DEFAULT_FIELDS]
            whole = self.translated_to_chinese(" ".join(t.text for t in run), fields, self.targets) \
                if len(run) > 1 else []
            if words:
                compiled.append(prefer_typed(wq.And(words), whole))
            if child is not None:
                compiled.append(self.compile(child))
            run = []
        return compiled

    def expanded_term(self, node: ast.Term, fields: list[LogicalField], targets: MatchTargets) -> wq.Query:
        """produc* (prefix of the stem) and producr~ (the stems of words within an edit distance), English only.
        Each expanded term is scored (constantscore=False): Whoosh's constant score for them is 1 on indexes of up
        to 5,000 documents and the terms' summed scores on larger ones."""
        stems = english_stems(node.text)
        with_english = [f for f in fields if f.english]
        if len(stems) != 1 or not self.wants_english or not with_english:
            return self.term(node.text, fields, targets)
        if node.modifier == "prefix":
            prefix, finished = prefix_stems(node.text, stems[0])  # liberat*: liberat…, and liber (liberation)
            targets.english_prefixes.add(prefix)
            targets.english_terms.update(finished)
            return wq.Or([wq.Prefix(f.english, prefix, boost=f.weight, constantscore=False) for f in with_english]
                         + [wq.Term(f.english, stem, boost=f.weight) for stem in finished for f in with_english])
        if self.fuzzy:  # the index's stems of the words near the typed word (fuzzy.py)
            near = self.fuzzy([f.english for f in with_english], clean_english_token(fold_string(node.text)),
                              node.distance)
            targets.english_terms.update(stem for stem, _ in near)
            return wq.Or([wq.Term(f.english, stem, boost=f.weight * boost)
                          for stem, boost in near for f in with_english])
        targets.english_fuzzy.add((stems[0], node.distance))  # without an index: stems near the typed word's stem
        return wq.Or([wq.FuzzyTerm(f.english, stems[0], boost=f.weight, maxdist=node.distance, prefixlength=1,
                                   constantscore=False) for f in with_english])

    def chinese_term(self, text: str, fields: list[LogicalField], targets: MatchTargets) -> wq.Query:
        key = exact_key(text)
        chinese_words, english_words = [], []
        for piece in BETWEEN_PUNCTUATION.findall(key):  # punctuation parts words as a space does: 运动。到
            for word in merge_single_characters(self.segment(piece)):
                (english_words if is_latin(word) else chinese_words).append(word)
        required = [self.term(word, fields, targets, in_chinese=True) for word in english_words]
        translated = self.translated_to_english(key, fields, targets) if chinese_words else []
        if self.wants_chinese and chinese_words:
            distinct_words = list(dict.fromkeys(chinese_words))
            required += [self.exact_with_numerals(word, fields, targets) for word in distinct_words]
            ranking = [wq.Term(f.chinese_words, word, boost=f.weight) for word in chinese_words for f in fields]
            if distinct_words == [key]:  # one word: every match contains the whole string, matched once
                matched = wq.AndMaybe(ScoreOffset(wq.And(required), EXACT_WHOLE_STRING_SCORE), wq.Or(ranking))
            else:
                whole = ConstantScore(self.exact_with_numerals(key, fields, targets), EXACT_WHOLE_STRING_SCORE)
                matched = wq.AndMaybe(wq.And(required), wq.Or([whole] + ranking))
        else:  # English only: its Chinese words are not sought (with --cross, their translations are)
            if not translated:
                self.ignored += [word for word in chinese_words if word not in self.ignored]
            matched = wq.And(required) if required else wq.NullQuery
        return prefer_typed(matched, translated)


def prefer_typed(typed: wq.Query, translated: list[wq.Query]) -> wq.Query:
    """Typed words or translations; an article matching the words as typed outranks every translated-only one."""
    if not translated:
        return typed
    if typed is wq.NullQuery:
        return wq.Or(translated)
    return wq.Or([ScoreOffset(typed, TYPED_MATCH_BONUS)] + translated)


def compile_query(tree, lang: str = "all", segment: Callable[[str], list[str]] | None = None,
                  cross: bool = False, fuzzy: FuzzyExpander | None = None) -> CompiledQuery:
    """Turn a parsed query into a Whoosh query for the chosen language(s), plus what to highlight.

    segment cuts folded Chinese strings into words: the index's own vocabulary (query_words) or, by default, jieba.
    fuzzy finds the index stems of the words near a fuzzy word (fuzzy.py); without it, only stems near its stem.
    """
    if lang not in LANGS:
        raise UsageError(f"unknown language '{lang}' (use {', '.join(LANGS)})")  # as the CLI says it
    compiler = _Compiler(lang, segment or jieba_segment, cross, fuzzy)
    tree = shouted_acronyms_as_either(tree)
    compiled = compiler.compile(traditional_words_as_either(tree) if compiler.wants_chinese else tree)
    if isinstance(tree, ast.Not):
        compiled = wq.AndNot(wq.Every(), compiled.query if isinstance(compiled, wq.Not) else compiled)
    return CompiledQuery(compiled.normalize(), compiler.targets, compiler.translations, compiler.ignored)
