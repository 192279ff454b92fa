"""Inputs that once broke a batch: bad code points, special files, stray bytes, hostile ids.

Each input here is valid enough that a reader sees it every day somewhere:
a JSON escape of half a surrogate pair, a character reference to one in a
feed, a named pipe left in a folder, a UTF-8 file with a few damaged bytes.
"""

import io
import json
import os

import pytest

from silkgraph.ingest import Skipped, read_inputs
from silkgraph.ingest.sanitize import MAX_ID_CHARS, clean_id
from silkgraph.model import Document

FIRST = "Die Außenminister Kasachstans und Usbekistans trafen sich in Taschkent zu Gesprächen über Wasser."
LAST = "In Aschgabat wurde ein neues Abkommen über den Gastransit nach China unterzeichnet."


def _documents(items):
    return [i for i in items if isinstance(i, Document)]


def _skipped(items):
    return [i for i in items if isinstance(i, Skipped)]


def _utf8_clean(document: Document) -> bool:
    """Every text field can be written as UTF-8 (what the store and the fingerprint need)."""
    for value in (document.id, document.text, document.title, document.url, document.source):
        if value is not None:
            value.encode("utf-8")
    document.fingerprint  # noqa: B018 -- must not raise
    return True


# -- 1: lone surrogates ---------------------------------------------------------------


def test_lone_surrogate_in_json_lines_is_replaced_and_nothing_is_lost(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        {"id": "one", "text": FIRST},
        {"id": "two\ud800", "title": "Half a pair \udc00", "text": "Vor dem Treffen \ud800 in Astana. " + FIRST},
        {"id": "three", "text": LAST},
    ]
    # json.dumps writes the escape "\ud800" that other tools produce.
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="ascii")
    items = list(read_inputs([str(path)]))
    docs = _documents(items)
    assert [d.id for d in docs] == ["one", "two\ufffd", "three"] and not _skipped(items)
    assert all(_utf8_clean(d) for d in docs)
    assert "\ufffd in Astana" in docs[1].text and docs[1].title == "Half a pair \ufffd"


