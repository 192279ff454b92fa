"""`silkgraph show`, `stats` and `export -o` as a user reads them: evidence and links, a
table, and a clear word on what csv writes."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from silkgraph.cli import main
from silkgraph.report import plain


@pytest.fixture(scope="module")
def db(tmp_path_factory, paths):
    path = tmp_path_factory.mktemp("cli") / "s.db"
    result = CliRunner().invoke(main, ["ingest", str(paths.samples), "--db", str(path), "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_show_prints_evidence_and_the_links_of_each_item(db):
    result = run("show", "samarkand-eu-summit", "--db", db, "--base-url", "http://analyst.example:8000/")
    assert result.exit_code == 0
    out = result.output
    assert "document http://analyst.example:8000/documents/samarkand-eu-summit" in out
    events = re.findall(
        r"^    event (\S+)  http://analyst.example:8000/events/(\S+)  \(API http://analyst.example:8000/api/events/(\S+)\)$",
        out,
        re.M,
    )
    assert events and all(a == b == c for a, b, c in events)
    facts = re.findall(r"^    fact (\S+)  http://analyst.example:8000/facts/\1 ", out, re.M)
    assert facts
    # each event and fact is followed by the sentence it was found in
    evidence = re.findall(r"^    »(.+)«$", out, re.M)
    analysis = json.loads(run("show", "samarkand-eu-summit", "--db", db, "--json").output)
    text = analysis["document"]["text"]
    assert len(evidence) == len(analysis["events"]) + len(analysis["facts"])
    assert all(" ".join(text.split()).find(e.rstrip("…")) >= 0 for e in evidence)


def test_show_ids_open_in_the_api(db, kb):
    from fastapi.testclient import TestClient

    from silkgraph.web.app import create_app

    out = run("show", "samarkand-eu-summit", "--db", db).output
    paths = re.findall(r"\(API http://127\.0\.0\.1:8000(/api/\S+)\)", out)
    assert paths
    with TestClient(create_app(str(db), kb=kb)) as client:
        for path in paths:
            assert client.get(path).status_code == 200, path


def test_terminal_output_drops_control_characters():
    assert plain("Title\x1b[31m red\x07\nnext", None) == "Title [31m red next"
    assert plain("a " * 200, 20).endswith("…")


def test_stats_prints_a_table_and_json(db):
    table = run("stats", "--db", db).output.splitlines()
    rows = {line.split()[0]: line for line in table}
    for kind in ("documents", "entities", "mentions", "events", "facts", "quotes", "languages", "published"):
        assert kind in rows, kind
    counts = json.loads(run("stats", "--db", db, "--json").output)
    assert rows["documents"].split()[-1] == f"{counts['documents']:,}"
    number_columns = {
        line.rindex(line.split()[-1]) + len(line.split()[-1])
        for k, line in rows.items()
        if k in counts and isinstance(counts[k], int)
    }
    assert len(number_columns) == 1  # the numbers end in one column
    assert "{" not in "\n".join(table)  # no Python dict printed


def test_export_to_a_csv_name_says_csv_writes_a_folder(db, tmp_path):
    refused = run("export", "--db", db, "--format", "csv", "-o", tmp_path / "out.csv")
    assert refused.exit_code == 2 and "folder" in refused.output and "out.zip" in refused.output
    assert not (tmp_path / "out.csv").exists()
    written = run("export", "--db", db, "--format", "csv", "-o", tmp_path / "tables")
    assert (
        written.exit_code == 0 and "the folder" in written.stderr and (tmp_path / "tables" / "entities.csv").is_file()
    )
    zipped = run("export", "--db", db, "--format", "csv", "-o", tmp_path / "tables.zip")
    assert zipped.exit_code == 0 and (tmp_path / "tables.zip").is_file() and "folder" not in zipped.stderr
