"""The HTTP API and the server-rendered pages, in-process, over a real store and query layer."""

from __future__ import annotations

import re

import pytest

ROUTES = [
    "/api/search",
    "/api/entities/{id}",
    "/api/events/{id}",
    "/api/facts/{id}",
    "/api/timeline",
    "/api/network",
    "/api/documents/{id}",
    "/api/figures",
    "/api/places",
    "/api/stats",
    "/api/documents",
    "/api/corrections",
]
PAGES = [
    "/",
    "/search?q=Tokajew",
    "/timeline",
    "/network",
    "/map",
    "/figures",
    "/entities/kassym-jomart-tokayev",
    "/documents/hostile-article",
]


def error_of(response, status: int) -> str:
    """The error message of a JSON error response, after checking its shape."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and isinstance(body["error"], str) and body["error"]
    assert "Traceback" not in response.text
    return body["error"]


# -- the schema and the read routes ---------------------------------------------


def test_openapi_documents_every_route(client):
    schema = client.get("/openapi.json").json()
    for route in ROUTES:
        assert route in schema["paths"], route
    search = {p["name"] for p in schema["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "kind", "type", "country", "from", "to", "limit", "offset"} <= search
    timeline = {p["name"] for p in schema["paths"]["/api/timeline"]["get"]["parameters"]}
    assert {"entity", "type", "from", "to", "limit", "offset"} <= timeline
    network = {p["name"] for p in schema["paths"]["/api/network"]["get"]["parameters"]}
    assert {"from", "to", "kind", "min_weight", "limit"} <= network


def test_search_finds_tokayev_by_his_german_name(client):
    body = client.get("/api/search", params={"q": "Tokajew"}).json()
    assert body["entities"][0]["id"] == "kassym-jomart-tokayev"
    assert body["entities"][0]["name"] == "Kassym-Jomart Tokayev"
    assert body["documents"], "articles naming Tokajew"
    assert any("[[" in d["snippet"] for d in body["documents"])
    assert set(body["facets"]) >= {"type", "country", "year"}
    assert body["limit"] == 20 and body["offset"] == 0


def test_search_pages_and_filters(client):
    everything = client.get("/api/search", params={"q": "", "kind": "documents", "limit": 1000}).json()
    total = everything["total"]["documents"]
    assert total == len(everything["documents"]) >= 2
    first = client.get("/api/search", params={"kind": "documents", "limit": 1}).json()["documents"]
    second = client.get("/api/search", params={"kind": "documents", "limit": 1, "offset": 1}).json()["documents"]
    assert len(first) == len(second) == 1 and first[0]["id"] != second[0]["id"]
    only_entities = client.get("/api/search", params={"q": "Kasachstan", "kind": "entities"}).json()
    assert only_entities["documents"] == [] and only_entities["entities"]
    dated = client.get("/api/search", params={"kind": "documents", "from": "2025", "to": "2025", "limit": 1000}).json()
    assert dated["documents"] and all((d["published"] or "").startswith("2025") for d in dated["documents"])


@pytest.mark.parametrize(
    "path, params",
    [
        ("/api/search", {"limit": 0}),
        ("/api/search", {"limit": 1001}),
        ("/api/search", {"offset": -1}),
        ("/api/search", {"kind": "everything"}),
        ("/api/search", {"from": "last week"}),
        ("/api/search", {"q": "x" * 501}),
        ("/api/timeline", {"to": "2025-13"}),
        ("/api/timeline", {"entity": "<script>"}),
        ("/api/network", {"min_weight": 0}),
        ("/api/network", {"kind": "friendship"}),
        ("/api/figures", {"subjects": "china;drop table"}),
    ],
)
def test_invalid_parameters_are_refused_with_a_json_error(client, path, params):
    message = error_of(client.get(path, params=params), 422)
    assert message.startswith("invalid request")


def test_unknown_ids_are_404_json(client):
    for path in (
        "/api/entities/no-such-entity",
        "/api/events/no-such-event",
        "/api/facts/no-such-fact",
        "/api/documents/no-such-document",
        "/api/nothing-here",
    ):
        error_of(client.get(path), 404)
    assert client.get("/entities/no-such-entity").status_code == 404
    assert "text/html" in client.get("/entities/no-such-entity").headers["content-type"]


def test_entity_profile(client, has_dev_corpus):
    body = client.get("/api/entities/kassym-jomart-tokayev").json()
    assert body["name"] == "Kassym-Jomart Tokayev" and body["type"] == "person"
    assert "Tokajew" in body["aliases"]
    assert any(r["role"] == "president" and r["of"] == "kazakhstan" and r["end"] is None for r in body["roles"])
    assert body["events"] and body["documents"]
    if has_dev_corpus:
        assert any(
            e["type"] == "summit" and any(p["id"] == "shanghai-cooperation-organisation" for p in e["participants"])
            for e in body["events"]
        )


def test_event_and_fact_carry_their_evidence(client):
    events = client.get("/api/timeline", params={"limit": 1000}).json()["events"]
    assert events
    event = client.get(f"/api/events/{events[0]['id']}").json()
    assert event["sources"]
    for source in event["sources"]:
        text = client.get(f"/api/documents/{source['doc_id']}").json()["text"]
        ev = source["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["text"] and ev["text"]
    figures = client.get("/api/figures").json()["figures"]
    assert figures
    fact_id = figures[0]["series"][0]["fact"]
    fact = client.get(f"/api/facts/{fact_id}").json()
    assert fact["claims"] and all(c["evidence"]["text"] for c in fact["claims"])


def test_timeline_filters_and_order(client):
    full = client.get("/api/timeline", params={"limit": 1000}).json()
    dated = [e["date"] for e in full["events"] if e["date"]]
    assert dated and full["total"] == len(full["events"])
    assert [d[:4] for d in dated] == sorted(d[:4] for d in dated)
    kz = client.get("/api/timeline", params={"entity": "kazakhstan", "limit": 1000}).json()["events"]
    assert kz and all(any(p["id"] == "kazakhstan" for p in e["participants"]) or e["place"] == "kazakhstan" for e in kz)
    in_2025 = client.get("/api/timeline", params={"from": "2025-01-01", "to": "2025-12-31"}).json()["events"]
    assert all(e["date"] and e["date"].startswith("2025") for e in in_2025)
    page = client.get("/api/timeline", params={"limit": 2, "offset": 1}).json()
    assert [e["id"] for e in page["events"]] == [e["id"] for e in full["events"][1:3]]


def test_network_edges_join_listed_nodes(client):
    body = client.get("/api/network").json()
    ids = {n["id"] for n in body["nodes"]}
    assert ids and body["edges"]
    assert all(e["source"] in ids and e["target"] in ids for e in body["edges"])
    heavy = client.get("/api/network", params={"min_weight": 2}).json()
    assert all(e["weight"] >= 2 for e in heavy["edges"])
    small = client.get("/api/network", params={"limit": 3}).json()
    assert len(small["nodes"]) <= 3


def test_document_figures_places_stats(client, hostile):
    doc = client.get("/api/documents/hostile-article").json()
    assert doc["title"] == hostile["title"]
    kinds = {a["kind"] for a in doc["annotations"]}
    assert "entity" in kinds
    assert all(0 <= a["start"] < a["end"] <= len(doc["text"]) for a in doc["annotations"])
    places = client.get("/api/places").json()["places"]
    assert any(p["id"] == "astana" and len(p["coordinates"]) == 2 for p in places)
    stats = client.get("/api/stats").json()
    assert stats["documents"] >= 5 and stats["events"] > 0


# -- pages ------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_with_strict_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    html = response.text
    for label in ("Search", "Timeline", "Network", "Map", "Figures"):
        assert f">{label}</a>" in html
    # No inline script: every <script> either loads a file or holds JSON data.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"<[a-z]+\b[^>]*\son[a-z]+\s*=", html)  # no on* handler attributes


def test_contested_figures_are_marked(client, monkeypatch):
    query = client.app.state.silk.query
    series = [
        {
            "pair": ["china", "kazakhstan"],
            "names": ["China", "Kazakhstan"],
            "type": "trade_volume",
            "unit": "USD",
            "modality": "actual",
            "series": [
                {
                    "period": "2022",
                    "value": 3.1e10,
                    "unit": "USD",
                    "qualifier": None,
                    "sources": 1,
                    "contested": False,
                    "fact": "f-a",
                },
                {
                    "period": "2023",
                    "value": 4.1e10,
                    "unit": "USD",
                    "qualifier": "over",
                    "sources": 2,
                    "contested": True,
                    "fact": "f-b",
                },
            ],
        }
    ]
    monkeypatch.setattr(query, "figures", lambda store, subjects=None, type=None: series)
    html = client.get("/figures").text
    row = re.search(r'<tr class="contested-row">(.*?)</tr>', html, re.DOTALL)
    assert row and "41 bn USD" in row.group(1) and "badge-contested" in row.group(1)
    assert html.count('class="contested-row"') == 1
    assert 'class="figure-chart"' in html  # two periods: a chart


def test_entity_page_shows_roles_timeline_and_documents(client):
    html = client.get("/entities/kassym-jomart-tokayev").text
    assert "Kassym-Jomart Tokayev" in html and "president" in html and "in office" in html
    assert 'class="events"' in html and "/documents/" in html


def test_search_page_has_facet_links(client):
    html = client.get("/search", params={"q": "Tokajew"}).text
    assert "/entities/kassym-jomart-tokayev" in html
    assert "<mark>" in html
    assert re.search(r'href="/search\?q=Tokajew&amp;country=[a-z-]+"', html)
    assert "Counts over the best" not in html  # every match counted


def test_search_page_says_when_facets_count_a_sample(client, monkeypatch):
    from silkgraph import search as search_module

    monkeypatch.setattr(search_module, "FACET_DOCUMENTS", 1)
    client.app.state.silk.store.caches.clear()  # forget the searches made above
    found = client.get("/api/search", params={"q": "Kasachstan", "kind": "documents"}).json()
    assert found["facet_documents"] == 1 < found["total"]["documents"]
    html = client.get("/search", params={"q": "Kasachstan"}).text
    assert f"Counts over the best 1 of {found['total']['documents']} articles" in html


def test_document_page_highlights_and_focuses(client):
    quoted = next(
        d
        for d in client.get("/api/search", params={"kind": "documents", "limit": 1000}).json()["documents"]
        if any(a["kind"] == "quote" for a in client.get(f"/api/documents/{d['id']}").json()["annotations"])
    )
    doc = client.get(f"/api/documents/{quoted['id']}").json()
    quote = next(a for a in doc["annotations"] if a["kind"] == "quote")
    html = client.get(f"/documents/{doc['id']}", params={"hl": f"{quote['start']}-{quote['end']}"}).text
    assert 'class="hl-quote' in html or "hl-quote" in html
    assert 'id="focus"' in html
    assert 'class="ent"' in html


# -- hostile input ------------------------------------------------------------------


def test_hostile_article_is_escaped_everywhere(client, hostile):
    pages = [
        "/documents/hostile-article",
        "/search?q=Usbekistan",
        "/search?q=alert",
        "/timeline",
        "/entities/kassym-jomart-tokayev",
        "/",
        "/figures",
    ]
    for path in pages:
        html = client.get(path).text
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html and "<svg onload" not in html and "<b onmouseover" not in html, path
        assert 'href="javascript:' not in html, path
    doc = client.get("/documents/hostile-article").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "&lt;img src=x onerror=alert(1)&gt;" in doc
    search = client.get("/api/search", params={"q": "alert"}).json()
    assert search["documents"] and search["documents"][0]["title"] == hostile["title"]  # JSON keeps the data as is


def test_post_hostile_article_then_render_inert(tmp_path, app_client, hostile, token, auth):
    with app_client(tmp_path / "w.db", token=token) as c:
        body = {**hostile, "id": "posted"}
        response = c.post("/api/documents", json=body, headers=auth)
        assert response.status_code == 201, response.text
        assert response.json()["id"] == "posted" and response.json()["extracted"]["entities"] > 0
        html = c.get("/documents/posted").text
        assert "<script>alert" not in html and "&lt;script&gt;alert(2)&lt;/script&gt;" in html
        again = c.post("/api/documents", json=body, headers=auth)
        assert again.status_code == 200 and again.json()["status"] == "duplicate"


# -- writing: off without a token, then only with it ------------------------------------


def test_writes_are_off_without_a_configured_token(tmp_path, app_client, auth):
    with app_client(tmp_path / "off.db") as c:
        assert "disabled" in error_of(c.post("/api/documents", json={"text": "x"}, headers=auth), 403)
        error_of(c.post("/api/corrections", json={"kind": "entity", "id": "x", "action": "reject"}), 403)


def test_writes_need_the_right_bearer_token(tmp_path, app_client, token, auth):
    with app_client(tmp_path / "auth.db", token=token) as c:
        missing = c.post("/api/documents", json={"text": "Astana."})
        error_of(missing, 401)
        assert missing.headers["www-authenticate"].startswith("Bearer")
        error_of(c.post("/api/documents", json={"text": "Astana."}, headers={"Authorization": "Bearer nope"}), 403)
        error_of(c.post("/api/documents", json={"text": "Astana."}, headers={"Authorization": token}), 401)
        error_of(c.post("/api/documents", json={"text": ""}, headers=auth), 422)
        error_of(c.post("/api/documents", json={"text": "x", "evil": 1}, headers=auth), 422)
        error_of(c.post("/api/documents", json={"text": "x", "published": "last May"}, headers=auth), 422)
        error_of(c.post("/api/documents", json={"text": " \n "}, headers=auth), 400)
        error_of(
            c.post("/api/documents", content=b"{not json", headers={**auth, "content-type": "application/json"}), 422
        )
        big = c.post("/api/documents", content=b"x" * 2_100_000, headers={**auth, "content-type": "application/json"})
        error_of(big, 413)
        assert c.get("/api/corrections").status_code == 401


def test_corrections_are_checked_and_kept(tmp_path, app_client, filled_store, token, auth):
    db = tmp_path / "corr.db"
    filled_store(db)
    with app_client(db, token=token) as c:
        event_id = c.get("/api/timeline", params={"limit": 1}).json()["events"][0]["id"]
        made = c.post(
            "/api/corrections",
            headers=auth,
            json={
                "kind": "event",
                "id": event_id,
                "action": "correct",
                "value": {"date": "2025-01-02"},
                "note": "the article gives the day",
            },
        )
        assert made.status_code == 201, made.text
        assert made.json()["item"] == event_id and made.json()["id"] == 1
        rejected = c.post(
            "/api/corrections", headers=auth, json={"kind": "entity", "id": "kazakhstan", "action": "reject"}
        )
        assert rejected.status_code == 201
        error_of(
            c.post("/api/corrections", headers=auth, json={"kind": "event", "id": event_id, "action": "correct"}), 422
        )
        error_of(
            c.post("/api/corrections", headers=auth, json={"kind": "event", "id": "no-such-event", "action": "reject"}),
            404,
        )
        error_of(c.post("/api/corrections", headers=auth, json={"kind": "galaxy", "id": "x", "action": "reject"}), 422)
    with app_client(db, token=token) as c:  # a new server on the same file still has them
        listed = c.get("/api/corrections", headers=auth).json()
        assert listed["total"] == 2
        assert listed["corrections"][0]["value"] == {"date": "2025-01-02"}


# -- failures never leak --------------------------------------------------------------


def test_unexpected_errors_are_generic_json_or_html(client, monkeypatch):
    query = client.app.state.silk.query

    def boom(*args, **kwargs):
        raise RuntimeError("secret detail /etc/passwd")

    monkeypatch.setattr(query, "timeline", boom)
    api = client.get("/api/timeline")
    assert error_of(api, 500) == "internal server error" and "secret" not in api.text
    page = client.get("/timeline")
    assert page.status_code == 500 and "secret" not in page.text and "Traceback" not in page.text
    assert "content-security-policy" in page.headers


def test_figures_and_places_page(client):
    every = client.get("/api/places").json()
    assert every["total"] == len(every["places"]) > 1
    assert client.get("/api/places", params={"limit": 1, "offset": 1}).json()["places"] == every["places"][1:2]
    assert client.get("/api/figures", params={"limit": 1}).json()["total"] >= 1


def test_pages_work_on_an_empty_store(tmp_path, app_client):
    with app_client(tmp_path / "empty.db") as c:
        for path in ["/", "/search?q=x", "/timeline", "/network", "/map", "/figures"]:
            assert c.get(path).status_code == 200, path
        assert c.get("/api/search", params={"q": "x"}).json()["documents"] == []
        assert c.get("/api/network").json()["nodes"] == []


def test_static_files_and_geo_data(client):
    geo = client.get("/static/geo/countries.geojson")
    assert geo.status_code == 200 and geo.json()["type"] == "FeatureCollection"
    assert "json" in geo.headers["content-type"]
    central = {f["properties"]["name"] for f in geo.json()["features"] if f["properties"]["central"]}
    assert central == {"Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"}
    for path in (
        "/static/vendor/cytoscape/cytoscape.min.js",
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/chartjs/chart.umd.min.js",
        "/static/js/network.js",
        "/static/css/silkgraph.css",
    ):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["x-content-type-options"] == "nosniff", path


def test_method_not_allowed_is_json(client):
    error_of(client.delete("/api/stats"), 405)


# -- the document highlighter -----------------------------------------------------------


def test_highlight_escapes_every_segment_and_nests_spans():
    from silkgraph.web.highlight import highlight

    text = 'A <b>bold</b> "quote" & Astana.'
    anns = [
        {"start": 0, "end": len(text), "kind": "event", "ref": "ev/1", "label": "<i>label</i>"},
        {"start": 14, "end": 21, "kind": "quote", "ref": "speaker-1", "label": "Speaker"},
        {"start": 24, "end": 30, "kind": "entity", "ref": "astana", "label": "Astana"},
        {"start": 2, "end": 5, "kind": "fact", "ref": "f1", "label": "x", "contested": True},
        {"start": 5, "end": 999, "kind": "entity", "ref": "bad", "label": "out of range"},
        {"start": "x", "end": 3, "kind": "entity", "ref": "bad", "label": "not a number"},
    ]
    html = str(highlight(text, anns, focus=(24, 30)))
    assert "<b>" not in html and "&lt;b&gt;" in html and "bold&lt;/b&gt;" in html
    assert "&amp;" in html and "&#34;quote&#34;" in html
    assert "<i>" not in html and "&lt;i&gt;label&lt;/i&gt;" in html
    assert 'href="/events/ev%2F1"' in html and 'href="/entities/speaker-1"' in html
    assert 'href="/entities/astana"' in html and "/entities/bad" not in html
    assert "hl-contested" in html and 'id="focus"' in html
    # The visible text is the article's text, in order, whatever the markup.
    visible = re.sub(r"<[^>]+>", "", re.sub(r'<(a|span) class="marker[^"]*"[^>]*>[^<]*</\1>', "", html))
    import html as html_lib

    assert html_lib.unescape(visible) == text
