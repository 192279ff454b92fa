"""Search that can be trusted: a name finds its entity's articles and no others, the field's
terms find all three languages, KB entities without articles come last, totals, sort, filters
and readable titles. The articles are written here (de/en/ru) and run through the pipeline."""

from __future__ import annotations

import pytest

from silkgraph import aliases, query
from silkgraph.glossary import Glossary, glossary
from silkgraph.model import Document
from silkgraph.search import readable_title
from silkgraph.store import open_store

TOKAYEV = "kassym-jomart-tokayev"

ARTICLES = [
    # (id, language, published, title, text)
    (
        "gipfel-astana",
        "de",
        "2025-06-10",
        "Gipfel in Astana",
        "Kasachstans Präsident Kassym-Schomart Tokajew empfing am Mittwoch in Astana die Staatschefs "
        "der Nachbarländer zu einem Gipfeltreffen. Die Präsidenten sprachen über Wasser und Handel.",
    ),
    (
        "summit-samarkand",
        "en",
        "2025-04-03",
        "Leaders gather in Samarkand",
        "Uzbek President Shavkat Mirziyoyev welcomed the heads of state of the region to a summit in "
        "Samarkand on Thursday. The presidents discussed trade and transport.",
    ),
    (
        "sammit-dushanbe",
        "ru",
        "2024-10-09",
        "Саммит в Душанбе",
        "В Душанбе прошёл саммит глав государств Центральной Азии. Президент Таджикистана Эмомали Рахмон "
        "открыл встречу и призвал соседей расширять торговлю.",
    ),
    (
        "bahn-usbekistan",
        "de",
        "2024-03-01",
        "Neue Bahn nach China",
        "Die Eisenbahnstrecke von China über Kirgisistan nach Usbekistan soll bis 2030 fertig sein, "
        "sagte Präsident Schawkat Mirsijojew in Taschkent.",
    ),
    (
        "railway-kyrgyzstan",
        "en",
        "2024-05-02",
        "Railway talks in Bishkek",
        "Officials from China, Kyrgyzstan and Uzbekistan met in Bishkek to plan the new railway line.",
    ),
    (
        "doroga-kirgizia",
        "ru",
        "2024-06-03",
        "Железная дорога через Киргизию",
        "Строительство железной дороги Китай — Киргизия — Узбекистан начнётся весной, сообщили в Бишкеке.",
    ),
    (
        "tokajew-moskau",
        "de",
        "2023-02-01",
        None,
        "Tokajew reist nach Moskau\nDer kasachische Präsident Tokajew trifft am Freitag Wladimir Putin in Moskau.",
    ),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory, pipeline):
    with open_store(tmp_path_factory.mktemp("search") / "s.db") as s:
        for doc_id, language, published, title, text in ARTICLES:
            s.add(pipeline.analyze(Document(id=doc_id, text=text, title=title, published=published, language=language)))
        yield s


def ids(result) -> list[str]:
    return [d["id"] for d in result["documents"]]


def linked(store, entity_id: str) -> set[str]:
    with store.read() as db:
        return {r[0] for r in db.execute("SELECT doc_id FROM document_entities WHERE entity_id = ?", (entity_id,))}


# -- names ---------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["Tokajew", "Tokayev", "Токаев", "Kassym-Jomart Tokayev"])
def test_a_person_query_finds_only_the_persons_articles(store, kb, q):
    result = query.search(store, q, kb=kb, limit=100)
    assert [e["id"] for e in result["named"]] == [TOKAYEV]
    found = set(ids(result))
    assert found == {"gipfel-astana", "tokajew-moskau"}
    # every hit is linked to him or names him: no article of another president through "Präsident"
    assert found <= linked(store, TOKAYEV) | {d for d, *_, text in ARTICLES if "Tokajew" in text}
    assert "bahn-usbekistan" not in found and "summit-samarkand" not in found


def test_the_entity_card_counts_the_articles_the_list_shows(store, kb):
    result = query.search(store, "Tokajew", kb=kb)
    card = next(e for e in result["entities"] if e["id"] == TOKAYEV)
    assert card["documents"] == result["total"]["documents"] == len(result["documents"])
    by_filter = query.search(store, "", kind="documents", entity=TOKAYEV, kb=kb)
    assert set(ids(by_filter)) == set(ids(result))


