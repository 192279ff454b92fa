"""Entities and quotes on the fresh articles vo-* (tests/data/fresh): short news written for the
project whose speakers, companies and places are mostly outside the knowledge base, quoted in the
attribution styles of each language. The floors are the figures measured when they were written
into the project, less 0.01; a change that loses names or speakers on text it was not written for
fails here."""

from pathlib import Path

import pytest

from silkgraph.evaluation import evaluate
from silkgraph.ingest import read_inputs
from silkgraph.model import Document

FRESH = Path(__file__).resolve().parents[1] / "data" / "fresh"
FLOORS = {
    "de": {"entities": 0.95, "quotes": 0.99},
    "en": {"entities": 0.95, "quotes": 0.99},
    "ru": {"entities": 0.91, "quotes": 0.99},
}


@pytest.mark.parametrize("language", sorted(FLOORS))
def test_names_and_speakers_on_fresh_articles(pipeline, tmp_path, language):
    paths = sorted(str(p) for p in (FRESH / "corpus").glob(f"vo-{language}-*.md"))
    documents = [d for d in read_inputs(paths) if isinstance(d, Document)]
    assert len(documents) == len(paths) >= 4
    gold = tmp_path / "gold"
    gold.mkdir()
    for p in (FRESH / "gold").glob(f"vo-{language}-*.json"):
        (gold / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    predictions = {d.id: pipeline.analyze(d).to_json() for d in documents}
    report = evaluate(gold, predictions)
    assert not report.missing_predictions
    for section, floor in FLOORS[language].items():
        assert report.sections[section].f1 >= floor, (section, report.sections[section].f1)
