"""The `silkgraph` command: a thin layer over the library.

Exit codes: 0 when everything went well, 1 when some inputs could not be
read (the rest was still processed), 2 for usage errors.
"""

from __future__ import annotations

import json
import sys
import time
from contextlib import closing, contextmanager
from pathlib import Path

import click

from silkgraph import __version__
from silkgraph.cli_common import open_for_command
from silkgraph.errors import UsageError

DEFAULT_DB = "silkgraph.db"
DB_HELP = "Store: an SQLite file, or a postgresql://user@host/database URL."
PIPELINE_HELP = (
    "Pipeline factory 'module:callable' (default: $SILKGRAPH_PIPELINE, else 'pipeline' in "
    "./silkgraph.toml or $SILKGRAPH_CONFIG, else the built-in one)."
)
EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="silkgraph")
def main() -> None:
    """Silkgraph: entities, events, facts and quotes from news on Central Asia's foreign relations."""


def _input_options(func):
    func = click.option(
        "--published",
        metavar="YYYY[-MM[-DD]]",
        help="Publication date for every input, overriding what is found in it.",
    )(func)
    func = click.option(
        "--max-bytes",
        type=click.IntRange(min=1),
        default=5_000_000,
        show_default=True,
        help="Skip input files larger than this.",
    )(func)
    func = click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")(func)
    return click.argument("paths", nargs=-1, required=True, metavar="PATH...")(func)


def _pipeline_option(func):
    return click.option("--pipeline", "pipeline", metavar="MODULE:CALLABLE", default=None, help=PIPELINE_HELP)(func)


def _parallel_options(func):
    func = click.option(
        "--scheduler",
        metavar="ADDRESS",
        help="Analyse on the dask cluster of this scheduler (tcp://host:8786); "
        "its workers need this version of Silkgraph.",
    )(func)
    func = click.option(
        "--engine",
        type=click.Choice(["process", "dask"]),
        default=None,
        help="What runs --workers: local processes (default), or dask.distributed (default with --scheduler).",
    )(func)
    return click.option(
        "--workers",
        "-j",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help="Analyse on this many processes. Results are still written in input order, by one process.",
    )(func)


@main.command()
@_input_options
@_parallel_options
@_pipeline_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one analysis object per line; json: one JSON array.",
)
def analyze(paths, published, max_bytes, quiet, workers, engine, scheduler, pipeline, fmt):
    """Analyse articles and print the analysis (the silkgraph.analysis/1 contract).

    PATH may be a file, a folder (read recursively) or - for standard input.
    """
    results = []
    stream = _analysed(_read(paths, max_bytes, published), workers, engine, scheduler, pipeline)
    with _progress(quiet, "analysing") as tick, closing(stream):
        failures = 0
        for item, result in stream:
            if _is_skipped(item):
                failures += 1
                _echo_err(f"skipped {item.source}: {item.reason}")
                tick(error=True)
                continue
            if isinstance(result, BaseException):  # one article's failure must not end the batch
                failures += 1
                _echo_err(f"skipped {item.source or item.id}: analysis failed: {type(result).__name__}: {result}")
                tick(error=True)
                continue
            analysis = result.to_json()
            if fmt == "jsonl":
                click.echo(json.dumps(analysis, ensure_ascii=False))
            else:
                results.append(analysis)
            tick()
    if fmt == "json":
        click.echo(json.dumps(results, ensure_ascii=False, indent=1))
    sys.exit(EXIT_SOME_FAILED if failures else EXIT_OK)


@main.command()
@_input_options
@_parallel_options
@_pipeline_option
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
def ingest(paths, published, max_bytes, quiet, workers, engine, scheduler, pipeline, db):
    """Analyse articles and store them with their analysis; already stored texts are skipped."""
    from silkgraph.ingestion import Ingestion, Totals, open_ingest_store

    totals = Totals()
    with open_for_command(open_ingest_store, db) as store, _progress(quiet, "ingesting") as tick:
        work = Ingestion(
            store,
            pipeline=pipeline,
            workers=workers,
            engine=engine or ("dask" if scheduler else "process"),
            scheduler=scheduler,
        )
        for outcome in _usage_errors(work.run(_read(paths, max_bytes, published))):
            totals.count(outcome)
            if outcome.status == "skipped":
                _echo_err(f"skipped {outcome.source}: {outcome.reason}")
            tick(error=outcome.status == "skipped")
    if not quiet:
        summary = f"{totals.stored} stored, {totals.duplicate} duplicates, {totals.skipped} skipped"
        if totals.stored == 0 and totals.duplicate and not totals.skipped:
            summary += " (nothing new)"
        _echo_err(summary + f" -> {db}")
    sys.exit(EXIT_SOME_FAILED if totals.skipped else EXIT_OK)


