"""Tokens and sentences with character offsets.

Tokens are runs of word characters or single punctuation marks, so that a
hyphenated compound ("China-Zentralasien-Gipfel", "US-Unternehmen") is seen
as its parts and the parts can be matched against the knowledge base. Every
dash variant folds to "-" so that "China–Kirgisistan" and "China-Kirgisistan"
look alike to the matcher.

Sentences end at ., ! or ? followed by space and a capital letter, digit or
quotation mark, unless the word before the stop is a known abbreviation or an
ordinal number ("15. Januar", "11. China-Forum"), and always at a blank line
or a line without final punctuation (headings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from silkgraph.kb import fold
from silkgraph.patterns import load_pattern_file

_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})
_CLOSERS = "\"'“”„»«’‘)]"
_OPENERS = "\"'“„»«‘‚(["


@dataclass(slots=True)
class Tokens:
    """Parallel lists: start and end offsets, surface text and folded form of each token."""

    starts: list[int]
    ends: list[int]
    texts: list[str]
    folds: list[str]

    def __len__(self) -> int:
        return len(self.starts)

    def index_at(self, offset: int) -> int:
        """Index of the first token that ends after `offset`."""
        lo, hi = 0, len(self.ends)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.ends[mid] <= offset:
                lo = mid + 1
            else:
                hi = mid
        return lo


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # character offsets
    end: int
    first_token: int  # token indices, half-open
    last_token: int


def tokenize(text: str) -> Tokens:
    starts, ends, texts, folds = [], [], [], []
    for m in _TOKEN.finditer(text):
        tok = m.group()
        starts.append(m.start())
        ends.append(m.end())
        texts.append(tok)
        folds.append(fold_token(tok))
    return Tokens(starts, ends, texts, folds)


@lru_cache(maxsize=65536)
def fold_token(token: str) -> str:
    return fold(token.translate(_DASHES))


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    data = load_pattern_file("abbreviations.yaml")
    return frozenset(fold(a.rstrip(".")) for forms in data.values() for a in forms)


def split_sentences(text: str, tokens: Tokens) -> list[Sentence]:
    abbreviations = _abbreviations()
    sentences: list[Sentence] = []
    n = len(tokens)
    first = 0

    def close(last: int) -> None:
        nonlocal first
        if last > first:
            sentences.append(Sentence(tokens.starts[first], tokens.ends[last - 1], first, last))
        first = last

    for i in range(n):
        if i < first:
            continue
        # a line break with a blank line, or after a line without final punctuation, ends a sentence
        if i + 1 < n:
            gap = text[tokens.ends[i] : tokens.starts[i + 1]]
            if "\n" in gap and ("\n\n" in gap or tokens.texts[i] not in ".!?:;," + _CLOSERS):
                close(i + 1)
                continue
        tok = tokens.texts[i]
        if tok not in (".", "!", "?"):
            continue
        j = i + 1
        while j < n and tokens.texts[j] in _CLOSERS and tokens.starts[j] == tokens.ends[j - 1]:
            j += 1  # a closing quote or bracket belongs to the sentence it ends
        if j >= n:
            break
        if tokens.starts[j] == tokens.ends[j - 1]:
            continue  # no space after the stop: "D.C.", "3.5", "www.ots.at"
        nxt = tokens.texts[j]
        if not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in _OPENERS):
            continue
        if tok == "." and i > 0 and tokens.ends[i - 1] == tokens.starts[i]:
            prev = tokens.texts[i - 1]
            if prev.isdigit() and len(prev) <= 2:
                continue  # ordinal or day: "15. Januar", "11. China-Zentralasien-Forum"
            if tokens.folds[i - 1] in abbreviations or (len(prev) == 1 and prev.isupper()):
                continue  # "Präs.", "Mrd.", "z. B.", initials
        close(j)
    close(n)
    return sentences
