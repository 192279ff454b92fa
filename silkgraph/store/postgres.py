"""The PostgreSQL backend: the tables and SQL of the SQLite backend, on a server.

Everything but search is the SQL of silkgraph.store.sql and silkgraph.graph,
run through a connection that takes `?` placeholders (pgconn). What is
PostgreSQL's own:

* transactions: reads are REPEATABLE READ READ ONLY, so that a read sees one
  snapshot (whole documents only) as SQLite's read transactions do; writes take
  a transaction-scoped advisory lock, so that writers queue up one at a time as
  with SQLite's write lock. Merging a document into the graph reads the graph
  and then writes it: two writers side by side would each miss the other's
  events. Writes stay READ COMMITTED, so that each statement sees what the
  writer before released, which a snapshot taken before the lock would not;
* search: a generated tsvector per document, analysed with the German, English
  or a plain configuration by the document's language (migrations/postgres/0001),
  and the analysed terms index (0003) as a tsvector, matched with to_tsquery
  built from quoted literals only;
* a connection that died between calls (server restart, idle timeout) is
  replaced when the next transaction begins;
* reads run on connections of their own (at most READERS), beside the writer's.
"""

from __future__ import annotations

import threading
import urllib.parse
from contextlib import contextmanager, nullcontext

from silkgraph.errors import StoreError
from silkgraph.store.base import Merger, SearchHit
from silkgraph.store.pgconn import Connection
from silkgraph.store.sql import GRAPH_GAPS, READERS, ReaderPool, SQLStore, load_migrations, now, transaction, user_terms

try:
    import psycopg
except ImportError:  # an optional dependency: only a postgresql:// store needs it
    psycopg = None  # type: ignore[assignment]

# Any constant will do, as long as every Silkgraph process uses the same one:
# advisory locks are per database, so stores of other databases do not wait.
WRITE_LOCK = 0x51_1C_6A_9A
CONNECT_TIMEOUT_SECONDS = 10
# ts_rank weights of {D, C, B, A}: text is weighted B, the title A, so a title
# match counts double, as with bm25(.., 2.0, 1.0) in SQLite. Normalisation 1
# divides by the log of the document length, as bm25 favours short documents.
RANK = "ts_rank('{{0.1, 0.2, 0.5, 1.0}}', {column}, {query}, 1)"  # str.format: {{ }} are braces
HEADLINE_OPTIONS = "StartSel=[[, StopSel=]], MaxWords=16, MinWords=8, ShortWord=0, MaxFragments=1"
CONFIGS = ("silkgraph_german", "silkgraph_english", "silkgraph_russian", "silkgraph_simple")


def _migrations() -> list[tuple[int, str, str]]:
    return load_migrations("postgres")


def describe(url: str) -> str:
    """The URL as messages may show it: without a password."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.split(':', 1)[0]}@{host}"
    query = "&".join(p for p in parts.query.split("&") if p and not p.lower().startswith("password="))
    # Not urlunsplit: it drops the // of a URL without host (postgresql:///db?host=/run/postgresql).
    return f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")


def lexeme(word: str, prefix: bool = False) -> str:
    """A word as a quoted tsquery operand: whatever it holds, it is a literal, never syntax."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")


def terms_tsquery(alternatives) -> str:
    """The tsquery text of Store.term_scores' alternatives: ORed, groups ANDed, options ORed."""
    return " | ".join(
        "(" + " & ".join("(" + " | ".join(lexeme(w, p) for w, p in group) + ")" for group in groups) + ")"
        for groups in alternatives
        if groups
    )


def _snippet(text: str, headline: str) -> str:
    """A headline with … where it cuts the text, as FTS5's snippet marks it."""
    plain = headline.replace("[[", "").replace("]]", "")
    at = text.find(plain) if plain else -1
    if at < 0:
        return headline
    return ("…" if text[:at].strip() else "") + headline + ("…" if text[at + len(plain) :].strip() else "")


