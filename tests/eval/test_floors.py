"""Quality floors on real labelled data. Lowering one is a deliberate change, explained in its commit."""

from __future__ import annotations

from pathlib import Path

import pytest

from fogwatch.eval import run_task

FLOORS: dict[str, dict[str, float]] = {
    # trafilatura alone scores 0.9525 here with the installed version (the same task prints it)
    "extraction": {"f1": 0.95},
    "html-dates": {"accuracy": 0.85},
}
# Our own labelled sets live in the repository, so these always run.
OWN_FLOORS: dict[str, dict[str, float]] = {
    "cleaning": {"boilerplate_line_recall": 0.98, "body_line_precision": 0.99},
    "demo": {
        "body_line_precision": 0.99,
        "boilerplate_line_recall": 0.98,
        "title_accuracy": 0.9,
        "site_accuracy": 0.9,
        "published_accuracy": 0.9,
    },
}


@pytest.mark.slow
@pytest.mark.parametrize("task", sorted(FLOORS))
def test_floor(task: str, shared_data: Path, tmp_path: Path) -> None:
    dataset = {"extraction": "article-extraction", "html-dates": "html-dates"}[task]
    if not (shared_data / dataset).is_dir():
        pytest.skip(f"{dataset} not in {shared_data}")
    out = tmp_path / f"{task}.json"
    result = run_task(task, shared_data / dataset, out)
    assert out.exists()
    for metric, floor in FLOORS[task].items():
        assert result.metrics[metric] >= floor, f"{task} {metric} {result.metrics[metric]:.4f} < floor {floor}"


@pytest.mark.parametrize("task", sorted(OWN_FLOORS))
def test_own_floor(task: str, tmp_path: Path) -> None:
    result = run_task(task, None, tmp_path / f"{task}.json")
    for metric, floor in OWN_FLOORS[task].items():
        assert result.metrics[metric] >= floor, f"{task} {metric} {result.metrics[metric]:.4f} < floor {floor}"
