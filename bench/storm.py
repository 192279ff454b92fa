"""Storm benchmark: how storing grows with the number of reports of one event.

    python bench/storm.py [--sizes 250,500,1000,2000] [--db-dir DIR] [--seed S] [--ingest]

A big summit produces hundreds of near-identical reports in a day: syndicated
copies with a changed headline, a changed outlet line, a figure rounded
differently, a day-precise or a month-precise date. For each size n this
writes n such reports (analyses made here, so that only storing and the graph
are timed, not the language pipeline) into a fresh SQLite store and prints
the time, the time per report and the ratio to the previous size. Merging
costs O(1) or O(log n) per report when doubling n about doubles the time
(ratio ~2); an all-pairs step shows as a ratio near 4. Nothing here asserts
a time. At the end the graph is checked: one summit event, one trade fact.

With --ingest the same texts go through `silkgraph ingest` as a JSON Lines
feed instead, language analysis included (the graph then holds what the
pipeline makes of them).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from silkgraph.model import Analysis, Document, Entity, Event, Fact, Mention, Span
from silkgraph.store import open_store

OUTLETS = (
    "Northern Wire",
    "Steppe Daily",
    "Caspian Herald",
    "Silk Road Post",
    "Eurasia Monitor",
    "Pamir Times",
    "Aral News",
    "Tien Shan Review",
)
LEADERS = [
    ("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "person"),
    ("shavkat-mirziyoyev", "Shavkat Mirziyoyev", "person"),
    ("sadyr-japarov", "Sadyr Japarov", "person"),
    ("emomali-rahmon", "Emomali Rahmon", "person"),
    ("serdar-berdimuhamedow", "Serdar Berdimuhamedow", "person"),
    ("kazakhstan", "Kazakhstan", "country"),
    ("uzbekistan", "Uzbekistan", "country"),
    ("kyrgyzstan", "Kyrgyzstan", "country"),
    ("tajikistan", "Tajikistan", "country"),
    ("turkmenistan", "Turkmenistan", "country"),
    ("china", "China", "country"),
]
BODY = (
    "{outlet} - The leaders of Kazakhstan, Uzbekistan, Kyrgyzstan, Tajikistan, Turkmenistan and China met at a "
    "summit in Astana on {when}, their offices said. Kassym-Jomart Tokayev, Shavkat Mirziyoyev, Sadyr Japarov, "
    "Emomali Rahmon and Serdar Berdimuhamedow discussed transport corridors, water and energy. Trade between "
    "Kazakhstan and China reached {trade} billion dollars in 2024, officials said. Delegations agreed to meet "
    "again next year. {extra}"
)
EXTRAS = (
    "Analysts expect more rail links.",
    "Observers spoke of a new stage.",
    "Business groups welcomed the talks.",
    "The host praised the atmosphere.",
    "Customs reform was also raised.",
    "",
)


def report(i: int, rng: random.Random) -> Analysis:
    """The i-th near-identical report of the summit: varied outlet, date precision, rounding and one sentence."""
    outlet = rng.choice(OUTLETS)
    day_precise = rng.random() < 0.7
    when, date = ("14 June 2025", "2025-06-14") if day_precise else ("in June", "2025-06")
    trade, qualifier = rng.choice([("41.2", None), ("41", "about"), ("41.2", None), ("40", "over")])
    text = BODY.format(outlet=outlet, when=when, trade=trade, extra=rng.choice(EXTRAS)) + f" Report {i}."
    entities = []
    for entity_id, name, type_ in LEADERS + [("astana", "Astana", "place")]:
        start = text.find(name)
        mentions = [Mention(start, start + len(name), name)] if start >= 0 else []
        entities.append(Entity(entity_id, name, type_, None, mentions))
    evidence = Span(0, text.index(", their offices"))
    summit = Event(
        type="summit",
        date=date,
        participants=[e for e, _, _ in LEADERS],
        evidence=evidence,
        place="astana",
        label="Summit in Astana",
    )
    trade_at = text.index("Trade between")
    fact = Fact(
        type="trade_volume",
        value=float(trade) * 1e9,
        unit="USD",
        period="2024",
        subjects=["kazakhstan", "china"],
        evidence=Span(trade_at, trade_at + 60),
        qualifier=qualifier,
    )
    document = Document(
        id=f"storm-{i:06d}",
        text=text,
        title=f"{outlet}: Central Asia–China summit",
        published="2025-06-15",
        language="en",
    )
    return Analysis(document, entities, [summit], [fact], [])


def run(n: int, db_dir: Path, seed: int) -> tuple[float, dict]:
    """Store n reports into a fresh store; the seconds it took and what the graph made of them."""
    rng = random.Random(seed)
    analyses = [report(i, rng) for i in range(n)]
    path = db_dir / f"storm-{n}.db"
    for stale in db_dir.glob(f"storm-{n}.db*"):
        stale.unlink()
    store = open_store(path)
    started = time.perf_counter()
    quarter = max(1, n // 4)
    marks = []
    for i, analysis in enumerate(analyses):
        store.add(analysis)
        if (i + 1) % quarter == 0:
            marks.append(time.perf_counter())
    seconds = time.perf_counter() - started
    with store.read() as db:
        shape = {
            "graph events": db.execute("SELECT COUNT(*) FROM graph_events").fetchone()[0],
            "graph facts": db.execute("SELECT COUNT(*) FROM graph_facts").fetchone()[0],
            "sources of the summit": db.execute("SELECT MAX(sources) FROM graph_events").fetchone()[0],
            "documents of the summit": db.execute("SELECT MAX(documents) FROM graph_events").fetchone()[0],
        }
    # The last quarter against the first: near 1 when a report costs the same however many came before.
    if len(marks) >= 4:
        shape["last/first quarter"] = round((marks[3] - marks[2]) / (marks[0] - started), 2)
    store.close()
    return seconds, shape


def run_ingest(n: int, db_dir: Path, seed: int) -> tuple[float, dict]:
    """The n reports' texts as a JSON Lines feed through `silkgraph ingest`; seconds and graph shape."""
    rng = random.Random(seed)
    feed = db_dir / f"storm-{n}.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        for i in range(n):
            document = report(i, rng).document
            out.write(
                json.dumps(
                    {
                        "id": document.id,
                        "title": document.title,
                        "text": document.text,
                        "published": document.published,
                        "language": document.language,
                    }
                )
                + "\n"
            )
    path = db_dir / f"storm-ingest-{n}.db"
    for stale in db_dir.glob(f"storm-ingest-{n}.db*"):
        stale.unlink()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "silkgraph.cli", "ingest", str(feed), "--db", str(path), "--quiet"], check=True, cwd=ROOT
    )
    seconds = time.perf_counter() - started
    store = open_store(path)
    with store.read() as db:
        shape = {
            "documents": db.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
            "graph events": db.execute("SELECT COUNT(*) FROM graph_events").fetchone()[0],
            "most documents of one event": db.execute("SELECT MAX(documents) FROM graph_events").fetchone()[0],
        }
    store.close()
    return seconds, shape


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,500,1000,2000")
    parser.add_argument("--db-dir", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--ingest", action="store_true", help="through `silkgraph ingest`, analysis included")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        db_dir = args.db_dir or Path(tmp)
        db_dir.mkdir(parents=True, exist_ok=True)
        measure = run_ingest if args.ingest else run
        measure(20, db_dir, args.seed)  # warm-up: imports, the knowledge base, the database's first pages
        print(f"{'reports':>8} {'seconds':>8} {'ms/report':>10} {'ratio':>6}  graph")
        previous = None
        for n in sizes:
            seconds, shape = measure(n, db_dir, args.seed)
            ratio = f"{seconds / previous:6.2f}" if previous else "     -"
            print(f"{n:>8} {seconds:>8.2f} {1000 * seconds / n:>10.2f} {ratio}  {shape}", flush=True)
            previous = seconds


if __name__ == "__main__":
    main()
