"""The ontology file: loaded and checked, the one place its vocabularies are written, documented from it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from silkgraph.ontology import ONTOLOGY, OntologyError, load_ontology, to_markdown

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "silkgraph"
ONTOLOGY_FILE = PACKAGE / "ontology.yaml"
# Vocabularies still written in a stage that is being rewritten; each should read the ontology.
KNOWN_DUPLICATES: set[str] = set()


def test_families_partition_the_types():
    assert set(ONTOLOGY.event_family_of) == set(ONTOLOGY.event_types)
    assert set(ONTOLOGY.fact_family_of) == set(ONTOLOGY.fact_types)
    assert ONTOLOGY.event_family("summit") == ONTOLOGY.event_family("visit") == "encounter"
    assert ONTOLOGY.fact_family("investment") == "deal"
    assert ONTOLOGY.event_family("no-such-type") == "other"
    assert ONTOLOGY.contestable_facts == {"trade", "growth"}
    assert set(ONTOLOGY.fact_modalities.values()) == {"actual", "target"}
    assert "sea" in ONTOLOGY.kind_group("geography") and "ministry" in ONTOLOGY.kind_group("state_body")
    with pytest.raises(OntologyError, match="no group"):
        ONTOLOGY.kind_group("planets")


def _edited(change) -> str:
    data = yaml.safe_load(ONTOLOGY_FILE.read_text(encoding="utf-8"))
    change(data)
    return yaml.safe_dump(data, allow_unicode=True)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["event_families"]["agreement"]["types"].append("summit"), "more than one family"),
        (lambda d: d["fact_families"].pop("count"), "count in one but not the other"),
        (lambda d: d["roles"]["fact_subjects"].append("planet"), "unknown planet"),
        (lambda d: d["event_type_priority"].append("party"), "unknown party"),
        (lambda d: d["fact_modalities"].update(estimate="maybe"), "actual or target"),
        (lambda d: d.pop("network_edges"), "network_edges must be a mapping"),
        (lambda d: d["kb_properties"]["kind"].update(groups=["sea"]), "groups must be a mapping"),
        (lambda d: d["kb_properties"]["kind"]["groups"].update(geography="sea"), "geography must be a list"),
    ],
)
def test_a_broken_ontology_is_refused_with_the_place_named(change, message):
    with pytest.raises(OntologyError, match=message):
        load_ontology(_edited(change))


def test_the_documentation_is_generated_from_the_file():
    documented = (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert documented == to_markdown(), "docs/ontology.md is stale: python -m silkgraph.ontology > docs/ontology.md"


def _vocabulary_literals(path: Path) -> list[str]:
    """Literal collections in `path` that spell out three or more names of one ontology vocabulary."""
    vocabularies = {
        "event types": set(ONTOLOGY.event_types) - {"other", "project"},
        "fact types": set(ONTOLOGY.fact_types) - {"other", "count"},
        "fact families": {f.name for f in ONTOLOGY.fact_families} - {"other", "count"},
    }
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict)):
            items = node.keys if isinstance(node, ast.Dict) else node.elts
            if isinstance(node, ast.Dict):
                items = [*items, *node.values]
            strings = {n.value for n in items if isinstance(n, ast.Constant) and isinstance(n.value, str)}
            for name, words in vocabularies.items():
                if len(strings & words) >= 3:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} writes {name}")
    return found


def test_the_vocabularies_are_written_in_the_ontology_only():
    found = [
        hit
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "ontology.py"
        for hit in _vocabulary_literals(path)
    ]
    unexpected = [hit for hit in found if hit.split(":")[0] not in KNOWN_DUPLICATES]
    assert not unexpected, "\n".join(unexpected)


def test_the_kb_properties_the_code_reads_are_declared(kb):
    used = set()
    for path in PACKAGE.rglob("*.py"):
        used.update(re.findall(r"properties\.get\(\s*[\"'](\w+)[\"']", path.read_text(encoding="utf-8")))
    assert used and used <= set(ONTOLOGY.kb_properties), used - set(ONTOLOGY.kb_properties)
    # ... and the knowledge base has them, with the values the code compares against.
    kinds = {e.properties.get("kind") for e in kb.entities.values()}
    assert set(ONTOLOGY.kb_properties["kind"]["values"]) <= kinds
    cities = [e.properties["city"] for e in kb.entities.values() if "city" in e.properties]
    assert cities and all(kb.get(city) is not None and kb.get(city).type == "place" for city in cities)
