"""The situation report as Markdown (CommonMark with GitHub tables).

Scraped text goes through `md()`: Markdown renderers pass raw HTML through, so every character
that could open a tag, a link, an emphasis or a table cell is backslash-escaped.
"""

from __future__ import annotations

import re

from fogwatch.report import words as w
from fogwatch.report.situation import Situation
from fogwatch.report.summary import CONTESTED_LIMIT, EVENT_LIMIT

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def md(text: object) -> str:
    """Text safe inside a Markdown paragraph or table cell: one line, every markup character escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out.extend("| " + " | ".join(r) + " |" for r in rows)
    return out


def markdown_report(sit: Situation) -> str:
    lines = ["# Situation report", ""]
    add = lines.append
    add(f"Made {md(w.made_at(sit))} by fogwatch from {md(sit.database.url)}. Scope: {md(w.scope_line(sit))}.")
    if sit.place is not None and sit.place.found_in != "coordinates":
        add(f"{md(sit.place.name)} is at {sit.place.lat:.4f}, {sit.place.lon:.4f} (from the {sit.place.found_in}).")
    db = sit.database
    add("")
    add(
        f"The database holds {md(w.plural(db.articles, 'article'))}, {md(w.plural(db.claims, 'claim'))} and "
        f"{md(w.plural(db.events, 'event'))}"
        + (f" (articles published {md(db.first_published)} to {md(db.last_published)})." if db.first_published else ".")
    )
    if not sit.events:
        add("")
        add(f"No events in scope ({md(w.scope_line(sit))}).")
        return "\n".join(lines) + "\n"
    for section in (_headline, _days, _places, _contested, _new, _sources):
        add("")
        lines.extend(section(sit))
    return "\n".join(lines) + "\n"


def _headline(sit: Situation) -> list[str]:
    h = sit.headline()
    period = f"{h.first.isoformat()} to {h.last.isoformat()}" if h.first and h.last else "no days known"
    undated = f"; {h.without_day} without a day" if h.without_day else ""
    high = f"; its sources give up to {h.fatalities_high}" if h.fatalities_high > h.fatalities else ""
    out = ["## Headline", ""]
    out += _table(
        ["", ""],
        [
            ["**Events**", md(f"{h.events} ({period}{undated})")],
            [
                "**Fatalities**",
                md(
                    f"{h.fatalities}, conservative: the lowest toll of each of {h.with_toll} events that a source "
                    f"not party to the fighting gives{high}"
                    + (
                        f"; parties to the fighting alone claim {h.party_only} more in {h.party_only_events} events"
                        if h.party_only_events
                        else ""
                    )
                ),
            ],
            ["**Status**", md(w.status_counts(h.status))],
            [
                "**Sources**",
                md(
                    f"{h.outlets} outlets, {h.independent_sources} independent; {h.claims} claims in {h.articles} articles"
                ),
            ],
        ],
    )
    out += ["", "### By type", ""]
    rows = [
        [md(t.event_type), str(t.events), str(t.fatalities), md(", ".join(f"{s} {n}" for s, n in t.sub_types))]
        for t in h.by_type
    ]
    out += _table(["Event type", "Events", "Fatalities", "Sub-event types"], rows)
    return out


def _days(sit: Situation) -> list[str]:
    out = ["## Events by day"]
    shown = 0
    for day, events in sit.by_day():
        if shown >= EVENT_LIMIT:
            break
        out += ["", f"### {md(day)}", ""]
        rows = []
        for ev in events[: EVENT_LIMIT - shown]:
            shown += 1
            rows.append(
                [
                    md(ev.sub_event_type),
                    md(w.place(ev)),
                    md(w.actors(ev)),
                    str(ev.fatalities.best) if ev.fatalities else "",
                    md(ev.status),
                    md(", ".join(ev.sources)),
                    str(ev.independent_sources),
                ]
            )
        out += _table(["Event", "Place", "Actors", "Killed", "Status", "Reported by", "Independent"], rows)
    if len(sit.events) > shown:
        out += ["", f"And {len(sit.events) - shown} more events: narrow the scope, or use `fogwatch export events`."]
    return out


def _places(sit: Situation) -> list[str]:
    places = sit.by_place()
    out = ["## By place", ""]
    rows = [
        [
            md(p.label),
            md(p.country or ""),
            f"{p.lat:.4f}, {p.lon:.4f}",
            str(p.events),
            str(p.fatalities),
            md(", ".join(f"{t} {n}" for t, n in p.types.most_common())),
        ]
        for p in places
    ]
    out += _table(["Place", "Country", "Lat, lon", "Events", "Fatalities", "Types"], rows)
    if sit.unplaced():
        out += ["", f"Place unknown: {w.plural(sit.unplaced(), 'event')}."]
    return out


def _contested(sit: Situation) -> list[str]:
    contested = sit.contested()
    out = ["## Contested claims", ""]
    if not contested:
        return [*out, "None: no event in scope whose sources disagree."]
    out.append(
        f"{w.plural(len(contested), 'event')} whose sources give different tolls, or dispute or deny what "
        "others report. Each source's toll is shown beside the statements that give it."
    )
    for ev, voices in contested[:CONTESTED_LIMIT]:
        kept = f" (toll kept: {ev.fatalities.best})" if ev.fatalities else ""
        out += ["", f"### {md(w.when(ev))}: {md(ev.sub_event_type)} {md(w.at_place(ev))}{kept}", ""]
        shown, others = w.split_voices(voices)
        rows = []
        for v in shown:
            toll = w.figure(v.figure) if v.figure else "disputes or denies"
            for st in v.statements:
                c = st.claim.claim
                rows.append(
                    [
                        md(", ".join(st.outlets)),
                        md(f"{v.speaker} ({v.speaker_kind})"),
                        md(toll) + (" (party)" if v.by_party else ""),
                        md(c.certainty + (f": {c.cue}" if c.cue else "")),
                        md(w.clip(c.text, 400)),
                    ]
                )
        out += _table(["Outlet", "Speaker", "Toll", "Certainty", "Statement"], rows)
        if others:
            out += ["", f"And {w.plural(others, 'other statement')} about this event."]
    if len(contested) > CONTESTED_LIMIT:
        out += ["", f"And {len(contested) - CONTESTED_LIMIT} more contested events."]
    return out


def _new(sit: Situation) -> list[str]:
    out = ["## New since the last report", ""]
    if sit.last is None:
        return [
            *out,
            "No earlier report of this database: all of it is new. Each report remembers the claims it "
            "covers, and the next one lists the events with claims that came after.",
        ]
    fresh = sit.new_events()
    out.append(f"Last report: {md(w.last_report(sit.last))}.")
    if not fresh:
        return [*out, "", "Nothing new in scope."]
    out += ["", f"{w.plural(sit.new_claims, 'new claim')} in {w.plural(len(fresh), 'event')}:", ""]
    rows = []
    for x in fresh[:EVENT_LIMIT]:
        rows.append(
            [
                md(w.when(x.event)),
                md(w.what(x.event)),
                md(x.event.status),
                "new event" if x.all_new else md(w.plural(len(x.new_claims), "new claim")),
                md(", ".join(sorted({c.article.outlet for c in x.new_claims}))),
            ]
        )
    out += _table(["Date", "Event", "Status", "What is new", "From"], rows)
    return out


def _sources(sit: Situation) -> list[str]:
    out = [
        "## Sources",
        "",
        f"{w.plural(len(sit.sources), 'outlet')}, {sit.independent_sources} independent "
        "(copies of one story count once).",
        "",
    ]
    rows = [
        [
            md(r.outlet),
            str(r.articles),
            str(r.copies),
            str(r.claims),
            str(r.events),
            md(", ".join(r.copied_from)),
            md(", ".join(r.copied_by)),
        ]
        for r in sit.sources
    ]
    out += _table(["Outlet", "Articles", "Copies", "Claims", "Events", "Carries stories of", "Copied by"], rows)
    if sit.stories:
        out += ["", "### Who copies whom", ""]
        for st in sit.stories:
            title = w.clip(st.original.title or st.original.id, 120)
            day = st.original.published.isoformat() if st.original.published else "undated"
            copies = ", ".join(
                md(
                    f"{c.article.outlet} ({c.relation} copy, {c.similarity:.2f}"
                    + (f", via {c.via.outlet})" if c.via else ")")
                )
                for c in st.copies
            )
            out.append(f"- **{md(st.original.outlet)}**: “{md(title)}” ({md(day)}), copied by {copies}")
    return out
