"""Persistent storage of analyses. `open_store` picks the backend from a target.

The store keeps documents and their analyses; what is derived from them
across documents (the graph) is kept up to date by a `Merger` the store is
given and calls inside its transactions, never imports. By default that is
the module named by DEFAULT_MERGER (silkgraph.graph, which sits above the
store and imports it); `merger=None` opens a store of documents alone.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import cast

from silkgraph.errors import StoreError
from silkgraph.store.base import AddResult, Merger, SearchHit, Store

__all__ = ["AddResult", "Merger", "SearchHit", "Store", "open_store", "DEFAULT_DATABASE", "DEFAULT_MERGER"]

DEFAULT_DATABASE = "silkgraph.db"
DEFAULT_MERGER = "silkgraph.graph"
_DEFAULT = object()

_URL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*)://(.*)$", re.DOTALL)


def _merger(merger: object) -> Merger | None:
    if merger is _DEFAULT:
        return cast(Merger, importlib.import_module(DEFAULT_MERGER))
    return cast("Merger | None", merger)


def open_store(target: str | Path | None = None, *, merger: Merger | None | object = _DEFAULT) -> Store:
    """Open (creating if needed) the store at `target`.

    None means ``silkgraph.db`` in the current directory; a path or
    ``sqlite:///relative.db`` / ``sqlite:////absolute.db`` (the SQLAlchemy
    spelling) opens SQLite; ``:memory:`` or ``sqlite://`` an in-memory one.
    ``postgresql://user@host/db`` (also ``postgres://`` and
    ``postgresql+psycopg://``; any libpq URL parameter) opens PostgreSQL.
    `merger` keeps the graph up to date (see the module's docstring).
    """
    return _open(target, _merger(merger))


def _open(target: str | Path | None, merger: Merger | None) -> Store:
    from silkgraph.store.sqlite import SQLiteStore

    if target is None:
        return SQLiteStore(Path.cwd() / DEFAULT_DATABASE, merger)
    if isinstance(target, Path):
        return SQLiteStore(target, merger)
    match = _URL.match(target)
    if not match:
        return SQLiteStore(target if target == ":memory:" else Path(target), merger)
    scheme, rest = match.group(1).lower(), match.group(2)
    if scheme == "sqlite":
        if rest in ("", "/:memory:"):
            return SQLiteStore(":memory:", merger)
        if not rest.startswith("/"):
            raise StoreError(f"invalid SQLite URL {target!r}: use sqlite:///path/to/file.db")
        return SQLiteStore(Path(rest[1:]), merger)
    base, _, driver = scheme.partition("+")
    if base in ("postgresql", "postgres"):
        if driver not in ("", "psycopg"):
            raise StoreError(f"unsupported PostgreSQL driver {driver!r}: use postgresql:// (psycopg)")
        from silkgraph.store.postgres import PostgresStore

        # libpq reads both spellings; the driver suffix is SQLAlchemy's, not libpq's.
        return PostgresStore("postgresql://" + rest, merger)
    raise StoreError(f"unsupported store {scheme}://...; give a file path, a sqlite:/// or a postgresql:// URL")
