"""What a listing offers: the items of an RSS/Atom feed, a (news) sitemap or an index page.

Each reader takes the fetched bytes and gives `Item`s (an article URL with
what the listing says about it) plus notes on what was odd but could be
worked around; a listing that cannot be read at all raises `ListingError`
with a reason fit for the source's status line.
"""

from __future__ import annotations

import calendar
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit, urlunsplit

MAX_ITEMS = 500  # per listing: a feed is a list of news, not an archive
MAX_CHILD_SITEMAPS = 20
MAX_UNZIPPED = 50_000_000  # bytes of a gzipped listing once unpacked (a sitemap holds at most 50 MB)
_GZIP_MAGIC = b"\x1f\x8b"
FUTURE_TOLERANCE = timedelta(days=1)  # time zones and clock skew; beyond that a date is wrong
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html)", re.IGNORECASE | re.DOTALL)
_TRACKING_PREFIXES = ("utm_",)
_TRACKING_NAMES = {"fbclid", "gclid", "yclid", "mc_cid", "mc_eid", "ocid", "cmpid"}
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"


class ListingError(Exception):
    """A listing that gives no items; the message is one line for the source's status."""


@dataclass
class Item:
    url: str
    title: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when the listing gives a plausible one


@dataclass
class Listing:
    items: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    child_sitemaps: list[str] = field(default_factory=list)


def read_listing(
    kind: str, body: bytes, base_url: str, link_pattern: str | None = None, now: datetime | None = None
) -> Listing:
    """The items of a listing of `kind` (feed, sitemap or index) fetched from `base_url`."""
    if body[:2] == _GZIP_MAGIC:  # sitemap.xml.gz and the like: a gzip file, not a gzip transfer
        body = _gunzip(body)
    if not body.strip():
        raise ListingError("empty response")
    if kind == "feed":
        listing = _read_feed(body, base_url)
    elif kind == "sitemap":
        listing = _read_sitemap(body, base_url)
    elif kind == "index":
        listing = _read_index(body, base_url, link_pattern or "")
    else:
        raise ListingError(f"unknown kind of source {kind!r}")
    return _checked(listing, now or datetime.now(UTC))


def _checked(listing: Listing, now: datetime) -> Listing:
    """One item per URL, http(s) only, implausible dates dropped, each oddity noted."""
    seen: dict[str, Item] = {}
    future = invalid = 0
    for item in listing.items:
        url = _without_tracking(urldefrag(item.url.strip())[0])
        if urlsplit(url).scheme not in ("http", "https"):
            invalid += 1
            continue
        if item.published and item.published > (now + FUTURE_TOLERANCE).date().isoformat():
            future += 1
            item.published = None  # the page's own date is looked for instead
        item.url = url
        seen.setdefault(url, item)
    items = list(seen.values())
    if len(listing.items) > 1 and len(items) == 1:
        listing.notes.append(f"all {len(listing.items)} items link to the same page; it is read once")
    elif len(items) < len(listing.items) - invalid:
        listing.notes.append(f"{len(listing.items) - invalid - len(items)} items repeat a link of another item")
    if future:
        listing.notes.append(f"{future} item(s) dated in the future; their dates were ignored")
    if invalid:
        listing.notes.append(f"{invalid} item(s) without an http(s) link were skipped")
    if len(items) > MAX_ITEMS:
        listing.notes.append(f"{len(items)} items listed; only the {MAX_ITEMS} newest are read")
        # Newest first where the listing dates its items (sitemaps often list oldest first).
        items = sorted(items, key=lambda i: i.published or "", reverse=True)[:MAX_ITEMS]
    listing.items = items
    return listing


