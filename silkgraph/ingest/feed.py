"""RSS and Atom feeds saved as files: one Document per item."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from silkgraph.errors import InputError
from silkgraph.ingest.published import normalise_date
from silkgraph.ingest.text import build_document
from silkgraph.model import Document

_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "blockquote",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tr",
    "pre",
    "figure",
    "figcaption",
    "header",
    "footer",
    "aside",
}
_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "form", "button", "svg")
_URL_LIKE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_REPLACEMENT_REF = b"&#xFFFD;"


def _valid_char_ref(match: re.Match) -> bytes:
    hex_digits, digits = match.groups()
    code = int(hex_digits, 16) if hex_digits else int(digits)
    if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return _REPLACEMENT_REF
    return match.group(0)


def valid_char_refs(data: bytes) -> bytes:
    """`data` with character references to code points that cannot exist (NUL, surrogates,
    beyond U+10FFFF) made U+FFFD: the feed parser fails on the whole feed for one of them."""
    return _CHAR_REF.sub(_valid_char_ref, data) if b"&#" in data else data


def html_fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment (an item's content), block elements as paragraphs."""
    if "<" not in fragment:
        return fragment
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml's parser errors vary by version; fall back to tag stripping
        return re.sub(r"<[^>]+>", " ", fragment)
    for bad in root.xpath("|".join(f"//{t}" for t in _DROP_TAGS)):
        bad.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCK_TAGS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
    return root.text_content()


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:80]


def item_id(entry: dict, stem: str, n: int) -> str:
    """The item's own id when it is a plain token, else the slug of its link's last path segment."""
    guid = (entry.get("id") or "").strip()
    if guid and not _URL_LIKE.match(guid) and _slug(guid):
        return _slug(guid)
    for url in (entry.get("link"), guid):
        if url and _URL_LIKE.match(url):
            segment = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
            segment = re.sub(r"\.(?:s?html?|php|aspx?)$", "", segment, flags=re.IGNORECASE)
            if _slug(segment):
                return _slug(segment)
    return f"{stem}-{n}"


def _content(entry: dict) -> str:
    """The item's text: full content (Atom <content>, RSS content:encoded) before the summary."""
    candidates = [(part.get("value"), part.get("type")) for part in entry.get("content") or []]
    detail = entry.get("summary_detail") or {}
    candidates.append((entry.get("summary") or entry.get("description"), detail.get("type")))
    for value, kind in candidates:
        if value and value.strip():
            return html_fragment_to_text(value) if "html" in (kind or "text/html") else value
    return ""


def _published(entry: dict) -> str | None:
    # The raw string keeps the publisher's local date; feedparser's parsed
    # struct is in UTC and can move an evening item to the next day.
    for key in ("published", "updated", "created"):
        iso = normalise_date(entry.get(key))
        if iso:
            return iso
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return normalise_date(f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}")
    return None


def read_feed(data: bytes | str, *, stem: str, source: str) -> Iterator[Document | InputError]:
    """Documents of a feed's items; an item without text yields an InputError and the rest go on."""
    import feedparser

    if isinstance(data, str):
        data = data.encode("utf-8")
    # A stream, never a string: feedparser fetches strings that look like URLs.
    try:
        parsed = feedparser.parse(io.BytesIO(valid_char_refs(data)))
    except UnicodeError as exc:  # e.g. an encoding declaration that is not ASCII
        raise InputError(source, f"not a readable feed (broken character encoding: {exc.reason})") from None
    except (ValueError, OverflowError) as exc:
        raise InputError(
            source, f"not a readable feed ({str(exc).splitlines()[0] if str(exc) else 'bad data'})"
        ) from None
    if not parsed.entries:
        if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
            raise InputError(source, f"not a readable feed ({parsed.bozo_exception})")
        raise InputError(source, "feed has no items")
    seen: set[str] = set()
    for n, entry in enumerate(parsed.entries, 1):
        doc_id = item_id(entry, stem, n)
        if doc_id in seen:
            doc_id = f"{stem}-{n}"
        seen.add(doc_id)
        text = _content(entry)
        if not text.strip():
            yield InputError(source, f"item {n}: no text")
            continue
        link = (entry.get("link") or "").strip() or None
        try:
            yield build_document(
                text,
                doc_id=doc_id,
                source=link or f"{source}#{n}",
                title=(entry.get("title") or "").strip() or None,
                url=link,
                published=_published(entry),
            )
        except InputError as exc:
            yield InputError(source, f"item {n}: {exc.reason}")
