"""Reading every input kind into `silkgraph.model.Document` objects.

`read_inputs` takes files, folders and "-" (standard input) and yields a
Document for each article and a `Skipped` for each input (or JSON line, or
feed item) that cannot be one, so that a batch always runs to its end.
Readers per kind live in text.py, html.py, records.py and feed.py; all of
them finish through `text.build_document` (furniture, lead-line date,
kicker and title, language).
"""

from __future__ import annotations

import functools
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, TextIO

from silkgraph.errors import InputError
from silkgraph.ingest.files import SNIFF_BYTES, UTF16_BOMS, check_bytes, decode, kind_of, read_checked, sniff
from silkgraph.ingest.furniture import clean_text
from silkgraph.ingest.language import detect_language
from silkgraph.ingest.published import find_publication_date, normalise_date, validate_published
from silkgraph.ingest.text import read_text
from silkgraph.model import Document

__all__ = [
    "Skipped",
    "read_inputs",
    "read_text",
    "clean_text",
    "detect_language",
    "find_publication_date",
    "normalise_date",
]

STDIN = "-"


@dataclass
class Skipped:
    """An input that gave no Document, and why."""

    source: str  # "path", or "path:LINE" for a line of JSON Lines
    reason: str  # one line, fit to show a user

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def read_inputs(
    paths: Iterable[str],
    *,
    max_bytes: int = 5_000_000,
    published: str | None = None,
    stdin: TextIO | None = None,
) -> Iterator[Document | Skipped]:
    """Documents from files, folders (recursively, sorted, hidden entries skipped) and "-" (stdin).

    `published` (YYYY[-MM[-DD]]) overrides every detected publication date;
    a malformed value raises UsageError at once. Nothing else is raised:
    whatever goes wrong with one input becomes a Skipped and the batch goes on.
    """
    override = validate_published(published)
    return _read_all(paths, max_bytes=max_bytes, override=override, stdin=stdin)


def _read_all(
    paths: Iterable[str], *, max_bytes: int, override: str | None, stdin: TextIO | None
) -> Iterator[Document | Skipped]:
    for path in paths:
        path = os.fspath(path)
        items: Iterable[Document | Skipped]
        if path == STDIN:
            items = _guarded("stdin", functools.partial(_read_stdin, stdin or sys.stdin, max_bytes))
        elif os.path.isdir(path):
            items = _read_folder(path, max_bytes)
        else:
            items = _guarded(path, functools.partial(_read_file, path, max_bytes))
        for item in items:
            if override and isinstance(item, Document):
                item.published = override
            yield item


