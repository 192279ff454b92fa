"""`silkgraph watch --once` against a local news site: first run stores and alerts, the second
gets 304s and does nothing, a changed feed brings only its new item."""

from __future__ import annotations

import hashlib
import hmac
import json

import feedparser
import pytest
import yaml
from click.testing import CliRunner
from newssite import (
    ARTICLES,
    NEW_ARTICLE,
    Mailbox,
    NewsSite,
    Receiver,
    Route,
    article_page,
    atom_feed,
    index_page,
    news_sitemap,
    rss_feed,
    sitemap_index,
)

from silkgraph.cli import main
from silkgraph.store import follow as sql
from silkgraph.store import open_store

RFC822 = "Mon, 04 May 2026 08:00:00 GMT"


@pytest.fixture
def site():
    news = NewsSite()
    yield news
    news.close()


@pytest.fixture
def receiver():
    hook = Receiver(fail_first=1)  # the first POST fails: the delivery must retry
    yield hook
    hook.close()


@pytest.fixture
def mailbox():
    box = Mailbox()
    yield box
    box.close()


def publish(site: NewsSite, articles) -> dict[str, str]:
    """Serve each article at /news/<slug>; {slug: url}."""
    urls = {}
    for slug, title, published, paragraphs in articles:
        site.routes[f"/news/{slug}"] = Route(article_page(title, paragraphs, published))
        urls[slug] = site.url(f"/news/{slug}")
    return urls


def feed_items(urls: dict[str, str], articles) -> list[tuple[str, str, str]]:
    return [(urls[slug], title, RFC822) for slug, title, _, _ in articles]


def build_site(site: NewsSite) -> dict[str, str]:
    """An RSS feed (gzip) with the first two articles, an Atom feed repeating one of them, a news
    sitemap behind a sitemap index with the third, and an index page linking the third again."""
    urls = publish(site, ARTICLES)
    site.routes["/rss.xml"] = Route(
        rss_feed("Courier", feed_items(urls, ARTICLES[:1])), content_type="application/rss+xml", gzip=True
    )
    site.routes["/atom.xml"] = Route(
        atom_feed("Courier Atom", [(urls[ARTICLES[1][0]], ARTICLES[1][1], "2026-05-05T10:00:00Z")]),
        content_type="application/atom+xml",
    )
    site.routes["/sitemap-index.xml"] = Route(
        sitemap_index([site.url("/sitemap-news.xml")]), content_type="application/xml"
    )
    site.routes["/sitemap-news.xml"] = Route(
        news_sitemap([(urls[ARTICLES[2][0]], ARTICLES[2][1], "2026-05-06T08:00:00+05:00")]),
        content_type="application/xml",
    )
    site.routes["/politics"] = Route(index_page([("/news/" + ARTICLES[2][0], ARTICLES[2][1]), ("/about", "About")]))
    return urls


def write_sources(path, site: NewsSite) -> None:
    entries = [
        {"name": "rss", "url": site.url("/rss.xml"), "kind": "feed", "delay": 0},
        {"name": "atom", "url": site.url("/atom.xml"), "kind": "feed", "delay": 0},
        {"name": "sitemap", "url": site.url("/sitemap-index.xml"), "kind": "sitemap", "delay": 0},
        {
            "name": "politics",
            "url": site.url("/politics"),
            "kind": "index",
            "link_pattern": r"/news/[a-z-]+$",
            "delay": 0,
            "language": "en",
        },
    ]
    path.write_text(yaml.safe_dump({"sources": entries}), encoding="utf-8")


def write_watchlists(path, receiver: Receiver) -> None:
    path.write_text(
        yaml.safe_dump(
            [
                {
                    "id": "kz-cn-deals",
                    "name": "Kazakhstan-China agreements",
                    "rule": {"entities": ["kazakhstan", "china"], "entity_mode": "all", "event_types": ["agreement"]},
                    "webhook": receiver.url,
                    "secret": "shared-secret",
                    "emails": ["analyst@example.org"],
                },
                {"id": "big-trade", "rule": {"fact_types": ["trade_volume"], "min_value": 1e9, "unit": "USD"}},
                {"id": "turkey", "rule": {"entities": ["turkey"]}},
            ]
        ),
        encoding="utf-8",
    )


def run(runner: CliRunner, *args: str):
    result = runner.invoke(main, list(args), catch_exceptions=False)
    return result


