"""Apply an analyst's correction to the graph by re-deriving only what it touches.

A correction changes how some stored documents are read (silkgraph.store.corrections):
their event reports, fact claims, participants or entity links. Rebuilding the whole
graph for it costs time in proportion to the store; here only the graph's parts that
those documents feed are taken down and placed again, with the same result as a
rebuild (silkgraph.graph.rebuild_in):

* Facts: a claim only ever meets the graph facts of its own slot (silkgraph.graph.facts),
  and its slot is the one of the claim as extracted. So every fact of the touched slots is
  taken down and all their claims are filed again in storage order.
* Events: the reports of a document are placed together (an undated report borrows its
  article's date), reports of one near-duplicate cluster meet as one source, and a report
  may join any event its candidate look-up finds. So the documents taken down are those
  read anew, the documents of every event a report of theirs could join (before the
  correction and after it), closed under shared events and clusters. Their events are taken
  down and their reports placed again in storage order, until no report read anew finds an
  event outside them, and no placed report finds an outside event begun after it (in storage
  order, that event's reports would have met the events placed here). Documents further away
  are not placed again: they met the changed events only through a look-up of their own, at
  a time these events were as they are still; the tests and bench/corrections.py compare the
  result with rebuilds.
* The network's counts: each near-duplicate cluster adds a pair or a mention once. The
  touched clusters' contributions as they were are taken away, then added as they are.

When the closure grows past MAX_DOCUMENTS, or does not settle, the graph is rebuilt as a
whole instead (the result is the same, only slower).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from silkgraph import network
from silkgraph.graph import events as event_graph
from silkgraph.graph import facts as fact_graph
from silkgraph.store.base import rows_in
from silkgraph.store.corrections import load_overlay

__all__ = ["MAX_DOCUMENTS", "Rederived", "rederive"]

Connection = Any

MAX_DOCUMENTS = 5000  # beyond this many documents to place again, a whole rebuild is as quick
MAX_ROUNDS = 6  # closures widened after placing; more means the neighbourhood is unsettled


@dataclass(slots=True)
class Rederived:
    """What a correction's re-derivation did: the documents placed again, or a whole rebuild."""

    documents: int
    facts: int
    rebuilt: bool = False


def rederive(
    db: Connection,
    change: Callable[[], None],
    documents: Iterable[str],
    entities: Iterable[str],
    rebuild: Callable[[Connection], int],
) -> Rederived:
    """Make `change` (writes of corrections, inside the caller's transaction) and bring the graph
    up to date with it: `documents` are those whose reading it changes, `entities` the entities
    whose merge or rejection it changes (every document naming them is read anew). `rebuild`
    rebuilds the whole graph when the touched part is too large."""
    read_anew = _with_clusters(db, set(documents) | _naming(db, set(entities)))
    docs = _event_closure(db, read_anew)
    if docs is None:
        change()
        return _whole(db, rebuild)
    # Only documents read anew change what they add to the network: their clusters are counted again.
    clusters = _clusters_of(db, read_anew)
    before = {cluster: _cluster_counts(db, members) for cluster, members in clusters.items()}
    slots = _slots_of(db, read_anew)
    change()
    placed = _replace_events(db, docs, read_anew)
    if placed is None:
        return _whole(db, rebuild)
    _subtract_network(db, before)
    _add_network(db, {cluster: _cluster_counts(db, members) for cluster, members in clusters.items()})
    facts = _replace_facts(db, slots, read_anew)
    return Rederived(len(placed), facts)


def _whole(db: Connection, rebuild: Callable[[Connection], int]) -> Rederived:
    """Rebuild the whole graph (the touched part is too large to place again on its own)."""
    return Rederived(rebuild(db), 0, rebuilt=True)


# -- which documents -------------------------------------------------------------------------


def _naming(db: Connection, entities: set[str]) -> set[str]:
    """The documents that name any of `entities`: linked, as participants, subjects or places."""
    if not entities:
        return set()
    ids = sorted(entities)
    found: set[str] = set()
    for sql in (
        "SELECT DISTINCT doc_id FROM document_entities WHERE entity_id IN ({})",
        "SELECT DISTINCT e.doc_id FROM event_participants AS p JOIN events AS e ON e.id = p.event_id"
        " WHERE p.entity_id IN ({})",
        "SELECT DISTINCT f.doc_id FROM fact_subjects AS s JOIN facts AS f ON f.id = s.fact_id WHERE s.entity_id IN ({})",
        "SELECT DISTINCT doc_id FROM events WHERE place IN ({})",
    ):
        found.update(r[0] for r in rows_in(db, sql, ids))
    return found


