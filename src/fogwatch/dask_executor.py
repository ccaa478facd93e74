"""The map steps on a Dask distributed cluster: `fogwatch ingest --executor dask [--scheduler ADDRESS]`.

`DaskExecutor` runs a chain of steps over batches of records as Dask tasks, under the same
contract as `fogwatch.pipeline.LocalExecutor`: output in input order, every record answered
(a record a step refuses or fails on is a `Reject` naming it), a `FogwatchError` ends the run,
and a record whose worker dies is tried again alone and rejected if it kills its worker then
too. The map steps (read and clean, sign, analyze with its claims) run on the cluster, and so
does fusion, a global stage over keyed partitions (`run_stage`, `fogwatch.global_stage`) whose
result does not depend on the order its partitions finish in; the other global stages (learned
site boilerplate, stories) still run in this process, as with the local executor.

`DaskCluster` is the cluster for one run: a `LocalCluster` of worker processes on this machine,
or the scheduler at an address (`dask scheduler` / `dask worker`, dask-jobqueue, dask-kubernetes).
It closes what it started on exit, Ctrl-C included. A chain of steps travels pickled with each
task and is unpickled once per worker thread (kept by its hash), which loads its heavy parts (spaCy,
the gazetteer) before its first record, so no record's time budget pays for them.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import pickle
import signal
import threading
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

from fogwatch.errors import BadExecutor, NoWorkers, SchedulerUnreachable, require
from fogwatch.global_stage import GlobalStage, run_on_dask
from fogwatch.pipeline import (
    Counters,
    MakeExecutor,
    ProgressCallback,
    Step,
    _batches,
    _sendable,
    _stall_seconds,
    crash_reject,
    run_chain,
)
from fogwatch.settings import Settings, current, using

PURPOSE = "Running on a Dask cluster (--executor dask)"
LOCAL_WORKERS = 2  # worker processes of the LocalCluster started when no scheduler is given


# --- in the worker -----------------------------------------------------------------------------

# The chains this worker has unpickled, one copy per thread (steps are not shared between
# threads), the last few only: a long-lived worker serves run after run.
_CHAINS: OrderedDict[tuple[int, str], tuple[Sequence[Step], Settings]] = OrderedDict()
_KEEP = 6
_CHAINS_LOCK = threading.Lock()


def _steps_here(payload: bytes, token: str) -> tuple[Sequence[Step], Settings]:
    key = (threading.get_ident(), token)
    with _CHAINS_LOCK:
        steps = _CHAINS.get(key)
        if steps is not None:
            _CHAINS.move_to_end(key)
            return steps
    steps = pickle.loads(payload)
    with using(steps[1]):
        for step in steps[0]:
            load = getattr(step, "load", None)
            if callable(load):
                load()
    with _CHAINS_LOCK:
        _CHAINS[key] = steps
        while len(_CHAINS) > _KEEP:
            _CHAINS.popitem(last=False)
    return steps


def _run_batch(payload: bytes, token: str, batch: list[Any]) -> tuple[list[Any], Counters]:
    try:
        counters = Counters()
        steps, settings = _steps_here(payload, token)
        # the run's settings in force here too, for code that reads them rather than being handed them
        with using(settings):
            return list(run_chain(steps, batch, counters)), counters
    except Exception as exc:
        failure = _sendable(exc)
    # Raised bare: Dask sends an error with its cause and context, and an error it cannot pickle
    # reaches the caller as a plain Exception, no longer a FogwatchError.
    failure.__cause__ = failure.__context__ = None
    raise failure


def _ignore_ctrl_c() -> None:
    """Ctrl-C at a terminal reaches the whole process group; the run's own process stops the cluster."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


# --- in the client ----------------------------------------------------------------------------


