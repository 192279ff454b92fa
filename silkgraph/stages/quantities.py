"""Quantities in German and English news: money, percentages, counts and measures.

`find_quantities` reads each number of a text with what belongs to it: a
qualifier before ("mehr als", "rund", "over"), a currency sign or code
("$", "US$", "USD"), a scale ("Milliarden", "Mrd.", "bn"), and after it a
currency ("US-Dollar", "Tenge"), a percent sign or word, or a noun. The noun
decides between a count ("45 gemeinsame Investitionsprojekte" -> projects:
a German compound counts by its head), a measure ("30 Milliarden Kubikmeter"
-> bcm) and a plain number with the noun as unit.

Numbers that are not quantities are left out: years (for the dates stage),
dates, ordinals ("11. Forum", "11th"), clock times, phone numbers, numbers
glued to letters or inside identifiers (C5+1, G20, COVID-19), after "Nr.",
"Seite", "Artikel", and ages or durations in compounds ("32-jährigen").

Number formats follow the language: in German "1.600" is 1600 and "1,6" is
1.6, in English the other way round; a separator followed by other than
three digits is always decimal. German "Billion" is 10^12, English 10^9.
Word lists are data in patterns/quantities.yaml; the month names for date
exclusion come from patterns/dates.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from silkgraph.patterns import load_pattern_file

_SP = r"[ \t\u00a0\u202f\u2009]"  # spaces inside an expression (not line breaks)
_SEP_RX = re.compile(r"[ .,'\u00a0\u202f\u2009]")
# a numeral: digits with separators; a plain space groups only whole thousands ("50 000 t")
_NUMERAL = r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,'\u00a0\u202f\u2009]\d+)*"
_DIGITS = re.compile(_NUMERAL)
_COMPOUND = re.compile(r"[-–](?P<w>[^\W\d_]+)")
_ISO_BEFORE = re.compile(r"\d{4}-(?:\d{1,2}-)?$")
_NUMERIC_DATE = re.compile(r"\d{1,2}[./]\d{1,2}$")
_PHONE = re.compile(r"[+(0][\d()/ \u00a0-]{6,}\d")


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str  # the whole expression, qualifier words included
    value: float
    unit: str  # ISO 4217, "%", an English plural count noun, a measure, or a noun ("" if none)
    kind: str  # money | percent | count | measure | number
    qualifier: str | None  # over | under | about
    number_start: int
    number_end: int
    note: str | None = None  # "percentage points"; "range" for the first number of "20 bis 30 %"


def parse_number(s: str, language: str | None = None, before_scale: bool = False) -> Decimal | None:
    """Value of a numeral with separators, or None when its grouping is not a number's
    ("1.2.3", "15.01"). A single "." or "," before exactly three digits is grouping in the
    language that groups with it ("1.600" de, "1,600" en), decimal otherwise; without a
    language it is grouping unless a scale word follows ("1.250 billion")."""
    if s.isdigit():
        return Decimal(s)
    parts, seps = _SEP_RX.split(s), _SEP_RX.findall(s)
    if not all(parts):
        return None
    point = None
    if len(set(seps)) > 1:
        point = seps[-1]
        if point not in ".," or seps.count(point) > 1:
            return None
        groups = parts[1:-1]
    elif len(seps) > 1 or seps[0] not in ".,":
        groups = parts[1:]
    else:
        sep, decimal = seps[0], _decimal_marks().get((language or "")[:2].lower())
        if len(parts[1]) != 3:
            point = sep
        elif decimal:
            point = sep if sep == decimal else None
        else:
            point = sep if before_scale else None
        groups = [] if point else parts[1:]
    if any(len(g) != 3 for g in groups) or (groups and len(parts[0]) > 3):
        return None
    try:
        return Decimal(parts[0] + "".join(groups) + ("." + parts[-1] if point else ""))
    except InvalidOperation:
        return None


def _alt(words, ci: bool = False) -> str:
    """Regex alternation of literal words, longest first, grouped by first letter (so the
    engine tests one branch per letter); spaces match any run of spaces."""
    by_first: dict[str, list[str]] = {}
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        by_first.setdefault(w[0], []).append(re.escape(w[1:]).replace(r"\ ", r"\s+"))
    if not by_first:
        return "(?!)"
    body = "|".join(re.escape(c).replace(r"\ ", r"\s+") + "(?:" + "|".join(rest) + ")" for c, rest in by_first.items())
    return f"(?i:{body})" if ci else f"(?:{body})"


@lru_cache(maxsize=1)
def _decimal_marks() -> dict[str, str]:
    """Language -> the mark that starts decimals ("," in German and Russian, "." in English)."""
    return dict(load_pattern_file("quantities.yaml")["decimal_mark"])


def _langs(language: str | None) -> tuple[str, ...]:
    """The languages whose words are read: the document's, or German and English when it has none
    that the word lists know."""
    code = (language or "").lower()[:2]
    return (code,) if code in load_pattern_file("quantities.yaml")["number_words"] else ("de", "en")


class _Grammar:
    """Word tables and compiled expressions for a set of languages."""

    def __init__(self, langs: tuple[str, ...]):
        data = load_pattern_file("quantities.yaml")
        months = load_pattern_file("dates.yaml")["months"]

        def merged(name):
            return {k: v for lang in langs for k, v in (data[name].get(lang) or {}).items()}

        def listed(name):
            return [w for lang in langs for w in data[name].get(lang) or []]

        self.scales = {k.casefold(): Decimal(str(v)) for k, v in data["scales"].items()}
        self.german_billion = set(data["german_billion"])
        self.glued = {k: Decimal(str(v)) for k, v in data["glued_scales"].items()}
        self.numbers = {k.casefold(): Decimal(str(v)) for k, v in merged("number_words").items()}
        self.articles = {k.casefold(): Decimal(str(v)) for k, v in merged("articles").items()}
        self.prefixes = {
            **data["currency_prefixes"],
            **{c: c for c in data["currency_codes"]},
            **data["currency_aliases"],
        }
        self.names = {n: code for code, names in data["currency_names"].items() for n in names}
        self.names.update({c: c for c in data["currency_codes"]})
        self.names.update(data["currency_aliases"])
        self.qualifiers = {
            " ".join(w.casefold().split()): q
            for side in ("qualifiers_before", "qualifiers_after")
            for q, words in data[side].items()
            for w in words
        }
        self.function_words = {w.casefold() for w in data["function_words"]}
        self.links = {w.casefold() for w in data["adjective_links"]}
        self.not_count = {w.casefold() for w in data["not_count_words"]}
        # heads: exact forms, suffix forms (German compound heads), and forms matched as written
        self.heads: dict[str, tuple[str, str]] = {}
        self.suffixes: dict[str, tuple[str, str]] = {}
        self.exact = {f: (unit, "measure") for unit, forms in data["measures_exact"].items() for f in forms}
        for table, kind in (("count_nouns", "count"), ("measures", "measure")):
            for unit, forms in data[table].items():
                for form in forms:
                    f = form.casefold()
                    if f.startswith("-"):
                        self.suffixes[f[1:]] = self.heads[f[1:]] = (unit, kind)
                    else:
                        self.heads[f] = (unit, kind)
                        if len(f) >= 6 and " " not in f:
                            self.suffixes[f] = (unit, kind)
        self.scaled_units = {
            u: {Decimal(str(k)): v for k, v in (m or {}).items()} for u, m in data["scaled_units"].items()
        }
        self.no_compound = set(data["compound_units_not"])
        weak = data.get("weak_qualifiers") or {}
        self.weak_qualifiers = {" ".join(w.casefold().split()) for lang in langs for w in weak.get(lang) or []}
        nouns = data.get("noun_prepositions") or {}
        self.noun_prepositions = {w.casefold() for lang in langs for w in nouns.get(lang) or []}
        change = [w for lang in langs for w in (data.get("change_words") or {}).get(lang) or []]
        self.change_words = re.compile(rf"(?<!\w)(?:{'|'.join(change) or '(?!)'})", re.IGNORECASE)
        # the end of the first number of a range, with its scale ("от 1 млрд до 2 млрд")
        self.range_start = re.compile(rf"\d(?:{_SP}*{_alt(self.scales, True)}\.?)?\s*$")
        self.range_gap = re.compile(rf"\s*(?:[-–—]|{_alt(listed('range_words'), True)})\s*")

        abbrs = [w for w in data["scales"] if len(w) <= 4]  # "Mrd.", "Mio.", "bn": may end in a stop
        words = [w for w in data["scales"] if w not in abbrs]
        num_words = list(self.numbers) + list(self.articles)
        # number words are searched in the lower-cased text (one spelling per word is much
        # faster); an article counts only before a scale word ("eine Milliarde")
        self.word_numbers = re.compile(rf"{_alt(self.numbers)}(?!\w)")
        self.scale_words = re.compile(rf"{_alt(self.scales)}(?!\w)")
        self.article_before = re.compile(rf"(?<!\w){_alt(self.articles)}{_SP}+$")
        num = rf"(?P<num>{_NUMERAL}|{_alt(num_words, True)})"
        self.tail = re.compile(
            num + r"(?P<plus>\+(?![\d+]))?"
            rf"(?:(?P<gscale>[kmb])(?!\w)|{_SP}*-?{_SP}*(?:(?P<scale>{_alt(words, True)})(?!\w)"
            rf"|(?P<sabbr>{_alt(abbrs, True)})(?P<sdot>\.)?(?!\w)))?"
            rf"(?:{_SP}*-?{_SP}*(?:(?P<pp>{_alt(data['percentage_points'], True)})(?!\w)"
            rf"|(?P<pct>{_alt(data['percent'], True)})(?!\w)"
            rf"|(?P<cur>{_alt(self.names)})(?![\w$€])))?"
        )
        self.left_cur = re.compile(rf"(?P<cur>{_alt(self.prefixes)}){_SP}?$")
        self.left_sign = re.compile(rf"(?:(?<!\w){_alt(listed('minus_words'), True)}{_SP}+|(?<![\w\d.,])[−-])$")
        self.left_qual = re.compile(
            rf"(?<!\w)(?P<q>{_alt(w for q in data['qualifiers_before'].values() for w in q)})"
            rf"{_SP}+$",
            re.IGNORECASE,
        )
        self.right_qual = re.compile(
            rf"{_SP}+(?P<q>{_alt(w for q in data['qualifiers_after'].values() for w in q)})"
            r"(?!\w)",
            re.IGNORECASE,
        )
        self.left_ident = re.compile(
            rf"(?:(?<!\w){_alt(w for w in data['identifier_words'] if w[0].isalnum())}"
            rf"|{_alt(w for w in data['identifier_words'] if not w[0].isalnum())}){_SP}*$"
        )
        self.time_after = re.compile(rf"{_SP}*(?:{_alt(listed('time_words'))})(?!\w)|:\d\d")
        month_names = [m for lang in langs if lang in months for part in ("full", "short") for m in months[lang][part]]
        day_links = listed("day_month_links")
        self.date_after = re.compile(
            rf"\.?{_SP}*(?:{_alt(day_links) if day_links else '(?!)'}{_SP}+)?"
            rf"{_alt(month_names)}\b|[./]\d{{1,2}}[./]\d{{2,4}}"
        )
        self.month_before = re.compile(rf"(?<!\w){_alt(month_names)}\.?,?{_SP}+$")
        self.referential = re.compile(rf"(?<!\w){_alt(data['referential_before'], True)}{_SP}+$")
        self.year_before = re.compile(rf"(?<!\w){_alt(data['year_words'], True)}{_SP}+$")
        self.word = re.compile(rf"{_SP}+(?P<w>[^\W\d_][\w]*(?:[-–][\w]+)*)")
        self.ordinal_dot = "de" in langs
        self.month_day = "en" in langs  # "January 15": English puts the day after the month
        # nouns written in lower case (not German): the first word after a number may be its unit
        self.english = not any(lang in data["capitalised_nouns"] for lang in langs)
        self._head_cache: dict[str, tuple[str, str] | None] = {}

    def head(self, word: str, prev: str | None = None) -> tuple[str, str] | None:
        """(unit, kind) of a noun by itself, with the word before it, or by its compound head."""
        if word in self.exact:
            return self.exact[word]
        low = word.casefold()
        if prev and f"{prev.casefold()} {low}" in self.heads:
            return self.heads[f"{prev.casefold()} {low}"]
        if low in self._head_cache:
            return self._head_cache[low]
        hit = None
        if low not in self.not_count:
            hit = self.heads.get(low) or self.heads.get(re.split(r"[-–]", low)[-1])
            for i in range(1, max(1, len(low) - 3)) if hit is None else ():
                hit = self.suffixes.get(low[i:])
                if hit:
                    break
        if len(self._head_cache) > 100_000:
            self._head_cache.clear()
        self._head_cache[low] = hit
        return hit


@lru_cache(maxsize=4)
def _grammar(langs: tuple[str, ...]) -> _Grammar:
    return _Grammar(langs)


_ONE = Decimal(1)


def _is_phone(s: str) -> bool:
    """Seven digits or more in three groups or more, unless they group thousands ("1 600 000")."""
    runs = re.findall(r"\d+", s)
    thousands = len(runs[0]) <= 3 and all(len(r) == 3 for r in runs[1:])
    return sum(map(len, runs)) >= 7 and len(runs) >= 3 and not thousands


class _Reader:
    def __init__(self, text: str, g: _Grammar, lang: str | None):
        self.text, self.g, self.lang = text, g, lang
        phones = [m.span() for m in _PHONE.finditer(text) if _is_phone(m.group())]
        self.phone_starts, self.phone_ends = [a for a, _ in phones], [b for _, b in phones]

    def in_phone(self, pos: int) -> bool:
        i = bisect_right(self.phone_starts, pos) - 1
        return i >= 0 and pos < self.phone_ends[i]

    def not_a_quantity(self, m: re.Match, ns: int, ne: int, bare: bool) -> bool:
        """Dates, times, ordinals, identifiers: numbers that only look like quantities."""
        text, g = self.text, self.g
        prev = text[ns - 1] if ns else " "
        if prev.isalnum() or prev == "_" or (prev == ":" and text[ns - 2 : ns - 1].isdigit()):
            return True  # "G20", "14:30"
        if prev in "+/-–" and ns >= 2 and (text[ns - 2].isalpha() or (prev in "+/" and text[ns - 2].isalnum())):
            return True  # "C5+1", "COVID-19", "15/01"
        num = m["num"]
        if not num[0].isdigit():
            return False
        if _ISO_BEFORE.search(text, max(0, ns - 8), ns) or (len(num) == 4 and re.match(r"-\d\d\b", text[ne : ne + 4])):
            return True  # "2025-01-15"
        if bare:
            if g.date_after.match(text, ne) or g.time_after.match(text, ne):
                return True  # "15. Januar", "15 January", "10 Uhr", "14:30"
            if _NUMERIC_DATE.match(num) and text[ne : ne + 1] in "./":
                return True  # "15.01."
            if (
                g.ordinal_dot
                and num.isdigit()
                and len(num) <= 3
                and text[ne : ne + 1] == "."
                and (ne + 1 == len(text) or text[ne + 1].isspace())
            ):
                return True  # "das 11. Forum" (a sentence ending in a bare number goes too)
            if (
                num.isdigit()
                and ((g.month_day and len(num) <= 2 and int(num) <= 31) or len(num) == 4)
                and g.month_before.search(text, max(0, ns - 16), ns)
            ):
                return True  # "January 15", "Oktober 2024"
        if (
            len(num) == 4
            and num.isdigit()
            and 1900 <= int(num) <= 2100
            and g.year_before.search(text, max(0, ns - 10), ns)
        ):
            return True  # "im Jahr 2022", "seit 2019"
        return self.in_phone(ns)

    def noun(self, pos: int) -> tuple[str, str, int] | None:
        """(unit, kind, end) of the noun after a number: a count or measure head among the next
        four words (adjectives may stand between), else the first noun-like word as unit."""
        g, words = self.g, []  # type: _Grammar, list[re.Match]
        while len(words) < 4:
            w = g.word.match(self.text, pos)
            if not w:
                break
            low = w["w"].casefold()
            if low in g.links and words and (g.english or words[-1]["w"].islower()):
                pos = w.end()  # "kasachische und amerikanische Unternehmen"
                continue
            if low in g.function_words:
                break
            words.append(w)
            pos = w.end()
        prev = None
        for w in words:
            if w["w"].casefold() in g.numbers or w["w"].casefold() in g.articles:
                break
            hit = g.head(w["w"], prev)
            if hit:
                return hit[0], hit[1], w.end()
            prev = w["w"]
        for w in words:  # German nouns are capitalised; English ones are the first word
            if g.english or w["w"][0].isupper():
                return w["w"].casefold(), "number", w.end()
        return None

    def plain_preposition(self, q: re.Match) -> bool:
        """Russian "до" hedges ("до 5 млрд", up to) unless a word of change governs it
        ("вырос до 5 млрд", rose to): then it only marks where the change ends. German "über"
        hedges ("über 5 Mrd") unless a noun governs it ("ein Kredit über 5 Mrd", a loan of)."""
        word = " ".join(q["q"].casefold().split())
        before = self.text[max(0, q.start() - 60) : q.start()]
        before = re.split(r"[.!?;\n]", before)[-1]
        if word in self.g.noun_prepositions:
            last = re.search(r"(\w+)\W*$", before)
            # a capitalised word that does not open the sentence is a German noun
            return bool(last and last.group(1)[0].isupper() and before[: last.start(1)].strip())
        if word not in self.g.weak_qualifiers:
            return False
        if self.g.range_start.search(before):
            return True  # "от 5 до 10 млн", "от 1 млрд до 2 млрд": the second number of a range
        return bool(self.g.change_words.search(before))

    def read(self, s: int, floor: int) -> tuple[Quantity, Decimal] | None:
        text, g = self.text, self.g
        m = g.tail.match(text, s)
        if not m:
            return None
        num, (ns, ne) = m["num"], m.span("num")
        if len(num) > 40:
            return None  # a digit string, not an amount
        end = m.end()
        if text[end : end + 1].isalnum():
            return None  # "5G", "11th", "3mm"
        bare = end == ne
        if self.not_a_quantity(m, ns, ne, bare):
            return None
        edge, cur = ns, None
        c = g.left_cur.search(text, max(floor, ns - 6), ns)
        if c:
            cur, edge = g.prefixes[c["cur"]], c.start()
        sign = g.left_sign.search(text, max(floor, edge - 8), edge)
        if sign:
            edge = sign.start()
        if g.left_ident.search(text, max(0, edge - 16), edge):
            return None  # "Nr. 5", "Artikel 5", "Seite 12"
        scale_word = m["scale"] or m["sabbr"]
        if num[0].isdigit():
            value = parse_number(num, self.lang, before_scale=bool(scale_word))
            if value is None:
                return None
        else:
            key = num.casefold()
            if key in g.articles and not scale_word:
                return None  # "ein Abkommen", "a deal": an article, not a numeral
            if not scale_word and g.referential.search(text, max(0, ns - 8), ns):
                return None  # "die drei Länder": known things, not a count
            value = g.numbers.get(key) or g.articles[key]
        scale = _ONE
        if m["gscale"]:
            if not (cur or m["cur"]):
                return None  # "3m" is three metres
            scale = g.glued[m["gscale"]]
        elif scale_word:
            scale = g.scales[scale_word.casefold()]
            if scale_word == "Billionen" or (scale_word in g.german_billion and not g.english):
                scale = Decimal("1e12")  # German "Billion"
        unit, kind, note = "", "number", None
        if m["cur"] or cur:
            unit, kind = cur or g.names[m["cur"]], "money"
        elif m["pct"] or m["pp"]:
            unit, kind, note = "%", "percent", "percentage points" if m["pp"] else None
        else:
            compound = _COMPOUND.match(text, end) if text[end : end + 1] in "-–" else None
            if compound:  # "30-Tonnen-Lkw" is 30 tonnes; "32-jährigen" is an age
                hit = g.head(compound["w"])
                if not hit or hit[0] in g.no_compound:
                    return None
                unit, kind, end = hit[0], hit[1], compound.end("w")
            elif not g.time_after.match(text, end):
                found = self.noun(end)
                if found:
                    unit, kind, end = found
            scaled = g.scaled_units.get(unit, {}).get(scale)
            if scaled:
                unit, scale = scaled, _ONE  # "30 Milliarden Kubikmeter" = 30 bcm
        if (
            kind == "number"
            and scale == _ONE
            and (not num[0].isdigit() or (len(num) == 4 and num.isdigit() and 1900 <= int(num) <= 2100))
        ):
            return None  # a year (for the dates stage), or "zwei" without a noun
        q = g.left_qual.search(text, max(floor, edge - 24), edge)
        if q and self.plain_preposition(q):
            q = None
        qualifier = g.qualifiers[" ".join(q["q"].casefold().split())] if q else ("over" if m["plus"] else None)
        start = q.start() if q else edge
        after = g.right_qual.match(text, end)
        if after and qualifier is None and not re.match(r"\s*\d", text[after.end() : after.end() + 3]):
            qualifier, end = g.qualifiers[" ".join(after["q"].casefold().split())], after.end()
        amount = value * scale * (-1 if sign else 1)
        return Quantity(start, end, text[start:end], float(amount), unit, kind, qualifier, ns, ne, note), scale


def _ranges(text: str, found: list[tuple[Quantity, Decimal]], g: _Grammar) -> list[Quantity]:
    """The first number of a range takes the unit and scale of the second: "20 bis 30 Prozent",
    "1,6-2 Mrd. US-Dollar", "between 20 and 30 percent". With the currency before the first and the
    scale after the second ("$2-3 billion", "€1.5–2bn"), each takes what the other has."""
    found = list(found)
    for i in range(len(found) - 1):
        (q, scale), (nxt, nscale) = found[i], found[i + 1]
        if (
            q.kind == "money"
            and scale == _ONE
            and nxt.kind == "number"
            and not nxt.unit
            and nscale != _ONE
            and g.range_gap.fullmatch(text, q.end, nxt.start)
        ):
            found[i] = (replace(q, value=float(Decimal(repr(q.value)) * nscale), note="range"), nscale)
            found[i + 1] = (replace(nxt, unit=q.unit, kind="money"), nscale)
    out = []
    for i, (q, scale) in enumerate(found):
        if q.kind == "number" and not q.unit and i + 1 < len(found):
            nxt, nscale = found[i + 1]
            if nxt.unit and nxt.qualifier is None and g.range_gap.fullmatch(text, q.end, nxt.start):
                value = Decimal(repr(q.value)) * (nscale if scale == _ONE else _ONE)
                q = Quantity(
                    q.start,
                    q.end,
                    q.text,
                    float(value),
                    nxt.unit,
                    nxt.kind,
                    q.qualifier,
                    q.number_start,
                    q.number_end,
                    "range",
                )
        out.append(q)
    return out


def _compound_amounts(text: str, found: list[tuple[Quantity, Decimal]]) -> list[tuple[Quantity, Decimal]]:
    """An amount told in two scales is one: "1 млрд 200 млн долларов" is 1.2 billion dollars, "eine
    Milliarde 200 Millionen Euro" 1.2 billion euros."""
    out: list[tuple[Quantity, Decimal]] = []
    i = 0
    while i < len(found):
        q, scale = found[i]
        if i + 1 < len(found) and q.kind == "number" and not q.unit and scale > _ONE:
            nxt, nscale = found[i + 1]
            if _ONE < nscale < scale and nxt.qualifier is None and not text[q.end : nxt.start].strip():
                value = float(Decimal(repr(q.value)) + Decimal(repr(nxt.value)))
                merged = Quantity(
                    q.start,
                    nxt.end,
                    text[q.start : nxt.end],
                    value,
                    nxt.unit,
                    nxt.kind,
                    q.qualifier,
                    q.number_start,
                    nxt.number_end,
                    nxt.note,
                )
                out.append((merged, scale))
                i += 2
                continue
        out.append((q, scale))
        i += 1
    return out


