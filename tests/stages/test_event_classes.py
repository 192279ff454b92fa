"""Classes of event reading that carry over to unseen news: datelines, days told apart, meetings on a
summit's sidelines, parties named as a group or told before, milestones of a project named before."""

import pytest


def of_type(analysis, etype):
    return [e for e in analysis.events if e.type == etype]


@pytest.mark.parametrize(
    "text, language, published, city",
    [
        ("ASTANA – Kazakhstan and Uzbekistan signed a memorandum on water use.", "en", "2025-06-11", "astana"),
        (
            "TASHKENT, Uzbekistan, October 20 – The foreign ministers of Uzbekistan and Turkey held talks.",
            "en",
            "2025-10-21",
            "tashkent",
        ),
        (
            "Bischkek – Kirgisistan und China unterzeichneten ein Abkommen über den Bau einer Straße.",
            "de",
            "2025-04",
            "bishkek",
        ),
        ("БИШКЕК. Кыргызстан и Казахстан подписали соглашение о водных ресурсах.", "ru", "2025-04-02", "bishkek"),
        ("Astana (dpa) – Kasachstan und China unterzeichneten ein Abkommen.", "de", "2025-12-04", "astana"),
    ],
)
def test_the_dateline_city_is_the_place_of_the_current_event(analyze, text, language, published, city):
    events = analyze(text, published=published, language=language).events
    assert events and events[0].place == city


def test_a_city_opening_a_sentence_is_no_dateline(analyze):
    text = "Astana and Tashkent are rivals. Kazakhstan and Uzbekistan signed a memorandum on water use."
    agreement = of_type(analyze(text, published="2025-06-11", language="en"), "agreement")[0]
    assert agreement.place is None


@pytest.mark.parametrize(
    "text, language, day",
    [
        (
            "AKTAU, Kazakhstan, March 11 – Kazakhstan and Azerbaijan signed a memorandum on shipping.",
            "en",
            "2026-03-11",
        ),
        (
            "Dushanbe, 8 October 2025 – Tajikistan and the European Union today signed a loan agreement.",
            "en",
            "2025-10-08",
        ),
        ("Taschkent, 10. März 2026 – Usbekistan und Deutschland unterzeichneten ein Abkommen.", "de", "2026-03-10"),
        ("ASTANA, March 9 (Reuters) - Kazakhstan and China signed an agreement.", "en", "2026-03-09"),
    ],
)
def test_a_dated_dateline_gives_the_day_of_the_news(analyze, text, language, day):
    agreement = of_type(analyze(text, published="2026-03-12", language=language), "agreement")[0]
    assert agreement.date == day


def test_without_a_dateline_an_undated_event_keeps_the_publication_month(analyze):
    text = "Kazakhstan and Azerbaijan signed a memorandum on shipping."
    agreement = of_type(analyze(text, published="2026-03-12", language="en"), "agreement")[0]
    assert agreement.date == "2026-03"


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "On Monday the Kazakh foreign minister met his Chinese counterpart in Almaty. "
            "On Wednesday he met the foreign minister of Turkey in Almaty.",
            "en",
        ),
        (
            "Am Montag traf der kasachische Außenminister in Almaty seinen chinesischen Amtskollegen. "
            "Am Mittwoch traf er in Almaty den türkischen Außenminister.",
            "de",
        ),
        (
            "В понедельник министр иностранных дел Казахстана встретился в Алматы с коллегой из Китая. "
            "В среду он встретился в Алматы с министром иностранных дел Турции.",
            "ru",
        ),
    ],
)
def test_meetings_told_on_different_days_stay_two_events(analyze, text, language):
    meetings = of_type(analyze(text, published="2025-05-16", language=language), "meeting")
    assert sorted(m.date for m in meetings) == ["2025-05-12", "2025-05-14"]
    assert {m.place for m in meetings} == {"almaty"}


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "The summit of the Shanghai Cooperation Organisation opened in Tianjin on Monday. "
            "On the sidelines of the summit, Xi Jinping and Kassym-Jomart Tokayev held a meeting on energy.",
            "en",
        ),
        (
            "Am Montag begann in Tianjin der Gipfel der Shanghaier Organisation für Zusammenarbeit. "
            "Am Rande des Gipfels trafen sich Xi Jinping und Kassym-Schomart Tokajew zu einem Gespräch.",
            "de",
        ),
        (
            "В понедельник в Тяньцзине открылся саммит Шанхайской организации сотрудничества. "
            "На полях саммита Си Цзиньпин и Касым-Жомарт Токаев провели встречу.",
            "ru",
        ),
    ],
)
def test_a_meeting_on_the_sidelines_is_its_own_event_when_and_where_the_summit_is(analyze, text, language):
    analysis = analyze(text, published="2025-09-03", language=language)
    meetings = [m for m in of_type(analysis, "meeting") if "xi-jinping" in m.participants]
    assert len(meetings) == 1
    assert {"kassym-jomart-tokayev", "china", "kazakhstan"} <= set(meetings[0].participants)
    assert meetings[0].date == "2025-09-01"
    assert meetings[0].place == "tianjin"


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Kirgisistan, Kasachstan und Usbekistan einigten sich auf die Wasserabgabe. "
            "Die Energieminister der drei Länder unterzeichneten am Dienstag das Protokoll.",
            "de",
        ),
        (
            "Kyrgyzstan, Kazakhstan and Uzbekistan agreed on the water release. "
            "The energy ministers of the three countries signed the protocol on Tuesday.",
            "en",
        ),
        (
            "Кыргызстан, Казахстан и Узбекистан договорились о попусках воды. "
            "Во вторник министры энергетики трех стран подписали протокол.",
            "ru",
        ),
    ],
)
def test_parties_named_as_a_group_are_those_told_before(analyze, text, language):
    agreement = of_type(analyze(text, published="2026-03-26", language=language), "agreement")[0]
    assert {"kyrgyzstan", "kazakhstan", "uzbekistan"} <= set(agreement.participants)
    assert agreement.date == "2026-03-24"


