"""HTTP caching of what the store's readers see: ETags keyed by the store's generation.

Every page and API answer is a function of the request and the store, and
the store says when it changed (`generation()`, raised by every write, in
any process). So a response carries the weak ETag ``W/"<version>-<generation>"``
and ``Cache-Control: no-cache``: a client may keep it but asks again every
time, and gets ``304 Not Modified`` -- without the route running at all --
as long as nothing was written. Behind that, each worker process keeps the
most recent responses in memory for the current generation, so that fifty
analysts opening the same network or timeline cost one computation, not fifty:
requests for an answer that is being computed wait for it rather than compute
it again, and the server's workers share the slow and the big answers
(silkgraph.web.shared_cache). An answer served from the cache needs neither a
thread nor the database while the store's files are unchanged
(silkgraph.web.generation).

Only anonymous GET and HEAD requests are cached: a request with
credentials may see what others may not (corrections), and writes never are.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO, Callable

from starlette.concurrency import run_in_threadpool

from silkgraph.web.generation import GenerationWatch
from silkgraph.web.shared_cache import SHARE_MIN_SECONDS, SharedResponses

log = logging.getLogger("silkgraph.web")

CACHE_CONTROL = b"no-cache"
MAX_ENTRY_BYTES = 2_000_000  # a bigger answer (a huge network) is kept in the shared directory only
MAX_CACHE_BYTES = 64_000_000  # per worker process
FILE_PIECE_BYTES = 1 << 20  # a big answer kept in a file is sent in pieces of this size
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

    def fits(self, entry: tuple[int, list, bytes], length: int | None = None) -> bool:
        """Whether the answer (with a body of `length` bytes, if given) is small enough to be kept here."""
        size = len(entry[2]) if length is None else length
        return size + 200 <= min(MAX_ENTRY_BYTES, self.max_bytes)

    def put(self, generation: Any, key: tuple, entry: tuple[int, list, bytes]) -> None:
        size = len(entry[2]) + 200
        if not self.fits(entry):
            return
        with self._lock:
            if _older(generation, self._generation):  # finished after a write: already stale
                return
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


def _older(generation: Any, current: Any) -> bool:
    """Whether `generation` comes before `current` (generations that are numbers only)."""
    return isinstance(generation, int) and isinstance(current, int) and generation < current


def _etag_matches(header: bytes, etag: bytes) -> bool:
    """If-None-Match: weak comparison against any of the listed tags, or "*"."""
    candidates = [c.strip() for c in header.split(b",")]
    bare = etag.removeprefix(b"W/")
    return any(c == b"*" or c.removeprefix(b"W/") == bare for c in candidates)


class StoreCaching:
    """Pure ASGI middleware: ETag, Cache-Control, 304 and a response cache per generation.

    The generation comes from `generation_of()`, asked in a worker thread (it
    reads the store) unless the store's `files` show that it cannot have changed
    (silkgraph.web.generation); None turns caching off for that request. With a
    cache, requests for an answer that is being computed wait for it instead of
    computing it again, and with `shared`, answers that took a while are also
    kept for the server's other worker processes.
    """

    def __init__(
        self,
        app,
        generation_of: Callable[[], Any],
        version: str,
        cache: ResponseCache | None = None,
        files: Sequence[Path] = (),
        shared: SharedResponses | None = None,
    ):
        self.app = app
        self.watch = GenerationWatch(generation_of, files)
        self.version = version
        self.cache = cache  # None: validators and 304 only, every 200 computed
        self.shared = shared if cache is not None else None
        self._computing: dict[tuple, asyncio.Event] = {}

    async def __call__(self, scope, receive, send):
        if not _cacheable_request(scope):
            await self.app(scope, receive, send)
            return
        generation = await self._generation(scope)
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
        if self.cache is None:
            await self._run_and_keep(scope, receive, send, generation, None, validators)
            return
        gzip = b"gzip" in headers.get(b"accept-encoding", b"").lower()
        key = (scope.get("path"), scope.get("query_string", b""), gzip)
        cached = await self._cached(generation, key)
        if cached is not None:
            await _replay_entry(scope, send, cached, validators)
            return
        flight = (generation, key)
        leading = flight not in self._computing  # else the answer could not be kept: compute it too
        if leading:
            self._computing[flight] = asyncio.Event()
        try:
            await self._run_and_keep(scope, receive, send, generation, key, validators)
        finally:
            if leading:
                self._computing.pop(flight).set()

    async def _generation(self, scope) -> Any:
        """The store's generation: from the watched files when they did not change, else from the store."""
        generation = self.watch.unchanged()
        if generation is not None:
            return generation
        try:
            return await run_in_threadpool(self.watch.read)
        except Exception:  # the route will meet the same failure and report it
            log.debug("no store generation for %s", scope.get("path"), exc_info=True)
            return None

    async def _cached(self, generation: Any, key: tuple) -> tuple[int, list, bytes | BinaryIO] | None:
        """A kept answer: this worker's, another worker's, or one that a request running now computes."""
        entry = self._kept(generation, key)
        if entry is None and (computing := self._computing.get((generation, key))) is not None:
            await computing.wait()
            entry = self._kept(generation, key)
        return entry

    def _kept(self, generation: Any, key: tuple) -> tuple[int, list, bytes | BinaryIO] | None:
        """From memory, else from the shared directory: into memory if it fits, else as the open file."""
        assert self.cache is not None
        entry = self.cache.get(generation, key)
        if entry is not None or self.shared is None:
            return entry
        found = self.shared.open(generation, key)
        if found is None:
            return None
        status, headers, length, file = found
        if not self.cache.fits((status, headers, b""), length):
            return status, headers, file
        with file:
            entry = (status, headers, file.read())
        self.cache.put(generation, key, entry)
        return entry

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

        started = time.perf_counter()
        await self.app(scope, receive, capture)
        if state["keep"] and scope["method"] == "GET" and self.cache is not None:
            kept = [(n, v) for n, v in state["headers"] if n.lower() in _KEPT_HEADERS]
            entry = (state["status"], kept, b"".join(state["body"]))
            self.cache.put(generation, key, entry)
            slow = time.perf_counter() - started >= SHARE_MIN_SECONDS
            if self.shared is not None and (slow or not self.cache.fits(entry)):
                self.shared.put(generation, key, entry)


def _cacheable_request(scope) -> bool:
    if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
        return False
    if scope.get("path", "").startswith(_UNCACHED_PREFIXES):
        return False
    return not any(name == b"authorization" or name == b"cookie" for name, _ in scope.get("headers", []))


async def _replay_entry(scope, send, entry: tuple[int, list, bytes | BinaryIO], validators: list) -> None:
    """Send a kept answer again, with this request's validators; a body in a file goes piece by piece,
    each piece once the client took the one before, so that a big answer is never all in memory."""
    status, kept, body = entry
    if isinstance(body, bytes):
        headers = [*kept, *validators, (b"content-length", str(len(body)).encode())]
        await _replay(send, status, headers, b"" if scope["method"] == "HEAD" else body)
        return
    with body:
        length = os.fstat(body.fileno()).st_size - body.tell()
        headers = [*kept, *validators, (b"content-length", str(length).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        while scope["method"] != "HEAD" and (piece := body.read(FILE_PIECE_BYTES)):
            await send({"type": "http.response.body", "body": piece, "more_body": True})
        await send({"type": "http.response.body", "body": b""})


async def _replay(send, status: int, headers: list, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
