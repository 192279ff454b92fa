"""read_inputs: dispatch by kind, folders, stdin, bad inputs, and mixed batches."""

import io
import json
import os
from pathlib import Path

import pytest

import silkgraph.ingest.text as text_module
from silkgraph.ingest import Skipped, read_inputs
from silkgraph.model import Document

DATA = Path(__file__).resolve().parent.parent / "data" / "ingest"
GOOD = DATA / "good"
BAD = DATA / "bad"

ARTICLE = "Kasachstan und China haben in Astana ein Abkommen über den Ausbau der Bahnverbindungen unterzeichnet."

# Every document the good folder holds, in reading order (sorted paths).
GOOD_IDS = [
    "astana-energy",
    "jl-kz-eu",
    "batch-2",
    "jl-ru",
    "bischkek-bahn",
    "broken-markup",
    "caspian-corridor",
    "mongolia-kazakhstan-rail",
    "dushanbe-water-conference",
    "turkmenistan-transitforum",
    "kasachstan-japan-uran",
    "duschanbe-wasser",
    "legacy-cp1252",
    "moskau-ru",
    "ohne-endung",
    "js-1",
    "records-2",
    "taschkent-gipfel",
    "so-2025-0141",
    "usbekistan-eu-rohstoffe",
    "zentralasien-news-3",
]
BAD_FILES = {
    "bericht.docx": "unknown file type '.docx'",
    "blank.md": "empty file",
    "empty.txt": "empty file",
    "garbage.txt": "not valid UTF-8 text",
    "kaputt.json": "not valid JSON",
    "leer.rss": "feed has no items",
    "menu-only.html": "no article text found in HTML",
    "scan.txt": "binary file",
    "symbols.txt": "not valid UTF-8 text",
}


def split(items):
    docs = [i for i in items if isinstance(i, Document)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert len(docs) + len(skipped) == len(items)
    return docs, skipped


@pytest.mark.parametrize("name, reason", sorted(BAD_FILES.items()))
def test_each_bad_input_is_skipped_with_its_file_named(name, reason):
    path = str(BAD / name)
    (item,) = read_inputs([path])
    assert isinstance(item, Skipped)
    assert item.source == path
    assert item.reason.startswith(reason)
    assert "\n" not in item.reason


def test_mixed_batch_yields_every_good_document_and_a_skip_for_every_bad_input():
    docs, skipped = split(list(read_inputs([str(GOOD), str(BAD)])))
    assert [d.id for d in docs] == GOOD_IDS
    assert all(d.text and d.text == d.text.strip() for d in docs)
    bad_sources = {s.source for s in skipped}
    assert {str(BAD / n) for n in BAD_FILES} <= bad_sources
    assert {f"{GOOD / 'batch.jsonl'}:{n}" for n in (3, 4, 6)} <= bad_sources
    assert len(skipped) == len(BAD_FILES) + 3
    assert not any(".versteckt" in s or ".cache" in s for s in bad_sources | {d.source for d in docs})


def test_folder_is_read_recursively_sorted_skipping_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "two.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "c.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".secret.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".hidden" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    assert [d.id for d in read_inputs([str(tmp_path)])] == ["a", "two", "c"]


def test_over_size_file_is_skipped_without_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_text(ARTICLE + "\n\n" + "Weitere Zeile über Handel. " * 300_000, encoding="utf-8")
    opened = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda f, *a, **k: opened.append(str(f)) or real_open(f, *a, **k))
    (item,) = read_inputs([str(path)])
    assert item == Skipped(str(path), f"larger than 5 MB limit ({os.path.getsize(path) / 1e6:.1f} MB)")
    assert str(path) not in opened
    (small,) = read_inputs([str(path)], max_bytes=10**8)
    assert small.text.startswith(ARTICLE)


def test_huge_single_line_is_fine(tmp_path):
    path = tmp_path / "one-line.txt"
    path.write_text("Der Handel zwischen Kasachstan und China wächst. " * 40_000, encoding="utf-8")
    (doc,) = read_inputs([str(path)])
    assert doc.language == "de" and "\n" not in doc.text


