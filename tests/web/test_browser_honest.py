"""Honest dates and values, event labels and the document view, in Chromium: what the analyst
sees on the timeline, the figures charts, the fact and event pages and the document view."""

from __future__ import annotations

from urllib.parse import quote

from browser_support import *  # noqa: F403
from browser_support import BROWSER_MARKS

pytestmark = BROWSER_MARKS


def test_timeline_dates_in_words_and_reported_on(watch, shots, client):
    page = watch.page
    events = client.get("/api/timeline", params={"limit": 50}).json()["events"]
    watch.open("/timeline")
    shown = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('li.event')].map(li => [
        decodeURIComponent(li.querySelector('a.event-label').getAttribute('href').split('/').pop()),
        li.querySelector('.event-date').innerText.trim()]))""")
    reported = [e for e in events if e["date_source"] == "publication"]  # the dev corpus has some
    for e in events:
        assert shown[e["id"]] == e["when"], e["id"]
    for e in reported:
        assert shown[e["id"]].startswith("reported "), e["id"]
    # labels that say what happened, every one of them
    labels = page.locator("li.event a.event-label").all_inner_texts()
    assert labels and all(len(label.split()) >= 2 for label in labels)
    watch.shoot(shots, "honest-01-timeline")
    watch.assert_clean()


def test_figures_have_a_time_axis_separate_kinds_and_points_that_link(watch, shots):
    page = watch.page
    watch.open("/figures")
    charts = page.evaluate("""() => window.silkgraphCharts.map(c => ({
        x: c.options.scales.x.type,
        ticks: c.scales.x.ticks.map(t => c.scales.x.getLabelForValue ? t.label : t.value),
        kinds: c.data.datasets.map(d => [d.modality, (d.borderDash || []).length]),
        xs: c.data.datasets.flatMap(d => d.data.map(p => p.x)),
    }))""")
    assert charts
    for chart in charts:
        assert chart["x"] == "linear"  # time, not categories
        assert all(isinstance(x, (int, float)) and 1900 < x < 2100 for x in chart["xs"])
        assert all(str(t).startswith(("19", "20", "Q")) for t in chart["ticks"]), chart["ticks"]
        for kind, dashes in chart["kinds"]:
            assert (dashes == 0) == (kind == "reported"), chart["kinds"]
    # the samples report plans and estimates beside reported values: drawn as series of their own
    assert any(kind != "reported" for chart in charts for kind, _ in chart["kinds"])
    watch.shoot(shots, "honest-02-figures")
    # a point of the first chart, clicked, opens its fact
    point = page.evaluate("""() => { const c = window.silkgraphCharts[0]; c.canvas.scrollIntoView({block: 'center'});
        const m = c.getDatasetMeta(0); const box = c.canvas.getBoundingClientRect();
        return {x: box.left + m.data[0].x, y: box.top + m.data[0].y, fact: c.data.datasets[0].data[0].point.fact}; }""")
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/facts/**")
    assert page.url.endswith("/facts/" + quote(point["fact"], safe=""))
    assert page.locator("table.claims tbody tr").count() > 0
    watch.assert_clean()


def test_fact_page_claims_with_sources_and_kinds(watch, shots, client):
    page = watch.page
    figures = client.get("/api/figures").json()["figures"]
    points = [p for f in figures for p in f["series"]]
    contested = next((p for p in points if p["contested"]), points[0])
    watch.open(f"/facts/{quote(contested['fact'], safe='')}")
    rows = page.locator("table.claims tbody tr")
    assert rows.count() > 0
    for i in range(rows.count()):
        row = rows.nth(i)
        assert row.locator(".badge-value").count() == 1  # reported, estimate, plan or target
        assert row.locator(".citation .pubdate").inner_text().strip()
    if contested["contested"]:
        columns = page.locator(".side-by-side .claim-column")
        assert columns.count() >= 2
        tops = {round(columns.nth(i).bounding_box()["y"]) for i in range(2)}
        assert len(tops) == 1, "the values stand side by side"
    watch.shoot(shots, "honest-03-fact")
    watch.assert_clean()


def test_event_page_cites_its_sources(watch, shots, client):
    page = watch.page
    events = client.get("/api/timeline", params={"limit": 200}).json()["events"]
    event = next((e for e in events if e["date_source"] == "publication"), events[0])
    watch.open(f"/events/{quote(event['id'], safe='')}")
    assert page.locator(".event-when").inner_text().startswith(event["when"])
    sources = page.locator("ul.sources > li")
    assert sources.count() == len(client.get(f"/api/events/{event['id']}").json()["sources"])
    assert page.locator("ul.sources .citation .pubdate").first.inner_text().strip()
    watch.shoot(shots, "honest-04-event")
    watch.assert_clean()


def _jumped(page) -> dict:
    return page.evaluate("""() => {
        const h = CSS.highlights.get('jump');
        const range = h ? [...h][0] : null;
        return {text: range ? range.toString() : null, at: document.getElementById('doc-text').dataset.jumped || null,
                top: range ? range.getBoundingClientRect().top : null, height: window.innerHeight};
    }""")


def test_document_view_jumps_to_each_extracted_item(watch, shots, client):
    page = watch.page
    ids = [d["id"] for d in client.get("/api/search", params={"kind": "documents", "limit": 1000}).json()["documents"]]
    doc_id, doc = next(
        (i, d)
        for i in ids
        for d in [client.get(f"/api/documents/{i}").json()]
        if {a["kind"] for a in d["annotations"]} >= {"entity", "event", "fact", "quote"}
    )
    watch.open(f"/documents/{quote(doc_id, safe='')}")
    text = doc["text"]
    for kind in ("event", "fact", "quote"):
        first = min((a for a in doc["annotations"] if a["kind"] == kind), key=lambda a: (a["start"], a["end"]))
        button = page.locator(f".extracted-{kind} button.jump").first
        button.click()
        state = _jumped(page)
        assert state["at"] == f"{first['start']}-{first['end']}", kind
        assert state["text"] == text[first["start"] : first["end"]], kind
        assert 0 <= state["top"] < state["height"], f"{kind}: scrolled into view"
    # an entity named several times: each click goes to its next mention
    mentions: dict[str, list] = {}
    for a in doc["annotations"]:
        if a["kind"] == "entity":
            mentions.setdefault(a["ref"], []).append(a)
    items = page.locator(".extracted-entity button.jump")
    spans = [items.nth(i).get_attribute("data-spans").split() for i in range(items.count())]
    index = next(i for i, s in enumerate(spans) if len(s) > 1)
    items.nth(index).click()
    first = _jumped(page)
    items.nth(index).click()
    second = _jumped(page)
    assert [first["at"], second["at"]] == spans[index][:2]
    start, end = map(int, spans[index][1].split("-"))
    assert second["text"] == text[start:end]
    watch.shoot(shots, "honest-05-document")
    watch.assert_clean()


def test_the_pages_scripts_word_dates_as_the_server_does(watch):
    from silkgraph import when

    watch.open("/figures")  # loads static/js/when.js
    samples = ["2025-11-07", "2024-07", "2025-Q1", "2023", "2024-02-29", "2024-02-30", "", None]
    scripted = watch.page.evaluate(
        "(xs) => xs.map(x => [SilkgraphWhen.describe(x), SilkgraphWhen.precision(x), SilkgraphWhen.reported(x)])",
        samples,
    )
    assert scripted == [[when.describe(x), when.precision(x), when.reported(x)] for x in samples]
    watch.assert_clean()