@pytest.mark.parametrize("reference", ["&#xD800;", "&#55296;", "&#xDFFF;", "&#x110000;", "&#99999999999999999999;"])
def test_feed_with_impossible_character_reference_keeps_every_item(tmp_path, reference):
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Nachrichten</title>
<item><title>Erste {reference}</title><link>https://example.org/erste</link>
<description>{FIRST} {reference}</description></item>
<item><title>Zweite</title><link>https://example.org/zweite</link><description>{LAST}</description></item>
</channel></rss>"""
    path = tmp_path / "news.rss"
    path.write_text(feed, encoding="utf-8")
    items = list(read_inputs([str(path)]))
    docs = _documents(items)
    assert [d.id for d in docs] == ["erste", "zweite"] and not _skipped(items)
    assert all(_utf8_clean(d) for d in docs)
    assert docs[0].text.endswith("\ufffd")


# -- 2: special files ---------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_fifo_in_a_folder_is_skipped_with_a_reason(tmp_path):
    (tmp_path / "a.txt").write_text(FIRST, encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")  # nobody ever writes to it: opening it would block for good
    (tmp_path / "c.txt").write_text(LAST, encoding="utf-8")
    items = list(read_inputs([str(tmp_path)]))
    assert [d.id for d in _documents(items)] == ["a", "c"]
    (skipped,) = _skipped(items)
    assert skipped.source.endswith("b.txt") and "named pipe" in skipped.reason


def test_character_device_named_on_the_command_line_is_skipped():
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    assert list(read_inputs(["/dev/zero"])) == [Skipped("/dev/zero", "not a regular file but a character device")]


# -- 7: a few bad bytes in a UTF-8 file ------------------------------------------------------


def _damaged_utf8(text: str, bad: int) -> bytes:
    data = bytearray(text.encode("utf-8"))
    step = len(data) // (bad + 1)
    for n in range(1, bad + 1):
        at = n * step
        while data[at] >= 0x80:  # damage an ASCII byte, leave the real characters whole
            at += 1
        data[at] = 0xFF
    return bytes(data)


def test_utf8_file_with_a_few_bad_bytes_stays_utf8(tmp_path, caplog):
    text = " ".join([FIRST, LAST] * 15)  # about 3 KB with umlauts and ß
    path = tmp_path / "damaged.txt"
    path.write_bytes(_damaged_utf8(text, 13))
    with caplog.at_level("WARNING"):
        (doc,) = read_inputs([str(path)])
    assert "Außenminister" in doc.text and "Ã" not in doc.text
    assert doc.text.count("\ufffd") == 13
    assert "13 invalid UTF-8 byte sequences replaced" in caplog.text and "damaged.txt" in caplog.text


def test_windows_1252_file_is_still_read_as_windows_1252(tmp_path):
    path = tmp_path / "alt.txt"
    path.write_bytes(" ".join([FIRST, LAST] * 3).encode("cp1252"))
    (doc,) = read_inputs([str(path)])
    assert "Außenminister" in doc.text and "\ufffd" not in doc.text


# -- 6: one id policy for every source ---------------------------------------------------------

HOSTILE_IDS = [
    "line\nbreak",
    "tab\tand\x1b[31mred",
    "nul\x00byte",
    "bidi\u202eevil",
    "x" * 100_000,
    "../..",
    "a//b/./c",
]


def _assert_openable(doc_id: str) -> None:
    assert doc_id and len(doc_id) <= MAX_ID_CHARS
    assert all(c.isprintable() for c in doc_id), repr(doc_id)
    assert all(part.strip(".") for part in doc_id.split("/")), repr(doc_id)


@pytest.mark.parametrize("raw", HOSTILE_IDS)
def test_json_lines_ids_follow_the_id_policy(tmp_path, raw):
    path = tmp_path / "ids.jsonl"
    path.write_text(json.dumps({"id": raw, "text": FIRST}) + "\n", encoding="utf-8")
    (doc,) = read_inputs([str(path)])
    _assert_openable(doc.id)


@pytest.mark.parametrize("raw", ["line\nbreak", "esc\x1bape", "tab\tbed"])
def test_file_name_and_front_matter_ids_follow_the_same_policy(tmp_path, raw):
    named = tmp_path / f"{raw}.txt"
    named.write_text(FIRST, encoding="utf-8")
    fronted = tmp_path / "front.md"
    fronted.write_text(f"---\nid: {json.dumps(raw)}\n---\n{LAST}\n", encoding="utf-8")
    ids = [d.id for d in read_inputs([str(named), str(fronted)])]
    assert ids == [clean_id(raw)] * 2
    for doc_id in ids:
        _assert_openable(doc_id)


def test_long_ids_stay_distinct_after_cutting():
    a, b = "bericht-" + "x" * 300 + "-a", "bericht-" + "x" * 300 + "-b"
    assert clean_id(a) != clean_id(b) and len(clean_id(a)) == MAX_ID_CHARS


def test_id_of_control_characters_only_falls_back_to_the_line_id(tmp_path):
    path = tmp_path / "odd.jsonl"
    path.write_text(json.dumps({"id": "\x1b\x07", "text": FIRST}) + "\n", encoding="utf-8")
    (doc,) = read_inputs([str(path)])
    assert doc.id == "odd-1"


# -- 10: clear messages -----------------------------------------------------------------------


def test_feed_with_broken_encoding_declaration_gets_a_clear_reason(tmp_path):
    path = tmp_path / "broken.rss"
    path.write_bytes(
        b'<?xml version="1.0" encoding="utf\xff8"?><rss version="2.0"><channel><item><title>t</title>'
        b"<description>" + LAST.encode() + b"</description></item></channel></rss>"
    )
    (skipped,) = read_inputs([str(path)])
    assert isinstance(skipped, Skipped)
    assert (
        skipped.reason.startswith("not a readable feed (broken character encoding")
        and "unexpected" not in skipped.reason
    )


class _BinaryStdin(io.TextIOWrapper):
    """A text stream over bytes, as sys.stdin is."""


def test_random_bytes_on_stdin_get_a_clear_reason():
    noise = bytes((n * 151 + 7) % 256 for n in range(3000)).replace(b"\x00", b"\x01")
    stdin = _BinaryStdin(io.BytesIO(noise), encoding="utf-8", errors="surrogateescape")
    (skipped,) = read_inputs(["-"], stdin=stdin)
    assert isinstance(skipped, Skipped) and skipped.source == "stdin"
    assert skipped.reason.startswith("not valid UTF-8 text") and "unexpected" not in skipped.reason


def test_stdin_is_decoded_like_a_file_not_by_the_locale():
    data = _damaged_utf8(" ".join([FIRST, LAST] * 5), 2)
    stdin = _BinaryStdin(io.BytesIO(data), encoding="ascii", errors="surrogateescape")
    (doc,) = read_inputs(["-"], stdin=stdin)
    assert _utf8_clean(doc) and "Außenminister" in doc.text and doc.text.count("\ufffd") == 2
