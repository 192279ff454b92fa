"""Claims about one fact slot become one graph fact with all its claims.

The slot is the type family, the set of subjects, the unit, the period, and
whether the figure is actual (reported, estimate) or a target (planned,
target). Subjects and period must be equal, not merely overlap: China's trade
with Kazakhstan is not its trade with Central Asia, and a first quarter's
figure is not the year's. Currencies are not converted. Trade and growth
figures are contested when no value fits every claim: each claim stands for
an interval (exact: the value; "about": +-10 %; "over": up to 25 % more;
"under": up to 20 % less), and the intervals, widened by TOLERANCE (5 %) for
rounding, must share a point. Deal, count and other figures that differ are
taken to be different deals or counts, not a contradiction: they become
separate facts in the same slot.

Facts without period or subjects only merge within one near-duplicate
cluster: across independent articles nothing says they mean the same thing.
A fact's value is chosen from the distinct (value, qualifier) claims its
reports made (silkgraph.graph.support), so that one more claim costs the same
however many came before.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from typing import Any

from silkgraph.graph import support
from silkgraph.ontology import ONTOLOGY
from silkgraph.store.corrections import Overlay

Connection = Any

FACT_FAMILY = ONTOLOGY.fact_family_of  # families, contestable ones, modalities: silkgraph/ontology.yaml
CONTESTABLE_FACTS = ONTOLOGY.contestable_facts
FACT_MODALITY = ONTOLOGY.fact_modalities
QUALIFIER_RANGE = {"about": (0.9, 1.1), "over": (1.0, 1.25), "under": (0.8, 1.0)}
QUALIFIER_PRECISION = {"exact": 0, None: 0, "about": 1, "over": 2, "under": 2}
TOLERANCE = 0.05


def fact_family(fact_type: str) -> str:
    return FACT_FAMILY.get(fact_type, "other")


def claim_interval(value: float, qualifier: str | None) -> tuple[float, float]:
    """The values a claim allows: "over 40" allows 40 to 50, "about 40" 36 to 44."""
    lo, hi = QUALIFIER_RANGE.get(qualifier or "exact", (1.0, 1.0))
    a, b = value * lo, value * hi
    return (a, b) if a <= b else (b, a)  # a negative value turns the interval round


def claims_agree(claims: list[tuple[float, str | None]]) -> bool:
    """Whether one value fits every claim (value, qualifier), allowing TOLERANCE for rounding."""
    if len(claims) < 2:
        return True
    intervals = [claim_interval(v, q) for v, q in claims]
    highest_low = max(lo for lo, _ in intervals)
    lowest_high = min(hi for _, hi in intervals)
    if highest_low <= lowest_high:
        return True
    scale = max(abs(lowest_high), abs(highest_low), 1e-12)
    return (highest_low - lowest_high) / scale <= TOLERANCE


# The widest claim interval, as a ratio of its ends ("over 40": 40 to 50), for _agreeing's window.
WIDEST_RATIO = max(hi / lo for lo, hi in QUALIFIER_RANGE.values())


def _agreeing(claims: dict[tuple[float, str | None], int]) -> dict[tuple[float, str | None], int]:
    """A claim's support: the sources of every distinct claim that fits it (claims_agree of the two).

    A slot that gathers hundreds of distinct figures (a trade volume every outlet rounds its own way)
    must not compare every pair on every claim: with positive values, claims are ordered by the low
    end of their intervals, and only those whose low end lies within the widest interval and the
    tolerance can agree, so each claim is compared with its neighbours alone; claims_agree still
    decides every pair compared."""
    keys = list(claims)
    if any(value <= 0 for value, _ in keys):  # a negative or zero figure turns the order round: compare all
        return {c: sum(n for k, n in claims.items() if claims_agree([c, k])) for c in keys}
    ordered = sorted(keys, key=lambda c: claim_interval(*c)[0])
    lows = [claim_interval(*c)[0] for c in ordered]
    margin = 1 + 1e-9  # a window a little wider than the arithmetic: claims_agree decides the edge
    result = {}
    for claim in keys:
        lo, hi = claim_interval(*claim)
        first = bisect.bisect_left(lows, lo * (1 - TOLERANCE) / WIDEST_RATIO / margin)
        last = bisect.bisect_right(lows, hi / (1 - TOLERANCE) * margin)
        result[claim] = sum(claims[k] for k in ordered[first:last] if claims_agree([claim, k]))
    return result


def fact_slot(fact_type: str, subjects: list[str], unit: str, period: str | None, modality: str, cluster: str) -> tuple:
    """What a figure is about. Without period or subjects, nothing ties two articles' figures
    together, so the slot is then private to the article's cluster."""
    subject_set = tuple(sorted(set(subjects)))
    slot = (fact_family(fact_type), subject_set, unit, period, FACT_MODALITY.get(modality, "actual"))
    if period is None or not subject_set:
        slot += (cluster,)
    return slot


