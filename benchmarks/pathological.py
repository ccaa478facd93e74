"""Pathological inputs: how long each takes to ingest, and how much memory, one input per run.

The inputs (tests/support/hostile.py) are those that once stopped, hung or swamped an
ingest: JSON lines with a 5,000-digit number, nesting 100,000 deep, lone surrogates or
a URL that cannot be parsed; a gzipped line of zeros (1 GB once read); a text of one
19 MB line; a 300 KB sentence; a 100 KB list of place names (repeated, and distinct
names from the gazetteer); one HTML tag with 200,000 attributes; HTML nested 100,000
deep; a cut and an oversized WARC. Each is ingested by `fogwatch ingest` into a fresh
SQLite database in a process of its own: `seconds` is that whole command (start-up,
reading, cleaning, copies, analysis, fusion), `rss_mb` its peak memory. `in_process_seconds`
is the same ingest in one warmed-up process (what the input itself costs). Prints one
JSON line. Usage: python benchmarks/pathological.py [--only NAME] [--zeros-mb 1024]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fogwatch.paths import REPO_DIR

sys.path.insert(0, str(REPO_DIR))
from tests.support.hostile import BODY, write_pathological


def _distinct_names(n: int = 12_000) -> list[str] | None:
    try:
        from fogwatch.nlp.places import default_gazetteer

        conn = default_gazetteer().conn
    except Exception:
        return None
    rows = conn.execute(
        "SELECT name FROM places WHERE fclass = 'P' AND population > 20000 ORDER BY population DESC LIMIT ?", (n * 2,)
    ).fetchall()
    names = [r[0] for r in rows if r[0].isalpha() and r[0][0].isupper()]
    return names[:n] or None


def _cli(path: Path, db: Path) -> dict[str, object]:
    cmd = [sys.executable, "-m", "fogwatch.cli", "ingest", str(path), "--db", str(db)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    return {
        "seconds": round(seconds, 2),
        "exit": proc.returncode,
        "traceback": "Traceback" in err,
        "summary": out.splitlines()[0] if out else err.strip()[-300:],
    }


def _peak_rss(path: Path, db: Path) -> float:
    """Peak memory of `fogwatch ingest` on one input, from a child process of its own."""
    code = (
        "import resource, subprocess, sys;"
        "subprocess.run([sys.executable, '-m', 'fogwatch.cli', 'ingest', sys.argv[1], '--db', sys.argv[2]],"
        " capture_output=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path), str(db)], capture_output=True, text=True)
    return round(int(out.stdout.strip() or 0) / 1024, 1)


def _in_process(path: Path, db: Path) -> dict[str, object]:
    from fogwatch.run import ingest
    from fogwatch.store import Store

    start = time.perf_counter()
    res = ingest([str(path)], Store.open(str(db)))
    return {
        "in_process_seconds": round(time.perf_counter() - start, 2),
        "stored": res.stored,
        "rejected": sorted({r.kind for r in res.rejected}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="Run only the input of this name (e.g. names-repeated.txt).")
    parser.add_argument("--zeros-mb", type=int, default=1024, help="What the gzipped zeros decompress to.")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="fogwatch-pathological-"))
    try:
        inputs = write_pathological(tmp / "in", zeros_mb=args.zeros_mb, distinct=_distinct_names())
        warm = tmp / "warm.txt"
        warm.write_text(BODY)
        _in_process(warm, tmp / "warm.db")  # loads what every run loads once
        results: dict[str, dict[str, object]] = {}
        for name, path in inputs.items():
            if args.only and name != args.only:
                continue
            row = _cli(path, tmp / f"{name}.cli.db")
            row["rss_mb"] = _peak_rss(path, tmp / f"{name}.rss.db")
            row.update(_in_process(path, tmp / f"{name}.db"))
            results[name] = row
        slowest = max((float(r["seconds"]) for r in results.values()), default=0.0)  # type: ignore[arg-type]
        print(
            json.dumps(
                {
                    "benchmark": "pathological",
                    "inputs": results,
                    "slowest_seconds": slowest,
                    "all_under_10s": slowest < 10,
                    "max_rss_mb": max((float(r["rss_mb"]) for r in results.values()), default=0.0),  # type: ignore[arg-type]
                    "load_average": os.getloadavg()[0],
                    "cpus": os.cpu_count(),
                }
            )
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
