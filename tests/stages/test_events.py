"""Events with date, place, participants and modality, merged within a document."""

import pytest


def by_type(analysis, etype):
    return [e for e in analysis.events if e.type == etype]


def test_meeting_dated_by_weekday_relative_to_publication(analyze):
    text = (
        "Chinas Außenminister Wang Yi traf sich am Dienstag in Almaty mit seinen Amtskollegen "
        "aus Kasachstan und Usbekistan."
    )
    events = analyze(text, published="2025-01-15").events
    meeting = [e for e in events if e.type == "meeting"][0]
    assert meeting.date == "2025-01-14"
    assert meeting.place == "almaty"
    assert {"china", "kazakhstan", "uzbekistan"} <= set(meeting.participants)


def test_sentences_about_one_summit_make_one_event(analyze):
    text = (
        "Beim Gipfel in Washington sprachen die USA mit Kasachstan und Usbekistan. "
        "Der Gipfel fand unter dem Vorsitz von Präsident Donald Trump statt. "
        "Auch Kirgisistan und Tadschikistan nahmen an dem Gipfel teil."
    )
    summits = by_type(analyze(text, published="2025-11-10"), "summit")
    assert len(summits) == 1
    assert {"united-states", "kazakhstan", "kyrgyzstan", "tajikistan"} <= set(summits[0].participants)
    assert summits[0].place == "washington-dc"


def test_planned_project_milestone(analyze):
    text = "Der Bau der Bahnstrecke China–Kirgisistan–Usbekistan soll im Juli 2025 beginnen."
    project = by_type(analyze(text, published="2025-05"), "project")[0]
    assert project.modality == "planned"
    assert project.date == "2025-07"
    assert {"china", "kyrgyzstan", "uzbekistan"} <= set(project.participants)


def test_background_agreement_keeps_its_own_date(analyze):
    text = "Die im Juni unterzeichnete Vereinbarung zwischen China, Kirgisistan und Usbekistan gilt als Durchbruch."
    agreement = by_type(analyze(text, published="2025-01-15"), "agreement")[0]
    assert agreement.date == "2024-06"


def test_capital_phrase_gives_the_place(analyze):
    text = "In Kasachstans Hauptstadt trafen sich am Mittwoch die Außenminister Chinas und Russlands."
    meeting = analyze(text, published="2024-07-05").events[0]
    assert meeting.place == "astana"


def test_english_visit(analyze):
    text = "Turkish President Recep Tayyip Erdoğan visited Tashkent on Monday for talks with Uzbekistan's leaders."
    visit = by_type(analyze(text, published="2025-03-05", language="en"), "visit")[0]
    assert visit.date == "2025-03-03"
    assert visit.place == "tashkent"
    assert {"turkey", "uzbekistan"} <= set(visit.participants)


def test_undated_event_without_publication_date_stays_undated(analyze):
    text = "Bei seinem Besuch in Kasachstan wurde Xi Jinping herzlich empfangen."
    visit = by_type(analyze(text, published=None), "visit")[0]
    assert visit.date is None


def test_evidence_is_a_span_of_the_text(analyze):
    text = "Kasachstan und China unterzeichneten am Montag in Astana ein Abkommen über den Bahnverkehr."
    for event in analyze(text, published="2025-04-09").events:
        assert "Abkommen" in text[event.evidence.start : event.evidence.end]


# ---------------------------------------------------------------- dates of events


def test_undated_current_event_takes_the_publication_month_not_its_day(analyze):
    text = "Die Präsidenten Kasachstans und Usbekistans führten Gespräche in Taschkent."
    meeting = analyze(text, published="2025-03-07").events[0]
    assert meeting.date == "2025-03"


def test_agreement_told_with_a_dated_summit_takes_its_day(analyze):
    text = (
        "Am Dienstag kamen die Staatschefs Chinas und Kasachstans in Astana zum Gipfel zusammen. "
        "Xi Jinping sprach über den Handel. Tokajew lobte die Zusammenarbeit. "
        "Ein Kommentar zum Gipfel in Astana hebt hervor, dass China und Kasachstan einen Vertrag "
        "über Freundschaft unterzeichnet haben."
    )
    analysis = analyze(text, published="2025-06-19")
    agreement = by_type(analysis, "agreement")[0]
    assert agreement.date == "2025-06-17"
    assert agreement.place == "astana"


