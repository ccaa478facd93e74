"""Stories throughput and index size: `update_stories` over 10k and 100k synthetic 600-word articles.

A seeded generator writes articles of 600 words drawn from a Zipf-shaped
vocabulary; a share of them are copies of an earlier article: exact, near (a few
words changed), cut (the ending dropped) or with an intro of their own. They are
stored, then `update_stories` indexes and matches them all in a fresh process
(so its memory high-water mark is its own), on `--workers` cores. Then 1,000 more
articles are added and indexed against the full index (the incremental case), and
a run with nothing new shows what the check for changed texts costs.

Index size is measured in the database (SQLite's dbstat): the signatures and
band postings (the index), and separately the story records. Prints one JSON line.
Usage: python benchmarks/stories.py [--sizes 10000 100000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from fogwatch.model import Article
from fogwatch.store import Store

WORDS = 600
COPY_SHARE = 0.2
INDEX_TABLES = ("story_docs", "story_bands", "sqlite_autoindex_story_docs_1", "ix_story_docs_seq")
STORY_TABLES = ("stories", "story_members", "sqlite_autoindex_stories_1", "sqlite_autoindex_story_members_1")
STORY_TABLES += ("ix_stories_size", "ix_story_members_story")


class Corpus:
    """Seeded synthetic reporting: originals and copies of them, `WORDS` words each."""

    def __init__(self, seed: int, vocab_size: int = 40_000) -> None:
        self.rng = random.Random(seed)
        letters = "abcdefghijklmnopqrstuvwxyz"
        self.vocab = ["".join(self.rng.choices(letters, k=self.rng.randint(2, 10))) for _ in range(vocab_size)]
        # Zipf-like weights: a few words are everywhere, as in real text.
        self.weights = [1 / (rank + 1) ** 1.05 for rank in range(vocab_size)]
        self.originals: list[list[str]] = []

    def _words(self, n: int) -> list[str]:
        return self.rng.choices(self.vocab, weights=self.weights, k=n)

    def text(self) -> tuple[str, str]:
        """(kind, text): a new original, or one of the four kinds of copy of an earlier one."""
        if self.originals and self.rng.random() < COPY_SHARE:
            src = self.rng.choice(self.originals)
            kind = self.rng.choice(["exact", "near", "cut", "intro"])
            if kind == "exact":
                words = list(src)
            elif kind == "near":
                words = list(src)
                for i in self.rng.sample(range(len(words)), len(words) // 40):
                    words[i] = self.rng.choice(self.vocab)
            elif kind == "cut":
                words = src[: int(len(src) * self.rng.uniform(0.5, 0.8))]
            else:
                words = self._words(self.rng.randint(60, 150)) + src[: WORDS - 60]
        else:
            kind = "original"
            words = self._words(WORDS)
            self.originals.append(words)
        # paragraphs of about 60 words, as an article's clean text has
        return kind, "\n\n".join(" ".join(words[i : i + 60]) for i in range(0, len(words), 60))

    def articles(self, n: int, start: int) -> list[Article]:
        out = []
        for i in range(start, start + n):
            _, text = self.text()
            published = date(2020, 1, 1) + timedelta(days=self.rng.randint(0, 365)) if i % 10 else None
            out.append(
                Article(
                    id=f"{i:016x}",
                    source=f"/synthetic/site{i % 50}/{i}.txt",
                    format="text",
                    raw=text,
                    site=f"Site {i % 50}",
                    published=published,
                    published_evidence="dateline" if published else None,
                )
            )
        return out


def fill(db: str, corpus: Corpus, n: int, start: int = 0) -> None:
    store = Store.open(db)
    for i in range(start, start + n, 2000):
        store.write_batch(corpus.articles(min(2000, start + n - i), i))
    store.close()


def table_bytes(db: str, names: tuple[str, ...]) -> int:
    con = sqlite3.connect(db)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        marks = ",".join("?" * len(names))
        row = con.execute(f"SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name IN ({marks})", names).fetchone()
        return int(row[0])
    finally:
        con.close()


def timed_update(db: str, workers: int) -> dict[str, float]:
    """Run `update_stories` in a fresh process; its seconds, summary and peak memory."""
    out = subprocess.run(
        [sys.executable, __file__, "--update-only", db, "--workers", str(workers)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _peak_rss_mb() -> float:
    """This process's memory high-water mark. Not ru_maxrss: on Linux that keeps the figure of the
    process this one was forked from (here, the parent holding the synthetic corpus)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _cpu_seconds() -> float:
    """CPU time of this process and its finished workers: what the work costs, whatever else runs."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def update_only(db: str, workers: int) -> None:
    from fogwatch.stories import update_stories

    store = Store.open(db, create=False)
    start, cpu_start = time.perf_counter(), _cpu_seconds()
    summary = update_stories(store, workers=workers)
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu_start
    print(
        json.dumps(
            {
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu, 3),
                "indexed": summary.indexed + summary.reindexed,
                "copies": summary.copies,
                "stories": summary.stories,
                "peak_rss_mb": _peak_rss_mb(),
            }
        )
    )


def measure(n: int, workers: int, tmp: Path) -> dict[str, float]:
    db = str(tmp / f"stories-{n}.db")
    corpus = Corpus(seed=n)
    t0 = time.perf_counter()
    fill(db, corpus, n)
    setup = time.perf_counter() - t0
    full = timed_update(db, workers)
    index = table_bytes(db, INDEX_TABLES)
    story = table_bytes(db, STORY_TABLES)
    fill(db, corpus, 1000, start=n)
    more = timed_update(db, workers)
    noop = timed_update(db, workers)
    return {
        "articles": n,
        "copies_found": full["copies"],
        "stories": full["stories"],
        "articles_per_s": round(n / full["seconds"], 1),
        "seconds": full["seconds"],
        "cpu_ms_per_article": round(full["cpu_seconds"] / n * 1000, 3),
        "index_bytes_per_article": round(index / n, 1),
        "story_records_bytes_per_article": round(story / n, 1),
        "peak_rss_mb": full["peak_rss_mb"],
        "incremental_1000_per_s": round(1000 / more["seconds"], 1),
        "rerun_nothing_new_s": noop["seconds"],
        "setup_s": round(setup, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--update-only", metavar="DB", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.update_only:
        update_only(args.update_only, args.workers)
        return
    result: dict[str, object] = {
        "benchmark": "stories",
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "words_per_article": WORDS,
        "copy_share": COPY_SHARE,
    }
    runs = []
    with tempfile.TemporaryDirectory(prefix="fogwatch-bench-") as tmp:
        for n in args.sizes:
            runs.append(measure(n, args.workers, Path(tmp)))
            print(f"{n}: {runs[-1]}", file=sys.stderr)
    result["runs"] = runs
    if len(runs) > 1:
        first, last = runs[0], runs[-1]
        result["growth"] = {
            "articles": round(last["articles"] / first["articles"], 1),
            "articles_per_s": round(last["articles_per_s"] / first["articles_per_s"], 3),
            "index_bytes_per_article": round(last["index_bytes_per_article"] / first["index_bytes_per_article"], 3),
            "incremental_1000_per_s": round(last["incremental_1000_per_s"] / first["incremental_1000_per_s"], 3),
            "cpu_ms_per_article": round(last["cpu_ms_per_article"] / first["cpu_ms_per_article"], 3),
        }
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]  # other work on the machine skews wall time
    print(json.dumps(result))


if __name__ == "__main__":
    main()
