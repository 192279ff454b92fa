"""Screenshots of every page of the workbench, for anyone to look at.

    python -m silkgraph.web.screenshots OUTDIR [--db FILE] [--corpus PATH ...]

starts the workbench on a store (FILE, or by default one built in a temporary folder from the
bundled samples and the dev and dev-b corpora of ../shared when they are there), opens every
page in headless Chromium at 1400x1000 and writes a PNG per page, and an index.html listing
them with each page's address, status, times and any script error. "Every page" is
every HTML route the application has: a route with an id is shown with an example from the
store (the entity with the most sources, its newest event, …); a route for which the store
holds no example is listed in the index as not shown, with the reason. Pages are shown as a
logged-in analyst sees them (the correction panels, the audit log), with a token made for the
run; nothing is written to the store.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import re
import secrets
import socket
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute

from silkgraph.web.app import create_app
from silkgraph.web.correcting import COOKIE, analyst_session

VIEWPORT = {"width": 1400, "height": 1000}
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPORA = (
    ROOT / "samples",
    ROOT.parent / "shared" / "corpus" / "dev",
    ROOT.parent / "shared" / "corpus" / "dev-b",
)
ANALYST = "Screenshots"  # the name the pages are shown to
NOT_PAGES = ("/api", "/download", "/static", "/openapi")
PAGE_TIMEOUT_MS = 30_000
EXAMPLE_WATCHLIST = {"id": "agreements", "name": "Agreements signed", "rule": {"event_types": ["agreement"]}}
# Views worth a picture of their own beside each route's plain address: a route with filters.
VARIANTS = (
    ("/search", {"q": "summit"}),
    ("/search", {"q": "{entity_name}"}),
    ("/timeline", {"entity": "{entity}"}),
    ("/figures", {"subjects": "{entity}"}),
)


@dataclass(slots=True)
class Shot:
    """One page to photograph (or why it could not be), and what happened when it was."""

    name: str
    path: str | None
    reason: str | None = None
    status: int | None = None
    seconds: float | None = None  # until the page and what it loads were done (network idle)
    server_ms: float | None = None  # from the request to the first byte of the page's answer
    errors: list[str] = field(default_factory=list)
    image: str | None = None


# -- the store ------------------------------------------------------------------------------


def build_store(db: Path, corpora: list[Path]) -> int:
    """Ingest the files of `corpora` (missing ones are passed over) into a new store at `db`, and
    add an example watchlist; returns how many articles it stored."""
    from silkgraph import alerts
    from silkgraph.ingest import read_inputs
    from silkgraph.ingestion import Ingestion, open_ingest_store

    paths = [str(p) for p in corpora if p.exists()]
    if not paths:
        raise SystemExit("no corpus to build a store from: give --db FILE or --corpus PATH")
    stored = 0
    with open_ingest_store(str(db)) as store:
        for outcome in Ingestion(store).run(read_inputs(paths)):
            if outcome.status == "skipped":
                print(f"skipped {outcome.source}: {outcome.reason}", file=sys.stderr)
            stored += outcome.status == "stored"
        # A watchlist, so that the watchlist's own page has something to show.
        alerts.save_watchlist(store, alerts.parse_watchlist(EXAMPLE_WATCHLIST))
    return stored


def examples(app) -> dict[str, str]:
    """Ids of the store to fill the routes' parameters with: the entity with the most independent
    sources, its newest event, a figure, an article and a watchlist."""
    from silkgraph import query

    c = app.state.silk
    found: dict[str, str] = {}
    entities = query.search(c.store, "", kind="entities", limit=1, kb=c.kb)["entities"]
    if entities:
        found["entity"], found["entity_name"] = entities[0]["id"], entities[0]["name"]
        page = query.entity(c.store, c.kb, found["entity"], limit=5)
        if page["events"]:
            found["event"] = page["events"][0]["id"]
        if page["facts"]:
            found["fact"] = page["facts"][0]["id"]
        if page["documents"]:
            found["document"] = page["documents"][0]["id"]
    if "document" not in found:
        documents = query.search(c.store, "", kind="documents", limit=1)["documents"]
        if documents:
            found["document"] = documents[0]["id"]
    with contextlib.suppress(Exception):  # a store without the following tables has no watchlists
        with c.store.read() as db:
            row = db.execute("SELECT id FROM watchlists ORDER BY id LIMIT 1").fetchone()
        if row:
            found["watchlist"] = row[0]
    return found


# -- the pages --------------------------------------------------------------------------------

_PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")
_KIND_OF_SEGMENT = {
    "entities": "entity",
    "events": "event",
    "facts": "fact",
    "documents": "document",
    "watchlists": "watchlist",
}


def page_routes(app) -> list[str]:
    """The paths of the application's HTML pages (GET routes answering HTML), in route order."""
    out = []
    for route in _all_routes(app.routes):
        if not isinstance(route, APIRoute) or "GET" not in (route.methods or ()):
            continue
        if route.path.startswith(NOT_PAGES):
            continue
        if isinstance(route.response_class, type) and issubclass(route.response_class, HTMLResponse):
            out.append(route.path)
    return out


