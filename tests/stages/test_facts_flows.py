"""Figures of flows between the parties that are no trade, deal or investment: people who go abroad to
work, study or visit (counts), money migrants send home and what visitors spend (`other`), the growth
of such flows, and the forms around them (bare counts, ranges, values, figures of one economy)."""

import pytest


def facts_of(analysis, ftype):
    return [f for f in analysis.facts if f.type == ftype]


def values(analysis, ftype):
    return sorted(f.value for f in facts_of(analysis, ftype))


@pytest.mark.parametrize(
    "language, text",
    [
        ("de", "Im vergangenen Jahr arbeiteten rund 800.000 kirgisische Staatsbürger in Russland."),
        ("de", "Seit Januar kamen 4.100 Pflegekräfte aus Usbekistan nach Deutschland."),
        ("en", "Some 230,000 Kyrgyz migrants returned from Russia last year."),
        ("en", "About 5,000 students from Turkmenistan study at Belarusian universities."),
        ("ru", "В прошлом году в Казахстан на работу выехали около 60 тыс. граждан Кыргызстана."),
        ("ru", "В российских вузах обучаются 31 тыс. студентов из Узбекистана."),
        ("ru", "Число граждан Таджикистана, въехавших в Россию в январе, составило 60 тыс. человек."),
        ("de", "Im Mai erhielten 800.000 Usbeken eine Arbeitserlaubnis in Südkorea."),
    ],
)
def test_people_going_between_the_parties_are_counted(analyze, language, text):
    facts = facts_of(analyze(text, published="2025-03-03", language=language), "count")
    assert len(facts) == 1, facts
    assert facts[0].value in (800_000, 4_100, 230_000, 5_000, 60_000, 31_000)
    assert len(facts[0].subjects) >= 2


@pytest.mark.parametrize(
    "language, text",
    [
        ("de", "Kirgisistan zählt inzwischen 7,2 Millionen Menschen."),
        ("en", "The floods in Kazakhstan left 3,000 people without shelter."),
        ("ru", "Население Таджикистана превысило 10 млн человек."),
        ("en", "Kazakhstan's universities have 600,000 students."),
        ("de", "An den Hochschulen Usbekistans sind 1,1 Millionen Studierende."),
    ],
)
def test_people_not_going_anywhere_are_no_figure(analyze, language, text):
    assert facts_of(analyze(text, published="2025-03-03", language=language), "count") == []


@pytest.mark.parametrize(
    "language, text, value",
    [
        ("de", "Die Rücküberweisungen aus Russland nach Tadschikistan stiegen 2024 auf 3,8 Mrd. Dollar.", 3.8e9),
        ("en", "Remittances from Russia to Kyrgyzstan reached $2.6 billion in 2024.", 2.6e9),
        ("ru", "Объем денежных переводов из России в Узбекистан в 2024 году составил 9,7 млрд долларов.", 9.7e9),
    ],
)
def test_remittances_are_other_figures_with_their_year(analyze, language, text, value):
    analysis = analyze(text, published="2025-03-03", language=language)
    (fact,) = facts_of(analysis, "other")
    assert (fact.value, fact.unit, fact.period) == (value, "USD", "2024")
    assert facts_of(analysis, "investment") == facts_of(analysis, "trade_volume") == []


def test_what_visitors_spend_is_tourism_not_investment(analyze):
    analysis = analyze(
        "Chinese tourists spent $310 million in Kazakhstan in 2024.", published="2025-03-03", language="en"
    )
    assert values(analysis, "other") == [310e6]
    assert facts_of(analysis, "investment") == []


def test_a_cue_of_investment_beats_one_of_tourism_in_its_clause(analyze):
    text = "Turkey's investment in Uzbekistan's tourism sector reached $400 million in 2024."
    analysis = analyze(text, published="2025-03-03", language="en")
    assert values(analysis, "investment") == [400e6]


@pytest.mark.parametrize(
    "language, text, value",
    [
        ("de", "2024 reisten 310.000 Touristen aus Indien nach Usbekistan, 22 Prozent mehr als im Vorjahr.", 22),
        ("en", "Remittances from Russia to Tajikistan rose 14% in 2024.", 14),
        ("ru", "Поток туристов из Китая в Кыргызстан в 2024 году вырос на 40%.", 40),
    ],
)
def test_growth_of_another_flow_is_other_not_trade_growth(analyze, language, text, value):
    analysis = analyze(text, published="2025-03-03", language=language)
    assert [f.value for f in facts_of(analysis, "other") if f.unit == "%"] == [value]
    assert facts_of(analysis, "trade_growth") == []


