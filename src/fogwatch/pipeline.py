"""The step contract and the local executor.

A step takes an iterator of records and yields records; a record it refuses
is yielded as a `Reject`, never dropped. Executors run chains of steps; a step
never knows which executor runs it.

One record never stops the others: an exception a step raises on a record
becomes a `Reject` naming the record, the step and the error, and the step
starts again on the records after it. A step may carry a time budget
(`budget`, seconds per record): a record it works on for longer is rejected the
same way. Only a `FogwatchError` (a missing extra, a bad lexicon: every record
would fail alike) ends the run, and it reaches the caller from worker processes
too. A worker process that dies (killed, out of memory, a crash in C code) is
replaced; the records it held are tried again one by one, each in a process of
its own, and the one that kills its process again is rejected.

An executor also runs global stages (`run_stage`; `fogwatch.global_stage`): pure functions over
keyed partitions, whose result is the same however the partitions are spread and finish.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import pickle
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from fogwatch.errors import FogwatchError, WorkerError
from fogwatch.global_stage import GlobalStage, run_local
from fogwatch.model import Article, Input, Reject


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


# --- time budgets ----------------------------------------------------------------------------


class TimeBudgetExceeded(Exception):
    """Raised inside a step that worked on one record for longer than its budget."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds

    def __reduce__(self) -> tuple[Any, ...]:
        return (TimeBudgetExceeded, (self.seconds,))


@dataclass
class _Clock:
    seconds: float | None  # None: the clock of the budget below is stopped
    left: float = 0.0
    since: float = 0.0


# Budgets in force in this thread, innermost last; only the innermost one runs.
_CLOCKS: list[_Clock] = []


def _can_alarm() -> bool:
    return (
        hasattr(signal, "setitimer")
        and hasattr(signal, "pthread_sigmask")
        and threading.current_thread() is threading.main_thread()
    )


def _on_alarm(_signum: int, _frame: object) -> None:
    top = _CLOCKS[-1] if _CLOCKS else None
    # A signal left over from a budget that just ended finds the next one with time left: ignored.
    if top is not None and top.seconds is not None and time.monotonic() - top.since >= top.left - 0.01:
        raise TimeBudgetExceeded(top.seconds)


def _arm(clock: _Clock | None) -> None:
    if clock is None or clock.seconds is None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    clock.since = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, max(clock.left, 1e-4))


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise `TimeBudgetExceeded` in the code of the block once it has run `seconds`.

    Budgets nest: an inner one stops the outer one's clock while it is in force,
    and `time_budget(None)` only stops it (the time a step waits for the record
    before it is not the step's). Off the main thread (a Dask worker runs its tasks
    in threads) a watchdog thread raises it in the block's thread instead of a timer
    signal; on a platform without `setitimer`, the block runs without a budget.
    """
    if not _can_alarm():
        if threading.current_thread() is threading.main_thread():
            yield
        else:
            with _thread_budget(seconds):
                yield
        return
    if seconds is None and not _CLOCKS:
        yield
        return
    outer = _CLOCKS[-1] if _CLOCKS else None
    if outer is None:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
    elif outer.seconds is not None:
        outer.left -= time.monotonic() - outer.since
    clock = _Clock(seconds, left=seconds or 0.0)
    _CLOCKS.append(clock)
    _arm(clock)
    try:
        yield
    finally:
        # no alarm while the budgets are put back in order (it would leave them half done)
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _CLOCKS.pop()
            if outer is None:
                signal.signal(signal.SIGALRM, previous)
            else:
                _arm(outer)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})


class _Overtime(TimeBudgetExceeded):
    """`TimeBudgetExceeded` raised in a thread by the watchdog, which can only name the class: the
    seconds are read, in the thread it is raised in, from the budget in force there."""

    def __init__(self) -> None:
        clocks = _thread_clocks()
        super().__init__(next((c.seconds for c in reversed(clocks) if c.seconds is not None), 0.0))


_THREAD_STATE = threading.local()


def _thread_clocks() -> list[_Clock]:
    clocks: list[_Clock] | None = getattr(_THREAD_STATE, "clocks", None)
    if clocks is None:
        clocks = _THREAD_STATE.clocks = []
    return clocks


def _raise_in(thread: int, exc: type[BaseException] | None) -> None:
    """Raise `exc` in `thread` at its next Python instruction (None: take back one not raised yet)."""
    import ctypes

    arg: object = ctypes.py_object(exc) if exc is not None else ctypes.c_void_p(0)
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), arg)


class _Watchdog:
    """One thread that raises `_Overtime` in each thread whose budget ran out (a timer signal can
    only interrupt the main thread). Like the signal, it stops Python code, not a C call."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.deadlines: dict[int, float] = {}
        self.fired: set[int] = set()
        self.thread: threading.Thread | None = None

    def arm(self, thread: int, deadline: float | None) -> None:
        with self.lock:
            self._disarm(thread)
            if deadline is None:
                return
            self.deadlines[thread] = deadline
            if self.thread is None:
                self.thread = threading.Thread(target=self._watch, name="fogwatch-budget-watchdog", daemon=True)
                self.thread.start()
            self.lock.notify()

    def _disarm(self, thread: int) -> None:
        self.deadlines.pop(thread, None)
        if thread in self.fired:  # raised too late for its block: taken back if it is still pending
            self.fired.discard(thread)
            _raise_in(thread, None)

    def _watch(self) -> None:
        with self.lock:
            while True:
                now = time.monotonic()
                for thread in [t for t, d in self.deadlines.items() if d <= now]:
                    del self.deadlines[thread]
                    self.fired.add(thread)
                    _raise_in(thread, _Overtime)
                soonest = min(self.deadlines.values(), default=None)
                self.lock.wait(None if soonest is None else max(soonest - now, 0.001))


