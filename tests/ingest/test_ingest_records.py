"""JSON Lines batches and JSON files of records."""

import io
import json
from pathlib import Path

from silkgraph.ingest import Skipped, read_inputs
from silkgraph.ingest.records import read_jsonl
from silkgraph.model import Document

DATA = Path(__file__).resolve().parent.parent / "data" / "ingest"
BATCH = DATA / "good" / "batch.jsonl"

RECORD = {"text": "Kasachstan und Usbekistan vereinbaren eine engere Zusammenarbeit bei der Wasserwirtschaft."}


def test_jsonl_batch_good_and_bad_lines():
    items = list(read_inputs([str(BATCH)]))
    docs = [i for i in items if isinstance(i, Document)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [d.id for d in docs] == ["jl-kz-eu", "batch-2", "jl-ru"]
    first, second, third = docs
    assert (first.title, first.published, first.url, first.language) == (
        "Kazakhstan hosts EU investment forum",
        "2025-04-03",
        "https://news.example/kz-eu-forum",
        "en",
    )
    assert first.text.endswith("wanted to attract more European technology.") and "\n\n" in first.text
    assert first.source == f"{BATCH}:1"
    assert (second.published, second.language) == ("2024-12", "de")
    assert (third.published, third.language) == ("2025-06-11", "ru")
    assert [s.source for s in skipped] == [f"{BATCH}:3", f"{BATCH}:4", f"{BATCH}:6"]
    assert skipped[0].reason.startswith("line 3: not valid JSON (")
    assert skipped[1].reason == "line 4: record has no text"
    assert skipped[2].reason == "line 6: not a JSON object but list"


def test_jsonl_over_long_line_is_skipped_and_reading_goes_on(tmp_path):
    path = tmp_path / "big.jsonl"
    lines = [dict(RECORD, id="a"), dict(RECORD, id="huge", text="x " * 5000), dict(RECORD, id="b")]
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    items = list(read_inputs([str(path)], max_bytes=2000))
    assert [getattr(i, "id", None) for i in items] == ["a", None, "b"]
    assert items[1] == Skipped(f"{path}:2", "line 2: longer than the 0.002 MB limit")


def test_jsonl_bad_utf8_line(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(json.dumps(dict(RECORD, id="ok")).encode() + b'\n{"id": "bad", "text": "\xe4\xf6\xfc"}\n')
    items = list(read_inputs([str(path)]))
    assert items[0].id == "ok"
    assert items[1].source == f"{path}:2" and items[1].reason.startswith("line 2: not valid UTF-8")


def test_jsonl_empty_and_binary(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    binary = tmp_path / "binary.ndjson"
    binary.write_bytes(b'{"a": 1}\x00\x00\x00')
    assert list(read_inputs([str(empty), str(binary)])) == [
        Skipped(str(empty), "empty file"),
        Skipped(str(binary), "binary file"),
    ]


def test_jsonl_record_fields_are_tolerant():
    lines = [
        json.dumps({"id": 7, "content": RECORD["text"], "published": "nonsense", "language": "German", "title": ["x"]}),
        json.dumps({"id": "", "body": RECORD["text"], "date": "2025-03-01"}),
        json.dumps({"text": "   "}),
        json.dumps({"text": 42}),
        '{"text": ' * 100000,
    ]
    items = list(read_jsonl(io.StringIO("\n".join(lines)), stem="s", source="s.jsonl", max_bytes=10**7))
    assert (items[0].id, items[0].published, items[0].language, items[0].title) == ("7", None, "de", None)
    assert (items[1].id, items[1].published) == ("s-2", "2025-03-01")
    assert [i.reason for i in items[2:]][:2] == ["line 3: record has no text", "line 4: record has no text"]
    assert items[4].reason.startswith("line 5: not valid JSON")


def test_json_list_and_object(tmp_path):
    items = list(read_inputs([str(DATA / "good" / "records.json")]))
    assert [(d.id, d.language) for d in items] == [("js-1", "en"), ("records-2", "de")]
    assert items[0].published == "2025-05-20"
    single = tmp_path / "single.json"
    single.write_text(json.dumps(RECORD), encoding="utf-8")
    (doc,) = read_inputs([str(single)])
    assert doc.id == "single"


def test_json_bad_shapes(tmp_path):
    broken = DATA / "bad" / "kaputt.json"
    scalar = tmp_path / "scalar.json"
    scalar.write_text("42", encoding="utf-8")
    mixed = tmp_path / "mixed.json"
    mixed.write_text(json.dumps([RECORD, "nope", {"title": "no text"}]), encoding="utf-8")
    items = list(read_inputs([str(broken), str(scalar), str(mixed)]))
    assert items[0].source == str(broken) and items[0].reason.startswith("not valid JSON (")
    assert items[1] == Skipped(str(scalar), "JSON holds int, not a record or a list of records")
    assert items[2].id == "mixed-1"
    assert items[3] == Skipped(f"{mixed}[2]", "record 2: not a JSON object but str")
    assert items[4] == Skipped(f"{mixed}[3]", "record 3: record has no text")
