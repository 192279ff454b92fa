"""The answers of the query layer (silkgraph.query) as tables: one row per item, for CSV.

`table(view, data)` flattens what the API returns for a view (search, entity, timeline,
network, figures) into (columns, rows). `to_csv` writes them through the csv module; a
text cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or
a carriage return) is written with a leading apostrophe, so an article cannot plant a
formula in an analyst's spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re

LIST_SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SNIPPET_MARK = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)
VIEWS = ("search", "entity", "timeline", "network", "figures")


def defuse(value):
    """`value`, or when it is text a spreadsheet would run as a formula, that text behind an
    apostrophe (which spreadsheets show as text and do not display)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_cell(value):
    """A value as a CSV cell: lists joined, booleans as true/false, None empty, and text that
    a spreadsheet would read as a formula defused with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (list, tuple)):
        value = LIST_SEPARATOR.join(str(v) for v in value if v is not None)
    return defuse(str(value))


def to_csv(columns: list[str], rows: list[dict]) -> str:
    """The rows (dicts) as CSV text with a header line, cells made safe (`safe_cell`)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def _names(items) -> list:
    return [i.get("name") or i.get("id") for i in items or [] if isinstance(i, dict)]


def _event_row(e: dict) -> dict:
    return {
        "kind": "event",
        "id": e.get("id"),
        "date": e.get("date"),
        "type": e.get("type"),
        "family": e.get("family"),
        "label": e.get("label"),
        "participants": _names(e.get("participants")),
        "participant_ids": [p.get("id") for p in e.get("participants") or []],
        "place": e.get("place_name") or e.get("place"),
        "modality": e.get("modality"),
        "contested": e.get("contested"),
        "sources": e.get("source_count"),
        "documents": e.get("document_count"),
    }


def _fact_row(f: dict) -> dict:
    return {
        "kind": "fact",
        "id": f.get("id"),
        "type": f.get("type"),
        "family": f.get("family"),
        "participants": _names(f.get("subjects")),
        "participant_ids": [s.get("id") for s in f.get("subjects") or []],
        "value": f.get("value"),
        "unit": f.get("unit"),
        "period": f.get("period"),
        "qualifier": f.get("qualifier"),
        "modality": f.get("modality"),
        "contested": f.get("contested"),
        "sources": f.get("source_count"),
        "documents": f.get("document_count"),
    }


EVENT_COLUMNS = [
    "id",
    "date",
    "type",
    "family",
    "label",
    "participants",
    "participant_ids",
    "place",
    "modality",
    "contested",
    "sources",
    "documents",
]


def search_table(data: dict) -> tuple[list[str], list[dict]]:
    """Entities, then documents, of a search answer."""
    rows = [
        {
            "kind": "entity",
            "id": e.get("id"),
            "name": e.get("name"),
            "type": e.get("type"),
            "country": e.get("country"),
            "documents": e.get("documents"),
            "sources": e.get("sources"),
            "score": e.get("score"),
        }
        for e in data.get("entities") or []
    ]
    rows += [
        {
            "kind": "document",
            "id": d.get("id"),
            "name": d.get("title"),
            "published": d.get("published"),
            "language": d.get("language"),
            "url": d.get("url"),
            "score": d.get("score"),
            "snippet": _SNIPPET_MARK.sub(r"\1", d.get("snippet") or ""),
        }
        for d in data.get("documents") or []
    ]
    columns = ["kind", "id", "name", "type", "country", "published", "language", "url"]
    return columns + ["documents", "sources", "score", "snippet"], rows


def entity_table(data: dict) -> tuple[list[str], list[dict]]:
    """An entity's events, facts, quotes, related entities and articles, one kind per row."""
    rows = [_event_row(e) for e in data.get("events") or []]
    rows += [_fact_row(f) for f in data.get("facts") or []]
    rows += [
        {"kind": "quote", "id": f"{q.get('doc_id')}:{q.get('start')}-{q.get('end')}", "label": q.get("text")}
        for q in data.get("quotes") or []
    ]
    rows += [
        {"kind": "related", "id": r.get("id"), "label": r.get("name"), "type": r.get("type"), "weight": r.get("weight")}
        for r in data.get("related") or []
    ]
    rows += [
        {"kind": "document", "id": d.get("id"), "label": d.get("title"), "date": d.get("published")}
        for d in data.get("documents") or []
    ]
    columns = ["kind", "id", "date", "type", "label", "participants", "participant_ids", "place", "value", "unit"]
    return columns + ["period", "qualifier", "modality", "contested", "weight", "sources", "documents"], rows


def timeline_table(data: dict) -> tuple[list[str], list[dict]]:
    return EVENT_COLUMNS, [_event_row(e) for e in data.get("events") or []]


def network_table(data: dict) -> tuple[list[str], list[dict]]:
    """The edges, with the names of their ends and their sources per kind of relation."""
    names = {n.get("id"): n.get("name") for n in data.get("nodes") or []}
    rows = []
    for edge in data.get("edges") or []:
        kinds = edge.get("kinds") or {}
        rows.append(
            {
                "source": edge.get("source"),
                "source_name": names.get(edge.get("source")),
                "target": edge.get("target"),
                "target_name": names.get(edge.get("target")),
                "weight": edge.get("weight"),
                **{f"{kind}_sources": count for kind, count in kinds.items()},
            }
        )
    columns = ["source", "source_name", "target", "target_name", "weight"]
    return columns + ["event_sources", "fact_sources", "cooccurrence_sources"], rows


def figures_table(data: dict) -> tuple[list[str], list[dict]]:
    """One row per point of every series."""
    rows = []
    for series in data.get("figures") or []:
        for point in series.get("series") or []:
            rows.append(
                {
                    "subjects": series.get("names"),
                    "subject_ids": series.get("pair"),
                    "type": series.get("type"),
                    "modality": series.get("modality"),
                    "period": point.get("period"),
                    "value": point.get("value"),
                    "unit": point.get("unit") or series.get("unit"),
                    "qualifier": point.get("qualifier"),
                    "sources": point.get("sources"),
                    "contested": point.get("contested"),
                    "fact": point.get("fact"),
                }
            )
    columns = ["subjects", "subject_ids", "type", "modality", "period", "value", "unit", "qualifier"]
    return columns + ["sources", "contested", "fact"], rows


def table(view: str, data: dict) -> tuple[list[str], list[dict]]:
    """(columns, rows) of the answer `data` of `view` (one of VIEWS)."""
    makers = {
        "search": search_table,
        "entity": entity_table,
        "timeline": timeline_table,
        "network": network_table,
        "figures": figures_table,
    }
    if view not in makers:
        raise ValueError(f"no table for view {view!r}; one of {', '.join(VIEWS)}")
    return makers[view](data)
