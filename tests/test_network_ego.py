"""The network around one entity, the evidence of a link, name suggestions and the map's places,
on the invented articles of tests/data/graph and the bundled knowledge base."""

from __future__ import annotations

import pytest

from graph_corpus import filled_store
from silkgraph import corrections, ego, geo, graph, network, query, suggest
from silkgraph.model import Analysis, Document, Entity, Event, Mention, Span
from silkgraph.ontology import ONTOLOGY


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with filled_store(tmp_path_factory.mktemp("ego") / "e.db") as s:
        yield s


def _neighbours(graph: dict) -> set[str]:
    return {n["id"] for n in graph["nodes"] if n["ring"] == 1}


def _exact_neighbours(store, kb, entity: str, kinds) -> set[str]:
    """Co-participants and co-subjects as network.pair_sources computes them (another code path)."""
    found: set[str] = set()
    with store.read() as db:
        for kind in kinds:
            for a, b in network.pair_sources(db, focus=entity, kind=kind):
                found.add(b if a == entity else a)
        types = dict(db.execute("SELECT id, type FROM entities"))
    return {i for i in found if not network.is_background(types.get(i), kb.get(i))}


def test_links_default_to_shared_events_and_figures(store, kb):
    graph = ego.ego_network(store, kb, "kazakhstan", limit=500)
    assert graph["centre"]["id"] == "kazakhstan" and graph["kinds"] == ["event", "fact"]
    assert _neighbours(graph) == _exact_neighbours(store, kb, "kazakhstan", ("event", "fact"))
    assert all(set(e["kinds"]) <= {"event", "fact"} for e in graph["edges"])
    china = next(e for e in graph["edges"] if {e["source"], e["target"]} == {"china", "kazakhstan"})
    assert china["kinds"] == {"event": 1, "fact": 1} and china["weight"] == 2


def test_same_article_links_only_on_request(store, kb):
    default = _neighbours(ego.ego_network(store, kb, "kazakhstan", limit=500))
    wider = ego.ego_network(store, kb, "kazakhstan", kinds=("event", "fact", "cooccurrence"), limit=500)
    assert default <= _neighbours(wider)
    assert any("cooccurrence" in e["kinds"] for e in wider["edges"])
    assert _neighbours(wider) == _exact_neighbours(store, kb, "kazakhstan", ("event", "fact", "cooccurrence"))


def test_places_and_background_kinds_are_nodes_only_when_asked(store, kb):
    kinds = ("event", "fact", "cooccurrence")
    default = {n["id"] for n in ego.ego_network(store, kb, "kazakhstan", kinds=kinds, limit=500)["nodes"]}
    asked = {n["id"] for n in ego.ego_network(store, kb, "kazakhstan", kinds=kinds, background=True)["nodes"]}
    assert "astana" not in default and "astana" in asked  # a city is where, not who


def test_background_kinds_come_from_the_ontology_and_the_knowledge_base(kb):
    assert {"continent", "sea", "currency"} <= set(ONTOLOGY.background_kinds)
    for entity_id in ("europe", "asia", "caspian-sea", "renminbi", "amu-darya"):
        known = kb.get(entity_id)
        assert network.is_background(known.type, known), entity_id
    for entity_id in ("central-asia", "kazakhstan", "european-union", "kassym-jomart-tokayev"):
        known = kb.get(entity_id)
        assert not network.is_background(known.type, known), entity_id


def _article_with(participants: list[tuple[str, str]], doc_id: str) -> Analysis:
    text = "Delegations met in a hall. " + " ".join(name for _, name in participants) + "."
    entities = [
        Entity(eid, name, kb_type, None, [Mention(text.index(name), text.index(name) + len(name), name)])
        for (eid, name), kb_type in zip(participants, ["country", "region", "country"])
    ]
    event = Event("meeting", "2024-05-02", [eid for eid, _ in participants], Span(0, 16))
    return Analysis(Document(doc_id, text, title="A meeting", published="2024-05-03"), entities, [event])


def test_a_continent_taking_part_is_left_out_unless_asked(tmp_path, kb):
    with filled_store(tmp_path / "c.db", ids=("gipfel-astana-de",)) as s:
        s.add(_article_with([("kazakhstan", "Kazakhstan"), ("europe", "Europe"), ("germany", "Germany")], "met-eu"))
        default = {n["id"] for n in ego.ego_network(s, kb, "kazakhstan")["nodes"]}
        asked = {n["id"] for n in ego.ego_network(s, kb, "kazakhstan", background=True)["nodes"]}
        overview = {n["id"] for n in network.network(s, kb=kb)["nodes"]}
    assert "germany" in default and "europe" not in default and "europe" in asked
    assert "europe" not in overview and "germany" in overview


def test_a_participant_gone_from_the_graph_is_gone_from_the_network(tmp_path, kb):
    with filled_store(tmp_path / "r.db") as s:
        before = ego.ego_network(s, kb, "russia")
        assert "kazakhstan" in _neighbours(before)
        with s.write() as db:  # what a rejected participant leaves in the graph tables
            db.execute(
                "DELETE FROM graph_event_participants WHERE entity_id = 'kazakhstan' AND graph_event IN"
                " (SELECT graph_event FROM graph_event_participants WHERE entity_id = 'russia')"
            )
        after = ego.ego_network(s, kb, "russia")
        evidence = ego.edge_evidence(s, "kazakhstan", "russia")
    assert "kazakhstan" not in _neighbours(after)
    assert evidence["events"] == [] and evidence["total"]["event"] == 0


