"""Query latency and load against `silkgraph serve` on 127.0.0.1.

    python bench/query.py --db FILE [--requests 200] [--load-seconds 30] [--connections 50] [--json FILE]

Starts the server on a free loopback port (the `serve` command when the CLI
has it, else silkgraph.web.serve.serve), then:

1. latency: a fixed query mix (search, entity, timeline, document),
   requests one after another over one keep-alive connection; the first pass
   over every URL is reported apart as "cold"; p50/p95/p99 per endpoint;
2. load: wrk (Debian package `wrk`) with 50 connections for 30 s and a Lua
   script rotating through the same mix; throughput, latency percentiles,
   errors (socket errors, timeouts and non-2xx answers);
3. the network endpoint alone, then a load run with it in the mix. It comes
   last because one slow network request holds up every other request.

The server's peak resident memory is polled throughout, and the server is
killed if it grows past --max-rss-gb (default 8), to spare a shared machine. Traffic only ever
goes to 127.0.0.1; the script has no option to point it elsewhere.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from ingest import TreeMonitor, cli_has_option, silkgraph_cmd  # noqa: E402

HOST = "127.0.0.1"  # loopback only, by design
SEARCHES = [
    "Kasachstan",
    "China Handel",
    "trade agreement",
    "Tokajew",
    "Seidenstraße",
    "Middle Corridor",
    "Pipeline",
    "Usbekistan Südkorea",
    "railway",
    "Abkommen Milliarden",
]
ENTITIES = [
    "kazakhstan",
    "uzbekistan",
    "kyrgyzstan",
    "china",
    "russia",
    "kassym-jomart-tokayev",
    "shavkat-mirziyoyev",
    "xi-jinping",
    "astana",
    "middle-corridor",
]
TIMELINES = [
    "",
    "?entity=kazakhstan",
    "?entity=china&from=2020&to=2022",
    "?type=meeting",
    "?from=2024-01&to=2024-06",
    "?entity=uzbekistan&limit=50",
]
NETWORKS = ["", "?from=2023&to=2023", "?kind=event&min_weight=5", "?from=2020-01&to=2020-06&limit=100"]
EGO_NETWORKS = [
    "?entity=kazakhstan",
    "?entity=china&steps=2",
    "?entity=kassym-jomart-tokayev&kinds=event,fact,cooccurrence&from=2023&to=2024",
]
EDGES = ["?a=china&b=kazakhstan", "?a=kazakhstan&b=russia&kinds=event,fact,cooccurrence"]
SUGGESTIONS = ["Kas", "Tokaj", "Казах", "Mirz", "Ch"]
PLACES = ["", "?from=2024&to=2024", "/astana/events", "/tashkent/events?from=2023"]
# The workbench's HTML pages (the target: every page under 300 ms); the event, fact and
# document pages get stored ids (see `build_mix`).
PAGES = [
    "/",
    "/search?q=Tokajew",
    "/search?q=summit",
    "/entities/kazakhstan",
    "/entities/kazakhstan/briefing",
    "/timeline",
    "/timeline?entity=china",
    "/network",
    "/network?entity=kazakhstan",
    "/map",
    "/figures",
    "/figures?subjects=china&subjects=kazakhstan",
]
# The load target at 100,000 articles (50 connections, 30 s, the full mix).
TARGET_LOAD = {"requests_per_s": 300, "p99_ms": 300, "errors": 0, "rss_bytes": 1.5 * 2**30}
TARGET_P95_MS = {
    "search": 50,
    "entity": 50,
    "timeline": 50,
    "document": 50,
    "network": 200,
    "ego": 200,
    "map": 200,
    "suggest": 50,
    "pages": 300,
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, log: Path, workers: int = 1) -> tuple[subprocess.Popen, str]:
    if cli_has_option("serve", "--port"):
        cmd = silkgraph_cmd() + ["serve", "--db", str(db), "--host", HOST, "--port", str(port)]
        if workers > 1:
            cmd += ["--workers", str(workers)]
    else:
        code = f"from silkgraph.web.serve import serve; serve({str(db)!r}, host={HOST!r}, port={port})"
        cmd = [sys.executable, "-c", code]
    proc = subprocess.Popen(cmd, stdout=open(log, "w"), stderr=subprocess.STDOUT, cwd=HERE.parent)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}; see {log}")
        status, _, _ = get(http.client.HTTPConnection(HOST, port, timeout=120), "/api/stats")
        if status == 200:
            return proc, " ".join(cmd)
        time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"server did not answer within 600 s; see {log}")


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, int, float]:
    """(status, body bytes, seconds) of one GET, body read in full; status 0 for a timeout or a
    broken connection (the connection is then closed, and reopens on the next request)."""
    t = time.perf_counter()
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        body = resp.read()
    except (OSError, http.client.HTTPException):
        conn.close()
        return 0, 0, time.perf_counter() - t
    return resp.status, len(body), time.perf_counter() - t


def stored_ids(db: Path, k: int = 20) -> list[str]:
    """k document ids drawn (with a fixed seed) from those the store holds, read-only."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        ids = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]
    finally:
        conn.close()
    return random.Random(0).sample(ids, min(k, len(ids)))