def _all_routes(routes):
    """The routes, those of included routers among them (FastAPI may keep an included router
    as one route wrapping the router)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _all_routes(inner.routes)
        else:
            yield route


def _fill(path: str, known: dict[str, str]) -> tuple[str | None, str | None]:
    """`path` with its parameters filled from `known` examples, or (None, why not)."""
    from urllib.parse import quote

    segments = path.strip("/").split("/")
    filled = []
    for index, segment in enumerate(segments):
        match = _PARAMETER.fullmatch(segment)
        if match is None:
            filled.append(segment)
            continue
        kind = _KIND_OF_SEGMENT.get(segments[index - 1]) if index else None
        if kind is None or kind not in known:
            return None, f"the store holds no example for {{{match[1]}}}"
        filled.append(quote(known[kind], safe=""))
    return "/" + "/".join(filled), None


def _name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


def plan(app, known: dict[str, str]) -> list[Shot]:
    """Every page, then the views with filters (VARIANTS) that the examples allow."""
    from urllib.parse import urlencode

    shots = []
    for route in page_routes(app):
        path, reason = _fill(route, known)
        shots.append(Shot(name=_name(route), path=path, reason=reason))
    for path, params in VARIANTS:
        try:
            values = {k: v.format(**known) for k, v in params.items()}
        except KeyError:
            continue
        shots.append(Shot(name=_name(path + "-" + "-".join(values.values())), path=f"{path}?{urlencode(values)}"))
    return shots


# -- the server and the browser ----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(app):
    """The application served on a free loopback port in a thread; yields its base URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise SystemExit("the workbench did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def shoot(shots: list[Shot], base: str, outdir: Path, chromium: str | None, session: str | None = None) -> None:
    """Open each page with an address and write its PNG (the whole page, 1400 pixels wide), as a
    logged-in analyst when `session` (a session cookie's value) is given."""
    from playwright.sync_api import Error as PlaywrightError, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            for number, shot in enumerate(s for s in shots if s.path):
                assert shot.path is not None
                context = browser.new_context(viewport=VIEWPORT)
                if session:
                    context.add_cookies([{"name": COOKIE, "value": session, "url": base}])
                page = context.new_page()
                page.set_default_timeout(PAGE_TIMEOUT_MS)
                page.on("pageerror", lambda exc, shot=shot: shot.errors.append(f"script error: {exc}"))
                page.on(
                    "console",
                    lambda m, shot=shot: shot.errors.append(f"console: {m.text}") if m.type == "error" else None,
                )
                started = time.monotonic()
                try:
                    response = page.goto(base + shot.path)
                    page.wait_for_load_state("networkidle")
                    shot.status = response.status if response else None
                    shot.seconds = time.monotonic() - started
                    if response is not None:
                        timing = response.request.timing
                        shot.server_ms = max(0.0, timing["responseStart"] - timing["requestStart"])
                    shot.image = f"{number + 1:02d}-{shot.name}.png"
                    page.screenshot(path=str(outdir / shot.image), full_page=True)
                except PlaywrightError as exc:
                    shot.errors.append(f"could not be shown: {str(exc).splitlines()[0]}")
                finally:
                    context.close()
        finally:
            browser.close()


def write_index(shots: list[Shot], outdir: Path, source: str) -> Path:
    """index.html: every page with its address, status, time, errors and picture."""
    rows = []
    for shot in shots:
        picture = (
            f'<a href="{html.escape(shot.image)}"><img src="{html.escape(shot.image)}" width="280" alt=""></a>'
            if shot.image
            else ""
        )
        notes = "<br>".join(html.escape(e) for e in [*([shot.reason] if shot.reason else []), *shot.errors])
        rows.append(
            "<tr>"
            f"<td>{html.escape(shot.path or shot.name)}</td>"
            f"<td>{shot.status if shot.status is not None else '–'}</td>"
            f"<td>{f'{shot.server_ms:.0f} ms' if shot.server_ms is not None else '–'}</td>"
            f"<td>{f'{shot.seconds * 1000:.0f} ms' if shot.seconds is not None else '–'}</td>"
            f"<td>{notes}</td><td>{picture}</td></tr>"
        )
    index = outdir / "index.html"
    index.write_text(
        "<!doctype html><meta charset='utf-8'><title>Silkgraph workbench screenshots</title>"
        f"<h1>Silkgraph workbench screenshots</h1><p>{html.escape(source)} · "
        f"{VIEWPORT['width']}×{VIEWPORT['height']} · {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}</p>"
        "<p>answer: from the request to the first byte of the page; loaded: until the page and its "
        "scripts, styles and data were done (no request for half a second).</p>"
        "<table border='1' cellpadding='4'><tr><th>page</th><th>status</th><th>answer</th><th>loaded</th><th>notes</th>"
        "<th>screenshot</th></tr>" + "".join(rows) + "</table>\n",
        encoding="utf-8",
    )
    return index


# -- the command -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m silkgraph.web.screenshots", description=__doc__.split("\n\n")[0].strip()
    )
    parser.add_argument("outdir", type=Path, help="Folder for the PNGs and index.html (created).")
    parser.add_argument("--db", help="Store to show (default: one built from --corpus in a temporary folder).")
    parser.add_argument(
        "--corpus",
        action="append",
        type=Path,
        help="File or folder to build the store from (repeatable; default: samples/, ../shared/corpus/dev and dev-b).",
    )
    parser.add_argument(
        "--chromium", help="Chromium to drive (default: Debian's /usr/bin/chromium, else Playwright's)."
    )
    args = parser.parse_args(argv)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        print("screenshots need Playwright: pip install 'silkgraph[pdf]'", file=sys.stderr)
        return 2
    from silkgraph.briefing_render import chromium

    args.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="silkgraph-shots-") as scratch:
        if args.db:
            if "://" not in args.db and not Path(args.db).exists():
                print(f"no store at {args.db}", file=sys.stderr)
                return 2
            db, source = args.db, f"store {args.db}"
        else:
            corpora = args.corpus or list(DEFAULT_CORPORA)
            db = str(Path(scratch) / "screenshots.db")
            stored = build_store(Path(db), corpora)
            source = f"{stored} articles from " + ", ".join(str(p) for p in corpora if p.exists())
        # Pages as an analyst sees them when logged in (correction forms, the audit log), with a
        # token of this run only; nothing is written to the store.
        app = create_app(db, token=secrets.token_urlsafe(24))
        shots = plan(app, examples(app))
        with running(app) as base:
            shoot(shots, base, args.outdir, args.chromium or chromium(), analyst_session(app, ANALYST))
    index = write_index(shots, args.outdir, source)
    shown = [s for s in shots if s.image]
    print(f"{len(shown)} pages -> {index}")
    for shot in shots:
        if shot.reason or shot.errors or (shot.status and shot.status != 200):
            print(
                f"  {shot.path or shot.name}: {shot.status or ''} {'; '.join(filter(None, [shot.reason, *shot.errors]))}"
            )
    return 0 if all(s.status == 200 and not s.errors for s in shown) else 1


if __name__ == "__main__":
    sys.exit(main())
