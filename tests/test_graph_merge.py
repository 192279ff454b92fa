"""Which reports of different articles become one graph event: the rules, each on hand-made pairs.

The reports are made here as analyses (the sentences are this file's own), with knowledge-base
ids for people, states and places, so that the rules see what the pipeline would give them.
"""

from __future__ import annotations

import json

import pytest
from graph_corpus import generated_corpus, graph_dump

from silkgraph import graph, query
from silkgraph.graph import rules
from silkgraph.model import Analysis, Document, Entity, Event, Mention, Span
from silkgraph.store import open_store

TYPES = {
    "xi-jinping": "person",
    "kassym-jomart-tokayev": "person",
    "shavkat-mirziyoyev": "person",
    "vladimir-putin": "person",
    "donald-trump": "person",
    "sadyr-japarov": "person",
    "ursula-von-der-leyen": "person",
    "antonio-costa": "person",
    "emomali-rahmon": "person",
    "shanghai-cooperation-organisation": "organization",
    "european-union": "organization",
    "gulf-cooperation-council": "organization",
    "central-asia": "region",
}
SCO = [
    "shanghai-cooperation-organisation",
    "kazakhstan",
    "china",
    "russia",
    "uzbekistan",
    "kyrgyzstan",
    "xi-jinping",
    "vladimir-putin",
    "kassym-jomart-tokayev",
    "shavkat-mirziyoyev",
]
XI_VISIT = ["xi-jinping", "china", "kassym-jomart-tokayev", "kazakhstan"]


def report(
    doc_id: str, events: list[dict], published: str | None = "2024-07-05", language: str = "en", text: str | None = None
) -> Analysis:
    """An article whose analysis found `events` (dicts of Event fields); every id named is an entity."""
    text = text or f"A report of the week's diplomacy in the region, as {doc_id} saw it."
    found = []
    for e in events:
        found.append(
            Event(
                type=e["type"],
                date=e.get("date"),
                participants=list(e.get("participants", [])),
                evidence=Span(0, 8),
                place=e.get("place"),
                label=e.get("label"),
                modality=e.get("modality", "reported"),
            )
        )
    ids = sorted({p for e in found for p in e.participants} | {e.place for e in found if e.place})
    entities = [
        Entity(
            i,
            i.replace("-", " ").title(),
            TYPES.get(i, "place" if i in _PLACES else "country"),
            None,
            [Mention(0, 1, text[:1])],
        )
        for i in ids
    ]
    return Analysis(Document(doc_id, text, title=doc_id, published=published, language=language), entities, found)


_PLACES = {"astana", "akorda", "almaty", "samarkand", "jeddah", "washington-dc", "moscow", "dushanbe", "tianjin"}


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "merge.db") as s:
        yield s


def event_of(store, doc_id: str, ord_: int = 0) -> str:
    with store.read() as db:
        return db.execute(
            "SELECT m.graph_event FROM graph_event_members AS m JOIN events AS e ON e.id = m.event_id"
            " WHERE e.doc_id = ? AND e.ord = ?",
            (doc_id, ord_),
        ).fetchone()[0]


def column(store, gid: str, name: str):
    with store.read() as db:
        return db.execute(f"SELECT {name} FROM graph_events WHERE id = ?", (gid,)).fetchone()[0]


# -- type: the happening, not the family ----------------------------------------------------


def test_a_visit_and_the_summit_after_it_stay_two(store):
    store.add(
        report(
            "visit",
            [
                {
                    "type": "visit",
                    "date": "2024-07-03",
                    "place": "astana",
                    "participants": ["shavkat-mirziyoyev", "uzbekistan", "kassym-jomart-tokayev", "kazakhstan"],
                }
            ],
        )
    )
    store.add(report("summit", [{"type": "summit", "date": "2024-07-04", "place": "astana", "participants": SCO}]))
    assert event_of(store, "visit") != event_of(store, "summit")


def test_a_visit_and_the_talks_held_during_it_are_one(store):
    store.add(report("arrival", [{"type": "visit", "date": "2024-07-02", "place": "astana", "participants": XI_VISIT}]))
    store.add(
        report(
            "talks",
            [{"type": "meeting", "date": "2024-07-03", "place": "akorda", "participants": XI_VISIT}],
            published="2024-07-04",
        )
    )
    assert event_of(store, "arrival") == event_of(store, "talks")
    assert column(store, event_of(store, "talks"), "type") == "visit"