@main.command()
@click.argument("query")
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0)
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON Lines.")
@click.option("--language", help="Only articles in this language (de, en, ru).")
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date"]),
    default="relevance",
    show_default=True,
    help="date: newest first.",
)
def search(query, db, limit, offset, as_json, language, sort):
    """Search stored articles (German, English and Russian; a name finds its entity's articles) and entities."""
    from silkgraph import query as queries
    from silkgraph.kb import KnowledgeBase
    from silkgraph.report import plain
    from silkgraph.store import open_store

    with open_for_command(open_store, db, must_exist=True) as store:
        found = queries.search(
            store, query, kb=KnowledgeBase.load(), limit=limit, offset=offset, language=language, sort=sort
        )
    for entity in found["entities"]:
        if as_json:
            click.echo(json.dumps(dict(entity, kind="entity"), ensure_ascii=False))
        else:
            articles = entity.get("documents", 0)
            click.echo(f"entity\t{entity['id']}\t{plain(entity['name'])} ({entity['type']}, {articles} articles)")
    for hit in found["documents"]:
        if as_json:
            click.echo(json.dumps(dict(hit, kind="document", doc_id=hit["id"]), ensure_ascii=False))
        else:
            # article text is untrusted: no control characters (escape sequences) reach the terminal
            click.echo(
                f"{plain(hit['id'])}\t{hit.get('published') or '-'}\t{plain(hit.get('title'))}"
                f"\n    {plain(hit.get('snippet'))}"
            )
    if not found["documents"] and not found["entities"] and not as_json:
        _echo_err("no matches")
    elif not as_json:
        total = found["total"]
        _echo_err(f"{total['documents']} articles, {total['entities']} entities in all")


@main.command()
@click.argument("doc_id")
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the stored analysis as JSON.")
@click.option(
    "--base-url",
    default="http://127.0.0.1:8000",
    show_default=True,
    help="Where `silkgraph serve` runs: the links to each item's page and API answer start with it.",
)
def show(doc_id, db, as_json, base_url):
    """Show one stored article with what was extracted from it, the evidence of each item, and
    the ids and links of its events and facts in the workbench and the API."""
    from silkgraph import query as queries
    from silkgraph.store import open_store

    with open_for_command(open_store, db, must_exist=True) as store:
        analysis = store.get(doc_id)
        annotations = queries.document(store, doc_id)["annotations"] if analysis is not None else []
    if analysis is None:
        _echo_err(f"no document {doc_id!r} in {db}")
        sys.exit(EXIT_SOME_FAILED)
    if as_json:
        click.echo(json.dumps(analysis.to_json(), ensure_ascii=False, indent=1))
        return
    from silkgraph.report import render_analysis

    refs = {
        (a["kind"], a["start"], a["end"], a["type"]): a["ref"] for a in annotations if a["kind"] in ("event", "fact")
    }
    click.echo(render_analysis(analysis, refs, base_url))


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@click.option("--json", "as_json", is_flag=True)
def stats(db, as_json):
    """Counts of what the store holds."""
    from silkgraph.store import open_store

    with open_for_command(open_store, db, must_exist=True) as store:
        figures = store.stats()
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False))
        return
    from silkgraph.report import render_stats

    click.echo(render_stats(figures))


