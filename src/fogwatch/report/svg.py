"""The HTML report's pictures, drawn as inline SVG in Python: a map of the events and a timeline.

Every piece of text that reaches the SVG goes through `esc`; colours and numbers are ours.
The map is an equirectangular projection scaled for the middle latitude (fine at the scale of a
region); country outlines come from `atlas` when the world-atlas file is there, otherwise the map
is a plain latitude/longitude frame with the places labelled.
"""

from __future__ import annotations

import html
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from fogwatch.geo import haversine_km
from fogwatch.model import Event
from fogwatch.report.atlas import Country, load_countries
from fogwatch.report.scope import Place
from fogwatch.report.words import OTHER_COLOUR, TYPE_COLOURS, colour

KM_PER_DEGREE = 111.32
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


# --- map ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Frame:
    """The part of the world the map shows and how it lands on the picture."""

    west: float
    south: float
    east: float
    north: float
    width: int
    height: int

    @property
    def cos(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def k(self) -> float:
        """Pixels per degree of latitude."""
        return self.height / (self.north - self.south)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.cos * self.k, (self.north - lat) * self.k

    def inside(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


def focus(points: Sequence[tuple[float, float]], floor_km: float = 200.0) -> list[tuple[float, float]]:
    """The points the map is framed on: those not far from the rest (a place misread as "Central
    Asia" must not shrink a map of one province to nothing)."""
    if len(points) < 5:
        return list(points)
    mid = (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))
    dist = [haversine_km(mid[0], mid[1], p[0], p[1]) for p in points]
    q3 = sorted(dist)[int(0.75 * (len(dist) - 1))]
    limit = max(floor_km, 3 * q3)
    return [p for p, d in zip(points, dist, strict=True) if d <= limit]


def make_frame(points: Sequence[tuple[float, float]], place: Place | None, radius_km: float, width: int) -> Frame:
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if place is not None:
        dlat = radius_km / KM_PER_DEGREE
        dlon = dlat / max(0.05, math.cos(math.radians(place.lat)))
        lats += [place.lat - dlat, place.lat + dlat]
        lons += [place.lon - dlon, place.lon + dlon]
    if not lats:
        lats, lons = [-60.0, 75.0], [-180.0, 180.0]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    cos = max(0.05, math.cos(math.radians((south + north) / 2)))
    span_lat = max(north - south, 0.5) * 1.3
    span_lon = max(east - west, 0.5 / cos) * 1.3
    mid_lat, mid_lon = (south + north) / 2, (west + east) / 2
    height = int(min(600, max(340, width * span_lat / (span_lon * cos))))
    if span_lon * cos / span_lat < width / height:
        span_lon = span_lat * width / height / cos
    else:
        span_lat = span_lon * cos * height / width
    return Frame(
        mid_lon - span_lon / 2, mid_lat - span_lat / 2, mid_lon + span_lon / 2, mid_lat + span_lat / 2, width, height
    )


Point = tuple[float, float]


def _clip_edge(pts: list[Point], axis: int, bound: float, above: bool) -> list[Point]:
    def inside(p: Point) -> bool:
        return p[axis] >= bound if above else p[axis] <= bound

    def meet(a: Point, b: Point) -> Point:
        t = (bound - a[axis]) / ((b[axis] - a[axis]) or 1e-12)
        return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t

    out: list[Point] = []
    for i, cur in enumerate(pts):
        prev = pts[i - 1]
        if inside(cur):
            if not inside(prev):
                out.append(meet(prev, cur))
            out.append(cur)
        elif inside(prev):
            out.append(meet(prev, cur))
    return out


def _clip(ring: list[Point], x0: float, y0: float, x1: float, y1: float) -> list[Point]:
    """Sutherland-Hodgman: the part of a polygon inside a rectangle."""
    pts = ring
    for axis, bound, above in ((0, x0, True), (0, x1, False), (1, y0, True), (1, y1, False)):
        if not pts:
            break
        pts = _clip_edge(pts, axis, bound, above)
    return pts


def _simplify(pts: list[tuple[float, float]], tolerance: float = 0.6) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for p in pts:
        if not out or abs(p[0] - out[-1][0]) + abs(p[1] - out[-1][1]) >= tolerance:
            out.append(p)
    return out


def _area_centroid(pts: list[tuple[float, float]]) -> tuple[float, float, float]:
    a = cx = cy = 0.0
    for i, (x1, y1) in enumerate(pts):
        x0, y0 = pts[i - 1]
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-9:
        return 0.0, pts[0][0], pts[0][1]
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def _countries(frame: Frame, countries: Sequence[Country]) -> tuple[list[str], list[tuple[str, float, float]]]:
    """Path data per visible country, and a label spot for those with room for one."""
    margin = 4.0
    paths: list[str] = []
    labels: list[tuple[str, float, float]] = []
    for c in countries:
        w, s, e, n = c.bbox
        if e < frame.west or w > frame.east or n < frame.south or s > frame.north:
            continue
        parts: list[str] = []
        best = (0.0, 0.0, 0.0)
        for ring in c.rings:
            pts = _simplify(
                _clip(
                    [frame.xy(lon, lat) for lon, lat in ring],
                    -margin,
                    -margin,
                    frame.width + margin,
                    frame.height + margin,
                )
            )
            if len(pts) < 3:
                continue
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
            area, cx, cy = _area_centroid(pts)
            if area > best[0]:
                best = (area, cx, cy)
        if parts:
            paths.append("".join(parts))
            if best[0] > 2500 and 30 < best[1] < frame.width - 30 and 14 < best[2] < frame.height - 14:
                labels.append((c.name, best[1], best[2]))
    return paths, labels


def _step(span: float) -> float:
    for step in (0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30):
        if span / step <= 8:
            return step
    return 45.0


def _graticule(frame: Frame) -> list[str]:
    out = []
    step = _step(max(frame.east - frame.west, frame.north - frame.south))
    lon = math.ceil(frame.west / step) * step
    while lon <= frame.east:
        x, _ = frame.xy(lon, frame.north)
        label = f"{abs(lon):g}°{'E' if lon >= 0 else 'W'}"
        out.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{frame.height}" class="grid"/>')
        out.append(f'<text x="{x + 3:.1f}" y="{frame.height - 4}" class="tick">{esc(label)}</text>')
        lon += step
    lat = math.ceil(frame.south / step) * step
    while lat <= frame.north:
        _, y = frame.xy(frame.west, lat)
        label = f"{abs(lat):g}°{'N' if lat >= 0 else 'S'}"
        out.append(f'<line x1="0" y1="{y:.1f}" x2="{frame.width}" y2="{y:.1f}" class="grid"/>')
        out.append(f'<text x="4" y="{y - 3:.1f}" class="tick">{esc(label)}</text>')
        lat += step
    return out


def _spread(n: int, radius: float) -> list[tuple[float, float]]:
    """Offsets for n dots at one place: a sunflower, so none hides another."""
    if n == 1:
        return [(0.0, 0.0)]
    golden = math.pi * (3 - math.sqrt(5))
    return [
        (
            radius * math.sqrt((i + 0.5) / n) * math.cos(i * golden),
            radius * math.sqrt((i + 0.5) / n) * math.sin(i * golden),
        )
        for i in range(n)
    ]


@dataclass(slots=True)
class MapImage:
    svg: str
    outside: list[tuple[str, int]]  # places of events left off the map, with their event counts
    outlines: bool  # country outlines were drawn


def map_svg(
    events: Sequence[Event],
    place: Place | None = None,
    radius_km: float = 50.0,
    width: int = 1000,
    countries: Sequence[Country] | bool | None = True,
) -> MapImage:
    """The events as dots coloured by type over country outlines (`countries=True`: the atlas file;
    None or False: no outlines, a plain frame)."""
    if countries is True:
        countries = load_countries()
    outlines = list(countries) if countries else []
    placed = [ev for ev in events if ev.location is not None]
    points = [(ev.location.lat, ev.location.lon) for ev in placed if ev.location]
    frame = make_frame(focus(points) if place is None else points, place, radius_km, width)
    key, extra = legend(sorted({ev.event_type for ev in placed}, key=_type_order), frame.width, frame.height)
    total = frame.height + extra
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {frame.width} {total}" '
        f'width="{frame.width}" height="{total}" role="img" class="map" style="{FONT}">',
        "<title>Map of the events in this report, coloured by event type</title>",
        "<style>.grid{stroke:#9fb3c8;stroke-width:.5;stroke-dasharray:2 3}.tick{font-size:10px;fill:#52667a}"
        ".land{fill:#f4f1e8;stroke:#8a8778;stroke-width:.8;fill-rule:evenodd}.cname{font-size:12px;fill:#8a8778;"
        "letter-spacing:.08em;text-anchor:middle}.pname{font-size:11px;fill:#1d2733;paint-order:stroke;"
        "stroke:#fff;stroke-width:3px;stroke-linejoin:round}.dot{stroke:#fff;stroke-width:1.2}</style>",
        f'<clipPath id="map-clip"><rect width="{frame.width}" height="{frame.height}"/></clipPath>',
        f'<rect width="{frame.width}" height="{frame.height}" fill="{"#dbe7f0" if outlines else "#fbfbf8"}"/>',
        '<g clip-path="url(#map-clip)">',
    ]
    paths, country_labels = _countries(frame, outlines) if outlines else ([], [])
    out.extend(f'<path class="land" d="{d}"/>' for d in paths)
    out.extend(_graticule(frame))
    out.extend(
        f'<text class="cname" x="{x:.1f}" y="{y:.1f}">{esc(name.upper())}</text>' for name, x, y in country_labels
    )
    if place is not None:
        cx, cy = frame.xy(place.lon, place.lat)
        r = radius_km / KM_PER_DEGREE * frame.k
        out.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="#ffd24d" fill-opacity=".12" stroke="#b08900" '
            f'stroke-dasharray="5 4"><title>{esc(f"within {radius_km:g} km of {place.name}")}</title></circle>'
        )
    at: dict[tuple[float, float], list[Event]] = defaultdict(list)
    outside: Counter[str] = Counter()
    for ev in placed:
        loc = ev.location
        assert loc is not None
        if frame.inside(loc.lat, loc.lon):
            at[(loc.lat, loc.lon)].append(ev)
        else:
            outside[loc.name] += 1
    spots: list[tuple[float, float, str, int]] = []
    for (lat, lon), evs in at.items():
        x, y = frame.xy(lon, lat)
        for (dx, dy), ev in zip(_spread(len(evs), 4 + 2.2 * math.sqrt(len(evs))), evs, strict=True):
            tip = f"{ev.date.start if ev.date and ev.date.start else 'undated'}: {ev.sub_event_type} at {ev.location.name if ev.location else ''}"
            if ev.fatalities:
                tip += f"; {ev.fatalities.best} killed"
            out.append(
                f'<circle class="dot" cx="{x + dx:.1f}" cy="{y + dy:.1f}" r="5" fill="{colour(ev.event_type)}">'
                f"<title>{esc(tip)}</title></circle>"
            )
        spots.append((x, y, evs[0].location.name if evs[0].location else "", len(evs)))
    out.extend(_place_labels(spots, frame))
    out.append("</g>")
    out.append(f'<rect width="{frame.width}" height="{frame.height}" fill="none" stroke="#52667a"/>')
    out.extend(key)
    out.append("</svg>")
    return MapImage("\n".join(out), sorted(outside.items(), key=lambda kv: (-kv[1], kv[0])), bool(outlines))


