"""The graph across articles: merged events and facts, near-duplicates, incremental updates."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from graph_corpus import ALL, articles, filled_store, graph_dump

from silkgraph import graph
from silkgraph.errors import SilkgraphError
from silkgraph.graph import claims_agree, dates_compatible, participants_overlap
from silkgraph.model import Analysis, Document, Entity, Event, Mention, Span
from silkgraph.store import open_store
from silkgraph.store.sql import load_migrations

SUMMIT = ("gipfel-astana-de", "treffen-astana-de", "summit-astana-en")


def rows(store, sql, params=()):
    with store.read() as db:
        return db.execute(sql, params).fetchall()


def events_of(store, doc_id):
    return {
        r[0]
        for r in rows(
            store,
            "SELECT m.graph_event FROM graph_event_members AS m"
            " JOIN events AS e ON e.id = m.event_id WHERE e.doc_id = ?",
            (doc_id,),
        )
    }


def one_event(store, doc_id):
    found = events_of(store, doc_id)
    assert len(found) == 1, found
    return rows(
        store,
        "SELECT id, type, date, place, contested, alternatives, sources, documents FROM graph_events WHERE id = ?",
        (found.pop(),),
    )[0]


@pytest.fixture
def store(tmp_path):
    with filled_store(tmp_path / "graph.db") as s:
        yield s


# -- rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b, ok",
    [
        ("2025-06-14", "2025-06-14", True),
        ("2025", "2025-06-14", True),
        ("2025-06", "2025-06-30", True),
        ("2025-06-14", "2025-06-17", True),
        ("2025-06-14", "2025-06-18", False),
        ("2025-06-30", "2025-07-02", True),
        ("2025-Q2", "2025-05-01", True),
        ("2025-Q2", "2025-07", False),
        ("2025-06", "2025-07", False),
        ("2024", "2025-01-01", False),
    ],
)
def test_dates_compatible(a, b, ok):
    assert dates_compatible(a, b) is ok
    assert dates_compatible(b, a) is ok


def test_participants_overlap():
    assert participants_overlap({"a", "b", "c"}, {"a", "b"})
    assert participants_overlap({"a"}, {"a", "b", "c"})
    assert not participants_overlap({"a", "c"}, {"a", "b"})
    assert not participants_overlap(set(), {"a"})


def test_participants_overlap_is_weighed_by_how_specific_they_are():
    presidents = {"xi-jinping", "kassym-jomart-tokayev"}
    assert participants_overlap(presidents | {"china"}, presidents | {"kazakhstan"})
    assert participants_overlap({"kazakhstan", "china", "central-asia"}, {"kazakhstan", "china"})
    # a state and a region say little: many events share them
    assert not participants_overlap({"kazakhstan", "central-asia", "russia"}, {"kazakhstan", "central-asia", "india"})
    # a report naming one state alone does not tie itself to every event of that state
    assert not participants_overlap({"uzbekistan"}, {"uzbekistan", "china", "xi-jinping"})
    assert participants_overlap({"shavkat-mirziyoyev"}, {"uzbekistan", "china", "shavkat-mirziyoyev"})


@pytest.mark.parametrize(
    "claims, agree",
    [
        ([(41e9, None), (41e9, "exact")], True),
        ([(43.8e9, None), (44e9, None)], True),  # rounding
        ([(41e9, None), (43.8e9, None)], False),  # 6.8 % apart
        ([(40e9, "over"), (43.8e9, None)], True),
        ([(41e9, "over"), (70e9, None)], False),  # "over" is not "any amount more"
        ([(44e9, "about"), (41e9, None)], True),
        ([(50e9, "under"), (45e9, None)], True),
        ([(70e9, None), (41e9, None)], False),
        ([(-5.0, None), (-5.2, None)], True),  # a fall reported twice
        ([(12.0, None)], True),
    ],
)
def test_claims_agree(claims, agree):
    assert claims_agree(claims) is agree


# -- merging ----------------------------------------------------------------------


def test_one_summit_in_three_articles_is_one_event_with_three_sources(tmp_path):
    with filled_store(tmp_path / "g.db", SUMMIT) as store:
        ids = {i for doc in SUMMIT for i in events_of(store, doc)}
        assert len(ids) == 1
        gid, type_, date_, place, contested, _, sources, documents = one_event(store, "summit-astana-en")
        assert (type_, date_, place, contested, sources, documents) == ("summit", "2025-06-14", "astana", 0, 3, 3)
        participants = {
            r[0] for r in rows(store, "SELECT entity_id FROM graph_event_participants WHERE graph_event = ?", (gid,))
        }
        assert participants == {"kazakhstan", "china", "uzbekistan", "kyrgyzstan", "tajikistan", "central-asia"}
        languages = {
            r[0]
            for r in rows(
                store,
                "SELECT d.language FROM graph_event_members AS m"
                " JOIN events AS e ON e.id = m.event_id JOIN documents AS d"
                " ON d.id = e.doc_id WHERE m.graph_event = ?",
                (gid,),
            )
        }
        assert languages == {"de", "en"}


def test_another_meeting_two_days_later_stays_apart(store):
    summit = one_event(store, "gipfel-astana-de")
    moscow = one_event(store, "moskau-treffen-de")
    assert summit[0] != moscow[0]
    assert moscow[1:4] == ("meeting", "2025-06-16", "moscow")


def test_syndicated_copy_is_one_independent_source(tmp_path):
    with filled_store(tmp_path / "g.db", ("gipfel-astana-de", "gipfel-astana-copy", "treffen-astana-de")) as store:
        clusters = {d: (c, dup) for d, c, dup in rows(store, "SELECT doc_id, cluster, duplicate_of FROM doc_clusters")}
        assert clusters["gipfel-astana-copy"] == ("gipfel-astana-de", "gipfel-astana-de")
        assert clusters["gipfel-astana-de"] == ("gipfel-astana-de", None)
        assert clusters["treffen-astana-de"] == ("treffen-astana-de", None)  # same event, other text
        *_, sources, documents = one_event(store, "gipfel-astana-copy")
        assert (sources, documents) == (2, 3)
        [(fact_sources, fact_documents)] = rows(store, "SELECT sources, documents FROM graph_facts")
        assert (fact_sources, fact_documents) == (2, 3)


def test_trade_figure_from_two_sources_is_one_fact_with_two_claims(tmp_path):
    with filled_store(tmp_path / "g.db", ("gipfel-astana-de", "treffen-astana-de")) as store:
        [(gid, type_, period, unit, value, contested)] = rows(
            store, "SELECT id, type, period, unit, value, contested FROM graph_facts"
        )
        assert (type_, period, unit, value, contested) == ("trade_volume", "2023", "USD", 41e9, 0)
        claims = rows(
            store,
            "SELECT f.doc_id, f.value, f.qualifier FROM graph_fact_members AS m"
            " JOIN facts AS f ON f.id = m.fact_id WHERE m.graph_fact = ? ORDER BY f.doc_id",
            (gid,),
        )
        assert claims == [("gipfel-astana-de", 41e9, "over"), ("treffen-astana-de", 41e9, None)]
        subjects = rows(store, "SELECT entity_id FROM graph_fact_subjects WHERE graph_fact = ? ORDER BY ord", (gid,))
        assert subjects == [("china",), ("kazakhstan",)]


def test_contradicting_figure_makes_the_fact_contested_and_keeps_every_claim(tmp_path):
    with filled_store(tmp_path / "g.db", ("gipfel-astana-de", "treffen-astana-de", "handel-zweifel-de")) as store:
        [(gid, value, contested, sources)] = rows(store, "SELECT id, value, contested, sources FROM graph_facts")
        assert contested == 1 and sources == 3
        assert value == 41e9  # two sources agree on it, one does not
        values = sorted(
            r[0]
            for r in rows(
                store,
                "SELECT f.value FROM graph_fact_members AS m JOIN facts AS f"
                " ON f.id = m.fact_id WHERE m.graph_fact = ?",
                (gid,),
            )
        )
        assert values == [41e9, 41e9, 70e9]


def test_project_start_dates_that_disagree_are_contested(store):
    gid, type_, _, _, contested, alternatives, sources, _ = one_event(store, "bahn-de")
    assert one_event(store, "railway-en")[0] == gid  # German and English report, one project event
    assert type_ == "project" and contested == 1 and sources == 2
    assert json.loads(alternatives) == [
        {"date": "2025-10", "documents": ["bahn-de"], "sources": 1},
        {"date": "2026-07", "documents": ["railway-en"], "sources": 1},
    ]


def test_generated_person_id_is_one_node(store):
    assert store.entity("zoon-ahmed-khan")["documents"] == 2
    assert rows(store, "SELECT COUNT(*) FROM entities WHERE id = 'zoon-ahmed-khan'") == [(1,)]


def analysis(doc_id, text, events, published="2025-06-20", entities=()):
    return Analysis(
        Document(doc_id, text, title=doc_id, published=published, language="de"),
        [Entity(e, e.title(), "country", None, [Mention(0, 1, text[:1])]) for e in entities],
        events,
    )


def test_vague_report_does_not_chain_two_events(tmp_path):
    """A one-participant report of "June" fits both meetings; it joins one and does not bridge them."""
    with open_store(tmp_path / "g.db") as store:
        store.add(
            analysis(
                "a",
                "Treffen eins in Astana.",
                [Event("meeting", "2025-06-02", ["kassym-jomart-tokayev", "china"], Span(0, 10))],
            )
        )
        store.add(
            analysis(
                "b", "Irgendein Treffen im Juni.", [Event("meeting", "2025-06", ["kassym-jomart-tokayev"], Span(0, 9))]
            )
        )
        store.add(
            analysis(
                "c",
                "Treffen zwei in Moskau.",
                [Event("meeting", "2025-06-04", ["kassym-jomart-tokayev", "russia"], Span(0, 10))],
            )
        )
        assert len(rows(store, "SELECT id FROM graph_events")) == 2
        assert events_of(store, "a") == events_of(store, "b") != events_of(store, "c")


def test_report_naming_one_state_alone_joins_no_event_of_another_source(tmp_path):
    with open_store(tmp_path / "g.db") as store:
        store.add(
            analysis("a", "Treffen in Astana.", [Event("meeting", "2025-06-02", ["kazakhstan", "china"], Span(0, 7))])
        )
        store.add(analysis("b", "Ein Treffen im Juni.", [Event("meeting", "2025-06", ["kazakhstan"], Span(0, 9))]))
        assert events_of(store, "a") != events_of(store, "b")


def test_undated_reports_from_independent_sources_stay_apart(tmp_path):
    with open_store(tmp_path / "g.db") as store:
        store.add(analysis("a", "Ein Treffen.", [Event("meeting", None, ["kazakhstan", "china"], Span(0, 5))]))
        store.add(analysis("b", "Noch ein Treffen.", [Event("meeting", None, ["kazakhstan", "china"], Span(0, 5))]))
        assert events_of(store, "a") != events_of(store, "b")


# -- incremental and rebuild ---------------------------------------------------------


def test_readding_and_reapplying_change_nothing(store):
    before = graph_dump(store)
    for a in articles().values():
        assert store.add(a).status == "duplicate"
    for doc_id in ALL:
        assert graph.update(store, doc_id) is False
    assert graph_dump(store) == before
    assert store.integrity_check()


def test_rebuild_gives_the_incremental_result(store):
    before = graph_dump(store)
    assert graph.rebuild(store) == len(ALL)
    assert graph_dump(store) == before
    with store.write() as db:  # lose the graph altogether, then rebuild it
        for table in graph.GRAPH_TABLES:
            db.execute(f"DELETE FROM {table}")
    assert not store.integrity_check()  # documents without their graph are noticed
    graph.rebuild(store)
    assert graph_dump(store) == before
    assert store.integrity_check()


def test_update_applies_a_document_stored_without_graph(store, tmp_path):
    before = graph_dump(store)
    with store.write() as db:
        for table in graph.GRAPH_TABLES:
            db.execute(f"DELETE FROM {table}")
    assert all(graph.update(store, doc_id) for doc_id in ALL)
    assert graph_dump(store) == before


def test_document_and_graph_are_written_together(tmp_path, monkeypatch):
    def broken(db, doc_id):
        raise RuntimeError("graph on fire")

    found = articles()
    with open_store(tmp_path / "g.db") as store:
        store.add(found["gipfel-astana-de"])
        monkeypatch.setattr(graph, "apply_document", broken)
        with pytest.raises(RuntimeError, match="graph on fire"):
            store.add(found["treffen-astana-de"])
        assert store.get("treffen-astana-de") is None
        monkeypatch.undo()
        store.add(found["treffen-astana-de"])
        assert len(events_of(store, "treffen-astana-de")) == 1


def test_database_from_before_the_graph_is_filled_on_opening(tmp_path):
    path = tmp_path / "old.db"
    with filled_store(path) as store:
        expected = graph_dump(store)
        expected_hits = [h.doc_id for h in store.search("Kasachstan")]
    initial = sqlite3.connect(":memory:")
    initial.executescript(load_migrations("sqlite")[0][2])
    first_tables = {r[0] for r in initial.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    with sqlite3.connect(path) as db:  # what a store made by the first migration alone looks like
        later = [
            r[0]
            for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if r[0] not in first_tables and r[0] != "schema_migrations" and not r[0].startswith("sqlite_")
        ]
        for table in ("document_terms_fts", *later):  # the full-text table first: it owns tables of its own
            db.execute(f"DROP TABLE IF EXISTS {table}")
        first = {r[0] for r in initial.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index')")}
        for kind, name in db.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index')"
        ).fetchall():
            if name not in first and not name.startswith("sqlite_"):  # later migrations' triggers and indexes
                db.execute(f"DROP {kind.upper()} IF EXISTS {name}")
        db.execute("ALTER TABLE document_entities DROP COLUMN published")
        db.execute("CREATE INDEX document_entities_entity ON document_entities (entity_id)")  # as 0001 made it
        db.execute("ALTER TABLE events DROP COLUMN date_source")  # added by 0012
        db.execute("ALTER TABLE facts DROP COLUMN period_source")
        db.execute("DELETE FROM schema_migrations WHERE version > 1")
    with open_store(path) as store:
        assert store.schema_version() >= 3
        assert graph_dump(store) == expected
        assert [h.doc_id for h in store.search("Kasachstan")] == expected_hits
        assert rows(store, "SELECT COUNT(*) FROM document_terms") == [(len(ALL),)]
        assert store.integrity_check()


# -- the real pipeline, where it and the development corpus are here -------------------


def test_dev_corpus_through_the_pipeline(tmp_path, dev_corpus):
    try:
        from silkgraph.ingest import read_inputs
        from silkgraph.pipeline import Pipeline

        pipeline = Pipeline()
    except SilkgraphError as exc:
        pytest.skip(f"the pipeline does not load here: {exc}")
    documents = [
        d
        for d in read_inputs([str(p) for p in dev_corpus], max_bytes=5_000_000, published=None, stdin=None)
        if hasattr(d, "text")
    ]
    with open_store(tmp_path / "dev.db") as store:
        for document in documents:
            store.add(pipeline.analyze(document))
        unplaced = rows(store, "SELECT COUNT(*) FROM events WHERE id NOT IN (SELECT event_id FROM graph_event_members)")
        assert unplaced == [(0,)]
        unclaimed = rows(store, "SELECT COUNT(*) FROM facts WHERE id NOT IN (SELECT fact_id FROM graph_fact_members)")
        assert unclaimed == [(0,)]
        before = graph_dump(store)
        graph.rebuild(store)
        assert graph_dump(store) == before
        assert store.integrity_check()


def test_an_undated_report_joins_the_one_event_of_its_place_it_names(tmp_path):
    with open_store(tmp_path / "g.db") as store:
        store.add(
            analysis(
                "dated",
                "Der Gipfel in Astana.",
                [
                    Event(
                        "summit",
                        "2024-07-03",
                        ["shanghai-cooperation-organisation", "kazakhstan", "china"],
                        Span(0, 9),
                        place="astana",
                    )
                ],
            )
        )
        store.add(
            analysis(
                "undated",
                "Das Gipfeltreffen in Astana.",
                [
                    Event(
                        "summit", None, ["shanghai-cooperation-organisation", "kazakhstan"], Span(0, 9), place="astana"
                    )
                ],
            )
        )
        assert events_of(store, "dated") == events_of(store, "undated")


def test_dev_corpus_and_samples_make_one_event_per_real_event(tmp_path, dev_corpus):
    from silkgraph import query
    from silkgraph.ingest import read_inputs
    from silkgraph.pipeline import Pipeline

    pipeline = Pipeline()
    samples = Path(__file__).resolve().parent.parent / "samples"
    with open_store(tmp_path / "all.db") as store:
        for document in read_inputs([str(samples), *map(str, dev_corpus)]):
            if hasattr(document, "text"):
                store.add(pipeline.analyze(document))
        events = query.timeline(store, limit=500)["events"]

        def where(place, types, date_prefix):
            return [
                e
                for e in events
                if e["place"] == place and e["type"] in types and (e["date"] or "").startswith(date_prefix)
            ]

        c5 = where("washington-dc", ("summit", "meeting"), "2025-11")
        assert len(c5) == 1
        sco = where("astana", ("summit",), "2024-07")
        assert len(sco) == 1 and sco[0]["source_count"] == 2  # seed-002, and the undated seed-003
        assert len(where("almaty", ("summit", "meeting"), "2025-05")) == 1
        [trade] = [f for f in query.figures(store, type="trade_volume") if set(f["pair"]) == {"kazakhstan", "china"}]
        [point] = [p for p in trade["series"] if p["period"] == "2023"]
        assert point["sources"] == 2 and not point["contested"]
