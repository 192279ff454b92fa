"""Whatever the bytes, reading yields Documents and Skipped, never an exception."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silkgraph.ingest import Skipped, clean_text, find_publication_date, read_inputs, read_text
from silkgraph.model import Document

EXTENSIONS = ["txt", "md", "html", "jsonl", "json", "rss", "xml", ""]

SNIPPETS = st.sampled_from(
    [
        b"<html>",
        b"<rss>",
        b"<feed>",
        b"<item>",
        b"</p>",
        b"{",
        b'"text": ',
        b"---\n",
        b"\n\n",
        b"date 2025-05 ",
        b"15. Januar 2025",
        b"\x00",
        b"\xff\xfe",
        b"\xe4",
        "Kasachstan und China".encode(),
        b"<![CDATA[",
        b"&amp;",
        b"]",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ext=st.sampled_from(EXTENSIONS), parts=st.lists(st.one_of(SNIPPETS, st.binary(max_size=40)), max_size=12))
def test_any_bytes_in_any_file_kind(tmp_path, ext, parts):
    path = tmp_path / (f"input.{ext}" if ext else "input")
    path.write_bytes(b"".join(parts))
    for item in read_inputs([str(path)]):
        assert isinstance(item, (Document, Skipped))
        if isinstance(item, Document):
            assert item.text and item.text == item.text.strip()
        else:
            assert item.source.startswith(str(path)) and item.reason and "\n" not in item.reason


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_text_functions_never_fail(text):
    cleaned = clean_text(text)
    assert "\r" not in cleaned and "\n\n\n" not in cleaned
    found, rest = find_publication_date(text)
    assert found is None or found[:4].isdigit()
    try:
        doc = read_text(text, doc_id="x")
    except Exception as exc:  # only the documented error
        assert type(exc).__name__ == "InputError"
    else:
        assert doc.text


@pytest.mark.parametrize("text", ["a" * 2_000_000, ("Kasachstan. " * 50 + "\n") * 2000])
def test_large_texts_are_fast_enough(text):
    assert read_text(text, doc_id="big").text
