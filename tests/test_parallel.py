"""Parallel analysis gives exactly what one process gives, in the same order."""

from __future__ import annotations

import os
import threading
import time

import pytest

from silkgraph.errors import InputError, SilkgraphError, UsageError
from silkgraph.ingest import Skipped, read_inputs
from silkgraph.model import Analysis, Document
from silkgraph.parallel import WorkerError, _portable, analyze_stream, describe_failure
from variants import SAMPLES, write_variants


class KillsItsWorker(Document):
    """A document that ends the process that unpickles it: a stand-in for a worker
    dying on one input (a crash in an extension, the OOM killer)."""

    __slots__ = ()

    def __reduce__(self):
        return os._exit, (3,)


@pytest.fixture(scope="module")
def items(tmp_path_factory):
    """The samples, 40 variants of them and a file that gives a Skipped, read once."""
    folder = tmp_path_factory.mktemp("variants")
    write_variants(folder, 40, seed=1)
    (folder / "variant-1-0000-empty.txt").write_text("  \n")
    found = list(read_inputs([str(SAMPLES), str(folder)]))
    assert sum(isinstance(i, Skipped) for i in found) == 1 and len(found) >= 45
    return found


def outcome(pairs):
    """Comparable form of analyze_stream's output: the item and the analysis contract."""
    out = []
    for item, result in pairs:
        key = item.id if isinstance(item, Document) else str(item)
        if isinstance(result, Analysis):
            out.append((key, result.to_json()))
        elif isinstance(result, BaseException):
            out.append((key, describe_failure(result)))
        else:
            out.append((key, result))
    return out


@pytest.fixture(scope="module")
def single(items):
    return outcome(analyze_stream(items))


def test_single_process_analyses_every_document(items, single):
    assert [key for key, _ in single] == [i.id if isinstance(i, Document) else str(i) for i in items]
    assert sum(isinstance(result, dict) for _, result in single) == len(items) - 1
    assert any(result["facts"] for _, result in single if isinstance(result, dict))


def test_process_pool_gives_the_same_results_in_the_same_order(items, single):
    # Small chunks and window: many chunks in flight, finishing out of order.
    assert outcome(analyze_stream(items, workers=2, chunk=3, window=3)) == single


def test_dask_local_cluster_gives_the_same_results_in_the_same_order(items, single):
    pytest.importorskip("distributed")
    assert outcome(analyze_stream(items, workers=2, engine="dask", chunk=8)) == single


def test_skip_is_asked_in_this_process_before_sending(items, single):
    asked = []

    def skip(document):
        asked.append(document.id)  # a worker's calls would not show up in this list
        return document.id.endswith(("1", "5"))

    got = outcome(analyze_stream(items, workers=2, chunk=4, skip=skip))
    expected = [(key, None if key.endswith(("1", "5")) else result) for key, result in single]
    assert got == expected
    assert asked == [i.id for i in items if isinstance(i, Document)]


def test_failure_in_a_worker_comes_back_for_that_document_only(items, single):
    broken = Document(id="broken", text=None)  # no text: the tokenizer fails on it
    mixed = [*items[:7], broken, *items[7:]]
    got = outcome(analyze_stream(mixed, workers=2, chunk=4))
    key, reason = got.pop(7)
    assert key == "broken" and reason.startswith(("TypeError", "AttributeError"))
    assert got == single
    assert outcome(analyze_stream([broken])) == [("broken", reason)]  # as in one process


def test_a_document_that_cannot_be_sent_fails_alone(items, single):
    unsendable = Document(id="unsendable", text=threading.Lock())  # does not pickle
    got = outcome(analyze_stream([*items[:5], unsendable, *items[5:]], workers=2, chunk=4))
    key, reason = got.pop(5)
    assert key == "unsendable" and "pickle" in reason
    assert got == single


def test_failure_in_process_ends_nothing(items, single, monkeypatch):
    from silkgraph.pipeline import Pipeline

    at, victim = next((n, i.id) for n, i in enumerate(items) if isinstance(i, Document))
    original = Pipeline.analyze

    def analyze(self, document):
        if document.id == victim:
            raise RuntimeError("disk on fire")
        return original(self, document)

    monkeypatch.setattr(Pipeline, "analyze", analyze)
    got = outcome(analyze_stream(items))
    assert got.pop(at) == (victim, "RuntimeError: disk on fire")
    assert got == single[:at] + single[at + 1 :]


def test_a_dead_worker_costs_only_its_document(items, single):
    killer = KillsItsWorker(id="killer", text="Kasachstan und China.")
    mixed = [*items[:10], killer, *items[10:]]
    started = time.monotonic()
    pairs = list(analyze_stream(mixed, workers=2, chunk=4))
    assert isinstance(pairs[10][1], WorkerError) and pairs[10][0] is killer
    del pairs[10]
    assert outcome(pairs) == single
    assert time.monotonic() - started < 45


class Unpicklable(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.lock = threading.Lock()


def test_exceptions_that_do_not_travel_are_replaced_with_the_same_message():
    sent = _portable(Unpicklable("odd input"))
    assert isinstance(sent, WorkerError) and describe_failure(sent) == "Unpicklable: odd input"
    # InputError's __init__ takes two arguments, so it does not unpickle as it is
    # (unless dask's tblib has patched exception pickling): either way the message holds.
    error = InputError("a.txt", "bad front matter")
    assert describe_failure(_portable(error)) == describe_failure(error) == "a.txt: bad front matter"
    assert isinstance(_portable(error), SilkgraphError)
    value_error = ValueError("x")
    assert _portable(value_error) is value_error


def test_input_is_read_a_bounded_window_ahead(items):
    pulled = 0

    def source():
        nonlocal pulled
        for _ in range(6):
            for item in items:
                pulled += 1
                yield item

    chunk, window = 4, 2
    seen = 0
    for seen, _ in enumerate(analyze_stream(source(), workers=2, chunk=chunk, window=window), 1):
        # What was read and not yet handed back: the chunks in flight and the one being filled.
        assert pulled - seen <= (window + 1) * chunk
    assert seen == pulled == 6 * len(items)


def test_closing_early_stops_the_pool(items):
    stream = analyze_stream(items * 20, workers=2, chunk=2)
    assert next(stream)[1] is not None
    started = time.monotonic()
    stream.close()
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    "kwargs", [dict(engine="spark"), dict(workers=0), dict(chunk=0), dict(workers=2, scheduler="tcp://127.0.0.1:8786")]
)
def test_usage_errors_are_raised_at_the_call(kwargs):
    with pytest.raises(UsageError):
        analyze_stream([], **kwargs)


def test_skipped_and_empty_inputs():
    skipped = Skipped("x.txt", "empty file")
    assert list(analyze_stream([skipped], workers=2)) == [(skipped, None)]
    assert list(analyze_stream([], workers=2)) == []
