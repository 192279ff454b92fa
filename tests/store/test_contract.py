"""The storage contract: what every backend does, run against SQLite and PostgreSQL alike.

Each test takes `store` (or `target`, to open stores itself) and runs once per
backend; the PostgreSQL run gets a database of its own on the server of
conftest.postgres_server, and is skipped when there is none (but not in CI).
The graph tests at the end ask the query layer (silkgraph.query) and compare
its answers between the backends.
"""

from __future__ import annotations

import json
import math
import threading

import pytest

from graph_corpus import ALL, articles, filled_store, graph_kb
from silkgraph import graph, query
from silkgraph.errors import StoreError
from silkgraph.model import Analysis, Entity
from silkgraph.store import open_store

BACKENDS = ["sqlite", "postgresql"]
HOSTILE = [
    '"',
    '""',
    '"unclosed',
    "AND OR NOT",
    "AND",
    "*",
    "**",
    "Kasach* *",
    "NEAR(",
    "NEAR(a b, 3)",
    "'; DROP TABLE documents; --",
    "",
    "   ",
    "\x00",
    "Kasach\x00stan",
    "a\x00\x00b",
    "x" * 10_000,
    "Astana " * 2_000,
    "title:Astana",
    "{title text}: China",
    "^China",
    "China + - :",
    "(China)",
    "( ) [ ] { }",
    "\u200b",
    "🙂",
    "NOT China",
    "China NOT",
    "\\",
    "%_",
    "Xi'an",
    "a:* & !b | c",
    "'a' <-> 'b'",
    "%s %(x)s ?",
    "Kasach\\'",
    "$1 $$x$$",
    "-- comment",
    "/* x */",
    "Türkiye:*A",
    "&",
    "|",
    "!",
    "<->",
]
# Every table the contract writes to; a failed document must leave all of them as they were.
TABLES = (
    "documents",
    "entities",
    "document_entities",
    "mentions",
    "events",
    "event_participants",
    "facts",
    "fact_subjects",
    "quotes",
    "document_terms",
    "entity_aliases",
    *graph.GRAPH_TABLES,
)


