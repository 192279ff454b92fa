"""When two reports describe the same happening: the rules the event merge applies.

* Type: reports merge by the happening, not by the family. A visit and the
  principal (bilateral) talks held during it are one happening; a summit and
  a meeting of three or more states are one (the "5+1 meeting" is the summit),
  and such a meeting is not the visit of one of its guests; a trip to several
  states is not one of the state visits on it. A visit is
  not the summit it was made for, a forum is not the talks on its margins, a
  bilateral meeting is not the summit around it; agreements, projects and
  statements are their own families.
* Date: compared with its precision ("2025-06" contains every day of June;
  two days at most NEAR_DAYS apart may be one event). A date that is only the
  document's publication day is weak evidence: it is where the report was
  written, not when the event was, so a publication day fits any date up to
  WEAK_DAYS away; so does the publication month that extraction gives a
  report its text does not date (an event of 30 October, reported on 2
  November).
* Place: a venue lies in its city and a city in its country (the knowledge
  base's `city` property and `country`): "Akorda", "Astana" and "Kazakhstan"
  are compatible, "Astana" and "Almaty" are not.
* Signings: many agreements are signed in a month, so reports of a signing
  from different sources merge only when both give its day.
* Holders: a gathering held by a body names it: two summits (forums,
  meetings) whose reports each name the body holding them, and name
  different bodies, are different happenings however much else they share
  ("the CIS summit" and "the Russia–Central Asia summit" in one city on
  consecutive days). A body counts as its parent (the European Commission as
  the European Union) and a summit format as its partner organisation (the
  EU–Central Asia summit as the European Union). A gathering that names no
  body but a group of states and one partner state is that pair's format
  ("Russia and Central Asia": the Russia–Central Asia summit, not the CIS's).
* Participants: the overlap is weighed by how specific the participants are:
  two presidents or two states say more than "Central Asia" and a sea; at a
  summit, the organisation or format holding it is enough. A
  visit or talks where each side names a leader the other does not (sharing
  at most the host) are different happenings, however many states they share.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from silkgraph.model import NEAR_DAYS, dates_compatible, iso_bounds, iso_precision
from silkgraph.ontology import ONTOLOGY

WEAK_DAYS = 7  # a report may appear up to a week after the event (or before a planned one)
# Pairs of event types that may be one happening; same types always may. The summit-meeting pair
# holds only for a meeting of at least MULTILATERAL states, the visit-meeting pair only for fewer.
COMPATIBLE_TYPES = frozenset({frozenset({"visit", "meeting"}), frozenset({"summit", "meeting"})})
MULTILATERAL = 3
# How much a participant in common says that two reports are of one event, by entity type.
PARTICIPANT_WEIGHT = {
    "person": 1.5,
    "country": 1.0,
    "organization": 1.0,
    "format": 1.0,
    "company": 1.0,
    "project": 1.0,
    "region": 0.25,
    "place": 0.25,
}
UNKNOWN_WEIGHT = 1.5  # an id the knowledge base does not know: a person or body named in an article
ENOUGH_OVERLAP = 2.0  # two states, a leader and a state; not a state and a region
SPECIFIC = 1.5  # a participant this specific (a person) may alone tie a one-participant report to an event
DAY, MONTH = 4, 3  # iso_precision of a day, of a month
SUMMIT_HOLDERS = frozenset({"organization", "format"})  # who holds a summit: see weight
# Types of happening that one leader makes or two leaders hold: different leaders, different happenings.
LEADERS_DEFINE = frozenset({"visit", "meeting"})
# Types of gathering that a body may hold (an organisation's summit, a format's forum or ministers'
# meeting): every encounter but a visit, which its leaders define. See holders.
HELD_BY_BODIES = frozenset(t for t, family in ONTOLOGY.event_family_of.items() if family == "encounter") - {"visit"}
BILATERAL_POSSIBLE = frozenset({"meeting"})  # of these, only a multilateral one is held by a body
# Organisations that hold gatherings, by their knowledge-base kind; a format of kind FORMAT_FAMILY
# is a family of formats ("the Central Asia plus formats"), not the body holding one gathering.
HOLDER_KINDS = frozenset({"intergovernmental"})
FORMAT_FAMILY = "family"


@lru_cache(maxsize=1)
def _kb():
    """The bundled knowledge base, loaded once: place hierarchy and entity types."""
    from silkgraph.errors import SilkgraphError
    from silkgraph.kb import KnowledgeBase

    try:
        return KnowledgeBase.load()
    except (SilkgraphError, OSError):  # no usable KB: places compare by id, every participant weighs the same
        return None


def entity_type(entity_id: str) -> str | None:
    kb = _kb()
    found = kb.get(entity_id) if kb is not None else None
    return found.type if found is not None else None


def weight(entity_id: str, summit: bool = False) -> float:
    """How specific a participant is (PARTICIPANT_WEIGHT by its knowledge-base type). At a summit
    the organisation or format holding it names the happening, given its date and place: "the
    SCO summit in Astana", "the EU–Central Asia summit in Samarkand"."""
    kind = entity_type(entity_id) or ""
    if summit and kind in SUMMIT_HOLDERS:
        return ENOUGH_OVERLAP
    return PARTICIPANT_WEIGHT.get(kind, UNKNOWN_WEIGHT)


