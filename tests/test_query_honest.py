"""The query layer tells how precise and how sourced its dates are, how figures are put
(reported, estimate, plan, target), who said them, and cites every source in full."""

from __future__ import annotations

import json

import pytest

from graph_corpus import filled_store
from silkgraph import provenance, query
from silkgraph.model import Analysis, Document, Entity, Fact, Mention, Quote, Span
from silkgraph.store import open_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with filled_store(tmp_path_factory.mktemp("honest") / "q.db") as s:
        yield s


def test_contested_event_gives_each_date_with_its_sources(store):
    [project] = query.timeline(store, type="project")["events"]
    page = query.event(store, project["id"])
    json.dumps(page)
    assert page["contested"] is True
    assert {a["date"]: a["documents"] for a in page["alternatives"]} == {
        "2025-10": ["bahn-de"],
        "2026-07": ["railway-en"],
    }
    by_doc = {s["doc_id"]: s for s in page["sources"]}
    assert by_doc["bahn-de"]["when"] == "October 2025" and by_doc["railway-en"]["when"] == "July 2026"
    assert by_doc["bahn-de"]["title"] == "Baustart für Eisenbahn verschoben"
    assert by_doc["bahn-de"]["published_when"] == "20 May 2024"


def test_sources_are_cited_with_title_outlet_url_and_date(store):
    [summit] = query.timeline(store, type="summit")["events"]
    sources = {s["doc_id"]: s for s in query.event(store, summit["id"])["sources"]}
    first = sources["gipfel-astana-de"]
    assert (first["outlet"], first["url"], first["published_when"]) == (
        "example.org",
        "https://example.org/de/gipfel-astana",
        "15 Jun 2025",
    )
    assert sources["gipfel-astana-copy"]["outlet"] == "example.net"
    assert summit["date_precision"] == "day" and summit["when"] == "14 Jun 2025"


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.example.org/a/b?c=1", "example.org"),
        ("http://german.example.com/2025/x.html", "german.example.com"),
        ("javascript:alert(1)", None),
        ("http://[broken", None),
        (None, None),
        ("", None),
    ],
)
def test_outlet_of_a_url(url, outlet):
    assert provenance.outlet(url) == outlet


def test_fact_claims_say_how_each_figure_was_put(store):
    [figure] = query.figures(store, subjects=["kazakhstan", "china"], type="trade_volume")
    [point] = figure["series"]
    page = query.fact(store, point["fact"])
    assert page["modalities"] == {"reported": 3, "estimate": 1} and page["claim_modality"] == "reported"
    kinds = {c["doc_id"]: c["modality"] for c in page["claims"]}
    assert kinds["handel-zweifel-de"] == "estimate" and kinds["treffen-astana-de"] == "reported"
    assert all(c["when"] == "2023" for c in page["claims"])
    assert point["when"] == "2023" and point["period_precision"] == "year"
    assert point["source"]["title"] and point["source"]["published_when"]


def _said(doc_id: str, text: str, period: str | None, modality: str, value: float) -> Analysis:
    """An article in which a president states a trade figure in quotation marks."""
    quoted = text[text.index("“") + 1 : text.index("”")]
    start = text.index(quoted)
    return Analysis(
        Document(
            doc_id, text, title=None, url=f"https://www.news.example/{doc_id}", published="2025-03-04", language="en"
        ),
        entities=[
            Entity(
                "kazakhstan",
                "Kazakhstan",
                "country",
                None,
                [Mention(text.index("Kazakhstan"), text.index("Kazakhstan") + 10, "Kazakhstan")],
            ),
            Entity("china", "China", "country", None, [Mention(text.index("China"), text.index("China") + 5, "China")]),
            Entity("tokayev", "Kassym-Jomart Tokayev", "person", None, [Mention(0, 7, "Tokayev")]),
        ],
        facts=[Fact("trade_volume", value, "USD", period, ["kazakhstan", "china"], Span(0, len(text)), None, modality)],
        quotes=[Quote("tokayev", quoted, start, start + len(quoted))],
    )


def test_figures_keep_reported_values_estimates_and_targets_apart_and_name_the_speaker(tmp_path):
    with open_store(tmp_path / "f.db") as s:
        s.add(
            _said(
                "said-2024",
                "Tokayev said: “Trade of Kazakhstan with China reached 44 billion dollars in 2024.”",
                "2024",
                "reported",
                44e9,
            )
        )
        s.add(
            _said(
                "aim-2030",
                "Tokayev said: “Kazakhstan and China want trade of 80 billion dollars by 2030.”",
                "2030",
                "target",
                80e9,
            )
        )
        s.add(
            _said(
                "guess-2025",
                "Tokayev said: “Kazakhstan and China may trade 50 billion dollars in 2025.”",
                "2025",
                "estimate",
                50e9,
            )
        )
        series = {f["modality"]: f for f in query.figures(s, subjects=["kazakhstan", "china"])}
        assert set(series) == {"reported", "target", "estimate"}
        [target] = series["target"]["series"]
        assert (target["period"], target["value"], target["modality"]) == ("2030", 80_000_000_000, "target")
        assert [p["name"] for p in target["speakers"]] == ["Kassym-Jomart Tokayev"]
        assert target["source"]["outlet"] == "news.example"
        # untitled: the first line stands for the title
        assert target["source"]["title"].startswith("Tokayev said")
        claim = query.fact(s, target["fact"])["claims"][0]
        assert claim["speaker"]["id"] == "tokayev" and claim["display_title"].startswith("Tokayev said")


def test_document_annotations_carry_dates_in_words(store):
    doc = query.document(store, "bahn-de")
    [event] = [a for a in doc["annotations"] if a["kind"] == "event"]
    assert (event["when"], event["modality"]) == ("October 2025", "planned")
    assert doc["outlet"] is None and doc["published_when"] == "20 May 2024"
    facts = [a for a in query.document(store, "handel-zweifel-de")["annotations"] if a["kind"] == "fact"]
    assert [(f["when"], f["modality"], f["unit"]) for f in facts] == [("2023", "estimate", "USD")]


def test_an_untitled_articles_first_line_stands_for_its_title():
    long = (
        "Der Präsident empfing am Montag in der Hauptstadt die Delegation des Nachbarlandes"
        " zu Gesprächen über Handel, Verkehr, Energie und die gemeinsame Grenze im Süden"
    )
    cited = provenance.citation(None, None, None, "\n\n  " + long + "\nZweite Zeile.")
    assert cited["display_title"].endswith("…") and long.startswith(cited["display_title"][:-1])
    assert cited["title"] == cited["display_title"]
    assert provenance.citation(None, None, None, "Kurz.\nMehr.")["display_title"] == "Kurz."
    assert provenance.citation("Titel", None, None, "Kurz.")["display_title"] == "Titel"


def test_figures_can_be_limited_to_the_best_sourced(store):
    everything = [p for f in query.figures(store) for p in f["series"]]
    [best] = [p for f in query.figures(store, most=1) for p in f["series"]]
    assert best["sources"] == max(p["sources"] for p in everything) == 3 and best["value"] == 41_000_000_000
    assert query.figures(store, most=0) == []
    # asked for subjects, all of theirs
    assert query.figures(store, subjects=["kazakhstan", "china"], most=1) == query.figures(
        store, subjects=["kazakhstan", "china"]
    )
