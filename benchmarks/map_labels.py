"""How long the web app takes to name the places of one map view, from the offline gazetteer.

Each view is answered once cold (no answer cached), as `/api/places` answers a view the map has
not shown before: the gazetteer query plus fitting the labels. Views: the world at zoom 2, the
Middle East at 5, north-west Syria at 8 (where the demo map opens) and 10, and a village-scale
view at 13. Prints one JSON line: the median and worst milliseconds per view, and labels per view.

Usage: python benchmarks/map_labels.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from fogwatch.serve.places import PlaceLabels

VIEWS = {
    "world z2": (-70.0, -180.0, 80.0, 180.0, 2),
    "middle east z5": (25.0, 25.0, 42.0, 55.0, 5),
    "nw syria z8": (35.0, 35.5, 37.0, 38.0, 8),
    "idlib z10": (35.6, 36.4, 36.1, 37.0, 10),
    "saraqib z13": (35.84, 36.77, 35.88, 36.84, 13),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    times: dict[str, list[float]] = {name: [] for name in VIEWS}
    counts: dict[str, int] = {}
    for _ in range(args.runs):
        labels = PlaceLabels()  # a fresh cache each run: every view is new to it
        labels.in_view(0, 0, 0.01, 0.01, 12)  # open the gazetteer first, not timed
        for name, (s, w, n, e, z) in VIEWS.items():
            t0 = time.perf_counter()
            found = labels.in_view(s, w, n, e, z)
            times[name].append((time.perf_counter() - t0) * 1000)
            counts[name] = len(found)
        labels.close()
    every = [t for ts in times.values() for t in ts]
    print(
        json.dumps(
            {
                "benchmark": "map_labels",
                "runs": args.runs,
                "median_ms": round(statistics.median(every), 1),
                "worst_ms": round(max(every), 1),
                "per_view_median_ms": {k: round(statistics.median(v), 1) for k, v in times.items()},
                "labels": counts,
            }
        )
    )


if __name__ == "__main__":
    main()
