"""Dates in words (silkgraph.when): as precise as they are known, and honest about their source."""

from __future__ import annotations

import pytest

from silkgraph import when


@pytest.mark.parametrize(
    ("iso", "words", "precision"),
    [
        ("2025-11-07", "7 Nov 2025", "day"),
        ("2024-07", "July 2024", "month"),
        ("2025-Q1", "Q1 2025", "quarter"),
        ("2023", "2023", "year"),
        ("2024-02-29", "29 Feb 2024", "day"),
    ],
)
def test_each_precision_in_words(iso, words, precision):
    assert when.describe(iso) == words
    assert when.precision(iso) == precision


def test_no_date_and_unreadable_dates():
    assert when.describe(None) == when.describe("") == "date unknown"
    assert when.describe(None, "undated") == "undated"
    # not a day of the calendar: shown as it is, never as a made-up day, and of no precision
    assert when.describe("2024-02-30") == "2024-02-30"
    assert when.precision("2024-02-30") is None and when.precision(None) is None


def test_reported_names_the_publication_not_the_event():
    assert when.reported("2025-11-07") == "reported on 7 Nov 2025"
    assert when.reported("2024-07") == "reported in July 2024"
    assert when.reported(None) == "date unknown"


def test_an_event_dated_only_by_publication_says_so():
    # the event took the publication month; the day it was reported is what is known
    assert when.describe_event_date("2025-11", "publication", "2025-11-07") == "reported on 7 Nov 2025"
    assert when.describe_event_date("2025-11", "text", "2025-11-07") == "November 2025"
    assert when.describe_event_date(None, None, "2025-11-07") == "date unknown"
    # a publication date unknown to the caller: the date itself, still as a report's
    assert when.describe_event_date("2025-11", "publication", None) == "reported in November 2025"


def test_values_that_are_no_iso_text_are_shown_as_they_are():
    assert when.describe(2025) == "2025" and when.precision(2025) is None
    assert when.describe("last May") == "last May" and when.reported("last May") == "date unknown"
