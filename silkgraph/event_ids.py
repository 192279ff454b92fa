"""Where an event's address leads once the graph has changed.

A graph event is named after its first report: "ev-<document id>-<ord>". When analysts merge
two events, or a rebuild places reports in another order, the event an old address named may
have joined another one and its id be gone. Its first report is still stored, and the graph
event that holds that report now is the one the old address meant: links in briefings, alerts
and bookmarks keep leading to the event, wherever it went.
"""

from __future__ import annotations

import re

__all__ = ["successor"]

EVENT_ID = re.compile(r"^ev-(?P<doc>.+)-(?P<ord>\d{1,9})$")


def successor(store, event_id: str) -> str | None:
    """The graph event that now holds the report `event_id` was named after, when it is another
    event than `event_id` itself; None when the id names no stored report, or that report is in no
    event (an analyst rejected it)."""
    match = EVENT_ID.match(event_id)
    if match is None:
        return None
    with store.read() as db:
        row = db.execute(
            "SELECT m.graph_event FROM events AS e JOIN graph_event_members AS m ON m.event_id = e.id"
            " WHERE e.doc_id = ? AND e.ord = ?",
            (match["doc"], int(match["ord"])),
        ).fetchone()
    if row is None or row[0] == event_id:
        return None
    return row[0]
