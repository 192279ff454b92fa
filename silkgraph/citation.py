"""How Silkgraph cites its sources: readable dates, the outlet of a URL, and one line of
citation text per item ("Title. outlet, 7 Nov 2025. URL (Silkgraph event X)").

Shared by the briefings, the downloads and the workbench's "cite" controls, so that an
item is cited the same way wherever it is copied from.
"""

from __future__ import annotations

import re

from silkgraph.provenance import outlet
from silkgraph.search import readable_title
from silkgraph.store.base import rows_in
from silkgraph.when import describe as human_date

__all__ = ["cite_events", "cite_first", "cite_text", "human_date", "one_line", "outlet", "readable_title"]

_BLANKS = re.compile(r"\s+")


def one_line(text: str | None) -> str:
    """Text on one line, its runs of blanks (newlines, tabs) as single spaces."""
    return _BLANKS.sub(" ", text or "").strip()


def cite_text(source: dict, kind: str | None = None, item: str | None = None) -> str:
    """Citation text of a source {title, url, published, doc_id}: title, outlet and date, URL,
    and which Silkgraph item the citation stands for."""
    title = (
        one_line(source.get("title"))
        or readable_title(None, source.get("text"))
        or one_line(source.get("doc_id") or source.get("id"))
        or "Untitled"
    )
    parts = [title if title.endswith(("…", "?", "!", ".")) else title + "."]
    where = ", ".join(p for p in (outlet(source.get("url")), human_date(source.get("published"), "n.d.")) if p)
    parts.append(where + ".")
    if source.get("url"):
        parts.append(one_line(source["url"]))
    if kind and item:
        parts.append(f"(Silkgraph {kind} {item})")
    elif source.get("doc_id") or source.get("id"):
        parts.append(f"(Silkgraph document {source.get('doc_id') or source.get('id')})")
    return " ".join(parts)


def documents(db, ids) -> dict[str, dict]:
    """{id: {doc_id, title, url, published, language, outlet}} of the stored documents among `ids`."""
    found = {}
    for doc_id, title, url, published, language, opening in rows_in(
        db,
        "SELECT id, title, url, published, language, substr(text, 1, 400) FROM documents WHERE id IN ({})",
        sorted(set(ids)),
    ):
        found[doc_id] = {
            "doc_id": doc_id,
            "title": one_line(title) or readable_title(None, opening),
            "url": url,
            "published": published,
            "language": language,
            "outlet": outlet(url),
        }
    return found


def cite_events(store, events: list[dict]) -> list[dict]:
    """The events (summaries with `sources` of doc_ids) each with `cite`: the citation text of its
    first source, or None for an event without a stored source."""
    with store.read() as db:
        docs = documents(db, [s.get("doc_id") for e in events for s in e.get("sources") or [] if s.get("doc_id")])
    out = []
    for event in events:
        first = next((docs[s["doc_id"]] for s in event.get("sources") or [] if s.get("doc_id") in docs), None)
        out.append({**event, "cite": cite_text(first, "event", event.get("id")) if first else None})
    return out


def cite_first(store, kind: str, item: str, reports: list[dict] | None) -> str | None:
    """Citation text of an event or fact (`kind`, `item`) by the first of its `reports` (sources
    or claims with a doc_id) that is stored, or None."""
    doc_ids = [r.get("doc_id") for r in reports or [] if r.get("doc_id")]
    if not doc_ids:
        return None
    with store.read() as db:
        docs = documents(db, doc_ids[:1])
    return cite_text(docs[doc_ids[0]], kind, item) if doc_ids[0] in docs else None
