"""Bytes of an input file, checked before any reader sees them: size, emptiness,
binary content, text encoding, and the kind of document by extension or content."""

from __future__ import annotations

import codecs
import logging
import os
import re
import unicodedata

from silkgraph.errors import InputError

log = logging.getLogger(__name__)

SNIFF_BYTES = 8192  # NUL bytes here mean a binary file; also enough to recognise a feed or a page

KINDS = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".xml": "xml", ".rss": "feed", ".atom": "feed",
}

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def megabytes(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def size_reason(size: int, max_bytes: int) -> str:
    return f"larger than {max_bytes / 1e6:g} MB limit ({megabytes(size)})"


def kind_of(path: str) -> str | None:
    """The reader kind for a file name; None for a file without extension (sniffed later).

    Raises InputError for an extension we have no reader for.
    """
    ext = os.path.splitext(path)[1].lower()
    if not ext:
        return None
    if ext not in KINDS:
        raise InputError(path, f"unknown file type '{ext}'")
    return KINDS[ext]


def read_checked(path: str, max_bytes: int) -> bytes:
    """The whole file, unless it is too large (checked before reading), empty or binary."""
    size = os.stat(path).st_size
    if size > max_bytes:
        raise InputError(path, size_reason(size, max_bytes))
    with open(path, "rb") as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:  # the file grew while we looked
        raise InputError(path, size_reason(len(data), max_bytes))
    check_bytes(data, path)
    return data


def check_bytes(data: bytes, source: str) -> None:
    if not data.strip():
        raise InputError(source, "empty file")
    head = data[:SNIFF_BYTES]
    if b"\x00" in head and not head.startswith(_UTF16_BOMS):
        raise InputError(source, "binary file")


def _looks_like_text(text: str) -> bool:
    sample = text[:SNIFF_BYTES]
    if not sample:
        return False
    printable = sum(1 for c in sample if c.isprintable() or c in "\n\r\t")
    letters = sum(1 for c in sample if c.isalpha())
    visible = sum(1 for c in sample if not c.isspace())
    # Mis-decoded binary is full of symbols and control characters.
    symbols = sum(1 for c in sample if unicodedata.category(c) in ("So", "Sk", "Co", "Cn"))
    return printable >= 0.98 * len(sample) and letters >= 0.5 * max(visible, 1) and symbols <= 0.02 * len(sample)


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; else Windows-1252 when that reads as text."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(source, "not valid UTF-16 text") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = f"{exc.reason} at byte {exc.start}"
    # Old exports and Windows tools still write Latin-1/cp1252; such German
    # text decodes cleanly and reads as text, random bytes do not.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_like_text(text):
        log.warning("%s: not UTF-8 (%s); read as Windows-1252", source, utf8_error)
        return text
    raise InputError(source, f"not valid UTF-8 text ({utf8_error})")


def sniff(data: bytes | str) -> str | None:
    """"feed" or "html" by the document's root element, else None."""
    head = data[:SNIFF_BYTES]
    if isinstance(head, str):
        head = head.encode("utf-8", "ignore")
    # The first root-like tag decides: a page may mention a feed and vice versa.
    hits = [(m.start(), kind) for kind, rx in (("feed", _FEED_ROOT), ("html", _HTML_ROOT)) if (m := rx.search(head))]
    return min(hits)[1] if hits else None
