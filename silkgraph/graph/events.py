"""Reports of one real-world event become one graph event with several sources.

A report is compared with the graph events that share participants with it
around its days (found along an index, so that the cost does not grow with
the store) and with those its own near-duplicate cluster reported. It joins
the best one that the rules of silkgraph.graph.rules allow: a compatible
type, date, place and enough specific participants. Reports of one project
share the project entity: they merge whatever their dates. An undated report,
or a background mention that gives only a year, joins another source's event
only at its place, of its own type, and only when exactly one event fits.
Analysts' decisions (silkgraph.graph.decisions: keep two reports apart, or
together) come before every rule. Why a report joined is kept beside it (the member's
`reason`), for the API and the event page.

The event's shown values are the best supported of the distinct values its
reports gave (silkgraph.graph.support): a report costs a few keyed look-ups,
however many reports came before it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from silkgraph.graph import decisions, rules, support
from silkgraph.model import dates_compatible
from silkgraph.model import iso_bounds as date_bounds
from silkgraph.model import iso_precision as precision
from silkgraph.ontology import ONTOLOGY
from silkgraph.store.base import rows_in
from silkgraph.store.corrections import Overlay, load_overlay

Connection = Any

EVENT_FAMILY = ONTOLOGY.event_family_of  # families and priorities: silkgraph/ontology.yaml
# Which event type names the merged event when its reports differ: the more specific first.
TYPE_PRIORITY = ONTOLOGY.event_type_priority
MODALITY_PRIORITY = ONTOLOGY.event_modality_priority
PAIRWISE_DATES = 40  # up to this many distinct dates, every pair is compared
MAX_JOINABLE_DAYS = 92  # the longest span an event may have and still join another source's report: a quarter
SPAN_DAYS = (1, 31, 92, 366)  # classes of how long an event's date is: day, month, quarter, year
SHOWN_ATTRS = ("type", "date", "weak_date", "place", "modality", "participant", "label")


def event_family(event_type: str) -> str:
    return EVENT_FAMILY.get(event_type, "other")


@dataclass(slots=True)
class Report:
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
    published: str | None
    participants: list[str] = field(default_factory=list)
    context: bool = False  # the date is borrowed from the happening its undated article shares with another
    confirmed: bool = False  # an analyst corrected the date: it is the event's, whatever the publication date

    @property
    def family(self) -> str:
        return event_family(self.type)

    @property
    def weak(self) -> bool:
        """Its date is only the document's publication date or month (where the report was
        written, maybe not when the event was), or borrowed from its article's context."""
        if self.context:
            return True
        if self.confirmed or not self.date or not self.published:
            return False
        return self.date == self.published or (
            precision(self.date) == rules.MONTH and self.published.startswith(self.date + "-")
        )

    @property
    def key(self) -> str:
        return f"{self.doc_id}#{self.ord}"

    @property
    def own_event(self) -> str:
        """The id of the event the report begins when it joins none."""
        return f"ev-{self.doc_id}-{self.ord}"


def place_document(db: Connection, doc_id: str, overlay: Overlay | None = None) -> None:
    """Place every event report of a stored document, those with a date or place first.

    An article without a date is still about some time: when one of its reports joins a dated
    event of another source ("the summit in Astana"), its undated, placeless reports are looked
    for around that event's date (as weak evidence), each joining only the one event of its own
    type that fits."""
    reports = sorted(document_reports(db, doc_id, overlay), key=lambda r: (not (r.date or r.place), r.ord))
    context = None
    begun: list[Report] = []  # dated reports that began an event of their own
    partners: dict[str, str] = {}  # undated articles that first reported a happening this one shares -> it
    for report in reports:
        if context and not report.date and not report.place:
            report.date, report.context = context, True
        gid, other_source = place_report(db, report)
        if other_source and not report.date and context is None:
            context = db.execute("SELECT date FROM graph_events WHERE id = ?", (gid,)).fetchone()[0]
        if other_source:
            for partner in _undated_first_reporter(db, gid):
                partners.setdefault(partner, gid)
        elif report.date and not report.context and gid == report.own_event:
            begun.append(report)
    if partners and begun:
        _join_undated_partners(db, begun, partners)


