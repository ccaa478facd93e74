"""Task `loaded-language`: fogwatch's loaded-language spans against PTC (SemEval-2020 Task 11).

The Propaganda Techniques Corpus training set holds 371 news articles with spans of 14
techniques (`<id> <technique> <start> <end>` per line). We score two of them against the
labels of `fogwatch.events.loaded.loaded_language()`:

- ``Loaded_Language`` <- our `loaded-language` spans,
- ``Name_Calling,Labeling`` <- our `name-calling` spans,
- and, for information only (in the details, not the metrics), ``Doubt`` <- our `doubt`
  spans: a loose fit, PTC's Doubt is mostly a whole questioning sentence, ours a word.

Scoring is SemEval's partial-overlap span metric (Da San Martino et al., 2019), per
technique: precision = mean over our spans s of |s ∩ gold| / |s|, recall = mean over gold
spans t of |t ∩ ours| / |t|, where the intersection is with the union of the other side's
spans of that technique in the article (so no character counts twice). No floor: the
lexicon is fogwatch's own, written without looking at these labels, and PTC's texts are
US/UK political news, not war reports, so these figures measure how far the lexicon carries,
not a tuned fit. PTC releases no test labels; this is its training set, never trained on.
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from fogwatch.errors import EvalDataError
from fogwatch.eval.result import EvalResult

TECHNIQUES: dict[str, str] = {
    "Loaded_Language": "loaded-language",
    "Name_Calling,Labeling": "name-calling",
    "Doubt": "doubt",
}
_KEYS = {"Loaded_Language": "loaded_language", "Name_Calling,Labeling": "name_calling", "Doubt": "doubt"}


def ptc_dirs(data: Path) -> tuple[Path, Path]:
    """The articles folder and the technique-labels folder, from the PTC root or its datasets/."""
    for root in (data / "datasets", data):
        arts, labels = root / "train-articles", root / "train-labels-task2-technique-classification"
        if arts.is_dir() and labels.is_dir():
            return arts, labels
    raise EvalDataError(
        f"no PTC data under {data} (expected datasets/train-articles and datasets/train-labels-task2-...)"
    )


def read_ptc(data: Path) -> list[tuple[str, str, dict[str, list[tuple[int, int]]]]]:
    """(article id, text, technique -> spans) for every labelled article."""
    arts, labels = ptc_dirs(data)
    docs = []
    for path in sorted(arts.glob("article*.txt")):
        aid = path.stem.removeprefix("article")
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        lab = labels / f"article{aid}.task2-TC.labels"
        if lab.exists():
            for line in lab.read_text(encoding="utf-8").splitlines():
                parts = line.split("\t")
                if len(parts) == 4 and parts[2].isdigit() and parts[3].isdigit():
                    spans[parts[1]].append((int(parts[2]), int(parts[3])))
        docs.append((aid, path.read_text(encoding="utf-8"), dict(spans)))
    if not docs:
        raise EvalDataError(f"no PTC articles in {arts}")
    return docs


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _covered(span: tuple[int, int], union: list[tuple[int, int]]) -> int:
    s, e = span
    return sum(max(0, min(e, ue) - max(s, us)) for us, ue in union)


def partial_overlap(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> tuple[float, float, int, int]:
    """Summed precision and recall credit (to divide by the span counts), and the counts."""
    gu, pu = _union(gold), _union(pred)
    p = sum(_covered(s, gu) / (s[1] - s[0]) for s in pred if s[1] > s[0])
    r = sum(_covered(t, pu) / (t[1] - t[0]) for t in gold if t[1] > t[0])
    return p, r, len(pred), len(gold)


def evaluate_loaded_language(data: Path) -> EvalResult:
    from fogwatch.events.loaded import loaded_language

    docs = read_ptc(data)
    sums: dict[str, list[float]] = {t: [0.0, 0.0, 0, 0] for t in TECHNIQUES}
    t0 = time.perf_counter()
    chars = 0
    found_by_doc = []
    for _, text, _gold in docs:
        chars += len(text)
        found_by_doc.append(loaded_language(text))
    seconds = time.perf_counter() - t0
    for (_, _, gold), found in zip(docs, found_by_doc, strict=True):
        for tech, label in TECHNIQUES.items():
            pred = [(s.start, s.end) for s in found if s.label == label]
            p, r, n_pred, n_gold = partial_overlap(gold.get(tech, []), pred)
            acc = sums[tech]
            acc[0] += p
            acc[1] += r
            acc[2] += n_pred
            acc[3] += n_gold
    metrics: dict[str, float] = {}
    details: dict[str, Any] = {"metric": "SemEval-2020 Task 11 partial-overlap span P/R/F1, per technique"}
    for tech, (p_sum, r_sum, found_n, gold_n) in sums.items():
        prec = p_sum / found_n if found_n else 0.0
        rec = r_sum / gold_n if gold_n else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        key = _KEYS[tech]
        figures = {f"{key}_precision": round(prec, 4), f"{key}_recall": round(rec, 4), f"{key}_f1": round(f1, 4)}
        details[tech] = {"found": int(found_n), "gold": int(gold_n)}
        if tech == "Doubt":  # for information only: PTC's Doubt spans are whole questioning sentences
            details[tech].update(figures)
        else:
            metrics.update(figures)
    details["seconds"] = round(seconds, 3)
    details["chars_per_second"] = round(chars / seconds) if seconds else None
    return EvalResult("loaded-language", metrics, len(docs), str(data), details)
