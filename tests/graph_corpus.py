"""The invented articles of tests/data/graph/articles.yaml as Analysis objects, and a
store filled with them. Shared by test_graph, test_query and test_export."""

from __future__ import annotations

from pathlib import Path

import yaml

from silkgraph.kb import KnowledgeBase
from silkgraph.model import Analysis, Document, Entity, Event, Fact, Mention, Quote, Span
from silkgraph.store import open_store

DATA = Path(__file__).parent / "data" / "graph"
ALL = ("gipfel-astana-de", "gipfel-astana-copy", "treffen-astana-de", "summit-astana-en", "handel-zweifel-de",
       "moskau-treffen-de", "bahn-de", "railway-en")


def graph_kb() -> KnowledgeBase:
    """The small knowledge base of tests/data/graph/kb, independent of the bundled one."""
    return KnowledgeBase.load(DATA / "kb")


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part))


def _build(raw: dict, text: str) -> Analysis:
    document = Document(id=raw["id"], text=text, title=raw.get("title"), url=raw.get("url"),
                        published=raw.get("published"), language=raw.get("language"))
    entities = []
    for entity_id, name, type_, wikidata, parts in raw.get("entities", []):
        mentions = []
        for part in parts:  # "Tokajew#1": the second occurrence only; "Tokajew": every one
            part, _, nth = part.partition("#")
            starts, start = [], text.find(part)
            while start >= 0:
                starts.append(start)
                start = text.find(part, start + len(part))
            for start in [starts[int(nth)]] if nth else starts:
                mentions.append(Mention(start, start + len(part), part))
        mentions.sort(key=lambda m: m.start)
        entities.append(Entity(entity_id, name, type_, wikidata, mentions))
    events = [Event(type=e["type"], date=e.get("date"), participants=list(e.get("participants", [])),
                    evidence=_span(text, e["evidence"]), place=e.get("place"), label=e.get("label"),
                    modality=e.get("modality", "reported")) for e in raw.get("events", [])]
    facts = [Fact(type=f["type"], value=float(f["value"]), unit=f["unit"], period=f.get("period"),
                  subjects=list(f.get("subjects", [])), evidence=_span(text, f["evidence"]),
                  qualifier=f.get("qualifier"), modality=f.get("modality", "reported"), label=f.get("label"))
             for f in raw.get("facts", [])]
    quotes = []
    for q in raw.get("quotes") or []:
        span = _span(text, q["text"])
        quotes.append(Quote(q["speaker"], q["text"], span.start, span.end))
    return Analysis(document, entities, events, facts, quotes)


def articles() -> dict[str, Analysis]:
    """Every article by id, in file order."""
    raws = yaml.safe_load((DATA / "articles.yaml").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in raws}
    out = {}
    for raw in raws:
        if "copy_of" in raw:
            original = by_id[raw["copy_of"]]
            text = original["text"]
            for old, new in raw.get("replace", []):
                text = text.replace(old, new)
            text += raw.get("append", "")
            merged = {**original, **{k: v for k, v in raw.items() if k not in ("copy_of", "replace", "append")}}
            out[raw["id"]] = _build(merged, text)
        else:
            out[raw["id"]] = _build(raw, raw["text"])
    return out


def filled_store(path, ids=ALL):
    """A store at `path` holding the named articles, added in the order given."""
    found = articles()
    store = open_store(path)
    for doc_id in ids:
        store.add(found[doc_id])
    return store


def graph_dump(store) -> dict:
    """Everything the graph holds, in a comparable form."""
    tables = {
        "doc_clusters": "SELECT * FROM doc_clusters ORDER BY doc_id",
        "graph_events": "SELECT * FROM graph_events ORDER BY id",
        "graph_event_members": "SELECT * FROM graph_event_members ORDER BY event_id",
        "graph_event_participants": "SELECT * FROM graph_event_participants ORDER BY graph_event, entity_id",
        "graph_facts": "SELECT * FROM graph_facts ORDER BY id",
        "graph_fact_members": "SELECT * FROM graph_fact_members ORDER BY fact_id",
        "graph_fact_subjects": "SELECT * FROM graph_fact_subjects ORDER BY graph_fact, ord",
        "doc_lsh": "SELECT * FROM doc_lsh ORDER BY band, bucket, doc_id",
        "entity_pairs": "SELECT * FROM entity_pairs ORDER BY year, kind, actors, a, b",
        "entity_sources": "SELECT * FROM entity_sources ORDER BY year, entity_id",
    }
    with store.read() as db:
        return {name: db.execute(sql).fetchall() for name, sql in tables.items()}
