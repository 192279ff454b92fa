"""Relations between entities, weighed by independent sources.

Two entities are related when a report of an event names both as
participants, a figure has both as subjects, or a document names both
(cooccurrence). The weight of a relation is the number of independent
sources behind it: distinct near-duplicate clusters, so that a syndicated
copy adds nothing.

The counts are kept as documents arrive (`record_document`, called by
silkgraph.graph in the document's transaction), per pair, kind and calendar
year, in `entity_pairs`, and per entity and year in `entity_sources`: the
network view and an entity's neighbours read them without touching the
documents, at any store size. Date filters therefore work by calendar year
(a filter from 2020-03 to 2020-06 counts all of 2020), and a source counts
once per year it speaks of, once over all time. A document's contribution
depends only on its own analysis and its cluster, so counting as documents
arrive and rebuilding give the same numbers.

`pair_sources` computes the relations exactly, with the events, facts and
documents behind each, from the graph tables; the exports use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from silkgraph.errors import UsageError
from silkgraph.model import iso_bounds as date_bounds
from silkgraph.ontology import ONTOLOGY
from silkgraph.store.base import rows_in
from silkgraph.store.corrections import Overlay, load_overlay

KINDS = tuple(ONTOLOGY.network_edges)  # the relations that are edges (silkgraph/ontology.yaml)
# The actors of foreign relations: states, leaders, organisations, formats
# and projects; regions too, since "Central Asia" is a party of its own in
# "China–Central Asia" summits and trade figures. Places are where, not who.
NETWORK_TYPES = ONTOLOGY.network_entities
ALL_TIME = "*"  # year of the counts over all time
UNDATED = ""  # year of what has no date


def of_background_kind(kb_entity) -> bool:
    """Whether the knowledge base knows an entity as one of the ontology's background kinds
    (a continent, a sea, a currency): land, water or money, never a party."""
    kind = (kb_entity.properties or {}).get("kind") if kb_entity is not None else None
    return kind in ONTOLOGY.background_kinds


def is_background(entity_type: str | None, kb_entity) -> bool:
    """Whether an entity is no actor: of a type outside NETWORK_TYPES, or of a background kind."""
    return entity_type not in NETWORK_TYPES or of_background_kind(kb_entity)


def in_range(iso: str | None, date_from: str | None, date_to: str | None) -> bool:
    """Whether a date of any precision overlaps [date_from, date_to]; undated is out once a bound is set."""
    if not date_from and not date_to:
        return True
    bounds = date_bounds(iso) if iso else None
    if bounds is None:
        return False
    if date_from:
        start = date_bounds(date_from)
        if start is not None and bounds[1] < start[0]:
            return False
    if date_to:
        end = date_bounds(date_to)
        if end is not None and bounds[0] > end[1]:
            return False
    return True


@dataclass(slots=True)
class Relation:
    """What links two entities: the clusters behind each kind, and the events, facts and documents."""

    clusters: dict[str, set[str]] = field(default_factory=dict)
    events: set[str] = field(default_factory=set)
    facts: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)

    def weight(self, kind: str | None = None) -> int:
        if kind:
            return len(self.clusters.get(kind, ()))
        return len(set().union(*self.clusters.values())) if self.clusters else 0

    def kinds(self) -> dict[str, int]:
        return {k: len(self.clusters[k]) for k in KINDS if self.clusters.get(k)}


_QUERIES = {
    "event": (
        "SELECT p1.entity_id, p2.entity_id, g.id, g.date, e.doc_id, COALESCE(c.cluster, e.doc_id)"
        " FROM graph_event_participants AS p1"
        " JOIN graph_event_participants AS p2 ON p2.graph_event = p1.graph_event AND p1.entity_id < p2.entity_id"
        " JOIN graph_events AS g ON g.id = p1.graph_event"
        " JOIN graph_event_members AS m ON m.graph_event = g.id JOIN events AS e ON e.id = m.event_id"
        " LEFT JOIN doc_clusters AS c ON c.doc_id = e.doc_id"
    ),
    "fact": (
        "SELECT s1.entity_id, s2.entity_id, g.id, g.period, f.doc_id, COALESCE(c.cluster, f.doc_id)"
        " FROM graph_fact_subjects AS s1"
        " JOIN graph_fact_subjects AS s2 ON s2.graph_fact = s1.graph_fact AND s1.entity_id < s2.entity_id"
        " JOIN graph_facts AS g ON g.id = s1.graph_fact"
        " JOIN graph_fact_members AS m ON m.graph_fact = g.id JOIN facts AS f ON f.id = m.fact_id"
        " LEFT JOIN doc_clusters AS c ON c.doc_id = f.doc_id"
    ),
    "cooccurrence": (
        "SELECT DISTINCT a.entity_id, b.entity_id, NULL, d.published, d.id, COALESCE(c.cluster, d.id)"
        " FROM document_entities AS a"
        " JOIN document_entities AS b ON b.doc_id = a.doc_id AND a.entity_id < b.entity_id"
        " JOIN documents AS d ON d.id = a.doc_id LEFT JOIN doc_clusters AS c ON c.doc_id = d.id"
    ),
}
_FOCUS = {
    "event": "p1.entity_id = ? OR p2.entity_id = ?",
    "fact": "s1.entity_id = ? OR s2.entity_id = ?",
    "cooccurrence": "a.entity_id = ? OR b.entity_id = ?",
}


def pair_sources(
    db, focus: str | None = None, kind: str | None = None, date_from: str | None = None, date_to: str | None = None
) -> dict[tuple[str, str], Relation]:
    """Every related pair (ids in sorted order), or only those of `focus`, of one kind or all."""
    if kind is not None and kind not in KINDS:
        raise UsageError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    relations: dict[tuple[str, str], Relation] = {}
    for k in (kind,) if kind else KINDS:
        params: tuple[str, ...] = ()
        sql = _QUERIES[k]
        if focus:
            sql, params = sql + f" WHERE {_FOCUS[k]}", (focus, focus)
        for a, b, ref, when, doc_id, cluster in db.execute(sql, params):
            if a == b or not in_range(when, date_from, date_to):
                continue
            rel = relations.setdefault((a, b), Relation())
            rel.clusters.setdefault(k, set()).add(cluster)
            rel.documents.add(doc_id)
            if k == "event":
                rel.events.add(ref)
            elif k == "fact":
                rel.facts.add(ref)
    return relations


# -- counted as documents arrive ----------------------------------------------


def year_of(iso: str | None) -> str:
    """The calendar year a date (or period, "2023-Q1") speaks of, or UNDATED."""
    return iso[:4] if iso and len(iso) >= 4 and iso[:4].isdigit() else UNDATED


def contributions(
    db, doc_id: str, overlay: Overlay | None = None
) -> tuple[set[tuple[str, str, str, str]], set[tuple[str, str]]]:
    """What one document adds to the counts: (kind, a, b, year) for every related pair, each
    also under "any" and ALL_TIME, and (entity, year) for every entity it names; as the
    analysts' corrections of the document (silkgraph.store.corrections) leave them."""
    overlay = load_overlay(db, doc_id) if overlay is None else overlay
    (published,) = db.execute("SELECT published FROM documents WHERE id = ?", (doc_id,)).fetchone()
    named = sorted(named_entities(db, doc_id, overlay))
    year = year_of(published)
    pairs = {("cooccurrence", a, b, year) for a, b in combinations(named, 2)}
    for kind, sql in (
        (
            "event",
            "SELECT e.ord, e.date, p.entity_id FROM events AS e"
            " JOIN event_participants AS p ON p.event_id = e.id WHERE e.doc_id = ? ORDER BY e.ord, p.ord",
        ),
        (
            "fact",
            "SELECT f.ord, f.period, s.entity_id FROM facts AS f"
            " JOIN fact_subjects AS s ON s.fact_id = f.id WHERE f.doc_id = ? ORDER BY f.ord, s.ord",
        ),
    ):
        members: dict[int, tuple[str | None, list[str]]] = {}
        for item, when, entity_id in db.execute(sql, (doc_id,)):
            members.setdefault(item, (when, []))[1].append(entity_id)
        for item, (when, ids) in members.items():
            changes = overlay.event(item) if kind == "event" else overlay.fact(item)
            if changes.rejected:
                continue
            when = changes.values.get("date" if kind == "event" else "period", when)
            kept = overlay.members(item, ids, kind)
            pairs.update((kind, a, b, year_of(when)) for a, b in combinations(sorted(set(kept)), 2))
    pairs |= {("any", a, b, y) for _, a, b, y in pairs}  # a source linking the pair in any way, counted once
    pairs |= {(k, a, b, ALL_TIME) for k, a, b, _ in pairs}
    mentions = {(e, y) for e in named for y in (year, ALL_TIME)}
    return pairs, mentions


