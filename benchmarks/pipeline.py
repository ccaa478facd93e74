"""End-to-end throughput: raw text files to stored events and claims, articles/s on 2 cores.

The articles are the ones benchmarks/analyze.py writes (about 600 words of war reporting each,
all different), saved as text dumps with a headline and a dateline. One `fogwatch ingest` run
on a fresh SQLite file does everything a user's run does: read, clean, store, learn site
boilerplate, find copies, analyse (places, dates, actors, numbers, event claims with speaker
and certainty) and fuse events. Load time of the language parts is included, as a user pays
it once per run. Prints one JSON line.
Usage: python benchmarks/pipeline.py [--articles 1000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from analyze import _cpu_seconds, article  # benchmarks/analyze.py: the same generated reports
from fogwatch.run import ingest
from fogwatch.store import Store, schema


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    rng = random.Random(20200213)
    with tempfile.TemporaryDirectory(prefix="fogwatch-bench-") as tmp:
        corpus = Path(tmp) / "corpus" / "bench-wire"
        corpus.mkdir(parents=True)
        for i in range(args.articles):
            a = article(i, rng)
            assert a.published is not None
            head = f"Fighting report {i}\n\nBench Wire, {a.published:%B} {a.published.day}, {a.published.year}\n\n"
            (corpus / f"{i:05d}.txt").write_text(head + a.raw + "\n", encoding="utf-8")
        store = Store.open(str(Path(tmp) / "bench.db"))
        cpu0 = _cpu_seconds()
        started = time.perf_counter()
        result = ingest([str(corpus)], store, workers=args.workers)
        elapsed = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu0
        with store.engine.connect() as conn:
            claims = conn.execute(select(func.count()).select_from(schema.claims)).scalar_one()
            events = conn.execute(select(func.count()).select_from(schema.events)).scalar_one()
        out = {
            "benchmark": "pipeline",
            "articles": result.stored,
            "workers": args.workers,
            "seconds": round(elapsed, 2),
            "articles_per_s": round(result.stored / elapsed, 1),
            "cpu_ms_per_article": round(cpu * 1000 / max(result.stored, 1), 1),
            "claims": claims,
            "events": events,
            "analysis": result.analysis,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
        print(json.dumps(out))
        if result.stored != args.articles:
            sys.exit(f"only {result.stored} of {args.articles} articles were stored")


if __name__ == "__main__":
    main()
