"""Questions to the store and its graph, answered as JSON-ready dicts and lists.

Shared by the CLI, the HTTP API and the web UI: every function takes the
store and plain arguments, lists are paginated with limit/offset, and an
unknown id raises `NotFound`. Dates are ISO strings of any precision
(2025, 2025-06, 2025-06-14, 2023-Q1); a date filter keeps what overlaps the
range, and drops what has no date.
"""

from __future__ import annotations

import json

from silkgraph import aliases, network as relations, provenance, when
from silkgraph.errors import SilkgraphError
from silkgraph.model import iso_bounds as date_bounds
from silkgraph.network import network  # network() is part of this API
from silkgraph.search import (  # noqa: F401  part of this API
    page_bounds as _page,
    readable_title,
    resolve_entity,
    search,
    top_entities,
)
from silkgraph.store.base import rows_in
from silkgraph.store.corrections import ACTIVE, corrected_quotes, corrections_of, entity_map, load_overlay
from silkgraph.summaries import (  # noqa: F401  figures and figure_page are part of this API
    FIGURE_TYPES,
    entity_names as _names,
    fact_summaries as _fact_summaries,
    figure_page,
    figures,
    number as _number,
    sort_key as _sort_key,
)

__all__ = [
    "NotFound",
    "search",
    "entity",
    "event",
    "fact",
    "timeline",
    "network",
    "document",
    "figures",
    "figure_page",
    "places",
]

PROFILE_ITEMS = 50  # events, facts, documents and related entities listed on an entity's page


class NotFound(SilkgraphError, LookupError):
    """No entity, event, fact or document has the id asked for."""


def _evidence(text: str, start: int, end: int) -> dict:
    return {"start": start, "end": end, "text": text[start:end]}


# -- entities ---------------------------------------------------------------


