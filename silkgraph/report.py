"""Plain-text rendering of an analysis, for the terminal (`silkgraph show`)."""

from __future__ import annotations

from silkgraph import when
from silkgraph.model import Analysis


def render_analysis(analysis: Analysis) -> str:
    doc = analysis.document
    names = {e.id: e.name for e in analysis.entities}
    lines = [
        f"{doc.id}  {doc.title or '(no title)'}",
        f"published {when.describe(doc.published, 'unknown')}  language {doc.language or 'unknown'}  {doc.url or ''}".rstrip(),
        "",
    ]
    if analysis.entities:
        lines.append("Entities")
        for e in sorted(analysis.entities, key=lambda e: (-len(e.mentions), e.name)):
            lines.append(f"  {e.name} ({e.type}{', ' + e.wikidata if e.wikidata else ''}): {len(e.mentions)} mentions")
    if analysis.events:
        lines.append("Events")
        for ev in analysis.events:
            parts = ", ".join(names.get(p, p) for p in ev.participants)
            place = f" in {names.get(ev.place, ev.place)}" if ev.place else ""
            date = when.describe_event_date(ev.date, ev.date_source, doc.published)
            lines.append(f"  {date}: {ev.label or ev.type}{place if not ev.label else ''} [{ev.modality}]: {parts}")
    if analysis.facts:
        lines.append("Facts")
        for f in analysis.facts:
            subjects = ", ".join(names.get(s, s) for s in f.subjects)
            qualifier = f"{f.qualifier} " if f.qualifier else ""
            lines.append(
                f"  {when.describe_event_date(f.period, f.period_source, doc.published)}: {f.type}: {qualifier}"
                f"{f.value:,.0f} {f.unit} ({subjects}) [{f.modality}]"
            )
    if analysis.quotes:
        lines.append("Quotes")
        for q in analysis.quotes:
            lines.append(f"  {names.get(q.speaker, q.speaker)}: \u201c{q.text}\u201d")
    return "\n".join(lines)
