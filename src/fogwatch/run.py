"""End-to-end runs, as importable functions: the CLI is a thin wrapper over these."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fogwatch.clean.learned import Thresholds, finish
from fogwatch.clean.step import CleanStep
from fogwatch.errors import FogwatchError
from fogwatch.ingest import ReadStep, discover
from fogwatch.ingest.jsonl import JsonFields
from fogwatch.ingest.web import Fetcher, FetchStep, HttpDateStep
from fogwatch.model import Article, Input, Reject
from fogwatch.pipeline import Budgeted, Counters, MakeExecutor, Step, failure_reject, local_executor, run_chain
from fogwatch.settings import Settings, current, using
from fogwatch.store import Store, sitelines
from fogwatch.store.sitelines import store_records
from fogwatch.stories import StoriesSummary, update_stories

# Records stored per transaction, and the seconds cleaning one document may take (a backstop against
# a text no limit caught), by default; a run takes them from its settings (`batch_size`, `clean_seconds`).
BATCH_SIZE = Settings().batch_size
CLEAN_SECONDS = Settings().clean_seconds


class _StoreStep:
    name = "store"


_STORE = _StoreStep()

# Where a run is: phase ("reading", "fetching", "learning", "stories", "analysis", "fusion",
# or a phase with a note after a colon), records done, and the total when it is known.
Progress = Callable[[str, int, int | None], None]


@dataclass
class IngestResult:
    inputs: int = 0
    stored: int = 0
    already: int = 0
    relearned: int = 0  # articles whose cleaning changed once site boilerplate was learned
    stories: StoriesSummary = field(default_factory=StoriesSummary)
    analysis: str | None = None  # what the analyze step did, or why it did not run
    rejected: list[Reject] = field(default_factory=list)
    counters: Counters = field(default_factory=Counters)


def ingest(
    paths: Iterable[str],
    store: Store,
    workers: int | None = None,
    progress: Progress | None = None,
    settings: Settings | None = None,
    executors: MakeExecutor | None = None,
) -> IngestResult:
    """Read, clean and store everything under `paths`.

    Each batch of results is written in one transaction, so a run that is
    killed leaves only whole batches behind, and a rerun stores what is missing.
    """
    inputs = list(discover(paths))
    return ingest_inputs(inputs, store, workers=workers, progress=progress, settings=settings, executors=executors)


def ingest_inputs(
    inputs: list[Input],
    store: Store,
    workers: int | None = None,
    progress: Progress | None = None,
    fetcher: Fetcher | None = None,
    json_fields: JsonFields | None = None,
    nlp: str | None = None,
    result: IngestResult | None = None,
    settings: Settings | None = None,
    executors: MakeExecutor | None = None,
) -> IngestResult:
    """Read, clean and store `inputs`, then finish the run (`finish_run`).

    Pass `result` to see what was stored so far should the run be interrupted. `settings` (by
    default those in force) travel with the steps to the worker processes. `executors` makes what
    runs the map steps (default: worker processes here; see `fogwatch.dask_executor`).
    """
    settings = settings if settings is not None else current()
    result = result if result is not None else IngestResult(inputs=len(inputs))
    urls = [i for i in inputs if i.kind == "url"]
    files = [i for i in inputs if i.kind != "url"]
    executor = (executors or local_executor)(workers, max(1, min(32, len(files) // 8 or 1)))
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("reading", done, len(files))

    if progress and files:
        progress("reading", 0, len(files))
    batch: list[Article | Reject] = []
    clean: Step = Budgeted(CleanStep(), settings.clean_seconds, " (set FOGWATCH_CLEAN_SECONDS to allow more)")
    # Shared with other runs storing into this database at once; finishing waits for them all
    # (see fogwatch.store.locks), so concurrent runs end as one run over all their inputs.
    with store.storing():
        for record in executor.run([ReadStep(json_fields, settings), clean], files, progress=tick):
            batch.append(record)
            if len(batch) >= settings.batch_size:
                _flush(store, batch, result)
        _flush(store, batch, result)
        result.counters = executor.counters
        if urls:
            # One process: the fetcher's robots.txt rules and per-host pacing must be shared.
            fetch: list[Step] = [FetchStep(fetcher or Fetcher(settings=settings)), clean, HttpDateStep()]
            fetched = 0
            for record in run_chain(fetch, urls, result.counters):
                batch.append(record)
                if len(batch) >= 8:
                    fetched += _flush(store, batch, result)
                    if progress:
                        progress("fetching", min(fetched, len(urls)), len(urls))
            _flush(store, batch, result)
    result.relearned, result.stories, result.analysis = finish_run(
        store, workers=workers, nlp=nlp, progress=progress, settings=settings, executors=executors
    )
    return result


def finish_run(
    store: Store,
    workers: int | None = None,
    nlp: str | None = None,
    progress: Progress | None = None,
    settings: Settings | None = None,
    executors: MakeExecutor | None = None,
) -> tuple[int, Any, Any]:
    """What follows storing new articles, in order: relearn site boilerplate, find copies, analyse, fuse events.

    Exclusive: one run at a time finishes, over everything every run has stored. The settings
    (by default those in force) are in force while it runs, for the code that is not handed them.
    """
    settings = settings if settings is not None else current()
    with store.finishing(), using(settings):
        return _finish(store, workers, nlp, progress, settings, executors)


def _finish(
    store: Store,
    workers: int | None,
    nlp: str | None,
    progress: Progress | None,
    settings: Settings,
    executors: MakeExecutor | None = None,
) -> tuple[int, Any, Any]:
    def phase(name: str) -> None:
        if progress:
            progress(name, 0, None)

    phase("learning")
    relearned = refresh_learned(store)
    # after relearning: copies are found on the clean text with the learned boilerplate gone
    phase("stories")
    stories = update_stories(store, workers=workers, executors=executors)
    # after stories: an undated article's dates are read against its story's first publication
    from fogwatch.analyze import analyze_after_ingest

    def analysed(done: int, total: int) -> None:
        if progress:
            progress("analysis", done, total)

    def building(path: Path) -> None:
        phase("analysis: building the offline gazetteer (first run only, some 30 s)")

    analysis = analyze_after_ingest(
        store, workers=workers, nlp=nlp, progress=analysed, on_build=building, settings=settings, executors=executors
    )
    # after analysis: claims of every article, old and new, are fused into events again
    from fogwatch.events.fuse import fuse_after_analysis
    from fogwatch.events.fusion_stage import grouping
    from fogwatch.global_stage import run_local

    phase("fusion")
    # over partitions of claims that may meet, on the executor (a Dask cluster's workers, or here)
    events = fuse_after_analysis(store, grouping(executors(None, 1).run_stage if executors is not None else run_local))
    return relearned, stories, f"{analysis}\n{events}" if events else analysis


def _flush(store: Store, batch: list[Article | Reject], result: IngestResult) -> int:
    """Store a batch; return how many records it held.

    A batch the database refuses is stored record by record, and a record it refuses
    alone is rejected (step "store") with the database's reason; when even that reject
    cannot be written the storage itself is at fault, and the error goes up.
    """
    if not batch:
        return 0
    try:
        stored = store_records(store, batch)
    except FogwatchError:
        raise
    except Exception:
        if len(batch) == 1:
            raise
        stored = 0
        for i, record in enumerate(batch):
            try:
                stored += store_records(store, [record])
            except FogwatchError:
                raise
            except Exception as exc:
                if not isinstance(record, Article):
                    raise
                batch[i] = failure_reject(_STORE, record, exc)
                store_records(store, [batch[i]])
    arts = sum(1 for r in batch if isinstance(r, Article))
    result.stored += stored
    result.already += arts - stored
    result.rejected.extend(r for r in batch if isinstance(r, Reject))
    n = len(batch)
    batch.clear()
    return n


def refresh_learned(store: Store, thresholds: Thresholds | None = None, batch: int = 200) -> int:
    """Relearn the boilerplate of groups whose counts changed; re-finish the articles it touches.

    Safe to interrupt: groups stay dirty and articles stay queued until their
    articles are rewritten, so the next run picks up where this one stopped.
    """
    t = thresholds or Thresholds()
    with store.engine.begin() as conn:
        dirty = sitelines.dirty_groups(conn)
        changed: list[str] = []
        for group, total in dirty.items():
            keys = {k for k, docs, prose in sitelines.line_counts(conn, group) if t.passes(docs, total, prose)}
            if keys != sitelines.learned_keys(conn, [group])[group]:
                sitelines.set_learned(conn, group, keys)
                changed.append(group)
        todo = sorted(sitelines.group_articles(conn, changed) | sitelines.queued(conn))
    rewritten = 0
    for i in range(0, len(todo), batch):
        ids = todo[i : i + batch]
        arts = store.articles_by_ids(ids)
        with store.engine.begin() as conn:
            memberships = sitelines.groups_of_articles(conn, ids)
            learned = sitelines.learned_keys(conn, {g for gs in memberships.values() for g in gs})
            for art in arts:
                art_keys: set[str] = set().union(*(learned.get(g, set()) for g in memberships.get(art.id, [])))
                if finish(art, art_keys):
                    store.replace_cleaning(conn, art)
                    rewritten += 1
            sitelines.clear(conn, [], ids)
    with store.engine.begin() as conn:
        sitelines.clear(conn, dirty, [])
    return rewritten
