"""What the store keeps for the workbench's pages (migration 0013) against what it summarises.

Counts of the stored rows, the figure series and each graph fact's claim kinds and speakers are
kept by triggers as documents and graph facts are written; every test here recomputes them from
the rows themselves, on both backends, after ingest and after a rebuild of the graph.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter

import pytest

from graph_corpus import generated_corpus
from silkgraph import graph, provenance, query
from silkgraph.model import Quote
from silkgraph.store import open_store

BACKENDS = ["sqlite", "postgresql"]
COUNTED = ("documents", "mentions", "events", "facts", "quotes")


@pytest.fixture(params=BACKENDS)
def target(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "pages.db")
    return request.getfixturevalue("postgres_url")


def with_quotes(analyses, seed: int):
    """The analyses, some with a quote over the sentence their figures are read from (a speaker)."""
    rng = random.Random(seed)
    out = []
    for analysis in analyses:
        if analysis.facts and rng.random() < 0.6:
            speaker = rng.choice(["kassym-jomart-tokayev", "xi-jinping", None])
            quote = Quote(speaker, analysis.document.text[:8], 0, 8)
            analysis = dataclasses.replace(analysis, quotes=[quote])
        out.append(analysis)
    return out


@pytest.fixture
def store(target):
    with open_store(target) as s:
        for analysis in with_quotes(generated_corpus(7, 60), 7):
            s.add(analysis)
        yield s


def kept(store):
    """The store's kept aggregates, as recomputed and as kept."""
    with store.read() as db:
        counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in COUNTED}
        series = db.execute(
            "SELECT pair, type, unit, COALESCE(claim_modality, modality), COUNT(*), SUM(sources) FROM graph_facts"
            " GROUP BY pair, type, unit, COALESCE(claim_modality, modality)"
        ).fetchall()
        kept_series = db.execute("SELECT pair, type, unit, modality, facts, sources FROM figure_series").fetchall()
        facts = [r[0] for r in db.execute("SELECT id FROM graph_facts")]
        pairs = {
            gid: " ".join(e for _, e in sorted((o, e) for g, o, e in subjects if g == gid))
            for subjects in [db.execute("SELECT graph_fact, ord, entity_id FROM graph_fact_subjects").fetchall()]
            for gid in facts
        }
        kept_pairs = dict(db.execute("SELECT id, pair FROM graph_facts").fetchall())
        modalities = dict(db.execute("SELECT id, claim_modality FROM graph_facts").fetchall())
        claims, speakers = claims_from_members(db), speakers_from_members(db)
        return {
            "counts": (counts, {k: v for k, v in store.stats().items() if k in COUNTED}),
            "series": (sorted(series), sorted(kept_series)),
            "pairs": (pairs, kept_pairs),
            "claims": (claims, claim_table(db)),
            "speakers": (speakers, provenance.fact_speakers(db, facts)),
            "modality": ({g: chosen(c) for g, c in claims.items()}, {g: m for g, m in modalities.items() if m}),
        }


def claims_from_members(db) -> dict[str, Counter]:
    found: dict[str, Counter] = {}
    for gid, modality in db.execute(
        "SELECT m.graph_fact, f.modality FROM graph_fact_members AS m JOIN facts AS f ON f.id = m.fact_id"
    ).fetchall():
        found.setdefault(gid, Counter())[modality] += 1
    return found


def claim_table(db) -> dict[str, Counter]:
    found: dict[str, Counter] = {}
    for gid, modality, reports in db.execute("SELECT graph_fact, modality, reports FROM graph_fact_claims").fetchall():
        found.setdefault(gid, Counter())[modality] += reports
    return found


def speakers_from_members(db) -> dict[str, list[str]]:
    counts: dict[str, Counter] = {}
    for gid, speaker in db.execute(
        "SELECT m.graph_fact, q.speaker FROM graph_fact_members AS m JOIN facts AS f ON f.id = m.fact_id"
        ' JOIN quotes AS q ON q.doc_id = f.doc_id AND q.start < f.evidence_end AND q."end" > f.evidence_start'
        " WHERE q.speaker IS NOT NULL"
    ).fetchall():
        counts.setdefault(gid, Counter())[speaker] += 1
    return {gid: sorted(c, key=lambda s: (-c[s], s)) for gid, c in counts.items()}


def chosen(modalities: Counter) -> str:
    """The claim modality the figures show (provenance.period_fields)."""
    return provenance.period_fields("2024", provenance.Claims(modalities, False), None)["claim_modality"]


def test_kept_aggregates_are_those_of_the_rows(store):
    found = kept(store)
    for name, (recomputed, stored) in found.items():
        assert recomputed == stored, name
    assert found["speakers"][0], "the corpus has figures said in quotes"
    assert len({m for m in found["modality"][1].values()}) > 1


def test_kept_aggregates_survive_a_rebuild_of_the_graph(store):
    before = kept(store)
    graph.rebuild(store)
    assert kept(store) == before
    with store.write() as db:  # lose the graph altogether, then rebuild it
        for table in graph.GRAPH_TABLES:
            db.execute(f"DELETE FROM {table}")
    graph.rebuild(store)
    assert kept(store) == before


def test_a_page_of_figure_series_is_the_same_as_all_of_them(store):
    everything = query.figure_page(store)
    assert everything["total"] == len(everything["figures"]) > 3
    for subjects in ([], ["kazakhstan"], ["china", "russia"]):
        whole = query.figure_page(store, subjects)
        pages = [query.figure_page(store, subjects, limit=2, offset=o)["figures"] for o in range(0, whole["total"], 2)]
        assert [s for page in pages for s in page] == whole["figures"]
        assert all(set(subjects) <= set(s["pair"]) for s in whole["figures"])
        sums = [sum(p["sources"] for p in s["series"]) for s in whole["figures"]]
        assert sums == sorted(sums, reverse=True)
        assert all(s["point_count"] == len(s["series"]) for s in whole["figures"])


def test_series_keep_their_latest_points_when_asked_to(store):
    whole = query.figure_page(store)["figures"]
    latest = query.figure_page(store, points=1)["figures"]
    assert [s["pair"] for s in latest] == [s["pair"] for s in whole]
    assert [s["series"] for s in latest] == [s["series"][-1:] for s in whole]
    assert any(s["point_count"] > 1 for s in latest)
    dated = query.figure_page(store, date_from="2025", date_to="2025")["figures"]
    assert dated and all(p["period"] and p["period"].startswith("2025") for s in dated for p in s["series"])


def test_newest_events_first_are_the_timeline_backwards(store):
    for entity in (None, "kazakhstan", "astana"):
        total = query.timeline(store, entity=entity, date_from="0001", limit=1)["total"]
        tail = query.timeline(store, entity=entity, date_from="0001", limit=5, offset=max(0, total - 5))
        newest = query.timeline(store, entity=entity, limit=5, newest_first=True)
        assert newest["total"] == total
        assert [e["id"] for e in newest["events"]] == [e["id"] for e in reversed(tail["events"])]
        assert all(e["date"] for e in newest["events"])


def test_entity_suggestions_are_the_entities_an_empty_search_lists_first(store):
    listed = query.search(store, "", kind="entities", limit=8)["entities"]
    assert [(e["id"], e["name"], e["type"]) for e in query.top_entities(store, limit=8)] == [
        (e["id"], e["name"], e["type"]) for e in listed
    ]
