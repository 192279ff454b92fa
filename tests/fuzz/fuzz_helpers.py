"""Shared pieces of the fuzz tests: hostile text, and a default/volume pair of tests per target.

Each target is a strategy and a check. `targets()` turns them into a bounded
test for the default suite and a `slow` volume test that reports how many
inputs it tried (printed, and appended to COUNTS_FILE). The only outcomes a
check accepts are a result, a Skipped with a reason, or the project's own
errors (SilkgraphError); anything else fails and is shrunk by hypothesis.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silkgraph.errors import SilkgraphError

DEFAULT_EXAMPLES = int(os.environ.get("SILKGRAPH_FUZZ_EXAMPLES") or 60)
VOLUME_EXAMPLES = int(os.environ.get("SILKGRAPH_FUZZ_VOLUME") or 2000)
COUNTS_FILE = Path(os.environ.get("SILKGRAPH_FUZZ_COUNTS") or "/tmp/silkgraph-fuzz-counts.txt")

# Characters that break naive text handling: invisible and direction marks,
# line separators, letters that change length under case mapping, other digits.
ODD = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u061c",
    "\u200f",
    "\u00a0",
    "\u2009",
    "\u202f",
    "\x00",
    "\r",
    "\r\n",
    "\t",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0c",
    "İ",
    "ß",
    "ﬁ",
    "\u0301",
    "𝟙𝟚",
    "٣",
    "۲۰۲۴",
    "١٢",
    "Ⅻ",
    "½",
    "\ud7ff",
    "\U0010ffff",
    "ـ",
    "עברית",
    "العربية",
]
# What the stages look for, so that random text reaches their deeper paths.
NEWS = [
    "Januar",
    "März",
    "Mai",
    "Dezember",
    "January",
    "May",
    "Sept.",
    "января",
    "мая",
    "2025",
    "1999",
    "0000",
    "9999",
    "2024-05-14",
    "2024-13-45",
    "14.05.2024",
    "31.02.2025",
    "15. Januar 2025",
    "Q3",
    "Q5",
    "H1",
    "1,5",
    "1.5",
    "1.500.000",
    "1,234.56",
    "3,2 Milliarden",
    "12 Mrd.",
    "7 Mio.",
    "$",
    "€",
    "US-Dollar",
    "Dollar",
    "Euro",
    "Prozent",
    "%",
    "Prozentpunkte",
    "billion",
    "million",
    "Tonnen",
    "km",
    "über",
    "rund",
    "etwa",
    "mehr als",
    "more than",
    "about",
    "bis",
    "to",
    "-",
    "–",
    "am Dienstag",
    "on Monday",
    "nächste Woche",
    "last year",
    "im Vorjahr",
    "seit 2020",
    "bis 2030",
    "Anfang",
    "Ende",
    "„",
    "“",
    '"',
    "«",
    "»",
    "'",
    "sagte",
    "said",
    "erklärte",
    "Kasachstan",
    "China",
    "Usbekistan",
    "Russland",
    "EU",
    "Tokayev",
    "Tokajew",
    "Astana",
    "Mirsijojew",
    "Präsident",
    "Außenminister",
    "Gipfel",
    "summit",
    "Abkommen",
    "agreement",
    "Handel",
    "trade",
    "reached",
    "erreichte",
    "date",
    "veröffentlicht:",
    "Updated",
    "#",
    "*",
    "_",
    "<",
    ">",
    "&amp;",
    "---",
    "\\",
    "{",
    "}",
    # dates that do not exist, or lie at the edges of what is resolved
    "29. Februar 2023",
    "31. April",
    "30.02.2024",
    "am 0. Januar",
    "Q0",
    "KW 53",
    "week 54",
    "1799",
    "2201",
    "letzten Dienstag",
    "vorletzte Woche",
    "in zwei Wochen",
    "vor 3000 Jahren",
    "in 10000 Jahren",
    "next month",
    "Mitte der 1990er",
    "im Herbst",
    "zweites Halbjahr",
    "ersten Quartal",
]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", ". ", ", ", ": ", "; "]


def soup(max_size: int = 60) -> st.SearchStrategy[str]:
    """News-like text laced with hostile characters."""
    token = st.one_of(
        st.sampled_from(NEWS),
        st.sampled_from(SEPARATORS),
        st.sampled_from(ODD),
        st.text(max_size=6),
        st.integers(-10, 10**13).map(str),
    )
    return st.lists(token, max_size=max_size).map("".join)


def project_error(call, *args, **kwargs):
    """The result of the call, or the SilkgraphError it raised (any other exception propagates)."""
    try:
        return call(*args, **kwargs)
    except SilkgraphError as exc:
        assert str(exc).strip(), "an error without a message"
        return exc


def record(name: str, tried: int, seconds: float) -> None:
    line = f"{name}: {tried} inputs tried in {seconds:.1f} s"
    print(line)
    with open(COUNTS_FILE, "a", encoding="utf-8") as f:
        f.write(line + "\n")


def targets(name: str, strategy: st.SearchStrategy, check, *, default: int | None = None, volume: int | None = None):
    """(default test, slow volume test) of `check` over `strategy`."""
    common = dict(
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )

    @settings(max_examples=default or DEFAULT_EXAMPLES, **common)
    @given(strategy)
    def default_test(value):
        check(value)

    @pytest.mark.slow
    def volume_test():
        tried = 0
        started = time.monotonic()

        @settings(max_examples=volume or VOLUME_EXAMPLES, database=None, **common)
        @given(strategy)
        def run(value):
            nonlocal tried
            tried += 1
            check(value)

        try:
            run()
        finally:
            record(name, tried, time.monotonic() - started)

    default_test.__name__ = f"test_{name}"
    volume_test.__name__ = f"test_{name}_volume"
    return default_test, volume_test
