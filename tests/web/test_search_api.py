"""The search API and page, and the parameter checks they share with the timeline and the
entity routes: over the samples and the dev corpus (when present) and the hostile article."""

from __future__ import annotations

import re

import pytest

TOKAYEV = "kassym-jomart-tokayev"


def doc_ids(body: dict) -> list[str]:
    return [d["id"] for d in body["documents"]]


def languages_of(client, ids: list[str]) -> set[str]:
    return {client.get(f"/api/documents/{i}").json()["language"] for i in ids}


# -- search -------------------------------------------------------------------------


def test_a_person_search_lists_the_persons_articles_and_counts_them_alike(client, kb):
    body = client.get("/api/search", params={"q": "Tokajew", "limit": 1000}).json()
    assert [e["id"] for e in body["named"]] == [TOKAYEV]
    card = next(e for e in body["entities"] if e["id"] == TOKAYEV)
    assert card["documents"] == body["total"]["documents"] == len(body["documents"]) > 0
    names = {
        alias.split()[-1].lower() for alias in kb.get(TOKAYEV).all_aliases()
    }  # his surname, as each alias spells it
    for doc_id in doc_ids(body):
        doc = client.get(f"/api/documents/{doc_id}").json()
        is_linked = any(e["id"] == TOKAYEV for e in doc["entities"])
        assert is_linked or any(n in doc["text"].lower() for n in names), doc_id


def test_the_entity_filter_takes_a_name_and_lists_what_the_name_finds(client):
    by_name = client.get("/api/search", params={"q": "Tokajew", "kind": "documents", "limit": 1000}).json()
    filtered = client.get("/api/search", params={"entity": "Tokajew", "kind": "documents", "limit": 1000}).json()
    assert set(doc_ids(filtered)) == set(doc_ids(by_name))
    unknown = client.get("/api/search", params={"entity": "Nobody In Particular"})
    assert unknown.status_code == 422 and "no entity" in unknown.json()["error"]


@pytest.mark.parametrize("q", ["Gipfel", "summit"])
def test_summit_words_find_german_and_english_summits(client, q):
    body = client.get("/api/search", params={"q": q, "kind": "documents", "limit": 1000}).json()
    assert {"de", "en"} <= languages_of(client, doc_ids(body))
    assert body["translations"]["summit"]["ru"] == ["саммит"]
    first = body["documents"][0]
    assert not first["translated"]  # the words as typed first


def test_gipfel_and_summit_find_the_same_articles(client):
    found = [
        set(doc_ids(client.get("/api/search", params={"q": q, "kind": "documents", "limit": 1000}).json()))
        for q in ("Gipfel", "summit", "саммит")
    ]
    assert found[0] == found[1] == found[2] and found[0]


def test_totals_sort_and_language_filter(client):
    relevance = client.get("/api/search", params={"q": "Kasachstan", "kind": "documents", "limit": 1000}).json()
    by_date = client.get(
        "/api/search", params={"q": "Kasachstan", "kind": "documents", "limit": 1000, "sort": "date"}
    ).json()
    assert relevance["total"]["documents"] == by_date["total"]["documents"] == len(by_date["documents"])
    dated = [d["published"] for d in by_date["documents"] if d["published"]]
    assert dated == sorted(dated, reverse=True)
    english = client.get("/api/search", params={"q": "Kasachstan", "language": "en", "limit": 1000}).json()
    assert english["documents"] and all(d["language"] == "en" for d in english["documents"])


def test_kb_entities_without_articles_come_after_those_with(client):
    body = client.get("/api/search", params={"q": "railway", "kind": "entities", "limit": 1000}).json()
    mentioned = [bool(e["sources"]) for e in body["entities"]]
    assert mentioned == sorted(mentioned, reverse=True)
    assert body["total"]["entities_without_documents"] == mentioned.count(False)


