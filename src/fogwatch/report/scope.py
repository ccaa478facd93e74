"""What a report covers: its date range, place and radius, and event type, checked before anything is read.

A bad value is the user's to fix, so it fails here with a message that says what to give
instead (exit status 2, as for any other bad option).
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, select

from fogwatch.errors import BadCoordinates, BadReportOption, GazetteerError
from fogwatch.events.typology import EVENT_TYPES, SUB_EVENT_TYPES
from fogwatch.geo import haversine_km
from fogwatch.model import Event
from fogwatch.store import schema

DEFAULT_RADIUS_KM = 50.0
FORMATS = ("text", "md", "html")


@dataclass(slots=True, frozen=True)
class Place:
    """The centre of a --near filter, and where its coordinates came from."""

    name: str
    lat: float
    lon: float
    found_in: str  # "coordinates", "events", "gazetteer"


@dataclass(slots=True, frozen=True)
class ReportFilter:
    """The report's scope; every part is optional and they combine with AND."""

    since: date | None = None
    until: date | None = None
    near: str | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    type: str | None = None  # an ACLED event type or sub-event type, in the typology's spelling

    @property
    def empty(self) -> bool:
        return self.since is None and self.until is None and self.near is None and self.type is None

    def describe(self, place: Place | None = None) -> str:
        """The scope in words: "from 10 February 2020, within 25 km of Idlib, Battles only"."""
        parts = []
        if self.since and self.until:
            parts.append(f"{self.since.isoformat()} to {self.until.isoformat()}")
        elif self.since:
            parts.append(f"from {self.since.isoformat()}")
        elif self.until:
            parts.append(f"until {self.until.isoformat()}")
        if self.near:
            where = place.name if place else self.near
            parts.append(f"within {self.radius_km:g} km of {where}")
        if self.type:
            parts.append(f"{self.type} only")
        return ", ".join(parts) or "everything"

    def to_json(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "near": self.near,
            "radius_km": self.radius_km if self.near else None,
            "type": self.type,
        }


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadReportOption(f"{option} '{value}' is not a date; give it as YYYY-MM-DD, e.g. 2020-02-09") from None


def event_type_names() -> list[str]:
    return [*EVENT_TYPES, *SUB_EVENT_TYPES]


def resolve_type(value: str | None) -> str | None:
    """The typology's spelling of an event type or sub-event type given in any case."""
    if value is None:
        return None
    key = " ".join(value.split()).casefold()
    for name in event_type_names():
        if name.casefold() == key:
            return name
    raise BadReportOption(
        f"--type '{value}' is not an ACLED event type or sub-event type. Event types: {', '.join(EVENT_TYPES)}. "
        f"Sub-event types: {', '.join(SUB_EVENT_TYPES)}."
    )


def make_filter(
    since: str | None = None,
    until: str | None = None,
    near: str | None = None,
    radius_km: float | None = None,
    type: str | None = None,
) -> ReportFilter:
    """A checked ReportFilter from command-line strings (the place itself is looked up later, in the store)."""
    start, end = parse_day(since, "--since"), parse_day(until, "--until")
    if start and end and start > end:
        raise BadReportOption(f"--since {start.isoformat()} is after --until {end.isoformat()}")
    if near is not None and not near.strip():
        raise BadReportOption("--near needs a place name or lat,lon")
    if near is not None:
        parse_coordinates(near)
    if radius_km is not None:
        if near is None:
            raise BadReportOption("--radius needs --near PLACE: the radius is measured around that place")
        if not math.isfinite(radius_km) or radius_km <= 0:
            raise BadReportOption(f"--radius {radius_km:g} must be a positive number of kilometres")
    return ReportFilter(
        since=start,
        until=end,
        near=near.strip() if near else None,
        radius_km=radius_km if radius_km is not None else DEFAULT_RADIUS_KM,
        type=resolve_type(type),
    )


