"""Quantitative facts typed by their cue words, with subjects, period, qualifier and modality."""


def only(analysis, ftype):
    facts = [f for f in analysis.facts if f.type == ftype]
    assert len(facts) == 1, analysis.facts
    return facts[0]


def test_trade_volume_with_year_and_parties(analyze):
    text = "Im Jahr 2022 erreichte das Handelsvolumen zwischen China und Zentralasien 70 Milliarden US-Dollar."
    fact = only(analyze(text, published="2025-05"), "trade_volume")
    assert (fact.value, fact.unit, fact.period) == (70e9, "USD", "2022")
    assert {"china", "central-asia"} <= set(fact.subjects)


def test_growth_takes_the_quarter_not_the_comparison_year(analyze):
    text = ("Der Handel zwischen Kasachstan und China wuchs im ersten Quartal 2023 um 22 Prozent "
            "im Vergleich zum Vorjahr.")
    fact = only(analyze(text, published="2025-05"), "trade_growth")
    assert (fact.value, fact.unit, fact.period) == (22, "%", "2023-Q1")


def test_deal_value_with_qualifier(analyze):
    text = "Während des Gipfels wurden Verträge zwischen kasachischen und US-Unternehmen im Wert von über 17 Milliarden US-Dollar abgeschlossen."
    fact = only(analyze(text, published="2025-11-10"), "deal_value")
    assert (fact.value, fact.qualifier) == (17e9, "over")
    assert {"kazakhstan", "united-states"} <= set(fact.subjects)


def test_verb_qualifier_and_relative_year(analyze):
    text = "Kasachstan und China: Im vergangenen Jahr überstieg der gegenseitige Handelsumsatz 41 Milliarden US-Dollar."
    fact = only(analyze(text, published="2024-07"), "trade_volume")
    assert (fact.value, fact.period, fact.qualifier) == (41e9, "2023", "over")


def test_count_takes_publication_date_and_context_subjects(analyze):
    text = ("Kasachstan und China bauen ihre Zusammenarbeit aus. "
            "Derzeit werden 45 gemeinsame Investitionsprojekte umgesetzt.")
    fact = only(analyze(text, published="2024-07"), "count")
    assert (fact.value, fact.unit, fact.period) == (45, "projects", "2024-07")
    assert {"kazakhstan", "china"} <= set(fact.subjects)


def test_target_modality(analyze):
    text = "Kazakhstan and Azerbaijan want to double trade to 1 billion dollars by 2026."
    fact = only(analyze(text, published="2024-11-20", language="en"), "trade_volume")
    assert fact.modality == "target"


def test_english_investment(analyze):
    text = "Kazakhstan Temir Zholy will invest $1.5 billion in the Port of Aktau by 2027."
    fact = only(analyze(text, published="2024-11-20", language="en"), "investment")
    assert (fact.value, fact.unit) == (1.5e9, "USD")


def test_repeated_figure_is_one_fact(analyze):
    text = ("Die Verträge im Wert von über 17 Milliarden US-Dollar wurden gelobt. "
            "Kasachstan und die USA schlossen Verträge im Wert von über 17 Milliarden US-Dollar.")
    assert len([f for f in analyze(text, published="2025-11-10").facts if f.type == "deal_value"]) == 1
