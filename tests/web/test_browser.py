"""The workbench in a real browser: Chromium driven by Playwright against `serve()`.

Skipped, with the reason, when /usr/bin/chromium or Playwright for Python is
missing. Screenshots go to $SILKGRAPH_SCREENSHOTS when set, else to a
temporary folder whose path the run prints.
"""

from __future__ import annotations

from urllib.parse import quote

from browser_support import *  # noqa: F403 - the shared browser fixtures
from browser_support import BROWSER_MARKS

pytestmark = BROWSER_MARKS


def test_search_for_tokajew_finds_tokayev_and_his_summit(watch, shots, has_dev_corpus):
    page = watch.page
    watch.open("/")
    watch.shoot(shots, "01-overview")
    page.fill(".bigsearch input[name=q]", "Tokajew")
    page.press(".bigsearch input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Tokajew*")
    link = page.locator(".entity-hits a.hit-title", has_text="Kassym-Jomart Tokayev")
    assert link.count() == 1
    assert page.locator(".doc-hits li").count() > 0
    assert page.locator(".snippet mark").count() > 0
    watch.shoot(shots, "02-search-tokajew")
    link.click()
    page.wait_for_url("**/entities/kassym-jomart-tokayev")
    assert page.locator("h1").inner_text().startswith("Kassym-Jomart Tokayev")
    events = page.locator("ul.events li.event")
    assert events.count() > 0
    if has_dev_corpus:
        summit = events.filter(has=page.locator(".badge.type-summit")).filter(
            has_text="Shanghai Cooperation Organisation"
        )
        assert summit.count() > 0, "the SCO summit in Astana (dev corpus) is on his timeline"
    watch.shoot(shots, "03-entity-tokayev")
    watch.assert_clean()


def test_timeline_links_to_the_evidence(watch, shots):
    page = watch.page
    watch.open("/timeline")
    assert page.locator("li.event").count() > 0
    watch.shoot(shots, "04-timeline")
    page.locator(".event-sources a").first.click()
    page.wait_for_load_state("networkidle")
    assert "/documents/" in page.url and "#focus" in page.url
    focus = page.locator("#focus")
    assert focus.count() == 1 and focus.inner_text().strip()
    assert focus.is_visible()
    watch.shoot(shots, "05-document-focused")
    watch.assert_clean()


def test_network_renders_nodes(watch, shots):
    page = watch.page
    watch.open("/network")
    page.wait_for_function("window.silkgraphNetwork && window.silkgraphNetwork.ready")
    nodes = page.evaluate("window.silkgraphNetwork.cy.nodes().length")
    edges = page.evaluate("window.silkgraphNetwork.cy.edges().length")
    assert nodes > 0 and edges > 0
    assert page.locator("#network canvas").count() > 0
    assert page.locator("#network-legend .legend-item").count() > 0
    watch.shoot(shots, "06-network")
    # Filtering by period gives a (possibly smaller) graph without errors.
    watch.open("/network?from=2025&to=2025")
    page.wait_for_function("window.silkgraphNetwork && window.silkgraphNetwork.ready")
    watch.assert_clean()


def test_map_draws_countries_and_places_offline(watch, shots):
    page = watch.page
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    watch.open("/map")
    page.wait_for_function("window.silkgraphMap && window.silkgraphMap.ready")
    state = page.evaluate("({markers: window.silkgraphMap.markers, countries: window.silkgraphMap.countries})")
    assert state["markers"] > 0 and state["countries"] > 100
    assert page.locator(".leaflet-overlay-pane path, .leaflet-places-pane path").count() > 100
    assert all(url.startswith(watch.base) or url.startswith("data:") for url in requests), "no third-party request"
    watch.shoot(shots, "07-map")
    watch.assert_clean()


def test_figures_chart_and_mark_contested(watch, shots):
    page = watch.page
    watch.open("/figures")
    assert page.locator(".figure-card").count() > 0
    charts = page.evaluate("window.silkgraphCharts.length")
    assert charts == page.locator("canvas.figure-chart, canvas.overview-chart").count()
    assert page.locator("canvas.overview-chart").count() > 0, "trade volumes of several pairs compared"
    watch.shoot(shots, "08-figures")
    watch.assert_clean()


def test_document_view_highlights_a_quote(watch, shots, client):
    page = watch.page
    ids = [d["id"] for d in client.get("/api/search", params={"kind": "documents", "limit": 1000}).json()["documents"]]
    quoted = next(
        i for i in ids if any(a["kind"] == "quote" for a in client.get(f"/api/documents/{i}").json()["annotations"])
    )
    watch.open(f"/documents/{quote(quoted, safe='')}")
    quote_spans = page.locator(".doc-text .hl-quote")
    assert quote_spans.count() > 0 and quote_spans.first.inner_text().strip()
    assert page.locator(".doc-text a.ent").count() > 0
    assert page.locator(".doc-text .marker-quote").count() > 0
    watch.shoot(shots, "09-document-quote")
    # Every highlighted mention links to its entity page.
    page.locator(".doc-text a.ent").first.click()
    page.wait_for_url("**/entities/**")
    watch.assert_clean()


def test_hostile_article_renders_inert(watch, shots, hostile):
    page = watch.page
    for path in ("/documents/hostile-article", "/search?q=alert", "/search?q=Usbekistan", "/timeline", "/"):
        watch.open(path)
        injected = page.evaluate("""() => ({
            img: document.querySelectorAll('img[src="x"], img[src$="/x"]').length,
            svg: document.querySelectorAll('svg[onload]').length,
            handlers: document.querySelectorAll('[onerror], [onload], [onmouseover], [onclick]').length,
            inline: [...document.scripts].filter(s => !s.src && s.type !== 'application/json').length,
            bold: document.querySelectorAll('main b').length,
            js: document.querySelectorAll('a[href^="javascript:"]').length,
        })""")
        assert injected == {"img": 0, "svg": 0, "handlers": 0, "inline": 0, "bold": 0, "js": 0}, (path, injected)
    watch.open("/documents/hostile-article")
    assert page.locator("h1").inner_text() == hostile["title"]  # shown as text, exactly
    assert "<img src=x onerror=alert(1)>" in page.locator(".doc-text").inner_text()
    page.locator(".doc-text").hover()
    watch.shoot(shots, "10-hostile-document")
    assert not watch.dialogs, f"a dialog opened: {watch.dialogs}"
    watch.assert_clean()


def test_event_and_fact_pages(watch, shots, client):
    page = watch.page
    event_id = client.get("/api/timeline", params={"limit": 1}).json()["events"][0]["id"]
    watch.open(f"/events/{quote(event_id, safe='')}")
    assert page.locator("blockquote.evidence").count() > 0
    watch.shoot(shots, "11-event")
    fact_id = client.get("/api/figures").json()["figures"][0]["series"][0]["fact"]
    watch.open(f"/facts/{quote(fact_id, safe='')}")
    assert page.locator("table.data tbody tr").count() > 0
    watch.shoot(shots, "12-fact")
    watch.assert_clean()
