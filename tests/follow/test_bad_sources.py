"""Sources that misbehave: each is logged on the source with a clear reason, retried as
appropriate, and neither stops the watcher nor leaves a half document."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from newssite import ARTICLES, NewsSite, Route, article_page, rss_feed

from silkgraph.follow.fetch import Limits
from silkgraph.follow.sources import Source
from silkgraph.follow.watch import Watcher
from silkgraph.store import follow as sql
from silkgraph.store import open_store

RFC822 = "Mon, 04 May 2026 08:00:00 GMT"
AHEAD = (date.today() + timedelta(days=60)).isoformat()  # a date a page may claim but cannot have
# Short enough for the slow cases to fail fast, long enough for a good page on a busy machine.
FAST = Limits(connect_timeout=5, read_timeout=4, deadline=4, max_bytes=2_000_000, retries=1, backoff=0.01)


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    """One poll of a good source and every bad one, side by side; (reports, states, items, store path, site)."""
    site = NewsSite()
    _slug, title, published, paragraphs = ARTICLES[0]
    site.routes["/news/good"] = Route(article_page(title, paragraphs, published))
    site.routes["/good.xml"] = Route(rss_feed("Good", [(site.url("/news/good"), title, RFC822)]))
    site.routes["/error500.xml"] = Route(b"<html><body>Internal error</body></html>", status=500)
    site.routes["/loop-a"] = Route(redirect="/loop-b")
    site.routes["/loop-b"] = Route(redirect="/loop-a")
    site.routes["/html-instead.xml"] = Route(
        b"<!DOCTYPE html><html><head><title>Maintenance</title></head>"
        b"<body><p>We are down for maintenance.</p></body></html>"
    )
    site.routes["/huge.xml"] = Route(huge=50_000_000, content_type="application/rss+xml")
    site.routes["/slow.xml"] = Route(
        rss_feed("Slow", [(site.url("/news/good"), title, RFC822)]), trickle=0.05, content_type="application/rss+xml"
    )
    site.routes["/slow-headers.xml"] = Route(slow_headers=0.05)
    site.routes["/invalid.xml"] = Route(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken'
        b"</title><item><title>Unclosed <b>tag</item></chan",
        content_type="application/rss+xml",
    )
    same = site.url("/news/same")
    site.routes["/news/same"] = Route(article_page(ARTICLES[2][1], ARTICLES[2][3], ARTICLES[2][2]))
    site.routes["/same.xml"] = Route(rss_feed("Same", [(same, f"Story {i}", RFC822) for i in range(5)]))
    site.routes["/news/future"] = Route(article_page(ARTICLES[1][1], ARTICLES[1][3], ARTICLES[1][2]))
    site.routes["/news/future-page"] = Route(article_page(ARTICLES[0][1] + " again", ARTICLES[0][3][:1], AHEAD))
    site.routes["/future.xml"] = Route(
        rss_feed(
            "Future",
            [
                (site.url("/news/future"), "Tomorrow's news", "Tue, 01 Jan 2999 08:00:00 GMT"),
                (site.url("/news/future-page"), "A page dated ahead", RFC822),
            ],
        )
    )
    site.routes["/news/half"] = Route(article_page(title + " (slow copy)", paragraphs, published), trickle=0.01)
    site.routes["/news/menu"] = Route(b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
    site.routes["/items.xml"] = Route(
        rss_feed(
            "Items",
            [
                (site.url("/news/missing"), "Gone", RFC822),
                (site.url("/news/half"), "Slow page", RFC822),
                (site.url("/news/menu"), "Menu only", RFC822),
                (site.url("/private/secret"), "Robots", RFC822),
            ],
        )
    )
    names = ["good", "error500", "html-instead", "huge", "slow", "slow-headers", "invalid", "same", "future", "items"]
    sources = [Source(name=n, url=site.url(f"/{n}.xml"), delay=0) for n in names]
    sources.append(Source(name="loop", url=site.url("/loop-a"), delay=0))
    db = tmp_path_factory.mktemp("bad") / "s.db"
    with open_store(db) as store:
        watcher = Watcher(store, sources, limits=FAST, threads=4)
        reports = {r.source: r for r in watcher.poll(force=True)}
        watcher.close()
        with store.read() as conn:
            states = {s["name"]: s for s in sql.source_states(conn)}
            items = {}
            for name in names:
                for row in conn.execute(
                    "SELECT url, status, reason, doc_id FROM follow_items WHERE source = ?", (name,)
                ):
                    items[row[0].replace(site.base, "")] = row[1:]
    yield reports, states, items, db, site
    site.close()


@pytest.mark.parametrize(
    "name, reason, requests",
    [
        ("error500", "HTTP 500", 2),  # retried once
        ("loop", "redirect loop", None),
        ("html-instead", "got an HTML page", 1),
        ("huge", "byte limit", 1),
        ("slow", "too slow", 2),
        ("slow-headers", "too slow", 2),  # a slow-loris: headers a byte at a time
        ("invalid", "invalid feed XML", 1),
    ],
)
def test_each_bad_listing_is_logged_on_its_source(outcome, name, reason, requests):
    reports, states, _, _, site = outcome
    assert reports[name].status == "error"
    assert reason in states[name]["last_error"]
    assert states[name]["failures"] == 1 and states[name]["last_success"] is None
    assert states[name]["etag"] is None  # nothing half-read is remembered as seen
    assert states[name]["next_due"] > states[name]["last_attempt"]  # tried again later, not in a loop
    if requests is not None:
        assert site.hits(f"/{name}.xml") == requests


def test_the_good_source_is_stored_beside_the_bad_ones(outcome):
    reports, states, _items, _db, _ = outcome
    assert reports["good"].status == "ok" and reports["good"].stored == 1
    assert states["good"]["last_error"] is None and states["good"]["etag"]


def test_items_all_linking_to_one_page_are_read_once_and_noted(outcome):
    reports, states, _items, _, site = outcome
    assert reports["same"].stored == 1
    assert "all 5 items link to the same page" in states["same"]["notes"]
    assert site.hits("/news/same") == 1


def test_a_future_date_is_noted_and_not_taken(outcome):
    _reports, states, _, db, _ = outcome
    assert "dated in the future" in states["future"]["notes"]
    assert f"the page's date {AHEAD} is in the future; ignored" in states["future"]["notes"]
    with open_store(db) as store:
        stored = {d: store.get(d).document for d in store.document_ids() if d.startswith("future-")}
    [listed_ahead] = [d for i, d in stored.items() if "future-page" not in i]
    [page_ahead] = [d for i, d in stored.items() if "future-page" in i]
    assert listed_ahead.published == ARTICLES[1][2]  # the page's own date
    assert page_ahead.published == "2026-05-04"  # the listing's date


def test_bad_item_pages_are_recorded_with_a_reason_and_store_nothing(outcome):
    reports, _, items, db, _ = outcome
    assert items["/news/missing"][0] == "failed" and "HTTP 404" in items["/news/missing"][1]
    assert items["/news/half"][0] == "failed" and "too slow" in items["/news/half"][1]
    assert items["/news/menu"][0] == "rejected" and "no article text" in items["/news/menu"][1]
    assert items["/private/secret"][0] == "failed" and "robots.txt disallows" in items["/private/secret"][1]
    assert reports["items"].stored == 0 and reports["items"].failed == 4
    with open_store(db) as store:
        assert not [d for d in store.document_ids() if d.startswith("items-")]
        assert store.integrity_check()


def test_failed_items_are_given_up_after_a_few_attempts(tmp_path):
    site = NewsSite()
    try:
        site.routes["/f.xml"] = Route(rss_feed("F", [(site.url("/news/missing"), "Gone", RFC822)]))
        with open_store(tmp_path / "s.db") as store:
            watcher = Watcher(store, [Source(name="f", url=site.url("/f.xml"), delay=0)], limits=FAST)
            for _ in range(5):
                watcher.poll(force=True)
            watcher.close()
        # A 404 is not retried within a poll, but on the next ones (the feed is read again, not
        # answered 304, while a page is pending); given up after three, then the feed's 304 ends polls.
        assert site.hits("/news/missing") == 3
        assert site.hits("/f.xml", 200) == 3 and site.hits("/f.xml", 304) == 2
    finally:
        site.close()
