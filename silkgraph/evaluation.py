"""Score analyses against gold annotations: precision, recall and F1 per section.

Gold files follow the annotation format (one `<document id>.json` per
article, items may be marked `optional`). An item counts as found when a
predicted item of the same document agrees with it:

* entity: a name or alias in common (case and accents ignored) or the same
  Wikidata id; only the types country, region, person, organization, place,
  project and format are scored;
* event: same family of type (meeting, summit, visit and forum are one),
  compatible dates (one a prefix of the other, or within three days), the
  gold place if it names one, and two participants in common (one when the
  gold names only one);
* fact: same family of type, value within 1 %, same unit, compatible period,
  a subject in common when the gold names subjects;
* quote: same speaker and at least half of the gold quote's words.

Each gold item is matched at most once, the closest admissible prediction
first; optional gold items are not owed and predicting them costs nothing.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from silkgraph.ontology import ONTOLOGY

# Which entities are scored, and which types are one family: silkgraph/ontology.yaml.
SCORED_ENTITY_TYPES = frozenset(ONTOLOGY.scored_entities)
EVENT_FAMILIES = ONTOLOGY.event_family_of
FACT_FAMILIES = ONTOLOGY.fact_family_of
SECTIONS = ("entities", "events", "facts", "quotes")


def _key(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "").replace("ß", "ss"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def _words(text) -> set[str]:
    return set(_key(text).split())


@dataclass
class SectionScore:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    misses: list = field(default_factory=list)
    spurious: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (0.0 if self.fn else 1.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    sections: dict[str, SectionScore]
    documents: int
    missing_predictions: list[str]
    # per document, (index in the gold events, index in the predicted events) of each matched event
    event_matches: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    @property
    def overall(self) -> float:
        return sum(s.f1 for s in self.sections.values()) / len(self.sections)

    def to_json(self) -> dict:
        return {
            "documents": self.documents,
            "overall_f1": round(self.overall, 3),
            "sections": {
                name: {
                    "precision": round(s.precision, 3),
                    "recall": round(s.recall, 3),
                    "f1": round(s.f1, 3),
                    "tp": s.tp,
                    "fn": s.fn,
                    "fp": s.fp,
                }
                for name, s in self.sections.items()
            },
        }


class _Names:
    """Which predicted entity ids stand for which gold names, within one document."""

    def __init__(self, gold: dict, predicted: dict):
        self.gold_groups: dict[str, set[str]] = {}
        for e in gold.get("entities", []):
            keys = {_key(e["name"])} | {_key(a) for a in e.get("aliases", [])}
            if e.get("wikidata"):
                keys.add(str(e["wikidata"]).upper())
            for k in keys:
                self.gold_groups.setdefault(k, set()).update(keys)
        self.predicted = {e.get("id"): e for e in predicted.get("entities", []) if isinstance(e, dict)}

    def gold(self, name) -> set[str]:
        k = _key(name)
        return self.gold_groups.get(k, {k})

    def pred(self, ref) -> set[str]:
        e = self.predicted.get(ref)
        if e is None:
            return {_key(ref)}
        keys = {_key(e.get("name"))}
        if e.get("wikidata"):
            keys.add(str(e["wikidata"]).upper())
        return keys

    def same(self, gold_name, pred_ref) -> bool:
        return bool(self.gold(gold_name) & self.pred(pred_ref))

    def share(self, gold_names, pred_refs) -> float:
        if not gold_names:
            return 0.0
        return sum(any(self.same(g, p) for p in pred_refs) for g in gold_names) / len(gold_names)


def _match(golds, preds, admissible, closeness, score: SectionScore, doc_id: str) -> list[tuple[dict, dict]]:
    """Match gold and predicted items, count them into `score`; the matched (gold, predicted) pairs."""
    required = [g for g in golds if not g.get("optional")]
    optional = [g for g in golds if g.get("optional")]
    pairs = [
        (closeness(g, p), gi, pi) for gi, g in enumerate(required) for pi, p in enumerate(preds) if admissible(g, p)
    ]
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    taken_g, taken_p, matched = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in taken_g and pi not in taken_p:
            taken_g.add(gi)
            taken_p.add(pi)
            matched.append((required[gi], preds[pi]))
    score.tp += len(taken_g)
    for gi, g in enumerate(required):
        if gi not in taken_g:
            score.fn += 1
            score.misses.append((doc_id, g))
    for pi, p in enumerate(preds):
        if pi not in taken_p and not any(admissible(o, p) for o in optional):
            score.fp += 1
            score.spurious.append((doc_id, p))
    return matched


def _score_document(
    doc_id: str, gold: dict, predicted: dict, sections: dict[str, SectionScore]
) -> list[tuple[int, int]]:
    """Score one document into `sections`; the (gold index, predicted index) of its matched events."""
    names = _Names(gold, predicted)

    golds = [g if g.get("type") in SCORED_ENTITY_TYPES else dict(g, optional=True) for g in gold.get("entities", [])]
    preds = [e for e in predicted.get("entities", []) if isinstance(e, dict) and e.get("type") in SCORED_ENTITY_TYPES]
    _match(
        golds,
        preds,
        lambda g, p: (
            names.same(g["name"], p.get("id"))
            or bool(g.get("wikidata") and str(p.get("wikidata") or "").upper() == g["wikidata"].upper())
        ),
        lambda g, p: 0.0,
        sections["entities"],
        doc_id,
    )

    def event_ok(g, p) -> bool:
        if EVENT_FAMILIES.get(g["type"], g["type"]) != EVENT_FAMILIES.get(p.get("type"), p.get("type")):
            return False
        if g.get("date") and not (p.get("date") and _dates_fit(g["date"], p["date"])):
            return False
        if g.get("place") and not (p.get("place") and names.same(g["place"], p["place"])):
            return False
        owed = g.get("participants") or []
        common = sum(any(names.same(x, y) for y in p.get("participants") or []) for x in owed)
        return common >= min(2, len(owed))

    def event_closeness(g, p) -> float:
        return (
            names.share(g.get("participants") or [], p.get("participants") or [])
            + 0.5 * (g.get("type") == p.get("type"))
            + 0.5 * (bool(g.get("date")) and g.get("date") == p.get("date"))
            + 0.5 * bool(g.get("place") and p.get("place") and names.same(g["place"], p["place"]))
        )

    gold_events = gold.get("events", [])
    pred_events = predicted.get("events", []) if isinstance(predicted.get("events"), list) else []
    event_matches = _match(
        gold_events,
        [e for e in pred_events if isinstance(e, dict)],
        event_ok,
        event_closeness,
        sections["events"],
        doc_id,
    )

    def fact_ok(g, p) -> bool:
        if FACT_FAMILIES.get(g["type"], "other") != FACT_FAMILIES.get(p.get("type"), "other"):
            return False
        try:
            value = float(p.get("value"))
        except (TypeError, ValueError):
            return False
        if abs(value - g["value"]) > 0.01 * abs(g["value"]) + 1e-9:
            return False
        unit = str(g["unit"])
        if (unit == "%" or unit.isupper()) and unit.upper() != str(p.get("unit") or "").upper():
            return False
        if g.get("period") and not (p.get("period") and _dates_fit(g["period"], p["period"])):
            return False
        owed = g.get("subjects") or []
        return not owed or any(names.same(x, y) for x in owed for y in p.get("subjects") or [])

    def fact_closeness(g, p) -> float:
        return (
            names.share(g.get("subjects") or [], p.get("subjects") or [])
            + 0.5 * (g.get("type") == p.get("type"))
            + 0.5 * (g.get("period") == p.get("period"))
        )

    _match(
        gold.get("facts", []),
        [f for f in predicted.get("facts", []) if isinstance(f, dict)],
        fact_ok,
        fact_closeness,
        sections["facts"],
        doc_id,
    )

    def quote_ok(g, p) -> bool:
        if not names.same(g["speaker"], p.get("speaker")):
            return False
        owed = _words(g["text"])
        return len(owed & _words(p.get("text"))) >= 0.5 * len(owed)

    def quote_closeness(g, p) -> float:
        a, b = _words(g["text"]), _words(p.get("text"))
        return len(a & b) / max(1, len(a | b))

    _match(
        gold.get("quotes", []),
        [q for q in predicted.get("quotes", []) if isinstance(q, dict)],
        quote_ok,
        quote_closeness,
        sections["quotes"],
        doc_id,
    )
    return [(_index(gold_events, g), _index(pred_events, p)) for g, p in event_matches]


def _index(items: list, item) -> int:
    """Position of this very object in `items` (equal dicts may repeat)."""
    return next(i for i, x in enumerate(items) if x is item)


def _dates_fit(gold: str, predicted: str) -> bool:
    """The contract's rule: one date is a prefix of the other, or both are days at most three days apart."""
    if gold.startswith(predicted) or predicted.startswith(gold):
        return True
    if len(gold) == len(predicted) == 10:
        try:
            return abs((date.fromisoformat(gold) - date.fromisoformat(predicted)).days) <= 3
        except ValueError:
            return False
    return False


