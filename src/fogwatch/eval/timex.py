"""Task `timex`: date and time expressions on TempEval-3 (TimeML with document creation times).

For each document the text inside <TEXT> is given to `fogwatch.nlp.dates.find_timexes`
with the document creation time (DCT) as anchor, and its expressions are scored
against the gold TIMEX3 elements:

- recognition, relaxed: a found expression matches a gold one when they overlap
  (each used once); precision, recall, F1. Strict: the same with identical offsets.
- value accuracy: of the relaxed matches, the share whose normalised TimeML value
  equals the gold value exactly ("2013-03-22", "2013-W11", "P3Y", "PRESENT_REF").
  Value F1 counts a match only when its value is right (TempEval-3's "value F1").
- type accuracy: the share of matches with the gold type (DATE, TIME, DURATION, SET).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fogwatch.errors import EvalDataError
from fogwatch.eval.result import EvalResult

PLATINUM = Path("data") / "TempEval3" / "Evaluation" / "te3-platinum"  # under ../shared/data/tempeval3


@dataclass(slots=True)
class GoldTimex:
    start: int
    end: int
    type: str
    value: str


@dataclass(slots=True)
class TimeMLDoc:
    name: str
    dct: date | None
    text: str
    timexes: list[GoldTimex]


def read_timeml(path: Path) -> TimeMLDoc:
    """The text of <TEXT> (tags removed, offsets kept) with its TIMEX3s and the DCT."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise EvalDataError(f"{path}: not valid TimeML XML ({exc})") from exc
    dct: date | None = None
    dct_el = root.find("DCT/TIMEX3")
    if dct_el is not None:
        dct = _iso_day(dct_el.get("value", ""))
    text_el = root.find("TEXT")
    if text_el is None:
        raise EvalDataError(f"{path}: no <TEXT> element")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    _walk(text_el, parts, timexes)
    return TimeMLDoc(path.stem, dct, "".join(parts), timexes)


def _walk(el: ET.Element, parts: list[str], out: list[GoldTimex]) -> None:
    start = sum(len(p) for p in parts)
    if el.text:
        parts.append(el.text)
    for child in el:
        _walk(child, parts, out)
        if child.tail:
            parts.append(child.tail)
    if el.tag == "TIMEX3":
        end = start + len("".join(el.itertext()))
        out.append(GoldTimex(start, end, el.get("type", ""), el.get("value", "")))


def _iso_day(value: str) -> date | None:
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        m = re.match(r"(\d{4})(\d{2})(\d{2})", value)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def match_spans(gold: list[tuple[int, int]], pred: list[tuple[int, int]], strict: bool) -> list[tuple[int, int]]:
    """One-to-one matching of (start, end) spans, in text order; returns (gold i, pred j) pairs."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for i, (gs, ge) in enumerate(gold):
        best = -1
        best_overlap = 0
        for j, (ps, pe) in enumerate(pred):
            if j in used:
                continue
            if strict:
                if (ps, pe) == (gs, ge):
                    best = j
                    break
                continue
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > best_overlap:
                best, best_overlap = j, overlap
        if best >= 0:
            used.add(best)
            pairs.append((i, best))
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate_timex(data: Path) -> EvalResult:
    """Score the recogniser and normaliser on a folder of .tml files (TempEval-3 platinum by default)."""
    from fogwatch.nlp.dates import find_timexes

    folder = data / PLATINUM if (data / PLATINUM).is_dir() else data
    files = sorted(folder.rglob("*.tml"))
    if not files:
        raise EvalDataError(f"no TimeML (.tml) files under {data}")
    n_gold = n_pred = tp = tp_strict = right_value = right_type = 0
    wrong: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    for path in files:
        doc = read_timeml(path)
        found = find_timexes(doc.text, doc.dct)
        gold_spans = [(g.start, g.end) for g in doc.timexes]
        pred_spans = [(f.start, f.end) for f in found]
        pairs = match_spans(gold_spans, pred_spans, strict=False)
        n_gold += len(gold_spans)
        n_pred += len(pred_spans)
        tp += len(pairs)
        tp_strict += len(match_spans(gold_spans, pred_spans, strict=True))
        matched_gold = {i for i, _ in pairs}
        matched_pred = {j for _, j in pairs}
        for i, j in pairs:
            g, f = doc.timexes[i], found[j]
            if f.value == g.value:
                right_value += 1
            else:
                wrong[f"{doc.text[g.start : g.end]!r} gold {g.value} got {f.value}"] += 1
            if f.type == g.type:
                right_type += 1
        for i, g in enumerate(doc.timexes):
            if i not in matched_gold:
                missed[f"{doc.text[g.start : g.end]!r} {g.value}"] += 1
        for j, f in enumerate(found):
            if j not in matched_pred:
                spurious[f"{doc.text[f.start : f.end]!r} {f.value}"] += 1
    p, r, f1 = _prf(tp, n_pred, n_gold)
    sp, sr, sf1 = _prf(tp_strict, n_pred, n_gold)
    _, _, vf1 = _prf(right_value, n_pred, n_gold)
    metrics: dict[str, Any] = {
        "relaxed_precision": round(p, 4),
        "relaxed_recall": round(r, 4),
        "relaxed_f1": round(f1, 4),
        "strict_precision": round(sp, 4),
        "strict_recall": round(sr, 4),
        "strict_f1": round(sf1, 4),
        "value_accuracy": round(right_value / tp, 4) if tp else 0.0,
        "value_f1": round(vf1, 4),
        "type_accuracy": round(right_type / tp, 4) if tp else 0.0,
    }
    details = {
        "documents": len(files),
        "gold": n_gold,
        "found": n_pred,
        "wrong_values": dict(wrong.most_common()),
        "missed": dict(missed.most_common()),
        "spurious": dict(spurious.most_common()),
    }
    return EvalResult("timex", metrics, n_gold, str(folder), details)