@pytest.fixture(params=BACKENDS)
def target(request, tmp_path):
    """Where a store of the backend lives: an SQLite file, or a PostgreSQL database of this test's own."""
    if request.param == "sqlite":
        return str(tmp_path / "silkgraph.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(target):
    with open_store(target) as s:
        yield s


def row_counts(store) -> dict[str, int]:
    with store.read() as db:
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


# -- storing and reading ---------------------------------------------------------


def test_opens_the_backend_its_target_names(target):
    from silkgraph.store.postgres import PostgresStore
    from silkgraph.store.sqlite import SQLiteStore

    expected = SQLiteStore if target.endswith(".db") else PostgresStore
    with open_store(target) as s:
        assert type(s) is expected and s.document_ids() == []
    if expected is PostgresStore:  # the other spellings of the URL open the same database
        for scheme in ("postgres://", "postgresql+psycopg://"):
            with open_store(target.replace("postgresql://", scheme, 1)) as s:
                assert type(s) is PostgresStore and s.integrity_check()


def test_get_returns_what_add_stored(store, make_analysis):
    analysis = make_analysis()
    result = store.add(analysis)
    assert (result.status, result.doc_id, result.duplicate_of) == ("stored", "astana-2025", None)
    back = store.get("astana-2025")
    assert back.to_json() == analysis.to_json()
    assert back.document.source == "samples/astana.md"
    assert back.entities[4].mentions == []
    assert back.events[1].participants == ["china", "kazakhstan", "china"]


def test_fact_values_keep_their_json_form(store, make_analysis):
    store.add(make_analysis())
    facts = store.get("astana-2025").to_json()["facts"]
    assert facts[0]["value"] == 43_800_000_000 and isinstance(facts[0]["value"], int)
    assert facts[1]["value"] == 12.5


def test_empty_analysis_round_trips(store, make_analysis):
    analysis = Analysis(make_analysis(text="Kurz.", title=None, url=None, published=None).document)
    store.add(analysis)
    assert store.get("astana-2025").to_json() == analysis.to_json()


def test_unknown_id_gives_none(store, make_analysis):
    store.add(make_analysis())
    for unknown in ("nope", "astana-2025\x00", "", "%", "?"):
        assert store.get(unknown) is None, repr(unknown)
        assert store.entity(unknown) is None, repr(unknown)
    assert store.has_text("\x00") is None


def test_same_text_modulo_case_and_spacing_is_a_duplicate(store, make_analysis, text):
    store.add(make_analysis("first"))
    variant = "  " + text.upper().replace(" ", "  \n ") + "\n"
    result = store.add(make_analysis("second", text=variant))
    assert (result.status, result.doc_id, result.duplicate_of) == ("duplicate", "first", "first")
    assert store.document_ids() == ["first"]
    assert store.stats()["documents"] == 1
    assert store.has_text(make_analysis(text=variant).document.fingerprint) == "first"
    assert store.has_text("0" * 64) is None


def test_id_clash_with_other_text_gets_a_deterministic_suffix(store, make_analysis, other_text, text):
    store.add(make_analysis("report"))
    clash = make_analysis("report", text=other_text(1))
    result = store.add(clash)
    expected = f"report-{clash.document.fingerprint[:8]}"
    assert (result.status, result.doc_id, result.duplicate_of) == ("stored", expected, None)
    back = store.get(expected)
    assert back.document.id == expected and back.document.text == other_text(1)
    assert store.get("report").document.text == text
    assert clash.document.id == "report"  # the caller's object is left alone


def test_shared_entities_keep_each_documents_view(store, make_analysis, other_text):
    store.add(make_analysis("a"))
    renamed = make_analysis("b", text=other_text(2))
    renamed.entities = [Entity("kazakhstan", "Republic of Kazakhstan", "country", None)]
    store.add(renamed)
    assert store.get("a").entities[0].name == "Kazakhstan"
    assert store.get("b").entities[0].name == "Republic of Kazakhstan"
    assert store.entity("kazakhstan") == {
        "id": "kazakhstan",
        "name": "Republic of Kazakhstan",
        "type": "country",
        "wikidata": "Q232",  # not forgotten because the second document lacked it
        "documents": 2,
        "mentions": 2,
    }


def test_stats_counts(store, make_analysis, other_text):
    assert store.stats()["documents"] == 0 and store.stats()["earliest_published"] is None
    store.add(make_analysis("a"))
    store.add(make_analysis("b", text=other_text(1), published="2023-05", language="ru"))
    store.add(make_analysis("c", text=other_text(2), published=None, language=None))
    assert store.stats() == {
        "documents": 3,
        "entities": 5,
        "mentions": 6,
        "events": 6,
        "facts": 6,
        "quotes": 6,
        "languages": {"de": 1, "ru": 1, "und": 1},
        "earliest_published": "2023-05",
        "latest_published": "2025-01-14",
    }


def test_reopening_keeps_everything(target, make_analysis, other_text):
    analyses = [make_analysis("a"), make_analysis("b", text=other_text(1))]
    with open_store(target) as store:
        for analysis in analyses:
            store.add(analysis)
        before = (
            store.stats(),
            [h.doc_id for h in store.search("Syrdarja")],
            query.timeline(store),
            query.network(store),
        )
    with open_store(target) as store:
        assert store.document_ids() == ["a", "b"]
        for analysis in analyses:
            assert store.get(analysis.document.id).to_json() == analysis.to_json()
        assert (
            store.stats(),
            [h.doc_id for h in store.search("Syrdarja")],
            query.timeline(store),
            query.network(store),
        ) == before
        assert before[1] == ["b"]
        assert store.integrity_check()


def test_integrity_check_after_writes(store, make_analysis, other_text):
    for n in range(5):
        store.add(make_analysis(f"d{n}", text=other_text(n)))
    assert store.integrity_check() is True
    with store.write() as db:  # a document without its place in the graph is noticed
        db.execute("DELETE FROM doc_clusters WHERE doc_id = ?", ("d3",))
    assert store.integrity_check() is False
    graph.rebuild(store)
    assert store.integrity_check() is True


def test_closed_store_refuses_politely(target, make_analysis):
    store = open_store(target)
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(StoreError, match="closed"):
        store.add(make_analysis())
    with pytest.raises(StoreError, match="closed"):
        store.stats()


# -- one transaction per document ------------------------------------------------------


def _batch(make_analysis, text, other_text):
    third = make_analysis("third", text=text)
    third.entities[0].id = "only-in-third"  # a shared entity row that must not survive either
    return [make_analysis("first", text=other_text(1)), make_analysis("second", text=other_text(2)), third]


def test_failure_midway_leaves_no_partial_document(target, monkeypatch, make_analysis, text, other_text):
    analyses = _batch(make_analysis, text, other_text)
    with open_store(target) as store:
        backend = type(store)
        original = backend._insert_facts
        calls = []

        def failing_insert_facts(db, doc_id, facts):
            calls.append(doc_id)
            if len(calls) == 3:
                original(db, doc_id, facts[:1])  # some rows really are written before the failure
                raise RuntimeError("disk on fire")
            original(db, doc_id, facts)

        monkeypatch.setattr(backend, "_insert_facts", staticmethod(failing_insert_facts))
        store.add(analyses[0])
        store.add(analyses[1])
        before = row_counts(store)
        with pytest.raises(RuntimeError, match="disk on fire"):
            store.add(analyses[2])
        assert row_counts(store) == before
        assert store.document_ids() == ["first", "second"]
        assert store.get("third") is None and store.entity("only-in-third") is None
        assert store.search("Astana") == []
        assert store.integrity_check()
        monkeypatch.undo()
        assert store.add(analyses[2]).status == "stored"  # the store is usable afterwards
    with open_store(target) as store:
        assert [store.get(a.document.id).to_json() for a in analyses] == [a.to_json() for a in analyses]


def test_add_many_stores_a_batch_and_a_bad_document_costs_only_itself(store, make_analysis, text, other_text):
    good = [make_analysis("one", text=other_text(1)), make_analysis("two", text=other_text(2))]
    copy = make_analysis("copy", text=other_text(1))  # the same text as "one", in the same batch
    broken = make_analysis("broken", text=other_text(3))
    broken.entities = None  # cannot be stored: the batch's transaction fails on it
    results = store.add_many([good[0], broken, copy, good[1]])
    assert [getattr(r, "status", None) for r in results] == ["stored", None, "duplicate", "stored"]
    assert isinstance(results[1], TypeError) and results[2].duplicate_of == "one"
    assert store.document_ids() == ["one", "two"] and store.integrity_check()
    assert [r.status for r in store.add_many([make_analysis("three", text=other_text(4)), good[1]])] == [
        "stored",
        "duplicate",
    ]
    assert store.add_many([]) == []


def test_a_reader_does_not_wait_for_a_writer(target, make_analysis, other_text):
    """A read of one store object runs while another thread's write transaction is open,
    and sees the store as it was before that transaction."""
    with open_store(target) as store:
        store.add(make_analysis("before", text=other_text(1)))
        writing, release, errors = threading.Event(), threading.Event(), []

        def write():
            try:
                with store.write() as db:
                    db.execute("UPDATE documents SET title = 'changed' WHERE id = 'before'")
                    writing.set()
                    release.wait(10)
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

        thread = threading.Thread(target=write)
        thread.start()
        assert writing.wait(10)
        answer: list = []
        reader = threading.Thread(target=lambda: answer.append(store.get("before").document.title))
        reader.start()
        reader.join(5)
        unblocked = not reader.is_alive()
        release.set()
        thread.join()
        reader.join()
        assert unblocked and answer == [make_analysis().document.title] and errors == []
        assert store.get("before").document.title == "changed"


def test_graph_failure_leaves_no_document(store, monkeypatch):
    found = articles()
    store.add(found["gipfel-astana-de"])
    before = row_counts(store)

    def broken(db, doc_id):
        raise RuntimeError("graph on fire")

    monkeypatch.setattr(graph, "apply_document", broken)
    with pytest.raises(RuntimeError, match="graph on fire"):
        store.add(found["treffen-astana-de"])
    assert row_counts(store) == before and store.get("treffen-astana-de") is None
    monkeypatch.undo()
    store.add(found["treffen-astana-de"])
    [summit] = query.timeline(store, type="summit")["events"]
    assert summit["source_count"] == 2 and store.integrity_check()


def test_constraint_violation_rolls_back(store, make_analysis, text, other_text):
    analyses = _batch(make_analysis, text, other_text)
    store.add(analyses[0])
    store.add(analyses[1])
    before = row_counts(store)
    analyses[2].facts[1].value = float("nan")  # no backend keeps a figure that is not a number
    with pytest.raises(StoreError, match="third"):
        store.add(analyses[2])
    assert row_counts(store) == before and store.get("third") is None
    analyses[2].facts[1].value = 1.0
    assert store.add(analyses[2]).doc_id == "third"
    assert not math.isnan(store.get("third").facts[1].value)


def test_span_constraint(store, make_analysis):
    analysis = make_analysis()
    analysis.quotes[0].end = analysis.quotes[0].start - 1
    with pytest.raises(StoreError):
        store.add(analysis)
    assert store.stats()["documents"] == 0
    assert store.add(make_analysis()).status == "stored"


# -- concurrency --------------------------------------------------------------------


def test_usable_from_several_threads(store, make_analysis, other_text):
    errors = []

    def work(n):
        try:
            store.add(make_analysis(f"t{n}", text=other_text(100 + n)))
            store.search("Usbekistan")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(store.document_ids()) == sorted(f"t{n}" for n in range(8))
    assert store.integrity_check()


def test_concurrent_reader_sees_only_whole_documents(target, make_analysis, other_text):
    total = 12
    snapshot = (
        "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM events),"
        " (SELECT COUNT(*) FROM graph_event_members), (SELECT COUNT(*) FROM doc_clusters),"
        " (SELECT COUNT(*) FROM document_terms)"
    )
    with open_store(target) as writer, open_store(target) as reader:
        done, errors, seen = threading.Event(), [], []

        def write():
            try:
                for n in range(total):
                    writer.add(make_analysis(f"w{n}", text=other_text(500 + n)))
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                done.set()

        thread = threading.Thread(target=write)
        thread.start()
        while not done.is_set() or not seen:
            stats = reader.stats()
            assert stats["events"] == stats["facts"] == stats["quotes"] == 2 * stats["documents"], stats
            with reader.read() as db:  # several statements, one snapshot
                documents, events, placed, clustered, indexed = db.execute(snapshot).fetchone()
                [(later,)] = db.execute("SELECT COUNT(*) FROM documents").fetchall()
            assert events == placed == 2 * documents and clustered == indexed == documents == later
            seen.append(documents)
        thread.join()
        assert errors == []
        assert seen == sorted(seen)
        assert reader.stats()["documents"] == total and reader.integrity_check()


def test_stores_writing_at_once_merge_one_event(target):
    """Writers queue up: reports of one summit written side by side still become one event."""
    found = articles()
    reports = ["gipfel-astana-de", "summit-astana-en", "treffen-astana-de", "gipfel-astana-copy"]
    with open_store(target) as store:  # migrated before the writers open it
        writers = [open_store(target) for _ in reports]
        start, errors = threading.Barrier(len(reports)), []

        def write(writer, doc_id):
            try:
                start.wait()  # all at once, so that their merges overlap unless the store serialises them
                writer.add(found[doc_id])
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=write, args=pair) for pair in zip(writers, reports)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for writer in writers:
            writer.close()
        assert errors == []
        [summit] = query.timeline(store, type="summit")["events"]
        assert (summit["source_count"], summit["document_count"]) == (3, 4)
        assert store.integrity_check()


