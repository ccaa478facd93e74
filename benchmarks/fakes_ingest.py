"""`fogwatch ingest` on the real FA-KES articles: this checkout against a baseline git ref, in one run.

The rows of ../shared/data/fakes/dev.csv are written out as one text file each (as the FA-KES
eval does, `fogwatch.eval.fakes_data.write_articles`). The baseline (by default the commit of
main this branch started from, `git merge-base HEAD main`) is checked out into a temporary
`git worktree` and run with this same virtual environment, its `src` first on PYTHONPATH; the
gazetteer data that `make gazetteer-data` fetches is linked into it, so both read the same
places, and each side has a cache folder of its own (benchenv.private_cache). Each side first
ingests a few articles into a throwaway database (loading parts and caches once), then the two
are timed in turns, `--repeats` times each, every time on a fresh database, as `fogwatch ingest FOLDER --db FILE --workers N` in a process of its own. The JSON
gives each side's best and median seconds and the ratio baseline/current (above 1: this
checkout is faster), and the same for CPU seconds (the run and its workers), which other load on
a shared machine moves far less than wall time. Skips cleanly (exit 0, a note) when ../shared/data is absent.
Usage: python benchmarks/fakes_ingest.py [--baseline REF] [--repeats 2] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchenv import private_cache
from fogwatch.eval.fakes_data import FILE, read_fakes, write_articles
from fogwatch.paths import REPO_DIR, eval_data_root


def git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(REPO_DIR), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def _children_cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def ingest_seconds(src: Path, folder: Path, db: Path, workers: int, cache: Path) -> tuple[float, float]:
    """Wall and CPU seconds (the process and its workers) of one `fogwatch ingest` run of the checkout in `src`."""
    env = dict(os.environ, PYTHONPATH=str(src), FOGWATCH_CACHE=str(cache))
    cmd = [sys.executable, "-m", "fogwatch.cli", "ingest", str(folder), "--db", str(db), "--workers", str(workers)]
    cpu0 = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - cpu0
    if done.returncode != 0:
        sys.exit(f"fogwatch ingest failed for {src}:\n{done.stderr[-2000:]}")
    return seconds, cpu


def package_dir(src: Path) -> str:
    """Where `import fogwatch` lands with `src` first on the path (a check that the baseline is what runs)."""
    env = dict(os.environ, PYTHONPATH=str(src))
    code = "import fogwatch, os; print(os.path.dirname(fogwatch.__file__))"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--baseline", help="git ref to compare with (default: git merge-base HEAD main)")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    csv = eval_data_root() / "fakes" / FILE
    if not csv.is_file():
        print(f"skipping: {csv} not found (the FA-KES data is not beside this checkout)", file=sys.stderr)
        return
    rows = read_fakes(csv)
    ref = args.baseline or git("merge-base", "HEAD", "main")
    commit = git("rev-parse", "--verify", f"{ref}^{{commit}}")
    current = git("rev-parse", "HEAD")
    dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    with tempfile.TemporaryDirectory(prefix="fogwatch-bench-") as tmp_name:
        tmp = Path(tmp_name)
        base = tmp / "baseline"
        git("worktree", "add", "--detach", str(base), commit)
        try:
            vendor = REPO_DIR / "src" / "fogwatch" / "resources" / "vendor"
            if vendor.is_dir() and not (base / "src/fogwatch/resources/vendor").exists():
                (base / "src/fogwatch/resources/vendor").symlink_to(vendor)
            sides = {"current": REPO_DIR / "src", "baseline": base / "src"}
            for name, src in sides.items():
                if Path(package_dir(src)) != src / "fogwatch":
                    sys.exit(f"the {name} side imports fogwatch from {package_dir(src)}, not {src}")
            folder = tmp / "fakes"
            write_articles(rows, folder)
            warm = tmp / "warm"
            write_articles(rows[:5], warm)
            # a cache of each side's own: the two may build different gazetteer indexes
            caches = {name: private_cache(tmp / f"cache-{name}") for name in sides}
            for name, src in sides.items():
                ingest_seconds(src, warm, tmp / f"warm-{name}.db", args.workers, caches[name])
            times: dict[str, list[float]] = {name: [] for name in sides}
            cpus: dict[str, list[float]] = {name: [] for name in sides}
            for k in range(args.repeats):
                order = list(sides) if k % 2 == 0 else list(reversed(sides))  # neither side always goes first
                for name in order:
                    db = tmp / f"{name}-{k}.db"
                    wall, cpu = ingest_seconds(sides[name], folder, db, args.workers, caches[name])
                    times[name].append(wall)
                    cpus[name].append(cpu)
                    print(f"{name} run {k + 1}: {wall:.1f} s, {cpu:.1f} s CPU", file=sys.stderr)
        finally:
            subprocess.run(["git", "-C", str(REPO_DIR), "worktree", "remove", "--force", str(base)], check=False)
    best = {name: min(ts) for name, ts in times.items()}
    out = {
        "benchmark": "fakes_ingest",
        "articles": len(rows),
        "workers": args.workers,
        "current": current[:12] + (" (with uncommitted changes)" if dirty else ""),
        "baseline": commit[:12],
        "current_best_s": round(best["current"], 2),
        "baseline_best_s": round(best["baseline"], 2),
        "current_median_s": round(statistics.median(times["current"]), 2),
        "baseline_median_s": round(statistics.median(times["baseline"]), 2),
        "current_articles_per_s": round(len(rows) / best["current"], 1),
        "baseline_articles_per_s": round(len(rows) / best["baseline"], 1),
        "speedup": round(best["baseline"] / best["current"], 2),
        # CPU of each run and its workers: the figure other load on a shared machine moves least
        "current_cpu_s": round(min(cpus["current"]), 2),
        "baseline_cpu_s": round(min(cpus["baseline"]), 2),
        "cpu_speedup": round(min(cpus["baseline"]) / min(cpus["current"]), 2),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
