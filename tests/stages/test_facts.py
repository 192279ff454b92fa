"""Quantitative facts typed by their cue words, with subjects, period, qualifier and modality."""

import pytest


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
    text = (
        "Der Handel zwischen Kasachstan und China wuchs im ersten Quartal 2023 um 22 Prozent im Vergleich zum Vorjahr."
    )
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
    text = (
        "Kasachstan und China bauen ihre Zusammenarbeit aus. "
        "Derzeit werden 45 gemeinsame Investitionsprojekte umgesetzt."
    )
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
    text = (
        "Die Verträge im Wert von über 17 Milliarden US-Dollar wurden gelobt. "
        "Kasachstan und die USA schlossen Verträge im Wert von über 17 Milliarden US-Dollar."
    )
    assert len([f for f in analyze(text, published="2025-11-10").facts if f.type == "deal_value"]) == 1


def test_russian_trade_volume_with_parties_and_hedge(analyze):
    text = "Товарооборот между Казахстаном и Китаем в 2024 году превысил 40 млрд долларов."
    fact = only(analyze(text, published="2025-02-01", language="ru"), "trade_volume")
    assert (fact.value, fact.unit, fact.period, fact.qualifier) == (40e9, "USD", "2024", "over")
    assert {"kazakhstan", "china"} <= set(fact.subjects)


def test_russian_investment_and_elliptic_second_figure(analyze):
    text = (
        "Президент Узбекистана Шавкат Мирзиёев сообщил, что инвестиции Узбекистана в США за три года "
        "составят около $20 млрд, а за следующие десять лет – свыше $60 млрд."
    )
    facts = analyze(text, published="2025-11-07", language="ru").facts
    assert {(f.type, f.value, f.qualifier) for f in facts} == {
        ("investment", 20e9, "about"),
        ("investment", 60e9, "over"),
    }


def test_russian_count_of_signed_documents(analyze):
    text = "По итогам переговоров Казахстан и Узбекистан подписали 12 документов о сотрудничестве."
    fact = only(analyze(text, published="2025-03-04", language="ru"), "count")
    assert (fact.value, fact.unit) == (12, "documents")
    assert {"kazakhstan", "uzbekistan"} <= set(fact.subjects)


def test_list_items_take_the_kind_period_and_other_side_of_their_total(analyze):
    text = (
        "China's trade with Central Asia reached $90 billion in 2024.\n"
        "The figure breaks down as follows:\n"
        "- Kazakhstan – $40 billion\n"
        "- Uzbekistan – $12 billion"
    )
    facts = [f for f in analyze(text, published="2025-01-20", language="en").facts if f.type == "trade_volume"]
    by_value = {f.value: f for f in facts}
    assert set(by_value) == {90e9, 40e9, 12e9}
    assert by_value[40e9].subjects == ["kazakhstan", "china"] and by_value[40e9].period == "2024"
    assert by_value[12e9].subjects == ["uzbekistan", "china"]


def test_the_size_of_a_change_is_no_figure(analyze):
    text = "Trade between Kazakhstan and China amounted to $44 billion in 2024, up $3 billion on the year."
    facts = analyze(text, published="2025-01-20", language="en").facts
    assert [f.value for f in facts] == [44e9]
    text = (
        "Der Handel zwischen Kasachstan und China erreichte 44 Milliarden Dollar. "
        "Der Handel zwischen Kasachstan und China ist um 2 Milliarden Dollar gestiegen."
    )
    facts = analyze(text, published="2025-01-20", language="de").facts
    assert [f.value for f in facts] == [44e9]


def test_growth_told_in_the_sentence_after_the_trade_figure(analyze):
    text = (
        "Der Handel Chinas mit Kasachstan erreichte 2024 rund 44 Milliarden US-Dollar. "
        "Das entspricht einem Zuwachs von 12 Prozent."
    )
    fact = only(analyze(text, published="2025-01-20"), "trade_growth")
    assert fact.value == 12


def test_states_counted_in_words_name_a_group(analyze):
    text = (
        "Die Minister der fünf zentralasiatischen Staaten trafen sich in Astana. "
        "Vertreter aus 30 Ländern nahmen am Forum teil."
    )
    facts = analyze(text, published="2025-01-20").facts
    assert [(f.value, f.unit) for f in facts if f.type == "count"] == [(30, "countries")]


