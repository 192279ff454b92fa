"""What only the PostgreSQL backend has: placeholders, URLs, migrations, search by the
document's language, a lost connection, and the command line against a real server.

The storage contract both backends keep is in test_contract.py.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from silkgraph.errors import StoreError
from silkgraph.store import open_store
from silkgraph.store import postgres as backend
from silkgraph.store import sqlite as sqlite_backend
from silkgraph.store.pgconn import translate
from silkgraph.store.postgres import describe, lexeme, terms_tsquery

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


# -- without a server ------------------------------------------------------------


@pytest.mark.parametrize(
    "sql, expected",
    [
        ("SELECT ?, ?", "SELECT %s, %s"),
        ("SELECT '?', \"a?\", ?", "SELECT '?', \"a?\", %s"),
        ("SELECT 'it''s ?', ?", "SELECT 'it''s ?', %s"),
        ("WHERE id LIKE 'x%' AND y = ?", "WHERE id LIKE 'x%%' AND y = %s"),
        ("SELECT 5 % 3, ? -- why? 100%\n, ?", "SELECT 5 %% 3, %s -- why? 100%%\n, %s"),
        ("SELECT /* ? % */ ?", "SELECT /* ? %% */ %s"),
        ("SELECT '", "SELECT '"),
    ],
)
def test_placeholders_are_translated_outside_quotes(sql, expected):
    assert translate(sql) == expected


def test_messages_never_show_the_password():
    assert (
        describe("postgresql://me:s3cret@db.example/silk?sslmode=require&password=x")
        == "postgresql://me@db.example/silk?sslmode=require"
    )
    assert describe("postgresql:///silk?host=/run/pg") == "postgresql:///silk?host=/run/pg"


def test_search_terms_are_always_literals():
    assert lexeme("a'b\\c", True) == "'a''b\\\\c':*"
    assert (
        terms_tsquery([[[("kasachstan", True), ("kasachstan", False)]], [[("tokayev", False)]], []])
        == "(('kasachstan':* | 'kasachstan')) | (('tokayev'))"
    )
    assert terms_tsquery([]) == ""


def test_migrations_are_numbered_as_sqlites():
    # A schema version means the same on both backends.
    assert [(v, n) for v, n, _ in backend._migrations()] == [(v, n) for v, n, _ in sqlite_backend._migrations()]


def test_unreachable_server_is_a_store_error():
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as failure:
        open_store("postgresql://me:s3cret@/silk?host=/nonexistent-silkgraph-socket&port=1")
    assert "s3cret" not in str(failure.value)


def test_unknown_driver_is_refused():
    with pytest.raises(StoreError, match="driver"):
        open_store("postgresql+asyncpg://localhost/silk")


# -- schema versions -------------------------------------------------------------


@pytest.fixture
def fresh(postgres_server):
    """An empty database that no migration has touched."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url)


def _admin(url: str, sql: str):
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        cursor = db.execute(sql)
        return cursor.fetchall() if cursor.description else None


