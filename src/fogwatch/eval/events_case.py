"""`events-case`: ACLED sub-event types of news snippets (CASE 2021 Task 2).

Scored over the 25 ACLED classes: a conflict snippet predicted None counts as a miss, and the
5 labels outside ACLED's typology (disasters, diplomacy, crime, attribution) should come out
as None (`non_conflict_as_none`).
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from pathlib import Path
from typing import Any

from fogwatch.errors import EvalDataError
from fogwatch.eval.result import EvalResult
from fogwatch.events.typology import CASE_CODES, NON_CONFLICT_CODES, SUB_EVENT_TYPES

NONE = "None"


def read_case(path: Path) -> list[tuple[str, str, str]]:
    """(id, snippet, gold sub-event type or a non-conflict CASE code) for each row of a CASE TSV."""
    csv.field_size_limit(1 << 24)
    rows: list[tuple[str, str, str]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        need = {"EventSnippet", "SubType"}
        if not reader.fieldnames or not need <= set(reader.fieldnames):
            raise EvalDataError(f"{path}: expected the columns id, EventSnippet, SubType")
        for i, row in enumerate(reader):
            code = (row["SubType"] or "").strip()
            if code in CASE_CODES:
                gold = CASE_CODES[code]
            elif code in NON_CONFLICT_CODES:
                gold = code
            else:
                raise EvalDataError(f"{path}, row {i + 2}: unknown label {code!r}")
            rows.append((row.get("id") or str(i + 1), row["EventSnippet"] or "", gold))
    return rows


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def score_predictions(gold: list[str], pred: list[str]) -> tuple[dict[str, float], dict[str, Any]]:
    """Metrics over ACLED classes; `gold` holds sub-event names or non-conflict codes, `pred`
    sub-event names or NONE."""
    classes = list(SUB_EVENT_TYPES)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        g_in = g in SUB_EVENT_TYPES
        if g_in and p == g:
            tp[g] += 1
            continue
        if g_in:
            fn[g] += 1
        if p in SUB_EVENT_TYPES:
            fp[p] += 1
    support = {c: tp[c] + fn[c] for c in classes}
    total = sum(support.values())
    per_class = {
        c: {
            "precision": tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 0.0,
            "recall": tp[c] / support[c] if support[c] else 0.0,
            "f1": _f1(tp[c], fp[c], fn[c]),
            "support": support[c],
            "predicted": tp[c] + fp[c],
        }
        for c in classes
    }
    present = [c for c in classes if support[c]]
    weighted = sum(per_class[c]["f1"] * support[c] for c in present) / total if total else 0.0
    macro = sum(per_class[c]["f1"] for c in present) / len(present) if present else 0.0
    conflict = [(g, p) for g, p in zip(gold, pred, strict=True) if g in SUB_EVENT_TYPES]
    other = [p for g, p in zip(gold, pred, strict=True) if g not in SUB_EVENT_TYPES]
    accuracy = sum(g == p for g, p in conflict) / len(conflict) if conflict else 0.0
    et = sum(p in SUB_EVENT_TYPES and SUB_EVENT_TYPES[p][0] == SUB_EVENT_TYPES[g][0] for g, p in conflict)
    metrics = {
        "weighted_f1": weighted,
        "macro_f1": macro,
        "accuracy": accuracy,
        "event_type_accuracy": et / len(conflict) if conflict else 0.0,
        "conflict_as_none": sum(p == NONE for _, p in conflict) / len(conflict) if conflict else 0.0,
        "non_conflict_as_none": sum(p == NONE for p in other) / len(other) if other else 0.0,
    }
    confusion: dict[str, Counter[str]] = {}
    for g, p in zip(gold, pred, strict=True):
        label = SUB_EVENT_TYPES[g][1] if g in SUB_EVENT_TYPES else g
        confusion.setdefault(label, Counter())[SUB_EVENT_TYPES[p][1] if p in SUB_EVENT_TYPES else NONE] += 1
    details = {
        "per_class": per_class,
        "confusion": {g: dict(c.most_common()) for g, c in sorted(confusion.items())},
    }
    return metrics, details


def evaluate_events_case(data: Path, model: str | None = None) -> EvalResult:
    from fogwatch.events.models import load_classifier

    path = data / "dev.tsv" if data.is_dir() else data
    if not path.exists():
        raise EvalDataError(f"events-case: no {path.name} in {path.parent}")
    rows = read_case(path)
    clf = load_classifier(model)
    t0 = time.perf_counter()
    found = clf.classify_many([text for _, text, _ in rows])
    seconds = time.perf_counter() - t0
    gold = [g for _, _, g in rows]
    pred = [d.sub_event_type if d is not None else NONE for d in found]
    metrics, details = score_predictions(gold, pred)
    details["model"] = clf.name
    details["snippets_per_second"] = round(len(rows) / seconds, 1) if seconds else None
    details["wrong"] = [
        {"id": i, "gold": g, "predicted": p}
        for (i, _, g), p in zip(rows, pred, strict=True)
        if g != p and not (g not in SUB_EVENT_TYPES and p == NONE)
    ][:100]
    return EvalResult("events-case", metrics, len(rows), str(path), details)
