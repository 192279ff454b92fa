"""Analysis of many documents on several cores or a dask cluster, results in input order.

`analyze_stream` takes what `silkgraph.ingest.read_inputs` yields and gives
back one `(item, result)` pair per item, in the order of the input, so that
a single writer can store them exactly as a one-process run would:

* result is an `Analysis` when the document was analysed;
* an exception when its analysis failed (the run goes on with the next one);
* None for a `Skipped` input, and for a document the `skip` predicate
  declined (the CLI passes "already stored" here, so stored texts are never
  sent to a worker).

Documents travel in chunks; at most `window` chunks are in flight, so memory
stays flat however long the input is. Each worker process builds one
`Pipeline` (knowledge base and matchers) and keeps it for every chunk: the
one its factory names (`pipeline="module:callable"`, resolved in this
process as silkgraph.pipeline.load_pipeline does, so that every worker, a
remote dask one included, builds the same).
"""

from __future__ import annotations

import collections
import logging
import multiprocessing
import os
import pickle
import signal
import threading
import time
import traceback
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from silkgraph.errors import SilkgraphError, UsageError
from silkgraph.model import Analysis, Document
from silkgraph.pipeline import Pipeline, load_factory, load_pipeline, resolve_factory_spec

__all__ = ["ENGINES", "WorkerError", "analyze_stream", "analyse_chunk", "describe_failure"]

ENGINES = ("process", "dask")
# forkserver: workers are forked from a clean single-threaded server, so no lock
# held by a thread of the main process (the progress bar's refresher) can be
# inherited in a locked state, as with plain fork. Time to the first result
# with 2 workers, median of 5: fork 1.3 s, forkserver 1.1 s, spawn 2.4 s.
START_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
# Imported once by the fork server, so that each worker only builds its Pipeline.
_PRELOAD = [
    "silkgraph.parallel",
    "silkgraph.pipeline",
    "silkgraph.components",
    "silkgraph.stages.linking",
    "silkgraph.stages.events",
    "silkgraph.stages.facts",
    "silkgraph.stages.quotes",
    "silkgraph.stages.dates",
    "silkgraph.stages.quantities",
    "silkgraph.stages.tokens",
]
MAIN_POLL_SECONDS = 1.0

Item = Any  # Document | silkgraph.ingest.Skipped
Result = Analysis | BaseException | None


class WorkerError(SilkgraphError):
    """A document's analysis failed in a worker and the original exception could not be
    sent back as it was (it does not survive pickling), or the worker process died on it.
    The message is what `describe_failure` gives for the original."""


def describe_failure(exc: BaseException) -> str:
    """One line for a user: the message of the project's own errors, else type and message."""
    if isinstance(exc, SilkgraphError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


# -- worker side -------------------------------------------------------------

_pipelines: dict[str, Pipeline] = {}  # factory spec -> the pipeline this worker built with it
_pipeline_lock = threading.Lock()


def _worker_pipeline(spec: str) -> Pipeline:
    """The Pipeline of this process for factory `spec`, built on first use (one per worker,
    not per document)."""
    pipeline = _pipelines.get(spec)
    if pipeline is None:
        with _pipeline_lock:  # a dask worker may run tasks on several threads
            pipeline = _pipelines.get(spec)
            if pipeline is None:
                pipeline = _pipelines[spec] = load_pipeline(spec)
    return pipeline


def _portable(exc: BaseException) -> BaseException:
    """`exc` if it comes through pickling intact, else a WorkerError with the same message.

    Exceptions whose constructor takes other arguments than their message
    (InputError(source, reason)) pickle but fail to unpickle, which would
    break the whole chunk's result in the parent.
    """
    try:
        clone = pickle.loads(pickle.dumps(exc))
        if type(clone) is type(exc) and str(clone) == str(exc):
            return exc
    except Exception:
        pass
    substitute = WorkerError(describe_failure(exc))
    for note in getattr(exc, "__notes__", ()):
        substitute.add_note(note)
    return substitute


def analyse_chunk(documents: list[Document], spec: str | None = None) -> list[Analysis | BaseException]:
    """Task run by a worker: one result per document, by the pipeline of factory `spec`; a
    failure is returned, not raised, so that one bad document never costs the rest of its chunk."""
    try:
        pipeline = _worker_pipeline(spec or resolve_factory_spec())
    except Exception as exc:  # a broken knowledge base fails every document, with its reason
        return [_portable(exc)] * len(documents)
    results: list[Analysis | BaseException] = []
    for document in documents:
        try:
            results.append(pipeline.analyze(document))
        except Exception as exc:
            # The traceback does not travel with the exception; keep it as a note.
            exc.add_note(f"in worker process {os.getpid()}:\n" + traceback.format_exc())
            results.append(_portable(exc))
    return results


def _init_process_worker(main_pid: int, spec: str) -> None:
    # Ctrl-C goes to the whole process group; the main process alone handles it
    # and shuts the pool down, instead of every worker printing a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with(main_pid)
    try:
        _worker_pipeline(spec)
    except Exception:
        pass  # reported per document by analyse_chunk


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed process stays a zombie until its own parent reaps it
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rpartition(")")[2].split()[:1] != ["Z"]
    except OSError:
        return True


def _exit_with(main_pid: int) -> None:
    """End this worker when the main process is gone (killed with SIGKILL, say): pool
    workers would otherwise wait on their task queue forever. The main process is
    watched, not the parent: under forkserver the parent is the fork server, which
    itself lives as long as any worker holds its pipe."""

    def watch() -> None:
        while _alive(main_pid):
            time.sleep(MAIN_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="silkgraph-main-watch", daemon=True).start()


# -- main side ----------------------------------------------------------------


@dataclass
class _Slot:
    """Consecutive input items and, among them, the documents sent as one chunk."""

    items: list[Item] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)  # indexes into items
    future: Any = None
    results: list[Analysis | BaseException] | None = None

    def documents(self) -> list[Document]:
        return [self.items[i] for i in self.sent]