def test_figures_of_other_clauses_lend_no_parties(analyze):
    text = "Chinas Einfuhren aus Kasachstan stiegen um 20 Prozent, die Importe aus Usbekistan um 15 Prozent."
    facts = {f.value: f for f in analyze(text, published="2025-01-20").facts}
    assert "uzbekistan" not in facts[20].subjects
    assert "kazakhstan" not in facts[15].subjects


def test_targets_take_their_own_year_or_none_plans_and_estimates_are_of_now(analyze):
    text = (
        "Uzbekistan plans to attract $5 billion in investment from Japan. "
        "The cost of the new terminal is estimated at $2 billion. "
        "Kazakhstan and China aim to raise bilateral trade to $40 billion by 2030. "
        "Uzbekistan and Turkey aim to double their trade to $10 billion."
    )
    facts = {f.value: f for f in analyze(text, published="2025-06-15", language="en").facts}
    assert (facts[5e9].modality, facts[5e9].period) == ("planned", "2025-06-15")
    assert (facts[2e9].modality, facts[2e9].period) == ("estimate", "2025-06-15")
    assert (facts[40e9].modality, facts[40e9].period) == ("target", "2030")
    assert (facts[10e9].modality, facts[10e9].period) == ("target", None)


@pytest.mark.parametrize(
    "text, language, ftype",
    [
        ("Turkmenistan and Afghanistan agreed on a $1.2 billion power line.", "en", "deal_value"),
        ("The UAE's Masdar will build a solar plant in Uzbekistan for about $1 billion.", "en", "investment"),
        ("Beijing has lent Dushanbe more than $1 billion over the past decade.", "en", "investment"),
        ("Peking hat Duschanbe mehr als eine Milliarde Dollar geliehen.", "de", "investment"),
        ("Kasachstan und Aserbaidschan vereinbarten Projekte für 2 Milliarden Dollar.", "de", "investment"),
        ("Kazakhstan exported goods worth $2.1 billion to Uzbekistan.", "en", "trade_volume"),
        ("Строительство газопровода между Туркменистаном и Китаем обойдется в $5 млрд.", "ru", "investment"),
        ("Узбекистан и Китай заключили контракты на $3 млрд.", "ru", "deal_value"),
    ],
)
def test_cue_lexicons_cover_other_wordings(analyze, text, language, ftype):
    facts = analyze(text, published="2025-06-15", language=language).facts
    assert [f.type for f in facts] == [ftype]
    assert len(facts[0].subjects) >= 2


@pytest.mark.parametrize(
    "text, language, modality",
    [
        ("The volume of mutual trade between Uzbekistan and Kazakhstan could reach $5 billion.", "en", "estimate"),
        ("Die Investitionen Südkoreas in Usbekistan könnten auf 5 Milliarden Dollar wachsen.", "de", "estimate"),
        ("Товарооборот Казахстана и Китая может достичь 50 млрд долларов.", "ru", "estimate"),
        ("The ADB would provide $300 million to Tajikistan.", "en", "planned"),
        ("Казахстан и Узбекистан намерены довести товарооборот до 10 млрд долларов.", "ru", "target"),
    ],
)
def test_modality_from_words_of_possibility_plan_and_aim(analyze, text, language, modality):
    [fact] = analyze(text, published="2025-06-15", language=language).facts
    assert fact.modality == modality
    assert fact.period == (None if modality == "target" else "2025-06-15")


def test_a_loan_of_an_amount_is_not_more_than_it(analyze):
    text = "Die ADB gewährt Kirgisistan einen Kredit über 100 Millionen Dollar, insgesamt über 300 Millionen Dollar."
    facts = {f.value: f for f in analyze(text, published="2025-06-15").facts}
    assert facts[1e8].qualifier is None and facts[3e8].qualifier == "over"


@pytest.mark.parametrize(
    "text, language",
    [
        (
            (
                "Kasachstan und Usbekistan vertiefen ihre Partnerschaft. Tokajew traf Mirsijojew. Auch Putin sprach "
                "über Energie. Der bilaterale Handel lag zuletzt bei 4 Milliarden Dollar."
            ),
            "de",
        ),
        (
            (
                "Kazakhstan and Uzbekistan are deepening their partnership. Tokayev met Mirziyoyev. Putin also spoke "
                "about energy. Two-way trade stood at $4 billion last year."
            ),
            "en",
        ),
        (
            (
                "Казахстан и Узбекистан углубляют партнерство. Токаев встретился с Мирзиёевым. Путин также говорил "
                "об энергетике. Взаимный товарооборот составил 4 млрд долларов."
            ),
            "ru",
        ),
    ],
)
def test_bilateral_figures_belong_to_the_two_parties_of_the_article(analyze, text, language):
    [fact] = analyze(text, published="2025-06-15", language=language).facts
    assert set(fact.subjects) == {"kazakhstan", "uzbekistan"}


