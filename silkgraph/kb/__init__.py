"""The knowledge base: entities, their aliases and roles, loaded from YAML data.

Everything Silkgraph knows about the world lives in ``kb/data/*.yaml`` (curated
by hand) and ``kb/generated/*.json`` (made by ``python -m silkgraph.kb.build``
from data packages; JSON is YAML too, and parses several times faster); this module only loads and checks it and answers
questions about it. The format of an entry is described in
``docs/knowledge-base.md``.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from silkgraph.errors import KnowledgeBaseError
from silkgraph.model import ENTITY_TYPES, iso_bounds

DATA_DIR = Path(__file__).parent / "data"
GENERATED_DIR = Path(__file__).parent / "generated"
LANGUAGES = ("en", "de", "ru")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Role:
    """An office held by a person: `role` of the state or organisation `of`, from `start` to `end`."""

    person: str
    role: str
    of: str
    start: str | None  # ISO date (YYYY, YYYY-MM or YYYY-MM-DD) or None when unknown
    end: str | None  # None while in office

    def covers(self, when: str | None) -> bool:
        """Whether the person held the office at `when` (an ISO date of any precision)."""
        if when is None:
            return self.end is None
        bounds = iso_bounds(when)
        if bounds is None:
            return False
        lo, hi = bounds
        start = iso_bounds(self.start)[0] if self.start else date.min
        end = iso_bounds(self.end)[1] if self.end else date.max
        return start <= hi and lo <= end


@dataclass(slots=True)
class KBEntity:
    id: str
    type: str
    name: str
    wikidata: str | None = None
    aliases: dict[str, list[str]] = field(default_factory=dict)
    adjectives: dict[str, list[str]] = field(default_factory=dict)
    demonyms: dict[str, list[str]] = field(default_factory=dict)
    country: str | None = None
    capital: str | None = None
    members: list[str] = field(default_factory=list)
    coordinates: tuple[float, float] | None = None
    description: str | None = None
    roles: list[Role] = field(default_factory=list)
    properties: dict = field(default_factory=dict)
    # The name is also an ordinary word or a small town's: it stands for the entity only in
    # the cue phrases among the aliases ("Stadt X", "город X"), never on its own.
    cue: bool = False

    def all_aliases(self) -> Iterator[str]:
        if not self.cue:
            yield self.name
        for forms in self.aliases.values():
            yield from forms

    def all_adjectives(self) -> Iterator[str]:
        for forms in self.adjectives.values():
            yield from forms

    def all_demonyms(self) -> Iterator[str]:
        for forms in self.demonyms.values():
            yield from forms


@dataclass(frozen=True, slots=True)
class RoleTitle:
    """How an office is named: role id, the state it belongs to (None = generic), languages' words."""

    role: str
    words: dict[str, list[str]]
    description: str | None = None


