"""Schema versions: fresh, re-opened, older and newer databases."""

from __future__ import annotations

import sqlite3

import pytest

from silkgraph.errors import StoreError
from silkgraph.store import open_store
from silkgraph.store import sqlite as backend


def schema_dump(path) -> list:
    with sqlite3.connect(path) as db:
        return [
            db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall(),
            db.execute("SELECT version, name, applied_at FROM schema_migrations ORDER BY version").fetchall(),
        ]


def test_fresh_database_is_at_latest_version(db_path):
    latest = backend._migrations()[-1][0]
    with open_store(db_path) as store:
        assert store.schema_version() == latest
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_changes_nothing(db_path):
    open_store(db_path).close()
    before = schema_dump(db_path)
    open_store(db_path).close()
    assert schema_dump(db_path) == before


def test_older_database_gets_missing_migrations(db_path, monkeypatch, make_analysis):
    with open_store(db_path) as store:
        store.add(make_analysis())
    shipped = backend._migrations()
    script = "CREATE TABLE notes (doc_id TEXT); CREATE INDEX notes_doc ON notes (doc_id);"
    extra = (shipped[-1][0] + 1, "9999_test.sql", script)
    monkeypatch.setattr(backend, "_migrations", lambda: shipped + [extra])
    with open_store(db_path) as store:
        assert store.schema_version() == shipped[-1][0] + 1
        assert store.get("astana-2025").to_json() == make_analysis().to_json()
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'notes_doc'").fetchone()


def test_failing_migration_is_rolled_back(db_path, monkeypatch):
    open_store(db_path).close()
    shipped = backend._migrations()
    broken = (shipped[-1][0] + 1, "9999_broken.sql", "CREATE TABLE half_done (x); SELECT no_such_function();")
    monkeypatch.setattr(backend, "_migrations", lambda: shipped + [broken])
    with pytest.raises(StoreError):
        open_store(db_path)
    monkeypatch.undo()
    with open_store(db_path) as store:
        assert store.schema_version() == shipped[-1][0]
    with sqlite3.connect(db_path) as db:
        assert not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchone()


def test_newer_database_is_refused(db_path):
    open_store(db_path).close()
    with sqlite3.connect(db_path) as db:
        db.execute("INSERT INTO schema_migrations VALUES (999, '0999_future.sql', '2099-01-01')")
    with pytest.raises(StoreError, match="schema version 999.*upgrade Silkgraph"):
        open_store(db_path)


def test_foreign_sqlite_database_is_refused(db_path):
    with sqlite3.connect(db_path) as db:
        db.execute("CREATE TABLE documents (whatever)")
    with pytest.raises(StoreError, match="not a Silkgraph store"):
        open_store(db_path)


def test_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not SQLite at all, just some text\n" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        open_store(path)


def test_missing_directory(tmp_path):
    with pytest.raises(StoreError, match="cannot open"):
        open_store(tmp_path / "no" / "such" / "dir" / "x.db")


def test_statement_splitter_keeps_triggers_whole():
    script = (
        "CREATE TABLE a (x); -- note; with semicolon\n"
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; SELECT 2; END;\n"
    )
    statements = list(backend._statements(script))
    assert len(statements) == 2
    assert statements[1].strip().startswith("-- note") and statements[1].rstrip().endswith("END;")
