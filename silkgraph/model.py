"""The one data model of Silkgraph.

A `Document` is an article as ingested: metadata plus the cleaned text that
every offset refers to. An `Analysis` is what the extraction pipeline makes
of one document: entities with their mentions, events, facts and quotes,
each carrying the span of text it came from. `Analysis.to_json()` and
`Analysis.from_json()` are the versioned analysis contract
(``silkgraph.analysis/1``) that the CLI prints, the store keeps and the
scorer reads.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from silkgraph.ontology import ONTOLOGY

SCHEMA = "silkgraph.analysis/1"

# The contract's vocabularies, as silkgraph/ontology.yaml writes them.
ENTITY_TYPES = ONTOLOGY.entity_types
EVENT_TYPES = ONTOLOGY.event_types
EVENT_MODALITIES = ONTOLOGY.event_modalities
FACT_TYPES = ONTOLOGY.fact_types
FACT_MODALITIES = tuple(ONTOLOGY.fact_modalities)
QUALIFIERS = ONTOLOGY.qualifiers
# Where an event's date or a figure's period comes from: a date expression of the text, or the
# publication date alone (the text gives none; the report appeared then, maybe days after).
DATE_SOURCES = ("text", "publication")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range [start, end) of `Document.text`."""

    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}

    def __contains__(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(slots=True)
class Document:
    """An ingested article. `text` is cleaned: furniture and date lines removed."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date as precise as known: YYYY, YYYY-MM or YYYY-MM-DD
    language: str | None = None
    source: str | None = None  # where it was read from (path, path:line, feed item link)

    @property
    def fingerprint(self) -> str:
        """Hash of the normalised text: equal for texts that differ only in case and spacing."""
        return text_fingerprint(self.text)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "published": self.published,
            "language": self.language,
            "text": self.text,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Document":
        return cls(
            id=str(data["id"]),
            text=data.get("text") or "",
            title=data.get("title"),
            url=data.get("url"),
            published=data.get("published"),
            language=data.get("language"),
            source=data.get("source"),
        )


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Entity:
    """An entity as it occurs in one document, with all its mentions there."""

    id: str
    name: str
    type: str
    wikidata: str | None = None
    mentions: list[Mention] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "wikidata": self.wikidata,
            "mentions": [m.to_json() for m in self.mentions],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Entity":
        return cls(
            id=data["id"],
            name=data["name"],
            type=data["type"],
            wikidata=data.get("wikidata"),
            mentions=[Mention(m["start"], m["end"], m["text"]) for m in data.get("mentions", [])],
        )


@dataclass(slots=True)
class Event:
    type: str
    date: str | None
    participants: list[str]
    evidence: Span
    place: str | None = None
    label: str | None = None
    modality: str = "reported"
    date_source: str | None = None  # DATE_SOURCES: what `date` was read from; None when unknown or undated

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "date": self.date,
            "date_source": self.date_source,
            "place": self.place,
            "participants": list(self.participants),
            "label": self.label,
            "modality": self.modality,
            "evidence": self.evidence.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Event":
        return cls(
            type=data["type"],
            date=data.get("date"),
            participants=list(data.get("participants") or []),
            evidence=Span(**data["evidence"]),
            place=data.get("place"),
            label=data.get("label"),
            modality=data.get("modality") or "reported",
            date_source=data.get("date_source"),
        )


@dataclass(slots=True)
class Fact:
    type: str
    value: float
    unit: str
    period: str | None
    subjects: list[str]
    evidence: Span
    qualifier: str | None = None
    modality: str = "reported"
    label: str | None = None
    period_source: str | None = None  # DATE_SOURCES: what `period` was read from; None when unknown or undated

    def to_json(self) -> dict[str, Any]:
        value: float | int = self.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return {
            "type": self.type,
            "value": value,
            "unit": self.unit,
            "period": self.period,
            "period_source": self.period_source,
            "subjects": list(self.subjects),
            "qualifier": self.qualifier,
            "modality": self.modality,
            "label": self.label,
            "evidence": self.evidence.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Fact":
        return cls(
            type=data["type"],
            value=data["value"],
            unit=data["unit"],
            period=data.get("period"),
            subjects=list(data.get("subjects") or []),
            evidence=Span(**data["evidence"]),
            qualifier=data.get("qualifier"),
            modality=data.get("modality") or "reported",
            label=data.get("label"),
            period_source=data.get("period_source"),
        )


@dataclass(slots=True)
class Quote:
    speaker: str | None
    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Quote":
        return cls(speaker=data.get("speaker"), text=data["text"], start=data["start"], end=data["end"])


@dataclass(slots=True)
class Analysis:
    """A document and everything extracted from it: the analysis contract."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "document": self.document.to_json(),
            "entities": [e.to_json() for e in self.entities],
            "events": [e.to_json() for e in self.events],
            "facts": [f.to_json() for f in self.facts],
            "quotes": [q.to_json() for q in self.quotes],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Analysis":
        if data.get("schema") != SCHEMA:
            raise ValueError(f"unsupported analysis schema {data.get('schema')!r}, expected {SCHEMA!r}")
        return cls(
            document=Document.from_json(data["document"]),
            entities=[Entity.from_json(e) for e in data.get("entities", [])],
            events=[Event.from_json(e) for e in data.get("events", [])],
            facts=[Fact.from_json(f) for f in data.get("facts", [])],
            quotes=[Quote.from_json(q) for q in data.get("quotes", [])],
        )


_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Unicode NFKC, case-folded, whitespace collapsed: the form used for duplicate detection."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def text_fingerprint(text: str) -> str:
    # surrogatepass: a text holding a lone surrogate still has a fingerprint (readers
    # replace them, but a Document may come from elsewhere); valid text is unaffected.
    return hashlib.sha256(normalise_text(text).encode("utf-8", "surrogatepass")).hexdigest()


def to_jsonable(value: Any) -> Any:
    """Objects of this module (or lists of them) as plain JSON values."""
    if hasattr(value, "to_json"):
        return value.to_json()
    if isinstance(value, list):
        return [to_jsonable(v) for v in value]
    return value


ISO_DATE_PATTERN = "^[0-9]{4}(-(0[1-9]|1[0-2]|Q[1-4])(-[0-3][0-9])?)?$"


def contract_schema() -> dict[str, Any]:
    """The analysis contract as a JSON Schema (draft 2020-12), built from this module's vocabularies."""
    date = {"type": ["string", "null"], "pattern": ISO_DATE_PATTERN}
    span = {
        "type": "object",
        "required": ["start", "end"],
        "properties": {"start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0}},
    }
    offset = {"type": "integer", "minimum": 0}
    ids = {"type": "array", "items": {"type": "string"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA,
        "type": "object",
        "required": ["schema", "document", "entities", "events", "facts", "quotes"],
        "properties": {
            "schema": {"const": SCHEMA},
            "document": {
                "type": "object",
                "required": ["id", "published", "language", "text"],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "title": {"type": ["string", "null"]},
                    "url": {"type": ["string", "null"]},
                    "published": {"$ref": "#/$defs/date"},
                    "language": {"type": ["string", "null"]},
                    "text": {"type": "string"},
                },
            },
            "entities": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "name", "type", "mentions"],
                    "properties": {
                        "id": {"type": "string", "minLength": 1},
                        "name": {"type": "string", "minLength": 1},
                        "type": {"enum": list(ENTITY_TYPES)},
                        "wikidata": {"type": ["string", "null"], "pattern": "^Q[0-9]+$"},
                        "mentions": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["start", "end", "text"],
                                "properties": {"start": offset, "end": offset, "text": {"type": "string"}},
                            },
                        },
                    },
                },
            },
            "events": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["type", "date", "participants", "evidence"],
                    "properties": {
                        "type": {"enum": list(EVENT_TYPES)},
                        "date": {"$ref": "#/$defs/date"},
                        "date_source": {"enum": [*DATE_SOURCES, None]},
                        "place": {"type": ["string", "null"]},
                        "participants": ids,
                        "label": {"type": ["string", "null"]},
                        "modality": {"enum": [*EVENT_MODALITIES, None]},
                        "evidence": {"$ref": "#/$defs/span"},
                    },
                },
            },
            "facts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["type", "value", "unit", "period", "subjects", "evidence"],
                    "properties": {
                        "type": {"enum": list(FACT_TYPES)},
                        "value": {"type": "number"},
                        "unit": {"type": "string"},
                        "period": {"$ref": "#/$defs/date"},
                        "period_source": {"enum": [*DATE_SOURCES, None]},
                        "subjects": ids,
                        "qualifier": {"enum": [*QUALIFIERS, None]},
                        "modality": {"enum": [*FACT_MODALITIES, None]},
                        "evidence": {"$ref": "#/$defs/span"},
                    },
                },
            },
            "quotes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["speaker", "text", "start", "end"],
                    "properties": {
                        "speaker": {"type": ["string", "null"]},
                        "text": {"type": "string", "minLength": 1},
                        "start": offset,
                        "end": offset,
                    },
                },
            },
        },
        "$defs": {"date": date, "span": span},
    }


