"""Quantitative facts: trade volumes, growth, deal values, investments and counts.

A quantity (stages/quantities.py) becomes a fact when the words around it say
what it measures (patterns/facts.yaml): the cue nearest to the number in its
sentence decides the type, a growth word next to a percentage makes trade
growth, a count noun makes a count. The parties come from the number's clause,
else its sentence, else the sentences before; the period from the date
expression of its clause (stages/context.pick_timex), else "now" words or the
publication date. The same figure told twice in one article is one fact.
"""

from __future__ import annotations

from functools import lru_cache

from silkgraph.model import Fact, Span
from silkgraph.ontology import ONTOLOGY
from silkgraph.patterns import load_pattern_file
from silkgraph.doc import Doc
from silkgraph.stages.context import clause_bounds, parties, pick_timex, tokens_matching, words_in

SUBJECT_TYPES = ONTOLOGY.fact_subjects
LOOK_BACK = 3  # sentences searched for parties when the number's own sentence names none
CUE_REACH = 12  # tokens: a cue farther from the number than this does not type it


@lru_cache(maxsize=1)
def _config() -> dict:
    return load_pattern_file("facts.yaml")


def extract_facts(doc: Doc) -> None:
    data = _config()
    published = doc.document.published
    for q in doc.quantities:
        if q.kind not in ("money", "percent", "count"):
            continue
        if q.kind == "count" and _anaphoric_count(doc, q):
            continue
        s_index = doc.sentence_of(q.start)
        sentence = doc.sentences[s_index]
        token = doc.tokens.index_at(q.number_start)
        ftype = _type(doc, sentence, token, q, data)
        if ftype is None:
            continue
        qualifier = q.qualifier or _verb_qualifier(doc, sentence, token, data)
        clause = clause_bounds(doc, sentence, token)
        timex = pick_timex(doc, sentence, token, skip_after=data["comparison"])
        period = timex.value if timex else None
        if period is None and (timex is None or not timex.relative):
            period = published
        modality = _modality(doc, sentence, clause, data)
        subjects = _subjects(doc, s_index, clause)
        fact = Fact(type=ftype, value=float(q.value), unit=q.unit, period=period, subjects=subjects,
                    evidence=Span(sentence.start, sentence.end), qualifier=qualifier, modality=modality,
                    label=f"{ftype.replace('_', ' ')}: {q.text}")
        _add(doc, fact)


def _type(doc: Doc, sentence, token: int, q, data) -> str | None:
    first, last = sentence.first_token, sentence.last_token
    if q.kind == "count":
        return "count"
    if q.kind == "percent":
        grows = tokens_matching(doc, first, last, data["growth"])
        trades = tokens_matching(doc, first, last, data["cues"]["trade_volume"])
        return "trade_growth" if grows and trades else None
    # The nearest cue of the number's clause, else the nearest one within reach in its sentence:
    # "Trade between Russia and the Central Asian states grew ... to $44 billion".
    lo, hi = clause_bounds(doc, sentence, token)
    best, rank = None, (2, CUE_REACH + 1)
    for ftype, patterns in data["cues"].items():
        for i in tokens_matching(doc, first, last, patterns):
            d = abs(i - token)
            outside = 0 if lo <= doc.tokens.starts[i] < hi else 1
            if (outside, d) < rank and (not outside or d <= CUE_REACH):
                best, rank = ftype, (outside, d)
    return best


def _anaphoric_count(doc: Doc, q) -> bool:
    """'die drei Länder', 'the two sides': a number word after an article counts what was named before."""
    if any(c.isdigit() for c in doc.text[q.number_start:q.number_end]):
        return False
    i = doc.tokens.index_at(q.start)
    return i > 0 and doc.tokens.folds[i - 1] in _config()["definite_articles"]


def _verb_qualifier(doc: Doc, sentence, token: int, data) -> str | None:
    folds = doc.tokens.folds
    window = folds[max(sentence.first_token, token - 4):token]
    for qualifier, verbs in data["verb_qualifiers"].items():
        if any(w in verbs for w in window):
            return qualifier
    return None


def _modality(doc: Doc, sentence, clause: tuple[int, int], data) -> str:
    first = doc.tokens.index_at(clause[0])
    last = doc.tokens.index_at(clause[1] - 1) + 1
    for modality in ("target", "estimate", "planned"):
        if words_in(doc, first, last, data["modality"][modality]):
            return modality
    return "reported"


def _subjects(doc: Doc, s_index: int, clause: tuple[int, int]) -> list[str]:
    found = parties(doc, clause[0], clause[1], SUBJECT_TYPES)
    if len(found) >= 2:
        return found
    sentence = doc.sentences[s_index]
    found = _merge(found, parties(doc, sentence.start, sentence.end, SUBJECT_TYPES))
    k = s_index
    while len(found) < 2 and k > 0 and s_index - k < LOOK_BACK:
        k -= 1
        earlier = doc.sentences[k]
        found = _merge(found, parties(doc, earlier.start, earlier.end, SUBJECT_TYPES))
    return found


def _merge(a: list[str], b: list[str]) -> list[str]:
    return a + [x for x in b if x not in a]


def _add(doc: Doc, fact: Fact) -> None:
    """Keep one fact per figure: a repetition only adds parties."""
    for other in doc.facts:
        if (other.type, other.unit, other.period) == (fact.type, fact.unit, fact.period) \
                and abs(other.value - fact.value) <= 1e-9 * max(1.0, abs(fact.value)):
            other.subjects = _merge(other.subjects, fact.subjects)
            return
    doc.facts.append(fact)