# -- search ---------------------------------------------------------------------------


@pytest.fixture
def filled(store, make_analysis, other_text):
    store.add(make_analysis("astana"))
    store.add(make_analysis("usbek", text=other_text(1), title="Usbekistan baut", published="2024-03"))
    store.add(make_analysis("usbek2", text=other_text(2) + " Usbekistan Usbekistan Usbekistan.", title=None))
    return store


def test_search_finds_words(filled):
    hits = filled.search("Transportkorridore")
    assert [h.doc_id for h in hits] == ["astana"]
    assert hits[0].title.startswith("Kasachstan und China")
    assert hits[0].published == "2025-01-14"
    assert "[[Transportkorridore]]" in hits[0].snippet
    assert [h.doc_id for h in filled.search("Kasachstans")] == ["astana"]


def test_search_ignores_case_and_diacritics(filled):
    for q in ("türkiye", "TURKIYE", "Turkiye", "außenminister ASTANA", "AUßENMINISTER"):
        assert [h.doc_id for h in filled.search(q)] == ["astana"], q


def test_search_needs_all_terms(filled):
    assert [h.doc_id for h in filled.search("Astana Türkiye")] == ["astana"]
    assert filled.search("Astana Syrdarja") == []


def test_search_prefix(filled):
    assert [h.doc_id for h in filled.search("Transportkorr*")] == ["astana"]
    assert filled.search("Transportkorr") == []


