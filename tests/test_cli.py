"""The command line as a user meets it: exit codes, summaries, idempotent ingest, bad inputs."""

import json
import shutil

import pytest
from click.testing import CliRunner

from silkgraph.cli import main

DATA = __import__("pathlib").Path(__file__).parent / "data" / "ingest"


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


@pytest.mark.parametrize(
    "command", ["analyze", "ingest", "search", "show", "stats", "evaluate", "export", "serve", "rebuild-graph"]
)
def test_every_command_has_help(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "Usage" in result.output


def test_analyze_prints_one_contract_object_per_document(run, paths):
    result = run("analyze", paths.samples, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) >= 5
    assert all(o["schema"] == "silkgraph.analysis/1" for o in objects)


def test_analyze_json_array_and_stdin(run):
    result = run(
        "analyze",
        "-",
        "--format",
        "json",
        "--published",
        "2025-03-01",
        input="Kasachstan und China unterzeichneten am Montag ein Abkommen.",
    )
    assert result.exit_code == 0
    [obj] = json.loads(result.stdout)
    assert obj["document"]["published"] == "2025-03-01"
    assert {e["id"] for e in obj["entities"]} >= {"kazakhstan", "china"}


def test_bad_published_is_a_usage_error(run, paths):
    assert run("analyze", paths.samples, "--published", "yesterday").exit_code == 2


def test_ingest_twice_stores_nothing_new(run, paths, tmp_path):
    db = tmp_path / "s.db"
    first = run("ingest", paths.samples, "--db", db)
    assert first.exit_code == 0, first.output
    stored = json.loads(run("stats", "--db", db, "--json").stdout)["documents"]
    assert stored >= 5
    second = run("ingest", paths.samples, "--db", db)
    assert second.exit_code == 0
    assert "0 stored" in second.stderr and "nothing new" in second.stderr
    assert json.loads(run("stats", "--db", db, "--json").stdout)["documents"] == stored


def test_mixed_batch_stores_good_files_and_names_every_bad_one(run, tmp_path):
    batch = tmp_path / "batch"
    shutil.copytree(DATA / "good", batch / "good")
    shutil.copytree(DATA / "bad", batch / "bad")
    (batch / "bad" / "big.txt").write_text("Kasachstan " * 200_000, encoding="utf-8")
    db = tmp_path / "s.db"
    result = run("ingest", batch, "--db", db, "--max-bytes", 1_000_000)
    assert result.exit_code == 1
    for bad in ["empty.txt", "blank.md", "scan.txt", "bericht.docx", "kaputt.json", "leer.rss", "big.txt"]:
        assert bad in result.stderr, bad
    stats = json.loads(run("stats", "--db", db, "--json").stdout)
    assert stats["documents"] >= len(list((DATA / "good").iterdir()))


def test_a_failing_document_loses_nothing_stored_before_it(run, paths, tmp_path, monkeypatch):
    from silkgraph.pipeline import Pipeline

    original = Pipeline.analyze
    calls = {"n": 0}

    def flaky(self, document):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("simulated failure")
        return original(self, document)

    monkeypatch.setattr(Pipeline, "analyze", flaky)
    db = tmp_path / "s.db"
    result = run("ingest", paths.samples, "--db", db)
    assert result.exit_code == 1 and "simulated failure" in result.stderr
    monkeypatch.setattr(Pipeline, "analyze", original)
    stored = json.loads(run("stats", "--db", db, "--json").stdout)["documents"]
    assert stored == calls["n"] - 1
    # the failed document is absent, and a second run adds exactly it
    again = run("ingest", paths.samples, "--db", db)
    assert again.exit_code == 0 and "1 stored" in again.stderr


def test_search_show_and_stats(run, paths, tmp_path):
    db = tmp_path / "s.db"
    run("ingest", paths.samples, "--db", db)
    hits = [json.loads(line) for line in run("search", "Taschkent", "--db", db, "--json").stdout.splitlines()]
    doc_id = next(h["doc_id"] for h in hits if h["kind"] == "document")
    entities = [json.loads(line) for line in run("search", "Tokayev", "--db", db, "--json").stdout.splitlines()]
    assert any(h["kind"] == "entity" and h["id"] == "kassym-jomart-tokayev" for h in entities)
    shown = run("show", doc_id, "--db", db)
    assert shown.exit_code == 0 and "Entities" in shown.stdout
    assert run("show", "no-such-document", "--db", db).exit_code == 1
    assert run("stats", "--db", db).exit_code == 0


def test_missing_store_is_a_usage_error(run, tmp_path):
    assert run("stats", "--db", tmp_path / "absent.db").exit_code == 2


def test_evaluate_prints_scores(run, paths):
    result = run("evaluate", "--gold", paths.sample_gold, paths.samples, "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert set(report["sections"]) == {"entities", "events", "facts", "quotes"}
    assert 0 <= report["overall_f1"] <= 1


def test_export_formats_are_readable(run, paths, tmp_path):
    import csv
    import networkx

    db = tmp_path / "s.db"
    run("ingest", paths.samples, "--db", db)
    assert run("export", "--db", db, "--format", "graphml", "-o", tmp_path / "g.graphml").exit_code == 0
    assert networkx.read_graphml(tmp_path / "g.graphml").number_of_nodes() > 5
    assert run("export", "--db", db, "--format", "gexf", "-o", tmp_path / "g.gexf").exit_code == 0
    assert networkx.read_gexf(tmp_path / "g.gexf").number_of_nodes() > 5
    lines = run("export", "--db", db, "--format", "jsonl", "-o", "-").stdout.splitlines()
    assert lines and all(json.loads(line)["kind"] for line in lines)
    assert run("export", "--db", db, "--format", "csv", "-o", tmp_path / "tables").exit_code == 0
    with open(tmp_path / "tables" / "entities.csv", newline="", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) > 5


def test_ingest_with_workers_stores_what_one_process_stores(run, paths, tmp_path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert run("ingest", paths.samples, "--db", one).exit_code == 0
    assert run("ingest", paths.samples, "--db", two, "--workers", "2").exit_code == 0
    from silkgraph.store import open_store

    with open_store(str(one)) as a, open_store(str(two)) as b:
        assert a.document_ids() == b.document_ids()
        assert [a.get(i).to_json() for i in a.document_ids()] == [b.get(i).to_json() for i in b.document_ids()]