def find_quantities(text: str, language: str | None) -> list[Quantity]:
    """Quantities of `text`, sorted and non-overlapping."""
    if not text:
        return []
    langs = _langs(language)
    g = _grammar(langs)
    reader = _Reader(text, g, langs[0] if len(langs) == 1 else None)
    starts = [m.start() for m in _DIGITS.finditer(text)]
    lower = text.lower()
    if len(lower) != len(text):  # a few letters ("İ") grow in lower case: keep offsets aligned
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    words = [m.start() for m in g.word_numbers.finditer(lower)]
    for m in g.scale_words.finditer(lower):  # "eine Milliarde", "a billion"
        article = g.article_before.search(lower, max(0, m.start() - 8), m.start())
        if article:
            words.append(article.start())
    words = [s for s in words if not (s and (text[s - 1].isalnum() or text[s - 1] == "_"))]
    found: list[tuple[Quantity, Decimal]] = []
    floor = 0
    for s in sorted(starts + words) if words else starts:
        if s < floor:
            continue
        got = reader.read(s, floor)
        if got:
            found.append(got)
            floor = got[0].end
    return _ranges(text, _compound_amounts(text, found), g)


def count_unit(words: list[str], language: str | None) -> str | None:
    """The unit of the first count noun among `words` ("chinesischen Touristen" -> tourists, "трудовых
    мигрантов" -> migrants), for a count whose noun stands away from its number ("the number of
    migrants fell to 410,000")."""
    g = _grammar(_langs(language))
    prev = None
    for word in words:
        hit = g.head(word, prev)
        if hit:
            return hit[0] if hit[1] == "count" else None
        prev = word
    return None