def _message(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _skip(source: str, reason: str) -> Skipped:
    # Library messages may span lines; a report line must not.
    return Skipped(source, " ".join(reason.split()) or "unreadable")


def _guarded(source: str, make: Callable[[], Iterable[Document | InputError]]) -> Iterator[Document | Skipped]:
    """Run one input's reader; every failure becomes a Skipped naming the input."""
    try:
        for item in make():
            yield _skip(item.source, item.reason) if isinstance(item, InputError) else item
    except InputError as exc:
        yield _skip(exc.source, exc.reason)
    except OSError as exc:
        yield _skip(source, (exc.strerror or _message(exc)).lower())
    except Exception as exc:  # a bug or a library failing on odd input must not end the batch
        yield _skip(source, f"unexpected {type(exc).__name__}: {_message(exc)}")


def _read_folder(root: str, max_bytes: int) -> Iterator[Document | Skipped]:
    errors: list[OSError] = []
    files: list[str] = []
    for folder, dirs, names in os.walk(root, onerror=errors.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files.extend(os.path.join(folder, n) for n in names if not n.startswith("."))
    for err in errors:
        yield _skip(err.filename or root, (err.strerror or _message(err)).lower())
    for path in sorted(files):
        yield from _guarded(path, functools.partial(_read_file, path, max_bytes))


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _check_regular(path: str) -> None:
    """Raise InputError unless `path` is a regular file: opening a FIFO or a device
    blocks until someone writes to it, or reads without end."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(path, "no such file or directory") from None
    if not stat.S_ISREG(mode):
        what = next((name for test, name in _SPECIAL_FILES if test(mode)), "a special file")
        raise InputError(path, f"not a regular file but {what}")


def _read_file(path: str, max_bytes: int) -> Iterable[Document | InputError]:
    _check_regular(path)
    kind = kind_of(path)
    stem = _stem(path)
    if kind == "jsonl":
        # Bulk imports may be large: the size limit applies to each line.
        return _read_jsonl_file(path, stem, max_bytes)
    data = read_checked(path, max_bytes)
    if kind in (None, "xml"):
        kind = sniff(data) or ("text" if kind is None else None)
        if kind is None:
            raise InputError(path, "XML file is neither a feed nor an HTML page")
    if kind == "html":
        from silkgraph.ingest.html import read_html

        return [read_html(data, doc_id=stem, source=path)]
    if kind == "feed":
        from silkgraph.ingest.feed import read_feed

        return read_feed(data, stem=stem, source=path)
    text = decode(data, path)
    if not text.strip():
        raise InputError(path, "empty file")
    if kind == "json":
        from silkgraph.ingest.records import read_json

        return read_json(text, stem=stem, source=path)
    return [read_text(text, doc_id=stem, source=path, markdown=kind == "markdown")]


def _read_jsonl_file(path: str, stem: str, max_bytes: int) -> Iterator[Document | InputError]:
    from silkgraph.ingest.records import read_jsonl

    with open(path, "rb") as f:
        head = f.read(SNIFF_BYTES)
        if head.strip():
            check_bytes(head, path)
        f.seek(0)
        yield from read_jsonl(f, stem=stem, source=path, max_bytes=max_bytes)


def _read_stdin(stream: TextIO | BinaryIO, max_bytes: int) -> Iterable[Document | InputError]:
    """Standard input: JSON Lines when it starts with "{", else one document with id "stdin".

    The bytes beneath a text stream are read when there are any, so that
    standard input is decoded like a file (UTF-8, a few bad bytes replaced,
    or Windows-1252) instead of by the terminal's locale.
    """
    stream = getattr(stream, "buffer", stream)
    too_large = InputError("stdin", f"larger than {max_bytes / 1e6:g} MB limit")
    head: list = []
    while True:
        line = stream.readline(max_bytes + 1)
        head.append(line)
        if not line or line.strip():
            break
    if sum(map(len, head)) > max_bytes:
        raise too_large
    first = head[-1].decode("utf-8", "replace") if isinstance(head[-1], bytes) else head[-1]
    if first.lstrip("\ufeff \t\r\n").startswith("{"):
        from silkgraph.ingest.records import numbered_lines, read_jsonl

        def numbered() -> Iterator[tuple[int, str | bytes | None]]:
            yield from enumerate(head, 1)
            for n, line in numbered_lines(stream, max_bytes):
                yield len(head) + n, line

        return read_jsonl(numbered(), stem="stdin", source="stdin", max_bytes=max_bytes)
    data = head[0][:0].join(head)
    data += stream.read(max_bytes + 1 - len(data))
    if len(data) > max_bytes:
        raise too_large
    if not data.strip():
        raise InputError("stdin", "empty input")
    if isinstance(data, bytes):
        if b"\x00" in data[:SNIFF_BYTES] and not data.startswith(UTF16_BOMS):
            raise InputError("stdin", "binary input")
        text = decode(data, "stdin")
    elif "\x00" in data[:SNIFF_BYTES]:
        raise InputError("stdin", "binary input")
    else:
        text = data
    kind = sniff(text) if text.lstrip().startswith("<") else None
    if kind == "html":
        from silkgraph.ingest.html import read_html

        return [read_html(text, doc_id="stdin", source="stdin")]
    if kind == "feed":
        from silkgraph.ingest.feed import read_feed

        return read_feed(text, stem="stdin", source="stdin")
    return [read_text(text, doc_id="stdin", source="stdin")]
