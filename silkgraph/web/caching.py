"""HTTP caching of what the store's readers see: ETags keyed by the store's generation.

Every page and API answer is a function of the request and the store, and
the store says when it changed (`generation()`, raised by every write, in
any process). So a response carries the weak ETag ``W/"<version>-<generation>"``
and ``Cache-Control: no-cache``: a client may keep it but asks again every
time, and gets ``304 Not Modified`` -- without the route running at all --
as long as nothing was written. Behind that, each worker process keeps the
most recent responses in memory for the current generation, so that fifty
analysts opening the same network or timeline cost one computation, not fifty.

Only anonymous GET and HEAD requests are cached: a request with
credentials may see what others may not (corrections), and writes never are.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Any, Callable

from starlette.concurrency import run_in_threadpool

log = logging.getLogger("silkgraph.web")

CACHE_CONTROL = b"no-cache"
MAX_ENTRY_BYTES = 2_000_000  # a bigger answer (a huge network) is computed again
MAX_CACHE_BYTES = 64_000_000  # per worker process
_UNCACHED_PREFIXES = ("/static/",)
_KEPT_HEADERS = frozenset({b"content-type", b"content-encoding", b"vary", b"content-language"})


class ResponseCache:
    """Responses of one store generation, least recently used dropped first, bounded in bytes."""

    def __init__(self, max_bytes: int = MAX_CACHE_BYTES):
        self.max_bytes = max_bytes
        self._generation: Any = None
        self._entries: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, generation: Any, key: tuple) -> tuple[int, list, bytes] | None:
        with self._lock:
            if generation != self._generation:
                return None
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, generation: Any, key: tuple, entry: tuple[int, list, bytes]) -> None:
        size = len(entry[2]) + 200
        if size > min(MAX_ENTRY_BYTES, self.max_bytes):
            return
        with self._lock:
            if generation != self._generation:  # a new generation: everything older is stale
                self._entries.clear()
                self._bytes = 0
                self._generation = generation
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[2]) + 200
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped[2]) + 200


def _etag_matches(header: bytes, etag: bytes) -> bool:
    """If-None-Match: weak comparison against any of the listed tags, or "*"."""
    candidates = [c.strip() for c in header.split(b",")]
    bare = etag.removeprefix(b"W/")
    return any(c == b"*" or c.removeprefix(b"W/") == bare for c in candidates)


class StoreCaching:
    """Pure ASGI middleware: ETag, Cache-Control, 304 and a response cache per generation.

    `generation_of()` is called once per cacheable request (in a worker
    thread: it reads the store); None turns caching off for that request.
    """

    def __init__(self, app, generation_of: Callable[[], Any], version: str, cache: ResponseCache | None = None):
        self.app = app
        self.generation_of = generation_of
        self.version = version
        self.cache = cache  # None: validators and 304 only, every 200 computed

    async def __call__(self, scope, receive, send):
        if not _cacheable_request(scope):
            await self.app(scope, receive, send)
            return
        try:
            generation = await run_in_threadpool(self.generation_of)
        except Exception:  # the route will meet the same failure and report it
            log.debug("no store generation for %s", scope.get("path"), exc_info=True)
            generation = None
        if generation is None:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        etag = f'W/"{self.version}-{generation}"'.encode()
        validators = [(b"etag", etag), (b"cache-control", CACHE_CONTROL)]
        if _etag_matches(headers.get(b"if-none-match", b""), etag):
            await send({"type": "http.response.start", "status": 304, "headers": validators})
            await send({"type": "http.response.body", "body": b""})
            return
        gzip = b"gzip" in headers.get(b"accept-encoding", b"").lower()
        key = (scope.get("path"), scope.get("query_string", b""), gzip)
        cached = self.cache.get(generation, key) if self.cache is not None else None
        if cached is not None:
            status, kept, body = cached
            await _replay(
                send,
                status,
                [*kept, *validators, (b"content-length", str(len(body)).encode())],
                b"" if scope["method"] == "HEAD" else body,
            )
            return
        await self._run_and_keep(scope, receive, send, generation, key, validators)

    async def _run_and_keep(self, scope, receive, send, generation, key, validators) -> None:
        """Run the route; add the validators to a 200 answer and keep a copy of it."""
        state: dict[str, Any] = {"status": 0, "headers": [], "body": [], "keep": False}

        async def capture(message):
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                state["headers"] = list(message.get("headers", []))
                state["keep"] = message["status"] == 200 and not any(
                    n.lower() == b"set-cookie" for n, _ in state["headers"]
                )
                if state["keep"]:
                    message = {**message, "headers": [*state["headers"], *validators]}
            elif message["type"] == "http.response.body" and state["keep"]:
                state["body"].append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        if state["keep"] and scope["method"] == "GET" and self.cache is not None:
            kept = [(n, v) for n, v in state["headers"] if n.lower() in _KEPT_HEADERS]
            self.cache.put(generation, key, (state["status"], kept, b"".join(state["body"])))


def _cacheable_request(scope) -> bool:
    if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
        return False
    if scope.get("path", "").startswith(_UNCACHED_PREFIXES):
        return False
    return not any(name == b"authorization" or name == b"cookie" for name, _ in scope.get("headers", []))


async def _replay(send, status: int, headers: list, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
