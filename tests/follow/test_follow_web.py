"""Workbench pages of following: Sources, Watchlists (token-gated changes, back-test), Inbox, Atom."""

from __future__ import annotations

import feedparser
import pytest
from fastapi.testclient import TestClient
from newssite import ARTICLES, NewsSite, Route, article_page, rss_feed

from silkgraph.alerts import inbox, parse_watchlist, save_watchlist
from silkgraph.follow.fetch import Limits
from silkgraph.follow.sources import Source
from silkgraph.follow.watch import Watcher
from silkgraph.store import open_store
from silkgraph.web.app import create_app

TOKEN = "t0ken-for-tests"
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A store filled by one poll of a local feed, with a watchlist that fired, and a failing source."""
    site = NewsSite()
    urls = []
    for slug, title, published, paragraphs in ARTICLES:
        site.routes[f"/news/{slug}"] = Route(
            article_page(title + (" " + HOSTILE if slug.endswith("talks") else ""), paragraphs, published)
        )
        urls.append((site.url(f"/news/{slug}"), title, "Mon, 04 May 2026 08:00:00 GMT"))
    site.routes["/feed.xml"] = Route(rss_feed("Courier", urls))
    path = tmp_path_factory.mktemp("web") / "s.db"
    with open_store(path) as store:
        save_watchlist(
            store,
            parse_watchlist(
                {
                    "id": "kz-cn",
                    "name": "Kazakhstan and China",
                    "rule": {"entities": ["kazakhstan", "china"], "entity_mode": "all", "event_types": ["agreement"]},
                }
            ),
        )
        save_watchlist(store, parse_watchlist({"id": "water", "rule": {"text": "water"}}))
        watcher = Watcher(
            store,
            [
                Source(name="courier", url=site.url("/feed.xml"), delay=0),
                Source(name="broken", url=site.url("/missing.xml"), delay=0),
            ],
            limits=Limits(retries=0),
        )
        watcher.poll(force=True)
        watcher.close()
    site.close()
    return path


@pytest.fixture
def client(db, kb):
    with TestClient(create_app(str(db), kb=kb, token=TOKEN), raise_server_exceptions=False) as c:
        yield c


def test_sources_page_shows_status_errors_and_items(client):
    page = client.get("/sources")
    assert page.status_code == 200
    assert "courier" in page.text and "broken" in page.text and "HTTP 404" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_inbox_lists_alerts_with_evidence_and_escapes_article_text(client):
    page = client.get("/inbox")
    assert page.status_code == 200
    assert "/events/ev-courier-astana-beijing-rail-deal" in page.text
    assert HOSTILE not in page.text and "&lt;script&gt;" in page.text
    assert 'class="evidence"' in page.text


def test_marking_read_needs_the_token(client, db):
    with open_store(db) as store:
        alert = inbox(store, "kz-cn")["alerts"][0]
    refused = client.post(f"/inbox/{alert['id']}/read", data={"read": "1", "token": "wrong"})
    assert refused.status_code == 403
    done = client.post(
        f"/inbox/{alert['id']}/read",
        data={"read": "1", "token": TOKEN, "back": "//evil.example"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/inbox"
    with open_store(db) as store:
        assert inbox(store, "kz-cn")["alerts"][0]["read"] is True


def test_watchlist_create_edit_backtest_and_delete(client):
    form = {"id": "tajik", "name": "Tajikistan", "entities": "tajikistan", "entity_mode": "any", "token": TOKEN}
    assert client.post("/watchlists", data={**form, "token": "nope"}).status_code == 403
    created = client.post("/watchlists", data=form, follow_redirects=False)
    assert created.status_code == 303 and created.headers["location"] == "/watchlists/tajik"
    bad = client.post("/watchlists", data={**form, "min_value": "lots"})
    assert bad.status_code == 422 and "min_value must be a number" in bad.text
    tested = client.get("/watchlists/tajik", params={"backtest": "true", "since": "2026-05-01"})
    assert tested.status_code == 200 and "1 alert from" in tested.text and "Uzbekistan and Tajikistan" in tested.text
    edited = client.post("/watchlists", data={**form, "name": "Tajikistan, renamed"}, follow_redirects=False)
    assert edited.status_code == 303
    assert "Tajikistan, renamed" in client.get("/watchlists").text
    assert client.post("/watchlists/tajik/delete", data={"token": TOKEN}, follow_redirects=False).status_code == 303
    assert client.get("/watchlists/tajik").status_code == 404


def test_atom_feed_per_watchlist(client):
    response = client.get("/watchlists/water/atom.xml")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo and len(feed.entries) == 1
    assert feed.entries[0].link.endswith("/documents/" + feed.entries[0].link.rsplit("/", 1)[-1])


def test_writes_are_refused_without_a_server_token(db, kb):
    with TestClient(create_app(str(db), kb=kb), raise_server_exceptions=False) as c:
        assert c.post("/watchlists", data={"id": "x", "text": "x", "token": ""}).status_code == 403
        assert "started without a token" in c.get("/watchlists").text


def test_the_api_reads_and_writes_watchlists_and_alerts(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    sources = client.get("/api/sources").json()["sources"]
    assert {s["name"] for s in sources} == {"courier", "broken"}
    assert next(s for s in sources if s["name"] == "courier")["items"]["stored"] == 3
    body = {
        "name": "Uzbekistan",
        "rule": {"entities": ["uzbekistan"]},
        "webhook": "https://hooks.example/x",
        "secret": "hidden",
    }
    assert client.put("/api/watchlists/uz", json=body).status_code == 401
    saved = client.put("/api/watchlists/uz", json=body, headers=auth)
    assert saved.status_code == 200 and saved.json()["deliver"] == {"webhook": "https://hooks.example/x"}
    bad = client.put("/api/watchlists/uz", json={"rule": {"languages": ["de"]}}, headers=auth)
    assert bad.status_code == 422 and "at least one" in bad.json()["error"]
    tested = client.get("/api/watchlists/uz/backtest").json()
    assert tested["total"] == 1 and tested["alerts"][0]["kind"] == "document"
    alerts = client.get("/api/alerts", params={"watchlist": "water"}).json()
    assert alerts["alerts"] and all(a["watchlist"] == "water" for a in alerts["alerts"])
    alert_id = alerts["alerts"][0]["id"]
    assert client.post(f"/api/alerts/{alert_id}/read", headers=auth).json() == {"id": alert_id, "read": True}
    assert client.post(f"/api/alerts/{alert_id}/read", params={"read": "false"}, headers=auth).json()["read"] is False
    assert client.post("/api/alerts/read-all", params={"watchlist": "water"}, headers=auth).json()["marked"] >= 1
    assert client.get("/api/alerts", params={"watchlist": "water", "unread": "true"}).json()["alerts"] == []
    assert client.post("/inbox/read-all", data={"token": TOKEN}, follow_redirects=False).status_code == 303
    assert client.get("/api/alerts", params={"unread": "true"}).json()["unread"] == 0
    assert client.delete("/api/watchlists/uz", headers=auth).status_code == 200
    assert client.get("/api/watchlists/uz/backtest").status_code == 404
