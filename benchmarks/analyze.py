"""Analyze throughput: articles/s through places, dates, actors and numbers together.

Articles are generated here: about 600 words each, every one different, written like
wire reports of a war (towns, dates, forces, casualty counts). They run through
`AnalyzeStep` on a `LocalExecutor` with two worker processes, as `fogwatch ingest`
runs it; load time (spaCy, actor tries, gazetteer) is measured apart. Memory is sampled
from /proc while it runs (benchmarks/benchenv.py): this process's peak, and each worker's peak
RSS and PSS (PSS splits the pages a worker shares with the parent it was forked from, so it
is what one more worker costs). Prints one JSON line. Usage: python benchmarks/analyze.py [--articles 600] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from fogwatch.analyze import Analysis, AnalyzeStep
from fogwatch.model import Article
from fogwatch.pipeline import LocalExecutor

TOWNS = [
    "Saraqib", "Maarat al-Numan", "Kafr Nabl", "Ariha", "Jisr al-Shughur", "Atarib", "Darat Izza", "Sarmin",
    "Binnish", "Taftanaz", "Khan Shaykhun", "Hama", "Homs", "Deir ez-Zor", "Raqqa", "Tabqa", "Manbij", "Kobani",
    "Avdiivka", "Bakhmut", "Kupiansk", "Pokrovsk", "Vuhledar", "Kherson", "Izium", "Lyman", "Toretsk",
    "El Fasher", "Nyala", "Omdurman", "Wad Madani", "Geneina", "Kadugli", "Goma", "Bunia", "Beni", "Rutshuru",
    "Mopti", "Gao", "Timbuktu", "Djibo", "Kaya", "Maiduguri", "Lashio", "Myawaddy", "Sittwe", "Marib", "Taiz",
]  # fmt: skip
ACTORS = [
    "the Syrian Arab Army", "Hayat Tahrir al-Sham", "Turkish-backed factions", "Russian warplanes",
    "the Syrian Democratic Forces", "Ukrainian forces", "Russian troops", "the Rapid Support Forces",
    "the Sudanese Armed Forces", "M23 rebels", "JNIM militants", "the People's Defence Force", "Houthi fighters",
    "pro-government militias", "unidentified gunmen", "government forces", "Wagner mercenaries",
]  # fmt: skip
VICTIMS = ["civilians", "soldiers", "fighters", "villagers", "people", "militants", "policemen"]
OUTCOMES = ["were killed", "were wounded", "were captured", "died", "were injured", "fled"]
DATES = ["on Monday", "late on Tuesday", "on {d}", "last week", "early on {d}", "two days ago", "yesterday",
         "in mid-{m}", "earlier this month", "on Friday morning", "in {m} {y}"]  # fmt: skip
NUMBERS = ["at least {n}", "{n}", "dozens of", "more than {n}", "up to {n}", "three", "a dozen", "hundreds of"]
SOURCES = ["a local official said", "the monitoring group reported", "the ministry said in a statement",
           "witnesses told reporters", "according to medics at the scene", "a spokesman for the group claimed"]  # fmt: skip
FILLER = [
    "The claim could not be independently verified.",
    "Aid agencies warned that the roads out of the area were no longer safe for convoys.",
    "Residents described hours of heavy shelling that left much of the market in ruins.",
    "The front line has barely moved in recent weeks despite repeated attempts to break through.",
    "Both sides accused each other of targeting residential neighbourhoods and infrastructure.",
    "Electricity and water supplies were cut, and the only hospital was running on generators.",
]  # fmt: skip
MONTHS = ["January", "February", "March", "April", "June", "July", "August", "September", "October", "November"]


def article(i: int, rng: random.Random) -> Article:
    published = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 2000))
    sentences: list[str] = []
    words = 0
    while words < 600:
        d = published - timedelta(days=rng.randrange(1, 40))
        when = rng.choice(DATES).format(d=f"{d:%B} {d.day}", m=rng.choice(MONTHS), y=published.year - 1)
        n = rng.choice(NUMBERS).format(n=rng.randrange(2, 300))
        s = rng.choice(
            [
                f"{rng.choice(ACTORS).capitalize()} shelled {rng.choice(TOWNS)} {when}, and {n} "
                f"{rng.choice(VICTIMS)} {rng.choice(OUTCOMES)}, {rng.choice(SOURCES)}.",
                f"{n.capitalize()} {rng.choice(VICTIMS)} {rng.choice(OUTCOMES)} in the village of "
                f"{rng.choice(TOWNS)}, west of {rng.choice(TOWNS)}, {when}.",
                f"{rng.choice(ACTORS).capitalize()} said {rng.randrange(2, 90)} tanks and armoured vehicles "
                f"belonging to {rng.choice(ACTORS)} had been destroyed near {rng.choice(TOWNS)}.",
                rng.choice(FILLER),
                f"Report {i}-{words}: fighting resumed on the outskirts of {rng.choice(TOWNS)} {when}.",
            ]
        )
        sentences.append(s)
        words += len(s.split())
    paragraphs = [" ".join(sentences[k : k + 4]) for k in range(0, len(sentences), 4)]
    text = "\n\n".join(paragraphs)
    return Article(id=f"bench{i:05d}", source=f"bench/{i}.txt", format="text", raw=text, published=published)


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the worker pool)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    from benchenv import TreeMemory, private_cache

    cache = tempfile.TemporaryDirectory(prefix="fogwatch-bench-")
    os.environ["FOGWATCH_CACHE"] = str(private_cache(Path(cache.name)))  # others' runs cannot touch it
    rng = random.Random(20200213)
    arts = [article(i, rng) for i in range(args.articles)]
    words = sum(len(a.raw.split()) for a in arts) / len(arts)
    step = AnalyzeStep()
    started = time.perf_counter()
    step.analyzer.load()
    step.analyzer.analyze(arts[0], arts[0].published)  # first use opens the gazetteer
    load_s = time.perf_counter() - started
    places = step.analyzer.geoparser is not None
    cpu0 = _cpu_seconds()
    started = time.perf_counter()
    mentions = 0
    done = 0
    executor = LocalExecutor(workers=args.workers, batch_size=8)
    with TreeMemory() as mem:
        for out in executor.run([step], arts):
            if isinstance(out, Analysis):
                done += 1
                mentions += len(out.mentions)
    elapsed = time.perf_counter() - started
    cpu_ms = (_cpu_seconds() - cpu0) * 1000 / max(done, 1)
    result = {
        "benchmark": "analyze",
        "articles": done,
        "words_per_article": round(words),
        "workers": args.workers,
        "places": places,
        "seconds": round(elapsed, 2),
        "articles_per_s": round(done / elapsed, 1),
        "cpu_ms_per_article": round(cpu_ms, 1),
        # what the same work gives on `workers` cores nobody else uses (wall figures above
        # fall when other processes share the machine)
        "articles_per_s_idle_estimate": round(args.workers * 1000 / cpu_ms, 1) if cpu_ms else None,
        "mentions_per_article": round(mentions / max(done, 1), 1),
        "load_s": round(load_s, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "memory": mem.summary(),
    }
    print(json.dumps(result))
    cache.cleanup()
    if done != len(arts):
        sys.exit(f"only {done} of {len(arts)} articles were analysed")


if __name__ == "__main__":
    main()
