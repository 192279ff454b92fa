"""The one door through which followed articles enter the library.

`store_document` is the ingest use case of `silkgraph ingest` for a single
document: a text stored before is recognised by its fingerprint and not
analysed again; otherwise the analysis is stored with its graph contribution
in one transaction. The watcher calls nothing else to store, so the use case
can be replaced here alone.
"""

from __future__ import annotations

from silkgraph.errors import SilkgraphError
from silkgraph.ingestion import DUPLICATE, SKIPPED, Ingestion
from silkgraph.model import Document
from silkgraph.store.base import AddResult, Store


class Intake:
    """Analyses and stores documents through the library's ingest use case (silkgraph.ingestion);
    the pipeline is loaded on first need."""

    def __init__(self, store: Store, pipeline: str | None = None):
        self.store = store
        self._ingestion = Ingestion(store, pipeline=pipeline)

    def store_document(self, document: Document) -> AddResult:
        """Store one document; raises when its analysis fails, with the reason."""
        outcome = self._ingestion.add(document)
        if outcome.status == SKIPPED:
            raise SilkgraphError(outcome.reason or "the analysis failed")
        assert outcome.doc_id is not None
        return AddResult(outcome.status, outcome.doc_id, outcome.doc_id if outcome.status == DUPLICATE else None)
