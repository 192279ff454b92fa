"""The benchmark suite: corpus, analysis throughput, ingest, query latency and load, in one command.

    python bench/run.py [--quick | --full | --million] [--articles N] [--steps generate,throughput,ingest,query]
                        [--workdir DIR] [--seed S]

--quick (the default): 2,000 articles ingested, 2,000 generated articles for
throughput, 50 warm requests per endpoint, 10 s of load. A few minutes.
--full: 100,000 articles ingested, 10,000 for throughput, 200 requests per
endpoint, 30 s of load with 50 connections. Allow an hour or more; run it
in the background (nohup python bench/run.py --full > full.log 2>&1 &).
--million: 1,000,000 articles and a storm of 2,000 near-identical reports of
one summit, generated and ingested with --workers (steps generate,ingest
unless --steps says otherwise); about 90 minutes of ingest on 2 cores at the
target, and several GB of disk in --workdir.

Prints every figure as it goes and writes them all to
DIR/results-<date>.json. Nothing here asserts a time: targets are printed
as met or missed. Needs psutil and spaCy in the environment
(bench/requirements.txt) and Debian's wrk for the load step.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

PROFILES = {
    "quick": {"articles": 2000, "throughput_generated": 2000, "repeat": 50, "requests": 50, "load_seconds": 10},
    "full": {"articles": 100000, "throughput_generated": 10000, "repeat": 200, "requests": 200, "load_seconds": 30},
    # a million articles with one storm of 2,000 near-identical reports, ingested with --workers only
    "million": {
        "articles": 1000000,
        "storms": 1,
        "storm_size": 2000,
        "throughput_generated": 10000,
        "repeat": 200,
        "requests": 200,
        "load_seconds": 30,
        "steps": "generate,ingest",
    },
}
STEPS = ("generate", "throughput", "ingest", "query")
# Ingest targets by size: under 30 minutes for 100,000 articles; under 90 for a million, the rate
# over the last 100,000 at least MIN_LAST_TO_FIRST times the rate over the first.
INGEST_TARGET_S = {100000: 30 * 60, 1000000: 90 * 60}
MIN_LAST_TO_FIRST = 0.7


def machine() -> dict:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
        platform.processor(),
    )
    mem = next((int(line.split()[1]) * 1024 for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    info = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_bytes": mem,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }
    for package in ("silkgraph", "spacy", "psutil", "uvicorn", "fastapi"):
        try:
            from importlib.metadata import version

            info[package] = version(package)
        except Exception:
            info[package] = None
    wrk = shutil.which("wrk")
    if wrk:
        out = subprocess.run([wrk, "--version"], capture_output=True, text=True)
        info["wrk"] = (out.stdout or out.stderr).splitlines()[0].strip()
    return info


def corpus_name(articles: int, seed: int, storms: int = 0, storm_size: int = 0) -> str:
    return f"corpus-{seed}-{articles}" + (f"-storms{storms}x{storm_size}" if storms else "")


def step_generate(workdir: Path, articles: int, seed: int, storms: int = 0, storm_size: int = 0) -> Path:
    """The corpus for the ingest step, reused when an earlier run made the same one."""
    corpus = workdir / corpus_name(articles, seed, storms, storm_size)
    done = workdir / f"{corpus.name}.done.json"  # beside the corpus: ingest reads every file in it
    if done.exists():
        print(f"corpus {corpus} exists: {done.read_text().strip()}")
        return corpus
    shutil.rmtree(corpus, ignore_errors=True)
    cmd = [
        sys.executable,
        str(HERE / "generate.py"),
        str(corpus),
        "--articles",
        str(articles),
        "--seed",
        str(seed),
        "--format",
        "jsonl",
    ]
    if storms:
        cmd += ["--storms", str(storms), "--storm-size", str(storm_size)]
    print(f"$ {' '.join(cmd)}", flush=True)
    t = time.perf_counter()
    subprocess.run(cmd, check=True)
    info = {"articles": articles, "storms": storms, "storm_size": storm_size, "seed": seed}
    done.write_text(json.dumps({**info, "seconds": time.perf_counter() - t}))
    return corpus


def step_throughput(workdir: Path, generated: int, repeat: int, seed: int) -> dict:
    out = workdir / "throughput.json"
    cmd = [
        sys.executable,
        str(HERE / "throughput.py"),
        "--generated",
        str(generated),
        "--repeat",
        str(repeat),
        "--seed",
        str(seed),
        "--json",
        str(out),
    ]
    print(f"$ {' '.join(cmd)}", flush=True)
    subprocess.run(cmd, check=True)
    return {"command": " ".join(cmd), **json.loads(out.read_text())}


def judge_ingest(done: dict, articles: int) -> None:
    """Print an ingest run's targets as met or MISSED (and keep them with its figures); sizes
    without a target are not judged."""
    limit = INGEST_TARGET_S.get(articles)
    if limit is None:
        return
    done["target_seconds"] = limit
    done["target_met"] = done["seconds"] < limit and done["completed"]
    print(f"  target: under {limit / 60:.0f} min: {'met' if done['target_met'] else 'MISSED'}")
    ratio = (done.get("windows") or {}).get("last_to_first")
    if articles >= 1000000 and ratio is not None:
        done["rate_target_met"] = ratio >= MIN_LAST_TO_FIRST
        print(f"  target: last/first rate >= {MIN_LAST_TO_FIRST}: {'met' if done['rate_target_met'] else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="small sizes, a few minutes (default)")
    size.add_argument("--full", action="store_true", help="100,000 articles; an hour or more")
    size.add_argument(
        "--million",
        action="store_true",
        help="1,000,000 articles and a storm of 2,000 reports; generate and ingest (with --workers) only",
    )
    parser.add_argument("--articles", type=int, help="articles to ingest (overrides the profile)")
    parser.add_argument(
        "--steps", help=f"comma-separated subset of {','.join(STEPS)} (default: all; --million: generate,ingest)"
    )
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/silkgraph-bench"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="for a second ingest with `--workers` when the CLI offers it (0: skip it)",
    )
    args = parser.parse_args()
    name = "million" if args.million else "full" if args.full else "quick"
    profile = dict(PROFILES[name])
    if args.articles:
        profile["articles"] = args.articles
    steps = [s.strip() for s in (args.steps or profile.get("steps") or ",".join(STEPS)).split(",") if s.strip()]
    unknown = set(steps) - set(STEPS)
    if unknown:
        parser.error(f"unknown steps {sorted(unknown)}")
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = {
        "profile": name,
        "settings": profile,
        "machine": machine(),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
    }
    print(json.dumps(results["machine"]))
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = args.workdir / f"results-{stamp}.json"

    def save() -> None:  # after every step, so a long run that dies keeps what it measured
        out.write_text(json.dumps(results, indent=1, default=str))

    n = profile["articles"]
    storms = (profile.get("storms", 0), profile.get("storm_size", 0))
    corpus = args.workdir / corpus_name(n, args.seed, *storms)
    db = args.workdir / f"store-{args.seed}-{n}.db"
    if "generate" in steps or ("ingest" in steps and not (args.workdir / f"{corpus.name}.done.json").exists()):
        print("\n== corpus")
        corpus = step_generate(args.workdir, n, args.seed, *storms)
        results["corpus"] = json.loads((args.workdir / f"{corpus.name}.done.json").read_text())
        save()
    if "throughput" in steps:
        print("\n== analysis throughput")
        results["throughput"] = step_throughput(
            args.workdir, profile["throughput_generated"], profile["repeat"], args.seed
        )
        save()
    if "ingest" in steps:
        from ingest import cli_has_option, run_ingest

        print("\n== ingest")
        results["ingest"] = []
        parallel = args.workers > 1 and cli_has_option("ingest", "--workers")
        runs = [] if args.million and parallel else [(db, None)]  # a million: the parallel run alone
        if parallel:
            runs.append((db.with_name(db.stem + f"-w{args.workers}.db"), args.workers))
        elif args.workers > 1:
            print("  (the CLI has no --workers option: no parallel ingest run)")
        for store, workers in runs:
            done = run_ingest(corpus, store, workers)
            judge_ingest(done, n)
            results["ingest"].append(done)
            save()
        db = runs[0][0]
    if "query" in steps:
        from query import run as run_queries

        print("\n== query latency and load")
        if not db.exists():
            sys.exit(f"no store at {db}: run the ingest step first")
        results["query"] = run_queries(db, profile["requests"], profile["load_seconds"], 50)
        save()
    print(f"\nall figures -> {out}")


if __name__ == "__main__":
    main()
