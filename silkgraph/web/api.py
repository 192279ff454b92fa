"""JSON API under /api: read routes over `silkgraph.query`, and the write route that ingests an
article, which exists only behind a token (the corrections' routes are in silkgraph.web.correcting)."""

from __future__ import annotations

import hashlib
from urllib.parse import quote
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field

from silkgraph import ego, event_ids, geo
from silkgraph.errors import UsageError
from silkgraph.model import ISO_DATE_PATTERN
from silkgraph.web.throttle import client_of, throttle_of
from silkgraph.web.params import (
    DateFrom,
    DateTo,
    EntityRef,
    EventType,
    Language,
    SearchType,
    Sort,
    check_range,
    entity_id,
)

router = APIRouter(prefix="/api", tags=["api"])

# Parameter vocabulary shared with the HTML pages (pages.py imports these).
ID_PATTERN = r"^[^\x00-\x1f]{1,300}$"  # ids are opaque, but never control characters
SLUG_PATTERN = r"^[a-z0-9][a-z0-9_\-]{0,199}$"  # entity ids, types, kinds
MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000

Text = Annotated[str, Query(max_length=500, description="Search words (not query syntax)")]
Slug = Annotated[str | None, Query(pattern=SLUG_PATTERN)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
NetworkKind = Annotated[
    Literal["event", "fact", "cooccurrence"] | None,
    Query(description="Only relations of this kind: shared events, facts or documents"),
]
ItemId = Annotated[str, Path(pattern=ID_PATTERN)]


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"1..{MAX_LIMIT}")]
MAX_EDGES = 20_000
EdgeLimit = Annotated[int, Query(ge=1, le=MAX_EDGES, description=f"the strongest edges shown, 1..{MAX_EDGES}")]


def ctx(request: Request):
    return request.app.state.silk


Ctx = Annotated[Any, Depends(ctx)]


def paged(result: dict, limit: int, offset: int) -> dict:
    """The query result with the paging that produced it, so a client can ask for the next page."""
    return {**result, "limit": limit, "offset": offset}


# -- reading ---------------------------------------------------------------------


@router.get("/search", summary="Search documents (in de, en and ru) and entities, with totals and facets")
def search(
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
    limit: Limit = 20,
    offset: Offset = 0,
):
    check_range(date_from, date_to)
    result = c.query.search(
        c.store,
        q,
        kind=kind,
        type=type,
        country=country,
        date_from=date_from,
        date_to=date_to,
        language=language,
        entity=entity_id(c, entity),
        sort=sort,
        limit=limit,
        offset=offset,
        kb=c.kb,
    )
    return paged(result, limit, offset)


@router.get(
    "/entities/{id}",
    summary="An entity: roles, events, facts, related entities, documents",
    responses={307: {"description": "The id is a name of the entity (Kasachstan): its canonical URL"}},
)
def entity(c: Ctx, id: ItemId):
    try:
        return c.query.entity(c.store, c.kb, id)
    except c.query.NotFound:
        canonical = c.query.resolve_entity(c.store, c.kb, id)
        if canonical is None or canonical == id:
            raise
        return RedirectResponse(f"/api/entities/{quote(canonical, safe='')}", status_code=307)


@router.get(
    "/events/{id}",
    summary="An event with every source and its evidence",
    responses={307: {"description": "The event joined another one since (a merge): that event's URL"}},
)
def event(c: Ctx, id: ItemId):
    try:
        return c.query.event(c.store, id)
    except c.query.NotFound:
        joined = event_ids.successor(c.store, id)
        if joined is None:
            raise
        return RedirectResponse(f"/api/events/{quote(joined, safe='')}", status_code=307)


@router.get("/facts/{id}", summary="A fact with every claim, its value and evidence")
def fact(c: Ctx, id: ItemId):
    return c.query.fact(c.store, id)


@router.get("/timeline", summary="Events in date order, filtered")
def timeline(
    c: Ctx,
    entity: EntityRef = None,
    type: EventType = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Limit = 100,
    offset: Offset = 0,
):
    check_range(date_from, date_to)
    result = c.query.timeline(
        c.store,
        entity=entity_id(c, entity),
        type=type,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
        offset=offset,
    )
    return paged(result, limit, offset)


EgoEntity = Annotated[
    str | None,
    Query(max_length=200, description="Centre the network on this entity id (its ego network); kind is then ignored"),
]
EgoSteps = Annotated[int, Query(ge=1, le=2, description="With entity: its neighbours (1) or theirs too (2)")]
EdgeKinds = Annotated[
    list[str] | None,
    Query(
        max_length=3,
        description="Links counted: event, fact, cooccurrence, comma-separated or the parameter repeated; around"
        " an entity the default is event,fact (shared events and figures), for the whole store any link",
    ),
]


def edge_kinds(values: list[str] | None) -> tuple[str, ...]:
    """The kinds of the parameter, comma-separated or repeated (ego.kinds_of); an unknown one a 422."""
    text = ",".join(values or [])
    if len(text) > 60:
        raise HTTPException(422, "invalid request: kinds: too long")
    try:
        return ego.kinds_of(text)
    except UsageError as exc:
        raise HTTPException(422, f"invalid request: {exc}") from None


Background = Annotated[
    bool, Query(description="With entity: show places, continents, seas, currencies and other background too")
]