def overlap_weight(common, summit: bool = False) -> float:
    return sum(weight(e, summit) for e in common)


def participants_match(mine: set[str], theirs: set[str], summit: bool = False) -> bool:
    """Enough specific participants in common: ENOUGH_OVERLAP by weight, at a summit one body
    holding it (see holders), or, when either side names only one participant, that one (unless
    it is as vague as a region or a lone state)."""
    common = mine & theirs
    if overlap_weight(common, summit) >= ENOUGH_OVERLAP:
        return True
    if summit and holders(mine) & holders(theirs):  # "the EU–Central Asia summit" is the EU's
        return True
    return len(common) >= 1 and min(len(mine), len(theirs)) == 1 and max(weight(e, summit) for e in common) >= SPECIFIC


def different_leaders(types, mine: set[str], theirs: set[str]) -> bool:
    """For a visit or talks: each side names a person the other does not, and they share at most
    one (the host receiving two different guests)."""
    if not set(types) <= LEADERS_DEFINE:
        return False
    people_a = {e for e in mine if entity_type(e) == "person"}
    people_b = {e for e in theirs if entity_type(e) == "person"}
    return bool(people_a - people_b) and bool(people_b - people_a) and len(people_a & people_b) <= 1


@dataclass(frozen=True, slots=True)
class Holder:
    """A participant that may hold a gathering, as the bodies it stands for."""

    identity: frozenset[str]  # itself, its parent bodies, a format's partner organisation
    is_format: bool
    known_members: bool  # whose gathering it is can be told (an organisation; a format of known members)


@lru_cache(maxsize=4096)
def holder(entity_id: str) -> Holder | None:
    """An intergovernmental organisation as itself and its parents, a summit format as itself and
    its partner organisation; None for anyone else (a state, a person, a company, a format family)."""
    kb = _kb()
    entity = kb.get(entity_id) if kb is not None else None
    if entity is None:
        return None
    properties = entity.properties or {}
    if entity.type == "format":
        if properties.get("kind") == FORMAT_FAMILY:
            return None
        partner = holder(properties["partner"]) if properties.get("partner") else None
        identity = frozenset({entity_id}) | (partner.identity if partner else frozenset())
        return Holder(identity, True, bool(entity.members or properties.get("partner")))
    if entity.type != "organization" or properties.get("kind") not in HOLDER_KINDS:
        return None
    bodies: set[str] = {entity_id}
    parent = properties.get("parent")
    while parent and parent not in bodies and len(bodies) < 4:
        bodies.add(parent)
        found = kb.get(parent)
        parent = (found.properties or {}).get("parent") if found is not None else None
    return Holder(frozenset(bodies), False, True)


def holders_of(participants: Iterable[str]) -> list[Holder]:
    """The bodies among a gathering's participants that may hold it; when it names none, the format
    its states imply (see implied_formats)."""
    named = [found for p in participants if (found := holder(p))]
    return named or [found for f in implied_formats(frozenset(participants)) if (found := holder(f))]


@lru_cache(maxsize=1)
def _formats_by_partner() -> dict[str, list[tuple[str, frozenset[str]]]]:
    """Summit formats by their partner: (format id, its member states)."""
    kb = _kb()
    found: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for entity in kb.entities.values() if kb is not None else ():
        partner = (entity.properties or {}).get("partner") if entity.type == "format" else None
        if partner:
            found.setdefault(partner, []).append((entity.id, frozenset(entity.members)))
    return found


@lru_cache(maxsize=4096)
def implied_formats(participants: frozenset[str]) -> tuple[str, ...]:
    """The formats a gathering's states name without naming the format: one group of states (a
    region with member states) and one state outside it, the partner, as in "the Russia–Central
    Asia summit" or "Putin met the Central Asian presidents"."""
    kb = _kb()
    groups = [kb.get(p) for p in participants if kb is not None and entity_type(p) == "region"]
    members = [frozenset(g.members) for g in groups if g is not None and g.members]
    if len(members) != 1:
        return ()
    outside = {p for p in participants if entity_type(p) == "country" and p not in members[0]}
    if len(outside) != 1:
        return ()
    partner = outside.pop()
    return tuple(sorted(f for f, states in _formats_by_partner().get(partner, ()) if members[0] <= states))


def holders(participants: Iterable[str]) -> set[str]:
    """The bodies holding a gathering (holders_of), with what they stand for."""
    return {name for found in holders_of(participants) for name in found.identity}


