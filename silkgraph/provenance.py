"""Where the items of the graph come from, for the pages and answers that show them.

How precise an event's date or a figure's period is and whether a text gave it or only the
publication did (silkgraph.when words it); the article a page cites, with title, outlet, URL
and date; how the claims of a figure put it (reported, estimate, planned, target) and who said
it in quoted speech. Helpers of silkgraph.query: each takes an open store connection.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
import re

from silkgraph import when
from silkgraph.search import readable_title
from silkgraph.store.base import rows_in

__all__ = [
    "Claims",
    "citation",
    "claim_kinds",
    "date_fields",
    "fact_speakers",
    "outlet",
    "period_fields",
    "reported_only",
]


# scheme, optional user@, then the host: a name or an IPv4 address (a bracketed IPv6 host names no outlet)
_WEB_HOST = re.compile(r"(?i)https?://(?:[^/?#@\s]*@)?([a-z0-9\u00a1-\uffff][a-z0-9.\-\u00a1-\uffff]*)(?=[:/?#]|$)")


def outlet(url: str | None) -> str | None:
    """The outlet a source URL names: its host, without "www."; None for no or no web URL."""
    found = _WEB_HOST.match(url.strip()) if url else None
    if found is None:
        return None
    host = found.group(1).lower().rstrip(".")
    return host.removeprefix("www.") or None


HEAD = "substr(d.text, 1, 400)"  # enough of a text for its first line, without reading all of it


def citation(title: str | None, url: str | None, published: str | None, text: str | None = None) -> dict:
    """What a page citing an article shows of it: title (an untitled article's first line),
    outlet, URL and publication date, in words too."""
    shown = readable_title(title, text)
    return {
        "title": shown,  # an untitled article by its first line, as search names it
        "display_title": shown,
        "url": url,
        "outlet": outlet(url),
        "published": published,
        "published_when": when.describe(published, "undated"),
    }


def reported_only(db, weak: list[str]) -> dict[str, str | None]:
    """{graph event: its reports' first publication} for the events among `weak` (dated by
    publication days only, as the graph judges it) that no report dated from its text: their only
    date is when they were reported. Reports stored before they kept their date's source count as
    the graph judged them."""
    if not weak:
        return {}
    rows = rows_in(
        db,
        "SELECT m.graph_event, MAX(CASE WHEN e.date_source = 'text' THEN 1 ELSE 0 END), MIN(d.published)"
        " FROM graph_event_members AS m JOIN events AS e ON e.id = m.event_id JOIN documents AS d ON d.id = e.doc_id"
        " WHERE e.date IS NOT NULL AND m.graph_event IN ({}) GROUP BY m.graph_event",
        sorted(set(weak)),
    )
    return {gid: first for gid, from_text, first in rows if not from_text}


def date_fields(date: str | None, from_publication: bool, published: str | None, prefix: str = "date") -> dict:
    """How precise a date is, where it comes from, and the words that say both (silkgraph.when)."""
    source = None if not date else ("publication" if from_publication else "text")
    return {
        f"{prefix}_precision": when.precision(date),
        f"{prefix}_source": source,
        "reported": published if from_publication else None,
        "when": when.describe_event_date(date, source, published),
    }


CLAIM_MODALITY_ORDER = ("reported", "estimate", "planned", "target")  # of claims equally many, the first


@dataclass(slots=True)
class Claims:
    """What a graph fact's claims say about it beyond its value: how each was put (modality ->
    count), and whether every one took its period from the publication."""

    modalities: Counter
    from_publication: bool


_MODALITY_RANK = {m: i for i, m in enumerate(CLAIM_MODALITY_ORDER)}


def claim_kinds(db, ids: list[str]) -> dict[str, Claims]:
    """{graph fact: Claims} for `ids`, from the claims each fact keeps count of (graph_fact_claims,
    migration 0013): a few rows per fact however many articles repeated it."""
    found: dict[str, Claims] = {}
    for gid, modality, source, count in rows_in(
        db,
        "SELECT graph_fact, modality, period_source, reports FROM graph_fact_claims WHERE graph_fact IN ({})",
        sorted(set(ids)),
    ):
        entry = found.setdefault(gid, Claims(Counter(), True))
        entry.modalities[modality] += count
        entry.from_publication = entry.from_publication and source == "publication"
    return found


def fact_speakers(db, ids: list[str]) -> dict[str, list[str]]:
    """{graph fact: speakers} of the figures said in quoted speech: a quote with a known speaker
    overlaps the sentence a claim was read from (counted per fact: graph_fact_speakers). Most said first."""
    counts: dict[str, Counter] = {}
    for gid, speaker, reports in rows_in(
        db, "SELECT graph_fact, speaker, reports FROM graph_fact_speakers WHERE graph_fact IN ({})", sorted(set(ids))
    ):
        counts.setdefault(gid, Counter())[speaker] += reports
    return {gid: sorted(c, key=lambda s: (-c[s], s)) for gid, c in counts.items()}


def period_fields(period: str | None, claims: Claims | None, first: str | None) -> dict:
    """A fact's period: precision, source and words (silkgraph.when), and how its claims put it:
    `claim_modality` is what most claims are (reported, estimate, planned, target). `first` is
    when its first claim was published: what a period taken from the publication says."""
    from_publication = bool(period and claims and claims.from_publication)
    modalities = dict(claims.modalities) if claims else {}
    if len(modalities) > 1:
        kind = min(modalities, key=lambda m: (-modalities[m], _MODALITY_RANK.get(m, 99), m))
    else:
        kind = next(iter(modalities), None)
    source = "publication" if from_publication else "text"
    return {
        "period_precision": when.precision(period),
        "period_source": source if period else None,
        "reported": first if from_publication else None,
        "when": when.describe_event_date(period, source, first),
        "modalities": modalities,
        "claim_modality": kind,
    }
