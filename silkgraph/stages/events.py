"""Events: meetings, summits, visits, forums, agreements and project milestones.

Each sentence with a trigger word (patterns/events.yaml) yields a candidate
per event type, with the parties named in the sentence, the place given by a
place phrase ("in Almaty", "in Kasachstans Hauptstadt"), the date expression
of the trigger's clause and a modality. Candidates that describe the same
event (same type, compatible date and place) merge into one, so that several
sentences about one summit make one event; weak mentions ("die Gespräche")
fold into the event they belong to. Events the text does not date take the
publication date, except plans, which stay undated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from silkgraph.model import Event, Span, dates_compatible
from silkgraph.patterns import load_pattern_file
from silkgraph.doc import Doc
from silkgraph.stages.context import clause_bounds, parties, pick_timex, tokens_matching, word_pattern, words_in

ENCOUNTERS = ("summit", "forum", "visit", "meeting")
MULTILATERAL = ("summit", "forum")
LABEL_PARTIES = 4
# When one sentence holds triggers of several encounter types, the more specific ones come first.
TYPE_ORDER = ("summit", "forum", "visit", "meeting", "agreement", "project")
CAPITAL_WORDS = frozenset({"hauptstadt", "capital"})


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
    minor: set[str] = field(default_factory=set)  # participants that are organisations or regions

    @property
    def core(self) -> set[str]:
        """The participants that identify an event: states and people, not the institutions around them."""
        return set(self.participants) - self.minor

    def compatible(self, other: "Candidate") -> bool:
        return (self.type == other.type and dates_compatible(self.date, other.date)
                and (self.place is None or other.place is None or self.place == other.place))

    def absorb(self, other: "Candidate") -> None:
        for p in other.participants:
            if p not in self.participants:
                self.participants.append(p)
        if other.date and (not self.date or len(other.date) > len(self.date)):
            self.date = other.date
        self.place = self.place or other.place
        self.strong = self.strong or other.strong
        self.words.extend(w for w in other.words if w not in self.words)
        self.minor |= other.minor


@lru_cache(maxsize=1)
def _config():
    data = load_pattern_file("events.yaml")
    triggers = {}
    for etype, forms in data["triggers"].items():
        triggers[etype] = (word_pattern(tuple(forms.get("strong", ()))) if forms.get("strong") else None,
                           word_pattern(tuple(forms["weak"])) if forms.get("weak") else None,
                           [(word_pattern((a,)), word_pattern((b,))) for a, b in forms.get("pairs", [])])
    return data, triggers


def extract_events(doc: Doc) -> None:
    data, triggers = _config()
    candidates: list[Candidate] = []
    for index, sentence in enumerate(doc.sentences):
        found = _triggers(doc, sentence, triggers, data)
        if "meeting" in found and not found["meeting"][1] and any(t in found for t in ENCOUNTERS if t != "meeting"):
            del found["meeting"]  # talks at a summit or during a visit are part of it
        for etype in TYPE_ORDER:
            if etype in found:
                token, strong = found[etype]
                candidate = _candidate(doc, index, sentence, etype, token, strong, data)
                candidate.anaphoric = _preceded_by(doc, sentence, token, frozenset(data["anaphora"]))
                _continue_date(candidate, candidates)
                candidates.append(candidate)
    events = _merge(candidates)
    lead_place = _lead_place(doc, data)
    published = doc.document.published
    for c in events:
        if not c.participants:
            continue
        if c.modality == "reported" and c.date and published and c.date[:len(published)] > published:
            c.modality = "planned"  # dated after the article appeared: announced, not yet happened
        if c.place is None and lead_place and c.type in ENCOUNTERS + ("agreement",) \
                and dates_compatible(c.date, published) and c.modality == "reported":
            c.place = lead_place
        if c.place and c.type in ENCOUNTERS:
            host = doc.kb.country_of(c.place)
            if host and host not in c.participants:
                c.participants.append(host)
        doc.events.append(Event(type=c.type, date=c.date, participants=c.participants, evidence=c.evidence,
                                place=c.place, label=_label(doc, c), modality=c.modality))


def _triggers(doc: Doc, sentence, triggers, data) -> dict[str, tuple[int, bool]]:
    folds = doc.tokens.folds
    back = frozenset(data["back_reference"])
    # A trigger inside the name of a format ("die Grundlagen des China-Zentralasien-Gipfels") names
    # the series, not a meeting of it: such a word only supports an event reported elsewhere.
    in_format = {i for m in doc.mentions_in(sentence.start, sentence.end)
                 if doc.entity_type(m.entity) == "format" for i in range(m.first, m.last)}
    found: dict[str, tuple[int, bool]] = {}
    for i in range(sentence.first_token, sentence.last_token):
        word = folds[i]
        if not word[:1].isalpha():
            continue
        for etype in TYPE_ORDER:  # a word triggers its most specific type only ("Gipfeltreffen" is a summit)
            strong, weak, _ = triggers[etype]
            strong_word = bool(strong and strong.match(word))
            if not strong_word and not (weak and weak.match(word)):
                continue
            hit_strong = strong_word and i not in in_format
            if not _preceded_by(doc, sentence, i, back) and (
                    etype not in found or (hit_strong and not found[etype][1])):
                found[etype] = (i, hit_strong)
            break
    for etype, (_, _, pairs) in triggers.items():
        for a, b in pairs:
            firsts = [i for i in range(sentence.first_token, sentence.last_token) if a.match(folds[i])]
            if firsts and any(b.match(folds[i]) for i in range(sentence.first_token, sentence.last_token)):
                found.setdefault(etype, (firsts[0], True))
    first, last = sentence.first_token, sentence.last_token
    if "visit" in found and word_pattern(tuple(data["needs_person"])).match(folds[found["visit"][0]]) and not any(
            doc.entity_type(m.entity) == "person" for m in doc.mentions_in(sentence.start, sentence.end)):
        del found["visit"]
    if "agreement" in found and not tokens_matching(doc, first, last, data["agreement_objects"]):
        del found["agreement"]
    if "project" in found and not (tokens_matching(doc, first, last, data["project_nouns"])
                                   or any(doc.entity_type(m.entity) == "project"
                                          for m in doc.mentions_in(sentence.start, sentence.end))):
        del found["project"]
    return found


def _preceded_by(doc: Doc, sentence, i: int, words: frozenset) -> bool:
    """Whether one of `words` stands just before the trigger (or before the compound it ends).

    With back-reference words ("ein Jahr nach dem China-Zentralasien-Gipfel") the trigger
    names an earlier event; with demonstratives ("an diesem Treffen") one already told.
    """
    k = i
    while k - 2 >= sentence.first_token and doc.tokens.folds[k - 1] == "-":
        k -= 2  # to the start of a hyphenated compound
    folds = doc.tokens.folds
    return any(folds[j] in words for j in range(max(sentence.first_token, k - 2), k))


def _candidate(doc: Doc, index: int, sentence, etype: str, token: int, strong: bool, data) -> Candidate:
    # Place and modality belong to the trigger's clause: in "signed a roadmap, including plans
    # for a plant in Jizzakh region" neither the plans nor Jizzakh are about the signing.
    lo, hi = clause_bounds(doc, sentence, token)
    place = (_place(doc, sentence, data, lo, hi) or _place(doc, sentence, data, sentence.start, lo)
             or _place_in_relative_clause(doc, sentence, data, hi))
    participants = parties(doc, sentence.start, sentence.end, exclude={place} if place else None)
    timex = pick_timex(doc, sentence, token, skip_mods=("until", "since"))
    first, last = doc.tokens.index_at(lo), doc.tokens.index_at(hi - 1) + 1
    modality = "reported"
    if words_in(doc, first, last, data["denied"]):
        modality = "denied"
    elif words_in(doc, first, last, data["planned"]):
        modality = "planned"
    elif words_in(doc, first, last, data["hypothetical"]):
        modality = "hypothetical"
    if timex is not None:
        when = timex.value
    else:  # what the text does not date happened when it was published; a plan stays open
        when = None if modality == "planned" else doc.document.published
    if words_in(doc, sentence.first_token, sentence.last_token, data["party_anaphora"]) or not participants:
        # "beide Seiten unterzeichneten": the parties are those of the sentences before
        for earlier in range(index - 1, max(-1, index - 3), -1):
            before = parties(doc, doc.sentences[earlier].start, doc.sentences[earlier].end,
                             exclude={place} if place else None)
            participants += [p for p in before if p not in participants]
            if sum(doc.entity_type(p) == "country" for p in participants) >= 2:
                break
    minor = {p for p in participants if doc.entity_type(p) not in ("country", "person")}
    return Candidate(type=etype, sentence=index, trigger=token, strong=strong, participants=participants,
                     place=place, date=when, modality=modality, evidence=Span(sentence.start, sentence.end),
                     words=[doc.tokens.texts[token]], minor=minor, dated=timex is not None)


def _continue_date(candidate: Candidate, earlier: list[Candidate]) -> None:
    """An undated report right after a dated one continues its story: "Am Montag empfing X den
    Präsidenten Y. Beide Seiten unterzeichneten sieben Dokumente." Both happened on Monday."""
    if candidate.dated or candidate.modality != "reported":
        return
    for previous in reversed(earlier):
        if candidate.sentence - previous.sentence > 2:
            return
        if previous.dated and previous.modality == "reported" and previous.sentence < candidate.sentence:
            candidate.date = previous.date
            return


