"""Analysts' corrections as the readers of stored analyses apply them.

The stored analyses stay as the pipeline made them. A correction (a row of
``web_corrections`` with the rows of one document it touches in
``correction_targets``) changes what the graph and the query layer read: an
`Overlay` tells, for one document, which event reports, fact claims, quotes
and mentions an analyst rejected, which participants and subjects are not
theirs, which values were corrected, and which entities were merged into
others. Reverted corrections (``reverted_at`` set) no longer apply.

The graph (silkgraph.graph, silkgraph.network) reads every report through an
overlay, so a rebuild and a re-ingest apply the corrections again; the query
layer uses the same overlay for quotes and mentions, which are not in the graph.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ACTIVE",
    "COLUMNS",
    "Overlay",
    "corrected_quotes",
    "corrections_of",
    "entity_map",
    "load_overlay",
    "parse_row",
    "resolve_entity",
]

COLUMNS = (
    "id",
    "kind",
    "item",
    "action",
    "value",
    "note",
    "author",
    "created_at",
    "reverted_at",
    "reverted_by",
    "original",
)
ACTIVE = "reverted_at IS NULL"  # the SQL condition of a correction that applies
MAX_CHAIN = 20  # merges followed from an entity (A into B into C); more is a cycle


@dataclass(slots=True)
class ItemChanges:
    """What corrections say about one stored item (event report, fact claim or quote)."""

    rejected: bool = False
    values: dict[str, Any] = field(default_factory=dict)  # corrected fields: date, place, value, unit, speaker...
    dropped: set[str] = field(default_factory=set)  # participants or subjects that are not the item's


@dataclass(slots=True)
class Overlay:
    """The active corrections of one document, and the store's entity merges and rejections."""

    events: dict[int, ItemChanges] = field(default_factory=dict)
    facts: dict[int, ItemChanges] = field(default_factory=dict)
    quotes: dict[int, ItemChanges] = field(default_factory=dict)
    unlinked_mentions: set[int] = field(default_factory=set)  # starts of mentions whose entity link is wrong
    entities: dict[str, str | None] = field(default_factory=dict)  # merged id -> kept id; rejected -> None
    split_off: dict[str, str] = field(default_factory=dict)  # in this document, an entity's name means another

    def entity(self, entity_id: str) -> str | None:
        """The entity an id stands for in this document (after a split) and after merges, or None
        when it was rejected as an entity."""
        return resolve_entity(self.entities, self.split_off.get(entity_id, entity_id))

    def event(self, ord_: int) -> ItemChanges:
        return self.events.get(ord_) or ItemChanges()

    def fact(self, ord_: int) -> ItemChanges:
        return self.facts.get(ord_) or ItemChanges()

    def quote(self, ord_: int) -> ItemChanges:
        return self.quotes.get(ord_) or ItemChanges()

    def members(self, ord_: int, ids: list[str], item: str = "event") -> list[str]:
        """An event's participants (or a fact's subjects) after the corrections, in order, once each."""
        changes = self.event(ord_) if item == "event" else self.fact(ord_)
        kept: list[str] = []
        for entity_id in ids:
            if entity_id in changes.dropped:
                continue
            resolved = self.entity(entity_id)
            if resolved is not None and resolved not in changes.dropped and resolved not in kept:
                kept.append(resolved)
        return kept

    @property
    def empty(self) -> bool:
        return not (
            self.events or self.facts or self.quotes or self.unlinked_mentions or self.entities or self.split_off
        )


def resolve_entity(merges: dict[str, str | None], entity_id: str) -> str | None:
    """Follow merges from `entity_id` to the entity kept; None when one on the way was rejected."""
    current: str | None = entity_id
    for _ in range(MAX_CHAIN):
        if current is None or current not in merges:
            return current
        current = merges[current]
    return entity_id  # a cycle of merges: keep the id as it was


def entity_map(db: Any) -> dict[str, str | None]:
    """The store's active entity merges (id -> the id kept) and rejections (id -> None), oldest first."""
    found: dict[str, str | None] = {}
    for item, action, value in db.execute(
        f"SELECT item, action, value FROM web_corrections WHERE kind = 'entity' AND {ACTIVE} ORDER BY id"
    ):
        if action == "reject":
            found[item] = None
        elif action == "merge":
            into = (json.loads(value) or {}).get("into") if value else None
            if isinstance(into, str) and into != item:
                found[item] = into
    return found


