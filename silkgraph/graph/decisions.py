"""Analysts' merge decisions: the seam between corrections and the merge rules.

An analyst may decide that two event reports ("<document id>#<ord>") are one
happening ('join') or two ('split'). Decisions are rows of `merge_decisions`,
which are not graph tables: a rebuild keeps them and applies them again, and
whoever records corrections (silkgraph.corrections, the workbench) writes or
removes rows there and rebuilds. The merge rules read them through
`decisions_about` only, before any rule of their own: a decided pair is not
judged again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

Connection = Any

KINDS = ("split", "join")


def record_decision(db: Connection, kind: str, report_a: str, report_b: str, note: str | None = None) -> None:
    """Keep an analyst's decision that two reports ("<document id>#<ord>") are one event ('join')
    or two ('split'). It applies from the next rebuild on, and every rebuild keeps it."""
    if kind not in KINDS:
        raise ValueError(f"a merge decision is 'split' or 'join', not {kind!r}")
    for name in (report_a, report_b):
        doc_id, _, ord_ = name.rpartition("#")
        if not doc_id or not ord_.isdigit():
            raise ValueError(f"a report is named '<document id>#<ord>', not {name!r}")
    db.execute(
        "INSERT INTO merge_decisions (kind, report_a, report_b, note, created_at) VALUES (?, ?, ?, ?, ?)",
        (kind, report_a, report_b, note, datetime.now(UTC).isoformat(timespec="seconds")),
    )


def decisions_about(db: Connection, report_key: str) -> dict[str, str]:
    """The final decisions about one report, as the graph stands: {graph event: 'join' | 'split'}.

    Each decision names another report; it applies to the graph event that report is in now
    (reports not yet placed are decided when they are). Of several decisions about one pair the
    latest holds (an analyst who split two reports and later joined them wants them joined); a
    split from any report of an event wins over a join with another of its reports."""
    latest: dict[str, str] = {}
    for kind, other in db.execute(
        "SELECT kind, other FROM (SELECT id, kind, report_b AS other FROM merge_decisions WHERE report_a = ?"
        " UNION ALL SELECT id, kind, report_a AS other FROM merge_decisions WHERE report_b = ?) AS d ORDER BY id",
        (report_key, report_key),
    ):
        latest[other] = kind
    found: dict[str, str] = {}
    for other, kind in latest.items():
        doc_id, _, ord_ = other.rpartition("#")
        if not ord_.isdigit():
            continue
        row = db.execute(
            "SELECT m.graph_event FROM events AS e JOIN graph_event_members AS m ON m.event_id = e.id"
            " WHERE e.doc_id = ? AND e.ord = ?",
            (doc_id, int(ord_)),
        ).fetchone()
        if row is not None and found.get(row[0]) != "split":
            found[row[0]] = kind
    return found
