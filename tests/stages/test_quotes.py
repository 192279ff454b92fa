"""Direct quotes in German and English quotation styles, attributed to their speaker."""

import pytest

LEAD_DE = "Kasachstans Präsident Kassym-Schomart Tokajew sprach in Astana. "
LEAD_EN = "Kazakhstan's President Kassym-Jomart Tokayev spoke in Astana. "


@pytest.mark.parametrize(
    "text",
    [
        LEAD_DE + "„Wir öffnen unsere Märkte für alle Partner“, sagte Tokajew.",
        LEAD_DE + "„Wir öffnen unsere Märkte für alle Partner“, so Tokajew.",
        LEAD_DE + "»Wir öffnen unsere Märkte für alle Partner«, erklärte Tokajew.",
        LEAD_DE + "Tokajew betonte: „Wir öffnen unsere Märkte für alle Partner.“",
        LEAD_DE + "Er erklärte: „Wir öffnen unsere Märkte für alle Partner.“",
        LEAD_DE + "„Wir öffnen unsere Märkte für alle Partner“, sagte er wörtlich.",
    ],
)
def test_german_quote_styles(analyze, text):
    quotes = analyze(text, published="2025-03-01").quotes
    assert len(quotes) == 1
    quote = quotes[0]
    assert quote.speaker == "kassym-jomart-tokayev"
    assert quote.text.startswith("Wir öffnen unsere Märkte für alle Partner")
    assert text[quote.start : quote.end] == quote.text


@pytest.mark.parametrize(
    "text",
    [
        LEAD_EN + "“We open our markets to all partners,” Tokayev said.",
        LEAD_EN + '"We open our markets to all partners," said Tokayev.',
        LEAD_EN + "“We open our markets to all partners,” he said.",
        LEAD_EN + "Tokayev said: “We open our markets to all partners.”",
    ],
)
def test_english_quote_styles(analyze, text):
    quotes = analyze(text, published="2025-03-01", language="en").quotes
    assert [q.speaker for q in quotes] == ["kassym-jomart-tokayev"]
    assert quotes[0].text.startswith("We open our markets to all partners")


def test_scare_quotes_and_unattributed_quotes_are_not_speech(analyze):
    text = (
        "Die Gespräche basierten auf einem „permanenten Gremium“. "
        "Ein Sprecher nannte das Projekt „eine Brücke zwischen Ost und West für alle“."
    )
    assert analyze(text, published="2025-03-01").quotes == []


@pytest.mark.parametrize(
    "text",
    [
        # split by the attribution
        LEAD_DE + "„Wir öffnen unsere Märkte“, sagte Tokajew, „für alle Partner in der Region.“",
        # the office word stands for the person named before
        LEAD_DE + "„Wir öffnen unsere Märkte für alle Partner“, betonte der Präsident.",
        # a teaser: the name and a colon
        "Tokajew: „Wir öffnen unsere Märkte für alle Partner“\nKasachstans Präsident Tokajew sprach in Astana.",
        # indirect speech that turns into a quote
        "Tokajew erklärte am Dienstag, man wolle „die Märkte für alle Partner öffnen und den Dialog ausbauen“.",
        # a quote that continues the speaker's words in the next sentence
        LEAD_DE + "„Wir sind bereit“, sagte Tokajew. „Wir öffnen unsere Märkte für alle Partner.“",
        # single German quotation marks
        LEAD_DE + "‚Wir öffnen unsere Märkte für alle Partner‘, sagte Tokajew.",
    ],
)
def test_more_german_attributions(analyze, text):
    quotes = analyze(text, published="2025-03-01").quotes
    assert quotes and {q.speaker for q in quotes} == {"kassym-jomart-tokayev"}
    assert any("für alle Partner" in q.text for q in quotes)


@pytest.mark.parametrize(
    "text",
    [
        LEAD_EN + "“We open our markets to all partners,” Tokayev noted.",
        LEAD_EN + "“We open our markets to all partners,” Tokayev told reporters.",
        LEAD_EN + "“We open our markets to all partners,” according to Tokayev.",
        LEAD_EN + "Tokayev said Kazakhstan would keep “its markets open to all partners in the region.”",
        LEAD_EN + "“We open our markets to all partners,” the president added.",
        LEAD_EN + "Tokayev also stressed the role of trade. “We open our markets to all partners.”",
        LEAD_EN + "‘We open our markets to all partners and today’s talks prove it,’ he said.",
    ],
)
def test_more_english_attributions(analyze, text):
    quotes = analyze(text, published="2025-03-01", language="en").quotes
    assert [q.speaker for q in quotes] == ["kassym-jomart-tokayev"]
    assert "markets" in quotes[0].text


LEAD_RU = "Президент Казахстана Касым-Жомарт Токаев выступил в Астане. "