def test_office_words_are_no_names():
    for word in ("Präsident", "Staatschef", "Außenministerin", "президента", "President"):
        assert aliases.is_office_word(word), word
    for word in ("Tokajew", "Токаева", "Hakim", "Müller"):
        assert not aliases.is_office_word(word), word


def test_names_seen_in_texts_count_only_when_they_are_names(kb):
    assert aliases.is_name_of(TOKAYEV, "Касым-Жомарта Токаева", kb)  # inflected, shares his surname
    assert not aliases.is_name_of(TOKAYEV, "Kasachstans Präsident", kb)
    assert not aliases.is_name_of(TOKAYEV, "Staatschef", kb)
    assert aliases.is_name_of("someone-new", "Begenj Abdullayev", kb)  # not in the KB: no office word
    assert not aliases.is_name_of("someone-new", "Vizepräsident", kb)


def test_an_office_word_does_not_find_a_person(store, kb):
    result = query.search(store, "Präsident", kb=kb, kind="entities")
    assert TOKAYEV not in [e["id"] for e in result["entities"]]


# -- across languages ---------------------------------------------------------------

SUMMITS = {"gipfel-astana", "summit-samarkand", "sammit-dushanbe"}


@pytest.mark.parametrize("q, own", [("Gipfel", "de"), ("summit", "en"), ("саммит", "ru"), ("Gipfeltreffens", "de")])
def test_summit_words_find_the_summits_of_all_three_languages(store, kb, q, own):
    result = query.search(store, q, kb=kb, kind="documents", limit=100)
    found = ids(result)
    assert SUMMITS <= set(found)
    assert result["total"]["documents"] == len(found)
    languages = {d["id"]: d["language"] for d in result["documents"]}
    first = found[0]
    assert languages[first] == own and not result["documents"][0]["translated"]  # the query's language first
    others = [d for d in result["documents"] if d["language"] != own]
    assert others and all(d["translated"] for d in others)


def test_the_three_summit_words_find_the_same_articles(store, kb):
    found = [
        set(ids(query.search(store, q, kb=kb, kind="documents", limit=100))) for q in ("Gipfel", "summit", "саммит")
    ]
    assert found[0] == found[1] == found[2]


@pytest.mark.parametrize("q", ["railway", "Eisenbahn", "железная дорога"])
def test_railway_words_find_the_railway_articles_of_all_three_languages(store, kb, q):
    found = set(ids(query.search(store, q, kb=kb, kind="documents", limit=100)))
    assert {"bahn-usbekistan", "railway-kyrgyzstan", "doroga-kirgizia"} <= found
    assert "sammit-dushanbe" not in found


def test_the_glossary_matches_inflected_terms_and_not_lookalikes():
    terms = glossary()
    assert terms.concepts_of("summits") == ["summit"]
    assert terms.concepts_of("саммита") == ["summit"]
    assert terms.concepts_of("железной дороги") == ["railway"]  # a term of two words, inflected
    assert terms.concepts_of("power plants") == ["power_plant"]
    assert terms.concepts_of("important") == []  # stem "import", but no form of it
    assert terms.concepts_of("Tokajew") == []


def test_a_glossary_spells_the_whole_query_in_every_language():
    small = Glossary({"summit": {"de": ["Gipfel"], "en": ["summit"], "ru": ["саммит"]}})
    spelt = small.translations("Gipfel Samarkand")
    assert len(spelt) == 3
    assert all(len(alternative) == 2 for alternative in spelt)  # the term, and "Samarkand" as typed
    assert {alternative[0][0][0] for alternative in spelt} == {"gipfel", "summit", "sammit"}
    assert small.translations("Samarkand") == []


def test_every_glossary_concept_has_all_three_languages():
    for concept, spelt in ((c, glossary().spellings(c)) for c in glossary().terms):
        assert set(spelt) == {"de", "en", "ru"}, concept


# -- entities, totals, order, filters, titles -----------------------------------------


def test_knowledge_base_entities_without_articles_come_last(store, kb):
    result = query.search(store, "railway", kb=kb, kind="entities", limit=1000)
    mentioned = [e["sources"] > 0 for e in result["entities"]]
    assert mentioned == sorted(mentioned, reverse=True)  # every entity with articles before any without
    assert result["total"]["entities_without_documents"] == mentioned.count(False) > 0
    assert all(e["documents"] == 0 for e in result["entities"] if not e["sources"])