def stored_graph_ids(db: Path, table: str, k: int = 3) -> list[str]:
    """k ids of merged events or facts (`graph_events`, `graph_facts`), read-only."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        ids = [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id LIMIT 1000")]
    except sqlite3.Error:
        return []
    finally:
        conn.close()
    return random.Random(0).sample(ids, min(k, len(ids)))


def build_mix(db: Path) -> dict[str, list[str]]:
    """URLs per endpoint: fixed searches, entities and filters, 20 stored documents, and pages."""
    docs = stored_ids(db)
    pages = PAGES + [f"/documents/{quote(d, safe='')}" for d in docs[:3]]
    pages += [f"/events/{quote(e, safe='')}" for e in stored_graph_ids(db, "graph_events")]
    pages += [f"/facts/{quote(f, safe='')}" for f in stored_graph_ids(db, "graph_facts")]
    return {
        "search": [f"/api/search?q={quote(q)}" for q in SEARCHES],
        "entity": [f"/api/entities/{e}" for e in ENTITIES],
        "timeline": [f"/api/timeline{t}" for t in TIMELINES],
        "network": [f"/api/network{n}" for n in NETWORKS],
        "document": [f"/api/documents/{d}" for d in docs],
        "ego": [f"/api/network{n}" for n in EGO_NETWORKS] + [f"/api/network/edge{e}" for e in EDGES],
        "map": [f"/api/places{p}" for p in PLACES],
        "suggest": [f"/api/suggest?q={quote(q)}" for q in SUGGESTIONS],
        "pages": pages,
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def latency(
    port: int, mix: dict[str, list[str]], requests: int, budget_s: float = 90, timeout_s: float = 300
) -> tuple[dict, list[str]]:
    """Per endpoint: cold (first request of each URL) and warm percentiles in milliseconds.

    A URL that answers 404 on its first request is left out (and listed). An
    endpoint stops being asked once its requests have taken `budget_s` in all,
    so that one slow endpoint cannot stretch the run to hours: its n is then
    smaller. A request still unanswered after `timeout_s` counts as an error.
    """
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout_s)
    cold: dict[str, list[float]] = {k: [] for k in mix}
    warm: dict[str, list[float]] = {k: [] for k in mix}
    errors: dict[str, int] = {k: 0 for k in mix}
    sizes: dict[str, list[int]] = {k: [] for k in mix}
    missing: list[str] = []
    mix = {k: list(v) for k, v in mix.items()}

    def spent(kind: str) -> float:
        return (sum(cold[kind]) + sum(warm[kind])) / 1000

    for kind, urls in mix.items():  # first pass: nothing cached yet
        for url in list(urls):
            if spent(kind) > budget_s:
                break
            status, size, secs = get(conn, url)
            cold[kind].append(secs * 1000)
            if status == 404:
                missing.append(url)
                urls.remove(url)
            errors[kind] += status not in (200, 404)
    for r in range(requests):  # interleaved, so that no endpoint gets a quiet machine to itself
        for kind, urls in mix.items():
            if not urls or spent(kind) > budget_s:
                continue
            status, size, secs = get(conn, urls[r % len(urls)])
            warm[kind].append(secs * 1000)
            sizes[kind].append(size)
            errors[kind] += status != 200
    out = {}
    for kind in mix:
        w = warm[kind] or cold[kind]  # an endpoint too slow for a warm pass is judged on its cold one
        if not w:
            continue
        out[kind] = {
            "requests": len(w),
            "warm": bool(warm[kind]),
            "p50_ms": percentile(w, 50),
            "p95_ms": percentile(w, 95),
            "p99_ms": percentile(w, 99),
            "max_ms": max(w),
            "mean_ms": sum(w) / len(w),
            "cold_requests": len(cold[kind]),
            "cold_median_ms": percentile(cold[kind], 50),
            "cold_max_ms": max(cold[kind]),
            "errors": errors[kind],
            "mean_bytes": sum(sizes[kind]) / len(sizes[kind]) if sizes[kind] else None,
            "target_p95_ms": TARGET_P95_MS[kind],
        }
        s = out[kind]
        verdict = "met" if s["p95_ms"] < s["target_p95_ms"] and not s["errors"] else "MISSED"
        size = f"{s['mean_bytes'] / 1024:6.1f} KiB" if s["mean_bytes"] is not None else "   (cold only)"
        print(
            f"  {kind:9} n={len(w):4}  p50 {s['p50_ms']:8.1f}  p95 {s['p95_ms']:8.1f}  p99 {s['p99_ms']:8.1f}  "
            f"max {s['max_ms']:8.1f} ms  cold median {s['cold_median_ms']:8.1f} max {s['cold_max_ms']:8.1f} ms  "
            f"{size}  errors {s['errors']}  (p95 target {s['target_p95_ms']} ms: {verdict})",
            flush=True,
        )
    return out, missing


LUA = """-- rotates through the query mix; each wrk thread has its own counter
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%%d,"duration_us":%%d,"bytes":%%d,"connect":%%d,"read":%%d,' ..
    '"write":%%d,"status":%%d,"timeout":%%d,"p50_us":%%d,"p90_us":%%d,"p95_us":%%d,"p99_us":%%d,' ..
    '"max_us":%%d,"mean_us":%%.1f}\\n', summary.requests, summary.duration, summary.bytes, e.connect, e.read,
    e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean))
