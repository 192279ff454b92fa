"""Analysts' corrections (silkgraph.corrections): kept with who, when and why, applied wherever
the graph, the network and the query layer read the stored analyses, surviving a rebuild of
the graph and a re-ingest of the same articles, and reversible."""

from __future__ import annotations

import csv
import io
import json

import pytest

from silkgraph import corrections, export, graph, query
from silkgraph.corrections import CorrectionError
from silkgraph.ingest import read_inputs
from silkgraph.ingestion import Ingestion, open_ingest_store
from silkgraph.model import Document
from silkgraph.query import NotFound


def ingest(store, pipeline, paths) -> None:
    for outcome in Ingestion(store, pipeline=pipeline).run(read_inputs([str(p) for p in paths])):
        assert outcome.status in ("stored", "duplicate"), outcome.reason


@pytest.fixture
def store(tmp_path, pipeline, paths):
    with open_ingest_store(tmp_path / "corrections.db") as s:
        ingest(s, pipeline, [paths.samples])
        yield s


def event_with(store, entity: str, at_least: int = 2) -> dict:
    """An event of the store that names `entity` among at least `at_least` participants."""
    for ev in query.timeline(store, entity=entity, limit=200)["events"]:
        if len(ev["participants"]) >= at_least:
            return ev
    raise AssertionError(f"no event with {entity} and {at_least} participants")


def lone_pair(store) -> tuple[dict, str, str]:
    """An event and two of its participants that no other event names together, linked in the network."""
    events = query.timeline(store, limit=500)["events"]
    together: dict[tuple[str, str], int] = {}
    for ev in events:
        ids = sorted(p["id"] for p in ev["participants"])
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                together[(a, b)] = together.get((a, b), 0) + 1
    for ev in events:
        ids = sorted(p["id"] for p in ev["participants"])
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if together[(a, b)] == 1 and edge(store, a, b):
                    return ev, a, b
    raise AssertionError("no pair of participants named by one event only")


def participant_ids(store, event_id: str) -> list[str]:
    return [p["id"] for p in query.event(store, event_id)["participants"]]


def event_ids_of(store, entity: str) -> set[str]:
    return {e["id"] for e in query.entity(store, None, entity)["events"]}


def edge(store, a: str, b: str, kind: str = "event") -> int:
    pairs = {tuple(sorted((e["source"], e["target"]))): e for e in query.network(store, kind=kind)["edges"]}
    found = pairs.get(tuple(sorted((a, b))))
    return found["weight"] if found else 0


def test_a_rejected_participant_leaves_the_event_the_entity_page_and_the_network(store, pipeline, paths):
    ev, kept, other = lone_pair(store)
    assert edge(store, kept, other) == 1
    assert ev["id"] in event_ids_of(store, other)

    made = corrections.record(
        store, "participant", ev["id"], "reject", {"entity": other}, note="named only as a host", author="Dana"
    )
    assert made["author"] == "Dana" and made["note"] == "named only as a host" and made["active"]
    assert other in made["original"]["participants"]

    def gone() -> None:
        assert other not in participant_ids(store, ev["id"])
        assert kept in participant_ids(store, ev["id"])
        assert ev["id"] not in event_ids_of(store, other)
        assert edge(store, kept, other) == 0
        shown = query.event(store, ev["id"])["corrections"]
        assert [c["id"] for c in shown] == [made["id"]]

    gone()
    graph.rebuild(store)  # what `silkgraph rebuild-graph` does
    gone()
    ingest(store, pipeline, [paths.samples])  # the same articles again
    gone()

    reverted = corrections.revert(store, made["id"], author="Ole")
    assert reverted["reverted_by"] == "Ole" and not reverted["active"]
    assert other in participant_ids(store, ev["id"])
    assert ev["id"] in event_ids_of(store, other)
    assert edge(store, kept, other) == 1
    with pytest.raises(CorrectionError):
        corrections.revert(store, made["id"])


def test_a_corrected_event_date_and_place_are_the_events(store):
    ev = query.timeline(store, limit=1)["events"][0]
    made = corrections.record(store, "event", ev["id"], "correct", {"date": "2019-05-17", "place": "astana"})
    fixed = query.event(store, ev["id"])
    assert (fixed["date"], fixed["place"]) == ("2019-05-17", "astana")
    assert ev["id"] in {e["id"] for e in query.timeline(store, date_from="2019-05", date_to="2019-05")["events"]}
    graph.rebuild(store)
    assert query.event(store, ev["id"])["date"] == "2019-05-17"
    corrections.revert(store, made["id"])
    assert query.event(store, ev["id"])["date"] == ev["date"]
    assert made["original"]["date"] == ev["date"]