def _with_clusters(db: Connection, docs: set[str]) -> set[str]:
    """`docs` and every document of their near-duplicate clusters."""
    clusters = {r[0] for r in rows_in(db, "SELECT cluster FROM doc_clusters WHERE doc_id IN ({})", sorted(docs))}
    members = {r[0] for r in rows_in(db, "SELECT doc_id FROM doc_clusters WHERE cluster IN ({})", sorted(clusters))}
    return docs | members


def _clusters_of(db: Connection, docs: set[str]) -> dict[str, list[str]]:
    """The clusters of `docs` with all their members in storage order."""
    clusters = {r[0] for r in rows_in(db, "SELECT cluster FROM doc_clusters WHERE doc_id IN ({})", sorted(docs))}
    found: dict[str, list[tuple[int, str]]] = {c: [] for c in clusters}
    for cluster, doc_id, seq in rows_in(
        db,
        "SELECT c.cluster, c.doc_id, d.seq FROM doc_clusters AS c JOIN documents AS d ON d.id = c.doc_id"
        " WHERE c.cluster IN ({})",
        sorted(clusters),
    ):
        found[cluster].append((seq, doc_id))
    return {c: [d for _, d in sorted(members)] for c, members in found.items()}


def _events_of(db: Connection, docs: set[str]) -> set[str]:
    """The graph events that reports of `docs` are members of."""
    return {
        r[0]
        for r in rows_in(
            db,
            "SELECT DISTINCT m.graph_event FROM events AS e JOIN graph_event_members AS m ON m.event_id = e.id"
            " WHERE e.doc_id IN ({})",
            sorted(docs),
        )
    }


def _documents_of(db: Connection, gids: set[str]) -> set[str]:
    """The documents with a report in one of the graph events `gids`."""
    return {
        r[0]
        for r in rows_in(
            db,
            "SELECT DISTINCT e.doc_id FROM graph_event_members AS m JOIN events AS e ON e.id = m.event_id"
            " WHERE m.graph_event IN ({})",
            sorted(gids),
        )
    }


def _reachable(db: Connection, docs: set[str], later_only: bool = False) -> set[str]:
    """The graph events the documents' reports (as corrected now) could join: their candidates;
    with `later_only`, those begun by a report stored after the document (which, in storage
    order, would have met this document's events rather than the reverse)."""
    found: set[str] = set()
    seqs = dict(rows_in(db, "SELECT id, seq FROM documents WHERE id IN ({})", sorted(docs)))
    for doc_id in sorted(docs):
        overlay = load_overlay(db, doc_id)
        for report in event_graph.document_reports(db, doc_id, overlay):
            forced = set(event_graph.decisions.decisions_about(db, report.key))
            found.update(
                m.id for m in event_graph._candidates(db, report, forced) if not later_only or m.first[0] > seqs[doc_id]
            )
    return found


def _event_closure(db: Connection, read_anew: set[str]) -> set[str] | None:
    """The documents to place again: those read anew, the documents of every event they are in or
    could join (their candidates), and so on through shared events and clusters; None when too many."""
    docs = _with_clusters(db, read_anew | _documents_of(db, _reachable(db, read_anew)))
    return _members_closure(db, docs)


def _members_closure(db: Connection, docs: set[str]) -> set[str] | None:
    """`docs` and the documents of every event they are in, of the same clusters, until nothing is
    added; None when too many (an event's reports are placed again together)."""
    while True:
        if len(docs) > MAX_DOCUMENTS:
            return None
        grown = _with_clusters(db, docs | _documents_of(db, _events_of(db, docs)))
        if grown == docs:
            return docs
        docs = grown


# -- events ----------------------------------------------------------------------------------


def _delete_rows(db: Connection, table: str, column: str, keys: list[str]) -> None:
    """Delete the rows of `table` whose `column` is one of `keys`, 500 bound values at a time."""
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        db.execute(f"DELETE FROM {table} WHERE {column} IN ({','.join('?' * len(chunk))})", chunk)


