"""The query layer the CLI, HTTP API and web UI share."""

from __future__ import annotations

import json

import pytest

from graph_corpus import ALL, articles, filled_store, graph_kb
from silkgraph import query, search as search_module
from silkgraph.errors import UsageError
from silkgraph.query import NotFound

TOKAYEV = "kassym-jomart-tokayev"


@pytest.fixture(scope="module")
def kb():
    return graph_kb()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with filled_store(tmp_path_factory.mktemp("query") / "q.db") as s:
        yield s


def doc_ids(result):
    return [d["id"] for d in result["documents"]]


def summit_id(store):
    [summit] = [e for e in query.timeline(store, type="summit")["events"]]
    return summit["id"]


# -- search ---------------------------------------------------------------------


def test_german_inflection_and_compounds(store):
    # moskau-treffen-de says only "Kasachstans", treffen-astana-de only "Gipfeltreffen"
    assert "moskau-treffen-de" in doc_ids(query.search(store, "Kasachstan", kind="documents"))
    assert "moskau-treffen-de" not in [h.doc_id for h in store.search("Kasachstan")]  # the word index alone
    assert "treffen-astana-de" in doc_ids(query.search(store, "Gipfel", kind="documents"))
    assert "treffen-astana-de" in doc_ids(query.search(store, "Gipfeltreffens", kind="documents"))
    hit = next(d for d in query.search(store, "Kasachstan")["documents"] if d["id"] == "moskau-treffen-de")
    assert "[[Kasachstans]]" in hit["snippet"]


@pytest.mark.parametrize("q", ["Tokajew", "Tokayev", "Токаев", "TOKAJEW", "tokajew", "Kassym-Schomart Tokajew"])
def test_entities_by_any_alias(store, kb, q):
    result = query.search(store, q, kind="entities", kb=kb)
    assert result["entities"][0]["id"] == TOKAYEV
    assert result["entities"][0]["name"] == "Kassym-Jomart Tokayev"
    assert result["documents"] == []  # kind="entities"


@pytest.mark.parametrize("q", ["Tokajew", "Tokayev", "Токаев"])
def test_alias_search_without_kb_uses_the_names_seen_in_texts(store, q):
    assert query.search(store, q, kind="entities")["entities"][0]["id"] == TOKAYEV


def test_a_name_finds_documents_that_use_another_alias(store, kb):
    found = doc_ids(query.search(store, "Токаев", kind="documents", kb=kb))
    assert {"gipfel-astana-de", "summit-astana-en"} <= set(found)
    english = next(d for d in query.search(store, "Tokajew", kb=kb)["documents"] if d["id"] == "summit-astana-en")
    assert "[[Tokayev]]" in english["snippet"]


def test_filters_facets_and_paging(store, kb):
    everything = query.search(store, "", kb=kb)
    assert everything["total"]["documents"] == len(ALL)
    assert doc_ids(everything)[:2] == ["moskau-treffen-de", "summit-astana-en"]  # newest first, then last stored
    in_2024 = query.search(store, "", date_from="2024", date_to="2024-12", kind="documents")
    assert set(doc_ids(in_2024)) == {"handel-zweifel-de", "bahn-de", "railway-en"}
    assert in_2024["facets"]["year"] == {"2024": 3}
    russia = query.search(store, "", country="russia", kind="documents")
    assert doc_ids(russia) == ["moskau-treffen-de"]
    summits = query.search(store, "Astana", type="summit", kind="documents")
    assert set(doc_ids(summits)) == {"gipfel-astana-de", "gipfel-astana-copy", "treffen-astana-de", "summit-astana-en"}
    assert summits["facets"]["type"]["summit"] == 4
    assert summits["facets"]["country"]["kazakhstan"] == 4
    page = query.search(store, "China", kind="documents", limit=2, offset=1)
    full = query.search(store, "China", kind="documents", limit=100)
    assert doc_ids(page) == doc_ids(full)[1:3] and page["total"]["documents"] == full["total"]["documents"]
    people = query.search(store, "", kind="entities", type="person", kb=kb)
    assert {e["id"] for e in people["entities"]} == {TOKAYEV, "zoon-ahmed-khan"}
    assert people["facets"]["entity_type"] == {"person": 2}
    kazakh = query.search(store, "", kind="entities", country="kazakhstan", kb=kb)
    assert {e["id"] for e in kazakh["entities"]} == {"kazakhstan", "astana", TOKAYEV}
    in_kazakhstan = query.search(store, "", country="kazakhstan", kind="documents", kb=kb)
    assert "gipfel-astana-de" in doc_ids(in_kazakhstan)  # named, or a place in it named


