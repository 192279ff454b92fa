"""Analysts' corrections: "this extracted item is wrong" or "its value should be X".

Corrections are recorded, not applied: the extracted data stays as the
pipeline made it, and a correction names the item (kind and id), the action
and the corrected value, so that a later merge or re-analysis can take them
into account and an audit can see what was disputed and when.

They live in the table ``web_corrections`` of the store's own database,
created by the store's migrations (0005 on both backends) and written
through the store's transactions (`Store.write()` / `Store.read()`).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from silkgraph.errors import StoreError
from silkgraph.store.base import Store

COLUMNS = ("id", "kind", "item", "action", "value", "note", "created_at")


class Corrections:
    """The corrections of one store."""

    def __init__(self, store: Store):
        if type(store).read is Store.read or type(store).write is Store.write:
            raise StoreError(f"{type(store).__name__} keeps no corrections: it offers no transactions")
        self._store = store

    def add(self, kind: str, item: str, action: str, value: Any, note: str | None) -> dict:
        """Record one correction; returns it with its id and time."""
        record = {
            "kind": kind,
            "item": item,
            "action": action,
            "value": value,
            "note": note,
            "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        with self._store.write() as db:
            # RETURNING, not lastrowid: PostgreSQL's driver has none.
            [(new_id,)] = db.execute(
                "INSERT INTO web_corrections (kind, item, action, value, note, created_at) VALUES (?, ?, ?, ?, ?, ?)"
                " RETURNING id",
                (kind, item, action, json.dumps(value, ensure_ascii=False), note, record["created_at"]),
            ).fetchall()
            return {"id": new_id, **record}

    def list(self, *, limit: int = 100, offset: int = 0) -> dict:
        """A page of the corrections, oldest first, with their total."""
        with self._store.read() as db:
            total = db.execute("SELECT COUNT(*) FROM web_corrections").fetchone()[0]
            rows = db.execute(
                f"SELECT {', '.join(COLUMNS)} FROM web_corrections ORDER BY id LIMIT ? OFFSET ?", (limit, offset)
            ).fetchall()
        out = []
        for row in rows:
            record = dict(zip(COLUMNS, row))
            record["value"] = json.loads(record["value"]) if record["value"] is not None else None
            out.append(record)
        return {"corrections": out, "total": total}
