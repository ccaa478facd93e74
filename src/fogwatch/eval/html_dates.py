"""`html-dates`: publication date of real news pages, at day level."""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from fogwatch.eval.result import EvalResult
from fogwatch.ingest.read import article_from_bytes
from fogwatch.model import Article


def _date_one(args: tuple[str, str]) -> tuple[str | None, str | None]:
    path, url = args
    art = article_from_bytes(path, Path(path).read_bytes(), "html", url=url)
    if isinstance(art, Article) and art.published is not None:
        return art.published.isoformat(), art.published_evidence
    return None, None


def evaluate_html_dates(data: Path, workers: int = 2) -> EvalResult:
    gold: dict[str, Any] = json.loads((data / "gold.json").read_text(encoding="utf-8"))
    items = list(gold.items())
    jobs = [(str(data / "html" / g["file"]), url) for url, g in items]
    with ProcessPoolExecutor(workers) as pool:
        found = list(pool.map(_date_one, jobs, chunksize=8))
    right = found_any = 0
    by_evidence: dict[str, list[int]] = {}
    wrong: list[dict[str, str | None]] = []
    for (url, g), (d, evidence) in zip(items, found, strict=True):
        gold_date = g["date"] if isinstance(g["date"], str) else None  # NaN/null: the page has no date
        ok = d == gold_date
        right += ok
        found_any += d is not None
        stats = by_evidence.setdefault(evidence or "none", [0, 0])
        stats[0] += ok
        stats[1] += 1
        if not ok:
            wrong.append({"url": url, "gold": gold_date, "found": d, "evidence": evidence})
    n = len(items)
    dated = sum(1 for _, g in items if isinstance(g["date"], str))
    right_dated = sum(
        1 for (_, g), (d, _) in zip(items, found, strict=True) if isinstance(g["date"], str) and d == g["date"]
    )
    metrics = {
        "accuracy": right / n,
        "accuracy_dated_pages": right_dated / dated if dated else 0.0,
        "coverage": found_any / n,
    }
    details = {"by_evidence": {k: {"right": v[0], "of": v[1]} for k, v in by_evidence.items()}, "wrong": wrong[:40]}
    return EvalResult("html-dates", metrics, n, str(data), details)
