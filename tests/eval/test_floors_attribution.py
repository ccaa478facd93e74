"""Floors for attribution and loaded language. Lowering one is a deliberate change, explained in its commit."""

from __future__ import annotations

from pathlib import Path

import pytest

from fogwatch.eval import run_task
from fogwatch.eval.attribution import demo_agreement

# PolNeAR test, speaker span F1 with overlap matching (see fogwatch.eval.attribution).
POLNEAR_FLOORS = {"speaker_f1": 0.60}
# Our own gold claims of the demo corpus: these always run.
DEMO_FLOORS = {
    "speaker_agreement": 0.90,
    "cue_agreement": 0.90,
    "certainty_agreement": 0.85,
    "loaded_flag_agreement": 0.90,
}


def test_polnear_speaker_floor(shared_data: Path, tmp_path: Path) -> None:
    if not (shared_data / "polnear" / "data" / "test").is_dir():
        pytest.skip(f"polnear not in {shared_data}")
    result = run_task("attribution", shared_data / "polnear", tmp_path / "attribution.json")
    assert result.n == 84
    for metric, floor in POLNEAR_FLOORS.items():
        assert result.metrics[metric] >= floor, f"attribution {metric} {result.metrics[metric]:.4f} < floor {floor}"
    # both criteria are reported
    assert 0 < result.metrics["speaker_strict_f1"] <= result.metrics["speaker_lenient_f1"]
    assert "cue_strict_f1" in result.metrics and "cue_lenient_f1" in result.metrics
    assert result.details["demo_claims"]["claims"] == 67


def test_ptc_figures_are_reported(shared_data: Path, tmp_path: Path) -> None:
    if not (shared_data / "ptc" / "datasets").is_dir():
        pytest.skip(f"ptc not in {shared_data}")
    result = run_task("loaded-language", shared_data / "ptc", tmp_path / "loaded.json")
    assert result.n == 371
    for key in ("loaded_language", "name_calling"):
        for m in ("precision", "recall", "f1"):
            assert 0.0 < result.metrics[f"{key}_{m}"] < 1.0


@pytest.mark.parametrize("metric", sorted(DEMO_FLOORS))
def test_demo_claims_floor(metric: str) -> None:
    own = demo_agreement()
    assert own["claims"] == 67 and own["claims_not_found"] == []
    assert own[metric] >= DEMO_FLOORS[metric], f"demo {metric} {own[metric]:.4f} < floor {DEMO_FLOORS[metric]}"
