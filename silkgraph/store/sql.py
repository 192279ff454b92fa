"""What the SQL backends share: every statement over the tables of the
migrations that SQLite and PostgreSQL both accept, so that storing and
reading an analysis is written once.

A backend supplies the connection and its transactions (`_reading`,
`_writing`), its migrations, the search indexes (FTS5 or tsvector: `search`,
`term_scores`, `_store_terms`) and its integrity check. The connection it hands
out takes `?` placeholders and the DB-API calls execute, executemany,
fetchone, fetchall, iteration and description; that is also all that
silkgraph.graph, silkgraph.query, silkgraph.network and silkgraph.export use.
"""

from __future__ import annotations

import abc
import queue
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timezone
from importlib import resources
from typing import Any

from silkgraph import terms
from silkgraph.errors import StoreError
from silkgraph.model import Analysis, Document, Entity, Event, Fact, Mention, Quote, Span
from silkgraph.store.base import AddResult, Merger, Store

NUL_REPLACEMENT = "\ufffd"
READERS = 4  # read connections of a store at most, beside the one that writes
UNKNOWN_LANGUAGE = "und"  # ISO 639-2 "undetermined": a string key keeps stats JSON-sortable

# Limits on user queries: enough for any real search, small enough that a
# pasted article cannot turn into a pathological full-text query.
MAX_QUERY_TERMS = 32
MAX_TERM_CHARS = 100
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_WORD_CHAR = re.compile(r"\w")
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")
_MIGRATION_NAME = re.compile(r"(\d{4})_\w+\.sql")


def user_terms(text: str) -> list[tuple[str, bool]]:
    """The terms of a user's search as (word, prefix wanted), each to be matched as a literal.

    Bare operators are dropped rather than searched for: a German article will
    not contain "AND", and the terms are ANDed anyway. Lower-case words are
    kept, since "not" may be a real word. A trailing * asks for a prefix.
    """
    found: list[tuple[str, bool]] = []
    for raw in text.replace("\x00", " ").split():
        prefix = raw.endswith("*")
        word = raw.rstrip("*")[:MAX_TERM_CHARS]
        if not _WORD_CHAR.search(word) or _EDGE_PUNCTUATION.sub("", word) in _OPERATORS:
            continue
        found.append((word, prefix))
        if len(found) == MAX_QUERY_TERMS:
            break
    return found


