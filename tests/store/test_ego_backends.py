"""The network around an entity, a link's evidence, the map's places and name suggestions give
the same answers on PostgreSQL as on SQLite (the invented articles of tests/data/graph)."""

from __future__ import annotations

from graph_corpus import ALL, articles
from silkgraph import ego, geo, suggest
from silkgraph.store import open_store


def _answers(target: str, kb) -> dict:
    found = articles()
    with open_store(target) as store:
        for doc_id in ALL:
            store.add(found[doc_id])
        return {
            "ego": ego.ego_network(store, kb, "kazakhstan", steps=2, kinds=("event", "fact", "cooccurrence")),
            "ego_2025": ego.ego_network(store, kb, "kazakhstan", date_from="2025", date_to="2025"),
            "edge": ego.edge_evidence(store, "china", "kazakhstan", kinds=("event", "fact", "cooccurrence")),
            "places": geo.places(store, kb),
            "places_2025": geo.places(store, kb, "2025-01", "2025-12"),
            "astana": geo.place_events(store, "astana"),
            "suggest": suggest.suggest(store, kb, "Kas"),
        }


def test_postgres_answers_as_sqlite(tmp_path, postgres_url, kb):
    assert _answers(postgres_url, kb) == _answers(str(tmp_path / "s.db"), kb)
