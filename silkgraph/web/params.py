"""Request parameters that the API and the pages check alike, answering 422 with a message a
reader understands: dates that exist (no 2024-02-30), ranges in order, types the ontology
knows, entities named by id or by any of their names."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import HTTPException, Query
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from silkgraph.model import ENTITY_TYPES, iso_bounds
from silkgraph.ontology import ONTOLOGY

DATE_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn"
EVENT_TYPES = frozenset(ONTOLOGY.event_types) | {f.name for f in ONTOLOGY.event_families}
SEARCH_TYPES = frozenset(ONTOLOGY.event_types) | frozenset(ENTITY_TYPES)
MAX_NAME_CHARS = 200


def _iso_date(value: str | None) -> str | None:
    """An ISO date of any precision that exists; an empty field (a form left blank) is none."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if len(value) > 10 or iso_bounds(value) is None or not value[:4].isdigit() or _badly_formed(value):
        raise PydanticCustomError("iso_date", "not a date: '{value}' (use " + DATE_FORMS + ")", {"value": value[:20]})
    return value


def _badly_formed(value: str) -> bool:
    """Whether a date iso_bounds reads is still not written as DATE_FORMS says ("2024-2", "2024-Q5")."""
    parts = value.split("-")
    if len(parts[0]) != 4 or len(parts) > 3:
        return True
    if len(parts) >= 2 and not (len(parts[1]) == 2 or (parts[1][:1] == "Q" and parts[1][1:] in "1234")):
        return True
    return len(parts) == 3 and (len(parts[2]) != 2 or parts[1].startswith("Q"))


def _language(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if not (value.isascii() and value.isalpha() and value.islower() and len(value) in (2, 3)):
        raise PydanticCustomError(
            "language", "not a language code: '{value}' (use de, en, ru, ...)", {"value": value[:5]}
        )
    return value


def _known(kinds: frozenset[str], what: str):
    def check(value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if value not in kinds:
            raise PydanticCustomError(
                "unknown_type",
                "unknown " + what + " '{value}' (one of {known})",
                {"value": value[:40], "known": ", ".join(sorted(kinds))},
            )
        return value

    return check


DateFrom = Annotated[
    str | None,
    Query(
        alias="from", max_length=20, description=f"ISO date {DATE_FORMS}, inclusive (the network counts whole years)"
    ),
    AfterValidator(_iso_date),
]
DateTo = Annotated[
    str | None,
    Query(alias="to", max_length=20, description=f"ISO date {DATE_FORMS}, inclusive"),
    AfterValidator(_iso_date),
]
EventType = Annotated[
    str | None,
    Query(max_length=60, description="An event type or family of the ontology"),
    AfterValidator(_known(EVENT_TYPES, "event type")),
]
SearchType = Annotated[
    str | None,
    Query(max_length=60, description="An event type (documents reporting one) or an entity type"),
    AfterValidator(_known(SEARCH_TYPES, "type")),
]
EntityRef = Annotated[
    str | None, Query(max_length=MAX_NAME_CHARS, description="An entity's id or one of its names (Kasachstan, Tokayev)")
]
Language = Annotated[
    str | None,
    Query(max_length=3, description="The articles' language: de, en or ru (ISO 639-1)"),
    AfterValidator(_language),
]
Sort = Annotated[Literal["relevance", "date"], Query(description="relevance, or date (newest first)")]


def check_range(date_from: str | None, date_to: str | None) -> None:
    """Refuse a range that ends before it starts (422)."""
    if date_from and date_to:
        start, end = iso_bounds(date_from), iso_bounds(date_to)
        if start and end and start[0] > end[1]:
            raise HTTPException(422, f"invalid request: from ({date_from}) is after to ({date_to})")


def entity_id(c: Any, ref: str | None) -> str | None:
    """The id of the entity `ref` is an id or a name of; 422 when it is neither."""
    if ref is None or not ref.strip():
        return None
    found = c.query.resolve_entity(c.store, c.kb, ref.strip())
    if found is None:
        raise HTTPException(422, f"invalid request: entity: no entity is called {ref.strip()[:80]!r}")
    return found
