"""The helpers stages share to read a sentence (silkgraph.stages.context)."""

from __future__ import annotations

import pytest

from silkgraph.components import default_pipeline
from silkgraph.doc import Doc
from silkgraph.model import Document
from silkgraph.stages.context import clause_bounds, parties, person_state, pick_timex, timexes_in, tokens_matching


@pytest.fixture(scope="module")
def prepared(kb):
    """prepare(text, published) -> a Doc with tokens, mentions and dates, as the events stage sees it."""
    pipeline = default_pipeline(kb)
    steps = [pipeline.get(name) for name in ("tokens", "entities", "dates")]

    def prepare(text: str, published: str = "2025-03-10") -> Doc:
        doc = Doc(Document(id="c", text=text, published=published, language="de"), kb)
        for step in steps:
            step(doc)
        return doc

    return prepare


def test_parties_bring_states_for_people_and_capitals_and_leave_out_news_agencies(prepared):
    doc = prepared("Nach einem Bericht von Xinhua empfing Tokajew den Gast aus Peking.")
    assert parties(doc, 0, len(doc.text)) == ["kassym-jomart-tokayev", "kazakhstan", "china"]
    assert parties(doc, 0, len(doc.text), types=("country",)) == ["kazakhstan", "china"]
    assert parties(doc, 0, len(doc.text), exclude={"kazakhstan"}) == ["kassym-jomart-tokayev", "china"]


def test_a_person_acts_for_the_state_of_the_office_held_at_the_publication_date(prepared):
    doc = prepared("Tokajew sprach.", published="2025-03-10")
    assert person_state(doc, "kassym-jomart-tokayev") == "kazakhstan"
    assert person_state(doc, "no-such-person") is None


def test_clause_bounds_stop_at_commas(prepared):
    doc = prepared("Im Jahr 2024, so hieß es, wuchs der Handel stark.")
    sentence = doc.sentences[0]
    grew = doc.tokens.texts.index("wuchs")
    start, end = clause_bounds(doc, sentence, grew)
    assert doc.text[start:end] == "wuchs der Handel stark."
    assert tokens_matching(doc, sentence.first_token, sentence.last_token, ["handel", "wuchs"]) == [grew, grew + 2]


def test_pick_timex_prefers_the_clause_then_earlier_and_skips_comparisons(prepared):
    doc = prepared("Im Jahr 2024 wuchs der Handel um zehn Prozent im Vergleich zu 2023.")
    sentence = doc.sentences[0]
    assert [t.value for t in timexes_in(doc, sentence.start, sentence.end)] == ["2024", "2023"]
    grew = doc.tokens.texts.index("wuchs")
    assert pick_timex(doc, sentence, grew, skip_after=("vergleich", "zu")).value == "2024"
    chosen = pick_timex(doc, sentence, doc.tokens.texts.index("Prozent"), skip_after=("vergleich", "zu"))
    assert chosen.value == "2024"  # the year after "im Vergleich zu" is a point of comparison
    assert pick_timex(doc, sentence, grew, skip_mods=("during", None)) is None
