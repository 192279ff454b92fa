"""The optional statistical recogniser for Russian names outside the knowledge base."""

import pytest

from silkgraph.model import Document
from silkgraph.pipeline import Pipeline
from silkgraph.stages import ner_ru

pytestmark = pytest.mark.skipif(not ner_ru.available(), reason="the 'ru' extra (natasha) is not installed")


@pytest.fixture(scope="module")
def russian_pipeline(kb):
    pipeline = Pipeline(kb)
    ner_ru.add_to(pipeline)
    return pipeline


def analyze(pipeline, text, language="ru"):
    return pipeline.analyze(Document(id="t", text=text, published="2025-11-07", language=language))


def test_component_is_named_and_placed_after_the_rules(russian_pipeline):
    names = russian_pipeline.stage_names
    assert names.index(ner_ru.COMPONENT_NAME) == names.index("entities") + 1


def test_unknown_person_gets_latin_name_stable_id_and_cyrillic_mentions(russian_pipeline):
    text = (
        "В Москве прошла встреча с участием заместителя министра Игоря Петровского. "
        "Позже Петровский ответил на вопросы журналистов."
    )
    people = {e.id: e for e in analyze(russian_pipeline, text).entities if e.type == "person"}
    assert "igor-petrovsky" in people
    person = people["igor-petrovsky"]
    assert person.name == "Igor Petrovsky"
    assert [m.text for m in person.mentions] == ["Игоря Петровского", "Петровский"]


def test_same_person_in_another_case_gets_the_same_id(russian_pipeline):
    first = analyze(russian_pipeline, "Соглашение подписал министр Игорь Петровский в Ташкенте.")
    second = analyze(russian_pipeline, "Документ вручили Игорю Петровскому в Ташкенте.")
    ids = lambda a: {e.id for e in a.entities if e.type == "person"}
    assert "igor-petrovsky" in ids(first) & ids(second)


def test_knowledge_base_names_are_not_taken_over(russian_pipeline, kb):
    analysis = analyze(russian_pipeline, "Президент Казахстана Касым-Жомарт Токаев прибыл в Ташкент.")
    assert not [e for e in analysis.entities if e.id not in kb]


def test_runs_only_on_russian_documents(russian_pipeline, kb):
    analysis = analyze(russian_pipeline, "Встреча с Игорем Петровским прошла в Москве.", language="de")
    assert not [e for e in analysis.entities if e.id not in kb]


def test_sentences_without_unresolved_names_are_not_sent_to_the_model(kb):
    component = ner_ru.RussianNames()
    calls = []

    class Tagger:
        def map(self, texts):
            calls.append(list(texts))
            return [type("Markup", (), {"spans": []})() for _ in texts]

    component._tagger = Tagger()
    pipeline = Pipeline(kb)
    pipeline.add(ner_ru.COMPONENT_NAME, component, after="entities")
    analyze(pipeline, "Казахстан и Узбекистан подписали соглашение. Встреча с Игорем Петровским прошла.")
    assert calls == [["Встреча с Игорем Петровским прошла."]]