def _is_document(item: Item) -> bool:
    return hasattr(item, "text")  # as the CLI tells Documents from Skipped


def _slots(items: Iterable[Item], skip: Callable[[Document], object] | None, chunk: int) -> Iterator[_Slot]:
    slot = _Slot()
    for item in items:
        slot.items.append(item)
        if _is_document(item) and not (skip is not None and skip(item)):
            slot.sent.append(len(slot.items) - 1)
        if len(slot.items) >= chunk:
            yield slot
            slot = _Slot()
    if slot.items:
        yield slot


def _merged(slot: _Slot) -> Iterator[tuple[Item, Result]]:
    results = dict(zip(slot.sent, slot.results or []))
    for i, item in enumerate(slot.items):
        yield item, results.get(i)


class _ProcessEngine:
    def __init__(self, workers: int, start_method: str, spec: str):
        self.workers = self.parallelism = workers
        self.spec = spec
        self.context = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            self.context.set_forkserver_preload(_PRELOAD)
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers, mp_context=self.context, initializer=_init_process_worker, initargs=(os.getpid(), self.spec)
        )

    def _restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()

    def submit(self, documents: list[Document]) -> Any:
        try:
            return self.pool.submit(analyse_chunk, documents, self.spec)
        except BrokenProcessPool as exc:  # broke since the last collect: handled when this chunk's turn comes
            failed: Future = Future()
            failed.set_exception(exc)
            return failed

    def collect(self, slot: _Slot, pending: Iterable[_Slot]) -> list[Analysis | BaseException]:
        try:
            return slot.future.result()
        except (BrokenProcessPool, CancelledError):
            pass
        except Exception:
            # The chunk could not be sent or its results not received (a document
            # that does not pickle): send its documents one by one instead.
            return [self._alone(document) for document in slot.documents()]
        # A worker died (killed, out of memory, a crash in an extension). Any chunk
        # in flight may hold the document that did it: the chunks that did not
        # finish are analysed again one document at a time, alone in a fresh
        # pool, so that only that document is reported as failed.
        self._restart()
        for other in (slot, *pending):
            if other.future is None or other.results is not None:
                continue
            try:
                other.results = other.future.result(timeout=0)
            except Exception:
                other.results = [self._alone(document) for document in other.documents()]
            other.future = None
        return slot.results or []

    def _alone(self, document: Document) -> Analysis | BaseException:
        try:
            return self.pool.submit(analyse_chunk, [document], self.spec).result()[0]
        except BrokenProcessPool:
            self._restart()
            return WorkerError("the worker process analysing this document died")
        except Exception as exc:  # this document could not be sent to a worker
            return exc

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _DaskEngine:
    def __init__(self, workers: int, scheduler: str | None, spec: str):
        from distributed import Client, LocalCluster

        self.spec = spec
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="20s")
            else:
                # Loopback only, no dashboard: a local run opens no port to the network.
                self.cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self.client = Client(self.cluster)
        except OSError as exc:  # also TimeoutError: no scheduler at that address
            if self.cluster is not None:
                self.cluster.close()
            raise UsageError(f"cannot reach the dask scheduler at {scheduler}: {exc}") from exc
        self.parallelism = max(1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()))

    def submit(self, documents: list[Document]) -> Any:
        return self.client.submit(analyse_chunk, documents, self.spec, pure=False)

    def collect(self, slot: _Slot, pending: Iterable[_Slot]) -> list[Analysis | BaseException]:
        try:
            return slot.future.result()
        except Exception:
            pass
        # The chunk as a whole failed (KilledWorker after dask's retries, a lost
        # worker): try its documents one by one, so that only the culprit fails.
        results: list[Analysis | BaseException] = []
        for document in slot.documents():
            try:
                results.append(self.client.submit(analyse_chunk, [document], self.spec, pure=False).result()[0])
            except Exception as exc:
                results.append(WorkerError(f"the dask task analysing this document failed: {describe_failure(exc)}"))
        return results

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _in_process(
    items: Iterable[Item], skip: Callable[[Document], object] | None, pipeline: Pipeline | str
) -> Generator[tuple[Item, Result], None, None]:
    built = pipeline if isinstance(pipeline, Pipeline) else None
    for item in items:
        # Evaluated only now, after the consumer has handled (stored) the items before.
        if not _is_document(item) or (skip is not None and skip(item)):
            yield item, None
            continue
        if built is None:
            built = load_pipeline(str(pipeline))
        try:
            result: Result = built.analyze(item)
        except Exception as exc:  # one document's failure must not end the batch
            result = exc
        yield item, result


