"""Soak: ingest a generated feed continuously while N connections read, for a bounded time.

    python bench/soak.py --seconds 120 --connections 20 [--workers 2] [--rate 5] [--db FILE]

What runs, all on 127.0.0.1 and in a temporary folder unless --db is given:

* `silkgraph serve --workers W` over the store;
* one `silkgraph ingest -` whose standard input gets generated articles as
  JSON lines at --rate articles a second (a slow feed: what is analysed must
  still be stored within seconds);
* N reader threads, each with one keep-alive connection, looping over
  stats, search, timeline, entity and document requests, and opening the
  first documents that each search lists.

It prints, at the end: requests and errors (any answer but 200/304, or a
failed connection), the server's resident memory (its process tree) after
the warm-up and at the end with the growth in per cent, and whether a reader
ever saw a half-written document: a listed document that could not be
opened, or one whose text, entities or annotation spans differ from what the
same URL gives once the writer has stopped (a stored document never changes,
only its links to merged events may).
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from ingest import TreeMonitor, silkgraph_cmd  # noqa: E402
from query import free_port, tree_memory  # noqa: E402

HOST = "127.0.0.1"  # loopback only
WORDS = [
    "Kasachstan",
    "China",
    "Usbekistan",
    "Gipfel",
    "Handel",
    "Russland",
    "Astana",
    "Taschkent",
    "summit",
    "trade",
    "Turkmenistan",
    "Gas",
    "Abkommen",
    "Investitionen",
]
SAMPLE_SECONDS = 30  # how often the server's memory is recorded after the warm-up
ENTITIES = ["kazakhstan", "china", "uzbekistan", "russia", "turkmenistan", "kyrgyzstan", "tajikistan"]


class Readers:
    """N threads reading the server until stopped; they count answers and remember documents."""

    def __init__(self, port: int, connections: int):
        self.port = port
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.requests = self.errors = 0
        self.error_samples: list[str] = []
        self.errors_by_kind: dict[str, int] = {}  # "HTTP 500", "timeout", "ConnectionResetError", ...
        self.seen: dict[str, str] = {}  # document URL -> digest of its stable part, as first seen
        self.unopenable: list[str] = []
        self.threads = [threading.Thread(target=self._loop, args=(n,), daemon=True) for n in range(connections)]

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def join(self) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(60)

    def _error(self, kind: str, what: str) -> None:
        with self.lock:
            self.errors += 1
            self.errors_by_kind[kind] = self.errors_by_kind.get(kind, 0) + 1
            if len(self.error_samples) < 10:
                self.error_samples.append(what)

    def _get(self, conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        with self.lock:
            self.requests += 1
        return response.status, body

    def _loop(self, n: int) -> None:
        rng = random.Random(n)
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        while not self.stop.is_set():
            path = rng.choice(
                [
                    "/api/stats",
                    f"/api/search?q={urllib.parse.quote(rng.choice(WORDS))}&limit=10",
                    "/api/timeline?limit=20",
                    f"/api/entities/{rng.choice(ENTITIES)}",
                    f"/search?q={urllib.parse.quote(rng.choice(WORDS))}",
                ]
            )
            try:
                status, body = self._get(conn, path)
                if status != 200:
                    self._error(f"HTTP {status}", f"{status} {path}")
                    continue
                if path.startswith("/api/search"):
                    for doc_id in _listed_documents(json.loads(body))[:3]:
                        self._open(conn, doc_id)
            except (OSError, http.client.HTTPException, ValueError) as exc:
                kind = "timeout" if isinstance(exc, TimeoutError) else type(exc).__name__
                self._error(kind, f"{type(exc).__name__} {path}")
                conn.close()
                conn = http.client.HTTPConnection(HOST, self.port, timeout=30)

    def _open(self, conn: http.client.HTTPConnection, doc_id: str) -> None:
        url = "/api/documents/" + urllib.parse.quote(doc_id, safe="")
        status, body = self._get(conn, url)
        if status != 200:
            with self.lock:
                self.unopenable.append(f"{status} {doc_id}")
            return
        digest = stable_digest(json.loads(body))
        with self.lock:
            self.seen.setdefault(url, digest)


def _listed_documents(answer: dict) -> list[str]:
    return [d["id"] for d in answer.get("documents", [])]


def stable_digest(document: dict) -> str:
    """What a stored document keeps for ever: text, title, entities, annotation spans and kinds."""
    stable = {
        "text": document.get("text"),
        "title": document.get("title"),
        "entities": [(e["id"], e["mentions"]) for e in document.get("entities", [])],
        "spans": [(a["start"], a["end"], a["kind"]) for a in document.get("annotations", [])],
    }
    return hashlib.sha256(json.dumps(stable, sort_keys=True).encode()).hexdigest()


def feed_writer(proc: subprocess.Popen, rate: float, stop: threading.Event, seed: int) -> dict:
    """Write generated articles to the ingest process at `rate` a second until `stop`."""
    sent = 0
    started = time.monotonic()
    for record in generate(10_000_000, seed=seed):
        if stop.is_set():
            break
        proc.stdin.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        proc.stdin.flush()
        sent += 1
        stop.wait(max(0.0, started + sent / rate - time.monotonic()))
    proc.stdin.close()
    return {"sent": sent}


def tree_rss(pid: int) -> int:
    """Resident memory of the process and all its descendants, summed (shared pages once per process)."""
    return tree_memory(pid)["rss_bytes"]


def wait_up(port: int, proc: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/api/stats")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("server did not come up")


def run(db: Path, seconds: float, connections: int, workers: int, rate: float, seed: int) -> dict:
    cmd = silkgraph_cmd()
    # A store to start from: a few articles, so that readers have something at once.
    first = subprocess.run(
        cmd + ["ingest", "-", "--db", str(db), "-q"],
        capture_output=True,
        timeout=600,
        input="".join(json.dumps(r) + "\n" for r in generate(50, seed=seed + 1)).encode(),
    )
    if first.returncode != 0:
        raise RuntimeError(first.stderr.decode())
    port = free_port()
    log = db.with_suffix(".serve.log")
    server = subprocess.Popen(
        cmd + ["serve", "--db", str(db), "--host", HOST, "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=open(log, "w"),
    )
    ingest = None
    try:
        wait_up(port, server)
        ingest = subprocess.Popen(
            cmd + ["ingest", "-", "--db", str(db), "-q"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        readers = Readers(port, connections)
        stop = threading.Event()
        fed: dict = {}
        writer = threading.Thread(target=lambda: fed.update(feed_writer(ingest, rate, stop, seed)), daemon=True)
        t0 = time.monotonic()
        with TreeMonitor(server.pid) as monitor:
            writer.start()
            readers.start()
            time.sleep(min(20.0, seconds / 5))  # warm-up: workers load, caches fill
            rss_warm = tree_rss(server.pid)
            series = [(round(time.monotonic() - t0), round(rss_warm / 2**20))]
            while (left := seconds - (time.monotonic() - t0)) > 0:
                time.sleep(min(left, SAMPLE_SECONDS))
                series.append((round(time.monotonic() - t0), round(tree_rss(server.pid) / 2**20)))
            rss_end = tree_rss(server.pid)
            memory_end = tree_memory(server.pid)
            stop.set()
            readers.join()
            writer.join(60)
        ingest.wait(300)
        # Once nothing is written any more, every document seen must read the same.
        changed = 0
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        for url, digest in readers.seen.items():
            conn.request("GET", url)
            response = conn.getresponse()
            body = response.read()
            if response.status != 200 or stable_digest(json.loads(body)) != digest:
                changed += 1
        stored = json.loads(
            subprocess.run(cmd + ["stats", "--db", str(db), "--json"], capture_output=True, timeout=300).stdout
        )["documents"]
        return {
            "seconds": round(time.monotonic() - t0, 1),
            "connections": connections,
            "workers": workers,
            "requests": readers.requests,
            "requests_per_s": round(readers.requests / max(1e-9, time.monotonic() - t0), 1),
            "errors": readers.errors,
            "errors_by_kind": readers.errors_by_kind,
            "error_samples": readers.error_samples,
            "articles_sent": fed.get("sent", 0),
            "documents_stored": stored,
            "ingest_rc": ingest.returncode,
            "ingest_stderr": ingest.stderr.read().decode("utf-8", "replace")[-500:],
            "rss_warm_mib": round(rss_warm / 2**20),
            "rss_end_mib": round(rss_end / 2**20),
            "rss_peak_mib": round(monitor.peak_total / 2**20),
            "rss_growth_percent": round(100 * (rss_end - rss_warm) / rss_warm, 1),
            "rss_series_s_mib": series,
            "server_processes": memory_end["processes"],
            "pss_end_mib": round(memory_end["pss_bytes"] / 2**20),
            "documents_checked": len(readers.seen),
            "listed_but_unopenable": readers.unopenable[:10],
            "half_written_seen": changed + len(readers.unopenable),
            "server_errors_logged": [
                line for line in log.read_text(errors="replace").splitlines() if "Error" in line or "error" in line
            ][-10:],
        }
    finally:
        for proc in (ingest, server):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(60)
                except subprocess.TimeoutExpired:
                    proc.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=120, help="how long readers and the writer run (<= 3600)")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="serve --workers")
    parser.add_argument("--rate", type=float, default=5, help="articles a second fed to ingest")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path, help="store to use (default: a new one in a temporary folder)")
    args = parser.parse_args()
    if not 0 < args.seconds <= 3600:
        parser.error("--seconds must be in (0, 3600]")
    with tempfile.TemporaryDirectory(prefix="silkgraph-soak-") as tmp:
        result = run(
            args.db or Path(tmp) / "soak.db", args.seconds, args.connections, args.workers, args.rate, args.seed
        )
    print(json.dumps(result, indent=1, ensure_ascii=False))
    ok = result["errors"] == 0 and result["half_written_seen"] == 0 and result["ingest_rc"] == 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
