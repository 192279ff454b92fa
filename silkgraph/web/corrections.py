"""Analysts' corrections: "this extracted item is wrong" or "its value should be X".

Corrections are recorded, not applied: the extracted data stays as the
pipeline made it, and a correction names the item (kind and id), the action
and the corrected value, so that a later merge or re-analysis can take them
into account and an audit can see what was disputed and when.

Where they live: a store that offers ``add_correction(record)`` and
``corrections(limit=, offset=)`` keeps them itself. Otherwise they go into a
table ``web_corrections`` of the store's own database, written through the
store's transactions (`Store.write()` / `Store.read()`), created on first
use. A store without those either keeps them in memory for the life of the
server.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from typing import Any

TABLE_SQL = (
    "CREATE TABLE IF NOT EXISTS web_corrections ("
    " id INTEGER PRIMARY KEY, kind TEXT NOT NULL, item TEXT NOT NULL, action TEXT NOT NULL,"
    " value TEXT, note TEXT, created_at TEXT NOT NULL)"
)
COLUMNS = ("id", "kind", "item", "action", "value", "note", "created_at")


class Corrections:
    def __init__(self, store: Any):
        self._store = store
        self._lock = threading.Lock()
        self._memory: list[dict] = []
        self._native = callable(getattr(store, "add_correction", None)) and callable(getattr(store, "corrections", None))
        self._sql = not self._native and _has_transactions(store)
        self._ready = False

    def _table(self) -> None:
        if not self._ready:
            with self._store.write() as db:
                db.execute(TABLE_SQL)
            self._ready = True

    def add(self, kind: str, item: str, action: str, value: Any, note: str | None) -> dict:
        record = {"kind": kind, "item": item, "action": action, "value": value, "note": note,
                  "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        if self._native:
            return {**record, **(self._store.add_correction(record) or {})}
        if not self._sql:
            with self._lock:
                record = {"id": len(self._memory) + 1, **record}
                self._memory.append(record)
                return record
        self._table()
        with self._store.write() as db:
            # RETURNING, not lastrowid: PostgreSQL's driver has none. There the table
            # comes with the store's migrations, with an identity column for id.
            [(new_id,)] = db.execute(
                "INSERT INTO web_corrections (kind, item, action, value, note, created_at) VALUES (?, ?, ?, ?, ?, ?)"
                " RETURNING id",
                (kind, item, action, json.dumps(value, ensure_ascii=False), note, record["created_at"]),
            ).fetchall()
            return {"id": new_id, **record}

    def list(self, *, limit: int = 100, offset: int = 0) -> dict:
        if self._native:
            return self._store.corrections(limit=limit, offset=offset)
        if not self._sql:
            with self._lock:
                return {"corrections": self._memory[offset:offset + limit], "total": len(self._memory)}
        self._table()
        with self._store.read() as db:
            total = db.execute("SELECT COUNT(*) FROM web_corrections").fetchone()[0]
            rows = db.execute(f"SELECT {', '.join(COLUMNS)} FROM web_corrections ORDER BY id LIMIT ? OFFSET ?",
                              (limit, offset)).fetchall()
        out = []
        for row in rows:
            record = dict(zip(COLUMNS, row))
            record["value"] = json.loads(record["value"]) if record["value"] is not None else None
            out.append(record)
        return {"corrections": out, "total": total}


def _has_transactions(store: Any) -> bool:
    """Whether the store hands out DB-API connections (read/write overridden from the base class)."""
    from silkgraph.store.base import Store

    return type(store).read is not Store.read and type(store).write is not Store.write