def test_facets_count_the_best_documents_of_a_large_result(store, kb, monkeypatch):
    full = query.search(store, "", kind="documents")
    assert full["facet_documents"] == len(ALL) and sum(full["facets"]["year"].values()) == len(ALL)
    monkeypatch.setattr(search_module, "FACET_DOCUMENTS", 2)
    store.caches.clear()  # forget the searches made above
    sampled = query.search(store, "", kind="documents", limit=5)
    assert sampled["total"]["documents"] == len(ALL) and len(sampled["documents"]) == 5
    assert sampled["facet_documents"] == 2 and sum(sampled["facets"]["year"].values()) == 2
    assert doc_ids(sampled) == doc_ids(full)[:5]  # paging does not depend on the sample
    matches = query.search(store, "China", kind="documents", limit=100)  # ranked and counted by the database:
    for offset in range(3):
        page = query.search(store, "China", kind="documents", limit=1, offset=offset)
        assert page["total"]["documents"] == matches["total"]["documents"] > 3
        assert doc_ids(page) == doc_ids(matches)[offset : offset + 1]


def test_a_repeated_search_sees_documents_added_since(tmp_path, kb):
    found = articles()
    with filled_store(tmp_path / "s.db", ids=[i for i in ALL if i != "summit-astana-en"]) as store:
        before = query.search(store, "Astana", kind="documents", kb=kb)
        assert query.search(store, "Astana", kind="documents", kb=kb) == before  # the same, from the cache
        store.add(found["summit-astana-en"])
        after = query.search(store, "Astana", kind="documents", kb=kb)
        assert after["total"]["documents"] == before["total"]["documents"] + 1
        assert "summit-astana-en" in doc_ids(after)


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "AND OR",
        "*",
        "Kasach* *",
        "NEAR(a b)",
        "'; DROP TABLE documents; --",
        "\x00",
        "x" * 5000,
        "🙂",
        "(China)",
        "title:Astana",
        "-",
        "a " * 200,
    ],
)
def test_hostile_queries_never_raise(store, kb, q):
    result = query.search(store, q, kb=kb)
    json.dumps(result)
    if not any(c.isalnum() for c in q):
        assert result["documents"] == [] and result["entities"] == []
    assert store.integrity_check()


def test_unknown_kind_is_refused(store):
    with pytest.raises(UsageError, match="kind"):
        query.search(store, "x", kind="people")
    with pytest.raises(UsageError, match="kind"):
        query.network(store, kind="friendship")


# -- entity, event, fact ----------------------------------------------------------


def test_entity_page(store, kb):
    page = query.entity(store, kb, TOKAYEV)
    json.dumps(page)
    assert page["name"] == "Kassym-Jomart Tokayev" and page["type"] == "person"
    assert {"Tokajew", "Tokayev", "Tokaev"} <= set(page["aliases"])
    assert page["roles"] == [
        {"role": "president", "of": "kazakhstan", "of_name": "Kazakhstan", "start": "2019-03-20", "end": None}
    ]
    assert page["description"] == "President of Kazakhstan"
    assert [d["id"] for d in page["documents"]] == ["summit-astana-en", "gipfel-astana-de", "gipfel-astana-copy"]
    assert page["quotes"][0]["text"].startswith("We are opening")
    assert page["mention_count"] == 6
    china = query.entity(store, kb, "china")
    assert [e["type"] for e in china["events"]] == ["project", "summit"]  # newest first: 2025-10, 2025-06-14
    assert china["facts"][0]["contested"] is True
    related = {r["id"]: r["weight"] for r in china["related"]}
    assert related["kazakhstan"] == 4  # five documents, one a syndicated copy
    astana = query.entity(store, kb, "astana")
    assert astana["coordinates"] == [51.1694, 71.4491] and astana["events"][0]["id"] == summit_id(store)