def entity(store, kb, id: str, limit: int = PROFILE_ITEMS) -> dict:
    """One entity's page: what the KB knows, and its events, facts, neighbours and documents."""
    known = kb.get(id) if kb is not None else None
    with store.read() as db:
        row = db.execute("SELECT id, name, type, wikidata FROM entities WHERE id = ?", (id,)).fetchone()
        if row is None and known is None:
            raise NotFound(f"no entity {id!r}")
        seen = [r[0] for r in db.execute("SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias", (id,))]
        mention_count = db.execute("SELECT COUNT(*) FROM mentions WHERE entity_id = ?", (id,)).fetchone()[0]
        # Newest first, a page of each, each one walk along an index (migration 0004): a state's
        # page picks its items from tens of thousands.
        event_count = _count_entity_events(db, id, [], [])
        newest = _merge_newest(
            [
                db.execute(
                    "SELECT date_start, date_end, graph_event FROM graph_event_participants WHERE entity_id = ?"
                    " ORDER BY date_start DESC NULLS LAST, date_end DESC, graph_event DESC LIMIT ?",
                    (id, limit),
                ),
                db.execute(
                    "SELECT date_start, date_end, id FROM graph_events WHERE place = ?"
                    " ORDER BY date_start DESC NULLS LAST, date_end DESC, id DESC LIMIT ?",
                    (id, limit),
                ),
            ],
            limit,
        )
        events = _event_summaries(db, newest)
        events.sort(key=lambda e: _sort_key(e["date"]), reverse=True)
        fact_count = db.execute(  # an entity is a subject of a fact once: no DISTINCT, an index count
            "SELECT COUNT(*) FROM graph_fact_subjects WHERE entity_id = ?", (id,)
        ).fetchone()[0]
        facts = _fact_summaries(
            db,
            [
                r[0]
                for r in db.execute(
                    "SELECT graph_fact FROM graph_fact_subjects WHERE entity_id = ?"
                    " ORDER BY period DESC NULLS LAST, graph_fact DESC LIMIT ?",
                    (id, limit),
                )
            ],
        )
        facts.sort(key=lambda f: _sort_key(f["period"]), reverse=True)
        document_count = db.execute("SELECT COUNT(*) FROM document_entities WHERE entity_id = ?", (id,)).fetchone()[0]
        documents = [
            # an untitled one by its first line (provenance.citation)
            {"id": d, "doc_id": d, **provenance.citation(t, u, p, start)}
            for d, t, p, u, start in db.execute(
                f"SELECT d.id, d.title, d.published, d.url, {provenance.HEAD} FROM documents AS d JOIN"
                " (SELECT doc_id FROM document_entities WHERE entity_id = ?"
                "  ORDER BY published DESC NULLS LAST, doc_id DESC LIMIT ?) AS newest ON newest.doc_id = d.id"
                " ORDER BY d.published DESC NULLS LAST, d.seq",
                (id, limit),
            )
        ]
        quote_count, quotes = _entity_quotes(db, id, limit)
        cited = {
            doc_id: provenance.citation(title, url, published, start)
            for doc_id, title, url, published, start in rows_in(
                db,
                f"SELECT d.id, d.title, d.url, d.published, {provenance.HEAD} FROM documents AS d WHERE d.id IN ({{}})",
                sorted({q["doc_id"] for q in quotes}),
            )
        }
        quotes = [{**q, **cited.get(q["doc_id"], {})} for q in quotes]  # each with the article it is from
        corrections = corrections_of(db, "entity", [id])
        into = entity_map(db).get(id)
        merged_into = _names(db, [into])[into] if into else None  # an analyst merged this entity into another
        split_off = _split_off(db, id)
        weights = relations.related(db, id)
        strongest = sorted(weights, key=lambda o: (-weights[o], o))[:limit]
        related_names = _names(db, strongest)
    roles = []
    if known is not None:
        for role in known.roles:
            of = kb.get(role.of)
            roles.append(
                {
                    "role": role.role,
                    "of": role.of,
                    "of_name": of.name if of else role.of,
                    "start": role.start,
                    "end": role.end,
                }
            )
    names = aliases.display_names(known, seen)
    if known is not None:
        name, type_, wikidata = known.name, known.type, known.wikidata
    else:
        name, type_, wikidata = row[1], row[2], row[3]
    related = sorted(
        ({**related_names[o], "weight": weights[o]} for o in strongest), key=lambda r: (-r["weight"], r["name"])
    )
    return {
        "id": id,
        "name": name,
        "type": type_,
        "wikidata": wikidata,
        "aliases": [a for a in names if a != name],
        "roles": roles,
        "description": known.description if known else None,
        "country": known.country if known else None,
        "coordinates": list(known.coordinates) if known and known.coordinates else None,
        "events": events,
        "event_count": event_count,
        "facts": facts,
        "fact_count": fact_count,
        "quotes": quotes,
        "quote_count": quote_count,
        "related": related,
        "related_count": len(weights),
        "documents": documents,
        "document_count": document_count,
        "mention_count": mention_count,
        "corrections": corrections,
        "merged_into": merged_into,
        "split_off": split_off,
    }


def _split_off(db, id: str) -> dict[str, dict]:
    """The articles in which analysts split the entity's name off to another entity: {document: that entity}."""
    found: dict[str, str] = {}
    for value in db.execute(
        f"SELECT value FROM web_corrections WHERE kind = 'entity' AND action = 'split' AND item = ? AND {ACTIVE}"
        " ORDER BY id",
        (id,),
    ):
        parsed = json.loads(value[0]) if value[0] else {}
        found.update({d: parsed["into"] for d in parsed.get("documents", []) if isinstance(parsed.get("into"), str)})
    names = _names(db, set(found.values()))
    return {doc_id: names[other] for doc_id, other in found.items()}


