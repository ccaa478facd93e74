"""Quality floors for stories. Lowering one is a deliberate change, explained in its commit."""

from __future__ import annotations

from pathlib import Path

import pytest

from fogwatch.eval import run_task
from fogwatch.paths import REPO_DIR

SYNDICATION = REPO_DIR / "datasets" / "syndication"


def test_syndication_floors(tmp_path: Path) -> None:
    if not (SYNDICATION / "articles.jsonl").exists():
        pytest.skip(f"no labelled set at {SYNDICATION}")
    res = run_task("syndication", None, tmp_path / "syndication.json")
    assert res.metrics["pairwise_f1"] >= 0.97, res.details["missed_copy_pairs"]
    assert res.metrics["hard_negative_false_merge_rate"] <= 0.01, res.details["hard_negative_merges"]


def test_demo_corpus_stories() -> None:
    res = run_task("demo")
    assert res.metrics["stories_precision"] == 1.0
    assert res.metrics["stories_recall"] == 1.0