def test_german_future_tense_is_a_plan_and_the_passive_is_not(analyze):
    text = (
        "Die Weltbank wird Kirgisistan 100 Millionen Dollar bereitstellen. "
        "Das Projekt wird mit 200 Millionen Dollar von der Weltbank finanziert."
    )
    facts = {f.value: f for f in analyze(text, published="2025-06-15").facts}
    assert facts[1e8].modality == "planned" and facts[2e8].modality == "reported"


@pytest.mark.parametrize(
    "text, language",
    [
        ("Kazakhstan will spend 1.5 trillion tenge ($3 billion) on a new railway to China.", "en"),
        (
            "Kasachstan will 1,5 Billionen Tenge (umgerechnet 3 Milliarden Dollar) in eine Bahnstrecke nach China investieren.",
            "de",
        ),
        ("Казахстан планирует потратить 1,5 трлн тенге (около $3 млрд) на новую железную дорогу в Китай.", "ru"),
    ],
)
def test_a_converted_amount_is_told_like_the_figure_it_converts(analyze, text, language):
    facts = analyze(text, published="2025-06-15", language=language).facts
    assert [(f.value, f.unit) for f in facts] == [(1.5e12, "KZT"), (3e9, "USD")]
    assert facts[0].type == facts[1].type == "investment"
    assert facts[0].modality == facts[1].modality == "planned"
    assert facts[0].period == facts[1].period == "2025-06-15"
    assert facts[0].subjects == facts[1].subjects


def test_a_decimal_comma_ends_no_clause(analyze):
    text = "Chinas Einfuhren aus Kasachstan stiegen um 20,5 Prozent, die Einfuhren aus Usbekistan um 15,2 Prozent."
    facts = {f.value: f for f in analyze(text, published="2025-01-20").facts}
    assert "uzbekistan" not in facts[20.5].subjects and "kazakhstan" in facts[20.5].subjects
    assert "kazakhstan" not in facts[15.2].subjects and "uzbekistan" in facts[15.2].subjects


@pytest.mark.parametrize(
    "text, language, period",
    [
        ("Von Januar bis Mai 2025 wuchs der Handel zwischen Kasachstan und Russland um 7 Prozent.", "de", "2025"),
        ("From January to May 2025, Kazakhstan's trade with Russia grew 7%.", "en", "2025"),
        ("Trade between Kazakhstan and Russia reached $1.1 billion in 2024, up 33% from 2023.", "en", "2024"),
        ("Seit 2005 haben chinesische Firmen 25 Milliarden Dollar in Kasachstan investiert.", "de", "2025-06-15"),
    ],
)
def test_periods_of_spans_bases_and_running_totals(analyze, text, language, period):
    facts = analyze(text, published="2025-06-15", language=language).facts
    assert facts and facts[-1].period == period


def test_a_figure_with_nobody_named_nearby_belongs_to_the_articles_parties(analyze):
    text = (
        "Kazakhstan and China opened a new border crossing. Kazakhstan expects more freight to China. "
        "The crossing has four lanes. Trucks will wait less. Customs work around the clock. "
        "Officials said trade reached $40 billion in 2024."
    )
    [fact] = analyze(text, published="2025-06-15", language="en").facts
    assert set(fact.subjects) == {"kazakhstan", "china"}


def test_a_worth_preposition_is_no_change_when_the_change_is_in_another_clause(analyze):
    text = "Товарооборот Казахстана и Китая вырос на 10%, а стороны подписали соглашения на 12 млрд долларов."
    facts = analyze(text, published="2025-06-15", language="ru").facts
    assert [(f.type, f.value) for f in facts] == [("trade_growth", 10), ("deal_value", 12e9)]


@pytest.mark.parametrize(
    "text, language, subjects",
    [
        (
            "Министерство энергетики Узбекистана и компания ACWA Power подписали соглашения на 12 млрд долларов.",
            "ru",
            {"uzbekistan", "acwa-power"},
        ),
        (
            "The European Commission will provide €10 billion for transport links with Central Asia.",
            "en",
            {"european-union", "central-asia"},
        ),
    ],
)
def test_bodies_stand_for_the_party_they_act_for(analyze, text, language, subjects):
    [fact] = analyze(text, published="2025-06-15", language=language).facts
    assert set(fact.subjects) == subjects


