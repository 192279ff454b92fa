"""Hand-made reports for the merge tests: analyses whose events name knowledge-base ids, and
look-ups of where their reports went in the graph. The sentences are this project's own."""

from __future__ import annotations

from silkgraph.model import Analysis, Document, Entity, Event, Mention, Span


TYPES = {
    "xi-jinping": "person",
    "kassym-jomart-tokayev": "person",
    "shavkat-mirziyoyev": "person",
    "vladimir-putin": "person",
    "donald-trump": "person",
    "sadyr-japarov": "person",
    "ursula-von-der-leyen": "person",
    "antonio-costa": "person",
    "emomali-rahmon": "person",
    "shanghai-cooperation-organisation": "organization",
    "european-union": "organization",
    "gulf-cooperation-council": "organization",
    "central-asia": "region",
}
SCO = [
    "shanghai-cooperation-organisation",
    "kazakhstan",
    "china",
    "russia",
    "uzbekistan",
    "kyrgyzstan",
    "xi-jinping",
    "vladimir-putin",
    "kassym-jomart-tokayev",
    "shavkat-mirziyoyev",
]
XI_VISIT = ["xi-jinping", "china", "kassym-jomart-tokayev", "kazakhstan"]


def report(
    doc_id: str, events: list[dict], published: str | None = "2024-07-05", language: str = "en", text: str | None = None
) -> Analysis:
    """An article whose analysis found `events` (dicts of Event fields); every id named is an entity."""
    text = text or f"A report of the week's diplomacy in the region, as {doc_id} saw it."
    found = []
    for e in events:
        found.append(
            Event(
                type=e["type"],
                date=e.get("date"),
                participants=list(e.get("participants", [])),
                evidence=Span(0, 8),
                place=e.get("place"),
                label=e.get("label"),
                modality=e.get("modality", "reported"),
            )
        )
    ids = sorted({p for e in found for p in e.participants} | {e.place for e in found if e.place})
    entities = [
        Entity(
            i,
            i.replace("-", " ").title(),
            TYPES.get(i, "place" if i in _PLACES else "country"),
            None,
            [Mention(0, 1, text[:1])],
        )
        for i in ids
    ]
    return Analysis(Document(doc_id, text, title=doc_id, published=published, language=language), entities, found)


_PLACES = {"astana", "akorda", "almaty", "samarkand", "jeddah", "washington-dc", "moscow", "dushanbe", "tianjin"}


def event_of(store, doc_id: str, ord_: int = 0) -> str:
    """The graph event that report `ord_` of document `doc_id` went to."""
    with store.read() as db:
        return db.execute(
            "SELECT m.graph_event FROM graph_event_members AS m JOIN events AS e ON e.id = m.event_id"
            " WHERE e.doc_id = ? AND e.ord = ?",
            (doc_id, ord_),
        ).fetchone()[0]


def column(store, gid: str, name: str):
    """One column of a graph event."""
    with store.read() as db:
        return db.execute(f"SELECT {name} FROM graph_events WHERE id = ?", (gid,)).fetchone()[0]


GCC = [
    "gulf-cooperation-council",
    "saudi-arabia",
    "kazakhstan",
    "uzbekistan",
    "kassym-jomart-tokayev",
    "shavkat-mirziyoyev",
]


def event_page(store, gid: str) -> str:
    """The workbench's page of one graph event of `store`."""
    from fastapi.testclient import TestClient

    from silkgraph.kb import KnowledgeBase
    from silkgraph.web.app import create_app

    with TestClient(create_app(str(store.path), kb=KnowledgeBase.load()), raise_server_exceptions=False) as client:
        return client.get(f"/events/{gid}").text
