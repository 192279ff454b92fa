"""SQL of followed sources, watchlists and alerts (tables of migration 0006).

Every function takes a connection from `Store.read()` or `Store.write()`, so
that callers choose the transaction: the watcher records an item and the
alerts it fired in one. Times are ISO 8601 UTC strings, as elsewhere in the store.
"""

from __future__ import annotations

import json
from typing import Any

from silkgraph.store.base import rows_in

SOURCE_COLUMNS = (
    "name",
    "url",
    "kind",
    "last_attempt",
    "last_success",
    "last_error",
    "last_error_at",
    "last_status",
    "failures",
    "etag",
    "last_modified",
    "next_due",
    "notes",
)
FINAL_ITEM_STATES = ("stored", "duplicate", "rejected")


# -- sources -----------------------------------------------------------------------


def source_state(db: Any, name: str) -> dict | None:
    """The stored state of one source, or None before its first poll."""
    row = db.execute(f"SELECT {', '.join(SOURCE_COLUMNS)} FROM follow_sources WHERE name = ?", (name,)).fetchone()
    return dict(zip(SOURCE_COLUMNS, row)) if row else None


def source_states(db: Any) -> list[dict]:
    """The state of every source polled so far, by name."""
    rows = db.execute(f"SELECT {', '.join(SOURCE_COLUMNS)} FROM follow_sources ORDER BY name").fetchall()
    return [dict(zip(SOURCE_COLUMNS, row)) for row in rows]


def save_source_state(db: Any, state: dict) -> None:
    """Insert or replace a source's state (every column of SOURCE_COLUMNS)."""
    values = tuple(
        state.get(column) if column != "failures" else int(state.get("failures") or 0) for column in SOURCE_COLUMNS
    )
    updates = ", ".join(f"{c} = excluded.{c}" for c in SOURCE_COLUMNS[1:])
    db.execute(
        f"INSERT INTO follow_sources ({', '.join(SOURCE_COLUMNS)}) VALUES ({', '.join('?' * len(values))})"
        f" ON CONFLICT (name) DO UPDATE SET {updates}",
        values,
    )


def forget_source(db: Any, name: str) -> None:
    """Drop a source's state and item history (its stored documents stay)."""
    db.execute("DELETE FROM follow_items WHERE source = ?", (name,))
    db.execute("DELETE FROM follow_sources WHERE name = ?", (name,))


# -- items -------------------------------------------------------------------------


def item_states(db: Any, source: str, urls: list[str]) -> dict[str, tuple[str, int]]:
    """{url: (status, attempts)} of the given item URLs of a source that were seen before."""
    rows = rows_in(
        db, "SELECT url, status, attempts FROM follow_items WHERE source = ? AND url IN ({})", urls, before=(source,)
    )
    return {url: (status, attempts) for url, status, attempts in rows}


def stored_elsewhere(db: Any, source: str, urls: list[str]) -> dict[str, str]:
    """{url: doc id} of the given URLs that another source has stored (or found stored)."""
    rows = rows_in(
        db,
        "SELECT url, doc_id FROM follow_items WHERE url IN ({}) AND source <> ? AND doc_id IS NOT NULL",
        urls,
        after=(source,),
    )
    return {url: doc_id for url, doc_id in rows}


def record_item(
    db: Any, source: str, url: str, status: str, when: str, doc_id: str | None = None, reason: str | None = None
) -> None:
    """What became of one item; a retried failure counts its attempts."""
    db.execute(
        "INSERT INTO follow_items (source, url, status, doc_id, reason, attempts, first_seen, fetched_at)"
        " VALUES (?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (source, url) DO UPDATE SET status = excluded.status,"
        " doc_id = excluded.doc_id, reason = excluded.reason, attempts = follow_items.attempts + 1,"
        " fetched_at = excluded.fetched_at",
        (source, url, status, doc_id, reason, when, when),
    )