def _take_down_events(db: Connection, gids: set[str]) -> None:
    """Remove the graph events `gids` with their members, participants and aggregates."""
    ids = sorted(gids)
    for table, column in (
        ("graph_event_members", "graph_event"),
        ("graph_event_participants", "graph_event"),
        ("graph_support_sources", "node"),
        ("graph_support", "node"),
        ("graph_events", "id"),
    ):
        _delete_rows(db, table, column, ids)


def _in_storage_order(db: Connection, docs: set[str]) -> list[str]:
    return [r[1] for r in sorted(rows_in(db, "SELECT seq, id FROM documents WHERE id IN ({})", sorted(docs)))]


def _replace_events(db: Connection, docs: set[str], read_anew: set[str]) -> set[str] | None:
    """Take down the events of `docs` and place their reports again, widening `docs` while a report
    read anew could join an event outside them; the documents placed, or None when too many."""
    for _ in range(MAX_ROUNDS):
        closed = _members_closure(db, docs)
        if closed is None:
            return None
        docs = closed
        _take_down_events(db, _events_of(db, docs))
        for doc_id in _in_storage_order(db, docs):
            event_graph.place_document(db, doc_id, load_overlay(db, doc_id))
        # Outside events a report read anew could join, or begun after a placed document: in
        # storage order they would have met the events placed here.
        reachable = _reachable(db, read_anew) | _reachable(db, docs, later_only=True)
        outside_docs = _documents_of(db, reachable - _events_of(db, docs)) - docs
        if not outside_docs:
            return docs
        docs |= outside_docs
    return None


# -- facts -----------------------------------------------------------------------------------


def _claims_of(db: Connection, docs: set[str]) -> list[tuple]:
    """(document, seq, cluster, fact row) of every stored claim of `docs`."""
    return rows_in(
        db,
        "SELECT f.doc_id, d.seq, COALESCE(c.cluster, f.doc_id), f.id, f.ord, f.type, f.value, f.unit, f.period,"
        " f.qualifier, f.modality FROM facts AS f JOIN documents AS d ON d.id = f.doc_id"
        " LEFT JOIN doc_clusters AS c ON c.doc_id = f.doc_id WHERE f.doc_id IN ({})",
        sorted(docs),
    )


def _slot_base(db: Connection, row: tuple) -> str:
    """The id a claim's slot gives its first fact (the slot of the claim as extracted)."""
    _, _, cluster, fact_id, _, type_, _, unit, period, _, modality = row
    subjects = [
        r[0] for r in db.execute("SELECT entity_id FROM fact_subjects WHERE fact_id = ? ORDER BY ord", (fact_id,))
    ]
    return fact_graph.slot_id(fact_graph.fact_slot(type_, subjects, unit, period, modality, cluster))


def _slots_of(db: Connection, docs: set[str]) -> set[str]:
    return {_slot_base(db, row) for row in _claims_of(db, docs)}


def _facts_of_slots(db: Connection, bases: set[str]) -> list[str]:
    """Every graph fact of the slots: base, base-2..., a key range each."""
    found: list[str] = []
    for base in sorted(bases):
        found += [
            r[0]
            for r in db.execute(
                "SELECT id FROM graph_facts WHERE id = ? OR (id > ? AND id < ?)", (base, base + "-", base + ".")
            )
        ]
    return found


def _replace_facts(db: Connection, bases: set[str], read_anew: set[str]) -> int:
    """Take down the facts of the slots `bases` and file their claims again in storage order:
    the claims filed there, and those of the documents read anew (a claim no longer rejected
    was filed nowhere)."""
    gids = _facts_of_slots(db, bases)
    claim_docs = {
        r[0]
        for r in rows_in(
            db,
            "SELECT DISTINCT f.doc_id FROM graph_fact_members AS m JOIN facts AS f ON f.id = m.fact_id"
            " WHERE m.graph_fact IN ({})",
            gids,
        )
    }
    for table, column in (
        ("graph_fact_members", "graph_fact"),
        # kept by the store's triggers as members join, so they go with the members
        ("graph_fact_claims", "graph_fact"),
        ("graph_fact_speakers", "graph_fact"),
        ("graph_fact_subjects", "graph_fact"),
        ("graph_support_sources", "node"),
        ("graph_support", "node"),
        ("graph_facts", "id"),
    ):
        _delete_rows(db, table, column, gids)
    candidates = _claims_of(db, claim_docs | read_anew)
    claims = sorted((row for row in candidates if _slot_base(db, row) in bases), key=lambda r: (r[1], r[4]))
    overlays: dict[str, Any] = {}
    for row in claims:
        doc_id, seq, cluster = row[:3]
        overlay = overlays.get(doc_id) or overlays.setdefault(doc_id, load_overlay(db, doc_id))
        fact_graph.place_claim(db, doc_id, seq, cluster, row[3:], overlay)
    return len(claims)


