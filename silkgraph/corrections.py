"""Analysts' corrections: reject or correct an extracted item, merge or split events and entities.

A correction is store data (``web_corrections``, with who, when and why, and
the item as it was shown): it names what the analyst saw (a graph event or
fact, a quote or mention by its document span, an entity) and is tied to the
stored rows it touches (``correction_targets``; event merges and splits to
``merge_decisions``). The stored analyses never change. The graph applies the
corrections whenever it reads a document (silkgraph.store.corrections), so
that they survive ``rebuild-graph`` and re-ingesting the same articles; each
new or reverted correction re-derives, in its own transaction, the part of the graph it
touches (silkgraph.graph.rederive), with the result a rebuild would give. Reverting
keeps the correction in the audit log and brings the original back.

What can be done (kind, action, item, value):

========== ======= ======================== ==========================================
kind       action  item                     value
========== ======= ======================== ==========================================
event      reject  graph event id           --
event      correct graph event id           {"date": ISO date, "place": entity id}
event      merge   graph event id           {"with": other graph event id}
event      split   graph event id           {"report": "DOCUMENT_ID#ORD" of one report}
participant reject graph event id           {"entity": entity id}
fact       reject  graph fact id            --
fact       correct graph fact id            {"value": number, "unit": text, "period": ISO}
subject    reject  graph fact id            {"entity": entity id}
quote      reject  DOCUMENT_ID:START-END    --
quote      correct DOCUMENT_ID:START-END    {"speaker": entity id or null}
mention    reject  DOCUMENT_ID:START-END    -- (the mention is not of its entity)
entity     merge   entity id                {"into": entity id kept}
entity     split   entity id                {"into": entity id, "documents": [document ids]}
                                            (in these articles the name means the other entity)
entity     reject  entity id                -- (not an entity: left out of events, facts, network)
========== ======= ======================== ==========================================
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from silkgraph import graph
from silkgraph.errors import UsageError
from silkgraph.model import ISO_DATE_PATTERN, iso_bounds
from silkgraph.query import NotFound
from silkgraph.store.base import Store
from silkgraph.graph import rederive
from silkgraph.store.corrections import COLUMNS, MAX_CHAIN, corrections_of, entity_map, parse_row

__all__ = [
    "ACTIONS",
    "COLUMNS",
    "CorrectionError",
    "export",
    "get",
    "listing",
    "record",
    "revert",
    "for_items",
    "import_records",
]

ACTIONS: dict[str, tuple[str, ...]] = {
    "event": ("reject", "correct", "merge", "split"),
    "participant": ("reject",),
    "fact": ("reject", "correct"),
    "subject": ("reject",),
    "quote": ("reject", "correct"),
    "mention": ("reject",),
    "entity": ("reject", "merge", "split"),
}
SPAN_ID = re.compile(r"^(?P<doc>.+):(?P<start>\d{1,9})-(?P<end>\d{1,9})$")
REPORT_ID = re.compile(r"^(?P<doc>.+)#(?P<ord>\d{1,9})$")
MAX_TEXT = 2000  # characters of a note or an author
MAX_UNIT = 40
MAX_SPLIT_DOCUMENTS = 1000  # articles one split names


class CorrectionError(UsageError):
    """A correction that cannot be made as asked (a wrong value, an action the kind does not have)."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- recording -------------------------------------------------------------------------


def record(
    store: Store,
    kind: str,
    item: str,
    action: str,
    value: Any = None,
    note: str | None = None,
    author: str | None = None,
) -> dict:
    """Check, keep and apply one correction; returns it as listed. Raises NotFound for an item
    the store does not have, CorrectionError for a kind, action or value that does not fit."""
    if action not in ACTIONS.get(kind, ()):
        allowed = ", ".join(f"{k}: {'/'.join(a)}" for k, a in ACTIONS.items())
        raise CorrectionError(f"no action {action!r} for {kind!r}; corrections are {allowed}")
    note, author = _short(note, "note"), _short(author, "author")
    created = _now()
    with store.write() as db:
        checked = _CHECKS[kind](db, item, action, value)
        made_id: list[int] = []

        def keep() -> None:
            made_id.append(_insert(db, kind, item, action, checked, note, created, author))

        if checked.changes_graph:
            _rederive(
                db,
                keep,
                _documents_touched(checked.targets, checked.decisions),
                _entities_touched(db, kind, action, item),
            )
        else:
            keep()
        made = _one(db, made_id[0])
        if kind == "event" and action in ("merge", "split"):
            made["events"] = _events_of(db, [d for _, a, b in checked.decisions for d in (a, b)])
        return made


