"""A correction re-derives only the part of the graph it touches (silkgraph.graph.rederive), and
the graph it leaves is the one a whole rebuild gives: events, facts, their aggregates and the
network's counts, after every kind of correction and after taking each back."""

from __future__ import annotations

import random

import pytest

from silkgraph import corrections, graph, query
from silkgraph.graph import rederive
from silkgraph.ingest import read_inputs
from silkgraph.ingestion import Ingestion, open_ingest_store

WHOLE_REBUILD = graph.rebuild_in  # kept before any test replaces it


@pytest.fixture
def store(tmp_path, pipeline, paths):
    """The samples, and the dev articles when ../shared is present: events reported by several sources."""
    inputs = [str(paths.samples)] + ([str(paths.dev_corpus)] if paths.dev_corpus.is_dir() else [])
    with open_ingest_store(tmp_path / "incremental.db") as s:
        for outcome in Ingestion(s, pipeline=pipeline).run(read_inputs(inputs)):
            assert outcome.status in ("stored", "duplicate"), outcome.reason
        yield s


def graph_rows(store) -> dict[str, list[tuple]]:
    """Every row of every graph table, in a fixed order."""
    with store.read() as db:
        return {
            table: sorted((tuple(r) for r in db.execute(f"SELECT * FROM {table}").fetchall()), key=repr)
            for table in graph.GRAPH_TABLES
        }


def assert_as_rebuilt(store) -> None:
    """The graph as corrected step by step equals the graph rebuilt from the stored analyses."""
    stepwise = graph_rows(store)
    with store.write() as db:
        WHOLE_REBUILD(db)
    rebuilt = graph_rows(store)
    for table in graph.GRAPH_TABLES:
        assert stepwise[table] == rebuilt[table], table


@pytest.fixture
def no_whole_rebuild(monkeypatch):
    """Fail a correction that rebuilds the whole graph (the rebuilds of the test itself still run)."""

    def refuse(db):
        raise AssertionError("a correction rebuilt the whole graph")

    monkeypatch.setattr(graph, "rebuild_in", refuse)
    return monkeypatch


def pick(store, sql: str, rng: random.Random, n: int = 1) -> list:
    with store.read() as db:
        rows = [tuple(r) for r in db.execute(sql).fetchall()]
    assert rows, sql
    return rng.sample(rows, min(n, len(rows)))


def several_corrections(store, rng: random.Random) -> list[int]:
    """One correction of each kind that changes the graph, on items chosen at random; their ids."""
    made = []

    def keep(*args, **kwargs):
        made.append(corrections.record(store, *args, **kwargs)["id"])

    [(gid, entity_id)] = pick(
        store,
        "SELECT graph_event, entity_id FROM graph_event_participants WHERE graph_event IN"
        " (SELECT graph_event FROM graph_event_participants GROUP BY graph_event HAVING COUNT(*) > 1)",
        rng,
    )
    keep("participant", gid, "reject", {"entity": entity_id})
    [(gid,)] = pick(store, "SELECT id FROM graph_events", rng)
    keep("event", gid, "correct", {"date": "2024-05-03"})
    [(gid,)] = pick(store, "SELECT id FROM graph_events", rng)
    keep("event", gid, "reject")
    [(a,), (b,)] = pick(store, "SELECT id FROM graph_events", rng, 2)
    keep("event", a, "merge", {"with": b})
    [(gid, doc_id, ord_)] = pick(
        store,
        "SELECT m.graph_event, e.doc_id, e.ord FROM graph_event_members AS m JOIN events AS e ON e.id = m.event_id"
        " WHERE m.graph_event IN (SELECT graph_event FROM graph_event_members GROUP BY graph_event HAVING COUNT(*) > 1)",
        rng,
    )
    keep("event", gid, "split", {"report": f"{doc_id}#{ord_}"})
    [(fid,), (other,)] = pick(store, "SELECT id FROM graph_facts", rng, 2)
    keep("fact", fid, "reject")
    keep("fact", other, "correct", {"value": 12.5, "unit": "USD"})
    [(doc_id, start, end)] = pick(store, 'SELECT doc_id, start, "end" FROM mentions', rng)
    keep("mention", f"{doc_id}:{start}-{end}", "reject")
    named = pick(
        store,
        "SELECT entity_id FROM document_entities GROUP BY entity_id HAVING COUNT(*) > 1 ORDER BY entity_id",
        rng,
        3,
    )
    keep("entity", named[0][0], "merge", {"into": named[1][0]})
    keep("entity", named[2][0], "reject")
    [(busy,)] = pick(
        store,
        "SELECT de.entity_id FROM document_entities AS de JOIN events AS e ON e.doc_id = de.doc_id"
        " JOIN event_participants AS p ON p.event_id = e.id AND p.entity_id = de.entity_id"
        " GROUP BY de.entity_id HAVING COUNT(DISTINCT de.doc_id) > 2",
        rng,
    )
    with store.read() as db:
        docs = [
            r[0]
            for r in db.execute("SELECT doc_id FROM document_entities WHERE entity_id = ? ORDER BY doc_id", (busy,))
        ]
        other = db.execute(
            "SELECT id FROM entities WHERE id != ? AND type = 'person' ORDER BY id LIMIT 1", (busy,)
        ).fetchone()[0]
    keep("entity", busy, "split", {"into": other, "documents": rng.sample(docs, 2)})
    return made