def test_a_rejected_event_is_gone_until_reverted(store):
    ev = query.timeline(store, limit=1)["events"][0]
    total = query.timeline(store, limit=1)["total"]
    made = corrections.record(store, "event", ev["id"], "reject", note="a background mention")
    with pytest.raises(NotFound):
        query.event(store, ev["id"])
    assert query.timeline(store, limit=1)["total"] == total - 1
    corrections.revert(store, made["id"])
    assert query.event(store, ev["id"])["id"] == ev["id"]


def test_two_events_merged_then_split_apart(store):
    first, second = query.timeline(store, limit=2)["events"]
    total = query.timeline(store, limit=1)["total"]
    reports = {s["report"] for ev in (first, second) for s in query.event(store, ev["id"])["sources"]}
    merged = corrections.record(store, "event", first["id"], "merge", {"with": second["id"]}, note="one summit")
    [kept] = merged["events"]
    assert query.timeline(store, limit=1)["total"] == total - 1
    sources = query.event(store, kept)["sources"]
    assert {s["report"] for s in sources} == reports
    graph.rebuild(store)
    assert query.timeline(store, limit=1)["total"] == total - 1

    split = corrections.record(store, "event", kept, "split", {"report": sources[-1]["report"]})
    assert len(split["events"]) == 2
    assert query.timeline(store, limit=1)["total"] == total
    corrections.revert(store, split["id"])
    assert query.timeline(store, limit=1)["total"] == total - 1
    corrections.revert(store, merged["id"])
    assert query.timeline(store, limit=1)["total"] == total
    assert {e["id"] for e in query.timeline(store, limit=2)["events"]} == {first["id"], second["id"]}


def a_fact(store) -> dict:
    with store.read() as db:
        fact_id = db.execute(
            "SELECT graph_fact FROM graph_fact_subjects GROUP BY graph_fact HAVING COUNT(*) >= 2 ORDER BY graph_fact"
        ).fetchone()[0]
    return query.fact(store, fact_id)


def test_a_fact_value_and_its_subjects_are_corrected(store):
    fact = a_fact(store)
    subject = fact["subjects"][-1]["id"]
    value = corrections.record(store, "fact", fact["id"], "correct", {"value": 12.5, "unit": "EUR"})
    assert query.fact(store, fact["id"])["value"] == 12.5 and query.fact(store, fact["id"])["unit"] == "EUR"
    assert value["original"]["value"] == fact["value"]
    dropped = corrections.record(store, "subject", fact["id"], "reject", {"entity": subject})
    facts_of_subject = {f["id"] for f in query.entity(store, None, subject)["facts"]}
    assert fact["id"] not in facts_of_subject
    graph.rebuild(store)
    assert fact["id"] not in {f["id"] for f in query.entity(store, None, subject)["facts"]}
    assert subject not in [s["id"] for s in query.fact(store, fact["id"])["subjects"]]
    for made in (dropped, value):
        corrections.revert(store, made["id"])
    again = query.fact(store, fact["id"])
    assert again["value"] == fact["value"] and [s["id"] for s in again["subjects"]] == [
        s["id"] for s in fact["subjects"]
    ]


def test_entities_merged_count_as_one_and_come_apart_on_revert(store):
    ev = event_with(store, "kazakhstan")
    other = next(p["id"] for p in ev["participants"] if p["id"] != "kazakhstan")
    events_of_other = event_ids_of(store, other)
    made = corrections.record(store, "entity", other, "merge", {"into": "kazakhstan"})
    assert query.entity(store, None, other)["merged_into"]["id"] == "kazakhstan"
    assert event_ids_of(store, other) == set()
    assert events_of_other <= event_ids_of(store, "kazakhstan")
    assert edge(store, "kazakhstan", other) == 0
    corrections.revert(store, made["id"])
    assert event_ids_of(store, other) == events_of_other
    assert query.entity(store, None, other)["merged_into"] is None


