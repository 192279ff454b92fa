"""Aggregates of the distinct values a graph event's or fact's reports give.

A graph node's shown values (its type, date, place, participants, value) are
the best supported among its reports. Recomputing them from every report each
time one more arrives makes a much-reported event cost more with every report:
quadratic in a storm of hundreds of syndicated copies. Instead each node keeps,
per attribute and distinct value, how many independent sources (near-duplicate
clusters) and reports gave it and which report gave it first (graph_support),
and which sources gave it (graph_support_sources, so that a source counts
once). A report adds to these in a few keyed look-ups; the node's values are
then chosen from its distinct values, not from its reports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

Connection = Any

EXAMPLES = 10  # documents kept per value to show beside it (a contested date's alternatives)


@dataclass(slots=True)
class Value:
    """One distinct value of one attribute of a graph node, with its support."""

    value: str
    sources: int
    reports: int
    first: tuple[int, int]  # (document seq, item ord) of the first report giving it
    example: str | None


def add(
    db: Connection, node: str, attr: str, value: str, cluster: str, first: tuple[int, int], document: str | None = None
) -> bool:
    """Count one report giving `value` for `attr` of `node`; True when the value is new to the node.

    `document`, when given, is kept among the value's first EXAMPLES documents."""
    known_source = (
        db.execute(
            "SELECT 1 FROM graph_support_sources WHERE node = ? AND attr = ? AND value = ? AND cluster = ?",
            (node, attr, value, cluster),
        ).fetchone()
        is not None
    )
    if not known_source:
        db.execute(
            "INSERT INTO graph_support_sources (node, attr, value, cluster) VALUES (?, ?, ?, ?)",
            (node, attr, value, cluster),
        )
    row = db.execute(
        "SELECT sources, reports, first_seq, first_ord, example FROM graph_support"
        " WHERE node = ? AND attr = ? AND value = ?",
        (node, attr, value),
    ).fetchone()
    if row is None:
        example = json.dumps([document], ensure_ascii=False) if document is not None else None
        db.execute(
            "INSERT INTO graph_support (node, attr, value, sources, reports, first_seq, first_ord, example)"
            " VALUES (?, ?, ?, 1, 1, ?, ?, ?)",
            (node, attr, value, *first, example),
        )
        return True
    sources, reports, first_seq, first_ord, example = row
    earliest = min((first_seq, first_ord), tuple(first))
    if document is not None:
        documents = json.loads(example or "[]")
        if len(documents) < EXAMPLES and document not in documents:
            example = json.dumps(documents + [document], ensure_ascii=False)
    db.execute(
        "UPDATE graph_support SET sources = ?, reports = ?, first_seq = ?, first_ord = ?, example = ?"
        " WHERE node = ? AND attr = ? AND value = ?",
        (sources + (not known_source), reports + 1, *earliest, example, node, attr, value),
    )
    return False


def keep_first(db: Connection, node: str, attr: str, value: str, first: tuple[int, int], example: str) -> None:
    """Keep `example` under (attr, value) when it comes from an earlier report than the one kept."""
    row = db.execute(
        "SELECT first_seq, first_ord FROM graph_support WHERE node = ? AND attr = ? AND value = ?", (node, attr, value)
    ).fetchone()
    if row is None:
        db.execute(
            "INSERT INTO graph_support (node, attr, value, sources, reports, first_seq, first_ord, example)"
            " VALUES (?, ?, ?, 1, 1, ?, ?, ?)",
            (node, attr, value, *first, example),
        )
    elif tuple(first) < tuple(row):
        db.execute(
            "UPDATE graph_support SET first_seq = ?, first_ord = ?, example = ?"
            " WHERE node = ? AND attr = ? AND value = ?",
            (*first, example, node, attr, value),
        )


def values(db: Connection, node: str, attrs: tuple[str, ...]) -> dict[str, list[Value]]:
    """The distinct values of each of `attrs`, in the order they first appeared."""
    found: dict[str, list[Value]] = {attr: [] for attr in attrs}
    for attr in attrs:  # one key range each: (node, attr)
        for value, sources, reports, first_seq, first_ord, example in db.execute(
            "SELECT value, sources, reports, first_seq, first_ord, example FROM graph_support"
            " WHERE node = ? AND attr = ?",
            (node, attr),
        ):
            found[attr].append(Value(value, sources, reports, (first_seq, first_ord), example))
        found[attr].sort(key=lambda v: (v.first, v.value))
    return found
