"""Quantitative facts: trade volumes, growth, deal values, investments and counts.

A quantity (stages/quantities.py) becomes a fact when the words around it say
what it measures (patterns/facts.yaml, one section per language): the cue
nearest to the number in its clause (else within reach in its sentence, else
the lead-in of its list) decides the type, a growth word next to a percentage
in a sentence about trade makes trade growth, a count noun of the relations
makes a count. The size of a change and anaphoric or group counts are left
out; an amount converted in brackets is told like the figure it converts.
Flows that are no trade, deal or investment (stages/fact_flows.py) are figures
too: people going abroad to work, study or visit are counted, remittances and
tourism receipts and the growth of such flows are `other`.

A figure without a cue of its own takes the kind of the figure it goes on from:
another amount of its sentence, the amount a pronoun points back to ("raise it
to $5bn"), or the amount of the sentence before when its own has no cue at all.
The head of a German compound decides its kind ("Handelsverträge" are
contracts); a source or an apposition set off by commas parts no figure from its
cue.

The parties come from the number's clause, else its sentence outside the
clauses of its other figures, else the sentences before (without the partners
an enumeration binds to figures of their own), else the parties the article is
about; a state's foreign trade is a figure of that state alone. The period is
the date expression of its clause (stages/context.pick_timex; a span of months
or "the first nine months" is the year), else that of the dated statistic it
breaks down, else for things signed the day of the meeting reported with them,
else the publication date -- except for targets without a date of their own,
which have none. Modality comes from words of plan, aim and estimate and from a
future tense. The same figure told twice in one article is one fact.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from silkgraph.kb import fold
from silkgraph.model import Fact, Span
from silkgraph.ontology import ONTOLOGY
from silkgraph.patterns import load_pattern_file
from silkgraph.doc import Doc
from silkgraph.stages.context import parties, pick_timex, tokens_matching, word_pattern
from silkgraph.stages.fact_flows import (
    PEOPLE_UNITS,
    bare_count,
    flow_sentence,
    follows_people_count,
    own_economy,
    people_flow,
    statistic,
)
from silkgraph.stages.fact_clauses import (
    Line,
    asides,
    clause_of,
    line_of,
    source_insertions,
)

SUBJECT_TYPES = ONTOLOGY.fact_subjects
LOOK_BACK = 3  # sentences searched for parties when the number's own sentence names none
CUE_REACH = 12  # tokens: a cue farther from the number than this does not type it
GROUP_UNITS = ("countries", "regions")  # counted in words, these name a group already known
# counts that are figures of something other than the relations between the parties: people in
# general, jobs, vehicles, spans of time (the counted units are the plural nouns of quantities.yaml)
OTHER_COUNTS = frozenset(
    {
        "jobs",
        "soldiers",
        "vehicles",
        "households",
        "passengers",
        "years",
        "months",
        "weeks",
        "days",
        "hours",
        "times",
        "basispoints",
    }
)
SIGNED_UNITS = frozenset({"documents", "agreements", "memoranda", "contracts", "declarations", "treaties"})
SIGNING_FAMILIES = ("agreement", "encounter")  # events at which documents are signed
STATE_BODY_KINDS = ONTOLOGY.kind_group("state_body")  # bodies that act for their state
SOURCE_KINDS = ONTOLOGY.kind_group("figure_source")  # organisations that report figures, not parties to them
BULLETS = ("-", "–", "—", "•", "*", "⁃", "·")  # marks that open the items of a list
GEOGRAPHY_KINDS = ONTOLOGY.kind_group("geography")  # kinds of region that are no party


@lru_cache(maxsize=8)
def _config(language: str) -> dict:
    """The words of facts.yaml for `language` (all languages' when it has no section of its own),
    folded like the tokens they are matched against."""
    sections = load_pattern_file("facts.yaml")
    chosen = [sections[language]] if language in sections else list(sections.values())
    return _fold_words([_fold_words(section) for section in chosen])


def _fold_words(data):
    """Fold every word of a nested structure; a list of sections is merged into one."""
    if isinstance(data, list) and data and isinstance(data[0], dict):
        merged: dict = {}
        for section in data:
            for key, value in section.items():
                if isinstance(value, dict):
                    inner = merged.setdefault(key, {})
                    for k, v in value.items():
                        inner[k] = inner.get(k, []) + v
                else:
                    merged[key] = merged.get(key, []) + value
        return merged
    if isinstance(data, dict):
        return {key: _fold_words(value) for key, value in data.items()}
    if isinstance(data, list):
        return [fold(word) for word in data]
    return data


def extract_facts(doc: Doc) -> None:
    data = _config(doc.language)
    dated: list[tuple[int, str, str]] = []  # (sentence, type, period) of figures dated by their own text
    previous = None  # (quantity, fact) of the last figure
    topic = _Topic(doc)
    for q in doc.quantities:
        if previous and _conversion(doc, previous[0], q):
            fact = replace(
                previous[1],
                value=float(q.value),
                unit=q.unit,
                qualifier=q.qualifier,
                subjects=list(previous[1].subjects),
                label=f"{previous[1].type.replace('_', ' ')}: {q.text}",
            )
        else:
            fact = _fact_of(doc, q, data, dated, topic)
            if q.kind == "measure":
                _date_measure(doc, q, data, dated)
        if fact is not None:
            _add(doc, fact)
            previous = (q, fact)


def _fact_of(doc: Doc, q, data, dated: list[tuple[int, str, str]], topic: _Topic) -> Fact | None:
    """The fact a quantity states, or None when it is no figure of the relations."""
    continued = False
    if q.kind == "number" and not q.unit:
        q, continued = bare_count(doc, q, data)
    if q.kind not in ("money", "percent", "count"):
        return None
    if q.kind == "count" and (q.unit in OTHER_COUNTS or _anaphoric_count(doc, q, data) or _named_group(doc, q)):
        return None
    s_index = doc.sentence_of(q.start)
    sentence = line_of(doc, doc.sentences[s_index], q.start)
    token = doc.tokens.index_at(q.number_start)
    if (
        q.kind == "count"
        and q.unit in PEOPLE_UNITS
        and not (continued or follows_people_count(doc, sentence))
        and not people_flow(doc, sentence, token, q, data)
    ):
        return None
    if q.kind == "money" and _change_amount(doc, sentence, q, data):
        return None
    if own_economy(doc, sentence, token, data):
        return None
    ftype = (
        _type(doc, s_index, sentence, token, q, data)
        or _elliptic_type(doc, sentence, q)
        or _anaphoric_type(doc, s_index, sentence, token, q, data)
        or _continued_type(doc, s_index, sentence, q, data)
    )
    if ftype is None:
        return None
    qualifier = q.qualifier or _verb_qualifier(doc, sentence, token, data)
    clause = clause_of(doc, sentence, token)
    timex = pick_timex(doc, sentence, token, skip_after=data["comparison"], skip_mods=("since", "from"))
    if timex is not None and any(a <= timex.start < b for a, b in _sibling_clauses(doc, sentence, clause, q)):
        timex = None  # the date of another figure's clause: "signed 15 documents, trade last year was $1.5bn"
    period = _period(doc, timex) or _year_so_far(doc, sentence, data) or _last_years(doc, sentence, token, data)
    modality = _modality(doc, sentence, clause, data)
    source = "text" if period is not None else None
    kind = statistic(ftype, q.unit)
    if period is not None:
        dated.append((s_index, kind, period))
    elif timex is None and modality != "target":
        # a target without a date of its own has none ("to double trade"): the publication date would
        # invent one; a plan or estimate without one is what is planned or estimated now
        period = _period_of_total(doc, dated, s_index, kind) or (
            _date_of_signing(doc, s_index) if ftype == "deal_value" or q.unit in SIGNED_UNITS else None
        )
        source = "text" if period else None
        if period is None and doc.document.published:
            period, source = doc.document.published, "publication"
    subjects = _subjects(doc, s_index, sentence, clause, q, data, topic)
    if q.unit == "projects":  # the projects counted are what is counted, not a party to the count
        subjects = _merge([], [_state_of_project(doc, p) or p for p in subjects])
    return Fact(
        type=ftype,
        value=float(q.value),
        unit=q.unit,
        period=period,
        subjects=subjects,
        evidence=Span(sentence.start, sentence.end),
        qualifier=qualifier,
        modality=modality,
        label=f"{ftype.replace('_', ' ')}: {q.text}",
        period_source=source,
    )


def _period(doc: Doc, timex) -> str | None:
    """The period a date expression gives a figure. "from 2023" alone is the base of a comparison and
    "since 2005" the start of a running total, so neither is picked; "von Januar bis Mai 2025" is the
    span from one to the other: its year when both ends share it."""
    if timex is None:
        return None
    starts = [t for t in doc.timexes if t.mod in ("from", "since") and 0 <= timex.start - t.end <= 6]
    if starts and starts[-1].value and timex.value and starts[-1].value[:4] == timex.value[:4]:
        return timex.value[:4]
    if timex.value and len(timex.value) == 7 and _month_span(timex.text):
        return timex.value[:4]  # "January–September", "в январе–сентябре": the months so far of a year
    return timex.value


def _year_so_far(doc: Doc, sentence, data) -> str | None:
    """'in the first nine months', 'за девять месяцев', 'seit Jahresbeginn' without a year: the months so
    far of the year the article came out in."""
    published = doc.document.published
    if not published or not _phrases(data["year_so_far"]).search(fold(doc.text[sentence.start : sentence.end])):
        return None
    return published[:4]


def _last_years(doc: Doc, sentence, token: int, data) -> str | None:
    """'Прошлогодний показатель … составил 4 млрд', 'das vorjährige Handelsvolumen': an adjective of the
    year before, ahead of the figure in its sentence and not after a word of comparison, dates it."""
    published = doc.document.published
    if not published:
        return None
    first = sentence.first_token
    # "по сравнению с прошлогодним", "превысил прошлогодний": last year's level is what is compared with
    compared = set(data["comparison"]).union(*data["verb_qualifiers"].values())
    for k in tokens_matching(doc, first, token, data["last_years"]):
        if not any(f in compared for f in doc.tokens.folds[max(first, k - 3) : k]):
            return str(int(published[:4]) - 1)
    return None


def _month_span(text: str) -> bool:
    """Whether a date expression names two months ("Januar–September", "январь-октябрь 2025")."""
    names = _month_names()
    return len({names[w] for w in re.findall(r"[^\W\d_]+", text.casefold()) if w in names}) >= 2


@lru_cache(maxsize=1)
def _month_names() -> dict[str, int]:
    """Month names of every language of dates.yaml, in lower case, with their number."""
    months = load_pattern_file("dates.yaml")["months"]
    return {
        name.casefold(): number
        for language in months.values()
        for part in ("full", "short")
        for name, number in (language.get(part) or {}).items()
    }


_CONVERSION_GAP = re.compile(r"\s*\(\s*(?:[^\W\d]+\.?\s+){0,2}")


def _conversion(doc: Doc, before, q) -> bool:
    """'1.5 trillion tenge ($3 billion)', '312 Mrd. Yuan (umgerechnet 43 Mrd. Dollar)': an amount in
    another currency in brackets right after a figure is that figure converted."""
    return (
        before.kind == q.kind == "money"
        and before.unit != q.unit
        and _CONVERSION_GAP.fullmatch(doc.text, before.end, q.start) is not None
    )


def _elliptic_type(doc: Doc, sentence, q) -> str | None:
    """A figure without a cue of its own, after another figure of its sentence, is of the same kind:
    "investments will reach $35bn in three years, and over $100bn in ten"."""
    if q.kind != "money":
        return None
    for fact in reversed(doc.facts):
        if sentence.start <= fact.evidence.start and fact.evidence.end <= sentence.end and fact.unit == q.unit:
            return fact.type
    return None


def _anaphoric_type(doc: Doc, s_index: int, sentence, token: int, q, data) -> str | None:
    """'Стороны рассчитывают довести его до 5 млрд', 'they want to raise it to $5bn': an amount whose clause
    has a pronoun before it and no cue is of the kind of the amount of the sentence before."""
    if q.kind != "money" or s_index == 0:
        return None
    lo, hi = clause_of(doc, sentence, token)
    first, last = doc.tokens.index_at(lo), doc.tokens.index_at(hi - 1) + 1
    if not _any_word(doc, first, token, data["anaphora"]):
        return None
    # the pronoun is what is raised or brought to the amount ("довести его до", "raise it to")
    if not tokens_matching(doc, first, last, [*data["growth"], *data["modality"]["target"]]):
        return None
    previous = doc.sentences[s_index - 1]
    for fact in reversed(doc.facts):
        if fact.evidence.start < previous.start:
            break
        if fact.unit.isupper() and fact.evidence.start < sentence.start:
            return fact.type
    return None


def _continued_type(doc: Doc, s_index: int, sentence, q, data) -> str | None:
    """An amount in a sentence without any cue that names a party goes on with the subject of the
    sentence before, whose figure in the same currency it shares the kind of: "Trade reached $72bn.
    China remained the largest partner with $15bn." """
    if q.kind != "money" or s_index == 0:
        return None
    first, last = sentence.first_token, sentence.last_token
    words = [*data["cues"].values(), data["value_words"]]
    if any(tokens_matching(doc, first, last, patterns) for patterns in words):
        return None
    if not _parties(doc, sentence.start, sentence.end, SUBJECT_TYPES):
        return None  # "The average wage is $500": a figure of nobody's relations
    previous = doc.sentences[s_index - 1]
    for fact in reversed(doc.facts):
        if fact.evidence.end <= previous.start:
            break
        if fact.unit == q.unit and fact.evidence.start < sentence.start:
            return fact.type
    return None


def _kind_of_total(doc: Doc, s_index: int, q) -> str | None:
    """The kind of the last figure in the same unit shortly before a list: its items break it down."""
    floor = doc.sentences[max(0, s_index - LOOK_BACK)].start
    for fact in reversed(doc.facts):
        if fact.evidence.start < floor:
            break
        if fact.unit == q.unit:
            return fact.type
    return None


def _date_of_signing(doc: Doc, s_index: int) -> str | None:
    """The date of the meeting or signing reported in the figure's sentence, else in the one before:
    "The leaders met on 7 October. They signed 11 documents" -- the documents are of that day."""
    before = doc.sentences[max(0, s_index - 1)]
    here = doc.sentences[s_index]
    best, best_rank = None, None
    for event in doc.events:
        if event.modality != "reported" or ONTOLOGY.event_family(event.type) not in SIGNING_FAMILIES:
            continue
        if len(event.date or "") != len("2025-10-07"):
            continue  # a meeting is of a day; a year or month may be the date of something else in its sentence
        if not (event.evidence.start < here.end and event.evidence.end > before.start):
            continue
        rank = (event.evidence.end > here.start, event.type == "agreement")
        if best_rank is None or rank > best_rank:
            best, best_rank = event.date, rank
    return best


def _period_of_total(doc: Doc, dated: list[tuple[int, str, str]], s_index: int, kind: str) -> str | None:
    """An undated statistic right after a dated one of the same kind shares its period: the parts of a
    total ("trade reached $94.8bn in 2024 ... Kazakhstan's share was $43.8bn"), the figures of a flow
    ("2025 kamen 910.000 Touristen ... Die Einnahmen aus dem Tourismus: 3,1 Mrd."), the value of a
    quantity delivered ("31.5 bcm of gas in 2024 ... imports were worth $9.8bn"). Deals and investments
    are each of their own time. In an article without a date, the statistics it dates stand for it."""
    if kind != "flow" and ONTOLOGY.fact_family(kind) not in ONTOLOGY.contestable_facts:
        return None
    reach = LOOK_BACK if doc.document.published else len(doc.sentences)
    takes = {kind, "measure"} if kind in ("flow", "trade_volume") else {kind}
    if kind == "trade_growth":
        takes.add("trade_volume")  # a growth rate right after a dated volume is the growth of that volume
    for sentence, other_kind, period in reversed(dated):
        if s_index - sentence > reach:
            break
        if other_kind in takes:
            return period
    return None


def _date_measure(doc: Doc, q, data, dated: list[tuple[int, str, str]]) -> None:
    """A quantity of goods or people carried, dated by its own text in a sentence about trade or another
    flow ("delivered 31.5 bcm of gas to China in 2024"), dates the figures that go on from it."""
    s_index = doc.sentence_of(q.start)
    sentence = line_of(doc, doc.sentences[s_index], q.start)
    cues = [*data["cues"]["trade_volume"], *data["cues"]["other"]]
    if not tokens_matching(doc, sentence.first_token, sentence.last_token, cues):
        return
    token = doc.tokens.index_at(q.number_start)
    timex = pick_timex(doc, sentence, token, skip_after=data["comparison"], skip_mods=("since", "from"))
    period = _period(doc, timex)
    if period is not None:
        dated.append((s_index, "measure", period))


def _named_group(doc: Doc, q) -> bool:
    """'the five Central Asian states', 'двух стран': a count of states written as a word names a known
    group; a figure in digits ("30 countries took part") is a count."""
    if q.unit not in GROUP_UNITS:
        return False
    return not any(c.isdigit() for c in doc.text[q.number_start : q.number_end])


def _type(doc: Doc, s_index: int, sentence, token: int, q, data) -> str | None:
    if q.kind == "count":
        return "count"
    if q.kind == "percent":
        return _growth_type(doc, s_index, sentence, q, data)
    ftype = _nearest_cue(doc, sentence, token, data["cues"])
    if ftype is None and (
        isinstance(sentence, Line) or doc.text[sentence.start : sentence.end].lstrip()[:1] in BULLETS
    ):
        # a list item without a cue is of the kind its lead-in names ("trade is split as follows:")
        lead = Line(
            doc.sentences[s_index].start, sentence.start, doc.sentences[s_index].first_token, sentence.first_token
        )
        ftype = _nearest_cue(doc, lead, lead.last_token, data["cues"], reach=len(doc.tokens)) or _kind_of_total(
            doc, s_index, q
        )
    if ftype or not _nearest_cue(doc, sentence, token, {"deal_value": data["value_words"]}):
        return ftype
    # "exported 410,000 tonnes of wheat in the 2024/25 season, worth $95m": the value of what the
    # sentence is about, however far its cue; of a deal when it names nothing
    return _nearest_cue(doc, sentence, token, data["cues"], reach=len(doc.tokens)) or "deal_value"


def _nearest_cue(doc: Doc, sentence, token: int, cues: dict, reach: int = CUE_REACH) -> str | None:
    """The type of the cue nearest to `token` in its clause, else the nearest within reach in its sentence:
    "Trade between Russia and the Central Asian states grew ... to $44 billion". Within a clause a cue of
    trade, deals or investment comes before one of another flow ("investment in tourism"), and that
    before a word of money moving ("tourists spent $96m", "inflows of money transfers")."""
    first, last = sentence.first_token, sentence.last_token
    lo, hi = clause_of(doc, sentence, min(max(token, first), max(first, last - 1)))
    data = _config(doc.language)
    sources = source_insertions(doc, sentence, data["source_openers"])
    skipped = sources + asides(doc, sentence)
    weak = set(tokens_matching(doc, first, last, data["weak_cues"]))
    best, rank = None, (2, 3, reach + 1)
    for i, ftype in _cue_tokens(doc, first, last, cues).items():
        if any(a <= i < b for a, b in sources):
            continue  # "according to the Ministry of Trade": the source of the figure, not what it measures
        between = range(min(i, token) + 1, max(i, token))
        d = abs(i - token) - sum(1 for k in between if any(a <= k < b for a, b in skipped))
        outside = 0 if lo <= doc.tokens.starts[i] < hi else 1
        tier = 2 if i in weak else 1 if ftype == "other" else 0
        if (outside, tier, d) < rank and (not outside or d <= reach):
            best, rank = ftype, (outside, tier, d)
    return best


def _cue_tokens(doc: Doc, first: int, last: int, cues: dict) -> dict[int, str]:
    """Token -> the type of the cue it is. A compound is of the kind of its head, the word it ends in:
    "Handelsverträge" are contracts, "Vertragshandel" is trade."""
    found: dict[int, list[str]] = {}
    for ftype, patterns in cues.items():
        for i in tokens_matching(doc, first, last, patterns):
            found.setdefault(i, []).append(ftype)
    out = {}
    for i, types in found.items():
        if len(types) == 1:
            out[i] = types[0]
        else:
            fold = doc.tokens.folds[i]
            out[i] = min(types, key=lambda t: -_head_start(fold, cues[t]))
    return out


def _head_start(word: str, patterns) -> int:
    """Where the shortest ending of `word` that one of `patterns` takes whole begins."""
    regex = word_pattern(tuple(patterns))
    return next((k for k in range(len(word) - 1, -1, -1) if regex.match(word, k)), 0)


def _growth_type(doc: Doc, s_index: int, sentence, q, data) -> str | None:
    """A percentage is trade growth when a word of growth other than its own hedge ("mehr als") stands in
    its sentence, and the sentence speaks of trade, or speaks of nothing else and follows one that does
    ("Trade reached $94bn. That is an increase of 116 percent.")."""
    if q.note == "percentage points":
        return None  # a difference between two rates, not a rate
    first, last = sentence.first_token, sentence.last_token
    starts = doc.tokens.starts
    grows = [i for i in tokens_matching(doc, first, last, data["growth"]) if not q.start <= starts[i] < q.end]
    if not grows and not _signed(doc, q):
        return None
    if tokens_matching(doc, first, last, data["cues"]["trade_volume"]):
        return "trade_growth"
    if flow_sentence(doc, sentence, q, data):
        return "other"  # "remittances rose 24 %", "35 Prozent mehr Touristen": growth of another flow
    if any(tokens_matching(doc, first, last, patterns) for patterns in data["cues"].values()) or s_index == 0:
        return None
    previous = doc.sentences[s_index - 1]
    trades = tokens_matching(doc, previous.first_token, previous.last_token, data["cues"]["trade_volume"])
    return "trade_growth" if trades else None


def _signed(doc: Doc, q) -> bool:
    """'+23.5%', '(-4 %)': a percentage written with its sign is a change."""
    return q.value < 0 or doc.text[max(0, q.number_start - 1) : q.number_start] in ("+", "−")


def _change_amount(doc: Doc, sentence, q, data) -> bool:
    """'up $5.4 billion', 'grew (by $2.8 billion)', 'um 5 Milliarden gestiegen', 'вырос на 2 млрд': the size
    of a change, not a figure of its own. The preposition stands right before the amount, a word of
    change in its sentence ("соглашения на 12 млрд" has none: there "на" is "worth")."""
    tokens = doc.tokens
    k = tokens.index_at(q.start) - 1
    if k < sentence.first_token or tokens.folds[k] not in data["change_prepositions"]:
        return False
    # the word of change stands in the amount's clause; an amount in brackets ("trade grew with
    # Kazakhstan (by $2.8 billion)") belongs to its sentence
    bracketed = k > sentence.first_token and tokens.texts[k - 1] == "("
    lo, hi = (sentence.start, sentence.end) if bracketed else clause_of(doc, sentence, tokens.index_at(q.number_start))
    first, last = tokens.index_at(lo), tokens.index_at(hi - 1) + 1
    change = tuple(data["growth"]) + tuple(data["decline"])
    return any(not q.start <= tokens.starts[i] < q.end for i in tokens_matching(doc, first, last, change))


def _anaphoric_count(doc: Doc, q, data) -> bool:
    """'die drei Länder', 'the two sides': a number word after an article counts what was named before."""
    if any(c.isdigit() for c in doc.text[q.number_start : q.number_end]):
        return False
    i = doc.tokens.index_at(q.start)
    return i > 0 and doc.tokens.folds[i - 1] in data["definite_articles"]


def _verb_qualifier(doc: Doc, sentence, token: int, data) -> str | None:
    folds = doc.tokens.folds
    window = folds[max(sentence.first_token, token - 4) : token]
    for qualifier, verbs in data["verb_qualifiers"].items():
        if any(w in verbs for w in window):
            return qualifier
    return None


def _modality(doc: Doc, sentence, clause: tuple[int, int], data) -> str:
    first = doc.tokens.index_at(clause[0])
    last = doc.tokens.index_at(clause[1] - 1) + 1
    # a month is no word of modality ("January-May", "im Mai")
    dates = [(t.start, t.end) for t in doc.timexes if t.end > clause[0] and t.start < clause[1]]
    for modality in ("estimate", "target", "planned"):
        found = tokens_matching(doc, first, last, data["modality"][modality])
        if any(not any(a <= doc.tokens.starts[i] < b for a, b in dates) for i in found):
            return modality
    return "planned" if _future(doc, first, last, data) else "reported"


def _future(doc: Doc, first: int, last: int, data) -> bool:
    """A future tense made of an auxiliary and an infinitive at the clause's end: "Die Bank wird
    100 Mio. Dollar bereitstellen" (but not the passive "wird finanziert")."""
    future = data.get("future")
    if not future or not _any_word(doc, first, last, future["auxiliaries"]):
        return False
    words = [k for k in range(first, last) if doc.tokens.texts[k].isalpha()]
    return bool(words) and bool(tokens_matching(doc, words[-1], words[-1] + 1, future["infinitive"]))


def _any_word(doc: Doc, first: int, last: int, words) -> bool:
    """Whether one of `words` is among the tokens [first, last)."""
    wanted = frozenset(words)
    return any(f in wanted for f in doc.tokens.folds[first:last])


def _subjects(doc: Doc, s_index: int, sentence, clause: tuple[int, int], q, data, topic: _Topic) -> list[str]:
    """The parties of the number's clause, else of its sentence (or list line) outside the clauses of
    its other figures ("imports from Kazakhstan rose 202 %, those from Uzbekistan 154 %"), else of the
    sentences before. When one party is named, the other side of the figure is the party most talked
    about in those sentences before ("Kyrgyzstan – $22.7 billion" after "China's trade with ...")."""
    found = _parties(doc, clause[0], clause[1], SUBJECT_TYPES)
    if len(found) >= 2:
        return found
    # parallel clauses ("imports from X rose 20 %, those from Y 15 %") keep their parties to
    # themselves; a clause without a party of its own ("…, up 30 %") shares the sentence's
    siblings = _sibling_clauses(doc, sentence, clause, q) if found else []
    found = _merge(found, _parties_outside(doc, sentence.start, sentence.end, siblings))
    if len(found) >= 2:
        return found
    if found and _phrases(data["unilateral"]).search(fold(doc.text[sentence.start : q.start])):
        return found  # "Uzbekistan's foreign trade reached ...": the total of one state with all its partners
    if _bilateral(data["bilateral"]).search(fold(doc.text[sentence.start : sentence.end])):
        return topic.complete(found)  # "bilateral trade": the two parties the article is about
    before = []
    if sentence.start > doc.sentences[s_index].start:
        before.append(_shared_parties(doc, doc.sentences[s_index].start, sentence.start))
    for k in range(s_index - 1, max(-1, s_index - 1 - LOOK_BACK), -1):
        before.append(_shared_parties(doc, doc.sentences[k].start, doc.sentences[k].end))
    if not found:
        for earlier in before:
            found = _merge(found, earlier)
            if len(found) >= 2:
                break
        # guessed from context: states, when two are named, rather than the region around them
        states = [p for p in found if doc.entity_type(p) == "country"]
        found = states if len(states) >= 2 else found
        # nobody named nearby: the figure is about what the article is about
        return found or topic.complete([])
    candidates = [p for earlier in before for p in earlier if p not in found]
    if candidates:
        found.append(topic.most_talked_about(candidates))
        return found
    return topic.complete(found)


def _shared_parties(doc: Doc, start: int, end: int) -> list[str]:
    """The parties of the text before a figure that the figure may take: all of them, unless that text
    binds them to figures of their own ("China led with $15bn, followed by Russia with $13bn"); then
    only those its figures share (the country whose partners they are)."""
    found = _parties(doc, start, end, SUBJECT_TYPES)
    subject_sets = {frozenset(f.subjects) for f in doc.facts if start <= f.evidence.start < end and f.subjects}
    if len(subject_sets) < 2:
        return found
    shared = frozenset.intersection(*subject_sets)
    return [p for p in found if p in shared]


@lru_cache(maxsize=8)
def _bilateral_pattern(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)")


def _bilateral(patterns: list[str]) -> re.Pattern:
    """The words of `patterns` (several words each, "two-way") found in folded text."""
    return _bilateral_pattern(tuple(patterns))


def _phrases(patterns: list[str]) -> re.Pattern:
    """A regex finding any of `patterns` (folded words, possibly several) in folded text."""
    return _bilateral_pattern(tuple(patterns))


class _Topic:
    """What the article is about, worked out once per document when a figure first needs it: how often
    and where first each entity is mentioned, and the article's parties ranked by that."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self._salience: tuple[dict[str, int], dict[str, int]] | None = None
        self._ranked: list[str] | None = None

    def salience(self) -> tuple[dict[str, int], dict[str, int]]:
        """Mentions per entity and the offset of its first one: of two parties mentioned as often, the
        one introduced first is the article's topic."""
        if self._salience is None:
            counts: dict[str, int] = {}
            first: dict[str, int] = {}
            for m in self.doc.mentions_in(0, len(self.doc.text)):
                counts[m.entity] = counts.get(m.entity, 0) + 1
                first.setdefault(m.entity, m.start)
            self._salience = counts, first
        return self._salience

    def most_talked_about(self, candidates: list[str]) -> str:
        weight, first = self.salience()
        return max(candidates, key=lambda p: (weight.get(p, 0), -first.get(p, 0)))

    def complete(self, found: list[str]) -> list[str]:
        """`found` completed to two with the parties the article mentions most."""
        if self._ranked is None:
            weight, first = self.salience()
            self._ranked = sorted(
                _parties(self.doc, 0, len(self.doc.text), SUBJECT_TYPES),
                key=lambda p: (-weight.get(p, 0), first.get(p, 0)),
            )
        return found + [p for p in self._ranked if p not in found][: max(0, 2 - len(found))]


def _parties(doc: Doc, start: int, end: int, types: tuple[str, ...]) -> list[str]:
    """The parties named between `start` and `end`, without mere geography; a project brings the state
    it is built in ("Kambarata-1" is Kyrgyzstan's)."""
    found: list[str] = []
    for p in parties(doc, start, end, types):
        if _geography(doc, p) or _source(doc, p):
            continue
        found = _merge(found, [_acting_for(doc, p)])
        entity = doc.kb.get(p)
        if entity is not None and entity.type == "project" and entity.country:
            found = _merge(found, [entity.country])
    return found


def _source(doc: Doc, entity_id: str) -> bool:
    """A statistics office or an institute that reports a figure ("according to China's customs")."""
    entity = doc.kb.get(entity_id)
    return entity is not None and entity.properties.get("kind") in SOURCE_KINDS


def _acting_for(doc: Doc, entity_id: str) -> str:
    """The party a body acts for: a ministry or agency its state ("Ministry of Energy of Uzbekistan"
    is Uzbekistan), an organ of an organisation that organisation (the European Commission is the
    EU); any other party itself."""
    if doc.entity_type(entity_id) != "organization":
        return entity_id
    entity = doc.kb.get(entity_id)
    if entity is not None:
        if entity.properties.get("kind") in STATE_BODY_KINDS and entity.country:
            return entity.country
        if entity.properties.get("kind") == "intergovernmental" and entity.properties.get("parent"):
            return entity.properties["parent"]
        return entity_id
    for m in doc.mentions:  # a body found by its name: the state named inside that name
        if m.entity == entity_id:
            inside = [
                n.entity
                for n in doc.mentions_in(m.start, m.end)
                if n.entity != entity_id and doc.entity_type(n.entity) == "country"
            ]
            if inside:
                return inside[0]
    return entity_id


def _state_of_project(doc: Doc, entity_id: str) -> str | None:
    entity = doc.kb.get(entity_id)
    return entity.country if entity is not None and entity.type == "project" else None


def _parties_outside(doc: Doc, start: int, end: int, holes: list[tuple[int, int]]) -> list[str]:
    """The parties between `start` and `end` that are not named inside one of `holes`."""
    found: list[str] = []
    for a, b in _segments(start, end, holes):
        found = _merge(found, _parties(doc, a, b, SUBJECT_TYPES))
    return found


def _segments(start: int, end: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, at = [], start
    for a, b in sorted(holes):
        if a > at:
            out.append((at, min(a, end)))
        at = max(at, b)
    if at < end:
        out.append((at, end))
    return out


def _sibling_clauses(doc: Doc, sentence, clause: tuple[int, int], q) -> list[tuple[int, int]]:
    """The clauses of the sentence that hold another figure of their own."""
    holes = []
    for other in doc.quantities:
        if other is q or other.kind not in ("money", "percent", "count"):
            continue
        if not sentence.start <= other.start < sentence.end:
            continue
        bounds = clause_of(doc, sentence, doc.tokens.index_at(other.number_start))
        if bounds != clause and not (bounds[0] <= q.start < bounds[1]):
            holes.append(bounds)
    return holes


def _geography(doc: Doc, entity_id: str) -> bool:
    """Seas and continents ("the Caspian", "Asia") are where things are, not parties to a figure: regions
    that neither group states (Central Asia) nor belong to one (a province)."""
    entity = doc.kb.get(entity_id)
    if entity is None or entity.type != "region":
        return False
    return entity.properties.get("kind") in GEOGRAPHY_KINDS or not (entity.members or entity.country)


def _merge(a: list[str], b: list[str]) -> list[str]:
    return a + [x for x in b if x not in a]


def _add(doc: Doc, fact: Fact) -> None:
    """Keep one fact per figure: a repetition (a headline and its body) only adds parties and
    makes the period more precise ("2024-10" and "2024-10-22" are the same figure)."""
    for other in doc.facts:
        if (
            (other.type, other.unit) == (fact.type, fact.unit)
            and _same_period(other.period, fact.period)
            and abs(other.value - fact.value) <= 1e-9 * max(1.0, abs(fact.value))
        ):
            other.subjects = _merge(other.subjects, fact.subjects)
            if len(fact.period or "") > len(other.period or ""):
                other.period, other.evidence = fact.period, fact.evidence
            return
    doc.facts.append(fact)


def _same_period(a: str | None, b: str | None) -> bool:
    """Whether two periods may be one: equal, one inside the other, or days of one month (the day of
    a meeting and the day the article about it came out)."""
    if a == b or bool(a and b and (a.startswith(b) or b.startswith(a))):
        return True
    return bool(a and b and len(a) == len(b) == len("2024-01-30") and a[:7] == b[:7])