end
"""


def load(port: int, mix: dict[str, list[str]], seconds: int, connections: int, threads: int = 2) -> dict:
    """wrk against the server: every endpoint kind equally often, URLs rotating within a kind."""
    wrk = shutil.which("wrk")
    if not wrk:
        print("  wrk is not installed (apt-get install -y wrk): load test skipped")
        return {"skipped": "wrk not installed"}
    kinds = [urls for urls in mix.values() if urls]
    paths = [kinds[k][r % len(kinds[k])] for r in range(max(map(len, kinds))) for k in range(len(kinds))]
    script = Path(tempfile.mkdtemp(prefix="silkgraph-wrk-")) / "mix.lua"
    script.write_text(LUA % ", ".join(json.dumps(p) for p in paths))
    cmd = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
        f"http://{HOST}:{port}",
    ]
    print(f"$ {' '.join(cmd)}", flush=True)
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120)
    found = re.search(r"WRKJSON (\{.*\})", out.stdout)
    if not found:
        print(out.stdout + out.stderr)
        return {"command": " ".join(cmd), "error": "no summary from wrk"}
    r = json.loads(found.group(1))
    errors = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
    result = {
        "command": " ".join(cmd),
        "load_average_1min": os.getloadavg()[0],
        "paths": len(paths),
        "requests": r["requests"],
        "requests_per_s": r["requests"] / (r["duration_us"] / 1e6),
        "errors": errors,
        "errors_by_kind": {k: r[k] for k in ("connect", "read", "write", "status", "timeout")},
        **{k.replace("_us", "_ms"): r[k] / 1000 for k in ("p50_us", "p90_us", "p95_us", "p99_us", "max_us", "mean_us")},
    }
    print(
        f"  {result['requests']} requests in {seconds} s = {result['requests_per_s']:.1f} requests/s; "
        f"latency p50 {result['p50_ms']:.0f} p90 {result['p90_ms']:.0f} p99 {result['p99_ms']:.0f} "
        f"max {result['max_ms']:.0f} ms; errors {errors} {result['errors_by_kind']} "
        f"(load average {result['load_average_1min']:.1f} at the end)"
    )
    return result


def load_verdict(result: dict, rss_peak: int) -> dict:
    """Each figure of the load target, met or not (TARGET_LOAD)."""
    if "requests_per_s" not in result:
        return {}
    t = TARGET_LOAD
    verdict = {
        "errors": result["errors"] <= t["errors"],
        "requests_per_s": result["requests_per_s"] >= t["requests_per_s"],
        "p99_ms": result["p99_ms"] < t["p99_ms"],
        "rss": rss_peak < t["rss_bytes"],
    }
    said = {True: "met", False: "MISSED"}
    print(
        f"  target: errors {result['errors']} (0: {said[verdict['errors']]}), "
        f"{result['requests_per_s']:.0f} requests/s (>= {t['requests_per_s']}: {said[verdict['requests_per_s']]}), "
        f"p99 {result['p99_ms']:.0f} ms (< {t['p99_ms']}: {said[verdict['p99_ms']]}), "
        f"server RSS peak {rss_peak / 2**20:.0f} MiB (< {t['rss_bytes'] / 2**20:.0f}: {said[verdict['rss']]})",
        flush=True,
    )
    return verdict


def tree_memory(pid: int) -> dict:
    """Resident (RSS) and proportional (PSS: shared pages split between the processes that share
    them) memory of the server's process tree, summed, and the number of processes."""
    import psutil

    procs = [psutil.Process(pid)]
    procs += procs[0].children(recursive=True)
    rss = pss = 0
    for p in procs:
        try:
            full = p.memory_full_info()
        except psutil.Error:
            continue
        rss += full.rss
        pss += getattr(full, "pss", full.rss)
    return {"processes": len(procs), "rss_bytes": rss, "pss_bytes": pss}


