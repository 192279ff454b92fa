"""Failed logins slowed down: a client that gives a wrong token too often is locked out a while.

The server's token is the only secret between a visitor and the right to write. Each client
(its address) may fail MAX_FAILURES times within WINDOW_SECONDS; then every further attempt,
right or wrong, is refused for LOCK_SECONDS after its last failure (HTTP 429 with Retry-After),
so that guessing the token takes years instead of hours. A success clears the client's failures.
What is kept is bounded (MAX_CLIENTS, the longest idle dropped first) and lives in the server's
process: each worker counts its own clients' failures.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

__all__ = ["LOCK_SECONDS", "MAX_FAILURES", "WINDOW_SECONDS", "LoginThrottle", "client_of", "throttle_of"]

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60
MAX_CLIENTS = 10_000


class LoginThrottle:
    """Failed attempts per client within a window, and the lock that too many of them set."""

    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW_SECONDS,
        lock: float = LOCK_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.max_failures, self.window, self.lock, self.clock = max_failures, window, lock, clock
        self._failures: OrderedDict[str, list[float]] = OrderedDict()
        self._mutex = threading.Lock()

    def _recent(self, client: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(client, ()) if now - t < self.window + self.lock]
        if times:
            self._failures[client] = times
        else:
            self._failures.pop(client, None)
        return times

    def wait(self, client: str) -> int:
        """Seconds the client must wait before trying again; 0 when it may try now."""
        with self._mutex:
            now = self.clock()
            times = self._recent(client, now)
            if len(times) < self.max_failures or times[-1] - times[-self.max_failures] >= self.window:
                return 0  # not that many failures close together
            return max(0, math.ceil(times[-1] + self.lock - now))

    def failed(self, client: str) -> None:
        """Count one failed attempt of the client."""
        with self._mutex:
            now = self.clock()
            times = self._recent(client, now)
            self._failures[client] = times + [now]
            self._failures.move_to_end(client)
            while len(self._failures) > MAX_CLIENTS:
                self._failures.popitem(last=False)

    def succeeded(self, client: str) -> None:
        """Forget the client's failures: it knows the token."""
        with self._mutex:
            self._failures.pop(client, None)


def throttle_of(app) -> LoginThrottle:
    """The application's throttle (one per application, made on first use)."""
    throttle = getattr(app.state, "login_throttle", None)
    if throttle is None:
        throttle = app.state.login_throttle = LoginThrottle()
    return throttle


def client_of(client) -> str:
    """The address a request came from (what failures are counted by), from its client
    (Starlette's Address, or the ASGI scope's (host, port))."""
    return str(client[0]) if client else "unknown"
