"""The scorer behind `silkgraph evaluate` (silkgraph.evaluation)."""

from __future__ import annotations

import json

import pytest

from silkgraph.evaluation import evaluate, format_report

GOLD = {
    "document": {"id": "g1", "published": "2025-03-10", "language": "de"},
    "entities": [
        {"name": "Kazakhstan", "type": "country", "aliases": ["Kasachstan"], "wikidata": "Q232"},
        {"name": "China", "type": "country", "wikidata": "Q148"},
        {"name": "Astana", "type": "place"},
        {"name": "Some Newspaper", "type": "other"},
    ],
    "events": [{"type": "summit", "date": "2025-03-08", "place": "Astana", "participants": ["Kazakhstan", "China"]}],
    "facts": [
        {"type": "trade_volume", "value": 4.1e10, "unit": "USD", "period": "2024", "subjects": ["Kazakhstan", "China"]},
        {"type": "count", "value": 12, "unit": "agreements", "optional": True},
    ],
    "quotes": [{"speaker": "Kazakhstan", "text": "Wir sind Nachbarn und bleiben es für immer"}],
}


def entity(id_: str, name: str, type_: str, wikidata: str | None = None) -> dict:
    return {"id": id_, "name": name, "type": type_, "wikidata": wikidata, "mentions": []}


PREDICTED = {
    "document": {"id": "g1"},
    "entities": [
        entity("kazakhstan", "Kasachstan", "country", "Q232"),
        entity("china", "China", "country"),
        entity("astana", "Astana", "place"),
        entity("tass", "TASS", "organization"),
    ],
    "events": [{"type": "meeting", "date": "2025-03-09", "place": "astana", "participants": ["kazakhstan", "china"]}],
    "facts": [
        {"type": "trade_volume", "value": 4.12e10, "unit": "USD", "period": "2024", "subjects": ["china", "kazakhstan"]}
    ],
    "quotes": [{"speaker": "kazakhstan", "text": "Wir sind Nachbarn und bleiben es"}],
}


@pytest.fixture
def gold_dir(tmp_path):
    (tmp_path / "g1.json").write_text(json.dumps(GOLD), encoding="utf-8")
    return tmp_path


def test_items_that_agree_are_found_and_extra_ones_are_spurious(gold_dir):
    report = evaluate(gold_dir, {"g1": PREDICTED})
    entities = report.sections["entities"]
    assert (entities.tp, entities.fn, entities.fp) == (3, 0, 1)  # TASS was not in the gold; "other" is not scored
    for section in ("events", "facts", "quotes"):  # a meeting is a summit's family, a day apart, 0.5 % off
        score = report.sections[section]
        assert (score.tp, score.fn, score.fp) == (1, 0, 0), section
    assert report.missing_predictions == []


def test_items_that_disagree_are_missed(gold_dir):
    wrong = dict(
        PREDICTED,
        events=[dict(PREDICTED["events"][0], type="agreement")],
        facts=[dict(PREDICTED["facts"][0], value=5e10)],
        quotes=[{"speaker": "china", "text": "Wir sind Nachbarn und bleiben es"}],
    )
    report = evaluate(gold_dir, {"g1": wrong})
    for section in ("events", "facts", "quotes"):
        score = report.sections[section]
        assert (score.tp, score.fn, score.fp) == (0, 1, 1), section
        assert score.precision == score.recall == score.f1 == 0.0


def test_a_missing_prediction_is_reported_and_scores_nothing(gold_dir):
    report = evaluate(gold_dir, {})
    assert report.missing_predictions == ["g1"]
    assert report.sections["entities"].recall == 0.0 and report.sections["entities"].fn == 3
    text = format_report(report, verbose=True)
    assert "g1: no prediction" in text and "g1 entities MISSED" in text and "overall F1 0.000" in text
    assert json.loads(json.dumps(report.to_json()))["documents"] == 1
