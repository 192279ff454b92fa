"""Relations between entities, weighed by independent sources.

Two entities are related when they take part in the same graph event, are
subjects of the same graph fact, or are named in the same document. The
weight of a relation is the number of independent sources behind it:
distinct near-duplicate clusters, so that a syndicated copy adds nothing.
Used by the network view, an entity's neighbours and the graph exports.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from silkgraph.errors import UsageError
from silkgraph.model import iso_bounds as date_bounds

KINDS = ("event", "fact", "cooccurrence")
# The actors of foreign relations: states, leaders, organisations, formats
# and projects; regions too, since "Central Asia" is a party of its own in
# "China–Central Asia" summits and trade figures. Places are where, not who.
NETWORK_TYPES = ("country", "region", "person", "organization", "format", "project")


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
        " LEFT JOIN doc_clusters AS c ON c.doc_id = e.doc_id"),
    "fact": (
        "SELECT s1.entity_id, s2.entity_id, g.id, g.period, f.doc_id, COALESCE(c.cluster, f.doc_id)"
        " FROM graph_fact_subjects AS s1"
        " JOIN graph_fact_subjects AS s2 ON s2.graph_fact = s1.graph_fact AND s1.entity_id < s2.entity_id"
        " JOIN graph_facts AS g ON g.id = s1.graph_fact"
        " JOIN graph_fact_members AS m ON m.graph_fact = g.id JOIN facts AS f ON f.id = m.fact_id"
        " LEFT JOIN doc_clusters AS c ON c.doc_id = f.doc_id"),
    "cooccurrence": (
        "SELECT DISTINCT a.entity_id, b.entity_id, NULL, d.published, d.id, COALESCE(c.cluster, d.id)"
        " FROM document_entities AS a"
        " JOIN document_entities AS b ON b.doc_id = a.doc_id AND a.entity_id < b.entity_id"
        " JOIN documents AS d ON d.id = a.doc_id LEFT JOIN doc_clusters AS c ON c.doc_id = d.id"),
}
_FOCUS = {"event": "p1.entity_id = ? OR p2.entity_id = ?", "fact": "s1.entity_id = ? OR s2.entity_id = ?",
          "cooccurrence": "a.entity_id = ? OR b.entity_id = ?"}


def pair_sources(db, focus: str | None = None, kind: str | None = None, date_from: str | None = None,
                 date_to: str | None = None) -> dict[tuple[str, str], Relation]:
    """Every related pair (ids in sorted order), or only those of `focus`, of one kind or all."""
    if kind is not None and kind not in KINDS:
        raise UsageError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    relations: dict[tuple[str, str], Relation] = {}
    for k in (kind,) if kind else KINDS:
        sql, params = _QUERIES[k], ()
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


def entity_sources(db, date_from: str | None = None, date_to: str | None = None) -> dict[str, int]:
    """Independent sources (clusters) naming each entity, among documents published in the range."""
    seen: dict[str, set[str]] = {}
    for entity_id, published, cluster in db.execute(
        "SELECT de.entity_id, d.published, COALESCE(c.cluster, d.id) FROM document_entities AS de"
        " JOIN documents AS d ON d.id = de.doc_id LEFT JOIN doc_clusters AS c ON c.doc_id = d.id"
    ):
        if in_range(published, date_from, date_to):
            seen.setdefault(entity_id, set()).add(cluster)
    return {i: len(c) for i, c in seen.items()}


def network(store, date_from: str | None = None, date_to: str | None = None, kind: str | None = None,
            min_weight: int = 1, limit: int = 200) -> dict:
    """The actors (NETWORK_TYPES) and their relations, the `limit` best-sourced actors with an edge.

    Node weight: independent sources naming the actor in the range; edge
    weight: independent sources behind the relation (of `kind` only, if given),
    with `kinds` giving that count per kind.
    """
    with store.read() as db:
        types = dict(db.execute("SELECT id, type FROM entities"))
        names = dict(db.execute("SELECT id, name FROM entities"))
        relations = pair_sources(db, kind=kind, date_from=date_from, date_to=date_to)
        node_weight = entity_sources(db, date_from, date_to)
    actors = set(NETWORK_TYPES)
    kept = {pair: rel for pair, rel in relations.items()
            if types.get(pair[0]) in actors and types.get(pair[1]) in actors and rel.weight(kind) >= max(1, min_weight)}
    candidates = {i for pair in kept for i in pair}
    ranked = sorted(candidates, key=lambda i: (-node_weight.get(i, 0), i))
    chosen = set(ranked[:max(0, int(limit))])
    nodes = [{"id": i, "name": names.get(i, i), "type": types.get(i), "weight": node_weight.get(i, 0)}
             for i in ranked if i in chosen]
    edges = [{"source": a, "target": b, "weight": rel.weight(kind), "kinds": rel.kinds(),
              "events": len(rel.events), "facts": len(rel.facts), "documents": len(rel.documents)}
             for (a, b), rel in kept.items() if a in chosen and b in chosen]
    edges.sort(key=lambda e: (-e["weight"], e["source"], e["target"]))
    return {"nodes": nodes, "edges": edges, "total": {"nodes": len(candidates), "edges": len(kept)}}