class KnowledgeBase:
    """All entities of the data files, indexed by id, with role and alias look-ups."""

    def __init__(self, entities: Iterable[KBEntity], role_titles: Iterable[RoleTitle] = ()):
        self.entities: dict[str, KBEntity] = {}
        for entity in entities:
            if entity.id in self.entities:
                raise KnowledgeBaseError(f"duplicate entity id {entity.id!r}")
            self.entities[entity.id] = entity
        self.role_titles: dict[str, RoleTitle] = {}
        for title in role_titles:
            if title.role in self.role_titles:
                raise KnowledgeBaseError(f"duplicate role {title.role!r}")
            self.role_titles[title.role] = title
        self._roles_by_office: dict[tuple[str, str], list[Role]] = {}
        for entity in self.entities.values():
            for role in entity.roles:
                self._roles_by_office.setdefault((role.role, role.of), []).append(role)
        self._capital_of = {e.capital: e.id for e in self.entities.values() if e.capital}

    # -- loading -----------------------------------------------------------

    @classmethod
    def load(cls, directory: Path | str | None = None, include_generated: bool | None = None) -> "KnowledgeBase":
        """Load and check every ``*.yaml`` file of `directory` (default: the bundled data, curated
        and generated). `include_generated` adds the generated files to another directory's, or
        leaves them out of the bundled data."""
        if include_generated is None:
            include_generated = directory is None
        paths = sorted((Path(directory) if directory else DATA_DIR).glob("*.yaml"))
        if include_generated:
            paths += sorted(GENERATED_DIR.glob("*.json"))
        entities: list[KBEntity] = []
        titles: list[RoleTitle] = []
        for path in paths:
            data = _read_data_file(path)
            for raw in data.get("entities", []):
                entities.append(_parse_entity(raw, path.name))
            for raw in data.get("roles", []):
                titles.append(_parse_role_title(raw, path.name))
        kb = cls(entities, titles)
        kb.check()
        return kb

    def check(self) -> None:
        """Raise KnowledgeBaseError when a reference points nowhere."""
        for e in self.entities.values():
            for ref_name, ref in (("country", e.country), ("capital", e.capital)):
                if ref and ref not in self.entities:
                    raise KnowledgeBaseError(f"{e.id}: {ref_name} {ref!r} is not an entity")
            for member in e.members:
                if member not in self.entities:
                    raise KnowledgeBaseError(f"{e.id}: member {member!r} is not an entity")
            for role in e.roles:
                if role.of not in self.entities:
                    raise KnowledgeBaseError(f"{e.id}: role {role.role} of unknown {role.of!r}")
                if role.role not in self.role_titles:
                    raise KnowledgeBaseError(f"{e.id}: unknown role {role.role!r}")

    # -- questions ---------------------------------------------------------

    def __getitem__(self, entity_id: str) -> KBEntity:
        return self.entities[entity_id]

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.entities

    def __len__(self) -> int:
        return len(self.entities)

    def get(self, entity_id: str | None) -> KBEntity | None:
        return self.entities.get(entity_id) if entity_id else None

    def holders(self, role: str, of: str, when: str | None) -> list[str]:
        """Ids of the people who held `role` of `of` at `when` (ISO date of any precision).

        With `when` unknown, the current holders. Several ids come back when the
        period straddles a change of office; callers treat that as ambiguous.
        """
        roles = self._roles_by_office.get((role, of), [])
        return [r.person for r in roles if r.covers(when)]

    def stands_for(self, entity_id: str) -> str | None:
        """The state a capital stands for when used as metonymy ("Peking" for China)."""
        return self._capital_of.get(entity_id)

    def country_of(self, entity_id: str) -> str | None:
        entity = self.entities.get(entity_id)
        if entity is None:
            return None
        if entity.type == "country":
            return entity.id
        return entity.country

    def located_in(self, country: str) -> list[str]:
        """Ids of the entities whose country (`country_of`) is `country`, the state included."""
        return sorted(i for i in self.entities if self.country_of(i) == country)


def _read_data_file(path: Path) -> dict:
    """The mapping in a curated YAML or a generated JSON file."""
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix == ".json":
            return json.loads(text) or {}
        # libyaml parses the data files several times faster than the pure-Python loader
        return yaml.load(text, Loader=_LOADER) or {}
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise KnowledgeBaseError(f"{path.name}: not valid {path.suffix[1:].upper()}: {exc}") from exc


def _iso(value, where: str) -> str | None:
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, date) else str(value)
    if iso_bounds(text) is None:
        raise KnowledgeBaseError(f"{where}: {text!r} is not an ISO date")
    return text


def _forms(raw, where: str) -> dict[str, list[str]]:
    if raw is None:
        return {}
    if isinstance(raw, list):  # language-neutral forms
        raw = {"en": raw}
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(f"{where}: expected a mapping of language to names")
    out: dict[str, list[str]] = {}
    for lang, forms in raw.items():
        if lang not in LANGUAGES:
            raise KnowledgeBaseError(f"{where}: unknown language {lang!r}")
        if isinstance(forms, str):
            forms = [forms]
        out[lang] = [str(f) for f in forms if str(f).strip()]
    return out


