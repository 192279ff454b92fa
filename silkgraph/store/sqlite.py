"""The SQLite backend: one database file, schema managed by numbered migrations."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from silkgraph import graph, terms
from silkgraph.errors import StoreError
from silkgraph.model import Analysis, Document, Entity, Event, Fact, Mention, Quote, Span
from silkgraph.store.base import AddResult, SearchHit, Store

BUSY_TIMEOUT_SECONDS = 5.0
UNKNOWN_LANGUAGE = "und"  # ISO 639-2 "undetermined": a string key keeps stats JSON-sortable

# Limits on user queries: enough for any real search, small enough that a
# pasted article cannot turn into a pathological full-text query.
MAX_QUERY_TERMS = 32
MAX_TERM_CHARS = 100
_FTS_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_WORD_CHAR = re.compile(r"\w")
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")
_MIGRATION_NAME = re.compile(r"(\d{4})_\w+\.sql")


def fts_query(text: str) -> str:
    """Turn user text into an FTS5 query that can only mean "all these words".

    Every term is a quoted string, so nothing the user types is read as
    query syntax. Bare operators are dropped rather than searched for: a
    German article will not contain "AND", and the terms are ANDed anyway.
    Lower-case words are kept, since FTS5 only treats upper case as an
    operator and "not" may be a real word. A trailing * asks for a prefix.
    """
    terms: list[str] = []
    for raw in text.replace("\x00", " ").split():
        prefix = raw.endswith("*")
        word = raw.rstrip("*")[:MAX_TERM_CHARS]
        if not _WORD_CHAR.search(word) or _EDGE_PUNCTUATION.sub("", word) in _FTS_OPERATORS:
            continue
        terms.append('"' + word.replace('"', '""') + '"' + ("*" if prefix else ""))
        if len(terms) == MAX_QUERY_TERMS:
            break
    return " ".join(terms)


def _migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every migration shipped, in order."""
    folder = resources.files("silkgraph.store").joinpath("migrations", "sqlite")
    found = []
    for item in folder.iterdir():
        match = _MIGRATION_NAME.fullmatch(item.name)
        if match:
            found.append((int(match.group(1)), item.name, item.read_text(encoding="utf-8")))
    found.sort()
    if [v for v, _, _ in found] != list(range(1, len(found) + 1)):
        # A gap or a duplicate number would make "the version" ambiguous.
        raise StoreError(f"SQLite migrations are misnumbered: {[name for _, name, _ in found]}")
    return found


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


