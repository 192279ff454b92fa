"""Briefings on the bundled samples: which entity a name stands for, what each section holds,
numbered citations that match the articles, periods, and untrusted text in HTML and Markdown."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from silkgraph import briefing, briefing_render, citation, svgchart
from silkgraph.errors import UsageError
from silkgraph.model import Document, iso_bounds
from silkgraph.query import NotFound

# An article of our own whose title, body and quote carry markup, about Kazakhstan.
HOSTILE_TITLE = "<script>alert('t')</script> [click](javascript:alert(1)) *Astana*"
HOSTILE_TEXT = (
    "Kasachstans Präsident Kassym-Schomart Tokajew empfing am 3. März 2025 in Astana den Präsidenten "
    "Usbekistans, Schawkat Mirsijojew. Tokajew sagte: „<img src=x onerror=alert(2)> Wir öffnen "
    "[neue](javascript:alert(3)) Wege für unsere Länder.“ Das Handelsvolumen zwischen Kasachstan und "
    "Usbekistan soll bis 2030 auf 10 Milliarden US-Dollar steigen."
)


@pytest.fixture(scope="module")
def store(tmp_path_factory, pipeline, paths):
    from silkgraph.ingest import read_inputs
    from silkgraph.store import open_store

    db = tmp_path_factory.mktemp("briefing") / "samples.db"
    with open_store(db) as s:
        for item in read_inputs([str(paths.samples)]):
            if isinstance(item, Document):
                s.add(pipeline.analyze(item))
        hostile = Document(
            id="hostile-briefing",
            title=HOSTILE_TITLE,
            text=HOSTILE_TEXT,
            published="2025-03-04",
            language="de",
            url="javascript:alert(4)",
        )
        s.add(pipeline.analyze(hostile))
        yield s


@pytest.fixture(scope="module")
def kazakhstan(store, kb) -> briefing.Briefing:
    return briefing.build(store, kb, "kazakhstan", today=dt.date(2026, 1, 1))


# -- which entity ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["kazakhstan", "Kasachstan", "Kazakhstan", "KAZAKHSTAN", "Казахстан"])
def test_an_id_or_any_alias_names_the_entity(store, kb, name):
    assert briefing.resolve(store, kb, name) == "kazakhstan"


def test_a_person_is_found_by_a_foreign_spelling(store, kb):
    assert briefing.resolve(store, kb, "Tokajew") == "kassym-jomart-tokayev"


def test_an_unknown_name_is_not_found_and_an_empty_one_is_a_usage_error(store, kb):
    with pytest.raises(NotFound):
        briefing.resolve(store, kb, "Atlantis Nowhere")
    with pytest.raises(UsageError):
        briefing.resolve(store, kb, "  ")


# -- what it holds --------------------------------------------------------------------


def test_the_profile_lists_the_offices_of_a_state_with_their_dates(kazakhstan, kb):
    holders = kazakhstan.profile["holders"]
    assert holders, "Kazakhstan has office holders in the knowledge base"
    president = [h for h in holders if h["role"] == "president"]
    assert president and president[0]["id"] == "kassym-jomart-tokayev" and president[0]["start"]
    known = {(r.person, r.role) for p in kb.entities.values() for r in p.roles if r.of == "kazakhstan"}
    assert {(h["id"], h["role"]) for h in holders} <= known
    sitting = [h["end"] is None for h in holders]
    assert sitting == sorted(sitting, reverse=True), "sitting office holders come first"
    assert holders[0]["role"] == next(iter(kb.role_titles)), "the offices in the knowledge base's order"


def test_a_person_s_profile_has_the_offices_they_held(store, kb):
    found = briefing.build(store, kb, "Tokajew")
    roles = found.profile["roles"]
    assert any(r["role"] == "president" and r["of"] == "kazakhstan" and r["start"] for r in roles)


def test_events_are_in_date_order_and_each_cites_its_articles(kazakhstan, store):
    from silkgraph import query

    events = kazakhstan.events
    assert len(events) >= 5
    starts = [iso_bounds(e["date"])[0] for e in events]
    assert starts == sorted(starts)
    number_of = {c["doc_id"]: c["number"] for c in kazakhstan.citations}
    for event in events:
        assert any(p["id"] == "kazakhstan" for p in event["participants"]) or event["place"] == "kazakhstan"
        docs = {s["doc_id"] for s in query.event(store, event["id"])["sources"]}
        assert set(event["cites"]) <= {number_of[d] for d in docs}
        assert len(event["cites"]) == min(len(docs), briefing.MAX_CITES)


def test_citations_are_numbered_once_in_order_of_first_use(kazakhstan, store):
    numbers = [c["number"] for c in kazakhstan.citations]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len({c["doc_id"] for c in kazakhstan.citations}) == len(numbers)
    first_used = []
    for item in [*kazakhstan.events, *(p for f in kazakhstan.figures for p in f["series"]), *kazakhstan.quotes]:
        first_used += [n for n in item["cites"] if n not in first_used]
    assert sorted(first_used) == numbers
    with store.read() as db:
        stored = {r[0]: r[1:] for r in db.execute("SELECT id, title, published, url FROM documents")}
    for c in kazakhstan.citations:
        title, published, url = stored[c["doc_id"]]
        assert c["published"] == published and c["url"] == url
        assert c["title"] == (title or citation.readable_title(None, c["title"]))
        assert citation.human_date(published) in c["text"]


def test_figures_tell_targets_from_reported_values_and_cite_their_claims(kazakhstan):
    figures = kazakhstan.figures
    assert figures
    modalities = {f["modality"] for f in figures}
    assert modalities & {"actual", "reported"} and "target" in modalities
    for series in figures:
        assert "kazakhstan" in series["pair"]
        assert all(point["cites"] for point in series["series"])


def test_quotes_are_of_the_entity_or_of_its_office_holders(kazakhstan, kb):
    speakers = {"kazakhstan"} | {p.id for p in kb.entities.values() if any(r.of == "kazakhstan" for r in p.roles)}
    assert kazakhstan.quotes
    assert all(q["speaker"]["id"] in speakers for q in kazakhstan.quotes)


def test_relations_count_what_the_briefing_shows(kazakhstan):
    relations = kazakhstan.relations
    assert relations and all(r["id"] != "kazakhstan" for r in relations)
    uzbekistan = next(r for r in relations if r["id"] == "uzbekistan")
    shared = [e for e in kazakhstan.events if any(p["id"] == "uzbekistan" for p in e["participants"])]
    assert uzbekistan["events"] == len(shared)


def test_a_period_keeps_only_what_overlaps_it(store, kb, kazakhstan):
    found = briefing.build(store, kb, "kazakhstan", "2024-09", "2024-12")
    assert found.events and len(found.events) < len(kazakhstan.events)
    low, high = iso_bounds("2024-09")[0], iso_bounds("2024-12")[1]
    for event in found.events:
        start, end = iso_bounds(event["date"])
        assert start <= high and end >= low
    for series in found.figures:
        for point in series["series"]:
            start, end = iso_bounds(point["period"])
            assert start <= high and end >= low
    assert found.period == "September 2024 – December 2024"


@pytest.mark.parametrize(("start", "end"), [("2025", "2024"), ("2024-02-30", None), ("soon", None)])
def test_impossible_or_reversed_periods_are_usage_errors(store, kb, start, end):
    with pytest.raises(UsageError):
        briefing.build(store, kb, "kazakhstan", start, end)


# -- rendering ------------------------------------------------------------------------


def test_html_escapes_article_text_and_links_only_web_addresses(store, kb):
    found = briefing.build(store, kb, "kazakhstan", "2025-03", "2025-03")
    cited = [c for c in found.citations if c["doc_id"] == "hostile-briefing"]
    assert cited, "the article of our own is cited"
    page = briefing_render.html(found)
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page
    assert "javascript:" not in re.sub(r">[^<]*<", "><", page), "no attribute carries a javascript: URL"
    assert f'id="source-{cited[0]["number"]}"' in page


def test_markdown_escapes_markup_and_keeps_footnotes(store, kb):
    found = briefing.build(store, kb, "kazakhstan", "2025-03", "2025-03")
    text = briefing_render.markdown(found)
    body = re.sub(r"(?m)^> ", "", text)  # the quotes' own blockquote marks
    assert not re.search(r"(?<!\\)[<>]", body), "every angle bracket is escaped: no HTML"
    assert not re.search(r"(?<!\\)\]\(", text), "no link markup from an article"
    assert "\\<script\\>" in text and "\\[click\\]" in text
    for c in found.citations:
        assert f"[^{c['number']}]: " in text


def test_the_chart_places_points_on_a_time_axis(kazakhstan):
    charts = briefing_render.charts(kazakhstan)
    assert charts and all("<svg" in c and "<script" not in c for c in charts)
    svg = svgchart.time_chart(
        [{"label": "<b>A</b>", "points": [("2023", 1.0), ("2030", 3.0), ("2024-Q1", 2.0)]}], "USD", "t"
    )
    xs = [float(x) for x in re.findall(r'<circle cx="([0-9.]+)"', svg)]
    assert xs[0] < xs[1] < xs[2], "2023, then Q1 2024, then 2030 from left to right"
    gap_years = (xs[2] - xs[1]) / (xs[1] - xs[0])
    assert 9 < gap_years < 11.5, "mid-2023, mid-Q1 2024, mid-2030: distances follow time, not the order of points"
    assert "<b>" not in svg and "&lt;b&gt;" in svg


@pytest.mark.parametrize(
    ("iso", "text"),
    [
        ("2025", "2025"),
        ("2025-07", "July 2025"),
        ("2025-11-07", "7 Nov 2025"),
        ("2023-Q1", "Q1 2023"),
        (None, "date unknown"),
    ],
)
def test_dates_are_shown_no_more_precise_than_they_are(iso, text):
    assert citation.human_date(iso) == text


def test_citation_text_names_title_outlet_date_url_and_item():
    source = {"title": "Leaders meet\n in Astana", "url": "https://www.example.org/a/1", "published": "2025-11-07"}
    assert (
        citation.cite_text(source, "event", "ev-1")
        == "Leaders meet in Astana. example.org, 7 Nov 2025. https://www.example.org/a/1 (Silkgraph event ev-1)"
    )


@pytest.mark.parametrize("name", ["brief.html", "brief.HTM", "brief.md", "brief.pdf"])
def test_the_file_name_chooses_the_format(name):
    assert briefing_render.format_of(name) in briefing_render.FORMATS


def test_an_unknown_file_type_is_refused():
    with pytest.raises(ValueError):
        briefing_render.format_of("brief.docx")
