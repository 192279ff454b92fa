"""Words as search sees them: folded, transliterated, stemmed.

The same analysis runs over stored texts (the ``document_terms`` index) and
over user queries, so that "Kasachstan" finds "Kasachstans", "Gipfel" finds
"Gipfeltreffen" and "Токаев" reads as "tokaev". Both a German and an
English Snowball stem are indexed for every word whatever the document's
language, and a Russian one for every Cyrillic word: the query's language is unknown, and a stem that means nothing in
the other language costs a few index entries, not wrong answers.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import snowballstemmer

from silkgraph.kb import fold

_WORD = re.compile(r"\w+")
PREFIX_MIN_CHARS = 4  # shorter query words match whole words only: "EU" must not find "Europa"
MAX_QUERY_WORDS = 32
STEM_LANGUAGES = ("german", "english")


class _Stemmers(threading.local):
    """One set of Snowball stemmers per thread: a stemmer keeps the word it works on in
    itself, so two threads sharing one get each other's stems (or an IndexError), and the
    cache of `forms` would then keep a wrong stem for the life of the process."""

    def __init__(self) -> None:
        self.stemmers = tuple(snowballstemmer.stemmer(language) for language in STEM_LANGUAGES)


_STEMMERS = _Stemmers()


def latin(text: str) -> str:
    """Case-folded, accent-free, Cyrillic transliterated: the form every comparison uses."""
    return fold(text)


def words(text: str) -> list[str]:
    """The words of `text` in their `latin` form."""
    return _WORD.findall(latin(text))


def normal(text: str) -> str:
    """A name reduced to its words joined by single spaces: "Kassym-Jomart" = "kassym jomart"."""
    return " ".join(words(text))


@lru_cache(maxsize=200_000)
def forms(word: str) -> tuple[str, ...]:
    """The word (already `latin`) and its German and English stems, without repeats."""
    found = [word]
    for stem in (stemmer.stemWord(word) for stemmer in _STEMMERS.stemmers):
        if stem and stem not in found:
            found.append(stem)
    return tuple(found)


_RUSSIAN = threading.local()  # Snowball stemmers keep state while they work: one per thread
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04FF]")


def _russian_stem(word: str) -> str:
    stemmer = getattr(_RUSSIAN, "stemmer", None)
    if stemmer is None:
        stemmer = _RUSSIAN.stemmer = snowballstemmer.stemmer("russian")
    return stemmer.stemWord(word)


@lru_cache(maxsize=200_000)
def written_forms(word: str) -> tuple[str, ...]:
    """`forms` of a word as written; a Cyrillic word adds its Russian stem ("переговорах" ->
    "peregovor"), in `latin` form like everything in the index."""
    found = []
    for part in words(word):
        found.extend(f for f in forms(part) if f not in found)
    if _CYRILLIC_WORD.search(word):
        for part in words(_russian_stem(word.lower())):
            if part not in found:
                found.append(part)
    return tuple(found)


def index_text(text: str | None) -> str:
    """What the analysed full-text column holds for `text`: every word followed by its stems."""
    if not text:
        return ""
    return " ".join(" ".join(written_forms(w)) for w in _WORD.findall(text))


def query_words(query: str) -> list[str]:
    """The words of a user query, at most MAX_QUERY_WORDS; a trailing * is dropped (prefix is implied)."""
    return words(query.replace("*", " "))[:MAX_QUERY_WORDS]


def query_groups(query: str) -> list[list[tuple[str, bool]]]:
    """What a query asks of the analysed index, whatever the database: every query word
    must match (one group per word), as itself, as a stem, or (from PREFIX_MIN_CHARS
    letters on) as the start of a longer word, which is how a German compound is found
    by its first part ("Gipfel" -> "Gipfeltreffen"). Options are (word, prefix match)."""
    groups = []
    for raw in _WORD.findall(query.replace("*", " ")):
        for word in words(raw):
            stems = [f for f in (*forms(word)[1:], *written_forms(raw)) if f != word]
            groups.append([(word, len(word) >= PREFIX_MIN_CHARS), *((stem, False) for stem in dict.fromkeys(stems))])
    return groups[:MAX_QUERY_WORDS]


def covers(groups: list[list[tuple[str, bool]]], words: set[str]) -> bool:
    """Whether a text with all of `words` matches every group (any of its options)."""
    return all(
        any(w == option or (prefix and w.startswith(option)) for option, prefix in group for w in words)
        for group in groups
    )


def without_covered(alternatives: list[list[list[tuple[str, bool]]]]) -> list[list[list[tuple[str, bool]]]]:
    """The alternatives less those of plain words ("Republic of Kazakhstan") that another one
    already finds ("Kazakhstan"): the same documents match, and each alternative left out is a
    phrase fewer for the full-text index to score in every match."""
    kept: list[list[list[tuple[str, bool]]]] = []
    plain = [a for a in alternatives if all(len(g) == 1 and not g[0][1] for g in a)]
    for alternative in [a for a in alternatives if a not in plain] + sorted(plain, key=len):
        words = {g[0][0] for g in alternative} if alternative in plain else None
        if words is not None and any(covers(other, words) for other in kept):
            continue
        kept.append(alternative)
    return kept


def match_expression(query: str) -> str:
    """`query_groups` as an FTS5 expression over the analysed column."""
    return " AND ".join(
        "(" + " OR ".join(f'"{w}"*' if prefix else f'"{w}"' for w, prefix in group) + ")"
        for group in query_groups(query)
    )


def word_matches(word: str, query: list[str]) -> bool:
    """Whether a text word (latin form) is one the match expression would have found."""
    return _Matcher(query)(word)


class _Matcher:
    """`word_matches` for one query, its words' forms worked out once."""

    def __init__(self, query: list[str]):
        self.forms = set().union(*(forms(q) for q in query)) if query else set()
        self.prefixes = tuple(q for q in query if len(q) >= PREFIX_MIN_CHARS)

    def __call__(self, word: str) -> bool:
        return not self.forms.isdisjoint(forms(word)) or word.startswith(self.prefixes)


def snippet(text: str, wanted: list[str], width: int = 16, before: int = 6) -> str:
    """A window of about `width` words around the first word matching one of `wanted`
    (query words in `latin` form), matches marked [[like this]].

    Built here rather than by FTS5's snippet(): the analysed index holds stems,
    and the reader needs to see the original words.
    """
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if not spans:
        return ""
    matches = _Matcher(wanted)

    def hit(i: int) -> bool:
        return bool(wanted) and matches(latin(text[spans[i][0] : spans[i][1]]))

    first_hit = next((i for i in range(len(spans)) if hit(i)), 0)  # words are looked at up to the first hit
    first = max(0, first_hit - before)
    last = min(len(spans), first + width)
    out, cursor = [], spans[first][0]
    for i in range(first, last):
        s, e = spans[i]
        out.append(text[cursor:s])
        out.append(f"[[{text[s:e]}]]" if hit(i) else text[s:e])
        cursor = e
    body = " ".join("".join(out).split())
    return ("…" if first > 0 else "") + body + ("…" if last < len(spans) else "")
