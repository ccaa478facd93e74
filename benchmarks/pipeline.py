"""End-to-end throughput: raw text files to stored events and claims, articles/s on 2 cores.

The articles are the ones benchmarks/analyze.py writes (about 600 words of war reporting each,
all different), saved as text dumps with a headline and a dateline. One `fogwatch ingest` run
on a fresh SQLite file does everything a user's run does: read, clean, store, learn site
boilerplate, find copies, analyse (places, dates, actors, numbers, event claims with speaker
and certainty) and fuse events. Load time of the language parts is included, as a user pays
it once per run.

The run is made twice, with 1 worker and with `--workers` (a fresh database each), and the
JSON gives the speedup. Each run's phases are timed by wall clock as the run reports them
(`phase_s`: read+clean+store, learning, stories, analysis, fusion). Then a sample of the
articles goes through every stage again in this one process, each timed on its own
(`stage_cpu_ms_per_article`: read, clean, store, sign for stories, and the parts of analysis:
language, sentences, places, dates, actors, numbers, events), to show where the time goes.
Prints one JSON line.
Usage: python benchmarks/pipeline.py [--articles 1000] [--workers 2] [--sample 200] [--no-single]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from analyze import _cpu_seconds, article  # benchmarks/analyze.py: the same generated reports
from benchenv import TreeMemory, private_cache
from fogwatch.clean.step import CleanStep
from fogwatch.ingest import ReadStep
from fogwatch.model import Article, Input
from fogwatch.run import ingest
from fogwatch.store import Store, schema


def write_corpus(folder: Path, n: int, seed: int = 20200213) -> None:
    """`n` generated reports as text dumps: a headline, a dateline, then the report."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        a = article(i, rng)
        assert a.published is not None
        head = f"Fighting report {i}\n\nBench Wire, {a.published:%B} {a.published.day}, {a.published.year}\n\n"
        (folder / f"{i:06d}.txt").write_text(head + a.raw + "\n", encoding="utf-8")


def timed_run(corpus: Path, db: Path, workers: int) -> dict[str, Any]:
    """One `ingest` on a fresh database: wall seconds, CPU, counts, and each phase's wall seconds."""
    store = Store.open(str(db))
    phase_s: dict[str, float] = defaultdict(float)
    current = ["reading", time.perf_counter()]

    def progress(phase: str, _done: int, _total: int | None) -> None:
        name = phase.split(":")[0]
        if name != current[0]:
            now = time.perf_counter()
            phase_s[str(current[0])] += now - float(current[1])
            current[0], current[1] = name, now

    cpu0 = _cpu_seconds()
    started = time.perf_counter()
    with TreeMemory() as mem:
        result = ingest([str(corpus)], store, workers=workers, progress=progress)
    ended = time.perf_counter()
    phase_s[str(current[0])] += ended - float(current[1])
    elapsed = ended - started
    cpu = _cpu_seconds() - cpu0
    with store.engine.connect() as conn:
        claims = conn.execute(select(func.count()).select_from(schema.claims)).scalar_one()
        events = conn.execute(select(func.count()).select_from(schema.events)).scalar_one()
    store.close()
    return {
        "workers": workers,
        "articles": result.stored,
        "seconds": round(elapsed, 2),
        "articles_per_s": round(result.stored / elapsed, 1),
        "cpu_ms_per_article": round(cpu * 1000 / max(result.stored, 1), 1),
        "claims": claims,
        "events": events,
        # read+clean+store are one phase: workers read and clean while this process stores
        "phase_s": {("read+clean+store" if k == "reading" else k): round(v, 2) for k, v in phase_s.items()},
        "analysis": result.analysis,
        "memory": mem.summary(),
    }


