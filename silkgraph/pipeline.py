"""The analysis pipeline: named stages over one working `Doc`.

Each stage is a function `stage(doc) -> None` that reads what earlier stages
put on the `Doc` and adds its own layer; `Pipeline.analyze()` runs them in
order and turns the result into the contract's `Analysis`. A stage can be
swapped for another with the same inputs and outputs (a model-based
recogniser for the rule-based one) without touching the rest.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Callable

from silkgraph.kb import KnowledgeBase
from silkgraph.model import Analysis, Document, Entity, Event, Fact, Mention, Quote


@dataclass(slots=True)
class EntityMention:
    """A resolved mention: characters [start, end) of the text refer to `entity`."""

    start: int
    end: int
    entity: str
    via: str  # name | adjective | demonym | role | short | cue | inner
    first: int  # token range
    last: int


@dataclass(slots=True)
class Doc:
    """The working state of one document while the stages run."""

    document: Document
    kb: KnowledgeBase
    tokens: object = None  # stages.tokens.Tokens
    sentences: list = field(default_factory=list)  # stages.tokens.Sentence
    matches: list = field(default_factory=list)  # stages.entities.Match
    mentions: list[EntityMention] = field(default_factory=list)
    new_entities: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (name, type) not in the KB
    timexes: list = field(default_factory=list)  # stages.dates.Timex
    quantities: list = field(default_factory=list)  # stages.quantities.Quantity
    events: list[Event] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    _starts: list[int] | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def language(self) -> str:
        return self.document.language or "de"

    def entity_type(self, entity_id: str) -> str | None:
        entity = self.kb.get(entity_id)
        if entity:
            return entity.type
        extra = self.new_entities.get(entity_id)
        return extra[1] if extra else None

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence that contains character `offset`."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sentences[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        return min(lo, len(self.sentences) - 1)

    def mentions_in(self, start: int, end: int) -> list[EntityMention]:
        """The mentions lying within characters [start, end), in text order."""
        if self._starts is None or len(self._starts) != len(self.mentions):
            # The entity stage leaves the mentions sorted; later stages only read them, so the
            # offsets are indexed once and every look-up is a binary search, not a scan.
            self.mentions.sort(key=lambda m: (m.start, m.end))
            self._starts = [m.start for m in self.mentions]
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end, lo)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def to_analysis(self) -> Analysis:
        grouped: dict[str, list[Mention]] = {}
        seen: set[tuple[str, int, int]] = set()
        for m in sorted(self.mentions, key=lambda m: (m.start, m.end)):
            if (m.entity, m.start, m.end) not in seen:
                seen.add((m.entity, m.start, m.end))
                grouped.setdefault(m.entity, []).append(Mention(m.start, m.end, self.text[m.start:m.end]))
        entities = []
        for entity_id, mentions in grouped.items():
            kb_entity = self.kb.get(entity_id)
            if kb_entity:
                entities.append(Entity(entity_id, kb_entity.name, kb_entity.type, kb_entity.wikidata, mentions))
            else:
                name, etype = self.new_entities[entity_id]
                entities.append(Entity(entity_id, name, etype, None, mentions))
        return Analysis(self.document, entities, self.events, self.facts, self.quotes)


Stage = Callable[[Doc], None]


class Pipeline:
    """Runs the named stages in order over each document."""

    def __init__(self, kb: KnowledgeBase | None = None, stages: list[tuple[str, Stage]] | None = None):
        self.kb = kb or KnowledgeBase.load()
        self.stages = stages if stages is not None else default_stages(self.kb)

    @property
    def stage_names(self) -> list[str]:
        return [name for name, _ in self.stages]

    def analyze(self, document: Document) -> Analysis:
        doc = Doc(document, self.kb)
        for _, stage in self.stages:
            stage(doc)
        return doc.to_analysis()


def default_stages(kb: KnowledgeBase) -> list[tuple[str, Stage]]:
    """The offline, rule-based engine: tokens, entities, linking, dates, quantities, events, facts, quotes."""
    from silkgraph.stages import events, facts, linking, quotes
    from silkgraph.stages import dates, quantities, tokens
    from silkgraph.stages.entities import Lexicon

    recogniser = linking.Recogniser(Lexicon(kb))

    def tokens_stage(doc: Doc) -> None:
        doc.tokens = tokens.tokenize(doc.text)
        doc.sentences = tokens.split_sentences(doc.text, doc.tokens)

    def dates_stage(doc: Doc) -> None:
        doc.timexes = dates.find_timexes(doc.text, doc.language, doc.document.published)

    def quantities_stage(doc: Doc) -> None:
        doc.quantities = quantities.find_quantities(doc.text, doc.language)

    return [
        ("tokens", tokens_stage),
        ("entities", recogniser),
        ("dates", dates_stage),
        ("quantities", quantities_stage),
        ("quotes", quotes.extract_quotes),
        ("events", events.extract_events),
        ("facts", facts.extract_facts),
    ]
