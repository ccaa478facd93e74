"""Ingest throughput: HTML pages/s and text dumps/s through read + clean on all cores.

HTML: the 181 pages of ../shared/data/article-extraction, looped. Text dumps:
the labelled cleaning set's documents written out as files, looped. Prints
one JSON line. Usage: python benchmarks/ingest.py [--seconds-per-kind 20]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from fogwatch.clean.step import CleanStep
from fogwatch.eval.cleaning import load
from fogwatch.ingest import ReadStep
from fogwatch.model import Article, Input
from fogwatch.paths import REPO_DIR, eval_data_root
from fogwatch.pipeline import LocalExecutor


def throughput(make_pass: Callable[[int], list[Input]], min_seconds: float, workers: int) -> tuple[float, int, int]:
    """Docs per second through one executor, as in a real run, fed pass after pass until `min_seconds` pass."""
    articles = 0
    fed = 0
    start = time.perf_counter()

    def feed() -> Iterator[Input]:
        nonlocal fed
        i = 0
        while time.perf_counter() - start < min_seconds:
            for inp in make_pass(i):
                fed += 1
                yield inp
            i += 1

    ex = LocalExecutor(workers=workers, batch_size=16)
    for rec in ex.run([ReadStep(), CleanStep()], feed()):
        articles += isinstance(rec, Article)
    elapsed = time.perf_counter() - start
    return fed / elapsed, fed, articles


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)  # Linux reports KiB


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds-per-kind", type=float, default=20.0)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    result: dict[str, object] = {"benchmark": "ingest", "workers": args.workers, "cpus": os.cpu_count()}

    pages = eval_data_root() / "article-extraction" / "html"
    if pages.is_dir():
        inputs = [Input(str(p), "html") for p in sorted(pages.glob("*.html.gz"))]
        rate, n, ok = throughput(lambda _: inputs, args.seconds_per_kind, args.workers)
        result.update({"html_pages_per_s": round(rate, 1), "html_pages": n, "html_articles": ok})
    else:
        print(f"skipping HTML: {pages} not found", file=sys.stderr)

    with tempfile.TemporaryDirectory() as tmp:
        # Every pass writes the dumps anew: template lines stay as they are (they recur on a
        # real site too) and every body line is made unique, so no cache sees an article twice.
        docs = load(REPO_DIR / "datasets" / "cleaning")

        def make_pass(variant: int) -> list[Input]:
            inputs = []
            for art, labels, _ in docs:
                raw = "\n".join(
                    f"{ln} (v{variant})" if label == "body" and ln.strip() else ln
                    for ln, label in zip(art.raw.split("\n"), labels, strict=True)
                )
                path = Path(tmp) / f"v{variant}" / Path(art.source).parent.name / Path(art.source).name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(raw, encoding="utf-8")
                inputs.append(Input(str(path), art.format))
            return inputs

        first = make_pass(-1)
        mean_kb = sum(Path(i.location).stat().st_size for i in first) / len(first) / 1024
        rate, n, ok = throughput(make_pass, args.seconds_per_kind, args.workers)
        result.update({"text_dumps_per_s": round(rate, 1), "text_dumps": n, "text_dump_mean_kb": round(mean_kb, 1)})
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
