"""What the search page shows: the query's results through `silkgraph.query.search`, the
filters as they stand (each removable), and the choices of the filter form."""

from __future__ import annotations

from typing import Any

from silkgraph.web.params import SEARCH_TYPES, entity_id

LANGUAGES = {"de": "German", "en": "English", "ru": "Russian"}


def search_page(
    c: Any, q, kind, type_, country, date_from, date_to, language, entity, sort, limit: int, offset: int
) -> dict:
    """The template context of /search, but for its pages (`paged_total` is what they count)."""
    filters = {
        "q": q,
        "kind": kind if kind != "all" else None,
        "type": type_,
        "country": country,
        "from_": date_from,
        "to": date_to,
        "language": language,
        "entity": entity,
        "sort": sort if sort != "relevance" else None,
    }
    entity_ref = entity_id(c, entity)
    result = None
    if q.strip() or any(v for k, v in filters.items() if k not in ("q", "kind", "sort")):
        # Without words, only a type or a country says which entities to list.
        listed = kind if q.strip() or type_ or country or kind != "all" else "documents"
        result = c.query.search(
            c.store,
            q,
            kind=listed,
            type=type_,
            country=country,
            date_from=date_from,
            date_to=date_to,
            language=language,
            entity=entity_ref,
            sort=sort,
            limit=limit,
            offset=offset,
            kb=c.kb,
        )
    total = (result or {}).get("total") or {}
    biggest = max([v for k, v in total.items() if k in ("documents", "entities")] or [0])
    entities = (result or {}).get("entities") or []
    return {
        "q": q,
        "kind": kind,
        "filters": filters,
        "result": result,
        "labels": _labels(c, result, entity_ref),
        "entity_name": _labels(c, None, entity_ref).get(entity_ref) if entity_ref else None,
        # the entities the query names: their cards count the articles linked to them or naming them,
        # as the list does; the others' count their links
        "named_ids": [e["id"] for e in (result or {}).get("named") or []],
        "entities_found": [e for e in entities if e.get("sources") or e.get("documents")],
        "entities_unmentioned": [e for e in entities if not (e.get("sources") or e.get("documents"))],
        "search_types": sorted(SEARCH_TYPES),
        "languages": LANGUAGES,
        "paged_total": biggest,
    }


def _labels(c: Any, result: dict | None, entity_ref: str | None) -> dict[str, str]:
    """Names for the entity ids the page shows as facet values and filters."""
    ids = set(((result or {}).get("facets") or {}).get("country", {}))
    if entity_ref:
        ids.add(entity_ref)
    labels = {}
    for value in ids:
        known = c.kb.get(value)
        labels[value] = known.name if known else value
    return labels