@router.get("/network", summary="Relation network: entities as nodes, shared evidence as weighted edges")
def network(
    c: Ctx,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    kind: NetworkKind = None,
    min_weight: Annotated[int, Query(ge=1, le=100_000)] = 1,
    limit: Limit = 200,
    edge_limit: EdgeLimit = 1000,
    entity: EgoEntity = None,
    steps: EgoSteps = 1,
    kinds: EdgeKinds = None,
    background: Background = False,
):
    check_range(date_from, date_to)
    if entity:
        return ego.ego_network(
            c.store,
            c.kb,
            entity,
            steps=steps,
            kinds=edge_kinds(kinds),
            date_from=date_from,
            date_to=date_to,
            background=background,
            limit=min(limit, 200),
        )
    return c.query.network(
        c.store,
        date_from=date_from,
        date_to=date_to,
        kind=kind or (edge_kinds(kinds) if kinds else None),
        min_weight=min_weight,
        limit=limit,
        edge_limit=edge_limit,
    )


@router.get("/documents/{id:path}", summary="A stored article with its annotations (character spans)")
def document(c: Ctx, id: ItemId):
    return c.query.document(c.store, id)


DEFAULT_FIGURE_POINTS = 100
FigurePoints = Annotated[
    int,
    Query(
        ge=1,
        le=100_000,
        description="The latest points of each series (point_count says how many it has in all)",
    ),
]


@router.get("/figures", summary="Trade and deal figures as series per country pair")
def figures(
    c: Ctx,
    subjects: Annotated[
        str | None, Query(max_length=300, pattern=r"^[a-z0-9,\-]+$", description="Entity ids, comma-separated")
    ] = None,
    type: Slug = None,
    limit: Limit = 100,
    offset: Offset = 0,
    points: FigurePoints = DEFAULT_FIGURE_POINTS,
):
    wanted = [s for s in subjects.split(",") if s] if subjects else None
    return paged(c.query.figure_page(c.store, wanted, type, limit=limit, offset=offset, points=points), limit, offset)


@router.get("/places", summary="Places with coordinates: events held there and sources naming them, in a period")
def places(c: Ctx, date_from: DateFrom = None, date_to: DateTo = None, limit: Limit = 1000, offset: Offset = 0):
    found = geo.places(c.store, c.kb, date_from, date_to)
    return paged({"places": found[offset : offset + limit], "total": len(found)}, limit, offset)


@router.get("/stats", summary="Counts of what the store holds")
def stats(c: Ctx):
    stats_of = getattr(c.query, "stats", None)
    return stats_of(c.store) if stats_of else c.store.stats()


# -- writing -----------------------------------------------------------------------

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def token_problem(c: Any, authorization: str) -> HTTPException | None:
    """Why a write with this Authorization header value is refused, or None when it may go on.

    Writes are off unless the server has a token, and then need it as a Bearer token.
    """
    if c.token is None:
        return HTTPException(403, "writing is disabled on this server (start it with a token to enable it)")
    scheme, _, presented = authorization.partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        return HTTPException(
            401,
            "authentication required: send Authorization: Bearer <token>",
            headers={"WWW-Authenticate": 'Bearer realm="silkgraph"'},
        )
    if not c.token_matches(presented.strip()):
        return HTTPException(403, "invalid token")
    return None


def write_refusal(app: Any, client: str, authorization: str) -> HTTPException | None:
    """Why a client's request that needs the token is refused (token_problem), or None; a client
    that gave a wrong token too often waits first (silkgraph.web.throttle)."""
    throttle = throttle_of(app)
    if wait := throttle.wait(client):
        return HTTPException(429, f"too many wrong tokens: try again in {wait} s", headers={"Retry-After": str(wait)})
    problem = token_problem(app.state.silk, authorization)
    if problem is None:
        throttle.succeeded(client)
    elif problem.status_code == 403 and app.state.silk.token is not None:
        throttle.failed(client)
    return problem


def require_token(request: Request) -> None:
    """Refuse the request unless it carries the server's token (see write_refusal)."""
    problem = write_refusal(request.app, client_of(request.client), request.headers.get("authorization", ""))
    if problem is not None:
        raise problem


Writer = Annotated[None, Depends(require_token)]


class DocumentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, max_length=200, pattern=r"^[^\x00-\x1f/]+$")
    title: str | None = Field(None, max_length=2000)
    text: str = Field(..., min_length=1, max_length=1_000_000)
    published: str | None = Field(None, pattern=ISO_DATE_PATTERN, description="YYYY[-MM[-DD]]")
    url: str | None = Field(None, max_length=2000)
    language: str | None = Field(None, max_length=10, pattern=r"^[a-z]{2,3}$")


@router.post(
    "/documents",
    status_code=201,
    summary="Analyse and store one article (needs the token)",
    responses={
        200: {"description": "The same text was stored before"},
        401: {"description": "No token"},
        403: {"description": "Wrong token or writing disabled"},
    },
)
def add_document(c: Ctx, _: Writer, body: DocumentIn):
    from silkgraph.ingest.records import record_to_document
    from silkgraph.ingestion import Ingestion

    record = body.model_dump()
    default_id = "api-" + hashlib.sha256(body.text.encode("utf-8")).hexdigest()[:12]
    doc = record_to_document(record, default_id=default_id, source="api")
    outcome = Ingestion(c.store, pipeline=c.pipeline).add(doc)
    if outcome.status == "skipped":
        raise HTTPException(422, f"the article could not be analysed: {outcome.reason}")
    if outcome.analysis is None:
        return JSONResponse({"status": "duplicate", "id": outcome.doc_id, "url": f"/documents/{outcome.doc_id}"}, 200)
    analysis = outcome.analysis
    counts = {
        "entities": len(analysis.entities),
        "events": len(analysis.events),
        "facts": len(analysis.facts),
        "quotes": len(analysis.quotes),
    }
    status = 201 if outcome.status == "stored" else 200
    return JSONResponse(
        {"status": outcome.status, "id": outcome.doc_id, "url": f"/documents/{outcome.doc_id}", "extracted": counts},
        status,
    )


# Corrections (POST/GET /api/corrections, export, revert): silkgraph.web.correcting.
