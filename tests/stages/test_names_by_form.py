"""Names outside the knowledge base found by their form: Russian companies by legal form and
guillemets, people after offices and company names, feminine and indeclinable Russian names,
appositions, German kinds of firm, provinces by the word for their kind, and office words that
name a deputy or an office whose holder is named right after it."""

import pytest

PUBLISHED = "2026-03-01"


def by_type(analysis, etype):
    return {e.id: e.name for e in analysis.entities if e.type == etype}


# -- Russian companies by legal form -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        ("Договор подписало ТОО «Степной Терминал» из Актау.", "Stepnoy Terminal"),
        ("Поставщиком стало ОсОО «Ала-Тоо Энерджи».", "Ala-Too Enerdzhi"),
        ("Контракт получило ОАО «Памир Цемент» в прошлом месяце.", "Pamir Tsement"),
        ("Акции купило АО «Каспий Логистик».", "Kaspy Logistik"),  # "Каспий" alone is Kaspi.kz
    ],
)
def test_russian_company_by_legal_form(analyze, text, name):
    assert name in by_type(analyze(text, published=PUBLISHED, language="ru"), "organization").values()


def test_company_named_again_in_another_case_is_the_same(analyze):
    text = "ОАО «Тянь-Шань Голд» начало разведку. Акционеры «Тянь-Шань Голда» одобрили план."
    analysis = analyze(text, published=PUBLISHED, language="ru")
    companies = [e for e in analysis.entities if e.type == "organization"]
    assert len(companies) == 1
    assert len(companies[0].mentions) == 2


def test_company_the_knowledge_base_knows_is_not_made_anew(analyze):
    analysis = analyze("Добычу ведет АО «Казатомпром» на юге страны.", published=PUBLISHED, language="ru")
    assert "kazatomprom" in by_type(analysis, "organization")
    assert len(by_type(analysis, "organization")) == 1


# -- Russian people after an office and a company's name -----------------------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        ("Генеральный директор ТОО «Степной Терминал» Ерлан Жумагулов рассказал о планах.", "Yerlan Zhumagulov"),
        ("Глава «Памир Цемента» Фарид Рахимов посетил завод.", "Farid Rakhimov"),
        ("Директор ОАО «Ала-Тоо Энерджи» Нургуль Осмонова встретила гостей.", "Nurgul Osmonova"),
        ("Начальник управления внешних связей Дильноза Каримова открыла встречу.", "Dilnoza Karimova"),
    ],
)
def test_russian_person_after_office_and_company(analyze, text, name):
    assert name in by_type(analyze(text, published=PUBLISHED, language="ru"), "person").values()


def test_village_after_an_office_is_no_person(analyze):
    analysis = analyze("Жители села Кара-Суу Ошского района недовольны.", published=PUBLISHED, language="ru")
    assert by_type(analysis, "person") == {}


def test_womans_given_name_that_is_also_a_place(analyze):
    text = "Экономист из Бишкека Мадина Осмонова считает, что рост продолжится."
    people = by_type(analyze(text, published=PUBLISHED, language="ru"), "person")
    assert "Madina Osmonova" in people.values()


# -- the nominative of Russian names ---------------------------------------------------------------


@pytest.mark.parametrize(
    "words, name",
    [
        (["Нургуль", "Асановой"], "Nurgul Asanova"),  # an indeclinable given name, a woman's surname
        (["Айгерим", "Тлеубаевой"], "Aigerim Tleubayeva"),
        (["Айгерим", "Тлеубаева"], "Aigerim Tleubayeva"),
        (["Мадины", "Саидовой"], "Madina Saidova"),
        (["Алмазбека", "Джумабаева"], "Almazbek Dzhumabayev"),
        (["Юрия", "Ушакова"], "Yury Ushakov"),
        (["Анна", "Иванова"], "Anna Ivanova"),
    ],
)
def test_russian_name_in_the_nominative(words, name):
    from silkgraph.stages.morphology import Morphology

    assert Morphology().person_name(words) == name


def test_palladius_hui():
    from silkgraph.stages.morphology import chinese_name

    assert chinese_name("Чэнь Хуэйминь") == "Chen Huimin"
    assert chinese_name("Ли Хуэй") == "Li Hui"


# -- office words: deputies and named holders -----------------------------------------------------