def _entity_quotes(db, id: str, limit: int) -> tuple[int, list[dict]]:
    """The quotes of a speaker and their count, less those analysts rejected or gave to another
    speaker, with those they gave to this one."""
    changed = corrected_quotes(db)
    count = db.execute("SELECT COUNT(*) FROM quotes WHERE speaker = ?", (id,)).fetchone()[0]
    rows = db.execute(
        'SELECT doc_id, ord, text, start, "end", speaker FROM quotes WHERE speaker = ? ORDER BY doc_id, ord LIMIT ?',
        (id, limit + len(changed)),
    ).fetchall()
    corrected = rows_in(  # the corrected quotes, looked up by document along the primary key
        db,
        'SELECT doc_id, ord, text, start, "end", speaker FROM quotes WHERE doc_id IN ({})',
        sorted({doc_id for doc_id, _ in changed}),
    )
    for row in corrected:
        changes = changed.get((row[0], row[1]))
        if changes is None or not (changes.rejected or "speaker" in changes.values):
            continue
        given = None if changes.rejected else changes.values["speaker"]
        if row[5] == id and given != id:
            count -= 1
            rows = [r for r in rows if (r[0], r[1]) != (row[0], row[1])]
        elif row[5] != id and given == id:
            count += 1
            rows.append(row)
    rows.sort(key=lambda r: (r[0], r[1]))
    return count, [{"doc_id": d, "text": t, "start": s, "end": e} for d, _, t, s, e, _ in rows[:limit]]


def _merge_newest(rows_lists, limit: int) -> list[str]:
    """Ids from lists of (first day, last day, id) rows, each newest first, merged newest first."""
    rows = sorted({row[2]: row for rows in rows_lists for row in rows}.values(), key=lambda r: r[2], reverse=True)
    rows.sort(key=lambda r: (r[0] is not None, r[0] or "", r[1] or ""), reverse=True)  # stable: ids stay descending
    return [r[2] for r in rows[:limit]]


# -- events -----------------------------------------------------------------

_EVENT_COLUMNS = (
    "id",
    "family",
    "type",
    "date",
    "place",
    "label",
    "modality",
    "contested",
    "alternatives",
    "sources",
    "documents",
    "date_weak",
)


def _event_rows(db, ids) -> list[dict]:
    ids = sorted(set(ids))  # in id order whatever the database
    return [
        dict(zip(_EVENT_COLUMNS, r))
        for r in rows_in(
            db, f"SELECT {', '.join(_EVENT_COLUMNS)} FROM graph_events WHERE id IN ({{}}) ORDER BY id", ids
        )
    ]


def _event_summaries(db, ids) -> list[dict]:
    rows = _event_rows(db, ids)
    members: dict[str, list[str]] = {}
    for row in rows:
        members[row["id"]] = [
            r[0]
            for r in db.execute(
                "SELECT entity_id FROM graph_event_participants WHERE graph_event = ? ORDER BY sources DESC, entity_id",
                (row["id"],),
            )
        ]
    names = _names(db, [p for ps in members.values() for p in ps] + [r["place"] for r in rows])
    reported = provenance.reported_only(db, [r["id"] for r in rows if r["date_weak"]])
    return [
        {
            "id": r["id"],
            "type": r["type"],
            "family": r["family"],
            "date": r["date"],
            **provenance.date_fields(r["date"], r["id"] in reported, reported.get(r["id"])),
            "place": r["place"],
            "place_name": names[r["place"]]["name"] if r["place"] else None,
            "participants": [names[p] for p in members[r["id"]]],
            "label": r["label"],
            "modality": r["modality"],
            "contested": bool(r["contested"]),
            "alternatives": json.loads(r["alternatives"] or "[]"),
            "source_count": r["sources"],
            "document_count": r["documents"],
        }
        for r in rows
    ]