def test_missing_path_and_unknown_extension(tmp_path):
    missing = str(tmp_path / "nope.txt")
    odd = tmp_path / "table.xyz"
    odd.write_text(ARTICLE, encoding="utf-8")
    assert list(read_inputs([missing, str(odd)])) == [
        Skipped(missing, "no such file or directory"),
        Skipped(str(odd), "unknown file type '.xyz'"),
    ]


def test_xml_that_is_neither_feed_nor_page(tmp_path):
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><catalog><item>1</item></catalog>", encoding="utf-8")
    assert list(read_inputs([str(path)])) == [Skipped(str(path), "XML file is neither a feed nor an HTML page")]


def test_utf8_bom_and_utf16(tmp_path):
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(ARTICLE.encode("utf-16"))
    assert [d.text for d in read_inputs([str(bom), str(utf16)])] == [ARTICLE, ARTICLE]


def test_unexpected_errors_become_skips(tmp_path, monkeypatch):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(ARTICLE, encoding="utf-8")

    real = text_module.detect_language

    def flaky(text):
        if flaky.calls == 0:
            flaky.calls += 1
            raise RuntimeError("detector exploded\nwith details")
        return real(text)

    flaky.calls = 0
    monkeypatch.setattr(text_module, "detect_language", flaky)
    items = list(read_inputs([str(good), str(other)]))
    assert items[0] == Skipped(str(good), "unexpected RuntimeError: detector exploded")
    assert isinstance(items[1], Document)


def test_unreadable_file(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "locked.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)
    (item,) = read_inputs([str(path)])
    assert item == Skipped(str(path), "permission denied")


def test_paths_may_be_path_objects_and_generators():
    docs = list(read_inputs(p for p in [GOOD / "ohne-endung"]))
    assert [d.id for d in docs] == ["ohne-endung"]


# --- standard input ---------------------------------------------------------------


def test_stdin_text():
    stdin = io.StringIO(" date 2025-05 In Almaty trafen sich die Außenminister Zentralasiens zu Gesprächen.\n\nDAZ\n")
    (doc,) = read_inputs(["-"], stdin=stdin)
    assert (doc.id, doc.source, doc.published, doc.language) == ("stdin", "stdin", "2025-05", "de")
    assert doc.text == "In Almaty trafen sich die Außenminister Zentralasiens zu Gesprächen."


def test_stdin_jsonl():
    records = [{"id": "a", "text": ARTICLE}, {"text": ARTICLE}]
    stdin = io.StringIO("\n" + "\n".join(json.dumps(r) for r in records) + "\n{broken\n")
    items = list(read_inputs(["-"], stdin=stdin))
    assert [getattr(i, "id", None) for i in items] == ["a", "stdin-3", None]
    assert items[2].source == "stdin:4" and items[2].reason.startswith("line 4: not valid JSON")


def test_stdin_html_and_feed():
    page = (GOOD / "caspian-corridor.html").read_text(encoding="utf-8")
    (doc,) = read_inputs(["-"], stdin=io.StringIO(page))
    assert doc.id == "stdin" and doc.published == "2025-02-18"
    feed = (GOOD / "diplomatie.atom").read_text(encoding="utf-8")
    assert [d.id for d in read_inputs(["-"], stdin=io.StringIO(feed))] == [
        "turkmenistan-transitforum",
        "kasachstan-japan-uran",
    ]


def test_stdin_bad_inputs():
    assert list(read_inputs(["-"], stdin=io.StringIO("  \n\n"))) == [Skipped("stdin", "empty input")]
    assert list(read_inputs(["-"], stdin=io.StringIO("a\x00b" * 10))) == [Skipped("stdin", "binary input")]
    big = io.StringIO(ARTICLE * 100)
    assert list(read_inputs(["-"], stdin=big, max_bytes=1000)) == [Skipped("stdin", "larger than 0.001 MB limit")]


def test_stdin_with_files_and_override():
    items = list(read_inputs([str(GOOD / "ohne-endung"), "-"], stdin=io.StringIO(ARTICLE), published="2020"))
    assert [(d.id, d.published) for d in items] == [("ohne-endung", "2020"), ("stdin", "2020")]