def test_plan_continues_the_dated_plan_before_it(analyze):
    text = (
        "The official talks between Russia and Tajikistan will take place on Thursday in Dushanbe. "
        "The presidents are expected to sign a joint statement."
    )
    agreement = by_type(analyze(text, published="2025-10-07", language="en"), "agreement")[0]
    assert agreement.modality == "planned"
    assert agreement.date == "2025-10-09"


# ---------------------------------------------------------------- participants


def test_seas_are_never_participants(analyze):
    text = (
        "The presidents of Kazakhstan and Azerbaijan met in Baku on Monday to discuss shipping across the Caspian Sea."
    )
    meeting = analyze(text, published="2025-03-07", language="en").events[0]
    assert set(meeting.participants) == {"kazakhstan", "azerbaijan"}


def test_names_listed_before_the_clause_take_part(analyze):
    text = "On Friday, Kazakhstan, Kyrgyzstan and Tajikistan signed a water-sharing agreement, the ministry said."
    agreement = by_type(analyze(text, published="2025-03-07", language="en"), "agreement")[0]
    assert set(agreement.participants) == {"kazakhstan", "kyrgyzstan", "tajikistan"}


def test_clause_with_two_states_gives_the_participants(analyze):
    text = (
        "Turkmenistan arbeitet mit Afghanistan an einer Pipeline, während der usbekische Premierminister "
        "Abdulla Aripow Afghanistan im August einen Besuch abstattete."
    )
    visit = by_type(analyze(text, published="2024-09"), "visit")[0]
    assert "turkmenistan" not in visit.participants
    assert {"uzbekistan", "afghanistan"} <= set(visit.participants)


def test_currency_is_not_a_party(analyze):
    text = "Kasachstan und Usbekistan unterzeichneten am Montag Verträge über 5 Milliarden US-Dollar."
    agreement = by_type(analyze(text, published="2025-03-07"), "agreement")[0]
    assert "united-states" not in agreement.participants


def test_host_state_joins_only_when_the_text_names_it(analyze):
    text = "Die Außenminister der EU und Kasachstans trafen sich am Montag in Brüssel."
    meeting = analyze(text, published="2025-06-19").events[0]
    assert meeting.place == "brussels"
    assert "belgium" not in meeting.participants
    named = "Die Präsidenten Russlands und Kasachstans trafen sich am Montag in Astana."
    assert "kazakhstan" in analyze(named, published="2025-06-19").events[0].participants


def test_visit_has_no_organisations_and_back_reference_reaches_over_a_name(analyze):
    text = "Chinese President Xi Jinping paid a state visit to Kazakhstan on Tuesday, days before the SCO summit."
    events = analyze(text, published="2025-03-07", language="en").events
    assert [e.type for e in events] == ["visit"]
    assert set(events[0].participants) == {"china", "xi-jinping", "kazakhstan"}


def test_host_receiving_summit_guests_is_the_summit(analyze):
    text = (
        "The leaders of Kazakhstan, Uzbekistan, Tajikistan and Turkmenistan came to Washington for the "
        "C5+1 summit on Thursday. President Donald Trump received the leaders at the White House."
    )
    events = analyze(text, published="2025-03-07", language="en").events
    assert [e.type for e in events] == ["summit"]
    assert {"united-states", "kazakhstan", "turkmenistan"} <= set(events[0].participants)


def test_conference_is_a_forum(analyze):
    text = "Eine Investorenkonferenz der EU und Usbekistans fand am Mittwoch in Taschkent statt."
    assert by_type(analyze(text, published="2025-03-07"), "forum")


# ---------------------------------------------------------------- Russian


def test_russian_talks_with_weekday_and_place(analyze):
    text = (
        "Во вторник президент Казахстана Касым-Жомарт Токаев провел переговоры с председателем КНР "
        "Си Цзиньпином в Астане."
    )
    meeting = analyze(text, published="2025-03-05", language="ru").events[0]
    assert meeting.type == "meeting"
    assert meeting.date == "2025-03-04"
    assert meeting.place == "astana"
    assert {"kazakhstan", "china", "xi-jinping", "kassym-jomart-tokayev"} <= set(meeting.participants)


