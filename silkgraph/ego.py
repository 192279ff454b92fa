"""The network around one entity (its ego network) and the evidence behind each of its links.

Two entities are linked when they take part in one event, are subjects of one
figure or, when asked, are named in one article. Everything is read from the
graph tables as they are now (graph_event_participants, graph_fact_subjects,
document_entities), never from counts kept earlier: a participant removed from
an event there, by a correction or a rebuild, is gone from the network too.

Reads are bounded so that a hub with tens of thousands of events costs the
same as a small entity: the newest ITEMS_PER_ENTITY items of each kind are read
per entity expanded, and the answer says when that cut anything off.

Land, water and money (the ontology's `background_kinds`, such as continents,
seas and currencies) and entity types that are no actors (places) are left
out unless `background=True`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from silkgraph import query
from silkgraph.errors import UsageError
from silkgraph.model import iso_bounds
from silkgraph.network import in_range, is_background
from silkgraph.ontology import ONTOLOGY
from silkgraph.store.base import rows_in

__all__ = ["DEFAULT_KINDS", "EDGE_KINDS", "ego_network", "edge_evidence", "kinds_of", "year_counts"]

EDGE_KINDS = tuple(ONTOLOGY.network_edges)  # event, fact, cooccurrence
DEFAULT_KINDS = ("event", "fact")  # shared events and figures say more than a shared article
ITEMS_PER_ENTITY = 400  # newest events, figures and articles read per entity expanded
EXPANDED_NEIGHBOURS = 10  # at two steps: the strongest neighbours whose own links are read
EVIDENCE_LIMIT = 50  # events, figures and articles listed for one link
MAX_YEARS = 60  # years the chart of an entity's items spans at most, the latest


@dataclass(slots=True)
class _Item:
    """An event, figure or article and the entities it links."""

    kind: str
    when: str | None
    members: set[str] = field(default_factory=set)


def kinds_of(text: str | None) -> tuple[str, ...]:
    """Edge kinds from a comma-separated parameter; the default kinds when empty."""
    if not text:
        return DEFAULT_KINDS
    wanted = tuple(k for k in EDGE_KINDS if k in {p.strip() for p in text.split(",")})
    unknown = {p.strip() for p in text.split(",") if p.strip()} - set(EDGE_KINDS)
    if unknown or not wanted:
        raise UsageError(f"kinds must be among {', '.join(EDGE_KINDS)}, not {text!r}")
    return wanted


def _day_bounds(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """The first and last day (ISO) of a range of dates of any precision."""
    start = iso_bounds(date_from) if date_from else None
    end = iso_bounds(date_to) if date_to else None
    return (start[0].isoformat() if start else None, end[1].isoformat() if end else None)


def _entity_items(db, entity: str, kinds, date_from, date_to, limit: int) -> tuple[dict, bool]:
    """The newest items of `kinds` of one entity in the range: {(kind, id): _Item}, and whether
    the limit cut any off."""
    first, last = _day_bounds(date_from, date_to)
    items: dict[tuple[str, str], _Item] = {}
    cut = False
    if "event" in kinds:
        sql = "SELECT graph_event, date_start FROM graph_event_participants WHERE entity_id = ?"
        params: list = [entity]
        if first:
            sql, params = sql + " AND date_end >= ?", [*params, first]
        if last:
            sql, params = sql + " AND date_start <= ?", [*params, last]
        rows = db.execute(sql + " ORDER BY date_start DESC NULLS LAST LIMIT ?", (*params, limit + 1)).fetchall()
        cut |= len(rows) > limit
        items.update((("event", r[0]), _Item("event", r[1])) for r in rows[:limit])
    if "fact" in kinds:
        rows = db.execute(
            "SELECT graph_fact, period FROM graph_fact_subjects WHERE entity_id = ? ORDER BY period DESC NULLS LAST LIMIT ?",
            (entity, 4 * limit + 1),
        ).fetchall()
        cut |= len(rows) > 4 * limit
        dated = [r for r in rows if in_range(r[1], date_from, date_to)]
        cut |= len(dated) > limit
        items.update((("fact", r[0]), _Item("fact", r[1])) for r in dated[:limit])
    if "cooccurrence" in kinds:
        sql, params = "SELECT doc_id, published FROM document_entities WHERE entity_id = ?", [entity]
        if first:
            sql, params = sql + " AND published >= ?", [*params, first]
        if last:
            sql, params = sql + " AND published <= ?", [*params, last + "~"]  # a day with a time still counts
        rows = db.execute(sql + " ORDER BY published DESC NULLS LAST LIMIT ?", (*params, limit + 1)).fetchall()
        cut |= len(rows) > limit
        items.update((("cooccurrence", r[0]), _Item("cooccurrence", r[1])) for r in rows[:limit])
    return items, cut


_MEMBERS = {
    "event": "SELECT graph_event, entity_id FROM graph_event_participants WHERE graph_event IN ({})",
    "fact": "SELECT graph_fact, entity_id FROM graph_fact_subjects WHERE graph_fact IN ({})",
    "cooccurrence": "SELECT doc_id, entity_id FROM document_entities WHERE doc_id IN ({})",
}


def _fill_members(db, items: dict[tuple[str, str], _Item]) -> None:
    """Read who each item links, one query per kind."""
    for kind, sql in _MEMBERS.items():
        ids = sorted(i for k, i in items if k == kind and not items[(k, i)].members)
        for item_id, entity_id in rows_in(db, sql, ids):
            items[(kind, item_id)].members.add(entity_id)


def _describe(db, kb, ids) -> dict[str, dict]:
    """{id: {id, name, type, background}} for the entities of the store."""
    return {
        i: {"id": i, "name": name, "type": type_, "background": is_background(type_, kb.get(i) if kb else None)}
        for i, name, type_ in rows_in(db, "SELECT id, name, type FROM entities WHERE id IN ({})", sorted(ids))
    }


def _edges(items: dict[tuple[str, str], _Item], shown: set[str]) -> dict[tuple[str, str], dict[str, int]]:
    """{(a, b): {kind: items}} for the pairs of shown entities that items link (a < b)."""
    edges: dict[tuple[str, str], dict[str, int]] = {}
    for (kind, _), item in items.items():
        members = sorted(item.members & shown)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                counts = edges.setdefault((a, b), {})
                counts[kind] = counts.get(kind, 0) + 1
    return edges


def _allowed(known: dict[str, dict], background: bool, entity: str) -> set[str]:
    """The entities that may be nodes: the actors, or everyone when background is asked for."""
    return {i for i, d in known.items() if background or not d["background"]} | {entity}


def _strength(edges: dict[tuple[str, str], dict[str, int]], rings: dict[str, int], entity: str) -> dict[str, int]:
    """How strongly each entity is linked to the centre and its neighbours: the items linking
    it to the centre count three times, those linking it to a neighbour once."""
    strength: dict[str, int] = {}
    for (a, b), counts in edges.items():
        for near, far in ((a, b), (b, a)):
            if near in rings and rings[near] <= 1:
                strength[far] = strength.get(far, 0) + sum(counts.values()) * (3 if near == entity else 1)
    return strength


def ego_network(
    store,
    kb,
    entity: str,
    *,
    steps: int = 1,
    kinds: tuple[str, ...] = DEFAULT_KINDS,
    date_from: str | None = None,
    date_to: str | None = None,
    background: bool = False,
    limit: int = 40,
) -> dict:
    """The entities linked to `entity` (steps=1), or also to its strongest neighbours (steps=2).

    Nodes: the centre (ring 0), its neighbours (ring 1) and theirs (ring 2), at
    most `limit` besides the centre, the strongest first. Edges between any two
    nodes, weighed by the events, figures and articles (`kinds`) that link them.
    `years` counts the centre's items per year over all time, for a chart of
    where the chosen range lies.
    """
    if steps not in (1, 2):
        raise UsageError(f"steps must be 1 or 2, not {steps!r}")
    unknown = set(kinds) - set(EDGE_KINDS)
    if unknown or not kinds:
        raise UsageError(f"kinds must be among {', '.join(EDGE_KINDS)}")
    with store.read() as db:
        centre = _describe(db, kb, [entity]).get(entity)
        if centre is None:
            raise query.NotFound(f"no entity {entity!r}")
        items, cut = _entity_items(db, entity, kinds, date_from, date_to, ITEMS_PER_ENTITY)
        _fill_members(db, items)
        everyone = {m for item in items.values() for m in item.members}
        known = {entity: centre, **_describe(db, kb, everyone)}
        first_ring: dict[str, int] = {}
        for item in items.values():  # the centre's own items: who shares how many with it
            for member in item.members & _allowed(known, background, entity) - {entity}:
                first_ring[member] = first_ring.get(member, 0) + 1
        rings = {entity: 0, **{i: 1 for i in first_ring}}
        if steps == 2:
            for neighbour in sorted(first_ring, key=lambda i: (-first_ring[i], i))[:EXPANDED_NEIGHBOURS]:
                more, more_cut = _entity_items(db, neighbour, kinds, date_from, date_to, ITEMS_PER_ENTITY // 4)
                cut |= more_cut
                items.update({key: item for key, item in more.items() if key not in items})
            _fill_members(db, items)
            new = {m for item in items.values() for m in item.members} - set(known)
            known.update(_describe(db, kb, new))
        edges = _edges(items, _allowed(known, background, entity))
        strength = _strength(edges, rings, entity)
        for i in strength:
            rings.setdefault(i, 2)
        chosen = sorted((i for i in rings if i != entity), key=lambda i: (rings[i], -strength.get(i, 0), i))
        shown = {entity, *chosen[: max(0, int(limit))]}
        years = year_counts(db, entity, kinds)
    nodes = [
        {**known[i], "ring": rings[i], "weight": strength.get(i, 0) if i != entity else len(items)}
        for i in sorted(shown, key=lambda i: (rings[i], -strength.get(i, 0), i))
    ]
    links = [
        {"source": a, "target": b, "weight": sum(counts.values()), "kinds": counts}
        for (a, b), counts in sorted(edges.items(), key=lambda e: (-sum(e[1].values()), e[0]))
        if a in shown and b in shown
    ]
    return {
        "centre": centre,
        "nodes": nodes,
        "edges": links,
        "kinds": list(kinds),
        "steps": steps,
        "total": {"nodes": len(rings) - 1, "shown": len(shown) - 1},
        "truncated": cut,
        "items_per_entity": ITEMS_PER_ENTITY,
        "years": years,
        "range": {"from": date_from, "to": date_to},
    }


def year_counts(db, entity: str, kinds) -> dict[str, int]:
    """The entity's events and figures (and articles, when asked) per year, over all time;
    undated ones are left out. Each year is one count along the index of the entity's rows,
    between the first and the last year it has (at most MAX_YEARS of them)."""
    sources = {
        "event": ("graph_event_participants", "date_start"),
        "fact": ("graph_fact_subjects", "period"),
        "cooccurrence": ("document_entities", "published"),
    }
    counts: dict[str, int] = {}
    for kind in kinds:
        table, column = sources[kind]
        first, last = db.execute(
            f"SELECT MIN({column}), MAX({column}) FROM {table} WHERE entity_id = ? AND {column} >= '0'", (entity,)
        ).fetchone()
        if not (first and last and first[:4].isdigit() and last[:4].isdigit()):
            continue
        start = max(int(first[:4]), int(last[:4]) - MAX_YEARS + 1)
        for year in range(start, int(last[:4]) + 1):
            (n,) = db.execute(
                f"SELECT COUNT(*) FROM {table} WHERE entity_id = ? AND {column} >= ? AND {column} < ?",
                (entity, f"{year:04d}", f"{year + 1:04d}"),
            ).fetchone()
            if n:
                counts[f"{year:04d}"] = counts.get(f"{year:04d}", 0) + n
    return dict(sorted(counts.items()))


def _shared(db, kind: str, a: str, b: str, date_from, date_to, limit: int) -> tuple[list[str], int]:
    """Ids of the items of `kind` linking a and b in the range, newest first, and how many there are."""
    if kind == "event":
        sql = (
            "SELECT p1.graph_event, p1.date_start FROM graph_event_participants AS p1"
            " JOIN graph_event_participants AS p2 ON p2.graph_event = p1.graph_event AND p2.entity_id = ?"
            " WHERE p1.entity_id = ?"
        )
    elif kind == "fact":
        sql = (
            "SELECT DISTINCT s1.graph_fact, s1.period FROM graph_fact_subjects AS s1"
            " JOIN graph_fact_subjects AS s2 ON s2.graph_fact = s1.graph_fact AND s2.entity_id = ?"
            " WHERE s1.entity_id = ?"
        )
    else:
        sql = (
            "SELECT DISTINCT d1.doc_id, d1.published FROM document_entities AS d1"
            " JOIN document_entities AS d2 ON d2.doc_id = d1.doc_id AND d2.entity_id = ?"
            " WHERE d1.entity_id = ?"
        )
    rows = [r for r in db.execute(sql, (b, a)) if in_range(r[1], date_from, date_to)]
    rows.sort(key=lambda r: (r[1] is not None, r[1] or "", r[0]), reverse=True)
    return [r[0] for r in rows[:limit]], len(rows)


def _documents_of(db, kind: str, ids: list[str]) -> dict[str, list[str]]:
    """{item id: [document ids]} for events or figures: the articles that report them."""
    sql = {
        "event": "SELECT m.graph_event, e.doc_id FROM graph_event_members AS m JOIN events AS e"
        " ON e.id = m.event_id WHERE m.graph_event IN ({})",
        "fact": "SELECT m.graph_fact, f.doc_id FROM graph_fact_members AS m JOIN facts AS f"
        " ON f.id = m.fact_id WHERE m.graph_fact IN ({})",
    }[kind]
    out: dict[str, list[str]] = {}
    for item, doc in rows_in(db, sql, ids):
        if doc not in out.setdefault(item, []):
            out[item].append(doc)
    return out


def edge_evidence(
    store,
    a: str,
    b: str,
    *,
    kinds: tuple[str, ...] = DEFAULT_KINDS,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = EVIDENCE_LIMIT,
) -> dict:
    """What links `a` and `b`: the shared events and figures (newest first, with the articles
    reporting each), and the articles naming both when `cooccurrence` is among `kinds`."""
    if a == b:
        raise UsageError("a link needs two different entities")
    limit = max(1, min(int(limit), 200))
    with store.read() as db:
        names = _describe(db, None, [a, b])
        missing = [i for i in (a, b) if i not in names]
        if missing:
            raise query.NotFound(f"no entity {missing[0]!r}")
        out: dict = {"a": names[a], "b": names[b], "kinds": list(kinds), "total": {}}
        doc_ids: list[str] = []
        for kind in ("event", "fact"):
            if kind not in kinds:
                continue
            ids, out["total"][kind] = _shared(db, kind, a, b, date_from, date_to, limit)
            summaries = query._event_summaries(db, ids) if kind == "event" else query._fact_summaries(db, ids)
            order = {i: n for n, i in enumerate(ids)}
            reports = _documents_of(db, kind, ids)
            for summary in summaries:
                summary["documents"] = reports.get(summary["id"], [])
                doc_ids += summary["documents"]
            out[kind + "s"] = sorted(summaries, key=lambda s: order[s["id"]])
        if "cooccurrence" in kinds:
            together, out["total"]["cooccurrence"] = _shared(db, "cooccurrence", a, b, date_from, date_to, limit)
            doc_ids += together
            out["together"] = together
        described = {
            r[0]: {"id": r[0], "title": r[1], "published": r[2], "url": r[3]}
            for r in rows_in(
                db, "SELECT id, title, published, url FROM documents WHERE id IN ({})", sorted(set(doc_ids))
            )
        }
    unique = list(dict.fromkeys(doc_ids))
    out["documents"] = sorted(
        (described[d] for d in unique if d in described), key=lambda d: (d["published"] or "", d["id"]), reverse=True
    )
    return out
