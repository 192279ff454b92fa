"""The knowledge graph across articles: one node per entity, event and fact.

Entity ids are global (knowledge-base ids, generated person ids), so an
entity is one node however many articles name it. Events and facts are
merged here:

* Reports of one real-world event become one graph event with several
  sources. A report joins an existing graph event of the same type family
  (meeting, summit, visit and forum are one family) when the dates are
  compatible (one contains the other, as "2025-06" contains "2025-06-14", or
  both are days at most NEAR_DAYS apart), the places agree where both have
  one, and the participants overlap (two in common, or one when either side
  has only one). Reports of one project share the project entity: they merge
  whatever their dates, and explicit dates that cannot all be true make the
  event `contested`, with the alternatives and their documents kept.
  A report is compared with the graph event as a whole (its best supported
  date and place, all its participants) and joins the best match only, so
  that vague reports ("2025", one participant) cannot chain distinct events.
* Claims about one fact slot become one graph fact with all its claims. The
  slot is the type family, the set of subjects, the unit, the period, and
  whether the figure is actual (reported, estimate) or a target (planned,
  target). Subjects and period must be equal, not merely overlap: China's
  trade with Kazakhstan is not its trade with Central Asia, and a first
  quarter's figure is not the year's. Currencies are not converted. Trade and
  growth figures are contested when no value fits every claim: each claim
  stands for an interval (exact: the value; "about": +-10 %; "over": up to
  25 % more; "under": up to 20 % less), and the intervals, widened by
  TOLERANCE (5 %) for rounding, must share a point. Deal, count and other
  figures that differ are taken to be different deals or counts, not a
  contradiction: they become separate facts in the same slot.
* Near-duplicate articles (syndicated copies) form one cluster, and every
  source count counts clusters.

Facts without period or subjects only merge within one cluster: across
independent articles nothing says they mean the same thing. An undated event
report (from an article without a publication date) joins an event of another
article only when it names at least two of its parties and fits no other
event.

The graph is updated one document at a time (`apply_document`, which the
store calls inside the transaction that stores the document) and can
be rebuilt from the stored analyses (`rebuild`); replaying the documents in
the order they were stored gives exactly the incremental result.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from silkgraph import dedup, network
from silkgraph.model import NEAR_DAYS, dates_compatible, iso_bounds as date_bounds, iso_precision as precision
from silkgraph.ontology import ONTOLOGY
from silkgraph.store.base import rows_in

Connection = Any  # a DB-API connection of a store (silkgraph.store.sql): `?` placeholders

# Families, priorities and contestable facts: silkgraph/ontology.yaml.
EVENT_FAMILY = ONTOLOGY.event_family_of
FACT_FAMILY = ONTOLOGY.fact_family_of
CONTESTABLE_FACTS = ONTOLOGY.contestable_facts
# Which event type names the merged event when its reports differ: the more specific first.
TYPE_PRIORITY = ONTOLOGY.event_type_priority
MODALITY_PRIORITY = ONTOLOGY.event_modality_priority
FACT_MODALITY = ONTOLOGY.fact_modalities
QUALIFIER_RANGE = {"about": (0.9, 1.1), "over": (1.0, 1.25), "under": (0.8, 1.0)}
QUALIFIER_PRECISION = {"exact": 0, None: 0, "about": 1, "over": 2, "under": 2}
TOLERANCE = 0.05
PAIRWISE_DATES = 40  # up to this many distinct dates, every pair is compared
YEAR_PRECISION = 1  # iso_precision of a bare year
MAX_JOINABLE_DAYS = 92  # the longest span an event may have and still join another source's report: a quarter
SPAN_DAYS = (1, 31, 92, 366)  # classes of how long an event's date is: day, month, quarter, year

GRAPH_TABLES = ("graph_event_participants", "graph_event_members", "graph_events", "graph_fact_subjects",
                "graph_fact_members", "graph_facts", "doc_lsh", "doc_signatures", "doc_clusters", "entity_pairs",
                "entity_sources")


def event_family(event_type: str) -> str:
    return EVENT_FAMILY.get(event_type, "other")


def fact_family(fact_type: str) -> str:
    return FACT_FAMILY.get(fact_type, "other")


# -- dates -----------------------------------------------------------------

def participants_overlap(a: set[str], b: set[str]) -> bool:
    """Two participants in common, or one when either side has only one."""
    common = len(a & b)
    return common >= 2 or (common >= 1 and min(len(a), len(b)) == 1)


# -- claims ----------------------------------------------------------------

def claim_interval(value: float, qualifier: str | None) -> tuple[float, float]:
    """The values a claim allows: "over 40" allows 40 to 50, "about 40" 36 to 44."""
    lo, hi = QUALIFIER_RANGE.get(qualifier or "exact", (1.0, 1.0))
    a, b = value * lo, value * hi
    return (a, b) if a <= b else (b, a)  # a negative value turns the interval round


def claims_agree(claims: list[tuple[float, str | None]]) -> bool:
    """Whether one value fits every claim (value, qualifier), allowing TOLERANCE for rounding."""
    if len(claims) < 2:
        return True
    intervals = [claim_interval(v, q) for v, q in claims]
    highest_low = max(lo for lo, _ in intervals)
    lowest_high = min(hi for _, hi in intervals)
    if highest_low <= lowest_high:
        return True
    scale = max(abs(lowest_high), abs(highest_low), 1e-12)
    return (highest_low - lowest_high) / scale <= TOLERANCE


# -- incremental update ----------------------------------------------------

@dataclass(slots=True)
class _Report:
    """One row of `events` as the merge rules see it."""

    id: int
    doc_id: str
    ord: int
    seq: int
    type: str
    date: str | None
    place: str | None
    label: str | None
    modality: str
    language: str | None
    cluster: str
    participants: list[str] = field(default_factory=list)

    @property
    def family(self) -> str:
        return event_family(self.type)


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
    for report in _reports(db, "e.doc_id = ?", (doc_id,)):
        _place_report(db, report)
    for fact_row in db.execute(
        "SELECT id, ord, type, value, unit, period, qualifier, modality FROM facts WHERE doc_id = ? ORDER BY ord",
        (doc_id,),
    ).fetchall():
        _place_claim(db, doc_id, seq, cluster, fact_row)
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
            candidates.update(r[0] for r in db.execute(
                "SELECT doc_id FROM doc_lsh WHERE band = ? AND bucket = ?", (band, bucket)))
        for other in sorted(candidates):
            got = db.execute(
                "SELECT s.minhash, s.shingles, d.seq FROM doc_signatures AS s JOIN documents AS d ON d.id = s.doc_id"
                " WHERE s.doc_id = ?", (other,)).fetchone()
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
    db.execute("INSERT INTO doc_clusters (doc_id, cluster, duplicate_of, similarity) VALUES (?, ?, ?, ?)",
               (doc_id, cluster, duplicate_of, similarity))
    db.execute("INSERT INTO doc_signatures (doc_id, minhash, shingles) VALUES (?, ?, ?)", (doc_id, sig, size))
    if size:
        db.executemany("INSERT INTO doc_lsh (band, bucket, doc_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                       [(band, bucket, doc_id) for band, bucket in keys])
    return cluster


# -- events ----------------------------------------------------------------

def _reports(db: Connection, where: str, params: tuple) -> list[_Report]:
    rows = db.execute(
        "SELECT e.id, e.doc_id, e.ord, d.seq, e.type, e.date, e.place, e.label, e.modality, d.language,"
        " COALESCE(c.cluster, e.doc_id)"
        " FROM events AS e JOIN documents AS d ON d.id = e.doc_id LEFT JOIN doc_clusters AS c ON c.doc_id = e.doc_id"
        f" WHERE {where} ORDER BY d.seq, e.ord", params).fetchall()
    reports = [_Report(*row) for row in rows]
    by_id = {r.id: r for r in reports}
    if by_id:
        marks = ",".join("?" * len(by_id))
        for event_id, entity_id in db.execute(
            f"SELECT event_id, entity_id FROM event_participants WHERE event_id IN ({marks}) ORDER BY event_id, ord",
            tuple(by_id),
        ):
            if entity_id not in by_id[event_id].participants:
                by_id[event_id].participants.append(entity_id)
    return reports


@dataclass(slots=True)
class _Merged:
    """A graph event as a report is compared with it."""

    id: str
    family: str
    type: str
    date: str | None
    place: str | None
    first: tuple[int, int]
    participants: set[str]
    same_source: bool   # a report of the report's own near-duplicate cluster is among its members
    same_document: bool  # a report of the report's own document is


def _project_ids(db: Connection, ids) -> set[str]:
    ids = list(ids)
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    return {r[0] for r in db.execute(f"SELECT id FROM entities WHERE type = 'project' AND id IN ({marks})", ids)}


def _shared_events(db: Connection, report: _Report, projects: list[str]) -> set[str]:
    """Graph events of other sources that the report could join by its participants.

    Every look-up is a range of graph_event_participants_lookup (entity, family,
    length of the date, first day), read from the index alone, so that its cost
    depends on how busy the days around the report are, not on how many events
    the store holds. An undated report, rare, reads the entity's family at its place.
    """
    if projects:  # reports of one project join whatever their dates: looked up by the project alone
        looked_up, need = projects, 1
    else:
        looked_up, need = report.participants, 1 if len(report.participants) == 1 else 2
    if not looked_up:
        return set()
    marks = ",".join("?" * len(looked_up))
    rows = f"SELECT graph_event, participants FROM graph_event_participants WHERE entity_id IN ({marks}) AND family = ?"
    key = (*looked_up, report.family)
    # One range of an index per part, joined with UNION ALL: written as one condition with OR,
    # the database may scan every event the participants ever had instead.
    if projects:
        parts = [(rows, key)]
    elif report.date:
        if precision(report.date) <= YEAR_PRECISION:
            return set()  # joins other sources' events never (see _joins); its own come by cluster
        lo, hi = date_bounds(report.date)
        slack = timedelta(days=NEAR_DAYS)
        # A compatible event lies within the report's days (+- NEAR_DAYS) or contains them, so it
        # starts at most its own length before them: events are looked for by length, a day (most
        # of them) in the report's days only, a month up to 30 days earlier, a quarter (the longest
        # that may join another source's report: a year may not) up to 91.
        parts = [(rows + " AND span_days = ? AND date_start >= ? AND date_start <= ? AND date_end >= ?",
                  (*key, span, (lo - slack - timedelta(days=span - 1)).isoformat(), (hi + slack).isoformat(),
                   (lo - slack).isoformat()))
                 for span in SPAN_DAYS if span <= MAX_JOINABLE_DAYS]
        if report.place:  # an undated event of another source is joined at the same place only
            parts.append((rows + " AND span_days IS NULL AND place = ?", (*key, report.place)))
    elif report.place:
        parts = [(rows + " AND place = ?", (*key, report.place))]
    else:
        return set()  # undated and placeless: joins only events of its own source
    found = set()
    for gid, common, size in db.execute(
            "SELECT graph_event, COUNT(*), MAX(participants) FROM ("
            + " UNION ALL ".join(sql for sql, _ in parts) + ") AS p GROUP BY graph_event",
            tuple(v for _, params in parts for v in params)):
        # participants_overlap, counted by the database: two in common, or one where either has one;
        # undated, always two (_joins)
        if common >= need or (size == 1 and report.date):
            found.add(gid)
    return found


def _candidates(db: Connection, report: _Report) -> list[_Merged]:
    """Graph events of the report's family that share participants with it (found through
    an index on participant, family and days) or hold a report of its own source, less
    those whose date or place rules them out already."""
    projects = sorted(_project_ids(db, report.participants)) if report.family == "project" else []
    ids = _shared_events(db, report, projects)
    if not report.date and not projects and len(ids) > 2:
        # Undated, a report joins another source's event only of its own type, place and two of
        # its parties, and none when several fit (_place_report): so two such are as good as all
        # of them, and a busy place has thousands.
        ordered = sorted(ids)
        ids = set()
        for start in range(0, len(ordered), 500):
            chunk = ordered[start:start + 500]
            ids.update(r[0] for r in db.execute(
                f"SELECT id FROM graph_events WHERE id IN ({','.join('?' * len(chunk))}) AND type = ?"
                " ORDER BY id LIMIT 2", (*chunk, report.type)))
            if len(ids) >= 2:
                break
    # The report's own document is in its own cluster: one look-up gives the events of both.
    own = db.execute(
        "SELECT DISTINCT m.graph_event, e.doc_id FROM doc_clusters AS c JOIN events AS e ON e.doc_id = c.doc_id"
        " JOIN graph_event_members AS m ON m.event_id = e.id WHERE c.cluster = ?", (report.cluster,)).fetchall()
    own_source = {gid for gid, _ in own}
    own_document = {gid for gid, doc_id in own if doc_id == report.doc_id}
    ids |= own_source
    # Looked up by id alone, the family compared here: given "family = ?" too, the database
    # may walk the family's index instead, through every event of the family.
    kept = [row[:6] for row in rows_in(
        db, "SELECT id, date, place, first_seq, first_ord, type, family FROM graph_events WHERE id IN ({})",
        sorted(ids)) if row[6] == report.family]
    if not projects:  # a project's reports may differ on date and place
        kept = [row for row in kept
                if not (report.date and row[1] and not dates_compatible(report.date, row[1]))
                and not (report.place and row[2] and report.place != row[2])]
    kept.sort()
    participants: dict[str, set[str]] = {row[0]: set() for row in kept}
    for gid, entity_id in rows_in(db, "SELECT graph_event, entity_id FROM graph_event_participants"
                                      " WHERE graph_event IN ({})", [row[0] for row in kept]):
        participants[gid].add(entity_id)
    return [_Merged(gid, report.family, type_, date_, place, (first_seq, first_ord), participants[gid],
                    gid in own_source, gid in own_document)
            for gid, date_, place, first_seq, first_ord, type_ in kept]


def _joins(db: Connection, report: _Report, merged: _Merged) -> tuple | None:
    """How well the report fits the graph event (higher is better), or None if it must not join."""
    if report.family != merged.family:
        return None
    if merged.same_document:
        return None  # one article's analysis has merged its own reports: two events there are two events
    mine = set(report.participants)
    same_source = merged.same_source
    common = len(mine & merged.participants)
    if report.family == "project" and _project_ids(db, mine & merged.participants):
        return (bool(report.date) == bool(merged.date), common, report.date == merged.date,
                report.place == merged.place, -merged.first[0], -merged.first[1])
    if report.place and merged.place and report.place != merged.place:
        return None
    if report.date and merged.date:
        if not dates_compatible(report.date, merged.date):
            return None
        if not same_source and min(precision(report.date), precision(merged.date)) <= YEAR_PRECISION:
            # "last year", "in 2018": a year names no particular meeting, and letting such reports
            # join would grow one event per state and year without bound.
            return None
    elif not same_source and not (common >= 2 and report.place and report.place == merged.place
                                  and report.type == merged.type):
        # Across articles an undated report (from an article without a publication date) joins
        # only an event of its own type and place that it names two parties of; _place_report
        # refuses it when several would do.
        return None
    if not (participants_overlap(mine, merged.participants) or (same_source and mine == merged.participants)):
        return None
    return (bool(report.date) == bool(merged.date), common, report.date == merged.date, report.place == merged.place,
            -merged.first[0], -merged.first[1])


def _place_report(db: Connection, report: _Report) -> None:
    fits = [(score, m.id) for m in _candidates(db, report) if (score := _joins(db, report, m)) is not None]
    if not report.date and len(fits) > 1:
        fits = []  # undated and fitting several events: which one it was cannot be told
    if fits:
        gid = max(fits)[1]
    else:
        gid = f"ev-{report.doc_id}-{report.ord}"
        db.execute(
            "INSERT INTO graph_events (id, family, type, modality, sources, documents, first_seq, first_ord)"
            " VALUES (?, ?, ?, ?, 0, 0, ?, ?)", (gid, report.family, report.type, report.modality,
                                                report.seq, report.ord))
    db.execute("INSERT INTO graph_event_members (event_id, graph_event) VALUES (?, ?)", (report.id, gid))
    _refresh_event(db, gid)


def _best(counter: Counter, order: list) -> object:
    """The most supported value; ties go to the one that came first in `order`."""
    return max(counter, key=lambda v: (counter[v], -order.index(v)))


def _refresh_event(db: Connection, gid: str) -> None:
    """Recompute a graph event's columns and participants from all its reports."""
    reports = _reports(db, "e.id IN (SELECT event_id FROM graph_event_members WHERE graph_event = ?)", (gid,))

    def support(key) -> Counter:
        """Values of a report attribute, each counted once per independent source."""
        seen = {(key(r), r.cluster) for r in reports if key(r) is not None}
        return Counter(value for value, _ in seen)

    types = support(lambda r: r.type)
    type_ = min(types, key=lambda t: (-types[t], TYPE_PRIORITY.index(t) if t in TYPE_PRIORITY else 99))
    places = support(lambda r: r.place)
    place = _best(places, [r.place for r in reports]) if places else None
    date_, contested, alternatives = _event_date(reports)
    english = [r.label for r in reports if r.label and (r.language or "").startswith("en")]
    labels = english or [r.label for r in reports if r.label]
    modality = min((r.modality for r in reports),
                   key=lambda m: MODALITY_PRIORITY.index(m) if m in MODALITY_PRIORITY else 99)
    first = reports[0]
    bounds = date_bounds(date_) if date_ else None
    wanted = {"type": type_, "date": date_, "date_start": bounds[0].isoformat() if bounds else None,
              "date_end": bounds[1].isoformat() if bounds else None, "place": place,
              "label": labels[0] if labels else None, "modality": modality, "contested": int(contested),
              "alternatives": json.dumps(alternatives, ensure_ascii=False) if alternatives else None,
              "sources": len({r.cluster for r in reports}), "documents": len({r.doc_id for r in reports}),
              "first_seq": first.seq, "first_ord": first.ord}
    # Only what changed is written: a column in SET rewrites the entries of every index on it, even
    # with the value it had, and most reports joining an event change its counts only.
    _update_changed(db, "graph_events", "id = ?", (gid,), wanted)
    participants = Counter(entity_id for entity_id, _ in {(p, r.cluster) for r in reports for p in r.participants})
    # The event's look-up columns go with every participant row: see _shared_events.
    looked_up = {"family": first.family, "date_start": wanted["date_start"], "date_end": wanted["date_end"],
                 "span_days": _span_days(bounds), "place": place, "participants": len(participants)}
    stored = {row[0]: row[1:] for row in db.execute(
        f"SELECT entity_id, sources, {', '.join(looked_up)} FROM graph_event_participants WHERE graph_event = ?",
        (gid,))}
    gone = sorted(set(stored) - set(participants))
    db.executemany("DELETE FROM graph_event_participants WHERE graph_event = ? AND entity_id = ?",
                   [(gid, entity_id) for entity_id in gone])
    db.executemany(
        f"INSERT INTO graph_event_participants (graph_event, entity_id, sources, {', '.join(looked_up)})"
        f" VALUES (?, ?, ?, {', '.join('?' * len(looked_up))})",
        [(gid, entity_id, n, *looked_up.values()) for entity_id, n in sorted(participants.items())
         if entity_id not in stored])
    for entity_id, n in sorted(participants.items()):
        if entity_id in stored:
            _update_changed(db, "graph_event_participants", "graph_event = ? AND entity_id = ?", (gid, entity_id),
                            {"sources": n, **looked_up}, dict(zip(("sources", *looked_up), stored[entity_id])))


