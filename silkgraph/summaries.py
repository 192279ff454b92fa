"""Figures: graph facts summarised for pages, and their series over time per subject set.

The summaries of graph facts (subjects, claims, speakers, first source) serve the fact page,
the ego network and the figures; the series are ranked by the store's figure_series table
(migration 0013), kept as facts join the graph, so that a page summarises only the facts of
the series it shows, not every figure of an entity or of the store.
"""

from __future__ import annotations

from silkgraph import provenance
from silkgraph.model import iso_bounds as date_bounds
from silkgraph.network import in_range
from silkgraph.ontology import ONTOLOGY
from silkgraph.store.base import rows_in

FIGURE_TYPES = ONTOLOGY.figure_types  # the fact types the figures view charts


def entity_names(db, ids) -> dict[str, dict]:
    """{id: {id, name, type}} for entity ids, from the store's shared entity rows."""
    ids = sorted({i for i in ids if i})
    found = {
        id_: {"id": id_, "name": name, "type": type_}
        for id_, name, type_ in rows_in(db, "SELECT id, name, type FROM entities WHERE id IN ({})", ids)
    }
    return {i: found.get(i, {"id": i, "name": i, "type": None}) for i in ids}


def sort_key(iso: str | None) -> tuple:
    """Chronological order for dates of any precision; undated last."""
    bounds = date_bounds(iso) if iso else None
    return (0, bounds[0], -len(iso)) if bounds else (1,)


# -- facts ------------------------------------------------------------------

_FACT_COLUMNS = (
    "id",
    "family",
    "type",
    "unit",
    "period",
    "modality",
    "value",
    "qualifier",
    "contested",
    "sources",
    "documents",
    "first_seq",
)


def fact_summaries(db, ids) -> list[dict]:
    ids = sorted(set(ids))  # in id order whatever the database
    rows = [
        dict(zip(_FACT_COLUMNS, r))
        for r in rows_in(db, f"SELECT {', '.join(_FACT_COLUMNS)} FROM graph_facts WHERE id IN ({{}}) ORDER BY id", ids)
    ]
    subjects: dict[str, list[str]] = {r["id"]: [] for r in rows}
    # one look-up per chunk of facts, not one per fact: the figures view summarises thousands
    for fact_id, _, entity_id in sorted(
        rows_in(db, "SELECT graph_fact, ord, entity_id FROM graph_fact_subjects WHERE graph_fact IN ({})", ids)
    ):
        subjects[fact_id].append(entity_id)
    names = entity_names(db, [s for ss in subjects.values() for s in ss])
    claims = provenance.claim_kinds(db, [r["id"] for r in rows])
    speakers = provenance.fact_speakers(db, [r["id"] for r in rows])
    names = {**names, **entity_names(db, [s for ss in speakers.values() for s in ss])}
    first = {
        seq: provenance.citation(title, url, published, head)
        for seq, title, url, published, head in rows_in(
            db,
            f"SELECT seq, title, url, published, {provenance.HEAD.replace('d.', '')} FROM documents WHERE seq IN ({{}})",
            sorted({r["first_seq"] for r in rows}),
        )
    }
    return [
        {
            "id": r["id"],
            "type": r["type"],
            "family": r["family"],
            "subjects": [names[s] for s in subjects[r["id"]]],
            "value": number(r["value"]),
            "unit": r["unit"],
            "period": r["period"],
            **provenance.period_fields(
                r["period"], claims.get(r["id"]), (first.get(r["first_seq"]) or {}).get("published")
            ),
            "qualifier": r["qualifier"],
            "modality": r["modality"],
            "contested": bool(r["contested"]),
            "source_count": r["sources"],
            "document_count": r["documents"],
            "speakers": [names[s] for s in speakers.get(r["id"], [])],
            "first_source": first.get(r["first_seq"]),
        }
        for r in rows
    ]


def number(value: float) -> float | int:
    return int(value) if isinstance(value, float) and value.is_integer() else value


# -- figure series ------------------------------------------------------------


def figures(store, subjects: list[str] | None = None, type: str | None = None, most: int | None = None) -> list[dict]:
    """Trade and deal figures over time per subject pair, for charts: one series per
    (subjects, type, unit, how the claims put it: reported, estimate, planned or target), points
    in period order, each with its period in words, who said it where known, and its first source.
    With `most` (and no subjects), only that many facts are charted: those of the most
    independent sources. Series come with most sources first (see `figure_page`)."""
    if most is not None and not subjects:
        types = (type,) if type else FIGURE_TYPES
        with store.read() as db:  # along the index on sources (migration 0013)
            ids = [
                r[0]
                for r in db.execute(
                    f"SELECT id FROM graph_facts WHERE type IN ({','.join('?' * len(types))})"
                    " ORDER BY sources DESC, id LIMIT ?",
                    (*types, max(0, int(most))),
                )
            ]
            return _series(fact_summaries(db, ids), set())
    return figure_page(store, subjects, type)["figures"]


