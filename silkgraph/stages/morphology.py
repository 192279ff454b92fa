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

from silkgraph.kb import CYRILLIC_LATIN, fold

# Latin spellings that transliterations of one Cyrillic letter differ by, most specific first.
_LOOSE = (
    ("shch", "sch"),
    ("dzh", "j"),
    ("zh", "j"),
    ("yo", "e"),
    ("ye", "e"),
    ("je", "e"),
    ("iy", "i"),
    ("ij", "i"),
    ("yi", "i"),
    ("kh", "h"),
    ("y", "i"),
    ("ii", "i"),
    ("ts", "c"),
    ("tz", "c"),
)
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# The first part of a compound adjective ("российско-казахстанские", "узбекско-китайский") ends
# in -о; its dictionary form ends in -ий: российско -> российский.
_COMPOUND_PART = re.compile(r"^(.*[сц]к)о$")
# Parts of speech whose dictionary form is a name's: nouns (names, places, surnames) and adjectives.
_NAME_POS = frozenset({"NOUN", "ADJF", "ADJS", None})
_PROPER = frozenset({"Geox", "Name", "Surn", "Patr", "Orgn", "Trad", "Abbr"})  # grammemes of names
MAX_PARSES = 6
# Russian noun case endings, longest first
CASE_ENDINGS = (
    "ами",
    "ями",
    "ом",
    "ем",
    "ой",
    "ей",
    "ью",
    "ы",
    "и",
    "а",
    "я",
    "у",
    "ю",
    "е",
)  # readings of one word considered; the rest are rare and slow to look at
PREFIX_CHARS = 3  # a word is analysed only when its key starts like some name word's key


@lru_cache(maxsize=131072)
def loose(folded: str) -> str:
    """A folded word with the differences of transliteration systems removed."""
    for old, new in _LOOSE:
        if old in folded:
            folded = folded.replace(old, new)
    return folded


@lru_cache(maxsize=131072)
def cyrillic_key(word: str) -> str:
    """The comparison key of a Cyrillic word against Cyrillic names: as written in lower case, ё as
    е, nothing transliterated or loosened, so that "Линии" does not meet "Линьи" nor "Жены" the
    company "Эни"."""
    return CYRILLIC_MARK + word.lower().replace("ё", "е")


CYRILLIC_MARK = "="  # keeps keys of Cyrillic names apart from loose keys of transliterations


@lru_cache(maxsize=131072)
def key(word: str) -> str:
    """The comparison key of one word as written."""
    return loose(fold(word))


def is_cyrillic(word: str) -> bool:
    """Whether a word (or name) is written in Cyrillic; a word is judged by its first letter."""
    first = word[:1]
    if first.isalpha():
        return "\u0400" <= first <= "\u04ff"
    return bool(_CYRILLIC.search(word))


