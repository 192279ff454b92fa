"""Iterate in a background thread, so that the consumer can act while the producer waits.

`ingest` stores analysed documents in batches and promises that none waits
longer than a few seconds for its batch. Reading blocks, though: a slow pipe
on standard input, a network file system. `Prefetched` runs the iteration
in a daemon thread and hands items over through a small queue; `next_item`
returns `WAITING` when nothing came within the timeout, and the consumer
can store what it holds and ask again.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Any

WAITING = object()  # next_item: nothing arrived within the timeout
_DONE = object()


class _Failure:
    def __init__(self, exc: BaseException):
        self.exc = exc


class Prefetched:
    """The items of `source`, produced by a background thread at most `ahead` items ahead.

    Exceptions of the source are raised again in the consumer. `close()` (or
    leaving the `with` block) tells the thread to stop at its next item and
    closes the source there, in the thread that iterates it.
    """

    def __init__(self, source: Iterator[Any], ahead: int = 64):
        self._queue: queue.Queue = queue.Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._finished = False
        self._thread = threading.Thread(target=self._run, args=(source,), name="silkgraph-prefetch", daemon=True)
        self._thread.start()

    def _put(self, item: Any) -> bool:
        """Queue `item` unless asked to stop first; True when queued."""
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self, source: Iterator[Any]) -> None:
        try:
            for item in source:
                if not self._put(item):
                    break
            else:
                self._put(_DONE)
        except BaseException as exc:  # handed to the consumer, who decides
            self._put(_Failure(exc))
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()

    def next_item(self, timeout: float | None) -> Any:
        """The next item; `WAITING` when none came within `timeout` seconds.
        Raises StopIteration at the end, and whatever the source raised."""
        if self._finished:
            raise StopIteration
        try:
            item = self._queue.get(timeout=timeout)
        except queue.Empty:
            return WAITING
        if item is _DONE:
            self._finished = True
            raise StopIteration
        if isinstance(item, _Failure):
            self._finished = True
            raise item.exc
        return item

    def close(self, wait: float = 5.0) -> None:
        """Stop the thread; waits up to `wait` seconds for it (it may be blocked reading)."""
        self._stop.set()
        self._thread.join(wait)

    def __enter__(self) -> "Prefetched":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