# -- network counts --------------------------------------------------------------------------


@dataclass(slots=True)
class _Counts:
    """What one near-duplicate cluster adds to the network's counts, as record_document adds it."""

    pairs: set[tuple[str, str, int, str, str]]  # (year, kind, actors, a, b)
    mentions: set[tuple[str, str]]  # (year, entity)
    remembered: set[tuple[str, str, str, str]]  # cluster_contributions rows: (year, kind, a, b)


def _cluster_counts(db: Connection, members: list[str]) -> _Counts:
    """Replay record_document over a cluster's members in storage order without writing."""
    counts = _Counts(set(), set(), set())
    given: set[tuple[str, str, str, str]] = set()  # what earlier members gave: (year, kind, a, b)
    for doc_id in members:
        overlay = load_overlay(db, doc_id)
        pairs, mentions = network.contributions(db, doc_id, overlay)
        fresh_pairs = {p for p in pairs if (p[3], p[0], p[1], p[2]) not in given}
        fresh_mentions = {m for m in mentions if (m[1], "mention", m[0], "") not in given}
        given |= {(y, k, a, b) for k, a, b, y in pairs} | {(y, "mention", e, "") for e, y in mentions}
        actors = _actors(db, doc_id, overlay, fresh_pairs)
        counts.pairs |= {(y, k, int(a in actors and b in actors), a, b) for k, a, b, y in fresh_pairs}
        counts.mentions |= {(y, e) for e, y in fresh_mentions}
    if len(members) > 1:
        counts.remembered = given | {("", "cluster", "", "")}
    return counts


def _actors(db: Connection, doc_id: str, overlay: Any, pairs: set) -> set[str]:
    """The entities of a document that count as actors (as network.record_document decides)."""
    types = dict(db.execute("SELECT entity_id, type FROM document_entities WHERE doc_id = ?", (doc_id,)))
    kept_ids = {kept for kept in overlay.entities.values() if kept} | set(overlay.split_off.values())
    others = sorted({e for _, a, b, _ in pairs for e in (a, b)} & kept_ids - types.keys())
    if others:
        types.update(rows_in(db, "SELECT id, type FROM entities WHERE id IN ({})", others))
    return {entity_id for entity_id, type_ in types.items() if type_ in network.NETWORK_TYPES}


def _subtract_network(db: Connection, before: dict[str, _Counts]) -> None:
    """Take the clusters' contributions out of the counts and forget what they remembered."""
    for cluster, counts in before.items():
        for row in sorted(counts.pairs):
            db.execute(
                "UPDATE entity_pairs SET sources = sources - 1 WHERE year = ? AND kind = ? AND actors = ? AND a = ?"
                " AND b = ?",
                row,
            )
        for row in sorted(counts.mentions):
            db.execute("UPDATE entity_sources SET sources = sources - 1 WHERE year = ? AND entity_id = ?", row)
        db.execute("DELETE FROM cluster_contributions WHERE cluster = ?", (cluster,))
    db.execute("DELETE FROM entity_pairs WHERE sources <= 0")
    db.execute("DELETE FROM entity_sources WHERE sources <= 0")


def _add_network(db: Connection, after: dict[str, _Counts]) -> None:
    """Add the clusters' contributions as the corrections now read them."""
    for cluster, counts in after.items():
        db.executemany(
            "INSERT INTO entity_pairs (year, kind, actors, a, b, sources) VALUES (?, ?, ?, ?, ?, 1)"
            " ON CONFLICT (year, kind, actors, a, b) DO UPDATE SET sources = entity_pairs.sources + 1",
            sorted(counts.pairs),
        )
        db.executemany(
            "INSERT INTO entity_sources (year, entity_id, sources) VALUES (?, ?, 1)"
            " ON CONFLICT (year, entity_id) DO UPDATE SET sources = entity_sources.sources + 1",
            sorted(counts.mentions),
        )
        db.executemany(
            "INSERT INTO cluster_contributions (cluster, year, kind, a, b) VALUES (?, ?, ?, ?, ?)",
            sorted((cluster, *row) for row in counts.remembered),
        )
