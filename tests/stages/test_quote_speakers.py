"""Quotes whose speaker is named by an office word, a quotation in lower case after a noun that
usually introduces a name, and speakers outside the knowledge base in Russian attributions."""

import pytest

PUBLISHED = "2026-03-01"


def speakers(analysis):
    return [(q.speaker, q.text) for q in analysis.quotes]


@pytest.mark.parametrize(
    "language, text, speaker, opening",
    [
        (
            "en",
            "The deal was signed by the Minister of Energy, Ruslan Abenov, and the bank's director, Clara Moretti. "
            '"We start in spring," said Ms Moretti. The minister said the state would pay and called the plan '
            '"the fastest way to bring water to every village".',
            "ruslan-abenov",
            "the fastest way",
        ),
        (
            "de",
            "Es unterschrieben Außenminister Timur Sadykow und die Bankdirektorin Clara Moretti. "
            "„Wir beginnen im Frühjahr“, sagte Moretti. Der Außenminister nannte den Plan "
            "„den schnellsten Weg zu sauberem Wasser für jedes Dorf“.",
            "timur-sadykow",
            "den schnellsten Weg",
        ),
        (
            "ru",
            "Документ подписали министр энергетики Тимур Садыков и директор банка Клара Моретти. "
            "«Мы начнем весной», — сказала Моретти. Министр подчеркнул: «Это самый быстрый путь к чистой воде "
            "для каждого села».",
            "timur-sadykov",
            "Это самый быстрый путь",
        ),
    ],
)
def test_office_word_stands_for_the_person_introduced_with_it(analyze, language, text, speaker, opening):
    found = speakers(analyze(text, published=PUBLISHED, language=language))
    assert any(s == speaker and t.startswith(opening) for s, t in found), found


def test_deputy_office_does_not_stand_for_the_holder(analyze):
    text = (
        "Prime Minister Arman Bekov met Deputy Prime Minister Saule Nurova. "
        '"The corridor will be ready next year," the deputy prime minister said.'
    )
    found = speakers(analyze(text, published=PUBLISHED, language="en"))
    assert found and all(s == "saule-nurova" for s, _ in found), found


@pytest.mark.parametrize(
    "language, text, quoted",
    [
        ("en", 'Director Clara Moretti called the project "a test of how fast we can build".', "a test of how fast"),
        ("en", 'Clara Moretti said the company was "ready for the next stage now".', "ready for the next stage"),
        ("de", "Clara Moretti nannte das Projekt „die größte Investition seit Jahren“.", "die größte Investition"),
        ("ru", "Директор Клара Моретти назвала проект «крупнейшим вложением за десять лет».", "крупнейшим вложением"),
    ],
)
def test_quotation_in_lower_case_after_a_name_noun_is_speech(analyze, language, text, quoted):
    found = speakers(analyze(text, published=PUBLISHED, language=language))
    assert any(t.startswith(quoted) for _, t in found), found


@pytest.mark.parametrize(
    "text",
    [
        "Проект реализует ТОО «Степной Терминал Актау Порт».",
        "Данное соглашение получило название «Зеленый мост Центральной Азии».",
    ],
)
def test_name_in_guillemets_is_no_quote(analyze, text):
    assert analyze(text, published=PUBLISHED, language="ru").quotes == []


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "«Маршрут стал быстрее на три дня», — сказал генеральный директор ТОО «Степной Терминал» Ерлан Жумагулов.",
            "yerlan-zhumagulov",
        ),
        (
            "Директор ОАО «Памир Цемент» Фарид Рахимов рассказал о планах. Как отметил глава компании, "
            "«зимой спрос всегда падает».",
            "farid-rakhimov",
        ),
        (
            "По словам депутата парламента Нургуль Асановой, «без мониторинга люди проекту не поверят».",
            "nurgul-asanova",
        ),
        (
            "Начальник управления Дильноза Каримова сообщила о планах. «Мы рассчитываем на долгий контракт», "
            "— заявила она.",
            "dilnoza-karimova",
        ),
    ],
)
def test_russian_speaker_outside_the_knowledge_base(analyze, text, speaker):
    found = speakers(analyze(text, published=PUBLISHED, language="ru"))
    assert found and all(s == speaker for s, _ in found), found


LEAD_RU = "Министр иностранных дел Казахстана Ермек Кошербаев прибыл в Бишкек. "
SAID_RU = "Мы готовы расширить транзит через наши порты"


@pytest.mark.parametrize(
    "text",
    [
        LEAD_RU + f"«{SAID_RU}», — сказал он.",
        LEAD_RU + f"«{SAID_RU}», — отметил глава МИД.",
        LEAD_RU + f"По словам Кошербаева, «{SAID_RU.lower()}».",
        LEAD_RU + f"«{SAID_RU}», — заявил Кошербаев журналистам.",
        LEAD_RU + f"Кошербаев подчеркнул: «{SAID_RU}».",
        LEAD_RU + f"Он отметил: «{SAID_RU}».",
        LEAD_RU + f"«{SAID_RU}». Об этом заявил Кошербаев.",
        f"Кошербаев: «{SAID_RU}»\n\nГлава МИД Казахстана Ермек Кошербаев прибыл в Бишкек.",
    ],
)
def test_russian_attribution_forms(analyze, kb, text):
    holders = kb.holders("foreign-minister", "kazakhstan", "2026-03-01")
    found = speakers(analyze(text, published="2026-03-01", language="ru"))
    assert [s for s, _ in found] == holders, found


def test_russian_quote_split_by_its_attribution(analyze):
    text = LEAD_RU + "«Мы готовы расширить транзит, — сказал Кошербаев. — Порты уже работают на полную мощность»."
    found = speakers(analyze(text, published="2026-03-01", language="ru"))
    assert [t for _, t in found] == ["Мы готовы расширить транзит", "Порты уже работают на полную мощность"]


@pytest.mark.parametrize(
    "verb, speaker",
    [("подчеркнула она", "ainura-sydykova"), ("отметили в пресс-службе министерства", None)],
)
def test_russian_feminine_and_plural_attribution(analyze, verb, speaker):
    text = f"Вице-министр торговли Кыргызстана Айнура Сыдыкова провела встречу. «{SAID_RU}», — {verb}."
    found = speakers(analyze(text, published="2026-03-01", language="ru"))
    assert [s for s, _ in found] == ([speaker] if speaker else []), found
