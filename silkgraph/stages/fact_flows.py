"""Figures of flows between the parties that are no trade, deal or investment, for the facts stage:
people who go abroad to work, study or visit (counted when a word of such going stands by the count),
money they send home and what visitors spend (`other` figures, cued in patterns/facts.yaml), counts
whose noun stands away from their number ("the number of migrants fell to 410,000"), and figures of
one economy's own state (output per head, wages) that are none of the relations."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from silkgraph.doc import Doc
from silkgraph.kb import fold
from silkgraph.stages.context import tokens_matching
from silkgraph.stages.fact_clauses import clause_of
from silkgraph.stages.quantities import count_unit

# counts of people, and of the study places and scholarships that move them: figures of the relations
# when they go between the parties (people_flows in facts.yaml: migrants, workers sent abroad,
# students, tourists), else not (a population, victims, the seats of a stadium)
PEOPLE_UNITS = frozenset(
    {"people", "citizens", "workers", "migrants", "tourists", "visitors", "students", "scholarships", "places"}
)


@lru_cache(maxsize=16)
def _phrase_pattern(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)")


def phrases(patterns: list[str]) -> re.Pattern:
    """A regex finding any of `patterns` (folded words, possibly several) in folded text."""
    return _phrase_pattern(tuple(patterns))


def own_economy(doc: Doc, sentence, token: int, data) -> bool:
    """'GDP per capita is $2,500', 'средняя зарплата составляет 500 долларов': a figure of one economy's own
    state (output, income, prices), named in the number's clause without a word of the relations there
    ("remittances equal to half of GDP" are a flow), is no figure of its relations."""
    lo, hi = clause_of(doc, sentence, token)
    if not phrases(data["own_economy"]).search(fold(doc.text[lo:hi])):
        return False
    first, last = doc.tokens.index_at(lo), doc.tokens.index_at(max(lo, hi - 1)) + 1
    return not any(tokens_matching(doc, first, last, patterns) for patterns in data["cues"].values())


def bare_count(doc: Doc, q, data) -> tuple:
    """A number without a noun of its own that counts what its sentence names: "the number of Tajik
    migrants fell to 410,000", "Die Zahl der Touristen stieg auf 910.000"; or the next item of a count
    told before it ("540 тыс. человек направились в Россию, еще 96 тыс. — в Казахстан", "1,3 млн
    туристов, из них 420 тыс. — из Казахстана"), which is of that count's kind and flow. Returns the
    quantity as a count (else as it was) and whether it goes on from a count already taken."""
    sentence = doc.sentences[doc.sentence_of(q.start)]
    for fact in reversed(doc.facts):
        if fact.evidence.start < sentence.start:
            break
        if fact.type == "count" and fact.evidence.end <= sentence.end:
            return replace(q, kind="count", unit=fact.unit), True
    before = fold(doc.text[sentence.start : q.start])
    phrase = None
    for match in phrases(data["number_of"]).finditer(before):
        phrase = match
    if phrase is None:
        return q, False
    words = re.findall(r"[^\W\d_]+", doc.text[sentence.start + phrase.end() : q.start])[:4]
    unit = count_unit(words, doc.language)
    return (replace(q, kind="count", unit=unit), False) if unit else (q, False)


def follows_people_count(doc: Doc, sentence) -> bool:
    """Whether a count of people going between the parties was taken earlier in the sentence: the counts
    after it are its parallels ("6.000 studieren in China, Russland bleibt mit 29.000 Studierenden vorn")."""
    return any(
        f.type == "count" and f.unit in PEOPLE_UNITS and sentence.start <= f.evidence.start < sentence.end
        for f in doc.facts[-3:]
    )


def people_flow(doc: Doc, sentence, token: int, q, data) -> bool:
    """'38,000 migrants returned', 'в Россию направились 540 тыс. человек', '1.400 Studierende aus
    Tadschikistan': a count of people is a figure of the relations when a word of going abroad to work,
    study or visit stands in its clause (its own noun included); "37 Millionen Menschen" of a population
    is not. The words before the count since the last figure of its sentence count too: they name what
    it counts when a clause stands between ("Число туристов, посетивших страну, достигло 14 тыс.")."""
    lo, hi = clause_of(doc, sentence, token)
    before = max(
        [sentence.start]
        + [
            o.end
            for o in doc.quantities
            if o.kind in ("money", "percent", "count") and sentence.start <= o.end <= q.start
        ]
    )
    lo = min(lo, before, q.start)
    first, last = doc.tokens.index_at(lo), doc.tokens.index_at(max(lo, hi - 1)) + 1
    last = max(last, doc.tokens.index_at(max(q.start, q.end - 1)) + 1)
    return bool(tokens_matching(doc, first, last, data["people_flows"]))


def flow_sentence(doc: Doc, sentence, q, data) -> bool:
    """Whether a sentence speaks of a flow between the parties other than trade: a cue of one
    ("remittances", "туризм") or a count of people going between them ("910.000 Touristen")."""
    if tokens_matching(doc, sentence.first_token, sentence.last_token, data["cues"]["other"]):
        return True
    return any(
        other is not q
        and other.kind == "count"
        and other.unit in PEOPLE_UNITS
        and sentence.start <= other.start < sentence.end
        and people_flow(doc, sentence, doc.tokens.index_at(other.number_start), other, data)
        for other in doc.quantities
    )


def statistic(ftype: str, unit: str) -> str:
    """The kind of statistic a figure is for sharing periods: its type, or "flow" for the figures of
    movements between the parties other than trade (remittances, tourists, migrants)."""
    return "flow" if ftype == "other" or (ftype == "count" and unit in PEOPLE_UNITS) else ftype
