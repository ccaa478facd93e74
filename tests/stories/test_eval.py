"""The `syndication` eval: its metrics, and the task on a small labelled set written for the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fogwatch.errors import FogwatchError
from fogwatch.eval import run_task
from fogwatch.eval.syndication import adjusted_rand, hard_negative_merges, pairwise
from tests.stories import texts as T


def labels(*xs: int) -> dict[str, int]:
    return {str(i): x for i, x in enumerate(xs)}


def test_pairwise_scores() -> None:
    gold = labels(0, 0, 0, 1, 1, 2)
    assert pairwise(gold, gold) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    pred = labels(0, 0, 1, 1, 1, 2)  # one copy put in the wrong story
    s = pairwise(pred, gold)
    assert s["precision"] == pytest.approx(2 / 4) and s["recall"] == pytest.approx(2 / 4)
    alone = labels(0, 1, 2, 3, 4, 5)
    assert pairwise(alone, gold)["recall"] == 0.0 and pairwise(alone, gold)["precision"] == 1.0


@pytest.mark.parametrize(
    ("pred", "gold", "ari"),
    [
        ((0, 0, 1, 1), (0, 0, 1, 1), 1.0),
        ((1, 1, 0, 0), (0, 0, 1, 1), 1.0),
        ((0, 0, 1, 2), (0, 0, 1, 1), 4 / 7),
        ((0, 1, 0, 1), (0, 0, 1, 1), -0.5),
        ((0, 1, 2), (0, 1, 2), 1.0),
    ],
)
def test_adjusted_rand(pred: tuple[int, ...], gold: tuple[int, ...], ari: float) -> None:
    assert adjusted_rand(labels(*pred), labels(*gold)) == pytest.approx(ari)


def test_hard_negative_merges() -> None:
    gold, group = labels(0, 0, 1, 2), labels(9, 9, 9, 8)
    merged, n, pairs = hard_negative_merges(labels(0, 0, 0, 0), gold, group)
    assert (merged, n) == (2, 2) and pairs == [("0", "2"), ("1", "2")]  # story 2 is in another event


def test_task_on_a_small_labelled_set(tmp_path: Path) -> None:
    data = tmp_path / "syndication"
    data.mkdir()
    (data / "articles.jsonl").write_text("\n".join(json.dumps(r) for r in T.labelled_set()) + "\n")
    res = run_task("syndication", data, tmp_path / "out.json")
    assert res.n == 7
    assert res.metrics["pairwise_f1"] == 1.0 and res.metrics["ari"] == 1.0
    assert res.metrics["hard_negative_false_merge_rate"] == 0.0
    assert res.metrics["canonical_accuracy"] == 1.0
    assert res.details["hard_negative_pairs"] == 21 - 3 - 1  # all pairs of the one event but the copy pairs
    assert json.loads((tmp_path / "out.json").read_text())["task"] == "syndication"


def test_a_bad_line_is_named(tmp_path: Path) -> None:
    (tmp_path / "articles.jsonl").write_text('{"id": "x"}\n')
    with pytest.raises(FogwatchError, match=r"articles\.jsonl:1"):
        run_task("syndication", tmp_path)