def named_entities(db, doc_id: str, overlay: Overlay) -> set[str]:
    """The entities a document names: those with a mention whose link an analyst did not reject
    (or, without mentions, listed by the analysis), after merges of entities."""
    rows = db.execute(
        "SELECT de.entity_id, m.start FROM document_entities AS de"
        " LEFT JOIN mentions AS m ON m.doc_id = de.doc_id AND m.entity_ord = de.ord WHERE de.doc_id = ?",
        (doc_id,),
    ).fetchall()
    if overlay.empty:
        return {entity_id for entity_id, _ in rows}
    linked: dict[str, bool] = {}
    for entity_id, start in rows:
        linked[entity_id] = linked.get(entity_id, False) or start is None or start not in overlay.unlinked_mentions
    named = {overlay.entity(entity_id) for entity_id, kept in linked.items() if kept}
    return {entity_id for entity_id in named if entity_id is not None}


def record_document(db, doc_id: str, cluster: str) -> None:
    """Add a newly stored document to the counts, inside the caller's transaction. A copy
    adds only what no earlier document of its near-duplicate cluster gave already.

    What a cluster gave is kept (cluster_contributions) once it has a second member, so a
    copy costs the same however many copies came before it. A pair is between actors when
    this document names both as actors: its own entity list decides, not the store's latest
    word on the entities, so that storing and replaying the documents count alike."""
    overlay = load_overlay(db, doc_id)
    pairs, mentions = contributions(db, doc_id, overlay)
    if cluster != doc_id:
        _remember_cluster(db, cluster, doc_id)
        pairs = {p for p in pairs if _first_in_cluster(db, cluster, p[3], p[0], p[1], p[2])}
        mentions = {m for m in mentions if _first_in_cluster(db, cluster, m[1], "mention", m[0], "")}
    types = dict(db.execute("SELECT entity_id, type FROM document_entities WHERE doc_id = ?", (doc_id,)))
    kept_ids = {kept for kept in overlay.entities.values() if kept} | set(overlay.split_off.values())
    others = sorted({e for _, a, b, _ in pairs for e in (a, b)} & kept_ids - types.keys())
    if others:  # an entity another was merged into, which this document does not name: its own type decides
        types.update(rows_in(db, "SELECT id, type FROM entities WHERE id IN ({})", others))
    actors = {entity_id for entity_id, type_ in types.items() if type_ in NETWORK_TYPES}
    db.executemany(
        "INSERT INTO entity_pairs (year, kind, actors, a, b, sources) VALUES (?, ?, ?, ?, ?, 1)"
        " ON CONFLICT (year, kind, actors, a, b) DO UPDATE SET sources = entity_pairs.sources + 1",
        sorted((y, k, int(a in actors and b in actors), a, b) for k, a, b, y in pairs),
    )
    db.executemany(
        "INSERT INTO entity_sources (year, entity_id, sources) VALUES (?, ?, 1)"
        " ON CONFLICT (year, entity_id) DO UPDATE SET sources = entity_sources.sources + 1",
        sorted((y, e) for e, y in mentions),
    )


