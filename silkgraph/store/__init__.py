"""Persistent storage of analyses. `open_store` picks the backend from a target."""

from __future__ import annotations

import re
from pathlib import Path

from silkgraph.errors import StoreError
from silkgraph.store.base import AddResult, SearchHit, Store

__all__ = ["AddResult", "SearchHit", "Store", "open_store", "DEFAULT_DATABASE"]

DEFAULT_DATABASE = "silkgraph.db"

_URL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*)://(.*)$", re.DOTALL)


def open_store(target: str | Path | None = None) -> Store:
    """Open (creating if needed) the store at `target`.

    None means ``silkgraph.db`` in the current directory; a path or
    ``sqlite:///relative.db`` / ``sqlite:////absolute.db`` (the SQLAlchemy
    spelling) opens SQLite; ``:memory:`` or ``sqlite://`` an in-memory one.
    ``postgresql://user@host/db`` (also ``postgres://`` and
    ``postgresql+psycopg://``; any libpq URL parameter) opens PostgreSQL.
    """
    from silkgraph.store.sqlite import SQLiteStore

    if target is None:
        return SQLiteStore(Path.cwd() / DEFAULT_DATABASE)
    if isinstance(target, Path):
        return SQLiteStore(target)
    match = _URL.match(target)
    if not match:
        return SQLiteStore(target if target == ":memory:" else Path(target))
    scheme, rest = match.group(1).lower(), match.group(2)
    if scheme == "sqlite":
        if rest in ("", "/:memory:"):
            return SQLiteStore(":memory:")
        if not rest.startswith("/"):
            raise StoreError(f"invalid SQLite URL {target!r}: use sqlite:///path/to/file.db")
        return SQLiteStore(Path(rest[1:]))
    base, _, driver = scheme.partition("+")
    if base in ("postgresql", "postgres"):
        if driver not in ("", "psycopg"):
            raise StoreError(f"unsupported PostgreSQL driver {driver!r}: use postgresql:// (psycopg)")
        from silkgraph.store.postgres import PostgresStore

        # libpq reads both spellings; the driver suffix is SQLAlchemy's, not libpq's.
        return PostgresStore("postgresql://" + rest)
    raise StoreError(f"unsupported store {scheme}://...; give a file path, a sqlite:/// or a postgresql:// URL")
