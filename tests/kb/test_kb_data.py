"""The knowledge base's data on states, regions, places, organisations, formats, projects and media."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from silkgraph.kb import DATA_DIR, KnowledgeBase, fold

DATA_FILES = ("countries", "regions", "places", "organizations", "formats", "projects", "media")
NON_PERSON = ("country", "region", "organization", "place", "project", "format", "other")
CENTRAL_ASIA = ("kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan")
# Ids that other data (people.yaml) and code rely on.
REQUIRED_COUNTRIES = CENTRAL_ASIA + (
    "china",
    "russia",
    "united-states",
    "germany",
    "france",
    "italy",
    "spain",
    "poland",
    "netherlands",
    "belgium",
    "austria",
    "hungary",
    "czech-republic",
    "united-kingdom",
    "turkey",
    "iran",
    "india",
    "japan",
    "south-korea",
    "north-korea",
    "saudi-arabia",
    "united-arab-emirates",
    "qatar",
    "kuwait",
    "oman",
    "bahrain",
    "afghanistan",
    "azerbaijan",
    "armenia",
    "georgia",
    "mongolia",
    "pakistan",
    "belarus",
    "ukraine",
    "moldova",
    "israel",
    "egypt",
    "switzerland",
    "norway",
    "canada",
    "australia",
    "brazil",
    "south-africa",
    "indonesia",
    "malaysia",
    "vietnam",
    "singapore",
    "thailand",
    "bangladesh",
    "ethiopia",
    "serbia",
)
EU_MEMBERS = (
    "austria",
    "belgium",
    "bulgaria",
    "croatia",
    "cyprus",
    "czech-republic",
    "denmark",
    "estonia",
    "finland",
    "france",
    "germany",
    "greece",
    "hungary",
    "ireland",
    "italy",
    "latvia",
    "lithuania",
    "luxembourg",
    "malta",
    "netherlands",
    "poland",
    "portugal",
    "romania",
    "slovakia",
    "slovenia",
    "spain",
    "sweden",
)
GOLD_DIR = Path(__file__).resolve().parents[3] / "shared" / "gold" / "dev"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture(scope="module")
def own(kb):
    """The entities of the data files tested here (everything but people)."""
    return [e for e in kb.entities.values() if e.type in NON_PERSON]


def _raw_ids(name: str) -> list[str]:
    data = yaml.safe_load((DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8")) or {}
    return [str(raw["id"]) for raw in data.get("entities", [])]


# -- structure ------------------------------------------------------------------


def test_ids_are_unique_across_files():
    ids = [i for name in DATA_FILES for i in _raw_ids(name)]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes


def test_every_file_has_a_header_comment_and_entities():
    for name in DATA_FILES:
        text = (DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8")
        assert text.startswith("#"), name
        assert _raw_ids(name), name


def test_size(own):
    assert len(own) >= 600
    counts = Counter(e.type for e in own)
    assert counts["country"] >= 100
    assert counts["place"] >= 200
    assert counts["organization"] >= 200  # media outlets are organisations too
    assert counts["format"] >= 25
    assert counts["project"] >= 40
    assert counts["region"] >= 40


def test_files_hold_their_types(kb):
    expected = {
        "countries": {"country"},
        "regions": {"region"},
        "places": {"place"},
        "organizations": {"organization"},
        "formats": {"format"},
        "projects": {"project", "other"},
        "media": {"organization"},
    }
    for name, types in expected.items():
        for entity_id in _raw_ids(name):
            assert kb[entity_id].type in types, (name, entity_id)


def test_media_are_marked(kb):
    for entity_id in _raw_ids("media"):
        assert kb[entity_id].properties.get("kind") == "media", entity_id


# -- countries ------------------------------------------------------------------


@pytest.mark.parametrize("country_id", REQUIRED_COUNTRIES + EU_MEMBERS)
def test_country_exists(kb, country_id):
    entity = kb.get(country_id)
    assert entity is not None and entity.type == "country"
    if country_id != "iceland":  # its German name "Island" is left out on purpose
        assert entity.aliases.get("de"), country_id


@pytest.mark.parametrize("country_id", CENTRAL_ASIA)
def test_central_asian_states_are_complete(kb, country_id):
    state = kb[country_id]
    assert state.wikidata
    assert state.aliases.get("de") and state.aliases.get("ru") and state.aliases.get("en")
    assert state.adjectives.get("de") and state.adjectives.get("en")
    assert state.demonyms.get("de")
    assert state.properties.get("central_asia") is True
    capital = kb[state.capital]
    assert capital.type == "place" and capital.country == country_id
    assert kb.stands_for(state.capital) == country_id


def test_capitals_belong_to_their_state(kb):
    countries = [e for e in kb.entities.values() if e.type == "country"]
    for state in countries:
        if state.capital:
            capital = kb[state.capital]
            assert capital.type == "place", state.id
            assert capital.country == state.id, state.id
    capitals = [s.capital for s in countries if s.capital]
    assert len(capitals) == len(set(capitals)), "two states share a capital"


def test_iso_codes_and_currencies(kb):
    seen: dict[str, str] = {}
    for state in (e for e in kb.entities.values() if e.type == "country"):
        iso2 = state.properties.get("iso2")
        if state.properties.get("historical"):
            continue
        assert iso2 and len(iso2) == 2 and iso2.isupper(), state.id
        assert iso2 not in seen, (state.id, seen.get(iso2))
        seen[iso2] = state.id
        currency = state.properties.get("currency")
        if currency is not None:
            assert len(currency) == 3 and currency.isupper(), state.id
    assert kb["kazakhstan"].properties["currency"] == "KZT"
    assert kb["germany"].properties["iso3"] == "DEU"


def test_german_forms_of_the_region(kb):
    def de(entity_id):
        return {fold(a) for a in kb[entity_id].aliases.get("de", [])}

    assert {"kasachstan"} <= de("kazakhstan")
    assert {"kirgisistan", "kirgisien", "kirgistan"} <= de("kyrgyzstan")
    assert {"tadschikistan"} <= de("tajikistan")
    assert {"usbekistan"} <= de("uzbekistan")
    assert {"volksrepublik china"} <= de("china")
    assert {"russland", "russische foderation"} <= de("russia")
    assert {"usa", "vereinigte staaten", "vereinigten staaten", "us"} <= de("united-states")
    assert {"turkei", "turkiye"} <= de("turkey")
    assert {"sudkorea"} <= de("south-korea")
    assert "zentralasien" in de("central-asia")
    assert "zentralasiatisch" in kb["central-asia"].adjectives["de"]
    assert "US-amerikanisch" in kb["united-states"].adjectives["de"]


# -- places -------------------------------------------------------------------


def test_every_place_has_coordinates_and_a_country(kb):
    for place in (e for e in kb.entities.values() if e.type == "place"):
        assert place.country and kb[place.country].type == "country", place.id
        assert place.coordinates is not None, place.id
        lat, lon = place.coordinates
        assert -90 <= lat <= 90 and -180 <= lon <= 180, place.id


def test_central_asian_places_lie_in_the_region(kb):
    for place in (e for e in kb.entities.values() if e.type == "place" and e.country in CENTRAL_ASIA):
        lat, lon = place.coordinates
        assert 35 <= lat <= 56 and 46 <= lon <= 88, place.id


# -- names and aliases -----------------------------------------------------------


def test_no_alias_names_two_entities_of_one_type(own):
    by_form: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entity in own:
        for alias in entity.all_aliases():
            by_form[(entity.type, fold(alias))].add(entity.id)
    clashes = {k: v for k, v in by_form.items() if len(v) > 1}
    assert not clashes


def test_no_adjective_or_demonym_names_two_entities(own):
    for forms in ("all_adjectives", "all_demonyms"):
        by_form: dict[str, set[str]] = defaultdict(set)
        for entity in own:
            for form in getattr(entity, forms)():
                by_form[fold(form)].add(entity.id)
        assert not {k: v for k, v in by_form.items() if len(v) > 1}, forms


def test_short_forms_belong_to_one_entity(own):
    owners: dict[str, set[str]] = defaultdict(set)
    for entity in own:
        for alias in entity.all_aliases():
            owners[alias].add(entity.id)
    assert owners["US"] == {"united-states"}
    assert owners["USA"] == {"united-states"}
    assert owners["EU"] == {"european-union"}
    assert owners["UN"] == {"united-nations"}
    assert owners["SCO"] == {"shanghai-cooperation-organisation"}
    assert owners["OTS"] == {"organization-of-turkic-states"}
    assert owners["Georgia"] == {"georgia"}


def test_the_eu_has_no_adjective(kb):
    assert not kb["european-union"].adjectives
    assert "europäisch" in kb["europe"].adjectives["de"]


def test_wikidata_ids_are_unique(kb):
    seen: dict[str, str] = {}
    for entity in kb.entities.values():
        if entity.wikidata:
            assert entity.wikidata not in seen, (entity.id, seen[entity.wikidata])
            seen[entity.wikidata] = entity.id


def test_known_wikidata_ids(kb):
    assert kb["kazakhstan"].wikidata == "Q232"
    assert kb["china"].wikidata == "Q148"
    assert kb["united-states"].wikidata == "Q30"
    assert kb["almaty"].wikidata == "Q35493"
    assert kb["washington-dc"].wikidata == "Q61"
    assert kb["united-nations"].wikidata == "Q1065"
    assert kb["europe"].wikidata == "Q46"


def test_members_are_states_or_organisations(own, kb):
    for entity in own:
        for member in entity.members:
            assert kb[member].type in ("country", "organization"), (entity.id, member)
    assert set(kb["european-union"].members) == set(EU_MEMBERS)
    assert set(kb["central-asia"].members) == set(CENTRAL_ASIA)
    assert set(CENTRAL_ASIA) <= set(kb["c5-plus-1"].members)


def test_references_from_people_resolve(kb):
    for person in (e for e in kb.entities.values() if e.type == "person"):
        for role in person.roles:
            assert role.of in kb, (person.id, role.of)
        if person.country:
            assert kb[person.country].type == "country", person.id


# -- the hand-annotated dev articles ---------------------------------------------


def _gold_entities():
    if not GOLD_DIR.is_dir():
        return []
    out = []
    for path in sorted(GOLD_DIR.glob("*.json")):
        for entity in json.loads(path.read_text(encoding="utf-8")).get("entities", []):
            if entity.get("type") != "person":
                out.append((path.stem, entity))
    return out


@pytest.mark.skipif(not GOLD_DIR.is_dir(), reason="dev gold annotations not present")
def test_gold_names_are_known(own):
    """Every non-person entity of the dev annotations is in the KB under its canonical name."""
    by_name = {(e.type, e.name): e for e in own}
    missing = []
    for doc, gold in _gold_entities():
        entity = by_name.get((gold["type"], gold["name"]))
        if entity is None:
            missing.append((doc, gold["type"], gold["name"]))
            continue
        if gold.get("wikidata"):
            assert entity.wikidata == gold["wikidata"], gold["name"]
        forms = {fold(a) for a in entity.all_aliases()}
        for alias in gold.get("aliases", []):
            assert fold(alias) in forms, (gold["name"], alias)
    assert not missing
