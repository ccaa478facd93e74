from __future__ import annotations

import faulthandler
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from fogwatch.errors import FogwatchError, MissingExtra
from fogwatch.model import Reject
from fogwatch.pipeline import Counters, LocalExecutor, Step, TimeBudgetExceeded, run_chain, time_budget


class Square:
    name = "square"

    def run(self, records: Iterable[int]) -> Iterator[int | Reject]:
        for x in records:
            if x % 7 == 0:
                yield Reject(str(x), self.name, "seven", f"{x} is a multiple of seven")
            else:
                yield x * x


class Halve:
    name = "halve"

    def run(self, records: Iterable[int]) -> Iterator[int | Reject]:
        for x in records:
            if x % 2:
                yield Reject(str(x), self.name, "odd", "odd square")
            else:
                yield x // 2


def test_steps_satisfy_the_contract() -> None:
    assert isinstance(Square(), Step)


def test_chain_counts_and_keeps_rejects() -> None:
    counters = Counters()
    out = list(run_chain([Square(), Halve()], range(1, 15), counters))
    values = [x for x in out if not isinstance(x, Reject)]
    rejects = [x for x in out if isinstance(x, Reject)]
    assert values == [2, 8, 18, 32, 50, 72]  # squares of 2..12 halved; 14 was refused as a seven
    assert sorted(r.kind for r in rejects) == ["odd"] * 6 + ["seven"] * 2
    assert counters.steps["square"].seen == 14
    assert counters.steps["square"].out == 12
    assert counters.steps["square"].rejected["seven"] == 2
    assert counters.steps["halve"].seen == 12
    assert counters.steps["halve"].rejected["odd"] == 6
    assert "rejected 6 (odd: 6)" in counters.summary()


@pytest.mark.parametrize("workers", [1, 2])
def test_executor_matches_inline_and_keeps_order(workers: int) -> None:
    ex = LocalExecutor(workers=workers, batch_size=5)
    seen: list[int] = []
    out = list(ex.run([Square(), Halve()], range(1, 101), progress=seen.append))
    expected = list(run_chain([Square(), Halve()], range(1, 101), Counters()))
    assert [x for x in out if not isinstance(x, Reject)] == [x for x in expected if not isinstance(x, Reject)]
    assert sum(isinstance(x, Reject) for x in out) == sum(isinstance(x, Reject) for x in expected)
    assert sum(seen) == 100
    assert ex.counters.steps["square"].seen == 100


def test_executor_on_nothing() -> None:
    assert list(LocalExecutor(workers=2).run([Square()], [])) == []


def test_batch_size_is_validated() -> None:
    with pytest.raises(ValueError):
        LocalExecutor(batch_size=0)


# --- one record never stops the others ---------------------------------------------------------


