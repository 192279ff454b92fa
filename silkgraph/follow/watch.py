"""The watcher: polls due sources, stores new articles, evaluates watchlists.

A poll of one source: a conditional GET of its listing (304: nothing to do),
its items read (discover.py), those never handled before fetched, extracted
with trafilatura and stored through the ingest use case (intake.py), each
followed by one transaction that records the item and the alerts it fired.
The listing's validators (ETag, Last-Modified) are saved only once every item
of it was handled, so a watcher stopped or killed half-way reads the listing
again next time and carries on where it was: items handled are skipped, a
document stored but not yet recorded is recognised by its text.

Sources are polled by a few threads (network waits overlap); analysis and
storage run one document at a time. `stop` (a threading.Event, set on SIGTERM
by the command) ends a run after the items in hand.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from silkgraph.errors import InputError
from silkgraph.follow.discover import FUTURE_TOLERANCE, Item, ListingError, read_listing
from silkgraph.follow.fetch import Fetcher, FetchError, Limits
from silkgraph.follow.intake import Intake
from silkgraph.follow.sources import Source
from silkgraph.store import follow as sql

log = logging.getLogger("silkgraph.follow")

MAX_ITEM_ATTEMPTS = 3  # fetches of an item page that failed before it is given up
MAX_BACKOFF = timedelta(hours=6)  # longest wait after consecutive failures of a source
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


@dataclass
class PollReport:
    """What one poll of a source did."""

    source: str
    status: str  # ok | not-modified | error | stopped | not-due
    reason: str | None = None
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    alerts: int = 0
    notes: list[str] = field(default_factory=list)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _one_line(text: str, limit: int = 300) -> str:
    return " ".join(str(text).split())[:limit]


def document_id(source: str, url: str) -> str:
    """A readable, stable id for an article URL: source, last path words, a hash of the URL."""
    path = urlsplit(url).path.rstrip("/")
    last = re.sub(r"\.(s?html?|php|aspx?)$", "", path.rsplit("/", 1)[-1].lower())
    slug = re.sub(r"[^a-z0-9]+", "-", last).strip("-")[:60] or "item"
    return f"{source}-{slug}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:8]}"


class Watcher:
    """Polls the given sources into `store`, firing the store's watchlists."""

    def __init__(
        self,
        store,
        sources: list[Source],
        *,
        limits: Limits | None = None,
        stop: threading.Event | None = None,
        max_items: int = 100,
        threads: int = 4,
        fetcher: Fetcher | None = None,
        clock=None,
    ):
        self.store = store
        self.sources = sources
        self.stop = stop or threading.Event()
        self.fetcher = fetcher or Fetcher(limits, stop=self.stop)
        self._own_fetcher = fetcher is None
        self.max_items = max_items
        self.threads = max(1, threads)
        self.intake = Intake(store)
        self._store_lock = threading.Lock()  # analysis and storage: one document at a time
        self.seconds: Counter[str] = Counter()  # time spent fetching pages, extracting, analysing and storing
        self._claims: dict[str, threading.Event] = {}  # item URLs being taken, set when done
        self._claims_lock = threading.Lock()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._watchlists: list = []

    def close(self) -> None:
        if self._own_fetcher:
            self.fetcher.close()

    # -- scheduling ----------------------------------------------------------------

    def due(self, force: bool = False) -> list[Source]:
        """The sources whose next poll is due (all of them with `force`)."""
        if force:
            return list(self.sources)
        with self.store.read() as db:
            states = {s["name"]: s for s in sql.source_states(db)}
        moment = _iso(self._clock())
        return [
            s
            for s in self.sources
            if not (states.get(s.name) or {}).get("next_due") or states[s.name]["next_due"] <= moment
        ]

    def seconds_to_next(self) -> float:
        """How long until some source is due (0 when one is already)."""
        with self.store.read() as db:
            states = {s["name"]: s for s in sql.source_states(db)}
        moment = self._clock()
        waits = []
        for source in self.sources:
            due = (states.get(source.name) or {}).get("next_due")
            if not due:
                return 0.0
            waits.append((datetime.fromisoformat(due) - moment).total_seconds())
        return max(0.0, min(waits, default=60.0))

    def poll(self, force: bool = False) -> list[PollReport]:
        """Poll every due source once; reports in the order of the sources."""
        from silkgraph.alerts import load_watchlists

        self._watchlists = load_watchlists(self.store)
        sources = self.due(force)
        if self.threads == 1 or len(sources) <= 1:
            return [self.poll_source(s) for s in sources]
        with ThreadPoolExecutor(self.threads, thread_name_prefix="silkgraph-watch") as pool:
            return list(pool.map(self.poll_source, sources))

    # -- one source ----------------------------------------------------------------

    def poll_source(self, source: Source) -> PollReport:
        """Poll one source; whatever goes wrong is recorded on it, never raised."""
        if self.stop.is_set():
            return PollReport(source.name, "stopped")
        with self.store.read() as db:
            state = sql.source_state(db, source.name) or {"name": source.name, "failures": 0}
        if state.get("url", source.url) != source.url:  # the source was edited: its old validators mean nothing
            state.update(etag=None, last_modified=None)
        state.update(url=source.url, kind=source.kind, last_attempt=_iso(self._clock()))
        try:
            report = self._poll_listing(source, state)
        except Exception as exc:  # a bug or a library failing on odd input must not end the watcher
            log.exception("polling %s failed", source.name)
            report = PollReport(source.name, "error", f"unexpected {type(exc).__name__}: {_one_line(exc, 200)}")
        self._finish(source, state, report)
        return report

    def _poll_listing(self, source: Source, state: dict) -> PollReport:
        report = PollReport(source.name, "ok")
        try:
            response = self.fetcher.get(
                source.url,
                user_agent=source.user_agent,
                delay=source.delay,
                headers=source.headers,
                etag=state.get("etag"),
                last_modified=state.get("last_modified"),
                accept=FEED_ACCEPT,
            )
        except FetchError as exc:
            if self.stop.is_set():
                return PollReport(source.name, "stopped")  # not the source's fault
            state["last_status"] = exc.status
            return PollReport(source.name, "error", exc.reason)
        state["last_status"] = response.status
        if response.not_modified:
            return PollReport(source.name, "not-modified")
        try:
            listing = read_listing(source.kind, response.body, response.url, source.link_pattern, self._clock())
        except ListingError as exc:
            return PollReport(source.name, "error", str(exc))
        items = list(listing.items)
        report.notes += listing.notes
        for child in listing.child_sitemaps:
            items += self._child_sitemap(source, child, report)
        if items:
            self._take_items(source, items, report)
        if report.status == "ok" and not self._retries_pending(source, items):
            # Only now: a poll cut short, or with pages to try again, must read the listing again next time.
            state.update(etag=response.etag, last_modified=response.last_modified)
        return report

    def _retries_pending(self, source: Source, items: list[Item]) -> bool:
        """Whether some item page failed and is to be fetched again on a later poll."""
        with self.store.read() as db:
            states = sql.item_states(db, source.name, [i.url for i in items])
        return any(status == "failed" and attempts < MAX_ITEM_ATTEMPTS for status, attempts in states.values())

    def _child_sitemap(self, source: Source, url: str, report: PollReport) -> list[Item]:
        try:
            response = self.fetcher.get(
                url, user_agent=source.user_agent, delay=source.delay, headers=source.headers, accept=FEED_ACCEPT
            )
            return read_listing("sitemap", response.body, response.url, now=self._clock()).items
        except (FetchError, ListingError) as exc:
            report.notes.append(f"sitemap {url}: {getattr(exc, 'reason', None) or exc}")
            return []

    def _take_items(self, source: Source, items: list[Item], report: PollReport) -> None:
        with self.store.read() as db:
            known = sql.item_states(db, source.name, [i.url for i in items])
            todo = [
                i
                for i in items
                if known.get(i.url, ("new", 0))[0] not in sql.FINAL_ITEM_STATES
                and known.get(i.url, ("new", 0))[1] < MAX_ITEM_ATTEMPTS
            ]
            # A page another source brought in already is not fetched again.
            elsewhere = sql.stored_elsewhere(db, source.name, [i.url for i in todo])
        if len(todo) > self.max_items:
            report.notes.append(f"{len(todo)} new items; {self.max_items} read now, the rest next time")
            report.status = "partial"
            todo = todo[: self.max_items]
        for item in todo:
            if self.stop.is_set():
                report.status = "stopped"
                return
            if item.url in elsewhere:
                self._record(source, item, "duplicate", elsewhere[item.url], "stored from another source", report)
                continue
            self._take_claimed(source, item, report)

    def _take_claimed(self, source: Source, item: Item, report: PollReport) -> None:
        """`_take`, unless another source's thread has the same page in hand: then wait for it
        and record its document rather than fetch the page a second time."""
        with self._claims_lock:
            busy = self._claims.get(item.url)
            if busy is None:
                self._claims[item.url] = threading.Event()
        if busy is not None:
            busy.wait()
            with self.store.read() as db:
                found = sql.stored_elsewhere(db, source.name, [item.url])
            if item.url in found:
                self._record(source, item, "duplicate", found[item.url], "stored from another source", report)
            else:
                self._take(source, item, report)
            return
        try:
            self._take(source, item, report)
        finally:
            with self._claims_lock:
                self._claims.pop(item.url).set()

    def _take(self, source: Source, item: Item, report: PollReport) -> None:
        """Fetch, extract and store one item, and record what became of it."""
        started = time.perf_counter()
        try:
            page = self.fetcher.get(
                item.url, user_agent=source.user_agent, delay=source.delay, headers=source.headers, accept=PAGE_ACCEPT
            )
        except FetchError as exc:
            if self.stop.is_set():
                report.status = "stopped"
                return  # not recorded: the next run fetches it again
            self._record(source, item, "failed", None, exc.reason, report)
            return
        content_type = page.content_type.split(";")[0].strip().lower()
        if content_type not in _HTML_TYPES:
            self._record(source, item, "rejected", None, f"not an article page ({content_type})", report)
            return
        from silkgraph.ingest.html import read_html

        fetched = time.perf_counter()
        try:
            document = read_html(page.body, doc_id=document_id(source.name, item.url), source=item.url)
        except InputError as exc:
            self._record(source, item, "rejected", None, exc.reason, report)
            return
        finally:
            self._count("fetch", fetched - started)
            self._count("extract", time.perf_counter() - fetched)
        document.url = document.url or item.url
        document.language = document.language or source.language
        if document.published and document.published[:10] > (self._clock() + FUTURE_TOLERANCE).date().isoformat():
            report.notes.append(f"{item.url}: the page's date {document.published} is in the future; ignored")
            document.published = None
        document.published = document.published or item.published
        with self._store_lock:
            try:
                started = time.perf_counter()
                added = self.intake.store_document(document)
                self._count("analyse and store", time.perf_counter() - started)
            except Exception as exc:  # one article's failure must not end the poll
                log.exception("storing %s failed", item.url)
                self._record(source, item, "failed", None, f"{type(exc).__name__}: {_one_line(exc, 200)}", report)
                return
            self._record(source, item, added.status, added.doc_id, None, report)

    def _count(self, phase: str, seconds: float) -> None:
        with self._claims_lock:
            self.seconds[phase] += seconds

    def _record(
        self, source: Source, item: Item, status: str, doc_id: str | None, reason: str | None, report: PollReport
    ) -> None:
        """Record an item's outcome and, for a stored text, the alerts it fires, in one transaction."""
        from silkgraph.alerts import evaluate_document

        when = _iso(self._clock())
        with self.store.write() as db:
            if doc_id is not None:
                report.alerts += len(evaluate_document(db, doc_id, self._watchlists, when))
            sql.record_item(db, source.name, item.url, status, when, doc_id, reason)
        if status == "stored":
            report.stored += 1
        elif status == "duplicate":
            report.duplicates += 1
        else:
            report.failed += 1
            log.info("%s: %s %s: %s", source.name, status, item.url, reason)

    def _finish(self, source: Source, state: dict, report: PollReport) -> None:
        """Save the source's state after a poll: success, or the failure and when to try again."""
        moment = self._clock()
        if report.status == "error":
            state["failures"] = int(state.get("failures") or 0) + 1
            state.update(last_error=report.reason, last_error_at=_iso(moment))
            wait = min(timedelta(seconds=source.interval) * 2 ** min(state["failures"] - 1, 10), MAX_BACKOFF)
            state["next_due"] = _iso(moment + max(wait, timedelta(seconds=source.interval)))
        elif report.status == "stopped":
            state["next_due"] = _iso(moment)  # at once on the next run
        else:
            state.update(failures=0, last_error=None, last_error_at=None, last_success=_iso(moment))
            state["next_due"] = _iso(moment + timedelta(seconds=0 if report.status == "partial" else source.interval))
        if report.notes or report.status != "not-modified":
            state["notes"] = "; ".join(report.notes)[:1000] or None
        with self.store.write() as db:
            sql.save_source_state(db, state)
