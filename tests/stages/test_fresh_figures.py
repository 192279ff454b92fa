"""Facts, quotes, names and events on the fresh articles (tests/data/fresh): short news written for the project
on topics and in styles the development corpora lack. The floors are the measured figures less a
little; a change that loses figures on text it was not written for fails here."""

import json
import re
import unicodedata
from pathlib import Path

import pytest

from silkgraph.evaluation import evaluate
from silkgraph.ingest import read_inputs
from silkgraph.model import Document

FRESH = Path(__file__).resolve().parents[1] / "data" / "fresh"
# Measured: facts F1 1.0 in each language, quotes F1 de 1.0, en 0.8, ru 0.889 (the quotes missed
# are of speakers the recogniser does not know).
FLOORS = {
    "de": {"facts": 0.97, "quotes": 0.97},
    "en": {"facts": 0.97, "quotes": 0.78},
    "ru": {"facts": 0.97, "quotes": 0.87},
}


# The fa2-* articles: figures of flows that trade and investment cues do not name (migration,
# remittances, tourism, students, energy, grain). Measured facts F1: de 0.978, en 0.936, ru 1.0.
FLOW_FLOORS = {
    "de": {"facts": 0.96},
    "en": {"facts": 0.92},
    "ru": {"facts": 0.99},
}


# The vo-* articles: speakers, companies and places mostly outside the knowledge base, quoted in the
# attribution styles of each language. Floors: the figures measured when they were written in, less 0.01.
NAME_FLOORS = {
    "de": {"entities": 0.95, "quotes": 0.99},
    "en": {"entities": 0.95, "quotes": 0.99},
    "ru": {"entities": 0.91, "quotes": 0.99},
}


@pytest.mark.parametrize("language", sorted(FLOORS))
def test_figures_and_quotes_on_fresh_articles(pipeline, tmp_path, language):
    _check(pipeline, tmp_path, f"fa-{language}-*", FLOORS[language])


@pytest.mark.parametrize("language", sorted(FLOW_FLOORS))
def test_figures_of_flows_on_fresh_articles(pipeline, tmp_path, language):
    _check(pipeline, tmp_path, f"fa2-{language}-*", FLOW_FLOORS[language])


@pytest.mark.parametrize("language", sorted(NAME_FLOORS))
def test_names_and_speakers_on_fresh_articles(pipeline, tmp_path, language):
    _check(pipeline, tmp_path, f"vo-{language}-*", NAME_FLOORS[language])


def _check(pipeline, tmp_path, pattern, floors):
    """Score the fresh articles whose names match `pattern` and hold each section to its floor."""
    paths = sorted(str(p) for p in (FRESH / "corpus").glob(f"{pattern}.md"))
    documents = [d for d in read_inputs(paths) if isinstance(d, Document)]
    assert len(documents) == len(paths) >= 4
    gold = tmp_path / "gold"
    gold.mkdir()
    for p in (FRESH / "gold").glob(f"{pattern}.json"):
        (gold / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    predictions = {d.id: pipeline.analyze(d).to_json() for d in documents}
    report = evaluate(gold, predictions)
    assert not report.missing_predictions
    for section, floor in floors.items():
        assert report.sections[section].f1 >= floor, (section, report.sections[section].f1)


# Events on the ev2-* articles (written for events and dates, gold before the first run). Measured at
# the end: events F1 de 0.966, en 0.941, ru 0.968; participants precision de 0.93, en 0.96, ru 0.87;
# exact dates 1.00 in each. First run, before the rules they were a check of: events 0.857 / 0.909 /
# 0.933, participants precision 0.89 / 0.87 / 0.69, exact dates 1.00 / 0.80 / 0.93.
# English participants: 0.96 on the event rules alone, 0.90 since names outside the knowledge base are
# recognised (a deputy minister now found is also named in a visit he did not make).
EVENT_FLOORS = {
    "de": {"events": 0.95, "participants": 0.92, "dates": 0.99},
    "en": {"events": 0.93, "participants": 0.89, "dates": 0.99},
    "ru": {"events": 0.95, "participants": 0.86, "dates": 0.99},
}


@pytest.mark.parametrize("language", sorted(EVENT_FLOORS))
def test_events_on_fresh_articles(pipeline, tmp_path, language):
    paths = sorted(str(p) for p in (FRESH / "corpus").glob(f"ev2-{language}-*.md"))
    documents = [d for d in read_inputs(paths) if isinstance(d, Document)]
    assert len(documents) == len(paths) >= 4
    gold = tmp_path / "gold"
    gold.mkdir()
    for p in (FRESH / "gold").glob(f"ev2-{language}-*.json"):
        (gold / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    predictions = {d.id: pipeline.analyze(d).to_json() for d in documents}
    report = evaluate(gold, predictions)
    floors = EVENT_FLOORS[language]
    assert report.sections["events"].f1 >= floors["events"], report.sections["events"].f1
    right = named = exact = dated = 0
    for path in sorted(gold.glob("*.json")):
        truth, predicted = json.loads(path.read_text(encoding="utf-8")), predictions[path.stem]
        names = _gold_names(truth)
        entity_names = {e["id"]: _folded(e["name"]) for e in predicted["entities"]}
        for gold_index, pred_index in report.event_matches.get(path.stem, []):
            owed, event = truth["events"][gold_index], predicted["events"][pred_index]
            owed_keys = set().union(*(names.get(_folded(n), {_folded(n)}) for n in owed["participants"]))
            named += len(event["participants"])
            right += sum(entity_names.get(p, p) in owed_keys for p in event["participants"])
            if owed.get("date"):
                dated += 1
                exact += event["date"] == owed["date"]
    assert right / named >= floors["participants"], (right, named)
    assert exact / dated >= floors["dates"], (exact, dated)


def _folded(name: str) -> str:
    """A name as the scorer compares names: accents off, lower case, words only."""
    text = unicodedata.normalize("NFKD", name.replace("ß", "ss"))
    return " ".join(re.sub(r"[\W_]+", " ", "".join(c for c in text if not unicodedata.combining(c)).lower()).split())


def _gold_names(truth: dict) -> dict[str, set[str]]:
    """Every folded name or alias of a gold entity, to all the names of that entity."""
    names: dict[str, set[str]] = {}
    for entity in truth["entities"]:
        forms = {_folded(entity["name"])} | {_folded(a) for a in entity.get("aliases", [])}
        for form in forms:
            names.setdefault(form, set()).update(forms)
    return names
