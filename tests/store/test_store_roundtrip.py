"""add/get, duplicates, id clashes, stats, entities, persistence."""

from __future__ import annotations

import threading

from silkgraph.model import Analysis, Entity
from silkgraph.store import open_store


def test_get_returns_what_add_stored(store, make_analysis):
    analysis = make_analysis()
    result = store.add(analysis)
    assert (result.status, result.doc_id, result.duplicate_of) == ("stored", "astana-2025", None)
    back = store.get("astana-2025")
    assert back.to_json() == analysis.to_json()
    assert back.document.source == "samples/astana.md"
    assert back.entities[4].mentions == []
    assert back.events[1].participants == ["china", "kazakhstan", "china"]


def test_fact_values_keep_their_json_form(store, make_analysis):
    analysis = make_analysis()
    store.add(analysis)
    facts = store.get("astana-2025").to_json()["facts"]
    assert facts[0]["value"] == 43_800_000_000 and isinstance(facts[0]["value"], int)
    assert facts[1]["value"] == 12.5


def test_empty_analysis_round_trips(store, make_analysis):
    analysis = Analysis(make_analysis(text="Kurz.", title=None, url=None, published=None).document)
    store.add(analysis)
    assert store.get("astana-2025").to_json() == analysis.to_json()


def test_unknown_id_gives_none(store):
    assert store.get("nope") is None
    assert store.entity("nope") is None


def test_same_text_modulo_case_and_spacing_is_a_duplicate(store, make_analysis, text):
    store.add(make_analysis("first"))
    variant = "  " + text.upper().replace(" ", "  \n ") + "\n"
    result = store.add(make_analysis("second", text=variant))
    assert (result.status, result.doc_id, result.duplicate_of) == ("duplicate", "first", "first")
    assert store.document_ids() == ["first"]
    assert store.stats()["documents"] == 1
    assert store.has_text(make_analysis(text=variant).document.fingerprint) == "first"
    assert store.has_text("0" * 64) is None


def test_id_clash_with_other_text_gets_a_deterministic_suffix(store, make_analysis, other_text, text):
    store.add(make_analysis("report"))
    clash = make_analysis("report", text=other_text(1))
    result = store.add(clash)
    expected = f"report-{clash.document.fingerprint[:8]}"
    assert (result.status, result.doc_id, result.duplicate_of) == ("stored", expected, None)
    back = store.get(expected)
    assert back.document.id == expected
    assert back.document.text == other_text(1)
    assert store.get("report").document.text == text
    assert clash.document.id == "report"  # the caller's object is left alone


def test_shared_entities_keep_each_documents_view(store, make_analysis, other_text):
    store.add(make_analysis("a"))
    renamed = make_analysis("b", text=other_text(2))
    renamed.entities = [Entity("kazakhstan", "Republic of Kazakhstan", "country", None)]
    store.add(renamed)
    assert store.get("a").entities[0].name == "Kazakhstan"
    assert store.get("b").entities[0].name == "Republic of Kazakhstan"
    assert store.entity("kazakhstan") == {
        "id": "kazakhstan", "name": "Republic of Kazakhstan", "type": "country",
        "wikidata": "Q232",  # not forgotten because the second document lacked it
        "documents": 2, "mentions": 2,
    }


def test_stats_counts(store, make_analysis, other_text):
    store.add(make_analysis("a"))
    store.add(make_analysis("b", text=other_text(1), published="2023-05", language="ru"))
    store.add(make_analysis("c", text=other_text(2), published=None, language=None))
    stats = store.stats()
    assert stats == {
        "documents": 3, "entities": 5, "mentions": 6, "events": 6, "facts": 6, "quotes": 6,
        "languages": {"de": 1, "ru": 1, "und": 1},
        "earliest_published": "2023-05", "latest_published": "2025-01-14",
    }


def test_reopening_keeps_everything(db_path, make_analysis, other_text):
    analyses = [make_analysis("a"), make_analysis("b", text=other_text(1))]
    with open_store(db_path) as store:
        for analysis in analyses:
            store.add(analysis)
    with open_store(str(db_path)) as store:
        assert store.document_ids() == ["a", "b"]
        for analysis in analyses:
            assert store.get(analysis.document.id).to_json() == analysis.to_json()
        assert store.search("Syrdarja")[0].doc_id == "b"
        assert store.integrity_check()


def test_integrity_check_after_writes(store, make_analysis, other_text):
    for n in range(5):
        store.add(make_analysis(f"d{n}", text=other_text(n)))
    assert store.integrity_check() is True


def test_usable_from_several_threads(store, make_analysis, other_text):
    errors = []

    def work(n):
        try:
            store.add(make_analysis(f"t{n}", text=other_text(100 + n)))
            store.search("Usbekistan")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(store.document_ids()) == sorted(f"t{n}" for n in range(8))
    assert store.integrity_check()