def test_a_correction_applies_to_articles_stored_after_it(tmp_path, pipeline, paths):
    """Corrections are applied whenever the graph reads a document, not once when they are made."""
    samples = sorted(paths.samples.glob("*.md"))
    with open_ingest_store(tmp_path / "later.db") as store:
        ingest(store, pipeline, samples[:1])
        merged_away = next(
            p["id"]
            for e in query.timeline(store, limit=50)["events"]
            for p in e["participants"]
            if p["type"] == "country"
        )
        kept = "russia" if merged_away != "russia" else "china"
        corrections.record(store, "entity", merged_away, "merge", {"into": kept})
        ingest(store, pipeline, samples[1:])
        assert event_ids_of(store, merged_away) == set()
        assert all(
            merged_away not in participant_ids(store, e["id"]) for e in query.timeline(store, limit=200)["events"]
        )


def test_quotes_and_mentions_are_corrected_in_the_document_and_on_the_speakers_page(store):
    doc_id = next(
        d
        for d in store.document_ids()
        if any(a["kind"] == "quote" and a["ref"] for a in query.document(store, d)["annotations"])
    )
    annotations = query.document(store, doc_id)["annotations"]
    quote = next(a for a in annotations if a["kind"] == "quote" and a["ref"])
    speaker, span = quote["ref"], f"{doc_id}:{quote['start']}-{quote['end']}"
    quotes_before = query.entity(store, None, speaker)["quote_count"]
    moved = corrections.record(store, "quote", span, "correct", {"speaker": "kazakhstan"})
    shown = next(
        a for a in query.document(store, doc_id)["annotations"] if a["kind"] == "quote" and a["start"] == quote["start"]
    )
    assert shown["ref"] == "kazakhstan" and shown["speaker_given"] == speaker
    assert query.entity(store, None, speaker)["quote_count"] == quotes_before - 1
    assert any(q["doc_id"] == doc_id for q in query.entity(store, None, "kazakhstan")["quotes"])
    exported = [
        q for q in export.collect(store, None)["quotes"] if (q["doc_id"], q["start"]) == (doc_id, quote["start"])
    ]
    assert [q["speaker"] for q in exported] == ["kazakhstan"]
    corrections.revert(store, moved["id"])
    assert query.entity(store, None, speaker)["quote_count"] == quotes_before

    rejected = corrections.record(store, "quote", span, "reject")
    assert query.entity(store, None, speaker)["quote_count"] == quotes_before - 1
    corrections.revert(store, rejected["id"])

    mention = next(a for a in annotations if a["kind"] == "entity")
    all_mentions = [a for a in annotations if a["kind"] == "entity" and a["ref"] == mention["ref"]]
    made = [
        corrections.record(store, "mention", f"{doc_id}:{a['start']}-{a['end']}", "reject", note="another person")
        for a in all_mentions
    ]
    after = query.document(store, doc_id)["annotations"]
    assert all(a.get("rejected") for a in after if a["kind"] == "entity" and a["ref"] == mention["ref"])
    with store.read() as db:
        counted = db.execute(
            "SELECT COUNT(*) FROM entity_pairs WHERE (a = ? OR b = ?) AND kind = 'cooccurrence' AND year = '*'",
            (mention["ref"], mention["ref"]),
        ).fetchone()[0]
    for correction in made:
        corrections.revert(store, correction["id"])
    with store.read() as db:
        assert (
            db.execute(
                "SELECT COUNT(*) FROM entity_pairs WHERE (a = ? OR b = ?) AND kind = 'cooccurrence' AND year = '*'",
                (mention["ref"], mention["ref"]),
            ).fetchone()[0]
            >= counted
        )


def test_corrections_are_exported_as_json_and_csv(store):
    ev = query.timeline(store, limit=1)["events"][0]
    corrections.record(store, "event", ev["id"], "correct", {"date": "2020"}, note='a "quoted", note', author="Ana")
    second = corrections.record(store, "event", ev["id"], "reject")
    corrections.revert(store, second["id"], author="Ben")
    exported = json.loads(corrections.export(store, "json"))
    assert [(r["action"], r["active"]) for r in exported] == [("correct", True), ("reject", False)]
    assert exported[0]["value"] == {"date": "2020"} and exported[1]["reverted_by"] == "Ben"
    rows = list(csv.DictReader(io.StringIO(corrections.export(store, "csv"))))
    assert rows[0]["note"] == 'a "quoted", note' and json.loads(rows[0]["value"]) == {"date": "2020"}
    assert rows[1]["active"] == "False" and rows[0]["author"] == "Ana"


