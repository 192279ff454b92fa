"""Recognition and linking of knowledge-base entities, German inflection included."""

import pytest


def ids(analysis):
    return {e.id for e in analysis.entities}


def mention_texts(analysis, entity_id):
    return [m.text for e in analysis.entities if e.id == entity_id for m in e.mentions]


@pytest.mark.parametrize(
    "text, entity_id, surface",
    [
        ("Die Rolle Kasachstans wächst.", "kazakhstan", "Kasachstans"),
        ("Die Wirtschaft Zentralasiens wächst.", "central-asia", "Zentralasiens"),
        ("Tokajews Besuch war kurz.", "kassym-jomart-tokayev", "Tokajews"),
        ("Die kasachische Regierung tagte.", "kazakhstan", "kasachische"),
        ("Mit chinesischen Firmen wurde verhandelt.", "china", "chinesischen"),
        ("Die usbekischen Behörden stimmten zu.", "uzbekistan", "usbekischen"),
        ("Die zentralasiatischen Staaten trafen sich.", "central-asia", "zentralasiatischen"),
        ("Ein US-amerikanisches Unternehmen investiert.", "united-states", "US-amerikanisches"),
        ("Verträge mit US-Unternehmen wurden geschlossen.", "united-states", "US"),
        ("Die Kasachen feierten.", "kazakhstan", "Kasachen"),
    ],
)
def test_german_inflection_and_derivation(analyze, text, entity_id, surface):
    analysis = analyze(text, published="2025-01-10")
    assert surface in mention_texts(analysis, entity_id)


def test_hyphenated_compound_names_the_format_and_its_parts(analyze):
    analysis = analyze("Der China-Zentralasien-Gipfel fand statt.", published="2025-01-10")
    assert "china-central-asia-summit" in ids(analysis)
    assert {"china", "central-asia"} <= ids(analysis)


def test_dash_variants_match_the_same_project(analyze):
    for dash in ("–", "-", "—"):
        analysis = analyze(
            f"Die Bahnstrecke China{dash}Kirgisistan{dash}Usbekistan wird gebaut.", published="2025-01-10"
        )
        assert "china-kyrgyzstan-uzbekistan-railway" in ids(analysis)
        assert {"china", "kyrgyzstan", "uzbekistan"} <= ids(analysis)


def test_acronyms_match_only_in_capitals(analyze):
    assert "united-states" in ids(analyze("The US and Kazakhstan agreed.", language="en"))
    assert "united-states" not in ids(analyze("Let us talk about Kazakhstan.", language="en"))


def test_mention_offsets_point_at_their_text(analyze):
    text = "Kasachstans Präsident Kassym-Schomart Tokajew empfing Chinas Staatschef Xi Jinping in Astana."
    analysis = analyze(text, published="2024-07-02")
    for entity in analysis.entities:
        for m in entity.mentions:
            assert text[m.start : m.end] == m.text


def test_metonymy_keeps_capitals_as_places(analyze):
    text = "Kasachstan gestaltet seine Politik zwischen Washington, Moskau und Peking."
    analysis = analyze(text, published="2025-11-10")
    types = {e.id: e.type for e in analysis.entities}
    assert types.get("moscow") == "place" and types.get("beijing") == "place"


def test_cyrillic_names_match_their_transliterated_aliases(analyze):
    text = "Президент Казахстана Касым-Жомарт Токаев встретился с Путиным."
    analysis = analyze(text, published="2024-10-01", language="ru")
    assert {"kazakhstan", "kassym-jomart-tokayev", "vladimir-putin"} <= ids(analysis)
