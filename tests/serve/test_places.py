"""Place names for the offline map: chosen by zoom from the gazetteer, never overlapping, nothing fetched."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fogwatch.nlp.gazetteer import Gazetteer
from fogwatch.serve.places import CHAR_PX, LABEL_PX, MAX_LABELS, PlaceLabels, fit, pixel, population_floor

# A made-up country: a capital, two cities, towns and villages, with populations we chose.
PLACES = [
    ("Varna Nova", 45.0, 20.0, "PPLC", 900_000),
    ("Ostrava Mala", 47.5, 23.5, "PPLA", 2_500_000),
    ("Kelmi", 44.5, 19.5, "PPL", 150_000),
    ("Drevo", 45.02, 20.02, "PPL", 40_000),  # right beside the capital: no room for it zoomed out
    ("Lipa", 44.8, 20.6, "PPL", 12_000),
    ("Sela", 44.9, 20.3, "PPL", 600),
    ("Brod", 44.95, 20.1, "PPL", 0),
]


@pytest.fixture
def labels(tmp_path: Path) -> PlaceLabels:
    gaz = Gazetteer.create(tmp_path / "gaz.sqlite")
    with sqlite3.connect(gaz.path) as conn:
        conn.executemany(
            "INSERT INTO places(name, lat, lon, country, admin1, fclass, fcode, population, source) "
            "VALUES (?, ?, ?, 'XX', NULL, 'P', ?, ?, 'test')",
            PLACES,
        )
    return PlaceLabels(lambda: gaz)


def names(found: list[Any]) -> list[str]:
    return [p.name for p in found]


def test_zoomed_out_only_capitals_and_big_cities(labels: PlaceLabels) -> None:
    found = labels.in_view(40, 15, 50, 25, zoom=4)
    assert names(found) == ["Varna Nova", "Ostrava Mala"], "the capital first, then by population"
    assert [p.kind for p in found] == ["capital", "city"]


def test_zoomed_in_towns_then_villages(labels: PlaceLabels) -> None:
    assert set(names(labels.in_view(44, 19, 48, 24, zoom=7))) == {"Varna Nova", "Ostrava Mala", "Kelmi"}
    assert "Lipa" in names(labels.in_view(44, 19, 48, 24, zoom=9))
    near = names(labels.in_view(44.7, 19.9, 45.1, 20.5, zoom=12))
    assert {"Varna Nova", "Drevo", "Sela", "Brod"} <= set(near), "close in, every village has a name"


def test_only_the_view(labels: PlaceLabels) -> None:
    assert names(labels.in_view(47, 23, 48, 24, zoom=9)) == ["Ostrava Mala"]
    assert labels.in_view(10, 100, 11, 101, zoom=9) == []


def test_a_view_across_the_date_line_and_a_world_view(labels: PlaceLabels) -> None:
    # A map panned once round the world gives longitudes beyond 180: they are folded back.
    assert names(labels.in_view(40, 375, 50, 385, zoom=4)) == ["Varna Nova", "Ostrava Mala"]
    assert "Varna Nova" in names(labels.in_view(-85, -400, 85, 400, zoom=2))


def test_labels_never_overlap() -> None:
    # Twenty towns in a row 0.01 degrees apart: at zoom 8 a name is wider than that, so few fit.
    rows = [(f"Town{i:02d}", 45.0, 20.0 + i * 0.01, "PPL", 50_000 - i) for i in range(20)]
    found = fit(rows, zoom=8)
    assert 1 <= len(found) < 20 and found[0].name == "Town00"
    boxes = []
    for p in found:
        x, y = pixel(p.lat, p.lon, 8)
        boxes.append((x, y - LABEL_PX / 2, x + 8 + CHAR_PX * len(p.name), y + LABEL_PX / 2))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
    spread = [(f"P{i}", 40 + i * 0.5, 20 + (i % 7), "PPL", 10_000) for i in range(200)]
    assert len(fit(spread, zoom=9)) == MAX_LABELS


def test_population_floor_falls_as_the_map_zooms_in() -> None:
    floors = [population_floor(z) for z in range(0, 14)]
    assert floors == sorted(floors, reverse=True)
    assert floors[-1] == 0


def test_without_a_gazetteer_the_map_has_no_names_and_says_why(tmp_path: Path) -> None:
    def broken() -> Any:
        return Gazetteer(tmp_path / "missing.sqlite")

    labels = PlaceLabels(broken)
    assert labels.in_view(40, 15, 50, 25, zoom=4) == []
    assert labels.problem and "place names are not available" in labels.problem


def test_api_names_places_from_the_offline_gazetteer(demo_client: TestClient) -> None:
    # Around Idlib and Aleppo at the zoom the demo map opens at.
    r = demo_client.get("/api/places", params={"south": 35, "west": 35.5, "north": 37, "east": 38, "zoom": 8})
    assert r.status_code == 200, r.text
    body = r.json()
    got = {p["name"]: p for p in body["places"]}
    assert {"Aleppo", "Idlib"} <= set(got)
    assert got["Aleppo"]["kind"] == "city" and 35 <= got["Aleppo"]["lat"] <= 37
    assert 0 < len(got) <= MAX_LABELS
    # Zoomed out over the Middle East: capitals and big cities only.
    wide = demo_client.get("/api/places", params={"south": 20, "west": 25, "north": 45, "east": 60, "zoom": 4})
    places = wide.json()["places"]
    assert {"Ankara", "Baghdad", "Tehran"} <= {p["name"] for p in places}
    assert all(p["kind"] == "capital" or p["population"] >= population_floor(4) for p in places)


@pytest.mark.parametrize(
    "params",
    [
        {"south": 37, "west": 35, "north": 35, "east": 38, "zoom": 8},  # south of north
        {"south": 35, "west": 35, "north": 37, "east": 38, "zoom": 30},
        {"south": "nan", "west": 35, "north": 37, "east": 38, "zoom": 8},
        {"south": 35, "west": 35, "north": 37, "zoom": 8},
    ],
)
def test_api_refuses_a_bad_view(demo_client: TestClient, params: dict[str, Any]) -> None:
    assert demo_client.get("/api/places", params=params).status_code == 422
