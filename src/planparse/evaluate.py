"""Score parsed plans against hand-made gold answers (see corpora/gold/GUIDELINES.md).

Actions are paired by printed ref first (the most similar text among actions
sharing a ref, since plans restart their numbering under each priority), then
by text similarity; every field score is computed over those pairs, and an
action missed or invented counts against action F1 and owner F1 alike.
Strings are compared after folding case, quotes, dashes and spacing, so
"Anytown Women’s Aid" matches "Anytown Women's Aid" but "Anytown Womens Aid"
does not.

The yardstick is independent of what it measures: it folds text with its own
functions below, never the library's normalisers, so a change to the library's
idea of "the same name" cannot move its own score.

Rows: one per document, then OVERALL (counts pooled over documents, so long
plans weigh more) and MACRO (the mean of the per-document figures, so each
plan counts once, as the accuracy targets are stated).
"""

from __future__ import annotations

import json
import re
import statistics
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from planparse.schema import Plan

TEXT_MATCH_MIN = 80.0
PRIORITY_TITLE_MIN = 90.0


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1

    def merge(self, other: Accuracy) -> None:
        self.right += other.right
        self.total += other.total

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class DocScore:
    document: str
    actions: Counts = field(default_factory=Counts)
    owners: Counts = field(default_factory=Counts)
    priorities: Counts = field(default_factory=Counts)
    text_similarity: list[float] = field(default_factory=list)
    timescale: Accuracy = field(default_factory=Accuracy)
    priority_level: Accuracy = field(default_factory=Accuracy)
    rag: Accuracy = field(default_factory=Accuracy)
    action_priority: Accuracy = field(default_factory=Accuracy)
    outcome: Accuracy = field(default_factory=Accuracy)
    metadata: Accuracy = field(default_factory=Accuracy)
    agencies: Counts = field(default_factory=Counts)
    people: Counts = field(default_factory=Counts)

    def row(self) -> dict[str, Any]:
        sim = sum(self.text_similarity) / len(self.text_similarity) if self.text_similarity else None
        return {
            "document": self.document,
            "actions_gold": self.actions.tp + self.actions.fn,
            "actions_found": self.actions.tp + self.actions.fp,
            "action_f1": round(self.actions.f1, 3),
            "text_similarity": _r(sim),
            "owner_f1": round(self.owners.f1, 3),
            "timescale_acc": _r(self.timescale.value),
            "priority_level_acc": _r(self.priority_level.value),
            "rag_acc": _r(self.rag.value),
            "action_priority_acc": _r(self.action_priority.value),
            "outcome_acc": _r(self.outcome.value),
            "priority_f1": round(self.priorities.f1, 3),
            "metadata_acc": _r(self.metadata.value),
            "agency_f1": round(self.agencies.f1, 3) if self.agencies.tp + self.agencies.fn else None,
            "person_f1": round(self.people.f1, 3) if self.people.tp + self.people.fn else None,
        }


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def fold(text: str) -> str:
    """The evaluator's comparison form: accents, quotes, dashes, case and spacing folded."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().lower()


def _key(text: str | None) -> str:
    return re.sub(r"^the\s+", "", fold(text or "")).strip(" .;,")


def name_key(name: str) -> str:
    """A name's comparison form: folded, no leading 'the', no trailing '(ACR)', punctuation squeezed."""
    name = re.sub(r"\s*\([A-Z][A-Za-z&]{1,9}\)\s*$", "", name)
    key = re.sub(r"^the\s+", "", fold(name))
    key = re.sub(r"[^\w&' ]+", " ", key)
    return re.sub(r"\s+", " ", key).strip()


def score_document(plan: Plan, gold: dict[str, Any]) -> DocScore:
    score = DocScore(document=Path(gold.get("source") or plan.source.path).stem)
    pairs, unmatched_pred, unmatched_gold = _pair_actions(plan, gold["actions"])
    score.actions = Counts(tp=len(pairs), fp=len(unmatched_pred), fn=len(unmatched_gold))
    for pred, g in pairs:
        score.text_similarity.append(fuzz.ratio(fold(pred.text), fold(g["text"])) / 100)
        p_owners = {_key(o.name) for o in pred.owners}
        g_owners = {_key(o) for o in g.get("owners") or []}
        score.owners.add(Counts(tp=len(p_owners & g_owners), fp=len(p_owners - g_owners), fn=len(g_owners - p_owners)))
        if g.get("timescale"):
            score.timescale.add(pred.timescale is not None and _key(pred.timescale.raw) == _key(g["timescale"]))
        if g.get("priority_level"):
            score.priority_level.add(_key(pred.priority_level) == _key(g["priority_level"]))
        if g.get("status"):
            score.rag.add(pred.status.rag == g["status"])
        if g.get("outcome"):
            score.outcome.add(fuzz.ratio(fold(pred.outcome or ""), fold(g["outcome"])) >= 95)
        score.action_priority.add(str(pred.priority_key) == str(g.get("priority")))
    for pred in unmatched_pred:
        score.owners.fp += len(pred.owners)
    for g in unmatched_gold:
        score.owners.fn += len(g.get("owners") or [])
    score.priorities = _score_priorities(plan, gold.get("priorities") or [])
    score.agencies = _score_names([e.text for e in plan.entities if e.label == "AGENCY"], gold.get("agencies") or [])
    score.people = _score_names([e.text for e in plan.entities if e.label == "PERSON"], gold.get("people") or [])
    _score_metadata(score.metadata, plan, gold)
    return score


