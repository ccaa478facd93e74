"""The step contract and the local executor.

A step takes an iterator of records and yields records; a record it refuses
is yielded as a `Reject`, never dropped. Executors run chains of steps; a step
never knows which executor runs it.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from fogwatch.model import Reject


@runtime_checkable
class Step(Protocol):
    """One stage: records in, records (or Rejects) out."""

    name: str

    def run(self, records: Iterable[Any]) -> Iterator[Any]: ...


@dataclass
class StepCounts:
    seen: int = 0
    out: int = 0
    rejected: Counter[str] = field(default_factory=Counter)

    def add(self, other: StepCounts) -> None:
        self.seen += other.seen
        self.out += other.out
        self.rejected.update(other.rejected)


@dataclass
class Counters:
    """Per-step counts: records seen, records out, rejects by kind."""

    steps: dict[str, StepCounts] = field(default_factory=dict)

    def step(self, name: str) -> StepCounts:
        return self.steps.setdefault(name, StepCounts())

    def merge(self, other: Counters) -> None:
        for name, counts in other.steps.items():
            self.step(name).add(counts)

    def summary(self) -> str:
        lines = []
        for name, c in self.steps.items():
            rej = ", ".join(f"{k}: {v}" for k, v in sorted(c.rejected.items()))
            lines.append(
                f"{name:<12} in {c.seen:>6}  out {c.out:>6}"
                + (f"  rejected {sum(c.rejected.values())} ({rej})" if rej else "")
            )
        return "\n".join(lines)


def _counted(records: Iterable[Any], counts: StepCounts) -> Iterator[Any]:
    for r in records:
        counts.seen += 1
        yield r


def run_chain(steps: Sequence[Step], records: Iterable[Any], counters: Counters) -> Iterator[Any]:
    """Apply steps in order in this process. Rejects bypass the later steps."""
    rejects: list[Reject] = []
    stream: Iterable[Any] = records
    for step in steps:
        stream = _apply(step, stream, counters.step(step.name), rejects)
    for record in stream:
        yield from rejects
        rejects.clear()
        yield record
    yield from rejects


def _apply(step: Step, records: Iterable[Any], counts: StepCounts, rejects: list[Reject]) -> Iterator[Any]:
    for out in step.run(_counted(records, counts)):
        if isinstance(out, Reject):
            counts.rejected[out.kind] += 1
            rejects.append(out)
        else:
            counts.out += 1
            yield out


# Worker-process state: the step chain is sent once, at pool start.
_WORKER_STEPS: Sequence[Step] = ()


def _init_worker(steps: Sequence[Step]) -> None:
    global _WORKER_STEPS
    _WORKER_STEPS = steps


def _run_batch(batch: list[Any]) -> tuple[list[Any], Counters]:
    counters = Counters()
    return list(run_chain(_WORKER_STEPS, batch, counters)), counters


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


ProgressCallback = Callable[[int], None]


class LocalExecutor:
    """Runs a chain of steps over batches of records in worker processes.

    Output order follows input order. With `workers=1` (or a single batch) the
    chain runs in this process, which is also what tests and debuggers want.
    """

    def __init__(self, workers: int | None = None, batch_size: int = 16) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self.batch_size = batch_size
        self.counters = Counters()

    def run(
        self,
        steps: Sequence[Step],
        records: Iterable[Any],
        progress: ProgressCallback | None = None,
    ) -> Iterator[Any]:
        for name in (s.name for s in steps):
            self.counters.step(name)
        batches = _batches(records, self.batch_size)
        if self.workers == 1:
            for batch in batches:
                out, counts = _run_inline(steps, batch)
                self.counters.merge(counts)
                if progress:
                    progress(len(batch))
                yield from out
            return
        first = next(batches, None)
        if first is None:
            return
        second = next(batches, None)
        if second is None:
            out, counts = _run_inline(steps, first)
            self.counters.merge(counts)
            if progress:
                progress(len(first))
            yield from out
            return
        ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")

        def all_batches() -> Iterator[list[Any]]:
            yield first
            yield second
            yield from batches

        sizes: list[int] = []

        def sized() -> Iterator[list[Any]]:
            for b in all_batches():
                sizes.append(len(b))
                yield b

        with ctx.Pool(self.workers, initializer=_init_worker, initargs=(tuple(steps),)) as pool:
            for i, (out, counts) in enumerate(pool.imap(_run_batch, sized())):
                self.counters.merge(counts)
                if progress:
                    progress(sizes[i])
                yield from out


def _run_inline(steps: Sequence[Step], batch: list[Any]) -> tuple[list[Any], Counters]:
    counters = Counters()
    return list(run_chain(steps, batch, counters)), counters
