"""People outside the knowledge base found from the grammar around their names."""

import pytest


def people(analysis):
    return {e.name for e in analysis.entities if e.type == "person"}


@pytest.mark.parametrize(
    "text, name",
    [
        ("The talks were led by Timur Abenov, who heads the transit committee.", "Timur Abenov"),
        ("Officials met Dilnoza Rakhimova, whose agency runs the corridor.", "Dilnoza Rakhimova"),
    ],
)
def test_english_who_clause_marks_a_person(analyze, text, name):
    assert name in people(analyze(text, published="2025-03-01", language="en"))


def test_who_after_a_known_entity_adds_nobody(analyze):
    analysis = analyze("The deal pleased Kazakhstan, who had asked for it.", published="2025-03-01", language="en")
    assert people(analysis) == set()


def test_german_compound_office_after_the_name(analyze):
    analysis = analyze("Es sprach Marta Nowak, EU-Kommissarin für Handel, über Zölle.", published="2025-03-01")
    assert "Marta Nowak" in people(analysis)
