"""Exports as Parquet, for pandas, Polars, DuckDB, Spark and QGIS.

Each kind gets fixed, typed columns (so an empty export or a column that happens to be all null
still has its type): nested objects such as an event's location and toll are spread into flat
columns, lists of ids stay lists of strings, and the remaining nested records (figures, flags,
removed spans, a claim's event report) are JSON text. Fields added to the JSON-lines contract
later and not yet listed here are kept as JSON text columns too.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from fogwatch.errors import require

# Column kinds: str, int, float, bool, date (ISO text to a date), list (of strings), json (any value as JSON text).
Spec = list[tuple[str, str]]

EVENTS: Spec = [
    ("id", "str"),
    ("date", "str"),
    ("event_date", "date"),
    ("date_precision", "str"),
    ("event_type", "str"),
    ("sub_event_type", "str"),
    ("actor1", "str"),
    ("actor2", "str"),
    ("assoc_actors", "list"),
    ("location", "str"),
    ("admin1", "str"),
    ("country", "str"),
    ("latitude", "float"),
    ("longitude", "float"),
    ("geo_precision", "int"),
    ("fatalities", "int"),
    ("fatalities_low", "int"),
    ("fatalities_high", "int"),
    ("fatalities_by_party", "bool"),
    ("claim_ids", "list"),
    ("article_ids", "list"),
    ("story_ids", "list"),
    ("independent_sources", "int"),
    ("status", "str"),
    ("notes", "str"),
    ("figures", "json"),
    ("sources", "list"),
    ("inter1", "int"),
    ("inter2", "int"),
]
CLAIMS: Spec = [
    ("id", "str"),
    ("article_id", "str"),
    ("start", "int"),
    ("end", "int"),
    ("text", "str"),
    ("speaker", "str"),
    ("cue", "str"),
    ("certainty", "str"),
    ("flags", "json"),
    ("event_id", "str"),
    ("kind", "str"),
    ("speaker_kind", "str"),
    ("speaker_start", "int"),
    ("speaker_end", "int"),
    ("cue_start", "int"),
    ("cue_end", "int"),
    ("event_type", "str"),
    ("sub_event_type", "str"),
    ("report", "json"),
]
STORIES: Spec = [
    ("id", "str"),
    ("canonical_id", "str"),
    ("size", "int"),
    ("member_ids", "list"),
    ("members", "json"),
    ("sites", "list"),
    ("first_published", "date"),
    ("independent_sources", "int"),
]
ARTICLES: Spec = [
    ("id", "str"),
    ("source", "str"),
    ("site", "str"),
    ("wire", "str"),
    ("outlet", "str"),
    ("title", "str"),
    ("published", "date"),
    ("text", "str"),
    ("removed", "json"),
    ("byline", "str"),
    ("published_evidence", "str"),
    ("language", "str"),
    ("original_source", "str"),
    ("format", "str"),
    ("meta", "json"),
    ("story_id", "str"),
]
MENTIONS: Spec = [
    ("article_id", "str"),
    ("start", "int"),
    ("end", "int"),
    ("text", "str"),
    ("kind", "str"),
    ("value", "json"),
    ("sentence", "int"),
    ("confidence", "float"),
]
REJECTS: Spec = [("input", "str"), ("step", "str"), ("kind", "str"), ("reason", "str")]


def _event(r: dict[str, Any]) -> dict[str, Any]:
    loc = r.get("location") or {}
    fat = r.get("fatalities") or {}
    return {
        **r,
        "event_date": r.get("date"),
        "location": loc.get("name"),
        "admin1": loc.get("admin1"),
        "country": loc.get("country"),
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geo_precision": loc.get("geo_precision"),
        "fatalities": fat.get("best"),
        "fatalities_low": fat.get("low"),
        "fatalities_high": fat.get("high"),
        "fatalities_by_party": r.get("fatalities_by_party"),
    }


def _claim(r: dict[str, Any]) -> dict[str, Any]:
    sp, cue, rep = r.get("speaker_span"), r.get("cue_span"), r.get("report") or {}
    out = {k: v for k, v in r.items() if k not in ("speaker_span", "cue_span")}
    out.update(
        speaker_start=sp[0] if sp else None,
        speaker_end=sp[1] if sp else None,
        cue_start=cue[0] if cue else None,
        cue_end=cue[1] if cue else None,
        event_type=rep.get("event_type"),
        sub_event_type=rep.get("sub_event_type"),
    )
    return out


def _story(r: dict[str, Any]) -> dict[str, Any]:
    members = r.get("members") or []
    return {**r, "size": len(members), "member_ids": [m["article_id"] for m in members]}


KINDS: dict[str, tuple[Spec, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    "events": (EVENTS, _event),
    "claims": (CLAIMS, _claim),
    "stories": (STORIES, _story),
    "articles": (ARTICLES, dict),
    "mentions": (MENTIONS, dict),
    "rejects": (REJECTS, dict),
}
BATCH = 2000


def _arrow_type(pa: Any, kind: str) -> Any:
    return {
        "str": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "list": pa.list_(pa.string()),
        "json": pa.string(),
    }[kind]


def _cell(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "json":
        return json.dumps(value, ensure_ascii=False)
    if kind == "date":
        text = str(value)
        return date.fromisoformat(text[:10]) if len(text) >= 10 and not text.startswith("--") else None
    if kind == "list":
        return [str(x) for x in value]
    return value


def write_parquet(records: Iterable[dict[str, Any]], kind: str, path: Path) -> int:
    """Write export records of `kind` to a Parquet file; return the number of rows."""
    pa = require("pyarrow", "parquet", "Parquet export")
    pq = require("pyarrow.parquet", "parquet", "Parquet export")
    spec, flatten = KINDS[kind]
    spec = list(spec)
    rows = iter(records)
    batch = [flatten(r) for _, r in zip(range(BATCH), rows, strict=False)]
    known = {name for name, _ in spec}
    spec += [(k, "json") for k in (batch[0] if batch else {}) if k not in known]  # fields added to the contract later
    schema = pa.schema([(name, _arrow_type(pa, t)) for name, t in spec])  # type: ignore[attr-defined]
    tmp = path.with_name(path.name + ".part")
    n = 0
    try:
        with pq.ParquetWriter(str(tmp), schema) as writer:  # type: ignore[attr-defined]
            while True:
                cols = {name: [_cell(t, r.get(name)) for r in batch] for name, t in spec}
                writer.write_table(pa.table(cols, schema=schema))  # type: ignore[attr-defined]
                n += len(batch)
                batch = [flatten(r) for _, r in zip(range(BATCH), rows, strict=False)]
                if not batch:
                    break
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return n
