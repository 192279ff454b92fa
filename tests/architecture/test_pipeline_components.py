"""Named components: order checked when built, changed by name, and a factory named from outside
reaching every place that analyses (analyze, ingest with 1 and N workers and dask, evaluate, the API)."""

from __future__ import annotations

import json
import sqlite3
import sys
import textwrap

import pytest
from click.testing import CliRunner

from silkgraph.cli import main
from silkgraph.doc import Doc
from silkgraph.model import Document
from silkgraph.pipeline import (
    DEFAULT_FACTORY,
    PIPELINE_ENV,
    Pipeline,
    PipelineError,
    component,
    load_pipeline,
    resolve_factory_spec,
)

# A recogniser of its own: every token "Quuxland" is one organisation the KB does not know.
TOY_MODULE = """
from silkgraph.components import default_pipeline
from silkgraph.doc import EntityMention


class QuuxRecogniser:
    requires = ("tokens",)
    assigns = ("matches", "mentions", "new_entities")

    def __call__(self, doc):
        for i, text in enumerate(doc.tokens.texts):
            if text == "Quuxland":
                doc.mentions.append(EntityMention(doc.tokens.starts[i], doc.tokens.ends[i], "o-quuxland", "name",
                                                  i, i + 1))
                doc.new_entities["o-quuxland"] = ("Quuxland", "organization")


def make_pipeline(kb):
    pipeline = default_pipeline(kb)
    pipeline.replace("entities", QuuxRecogniser())
    return pipeline
"""
SPEC = "toy_recogniser:make_pipeline"
TEXT = "Der Rat von Quuxland tagte am 3. März 2025 in einer Stadt am Fluss. Quuxland lud Gäste ein."