@pytest.fixture
def no_hang():
    """A test that would leave the parent waiting on a pool fails (with tracebacks) instead of hanging."""
    faulthandler.dump_traceback_later(120, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


class Fragile:
    """Squares numbers; 13 breaks it, 21 takes for ever, 34 kills its process, 55 needs a missing extra."""

    name = "fragile"
    budget = 1.0
    budget_hint = " (allow more)"

    def run(self, records: Iterable[int]) -> Iterator[int]:
        for x in records:
            if x == 13:
                raise ValueError("thirteen is unlucky")
            if x == 21:
                while True:
                    time.sleep(0.01)
            if x == 34:
                os.kill(os.getpid(), signal.SIGKILL)
            if x == 55:
                raise MissingExtra("frobnicate", "frob", "Squaring fifty-five")
            yield x * x


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_record_is_rejected_and_the_rest_go_on(workers: int, no_hang: None) -> None:
    items = [x for x in range(1, 30) if x != 34 or workers > 1]
    ex = LocalExecutor(workers=workers, batch_size=4)
    out = list(ex.run([Fragile()], items))
    values = sorted(x for x in out if not isinstance(x, Reject))
    rejects = {r.input: r for r in out if isinstance(r, Reject)}
    assert values == sorted(x * x for x in items if x not in (13, 21))
    assert rejects["13"].kind == "error" and "ValueError: thirteen is unlucky" in rejects["13"].reason
    assert rejects["13"].step == "fragile"
    assert rejects["21"].kind == "too-slow"
    assert rejects["21"].reason == "fragile took longer than its 1 s budget on this input (allow more)"
    assert ex.counters.steps["fragile"].seen == len(items)
    assert ex.counters.steps["fragile"].rejected == {"error": 1, "too-slow": 1}


def test_a_record_that_kills_its_worker_is_rejected_and_the_rest_go_on(no_hang: None) -> None:
    ex = LocalExecutor(workers=2, batch_size=3)
    out = list(ex.run([Fragile()], [x for x in range(30, 60) if x != 55]))
    rejects = [r for r in out if isinstance(r, Reject)]
    assert [(r.input, r.kind) for r in rejects] == [("34", "crashed")]
    assert "worker process died" in rejects[0].reason
    assert sorted(x for x in out if not isinstance(x, Reject)) == [x * x for x in range(30, 60) if x not in (34, 55)]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_missing_extra_in_a_worker_reaches_the_caller(workers: int, no_hang: None) -> None:
    ex = LocalExecutor(workers=workers, batch_size=2)
    with pytest.raises(MissingExtra, match=r"pip install 'fogwatch\[frob\]'"):
        list(ex.run([Fragile()], range(50, 60)))


def test_budgets_nest_and_a_stopped_clock_does_not_count() -> None:
    with time_budget(0.3):
        with time_budget(None):
            time.sleep(0.5)  # the outer clock stands still
        with pytest.raises(TimeBudgetExceeded) as inner, time_budget(0.1):
            time.sleep(1)
    assert inner.value.seconds == 0.1
    with pytest.raises(TimeBudgetExceeded) as outer, time_budget(0.2):
        time.sleep(1)
    assert outer.value.seconds == 0.2
    assert pickle.loads(pickle.dumps(outer.value)).seconds == 0.2
    time.sleep(0.3)  # no alarm is left behind


def test_budgets_hold_off_the_main_thread_too() -> None:
    """A Dask worker runs its tasks in threads, where no timer signal reaches: a watchdog keeps the budgets."""
    seen: list[object] = []

    def work() -> None:
        try:
            test_budgets_nest_and_a_stopped_clock_does_not_count()
            out = list(run_chain([Fragile()], range(18, 24), Counters()))
            seen.extend((r.input, r.kind) for r in out if isinstance(r, Reject))
        except BaseException as exc:
            seen.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert seen == [("21", "too-slow"), ("21", "too-slow")]


class Raises:
    name = "raises"

    def run(self, records: Iterable[int]) -> Iterator[int]:
        for x in records:
            if x == 3:
                raise OddError(x)
            yield x


class OddError(FogwatchError):
    """A fogwatch error whose constructor takes something other than a message, holding an unpicklable thing."""

    def __init__(self, x: int) -> None:
        super().__init__(f"{x} is odd")
        self.x = x
        self.lock = threading.Lock()


def test_an_error_that_cannot_cross_the_process_boundary_still_reaches_the_caller(no_hang: None) -> None:
    with pytest.raises(FogwatchError, match="OddError: 3 is odd"):
        list(LocalExecutor(workers=2, batch_size=1).run([Raises()], range(6)))


class Broken:
    name = "broken"

    def run(self, records: Iterable[int]) -> Iterator[int]:
        raise RuntimeError("broken before the first record")
        yield from records


def test_a_step_that_fails_before_any_record_fails_the_run() -> None:
    with pytest.raises(RuntimeError, match="broken before the first record"):
        list(run_chain([Broken()], range(3), Counters()))


def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    """A parent killed with SIGKILL cannot stop its workers; they notice and end on their own."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import os, sys, time\n"
        "from fogwatch.pipeline import LocalExecutor\n"
        "class Slow:\n"
        "    name = 'slow'\n"
        "    def run(self, records):\n"
        "        for r in records:\n"
        "            os.write(1, (str(os.getpid()) + chr(10)).encode())  # one write: lines never interleave\n"
        "            time.sleep(600)\n"
        "            yield r\n"
        "list(LocalExecutor(workers=2, batch_size=1).run([Slow()], range(4)))\n"
    )
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    workers = {int(proc.stdout.readline()), int(proc.stdout.readline())}
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 30
    alive = set(workers)
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = {pid for pid in alive if _running(pid)}
    for pid in alive:  # leave nothing behind when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"workers {alive} outlived their parent"


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
