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
from datetime import date
from functools import lru_cache

from silkgraph.model import Event, Span
from silkgraph.patterns import load_pattern_file
from silkgraph.pipeline import Doc
from silkgraph.stages.context import parties, pick_timex, tokens_matching, word_pattern, words_in

ENCOUNTERS = ("summit", "forum", "visit", "meeting")
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
        if "visit" in found and "meeting" in found and not found["meeting"][1]:
            del found["meeting"]  # talks during a visit are part of the visit
        for etype in TYPE_ORDER:
            if etype in found:
                token, strong = found[etype]
                candidates.append(_candidate(doc, index, sentence, etype, token, strong, data))
    events = _merge(candidates)
    lead_place = _lead_place(doc, data)
    published = doc.document.published
    for c in events:
        if not c.participants:
            continue
        if c.date is None and c.modality != "planned":
            c.date = published
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
    found: dict[str, tuple[int, bool]] = {}
    for i in range(sentence.first_token, sentence.last_token):
        word = folds[i]
        if not word[:1].isalpha():
            continue
        for etype, (strong, weak, _) in triggers.items():
            hit_strong = bool(strong and strong.match(word))
            if not hit_strong and not (weak and weak.match(word)):
                continue
            if _refers_back(doc, sentence, i, back):
                continue
            if etype not in found or (hit_strong and not found[etype][1]):
                found[etype] = (i, hit_strong)
    for etype, (_, _, pairs) in triggers.items():
        for a, b in pairs:
            firsts = [i for i in range(sentence.first_token, sentence.last_token) if a.match(folds[i])]
            if firsts and any(b.match(folds[i]) for i in range(sentence.first_token, sentence.last_token)):
                found.setdefault(etype, (firsts[0], True))
    first, last = sentence.first_token, sentence.last_token
    if "agreement" in found and not tokens_matching(doc, first, last, data["agreement_objects"]):
        del found["agreement"]
    if "project" in found and not (tokens_matching(doc, first, last, data["project_nouns"])
                                   or any(doc.entity_type(m.entity) == "project"
                                          for m in doc.mentions_in(sentence.start, sentence.end))):
        del found["project"]
    return found


def _refers_back(doc: Doc, sentence, i: int, back: frozenset) -> bool:
    """'ein Jahr nach dem China-Zentralasien-Gipfel': the trigger names an earlier event, not this one."""
    k = i
    while k - 2 >= sentence.first_token and doc.tokens.folds[k - 1] == "-":
        k -= 2  # to the start of a hyphenated compound
    folds = doc.tokens.folds
    return any(folds[j] in back for j in range(max(sentence.first_token, k - 2), k))


def _candidate(doc: Doc, index: int, sentence, etype: str, token: int, strong: bool, data) -> Candidate:
    place = _place(doc, sentence, data)
    participants = parties(doc, sentence.start, sentence.end, exclude={place} if place else None)
    timex = pick_timex(doc, sentence, token)
    first, last = sentence.first_token, sentence.last_token
    modality = "reported"
    if words_in(doc, first, last, data["denied"]):
        modality = "denied"
    elif words_in(doc, first, last, data["planned"]):
        modality = "planned"
    elif words_in(doc, first, last, data["hypothetical"]):
        modality = "hypothetical"
    return Candidate(type=etype, sentence=index, trigger=token, strong=strong, participants=participants,
                     place=place, date=timex.value if timex else None, modality=modality,
                     evidence=Span(sentence.start, sentence.end), words=[doc.tokens.texts[token]])


def _place(doc: Doc, sentence, data) -> str | None:
    """The city of a place phrase: 'in Almaty', 'nach Astana', 'in Kasachstans Hauptstadt'."""
    prepositions = frozenset(data["place_prepositions"])
    tokens = doc.tokens
    for m in doc.mentions_in(sentence.start, sentence.end):
        etype = doc.entity_type(m.entity)
        before = tokens.folds[m.first - 1] if m.first > sentence.first_token else ""
        if etype == "place" and before in prepositions:
            entity = doc.kb.get(m.entity)
            city = entity.properties.get("city") if entity else None
            return city if city in doc.kb else m.entity
        if etype == "country":
            capital = _capital_phrase(doc, m, sentence)
            if capital and (before in prepositions or tokens.folds[m.first - 2: m.first - 1] == ["in"]):
                return capital
    return None


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
            if existing.compatible(c) and (set(existing.participants) & set(c.participants)
                                           or len(c.participants) < 2 or len(existing.participants) < 2):
                existing.absorb(c)
                break
        else:
            clusters.append(c)
    # Weak encounters ("die Gespräche") without a date of their own belong to a nearby encounter.
    kept: list[Candidate] = []
    for c in clusters:
        if c.type in ENCOUNTERS and (not c.strong or (len(c.participants) < 2 and not c.place)):
            host = _nearest_encounter(c, clusters)
            if host is not None:
                host.absorb(c)
                continue
        kept.append(c)
    return kept


def _nearest_encounter(c: Candidate, clusters: list[Candidate]) -> Candidate | None:
    options = [o for o in clusters if o is not c and o.type in ENCOUNTERS and o.strong
               and dates_compatible(o.date, c.date) and (o.place is None or c.place is None or o.place == c.place)
               and len(o.participants) >= 2]
    if not options:
        return None
    return min(options, key=lambda o: (abs(o.sentence - c.sentence), o.sentence > c.sentence))


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Unknown dates fit anything; otherwise one is a prefix of the other or they lie within three days."""
    if not a or not b:
        return True
    if a.startswith(b) or b.startswith(a):
        return True
    if len(a) == len(b) == 10:
        try:
            return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= 3
        except ValueError:
            return False
    return False


def _label(doc: Doc, c: Candidate) -> str:
    names = [_name(doc, p) for p in c.participants[:6]]
    where = f" in {_name(doc, c.place)}" if c.place else ""
    return f"{c.type}{where}: {', '.join(names)}" if names else f"{c.type}{where}"


def _name(doc: Doc, entity_id: str) -> str:
    entity = doc.kb.get(entity_id)
    if entity:
        return entity.name
    return doc.new_entities.get(entity_id, (entity_id, ""))[0]
