"""Temporal expressions in German and English news, with ISO values.

`find_timexes` finds full dates, months, years, quarters, halves, seasons and
relative expressions ("am Dienstag", "im Juni", "im vergangenen Jahr", "vor
zwei Jahren", "last week") and resolves them against the publication date.

How the search works: every rule starts at a word that can begin a date (a
number, a month, a weekday, a relative word); each token of the text is looked
up in a table of such words, so a rule's expression runs only where it can
match. The words in front that belong to the expression (prepositions,
"Anfang", "vergangenen", a weekday before a date) are then taken in by short
searches that end at the match. All candidates compete: the longest wins.
Weekdays and months without a year are read backward from publication, or
forward when their clause has a future cue and no past cue ("soll", "will").

Precision follows what the text says, never more than the publication date
allows: with a publication month ("2024-07") a weekday resolves to the month;
"last week" and "vor drei Wochen" resolve to the month that holds the
publication date minus the weeks, because a week has no ISO form in the
analysis contract and a month stays a prefix of the true day. Without a
publication date relative expressions have value None, never the clock.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from calendar import monthrange
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from silkgraph.patterns import load_pattern_file

PAST, FUTURE = "past", "future"
_NOT_YEAR_END = r"(?![\w%]|[.,]\d)"
_LOWER_WORD_AFTER = re.compile(r"\s+([^\W\d_A-ZА-ЯЁ]\w{2,})")  # a noun, not "в" or "на"
_YEAR_SPAN_AFTER = re.compile(r"\s?[-–—]\s?(?:19|20)\d\d(?!\d)")
_YEAR_SPAN_BEFORE = re.compile(r"(?<!\d)(?:19|20)\d\d\s?[-–—]\s?$")


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str  # == doc_text[start:end]
    value: str | None  # ISO "2025", "2025-07", "2025-01-14", "2023-Q1"; None if unresolvable
    relative: bool  # resolved against the publication date
    direction: str | None  # "past"/"future" for weekdays, months, quarters without a year
    mod: str | None = None  # early|mid|late|during|since|until|from|before|after|H1|H2|season
    anchor: str | None = None  # what a relative timex names, for `resolve`: "weekday:1", "month:6"


# ---------------------------------------------------------------- resolution

Pub = tuple[int, "int | None", "int | None"]


def parse_published(published: str | None) -> Pub | None:
    """(year, month, day) of an ISO date of any precision; None when missing or invalid."""
    if not published:
        return None
    m = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?!\d)", published)
    if not m:
        return None
    y, mo, d = int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None
    try:
        date(y, mo or 1, d or 1)
    except ValueError:
        return None
    return y, mo, d


def iso(y: int, m: int | None = None, d: int | None = None) -> str:
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if m and d else "")


def _pub(published: str | Pub | None) -> Pub | None:
    return published if isinstance(published, tuple) else parse_published(published)


def shift_weekday(published, weekday: int, direction: str = PAST, strict: bool = False) -> str | None:
    """The `weekday` (0 = Monday) nearest the publication day in `direction`: on or before it
    for "past", on or after it for "future" (strictly, for "vergangenen"/"next"). With a
    publication month or year only, that month or year."""
    pub = _pub(published)
    if pub is None:
        return None
    y, m, d = pub
    if d is None:
        return iso(y, m)
    today = date(y, m or 1, d)
    if direction == FUTURE:
        delta = (weekday - today.weekday()) % 7 or (7 if strict else 0)
    else:
        delta = -((today.weekday() - weekday) % 7 or (7 if strict else 0))
    day = today + timedelta(days=delta)
    return iso(day.year, day.month, day.day)


def resolve_month(
    published, month: int, direction: str = PAST, day: int | None = None, strict: bool = False
) -> str | None:
    """A month (and day) named without a year: in the publication year if that lies in
    `direction` from the publication date, else the year before (past) or after (future)."""
    pub = _pub(published)
    if pub is None:
        return None
    y, pm, pd = pub
    if pm is not None:
        here = (month, day or 0) if (pd and day and month == pm) else (month, 0)
        now = (pm, pd or 0) if (pd and day and month == pm) else (pm, 0)
        if direction == FUTURE:
            y += 0 if (here > now or (here == now and not strict)) else 1
        else:
            y -= 0 if (here < now or (here == now and not strict)) else 1
    if day and day > monthrange(y, month)[1]:
        return iso(y, month)
    return iso(y, month, day)


def resolve_part(published, index: int, parts: int, direction: str = PAST) -> int | None:
    """Year of the `index`-th of `parts` parts of a year (quarters: 4, halves: 2) named
    without a year, seen from the publication date in `direction`."""
    pub = _pub(published)
    if pub is None:
        return None
    y, pm, _ = pub
    if pm is None:
        return y
    current = (pm - 1) * parts // 12 + 1
    if direction == FUTURE:
        return y if index >= current else y + 1
    return y if index <= current else y - 1


def resolve_offset(published, unit: str, offset: int) -> str | None:
    """Publication period shifted by `offset` units (year, month, week, day), at the precision
    of the unit (weeks as the month holding the shifted day) and at most of the publication."""
    pub = _pub(published)
    if pub is None:
        return None
    y, m, d = pub
    if unit == "year":
        return iso(y + offset)
    if m is None:
        return iso(y)
    if unit == "month":
        n = y * 12 + m - 1 + offset
        return iso(n // 12, n % 12 + 1)
    if d is None:
        return iso(y, m)
    day = date(y, m, d) + timedelta(days=offset * (7 if unit == "week" else 1))
    return iso(day.year, day.month) if unit == "week" else iso(day.year, day.month, day.day)


def resolve_anchor(anchor: str, published, direction: str = PAST) -> str | None:
    """Value of a relative timex's `anchor` read in `direction`."""
    kind, _, rest = anchor.partition(":")
    args = rest.split(":")
    strict = args[-1] == "strict"
    if kind == "weekday":
        return shift_weekday(published, int(args[0]), direction, strict)
    if kind == "month":
        return resolve_month(published, int(args[0]), direction, strict=strict)
    if kind == "monthday":
        return resolve_month(published, int(args[0]), direction, day=int(args[1]))
    if kind in ("quarter", "half"):
        year = resolve_part(published, int(args[0]), 4 if kind == "quarter" else 2, direction)
        return None if year is None else (f"{year}-Q{args[0]}" if kind == "quarter" else str(year))
    if kind == "offset":
        return resolve_offset(published, args[0], int(args[1]))
    if kind == "years":  # the publication year shifted, with the rest from the text: "-06", "-Q3"
        pub = _pub(published)
        return None if pub is None else f"{pub[0] + int(args[0]):04d}{args[1]}"
    return None