def item_counts_per_day(db: Any, since: str) -> dict[str, dict[str, dict[str, int]]]:
    """{source: {day: {status: count}}} of the items handled since `since` (ISO)."""
    found: dict[str, dict[str, dict[str, int]]] = {}
    for source, day, status, count in db.execute(
        "SELECT source, substr(fetched_at, 1, 10) AS day, status, COUNT(*) FROM follow_items"
        " WHERE fetched_at >= ? GROUP BY source, day, status ORDER BY source, day",
        (since,),
    ):
        found.setdefault(source, {}).setdefault(day, {})[status] = count
    return found


def item_totals(db: Any) -> dict[str, dict[str, int]]:
    """{source: {status: count}} over all time."""
    found: dict[str, dict[str, int]] = {}
    for source, status, count in db.execute(
        "SELECT source, status, COUNT(*) FROM follow_items GROUP BY source, status"
    ):
        found.setdefault(source, {})[status] = count
    return found


def recent_item_failures(db: Any, source: str, limit: int = 20) -> list[dict]:
    """The latest items of a source that gave no document, newest first."""
    rows = db.execute(
        "SELECT url, status, reason, attempts, fetched_at FROM follow_items"
        " WHERE source = ? AND status IN ('failed', 'rejected') ORDER BY fetched_at DESC LIMIT ?",
        (source, limit),
    ).fetchall()
    return [dict(zip(("url", "status", "reason", "attempts", "fetched_at"), row)) for row in rows]


# -- watchlists --------------------------------------------------------------------


def save_watchlist(db: Any, id: str, name: str, rule: dict, deliver: dict, when: str) -> None:
    db.execute(
        "INSERT INTO watchlists (id, name, rule, deliver, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET name = excluded.name, rule = excluded.rule,"
        " deliver = excluded.deliver, updated_at = excluded.updated_at",
        (id, name, json.dumps(rule, sort_keys=True), json.dumps(deliver, sort_keys=True), when, when),
    )


def watchlists(db: Any) -> list[dict]:
    """Every watchlist: id, name, rule, deliver, created_at, updated_at, alerts, unread."""
    rows = db.execute(
        "SELECT w.id, w.name, w.rule, w.deliver, w.created_at, w.updated_at,"
        " (SELECT COUNT(*) FROM alerts AS a WHERE a.watchlist = w.id),"
        " (SELECT COUNT(*) FROM alerts AS a WHERE a.watchlist = w.id AND a.read = 0)"
        " FROM watchlists AS w ORDER BY w.id"
    ).fetchall()
    return [
        {
            "id": id_,
            "name": name,
            "rule": json.loads(rule),
            "deliver": json.loads(deliver),
            "created_at": created,
            "updated_at": updated,
            "alerts": alerts,
            "unread": unread,
        }
        for id_, name, rule, deliver, created, updated, alerts, unread in rows
    ]


def delete_watchlist(db: Any, id: str) -> bool:
    for table in ("alert_deliveries", "alert_sources"):
        db.execute(f"DELETE FROM {table} WHERE alert_id IN (SELECT id FROM alerts WHERE watchlist = ?)", (id,))
    db.execute("DELETE FROM alerts WHERE watchlist = ?", (id,))
    return db.execute("DELETE FROM watchlists WHERE id = ? RETURNING id", (id,)).fetchone() is not None


# -- what a rule is matched against --------------------------------------------------


