"""Downloads of what the workbench's pages show, as CSV or JSON: /download/search,
/download/entities/{id}, /download/timeline, /download/network and /download/figures take
the parameters of the API route of the same name and answer its data (the API's own
functions are their dependencies), as a file; CSV through silkgraph.tables."""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from silkgraph import tables
from silkgraph.web import api

router = APIRouter(prefix="/download", tags=["downloads"])

# What the API's route answers for the same parameters: its function, as the download's dependency.
SearchData = Annotated[dict, Depends(api.search)]
EntityData = Annotated[dict, Depends(api.entity)]
TimelineData = Annotated[dict, Depends(api.timeline)]
NetworkData = Annotated[dict, Depends(api.network)]
FiguresData = Annotated[dict, Depends(api.figures)]
Format = Annotated[Literal["csv", "json"], Query(description="csv: one row per item; json: the API's answer")]


def _file_name(view: str, item: str | None = None) -> str:
    stem = f"silkgraph-{view}" + (f"-{item}" if item else "")
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem)[:120]


def download(view: str, data: Any, format: str, item: str | None = None) -> Response:
    """`data` of `view` as an attachment: CSV rows (silkgraph.tables) or the JSON as is."""
    name = _file_name(view, item)
    if format == "json":
        body = json.dumps(data, ensure_ascii=False, indent=1, default=str)
        media, name = "application/json", name + ".json"
    else:
        columns, rows = tables.table(view, data)
        body = tables.to_csv(columns, rows)
        media, name = "text/csv; charset=utf-8", name + ".csv"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/search", summary="A search's entities and documents as CSV or JSON (the parameters of /api/search)")
def search(data: SearchData, format: Format = "csv"):
    return download("search", data, format)


@router.get("/entities/{id}", summary="An entity's events, facts, quotes, relations and articles as CSV or JSON")
def entity(id: api.ItemId, data: EntityData, format: Format = "csv"):
    return download("entity", data, format, item=id)


@router.get("/timeline", summary="Timeline events as CSV or JSON (the parameters of /api/timeline)")
def timeline(data: TimelineData, format: Format = "csv"):
    return download("timeline", data, format)


@router.get("/network", summary="The network's edges as CSV, or nodes and edges as JSON (as /api/network)")
def network(data: NetworkData, format: Format = "csv"):
    return download("network", data, format)


@router.get("/figures", summary="Figure series, one row per point, as CSV or JSON (as /api/figures)")
def figures(data: FiguresData, format: Format = "csv"):
    return download("figures", data, format)
