"""JSON Lines (bulk import) and JSON files of `{id, title, text, published, url, language}` records."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO

from silkgraph.errors import InputError
from silkgraph.ingest.published import normalise_date
from silkgraph.ingest.sanitize import clean_id
from silkgraph.ingest.text import build_document
from silkgraph.model import Document

_TEXT_KEYS = ("text", "content", "body")


def _message(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _string(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip() or None


def record_to_document(record: object, *, default_id: str, source: str) -> Document:
    """A Document from one record; raises InputError (without a line prefix) when it cannot be one."""
    if not isinstance(record, dict):
        raise InputError(source, f"not a JSON object but {type(record).__name__}")
    text = next((record[k] for k in _TEXT_KEYS if isinstance(record.get(k), str) and record[k].strip()), None)
    if text is None:
        raise InputError(source, "record has no text")
    return build_document(
        text,
        doc_id=clean_id(_string(record.get("id"))) or default_id,
        source=source,
        title=_string(record.get("title")),
        url=_string(record.get("url")),
        published=normalise_date(record.get("published") or record.get("date")),
        language=_string(record.get("language")),
    )


def numbered_lines(stream: IO, max_bytes: int) -> Iterator[tuple[int, str | bytes | None]]:
    """(line number, line) of a binary or text stream; None for a line over `max_bytes`.

    A line is never held in memory beyond the limit: the rest of an
    over-long line is read and thrown away in chunks.
    """
    lineno = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        newline = b"\n" if isinstance(line, bytes) else "\n"
        if len(line) > max_bytes and not line.endswith(newline):
            while True:
                chunk = stream.readline(1 << 20)
                if not chunk or chunk.endswith(newline):
                    break
            yield lineno, None
            continue
        yield lineno, line


def read_jsonl(
    stream: IO | Iterable[tuple[int, str | bytes | None]], *, stem: str, source: str, max_bytes: int
) -> Iterator[Document | InputError]:
    """One Document per good line; an InputError ("path:LINE") for each bad one, and reading goes on."""
    lines = numbered_lines(stream, max_bytes) if hasattr(stream, "readline") else stream  # type: ignore[arg-type]
    good = bad = 0
    for lineno, raw in lines:
        where = f"{source}:{lineno}"
        if raw is None:
            bad += 1
            yield InputError(where, f"line {lineno}: longer than the {max_bytes / 1e6:g} MB limit")
            continue
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad += 1
                yield InputError(where, f"line {lineno}: not valid UTF-8 ({exc.reason} at byte {exc.start})")
                continue
        raw = raw.lstrip("\ufeff").strip()
        if not raw:
            continue
        try:
            record = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            bad += 1
            yield InputError(where, f"line {lineno}: not valid JSON ({_message(exc)})")
            continue
        try:
            yield record_to_document(record, default_id=f"{stem}-{lineno}", source=where)
            good += 1
        except InputError as exc:
            bad += 1
            yield InputError(where, f"line {lineno}: {exc.reason}")
    if not good and not bad:
        raise InputError(source, "empty file")


def read_json(text: str, *, stem: str, source: str) -> Iterator[Document | InputError]:
    """A JSON file holding one record or a list of records."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(source, f"not valid JSON ({_message(exc)})") from None
    if isinstance(data, dict):
        yield record_to_document(data, default_id=stem, source=source)
        return
    if not isinstance(data, list):
        raise InputError(source, f"JSON holds {type(data).__name__}, not a record or a list of records")
    if not data:
        raise InputError(source, "empty list of records")
    for i, record in enumerate(data, 1):
        where = f"{source}[{i}]"
        try:
            yield record_to_document(record, default_id=f"{stem}-{i}", source=where)
        except InputError as exc:
            yield InputError(where, f"record {i}: {exc.reason}")