def _undated_first_reporter(db: Connection, gid: str) -> list[str]:
    """The article without a date whose undated report began the event, if one did (one look-up)."""
    return [
        row[0]
        for row in db.execute(
            "SELECT d.id FROM graph_events AS g JOIN documents AS d ON d.seq = g.first_seq"
            " JOIN events AS e ON e.doc_id = d.id AND e.ord = g.first_ord"
            " WHERE g.id = ? AND d.published IS NULL AND e.date IS NULL",
            (gid,),
        )
    ]


def _join_undated_partners(db: Connection, begun: list[Report], partners: dict[str, str]) -> None:
    """The same as an undated article's reports joining a dated article's events around the
    happening they share, when the undated article came first: each dated report that began an
    event of its own joins instead the one undated, placeless event of its type that an undated
    partner article reported and that it fits, so that the graph does not depend on which of
    two articles was stored first. The undated article's date is the shared happening's, as when
    it comes second (place_document)."""
    pending = {}  # undated event -> the date its article has from the happening it shares
    for gid, doc_id in rows_in(
        db,
        "SELECT m.graph_event, e.doc_id FROM events AS e JOIN graph_event_members AS m ON m.event_id = e.id"
        " WHERE e.date IS NULL AND e.place IS NULL AND e.doc_id IN ({})",
        sorted(partners),
    ):
        shared = db.execute("SELECT date FROM graph_events WHERE id = ?", (partners[doc_id],)).fetchone()
        if shared and shared[0]:
            pending[gid] = shared[0]
    for report in begun:
        split = {gid for gid, kind in decisions.decisions_about(db, report.key).items() if kind == "split"}
        open_ = set(pending) - split
        fitting = [
            merged
            for merged in _candidates(db, report, open_)
            if merged.id in open_ and _fits_undated(report, merged, pending[merged.id])
        ]
        if len(fitting) != 1:  # none, or several: which one it was cannot be told
            continue
        merged = fitting[0]
        _discard_event(db, report.own_event)
        reason = _explain(report, merged, set(report.participants) & merged.participants)
        _attach(db, report, merged.id, {**reason, "undated_partner": True})
        del pending[merged.id]


def _fits_undated(report: Report, merged: Merged, context: str) -> bool:
    """Whether a dated report may be the undated event of a partner article whose date is `context`
    (weak evidence): its own type, a compatible place, enough participants in common; a signing
    only when both dates are days (as _joins)."""
    mine, types = set(report.participants), {report.type, *merged.types}
    return (
        rules.dates_match(context, True, report.date or "", report.weak)
        and not (report.family == "agreement" and not precision(context) == precision(report.date) == rules.DAY)
        and not merged.same_document
        and merged.date is None
        and report.type in merged.types
        and rules.places_compatible(report.place, merged.place)
        and rules.participants_match(mine, merged.participants, "summit" in types)
        and not rules.different_leaders(types, mine, merged.participants)
        and not rules.different_holders(types, mine, merged.participants)
    )


def _discard_event(db: Connection, gid: str) -> None:
    """Remove an event that one report began in this same step (before anything else read it)."""
    for table, column in (
        ("graph_event_members", "graph_event"),
        ("graph_event_participants", "graph_event"),
        ("graph_support_sources", "node"),
        ("graph_support", "node"),
        ("graph_events", "id"),
    ):
        db.execute(f"DELETE FROM {table} WHERE {column} = ?", (gid,))


def document_reports(db: Connection, doc_id: str, overlay: Overlay | None = None) -> list[Report]:
    """The event reports of one stored document, in order, with their participants, as the
    analysts' corrections (`overlay`, read from the store when not given) leave them."""
    rows = db.execute(
        "SELECT e.id, e.doc_id, e.ord, d.seq, e.type, e.date, e.place, e.label, e.modality, d.language,"
        " COALESCE(c.cluster, e.doc_id), d.published"
        " FROM events AS e JOIN documents AS d ON d.id = e.doc_id LEFT JOIN doc_clusters AS c ON c.doc_id = e.doc_id"
        " WHERE e.doc_id = ? ORDER BY e.ord",
        (doc_id,),
    ).fetchall()
    reports = [Report(*row) for row in rows]
    by_id = {r.id: r for r in reports}
    for event_id, entity_id in rows_in(
        db,
        "SELECT event_id, entity_id FROM event_participants WHERE event_id IN ({}) ORDER BY event_id, ord",
        list(by_id),
    ):
        if entity_id not in by_id[event_id].participants:
            by_id[event_id].participants.append(entity_id)
    return corrected_reports(reports, load_overlay(db, doc_id) if overlay is None else overlay)


