"""The store and its graph in formats other tools read.

* ``csv``: a folder (or, when `out` ends in ``.zip``, a zip file) of
  entities.csv, documents.csv, events.csv, event_sources.csv, facts.csv,
  claims.csv, quotes.csv and edges.csv; lists are joined with "; ", the
  alternatives of a contested event are JSON.
* ``jsonl``: one JSON object per line, each with a ``kind``: entity,
  document, event, event_source, fact, claim, quote, edge.
* ``graphml`` and ``gexf``: the entity network (networkx); node attributes
  name, type, wikidata, country, aliases, coordinates and counts; edge
  attributes the independent sources behind the relation, per kind, and the
  events, facts and documents it rests on. Lists are joined with "; ".
* ``ftm``: FollowTheMoney entities as JSON lines (states as PublicBody,
  people as Person, organisations and formats as Organization, regions as
  LegalEntity, places as Address, projects as Project, articles as Article,
  events as Event, figures as Note), with the evidence of every mention,
  report, claim and quote as Documentation linking the Article.

Evidence (document id, offsets and the text of the span) is kept in every
format but graphml and gexf, which carry counts and ids.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sys
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path

from silkgraph import aliases
from silkgraph.errors import UsageError
from silkgraph.network import pair_sources
from silkgraph.store.corrections import corrected_quotes
from silkgraph.tables import defuse

FORMATS = ("csv", "jsonl", "graphml", "gexf", "ftm")
LIST_SEPARATOR = "; "
_FTM_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")
_FTM_SCHEMA = {
    "country": "PublicBody",
    "person": "Person",
    "organization": "Organization",
    "format": "Organization",
    "region": "LegalEntity",
    "place": "Address",
    "project": "Project",
}
_FTM_PARTY = {"PublicBody", "Person", "Organization", "LegalEntity"}  # what an Event may involve
# Characters XML 1.0 cannot hold at all, not even escaped: most C0 controls, surrogates, U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@contextmanager
def atomic_path(target: Path):
    """A temporary path beside `target` that becomes `target` (os.replace) when the block ends
    without error, and is removed otherwise: a reader never sees a half-written export, and a
    failed one leaves the previous file as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's owner-only
    try:
        yield Path(temp)
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def export(store, kb, fmt: str, out) -> dict[str, int]:
    """Write everything in `fmt` to `out` (a path; "-" or a text stream for jsonl and ftm).
    Returns how many records of each kind were written."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    data = collect(store, kb)
    writer = {
        "csv": _write_csv,
        "jsonl": _write_jsonl,
        "graphml": _write_graph,
        "gexf": _write_graph,
        "ftm": _write_ftm,
    }[fmt]
    return writer(data, out, fmt)


# -- reading everything once --------------------------------------------------


def _rows(db, sql: str, params: tuple = ()) -> list[dict]:
    """Query rows as dicts keyed by the column names (aliases) of `sql`."""
    cursor = db.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def _corrected_quotes(quotes: list[dict], changed: dict) -> list[dict]:
    """The quotes as analysts' corrections leave them: rejected ones out, speakers corrected."""
    kept = []
    for q in quotes:
        changes = changed.get((q["doc_id"], q.pop("ord")))
        if changes is not None and changes.rejected:
            continue
        if changes is not None and "speaker" in changes.values:
            q["speaker"] = changes.values["speaker"]
        kept.append(q)
    return kept


def _grouped(db, sql: str) -> dict[str, list]:
    """{first column: [second column, ...]} in query order."""
    out: dict[str, list] = {}
    for key, value in db.execute(sql):
        out.setdefault(key, []).append(value)
    return out


def _entity_row(kb, row: dict, seen: list[str], counts: tuple[int, int]) -> dict:
    """A stored entity with what the KB adds: names, country, coordinates, roles."""
    known = kb.get(row["id"]) if kb is not None else None
    name = known.name if known else row["name"]
    return {
        "id": row["id"],
        "name": name,
        "type": known.type if known else row["type"],
        "wikidata": (known.wikidata if known else None) or row["wikidata"],
        "country": kb.country_of(row["id"]) if kb is not None else None,
        "aliases": [a for a in aliases.display_names(known, seen) if a != name],
        "coordinates": list(known.coordinates) if known and known.coordinates else None,
        "description": known.description if known else None,
        "roles": [{"role": r.role, "of": r.of, "start": r.start, "end": r.end} for r in known.roles] if known else [],
        "iso2": known.properties.get("iso2") if known else None,
        "mentions": counts[0],
        "documents": counts[1],
    }