def document_facts(db: Any, doc_id: str) -> dict:
    """One stored document as the watchlist rules see it: language, text, title, cluster,
    entity ids, and its events and facts with their graph ids, participants or subjects,
    evidence spans and whether the graph finds them contested."""
    row = db.execute(
        "SELECT d.title, d.text, d.language, d.published, c.cluster FROM documents AS d"
        " LEFT JOIN doc_clusters AS c ON c.doc_id = d.id WHERE d.id = ?",
        (doc_id,),
    ).fetchone()
    if row is None:
        return {}
    title, text, language, published, cluster = row
    entities = [
        r[0] for r in db.execute("SELECT entity_id FROM document_entities WHERE doc_id = ? ORDER BY ord", (doc_id,))
    ]
    events = []
    for event_id, type_, date, label, start, end, graph_event, contested in db.execute(
        "SELECT e.id, e.type, e.date, e.label, e.evidence_start, e.evidence_end, m.graph_event, g.contested"
        " FROM events AS e LEFT JOIN graph_event_members AS m ON m.event_id = e.id"
        " LEFT JOIN graph_events AS g ON g.id = m.graph_event WHERE e.doc_id = ? ORDER BY e.ord",
        (doc_id,),
    ):
        participants = [
            r[0]
            for r in db.execute("SELECT entity_id FROM event_participants WHERE event_id = ? ORDER BY ord", (event_id,))
        ]
        events.append(
            {
                "type": type_,
                "date": date,
                "label": label,
                "start": start,
                "end": end,
                "graph_id": graph_event,
                "contested": bool(contested),
                "entities": participants,
            }
        )
    facts = []
    for fact_id, type_, value, unit, period, label, start, end, graph_fact, contested in db.execute(
        "SELECT f.id, f.type, f.value, f.unit, f.period, f.label, f.evidence_start, f.evidence_end,"
        " m.graph_fact, g.contested FROM facts AS f LEFT JOIN graph_fact_members AS m ON m.fact_id = f.id"
        " LEFT JOIN graph_facts AS g ON g.id = m.graph_fact WHERE f.doc_id = ? ORDER BY f.ord",
        (doc_id,),
    ):
        subjects = [
            r[0] for r in db.execute("SELECT entity_id FROM fact_subjects WHERE fact_id = ? ORDER BY ord", (fact_id,))
        ]
        facts.append(
            {
                "type": type_,
                "value": value,
                "unit": unit,
                "period": period,
                "label": label,
                "start": start,
                "end": end,
                "graph_id": graph_fact,
                "contested": bool(contested),
                "entities": subjects,
            }
        )
    return {
        "id": doc_id,
        "title": title,
        "text": text,
        "language": language,
        "published": published,
        "cluster": cluster or doc_id,
        "entities": entities,
        "events": events,
        "facts": facts,
    }


def documents_between(db: Any, since: str | None, until: str | None, limit: int) -> list[str]:
    """Ids of documents published (or, undated, stored) within [since, until], oldest first."""
    where, params = [], []
    if since:
        where.append("COALESCE(published, added_at) >= ?")
        params.append(since)
    if until:
        where.append("COALESCE(published, added_at) <= ?")
        params.append(until + "\uffff")
    sql = "SELECT id FROM documents" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY seq LIMIT ?"
    return [row[0] for row in db.execute(sql, (*params, limit))]


# -- alerts ------------------------------------------------------------------------

ALERT_COLUMNS = ("id", "watchlist", "key", "kind", "target", "title", "created_at", "updated_at", "read")


def upsert_alert(db: Any, watchlist: str, key: str, kind: str, target: str, title: str, when: str) -> tuple[int, bool]:
    """(alert id, whether it is new) for the alert of `watchlist` on `key`."""
    row = db.execute("SELECT id FROM alerts WHERE watchlist = ? AND key = ?", (watchlist, key)).fetchone()
    if row:
        return row[0], False
    [(alert_id,)] = db.execute(
        "INSERT INTO alerts (watchlist, key, kind, target, title, created_at, updated_at, read)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 0) RETURNING id",
        (watchlist, key, kind, target, title, when, when),
    ).fetchall()
    return alert_id, True


def add_alert_source(db: Any, alert_id: int, doc_id: str, start: int | None, end: int | None, when: str) -> bool:
    """Add a document to an alert's sources; True if it was not among them. A grown alert
    is unread again and moves up the inbox."""
    added = db.execute(
        "INSERT INTO alert_sources (alert_id, doc_id, evidence_start, evidence_end, added_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING alert_id",
        (alert_id, doc_id, start, end, when),
    ).fetchone()
    if added:
        db.execute("UPDATE alerts SET updated_at = ?, read = 0 WHERE id = ?", (when, alert_id))
    return added is not None


def alert(db: Any, alert_id: int) -> dict | None:
    """One alert with its sources, or None."""
    found = alerts(db, ids=[alert_id])
    return found[0] if found else None