def test_a_signing_that_names_one_side_takes_the_other_from_the_sentence_before(analyze):
    text = (
        "The Asian Development Bank will lend Tajikistan $200 million for schools. "
        "The agreement was signed in Manila on Monday by the finance minister."
    )
    agreement = of_type(analyze(text, published="2025-05-14", language="en"), "agreement")[0]
    assert {"asian-development-bank", "tajikistan"} <= set(agreement.participants)


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Газопровод ТАПИ пройдет через Афганистан. Его протяженность составит 1800 км. "
            "В мае 2024 года в Герате отметили начало строительства афганского участка.",
            "ru",
        ),
        (
            "The TAPI pipeline will cross Afghanistan. It will be 1,800 km long. "
            "In May 2024 construction of the Afghan section began in Herat.",
            "en",
        ),
    ],
)
def test_the_start_of_construction_of_a_project_named_before_is_its_milestone(analyze, text, language):
    projects = of_type(analyze(text, published="2025-10-30", language=language), "project")
    assert [p.date for p in projects] == ["2024-05"]
    assert projects[0].place == "herat"


def test_opening_words_after_a_project_without_building_make_no_milestone(analyze):
    text = "The TAPI pipeline will cross Afghanistan. The exhibition on its history opened in Herat on Monday."
    assert not of_type(analyze(text, published="2025-10-30", language="en"), "project")


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Usbekistan und Russland wollen die Arbeitsmigration ordnen. Usbekistan schickt viele Arbeiter "
            "nach Russland. Im April soll in Taschkent die nächste Sitzung stattfinden.",
            "de",
        ),
        (
            "Узбекистан и Россия упорядочат трудовую миграцию. Узбекистан направляет в Россию много "
            "работников. Следующее заседание пройдет в Ташкенте в апреле.",
            "ru",
        ),
    ],
)
def test_an_event_naming_nobody_is_one_of_the_states_the_article_is_about(analyze, text, language):
    meeting = of_type(analyze(text, published="2026-02-05", language=language), "meeting")[0]
    assert set(meeting.participants) == {"uzbekistan", "russia"}
    assert meeting.place == "tashkent"
    assert meeting.modality == "planned"