def different_holders(types: Iterable[str], mine: Iterable[str], theirs: Iterable[str]) -> bool:
    """For a summit, forum or multilateral meeting: each side names a body holding it, and none is
    the other's. A forum series of unknown membership ("the Global Gateway Forum") says nothing
    against an organisation (the EU holds it), only against another series."""
    mine, theirs = set(mine), set(theirs)
    if not set(types) & HELD_BY_BODIES:
        return False
    if set(types) <= BILATERAL_POSSIBLE and min(member_states(mine), member_states(theirs)) < MULTILATERAL:
        return False  # two parties' talks are theirs, whatever body the report names beside them
    side_a, side_b = holders_of(mine), holders_of(theirs)
    if not side_a or not side_b:
        return False
    if {n for h in side_a for n in h.identity} & {n for h in side_b for n in h.identity}:
        return False
    for one, other in ((side_a, side_b), (side_b, side_a)):
        if not all(h.known_members for h in one) and not any(h.is_format for h in other):
            return False
    return True


@lru_cache(maxsize=65536)
def place_chain(place: str) -> tuple[str, ...]:
    """The place and what contains it: venue, city, country (as far as the knowledge base knows)."""
    kb = _kb()
    chain = [place]
    entity = kb.get(place) if kb is not None else None
    while entity is not None and len(chain) < 4:
        parent = (entity.properties or {}).get("city") or (entity.country if entity.type != "country" else None)
        if not parent or parent in chain:
            break
        chain.append(parent)
        entity = kb.get(parent)
    return tuple(chain)


def places_compatible(a: str | None, b: str | None) -> bool:
    """Unknown fits anything; otherwise one place lies in (or is) the other."""
    if not a or not b or a == b:
        return True
    return a in place_chain(b) or b in place_chain(a)


def types_compatible(a: str, b: str, countries_a: int, countries_b: int, states_a: int = 0, states_b: int = 0) -> bool:
    """Whether reports of types a and b may be one happening; countries_* count the states each
    names, states_* also those of the groups of states it names (see member_states)."""
    if a == b:
        return True
    pair = frozenset({a, b})
    if pair not in COMPATIBLE_TYPES:
        return False
    meeting_countries = countries_a if a == "meeting" else countries_b
    if pair == {"summit", "meeting"}:
        return max(meeting_countries, states_a if a == "meeting" else states_b) >= MULTILATERAL
    return meeting_countries < MULTILATERAL  # a visit's principal talks are bilateral


def types_may_fit(a: str, b: str) -> bool:
    """What types_compatible requires whatever the participants: the same type, or a pair of
    COMPATIBLE_TYPES. Cheap enough to rule out a candidate event by its shown type alone."""
    return a == b or frozenset({a, b}) in COMPATIBLE_TYPES


def trip_and_stop(a: str, b: str, countries_a: int, countries_b: int) -> bool:
    """A trip to several states (a visit naming three or more) is not one of its state visits
    (a visit naming two): one is the container of the other, not the same happening."""
    if a != "visit" or b != "visit":
        return False
    return (countries_a >= MULTILATERAL) != (countries_b >= MULTILATERAL)


def countries(participants) -> int:
    return sum(1 for p in participants if entity_type(p) == "country")


def member_states(participants: Iterable[str]) -> int:
    """The states a report names, those of a group it names included: "Putin's meeting with the
    Central Asian presidents" is a meeting of six states, as many as the summit it is."""
    kb = _kb()
    states = set()
    for p in participants:
        kind = entity_type(p)
        if kind == "country":
            states.add(p)
        elif kind == "region" and kb is not None and (group := kb.get(p)) is not None:
            states.update(group.members)
    return len(states)


def _gap_days(a: str, b: str) -> int | None:
    """Days between the nearest days of two dates (0 when they overlap); None if unreadable."""
    ba, bb = iso_bounds(a), iso_bounds(b)
    if ba is None or bb is None:
        return None
    if ba[1] < bb[0]:
        return (bb[0] - ba[1]).days
    if bb[1] < ba[0]:
        return (ba[0] - bb[1]).days
    return 0


def dates_match(a: str, a_weak: bool, b: str, b_weak: bool) -> bool:
    """Dates compatible with their precision; a weak date (a publication day, or the publication
    month given to a report the text does not date) also fits a day up to WEAK_DAYS away. Two
    months are compared as months: "August" is not "July" because July ended a day before."""
    if dates_compatible(a, b):
        return True
    for weak, date_, other in ((a_weak, a, b), (b_weak, b, a)):
        precision = iso_precision(date_)
        if weak and (precision == DAY or (precision == MONTH and iso_precision(other) == DAY)):
            gap = _gap_days(date_, other)
            if gap is not None and gap <= WEAK_DAYS:
                return True
    return False


def is_vague(iso: str) -> bool:
    """A year or less precise: names no particular meeting."""
    return iso_precision(iso) <= 1


def lookup_slack() -> int:
    """Days around a report's date within which a graph event may still match it."""
    return max(NEAR_DAYS, WEAK_DAYS)


def day(iso: str) -> date | None:
    bounds = iso_bounds(iso)
    return bounds[0] if bounds else None