def _parse_entity(raw: dict, filename: str) -> KBEntity:
    if not isinstance(raw, dict) or "id" not in raw:
        raise KnowledgeBaseError(f"{filename}: entity without id: {raw!r}"[:200])
    eid = str(raw["id"])
    where = f"{filename}: {eid}"
    if not _ID.match(eid):
        raise KnowledgeBaseError(f"{where}: id must be lower-case words joined by hyphens")
    etype = raw.get("type")
    if etype not in ENTITY_TYPES:
        raise KnowledgeBaseError(f"{where}: unknown type {etype!r}")
    if not raw.get("name"):
        raise KnowledgeBaseError(f"{where}: no name")
    qid = raw.get("wikidata")
    if qid is not None and not _QID.match(str(qid)):
        raise KnowledgeBaseError(f"{where}: wikidata {qid!r} is not a Q-id")
    coords = raw.get("coordinates")
    if coords is not None:
        if not (isinstance(coords, list) and len(coords) == 2):
            raise KnowledgeBaseError(f"{where}: coordinates must be [lat, lon]")
        coords = (float(coords[0]), float(coords[1]))
    roles = []
    for r in raw.get("roles") or []:
        try:
            roles.append(
                Role(eid, str(r["role"]), str(r["of"]), _iso(r.get("start"), where), _iso(r.get("end"), where))
            )
        except KeyError as exc:
            raise KnowledgeBaseError(f"{where}: role without {exc}") from exc
    known = {
        "id",
        "type",
        "name",
        "wikidata",
        "aliases",
        "adjectives",
        "demonyms",
        "country",
        "capital",
        "members",
        "coordinates",
        "description",
        "roles",
        "properties",
        "cue",
    }
    unknown = set(raw) - known
    if unknown:
        raise KnowledgeBaseError(f"{where}: unknown keys {sorted(unknown)}")
    return KBEntity(
        id=eid,
        type=etype,
        name=str(raw["name"]),
        wikidata=str(qid) if qid else None,
        aliases=_region_variants(_forms(raw.get("aliases"), where))
        if etype == "region"
        else _forms(raw.get("aliases"), where),
        adjectives=_forms(raw.get("adjectives"), where),
        demonyms=_forms(raw.get("demonyms"), where),
        country=raw.get("country"),
        capital=raw.get("capital"),
        members=list(raw.get("members") or []),
        coordinates=coords,
        description=raw.get("description"),
        roles=roles,
        properties=dict(raw.get("properties") or {}),
        cue=bool(raw.get("cue", False)),
    )


# A province is named with any of its kind's words: "Provinz Taschkent" is also "Gebiet Taschkent",
# "Region Taschkent" and "Oblast Taschkent"; "Tashkent Province" also "Tashkent Region" and "Tashkent
# Oblast". Variants are made only from a form the data gives with one of these words.
REGION_WORDS = {"de": ("Provinz", "Gebiet", "Region", "Oblast"), "en": ("Province", "Region", "Oblast")}


def _region_variants(forms: dict[str, list[str]]) -> dict[str, list[str]]:
    """The region's aliases with the same name after every word for its kind (REGION_WORDS)."""
    out = {language: list(words) for language, words in forms.items()}
    for language, kinds in REGION_WORDS.items():
        for alias in forms.get(language, ()):
            head, _, rest = alias.partition(" ")
            stem, _, tail = alias.rpartition(" ")
            if language == "de" and head in kinds and rest:
                variants = [f"{kind} {rest}" for kind in kinds]
            elif language == "en" and tail in kinds and stem:
                variants = [f"{stem} {kind}" for kind in kinds]
            else:
                continue
            out[language] += [v for v in variants if v not in out[language]]
    return out


def _parse_role_title(raw: dict, filename: str) -> RoleTitle:
    if not isinstance(raw, dict) or "id" not in raw:
        raise KnowledgeBaseError(f"{filename}: role without id")
    return RoleTitle(
        role=str(raw["id"]),
        words=_forms(raw.get("words"), f"{filename}: role {raw['id']}"),
        description=raw.get("description"),
    )


# Cyrillic to Latin, close to the transliteration the knowledge base uses for Russian
# aliases ("Tokaev", "Kazakhstan", "Kitay"), so that "Токаев" folds like "Tokaev".
CYRILLIC_LATIN: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "қ": "k",
    "ғ": "g",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
    "ә": "a",
    "ў": "u",
    "ҳ": "h",
    "ӣ": "i",
    "ҷ": "j",
    "ї": "i",
    "є": "e",
}
_CYRILLIC = str.maketrans(CYRILLIC_LATIN)


class _CombiningDeleter(dict):
    """A str.translate table that deletes combining characters (accents once decomposed),
    filled in as characters are met instead of over all of Unicode at start-up."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


@functools.cache
def _without_combining() -> dict[int, int | None]:
    return _CombiningDeleter()


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a word: 'Tokajew' and 'TOKAJEW' fold alike; ß = ss;
    Cyrillic is transliterated ('Токаев' folds to 'tokaev')."""
    text = text.replace("ß", "ss").replace("ẞ", "ss")
    if text.isascii():
        return text.lower()  # all the rest leaves ASCII as it is, and casefold() is lower() there
    # transliterate before decomposing: NFKD would split "й" into "и" and a breve
    text = unicodedata.normalize("NFKD", text.casefold().translate(_CYRILLIC))
    return text.translate(_without_combining()).casefold()