def corrected_reports(reports: list[Report], overlay: Overlay) -> list[Report]:
    """The reports an analyst did not reject, with their participants, date and place corrected."""
    if overlay.empty:
        return reports
    kept = []
    for report in reports:
        changes = overlay.event(report.ord)
        if changes.rejected:
            continue
        report.participants = overlay.members(report.ord, report.participants)
        if changes.values.get("date"):
            report.date, report.confirmed = str(changes.values["date"]), True
        if "place" in changes.values:
            place = changes.values["place"]
            report.place = overlay.entity(place) if place else None
        kept.append(report)
    return kept


@dataclass(slots=True)
class Merged:
    """A graph event as a report is compared with it."""

    id: str
    family: str
    types: set[str]
    date: str | None
    weak: bool
    place: str | None
    first: tuple[int, int]
    participants: set[str]
    same_source: bool  # a report of the report's own near-duplicate cluster is among its members
    same_document: bool  # a report of the report's own document is


def _project_ids(db: Connection, ids) -> set[str]:
    return {r[0] for r in rows_in(db, "SELECT id FROM entities WHERE type = 'project' AND id IN ({})", sorted(ids))}


def _shared_events(db: Connection, report: Report, projects: list[str]) -> set[str]:
    """Graph events of other sources that the report could join by its participants.

    Every look-up is a range of graph_event_participants_lookup (entity, family,
    length of the date, first day), read from the index alone, so that its cost
    depends on how busy the days around the report are, not on how many events
    the store holds. An undated report, rare, reads the entity's family at its place;
    a year-only one the year's events at its place.
    """
    if projects:  # reports of one project join whatever their dates: looked up by the project alone
        looked_up, need = projects, 1
    else:
        # one in common may do for a summit (its holder: rules.weight) and for a one-participant report
        looked_up, need = report.participants, 1 if len(report.participants) == 1 or report.type == "summit" else 2
        if report.type == "summit":  # and by the body holding it: "the GCC–Central Asia summit" is the GCC's
            looked_up = sorted(set(looked_up) | rules.holders(looked_up))
    if not looked_up:
        return set()
    day_only = _other_sources_by_day_only(report)
    if day_only and (not report.date or precision(report.date) != rules.DAY):
        return set()  # joins its own source's events alone, which _candidates adds
    marks = ",".join("?" * len(looked_up))
    rows = f"SELECT graph_event, participants FROM graph_event_participants WHERE entity_id IN ({marks}) AND family = ?"
    key = (*looked_up, report.family)
    # One range of an index per part, joined with UNION ALL: written as one condition with OR,
    # the database may scan every event the participants ever had instead.
    if projects:
        parts = [(rows, key)]
    elif report.date:
        lo, hi = date_bounds(report.date) or (None, None)
        if lo is None:
            return set()
        at_place = ""
        place_params: tuple = ()
        if rules.is_vague(report.date):
            if not report.place:
                return set()  # "in 2018", nowhere: names no particular event of another source
            chain = rules.place_chain(report.place)
            at_place = f" AND place IN ({','.join('?' * len(chain))})"
            place_params = chain
        slack = timedelta(days=rules.lookup_slack())
        # A matching event lies within the report's days (+- slack) or contains them, so it
        # starts at most its own length before them: events are looked for by length, a day (most
        # of them) in the report's days only, a month up to 30 days earlier, a quarter (the longest
        # that may join another source's report: a year may not) up to 91.
        parts = [
            (
                rows + " AND span_days = ? AND date_start >= ? AND date_start <= ? AND date_end >= ?" + at_place,
                (
                    *key,
                    span,
                    (lo - slack - timedelta(days=span - 1)).isoformat(),
                    (hi + slack).isoformat(),
                    (lo - slack).isoformat(),
                    *place_params,
                ),
            )
            for span in SPAN_DAYS
            if span <= (1 if day_only else MAX_JOINABLE_DAYS)
        ]
        if report.place and not day_only:  # an undated event of another source is joined at the same place only
            parts.append((rows + " AND span_days IS NULL AND place = ?", (*key, report.place)))
    elif report.place:
        parts = [(rows + " AND place = ?", (*key, report.place))]
    else:
        return set()  # undated and placeless: joins only events of its own source
    found = set()
    for gid, common, size in db.execute(
        "SELECT graph_event, COUNT(*), MAX(participants) FROM ("
        + " UNION ALL ".join(sql for sql, _ in parts)
        + ") AS p GROUP BY graph_event",
        tuple(v for _, params in parts for v in params),
    ):
        # two in common, or one where either has one (rules.participants_match weighs them later)
        if common >= need or (size == 1 and report.date):
            found.add(gid)
    return found