def _pair_actions(plan: Plan, gold_actions: list[dict[str, Any]]) -> tuple[list[tuple[Any, dict[str, Any]]], list[Any], list[dict[str, Any]]]:
    pred = list(plan.actions)
    used: set[int] = set()
    pairs: list[tuple[Any, dict[str, Any]]] = []
    rest: list[dict[str, Any]] = []
    for g in gold_actions:
        ref = (g.get("ref") or "").rstrip(".").lower()
        same_ref = [i for i, a in enumerate(pred) if i not in used and ref and (a.ref or "").rstrip(".").lower() == ref]
        if not same_ref:
            rest.append(g)
            continue
        # max() keeps the first of equals, so plain numbered plans pair in document order
        hit = max(same_ref, key=lambda i: fuzz.ratio(fold(pred[i].text), fold(g["text"])))
        used.add(hit)
        pairs.append((pred[hit], g))
    unmatched_gold: list[dict[str, Any]] = []
    for g in rest:
        best, best_score = None, TEXT_MATCH_MIN
        for i, a in enumerate(pred):
            if i in used:
                continue
            s = fuzz.ratio(fold(a.text), fold(g["text"]))
            if s >= best_score:
                best, best_score = i, s
        if best is None:
            unmatched_gold.append(g)
        else:
            used.add(best)
            pairs.append((pred[best], g))
    return pairs, [a for i, a in enumerate(pred) if i not in used], unmatched_gold


def _score_names(predicted: list[str], gold: list[str]) -> Counts:
    """Distinct names, matched one to one: same key, same acronym, or a close fuzzy match."""
    def forms(name: str) -> set[str]:
        """'MARAC (Multi Agency Risk Assessment Conference)' is also 'MARAC'; 'Optalis (Adult Social Care)' 'Optalis'."""
        out = {name_key(name), name_key(re.sub(r"\s*\([^()]*\)", "", name))}
        m = re.search(r"\(([A-Za-z&]{2,10})\)\s*$", name)
        if m:
            out.add(name_key(m.group(1)))
        return {f for f in out if f}

    used: set[int] = set()
    matched: set[int] = set()
    tests = [  # exact names first, so "CCG" does not take the gold "Frimley Clinical Commissioning Group (CCG)"
        lambda p, g: name_key(p) == name_key(g),
        lambda p, g: bool(forms(p) & forms(g)),
        lambda p, g: fuzz.ratio(name_key(p), name_key(g)) >= 90,
    ]
    for test in tests:
        for j, g in enumerate(gold):
            if j in matched:
                continue
            hit = next((i for i, p in enumerate(predicted) if i not in used and test(p, g)), None)
            if hit is not None:
                used.add(hit)
                matched.add(j)
    tp = len(matched)
    return Counts(tp=tp, fp=len(predicted) - tp, fn=len(gold) - tp)


def _score_priorities(plan: Plan, gold: list[dict[str, Any]]) -> Counts:
    used: set[int] = set()
    tp = 0
    for g in gold:
        for i, p in enumerate(plan.priorities):
            if i in used or str(p.key) != str(g["key"]):
                continue
            if fuzz.ratio(fold(p.title), fold(g["title"])) >= PRIORITY_TITLE_MIN:
                used.add(i)
                tp += 1
                break
    return Counts(tp=tp, fp=len(plan.priorities) - tp, fn=len(gold) - tp)


def _score_metadata(acc: Accuracy, plan: Plan, gold: dict[str, Any]) -> None:
    if gold.get("doc_type"):
        acc.add(plan.doc_type == gold["doc_type"])
    if gold.get("period"):
        acc.add(plan.period is not None and plan.period.start_year == gold["period"]["start_year"]
                and plan.period.end_year == gold["period"]["end_year"])
    if gold.get("organisation"):
        acc.add(_key(plan.organisation.name) == _key(gold["organisation"]))


def _macro(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The mean of each figure over the documents that have it; counts are summed."""
    out: dict[str, Any] = {"document": "MACRO"}
    for name in rows[0]:
        if name == "document":
            continue
        values = [r[name] for r in rows if r[name] is not None]
        if name in ("actions_gold", "actions_found"):
            out[name] = sum(values)
        else:
            out[name] = round(statistics.fmean(values), 3) if values else None
    return out


@dataclass
class Report:
    documents: list[DocScore]
    missing: list[str]

    def rows(self) -> list[dict[str, Any]]:
        rows = [d.row() for d in self.documents]
        if self.documents:
            total = DocScore(document="OVERALL")
            for d in self.documents:
                total.actions.add(d.actions)
                total.owners.add(d.owners)
                total.priorities.add(d.priorities)
                total.agencies.add(d.agencies)
                total.people.add(d.people)
                total.text_similarity.extend(d.text_similarity)
                for name in ("timescale", "priority_level", "rag", "action_priority", "outcome", "metadata"):
                    getattr(total, name).merge(getattr(d, name))
            rows.append(total.row())
            rows.append(_macro([d.row() for d in self.documents]))
        return rows

    def to_json(self) -> str:
        return json.dumps({"documents": self.rows(), "missing": self.missing,
                           "counts": [asdict(d.actions) | {"document": d.document} for d in self.documents]},
                          indent=2)


def evaluate_dir(outdir: Path, golddir: Path) -> Report:
    """Pair <stem>.json in outdir with <stem>.gold.json in golddir and score each pair."""
    docs: list[DocScore] = []
    missing: list[str] = []
    for gold_path in sorted(golddir.glob("*.gold.json")):
        stem = gold_path.name[: -len(".gold.json")]
        plan_path = outdir / f"{stem}.json"
        if not plan_path.exists():
            missing.append(stem)
            continue
        plan = Plan.model_validate_json(plan_path.read_text("utf-8"))
        docs.append(score_document(plan, json.loads(gold_path.read_text("utf-8"))))
    return Report(documents=docs, missing=missing)