@pytest.mark.parametrize(
    "text",
    [
        LEAD_RU + "«Мы открываем наши рынки для всех партнеров», — заявил Токаев.",
        LEAD_RU + "«Мы открываем наши рынки для всех партнеров», - сказал он.",
        LEAD_RU + "Токаев подчеркнул: «Мы открываем наши рынки для всех партнеров».",
        LEAD_RU + "По словам Токаева, «мы открываем наши рынки для всех партнеров».",
        LEAD_RU + "Токаев отметил, что Казахстан «открывает свои рынки для всех партнеров».",
        LEAD_RU + "«Мы открываем рынки», — сказал Токаев. — «Наши рынки открыты для всех партнеров».",
        LEAD_RU + '"Мы открываем наши рынки для всех партнеров", - сообщил Токаев.',
        LEAD_RU + "«Мы открываем наши рынки для всех партнеров»,\n\n— сказал Токаев.",
    ],
)
def test_russian_attributions(analyze, text):
    quotes = analyze(text, published="2025-03-01", language="ru").quotes
    assert quotes and {q.speaker for q in quotes} == {"kassym-jomart-tokayev"}
    assert any("для всех партнеров" in q.text for q in quotes)


def test_russian_office_word_stands_for_the_minister_named_before(analyze):
    text = (
        "Министр иностранных дел Казахстана Мурат Нуртлеу встретился с послом Китая. "
        "«Наши страны связывает многовековая дружба и доверие», — отметил глава МИД."
    )
    assert [q.speaker for q in analyze(text, published="2025-03-01", language="ru").quotes] == ["murat-nurtleu"]


def test_an_attribution_naming_nobody_known_is_not_guessed(analyze):
    text = LEAD_EN + "“We open our markets to all partners,” said a spokesman for the ministry."
    assert analyze(text, published="2025-03-01", language="en").quotes == []


def test_titles_in_quotes_are_not_speech(analyze):
    text = LEAD_EN + "Tokayev backed the “Trans-Caspian International Transport Route” with new funds."
    assert analyze(text, published="2025-03-01", language="en").quotes == []


def test_a_quote_cut_by_the_editor_runs_to_the_end_of_its_paragraph(analyze):
    text = LEAD_DE + "„Wir sind bereit“, sagte Tokajew. „Wir öffnen unsere Märkte für alle Partner […]\nMehr dazu."
    quotes = analyze(text, published="2025-03-01").quotes
    assert [q.text for q in quotes][-1] == "Wir öffnen unsere Märkte für alle Partner"


@pytest.mark.parametrize(
    "text, language",
    [
        (LEAD_RU + "Как сообщил Токаев, АО «Национальная компания Казахстан темир жолы» построит новую дорогу.", "ru"),
        (LEAD_DE + "Tokajew sagte, das Projekt „Neue Wege für den Handel am Kaspischen Meer“ komme voran.", "de"),
        (LEAD_EN + "Tokayev said the company “Trans-Caspian links for the new era” would start work.", "en"),
    ],
)
def test_a_quotation_after_its_type_noun_is_a_name(analyze, text, language):
    assert analyze(text, published="2025-03-01", language=language).quotes == []


@pytest.mark.parametrize(
    "text, language, speaker",
    [
        (
            (
                "Kazakhstan's President Kassym-Jomart Tokayev met Xi Jinping in Astana. "
                "“We are ready to work with all partners on this,” the Chinese president said."
            ),
            "en",
            "xi-jinping",
        ),
        (
            (
                "Kazakhstan's President Kassym-Jomart Tokayev met Xi Jinping in Astana. "
                "The Chinese leader called the visit “a new chapter in our shared history”."
            ),
            "en",
            "xi-jinping",
        ),
        (
            (
                "Kazakhstan's President Kassym-Jomart Tokayev met Xi Jinping in Astana. "
                "“We are ready to work with all partners on this,” the Kazakh leader stressed."
            ),
            "en",
            "kassym-jomart-tokayev",
        ),
        (
            (
                "Президент Казахстана Касым-Жомарт Токаев встретился с Председателем КНР Си Цзиньпином. "
                "«Мы готовы работать со всеми партнерами», — подчеркнул китайский лидер."
            ),
            "ru",
            "xi-jinping",
        ),
    ],
)
def test_an_office_word_with_a_state_stands_for_that_states_person(analyze, text, language, speaker):
    assert [q.speaker for q in analyze(text, published="2025-03-01", language=language).quotes] == [speaker]


def test_russian_direct_speech_opened_by_a_dash(analyze):
    text = (
        LEAD_RU + "\n— Мы открываем наши рынки для всех партнеров, — сказал Токаев.\n"
        "— во-первых, развитие транспорта — наш приоритет на годы вперед;\n"
    )
    quotes = analyze(text, published="2025-03-01", language="ru").quotes
    assert [(q.speaker, q.text) for q in quotes] == [
        ("kassym-jomart-tokayev", "Мы открываем наши рынки для всех партнеров")
    ]