def _other_sources_by_day_only(report: Report) -> bool:
    """Whether the report may join another source's event only when both give a day (_joins: which
    of a month's signings an "agreement in November" was cannot be told), so that events of other
    sources dated less precisely, or not at all, need not be looked up."""
    return report.family == "agreement"


def _candidates(db: Connection, report: Report, forced: set[str]) -> list[Merged]:
    """Graph events of the report's family that share participants with it (found through
    an index on participant, family and days), hold a report of its own source, or that an
    analyst joined it to; less those whose date or place rules them out already."""
    projects = sorted(_project_ids(db, report.participants)) if report.family == "project" else []
    ids = _shared_events(db, report, projects)
    if not report.date and not projects and len(ids) > 2:
        # Undated, a report joins another source's event only of its own type, place and two of
        # its parties, and none when several fit (place_report): so two such are as good as all
        # of them, and a busy place has thousands.
        ordered = sorted(ids)
        ids = set()
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            ids.update(
                r[0]
                for r in db.execute(
                    f"SELECT id FROM graph_events WHERE id IN ({','.join('?' * len(chunk))}) AND type = ?"
                    " ORDER BY id LIMIT 2",
                    (*chunk, report.type),
                )
            )
            if len(ids) >= 2:
                break
    # Kept per event as an aggregate: the events of the cluster, however many reports it has.
    own_source = {
        r[0]
        for r in db.execute("SELECT node FROM graph_support WHERE attr = 'source' AND value = ?", (report.cluster,))
    }
    own_document = {
        r[0]
        for r in db.execute(
            "SELECT m.graph_event FROM events AS e JOIN graph_event_members AS m ON m.event_id = e.id"
            " WHERE e.doc_id = ?",
            (report.doc_id,),
        )
    }
    ids |= own_source | own_document | forced
    # Looked up by id alone, the family compared here: given "family = ?" too, the database
    # may walk the family's index instead, through every event of the family.
    kept = [
        row[:7]
        for row in rows_in(
            db,
            "SELECT id, date, date_weak, place, first_seq, first_ord, type, family FROM graph_events WHERE id IN ({})",
            sorted(ids),
        )
        if row[0] in forced or (row[7] == report.family and (projects or rules.types_may_fit(report.type, row[6])))
    ]
    if not projects:  # a project's reports may differ on date and place
        kept = [
            row
            for row in kept
            if row[0] in forced
            or (
                not (report.date and row[1] and not rules.dates_match(report.date, report.weak, row[1], bool(row[2])))
                and rules.places_compatible(report.place, row[3])
            )
        ]
    kept.sort()
    wanted = [row[0] for row in kept]
    participants: dict[str, set[str]] = {gid: set() for gid in wanted}
    for gid, entity_id in rows_in(
        db, "SELECT graph_event, entity_id FROM graph_event_participants WHERE graph_event IN ({})", wanted
    ):
        participants[gid].add(entity_id)
    types: dict[str, set[str]] = {gid: set() for gid in wanted}
    for gid, type_ in rows_in(db, "SELECT node, value FROM graph_support WHERE node IN ({}) AND attr = 'type'", wanted):
        types[gid].add(type_)
    return [
        Merged(
            gid,
            report.family,
            types[gid] or {type_},
            date_,
            bool(weak),
            place,
            (first_seq, first_ord),
            participants[gid],
            gid in own_source,
            gid in own_document,
        )
        for gid, date_, weak, place, first_seq, first_ord, type_ in kept
    ]


