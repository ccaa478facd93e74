"""`extraction`: main-text extraction from HTML, F1 over 4-token shingles.

The metric follows the article-extraction benchmark: each document's shingle
counts give tp/fp/fn normalised by their sum, precision and recall are
averaged over documents, and F1 is taken from the two averages.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from statistics import mean
from typing import Any

from fogwatch.clean.step import CleanStep
from fogwatch.eval.result import EvalResult
from fogwatch.ingest.read import article_from_bytes
from fogwatch.model import Article

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def tp_fp_fn(gold: str, pred: str) -> tuple[float, float, float]:
    g, p = shingles(gold), shingles(pred)
    tp = float(sum((g & p).values()))
    fp = float(sum(p.values()) - tp)
    fn = float(sum(g.values()) - tp)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def prf(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    ps = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    p, r = (mean(ps) if ps else 0.0), (mean(rs) if rs else 0.0)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _extract_one(args: tuple[str, str]) -> tuple[str, str, str]:
    """(fogwatch's clean body, trafilatura's own output) for one page."""
    import trafilatura

    path, url = args
    data = gzip.decompress(Path(path).read_bytes()) if path.endswith(".gz") else Path(path).read_bytes()
    art = article_from_bytes(path, data, "html", url=url)
    ours = ""
    if isinstance(art, Article):
        cleaned = CleanStep().clean_one(art)
        ours = cleaned.text if isinstance(cleaned, Article) else ""
    html = data.decode("utf-8", "replace")
    plain = trafilatura.extract(html, url=url) or ""
    return Path(path).name.split(".")[0], ours, plain


def evaluate_extraction(data: Path, workers: int = 2) -> EvalResult:
    truth: dict[str, Any] = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    jobs = [(str(data / "html" / f"{key}.html.gz"), item.get("url", "")) for key, item in truth.items()]
    with ProcessPoolExecutor(workers) as pool:
        results = list(pool.map(_extract_one, jobs, chunksize=8))
    ours, plain = [], []
    worst: list[tuple[float, str]] = []
    for key, body, traf in results:
        gold = truth[key].get("articleBody", "")
        c = tp_fp_fn(gold, body)
        ours.append(c)
        plain.append(tp_fp_fn(gold, traf))
        worst.append((prf([c])["f1"], key))
    m = prf(ours)
    t = prf(plain)
    metrics = {
        "f1": m["f1"],
        "precision": m["precision"],
        "recall": m["recall"],
        "trafilatura_f1": t["f1"],
        "trafilatura_precision": t["precision"],
        "trafilatura_recall": t["recall"],
    }
    return EvalResult("extraction", metrics, len(results), str(data), {"worst": sorted(worst)[:15]})
