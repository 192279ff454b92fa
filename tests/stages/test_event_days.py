"""Events told by their relation to other events: the eve of a summit, the day before, the same day,
last week; a summit's guests and its reception; background meetings of a series; round tables."""

import pytest


def of_type(analysis, etype):
    return [e for e in analysis.events if e.type == etype]


def encounters(analysis):
    return [e for e in analysis.events if e.type in ("meeting", "summit", "visit", "forum")]


@pytest.mark.parametrize(
    "text, language, published",
    [
        (
            "Uzbekistan and Japan held a summit in Tokyo on Tuesday. On the eve of the summit, the foreign "
            "ministers of Uzbekistan and Japan held talks on transit.",
            "en",
            "2026-05-14",
        ),
        (
            "Am Dienstag fand in Tokio ein Gipfeltreffen Usbekistans und Japans statt. Am Vortag des Gipfels "
            "trafen sich die Außenminister Usbekistans und Japans zu Gesprächen über den Transit.",
            "de",
            "2026-05-14",
        ),
        (
            "Во вторник в Токио состоялся саммит Узбекистана и Японии. Накануне саммита министры иностранных "
            "дел Узбекистана и Японии провели переговоры о транзите.",
            "ru",
            "2026-05-14",
        ),
    ],
)
def test_the_eve_of_a_summit_is_the_day_before_it_and_an_event_of_its_own(analyze, text, language, published):
    analysis = analyze(text, published=published, language=language)
    summits, meetings = of_type(analysis, "summit"), of_type(analysis, "meeting")
    assert [s.date for s in summits] == ["2026-05-12"]
    assert [m.date for m in meetings] == ["2026-05-11"]
    assert meetings[0].place == "tokyo"


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Leaders of Kazakhstan, Kyrgyzstan and Uzbekistan met in Almaty on Friday for a summit. The day "
            "before, the energy ministers of Kazakhstan and Kyrgyzstan met in Almaty.",
            "en",
        ),
        (
            "Die Präsidenten Kasachstans, Kirgisistans und Usbekistans trafen sich am Freitag in Almaty zu einem "
            "Gipfel. Tags zuvor waren die Energieminister Kasachstans und Kirgisistans in Almaty zusammengekommen.",
            "de",
        ),
        (
            "В пятницу в Алматы состоялся саммит Казахстана, Кыргызстана и Узбекистана. Днём ранее в Алматы "
            "встретились министры энергетики Казахстана и Кыргызстана.",
            "ru",
        ),
    ],
)
def test_the_day_before_counts_from_the_event_told_last(analyze, text, language):
    analysis = analyze(text, published="2026-03-09", language=language)
    dates = sorted(e.date for e in encounters(analysis))
    assert dates == ["2026-03-05", "2026-03-06"]


@pytest.mark.parametrize(
    "text, language, published",
    [
        (
            "On 3 March, Tajikistan and Hungary held consultations in Dushanbe. The previous round was held in "
            "Budapest in May 2024. On the same day, a round table on tourism brought together companies from "
            "Tajikistan and Hungary in Dushanbe.",
            "en",
            "2026-03",
        ),
        (
            "Am 3. März führten Tadschikistan und Ungarn in Duschanbe Konsultationen. Die vorige Runde hatte im "
            "Mai 2024 in Budapest stattgefunden. Am selben Tag brachte ein Runder Tisch zum Tourismus in "
            "Duschanbe Unternehmen aus Tadschikistan und Ungarn zusammen.",
            "de",
            "2026-03",
        ),
        (
            "3 марта в Душанбе прошли консультации Таджикистана и Венгрии. Предыдущий раунд состоялся в мае 2024 "
            "года в Будапеште. В тот же день в Душанбе прошел круглый стол по туризму с участием компаний "
            "Таджикистана и Венгрии.",
            "ru",
            "2026-03",
        ),
    ],
)
def test_the_same_day_is_the_last_day_told_and_a_round_table_is_an_event(analyze, text, language, published):
    analysis = analyze(text, published=published, language=language)
    forums = of_type(analysis, "forum")
    assert [(f.date, f.place) for f in forums] == [("2026-03-03", "dushanbe")]
    assert {"tajikistan", "hungary"} <= set(forums[0].participants)


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Japan hosted the first Japan–Central Asia summit on Thursday. Prime Minister Shigeru Ishiba welcomed "
            "Kazakh President Kassym-Jomart Tokayev, Uzbek President Shavkat Mirziyoyev, Kyrgyz President Sadyr "
            "Japarov and Tajik President Emomali Rahmon at his residence.",
            "en",
        ),
        (
            "In Tokio fand am Donnerstag der erste Gipfel Japan–Zentralasien statt. Premierminister Shigeru Ishiba "
            "empfing den kasachischen Präsidenten Kassym-Schomart Tokajew, den usbekischen Präsidenten Schawkat "
            "Mirsijojew, den kirgisischen Präsidenten Sadyr Dschaparow und den tadschikischen Präsidenten Emomali "
            "Rahmon in seiner Residenz.",
            "de",
        ),
    ],
)
def test_guests_listed_after_the_host_verb_are_the_summits(analyze, text, language):
    analysis = analyze(text, published="2026-06-12", language=language)
    assert not of_type(analysis, "visit")  # the reception is the summit's, not a state visit
    summit = of_type(analysis, "summit")[0]
    assert summit.date == "2026-06-11"
    assert {"kazakhstan", "uzbekistan", "kyrgyzstan", "tajikistan"} <= set(summit.participants)


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Die Europäische Union und die fünf zentralasiatischen Staaten wollen enger zusammenarbeiten. Darauf "
            "verständigten sie sich auf ihrem Gipfeltreffen in der turkmenischen Hauptstadt.",
            "de",
        ),
        (
            "The European Union and the five Central Asian states will deepen cooperation. They agreed on this at "
            "their summit in the Turkmen capital.",
            "en",
        ),
    ],
)
def test_a_state_named_for_its_capital_is_where_and_the_parties_come_from_before(analyze, text, language):
    summit = of_type(analyze(text, published="2026-04-17", language=language), "summit")[0]
    assert summit.place == "ashgabat"
    assert "european-union" in summit.participants


