"""Where storing time goes: analyses once, then stores them into a given store, phase by phase.

    python bench/store_profile.py CORPUS --db FILE [--articles N] [--skip K] [--batch 200] [--profile OUT.prof]

The analyses of the first N articles of CORPUS (a folder of JSONL shards from
bench/generate.py) are made first and kept beside CORPUS (CORPUS.analyses-N.pickle), so
that storing is timed alone and two stores (an empty one, a copy of a big
one) get the very same input. Storing goes through `Store.add_many` in
batches as `silkgraph ingest` does; the time of each step of storing a
document (documents and their items, search terms, near-duplicate cluster,
event merge, fact merge, relation counts) is summed, and what is left of a
batch's time is the commit (writing the pages) and the rest. Nothing here
asserts a time.
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import os
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from silkgraph import graph, network  # noqa: E402
from silkgraph.ingestion import BATCH  # noqa: E402
from silkgraph.model import Document  # noqa: E402
from silkgraph.store import open_store  # noqa: E402
from silkgraph.store.sql import SQLStore  # noqa: E402

SECONDS: dict[str, float] = defaultdict(float)


def timed(owner, name: str, label: str) -> None:
    """Replace owner.name by a wrapper that adds its time to SECONDS[label]."""
    inner = getattr(owner, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            SECONDS[label] += time.perf_counter() - started

    static = isinstance(inspect.getattr_static(owner, name), staticmethod)
    setattr(owner, name, staticmethod(wrapper) if static else wrapper)


def instrument() -> None:
    """Time every step of storing a document (see the module docstring)."""
    for name in ("_insert_document", "_insert_entities", "_insert_events", "_insert_facts", "_insert_quotes"):
        timed(SQLStore, name, "documents and items")
    timed(SQLStore, "_index_terms", "search terms")
    timed(graph, "_assign_cluster", "near-duplicate cluster")
    timed(graph, "place_document", "event merge")
    timed(graph, "place_claim", "fact merge")
    timed(network, "record_document", "relation counts")
    timed(SQLStore, "add_many", "batch total")


def io_counters() -> dict[str, int]:
    """Bytes this process has read and written through system calls (Linux /proc/self/io)."""
    try:
        return {k: int(v) for k, v in (line.split(": ") for line in open("/proc/self/io"))}
    except OSError:
        return {}


def documents(corpus: Path, n: int, skip: int = 0) -> list[Document]:
    """Articles skip..skip+n-1 of the corpus, read as `silkgraph ingest` reads them."""
    from silkgraph.ingest import read_inputs

    found = [d for d in read_inputs([str(corpus)]) if isinstance(d, Document)]
    return found[skip : skip + n]


def analyses(corpus: Path, n: int, skip: int = 0) -> list:
    cache = corpus.parent / f"{corpus.name}.analyses-{skip}-{n}.pickle"  # beside: ingest reads every file in it
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    from silkgraph.pipeline import load_pipeline

    pipeline = load_pipeline()
    made = [pipeline.analyze(d) for d in documents(corpus, n, skip)]
    cache.write_bytes(pickle.dumps(made))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--db", type=Path, required=True, help="store to add to (kept as it is)")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--skip", type=int, default=0, help="start at this article of the corpus")
    parser.add_argument("--batch", type=int, default=BATCH)
    parser.add_argument(
        "--pragma", action="append", default=[], help="NAME=VALUE set on the writer, to compare settings"
    )
    parser.add_argument("--profile", type=Path, help="write a cProfile of storing here")
    args = parser.parse_args()
    made = analyses(args.corpus, args.articles, args.skip)
    store = open_store(args.db, merger=graph)
    if hasattr(store, "prepare_bulk_writes"):  # as `silkgraph ingest` does (not in older code)
        store.prepare_bulk_writes()
    for setting in args.pragma:
        store._db.execute(f"PRAGMA {setting}")
    with store.read() as db:
        before = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    instrument()
    profiler = cProfile.Profile() if args.profile else None
    io = io_counters()
    started, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    failed = 0
    for lo in range(0, len(made), args.batch):
        failed += sum(isinstance(r, Exception) for r in store.add_many(made[lo : lo + args.batch]))
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    io = {k: v - io.get(k, 0) for k, v in io_counters().items()}
    store.close()
    n = len(made)
    inner = sum(v for k, v in SECONDS.items() if k != "batch total")
    print(
        f"{n} analyses stored into {args.db} ({before} documents before) in {seconds:.1f} s = "
        f"{n / seconds:.1f}/s, {1000 * seconds / n:.2f} ms each "
        f"({1000 * cpu / n:.2f} ms of CPU); load average {os.getloadavg()[0]:.1f}"
    )
    if io:
        print(
            f"  written {io['wchar'] / n / 1024:.0f} KiB/article, read {io['rchar'] / n / 1024:.0f} KiB/article"
            " (system calls: log, checkpoints, pages not in the cache)"
        )
    if failed:
        print(f"  !! {failed} analyses were not stored")
    for label, value in sorted(SECONDS.items(), key=lambda kv: -kv[1]):
        if label != "batch total":
            print(f"  {label:24} {1000 * value / n:7.2f} ms/article")
    print(f"  {'commit and the rest':24} {1000 * (SECONDS['batch total'] - inner) / n:7.2f} ms/article")


if __name__ == "__main__":
    main()
