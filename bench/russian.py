"""Analysis speed on Russian articles, one core, with and without the statistical recogniser.

    python bench/russian.py [--repeat N] PATH...

Reads the given articles (files or folders, as `silkgraph analyze` does) and
analyses them with the built-in pipeline, then with the optional Russian
recogniser added (when natasha is installed). The first pass is reported on
its own: it fills the word caches (dictionary forms), so it is the figure for
a stream of new articles; later passes show the steady state. Figures, not
assertions: record them in bench/RESULTS.md with the command. Rates are of CPU time
(time.process_time), so that other work on a shared machine does not skew them.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

# One core: the statistical recogniser's numpy would otherwise spread its sums over every core.
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rate(pipeline, documents, repeat: int) -> tuple[float, float]:
    """(articles/s of the first pass, articles/s of the later passes)."""
    start = time.process_time()
    for document in documents:
        pipeline.analyze(document)
    first = len(documents) / (time.process_time() - start)
    if repeat < 2:
        return first, first
    start = time.process_time()
    for _ in range(repeat - 1):
        for document in documents:
            pipeline.analyze(document)
    return first, len(documents) * (repeat - 1) / (time.process_time() - start)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    from silkgraph.ingest import read_inputs
    from silkgraph.kb import KnowledgeBase
    from silkgraph.pipeline import Pipeline
    from silkgraph.stages import ner_ru

    documents = [d for d in read_inputs(args.paths) if hasattr(d, "text")]
    kb = KnowledgeBase.load()
    words = sum(len(d.text.split()) for d in documents)
    print(f"{len(documents)} articles, {words} words")
    configurations = [("rules only", Pipeline(kb))]
    if ner_ru.available():
        configurations.append(("with names-ru", ner_ru.russian_pipeline(kb)))
    for label, pipeline in configurations:
        if label != "rules only":  # the model loads on first use: not part of the rate
            pipeline.analyze(documents[0])
        first, steady = rate(pipeline, documents, args.repeat)
        print(f"{label:14s} first pass {first:7.1f} articles/s   steady {steady:7.1f} articles/s")


if __name__ == "__main__":
    main()