def _remember_cluster(db, cluster: str, doc_id: str) -> None:
    """On a cluster's second member, keep what its earlier members contributed (once)."""
    if db.execute(
        "SELECT 1 FROM cluster_contributions WHERE cluster = ? AND year = '' AND kind = 'cluster'", (cluster,)
    ).fetchone():
        return
    rows = {(cluster, "", "cluster", "", "")}
    for (other,) in db.execute(
        "SELECT doc_id FROM doc_clusters WHERE cluster = ? AND doc_id != ?", (cluster, doc_id)
    ).fetchall():
        pairs, mentions = contributions(db, other)
        rows |= {(cluster, y, k, a, b) for k, a, b, y in pairs}
        rows |= {(cluster, y, "mention", e, "") for e, y in mentions}
    db.executemany("INSERT INTO cluster_contributions (cluster, year, kind, a, b) VALUES (?, ?, ?, ?, ?)", sorted(rows))


def _first_in_cluster(db, cluster: str, year: str, kind: str, a: str, b: str) -> bool:
    """Whether no earlier member of the cluster gave this; remembered for the next copy."""
    if db.execute(
        "SELECT 1 FROM cluster_contributions WHERE cluster = ? AND year = ? AND kind = ? AND a = ? AND b = ?",
        (cluster, year, kind, a, b),
    ).fetchone():
        return False
    db.execute(
        "INSERT INTO cluster_contributions (cluster, year, kind, a, b) VALUES (?, ?, ?, ?, ?)",
        (cluster, year, kind, a, b),
    )
    return True


def _year_filter(date_from: str | None, date_to: str | None) -> tuple[str, tuple]:
    """SQL condition on `year` for a date range: the whole years it touches, or ALL_TIME."""
    if not date_from and not date_to:
        return "year = ?", (ALL_TIME,)
    start = date_bounds(date_from) if date_from else None
    end = date_bounds(date_to) if date_to else None
    # Digits sort after ALL_TIME and UNDATED, so a range of years leaves both out.
    return "year >= ? AND year <= ?", (
        f"{start[0].year:04d}" if start else "0000",
        f"{end[1].year:04d}" if end else "9999",
    )