@pytest.mark.parametrize(
    "text, language",
    [
        ("Tokayev met Xi Jinping in Astana to discuss the China–Kyrgyzstan–Uzbekistan railway.", "en"),
        ("Tokajew traf Xi Jinping in Astana, um über die Bahnstrecke China–Kirgisistan–Usbekistan zu sprechen.", "de"),
        ("Токаев встретился с Си Цзиньпином в Астане и обсудил железную дорогу Китай – Кыргызстан – Узбекистан.", "ru"),
    ],
)
def test_a_route_names_no_party_but_a_leader_brings_his_state(analyze, text, language):
    meeting = of_type(analyze(text, published="2025-12-04", language=language), "meeting")[0]
    assert {"kazakhstan", "china"} <= set(meeting.participants)
    assert not {"kyrgyzstan", "uzbekistan"} & set(meeting.participants)


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Uzbek President Shavkat Mirziyoyev arrived in Baku on Wednesday at the invitation of "
            "President Ilham Aliyev. The two leaders held talks at the palace. They discussed trade and "
            "energy. Following the talks, the presidents signed a treaty on strategic partnership.",
            "en",
        ),
        (
            "Der usbekische Präsident Schawkat Mirsijojew traf am Mittwoch in Baku Präsident Ilham Alijew. "
            "Sie sprachen über Handel und Energie. Anschließend unterzeichneten die Präsidenten einen Vertrag "
            "über strategische Partnerschaft.",
            "de",
        ),
    ],
)
def test_a_signing_after_talks_told_before_is_dated_and_placed_by_them(analyze, text, language):
    agreement = of_type(analyze(text, published="2025-11-13", language=language), "agreement")[0]
    assert agreement.date == "2025-11-12"
    assert agreement.place == "baku"
    assert {"uzbekistan", "azerbaijan"} <= set(agreement.participants)


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Am Mittwoch fand in Astana der Gipfel der Organisation der Turkstaaten statt. "
            "Der nächste Gipfel soll 2026 in Baku stattfinden.",
            "de",
        ),
        (
            "The summit of the Organization of Turkic States was held in Astana on Wednesday. "
            "The next summit will take place in Baku in 2026.",
            "en",
        ),
        (
            "В среду в Астане прошел саммит Организации тюркских государств. "
            "Следующий саммит пройдет в Баку в 2026 году.",
            "ru",
        ),
    ],
)
def test_the_next_meeting_of_a_series_is_one_of_its_organisation(analyze, text, language):
    summits = of_type(analyze(text, published="2025-12-04", language=language), "summit")
    planned = [s for s in summits if s.date == "2026"]
    assert planned and "organization-of-turkic-states" in planned[0].participants
    assert planned[0].modality == "planned"


def test_tagen_is_a_meeting_verb_only_in_lower_case(analyze):
    planned = analyze(
        "Im Februar soll eine Arbeitsgruppe Usbekistans und Deutschlands in Berlin erstmals tagen.",
        published="2026-01-28",
    )
    assert [(e.type, e.date, e.modality) for e in planned.events] == [("meeting", "2026-02", "planned")]
    noun = analyze("Vor drei Tagen lobte Usbekistan die Zusammenarbeit mit Deutschland.", published="2026-01-28")
    assert not noun.events


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Kazakhstan signed a loan agreement with the Asian Development Bank on Monday, the Kazakh finance ministry said.",
            "en",
        ),
        (
            "Kasachstan unterzeichnete am Montag ein Kreditabkommen mit der Asiatischen Entwicklungsbank, "
            "teilte das kasachische Finanzministerium mit.",
            "de",
        ),
        (
            "Казахстан в понедельник подписал кредитное соглашение с Азиатским банком развития, сообщило Министерство финансов Казахстана.",
            "ru",
        ),
    ],
)
def test_a_body_that_reports_a_signing_takes_no_part_in_it(analyze, text, language):
    agreement = of_type(analyze(text, published="2025-12-04", language=language), "agreement")[0]
    assert set(agreement.participants) == {"kazakhstan", "asian-development-bank"}


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Tokayev received Wang Yi in Astana. Both sides discussed preparations for the state visit "
            "of Xi Jinping to Kazakhstan next year.",
            "en",
        ),
        (
            "Токаев принял Ван И в Астане. Стороны обсудили подготовку государственного визита "
            "Си Цзиньпина в Казахстан в следующем году.",
            "ru",
        ),
    ],
)
def test_the_sides_that_discuss_a_visit_are_not_its_parties(analyze, text, language):
    visits = [v for v in of_type(analyze(text, published="2025-11-20", language=language), "visit") if v.date == "2026"]
    assert visits and {"xi-jinping", "china", "kazakhstan"} <= set(visits[0].participants)
    assert not {"wang-yi", "kassym-jomart-tokayev"} & set(visits[0].participants)
