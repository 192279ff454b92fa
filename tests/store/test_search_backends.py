"""Search answers alike on SQLite and PostgreSQL: a person's articles (linked or naming him,
never through an office word), a term found in the other languages, filters and date order."""

from __future__ import annotations

import pytest

from silkgraph import query
from silkgraph.model import Document
from silkgraph.store import open_store

ARTICLES = [
    ("de-gipfel", "de", "2025-05-20", "Gipfeltreffen in Astana: Präsident Tokajew empfängt die Nachbarn zum Gipfel."),
    ("en-summit", "en", "2025-04-11", "President Mirziyoyev hosted a summit of the region's leaders in Samarkand."),
    ("ru-sammit", "ru", "2024-09-30", "В Астане прошёл саммит, его открыл президент Казахстана Касым-Жомарт Токаев."),
    ("de-bahn", "de", "2024-01-15", "Die Eisenbahn nach China soll bald fertig sein, sagte Präsident Mirsijojew."),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path, pipeline):
    target = str(tmp_path / "s.db") if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with open_store(target) as s:
        for doc_id, language, published, text in ARTICLES:
            s.add(pipeline.analyze(Document(id=doc_id, text=text, published=published, language=language)))
        yield s


def ids(result: dict) -> list[str]:
    return [d["id"] for d in result["documents"]]


def test_a_person_query_on_each_backend(store, kb):
    result = query.search(store, "Tokajew", kb=kb, kind="documents")
    assert set(ids(result)) == {"de-gipfel", "ru-sammit"}  # not de-bahn, whose "Präsident" is another
    card = query.search(store, "Tokajew", kb=kb, kind="entities")["entities"][0]
    assert card["documents"] == result["total"]["documents"] == 2


def test_a_term_in_three_languages_on_each_backend(store, kb):
    for q, first in (("Gipfel", "de-gipfel"), ("summit", "en-summit"), ("саммит", "ru-sammit")):
        result = query.search(store, q, kb=kb, kind="documents")
        assert set(ids(result)) == {"de-gipfel", "en-summit", "ru-sammit"}, q
        assert ids(result)[0] == first, q
    newest = query.search(store, "summit", kb=kb, kind="documents", sort="date")
    assert ids(newest) == ["de-gipfel", "en-summit", "ru-sammit"]
    russian = query.search(store, "summit", kb=kb, kind="documents", language="ru")
    assert ids(russian) == ["ru-sammit"]
