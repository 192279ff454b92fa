"""Publication dates in lead lines, metadata dates, and the --published override."""

import datetime as dt

import pytest

from silkgraph.errors import UsageError
from silkgraph.ingest import find_publication_date, normalise_date, read_inputs
from silkgraph.ingest.published import parse_date_text, validate_published

BODY = "Kasachstan und China haben am Dienstag in Astana mehrere Abkommen über Handel und Verkehr unterzeichnet."


@pytest.mark.parametrize(
    "lead, expected",
    [
        (" date 2025-05", "2025-05"),
        ("date 2025-11-10", "2025-11-10"),
        ("15. Januar, 2025", "2025-01-15"),
        ("15. Januar 2025", "2025-01-15"),
        ("15.01.2025", "2025-01-15"),
        ("January 15, 2025", "2025-01-15"),
        ("2025-01-15", "2025-01-15"),
        ("Veröffentlicht am 3. März 2024", "2024-03-03"),
        ("Published: 3 March 2024", "2024-03-03"),
        ("Published: 3 March 2024, 10:30 AM EST", "2024-03-03"),
        ("15.01.2025, 14:30 Uhr", "2025-01-15"),
        ("Mittwoch, 15. Januar 2025 | 09:15", "2025-01-15"),
        ("Wednesday, January 15, 2025 at 10:30 am", "2025-01-15"),
        ("2025-01-15T10:00:00+05:00", "2025-01-15"),
        ("Stand: 15.01.2025 09:12 Uhr", "2025-01-15"),
        ("Januar 2025", "2025-01"),
        ("Опубликовано: 5 февраля 2025 г.", "2025-02-05"),
        ("Sept. 3, 2024", "2024-09-03"),
    ],
)
def test_date_line_forms(lead, expected):
    found, rest = find_publication_date(f"{lead}\n\n{BODY}")
    assert found == expected
    assert rest == BODY


def test_marker_glued_to_first_sentence_keeps_the_sentence():
    found, rest = find_publication_date(" date 2025-05 In Almaty verhandeln die Minister.\n\nZweiter Absatz.")
    assert found == "2025-05"
    assert rest == "In Almaty verhandeln die Minister.\n\nZweiter Absatz."


def test_year_only_marker():
    assert find_publication_date("date 2025 In Taschkent beginnt das Forum.") == (
        "2025",
        "In Taschkent beginnt das Forum.",
    )


def test_dateline_with_dash_keeps_the_sentence():
    found, rest = find_publication_date("15.01.2025 – Astana und Peking vereinbaren neue Flüge.")
    assert (found, rest) == ("2025-01-15", "Astana und Peking vereinbaren neue Flüge.")


def test_date_after_title_and_kicker_lines():
    text = "Politik\n\nUsbekistan öffnet neue Grenzübergänge\n\n15. Januar 2025\n\n" + BODY
    found, rest = find_publication_date(text)
    assert found == "2025-01-15"
    assert rest == "Politik\n\nUsbekistan öffnet neue Grenzübergänge\n\n" + BODY


def test_updated_line_removed_but_not_taken():
    text = "Aktualisiert am 16.01.2025\n\nVeröffentlicht am 15.01.2025\n\n" + BODY
    assert find_publication_date(text) == ("2025-01-15", BODY)
    found, rest = find_publication_date("Last updated: January 20, 2025\n\n" + BODY)
    assert found is None and rest == BODY


def test_date_inside_a_sentence_is_not_taken():
    text = "Kasachstan plant am 15. Januar 2025 einen Gipfel mit den Nachbarstaaten."
    assert find_publication_date(text) == (None, text)


def test_only_lead_lines_before_the_body_are_searched():
    after_body = f"{BODY}\n\n15.01.2025"
    assert find_publication_date(after_body) == (None, after_body)
    deep = "\n\n".join(["Eins", "Zwei", "Drei", "Vier", "Fünf", "15.01.2025", "Text."])
    assert find_publication_date(deep)[0] is None


def test_impossible_dates_are_ignored():
    for text in ("32.01.2025", "2025-13-01", "30. Februar 2024"):
        found, rest = find_publication_date(text)
        assert found is None and rest == text


def test_lines_may_be_a_list():
    assert find_publication_date(["15.01.2025\n", "\n", BODY + "\n"]) == ("2025-01-15", BODY)


def test_no_date_never_uses_the_clock():
    assert find_publication_date(BODY) == (None, BODY)
    assert parse_date_text("Januar") is None  # no year: no guess from today
    assert parse_date_text("15. Januar") is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-01-15", "2025-01-15"),
        ("2025-01", "2025-01"),
        ("2025", "2025"),
        (2025, "2025"),
        (dt.date(2024, 9, 18), "2024-09-18"),
        (dt.datetime(2024, 9, 18, 23, 0), "2024-09-18"),
        ("2025-06-11T10:00:00+05:00", "2025-06-11"),
        ("2025-01-14T23:30:00-05:00", "2025-01-14"),  # the publisher's local date, not UTC
        ("Tue, 14 Jan 2025 23:30:00 -0500", "2025-01-14"),
        ("15. Januar 2025", "2025-01-15"),
        ("morgen", None),
        ("", None),
        (None, None),
        (True, None),
        ("2025-02-30", None),
    ],
)
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


@pytest.mark.parametrize("value", ["2025", "2025-01", "2025-01-15"])
def test_valid_published_override(value):
    assert validate_published(value) == value


@pytest.mark.parametrize("value", ["15.01.2025", "2025-1-5", "2025-13", "2025-02-30", "yesterday", ""])
def test_bad_published_override_raises_usage_error_at_once(value):
    with pytest.raises(UsageError):
        read_inputs(["does-not-matter.txt"], published=value)


def test_published_override_wins(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("15. Januar 2025\n\n" + BODY, encoding="utf-8")
    (doc,) = read_inputs([str(path)], published="2024-12")
    assert doc.published == "2024-12"
    assert doc.text == BODY