def collect(store, kb) -> dict:
    """All entities, documents, events, facts, quotes and relations as plain rows."""
    with store.read() as db:
        texts = dict(db.execute("SELECT id, text FROM documents"))
        documents = _rows(
            db,
            "SELECT d.id, d.title, d.published, d.language, d.url, d.source, c.cluster,"
            " c.duplicate_of, c.similarity FROM documents AS d"
            " LEFT JOIN doc_clusters AS c ON c.doc_id = d.id ORDER BY d.seq",
        )
        counts = {
            i: (m, d)
            for i, m, d in db.execute(
                "SELECT entity_id, COUNT(*), COUNT(DISTINCT doc_id) FROM mentions GROUP BY entity_id"
            )
        }
        seen = _grouped(db, "SELECT entity_id, alias FROM entity_aliases ORDER BY entity_id, alias")
        entities = [
            _entity_row(kb, row, seen.get(row["id"], []), counts.get(row["id"], (0, 0)))
            for row in _rows(db, "SELECT id, name, type, wikidata FROM entities ORDER BY id")
        ]
        events = _rows(
            db,
            "SELECT id, family, type, date, place, label, modality, contested, alternatives, sources,"
            " documents FROM graph_events ORDER BY first_seq, first_ord",
        )
        participants = _grouped(
            db,
            "SELECT graph_event, entity_id FROM graph_event_participants ORDER BY graph_event, sources DESC, entity_id",
        )
        event_sources = _rows(
            db,
            "SELECT m.graph_event AS event_id, e.doc_id, e.type, e.date, e.place, e.modality,"
            ' e.label, e.evidence_start AS start, e.evidence_end AS "end"'
            " FROM graph_event_members AS m JOIN events AS e ON e.id = m.event_id"
            " JOIN documents AS d ON d.id = e.doc_id ORDER BY m.graph_event, d.seq, e.ord",
        )
        facts = _rows(
            db,
            "SELECT id, family, type, unit, period, modality, value, qualifier, contested, sources,"
            " documents FROM graph_facts ORDER BY first_seq, first_ord",
        )
        subjects = _grouped(db, "SELECT graph_fact, entity_id FROM graph_fact_subjects ORDER BY graph_fact, ord")
        claims = _rows(
            db,
            "SELECT m.graph_fact AS fact_id, f.doc_id, f.value, f.qualifier, f.modality, f.type,"
            ' f.label, f.evidence_start AS start, f.evidence_end AS "end"'
            " FROM graph_fact_members AS m JOIN facts AS f ON f.id = m.fact_id"
            " JOIN documents AS d ON d.id = f.doc_id ORDER BY m.graph_fact, d.seq, f.ord",
        )
        quotes = _rows(
            db,
            'SELECT q.doc_id, q.ord, q.speaker, q.text, q.start, q."end" FROM quotes AS q'
            " JOIN documents AS d ON d.id = q.doc_id ORDER BY d.seq, q.ord",
        )
        quotes = _corrected_quotes(quotes, corrected_quotes(db))
        mentions = db.execute(
            'SELECT doc_id, entity_id, start, "end", text FROM mentions ORDER BY doc_id, start'
        ).fetchall()
        relations = pair_sources(db)
    for e in events:
        e.update(
            participants=participants.get(e["id"], []),
            contested=bool(e["contested"]),
            alternatives=json.loads(e["alternatives"] or "[]"),
        )
    for f in facts:
        f.update(subjects=subjects.get(f["id"], []), contested=bool(f["contested"]))
    for row in (*event_sources, *claims):
        row["text"] = texts.get(row["doc_id"], "")[row["start"] : row["end"]]
    for d in documents:
        d["text"] = texts[d["id"]]
    edges = [
        {
            "source": a,
            "target": b,
            "weight": rel.weight(),
            "event_sources": len(rel.clusters.get("event", ())),
            "fact_sources": len(rel.clusters.get("fact", ())),
            "cooccurrence_sources": len(rel.clusters.get("cooccurrence", ())),
            "events": sorted(rel.events),
            "facts": sorted(rel.facts),
            "documents": sorted(rel.documents),
        }
        for (a, b), rel in sorted(relations.items())
    ]
    return {
        "entities": entities,
        "documents": documents,
        "events": events,
        "event_sources": event_sources,
        "facts": facts,
        "claims": claims,
        "quotes": quotes,
        "edges": edges,
        "mentions": mentions,
    }


