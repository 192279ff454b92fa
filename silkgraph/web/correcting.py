"""Corrections in the workbench: a login for analysts, the forms that record corrections from
the pages where items are shown, the audit log, and the write API of corrections.

What a correction does is the library's (silkgraph.corrections); this module only records
and shows. Writing needs the server's token: the API takes it as a Bearer token, the pages
through a login form that exchanges it for a session cookie (HttpOnly, SameSite=Strict,
signed with the token, so the token itself never sits in the browser). Every form post
carries a CSRF field derived from the session and must come from this origin.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import time
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from silkgraph import corrections as library
from silkgraph.web.api import ID_PATTERN, Ctx, Writer
from silkgraph.web.pages import render, templates
from silkgraph.web.throttle import client_of, throttle_of

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api", tags=["api"])

COOKIE = "silkgraph_session"
SESSION_SECONDS = 12 * 3600
PER_PAGE = 25
MAX_FORM_FIELDS = 50
MAX_NAME = 80
MAX_SPLIT_FIELDS = 1000  # articles ticked in one split
Page = Annotated[int, Query(ge=1, le=100_000)]
# Form fields that make up a correction's value, by (kind, action).
VALUE_FIELDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("event", "correct"): ("date", "place"),
    ("event", "merge"): ("with",),
    ("event", "split"): ("report",),
    ("participant", "reject"): ("entity",),
    ("fact", "correct"): ("value", "unit", "period"),
    ("subject", "reject"): ("entity",),
    ("quote", "correct"): ("speaker",),
    ("entity", "merge"): ("into",),
    ("entity", "split"): ("into",),
}


# -- sessions --------------------------------------------------------------------------


def _sign(c: Any, message: str) -> str:
    return hmac.new(c.token.encode(), message.encode(), hashlib.sha256).hexdigest()


def _session_value(c: Any, author: str, now: float | None = None) -> str:
    issued = str(int(now if now is not None else time.time()))
    name = base64.urlsafe_b64encode(author.encode()).decode().rstrip("=")
    return f"{name}.{issued}.{_sign(c, f'session|{name}|{issued}')}"


def analyst_session(app: Any, author: str) -> str:
    """A session cookie's value for `author` on this application (which must have a token)."""
    return _session_value(app.state.silk, author)


def session(request: Request) -> dict | None:
    """The logged-in analyst of this request ({"author", "csrf"}), or None."""
    c = request.app.state.silk
    raw = request.cookies.get(COOKIE, "")
    if c.token is None or raw.count(".") != 2:
        return None
    name, issued, signature = raw.split(".")
    if not issued.isdigit() or not hmac.compare_digest(signature, _sign(c, f"session|{name}|{issued}")):
        return None
    if time.time() - int(issued) > SESSION_SECONDS:
        return None
    try:
        author = base64.urlsafe_b64decode(name + "=" * (-len(name) % 4)).decode()
    except ValueError:
        return None
    return {"author": author, "csrf": _sign(c, f"csrf|{raw}")}


templates.env.globals["correcting"] = session  # the pages' partials ask who is logged in


def _local(path: str | None, default: str = "/") -> str:
    """A path on this site to go back to (never another host)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path or len(path) > 2000:
        return default
    return path


async def _form(request: Request) -> dict[str, str]:
    """The first value of each field of an urlencoded form post."""
    return {key: values[0] for key, values in (await _form_lists(request)).items() if values}


async def _form_lists(request: Request) -> dict[str, list[str]]:
    """Every value of each field of an urlencoded form post (the articles of a split)."""
    body = (await request.body()).decode("utf-8", "replace")
    return parse_qs(body, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS + MAX_SPLIT_FIELDS)


def _same_origin(request: Request) -> bool:
    """A form post from a page of this server: the browser's Origin (when sent) is ours."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return origin.rstrip("/") == f"{request.url.scheme}://{request.url.netloc}"