@pytest.fixture
def toy(tmp_path, monkeypatch):
    """The toy factory importable here and in worker processes; an article that names Quuxland."""
    package = tmp_path / "toy"
    package.mkdir()
    (package / "toy_recogniser.py").write_text(textwrap.dedent(TOY_MODULE), encoding="utf-8")
    monkeypatch.syspath_prepend(str(package))
    monkeypatch.setenv("PYTHONPATH", f"{package}:{':'.join(p for p in sys.path if p)}")
    monkeypatch.delenv(PIPELINE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "quux.txt"
    article.write_text(f"---\nid: quux\npublished: 2025-03-04\nlanguage: de\n---\n{TEXT}\n", encoding="utf-8")
    return article


def entity_ids(analysis: dict) -> set[str]:
    return {e["id"] for e in analysis["entities"]}


def analysed(args: list[str]) -> list[dict]:
    result = CliRunner().invoke(main, ["analyze", *args, "--format", "jsonl", "-q"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def stored_entities(db) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT entity_id FROM document_entities")}


# -- building and changing a pipeline ------------------------------------------


def test_the_built_in_pipeline_names_its_components(kb):
    pipeline = Pipeline(kb)
    assert pipeline.names == ["tokens", "entities", "dates", "quantities", "quotes", "events", "facts"]
    assert load_pipeline(DEFAULT_FACTORY, kb).names == pipeline.names


def test_a_component_missing_its_layers_is_refused_with_a_clear_error(kb):
    pipeline = Pipeline(kb)
    with pytest.raises(PipelineError, match=r"'quotes' requires mentions"):
        pipeline.remove("entities")
    assert "entities" in pipeline  # a refused change is undone
    with pytest.raises(PipelineError, match=r"'early' requires mentions"):
        pipeline.add("early", component(lambda doc: None, requires=("mentions",)), before="entities")
    with pytest.raises(PipelineError, match="unknown layer"):
        pipeline.add("typo", component(lambda doc: None, requires=("mentionz",)))
    with pytest.raises(PipelineError, match="already"):
        pipeline.add("tokens", pipeline.get("tokens"))
    with pytest.raises(PipelineError, match="no component 'nope'"):
        pipeline.replace("nope", pipeline.get("tokens"))
    with pytest.raises(PipelineError, match="declares no 'requires'"):
        pipeline.add("bare", lambda doc: None)  # type: ignore[arg-type]


def test_components_are_added_where_asked_and_run_in_order(kb):
    pipeline = Pipeline(kb)
    seen: list[int] = []

    def count_mentions(doc: Doc) -> None:
        seen.append(len(doc.mentions))

    pipeline.add("counter", component(count_mentions, requires=("mentions",)), after="entities")
    assert pipeline.names.index("counter") == pipeline.names.index("entities") + 1
    pipeline.analyze(Document(id="k", text="Kasachstan und China unterzeichneten ein Abkommen.", language="de"))
    assert seen and seen[0] >= 2
    pipeline.remove("quotes")
    assert "quotes" not in pipeline.names


def test_a_wrong_factory_name_is_a_clear_error(toy):
    for spec, message in [
        ("nocolon", "module:callable"),
        ("no_such_module_xyz:make", "cannot import"),
        ("toy_recogniser:nothing", "has no 'nothing'"),
    ]:
        with pytest.raises(PipelineError, match=message):
            load_pipeline(spec)
    result = CliRunner().invoke(main, ["analyze", str(toy), "--pipeline", "no_such_module_xyz:make"])
    assert result.exit_code == 2 and "cannot import" in result.output


def test_the_factory_is_found_in_option_environment_and_config_file(toy, tmp_path, monkeypatch):
    assert resolve_factory_spec() == DEFAULT_FACTORY
    (tmp_path / "silkgraph.toml").write_text(f'pipeline = "{SPEC}"\n', encoding="utf-8")
    assert resolve_factory_spec() == SPEC
    monkeypatch.setenv(PIPELINE_ENV, "other:factory")
    assert resolve_factory_spec() == "other:factory"
    assert resolve_factory_spec("given:here") == "given:here"


# -- the toy recogniser reaches every caller ------------------------------------


def test_without_the_toy_the_built_in_recogniser_does_not_know_quuxland(toy):
    [analysis] = analysed([str(toy)])
    assert "o-quuxland" not in entity_ids(analysis)


@pytest.mark.parametrize("workers", [1, pytest.param(2, marks=pytest.mark.integration)])
def test_analyze_uses_the_named_pipeline(toy, workers):
    [analysis] = analysed([str(toy), "--pipeline", SPEC, "--workers", str(workers)])
    assert entity_ids(analysis) == {"o-quuxland"}
    assert len(analysis["entities"][0]["mentions"]) == 2


def test_the_environment_and_the_config_file_reach_analyze(toy, tmp_path, monkeypatch):
    monkeypatch.setenv(PIPELINE_ENV, SPEC)
    assert entity_ids(analysed([str(toy)])[0]) == {"o-quuxland"}
    monkeypatch.delenv(PIPELINE_ENV)
    (tmp_path / "silkgraph.toml").write_text(f'[silkgraph]\npipeline = "{SPEC}"\n', encoding="utf-8")
    assert entity_ids(analysed([str(toy), "--workers", "2"])[0]) == {"o-quuxland"}


@pytest.mark.parametrize("workers", [1, pytest.param(2, marks=pytest.mark.integration)])
def test_ingest_uses_the_named_pipeline(toy, tmp_path, workers):
    db = tmp_path / f"w{workers}.db"
    result = CliRunner().invoke(
        main, ["ingest", str(toy), "--db", str(db), "--pipeline", SPEC, "--workers", str(workers), "-q"]
    )
    assert result.exit_code == 0, result.output
    assert stored_entities(db) == {"o-quuxland"}


@pytest.mark.integration
def test_ingest_on_dask_uses_the_named_pipeline(toy, tmp_path):
    pytest.importorskip("distributed")
    db = tmp_path / "dask.db"
    result = CliRunner().invoke(
        main, ["ingest", str(toy), "--db", str(db), "--pipeline", SPEC, "--engine", "dask", "--workers", "1", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert stored_entities(db) == {"o-quuxland"}


def test_evaluate_uses_the_named_pipeline(toy, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "quux.json").write_text(
        json.dumps(
            {
                "document": {"id": "quux"},
                "entities": [{"name": "Quuxland", "type": "organization"}],
                "events": [],
                "facts": [],
                "quotes": [],
            }
        ),
        encoding="utf-8",
    )

    def entity_recall(*extra: str) -> float:
        result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), str(toy), "--json", "-q", *extra])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["sections"]["entities"]["recall"]

    assert entity_recall() == 0.0
    assert entity_recall("--pipeline", SPEC) == 1.0


def test_the_api_uses_the_named_pipeline(toy, tmp_path, kb):
    from fastapi.testclient import TestClient

    from silkgraph.web.app import create_app

    app = create_app(str(tmp_path / "api.db"), kb=kb, token="t0ken", pipeline=SPEC)
    with TestClient(app) as client:
        answer = client.post(
            "/api/documents",
            headers={"Authorization": "Bearer t0ken"},
            json={"id": "quux", "text": TEXT, "language": "de", "published": "2025-03-04"},
        )
    assert answer.status_code == 201, answer.text
    assert answer.json()["extracted"]["entities"] == 1
    assert stored_entities(tmp_path / "api.db") == {"o-quuxland"}
