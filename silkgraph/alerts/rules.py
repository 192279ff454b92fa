"""Watchlist rules: what a stored document must contain for a watchlist to fire.

A rule is a small mapping (YAML or JSON)::

    entities: [kazakhstan, china]   # entity ids (as in the knowledge base)
    entity_mode: all                # any (default) | all
    event_types: [agreement, visit] # fire on events of these types ...
    fact_types: [deal_value]        # ... or on facts of these types
    min_value: 1.0e9                # fact thresholds, in `unit`
    max_value: null
    unit: USD
    contested: false                # only what the graph finds contested (reports disagree)
    text: Middle Corridor           # full-text query over title and text (all words must match)
    languages: [de, en]             # only documents in these languages

Entities restrict the participants of an event, the subjects of a fact, or,
when the rule names no event or fact criteria, the document's entities. Each
hit names what it is about (a graph event, a graph fact, or the document's
near-duplicate cluster): that key is what makes five reports of one summit
one alert.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from silkgraph import terms
from silkgraph.errors import UsageError

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,199}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
MAX_LIST = 50
LEAD_CHARS = 300  # the evidence of a document alert: its first paragraph, up to this long


@dataclass
class Rule:
    entities: list[str] = field(default_factory=list)
    entity_mode: str = "any"
    event_types: list[str] = field(default_factory=list)
    fact_types: list[str] = field(default_factory=list)
    min_value: float | None = None
    max_value: float | None = None
    unit: str | None = None
    contested: bool = False
    text: str | None = None
    languages: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, [], "", False) or k == "entity_mode"}

    @property
    def wants_facts(self) -> bool:
        return bool(self.fact_types or self.min_value is not None or self.max_value is not None or self.unit)

    @property
    def wants_events(self) -> bool:
        return bool(self.event_types)


@dataclass(frozen=True)
class Hit:
    """One thing a document gave a watchlist: an event, a fact or the document itself."""

    kind: str  # event | fact | document
    key: str  # what alerts are deduplicated by
    target: str  # graph event, graph fact or document id
    title: str
    start: int | None  # evidence span in the document
    end: int | None


def _strings(value, name: str, pattern: re.Pattern | None = None) -> list[str]:
    if value in (None, ""):
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or len(items) > MAX_LIST or not all(isinstance(v, str) for v in items):
        raise UsageError(f"{name} must be a list of at most {MAX_LIST} strings")
    items = [v.strip() for v in items if v.strip()]
    bad = [v for v in items if pattern is not None and not pattern.match(v)]
    if bad:
        raise UsageError(f"{name}: {bad[0]!r} is not a valid value")
    return items


def _number(value, name: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{name} must be a number") from exc


def parse_rule(data: dict) -> Rule:
    """A Rule from a mapping, validated; UsageError says what is wrong."""
    if not isinstance(data, dict):
        raise UsageError("a watchlist rule must be a mapping")
    unknown = set(data) - set(Rule.__dataclass_fields__)
    if unknown:
        raise UsageError(f"unknown rule field(s): {', '.join(sorted(unknown))}")
    mode = data.get("entity_mode") or "any"
    if mode not in ("any", "all"):
        raise UsageError("entity_mode must be 'any' or 'all'")
    text = data.get("text")
    if text is not None and (not isinstance(text, str) or len(text) > 500):
        raise UsageError("text must be a query of at most 500 characters")
    rule = Rule(
        entities=_strings(data.get("entities"), "entities", _SLUG),
        entity_mode=mode,
        event_types=_strings(data.get("event_types"), "event_types", _SLUG),
        fact_types=_strings(data.get("fact_types"), "fact_types", _SLUG),
        min_value=_number(data.get("min_value"), "min_value"),
        max_value=_number(data.get("max_value"), "max_value"),
        unit=(str(data["unit"]).strip() or None) if data.get("unit") else None,
        contested=bool(data.get("contested")),
        text=(text or "").strip() or None,
        languages=_strings(data.get("languages"), "languages", _LANGUAGE),
    )
    if rule.text is not None and not terms.query_words(rule.text):
        raise UsageError("text has no words to search for")
    if not (rule.entities or rule.wants_events or rule.wants_facts or rule.contested or rule.text):
        raise UsageError(
            "a rule needs at least one of entities, event_types, fact types or thresholds, "
            "contested or text (languages alone would match every document)"
        )
    if rule.min_value is not None and rule.max_value is not None and rule.min_value > rule.max_value:
        raise UsageError("min_value is larger than max_value")
    return rule


def _entities_match(rule: Rule, found: list[str]) -> bool:
    if not rule.entities:
        return True
    present = set(found)
    if rule.entity_mode == "all":
        return all(e in present for e in rule.entities)
    return any(e in present for e in rule.entities)


def _text_matches(rule: Rule, document: dict) -> bool:
    if not rule.text:
        return True
    words = {
        form
        for word in terms.words(f"{document.get('title') or ''}\n{document.get('text') or ''}")
        for form in terms.forms(word)
    }
    return terms.covers(terms.query_groups(rule.text), words)


def _fact_matches(rule: Rule, fact: dict) -> bool:
    if rule.fact_types and fact["type"] not in rule.fact_types:
        return False
    if rule.unit and fact["unit"] != rule.unit:
        return False
    if rule.min_value is not None and fact["value"] < rule.min_value:
        return False
    if rule.max_value is not None and fact["value"] > rule.max_value:
        return False
    return (fact["contested"] or not rule.contested) and _entities_match(rule, fact["entities"])


def _event_matches(rule: Rule, event: dict) -> bool:
    if rule.event_types and event["type"] not in rule.event_types:
        return False
    return (event["contested"] or not rule.contested) and _entities_match(rule, event["entities"])


def _amount(value: float) -> str:
    for size, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if abs(value) >= size:
            return f"{value / size:g} {word}"
    return f"{value:g}"


def _lead_end(text: str) -> int:
    """Where the evidence of a document alert ends: its first paragraph, or the last whole word
    within LEAD_CHARS (a full stop is no sentence end in "am 9. Juni" or "Nr. 5")."""
    end = text.find("\n")
    if 0 < end <= LEAD_CHARS:
        return end
    if len(text) <= LEAD_CHARS:
        return len(text)
    space = text.rfind(" ", 0, LEAD_CHARS)
    return space if space > 0 else LEAD_CHARS


def hits(rule: Rule, document: dict) -> list[Hit]:
    """What `document` (as silkgraph.store.follow.document_facts gives it) offers the rule."""
    if not document:
        return []
    if rule.languages and document.get("language") not in rule.languages:
        return []
    if not _text_matches(rule, document):
        return []
    found: list[Hit] = []
    doc_id = document["id"]
    events_wanted = rule.wants_events or (rule.contested and not rule.wants_facts)
    facts_wanted = rule.wants_facts or (rule.contested and not rule.wants_events)
    if events_wanted:
        for i, event in enumerate(document["events"]):
            if _event_matches(rule, event):
                target = event["graph_id"] or f"{doc_id}#event{i}"
                what = event["label"] or ", ".join(event["entities"][:4])
                title = f"{event['type']}: {what}" + (f" ({event['date']})" if event["date"] else "")
                found.append(Hit("event", f"event:{target}", target, title, event["start"], event["end"]))
    if facts_wanted:
        for i, fact in enumerate(document["facts"]):
            if _fact_matches(rule, fact):
                target = fact["graph_id"] or f"{doc_id}#fact{i}"
                subjects = ", ".join(fact["entities"][:4])
                title = (
                    f"{fact['type']} {_amount(fact['value'])} {fact['unit']}"
                    + (f" ({fact['period']})" if fact["period"] else "")
                    + (f": {subjects}" if subjects else "")
                )
                found.append(Hit("fact", f"fact:{target}", target, title, fact["start"], fact["end"]))
    if not events_wanted and not facts_wanted and _entities_match(rule, document["entities"]):
        text = document.get("text") or ""
        lead_end = _lead_end(text)
        found.append(
            Hit("document", f"document:{document['cluster']}", doc_id, document.get("title") or doc_id, 0, lead_end)
        )
    unique: dict[str, Hit] = {}
    for hit in found:
        unique.setdefault(hit.key, hit)
    return list(unique.values())
