"""Text, front matter and publication dates of untrusted input."""

from __future__ import annotations

import datetime as dt
import json
import re
import time

from hypothesis import strategies as st

from fuzz_helpers import project_error, soup, targets
from silkgraph.errors import InputError
from silkgraph.ingest import find_publication_date, normalise_date, read_text
from silkgraph.model import ISO_DATE_PATTERN, Document

ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
BODY = "Kasachstan und China unterzeichneten am Montag in Astana ein Abkommen über eine neue Eisenbahnlinie."

KEYS = ["id", "title", "Title", "published", "date", "pubdate", "url", "link", "language", "lang", "tags"]
ODD_KEYS = ["", "? complex", "<<", "- item", "a b", "日付", "title: title"]
PLAIN = [
    "2025-05-14",
    "2025-05-14T10:00:00+02:00",
    "15. Januar 2025",
    "Thu, 12 Sep 2024 09:30:00 GMT",
    "2024",
    "de",
    "en",
    "de-DE",
    "Deutsch",
    "https://example.org/a",
    "Gipfel in Astana",
    "~",
    "null",
    "yes",
    "123",
]
YAML_VALUES = [
    "",
    "2025-13-45",
    "1e309",
    "-.inf",
    ".nan",
    "0x1F",
    "'quoted'",
    '"dq \\u0000 \\x00"',
    "[a, b]",
    "{a: 1}",
    "|",
    ">",
    "&anchor a",
    "*anchor",
    "!!binary aGk=",
    "!!python/object/apply:os.system ['echo']",
    "!custom x",
    "@x",
    "`x`",
    "%YAML 1.2",
    "- - -",
    ": :",
    "'unclosed",
    '"unclosed',
    "Vorfeld: Gipfel",
    "http://example.org/a b",
    "\t",
    "\u202e",
    "ja\u200bhr",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]",
]


@st.composite
def front_matter_texts(draw) -> str:
    # Mostly well-formed blocks, so that the metadata paths are reached; some hostile.
    hostile = draw(st.booleans())
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        key = draw(
            st.one_of(st.sampled_from(KEYS), st.sampled_from(ODD_KEYS), st.text(max_size=8))
            if hostile
            else st.sampled_from(KEYS)
        )
        value = draw(
            st.one_of(
                st.sampled_from(PLAIN),
                soup(6).map(json.dumps),
                st.sampled_from(YAML_VALUES),
                soup(6),
                st.text(max_size=20),
            )
            if hostile
            else st.one_of(st.sampled_from(PLAIN), soup(6).map(json.dumps))
        )
        indent = draw(st.sampled_from(["", "", "  ", "\t"])) if hostile else ""
        lines.append(f"{indent}{key}: {value}")
    opening = draw(st.sampled_from(["---\n", "\ufeff---\n", "  ---  \n", "---\r\n", "--- \n"]))
    closing = draw(st.sampled_from(["---\n", "---", "...\n", "", "---\n---\n"] if hostile else ["---\n", "---\r\n"]))
    body = draw(st.one_of(st.just(BODY), soup(30)))
    return opening + "\n".join(lines) + "\n" + closing + body


def check_read_text(text: str) -> None:
    doc = project_error(read_text, text, doc_id="fuzz", source="fuzz.md")
    if isinstance(doc, InputError):
        assert doc.source == "fuzz.md" and doc.reason
        return
    assert isinstance(doc, Document)
    # the file's id, or one given in the front matter: one printable line, never empty
    assert doc.id and doc.id.isprintable() and len(doc.id) <= 200
    assert doc.text and doc.text == doc.text.strip()
    assert doc.published is None or ISO.match(doc.published)
    assert doc.language is None or re.fullmatch(r"[a-z]{2}", doc.language)
    for value in (doc.title, doc.url):
        assert value is None or (isinstance(value, str) and value.strip())


def check_normalise_date(value: object) -> None:
    iso = normalise_date(value)
    assert iso is None or (ISO.match(iso) and re.match(ISO_DATE_PATTERN, iso)), iso


def check_find_publication_date(text: str) -> None:
    found, rest = find_publication_date(text)
    assert found is None or ISO.match(found)
    assert isinstance(rest, str) and len(rest) <= len(text)


date_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.dates(),
    st.datetimes(),
    soup(8),
    st.text(max_size=30),
    st.sampled_from(YAML_VALUES),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.none()),
    st.builds(lambda d, s: f"{d.isoformat()}{s}", st.dates(), st.sampled_from(["", "T25:99", " Uhr", "Z", "+99:99"])),
    st.builds(lambda d: d.strftime("%a, %d %b %Y %H:%M:%S GMT"), st.datetimes(min_value=dt.datetime(1, 1, 1))),
)

test_front_matter, test_front_matter_volume = targets("front_matter", front_matter_texts(), check_read_text)
test_read_text, test_read_text_volume = targets("read_text", soup(80), check_read_text)
test_normalise_date, test_normalise_date_volume = targets("normalise_date", date_values, check_normalise_date)
test_find_publication_date, test_find_publication_date_volume = targets(
    "find_publication_date", soup(40), check_find_publication_date
)


def yaml_alias_bomb(levels: int) -> str:
    """A few hundred bytes of YAML whose `title`, written out, is 9**levels words long."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    lines.append(f"title: *a{levels - 1}")
    return "---\n" + "\n".join(lines) + "\n---\n" + BODY + "\n"


def test_front_matter_alias_bomb_stays_small():
    text = yaml_alias_bomb(5)  # 9**5 words: quick to show, harmless to run
    started = time.monotonic()
    doc = project_error(read_text, text, doc_id="bomb", source="bomb.md")
    assert time.monotonic() - started < 5
    assert not isinstance(doc, Document) or len(doc.title or "") + len(doc.url or "") <= len(text)


def test_front_matter_id_names_the_document(tmp_path):
    from silkgraph.ingest import read_inputs

    (tmp_path / "file-name.md").write_text(f"---\nid: from-front-matter\n---\n{BODY}\n", encoding="utf-8")
    [doc] = read_inputs([str(tmp_path)])
    assert doc.id == "from-front-matter"