@pytest.mark.parametrize(
    "kind,item,action,value,error",
    [
        ("event", "ev-nowhere-0", "reject", None, NotFound),
        ("event", "FIRST", "correct", {"date": "2024-02-30"}, CorrectionError),
        ("event", "FIRST", "correct", {"colour": "red"}, CorrectionError),
        ("event", "FIRST", "correct", {"place": "atlantis"}, NotFound),
        ("event", "FIRST", "merge", {"with": "FIRST"}, CorrectionError),
        ("event", "FIRST", "split", {"report": "x#1"}, CorrectionError),
        ("event", "FIRST", "explode", None, CorrectionError),
        ("participant", "FIRST", "reject", {"entity": "atlantis"}, NotFound),
        ("fact", "fa-nothing", "correct", {"value": 1}, NotFound),
        ("quote", "no-span", "reject", None, CorrectionError),
        ("mention", "nowhere:1-2", "reject", None, NotFound),
        ("entity", "kazakhstan", "merge", {"into": "kazakhstan"}, CorrectionError),
        ("galaxy", "x", "reject", None, CorrectionError),
    ],
)
def test_corrections_that_cannot_apply_are_refused_and_not_kept(store, kind, item, action, value, error):
    first = query.timeline(store, limit=1)["events"][0]["id"]
    with pytest.raises(error):
        value = json.loads(json.dumps(value).replace("FIRST", first))
        corrections.record(store, kind, item.replace("FIRST", first), action, value)
    assert corrections.listing(store)["total"] == 0


def test_an_analysis_stored_as_given_is_never_changed(store):
    """Corrections change what is read, not what was stored: the analysis comes back as it was."""
    doc_id = store.document_ids()[0]
    before = store.get(doc_id)
    ev = query.timeline(store, limit=1)["events"][0]
    corrections.record(store, "event", ev["id"], "correct", {"date": "2001"})
    assert store.get(doc_id) == before
    assert isinstance(before.document, Document)


def test_the_cli_exports_reverts_and_imports_into_a_store_of_the_same_articles(store, tmp_path, pipeline, paths):
    from click.testing import CliRunner

    from silkgraph.cli import main

    ev, kept, other = lone_pair(store)
    corrections.record(store, "participant", ev["id"], "reject", {"entity": other}, note="not there", author="Dana")
    undone = corrections.record(store, "event", ev["id"], "correct", {"date": "1999"})
    corrections.revert(store, undone["id"])
    db = str(tmp_path / "corrections.db")  # the store of the fixture
    runner = CliRunner()
    listed = runner.invoke(main, ["corrections", "list", "--db", db, "--json"])
    assert listed.exit_code == 0, listed.output
    assert [json.loads(line)["active"] for line in listed.stdout.splitlines()] == [False, True]
    exported = tmp_path / "corrections.json"
    assert runner.invoke(main, ["corrections", "export", "--db", db, "-o", str(exported)]).exit_code == 0
    as_csv = runner.invoke(main, ["corrections", "export", "--db", db, "--format", "csv"])
    assert as_csv.exit_code == 0 and as_csv.stdout.splitlines()[0].startswith("id,kind,item,action")

    with open_ingest_store(tmp_path / "fresh.db") as fresh:  # the same articles, ingested anew
        ingest(fresh, pipeline, [paths.samples])
        assert other in participant_ids(fresh, ev["id"])
    imported = runner.invoke(main, ["corrections", "import", "--db", str(tmp_path / "fresh.db"), str(exported)])
    assert imported.exit_code == 0, imported.output
    assert "1 corrections applied, 0 skipped" in imported.output
    with open_ingest_store(tmp_path / "fresh.db") as fresh:
        assert other not in participant_ids(fresh, ev["id"])
        [applied] = corrections.listing(fresh)["corrections"]
        assert (applied["author"], applied["note"]) == ("Dana", "not there")

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"kind": "event", "item": "ev-gone-1", "action": "reject"}]), encoding="utf-8")
    refused = runner.invoke(main, ["corrections", "import", "--db", str(tmp_path / "fresh.db"), str(bad)])
    assert refused.exit_code == 1 and "ev-gone-1" in refused.output
    assert runner.invoke(main, ["corrections", "revert", "--db", db, "999"]).exit_code == 1