def resolve(timex: Timex, published, direction: str | None = None) -> Timex:
    """The timex resolved again: against another publication date, or read the other way when
    a caller knows the tense ("soll im Juli beginnen" -> FUTURE). Absolute ones stay as they are."""
    if not timex.anchor:
        return timex
    direction = direction or timex.direction or PAST
    return replace(
        timex,
        value=resolve_anchor(timex.anchor, published, direction),
        direction=direction if timex.direction else None,
    )


# ---------------------------------------------------------------- grammar

_DIGITS = "#"  # a rule's start word standing for any number


def _alt(words, ci: bool = False) -> str:
    """Regex alternation of literal words, longest first; spaces match any run of spaces."""
    if not words:
        return "(?!)"
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=lambda w: (-len(w), w)))
    return f"(?i:{body})" if ci else f"(?:{body})"


def _key(s: str) -> str:
    return " ".join(s.split()).casefold()


class _Grammar:
    """Word tables and compiled expressions for a set of languages."""

    def __init__(self, langs: tuple[str, ...]):
        data = load_pattern_file("dates.yaml")

        def merged(name, part=None):
            out = {}
            for lang in langs:
                table = data[name].get(lang) or {}
                out.update((table.get(part) if part else table) or {})
            return out

        def listed(name):
            return [w for lang in langs for w in (data[name].get(lang) or [])]

        def endings(lang):  # stems take the language's endings ("vergangen-en", "прошл-ом")
            return data["endings"].get(lang) or [""]

        def inflected(name):
            return {w + e: v for lang in langs for w, v in (data[name].get(lang) or {}).items() for e in endings(lang)}

        def feature(name):
            return any(data["languages"][lang].get(name) for lang in langs)

        full, short = merged("months", "full"), merged("months", "short")
        self.months, self.full_months = {**short, **full}, set(full)
        self.ambiguous = {w for lang in langs for w in data["months"][lang].get("ambiguous") or []}
        self.weekdays = merged("weekdays")
        tables = (
            "prepositions",
            "period_mods",
            "units",
            "relative_nouns",
            "days",
            "ago_units",
            "number_words",
            "seasons",
        )
        self.preps, self.mods, self.units, self.rel_nouns, self.days, self.ago_units, self.numbers, self.seasons = (
            {_key(k): v for k, v in merged(t).items()} for t in tables
        )
        self.half_needs_year = {_key(w) for w in data["half_needs_year"]}
        self.relational_days = {_key(w): tuple(stems) for w, stems in (data.get("relational_days") or {}).items()}
        rel_words = {
            w + e: int(off)
            for lang in langs
            for off, ws in (data["relative"].get(lang) or {}).items()
            for w in ws
            for e in endings(lang)
        }
        self.rel_off = {_key(w): v for w, v in rel_words.items()}
        ordinals = inflected("ordinals")
        self.ordinals = {_key(w): v for w, v in ordinals.items()}
        self.ago = {
            _key(w): off
            for lang in langs
            for side in ("before", "after")
            for w, off in ((data["ago"].get(lang) or {}).get(side) or {}).items()
        }

        rel, units = _alt(rel_words, True), _alt(merged("units"), True)
        mon_full = _alt(full)
        # a full stop belongs to an abbreviation only ("Jan."), after "Juni." it ends a sentence
        mon_any = rf"(?:(?P<mon>{mon_full})\b|(?P<mon_s>{_alt(short)})\b\.?)"
        wd, ylinks = _alt(self.weekdays), listed("year_links")
        prev_years = [k for k, v in merged("relative_nouns").items() if v[0] == "year" and v[1]]
        genitive = _alt(listed("genitive_words"), True)  # "des vergangenen Jahres", "of last year"
        yrel = rf"(?:{genitive}\s+)?{rel}\s+{units}\b|(?:{genitive}\s+)?{_alt(prev_years)}"
        year = rf"(?P<y>\d{{4}}){_NOT_YEAR_END}"
        ytail = rf"(?:,?\s*(?:{_alt(ylinks, True)}\s+)?{year}|\s+(?P<yrel>{yrel})(?!\w))?"
        ordinal = _alt(ordinals, True) + (r"|[1-4]\." if feature("ordinal_dot") else "")
        part_tail = (
            rf"(?:\s+(?:{_alt(ylinks, True)}\s+)?{year}|\s+(?P<yrel>{yrel})(?!\w)"
            rf"|\s+{_alt(ylinks, True)}(?!\w))?"
        )
        ord_suffix = _alt(listed("ordinal_suffixes"))  # "14th", "2nd"
        suffix = rf"(?:{ord_suffix})?"
        en_day = (
            (
                rf"(?:\s+(?P<d>\d{{1,2}}){suffix}(?![\w%]|[.,:]\d)(?:\s*(?:[-–]|{_alt(listed('range_words'))})\s*"
                rf"(?P<d2>\d{{1,2}}){suffix}(?![\w%]|[.,]\d))?)?"
            )
            if feature("month_day")
            else ""
        )
        glued = [lang for lang in langs if data["languages"][lang].get("glued_day_parts")]
        glued_parts = [w for lang in glued for w in data["day_parts"].get(lang) or []]
        word_parts = [w for lang in langs if lang not in glued for w in data["day_parts"].get(lang) or []]
        de_parts, en_parts = _alt(glued_parts), _alt(word_parts, True)
        lower_only = set(data["lowercase_only"])
        day_words = [v for w in self.days for v in ({w} if w in lower_only else {w, w[:1].upper() + w[1:]})]
        ago_before = [w for lang in langs for w in (data["ago"].get(lang) or {}).get("before") or {}]
        ago_after = _alt([w for lang in langs for w in (data["ago"].get(lang) or {}).get("after") or {}])
        numw, ago_units = _alt(self.numbers, True), _alt(merged("ago_units"))
        hedge = rf"(?:{_alt(listed('ago_hedges'), True)}\s+)?"  # "vor knapp einem Jahr"
        weekday_words = list(self.weekdays) + [w + p for w in self.weekdays for p in glued_parts]
        part = lambda nouns: rf"(?<!\w)(?P<ord>{ordinal})\s+(?P<noun>{_alt(listed(nouns), True)})\b{part_tail}"
        # (rule, expression, words it starts with): an expression is tried only where a token
        # of the text is one of its start words, so ordinary text costs one dict lookup a word
        table = [
            ("iso", r"(?<![\w.,/-])(\d{4})-(\d{2})(?:-(\d{2}))?(?![\w-]|[.,/]\d)", [_DIGITS]),
            ("numeric", r"(?<![\w.,/])(\d{1,2})([./])(\d{1,2})\2(\d{4})(?!\w|[.,]\d)", [_DIGITS]),
            (
                "dmy",
                rf"(?<![\w.,])(?P<d>\d{{1,2}})(?:\.|{ord_suffix})?\s*(?:{genitive}\s+)?{mon_any}{ytail}",
                [_DIGITS],
            ),
            # "mid-October": a hyphen before a month only after a word of position
            (
                "month",
                rf"(?:(?<![\w-])|(?<=(?i:mid)-)){mon_any}(?:\s*[/–-]\s*{mon_full}\b)?{en_day}{ytail}",
                list(self.months),
            ),
            ("quarter", part("quarter_nouns"), [*ordinals, _DIGITS]),
            ("half", part("half_nouns"), [*ordinals, _DIGITS]),
            (
                "q",
                (
                    r"(?<!\w)(?:Q(?P<q>[1-4])(?:\s*[/-]?\s*(?P<y>\d{4}))?|(?P<y2>\d{4})\s*[/-]?\s*Q(?P<q2>[1-4])"
                    r"|(?P<q3>[1-4])Q\s*(?P<y3>\d{4}))(?!\w)"
                ),
                ["Q1", "Q2", "Q3", "Q4", _DIGITS],
            ),
            ("h", r"(?<!\w)H(?P<h>[12])\s*[/-]?\s*(?P<y>\d{4})(?!\w)", ["H1", "H2"]),
            (
                "season",
                (
                    rf"(?<!\w)(?P<season>{_alt(merged('seasons'))})\s+(?:(?P<y>\d{{4}})(?:/\d{{2,4}})?"
                    rf"{_NOT_YEAR_END}|(?P<yrel>{yrel})(?!\w))"
                ),
                list(merged("seasons")),
            ),
            ("year", rf"(?<![\w.,+]){year}", [_DIGITS]),
            ("relunit", rf"(?<!\w)(?P<rel>{rel})\s+(?P<unit>{units})\b", list(rel_words)),
            ("relnoun", rf"(?<!\w)(?P<noun>{_alt(merged('relative_nouns'))})\b", list(merged("relative_nouns"))),
            (
                "modunit",
                (
                    rf"(?<!\w)(?P<mod>{_alt(self.mods, True)})(?:\s+{_alt(listed('period_articles'), True)})?"
                    rf"\s+(?P<unit>{units})\b"
                ),
                list(self.mods),
            ),
            ("dayword", rf"(?<!\w)(?P<w>{_alt(day_words)})(?!\w)", day_words),
            (
                "ago",
                (
                    rf"(?<!\w)(?P<p>{_alt(ago_before, True)})\s+{hedge}(?P<n>{numw}|\d{{1,3}})\s+"
                    rf"(?P<unit>{ago_units})\b(?!\s+(?:{genitive}|{ago_after})(?!\w))"
                ),
                ago_before,
            ),
            (
                "ago",
                rf"(?<!\w)(?P<n>{numw}|\d{{1,3}})\s+(?P<unit>{ago_units})\s+(?P<p>{ago_after})\b",
                [*self.numbers, _DIGITS],
            ),
            ("weekday", rf"(?<!\w)(?P<wd>{wd})(?P<part>{de_parts})?\b(?:\s+(?P<part2>{en_parts})\b)?", weekday_words),
        ]
        exact = {"month", "season", "relnoun", "weekday", "dayword", "q", "h"}
        self.rules = [(re.compile(expr), kind) for kind, expr, _ in table]
        self.triggers: dict[str, list[int]] = {}
        for i, (kind, _, words) in enumerate(table):
            for w in words:
                first = (re.findall(r"\w+|#", w) or [w])[0]  # a phrase starts at its first word
                forms = (
                    {first}
                    if kind in exact
                    else {first, first.lower(), first.upper(), first.capitalize(), first[:1].upper() + first[1:]}
                )
                for form in forms:
                    self.triggers.setdefault(form, []).append(i)
        self.digit_rules = self.triggers.pop(_DIGITS)
        c = re.compile
        self.left_rel = c(rf"(?<!\w)(?P<rel>{rel})(?:\s+|(?<=-))$")
        articles = _alt(listed("date_articles"), True)  # "Dienstag, den 14. Januar", "Tuesday the 14th"
        self.left_weekday = c(rf"(?<!\w)(?P<wd>{wd}),?\s+(?:{articles}\s+)?$")
        self.left_mod = c(
            rf"(?<!\w)(?P<mod>{_alt(self.mods, True)})(?:\s+{_alt(listed('period_articles'), True)})?"
            r"(?:\s+|-)$"
        )
        self.left_prep = c(rf"(?<!\w)(?P<prep>{_alt(self.preps, True)})\s+$")
        year_nouns = listed("year_nouns") + [w for w in ylinks if " " in w]  # not a bare "of"
        self.left_year_noun = c(rf"(?<!\w)(?P<noun>{_alt(year_nouns, True)})\s+$")
        self.left_range = c(
            rf"(?<![\w.,])(?P<d1>\d{{1,2}})(?:\.|{ord_suffix})?\s*"
            rf"(?:[-–/]|{_alt(listed('range_words'), True)})\s*$"
        )
        words = [w for w in data["not_year_after"] if w[0].isalnum()]
        signs = [w for w in data["not_year_after"] if not w[0].isalnum()]
        self.left_not_year = c(rf"(?:(?<!\w){_alt(words, True)}|{_alt(signs)})\s*$|\d\s?$")
        self.left_compare = c(rf"(?<!\w){_alt(listed('comparison_before'), True)}\s+(?:{articles}\s+)?$")
        self.ordinal_suffix = c(rf"\.|{ord_suffix}")
        self.duration_before = c(rf"(?<!\w){_alt(listed('duration_words'), True)}\s+$")
        # long entries are stems ("kilomet"), short ones whole words ("sum" is not "summit")
        stems = [w for w in data["not_year_before"] if len(w) >= 5]
        whole = [w for w in data["not_year_before"] if len(w) < 5]
        self.right_not_year = c(rf"\s*-?\s*(?:{_alt(stems, True)}|{_alt(whole, True)}(?!\w))|\s\d")
        self.future_cues = c(rf"(?<!\w){_alt(listed('future_cues'), True)}(?!\w)")
        self.past_cues = c(rf"(?<!\w){_alt(listed('past_cues'), True)}(?!\w)")

    def phrase_offset(self, phrase: str) -> int:
        """Offset in years of a relative year phrase ("vergangenen Jahres", "des Vorjahres")."""
        for word in map(_key, reversed(phrase.split())):
            if word in self.rel_nouns:
                return self.rel_nouns[word][1]
            if word in self.rel_off:
                return self.rel_off[word]
        return 0


