"""The working `Doc`: one document while the pipeline's components run over it.

Each component reads the layers earlier components put on the `Doc` and adds
its own (the names in its `requires` and `assigns`, see silkgraph.pipeline).
The layers, in the order the built-in components fill them:

=============  ================================================================
tokens         `Tokens`: offsets, surface and folded form of every token
sentences      `Sentence` spans over the tokens
matches        lexicon matches (`Match`) before linking
mentions       resolved `EntityMention`s, sorted by offset
new_entities   id -> (name, type) for every mentioned id the knowledge base lacks
timexes        temporal expressions (`Timex`), resolved against the publication date
quantities     amounts, percentages, counts (`Quantity`)
events         contract `Event`s
facts          contract `Fact`s
quotes         contract `Quote`s
=============  ================================================================

This module only describes data: it imports no component, so components
import it without a circle.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from silkgraph.kb import KnowledgeBase
from silkgraph.model import Analysis, Document, Entity, Event, Fact, Mention, Quote

if TYPE_CHECKING:  # the types of the layers; their modules are components, imported by name only at run time
    from silkgraph.stages.dates import Timex
    from silkgraph.stages.entities import Match
    from silkgraph.stages.quantities import Quantity
    from silkgraph.stages.tokens import Sentence, Tokens

# The layers a component may name in `requires` / `assigns`; `document` and `kb` are always there.
LAYERS = (
    "tokens",
    "sentences",
    "matches",
    "mentions",
    "new_entities",
    "timexes",
    "quantities",
    "events",
    "facts",
    "quotes",
)
GIVEN = ("document", "kb")


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
    """The working state of one document while the components run."""

    document: Document
    kb: KnowledgeBase
    tokens: Tokens | None = None
    sentences: list[Sentence] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    mentions: list[EntityMention] = field(default_factory=list)
    new_entities: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (name, type) not in the KB
    timexes: list[Timex] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    _starts: list[int] | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """The document's text, which every offset refers to."""
        return self.document.text

    @property
    def language(self) -> str:
        """The document's language code."""
        return self.document.language or "de"

    def entity_type(self, entity_id: str) -> str | None:
        """The type of a mentioned entity, from the knowledge base or from `new_entities`."""
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
        """The contract's `Analysis`: mentions grouped by entity, with events, facts and quotes.

        Every mentioned id must be in the knowledge base or in `new_entities`; a
        recogniser that makes up ids has to register them there."""
        grouped: dict[str, list[Mention]] = {}
        seen: set[tuple[str, int, int]] = set()
        for m in sorted(self.mentions, key=lambda m: (m.start, m.end)):
            if (m.entity, m.start, m.end) not in seen:
                seen.add((m.entity, m.start, m.end))
                grouped.setdefault(m.entity, []).append(Mention(m.start, m.end, self.text[m.start : m.end]))
        entities = []
        for entity_id, mentions in grouped.items():
            kb_entity = self.kb.get(entity_id)
            if kb_entity:
                entities.append(Entity(entity_id, kb_entity.name, kb_entity.type, kb_entity.wikidata, mentions))
            else:
                name, etype = self.new_entities[entity_id]
                entities.append(Entity(entity_id, name, etype, None, mentions))
        return Analysis(self.document, entities, self.events, self.facts, self.quotes)