class SQLiteStore(Store):
    def __init__(self, path: str | Path):
        self.path = path
        self._lock = threading.RLock()
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
            try:
                db.execute(f"BEGIN {mode}")
                yield db
                db.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                doing = f" while {action}" if action else ""
                raise StoreError(f"database error in {self.path}{doing}: {exc}") from exc
            except BaseException:
                self._rollback()
                raise

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

    def _check_version(self, current: int, latest: int) -> None:
        if current > latest:
            raise StoreError(
                f"database {self.path} has schema version {current}, but this version of Silkgraph "
                f"knows only up to {latest}: upgrade Silkgraph to open it"
            )

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
                    (version, name, _now()),
                )
            if current:
                self._backfill(db, current)
            db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    # -- writing -------------------------------------------------------------

    def add(self, analysis: Analysis) -> AddResult:
        document = analysis.document
        fingerprint = document.fingerprint
        with self._transaction("IMMEDIATE", f"storing document {document.id!r}") as db:
            existing = self._fingerprint_owner(db, fingerprint)
            if existing is not None:
                return AddResult("duplicate", existing, existing)
            doc_id = self._free_id(db, document.id, fingerprint)
            self._insert_document(db, doc_id, document, fingerprint)
            self._insert_entities(db, doc_id, analysis.entities)
            self._insert_events(db, doc_id, analysis.events)
            self._insert_facts(db, doc_id, analysis.facts)
            self._insert_quotes(db, doc_id, analysis.quotes)
            self._index_terms(db, doc_id)
            # In the same transaction: a document is never stored without its graph contribution.
            graph.apply_document(db, doc_id)
        return AddResult("stored", doc_id, None)

    @staticmethod
    def _fingerprint_owner(db: sqlite3.Connection, fingerprint: str) -> str | None:
        row = db.execute("SELECT id FROM documents WHERE fingerprint = ?", (fingerprint,)).fetchone()
        return row[0] if row else None

    @staticmethod
    def _free_id(db: sqlite3.Connection, doc_id: str, fingerprint: str) -> str:
        """The id itself, or, when another text has it, the id suffixed with the
        start of this text's fingerprint: deterministic, so re-importing the
        same corpus in the same order yields the same ids."""
        candidates = (doc_id, f"{doc_id}-{fingerprint[:8]}", f"{doc_id}-{fingerprint[:16]}", f"{doc_id}-{fingerprint}")
        for candidate in candidates:
            if not db.execute("SELECT 1 FROM documents WHERE id = ?", (candidate,)).fetchone():
                return candidate
        raise StoreError(f"no free id for document {doc_id!r}")  # only if a fingerprint is stored twice

    @staticmethod
    def _insert_document(db: sqlite3.Connection, doc_id: str, doc: Document, fingerprint: str) -> None:
        db.execute(
            "INSERT INTO documents (id, fingerprint, title, url, published, language, text, source, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, fingerprint, doc.title, doc.url, doc.published, doc.language, doc.text, doc.source, _now()),
        )

    @staticmethod
    def _insert_entities(db: sqlite3.Connection, doc_id: str, entities: list[Entity]) -> None:
        for ord_, entity in enumerate(entities):
            # The shared row takes the latest name and type, but never forgets a
            # Wikidata id because one document did not know it.
            db.execute(
                "INSERT INTO entities (id, name, type, wikidata) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type,"
                " wikidata = COALESCE(excluded.wikidata, entities.wikidata)",
                (entity.id, entity.name, entity.type, entity.wikidata),
            )
            db.execute(
                "INSERT INTO document_entities (doc_id, ord, entity_id, name, type, wikidata)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (doc_id, ord_, entity.id, entity.name, entity.type, entity.wikidata),
            )
            db.executemany(
                'INSERT INTO mentions (doc_id, entity_ord, ord, entity_id, start, "end", text)'
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(doc_id, ord_, i, entity.id, m.start, m.end, m.text) for i, m in enumerate(entity.mentions)],
            )

    @staticmethod
    def _insert_events(db: sqlite3.Connection, doc_id: str, events: list[Event]) -> None:
        for ord_, event in enumerate(events):
            cursor = db.execute(
                "INSERT INTO events (doc_id, ord, type, date, place, label, modality, evidence_start, evidence_end)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, ord_, event.type, event.date, event.place, event.label, event.modality,
                 event.evidence.start, event.evidence.end),
            )
            db.executemany(
                "INSERT INTO event_participants (event_id, ord, entity_id) VALUES (?, ?, ?)",
                [(cursor.lastrowid, i, p) for i, p in enumerate(event.participants)],
            )

    @staticmethod
    def _insert_facts(db: sqlite3.Connection, doc_id: str, facts: list[Fact]) -> None:
        for ord_, fact in enumerate(facts):
            cursor = db.execute(
                "INSERT INTO facts (doc_id, ord, type, value, unit, period, qualifier, modality, label,"
                " evidence_start, evidence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, ord_, fact.type, fact.value, fact.unit, fact.period, fact.qualifier, fact.modality,
                 fact.label, fact.evidence.start, fact.evidence.end),
            )
            db.executemany(
                "INSERT INTO fact_subjects (fact_id, ord, entity_id) VALUES (?, ?, ?)",
                [(cursor.lastrowid, i, s) for i, s in enumerate(fact.subjects)],
            )

    @staticmethod
    def _insert_quotes(db: sqlite3.Connection, doc_id: str, quotes: list[Quote]) -> None:
        db.executemany(
            'INSERT INTO quotes (doc_id, ord, speaker, text, start, "end") VALUES (?, ?, ?, ?, ?, ?)',
            [(doc_id, i, q.speaker, q.text, q.start, q.end) for i, q in enumerate(quotes)],
        )

    @staticmethod
    def _index_terms(db: sqlite3.Connection, doc_id: str) -> None:
        """The analysed search columns of a stored document, and the names its entities go by in it."""
        seq, title, text = db.execute("SELECT seq, title, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        db.execute("INSERT OR REPLACE INTO document_terms (seq, title, text) VALUES (?, ?, ?)",
                   (seq, terms.index_text(title), terms.index_text(text)))
        names = db.execute(
            "SELECT entity_id, name FROM document_entities WHERE doc_id = ?"
            " UNION SELECT entity_id, text FROM mentions WHERE doc_id = ?", (doc_id, doc_id)).fetchall()
        db.executemany("INSERT OR IGNORE INTO entity_aliases (entity_id, normal, alias) VALUES (?, ?, ?)",
                       [(entity_id, terms.normal(name), name) for entity_id, name in names if terms.normal(name)])

    def _backfill(self, db: sqlite3.Connection, since: int) -> None:
        """Fill what migrations of Python-made data cannot: search terms (3) and the graph (2)
        of the documents a database held before it was migrated past those versions."""
        ids = [row[0] for row in db.execute("SELECT id FROM documents ORDER BY seq")]
        if since < 3:
            for doc_id in ids:
                self._index_terms(db, doc_id)
        if since < 2:
            graph.rebuild_in(db)

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self._transaction("DEFERRED", "reading") as db:
            yield db

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        with self._transaction("IMMEDIATE", "updating the graph") as db:
            yield db

    # -- reading -------------------------------------------------------------

    def get(self, doc_id: str) -> Analysis | None:
        with self._transaction("DEFERRED") as db:
            row = db.execute(
                "SELECT id, text, title, url, published, language, source FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
            if row is None:
                return None
            id_, text, title, url, published, language, source = row
            document = Document(id=id_, text=text, title=title, url=url, published=published,
                                 language=language, source=source)
            mentions: dict[int, list[Mention]] = {}
            for entity_ord, start, end, text in db.execute(
                'SELECT entity_ord, start, "end", text FROM mentions WHERE doc_id = ? ORDER BY entity_ord, ord',
                (doc_id,),
            ):
                mentions.setdefault(entity_ord, []).append(Mention(start, end, text))
            entities = [
                Entity(entity_id, name, type_, wikidata, mentions.get(ord_, []))
                for ord_, entity_id, name, type_, wikidata in db.execute(
                    "SELECT ord, entity_id, name, type, wikidata FROM document_entities"
                    " WHERE doc_id = ? ORDER BY ord",
                    (doc_id,),
                )
            ]
            participants = _members(db, "event_participants", "event_id", "events", doc_id)
            events = [
                Event(type=type_, date=date, participants=participants.get(id_, []), evidence=Span(start, end),
                      place=place, label=label, modality=modality)
                for id_, type_, date, place, label, modality, start, end in db.execute(
                    "SELECT id, type, date, place, label, modality, evidence_start, evidence_end"
                    " FROM events WHERE doc_id = ? ORDER BY ord",
                    (doc_id,),
                )
            ]
            subjects = _members(db, "fact_subjects", "fact_id", "facts", doc_id)
            facts = [
                Fact(type=type_, value=value, unit=unit, period=period, subjects=subjects.get(id_, []),
                     evidence=Span(start, end), qualifier=qualifier, modality=modality, label=label)
                for id_, type_, value, unit, period, qualifier, modality, label, start, end in db.execute(
                    "SELECT id, type, value, unit, period, qualifier, modality, label, evidence_start, evidence_end"
                    " FROM facts WHERE doc_id = ? ORDER BY ord",
                    (doc_id,),
                )
            ]
            quotes = [
                Quote(speaker, text, start, end)
                for speaker, text, start, end in db.execute(
                    'SELECT speaker, text, start, "end" FROM quotes WHERE doc_id = ? ORDER BY ord', (doc_id,)
                )
            ]
        return Analysis(document, entities, events, facts, quotes)

    def has_text(self, fingerprint: str) -> str | None:
        with self._transaction("DEFERRED") as db:
            return self._fingerprint_owner(db, fingerprint)

    def document_ids(self) -> list[str]:
        with self._transaction("DEFERRED") as db:
            return [row[0] for row in db.execute("SELECT id FROM documents ORDER BY seq")]

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
            with self._transaction("DEFERRED") as db:
                rows = db.execute(sql, (match, limit, offset)).fetchall()
        except StoreError as exc:
            # fts_query should make this unreachable; if some input still
            # defeats it, the user gets no hits rather than a syntax error.
            if isinstance(exc.__cause__, sqlite3.OperationalError) and "fts5" in str(exc.__cause__):
                return []
            raise
        # bm25 is smaller for better matches; hits report higher-is-better.
        return [SearchHit(id_, title, published, snippet, -score) for id_, title, published, snippet, score in rows]

    def stats(self) -> dict:
        with self._transaction("DEFERRED") as db:

            def count(sql: str) -> int:
                return db.execute(sql).fetchone()[0]

            earliest, latest = db.execute("SELECT MIN(published), MAX(published) FROM documents").fetchone()
            languages = dict(
                db.execute(
                    "SELECT COALESCE(language, ?), COUNT(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1",
                    (UNKNOWN_LANGUAGE,),
                ).fetchall()
            )
            return {
                "documents": count("SELECT COUNT(*) FROM documents"),
                "entities": count("SELECT COUNT(DISTINCT entity_id) FROM document_entities"),
                "mentions": count("SELECT COUNT(*) FROM mentions"),
                "events": count("SELECT COUNT(*) FROM events"),
                "facts": count("SELECT COUNT(*) FROM facts"),
                "quotes": count("SELECT COUNT(*) FROM quotes"),
                "languages": languages,
                "earliest_published": earliest,
                "latest_published": latest,
            }

    def entity(self, entity_id: str) -> dict | None:
        with self._transaction("DEFERRED") as db:
            row = db.execute(
                "SELECT e.id, e.name, e.type, e.wikidata,"
                " (SELECT COUNT(DISTINCT doc_id) FROM document_entities WHERE entity_id = e.id),"
                " (SELECT COUNT(*) FROM mentions WHERE entity_id = e.id)"
                " FROM entities AS e WHERE e.id = ?",
                (entity_id,),
            ).fetchone()
        if row is None:
            return None
        keys = ("id", "name", "type", "wikidata", "documents", "mentions")
        return dict(zip(keys, row))

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
                # Every document, event and fact has its place in the graph.
                for sql in ("SELECT 1 FROM documents WHERE id NOT IN (SELECT doc_id FROM doc_clusters)",
                            "SELECT 1 FROM events WHERE id NOT IN (SELECT event_id FROM graph_event_members)",
                            "SELECT 1 FROM facts WHERE id NOT IN (SELECT fact_id FROM graph_fact_members)"):
                    if db.execute(sql + " LIMIT 1").fetchone():
                        return False
            except sqlite3.DatabaseError:
                return False
            return True

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


def _members(db: sqlite3.Connection, table: str, key: str, parent: str, doc_id: str) -> dict[int, list[str]]:
    """Entity ids of a join table (participants, subjects) for one document, by parent row, in order."""
    members: dict[int, list[str]] = {}
    for parent_id, entity_id in db.execute(
        f"SELECT m.{key}, m.entity_id FROM {table} AS m JOIN {parent} AS p ON p.id = m.{key}"
        f" WHERE p.doc_id = ? ORDER BY m.{key}, m.ord",
        (doc_id,),
    ):
        members.setdefault(parent_id, []).append(entity_id)
    return members


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
