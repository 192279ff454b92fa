"""The knowledge graph across articles: one node per entity, event and fact.

Entity ids are global (knowledge-base ids, generated person ids), so an
entity is one node however many articles name it. Events and facts are
merged here:

* Reports of one real-world event become one graph event with several
  sources (silkgraph.graph.events, by the rules of silkgraph.graph.rules:
  type, date with its precision, place, specific participants).
* Claims about one fact slot become one graph fact with all its claims
  (silkgraph.graph.facts), contested when they cannot all be true.
* Near-duplicate articles (syndicated copies) form one cluster, and every
  source count counts clusters.
* Each report that joined an event keeps why (graph_event_members.reason:
  types, dates, places and participants that matched). Analysts' decisions to
  keep two reports apart or together (`record_decision`) are kept outside the
  graph tables, so every rebuild applies them again (silkgraph.graph.decisions).

The graph is updated one document at a time (`apply_document`, which the
store calls inside the transaction that stores the document) and can
be rebuilt from the stored analyses (`rebuild`); replaying the documents in
the order they were stored gives exactly the incremental result. Each step
costs the same however many reports of the same event or copies of the same
article came before (aggregates of distinct values, silkgraph.graph.support;
near-duplicate candidates at most CANDIDATES_PER_BUCKET per bucket), so that
a storm of reports of one summit is stored in time linear in its size.
"""

from __future__ import annotations

from typing import Any

from silkgraph import dedup, network
from silkgraph.graph.decisions import decisions_about, record_decision
from silkgraph.graph.events import EVENT_FAMILY, event_family, place_document
from silkgraph.graph.facts import (
    CONTESTABLE_FACTS,
    FACT_FAMILY,
    TOLERANCE,
    claim_interval,
    claims_agree,
    fact_family,
    fact_slot,
    place_claim,
    slot_id,
)
from silkgraph.graph.rules import participants_match
from silkgraph.model import dates_compatible
from silkgraph.store.corrections import load_overlay

__all__ = [
    "CONTESTABLE_FACTS",
    "EVENT_FAMILY",
    "FACT_FAMILY",
    "GRAPH_TABLES",
    "TOLERANCE",
    "apply_document",
    "claim_interval",
    "claims_agree",
    "dates_compatible",
    "decisions_about",
    "event_family",
    "fact_family",
    "fact_slot",
    "is_applied",
    "participants_overlap",
    "rebuild",
    "rebuild_in",
    "record_decision",
    "report_events",
    "slot_id",
    "update",
]

Connection = Any  # a DB-API connection of a store (silkgraph.store.sql): `?` placeholders

# Analysts' merge decisions (merge_decisions) are not graph tables: a rebuild keeps and applies them.
GRAPH_TABLES = (
    "graph_event_participants",
    "graph_event_members",
    "graph_events",
    "graph_fact_subjects",
    "graph_fact_members",
    "graph_fact_claims",
    "graph_fact_speakers",
    "figure_series",
    "graph_facts",
    "graph_support",
    "graph_support_sources",
    "doc_lsh",
    "doc_signatures",
    "doc_clusters",
    "entity_pairs",
    "entity_sources",
    "cluster_contributions",
)
# Near-duplicate candidates read per LSH bucket: a storm of copies fills one bucket with thousands,
# and any few of them tell the cluster.
CANDIDATES_PER_BUCKET = 4


def participants_overlap(a: set[str], b: set[str]) -> bool:
    """Enough specific participants in common (silkgraph.graph.rules.participants_match)."""
    return participants_match(set(a), set(b))


def is_applied(db: Connection, doc_id: str) -> bool:
    return db.execute("SELECT 1 FROM doc_clusters WHERE doc_id = ?", (doc_id,)).fetchone() is not None