def settle(port: int, path: str = "/api/stats", quick_s: float = 0.2, limit_s: float = 300) -> float:
    """Wait until the server answers a cheap request quickly again (the requests a load run
    left in flight are still being worked off), so that the next measurement starts clean."""
    t = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=limit_s)
    while time.perf_counter() - t < limit_s:
        status, _, secs = get(conn, path)
        if status == 200 and secs < quick_s:
            break
        time.sleep(1)
    return time.perf_counter() - t


def run(
    db: Path,
    requests: int,
    load_seconds: int,
    connections: int,
    network: bool = True,
    max_rss: int = 8 * 2**30,
    workers: int = 1,
) -> dict:
    """Latency and load for the fast endpoints first, then the network endpoint on its own
    and a load run with the full mix: a slow network request holds up every other request
    (the store serialises calls), so measuring it last keeps the other figures clean."""
    port = free_port()
    log = db.with_suffix(".serve.log")
    t = time.perf_counter()
    proc, cmd = start_server(db, port, log, workers)
    startup = time.perf_counter() - t
    print(f"$ {cmd}   (ready in {startup:.1f} s; log -> {log}; load average {os.getloadavg()})", flush=True)

    result = {
        "server_command": cmd,
        "startup_s": startup,
        "rss_ready_bytes": tree_memory(proc.pid)["rss_bytes"],
        "max_rss_bytes": max_rss,
        "load_average": os.getloadavg()[0],
    }
    mix = build_mix(db)
    fast = {k: v for k, v in mix.items() if k != "network"}
    monitor = TreeMonitor(proc.pid, limit=max_rss)
    try:
        with monitor:
            result["latency"], missing = latency(port, fast, requests)
            result["missing"] = missing
            fast = {k: [u for u in v if u not in missing] for k, v in fast.items()}
            print("  load without /api/network:")
            result["load_without_network"] = load(port, fast, load_seconds, connections)
            result["rss_peak_fast_bytes"] = monitor.peak_total
            if network and not monitor.killed:
                print(f"  /api/network alone (after {settle(port):.0f} s for the server to settle):")
                net, _ = latency(port, {"network": mix["network"]}, requests)
                result["latency"].update(net)
            if network and not monitor.killed:
                print(f"  load with the full mix (after {settle(port):.0f} s for the server to settle):")
                result["load"] = load(port, {**fast, "network": mix["network"]}, load_seconds, connections)
                result["memory_after_load"] = tree_memory(proc.pid)
                result["load_verdict"] = load_verdict(result["load"], monitor.peak_total)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()  # uvicorn waits for requests in flight, which may take minutes
    result.update(rss_peak_bytes=monitor.peak_total, server_killed_for_memory=monitor.killed)
    peak = monitor.peak_total
    after = result.get("memory_after_load")
    if after:
        print(
            f"  server after the full-mix load: {after['processes']} processes, RSS {after['rss_bytes'] / 2**20:.0f} "
            f"MiB, PSS {after['pss_bytes'] / 2**20:.0f} MiB (shared pages counted once)"
        )
    print(
        f"  server RSS (sum over its process tree): {result['rss_ready_bytes'] / 2**20:.0f} MiB when ready, peak "
        f"{result['rss_peak_fast_bytes'] / 2**20:.0f} MiB without the network endpoint, {peak / 2**20:.0f} MiB "
        f"in all{' (KILLED at the limit)' if monitor.killed else ''}; target < 1536 MiB: "
        f"{'met' if peak < 1.5 * 2**30 else 'MISSED'}"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=200, help="warm requests per endpoint")
    parser.add_argument("--load-seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--no-network", action="store_true", help="leave the network endpoint out")
    parser.add_argument("--max-rss-gb", type=float, default=8, help="kill the server above this (default 8)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--workers", type=int, default=1, help="serve --workers (worker processes)")
    args = parser.parse_args()
    result = run(
        args.db,
        args.requests,
        args.load_seconds,
        args.connections,
        not args.no_network,
        int(args.max_rss_gb * 2**30),
        args.workers,
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