class DaskExecutor:
    """Runs a chain of steps over batches of records on a Dask cluster, answers in input order."""

    def __init__(self, client: Any, batch_size: int = 16, heal: Callable[[], None] | None = None) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.client = client
        self.heal = heal  # brings a cluster back to its size (a LocalCluster gives up on a worker that dies often)
        self.batch_size = batch_size
        self.counters = Counters()
        self.workers = 0  # the most workers seen: a retry waits for those a crash took to be back

    def run(
        self, steps: Sequence[Step], records: Iterable[Any], progress: ProgressCallback | None = None
    ) -> Iterator[Any]:
        for name in (s.name for s in steps):
            self.counters.step(name)
        batches = _batches(records, self.batch_size)
        first = next(batches, None)
        if first is None or not steps:
            if first is not None:
                yield from chain(first, *batches)
            return
        payload = pickle.dumps((tuple(steps), current()), protocol=pickle.HIGHEST_PROTOCOL)
        token = hashlib.sha256(payload).hexdigest()[:16]
        run_id = f"{token}-{uuid.uuid4().hex[:8]}"
        names = "-".join(s.name for s in steps)
        # Sent with every task, not as a Dask result the tasks depend on: a worker that dies would take
        # such a result with it, and the tasks of innocent records would fail beside the one that killed it.
        held = payload
        # A few batches per worker thread in flight: every thread busy, memory bounded.
        threads = self.client.nthreads()
        self.workers = max(self.workers, len(threads))
        window = 2 * max(1, sum(threads.values()))
        pending: deque[tuple[list[Any], Any]] = deque()
        todo = chain([first], batches)
        sent = 0
        try:
            while True:
                while len(pending) < window and (batch := next(todo, None)) is not None:
                    key = f"fogwatch-{names}-{run_id}-{sent}"
                    pending.append((batch, self.client.submit(_run_batch, held, token, batch, key=key, pure=False)))
                    sent += 1
                if not pending:
                    break
                batch, future = pending.popleft()
                out, counts = self._answer(steps, held, token, batch, future)
                self.counters.merge(counts)
                if progress:
                    progress(len(batch))
                yield from out
        finally:
            # interrupted or failed: nothing of this run is left running on the cluster
            with contextlib.suppress(Exception):
                self.client.cancel([f for _, f in pending])

    def run_stage(self, stage: GlobalStage[Any, Any, Any], records: Iterable[Any]) -> Any:
        """A global stage: its partitions reduced on the cluster, merged here as they finish."""
        return run_on_dask(stage, records, self.client)

    def _answer(
        self, steps: Sequence[Step], held: bytes, token: str, batch: list[Any], future: Any
    ) -> tuple[list[Any], Counters]:
        from distributed import KilledWorker

        try:
            return future.result(timeout=_stall_seconds(steps, len(batch)))
        except KilledWorker:
            pass  # a worker died with this batch (or beside it): each record is tried again alone
        except TimeoutError:
            self._restart_holding([future])
        self._settle()
        return self._one_by_one(steps, held, token, batch)

    def _settle(self, seconds: float = 60.0) -> None:
        """Wait (a while) for the workers a crash took to be back. A task given to a worker that is still
        starting and killed there is lost with the worker: its nanny does not restart it then."""
        started = time.monotonic()
        healed = False
        while time.monotonic() < started + seconds:
            with contextlib.suppress(Exception):
                if len(self.client.nthreads()) >= self.workers:
                    break
            if not healed and self.heal is not None and time.monotonic() > started + 5:
                with contextlib.suppress(Exception):
                    self.heal()
                healed = True
            time.sleep(0.2)
        time.sleep(1.0)  # registered with the scheduler comes a little before started

    def _restart_holding(self, futures: list[Any]) -> None:
        """Restart the workers running these tasks: a thread stuck in a library cannot be stopped otherwise."""
        keys = {f.key for f in futures}
        busy = [w for w, ks in self.client.processing().items() if keys & set(ks)]
        with contextlib.suppress(Exception):
            self.client.cancel(futures)
        if busy:
            with contextlib.suppress(Exception):
                self.client.restart_workers(busy, raise_for_error=False)

    def _one_by_one(
        self, steps: Sequence[Step], held: bytes, token: str, batch: list[Any]
    ) -> tuple[list[Any], Counters]:
        """Each record of a batch as a task of its own. One whose worker dies (or hangs) is tried again, once
        the batch's other records are done, one at a time; a record whose worker dies on both of those
        tries is rejected. (A task beside one that kills its worker dies with it: hence the tries alone.)"""
        from distributed import KilledWorker

        base = uuid.uuid4().hex[:8]
        seconds = _stall_seconds(steps, 1)

        def submit(i: int, attempt: str) -> Any:
            key = f"fogwatch-{attempt}-{base}-{i}"
            return self.client.submit(_run_batch, held, token, [batch[i]], key=key, pure=False, retries=0)

        answers: list[tuple[list[Any], Counters] | None] = [None] * len(batch)
        failures: dict[int, BaseException] = {}
        for i, future in [(i, submit(i, "one")) for i in range(len(batch))]:
            try:
                answers[i] = future.result(timeout=seconds)
            except (KilledWorker, TimeoutError) as exc:
                if isinstance(exc, TimeoutError):
                    self._restart_holding([future])
                failures[i] = exc
        for i in sorted(failures):
            for attempt in ("alone", "again"):
                self._settle()
                future = submit(i, attempt)
                try:
                    answers[i] = future.result(timeout=seconds)
                    break
                except (KilledWorker, TimeoutError) as exc:
                    if isinstance(exc, TimeoutError):
                        self._restart_holding([future])
                    failures[i] = exc
        if failures:
            self._settle()  # the cluster whole again before the run goes on
        out: list[Any] = []
        counters = Counters()
        first = steps[0]
        for i, answer in enumerate(answers):
            if answer is not None:
                out.extend(answer[0])
                counters.merge(answer[1])
                continue
            out.append(
                crash_reject(first, batch[i], "the Dask worker", isinstance(failures[i], TimeoutError), counters)
            )
        return out, counters