@pytest.mark.parametrize(
    "language, text, value",
    [
        ("en", "The number of Uzbek migrants in Russia fell to 1,100,000 in 2024.", 1_100_000),
        ("de", "Die Zahl der usbekischen Touristen in Kasachstan stieg 2024 auf 620.000.", 620_000),
        ("ru", "Число трудовых мигрантов из Таджикистана в России в 2024 году сократилось до 420 тыс.", 420_000),
    ],
)
def test_the_number_of_names_what_a_bare_number_counts(analyze, language, text, value):
    (fact,) = facts_of(analyze(text, published="2025-03-03", language=language), "count")
    assert (fact.value, fact.period) == (value, "2024")


def test_the_items_of_an_enumerated_count_are_counts_of_that_kind(analyze):
    text = "За год за рубеж выехали 500 тыс. граждан Таджикистана, из них 410 тыс. — в Россию и 60 тыс. — в Казахстан."
    analysis = analyze(text, published="2025-03-03", language="ru")
    assert values(analysis, "count") == [60_000, 410_000, 500_000]


def test_statistics_of_a_flow_share_the_period_of_the_one_dated_before(analyze):
    text = (
        "In 2024 Kazakhstan welcomed 870,000 visitors from China. "
        "Tourism receipts from Chinese travellers amounted to $650 million."
    )
    analysis = analyze(text, published="2025-03-03", language="en")
    (fact,) = facts_of(analysis, "other")
    assert (fact.value, fact.period) == (650e6, "2024")


@pytest.mark.parametrize(
    "language, text, value, ftype",
    [
        (
            "en",
            "Kazakhstan shipped 700,000 tonnes of flour to Afghanistan in the 2024/25 season, worth about $180 million.",
            180e6,
            "trade_volume",
        ),
        (
            "de",
            "Usbekistan lieferte im ersten Halbjahr 2025 insgesamt 90.000 Tonnen Baumwollgarn nach China im Wert von 210 Mio. Dollar.",
            210e6,
            "trade_volume",
        ),
        ("en", "The two companies signed an agreement worth $75 million.", 75e6, "deal_value"),
    ],
)
def test_a_value_word_takes_the_kind_of_its_sentence(analyze, language, text, value, ftype):
    analysis = analyze(text, published="2025-09-03", language=language)
    assert values(analysis, ftype) == [value], analysis.facts


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "Kazakhstan and China signed deals worth $120 million. Kazakhstan's GDP per capita is $13,000."),
        (
            "ru",
            "Стороны подписали соглашения на 300 млн долларов. Средняя зарплата в Таджикистане составляет 250 долларов.",
        ),
        (
            "de",
            "Die Partner schlossen Verträge über 80 Mio. Euro. Das Bruttoinlandsprodukt pro Kopf Kirgisistans liegt bei 2.000 Euro.",
        ),
    ],
)
def test_figures_of_one_economy_are_no_figures_of_the_relations(analyze, language, text):
    analysis = analyze(text, published="2025-09-03", language=language)
    assert len(analysis.facts) == 1, analysis.facts


def test_a_month_is_no_word_of_modality(analyze):
    text = "Trade between Uzbekistan and Turkey grew 9% in January-May."
    (fact,) = facts_of(analyze(text, published="2025-06-20", language="en"), "trade_growth")
    assert (fact.modality, fact.period) == ("reported", "2025")


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "Net inflows of money transfers to Tajikistan reached $4.1 billion in 2024."),
        ("de", "Der Zufluss an Geldsendungen nach Kirgisistan belief sich 2024 auf 2,7 Mrd. Dollar."),
        ("ru", "Приток денежных переводов в Кыргызстан в 2024 году составил 2,7 млрд долларов."),
    ],
)
def test_a_word_of_money_flowing_in_takes_the_kind_of_what_flows(analyze, language, text):
    analysis = analyze(text, published="2025-03-03", language=language)
    assert len(facts_of(analysis, "other")) == 1, analysis.facts
    assert facts_of(analysis, "investment") == []