def _require_session(request: Request, form: dict[str, str]) -> dict:
    """The analyst posting this form, or 403: logged in, from this origin, with the CSRF field."""
    who = session(request)
    if request.app.state.silk.token is None:
        raise HTTPException(403, "writing is disabled on this server (start it with a token to enable it)")
    if who is None:
        raise HTTPException(403, "log in to correct: /login")
    if not _same_origin(request) or not hmac.compare_digest(form.get("csrf", ""), who["csrf"]):
        raise HTTPException(403, "the form is stale or comes from another site; reload the page")
    return who


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, c: Ctx, next: Annotated[str | None, Query(max_length=2000)] = None):
    return render(request, "login.html", next=_local(next), enabled=c.token is not None, who=session(request))


@router.post("/login")
async def login(request: Request, c: Ctx):
    form = await _form(request)
    back = _local(form.get("next"))
    if c.token is None:
        raise HTTPException(403, "writing is disabled on this server (start it with a token to enable it)")
    if not _same_origin(request):
        raise HTTPException(403, "log in from this site's own form")
    author = " ".join(form.get("name", "").split())[:MAX_NAME]
    throttle, client = throttle_of(request.app), client_of(request.client)
    if wait := throttle.wait(client):
        return render(
            request,
            "login.html",
            status=429,
            headers={"Retry-After": str(wait)},
            next=back,
            enabled=True,
            who=None,
            locked=math.ceil(wait / 60),
            given_name=author,
        )
    if not author or not c.token_matches(form.get("token", "")):
        if author:  # a wrong token (a missing name is a slip, not a guess)
            throttle.failed(client)
        return render(
            request, "login.html", status=403, next=back, enabled=True, who=None, failed=True, given_name=author
        )
    throttle.succeeded(client)
    response = RedirectResponse(back, status_code=303)
    response.set_cookie(
        COOKIE,
        _session_value(c, author),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/logout")
async def logout(request: Request):
    form = await _form(request)
    who = session(request)
    if who is not None and not hmac.compare_digest(form.get("csrf", ""), who["csrf"]):
        raise HTTPException(403, "the form is stale or comes from another site; reload the page")
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response


# -- recording from the pages -----------------------------------------------------------


def _value_from_form(kind: str, action: str, form: dict[str, str]) -> Any:
    """The correction's value from the form's fields: empty fields are not corrected."""
    names = VALUE_FIELDS.get((kind, action))
    if not names:
        return None
    value: dict[str, Any] = {}
    for name in names:
        text = form.get(name, "").strip()
        if not text:
            continue
        if name == "value":
            try:
                number = float(text.replace(",", "."))
            except ValueError:
                raise library.CorrectionError("the value must be a number") from None
            if not math.isfinite(number):
                raise library.CorrectionError("the value must be a finite number")
            value[name] = number
        else:
            value[name] = text
    if (kind, action) == ("quote", "correct") and "speaker" not in value:
        value["speaker"] = None  # an empty speaker field: nobody known said it
    return value or None


def _entity_value(c: Any, value: dict, documents: list[str], action: str) -> dict:
    """A merge's or split's other entity as typed (a name or an id) made an id, with a split's articles."""
    typed = str(value.get("into") or "").strip()
    if not typed:
        raise library.CorrectionError("name the other entity")
    into = c.query.resolve_entity(c.store, c.kb, typed)  # an id, or a name exactly as search matches it
    if into is None:
        raise library.CorrectionError(f"no entity is named {typed!r}")
    if action == "merge":
        return {"into": into}
    if not documents:
        raise library.CorrectionError("tick the articles in which the name means the other entity")
    return {"into": into, "documents": documents}


def _landing(made: dict, back: str) -> str:
    """Where to go after a correction: an event that a merge or split renamed, the audit log when
    the item's own page is gone, else back."""
    events = made.get("events") or []
    if events and back.startswith("/events/"):
        return f"/events/{quote(events[0], safe='')}"
    if made["action"] == "reject" and (made["kind"], back.split("/")[1]) in (("event", "events"), ("fact", "facts")):
        return "/corrections"  # the page of a rejected item is gone
    return back


@router.post("/corrections")
async def correct(request: Request, c: Ctx):
    form = await _form(request)
    who = _require_session(request, form)
    back = _local(form.get("next"), "/corrections")
    kind, action, item = form.get("kind", ""), form.get("action", ""), form.get("item", "")
    try:
        value = _value_from_form(kind, action, form)
        if kind == "entity" and action in ("merge", "split"):
            value = _entity_value(c, value or {}, (await _form_lists(request)).get("documents", []), action)
        made = library.record(c.store, kind, item, action, value, form.get("note"), who["author"])
    except library.CorrectionError as exc:
        raise HTTPException(422, str(exc)) from None
    return RedirectResponse(_landing(made, back), status_code=303)


@router.post("/corrections/{id}/revert")
async def revert_form(request: Request, c: Ctx, id: int):
    form = await _form(request)
    who = _require_session(request, form)
    try:
        library.revert(c.store, id, who["author"])
    except library.CorrectionError as exc:
        raise HTTPException(409, str(exc)) from None
    return RedirectResponse(_local(form.get("next"), "/corrections"), status_code=303)


@router.get("/corrections", response_class=HTMLResponse)
def audit_log(request: Request, c: Ctx, page: Page = 1):
    who = session(request)
    if who is None:
        return RedirectResponse("/login?next=/corrections", status_code=303)
    found = library.listing(c.store, limit=PER_PAGE, offset=(page - 1) * PER_PAGE, newest_first=True)
    pages = max(1, math.ceil(found["total"] / PER_PAGE))
    return render(request, "corrections.html", found=found, page=page, pages=pages, who=who)


@router.get("/corrections/export")
def export_page(request: Request, c: Ctx, format: Literal["json", "csv"] = "json"):
    if session(request) is None:
        raise HTTPException(403, "log in to export the corrections: /login")
    return _export(c, format)


def _export(c: Any, fmt: str) -> Response:
    media = "application/json" if fmt == "json" else "text/csv; charset=utf-8"
    return PlainTextResponse(
        library.export(c.store, fmt),
        media_type=media,
        headers={"content-disposition": f'attachment; filename="corrections.{fmt}"'},
    )


# -- the API ------------------------------------------------------------------------------


class CorrectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["entity", "event", "participant", "fact", "subject", "quote", "mention"]
    id: str = Field(
        ...,
        min_length=1,
        max_length=300,
        pattern=ID_PATTERN,
        description="The item's id (a participant's or subject's: its event's or fact's); a quote or "
        "a mention is named by its document and span, DOCUMENT_ID:START-END, as in the document's annotations",
    )
    action: Literal["reject", "correct", "merge", "split"]
    value: Any = Field(None, description="The corrected value or what the action needs (see docs/reference.md)")
    note: str | None = Field(None, max_length=2000, description="Why")
    author: str | None = Field(None, max_length=MAX_NAME, description="Who (defaults to 'api')")


@api_router.post(
    "/corrections",
    status_code=201,
    summary="Reject or correct an extracted item, merge or split events and entities (needs the token)",
    responses={401: {"description": "No token"}, 403: {"description": "Wrong token or writing disabled"}},
)
def add_correction(c: Ctx, _: Writer, body: CorrectionIn):
    if body.action == "correct" and body.value is None:
        raise HTTPException(422, "invalid request: value is required when action is 'correct'")
    if len(repr(body.value)) > 10_000:
        raise HTTPException(422, "invalid request: value is too large")
    try:
        return library.record(c.store, body.kind, body.id, body.action, body.value, body.note, body.author or "api")
    except library.CorrectionError as exc:
        raise HTTPException(422, f"invalid request: {exc}") from None


@api_router.get("/corrections", summary="Corrections recorded so far, reverted ones included (needs the token)")
def list_corrections(
    c: Ctx,
    _: Writer,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
):
    return {**library.listing(c.store, limit=limit, offset=offset), "limit": limit, "offset": offset}


@api_router.get("/corrections/export", summary="Every correction as JSON or CSV (needs the token)")
def export_corrections(c: Ctx, _: Writer, format: Literal["json", "csv"] = "json"):
    return _export(c, format)


@api_router.post("/corrections/{id}/revert", summary="Take a correction back (needs the token)")
def revert_correction(c: Ctx, _: Writer, id: int, author: Annotated[str | None, Query(max_length=MAX_NAME)] = None):
    try:
        return library.revert(c.store, id, author or "api")
    except library.CorrectionError as exc:
        raise HTTPException(409, str(exc)) from None