def _place_labels(spots: list[tuple[float, float, str, int]], frame: Frame, limit: int = 25) -> list[str]:
    """Labels for the places with most events, skipping those that would overlap one already placed."""
    taken: list[tuple[float, float, float, float]] = []
    out = []
    for x, y, name, n in sorted(spots, key=lambda s: -s[3])[:limit]:
        text = name if n == 1 else f"{name} ({n})"
        w = 6.2 * len(text)
        r = 6 + 2.2 * math.sqrt(n)
        lx = x + r if x + r + w < frame.width else x - r - w
        box = (lx, y - 12, lx + w, y + 2)
        if any(not (box[2] < t[0] or box[0] > t[2] or box[3] < t[1] or box[1] > t[3]) for t in taken):
            continue
        taken.append(box)
        out.append(f'<text class="pname" x="{lx:.1f}" y="{y - 2:.1f}">{esc(text)}</text>')
    return out


def _type_order(t: str) -> tuple[int, str]:
    order = list(TYPE_COLOURS)
    return (order.index(t) if t in order else len(order), t)


def legend(types: list[str], width: int, y0: float) -> tuple[list[str], int]:
    """A key of the event types' colours in rows under a picture; returns the SVG and its height."""
    out = ['<g class="legend">']
    x, y, row = 8.0, y0 + 14, 18
    for t in types:
        w = 22 + 6.3 * len(t) + 14
        if x + w > width and x > 8:
            x, y = 8.0, y + row
        out.append(f'<circle cx="{x + 6:.1f}" cy="{y - 4:.1f}" r="5" fill="{colour(t)}"/>')
        out.append(f'<text x="{x + 16:.1f}" y="{y:.1f}" font-size="11" fill="#1d2733">{esc(t)}</text>')
        x += w
    out.append("</g>")
    return out, int(y - y0 + 8) if types else 0


