"""Corrections on both backends: their SQL (the overlay the graph reads, the lists of an item's
corrections, merges through merge_decisions) gives the same answers on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from silkgraph import corrections, graph, query
from silkgraph.ingest import read_inputs
from silkgraph.ingestion import Ingestion, open_ingest_store

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path, pipeline, paths):
    target = str(tmp_path / "c.db") if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with open_ingest_store(target) as s:
        for outcome in Ingestion(s, pipeline=pipeline).run(read_inputs([str(paths.samples)])):
            assert outcome.status == "stored", outcome.reason
        yield s


def participants(store, event_id: str) -> list[str]:
    return [p["id"] for p in query.event(store, event_id)["participants"]]


def test_corrections_apply_and_come_back_on_every_backend(store):
    events = query.timeline(store, limit=200)["events"]
    ev = next(e for e in events if len(e["participants"]) >= 2)
    dropped = ev["participants"][-1]["id"]
    rejected = corrections.record(store, "participant", ev["id"], "reject", {"entity": dropped}, author="Dana")
    dated = corrections.record(store, "event", ev["id"], "correct", {"date": "2018-11-02"})
    graph.rebuild(store)
    after = query.event(store, ev["id"])
    assert dropped not in participants(store, ev["id"]) and after["date"] == "2018-11-02"
    assert {c["id"] for c in after["corrections"]} == {rejected["id"], dated["id"]}

    first, second = events[0]["id"], events[1]["id"]
    merged = corrections.record(store, "event", first, "merge", {"with": second})
    [kept] = merged["events"]
    assert merged["id"] in {c["id"] for c in query.event(store, kept)["corrections"]}
    assert query.timeline(store, limit=1)["total"] == len(events) - 1

    for made in (merged, dated, rejected):
        corrections.revert(store, made["id"], author="Ole")
    assert query.timeline(store, limit=1)["total"] == len(events)
    assert participants(store, ev["id"]) == [p["id"] for p in ev["participants"]]
    assert [c["active"] for c in corrections.listing(store)["corrections"]] == [False, False, False]
