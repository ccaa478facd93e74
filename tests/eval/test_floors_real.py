"""Floors of `fogwatch eval fakes` and `fogwatch eval real` (FA-KES in ../shared/data; skipped without it).

Both run real articles nobody here wrote, one text file each, through ingest and the exports.
Rules were tuned on the `tune` part only; the `test` part is the measure, and both are pinned.
The floors sit a little under the figures measured when they were set (in the comments); the
issue's targets are far above several of them, and the README says so. Lowering a floor is a
deliberate change, explained in the commit that does it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fogwatch.eval.fakes import evaluate_fakes, stable_workdir
from fogwatch.eval.fakes_data import read_fakes
from fogwatch.eval.real import GOLD, evaluate_real, load_gold
from fogwatch.eval.real_gold import content_hash

pytestmark = pytest.mark.slow

FAKES_FLOORS = {
    "test_event_date": 0.65,  # 0.672
    "tune_event_date": 0.67,  # 0.688
    "test_governorate": 0.91,  # 0.922
    "tune_governorate": 0.90,  # 0.924
    "test_cause": 0.92,  # 0.934
    "tune_cause": 0.92,  # 0.945
    "test_perpetrator": 0.85,  # 0.861
    "tune_perpetrator": 0.82,  # 0.844
    "test_casualties": 0.67,  # 0.676
    "tune_casualties": 0.63,  # 0.654
    "test_casualties_own": 0.82,  # 0.844
    "tune_casualties_own": 0.82,  # 0.840
    "all_fusion": 0.66,  # 0.689 (FA-KES)
    "test_fusion": 0.71,  # 0.739
    "tune_fusion": 0.72,  # 0.741 (0.704 after cadd2ab: rows 115 and 391, 11 and 21; see git log)
    "test_outlet_found": 0.88,  # 0.902
}
FAKES_CEILINGS = {"test_outlet_wrong": 0.02, "tune_outlet_wrong": 0.02, "all_events_per_article": 3.0}

REAL_FLOORS = {
    "test_event_precision": 0.56,  # 0.581
    "tune_event_precision": 0.84,  # 0.865
    "test_event_recall": 0.51,  # 0.522
    "tune_event_recall": 0.69,  # 0.714
    "all_toll": 0.58,  # 0.580
    "all_toll_own": 0.65,  # 0.654
    "all_actor2": 0.64,  # 0.653: 49 of 75 matched events (49 of 72 before three more were found)
    "all_fusion": 0.66,  # 0.667
    "test_speaker": 0.85,  # 0.881
    "tune_speaker": 0.85,  # 0.873
    "test_certainty": 0.88,  # 0.904
    "tune_certainty": 0.84,  # 0.866
    "all_published_found": 0.97,  # 1.0
}
REAL_CEILINGS = {"all_false_merges": 0.02}


@pytest.fixture
def fakes_data(shared_data: Path) -> Path:
    folder = shared_data / "fakes"
    if not (folder / "dev.csv").is_file():
        pytest.skip(f"fakes not in {shared_data}")
    pytest.importorskip("spacy")
    return folder


def _check(metrics: dict[str, float], floors: dict[str, float], ceilings: dict[str, float]) -> None:
    low = {k: round(metrics[k], 4) for k, floor in floors.items() if metrics[k] < floor}
    high = {k: round(metrics[k], 4) for k, ceiling in ceilings.items() if metrics[k] > ceiling}
    assert not low, f"below the floor: {low} (floors {floors})"
    assert not high, f"above the ceiling: {high} (ceilings {ceilings})"


def test_fakes_floors(fakes_data: Path) -> None:
    # in the folder `fogwatch eval fakes` uses, so the figures are the command's to the row
    from fogwatch.store import Store
    from tests.events.test_fusion_stage import assert_fuses_alike

    with stable_workdir("fakes") as workdir:
        result = evaluate_fakes(fakes_data, workdir=workdir)
        assert result.n == 481
        _check(result.metrics, FAKES_FLOORS, FAKES_CEILINGS)
        # fusion over partitions (place cell x day, with a halo) gives the events of one run over all claims
        assert assert_fuses_alike(Store.open(str(workdir / "fakes.db"), readonly=True))["reaches"] > 100


def test_real_floors(fakes_data: Path) -> None:
    result = evaluate_real(fakes_data)
    assert result.n == 48
    _check(result.metrics, REAL_FLOORS, REAL_CEILINGS)


def test_the_gold_holds_no_text_of_the_articles(fakes_data: Path) -> None:
    rows = {r.row: r for r in read_fakes(fakes_data)}
    gold = load_gold()
    assert len(gold) == 48 and len({rows[g["row"]].source for g in gold}) >= 8
    for g in gold:
        content = rows[g["row"]].content
        assert g["sha"] == content_hash(content)
        for s in _strings(g):
            # names of places, actors and types are facts; no run of the article's words is stored
            assert len(s) < 40 or s not in content, (g["row"], s)


def test_the_gold_file_is_offsets_only() -> None:
    doc = json.loads(GOLD.read_text(encoding="utf-8"))
    for g in doc["articles"]:
        for c in g["claims"]:
            assert set(c) == {"span", "speaker", "cue_span", "certainty", "event", "kind"}
            assert c["span"] is None or (isinstance(c["span"], list) and len(c["span"]) == 2)


def _strings(obj: object) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in _strings(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v)]
    return []
