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


def organisations(analysis):
    return {e.name for e in analysis.entities if e.type == "organization"}


@pytest.mark.parametrize(
    "text, name",
    [
        ("Analysts at the Eurasian Policy Center expect more trains.", "Eurasian Policy Center"),
        ("The contract went to Steppe Logistics LLP last week.", "Steppe Logistics LLP"),
        ("Die Nordwind Energie AG liefert Turbinen.", "Nordwind Energie AG"),
    ],
)
def test_organisation_by_its_type_word_or_legal_form(analyze, text, name):
    language = "de" if text.startswith("Die") else "en"
    assert name in organisations(analyze(text, published="2025-03-01", language=language))


def test_a_body_of_a_known_organisation_is_no_new_organisation(analyze):
    analysis = analyze("The SCO Business Center met in Astana.", published="2025-03-01", language="en")
    assert "shanghai-cooperation-organisation" in {e.id for e in analysis.entities}
    assert "SCO Business Center" not in organisations(analysis)


def test_a_region_in_an_organisations_name_is_no_mention_of_the_region(analyze):
    analysis = analyze("Asia-Plus reported that trade grew.", published="2025-03-01", language="en")
    assert "asia" not in {e.id for e in analysis.entities}


@pytest.mark.parametrize(
    "language, text, name",
    [
        ("en", "The plan was backed by Valentina Korsakova in Brussels.", "Valentina Korsakova"),
        ("en", "Tomas Verhoeven said the corridor would open in spring.", "Tomas Verhoeven"),
        ("de", "Laut Annika Lindqvist wächst der Handel weiter.", "Annika Lindqvist"),
    ],
)
def test_given_name_and_a_surname_make_a_person_without_a_cue(analyze, language, text, name):
    assert name in people(analyze(text, published="2025-03-01", language=language))


@pytest.mark.parametrize(
    "text",
    [
        "The Paris Agreement was discussed near Victoria Station.",
        "Farmers in the Jordan Valley asked for water.",
        "May Day parades were held across the region.",
    ],
)
def test_given_names_before_ordinary_words_make_no_person(analyze, text):
    assert people(analyze(text, published="2025-03-01", language="en")) == set()