def related(db, entity_id: str) -> dict[str, int]:
    """Every entity related to `entity_id`, with the independent sources linking them (any kind)."""
    found: dict[str, int] = {}
    for sql in (
        "SELECT b, sources FROM entity_pairs WHERE a = ? AND year = ? AND kind = 'any'",
        "SELECT a, sources FROM entity_pairs WHERE b = ? AND year = ? AND kind = 'any'",
    ):
        # A pair has a row per actors flag: documents that name both as actors and those that do not
        for other, sources in db.execute(sql, (entity_id, ALL_TIME)):
            found[other] = found.get(other, 0) + sources
    return found


def network(
    store,
    date_from: str | None = None,
    date_to: str | None = None,
    kind: str | tuple[str, ...] | None = None,
    min_weight: int = 1,
    limit: int = 200,
    edge_limit: int = 1000,
    kb=None,
) -> dict:
    """The actors (NETWORK_TYPES) and their relations: the `limit` best-sourced actors with an
    edge, and the `edge_limit` strongest edges between them. Given the knowledge base, the
    regions it knows as background (continents, seas: `is_background`) are left out too.

    Node weight: independent sources naming the actor in the years of the
    range; edge weight: independent sources behind the relation (of `kind`
    only, if given; of several kinds, their counts added), with `kinds` giving
    that count per kind. `total` counts the actors and relations there are
    before either limit.
    """
    counted = (kind,) if isinstance(kind, str) else tuple(kind or ("any",))
    if any(k not in KINDS for k in counted if k != "any") or not counted:
        raise UsageError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    kind = counted[0] if len(counted) == 1 and counted[0] != "any" else None
    years, params = _year_filter(date_from, date_to)
    with store.read() as db:
        weights = {
            (a, b): n
            for a, b, n in db.execute(
                f"SELECT a, b, SUM(sources) FROM entity_pairs WHERE {years}"
                f" AND kind IN ({', '.join('?' * len(counted))}) AND actors = 1"
                " GROUP BY a, b HAVING SUM(sources) >= ?",
                (*params, *counted, max(1, int(min_weight))),
            )
        }
        if kb is not None:  # types were kept by `actors`; the knowledge base knows the kinds
            hidden = {i for i in {i for pair in weights for i in pair} if of_background_kind(kb.get(i))}
            weights = {pair: n for pair, n in weights.items() if pair[0] not in hidden and pair[1] not in hidden}
        candidates = {i for pair in weights for i in pair}
        node_weight = {
            e: n
            for e, n in db.execute(
                f"SELECT entity_id, SUM(sources) FROM entity_sources WHERE {years} GROUP BY entity_id", params
            )
            if e in candidates
        }
        chosen = sorted(candidates, key=lambda i: (-node_weight.get(i, 0), i))[: max(0, int(limit))]
        described = {
            i: (name, type_)
            for i, name, type_ in rows_in(db, "SELECT id, name, type FROM entities WHERE id IN ({})", chosen)
        }
        between = sorted(
            ((n, a, b) for (a, b), n in weights.items() if a in described and b in described),
            key=lambda e: (-e[0], e[1], e[2]),
        )
        shown = between[: max(0, int(edge_limit))]
        kinds: dict[tuple[str, str], dict[str, int]] = {(a, b): {} for _, a, b in shown}
        if kind:
            for n, a, b in shown:
                kinds[(a, b)][kind] = n
        else:
            for k, a, b, n in rows_in(  # along the key (year, kind, actors, a)
                db,
                f"SELECT kind, a, b, SUM(sources) FROM entity_pairs WHERE {years} AND kind IN (?, ?, ?)"
                " AND actors = 1 AND a IN ({}) GROUP BY kind, a, b",
                sorted({a for _, a, _ in shown}),
                before=(*params, *KINDS),
            ):
                if (a, b) in kinds and (k in counted or counted == ("any",)):
                    kinds[(a, b)][k] = n
    nodes = [
        {"id": i, "name": described[i][0], "type": described[i][1], "weight": node_weight.get(i, 0)}
        for i in chosen
        if i in described
    ]
    edges = [
        {"source": a, "target": b, "weight": n, "kinds": {k: kinds[(a, b)][k] for k in KINDS if kinds[(a, b)].get(k)}}
        for n, a, b in shown
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "total": {"nodes": len(candidates), "edges": len(weights), "edges_between_nodes": len(between)},
        # the whole years counted, since the counts are kept by year
        "years": {"from": params[0] if date_from else None, "to": params[1] if date_to else None}
        if date_from or date_to
        else None,
    }
