"""Search across languages: the field's terms in German, English and Russian
(patterns/glossary.yaml), and the query alternatives they make.

A query word (or run of words) is a glossary term when it has a form in common
with the term's words: the same folded word, or the same German, English or
Russian stem ("Gipfels", "summits", «саммита» are terms of the concept
summit). `translations` then spells the whole query in each language, every
term replaced by the concept's terms of that language; the other words stay as
typed. The result has the shape `Store.term_scores` takes.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from silkgraph import terms
from silkgraph.patterns import load_pattern_file

LANGUAGES = ("de", "en", "ru")
MAX_ALTERNATIVES = 24  # spellings of one query at most: each is a phrase the full-text index scores
_RAW_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")

Group = list[tuple[str, bool]]  # options of one word: (word, prefix match)
Alternative = list[Group]  # groups that must all match


@dataclass(frozen=True, slots=True)
class Term:
    concept: str
    language: str
    text: str
    words: tuple[_Word, ...]
    groups: tuple[tuple[tuple[str, bool], ...], ...]  # what it asks of the index


@dataclass(frozen=True, slots=True)
class Found:
    """Query words start..end (exclusive) are a term of `concept`."""

    start: int
    end: int
    concept: str


MAX_ENDING = 2  # letters a Latin word may have beyond a term word it shares a stem with


@dataclass(frozen=True, slots=True)
class _Word:
    """A word as the glossary compares it: folded, with its stems; Cyrillic or not."""

    folded: str
    stems: frozenset[str]  # the folded word and its stems
    cyrillic: bool

    def keys(self) -> set[str]:
        return set(self.stems)

    def is_form_of(self, term_word: _Word) -> bool:
        """The same word, or an inflected form of it: a Russian word by its Russian stem
        (Snowball's Russian stemmer removes endings only); a Latin one by a German or English
        stem, and only a few letters longer or shorter ("summits", "Gipfels", not "important"
        for "import")."""
        if self.folded == term_word.folded:
            return True
        if self.cyrillic != term_word.cyrillic or not self.stems & term_word.stems:
            return False
        return self.cyrillic or abs(len(self.folded) - len(term_word.folded)) <= MAX_ENDING


def _word(raw: str) -> _Word:
    folded = " ".join(terms.words(raw))
    return _Word(folded, frozenset(terms.written_forms(raw)), bool(_CYRILLIC.search(raw)))


def _term_groups(text: str, language: str) -> tuple[tuple[tuple[str, bool], ...], ...]:
    """A term as index groups: each word with its stems; a German word (of PREFIX_MIN_CHARS
    letters or more) also as the start of a longer one, since German joins words into
    compounds ("Eisenbahn" -> "Eisenbahnstrecke"), which English and Russian do not."""
    groups = []
    for raw in _RAW_WORD.findall(text):
        for word in terms.words(raw):
            prefix = language == "de" and len(word) >= terms.PREFIX_MIN_CHARS
            stems = [f for f in terms.written_forms(raw) if f != word]
            groups.append(((word, prefix), *((s, False) for s in dict.fromkeys(stems))))
    return tuple(groups)


class Glossary:
    """Concepts and their terms per language, looked up by the forms of their words."""

    def __init__(self, concepts: dict[str, dict[str, list[str]]]):
        self.terms: dict[str, list[Term]] = {}
        self.by_first_key: dict[str, list[Term]] = {}
        for concept, spellings in concepts.items():
            for language in LANGUAGES:
                for text in spellings.get(language) or []:
                    raws = _RAW_WORD.findall(str(text))
                    if not raws:
                        continue
                    term = Term(
                        concept, language, str(text), tuple(_word(r) for r in raws), _term_groups(text, language)
                    )
                    self.terms.setdefault(concept, []).append(term)
                    for key in term.words[0].keys():
                        self.by_first_key.setdefault(key, []).append(term)

    def find(self, query: str) -> list[Found]:
        """The terms in `query`, longest first where two start at the same word, never overlapping."""
        words = [_word(raw) for raw in _RAW_WORD.findall(query)][: terms.MAX_QUERY_WORDS]
        found, at = [], 0
        while at < len(words):
            candidates = {t for key in words[at].keys() for t in self.by_first_key.get(key, ())}
            fitting = [
                t
                for t in candidates
                if at + len(t.words) <= len(words) and all(words[at + i].is_form_of(w) for i, w in enumerate(t.words))
            ]
            if fitting:
                longest = max(fitting, key=lambda t: (len(t.words), t.concept))
                found.append(Found(at, at + len(longest.words), longest.concept))
                at += len(longest.words)
            else:
                at += 1
        return found

    def translations(self, query: str) -> list[Alternative]:
        """The query spelt in every language with the concepts' terms (empty when it has none):
        the same alternatives whichever language's term was typed."""
        found = self.find(query)
        if not found:
            return []
        raws = _RAW_WORD.findall(query)[: terms.MAX_QUERY_WORDS]
        starts = {f.start: f for f in found}
        alternatives: list[Alternative] = []
        for language in LANGUAGES:
            pieces: list[list[Alternative]] = []  # per position: the ways to spell it
            at = 0
            while at < len(raws):
                if at in starts:
                    f = starts[at]
                    spellings = [[list(g) for g in t.groups] for t in self.terms[f.concept] if t.language == language]
                    pieces.append([s for s in spellings if s])
                    at = f.end
                else:
                    pieces.append([terms.query_groups(raws[at])])
                    at += 1
            if any(not choices for choices in pieces):
                continue  # a concept without a term in this language
            for combination in itertools.product(*pieces):
                alternatives.append([group for part in combination for group in part])
                if len(alternatives) >= MAX_ALTERNATIVES:
                    return alternatives
        return alternatives

    def concepts_of(self, query: str) -> list[str]:
        """The concepts whose terms the query contains, in query order."""
        return list(dict.fromkeys(f.concept for f in self.find(query)))

    def spellings(self, concept: str) -> dict[str, list[str]]:
        """A concept's terms by language, as the glossary writes them."""
        out: dict[str, list[str]] = {}
        for term in self.terms.get(concept, ()):
            out.setdefault(term.language, []).append(term.text)
        return out


@lru_cache(maxsize=1)
def glossary() -> Glossary:
    """The glossary of patterns/glossary.yaml (read once per process)."""
    return Glossary(load_pattern_file("glossary.yaml").get("concepts") or {})
