"""Analysis throughput: articles/s and words/s on the dev corpus and the samples.

    python bench/throughput.py [--repeat N] [PATH...]

Prints start-up time (knowledge base and matchers) and, per corpus, the
analysis rate on one core after start-up, beside a baseline pass that only
tokenises the same texts. Figures, not assertions: record them in
bench/RESULTS.md with the command that produced them.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="inputs (default: ../shared/corpus/dev and samples/)")
    parser.add_argument("--repeat", type=int, default=20, help="passes over each corpus")
    args = parser.parse_args()

    t0 = time.perf_counter()
    from silkgraph.ingest import read_inputs
    from silkgraph.pipeline import Pipeline
    from silkgraph.stages.tokens import tokenize

    pipeline = Pipeline()
    pipeline.analyze(next(d for d in read_inputs([str(ROOT / "samples")]) if hasattr(d, "text")))
    startup = time.perf_counter() - t0
    print(f"start-up (imports, knowledge base of {len(pipeline.kb)} entities, matchers): {startup:.2f} s")

    corpora = {}
    if args.paths:
        corpora["given"] = args.paths
    else:
        dev = ROOT.parent / "shared" / "corpus" / "dev"
        if dev.is_dir():
            corpora["dev corpus"] = [str(dev)]
        corpora["samples"] = [str(ROOT / "samples")]
    for name, paths in corpora.items():
        docs = [d for d in read_inputs(paths) if hasattr(d, "text")]
        words = sum(len(re.findall(r"\w+", d.text)) for d in docs)
        t = time.perf_counter()
        for _ in range(args.repeat):
            for d in docs:
                tokenize(d.text)
        base = time.perf_counter() - t
        t = time.perf_counter()
        for _ in range(args.repeat):
            for d in docs:
                pipeline.analyze(d)
        elapsed = time.perf_counter() - t
        n = len(docs) * args.repeat
        print(f"{name}: {len(docs)} articles, {words} words, {args.repeat} passes")
        print(f"  analysis:      {n / elapsed:8.1f} articles/s  {words * args.repeat / elapsed:10.0f} words/s  (one core)")
        print(f"  tokenise only: {n / base:8.1f} articles/s  {words * args.repeat / base:10.0f} words/s")
        print(f"  analysis costs {elapsed / base:.1f}x tokenising")


if __name__ == "__main__":
    main()