def _explain(report: Report, merged: Merged, common: set[str]) -> dict:
    """What matched when the report joined the event, for the analyst."""
    reason: dict = {"type": [report.type, sorted(merged.types)], "participants": sorted(common)}
    if report.date and merged.date:
        reason["date"] = [report.date, merged.date]
        if report.context:
            reason["date_from_context"] = True
        elif report.weak or merged.weak:
            reason["date_from_publication"] = True
    if report.place and merged.place:
        reason["place"] = [report.place, merged.place]
    if merged.same_source:
        reason["same_source"] = True
    held_by = rules.holders(report.participants) & rules.holders(merged.participants)
    if held_by and {report.type, *merged.types} & rules.HELD_BY_BODIES:
        reason["held_by"] = sorted(held_by)  # the body holding both: "the SCO summit", "C5+1"
    return reason


def _types_fit(report: Report, merged: Merged) -> bool:
    """The report's type may be one happening with every type the event's reports gave."""
    mine, theirs = rules.countries(report.participants), rules.countries(merged.participants)
    groups = rules.member_states(report.participants), rules.member_states(merged.participants)
    return all(
        rules.types_compatible(report.type, t, mine, theirs, *groups)
        and not rules.trip_and_stop(report.type, t, mine, theirs)
        for t in merged.types
    )


def _joins(db: Connection, report: Report, merged: Merged) -> tuple[tuple, dict] | None:
    """How well the report fits the graph event (higher is better) and why, or None if it must not join."""
    if report.family != merged.family or merged.same_document:
        return None  # one article's analysis has merged its own reports: two events there are two events
    mine = set(report.participants)
    common = mine & merged.participants
    summit = "summit" in {report.type, *merged.types}
    rank = (
        rules.overlap_weight(common, summit),
        report.date == merged.date,
        report.place == merged.place,
        -merged.first[0],
        -merged.first[1],
    )
    if report.family == "project" and _project_ids(db, common):
        return (bool(report.date) == bool(merged.date), *rank), _explain(report, merged, common)
    if not _types_fit(report, merged) or not rules.places_compatible(report.place, merged.place):
        return None
    same_source = merged.same_source
    if report.context and report.type not in merged.types:
        return None  # a borrowed date ties only a report of the event's own type
    if report.date and merged.date:
        if not rules.dates_match(report.date, report.weak, merged.date, merged.weak):
            return None
        # "last year", "in 2018": a year names no particular meeting. A background mention
        # ("the summit in Jeddah in 2023") joins the one event of its type at its place.
        vague = rules.is_vague(report.date) or rules.is_vague(merged.date)
        if (
            vague
            and not same_source
            and not (
                rules.is_vague(report.date)
                and report.place
                and merged.place
                and report.type in merged.types
                and rules.overlap_weight(common, summit) >= rules.ENOUGH_OVERLAP
            )
        ):
            return None
        if (
            report.family == "agreement"
            and not same_source
            and not (precision(report.date) == rules.DAY and precision(merged.date) == rules.DAY)
        ):
            return None  # "an agreement in November": which of the month's signings cannot be told
    elif not same_source and (
        report.family == "agreement"
        or not (
            (len(common) >= 2 or rules.participants_match(mine, merged.participants, summit))
            and report.place
            and report.place == merged.place
            and report.type in merged.types
        )
    ):
        # Across articles an undated report (from an article without a publication date) joins
        # only an event of its own type and place that it names two parties of (or, for a summit,
        # its holder); place_report refuses it when several would do. An undated signing, none.
        return None
    if not (
        rules.participants_match(mine, merged.participants, summit) or (same_source and mine == merged.participants)
    ):
        return None
    types = {report.type, *merged.types}
    if rules.different_leaders(types, mine, merged.participants) or rules.different_holders(
        types, mine, merged.participants
    ):
        return None
    return (bool(report.date) == bool(merged.date), *rank), _explain(report, merged, common)


