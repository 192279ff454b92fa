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
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".xml": "xml",
    ".rss": "feed",
    ".atom": "feed",
}

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


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
    if b"\x00" in head and not head.startswith(UTF16_BOMS):
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


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def mostly_utf8(data: bytes) -> tuple[bool, int]:
    """(whether `data` is UTF-8 with a few bad bytes, how many bytes are bad).

    Text in a single-byte code page almost never holds a valid UTF-8
    multi-byte sequence (a lead byte followed by the right number of
    continuation bytes), UTF-8 text holds one per non-ASCII character. So the
    file is taken as UTF-8 when its valid sequences are at least as many as
    its bad bytes.
    """
    decoded = data.decode("utf-8", "replace")
    # Each bad byte or cut-off sequence becomes one U+FFFD; those the file spelled itself do not count.
    replaced = decoded.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    sequences = len(_UTF8_MULTIBYTE.findall(data))
    return sequences >= max(replaced, 1), replaced


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; UTF-8 with a few bad bytes replaced by
    U+FFFD when the rest is clearly UTF-8; else Windows-1252 when that reads as text."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(source, "not valid UTF-16 text") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = f"{exc.reason} at byte {exc.start}"
    utf8, replaced = mostly_utf8(data)
    if utf8:
        log.warning(
            "%s: %d invalid UTF-8 byte sequence%s replaced by U+FFFD (first: %s)",
            source,
            replaced,
            "" if replaced == 1 else "s",
            utf8_error,
        )
        return data.decode("utf-8-sig", "replace")
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
    """ "feed" or "html" by the document's root element, else None."""
    head = data[:SNIFF_BYTES]
    if isinstance(head, str):
        head = head.encode("utf-8", "ignore")
    # The first root-like tag decides: a page may mention a feed and vice versa.
    hits = [(m.start(), kind) for kind, rx in (("feed", _FEED_ROOT), ("html", _HTML_ROOT)) if (m := rx.search(head))]
    return min(hits)[1] if hits else None
