"""HTML pages: main text and metadata out of the boilerplate, via trafilatura."""

from __future__ import annotations

import json
from collections.abc import Iterator

from silkgraph.errors import InputError
from silkgraph.ingest.published import normalise_date
from silkgraph.ingest.text import build_document
from silkgraph.model import Document

# The publication date is read from the page's markup only, here, rather
# than taken from trafilatura: its date search falls back to any date in the
# page's text (a "last changed" note, a copyright year) even when asked not
# to search extensively. A date written in the article's lead lines is still
# found by the text stage.
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
)
_JSON_LD_KEYS = ("datePublished", "dateCreated")
_MAX_JSON_LD = 200_000  # characters; a larger block is not metadata


def _has_prose(text: str) -> bool:
    # trafilatura returns a menu's link texts for a page without an article;
    # an article has at least one sentence-like line.
    return any(len(line.split()) >= 8 and any(c in line for c in ".!?") for line in text.splitlines())


def _json_ld_dates(node: object, depth: int = 0) -> Iterator[object]:
    if depth > 8:  # untrusted nesting
        return
    if isinstance(node, dict):
        for key in _JSON_LD_KEYS:
            if key in node:
                yield node[key]
        for value in node.values():
            if isinstance(value, (dict, list)):
                yield from _json_ld_dates(value, depth + 1)
    elif isinstance(node, list):
        for value in node:
            yield from _json_ld_dates(value, depth + 1)


def published_from_markup(tree) -> str | None:
    """The publication date declared in the page's meta tags, JSON-LD or <time> elements."""
    if tree is None:
        return None
    metas = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in _DATE_META and key not in metas:
            metas[key] = meta.get("content")
    for key in _DATE_META:
        iso = normalise_date(metas.get(key))
        if iso:
            return iso
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = script.text or ""
        if len(raw) > _MAX_JSON_LD:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        for value in _json_ld_dates(data):
            iso = normalise_date(value)
            if iso:
                return iso
    times = tree.xpath("//time[@itemprop='datePublished' or @pubdate][@datetime] | //article//time[@datetime]")
    for time in times:
        iso = normalise_date(time.get("datetime"))
        if iso:
            return iso
    return None


def _extract(html: str | bytes, favor_recall: bool = False):
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,  # tables of a news page are mostly info boxes, not prose
        with_metadata=True,
        favor_recall=favor_recall,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def read_html(html: str | bytes, *, doc_id: str, source: str | None = None) -> Document:
    """A Document from an HTML page: title, canonical URL and date from its metadata.

    Raises InputError when the page has no article text.
    """
    import trafilatura

    where = source or doc_id
    result = _extract(html)
    # Pages with only a little text fall under trafilatura's size threshold;
    # ask once more for recall before giving up on them.
    if result is None or not _has_prose(result.text or ""):
        result = _extract(html, favor_recall=True)
    if result is None or not _has_prose(result.text or ""):
        raise InputError(where, "no article text found in HTML")
    # trafilatura separates paragraphs by single newlines.
    text = result.text.replace("\n", "\n\n")
    return build_document(
        text,
        doc_id=doc_id,
        source=source,
        title=(result.title or "").strip() or None,
        url=(result.url or "").strip() or None,
        published=published_from_markup(trafilatura.load_html(html)),
        language=None,  # detected from the text: the lang attribute is often a site default
    )
