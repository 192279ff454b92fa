"""Places for the map: where events happened in a period, and the events of one place.

A place is an entity with coordinates in the knowledge base. It is on the map
when an event of the period was held there or a source of the period names
it; the map fits itself to the places with events. Events are read from the
graph (graph_events.place), so a corrected place moves the event on the map.
"""

from __future__ import annotations

from silkgraph import query
from silkgraph.model import iso_bounds
from silkgraph.network import ALL_TIME

__all__ = ["place_events", "places"]

PLACE_EVENTS = 50  # events listed for one place, newest first


def _days(date_from: str | None, date_to: str | None) -> tuple[list[str], list[str]]:
    """SQL conditions on date_start/date_end for events overlapping the range, and their values."""
    where, params = [], []
    start = iso_bounds(date_from) if date_from else None
    end = iso_bounds(date_to) if date_to else None
    if start:
        where.append("date_end >= ?")
        params.append(start[0].isoformat())
    if end:
        where.append("date_start <= ?")
        params.append(end[1].isoformat())
    return where, params


def _sources(db, date_from: str | None, date_to: str | None) -> dict[str, int]:
    """Independent sources naming each entity, in the calendar years of the range (or all time)."""
    if not date_from and not date_to:
        return dict(db.execute("SELECT entity_id, sources FROM entity_sources WHERE year = ?", (ALL_TIME,)))
    start = iso_bounds(date_from) if date_from else None
    end = iso_bounds(date_to) if date_to else None
    first = f"{start[0].year:04d}" if start else "0000"
    last = f"{end[1].year:04d}" if end else "9999"
    return dict(
        db.execute(
            "SELECT entity_id, SUM(sources) FROM entity_sources WHERE year >= ? AND year <= ? GROUP BY entity_id",
            (first, last),
        )
    )


def places(store, kb, date_from: str | None = None, date_to: str | None = None) -> list[dict]:
    """Entities with coordinates that an event of the range was held at or a source of it names:
    {id, name, type, country, coordinates, events, sources}, those with the most events first."""
    where, params = _days(date_from, date_to)
    with store.read() as db:
        events = dict(
            db.execute(
                "SELECT place, COUNT(*) FROM graph_events WHERE "
                + " AND ".join(["place IS NOT NULL", *where])
                + " GROUP BY place",
                params,
            )
        )
        sources = _sources(db, date_from, date_to)
    out = []
    for entity_id in set(events) | {i for i, n in sources.items() if n}:
        known = kb.get(entity_id) if kb is not None else None
        if known is None or not known.coordinates:
            continue
        out.append(
            {
                "id": entity_id,
                "name": known.name,
                "type": known.type,
                "country": known.country,
                "coordinates": list(known.coordinates),
                "events": events.get(entity_id, 0),
                "sources": int(sources.get(entity_id, 0) or 0),
            }
        )
    out.sort(key=lambda p: (-p["events"], -p["sources"], p["id"]))
    return out


def place_events(
    store, place: str, date_from: str | None = None, date_to: str | None = None, limit: int = PLACE_EVENTS
) -> dict:
    """The events held at `place` in the range, newest first, with their total."""
    where, params = _days(date_from, date_to)
    condition = " AND ".join(["place = ?", *where])
    limit = max(1, min(int(limit), 500))
    with store.read() as db:
        total = db.execute(f"SELECT COUNT(*) FROM graph_events WHERE {condition}", (place, *params)).fetchone()[0]
        ids = [
            r[0]
            for r in db.execute(
                f"SELECT id FROM graph_events WHERE {condition} ORDER BY date_start DESC NULLS LAST, id DESC LIMIT ?",
                (place, *params, limit),
            )
        ]
        order = {i: n for n, i in enumerate(ids)}
        events = sorted(query._event_summaries(db, ids), key=lambda e: order[e["id"]])
        (name,) = db.execute("SELECT name FROM entities WHERE id = ?", (place,)).fetchone() or (place,)
    return {
        "place": {"id": place, "name": name},
        "events": events,
        "total": total,
        "range": {"from": date_from, "to": date_to},
    }