def test_a_bilateral_meeting_at_a_summit_stays_apart_but_the_five_plus_one_meeting_joins(store):
    store.add(report("summit", [{"type": "summit", "date": "2024-07-04", "place": "astana", "participants": SCO}]))
    store.add(
        report(
            "sidelines",
            [
                {
                    "type": "meeting",
                    "date": "2024-07-04",
                    "place": "astana",
                    "participants": ["xi-jinping", "vladimir-putin", "china", "russia"],
                }
            ],
        )
    )
    store.add(
        report(
            "plenary",
            [
                {
                    "type": "meeting",
                    "date": "2024-07-04",
                    "place": "astana",
                    "participants": ["kazakhstan", "china", "russia", "uzbekistan", "kassym-jomart-tokayev"],
                }
            ],
        )
    )
    assert event_of(store, "sidelines") != event_of(store, "summit") == event_of(store, "plenary")


def test_a_guests_visit_is_not_the_multilateral_meeting_it_came_for(store):
    store.add(
        report(
            "meeting",
            [
                {
                    "type": "meeting",
                    "date": "2025-10-09",
                    "place": "dushanbe",
                    "participants": [
                        "vladimir-putin",
                        "russia",
                        "tajikistan",
                        "kazakhstan",
                        "uzbekistan",
                        "kyrgyzstan",
                    ],
                }
            ],
        )
    )
    store.add(
        report(
            "visit",
            [{"type": "visit", "date": "2025-10-09", "participants": ["vladimir-putin", "russia", "tajikistan"]}],
            language="ru",
        )
    )
    store.add(
        report(
            "summit",
            [
                {
                    "type": "summit",
                    "date": "2025-10-09",
                    "place": "dushanbe",
                    "participants": ["russia", "central-asia", "tajikistan"],
                }
            ],
            language="ru",
        )
    )
    assert event_of(store, "visit") != event_of(store, "meeting") == event_of(store, "summit")


def test_a_trip_to_several_states_is_not_one_of_its_state_visits(store):
    store.add(
        report(
            "trip",
            [
                {
                    "type": "visit",
                    "date": "2024-06",
                    "participants": ["south-korea", "kazakhstan", "uzbekistan", "turkmenistan"],
                }
            ],
            published="2024-06-10",
        )
    )
    store.add(
        report(
            "stop",
            [
                {
                    "type": "visit",
                    "date": "2024-06-12",
                    "place": "astana",
                    "participants": ["south-korea", "kazakhstan", "kassym-jomart-tokayev"],
                }
            ],
            published="2024-06-13",
        )
    )
    store.add(
        report(
            "stop-again",
            [{"type": "visit", "date": "2024-06-12", "place": "astana", "participants": ["south-korea", "kazakhstan"]}],
            published="2024-06-12",
            language="de",
        )
    )
    assert event_of(store, "trip") != event_of(store, "stop") == event_of(store, "stop-again")


def test_a_signing_is_not_the_talks_and_a_forum_is_not_the_talks(store):
    store.add(report("talks", [{"type": "meeting", "date": "2024-07-03", "place": "astana", "participants": XI_VISIT}]))
    store.add(
        report("signing", [{"type": "agreement", "date": "2024-07-03", "place": "astana", "participants": XI_VISIT}])
    )
    store.add(report("forum", [{"type": "forum", "date": "2024-07-03", "place": "astana", "participants": XI_VISIT}]))
    assert len({event_of(store, d) for d in ("talks", "signing", "forum")}) == 3


def test_visits_of_different_leaders_to_one_host_stay_apart(store):
    store.add(report("xi", [{"type": "visit", "date": "2024-07-02", "place": "astana", "participants": XI_VISIT}]))
    store.add(
        report(
            "mirziyoyev",
            [
                {
                    "type": "visit",
                    "date": "2024-07-03",
                    "place": "astana",
                    "participants": ["shavkat-mirziyoyev", "uzbekistan", "kassym-jomart-tokayev", "kazakhstan"],
                }
            ],
        )
    )
    assert event_of(store, "xi") != event_of(store, "mirziyoyev")


