"""Words as search sees them."""

from __future__ import annotations

import re

from silkgraph import terms


def plain(name: str) -> list[list[tuple[str, bool]]]:
    return [[(w, False)] for w in terms.words(name)]


def test_alternatives_that_another_finds_already_are_left_out():
    query = terms.query_groups("Tokajew")
    names = ["Kassym-Jomart Tokayev", "Tokayev", "Tokajew", "Qasym-Jomart Toqayev", "Kassym-Jomart Tokajew"]
    kept = terms.without_covered([query] + [plain(n) for n in names])
    assert kept == [query, plain("Tokayev"), plain("Qasym-Jomart Toqayev")]
    assert terms.without_covered([plain("Republic of Kazakhstan"), plain("Kazakhstan")]) == [plain("Kazakhstan")]
    assert terms.covers(terms.query_groups("Gipfel"), {"gipfeltreffen"})  # a prefix covers its compounds
    assert not terms.covers(terms.query_groups("EU"), {"europa"})  # short words match whole words only


def test_snippet_marks_the_words_found():
    text = "Der Präsident Kasachstans traf in Astana den chinesischen Staatschef. " * 3
    found = terms.snippet(text, terms.query_words("Kasachstan"))
    marked = re.findall(r"\[\[(.*?)\]\]", found)
    assert marked and set(marked) == {"Kasachstans"}  # the inflected form, and nothing else
    assert terms.snippet("", ["x"]) == "" and "[[" not in terms.snippet(text, [])
