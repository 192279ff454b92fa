"""What the event and fact stages both ask of a stretch of text.

Who takes part (states, organisations and people, with people and capitals
standing for their states), which words of a list occur, and which date
expressions lie inside it.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Iterable

from silkgraph.doc import Doc
from silkgraph.ontology import ONTOLOGY

PARTY_TYPES = ONTOLOGY.event_participants
# Kinds of organisation that report and are never a party ("a news agency").
NOT_PARTY_KINDS = frozenset(ONTOLOGY.kb_properties["kind"].get("not_parties", ()))


@lru_cache(maxsize=None)
def word_pattern(patterns: tuple[str, ...]) -> re.Pattern:
    """One regex that fully matches a folded token against any of `patterns`."""
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\Z")


def tokens_matching(doc: Doc, first: int, last: int, patterns: Iterable[str]) -> list[int]:
    regex = word_pattern(tuple(patterns))
    folds = doc.tokens.folds
    return [i for i in range(first, last) if regex.match(folds[i])]


def words_in(doc: Doc, first: int, last: int, words: Iterable[str]) -> bool:
    wanted = frozenset(words)
    return any(f in wanted for f in doc.tokens.folds[first:last])


def parties(
    doc: Doc, start: int, end: int, types: tuple[str, ...] = PARTY_TYPES, exclude: set[str] | None = None
) -> list[str]:
    """Entity ids taking part in what the text between `start` and `end` says, in order of mention.

    People bring their state along; a capital named outside of a place phrase
    stands for its state ("der Gast aus Peking" is China).
    """
    out: list[str] = []
    exclude = exclude or set()

    def add(entity_id: str | None) -> None:
        if entity_id and entity_id not in out and entity_id not in exclude:
            out.append(entity_id)

    amounts = _amount_spans(doc, start, end)
    for m in doc.mentions_in(start, end):
        if any(lo <= m.start and m.end <= hi for lo, hi in amounts):
            continue  # "5 billion US dollars", "12 млрд долларов США": a currency, not a party
        etype = doc.entity_type(m.entity)
        kb_entity = doc.kb.get(m.entity)
        if kb_entity is not None and kb_entity.properties.get("kind") in NOT_PARTY_KINDS:
            continue  # a news agency reports; it is not a party
        if etype == "place":
            if m.entity not in exclude:
                add(doc.kb.stands_for(m.entity))
            continue
        if etype == "person":
            if "person" in types:
                add(m.entity)
            add(person_state(doc, m.entity))  # a person acts for a state even where people are not wanted
            continue
        if etype in types:
            add(m.entity)
    return out


def article_states(doc: Doc, count: int = 2) -> list[str]:
    """The states an article is about: the `count` most mentioned, by name or through the people
    acting for them (the first named of two mentioned as often), each at least twice; none when the
    article does not dwell on that many."""
    mentions: dict[str, int] = {}
    first: dict[str, int] = {}
    for m in doc.mentions:
        etype = doc.entity_type(m.entity)
        state = m.entity if etype == "country" else person_state(doc, m.entity) if etype == "person" else None
        if state and doc.entity_type(state) == "country":
            mentions[state] = mentions.get(state, 0) + 1
            first.setdefault(state, m.start)
    ranked = sorted((s for s in mentions if mentions[s] >= 2), key=lambda s: (-mentions[s], first[s]))
    return ranked[:count] if len(ranked) >= count else []


def _amount_spans(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Character spans of the amounts between `start` and `end` whose unit names a currency."""
    return [
        (q.start, q.end)
        for q in getattr(doc, "quantities", None) or ()
        if start <= q.start < end and q.kind in ("money", "number")
    ]


def person_state(doc: Doc, person: str) -> str | None:
    """Whom a person acts for: the state or organisation of an office held at the publication date,
    else their country ("Ursula von der Leyen" speaks for the EU, not for Germany)."""
    entity = doc.kb.get(person)
    if entity is None:
        return None
    published = doc.document.published
    for role in entity.roles:
        if published and role.covers(published) and role.of in doc.kb:
            return role.of
    return entity.country


def timexes_in(doc: Doc, start: int, end: int) -> list:
    """The date expressions within characters [start, end); the dates stage returns them sorted."""
    lo = bisect.bisect_left(doc.timexes, start, key=lambda t: t.start)
    hi = bisect.bisect_left(doc.timexes, end, lo, key=lambda t: t.start)
    return [t for t in doc.timexes[lo:hi] if t.end <= end]


CLAUSE_MARKS = frozenset(",;:–—()")


def clause_bounds(doc: Doc, sentence, token: int) -> tuple[int, int]:
    """Character range of the clause around `token`: up to the nearest comma, colon or dash of its sentence."""
    texts = doc.tokens.texts
    joins = _name_dashes(doc, sentence) | _decimal_commas(doc, sentence)
    lo = token
    while lo > sentence.first_token and (texts[lo - 1] not in CLAUSE_MARKS or lo - 1 in joins):
        lo -= 1
    hi = token
    while hi < sentence.last_token - 1 and (texts[hi + 1] not in CLAUSE_MARKS or hi + 1 in joins):
        hi += 1
    return doc.tokens.starts[lo], doc.tokens.ends[hi]


def _decimal_commas(doc: Doc, sentence) -> set[int]:
    """Commas inside a number ("1,5 Milliarden", "3,2 млрд"): digits on both sides, no space."""
    t = doc.tokens
    return {
        i
        for i in range(sentence.first_token + 1, sentence.last_token - 1)
        if t.texts[i] == ","
        and t.texts[i - 1].isdigit()
        and t.texts[i + 1].isdigit()
        and t.ends[i - 1] == t.starts[i]
        and t.ends[i] == t.starts[i + 1]
    }


def _name_dashes(doc: Doc, sentence) -> set[int]:
    """Dashes that join two names ("Центральная Азия – Китай", "China – Central Asia"): they
    pair the parties of a format or a route and end no clause."""
    ends = {m.last for m in doc.mentions_in(sentence.start, sentence.end)}
    starts = {m.first for m in doc.mentions_in(sentence.start, sentence.end)}
    texts = doc.tokens.texts
    return {i for i in ends if i < sentence.last_token and texts[i] in ("–", "—", "-") and i + 1 in starts}


def pick_timex(doc: Doc, sentence, token: int, skip_after: Iterable[str] = (), skip_mods: Iterable[str] = ()):
    """The date expression that a word at `token` most likely refers to.

    Same clause first (nearest), then earlier in the sentence (a German lead
    phrase "Im Jahr 2022 erreichte ..." governs what follows), then later.
    Expressions right after a comparison word ("im Vergleich zum Vorjahr")
    are points of comparison and never chosen; `skip_mods` leaves out kinds of
    expression (an event does not happen "by 2030" or "since 2019").
    """
    skip = frozenset(skip_after)
    mods = frozenset(skip_mods)
    anchor = doc.tokens.starts[token]
    usable = []
    for t in timexes_in(doc, sentence.start, sentence.end):
        if t.mod in mods:
            continue
        k = doc.tokens.index_at(t.start)
        if any(doc.tokens.folds[j] in skip for j in range(max(sentence.first_token, k - 3), k)):
            continue
        usable.append(t)
    if not usable:
        return None
    lo, hi = clause_bounds(doc, sentence, token)
    same = [t for t in usable if lo <= t.start and t.end <= hi]
    if same:
        return min(same, key=lambda t: abs(t.start - anchor))
    earlier = [t for t in usable if t.end <= anchor]
    if earlier:
        return earlier[-1]
    return min(usable, key=lambda t: t.start - anchor)