def _number(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


# -- csv ----------------------------------------------------------------------

_CSV = {
    "entities.csv": (
        "entities",
        [
            "id",
            "name",
            "type",
            "wikidata",
            "country",
            "aliases",
            "latitude",
            "longitude",
            "description",
            "mentions",
            "documents",
        ],
    ),
    "documents.csv": (
        "documents",
        ["id", "title", "published", "language", "url", "source", "cluster", "duplicate_of", "similarity", "text"],
    ),
    "events.csv": (
        "events",
        [
            "id",
            "type",
            "family",
            "date",
            "place",
            "participants",
            "label",
            "modality",
            "contested",
            "alternatives",
            "sources",
            "documents",
        ],
    ),
    "event_sources.csv": (
        "event_sources",
        ["event_id", "doc_id", "type", "date", "place", "modality", "label", "start", "end", "text"],
    ),
    "facts.csv": (
        "facts",
        [
            "id",
            "type",
            "family",
            "subjects",
            "value",
            "unit",
            "period",
            "qualifier",
            "modality",
            "contested",
            "sources",
            "documents",
        ],
    ),
    "claims.csv": (
        "claims",
        ["fact_id", "doc_id", "value", "qualifier", "modality", "type", "label", "start", "end", "text"],
    ),
    "quotes.csv": ("quotes", ["doc_id", "speaker", "text", "start", "end"]),
    "edges.csv": (
        "edges",
        [
            "source",
            "target",
            "weight",
            "event_sources",
            "fact_sources",
            "cooccurrence_sources",
            "events",
            "facts",
            "documents",
        ],
    ),
}


def _csv_cell(key: str, row: dict):
    if key in ("latitude", "longitude"):
        coords = row.get("coordinates")
        return coords[0 if key == "latitude" else 1] if coords else ""
    value = row.get(key)
    if key == "alternatives":
        return json.dumps(value, ensure_ascii=False) if value else ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return _number(value)


def _write_csv(data: dict, out, fmt: str) -> dict[str, int]:
    files = {}
    for name, (key, columns) in _CSV.items():
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for row in data[key]:
            writer.writerow([defuse(_csv_cell(c, row)) for c in columns])  # no formula from an article
        files[name] = buffer.getvalue()
    target = Path(out)
    if target.suffix.lower() == ".zip":
        with atomic_path(target) as temp, zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, content in files.items():
                archive.writestr(name, content.encode("utf-8"))
    else:
        target.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            with atomic_path(target / name) as temp:
                temp.write_text(content, encoding="utf-8", newline="")
    return {key: len(data[key]) for key, _ in _CSV.values()}


# -- jsonl --------------------------------------------------------------------


def _write_lines(records, out) -> None:
    """JSON lines to a text stream, "-" (standard output) or a file (written atomically)."""
    if hasattr(out, "write") or str(out) == "-":
        stream = out if hasattr(out, "write") else sys.stdout
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    with atomic_path(Path(out)) as temp, temp.open("w", encoding="utf-8", newline="\n") as stream:
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def _write_jsonl(data: dict, out, fmt: str) -> dict[str, int]:
    kinds = (
        ("entity", "entities"),
        ("document", "documents"),
        ("event", "events"),
        ("event_source", "event_sources"),
        ("fact", "facts"),
        ("claim", "claims"),
        ("quote", "quotes"),
        ("edge", "edges"),
    )

    def records():
        for kind, key in kinds:
            for row in data[key]:
                row = {k: _number(v) for k, v in row.items()}
                if "start" in row and kind in ("event_source", "claim"):
                    row["evidence"] = {"start": row.pop("start"), "end": row.pop("end"), "text": row.pop("text")}
                yield {"kind": kind, **row}

    _write_lines(records(), out)
    return {key: len(data[key]) for _, key in kinds}


# -- graphml and gexf -----------------------------------------------------------


def xml_text(value):
    """`value` with the characters XML cannot hold made U+FFFD, when it is a string."""
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def to_networkx(data: dict):
    """The entity network as an undirected networkx graph with string and number attributes only.

    Every string (ids included) is fit for XML: ids come from articles, and one
    control character would make the GraphML or GEXF file unreadable.
    """
    import networkx as nx

    graph = nx.Graph()
    for e in data["entities"]:
        attrs = {
            "label": e["name"],
            "name": e["name"],
            "type": e["type"],
            "wikidata": e["wikidata"],
            "country": e["country"],
            "aliases": LIST_SEPARATOR.join(e["aliases"]),
            "mentions": e["mentions"],
            "documents": e["documents"],
        }
        if e["coordinates"]:
            attrs["latitude"], attrs["longitude"] = e["coordinates"]
        graph.add_node(xml_text(e["id"]), **{k: xml_text(v) for k, v in attrs.items() if v is not None})
    for edge in data["edges"]:
        graph.add_edge(
            xml_text(edge["source"]),
            xml_text(edge["target"]),
            weight=edge["weight"],
            event_sources=edge["event_sources"],
            fact_sources=edge["fact_sources"],
            cooccurrence_sources=edge["cooccurrence_sources"],
            events=xml_text(LIST_SEPARATOR.join(edge["events"])),
            facts=xml_text(LIST_SEPARATOR.join(edge["facts"])),
            documents=xml_text(LIST_SEPARATOR.join(edge["documents"])),
            evidence_count=len(edge["events"]) + len(edge["facts"]) + len(edge["documents"]),
        )
    return graph


def _write_graph(data: dict, out, fmt: str) -> dict[str, int]:
    import networkx as nx

    graph = to_networkx(data)
    write = nx.write_graphml if fmt == "graphml" else nx.write_gexf
    if isinstance(out, (str, Path)):
        with atomic_path(Path(out)) as temp:
            write(graph, temp, encoding="utf-8")
    else:
        write(graph, out, encoding="utf-8")
    return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}


