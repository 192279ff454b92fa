"""Russian names in all their cases: dictionary forms matched against the knowledge base."""

import pytest

from silkgraph.kb import KBEntity, KnowledgeBase, Role, RoleTitle
from silkgraph.model import Document
from silkgraph.pipeline import Pipeline
from silkgraph.stages.morphology import Morphology, chinese_name, key, latin_name


@pytest.fixture(scope="module")
def small_kb():
    """A knowledge base with native Cyrillic names, as the curated data gives them."""
    tokayev = KBEntity(
        "kassym-jomart-tokayev",
        "person",
        "Kassym-Jomart Tokayev",
        aliases={"ru": ["Касым-Жомарт Токаев", "Токаев"]},
        roles=[Role("kassym-jomart-tokayev", "president", "kazakhstan", "2019-03-20", None)],
    )
    return KnowledgeBase(
        [
            KBEntity(
                "kazakhstan",
                "country",
                "Kazakhstan",
                aliases={"ru": ["Казахстан"]},
                adjectives={"ru": ["казахстанский"]},
            ),
            KBEntity(
                "russia", "country", "Russia", aliases={"ru": ["Россия", "РФ"]}, adjectives={"ru": ["российский"]}
            ),
            KBEntity("uzbekistan", "country", "Uzbekistan", aliases={"ru": ["Узбекистан"]}),
            KBEntity("turkmenistan", "country", "Turkmenistan", aliases={"ru": ["Туркменистан"]}),
            KBEntity("central-asia", "region", "Central Asia", aliases={"ru": ["Центральная Азия"]}),
            KBEntity("asia", "region", "Asia", aliases={"ru": ["Азия"]}),
            KBEntity("astana", "place", "Astana", aliases={"ru": ["Астана"]}),
            KBEntity("shavkat-mirziyoyev", "person", "Shavkat Mirziyoyev", aliases={"ru": ["Shavkat Mirziyoev"]}),
            KBEntity("rt", "organization", "RT", aliases={"en": ["RT"]}),
            KBEntity("asia-plus", "organization", "Asia-Plus"),
            tokayev,
        ],
        [RoleTitle("president", {"ru": ["Президент"]})],
    )


@pytest.fixture(scope="module")
def analyze_ru(small_kb):
    pipeline = Pipeline(small_kb)

    def run(text, published="2025-06-17"):
        return pipeline.analyze(Document(id="t", text=text, published=published, language="ru"))

    return run


def found(analysis):
    return {e.id: [m.text for m in e.mentions] for e in analysis.entities}


@pytest.mark.parametrize(
    "text, entity_id, surface",
    [
        ("Визит Токаева завершился.", "kassym-jomart-tokayev", "Токаева"),
        ("Письмо направили Токаеву.", "kassym-jomart-tokayev", "Токаеву"),
        ("Встреча прошла в Астане.", "astana", "Астане"),
        ("Поставки Казахстану выросли.", "kazakhstan", "Казахстану"),
        ("Делегация Узбекистаном довольна.", "uzbekistan", "Узбекистаном"),
        ("Экспорт в страны Центральной Азии растёт.", "central-asia", "Центральной Азии"),
        ("Казахстанские компании подписали договор.", "kazakhstan", "Казахстанские"),
        ("Переговоры шли с казахстанской стороной.", "kazakhstan", "казахстанской"),
    ],
)
def test_inflected_forms_reach_the_entity(analyze_ru, text, entity_id, surface):
    assert surface in found(analyze_ru(text)).get(entity_id, [])


def test_compound_adjectives_name_both_states(analyze_ru):
    entities = found(analyze_ru("Обсудили российско-казахстанские отношения."))
    assert "kazakhstan" in entities and "russia" in entities


def test_yo_and_ye_spellings_and_latin_transliteration_meet(analyze_ru):
    for spelling in ("Шавката Мирзиёева", "Шавката Мирзиеева"):
        assert "shavkat-mirziyoyev" in found(analyze_ru(f"Визит {spelling} в Баку."))


def test_patronymic_inside_a_full_name(analyze_ru):
    entities = found(analyze_ru("Касым-Жомарт Кемелевич Токаев провёл совещание."))
    assert "kassym-jomart-tokayev" in entities


def test_region_is_not_read_as_the_continent(analyze_ru):
    entities = found(analyze_ru("Саммит стран Центральной Азии открылся."))
    assert "central-asia" in entities and "asia" not in entities


def test_latin_acronyms_do_not_match_cyrillic_ones(analyze_ru):
    entities = found(analyze_ru("Об этом сообщает МИД РТ. Данные РФ уточняются."))
    assert "rt" not in entities
    assert entities.get("russia") == ["РФ"]


def test_lower_case_words_do_not_make_a_capitalised_name(analyze_ru):
    assert "asia-plus" not in found(analyze_ru("Страны Азии плюс США провели встречу."))


def test_role_with_the_state_in_the_genitive_resolves_to_the_holder(analyze_ru):
    entities = found(analyze_ru("Переговоры провёл президент Казахстана."))
    assert "kassym-jomart-tokayev" in entities


def test_common_words_stay_unmatched(analyze_ru):
    analysis = analyze_ru("Стороны обсудили мир, торговлю и транспорт в регионе.")
    assert found(analysis) == {}


def test_keys_fold_transliteration_variants_together():
    assert key("Мирзиёев") == key("Mirziyoyev") == key("Мирзиеев")
    assert key("Токаев") == key("Tokayev")
    assert key("Ерсайын") == key("Yersaiyn")