@pytest.mark.parametrize(
    "language, text",
    [
        ("ru", "Заместитель министра транспорта Казахстана Айгерим Сеитова приехала в порт."),
        ("ru", "Министр финансов Таджикистана Фаиз Курбонов подписал кредит."),
        ("en", "Kazakhstan's deputy foreign minister met the delegation."),
    ],
)
def test_office_of_a_deputy_or_a_named_person_is_not_its_holder(analyze, kb, language, text):
    analysis = analyze(text, published=PUBLISHED, language=language)
    holders = {e.id for e in analysis.entities if e.type == "person" and e.id in kb}
    assert holders == set()


def test_office_alone_is_still_its_holder(analyze, kb):
    analysis = analyze("Министр иностранных дел Казахстана встретил делегацию.", published=PUBLISHED, language="ru")
    assert [e.id for e in analysis.entities if e.type == "person" and e.id in kb]


# -- English and German people and firms ------------------------------------------------------------


@pytest.mark.parametrize(
    "language, text, name",
    [
        ("en", "The loan was signed by the bank's director for Central Asia, Selim Ozturk.", "Selim Ozturk"),
        ("en", "Wang Lihua, vice-president of the company, said the plant was ready.", "Wang Lihua"),
        ("de", "Der Vertrag stammt von der Staatssekretärin im Ministerium, Birgit Lohmann.", "Birgit Lohmann"),
        ("de", "Nach Ansicht des Agrarökonomen Jens Marquardt ist das zu teuer.", "Jens Marquardt"),
        ("de", "Die Arbeitsmigrantin Gulzat Asanowa kehrte im Herbst zurück.", "Gulzat Asanowa"),
    ],
)
def test_person_from_apposition_or_office(analyze, language, text, name):
    assert name in by_type(analyze(text, published=PUBLISHED, language=language), "person").values()


def test_company_ending_in_a_head_word_is_no_person(analyze):
    text = "The deal was struck with Nordic General Power Group last week."
    analysis = analyze(text, published=PUBLISHED, language="en")
    assert not any(name.endswith("Group") for name in by_type(analysis, "person").values())


@pytest.mark.parametrize(
    "text, name",
    [
        ("Der Münchner Anlagenbauer Alpen Fördertechnik GmbH liefert die Bänder.", "Alpen Fördertechnik GmbH"),
        ("Die Hamburger Reederei Nordsee Linien AG bestellt zwei Schiffe.", "Nordsee Linien AG"),
    ],
)
def test_kind_of_firm_before_a_german_company_is_no_part_of_its_name(analyze, text, name):
    assert name in by_type(analyze(text, published=PUBLISHED), "organization").values()


@pytest.mark.parametrize(
    "language, text",
    [
        ("de", "Das Werk im Gebiet Taschkent wird erweitert."),
        ("de", "Das Werk in der Region Taschkent wird erweitert."),
        ("en", "The plant in Tashkent Region will be expanded."),
        ("en", "The plant in Tashkent Oblast will be expanded."),
    ],
)
def test_province_by_every_word_for_its_kind(analyze, language, text):
    assert "tashkent-region" in by_type(analyze(text, published=PUBLISHED, language=language), "region")


def test_demonym_inside_a_sea_name_is_no_state(analyze):
    analysis = analyze("The port gives access to the Indian Ocean.", published=PUBLISHED, language="en")
    assert "india" not in {e.id for e in analysis.entities}


def test_ministry_outside_the_base_is_named_as_wikipedia_titles_it(analyze):
    analysis = analyze("Об этом сообщили в Минздраве Туркменистана.", published=PUBLISHED, language="ru")
    assert by_type(analysis, "organization")["ministry-of-health-turkmenistan"] == "Ministry of Health (Turkmenistan)"


@pytest.mark.parametrize(
    "language, text",
    [
        ("ru", "Соглашение подписало Министерство труда, социального обеспечения и миграции Кыргызской Республики."),
        ("ru", "Об этом сообщили в Министерстве труда Кыргызстана."),
        ("de", "Das kirgisische Arbeitsministerium bestätigte die Zahlen."),
    ],
)
def test_labour_ministry_is_linked(analyze, language, text):
    assert "ministry-of-labour-kyrgyzstan" in by_type(
        analyze(text, published=PUBLISHED, language=language), "organization"
    )