@pytest.mark.parametrize(
    "text, language",
    [
        (
            (
                "Россия и Таджикистан подписали 15 документов, товарооборот между странами в прошлом году составил "
                "1,5 млрд долларов."
            ),
            "ru",
        ),
        ("Russia and Tajikistan signed 15 documents, while trade between them reached $1.5 billion last year.", "en"),
        (
            (
                "Russland und Tadschikistan unterzeichneten 15 Dokumente, der Handel erreichte im vergangenen Jahr "
                "1,5 Milliarden Dollar."
            ),
            "de",
        ),
    ],
)
def test_the_date_of_another_figures_clause_is_not_the_period(analyze, text, language):
    facts = {f.type: f for f in analyze(text, published="2025-10-09", language=language).facts}
    assert facts["count"].period == "2025-10-09" and facts["trade_volume"].period == "2024"


def test_the_office_that_reports_a_figure_is_no_party_to_it(analyze):
    text = (
        "According to China's General Administration of Customs, trade between China and Kazakhstan "
        "reached $44 billion in 2024."
    )
    [fact] = analyze(text, published="2025-01-20", language="en").facts
    assert set(fact.subjects) == {"china", "kazakhstan"}


@pytest.mark.parametrize(
    "text, language",
    [
        ("In January–September the trade between Kazakhstan and China rose to $21.4 billion.", "en"),
        ("Im Zeitraum Januar–August erreichte der Handel zwischen Kasachstan und China 21,4 Milliarden Dollar.", "de"),
        ("Товарооборот Казахстана и Китая за январь–сентябрь вырос на 9% и достиг 21,4 млрд долларов.", "ru"),
        ("С января по сентябрь товарооборот Казахстана и Китая составил 21,4 млрд долларов.", "ru"),
    ],
)
def test_a_span_of_months_is_the_year_so_far(analyze, text, language):
    """A figure for the first months of a year refers to that year, not to its first month; a dash
    glued between the months parts no clause."""
    fact = only(analyze(text, published="2025-10-20", language=language), "trade_volume")
    assert (fact.value, fact.period) == (21.4e9, "2025")


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Trade between Uzbekistan and Russia, according to the customs services of both countries, reached $11.8 billion.",
            "en",
        ),
        (
            "Товарооборот Узбекистана и России в прошлом году, по данным таможенных служб двух стран, достиг 11,8 млрд долларов.",
            "ru",
        ),
        (
            "Товарооборот Узбекистана и России, согласно предварительным данным национального статистического комитета, составил 11,8 млрд долларов.",
            "ru",
        ),
    ],
)
def test_a_source_set_off_by_commas_does_not_part_a_figure_from_its_cue(analyze, text, language):
    fact = only(analyze(text, published="2025-03-02", language=language), "trade_volume")
    assert fact.value == 11.8e9
    assert {"uzbekistan", "russia"} <= set(fact.subjects)