# --- timeline -----------------------------------------------------------------------------


def _bins(days: list[date]) -> tuple[list[date], int]:
    """Bin starts from the first to the last day: days, or weeks (Mondays) for long periods."""
    first, last = min(days), max(days)
    if (last - first).days <= 120:
        return [first + timedelta(days=i) for i in range((last - first).days + 1)], 1
    start = first - timedelta(days=first.weekday())
    out = []
    while start <= last:
        out.append(start)
        start += timedelta(days=7)
    return out, 7


def _nice(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 5:
            return step
    return 10 ** len(str(top))


def timeline_svg(events: Sequence[Event], width: int = 1000, height: int = 220) -> str | None:
    """Events per day (or week) stacked by type; only events dated to a day are drawn."""
    dated = [ev for ev in events if ev.date and ev.date.start and ev.date.precision == "day"]
    if not dated:
        return None
    bins, size = _bins([ev.date.start for ev in dated if ev.date and ev.date.start])
    counts: list[Counter[str]] = [Counter() for _ in bins]
    first = bins[0]
    for ev in dated:
        assert ev.date is not None and ev.date.start is not None
        counts[min(len(bins) - 1, (ev.date.start - first).days // size)][ev.event_type] += 1
    left, right, top, bottom = 36, 10, 12, 42
    plot_w, plot_h = width - left - right, height - top - bottom
    most = max(sum(c.values()) for c in counts)
    step = _nice(most)
    ymax = max(step, math.ceil(most / step) * step)
    bar = plot_w / len(bins)
    gap = min(2.0, bar * 0.2)
    order = [t for t in TYPE_COLOURS if any(c[t] for c in counts)]
    order += sorted({t for c in counts for t in c} - set(order))
    key, extra = legend(order, width, height)
    total = height + extra
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total}" width="{width}" height="{total}" '
        f'role="img" class="timeline" style="{FONT}">',
        f"<title>Events per {'day' if size == 1 else 'week'}, stacked by event type</title>",
        "<style>.axis{stroke:#52667a}.tick{font-size:10px;fill:#52667a}.grid{stroke:#e3e8ee}</style>",
    ]
    for v in range(0, ymax + 1, step):
        y = top + plot_h - plot_h * v / ymax
        out.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text class="tick" x="{left - 5}" y="{y + 3:.1f}" text-anchor="end">{v}</text>')
    for i, (start, c) in enumerate(zip(bins, counts, strict=True)):
        x = left + i * bar + gap / 2
        y = top + plot_h
        label = start.isoformat() if size == 1 else f"week of {start.isoformat()}"
        for t in order:
            if not c[t]:
                continue
            h = plot_h * c[t] / ymax
            y -= h
            fill = TYPE_COLOURS.get(t, OTHER_COLOUR)
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(1.0, bar - gap):.1f}" height="{h:.1f}" fill="{fill}">'
                f"<title>{esc(f'{label}: {t} {c[t]}')}</title></rect>"
            )
    every = max(1, math.ceil(len(bins) / 10))
    for i in range(0, len(bins), every):
        x = left + i * bar + bar / 2
        text = bins[i].strftime("%d %b") if size == 1 else bins[i].strftime("%d %b %y")
        out.append(f'<line class="axis" x1="{x:.1f}" x2="{x:.1f}" y1="{top + plot_h}" y2="{top + plot_h + 4}"/>')
        out.append(f'<text class="tick" x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{esc(text)}</text>')
    year = f"{bins[0].year}" if bins[0].year == bins[-1].year else f"{bins[0].year}-{bins[-1].year}"
    out.append(
        f'<text class="tick" x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle">{esc(year)}</text>'
    )
    out.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}"/>')
    out.extend(key)
    out.append("</svg>")
    return "\n".join(out)
