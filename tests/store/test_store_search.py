"""SQLite's full-text query: user text that is never FTS5 syntax.

How search behaves (matching, ranking, hostile queries) is part of the
storage contract, in test_contract.py, for every backend.
"""

from __future__ import annotations

from silkgraph.store.sqlite import MAX_QUERY_TERMS, fts_query


def test_fts_query_quotes_every_term():
    assert fts_query('Kasach* "Xi"an" AND not NEAR( ;') == '"Kasach"* """Xi""an""" "not"'
    assert fts_query("a " * 500).count('"a"') == MAX_QUERY_TERMS
    assert len(fts_query("x" * 10_000)) < 200
