"""The network around an entity and the map, in Chromium: reached from the entity page and
by a name field with suggestions, labels apart, a link's evidence in the side panel, the
year chart as time filter; the map fitted to the places with events, a place's events listed."""

from __future__ import annotations

from browser_support import *  # noqa: F403
from browser_support import BROWSER_MARKS

pytestmark = BROWSER_MARKS


def _wait_network(page) -> None:
    page.wait_for_function("() => window.silkgraphNetwork && window.silkgraphNetwork.ready")


def _node_ids(page) -> list[str]:
    return page.evaluate("window.silkgraphNetwork.cy.nodes().map(n => n.id())")


def test_ego_network_from_the_entity_page_shows_actors_with_labels_apart(watch, shots, kb):
    page = watch.page
    watch.open("/entities/kazakhstan")
    page.locator("#entity-network-link").click()
    page.wait_for_load_state("networkidle")
    _wait_network(page)
    assert "entity=kazakhstan" in page.url
    ids = _node_ids(page)
    assert "kazakhstan" in ids and len(ids) > 3
    types = page.evaluate("window.silkgraphNetwork.cy.nodes().map(n => n.data('type'))")
    assert "place" not in types and "other" not in types
    background = [
        i for i in ids if (kb.get(i) and kb.get(i).properties.get("kind") in {"continent", "sea", "currency"})
    ]
    assert background == [], "continents, seas and currencies are no nodes unless asked"
    assert page.evaluate("window.silkgraphNetwork.overlaps()") == 0, "node labels overlap"
    watch.shoot(shots, "netmap-01-ego-kazakhstan")
    watch.assert_clean()


def test_a_link_lists_its_events_figures_and_articles(watch, shots):
    page = watch.page
    watch.open("/network?entity=kazakhstan")
    _wait_network(page)
    # The strongest line first: it has evidence of both kinds most likely.
    page.evaluate(
        "(() => { const cy = window.silkgraphNetwork.cy;"
        " cy.edges().sort((a, b) => b.data('weight') - a.data('weight'))[0].emit('tap'); })()"
    )
    page.wait_for_function("() => window.silkgraphNetwork.panel === true")
    panel = page.locator("#network-panel-body")
    assert " — " in panel.locator("h2").inner_text()
    links = panel.locator("a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert any(h.startswith("/events/") or h.startswith("/facts/") for h in hrefs)
    assert any(h.startswith("/documents/") for h in hrefs), "the articles behind the link are listed"
    watch.shoot(shots, "netmap-02-edge-evidence")
    watch.assert_clean()


def test_the_name_field_suggests_and_centres_the_network(watch, shots):
    page = watch.page
    watch.open("/network")
    _wait_network(page)
    page.locator("#network-name").fill("")
    page.locator("#network-name").type("Usbek", delay=30)
    first = page.locator("#network-suggestions li").first
    first.wait_for(state="visible")
    assert "Uzbekistan" in first.inner_text()
    watch.shoot(shots, "netmap-03-suggestions")
    first.click()
    page.wait_for_load_state("networkidle")
    _wait_network(page)
    assert "entity=uzbekistan" in page.url
    assert page.evaluate("window.silkgraphNetwork.cy.nodes('.centre').map(n => n.id())") == ["uzbekistan"]
    watch.assert_clean()


def test_the_year_chart_is_the_time_filter(watch, shots):
    page = watch.page
    watch.open("/network?entity=kazakhstan")
    bars = page.locator("#network-years .year-bar")
    assert bars.count() >= 1
    year = bars.last.locator(".year").inner_text()
    bars.last.click()
    page.wait_for_load_state("networkidle")
    _wait_network(page)
    assert f"from={year}" in page.url and f"to={year}" in page.url
    inside = page.locator("#network-years .year-bar.in-range .year").all_inner_texts()
    assert inside == [year]
    assert year in page.locator(".year-chart-title").inner_text()
    watch.shoot(shots, "netmap-04-one-year")
    watch.assert_clean()


def test_map_fits_the_places_with_events_and_lists_a_places_events(watch, shots):
    page = watch.page
    watch.open("/map")
    page.wait_for_function("() => window.silkgraphMap && window.silkgraphMap.ready")
    places = page.evaluate("JSON.parse(document.getElementById('places-data').textContent)")
    held = [p for p in places if p["events"] > 0]
    assert held, "the dev articles hold events at known places"
    inside = page.evaluate(
        "(points) => points.every(p => window.silkgraphMap.map.getBounds().contains(p))",
        [p["coordinates"] for p in held],
    )
    assert inside, "every place with events is in view"
    assert page.evaluate("window.silkgraphMap.labels") > 0
    assert page.locator(".map-legend .legend-item").count() >= 2
    page.locator(f'a.place-link[data-place="{held[0]["id"]}"]').click()
    page.wait_for_function("() => window.silkgraphMap.panel === true")
    panel = page.locator("#map-panel-body")
    assert held[0]["name"] in panel.locator("h2").inner_text()
    assert panel.locator('a[href^="/events/"]').count() >= 1
    watch.shoot(shots, "netmap-05-map-place")
    watch.assert_clean()


def test_map_time_filter_keeps_the_events_of_the_period(watch):
    page = watch.page
    watch.open("/map?from=1990&to=1990")
    page.wait_for_function("() => window.silkgraphMap && window.silkgraphMap.ready")
    places = page.evaluate("JSON.parse(document.getElementById('places-data').textContent)")
    assert all(p["events"] == 0 for p in places)
    watch.assert_clean()


def test_the_table_of_strongest_links_opens_their_evidence(watch):
    page = watch.page
    watch.open("/network?entity=kazakhstan")
    _wait_network(page)
    rows = page.locator("#network-links tbody tr")
    assert rows.count() >= 1
    name = rows.first.locator("td a").inner_text()
    rows.first.locator(".evidence-button").click()
    page.wait_for_function("() => window.silkgraphNetwork.panel === true")
    assert name in page.locator("#network-panel-body h2").inner_text()
    watch.assert_clean()