@pytest.mark.parametrize("seed", [1, 2])
def test_each_correction_and_its_reversal_leave_the_graph_a_rebuild_gives(store, no_whole_rebuild, seed):
    rng = random.Random(seed)
    made = several_corrections(store, rng)
    assert_as_rebuilt(store)
    for correction_id in rng.sample(made, len(made)):
        corrections.revert(store, correction_id)
        assert_as_rebuilt(store)


def test_corrections_one_after_another_each_equal_a_rebuild(store, no_whole_rebuild):
    rng = random.Random(7)
    with store.read() as db:
        events = [r[0] for r in db.execute("SELECT id FROM graph_events ORDER BY id")]
    for gid in rng.sample(events, 4):
        with store.read() as db:
            if db.execute("SELECT 1 FROM graph_events WHERE id = ?", (gid,)).fetchone() is None:
                continue
        corrections.record(store, "event", gid, "correct", {"date": "2023"})
        assert_as_rebuilt(store)


def test_an_entity_split_off_in_some_articles_is_the_other_entity_there_only(store, no_whole_rebuild):
    with store.read() as db:
        (busy, doc_id), *_ = db.execute(
            "SELECT p.entity_id, e.doc_id FROM event_participants AS p JOIN events AS e ON e.id = p.event_id"
            " WHERE p.entity_id IN (SELECT entity_id FROM document_entities GROUP BY entity_id"
            " HAVING COUNT(*) > 2) ORDER BY p.entity_id, e.doc_id"
        ).fetchall()
    made = corrections.record(store, "entity", busy, "split", {"into": "xi-jinping", "documents": [doc_id]})
    assert made["value"]["documents"] == [doc_id]
    with store.read() as db:
        in_article = {
            r[0]
            for r in db.execute(
                "SELECT gp.entity_id FROM graph_event_members AS m JOIN events AS e ON e.id = m.event_id"
                " JOIN graph_event_participants AS gp ON gp.graph_event = m.graph_event WHERE e.doc_id = ?",
                (doc_id,),
            )
        }
        elsewhere = db.execute("SELECT COUNT(*) FROM graph_event_participants WHERE entity_id = ?", (busy,)).fetchone()
    assert "xi-jinping" in in_article
    assert elsewhere[0] > 0  # the entity stays what it was in its other articles
    shown = [a for a in query.document(store, doc_id)["annotations"] if a["kind"] == "entity"]
    assert any(a["ref"] == "xi-jinping" and a["split_from"] == busy for a in shown)
    assert not any(a["ref"] == busy for a in shown)
    assert_as_rebuilt(store)
    corrections.revert(store, made["id"])
    assert_as_rebuilt(store)


def test_a_split_names_articles_that_name_the_entity(store):
    with pytest.raises(corrections.CorrectionError):
        corrections.record(store, "entity", "kazakhstan", "split", {"into": "china", "documents": ["no-such-article"]})
    with pytest.raises(corrections.CorrectionError):
        corrections.record(store, "entity", "kazakhstan", "split", {"into": "china", "documents": []})


def test_a_correction_places_again_only_the_documents_it_touches(store, monkeypatch):
    placed: list[str] = []
    place = graph.events.place_document
    monkeypatch.setattr(
        rederive.event_graph, "place_document", lambda db, doc_id, *a: placed.append(doc_id) or place(db, doc_id, *a)
    )
    [(gid,)] = pick(
        store, "SELECT graph_event FROM graph_event_members GROUP BY graph_event HAVING COUNT(*) = 1", random.Random(3)
    )
    corrections.record(store, "event", gid, "reject")
    with store.read() as db:
        total = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert 1 <= len(set(placed)) < total


def test_a_part_too_large_is_rebuilt_whole_with_the_same_result(store, monkeypatch):
    monkeypatch.setattr(rederive, "MAX_DOCUMENTS", 0)
    rebuilds = []
    monkeypatch.setattr(graph, "rebuild_in", lambda db: rebuilds.append(1) or WHOLE_REBUILD(db))
    [(gid,)] = pick(store, "SELECT id FROM graph_events", random.Random(5))
    made = corrections.record(store, "event", gid, "reject")
    assert rebuilds
    assert_as_rebuilt(store)
    corrections.revert(store, made["id"])
    assert_as_rebuilt(store)