def event(store, id: str) -> dict:
    """One graph event with every report of it: document, its date and wording, evidence span."""
    with store.read() as db:
        found = _event_summaries(db, [id])
        if not found:
            raise NotFound(f"no event {id!r}")
        sources = []
        for (
            doc_id,
            title,
            published,
            language,
            text,
            cluster,
            duplicate_of,
            type_,
            date_,
            place,
            label,
            modality,
            start,
            end,
            reason,
            ord_,
            url,
            date_source,
        ) in db.execute(
            "SELECT d.id, d.title, d.published, d.language, d.text, c.cluster, c.duplicate_of, e.type, e.date,"
            " e.place, e.label, e.modality, e.evidence_start, e.evidence_end, m.reason, e.ord, d.url, e.date_source"
            " FROM graph_event_members AS m JOIN events AS e ON e.id = m.event_id"
            " JOIN documents AS d ON d.id = e.doc_id LEFT JOIN doc_clusters AS c ON c.doc_id = d.id"
            " WHERE m.graph_event = ? ORDER BY d.seq, e.ord",
            (id,),
        ):
            sources.append(
                {
                    "doc_id": doc_id,
                    **provenance.citation(title, url, published, text),  # an untitled article by its first line
                    "language": language,
                    "cluster": cluster,
                    "duplicate_of": duplicate_of,
                    "type": type_,
                    "date": date_,
                    "date_source": date_source if date_ else None,
                    "when": when.describe_event_date(date_, date_source, published),
                    "place": place,
                    "label": label,
                    "modality": modality,
                    "evidence": _evidence(text, start, end),
                    # why the graph joined this report to the event (None for its first report)
                    "reason": json.loads(reason) if reason else None,
                    "report": f"{doc_id}#{ord_}",  # names the report in merge decisions and corrections
                }
            )
        corrections = corrections_of(db, "event", [id])
        reason_names = _reason_names(db, [s["reason"] for s in sources if s["reason"]])
    return {**found[0], "sources": sources, "corrections": corrections, "reason_names": reason_names}


def _reason_names(db, reasons: list[dict]) -> dict[str, str]:
    """The names of the entities that reasons for joining an event name by id (places,
    participants in common, the body holding a summit), for showing them."""
    ids = {
        i
        for r in reasons
        for key in ("place", "participants", "held_by")
        for i in (r.get(key) or [])
        if isinstance(i, str)
    }
    return {i: entry["name"] for i, entry in _names(db, ids).items()}


def _count_entity_events(db, entity: str, where: list[str], params: list, on_event: bool = False) -> int:
    """Graph events the entity takes part in or is the place of, that meet `where` (conditions on
    its days `{days}` and, with `on_event`, on the event `g` itself): counted along indexes, an
    event of both kinds once."""
    participants = "graph_event_participants AS p" + (
        " JOIN graph_events AS g ON g.id = p.graph_event" if on_event else ""
    )

    def count(table: str, days: str, *extra: str) -> int:
        condition = " AND ".join([*(c.format(days=days) for c in where), *extra])
        return db.execute(
            f"SELECT COUNT(*) FROM {table} WHERE {condition}", (*params, *[entity] * len(extra))
        ).fetchone()[0]

    return (
        count(participants, "p", "p.entity_id = ?")
        + count("graph_events AS g", "g", "g.place = ?")
        - count(participants, "p", "p.entity_id = ?", "p.place = ?")
    )


