"""The one door through which followed articles enter the library.

`store_document` is the ingest use case of `silkgraph ingest` for a single
document: a text stored before is recognised by its fingerprint and not
analysed again; otherwise the analysis is stored with its graph contribution
in one transaction. The watcher calls nothing else to store, so the use case
can be replaced here alone.
"""

from __future__ import annotations

from silkgraph.model import Document
from silkgraph.store.base import AddResult, Store


class Intake:
    """Analyses and stores documents; the pipeline is loaded on first need."""

    def __init__(self, store: Store):
        self.store = store
        self._pipeline = None

    def store_document(self, document: Document) -> AddResult:
        existing = self.store.has_text(document.fingerprint)
        if existing:
            return AddResult("duplicate", existing, existing)
        if self._pipeline is None:
            from silkgraph.pipeline import Pipeline

            self._pipeline = Pipeline()
        return self.store.add(self._pipeline.analyze(document))