def parse_coordinates(text: str, option: str = "--near") -> tuple[float, float] | None:
    """`lat,lon` as two numbers, None when `text` is not two numbers (so it is a place name).

    Two numbers that are no point on the Earth (NaN, infinity, a latitude beyond 90 or a
    longitude beyond 180) raise BadCoordinates: read as a place name, "nan,nan" would find a
    town called Nan.
    """
    parts = text.split(",")
    if len(parts) != 2:
        return None
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        return None
    shown = f"{option} '{text.strip()}'"
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise BadCoordinates(f"{shown}: coordinates must be finite numbers; give lat,lon in degrees, e.g. 35.93,36.63")
    if not -90 <= lat <= 90:
        swapped = " (lon,lat? fogwatch reads lat first)" if -90 <= lon <= 90 and -180 <= lat <= 180 else ""
        raise BadCoordinates(f"{shown}: latitude {lat:g} is outside -90 to 90{swapped}; give lat,lon, e.g. 35.93,36.63")
    if not -180 <= lon <= 180:
        raise BadCoordinates(f"{shown}: longitude {lon:g} is outside -180 to 180; give lat,lon, e.g. 35.93,36.63")
    return lat, lon


def resolve_place(conn: Connection, name: str) -> Place:
    """`lat,lon`, else a place the stored events name (place or province), else the offline gazetteer."""
    found = find_place(conn, name)
    if found is None:
        raise BadReportOption(
            f"--near '{name}': no such place among the events' places or in the offline gazetteer. "
            "Check the spelling, or give coordinates as lat,lon (e.g. 35.93,36.63)"
        )
    return found


def find_place(conn: Connection, name: str, option: str = "--near") -> Place | None:
    """The one place resolver: `report --near`, the web app's `?place=` and its exports all call it,
    so the same name is the same point everywhere. None when nothing fogwatch knows has the name;
    BadCoordinates (naming `option`) for two numbers that are no point on the Earth."""
    point = parse_coordinates(name, option)
    if point is not None:
        return Place(f"{point[0]:g},{point[1]:g}", point[0], point[1], "coordinates")
    key = " ".join(name.split()).casefold()
    e = schema.events
    hits: dict[str, list[tuple[float, float, str]]] = {"place": [], "admin1": []}
    for loc, lat, lon in conn.execute(select(e.c.location, e.c.lat, e.c.lon).where(e.c.lat.is_not(None))):
        if not loc or lat is None or lon is None:
            continue
        if (loc.get("name") or "").casefold() == key:
            hits["place"].append((float(lat), float(lon), loc["name"]))
        elif (loc.get("admin1") or "").casefold() == key:
            hits["admin1"].append((float(lat), float(lon), loc["admin1"]))
    for found in (hits["place"], hits["admin1"]):
        if found:
            # A province is the middle of the events placed in it, not any one of them.
            lat = sum(p[0] for p in found) / len(found)
            lon = sum(p[1] for p in found) / len(found)
            return Place(found[0][2], lat, lon, "events")
    return _gazetteer_place(name)


def _gazetteer_place(name: str) -> Place | None:
    from fogwatch.nlp.gazetteer import Gazetteer, NameKind

    try:
        gaz = Gazetteer.default()
        found = [c for c in gaz.candidates(name) if c.match <= NameKind.ALTERNATE]
    except GazetteerError:
        return None
    if not found:
        return None
    best = max(found, key=lambda c: (c.match == NameKind.PRIMARY, c.population))
    return Place(best.name, best.lat, best.lon, "gazetteer")


def event_day(ev: Event) -> date | None:
    return ev.date.start if ev.date and ev.date.start else None


def event_period(ev: Event) -> tuple[date, date] | None:
    """The days an event's date may mean: one day, or the whole week, month or year it gives."""
    day = event_day(ev)
    if day is None or ev.date is None:
        return None
    if ev.date.precision == "week":
        return day, day + timedelta(days=6)
    if ev.date.precision == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day, day.replace(day=last)
    if ev.date.precision == "year":
        return day, date(day.year, 12, 31)
    return day, day


def keep(ev: Event, f: ReportFilter, centre: Place | None) -> bool:
    """Whether an event is in the report's scope.

    A date filter keeps an event whose period (a day, or the week, month or year it is dated to)
    overlaps the range, and leaves out events with no date or no year.
    """
    if f.type and f.type not in (ev.event_type, ev.sub_event_type):
        return False
    if f.since or f.until:
        period = event_period(ev)
        if period is None or (f.since and period[1] < f.since) or (f.until and period[0] > f.until):
            return False
    if centre is not None:
        loc = ev.location
        if loc is None or haversine_km(centre.lat, centre.lon, loc.lat, loc.lon) > f.radius_km:
            return False
    return True