def test_russian_signing_after_a_meeting_continues_it(analyze):
    text = (
        "12 марта в Ташкенте состоялась встреча министров иностранных дел Узбекистана и Китая. "
        "По итогам встречи стороны подписали меморандум о сотрудничестве."
    )
    analysis = analyze(text, published="2025-03-14", language="ru")
    agreement = by_type(analysis, "agreement")[0]
    assert agreement.date == "2025-03-12"
    assert {"uzbekistan", "china"} <= set(agreement.participants)


def test_russian_planned_summit_of_a_format_keeps_its_place(analyze):
    text = "Саммит Центральная Азия – Китай состоится в июне в Астане."
    summit = analyze(text, published="2025-03-05", language="ru").events[0]
    assert (summit.type, summit.modality, summit.date, summit.place) == ("summit", "planned", "2025-06", "astana")
    assert {"central-asia", "china"} <= set(summit.participants)


def test_russian_start_of_construction_is_a_planned_milestone(analyze):
    text = "Строительство железной дороги Китай – Киргизия – Узбекистан начнется в июле."
    project = by_type(analyze(text, published="2025-03-05", language="ru"), "project")[0]
    assert project.modality == "planned"
    assert project.date == "2025-07"


def test_russian_eve_before_a_verb_is_yesterday(analyze):
    text = "Накануне президент России Владимир Путин встретился с Касым-Жомартом Токаевым в Москве."
    meeting = analyze(text, published="2025-03-05", language="ru").events[0]
    assert (meeting.date, meeting.place) == ("2025-03-04", "moscow")


def test_russian_cabinet_session_is_not_an_event(analyze):
    text = "Заседание правительства прошло во вторник, сообщила китайская компания."
    assert analyze(text, published="2025-03-05", language="ru").events == []


# ---------------------------------------------------------------- triggers in all three languages


@pytest.mark.parametrize(
    "language,text,etype",
    [
        ("de", "Die Staatschefs der Organisation der Turkstaaten tagten am Freitag in Bischkek.", "meeting"),
        ("de", "Der chinesische Ministerpräsident Li Qiang empfing Kirgistans Regierungschef in Peking.", "visit"),
        ("de", "Turkmenistan hat am Freitag einen Abschnitt der Pipeline nach China in Betrieb genommen.", "project"),
        ("en", "Leaders of Kazakhstan and Kyrgyzstan convened in Bishkek on Friday.", "meeting"),
        ("en", "Turkish Foreign Minister Hakan Fidan paid an official visit to Ashgabat on Monday.", "visit"),
        ("en", "Kazakhstan and China inked a deal on a new gas pipeline on Tuesday.", "agreement"),
        ("en", "Uzbekistan and the European Union on Friday initialled a partnership agreement.", "agreement"),
        ("en", "Kazakhstan and Kyrgyzstan held talks on water sharing.", "meeting"),
        ("en", "Turkmenistan put the new gas pipeline to China into operation.", "project"),
        ("de", "Die Außenminister Kasachstans und Chinas kamen zu Beratungen zusammen.", "meeting"),
        ("ru", "Казахстан и Киргизия провели переговоры по водным ресурсам.", "meeting"),
        ("de", "Usbekistan und die EU paraphierten am Freitag ein Partnerschaftsabkommen.", "agreement"),
        ("ru", "Президент Туркменистана принял в Ашхабаде министра иностранных дел Турции Хакана Фидана.", "visit"),
        ("ru", "Главы МИД Казахстана и Китая провели переговоры в Пекине в пятницу.", "meeting"),
        ("ru", "В понедельник Казахстан и Россия заключили соглашение о строительстве АЭС.", "agreement"),
        ("ru", "Участок газопровода из Туркменистана в Китай введен в эксплуатацию в пятницу.", "project"),
    ],
)
def test_trigger_forms(analyze, language, text, etype):
    events = analyze(text, published="2025-04-10", language=language).events
    assert etype in [e.type for e in events], events