def _gold_paths(gold_dirs: Path | str | list) -> list[Path]:
    """The gold files of one folder or of several."""
    folders = gold_dirs if isinstance(gold_dirs, (list, tuple)) else [gold_dirs]
    return [p for folder in folders for p in sorted(Path(folder).glob("*.json"))]


def evaluate(gold_dir: Path | list[Path], predictions: dict[str, dict]) -> Report:
    """Score `predictions` (document id -> analysis object) against every gold file of `gold_dir`
    (a folder, or a list of folders)."""
    sections = {name: SectionScore() for name in SECTIONS}
    missing = []
    paths = _gold_paths(gold_dir)
    matches = {}
    for path in paths:
        gold = json.loads(path.read_text(encoding="utf-8"))
        predicted = predictions.get(path.stem)
        if predicted is None:
            missing.append(path.stem)
        matches[path.stem] = _score_document(path.stem, gold, predicted or {}, sections)
    return Report(sections, len(paths), missing, matches)


@dataclass
class ClusterScore:
    """How well reports of one real event were merged across documents, over pairs of gold events."""

    merged_right: int = 0  # same cluster key, same graph event
    merged_wrong: int = 0  # different keys, same graph event
    left_apart: int = 0  # same key, different graph events
    owed: int = 0  # same-key pairs of required gold events across documents

    @property
    def precision(self) -> float:
        return (
            self.merged_right / (self.merged_right + self.merged_wrong)
            if self.merged_right + self.merged_wrong
            else 1.0
        )

    @property
    def recall(self) -> float:
        return self.merged_right / (self.merged_right + self.left_apart) if self.merged_right + self.left_apart else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict:
        judged = self.merged_right + self.left_apart
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "merged_right": self.merged_right,
            "merged_wrong": self.merged_wrong,
            "left_apart": self.left_apart,
            "judgeable": judged,
            "owed": self.owed,
        }

    def format(self) -> str:
        judged = self.merged_right + self.left_apart
        return (
            f"cross-article merge: pairwise P {self.precision:.2f} R {self.recall:.2f} F1 {self.f1:.2f}"
            f" ({self.merged_right} merged right, {self.merged_wrong} merged wrong, {self.left_apart} left apart;"
            f" {judged} of {self.owed} same-event pairs judgeable)"
        )


