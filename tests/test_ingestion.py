"""The ingest use case (silkgraph.ingestion): one unit of work for the CLI, the API and followers."""

from __future__ import annotations

import pytest

from silkgraph.components import default_pipeline
from silkgraph.doc import Doc
from silkgraph.ingest import Skipped
from silkgraph.ingestion import Ingestion, Totals, open_ingest_store
from silkgraph.model import Document
from silkgraph.pipeline import component
from silkgraph.store import open_store

TEXTS = [
    "Kasachstan und China unterzeichneten am 3. März 2025 in Astana ein Abkommen über Eisenbahnen.",
    "Usbekistan und Turkmenistan vereinbarten am 4. März 2025 eine engere Zusammenarbeit beim Gas.",
    "Der Präsident Kirgisistans reiste am 5. März 2025 nach Moskau.",
    "Tadschikistan eröffnete am 6. März 2025 ein Wasserkraftwerk.",
    "Die Mongolei und Japan sprachen am 7. März 2025 über Rohstoffe.",
]


def documents(texts=TEXTS, prefix="d") -> list[Document]:
    return [
        Document(id=f"{prefix}{i}", text=t, published="2025-03-10", language="de", source=f"{prefix}{i}.txt")
        for i, t in enumerate(texts)
    ]


@pytest.fixture
def failing_pipeline(kb):
    """The built-in pipeline with one more component that fails on texts saying BOOM."""
    pipeline = default_pipeline(kb)

    def explode(doc: Doc) -> None:
        if "BOOM" in doc.text:
            raise ValueError("the component could not read this text")

    pipeline.add("exploder", component(explode, requires=("tokens",)), after="tokens")
    return pipeline


def clustered(store) -> set[str]:
    with store.read() as db:
        return {row[0] for row in db.execute("SELECT doc_id FROM doc_clusters")}


def test_a_run_stores_merges_and_reports_every_input_in_order(tmp_path, failing_pipeline):
    items = [
        *documents()[:2],
        Skipped("broken.bin", "binary file"),
        *documents(["BOOM " + TEXTS[2]], "x"),
        *documents()[3:],
    ]
    with open_ingest_store(tmp_path / "s.db") as store:
        outcomes = list(Ingestion(store, pipeline=failing_pipeline, batch=2).run(items))
        assert [o.status for o in outcomes] == ["stored", "stored", "skipped", "skipped", "stored", "stored"]
        assert [o.source for o in outcomes] == ["d0.txt", "d1.txt", "broken.bin", "x0.txt", "d3.txt", "d4.txt"]
        assert outcomes[2].reason == "binary file"
        assert "could not read this text" in outcomes[3].reason
        stored = {o.doc_id for o in outcomes if o.status == "stored"}
        assert set(store.document_ids()) == stored
        assert clustered(store) == stored  # merged into the graph in the same unit of work
        again = list(Ingestion(store, pipeline=failing_pipeline).run(documents()))
        assert [o.status for o in again] == ["duplicate", "duplicate", "stored", "duplicate", "duplicate"]
        assert [o.doc_id for o in again] == ["d0", "d1", "d2", "d3", "d4"]
    totals = Totals()
    for outcome in outcomes:
        totals.count(outcome)
    assert (totals.stored, totals.duplicate, totals.skipped) == (4, 0, 2)


def test_one_document_is_fingerprinted_analysed_and_stored(tmp_path, failing_pipeline):
    with open_ingest_store(tmp_path / "one.db") as store:
        work = Ingestion(store, pipeline=failing_pipeline)
        first = work.add(documents()[0])
        assert first.status == "stored" and first.analysis is not None and first.analysis.entities
        assert clustered(store) == {first.doc_id}
        copy = work.add(Document(id="other-id", text=TEXTS[0], language="de"))
        assert (copy.status, copy.doc_id, copy.analysis) == ("duplicate", first.doc_id, None)
        failed = work.add(documents(["BOOM"], "y")[0])
        assert failed.status == "skipped" and "could not read" in failed.reason
        assert store.document_ids() == [first.doc_id]


def test_a_store_opened_without_a_merger_keeps_documents_alone(tmp_path, pipeline):
    with open_store(tmp_path / "plain.db", merger=None) as store:
        [outcome] = Ingestion(store, pipeline=pipeline).run(documents()[:1])
        assert outcome.status == "stored" and store.document_ids() == [outcome.doc_id]
        assert clustered(store) == set()