def analyze_stream(
    documents: Iterable[Item],
    *,
    workers: int = 1,
    engine: str = "process",
    scheduler: str | None = None,
    chunk: int = 16,
    window: int | None = None,
    skip: Callable[[Document], object] | None = None,
    start_method: str = START_METHOD,
    pipeline: Pipeline | str | None = None,
) -> Generator[tuple[Item, Result], None, None]:
    """(item, Analysis | exception | None) for every item of `documents`, in input order.

    workers == 1 without a scheduler analyses in this process. Otherwise
    engine "process" uses a pool of `workers` processes, and engine "dask"
    the dask cluster at `scheduler` (an address such as tcp://host:8786,
    whose workers must have this version of Silkgraph installed) or, when
    None, a local cluster of `workers` single-threaded processes that lives
    as long as the iteration. `chunk` documents go to a worker at a time and
    at most `window` chunks (default: two per worker process or dask
    thread) are in flight.

    `skip(document)` is asked in this process before a document is sent; a
    true answer yields (document, None) without analysing it. With workers it
    is asked up to `window` chunks ahead of what has been consumed.

    `pipeline` is the factory spec ("module:callable") every worker builds its
    pipeline with (default: silkgraph.pipeline.resolve_factory_spec()), or, for
    a run in this process only, a Pipeline itself.

    Raises UsageError at once for an unknown engine, a scheduler with the
    process engine or dask not installed; and on the first next() for a
    scheduler that cannot be reached. Close the iterator (or exhaust it) to
    stop the workers.
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if workers < 1 or chunk < 1 or (window is not None and window < 1):
        raise UsageError("workers, chunk and window must be at least 1")
    if scheduler and engine != "dask":
        raise UsageError("a scheduler address needs the dask engine")
    if workers == 1 and not scheduler:
        return _in_process(
            documents, skip, pipeline if isinstance(pipeline, Pipeline) else resolve_factory_spec(pipeline)
        )
    if isinstance(pipeline, Pipeline):
        raise UsageError("workers build their own pipeline: name its factory ('module:callable'), not an object")
    spec = resolve_factory_spec(pipeline)
    load_factory(spec)  # a wrong name is one clear error here, not a failure of every document in the workers
    if engine == "dask":
        _require_dask()

    def start() -> Any:
        return (
            _DaskEngine(workers, scheduler, spec) if engine == "dask" else _ProcessEngine(workers, start_method, spec)
        )

    return _ordered(start, _slots(documents, skip, chunk), window)


def _require_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise UsageError("the dask engine needs dask.distributed: pip install 'dask[distributed]'") from None


def _ordered(
    start: Callable[[], Any], slots: Iterator[_Slot], window: int | None
) -> Generator[tuple[Item, Result], None, None]:
    # Workers start on the first next(), not at the call: a generator that is
    # never started runs no finally, and a pool started with it would leak.
    backend = start()
    window = window or 2 * backend.parallelism
    pending: collections.deque[_Slot] = collections.deque()
    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                slot = next(slots, None)
                if slot is None:
                    exhausted = True
                elif slot.sent:
                    slot.future = backend.submit(slot.documents())
                    pending.append(slot)
                else:
                    slot.results = []
                    pending.append(slot)
            if not pending:
                return
            slot = pending.popleft()
            if slot.results is None:
                slot.results = backend.collect(slot, pending)
                slot.future = None  # let the cluster forget the result
            yield from _merged(slot)
    finally:
        backend.close()
