"""Time analysts' corrections against a whole rebuild of the graph.

    python bench/corrections.py --db STORE [--corrections 20] [--seed 1]

Works on a copy of STORE (never on it). Makes corrections of each kind that changes the graph
(a participant rejected, an event's date corrected, two events merged, a fact rejected, an
entity split off in two articles), each re-deriving only the part of the graph it touches
(silkgraph.graph.rederive), then reverts them all; prints the median and slowest time of a
correction and of a revert beside the time of one whole rebuild, and checks that the graph
so made equals the rebuilt one. A correction should take a small, store-size-independent
fraction of a rebuild (target: under 5 % of it at 400 articles and more).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from silkgraph import corrections, graph  # noqa: E402
from silkgraph.store import open_store  # noqa: E402


def graph_rows(store) -> dict[str, list[tuple]]:
    with store.read() as db:
        return {
            t: sorted((tuple(r) for r in db.execute(f"SELECT * FROM {t}").fetchall()), key=repr)
            for t in graph.GRAPH_TABLES
        }


def one_of(store, sql: str, rng: random.Random) -> tuple:
    with store.read() as db:
        rows = [tuple(r) for r in db.execute(sql).fetchall()]
    return rng.choice(rows)


def correction(store, rng: random.Random, i: int) -> tuple[str, str, str, object]:
    """The i-th correction of the mix: (kind, item, action, value)."""
    which = i % 5
    if which == 0:
        gid, entity = one_of(
            store,
            "SELECT graph_event, entity_id FROM graph_event_participants WHERE graph_event IN"
            " (SELECT graph_event FROM graph_event_participants GROUP BY graph_event HAVING COUNT(*) > 2)",
            rng,
        )
        return "participant", gid, "reject", {"entity": entity}
    if which == 1:
        (gid,) = one_of(store, "SELECT id FROM graph_events", rng)
        return "event", gid, "correct", {"date": f"20{rng.randint(16, 25)}-0{rng.randint(1, 9)}"}
    if which == 2:
        a, b = one_of(store, "SELECT id FROM graph_events", rng), one_of(store, "SELECT id FROM graph_events", rng)
        return "event", a[0], "merge", {"with": b[0]}
    if which == 3:
        (fid,) = one_of(store, "SELECT id FROM graph_facts", rng)
        return "fact", fid, "reject", None
    (entity,) = one_of(
        store, "SELECT entity_id FROM document_entities GROUP BY entity_id HAVING COUNT(*) BETWEEN 3 AND 50", rng
    )
    with store.read() as db:
        docs = [r[0] for r in db.execute("SELECT doc_id FROM document_entities WHERE entity_id = ?", (entity,))]
    return "entity", entity, "split", {"into": "xi-jinping", "documents": rng.sample(docs, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--corrections", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="silkgraph-bench-") as scratch:
        copy = Path(scratch) / "store.db"
        shutil.copy(args.db, copy)
        with open_store(copy) as store:
            with store.read() as db:
                documents = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            graph.rebuild(store)  # warm: the knowledge base the merge rules read is loaded once per process
            made, spent, undone, kinds = [], [], [], []
            for i in range(args.corrections):
                kind, item, action, value = correction(store, rng, i)
                started = time.perf_counter()
                try:
                    made.append(corrections.record(store, kind, item, action, value)["id"])
                except corrections.CorrectionError:
                    continue  # an event merged with itself, a split the store cannot make: the next one
                spent.append(time.perf_counter() - started)
                kinds.append(f"{kind} {action}")
            stepwise = graph_rows(store)
            started = time.perf_counter()
            graph.rebuild(store)
            rebuild = time.perf_counter() - started
            same = stepwise == graph_rows(store)
            for correction_id in reversed(made):
                started = time.perf_counter()
                corrections.revert(store, correction_id)
                undone.append(time.perf_counter() - started)
            stepwise = graph_rows(store)
            graph.rebuild(store)
            same = same and stepwise == graph_rows(store)
    print(f"store: {documents} articles; whole rebuild {rebuild * 1000:.0f} ms")
    for name, times in (("correction", spent), ("revert", undone)):
        print(
            f"{name}: {len(times)} made, median {statistics.median(times) * 1000:.0f} ms,"
            f" slowest {max(times) * 1000:.0f} ms ({statistics.median(times) / rebuild:.1%} of a rebuild)"
        )
    slowest = max(range(len(spent)), key=spent.__getitem__)
    print(f"slowest correction: {kinds[slowest]}")
    print("graph equals a rebuild:", "yes" if same else "NO")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
