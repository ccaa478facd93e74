"""Global stages: keyed partitions, a reduce per partition, and a merge that does not care which
partition finished first (run here; the Dask runner is in tests/test_dask.py)."""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable

from fogwatch.global_stage import UnionFind, partitions, reduce_all, run_local

TEXTS = [
    "Shelling hit Kafr Nouran on Thursday",
    "Air strikes on Saraqib killed four",
    "Rebels shelled Kafr Nouran at dawn",
    "Protesters gathered in Saraqib",
    "Clashes near Atarib left two dead",
]


class SharedWords:
    """Sentences that share a capitalised word belong together (a word is a key; a sentence has several)."""

    name = "shared-words"

    def key(self, text: str) -> list[str]:
        return [w for w in text.split() if w[0].isupper()]

    def reduce(self, key: Hashable, texts: list[str]) -> list[str]:
        return texts

    def merge(self, partials: Iterable[list[str]]) -> list[list[str]]:
        uf = UnionFind()
        for texts in partials:
            uf.union(texts)
        return uf.groups()


def test_a_record_goes_to_every_partition_it_keys_and_once_to_each() -> None:
    parts = dict(partitions(SharedWords(), ["Saraqib and Saraqib again", "Idlib and Saraqib"]))
    assert parts["Saraqib"] == ["Saraqib and Saraqib again", "Idlib and Saraqib"]
    assert parts["Idlib"] == ["Idlib and Saraqib"]


def test_groups_join_across_partitions_and_do_not_depend_on_their_order() -> None:
    stage = SharedWords()
    expected = run_local(stage, TEXTS)
    assert expected == [
        ["Air strikes on Saraqib killed four", "Protesters gathered in Saraqib"],
        ["Clashes near Atarib left two dead"],
        ["Rebels shelled Kafr Nouran at dawn", "Shelling hit Kafr Nouran on Thursday"],
    ]
    parts = partitions(stage, TEXTS)
    for seed in range(20):
        rng = random.Random(seed)
        shuffled = parts[:]
        rng.shuffle(shuffled)
        texts = TEXTS[:]
        rng.shuffle(texts)
        assert stage.merge(reduce_all(stage, shuffled)) == expected
        assert run_local(stage, texts) == expected


def test_union_find_chains_and_gives_one_canonical_form() -> None:
    a, b = UnionFind(), UnionFind()
    for pair in (["x", "y"], ["q"], ["y", "z"], ["p", "q"]):
        a.union(pair)
    for pair in (["p", "q"], ["z", "y"], ["q"], ["y", "x"]):
        b.union(pair)
    assert a.groups() == b.groups() == [["p", "q"], ["x", "y", "z"]]


def test_the_local_executor_runs_a_global_stage_in_its_own_process() -> None:
    from fogwatch.pipeline import LocalExecutor

    assert LocalExecutor(workers=2).run_stage(SharedWords(), TEXTS) == run_local(SharedWords(), TEXTS)
