"""Helpers of the storage interface."""

from __future__ import annotations

import sqlite3

from silkgraph.store.base import IN_CHUNK, rows_in


def test_rows_in_covers_every_key_in_chunks():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (k INTEGER, tag TEXT)")
    db.executemany("INSERT INTO t VALUES (?, ?)", [(k, "a" if k % 2 else "b") for k in range(3 * IN_CHUNK)])
    keys = list(range(0, 3 * IN_CHUNK, 3)) + [10**6]  # more keys than one chunk; one matches nothing
    found = rows_in(db, "SELECT k FROM t WHERE tag = ? AND k IN ({}) AND k < ?", keys, before=("a",), after=(1200,))
    assert sorted(k for (k,) in found) == [k for k in keys if k % 2 and k < 1200]
    assert rows_in(db, "SELECT k FROM t WHERE k IN ({})", []) == []
