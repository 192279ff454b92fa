"""Dates, quantities and the whole analysis on hostile text."""

from __future__ import annotations

import math
import re
from functools import cache

from hypothesis import strategies as st

from fuzz_helpers import soup, targets
from silkgraph.model import ISO_DATE_PATTERN, Analysis, Document
from silkgraph.stages.dates import find_timexes
from silkgraph.stages.quantities import find_quantities
from silkgraph.store.sql import without_nul

LANGUAGES = st.sampled_from(["de", "en", "ru", None, "kk", "xx", ""])
PUBLISHED = st.one_of(
    st.none(),
    st.builds(
        lambda y, m, d, precision: [f"{y:04d}", f"{y:04d}-{m:02d}", f"{y:04d}-{m:02d}-{d:02d}"][precision],
        st.integers(1800, 2200),
        st.integers(1, 12),
        st.integers(1, 28),
        st.integers(0, 2),
    ),
)
TEXTS = st.one_of(soup(60), st.text(max_size=200))
QUANTITY_KINDS = {"money", "percent", "count", "measure", "number"}


def _spans(text: str, found: list) -> None:
    end = 0
    for item in found:
        assert end <= item.start < item.end <= len(text), item
        assert item.text == text[item.start : item.end], item
        end = item.end


def check_timexes(args) -> None:
    text, language, published = args
    found = find_timexes(text, language, published)
    _spans(text, found)
    for timex in found:
        assert timex.value is None or re.match(ISO_DATE_PATTERN, timex.value), timex


def check_quantities(args) -> None:
    text, language = args
    found = find_quantities(text, language)
    _spans(text, found)
    for q in found:
        assert math.isfinite(q.value), q  # a NaN or infinite fact cannot be stored
        assert q.kind in QUANTITY_KINDS, q
        assert q.start <= q.number_start < q.number_end <= q.end, q


@cache
def _pipeline():
    from silkgraph.pipeline import Pipeline

    return Pipeline()


@cache
def _contract():
    import jsonschema

    from silkgraph.model import contract_schema

    return jsonschema.Draft202012Validator(contract_schema())


@cache
def _store():
    from silkgraph.store import open_store

    return open_store(":memory:")


def check_analysis(args) -> None:
    text, language, published = args
    if not text.strip():
        return  # readers never make a document of blank text
    document = Document(id="fuzz", text=text, language=language or None, published=published)
    analysis = _pipeline().analyze(document)
    assert isinstance(analysis, Analysis)
    data = analysis.to_json()
    errors = sorted(_contract().iter_errors(data), key=str)
    assert not errors, errors[0].message
    for entity in analysis.entities:
        for m in entity.mentions:
            assert 0 <= m.start < m.end <= len(text) and m.text == text[m.start : m.end], (entity.id, m)
    for item in (*analysis.events, *analysis.facts):
        assert 0 <= item.evidence.start <= item.evidence.end <= len(text), item
    for fact in analysis.facts:
        assert math.isfinite(fact.value), fact
    for quote in analysis.quotes:
        assert 0 <= quote.start <= quote.end <= len(text), quote
    # Whatever the pipeline makes, the store takes, and gives back unchanged but for the one
    # character policy of every backend (NUL is stored as U+FFFD, which keeps every offset).
    store = _store()
    result = store.add(analysis)
    if result.status == "stored":
        stored = store.get(result.doc_id).to_json()
        expected = without_nul(analysis).to_json()
        expected["document"]["id"] = result.doc_id
        assert stored == expected


test_find_timexes, test_find_timexes_volume = targets(
    "find_timexes", st.tuples(TEXTS, LANGUAGES, PUBLISHED), check_timexes
)
test_find_quantities, test_find_quantities_volume = targets(
    "find_quantities", st.tuples(TEXTS, LANGUAGES), check_quantities
)
test_pipeline_analyze, test_pipeline_analyze_volume = targets(
    "pipeline_analyze", st.tuples(TEXTS, LANGUAGES, PUBLISHED), check_analysis
)


def test_long_hostile_text_is_analysed_in_bounded_time():
    import time

    unit = "Am 15. Januar 2025 erreichte der Handel \u200b„über 3,2 Mrd. US-Dollar“, sagte Tokajew. İ\u202e "
    text = unit * (200_000 // len(unit))
    started = time.monotonic()
    analysis = _pipeline().analyze(Document(id="long", text=text, language="de", published="2025-01-20"))
    assert analysis.entities and analysis.facts
    assert time.monotonic() - started < 60
