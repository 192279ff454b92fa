"""People outside the knowledge base, named without any cue word, in German and English text.

"Valdis Dombrovskis said ..." has no office word before it; what makes it a
person's name is a given name (from gender-guesser's list of some 40,000
given names of many countries, shipped with the package) followed by a
surname that is not an ordinary word (by wordfreq's word frequencies in the
text's language): "Jordan Valley", "Paris Agreement" and "Victoria Station"
end in ordinary words and stay unread.
"""

from __future__ import annotations

import re

MAX_WORDS = 3  # given name, middle name, surname
COMMON_WORD_ZIPF = 3.5  # a surname more frequent than this (per billion words: ~3,000) is an ordinary word
GENDERS = frozenset({"male", "female", "mostly_male", "mostly_female"})  # not "andy" (either) nor "unknown"
_LATIN_NAME = re.compile(r"^[A-ZÀ-Þ][a-zß-ÿ]+(?:-[A-ZÀ-Þ][a-zß-ÿ]+)?$")


class GivenNames:
    """Whether a word is a given name and whether a word is an ordinary word; data loaded on first use."""

    def __init__(self):
        self._detector = None

    def is_given_name(self, word: str) -> bool:
        if self._detector is None:
            import gender_guesser.detector  # reads its name list (about 1.5 s): only when needed

            self._detector = gender_guesser.detector.Detector(case_sensitive=False)
        return self._detector.get_gender(word.split("-")[0]) in GENDERS

    @staticmethod
    def is_ordinary_word(word: str, language: str) -> bool:
        from wordfreq import zipf_frequency

        return zipf_frequency(word.lower(), language) >= COMMON_WORD_ZIPF


def find_named_people(doc, covered: list[bool], not_names: frozenset[str], names: GivenNames) -> list[tuple[int, int]]:
    """Token spans of a given name and one or two more capitalised words, the last no ordinary word.

    A run of capitalised words may begin with one more word that is no part of the name ("Laut
    Annika Lindqvist"); a longer run is a title or the name of a body, and is left alone.
    """
    tokens = doc.tokens
    texts = tokens.texts
    found = []
    i = 0
    while i < len(texts):
        end = i
        while end < len(texts) and end - i <= MAX_WORDS and _name_word(texts[end], covered[end], not_names):
            if end > i and "\n" in doc.text[tokens.ends[end - 1] : tokens.starts[end]]:
                break
            end += 1
        if end - i < 2 or (end < len(texts) and _name_word(texts[end], covered[end], not_names)):
            i = max(end, i + 1)
            continue
        for start in (i, i + 1):
            if (
                2 <= end - start <= MAX_WORDS
                and names.is_given_name(texts[start])
                and not names.is_ordinary_word(texts[end - 1], doc.language)
            ):
                found.append((start, end))
                break
        i = end
    return found


def _name_word(word: str, covered: bool, not_names: frozenset[str]) -> bool:
    return not covered and word not in not_names and bool(_LATIN_NAME.match(word))