_WATCHDOG = _Watchdog()


def _thread_arm(clock: _Clock | None) -> None:
    if clock is None or clock.seconds is None:
        _WATCHDOG.arm(threading.get_ident(), None)
        return
    clock.since = time.monotonic()
    _WATCHDOG.arm(threading.get_ident(), clock.since + max(clock.left, 1e-4))


@contextlib.contextmanager
def _thread_budget(seconds: float | None) -> Iterator[None]:
    """`time_budget` off the main thread: the same nesting, kept per thread, kept by the watchdog."""
    clocks = _thread_clocks()
    if seconds is None and not clocks:
        yield
        return
    outer = clocks[-1] if clocks else None
    if outer is not None and outer.seconds is not None:
        outer.left -= time.monotonic() - outer.since
    clock = _Clock(seconds, left=seconds or 0.0)
    clocks.append(clock)
    _thread_arm(clock)
    try:
        yield
    finally:
        while True:
            try:
                _thread_arm(None)
                if clocks and clocks[-1] is clock:
                    clocks.pop()
                _thread_arm(outer)
                break
            except _Overtime:  # the block's own budget, run out as it ended: put the budgets back again
                continue


def stopped_clock() -> contextlib.AbstractContextManager[None]:
    """Stop the clock of the budget in force for the block."""
    return time_budget(None)


# --- one chain in this process ------------------------------------------------------------


def subject_of(record: Any) -> str:
    """What a Reject names for a record: a file or URL, an article's source, else a short description."""
    if isinstance(record, str):
        return record
    if isinstance(record, Input):
        return record.location
    if isinstance(record, Article):
        return record.source
    if isinstance(record, tuple):
        for part in record:
            if isinstance(part, Input | Article):
                return subject_of(part)
    text = repr(record)
    return text if len(text) <= 120 else text[:117] + "..."


def crash_reject(step: Any, record: Any, worker: str, timed_out: bool, counters: Counters) -> Reject:
    """The Reject of a record whose worker died or stopped answering, counted against `step`."""
    what = "stopped answering" if timed_out else "died"
    reject = Reject(
        _subject(step, record),
        step.name,
        "crashed",
        f"{worker} {what} while handling this input (killed, out of memory, or stuck in a library); "
        "the other inputs went on",
    )
    counters.step(step.name).seen += 1
    counters.step(step.name).rejected[reject.kind] += 1
    return reject


def _subject(step: Any, record: Any) -> str:
    own = getattr(step, "subject", None)
    if callable(own):
        with contextlib.suppress(Exception):
            return str(own(record))
    return subject_of(record)


