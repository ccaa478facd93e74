"""Claims and events to table rows and back.

A claim row keeps spans, never text: the statement, its speaker and cue are offsets into the
article's clean text, and the event report keeps each argument's span beside its value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import date
from typing import Any, cast

from sqlalchemy import Connection, select

from fogwatch.model import (
    ActorRef,
    Arg,
    Claim,
    DatePrecision,
    Event,
    EventReport,
    Fatalities,
    Location,
    SourceFigure,
    Span,
    TimeValue,
)
from fogwatch.store import schema

_PRECISIONS = ("day", "week", "month", "year")
_ARG_TYPES: dict[str, type] = {
    "actor1": ActorRef,
    "actor2": ActorRef,
    "assoc_actors": ActorRef,
    "location": Location,
    "date": TimeValue,
}


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def report_to_json(report: EventReport) -> dict[str, Any]:
    out: dict[str, Any] = _plain(asdict(report))
    return out


def _value(cls: type, data: Any) -> Any:
    if not isinstance(data, dict):
        return data
    fields = set(cls.__dataclass_fields__)  # type: ignore[attr-defined]
    values = {k: v for k, v in data.items() if k in fields}
    if cls is TimeValue:
        for k in ("start", "end"):
            values[k] = date.fromisoformat(values[k]) if values.get(k) else None
    return cls(**values)


def _arg(name: str, data: dict[str, Any] | None) -> Arg | None:
    if not data:
        return None
    return Arg(int(data["start"]), int(data["end"]), _value(_ARG_TYPES[name], data["value"]))


def report_from_json(data: dict[str, Any]) -> EventReport:
    fat = data.get("fatalities")
    trig = data.get("trigger")
    span = data.get("fatalities_span")
    return EventReport(
        sub_event_type=data["sub_event_type"],
        event_type=data["event_type"],
        score=float(data.get("score", 0.0)),
        trigger=(int(trig[0]), int(trig[1])) if trig else None,
        actor1=_arg("actor1", data.get("actor1")),
        actor2=_arg("actor2", data.get("actor2")),
        assoc_actors=[a for a in (_arg("assoc_actors", x) for x in data.get("assoc_actors") or []) if a],
        location=_arg("location", data.get("location")),
        date=_arg("date", data.get("date")),
        fatalities=Fatalities(**fat) if fat else None,
        fatalities_span=(int(span[0]), int(span[1])) if span else None,
        delivery=data.get("delivery"),
    )


def claim_row(c: Claim) -> dict[str, Any]:
    sp, cue = c.speaker_span, c.cue_span
    return {
        "id": c.id,
        "article_id": c.article_id,
        "start": c.start,
        "end": c.end,
        "kind": c.kind,
        "speaker": c.speaker,
        "speaker_kind": c.speaker_kind,
        "speaker_start": sp[0] if sp else None,
        "speaker_end": sp[1] if sp else None,
        "cue": c.cue,
        "cue_start": cue[0] if cue else None,
        "cue_end": cue[1] if cue else None,
        "certainty": c.certainty,
        "flags": [{"start": f.start, "end": f.end, "label": f.label} for f in c.flags],
        "report": report_to_json(c.event) if c.event else None,
        "event_type": c.event.event_type if c.event else None,
        "sub_event_type": c.event.sub_event_type if c.event else None,
        "event_id": c.event_id,
    }


def claim_from_row(row: Any, text: str = "") -> Claim:
    """A stored claim; `text` is its article's clean text (the statement is cut from it)."""
    m = row._mapping
    return Claim(
        id=m["id"],
        article_id=m["article_id"],
        start=m["start"],
        end=m["end"],
        text=text[m["start"] : m["end"]],
        speaker=m["speaker"],
        speaker_kind=m["speaker_kind"],
        certainty=m["certainty"],
        speaker_span=(m["speaker_start"], m["speaker_end"]) if m["speaker_start"] is not None else None,
        cue=m["cue"],
        cue_span=(m["cue_start"], m["cue_end"]) if m["cue_start"] is not None else None,
        flags=[Span(f["start"], f["end"], f["label"]) for f in m["flags"] or []],
        kind=m["kind"],
        event=report_from_json(m["report"]) if m["report"] else None,
        event_id=m["event_id"],
    )


def replace_claims(conn: Connection, article_ids: list[str], claims: Iterable[Claim]) -> int:
    """Replace the stored claims of `article_ids` with `claims`, in `conn`'s transaction."""
    t = schema.claims
    for i in range(0, len(article_ids), 500):
        conn.execute(t.delete().where(t.c.article_id.in_(article_ids[i : i + 500])))
    rows = [claim_row(c) for c in claims]
    if rows:
        conn.execute(t.insert(), rows)
    return len(rows)