@pytest.mark.parametrize(
    "language,text",
    [
        ("ru", "Токаев принял участие в обсуждении, сообщила пресс-служба Казахстана и Китая."),
        ("en", "The ministers of Kazakhstan and China paid tribute to the victims."),
        ("en", "Uzbekistan received support from China for the reform."),
    ],
)
def test_other_verb_phrases_are_no_visits(analyze, language, text):
    assert "visit" not in [e.type for e in analyze(text, published="2025-04-10", language=language).events]


def test_word_lists_follow_the_language(analyze):
    # German "plant" (plans) makes a plan; the English noun "plant" does not
    text = "Construction of the hydropower plant in Kyrgyzstan began in October, Kyrgyzstan and China said."
    project = by_type(analyze(text, published="2025-04-10", language="en"), "project")[0]
    assert (project.modality, project.date) == ("reported", "2024-10")


def test_labels_say_what_happened(analyze):
    text = "Am Dienstag unterzeichneten die EU und Usbekistan in Brüssel ein Memorandum über Rohstoffe."
    agreement = by_type(analyze(text, published="2025-04-10"), "agreement")[0]
    assert agreement.label.startswith("Agreement signed (Memorandum) in Brussels: ")
    summit = analyze(
        "The C5+1 summit met in Washington on Thursday with the United States and Kazakhstan.",
        published="2025-11-08",
        language="en",
    ).events[0]
    assert summit.label.startswith("C5+1 summit in Washington, D.C.")
    plan = analyze(
        "Tokayev will visit China next month, Kazakhstan and China said.", published="2025-11-08", language="en"
    ).events[0]
    assert "[planned]" in plan.label


@pytest.mark.parametrize(
    "language,text",
    [
        ("en", "The first summit, held in 2023 in Xi'an, brought together China and the five Central Asian states."),
        (
            "ru",
            "На первом саммите Центральная Азия – Китай, состоявшемся в 2023 году в Сиане, лидеры подписали декларацию.",
        ),
    ],
)
def test_background_summit_keeps_its_own_date_and_place(analyze, language, text):
    summit = by_type(analyze(text, published="2025-06-19", language=language), "summit")[0]
    assert (summit.date, summit.place) == ("2023", "xian")


def test_date_clauses_away_belongs_to_another_event(analyze):
    text = (
        "Putin spoke at a forum held jointly with Tokayev, who came to Moscow, the Russian capital, "
        "on his first visit since he was re-elected president last week."
    )
    forum = by_type(analyze(text, published="2022-12-02", language="en"), "forum")[0]
    assert forum.date == "2022-12"  # the publication month; "last week" (in November) dates the re-election


@pytest.mark.parametrize(
    "language,text",
    [
        ("en", "On Monday China and Kyrgyzstan signed a loan agreement for the China–Kyrgyzstan–Uzbekistan railway."),
        (
            "ru",
            "В понедельник Китай и Киргизия подписали соглашение о кредите на железную дорогу Китай – Киргизия – Узбекистан.",
        ),
    ],
)
def test_states_only_in_a_route_name_are_no_parties(analyze, language, text):
    agreement = by_type(analyze(text, published="2025-06-19", language=language), "agreement")[0]
    assert {"china", "kyrgyzstan"} <= set(agreement.participants)
    assert "uzbekistan" not in agreement.participants


def test_route_states_build_the_route(analyze):
    text = "Construction of the China–Kyrgyzstan–Uzbekistan railway began on Monday."
    project = by_type(analyze(text, published="2025-06-19", language="en"), "project")[0]
    assert {"china", "kyrgyzstan", "uzbekistan"} <= set(project.participants)


@pytest.mark.parametrize(
    "language,text,source",
    [
        (
            "ru",
            "По словам помощника президента России Юрия Ушакова, Путин и Рахмон проведут переговоры в Душанбе в четверг.",
            "Ushakov",
        ),
        (
            "en",
            "Putin and Rahmon will hold talks in Dushanbe on Thursday, Kremlin spokesman Dmitry Peskov said.",
            "Peskov",
        ),
    ],
)
def test_people_who_report_an_event_take_no_part(analyze, language, text, source):
    analysis = analyze(text, published="2025-10-07", language=language)
    reporter = [e.id for e in analysis.entities if source in e.name]
    assert reporter, "the reporting person is recognised"
    meeting = analysis.events[0]
    assert {"vladimir-putin", "emomali-rahmon"} <= set(meeting.participants)
    assert reporter[0] not in meeting.participants