def place_report(db: Connection, report: Report) -> tuple[str, bool]:
    """Join the report to the event it best fits, or make it a new event; then update the event.
    Returns the event and whether the report joined another source's report there."""
    decided = decisions.decisions_about(db, report.key)
    forced = {gid for gid, kind in decided.items() if kind == "join"}
    fits = []
    for merged in _candidates(db, report, forced):
        if decided.get(merged.id) == "split":
            continue
        if merged.id in forced:
            fits.append(((1,), merged.id, {"decision": "join"}))
        elif (verdict := _joins(db, report, merged)) is not None:
            fits.append(((0, *verdict[0]), merged.id, verdict[1]))
    if (not report.date or report.context) and len(fits) > 1 and not forced:
        fits = []  # undated and fitting several events: which one it was cannot be told
    elif report.date and rules.is_vague(report.date):
        other_sources = [f for f in fits if f[0][0] == 0 and not f[2].get("same_source")]
        if len(other_sources) > 1:  # a background mention that fits several events names none of them
            fits = [f for f in fits if f not in other_sources]
    if fits:
        _, gid, reason = max(fits, key=lambda f: (f[0], f[1]))
    else:
        gid, reason = report.own_event, None
        db.execute(
            "INSERT INTO graph_events (id, family, type, modality, sources, documents, first_seq, first_ord)"
            " VALUES (?, ?, ?, ?, 0, 0, ?, ?)",
            (gid, report.family, report.type, report.modality, report.seq, report.ord),
        )
    _attach(db, report, gid, reason)
    return gid, bool(reason) and not reason.get("same_source")


def _attach(db: Connection, report: Report, gid: str, reason: dict | None) -> None:
    """Make the report a member of the event, with why it joined, and count it there."""
    db.execute(
        "INSERT INTO graph_event_members (event_id, graph_event, reason) VALUES (?, ?, ?)",
        (report.id, gid, json.dumps(reason, ensure_ascii=False, sort_keys=True) if reason else None),
    )
    _add_to_event(db, gid, report)


def _best(values: list[support.Value]) -> str:
    """The value most independent sources gave; ties go to the one that came first."""
    return max(values, key=lambda v: (v.sources, [-x for x in v.first])).value


def _add_to_event(db: Connection, gid: str, report: Report) -> None:
    """Count the report in the event's aggregates and update the event's columns and participants."""
    first, cluster = (report.seq, report.ord), report.cluster
    new_source = support.add(db, gid, "source", cluster, cluster, first)
    new_document = support.add(db, gid, "document", report.doc_id, cluster, first)
    support.add(db, gid, "type", report.type, cluster, first)
    support.add(db, gid, "modality", report.modality, cluster, first)
    if report.place:
        support.add(db, gid, "place", report.place, cluster, first)
    if report.date and not report.context:
        support.add(db, gid, "weak_date" if report.weak else "date", report.date, cluster, first, report.doc_id)
    for entity_id in report.participants:
        support.add(db, gid, "participant", entity_id, cluster, first)
    if report.label:
        english = (report.language or "").startswith("en")
        support.keep_first(db, gid, "label", "en" if english else "other", first, report.label)
    found = support.values(db, gid, SHOWN_ATTRS)
    sources, documents, first_seq, first_ord = db.execute(
        "SELECT sources, documents, first_seq, first_ord FROM graph_events WHERE id = ?", (gid,)
    ).fetchone()
    earliest = min((first_seq, first_ord), first)
    type_ = min(
        found["type"],
        key=lambda v: (-v.sources, TYPE_PRIORITY.index(v.value) if v.value in TYPE_PRIORITY else 99, v.first),
    ).value
    place = _best(found["place"]) if found["place"] else None
    weak = not found["date"] and bool(found["weak_date"])
    date_, contested, alternatives = _event_date(found["weak_date"] if weak else found["date"])
    labels = {v.value: v.example for v in found["label"]}
    modality = min(
        (v.value for v in found["modality"]), key=lambda m: MODALITY_PRIORITY.index(m) if m in MODALITY_PRIORITY else 99
    )
    bounds = date_bounds(date_) if date_ else None
    wanted = {
        "type": type_,
        "date": date_,
        "date_start": bounds[0].isoformat() if bounds else None,
        "date_end": bounds[1].isoformat() if bounds else None,
        "date_weak": int(weak),
        "place": place,
        "label": labels.get("en") or labels.get("other"),
        "modality": modality,
        "contested": int(contested),
        "alternatives": json.dumps(alternatives, ensure_ascii=False) if alternatives else None,
        "sources": sources + new_source,
        "documents": documents + new_document,
        "first_seq": earliest[0],
        "first_ord": earliest[1],
    }
    # Only what changed is written: a column in SET rewrites the entries of every index on it, even
    # with the value it had, and most reports joining an event change its counts only.
    _update_changed(db, "graph_events", "id = ?", (gid,), wanted)
    participants = {v.value: v.sources for v in found["participant"]}
    _write_participants(
        db,
        gid,
        report.family,
        participants,
        {
            "date_start": wanted["date_start"],
            "date_end": wanted["date_end"],
            "span_days": _span_days(bounds),
            "place": place,
        },
    )