def _insert(
    db: Any, kind: str, item: str, action: str, checked: Checked, note: str | None, created: str, author: str | None
) -> int:
    """Write one correction with the rows it touches and its merge decisions; its id."""
    [(new_id,)] = db.execute(
        "INSERT INTO web_corrections (kind, item, action, value, note, created_at, author, original)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            kind,
            item,
            action,
            json.dumps(checked.value, ensure_ascii=False) if checked.value is not None else None,
            note,
            created,
            author,
            json.dumps(checked.original, ensure_ascii=False),
        ),
    ).fetchall()
    db.executemany(
        "INSERT INTO correction_targets (correction_id, doc_id, target, ord) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        [(new_id, doc_id, target, ord_) for doc_id, target, ord_ in checked.targets],
    )
    db.executemany(
        "INSERT INTO merge_decisions (kind, report_a, report_b, note, created_at, correction_id)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(decision, a, b, note, created, new_id) for decision, a, b in checked.decisions],
    )
    return new_id


def _rederive(db: Any, change: Callable[[], None], documents: set[str], entities: set[str]) -> None:
    """Make `change` and re-derive the graph's part it touches (a whole rebuild when that is large)."""
    rederive.rederive(db, change, documents, entities, graph.rebuild_in)


def _documents_touched(targets: list[tuple[str, str, int]], decisions: list[tuple[str, str, str]]) -> set[str]:
    """The documents whose reading a correction changes: those of its rows and decided reports."""
    docs = {doc_id for doc_id, _, _ in targets}
    for _, a, b in decisions:
        docs.update(REPORT_ID.match(r)["doc"] for r in (a, b) if REPORT_ID.match(r))
    return docs


def _entities_touched(db: Any, kind: str, action: str, item: str) -> set[str]:
    """The entities an entity merge or rejection changes the reading of: the item and every entity
    that is merged into it (whose merge chain passes through it). A split touches its articles only."""
    if kind != "entity" or action == "split":
        return set()
    merges = entity_map(db)
    found = {item}
    for start in merges:
        current: str | None = start
        for _ in range(MAX_CHAIN):
            if current == item:
                found.add(start)
                break
            if current is None or current not in merges:
                break
            current = merges[current]
    return found


def _events_of(db: Any, reports: list[str]) -> list[str]:
    """The graph events these reports ("DOCUMENT_ID#ORD") are in now, in order, once each."""
    found: list[str] = []
    for report in reports:
        match = REPORT_ID.match(report)
        row = (
            match
            and db.execute(
                "SELECT m.graph_event FROM events AS e JOIN graph_event_members AS m ON m.event_id = e.id"
                " WHERE e.doc_id = ? AND e.ord = ?",
                (match["doc"], int(match["ord"])),
            ).fetchone()
        )
        if row and row[0] not in found:
            found.append(row[0])
    return found


