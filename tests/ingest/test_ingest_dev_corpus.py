"""The scraped dev articles: dates, furniture, first sentences (skipped without the shared corpus)."""

import json
from pathlib import Path

import pytest

from silkgraph.ingest import Skipped, read_inputs
from silkgraph.model import Analysis

SHARED = Path(__file__).resolve().parents[3] / "shared"  # beside the project checkout
DEV = SHARED / "corpus" / "dev"
SCHEMA = SHARED / "spec" / "analysis.schema.json"

pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="shared dev corpus not available")

EXPECTED_DATES = {
    "seed-000": "2025-05",
    "seed-001": "2025-01-15",
    "seed-002": "2024-07",
    "seed-003": None,
    "seed-004": "2025-11-10",
}
FURNITURE = (
    "Schreibe einen Kommentar",
    "Ähnliche Artikel",
    "Kurze Werbeeinblendung",
    "Zurück zum Anfang",
    "Quelle/Referenz",
    "Quelle:",
    "E-Mail-Adresse",
    "ots.at",
    "MedienWirtschaft",
    " date ",
)


@pytest.fixture(scope="module")
def docs():
    items = list(read_inputs([str(DEV)]))
    assert not [i for i in items if isinstance(i, Skipped)]
    return {d.id: d for d in items}


def test_dates(docs):
    assert {k: d.published for k, d in docs.items()} == EXPECTED_DATES


def test_language_and_source(docs):
    for doc_id, doc in docs.items():
        assert doc.language == "de"
        assert doc.source == str(DEV / f"{doc_id}.txt")


def test_no_furniture(docs):
    for doc in docs.values():
        for marker in FURNITURE:
            assert marker not in doc.text, (doc.id, marker)


def test_first_sentences_kept(docs):
    assert docs["seed-000"].text.startswith("In Almaty verhandeln Chinas Diplomaten")
    assert docs["seed-002"].text.startswith("In Kasachstans Hauptstadt kommen")
    assert docs["seed-004"].text.startswith("Beim C5+1-Gipfel in Washington")


def test_trailing_credits_dropped(docs):
    assert not docs["seed-000"].text.endswith("aro.")
    assert not docs["seed-004"].text.endswith("DAZ")
    assert docs["seed-004"].text.endswith("langfristig stärken.")


def test_kicker_and_title(docs):
    seed1 = docs["seed-001"]
    assert seed1.title == "China stärkt Sicherheitskooperation mit Zentralasien"
    assert seed1.text.startswith("Chinas erster Ministergipfel")
    assert not seed1.text.startswith("Politik")
    assert docs["seed-003"].text.startswith("China und Kasachstan stärken Beziehungen")


def test_every_paragraph_of_the_body_survives(docs):
    for path in sorted(DEV.glob("*.txt")):
        doc = docs[path.stem]
        raw = path.read_text(encoding="utf-8")
        for line in raw.splitlines():
            if len(line.split()) >= 25:  # body paragraphs; the date marker may lead the first
                assert line.replace(" date ", "").split(" ", 2)[-1] in doc.text


def test_documents_fit_the_analysis_schema(docs):
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip("analysis schema not available")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    for doc in docs.values():
        jsonschema.validate(Analysis(document=doc).to_json(), schema)
