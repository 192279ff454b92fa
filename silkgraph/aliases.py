"""Finding entities by any name: knowledge-base aliases and the names seen in stored texts.

Names are compared in the `terms.normal` form (case, accents and punctuation
ignored, Cyrillic transliterated), so "Tokajew", "TOKAYEV" and "Токаев" all
reach Kassym-Jomart Tokayev through his aliases.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from silkgraph import terms
from silkgraph.patterns import load_pattern_file

EXACT, ADJECTIVE, ALL_WORDS, PREFIXES, FUZZY = 3.0, 2.5, 2.0, 1.5, 1.0
FUZZY_MIN_CHARS = 5
FUZZY_LIMIT = 50  # close spellings considered at most
FUZZY_MIN_RATIO = 88  # "Nazarbaev" for "Nazarbayev" (95), not "Tokayev" for "Tokaev" alone by chance


@dataclass(frozen=True, slots=True)
class NameMatch:
    entity_id: str
    score: float
    alias: str  # the name that matched, as written


@lru_cache(maxsize=8)
def kb_names(kb) -> tuple[tuple[str, str, str, bool], ...]:
    """(entity id, normal form, name as written, is an adjective or demonym) for every KB name."""
    out = []
    for entity in kb.entities.values():
        for alias in entity.all_aliases():
            out.append((entity.id, terms.normal(alias), alias, False))
        for word in (*entity.all_adjectives(), *entity.all_demonyms()):
            out.append((entity.id, terms.normal(word), word, True))
    return tuple(row for row in out if row[1])


def store_names(db) -> list[tuple[str, str, str, bool]]:
    """The same rows for the names entities go by in stored texts and analyses."""
    # Ordered: of equally good matches the first is kept, whatever order the database keeps rows in.
    rows = db.execute("SELECT entity_id, normal, alias FROM entity_aliases ORDER BY entity_id, normal").fetchall()
    rows += [(i, terms.normal(n), n) for i, n in db.execute("SELECT id, name FROM entities ORDER BY id").fetchall()]
    return [(i, norm, alias, False) for i, norm, alias in rows if norm]


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
MIN_COMPOUND_HEAD = 3  # letters before an office word that make a German compound of it ("Staats|chef")


@lru_cache(maxsize=1)
def _office_words() -> tuple[frozenset[str], frozenset[str]]:
    """(German and English office nouns, Russian ones by stem) of patterns/persons.yaml."""
    nouns = load_pattern_file("persons.yaml")
    latin = frozenset(w for language in ("de", "en") for n in nouns["person_nouns"][language] for w in terms.words(n))
    russian = frozenset(f for n in nouns["person_nouns_ru"] for f in terms.written_forms(n))
    return latin, russian


def is_office_word(word: str) -> bool:
    """Whether a word (as written) names an office or trade rather than a person: "Präsident",
    "Staatschef" (a German compound ending in one), «президента» (by its Russian stem)."""
    latin, russian = _office_words()
    forms = terms.written_forms(word)
    if not forms:
        return False
    folded = forms[0]
    if folded in latin or (_CYRILLIC.search(word) and not russian.isdisjoint(forms)):
        return True
    return any(folded.endswith(n) and len(folded) - len(n) >= MIN_COMPOUND_HEAD for n in latin)


@lru_cache(maxsize=100_000)
def _kb_name_forms(kb, entity_id: str) -> frozenset[str] | None:
    """The forms (folded words and their stems) of the words of an entity's KB names; None
    when the KB does not know it. Worked out per entity on first need: for every KB name at
    once it would take seconds."""
    known = kb.get(entity_id)
    if known is None:
        return None
    return frozenset(f for alias in known.all_aliases() for w in alias.split() for f in terms.written_forms(w))


@lru_cache(maxsize=100_000)
def _kb_name_words(kb, entity_id: str) -> frozenset[str] | None:
    """The words of an entity's KB names as they are (no stems: cheap); None when the KB does not know it."""
    known = kb.get(entity_id)
    if known is None:
        return None
    return frozenset(word for alias in known.all_aliases() for word in terms.words(alias))


def is_name_of(entity_id: str, name: str, kb=None) -> bool:
    """Whether a name a text used for an entity is a name of it, not a description ("Kasachstans
    Präsident", "President" stand for Tokayev in their texts, but are no names of his): given the
    KB, it shares a word with one of the entity's KB names ("Касым-Жомарта Токаева" with
    "Токаев"); otherwise (and for entities the KB lacks) it has no office word."""
    plain = _kb_name_words(kb, entity_id) if kb is not None else None
    if plain is not None and not plain.isdisjoint(terms.words(name)):
        return True  # a word of a KB name as it is: its stems need not be worked out
    known = _kb_name_forms(kb, entity_id) if kb is not None else None
    if known is not None:
        return any(not known.isdisjoint(terms.written_forms(w)) for w in name.split())
    return not any(is_office_word(w) for w in name.replace("-", " ").split())


