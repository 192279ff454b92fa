"""Search: documents by their words in any of the three languages, and entities by any name.

Shared by the CLI, the HTTP API and the web UI (through `silkgraph.query`). Three kinds
of query:

* a name of an entity ("Tokajew", "Xi Jinping"): the documents the entity is linked to,
  and those that use one of its names (aliases, inflected: «Токаева»). Words that
  describe a person by office ("Präsident", "Staatschef") are no names and never widen
  the query (`aliases.is_name_of`);
* words of the field's glossary ("Gipfel", "railway", «саммит»): the documents that use
  the words or their counterparts in the other languages (`silkgraph.glossary`), those
  with the words as typed first;
* any other words: full text, inflection-aware (`silkgraph.terms`).

Results are ranked by relevance or by date, counted (`total`), faceted, filtered by
type, country, language, date range and entity, and paged with limit/offset.
"""

from __future__ import annotations

import collections
from collections import Counter
from dataclasses import dataclass, field

from silkgraph import aliases, network as relations, terms
from silkgraph.errors import UsageError
from silkgraph.glossary import glossary
from silkgraph.network import in_range
from silkgraph.store.base import rows_in

MAX_LIMIT = 1000
MAX_OFFSET = 10**15
FACET_DOCUMENTS = 1000  # search facets count the best this many documents
SEARCH_CACHE = 256  # document searches kept per store, until the store changes
KINDS = ("all", "documents", "entities")
SORTS = ("relevance", "date")
TITLE_CHARS = 120  # a title made from an untitled article's first line is cut here, at a word


def page_bounds(limit: int, offset: int) -> tuple[int, int]:
    """Limit and offset clamped: an offset past any store is as good as any other, and must
    still fit the database's integers."""
    return max(0, min(int(limit), MAX_LIMIT)), max(0, min(int(offset), MAX_OFFSET))


def readable_title(title: str | None, text: str | None) -> str | None:
    """The title, or for an untitled article its first line (cut at a word boundary)."""
    if title and title.strip():
        return title
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if line:
            if len(line) <= TITLE_CHARS:
                return line
            cut = line[:TITLE_CHARS].rsplit(" ", 1)[0] or line[:TITLE_CHARS]
            return cut.rstrip(" ,;:–-") + "…"
    return None


@dataclass(frozen=True, slots=True)
class Filters:
    """What a document must have besides the query's words."""

    type: str | None = None
    country: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    language: str | None = None
    entity: str | None = None

    def any(self) -> bool:
        return any((self.type, self.country, self.date_from, self.date_to, self.language, self.entity))


@dataclass(slots=True)
class _Plan:
    """How a query is searched: the entities it names, and the index alternatives of its words."""

    named: list[str]  # ids of the entities the query is a name of
    own: list  # alternatives of the query as typed (none for a name: see entity_documents)
    translated: list  # alternatives of its glossary terms in every language
    wanted: list[str]  # the words a snippet marks
    concepts: list[str] = field(default_factory=list)


def search(
    store,
    q: str,
    kind: str = "all",
    type: str | None = None,
    country: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 20,
    offset: int = 0,
    kb=None,
    language: str | None = None,
    entity: str | None = None,
    sort: str = "relevance",
) -> dict:
    """Documents and entities matching `q` (see the module docstring), best first.

    `type` keeps entities of that type and documents that report an event of that type or
    name an entity of it; `country` keeps documents naming the country (or, given the KB, an
    entity in it) and entities of that country; `language` keeps documents in it; `entity`
    keeps the documents of that entity (as a query of its name finds them). An empty `q`
    lists everything the filters keep, newest first. Without `kb` only the names seen in
    stored texts are searched. `sort` is relevance or date (newest first, undated last).
    Entities that no stored document mentions (KB entries) come after the mentioned ones, and
    `total` counts both. Facets count what the filters keep.
    """
    if kind not in KINDS:
        raise UsageError(f"kind must be all, documents or entities, not {kind!r}")
    if sort not in SORTS:
        raise UsageError(f"sort must be relevance or date, not {sort!r}")
    limit, offset = page_bounds(limit, offset)
    filters = Filters(type, country, date_from, date_to, language, entity)
    searching = bool(q and q.strip())
    with store.read() as db:
        # Documents are only ever added, so the newest seq tells whether anything cached is stale.
        generation = db.execute("SELECT MAX(seq) FROM documents").fetchone()[0]
        index = _name_index(store, generation, db, kb) if searching or entity else None
        matches = index.match(q) if index is not None and searching else []
        plan = _plan(q, matches, index) if searching else None
        result: dict = {
            "documents": [],
            "entities": [],
            "facets": {"type": {}, "country": {}, "year": {}, "language": {}, "entity_type": {}},
            "total": {"documents": 0, "entities": 0, "entities_without_documents": 0},
            "sort": sort,
        }
        if plan is not None:
            result["named"] = _entity_names(db, kb, plan.named)
            # the glossary's terms the query was also searched with, by concept and language
            result["translations"] = {concept: glossary().spellings(concept) for concept in plan.concepts}
        if kind in ("all", "entities"):
            _search_entities(store, db, generation, kb, index, q, matches, filters, limit, offset, result)
        if kind in ("all", "documents"):
            _search_documents(store, db, generation, kb, index, q, plan, filters, sort, limit, offset, result)
    result["facets"] = {
        name: dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))  # biggest first
        for name, counts in result["facets"].items()
    }
    return result