def failure_reject(step: Any, record: Any, exc: BaseException) -> Reject:
    """The Reject for a record a step failed on, with a reason a person can read.

    `step` is the step (its `name`, and a `budget_hint` saying how to allow more time).
    """
    name: str = step.name
    subject = _subject(step, record)
    if isinstance(exc, TimeBudgetExceeded):
        hint = getattr(step, "budget_hint", "")
        return Reject(
            subject, name, "too-slow", f"{name} took longer than its {exc.seconds:g} s budget on this input{hint}"
        )
    if isinstance(exc, RecursionError):
        what = "nested too deeply to handle"
    elif isinstance(exc, MemoryError):
        what = "too large to hold in memory"
    else:
        what = f"{type(exc).__name__}: {exc}"
        what = what if len(what) <= 300 else what[:297] + "..."
    return Reject(subject, name, "error", f"{name} failed on this input ({what})")


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
    source = iter(records)
    held: list[Any] = []  # records the step has taken and not yet answered
    last: list[Any] = []  # the record it took last (for a failure between its answers)
    budget: float | None = getattr(step, "budget", None)

    def feed() -> Iterator[Any]:
        while True:
            with stopped_clock():  # the time the records before take is not this step's
                try:
                    record = next(source)
                except StopIteration:
                    return
                counts.seen += 1
                held.append(record)
                last[:] = [record]
            yield record

    outputs = iter(step.run(feed()))
    while True:
        try:
            with time_budget(budget):
                out = next(outputs)
        except StopIteration:
            return
        except FogwatchError:
            raise
        except Exception as exc:
            failed = held[:] or last[:]
            if not failed:
                raise  # the step fails before it takes a record: no record to blame, and it would fail again
            held.clear()
            last.clear()
            for record in failed:
                reject = failure_reject(step, record, exc)
                counts.rejected[reject.kind] += 1
                rejects.append(reject)
            outputs = iter(step.run(feed()))  # on with the records after the failed one
            continue
        held.clear()
        if isinstance(out, Reject):
            counts.rejected[out.kind] += 1
            rejects.append(out)
        else:
            counts.out += 1
            yield out


class Budgeted:
    """A step run with a time budget per record, for a step that sets none itself."""

    def __init__(self, step: Step, seconds: float | None, hint: str = "") -> None:
        self.step = step
        self.name = step.name
        self.budget = seconds
        self.budget_hint = hint

    def run(self, records: Iterable[Any]) -> Iterator[Any]:
        return self.step.run(records)


# --- worker processes -------------------------------------------------------------------------

# Worker-process state: the step chain is sent once, at pool start.
_WORKER_STEPS: Sequence[Step] = ()


def _init_worker(steps: Sequence[Step]) -> None:
    global _WORKER_STEPS
    _WORKER_STEPS = steps
    # Ctrl-C is the parent's to handle: it stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()


