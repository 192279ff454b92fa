"""Native Russian (Cyrillic) names in the knowledge base: who has them and where they are kept."""

from __future__ import annotations

import re

import pytest

from silkgraph.kb import DATA_DIR, KnowledgeBase, fold

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Entity types whose members all have a Russian name of their own in Russian news.
NAMED_IN_RUSSIAN = ("country", "person", "format", "project", "region")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def _cyrillic(forms) -> list[str]:
    return [f for f in forms if CYRILLIC.search(f)]


def test_cyrillic_forms_are_listed_as_russian_only(kb):
    for entity in kb.entities.values():
        for lang in ("en", "de"):
            assert not _cyrillic(entity.aliases.get(lang, [])), entity.id
        assert not CYRILLIC.search(entity.name), entity.id


@pytest.mark.parametrize("etype", NAMED_IN_RUSSIAN)
def test_every_curated_entity_of_a_type_named_in_russian_has_a_cyrillic_alias(etype):
    curated = KnowledgeBase.load(DATA_DIR)
    missing = [e.id for e in curated.entities.values() if e.type == etype and not _cyrillic(e.aliases.get("ru", []))]
    assert not missing


def test_office_holders_of_the_five_states_have_cyrillic_full_names(kb):
    five = {"kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan"}
    for person in (e for e in kb.entities.values() if e.type == "person"):
        if any(r.of in five for r in person.roles):
            full = [a for a in _cyrillic(person.aliases.get("ru", [])) if " " in a]
            assert full, person.id


def test_a_cyrillic_surname_alone_only_where_the_latin_surname_stands_alone(kb):
    """A bare surname is an alias only when no other person bears it; the Latin data says which do."""
    for person in (e for e in kb.entities.values() if e.type == "person"):
        latin_single = [a for a in person.all_aliases() if " " not in a and not CYRILLIC.search(a)]
        for alias in _cyrillic(person.aliases.get("ru", [])):
            if " " not in alias:
                assert latin_single, (person.id, alias)


def test_yo_spellings_come_with_their_ye_variant_for_the_region_s_leaders(kb):
    mirziyoyev = kb["shavkat-mirziyoyev"].aliases["ru"]
    assert "Мирзиёев" in mirziyoyev and "Мирзиеев" in mirziyoyev
    assert fold("Мирзиёев") == fold("Мирзиеев")


def test_known_russian_names_resolve_to_their_entities(kb):
    by_form = {}
    for entity in kb.entities.values():
        for alias in _cyrillic(entity.aliases.get("ru", [])):
            by_form.setdefault(alias, set()).add(entity.id)
    expected = {
        "Токаев": "kassym-jomart-tokayev",
        "Касым-Жомарт Токаев": "kassym-jomart-tokayev",
        "Казахстан": "kazakhstan",
        "Киргизия": "kyrgyzstan",
        "Астана": "astana",
        "Алма-Ата": "almaty",
        "ШОС": "shanghai-cooperation-organisation",
        "Шанхайская организация сотрудничества": "shanghai-cooperation-organisation",
        "ЕАЭС": "eurasian-economic-union",
        "Рогунская ГЭС": "rogun-dam",
        "Средний коридор": "middle-corridor",
        "Центральная Азия": "central-asia",
    }
    for form, entity_id in expected.items():
        assert by_form.get(form) == {entity_id}, form


def test_russian_role_words_are_given_in_cyrillic(kb):
    for title in kb.role_titles.values():
        assert _cyrillic(title.words.get("ru", [])), title.role


def test_states_have_russian_adjectives_in_the_lemma_form(kb):
    for state in ("kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan", "china", "russia"):
        adjectives = kb[state].adjectives.get("ru", [])
        assert adjectives and all(a.endswith(("ий", "ый", "ой")) for a in adjectives), state