def _name_index(store, generation: int | None, db, kb) -> aliases.NameIndex:
    """The names of the KB and of the store's texts, prepared for matching; kept (in the
    store's caches) until the store changes, since building it takes longer than a search."""
    key = (id(kb), generation)
    cached = store.caches.get("name_index")
    if cached is not None and cached[0] == key:
        return cached[1]
    index = aliases.NameIndex(aliases.search_names(db, kb))
    store.caches.put("name_index", (key, index))  # the older generations are of no more use
    return index


def _alias_alternatives(names: list[str]) -> list:
    """Index alternatives for the names of entities: each name's words, inflected."""
    return [groups for groups in (terms.query_groups(n) for n in names) if groups]


def _plan(q: str, matches, index) -> _Plan:
    """What the query asks of the index. A name of an entity (all of its words, not an
    adjective: "Kasachstan", not "kasachische") stands for the entity."""
    named = [m.entity_id for m in matches if m.score >= aliases.EXACT]
    wanted = terms.query_words(q)
    if named:
        names = sorted({a for i in named for a in index.by_entity.get(i, ())})
        # the query is one of the names: entity_documents matches them all, and the links
        return _Plan(named, [], [], wanted + aliases.distinctive_words(names))
    found = glossary()
    translated = found.translations(q)
    spelt = [option for alternative in translated for group in alternative for option, _ in group[:2]]
    return _Plan([], [terms.query_groups(q)], translated, wanted + list(dict.fromkeys(spelt)), found.concepts_of(q))


# -- entities ---------------------------------------------------------------------


def _entity_names(db, kb, ids: list[str]) -> list[dict]:
    """[{id, name, type}] of entities, from the KB or else the store."""
    stored = {i: (n, t) for i, n, t in rows_in(db, "SELECT id, name, type FROM entities WHERE id IN ({})", ids)}
    out = []
    for entity_id in ids:
        known = kb.get(entity_id) if kb is not None else None
        name, type_ = (known.name, known.type) if known else stored.get(entity_id, (entity_id, None))
        out.append({"id": entity_id, "name": name, "type": type_})
    return out


def _search_entities(store, db, generation, kb, index, q, matches, filters: Filters, limit, offset, result) -> None:
    # Ranked by independent sources, counted as documents arrive (silkgraph.network); those no
    # stored document mentions (KB entries) last. Counts are looked up for the page shown only.
    sources = dict(db.execute("SELECT entity_id, sources FROM entity_sources WHERE year = ?", (relations.ALL_TIME,)))
    searching = bool(q and q.strip())
    if searching:
        found = [(m.entity_id, m.score, m.alias) for m in matches]
    else:
        ids = {r[0] for r in db.execute("SELECT id FROM entities")}
        found = sorted(((i, None, None) for i in ids), key=lambda t: (-sources.get(t[0], 0), t[0]))
    stored = {
        i: (name, type_)
        for i, name, type_ in rows_in(
            db, "SELECT id, name, type FROM entities WHERE id IN ({})", [i for i, _, _ in found]
        )
    }
    rows = []
    for entity_id, score, alias in found:
        known = kb.get(entity_id) if kb is not None else None
        name, etype = (known.name, known.type) if known else stored.get(entity_id, (entity_id, None))
        where = kb.country_of(entity_id) if kb is not None else None
        if (filters.type and etype != filters.type) or (filters.country and filters.country not in (entity_id, where)):
            continue
        rows.append(
            {
                "id": entity_id,
                "name": name,
                "type": etype,
                "wikidata": known.wikidata if known else None,
                "country": where,
                "matched": alias,
                "score": score,
                "sources": sources.get(entity_id, 0),
            }
        )
    if searching:
        rows.sort(key=lambda r: (r["sources"] == 0, -r["score"], -r["sources"], r["name"]))
    page = rows[offset : offset + limit]
    _count_documents(store, db, generation, kb, index, page)
    result["entities"] = page
    result["total"]["entities"] = len(rows)
    result["total"]["entities_without_documents"] = sum(1 for r in rows if r["sources"] == 0)
    result["facets"]["entity_type"].update(Counter(r["type"] for r in rows if r["type"]))


