"""Every analysis is valid against the contract, with offsets that point at their text."""

import json

import pytest


@pytest.fixture(scope="module")
def schema():
    from silkgraph.model import contract_schema

    return contract_schema()


def analyses(pipeline, paths):
    from silkgraph.ingest import read_inputs

    return [pipeline.analyze(d).to_json() for d in read_inputs([str(p) for p in paths]) if hasattr(d, "text")]


def check_offsets(obj):
    text = obj["document"]["text"]
    for entity in obj["entities"]:
        for m in entity["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    for item in obj["events"] + obj["facts"]:
        span = item["evidence"]
        assert 0 <= span["start"] < span["end"] <= len(text)
    for quote in obj["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]


def test_samples_follow_the_contract(pipeline, schema, paths):
    import jsonschema

    objects = analyses(pipeline, [paths.samples])
    assert len(objects) >= 5
    for obj in objects:
        jsonschema.validate(obj, schema)
        check_offsets(obj)
        json.dumps(obj)


def test_dev_corpus_follows_the_contract(pipeline, schema, dev_corpus):
    import jsonschema

    objects = analyses(pipeline, dev_corpus)
    assert [o["document"]["published"] for o in objects] == ["2025-05", "2025-01-15", "2024-07", None, "2025-11-10"]
    for obj in objects:
        jsonschema.validate(obj, schema)
        check_offsets(obj)


def test_packaged_schema_agrees_with_the_shared_spec(schema, paths):
    shared = paths.shared / "spec" / "analysis.schema.json"
    if not shared.exists():
        pytest.skip("../shared/spec is not present")
    spec = json.loads(shared.read_text(encoding="utf-8"))
    assert schema["required"] == spec["required"]
    assert schema["$defs"]["date"] == spec["$defs"]["date"]
    for section in ("entities", "events", "facts", "quotes"):
        assert schema["properties"][section]["items"]["required"] == spec["properties"][section]["items"]["required"]