# -- the body holding a gathering --------------------------------------------------------------------

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
    assert "held by european-union" in _event_page(store, event_of(store, "council"))
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


# -- dates with their precision ------------------------------------------------------------------

EU_SUMMIT = [
    "european-union",
    "uzbekistan",
    "central-asia",
    "ursula-von-der-leyen",
    "antonio-costa",
    "shavkat-mirziyoyev",
]


def test_a_month_precise_and_a_day_precise_report_of_one_summit_merge(store):
    store.add(
        report(
            "announced",
            [
                {
                    "type": "summit",
                    "date": "2025-04",
                    "place": "samarkand",
                    "participants": EU_SUMMIT,
                    "modality": "planned",
                }
            ],
            published="2025-03-20",
        )
    )
    store.add(
        report(
            "held",
            [{"type": "summit", "date": "2025-04-04", "place": "samarkand", "participants": EU_SUMMIT}],
            published="2025-04-05",
            language="de",
        )
    )
    gid = event_of(store, "held")
    assert gid == event_of(store, "announced")
    # the planned summit became the reported one, keeping both sources; the day is the better date
    assert (column(store, gid, "date"), column(store, gid, "modality"), column(store, gid, "sources")) == (
        "2025-04-04",
        "reported",
        2,
    )


def test_a_publication_day_is_weak_evidence_of_the_event_date(store):
    c5 = ["donald-trump", "united-states", "kassym-jomart-tokayev", "kazakhstan", "shavkat-mirziyoyev", "uzbekistan"]
    store.add(
        report(
            "dated",
            [{"type": "summit", "date": "2025-11-06", "place": "washington-dc", "participants": c5}],
            published="2025-11-07",
        )
    )
    # four days later, but only because the report carried its own publication day
    store.add(
        report(
            "late",
            [{"type": "summit", "date": "2025-11-10", "place": "washington-dc", "participants": c5}],
            published="2025-11-10",
            language="de",
        )
    )
    # four days later, as the text says: another meeting
    store.add(
        report(
            "other",
            [{"type": "summit", "date": "2025-11-10", "place": "washington-dc", "participants": c5}],
            published="2025-11-12",
        )
    )
    gid = event_of(store, "dated")
    assert event_of(store, "late") == gid != event_of(store, "other")
    assert column(store, gid, "date") == "2025-11-06" and not column(store, gid, "contested")


def test_the_publication_month_of_an_undated_report_fits_the_last_days_before_it(store):
    talks = ["vladimir-putin", "russia", "kassym-jomart-tokayev", "kazakhstan"]
    store.add(
        report(
            "dated",
            [{"type": "meeting", "date": "2025-10-30", "place": "moscow", "participants": talks}],
            published="2025-10-31",
        )
    )
    # the text gives no date: extraction gives the publication month, two days after the talks
    store.add(
        report(
            "month",
            [{"type": "meeting", "date": "2025-11", "place": "moscow", "participants": talks}],
            published="2025-11-02",
            language="ru",
        )
    )
    # a month the text names is compared as a month
    store.add(
        report(
            "named",
            [{"type": "meeting", "date": "2025-11", "place": "moscow", "participants": talks}],
            published="2025-12-15",
        )
    )
    assert event_of(store, "month") == event_of(store, "dated") != event_of(store, "named")


# -- places -------------------------------------------------------------------------------------


def test_a_venue_is_in_its_city_and_another_city_is_another_place(store):
    store.add(
        report("palace", [{"type": "meeting", "date": "2024-07-03", "place": "akorda", "participants": XI_VISIT}])
    )
    store.add(
        report("capital", [{"type": "meeting", "date": "2024-07-03", "place": "astana", "participants": XI_VISIT}])
    )
    store.add(
        report("country", [{"type": "meeting", "date": "2024-07-03", "place": "kazakhstan", "participants": XI_VISIT}])
    )
    store.add(
        report("elsewhere", [{"type": "meeting", "date": "2024-07-03", "place": "almaty", "participants": XI_VISIT}])
    )
    gid = event_of(store, "palace")
    assert event_of(store, "capital") == event_of(store, "country") == gid != event_of(store, "elsewhere")
    assert rules.places_compatible("akorda", "kazakhstan") and not rules.places_compatible("astana", "almaty")


