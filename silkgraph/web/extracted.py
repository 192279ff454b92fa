"""What the document view lists beside the article: every item extracted from it.

Entities (once each, with all their mentions), events, facts and quotes, in the
order they occur, each with the character spans it was read from, so that the
page's script (static/js/document.js) can scroll to a span and flash it.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["KINDS", "extracted_items"]

KINDS = ("event", "fact", "quote", "entity")  # the order of the lists beside the article: what happened first
QUOTE_WORDS = 12  # words of a quote shown in the list; the article has the rest


def _spans(annotations: Iterable[dict]) -> str:
    """Spans as the page's script reads them: "start-end" pairs, separated by spaces."""
    return " ".join(f"{int(a['start'])}-{int(a['end'])}" for a in annotations)


def _short(text: str | None, words: int = QUOTE_WORDS) -> str:
    parts = (text or "").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def extracted_items(annotations: list[dict]) -> dict[str, list[dict]]:
    """{kind: items} for the annotations of silkgraph.query.document, each item with its
    `spans` (all its mentions, for an entity), a `ref` to link to, and what to call it."""
    out: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    entities: dict[str, dict] = {}
    for a in sorted(annotations, key=lambda a: (a.get("start", 0), a.get("end", 0))):
        kind = a.get("kind")
        if kind == "entity":
            key = str(a.get("ref") or a.get("label"))
            entry = entities.get(key)
            if entry is None:
                entry = entities[key] = {**a, "mentions": []}
                out["entity"].append(entry)
            entry["mentions"].append(a)
        elif kind in out:
            item = dict(a)
            if kind == "quote":
                item["short"] = _short(a.get("text"))
            item["spans"] = _spans([a])
            out[kind].append(item)
    for entry in out["entity"]:
        entry["spans"] = _spans(entry.pop("mentions"))
        entry["count"] = len(entry["spans"].split())
    return out
