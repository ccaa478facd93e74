from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest

from fogwatch.model import Reject
from fogwatch.pipeline import Counters, LocalExecutor, Step, run_chain


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