def apply_document(db: Connection, doc_id: str) -> bool:
    """Add one stored document's contribution to the graph, inside the caller's transaction.

    Returns False (and changes nothing) when the document is unknown or already applied,
    so that applying twice is harmless.
    """
    row = db.execute("SELECT seq, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None or is_applied(db, doc_id):
        return False
    seq, text = row
    cluster = _assign_cluster(db, doc_id, text)
    overlay = load_overlay(db, doc_id)  # the analysts' corrections of this document's items
    place_document(db, doc_id, overlay)
    for fact_row in db.execute(
        "SELECT id, ord, type, value, unit, period, qualifier, modality FROM facts WHERE doc_id = ? ORDER BY ord",
        (doc_id,),
    ).fetchall():
        place_claim(db, doc_id, seq, cluster, fact_row, overlay)
    network.record_document(db, doc_id, cluster)
    return True


def rebuild_in(db: Connection) -> int:
    """Clear the graph and replay every stored document in storage order; returns the count."""
    for table in GRAPH_TABLES:
        db.execute(f"DELETE FROM {table}")
    ids = [r[0] for r in db.execute("SELECT id FROM documents ORDER BY seq").fetchall()]
    for doc_id in ids:
        apply_document(db, doc_id)
    return len(ids)


def report_events(store) -> dict[tuple[str, int], str]:
    """The graph event each stored event report went to: (document id, ord) -> graph event id."""
    with store.read() as db:
        return {
            (doc_id, ord_): gid
            for doc_id, ord_, gid in db.execute(
                "SELECT e.doc_id, e.ord, m.graph_event FROM events AS e JOIN graph_event_members AS m"
                " ON m.event_id = e.id"
            )
        }


def update(store, doc_id: str) -> bool:
    """Apply one stored document to the graph in its own transaction (a no-op if already applied)."""
    with store.write() as db:
        return apply_document(db, doc_id)


def rebuild(store) -> int:
    """Rebuild the whole graph from the stored analyses, in one transaction."""
    with store.write() as db:
        return rebuild_in(db)


# -- near-duplicates -------------------------------------------------------


def _assign_cluster(db: Connection, doc_id: str, text: str) -> str:
    sig, size = dedup.signature(text)
    keys = dedup.buckets(sig)
    best: tuple[float, int, str] | None = None  # (similarity, -seq, doc id) of the closest earlier copy
    if size:
        candidates = set()
        for band, bucket in keys:
            candidates.update(
                r[0]
                for r in db.execute(
                    "SELECT doc_id FROM doc_lsh WHERE band = ? AND bucket = ? ORDER BY doc_id LIMIT ?",
                    (band, bucket, CANDIDATES_PER_BUCKET),
                )
            )
        for other in sorted(candidates):
            got = db.execute(
                "SELECT s.minhash, s.shingles, d.seq FROM doc_signatures AS s JOIN documents AS d ON d.id = s.doc_id"
                " WHERE s.doc_id = ?",
                (other,),
            ).fetchone()
            if got is None or not got[1]:
                continue
            near, similarity = dedup.is_near_duplicate(sig, size, got[0], got[1])
            if near and (best is None or (similarity, -got[2]) > best[:2]):
                best = (similarity, -got[2], other)
    if best is None:
        cluster, duplicate_of, similarity = doc_id, None, None
    else:
        duplicate_of, similarity = best[2], round(best[0], 4)
        cluster = db.execute("SELECT cluster FROM doc_clusters WHERE doc_id = ?", (duplicate_of,)).fetchone()[0]
    db.execute(
        "INSERT INTO doc_clusters (doc_id, cluster, duplicate_of, similarity) VALUES (?, ?, ?, ?)",
        (doc_id, cluster, duplicate_of, similarity),
    )
    db.execute("INSERT INTO doc_signatures (doc_id, minhash, shingles) VALUES (?, ?, ?)", (doc_id, sig, size))
    if size:
        db.executemany(
            "INSERT INTO doc_lsh (band, bucket, doc_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(band, bucket, doc_id) for band, bucket in keys],
        )
    return cluster
