"""Where alerts go besides the inbox: a webhook, e-mail, and an Atom feed per watchlist.

Webhook and e-mail deliveries are queued in the store as alerts are made
(`alert_deliveries`) and sent by `deliver_due`: a failure is retried a few
times at once with backoff and jitter, then again on later runs, until
MAX_ATTEMPTS. A webhook POST carries the alert as JSON and
``X-Silkgraph-Signature: sha256=<hex HMAC-SHA256 of the body with the
watchlist's secret>``, which the receiver recomputes to trust it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import smtplib
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from urllib.parse import quote

from silkgraph.alerts import now
from silkgraph.store import follow as sql

MAX_ATTEMPTS = 6  # runs; with the retries inside each
RETRIES_AT_ONCE = 2
RETRY_PAUSE = 0.5  # seconds before the first immediate retry, doubled each time
TIMEOUT = 10.0
SIGNATURE_HEADER = "X-Silkgraph-Signature"
PATHS = {"event": "/events/{}", "fact": "/facts/{}", "document": "/documents/{}"}


@dataclass
class Outlets:
    """How to reach the outside: the workbench's address for links, and an SMTP server."""

    base_url: str = ""  # e.g. http://127.0.0.1:8000; links are relative without it
    smtp_host: str | None = None
    smtp_port: int = 25
    mail_from: str = "silkgraph@localhost"
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False


def alert_link(alert: dict, base_url: str = "") -> str:
    path = PATHS.get(alert["kind"], "/documents/{}").format(quote(str(alert["target"]), safe=""))
    return base_url.rstrip("/") + path


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def alert_payload(alert: dict, watchlist: dict, base_url: str = "") -> dict:
    return {
        "watchlist": {"id": watchlist["id"], "name": watchlist["name"]},
        "alert": {
            "id": alert["id"],
            "kind": alert["kind"],
            "target": alert["target"],
            "title": alert["title"],
            "created_at": alert["created_at"],
            "updated_at": alert["updated_at"],
            "link": alert_link(alert, base_url),
        },
        "sources": [{k: s[k] for k in ("doc_id", "title", "url", "published", "evidence")} for s in alert["sources"]],
    }


def send_webhook(url: str, secret: str | None, payload: dict, client=None) -> None:
    """POST the payload; raises DeliveryError unless the receiver answers 2xx."""
    import httpx2 as httpx

    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    headers = {"Content-Type": "application/json", "User-Agent": "Silkgraph alerts"}
    if secret:
        headers[SIGNATURE_HEADER] = signature(secret, body)
    own = client is None
    client = client or httpx.Client(timeout=TIMEOUT, follow_redirects=False, trust_env=False)
    try:
        response = client.post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        raise DeliveryError(f"webhook failed: {type(exc).__name__}: {exc}") from exc
    finally:
        if own:
            client.close()
    if not 200 <= response.status_code < 300:
        raise DeliveryError(f"webhook answered HTTP {response.status_code}")


def send_email(outlets: Outlets, recipients: list[str], payload: dict) -> None:
    """One plain-text message per alert to the watchlist's addresses."""
    if not outlets.smtp_host:
        raise DeliveryError("no SMTP server configured (--smtp-host)")
    alert, watchlist = payload["alert"], payload["watchlist"]
    message = EmailMessage()
    # Header values come from article text: newlines would forge headers.
    message["Subject"] = " ".join(f"[{watchlist['name']}] {alert['title']}".split())[:200]
    message["From"] = outlets.mail_from
    message["To"] = ", ".join(recipients)
    lines = [alert["title"], alert["link"], ""]
    for source in payload["sources"]:
        lines.append(f"- {source['title'] or source['doc_id']} ({source['published'] or 'undated'})")
        if source["url"]:
            lines.append(f"  {source['url']}")
        if source["evidence"]:
            lines.append(f"  \u201c{' '.join(source['evidence'].split())}\u201d")
    message.set_content("\n".join(lines))
    try:
        with smtplib.SMTP(outlets.smtp_host, outlets.smtp_port, timeout=TIMEOUT) as smtp:
            if outlets.smtp_starttls:
                smtp.starttls()
            if outlets.smtp_user:
                smtp.login(outlets.smtp_user, outlets.smtp_password or "")
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"e-mail failed: {type(exc).__name__}: {exc}") from exc


class DeliveryError(Exception):
    """A delivery that did not arrive; the message is one line."""