def test_untitled_articles_get_a_readable_title(client):
    body = client.get("/api/search", params={"kind": "documents", "limit": 1000}).json()
    untitled = [d for d in body["documents"] if d["untitled"]]
    if not untitled:
        pytest.skip("no untitled article in this store (the dev corpus is absent)")
    for d in untitled:
        assert d["title"] and d["title"] != d["id"]


# -- parameter checks ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, params, says",
    [
        ("/api/search", {"from": "2024-02-30"}, "not a date"),
        ("/api/search", {"to": "2024-13"}, "not a date"),
        ("/api/search", {"from": "2025-06", "to": "2024"}, "after"),
        ("/api/search", {"type": "nonsense"}, "unknown type"),
        ("/api/search", {"sort": "random"}, "sort"),
        ("/api/search", {"language": "German"}, "language"),
        ("/api/search", {"country": "Not A Slug!"}, "country"),
        ("/api/timeline", {"from": "2024-02-30"}, "not a date"),
        ("/api/timeline", {"from": "2025", "to": "2024-12-31"}, "after"),
        ("/api/timeline", {"type": "nonsense"}, "unknown event type"),
        ("/api/timeline", {"entity": "Nobody In Particular"}, "no entity"),
    ],
)
def test_bad_parameters_get_a_422_that_names_no_pattern(client, path, params, says):
    response = client.get(path, params=params)
    assert response.status_code == 422
    message = response.json()["error"]
    assert says in message
    assert not re.search(r"\^|\$'|\[0-9\]|\\d|\{4\}", message)  # no regular expression shown


def test_the_pages_check_parameters_alike(client):
    assert client.get("/search", params={"q": "x", "from": "2024-02-30"}).status_code == 422
    assert client.get("/timeline", params={"from": "2025", "to": "2024"}).status_code == 422
    assert client.get("/search", params={"q": "x", "from": "", "language": "", "type": ""}).status_code == 200


def test_an_entity_is_found_by_an_alias(client):
    response = client.get("/api/entities/Kasachstan", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/api/entities/kazakhstan"
    assert client.get("/api/entities/Kasachstan").json()["id"] == "kazakhstan"
    page = client.get("/entities/Kasachstan", follow_redirects=False)
    assert page.status_code == 307 and page.headers["location"] == "/entities/kazakhstan"
    assert client.get("/api/entities/No Such Entity At All").status_code == 404


def test_the_timeline_takes_an_entity_name(client):
    by_id = client.get("/api/timeline", params={"entity": "kazakhstan", "limit": 1000}).json()
    by_name = client.get("/api/timeline", params={"entity": "Kasachstan", "limit": 1000}).json()
    assert by_name == by_id and by_id["total"] > 0
    assert client.get("/timeline", params={"entity": "Kasachstan"}).status_code == 200


# -- the page ---------------------------------------------------------------------------


def test_the_search_page_shows_totals_translations_and_filters(client):
    html = client.get("/search", params={"q": "Gipfel"}).text
    assert re.search(r'data-total-documents="\d+"', html)
    assert "Also searched in other languages" in html and "саммит" in html
    for name in ("language", "type", "from", "to", "sort"):
        assert f'name="{name}"' in html
    filtered = client.get("/search", params={"q": "Gipfel", "language": "en"}).text
    assert "language: English ×" in filtered


def test_the_search_page_folds_away_entities_without_articles(client):
    html = client.get("/search", params={"q": "railway"}).text
    assert re.search(r"<details class=\"kb-only\">\s*<summary>\d+ more in the knowledge base", html)


def test_the_person_page_agrees_with_its_card(client):
    html = client.get("/search", params={"q": "Tokajew"}).text
    total = int(re.search(r'data-total-documents="(\d+)"', html).group(1))
    card = re.search(r'class="entity-articles" href="[^"]*">(\d+) articles?<', html)
    assert card and int(card.group(1)) == total


def test_the_network_refuses_a_reversed_range(client):
    response = client.get("/api/network", params={"from": "2025", "to": "2023"})
    assert response.status_code == 422 and "after" in response.json()["error"]
