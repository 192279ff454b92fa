"""Finding entities by any name: knowledge-base aliases and the names seen in stored texts.

Names are compared in the `terms.normal` form (case, accents and punctuation
ignored, Cyrillic transliterated), so "Tokajew", "TOKAYEV" and "Токаев" all
reach Kassym-Jomart Tokayev through his aliases.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from silkgraph import terms

EXACT, ADJECTIVE, ALL_WORDS, PREFIXES, FUZZY = 3.0, 2.5, 2.0, 1.5, 1.0
FUZZY_MIN_CHARS = 5
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


def match_names(query: str, names) -> list[NameMatch]:
    """Entities one of whose names matches `query`, best score per entity, best first."""
    wanted = terms.normal(query)
    if not wanted:
        return []
    query_words = wanted.split()
    best: dict[str, NameMatch] = {}

    def offer(entity_id: str, score: float, alias: str) -> None:
        if entity_id not in best or score > best[entity_id].score:
            best[entity_id] = NameMatch(entity_id, score, alias)

    candidates = []
    for entity_id, normal, alias, adjective in names:
        if normal == wanted:
            offer(entity_id, ADJECTIVE if adjective else EXACT, alias)
            continue
        alias_words = normal.split()
        if all(w in alias_words for w in query_words):
            offer(entity_id, ALL_WORDS, alias)
        elif all(len(w) >= 3 and any(a.startswith(w) for a in alias_words) for w in query_words):
            offer(entity_id, PREFIXES, alias)
        else:
            candidates.append((entity_id, normal, alias))
    if len(wanted) >= FUZZY_MIN_CHARS and candidates:
        found = process.extract(wanted, [c[1] for c in candidates], scorer=fuzz.ratio,
                                score_cutoff=FUZZY_MIN_RATIO, limit=50)
        for _, ratio, index in found:
            entity_id, _, alias = candidates[index]
            offer(entity_id, FUZZY + (ratio - FUZZY_MIN_RATIO) / 100, alias)
    return sorted(best.values(), key=lambda m: (-m.score, m.entity_id))


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
