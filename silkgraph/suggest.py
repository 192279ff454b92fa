"""Name suggestions while typing: the stored entities one of whose names starts like the query.

Names are the knowledge base's aliases in every language and the names the
stored analyses used, so that "Tokaj" offers Kassym-Jomart Tokayev and
"Kasach" Kazakhstan. Only entities the store holds are offered (an entity no
article names has nothing to show), the best-sourced first.

The index is built once per store generation (the newest document) and kept
in the store's caches; a look-up is a few binary searches in a sorted list of
words, whatever the number of names.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from silkgraph import aliases, terms
from silkgraph.network import ALL_TIME

__all__ = ["MIN_CHARS", "resolve", "suggest"]

MIN_CHARS = 2  # one letter matches too much to be of help
MAX_SUGGESTIONS = 50
WHOLE_NAME, EVERY_WORD = 2, 1  # scores: the name starts with the query, or each query word starts a word


@dataclass(frozen=True, slots=True)
class _Index:
    names: list[tuple[str, str, str, bool]]  # (entity id, normal form, name as written, is an adjective)
    words: list[str]  # every word of a name, sorted
    holders: dict[str, set[int]]  # word -> the names it is a word of
    entities: dict[str, tuple[str, str, int]]  # entity id -> (name, type, independent sources)
    named: dict[str, set[str]]  # normal form of a whole name -> the entities it names

    def starting_with(self, prefix: str) -> set[int]:
        """The names that have a word starting with `prefix`."""
        found: set[int] = set()
        for i in range(bisect.bisect_left(self.words, prefix), len(self.words)):
            if not self.words[i].startswith(prefix):
                break
            found |= self.holders[self.words[i]]
        return found


def _build(db, kb) -> _Index:
    """The names of the stored entities, from the knowledge base and the store."""
    entities = {i: (name, type_, 0) for i, name, type_ in db.execute("SELECT id, name, type FROM entities ORDER BY id")}
    for entity_id, sources in db.execute("SELECT entity_id, sources FROM entity_sources WHERE year = ?", (ALL_TIME,)):
        if entity_id in entities:
            name, type_, _ = entities[entity_id]
            entities[entity_id] = (name, type_, int(sources))
    rows = [*(aliases.kb_names(kb) if kb is not None else ()), *aliases.store_names(db)]
    names = sorted({row for row in rows if row[0] in entities and row[1]})
    holders: dict[str, set[int]] = {}
    for index, (_, normal, _, _) in enumerate(names):
        for word in normal.split():
            holders.setdefault(word, set()).add(index)
    named: dict[str, set[str]] = {}
    for entity_id, normal, _, _ in names:
        named.setdefault(normal, set()).add(entity_id)
    return _Index(names, sorted(holders), holders, entities, named)


def _index(store, db, kb) -> _Index:
    """The index of this store generation, built on first use."""
    generation = db.execute("SELECT MAX(seq) FROM documents").fetchone()[0]
    key = (id(kb), generation)
    cached = store.caches.get("suggest_index")
    if cached is not None and cached[0] == key:
        return cached[1]
    index = _build(db, kb)
    store.caches.put("suggest_index", (key, index))
    return index


def _cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def suggest(store, kb, q: str, limit: int = 10) -> list[dict]:
    """Stored entities one of whose names starts like `q` (every word of `q` starting a word
    of the name), a name that starts with the whole query first, then by independent sources.
    Each comes with the name that matched when it is not the entity's own."""
    wanted = terms.normal(q or "")
    if len(wanted.replace(" ", "")) < MIN_CHARS:
        return []
    limit = max(1, min(int(limit), MAX_SUGGESTIONS))
    with store.read() as db:
        index = _index(store, db, kb)
    hits = set.intersection(*(index.starting_with(word) for word in wanted.split()))
    typed_cyrillic = _cyrillic(q)
    best: dict[str, tuple[tuple[int, bool, bool, bool, bool], str]] = {}
    for n in sorted(hits):
        entity_id, normal, written, adjective = index.names[n]
        own = normal == terms.normal(index.entities[entity_id][0])
        # The better start first; of equal ones a name before an adjective, the entity's own name
        # first, then a name as names are written (capitalised) before a word form of a text.
        score = (
            WHOLE_NAME if normal.startswith(wanted) else EVERY_WORD,
            not adjective,
            own,
            _cyrillic(written) == typed_cyrillic,  # shown in the script the query is typed in
            written[:1].isupper(),
        )
        if entity_id not in best or score > best[entity_id][0]:
            best[entity_id] = (score, written)
    ranked = sorted(best, key=lambda i: (-best[i][0][0], -index.entities[i][2], index.entities[i][0], i))
    out = []
    for entity_id in ranked[:limit]:
        name, type_, sources = index.entities[entity_id]
        matched = best[entity_id][1]
        out.append(
            {
                "id": entity_id,
                "name": name,
                "type": type_,
                "sources": sources,
                "matched": matched if terms.normal(matched) != terms.normal(name) else None,
            }
        )
    return out


def resolve(store, kb, name: str, current: str | None = None) -> str | None:
    """The entity a typed name means: `current` when it goes by that name (a form sent again
    with the name it showed), else the best suggestion; None when nothing is named so."""
    with store.read() as db:
        index = _index(store, db, kb)
    if current is not None and current in index.named.get(terms.normal(name or ""), ()):
        return current
    found = [s["id"] for s in suggest(store, kb, name, limit=10)]
    return current if current in found else (found[0] if found else None)
