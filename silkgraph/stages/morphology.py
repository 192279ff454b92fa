"""Russian morphology for name matching: lemmas of Cyrillic words and spelling-tolerant keys.

Russian inflects names (Токаев, Токаева, Токаеву), the places they stand in
(в Астане, по Казахстану) and the adjectives made from them (казахстанские,
российско-казахстанские). The knowledge base lists names in their dictionary
form, in Cyrillic or in one of several Latin transliterations; a text word is
matched through every dictionary form the analyser offers for it.

Both sides are reduced to a *key*: the word folded (case and accents removed,
Cyrillic transliterated) and then loosened so that the common spelling
variants meet: ё/е ("Мирзиёев", "Мирзиеев", "Mirziyoyev"), -iy/-y/-ij endings,
kh/h. Keys are only compared with keys, never shown.

The analyser (pymorphy3 with its Russian dictionaries) is created when first
needed, once per `Morphology` object, so importing this module costs nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from silkgraph.kb import fold

# Latin spellings that transliterations of one Cyrillic letter differ by, most specific first.
_LOOSE = (
    ("shch", "sch"), ("dzh", "j"), ("zh", "j"), ("yo", "e"), ("ye", "e"), ("je", "e"), ("iy", "i"), ("ij", "i"),
    ("yi", "i"), ("kh", "h"), ("y", "i"), ("ii", "i"), ("ts", "c"), ("tz", "c"),
)
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# The first part of a compound adjective ("российско-казахстанские", "узбекско-китайский") ends
# in -о; its dictionary form ends in -ий: российско -> российский.
_COMPOUND_PART = re.compile(r"^(.*[сц]к)о$")
# Parts of speech whose dictionary form is a name's: nouns (names, places, surnames) and adjectives.
_NAME_POS = frozenset({"NOUN", "ADJF", "ADJS", None})
MAX_PARSES = 6  # readings of one word considered; the rest are rare and slow to look at
PREFIX_CHARS = 3  # a word is analysed only when its key starts like some name word's key


@lru_cache(maxsize=131072)
def loose(folded: str) -> str:
    """A folded word with the differences of transliteration systems removed."""
    for old, new in _LOOSE:
        if old in folded:
            folded = folded.replace(old, new)
    return folded


def key(word: str) -> str:
    """The comparison key of one word as written."""
    return loose(fold(word))


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.search(word))


class Morphology:
    """Dictionary forms of Russian words, cached; the analyser is loaded on first use."""

    def __init__(self, cache_size: int = 200_000):
        self._analyser = None
        self._cache: dict[str, tuple[str, ...]] = {}
        self._cache_size = cache_size

    @property
    def analyser(self):
        if self._analyser is None:
            import pymorphy3  # loaded here: only documents with Cyrillic need it

            self._analyser = pymorphy3.MorphAnalyzer(lang="ru")
        return self._analyser

    def lemmas(self, word: str) -> tuple[str, ...]:
        """The dictionary forms of a Cyrillic `word` as a noun or adjective, lower case, best first."""
        lower = word.lower()
        found = self._cache.get(lower)
        if found is not None:
            return found
        compound = _COMPOUND_PART.match(lower)
        if compound:
            found = (compound.group(1) + "ий",)
        else:
            out: list[str] = []
            for parse in self.analyser.parse(lower)[:MAX_PARSES]:
                if parse.tag.POS in _NAME_POS and parse.normal_form not in out:
                    out.append(parse.normal_form)
            found = tuple(out)
        if len(self._cache) >= self._cache_size:
            self._cache.clear()
        self._cache[lower] = found
        return found

    def keys(self, word: str) -> frozenset[str]:
        """Every key `word` may be matched under: as written and each of its dictionary forms."""
        keys = {key(word)}
        if is_cyrillic(word):
            keys.update(key(lemma) for lemma in self.lemmas(word))
        return frozenset(keys)