def test_sort_by_date_is_newest_first(store, kb):
    result = query.search(store, "summit", kb=kb, kind="documents", sort="date", limit=100)
    dates = [d["published"] for d in result["documents"]]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 3


def test_language_and_date_filters(store, kb):
    russian = query.search(store, "summit", kb=kb, kind="documents", language="ru")
    assert ids(russian) == ["sammit-dushanbe"]
    in_2025 = query.search(store, "summit", kb=kb, kind="documents", date_from="2025", date_to="2025-12")
    assert set(ids(in_2025)) == {"gipfel-astana", "summit-samarkand"}


def test_an_untitled_article_shows_its_first_line(store, kb):
    hit = next(d for d in query.search(store, "Tokajew", kb=kb)["documents"] if d["id"] == "tokajew-moskau")
    assert hit["title"] == "Tokajew reist nach Moskau" and hit["untitled"]


def test_an_entity_page_lists_an_untitled_article_by_its_first_line(store, kb):
    documents = {d["id"]: d for d in query.entity(store, kb, TOKAYEV)["documents"]}
    untitled = documents["tokajew-moskau"]
    assert (untitled["title"], untitled["published"]) == ("Tokajew reist nach Moskau", "2023-02-01")


def test_readable_title_cuts_a_long_first_line_at_a_word():
    line = "Ein sehr langer erster Satz " * 10
    title = readable_title(None, "\n\n" + line)
    assert title.endswith("…") and len(title) <= 121 and not title[:-1].endswith(" ")
    assert readable_title("  ", "Zeile eins\nZeile zwei") == "Zeile eins"
    assert readable_title("Titel", "Text") == "Titel"
    assert readable_title(None, "  \n ") is None


def test_resolve_entity_takes_ids_and_names(store, kb):
    assert query.resolve_entity(store, kb, "kazakhstan") == "kazakhstan"
    assert query.resolve_entity(store, kb, "Kasachstan") == "kazakhstan"
    assert query.resolve_entity(store, kb, "Tokajew") == TOKAYEV
    assert query.resolve_entity(store, kb, "Präsident") is None
    assert query.resolve_entity(store, kb, "no such thing at all") is None


# -- the shared corpora -----------------------------------------------------------------

# Articles of the tuning part of dev-b (when ../shared is present) that report summits, and two that do not.
DEV_B_SUMMITS = {
    "de": ["dev-b-de-003", "dev-b-de-005", "dev-b-de-013"],
    "en": ["dev-b-en-001", "dev-b-en-002"],
    "ru": ["dev-b-ru-002", "dev-b-ru-006", "dev-b-ru-009"],
}
DEV_B_OTHERS = ["dev-b-en-006", "dev-b-ru-007"]


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory, pipeline, paths):
    from silkgraph.ingest import read_inputs

    folder = paths.shared / "corpus" / "dev-b"
    wanted = [folder / f"{i}.md" for ids in DEV_B_SUMMITS.values() for i in ids] + [
        folder / f"{i}.md" for i in DEV_B_OTHERS
    ]
    if not all(p.is_file() for p in wanted):
        pytest.skip("../shared/corpus/dev-b is not present here")
    inputs = [str(paths.samples), *map(str, sorted(paths.dev_corpus.glob("*.txt"))), *map(str, wanted)]
    with open_store(tmp_path_factory.mktemp("shared") / "s.db") as s:
        for item in read_inputs(inputs):
            if isinstance(item, Document):
                s.add(pipeline.analyze(item))
        yield s


def test_summit_words_find_the_summits_of_all_three_languages_in_the_shared_corpora(shared_store, kb):
    found = {}
    for q in ("Gipfel", "summit", "саммит"):
        result = query.search(shared_store, q, kb=kb, kind="documents", limit=1000)
        found[q] = set(ids(result))
        for language, summits in DEV_B_SUMMITS.items():
            assert set(summits) <= found[q], (q, language)
    assert found["Gipfel"] == found["summit"] == found["саммит"]


def test_event_sources_name_an_untitled_article_by_its_first_line(store, kb):
    events = query.timeline(store, entity=TOKAYEV, limit=100)["events"]
    titles = {s["doc_id"]: s["title"] for e in events for s in query.event(store, e["id"])["sources"]}
    assert titles["tokajew-moskau"] == "Tokajew reist nach Moskau"
    assert all(t and t != doc_id for doc_id, t in titles.items())
