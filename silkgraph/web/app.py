"""The HTTP API and the analyst's workbench: one FastAPI application.

`create_app(db, kb, token)` opens the store once and shares it between
requests (the store serialises its own calls). Routes live in `api.py`
(JSON under /api) and `pages.py` (server-rendered HTML); both read through
`silkgraph.query` only, so the CLI, the API and the pages agree.

Security posture: everything a page shows may come from a hostile article.
Templates autoescape, the document view escapes every text segment, the
JavaScript writes data with textContent only, and a strict
Content-Security-Policy forbids inline and third-party scripts so that an
escaping slip still cannot run code. Errors never carry a traceback.
"""

from __future__ import annotations

import hmac
import importlib
import logging
import os
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Match

from silkgraph import __version__
from silkgraph.errors import InputError, KnowledgeBaseError, SilkgraphError, StoreError
from silkgraph.web import api
from silkgraph.web.caching import ResponseCache, StoreCaching
from silkgraph.web.shared_cache import SharedResponses
from silkgraph.web.throttle import client_of

log = logging.getLogger("silkgraph.web")

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
TEMPLATE_DIR = HERE / "templates"

# 'self' only: the vendored libraries are served from /static, data comes
# from /api or from non-executable <script type="application/json"> blocks.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
MAX_BODY_BYTES = 2_000_000


class Context:
    """What every request needs: the store, the query layer and, on first use,
    the knowledge base and the pipeline (loading them takes a moment, and
    most requests never need them)."""

    def __init__(self, db: str, kb: Any = None, token: str | None = None, pipeline: str | None = None):
        from silkgraph.ingestion import open_ingest_store

        self.db = db
        self.store = open_ingest_store(db)
        self.pipeline_spec = pipeline
        self.query = importlib.import_module("silkgraph.query")
        self.token = token or None
        self._kb = kb
        self._pipeline = None
        self._lock = threading.Lock()

    @property
    def kb(self):
        if self._kb is None:
            with self._lock:
                if self._kb is None:
                    from silkgraph.kb import KnowledgeBase

                    self._kb = KnowledgeBase.load()
        return self._kb

    @property
    def pipeline(self):
        if self._pipeline is None:
            kb = self.kb
            with self._lock:
                if self._pipeline is None:
                    from silkgraph.pipeline import load_pipeline

                    self._pipeline = load_pipeline(self.pipeline_spec, kb)
        return self._pipeline

    def token_matches(self, presented: str) -> bool:
        # Constant-time comparison: the token is the only secret here.
        return self.token is not None and hmac.compare_digest(presented.encode(), self.token.encode())

    def close(self) -> None:
        self.store.close()


