"""Russian search: inflected words found by their stem, and a Cyrillic name finding every language."""

from __future__ import annotations

import pytest

from silkgraph import query
from silkgraph.model import Document
from silkgraph.store import open_store

ARTICLES = {
    "ru-1": ("ru", "Президент Казахстана Касым-Жомарт Токаев провёл переговоры в Астане с делегацией Китая."),
    "de-1": ("de", "Der kasachische Präsident Kassym-Schomart Tokajew empfing in Astana eine Delegation aus China."),
    "en-1": ("en", "Kazakh President Kassym-Jomart Tokayev received a Chinese delegation in Astana."),
    "ru-2": ("ru", "В Ташкенте открылась выставка ковров и керамики из пяти стран региона."),
}


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path, pipeline):
    target = str(tmp_path / "ru.db") if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with open_store(target) as s:
        for doc_id, (language, text) in ARTICLES.items():
            s.add(pipeline.analyze(Document(id=doc_id, text=text, published="2025-06-17", language=language)))
        yield s


def documents(store, kb, q):
    return {d["id"] for d in query.search(store, q, kind="documents", kb=kb)["documents"]}


def test_inflected_russian_words_are_found_by_their_stem(store, kb):
    assert documents(store, kb, "переговорах") == {"ru-1"}
    assert documents(store, kb, "выставке ковра") == {"ru-2"}
    assert documents(store, kb, "керамикой") == {"ru-2"}


def test_cyrillic_name_finds_articles_in_every_language(store, kb):
    assert documents(store, kb, "Токаев") == {"ru-1", "de-1", "en-1"}


def test_latin_name_finds_the_russian_article(store, kb):
    assert "ru-1" in documents(store, kb, "Tokayev")
