"""Shared fixtures: the bundled knowledge base and pipeline (loaded once), and the dev corpus when present."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev"
DEV_GOLD = SHARED / "gold" / "dev"
SAMPLES = ROOT / "samples"
SAMPLE_GOLD = ROOT / "tests" / "data" / "gold"


@pytest.fixture(scope="session")
def kb():
    from silkgraph.kb import KnowledgeBase

    return KnowledgeBase.load()


@pytest.fixture(scope="session")
def pipeline(kb):
    from silkgraph.pipeline import Pipeline

    return Pipeline(kb)


@pytest.fixture(scope="session")
def analyze(pipeline):
    """analyze(text, published=None, language="de") -> Analysis of a one-off document."""
    from silkgraph.model import Document

    def run(text: str, published: str | None = None, language: str = "de", doc_id: str = "t"):
        return pipeline.analyze(Document(id=doc_id, text=text, published=published, language=language))

    return run


@pytest.fixture(scope="session")
def paths():
    """Where the test data lives: samples, their gold, and the dev set when ../shared is present."""
    from types import SimpleNamespace

    return SimpleNamespace(
        root=ROOT, shared=SHARED, dev_corpus=DEV_CORPUS, dev_gold=DEV_GOLD, samples=SAMPLES, sample_gold=SAMPLE_GOLD
    )


@pytest.fixture(scope="session")
def dev_corpus():
    if not DEV_CORPUS.is_dir():
        pytest.skip("../shared/corpus/dev is not present here")
    return sorted(DEV_CORPUS.glob("*.txt"))


# -- test tiers ------------------------------------------------------------------
# `pytest -m "not integration"` is the fast unit tier. Integration tests start processes,
# clusters, servers or browsers (the crash tests, process pools and dask, PostgreSQL,
# Chromium, HTTP servers of their own such as the news site of tests/follow) or wait on
# real time (signals to a daemon, slow input, fetch deadlines), or run for long (the
# property-based fuzz tests of tests/fuzz). They are marked here by what they use, so
# that a new test of that kind is marked without anyone remembering to.
INTEGRATION_MODULES = {
    "test_crash.py",
    "test_parallel.py",
    "test_postgres.py",
    "test_browser.py",
    "test_interrupted.py",
    "test_cli_slow_input.py",
    "test_hostile_ids.py",
    "test_bad_sources.py",
    "test_sources_fetch.py",
    "test_watch.py",
}
INTEGRATION_FIXTURES = {"postgres_server", "postgres_url", "live_server"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if (
            item.path.name in INTEGRATION_MODULES
            or item.path.parent.name == "fuzz"
            or item.get_closest_marker("browser")
            or INTEGRATION_FIXTURES.intersection(getattr(item, "fixturenames", ()))
            or "[postgresql" in item.name
            or "dask" in item.name
        ):
            item.add_marker(pytest.mark.integration)