def test_search_ranks_and_pages(filled):
    hits = filled.search("Usbekistan")
    assert {h.doc_id for h in hits} == {"usbek", "usbek2"}  # which comes first is the backend's relevance
    assert hits[0].score >= hits[1].score
    assert [h.doc_id for h in filled.search("Usbekistan", limit=1, offset=1)] == [hits[1].doc_id]
    assert filled.search("Usbekistan", limit=0) == [] and filled.search("Usbekistan", offset=5) == []


def test_search_title_and_operators(filled):
    assert [h.doc_id for h in filled.search("baut")] == ["usbek"]
    assert [h.doc_id for h in filled.search("Astana AND Türkiye")] == ["astana"]
    assert [h.doc_id for h in filled.search('"Astana" OR')] == ["astana"]


def test_hostile_queries_never_raise(filled):
    for q in HOSTILE:
        hits = filled.search(q)
        assert isinstance(hits, list), repr(q)
        found = query.search(filled, q)
        json.dumps(found)
        if q.strip() and not any(c.isalnum() for c in q):  # an empty query lists everything
            assert hits == [] and found["documents"] == [], repr(q)
    assert filled.search("") == [] and filled.search("   AND  OR ") == []
    assert filled.stats()["documents"] == 3 and filled.integrity_check()