@pytest.mark.parametrize(
    "text",
    [
        "Usbekistan und Afghanistan unterzeichneten 19 Handelsverträge über 1,6 Milliarden Dollar.",
        "Kasachstan und die Türkei schlossen Exportgeschäfte im Wert von 900 Millionen Euro ab.",
        "Die Handelsabkommen mit Aserbaidschan haben einen Wert von 700 Millionen Euro.",
    ],
)
def test_a_german_compound_cue_is_of_the_kind_of_its_head(analyze, text):
    """'Handelsverträge' are contracts whose value is a deal's, not trade."""
    facts = [f for f in analyze(text, published="2025-11-19").facts if f.unit in ("USD", "EUR")]
    assert [f.type for f in facts] == ["deal_value"]


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Trade between Kazakhstan and Turkey reached $6.4 billion last year. Both governments want to raise it to $10 billion by 2030.",
            "en",
        ),
        (
            "Der Handel zwischen Kasachstan und der Türkei erreichte im Jahr 2024 6,4 Milliarden Dollar. Beide Regierungen wollen ihn bis 2030 auf 10 Milliarden Dollar steigern.",
            "de",
        ),
        (
            "Товарооборот Казахстана и Турции в прошлом году достиг 6,4 млрд долларов. Стороны намерены довести его до 10 млрд долларов к 2030 году.",
            "ru",
        ),
    ],
)
def test_a_pronoun_carries_the_kind_of_the_figure_before(analyze, text, language):
    facts = analyze(text, published="2025-05-12", language=language).facts
    target = [f for f in facts if f.value == 10e9]
    assert len(target) == 1 and target[0].type == "trade_volume"
    assert (target[0].period, target[0].modality) == ("2030", "target")
    assert {"kazakhstan", "turkey"} <= set(target[0].subjects)


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Tokayev and Mirziyoyev met in Khiva on 7 October. The two presidents signed 11 documents worth $1.5 billion.",
            "en",
        ),
        (
            "Tokajew und Mirsijojew trafen sich am 7. Oktober in Chiwa. Die Präsidenten unterzeichneten 11 Dokumente im Wert von 1,5 Milliarden Dollar.",
            "de",
        ),
        (
            "Токаев и Мирзиёев провели переговоры в Хиве 7 октября. По итогам подписано 11 документов на сумму 1,5 млрд долларов.",
            "ru",
        ),
    ],
)
def test_what_was_signed_is_of_the_day_of_the_meeting(analyze, text, language):
    """Documents signed and deals concluded without a date of their own are of the meeting reported just
    before, not of the day the article came out."""
    facts = analyze(text, published="2025-10-15", language=language).facts
    assert {(f.type, f.period) for f in facts} == {("count", "2025-10-07"), ("deal_value", "2025-10-07")}


@pytest.mark.parametrize(
    "text",
    [
        "Объем денежных переводов из России в Кыргызстан составил 2,9 млрд долларов.",
        "Объем туристических услуг Казахстана для гостей из Китая достиг 400 млн долларов.",
    ],
)
def test_a_volume_of_something_else_is_no_deal(analyze, text):
    """ "Объем" is the size of anything; only a word of worth ("на сумму", "в размере") makes a deal's value."""
    facts = analyze(text, published="2026-01-14", language="ru").facts
    assert not [f for f in facts if f.type == "deal_value"]


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Uzbekistan's trade turnover reached $72 billion in 2025. China remained the largest partner with $15 billion.",
            "en",
        ),
        (
            "Der Außenhandel Usbekistans erreichte im Jahr 2025 72 Milliarden Dollar. Auf China entfielen 15 Milliarden Dollar.",
            "de",
        ),
        (
            "Внешнеторговый оборот Узбекистана в 2025 году достиг 72 млрд долларов. На Китай пришлось 15 млрд долларов.",
            "ru",
        ),
    ],
)
def test_an_amount_without_a_cue_goes_on_with_the_sentence_before(analyze, text, language):
    facts = analyze(text, published="2026-02-02", language=language).facts
    assert sorted((f.type, f.value) for f in facts) == [("trade_volume", 15e9), ("trade_volume", 72e9)]
    assert {f.period for f in facts} == {"2025"}


@pytest.mark.parametrize(
    "text, language, value",
    [
        ("Kazakhstan's exports to China: $15.2 billion (+12.5%).", "en", 12.5),
        ("Kasachstans Exporte nach China: 15,2 Milliarden Dollar (+12,5 %).", "de", 12.5),
        ("Экспорт Казахстана в Китай: 15,2 млрд долларов (-3,5%).", "ru", -3.5),
    ],
)
def test_a_signed_percentage_of_trade_is_its_growth(analyze, text, language, value):
    facts = analyze(text, published="2026-02-02", language=language).facts
    assert [(f.type, f.value) for f in facts if f.unit == "%"] == [("trade_growth", value)]


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Trade with the EU, Uzbekistan's third-largest trading partner after China and Russia, rose to €6.4 billion.",
            "en",
        ),
        (
            "Товарооборот с Евросоюзом, третьим по величине торговым партнером Узбекистана после Китая и России, "
            "вырос до 6,4 млрд евро.",
            "ru",
        ),
    ],
)
def test_an_apposition_does_not_part_a_figure_from_its_cue(analyze, text, language):
    facts = analyze(text, published="2025-07-10", language=language).facts
    assert [(f.type, f.value) for f in facts] == [("trade_volume", 6.4e9)]


def test_the_same_figure_told_on_two_days_of_a_month_is_one(analyze):
    text = (
        "Yesterday the partners committed €10 billion to transport links in Central Asia, the European Union said. "
        "Taken together, these commitments add up to €10 billion for transport in Central Asia."
    )
    facts = analyze(text, published="2024-01-30", language="en").facts
    assert [(f.type, f.value, f.period) for f in facts] == [("investment", 10e9, "2024-01-29")]


