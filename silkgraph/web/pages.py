"""The analyst's workbench: server-rendered pages over `silkgraph.query`.

Pages take the same validated parameters as the API. Data that a page's
script needs (network, places, figures) is embedded as a JSON block that
Jinja's `tojson` escapes, so no inline script ever runs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from silkgraph import ego, event_ids, geo, suggest, when
from silkgraph.citation import cite_events, cite_first, cite_text
from silkgraph.ontology import ONTOLOGY
from silkgraph.web.api import Ctx, DateFrom, DateTo, EdgeLimit, ItemId, NetworkKind, Slug, Text
from silkgraph.web.extracted import extracted_items
from silkgraph.web.highlight import highlight
from silkgraph.web.params import EntityRef, EventType, Language, SearchType, Sort, check_range, entity_id
from silkgraph.web.search_page import search_page

TEMPLATE_DIR = Path(__file__).parent / "templates"  # its own: the app imports this module, not the reverse

router = APIRouter(include_in_schema=False)

PER_PAGE = 25
TIMELINE_PER_PAGE = 50
Page = Annotated[int, Query(ge=1, le=10_000)]


# -- template environment ----------------------------------------------------------


def _segment(value: object) -> str:
    """A value as one URL path segment: '/' and '?' escaped too."""
    return quote(str(value), safe="")


def _url(path: str, **params) -> str:
    """`path` with the parameters that have a value, in a stable order."""
    pairs = [(k.rstrip("_"), v) for k, v in params.items() if v not in (None, "", [])]
    return path + ("?" + urlencode(pairs, doseq=True) if pairs else "")  # a list: the parameter repeated


def _amount(value, unit: str | None = None) -> str:
    """Large numbers the way an analyst reads them: 7e10 USD -> '70 bn USD'."""
    if value is None:
        return "–"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    for size, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if abs(number) >= size:
            text = f"{number / size:,.2f}".rstrip("0").rstrip(".") + f" {word}"
            break
    else:
        text = f"{number:,.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}" if unit and unit != "%" else (f"{text} %" if unit == "%" else text)


_SNIPPET_MARK = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)


def _snippet(text: str | None):
    """Search snippets mark matches [[like this]] in plain text: escape, then mark."""
    from markupsafe import Markup, escape

    if not text:
        return ""
    out, pos = [], 0
    for m in _SNIPPET_MARK.finditer(text):
        out.append(str(escape(text[pos : m.start()])))
        out.append(f"<mark>{escape(m.group(1))}</mark>")
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.ChainableUndefined,  # optional fields of the query layer may be missing
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        seg=_segment, amount=_amount, snippet=_snippet, cite=cite_text, when=when.describe, reported=when.reported
    )
    env.globals.update(url=_url, nav=NAV)
    return env


NAV = [
    ("/search", "Search"),
    ("/timeline", "Timeline"),
    ("/network", "Network"),
    ("/map", "Map"),
    ("/figures", "Figures"),
    ("/inbox", "Inbox"),
    ("/watchlists", "Watchlists"),
    ("/sources", "Sources"),
    ("/corrections", "Corrections"),
]
templates = Jinja2Templates(env=_env())


def render(request: Request, name: str, status: int = 200, headers: dict | None = None, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status, headers=headers)


def render_error(request: Request, status: int, message: str, headers: dict | None = None) -> HTMLResponse:
    try:
        return render(request, "error.html", status=status, headers=headers, status_code=status, message=message)
    except Exception:  # the error page itself failed: still answer, and still escaped
        from markupsafe import escape

        return HTMLResponse(
            f"<!doctype html><title>Error {status}</title><p>{escape(message)}</p>", status_code=status, headers=headers
        )


def _pages(total: int, page: int, per_page: int) -> dict:
    last = max(1, -(-int(total or 0) // per_page))
    return {
        "page": page,
        "last": last,
        "per_page": per_page,
        "total": total,
        "prev": page - 1 if page > 1 else None,
        "next": page + 1 if page < last else None,
    }


def _with_sources(c, events: list[dict]) -> list[dict]:
    """Events with their sources: timeline summaries only count them, and a
    reader of the timeline wants to jump to the evidence. One look-up per
    event shown, so bounded by the page size."""
    out = []
    for e in events:
        if "sources" not in e and e.get("id") is not None:
            try:
                e = {**e, "sources": c.query.event(c.store, e["id"]).get("sources", [])}
            except getattr(c.query, "NotFound", LookupError):
                pass
        out.append(e)
    return out


def _stats(c) -> dict:
    stats_of = getattr(c.query, "stats", None)
    return stats_of(c.store) if stats_of else c.store.stats()


# -- pages ---------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def index(request: Request, c: Ctx):
    # The newest events (undated events are no news: they are left out here).
    recent = c.query.timeline(c.store, limit=12, newest_first=True).get("events", [])
    return render(request, "index.html", stats=_stats(c), recent=recent)


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    c: Ctx,
    q: Text = "",
    kind: Annotated[Literal["all", "documents", "entities"], Query()] = "all",
    type: SearchType = None,
    country: Slug = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    language: Language = None,
    entity: EntityRef = None,
    sort: Sort = "relevance",
    page: Page = 1,
):
    check_range(date_from, date_to)
    offset = (page - 1) * PER_PAGE
    context = search_page(c, q, kind, type, country, date_from, date_to, language, entity, sort, PER_PAGE, offset)
    return render(request, "search.html", pages=_pages(context.pop("paged_total"), page, PER_PAGE), **context)


@router.get("/entities/{id}", response_class=HTMLResponse)
def entity(request: Request, c: Ctx, id: ItemId):
    try:
        data = c.query.entity(c.store, c.kb, id)
    except c.query.NotFound:  # a name of the entity ("Kasachstan"): its page
        canonical = c.query.resolve_entity(c.store, c.kb, id)
        if canonical is None or canonical == id:
            raise
        return RedirectResponse(f"/entities/{_segment(canonical)}", status_code=307)
    events = sorted(data.get("events") or [], key=lambda e: e.get("date") or "9999")
    return render(request, "entity.html", e=data, events=cite_events(c.store, _with_sources(c, events)))


@router.get("/events/{id}", response_class=HTMLResponse)
def event(request: Request, c: Ctx, id: ItemId):
    try:
        ev = c.query.event(c.store, id)
    except c.query.NotFound:  # an event that joined another one since: that one's page
        joined = event_ids.successor(c.store, id)
        if joined is None:
            raise
        return RedirectResponse(f"/events/{_segment(joined)}", status_code=307)
    return render(request, "event.html", ev=ev, cite=cite_first(c.store, "event", id, ev.get("sources")))


@router.get("/facts/{id}", response_class=HTMLResponse)
def fact(request: Request, c: Ctx, id: ItemId):
    f = c.query.fact(c.store, id)
    return render(request, "fact.html", f=f, cite=cite_first(c.store, "fact", id, f.get("claims")))


@router.get("/timeline", response_class=HTMLResponse)
def timeline(
    request: Request,
    c: Ctx,
    entity: EntityRef = None,
    type: EventType = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    page: Page = 1,
):
    check_range(date_from, date_to)
    entity = entity_id(c, entity)  # a name ("Tokajew") or an id
    result = c.query.timeline(
        c.store,
        entity=entity,
        type=type,
        date_from=date_from,
        date_to=date_to,
        limit=TIMELINE_PER_PAGE,
        offset=(page - 1) * TIMELINE_PER_PAGE,
    )
    events = cite_events(c.store, _with_sources(c, result.get("events", [])))
    entity_name = (
        next((p.get("name") for e in events for p in e.get("participants") or [] if p.get("id") == entity), None)
        if entity
        else None
    )
    filters = {"entity": entity, "type": type, "from_": date_from, "to": date_to}
    # Suggestions for the entity field: the most mentioned entities, by id with their names.
    choices = c.query.top_entities(c.store, c.kb, limit=300)
    return render(
        request,
        "timeline.html",
        events=events,
        filters=filters,
        entity_name=entity_name,
        choices=choices,
        pages=_pages(result.get("total", 0), page, TIMELINE_PER_PAGE),
        event_types=list(ONTOLOGY.event_types),
    )


@router.get("/network", response_class=HTMLResponse)
def network(
    request: Request,
    c: Ctx,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    kind: NetworkKind = None,
    min_weight: Annotated[int, Query(ge=1, le=100_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=1000)] = 40,
    edge_limit: EdgeLimit = 300,
    entity: Slug = None,
    name: Annotated[str | None, Query(max_length=100)] = None,
    steps: Annotated[int, Query(ge=1, le=2)] = 1,
    kinds: Annotated[list[Literal["event", "fact", "cooccurrence"]] | None, Query()] = None,
    background: bool = False,
):
    if name and name.strip():  # a name typed without picking a suggestion, or without scripts
        entity = suggest.resolve(c.store, c.kb, name, entity)
    chosen = tuple(k for k in ego.EDGE_KINDS if k in (kinds or ([kind] if kind else ego.DEFAULT_KINDS)))
    filters = {
        "from_": date_from,
        "to": date_to,
        "kind": kind,
        "min_weight": min_weight,
        "limit": limit,
        "edge_limit": edge_limit,
        "entity": entity,
        "name": name,
        "steps": steps,
        "kinds": list(chosen),
        "background": background,
    }
    if entity:
        data = ego.ego_network(
            c.store,
            c.kb,
            entity,
            steps=steps,
            kinds=chosen,
            date_from=date_from,
            date_to=date_to,
            background=background,
            limit=min(limit, 200),
        )
        return render(request, "network.html", graph=data, filters=filters, ego=True, unknown_name=None)
    data = c.query.network(
        c.store,
        date_from=date_from,
        date_to=date_to,
        kind=chosen,
        min_weight=min_weight,
        limit=limit,
        edge_limit=edge_limit,
        kb=None if background else c.kb,
    )
    return render(request, "network.html", graph=data, filters=filters, ego=False, unknown_name=name)


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, c: Ctx, date_from: DateFrom = None, date_to: DateTo = None):
    places = geo.places(c.store, c.kb, date_from, date_to)
    for place in places:
        # Circle size on the map: events held there, else the sources naming it.
        place["count"] = place["events"] or place["sources"]
    return render(request, "map.html", places=places, filters={"from_": date_from, "to": date_to})


FIGURES_SHOWN = 1500  # figures charted when no subject is asked for: the best-sourced ones
FIGURE_SERIES_SHOWN = 60  # series of the subjects asked for shown at first, the best-sourced ones
FIGURE_POINTS_SHOWN = 40  # the latest points of each series shown at first
SUBJECTS = re.compile(r"^[a-z0-9,\-]{0,300}$")


@router.get("/figures", response_class=HTMLResponse)
def figures(
    request: Request,
    c: Ctx,
    subjects: Annotated[list[str] | None, Query(description="ids, comma-separated or repeated")] = None,
    type: Slug = None,
    series: Annotated[int, Query(ge=1, le=10_000)] = FIGURE_SERIES_SHOWN,
    points: Annotated[int, Query(ge=1, le=100_000)] = FIGURE_POINTS_SHOWN,
):
    joined = ",".join(subjects or [])
    if not SUBJECTS.match(joined):
        raise HTTPException(422, "invalid request: subjects: entity ids (a-z, 0-9 and -), comma-separated")
    wanted = [s for s in joined.split(",") if s]
    total = None
    if wanted:  # the best-sourced series of the subjects, each with its latest points
        page = c.query.figure_page(c.store, wanted, type, limit=series, points=points)
        found, total = page["figures"], page["total"]
    else:  # unfiltered, the best-sourced figures: charting every figure of a large store would take long
        found = c.query.figures(c.store, type=type, most=FIGURES_SHOWN)
    partial = not wanted and sum(len(f.get("series") or []) for f in found) >= FIGURES_SHOWN
    # Series with a history first: those are the ones a chart says something about.
    found = sorted(found, key=lambda f: -len({p.get("period") for p in f.get("series") or [] if p.get("period")}))
    return render(
        request,
        "figures.html",
        figures=found,
        cards=_cards(found),
        overview=_overview(found),
        filters={"subjects": joined or None, "type": type},
        partial=partial,
        shown={"series": len(found), "total": total, "points": points, "cut": sum(map(_cut, found))},
        more=_url("/figures", subjects=joined, type=type, series=series * 2, points=points)
        if total and total > series
        else None,
        all_points=_url("/figures", subjects=joined, type=type, series=series, points=100_000) if wanted else None,
    )


def _cut(series: dict) -> bool:
    """Whether a series shows fewer points than it has."""
    return series.get("point_count", 0) > len(series.get("series") or [])


def _cards(series: list[dict]) -> list[dict]:
    """One card per pair and figure type: its reported values, estimates, plans and targets
    side by side (each a series of its own), in the order of `series`."""
    cards: dict[tuple, dict] = {}
    for i, f in enumerate(series):
        key = (tuple(f.get("pair") or ()), f.get("type"))
        card = cards.setdefault(
            key, {"pair": f.get("pair"), "names": f.get("names"), "type": f.get("type"), "members": []}
        )
        card["members"].append(i)
    for card in cards.values():
        points = [
            dict(p, unit=p.get("unit") or series[i].get("unit"))
            for i in card["members"]
            for p in series[i].get("series") or []
        ]
        card["points"] = sorted(
            points, key=lambda p: (p.get("period") is None, p.get("period") or "", p.get("modality") or "")
        )
        card["periods"] = len({p.get("period") for p in points if p.get("period")})
    return list(cards.values())


OVERVIEW_PAIRS = 8  # lines in one overview chart; more would be unreadable


def _overview(series: list[dict]) -> list[dict]:
    """Charts that compare pairs: one per figure type and unit, over all periods.
    Most pairs have a single figure, which alone makes no chart; side by side
    with the others of the same kind it does."""
    groups: dict[tuple, list[int]] = {}
    for i, f in enumerate(series):
        groups.setdefault((f.get("type"), f.get("unit")), []).append(i)
    out = []
    for (type_, unit), members in groups.items():
        periods = {p.get("period") for i in members for p in series[i].get("series") or [] if p.get("period")}
        if len(periods) < 2 or not type_:
            continue
        shown = members[:OVERVIEW_PAIRS]
        out.append({"type": type_, "unit": unit, "figures": shown, "hidden": len(members) - len(shown)})
    out.sort(key=lambda g: -len(g["figures"]))
    return out


@router.get("/documents/{id:path}", response_class=HTMLResponse)
def document(
    request: Request,
    c: Ctx,
    id: ItemId,
    hl: Annotated[str | None, Query(pattern=r"^[0-9]{1,9}-[0-9]{1,9}$", description="start-end to focus")] = None,
):
    doc = c.query.document(c.store, id)
    focus = tuple(int(x) for x in hl.split("-")) if hl else None
    annotations = doc.get("annotations") or []
    counts: dict[str, int] = {}
    for a in annotations:
        counts[a.get("kind")] = counts.get(a.get("kind"), 0) + 1
    body = highlight(doc.get("text") or "", annotations, focus)
    return render(
        request,
        "document.html",
        doc=doc,
        body=body,
        counts=counts,
        focused=bool(focus),
        items=extracted_items(annotations),
    )
