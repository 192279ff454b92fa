"""Search results are kept per store generation; a write drops those of the older generation,
which could never be asked for again but each held a score per matching document."""

from __future__ import annotations

from silkgraph import query
from silkgraph.ingest.records import record_to_document
from silkgraph.ingestion import open_ingest_store

ARTICLES = [
    {"id": "one", "text": "Der Präsident Kasachstans reiste am Dienstag nach Peking zu Gesprächen über Handel."},
    {"id": "two", "text": "Usbekistan und Kasachstan vereinbarten am Mittwoch in Taschkent eine neue Bahnlinie."},
    {"id": "three", "text": "Kasachstan und China unterzeichneten am Freitag ein Abkommen über Gaslieferungen."},
]


def test_a_write_drops_the_search_results_of_the_older_generation(tmp_path, pipeline, kb):
    analyses = [pipeline.analyze(record_to_document(a, default_id="x", source="test")) for a in ARTICLES]
    store = open_ingest_store(tmp_path / "search.db")
    try:
        for analysis in analyses[:2]:
            store.add(analysis)
        for q in ("Kasachstan", "Handel", "Bahnlinie"):
            query.search(store, q, kb=kb)
        before = len(store.caches.get("rankings"))
        assert before >= 3
        store.add(analyses[2])
        found = query.search(store, "Kasachstan", kb=kb)
        assert {d["id"] for d in found["documents"]} >= {"one", "two", "three"}
        assert len(store.caches.get("rankings")) < before
    finally:
        store.close()