def slot_id(slot: tuple) -> str:
    return "fa-" + hashlib.sha1(json.dumps(slot, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def _claim_key(value: float, qualifier: str | None) -> str:
    return json.dumps([value, qualifier])


def _distinct_claims(db: Connection, gid: str) -> list[support.Value]:
    return support.values(db, gid, ("claim",))["claim"]


def corrected_claim(row: tuple, subjects: list[str], overlay: Overlay | None) -> tuple[tuple, list[str]] | None:
    """A stored fact and its subjects as the analysts' corrections leave them; None when rejected."""
    if overlay is None or overlay.empty:
        return row, subjects
    fact_id, ord_, type_, value, unit, period, qualifier, modality = row
    changes = overlay.fact(ord_)
    if changes.rejected:
        return None
    fixed = changes.values
    if "value" in fixed:
        value, qualifier = float(fixed["value"]), None
    unit = str(fixed.get("unit") or unit)
    period = fixed["period"] or None if "period" in fixed else period
    return (fact_id, ord_, type_, value, unit, period, qualifier, modality), overlay.members(ord_, subjects, "fact")


def place_claim(
    db: Connection, doc_id: str, seq: int, cluster: str, row: tuple, overlay: Overlay | None = None
) -> None:
    """File one stored fact (a row of `facts`) under the graph fact of its slot that it agrees with,
    as corrected by the analysts (`overlay`); a rejected fact is left out."""
    subjects = [
        r[0] for r in db.execute("SELECT entity_id FROM fact_subjects WHERE fact_id = ? ORDER BY ord", (row[0],))
    ]
    # The slot, and so the fact's id, is the one of the claim as extracted: a correction changes the
    # fact's values and subjects, not which fact it is (its page and its corrections stay where they were).
    slot = fact_slot(row[2], subjects, row[4], row[5], row[7], cluster)
    corrected = corrected_claim(row, subjects, overlay)
    if corrected is None:
        return
    row, subjects = corrected
    fact_id, ord_, type_, value, unit, period, qualifier, modality = row
    base = slot_id(slot)
    # "id LIKE base-%" would read every fact; ids of one slot are base, base-2, base-3...: a key range
    existing = [
        r[0]
        for r in db.execute(
            "SELECT id FROM graph_facts WHERE id = ? OR (id > ? AND id < ?) ORDER BY first_seq, first_ord",
            (base, base + "-", base + "."),
        )
    ]
    target = None
    if slot[0] in CONTESTABLE_FACTS:
        target = existing[0] if existing else None
    else:
        for gid in existing:  # another value is another deal: join a fact only if the values agree
            claims = [tuple(json.loads(v.value)) for v in _distinct_claims(db, gid)]
            if claims_agree(claims + [(value, qualifier)]):
                target = gid
                break
    if target is None:
        target = base if not existing else f"{base}-{doc_id}-{ord_}"
        db.execute(
            "INSERT INTO graph_facts (id, family, type, unit, period, modality, value, qualifier, sources,"
            " documents, first_seq, first_ord) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)",
            (target, slot[0], type_, unit, period, slot[4], value, qualifier, seq, ord_),
        )
        db.executemany(
            "INSERT INTO graph_fact_subjects (graph_fact, ord, entity_id, period) VALUES (?, ?, ?, ?)",
            [(target, i, s, period) for i, s in enumerate(sorted(set(subjects)))],
        )
    db.execute("INSERT INTO graph_fact_members (fact_id, graph_fact) VALUES (?, ?)", (fact_id, target))
    _add_claim(db, target, doc_id, cluster, (seq, ord_), type_, value, qualifier)


def _add_claim(
    db: Connection,
    gid: str,
    doc_id: str,
    cluster: str,
    first: tuple[int, int],
    type_: str,
    value: float,
    qualifier: str | None,
) -> None:
    """Count one claim in the fact's aggregates; update its value, contest flag and counts.

    The value shown is the one most independent sources agree with (their claims fit it
    within TOLERANCE), preferring exact claims, then the first."""
    new_source = support.add(db, gid, "claim_source", cluster, cluster, first)
    new_document = support.add(db, gid, "document", doc_id, cluster, first)
    support.add(db, gid, "claim", _claim_key(value, qualifier), cluster, first)
    support.add(db, gid, "fact_type", type_, cluster, first)
    found = support.values(db, gid, ("claim", "fact_type"))
    claims = {tuple(json.loads(v.value)): v for v in found["claim"]}
    family, sources, documents, first_seq, first_ord = db.execute(
        "SELECT family, sources, documents, first_seq, first_ord FROM graph_facts WHERE id = ?", (gid,)
    ).fetchone()
    agreeing = _agreeing({claim: v.sources for claim, v in claims.items()})
    best = max(claims, key=lambda c: (agreeing[c], -QUALIFIER_PRECISION.get(c[1], 3), [-x for x in claims[c].first]))
    contested = family in CONTESTABLE_FACTS and not claims_agree(list(claims))
    # The type most claims gave; ties go to the first given.
    fact_type = max(found["fact_type"], key=lambda v: (v.reports, [-x for x in v.first])).value
    earliest = min((first_seq, first_ord), first)
    db.execute(
        "UPDATE graph_facts SET type = ?, value = ?, qualifier = ?, contested = ?, sources = ?, documents = ?,"
        " first_seq = ?, first_ord = ? WHERE id = ?",
        (
            fact_type,
            best[0],
            best[1],
            int(contested),
            sources + new_source,
            documents + new_document,
            earliest[0],
            earliest[1],
            gid,
        ),
    )