@lru_cache(maxsize=4)
def _grammar(langs: tuple[str, ...]) -> _Grammar:
    return _Grammar(langs)


@lru_cache(maxsize=1)
def _known_languages() -> tuple[str, ...]:
    return tuple(load_pattern_file("dates.yaml")["languages"])


def _langs(language: str | None) -> tuple[str, ...]:
    """The grammar's languages for a document: its own, or all that the data knows."""
    code = (language or "").lower()[:2]
    return (code,) if code in _known_languages() else _known_languages()


# ---------------------------------------------------------------- finding

_TOKEN = re.compile(r"\w+")
_CLAUSE_STOP = re.compile(r'[.!?;:,\n"„“”«»()]')


class _Finder:
    """The rules, each reading one match into Timex candidates."""

    def __init__(self, text: str, g: _Grammar, pub: Pub | None, cues: bool):
        self.text, self.g, self.pub, self.cues = text, g, pub, cues
        self.stops: list[int] | None = None  # clause boundaries, found when first needed

    def left(self, rx: re.Pattern, s: int):
        return rx.search(self.text, max(0, s - 48), s)

    def make(self, s, e, value, relative, direction=None, mod=None, anchor=None) -> Timex:
        return Timex(s, e, self.text[s:e], value, relative, direction, mod, anchor)

    def extend(self, s: int, rel=False, weekday=False, noun=False) -> tuple[int, dict]:
        """Take in the words before a date core that belong to it, innermost first."""
        g, info = self.g, {}
        for name, rx, wanted in (
            ("rel", g.left_rel, rel),
            ("wd", g.left_weekday, weekday),
            ("noun", g.left_year_noun, noun),
            ("mod", g.left_mod, True),
            ("prep", g.left_prep, True),
        ):
            m = self.left(rx, s) if wanted else None
            if m:
                info[name], s = m.group(name), m.start()
        if "rel" in info:
            info["off"] = g.rel_off.get(_key(info["rel"]))
        if "mod" in info:
            info["mod"] = g.mods.get(_key(info["mod"]))
        if "prep" in info:
            info["prep"] = g.preps.get(_key(info["prep"]))
            info["has_prep"] = True
        return s, info

    def direction(self, s: int, e: int) -> str:
        """Future when the clause has a future cue and no past cue; past otherwise."""
        if not self.cues:
            return PAST
        if self.stops is None:
            self.stops = [m.start() for m in _CLAUSE_STOP.finditer(self.text)]
        i, j = bisect_left(self.stops, s), bisect_left(self.stops, e)
        lo = max(self.stops[i - 1] + 1 if i else 0, s - 200)
        hi = min(self.stops[j] if j < len(self.stops) else len(self.text), e + 200)
        if self.g.future_cues.search(self.text, lo, hi) and not self.g.past_cues.search(self.text, lo, hi):
            return FUTURE
        return PAST

    def years(self, s, e, yrel: str, suffix: str = "", mod=None) -> list[Timex]:
        """A period of a year named relative to the publication: "Juni vergangenen Jahres"."""
        anchor = f"years:{self.g.phrase_offset(yrel)}:{suffix}"
        return [self.make(s, e, resolve_anchor(anchor, self.pub), True, mod=mod, anchor=anchor)]

    def iso(self, m):
        y, mo, d = int(m[1]), int(m[2]), int(m[3]) if m[3] else None
        if not (1900 <= y <= 2100 and 1 <= mo <= 12) or (d is not None and d > monthrange(y, mo)[1]):
            return None
        if d is None and mo >= 10 and mo == (y + 1) % 100:
            return None  # "2011-12" is a span of two years
        return [self.make(m.start(), m.end(), iso(y, mo, d), False)]

    def numeric(self, m):
        d, mo, y = int(m[1]), int(m[3]), int(m[4])
        if m[2] == "/" and mo > 12 >= d:
            d, mo = mo, d  # US order
        if not (1 <= mo <= 12 and 1 <= d <= monthrange(y, mo)[1]):
            return None
        s, info = self.extend(m.start(), weekday=True)
        return [self.make(s, m.end(), iso(y, mo, d), False, mod=info.get("prep"))]

    def _day(self, s, e, mon, d, m, mod, clause_end):
        """A day and month with a year from the text, a relative phrase or the publication."""
        y, yrel = m["y"], m["yrel"]
        if y:
            return self.make(s, e, iso(int(y), mon, d), False, mod=mod)
        if yrel:
            return self.years(s, e, yrel, iso(1, mon, d)[4:], mod)[0]
        direction = self.direction(s, clause_end)
        return self.make(
            s, e, resolve_month(self.pub, mon, direction, day=d), True, direction, mod, f"monthday:{mon}:{d}"
        )

    @staticmethod
    def _valid_day(d, mon, y) -> bool:
        return 1 <= int(d) <= monthrange(int(y) if y else 2000, mon)[1]

    def dmy(self, m):
        mon = self.g.months[m["mon"] or m["mon_s"]]
        if not self._valid_day(m["d"], mon, m["y"]):
            return None
        r = self.left(self.g.left_range, m.start())  # "am 3. und 4. Juli"
        s, info = self.extend(r.start() if r else m.start(), weekday=True)
        # "vom 17. bis 19. Juni", "с 17 по 19 июня": the preposition opens a span of days, which is
        # when something took place, not a point it runs from
        mod = None if r and info.get("prep") in ("from", "since") else info.get("prep")
        out = []
        if r and self._valid_day(r["d1"], mon, m["y"]):
            end = self.g.ordinal_suffix.match(self.text, r.end("d1"))
            out.append(self._day(s, end.end() if end else r.end("d1"), mon, int(r["d1"]), m, mod, m.end()))
            s = m.start()
        return out + [self._day(s, m.end(), mon, int(m["d"]), m, mod, m.end())]

    def month(self, m):
        g, gd = self.g, m.groupdict()
        name, y, yrel, d, d2 = m["mon"] or m["mon_s"], m["y"], m["yrel"], gd.get("d"), gd.get("d2")
        mon = g.months[name]
        if (name not in g.full_months and not (y or d)) or (d and not self._valid_day(d, mon, y)):
            return None  # "Jan" alone is a first name
        s, info = self.extend(m.start(), rel=not (y or yrel or d), weekday=bool(d))
        if name in g.ambiguous and not (y or yrel or d or info):
            return None  # "Mai", "May", "August" alone are names
        mod = info.get("mod") or info.get("prep")
        if d:  # English "January 14(-15), 2025"
            out = [self._day(s, m.end("d") if d2 else m.end(), mon, int(d), m, mod, m.end())]
            if d2 and self._valid_day(d2, mon, y):
                out.append(self._day(m.start("d2"), m.end(), mon, int(d2), m, mod, m.end()))
            return out
        if y:
            return [self.make(s, m.end(), iso(int(y), mon), False, mod=mod)]
        if yrel:
            return self.years(s, m.end(), yrel, f"-{mon:02d}", mod)
        off = info.get("off")
        if off == 0:  # "this June": the publication year, whichever side
            direction = PAST if self.pub and (self.pub[1] or 0) >= mon else FUTURE
            return [
                self.make(s, m.end(), iso(self.pub[0], mon) if self.pub else None, True, direction, mod, f"month:{mon}")
            ]
        direction = PAST if off == -1 else FUTURE if off == 1 else self.direction(s, m.end())
        strict = ":strict" if off else ""
        return [
            self.make(
                s,
                m.end(),
                resolve_month(self.pub, mon, direction, strict=bool(strict)),
                True,
                direction,
                mod,
                f"month:{mon}{strict}",
            )
        ]

    def _part(self, m, index: int, parts: int, s: int, mod):
        """A quarter or half with its year from the text, a relative phrase, or the publication."""
        gd = m.groupdict()
        y, yrel = gd.get("y") or gd.get("y2") or gd.get("y3"), gd.get("yrel")
        label = (lambda yr: f"{yr}-Q{index}") if parts == 4 else str
        if y:
            return [self.make(s, m.end(), label(int(y)), False, mod=mod)]
        if yrel:
            return self.years(s, m.end(), yrel, f"-Q{index}" if parts == 4 else "", mod)
        direction = self.direction(s, m.end())
        year = resolve_part(self.pub, index, parts, direction)
        kind = "quarter" if parts == 4 else "half"
        return [self.make(s, m.end(), label(year) if year else None, True, direction, mod, f"{kind}:{index}")]

    def quarter(self, m, parts=4):
        word = _key(m["ord"]).rstrip(".")
        index = int(word) if word.isdigit() else self.g.ordinals.get(word)
        if index is None or index > parts:
            return None
        if parts == 2 and _key(m["noun"]) in self.g.half_needs_year and not (m["y"] or m["yrel"]):
            return None  # "the first half" of a match, a speech, ...
        s, info = self.extend(m.start())
        return self._part(m, index, parts, s, f"H{index}" if parts == 2 else info.get("prep"))

    def half(self, m):
        return self.quarter(m, parts=2)

    def q(self, m):
        s, info = (m.start(), {}) if m["y"] or m["y2"] or m["y3"] else self.extend(m.start())
        if not (m["y"] or m["y2"] or m["y3"] or info.get("has_prep")):
            return None  # a bare "Q1" may be a model name
        return self._part(m, int(m["q"] or m["q2"] or m["q3"]), 4, s, info.get("prep"))

    def h(self, m):
        return [self.make(m.start(), m.end(), str(int(m["y"])), False, mod=f"H{m['h']}")]

    def season(self, m):
        s, _ = self.extend(m.start())
        mod = self.g.seasons[_key(m["season"])]
        if m["yrel"]:
            return self.years(s, m.end(), m["yrel"], mod=mod)
        return [self.make(s, m.end(), str(int(m["y"])), False, mod=mod)]

    def year(self, m):
        g, y = self.g, int(m["y"])
        s, info = self.extend(m.start(), noun=True)
        noun = "noun" in info
        lo, hi = (1000, 2999) if noun else (1900, 2100) if (info.get("has_prep") or "mod" in info) else (1990, 2040)
        if not lo <= y <= hi:
            return None
        if not noun and (g.right_not_year.match(self.text, m.end()) or self.left(g.left_not_year, m.start())):
            return None  # "2022 Dokumente", "$2000", "Tel. 2022 ..."
        mod = info.get("mod") or info.get("prep")
        if _YEAR_SPAN_AFTER.match(self.text, m.end()):
            mod = mod or "from"  # "2023-2027", "2026–2030": a span, not a point
        elif _YEAR_SPAN_BEFORE.search(self.text, max(0, m.start() - 8), m.start()):
            mod = "until"
        return [self.make(s, m.end(), str(y), False, mod=mod)]

    def _offset(self, m, unit: str, off: int, mod=None):
        s, info = self.extend(m.start())
        return [
            self.make(
                s,
                m.end(),
                resolve_offset(self.pub, unit, off),
                True,
                mod=mod or info.get("mod") or info.get("prep"),
                anchor=f"offset:{unit}:{off}",
            )
        ]

    def relunit(self, m):
        off = self.g.rel_off.get(_key(m["rel"]))
        if off == -1 and self.left(self.g.duration_before, m.start()):
            return None  # "over the last year" is a duration, not the previous year
        return None if off is None else self._offset(m, self.g.units[_key(m["unit"])], off)

    def relnoun(self, m):
        unit, off, mod = self.g.rel_nouns[_key(m["noun"])]
        if off and self.left(self.g.left_compare, m.start()):
            return None  # "im Vergleich zum Vorjahr": relative to the figure, not to publication
        return self._offset(m, unit, off, mod)

    def modunit(self, m):
        return self._offset(m, self.g.units[_key(m["unit"])], 0, self.g.mods.get(_key(m["mod"])))

    def dayword(self, m):
        after = _LOWER_WORD_AFTER.match(self.text, m.end())
        stems = self.g.relational_days.get(_key(m["w"]))
        if stems and after and _key(after[1]).startswith(stems):
            return None  # "накануне визита": the eve of an event, not the day before publication
        return self._offset(m, "day", self.g.days[_key(m["w"])])

    def ago(self, m):
        count = int(m["n"]) if m["n"].isdigit() else self.g.numbers[_key(m["n"])]
        return self._offset(m, self.g.ago_units[_key(m["unit"])], self.g.ago[_key(m["p"])] * count)

    def weekday(self, m):
        wd = self.g.weekdays[m["wd"]]
        s, info = self.extend(m.start(), rel=True)
        off = info.get("off")
        direction = PAST if off == -1 else FUTURE if off == 1 else self.direction(s, m.end())
        strict = off in (-1, 1)
        return [
            self.make(
                s,
                m.end(),
                shift_weekday(self.pub, wd, direction, strict),
                True,
                direction,
                info.get("prep"),
                f"weekday:{wd}" + (":strict" if strict else ""),
            )
        ]


