"""Invented but realistic analyses for the store tests, and a PostgreSQL server for
the PostgreSQL half of the storage contract (test_contract.py).

The server is SILKGRAPH_TEST_POSTGRES (a postgresql:// URL of a role that may
CREATE DATABASE) when set; otherwise a throwaway one in a temporary folder,
started with the server binaries found here, reachable over its Unix socket
only, and stopped at the end of the session. Without either, the PostgreSQL
tests are skipped, except under CI (CI set), where that is an error: there the
server is installed by .ci/postgres.sh. Tests share one database migrated at
the start and emptied before each of them; those that need a schema of their
own create a database.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import pytest

from silkgraph.model import Analysis, Document, Entity, Event, Fact, Mention, Quote, Span
from silkgraph.store import open_store

TEXT = (
    "In Astana haben die Außenminister Kasachstans und Chinas am Dienstag über neue "
    "Transportkorridore verhandelt. Der Handel zwischen China und Kasachstan erreichte 2024 "
    "über 43,8 Milliarden US-Dollar. Die Türkiye beobachtet das Treffen aufmerksam. "
    "„Wir schaffen alle Voraussetzungen für einen stabilen Güterverkehr“, sagte Murat Nurtleu. "
    "Beide Seiten planen ein Gipfeltreffen im Juni in Xi'an."
)


def span_of(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def mention(text: str, part: str, nth: int = 0) -> Mention:
    start, end = span_of(text, part, nth)
    return Mention(start, end, part)


def make_analysis(doc_id: str = "astana-2025", text: str = TEXT, **doc_fields) -> Analysis:
    """An analysis of `text`; entities whose words are missing from it get no mentions."""
    fields = {
        "title": "Kasachstan und China verhandeln über Korridore",
        "url": "https://example.org/a/1",
        "published": "2025-01-14",
        "language": "de",
        "source": "samples/astana.md",
    }
    fields.update(doc_fields)
    document = Document(id=doc_id, text=text, **fields)

    def mentions(*parts: str) -> list[Mention]:
        return [mention(text, p) for p in parts if p in text]

    sentence = span_of(text, "Der Handel") if "Der Handel" in text else (0, min(len(text), 10))
    quote = "Wir schaffen alle Voraussetzungen für einen stabilen Güterverkehr"
    quote_span = span_of(text, quote) if quote in text else (0, 0)
    return Analysis(
        document=document,
        entities=[
            Entity("kazakhstan", "Kazakhstan", "country", "Q232", mentions("Kasachstans", "Kasachstan ")),
            Entity("china", "China", "country", "Q148", mentions("Chinas", "China ")),
            Entity("astana", "Astana", "place", "Q1520", mentions("Astana")),
            Entity("murat-nurtleu", "Murat Nurtleu", "person", None, mentions("Murat Nurtleu")),
            Entity("transport-corridors", "transport corridors", "other"),  # no mentions at all
        ],
        events=[
            Event(
                "meeting",
                "2025-01-14",
                ["kazakhstan", "china"],
                Span(0, 103),
                place="astana",
                label="Kazakh–Chinese foreign ministers' talks on transport corridors",
            ),
            Event(
                "summit",
                "2025-06",
                ["china", "kazakhstan", "china"],
                Span(0, len(text)),
                place=None,
                label=None,
                modality="planned",
            ),
        ],
        facts=[
            Fact(
                "trade_volume",
                43_800_000_000,
                "USD",
                "2024",
                ["china", "kazakhstan"],
                Span(*sentence),
                qualifier="over",
                label="China–Kazakhstan trade",
            ),
            Fact("trade_growth", 12.5, "%", None, [], Span(*sentence), modality="estimate"),
        ],
        quotes=[Quote("murat-nurtleu", quote, *quote_span), Quote(None, "Gipfeltreffen", 0, 0)],
    )


def other_text(n: int) -> str:
    return f"Bericht Nummer {n}: Usbekistan und Tadschikistan vereinbaren Projekt {n} am Fluss Syrdarja."


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "silkgraph.db"


@pytest.fixture
def store(db_path):
    with open_store(db_path) as s:
        yield s


# Helpers are handed out as fixtures: test modules importing `conftest`
# directly would clash with other test directories' conftest modules.
@pytest.fixture(name="make_analysis")
def make_analysis_fixture():
    return make_analysis


@pytest.fixture(name="other_text")
def other_text_fixture():
    return other_text


@pytest.fixture(name="text")
def text_fixture():
    return TEXT


# -- PostgreSQL ---------------------------------------------------------------

POSTGRES_ENV = "SILKGRAPH_TEST_POSTGRES"


class PostgresServer:
    """A server the tests may create and drop databases on, from its admin `url`."""

    _numbers = itertools.count(1)

    def __init__(self, url: str):
        self.url = url

    def database_url(self, name: str) -> str:
        parts = urllib.parse.urlsplit(self.url)
        return urllib.parse.urlunsplit(parts._replace(path="/" + urllib.parse.quote(name)))

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(sql)

    def create_database(self) -> str:
        name = f"silkgraph_test_{os.getpid()}_{next(self._numbers)}"
        self._admin(f'CREATE DATABASE "{name}"')
        return self.database_url(name)

    def empty(self, url: str) -> None:
        """Every table of the database at `url` emptied and its numbering restarted; its schema kept.
        Cheaper than a new database, which copies every relation of the schema."""
        import psycopg

        with psycopg.connect(url, autocommit=True) as db:
            # A store a failing test left open would hold locks that TRUNCATE waits for.
            db.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            tables = [
                r[0]
                for r in db.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                    " AND tablename <> 'schema_migrations'"
                )
            ]
            db.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")

    def drop_database(self, url: str) -> None:
        name = urllib.parse.unquote(urllib.parse.urlsplit(url).path.lstrip("/"))
        # FORCE: a store a failing test left open must not keep its database alive.
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server_binaries() -> Path | None:
    """The folder of initdb and pg_ctl: on PATH, or where Debian puts them (newest version)."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0
    )
    return found[-1].parent if found else None


