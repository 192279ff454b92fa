"""The network and map routes over HTTP: the network around an entity, a link's evidence, name
suggestions, the places of a period and a place's events; bad parameters get a 422."""

from __future__ import annotations

import pytest


def test_the_network_around_an_entity(client):
    body = client.get("/api/network", params={"entity": "kazakhstan"}).json()
    assert body["centre"]["id"] == "kazakhstan" and body["kinds"] == ["event", "fact"]
    ids = {n["id"] for n in body["nodes"]}
    assert len(ids) > 2 and all(e["source"] in ids and e["target"] in ids for e in body["edges"])
    assert all(n["type"] != "place" for n in body["nodes"])
    wider = client.get(
        "/api/network", params={"entity": "kazakhstan", "kinds": "event,fact,cooccurrence", "background": "true"}
    ).json()
    assert ids <= {n["id"] for n in wider["nodes"]}
    assert body["years"] and all(year.isdigit() for year in body["years"])


def test_a_links_evidence_links_to_events_and_articles(client):
    body = client.get("/api/network", params={"entity": "kazakhstan"}).json()
    strongest = body["edges"][0]
    evidence = client.get("/api/network/edge", params={"a": strongest["source"], "b": strongest["target"]}).json()
    assert len(evidence["events"]) + len(evidence["facts"]) == strongest["weight"]
    for item in evidence["events"] + evidence["facts"]:
        assert item["documents"]
    for doc in evidence["documents"]:
        assert client.get(f"/api/documents/{doc['id']}").status_code == 200


def test_suggestions(client):
    found = client.get("/api/suggest", params={"q": "Tokaj"}).json()["suggestions"]
    assert found and found[0]["id"] == "kassym-jomart-tokayev"
    assert client.get("/api/suggest", params={"q": "x"}).json()["suggestions"] == []
    assert client.get("/api/suggest", params={"q": "<script>"}).json()["suggestions"] == []


def test_places_of_a_period_and_the_events_of_a_place(client):
    every = client.get("/api/places").json()["places"]
    held = [p for p in every if p["events"]]
    assert held
    place = held[0]
    listed = client.get(f"/api/places/{place['id']}/events").json()
    assert listed["total"] == place["events"] and all(e["place"] == place["id"] for e in listed["events"])
    assert client.get("/api/places", params={"to": "1990"}).json()["places"] == []


@pytest.mark.parametrize(
    "path, params",
    [
        ("/api/network", {"entity": "kazakhstan", "kinds": "event,friendship"}),
        ("/api/network", {"entity": "kazakhstan", "steps": 3}),
        ("/api/network/edge", {"a": "china", "b": "china"}),
        ("/api/network/edge", {"a": "china"}),
        ("/api/suggest", {"q": "x" * 101}),
        ("/api/places/astana/events", {"limit": 0}),
    ],
)
def test_bad_parameters_are_refused(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code == 422, response.text
    assert "^" not in response.json()["error"]  # no regular expression in the message


def test_unknown_entities_are_not_found(client):
    assert client.get("/api/network", params={"entity": "atlantis"}).status_code == 404
    assert client.get("/api/network", params={"entity": "<b>Kazakhstan!</b>"}).status_code == 404
    assert client.get("/api/network/edge", params={"a": "atlantis", "b": "china"}).status_code == 404


def test_the_network_page_takes_a_name_and_the_entity_page_links_to_it(client):
    page = client.get("/network", params={"name": "Kasachstan"})
    assert page.status_code == 200 and "Network of" in page.text and "/entities/kazakhstan" in page.text
    renamed = client.get("/network", params={"entity": "kazakhstan", "name": "Usbekistan"})
    heading = renamed.text.split("<h1>")[1].split("</h1>")[0]
    assert "/entities/uzbekistan" in heading  # the name typed wins over the old centre
    unknown = client.get("/network", params={"name": "Atlantis"})
    assert unknown.status_code == 200 and "No entity is named like" in unknown.text
    assert "/network?entity=kazakhstan" in client.get("/entities/kazakhstan").text
    assert client.get("/map", params={"from": "2024", "to": "2025"}).status_code == 200


def test_kinds_comma_separated_or_repeated_are_one(client):
    comma = client.get("/api/network", params={"entity": "kazakhstan", "kinds": "event,cooccurrence"}).json()
    repeated = client.get(
        "/api/network", params=[("entity", "kazakhstan"), ("kinds", "event"), ("kinds", "cooccurrence")]
    )
    assert comma == repeated.json() and comma["kinds"] == ["event", "cooccurrence"]