@pytest.mark.parametrize(
    "text, language",
    [
        (
            (
                "Bundeskanzler Olaf Scholz empfing Tokajew in Berlin. „Wir öffnen unsere Märkte für alle Partner.“ "
                "Das sagte Tokajew am Montag auf dem Forum."
            ),
            "de",
        ),
        (
            (
                "Канцлер Германии Олаф Шольц принял Токаева в Берлине. «Мы открываем наши рынки для всех партнеров». "
                "Об этом заявил Токаев на форуме."
            ),
            "ru",
        ),
        (
            (
                "Chancellor Olaf Scholz hosted Tokayev in Berlin. “We open our markets to all partners.” "
                "This was said by Tokayev at the forum."
            ),
            "en",
        ),
    ],
)
def test_the_sentence_after_a_quote_that_points_back_to_it_names_the_speaker(analyze, text, language):
    assert [q.speaker for q in analyze(text, published="2025-03-01", language=language).quotes] == [
        "kassym-jomart-tokayev"
    ]


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Tokajew sprach von einem „Meilenstein für den ganzen Handel im Süden“. "
            "Schawkat Mirsijojew sagte: „Wir werden die Grenze für Lastwagen rund um die Uhr öffnen.“",
            "de",
        ),
        (
            "Tokayev spoke of “a milestone for all the trade in the south”. "
            "Shavkat Mirziyoyev said: “We will keep the border open for trucks around the clock.”",
            "en",
        ),
        (
            "Токаев заявил: «Это важный шаг для всей торговли на юге». "
            "Шавкат Мирзиёев сказал: «Мы откроем границу для грузовиков круглосуточно»",
            "ru",
        ),
    ],
)
def test_a_quote_that_ends_its_sentence_is_not_attributed_to_the_next_speaker(analyze, text, language):
    quotes = analyze(text, published="2025-03-01", language=language).quotes
    assert [q.speaker for q in quotes] == ["kassym-jomart-tokayev", "shavkat-mirziyoyev"]


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Tokajew sagte, Kasachstan sehe in dem Abkommen „eine Chance für alle Bauern, die nach Süden liefern wollen“.",
            "de",
        ),
        (
            "Tokayev said Kazakhstan saw the agreement as “a chance for all farmers, who want to sell to the south”.",
            "en",
        ),
        (
            "Токаев отметил, что Казахстан видит в соглашении «шанс для всех фермеров, которые хотят торговать с югом».",
            "ru",
        ),
    ],
)
def test_speech_after_a_type_noun_is_a_quote_not_a_name(analyze, text, language):
    quotes = analyze(text, published="2025-03-01", language=language).quotes
    assert [q.speaker for q in quotes] == ["kassym-jomart-tokayev"]
    assert quotes[0].text.startswith(("eine Chance", "a chance", "шанс"))


def test_a_russian_quote_split_by_its_attribution_between_dashes(analyze):
    text = (
        "Президент Казахстана Касым-Жомарт Токаев выступил на форуме. "
        "«Мы откроем новые рынки для наших фермеров, — сказал Токаев. — Дорога через перевал будет готова к осени»."
    )
    quotes = analyze(text, published="2025-03-01", language="ru").quotes
    assert [(q.speaker, q.text.split()[0]) for q in quotes] == [
        ("kassym-jomart-tokayev", "Мы"),
        ("kassym-jomart-tokayev", "Дорога"),
    ]
    assert all(text[q.start : q.end] == q.text and "сказал" not in q.text for q in quotes)


def test_po_ego_slovam_stands_for_the_person_named_before(analyze):
    text = (
        "Президент Казахстана Касым-Жомарт Токаев выступил на форуме в Астане. "
        "По его словам, «торговля между нашими странами должна расти быстрее»."
    )
    quotes = analyze(text, published="2025-03-01", language="ru").quotes
    assert [q.speaker for q in quotes] == ["kassym-jomart-tokayev"]


def test_straight_single_quotes_but_not_apostrophes(analyze):
    text = (
        "Kazakhstan's President Kassym-Jomart Tokayev spoke in Astana. "
        "'Our farmers are ready for the southern markets,' Tokayev said of the countries' plans."
    )
    quotes = analyze(text, published="2025-03-01", language="en").quotes
    assert [(q.speaker, q.text) for q in quotes] == [
        ("kassym-jomart-tokayev", "Our farmers are ready for the southern markets")
    ]


def test_a_full_stop_before_the_closing_mark_and_a_comma_after_it_keeps_the_attribution(analyze):
    text = LEAD_DE + "„Wir öffnen unsere Märkte für alle Partner.“, sagte Tokajew."
    quotes = analyze(text, published="2025-03-01").quotes
    assert [q.speaker for q in quotes] == ["kassym-jomart-tokayev"]


@pytest.mark.parametrize(
    "quoted",
    ['"Our farmers are ready for the southern markets,” ', '“Our farmers are ready for the southern markets," '],
)
def test_mixed_straight_and_typographic_marks_make_one_quote(analyze, quoted):
    text = LEAD_EN + quoted + "Tokayev said."
    quotes = analyze(text, published="2025-03-01", language="en").quotes
    assert [(q.speaker, q.text) for q in quotes] == [
        ("kassym-jomart-tokayev", "Our farmers are ready for the southern markets")
    ]