def test_entity_known_only_from_texts(store, kb):
    page = query.entity(store, kb, "zoon-ahmed-khan")
    assert page["name"] == "Zoon Ahmed Khan" and page["roles"] == [] and page["document_count"] == 2


def test_entity_in_kb_but_never_seen(store, kb):
    assert query.entity(store, kb, "xi-jinping")["documents"] == []


def test_event_page(store):
    page = query.event(store, summit_id(store))
    json.dumps(page)
    assert (page["type"], page["date"], page["place"]) == ("summit", "2025-06-14", "astana")
    assert page["place_name"] == "Astana"
    assert page["contested"] is False and page["source_count"] == 3 and page["document_count"] == 4
    assert {p["id"] for p in page["participants"]} >= {"kazakhstan", "china", "tajikistan", "central-asia"}
    texts = {a.document.id: a.document.text for a in articles().values()}
    for source in page["sources"]:
        ev = source["evidence"]
        assert texts[source["doc_id"]][ev["start"] : ev["end"]] == ev["text"]
    assert {s["doc_id"] for s in page["sources"]} == {
        "gipfel-astana-de",
        "gipfel-astana-copy",
        "treffen-astana-de",
        "summit-astana-en",
    }
    copy = next(s for s in page["sources"] if s["doc_id"] == "gipfel-astana-copy")
    assert copy["duplicate_of"] == "gipfel-astana-de" and copy["cluster"] == "gipfel-astana-de"


def test_contested_project_event(store):
    [project] = query.timeline(store, type="project")["events"]
    page = query.event(store, project["id"])
    assert page["contested"] is True
    assert [a["date"] for a in page["alternatives"]] == ["2025-10", "2026-07"]


def test_fact_page(store):
    [figure] = query.figures(store, subjects=["kazakhstan", "china"], type="trade_volume")
    [point] = figure["series"]
    page = query.fact(store, point["fact"])
    json.dumps(page)
    assert page["contested"] is True and page["value"] == 41_000_000_000 and page["period"] == "2023"
    assert [s["id"] for s in page["subjects"]] == ["china", "kazakhstan"]
    assert sorted((c["doc_id"], c["value"], c["qualifier"]) for c in page["claims"]) == [
        ("gipfel-astana-copy", 41_000_000_000, "over"),
        ("gipfel-astana-de", 41_000_000_000, "over"),
        ("handel-zweifel-de", 70_000_000_000, None),
        ("treffen-astana-de", 41_000_000_000, None),
    ]
    assert all({"Kasachstan", "Warenaustausch"} & set(c["evidence"]["text"].split()) for c in page["claims"])


@pytest.mark.parametrize(
    "call",
    [
        lambda s, kb: query.entity(s, kb, "atlantis"),
        lambda s, kb: query.event(s, "ev-nothing-0"),
        lambda s, kb: query.fact(s, "fa-0"),
        lambda s, kb: query.document(s, "no-such-doc"),
    ],
)
def test_unknown_ids_raise_not_found(store, kb, call):
    with pytest.raises(NotFound):
        call(store, kb)
    assert issubclass(NotFound, LookupError)


# -- timeline, network, figures, places ------------------------------------------------


def test_timeline(store):
    everything = query.timeline(store)
    dates = [e["date"] for e in everything["events"]]
    assert dates == ["2025-06-14", "2025-06-16", "2025-10"] and everything["total"] == 3
    assert [e["date"] for e in query.timeline(store, entity="russia")["events"]] == ["2025-06-16"]
    assert query.timeline(store, type="encounter")["total"] == 2
    summits = query.timeline(store, entity="kazakhstan", type="summit")  # counted through the events' type
    assert summits["total"] == len(summits["events"]) == 1 and summits["events"][0]["type"] == "summit"
    assert query.timeline(store, date_from="2025-06-15", date_to="2025-06-30")["total"] == 1
    assert [e["date"] for e in query.timeline(store, limit=1, offset=1)["events"]] == ["2025-06-16"]