class DaskCluster:
    """The Dask cluster of one run: the scheduler at `scheduler`, else a LocalCluster of `workers` processes.

    A context manager; on exit (Ctrl-C included) it closes the client, and the LocalCluster if it started one.
    """

    def __init__(
        self,
        scheduler: str | None = None,
        workers: int | None = None,
        connect_seconds: float = 30.0,
        wait_seconds: float = 120.0,
    ) -> None:
        if workers is not None and workers < 1:
            raise ValueError("workers must be at least 1")
        self.scheduler = scheduler
        self.workers = workers or LOCAL_WORKERS
        self.connect_seconds = connect_seconds
        self.wait_seconds = wait_seconds
        self.client: Any = None
        self.cluster: Any = None

    def __enter__(self) -> DaskCluster:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        require("distributed", "dask", PURPOSE)
        import dask
        from distributed import Client, LocalCluster

        try:
            if self.scheduler is None:
                # One thread per worker process (the steps use both cores through processes, not threads),
                # and a task whose worker dies is given up at once: the executor retries its records alone.
                with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
                    self.cluster = LocalCluster(
                        n_workers=self.workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        silence_logs=logging.CRITICAL,  # a worker that dies is reported as a reject
                    )
                self.client = Client(self.cluster)
                self.client.register_plugin(_quiet_ctrl_c(), name="fogwatch-quiet-ctrl-c")
            else:
                try:
                    self.client = Client(self.scheduler, timeout=self.connect_seconds)
                except (OSError, TimeoutError, ValueError) as exc:
                    raise SchedulerUnreachable(self.scheduler, f"{type(exc).__name__}: {exc}") from None
                try:
                    self.client.wait_for_workers(1, timeout=self.wait_seconds)
                except TimeoutError:
                    raise NoWorkers(self.scheduler, round(self.wait_seconds)) from None
        except BaseException:
            self.close()
            raise

    @property
    def address(self) -> str:
        return str(self.client.scheduler.address) if self.client is not None else (self.scheduler or "")

    def executor(self, workers: int | None, batch_size: int) -> DaskExecutor:
        """A `fogwatch.pipeline.MakeExecutor`: the cluster, not `workers`, decides how many run at once."""
        if self.client is None:
            raise RuntimeError("the Dask cluster is not started")
        return DaskExecutor(self.client, batch_size, heal=self._heal if self.cluster is not None else None)

    def _heal(self) -> None:
        """The LocalCluster's workers as many as asked for again: one that stays away for a while after
        dying (a record that kills its worker again and again) is given up by the cluster, not replaced."""
        if self.cluster is not None:
            self.cluster.scale(self.workers)

    def describe(self) -> str:
        if self.client is None:
            return "Dask: not started"
        threads = self.client.nthreads()
        where = "a local cluster" if self.cluster is not None else f"the scheduler at {self.address}"
        return f"Dask: {where}, {len(threads)} workers, {sum(threads.values())} threads"

    def close(self) -> None:
        client, cluster = self.client, self.cluster
        self.client = self.cluster = None
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close()


def _quiet_ctrl_c() -> Any:
    """A worker plugin for the LocalCluster: its worker processes leave Ctrl-C to the run that started them.

    Defined here, not at import: distributed is an optional extra (and the plugin travels by value)."""
    from distributed import WorkerPlugin

    class QuietCtrlC(WorkerPlugin):
        def setup(self, worker: Any) -> None:
            _ignore_ctrl_c()

    return QuietCtrlC()


EXECUTORS = ("local", "dask")


def executors_for(
    name: str, scheduler: str | None = None, workers: int | None = None
) -> contextlib.AbstractContextManager[MakeExecutor | None]:
    """What `fogwatch ingest --executor NAME` runs its map steps on, as a context manager giving a
    `MakeExecutor` (None: the local executor). Checks the choice now; starts a cluster only on entry."""
    if name not in EXECUTORS:
        raise BadExecutor(f"--executor {name}: choose one of {', '.join(EXECUTORS)}")
    if name == "local":
        if scheduler is not None:
            raise BadExecutor("--scheduler needs --executor dask")
        return contextlib.nullcontext(None)
    if scheduler is not None and workers is not None:
        raise BadExecutor("--workers starts a Dask cluster on this machine; with --scheduler the cluster has its own")
    require("distributed", "dask", PURPOSE)
    return _started(DaskCluster(scheduler, workers))


@contextlib.contextmanager
def _started(cluster: DaskCluster) -> Iterator[MakeExecutor]:
    with cluster:
        yield cluster.executor


__all__ = [
    "EXECUTORS",
    "BadExecutor",
    "DaskCluster",
    "DaskExecutor",
    "NoWorkers",
    "SchedulerUnreachable",
    "executors_for",
]
