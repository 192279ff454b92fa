"""The bundled samples hold a summit article in each of the three languages, and each language's
word for a summit finds all of them, through the store and through the README's first command."""

from __future__ import annotations

import subprocess
import sys

import pytest

from silkgraph import query
from silkgraph.ingest import read_inputs
from silkgraph.ingestion import Ingestion, open_ingest_store

# The samples' articles about a summit of the region, by language (their front matter says which).
SUMMIT_ARTICLES = {
    "de": {"mirsijojew-moskau"},
    "en": {"samarkand-eu-summit", "dushanbe-russia-summit"},
    "ru": {"sammit-astana-ru"},
}


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory, pipeline, paths):
    path = tmp_path_factory.mktemp("samples") / "samples.db"
    with open_ingest_store(path) as store:
        for outcome in Ingestion(store, pipeline=pipeline).run(read_inputs([str(paths.samples)])):
            assert outcome.status == "stored", outcome.reason
    return path


@pytest.fixture
def store(samples_db):
    with open_ingest_store(samples_db) as s:
        yield s


def found_documents(store, kb, q: str) -> dict[str, str]:
    """The articles a search finds: id -> language."""
    result = query.search(store, q, kb=kb, kind="documents", limit=100)
    return {d["id"]: d["language"] for d in result["documents"]}


@pytest.mark.parametrize("q", ["Gipfel", "summit", "саммит"])
def test_each_summit_word_finds_the_summit_articles_of_all_three_languages(store, kb, q):
    found = found_documents(store, kb, q)
    for language, articles in SUMMIT_ARTICLES.items():
        assert articles <= set(found), (q, language)
        assert all(found[a] == language for a in articles)


def test_the_three_summit_words_find_the_same_articles(store, kb):
    assert found_documents(store, kb, "Gipfel").keys() == found_documents(store, kb, "summit").keys()
    assert found_documents(store, kb, "summit").keys() == found_documents(store, kb, "саммит").keys()


def test_the_russian_sample_is_read_as_russian_with_its_summit(store):
    doc = query.document(store, "sammit-astana-ru")
    assert doc["language"] == "ru"
    types = {a["type"] for a in doc["annotations"] if a["kind"] == "event"}
    assert "summit" in types


def test_the_cli_search_for_a_summit_lists_the_russian_article(samples_db):
    run = subprocess.run(
        [sys.executable, "-m", "silkgraph.cli", "search", "саммит", "--db", str(samples_db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stdout.splitlines() if not line.startswith((" ", "entity\t"))]
    found = {line.split("\t")[0] for line in lines if "\t" in line}
    assert set().union(*SUMMIT_ARTICLES.values()) <= found