def _place(doc: Doc, sentence, data, start: int | None = None, end: int | None = None) -> str | None:
    """The city of the first place phrase between `start` and `end` (default: the sentence):
    'in Almaty', 'nach Astana', 'in Kasachstans Hauptstadt'."""
    prepositions = frozenset(data["place_prepositions"])
    start = sentence.start if start is None else start
    end = sentence.end if end is None else end
    for m in doc.mentions_in(start, end):
        etype = doc.entity_type(m.entity)
        before = _word_before_phrase(doc, sentence, m.first, frozenset(data["place_nouns"]), prepositions)
        if etype == "place" and before in prepositions:
            entity = doc.kb.get(m.entity)
            city = entity.properties.get("city") if entity else None
            return city if city in doc.kb else m.entity
        if etype == "country":
            capital = _capital_phrase(doc, m, sentence)
            if capital and before in prepositions:
                return capital
    return None


def _place_in_relative_clause(doc: Doc, sentence, data, clause_end: int) -> str | None:
    """'the upcoming SCO summit, which China will host in Tianjin': a relative clause right after
    the trigger's clause describes the same event."""
    k = doc.tokens.index_at(clause_end)
    while k < sentence.last_token and doc.tokens.texts[k] in (",", "–", "—"):
        k += 1
    if k >= sentence.last_token or doc.tokens.folds[k] not in data["relative_words"]:
        return None
    lo, hi = clause_bounds(doc, sentence, k)
    return _place(doc, sentence, data, lo, hi)


