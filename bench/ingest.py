"""Ingest benchmark: `silkgraph ingest CORPUS --db FILE --quiet` timed, with peak memory and store size.

    python bench/ingest.py CORPUS --db FILE [--workers N] [--json FILE]

CORPUS is a folder written by bench/generate.py. The store is created from
scratch (an existing FILE is removed first). Memory is polled from the
process tree with psutil: the peak of the summed resident set of the CLI and
any worker processes it starts (shared pages count once per process, so
this overstates a forked tree), and the peak of the largest single process.
The number of stored documents is sampled every 30 s, which shows whether
the rate holds up as the store grows.
`--workers` is passed on only when the CLI offers that option.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV_BIN = Path(sys.executable).parent


def silkgraph_cmd() -> list[str]:
    exe = VENV_BIN / "silkgraph"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "silkgraph.cli"]


def cli_has_option(command: str, option: str) -> bool:
    out = subprocess.run(silkgraph_cmd() + [command, "--help"], capture_output=True, text=True)
    return option in out.stdout


class TreeMonitor:
    """Polls a process and its descendants for resident memory until stopped.

    With `limit` (bytes), a tree that grows past it is killed (SIGKILL: a server
    would otherwise wait for the very request that is eating the memory), so
    that a runaway benchmark cannot take a shared machine's memory; `killed`
    then says so.
    """

    def __init__(self, pid: int, interval: float = 0.25, limit: int | None = None):
        import psutil

        self._psutil = psutil
        self.root = psutil.Process(pid)
        self.interval = interval
        self.limit = limit
        self.killed = False
        self.peak_total = self.peak_single = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.root] + self.root.children(recursive=True)
            except self._psutil.NoSuchProcess:
                return
            rss = []
            for p in procs:
                try:
                    rss.append(p.memory_info().rss)
                except (self._psutil.NoSuchProcess, self._psutil.AccessDenied):
                    pass
            if rss:
                self.peak_total = max(self.peak_total, sum(rss))
                self.peak_single = max(self.peak_single, max(rss))
                self.samples += 1
            if self.limit and sum(rss) > self.limit:
                for p in reversed(procs):
                    try:
                        p.kill()
                    except self._psutil.NoSuchProcess:
                        pass
                self.killed = True
                print(
                    f"  !! process tree killed: {sum(rss) / 2**30:.1f} GiB resident, over the "
                    f"{self.limit / 2**30:.1f} GiB limit",
                    flush=True,
                )
                return
            self._stop.wait(self.interval)

    def __enter__(self) -> "TreeMonitor":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


class StoreProgress:
    """Counts the stored documents every `interval` seconds (read-only), so that a long run
    shows its rate as the store grows, and a run stopped early still says how far it got."""

    def __init__(self, db: Path, interval: float = 30, echo: bool = True):
        self.db, self.interval, self.echo = db, interval, echo
        self.samples: list[tuple[float, int]] = []  # (seconds since start, documents stored)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def count(self) -> int | None:
        try:
            conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=5)
            try:
                return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.Error:
            return None  # not created yet, or busy

    def _run(self) -> None:
        t0 = time.perf_counter()
        while not self._stop.wait(self.interval):
            n = self.count()
            if n is None:
                continue
            elapsed = time.perf_counter() - t0
            if self.echo and self.samples:
                last_t, last_n = self.samples[-1]
                print(
                    f"  .. {elapsed / 60:6.1f} min: {n} stored, {(n - last_n) / (elapsed - last_t):.1f}/s lately",
                    flush=True,
                )
            self.samples.append((elapsed, n))

    def __enter__(self) -> "StoreProgress":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def crossing_times(samples: list[tuple[float, int]], marks: list[int]) -> list[float | None]:
    """When the stored count first reached each mark, interpolated between samples (None: never)."""
    times: list[float | None] = []
    for mark in marks:
        found = None
        previous = (0.0, 0)
        for t, n in samples:
            if n >= mark:
                (t0, n0) = previous
                found = t0 + (t - t0) * (mark - n0) / (n - n0) if n > n0 else t
                break
            previous = (t, n)
        times.append(found)
    return times


def window_rates(samples: list[tuple[float, int]], total: int, elapsed: float) -> dict:
    """The rate over each successive window of documents (100,000 of them from 200,000 on, else a
    tenth of the run) and the last full window's rate against the first's: whether storing slows
    down as the store grows. The first window includes the start (the knowledge base, the
    workers): seconds, against the minutes a window of 100,000 takes."""
    size = 100_000 if total >= 200_000 else max(1, total // 10)
    marks = list(range(size, total + 1, size))
    times = crossing_times(samples + [(elapsed, total)], marks)
    rates, start = [], 0.0
    for mark, t in zip(marks, times):
        if t is None:
            break
        rates.append({"documents": mark, "articles_per_s": size / (t - start) if t > start else None})
        start = t
    first, last = (rates[0]["articles_per_s"], rates[-1]["articles_per_s"]) if len(rates) >= 2 else (None, None)
    ratio = last / first if first and last else None
    return {"window": size, "rates": rates, "last_to_first": ratio}


def count_articles(corpus: Path) -> int:
    shards = sorted(corpus.glob("*.jsonl"))
    if shards:
        return sum(sum(1 for _ in open(s, "rb")) for s in shards)
    return sum(1 for p in corpus.rglob("*") if p.suffix in (".md", ".txt"))


def store_size(db: Path) -> int:
    return sum(p.stat().st_size for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists())


def remove_store(db: Path) -> None:
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)


def run_ingest(corpus: Path, db: Path, workers: int | None = None, log: Path | None = None) -> dict:
    """Ingest `corpus` into a new store at `db`; time, rate, memory, size and the store's counts."""
    remove_store(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    cmd = silkgraph_cmd() + ["ingest", str(corpus), "--db", str(db), "--quiet"]
    if workers and cli_has_option("ingest", "--workers"):
        cmd += ["--workers", str(workers)]
    elif workers:
        workers = None  # the CLI has no such option yet: one process
    log = log or db.with_suffix(".ingest.log")
    articles = count_articles(corpus)
    print(f"$ {' '.join(cmd)}   ({articles} articles; stderr -> {log})", flush=True)
    t = time.perf_counter()
    with open(log, "w") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
        with TreeMonitor(proc.pid) as mon, StoreProgress(db) as progress:
            rc = proc.wait()
    elapsed = time.perf_counter() - t
    skipped_lines = sum(1 for line in open(log, encoding="utf-8", errors="replace") if line.startswith("skipped"))
    stats = subprocess.run(silkgraph_cmd() + ["stats", "--db", str(db), "--json"], capture_output=True, text=True)
    try:
        counts = json.loads(stats.stdout)
    except json.JSONDecodeError:
        counts = {"error": stats.stderr.strip()[-300:]}
    stored = counts.get("documents") if isinstance(counts.get("documents"), int) else None
    done = stored if stored is not None else articles
    result = {
        "command": " ".join(cmd),
        "articles": articles,
        "stored": stored,
        "workers": workers or 1,
        "exit_code": rc,
        "completed": rc in (0, 1),
        "seconds": elapsed,
        "articles_per_s": done / elapsed,
        "db_bytes": store_size(db),
        "peak_rss_tree_bytes": mon.peak_total,
        "peak_rss_largest_process_bytes": mon.peak_single,
        "memory_samples": mon.samples,
        "skipped_reported": skipped_lines,
        "store": counts,
        "progress": progress.samples,
        "load_average": os.getloadavg()[0],
    }
    result["windows"] = windows = window_rates(progress.samples, done, elapsed)
    for w in windows["rates"]:
        rate = w["articles_per_s"]
        print(f"  up to {w['documents']:>9,} stored: {rate:7.1f} articles/s over the last {windows['window']:,}")
    if windows["last_to_first"] is not None:
        print(f"  rate of the last {windows['window']:,} / the first: {windows['last_to_first']:.2f}")
    state = "" if result["completed"] else f" (STOPPED before the end: {done} of {articles} stored)"
    print(
        f"  {done} articles stored in {elapsed:.1f} s = {result['articles_per_s']:.1f} articles/s; exit code {rc}; "
        f"{skipped_lines} reported skipped{state}"
    )
    print(
        f"  store {result['db_bytes'] / 2**20:.1f} MiB; peak RSS {mon.peak_total / 2**20:.0f} MiB (tree), "
        f"{mon.peak_single / 2**20:.0f} MiB (largest process); load average {result['load_average']:.1f}"
    )
    print(f"  store counts: {json.dumps(counts)}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--db", type=Path, required=True, help="store to create (removed first if present)")
    parser.add_argument("--workers", type=int, help="passed to `silkgraph ingest --workers` when it exists")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    result = run_ingest(args.corpus, args.db, args.workers)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
