"""Shared state under threads: the web server answers requests on several threads at once."""

from __future__ import annotations

import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import snowballstemmer

from silkgraph import query, terms
from silkgraph.ingest import read_inputs
from silkgraph.ingestion import Ingestion, open_ingest_store

THREADS = 8
QUERIES = [
    "Kasachstan",
    "Gipfel",
    "China",
    "Handel",
    "Tokajew",
    "pipeline",
    "Usbekistan Abkommen",
    "railway",
    "Außenminister",
    "Investitionen",
    "trade",
    "Astana",
]


def _sample_words(paths) -> list[str]:
    words: set[str] = set()
    for path in sorted(paths.samples.rglob("*")):
        if path.is_file():
            words.update(terms.words(path.read_text(encoding="utf-8", errors="replace")))
    return sorted(w for w in words if re.fullmatch(r"[a-z]{3,}", w))


def _hammer(function, items: list, threads: int = THREADS, rounds: int = 5) -> list[list]:
    """function over all items, `rounds` times on each of `threads` threads started together."""
    start = threading.Barrier(threads)

    def work(_: int) -> list:
        start.wait()
        return [function(item) for _ in range(rounds) for item in items]

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(work, range(threads)))


def test_stems_from_many_threads_equal_the_stems_of_one(paths):
    words = _sample_words(paths)
    assert len(words) > 300
    german, english = snowballstemmer.stemmer("german"), snowballstemmer.stemmer("english")
    expected = []
    for w in words:
        forms = [w]
        for stem in (german.stemWord(w), english.stemWord(w)):
            if stem and stem not in forms:
                forms.append(stem)
        expected.append(tuple(forms))
    terms.forms.cache_clear()  # every thread stems afresh, at the same time
    for results in _hammer(terms.forms.__wrapped__, words):
        assert results == expected * 5
    assert [terms.forms(w) for w in words] == expected


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, pipeline, paths):
    store = open_ingest_store(tmp_path_factory.mktemp("threads") / "samples.db")
    outcomes = list(Ingestion(store, pipeline=pipeline).run(read_inputs([str(paths.samples)])))
    assert sum(o.status == "stored" for o in outcomes) >= 8
    yield store
    store.close()


def test_search_from_many_threads_equals_search_from_one(sample_store, kb):
    def search(q: str) -> str:
        return json.dumps(query.search(sample_store, q, kb=kb, limit=10), sort_keys=True, default=str)

    terms.forms.cache_clear()
    sample_store.caches.clear()
    expected = [search(q) for q in QUERIES]
    assert sum('"documents": []' not in answer for answer in expected) >= 6  # the queries find something
    terms.forms.cache_clear()
    sample_store.caches.clear()  # the threads work the searches out anew, side by side
    for results in _hammer(search, QUERIES, rounds=2):
        assert results == expected * 2


def test_caches_belong_to_their_store(tmp_path):
    first, second = open_ingest_store(tmp_path / "a.db"), open_ingest_store(tmp_path / "b.db")
    try:
        assert first.caches is first.caches and first.caches is not second.caches
        first.caches.put("x", 1)
        assert second.caches.get("x") is None and first.caches.setdefault("x", list) == 1
        first.caches.clear()
        assert first.caches.get("x") is None
    finally:
        first.close()
        second.close()
