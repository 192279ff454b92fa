"""The relation counts kept as documents arrive, against the exact computation."""

from __future__ import annotations

import pytest

from graph_corpus import filled_store
from silkgraph import network


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with filled_store(tmp_path_factory.mktemp("network") / "n.db") as s:
        yield s


def counted(store, kind: str, year: str = network.ALL_TIME) -> dict[tuple[str, str], int]:
    with store.read() as db:
        return {
            (a, b): n
            for a, b, n in db.execute(
                "SELECT a, b, sources FROM entity_pairs WHERE kind = ? AND year = ?", (kind, year)
            )
        }


def test_cooccurrence_counts_equal_the_exact_relations(store):
    with store.read() as db:
        exact = {
            pair: rel.weight("cooccurrence") for pair, rel in network.pair_sources(db, kind="cooccurrence").items()
        }
    assert exact and counted(store, "cooccurrence") == exact


def test_any_kind_counts_each_source_once(store):
    any_kind = counted(store, "any")
    for kind in network.KINDS:
        for pair, n in counted(store, kind).items():
            assert any_kind[pair] >= n  # a source linking a pair in two ways counts once
    with store.read() as db:
        named = dict(db.execute("SELECT entity_id, sources FROM entity_sources WHERE year = ?", (network.ALL_TIME,)))
    assert named["kazakhstan"] == 5  # six documents name it, one is a syndicated copy of another


def test_year_counts_add_up_to_all_time_when_sources_keep_to_one_year(store):
    with store.read() as db:
        years = [r[0] for r in db.execute("SELECT DISTINCT year FROM entity_pairs WHERE kind = 'cooccurrence'")]
    total: dict = {}
    for year in years:
        if year != network.ALL_TIME:
            for pair, n in counted(store, "cooccurrence", year).items():
                total[pair] = total.get(pair, 0) + n
    assert total == counted(store, "cooccurrence")  # every document has one publication date


def test_date_filters_count_whole_years(store):
    part = network.network(store, date_from="2025-03", date_to="2025-04")
    whole = network.network(store, date_from="2025", date_to="2025")
    assert part["years"] == whole["years"] == {"from": "2025", "to": "2025"}
    assert part["edges"] == whole["edges"] and part["nodes"] == whole["nodes"]
    assert network.network(store)["years"] is None
    assert network.network(store, date_to="1999")["edges"] == []


def test_related_are_read_from_the_counts(store):
    with store.read() as db:
        related = network.related(db, "china")
    assert related["kazakhstan"] == counted(store, "any")[("china", "kazakhstan")]
    assert "china" not in related


def test_edge_limit_keeps_the_strongest(store):
    every = network.network(store)
    [strongest] = network.network(store, edge_limit=1)["edges"]
    assert strongest == every["edges"][0] and strongest["weight"] == max(e["weight"] for e in every["edges"])
    assert every["total"]["edges_between_nodes"] == len(every["edges"]) > 1
