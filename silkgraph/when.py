"""Dates as a reader says them, as precise as they are known, and no more.

The store keeps ISO dates of any precision (2025, 2025-Q1, 2025-07, 2025-11-07).
Shown as "2025-07" a month reads like a typo and "2025-11-07" hides that the day
may only be when an article appeared. These functions are the one way every
view (CLI, API, web pages and their scripts, briefings) words a date:
"7 Nov 2025", "July 2024", "Q1 2025", "2025", "date unknown"; and a date known
only from the publication of its reports as "reported on 7 Nov 2025".
`static/js/when.js` is the same for the web pages' scripts.
"""

from __future__ import annotations

from functools import lru_cache

from silkgraph.model import iso_bounds, iso_precision

__all__ = ["PRECISIONS", "UNKNOWN", "describe", "describe_event_date", "precision", "reported"]

UNKNOWN = "date unknown"
PRECISIONS = {1: "year", 2: "quarter", 3: "month", 4: "day"}  # silkgraph.model.iso_precision -> name
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip


@lru_cache(maxsize=65536)
def precision(iso: str | None) -> str | None:
    """ "year", "quarter", "month" or "day"; None for no date or an unreadable one."""
    if not iso or not isinstance(iso, str) or iso_bounds(iso) is None:
        return None
    return PRECISIONS[iso_precision(iso)]


@lru_cache(maxsize=65536)  # the same few thousand dates recur across a store
def describe(iso: str | None, unknown: str = UNKNOWN) -> str:
    """An ISO date of any precision in words: '7 Nov 2025', 'July 2024', 'Q1 2025', '2025'.

    No date gives `unknown`; a text that is no readable date is returned as it is."""
    if not iso:
        return unknown
    if not isinstance(iso, str):  # a date object, a number: shown as it is, never guessed at
        return str(iso)
    bounds = iso_bounds(iso)
    if bounds is None:
        return iso
    first = bounds[0]
    kind = PRECISIONS[iso_precision(iso)]
    if kind == "day":
        return f"{first.day} {MONTHS[first.month - 1][:3]} {first.year}"
    if kind == "month":
        return f"{MONTHS[first.month - 1]} {first.year}"
    if kind == "quarter":
        return f"Q{(first.month - 1) // 3 + 1} {first.year}"
    return str(first.year)


@lru_cache(maxsize=65536)
def reported(published: str | None) -> str:
    """When a report appeared, worded so that nobody takes it for the day of the event itself:
    'reported on 7 Nov 2025', 'reported in July 2024'; UNKNOWN without a publication date."""
    if not published or precision(published) is None:
        return UNKNOWN
    return f"reported {'on' if precision(published) == 'day' else 'in'} {describe(published)}"


@lru_cache(maxsize=65536)
def describe_event_date(date: str | None, source: str | None, published: str | None) -> str:
    """An event's date for display: the date in words when its text gave one; 'reported on
    ...' when the only date is its reports' publication (`source` "publication")."""
    if source == "publication":
        return reported(published or date)
    return describe(date)
