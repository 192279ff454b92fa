"""Direct quotes in German and English quotation styles, attributed to their speaker."""

import pytest

LEAD_DE = "Kasachstans Präsident Kassym-Schomart Tokajew sprach in Astana. "
LEAD_EN = "Kazakhstan's President Kassym-Jomart Tokayev spoke in Astana. "


@pytest.mark.parametrize("text", [
    LEAD_DE + "„Wir öffnen unsere Märkte für alle Partner“, sagte Tokajew.",
    LEAD_DE + "„Wir öffnen unsere Märkte für alle Partner“, so Tokajew.",
    LEAD_DE + "»Wir öffnen unsere Märkte für alle Partner«, erklärte Tokajew.",
    LEAD_DE + "Tokajew betonte: „Wir öffnen unsere Märkte für alle Partner.“",
    LEAD_DE + "Er erklärte: „Wir öffnen unsere Märkte für alle Partner.“",
    LEAD_DE + "„Wir öffnen unsere Märkte für alle Partner“, sagte er wörtlich.",
])
def test_german_quote_styles(analyze, text):
    quotes = analyze(text, published="2025-03-01").quotes
    assert len(quotes) == 1
    quote = quotes[0]
    assert quote.speaker == "kassym-jomart-tokayev"
    assert quote.text.startswith("Wir öffnen unsere Märkte für alle Partner")
    assert text[quote.start:quote.end] == quote.text


@pytest.mark.parametrize("text", [
    LEAD_EN + "“We open our markets to all partners,” Tokayev said.",
    LEAD_EN + "\"We open our markets to all partners,\" said Tokayev.",
    LEAD_EN + "“We open our markets to all partners,” he said.",
    LEAD_EN + "Tokayev said: “We open our markets to all partners.”",
])
def test_english_quote_styles(analyze, text):
    quotes = analyze(text, published="2025-03-01", language="en").quotes
    assert [q.speaker for q in quotes] == ["kassym-jomart-tokayev"]
    assert quotes[0].text.startswith("We open our markets to all partners")


def test_scare_quotes_and_unattributed_quotes_are_not_speech(analyze):
    text = ("Die Gespräche basierten auf einem „permanenten Gremium“. "
            "Ein Sprecher nannte das Projekt „eine Brücke zwischen Ost und West für alle“.")
    assert analyze(text, published="2025-03-01").quotes == []