@pytest.mark.parametrize(
    "text, language",
    [
        ("In the first nine months, trade between Kazakhstan and China reached $21 billion.", "en"),
        ("In den ersten neun Monaten erreichte der Handel zwischen Kasachstan und China 21 Milliarden Dollar.", "de"),
        ("За девять месяцев товарооборот между Казахстаном и Китаем составил 21 млрд долларов.", "ru"),
        ("С начала года товарооборот между Казахстаном и Китаем составил 21 млрд долларов.", "ru"),
    ],
)
def test_the_first_months_without_a_year_are_of_the_year_of_publication(analyze, text, language):
    [fact] = analyze(text, published="2025-10-20", language=language).facts
    assert (fact.type, fact.period) == ("trade_volume", "2025")


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Kazakhstan's foreign trade reached $140 billion in 2025. Italy led with $18 billion, "
            "followed by China with $16 billion.\n- Exports: $80 billion\n- Imports: $60 billion",
            "en",
        ),
        (
            "Внешнеторговый оборот Казахстана в 2025 году составил 140 млрд долларов. На Италию пришлось "
            "18 млрд долларов, на Китай — 16 млрд долларов.\n- Экспорт: 80 млрд долларов\n- Импорт: 60 млрд долларов",
            "ru",
        ),
    ],
)
def test_partners_bound_to_figures_of_their_own_are_not_the_parties_of_the_next(analyze, text, language):
    facts = {f.value: f for f in analyze(text, published="2026-02-02", language=language).facts}
    assert facts[18e9].subjects[:1] == ["italy"] or "italy" in facts[18e9].subjects
    assert "kazakhstan" in facts[80e9].subjects and "italy" not in facts[80e9].subjects
    assert "china" not in facts[60e9].subjects


@pytest.mark.parametrize(
    "text, language",
    [
        ("Tokayev visited Seoul. Kazakhstan's foreign trade reached $140 billion in 2025.", "en"),
        ("Tokajew besuchte Seoul. Der Außenhandel Kasachstans erreichte im Jahr 2025 140 Milliarden Dollar.", "de"),
        ("Токаев посетил Сеул. Внешнеторговый оборот Казахстана в 2025 году составил 140 млрд долларов.", "ru"),
    ],
)
def test_a_states_foreign_trade_is_a_figure_of_that_state_alone(analyze, text, language):
    [fact] = analyze(text, published="2026-02-02", language=language).facts
    assert (fact.type, fact.subjects) == ("trade_volume", ["kazakhstan"])


def test_a_total_named_after_the_figure_in_a_comparison_leaves_its_parties(analyze):
    text = (
        "Der Handel zwischen China und Kasachstan wuchs um 8 Prozent und damit stärker als der gesamte "
        "Außenhandel Chinas."
    )
    [fact] = analyze(text, published="2026-02-02").facts
    assert set(fact.subjects) == {"china", "kazakhstan"}


@pytest.mark.parametrize(
    "text, language, period",
    [
        (
            "Прошлогодний показатель товарооборота Казахстана и Китая стал рекордным, составив 41 млрд долларов.",
            "ru",
            "2023",
        ),
        ("Das vorjährige Handelsvolumen zwischen Kasachstan und China betrug 41 Milliarden Dollar.", "de", "2023"),
        (
            "Товарооборот Казахстана и Китая превысил прошлогодний показатель и составил 41 млрд долларов.",
            "ru",
            "2024-12-02",
        ),
    ],
)
def test_an_adjective_of_last_year_dates_the_figure_after_it(analyze, text, language, period):
    [fact] = analyze(text, published="2024-12-02", language=language).facts
    assert (fact.type, fact.period) == ("trade_volume", period)


def test_an_amount_of_nobody_after_a_figure_is_no_figure_of_the_relations(analyze):
    text = "Trade between Kazakhstan and China reached $44 billion in 2024. The average monthly wage is $500."
    facts = analyze(text, published="2025-02-02", language="en").facts
    assert [f.value for f in facts] == [44e9]


def test_a_pronoun_before_an_amount_of_something_else_carries_no_kind(analyze):
    text = (
        "Trade between Kazakhstan and China reached $44 billion in 2024. "
        "The firm said it had paid $50 million in taxes."
    )
    facts = analyze(text, published="2025-02-02", language="en").facts
    assert [f.value for f in facts] == [44e9]
