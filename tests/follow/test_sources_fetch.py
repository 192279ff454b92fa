"""The sources file and its commands; the fetcher's politeness and limits."""

from __future__ import annotations

import json
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from newssite import NewsSite, Route

from silkgraph.cli import main
from silkgraph.errors import UsageError
from silkgraph.follow import sources as registry
from silkgraph.follow.discover import ListingError, read_listing
from silkgraph.follow.fetch import Fetcher, FetchError, Limits


@pytest.fixture
def site():
    news = NewsSite()
    yield news
    news.close()


def test_sources_add_list_remove(tmp_path):
    runner = CliRunner()
    path = str(tmp_path / "sources.yaml")
    added = runner.invoke(
        main,
        [
            "sources",
            "add",
            "courier",
            "https://news.example/feed.xml",
            "--sources",
            path,
            "--language",
            "en",
            "--interval",
            "600",
            "--header",
            "Accept-Language: en",
        ],
    )
    assert added.exit_code == 0, added.output
    runner.invoke(
        main,
        [
            "sources",
            "add",
            "index",
            "https://news.example/politics",
            "--kind",
            "index",
            "--link-pattern",
            "/news/",
            "--sources",
            path,
        ],
    )
    data = yaml.safe_load(Path(path).read_text())
    assert [s["name"] for s in data["sources"]] == ["courier", "index"]
    assert data["sources"][0]["headers"] == {"Accept-Language": "en"} and data["sources"][0]["interval"] == 600
    listed = runner.invoke(main, ["sources", "list", "--sources", path, "--db", str(tmp_path / "none.db")])
    assert "courier\tfeed" in listed.output and "never polled" in listed.output
    twice = runner.invoke(main, ["sources", "add", "courier", "https://other.example/", "--sources", path])
    assert twice.exit_code == 2 and "exists already" in twice.output
    assert runner.invoke(main, ["sources", "remove", "courier", "--sources", path]).exit_code == 0
    assert [s.name for s in registry.load(path)] == ["index"]


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"name": "a", "url": "ftp://x/feed"}, "http:// or https://"),
        ({"name": "a b", "url": "https://x/"}, "name"),
        ({"name": "a", "url": "https://x/", "kind": "index"}, "link_pattern"),
        ({"name": "a", "url": "https://x/", "headers": {"Cookie": "session=1"}}, "no cookies"),
        ({"name": "a", "url": "https://x/", "interval": 5}, "at least 60"),
        ({"name": "a", "url": "https://x/", "colour": "red"}, "unknown field"),
    ],
)
def test_bad_source_entries_are_refused(entry, message):
    with pytest.raises(UsageError, match=message):
        registry.validate(entry)


def test_a_malformed_sources_file_is_a_usage_error(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("sources: {not: a list}")
    with pytest.raises(UsageError, match="expected a list"):
        registry.load(path)


def test_conditional_get_gzip_and_robots(site):
    site.routes["/feed.xml"] = Route(b"<rss>" + b"x" * 5000 + b"</rss>", gzip=True, content_type="application/rss+xml")
    with Fetcher(Limits(backoff=0.01)) as fetcher:
        first = fetcher.get(site.url("/feed.xml"))
        assert first.status == 200 and first.body.endswith(b"</rss>") and first.etag
        again = fetcher.get(site.url("/feed.xml"), etag=first.etag)
        assert again.not_modified
        with pytest.raises(FetchError, match="robots.txt disallows"):
            fetcher.get(site.url("/private/page"))
    assert site.hits("/robots.txt") == 1  # asked once per host and run
    assert site.hits("/private/page") == 0


def test_a_compressed_body_is_limited_after_decompression(site):
    site.routes["/bomb.xml"] = Route(b"<rss>" + b" " * 3_000_000 + b"</rss>", gzip=True)
    with Fetcher(Limits(max_bytes=1_000_000)) as fetcher, pytest.raises(FetchError, match="byte limit"):
        fetcher.get(site.url("/bomb.xml"))


def test_politeness_delay_between_requests_to_one_host(site):
    site.routes["/a"] = Route(b"a")
    with Fetcher() as fetcher:
        fetcher.get(site.url("/a"), delay=0.3)  # robots.txt and this: one delay apart
        started = time.monotonic()
        fetcher.get(site.url("/a"), delay=0.3)
        assert time.monotonic() - started >= 0.25


def test_listings_of_each_kind():
    sitemap = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>/news/1</loc><lastmod>2026-05-01</lastmod></url></urlset>"
    )
    [item] = read_listing("sitemap", sitemap, "https://n.example/sitemap.xml").items
    assert (item.url, item.published) == ("https://n.example/news/1", "2026-05-01")
    page = (
        b'<html><body><a href="/news/2#top">Two</a><a href="/about">About</a><a href="mailto:x@y">m</a></body></html>'
    )
    [item] = read_listing("index", page, "https://n.example/", link_pattern=r"/news/\d+").items
    assert (item.url, item.title) == ("https://n.example/news/2", "Two")
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://n.example/&e;</loc>'
        b"</url></urlset>"
    )
    try:
        urls = [i.url for i in read_listing("sitemap", hostile, "https://n.example/").items]
    except ListingError:
        urls = []
    assert not any("root:" in url for url in urls)  # external entities are never read
    with pytest.raises(ListingError, match="empty"):
        read_listing("feed", b"  ", "https://n.example/")