# -- across languages, background mentions, undated articles -------------------------------------


def test_a_russian_and_an_english_report_of_one_signing_merge(store):
    store.add(
        report(
            "ru",
            [
                {
                    "type": "agreement",
                    "date": "2024-07-03",
                    "place": "astana",
                    "participants": XI_VISIT,
                    "label": "Подписание соглашений между Казахстаном и Китаем",
                }
            ],
            language="ru",
            text="Стороны подписали соглашения о сотрудничестве.",
        )
    )
    store.add(
        report(
            "en",
            [
                {
                    "type": "agreement",
                    "date": "2024-07-03",
                    "place": "akorda",
                    "participants": XI_VISIT,
                    "label": "Kazakhstan and China sign agreements",
                }
            ],
            published="2024-07-04",
        )
    )
    # a month's agreement between the same states: which of the month's signings cannot be told
    store.add(
        report(
            "month",
            [{"type": "agreement", "date": "2024-07", "place": "astana", "participants": XI_VISIT}],
            published="2024-07-20",
        )
    )
    gid = event_of(store, "ru")
    assert event_of(store, "en") == gid != event_of(store, "month")
    assert column(store, gid, "label") == "Kazakhstan and China sign agreements"  # the English label is shown


GCC = [
    "gulf-cooperation-council",
    "saudi-arabia",
    "kazakhstan",
    "uzbekistan",
    "kassym-jomart-tokayev",
    "shavkat-mirziyoyev",
]


def test_a_background_mention_joins_the_event_it_names(store):
    store.add(
        report(
            "reported",
            [{"type": "summit", "date": "2023-07-19", "place": "jeddah", "participants": GCC}],
            published="2023-07-20",
        )
    )
    store.add(
        report(
            "later",
            [
                {"type": "summit", "date": "2025-05-26", "place": "samarkand", "participants": GCC},
                {
                    "type": "summit",
                    "date": "2023",
                    "place": "jeddah",
                    "participants": ["gulf-cooperation-council", "kazakhstan", "uzbekistan"],
                },
            ],
            published="2025-05-26",
        )
    )
    assert event_of(store, "later", 1) == event_of(store, "reported") != event_of(store, "later", 0)


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


def test_a_background_mention_without_a_place_or_fitting_two_events_joins_none(store):
    store.add(report("first", [{"type": "summit", "date": "2023-07-19", "place": "jeddah", "participants": GCC}]))
    store.add(report("second", [{"type": "summit", "date": "2023-11-02", "place": "jeddah", "participants": GCC}]))
    store.add(
        report(
            "vague",
            [
                {"type": "summit", "date": "2023", "place": "jeddah", "participants": GCC},
                {"type": "summit", "date": "2023", "participants": GCC},
            ],
            published="2025-01-10",
        )
    )
    assert event_of(store, "vague", 0) not in {event_of(store, "first"), event_of(store, "second")}
    assert event_of(store, "vague", 1) not in {event_of(store, "first"), event_of(store, "second")}


def test_an_undated_summit_report_naming_its_holder_and_place_joins_the_summit(store):
    store.add(
        report("dated", [{"type": "summit", "date": "2025-04-04", "place": "samarkand", "participants": EU_SUMMIT}])
    )
    store.add(
        report(
            "undated",
            [{"type": "summit", "place": "samarkand", "participants": ["european-union", "central-asia"]}],
            published=None,
            language="ru",
        )
    )
    # the holder alone is not enough for a meeting or a visit
    store.add(
        report(
            "meeting",
            [
                {
                    "type": "meeting",
                    "date": "2025-04-04",
                    "place": "samarkand",
                    "participants": ["european-union", "kazakhstan"],
                }
            ],
        )
    )
    assert event_of(store, "undated") == event_of(store, "dated") != event_of(store, "meeting")


