"""`cleaning`: line-level body/boilerplate labels on text dumps in many site templates.

Each document's raw dump is its blocks joined by newlines; every line takes
its block's label. Documents are read as files of one folder per site, the
way an analyst's scraper leaves them, so the learned per-site part sees what
it would see in use. The same run without learning is reported beside it.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from fogwatch.clean.learned import apply_learned
from fogwatch.clean.step import CleanStep
from fogwatch.clean.text import split_lines
from fogwatch.eval.metrics import PRF
from fogwatch.eval.result import EvalResult
from fogwatch.model import Article, Format, article_id, merge_spans


def load(data: Path) -> list[tuple[Article, list[str], list[str | None]]]:
    """(article, line labels, line classes) for every document of every template file."""
    docs = []
    for path in sorted(data.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec: dict[str, Any] = json.loads(line)
            labels: list[str] = []
            classes: list[str | None] = []
            for block in rec["blocks"]:
                n = block["text"].count("\n") + 1
                labels += [block["label"]] * n
                classes += [block.get("class")] * n
            raw = "\n".join(b["text"] for b in rec["blocks"])
            fmt: Format = "markdown" if rec.get("format") == "markdown" else "text"
            source = str(data / path.stem / f"{rec['id']}.{'md' if fmt == 'markdown' else 'txt'}")
            docs.append((Article(id=article_id(source, raw), source=source, format=fmt, raw=raw), labels, classes))
    return docs


def score(docs: list[tuple[Article, list[str], list[str | None]]]) -> tuple[dict[str, float], dict[str, Any]]:
    body, boiler = PRF(), PRF()
    by_class: Counter[str] = Counter()
    by_class_hit: Counter[str] = Counter()
    lost: list[str] = []
    kept: list[str] = []
    for art, labels, classes in docs:
        removed = merge_spans(art.removed)
        for ln, label, cls in zip(split_lines(art.raw), labels, classes, strict=True):
            if label == "blank" or not ln.text.strip():
                continue
            was_removed = any(a <= ln.start and ln.end <= b for a, b in removed)
            if label == "body":
                body.tp += not was_removed
                body.fn += was_removed
                boiler.fp += was_removed
                if was_removed:
                    lost.append(f"{art.source.rsplit('/', 1)[-1]}: {ln.text.strip()[:90]}")
            else:
                boiler.tp += was_removed
                boiler.fn += not was_removed
                body.fp += not was_removed
                by_class[cls or "?"] += 1
                by_class_hit[cls or "?"] += was_removed
                if not was_removed:
                    kept.append(f"{art.source.rsplit('/', 1)[-1]} [{cls}]: {ln.text.strip()[:90]}")
    metrics = {
        "boilerplate_line_recall": boiler.recall,
        "body_line_precision": body.precision,
        "body_line_recall": body.recall,
    }
    details = {
        "recall_by_class": {c: round(by_class_hit[c] / n, 4) for c, n in sorted(by_class.items())},
        "body_lines_lost": lost,
        "boilerplate_lines_kept": kept,
    }
    return metrics, details


def evaluate_cleaning(data: Path) -> EvalResult:
    step = CleanStep()
    rules_only = load(data)
    for art, _, _ in rules_only:
        step.clean_one(art)
    base, base_details = score(rules_only)
    learned = load(data)
    for art, _, _ in learned:
        step.clean_one(art)
    apply_learned([a for a, _, _ in learned])
    metrics, details = score(learned)
    metrics.update({f"rules_only_{k}": v for k, v in base.items()})
    details["rules_only_recall_by_class"] = base_details["recall_by_class"]
    return EvalResult("cleaning", metrics, len(learned), str(data), details)
