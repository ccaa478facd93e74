"""Country outlines for the report's map, read from the world-atlas TopoJSON the web app vendors.

`make serve-assets` copies `countries-50m.json` (Natural Earth, via the world-atlas npm package)
into the package; without it the map is drawn without outlines. TopoJSON stores shared borders
once as delta-encoded, quantised arcs; a ring lists arc indices, `~i` meaning arc i reversed.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fogwatch.paths import PACKAGE_DIR

ATLAS = PACKAGE_DIR / "serve" / "static" / "vendor" / "world-atlas" / "countries-50m.json"

Ring = list[tuple[float, float]]  # (lon, lat)


@dataclass(slots=True, frozen=True)
class Country:
    name: str
    rings: tuple[Ring, ...]  # outer rings and holes alike; drawn with the even-odd rule
    bbox: tuple[float, float, float, float]  # west, south, east, north


def _arcs(topo: dict[str, Any]) -> list[Ring]:
    tr = topo.get("transform")
    sx, sy = tr["scale"] if tr else (1.0, 1.0)
    tx, ty = tr["translate"] if tr else (0.0, 0.0)
    out: list[Ring] = []
    for arc in topo["arcs"]:
        x = y = 0
        pts: Ring = []
        for p in arc:
            if tr:
                x += p[0]
                y += p[1]
                pts.append((x * sx + tx, y * sy + ty))
            else:
                pts.append((float(p[0]), float(p[1])))
        out.append(pts)
    return out


def _ring(indices: list[int], arcs: list[Ring]) -> Ring:
    ring: Ring = []
    for i in indices:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(pts[1:] if ring else pts)
    return ring


def _polygons(geom: dict[str, Any]) -> list[list[list[int]]]:
    if geom.get("type") == "Polygon":
        return [geom["arcs"]]
    if geom.get("type") == "MultiPolygon":
        return list(geom["arcs"])
    return []


@functools.cache
def load_countries(path: Path = ATLAS) -> tuple[Country, ...] | None:
    """Every country's outline, or None when the atlas file is absent or unreadable."""
    try:
        topo = json.loads(path.read_text(encoding="utf-8"))
        arcs = _arcs(topo)
        obj = topo["objects"]["countries"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    out = []
    for geom in obj.get("geometries", []):
        rings = [r for poly in _polygons(geom) for r in (_ring(idx, arcs) for idx in poly) if len(r) >= 4]
        if not rings:
            continue
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        name = str((geom.get("properties") or {}).get("name") or geom.get("id") or "")
        out.append(Country(name, tuple(rings), (min(lons), min(lats), max(lons), max(lats))))
    return tuple(out)
