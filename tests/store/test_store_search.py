"""Full-text search: matching, ranking, and user text that is never query syntax."""

from __future__ import annotations

import pytest

from silkgraph.store.sqlite import MAX_QUERY_TERMS, fts_query

HOSTILE = [
    '"', '""', '"unclosed', "AND OR NOT", "AND", "*", "**", "Kasach* *", "NEAR(", "NEAR(a b, 3)",
    "'; DROP TABLE documents; --", "", "   ", "\x00", "Kasach\x00stan", "a\x00\x00b", "x" * 10_000,
    "Astana " * 2_000, "title:Astana", "{title text}: China", "^China", "China + - :", "(China)", "( ) [ ] { }",
    "\u200b", "🙂", "NOT China", "China NOT", "\\", "%_", "Xi'an",
]


@pytest.fixture
def filled(store, make_analysis, other_text):
    store.add(make_analysis("astana"))
    store.add(make_analysis("usbek", text=other_text(1), title="Usbekistan baut", published="2024-03"))
    store.add(make_analysis("usbek2", text=other_text(2) + " Usbekistan Usbekistan Usbekistan.", title=None))
    return store


def test_finds_words(filled):
    hits = filled.search("Transportkorridore")
    assert [h.doc_id for h in hits] == ["astana"]
    assert hits[0].title.startswith("Kasachstan und China")
    assert hits[0].published == "2025-01-14"
    assert "[[Transportkorridore]]" in hits[0].snippet


def test_case_and_diacritics_insensitive(filled):
    for query in ("türkiye", "TURKIYE", "Turkiye", "außenminister ASTANA", "AUßENMINISTER"):
        assert [h.doc_id for h in filled.search(query)] == ["astana"], query


def test_all_terms_must_match(filled):
    assert [h.doc_id for h in filled.search("Astana Türkiye")] == ["astana"]
    assert filled.search("Astana Syrdarja") == []


def test_prefix(filled):
    assert [h.doc_id for h in filled.search("Transportkorr*")] == ["astana"]
    assert filled.search("Transportkorr") == []


def test_ranked_by_relevance_with_paging(filled):
    hits = filled.search("Usbekistan")
    assert {h.doc_id for h in hits} == {"usbek", "usbek2"}
    assert hits[0].score >= hits[1].score
    assert [h.doc_id for h in filled.search("Usbekistan", limit=1, offset=1)] == [hits[1].doc_id]
    assert filled.search("Usbekistan", limit=0) == []


def test_title_is_searched(filled):
    assert [h.doc_id for h in filled.search("baut")] == ["usbek"]


def test_operators_are_words_not_syntax(filled):
    assert [h.doc_id for h in filled.search("Astana AND Türkiye")] == ["astana"]
    assert [h.doc_id for h in filled.search('"Astana" OR')] == ["astana"]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_never_raise(filled, query):
    hits = filled.search(query)
    assert isinstance(hits, list)
    assert filled.stats()["documents"] == 3
    assert filled.integrity_check()


def test_empty_query_gives_nothing(filled):
    assert filled.search("") == []
    assert filled.search("   AND  OR ") == []


def test_fts_query_quotes_every_term():
    assert fts_query('Kasach* "Xi"an" AND not NEAR( ;') == '"Kasach"* """Xi""an""" "not"'
    assert fts_query("a " * 500).count('"a"') == MAX_QUERY_TERMS
    assert len(fts_query("x" * 10_000)) < 200
