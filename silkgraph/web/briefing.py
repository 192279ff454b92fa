"""The workbench's briefings: /entities/{id}/briefing renders silkgraph.briefing's dossier
as a printable page (or, with format=md, pdf or json, as a Markdown, PDF or JSON download; the PDF
is printed by headless Chromium, one at a time). An alias in the address
(/entities/Kasachstan/briefing) redirects to the entity's own."""

from __future__ import annotations

import re
import threading
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response

from silkgraph import briefing, briefing_render
from silkgraph.web.api import Ctx, DateFrom, DateTo, ItemId

router = APIRouter(include_in_schema=False)
PDF_PRINTS = threading.BoundedSemaphore(1)


@router.get("/entities/{id}/briefing", response_class=HTMLResponse)
def entity_briefing(
    request: Request,
    c: Ctx,
    id: ItemId,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    format: Annotated[
        Literal["html", "md", "pdf", "json"], Query(description="html: a page; md: Markdown; pdf: A4 PDF; json: data")
    ] = "html",
) -> Response:
    """The briefing on one entity for a period, as a page or as Markdown."""
    entity_id = briefing.resolve(c.store, c.kb, id)
    if entity_id != id:
        return RedirectResponse(str(request.url.replace(path=f"/entities/{_segment(entity_id)}/briefing")), 307)
    found = briefing.build(c.store, c.kb, entity_id, date_from, date_to)
    name = "briefing-" + re.sub(r"[^a-z0-9_-]+", "_", entity_id.lower())[:100]
    if format == "md":
        return PlainTextResponse(
            briefing_render.markdown(found),
            media_type="text/markdown; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.md"'},
        )
    if format == "json":
        return JSONResponse(found.to_json(), headers={"Content-Disposition": f'attachment; filename="{name}.json"'})
    if format == "pdf":
        with PDF_PRINTS:  # one Chromium at a time: each takes a core for seconds
            try:
                document = briefing_render.pdf(found)
            except briefing_render.PdfUnavailable as exc:
                raise HTTPException(503, str(exc)) from exc
        return Response(
            document,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
        )
    return HTMLResponse(briefing_render.html(found, standalone=False))


@router.get("/briefing.css")
def stylesheet() -> Response:
    """The briefings' stylesheet, the one standalone briefings embed."""
    return Response(briefing_render.STYLESHEET.read_text(encoding="utf-8"), media_type="text/css; charset=utf-8")


def _segment(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")
