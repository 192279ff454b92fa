"""Commands for following sources and watching for news: `sources`, `watch`, `watchlists`.

Registered on the `silkgraph` group by silkgraph.cli; kept apart so that
these commands change without touching the others.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import click

from silkgraph.cli_common import open_for_command
from silkgraph.errors import UsageError

DEFAULT_DB = "silkgraph.db"
DEFAULT_SOURCES = "sources.yaml"
DB_HELP = "Store: an SQLite file, or a postgresql://user@host/database URL."
EXIT_OK, EXIT_SOME_FAILED = 0, 1


def _db_option(func):
    return click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)(func)


def _sources_option(func):
    return click.option(
        "--sources",
        "sources_file",
        envvar="SILKGRAPH_SOURCES",
        default=DEFAULT_SOURCES,
        show_default=True,
        help="The sources file (YAML); also SILKGRAPH_SOURCES.",
    )(func)


def _store(db: str, must_exist: bool = False):
    from silkgraph.store import open_store

    return open_for_command(open_store, db, must_exist)


@contextmanager
def _usage_errors():
    try:
        yield
    except UsageError as exc:
        raise click.UsageError(str(exc)) from exc


# -- sources ---------------------------------------------------------------------


@click.group()
def sources():
    """Followed sources: RSS/Atom feeds, sitemaps and index pages (a YAML file)."""


@sources.command("add")
@click.argument("name")
@click.argument("url")
@_sources_option
@click.option(
    "--kind",
    type=click.Choice(["feed", "sitemap", "index"]),
    default="feed",
    show_default=True,
    help="feed: RSS or Atom; sitemap: a (news) sitemap or sitemap index; index: a page linking to articles.",
)
@click.option("--link-pattern", help="Index pages: a regular expression article links match.")
@click.option("--language", help="Language hint (de, en, ru) for texts whose language cannot be told.")
@click.option("--interval", type=click.IntRange(min=60), default=900, show_default=True, help="Seconds between polls.")
@click.option(
    "--delay",
    type=click.FloatRange(0, 600),
    default=1.0,
    show_default=True,
    help="Seconds between two requests to the same host.",
)
@click.option("--user-agent", help="User-Agent header (default names Silkgraph).")
@click.option("--header", "headers", multiple=True, metavar="NAME:VALUE", help="Extra request header (no cookies).")
def sources_add(name, url, sources_file, kind, link_pattern, language, interval, delay, user_agent, headers):
    """Follow a source NAME at URL."""
    from silkgraph.follow import sources as registry

    pairs = {}
    for header in headers:
        key, sep, value = header.partition(":")
        if not sep or not key.strip():
            raise click.UsageError(f"--header must be NAME:VALUE, not {header!r}")
        pairs[key.strip()] = value.strip()
    with _usage_errors():
        source = registry.validate(
            {
                "name": name,
                "url": url,
                "kind": kind,
                "link_pattern": link_pattern,
                "language": language,
                "interval": interval,
                "delay": delay,
                "user_agent": user_agent,
                "headers": pairs,
            },
            "source",
        )
        registry.add(sources_file, source)
    click.echo(f"added {name} ({kind}) -> {sources_file}", err=True)


@sources.command("list")
@_sources_option
@_db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source.")
def sources_list(sources_file, db, as_json):
    """The followed sources with their state: last fetch, last error, items."""
    from silkgraph.follow import sources as registry
    from silkgraph.store import follow as sql

    with _usage_errors():
        defined = registry.load(sources_file)
    states, totals = {}, {}
    if "://" in db or Path(db).exists():
        with _store(db) as store, store.read() as conn:
            states = {s["name"]: s for s in sql.source_states(conn)}
            totals = sql.item_totals(conn)
    for source in defined:
        state = states.get(source.name) or {}
        counts = totals.get(source.name) or {}
        if as_json:
            click.echo(json.dumps({**source.to_yaml(), "state": state, "items": counts}, ensure_ascii=False))
            continue
        status = "never polled" if not state else ("error: " + state["last_error"] if state.get("last_error") else "ok")
        click.echo(
            f"{source.name}\t{source.kind}\t{source.url}\n    {status}; last success "
            f"{state.get('last_success') or '-'}; next {state.get('next_due') or 'now'}; items "
            + (", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "none")
        )
    if not defined and not as_json:
        click.echo(f"no sources in {sources_file}", err=True)


@sources.command("remove")
@click.argument("name")
@_sources_option
@_db_option
@click.option(
    "--forget", is_flag=True, help="Also drop its state and item history from the store (its stored articles stay)."
)
def sources_remove(name, sources_file, db, forget):
    """Stop following source NAME."""
    from silkgraph.follow import sources as registry

    with _usage_errors():
        registry.remove(sources_file, name)
    if forget and ("://" in db or Path(db).exists()):
        from silkgraph.store import follow as sql

        with _store(db) as store, store.write() as conn:
            sql.forget_source(conn, name)
    click.echo(f"removed {name} from {sources_file}", err=True)


# -- watch -----------------------------------------------------------------------


def _outlet_options(func):
    func = click.option(
        "--base-url",
        envvar="SILKGRAPH_BASE_URL",
        default="",
        help="Address of the workbench, for links in alerts (e.g. http://host:8000).",
    )(func)
    func = click.option("--mail-from", envvar="SILKGRAPH_MAIL_FROM", default="silkgraph@localhost", show_default=True)(
        func
    )
    func = click.option(
        "--smtp-port", envvar="SILKGRAPH_SMTP_PORT", type=click.IntRange(1, 65535), default=25, show_default=True
    )(func)
    return click.option("--smtp-host", envvar="SILKGRAPH_SMTP_HOST", help="SMTP server for e-mail alerts.")(func)


def _outlets(base_url, smtp_host, smtp_port, mail_from):
    from silkgraph.alerts.deliver import Outlets

    return Outlets(base_url=base_url, smtp_host=smtp_host, smtp_port=smtp_port, mail_from=mail_from)


@click.command()
@_db_option
@_sources_option
@click.option("--once", is_flag=True, help="Poll the due sources once and exit (for cron or a systemd timer).")
@click.option("--all", "force", is_flag=True, help="Poll every source now, due or not.")
@click.option(
    "--max-items",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="New items read per source and poll; the rest wait for the next poll.",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 32),
    default=4,
    show_default=True,
    help="Sources polled at the same time (per host at most two requests at once).",
)
@click.option("--quiet", "-q", is_flag=True, help="No line per source.")
@_outlet_options
def watch(db, sources_file, once, force, max_items, threads, quiet, base_url, smtp_host, smtp_port, mail_from):
    """Poll the followed sources, store new articles and send the alerts of the watchlists.

    Runs until SIGTERM or Ctrl-C (finishing the article in hand), or with --once a
    single round. Exit code 1 when a source could not be read in that round.
    """
    from silkgraph.alerts.deliver import deliver_due
    from silkgraph.follow import sources as registry
    from silkgraph.follow.watch import Watcher

    with _usage_errors():
        defined = registry.load(sources_file)
    if not defined:
        raise click.UsageError(f"no sources in {sources_file} (add one with 'silkgraph sources add NAME URL')")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    outlets = _outlets(base_url, smtp_host, smtp_port, mail_from)
    failed = False
    try:
        with _store(db) as store:
            watcher = Watcher(store, defined, stop=stop, max_items=max_items, threads=threads)
            try:
                while not stop.is_set():
                    reports = watcher.poll(force=force)
                    force = False
                    failed = any(r.status == "error" for r in reports)
                    if not quiet:
                        for report in reports:
                            _echo_report(report)
                    sent = deliver_due(store, outlets, stop)
                    if not quiet and any(sent.values()):
                        click.echo(
                            f"deliveries: {sent['sent']} sent, {sent['retry']} to retry, {sent['failed']} given up",
                            err=True,
                        )
                    if once:
                        break
                    stop.wait(max(1.0, min(watcher.seconds_to_next(), 300.0)))
                    watcher.sources = _reload(sources_file, watcher.sources)
            finally:
                watcher.close()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


def _reload(sources_file: str, current: list) -> list:
    """The sources file as it is now (edits take effect without a restart); the sources in use
    when it cannot be read."""
    from silkgraph.follow import sources as registry

    try:
        return registry.load(sources_file) or current
    except UsageError as exc:
        click.echo(f"keeping the sources in use: {exc}", err=True)
        return current


def _echo_report(report) -> None:
    if report.status == "error":
        line = f"{report.source}: error: {report.reason}"
    elif report.status == "not-modified":
        line = f"{report.source}: not modified"
    else:
        line = (
            f"{report.source}: {report.status}, {report.stored} stored, {report.duplicates} duplicates, "
            f"{report.failed} failed, {report.alerts} alerts"
        )
    for note in report.notes:
        line += f"\n    note: {note}"
    click.echo(line, err=True)


# -- watchlists --------------------------------------------------------------------


@click.group()
def watchlists():
    """Saved rules that raise alerts when matching articles are stored."""


def _rule_options(func):
    options = [
        click.option(
            "--file",
            "file",
            type=click.Path(exists=True, dir_okay=False),
            help="Read the watchlist(s) from YAML instead: a mapping or a list of them "
            "(id, name, rule, webhook, secret, emails).",
        ),
        click.option("--email", "emails", multiple=True, help="Send each new alert to this address."),
        click.option(
            "--secret",
            envvar="SILKGRAPH_WEBHOOK_SECRET",
            help="Shared secret signing webhook bodies (X-Silkgraph-Signature).",
        ),
        click.option("--webhook", help="POST each new alert as JSON to this URL."),
        click.option("--language", "languages", multiple=True, help="Only articles in this language."),
        click.option("--text", help="Full-text query: every word must occur."),
        click.option("--contested", is_flag=True, help="Only events or facts whose reports disagree."),
        click.option("--unit", help="Unit of the fact thresholds (USD, t, %...)."),
        click.option("--max", "max_value", type=float, help="Facts with a value of at most this."),
        click.option("--min", "min_value", type=float, help="Facts with a value of at least this."),
        click.option("--fact-type", "fact_types", multiple=True, help="Fire on facts of this type."),
        click.option("--event-type", "event_types", multiple=True, help="Fire on events of this type."),
        click.option("--all-entities", is_flag=True, help="Require every --entity, not any one."),
        click.option("--entity", "entities", multiple=True, help="Entity id (e.g. kazakhstan)."),
        click.option("--name", help="A name to show (default: the id)."),
    ]
    for option in options:
        func = option(func)
    return func


def _watchlists_from(
    id_,
    file,
    name,
    entities,
    all_entities,
    event_types,
    fact_types,
    min_value,
    max_value,
    unit,
    contested,
    text,
    languages,
    webhook,
    secret,
    emails,
):
    from silkgraph.alerts import parse_watchlist

    if file:
        import yaml

        try:
            data = yaml.safe_load(Path(file).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise click.UsageError(f"cannot read {file}: {exc}") from exc
        entries = data if isinstance(data, list) else [data]
        with _usage_errors():
            return [parse_watchlist(entry) for entry in entries]
    if not id_:
        raise click.UsageError("give a watchlist ID or --file")
    rule = {
        "entities": list(entities),
        "entity_mode": "all" if all_entities else "any",
        "event_types": list(event_types),
        "fact_types": list(fact_types),
        "min_value": min_value,
        "max_value": max_value,
        "unit": unit,
        "contested": contested,
        "text": text,
        "languages": list(languages),
    }
    with _usage_errors():
        return [
            parse_watchlist(
                {"id": id_, "name": name, "rule": rule, "webhook": webhook, "secret": secret, "emails": list(emails)}
            )
        ]


@watchlists.command("add")
@click.argument("id", required=False)
@_rule_options
@_db_option
def watchlists_add(id, db, **options):
    """Create or replace watchlist ID (alerts fire on articles stored from now on)."""
    from silkgraph.alerts import save_watchlist

    found = _watchlists_from(id, **options)
    with _store(db) as store:
        for watchlist in found:
            save_watchlist(store, watchlist)
            click.echo(f"saved watchlist {watchlist.id}", err=True)


@watchlists.command("list")
@_db_option
@click.option("--json", "as_json", is_flag=True)
def watchlists_list(db, as_json):
    """The watchlists with their rules and alert counts."""
    from silkgraph.alerts import watchlist_rows

    with _store(db, must_exist=True) as store:
        rows = watchlist_rows(store)
    for row in rows:
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            click.echo(
                f"{row['id']}\t{row['name']}\t{row['alerts']} alerts ({row['unread']} unread)\n"
                f"    {json.dumps(row['rule'], ensure_ascii=False)}"
            )
    if not rows and not as_json:
        click.echo("no watchlists", err=True)


@watchlists.command("remove")
@click.argument("id")
@_db_option
def watchlists_remove(id, db):
    """Delete watchlist ID and its alerts."""
    from silkgraph.alerts import delete_watchlist

    with _store(db, must_exist=True) as store:
        if not delete_watchlist(store, id):
            raise click.UsageError(f"no watchlist {id!r}")
    click.echo(f"removed watchlist {id}", err=True)


@watchlists.command("backtest")
@click.argument("id", required=False)
@_rule_options
@_db_option
@click.option("--since", metavar="YYYY-MM-DD", help="Only articles published on or after this day.")
@click.option("--until", metavar="YYYY-MM-DD", help="Only articles published on or before this day.")
@click.option("--json", "as_json", is_flag=True)
def watchlists_backtest(id, db, since, until, as_json, **options):
    """What a watchlist (stored ID, or given by options or --file) would have fired on. Stores nothing."""
    from silkgraph.alerts import backtest, load_watchlists

    with _store(db, must_exist=True) as store:
        if (
            id
            and not options["file"]
            and not any(options[k] for k in ("entities", "event_types", "fact_types", "text", "contested", "unit"))
        ):
            stored = {w.id: w for w in load_watchlists(store)}
            if id not in stored:
                raise click.UsageError(f"no watchlist {id!r}")
            rule = stored[id].rule
        else:
            rule = _watchlists_from(id or "backtest", **options)[0].rule
        result = backtest(store, rule, since, until)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(f"{result['total']} alerts from {result['documents']} documents", err=True)
    for alert in result["alerts"]:
        click.echo(f"{alert['kind']}\t{alert['target']}\t{alert['title']}\t{len(alert['sources'])} sources")


@watchlists.command("alerts")
@click.argument("id", required=False)
@_db_option
@click.option("--unread", is_flag=True, help="Only unread alerts.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def watchlists_alerts(id, db, unread, limit, as_json):
    """The inbox: alerts of every watchlist, or of ID, newest first."""
    from silkgraph.alerts import inbox

    with _store(db, must_exist=True) as store:
        found = inbox(store, id, unread, limit)
    for alert in found["alerts"]:
        if as_json:
            click.echo(json.dumps(alert, ensure_ascii=False))
        else:
            mark = " " if alert["read"] else "*"
            click.echo(
                f"{mark} {alert['id']}\t{alert['watchlist']}\t{alert['kind']} {alert['target']}\t"
                f"{alert['title']}\t{len(alert['sources'])} sources"
            )


@watchlists.command("read")
@click.argument("alert_ids", nargs=-1, type=int)
@_db_option
@click.option("--unread", is_flag=True, help="Mark them unread instead.")
@click.option("--all", "every", is_flag=True, help="Mark every unread alert read.")
@click.option("--watchlist", help="With --all: only the alerts of this watchlist.")
def watchlists_read(alert_ids, db, unread, every, watchlist):
    """Mark alerts ALERT_ID... read (or unread), or --all of them read."""
    from silkgraph.alerts import mark_all_read, mark_read

    if every == bool(alert_ids) or (watchlist and not every) or (every and unread):
        raise click.UsageError("give ALERT_ID... (with or without --unread), or --all [--watchlist ID]")
    with _store(db, must_exist=True) as store:
        if every:
            click.echo(f"{mark_all_read(store, watchlist)} alerts marked read", err=True)
            return
        missing = [a for a in alert_ids if not mark_read(store, a, not unread)]
    if missing:
        raise click.UsageError(f"no alert(s) {', '.join(map(str, missing))}")


@watchlists.command("atom")
@click.argument("id")
@_db_option
@click.option("--output", "-o", default="-", help="File to write; - for standard output.")
@click.option("--base-url", envvar="SILKGRAPH_BASE_URL", default="", help="Address of the workbench, for links.")
def watchlists_atom(id, db, output, base_url):
    """The Atom feed of watchlist ID (also served by the workbench at /watchlists/ID/atom.xml)."""
    from silkgraph.alerts import inbox, watchlist_rows
    from silkgraph.alerts.deliver import atom_feed

    with _store(db, must_exist=True) as store:
        rows = {row["id"]: row for row in watchlist_rows(store)}
        if id not in rows:
            raise click.UsageError(f"no watchlist {id!r}")
        xml = atom_feed(rows[id], inbox(store, id, limit=100)["alerts"], base_url)
    if output == "-":
        sys.stdout.buffer.write(xml)
    else:
        Path(output).write_bytes(xml)


@watchlists.command("deliver")
@_db_option
@_outlet_options
def watchlists_deliver(db, base_url, smtp_host, smtp_port, mail_from):
    """Send the webhook and e-mail deliveries that are due (`watch` does this after each round)."""
    from silkgraph.alerts.deliver import deliver_due

    with _store(db, must_exist=True) as store:
        sent = deliver_due(store, _outlets(base_url, smtp_host, smtp_port, mail_from))
    click.echo(f"{sent['sent']} sent, {sent['retry']} to retry, {sent['failed']} given up", err=True)
    sys.exit(EXIT_SOME_FAILED if sent["retry"] or sent["failed"] else EXIT_OK)


COMMANDS = (sources, watch, watchlists)