def top_entities(store, kb=None, limit: int = 300) -> list[dict]:
    """The stored entities with most independent sources, [{id, name, type, sources}], in the
    order of an empty entity search but without its per-entity counts (which read every mention):
    what a field asking for an entity suggests."""
    with store.read() as db:
        sources = dict(
            db.execute("SELECT entity_id, sources FROM entity_sources WHERE year = ?", (relations.ALL_TIME,))
        )
        stored = {i: (name, type_) for i, name, type_ in db.execute("SELECT id, name, type FROM entities")}
    out = []
    for entity_id in sorted(stored, key=lambda i: (-sources.get(i, 0), i))[: max(0, int(limit))]:
        known = kb.get(entity_id) if kb is not None else None
        name, type_ = (known.name, known.type) if known else stored[entity_id]
        out.append({"id": entity_id, "name": name, "type": type_, "sources": sources.get(entity_id, 0)})
    return out


def _count_documents(store, db, generation, kb, index, page: list[dict]) -> None:
    """Documents and mentions of the entities of a page, each count one query for the page.
    An entity's `documents` is the number its search lists (`entity_documents`)."""
    ids = [r["id"] for r in page]
    mentions = dict(
        rows_in(db, "SELECT entity_id, COUNT(*) FROM mentions WHERE entity_id IN ({}) GROUP BY entity_id", ids)
    )
    linked = dict(
        rows_in(db, "SELECT entity_id, COUNT(*) FROM document_entities WHERE entity_id IN ({}) GROUP BY entity_id", ids)
    )
    for row in page:
        row["mentions"] = mentions.get(row["id"], 0)
        row["linked_documents"] = linked.get(row["id"], 0)
        # Text matches of the names are worked out for the best matches only: the ones a reader
        # compares with the list of articles below.
        if row["score"] is not None and row["score"] >= aliases.EXACT and index is not None:
            row["documents"] = len(entity_documents(store, db, generation, index, [row["id"]]))
        else:
            row["documents"] = row["linked_documents"]


# -- documents --------------------------------------------------------------------


def entity_documents(store, db, generation, index, entity_ids: list[str]) -> dict[int, float]:
    """{seq: text score} of the documents of entities: those linked to one of them (score 0
    unless a name matches too) and those using one of their names. Kept per store generation."""
    key = ("entity_documents", generation, id(index), tuple(sorted(entity_ids)))
    cache = _cache(store)
    with store.caches.lock:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    names = sorted({a for i in entity_ids for a in index.by_entity.get(i, ())})
    alternatives = terms.without_covered(_alias_alternatives(names))
    found = store.term_scores(db, alternatives) if alternatives else {}
    linked = rows_in(
        db,
        "SELECT d.seq FROM documents AS d WHERE d.id IN (SELECT doc_id FROM document_entities WHERE entity_id IN ({}))",
        sorted(entity_ids),
    )
    for (seq,) in linked:
        found.setdefault(seq, 0.0)
    _remember(store, cache, generation, key, found)
    return found


def _cache(store) -> collections.OrderedDict:
    return store.caches.setdefault("rankings", collections.OrderedDict)  # key -> result, oldest first