@pytest.mark.parametrize(
    "text, language, place",
    [
        (
            "President Tokayev and President Putin opened the Forum of Interregional Cooperation in Omsk. The "
            "previous forum was held in November last year in Uralsk.",
            "en",
            "oral",
        ),
        (
            "Präsident Tokajew und Präsident Putin eröffneten in Omsk das Forum der interregionalen Zusammenarbeit. "
            "Das vorige Forum hatte im November vergangenen Jahres in Uralsk stattgefunden.",
            "de",
            "oral",
        ),
        (
            "Президенты Касым-Жомарт Токаев и Владимир Путин открыли в Омске Форум межрегионального "
            "сотрудничества. Предыдущий форум прошел в ноябре прошлого года в Уральске.",
            "ru",
            "oral",
        ),
    ],
)
def test_an_earlier_meeting_of_a_series_has_the_series_parties_not_the_people_around(analyze, text, language, place):
    forums = of_type(analyze(text, published="2026-11-06", language=language), "forum")
    earlier = [f for f in forums if f.date == "2025-11"]
    assert earlier and earlier[0].place == place
    assert set(earlier[0].participants) == {"kazakhstan", "russia"}


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Der zweite Gipfel EU–Zentralasien begann am Donnerstag in Aschgabat. Beim ersten Gipfel, der im April "
            "2025 in Samarkand stattgefunden hatte, wurde eine Partnerschaft vereinbart. Am Rande des Gipfels "
            "unterzeichneten die EU und Turkmenistan ein Memorandum.",
            "de",
        ),
        (
            "The second EU–Central Asia summit opened in Ashgabat on Thursday. The first summit, held in Samarkand "
            "in April 2025, had agreed a partnership. On the sidelines of the summit, the EU and Turkmenistan "
            "signed a memorandum.",
            "en",
        ),
    ],
)
def test_a_signing_on_the_sidelines_is_at_the_current_summit_not_the_one_told_just_before(analyze, text, language):
    agreement = of_type(analyze(text, published="2026-04-17", language=language), "agreement")[0]
    assert (agreement.date, agreement.place) == ("2026-04-16", "ashgabat")


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "On Thursday President Sadyr Japarov received Kazakhstan's foreign minister in Bishkek. Last week the border "
            "commission of Kyrgyzstan and Tajikistan met in Dushanbe.",
            "en",
        ),
        (
            "Am Donnerstag empfing Präsident Dschaparow in Bischkek den Außenminister Kasachstans. In der "
            "vergangenen Woche war in Duschanbe die Grenzkommission Kirgisistans und Tadschikistans zusammengekommen.",
            "de",
        ),
        (
            "В четверг президент Жапаров принял в Бишкеке министра иностранных дел Казахстана. На прошлой неделе "
            "в Душанбе состоялось заседание пограничной комиссии Кыргызстана и Таджикистана.",
            "ru",
        ),
    ],
)
def test_last_week_is_not_a_day_of_this_week(analyze, text, language):
    analysis = analyze(text, published="2026-01-23", language=language)
    places = sorted((e.date, e.place) for e in encounters(analysis))
    assert places == [("2026-01", "dushanbe"), ("2026-01-22", "bishkek")]


