"""fogwatch's steps against the libraries they build on, on the same input in one run.

1. Reading HTML: trafilatura alone (`trafilatura.extract` with its metadata, from the page's
   bytes) against fogwatch's read + clean steps on the same pages (`ReadStep` then `CleanStep`,
   which also keep every block they set aside, with its reason). The pages are the 116 HTML pages
   of the repository's syndication set (datasets/syndication), written out as files. Both run in
   this one process, pass after pass in turns, until `--seconds` pass for each.
2. Finding copies: datasketch's MinHashLSH alone against fogwatch's stories step on the same
   texts (the seeded synthetic corpus of benchmarks/stories.py: 600-word texts, a fifth of them
   copies). datasketch: word 5-gram shingles, `MinHash.bulk`, then a query and an insert per
   text into a `MinHashLSH` of the same bands and rows as fogwatch's. fogwatch: `update_stories`
   on a database already holding the texts (storing them is not timed), with 1 worker, which
   also checks each candidate on its shingles and writes the index and the stories.

The ratios are fogwatch's seconds over the library's (1.0: as fast). Prints one JSON line.
Usage: python benchmarks/side_by_side.py [--seconds 15] [--texts 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from fogwatch.clean.step import CleanStep
from fogwatch.ingest import ReadStep
from fogwatch.model import Article, Input
from fogwatch.paths import REPO_DIR
from fogwatch.pipeline import Counters, run_chain
from stories import Corpus, fill  # benchmarks/stories.py: the same synthetic corpus


def html_pages(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with open(REPO_DIR / "datasets" / "syndication" / "articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["format"] == "html":
                path = folder / f"{row['id']}.html"
                path.write_text(row["raw"], encoding="utf-8")
                paths.append(path)
    return paths


def reading(seconds: float, tmp: Path) -> dict[str, Any]:
    import trafilatura

    pages = html_pages(tmp / "html")

    def fogwatch_pass() -> int:
        out = run_chain([ReadStep(), CleanStep()], [Input(str(p), "html") for p in pages], Counters())
        return sum(1 for r in out if isinstance(r, Article))

    def trafilatura_pass() -> int:
        kept = 0
        for p in pages:
            kept += trafilatura.extract(p.read_bytes(), url=None, with_metadata=True) is not None
        return kept

    fogwatch_pass(), trafilatura_pass()  # imports and first-use set-up, not timed
    spent = {"fogwatch": 0.0, "trafilatura": 0.0}
    passes = {"fogwatch": 0, "trafilatura": 0}
    kept = {"fogwatch": 0, "trafilatura": 0}
    runs = {"fogwatch": fogwatch_pass, "trafilatura": trafilatura_pass}
    while min(spent.values()) < seconds:
        for name, run in runs.items():
            t0 = time.process_time()
            kept[name] = run()
            spent[name] += time.process_time() - t0
            passes[name] += 1
    ms = {name: spent[name] * 1000 / (passes[name] * len(pages)) for name in runs}
    return {
        "pages": len(pages),
        "fogwatch_read_clean_ms_per_page": round(ms["fogwatch"], 2),
        "trafilatura_ms_per_page": round(ms["trafilatura"], 2),
        "fogwatch_pages_with_text": kept["fogwatch"],
        "trafilatura_pages_with_text": kept["trafilatura"],
        "ratio": round(ms["fogwatch"] / ms["trafilatura"], 2),
    }


_WORD = re.compile(r"\w+")


def copies(n: int, tmp: Path) -> dict[str, Any]:
    from datasketch import MinHash, MinHashLSH

    from fogwatch.store import Store
    from fogwatch.stories import update_stories
    from fogwatch.stories.signature import LshParams

    corpus = Corpus(seed=n)
    arts = corpus.articles(n, 0)
    params = LshParams()

    t0 = time.perf_counter()
    lsh = MinHashLSH(num_perm=params.num_perm, params=(params.bands, params.rows))
    candidates = 0
    for start in range(0, n, 1000):
        part = arts[start : start + 1000]
        sets = []
        for a in part:
            words = [w.lower() for w in _WORD.findall(a.raw)]
            k = min(params.shingle, len(words))
            sets.append([" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)])
        for a, m in zip(part, MinHash.bulk(sets, num_perm=params.num_perm, seed=params.seed), strict=True):
            candidates += len(lsh.query(m))
            lsh.insert(a.id, m)
    datasketch_s = time.perf_counter() - t0

    db = str(tmp / "copies.db")
    fill(db, Corpus(seed=n), n)  # the same texts: the corpus is seeded
    store = Store.open(db, create=False)
    t0 = time.perf_counter()
    c0 = time.process_time()
    summary = update_stories(store, workers=1)
    stories_cpu = time.process_time() - c0
    stories_s = time.perf_counter() - t0
    store.close()
    return {
        "texts": n,
        "datasketch_ms_per_text": round(datasketch_s * 1000 / n, 3),
        "datasketch_candidates": candidates,
        "stories_ms_per_text": round(stories_s * 1000 / n, 3),
        "stories_cpu_ms_per_text": round(stories_cpu * 1000 / n, 3),
        "stories_copies": summary.copies,
        "ratio": round(stories_s / datasketch_s, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--seconds", type=float, default=15.0, help="CPU seconds each HTML reader runs at least")
    ap.add_argument("--texts", type=int, default=5000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="fogwatch-bench-") as tmp:
        out = {
            "benchmark": "side_by_side",
            "html": reading(args.seconds, Path(tmp)),
            "copies": copies(args.texts, Path(tmp)),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