def _remember(store, cache, generation, key, value) -> None:
    """Keep `value`; a result of an older generation can never be asked for again, and each holds
    a score per matching document, so they all go as soon as the store has changed."""
    with store.caches.lock:
        if store.caches.get("rankings_generation") != generation:
            cache.clear()
            store.caches.put("rankings_generation", generation)
        cache[key] = value
        while len(cache) > SEARCH_CACHE:
            cache.popitem(last=False)


def _seqs(db, sql: str, params: tuple = ()) -> set[int]:
    return {r[0] for r in db.execute(sql, params)}


def _filtered(store, db, generation, kb, index, filters: Filters) -> dict[int, str | None] | None:
    """{seq: published} of the documents the filters keep, or None when there are no filters."""
    if not filters.any():
        return None
    published, keep = {}, set()
    for seq, when, language in db.execute("SELECT seq, published, language FROM documents"):  # one pass for both
        published[seq] = when
        if in_range(when, filters.date_from, filters.date_to) and filters.language in (None, language):
            keep.add(seq)
    if filters.type:
        keep &= _seqs(
            db,
            "SELECT d.seq FROM documents AS d WHERE d.id IN (SELECT doc_id FROM events WHERE type = ?"
            " UNION SELECT doc_id FROM document_entities WHERE type = ?)",
            (filters.type, filters.type),
        )
    if filters.country:
        # the country itself, or (given the KB) anything in it: a city, a minister
        inside = sorted({filters.country, *(kb.located_in(filters.country) if kb is not None else ())})
        keep &= {
            r[0]
            for r in rows_in(
                db,
                "SELECT d.seq FROM documents AS d WHERE d.id IN"
                " (SELECT doc_id FROM document_entities WHERE entity_id IN ({}))",
                inside,
            )
        }
    if filters.entity:
        keep &= entity_documents(store, db, generation, index, [filters.entity]).keys()
    return {seq: published[seq] for seq in keep}


@dataclass(slots=True)
class _Ranking:
    """What a document search found, before paging: kept per store generation (SEARCH_CACHE),
    so that the next page of a search, or the same search again, is not worked out anew."""

    ranked: list[int]  # seqs, best first; the first `depth` of them at least, where there are as many
    total: int
    scores: dict[int, float]
    facets: dict[str, Counter]
    facet_documents: int
    wanted: list[str]  # the words a snippet marks
    own: set[int] = field(default_factory=set)  # documents found by the query as typed


def _search_documents(store, db, generation, kb, index, q, plan, filters: Filters, sort, limit, offset, result) -> None:
    key = (generation, id(kb), q, filters, sort)
    cache = _cache(store)
    with store.caches.lock:
        found = cache.get(key)
        if found is not None:
            cache.move_to_end(key)
    if found is None or (len(found.ranked) < min(offset + limit, found.total)):
        depth = max(offset + limit, FACET_DOCUMENTS)
        found = _rank_documents(store, db, generation, kb, index, plan, filters, sort, depth)
        _remember(store, cache, generation, key, found)
    result["facets"].update({name: Counter(counts) for name, counts in found.facets.items()})
    result["facet_documents"] = found.facet_documents
    page = found.ranked[offset : offset + limit]
    rows = {
        r[0]: r
        for r in rows_in(
            db,
            "SELECT d.seq, d.id, d.title, d.published, d.language, d.url, c.cluster, c.duplicate_of, d.text"
            " FROM documents AS d LEFT JOIN doc_clusters AS c ON c.doc_id = d.id WHERE d.seq IN ({})",
            page,
        )
    }
    result["documents"] = [
        {
            "id": doc_id,
            "title": readable_title(title, text),
            "untitled": not (title and title.strip()),
            "published": published,
            "language": language,
            "url": url,
            "snippet": terms.snippet(text, found.wanted),
            "score": found.scores.get(seq),
            "translated": bool(plan and plan.translated) and seq not in found.own,
            "cluster": cluster,
            "duplicate_of": duplicate_of,
        }
        for seq, doc_id, title, published, language, url, cluster, duplicate_of, text in (rows[s] for s in page)
    ]
    result["total"]["documents"] = found.total


