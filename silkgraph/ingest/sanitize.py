"""Character policy for everything read from an input, whatever its kind.

Two rules, applied by `text.build_document` to every document:

* Text fields never hold code points that cannot be written as UTF-8 (lone
  surrogates, from a JSON ``"\\ud800"`` escape or an undecodable byte kept by
  a lenient decoder): each becomes U+FFFD, and nothing else changes.
* Ids follow one policy (`clean_id`): printable, one line, no control or
  format characters, no empty or dot-only path segments, at most
  `MAX_ID_CHARS` characters, so that every stored id can be shown, searched
  for and opened as a URL path of the API and the pages.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_ID_CHARS = 200
REPLACEMENT = "\ufffd"

_SURROGATE = re.compile("[\ud800-\udfff]")
_WHITESPACE = re.compile(r"\s+")
# Unicode categories that have no visible form: controls, format characters
# (bidi overrides, zero-width marks), separators of lines and paragraphs,
# surrogates, private use and unassigned code points.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def valid_text(value: str) -> str:
    """`value` with every lone surrogate replaced by U+FFFD (a no-op for valid text)."""
    if _SURROGATE.search(value) is None:
        return value
    return _SURROGATE.sub(REPLACEMENT, value)


def valid_optional(value: str | None) -> str | None:
    return None if value is None else valid_text(value)


def one_line(value: str) -> str:
    """Printable characters only, whitespace runs as one space, no NUL: for titles and URLs."""
    cleaned = "".join(
        " " if c.isspace() else c for c in valid_text(value) if c.isspace() or unicodedata.category(c) not in _INVISIBLE
    )
    return _WHITESPACE.sub(" ", cleaned).strip()


def _safe_segments(value: str) -> str:
    # "." and ".." segments are removed by URL normalisation in every client,
    # and empty ones merge; either would make the id impossible to open.
    parts = [p.strip() for p in value.split("/")]
    parts = [p if p.strip(".") else p.replace(".", "_") for p in parts if p]
    return "/".join(parts)


def clean_id(value: object) -> str | None:
    """A document id under the one policy of the module docstring; None when nothing is left.

    An id too long is cut and given the start of the whole id's hash, so that
    two long ids differing only at their ends stay two ids.
    """
    if value is None or isinstance(value, (bool, dict, list)):
        return None
    text = _safe_segments(one_line(str(value)))
    if len(text) > MAX_ID_CHARS:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        text = text[: MAX_ID_CHARS - len(digest) - 1].rstrip(" /") + "-" + digest
    return text or None


def fallback_id(value: object) -> str:
    """An id for a document whose given id cleans to nothing: stable for the same raw value."""
    raw = valid_text(str(value)).encode("utf-8", "replace")
    return "doc-" + hashlib.sha256(raw).hexdigest()[:12]
