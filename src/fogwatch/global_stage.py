"""Global stages: pure functions over keyed partitions, run alike in one process and on a cluster.

A map step sees one record at a time; a global stage (fusion of claims into events, stories) needs
records that belong together. It says which by keys, and is three pure functions:

- `key(record) -> keys`: the partitions a record goes to; a record may go to several (a halo:
  the neighbouring place cells and days a claim may meet an event in);
- `reduce(key, records) -> partial`: what one partition makes of its records (in input order);
- `merge(partials) -> result`: the whole result, which must not depend on the order the partials
  come in: partitions finish in any order on a cluster.

`partitions` groups records by key; `run_local` reduces the partitions in this process and
`run_on_dask` on the workers of a Dask client (a few partitions a task, so ten thousand small
partitions are not ten thousand tasks), both merging what comes back in the order it arrives.
`UnionFind` is the usual merge of partials that say "these belong together".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

R = TypeVar("R")
P = TypeVar("P")
O_co = TypeVar("O_co", covariant=True)


class GlobalStage(Protocol[R, P, O_co]):
    name: str

    def key(self, record: R) -> Iterable[Hashable]: ...

    def reduce(self, key: Hashable, records: list[R]) -> P: ...

    def merge(self, partials: Iterable[P]) -> O_co: ...


def partitions(stage: GlobalStage[R, P, Any], records: Iterable[R]) -> list[tuple[Hashable, list[R]]]:
    """The records of each key (in input order), keys in the order they first appear."""
    parts: dict[Hashable, list[R]] = defaultdict(list)
    for record in records:
        for k in dict.fromkeys(stage.key(record)):  # a key a record gives twice takes it once
            parts[k].append(record)
    return list(parts.items())


def reduce_all(stage: GlobalStage[R, P, Any], parts: Sequence[tuple[Hashable, list[R]]]) -> list[P]:
    return [stage.reduce(k, rs) for k, rs in parts]


def run_local(stage: GlobalStage[R, P, O_co], records: Iterable[R]) -> O_co:
    """The stage in this process."""
    return stage.merge(reduce_all(stage, partitions(stage, records)))


def run_on_dask(stage: GlobalStage[R, P, O_co], records: Iterable[R], client: Any, per_thread: int = 4) -> O_co:
    """The stage's reduce on the workers of a Dask `client`, its key and merge here; partials are
    merged as their tasks finish, in whatever order that is."""
    from distributed import as_completed

    parts = partitions(stage, records)
    if not parts:
        return stage.merge([])
    threads = max(1, sum(client.nthreads().values()))
    tasks = min(len(parts), per_thread * threads)
    # every task about the same number of records: partitions dealt largest first to the lightest task
    chunks: list[list[tuple[Hashable, list[R]]]] = [[] for _ in range(tasks)]
    load = [0] * tasks
    for part in sorted(parts, key=lambda p: -len(p[1])):
        i = load.index(min(load))
        chunks[i].append(part)
        load[i] += len(part[1])
    [held] = client.scatter([stage], broadcast=True, hash=False)
    # the partitions go to the workers as data, not inside the task graph through the scheduler
    sent = client.scatter(chunks, hash=False)
    futures = client.map(reduce_all, [held] * tasks, sent, pure=False)
    partials: list[P] = []
    try:
        for future in as_completed(futures):
            partials.extend(future.result())
    finally:
        client.cancel(futures + sent + [held])
    return stage.merge(partials)


class UnionFind:
    """Sets of items joined pair by pair; `groups()` is the same whatever order the joins came in."""

    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}

    def add(self, x: Hashable) -> None:
        self.parent.setdefault(x, x)

    def find(self, x: Hashable) -> Hashable:
        self.add(x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, items: Iterable[Hashable]) -> None:
        it = iter(items)
        first = next(it, None)
        if first is None:
            return
        a = self.find(first)
        for x in it:
            b = self.find(x)
            if a != b:
                self.parent[b] = a

    def groups(self) -> list[list[Any]]:
        """Each set sorted, the sets sorted by their first item: a canonical form."""
        out: dict[Hashable, list[Any]] = defaultdict(list)
        for x in self.parent:
            out[self.find(x)].append(x)
        return sorted((sorted(g) for g in out.values()), key=lambda g: g[0])


__all__ = ["GlobalStage", "UnionFind", "partitions", "reduce_all", "run_local", "run_on_dask"]
