"""The ontology as data: silkgraph/ontology.yaml loaded into one typed, read-only object.

    from silkgraph.ontology import ONTOLOGY

    ONTOLOGY.event_family("summit")        # "encounter"
    ONTOLOGY.fact_family("investment")     # "deal"
    ONTOLOGY.contestable_facts             # frozenset({"trade", "growth"})
    ONTOLOGY.event_participants            # entity types that may take part in events

The file is checked when loaded: every type belongs to exactly one family,
every role names known entity types, every priority list names known types.
`python -m silkgraph.ontology` prints the Markdown of docs/ontology.md.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

__all__ = ["ONTOLOGY", "Ontology", "OntologyError", "load_ontology", "to_markdown"]


class OntologyError(ValueError):
    """The ontology file is not what the code needs; the message says where."""


@dataclass(frozen=True)
class Family:
    """A family of event or fact types that are one kind of thing when merged and scored."""

    name: str
    label: str
    types: tuple[str, ...]
    contestable: bool = False
    figure: bool = False


@dataclass(frozen=True)
class Ontology:
    """The typed ontology; build it with `load_ontology`."""

    entity_types: tuple[str, ...]
    event_types: tuple[str, ...]
    fact_types: tuple[str, ...]
    entity_labels: dict[str, str]
    event_participants: tuple[str, ...]
    fact_subjects: tuple[str, ...]
    network_entities: tuple[str, ...]
    scored_entities: tuple[str, ...]
    event_families: tuple[Family, ...]
    event_type_priority: tuple[str, ...]
    event_gatherings: tuple[str, ...]  # types that gather many parties at once
    event_modalities: tuple[str, ...]
    event_modality_priority: tuple[str, ...]
    fact_families: tuple[Family, ...]
    fact_modalities: dict[str, str]  # modality -> "actual" | "target"
    qualifiers: tuple[str, ...]
    network_edges: dict[str, str]  # edge kind -> meaning
    background_kinds: dict[str, str]  # KB kind that is land, water or money -> meaning
    kb_properties: dict[str, dict[str, Any]]

    @property
    def event_family_of(self) -> dict[str, str]:
        """Event type -> family."""
        return {t: family.name for family in self.event_families for t in family.types}

    @property
    def fact_family_of(self) -> dict[str, str]:
        """Fact type -> family."""
        return {t: family.name for family in self.fact_families for t in family.types}

    @property
    def contestable_facts(self) -> frozenset[str]:
        """Fact families whose disagreeing claims make a fact contested."""
        return frozenset(family.name for family in self.fact_families if family.contestable)

    @property
    def figure_types(self) -> tuple[str, ...]:
        """Fact types whose values the figures view charts over time."""
        return tuple(t for family in self.fact_families if family.figure for t in family.types)

    def event_family(self, event_type: str) -> str:
        """The family of an event type; "other" for a type the ontology does not know."""
        return self.event_family_of.get(event_type, "other")

    def fact_family(self, fact_type: str) -> str:
        """The family of a fact type; "other" for a type the ontology does not know."""
        return self.fact_family_of.get(fact_type, "other")

    def kind_group(self, group: str) -> frozenset[str]:
        """The knowledge-base `kind` values of a named group ("geography": sea, lake, ...)."""
        groups = self.kb_properties.get("kind", {}).get("groups") or {}
        if group not in groups:
            raise OntologyError(f"kb_properties.kind.groups has no group {group!r}")
        return frozenset(groups[group])


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise OntologyError(f"{where} must be a list of names")
    if len(set(value)) != len(value):
        raise OntologyError(f"{where} names something twice")
    return tuple(value)


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise OntologyError(f"{key} must be a mapping")
    return value


def _families(data: dict[str, Any], key: str, types_key: str) -> tuple[Family, ...]:
    families = []
    seen: set[str] = set()
    for name, body in _mapping(data, key).items():
        if not isinstance(body, dict):
            raise OntologyError(f"{key}.{name} must be a mapping")
        types = _strings(body.get("types"), f"{key}.{name}.types")
        twice = seen.intersection(types)
        if twice:
            raise OntologyError(f"{key}: {', '.join(sorted(twice))} in more than one family")
        seen.update(types)
        families.append(
            Family(
                str(name),
                str(body.get("label", "")),
                types,
                bool(body.get("contestable", False)),
                bool(body.get("figure", False)),
            )
        )
    declared = set(_strings(data.get(types_key), types_key))
    if seen != declared:
        raise OntologyError(
            f"{key} must hold each of {types_key} once: {', '.join(sorted(seen ^ declared))} in one but not the other"
        )
    return tuple(families)


def _within(names: tuple[str, ...], known: tuple[str, ...], where: str) -> tuple[str, ...]:
    unknown = [n for n in names if n not in known]
    if unknown:
        raise OntologyError(f"{where} names unknown {', '.join(unknown)}")
    return names


def load_ontology(text: str | None = None) -> Ontology:
    """The ontology from YAML `text` (default: the bundled ontology.yaml), checked."""
    if text is None:
        text = resources.files("silkgraph").joinpath("ontology.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise OntologyError("the ontology file must be a mapping")
    entities = _mapping(data, "entity_types")
    entity_types = tuple(str(name) for name in entities)
    roles = _mapping(data, "roles")
    event_families = _families(data, "event_families", "event_types")
    event_types = _strings(data.get("event_types"), "event_types")
    modalities = _mapping(data, "fact_modalities")
    if not set(modalities.values()) <= {"actual", "target"}:
        raise OntologyError("fact_modalities map each modality to actual or target")
    properties = _mapping(data, "kb_properties")
    groups = (properties.get("kind") or {}).get("groups") or {}
    if not isinstance(groups, dict):
        raise OntologyError("kb_properties.kind.groups must be a mapping of group -> kinds")
    for group, kinds in groups.items():
        _strings(kinds, f"kb_properties.kind.groups.{group}")

    def role(name: str) -> tuple[str, ...]:
        return _within(_strings(roles.get(name), f"roles.{name}"), entity_types, f"roles.{name}")

    event_modalities = _strings(data.get("event_modalities"), "event_modalities")
    return Ontology(
        entity_types=entity_types,
        event_types=event_types,
        fact_types=_strings(data.get("fact_types"), "fact_types"),
        entity_labels={str(k): str(v or "") for k, v in entities.items()},
        event_participants=role("event_participants"),
        fact_subjects=role("fact_subjects"),
        network_entities=role("network_entities"),
        scored_entities=role("scored_entities"),
        event_families=event_families,
        event_type_priority=_within(
            _strings(data.get("event_type_priority"), "event_type_priority"), event_types, "event_type_priority"
        ),
        event_gatherings=_within(
            _strings(data.get("event_gatherings"), "event_gatherings"), event_types, "event_gatherings"
        ),
        event_modalities=event_modalities,
        event_modality_priority=_within(
            _strings(data.get("event_modality_priority"), "event_modality_priority"),
            event_modalities,
            "event_modality_priority",
        ),
        fact_families=_families(data, "fact_families", "fact_types"),
        fact_modalities={str(k): str(v) for k, v in modalities.items()},
        qualifiers=_strings(data.get("qualifiers"), "qualifiers"),
        network_edges={str(k): str(v) for k, v in _mapping(data, "network_edges").items()},
        background_kinds={str(k): str(v or "") for k, v in _mapping(data, "background_kinds").items()},
        kb_properties={str(k): dict(v or {}) for k, v in properties.items()},
    )


ONTOLOGY = load_ontology()


def to_markdown(ontology: Ontology = ONTOLOGY) -> str:
    """docs/ontology.md: the ontology as a person reads it."""
    lines = [
        "# The ontology",
        "",
        "Generated from `silkgraph/ontology.yaml` by `python -m silkgraph.ontology`; edit the YAML, not this.",
        "",
        "## Entity types",
        "",
        "| type | what it is |",
        "| --- | --- |",
    ]
    lines += [f"| `{t}` | {ontology.entity_labels[t]} |" for t in ontology.entity_types]
    lines += [
        "",
        "## Who may be what",
        "",
        "| role | entity types |",
        "| --- | --- |",
        f"| event participant | {', '.join(ontology.event_participants)} |",
        f"| fact subject | {', '.join(ontology.fact_subjects)} |",
        f"| network node | {', '.join(ontology.network_entities)} |",
        f"| scored by the evaluation | {', '.join(ontology.scored_entities)} |",
    ]
    for title, families in (("Event families", ontology.event_families), ("Fact families", ontology.fact_families)):
        lines += [
            "",
            f"## {title}",
            "",
            "| family | types | what it is | contestable | charted |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| `{f.name}` | {', '.join(f.types)} | {f.label} | {'yes' if f.contestable else ''} "
            f"| {'yes' if f.figure else ''} |"
            for f in families
        ]
    lines += [
        "",
        "A merged event whose reports differ takes the first type of: " + ", ".join(ontology.event_type_priority) + ".",
        "",
        "Gatherings of many parties at once (one event over all their days; side meetings are events of their own): "
        + ", ".join(ontology.event_gatherings)
        + ".",
        "",
        "Event modalities: " + ", ".join(ontology.event_modalities) + ".",
        "",
        "Fact modalities (actual figure or target): "
        + ", ".join(f"{m} ({kind})" for m, kind in ontology.fact_modalities.items())
        + ".",
        "",
        "Qualifiers of a figure: " + ", ".join(ontology.qualifiers) + ".",
        "",
        "## Network edges",
        "",
        "| edge | meaning |",
        "| --- | --- |",
    ]
    lines += [f"| `{kind}` | {meaning} |" for kind, meaning in ontology.network_edges.items()]
    lines += [
        "",
        "## Background kinds",
        "",
        "Knowledge-base kinds (`properties.kind`) of land, water and money; the network shows them only when asked.",
        "",
        "| kind | what it is |",
        "| --- | --- |",
    ]
    lines += [f"| `{kind}` | {meaning} |" for kind, meaning in ontology.background_kinds.items()]
    lines += [
        "",
        "## Knowledge-base properties the code relies on",
        "",
        "| property | meaning | values |",
        "| --- | --- | --- |",
    ]
    lines += [
        f"| `{name}` | {body.get('meaning', '')} | {', '.join(body.get('values', []))} |"
        for name, body in ontology.kb_properties.items()
    ]
    groups = ontology.kb_properties.get("kind", {}).get("groups") or {}
    if groups:
        lines += ["", "Groups of `kind` values the code treats alike:", ""]
        lines += [f"- `{group}`: {', '.join(kinds)}" for group, kinds in groups.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(to_markdown())