def score_clusters(
    clusters: dict[str, str], gold_dir: Path | list[Path], report: Report, graph_event_of: dict[tuple[str, int], str]
) -> ClusterScore:
    """Pairwise merge figures: `clusters` maps "<doc id>#<gold event index>" to a key (two gold events
    with one key report one happening), `report` says which predicted event each gold event was
    matched to, and `graph_event_of` which graph event a predicted event (doc id, index) went to.
    Only pairs from different documents count; only required gold events are owed."""
    judged, owed_events = [], []
    for path in _gold_paths(gold_dir):
        events = json.loads(path.read_text(encoding="utf-8")).get("events", [])
        for index, event in enumerate(events):
            key = clusters.get(f"{path.stem}#{index}")
            if key and not event.get("optional"):
                owed_events.append((path.stem, key))
        for gold_index, pred_index in report.event_matches.get(path.stem, []):
            key = clusters.get(f"{path.stem}#{gold_index}")
            gid = graph_event_of.get((path.stem, pred_index))
            if key and gid:
                judged.append((path.stem, key, gid))
    score = ClusterScore()
    score.owed = sum(
        1 for i, a in enumerate(owed_events) for b in owed_events[i + 1 :] if a[0] != b[0] and a[1] == b[1]
    )
    for i, a in enumerate(judged):
        for b in judged[i + 1 :]:
            if a[0] == b[0]:
                continue
            same, merged = a[1] == b[1], a[2] == b[2]
            score.merged_right += same and merged
            score.merged_wrong += (not same) and merged
            score.left_apart += same and not merged
    return score


def format_report(report: Report, verbose: bool = False) -> str:
    lines = []
    if verbose:
        for doc_id in report.missing_predictions:
            lines.append(f"{doc_id}: no prediction")
        for name, s in report.sections.items():
            for doc_id, item in s.misses:
                lines.append(f"{doc_id} {name} MISSED {json.dumps(item, ensure_ascii=False)[:300]}")
            for doc_id, item in s.spurious:
                item = {k: v for k, v in item.items() if k != "mentions"}
                lines.append(f"{doc_id} {name} SPURIOUS {json.dumps(item, ensure_ascii=False)[:300]}")
    lines.append(f"{'section':10} {'P':>6} {'R':>6} {'F1':>6}   tp  fn  fp")
    for name, s in report.sections.items():
        lines.append(f"{name:10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  {s.tp:3} {s.fn:3} {s.fp:3}")
    lines.append(f"overall F1 {report.overall:.3f}  ({report.documents} documents)")
    return "\n".join(lines)
