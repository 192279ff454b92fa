"""Where an event's date and a figure's period come from: the text, or the publication date
alone. Kept by the analysis, the store and the graph, and worded by the query layer."""

from __future__ import annotations

import pytest

from silkgraph import query
from silkgraph.store import open_store

PUBLISHED = "2025-11-07"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Kasachstan und China unterzeichneten in Astana ein Abkommen über den Bau einer Eisenbahn."),
        ("en", "Kazakhstan and China signed an agreement on a new railway in Astana."),
        ("ru", "Казахстан и Китай подписали соглашение в Астане."),
    ],
)
def test_an_undated_event_takes_the_publication_month_and_says_so(analyze, language, text):
    [event] = analyze(text, published=PUBLISHED, language=language).events
    assert (event.date, event.date_source) == ("2025-11", "publication")


@pytest.mark.parametrize(
    ("language", "text", "date"),
    [
        ("de", "Am Dienstag trafen sich die Präsidenten Kasachstans und Usbekistans in Taschkent.", "2025-11-04"),
        ("en", "Kazakhstan and China signed an agreement in Astana on 3 June 2025.", "2025-06-03"),
    ],
)
def test_a_date_of_the_text_is_the_texts(analyze, language, text, date):
    [event] = analyze(text, published=PUBLISHED, language=language).events
    assert (event.date, event.date_source) == (date, "text")


def test_a_plan_without_a_date_has_no_date_and_no_source(analyze):
    analysis = analyze("Kazakhstan and China plan to sign an agreement in Astana.", published=PUBLISHED, language="en")
    assert [(e.date, e.date_source) for e in analysis.events if e.modality == "planned"] == [(None, None)]


def test_figures_say_where_their_period_comes_from(analyze):
    dated = analyze("Der Handel zwischen Kasachstan und China erreichte 2024 rund 44 Milliarden US-Dollar.", PUBLISHED)
    undated = analyze("Der Handel zwischen Kasachstan und China erreichte rund 44 Milliarden US-Dollar.", PUBLISHED)
    assert [(f.period, f.period_source) for f in dated.facts] == [("2024", "text")]
    assert [(f.period, f.period_source) for f in undated.facts] == [(PUBLISHED, "publication")]


def test_the_store_keeps_the_sources_and_the_query_words_them(tmp_path, analyze):
    texts = {
        "undated": "Kasachstan und China unterzeichneten in Astana ein Abkommen über den Bau einer Eisenbahn.",
        "dated": "Am Dienstag trafen sich die Präsidenten Kasachstans und Usbekistans in Taschkent.",
        "figure": "Der Handel zwischen Kasachstan und China erreichte rund 44 Milliarden US-Dollar.",
    }
    analyses = {k: analyze(t, published=PUBLISHED, doc_id=k) for k, t in texts.items()}
    with open_store(tmp_path / "s.db") as store:
        for a in analyses.values():
            store.add(a)
            assert store.get(a.document.id).to_json() == a.to_json()  # date_source and period_source kept
        events = {e["type"]: e for e in query.timeline(store)["events"]}
        agreement, meeting = events["agreement"], events["meeting"]
        assert (agreement["date_source"], agreement["reported"], agreement["when"]) == (
            "publication",
            PUBLISHED,
            "reported on 7 Nov 2025",
        )
        assert (meeting["date_source"], meeting["date_precision"], meeting["when"]) == ("text", "day", "4 Nov 2025")
        [source] = query.event(store, agreement["id"])["sources"]
        assert (source["date_source"], source["when"]) == ("publication", "reported on 7 Nov 2025")
        [figure] = query.figures(store, subjects=["kazakhstan", "china"])
        [point] = figure["series"]
        assert (point["period_source"], point["when"]) == ("publication", "reported on 7 Nov 2025")


def test_show_words_dates_and_says_reported_on(analyze):
    from silkgraph.report import render_analysis

    text = "Kasachstan und China unterzeichneten in Astana ein Abkommen. Der Handel erreichte 2024 rund 44 Milliarden US-Dollar."
    shown = render_analysis(analyze(text, published=PUBLISHED))
    assert "published 7 Nov 2025" in shown
    assert "reported on 7 Nov 2025: Agreement signed" in shown
    assert "2024: trade_volume" in shown


def test_the_document_view_names_the_date_other_sources_give(tmp_path, analyze):
    dated = "Am Dienstag trafen sich die Präsidenten Kasachstans und Usbekistans in Taschkent."
    undated = "Die Präsidenten Kasachstans und Usbekistans trafen sich in Taschkent zu Gesprächen."
    with open_store(tmp_path / "s.db") as store:
        store.add(analyze(dated, published=PUBLISHED, doc_id="dated"))
        store.add(analyze(undated, published="2025-11-08", doc_id="undated"))
        [event] = [a for a in query.document(store, "undated")["annotations"] if a["kind"] == "event"]
        assert (event["when"], event["event_when"]) == ("reported on 8 Nov 2025", "4 Nov 2025")
        [own] = [a for a in query.document(store, "dated")["annotations"] if a["kind"] == "event"]
        assert (own["when"], own["event_when"]) == ("4 Nov 2025", None)