def revert(store: Store, correction_id: int, author: str | None = None) -> dict:
    """Take a correction back: it stays listed, with who reverted it and when, and no longer applies."""
    with store.write() as db:
        row = db.execute(
            "SELECT kind, action, item, reverted_at FROM web_corrections WHERE id = ?", (correction_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no correction {correction_id}")
        kind, action, item, reverted_at = row
        if reverted_at is not None:
            raise CorrectionError(f"correction {correction_id} was reverted already")
        targets = [
            (doc_id, target, ord_)
            for doc_id, target, ord_ in db.execute(
                "SELECT doc_id, target, ord FROM correction_targets WHERE correction_id = ?", (correction_id,)
            )
        ]
        decisions = [
            (k, a, b)
            for k, a, b in db.execute(
                "SELECT kind, report_a, report_b FROM merge_decisions WHERE correction_id = ?", (correction_id,)
            )
        ]

        def take_back() -> None:
            db.execute(
                "UPDATE web_corrections SET reverted_at = ?, reverted_by = ? WHERE id = ?",
                (_now(), _short(author, "author"), correction_id),
            )
            db.execute("DELETE FROM merge_decisions WHERE correction_id = ?", (correction_id,))

        if kind == "quote":
            take_back()
        else:
            _rederive(db, take_back, _documents_touched(targets, decisions), _entities_touched(db, kind, action, item))
        return _one(db, correction_id)


def _short(text: str | None, what: str) -> str | None:
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise CorrectionError(f"the {what} is longer than {MAX_TEXT} characters")
    return text or None


# -- reading ---------------------------------------------------------------------------


def _one(db: Any, correction_id: int) -> dict:
    row = db.execute(f"SELECT {', '.join(COLUMNS)} FROM web_corrections WHERE id = ?", (correction_id,)).fetchone()
    return parse_row(row)


def get(store: Store, correction_id: int) -> dict:
    """One correction with the item as it was when corrected."""
    with store.read() as db:
        row = db.execute("SELECT 1 FROM web_corrections WHERE id = ?", (correction_id,)).fetchone()
        if row is None:
            raise NotFound(f"no correction {correction_id}")
        return _one(db, correction_id)


def listing(store: Store, *, limit: int = 100, offset: int = 0, newest_first: bool = False) -> dict:
    """A page of the corrections with their total; oldest first unless `newest_first`."""
    order = "DESC" if newest_first else "ASC"
    with store.read() as db:
        total = db.execute("SELECT COUNT(*) FROM web_corrections").fetchone()[0]
        rows = db.execute(
            f"SELECT {', '.join(COLUMNS)} FROM web_corrections ORDER BY id {order} LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()
    return {"corrections": [parse_row(r) for r in rows], "total": total}


def export(store: Store, fmt: str = "json") -> str:
    """Every correction, reverted ones too, as JSON (a list) or CSV (value and original as JSON text)."""
    with store.read() as db:
        rows = db.execute(f"SELECT {', '.join(COLUMNS)} FROM web_corrections ORDER BY id").fetchall()
    records = [parse_row(r) for r in rows]
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt != "csv":
        raise UsageError(f"corrections export as json or csv, not {fmt!r}")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*COLUMNS, "active"])
    for r in records:
        writer.writerow(
            [
                *(
                    json.dumps(r[c], ensure_ascii=False) if c in ("value", "original") and r[c] is not None else r[c]
                    for c in COLUMNS
                ),
                r["active"],
            ]
        )
    return out.getvalue()


def import_records(store: Store, records: list) -> Iterator[str | None]:
    """Record the active corrections among exported `records` (silkgraph.corrections.export's JSON),
    oldest first; yields None for each one applied, or why it was not."""
    for entry in records:
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("kind", "item", "action")):
            yield f"not a correction: {str(entry)[:80]}"
            continue
        if entry.get("reverted_at"):
            continue
        try:
            record(
                store,
                entry["kind"],
                entry["item"],
                entry["action"],
                entry.get("value"),
                entry.get("note"),
                entry.get("author"),
            )
        except (NotFound, CorrectionError) as exc:
            yield f"{entry['kind']} {entry['action']} {entry['item']}: {exc}"
            continue
        yield None


def for_items(store: Store, kind: str, items: list[str]) -> list[dict]:
    """The corrections made of these items (an event's include its participants', a fact's its
    subjects'), newest first, reverted ones included."""
    with store.read() as db:
        return corrections_of(db, kind, items)


# -- checking each kind ----------------------------------------------------------------


@dataclass(slots=True)
class Checked:
    """A correction made fit to keep: its value, the item as it was, the rows it touches
    ((document, target, ord) and merge decisions), and whether the graph must be rebuilt."""

    value: Any
    original: Any
    targets: list[tuple[str, str, int]] = field(default_factory=list)
    decisions: list[tuple[str, str, str]] = field(default_factory=list)
    changes_graph: bool = True


def _value_dict(value: Any, allowed: tuple[str, ...], required: bool = True) -> dict:
    if value is None and not required:
        return {}
    if not isinstance(value, dict) or not value or set(value) - set(allowed):
        raise CorrectionError(f"the value must be an object with {' and/or '.join(allowed)}")
    return value


def _entity_exists(db: Any, entity_id: Any, what: str) -> str:
    if not isinstance(entity_id, str) or not entity_id:
        raise CorrectionError(f"the {what} must be an entity id")
    if db.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone() is None:
        raise NotFound(f"no entity {entity_id!r}")
    return entity_id


def _members(db: Any, kind: str, node: str) -> list[tuple[str, int]]:
    """The stored rows (document, ord) of a graph event's reports or a graph fact's claims."""
    table, key = ("events", "event_id") if kind == "event" else ("facts", "fact_id")
    rows = db.execute(
        f"SELECT r.doc_id, r.ord FROM graph_{kind}_members AS m JOIN {table} AS r ON r.id = m.{key}"
        f" WHERE m.graph_{kind} = ? ORDER BY r.doc_id, r.ord",
        (node,),
    ).fetchall()
    if not rows:
        raise NotFound(f"no {kind} {node!r}")
    return [(doc_id, ord_) for doc_id, ord_ in rows]


