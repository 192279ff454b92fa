"""Events: meetings, summits, visits, forums, agreements and project milestones.

Each sentence with a trigger word (patterns/events.yaml) yields a candidate
per event type, with the parties named in the sentence, the place given by a
place phrase ("in Almaty", "in Kasachstans Hauptstadt"), the date expression
of the trigger's clause and a modality. Candidates that describe the same
event (same type, compatible date and place) merge into one, so that several
sentences about one summit make one event; weak mentions ("die Gespräche")
fold into the event they belong to; meetings told on different days, or on a
summit's sidelines, stay events of their own. Events the text does not date take
the day of a dated dateline, else the publication month, except plans, which
stay undated. The event types and their families come from the ontology.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from silkgraph.kb import fold
from silkgraph.model import Event, Span, dates_compatible
from silkgraph.ontology import ONTOLOGY
from silkgraph.patterns import load_pattern_file
from silkgraph.doc import Doc
from silkgraph.stages.event_places import (
    dateline_date,
    host_city,
    lead_place,
    place_in_relative_clause,
    place_phrase,
)
from silkgraph.stages.event_parties import (
    acting,
    clause_parties,
    format_parties,
    group_qualifies,
    names_party_group,
    only_in_routes,
    parent_of,
    parties_counted,
    projects_with_states,
    reporting_sources,
    without_home_bodies,
)
from silkgraph.stages.context import (
    CLAUSE_MARKS,
    article_states,
    clause_bounds,
    parties,
    person_state,
    pick_timex,
    tokens_matching,
    word_pattern,
    words_in,
)

# Encounter types, the more specific first (the ontology's priority order).
ENCOUNTERS = tuple(t for t in ONTOLOGY.event_type_priority if ONTOLOGY.event_family(t) == "encounter")
MULTILATERAL = ONTOLOGY.event_gatherings
LABEL_PARTIES = 4


@dataclass
class Candidate:
    type: str
    sentence: int
    trigger: int
    strong: bool
    participants: list[str]
    place: str | None
    date: str | None
    modality: str
    evidence: Span
    words: list[str] = field(default_factory=list)
    anaphoric: bool = False  # "dieses Treffen", "this meeting": refers to an event already named
    dated: bool = False  # the date comes from a date expression of the text
    date_source: str | None = None  # "text" (its own or a neighbour's date expression) or "publication"
    minor: set[str] = field(default_factory=set)  # participants that are organisations or regions
    sentences: set[int] = field(default_factory=set)  # the sentences that tell of this event
    sideline: bool = False  # a meeting "on the sidelines" of a summit: its own event
    what: str | None = None  # what was signed or built, or the format that met, for the label
    after_encounter: bool = False  # "Following the talks, the presidents signed ...": at the talks told before
    relative: bool = False  # told as a day before or after another event ("on the eve of the summit")
    counted: bool = False  # dated from another event of the text ("the same day", "the day before")
    week: tuple[str, str] | None = None  # first and last day of the week the text names ("last week")

    @property
    def core(self) -> set[str]:
        """The participants that identify an event: states and people, not the institutions around them."""
        return set(self.participants) - self.minor

    def compatible(self, other: Candidate) -> bool:
        return (
            self.type == other.type
            and dates_compatible(self.date, other.date)
            and not _outside_week(self, other)
            and not (self.type not in MULTILATERAL and _other_days(self, other))
            and self.sideline == other.sideline  # talks on a summit's sidelines are not the summit's sessions
            and self.relative == other.relative  # nor is what happened on its eve
            and (self.place is None or other.place is None or self.place == other.place)
        )

    def absorb(self, other: Candidate) -> None:
        for p in other.participants:
            if p not in self.participants:
                self.participants.append(p)
        if other.date and (not self.date or len(other.date) > len(self.date)):
            self.date = other.date
            self.dated = self.dated or other.dated
            self.date_source = other.date_source
        self.sentences |= other.sentences | {other.sentence}
        self.place = self.place or other.place
        self.strong = self.strong or other.strong
        self.words.extend(w for w in other.words if w not in self.words)
        self.minor |= other.minor
        self.what = self.what or other.what


def _outside_week(a: Candidate, b: Candidate) -> bool:
    """Whether one report names a week ("last week", "на прошлой неделе") and the other a day
    outside it: a month stands for the week in the date, but the two are not one event."""
    return any(
        x.week is not None and len(y.date or "") == 10 and not x.week[0] <= str(y.date) <= x.week[1]
        for x, y in ((a, b), (b, a))
    )


def _week_span(timex, published: str | None) -> tuple[str, str] | None:
    """Monday and Sunday of the week a relative week expression names, from a publication day."""
    anchor = (timex.anchor or "") if timex is not None else ""
    if not anchor.startswith("offset:week:") or len(published or "") != 10:
        return None
    day = date.fromisoformat(str(published)) + timedelta(weeks=int(anchor.rsplit(":", 1)[1]))
    monday = day - timedelta(days=day.weekday())
    return monday.isoformat(), (monday + timedelta(days=6)).isoformat()


def _other_days(a: Candidate, b: Candidate) -> bool:
    """Whether the text dates two reports to different days: a summit may last days, but two
    meetings or signings told on different days are two events."""
    return len(a.date or "") == len(b.date or "") == 10 and a.date != b.date


def _line_pattern(pattern: str) -> re.Pattern:
    """A pattern that finds a whole word among words joined by newlines."""
    return re.compile(rf"^(?:{pattern})$", re.MULTILINE)


def _phrase_pattern(words: list[str]) -> re.Pattern:
    """A pattern that finds adjacent words among words joined by newlines ("round", "table")."""
    return re.compile("^" + "\n".join(f"(?:{w})" for w in words) + "$", re.MULTILINE)


def _folded(value):
    """The pattern data with every word folded as tokens are: Cyrillic entries become Latin."""
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, list):
        return [_folded(v) for v in value]
    if isinstance(value, dict):
        return {k: _folded(v) for k, v in value.items()}
    return value


@lru_cache(maxsize=8)
def _config(language: str | None = None):
    """The event patterns for a document's language: word lists kept per language are merged
    for it (for all languages when it has none the file knows)."""
    raw = load_pattern_file("events.yaml")
    unknown = set(raw["triggers"]) - set(ONTOLOGY.event_types)
    if unknown:
        raise ValueError(f"events.yaml: triggers for event types the ontology does not know: {sorted(unknown)}")
    per_language = [k for k, v in raw.items() if isinstance(v, dict) and k != "triggers"]
    known = {lang for k, v in raw.items() if k in per_language for lang in v}
    langs = [language] if language in known else sorted(known)
    data = _folded(
        {k: ([w for lang in langs for w in v.get(lang) or []] if k in per_language else v) for k, v in raw.items()}
    )
    triggers = {}
    # When one sentence holds triggers of several types, the more specific ones come first.
    for etype in sorted(data["triggers"], key=ONTOLOGY.event_type_priority.index):
        forms = data["triggers"][etype]
        triggers[etype] = (
            word_pattern(tuple(forms.get("strong", ()))) if forms.get("strong") else None,
            word_pattern(tuple(forms["weak"])) if forms.get("weak") else None,
            [(_line_pattern(a), _line_pattern(b)) for a, b in forms.get("pairs", [])]
            # a name of adjacent words is a pair whose two words must both match where it stands
            + [(_phrase_pattern(words),) * 2 for words in forms.get("phrases", [])],
        )
    # day phrases by their first word, so that a sentence is scanned once
    by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for phrase, days in data["relative_days"]:
        words = tuple(phrase.split())
        by_first.setdefault(words[0], []).append((words, int(days)))
    data["relative_days"] = by_first
    # as written, not folded: "wären" is hypothetical, "waren" is not; "могли" only lower-cased
    data["hypothetical_forms"] = frozenset(w.lower() for lang in langs for w in raw["hypothetical"].get(lang) or [])
    return data, triggers


def extract_events(doc: Doc) -> None:
    data, triggers = _config((doc.document.language or "").lower()[:2] or None)
    today = dateline_date(doc)
    candidates: list[Candidate] = []
    for index, sentence in enumerate(doc.sentences):
        project_before = any(c.type == "project" and c.sentence == index - 1 for c in candidates)
        found = _triggers(doc, sentence, triggers, data, project_before, index)
        if "meeting" in found and not found["meeting"][1] and any(t in found for t in ENCOUNTERS if t != "meeting"):
            del found["meeting"]  # talks at a summit or during a visit are part of it
        for etype in triggers:
            if etype in found:
                token, strong = found[etype]
                told = any(c.type == etype for c in candidates)
                series = _series_parties(doc, sentence, token, etype, candidates, data)
                candidate = _candidate(doc, index, sentence, etype, token, strong, data, told, today, series)
                candidate.anaphoric = _preceded_by(doc, sentence, token, frozenset(data["anaphora"]))
                candidate.after_encounter = etype == "agreement" and _after_encounter(doc, sentence, triggers, data)
                _relative_day(doc, candidate, candidates, data, triggers, found)
                # "Am Rande des Gipfels": at the summit the article reports, not at an earlier one told just before
                sidelines = words_in(doc, sentence.first_token, sentence.last_token, data["sidelines"])
                _continue_date(candidate, candidates, doc.document.published if sidelines else None)
                _continue_series(doc, candidate, candidates, data)
                candidates.append(candidate)
    events = _merge(candidates, {p: doc.entity_type(p) for c in candidates for p in c.participants}, data)
    _date_by_occasion(events)
    opening_place = lead_place(doc, data)
    published = doc.document.published
    named = {m.entity for m in doc.mentions}
    people_states = {person_state(doc, m.entity) for m in doc.mentions if doc.entity_type(m.entity) == "person"}
    for c in events:
        if not c.participants:
            continue
        if c.modality == "reported" and c.date and published and c.date[: len(published)] > published:
            c.modality = "planned"  # dated after the article appeared: announced, not yet happened
        if (
            c.place is None
            and opening_place
            and c.type in ENCOUNTERS + ("agreement",)
            and dates_compatible(c.date, published)
            and c.modality == "reported"
        ):
            c.place = opening_place
        if c.place and c.type in ENCOUNTERS:
            host = doc.kb.country_of(c.place)
            # the hosting state takes part when the text names it; Brussels alone hosts the EU
            if host and host not in c.participants and host in named:
                c.participants.append(host)
        if c.type == "visit":  # a visit is between states and the people acting for them
            c.participants = [p for p in c.participants if doc.entity_type(p) in ("country", "person")]
        elif c.type in ENCOUNTERS:
            c.participants = without_home_bodies(doc, c.participants, named)
        # the European Commission signs for the European Union: a body whose parent takes part is that party
        c.participants = [p for p in c.participants if parent_of(doc, p) not in c.participants]
        # a state implied by a city (Brussels standing for Belgium) is no party; one acting through
        # its people is ("Trump received the leaders": the United States)
        # ... as is one whose leaders the article names ("the presidents signed", of Mirziyoyev and Aliyev)
        acting_for = {person_state(doc, p) for p in c.participants if doc.entity_type(p) == "person"} | people_states
        c.participants = [p for p in c.participants if p in named or p in acting_for or doc.entity_type(p) != "country"]
        if not c.participants:
            continue
        doc.events.append(
            Event(
                type=c.type,
                date=c.date,
                participants=c.participants,
                evidence=c.evidence,
                place=c.place,
                label=_label(doc, c),
                modality=c.modality,
                date_source=c.date_source if c.date else None,
            )
        )


def _triggers(
    doc: Doc, sentence, triggers, data, project_before: bool = False, index: int = 0
) -> dict[str, tuple[int, bool]]:
    folds = doc.tokens.folds
    back = frozenset(data["back_reference"])
    # A trigger inside the name of a format ("die Grundlagen des China-Zentralasien-Gipfels") names
    # the series, not a meeting of it: such a word only supports an event reported elsewhere.
    # An ordinal before the name makes it one meeting of the series ("второй саммит «Центральная
    # Азия – Россия»", "the 11th China–Central Asia Forum").
    ordinal = word_pattern(tuple(data["ordinals"]))
    in_format = {
        i
        for m in doc.mentions_in(sentence.start, sentence.end)
        if doc.entity_type(m.entity) == "format"
        and not any(
            ordinal.match(doc.tokens.folds[j]) or doc.tokens.texts[j][:1].isdigit()
            for j in range(max(sentence.first_token, m.first - 2), m.first)
        )
        for i in range(m.first, m.last)
    }
    found: dict[str, tuple[int, bool]] = {}
    # "on the eve of the summit": the summit is told elsewhere, this names a day before it
    eves = {ref for _, _, ref in _day_phrases(doc, sentence, data, triggers) if ref is not None}
    blocked = [(word_pattern((a,)), word_pattern((b,))) for a, b in data["not_followed_by"]]
    lowercase_only = frozenset(data["lowercase_only"])
    for i in range(sentence.first_token, sentence.last_token):
        word = folds[i]
        if not word[:1].isalpha():
            continue
        kind = _word_kind(triggers, word)
        if kind is None:
            continue
        if i in eves:
            continue
        if word in lowercase_only and doc.tokens.texts[i][:1].isupper():
            continue  # "vor drei Tagen": a noun, not the verb "tagen"
        if any(
            a.match(word) and any(b.match(f) for f in folds[i + 1 : min(i + 3, sentence.last_token)])
            for a, b in blocked
        ):
            continue  # "принял участие", "принял решение": took part, decided; not received
        etype, strong_word = kind
        hit_strong = strong_word and i not in in_format
        if not _preceded_by(doc, sentence, i, back) and (etype not in found or (hit_strong and not found[etype][1])):
            found[etype] = (i, hit_strong)
    lines = "\n".join(folds[sentence.first_token : sentence.last_token])  # one scan per pattern, not per word
    paired: set[str] = set()  # types found by a pair of words ("начала строительства", "construction began")
    for etype, (_, _, pairs) in triggers.items():
        for a, b in pairs:
            hit = a.search(lines)
            if hit and b.search(lines):
                paired.add(etype)
                firsts = [sentence.first_token + lines.count("\n", 0, hit.start())]
                # "held talks": the talks took place -- unless they are those of a visit or summit told
                # in the same sentence ("leitete eine Delegation nach China, um Gespräche zu führen")
                framed = etype == "meeting" and any(t in found for t in ENCOUNTERS if t != "meeting")
                if (etype not in found or not found[etype][1]) and not framed:
                    found[etype] = (found[etype][0] if etype in found else firsts[0], True)
    first, last = sentence.first_token, sentence.last_token
    if "visit" in found and _city_hosts(doc, sentence, found["visit"][0], data):
        del found["visit"]  # "Ташкент принял встречу", "Astana hosted the forum": a city hosts, nobody visits
    if (
        "visit" in found
        and word_pattern(tuple(data["needs_person"])).match(folds[found["visit"][0]])
        and not any(doc.entity_type(m.entity) == "person" for m in doc.mentions_in(sentence.start, sentence.end))
    ):
        del found["visit"]
    if "agreement" in found and not tokens_matching(doc, first, last, data["agreement_objects"]):
        del found["agreement"]
    # a milestone needs its project in the sentence, or in the one before ("Bei der Zeremonie in ...")
    if (
        "project" in found
        and not project_before
        # "the start of construction" of a project named just before ("... of the Afghan section")
        and not (
            "project" in paired
            and tokens_matching(doc, first, last, data["construction_nouns"])
            and _project_named_before(doc, index, data["project_nouns"])
        )
        and not (
            tokens_matching(doc, first, last, data["project_nouns"])
            or any(doc.entity_type(m.entity) == "project" for m in doc.mentions_in(sentence.start, sentence.end))
        )
    ):
        del found["project"]
    return found


def _city_hosts(doc: Doc, sentence, token: int, data) -> bool:
    """Whether the word at `token` is a word of hosting whose subject is a city right before it
    ("Tashkent hosted", "Ташкент в понедельник принял")."""
    if doc.tokens.folds[token] not in data["host_words"]:
        return False
    before = [m for m in doc.mentions_in(sentence.start, doc.tokens.starts[token]) if m.last >= token - 3]
    return bool(before) and doc.entity_type(before[-1].entity) == "place"


def _after_encounter(doc: Doc, sentence, triggers, data) -> bool:
    """Whether the sentence tells what followed an encounter told before: a word of talks or
    meetings after a word of sequence ("Following the talks", "Nach den Gesprächen")."""
    back = frozenset(data["back_reference"])
    for i in range(sentence.first_token, sentence.last_token):
        kind = _word_kind(triggers, doc.tokens.folds[i])
        if kind and kind[0] in ENCOUNTERS and _preceded_by(doc, sentence, i, back):
            return True
    return False


def _project_named_before(doc: Doc, index: int, nouns, sentences: int = 2) -> bool:
    """Whether one of the sentences just before names a project or a work ("The pipeline will be
    1,814 km long. In September the start of construction of the Afghan section was marked")."""
    for earlier in doc.sentences[max(0, index - sentences) : index]:
        if any(doc.entity_type(m.entity) == "project" for m in doc.mentions_in(earlier.start, earlier.end)):
            return True
        if tokens_matching(doc, earlier.first_token, earlier.last_token, nouns):
            return True
    return False


_KINDS: dict[tuple[int, str], tuple[str, bool] | None] = {}


def _word_kind(triggers, word: str) -> tuple[str, bool] | None:
    """The event type a folded word triggers and whether strongly, remembered per word: a word
    triggers its most specific type only ("Gipfeltreffen" is a summit)."""
    key = (id(triggers), word)
    if key not in _KINDS:
        if len(_KINDS) > 200_000:
            _KINDS.clear()
        _KINDS[key] = None
        for etype, (strong, weak, _) in triggers.items():
            strong_word = bool(strong and strong.match(word))
            if strong_word or (weak and weak.match(word)):
                _KINDS[key] = (etype, strong_word)
                break
    return _KINDS[key]


def _day_phrases(doc: Doc, sentence, data, triggers) -> list[tuple[int, int, int | None]]:
    """The phrases of the sentence that count days from another event ("on the eve of the summit",
    "am Vortag", "на следующий день"): (days, first token, the token of the event's noun when one
    follows within four words)."""
    folds = doc.tokens.folds
    first, last = sentence.first_token, sentence.last_token
    links = frozenset(data["relative_day_links"])
    direct = data["relative_day_direct"]  # forms of verbs where the noun may follow right away
    verbs = word_pattern(tuple(direct)) if direct else None
    out = []
    for i in range(first, last):
        for phrase, days in data["relative_days"].get(folds[i], ()):
            if tuple(folds[i : i + len(phrase)]) != phrase:
                continue
            end = i + len(phrase)
            k = end
            while k < min(end + 3, last) and folds[k] in links:
                k += 1
            right_after = verbs is not None and not verbs.match(folds[k])
            noun = k if k < last and (k > end or right_after) and _word_kind(triggers, folds[k]) else None
            out.append((days, i, noun))
    return out


def _relative_day(
    doc: Doc, candidate: Candidate, earlier: list[Candidate], data, triggers, found: dict[str, tuple[int, bool]]
) -> None:
    """Date an event told as a day before or after another: the eve of the summit named, or the
    day before the event told last ("The day before, the foreign ministers met"). Such an event
    is told apart from the one it counts from, even where the text gives only that one's month."""
    if candidate.dated:
        return
    sentence = doc.sentences[candidate.sentence]
    phrases = _day_phrases(doc, sentence, data, triggers)
    if not phrases:
        return
    days, start, noun = phrases[0]
    if _governed_type(found, start) != candidate.type:
        return  # "The day before, the ministers met to prepare the summit's declaration": the meeting's day
    candidate.relative = days != 0  # the same day may be the same event; the day before is not
    if candidate.relative:  # nor are the people of the sentences before those who met on its eve
        named = {m.entity for m in doc.mentions_in(sentence.start, sentence.end)}
        candidate.participants = [p for p in candidate.participants if doc.entity_type(p) != "person" or p in named]
    told = [c for c in earlier if c.sentence < candidate.sentence and c.date and c.modality == candidate.modality]
    if noun is not None:
        named = _word_kind(triggers, doc.tokens.folds[noun])
        same = [c for c in told if named and c.type == named[0]]
        told = same or [c for c in told if named and named[0] in ENCOUNTERS and c.type in ENCOUNTERS]
    if not told:
        return
    # "the same day", "the day before" presuppose a day: the last event told to the day, else the last
    reference = ([c for c in told if len(c.date or "") == 10] or told)[-1]
    candidate.date = shift_day(reference.date, days) if len(reference.date or "") == 10 else reference.date
    candidate.dated, candidate.date_source = reference.dated, reference.date_source
    candidate.counted = True
    candidate.place = candidate.place or reference.place


def _governed_type(found: dict[str, tuple[int, bool]], start: int) -> str | None:
    """The type of event a day phrase dates, among those found in its sentence: the first after
    it ("The day before, the ministers met"), else the last one before it ("they met the day before")."""
    after = sorted((token, etype) for etype, (token, _) in found.items() if token >= start)
    before = sorted((token, etype) for etype, (token, _) in found.items() if token < start)
    return after[0][1] if after else (before[-1][1] if before else None)


def _preceded_by(doc: Doc, sentence, i: int, words: frozenset) -> bool:
    """Whether one of `words` stands just before the trigger (or before the compound it ends).

    With back-reference words ("ein Jahr nach dem China-Zentralasien-Gipfel") the trigger
    names an earlier event; with demonstratives ("an diesem Treffen") one already told.
    """
    k = i
    while k - 2 >= sentence.first_token and doc.tokens.folds[k - 1] == "-":
        k -= 2  # to the start of a hyphenated compound
    folds = doc.tokens.folds
    named = {
        j
        for m in doc.mentions_in(doc.tokens.starts[max(sentence.first_token, k - 8)], doc.tokens.starts[k])
        for j in range(m.first, m.last)
    }  # "before the SCO summit": a name is not one of the two words
    seen, j = 0, k - 1
    while j >= sentence.first_token and seen < 2:
        if folds[j] in words:
            return True
        if j not in named:
            seen += 1
        j -= 1
    return False


def _candidate(
    doc: Doc,
    index: int,
    sentence,
    etype: str,
    token: int,
    strong: bool,
    data,
    told: bool = False,
    today: str | None = None,
    series: list[str] | None = None,
) -> Candidate:
    """The event of type `etype` that the trigger at `token` reports; `series` holds the parties of
    the series it belongs to when an ordinal makes it one meeting of a series told before."""
    # Place and modality belong to the trigger's clause: in "signed a roadmap, including plans
    # for a plant in Jizzakh region" neither the plans nor Jizzakh are about the signing.
    lo, hi = clause_bounds(doc, sentence, token)
    place = (
        place_phrase(doc, sentence, data, lo, hi)
        or place_phrase(doc, sentence, data, sentence.start, lo)
        or place_in_relative_clause(doc, sentence, data, hi)
        or host_city(doc, sentence, data)
    )
    participants = clause_parties(doc, sentence, lo, hi, place, data)
    if etype != "project":
        participants += [p for p in format_parties(doc, sentence) if p not in participants]
    sources = reporting_sources(doc, sentence, lo, hi, data)
    participants = [p for p in participants if p not in sources]
    if not participants and series:
        participants = list(series)  # "the previous forum was held in Uralsk": the series' parties
    if etype != "project":  # a route's states build it; for anything else they only name it
        # ... unless one of its people takes part ("Xi met Tokayev to discuss the China–Kyrgyzstan–... railway")
        acting_for = {person_state(doc, p) for p in participants if doc.entity_type(p) == "person"}
        on_route = only_in_routes(doc, sentence) - acting_for
        participants = [p for p in participants if p not in on_route]
    timex = pick_timex(doc, sentence, token, skip_mods=("until", "since"))
    if timex is not None and timex.mod == "from" and len(timex.value or "") == 4:
        timex = None  # "ab 2026", "a programme for 2023-2027": when something runs, not when it happened
    if timex is not None and timex.start >= _next_clause_end(doc, sentence, hi):
        # "the summit, held in 2023 in Xi'an," dates it; a date clauses later is another's
        # ("a forum held with Tokayev, who came to Moscow, ... since he was re-elected last week")
        timex = None
    first, last = doc.tokens.index_at(lo), doc.tokens.index_at(hi - 1) + 1
    modality = "reported"
    if words_in(doc, first, last, data["denied"]):
        modality = "denied"
    elif words_in(doc, first, last, data["planned"]):
        modality = "planned"
    elif any(doc.tokens.texts[i].lower() in data["hypothetical_forms"] for i in range(first, last)):
        modality = "hypothetical"
    if timex is not None:
        # "today" in a text with a dated dateline is the dateline's day, which may precede publication
        when = today if today and timex.anchor == "offset:day:0" else timex.value
    else:  # what the text does not date happened around publication (or the dateline's day); a plan stays open
        when = None if modality == "planned" else today or _publication_period(doc.document.published)
    # An encounter of a kind already told, mentioned without parties, place, date or name ("ein
    # Thema des Gipfeltreffens war ..."), is that one: it brings no parties from around it.
    own = not told or place or timex is not None or _named_event(doc, sentence, token)
    group = names_party_group(doc, sentence, data)
    sides = words_in(doc, sentence.first_token, sentence.last_token, data["party_anaphora"])
    own_people = {p for p in participants if doc.entity_type(p) == "person"}
    if (
        (
            sides
            # "Стороны обсудили подготовку визита Си Цзиньпина в Казахстан": a visit that names its
            # two states is theirs, whoever discussed it
            and not (etype == "visit" and sum(doc.entity_type(p) == "country" for p in participants) >= 2)
        )
        or (not participants and (etype not in ENCOUNTERS or own))
        # "the two countries" names states, whatever bodies the clause names
        or (group and sum(doc.entity_type(p) == "country" for p in participants) < 2)
        or (etype == "agreement" and parties_counted(doc, participants) < 2)
    ):
        # "beide Seiten unterzeichneten": the parties are those of the sentences before (three for
        # a sentence that names nobody: "They discussed trade. Following the talks, the presidents signed")
        for earlier in range(index - 1, max(-1, index - (3 if participants else 4)), -1):
            told = doc.sentences[earlier]
            reporters = reporting_sources(doc, told, -1, -1, data)  # "По словам X, ..." told it
            before = [
                p
                for p in acting(doc, parties(doc, told.start, told.end, exclude={place} if place else None))
                if p not in reporters
            ]
            participants += [p for p in before if p not in participants]
            if sum(doc.entity_type(p) == "country" for p in participants) >= 2:
                break
        if not participants and etype != "project":
            # "Следующее заседание рабочей группы пройдет в Ташкенте": nobody named near it, so the
            # meeting is one of the two states the article is about
            participants = article_states(doc)
        elif group and sum(doc.entity_type(p) == "country" for p in participants) < 2:
            # "companies from the two countries", the two told further back: the article's two states
            participants += [p for p in article_states(doc) if p not in participants]
        published = doc.document.published
        dated_ahead = bool(when and published and when[: len(published)] > published)
        qualifying = group and group_qualifies(doc, sentence, data)
        if (
            series is not None
            or (group and (qualifying or not sides))
            or (not sides and modality == "planned")
            or (dated_ahead and modality != "planned")
        ):
            # "the previous session", "the next meeting", "experts of the two countries", "the sides
            # discussed the commission's session in May": the people of the sentences around are not
            # theirs, only the states; "the sides will sign" keeps those who will
            participants = [p for p in participants if doc.entity_type(p) != "person" or p in own_people]
    if etype == "visit":  # a visit is between states and the people acting for them
        participants = [p for p in participants if doc.entity_type(p) in ("country", "person")]
    elif etype == "project" and not participants:  # "Начало строительства ГЭС запланировано на 2026 год"
        participants = projects_with_states(doc, sentence)
    minor = {p for p in participants if doc.entity_type(p) not in ("country", "person")}
    return Candidate(
        type=etype,
        sentence=index,
        trigger=token,
        strong=strong,
        participants=participants,
        place=place,
        date=when,
        modality=modality,
        evidence=Span(sentence.start, sentence.end),
        words=[doc.tokens.texts[token]],
        minor=minor,
        dated=timex is not None,
        week=_week_span(timex, doc.document.published),
        # the dateline's day is the text's own date; the publication month is not
        date_source="text" if timex is not None or (today and when == today) else ("publication" if when else None),
        what=_subject_of(doc, sentence, etype, first, last, data),
        # "On the sidelines of the summit, X and Y held a meeting": the phrase may open the sentence
        sideline=etype == "meeting" and words_in(doc, sentence.first_token, last, data["sidelines"]),
    )


def _date_by_occasion(events: list[Candidate]) -> None:
    """An agreement or milestone the text does not date, told in the same sentence as a dated
    summit, visit or meeting or in the sentence after it, happened there and then ("at the
    summit on Tuesday the six states signed ...", "... trafen sich X und Y. Dabei wurden drei
    Abkommen unterzeichnet"); so did a signing "following the talks", at the last told before."""
    # dated by the text, in their own words or by continuing a dated report ("Am Flughafen wurde er ...")
    occasions = [
        o for o in events if o.type in ENCOUNTERS and (o.dated or len(o.date or "") == 10) and o.modality == "reported"
    ]
    for c in events:
        if c.type in ENCOUNTERS or c.dated or c.modality != "reported":
            continue
        told = c.sentences | {c.sentence}
        # told in its sentence, else in the sentence right after it ("Dabei wurden ... unterzeichnet")
        fitting = [
            o
            for near in (told, {c.sentence - 1})
            for o in occasions
            if near & (o.sentences | {o.sentence}) and dates_compatible(o.date, c.date)
        ]
        if fitting:
            c.date, c.dated, c.date_source = fitting[0].date, True, "text"
            c.place = c.place or fitting[0].place
        else:
            earlier = [o for o in occasions if o.sentence < c.sentence and dates_compatible(o.date, c.date)]
            if c.after_encounter and earlier:
                o = max(earlier, key=lambda o: max(o.sentences | {o.sentence}))
                c.date, c.dated = o.date, True
                c.place = c.place or o.place


def _next_clause_end(doc: Doc, sentence, clause_end: int) -> int:
    """Where the clause after the one ending at character `clause_end` ends."""
    k = doc.tokens.index_at(clause_end)
    while k < sentence.last_token and doc.tokens.texts[k] in CLAUSE_MARKS:
        k += 1
    if k >= sentence.last_token:
        return sentence.end
    return clause_bounds(doc, sentence, k)[1]


def shift_day(day: str, days: int) -> str:
    """The ISO day `days` after (or before) the ISO day `day`."""
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def _publication_period(published: str | None) -> str | None:
    """The date an undated current event is given: the publication's month, not its day.

    A report appears on the day of the event or days later; the text alone does not
    say which, so the event is dated only as precisely as that allows.
    """
    return published[:7] if published else None


def _named_event(doc: Doc, sentence, token: int) -> bool:
    """Whether the trigger ends a name ("Global Gateway Forum", "Global Security Forum"): a
    capitalised word that is not the sentence's first stands right before it."""
    k = token - 1
    return k > sentence.first_token and doc.tokens.texts[k][:1].isupper() and doc.tokens.texts[k - 1] not in ".:"


def _series_parties(doc: Doc, sentence, token: int, etype: str, earlier: list[Candidate], data) -> list[str] | None:
    """ "The previous forum", "the last formal summit", "der erste Gipfel": a meeting of the series
    told before, whose parties it shares: its organisation or format when it has one, else its
    states -- not the people of the neighbouring sentences. None when no ordinal makes it one."""
    ordinal = word_pattern(tuple(data["ordinals"]))
    if etype not in ENCOUNTERS or not any(
        ordinal.match(doc.tokens.folds[j]) for j in range(max(sentence.first_token, token - 2), token)
    ):
        return None
    told = [c for c in earlier if c.type == etype]
    if not told:
        return []
    last = told[-1]
    bodies = [p for p in last.participants if doc.entity_type(p) in ("organization", "format")]
    sides = [p for p in last.participants if doc.entity_type(p) in ("country", "region")]
    return bodies or (sides if len(sides) >= 2 else [])


def _continue_series(doc: Doc, candidate: Candidate, earlier: list[Candidate], data) -> None:
    """ "Der nächste Gipfel", "the third summit", "следующий саммит" with no organisation named: a
    meeting of the series told before, whose organisation or format takes part in it too."""
    if candidate.type not in MULTILATERAL or candidate.minor:
        return
    ordinal = word_pattern(tuple(data["ordinals"]))
    first = doc.sentences[candidate.sentence].first_token
    if not any(ordinal.match(doc.tokens.folds[j]) for j in range(max(first, candidate.trigger - 2), candidate.trigger)):
        return
    told = [c for c in earlier if c.type == candidate.type and c.minor]
    if told:
        series = [p for p in told[-1].participants if p in told[-1].minor]
        candidate.participants += [p for p in series if p not in candidate.participants]
        candidate.minor |= set(series)


def _continue_date(candidate: Candidate, earlier: list[Candidate], current: str | None = None) -> None:
    """An undated report right after a dated one continues its story: "Am Montag empfing X den
    Präsidenten Y. Beide Seiten unterzeichneten sieben Dokumente." Both happened on Monday.
    A plan continues a dated plan alike: "talks will be held on Thursday ... the presidents
    are to sign a joint statement". With `current`, a date far from it is not continued.
    """
    if candidate.dated or candidate.counted or candidate.modality not in ("reported", "planned"):
        return
    for previous in reversed(earlier):
        if candidate.sentence - previous.sentence > 2:
            return
        if previous.dated and previous.modality == candidate.modality and previous.sentence < candidate.sentence:
            if current and not dates_compatible(previous.date, current[:7]):
                return  # a report of the present (`current`: its publication date) after a background one
            candidate.date, candidate.date_source = previous.date, "text"
            return


def _merge(candidates: list[Candidate], doc_types: dict[str, str], data) -> list[Candidate]:
    clusters: list[Candidate] = []
    for c in candidates:
        for existing in clusters:
            # A summit or forum is known by its time and place; a bilateral meeting also by who met.
            if existing.compatible(c) and (
                c.type in MULTILATERAL or existing.core & c.core or len(c.core) < 2 or len(existing.core) < 2
            ):
                existing.absorb(c)
                break
        else:
            clusters.append(c)
    # A plain meeting that fits a summit, forum or visit of the same text is part of it; a
    # reception of the summit's guests is the summit first, so that it dates the summit.
    specific = [c for c in clusters if c.type in ENCOUNTERS and c.type != "meeting"]
    absorbed: set[int] = set()
    receiving = word_pattern(tuple(data["reception_words"]))
    _absorb_receptions(clusters, specific, absorbed, doc_types, receiving)
    specific = [c for c in specific if id(c) not in absorbed]
    for c in clusters:
        if c.type != "meeting" or (c.sideline and len(c.core) >= 2) or c.relative:
            continue
        # ("в Самарканде открылось заседание ... Совета глав государств" opens the summit told next)
        hosts = [
            o
            for o in specific
            if dates_compatible(o.date, c.date)
            and not _told_apart(doc_types, o, c)
            and (
                (o.place and o.place == c.place)
                or (
                    (set(o.participants) & set(c.participants) or len(c.core) < 2)
                    and (o.place is None or c.place is None)
                )
            )
        ]
        if hosts:
            min(hosts, key=lambda o: abs(o.sentence - c.sentence)).absorb(c)
            absorbed.add(id(c))
    for c in clusters:
        if c.sideline and id(c) not in absorbed:
            _date_by_summit(c, specific)
    _absorb_receptions(clusters, specific, absorbed, doc_types, receiving)
    clusters = [c for c in clusters if id(c) not in absorbed]
    # Weak ("die Gespräche") or anaphoric ("dieses Treffen") encounters belong to a nearby encounter.
    kept: list[Candidate] = []
    for c in clusters:
        if (
            c.type in ENCOUNTERS
            and not c.relative
            and (c.anaphoric or not c.strong or (len(c.participants) < 2 and not c.place))
        ):
            host = _nearest_encounter(c, [o for o in clusters if id(o) not in absorbed])
            if host is not None:
                host.absorb(c)
                absorbed.add(id(c))
                continue
            if not c.strong and not c.place and not c.dated:
                continue  # "die Gespräche", with nothing to tell when or where: not an event of its own
            if c.type in ("meeting", "visit") and len(c.participants) < 2 and not c.place:
                continue  # a cabinet session at home, a delegation going nowhere named: no relation
        kept.append(c)
    return kept


def _absorb_receptions(
    clusters: list[Candidate],
    specific: list[Candidate],
    absorbed: set[int],
    doc_types: dict[str, str],
    receiving: re.Pattern,
) -> None:
    """A "visit" of one or many states where a summit meets ("Trump received the leaders at the
    White House") is the summit's reception: a state visit is between two states."""
    for c in clusters:
        if c.type != "visit" or id(c) in absorbed or c.relative:
            continue
        states = {p for p in c.participants if doc_types.get(p) == "country"}
        # where the text names no place for one of them, a host's reception of three or more states
        # is the summit's all the same ("Lee welcomed the presidents of A, B, C, D and E"); a tour
        # of three states is not
        received = len(states) >= 3 and any(receiving.match(fold(w)) for w in c.words)
        summits = [
            o
            for o in specific
            if o.type in MULTILATERAL
            and id(o) not in absorbed
            and dates_compatible(o.date, c.date)
            and ((o.place and o.place == c.place) or (received and None in (o.place, c.place)))
        ]
        if len(states) != 2 and summits:
            summits[0].absorb(c)
            absorbed.add(id(c))


def _date_by_summit(meeting: Candidate, specific: list[Candidate]) -> None:
    """A meeting on the sidelines of a summit or forum the text does not date otherwise is held
    when and where that summit is: the one told in its sentence, else the nearest before it."""
    if meeting.dated:
        return
    summits = [o for o in specific if o.type in MULTILATERAL and o.sentence <= meeting.sentence]
    if not summits:
        return
    told = [o for o in summits if meeting.sentence in o.sentences | {o.sentence}]
    summit = (told or [max(summits, key=lambda o: o.sentence)])[0]
    if dates_compatible(summit.date, meeting.date):
        meeting.date, meeting.dated = summit.date, summit.dated
        meeting.place = meeting.place or summit.place


def _told_apart(doc_types: dict[str, str], host: Candidate, meeting: Candidate) -> bool:
    """Whether the text tells a meeting apart from a visit, summit or forum it could belong to:
    dated to another day ("on Sunday he met ..., on Monday ..."), or, at a summit or forum the
    text does not date, dated and held by people its report does not name (a ministers' meeting
    the day before). The talks of a visit are the visit, whoever holds them."""
    if _other_days(host, meeting) or _outside_week(host, meeting):
        return True
    if host.type not in MULTILATERAL or host.dated or not meeting.dated:
        return False
    people = {p for p in meeting.participants if doc_types.get(p) == "person"}
    return bool(people - set(host.participants))


def _nearest_encounter(c: Candidate, clusters: list[Candidate]) -> Candidate | None:
    options = [
        o
        for o in clusters
        if o is not c
        and o.type in ENCOUNTERS
        and o.strong
        and dates_compatible(o.date, c.date)
        and not _outside_week(o, c)
        and (o.place is None or c.place is None or o.place == c.place)
        and len(o.participants) >= 2
    ]
    if not options:
        return None
    return min(options, key=lambda o: (abs(o.sentence - c.sentence), o.sentence > c.sentence))


def _subject_of(doc: Doc, sentence, etype: str, first: int, last: int, data) -> str | None:
    """What the label names: the document signed ("Memorandum", "соглашение"), the project
    built or opened, or the format that met ("C5+1"), as the text writes it."""
    if etype == "agreement":
        found = tokens_matching(doc, first, last, data["agreement_objects"]) or tokens_matching(
            doc, sentence.first_token, sentence.last_token, data["agreement_objects"]
        )
        return doc.tokens.texts[found[0]] if found else None
    wanted = "project" if etype == "project" else "format"
    for m in doc.mentions_in(sentence.start, sentence.end):
        if doc.entity_type(m.entity) == wanted:
            return _name(doc, m.entity)
    return None


def _label(doc: Doc, c: Candidate) -> str:
    """A caption that says what happened: "C5+1 summit in Washington, D.C.: United States, ...",
    "Agreement signed (Memorandum): European Union, Uzbekistan", "Project milestone (TAPI): ..."."""
    # States and organisations say what the event was; the people are listed as participants anyway.
    parties = [p for p in c.participants if doc.entity_type(p) != "person"] or list(c.participants)
    names = [_name(doc, p) for p in parties[:LABEL_PARTIES]]
    if len(parties) > LABEL_PARTIES:
        names.append(f"+{len(parties) - LABEL_PARTIES}")
    where = f" in {_name(doc, c.place)}" if c.place else ""
    if c.type == "agreement":
        head = "Agreement signed" + (f" ({c.what})" if c.what else "")
    elif c.type == "project":
        head = "Project milestone" + (f" ({c.what})" if c.what else "")
    else:
        head = (c.what if c.type in c.what.lower() else f"{c.what} {c.type}") if c.what else c.type.capitalize()
    if c.modality != "reported":
        head = f"{head} [{c.modality}]"
    return f"{head}{where}: {', '.join(names)}"


def _name(doc: Doc, entity_id: str) -> str:
    entity = doc.kb.get(entity_id)
    if entity:
        return entity.name
    return doc.new_entities.get(entity_id, (entity_id, ""))[0]