def test_ordinal_summit_of_a_format_is_an_event_with_its_parties(analyze):
    text = "Глава государства участвовал во втором саммите «Центральная Азия – Китай» в Астане."
    summit = analyze(text, published="2025-06-19", language="ru").events[0]
    assert summit.type == "summit"
    assert {"china", "central-asia"} <= set(summit.participants)


def test_national_body_at_a_forum_is_its_state(analyze):
    text = "Am Dienstag nahmen die EU und das Energieministerium Usbekistans am Investorenforum in Brüssel teil."
    forum = by_type(analyze(text, published="2025-10-20"), "forum")[0]
    assert "uzbekistan" in forum.participants
    assert not any(p.startswith("ministry") for p in forum.participants)


def test_milestone_of_a_named_project_without_states(analyze):
    text = "Начало строительства Камбаратинской ГЭС-1 запланировано на 2026 год."
    project = analyze(text, published="2025-10-20", language="ru").events[0]
    assert (project.type, project.modality, project.date) == ("project", "planned", "2026")
    assert project.participants == ["kambarata-1"]


def test_meeting_with_a_delegation_keeps_the_organisation(analyze):
    text = "Президент Казахстана провел встречу с делегацией Всемирного банка."
    meeting = analyze(text, published="2025-10-20", language="ru").events[0]
    assert meeting.type == "meeting"
    assert "world-bank" in meeting.participants


def test_decimal_commas_end_no_clause(analyze):
    text = "Kasachstan und China unterzeichneten Verträge über 1,5 Milliarden Dollar und 2,3 Milliarden Euro am Montag."
    agreement = by_type(analyze(text, published="2025-10-22"), "agreement")[0]
    assert agreement.date == "2025-10-20"


def test_city_standing_for_an_unnamed_state_is_no_party(analyze):
    text = "Die EU und Usbekistan unterzeichneten am Freitag ein Memorandum, wie aus Brüssel verlautete."
    agreement = by_type(analyze(text, published="2024-04-08"), "agreement")[0]
    assert "belgium" not in agreement.participants
    assert {"european-union", "uzbekistan"} <= set(agreement.participants)


def test_body_of_a_participating_organisation_is_that_organisation(analyze):
    text = "The European Union and Uzbekistan signed a memorandum on raw materials on Friday, the European Commission said."
    agreement = by_type(analyze(text, published="2024-04-08", language="en"), "agreement")[0]
    assert {"european-union", "uzbekistan"} <= set(agreement.participants)
    assert "european-commission" not in agreement.participants


def test_reporter_of_the_sentence_before_is_no_party(analyze):
    text = (
        "По словам помощника президента России Юрия Ушакова, визит Путина в Таджикистан продолжится в четверг. "
        "«Стороны подпишут совместное заявление», — сказал он."
    )
    analysis = analyze(text, published="2025-10-07", language="ru")
    reporter = [e.id for e in analysis.entities if "Ushakov" in e.name]
    agreement = by_type(analysis, "agreement")[0]
    assert reporter and reporter[0] not in agreement.participants
    assert "vladimir-putin" in agreement.participants


def test_bracketed_aside_names_no_party_but_a_bracketed_list_does(analyze):
    aside = (
        "Tokajew bekräftigte während des Treffens in Washington die Unterstützung für Initiativen wie TRIPP "
        "(eine von den USA geförderte Route zwischen Aserbaidschan und Armenien)."
    )
    meeting = analyze(aside, published="2025-11-10").events[0]
    assert not {"azerbaijan", "armenia"} & set(meeting.participants)
    listed = (
        "At the forum on Monday, the EU met the Central Asian countries (Uzbekistan, Turkmenistan, "
        "Tajikistan, Kyrgyzstan and Kazakhstan)."
    )
    forum = analyze(listed, published="2024-01-30", language="en").events[0]
    assert {"uzbekistan", "kazakhstan"} <= set(forum.participants)
