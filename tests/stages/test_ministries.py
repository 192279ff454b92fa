"""Ministries recognised by portfolio and state, in Russian, German and English."""

import pytest


def ministries(analysis):
    return {e.id: (e.name, [m.text for m in e.mentions]) for e in analysis.entities if e.id.startswith("ministry-")}


@pytest.mark.parametrize(
    "language, text, surface",
    [
        (
            "ru",
            "Договор подписали с Министерством энергетики Республики Узбекистан.",
            "Министерством энергетики Республики Узбекистан",
        ),
        ("ru", "Как сообщила пресс-служба Минэнерго Узбекистана, работы начаты.", "Минэнерго Узбекистана"),
        ("de", "Das usbekische Energieministerium teilte die Zahlen mit.", "usbekische Energieministerium"),
        ("de", "Ein Sprecher des Energieministeriums Usbekistans bestätigte das.", "Energieministeriums Usbekistans"),
        ("en", "Uzbekistan's Ministry of Energy published the figures.", "Uzbekistan's Ministry of Energy"),
        ("en", "The Ministry of Energy of Uzbekistan published the figures.", "Ministry of Energy of Uzbekistan"),
        ("en", "The Uzbek Energy Ministry published the figures.", "Uzbek Energy Ministry"),
    ],
)
def test_one_ministry_in_every_language(analyze, language, text, surface):
    found = ministries(analyze(text, published="2025-03-01", language=language))
    assert {entity_id: mentions for entity_id, (_, mentions) in found.items()} == {
        "ministry-of-energy-uzbekistan": [surface]
    }


def test_a_ministry_the_knowledge_base_lacks_gets_a_name_of_its_own(analyze, kb):
    assert "ministry-of-health-turkmenistan" not in kb
    found = ministries(analyze("Об этом сообщили в Минздраве Туркменистана.", published="2025-03-01", language="ru"))
    assert found == {
        "ministry-of-health-turkmenistan": ("Ministry of Health (Turkmenistan)", ["Минздраве Туркменистана"])
    }


def test_the_state_is_still_mentioned(analyze):
    analysis = analyze("Das usbekische Energieministerium teilte die Zahlen mit.", published="2025-03-01")
    assert "uzbekistan" in {e.id for e in analysis.entities}


def test_knowledge_base_ministry_is_linked_not_duplicated(analyze):
    analysis = analyze(
        "Заявление опубликовало Министерство иностранных дел Республики Казахстан.",
        published="2025-03-01",
        language="ru",
    )
    assert "ministry-of-foreign-affairs-kazakhstan" in {e.id for e in analysis.entities}
    assert not [e for e in analysis.entities if e.id.startswith("ministry-") and e.id.endswith("-2")]


@pytest.mark.parametrize(
    "language, text",
    [
        ("ru", "На встрече глав МИД обсудили транспорт."),
        ("ru", "В министерстве энергетики не ответили на запрос."),
        ("en", "The ministry of energy did not reply."),
        ("de", "Das Energieministerium äußerte sich nicht."),
    ],
)
def test_no_ministry_without_its_state(analyze, language, text):
    assert ministries(analyze(text, published="2025-03-01", language=language)) == {}
