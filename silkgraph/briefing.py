"""A briefing: one entity's dossier for a period, built from the query layer.

`build(store, kb, entity)` gathers the entity's profile (what the knowledge base
knows, offices with their dates), the events of the period in date order, its key
figures, notable quotes, the entities it is most often seen with, and numbers every
article it rests on once, in order of first use, as a citation (title, outlet, date,
URL). Rendering to HTML, Markdown or PDF is silkgraph.briefing_render's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from silkgraph import aliases, citation, query
from silkgraph.errors import UsageError
from silkgraph.model import iso_bounds
from silkgraph.network import in_range
from silkgraph.store.base import rows_in

MAX_EVENTS = 60  # the newest events of the period; a briefing is read, not searched
MAX_FIGURE_SERIES = 12
MAX_POINTS = 12  # the latest points of a series
MAX_CITES = 3  # sources cited for one event or figure: the first articles that reported it
MAX_QUOTES = 8
MAX_RELATIONS = 15
MAX_HOLDERS = 12  # office holders of a state or organisation listed in its profile


class AmbiguousEntity(UsageError):
    """A name that stands for several entities equally well."""


@dataclass(slots=True)
class Citations:
    """Articles numbered in order of first use; `number(doc_id)` gives an article's number."""

    order: list[str] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)

    def number(self, doc_id: str) -> int:
        if doc_id not in self.numbers:
            self.order.append(doc_id)
            self.numbers[doc_id] = len(self.order)
        return self.numbers[doc_id]

    def many(self, doc_ids) -> list[int]:
        """The numbers of several articles, each once, in ascending order."""
        return sorted({self.number(d) for d in doc_ids if d})


@dataclass(slots=True)
class Briefing:
    """Everything a briefing shows, as plain data (JSON-ready through `to_json`)."""

    profile: dict
    date_from: str | None
    date_to: str | None
    generated: str
    events: list[dict]
    event_total: int
    figures: list[dict]
    quotes: list[dict]
    relations: list[dict]
    citations: list[dict]

    @property
    def period(self) -> str:
        """The period covered, in words."""
        if self.date_from and self.date_to:
            return f"{citation.human_date(self.date_from)} – {citation.human_date(self.date_to)}"
        if self.date_from:
            return f"since {citation.human_date(self.date_from)}"
        if self.date_to:
            return f"until {citation.human_date(self.date_to)}"
        return "all stored reporting"

    def to_json(self) -> dict:
        return {
            "profile": self.profile,
            "from": self.date_from,
            "to": self.date_to,
            "period": self.period,
            "generated": self.generated,
            "events": self.events,
            "event_total": self.event_total,
            "figures": self.figures,
            "quotes": self.quotes,
            "relations": self.relations,
            "citations": self.citations,
        }


# -- which entity -------------------------------------------------------------------


def resolve(store, kb, wanted: str) -> str:
    """The id of the entity `wanted` names: an id of the KB or the store, else a name or alias
    (any language, any case). Raises NotFound for no entity, AmbiguousEntity for several."""
    wanted = (wanted or "").strip()
    if not wanted:
        raise UsageError("name an entity: an id (kazakhstan) or a name (Kasachstan)")
    with store.read() as db:
        if (kb is not None and wanted in kb) or db.execute("SELECT 1 FROM entities WHERE id = ?", (wanted,)).fetchone():
            return wanted
        names = [*(aliases.kb_names(kb) if kb is not None else ()), *aliases.store_names(db)]
    exact = [m for m in aliases.match_names(wanted, names) if m.score >= aliases.EXACT]
    if not exact:
        raise query.NotFound(f"no entity is called {wanted!r}")
    if len(exact) > 1 and exact[0].score == exact[1].score:
        choices = ", ".join(m.entity_id for m in exact[:6])
        raise AmbiguousEntity(f"{wanted!r} names several entities ({choices}); give one id")
    return exact[0].entity_id


# -- building -----------------------------------------------------------------------


