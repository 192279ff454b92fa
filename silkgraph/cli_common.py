"""What every command-line module shares: opening a store with errors a user can act on."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import click

from silkgraph.errors import SilkgraphError


@contextmanager
def open_for_command(opener, db: str, must_exist: bool = False):
    """The store `opener(db)` gives, closed afterwards; a missing file or a store that cannot be
    opened becomes a usage error or a one-line message instead of a traceback."""
    if must_exist and "://" not in db and not Path(db).exists():
        raise click.UsageError(f"no store at {db} (create one with 'silkgraph ingest PATH --db {db}')")
    try:
        store = opener(db)
    except SilkgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        yield store
    finally:
        store.close()