# -- ISO dates of any precision ------------------------------------------------
# Dates in the contract are as precise as the text allows: a year ("2025"), a
# quarter ("2025-Q1"), a month ("2025-05") or a day ("2025-05-14").

NEAR_DAYS = 3  # two days at most this far apart may be the same event, differently reported


@lru_cache(maxsize=65536)  # the same few thousand dates recur across a whole corpus
def iso_bounds(iso: str) -> tuple[date, date] | None:
    """First and last day of an ISO date of precision year, quarter, month or day; None if unreadable."""
    try:
        parts = iso.split("-")
        year = int(parts[0])
        if len(parts) == 1:
            return date(year, 1, 1), date(year, 12, 31)
        if parts[1].startswith("Q"):
            quarter = int(parts[1][1:])
            return date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
        month = int(parts[1])
        if len(parts) == 2:
            return date(year, month, 1), _month_end(year, month)
        day = date(year, month, int(parts[2]))
        return day, day
    except (ValueError, IndexError, AttributeError):
        return None


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


@lru_cache(maxsize=65536)
def iso_precision(iso: str | None) -> int:
    """0 unknown, 1 year, 2 quarter, 3 month, 4 day: more is more precise."""
    if not iso:
        return 0
    parts = iso.split("-")
    if len(parts) == 1:
        return 1
    if parts[1].startswith("Q"):
        return 2
    return 3 if len(parts) == 2 else 4


@lru_cache(maxsize=262144)
def dates_compatible(a: str | None, b: str | None) -> bool:
    """Whether two dates may name the same time: an unknown date fits anything; otherwise one
    contains the other ("2025-01" and "2025-01-14"), or both are days at most NEAR_DAYS apart."""
    if not a or not b:
        return True
    ba, bb = iso_bounds(a), iso_bounds(b)
    if ba is None or bb is None:
        return a == b
    if (ba[0] <= bb[0] and bb[1] <= ba[1]) or (bb[0] <= ba[0] and ba[1] <= bb[1]):
        return True
    return iso_precision(a) == iso_precision(b) == 4 and abs((ba[0] - bb[0]).days) <= NEAR_DAYS