# -- FollowTheMoney ------------------------------------------------------------


def ftm_id(kind: str, raw: str) -> str:
    """An id FollowTheMoney accepts (letters, digits, dots and hyphens): readable when it can be."""
    candidate = f"sg-{kind}-{raw}"
    if _FTM_ID.match(candidate) and len(candidate) <= 128:
        return candidate
    return f"sg-{kind}-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:24]


def ftm_entities(data: dict):
    """FollowTheMoney entity proxies for everything in `data`, evidence included."""
    from followthemoney import model

    def make(schema: str, id_: str, **props):
        proxy = model.make_entity(schema)
        proxy.id = id_
        for prop, values in props.items():
            for value in values if isinstance(values, list) else [values]:
                if value not in (None, ""):
                    proxy.add(prop, value if isinstance(value, str) else str(value))
        return proxy

    iso2 = {e["id"]: e["iso2"] for e in data["entities"] if e["iso2"]}
    schema_of, names = {}, {e["id"]: e["name"] for e in data["entities"]}
    for e in data["entities"]:
        schema = _FTM_SCHEMA.get(e["type"])
        if schema is None:
            continue  # currencies, policies and the like are no parties or places
        schema_of[e["id"]] = schema
        props = {"name": e["name"], "alias": e["aliases"], "description": e["description"]}
        if schema != "Address":
            props["wikidataId"] = e["wikidata"]
        country = iso2.get(e["id"]) or iso2.get(e["country"] or "")
        if country:
            props["country"] = country.lower()
        if schema == "Address":
            props["full"] = e["name"]
            if e["coordinates"]:
                props["latitude"], props["longitude"] = e["coordinates"]
        if schema == "Person":
            props["position"] = [f"{r['role']} of {names.get(r['of'], r['of'])}" for r in e["roles"]]
        yield make(schema, ftm_id("entity", e["id"]), **props)
    for d in data["documents"]:
        yield make(
            "Article",
            ftm_id("doc", d["id"]),
            title=d["title"],
            name=d["title"] or d["id"],
            bodyText=d["text"],
            publishedAt=d["published"],
            sourceUrl=d["url"],
            language=d["language"],
            fileName=d["id"],
            notes=f"duplicate of {d['duplicate_of']}" if d["duplicate_of"] else None,
        )
    published = {d["id"]: d["published"] for d in data["documents"]}

    def evidence(kind: str, key: str, entity: str, doc_id: str, role: str, summary: str):
        return make(
            "Documentation",
            ftm_id(kind, key),
            document=ftm_id("doc", doc_id),
            entity=entity,
            role=role,
            summary=summary,
            date=published.get(doc_id),
        )

    by_doc_entity: dict[tuple[str, str], list[str]] = {}
    for doc_id, entity_id, start, end, text in data["mentions"]:
        by_doc_entity.setdefault((doc_id, entity_id), []).append(f"{text} [{start}:{end}]")
    for (doc_id, entity_id), spans in by_doc_entity.items():
        if entity_id in schema_of:
            yield evidence(
                "mention",
                f"{doc_id}|{entity_id}",
                ftm_id("entity", entity_id),
                doc_id,
                "mentioned",
                LIST_SEPARATOR.join(spans),
            )
    sources: dict[str, list[dict]] = {}
    for s in data["event_sources"]:
        sources.setdefault(s["event_id"], []).append(s)
    for ev in data["events"]:
        event_id = ftm_id("event", ev["id"])
        parties = [ftm_id("entity", p) for p in ev["participants"] if schema_of.get(p) in _FTM_PARTY]
        notes = [f"{a['date']}: {', '.join(a['documents'])}" for a in ev["alternatives"]]
        yield make(
            "Event",
            event_id,
            name=ev["label"] or f"{ev['type']} {ev['date'] or ''}".strip(),
            date=ev["date"],
            involved=parties,
            keywords=[ev["type"], ev["modality"]],
            addressEntity=ftm_id("entity", ev["place"]) if schema_of.get(ev["place"]) == "Address" else None,
            summary=f"{ev['type']}, {ev['sources']} independent sources"
            + (", contested dates" if ev["contested"] else ""),
            notes=notes,
            proof=[ftm_id("doc", s["doc_id"]) for s in sources.get(ev["id"], [])],
        )
        for p in ev["participants"]:
            if schema_of.get(p) == "Project":
                for party in parties:
                    yield make(
                        "ProjectParticipant",
                        ftm_id("participant", f"{p}|{party}|{ev['id']}"),
                        project=ftm_id("entity", p),
                        participant=party,
                        date=ev["date"],
                    )
        for i, s in enumerate(sources.get(ev["id"], [])):
            yield evidence(
                "report",
                f"{ev['id']}|{i}",
                event_id,
                s["doc_id"],
                "event report",
                f"{s['text']} [{s['start']}:{s['end']}]",
            )
    claims: dict[str, list[dict]] = {}
    for c in data["claims"]:
        claims.setdefault(c["fact_id"], []).append(c)
    for f in data["facts"]:
        fact_id = ftm_id("fact", f["id"])
        subject_names = "–".join(names.get(s, s) for s in f["subjects"])
        yield make(
            "Note",
            fact_id,
            name=f"{subject_names} {f['type']} {f['period'] or ''}".strip(),
            entity=[ftm_id("entity", s) for s in f["subjects"] if s in schema_of],
            description=f"{_number(f['value'])} {f['unit']}" + (" (contested)" if f["contested"] else ""),
            keywords=[f["type"], f["modality"]],
        )
        for i, c in enumerate(claims.get(f["id"], [])):
            yield evidence(
                "claim",
                f"{f['id']}|{i}",
                fact_id,
                c["doc_id"],
                "claim",
                f"{c['qualifier'] or 'exact'} {_number(c['value'])}: {c['text']} [{c['start']}:{c['end']}]",
            )
    for i, q in enumerate(data["quotes"]):
        if q["speaker"] in schema_of:
            yield evidence(
                "quote",
                f"{q['doc_id']}|{i}",
                ftm_id("entity", q["speaker"]),
                q["doc_id"],
                "quote",
                f"{q['text']} [{q['start']}:{q['end']}]",
            )


def _write_ftm(data: dict, out, fmt: str) -> dict[str, int]:
    counts: dict[str, int] = {}

    def records():
        for proxy in ftm_entities(data):
            counts[proxy.schema.name] = counts.get(proxy.schema.name, 0) + 1
            yield proxy.to_dict()

    _write_lines(records(), out)
    return counts