def build(
    store, kb, entity: str, date_from: str | None = None, date_to: str | None = None, today: dt.date | None = None
) -> Briefing:
    """The briefing on `entity` (an id or a name) for the period [date_from, date_to] (ISO dates
    of any precision, both optional)."""
    for bound in (date_from, date_to):
        if bound and iso_bounds(bound) is None:
            raise UsageError(f"not a date: {bound!r} (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn)")
    if date_from and date_to and iso_bounds(date_from)[0] > iso_bounds(date_to)[1]:  # type: ignore[index]
        raise UsageError(f"the period ends ({date_to}) before it starts ({date_from})")
    entity_id = resolve(store, kb, entity)
    cites = Citations()
    profile = _profile(store, kb, entity_id)
    events, total = _events(store, entity_id, date_from, date_to, cites)
    figures = _figures(store, entity_id, date_from, date_to, cites)
    quotes = _quotes(store, kb, entity_id, date_from, date_to, cites)
    relations = _relations(entity_id, events, figures)
    with store.read() as db:
        found = citation.documents(db, cites.order)
    sources = [
        {**found.get(doc_id, {"doc_id": doc_id}), "number": cites.numbers[doc_id]}
        for doc_id in cites.order
        if doc_id in found
    ]
    for source in sources:
        source["text"] = citation.cite_text(source)
    return Briefing(
        profile=profile,
        date_from=date_from,
        date_to=date_to,
        generated=(today or dt.date.today()).isoformat(),
        events=events,
        event_total=total,
        figures=figures,
        quotes=quotes,
        relations=relations,
        citations=sources,
    )


def _profile(store, kb, entity_id: str) -> dict:
    """What the KB and the store say of the entity: names, offices held (with dates), and for a
    state or organisation the people who held its offices."""
    page = query.entity(store, kb, entity_id, limit=1)
    holders = []
    if kb is not None:
        for person in kb.entities.values():
            for role in person.roles:
                if role.of == entity_id:
                    holders.append(
                        {"id": person.id, "name": person.name, "role": role.role, "start": role.start, "end": role.end}
                    )
    # Sitting office holders first, in the order the knowledge base lists its offices (head of
    # state first), then former ones, the latest to leave first.
    rank = {role: i for i, role in enumerate(kb.role_titles)} if kb is not None else {}
    holders.sort(
        key=lambda h: (
            (0, rank.get(h["role"], len(rank)), _negated(h["start"]), h["name"])
            if h["end"] is None
            else (1, 0, _negated(h["end"]), h["name"])
        )
    )
    return {
        "id": page["id"],
        "name": page["name"],
        "type": page["type"],
        "description": page["description"],
        "wikidata": page["wikidata"],
        "country": page["country"],
        "aliases": _aliases(kb, page)[:12],
        "roles": sorted(page["roles"], key=lambda r: _negated(r["start"])),
        "holders": holders[:MAX_HOLDERS],
        "counts": {
            "events": page["event_count"],
            "facts": page["fact_count"],
            "documents": page["document_count"],
            "mentions": page["mention_count"],
            "quotes": page["quote_count"],
        },
    }


def _aliases(kb, page: dict) -> list[str]:
    """The entity's other names: the knowledge base's when it knows the entity (the forms seen
    in texts include inflections, "Kasachstans", that a dossier need not list)."""
    known = kb.get(page["id"]) if kb is not None else None
    if known is None:
        return page["aliases"]
    return [a for a in dict.fromkeys(known.all_aliases()) if a != page["name"]]


def _negated(iso: str | None) -> tuple:
    """A sort key putting later dates first and unknown dates last."""
    bounds = iso_bounds(iso) if iso else None
    return (0, -bounds[0].toordinal()) if bounds else (1, 0)


def _events(store, entity_id: str, date_from, date_to, cites: Citations) -> tuple[list[dict], int]:
    """The newest MAX_EVENTS dated events of the period in date order, each with its sources' numbers."""
    # Dated events only (an undated one cannot be placed in a chronology), the newest of them.
    newest = query.timeline(
        store, entity=entity_id, date_from=date_from, date_to=date_to, limit=MAX_EVENTS, newest_first=True
    )
    total, found = newest["total"], newest["events"][::-1]
    reported_in = _documents_of(store, "event", [e["id"] for e in found])
    events = [
        {**summary, "when": citation.human_date(summary["date"]), "cites": cites.many(reported_in[summary["id"]])}
        for summary in found
    ]
    return events, total


