"""Direct quotes and who said them.

A quote is text between quotation marks („…“, “…”, "…", »…«) that is long
enough to be speech and is attributed by a verb of saying next to it:

* after the quote: „…“, erklärte Wang. / "…," said Tokayev. / „…“, so Tokajew.
  / "…," he said. / „…“, Tokajew sagte.
* before it: Tokajew betonte: „…“ / He said: "…"

The speaker is the person named in that attribution; a pronoun stands for the
person named last before the quote. Quotes without a speaker are not
reported: an anonymous quote cannot be checked against anyone.
"""

from __future__ import annotations

import re
from functools import lru_cache

from silkgraph.model import Quote
from silkgraph.patterns import load_pattern_file
from silkgraph.doc import Doc

WINDOW = 8  # tokens after the closing mark (or before the opening one) that may hold the attribution


@lru_cache(maxsize=1)
def _patterns():
    data = load_pattern_file("quotes.yaml")
    alternatives = []
    for opening, closings in data["marks"].items():
        closing = "".join(re.escape(c) for c in closings)
        alternatives.append(f"{re.escape(opening)}([^{closing}{re.escape(opening)}\n]{{2,3000}}?)[{closing}]")
    regex = re.compile("|".join(alternatives))
    verbs = frozenset(v for forms in data["speech_verbs"].values() for v in forms)
    pronouns = frozenset(p for forms in load_pattern_file("persons.yaml")["pronouns"].values() for p in forms)
    return regex, verbs, pronouns, int(data["min_words"])


def extract_quotes(doc: Doc) -> None:
    regex, verbs, pronouns, min_words = _patterns()
    tokens = doc.tokens
    for m in regex.finditer(doc.text):
        group = next(g for g in range(1, (m.lastindex or 1) + 1) if m.group(g) is not None)
        start, end = m.start(group), m.end(group)
        inner = doc.text[start:end]
        stripped = inner.rstrip(" ,")
        if len(stripped.split()) < min_words:
            continue
        end = start + len(stripped)
        before = tokens.index_at(m.start()) - 1
        after = tokens.index_at(m.end())
        speaker = _speaker_after(doc, after, verbs, pronouns, start) or _speaker_before(doc, before, verbs, pronouns)
        if speaker:
            doc.quotes.append(Quote(speaker=speaker, text=doc.text[start:end], start=start, end=end))


def _speaker_after(doc: Doc, i: int, verbs, pronouns, quote_start: int) -> str | None:
    """'…“, erklärte Wang.' / '…," he said.' / '…“, so Tokajew.'"""
    tokens = doc.tokens
    limit = min(len(tokens), i + WINDOW)
    if i < len(tokens) and tokens.texts[i] in ",.":
        i += 1
    verb_seen = False
    for k in range(i, limit):
        if tokens.texts[k] in ".!?;" or (k > i and "\n" in doc.text[tokens.ends[k - 1]:tokens.starts[k]]):
            break
        folded = tokens.folds[k]
        if folded in verbs:
            verb_seen = True
            continue
        person = _person_at(doc, k)
        if person:
            return person if verb_seen or _verb_within(tokens, k + 1, limit, verbs) else None
        if folded in pronouns:
            if verb_seen or _verb_within(tokens, k + 1, limit, verbs):
                return _last_person_before(doc, quote_start)
            return None
    return None


def _speaker_before(doc: Doc, i: int, verbs, pronouns) -> str | None:
    """'Tokajew betonte: „…“' / 'Er erklärte: „…“': a colon before the quote, a verb and a speaker before it."""
    tokens = doc.tokens
    if i < 0 or tokens.texts[i] != ":":
        return None
    lo = max(0, i - WINDOW * 2)
    sentence = doc.sentences[doc.sentence_of(tokens.starts[i])]
    lo = max(lo, sentence.first_token)
    if not any(tokens.folds[k] in verbs for k in range(lo, i)):
        return None
    for k in range(i - 1, lo - 1, -1):
        person = _person_at(doc, k)
        if person:
            return person
    for k in range(lo, i):
        if tokens.folds[k] in pronouns:
            return _last_person_before(doc, tokens.starts[k])
    return None


def _verb_within(tokens, start: int, limit: int, verbs) -> bool:
    return any(tokens.folds[k] in verbs for k in range(start, min(limit, len(tokens))))


def _person_at(doc: Doc, token_index: int) -> str | None:
    start, end = doc.tokens.starts[token_index], doc.tokens.ends[token_index]
    # mentions are at most a few words long: look at those starting shortly before the token
    for m in doc.mentions_in(max(0, start - 200), end + 200):
        if m.start <= start < m.end and doc.entity_type(m.entity) == "person":
            return m.entity
    return None


def _last_person_before(doc: Doc, offset: int) -> str | None:
    """The person mentioned last before `offset`, outside quotes, within the last three sentences."""
    first_sentence = max(0, doc.sentence_of(offset) - 3)
    floor = doc.sentences[first_sentence].start if doc.sentences else 0
    quoted = [(q.start, q.end) for q in doc.quotes if q.end > floor]
    best = None
    for m in doc.mentions_in(floor, offset):
        if doc.entity_type(m.entity) == "person" and not any(a <= m.start < b for a, b in quoted):
            best = m.entity
    return best
