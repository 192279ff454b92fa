"""Publication dates: found in the lead lines of a text, or normalised from metadata.

Scraped articles carry their date in the first lines, alone (``15. Januar,
2025``) or glued to the first sentence (`` date 2025-05 In Almaty ...``).
Only those lead lines are searched, and only the date token is removed, never
the sentence it is glued to. The result is as precise as the text: "2025",
"2025-05" or "2025-05-14". Nothing here ever reads the clock.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterable

from silkgraph.errors import UsageError

LEAD_LINES = 5  # non-empty lines searched before giving up

_MONTH_WORDS = (
    # German
    "januar jänner februar feber märz maerz april mai juni juli august september oktober november dezember "
    "jan feb mär mrz apr jun jul aug sep sept okt nov dez "
    # English
    "january february march may june july october december mar oct dec "
    # Russian, genitive and nominative
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря "
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь"
).split()
_WEEKDAY_WORDS = (
    "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag "
    "monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun "
    "понедельник вторник среда четверг пятница суббота воскресенье"
).split()

# Longest first, so that "Januar" is not read as "Jan" + "uar".
_MONTH = r"(?:%s)\.?" % "|".join(sorted(map(re.escape, set(_MONTH_WORDS)), key=len, reverse=True))
_WEEKDAY = r"(?:(?:%s)\.?,?\s+)?" % "|".join(sorted(map(re.escape, set(_WEEKDAY_WORDS)), key=len, reverse=True))

_DATE = (
    r"(?:(?P<iso>\d{4}-\d{2}(?:-\d{2})?)(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|(?P<num>\d{1,2}\.\s?\d{1,2}\.\s?\d{4})"
    rf"|(?P<dmy>\d{{1,2}}\.?\s*{_MONTH},?\s+\d{{4}})(?:\s*г(?:ода|\.)?)?"
    rf"|(?P<mdy>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
    rf"|(?P<my>{_MONTH},?\s+\d{{4}}))"
)
# "14:30", "14.30 Uhr", "10:30 AM EST", "| 09:15 (MEZ)"
_TIME = (
    r"(?:\s*(?:,|\||–|-|·|um|at|в)?\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:Uhr|h|[AaPp]\.?\s?[Mm]\.?)?"
    r"(?:\s*\(?(?:[A-Z]{2,5}|(?:UTC|GMT)\s?[+-]\s?\d{1,2}(?::?\d{2})?)\)?)?)?"
)
_PUBLISHED = (
    r"(?:(?:veröffentlicht|erschienen|publiziert)(?:\s+am)?|datum|stand(?:\s+vom)?"
    r"|published(?:\s+on)?|posted(?:\s+on)?|date|опубликовано|дата публикации)\s*:?\s*"
)
_UPDATED = r"(?:(?:zuletzt\s+)?aktualisiert(?:\s+am)?|(?:last\s+)?updated(?:\s+on)?|обновлено)\s*:?\s*"

# A time before the date, as Russian sites print it: "17:58 27.10.2025".
_LEAD_TIME = r"(?:\d{1,2}:\d{2}\s*[,|·]?\s*)?"
# A line that is only a date, with optional label, weekday and time.
_DATE_LINE = re.compile(
    rf"(?P<label>{_PUBLISHED}|{_UPDATED})?{_WEEKDAY}{_LEAD_TIME}{_DATE}{_TIME}\s*[|·,–-]?", re.IGNORECASE
)
# "Сегодня, 12:30", "вчера в 18:05": a dateline relative to a day the text does not give.
_RELATIVE_DAY = r"(?:сегодня|вчера|позавчера|heute|gestern|today|yesterday)"
# Day and month with a time but no year ("15 февраля, 04:39", "15. Januar, 14:30"): a dateline of
# the page that says nothing of the year, so it is removed but gives no date. The same for
# a day named relative to the unknown day of reading ("Сегодня, 12:30").
_YEARLESS_LINE = re.compile(
    rf"(?:{_PUBLISHED})?{_WEEKDAY}{_LEAD_TIME}(?:\d{{1,2}}\.?\s*{_MONTH}|{_RELATIVE_DAY})"
    rf"(?:,?\s*(?:в\s+)?\d{{1,2}}:\d{{2}})?\s*[|·,–-]?",
    re.IGNORECASE,
)
# The scraper's marker glued to the first sentence: " date 2025-05 In Almaty ..."
_MARKER = re.compile(
    rf"date\s*:?\s+(?:{_DATE}|(?P<year>\d{{4}})){_TIME}(?=\s|$)\s*(?P<rest>.*)", re.IGNORECASE | re.DOTALL
)
# A dateline followed by a dash: "15.01.2025 – Astana und Peking ..."
_DASHED = re.compile(rf"(?:{_PUBLISHED})?{_WEEKDAY}{_DATE}{_TIME}\s+[–—|-]\s+(?P<rest>\S.*)", re.IGNORECASE | re.DOTALL)
_UPDATED_LABEL = re.compile(_UPDATED, re.IGNORECASE)
_ISO_PREFIX = re.compile(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|[T ])")
_SENTENCE_END = tuple(".!?…\"'“”»«")


def _valid(year: int, month: int | None = None, day: int | None = None) -> bool:
    if not 1800 <= year <= 2200:
        return False
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return False
    return True


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not _valid(year, month, day):
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _iso_groups(m: re.Match) -> str | None:
    """_iso of a match whose groups are year, month (optional), day (optional)."""
    year, month, day = m.groups()
    return _iso(int(year), int(month) if month else None, int(day) if day else None)


def _parse_named(text: str, parts: list[str]) -> dt.datetime | None:
    # dateparser only normalises a string already known to be a date; with
    # REQUIRE_PARTS it returns None rather than filling gaps from today.
    import dateparser

    return dateparser.parse(
        text,
        languages=["de", "en", "ru"],
        settings={"REQUIRE_PARTS": parts, "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False},
    )


def _from_match(m: re.Match) -> str | None:
    groups = m.groupdict()
    if groups.get("iso"):
        return _iso(*(int(x) for x in groups["iso"].split("-")))
    if groups.get("num"):
        day, month, year = (int(x) for x in re.split(r"\.\s?", groups["num"]))
        return _iso(year, month, day)
    for name, parts in (
        ("dmy", ["day", "month", "year"]),
        ("mdy", ["day", "month", "year"]),
        ("my", ["month", "year"]),
    ):
        if groups.get(name):
            parsed = _parse_named(groups[name], parts)
            if parsed is None:
                return None
            return _iso(parsed.year, parsed.month, parsed.day if name != "my" else None)
    if groups.get("year"):
        return _iso(int(groups["year"]))
    return None


def parse_date_text(text: str) -> str | None:
    """The ISO date of a string that is only a date ("15. Januar, 2025" -> "2025-01-15"), else None."""
    m = _DATE_LINE.fullmatch(text.strip())
    return _from_match(m) if m else None


def normalise_date(value: object) -> str | None:
    """A date from metadata (front matter, JSON, feeds) as ISO text of its own precision, or None.

    Accepts date/datetime objects, a year as int, ISO strings (the local date
    of a timestamp is kept, never shifted to UTC), RFC 822 dates as in RSS,
    and the written forms that `parse_date_text` knows.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return _iso(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    m = _ISO_PREFIX.match(text)
    if m:
        return _iso_groups(m)
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return parse_date_text(text)


def validate_published(value: str | None) -> str | None:
    """Check a user-given publication date: YYYY, YYYY-MM or YYYY-MM-DD, a real date."""
    if value is None:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    iso = _iso_groups(m) if m else None
    if iso is None:
        raise UsageError(f"publication date must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return iso


def looks_like_body(line: str) -> bool:
    """A paragraph of the article itself, as opposed to a date, kicker or title line."""
    words = len(line.split())
    line = line.rstrip()
    return words >= 25 or (words >= 12 and line.endswith(_SENTENCE_END))


def _lead_date(line: str) -> tuple[str, str | None, str] | None:
    """(kind, iso, rest of line) for a date at the start of a lead line; kind is "published" or "updated"."""
    stripped = line.strip()
    m = _MARKER.fullmatch(stripped)
    if m:
        return "published", _from_match(m), m.group("rest")
    m = _DATE_LINE.fullmatch(stripped)
    if m:
        label = m.group("label") or ""
        kind = "updated" if _UPDATED_LABEL.fullmatch(label) else "published"
        return kind, _from_match(m), ""
    m = _DASHED.fullmatch(stripped)
    if m:
        return "published", _from_match(m), m.group("rest")
    if _YEARLESS_LINE.fullmatch(stripped) and re.search(r"\d:\d", stripped):  # a time: no sentence
        return "undated", None, ""
    return None


def find_publication_date(lines: str | Iterable[str]) -> tuple[str | None, str]:
    """The publication date given in the lead lines and the text without it.

    Looks at the first `LEAD_LINES` non-empty lines and stops at the first
    line of body text. A date line is removed whole; a date glued to the
    first sentence loses only the date. "Updated ..." lines and datelines
    without a year ("15 февраля, 04:39") are removed but not taken as the
    publication date.
    """
    lines = lines.split("\n") if isinstance(lines, str) else [line.rstrip("\n") for line in lines]
    found: str | None = None
    seen = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > LEAD_LINES:
            break
        hit = _lead_date(line)
        if hit is not None:
            kind, iso, rest = hit
            if iso is not None or kind in ("updated", "undated"):
                lines[i] = rest
                if kind == "published":
                    found = iso
                    break
                continue
        if looks_like_body(line):
            break
    remaining = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return found, remaining