# The documents of graph events and facts: members' tables and the column naming the report.
_MEMBERS = {
    "event": "SELECT m.graph_event, e.doc_id, d.seq FROM graph_event_members AS m JOIN events AS e ON e.id = m.event_id"
    " JOIN documents AS d ON d.id = e.doc_id WHERE m.graph_event IN ({})",
    "fact": "SELECT m.graph_fact, f.doc_id, d.seq FROM graph_fact_members AS m JOIN facts AS f ON f.id = m.fact_id"
    " JOIN documents AS d ON d.id = f.doc_id WHERE m.graph_fact IN ({})",
}


def _documents_of(store, kind: str, ids: list[str]) -> dict[str, list[str]]:
    """{graph event or fact id: the documents reporting it, first stored first, MAX_CITES at most},
    in one query (the event and fact pages' look-ups read whole texts, which a briefing needs not)."""
    with store.read() as db:
        rows = rows_in(db, _MEMBERS[kind], ids)
    found: dict[str, dict[str, int]] = {i: {} for i in ids}
    for item, doc_id, seq in rows:
        found[item][doc_id] = seq
    return {item: sorted(docs, key=docs.__getitem__)[:MAX_CITES] for item, docs in found.items()}


def _figures(store, entity_id: str, date_from, date_to, cites: Citations) -> list[dict]:
    """The entity's figure series with most sources, each with its latest points of the period
    and their sources; the series a page at a time, each page's facts summarised, until enough
    have points in the period."""
    out: list[dict] = []
    offset = 0
    while len(out) < MAX_FIGURE_SERIES:
        page = query.figure_page(
            store,
            subjects=[entity_id],
            limit=MAX_FIGURE_SERIES,
            offset=offset,
            points=MAX_POINTS,
            date_from=date_from,
            date_to=date_to,
        )
        for series in page["figures"]:
            points = series["series"]  # in period order, the latest MAX_POINTS of the period
            claimed_in = _documents_of(store, "fact", [p["fact"] for p in points])
            for point in points:
                point["cites"] = cites.many(claimed_in[point["fact"]])
                point["when"] = citation.human_date(point["period"], "no period")
            partners = [name for pid, name in zip(series["pair"], series["names"]) if pid != entity_id]
            out.append({**series, "series": points, "partners": partners})
            if len(out) == MAX_FIGURE_SERIES:
                break
        offset += MAX_FIGURE_SERIES
        if offset >= page["total"]:
            break
    return out


def _speakers(kb, entity_id: str) -> list[str]:
    """Who speaks for the entity: itself, and the people who held one of its offices."""
    found = [entity_id]
    if kb is not None:
        found += sorted(p.id for p in kb.entities.values() if any(r.of == entity_id for r in p.roles))
    return found


QUOTES_READ_ALL = 2000  # quotes of the speakers read whole; more are read newest article first


def _quotes(store, kb, entity_id: str, date_from, date_to, cites: Citations) -> list[dict]:
    """The newest quotes of the entity or of its office holders in the period, longest first
    within a day's articles (a long quote says more than a fragment), two of an article at most.
    A president may be quoted in ten thousand articles: then the articles are read newest first
    (along the index on their day) until the day that fills the list is complete."""
    speakers = _speakers(kb, entity_id)
    marks = ",".join("?" * len(speakers))
    with store.read() as db:
        quoted = db.execute(f"SELECT COUNT(*) FROM quotes WHERE speaker IN ({marks})", speakers).fetchone()[0]
        columns = 'd.published, q.doc_id, q.speaker, q.text, q.start, q."end"'
        if quoted <= QUOTES_READ_ALL:
            rows = db.execute(
                f"SELECT {columns} FROM quotes AS q JOIN documents AS d ON d.id = q.doc_id WHERE q.speaker IN ({marks})",
                speakers,
            ).fetchall()
        else:  # CROSS JOIN: the articles are the outer loop, in the order of their days
            bounds = _day_bounds(date_from, date_to)
            rows = _newest_quotes(
                db.execute(
                    f"SELECT {columns} FROM documents AS d CROSS JOIN quotes AS q WHERE q.doc_id = d.id"
                    f" AND q.speaker IN ({marks}) AND d.published >= ? AND d.published < ?"
                    " ORDER BY d.published DESC",
                    (*speakers, *bounds),
                ),
                date_from,
                date_to,
            )
            if len(rows) < MAX_QUOTES and not (date_from or date_to):  # and the undated articles
                rows += db.execute(
                    f"SELECT {columns} FROM quotes AS q JOIN documents AS d ON d.id = q.doc_id"
                    f" WHERE q.speaker IN ({marks}) AND d.published IS NULL",
                    speakers,
                ).fetchall()
        kept = [r for r in rows if in_range(r[0], date_from, date_to)]
        kept.sort(key=lambda r: (-len(r[3]), r[1], r[4]))
        kept.sort(key=lambda r: r[0] or "", reverse=True)
        out = _first_quotes(kept, cites)
        names = {
            i: {"id": i, "name": n, "type": t}
            for i, n, t in rows_in(
                db, "SELECT id, name, type FROM entities WHERE id IN ({})", sorted({q["speaker"] for q in out})
            )
        }
    for quote in out:
        quote["speaker"] = names.get(quote["speaker"], {"id": quote["speaker"], "name": quote["speaker"], "type": None})
    return out