class SecurityHeaders:
    """Pure ASGI middleware (no response buffering) adding the security headers."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Guard request bodies before anything reads them.

    A write to the API is authenticated here, before its body is read, so
    that a client without the token cannot make the server read anything.
    A body is refused with 413 when its Content-Length is over
    MAX_BODY_BYTES, and, since a chunked body has no length, the bytes are
    also counted as they arrive and reading stops at the limit.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            await _too_large()(scope, receive, send)
            return
        if _is_api_write(scope):
            authorization = headers.get(b"authorization", b"").decode("latin-1")
            problem = api.write_refusal(scope["app"], client_of(scope.get("client")), authorization)
            if problem is not None:
                response = JSONResponse({"error": problem.detail}, problem.status_code, headers=problem.headers)
                await response(scope, receive, send)
                return
        started = False
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY_BYTES:
                    raise StarletteHTTPException(413, _TOO_LARGE)
            return message

        async def tracking_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except StarletteHTTPException as exc:  # raised outside a route, where no handler turned it into a page
            if exc.status_code != 413 or started:
                raise
            await _too_large()(scope, receive, send)


def _is_api_write(scope) -> bool:
    """Whether the request goes to a write route of the API (method and path match one)."""
    path = scope.get("path", "")
    if scope.get("method") not in api.WRITE_METHODS or not (path == "/api" or path.startswith("/api/")):
        return False
    return any(route.matches(scope)[0] == Match.FULL for route in scope["app"].routes)


_TOO_LARGE = f"request body larger than {MAX_BODY_BYTES} bytes"


def _too_large() -> JSONResponse:
    return JSONResponse({"error": _TOO_LARGE}, 413)


SERVER_STAMP_ENV = "SILKGRAPH_SERVER_STAMP"


def _validator_stamp() -> str:
    """What besides the store's generation an ETag depends on: the version, and the start of the
    server (its knowledge base and templates may have changed since the last start). The
    workers of one server share the stamp through the environment (set by serve.serve)."""
    started = os.environ.get(SERVER_STAMP_ENV) or f"{time.time():.0f}"
    return f"{__version__}-{started}"


def create_app(
    db: str,
    kb: Any = None,
    token: str | None = None,
    response_cache: bool = False,
    pipeline: str | None = None,
    shared_cache: str | None = None,
    prepare: bool = False,
) -> FastAPI:
    """The application over the store at `db`. With `token`, the write endpoints
    (POST /api/documents, POST /api/corrections) are on and require
    ``Authorization: Bearer <token>``; without it they answer 403.

    Answers carry ETags of the store's generation (silkgraph.web.caching); with
    `response_cache` the process also keeps recent answers of the current
    generation in memory (`silkgraph serve` turns it on), and with `shared_cache`
    (a directory) shares the slower ones with the other worker processes. With `prepare`,
    the application loads what most requests need before it takes the first (prepare). Posted articles are analysed by the
    pipeline that factory `pipeline` builds (silkgraph.pipeline.load_pipeline)."""
    from silkgraph.web import briefing, downloads, netmap_api, pages

    context = Context(db, kb, token, pipeline)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if prepare:
            await run_in_threadpool(prepare_for_requests, context)
        yield
        context.close()

    app = FastAPI(
        title="Silkgraph",
        version=__version__,
        description="Entities, events, facts and quotes from news on Central Asia's foreign relations.",
        # The interactive docs pages load scripts from a CDN and inline code,
        # which the Content-Security-Policy rightly forbids; the schema stays.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.silk = context
    _install_error_handlers(app, context)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    if callable(getattr(context.store, "generation", None)):
        # Outside GZip, so that the compressed answer is the one kept.
        app.add_middleware(
            StoreCaching,
            generation_of=context.store.generation,
            version=_validator_stamp(),
            cache=ResponseCache() if response_cache else None,
            files=context.store.files() if callable(getattr(context.store, "files", None)) else (),
            shared=SharedResponses(shared_cache) if shared_cache else None,
        )
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api.router)
    app.include_router(netmap_api.router)
    app.include_router(pages.router)
    app.include_router(briefing.router)
    app.include_router(downloads.router)
    _include_following(app)
    return app


def prepare_for_requests(context: Context) -> None:
    """Load the knowledge base and compile the page templates now, so that the first requests a
    worker process takes do not wait for it (a second or more on a busy machine)."""
    from silkgraph.web.pages import templates

    context.kb  # noqa: B018 - loads it
    for name in templates.env.list_templates(extensions=["html"]):
        templates.env.get_template(name)


def _include_following(app: FastAPI) -> None:
    """The API and pages of followed sources, watchlists and alerts."""
    from silkgraph.web import correcting, follow_api, follow_pages

    app.include_router(follow_api.router)
    app.include_router(follow_pages.router)
    app.include_router(correcting.api_router)
    app.include_router(correcting.router)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


def error_response(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
    """A JSON error under /api, an HTML page elsewhere; same status either way."""
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status, headers=headers)
    from silkgraph.web.pages import render_error

    return render_error(request, status, message, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        msg = str(err.get("msg", "invalid value"))
        if err.get("type") == "string_pattern_mismatch":  # the pattern is ours to know, not the reader's
            msg = "not a valid value here (a character or form it may not have)"
        parts.append(f"{where}: {msg}" if where else msg)
    return "invalid request: " + "; ".join(parts[:5])


def _install_error_handlers(app: FastAPI, context: Context) -> None:
    not_found = getattr(context.query, "NotFound", None)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"not found: {request.url.path}"
        return error_response(request, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return error_response(request, 422, _validation_message(exc))

    async def unknown_item(request: Request, exc: Exception):
        return error_response(request, 404, (str(exc) or "not found")[:300])

    if not_found is not None:
        app.add_exception_handler(not_found, unknown_item)

    @app.exception_handler(SilkgraphError)
    async def silkgraph_error(request: Request, exc: SilkgraphError):
        if isinstance(exc, (StoreError, KnowledgeBaseError)):
            # These name files on the server: log them, do not show them.
            log.error("request %s failed: %s", request.url.path, exc)
            return error_response(request, 500, "internal error: the store or knowledge base failed")
        # Anything else Silkgraph raises on purpose is about the request.
        return error_response(request, 400, exc.reason if isinstance(exc, InputError) else str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        # Runs in Starlette's outermost middleware, outside SecurityHeaders,
        # so the headers are added here.
        log.exception("unhandled error on %s", request.url.path)
        response = error_response(request, 500, "internal server error")
        for name, value in SECURITY_HEADERS:
            response.headers[name.decode()] = value.decode()
        return response
