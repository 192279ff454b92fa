"""The tables of followed sources, watchlists and alerts (migration 0006) on both backends."""

from __future__ import annotations

import pytest

from silkgraph.alerts import (
    backtest,
    evaluate_document,
    inbox,
    load_watchlists,
    parse_watchlist,
    save_watchlist,
)
from silkgraph.alerts.rules import parse_rule
from silkgraph.store import follow as sql
from silkgraph.store import open_store


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    target = str(tmp_path / "s.db") if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with open_store(target) as s:
        yield s


def test_source_state_and_items_round_trip(store):
    state = {
        "name": "courier",
        "url": "https://n.example/rss",
        "kind": "feed",
        "last_attempt": "2026-05-01T10:00:00",
        "etag": '"abc"',
        "failures": 0,
        "next_due": "2026-05-01T10:15:00",
    }
    with store.write() as db:
        sql.save_source_state(db, state)
        sql.save_source_state(db, {**state, "last_error": "HTTP 500", "failures": 1})
        sql.record_item(db, "courier", "https://n.example/a", "failed", "2026-05-01T10:00:00", reason="HTTP 503")
        sql.record_item(db, "courier", "https://n.example/a", "stored", "2026-05-01T10:15:00", doc_id="a")
    with store.read() as db:
        [saved] = sql.source_states(db)
        assert saved["etag"] == '"abc"' and saved["last_error"] == "HTTP 500" and saved["failures"] == 1
        assert sql.item_states(db, "courier", ["https://n.example/a", "https://n.example/b"]) == {
            "https://n.example/a": ("stored", 2)
        }
        assert sql.item_counts_per_day(db, "2026-05-01") == {"courier": {"2026-05-01": {"stored": 1}}}
    with store.write() as db:
        sql.forget_source(db, "courier")
    with store.read() as db:
        assert sql.source_states(db) == [] and sql.item_totals(db) == {}


def test_alerts_deduplicate_and_back_test(store, make_analysis):
    save_watchlist(
        store, parse_watchlist({"id": "kz", "rule": {"entities": ["kazakhstan"]}, "webhook": "https://hooks.example/x"})
    )
    first = store.add(make_analysis("a"))
    lists = load_watchlists(store)
    with store.write() as db:
        assert len(evaluate_document(db, first.doc_id, lists)) == 1
        assert evaluate_document(db, first.doc_id, lists) == []
    [alert] = inbox(store)["alerts"]
    assert alert["kind"] == "document" and alert["sources"][0]["doc_id"] == "a"
    with store.read() as db:
        assert sql.due_deliveries(db, "9999") == [(alert["id"], "webhook", 0)]
    assert backtest(store, parse_rule({"entities": ["kazakhstan"]}))["total"] == 1
    with store.write() as db:
        assert sql.delete_watchlist(db, "kz")
    assert inbox(store)["total"] == 0