def test_dates_keep_the_links_of_the_period(store, kb):
    in_2025 = ego.ego_network(store, kb, "kazakhstan", date_from="2025", date_to="2025")
    china = next(e for e in in_2025["edges"] if {e["source"], e["target"]} == {"china", "kazakhstan"})
    assert china["kinds"] == {"event": 1}  # the 2023 trade figure is out of the period
    assert ego.ego_network(store, kb, "kazakhstan", date_to="1999")["edges"] == []
    assert in_2025["years"] == ego.ego_network(store, kb, "kazakhstan")["years"]  # the chart shows every year
    assert set(in_2025["years"]) >= {"2023", "2025"}


def test_two_steps_reach_the_neighbours_of_neighbours(store, kb):
    one = ego.ego_network(store, kb, "kazakhstan", limit=500)
    two = ego.ego_network(store, kb, "kazakhstan", steps=2, limit=500)
    far = {n["id"] for n in two["nodes"] if n["ring"] == 2}
    assert far and not far & {n["id"] for n in one["nodes"]}
    ids = {n["id"] for n in two["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in two["edges"])


def test_bad_requests_are_refused(store, kb):
    with pytest.raises(query.NotFound):
        ego.ego_network(store, kb, "atlantis")
    with pytest.raises(Exception, match="steps"):
        ego.ego_network(store, kb, "kazakhstan", steps=3)
    with pytest.raises(Exception, match="kinds"):
        ego.kinds_of("event,friendship")
    assert ego.kinds_of("") == ego.DEFAULT_KINDS and ego.kinds_of("fact,event") == ("event", "fact")


def test_the_evidence_of_a_link_lists_events_figures_and_their_articles(store):
    found = ego.edge_evidence(store, "china", "kazakhstan")
    [summit] = found["events"]
    assert summit["type"] == "summit" and "gipfel-astana-de" in summit["documents"]
    [trade] = found["facts"]
    assert trade["type"] == "trade_volume" and "handel-zweifel-de" in trade["documents"]
    documents = {d["id"] for d in found["documents"]}
    assert documents == set(summit["documents"]) | set(trade["documents"])
    assert "together" not in found  # articles naming both only when asked
    wider = ego.edge_evidence(store, "china", "kazakhstan", kinds=("event", "fact", "cooccurrence"))
    assert wider["total"]["cooccurrence"] >= 1 and set(wider["together"]) <= {d["id"] for d in wider["documents"]}
    later = ego.edge_evidence(store, "china", "kazakhstan", date_from="2024")
    assert later["facts"] == [] and later["total"]["fact"] == 0 and later["events"]


def test_suggestions_match_names_in_any_language_of_stored_entities_only(store, kb):
    assert [s["id"] for s in suggest.suggest(store, kb, "Tokaj")] == ["kassym-jomart-tokayev"]
    kz = suggest.suggest(store, kb, "Казах")
    assert kz[0]["id"] == "kazakhstan" and kz[0]["sources"] >= 1
    assert suggest.suggest(store, kb, "Kasach")[0]["matched"] == "Kasachstan"
    assert suggest.suggest(store, kb, "k") == []  # one letter is no help
    assert suggest.suggest(store, kb, "Xi Jin") == []  # the knowledge base knows him, the store does not
    ranked = [s["id"] for s in suggest.suggest(store, kb, "ka")]
    assert ranked.index("kazakhstan") < ranked.index("kassym-jomart-tokayev")  # the better sourced first


def test_map_places_and_the_events_of_a_place(store, kb):
    every = {p["id"]: p for p in geo.places(store, kb)}
    assert every["astana"]["events"] >= 1 and len(every["astana"]["coordinates"]) == 2
    assert all(p["events"] or p["sources"] for p in every.values())
    before = {p["id"]: p for p in geo.places(store, kb, date_to="2024")}
    assert before.get("astana", {"events": 0})["events"] == 0
    listed = geo.place_events(store, "astana")
    assert listed["total"] == every["astana"]["events"] == len(listed["events"])
    assert all(e["place"] == "astana" for e in listed["events"])
    assert geo.place_events(store, "astana", date_to="2024")["events"] == []


def test_a_typed_name_resolves_to_the_entity_it_names(store, kb):
    assert suggest.resolve(store, kb, "Kasachstan") == "kazakhstan"
    assert suggest.resolve(store, kb, "Kazakhstan", current="kazakhstan") == "kazakhstan"
    assert suggest.resolve(store, kb, "Tokajew", current="kazakhstan") == "kassym-jomart-tokayev"
    assert suggest.resolve(store, kb, "Atlantis") is None


def test_a_rejected_participant_leaves_the_network_until_the_correction_is_reverted(tmp_path, kb):
    with filled_store(tmp_path / "k.db") as s:
        [meeting] = ego.edge_evidence(s, "kazakhstan", "russia")["events"]
        made = corrections.record(s, "participant", meeting["id"], "reject", {"entity": "kazakhstan"}, note="host")
        assert "kazakhstan" not in _neighbours(ego.ego_network(s, kb, "russia"))
        graph.rebuild(s)
        assert "kazakhstan" not in _neighbours(ego.ego_network(s, kb, "russia"))
        assert ego.edge_evidence(s, "kazakhstan", "russia")["events"] == []
        corrections.revert(s, made["id"])
        assert "kazakhstan" in _neighbours(ego.ego_network(s, kb, "russia"))