def _gunzip(body: bytes) -> bytes:
    """A gzip file's content, refused past MAX_UNZIPPED bytes (a small file may unpack to gigabytes)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        content = inflater.decompress(body, MAX_UNZIPPED + 1)
    except zlib.error as exc:
        raise ListingError(f"invalid gzip file: {exc}") from exc
    if len(content) > MAX_UNZIPPED:
        raise ListingError(f"gzip file unpacks to over {MAX_UNZIPPED:,} bytes")
    return content


def _without_tracking(url: str) -> str:
    """The URL without campaign parameters (utm_*, fbclid, gclid...): feeds of one site add their own
    to the same article, which would otherwise be fetched once per feed."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_NAMES
    ]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def _looks_like_html(body: bytes) -> bool:
    return bool(_HTML_START.match(body[:4096]))


def _iso_from_struct(parsed) -> str | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC).date().isoformat()
    except (OverflowError, ValueError, TypeError):
        return None


def _read_feed(body: bytes, base_url: str) -> Listing:
    import feedparser

    if _looks_like_html(body):
        raise ListingError("expected an RSS or Atom feed but got an HTML page")
    parsed = feedparser.parse(body)  # relative links are resolved against base_url below
    listing = Listing()
    for entry in parsed.get("entries") or []:
        link = entry.get("link") or ""
        if link:
            listing.items.append(
                Item(
                    url=urljoin(base_url, link),
                    title=(entry.get("title") or "").strip() or None,
                    published=_iso_from_struct(entry.get("published_parsed") or entry.get("updated_parsed")),
                )
            )
    if parsed.get("bozo"):
        problem = " ".join(str(parsed.get("bozo_exception") or "malformed").split())[:200]
        if not listing.items:
            raise ListingError(f"invalid feed XML: {problem}")
        listing.notes.append(f"the feed's XML is malformed ({problem}); the items that could be read were kept")
    elif not parsed.get("version") and not listing.items:
        raise ListingError("not an RSS or Atom feed")
    return listing


def _parse_xml(body: bytes):
    from lxml import etree

    # No entities, no network, no huge trees: sitemaps come from strangers.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        return etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ListingError(f"invalid sitemap XML: {' '.join(str(exc).split())[:200]}") from exc


def _read_sitemap(body: bytes, base_url: str) -> Listing:
    from silkgraph.ingest.published import normalise_date

    if _looks_like_html(body):
        raise ListingError("expected a sitemap but got an HTML page")
    root = _parse_xml(body)
    listing = Listing()
    if root.tag == f"{_SITEMAP_NS}sitemapindex":
        for loc in root.iter(f"{_SITEMAP_NS}loc"):
            if loc.text and len(listing.child_sitemaps) < MAX_CHILD_SITEMAPS:
                listing.child_sitemaps.append(urljoin(base_url, loc.text.strip()))
        return listing
    if root.tag != f"{_SITEMAP_NS}urlset":
        raise ListingError(f"not a sitemap (root element {root.tag!r})")
    for node in root.iter(f"{_SITEMAP_NS}url"):
        loc = node.findtext(f"{_SITEMAP_NS}loc")
        if not loc:
            continue
        news = node.find(f"{_NEWS_NS}news")
        date = (news.findtext(f"{_NEWS_NS}publication_date") if news is not None else None) or node.findtext(
            f"{_SITEMAP_NS}lastmod"
        )
        title = news.findtext(f"{_NEWS_NS}title") if news is not None else None
        iso = normalise_date(date.strip()) if date else None
        listing.items.append(
            Item(
                url=urljoin(base_url, loc.strip()),
                title=(title or "").strip() or None,
                published=iso[:10] if iso else None,
            )
        )
    return listing


def _read_index(body: bytes, base_url: str, link_pattern: str) -> Listing:
    import lxml.html

    try:
        tree = lxml.html.fromstring(body)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise ListingError(f"index page is not HTML: {exc}") from exc
    pattern = re.compile(link_pattern)
    listing = Listing()
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href:
            continue
        url = urljoin(base_url, href)
        if pattern.search(url):
            listing.items.append(Item(url=url, title=" ".join(anchor.text_content().split()) or None))
    if not listing.items:
        listing.notes.append("no link on the index page matches the link pattern")
    return listing