def _write_participants(db: Connection, gid: str, family: str, participants: dict[str, int], when: dict) -> None:
    """The event's participant rows, with the event's look-up columns on every one (see _shared_events)."""
    looked_up = {
        "family": family,
        "date_start": when["date_start"],
        "date_end": when["date_end"],
        "span_days": when["span_days"],
        "place": when["place"],
        "participants": len(participants),
    }
    stored = {
        row[0]: row[1:]
        for row in db.execute(
            f"SELECT entity_id, sources, {', '.join(looked_up)} FROM graph_event_participants WHERE graph_event = ?",
            (gid,),
        )
    }
    db.executemany(
        f"INSERT INTO graph_event_participants (graph_event, entity_id, sources, {', '.join(looked_up)})"
        f" VALUES (?, ?, ?, {', '.join('?' * len(looked_up))})",
        [
            (gid, entity_id, n, *looked_up.values())
            for entity_id, n in sorted(participants.items())
            if entity_id not in stored
        ],
    )
    for entity_id, n in sorted(participants.items()):
        if entity_id in stored:
            _update_changed(
                db,
                "graph_event_participants",
                "graph_event = ? AND entity_id = ?",
                (gid, entity_id),
                {"sources": n, **looked_up},
                dict(zip(("sources", *looked_up), stored[entity_id])),
            )


def _update_changed(
    db: Connection, table: str, where: str, key: tuple, wanted: dict, current: dict | None = None
) -> None:
    """Set the columns of one row whose values differ from `wanted` (read first unless given)."""
    if current is None:
        row = db.execute(f"SELECT {', '.join(wanted)} FROM {table} WHERE {where}", key).fetchone()
        current = dict(zip(wanted, row)) if row else {}
    changed = {column: value for column, value in wanted.items() if current.get(column) != value}
    if changed:
        db.execute(
            f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in changed)} WHERE {where}", (*changed.values(), *key)
        )


def _span_days(bounds: tuple[date, date] | None) -> int | None:
    """The smallest of SPAN_DAYS that the days of a date fit in."""
    if bounds is None:
        return None
    days = (bounds[1] - bounds[0]).days + 1
    return next((span for span in SPAN_DAYS if days <= span), SPAN_DAYS[-1])


def _event_date(dates: list[support.Value]) -> tuple[str | None, bool, list[dict]]:
    """The best supported date, whether the dates given cannot all be true, and the alternatives.

    A date's support is the sources of every date compatible with it ("2025-06" supports
    "2025-06-14"); ties go to its own sources, then the more precise, then the first given."""
    if not dates:
        return None, False, []
    order = {v.value: i for i, v in enumerate(dates)}
    own = {v.value: v.sources for v in dates}
    if len(dates) <= PAIRWISE_DATES:

        def key(d: str) -> tuple:
            agreeing = sum(own[o] for o in own if dates_compatible(d, o))
            return (agreeing, own[d], precision(d), -order[d])

        best = max(own, key=key)
        contested = any(not dates_compatible(a.value, b.value) for i, a in enumerate(dates) for b in dates[i + 1 :])
    else:
        # A much-reported project can gather thousands of dates: comparing every pair would make each
        # new report cost more than the last. The most supported date wins; any date that cannot be
        # true beside it makes the event contested.
        best = max(own, key=lambda d: (own[d], precision(d), -order[d]))
        contested = any(not dates_compatible(best, d) for d in own)
    alternatives = []
    if contested:
        alternatives = [
            {"date": v.value, "documents": sorted(json.loads(v.example or "[]")), "sources": v.sources}
            for v in sorted(dates, key=lambda v: v.value)
        ]
    return best, contested, alternatives