def timeline(
    store,
    entity: str | None = None,
    type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 100,
    offset: int = 0,
    newest_first: bool = False,
) -> dict:
    """Graph events in date order (undated last); `type` is an event type or a family ("encounter").

    Events of the same first day come shorter first (a day before the month that
    contains it), then by id. Filtered, counted and paged by the database, each
    part along an index in its order: events with the entity as a participant
    (graph_event_participants carries the days) and events at the entity as a place.
    With `newest_first`, the dated events only, in the reverse order: the latest news
    are then the first page, read along the same indexes backwards, instead of a page
    at an offset near the total (which the database reaches by reading every row before it).
    """
    limit, offset = _page(limit, offset)
    where, params = [], []
    if type:
        where.append("(g.type = ? OR g.family = ?)")
        params += [type, type]
    if date_from:
        start = date_bounds(date_from)
        where.append("{days}.date_end >= ?")
        params.append(start[0].isoformat() if start else "9999-12-31")  # an unreadable bound keeps nothing
    if date_to:
        end = date_bounds(date_to)
        where.append("{days}.date_start <= ?")
        params.append(end[1].isoformat() if end else "0000-01-01")
    if entity:
        join = " JOIN graph_events AS g ON g.id = p.graph_event" if type else ""
        sources = [
            (f"graph_event_participants AS p{join}", "p", "p.graph_event", "p.entity_id = ?"),
            ("graph_events AS g", "g", "g.id", "g.place = ?"),
        ]
    else:
        sources = [("graph_events AS g", "g", "g.id", None)]
    wanted = offset + limit
    with store.read() as db:
        dated, undated = [], []
        for table, days, key, own in sources:
            conditions = [c.format(days=days) for c in where] + ([own] if own else [])
            values = [*params, *([entity] if own else [])]

            def rows(
                extra: str, order: str, days=days, key=key, table=table, conditions=conditions, values=values
            ) -> list[tuple]:
                condition = " AND ".join([*conditions, extra])
                return db.execute(
                    f"SELECT {days}.date_start, {days}.date_end, {key} FROM {table} WHERE {condition}"
                    f" ORDER BY {order} LIMIT ?",
                    (*values, wanted),
                ).fetchall()

            direction = " DESC" if newest_first else ""
            dated += rows(
                f"{days}.date_start IS NOT NULL",
                f"{days}.date_start{direction}, {days}.date_end{direction}, {key}{direction}",
            )
            if not (date_from or date_to or newest_first):
                undated += rows(f"{days}.date_start IS NULL", key)
        if newest_first:  # what is counted: the dated events
            where = [*where, "{days}.date_start IS NOT NULL"]
        if entity:
            total = _count_entity_events(db, entity, where, params, on_event=bool(type))
        else:
            total = db.execute(
                f"SELECT COUNT(*) FROM graph_events AS g WHERE {' AND '.join(where) or '1 = 1'}".format(days="g"),
                params,
            ).fetchone()[0]
        ordered = sorted(set(dated), key=lambda r: (r[0], r[1], r[2]), reverse=newest_first)
        ordered += sorted(set(undated), key=lambda r: r[2])
        seen, page = set(), []
        for row in ordered:
            if row[2] not in seen:
                seen.add(row[2])
                page.append(row[2])
        page = page[offset : offset + limit]
        by_id = {e["id"]: e for e in _event_summaries(db, page)}
    return {"events": [by_id[i] for i in page], "total": total}


# -- facts ------------------------------------------------------------------


def fact(store, id: str) -> dict:
    """One graph fact with every claim made about it."""
    with store.read() as db:
        found = _fact_summaries(db, [id])
        if not found:
            raise NotFound(f"no fact {id!r}")
        claims = [
            {
                "value": _number(value),
                "qualifier": qualifier,
                "modality": modality,
                "type": type_,
                "label": label,
                "period": period,
                "period_source": period_source if period else None,
                "when": when.describe_event_date(period, period_source, published),
                "doc_id": doc_id,
                **provenance.citation(title, url, published, text),  # an untitled article by its first line
                "language": language,
                "cluster": cluster,
                "duplicate_of": duplicate_of,
                "evidence": _evidence(text, start, end),
                "speaker": _speaker_of(db, doc_id, start, end),
            }
            for (
                value,
                qualifier,
                modality,
                type_,
                label,
                doc_id,
                title,
                published,
                language,
                text,
                cluster,
                duplicate_of,
                start,
                end,
                url,
                period,
                period_source,
            ) in db.execute(
                "SELECT f.value, f.qualifier, f.modality, f.type, f.label, d.id, d.title, d.published, d.language, d.text,"
                " c.cluster, c.duplicate_of, f.evidence_start, f.evidence_end, d.url, f.period, f.period_source"
                " FROM graph_fact_members AS m JOIN facts AS f ON f.id = m.fact_id JOIN documents AS d ON d.id = f.doc_id"
                " LEFT JOIN doc_clusters AS c ON c.doc_id = d.id WHERE m.graph_fact = ? ORDER BY d.seq, f.ord",
                (id,),
            )
        ]
        corrections = corrections_of(db, "fact", [id])
    return {**found[0], "claims": claims, "corrections": corrections}


