"""Answers shared between the worker processes of one server, as files of the store's generation.

Each worker keeps recent answers in memory (silkgraph.web.caching.ResponseCache),
but a page that takes a second to compute would then be computed once per
worker: after every write, and for every worker that a client's connection
happens to reach. So an answer that took at least SHARE_MIN_SECONDS is also
written to a directory that the server's workers share (made by `silkgraph
serve`, private to its user, removed when the server stops); another worker
reads it from there instead of computing it again. On Linux the directory is
in /dev/shm, so the files live in memory and are never written to disk.

Layout: ``<dir>/<generation>/<sha256 of the request key>``, each file a line
of JSON (status and headers) followed by the body. A file is written under
a temporary name and renamed, so a reader sees all of it or nothing. The
first worker to write for a new generation removes the directories of older
ones; each worker writes at most `max_bytes` per generation. Answers too big
for a worker's memory cache (a page of every figure of a country, megabytes
of HTML) are kept here too, up to MAX_SHARED_ENTRY_BYTES each, so that even a
single worker computes them once per generation.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any, BinaryIO

log = logging.getLogger("silkgraph.web")

SHARE_MIN_SECONDS = 0.01  # a quicker answer is cheaper to compute again than to share
MAX_SHARED_BYTES = 128_000_000  # written per worker and generation
MAX_SHARED_ENTRY_BYTES = 32_000_000  # a bigger answer is computed again (and should be made smaller)
Entry = tuple[int, list, bytes]


def make_directory() -> str:
    """A new private directory for one server's shared answers, in memory where the system has /dev/shm."""
    memory = Path("/dev/shm")
    parent = str(memory) if memory.is_dir() and os.access(memory, os.W_OK) else None
    return tempfile.mkdtemp(prefix="silkgraph-serve-", dir=parent)


class SharedResponses:
    """Answers of the current generation in files that every worker of the server reads."""

    def __init__(self, directory: str | Path, max_bytes: int = MAX_SHARED_BYTES):
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self._written: dict[str, int] = {}  # bytes this process wrote, per generation
        self._lock = threading.Lock()

    def _path(self, generation: Any, key: tuple) -> tuple[Path, Path]:
        folder = self.directory / str(int(generation))
        return folder, folder / hashlib.sha256(repr(key).encode()).hexdigest()

    def get(self, generation: Any, key: tuple) -> Entry | None:
        """The answer another worker kept for this generation and request, or None."""
        found = self.open(generation, key)
        if found is None:
            return None
        status, headers, _, body = found
        with body:
            return status, headers, body.read()

    def open(self, generation: Any, key: tuple) -> tuple[int, list, int, BinaryIO] | None:
        """(status, headers, body length, the file positioned at the body) of a kept answer, or None.
        The caller closes the file; a big body is best sent from it piece by piece."""
        try:
            _, path = self._path(generation, key)
            file = path.open("rb")
        except (OSError, ValueError, TypeError):
            return None
        try:
            meta = json.loads(file.readline())
            headers = [(n.encode("latin-1"), v.encode("latin-1")) for n, v in meta["headers"]]
            length = os.fstat(file.fileno()).st_size - file.tell()
            return int(meta["status"]), headers, length, file
        except (OSError, ValueError, KeyError, TypeError):
            file.close()
            log.warning("shared answer %s unreadable: ignored", path.name)
            return None

    def put(self, generation: Any, key: tuple, entry: Entry) -> None:
        """Keep the answer for the other workers (best effort: a failure only costs them the work)."""
        status, headers, body = entry
        if len(body) > MAX_SHARED_ENTRY_BYTES:
            return
        try:
            folder, path = self._path(generation, key)
        except (ValueError, TypeError):  # a generation that is not a number: nothing is shared
            return
        with self._lock:
            written = self._written.get(folder.name, 0)
            if written + len(body) > self.max_bytes:
                return
            self._written = {folder.name: written + len(body)}
        head = json.dumps(
            {"status": status, "headers": [(n.decode("latin-1"), v.decode("latin-1")) for n, v in headers]}
        )
        try:
            if not folder.is_dir():
                folder.mkdir(exist_ok=True)
                self._remove_older(int(generation))
            fd, temporary = tempfile.mkstemp(dir=folder, prefix=".")
            with os.fdopen(fd, "wb") as out:
                out.write(head.encode() + b"\n" + body)
            os.replace(temporary, path)
        except OSError as exc:  # full, or removed by a worker of a newer generation meanwhile
            log.debug("shared answer not written: %s", exc)

    def _remove_older(self, generation: int) -> None:
        for folder in self.directory.iterdir():
            if folder.name.isdigit() and int(folder.name) < generation:
                shutil.rmtree(folder, ignore_errors=True)
