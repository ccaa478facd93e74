"""Quality floors of the analyze step on shared labelled data (skipped without ../shared/data).

Lowering a floor is a deliberate change, explained where it is made.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fogwatch.eval import run_task

pytest.importorskip("spacy")

FLOORS: dict[str, tuple[str, dict[str, float]]] = {
    # TempEval-3 platinum; measured 0.9185 relaxed F1 and 0.895 value accuracy (HeidelTime: about 0.90 and 0.78 value F1)
    "timex": ("tempeval3", {"relaxed_f1": 0.85, "value_accuracy": 0.80}),
    # re3d, Location with the places geoparser and place nouns; measured 0.754
    "entities": ("re3d", {"Location_f1": 0.75}),
}


@pytest.mark.parametrize("task", sorted(FLOORS))
def test_floor(task: str, shared_data: Path, tmp_path: Path) -> None:
    dataset, floors = FLOORS[task]
    if not (shared_data / dataset).is_dir():
        pytest.skip(f"{dataset} not in {shared_data}")
    out = tmp_path / f"{task}.json"
    result = run_task(task, shared_data / dataset, out)
    assert out.exists()
    for metric, floor in floors.items():
        assert result.metrics[metric] >= floor, f"{task} {metric} {result.metrics[metric]:.4f} < floor {floor}"