def _word_before_phrase(doc: Doc, sentence, first: int, nouns: frozenset, prepositions: frozenset) -> str:
    """The word that governs a place's phrase: 'in der kirgisischen Stadt X' gives 'in'.

    Up to three articles, adjectives or place nouns ("Stadt", "capital") may stand between.
    """
    tokens = doc.tokens
    k = first - 1
    for _ in range(3):
        if k <= sentence.first_token or tokens.folds[k] in prepositions:
            break
        if not (tokens.folds[k] in nouns or tokens.texts[k].islower()):
            break
        k -= 1
    return tokens.folds[k] if k >= sentence.first_token else ""


def _capital_phrase(doc: Doc, mention, sentence) -> str | None:
    """'Kasachstans Hauptstadt' / 'Hauptstadt Kasachstans' / 'the Kazakh capital' → the capital's id."""
    folds = doc.tokens.folds
    near = folds[max(sentence.first_token, mention.first - 2):mention.first] + folds[mention.last:mention.last + 2]
    if CAPITAL_WORDS & set(near):
        entity = doc.kb.get(mention.entity)
        return entity.capital if entity and entity.capital in doc.kb else None
    return None


def _lead_place(doc: Doc, data) -> str | None:
    """Where the article is set: the first place phrase of its opening sentences."""
    for sentence in doc.sentences[:3]:
        place = _place(doc, sentence, data)
        if place:
            return place
    return None