def test_an_undated_article_places_its_reports_around_the_happening_it_shares(store):
    store.add(
        report(
            "dated",
            [
                {"type": "visit", "date": "2024-07-02", "place": "astana", "participants": XI_VISIT},
                {"type": "summit", "date": "2024-07-04", "place": "astana", "participants": SCO},
            ],
        )
    )
    store.add(
        report(
            "undated",
            [
                {"type": "visit", "participants": XI_VISIT},
                {"type": "summit", "place": "astana", "participants": SCO[:4]},
            ],
            published=None,
        )
    )
    assert event_of(store, "undated", 1) == event_of(store, "dated", 1)
    assert event_of(store, "undated", 0) == event_of(store, "dated", 0)
    # without the shared summit nothing says when the visit was
    store.add(report("alone", [{"type": "visit", "participants": XI_VISIT}], published=None))
    assert event_of(store, "alone") not in {event_of(store, "dated", 0), event_of(store, "dated", 1)}


def test_an_undated_article_stored_first_gets_the_same_merges_as_one_stored_second(tmp_path):
    """Which article arrives first must not decide the graph: the dated article's visit joins the
    undated article's visit when the two articles share the summit, whichever came first."""
    dated = report(
        "dated",
        [
            {"type": "visit", "date": "2024-07-02", "place": "astana", "participants": XI_VISIT},
            {"type": "summit", "date": "2024-07-04", "place": "astana", "participants": SCO},
            {"type": "agreement", "date": "2024-07-03", "place": "astana", "participants": XI_VISIT},
        ],
    )
    undated = report(
        "undated",
        [
            {"type": "visit", "participants": XI_VISIT},
            {"type": "summit", "place": "astana", "participants": SCO[:4]},
            {"type": "agreement", "participants": XI_VISIT},  # both dates days: the one signing
            {"type": "visit", "participants": ["shavkat-mirziyoyev", "uzbekistan", "kassym-jomart-tokayev"]},
        ],
        published=None,
    )
    partitions = []
    for order in ((dated, undated), (undated, dated)):
        with open_store(tmp_path / f"{order[0].document.id}-first.db") as store:
            for analysis in order:
                store.add(analysis)
            partitions.append([event_of(store, "undated", i) == event_of(store, "dated", i % 3) for i in range(4)])
            stored = graph_dump(store)
            graph.rebuild(store)
            assert graph_dump(store) == stored
            if order[0] is undated:
                gid = event_of(store, "dated", 0)
                assert query.event(store, gid)["sources"][1]["reason"]["undated_partner"] is True
                assert "the undated article of this event reports another happening" in _event_page(store, gid)
    assert partitions[0] == partitions[1] == [True, True, True, False]


# -- explanations and decisions -------------------------------------------------------------------


def test_each_joined_report_says_why_and_the_event_answer_shows_it(store):
    store.add(report("a", [{"type": "visit", "date": "2024-07-02", "place": "astana", "participants": XI_VISIT}]))
    store.add(
        report(
            "b",
            [{"type": "meeting", "date": "2024-07-03", "place": "akorda", "participants": XI_VISIT}],
            published="2024-07-03",
        )
    )
    answer = query.event(store, event_of(store, "a"))
    first, joined = answer["sources"]
    assert first["reason"] is None  # the report the event began with
    assert joined["reason"]["date"] == ["2024-07-03", "2024-07-02"]
    assert joined["reason"]["place"] == ["akorda", "astana"]
    assert joined["reason"]["participants"] == sorted(XI_VISIT)
    assert joined["reason"]["type"] == ["meeting", ["visit"]]


def test_split_and_join_decisions_are_applied_and_kept_on_rebuild(store):
    store.add(report("a", [{"type": "visit", "date": "2024-07-02", "place": "astana", "participants": XI_VISIT}]))
    store.add(report("b", [{"type": "visit", "date": "2024-07-02", "place": "astana", "participants": XI_VISIT}]))
    store.add(report("c", [{"type": "forum", "date": "2024-07-02", "place": "astana", "participants": XI_VISIT}]))
    assert event_of(store, "a") == event_of(store, "b") != event_of(store, "c")
    with store.write() as db:
        graph.record_decision(db, "split", "a#0", "b#0", note="two visits that year")
        graph.record_decision(db, "join", "c#0", "a#0")
    assert "merge_decisions" not in graph.GRAPH_TABLES
    graph.rebuild(store)
    assert event_of(store, "a") == event_of(store, "c") != event_of(store, "b")
    graph.rebuild(store)  # and again: the decisions stay where they are
    assert event_of(store, "a") == event_of(store, "c") != event_of(store, "b")
    with pytest.raises(ValueError), store.write() as db:
        graph.record_decision(db, "merge", "a#0", "b#0")