def search_names(db, kb=None) -> list[tuple[str, str, str, bool]]:
    """The names search knows entities by: the KB's, and those of the store's texts that are
    names of the entity (`is_name_of`)."""
    stored = [row for row in store_names(db) if is_name_of(row[0], row[2], kb)]
    return [*(kb_names(kb) if kb is not None else ()), *stored]


class NameIndex:
    """Names prepared for `match`: looked up by normal form and by word instead of compared
    one by one, so that a query costs the same with ten thousand names as with a hundred."""

    def __init__(self, names):
        self.names = list(names)  # (entity id, normal form, name as written, is an adjective)
        self.normals = [normal for _, normal, _, _ in self.names]
        self.by_normal: dict[str, list[int]] = {}
        self.by_word: dict[str, set[int]] = {}
        for index, normal in enumerate(self.normals):
            self.by_normal.setdefault(normal, []).append(index)
            for word in normal.split():
                self.by_word.setdefault(word, set()).add(index)
        self.vocabulary = sorted(self.by_word)
        self.by_entity: dict[str, list[str]] = {}  # entity id -> its names (not adjectives), as written
        for entity_id, _, alias, adjective in self.names:
            if not adjective and alias not in self.by_entity.setdefault(entity_id, []):
                self.by_entity[entity_id].append(alias)

    def _starting_with(self, prefix: str) -> set[int]:
        """Names with a word that starts with `prefix` (the vocabulary is sorted: one range)."""
        found: set[int] = set()
        for i in range(bisect.bisect_left(self.vocabulary, prefix), len(self.vocabulary)):
            if not self.vocabulary[i].startswith(prefix):
                break
            found |= self.by_word[self.vocabulary[i]]
        return found

    def match(self, query: str) -> list[NameMatch]:
        """Entities one of whose names matches `query`, best score per entity, best first:
        the whole name, every query word a word of the name, every query word (of three
        letters or more) the start of one, or a close spelling (fuzzy, FUZZY_MIN_RATIO)."""
        wanted = terms.normal(query)
        if not wanted:
            return []
        query_words = wanted.split()
        scored: dict[int, float] = {}
        for index in self.by_normal.get(wanted, ()):
            scored[index] = ADJECTIVE if self.names[index][3] else EXACT
        every = set.intersection(*(self.by_word.get(w, set()) for w in query_words))
        for index in every:
            scored.setdefault(index, ALL_WORDS)
        if all(len(w) >= 3 for w in query_words):
            for index in set.intersection(*(self._starting_with(w) for w in query_words)):
                scored.setdefault(index, PREFIXES)
        if len(wanted) >= FUZZY_MIN_CHARS:
            close = process.extract(wanted, self.normals, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_RATIO, limit=None)
            close = sorted(
                ((ratio, index) for _, ratio, index in close if index not in scored), key=lambda c: (-c[0], c[1])
            )[:FUZZY_LIMIT]
            for ratio, index in close:
                scored[index] = FUZZY + (ratio - FUZZY_MIN_RATIO) / 100
        best: dict[str, NameMatch] = {}
        for index in sorted(scored):  # of equal scores, the name listed first gives the alias
            entity_id, _, alias, _ = self.names[index]
            if entity_id not in best or scored[index] > best[entity_id].score:
                best[entity_id] = NameMatch(entity_id, scored[index], alias)
        return sorted(best.values(), key=lambda m: (-m.score, m.entity_id))


def match_names(query: str, names) -> list[NameMatch]:
    """Entities one of whose names matches `query`, best score per entity, best first."""
    return NameIndex(names).match(query)


def distinctive_words(names: list[str]) -> list[str]:
    """The last word of each name (the surname, the state in "Republic of Kazakhstan"):
    what a snippet should mark when the text uses another alias than the query."""
    out = []
    for name in names:
        ws = terms.words(name)
        if ws and ws[-1] not in out:
            out.append(ws[-1])
    return out


def display_names(known, seen: list[str]) -> list[str]:
    """The names to show for an entity: the KB's, then those seen in texts that look like
    names (capitalised, not a KB adjective or demonym: "kasachische", "Kazakh" are no names)."""
    kb_forms = list(known.all_aliases()) if known is not None else []
    adjectives = {terms.normal(a) for a in (*known.all_adjectives(), *known.all_demonyms())} if known else set()
    taken = {terms.normal(a) for a in kb_forms}
    out = list(kb_forms)
    for name in seen:
        normal = terms.normal(name)
        if name[:1].isupper() and normal not in adjectives and normal not in taken:
            taken.add(normal)
            out.append(name)
    return out