def _merge(candidates: list[Candidate]) -> list[Candidate]:
    clusters: list[Candidate] = []
    for c in candidates:
        for existing in clusters:
            # A summit or forum is known by its time and place; a bilateral meeting also by who met.
            if existing.compatible(c) and (c.type in MULTILATERAL or existing.core & c.core
                                           or len(c.core) < 2 or len(existing.core) < 2):
                existing.absorb(c)
                break
        else:
            clusters.append(c)
    # A plain meeting that fits a summit, forum or visit of the same text is part of it.
    specific = [c for c in clusters if c.type in ENCOUNTERS and c.type != "meeting"]
    absorbed: set[int] = set()
    for c in clusters:
        if c.type != "meeting":
            continue
        hosts = [o for o in specific if dates_compatible(o.date, c.date) and (
            (o.place and o.place == c.place) or (set(o.participants) & set(c.participants)
                                                  and (o.place is None or c.place is None)))]
        if hosts:
            min(hosts, key=lambda o: abs(o.sentence - c.sentence)).absorb(c)
            absorbed.add(id(c))
    clusters = [c for c in clusters if id(c) not in absorbed]
    # Weak ("die Gespräche") or anaphoric ("dieses Treffen") encounters belong to a nearby encounter.
    kept: list[Candidate] = []
    for c in clusters:
        if c.type in ENCOUNTERS and (c.anaphoric or not c.strong or (len(c.participants) < 2 and not c.place)):
            host = _nearest_encounter(c, [o for o in clusters if id(o) not in absorbed])
            if host is not None:
                host.absorb(c)
                absorbed.add(id(c))
                continue
            if not c.strong and not c.place and not c.dated:
                continue  # "die Gespräche", with nothing to tell when or where: not an event of its own
        kept.append(c)
    return kept


def _nearest_encounter(c: Candidate, clusters: list[Candidate]) -> Candidate | None:
    options = [o for o in clusters if o is not c and o.type in ENCOUNTERS and o.strong
               and dates_compatible(o.date, c.date) and (o.place is None or c.place is None or o.place == c.place)
               and len(o.participants) >= 2]
    if not options:
        return None
    return min(options, key=lambda o: (abs(o.sentence - c.sentence), o.sentence > c.sentence))


def _label(doc: Doc, c: Candidate) -> str:
    """A short caption: "Summit in Astana: Shanghai Cooperation Organisation, China, Kazakhstan"."""
    # States and organisations say what the event was; the people are listed as participants anyway.
    parties = [p for p in c.participants if doc.entity_type(p) != "person"] or list(c.participants)
    names = [_name(doc, p) for p in parties[:LABEL_PARTIES]]
    if len(parties) > LABEL_PARTIES:
        names.append(f"+{len(parties) - LABEL_PARTIES}")
    where = f" in {_name(doc, c.place)}" if c.place else ""
    return f"{c.type.capitalize()}{where}: {', '.join(names)}"


def _name(doc: Doc, entity_id: str) -> str:
    entity = doc.kb.get(entity_id)
    if entity:
        return entity.name
    return doc.new_entities.get(entity_id, (entity_id, ""))[0]
