"""A document is stored whole or not at all."""

from __future__ import annotations

import sqlite3

import pytest

from silkgraph.errors import StoreError
from silkgraph.store import open_store
from silkgraph.store.sqlite import SQLiteStore

TABLES = ("documents", "entities", "document_entities", "mentions", "events", "event_participants",
          "facts", "fact_subjects", "quotes", "documents_fts")


def row_counts(path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def batch(make_analysis, text, other_text):
    third = make_analysis("third", text=text)
    third.entities[0].id = "only-in-third"  # a shared entity row that must not survive either
    return [make_analysis("first", text=other_text(1)), make_analysis("second", text=other_text(2)), third]


def test_failure_midway_leaves_no_partial_document(db_path, monkeypatch, make_analysis, text, other_text):
    analyses = batch(make_analysis, text, other_text)
    original = SQLiteStore._insert_facts
    calls = []

    def failing_insert_facts(db, doc_id, facts):
        calls.append(doc_id)
        if len(calls) == 3:
            original(db, doc_id, facts[:1])  # some rows really are written before the failure
            raise RuntimeError("disk on fire")
        original(db, doc_id, facts)

    monkeypatch.setattr(SQLiteStore, "_insert_facts", staticmethod(failing_insert_facts))
    with open_store(db_path) as store:
        store.add(analyses[0])
        store.add(analyses[1])
        before = row_counts(db_path)
        with pytest.raises(RuntimeError, match="disk on fire"):
            store.add(analyses[2])
        assert row_counts(db_path) == before
        assert store.document_ids() == ["first", "second"]
        assert store.get("third") is None
        assert store.entity("only-in-third") is None
        assert store.search("Astana") == []
        assert store.integrity_check()

        monkeypatch.undo()
        assert store.add(analyses[2]).status == "stored"  # the store is usable afterwards
        assert store.get("third").to_json() == analyses[2].to_json()
    with open_store(db_path) as store:
        assert [store.get(a.document.id).to_json() for a in analyses] == [a.to_json() for a in analyses]


def test_constraint_violation_rolls_back(store, db_path, make_analysis, text, other_text):
    analyses = batch(make_analysis, text, other_text)
    store.add(analyses[0])
    store.add(analyses[1])
    before = row_counts(db_path)
    analyses[2].facts[1].value = float("nan")  # SQLite stores NaN as NULL: NOT NULL fails
    with pytest.raises(StoreError, match="third"):
        store.add(analyses[2])
    assert row_counts(db_path) == before
    assert store.get("third") is None
    analyses[2].facts[1].value = 1.0
    assert store.add(analyses[2]).doc_id == "third"


def test_span_constraint(store, make_analysis):
    analysis = make_analysis()
    analysis.quotes[0].end = analysis.quotes[0].start - 1
    with pytest.raises(StoreError):
        store.add(analysis)
    assert store.stats()["documents"] == 0


def test_closed_store_refuses_politely(db_path, make_analysis):
    store = open_store(db_path)
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(StoreError, match="closed"):
        store.add(make_analysis())
