"""The SQLite backend: one database file, schema managed by numbered migrations."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from silkgraph.errors import StoreError
from silkgraph.store.base import Merger, SearchHit
from silkgraph.store.sql import (
    GRAPH_GAPS,
    MAX_QUERY_TERMS,
    MAX_TERM_CHARS,
    UNKNOWN_LANGUAGE,
    READERS,
    ReaderPool,
    SQLStore,
    load_migrations,
    now,
    transaction,
    user_terms,
)

__all__ = ["SQLiteStore", "fts_query", "MAX_QUERY_TERMS", "MAX_TERM_CHARS", "UNKNOWN_LANGUAGE"]

BUSY_TIMEOUT_SECONDS = 5.0
CACHE_KIB = 65536  # page cache per connection
# The writer's page cache during a batch ingest: a store of a million articles has gigabytes of
# indexes, and each article touches a few hundred of their pages scattered over them; what the
# cache keeps is not read again through the file system for the next article.
BULK_CACHE_KIB = 262144
CHECKPOINT_PAGES = 10000  # WAL pages (about 40 MB) before the log is copied into the database


def fts_query(text: str) -> str:
    """Turn user text into an FTS5 query that can only mean "all these words".

    Every term is a quoted string, so nothing the user types is read as
    query syntax (see sql.user_terms for which terms are kept). A trailing *
    asks for a prefix.
    """
    return " ".join('"' + word.replace('"', '""') + '"' + ("*" if prefix else "") for word, prefix in user_terms(text))


def fts5_expression(alternatives: list[list[list[tuple[str, bool]]]]) -> str:
    """An FTS5 expression for `term_scores`: alternatives ORed, their groups ANDed, a group's options ORed."""

    def option(word: str, prefix: bool) -> str:
        return '"' + word.replace('"', '""') + '"' + ("*" if prefix else "")

    return " OR ".join(
        "(" + " AND ".join("(" + " OR ".join(option(w, p) for w, p in group) + ")" for group in groups) + ")"
        for groups in alternatives
        if groups
    )


