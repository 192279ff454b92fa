"""Site furniture removal and whitespace normalisation.

The patterns are data (``silkgraph/patterns/furniture.yaml``); this module
only knows how to apply them: whole-line drops, "cut from here to the end"
markers, and one trailing source credit. See the YAML file's header for the
exact rules.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

PATTERNS_FILE = Path(__file__).resolve().parent.parent / "patterns" / "furniture.yaml"

# Characters that carry no text but break matching: zero-width spaces and
# joiners, word joiner, BOM, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Unicode spaces that scrapers leave in (no-break, thin, ideographic...).
_ODD_SPACE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# C0/C1 control characters other than the newline: never text.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(" {2,}")
_BLANK_LINES = re.compile(r"\n{3,}")
_QUOTES = set("\"'„“”«»‚‘’")


@dataclass(frozen=True)
class FurniturePatterns:
    drop: dict[str, tuple[re.Pattern, ...]]
    cut: dict[str, tuple[re.Pattern, ...]]
    credit: tuple[re.Pattern, ...]
    credit_max_tokens: int
    credit_max_chars: int

    def groups(self, table: dict[str, tuple[re.Pattern, ...]], language: str | None) -> list[re.Pattern]:
        # With a known language, apply its own forms plus "any" and English:
        # English share/cookie furniture turns up on sites in every language.
        if language is None:
            names = list(table)
        else:
            names = [n for n in table if n in ("any", "en", language)]
        return [p for n in names for p in table[n]]


def _compile(table: dict | None, flags: int) -> dict[str, tuple[re.Pattern, ...]]:
    return {
        str(group): tuple(re.compile(p, flags) for p in (patterns or [])) for group, patterns in (table or {}).items()
    }


@functools.cache
def load_patterns(path: str | None = None) -> FurniturePatterns:
    """Read and compile the pattern file once per process."""
    with open(path or PATTERNS_FILE, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    credit = data.get("trailing_credit") or {}
    return FurniturePatterns(
        drop=_compile(data.get("drop"), re.IGNORECASE),
        cut=_compile(data.get("cut"), re.IGNORECASE),
        credit=tuple(re.compile(p) for p in credit.get("patterns") or []),
        credit_max_tokens=int(credit.get("max_tokens", 3)),
        credit_max_chars=int(credit.get("max_chars", 40)),
    )


def normalise_whitespace(text: str) -> str:
    """NFC, no invisible or control characters, single spaces, stripped lines, paragraphs as "\\n\\n"."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACE.sub(" ", text)
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


@functools.lru_cache(maxsize=32)  # keyed by caller-given language codes: keep it bounded
def _combined(kind: str, language: str | None) -> re.Pattern:
    """All patterns of one kind ("drop" or "cut") for a language as one regex: one scan per line."""
    patterns = load_patterns()
    parts = [p.pattern for p in patterns.groups(getattr(patterns, kind), language)]
    return re.compile("|".join(f"(?:{p})" for p in parts) or r"(?!)", re.IGNORECASE)


def _is_credit(line: str, patterns: FurniturePatterns) -> bool:
    if len(line) > patterns.credit_max_chars or len(line.split()) > patterns.credit_max_tokens:
        return False
    # A short quoted sentence or a question is text, whatever its shape.
    if any(c in _QUOTES for c in line) or line[-1] in "?!:":
        return False
    return any(p.fullmatch(line) for p in patterns.credit)


def remove_furniture(text: str, language: str | None = None) -> str:
    """Apply drop, cut and trailing-credit rules to whitespace-normalised text."""
    patterns = load_patterns()
    drop = _combined("drop", language)
    cut = _combined("cut", language)
    kept: list[str] = []
    for line in text.split("\n"):
        if not line:
            kept.append(line)
            continue
        if cut.fullmatch(line):
            # Before any text the marker cannot start the page's tail: it is
            # only dropped, so that a marker can never empty a document.
            if any(kept):
                break
            continue
        if not drop.fullmatch(line):
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    # The credit must be a line of its own after some real text.
    if len(kept) > 1 and _is_credit(kept[-1], patterns):
        kept.pop()
    return _BLANK_LINES.sub("\n\n", "\n".join(kept)).strip()


def clean_text(text: str, language: str | None = None) -> str:
    """Furniture removal plus whitespace normalisation; paragraph breaks stay "\\n\\n"."""
    return remove_furniture(normalise_whitespace(text), language)