def test_a_long_listing_is_cut_to_its_newest_items():
    days = [date(2020, 1, 1) + timedelta(days=i) for i in range(600)]
    urls = "".join(
        f"<url><loc>https://n.example/news/{i}</loc><lastmod>{day}</lastmod></url>" for i, day in enumerate(days)
    )
    body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()
    listing = read_listing("sitemap", body, "https://n.example/")
    assert len(listing.items) == 500 and listing.items[0].url.endswith("/599")
    assert not any(i.url.endswith("/99") for i in listing.items)
    assert listing.notes == ["600 items listed; only the 500 newest are read"]


def test_crawl_delay_and_retry_after_are_honoured(site):
    site.routes["/robots.txt"] = Route(b"User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    site.routes["/busy"] = Route(b"busy", status=503, headers={"Retry-After": "2"})
    with Fetcher(Limits(retries=1, backoff=0.01)) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchError, match="HTTP 503"):
            fetcher.get(site.url("/busy"))
        assert time.monotonic() - started >= 1.9  # Retry-After's two seconds before the retry
        assert fetcher.crawl_delay(site.url("/busy"), "x") == 1
        site.routes["/a"] = Route(b"a")
        started = time.monotonic()
        fetcher.get(site.url("/a"))  # a second after the retry began, as robots.txt asks
        assert time.monotonic() - started >= 0.9
    assert site.hits("/busy") == 2


def test_tracking_parameters_do_not_make_another_item():
    feed = (
        b'<rss version="2.0"><channel><title>t</title>'
        b"<item><link>https://n.example/a?id=1&amp;utm_source=rss&amp;utm_medium=feed</link></item>"
        b"<item><link>https://n.example/a?id=1&amp;fbclid=xyz</link></item></channel></rss>"
    )
    [item] = read_listing("feed", feed, "https://n.example/").items
    assert item.url == "https://n.example/a?id=1"


def test_watch_reports_a_failing_source_and_sources_list_shows_why(tmp_path, site):
    runner = CliRunner()
    path, db = str(tmp_path / "sources.yaml"), str(tmp_path / "s.db")
    runner.invoke(main, ["sources", "add", "gone", site.url("/gone.xml"), "--sources", path, "--delay", "0"])
    watched = runner.invoke(main, ["watch", "--once", "--sources", path, "--db", db])
    assert watched.exit_code == 1 and "gone: error: HTTP 404" in watched.output
    listed = runner.invoke(main, ["sources", "list", "--sources", path, "--db", db, "--json"])
    state = json.loads(listed.stdout)["state"]
    assert state["last_error"] == "HTTP 404 Not Found" and state["failures"] == 1 and state["last_status"] == 404
    assert runner.invoke(main, ["sources", "remove", "gone", "--forget", "--sources", path, "--db", db]).exit_code == 0
    listed = runner.invoke(main, ["sources", "list", "--sources", path, "--db", db, "--json"])
    assert listed.stdout == ""


def test_gzipped_sitemap_files_are_unpacked_within_a_limit(monkeypatch):
    import gzip

    from silkgraph.follow import discover

    sitemap = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://n.example/news/1</loc></url></urlset>"
    )
    [item] = read_listing("sitemap", gzip.compress(sitemap), "https://n.example/sitemap.xml.gz").items
    assert item.url == "https://n.example/news/1"
    monkeypatch.setattr(discover, "MAX_UNZIPPED", 1000)
    with pytest.raises(ListingError, match="unpacks to over 1,000 bytes"):
        read_listing("sitemap", gzip.compress(sitemap + b" " * 5000), "https://n.example/sitemap.xml.gz")
    with pytest.raises(ListingError, match="invalid gzip"):
        read_listing("sitemap", b"\x1f\x8b" + b"not gzip at all", "https://n.example/sitemap.xml.gz")