def load_migrations(kind: str) -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every migration shipped for a backend, in order."""
    folder = resources.files("silkgraph.store").joinpath("migrations", kind)
    found = []
    for item in folder.iterdir():
        match = _MIGRATION_NAME.fullmatch(item.name)
        if match:
            found.append((int(match.group(1)), item.name, item.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if len(set(versions)) != len(versions) or (versions and versions[0] != 1):
        # A duplicate number would make "the version" ambiguous. A gap is allowed: numbers are
        # handed out to pieces of work in advance, and one may arrive before the one below it.
        raise StoreError(f"{kind} migrations are misnumbered: {[name for _, name, _ in found]}")
    return found


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@contextmanager
def transaction(
    db: Any,
    begin: Callable[[], Any],
    commit: Callable[[], Any],
    rollback: Callable[[], Any],
    driver_error: type[Exception],
    where: str,
    action: str = "",
) -> Iterator[Any]:
    """`db` inside a transaction that `begin` opens: committed when the block ends, rolled back
    when anything goes wrong; an error of the database driver becomes a StoreError naming
    `where` and what was being done."""
    try:
        begin()
        yield db
        commit()
    except driver_error as exc:
        rollback()
        doing = f" while {action}" if action else ""
        raise StoreError(f"database error in {where}{doing}: {exc}") from exc
    except BaseException:
        rollback()
        raise


class ReaderPool:
    """Connections for readers, at most `size`, opened on first need by `open` and handed out
    most recently used first (its cache is the warmest). A reader waits only when all are busy."""

    def __init__(self, open: Callable[[], Any], size: int):
        self._open, self._size = open, size
        self._idle: queue.LifoQueue = queue.LifoQueue()
        self._all: list[Any] = []
        self._lock = threading.Lock()
        self.closed = False

    @contextmanager
    def connection(self, closed_message: str) -> Iterator[Any]:
        with self._lock:
            if self.closed:
                raise StoreError(closed_message)
            if self._idle.empty() and len(self._all) < self._size:
                self._all.append(self._open())
                self._idle.put(self._all[-1])
        connection = self._idle.get()
        try:
            yield connection
        finally:
            self._idle.put(connection)

    def close(self, close_one: Callable[[Any], None]) -> None:
        with self._lock:
            self.closed = True
            for connection in self._all:
                close_one(connection)
            self._all.clear()


def _nul_free(value: Any) -> Any:
    """Strings without NUL (as U+FFFD, which keeps every offset); lists and mappings walked through."""
    if isinstance(value, str):
        return value.replace("\x00", NUL_REPLACEMENT) if "\x00" in value else value
    if isinstance(value, list):
        return [_nul_free(v) for v in value]
    if isinstance(value, dict):
        return {k: _nul_free(v) for k, v in value.items()}
    return value


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(v) for v in value.values())
    return False


def _next_generation(db) -> None:
    db.execute("UPDATE store_generation SET generation = generation + 1 WHERE id = 1")


def without_nul(analysis: Analysis) -> Analysis:
    """The analysis with every NUL character made U+FFFD: the one policy of every backend.

    PostgreSQL text cannot hold NUL at all and SQLite can; were each left to
    itself, the same document would be stored on one and refused on the other.
    """
    data = analysis.to_json()
    source = analysis.document.source
    if not _has_nul(data) and not _has_nul(source):
        return analysis
    cleaned = Analysis.from_json(_nul_free(data))
    cleaned.document.source = _nul_free(source)
    return cleaned


class SQLStore(Store):
    """The SQL common to the backends; see the module docstring for what a subclass adds.

    `merger` (given to the backend's constructor) is what keeps the data derived from
    the stored documents (the cross-document graph) up to date: its `apply_document` runs
    in the transaction that stores a document, and its `rebuild_in` after a migration
    that needs the derived data made anew. Without one, documents are stored alone."""

    merger: Merger | None = None

    @abc.abstractmethod
    def _reading(self) -> AbstractContextManager[Any]:
        """A connection in a consistent read-only transaction, under the store's lock."""

    @abc.abstractmethod
    def _writing(self, action: str) -> AbstractContextManager[Any]:
        """A connection in a write transaction; errors become StoreError naming `action`."""

    @abc.abstractmethod
    def _store_terms(self, db: Any, seq: int, title: str, text: str) -> None:
        """Index a document's analysed title and text (terms.index_text) for `term_scores`."""

    @contextmanager
    def read(self):
        with self._reading() as db:
            yield db

    def _check_version(self, current: int, latest: int) -> None:
        """Refuse a database that a newer Silkgraph has migrated past what this one knows."""
        if current > latest:
            raise StoreError(
                f"database {self.path} has schema version {current}, but this version of Silkgraph "
                f"knows only up to {latest}: upgrade Silkgraph to open it"
            )

    @contextmanager
    def write(self):
        with self._writing("updating the graph") as db:
            yield db
            _next_generation(db)

    def generation(self) -> int:
        """The store's generation: raised by every write of Silkgraph, in any process."""
        with self._reading() as db:
            return db.execute("SELECT generation FROM store_generation WHERE id = 1").fetchone()[0]

    # -- writing -------------------------------------------------------------

    def add(self, analysis: Analysis) -> AddResult:
        with self._writing(f"storing document {analysis.document.id!r}") as db:
            result = self._add_in(db, analysis)
            _next_generation(db)
            return result

    def add_many(self, analyses: Sequence[Analysis]) -> list[AddResult | Exception]:
        """Store the analyses in one transaction: a commit costs about as much as storing a
        document, and the full-text indexes write one new segment per commit. Should the
        transaction fail, each is stored in a transaction of its own (Store.add_many), so that
        a bad document costs only itself."""
        analyses = list(analyses)
        if len(analyses) > 1:
            try:
                with self._writing(f"storing {len(analyses)} documents") as db:
                    results = [self._add_in(db, analysis) for analysis in analyses]
                    _next_generation(db)
                    return results
            except Exception:  # rolled back whole; which document it was is found one by one
                pass
        return super().add_many(analyses)

    def _add_in(self, db, analysis: Analysis) -> AddResult:
        analysis = without_nul(analysis)
        document = analysis.document
        fingerprint = document.fingerprint
        existing = self._fingerprint_owner(db, fingerprint)
        if existing is not None:
            return AddResult("duplicate", existing, existing)
        doc_id = self._free_id(db, document.id, fingerprint)
        self._insert_document(db, doc_id, document, fingerprint)
        self._insert_entities(db, doc_id, analysis.entities, document.published)
        self._insert_events(db, doc_id, analysis.events)
        self._insert_facts(db, doc_id, analysis.facts)
        self._insert_quotes(db, doc_id, analysis.quotes)
        self._index_terms(db, doc_id)
        if self.merger is not None:
            # In the same transaction: a document is never stored without its graph contribution.
            self.merger.apply_document(db, doc_id)
        return AddResult("stored", doc_id, None)

    @staticmethod
    def _fingerprint_owner(db, fingerprint: str) -> str | None:
        row = db.execute("SELECT id FROM documents WHERE fingerprint = ?", (fingerprint,)).fetchone()
        return row[0] if row else None

    @staticmethod
    def _free_id(db, doc_id: str, fingerprint: str) -> str:
        """The id itself, or, when another text has it, the id suffixed with the
        start of this text's fingerprint: deterministic, so re-importing the
        same corpus in the same order yields the same ids."""
        candidates = (doc_id, f"{doc_id}-{fingerprint[:8]}", f"{doc_id}-{fingerprint[:16]}", f"{doc_id}-{fingerprint}")
        for candidate in candidates:
            if not db.execute("SELECT 1 FROM documents WHERE id = ?", (candidate,)).fetchone():
                return candidate
        raise StoreError(f"no free id for document {doc_id!r}")  # only if a fingerprint is stored twice

    @staticmethod
    def _insert_document(db, doc_id: str, doc: Document, fingerprint: str) -> None:
        db.execute(
            "INSERT INTO documents (id, fingerprint, title, url, published, language, text, source, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, fingerprint, doc.title, doc.url, doc.published, doc.language, doc.text, doc.source, now()),
        )

    @staticmethod
    def _insert_entities(db, doc_id: str, entities: list[Entity], published: str | None) -> None:
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
                "INSERT INTO document_entities (doc_id, ord, entity_id, name, type, wikidata, published)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (doc_id, ord_, entity.id, entity.name, entity.type, entity.wikidata, published),
            )
            db.executemany(
                'INSERT INTO mentions (doc_id, entity_ord, ord, entity_id, start, "end", text)'
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(doc_id, ord_, i, entity.id, m.start, m.end, m.text) for i, m in enumerate(entity.mentions)],
            )

    @staticmethod
    def _insert_events(db, doc_id: str, events: list[Event]) -> None:
        for ord_, event in enumerate(events):
            # RETURNING rather than lastrowid: the one way both backends tell a new row's id.
            [(event_id,)] = db.execute(
                "INSERT INTO events (doc_id, ord, type, date, date_source, place, label, modality, evidence_start,"
                " evidence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    doc_id,
                    ord_,
                    event.type,
                    event.date,
                    event.date_source,
                    event.place,
                    event.label,
                    event.modality,
                    event.evidence.start,
                    event.evidence.end,
                ),
            ).fetchall()
            db.executemany(
                "INSERT INTO event_participants (event_id, ord, entity_id) VALUES (?, ?, ?)",
                [(event_id, i, p) for i, p in enumerate(event.participants)],
            )

    @staticmethod
    def _insert_facts(db, doc_id: str, facts: list[Fact]) -> None:
        for ord_, fact in enumerate(facts):
            [(fact_id,)] = db.execute(
                "INSERT INTO facts (doc_id, ord, type, value, unit, period, period_source, qualifier, modality, label,"
                " evidence_start, evidence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    doc_id,
                    ord_,
                    fact.type,
                    fact.value,
                    fact.unit,
                    fact.period,
                    fact.period_source,
                    fact.qualifier,
                    fact.modality,
                    fact.label,
                    fact.evidence.start,
                    fact.evidence.end,
                ),
            ).fetchall()
            db.executemany(
                "INSERT INTO fact_subjects (fact_id, ord, entity_id) VALUES (?, ?, ?)",
                [(fact_id, i, s) for i, s in enumerate(fact.subjects)],
            )

    @staticmethod
    def _insert_quotes(db, doc_id: str, quotes: list[Quote]) -> None:
        db.executemany(
            'INSERT INTO quotes (doc_id, ord, speaker, text, start, "end") VALUES (?, ?, ?, ?, ?, ?)',
            [(doc_id, i, q.speaker, q.text, q.start, q.end) for i, q in enumerate(quotes)],
        )

    def _index_terms(self, db, doc_id: str) -> None:
        """The analysed search terms of a stored document, and the names its entities go by in it."""
        seq, title, text = db.execute("SELECT seq, title, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        self._store_terms(db, seq, terms.index_text(title), terms.index_text(text))
        # Ordered, so that of two spellings with one normal form ("Kasachstan",
        # "KASACHSTAN") the same one is kept whatever order the database returns rows in.
        names = db.execute(
            "SELECT entity_id, name FROM document_entities WHERE doc_id = ?"
            " UNION SELECT entity_id, text FROM mentions WHERE doc_id = ? ORDER BY 1, 2",
            (doc_id, doc_id),
        ).fetchall()
        db.executemany(
            "INSERT INTO entity_aliases (entity_id, normal, alias) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(entity_id, terms.normal(name), name) for entity_id, name in names if terms.normal(name)],
        )

    def _backfill(self, db, since: int) -> None:
        """Fill what migrations of Python-made data cannot: search terms (3; of Russian texts 8) and
        the graph (2, 4, 7) of the documents a database held before it was migrated past those versions."""
        ids = [row[0] for row in db.execute("SELECT id FROM documents ORDER BY seq")]
        if since < 3:
            for doc_id in ids:
                self._index_terms(db, doc_id)
        elif since < 8:  # Russian stems joined the index
            russian = db.execute("SELECT id FROM documents WHERE lower(language) LIKE 'ru%' ORDER BY seq").fetchall()
            for (doc_id,) in russian:
                self._index_terms(db, doc_id)
        if since < 7 and self.merger is not None:
            self.merger.rebuild_in(db)

    # -- reading -------------------------------------------------------------

    def get(self, doc_id: str) -> Analysis | None:
        doc_id = _nul_free(doc_id)  # stored so (without_nul): the same key finds it on every backend
        with self._reading() as db:
            row = db.execute(
                "SELECT id, text, title, url, published, language, source FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
            if row is None:
                return None
            id_, text, title, url, published, language, source = row
            document = Document(
                id=id_, text=text, title=title, url=url, published=published, language=language, source=source
            )
            mentions: dict[int, list[Mention]] = {}
            for entity_ord, start, end, text in db.execute(
                'SELECT entity_ord, start, "end", text FROM mentions WHERE doc_id = ? ORDER BY entity_ord, ord',
                (doc_id,),
            ):
                mentions.setdefault(entity_ord, []).append(Mention(start, end, text))
            entities = [
                Entity(entity_id, name, type_, wikidata, mentions.get(ord_, []))
                for ord_, entity_id, name, type_, wikidata in db.execute(
                    "SELECT ord, entity_id, name, type, wikidata FROM document_entities WHERE doc_id = ? ORDER BY ord",
                    (doc_id,),
                )
            ]
            participants = _members(db, "event_participants", "event_id", "events", doc_id)
            events = [
                Event(
                    type=type_,
                    date=date,
                    participants=participants.get(id_, []),
                    evidence=Span(start, end),
                    place=place,
                    label=label,
                    modality=modality,
                    date_source=date_source,
                )
                for id_, type_, date, date_source, place, label, modality, start, end in db.execute(
                    "SELECT id, type, date, date_source, place, label, modality, evidence_start, evidence_end"
                    " FROM events WHERE doc_id = ? ORDER BY ord",
                    (doc_id,),
                )
            ]
            subjects = _members(db, "fact_subjects", "fact_id", "facts", doc_id)
            facts = [
                Fact(
                    type=type_,
                    value=value,
                    unit=unit,
                    period=period,
                    subjects=subjects.get(id_, []),
                    evidence=Span(start, end),
                    qualifier=qualifier,
                    modality=modality,
                    label=label,
                    period_source=period_source,
                )
                for id_, type_, value, unit, period, period_source, qualifier, modality, label, start, end in db.execute(
                    "SELECT id, type, value, unit, period, period_source, qualifier, modality, label, evidence_start,"
                    " evidence_end"
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
        with self._reading() as db:
            return self._fingerprint_owner(db, fingerprint)

    def document_ids(self) -> list[str]:
        with self._reading() as db:
            return [row[0] for row in db.execute("SELECT id FROM documents ORDER BY seq")]

    def stats(self) -> dict:
        with self._reading() as db:

            def count(sql: str) -> int:
                return db.execute(sql).fetchone()[0]

            kept = dict(db.execute("SELECT name, total FROM store_counts").fetchall())

            def rows(table: str) -> int:
                """The table's rows as the store keeps count of them (migration 0013), else counted."""
                total = kept.get(table)
                return int(total) if total is not None else count(f"SELECT COUNT(*) FROM {table}")

            # Apart, each one end of the index; together the database reads all of it.
            earliest, latest = db.execute(
                "SELECT (SELECT MIN(published) FROM documents), (SELECT MAX(published) FROM documents)"
            ).fetchone()
            # Grouped by the column itself, so that the index on it is read, not every document.
            per_language: dict[str, int] = {}
            for language, documents in db.execute("SELECT language, COUNT(*) FROM documents GROUP BY language"):
                key = UNKNOWN_LANGUAGE if language is None else language
                per_language[key] = per_language.get(key, 0) + documents
            languages = dict(sorted(per_language.items(), key=lambda kv: (-kv[1], kv[0])))
            return {
                "documents": rows("documents"),
                # an entity row exists for every entity a document names: one index probe per entity
                "entities": count(
                    "SELECT COUNT(*) FROM entities AS e"
                    " WHERE EXISTS (SELECT 1 FROM document_entities AS de WHERE de.entity_id = e.id)"
                ),
                "mentions": rows("mentions"),
                "events": rows("events"),
                "facts": rows("facts"),
                "quotes": rows("quotes"),
                "languages": languages,
                "earliest_published": earliest,
                "latest_published": latest,
            }

    def entity(self, entity_id: str) -> dict | None:
        entity_id = _nul_free(entity_id)
        with self._reading() as db:
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


# Documents an integrity check finds outside the graph: every document, event
# and fact has its place in it.
GRAPH_GAPS = (
    "SELECT 1 FROM documents WHERE id NOT IN (SELECT doc_id FROM doc_clusters)",
    "SELECT 1 FROM events WHERE id NOT IN (SELECT event_id FROM graph_event_members)",
    "SELECT 1 FROM facts WHERE id NOT IN (SELECT fact_id FROM graph_fact_members)",
)


def _members(db, table: str, key: str, parent: str, doc_id: str) -> dict[int, list[str]]:
    """Entity ids of a join table (participants, subjects) for one document, by parent row, in order."""
    members: dict[int, list[str]] = {}
    for parent_id, entity_id in db.execute(
        f"SELECT m.{key}, m.entity_id FROM {table} AS m JOIN {parent} AS p ON p.id = m.{key}"
        f" WHERE p.doc_id = ? ORDER BY m.{key}, m.ord",
        (doc_id,),
    ):
        members.setdefault(parent_id, []).append(entity_id)
    return members