def _speaker_of(db, doc_id: str, start: int, end: int) -> dict | None:
    """Who said the figure read from text[start:end], when it stands in a quote with a known speaker."""
    row = db.execute(
        'SELECT speaker FROM quotes WHERE doc_id = ? AND start < ? AND "end" > ? AND speaker IS NOT NULL ORDER BY ord',
        (doc_id, end, start),
    ).fetchone()
    return _names(db, [row[0]])[row[0]] if row else None


# -- documents --------------------------------------------------------------


def document(store, id: str) -> dict:
    """A stored document, its near-duplicate cluster, and every span something was extracted from."""
    analysis = store.get(id)
    if analysis is None:
        raise NotFound(f"no document {id!r}")
    doc = analysis.document
    with store.read() as db:
        cluster = db.execute(
            "SELECT cluster, duplicate_of, similarity FROM doc_clusters WHERE doc_id = ?", (id,)
        ).fetchone() or (id, None, None)
        copies = [
            r[0]
            for r in db.execute(
                "SELECT doc_id FROM doc_clusters WHERE cluster = ? AND doc_id != ? ORDER BY doc_id", (cluster[0], id)
            )
        ]
        # ord of each event -> (graph id, contested, the event's date where its other sources give one)
        events = {
            ord_: (gid, contested, None if weak else graph_date)
            for ord_, gid, contested, graph_date, weak in db.execute(
                "SELECT e.ord, m.graph_event, g.contested, g.date, g.date_weak FROM events AS e"
                " JOIN graph_event_members AS m ON m.event_id = e.id JOIN graph_events AS g ON g.id = m.graph_event"
                " WHERE e.doc_id = ?",
                (id,),
            )
        }
        facts = {  # ord of each fact -> (graph id, contested)
            ord_: (gid, contested)
            for ord_, gid, contested in db.execute(
                "SELECT f.ord, m.graph_fact, g.contested FROM facts AS f"
                " JOIN graph_fact_members AS m ON m.fact_id = f.id JOIN graph_facts AS g ON g.id = m.graph_fact"
                " WHERE f.doc_id = ?",
                (id,),
            )
        }
        overlay = load_overlay(db, id)  # the analysts' corrections of this document's items
        speakers = [overlay.quote(i).values.get("speaker", q.speaker) for i, q in enumerate(analysis.quotes)]
        names = _names(db, [q.speaker for q in analysis.quotes] + [s for s in speakers if s])
        split_to = _names(db, sorted(set(overlay.split_off.values())))  # an analyst split the name off here
    annotations = []
    for e in analysis.entities:
        other = split_to.get(overlay.split_off.get(e.id, ""))
        for m in e.mentions:
            annotations.append(
                {"start": m.start, "end": m.end, "kind": "entity", "ref": e.id, "label": e.name, "type": e.type}
                | ({"rejected": True} if m.start in overlay.unlinked_mentions else {})
                | ({"ref": other["id"], "label": other["name"], "split_from": e.id} if other else {})
            )
    for i, ev in enumerate(analysis.events):
        ref, contested, graph_date = events.get(i, (None, 0, None))
        annotations.append(
            {
                "start": ev.evidence.start,
                "end": ev.evidence.end,
                "kind": "event",
                "ref": ref,
                "label": ev.label or f"{ev.type} {ev.date or ''}".strip(),
                "type": ev.type,
                "contested": bool(contested),
                "date": ev.date,
                "date_source": ev.date_source if ev.date else None,
                "when": when.describe_event_date(ev.date, ev.date_source, doc.published),
                # what the event's other reports date it to, when this one only has its publication
                "event_when": when.describe(graph_date) if graph_date and ev.date_source == "publication" else None,
                "modality": ev.modality,
            }
            | ({"rejected": True} if overlay.event(i).rejected else {})
        )
    for i, f in enumerate(analysis.facts):
        ref, contested = facts.get(i, (None, 0))
        value = _number(float(f.value))
        annotations.append(
            {
                "start": f.evidence.start,
                "end": f.evidence.end,
                "kind": "fact",
                "ref": ref,
                "label": f.label or f"{f.type}: {value} {f.unit}" + (f" ({f.period})" if f.period else ""),
                "type": f.type,
                "contested": bool(contested),
                "value": value,
                "unit": f.unit,
                "period": f.period,
                "period_source": f.period_source if f.period else None,
                "when": when.describe_event_date(f.period, f.period_source, doc.published),
                "modality": f.modality,
            }
            | ({"rejected": True} if overlay.fact(i).rejected else {})
        )
    for i, q in enumerate(analysis.quotes):
        changes, speaker = overlay.quote(i), speakers[i]
        annotations.append(
            {
                "start": q.start,
                "end": q.end,
                "kind": "quote",
                "ref": speaker,
                "label": names[speaker]["name"] if speaker else None,
                "text": q.text,
            }
            | ({"rejected": True} if changes.rejected else {})
            | ({"speaker_given": q.speaker} if speaker != q.speaker else {})
        )
    order = {"event": 0, "fact": 1, "quote": 2, "entity": 3}  # enclosing spans before the mentions inside
    annotations.sort(key=lambda a: (a["start"], -a["end"], order[a["kind"]]))
    return {
        **provenance.citation(doc.title, doc.url, doc.published, doc.text),
        **doc.to_json(),  # the document as stored: its title, untitled or not
        "source": doc.source,
        "cluster": cluster[0],
        "duplicate_of": cluster[1],
        "similarity": cluster[2],
        "copies": copies,
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "wikidata": e.wikidata, "mentions": len(e.mentions)}
            for e in analysis.entities
        ],
        "annotations": annotations,
    }