class _Link:
    """One connection to the server, opened on first use and again after it died, with the
    `?`-placeholder Connection that graph and query code run their SQL through."""

    def __init__(self, store: "PostgresStore"):
        self.store = store
        self.raw = None
        self.db = Connection()

    def discard(self) -> None:
        raw, self.raw = self.raw, None
        if raw is not None:
            try:
                raw.close()
            except psycopg.Error:
                pass

    def rollback(self) -> None:
        raw = self.raw
        if raw is None or raw.closed:
            return
        try:
            if raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                raw.execute("ROLLBACK")
        except psycopg.Error:
            self.discard()  # a connection that cannot even roll back is replaced on the next call

    def begin(self, write: bool) -> Connection:
        begin = "BEGIN" if write else "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        for attempt in (1, 2):
            if self.raw is None or self.raw.closed:
                self.raw = self.store._connect()
            try:
                self.raw.execute(begin)
                break
            except psycopg.OperationalError as exc:
                # Nothing of this transaction has run yet: on a fresh connection it may start over.
                self.discard()
                if attempt == 2:
                    raise StoreError(f"lost the connection to PostgreSQL at {self.store.path}: {exc}") from exc
        self.db.raw, self.db.read_only = self.raw, not write
        return self.db


class PostgresStore(SQLStore):
    def __init__(self, url: str, merger: Merger | None = None):
        self.merger = merger
        if psycopg is None:
            raise StoreError("a postgresql:// store needs the psycopg package: pip install 'silkgraph[postgres]'")
        self.url = url
        self.path = describe(url)  # what messages name, as SQLiteStore.path
        self._lock = threading.RLock()  # the writer's
        self._closed = False
        self._writer = _Link(self)
        self._writer_thread: int | None = None
        # Readers get connections of their own, so that one slow query does not hold up the
        # others nor wait for a write.
        self._readers = ReaderPool(lambda: _Link(self), READERS)
        try:
            self._writer.raw = self._connect()
            self._migrate()
        except BaseException:
            self.close()
            raise

    # -- connection and transactions -----------------------------------------

    def _connect(self):
        try:
            given = psycopg.conninfo.conninfo_to_dict(self.url)
            extra = {"connect_timeout": CONNECT_TIMEOUT_SECONDS, "application_name": "silkgraph"}
            # autocommit: transactions are begun and ended by the statements below, never implicitly.
            raw = psycopg.connect(self.url, autocommit=True, **{k: v for k, v in extra.items() if k not in given})
            # The notice a query of stop words alone raises ("contains only stop words") is no news.
            raw.execute("SET client_min_messages = warning")
            return raw
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {self.path}: {exc}".strip()) from exc

    @contextmanager
    def _run(self, link: _Link, write: bool, action: str):
        """One transaction on `link`, committed when the block ends without error."""
        if self._closed:
            raise StoreError(f"the store {self.path} is closed")
        db = link.begin(write)

        def lock() -> None:
            if write:
                db.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))

        with transaction(db, lock, lambda: db.raw.execute("COMMIT"), link.rollback, psycopg.Error, self.path, action):
            yield db

    @contextmanager
    def _writing(self, action: str):
        with self._lock:
            self._writer_thread = threading.get_ident()  # this thread's reads meanwhile see its writes
            try:
                with self._run(self._writer, True, action) as db:
                    yield db
            finally:
                self._writer_thread = None

    def _reading(self):
        if self._writer_thread == threading.get_ident():
            return nullcontext(self._writer.db)  # inside this thread's own write: read what it wrote
        return self._pooled_read()

    @contextmanager
    def _pooled_read(self):
        with self._readers.connection(f"the store {self.path} is closed") as link:
            with self._run(link, False, "reading") as db:
                yield db

    # -- schema ------------------------------------------------------------

    @staticmethod
    def _version(db: Connection) -> int:
        if db.execute("SELECT to_regclass('schema_migrations')").fetchone()[0] is None:
            return 0
        return db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]

    def schema_version(self) -> int:
        with self._reading() as db:
            return self._version(db)

    def _migrate(self) -> None:
        migrations = _migrations()
        latest = migrations[-1][0]
        current = self.schema_version()
        self._check_version(current, latest)
        if current == latest:
            return
        with self._writing("migrating the schema") as db:
            # Re-read under the write lock: another process may have migrated meanwhile.
            current = self._version(db)
            self._check_version(current, latest)
            foreign = db.execute(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()"
                " AND table_name <> 'schema_migrations' LIMIT 1"
            ).fetchone()
            if current == 0 and foreign:
                raise StoreError(
                    f"{self.path} holds tables but is not a Silkgraph store:"
                    " give an empty database, or an empty schema through search_path"
                )
            db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)"
            )
            for version, name, script in migrations:
                if version <= current:
                    continue
                db.execute(script)  # no parameters: sent as one script, inside this transaction
                db.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", (version, name, now())
                )
            if current:
                self._backfill(db, current)

    # -- search --------------------------------------------------------------

    def _store_terms(self, db: Connection, seq: int, title: str, text: str) -> None:
        # 'simple' only splits and lower-cases: the stems are already there, made in Python.
        db.execute(
            "INSERT INTO document_terms (seq, terms)"
            " VALUES (?, setweight(to_tsvector('pg_catalog.simple', ?::text), 'A')"
            " || setweight(to_tsvector('pg_catalog.simple', ?::text), 'B'))"
            " ON CONFLICT (seq) DO UPDATE SET terms = excluded.terms",
            (seq, title, text),
        )

    def term_scores(self, db: Connection, alternatives, limit: int | None = None) -> dict[int, float]:
        expression = terms_tsquery(alternatives)
        if not expression:
            return {}
        rank = RANK.format(column="t.terms", query="q.query")
        sql = (
            f"WITH q AS (SELECT to_tsquery('pg_catalog.simple', ?::text) AS query)"
            f" SELECT t.seq, {rank} AS score FROM document_terms AS t, q WHERE t.terms @@ q.query"
        )
        params: tuple = (expression,)
        if limit is not None:
            sql, params = sql + " ORDER BY score DESC, t.seq LIMIT ?", (expression, limit)
        return dict(db.execute(sql, params))

    def term_count(self, db: Connection, alternatives) -> int:
        expression = terms_tsquery(alternatives)
        if not expression:
            return 0
        return db.execute(
            "SELECT COUNT(*) FROM document_terms WHERE terms @@ to_tsquery('pg_catalog.simple', ?::text)", (expression,)
        ).fetchone()[0]

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        words = user_terms(query or "")
        limit, offset = max(0, int(limit)), max(0, int(offset))
        if not words or limit == 0:
            return []
        text = " & ".join(lexeme(w, p) for w, p in words)
        # The query's language is unknown: it is analysed in every configuration,
        # and each document is matched with the one it was indexed with. Headlines
        # are made for the page of hits only, as they re-read the whole text.
        queries = ", ".join(f"('{c}'::regconfig, to_tsquery('{c}', ?::text))" for c in CONFIGS)
        rank = RANK.format(column="d.search", query="q.query")
        sql = (
            f"WITH q (config, query) AS (VALUES {queries}),"
            f" hits AS (SELECT d.seq, q.query, {rank} AS score FROM documents AS d"
            "  JOIN q ON q.config = d.search_config WHERE d.search @@ q.query"
            "  ORDER BY score DESC, d.seq LIMIT ? OFFSET ?)"
            " SELECT d.id, d.title, d.published, d.text, h.score,"
            "  ts_headline(d.search_config, d.text, h.query, ?),"
            "  ts_headline(d.search_config, COALESCE(d.title, ''), h.query, ?)"
            " FROM hits AS h JOIN documents AS d ON d.seq = h.seq ORDER BY h.score DESC, h.seq"
        )
        params = (*[text] * len(CONFIGS), limit, offset, HEADLINE_OPTIONS, HEADLINE_OPTIONS)
        try:
            with self._reading() as db:
                rows = db.execute(sql, params).fetchall()
        except StoreError as exc:
            # Quoting makes this unreachable; if some input still defeats it, the
            # user gets no hits rather than a syntax error, as with SQLite.
            if isinstance(exc.__cause__, psycopg.errors.SyntaxError):
                return []
            raise
        hits = []
        for id_, title, published, body, score, in_text, in_title in rows:
            snippet = (
                _snippet(title or "", in_title) if "[[" not in in_text and "[[" in in_title else _snippet(body, in_text)
            )
            hits.append(SearchHit(id_, title, published, snippet, float(score)))
        return hits

    def integrity_check(self) -> bool:
        # Constraints and the generated search column are kept by the server;
        # what it cannot know is that every document has its terms and its place in the graph.
        checks = (
            "SELECT 1 FROM documents AS d WHERE NOT EXISTS (SELECT 1 FROM document_terms AS t WHERE t.seq = d.seq)",
            *GRAPH_GAPS,
        )
        try:
            with self._reading() as db:
                return not any(db.execute(sql + " LIMIT 1").fetchone() for sql in checks)
        except StoreError as exc:
            if isinstance(exc.__cause__, psycopg.Error):
                return False
            raise

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._writer.discard()
            self._readers.close(_Link.discard)
