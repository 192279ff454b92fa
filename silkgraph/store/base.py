"""The storage interface: what every backend offers the rest of Silkgraph."""

from __future__ import annotations

import abc
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from silkgraph.model import Analysis

IN_CHUNK = 500  # values per IN (...) list: well below what any database accepts as parameters


def rows_in(
    db: Any, sql: str, keys: Sequence[Any], before: tuple[Any, ...] = (), after: tuple[Any, ...] = ()
) -> list[tuple[Any, ...]]:
    """The rows of `sql`, whose `{}` stands for an IN list, for all of `keys`: run once per chunk
    of IN_CHUNK keys, with the parameters `before` and `after` around the chunk's."""
    keys = list(keys)
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(keys), IN_CHUNK):
        chunk = keys[start : start + IN_CHUNK]
        rows += db.execute(sql.format(",".join("?" * len(chunk))), (*before, *chunk, *after)).fetchall()
    return rows


class Merger(Protocol):
    """What keeps data derived from the stored documents (the graph) up to date, inside the
    store's transactions; silkgraph.graph is one. The store calls it but does not know it."""

    def apply_document(self, db: Any, doc_id: str) -> bool:
        """Add one stored document's contribution; False when it was there already."""

    def rebuild_in(self, db: Any) -> int:
        """Make everything derived anew from all stored documents; returns their count."""


@dataclass(frozen=True, slots=True)
class AddResult:
    status: str  # "stored" | "duplicate"
    doc_id: str  # the id the document is stored under (the existing one for a duplicate)
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    doc_id: str
    title: str | None
    published: str | None
    snippet: str  # plain text, matches marked [[like this]]; not HTML-escaped
    score: float  # higher is better


class Caches:
    """What callers work out from one store's content and keep (a search's ranking, the
    name index), owned by that store so that it lives and dies with it; keys are chosen by
    the callers, which put the store's generation into what they keep. Thread-safe: hold
    `lock` around a look-up and the matching update."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._slots: dict[str, Any] = {}

    def get(self, name: str) -> Any:
        """What was kept under `name`, or None."""
        with self.lock:
            return self._slots.get(name)

    def put(self, name: str, value: Any) -> None:
        """Keep `value` under `name`."""
        with self.lock:
            self._slots[name] = value

    def clear(self) -> None:
        """Forget everything kept."""
        with self.lock:
            self._slots.clear()

    def setdefault(self, name: str, make: Any) -> Any:
        """What was kept under `name`, kept first as `make()` when there was nothing."""
        with self.lock:
            if name not in self._slots:
                self._slots[name] = make()
            return self._slots[name]


_CACHES_LOCK = threading.Lock()  # only makes each store's Caches once


class Store(abc.ABC):
    """A persistent collection of analyses. One instance may be shared by the
    threads of a process; writes are serialised, reads may run side by side."""

    @abc.abstractmethod
    def add(self, analysis: Analysis) -> AddResult:
        """Store one analysis atomically, or report the stored document with the same text."""

    def add_many(self, analyses: Sequence[Analysis]) -> list[AddResult | Exception]:
        """Store several analyses, in order; an analysis that cannot be stored gives its
        exception in place of a result and costs only itself. A backend may store them in
        one transaction (see SQLStore.add_many); each document is atomic either way."""
        results: list[AddResult | Exception] = []
        for analysis in analyses:
            try:
                results.append(self.add(analysis))
            except Exception as exc:  # one document's failure must not cost the others
                results.append(exc)
        return results

    @abc.abstractmethod
    def get(self, doc_id: str) -> Analysis | None:
        """The analysis as it was added (under its stored id), or None."""

    @abc.abstractmethod
    def has_text(self, fingerprint: str) -> str | None:
        """Id of a stored document whose normalised text has this fingerprint."""

    @abc.abstractmethod
    def document_ids(self) -> list[str]:
        """All stored ids, oldest first."""

    @abc.abstractmethod
    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Full-text search; the query is user text, never query syntax."""

    @abc.abstractmethod
    def stats(self) -> dict[str, Any]:
        """Counts: documents, entities, mentions, events, facts, quotes, languages,
        earliest and latest published date."""

    @abc.abstractmethod
    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """id, name, type, wikidata, documents and mentions counts; None if unknown."""

    @abc.abstractmethod
    def integrity_check(self) -> bool:
        """True if the stored data and its indexes are consistent."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def prepare_bulk_writes(self) -> None:  # noqa: B027 - a hook: most backends need nothing
        """Get ready to store many documents in a row (a batch ingest): a backend may give its
        writer more memory then. Nothing by default."""

    # The graph and query layer (silkgraph.graph, silkgraph.query, silkgraph.export)
    # work in SQL over the tables of the backend's migrations; these hand them a
    # DB-API connection inside one transaction of the store.

    def read(self) -> AbstractContextManager[Any]:
        """A connection in a consistent read-only transaction."""
        raise NotImplementedError(f"{type(self).__name__} offers no graph queries")

    def write(self) -> AbstractContextManager[Any]:
        """A connection in a write transaction, committed when the block ends without error."""
        raise NotImplementedError(f"{type(self).__name__} offers no graph updates")

    # The connections take `?` placeholders whatever the database; full-text
    # matching is the one thing their SQL cannot share, so it is asked of the store.

    def term_scores(
        self, db: Any, alternatives: list[list[list[tuple[str, bool]]]], limit: int | None = None
    ) -> dict[int, float]:
        """Documents whose analysed terms (silkgraph.terms.index_text) match, as {seq: score},
        higher better, title matches weighing double, within the transaction of `db`; with
        `limit`, only that many of the best (ties by seq), ranked by the database.

        `alternatives` are ORed; each is a list of groups that must all match; a
        group is a list of options (word in `terms.latin` form, prefix match) of
        which one must match.
        """
        raise NotImplementedError(f"{type(self).__name__} offers no term search")

    def term_count(self, db: Any, alternatives: list[list[list[tuple[str, bool]]]]) -> int:
        """How many documents `term_scores` would give without a limit."""
        raise NotImplementedError(f"{type(self).__name__} offers no term search")

    @property
    def caches(self) -> Caches:
        """This store's caches (made on first use)."""
        caches: Caches | None = self.__dict__.get("_caches")
        if caches is None:
            with _CACHES_LOCK:
                caches = self.__dict__.setdefault("_caches", Caches())
        return caches

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