# -- map ----------------------------------------------------------------------


def places(store, kb) -> list[dict]:
    """Entities with coordinates in the KB that the store mentions or sets events at, for the map."""
    with store.read() as db:
        mentions = {
            i: (m, d)
            for i, m, d in db.execute(
                "SELECT entity_id, COUNT(*), COUNT(DISTINCT doc_id) FROM mentions GROUP BY entity_id"
            )
        }
        sources = dict(
            db.execute(
                "SELECT de.entity_id, COUNT(DISTINCT COALESCE(c.cluster, de.doc_id)) FROM document_entities AS de"
                " LEFT JOIN doc_clusters AS c ON c.doc_id = de.doc_id GROUP BY de.entity_id"
            )
        )
        events = dict(db.execute("SELECT place, COUNT(*) FROM graph_events WHERE place IS NOT NULL GROUP BY place"))
    out = []
    for entity_id in sorted(set(sources) | set(events)):
        known = kb.get(entity_id)
        if known is None or not known.coordinates:
            continue
        count, documents = mentions.get(entity_id, (0, 0))
        out.append(
            {
                "id": entity_id,
                "name": known.name,
                "type": known.type,
                "country": known.country,
                "coordinates": list(known.coordinates),
                "mentions": count,
                "documents": documents,
                "sources": sources.get(entity_id, 0),
                "events": events.get(entity_id, 0),
            }
        )
    out.sort(key=lambda p: (-p["sources"], -p["events"], p["id"]))
    return out