def _select(cands: list[Timex]) -> list[Timex]:
    """Non-overlapping candidates, the longest first, in text order."""
    cands.sort(key=lambda t: (t.start - t.end, t.start))
    starts: list[int] = []
    chosen: list[Timex] = []
    for t in cands:
        i = bisect_left(starts, t.start)
        if (i < len(starts) and starts[i] < t.end) or (i > 0 and chosen[i - 1].end > t.start):
            continue
        starts.insert(i, t.start)
        chosen.insert(i, t)
    return chosen


def find_timexes(text: str, language: str | None, published: str | None, *, tense_cues: bool = True) -> list[Timex]:
    """Temporal expressions of `text`, sorted and non-overlapping, resolved against
    `published` (ISO of any precision, or None). With `tense_cues` off, weekdays and
    months without a year are read backward from publication, as in a report."""
    if not text:
        return []
    g = _grammar(_langs(language))
    finder = _Finder(text, g, parse_published(published), tense_cues)
    rules = [(rx, getattr(finder, kind)) for rx, kind in g.rules]
    cands: list[Timex] = []
    for token in _TOKEN.finditer(text):
        word = token.group()
        hits = g.triggers.get(word)
        if hits is None:
            if not word[0].isdigit():
                continue
            hits = g.digit_rules
        for i in hits:
            rx, rule = rules[i]
            m = rx.match(text, token.start())
            found = rule(m) if m else None
            if found:
                cands.extend(t for t in found if t.end > t.start)
    return _select(cands)
