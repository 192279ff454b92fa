"""The watcher's throughput: polls local sources and reports items/s, time per cycle, peak RSS.

    python bench/watch.py [--sources 200] [--items 20] [--threads 4] [--delay 0] [--db FILE]

Each source is an RSS feed of `--items` article pages served by a server of its
own on 127.0.0.1 (one port per source, so that the per-host limits apply per
source as they would across real outlets). Articles come from bench/generate.py.
Cycle 1 finds every item new (fetch, extract, analyse, store, evaluate two
watchlists); cycle 2 finds every feed unchanged (304). Figures, not assertions:
record them in bench/RESULTS.md with the command.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))


def _page(title: str, paragraphs: list[str], day: str, lang: str) -> bytes:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta property="article:published_time" content="{day}"></head><body><nav><a href="/">Home</a></nav>'
        f"<article><h1>{escape(title)}</h1>{body}</article><footer>(c) Bench News</footer></body></html>"
    ).encode()


def _feed(base: str, titles: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{escape(t)}</title><link>{base}/a{j}</link><guid>{base}/a{j}</guid></item>"
        for j, t in enumerate(titles)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title>'
        f"<link>{base}/</link><description>bench</description>{items}</channel></rss>"
    ).encode()


def _serve(pages: dict[str, bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            body = pages.get(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = f'"{len(body)}-{zlib.crc32(body)}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml" if self.path == "/feed.xml" else "text/html")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def build_sites(sources: int, items: int, seed: int = 1) -> list[ThreadingHTTPServer]:
    from generate import _world, article

    world = _world()
    servers = []
    for s in range(sources):
        articles = [article(world, seed, s * items + j) for j in range(items)]
        pages = {
            f"/a{j}": _page(a["title"], a["paragraphs"], a["day"].isoformat(), a["lang"])
            for j, a in enumerate(articles)
        }
        pages["/robots.txt"] = b"User-agent: *\nAllow: /\n"
        server = _serve(pages)
        pages["/feed.xml"] = _feed(f"http://127.0.0.1:{server.server_address[1]}", [a["title"] for a in articles])
        servers.append(server)
    return servers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--delay", type=float, default=0.0, help="politeness delay per host (s)")
    parser.add_argument("--db", help="store to fill (default: a temporary SQLite file)")
    args = parser.parse_args()

    from silkgraph.alerts import parse_watchlist, save_watchlist
    from silkgraph.follow.sources import Source
    from silkgraph.follow.watch import Watcher
    from silkgraph.store import open_store

    started = time.perf_counter()
    servers = build_sites(args.sources, args.items)
    print(f"{args.sources} sources x {args.items} items served in {time.perf_counter() - started:.1f} s", flush=True)
    sources = [
        Source(name=f"s{i}", url=f"http://127.0.0.1:{srv.server_address[1]}/feed.xml", delay=args.delay)
        for i, srv in enumerate(servers)
    ]
    folder = tempfile.mkdtemp(prefix="silkgraph-bench-watch-")
    db = args.db or os.path.join(folder, "watch.db")
    with open_store(db) as store:
        save_watchlist(store, parse_watchlist({"id": "kz", "rule": {"entities": ["kazakhstan"]}}))
        save_watchlist(
            store, parse_watchlist({"id": "deals", "rule": {"fact_types": ["deal_value"], "min_value": 1e8}})
        )
        watcher = Watcher(store, sources, threads=args.threads, max_items=args.items)
        for cycle in (1, 2):
            t0 = time.perf_counter()
            reports = watcher.poll(force=True)
            took = time.perf_counter() - t0
            stored = sum(r.stored + r.duplicates for r in reports)
            errors = [r for r in reports if r.status == "error"]
            statuses = sorted({r.status for r in reports})
            print(
                f"cycle {cycle}: {took:.1f} s, {stored} items stored ({stored / took:.1f} items/s), "
                f"{sum(r.failed for r in reports)} failed, {len(errors)} source errors, statuses {statuses}, "
                f"{sum(r.alerts for r in reports)} alerts",
                flush=True,
            )
            phases = ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in watcher.seconds.items())
            print(f"    summed over threads: {phases or 'nothing fetched'}", flush=True)
            watcher.seconds.clear()
        watcher.close()
        documents = len(store.document_ids())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents in store: {documents}; peak RSS {peak:.0f} MB; store {db}")
    for server in servers:
        server.shutdown()


if __name__ == "__main__":
    main()