# -- the graph, through the query layer ----------------------------------------------------


@pytest.fixture(scope="module")
def graph_stores(request, tmp_path_factory):
    """graph_stores(backend) -> a store holding the graph corpus (tests/data/graph), made once per module."""
    opened, databases = {}, []

    def get(backend: str):
        if backend not in opened:
            if backend == "sqlite":
                target = str(tmp_path_factory.mktemp("graph") / "graph.db")
            else:
                server = request.getfixturevalue("postgres_server")
                target = server.create_database()
                databases.append((server, target))
            opened[backend] = filled_store(target)
        return opened[backend]

    yield get
    for s in opened.values():
        s.close()
    for server, url in databases:
        server.drop_database(url)


@pytest.fixture(params=BACKENDS)
def graph_store(request, graph_stores):
    return graph_stores(request.param)


@pytest.fixture(scope="module")
def kb():
    return graph_kb()


def test_one_event_from_several_documents_has_their_sources(graph_store):
    [summit] = query.timeline(graph_store, type="summit")["events"]
    page = query.event(graph_store, summit["id"])
    assert (page["date"], page["place"], page["contested"]) == ("2025-06-14", "astana", False)
    assert (page["source_count"], page["document_count"]) == (3, 4)  # a syndicated copy is no new source
    assert {s["doc_id"] for s in page["sources"]} == {
        "gipfel-astana-de",
        "gipfel-astana-copy",
        "treffen-astana-de",
        "summit-astana-en",
    }


def test_contested_fact_keeps_every_claim(graph_store):
    [series] = query.figures(graph_store, subjects=["kazakhstan", "china"], type="trade_volume")
    page = query.fact(graph_store, series["series"][0]["fact"])
    assert page["contested"] is True and page["value"] == 41_000_000_000 and page["source_count"] == 3
    assert sorted(c["value"] for c in page["claims"]) == [41e9, 41e9, 41e9, 70e9]
    [project] = query.timeline(graph_store, type="project")["events"]
    assert [a["date"] for a in query.event(graph_store, project["id"])["alternatives"]] == ["2025-10", "2026-07"]


