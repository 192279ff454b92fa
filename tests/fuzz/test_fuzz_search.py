"""Search with hostile query strings: SQL, FTS5 syntax, odd characters, absurd paging."""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

from fuzz_helpers import ODD, project_error, soup, targets
from silkgraph.store import SearchHit

SAMPLES = Path(__file__).resolve().parent.parent.parent / "samples"
SYNTAX = [
    '"',
    '""',
    "*",
    "^",
    ":",
    "(",
    ")",
    "NEAR(",
    "NEAR/3",
    "NEAR(a b, 2)",
    "AND",
    "OR",
    "NOT",
    "and",
    "+",
    "-",
    "title:",
    "text:",
    "{title text}:",
    "documents_fts:",
    "rank:",
    "'",
    ";",
    "--",
    "/*",
    "*/",
    "%",
    "_",
    "\\",
    "?",
    "?1",
    ":name",
    "@x",
    "$x",
    "DROP TABLE documents;",
    "' OR 1=1 --",
    '" OR ""="',
    "); DELETE FROM documents; --",
    "x" * 300,
    "Kasachstan",
    "Kasach*",
    "china",
    "Tokajew",
    "Tokayev",
    "Ü",
    "ß",
    "İ",
    "ﬁ",
    "\x00",
    "\u0000*",
    "**",
    "*Kas",
    "a*b",
    "NEAR",
    "AND*",
    '"NOT"',
]
QUERIES = st.lists(
    st.one_of(st.sampled_from(SYNTAX), st.sampled_from(ODD), soup(3), st.text(max_size=5)), max_size=40
).map(" ".join)


@cache
def _store():
    from silkgraph.ingest import read_inputs
    from silkgraph.pipeline import Pipeline
    from silkgraph.store import open_store

    store = open_store(":memory:")
    pipeline = Pipeline()
    for item in read_inputs([str(SAMPLES)]):
        if hasattr(item, "text"):
            store.add(pipeline.analyze(item))
    return store


@cache
def _kb():
    from silkgraph.kb import KnowledgeBase

    return KnowledgeBase.load()


def check_store_search(args) -> None:
    query, limit, offset = args
    store = _store()
    before = store.stats()
    hits = project_error(store.search, query, limit=limit, offset=offset)
    if isinstance(hits, list):
        assert len(hits) <= max(limit, 0)
        for hit in hits:
            assert isinstance(hit, SearchHit) and isinstance(hit.snippet, str) and math.isfinite(hit.score)
    assert store.stats() == before, "a search changed the store"


def check_query_search(args) -> None:
    from silkgraph import query as queries

    query, limit, offset = args
    store = _store()
    found = project_error(queries.search, store, query, kb=_kb(), limit=limit, offset=offset)
    if isinstance(found, dict):
        assert set(found) >= {"documents", "entities", "total"}


# Paging as the store takes it (SQLite integers); the query layer takes any offset the CLI lets through.
PAGING = st.tuples(QUERIES, st.integers(-5, 1000), st.integers(-5, 2**63 - 1))

test_store_search, test_store_search_volume = targets("store_search", PAGING, check_store_search)
test_query_search, test_query_search_volume = targets(
    "query_search",
    st.tuples(QUERIES, st.integers(1, 1000), st.one_of(st.integers(0, 10**6), st.integers(0, 10**30))),
    check_query_search,
    default=30,
)


def test_search_still_finds_after_hostile_queries():
    store = _store()
    assert store.integrity_check()
    assert any(hit for hit in store.search("Kasachstan"))