class StageClock:
    """CPU seconds per named stage, gathered by wrapping the callables that do each stage's work.

    A stage called from inside another of the same level ("analyze.events.attribution" from inside
    "analyze.events.arguments") is counted once, in the inner one, so the parts of a level add up.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._open: list[list[Any]] = []  # [name, seconds of same-level stages run inside it]

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        frame: list[Any] = [name, 0.0]
        self._open.append(frame)
        t0 = time.process_time()
        try:
            yield
        finally:
            spent = time.process_time() - t0
            self._open.pop()
            self.seconds[name] += spent - frame[1]
            same = [f for f in self._open if f[0].count(".") == name.count(".")]
            if same:
                same[-1][1] += spent

    def wrap(self, name: str, fn: Callable[..., Any], listed: bool = False) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name):
                out = fn(*args, **kwargs)
                return list(out) if listed else out

        return timed


def stage_costs(corpus: Path, sample: int, tmp: Path) -> dict[str, float]:
    """CPU ms per article of each stage, in this process, over the first `sample` files (loading excluded)."""
    import fogwatch.analyze as analyze_mod
    import fogwatch.nlp.dates as dates_mod
    from fogwatch.analyze import Analyzer
    from fogwatch.stories.signature import Signer, TextToSign

    files = sorted(corpus.iterdir())[:sample]
    clock = StageClock()
    analyzer = Analyzer().load()
    signer = Signer()
    store = Store.open(str(tmp / "stages.db"))
    # warm up every part on one article, so first-use costs (opening the gazetteer) are not counted
    warm = next(iter(CleanStep().run(ReadStep().run([Input(str(files[0]), "text")]))))
    assert isinstance(warm, Article)
    analyzer.analyze(warm, warm.published)

    with clock.stage("read"):
        read = [r for r in ReadStep().run(Input(str(p), "text") for p in files)]
    with clock.stage("clean"):
        arts = [r for r in CleanStep().run(read) if isinstance(r, Article)]
    with clock.stage("store"):
        for i in range(0, len(arts), 64):
            store.write_batch(arts[i : i + 64])
    with clock.stage("sign"):
        signer.sign_many([TextToSign(a.id, a.text) for a in arts])
    # the parts of analysis, each timed where the analyzer calls it
    tp, geo, actors, numbers = (
        analyzer.text_pipeline,
        analyzer.geoparser,
        analyzer.actor_matcher,
        analyzer.quantity_finder,
    )
    events = analyzer.event_extractor
    saved = (analyze_mod.detect_language, dates_mod.find_timexes, dates_mod.infer_anchor)
    analyze_mod.detect_language = clock.wrap("analyze.language", saved[0])  # type: ignore[assignment]
    dates_mod.find_timexes = clock.wrap("analyze.dates", saved[1])  # type: ignore[assignment]
    dates_mod.infer_anchor = clock.wrap("analyze.dates", saved[2])  # type: ignore[assignment]
    tp.parse = clock.wrap("analyze.sentences", tp.parse)  # type: ignore[method-assign]
    if geo is not None:
        geo.find = clock.wrap("analyze.places", geo.find)
    actors.find = clock.wrap("analyze.actors", actors.find)
    actors.country_mentions = clock.wrap("analyze.actors", actors.country_mentions, listed=True)
    numbers.find = clock.wrap("analyze.numbers", numbers.find)
    import fogwatch.events.arguments as arguments_mod
    import fogwatch.events.attribution as attribution_mod
    import fogwatch.events.loaded as loaded_mod

    saved_events = (attribution_mod.attribute, arguments_mod.build_reports, loaded_mod.loaded_language)
    if events is not None:
        events.extract = clock.wrap("analyze.events", events.extract)
        classifier = events.classifier
        classifier.classify_many = clock.wrap("analyze.events.classify", classifier.classify_many)
        attribution_mod.attribute = clock.wrap("analyze.events.attribution", saved_events[0])  # type: ignore[assignment]
        arguments_mod.build_reports = clock.wrap("analyze.events.arguments", saved_events[1])  # type: ignore[assignment]
        loaded_mod.loaded_language = clock.wrap("analyze.events.loaded", saved_events[2])  # type: ignore[assignment]
    try:
        with clock.stage("analyze"):
            for a in arts:
                analyzer.analyze(a, a.published)
    finally:
        analyze_mod.detect_language, dates_mod.find_timexes, dates_mod.infer_anchor = saved  # type: ignore[assignment]
        attribution_mod.attribute, arguments_mod.build_reports, loaded_mod.loaded_language = saved_events  # type: ignore[assignment]
    store.close()
    for whole in ("analyze", "analyze.events"):
        depth = whole.count(".") + 1
        parts = sum(v for k, v in clock.seconds.items() if k.startswith(whole + ".") and k.count(".") == depth)
        if whole in clock.seconds:
            clock.seconds[whole + ".other"] = clock.seconds[whole] - parts
    return {k: round(v * 1000 / len(arts), 2) for k, v in sorted(clock.seconds.items())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--sample", type=int, default=200, help="articles timed stage by stage in one process")
    ap.add_argument("--no-single", action="store_true", help="skip the 1-worker run (and the speedup)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="fogwatch-bench-") as tmp:
        os.environ["FOGWATCH_CACHE"] = str(private_cache(Path(tmp) / "cache"))  # others' runs cannot touch it
        corpus = Path(tmp) / "corpus" / "bench-wire"
        write_corpus(corpus, args.articles)
        main_run = timed_run(corpus, Path(tmp) / "bench.db", args.workers)
        out: dict[str, Any] = {"benchmark": "pipeline", **{k: v for k, v in main_run.items()}}
        if not args.no_single and args.workers != 1:
            single = timed_run(corpus, Path(tmp) / "bench-1.db", 1)
            out["one_worker"] = {k: single[k] for k in ("seconds", "articles_per_s", "phase_s", "memory")}
            out["speedup"] = round(single["seconds"] / main_run["seconds"], 2)
        out["stage_cpu_ms_per_article"] = stage_costs(corpus, min(args.sample, args.articles), Path(tmp))
        out["cpus"] = os.cpu_count()
        out["load_average"] = [round(x, 2) for x in os.getloadavg()]  # others' work on the machine skews wall time
        print(json.dumps(out))
        if main_run["articles"] != args.articles:
            sys.exit(f"only {main_run['articles']} of {args.articles} articles were stored")


if __name__ == "__main__":
    main()
