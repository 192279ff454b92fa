"""Exports stay valid when stored ids carry characters XML cannot hold, and are written atomically."""

from __future__ import annotations

import dataclasses
import json
import os
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from graph_corpus import ALL, articles, graph_kb
from silkgraph.export import export
from silkgraph.store import open_store

HOSTILE_ID = "bericht\x1b[31m\x0bzeile\x01"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The graph corpus, one article stored under an id with control characters (as a library user may)."""
    found = articles()
    first = found[ALL[0]]
    renamed = dataclasses.replace(first, document=dataclasses.replace(first.document, id=HOSTILE_ID))
    with open_store(tmp_path_factory.mktemp("hostile-export") / "h.db") as s:
        s.add(renamed)
        for doc_id in ALL[1:]:
            s.add(found[doc_id])
        yield s


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_exports_are_valid_xml_with_control_characters_in_ids(store, tmp_path, fmt, reader):
    path = tmp_path / f"net.{fmt}"
    counts = export(store, graph_kb(), fmt, path)
    ET.parse(path)  # well-formed XML
    graph = reader(path)
    assert graph.number_of_nodes() == counts["nodes"] > 0 and graph.number_of_edges() == counts["edges"] > 0
    documents = "; ".join(d for _, _, d in graph.edges(data="documents") if d)
    assert "bericht\ufffd[31m\ufffdzeile\ufffd" in documents


def test_jsonl_export_keeps_the_id_exactly(store, tmp_path):
    path = tmp_path / "all.jsonl"
    export(store, graph_kb(), "jsonl", path)
    ids = {r["id"] for r in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if r["kind"] == "document"}
    assert HOSTILE_ID in ids


@pytest.mark.parametrize(
    "fmt,name",
    [
        ("graphml", "net.graphml"),
        ("gexf", "net.gexf"),
        ("jsonl", "all.jsonl"),
        ("ftm", "all.ftm.json"),
        ("csv", "tables.zip"),
    ],
)
def test_failed_export_leaves_the_previous_file_and_no_temporary(store, tmp_path, monkeypatch, fmt, name):
    import silkgraph.export as exporting

    path = tmp_path / name
    path.write_bytes(b"previous export")

    def broken(data):
        raise OSError("disk full")

    def half_written(graph, target, **kwargs):
        with open(target, "wb") as f:
            f.write(b"<?xml version='1.0'?><graphml><graph>")
        broken(graph)

    monkeypatch.setattr(exporting.json, "dumps", lambda *a, **k: broken(a))
    monkeypatch.setattr(nx, "write_graphml", half_written)
    monkeypatch.setattr(nx, "write_gexf", half_written)
    monkeypatch.setattr(exporting.zipfile.ZipFile, "writestr", lambda self, *a, **k: broken(a))
    with pytest.raises(OSError, match="disk full"):
        export(store, graph_kb(), fmt, path)
    assert path.read_bytes() == b"previous export"
    assert os.listdir(tmp_path) == [name]