def counts(db: str) -> dict:
    with open_store(db) as store, store.read() as conn:
        return {
            "documents": len(store.document_ids()),
            "alerts": sql.count_alerts(conn),
            "sources": {s["name"]: s for s in sql.source_states(conn)},
            "items": sql.item_totals(conn),
        }


def test_watch_once_stores_alerts_then_gets_304s_then_only_new_items(tmp_path, site, receiver, mailbox):
    urls = build_site(site)
    db, sources, lists = str(tmp_path / "s.db"), tmp_path / "sources.yaml", tmp_path / "lists.yaml"
    write_sources(sources, site)
    write_watchlists(lists, receiver)
    runner = CliRunner()
    assert run(runner, "watchlists", "add", "--file", str(lists), "--db", db).exit_code == 0
    watch = [
        "watch",
        "--once",
        "--db",
        db,
        "--sources",
        str(sources),
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        str(mailbox.port),
        "--base-url",
        "http://workbench.test",
        "--threads",
        "2",
    ]

    first = run(runner, *watch)
    assert first.exit_code == 0, first.output
    after_first = counts(db)
    assert after_first["documents"] == 3
    assert all(s["last_error"] is None and s["last_success"] for s in after_first["sources"].values())
    # Each article page was fetched once, though the third is listed by two sources.
    for slug in (a[0] for a in ARTICLES):
        assert site.hits(f"/news/{slug}", 200) == 1
    with open_store(db) as store:
        from silkgraph.alerts import inbox

        alerts = inbox(store)["alerts"]
    by_list = {}
    for alert in alerts:
        by_list.setdefault(alert["watchlist"], []).append(alert)
    # Two articles on one agreement: one alert that has both as sources.
    [deal] = by_list["kz-cn-deals"]
    assert deal["kind"] == "event" and len(deal["sources"]) == 2
    assert all(s["evidence"] and "agreement" in s["evidence"] for s in deal["sources"])
    [trade] = by_list["big-trade"]
    assert trade["kind"] == "fact" and "44 bn USD" in trade["title"]
    assert "turkey" not in by_list
    # The webhook got one signed POST (after one failure), the mailbox one message.
    [(headers, body)] = receiver.posts
    expected = "sha256=" + hmac.new(b"shared-secret", body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["x-silkgraph-signature"], expected)
    payload = json.loads(body)
    assert payload["alert"]["link"] == f"http://workbench.test/events/{deal['target']}"
    assert len(payload["sources"]) >= 1
    [message] = mailbox.messages
    assert message["To"] == "analyst@example.org" and "Kazakhstan-China agreements" in message["Subject"]
    # The Atom feed of the watchlist has the alert.
    atom = run(runner, "watchlists", "atom", "kz-cn-deals", "--db", db)
    parsed = feedparser.parse(atom.stdout_bytes)
    assert not parsed.bozo and [e.title for e in parsed.entries] == [deal["title"]]

    # Within the sources' interval a run asks nothing of them.
    quiet_before = site.hits()
    assert run(runner, *watch).exit_code == 0
    assert [p for _, p, _ in site.requests[quiet_before:] if p != "/robots.txt"] == []

    # Second run: every listing answers 304; nothing is stored, fetched or sent.
    pages_before = site.hits()
    second = run(runner, *watch, "--all")
    assert second.exit_code == 0, second.output
    assert counts(db)["documents"] == 3 and counts(db)["alerts"] == after_first["alerts"]
    new_requests = [(path, status) for _, path, status in site.requests[pages_before:] if path != "/robots.txt"]
    assert sorted(new_requests) == sorted(
        (path, 304) for path in ("/rss.xml", "/atom.xml", "/sitemap-index.xml", "/politics")
    )
    assert len(receiver.posts) == 1 and len(mailbox.messages) == 1

    # The feed changes: only the new item's page is fetched and stored; it fires the Turkey watchlist.
    urls.update(publish(site, [NEW_ARTICLE]))
    site.routes["/rss.xml"] = Route(
        rss_feed("Courier", feed_items(urls, [NEW_ARTICLE, ARTICLES[0]])), content_type="application/rss+xml", gzip=True
    )
    before = site.hits()
    third = run(runner, *watch, "--all")
    assert third.exit_code == 0, third.output
    fetched_pages = [path for _, path, status in site.requests[before:] if path.startswith("/news/")]
    assert fetched_pages == [f"/news/{NEW_ARTICLE[0]}"]
    after_third = counts(db)
    assert after_third["documents"] == 4
    with open_store(db) as store:
        assert [a["watchlist"] for a in inbox(store, unread_only=True)["alerts"]].count("turkey") == 1
        assert store.integrity_check()