def test_dictionary_forms_and_nominative():
    morphology = Morphology()
    assert "казахстан" in morphology.lemmas("Казахстану")
    assert morphology.lemmas("российско") == ("российский",)
    assert morphology.nominative(["Юрия", "Ушакова"]) == ["Юрий", "Ушаков"]
    assert morphology.nominative(["Анной", "Ивановой"]) == ["Анна", "Иванова"]
    assert morphology.nominative(["Анна", "Иванова"]) == ["Анна", "Иванова"]
    assert morphology.nominative(["Ерлана", "Акбарова"]) == ["Ерлан", "Акбаров"]  # his genitive, not her nominative
    assert morphology.nominative(["Ерлан", "Карин"]) == ["Ерлан", "Карин"]
    assert morphology.nominative(["Касым-Жомарта", "Токаева"]) == ["Касым-Жомарт", "Токаев"]


@pytest.mark.parametrize(
    "cyrillic, latin",
    [
        ("Юрий Ушаков", "Yury Ushakov"),
        ("Арман Шаккалиев", "Arman Shakkaliyev"),
        ("Шавкат Мирзиёев", "Shavkat Mirziyoyev"),
        ("Сергей Лавров", "Sergey Lavrov"),
        ("Айгерим Тлеубаева", "Aigerim Tleubayeva"),  # "ай" inside a word as English writes it
        ("Кудайберген Килыбай", "Kudaibergen Kilybay"),
        ("Ерлан Карин", "Yerlan Karin"),
    ],
)
def test_latin_display_names(cyrillic, latin):
    assert latin_name(cyrillic) == latin


def test_office_word_before_an_unknown_name_makes_a_person(analyze_ru):
    analysis = analyze_ru("Об этом сообщил помощник президента Казахстана Ерлан Карин. Позже Карина спросили о сроках.")
    people = {e.id: (e.name, [m.text for m in e.mentions]) for e in analysis.entities if e.type == "person"}
    assert people["yerlan-karin"] == ("Yerlan Karin", ["Ерлан Карин", "Карина"])


def test_a_body_of_the_state_after_an_office_is_no_person(analyze_ru):
    analysis = analyze_ru("Выступил председатель Халк Маслахаты Милли Генгеша Туркменистана.")
    assert not [e for e in analysis.entities if e.type == "person" and e.id != "kassym-jomart-tokayev"]


@pytest.mark.parametrize(
    "cyrillic, pinyin",
    [
        ("Чжао Ган", "Zhao Gang"),
        ("Ху Хэпин", "Hu Heping"),
        ("Си Цзиньпин", "Xi Jinping"),
        ("Ван Сяохун", "Wang Xiaohong"),
        ("Дин Сюэсян", "Ding Xuexiang"),
        ("Лю Цзяньчао", "Liu Jianchao"),
    ],
)
def test_chinese_names_are_read_back_into_pinyin(cyrillic, pinyin):
    assert chinese_name(cyrillic) == pinyin


def test_declined_chinese_names_and_other_names_are_told_apart():
    morphology = Morphology()
    assert morphology.person_name(["Чжао", "Гана"]) == "Zhao Gang"
    assert morphology.person_name(["Си", "Цзиньпина"]) == "Xi Jinping"
    assert chinese_name("Юрий Ушаков") is None
    assert chinese_name("Ли Ивановна") is None  # a Chinese surname, but no Chinese given name


def test_people_around_an_office_in_a_chinese_setting(analyze_ru):
    analysis = analyze_ru(
        "Гостя провожали губернатор провинции Хэбэй Ван Дун и Ли Мин, министр торговли, а также почетный караул."
    )
    people = {e.name for e in analysis.entities if e.type == "person"}
    assert people == {"Wang Dong", "Li Ming"}


def test_name_in_guillemets_after_the_word_for_its_kind(small_kb):
    from silkgraph.kb import KnowledgeBase

    summit = KBEntity("c5", "format", "Central Asia Summit", aliases={"ru": ["саммит Центральная Азия – Азия"]})
    pipeline = Pipeline(KnowledgeBase([*small_kb.entities.values(), summit], small_kb.role_titles.values()))
    text = "Президент участвовал в саммите «Центральная Азия - Азия» в прошлом году."
    analysis = pipeline.analyze(Document(id="t", text=text, published="2025-06-17", language="ru"))
    assert "c5" in {e.id for e in analysis.entities}


@pytest.mark.parametrize(
    "text, holder",
    [
        ("Об этом заявил глава МИД РФ.", "sergey-lavrov"),
        ("Переговоры провёл президент Казахстана.", "kassym-jomart-tokayev"),
        ("Казахстанский президент прибыл в Пекин.", "kassym-jomart-tokayev"),
    ],
)
def test_russian_role_phrases_with_the_knowledge_base(analyze, text, holder):
    analysis = analyze(text, published="2025-06-17", language="ru")
    assert holder in {e.id for e in analysis.entities}


@pytest.mark.parametrize(
    "text",
    [
        "Поле у дороги распахали весной.",  # folds like the English demonym "Pole"
        "Линии электропередачи починили.",  # a stem of "линия" is no "Линьи" (Linyi)
        "Дружба народов крепнет.",  # an ordinary word at the start of a sentence
    ],
)
def test_ordinary_russian_words_name_nothing(analyze, text):
    analysis = analyze(text, published="2025-06-17", language="ru")
    assert [e.id for e in analysis.entities if e.type in ("country", "place")] == []


def test_an_unknown_name_declines_like_a_noun(analyze):
    analysis = analyze("Переговоры прошли в Сиане и в Тяньцзине.", published="2025-06-17", language="ru")
    assert {"xian", "tianjin"} <= {e.id for e in analysis.entities}
