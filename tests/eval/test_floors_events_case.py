"""Floors for the event classifier on CASE 2021 Task 2 (skipped without ../shared/data).

Lowering one is a deliberate change, explained in its commit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fogwatch.eval import run_task
from fogwatch.eval.events_case import score_predictions

# Measured with the shipped rules: weighted F1 0.868, macro F1 0.860, event type 0.879,
# non-conflict kept out 0.938 (the targets were 0.70 and 0.80).
FLOORS = {
    "weighted_f1": 0.84,
    "macro_f1": 0.83,
    "event_type_accuracy": 0.85,
    "non_conflict_as_none": 0.90,
}


def test_events_case_floors(shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = shared_data / "case2021-task2"
    if not (data / "dev.tsv").exists():
        pytest.skip(f"no CASE 2021 data in {data}")
    monkeypatch.delenv("FOGWATCH_EVENT_MODEL", raising=False)
    out = tmp_path / "events-case.json"
    result = run_task("events-case", None, out)
    assert result.n == 516
    assert json.loads(out.read_text())["details"]["model"] == "rules"
    for metric, floor in FLOORS.items():
        assert result.metrics[metric] >= floor, f"events-case {metric} {result.metrics[metric]:.4f} < floor {floor}"


def test_scoring_rules() -> None:
    gold = ["Armed clash", "Armed clash", "Attack", "DIPLO", "NATURAL_DISASTER"]
    pred = ["Armed clash", "None", "Armed clash", "None", "Attack"]
    m, details = score_predictions(gold, pred)
    # Armed clash: tp 1, fp 1, fn 1 -> F1 0.5 (support 2); Attack: tp 0 -> F1 0 (support 1)
    assert m["weighted_f1"] == pytest.approx(0.5 * 2 / 3)
    assert m["macro_f1"] == pytest.approx(0.25)
    assert m["accuracy"] == pytest.approx(1 / 3)
    assert m["conflict_as_none"] == pytest.approx(1 / 3)
    assert m["non_conflict_as_none"] == pytest.approx(0.5)
    assert m["event_type_accuracy"] == pytest.approx(1 / 3)
    assert details["per_class"]["Attack"]["predicted"] == 1
    assert details["confusion"]["NATURAL_DISASTER"] == {"ATTACK": 1}