def _update_changed(db: Connection, table: str, where: str, key: tuple, wanted: dict,
                    current: dict | None = None) -> None:
    """Set the columns of one row whose values differ from `wanted` (read first unless given)."""
    if current is None:
        row = db.execute(f"SELECT {', '.join(wanted)} FROM {table} WHERE {where}", key).fetchone()
        current = dict(zip(wanted, row)) if row else {}
    changed = {column: value for column, value in wanted.items() if current.get(column) != value}
    if changed:
        db.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in changed)} WHERE {where}",
                   (*changed.values(), *key))


def _span_days(bounds: tuple[date, date] | None) -> int | None:
    """The smallest of SPAN_DAYS that the days of a date fit in."""
    if bounds is None:
        return None
    days = (bounds[1] - bounds[0]).days + 1
    return next((span for span in SPAN_DAYS if days <= span), SPAN_DAYS[-1])


def _event_date(reports: list[_Report]) -> tuple[str | None, bool, list[dict]]:
    """The best supported date, whether reports give dates that cannot all be true, and the alternatives."""
    dated = [r for r in reports if r.date]
    if not dated:
        return None, False, []
    clusters: dict[str, set[str]] = {}
    for r in dated:
        clusters.setdefault(r.date, set()).add(r.cluster)
    distinct = list(clusters)

    order = {d: i for i, d in enumerate(distinct)}
    if len(distinct) <= PAIRWISE_DATES:
        def key(d: str) -> tuple:
            agreeing = set().union(*(clusters[o] for o in distinct if dates_compatible(d, o)))
            return (len(agreeing), len(clusters[d]), precision(d), -order[d])

        best = max(distinct, key=key)
        contested = any(not dates_compatible(a, b) for i, a in enumerate(distinct) for b in distinct[i + 1:])
    else:
        # A much-reported project can gather thousands of dates: comparing every pair would make each
        # new report cost more than the last. The most supported date wins; any date that cannot be
        # true beside it makes the event contested.
        best = max(distinct, key=lambda d: (len(clusters[d]), precision(d), -order[d]))
        contested = any(not dates_compatible(best, d) for d in distinct)
    alternatives = []
    if contested:
        alternatives = [{"date": d, "documents": sorted({r.doc_id for r in dated if r.date == d}),
                         "sources": len(clusters[d])} for d in sorted(distinct)]
    return best, contested, alternatives