def _exit_with_parent(every: float = 1.0) -> None:
    """End this worker when its parent is gone (killed with SIGKILL, it cannot stop its workers, which
    would otherwise wait on the task queue for ever)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="fogwatch-parent-watch", daemon=True).start()


def _run_batch(batch: list[Any]) -> tuple[list[Any], Counters]:
    counters = Counters()
    try:
        return list(run_chain(_WORKER_STEPS, batch, counters)), counters
    except Exception as exc:
        failure = _sendable(exc)
    # Raised bare: where tblib's pickling is installed (importing dask.distributed does it), an error
    # is pickled with its cause and context, and a context that cannot be pickled would break the pool.
    failure.__cause__ = failure.__context__ = None
    raise failure


def _sendable(exc: Exception) -> Exception:
    """`exc` if it survives the trip to the parent process, else a `WorkerError` saying what it was.

    An exception that cannot be unpickled in the parent would break the pool's
    result thread and leave the parent waiting for ever.
    """
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return WorkerError(type(exc).__name__, str(exc))
    return exc


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


def _context() -> Any:
    return mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _stop(pool: ProcessPoolExecutor, kill: bool) -> None:
    """Shut a pool down; with `kill`, end its workers now instead of letting them finish."""
    if kill:
        # ProcessPoolExecutor has no public way to end busy workers before Python 3.14.
        for proc in list(getattr(pool, "_processes", {}).values()):
            with contextlib.suppress(Exception):
                proc.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


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
                yield from self._inline(steps, batch, progress)
            return
        first = next(batches, None)
        if first is None:
            return
        second = next(batches, None)
        if second is None:
            yield from self._inline(steps, first, progress)
            return

        def all_batches() -> Iterator[list[Any]]:
            yield first
            yield second
            yield from batches

        yield from self._pooled(steps, all_batches(), progress)

    def run_stage(self, stage: GlobalStage[Any, Any, Any], records: Iterable[Any]) -> Any:
        """A global stage, in this process (its partitions are small and many: a pool would spend
        more on sending them than on reducing them)."""
        return run_local(stage, records)

    def _inline(self, steps: Sequence[Step], batch: list[Any], progress: ProgressCallback | None) -> Iterator[Any]:
        counts = Counters()
        out = list(run_chain(steps, batch, counts))
        self.counters.merge(counts)
        if progress:
            progress(len(batch))
        yield from out

    def _pool(self, steps: Sequence[Step]) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers, mp_context=_context(), initializer=_init_worker, initargs=(tuple(steps),)
        )

    def _pooled(
        self, steps: Sequence[Step], batches: Iterator[list[Any]], progress: ProgressCallback | None
    ) -> Iterator[Any]:
        # A few batches per worker in flight: enough to keep every core busy, few enough
        # that memory stays bounded however many records there are.
        window = self.workers * 2
        pool = self._pool(steps)
        pending: deque[tuple[list[Any], Future[tuple[list[Any], Counters]] | None]] = deque()
        clean_exit = False
        try:
            while True:
                while len(pending) < window and (batch := next(batches, None)) is not None:
                    try:
                        pending.append((batch, pool.submit(_run_batch, batch)))
                    except BrokenProcessPool:
                        pending.append((batch, None))  # the pool broke before it could take it
                        break
                if not pending:
                    break
                batch, future = pending.popleft()
                try:
                    if future is None:
                        raise BrokenProcessPool("the pool broke before this batch was sent")
                    out, counts = future.result(timeout=_stall_seconds(steps, len(batch)))
                except (BrokenProcessPool, TimeoutError):
                    # A worker died (or hangs in code no budget can stop): every batch in flight
                    # goes with it. Each of their records is tried again on its own; then a fresh
                    # pool goes on with the rest.
                    lost = [batch] + [b for b, _ in pending]
                    pending.clear()
                    _stop(pool, kill=True)
                    for b in lost:
                        out, counts = _one_by_one(steps, b)
                        self.counters.merge(counts)
                        if progress:
                            progress(len(b))
                        yield from out
                    pool = self._pool(steps)
                    continue
                self.counters.merge(counts)
                if progress:
                    progress(len(batch))
                yield from out
            clean_exit = True
        finally:
            _stop(pool, kill=not clean_exit)


class Executor(Protocol):
    """What runs a chain of steps over records: `LocalExecutor`, or `fogwatch.dask_executor.DaskExecutor`."""

    counters: Counters

    def run(
        self, steps: Sequence[Step], records: Iterable[Any], progress: ProgressCallback | None = None
    ) -> Iterator[Any]: ...

    def run_stage(self, stage: GlobalStage[Any, Any, Any], records: Iterable[Any]) -> Any:
        """A global stage (`fogwatch.global_stage`) over records: its merged result."""
        ...


# How a run makes the executor of each of its map phases, from (workers, batch size).
MakeExecutor = Callable[[int | None, int], Executor]


def local_executor(workers: int | None, batch_size: int) -> Executor:
    return LocalExecutor(workers=workers, batch_size=batch_size)


# What a step that sets no budget is given per record before its worker is taken to hang.
_NO_BUDGET_STALL = 300.0


def _stall_seconds(steps: Sequence[Step], records: int) -> float:
    """How long a batch may take before its worker is taken to hang (in code a budget cannot stop)."""
    per_record = sum(getattr(s, "budget", None) or _NO_BUDGET_STALL for s in steps)
    return 2 * per_record * max(1, records) + 60


def _one_by_one(steps: Sequence[Step], batch: list[Any]) -> tuple[list[Any], Counters]:
    """Run each record of a batch in a process of its own; a record whose process dies or hangs is rejected."""
    out: list[Any] = []
    counters = Counters()
    if not steps:
        return out, counters
    first = steps[0]
    for record in batch:
        pool = ProcessPoolExecutor(1, mp_context=_context(), initializer=_init_worker, initargs=(tuple(steps),))
        try:
            got, counts = pool.submit(_run_batch, [record]).result(timeout=_stall_seconds(steps, 1))
        except (BrokenProcessPool, TimeoutError) as exc:
            _stop(pool, kill=True)
            out.append(crash_reject(first, record, "the worker process", isinstance(exc, TimeoutError), counters))
            continue
        _stop(pool, kill=False)
        out.extend(got)
        counters.merge(counts)
    return out, counters


__all__ = [
    "Budgeted",
    "Counters",
    "Executor",
    "LocalExecutor",
    "MakeExecutor",
    "Step",
    "StepCounts",
    "TimeBudgetExceeded",
    "failure_reject",
    "local_executor",
    "run_chain",
    "stopped_clock",
    "subject_of",
    "time_budget",
]