# -- places by the word for their kind --------------------------------------------------------------


@pytest.mark.parametrize(
    "language, text, name",
    [
        ("ru", "Жители села Таш-Булак Ошского района недовольны.", "Tash-Bulak"),
        ("ru", "Разведку на месторождении Кумбел начнут весной.", "Kumbel"),
        ("ru", "Уровень воды в озере Сон-Куль упал.", "Lake Son-Kul"),
        ("de", "Das Getreide wird im Hafen Kurik umgeschlagen.", "Kurik"),
        ("de", "Die Lagerstätte Kumbel liegt im Norden.", "Kumbel"),
        ("en", "Drilling at the Kumbel deposit starts in May.", "Kumbel"),
        ("en", "Trucks wait at the Tash-Bulak station.", "Tash-Bulak"),
        ("en", "Most cargo leaves through the port of Kurik.", "Kurik"),
    ],
)
def test_place_named_after_the_word_for_its_kind(analyze, language, text, name):
    assert name in by_type(analyze(text, published=PUBLISHED, language=language), "place").values()


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "Gas field works began in May."),
        ("en", "The deposit was found in May."),
        ("de", "Der Hafen wurde im Mai erweitert."),
    ],
)
def test_kind_word_without_a_name_names_no_place(analyze, language, text):
    assert by_type(analyze(text, published=PUBLISHED, language=language), "place") == {}


def test_known_place_after_its_kind_stays_the_known_one(analyze, kb):
    analysis = analyze("Грузы идут через порт Актау и станцию Достык.", published=PUBLISHED, language="ru")
    assert analysis.entities and all(e.id in kb for e in analysis.entities)


# -- a holder's name spelled otherwise ----------------------------------------------------------------


def test_office_holder_spelled_otherwise_is_the_holder(analyze, kb):
    holders = kb.holders("foreign-minister", "kazakhstan", "2025-03-01")
    assert len(holders) == 1
    analysis = analyze(
        "Министр иностранных дел Казахстана Мурат Нуртлеуов провел переговоры.", published="2025-03-01", language="ru"
    )
    assert holders[0] in {e.id for e in analysis.entities}
    assert not [e for e in analysis.entities if e.type == "person" and e.id not in kb]


def test_other_person_named_after_an_office_is_not_the_holder(analyze, kb):
    analysis = analyze(
        "Министр иностранных дел Казахстана Айдос Сапаров провел переговоры.", published="2025-03-01", language="ru"
    )
    assert {e.name for e in analysis.entities if e.type == "person"} == {"Aidos Saparov"}


def test_transliteration_after_y():
    from silkgraph.stages.morphology import latin_name

    assert latin_name("Мамметхан Чакыев") == "Mammetkhan Chakyev"


@pytest.mark.parametrize(
    "text, name",
    [
        ("Министр энергетики Кыргызстана Талант Сыдыкбаев открыл станцию.", "Talant Sydykbaev"),
        ("Глава ОАО «Кыргызалтын» Бакыт Токтоналиев посетил рудник.", "Bakyt Toktonaliev"),
        ("Министр энергетики Казахстана Талант Сыдыкбаев открыл станцию.", "Talant Sydykbayev"),
    ],
)
def test_kyrgyz_names_are_romanised_without_the_glide(analyze, text, name):
    assert name in by_type(analyze(text, published=PUBLISHED, language="ru"), "person").values()


@pytest.mark.parametrize(
    "text, name",
    [
        ("Minister of Agriculture Aidos Temirbekov met the delegation.", "Aidos Temirbekov"),
        ("Chairman of the Board Ruslan Zhaksymbetov signed the deal.", "Ruslan Zhaksymbetov"),
        ("Minister of Water Resources and Irrigation Nurzhan Alibekov opened the canal.", "Nurzhan Alibekov"),
    ],
)
def test_english_name_after_an_office_and_its_portfolio(analyze, text, name):
    assert name in by_type(analyze(text, published=PUBLISHED, language="en"), "person").values()


def test_portfolio_without_a_name_makes_no_person(analyze):
    analysis = analyze("The Ministry of Agriculture Trade Department said so.", published=PUBLISHED, language="en")
    assert by_type(analysis, "person") == {}