# -- facts -----------------------------------------------------------------

def fact_slot(fact_type: str, subjects: list[str], unit: str, period: str | None, modality: str,
              cluster: str) -> tuple:
    """What a figure is about. Without period or subjects, nothing ties two articles' figures
    together, so the slot is then private to the article's cluster."""
    subject_set = tuple(sorted(set(subjects)))
    slot = (fact_family(fact_type), subject_set, unit, period, FACT_MODALITY.get(modality, "actual"))
    if period is None or not subject_set:
        slot += (cluster,)
    return slot


def slot_id(slot: tuple) -> str:
    return "fa-" + hashlib.sha1(json.dumps(slot, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def _place_claim(db: Connection, doc_id: str, seq: int, cluster: str, row: tuple) -> None:
    fact_id, ord_, type_, value, unit, period, qualifier, modality = row
    subjects = [r[0] for r in db.execute(
        "SELECT entity_id FROM fact_subjects WHERE fact_id = ? ORDER BY ord", (fact_id,))]
    slot = fact_slot(type_, subjects, unit, period, modality, cluster)
    base = slot_id(slot)
    # "id LIKE base-%" would read every fact; ids of one slot are base, base-2, base-3...: a key range
    existing = [r[0] for r in db.execute(
        "SELECT id FROM graph_facts WHERE id = ? OR (id > ? AND id < ?) ORDER BY first_seq, first_ord",
        (base, base + "-", base + "."))]
    target = None
    if slot[0] in CONTESTABLE_FACTS:
        target = existing[0] if existing else None
    else:
        for gid in existing:  # another value is another deal: join a fact only if the values agree
            claims = _claims(db, gid)
            if claims_agree([(v, q) for v, q, *_ in claims] + [(value, qualifier)]):
                target = gid
                break
    if target is None:
        target = base if not existing else f"{base}-{doc_id}-{ord_}"
        db.execute(
            "INSERT INTO graph_facts (id, family, type, unit, period, modality, value, qualifier, sources,"
            " documents, first_seq, first_ord) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)",
            (target, slot[0], type_, unit, period, slot[4], value, qualifier, seq, ord_))
        db.executemany("INSERT INTO graph_fact_subjects (graph_fact, ord, entity_id, period) VALUES (?, ?, ?, ?)",
                       [(target, i, s, period) for i, s in enumerate(slot[1])])
    db.execute("INSERT INTO graph_fact_members (fact_id, graph_fact) VALUES (?, ?)", (fact_id, target))
    _refresh_fact(db, target)


def _claims(db: Connection, gid: str) -> list[tuple]:
    """(value, qualifier, type, cluster, doc id, seq, ord) of a graph fact's claims, in storage order."""
    return db.execute(
        "SELECT f.value, f.qualifier, f.type, COALESCE(c.cluster, f.doc_id), f.doc_id, d.seq, f.ord"
        " FROM graph_fact_members AS m JOIN facts AS f ON f.id = m.fact_id JOIN documents AS d ON d.id = f.doc_id"
        " LEFT JOIN doc_clusters AS c ON c.doc_id = f.doc_id WHERE m.graph_fact = ? ORDER BY d.seq, f.ord",
        (gid,)).fetchall()


def _refresh_fact(db: Connection, gid: str) -> None:
    """Recompute a graph fact's value, contest flag and counts from all its claims.

    The value shown is the one most independent sources agree with (their
    claims fit it within TOLERANCE), preferring exact claims, then the first.
    """
    claims = _claims(db, gid)
    family = db.execute("SELECT family FROM graph_facts WHERE id = ?", (gid,)).fetchone()[0]
    # Compared by distinct (value, qualifier): a much-reported figure repeats a few values many times.
    clusters_of: dict[tuple, set[str]] = {}
    for c in claims:
        clusters_of.setdefault((c[0], c[1]), set()).add(c[3])
    agreeing = {claim: set().union(*(clusters for other, clusters in clusters_of.items()
                                     if claims_agree([claim, other])))
                for claim in clusters_of}

    def key(i: int) -> tuple:
        value, qualifier = claims[i][0], claims[i][1]
        return (len(agreeing[(value, qualifier)]), -QUALIFIER_PRECISION.get(qualifier, 3), -i)

    best = claims[max(range(len(claims)), key=key)]
    contested = family in CONTESTABLE_FACTS and not claims_agree(list(clusters_of))
    types = Counter(c[2] for c in claims)
    db.execute(
        "UPDATE graph_facts SET type = ?, value = ?, qualifier = ?, contested = ?, sources = ?, documents = ?,"
        " first_seq = ?, first_ord = ? WHERE id = ?",
        (_best(types, [c[2] for c in claims]), best[0], best[1], int(contested), len({c[3] for c in claims}),
         len({c[4] for c in claims}), claims[0][5], claims[0][6], gid))