def figure_page(
    store,
    subjects: list[str] | None = None,
    type: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    points: int | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> dict:
    """A page of the figure series (as `figures`) about every one of `subjects` (all series
    without), most independent sources first, then by subjects, type, unit and modality:
    {"figures": the page's series, "total": how many series there are}. Ranked by the
    store's figure_series table, so that only the facts of the page's series are summarised.

    With `points`, each series keeps its latest that many points (in period order), and with
    `date_from`/`date_to` only the points of that period (a series without any is left out);
    `point_count` says how many points the series has in all."""
    wanted = sorted(set(subjects or []))
    types = (type,) if type else FIGURE_TYPES
    where = [f"type IN ({','.join('?' * len(types))})"]
    params: list = list(types)
    for subject in wanted:  # one of the pair's words; the summaries check the subjects exactly
        where.append("(' ' || pair || ' ') LIKE ? ESCAPE '!'")
        params.append("% " + subject.replace("!", "!!").replace("%", "!%").replace("_", "!_") + " %")
    with store.read() as db:
        rows = db.execute(
            f"SELECT pair, type, unit, modality, sources, facts FROM figure_series WHERE {' AND '.join(where)}", params
        ).fetchall()
        rows.sort(key=_series_order)
        shown = rows[max(0, offset) :][: None if limit is None else max(0, limit)]
        chosen = {tuple(row[:4]): _points_of(db, row, points, date_from, date_to) for row in shown}
        facts = fact_summaries(db, [i for ids in chosen.values() for i in ids])
    found = {(tuple(s["pair"]), s["type"], s["unit"], s["modality"]): s for s in _series(facts, set(wanted))}
    out = []
    for pair, type_, unit, modality, _, count in shown:
        entry = found.get((tuple(pair.split(" ")) if pair else (), type_, unit, modality))
        if entry is not None:
            out.append({**entry, "point_count": count})
    return {"figures": out, "total": len(rows)}


def _series_order(row: tuple) -> tuple:
    """A figure_series row's place: most sources first, then subjects, type, unit and modality
    (the order of `_series`)."""
    pair, type_, unit, modality, sources = row[:5]
    return (-sources, pair.split(" ") if pair else [], type_, unit, modality)


def _points_of(db, row: tuple, points: int | None, date_from: str | None, date_to: str | None) -> list[str]:
    """The ids of a series' facts: its latest `points` (all without), of the period only if one is given."""
    pair, type_, unit, modality, _, count = row
    # Every fact of the graph has a claim, and so a claim modality: the index answers alone.
    periods = db.execute(
        "SELECT id, period FROM graph_facts WHERE pair = ? AND type = ? AND unit = ? AND claim_modality = ?",
        (pair, type_, unit, modality),
    ).fetchall()
    if len(periods) < count:  # a fact without claims: its series is the one of its own modality
        periods = db.execute(
            "SELECT id, period FROM graph_facts WHERE pair = ? AND type = ? AND unit = ?"
            " AND COALESCE(claim_modality, modality) = ?",
            (pair, type_, unit, modality),
        ).fetchall()
    kept = sorted((r for r in periods if in_range(r[1], date_from, date_to)), key=lambda r: (sort_key(r[1]), r[0]))
    return [r[0] for r in (kept[-points:] if points is not None and points > 0 else kept)]


def _series(facts: list[dict], wanted: set[str]) -> list[dict]:
    """The facts as series, one per subjects, type, unit and claim modality, those with most
    independent sources first; only the series about every subject `wanted`."""
    series: dict[tuple, dict] = {}
    for f in facts:
        pair = [s["id"] for s in f["subjects"]]
        if not wanted <= set(pair):
            continue
        modality = f["claim_modality"] or f["modality"]
        key = (tuple(pair), f["type"], f["unit"], modality)
        entry = series.setdefault(
            key,
            {
                "pair": pair,
                "names": [s["name"] for s in f["subjects"]],
                "type": f["type"],
                "unit": f["unit"],
                "modality": modality,
                "series": [],
            },
        )
        entry["series"].append(
            {
                "period": f["period"],
                "period_precision": f["period_precision"],
                "period_source": f["period_source"],
                "when": f["when"],
                "value": f["value"],
                "unit": f["unit"],
                "qualifier": f["qualifier"],
                "modality": modality,
                "sources": f["source_count"],
                "contested": f["contested"],
                "fact": f["id"],
                "speakers": f["speakers"],
                "source": f["first_source"],
            }
        )
    out = list(series.values())
    for entry in out:
        entry["series"].sort(key=lambda p: (sort_key(p["period"]), p["fact"]))
    out.sort(key=lambda e: (-sum(p["sources"] for p in e["series"]), e["pair"], e["type"], e["unit"], e["modality"]))
    return out
