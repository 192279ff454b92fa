"""Analysis throughput: articles/s and words/s, one core and all cores, beside a tokenise-only baseline.

    python bench/throughput.py [--repeat N] [--generated N] [--workers N] [--json FILE] [PATH...]

Corpora: the development corpus (../shared/corpus/dev, when present; passed
over --repeat times because it is small), the bundled samples, and N
articles from bench/generate.py (read through the same JSON Lines path as
`silkgraph ingest`). PATHs replace the dev corpus and samples (and are passed over --repeat times too).

The baseline only tokenises the same texts with spaCy's rule-based
tokenizer (spacy.blank("de") / spacy.blank("en"), no model); the figure to
watch is how many times the analysis costs that. "All cores" uses
silkgraph.parallel.analyze_stream when the module is there, otherwise a
multiprocessing pool of this file; its rate is the steady state after the
first tenth of the articles (the wall time with start-up is printed too).
Figures, not assertions: record them in bench/RESULTS.md with the command.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

_WORD = re.compile(r"\w+")


# -- baseline: tokenising only ------------------------------------------------


class Tokenisers:
    """spaCy's tokenizer per language, or Silkgraph's own when spaCy is not installed."""

    def __init__(self):
        try:
            import spacy

            self.name = f"spaCy {spacy.__version__} tokenizer (blank de/en)"
            self._nlp = {lang: spacy.blank(lang) for lang in ("de", "en")}
            self._own = None
        except ImportError:
            from silkgraph.stages.tokens import tokenize

            self.name = "silkgraph.stages.tokens.tokenize (spaCy not installed)"
            self._own = tokenize

    def __call__(self, text: str, lang: str | None) -> int:
        if self._own:
            return len(self._own(text))
        return len(self._nlp["en" if lang == "en" else "de"].tokenizer(text))


_tok: Tokenisers | None = None
_pipeline = None


def _tokenise_chunk(pairs: list[tuple[str, str | None]]) -> int:
    global _tok
    _tok = _tok or Tokenisers()
    for text, lang in pairs:
        _tok(text, lang)
    return len(pairs)


def _analyse_chunk(docs: list) -> int:
    global _pipeline
    if _pipeline is None:
        from silkgraph.pipeline import Pipeline

        _pipeline = Pipeline()
    for d in docs:
        _pipeline.analyze(d)
    return len(docs)


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


# -- measurements -------------------------------------------------------------


def _clocked(results, n: int) -> tuple[float, float, int]:
    """Drain `results` (each: number of articles done, failures); return wall seconds, steady-state
    articles/s (from the first tenth on, so that starting the workers is left out) and failures."""
    t0 = time.perf_counter()
    done = failures = 0
    mark = None
    for count, failed in results:
        done += count
        failures += failed
        if mark is None and done >= n // 10:
            mark = (time.perf_counter(), done)
    end = time.perf_counter()
    steady = (done - mark[1]) / (end - mark[0]) if mark and end > mark[0] and done > mark[1] else done / (end - t0)
    return end - t0, steady, failures


def all_cores_analysis(docs: list, workers: int) -> tuple[float, float, int, str]:
    """Wall seconds and steady articles/s for `docs` on `workers` processes, failures, engine used."""
    try:
        from silkgraph.parallel import analyze_stream
    except ImportError:
        analyze_stream = None
    if analyze_stream:
        stream = ((1, isinstance(result, BaseException)) for _, result in analyze_stream(docs, workers=workers))
        return (*_clocked(stream, len(docs)), "silkgraph.parallel.analyze_stream")
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        stream = ((k, 0) for k in pool.imap(_analyse_chunk, _chunks(docs, 16)))
        return (*_clocked(stream, len(docs)), "multiprocessing pool in bench/throughput.py")


def all_cores_baseline(pairs: list, workers: int) -> tuple[float, float]:
    # tokenising is so fast that a small corpus would measure only the pool's start-up:
    # pass over it until there are 20,000 articles
    pairs = pairs * max(1, -(-20000 // len(pairs)))
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        wall, steady, _ = _clocked(((k, 0) for k in pool.imap(_tokenise_chunk, _chunks(pairs, 64))), len(pairs))
    return wall, steady


def measure(name: str, docs: list, pipeline, tok: Tokenisers, workers: int) -> dict:
    words = sum(len(_WORD.findall(d.text)) for d in docs)
    pairs = [(d.text, d.language) for d in docs]
    for text, lang in pairs[:200]:  # untimed warm-up: spaCy fills its vocabulary on first sight of a word
        tok(text, lang)
    t = time.perf_counter()
    for text, lang in pairs:
        tok(text, lang)
    base = time.perf_counter() - t
    t = time.perf_counter()
    for d in docs:
        pipeline.analyze(d)
    one = time.perf_counter() - t
    many, many_rate, failures, engine = all_cores_analysis(docs, workers)
    base_many, base_many_rate = all_cores_baseline(pairs, workers)
    n = len(docs)
    per_article = words / n
    row = {
        "corpus": name,
        "articles": n,
        "words": words,
        "workers": workers,
        "engine": engine,
        "load_average": os.getloadavg()[0],
        "analysis_1core_articles_s": n / one,
        "analysis_1core_words_s": words / one,
        "analysis_all_wall_s": many,
        "analysis_all_articles_s": many_rate,
        "analysis_all_words_s": many_rate * per_article,
        "analysis_all_failures": failures,
        "baseline_1core_articles_s": n / base,
        "baseline_1core_words_s": words / base,
        "baseline_all_wall_s": base_many,
        "baseline_all_articles_s": base_many_rate,
        "baseline_all_words_s": base_many_rate * per_article,
        "ratio_1core": one / base,
        "ratio_all": base_many_rate / many_rate,
        "speedup": many_rate / (n / one),
    }
    print(
        f"{name}: {n} articles, {words} words ({per_article:.0f} words/article); load average {row['load_average']:.1f}"
    )
    print(
        f"  analysis, 1 core:          {row['analysis_1core_articles_s']:8.1f} articles/s {row['analysis_1core_words_s']:10.0f} words/s"
    )
    print(
        f"  analysis, {workers} workers:       {many_rate:8.1f} articles/s {row['analysis_all_words_s']:10.0f} words/s"
        f"  (x{row['speedup']:.2f}; wall {many:.1f} s with start-up; {failures} failures; {engine})"
    )
    print(
        f"  tokenise only, 1 core:     {row['baseline_1core_articles_s']:8.1f} articles/s {row['baseline_1core_words_s']:10.0f} words/s"
    )
    print(
        f"  tokenise only, {workers} workers:  {base_many_rate:8.1f} articles/s {row['baseline_all_words_s']:10.0f} words/s"
    )
    print(
        f"  analysis costs {row['ratio_1core']:.1f}x tokenising on one core, {row['ratio_all']:.1f}x on {workers} workers"
    )
    return row


def load_corpora(args) -> dict[str, list]:
    from silkgraph.ingest import read_inputs

    def documents(paths):
        return [d for d in read_inputs(paths) if hasattr(d, "text")]

    corpora = {}
    if args.paths:
        corpora[f"given x{args.repeat}"] = documents(args.paths) * args.repeat
    else:
        dev = ROOT.parent / "shared" / "corpus" / "dev"
        if dev.is_dir():
            corpora[f"dev corpus x{args.repeat}"] = documents([str(dev)]) * args.repeat
        corpora[f"samples x{args.repeat}"] = documents([str(ROOT / "samples")]) * args.repeat
    if args.generated:
        from generate import generate
        from silkgraph.ingest.records import record_to_document

        docs = []
        for record in generate(args.generated, seed=args.seed, jobs=1):
            record.pop("style")
            docs.append(record_to_document(record, default_id=record["id"], source="generated"))
        corpora[f"generated {args.generated}"] = docs
    return corpora


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="inputs (default: ../shared/corpus/dev and samples/)")
    parser.add_argument("--repeat", type=int, default=200, help="passes over the small corpora (given PATHs too)")
    parser.add_argument("--generated", type=int, default=10000, help="generated articles (0: none)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes for 'all cores'")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    t0 = time.perf_counter()
    from silkgraph.pipeline import Pipeline

    pipeline = Pipeline()
    from silkgraph.ingest import read_inputs

    pipeline.analyze(next(d for d in read_inputs([str(ROOT / "samples")]) if hasattr(d, "text")))
    startup = time.perf_counter() - t0
    tok = Tokenisers()
    print(f"start-up (imports, knowledge base of {len(pipeline.kb)} entities, matchers): {startup:.2f} s")
    print(f"baseline: {tok.name}; cores: {os.cpu_count()}")
    rows = [measure(name, docs, pipeline, tok, args.workers) for name, docs in load_corpora(args).items()]
    if args.json:
        args.json.write_text(json.dumps({"startup_s": startup, "baseline": tok.name, "corpora": rows}, indent=1))


if __name__ == "__main__":
    main()