def load_overlay(db: Any, doc_id: str) -> Overlay:
    """The active corrections that touch the stored document `doc_id`, inside the caller's transaction."""
    overlay = Overlay(entities=entity_map(db))
    rows = db.execute(
        "SELECT t.target, t.ord, c.kind, c.action, c.value, c.item FROM correction_targets AS t"
        f" JOIN web_corrections AS c ON c.id = t.correction_id WHERE t.doc_id = ? AND c.{ACTIVE} ORDER BY c.id",
        (doc_id,),
    ).fetchall()
    for target, ord_, kind, action, value, item in rows:
        parsed = json.loads(value) if value else None
        if kind == "entity" and action == "split":  # its rows are the entity's mentions in the document
            if isinstance(parsed, dict) and isinstance(parsed.get("into"), str):
                overlay.split_off[item] = parsed["into"]
            continue
        if target == "mention":
            overlay.unlinked_mentions.add(ord_)
            continue
        table = {"event": overlay.events, "fact": overlay.facts, "quote": overlay.quotes}[target]
        _apply(table.setdefault(ord_, ItemChanges()), kind, action, parsed)
    return overlay


def _apply(changes: ItemChanges, kind: str, action: str, value: Any) -> None:
    """Fold one correction into what is known of an item."""
    if kind in ("participant", "subject"):
        if action == "reject" and isinstance(value, dict) and isinstance(value.get("entity"), str):
            changes.dropped.add(value["entity"])
    elif action == "reject":
        changes.rejected = True
    elif action == "correct" and isinstance(value, dict):
        changes.values.update(value)


def parse_row(row: tuple) -> dict:
    """One row of COLUMNS as a dict, its JSON decoded, with `active` (not reverted)."""
    record = dict(zip(COLUMNS, row))
    for key in ("value", "original"):
        if record.get(key) is not None:
            record[key] = json.loads(record[key])
    record["active"] = record["reverted_at"] is None
    return record


# What acts on an item of a kind: an event's participants and a fact's subjects are corrected on it.
KINDS_ON = {"event": ("event", "participant"), "fact": ("fact", "subject")}


def corrections_of(db: Any, kind: str, items: list[str]) -> list[dict]:
    """The corrections made of these items (of `kind`, with the kinds acting on it), newest first,
    reverted ones included. An event's or a fact's are also those that touch its reports or
    claims, or merged or split them, whatever it was called then."""
    if not items:
        return []
    kinds = KINDS_ON.get(kind, (kind,))
    marks = ",".join("?" * len(items))
    where, params = f"kind IN ({','.join('?' * len(kinds))}) AND item IN ({marks})", (*kinds, *items)
    if kind in ("event", "fact"):
        rows, key, member = (
            ("events", "event_id", "graph_event") if kind == "event" else ("facts", "fact_id", "graph_fact")
        )
        reports = (
            f"SELECT r.doc_id, r.ord FROM graph_{kind}_members AS m JOIN {rows} AS r ON r.id = m.{key}"
            f" WHERE m.{member} IN ({marks})"
        )
        where += (
            " OR id IN (SELECT t.correction_id FROM correction_targets AS t"
            f" WHERE t.target = ? AND (t.doc_id, t.ord) IN ({reports}))"
        )
        params += (kind, *items)
        if kind == "event":
            keys = f"SELECT r.doc_id || '#' || r.ord FROM graph_event_members AS m JOIN events AS r ON r.id = m.event_id WHERE m.graph_event IN ({marks})"
            where += (
                " OR id IN (SELECT correction_id FROM merge_decisions"
                f" WHERE report_a IN ({keys}) OR report_b IN ({keys}))"
            )
            params += (*items, *items)
    rows_found = db.execute(
        f"SELECT {', '.join(COLUMNS)} FROM web_corrections WHERE {where} ORDER BY id DESC", params
    ).fetchall()
    return [parse_row(r) for r in rows_found]


def corrected_quotes(db: Any) -> dict[tuple[str, int], ItemChanges]:
    """Every quote an active correction rejects or gives another speaker: (document, ord) -> changes."""
    found: dict[tuple[str, int], ItemChanges] = {}
    for doc_id, ord_, kind, action, value in db.execute(
        "SELECT t.doc_id, t.ord, c.kind, c.action, c.value FROM web_corrections AS c"
        f" JOIN correction_targets AS t ON t.correction_id = c.id WHERE c.kind = 'quote' AND c.{ACTIVE} ORDER BY c.id"
    ):
        _apply(found.setdefault((doc_id, ord_), ItemChanges()), kind, action, json.loads(value) if value else None)
    return found