class Morphology:
    """Dictionary forms of Russian words, cached; the analyser is loaded on first use."""

    def __init__(self, cache_size: int = 200_000):
        self._analyser = None
        self._cache: dict[str, tuple[str, ...]] = {}
        self._cache_size = cache_size
        self._common: dict[str, bool] = {}

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

    def nominative(self, words: list[str]) -> list[str]:
        """A name's words put in the nominative ("Говардом Латником" -> "Говард Латник").

        The case and gender are read off the first word that the dictionary knows as a given
        name, surname or place; every word is then put from that case into the nominative of
        that gender. Words that cannot be inflected stay as written.
        """
        # of a hyphenated word only the last part inflects: "Касым-Жомарта" -> "Касым-Жомарт"
        heads = [w.rsplit("-", 1) for w in words]
        parses = [self.analyser.parse(parts[-1]) for parts in heads]
        reading = _shared_case(parses)
        if reading is None:
            return list(words)  # already a nominative ("Ерлан Карин", "Анна Иванова")
        case, gender = reading
        out = []
        for parts, options in zip(heads, parses):
            word = parts[-1]
            fitting = [
                p
                for p in _person_readings(options)
                if (case is None or p.tag.case == case) and (gender is None or p.tag.gender in (gender, None))
            ]
            form = None
            if fitting:
                wanted = {"nomn", "sing"} if fitting[0].tag.number == "sing" else {"nomn"}
                inflected = fitting[0].inflect(wanted)
                form = inflected.word if inflected else None
            head = _same_case(form, word) if form else word
            out.append("-".join((*parts[:-1], head)))
        return out

    def person_name(self, words: list[str], plain_e: bool = False) -> str:
        """A person's name as found in the text, in Latin letters and the nominative: pinyin for
        a Chinese name, else the Russian transliteration ("Юрия Ушакова" -> "Yury Ushakov");
        `plain_e` writes "е" after a vowel as "e", as Kyrgyz names are ("Базарбаев" -> "Bazarbaev")."""
        return chinese_name(" ".join(words)) or latin_name(" ".join(self.nominative(words)), plain_e)

    def name_keys(self, word: str) -> frozenset[str]:
        """The keys of a word of a knowledge-base name, which is given in the nominative: the word
        and its dictionary forms under the readings that are nominative ("Центральная" ->
        "центральный"), not under others ("Денов" is no genitive plural of "день")."""
        if not is_cyrillic(word):
            return frozenset((key(word),))
        lower = word.lower()
        forms = {lower}
        compound = _COMPOUND_PART.match(lower)
        if compound:
            forms.add(compound.group(1) + "ий")
        for parse in self.analyser.parse(lower)[:MAX_PARSES]:
            if parse.tag.POS in _NAME_POS and parse.tag.case in ("nomn", None):
                forms.add(parse.normal_form)
        return frozenset(cyrillic_key(f) for f in forms)

    def is_common_word(self, word: str) -> bool:
        """Whether the dictionary knows `word` as an ordinary word in its dictionary form and
        never as a name of a place, person or organisation ("Дружба", "Верно"): capitalised, it is
        most likely the first word of a sentence."""
        found = self._common.get(word)
        if found is None:
            lower = word.lower()
            known = [p for p in self.analyser.parse(lower)[:MAX_PARSES] if p.is_known]
            # in its dictionary form: "Токаев" is also a plural of "токай", but no ordinary word
            found = (
                bool(known)
                and not any(_PROPER & p.tag.grammemes for p in known)
                and any(p.normal_form == lower for p in known)
            )
            self._common[word] = found
        return found

    def keys(self, word: str) -> frozenset[str]:
        """Every key `word` may be matched under: as written and each of its dictionary forms."""
        if not is_cyrillic(word):
            return frozenset((key(word),))
        lower = word.lower()
        forms = {lower, *self.lemmas(word)}
        # a name the dictionary does not know declines all the same ("Сиане", "Сианя" of "Сиань"):
        # the word less its case ending is a form too
        stems = [lower[: -len(e)] for e in CASE_ENDINGS if lower.endswith(e) and len(lower) - len(e) >= 3]
        forms.update(stems)
        forms.update(stem + "ь" for stem in stems)  # "Казани" of "Казань"
        # Cyrillic names are met as written; Latin transliterations loosely, as their systems differ
        return frozenset({cyrillic_key(f) for f in forms} | {key(f) for f in forms})


def _shared_case(parses) -> tuple[str | None, str | None] | None:
    """The case and gender of a name whose words are `parses`, or None when it is nominative.

    "Ерлана Акбарова" reads either as a woman's name in the nominative or as a man's in the
    genitive; the man's is taken when the first word cannot be a man's name in the nominative
    (his would read "Ерлан Акбаров"). Without a case all words share, the first word the
    dictionary knows as a name decides; (None, None) leaves each word to its likeliest reading.
    """
    readings = [{(p.tag.case, p.tag.gender) for p in _person_readings(options)} for options in parses]
    # an indeclinable word ("Айгерим", "Нургуль") fits every case: the other words decide
    # (nor does a word the dictionary cannot read as part of a name)
    declined = [r for r, options in zip(readings, parses) if r and not _indeclinable(options)] or readings
    cases = set.intersection(*({case for case, _ in r} for r in declined))
    first_is_his_nominative = ("nomn", "masc") in readings[0]
    for case in _OBLIQUE_CASES:
        his = all((case, "masc") in r or (case, None) in r for r in readings)
        if case in cases and his and ("nomn" not in cases or not first_is_his_nominative):
            return case, "masc"
    if "nomn" in cases:
        return None
    for options in parses:
        named = [p for p in _person_readings(options) if {"Name", "Surn", "Patr", "Geox"} & p.tag.grammemes]
        if named and not _indeclinable(options):
            return named[0].tag.case, named[0].tag.gender
    return None, None


_OBLIQUE_CASES = ("gent", "datv", "ablt", "loct", "accs")
_PERSON_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})


def _person_readings(options) -> list:
    """The readings of a word of one person's name: singular, in a case news use (no vocative),
    and, when the dictionary knows the word as a given name, surname or patronymic, only those
    ("Тлеубаевой" is a woman's surname, not a guessed adjective)."""
    fitting = [
        p
        for p in options[:MAX_PARSES]
        if p.tag.POS in _NAME_POS and p.tag.number != "plur" and p.tag.case not in ("voct", "gen2", "loc2")
    ]
    named = [p for p in fitting if _PERSON_GRAMMEMES & p.tag.grammemes]
    return named or fitting


def _indeclinable(options) -> bool:
    """Whether the dictionary reads a word as a name that does not decline ("Айгерим")."""
    return any("Fixd" in p.tag.grammemes and _PERSON_GRAMMEMES & p.tag.grammemes for p in options[:MAX_PARSES])


