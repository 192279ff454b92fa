"""Polite HTTP fetching: conditional GETs, bounded bodies and time, retries, robots.txt.

One `Fetcher` serves a whole watcher run and may be shared by threads. It
keeps to each host's politeness delay and concurrency limit, honours
robots.txt (RFC 9309: a missing file allows everything, an unreachable one
nothing), and stops reading a body that grows past its size limit or takes
longer than its deadline in total (a server trickling bytes would otherwise
never trip a read timeout). Failures come out as `FetchError` with a one-line
reason and whether trying again later may help.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Self
from urllib import robotparser
from urllib.parse import urlsplit, urlunsplit

import httpx2 as httpx

from silkgraph import __version__

DEFAULT_USER_AGENT = f"Silkgraph/{__version__} (news reader; +https://github.com/silkgraph)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
ROBOTS_MAX_BYTES = 512_000
ROBOTS_TTL_SECONDS = 3600
MAX_RETRY_AFTER = 60.0  # seconds; a longer wish is met by the next poll instead
MAX_CRAWL_DELAY = 60.0


_deadline = threading.local()  # when the current thread's response must be complete (monotonic seconds)


class _DeadlineStream:
    """A connection whose reads give up at the deadline of the response in hand: a server sending
    its status line or headers a byte at a time never trips a per-read timeout."""

    def __init__(self, stream):
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        import httpcore2

        until = getattr(_deadline, "at", None)
        if until is not None:
            left = until - time.monotonic()
            if left <= 0:
                raise httpcore2.ReadTimeout("the response's deadline passed")
            timeout = left if timeout is None else min(timeout, left)
        return self._stream.read(max_bytes, timeout)

    def __getattr__(self, name):  # write, close, start_tls, get_extra_info
        return getattr(self._stream, name)


class _DeadlineBackend:
    """httpcore's synchronous network backend, its connections wrapped in _DeadlineStream."""

    def __init__(self):
        import httpcore2

        self._backend = httpcore2.SyncBackend()

    def connect_tcp(self, *args, **kwargs):
        return _DeadlineStream(self._backend.connect_tcp(*args, **kwargs))

    def connect_unix_socket(self, *args, **kwargs):
        return _DeadlineStream(self._backend.connect_unix_socket(*args, **kwargs))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def _transport(limits: Limits) -> httpx.HTTPTransport:
    """httpx's transport over a connection pool whose reads keep to each response's deadline.
    The pool is httpcore's own, built as httpx builds it, with the network backend swapped in:
    httpx offers no other place to put a limit on a whole response."""
    import httpcore2

    transport = httpx.HTTPTransport(trust_env=False)
    transport._pool = httpcore2.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=100,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=_DeadlineBackend(),
    )
    return transport


class FetchError(Exception):
    """A request that gave no usable response; `reason` is one line fit for a user."""

    def __init__(
        self, reason: str, retryable: bool = False, status: int | None = None, retry_after: float | None = None
    ):
        super().__init__(reason)
        self.reason, self.retryable, self.status, self.retry_after = reason, retryable, status, retry_after


def _seconds(retry_after: str | None) -> float | None:
    """A Retry-After header's wait in seconds (it may be a number or an HTTP date)."""
    if not retry_after:
        return None
    value = retry_after.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


