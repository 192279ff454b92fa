"""NUL characters get one policy on every backend: stored as U+FFFD, found again by the key given."""

from __future__ import annotations

import pytest

from silkgraph.store import open_store

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    target = str(tmp_path / "nul.db") if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with open_store(target) as s:
        yield s


def test_document_with_nul_in_id_url_title_and_text_is_stored_alike(store, make_analysis, text):
    nul_text = text.replace("Astana", "Ast\x00ana", 1)
    analysis = make_analysis(
        "bericht\x00eins", text=nul_text, url="https://example.org/a\x00b", title="Titel\x00", source="feed\x00.rss"
    )
    result = store.add(analysis)
    assert (result.status, result.doc_id) == ("stored", "bericht\ufffdeins")
    for key in ("bericht\x00eins", "bericht\ufffdeins"):
        stored = store.get(key)
        assert stored is not None, key
        doc = stored.document
        assert (doc.url, doc.title, doc.source) == ("https://example.org/a\ufffdb", "Titel\ufffd", "feed\ufffd.rss")
        assert doc.text == nul_text.replace("\x00", "\ufffd") and len(doc.text) == len(nul_text)
    assert store.stats()["documents"] == 1


def test_nul_key_that_was_never_stored_finds_nothing(store):
    assert store.get("nirgends\x00") is None
    assert store.entity("kazakh\x00stan") is None
