"""Honest dates and values, event labels and the document view, through the API and the
server-rendered pages (in-process, over stores of the samples, the dev corpus and invented articles)."""

from __future__ import annotations

import html as htmllib
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the invented articles of the graph tests

from graph_corpus import filled_store, graph_kb  # noqa: E402


@pytest.fixture(scope="module")
def graph_client(tmp_path_factory):
    """A client over the invented articles: a contested railway start, a contested trade figure."""
    from fastapi.testclient import TestClient

    from silkgraph.web.app import create_app

    path = tmp_path_factory.mktemp("honest-web") / "g.db"
    filled_store(path).close()
    with TestClient(create_app(str(path), kb=graph_kb()), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def dated_client(tmp_path_factory, pipeline, kb):
    """A client over articles of our own: one dates its meeting, one only its publication dates."""
    from fastapi.testclient import TestClient

    from silkgraph.model import Document
    from silkgraph.store import open_store
    from silkgraph.web.app import create_app

    articles = {
        "undated-agreement": "Kasachstan und China unterzeichneten in Astana ein Abkommen über den Bau einer Eisenbahn.",
        "dated-meeting": "Am Dienstag trafen sich die Präsidenten Kasachstans und Usbekistans in Taschkent.",
        "undated-visit": "Kazakhstan's president visited Beijing for talks with China's leader on trade.",
    }
    path = tmp_path_factory.mktemp("dated-web") / "d.db"
    with open_store(path) as store:
        for doc_id, text in articles.items():
            language = "en" if text.startswith("Kazakhstan's") else "de"
            store.add(pipeline.analyze(Document(doc_id, text, published="2025-11-07", language=language)))
    with TestClient(create_app(str(path), kb=kb), raise_server_exceptions=False) as c:
        yield c


def _text(html: str) -> str:
    """The visible words of a page fragment."""
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", html))).strip()


@pytest.mark.parametrize("which", ["samples", "ours"])
def test_the_api_tells_precision_and_source_of_every_date(client, dated_client, which):
    c = client if which == "samples" else dated_client
    events = c.get("/api/timeline", params={"limit": 500}).json()["events"]
    assert events
    for e in events:
        assert {"date_precision", "date_source", "when", "reported"} <= set(e), e["id"]
        if e["date"] is None:
            assert e["when"] == "date unknown" and e["date_source"] is None
        elif e["date_source"] == "publication":
            assert e["when"].startswith("reported ") and e["reported"]
        else:
            assert not e["when"].startswith("reported") and e["date_precision"] in ("year", "quarter", "month", "day")
    if which == "ours":
        by_type = {e["type"]: e for e in events}
        assert (by_type["agreement"]["date_source"], by_type["agreement"]["when"]) == (
            "publication",
            "reported on 7 Nov 2025",
        )
        assert (by_type["meeting"]["date_source"], by_type["meeting"]["when"]) == ("text", "4 Nov 2025")


@pytest.mark.parametrize("which", ["samples", "ours"])
def test_the_timeline_never_shows_a_publication_day_as_the_event_day(client, dated_client, which):
    c = client if which == "samples" else dated_client
    events = c.get("/api/timeline", params={"limit": 500}).json()["events"]
    page = c.get("/timeline").text
    items = re.findall(r'<li class="event">(.*?)</li>\s*(?=<li|</ul>)', page, re.DOTALL)
    shown = {}
    for item in items:
        link = re.search(r'href="/events/([^"]+)"', item)
        date = re.search(r'<div class="event-date">(.*?)</div>', item, re.DOTALL)
        if link and date:
            shown[link.group(1)] = _text(date.group(1))
    assert shown
    checked = 0
    for e in events:
        if e["id"] in shown:
            assert shown[e["id"]] == e["when"], e["id"]
            if e["date_source"] == "publication":
                assert shown[e["id"]].startswith("reported "), e["id"]
                checked += 1
    assert checked or which == "samples", "no event dated by its publication was shown"
    assert not re.search(r'<div class="event-date">\s*\d{4}-\d{2}', page)  # no bare ISO dates


def test_event_page_of_a_publication_dated_event_says_so(dated_client):
    events = dated_client.get("/api/timeline", params={"limit": 500}).json()["events"]
    event = next(e for e in events if e["date_source"] == "publication")
    page = dated_client.get(f"/events/{event['id']}").text
    assert event["when"] in _text(page) and "No source gives the day of the event" in page
    detail = dated_client.get(f"/api/events/{event['id']}").json()
    for source in detail["sources"]:
        assert {"title", "outlet", "url", "published_when", "when", "date_source"} <= set(source)


def test_contested_event_shows_each_date_with_its_sources(graph_client):
    [project] = graph_client.get("/api/timeline", params={"type": "project"}).json()["events"]
    page = graph_client.get(f"/events/{project['id']}").text
    section = re.search(r'<section class="disagreement".*?</section>', page, re.DOTALL)
    assert section, "no side-by-side comparison"
    columns = re.findall(r'<div class="claim-column.*?</ul>', section.group(0), re.DOTALL)
    assert len(columns) == 2
    words = [_text(c) for c in columns]
    assert "October 2025" in words[0] and "Baustart für Eisenbahn verschoben" in words[0]
    assert "July 2026" in words[1] and "CKU railway construction to start next summer" in words[1]


def test_contested_fact_shows_each_value_with_its_sources_and_how_it_was_put(graph_client):
    [figure] = graph_client.get("/api/figures", params={"subjects": "china,kazakhstan", "type": "trade_volume"}).json()[
        "figures"
    ]
    fact_id = figure["series"][0]["fact"]
    page = graph_client.get(f"/facts/{fact_id}").text
    section = re.search(r'<section class="disagreement".*?</section>', page, re.DOTALL).group(0)
    words = [_text(c) for c in re.findall(r'<div class="claim-column.*?</ul>', section, re.DOTALL)]
    assert any("41 bn USD" in w and "Zentralasien-Gipfel in Astana" in w for w in words)
    assert any("70 bn USD" in w and "Forscher zweifeln an Handelszahlen" in w for w in words)
    rows = re.findall(r"<tr>(.*?)</tr>", page.split('<table class="data claims">')[1], re.DOTALL)
    estimate = next(r for r in rows if "70 bn USD" in r)
    assert "badge-value-estimate" in estimate and "example.org" not in estimate
    assert "badge-value-reported" in next(r for r in rows if "41 bn USD" in r)
    assert "example.org" in page and "original ↗" in page  # outlet and URL of the sources that have one


def test_figures_page_badges_plans_and_targets_and_links_points(client, monkeypatch):
    from silkgraph import query

    point = {"value": 5e10, "unit": "USD", "qualifier": None, "sources": 1, "contested": False, "speakers": []}
    series = [
        {
            "pair": ["china", "kazakhstan"],
            "names": ["China", "Kazakhstan"],
            "type": "trade_volume",
            "unit": "USD",
            "modality": modality,
            "series": [
                {**point, "period": period, "when": when, "modality": modality, "fact": fact, "period_source": "text"}
                for period, when, fact in points
            ],
        }
        for modality, points in (
            ("reported", [("2023", "2023", "f-r1"), ("2024-Q1", "Q1 2024", "f-r2")]),
            ("target", [("2030", "2030", "f-t")]),
        )
    ]
    monkeypatch.setattr(query, "figures", lambda store, subjects=None, type=None, most=None: series)
    page = client.get("/figures").text
    rows = re.findall(r'<tr class="figure-point[^"]*" data-modality="(\w+)">(.*?)</tr>', page, re.DOTALL)
    assert [m for m, _ in rows] == ["reported", "reported", "target"]  # one card: both kinds, in time order
    assert "Q1 2024" in rows[1][1] and "badge-value-target" in rows[2][1] and 'href="/facts/f-t"' in rows[2][1]
    assert re.search(r'<canvas class="figure-chart" data-members="0,1"', page)


def test_document_view_lists_what_was_extracted_with_its_spans(client):
    doc = client.get("/api/documents/hostile-article").json()
    page = client.get("/documents/hostile-article").text
    aside = re.search(r'<aside class="side-col extracted".*?</aside>', page, re.DOTALL).group(0)
    spans = re.findall(r'data-spans="([0-9\- ]+)"', aside)
    by_kind = {k: [a for a in doc["annotations"] if a["kind"] == k] for k in ("entity", "event", "fact", "quote")}
    entity_ids = {a["ref"] for a in by_kind["entity"]}
    assert len(spans) == len(entity_ids) + len(by_kind["event"]) + len(by_kind["fact"]) + len(by_kind["quote"])
    wanted = {f"{a['start']}-{a['end']}" for a in doc["annotations"]}
    assert {s for group in spans for s in group.split()} == wanted  # every span of the text, and only those
    # the article's markup stays text beside it too
    assert "<script>alert(2)" not in aside and "&lt;script&gt;alert(2)" in aside
    assert "hostile-article" in page and "4 Mar 2025" in page


def test_pages_cite_sources_with_outlet_and_date_in_words(client):
    page = client.get("/entities/kazakhstan").text
    articles = page.split("<h2>Articles")[1]
    assert re.search(r'class="citation"', articles) and re.search(r"\d{1,2} [A-Z][a-z]{2} \d{4}", articles)
    assert "original ↗" in articles  # the samples with a URL link to it


def test_unfiltered_figures_page_shows_the_best_sourced_and_says_so(client, monkeypatch):
    from silkgraph.web import pages

    assert "Only the best-sourced figures are shown" not in client.get("/figures").text
    monkeypatch.setattr(pages, "FIGURES_SHOWN", 2)
    page = client.get("/figures").text
    assert "Only the best-sourced figures are shown" in page
    assert len(re.findall(r'<tr class="figure-point', page)) == 2
    pair = client.get("/api/figures").json()["figures"][0]["pair"]
    filtered = client.get("/figures", params={"subjects": ",".join(pair)}).text
    assert "Only the best-sourced" not in filtered and len(re.findall(r'<tr class="figure-point', filtered)) >= 1