def _matches(
    store, db, generation, index, plan: _Plan, best: int | None
) -> tuple[dict[int, float], set[int], int | None]:
    """({seq: score}, the seqs the query as typed found, the total when only the `best` came back)."""
    if plan.named:
        scores = dict(entity_documents(store, db, generation, index, plan.named))
        return scores, set(scores), None
    # Full-text matching is the store's: its SQL differs between databases. Unfiltered, the
    # database ranks and counts, and only the best documents come back.
    own = store.term_scores(db, plan.own, limit=best) if plan.own else {}
    other = store.term_scores(db, plan.translated, limit=best) if plan.translated else {}
    total = None
    if best is not None and (len(own) >= best or len(other) >= best):
        total = store.term_count(db, plan.own + plan.translated)
    return {**other, **own}, set(own), total


def _rank_documents(store, db, generation, kb, index, plan, filters: Filters, sort, depth) -> _Ranking:
    """The documents of a search, ranked (the first `depth` at least), counted and faceted."""
    kept = _filtered(store, db, generation, kb, index, filters)
    scores: dict[int, float] = {}
    own: set[int] = set()
    if plan is not None:
        best = depth if kept is None and sort == "relevance" else None
        scores, own, counted = _matches(store, db, generation, index, plan, best)
        found = scores.keys() if kept is None else scores.keys() & kept.keys()
        total = counted if counted is not None else len(found)
        if sort == "date":
            ranked = _newest_first(db, found, kept)
        else:
            # the query as typed (its language) first, then its translations; better scores first
            ranked = sorted(found, key=lambda seq: (seq not in own, -scores[seq], seq))
    elif kept is None:  # everything, newest first, undated last, then latest stored
        total = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        ranked = [
            r[0]
            for r in db.execute(
                "SELECT seq FROM documents ORDER BY published IS NULL, published DESC, seq DESC LIMIT ?", (depth,)
            )
        ]
    else:
        ranked = _newest_first(db, kept.keys(), kept)
        total = len(ranked)
    return _Ranking(
        ranked,
        total,
        scores,
        _facets(db, ranked[:FACET_DOCUMENTS]),
        min(len(ranked), FACET_DOCUMENTS),
        plan.wanted if plan else [],
        own,
    )


def _newest_first(db, seqs, published: dict[int, str | None] | None) -> list[int]:
    """Seqs by publication date, newest first, undated last, then latest stored first."""
    if published is None:
        published = dict(rows_in(db, "SELECT seq, published FROM documents WHERE seq IN ({})", sorted(seqs)))
    ranked = sorted(seqs, reverse=True)
    ranked.sort(key=lambda seq: published.get(seq) or "", reverse=True)
    return ranked


def _facets(db, sample: list[int]) -> dict[str, Counter]:
    """Year, language, country named and event type of the documents (the best FACET_DOCUMENTS
    of a search: over a whole store they would cost more than the search)."""
    years = rows_in(db, "SELECT seq, published, language FROM documents WHERE seq IN ({})", sample)
    return {
        "year": Counter(p[:4] if p else "unknown" for _, p, _ in years),
        "language": Counter(lang or "unknown" for _, _, lang in years),
        "country": Counter(
            e
            for _, e in set(
                rows_in(
                    db,
                    "SELECT d.seq, de.entity_id FROM documents AS d JOIN document_entities AS de ON de.doc_id = d.id"
                    " WHERE de.type = 'country' AND d.seq IN ({})",
                    sample,
                )
            )
        ),
        "type": Counter(
            t
            for _, t in set(
                rows_in(
                    db,
                    "SELECT d.seq, e.type FROM documents AS d JOIN events AS e ON e.doc_id = d.id WHERE d.seq IN ({})",
                    sample,
                )
            )
        ),
    }


def resolve_entity(store, kb, name: str) -> str | None:
    """The id of the entity `name` is an id or a name of (exactly, as search matches names;
    the one with most sources where several are); None when it names none."""
    if not name or not name.strip():
        return None
    with store.read() as db:
        if db.execute("SELECT 1 FROM entities WHERE id = ?", (name,)).fetchone() or (kb is not None and kb.get(name)):
            return name
        generation = db.execute("SELECT MAX(seq) FROM documents").fetchone()[0]
        exact = [m.entity_id for m in _name_index(store, generation, db, kb).match(name) if m.score >= aliases.EXACT]
        if not exact:
            return None
        sources = dict(
            rows_in(
                db,
                "SELECT entity_id, sources FROM entity_sources WHERE year = ? AND entity_id IN ({})",
                exact,
                before=(relations.ALL_TIME,),
            )
        )
    return min(exact, key=lambda i: (-sources.get(i, 0), i))