def test_fresh_database_gets_every_migration_once(fresh):
    with open_store(fresh) as store:
        assert store.schema_version() == backend._migrations()[-1][0]
    applied = _admin(fresh, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
    open_store(fresh).close()
    assert _admin(fresh, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version") == applied


def test_older_database_gets_missing_migrations(fresh, monkeypatch, make_analysis):
    with open_store(fresh) as store:
        store.add(make_analysis())
    shipped = backend._migrations()
    script = "CREATE TABLE notes (doc_id text); CREATE INDEX notes_doc ON notes (doc_id);"
    extra = (shipped[-1][0] + 1, "9999_test.sql", script)
    monkeypatch.setattr(backend, "_migrations", lambda: shipped + [extra])
    with open_store(fresh) as store:
        assert store.schema_version() == shipped[-1][0] + 1
        assert store.get("astana-2025").to_json() == make_analysis().to_json()
    assert _admin(fresh, "SELECT to_regclass('notes_doc') IS NOT NULL") == [(True,)]


def test_failing_migration_is_rolled_back(fresh, monkeypatch):
    open_store(fresh).close()
    shipped = backend._migrations()
    broken = (shipped[-1][0] + 1, "9999_broken.sql", "CREATE TABLE half_done (x int); SELECT no_such_function();")
    monkeypatch.setattr(backend, "_migrations", lambda: shipped + [broken])
    with pytest.raises(StoreError, match="migrating"):
        open_store(fresh)
    monkeypatch.undo()
    with open_store(fresh) as store:
        assert store.schema_version() == shipped[-1][0]
    assert _admin(fresh, "SELECT to_regclass('half_done') IS NULL") == [(True,)]


def test_newer_database_is_refused(fresh):
    open_store(fresh).close()
    _admin(fresh, "INSERT INTO schema_migrations VALUES (999, '0999_future.sql', '2099-01-01')")
    with pytest.raises(StoreError, match="schema version 999.*upgrade Silkgraph"):
        open_store(fresh)


def test_database_of_another_application_is_refused(fresh):
    _admin(fresh, "CREATE TABLE invoices (id int)")
    with pytest.raises(StoreError, match="not a Silkgraph store"):
        open_store(fresh)
    assert _admin(fresh, "SELECT to_regclass('schema_migrations') IS NULL") == [(True,)]


# -- search, connections ------------------------------------------------------------


def test_search_analyses_each_document_in_its_language(postgres_url, make_analysis):
    with open_store(postgres_url) as store:
        store.add(make_analysis("de", text="Die Außenminister Kasachstans trafen sich in Astana.", title=None))
        store.add(
            make_analysis("en", text="Kazakhstan modernised its railways, officials said.", title=None, language="en")
        )
        store.add(make_analysis("kk", text="Kasachstans Bahnen, auf Kasachisch berichtet.", title=None, language="kk"))
        # lower case: the test cluster runs without a locale, where PostgreSQL lower-cases ASCII only
        store.add(make_analysis("ru", text="В Астане прошли переговоры о железных дорогах.", title=None, language="ru"))
        assert [h.doc_id for h in store.search("Kasachstan")] == ["de"]  # German stem; "kk" is not stemmed
        assert [h.doc_id for h in store.search("railway")] == ["en"]  # English stem
        assert [h.doc_id for h in store.search("aussenminister")] == ["de"]
        assert [h.doc_id for h in store.search("переговорах")] == ["ru"]  # Russian stem
        assert "[[Kasachstans]]" in store.search("Kasachstan")[0].snippet


def test_a_lost_connection_is_replaced(postgres_url, make_analysis):
    with open_store(postgres_url) as store:
        store.add(make_analysis())
        assert store.stats()["documents"] == 1
        [reader] = store._readers._all
        pids = {link.raw.info.backend_pid for link in (store._writer, reader)}
        for pid in pids:
            _admin(postgres_url, f"SELECT pg_terminate_backend({pid})")
        assert store.stats()["documents"] == 1  # a new connection, the same data
        store.add(make_analysis("second", text="Ein anderer Text über Bischkek."))
        assert {link.raw.info.backend_pid for link in (store._writer, reader)}.isdisjoint(pids)


def test_nul_characters_are_stored_as_on_sqlite_and_unknown_keys_find_nothing(postgres_url, make_analysis):
    with open_store(postgres_url) as store:
        store.add(make_analysis(title="Astana\x00"))  # the policy of every backend: tests/store/test_nul_policy.py
        assert store.get("astana-2025").document.title == "Astana\ufffd"
        assert store.get("astana-2025\x00") is None and store.search("Astana\x00")[0].doc_id == "astana-2025"


# -- the command line ---------------------------------------------------------------------


def _silkgraph(*args, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "silkgraph.cli", *map(str, args)], capture_output=True, text=True, timeout=300, cwd=cwd
    )


def test_cli_ingests_into_postgresql(postgres_url, tmp_path):
    first = _silkgraph("ingest", SAMPLES, "--db", postgres_url, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    stats = json.loads(_silkgraph("stats", "--db", postgres_url, "--json", cwd=tmp_path).stdout)
    assert stats["documents"] >= 5 and stats["events"] > 0
    again = _silkgraph("ingest", SAMPLES, "--db", postgres_url, cwd=tmp_path)
    assert again.returncode == 0 and "0 stored" in again.stderr and "nothing new" in again.stderr
    found = _silkgraph("search", "Kasachstan", "--db", postgres_url, cwd=tmp_path)
    assert found.returncode == 0 and found.stdout.strip(), found.stderr
    assert not list(tmp_path.iterdir())  # no SQLite file made on the side


def test_cli_serves_from_postgresql(postgres_url, tmp_path, make_analysis):
    with open_store(postgres_url) as store:
        store.add(make_analysis())
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "silkgraph.cli", "serve", "--db", postgres_url, "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "SILKGRAPH_TOKEN": ""},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stdout.read().decode(errors="replace")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=2) as response:
                    assert json.load(response)["documents"] == 1
                    break
            except OSError:
                assert time.monotonic() < deadline, "the server did not come up"
                time.sleep(0.2)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