@pytest.mark.parametrize("entity", [None, "kazakhstan", "astana", "china"])
def test_timeline_pages_add_up_to_the_whole(store, entity):
    whole = query.timeline(store, entity=entity)
    pages = [
        e["id"]
        for offset in range(whole["total"] + 1)
        for e in query.timeline(store, entity=entity, limit=1, offset=offset)["events"]
    ]
    assert pages == [e["id"] for e in whole["events"]] and len(pages) == whole["total"] > 0
    if entity:  # an entity's events: those it takes part in, and those at it as a place
        assert all(entity in [p["id"] for p in e["participants"]] or e["place"] == entity for e in whole["events"])


def test_network(store):
    graph = query.network(store)
    json.dumps(graph)
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert "astana" not in nodes and "moscow" not in nodes  # places are where, not who
    assert nodes["kazakhstan"]["weight"] == 5  # six documents name it, two are one source
    edge = next(e for e in graph["edges"] if (e["source"], e["target"]) == ("china", "kazakhstan"))
    assert edge["weight"] == 4 and edge["kinds"] == {"event": 3, "fact": 3, "cooccurrence": 4}
    events_only = query.network(store, kind="event")
    edge = next(e for e in events_only["edges"] if (e["source"], e["target"]) == ("china", "kazakhstan"))
    assert edge["weight"] == 3 and edge["kinds"] == {"event": 3}
    strong = query.network(store, min_weight=3)
    assert all(e["weight"] >= 3 for e in strong["edges"]) and strong["edges"]
    assert len(query.network(store, limit=2)["nodes"]) == 2
    before = query.network(store, date_to="2024-12")
    assert {n["id"] for n in before["nodes"]} <= {
        "china",
        "kazakhstan",
        "kyrgyzstan",
        "uzbekistan",
        "china-kyrgyzstan-uzbekistan-railway",
        "zoon-ahmed-khan",
    }


def test_document_with_annotations(store):
    page = query.document(store, "gipfel-astana-copy")
    json.dumps(page)
    assert page["duplicate_of"] == "gipfel-astana-de" and page["cluster"] == "gipfel-astana-de"
    kinds = {a["kind"] for a in page["annotations"]}
    assert kinds == {"entity", "event", "fact"}
    event = next(a for a in page["annotations"] if a["kind"] == "event")
    assert event["ref"] == summit_id(store) and event["contested"] is False
    fact = next(a for a in page["annotations"] if a["kind"] == "fact")
    assert fact["contested"] is True
    for a in page["annotations"]:
        assert 0 <= a["start"] <= a["end"] <= len(page["text"])
    assert [a["start"] for a in page["annotations"]] == sorted(a["start"] for a in page["annotations"])
    quote = next(a for a in query.document(store, "summit-astana-en")["annotations"] if a["kind"] == "quote")
    assert quote["ref"] == TOKAYEV and quote["label"] == "Kassym-Jomart Tokayev"
    assert query.document(store, "gipfel-astana-de")["copies"] == ["gipfel-astana-copy"]


def test_figures(store):
    series = query.figures(store)
    json.dumps(series)
    [trade] = [s for s in series if s["type"] == "trade_volume"]
    assert trade["pair"] == ["china", "kazakhstan"] and trade["unit"] == "USD"
    assert trade["series"] == [
        {
            "period": "2023",
            "value": 41_000_000_000,
            "unit": "USD",
            "qualifier": None,
            "sources": 3,
            "contested": True,
            "fact": trade["series"][0]["fact"],
        }
    ]
    assert query.figures(store, subjects=["russia"]) == []


def test_places(store, kb):
    found = {p["id"]: p for p in query.places(store, kb)}
    json.dumps(found)
    assert found["astana"]["coordinates"] == [51.1694, 71.4491] and found["astana"]["events"] == 1
    assert found["moscow"]["events"] == 1
    assert found["china-kyrgyzstan-uzbekistan-railway"]["type"] == "project"
    assert "kazakhstan" not in found  # no coordinates in the KB