def _with_retries(send, stop=None) -> str | None:
    """None when `send()` succeeded within RETRIES_AT_ONCE retries, else the last error."""
    for attempt in range(RETRIES_AT_ONCE + 1):
        try:
            send()
            return None
        except DeliveryError as exc:
            error = str(exc)
        if attempt < RETRIES_AT_ONCE and not (stop is not None and stop.is_set()):
            pause = RETRY_PAUSE * 2**attempt
            time.sleep(pause + random.uniform(0, pause))
    return error


def _sender(channel: str, deliver: dict, outlets: Outlets, payload: dict):
    """A function sending `payload` over `channel`, raising DeliveryError when it cannot."""
    if channel == "webhook" and deliver.get("webhook"):
        return lambda: send_webhook(deliver["webhook"], deliver.get("secret"), payload)
    if channel == "email" and deliver.get("emails"):
        return lambda: send_email(outlets, deliver["emails"], payload)

    def gone() -> None:
        raise DeliveryError(f"the watchlist no longer has a {channel} to deliver to")

    return gone


def deliver_due(store, outlets: Outlets, stop=None) -> dict:
    """Send every queued delivery that is due; {"sent": n, "failed": n, "retry": n}."""
    counts = {"sent": 0, "failed": 0, "retry": 0}
    with store.read() as db:
        due = sql.due_deliveries(db, now())
        lists = {row["id"]: row for row in sql.watchlists(db)}
        alerts = {alert_id: sql.alert(db, alert_id) for alert_id in {alert_id for alert_id, _, _ in due}}
    for alert_id, channel, attempts in due:
        if stop is not None and stop.is_set():
            break
        alert = alerts.get(alert_id)
        watchlist = lists.get(alert["watchlist"]) if alert else None
        if alert is None or watchlist is None:
            continue
        error = _with_retries(
            _sender(channel, watchlist["deliver"], outlets, alert_payload(alert, watchlist, outlets.base_url)), stop
        )
        if error is None:
            status, next_try = "sent", now()
        elif attempts + 1 >= MAX_ATTEMPTS:
            status, next_try = "failed", now()
        else:
            status = "pending"
            next_try = (datetime.now(UTC) + timedelta(minutes=2**attempts)).isoformat(timespec="seconds")
        counts[{"sent": "sent", "failed": "failed", "pending": "retry"}[status]] += 1
        with store.write() as db:
            sql.finish_delivery(db, alert_id, channel, status, error, next_try)
    return counts


def atom_feed(watchlist: dict, alerts: list[dict], base_url: str = "") -> bytes:
    """An Atom 1.0 feed of a watchlist's alerts (newest first), for any feed reader."""
    from lxml import etree

    ns = "http://www.w3.org/2005/Atom"
    feed = etree.Element(f"{{{ns}}}feed", nsmap={None: ns})

    def add(parent, tag: str, text: str | None = None, **attributes):
        node = etree.SubElement(parent, f"{{{ns}}}{tag}", {k: v for k, v in attributes.items() if v is not None})
        if text is not None:
            node.text = _xml_text(text)
        return node

    add(feed, "id", f"urn:silkgraph:watchlist:{watchlist['id']}")
    add(feed, "title", f"Silkgraph: {watchlist['name']}")
    add(feed, "updated", max((a["updated_at"] for a in alerts), default=watchlist["updated_at"]))
    add(feed, "link", rel="self", href=f"{base_url.rstrip('/')}/watchlists/{quote(watchlist['id'])}/atom.xml")
    add(add(feed, "author"), "name", "Silkgraph")
    for alert in alerts:
        entry = add(feed, "entry")
        add(entry, "id", f"urn:silkgraph:alert:{watchlist['id']}:{alert['id']}")
        add(entry, "title", alert["title"])
        add(entry, "published", alert["created_at"])
        add(entry, "updated", alert["updated_at"])
        add(entry, "link", href=alert_link(alert, base_url))
        lines = []
        for source in alert["sources"]:
            lines.append(
                f"{source['title'] or source['doc_id']} ({source['published'] or 'undated'})"
                + (f" {source['url']}" if source["url"] else "")
            )
            if source["evidence"]:
                lines.append(f"  \u201c{' '.join(source['evidence'].split())}\u201d")
        add(entry, "summary", f"{len(alert['sources'])} source(s)")
        add(entry, "content", "\n".join(lines), type="text")
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _xml_text(text: str) -> str:
    """Text without the control characters XML cannot hold (they occur in scraped pages)."""
    return "".join(ch for ch in str(text) if ch in "\t\n\r" or ord(ch) >= 0x20)
