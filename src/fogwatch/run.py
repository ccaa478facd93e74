"""End-to-end runs, as importable functions: the CLI is a thin wrapper over these."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from fogwatch.clean.step import CleanStep
from fogwatch.ingest import ReadStep, discover
from fogwatch.model import Article, Input, Reject
from fogwatch.pipeline import Counters, LocalExecutor
from fogwatch.store import Store

BATCH_SIZE = int(os.environ.get("FOGWATCH_BATCH_SIZE", 64))


@dataclass
class IngestResult:
    inputs: int = 0
    stored: int = 0
    already: int = 0
    rejected: list[Reject] = field(default_factory=list)
    counters: Counters = field(default_factory=Counters)


def ingest(
    paths: Iterable[str],
    store: Store,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IngestResult:
    """Read, clean and store everything under `paths`.

    Each batch of results is written in one transaction, so a run that is
    killed leaves only whole batches behind, and a rerun stores what is missing.
    """
    inputs = list(discover(paths))
    return ingest_inputs(inputs, store, workers=workers, progress=progress)


def ingest_inputs(
    inputs: list[Input],
    store: Store,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IngestResult:
    result = IngestResult(inputs=len(inputs))
    executor = LocalExecutor(workers=workers, batch_size=max(1, min(32, len(inputs) // 8 or 1)))
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, len(inputs))

    batch: list[Article | Reject] = []
    for record in executor.run([ReadStep(), CleanStep()], inputs, progress=tick):
        batch.append(record)
        if len(batch) >= BATCH_SIZE:
            _flush(store, batch, result)
    _flush(store, batch, result)
    result.counters = executor.counters
    return result


def _flush(store: Store, batch: list[Article | Reject], result: IngestResult) -> None:
    if not batch:
        return
    stored, _ = store.write_batch(batch)
    arts = sum(1 for r in batch if isinstance(r, Article))
    result.stored += stored
    result.already += arts - stored
    result.rejected.extend(r for r in batch if isinstance(r, Reject))
    batch.clear()
