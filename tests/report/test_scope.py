"""The report's scope: dates, types, places and radius are checked before anything is read."""

from __future__ import annotations

from datetime import date

import pytest

from fogwatch.model import Event, Location, TimeValue
from fogwatch.report.scope import (
    BadReportOption,
    Place,
    ReportFilter,
    keep,
    make_filter,
    parse_coordinates,
    resolve_type,
)


def _event(day: date | None, precision: str = "day", where: tuple[float, float] | None = (48.5, 35.0)) -> Event:
    when = TimeValue(day, day, precision, True, day.month, day.day) if day else None  # type: ignore[arg-type]
    loc = Location("Brenna", *where) if where else None
    return Event("e", "Battles", "Armed clash", when, None, None, [], loc, None, [], [], [], [], 1, "single-source")


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("battles", "Battles"),
        ("EXPLOSIONS/REMOTE VIOLENCE", "Explosions/Remote violence"),
        ("air/drone strike", "Air/drone strike"),
        ("  armed   clash ", "Armed clash"),
    ],
)
def test_type_in_any_case(given: str, canonical: str) -> None:
    assert resolve_type(given) == canonical


def test_unknown_type_lists_the_valid_ones() -> None:
    with pytest.raises(BadReportOption) as exc:
        resolve_type("skirmish")
    msg = str(exc.value)
    assert exc.value.exit_code == 2
    assert "'skirmish'" in msg and "Battles" in msg and "Strategic developments" in msg
    assert "Armed clash" in msg and "Looting/property destruction" in msg


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"since": "2020-02-31"}, "--since '2020-02-31' is not a date; give it as YYYY-MM-DD"),
        ({"until": "last week"}, "--until 'last week' is not a date"),
        ({"since": "2020-03-01", "until": "2020-02-01"}, "--since 2020-03-01 is after --until 2020-02-01"),
        ({"radius_km": 10.0}, "--radius needs --near PLACE"),
        ({"near": "Idlib", "radius_km": -5.0}, "--radius -5 must be a positive number"),
        ({"near": "Idlib", "radius_km": float("nan")}, "must be a positive number"),
        ({"near": "   "}, "--near needs a place name"),
        ({"near": "nan,nan"}, "--near 'nan,nan': coordinates must be finite numbers"),
        ({"near": "-91,0"}, "latitude -91 is outside -90 to 90"),
        ({"near": "0,-180.5"}, "longitude -180.5 is outside -180 to 180"),
    ],
)
def test_bad_options_say_what_to_give(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(BadReportOption, match=message.replace("(", r"\(")) as exc:
        make_filter(**kwargs)  # type: ignore[arg-type]
    assert exc.value.exit_code == 2


def test_a_filter_describes_itself() -> None:
    f = make_filter("2020-02-10", "2020-02-20", "Idlib", 25, "battles")
    assert f == ReportFilter(date(2020, 2, 10), date(2020, 2, 20), "Idlib", 25.0, "Battles")
    assert f.describe() == "2020-02-10 to 2020-02-20, within 25 km of Idlib, Battles only"
    assert ReportFilter().empty and ReportFilter().describe() == "everything"
    assert f.to_json()["radius_km"] == 25.0 and ReportFilter().to_json()["radius_km"] is None


def test_dates_keep_events_whose_period_overlaps() -> None:
    f = ReportFilter(since=date(2020, 2, 10), until=date(2020, 2, 20))
    assert keep(_event(date(2020, 2, 10)), f, None)
    assert keep(_event(date(2020, 2, 20)), f, None)
    assert not keep(_event(date(2020, 2, 21)), f, None)
    assert not keep(_event(date(2020, 2, 9)), f, None)
    assert keep(_event(date(2020, 2, 1), "month"), f, None)  # February 2020 overlaps
    assert keep(_event(date(2020, 1, 1), "year"), f, None)
    assert not keep(_event(date(2020, 1, 1), "month"), f, None)
    assert not keep(_event(None), f, None)  # no date: outside any date range
    assert keep(_event(None), ReportFilter(), None)


def test_near_measures_great_circle_distance() -> None:
    centre = Place("Brenna", 48.5, 35.0, "coordinates")
    f = ReportFilter(near="48.5,35", radius_km=50)
    assert keep(_event(date(2020, 1, 1), where=(48.8, 35.0)), f, centre)  # ~33 km north
    assert not keep(_event(date(2020, 1, 1), where=(49.0, 35.0)), f, centre)  # ~56 km north
    assert not keep(_event(date(2020, 1, 1), where=None), f, centre)


@pytest.mark.parametrize(
    ("given", "point"),
    [("35.93,36.63", (35.93, 36.63)), (" -90 , 180 ", (-90.0, 180.0)), ("Idlib", None), ("Idlib, Syria", None)],
)
def test_coordinates_or_a_name(given: str, point: tuple[float, float] | None) -> None:
    assert parse_coordinates(given) == point
