"""Which gatherings are one happening by the body holding them: the merge's holder rules on
hand-made reports (tests/merge_support.py)."""

from __future__ import annotations

import pytest
from merge_support import GCC, event_of, event_page, report

from silkgraph import query
from silkgraph.graph import rules
from silkgraph.store import open_store


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "merge.db") as s:
        yield s


CIS_SUMMIT = ["commonwealth-of-independent-states", "russia", "kazakhstan", "tajikistan", "belarus", "vladimir-putin"]
RUSSIA_CA_SUMMIT = [
    "russia-central-asia-summit",
    "russia",
    "kazakhstan",
    "tajikistan",
    "uzbekistan",
    "vladimir-putin",
    "emomali-rahmon",
]


def test_summits_of_different_bodies_in_one_city_on_consecutive_days_stay_two(store):
    store.add(
        report(
            "format-summit",
            [{"type": "summit", "date": "2025-10-09", "place": "dushanbe", "participants": RUSSIA_CA_SUMMIT}],
            published="2025-10-09",
            language="ru",
        )
    )
    store.add(
        report(
            "cis-summit",
            [{"type": "summit", "date": "2025-10-10", "place": "dushanbe", "participants": CIS_SUMMIT}],
            published="2025-10-10",
        )
    )
    # a weekly round-up gives the CIS summit its month only: it is still the CIS summit
    store.add(
        report(
            "cis-month",
            [
                {
                    "type": "summit",
                    "date": "2025-10",
                    "place": "dushanbe",
                    "participants": ["commonwealth-of-independent-states", "russia", "kazakhstan"],
                }
            ],
            published="2025-10-17",
            language="de",
        )
    )
    assert event_of(store, "format-summit") != event_of(store, "cis-summit") == event_of(store, "cis-month")


def test_a_partner_meeting_a_group_of_states_is_their_formats_summit_and_not_another_bodys(store):
    store.add(
        report(
            "format-summit",
            [
                {
                    "type": "summit",
                    "date": "2025-10-09",
                    "place": "dushanbe",
                    "participants": ["russia", "central-asia", "tajikistan"],
                }
            ],
            published="2025-10-09",
            language="ru",
        )
    )
    # one article: the CIS summit, and Putin's meeting with "the Central Asian presidents" just before it
    store.add(
        report(
            "two-summits",
            [
                {"type": "summit", "date": "2025-10-10", "place": "dushanbe", "participants": CIS_SUMMIT},
                {
                    "type": "meeting",
                    "date": "2025-10",
                    "place": "dushanbe",
                    "participants": ["vladimir-putin", "russia", "central-asia"],
                },
            ],
            published="2025-10-11",
            language="de",
        )
    )
    assert event_of(store, "two-summits", 0) != event_of(store, "format-summit") == event_of(store, "two-summits", 1)
    assert rules.implied_formats(frozenset({"russia", "central-asia", "tajikistan"})) == ("russia-central-asia-summit",)
    # two states outside the group, or two groups: no one format
    assert rules.implied_formats(frozenset({"russia", "china", "central-asia"})) == ()


def test_a_body_stands_for_its_parent_and_a_summit_format_for_its_partner(store):
    store.add(
        report(
            "format",
            [
                {
                    "type": "summit",
                    "date": "2025-04-04",
                    "place": "samarkand",
                    "participants": ["eu-central-asia-summit", "uzbekistan", "shavkat-mirziyoyev"],
                }
            ],
            published="2025-04-04",
        )
    )
    store.add(
        report(
            "council",
            [
                {
                    "type": "summit",
                    "date": "2025-04",
                    "place": "samarkand",
                    "participants": ["european-council", "antonio-costa", "uzbekistan"],
                }
            ],
            published="2025-04-10",
            language="de",
        )
    )
    assert event_of(store, "format") == event_of(store, "council")
    joined = query.event(store, event_of(store, "council"))["sources"][1]
    assert joined["reason"]["held_by"] == ["european-union"]
    assert "held by european-union" in event_page(store, event_of(store, "council"))
    assert rules.holders(["european-commission"]) == {"european-commission", "european-union"}
    assert rules.holders(["central-asia-plus-formats", "kazakhstan", "shavkat-mirziyoyev"]) == set()


def test_a_forum_series_of_unknown_members_is_apart_from_another_series_not_from_an_organisation():
    gateway, investors = {"global-gateway-forum", "uzbekistan"}, {"eu-central-asia-investors-forum", "uzbekistan"}
    assert rules.different_holders({"forum"}, gateway, investors)
    assert not rules.different_holders({"forum"}, gateway, {"european-union", "ebrd", "uzbekistan"})
    assert rules.different_holders({"summit"}, {"russia-central-asia-summit"}, {"commonwealth-of-independent-states"})
    # bodies say nothing about a visit, a signing or two leaders' talks
    xi_putin = {"xi-jinping", "vladimir-putin", "china", "russia"}
    assert not rules.different_holders(
        {"meeting"}, xi_putin | {"shanghai-cooperation-organisation"}, xi_putin | {"brics"}
    )
    assert not rules.different_holders({"visit"}, {"european-union"}, {"shanghai-cooperation-organisation"})


def test_a_background_mention_naming_the_summit_format_joins_the_summit_its_holder_held(store):
    store.add(
        report(
            "reported",
            [{"type": "summit", "date": "2023-07-19", "place": "jeddah", "participants": GCC}],
            published="2023-07-20",
            language="de",
        )
    )
    # "the first GCC–Central Asia summit, in Jeddah in July 2023": the format and the region only
    store.add(
        report(
            "later",
            [
                {
                    "type": "summit",
                    "date": "2023-07",
                    "place": "jeddah",
                    "participants": ["gcc-central-asia-summit", "central-asia"],
                }
            ],
            published="2025-05-26",
        )
    )
    assert event_of(store, "later") == event_of(store, "reported")