@dataclass(frozen=True)
class Limits:
    """How long and how much one request may take, and how hard to retry."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # between two chunks of a response
    deadline: float = 60.0  # for the whole response, however it trickles
    max_bytes: int = 10_000_000  # decoded body
    max_redirects: int = 5
    retries: int = 2  # after the first attempt, for timeouts, connection errors, 429 and 5xx
    backoff: float = 1.0  # seconds before the first retry, doubled each time, with jitter
    per_host: int = 2  # requests to one host at the same time


@dataclass
class Response:
    url: str  # after redirects
    status: int  # 200 or 304
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class _Host:
    gate: threading.BoundedSemaphore
    lock: threading.Lock = field(default_factory=threading.Lock)  # guards next_request
    robots_lock: threading.Lock = field(default_factory=threading.Lock)
    next_request: float = 0.0
    robots: robotparser.RobotFileParser | None = None
    robots_until: float = 0.0
    robots_error: str | None = None  # why robots.txt could not be read, when it could not


class Fetcher:
    """An HTTP client for one watcher run. `stop` (an Event) cuts waits short."""

    def __init__(
        self,
        limits: Limits | None = None,
        stop: threading.Event | None = None,
        transport: httpx.BaseTransport | None = None,
    ):
        self.limits = limits or Limits()
        self.stop = stop or threading.Event()
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        timeout = httpx.Timeout(self.limits.read_timeout, connect=self.limits.connect_timeout)
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=True,
            max_redirects=self.limits.max_redirects,
            transport=transport or _transport(self.limits),
            trust_env=False,
            headers={"Accept-Encoding": "gzip, deflate"},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- public ------------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        user_agent: str | None = None,
        delay: float = 0.0,
        headers: dict | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "*/*",
        robots: bool = True,
    ) -> Response:
        """GET `url` politely; 200 or 304 come back, anything else raises FetchError."""
        agent = user_agent or DEFAULT_USER_AGENT
        if robots and not self.allowed(url, agent, delay):
            unreachable = self._host(url).robots_error
            if unreachable:
                raise FetchError(
                    f"robots.txt could not be read ({unreachable}); nothing is fetched from this host until it can",
                    retryable=True,
                )
            raise FetchError("robots.txt disallows fetching this URL")
        if robots:
            delay = max(delay, self.crawl_delay(url, agent))
        request_headers = {"User-Agent": agent, "Accept": accept, **(headers or {})}
        if etag:
            request_headers["If-None-Match"] = etag
        if last_modified:
            request_headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return self._once(url, request_headers, delay)
            except FetchError as exc:
                if not exc.retryable or attempt >= self.limits.retries or self.stop.is_set():
                    raise
                asked = min(exc.retry_after or 0.0, MAX_RETRY_AFTER)
            pause = self.limits.backoff * (2**attempt)
            # Jitter spreads the retries of many clients; a server's Retry-After is a floor.
            self.stop.wait(max(asked, pause + random.uniform(0, pause)))
            attempt += 1

    def crawl_delay(self, url: str, user_agent: str) -> float:
        """The Crawl-delay robots.txt asks of `user_agent` on the URL's host (0 when none)."""
        parser = self._host(url).robots
        try:
            asked = float(parser.crawl_delay(user_agent) or 0) if parser is not None else 0.0
        except (TypeError, ValueError):
            asked = 0.0
        return min(max(asked, 0.0), MAX_CRAWL_DELAY)

    def allowed(self, url: str, user_agent: str, delay: float = 0.0) -> bool:
        """Whether robots.txt of the URL's host lets `user_agent` fetch it."""
        host = self._host(url)
        with host.robots_lock:
            if host.robots is None or time.monotonic() > host.robots_until:
                host.robots, host.robots_error = self._robots(url, user_agent, delay)
                # An unreachable robots.txt is asked for again soon, a readable one hourly.
                host.robots_until = time.monotonic() + (ROBOTS_TTL_SECONDS if host.robots_error is None else 60)
            return host.robots.can_fetch(user_agent, url)

    # -- internals -----------------------------------------------------------------

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        with self._hosts_lock:
            if key not in self._hosts:
                self._hosts[key] = _Host(threading.BoundedSemaphore(self.limits.per_host))
            return self._hosts[key]

    def _robots(self, url: str, user_agent: str, delay: float) -> tuple[robotparser.RobotFileParser, str | None]:
        parts = urlsplit(url)
        robots_url = urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
        parser = robotparser.RobotFileParser(robots_url)
        try:
            response = self._once(
                robots_url, {"User-Agent": user_agent, "Accept": "text/plain"}, delay, max_bytes=ROBOTS_MAX_BYTES
            )
            parser.parse(response.body.decode("utf-8", "replace").splitlines())
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                parser.allow_all = True  # no robots.txt: everything may be fetched
            else:
                parser.disallow_all = True  # unreachable: assume nothing may be, until it is back
                return parser, exc.reason
        return parser, None

    def _wait_turn(self, host: _Host, delay: float) -> None:
        """Keep `delay` seconds between the starts of two requests to one host."""
        with host.lock:
            start = max(time.monotonic(), host.next_request)
            host.next_request = start + delay
        pause = start - time.monotonic()
        if pause > 0:
            self.stop.wait(pause)

    def _once(self, url: str, headers: dict, delay: float, max_bytes: int | None = None) -> Response:
        host = self._host(url)
        limit = max_bytes or self.limits.max_bytes
        with host.gate:
            self._wait_turn(host, delay)
            started = time.monotonic()
            _deadline.at = started + self.limits.deadline
            try:
                with self._client.stream("GET", url, headers=headers) as response:
                    status = response.status_code
                    if status == 304:
                        return Response(
                            str(response.url),
                            304,
                            b"",
                            "",
                            response.headers.get("etag"),
                            response.headers.get("last-modified"),
                        )
                    if status != 200:
                        raise FetchError(
                            f"HTTP {status} {response.reason_phrase}".strip(),
                            retryable=status in RETRY_STATUSES,
                            status=status,
                            retry_after=_seconds(response.headers.get("retry-after")),
                        )
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > limit:
                        raise FetchError(f"response of {int(declared):,} bytes is over the {limit:,} byte limit")
                    body = self._read_body(response, limit, started)
                    return Response(
                        str(response.url),
                        200,
                        body,
                        response.headers.get("content-type", ""),
                        response.headers.get("etag"),
                        response.headers.get("last-modified"),
                    )
            except httpx.TooManyRedirects as exc:
                raise FetchError(f"redirect loop or more than {self.limits.max_redirects} redirects") from exc
            except httpx.TimeoutException as exc:
                if time.monotonic() - started >= self.limits.deadline:
                    raise FetchError(
                        f"response took over {self.limits.deadline:g} s (server too slow)", retryable=True
                    ) from exc
                raise FetchError(f"timed out ({type(exc).__name__})", retryable=True) from exc
            except httpx.DecodingError as exc:
                raise FetchError(f"body could not be decoded: {exc}") from exc
            except httpx.UnsupportedProtocol as exc:
                raise FetchError(f"unsupported URL: {exc}") from exc
            except httpx.TransportError as exc:
                raise FetchError(f"connection failed: {type(exc).__name__}: {exc}".strip(), retryable=True) from exc
            except httpx.InvalidURL as exc:
                raise FetchError(f"invalid URL: {exc}") from exc
            finally:
                _deadline.at = None

    def _read_body(self, response, limit: int, started: float) -> bytes:
        """The decoded body, refused once over `limit` bytes or `deadline` seconds."""
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"response body over the {limit:,} byte limit")
            if time.monotonic() - started > self.limits.deadline:
                raise FetchError(f"response took over {self.limits.deadline:g} s (server too slow)", retryable=True)
            if self.stop.is_set():
                raise FetchError("stopped")
            chunks.append(chunk)
        return b"".join(chunks)