def _run(command: list, log: Path | None = None, **kwargs) -> None:
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=120, **kwargs)
    if done.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:] if log is not None and log.exists() else ""
        raise RuntimeError(f"{command[0]} failed ({done.returncode}):\n{done.stdout}{done.stderr}{tail}")


@contextmanager
def _throwaway_server(binaries: Path):
    """A fresh cluster in a temporary folder, on a Unix socket in that folder: it touches
    no cluster of the system and listens on no network address."""
    as_user: list = []
    if os.geteuid() == 0:  # initdb refuses root; the server package creates the user postgres
        as_user = [shutil.which("runuser") or "runuser", "-u", "postgres", "--"]
    root = Path(tempfile.mkdtemp(prefix="silkgraph-pg-"))
    try:
        if as_user:
            shutil.chown(root, "postgres", "postgres")
        data, log = root / "data", root / "server.log"
        with socket.socket() as s:  # a free port: it only names the socket, but stays clear of others
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        _run(
            [
                *as_user,
                binaries / "initdb",
                "-D",
                data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            cwd=root,
        )
        # Durability is worth nothing to a server thrown away after the tests, and costs time.
        options = (
            f"-p {port} -k {root} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        _run(
            [*as_user, binaries / "pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "-t", "60", "start"],
            log,
            cwd=root,
        )
        try:
            yield f"postgresql://postgres@/postgres?host={urllib.parse.quote(str(root))}&port={port}"
        finally:
            subprocess.run(
                [*as_user, binaries / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"],
                capture_output=True,
                timeout=60,
                cwd=root,
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _unavailable(reason: str) -> None:
    message = (
        f"PostgreSQL tests need a server: {reason}. Set {POSTGRES_ENV}=postgresql://user@host/db "
        "(a role that may create databases), or install the server: apt-get install postgresql "
        "(.ci/postgres.sh)"
    )
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_server():
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("the psycopg package is not installed (pip install 'silkgraph[postgres]')")
    if os.environ.get(POSTGRES_ENV):
        yield PostgresServer(os.environ[POSTGRES_ENV])
        return
    binaries = _server_binaries()
    if binaries is None:
        _unavailable("no server binaries (initdb, pg_ctl) were found")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        _unavailable("running as root, and runuser is missing to start the server as user postgres")
    with _throwaway_server(binaries) as url:
        yield PostgresServer(url)


@pytest.fixture(scope="session")
def postgres_database(postgres_server):
    """URL of a database migrated once for the session, emptied again for each test (postgres_url)."""
    url = postgres_server.create_database()
    open_store(url).close()
    yield url
    postgres_server.drop_database(url)


@pytest.fixture
def postgres_url(postgres_server, postgres_database):
    """A postgresql:// URL of an empty, migrated database for this test alone."""
    postgres_server.empty(postgres_database)
    return postgres_database
