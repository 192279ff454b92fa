"""Temporal expressions: forms, resolution against the publication date, false positives, robustness."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silkgraph.stages.dates import (
    FUTURE,
    PAST,
    Timex,
    find_timexes,
    parse_published,
    resolve,
    resolve_month,
    resolve_offset,
    resolve_part,
    shift_weekday,
)

PUB = "2025-01-15"  # a Wednesday
SHARED = Path(__file__).resolve().parents[3] / "shared"


def values(text, language="de", published=PUB):
    return [t.value for t in find_timexes(text, language, published)]


def only(text, language="de", published=PUB) -> Timex:
    found = find_timexes(text, language, published)
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------- absolute forms


@pytest.mark.parametrize(
    "text,language,value",
    [
        ("am 15. Januar 2025", "de", "2025-01-15"),
        ("15. Jan. 2025", "de", "2025-01-15"),
        ("15.01.2025", "de", "2025-01-15"),
        ("3.7.2024", "de", "2024-07-03"),
        ("2025-01-15", "de", "2025-01-15"),
        ("15. Januar, 2025", "de", "2025-01-15"),
        ("Dienstag, 14. Januar 2025", "de", "2025-01-14"),
        ("January 15, 2025", "en", "2025-01-15"),
        ("Jan. 15, 2025", "en", "2025-01-15"),
        ("15 January 2025", "en", "2025-01-15"),
        ("on the 15th of January 2025", "en", "2025-01-15"),
        ("on Tuesday, January 14, 2025", "en", "2025-01-14"),
        ("01/31/2025", "en", "2025-01-31"),
        ("im Juli 2025", "de", "2025-07"),
        ("Juli 2025", "de", "2025-07"),
        ("in July 2025", "en", "2025-07"),
        ("Sept. 2024", "en", "2024-09"),
        ("2025-05", "de", "2025-05"),
        ("im Jahr 2022", "de", "2022"),
        ("im Jahre 1991", "de", "1991"),
        ("in 2022", "en", "2022"),
        ("the year 2022", "en", "2022"),
        ("2022", "de", "2022"),
        ("im ersten Quartal 2023", "de", "2023-Q1"),
        ("im 1. Quartal 2023", "de", "2023-Q1"),
        ("im vierten Quartal des Jahres 2023", "de", "2023-Q4"),
        ("Q1 2023", "en", "2023-Q1"),
        ("Q3/2023", "de", "2023-Q3"),
        ("in the first quarter of 2023", "en", "2023-Q1"),
        ("im ersten Halbjahr 2024", "de", "2024"),
        ("in the second half of 2024", "en", "2024"),
        ("H1 2024", "en", "2024"),
        ("im Sommer 2024", "de", "2024"),
        ("in spring 2024", "en", "2024"),
    ],
)
def test_absolute_forms(text, language, value):
    t = only(text, language)
    assert t.value == value
    assert not t.relative
    assert t.text == text.strip()


@pytest.mark.parametrize(
    "text,language,value,mod",
    [
        ("Anfang Juli 2025", "de", "2025-07", "early"),
        ("Ende Juli 2025", "de", "2025-07", "late"),
        ("Anfang 2024", "de", "2024", "early"),
        ("Mitte 2024", "de", "2024", "mid"),
        ("Ende 2024", "de", "2024", "late"),
        ("seit 2019", "de", "2019", "since"),
        ("bis 2030", "de", "2030", "until"),
        ("early 2024", "en", "2024", "early"),
        ("mid-2024", "en", "2024", "mid"),
        ("late 2024", "en", "2024", "late"),
        ("since 2019", "en", "2019", "since"),
        ("by the end of 2025", "en", "2025", "late"),
        ("im ersten Halbjahr 2024", "de", "2024", "H1"),
    ],
)
def test_period_modifiers(text, language, value, mod):
    t = only(text, language)
    assert (t.value, t.mod, t.text) == (value, mod, text)


def test_span_takes_in_preposition_and_weekday():
    text = "Das Treffen fand am Dienstag, 14. Januar 2025 in Almaty statt."
    t = only(text)
    assert t.text == "am Dienstag, 14. Januar 2025"
    assert text[t.start : t.end] == t.text


def test_day_ranges_give_one_timex_per_day():
    assert values("am 3. und 4. Juli 2024") == ["2024-07-03", "2024-07-04"]
    assert values("vom 3. bis 5. Juli 2024") == ["2024-07-03", "2024-07-05"]
    assert values("March 3-4, 2024", "en") == ["2024-03-03", "2024-03-04"]


@pytest.mark.parametrize(
    "text, language, days",
    [
        ("vom 3. bis 5. Juli 2024", "de", ["2024-07-03", "2024-07-05"]),
        ("vom 3. bis zum 5. Juli 2024", "de", ["2024-07-03", "2024-07-05"]),
        ("from 3 to 5 July 2024", "en", ["2024-07-03", "2024-07-05"]),
        ("с 3 по 5 июля 2024 года", "ru", ["2024-07-03", "2024-07-05"]),
    ],
)
def test_a_span_of_days_is_when_something_took_place_not_a_start(text, language, days):
    found = find_timexes(text, language, PUB)
    assert [t.value for t in found] == days
    assert all(t.mod is None for t in found)


@pytest.mark.parametrize(
    "text, language, value, mod",
    [
        ("seit dem 17. Juni 2024", "de", "2024-06-17", "since"),
        ("ab dem 1. Juli 2024", "de", "2024-07-01", "from"),
        ("in mid-October 2024", "en", "2024-10", "mid"),
        ("Mid-May 2024", "en", "2024-05", "mid"),
    ],
)
def test_prepositions_with_an_article_and_hyphenated_positions(text, language, value, mod):
    t = only(text, language)
    assert (t.value, t.mod) == (value, mod)


def test_a_hyphen_before_a_month_takes_it_in_only_after_a_word_of_position():
    assert values("the Sino-October talks", "en") == []


@pytest.mark.parametrize("text", ["2-го декабря 2024 года", "2 декабря 2024 года"])
def test_russian_ordinal_day_with_its_ending(text):
    assert values(text, "ru") == ["2024-12-02"]


# ---------------------------------------------------------------- bare years


@pytest.mark.parametrize(
    "text",
    [
        "2022 Dokumente wurden unterzeichnet",
        "Es kamen 2000 Teilnehmer",
        "rund 2000 Euro",
        "$2022 million",
        "Kosten: 2022 Mio. Euro",
        "Nr. 2022",
        "1850 Soldaten",
        "Die Zahl 2041",
        "2000 tonnes of wheat",
        "Global 2000",
        "Tel. 7172 2022 11",
    ],
)
def test_numbers_that_are_not_years(text):
    assert [t.value for t in find_timexes(text, None, PUB) if t.value and len(t.value) == 4] == []


def test_year_ranges_and_context_widen_the_range():
    assert values("von 2019 bis 2022") == ["2019", "2022"]
    assert values("im Jahr 1850") == ["1850"]
    assert values("1850") == []
    assert values("seit 1992") == ["1992"]


# ---------------------------------------------------------------- relative forms


@pytest.mark.parametrize(
    "text,language,value",
    [
        ("im vergangenen Jahr", "de", "2024"),
        ("letztes Jahr", "de", "2024"),
        ("im Vorjahr", "de", "2024"),
        ("last year", "en", "2024"),
        ("in diesem Jahr", "de", "2025"),
        ("dieses Jahr", "de", "2025"),
        ("this year", "en", "2025"),
        ("earlier this year", "en", "2025"),
        ("nächstes Jahr", "de", "2026"),
        ("im kommenden Jahr", "de", "2026"),
        ("next year", "en", "2026"),
        ("Ende des Jahres", "de", "2025"),
        ("Ende vergangenen Jahres", "de", "2024"),
        ("zum Jahresende", "de", "2025"),
        ("by the end of the year", "en", "2025"),
        ("vergangene Woche", "de", "2025-01"),
        ("letzte Woche", "de", "2025-01"),
        ("last week", "en", "2025-01"),
        ("im vergangenen Monat", "de", "2024-12"),
        ("last month", "en", "2024-12"),
        ("gestern", "de", "2025-01-14"),
        ("heute", "de", "2025-01-15"),
        ("morgen", "de", "2025-01-16"),
        ("yesterday", "en", "2025-01-14"),
        ("today", "en", "2025-01-15"),
        ("tomorrow", "en", "2025-01-16"),
        ("vor zwei Jahren", "de", "2023"),
        ("vor einem Jahr", "de", "2024"),
        ("vor drei Monaten", "de", "2024-10"),
        ("two years ago", "en", "2023"),
        ("a year ago", "en", "2024"),
        ("in zwei Jahren", "de", "2027"),
        ("im Juni vergangenen Jahres", "de", "2024-06"),
        ("in June last year", "en", "2024-06"),
        ("im dritten Quartal des vergangenen Jahres", "de", "2024-Q3"),
        ("in the first quarter of this year", "en", "2025-Q1"),
    ],
)
def test_relative_forms(text, language, value):
    t = only(text, language)
    assert (t.value, t.relative, t.text) == (value, True, text)


def test_last_week_crossing_a_month_takes_the_earlier_month():
    assert values("letzte Woche", published="2025-02-03") == ["2025-01"]


def test_comparison_with_the_previous_year_is_not_a_date():
    assert values("Der Handel stieg um 22 Prozent im Vergleich zum Vorjahr.") == []


def test_over_the_last_year_is_a_duration():
    assert values("Over the last year, trade grew.", "en") == []


@pytest.mark.parametrize(
    "text,language,value",
    [
        ("am Dienstag", "de", "2025-01-14"),
        ("Dienstag", "de", "2025-01-14"),
        ("on Tuesday", "en", "2025-01-14"),
        ("am Mittwoch", "de", "2025-01-15"),  # the publication day itself
        ("am Donnerstag", "de", "2025-01-09"),
        ("Dienstagabend", "de", "2025-01-14"),
        ("Tuesday night", "en", "2025-01-14"),
        ("am vergangenen Mittwoch", "de", "2025-01-08"),
        ("last Wednesday", "en", "2025-01-08"),
        ("am kommenden Montag", "de", "2025-01-20"),
        ("next Wednesday", "en", "2025-01-22"),
    ],
)
def test_weekdays(text, language, value):
    t = only(text, language)
    assert (t.value, t.relative, t.text) == (value, True, text)
    assert t.direction in (PAST, FUTURE)


def test_two_weekdays_joined_by_und():
    found = find_timexes("Der Gipfel findet am Mittwoch und Donnerstag statt.", "de", "2024-07-02")
    assert [t.text for t in found] == ["am Mittwoch", "Donnerstag"]


def test_future_cue_reads_weekday_and_month_forward():
    assert only("Der Gipfel wird am Donnerstag eröffnet.").value == "2025-01-16"
    assert only("Der Bau soll im Juli beginnen.").value == "2025-07"
    assert only("The summit will be held in June.", "en").value == "2025-06"
    assert only("Der Bau soll im Juli beginnen.").direction == FUTURE
    past = only("Die im Juni unterzeichnete Vereinbarung, die den Bau regeln soll.")
    assert (past.value, past.direction) == ("2024-06", PAST)


def test_tense_cues_can_be_switched_off():
    t = find_timexes("Der Bau soll im Juli beginnen.", "de", PUB, tense_cues=False)[0]
    assert (t.value, t.direction) == ("2024-07", PAST)


@pytest.mark.parametrize(
    "text,value",
    [
        ("im Juni", "2024-06"),
        ("im Januar", "2025-01"),
        ("im März", "2024-03"),
        ("Mitte Juli", "2024-07"),
        ("am 15. Januar", "2025-01-15"),
        ("am 20. Januar", "2024-01-20"),
    ],
)
def test_month_without_year_is_read_backward(text, value):
    t = only(text)
    assert (t.value, t.relative, t.direction) == (value, True, PAST)


def test_resolve_reads_a_relative_timex_the_other_way_or_from_another_date():
    t = only("im Juni")
    assert resolve(t, PUB, FUTURE).value == "2025-06"
    assert resolve(t, PUB, FUTURE).direction == FUTURE
    t = only("am Dienstag")
    assert resolve(t, PUB, FUTURE).value == "2025-01-21"
    assert resolve(t, "2025-02-06").value == "2025-02-04"
    assert resolve(only("im vergangenen Jahr"), "2020-05").value == "2019"
    assert resolve(only("im Juni vergangenen Jahres"), "2020-05").value == "2019-06"
    assert resolve(only("im dritten Quartal des Vorjahres"), "2020-05").value == "2019-Q3"
    fixed = only("im Juli 2025")
    assert resolve(fixed, PUB, PAST) is fixed


# ---------------------------------------------------------------- publication precision


def test_published_month_precision():
    found = find_timexes("Am Dienstag; im vergangenen Jahr; im Juni; gestern; letzte Woche.", "de", "2024-07")
    assert [t.value for t in found] == ["2024-07", "2023", "2024-06", "2024-07", "2024-07"]


def test_published_year_precision():
    assert values("Am Dienstag; last year; im Juni", None, "2024") == ["2024", "2023", "2024-06"]


def test_without_publication_date_relative_values_are_none():
    found = find_timexes("Am Dienstag; im vergangenen Jahr; im Juni; gestern; im Juli 2025; 2022.", "de", None)
    assert [(t.value, t.relative) for t in found] == [
        (None, True),
        (None, True),
        (None, True),
        (None, True),
        ("2025-07", False),
        ("2022", False),
    ]


@pytest.mark.parametrize(
    "published,expected",
    [
        ("2025-01-15", (2025, 1, 15)),
        ("2024-07", (2024, 7, None)),
        ("2024", (2024, None, None)),
        ("2025-01-15T10:00:00Z", (2025, 1, 15)),
        (None, None),
        ("", None),
        ("gestern", None),
        ("2025-02-30", None),
    ],
)
def test_parse_published(published, expected):
    assert parse_published(published) == expected


# ---------------------------------------------------------------- helpers


def test_shift_weekday():
    assert shift_weekday(PUB, 1) == "2025-01-14"
    assert shift_weekday(PUB, 1, FUTURE) == "2025-01-21"
    assert shift_weekday(PUB, 2) == "2025-01-15"
    assert shift_weekday(PUB, 2, PAST, strict=True) == "2025-01-08"
    assert shift_weekday(PUB, 2, FUTURE, strict=True) == "2025-01-22"
    assert shift_weekday("2025-01-01", 6) == "2024-12-29"
    assert shift_weekday("2024-07", 1) == "2024-07"
    assert shift_weekday(None, 1) is None


def test_resolve_month_and_parts():
    assert resolve_month(PUB, 6) == "2024-06"
    assert resolve_month(PUB, 6, FUTURE) == "2025-06"
    assert resolve_month(PUB, 1) == "2025-01"
    assert resolve_month(PUB, 1, PAST, strict=True) == "2024-01"
    assert resolve_month("2024-03", 2, day=30) == "2024-02"  # no 30 February: the month
    assert resolve_part("2025-05", 3, 4) == 2024
    assert resolve_part("2025-05", 3, 4, FUTURE) == 2025
    assert resolve_offset("2025-03-31", "month", -1) == "2025-02"
    assert resolve_offset("2025-01-02", "day", -3) == "2024-12-30"
    assert resolve_offset(None, "year", -1) is None


# ---------------------------------------------------------------- false positives


@pytest.mark.parametrize(
    "text,language",
    [
        ("Die Teilnehmer einigten sich. Die Gespräche dauerten an.", "de"),
        ("Mai Thi sagte, die Lage sei ernst.", "de"),
        ("Jan Müller sprach mit Jun Wang.", "de"),
        ("Das 11. China-Zentralasien-Kooperationsforum tagte.", "de"),
        ("Theresa May said the talks may continue.", "en"),
        ("August Bebel und der Kaiser.", "de"),
        ("Im Mittelpunkt standen montags die Gespräche am Morgen.", "de"),
        ("in den letzten Jahren", "de"),
        ("the first half of the match", "en"),
        ("C5+1, G20, Su-35, A320", None),
        ("In the first half of the talks, Q1 was a model name.", "en"),
    ],
)
def test_no_false_positives(text, language):
    assert find_timexes(text, language, PUB) == []


def test_mai_needs_a_date_word():
    assert values("Im Mai kam er.") == ["2024-05"]
    assert values("am 5. Mai 2024") == ["2024-05-05"]
    assert values("Mai 2024") == ["2024-05"]
    assert values("seit Mai") == ["2024-05"]


# ---------------------------------------------------------------- dev corpus


def _dev_documents():
    corpus = SHARED / "corpus" / "dev"
    for path in sorted(corpus.glob("*.txt")) if corpus.exists() else []:
        gold = json.loads((SHARED / "gold" / "dev" / f"{path.stem}.json").read_text(encoding="utf-8"))
        yield path.read_text(encoding="utf-8"), gold["document"]


@pytest.mark.skipif(not (SHARED / "corpus" / "dev").exists(), reason="dev corpus not present")
def test_dev_corpus_dates():
    found = {}
    for text, doc in _dev_documents():
        timexes = find_timexes(text, doc["language"], doc["published"])
        found[doc["id"]] = {t.value for t in timexes}
        for t in timexes:
            assert text[t.start : t.end] == t.text
    assert {"2022", "2023-Q1", "2025-07", "2024-10"} <= found["seed-000"]
    assert {"2025-01-14", "2024-06"} <= found["seed-001"]
    assert {"2023", "2024-07"} <= found["seed-002"]
    assert "2023" in found["seed-003"]


# ---------------------------------------------------------------- robustness


def _check(text, found):
    last_end = 0
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert t.start >= last_end, "sorted and non-overlapping"
        assert text[t.start : t.end] == t.text
        last_end = t.end


def test_work_grows_linearly_with_text():
    unit = "Am Dienstag, 14. Januar 2025, im Juni und 2022 stieg der Handel im ersten Quartal 2023. "
    one = find_timexes(unit, "de", PUB)
    many = find_timexes(unit * 300, "de", PUB)
    assert len(many) == 300 * len(one)
    assert [t.value for t in many[-len(one) :]] == [t.value for t in one]
    for text in ("2022 " * 20000, "Juni " * 20000, "1" * 100_000, "im " * 30000, "\u200f" * 100_000):
        _check(text, find_timexes(text, None, PUB))


_ALPHABET = st.sampled_from(
    list("0123456789 .,-/:+\n\t")
    + [
        "\x00",
        "\u200b",
        "\u200f",
        "\u202e",
        "\ufeff",
        "ß",
        "İ",
        "ا",
        "ש",
        "Ⅻ",
        "٣",
        "²",
        "Januar",
        "Juli",
        "Mai",
        "May",
        "Dienstag",
        "Tuesday",
        "im ",
        "am ",
        "Jahr",
        "vergangenen ",
        "Quartal",
        "ersten ",
        "Q1",
        "H2",
        "last ",
        "year",
        "ago",
        "vor ",
        "zwei ",
        "Jahren",
        "Ende ",
        "mid-",
        "Vorjahr",
        "gestern",
        "2022",
        "15.",
        "2025-01-",
        "Sommer ",
        "the first half of ",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(_ALPHABET, max_size=60),
    language=st.sampled_from(["de", "en", None, "fr"]),
    published=st.sampled_from([PUB, "2024-07", "2024", None, "garbage"]),
)
def test_arbitrary_text_never_fails(parts, language, published):
    text = "".join(parts)
    _check(text, find_timexes(text, language, published))


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300))
def test_arbitrary_unicode_never_fails(text):
    _check(text, find_timexes(text, None, PUB))


@settings(max_examples=5, deadline=None)
@given(seed=st.text(min_size=1, max_size=20))
def test_long_text_never_fails(seed):
    text = (seed * (100_000 // len(seed) + 1))[:100_000]
    _check(text, find_timexes(text, "de", PUB))


# ---------------------------------------------------------------- Russian


@pytest.mark.parametrize(
    "text,value,mod",
    [
        ("Переговоры прошли 12 марта 2024 года.", "2024-03-12", None),
        ("Документ подписан 3 апреля 2023 г.", "2023-04-03", None),
        ("Во вторник министры обсудили транзит.", "2025-01-14", None),
        ("В среду делегация прибыла в Бишкек.", "2025-01-15", None),
        ("Накануне стороны провели консультации.", "2025-01-14", None),
        ("Вчера глава МИД прилетел в Ташкент.", "2025-01-14", None),
        ("В прошлом году объём вырос.", "2024", None),
        ("в первом квартале 2024 года", "2024-Q1", None),
        ("во втором полугодии 2023 года", "2023", "H2"),
        ("до 2030 года", "2030", "until"),
        ("с 2019 года", "2019", "since"),
        ("в начале 2024 года", "2024", "early"),
        ("летом прошлого года", "2024", "summer"),
        ("в ноябре 2022 года", "2022-11", None),
        ("в ближайшие три года", "2028", None),
        ("три года назад", "2022", None),
    ],
)
def test_russian_forms(text, value, mod):
    t = only(text, "ru")
    assert (t.value, t.mod) == (value, mod)


def test_russian_day_range_gives_both_days():
    assert values("Форум пройдёт 17-18 июня 2025 года.", "ru") == ["2025-06-17", "2025-06-18"]
    assert values("Встречи состоялись 4 и 5 марта 2024 года.", "ru") == ["2024-03-04", "2024-03-05"]


def test_russian_month_range_starts_at_first_month():
    assert values("Товарооборот в январе–сентябре 2024 года вырос.", "ru") == ["2024-01"]


def test_russian_future_cue_reads_forward():
    assert values("Саммит состоится в июне.", "ru") == ["2025-06"]
    assert values("Саммит прошёл в июне.", "ru") == ["2024-06"]


def test_russian_amounts_are_not_years():
    assert values("Инвестиции составят 2025 млн долларов.", "ru") == []
    assert values("около 2000 тонн", "ru") == []


def test_unknown_language_reads_every_known_grammar():
    assert values("am 3. Juli 2024, on July 4, 2024, 5 июля 2024 года", None) == [
        "2024-07-03",
        "2024-07-04",
        "2024-07-05",
    ]


def test_russian_eve_of_an_event_is_no_date():
    assert values("Министры встретились накануне визита президента.", "ru") == []
    assert values("Накануне в Москве министры встретились.", "ru") == ["2025-01-14"]
    assert values("Накануне вечером министры встретились.", "ru") == ["2025-01-14"]


def test_year_span_marks_start_and_end():
    found = find_timexes("Die Strategie für 2026–2030 wurde verabschiedet.", "de", PUB)
    assert [(t.value, t.mod) for t in found] == [("2026", "from"), ("2030", "until")]


@pytest.mark.parametrize(
    "text,language,value",
    [
        ("vor knapp einem Jahr", "de", "2024"),
        ("in about two years", "en", "2027"),
        ("почти три года назад", "ru", "2022"),
    ],
)
def test_hedged_counts_of_time(text, language, value):
    assert only(text, language).value == value


def test_russian_continuing_future_reads_forward():
    # published on a Tuesday: "продолжится в четверг" is the coming Thursday
    assert values("Визит продолжится в четверг.", "ru", "2025-10-07") == ["2025-10-09"]
