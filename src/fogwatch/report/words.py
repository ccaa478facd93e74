"""Short phrases every report format uses for events, tolls and dates (plain text, not yet escaped)."""

from __future__ import annotations

from fogwatch.events.notes import date_words
from fogwatch.events.typology import TYPOLOGY
from fogwatch.model import Event, SourceFigure
from fogwatch.report.situation import LastReport, Situation, Voice

# The web app's colours for the six event types, so the map reads the same in both.
TYPE_COLOURS: dict[str, str] = {t.name: t.colour for t in TYPOLOGY.event_types.values()}
OTHER_COLOUR = "#222222"
STATUSES = ("corroborated", "contested", "single-source")


def colour(event_type: str) -> str:
    return TYPE_COLOURS.get(event_type, OTHER_COLOUR)


def place(ev: Event) -> str:
    loc = ev.location
    if loc is None:
        return "place unknown"
    where = loc.name
    if loc.admin1:
        where += f", {loc.admin1}"
    if loc.relation:
        where = f"{loc.relation} {where}"
    return where


def at_place(ev: Event) -> str:
    """The place with the preposition its relation takes: "at Saraqib, Idlib", "near Kafr Owaid,
    Idlib", "on the outskirts of Hazano, Idlib", "in the western countryside of Aleppo, Aleppo"."""
    loc = ev.location
    if loc is None or not loc.relation:
        return f"at {place(ev)}"
    rel = loc.relation
    if rel.startswith("outskirts"):
        return f"on the {place(ev)}"
    if rel.endswith(" of") and ("countryside" in rel or "part" in rel or "side" in rel or "front" in rel):
        return f"in the {place(ev)}"
    if " " not in rel and rel.endswith("ern"):
        return f"in {place(ev)}"  # "in southern Idlib"
    return place(ev)  # "near X", "5 km west of X", "between X ..."


def when(ev: Event) -> str:
    return date_words(ev.date) or "undated"


def toll(ev: Event) -> str:
    return "" if ev.fatalities is None else f"{ev.fatalities.best} killed"


def what(ev: Event) -> str:
    """ "Armed clash at Khan al-Assal, Aleppo; 7 killed"."""
    killed = toll(ev)
    return f"{ev.sub_event_type} {at_place(ev)}" + (f"; {killed}" if killed else "")


def actors(ev: Event) -> str:
    who = " vs ".join(x for x in (ev.actor1, ev.actor2) if x)
    if who and ev.assoc_actors:
        who += f" (with {', '.join(ev.assoc_actors)})"
    return who


def figure(f: SourceFigure) -> str:
    span = f" ({f.low}-{f.high})" if f.low is not None and f.high is not None and f.low != f.high else ""
    return f"{f.best}{span}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def status_counts(status: dict[str, int]) -> str:
    return ", ".join(f"{status[k]} {k}" for k in STATUSES if status.get(k)) or "none"


def scope_line(sit: Situation) -> str:
    return sit.scope.describe(sit.place)


def made_at(sit: Situation) -> str:
    return sit.made_at.strftime("%Y-%m-%d %H:%M UTC")


def last_report(last: LastReport) -> str:
    """ "report 3 of 2024-05-01 10:00 UTC (within 50 km of Idlib)"."""
    f = last.filters
    parts = []
    if f.get("since") or f.get("until"):
        parts.append(f"{f.get('since') or '...'} to {f.get('until') or '...'}")
    if f.get("near"):
        parts.append(f"within {f.get('radius_km') or 50:g} km of {f['near']}")
    if f.get("type"):
        parts.append(f"{f['type']} only")
    stamp = last.made_at.replace("T", " ").replace("+00:00", " UTC")
    return f"report {last.id} of {stamp}" + (f" ({', '.join(parts)})" if parts else "")


def clip(text: str, limit: int = 400) -> str:
    """One line of at most `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def speaker(kind: str, name: str, outlet: str) -> str:
    """Who speaks: the outlet in its own voice, or a named speaker as the outlet reports them."""
    if kind == "outlet" or name == outlet:
        return f"{outlet} (own reporting)"
    return f"{name} ({kind}, via {outlet})"


def split_voices(voices: list[Voice]) -> tuple[list[Voice], int]:
    """The voices a contested event is shown with (those giving a toll, and those disputing or denying)
    and the number of other statements left out."""
    shown = [v for v in voices if v.figure is not None or v.challenges]
    others = sum(len(v.statements) for v in voices if v not in shown)
    return shown, others
