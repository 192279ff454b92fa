"""What keeps storing a document as cheap in a big store as in an empty one: the event merge looks
up only the events a report may join, and a fact's claims are compared with their neighbours only.

The merge's work is seen in the candidate events it compares a report with. The reports are made
here (tests/merge_support.py); the sentences are this file's own.
"""

from __future__ import annotations

import random

import pytest
from merge_support import event_of, report

from silkgraph.graph import events, facts
from silkgraph.graph.facts import claims_agree
from silkgraph.store import open_store

PARTIES = ["kazakhstan", "china", "kassym-jomart-tokayev", "xi-jinping"]
WORDS = "grain rail water power customs visa transit pipeline airport bank loan school".split()


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "scale.db") as s:
        yield s


def _text(i: int) -> str:
    """A text of its own for article i, so that no two articles are near-duplicates."""
    rng = random.Random(i)
    return " ".join(rng.choice(WORDS) for _ in range(40)) + f" Article {i}."


PLACES = ["astana", "almaty", "samarkand", "dushanbe", "moscow", "tianjin", "jeddah", "washington-dc"]


def _signings(store, first: int, last: int) -> None:
    """Day-precise signings between the same parties, one article each, all in June 2024: in
    Astana on ten days three apart, then in other cities, so that each is a happening of its own."""
    for i in range(first, last):
        day = 1 + 3 * (i % 10)
        place = PLACES[i // 10 % len(PLACES)]
        store.add(
            report(
                f"signing-{i}",
                [{"type": "agreement", "date": f"2024-06-{day:02d}", "place": place, "participants": PARTIES}],
                published="2024-07-20",  # a date of the text's own, not the publication day (weak evidence)
                text=_text(i),
            )
        )


def _month_signing(i: int):
    """An article that dates its signing by the month only: which of the month's signings it was
    cannot be told, so it joins none of another source."""
    return report(
        f"month-{i}",
        [{"type": "agreement", "date": "2024-06", "place": "astana", "participants": PARTIES}],
        published="2024-07-20",
        text=_text(10_000 + i),
    )


def _examined(monkeypatch) -> list[str]:
    """The candidate events the merge compares reports with, as it goes (events._joins)."""
    seen: list[str] = []
    compare = events._joins

    def counting(db, report, merged):
        seen.append(merged.id)
        return compare(db, report, merged)

    monkeypatch.setattr(events, "_joins", counting)
    return seen


def test_a_signing_dated_by_its_month_is_compared_with_no_signing_of_another_source(store, monkeypatch):
    # A store of a million articles holds hundreds of signings of two busy states in any month;
    # one dated by its month alone can join none of them, so it must not be compared with each.
    _signings(store, 0, 40)
    seen = _examined(monkeypatch)
    for i in range(5):
        store.add(_month_signing(i))
    assert seen == []
    assert all(event_of(store, f"month-{i}") == f"ev-month-{i}-0" for i in range(5))


def test_a_day_precise_signing_still_joins_another_sources_signing_of_that_day(store):
    _signings(store, 0, 3)
    store.add(
        report(
            "same-day",
            [{"type": "agreement", "date": "2024-06-02", "place": "astana", "participants": PARTIES}],
            published="2024-07-21",
            text=_text(5_000),
        )
    )
    assert event_of(store, "same-day") == event_of(store, "signing-1")


def test_a_visit_joins_the_meeting_beside_signings_and_forums_of_the_same_days(store, monkeypatch):
    # signings and forums of the same parties on the same day are other happenings: the visit report
    # skips them by type, and still finds the talks it may be one with
    for i, type_ in enumerate(["agreement", "forum", "meeting", "forum", "agreement"]):
        store.add(
            report(
                f"day-{i}",
                [{"type": type_, "date": "2024-06-12", "place": "astana", "participants": PARTIES}],
                published="2024-06-12",
                text=_text(20_000 + i),
            )
        )
    seen = _examined(monkeypatch)
    store.add(
        report(
            "the-visit",
            [{"type": "visit", "date": "2024-06-12", "place": "astana", "participants": PARTIES}],
            published="2024-06-13",
            text=_text(30_000),
        )
    )
    assert event_of(store, "the-visit") == event_of(store, "day-2")
    assert seen == [event_of(store, "day-2")]  # the signing and the forum are not even compared
    # the two signings are one, the two forums are one: three happenings that day
    assert event_of(store, "day-0") == event_of(store, "day-4") and event_of(store, "day-1") == event_of(store, "day-3")
    assert len({event_of(store, f"day-{i}") for i in range(5)}) == 3


def _pairwise(claims: dict) -> dict:
    """A claim's support by definition: the sources of every distinct claim that fits it."""
    return {c: sum(n for k, n in claims.items() if claims_agree([c, k])) for c in claims}


@pytest.mark.parametrize("seed", range(20))
def test_claim_support_from_neighbours_equals_comparing_every_pair(seed):
    rng = random.Random(seed)
    # rounded figures close together (where the tolerance decides), scattered ones, and at times a
    # negative growth figure (where the order by interval does not hold and every pair is compared)
    values = [40, 42, 38.0, 50, 52.5, 95, 100, 41.2, 41, 47.5]
    claims = {}
    for _ in range(rng.randint(1, 60)):
        value = rng.choice([rng.choice(values), round(rng.uniform(1, 200), rng.randint(0, 2)), rng.uniform(0.5, 2)])
        if seed % 5 == 0 and rng.random() < 0.1:
            value = -value
        claims[(value, rng.choice([None, "exact", "about", "over", "under"]))] = rng.randint(1, 4)
    assert facts._agreeing(claims) == _pairwise(claims)


def test_a_trade_figure_with_hundreds_of_distinct_claims_keeps_the_best_supported_value(store):
    # every outlet rounds the same trade volume its own way; a few report a wrong one
    rng = random.Random(3)
    from silkgraph.model import Fact, Span

    for i in range(150):
        value = 41.2e9 * (1 + rng.uniform(-0.02, 0.02)) if i % 10 else 12e9 + i * 1e8
        analysis = report(f"trade-{i}", [], text=_text(40_000 + i))
        analysis.facts = [
            Fact(
                type="trade_volume",
                value=round(value, -6),
                unit="USD",
                period="2024",
                subjects=["kazakhstan", "china"],
                evidence=Span(0, 8),
            )
        ]
        store.add(analysis)
    with store.read() as db:
        rows = db.execute("SELECT value, contested, sources FROM graph_facts").fetchall()
    assert len(rows) == 1
    value, contested, sources = rows[0]
    assert abs(value - 41.2e9) / 41.2e9 < 0.03 and contested == 1 and sources == 150