def _reports(db: Any, event_id: str) -> list[tuple[str, int]]:
    return _members(db, "event", event_id)


def _event_shown(db: Any, event_id: str) -> dict:
    date_, place, label = db.execute("SELECT date, place, label FROM graph_events WHERE id = ?", (event_id,)).fetchone()
    participants = [
        r[0]
        for r in db.execute(
            "SELECT entity_id FROM graph_event_participants WHERE graph_event = ? ORDER BY entity_id", (event_id,)
        )
    ]
    return {"date": date_, "place": place, "label": label, "participants": participants}


def _check_event(db: Any, item: str, action: str, value: Any) -> Checked:
    reports = _reports(db, item)
    original = _event_shown(db, item)
    targets = [(doc_id, "event", ord_) for doc_id, ord_ in reports]
    if action == "reject":
        return Checked(None, original, targets)
    if action == "correct":
        fixed = _value_dict(value, ("date", "place"))
        if "date" in fixed and (
            not isinstance(fixed["date"], str)
            or not re.match(ISO_DATE_PATTERN, fixed["date"])
            or iso_bounds(fixed["date"]) is None
        ):
            raise CorrectionError("the date must be a real date, YYYY[-MM[-DD]] or YYYY-Qn")
        if fixed.get("place"):
            _entity_exists(db, fixed["place"], "place")
        return Checked(fixed, original, targets)
    if action == "merge":
        other = _value_dict(value, ("with",)).get("with")
        if not isinstance(other, str) or other == item:
            raise CorrectionError('merge names another event: {"with": EVENT_ID}')
        others = _reports(db, other)
        kept = f"{reports[0][0]}#{reports[0][1]}"
        original["with"] = _event_shown(db, other)
        return Checked({"with": other}, original, decisions=[("join", f"{d}#{o}", kept) for d, o in others])
    report = _value_dict(value, ("report",)).get("report")
    keys = [f"{d}#{o}" for d, o in reports]
    if report not in keys:
        raise CorrectionError(f"split names one of the event's reports: {', '.join(keys)}")
    if len(keys) < 2:
        raise CorrectionError("an event of one report cannot be split")
    return Checked({"report": report}, original, decisions=[("split", report, k) for k in keys if k != report])


def _check_member(db: Any, item: str, action: str, value: Any, of: str) -> Checked:
    """A participant of an event or a subject of a fact that is not theirs."""
    entity_id = _value_dict(value, ("entity",)).get("entity")
    if of == "event":
        members = _reports(db, item)
        table, key = "graph_event_participants", "graph_event"
    else:
        members = _claims(db, item)
        table, key = "graph_fact_subjects", "graph_fact"
    if db.execute(f"SELECT 1 FROM {table} WHERE {key} = ? AND entity_id = ?", (item, entity_id)).fetchone() is None:
        raise NotFound(f"{entity_id!r} is not a {'participant' if of == 'event' else 'subject'} of {item!r}")
    original = _event_shown(db, item) if of == "event" else _fact_shown(db, item)
    return Checked({"entity": entity_id}, original, [(doc_id, of, ord_) for doc_id, ord_ in members])


def _claims(db: Any, fact_id: str) -> list[tuple[str, int]]:
    return _members(db, "fact", fact_id)


def _fact_shown(db: Any, fact_id: str) -> dict:
    value, unit, period = db.execute("SELECT value, unit, period FROM graph_facts WHERE id = ?", (fact_id,)).fetchone()
    subjects = [
        r[0]
        for r in db.execute("SELECT entity_id FROM graph_fact_subjects WHERE graph_fact = ? ORDER BY ord", (fact_id,))
    ]
    return {"value": value, "unit": unit, "period": period, "subjects": subjects}


def _check_fact(db: Any, item: str, action: str, value: Any) -> Checked:
    targets = [(doc_id, "fact", ord_) for doc_id, ord_ in _claims(db, item)]
    original = _fact_shown(db, item)
    if action == "reject":
        return Checked(None, original, targets)
    fixed = _value_dict(value, ("value", "unit", "period"))
    if "value" in fixed and (isinstance(fixed["value"], bool) or not isinstance(fixed["value"], int | float)):
        raise CorrectionError("the value must be a number")
    if "unit" in fixed and (not isinstance(fixed["unit"], str) or not 0 < len(fixed["unit"].strip()) <= MAX_UNIT):
        raise CorrectionError(f"the unit must be a text of 1 to {MAX_UNIT} characters")
    period = fixed.get("period")
    if period is not None and (not isinstance(period, str) or not re.match(ISO_DATE_PATTERN, period)):
        raise CorrectionError("the period must be YYYY[-MM[-DD]] or YYYY-Qn, or null for none")
    return Checked(fixed, original, targets)