def test_the_latest_decision_about_a_pair_holds(store):
    store.add(report("a", [{"type": "visit", "date": "2024-07-02", "place": "astana", "participants": XI_VISIT}]))
    store.add(report("b", [{"type": "visit", "date": "2024-07-02", "place": "astana", "participants": XI_VISIT}]))
    with store.write() as db:
        graph.record_decision(db, "split", "a#0", "b#0")
    graph.rebuild(store)
    assert event_of(store, "a") != event_of(store, "b")
    with store.write() as db:
        graph.record_decision(db, "join", "b#0", "a#0", note="one visit after all")
        assert graph.decisions_about(db, "b#0") == {event_of(store, "a"): "join"}
    graph.rebuild(store)
    assert event_of(store, "a") == event_of(store, "b")


# -- a storm of copies ------------------------------------------------------------------------------


def test_a_storm_of_copies_is_one_event_and_one_fact_with_exact_counts(store):
    for i in range(60):
        store.add(
            report(
                f"copy-{i}",
                [
                    {
                        "type": "summit",
                        "date": "2024-07-04" if i % 3 else "2024-07",
                        "place": "astana",
                        "participants": SCO,
                    }
                ],
                text=f"The leaders met in Astana, outlet {i % 4} reports. " + "Filler words. " * 30 + f"Item {i}.",
            )
        )
    gid = event_of(store, "copy-0")
    assert {event_of(store, f"copy-{i}") for i in range(60)} == {gid}
    assert column(store, gid, "documents") == 60 and column(store, gid, "date") == "2024-07-04"
    before = graph_dump(store)
    graph.rebuild(store)
    assert graph_dump(store) == before


# -- ingest and rebuild ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
def test_storing_and_rebuilding_give_the_same_graph_on_generated_corpora(tmp_path, seed):
    with open_store(tmp_path / f"gen-{seed}.db") as store:
        for analysis in generated_corpus(seed):
            store.add(analysis)
        stored = graph_dump(store)
        graph.rebuild(store)
        assert graph_dump(store) == stored


def test_a_participant_the_article_does_not_list_counts_alike_on_ingest_and_rebuild(store):
    # the first article names a state as participant without listing it among its entities;
    # a later one lists it. Whether the pair is between actors must not depend on the later one.
    first = report("first", [{"type": "meeting", "date": "2024-07-03", "participants": ["kazakhstan", "china"]}])
    first.entities = [e for e in first.entities if e.id != "china"]
    store.add(first)
    store.add(report("second", [{"type": "meeting", "date": "2025-01-10", "participants": ["china", "russia"]}]))
    stored = graph_dump(store)
    graph.rebuild(store)
    assert graph_dump(store)["entity_pairs"] == stored["entity_pairs"]
    assert graph_dump(store) == stored


def _event_page(store, gid: str) -> str:
    """The workbench's page of one graph event of `store`."""
    from fastapi.testclient import TestClient

    from silkgraph.kb import KnowledgeBase
    from silkgraph.web.app import create_app

    with TestClient(create_app(str(store.path), kb=KnowledgeBase.load()), raise_server_exceptions=False) as client:
        return client.get(f"/events/{gid}").text


