"""The store's generation, asked of the database only when its files say it may have changed.

Every cacheable request needs the store's generation (silkgraph.web.caching).
Reading it costs a read transaction, run in a worker thread so that the event
loop never waits on the database; under load that thread hop and the
transaction were most of the cost of an answer served from the cache, and the
threads were shared with the requests that compute. Yet a write of the store,
by any process, changes its files: in WAL mode every commit appends to the
log, and a checkpoint writes the database file. So when neither file changed
since the generation was last read, it is still the same, and the answer needs
no thread and no transaction.

A file's modification time has the resolution of the kernel's clock tick, so
two writes within one tick may leave the same time behind. The files are
therefore trusted only once their last change is older than SETTLE_SECONDS at
the moment they were looked at: any later write gives a later time. A store
whose files cannot be watched (PostgreSQL) is asked every time.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

SETTLE_SECONDS = 0.05  # far above the kernel's clock tick (1-10 ms)

Marks = tuple[tuple[int, int, int] | None, ...]


def file_marks(paths: Sequence[Path]) -> Marks:
    """(inode, size, modification time in ns) of each file; None for one that does not exist."""
    marks: list[tuple[int, int, int] | None] = []
    for path in paths:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            marks.append(None)
        else:
            marks.append((st.st_ino, st.st_size, st.st_mtime_ns))
    return tuple(marks)


def _newest_change_ns(marks: Marks) -> int:
    return max((m[2] for m in marks if m is not None), default=0)


class GenerationWatch:
    """`generation_of()` remembered together with the state of the files that change with it."""

    def __init__(self, generation_of: Callable[[], Any], files: Sequence[Path] = ()):
        self.generation_of = generation_of
        self.files = tuple(files)
        self._known: tuple[Marks, Any] | None = None
        self._lock = threading.Lock()

    def unchanged(self) -> Any:
        """The generation if the files show that it cannot have changed, else None. Cheap, never blocks."""
        known = self._known
        if known is None or not self.files:
            return None
        marks, generation = known
        return generation if file_marks(self.files) == marks else None

    def read(self) -> Any:
        """The generation as the store says it now (a read transaction: call it from a worker thread)."""
        if not self.files:
            return self.generation_of()
        looked_at_ns = time.time_ns()
        marks = file_marks(self.files)
        generation = self.generation_of()  # after the look: it includes every write the marks show
        settled = looked_at_ns - _newest_change_ns(marks) > SETTLE_SECONDS * 1e9
        with self._lock:
            self._known = (marks, generation) if settled else None
        return generation