def _migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every migration shipped, in order."""
    return load_migrations("sqlite")


def _statements(script: str) -> Iterator[str]:
    """Split a script into statements; triggers contain semicolons, so ask SQLite
    where a statement ends. `executescript` is not used because it commits any
    open transaction, and a migration must apply in one."""
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip() != ";":
                yield buffer
            buffer = ""


class SQLiteStore(SQLStore):
    def __init__(self, path: str | Path, merger: Merger | None = None):
        self.path = path
        self.merger = merger
        self._lock = threading.RLock()
        self._writer_thread: int | None = None
        # Readers of a file get connections of their own; an in-memory database exists only
        # in its one connection.
        self._readers = None if str(path) == ":memory:" else ReaderPool(self._open_reader, READERS)
        try:
            # isolation_level=None: transactions are begun and ended explicitly,
            # never implicitly by the sqlite3 module.
            self._db: sqlite3.Connection | None = sqlite3.connect(
                str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {path}: {exc}") from exc
        try:
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            # SQLite's default page cache is 2 MiB: a store of 100,000 articles would then re-read
            # its index pages from the file system on almost every look-up.
            self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            # A checkpoint copies the log into the database file and syncs it; with SQLite's default
            # (every 1,000 pages) a bulk ingest spent a third of its time there. A longer log is
            # copied less often, each page once however often it changed meanwhile.
            self._db.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
            self._db.execute(f"PRAGMA journal_size_limit = {CHECKPOINT_PAGES * 4096}")
            self._migrate()
        except sqlite3.Error as exc:
            self.close()
            raise StoreError(f"cannot open database {path}: {exc}") from exc
        except BaseException:
            self.close()
            raise

    # -- connection and transactions -----------------------------------------

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise StoreError(f"the store {self.path} is closed")
        return self._db

    def _rollback(self) -> None:
        if self._db is not None and self._db.in_transaction:
            self._db.execute("ROLLBACK")

    @contextmanager
    def _transaction(self, mode: str = "IMMEDIATE", action: str = "") -> Iterator[sqlite3.Connection]:
        """One transaction under the lock. IMMEDIATE for writes (take the write
        lock up front instead of failing on upgrade), DEFERRED for consistent reads."""
        with self._lock:
            db = self._conn()
            self._writer_thread = threading.get_ident()  # this thread's reads meanwhile see its writes
            try:
                with transaction(
                    db,
                    lambda: db.execute(f"BEGIN {mode}"),
                    lambda: db.execute("COMMIT"),
                    self._rollback,
                    sqlite3.Error,
                    str(self.path),
                    action,
                ):
                    yield db
            finally:
                self._writer_thread = None

    def _reading(self):
        if self._writer_thread == threading.get_ident():
            return nullcontext(self._conn())  # inside this thread's own write: read what it wrote
        if self._readers is None:
            return self._transaction("DEFERRED", "reading")
        return self._pooled_read()

    @contextmanager
    def _pooled_read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction on a connection of its own: WAL lets readers run beside each other
        and beside the writer, each seeing the store as of its start, so that one slow query of
        the server does not hold up every other."""
        with self._readers.connection(f"the store {self.path} is closed") as db:

            def end() -> None:  # nothing to keep: the transaction only read
                if db.in_transaction:
                    db.execute("ROLLBACK")

            with transaction(
                db, lambda: db.execute("BEGIN DEFERRED"), end, end, sqlite3.Error, str(self.path), "reading"
            ):
                yield db

    def _open_reader(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(
                str(self.path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
            )
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            db.execute("PRAGMA query_only = ON")
            return db
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {self.path} for reading: {exc}") from exc

    def prepare_bulk_writes(self) -> None:
        with self._lock:
            self._conn().execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")

    def _writing(self, action: str):
        return self._transaction("IMMEDIATE", action)

    def files(self) -> list[Path]:
        """The files that every write changes: the database and its write-ahead log (none in memory)."""
        if self._readers is None:
            return []
        return [Path(self.path), Path(f"{self.path}-wal")]

    # -- schema ------------------------------------------------------------

    def schema_version(self) -> int:
        with self._lock:
            db = self._conn()
            has_table = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            ).fetchone()
            if not has_table:
                return 0
            return db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]

    def _migrate(self) -> None:
        migrations = _migrations()
        latest = migrations[-1][0]
        current = self.schema_version()
        self._check_version(current, latest)
        if current == latest:
            return
        db = self._conn()
        db.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            current = self.schema_version()
            foreign = db.execute(
                "SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name != 'schema_migrations'"
            ).fetchone()
            if current == 0 and foreign:
                raise StoreError(f"{self.path} is an SQLite database but not a Silkgraph store")
            self._check_version(current, latest)
            db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            for version, name, script in migrations:
                if version <= current:
                    continue
                for statement in _statements(script):
                    db.execute(statement)
                db.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (version, name, now()),
                )
            if current:
                self._backfill(db, current)
            db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    # -- search --------------------------------------------------------------

    def _store_terms(self, db: sqlite3.Connection, seq: int, title: str, text: str) -> None:
        # An upsert, not INSERT OR REPLACE: REPLACE deletes without firing the delete
        # trigger, which would leave the old terms in document_terms_fts.
        db.execute(
            "INSERT INTO document_terms (seq, title, text) VALUES (?, ?, ?)"
            " ON CONFLICT (seq) DO UPDATE SET title = excluded.title, text = excluded.text",
            (seq, title, text),
        )

    def term_scores(self, db: sqlite3.Connection, alternatives, limit: int | None = None) -> dict[int, float]:
        expression = fts5_expression(alternatives)
        if not expression:
            return {}
        # Title matches weigh double, as in search; bm25 is smaller for better matches.
        sql = (
            "SELECT rowid, bm25(document_terms_fts, 2.0, 1.0) AS score FROM document_terms_fts"
            " WHERE document_terms_fts MATCH ?"
        )
        params: tuple = (expression,)
        if limit is not None:
            sql, params = sql + " ORDER BY score, rowid LIMIT ?", (expression, limit)
        return {seq: -score for seq, score in db.execute(sql, params)}

    def term_count(self, db: sqlite3.Connection, alternatives) -> int:
        expression = fts5_expression(alternatives)
        if not expression:
            return 0
        return db.execute(
            "SELECT COUNT(*) FROM document_terms_fts WHERE document_terms_fts MATCH ?", (expression,)
        ).fetchone()[0]

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        match = fts_query(query or "")
        limit, offset = max(0, int(limit)), max(0, int(offset))
        if not match or limit == 0:
            return []
        # Title matches weigh double: a word in the headline says more about
        # the article than the same word once in its body.
        sql = (
            "SELECT d.id, d.title, d.published,"
            " snippet(documents_fts, -1, '[[', ']]', '…', 16), bm25(documents_fts, 2.0, 1.0) AS score"
            " FROM documents_fts JOIN documents AS d ON d.seq = documents_fts.rowid"
            " WHERE documents_fts MATCH ? ORDER BY score, d.seq LIMIT ? OFFSET ?"
        )
        try:
            with self._reading() as db:
                rows = db.execute(sql, (match, limit, offset)).fetchall()
        except StoreError as exc:
            # fts_query should make this unreachable; if some input still
            # defeats it, the user gets no hits rather than a syntax error.
            if isinstance(exc.__cause__, sqlite3.OperationalError) and "fts5" in str(exc.__cause__):
                return []
            raise
        # bm25 is smaller for better matches; hits report higher-is-better.
        return [SearchHit(id_, title, published, snippet, -score) for id_, title, published, snippet, score in rows]

    def integrity_check(self) -> bool:
        with self._lock:
            db = self._conn()
            try:
                if db.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                    return False
                if db.execute("PRAGMA foreign_key_check").fetchall():
                    return False
                # rank = 1: also compare the index with the documents it indexes.
                db.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)")
                db.execute("INSERT INTO document_terms_fts (document_terms_fts, rank) VALUES ('integrity-check', 1)")
                for sql in GRAPH_GAPS:
                    if db.execute(sql + " LIMIT 1").fetchone():
                        return False
            except sqlite3.DatabaseError:
                return False
            return True

    def close(self) -> None:
        with self._lock:
            if self._readers is not None:
                self._readers.close(sqlite3.Connection.close)
            if self._db is not None:
                self._db.close()
                self._db = None
