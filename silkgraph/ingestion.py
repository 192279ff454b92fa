"""The ingest use case: from read inputs to stored documents in the graph.

One unit of work, whoever asks for it (`silkgraph ingest`, `POST
/api/documents`, a feed follower):

1. fingerprint: a document whose normalised text is stored already is not
   analysed again (an interrupted run resumes where it stopped);
2. analyse, in this process or on workers (silkgraph.parallel), with the
   pipeline its factory names;
3. batch: up to `batch` analysed documents per transaction, none waiting
   longer than `batch_seconds` for its batch;
4. store and merge: each document whole or absent, and merged into the
   cross-document graph in the same transaction by the store's merger
   (`open_ingest_store` opens a store with the graph as its merger);
5. report: one `Outcome` per input, in input order, with the reason of every
   failure; one input's failure never ends the batch nor touches what is stored.

Callers only print: `Ingestion.run` yields the outcomes, `Ingestion.add`
handles one document, `Totals` counts them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from silkgraph import graph
from silkgraph.ingest import Skipped
from silkgraph.model import Analysis, Document
from silkgraph.parallel import analyze_stream, describe_failure
from silkgraph.pipeline import Pipeline, load_pipeline
from silkgraph.prefetch import WAITING, Prefetched
from silkgraph.store import Store, open_store

__all__ = ["BATCH", "BATCH_SECONDS", "Ingestion", "Outcome", "Totals", "open_ingest_store"]

# Documents stored per transaction, at most: each transaction writes every page it changed, and
# the pages a batch shares (the relation counts, the graph's look-up indexes) are written once
# per batch however many of its documents changed them. BATCH_SECONDS bounds the wait.
BATCH = 1000
BATCH_SECONDS = 3.0  # the longest an analysed document waits for its batch
STORED, DUPLICATE, SKIPPED = "stored", "duplicate", "skipped"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input: stored (under `doc_id`), a duplicate of the stored `doc_id`,
    or skipped with a one-line `reason`."""

    item: Document | Skipped
    status: str  # stored | duplicate | skipped
    doc_id: str | None = None
    reason: str | None = None
    analysis: Analysis | None = None

    @property
    def source(self) -> str:
        """Where the input came from, for messages."""
        if isinstance(self.item, Skipped):
            return self.item.source
        return self.item.source or self.item.id


@dataclass(slots=True)
class Totals:
    """Counts of outcomes by status."""

    stored: int = 0
    duplicate: int = 0
    skipped: int = 0

    def count(self, outcome: Outcome) -> Outcome:
        """Count `outcome` and hand it back."""
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        return outcome


def open_ingest_store(target: str | Path | None) -> Store:
    """The store at `target`, with the cross-document graph merged on every write."""
    return open_store(target, merger=graph)


class Ingestion:
    """Analyses and stores documents in one store; see the module docstring for the steps."""

    def __init__(
        self,
        store: Store,
        *,
        pipeline: Pipeline | str | None = None,
        workers: int = 1,
        engine: str = "process",
        scheduler: str | None = None,
        batch: int = BATCH,
        batch_seconds: float = BATCH_SECONDS,
    ):
        self.store = store
        self.pipeline = pipeline
        self.workers = workers
        self.engine = engine
        self.scheduler = scheduler
        self.batch = batch
        self.batch_seconds = batch_seconds

    def add(self, document: Document) -> Outcome:
        """Fingerprint, analyse (in this process), store and merge one document; a failure of
        its analysis is an Outcome, a failure of the store is raised."""
        existing = self.store.has_text(document.fingerprint)
        if existing:
            return Outcome(document, DUPLICATE, existing)
        try:
            analysis = self._pipeline().analyze(document)
        except Exception as exc:  # this document's failure, reported like any other
            return Outcome(document, SKIPPED, reason=describe_failure(exc))
        result = self.store.add(analysis)
        return Outcome(document, result.status, result.doc_id, analysis=analysis)

    def run(self, items: Iterable[Document | Skipped]) -> Iterator[Outcome]:
        """One Outcome per item, in input order. Raises UsageError (before any work) for a wrong
        engine, scheduler or pipeline factory."""
        self.store.prepare_bulk_writes()
        stream = analyze_stream(
            items,
            workers=self.workers,
            engine=self.engine,
            scheduler=self.scheduler,
            skip=lambda document: self.store.has_text(document.fingerprint),
            pipeline=self.pipeline,
        )
        queue: list[Outcome | tuple[Document, Analysis]] = []  # in input order, behind the first analysis
        waiting = 0  # analyses in the queue, to be stored
        started = 0.0
        # Read and analysed in a thread of its own: while the input is slow to come (a pipe on
        # standard input), what was analysed is still stored within batch_seconds.
        with Prefetched(stream) as results:
            while True:
                wait = max(0.0, started + self.batch_seconds - time.monotonic()) if waiting else None
                try:
                    got = results.next_item(wait)
                except StopIteration:
                    break
                if got is not WAITING:
                    item, result = got
                    if isinstance(item, Skipped):
                        queue.append(Outcome(item, SKIPPED, reason=item.reason))
                    elif result is None:  # its text is stored already
                        queue.append(Outcome(item, DUPLICATE, self.store.has_text(item.fingerprint)))
                    elif isinstance(result, BaseException):
                        queue.append(Outcome(item, SKIPPED, reason=describe_failure(result)))
                    else:
                        if not waiting:
                            started = time.monotonic()
                        queue.append((item, result))
                        waiting += 1
                if not waiting or waiting >= self.batch or time.monotonic() - started >= self.batch_seconds:
                    yield from self._flush(queue)
                    queue, waiting = [], 0
        yield from self._flush(queue)

    def _flush(self, queue: list[Outcome | tuple[Document, Analysis]]) -> Iterator[Outcome]:
        """Store the queue's analyses in one transaction (each document whole or absent either
        way: a failed batch is stored again one by one), then report the queue in order."""
        analysed = [entry for entry in queue if not isinstance(entry, Outcome)]
        results = iter(self.store.add_many([analysis for _, analysis in analysed]) if analysed else [])
        for entry in queue:
            if isinstance(entry, Outcome):
                yield entry
                continue
            document, analysis = entry
            added = next(results)
            if isinstance(added, Exception):
                yield Outcome(document, SKIPPED, reason=describe_failure(added))
            else:
                yield Outcome(document, added.status, added.doc_id, analysis=analysis)

    def _pipeline(self) -> Pipeline:
        if not isinstance(self.pipeline, Pipeline):
            self.pipeline = load_pipeline(self.pipeline)
        return self.pipeline
