"""Which pages the screenshots command shows, worked out without a browser: every HTML route,
an id filled from the store, and a route the store has no example for listed with the reason."""

from __future__ import annotations

from silkgraph.web.screenshots import examples, page_routes, plan


def test_every_html_page_is_planned_and_no_api_or_download_route(client):
    app = client.app
    routes = page_routes(app)
    assert {"/", "/search", "/timeline", "/network", "/map", "/figures", "/entities/{id}"} <= set(routes)
    assert "/entities/{id}/briefing" in routes and "/documents/{id:path}" in routes
    assert not [r for r in routes if r.startswith(("/api", "/download", "/static"))]
    for route in routes:
        assert (
            client.get(route.replace("{id}", "kazakhstan").replace("{id:path}", "x"))
            .headers["content-type"]
            .startswith("text/html")
        )


def test_ids_come_from_the_store_and_a_missing_example_is_explained(client):
    known = examples(client.app)
    shots = plan(client.app, known)
    by_name = {s.name: s for s in shots}
    assert by_name["entities-id"].path == f"/entities/{known['entity']}"
    assert by_name["entities-id-briefing"].path == f"/entities/{known['entity']}/briefing"
    assert client.get(by_name["events-id"].path).status_code == 200
    assert client.get(by_name["documents-id-path"].path).status_code == 200
    without = plan(client.app, {})
    assert all(s.path is None and "no example" in s.reason for s in without if s.path is None)
    assert {s.name for s in without if s.path is None} >= {"entities-id", "events-id", "facts-id"}