def _same_case(form: str, written: str) -> str:
    """`form` capitalised as `written` is: "ABC", "Abc" or "abc"."""
    if written.isupper() and len(written) > 1:
        return form.upper()
    if written[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


# Russian to Latin for display, close to the BGN/PCGN system that English reference works use
# for Russian names (Tokayev, Mirziyoyev, Yury Ushakov): е and ё after a vowel or at the start
# of a word become ye/yo, -ий and -ый at the end of a word become -y. The letters are the
# knowledge base's matching table, but for ё, written "yo".
_LATIN = {**CYRILLIC_LATIN, "ё": "yo"}
_VOWELS = set("аеёиоуыэюяьъ")


def latin_name(text: str, plain_e: bool = False) -> str:
    """A Cyrillic name written in Latin letters for display ("Юрий Ушаков" -> "Yury Ushakov", "Айгерим
    Килыбай" -> "Aigerim Kilybay")."""
    out = []
    for i, char in enumerate(text):
        lower = char.lower()
        if lower not in _LATIN:
            out.append(char)
            continue
        before = text[i - 1].lower() if i else ""
        after = text[i + 1].lower() if i + 1 < len(text) else ""
        word_ends = not (i + 2 < len(text) and text[i + 2].isalpha())
        if lower in "иы" and after == "й" and word_ends:
            latin = "y"  # -ий, -ый -> -y
        elif lower == "й" and before in "иы" and not after.isalpha():
            latin = ""
        elif lower == "й" and before in "ае" and after.isalpha() and after not in _VOWELS:
            latin = "i"  # inside a word, as English writes these names: Kairat, Aigerim, Kudaibergen
        elif lower == "е" and before == "ы":
            latin = "e"  # "Чакыев" -> "Chakyev", not "Chakyyev"
        elif lower == "е" and plain_e and before in _VOWELS:
            latin = "e"
        elif lower in "её" and (not before.isalpha() or before in _VOWELS):
            latin = "y" + _LATIN[lower].lstrip("y")
        else:
            latin = _LATIN[lower]
        out.append(
            latin.capitalize()
            if char.isupper() and (not after or not after.isupper())
            else latin.upper()
            if char.isupper()
            else latin
        )
    return "".join(out)


@lru_cache(maxsize=1)
def _palladius() -> tuple[frozenset[str], dict[str, str]]:
    """Chinese surnames and every Palladius syllable with its pinyin, from patterns/palladius.yaml."""
    from silkgraph.patterns import load_pattern_file

    data = load_pattern_file("palladius.yaml")
    table = {cyr: pinyin for cyr, pinyin in data["syllables"]}
    labial = set(data["labial_o"])
    for initial, plain, palatal in data["initials"]:
        for final, pinyin in data["finals"]:
            if final == "ы" and initial not in ("цз", "ц", "с"):
                continue  # "ы" is only the -i of zi, ci, si
            if final == "о" and initial in labial:
                pinyin = "o"
            table.setdefault(initial + final, plain + pinyin)
        for final, pinyin in data["palatal_finals"]:
            if initial in ("чж", "ч", "ш", "ж") and final != "и":
                continue  # zh, ch, sh, r take no i- or ü- finals other than their own -i
            if final.startswith("ю") and len(final) > 1 and initial in ("н", "л"):
                pinyin = "ü" + pinyin[1:]  # nü, lüe
            table.setdefault(initial + final, palatal + pinyin)
    return frozenset(s.lower() for s in data["surnames"]), table


def _syllables(word: str, table: dict[str, str]) -> list[str] | None:
    """`word` cut into Palladius syllables (longest first, backing off), as pinyin, or None."""
    if not word:
        return []
    for size in range(min(5, len(word)), 0, -1):
        pinyin = table.get(word[:size])
        if pinyin is None:
            continue
        rest = _syllables(word[size:], table)
        if rest is not None:
            if rest and rest[0][0] in "aeo":
                rest[0] = "'" + rest[0]  # Xi'an: a syllable that begins with a vowel is set apart
            return [pinyin, *rest]
    return None


def chinese_name(text: str) -> str | None:
    """A Chinese name written in Palladius Cyrillic, in pinyin ("Чжао Ган" -> "Zhao Gang"), or None
    when it is not one: the first word is no Chinese surname or a word is not made of syllables."""
    surnames, table = _palladius()
    words = text.lower().split()
    if len(words) < 2 or words[0] not in surnames:
        return None
    out = []
    for word in words:
        word = word.replace("ё", "е")
        # Russian declines a Chinese name that ends in a consonant ("Чжао Гана", "Си Цзиньпина")
        ending = next((e for e in _CHINESE_CASE_ENDINGS if word.endswith(e) and word[: -len(e)].endswith("н")), "")
        syllables = _syllables(word[: len(word) - len(ending)], table)
        if syllables is None:
            return None
        out.append("".join(syllables).capitalize())
    return " ".join(out)


_CHINESE_CASE_ENDINGS = ("ом", "а", "у", "е")
