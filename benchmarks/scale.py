"""The whole pipeline at scale: N articles through `fogwatch ingest` on this machine.

For each size (default 10,000 and 100,000) the generated 600-word reports of
benchmarks/pipeline.py are written as text files, then one `fogwatch ingest FOLDER --db FILE
--workers N` runs on a fresh SQLite database in a process of its own: read, clean, store,
learned boilerplate, stories, analysis and fusion. Reported per size: wall seconds and
articles/s, peak memory (the ingest process's own high-water mark, and each worker's, sampled
from /proc: RSS, and PSS, which splits the pages workers share with their parent), and the
database's size on disk. With two sizes or more, `growth` gives how each figure grows from the
first size to the last (time and database size per article: 1.0 is linear growth). Run it
under `nice -n 10` on a shared machine; 100,000 articles take over an hour on 2 cores.
Prints one JSON line.
Usage: python benchmarks/scale.py [--sizes 10000 100000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchenv import TreeMemory, private_cache
from pipeline import write_corpus  # benchmarks/pipeline.py: the same generated reports


def db_bytes(db: Path) -> int:
    """The database and its write-ahead log and shared-memory files, as they stand on disk."""
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def _children_cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def warm_up(workers: int, tmp: Path) -> None:
    """A few articles first, so loading caches (and a first gazetteer build) is not in the timed runs."""
    corpus = tmp / "warm" / "bench-wire"
    write_corpus(corpus, 5)
    os.environ["FOGWATCH_CACHE"] = str(private_cache(tmp / "cache"))  # for this run and its ingest processes
    cmd = [sys.executable, "-m", "fogwatch.cli", "ingest", str(corpus), "--db", str(tmp / "warm.db")]
    subprocess.run([*cmd, "--workers", str(workers)], check=True, capture_output=True)


def measure(n: int, workers: int, tmp: Path) -> dict[str, Any]:
    corpus = tmp / f"corpus-{n}" / "bench-wire"
    t0 = time.perf_counter()
    write_corpus(corpus, n)
    written = time.perf_counter() - t0
    db = tmp / f"scale-{n}.db"
    cmd = [sys.executable, "-m", "fogwatch.cli", "ingest", str(corpus), "--db", str(db), "--workers", str(workers)]
    cpu0 = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeMemory(root=proc.pid, every=0.5) as mem:
        stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - cpu0
    if proc.returncode != 0:
        sys.exit(f"fogwatch ingest of {n} articles failed:\n{stderr[-2000:]}")
    size = db_bytes(db)
    return {
        "articles": n,
        "seconds": round(seconds, 1),
        "articles_per_s": round(n / seconds, 1),
        # CPU of the ingest process and its workers: what the work costs whatever else runs
        "cpu_ms_per_article": round(cpu * 1000 / n, 1),
        "memory": mem.summary(),
        "db_mb": round(size / 2**20, 1),
        "db_kb_per_article": round(size / 1024 / n, 2),
        "corpus_written_s": round(written, 1),
        "summary": stdout.strip().splitlines()[-3:],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="fogwatch-bench-") as tmp:
        warm_up(args.workers, Path(tmp))
        for n in args.sizes:
            runs.append(measure(n, args.workers, Path(tmp)))
            print(f"{n}: {runs[-1]}", file=sys.stderr)
            for old in Path(tmp).glob(f"corpus-{n}"):  # the next size needs the disk more than this copy
                subprocess.run(["rm", "-rf", str(old)], check=False)
    out: dict[str, Any] = {"benchmark": "scale", "workers": args.workers, "cpus": os.cpu_count(), "runs": runs}
    if len(runs) > 1:
        first, last = runs[0], runs[-1]

        def ratio(a: float | None, b: float | None) -> float | None:
            return round(b / a, 2) if a and b else None

        out["growth"] = {
            "articles": ratio(first["articles"], last["articles"]),
            "seconds": ratio(first["seconds"], last["seconds"]),
            "cpu_ms_per_article": ratio(first["cpu_ms_per_article"], last["cpu_ms_per_article"]),
            "seconds_per_article": ratio(first["seconds"] / first["articles"], last["seconds"] / last["articles"]),
            "parent_peak_rss_mb": ratio(first["memory"]["parent_peak_rss_mb"], last["memory"]["parent_peak_rss_mb"]),
            "worker_peak_rss_mb": ratio(first["memory"]["worker_peak_rss_mb"], last["memory"]["worker_peak_rss_mb"]),
            "tree_peak_pss_mb": ratio(first["memory"]["tree_peak_pss_mb"], last["memory"]["tree_peak_pss_mb"]),
            "db_mb": ratio(first["db_mb"], last["db_mb"]),
            "db_kb_per_article": ratio(first["db_kb_per_article"], last["db_kb_per_article"]),
        }
    out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