@main.command()
@click.option(
    "--gold",
    "gold_dirs",
    required=True,
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder of gold annotations, one <document id>.json each (may be given more than once).",
)
@click.option(
    "--clusters",
    "clusters_file",
    type=click.Path(exists=True, dir_okay=False),
    help='JSON mapping "<document id>#<gold event index>" to a cluster key: also report how well the '
    "graph merges reports of one event across documents (pairwise precision, recall, F1).",
)
@_input_options
@_pipeline_option
@click.option("--verbose", "-v", is_flag=True, help="List every miss and every spurious item.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate(gold_dirs, clusters_file, paths, published, max_bytes, quiet, pipeline, verbose, as_json):
    """Score Silkgraph's analysis of PATH... against gold annotations (precision, recall, F1)."""
    from silkgraph.evaluation import evaluate as run_evaluation, format_report
    from silkgraph.pipeline import load_pipeline

    pipeline = _build_pipeline(load_pipeline, pipeline)
    analyses = []
    failures = 0
    for item in _read(paths, max_bytes, published):
        if _is_skipped(item):
            failures += 1
            _echo_err(f"skipped {item.source}: {item.reason}")
            continue
        analyses.append(pipeline.analyze(item))
    predictions = {a.document.id: a.to_json() for a in analyses}
    report = run_evaluation([Path(g) for g in gold_dirs], predictions)
    merge = _merge_score(clusters_file, [Path(g) for g in gold_dirs], report, analyses) if clusters_file else None
    if as_json:
        click.echo(json.dumps({**report.to_json(), **({"merge": merge.to_json()} if merge else {})}))
    else:
        click.echo(format_report(report, verbose=verbose))
        if merge:
            click.echo(merge.format())
    sys.exit(EXIT_SOME_FAILED if failures else EXIT_OK)


def _merge_score(clusters_file: str, gold_dirs: list[Path], report, analyses: list):
    """Store the analyses in a scratch in-memory store and score its graph's event merging."""
    from silkgraph.evaluation import score_clusters
    from silkgraph.graph import report_events
    from silkgraph.store import open_store

    try:
        clusters = json.loads(Path(clusters_file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise click.UsageError(f"cannot read the clusters file {clusters_file}: {exc}") from exc
    if not isinstance(clusters, dict):
        raise click.UsageError(f'{clusters_file} must map "<document id>#<index>" to a cluster key')
    with open_store(":memory:") as store:
        for analysis in analyses:
            store.add(analysis)
        graph_event_of = report_events(store)
    return score_clusters(clusters, gold_dirs, report, graph_event_of)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl", "graphml", "gexf", "ftm"]),
    required=True,
    help="csv: a folder (or .zip) of tables; jsonl: nodes, edges and claims; graphml/gexf: the "
    "relation network; ftm: FollowTheMoney entities.",
)
@click.option("--output", "-o", required=True, help="File or folder to write; - for standard output (jsonl, ftm).")
def export(db, fmt, output):
    """Export the knowledge graph for other tools, with evidence where the format allows."""
    from silkgraph.export import export as run_export
    from silkgraph.kb import KnowledgeBase
    from silkgraph.store import open_store

    if fmt == "csv" and output.lower().endswith(".csv"):
        raise click.UsageError(
            f"--format csv writes several tables (entities.csv, documents.csv, events.csv, ...), not one file:"
            f" give a folder (-o {output[:-4] or 'export'}) or a zip file (-o {output[:-4] or 'export'}.zip)"
        )
    with open_for_command(open_store, db, must_exist=True) as store:
        try:
            counts = run_export(store, KnowledgeBase.load(), fmt, output)
        except UsageError as exc:
            raise click.UsageError(str(exc)) from exc
        except ImportError as exc:
            raise click.ClickException(
                f"the {fmt} export needs an optional package: {exc.name} (pip install 'silkgraph[{fmt}]')"
            ) from exc
    if output != "-":
        written = f"the folder {output.rstrip('/')}/ (one .csv per table)" if _is_folder_export(fmt, output) else output
        _echo_err(", ".join(f"{n} {kind}" for kind, n in counts.items()) + f" -> {written}")


def _is_folder_export(fmt: str, output: str) -> bool:
    return fmt == "csv" and not output.lower().endswith(".zip")


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--token",
    envvar="SILKGRAPH_TOKEN",
    default=None,
    help="Enables the write API (ingest, corrections) for requests that carry it as a Bearer token. "
    "Prefer the SILKGRAPH_TOKEN environment variable to the command line.",
)
@_pipeline_option
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes sharing the requests (each opens the store; one per core is a good start; "
    "they share the answers that are slow to compute).",
)
def serve(db, host, port, token, pipeline, workers):
    """Serve the web workbench and the HTTP API (OpenAPI at /openapi.json)."""
    from silkgraph.web.serve import serve as run_server

    if "://" not in db and not Path(db).exists():
        raise click.UsageError(f"no store at {db} (create one with 'silkgraph ingest PATH --db {db}')")
    from silkgraph.pipeline import resolve_factory_spec

    spec = _build_pipeline(resolve_factory_spec, pipeline)  # checked now, built on the first write
    run_server(db, host=host, port=port, token=token, workers=workers, pipeline=spec)


@main.command()
@click.argument("entity")
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@click.option("--from", "date_from", metavar="YYYY[-MM[-DD]]", help="Only what happened from this date on.")
@click.option("--to", "date_to", metavar="YYYY[-MM[-DD]]", help="Only what happened up to this date.")
@click.option(
    "--output",
    "-o",
    required=True,
    help="File to write: .html, .md or .pdf (PDF needs pip install 'silkgraph[pdf]' and Chromium).",
)
def brief(entity, db, date_from, date_to, output):
    """Write a briefing on ENTITY (an id or a name): profile, timeline, figures, quotes, relations, sources."""
    from silkgraph import briefing, briefing_render
    from silkgraph.export import atomic_path
    from silkgraph.kb import KnowledgeBase
    from silkgraph.query import NotFound
    from silkgraph.store import open_store

    try:
        fmt = briefing_render.format_of(output)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    with open_for_command(open_store, db, must_exist=True) as store:
        try:
            found = briefing.build(store, KnowledgeBase.load(), entity, date_from, date_to)
        except NotFound as exc:
            raise click.UsageError(str(exc)) from exc
        except UsageError as exc:
            raise click.UsageError(str(exc)) from exc
    try:
        content = briefing_render.render(found, fmt)
    except briefing_render.PdfUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    with atomic_path(Path(output)) as temp:
        temp.write_bytes(content)
    _echo_err(
        f"briefing on {found.profile['name']}: {len(found.events)} events, {len(found.figures)} figure series, "
        f"{len(found.quotes)} quotes, {len(found.citations)} sources -> {output}"
    )


@main.command("rebuild-graph")
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
def rebuild_graph(db):
    """Rebuild the cross-article graph from the stored analyses (normally kept up to date on ingest)."""
    from silkgraph import graph
    from silkgraph.store import open_store

    with open_for_command(open_store, db, must_exist=True) as store:
        count = graph.rebuild(store)
    _echo_err(f"graph rebuilt from {count} documents")


# -- helpers ---------------------------------------------------------------


def _read(paths, max_bytes, published):
    from silkgraph.ingest import read_inputs

    try:
        yield from read_inputs(paths, max_bytes=max_bytes, published=published, stdin=sys.stdin)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from exc


def _is_skipped(item) -> bool:
    return not hasattr(item, "text")


def _analysed(items, workers, engine, scheduler, pipeline=None):
    """(item, Analysis | exception | None) in input order; see silkgraph.parallel.analyze_stream."""
    from silkgraph.parallel import analyze_stream

    def stream():
        return analyze_stream(
            items,
            workers=workers,
            engine=engine or ("dask" if scheduler else "process"),
            scheduler=scheduler,
            pipeline=pipeline,
        )

    yield from _usage_errors(_lazy(stream))


def _lazy(make):
    with closing(make()) as stream:
        yield from stream


def _usage_errors(stream):
    """`stream`, with the library's UsageError (a wrong engine, scheduler or pipeline) as click's."""
    try:
        with closing(stream):
            yield from stream
    except UsageError as exc:
        raise click.UsageError(str(exc)) from exc


def _build_pipeline(build, spec):
    try:
        return build(spec)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from exc


@contextmanager
def _progress(quiet: bool, label: str):
    """A Rich progress line (files/s, errors so far) on a terminal; nothing elsewhere."""
    if quiet or not sys.stderr.isatty():
        yield lambda error=False: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    started = time.monotonic()
    state = {"done": 0, "errors": 0}
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True, console=None
    ) as progress:
        task = progress.add_task(label)

        def tick(error: bool = False) -> None:
            state["done"] += 1
            state["errors"] += error
            rate = state["done"] / max(time.monotonic() - started, 1e-6)
            progress.update(
                task, description=f"{label}: {state['done']} files, {rate:.1f} files/s, {state['errors']} errors"
            )

        yield tick


def _add_following_commands() -> None:
    """`sources`, `watch`, `watchlists` and `corrections`, which live in modules of their own."""
    from silkgraph.cli_corrections import COMMANDS as CORRECTING
    from silkgraph.cli_follow import COMMANDS

    for command in (*COMMANDS, *CORRECTING):
        main.add_command(command)


_add_following_commands()


if __name__ == "__main__":
    main()
