"""Watchlists and alerts.

rules.py    what a watchlist asks for, and what a stored document offers it
deliver.py  where alerts go besides the inbox: webhook, e-mail, Atom feed

This module keeps watchlists in the store, evaluates them as each document
is stored (`evaluate_document`, inside the caller's transaction), and
back-tests them over what is stored already (`backtest`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from silkgraph.alerts.rules import Rule, hits, parse_rule
from silkgraph.errors import UsageError
from silkgraph.store import follow as sql

__all__ = [
    "Watchlist",
    "backtest",
    "delete_watchlist",
    "evaluate_document",
    "inbox",
    "load_watchlists",
    "mark_read",
    "parse_watchlist",
    "save_watchlist",
]

log = logging.getLogger("silkgraph.alerts")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
BACKTEST_MAX_DOCUMENTS = 100_000


def now() -> str:
    """The current time as the store writes times: ISO 8601, UTC, whole seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Watchlist:
    id: str
    name: str
    rule: Rule
    webhook: str | None = None  # URL receiving a POST of JSON per new alert
    secret: str | None = None  # shared secret signing the webhook body (HMAC-SHA256)
    emails: list[str] = field(default_factory=list)

    @property
    def channels(self) -> list[str]:
        return [c for c, on in (("webhook", self.webhook), ("email", self.emails)) if on]

    def deliver_json(self) -> dict:
        return {k: v for k, v in (("webhook", self.webhook), ("secret", self.secret), ("emails", self.emails)) if v}


def parse_watchlist(data: dict) -> Watchlist:
    """A Watchlist from a mapping: id, name, rule, and optional webhook, secret, emails."""
    if not isinstance(data, dict):
        raise UsageError("a watchlist must be a mapping with id and rule")
    unknown = set(data) - {"id", "name", "rule", "webhook", "secret", "emails"}
    if unknown:
        raise UsageError(f"unknown watchlist field(s): {', '.join(sorted(unknown))}")
    id_ = str(data.get("id") or "")
    if not _ID.match(id_):
        raise UsageError(f"watchlist id {id_!r} must be 1-64 lower-case letters, digits, '-' or '_'")
    webhook = (data.get("webhook") or "").strip() or None
    if webhook and not re.match(r"^https?://[^\s]+$", webhook):
        raise UsageError("webhook must be an http:// or https:// URL")
    emails = data.get("emails") or []
    if isinstance(emails, str):
        emails = [e for e in re.split(r"[\s,;]+", emails) if e]
    if not isinstance(emails, list) or not all(isinstance(e, str) and _EMAIL.match(e) for e in emails):
        raise UsageError("emails must be a list of e-mail addresses")
    name = str(data.get("name") or id_).strip()[:200]
    return Watchlist(
        id=id_,
        name=name,
        rule=parse_rule(data.get("rule") or {}),
        webhook=webhook,
        secret=(data.get("secret") or None),
        emails=emails,
    )


def save_watchlist(store, watchlist: Watchlist) -> None:
    """Create or replace a watchlist (its alerts stay)."""
    with store.write() as db:
        sql.save_watchlist(db, watchlist.id, watchlist.name, watchlist.rule.to_json(), watchlist.deliver_json(), now())


def _from_row(row: dict) -> Watchlist:
    deliver = row["deliver"]
    return Watchlist(
        id=row["id"],
        name=row["name"],
        rule=parse_rule(row["rule"]),
        webhook=deliver.get("webhook"),
        secret=deliver.get("secret"),
        emails=deliver.get("emails") or [],
    )


def load_watchlists(store) -> list[Watchlist]:
    """The stored watchlists; one whose stored rule no longer validates is left out, with a warning,
    rather than stopping the evaluation of the others."""
    with store.read() as db:
        rows = sql.watchlists(db)
    found = []
    for row in rows:
        try:
            found.append(_from_row(row))
        except UsageError as exc:
            log.warning("watchlist %s is skipped: %s", row["id"], exc)
    return found


def watchlist_rows(store) -> list[dict]:
    """Watchlists as stored, with alert counts; secrets left out."""
    with store.read() as db:
        rows = sql.watchlists(db)
    for row in rows:
        row["deliver"] = {k: v for k, v in row["deliver"].items() if k != "secret"}
    return rows


def delete_watchlist(store, id: str) -> bool:
    with store.write() as db:
        return sql.delete_watchlist(db, id)


def evaluate_document(db: Any, doc_id: str, watchlists: list[Watchlist], when: str | None = None) -> list[int]:
    """Evaluate every watchlist on a stored document, inside the caller's transaction `db`.

    An alert is made per watchlist and thing hit, or grows by this document when it
    exists; new alerts get their deliveries queued. Idempotent: evaluating a document
    again adds nothing. Returns the ids of the new alerts.
    """
    if not watchlists:
        return []
    when = when or now()
    document = sql.document_facts(db, doc_id)
    new: list[int] = []
    for watchlist in watchlists:
        for hit in hits(watchlist.rule, document):
            alert_id, created = sql.upsert_alert(db, watchlist.id, hit.key, hit.kind, hit.target, hit.title, when)
            sql.add_alert_source(db, alert_id, doc_id, hit.start, hit.end, when)
            if created:
                new.append(alert_id)
                for channel in watchlist.channels:
                    sql.queue_delivery(db, alert_id, channel, when)
    return new


def backtest(store, rule: Rule, since: str | None = None, until: str | None = None, limit: int = 100) -> dict:
    """What a rule would have fired on among the stored documents published in [since, until]:
    {"documents": examined, "alerts": [{kind, key, target, title, sources: [doc ids]}] newest first}.
    Nothing is stored."""
    grouped: dict[str, dict] = {}
    with store.read() as db:
        ids = sql.documents_between(db, since, until, BACKTEST_MAX_DOCUMENTS)
        for doc_id in ids:
            document = sql.document_facts(db, doc_id)
            for hit in hits(rule, document):
                entry = grouped.setdefault(
                    hit.key, {"kind": hit.kind, "key": hit.key, "target": hit.target, "title": hit.title, "sources": []}
                )
                entry["sources"].append(
                    {"doc_id": doc_id, "title": document.get("title"), "published": document.get("published")}
                )
    found = list(grouped.values())[::-1]
    return {"documents": len(ids), "total": len(found), "alerts": found[:limit]}


def inbox(store, watchlist: str | None = None, unread_only: bool = False, limit: int = 50, offset: int = 0) -> dict:
    with store.read() as db:
        return {
            "alerts": sql.alerts(db, watchlist, unread_only, limit, offset),
            "total": sql.count_alerts(db),
            "unread": sql.count_alerts(db, unread_only=True),
        }


def mark_all_read(store, watchlist: str | None = None) -> int:
    """Mark every unread alert, or those of `watchlist`, read; how many were."""
    with store.write() as db:
        return sql.mark_all_read(db, watchlist)


def mark_read(store, alert_id: int, read: bool = True) -> bool:
    with store.write() as db:
        return sql.mark_read(db, alert_id, read)