def _day_bounds(date_from, date_to) -> tuple[str, str]:
    """Publication strings around the period, for a range look-up (in_range then decides): the
    year it starts (a publication given by its month or year alone sorts after it), and the day
    after the last (a publication with a time of day still sorts before it)."""
    start = iso_bounds(date_from) if date_from else None
    end = iso_bounds(date_to) if date_to else None
    return (f"{start[0].year:04d}" if start else ""), ((end[1] + dt.timedelta(days=1)).isoformat() if end else "\uffff")


def _newest_quotes(cursor, date_from, date_to) -> list[tuple]:
    """Rows (published, ...) of a cursor newest first, up to the end of the day on which the
    articles read have given MAX_QUOTES quotes (two of an article at most), and no further."""
    rows: list[tuple] = []
    per_doc: Counter = Counter()
    usable = 0
    for row in cursor:
        if usable >= MAX_QUOTES and row[0] != rows[-1][0]:
            break
        rows.append(row)
        if in_range(row[0], date_from, date_to) and per_doc[row[1]] < 2:
            per_doc[row[1]] += 1
            usable += 1
    return rows


def _first_quotes(kept: list[tuple], cites: Citations) -> list[dict]:
    """The first MAX_QUOTES of the ordered rows, two of an article at most; speakers as ids."""
    out: list[dict] = []
    seen_docs: Counter = Counter()
    for published, doc_id, speaker, text, start, end in kept:
        if seen_docs[doc_id] >= 2:  # at most two quotes from one article
            continue
        seen_docs[doc_id] += 1
        out.append(
            {
                "doc_id": doc_id,
                "speaker": speaker,
                "text": citation.one_line(text),
                "start": start,
                "end": end,
                "when": citation.human_date(published),
                "cites": [cites.number(doc_id)],
            }
        )
        if len(out) == MAX_QUOTES:
            break
    return out


def _relations(entity_id: str, events: list[dict], figures: list[dict]) -> list[dict]:
    """The entities the briefing shows with the entity most often: fellow participants and
    places of its events, and the other subjects of its figures, counted per kind."""
    by_events: Counter = Counter()
    by_figures: Counter = Counter()
    described: dict[str, dict] = {}
    for event in events:
        others = {p["id"]: p for p in event["participants"] if p["id"] != entity_id}
        if event.get("place") and event["place"] != entity_id:
            others.setdefault(event["place"], {"id": event["place"], "name": event["place_name"], "type": "place"})
        for other_id, other in others.items():
            by_events[other_id] += 1
            described.setdefault(other_id, other)
    for series in figures:
        for other_id, name in zip(series["pair"], series["names"]):
            if other_id != entity_id:
                by_figures[other_id] += len(series["series"])
                described.setdefault(other_id, {"id": other_id, "name": name, "type": None})
    ranked = sorted(described, key=lambda i: (-(by_events[i] + by_figures[i]), described[i]["name"] or i))
    return [{**described[i], "events": by_events[i], "figures": by_figures[i]} for i in ranked[:MAX_RELATIONS]]
