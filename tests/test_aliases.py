"""Finding entities by any of their names."""

from __future__ import annotations

from silkgraph import aliases

NAMES = [
    ("kassym-jomart-tokayev", "kassym jomart tokayev", "Kassym-Jomart Tokayev", False),
    ("kassym-jomart-tokayev", "tokajew", "Tokajew", False),
    ("kazakhstan", "kasachstan", "Kasachstan", False),
    ("kazakhstan", "kasachische", "kasachische", True),
    ("nursultan-nazarbayev", "nursultan nazarbayev", "Nursultan Nazarbayev", False),
    ("nursultan-nazarbayev", "nazarbayev", "Nazarbayev", False),
    ("shavkat-mirziyoyev", "shavkat mirziyoyev", "Shavkat Mirziyoyev", False),
]


def test_kinds_of_match_and_their_order():
    index = aliases.NameIndex(NAMES)
    [exact] = index.match("TOKAJEW")
    assert (exact.entity_id, exact.score, exact.alias) == ("kassym-jomart-tokayev", aliases.EXACT, "Tokajew")
    assert index.match("kasachische")[0].score == aliases.ADJECTIVE
    assert index.match("Tokayev Kassym")[0].score == aliases.ALL_WORDS  # every word, any order
    assert index.match("Nurs Naz")[0].score == aliases.PREFIXES
    fuzzy = index.match("Nazarbaev")
    assert fuzzy[0].entity_id == "nursultan-nazarbayev" and aliases.FUZZY <= fuzzy[0].score < aliases.PREFIXES
    assert index.match("Mi") == []  # too short to be a prefix
    assert index.match("!!!") == [] and index.match("") == []


def test_best_name_per_entity_and_first_listed_on_ties():
    index = aliases.NameIndex(NAMES + [("kazakhstan", "kasachstan", "KASACHSTAN", False)])
    [match] = index.match("kasachstan")
    assert match.alias == "Kasachstan"
    assert aliases.match_names("kasachstan", NAMES) == index.match("kasachstan")


def test_many_names():
    many = NAMES + [(f"person-{i}", f"name{i} surname{i}", f"Name{i} Surname{i}", False) for i in range(20000)]
    index = aliases.NameIndex(many)
    best = index.match("name1234 surname1234")[0]
    assert (best.entity_id, best.score) == ("person-1234", aliases.EXACT)
    assert index.match("Surname7")[0].entity_id == "person-7"
