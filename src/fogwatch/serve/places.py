"""Place names for the offline map: the gazetteer's larger places, as many as fit the view at its zoom.

Zoomed out, the map names capitals and the biggest cities; zoomed in, towns and then villages.
Two rules decide: a population floor that falls as the zoom grows, and room: places are taken
capitals first, then by population, and one is left out when its label would overlap a label
already placed (boxes measured in the map's pixels at that zoom). Everything comes from the
offline gazetteer that analysis uses; nothing is fetched.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fogwatch.errors import FogwatchError

# The smallest population named at each zoom (Leaflet's zoom: 0 shows the world in 256 pixels).
POPULATION_FLOOR = {2: 3_000_000, 3: 2_000_000, 4: 1_000_000, 5: 300_000, 6: 100_000, 7: 30_000, 8: 8_000, 9: 2_000}
CAPITAL = "PPLC"
MAX_LABELS = 80
CANDIDATES = 3000  # places read per view, most important first, before labels are fitted
CHAR_PX = 7.0  # the width of one character of a label at the map's label size, roughly
LABEL_PX = 15.0  # its height
GAP_PX = 4.0


@dataclass(slots=True, frozen=True)
class Label:
    name: str
    lat: float
    lon: float
    kind: str  # "capital", "city" (100,000 people or more), "town"
    population: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "lat": self.lat, "lon": self.lon, "kind": self.kind, "population": self.population}


def population_floor(zoom: int) -> int:
    if zoom <= min(POPULATION_FLOOR):
        return POPULATION_FLOOR[min(POPULATION_FLOOR)]
    return POPULATION_FLOOR.get(zoom, 0)


def pixel(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates at `zoom`, as Leaflet computes them."""
    size = 256.0 * 2**zoom
    lat = max(-85.05, min(85.05, lat))
    s = math.sin(math.radians(lat))
    x = (lon + 180.0) / 360.0 * size
    y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * size
    return x, y


def fit(rows: list[tuple[str, float, float, str, int]], zoom: int, limit: int = MAX_LABELS) -> list[Label]:
    """Take places in the given order while their labels do not overlap one already taken.

    A label is the place's dot and its name to the right; boxes are kept in a grid of cells
    about one label high, so each test looks only at the boxes nearby.
    """
    cell = 64.0
    grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
    out: list[Label] = []
    for name, lat, lon, fcode, population in rows:
        x, y = pixel(lat, lon, zoom)
        box = (x - GAP_PX, y - LABEL_PX / 2 - GAP_PX, x + 8 + CHAR_PX * len(name) + GAP_PX, y + LABEL_PX / 2 + GAP_PX)
        cells = [
            (i, j)
            for i in range(int(box[0] // cell), int(box[2] // cell) + 1)
            for j in range(int(box[1] // cell), int(box[3] // cell) + 1)
        ]
        if any(
            box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for c in cells for b in grid.get(c, ())
        ):
            continue
        for c in cells:
            grid.setdefault(c, []).append(box)
        kind = "capital" if fcode == CAPITAL else "city" if population >= 100_000 else "town"
        out.append(Label(name, lat, lon, kind, population))
        if len(out) >= limit:
            break
    return out


class PlaceLabels:
    """Labels for a view, read from the offline gazetteer (opened, or built, on first use)."""

    def __init__(self, open_gazetteer: Callable[[], Any] | None = None, cache_size: int = 256) -> None:
        self._open = open_gazetteer or _default_gazetteer
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[float, float, float, float, int], list[Label]] = OrderedDict()
        self._cache_size = cache_size
        self.problem: str | None = None

    def _connection(self) -> sqlite3.Connection | None:
        if self._conn is None and self.problem is None:
            try:
                gaz = self._open()
                self._conn = sqlite3.connect(f"file:{gaz.path}?mode=ro", uri=True, check_same_thread=False)
                self._conn.execute("SELECT 1 FROM places LIMIT 1").fetchall()
            except (FogwatchError, sqlite3.Error, OSError, ImportError) as exc:
                self._conn = None
                self.problem = f"place names are not available: {exc}"
        return self._conn

    def in_view(self, south: float, west: float, north: float, east: float, zoom: int) -> list[Label]:
        """The labels for a view; longitudes beyond +-180 (a map panned round the world) are folded back."""
        zoom = max(0, min(18, zoom))
        if east - west >= 360:
            west, east = -180.0, 180.0
        else:
            west = (west + 180.0) % 360.0 - 180.0
            east = west + (east - west if east >= west else east - west + 360)
        # Rounding the view to a grid lets small pans reuse an answer.
        step = 360.0 / 2 ** (zoom + 3)
        key = (
            math.floor(south / step) * step,
            math.floor(west / step) * step,
            math.ceil(north / step) * step,
            math.ceil(east / step) * step,
            zoom,
        )
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
            conn = self._connection()
            if conn is None:
                return []
            s, w, n, e = key[:4]
            rows: list[tuple[str, float, float, str, int]] = []
            spans = [(w, min(e, 180.0))] + ([(-180.0, e - 360.0)] if e > 180.0 else [])
            for lo, hi in spans:
                rows += conn.execute(
                    "SELECT name, lat, lon, fcode, population FROM places WHERE fclass = 'P' "
                    "AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? AND (population >= ? OR fcode = ?) "
                    "ORDER BY fcode = ? DESC, population DESC, name LIMIT ?",
                    (s, n, lo, hi, population_floor(zoom), CAPITAL, CAPITAL, CANDIDATES),
                ).fetchall()
            rows.sort(key=lambda r: (r[3] != CAPITAL, -r[4], r[0]))
            labels = fit(rows, zoom)
            self._cache[key] = labels
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
            return labels

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


def _default_gazetteer() -> Any:
    from fogwatch.nlp.gazetteer import Gazetteer

    return Gazetteer.default()
