"""Cold timings of the workbench's pages: the first request of each page after the server starts.

    python bench/pages.py --db FILE [--rounds 3] [--drop-file-cache] [--json FILE] [PATH ...]

Each round starts `silkgraph serve` on the store (on a free loopback port), waits until it
answers /api/stats, then asks every page once, one after another, and stops the server: each
time is the page's first request in that process, computed (no response cache yet), with the
knowledge base loaded by whichever page needs it first unless --kb-first asks a page that
loads it before the timed ones. The report gives each page's median over the rounds.

--drop-file-cache evicts the store's file (and only that file) from the OS page cache before
each round (posix_fadvise DONTNEED), so that the timings include reading it from disk; without
it the OS cache is as the previous round left it (warm after the first round).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from query import HOST, free_port, get, start_server, stored_graph_ids, stored_ids  # noqa: E402

PAGES = [
    "/",
    "/search?q=Tokajew",
    "/search?q=summit",
    "/entities/kazakhstan",
    "/entities/uzbekistan/briefing",
    "/timeline",
    "/timeline?entity=russia",
    "/timeline?from=2024",
    "/network",
    "/network?entity=kazakhstan",
    "/network?entity=china&steps=2",
    "/map",
    "/figures",
    "/figures?from=2024",
    "/figures?subjects=russia&subjects=uzbekistan",
    "/figures?subjects=russia,uzbekistan",
    "/api/figures",
    "/sources",
    "/watchlists",
    "/inbox",
    "/corrections",
    "/alerts",
    "/network/edge?a=kazakhstan&b=russia",
]
KB_FIRST = "/api/entities/kazakhstan"  # loads the knowledge base, touches little else


def drop_file_cache(path: Path) -> None:
    """Evict one file from the OS page cache (this file only: the machine is shared)."""
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if not name.exists():
            continue
        fd = os.open(name, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def stored_pages(db: Path) -> list[str]:
    """A document, an event and a fact page of ids the store holds (fixed seed)."""
    docs = stored_ids(db, 1)
    events = stored_graph_ids(db, "graph_events", 1)
    facts = stored_graph_ids(db, "graph_facts", 1)
    return [f"/documents/{d}" for d in docs] + [f"/events/{e}" for e in events] + [f"/facts/{f}" for f in facts]


def one_round(db: Path, paths: list[str], kb_first: bool, drop: bool) -> dict[str, tuple[int, float]]:
    """Start a server, ask each path once, stop it: {path: (status, ms)}."""
    if drop:
        drop_file_cache(db)
    port = free_port()
    proc, _ = start_server(db, port, db.with_suffix(".pages.log"))
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=600)
        if kb_first:
            get(conn, KB_FIRST)
        out = {}
        for path in paths:
            status, _, secs = get(conn, path)
            out[path] = (status, secs * 1000)
        return out
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except Exception:
            proc.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--drop-file-cache", action="store_true", help="evict the store file from the OS cache")
    parser.add_argument("--kb-first", action="store_true", help="load the knowledge base before the timed pages")
    parser.add_argument("--json", type=Path)
    parser.add_argument("paths", nargs="*", help="pages to time (default: every page of the workbench)")
    args = parser.parse_args()
    paths = args.paths or PAGES + stored_pages(args.db)
    rounds = []
    for r in range(args.rounds):
        load = os.getloadavg()[0]
        t = time.perf_counter()
        rounds.append(one_round(args.db, paths, args.kb_first, args.drop_file_cache))
        print(f"round {r + 1}: {time.perf_counter() - t:.0f} s, load average {load:.1f}", file=sys.stderr, flush=True)
    print(f"{'page':55} {'status':>6} {'median ms':>10}  rounds")
    result = {}
    for path in paths:
        times = [rnd[path][1] for rnd in rounds]
        statuses = {rnd[path][0] for rnd in rounds}
        result[path] = {"median_ms": statistics.median(times), "ms": times, "status": sorted(statuses)}
        print(
            f"{path[:55]:55} {'/'.join(map(str, sorted(statuses))):>6} {statistics.median(times):10.0f}  "
            + " ".join(f"{t:.0f}" for t in times)
        )
    print(f"load average now: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.json:
        args.json.write_text(
            json.dumps({"rounds": args.rounds, "drop": args.drop_file_cache, "pages": result}, indent=1)
        )


if __name__ == "__main__":
    main()
