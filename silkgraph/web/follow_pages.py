"""Workbench pages for following the news: Sources, Watchlists (create, edit, back-test),
the alerts Inbox, and an Atom feed per watchlist.

Changes (saving or deleting a watchlist, marking alerts read) are plain HTML
form posts that carry the server's token in a field, checked like the API's
Bearer token; without a token on the server they are refused. No script runs.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from silkgraph.errors import UsageError
from silkgraph.web.api import Ctx
from silkgraph.web.pages import render

router = APIRouter(include_in_schema=False)

WatchlistId = Annotated[str, Query(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Day = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
DAYS_SHOWN = 14
MAX_FORM_FIELDS = 200


async def _form(request: Request) -> dict[str, list[str]]:
    """The fields of an urlencoded form post (its size is bounded by the app's body limit)."""
    body = (await request.body()).decode("utf-8", "replace")
    return parse_qs(body, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)


def _require_form_token(c, form: dict) -> None:
    if c.token is None:
        raise HTTPException(403, "writing is disabled on this server (start it with a token to enable it)")
    if not c.token_matches((form.get("token") or [""])[0]):
        raise HTTPException(403, "invalid token")


def _list(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


def _watchlist_from_form(form: dict) -> dict:
    first = {key: (values[0] if values else "") for key, values in form.items()}
    rule = {
        "entities": _list(first.get("entities", "")),
        "entity_mode": first.get("entity_mode") or "any",
        "event_types": _list(first.get("event_types", "")),
        "fact_types": _list(first.get("fact_types", "")),
        "min_value": first.get("min_value") or None,
        "max_value": first.get("max_value") or None,
        "unit": first.get("unit") or None,
        "contested": first.get("contested") == "on",
        "text": first.get("text") or None,
        "languages": _list(first.get("languages", "")),
    }
    return {
        "id": first.get("id", ""),
        "name": first.get("name") or None,
        "rule": rule,
        "webhook": first.get("webhook") or None,
        "secret": first.get("secret") or None,
        "emails": _list(first.get("emails", "")),
    }


def _rows(c) -> dict[str, dict]:
    from silkgraph.alerts import watchlist_rows

    return {row["id"]: row for row in watchlist_rows(c.store)}


# -- sources ---------------------------------------------------------------------------


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, c: Ctx):
    from silkgraph.store import follow as sql

    since = (datetime.now(UTC) - timedelta(days=DAYS_SHOWN - 1)).date().isoformat()
    with c.store.read() as db:
        states = sql.source_states(db)
        per_day = sql.item_counts_per_day(db, since)
        totals = sql.item_totals(db)
        failures = {s["name"]: sql.recent_item_failures(db, s["name"], 5) for s in states}
    days = [(datetime.now(UTC).date() - timedelta(days=n)).isoformat() for n in range(DAYS_SHOWN)][::-1]
    return render(request, "sources.html", sources=states, per_day=per_day, totals=totals, failures=failures, days=days)


# -- watchlists ------------------------------------------------------------------------


@router.get("/watchlists", response_class=HTMLResponse)
def watchlists_page(request: Request, c: Ctx):
    return render(
        request,
        "watchlists.html",
        watchlists=list(_rows(c).values()),
        edit=None,
        error=None,
        writable=c.token is not None,
    )


@router.get("/watchlists/{id}", response_class=HTMLResponse)
def watchlist_page(
    request: Request, c: Ctx, id: str, since: Day = None, until: Day = None, backtest: Annotated[bool, Query()] = False
):
    from silkgraph.alerts import backtest as run_backtest
    from silkgraph.alerts import inbox
    from silkgraph.alerts.rules import parse_rule

    row = _rows(c).get(id)
    if row is None:
        raise HTTPException(404, f"no watchlist {id!r}")
    tested = run_backtest(c.store, parse_rule(row["rule"]), since, until) if backtest else None
    return render(
        request,
        "watchlist.html",
        w=row,
        alerts=inbox(c.store, id, limit=20)["alerts"],
        tested=tested,
        since=since,
        until=until,
        writable=c.token is not None,
        error=None,
    )


@router.post("/watchlists", response_class=HTMLResponse)
async def save_watchlist_form(request: Request, c: Ctx):
    from silkgraph.alerts import parse_watchlist, save_watchlist

    form = await _form(request)
    _require_form_token(c, form)
    data = _watchlist_from_form(form)
    existing = _rows(c).get(data["id"])
    if existing and not data["secret"]:
        data["secret"] = _stored_secret(c, data["id"])  # the form never shows it; keep it
    try:
        watchlist = parse_watchlist(data)
    except UsageError as exc:
        return render(
            request,
            "watchlists.html",
            status=422,
            watchlists=list(_rows(c).values()),
            edit=data,
            error=str(exc),
            writable=True,
        )
    save_watchlist(c.store, watchlist)
    return RedirectResponse(f"/watchlists/{quote(watchlist.id)}", status_code=303)


def _stored_secret(c, id: str) -> str | None:
    from silkgraph.alerts import load_watchlists

    return next((w.secret for w in load_watchlists(c.store) if w.id == id), None)


@router.post("/watchlists/{id}/delete")
async def delete_watchlist_form(request: Request, c: Ctx, id: str):
    from silkgraph.alerts import delete_watchlist

    _require_form_token(c, await _form(request))
    if not delete_watchlist(c.store, id):
        raise HTTPException(404, f"no watchlist {id!r}")
    return RedirectResponse("/watchlists", status_code=303)


@router.get("/watchlists/{id}/atom.xml")
def watchlist_atom(request: Request, c: Ctx, id: str):
    from silkgraph.alerts import inbox
    from silkgraph.alerts.deliver import atom_feed

    row = _rows(c).get(id)
    if row is None:
        raise HTTPException(404, f"no watchlist {id!r}")
    base = str(request.base_url).rstrip("/")
    return Response(
        atom_feed(row, inbox(c.store, id, limit=100)["alerts"], base), media_type="application/atom+xml; charset=utf-8"
    )


# -- inbox -----------------------------------------------------------------------------


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(
    request: Request,
    c: Ctx,
    watchlist: Annotated[str | None, Query(max_length=64)] = None,
    unread: Annotated[bool, Query()] = False,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
):
    from silkgraph.alerts import inbox

    per_page = 25
    found = inbox(c.store, watchlist or None, unread, per_page, (page - 1) * per_page)
    return render(
        request,
        "inbox.html",
        found=found,
        watchlist=watchlist,
        unread=unread,
        page=page,
        more=len(found["alerts"]) == per_page,
        writable=c.token is not None,
    )


@router.post("/inbox/read-all")
async def mark_all_form(request: Request, c: Ctx):
    from silkgraph.alerts import mark_all_read

    form = await _form(request)
    _require_form_token(c, form)
    watchlist = (form.get("watchlist") or [""])[0] or None
    mark_all_read(c.store, watchlist)
    return RedirectResponse(f"/inbox?watchlist={quote(watchlist)}" if watchlist else "/inbox", status_code=303)


@router.post("/inbox/{alert_id}/read")
async def mark_alert_form(request: Request, c: Ctx, alert_id: int):
    from silkgraph.alerts import mark_read

    form = await _form(request)
    _require_form_token(c, form)
    if not mark_read(c.store, alert_id, (form.get("read") or ["1"])[0] == "1"):
        raise HTTPException(404, f"no alert {alert_id}")
    back = (form.get("back") or ["/inbox"])[0]
    return RedirectResponse(back if back.startswith("/") and not back.startswith("//") else "/inbox", status_code=303)
