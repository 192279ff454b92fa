"""The invented articles of tests/data/graph/articles.yaml as Analysis objects, and a
store filled with them. Shared by test_graph, test_query and test_export."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from silkgraph.kb import KnowledgeBase
from silkgraph.model import Analysis, Document, Entity, Event, Fact, Mention, Quote, Span
from silkgraph.store import open_store

DATA = Path(__file__).parent / "data" / "graph"
ALL = (
    "gipfel-astana-de",
    "gipfel-astana-copy",
    "treffen-astana-de",
    "summit-astana-en",
    "handel-zweifel-de",
    "moskau-treffen-de",
    "bahn-de",
    "railway-en",
)


def graph_kb() -> KnowledgeBase:
    """The small knowledge base of tests/data/graph/kb, independent of the bundled one."""
    return KnowledgeBase.load(DATA / "kb")


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part))


def _build(raw: dict, text: str) -> Analysis:
    document = Document(
        id=raw["id"],
        text=text,
        title=raw.get("title"),
        url=raw.get("url"),
        published=raw.get("published"),
        language=raw.get("language"),
    )
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
    events = [
        Event(
            type=e["type"],
            date=e.get("date"),
            participants=list(e.get("participants", [])),
            evidence=_span(text, e["evidence"]),
            place=e.get("place"),
            label=e.get("label"),
            modality=e.get("modality", "reported"),
        )
        for e in raw.get("events", [])
    ]
    facts = [
        Fact(
            type=f["type"],
            value=float(f["value"]),
            unit=f["unit"],
            period=f.get("period"),
            subjects=list(f.get("subjects", [])),
            evidence=_span(text, f["evidence"]),
            qualifier=f.get("qualifier"),
            modality=f.get("modality", "reported"),
            label=f.get("label"),
        )
        for f in raw.get("facts", [])
    ]
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
        "graph_support": "SELECT * FROM graph_support ORDER BY node, attr, value",
        "graph_support_sources": "SELECT * FROM graph_support_sources ORDER BY node, attr, value, cluster",
        "cluster_contributions": "SELECT * FROM cluster_contributions ORDER BY cluster, year, kind, a, b",
    }
    with store.read() as db:
        return {name: db.execute(sql).fetchall() for name, sql in tables.items()}


# -- generated corpora: many small articles on few actors, for properties of the graph ---------------

GEN_ACTORS = [
    ("kazakhstan", "country"),
    ("china", "country"),
    ("russia", "country"),
    ("uzbekistan", "country"),
    ("central-asia", "region"),
    ("xi-jinping", "person"),
    ("kassym-jomart-tokayev", "person"),
    ("vladimir-putin", "person"),
    ("astana", "place"),
    ("akorda", "place"),
    ("almaty", "place"),
    ("gen-railway", "project"),
    ("shanghai-cooperation-organisation", "organization"),
]
GEN_DATES = [None, "2025", "2025-Q2", "2025-06", "2025-06-12", "2025-06-14", "2025-06-15", "2025-06-20", "2025-07-01"]
GEN_SENTENCES = [
    "Leaders met for talks.",
    "A summit was held.",
    "Ministers signed papers.",
    "Trade grew.",
    "Work on the line began.",
    "Observers were hopeful.",
    "Delegations arrived.",
    "Talks went on.",
]


def generated_corpus(seed: int, size: int = 30) -> list[Analysis]:
    """`size` articles made at random from a few actors, dates and types: near-duplicate copies,
    undated articles, dates that are the publication day, participants and subjects that the
    article's own entity list lacks, and entities whose type differs from article to article."""
    rng = random.Random(seed)
    made: list[Analysis] = []
    for i in range(size):
        if made and rng.random() < 0.25:  # a syndicated copy of an earlier article, its analysis varied
            original = rng.choice(made)
            text = original.document.text + f" Copy {i}."
        else:
            text = " ".join(rng.choice(GEN_SENTENCES) for _ in range(rng.randint(6, 14))) + f" Article {i}."
        published = rng.choice([None, "2025-06-14", "2025-06-15", "2025-06-21", "2025-06"])
        chosen = rng.sample(GEN_ACTORS, rng.randint(2, 7))
        entities = [
            Entity(
                eid,
                eid.title(),
                rng.choice(["country", "organization"]) if rng.random() < 0.1 else typ,
                None,
                [Mention(0, 1, text[0])],
            )
            for eid, typ in chosen
        ]
        names = [eid for eid, _ in chosen]
        pool = names + [rng.choice(GEN_ACTORS)[0]]  # now and then an id the article does not list
        events = [
            Event(
                type=rng.choice(["summit", "meeting", "visit", "forum", "agreement", "project"]),
                date=rng.choice(GEN_DATES + [published]),
                participants=rng.sample(pool, min(len(pool), rng.randint(1, 4))),
                evidence=Span(0, 5),
                place=rng.choice([None, "astana", "akorda", "almaty", "kazakhstan"]),
                label=rng.choice([None, f"Label {rng.randint(0, 3)}"]),
                modality=rng.choice(["reported", "reported", "planned"]),
            )
            for _ in range(rng.randint(0, 3))
        ]
        facts = [
            Fact(
                type=rng.choice(["trade_volume", "deal_value", "count"]),
                value=rng.choice([40e9, 41e9, 41.2e9, 70e9, 12.0]),
                unit=rng.choice(["USD", "count"]),
                period=rng.choice([None, "2024", "2025-Q1"]),
                subjects=rng.sample(pool, min(len(pool), 2)),
                evidence=Span(0, 5),
                qualifier=rng.choice([None, "about", "over"]),
                modality=rng.choice(["reported", "planned"]),
            )
            for _ in range(rng.randint(0, 2))
        ]
        document = Document(
            id=f"gen-{seed}-{i}",
            text=text,
            title=f"Article {i}",
            published=published,
            language=rng.choice(["de", "en", "ru"]),
        )
        made.append(Analysis(document, entities, events, facts, []))
    return made
