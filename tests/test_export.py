"""Every export format, read back with a real reader."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import networkx as nx
import pytest

from graph_corpus import ALL, articles, filled_store, graph_kb
from silkgraph.errors import UsageError
from silkgraph.export import export

TEXTS = {a.document.id: a.document.text for a in articles().values()}


@pytest.fixture(scope="module")
def kb():
    return graph_kb()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with filled_store(tmp_path_factory.mktemp("export") / "e.db") as s:
        yield s


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def check_tables(tables: dict[str, list[dict]]) -> None:
    assert {r["id"] for r in tables["documents.csv"]} == set(ALL)
    assert all(r["text"] == TEXTS[r["id"]] for r in tables["documents.csv"])  # newlines and quotes survive
    copy = next(r for r in tables["documents.csv"] if r["id"] == "gipfel-astana-copy")
    assert copy["duplicate_of"] == "gipfel-astana-de"
    entities = {r["id"]: r for r in tables["entities.csv"]}
    assert entities["astana"]["latitude"] == "51.1694"
    assert "Tokajew" in entities["kassym-jomart-tokayev"]["aliases"].split("; ")
    events = {r["type"]: r for r in tables["events.csv"]}
    assert events["summit"]["sources"] == "3" and events["summit"]["contested"] == "false"
    assert events["project"]["contested"] == "true"
    assert [a["date"] for a in json.loads(events["project"]["alternatives"])] == ["2025-10", "2026-07"]
    assert {r["doc_id"] for r in tables["event_sources.csv"] if r["event_id"] == events["summit"]["id"]} == {
        "gipfel-astana-de",
        "gipfel-astana-copy",
        "treffen-astana-de",
        "summit-astana-en",
    }
    for r in tables["event_sources.csv"] + tables["claims.csv"]:
        assert TEXTS[r["doc_id"]][int(r["start"]) : int(r["end"])] == r["text"]
    [fact] = tables["facts.csv"]
    assert (fact["subjects"], fact["value"], fact["contested"]) == ("china; kazakhstan", "41000000000", "true")
    assert sorted(r["value"] for r in tables["claims.csv"]) == ["41000000000"] * 3 + ["70000000000"]
    assert tables["quotes.csv"][0]["speaker"] == "kassym-jomart-tokayev"
    edge = next(r for r in tables["edges.csv"] if (r["source"], r["target"]) == ("china", "kazakhstan"))
    assert edge["weight"] == "4" and edge["event_sources"] == "3"


def test_csv_folder(store, kb, tmp_path):
    counts = export(store, kb, "csv", tmp_path / "out")
    assert counts["documents"] == len(ALL)
    check_tables({p.name: read_csv(p.read_text(encoding="utf-8")) for p in (tmp_path / "out").glob("*.csv")})


def test_csv_zip(store, kb, tmp_path):
    export(store, kb, "csv", tmp_path / "out.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert sorted(archive.namelist()) == sorted(
            [
                "entities.csv",
                "documents.csv",
                "events.csv",
                "event_sources.csv",
                "facts.csv",
                "claims.csv",
                "quotes.csv",
                "edges.csv",
            ]
        )
        check_tables({n: read_csv(archive.read(n).decode("utf-8")) for n in archive.namelist()})


def test_jsonl(store, kb, tmp_path):
    export(store, kb, "jsonl", tmp_path / "out.jsonl")
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    kinds = {r["kind"] for r in records}
    assert kinds == {"entity", "document", "event", "event_source", "fact", "claim", "quote", "edge"}
    claims = [r for r in records if r["kind"] == "claim"]
    assert all(
        TEXTS[c["doc_id"]][c["evidence"]["start"] : c["evidence"]["end"]] == c["evidence"]["text"] for c in claims
    )
    [fact] = [r for r in records if r["kind"] == "fact"]
    assert fact["contested"] is True and fact["value"] == 41_000_000_000
    stream = io.StringIO()
    export(store, kb, "jsonl", stream)  # a stream works too (standard output for the CLI)
    assert stream.getvalue() == (tmp_path / "out.jsonl").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_formats(store, kb, tmp_path, fmt, read):
    path = tmp_path / f"out.{fmt}"
    counts = export(store, kb, fmt, path)
    graph = read(path)
    assert graph.number_of_nodes() == counts["nodes"] and graph.number_of_edges() == counts["edges"]
    tokayev = graph.nodes["kassym-jomart-tokayev"]
    assert tokayev["type"] == "person" and "Tokajew" in tokayev["aliases"]
    assert float(graph.nodes["astana"]["latitude"]) == pytest.approx(51.1694)
    edge = graph.edges["china", "kazakhstan"]
    assert int(edge["weight"]) == 4 and int(edge["event_sources"]) == 3
    assert "handel-zweifel-de" in edge["documents"].split("; ")


def test_followthemoney(store, kb, tmp_path):
    model = pytest.importorskip("followthemoney").model
    export(store, kb, "ftm", tmp_path / "out.ftm.json")
    records = [json.loads(line) for line in (tmp_path / "out.ftm.json").read_text(encoding="utf-8").splitlines()]
    for record in records:
        model.get(record["schema"]).validate(record)  # raises on anything the schema forbids
        proxy = model.get_proxy(record)
        assert proxy.id == record["id"]
    ids = {r["id"] for r in records}
    assert len(ids) == len(records)
    by_schema = {}
    for r in records:
        by_schema.setdefault(r["schema"], []).append(r)
    assert {"Person", "PublicBody", "Address", "Project", "Article", "Event", "Note", "Documentation"} <= set(by_schema)
    summit = next(e for e in by_schema["Event"] if "summit" in e["properties"]["keywords"])
    assert {"sg-entity-china", "sg-entity-kazakhstan"} <= set(summit["properties"]["involved"])
    assert len(summit["properties"]["proof"]) == 4
    for doc in by_schema["Documentation"]:  # every piece of evidence points at exported entities
        assert doc["properties"]["document"][0] in ids and doc["properties"]["entity"][0] in ids
    reports = [d for d in by_schema["Documentation"] if d["properties"]["role"] == ["event report"]]
    assert any("Leaders of China and Kazakhstan met in Astana" in d["properties"]["summary"][0] for d in reports)


def test_unknown_format(store, kb, tmp_path):
    with pytest.raises(UsageError, match="csv, jsonl"):
        export(store, kb, "xlsx", tmp_path / "x")
