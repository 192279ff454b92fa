"""`silkgraph corrections`: list, export, revert and import analysts' corrections.

A thin layer over silkgraph.corrections: what a correction does, and how it is applied, is the
library's. Import re-applies an export's active corrections to another store (the same
articles ingested anew), naming each one it cannot apply and why.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from silkgraph.cli_common import open_for_command
from silkgraph.errors import SilkgraphError

DEFAULT_DB = "silkgraph.db"
DB_HELP = "Store: an SQLite file, or a postgresql://user@host/database URL."


def _db_option(func):
    return click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)(func)


def _store(db: str):
    from silkgraph.ingestion import open_ingest_store

    return open_for_command(open_ingest_store, db, must_exist=True)


@click.group()
def corrections():
    """Analysts' corrections of extracted items: list, export, revert, import."""


@corrections.command("list")
@_db_option
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True, help="How many, newest first.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per correction.")
def list_(db, limit, as_json):
    """The newest corrections: who, when, what, why, and whether reverted."""
    from silkgraph import corrections as library

    with _store(db) as store:
        found = library.listing(store, limit=limit, newest_first=True)
    for c in found["corrections"]:
        if as_json:
            click.echo(json.dumps(c, ensure_ascii=False))
            continue
        state = "active" if c["active"] else f"reverted by {c['reverted_by'] or '?'}"
        value = json.dumps(c["value"], ensure_ascii=False) if c["value"] is not None else ""
        click.echo(
            f"{c['id']:>5}  {c['created_at']}  {c['author'] or '-':<12}  {c['kind']} {c['action']} {c['item']}"
            f" {value}  [{state}]" + (f"  -- {c['note']}" if c["note"] else "")
        )
    if not as_json:
        click.echo(f"{found['total']} corrections in all", err=True)


@corrections.command("export")
@_db_option
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True, help="Format.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file (default: stdout)."
)
def export(db, fmt, output):
    """Every correction, reverted ones too, with the item as it was when corrected."""
    from silkgraph import corrections as library

    with _store(db) as store:
        text = library.export(store, fmt)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"corrections written to {output}", err=True)
    else:
        sys.stdout.write(text)


@corrections.command("revert")
@_db_option
@click.argument("correction_id", type=int)
@click.option("--author", help="Who reverts it.")
def revert(db, correction_id, author):
    """Take correction CORRECTION_ID back: the item is as extracted again; the correction stays listed."""
    from silkgraph import corrections as library

    with _store(db) as store:
        try:
            library.revert(store, correction_id, author)
        except SilkgraphError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"correction {correction_id} reverted", err=True)


@corrections.command("import")
@_db_option
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_(db, path):
    """Apply the active corrections of an export (JSON) to this store, in their order."""
    from silkgraph import corrections as library

    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{path}: not an export of corrections ({exc})") from exc
    if not isinstance(records, list):
        raise click.ClickException(f"{path}: not an export of corrections (a JSON list)")
    applied = skipped = 0
    with _store(db) as store:
        for outcome in library.import_records(store, records):
            if outcome is None:
                applied += 1
            else:
                skipped += 1
                click.echo(f"skipped: {outcome}", err=True)
    click.echo(f"{applied} corrections applied, {skipped} skipped", err=True)
    if skipped:
        sys.exit(1)


COMMANDS = (corrections,)
