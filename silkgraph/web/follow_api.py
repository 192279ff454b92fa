"""The HTTP API of following: sources' state, watchlists, back-tests and alerts.

Reading is open like the rest of /api; creating, replacing and deleting
watchlists and marking alerts read need the Bearer token, as every write does.
Watchlist secrets are never returned.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from silkgraph.errors import UsageError
from silkgraph.web.api import Ctx, Limit, Offset, Writer

router = APIRouter(prefix="/api", tags=["following"])

WatchlistId = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Day = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY[-MM[-DD]]")]


class WatchlistIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, max_length=200)
    rule: dict[str, Any] = Field(
        ...,
        description="entities, entity_mode, event_types, fact_types, min_value, "
        "max_value, unit, contested, text, languages",
    )
    webhook: str | None = Field(None, max_length=2000)
    secret: str | None = Field(None, max_length=200)
    emails: list[str] = Field(default_factory=list, max_length=50)


def _watchlist_row(c, id: str) -> dict:
    from silkgraph.alerts import watchlist_rows

    row = next((r for r in watchlist_rows(c.store) if r["id"] == id), None)
    if row is None:
        raise HTTPException(404, f"no watchlist {id!r}")
    return row


@router.get("/sources", summary="Followed sources: last fetch, last error, items stored and failed")
def sources(c: Ctx):
    from silkgraph.store import follow as sql

    with c.store.read() as db:
        states, totals = sql.source_states(db), sql.item_totals(db)
    return {"sources": [{**state, "items": totals.get(state["name"], {})} for state in states]}


@router.get("/watchlists", summary="Watchlists with their rules and alert counts")
def watchlists(c: Ctx):
    from silkgraph.alerts import watchlist_rows

    return {"watchlists": watchlist_rows(c.store)}


@router.put(
    "/watchlists/{id}",
    summary="Create or replace a watchlist (needs the token)",
    responses={401: {"description": "No token"}, 403: {"description": "Wrong token or writing disabled"}},
)
def put_watchlist(c: Ctx, _: Writer, id: WatchlistId, body: WatchlistIn):
    from silkgraph.alerts import parse_watchlist, save_watchlist

    try:
        watchlist = parse_watchlist({"id": id, **body.model_dump()})
    except UsageError as exc:
        raise HTTPException(422, f"invalid watchlist: {exc}") from exc
    save_watchlist(c.store, watchlist)
    return _watchlist_row(c, id)


@router.delete("/watchlists/{id}", summary="Delete a watchlist and its alerts (needs the token)")
def delete_watchlist(c: Ctx, _: Writer, id: WatchlistId):
    from silkgraph.alerts import delete_watchlist as delete

    if not delete(c.store, id):
        raise HTTPException(404, f"no watchlist {id!r}")
    return {"deleted": id}


@router.get("/watchlists/{id}/backtest", summary="What a watchlist would have fired on among stored articles")
def backtest(c: Ctx, id: WatchlistId, since: Day = None, until: Day = None, limit: Limit = 100):
    from silkgraph.alerts import backtest as run
    from silkgraph.alerts.rules import parse_rule

    return run(c.store, parse_rule(_watchlist_row(c, id)["rule"]), since, until, limit)


@router.get("/alerts", summary="The inbox: alerts newest first, with their sources and evidence")
def alerts(
    c: Ctx,
    watchlist: Annotated[str | None, Query(max_length=64)] = None,
    unread: bool = False,
    limit: Limit = 50,
    offset: Offset = 0,
):
    from silkgraph.alerts import inbox

    return {**inbox(c.store, watchlist, unread, limit, offset), "limit": limit, "offset": offset}


@router.post("/alerts/read-all", summary="Mark every unread alert, or those of one watchlist, read (needs the token)")
def mark_all_read(c: Ctx, _: Writer, watchlist: Annotated[str | None, Query(max_length=64)] = None):
    from silkgraph.alerts import mark_all_read as mark

    return {"marked": mark(c.store, watchlist)}


@router.post("/alerts/{alert_id}/read", summary="Mark an alert read, or unread with read=false (needs the token)")
def mark_read(c: Ctx, _: Writer, alert_id: int, read: bool = True):
    from silkgraph.alerts import mark_read as mark

    if not mark(c.store, alert_id, read):
        raise HTTPException(404, f"no alert {alert_id}")
    return {"id": alert_id, "read": read}