def alerts(
    db: Any,
    watchlist: str | None = None,
    unread_only: bool = False,
    limit: int = 50,
    offset: int = 0,
    ids: list[int] | None = None,
) -> list[dict]:
    """Alerts newest first, each with its sources (doc id, title, url, published, evidence)."""
    where, params = [], []
    if ids is not None:
        where.append(f"id IN ({', '.join(str(int(i)) for i in ids) or 'NULL'})")
    if watchlist:
        where.append("watchlist = ?")
        params.append(watchlist)
    if unread_only:
        where.append("read = 0")
    sql = (
        f"SELECT {', '.join(ALERT_COLUMNS)} FROM alerts"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?"
    )
    found = [dict(zip(ALERT_COLUMNS, row)) for row in db.execute(sql, (*params, limit, offset))]
    sources: dict[int, list[dict]] = {}
    for alert_id, doc_id, title, url, published, text, start, end, added in rows_in(
        db,
        "SELECT s.alert_id, d.id, d.title, d.url, d.published, d.text, s.evidence_start, s.evidence_end,"
        " s.added_at FROM alert_sources AS s JOIN documents AS d ON d.id = s.doc_id"
        " WHERE s.alert_id IN ({}) ORDER BY s.added_at, d.seq",
        [a["id"] for a in found],
    ):
        evidence = text[start:end] if start is not None and end is not None else None
        sources.setdefault(alert_id, []).append(
            {
                "doc_id": doc_id,
                "title": title,
                "url": url,
                "published": published,
                "evidence": evidence,
                "added_at": added,
            }
        )
    for alert in found:
        alert["read"] = bool(alert["read"])
        alert["sources"] = sources.get(alert["id"], [])
    return found


def count_alerts(db: Any, unread_only: bool = False) -> int:
    sql = "SELECT COUNT(*) FROM alerts" + (" WHERE read = 0" if unread_only else "")
    return db.execute(sql).fetchone()[0]


def mark_all_read(db: Any, watchlist: str | None = None) -> int:
    """Mark every unread alert (of one watchlist) read; how many were."""
    sql, params = "UPDATE alerts SET read = 1 WHERE read = 0", ()
    if watchlist:
        sql, params = sql + " AND watchlist = ?", (watchlist,)
    return len(db.execute(sql + " RETURNING id", params).fetchall())


def mark_read(db: Any, alert_id: int, read: bool) -> bool:
    return (
        db.execute("UPDATE alerts SET read = ? WHERE id = ? RETURNING id", (int(read), alert_id)).fetchone() is not None
    )


# -- deliveries ----------------------------------------------------------------------


def queue_delivery(db: Any, alert_id: int, channel: str, when: str) -> None:
    db.execute(
        "INSERT INTO alert_deliveries (alert_id, channel, status, attempts, next_try)"
        " VALUES (?, ?, 'pending', 0, ?) ON CONFLICT DO NOTHING",
        (alert_id, channel, when),
    )


def due_deliveries(db: Any, now: str, limit: int = 100) -> list[tuple[int, str, int]]:
    """(alert id, channel, attempts so far) of pending deliveries due by `now`."""
    return [
        tuple(row)
        for row in db.execute(
            "SELECT alert_id, channel, attempts FROM alert_deliveries WHERE status = 'pending' AND next_try <= ?"
            " ORDER BY next_try LIMIT ?",
            (now, limit),
        )
    ]


def finish_delivery(db: Any, alert_id: int, channel: str, status: str, error: str | None, next_try: str) -> None:
    db.execute(
        "UPDATE alert_deliveries SET status = ?, attempts = attempts + 1, last_error = ?, next_try = ?"
        " WHERE alert_id = ? AND channel = ?",
        (status, error, next_try, alert_id, channel),
    )


def deliveries(db: Any, alert_id: int) -> list[dict]:
    rows = db.execute(
        "SELECT channel, status, attempts, last_error, next_try FROM alert_deliveries"
        " WHERE alert_id = ? ORDER BY channel",
        (alert_id,),
    ).fetchall()
    return [dict(zip(("channel", "status", "attempts", "last_error", "next_try"), row)) for row in rows]