def iter_claims(conn: Connection, event_only: bool = False, with_text: bool = True) -> Iterator[Claim]:
    """Every stored claim (with its statement's text when `with_text`), by article then position."""
    t, a = schema.claims, schema.articles
    q = select(t)
    if event_only:
        q = q.where(t.c.report.is_not(None))
    rows = conn.execute(q.order_by(t.c.article_id, t.c.start, t.c.id)).all()
    texts: dict[str, str] = {}
    if with_text:
        ids = sorted({r.article_id for r in rows})
        for i in range(0, len(ids), 500):
            texts.update(conn.execute(select(a.c.id, a.c.text).where(a.c.id.in_(ids[i : i + 500]))).all())
    for r in rows:
        yield claim_from_row(r, texts.get(r.article_id, ""))


def event_date_string(tv: TimeValue | None) -> str | None:
    """`YYYY-MM-DD`, or `--MM-DD` when the year is unknown."""
    if tv is None:
        return None
    if tv.start is not None:
        return tv.start.isoformat()
    if tv.month and tv.day:
        return f"--{tv.month:02d}-{tv.day:02d}"
    return None


def location_json(loc: Location | None) -> dict[str, Any] | None:
    if loc is None:
        return None
    return {
        "name": loc.name,
        "admin1": loc.admin1,
        "country": loc.country,
        "lat": loc.lat,
        "lon": loc.lon,
        "geo_precision": loc.geo_precision,
    }


def event_row(ev: Event) -> dict[str, Any]:
    fat = ev.fatalities
    return {
        "id": ev.id,
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "date": event_date_string(ev.date),
        "date_precision": ev.date.precision if ev.date else None,
        "actor1": ev.actor1,
        "actor2": ev.actor2,
        "inter1": ev.inter1,
        "inter2": ev.inter2,
        "assoc_actors": ev.assoc_actors,
        "location": {**(location_json(ev.location) or {}), "relation": ev.location.relation} if ev.location else None,
        "lat": ev.location.lat if ev.location else None,
        "lon": ev.location.lon if ev.location else None,
        "fatalities": {"best": fat.best, "low": fat.low, "high": fat.high, "by_party": fat.by_party} if fat else None,
        "figures": [asdict(f) for f in ev.figures],
        "claim_ids": ev.claim_ids,
        "article_ids": ev.article_ids,
        "story_ids": ev.story_ids,
        "sources": ev.sources,
        "independent_sources": ev.independent_sources,
        "status": ev.status,
        "notes": ev.notes,
        "joins": ev.joins,
    }


def event_from_row(row: Any) -> Event:
    m = row._mapping
    loc = m["location"]
    fat = m["fatalities"]
    when: TimeValue | None = None
    if m["date"]:
        d = str(m["date"])
        prec = cast(DatePrecision, m["date_precision"] if m["date_precision"] in _PRECISIONS else "day")
        if d.startswith("--"):
            when = TimeValue(None, None, prec, False, int(d[2:4]), int(d[5:7]))
        else:
            day = date.fromisoformat(d)
            when = TimeValue(day, day, prec, True, day.month, day.day)
    return Event(
        id=m["id"],
        event_type=m["event_type"],
        sub_event_type=m["sub_event_type"],
        date=when,
        actor1=m["actor1"],
        actor2=m["actor2"],
        assoc_actors=list(m["assoc_actors"] or []),
        location=Location(**{k: v for k, v in loc.items() if k in Location.__dataclass_fields__}) if loc else None,
        fatalities=Fatalities(**fat) if fat else None,
        claim_ids=list(m["claim_ids"]),
        article_ids=list(m["article_ids"]),
        story_ids=list(m["story_ids"]),
        sources=list(m["sources"]),
        independent_sources=m["independent_sources"],
        status=m["status"],
        figures=[SourceFigure(**f) for f in m["figures"] or []],
        notes=m["notes"],
        inter1=m["inter1"],
        inter2=m["inter2"],
        joins=list(m["joins"] or []),
    )


def read_events(conn: Connection) -> list[Event]:
    """Every stored event, by date, then by its notes (what it says, not its id: ids hash where the
    documents were read from, and one corpus read from two folders must list alike), then id."""
    t = schema.events
    return [event_from_row(r) for r in conn.execute(select(t).order_by(t.c.date, t.c.notes, t.c.id))]