@pytest.mark.parametrize(
    "text, language, city",
    [
        ("Tokyo hosted the first Central Asia plus Japan summit on Friday.", "en", "tokyo"),
        ("Tashkent hosted a meeting of the foreign ministers of Uzbekistan and Turkey on Monday.", "en", "tashkent"),
        (
            "Am Montag war Taschkent Gastgeber eines Treffens der Außenminister Usbekistans und der Türkei.",
            "de",
            "tashkent",
        ),
        ("Ташкент принял в понедельник встречу министров иностранных дел Узбекистана и Турции.", "ru", "tashkent"),
    ],
)
def test_a_city_that_hosts_is_the_place_and_no_visitor(analyze, text, language, city):
    events = encounters(analyze(text, published="2025-06-19", language=language))
    assert [e.place for e in events] == [city]
    assert events[0].type != "visit"


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "On Monday the Gulf Cooperation Council held a summit in Doha at which Saudi Arabia and Qatar pledged "
            "money for ports in Central Asia.",
            "en",
        ),
        (
            "Am Montag hielt der Golf-Kooperationsrat in Doha einen Gipfel ab, auf dem Saudi-Arabien und Katar Geld "
            "für Häfen in Zentralasien zusagten.",
            "de",
        ),
    ],
)
def test_a_group_of_states_named_as_where_takes_no_part(analyze, text, language):
    summit = of_type(analyze(text, published="2025-06-19", language=language), "summit")[0]
    assert summit.place == "doha"
    assert "central-asia" not in summit.participants
    assert {"saudi-arabia", "qatar"} <= set(summit.participants)


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "The first China–Central Asia summit, held in 2023 in Xi'an, set up a secretariat. The second summit "
            "opened in Astana on Tuesday.",
            "en",
        ),
        (
            "Der erste Gipfel China–Zentralasien, der 2023 in Xi'an stattfand, gründete ein Sekretariat. Der zweite "
            "Gipfel begann am Dienstag in Astana.",
            "de",
        ),
    ],
)
def test_the_next_meeting_of_a_series_is_its_own_event_with_the_series_parties(analyze, text, language):
    summits = sorted(
        (s.date, s.place, frozenset(s.participants))
        for s in of_type(analyze(text, published="2025-06-19", language=language), "summit")
    )
    assert summits == [
        ("2023", "xian", frozenset({"china", "central-asia"})),
        ("2025-06-17", "astana", frozenset({"china", "central-asia"})),
    ]


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "President Tokayev received Chinese Foreign Minister Wang Yi in Astana on Monday. The same day, a round "
            "table brought together experts of the two countries in Astana.",
            "en",
        ),
        (
            "Präsident Tokajew empfing am Montag in Astana den chinesischen Außenminister Wang Yi. Am selben Tag "
            "brachte ein Runder Tisch in Astana Fachleute der beiden Länder zusammen.",
            "de",
        ),
        (
            "В понедельник президент Токаев принял министра иностранных дел Китая Ван И в Астане. В тот же день в "
            "Астане прошел круглый стол с участием экспертов двух стран.",
            "ru",
        ),
    ],
)
def test_experts_of_the_two_countries_are_the_states_not_the_people_told_before(analyze, text, language):
    forum = of_type(analyze(text, published="2026-03-11", language=language), "forum")[0]
    assert forum.date == "2026-03-09"
    assert set(forum.participants) == {"kazakhstan", "china"}


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Foreign ministers Kosherbayev and Wang Yi held talks in Astana on Monday. They discussed preparations "
            "for the session of the intergovernmental committee, which will take place in Beijing in May.",
            "en",
        ),
        (
            "Накануне в Астане министры иностранных дел Ермек Кошербаев и Ван И провели переговоры. Стороны обсудили "
            "подготовку к заседанию межправительственного комитета, которое пройдет в мае в Пекине.",
            "ru",
        ),
    ],
)
def test_a_meeting_planned_for_later_has_the_states_of_the_talks_not_their_people(analyze, text, language):
    later = [e for e in encounters(analyze(text, published="2026-03-10", language=language)) if e.date == "2026-05"]
    assert later and later[0].place == "beijing"
    assert set(later[0].participants) == {"kazakhstan", "china"}