def test_the_api_and_the_event_page_show_why_reports_were_joined(tmp_path):
    from fastapi.testclient import TestClient

    from silkgraph.kb import KnowledgeBase
    from silkgraph.web.app import create_app

    path = tmp_path / "web.db"
    with open_store(path) as store:
        store.add(report("a", [{"type": "visit", "date": "2024-07-02", "place": "astana", "participants": XI_VISIT}]))
        store.add(
            report(
                "b",
                [{"type": "meeting", "date": "2024-07-03", "place": "akorda", "participants": XI_VISIT}],
                published="2024-07-03",
            )
        )
        gid = event_of(store, "a")
    with TestClient(create_app(str(path), kb=KnowledgeBase.load()), raise_server_exceptions=False) as client:
        sources = client.get(f"/api/events/{gid}").json()["sources"]
        assert [s["reason"] is None for s in sources] == [True, False]
        assert sources[1]["reason"]["place"] == ["akorda", "astana"]
        page = client.get(f"/events/{gid}").text
        assert "The first report of this event." in page
        assert "place akorda fits astana" in page and "participants in common: china, kassym-jomart-tokayev" in page


# -- scoring the merge ----------------------------------------------------------------------------


def test_cluster_score_counts_pairs_across_documents_of_matched_required_events(tmp_path):
    from silkgraph.evaluation import evaluate, score_clusters

    summit = {"type": "summit", "date": "2024-07-04", "place": "Astana", "participants": ["Kasachstan", "China"]}
    visit = {"type": "visit", "date": "2024-07-02", "place": "Astana", "participants": ["Kasachstan", "China"]}
    entities = [
        {"name": n, "type": t} for n, t in (("Kasachstan", "country"), ("China", "country"), ("Astana", "place"))
    ]
    golds = {"a": [summit, visit], "b": [summit], "c": [dict(visit, optional=True), summit]}
    for doc_id, events in golds.items():
        (tmp_path / f"{doc_id}.json").write_text(json.dumps({"entities": entities, "events": events}))
    clusters = {"a#0": "summit", "a#1": "visit", "b#0": "summit", "c#0": "visit", "c#1": "summit"}
    pred_entities = [
        {"id": "kazakhstan", "name": "Kasachstan", "type": "country"},
        {"id": "china", "name": "China", "type": "country"},
        {"id": "astana", "name": "Astana", "type": "place"},
    ]

    def predicted(*types):
        return {
            "entities": pred_entities,
            "events": [
                {
                    "type": t,
                    "date": "2024-07-04" if t == "summit" else "2024-07-02",
                    "place": "astana",
                    "participants": ["kazakhstan", "china"],
                }
                for t in types
            ],
        }

    report = evaluate(
        tmp_path, {"a": predicted("summit", "visit"), "b": predicted("summit"), "c": predicted("visit", "summit")}
    )
    # a and b's summits merged, c's summit left apart, a's visit wrongly merged with c's summit
    graph_event_of = {("a", 0): "g1", ("b", 0): "g1", ("a", 1): "g2", ("c", 1): "g2", ("c", 0): "g3"}
    score = score_clusters(clusters, tmp_path, report, graph_event_of)
    # required events judged: a#0 a#1 b#0 c#1 (c#0 is optional); pairs across documents:
    # a#0-b#0 same, merged; a#0-c#1 same, apart; b#0-c#1 same, apart; a#1-b#0 apart, right;
    # a#1-c#1 different keys, merged: wrong
    assert (score.merged_right, score.merged_wrong, score.left_apart, score.owed) == (1, 1, 2, 3)
    assert score.precision == 0.5 and round(score.recall, 3) == 0.333


def test_a_report_of_a_much_reported_event_costs_the_same_work_as_an_early_one(store):
    """The database work of storing one more copy of a storm does not grow with the copies before it
    (counted in SQLite virtual-machine steps, which do not depend on the machine's speed)."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0  # go on

    def work_of(i: int) -> int:
        analysis = report(
            f"storm-{i}",
            [{"type": "summit", "date": "2024-07-04" if i % 3 else "2024-07", "place": "astana", "participants": SCO}],
            text=f"The leaders met in Astana, outlet {i % 4} reports. " + "Filler words. " * 30 + f"Item {i}.",
        )
        store._db.set_progress_handler(count, 100)
        steps[0] = 0
        store.add(analysis)
        store._db.set_progress_handler(None, 100)
        return steps[0]

    early = [work_of(i) for i in range(30)][-10:]
    for i in range(30, 300):
        work_of(i)
    late = [work_of(i) for i in range(300, 310)]
    assert sum(late) < 1.5 * sum(early), (early, late)
