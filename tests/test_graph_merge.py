"""Which reports of different articles become one graph event: the rules, each on hand-made pairs.

The reports are made here as analyses (the sentences are this file's own), with knowledge-base
ids for people, states and places, so that the rules see what the pipeline would give them.
"""

from __future__ import annotations

import json

import pytest
from graph_corpus import generated_corpus, graph_dump
from merge_support import GCC, SCO, XI_VISIT, column, event_of, event_page, report

from silkgraph import graph, query
from silkgraph.graph import rules
from silkgraph.store import open_store


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "merge.db") as s:
        yield s


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
                assert "the undated article of this event reports another happening" in event_page(store, gid)
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
        # the page names the entities the reason is about (the API keeps their ids)
        assert "place Akorda fits Astana" in page and "participants in common: China, Kassym Jomart Tokayev" in page


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