def test_word_forms_and_names(graph_store, kb):
    def ids(q, **kw):
        return [d["id"] for d in query.search(graph_store, q, kind="documents", **kw)["documents"]]

    hit = next(d for d in query.search(graph_store, "Kasachstan")["documents"] if d["id"] == "moskau-treffen-de")
    assert "[[Kasachstans]]" in hit["snippet"]  # German inflection
    assert "treffen-astana-de" in ids("Gipfel") and "treffen-astana-de" in ids("Gipfeltreffens")
    assert "railway-en" in ids("railways")  # English inflection
    assert {"gipfel-astana-de", "summit-astana-en"} <= set(ids("Токаев", kb=kb))  # another alias
    assert query.search(graph_store, "Tokajew", kind="entities")["entities"][0]["id"] == "kassym-jomart-tokayev"


def test_timeline_network_document(graph_store):
    assert [e["date"] for e in query.timeline(graph_store)["events"]] == ["2025-06-14", "2025-06-16", "2025-10"]
    edge = next(e for e in query.network(graph_store)["edges"] if (e["source"], e["target"]) == ("china", "kazakhstan"))
    assert edge["weight"] == 4 and edge["kinds"] == {"event": 3, "fact": 3, "cooccurrence": 4}
    page = query.document(graph_store, "gipfel-astana-copy")
    assert page["duplicate_of"] == "gipfel-astana-de" and {a["kind"] for a in page["annotations"]} == {
        "entity",
        "event",
        "fact",
    }


def _answers(store, kb) -> dict:
    """What the query layer says about everything in a store, less relevance scores."""
    out: dict = {}
    for q in ("", "Kasachstan", "Astana", "Gipfel", "Tokajew", "China", "railways", "Handel 2023", "Xi'an"):
        found = query.search(store, q, kb=kb)
        for d in found["documents"]:
            d.pop("score")
        if q:  # relevance is the engine's (bm25, ts_rank); which documents, snippets and facets are not
            found["documents"].sort(key=lambda d: d["id"])
        out[f"search {q}"] = found
    timeline = query.timeline(store)
    out["timeline"] = [
        timeline,
        query.timeline(store, entity="russia"),
        query.timeline(store, type="encounter"),
        query.timeline(store, date_from="2025-06-15", date_to="2025-06-30"),
    ]
    out["events"] = [query.event(store, e["id"]) for e in timeline["events"]]
    out["figures"] = query.figures(store)
    out["facts"] = [query.fact(store, p["fact"]) for s in out["figures"] for p in s["series"]]
    out["network"] = [query.network(store), query.network(store, kind="fact"), query.network(store, date_to="2024-12")]
    ids = sorted({e["id"] for e in query.search(store, "", kind="entities", limit=1000)["entities"]})
    out["entities"] = [query.entity(store, kb, i) for i in ids]
    out["documents"] = [query.document(store, d) for d in ALL]
    out["places"] = query.places(store, kb)
    out["stats"] = store.stats()
    return out


def test_query_answers_are_the_same_on_both_backends(graph_stores, kb):
    sqlite_answers = _answers(graph_stores("sqlite"), kb)
    postgres_answers = _answers(graph_stores("postgresql"), kb)
    assert sqlite_answers.keys() == postgres_answers.keys()
    for key in sqlite_answers:
        assert json.loads(json.dumps(postgres_answers[key])) == json.loads(json.dumps(sqlite_answers[key])), key


# -- the web server ------------------------------------------------------------------------


def test_web_app_serves_the_store(target, kb, token="t0ken"):
    from fastapi.testclient import TestClient

    from silkgraph.web.app import create_app

    with open_store(target) as s:
        for doc_id in ("gipfel-astana-de", "treffen-astana-de"):
            s.add(articles()[doc_id])
    auth = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(target, kb=kb, token=token), raise_server_exceptions=False) as c:
        assert c.get("/api/stats").json()["documents"] == 2
        event_id = c.get("/api/timeline").json()["events"][0]["id"]
        assert c.get(f"/api/events/{event_id}").json()["source_count"] == 2
        made = c.post("/api/corrections", headers=auth, json={"kind": "event", "id": event_id, "action": "reject"})
        assert made.status_code == 201 and made.json()["id"] == 1, made.text
        assert c.get("/api/corrections", headers=auth).json()["total"] == 1
        assert c.get("/api/events/no-such-event").status_code == 404
