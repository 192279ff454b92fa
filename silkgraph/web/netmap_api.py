"""JSON routes of the network and the map: name suggestions, the evidence behind a link,
and the events of a place. The network and the places themselves are under /api/network
and /api/places (silkgraph.web.api)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from silkgraph import ego, geo, suggest
from silkgraph.web.api import Ctx, DateFrom, DateTo, EdgeKinds, ItemId, edge_kinds

router = APIRouter(prefix="/api", tags=["api"])

EntityId = Annotated[str, Query(min_length=1, max_length=200, description="An entity id")]


@router.get("/suggest", summary="Entities whose names start like the query, for a name field")
def suggest_names(
    c: Ctx,
    q: Annotated[str, Query(max_length=100, description="The start of a name, in any language or script")] = "",
    limit: Annotated[int, Query(ge=1, le=suggest.MAX_SUGGESTIONS)] = 10,
):
    return {"q": q, "suggestions": suggest.suggest(c.store, c.kb, q, limit=limit)}


@router.get("/network/edge", summary="What links two entities: shared events, figures and articles")
def network_edge(
    c: Ctx,
    a: EntityId,
    b: EntityId,
    kinds: EdgeKinds = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Annotated[int, Query(ge=1, le=200)] = ego.EVIDENCE_LIMIT,
):
    if a == b:
        raise HTTPException(422, "invalid request: a link needs two different entities")
    return ego.edge_evidence(c.store, a, b, kinds=edge_kinds(kinds), date_from=date_from, date_to=date_to, limit=limit)


@router.get("/places/{id}/events", summary="The events held at a place in a period, newest first")
def place_events(
    c: Ctx,
    id: ItemId,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Annotated[int, Query(ge=1, le=500)] = geo.PLACE_EVENTS,
):
    return geo.place_events(c.store, id, date_from, date_to, limit=limit)