def _span(db: Any, item: str, table: str) -> tuple[str, tuple]:
    match = SPAN_ID.match(item)
    if match is None:
        raise CorrectionError(f"a {table[:-1]} is named DOCUMENT_ID:START-END, not {item!r}")
    columns = "ord, speaker, text" if table == "quotes" else "start, entity_id, text"
    row = db.execute(
        f'SELECT {columns} FROM {table} WHERE doc_id = ? AND start = ? AND "end" = ? LIMIT 1',
        (match["doc"], int(match["start"]), int(match["end"])),
    ).fetchone()
    if row is None:
        raise NotFound(f"no {table[:-1]} {item!r}")
    return match["doc"], row


def _check_quote(db: Any, item: str, action: str, value: Any) -> Checked:
    doc_id, (ord_, speaker, text) = _span(db, item, "quotes")
    original = {"speaker": speaker, "text": text[:300]}
    if action == "correct":
        fixed = _value_dict(value, ("speaker",))
        if fixed["speaker"] is not None:
            _entity_exists(db, fixed["speaker"], "speaker")
        return Checked(fixed, original, [(doc_id, "quote", ord_)], changes_graph=False)
    return Checked(None, original, [(doc_id, "quote", ord_)], changes_graph=False)


def _check_mention(db: Any, item: str, action: str, value: Any) -> Checked:
    doc_id, (start, entity_id, text) = _span(db, item, "mentions")
    return Checked(None, {"entity": entity_id, "text": text}, [(doc_id, "mention", start)])


def _check_entity(db: Any, item: str, action: str, value: Any) -> Checked:
    row = db.execute("SELECT name, type FROM entities WHERE id = ?", (item,)).fetchone()
    if row is None:
        raise NotFound(f"no entity {item!r}")
    original = {"name": row[0], "type": row[1]}
    if action == "reject":
        return Checked(None, original)
    if action == "split":
        return _check_split(db, item, value, original)
    into = _entity_exists(db, _value_dict(value, ("into",)).get("into"), "entity merged into")
    if into == item:
        raise CorrectionError("an entity is merged into another one")
    return Checked({"into": into}, original)


def _check_split(db: Any, item: str, value: Any, original: dict) -> Checked:
    """Some articles' mentions of an entity are of another one: the split touches their mentions
    of it (a row per mention; -1 for an article that lists the entity without a mention)."""
    fixed = _value_dict(value, ("into", "documents"))
    into = _entity_exists(db, fixed.get("into"), "entity split off to")
    if into == item:
        raise CorrectionError("an entity is split off to another one")
    documents = fixed.get("documents")
    if (
        not isinstance(documents, list)
        or not documents
        or len(documents) > MAX_SPLIT_DOCUMENTS
        or not all(isinstance(d, str) and d for d in documents)
    ):
        raise CorrectionError(f"a split names 1 to {MAX_SPLIT_DOCUMENTS} articles that mention the entity")
    documents = sorted(set(documents))
    targets = []
    for doc_id in documents:
        named = db.execute(
            "SELECT 1 FROM document_entities WHERE doc_id = ? AND entity_id = ?", (doc_id, item)
        ).fetchone()
        if named is None:
            raise CorrectionError(f"the article {doc_id!r} does not name {item!r}")
        starts = [
            r[0]
            for r in db.execute(
                "SELECT m.start FROM mentions AS m JOIN document_entities AS de"
                " ON de.doc_id = m.doc_id AND de.ord = m.entity_ord WHERE m.doc_id = ? AND de.entity_id = ?",
                (doc_id, item),
            )
        ]
        targets += [(doc_id, "mention", start) for start in starts or [-1]]
    return Checked({"into": into, "documents": documents}, original, targets)


_CHECKS: dict[str, Callable[[Any, str, str, Any], Checked]] = {
    "event": _check_event,
    "participant": lambda db, item, action, value: _check_member(db, item, action, value, "event"),
    "fact": _check_fact,
    "subject": lambda db, item, action, value: _check_member(db, item, action, value, "fact"),
    "quote": _check_quote,
    "mention": _check_mention,
    "entity": _check_entity,
}
