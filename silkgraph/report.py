"""Plain-text rendering of an analysis, for the terminal (`silkgraph show`).

Every event, fact and quote comes with its evidence (the text it was extracted
from) and, where the store merged it into its graph, the graph's id with the
addresses of its page in the workbench and in the HTTP API. Article text is
untrusted: control characters (a terminal's escape sequences) are never printed.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from silkgraph.model import Analysis

EVIDENCE_CHARS = 300  # longer evidence is cut, at a word


def plain(text: str | None, limit: int | None = None) -> str:
    """Text for a terminal: control characters dropped, white space made single spaces, cut at `limit`."""
    cleaned = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text or "")
    cleaned = " ".join(cleaned.split())
    if limit is not None and len(cleaned) > limit:
        cleaned = (cleaned[:limit].rsplit(" ", 1)[0] or cleaned[:limit]) + "…"
    return cleaned


class _Links:
    """The workbench's and the API's addresses of an item, under `base` (no trailing /)."""

    def __init__(self, base: str | None):
        self.base = (base or "").rstrip("/")

    def page(self, kind: str, item_id: str) -> str:
        return f"{self.base}/{kind}/{quote(item_id, safe='')}"

    def __call__(self, kind: str, item_id: str) -> str:
        return f"{self.page(kind, item_id)}  (API {self.base}/api/{kind}/{quote(item_id, safe='')})"


def render_analysis(analysis: Analysis, graph_refs: dict | None = None, base_url: str | None = None) -> str:
    """The analysis as text. `graph_refs` maps ("event"|"fact", start, end, type) to the graph
    id the store gave the item (the `annotations` of silkgraph.query.document); with it, and a
    `base_url`, each item names its id and its pages."""
    doc = analysis.document
    refs = graph_refs or {}
    link = _Links(base_url)
    names = {e.id: e.name for e in analysis.entities}
    lines = [
        f"{doc.id}  {plain(doc.title) or '(no title)'}",
        f"published {doc.published or 'unknown'}  language {doc.language or 'unknown'}  {plain(doc.url)}".rstrip(),
    ]
    if base_url:
        lines.append(f"document {link('documents', doc.id)}")
    lines.append("")
    if analysis.entities:
        lines.append("Entities")
        for e in sorted(analysis.entities, key=lambda e: (-len(e.mentions), e.name)):
            count = len(e.mentions)
            lines.append(
                f"  {plain(e.name)} ({e.type}{', ' + e.wikidata if e.wikidata else ''}) [{e.id}]:"
                f" {count} mention{'' if count == 1 else 's'}"
            )
    if analysis.events:
        lines.append("Events")
        for ev in analysis.events:
            parts = ", ".join(plain(names.get(p, p)) for p in ev.participants)
            place = f" in {plain(names.get(ev.place, ev.place))}" if ev.place else ""
            lines.append(f"  {ev.date or '????'} {ev.type}{place} [{ev.modality}]: {parts}")
            lines += _evidence(doc.text, ev.evidence.start, ev.evidence.end)
            lines += _ref(refs.get(("event", ev.evidence.start, ev.evidence.end, ev.type)), "event", "events", link)
    if analysis.facts:
        lines.append("Facts")
        for f in analysis.facts:
            subjects = ", ".join(plain(names.get(s, s)) for s in f.subjects)
            qualifier = f"{f.qualifier} " if f.qualifier else ""
            lines.append(
                f"  {f.period or '????'} {f.type}: {qualifier}{f.value:,.0f} {f.unit} ({subjects}) [{f.modality}]"
            )
            lines += _evidence(doc.text, f.evidence.start, f.evidence.end)
            lines += _ref(refs.get(("fact", f.evidence.start, f.evidence.end, f.type)), "fact", "facts", link)
    if analysis.quotes:
        lines.append("Quotes")
        for q in analysis.quotes:
            lines.append(
                f"  {plain(names.get(q.speaker, q.speaker)) or 'unknown speaker'}: \u201c{plain(q.text)}\u201d"
            )
            if base_url:
                lines.append(f"    at {link.page('documents', doc.id)}?hl={q.start}-{q.end}")
    return "\n".join(lines)


def _evidence(text: str, start: int, end: int) -> list[str]:
    found = plain(text[start:end], EVIDENCE_CHARS)
    return [f"    \u00bb{found}\u00ab"] if found else []


def _ref(graph_id: str | None, kind: str, path: str, link: _Links) -> list[str]:
    if not graph_id:
        return []
    return [f"    {kind} {graph_id}  {link(path, graph_id)}" if link.base else f"    {kind} {graph_id}"]


def render_stats(figures: dict) -> str:
    """The store's counts (Store.stats) as a table: a row per kind of item, numbers aligned,
    then the languages and the range of publication dates."""
    counted = [(key, value) for key, value in figures.items() if isinstance(value, int) and not isinstance(value, bool)]
    width = max((len(f"{v:,}") for _, v in counted), default=1)
    label = max((len(k) for k, _ in counted), default=0)
    lines = [f"{key.replace('_', ' '):<{label}}  {value:>{width},}" for key, value in counted]
    languages = figures.get("languages") or {}
    if languages:
        lines.append(f"{'languages':<{label}}  " + ", ".join(f"{lang} {n:,}" for lang, n in languages.items()))
    earliest, latest = figures.get("earliest_published"), figures.get("latest_published")
    if earliest or latest:
        lines.append(f"{'published':<{label}}  {earliest or '?'} to {latest or '?'}")
    others = [
        k
        for k, v in figures.items()
        if (k, v) not in counted and k not in ("languages", "earliest_published", "latest_published")
    ]
    lines += [f"{key.replace('_', ' '):<{label}}  {figures[key]}" for key in others]
    return "\n".join(lines)
