"""Fusion of a store's claims into events: in one run, and over partitions (here and on Dask).

Reads the event claims of an existing database (`--db`: any ingested corpus), or first ingests
FA-KES (`--fakes ../shared/data/fakes/dev.csv`, read as `fogwatch eval fakes` reads it, one text
file an article, into a database in `--db`'s place, which is kept), then times, each the best of
`--repeat`:
- `one_run_s`: `fuse.clusters_with_reasons`, every claim in one greedy pass (what fusion did before
  it ran over partitions);
- `partitioned_s`: `fusion_stage.fuse_groups` in this process (the local executor's way), with its
  reaches, their largest and the rounds it took;
- `dask_s` (with `--dask`): the same on a LocalCluster of 2 worker processes, started before the clock;
- `fuse_events_s`: the whole of `fuse.fuse_events` (read the claims, group, build the events, write
  them) on a copy of the database.
The groups are checked to be the same every way. Prints one JSON line.
Usage: python benchmarks/fusion.py --db PATH [--fakes DEV_CSV] [--repeat 3] [--dask]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fogwatch.events.fuse import article_infos, clusters_with_reasons, fuse_events
from fogwatch.events.fusion_stage import fuse_groups
from fogwatch.store import Store
from fogwatch.store.claims import iter_claims


def best(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return round(min(times), 3), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dask", action="store_true")
    ap.add_argument("--fakes", help="ingest FA-KES's dev.csv into --db first (which must not exist)")
    args = ap.parse_args()
    if args.fakes:
        from fogwatch.eval.fakes_data import read_fakes, write_articles
        from fogwatch.run import ingest

        if Path(args.db).exists():
            sys.exit(f"{args.db} exists: --fakes ingests into a new database")
        folder = Path(args.db).with_suffix("") / "articles"
        write_articles(read_fakes(Path(args.fakes)), folder)
        ingest([str(folder)], Store.open(args.db))
    store = Store.open(args.db, readonly=True)
    with store.engine.connect() as conn:
        claims = list(iter_claims(conn, event_only=True, with_text=False))
        infos = article_infos(conn)
    out: dict[str, Any] = {"benchmark": "fusion", "db": Path(args.db).name, "claims": len(claims)}
    one, groups = best(args.repeat, lambda: clusters_with_reasons(claims, infos))
    expected = sorted(sorted(c.id for c in g) for g, _ in groups)
    out["events"] = len(expected)
    out["one_run_s"] = one
    stats: dict[str, int] = {}
    out["partitioned_s"], staged = best(args.repeat, lambda: fuse_groups(claims, infos, stats=stats))
    assert sorted(sorted(g.claim_ids) for g in staged) == expected, "partitioned fusion differs"
    out.update(stats)
    if args.dask:
        from fogwatch.dask_executor import DaskCluster

        with DaskCluster(workers=2) as cluster:
            run = cluster.executor(None, 1).run_stage
            out["dask_s"], on_dask = best(args.repeat, lambda: fuse_groups(claims, infos, run))
        assert sorted(sorted(g.claim_ids) for g in on_dask) == expected, "fusion on Dask differs"
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.db"
        shutil.copy(args.db, copy)
        writable = Store.open(str(copy))
        out["fuse_events_s"], events = best(args.repeat, lambda: fuse_events(writable))
        assert len(events) == len(expected)
        writable.engine.dispose()
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
