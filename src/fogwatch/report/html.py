"""The situation report as one self-contained HTML page: inline CSS and SVG, no script, no request.

Scraped text is hostile, so every value from the database is escaped by `esc` where it is put
into the page (element text and attribute values alike), and a Content-Security-Policy forbids
scripts and any fetch as a second line of defence. CSS classes and colours come from fixed tables,
never from the data.
"""

from __future__ import annotations

import itertools

from fogwatch.model import Claim, Event
from fogwatch.report import words as w
from fogwatch.report.situation import Situation, Statement, Voice
from fogwatch.report.summary import CONTESTED_LIMIT, EVENT_LIMIT
from fogwatch.report.svg import esc, map_svg, timeline_svg

# What each loaded-language label means to a reader (the labels of fogwatch.events.loaded).
FLAG_WORDS = {
    "loaded-language": "loaded language",
    "name-calling": "name-calling",
    "doubt": "casts doubt",
    "sarcasm": "sarcasm",
}
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
STATUS_CLASS = {"corroborated": "st-corr", "contested": "st-cont", "single-source": "st-single"}
CERTAINTY_CLASS = {
    "asserted": "c-asserted",
    "attributed": "c-attributed",
    "hedged": "c-hedged",
    "unconfirmed": "c-unconfirmed",
    "disputed": "c-disputed",
    "denied": "c-denied",
}

STYLE = """
:root{--ink:#1d2733;--muted:#52667a;--line:#d8dee6;--bg:#fff;--soft:#f5f7fa}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1100px;margin:0 auto;padding:24px 20px 60px}
h1{font-size:28px;margin:0 0 4px}h2{font-size:21px;margin:36px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:16px;margin:20px 0 8px}
.meta{color:var(--muted);margin:0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin:18px 0}
.card{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:12px}
.card b{display:block;font-size:26px;line-height:1.1}.card span{color:var(--muted);font-size:13px}
table{border-collapse:collapse;width:100%;font-size:14px;margin:6px 0}
th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid var(--line)}
th{background:var(--soft);font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.swatch{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px;vertical-align:baseline}
.badge{display:inline-block;font-size:12px;padding:0 6px;border-radius:9px;border:1px solid var(--line);white-space:nowrap}
.st-corr{background:#e3f4e8;border-color:#9fd5ae}.st-cont{background:#fde8e4;border-color:#f0a898}
.st-single{background:#eef1f5}
.c-asserted{background:#eef1f5}.c-attributed{background:#e6f0fa}.c-hedged,.c-unconfirmed{background:#fff4d6}
.c-disputed{background:#fde8e4}.c-denied{background:#f7d4cd;font-weight:600}
.new{background:#fff1a8;border-color:#e0c84a}
figure{margin:12px 0}figcaption{color:var(--muted);font-size:13px;margin-top:4px}
svg{max-width:100%;height:auto;display:block}
.day{margin:14px 0 4px;font-weight:600}
.contested{border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:14px 0}
.voices{display:grid;grid-template-columns:repeat(auto-fit,minmax(230px,1fr));gap:10px;margin-top:8px}
.voice{background:var(--soft);border-radius:6px;padding:10px;border-top:4px solid #8aa0b5}
.voice.party{border-top-color:#d7301f}.voice.challenge{border-top-color:#7a0177}
.voice .toll{font-size:24px;font-weight:700;line-height:1.1}
.voice .who{font-weight:600}.voice .via{color:var(--muted);font-size:13px}
blockquote{margin:8px 0 0;padding:0 0 0 8px;border-left:3px solid var(--line);font-size:14px}
blockquote .also{display:block;color:var(--muted);font-size:12px}
blockquote .flagged{display:block;color:#7a2318;font-size:12px}
mark.flag{background:#f8d3cc;border-bottom:2px dotted #b03a2e;color:inherit}
details{margin-top:8px;font-size:14px}summary{cursor:pointer;color:var(--muted)}
ul.copies li{margin:4px 0}
footer{margin-top:40px;color:var(--muted);font-size:13px}
@media print{main{max-width:none}.contested{break-inside:avoid}}
"""


def html_report(sit: Situation) -> str:
    body: list[str] = []
    add = body.append
    add("<header><h1>Situation report</h1>")
    add(
        f'<p class="meta">Made {esc(w.made_at(sit))} by fogwatch from <code>{esc(sit.database.url)}</code>. '
        f"Scope: {esc(w.scope_line(sit))}"
        + (
            f" ({esc(sit.place.name)} at {sit.place.lat:.4f}, {sit.place.lon:.4f}, from the {esc(sit.place.found_in)})"
            if sit.place is not None and sit.place.found_in != "coordinates"
            else ""
        )
        + ".</p></header>"
    )
    if not sit.events:
        add(f"<p>No events in scope ({esc(w.scope_line(sit))}).</p>")
    else:
        for section in (_headline, _pictures, _days, _places, _contested, _new, _sources):
            body.extend(section(sit))
    db = sit.database
    add(
        f"<footer>The database holds {esc(w.plural(db.articles, 'article'))}, {esc(w.plural(db.claims, 'claim'))} "
        f"and {esc(w.plural(db.events, 'event'))}; {esc(w.plural(db.rejects, 'input'))} rejected. Fatalities are "
        "counted as ACLED does: each event's lowest credible toll, tolls claimed only by a party to the fighting "
        "kept but marked. Country outlines: Natural Earth via world-atlas.</footer>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc('Situation report: ' + w.scope_line(sit))}</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>"
    )


def _badge(text: str, cls: str) -> str:
    return f'<span class="badge {cls}">{esc(text)}</span>'


def _status(ev: Event) -> str:
    return _badge(ev.status, STATUS_CLASS.get(ev.status, ""))


def _swatch(event_type: str) -> str:
    return f'<span class="swatch" style="background:{w.colour(event_type)}"></span>'


def _headline(sit: Situation) -> list[str]:
    h = sit.headline()
    period = f"{h.first.isoformat()} to {h.last.isoformat()}" if h.first and h.last else "no days known"
    cards = [
        (str(h.events), f"events, {period}" + (f"; {h.without_day} without a day" if h.without_day else "")),
        (
            str(h.fatalities),
            f"fatalities (conservative, {h.with_toll} events with a toll from a source not party to the fighting)"
            + (f"; sources give up to {h.fatalities_high}" if h.fatalities_high > h.fatalities else "")
            + (
                f"; parties to the fighting alone claim {h.party_only} more in {h.party_only_events} events"
                if h.party_only_events
                else ""
            ),
        ),
        (str(h.status.get("contested", 0)), f"contested; {h.status.get('corroborated', 0)} corroborated"),
        (str(h.outlets), f"outlets, {h.independent_sources} independent; {h.claims} claims in {h.articles} articles"),
    ]
    out = ['<section id="headline"><h2>Headline</h2><div class="cards">']
    out += [f'<div class="card"><b>{esc(big)}</b><span>{esc(small)}</span></div>' for big, small in cards]
    out.append("</div>")
    out.append(
        '<table><thead><tr><th>Event type</th><th class="n">Events</th><th class="n">Fatalities</th>'
        "<th>Sub-event types</th></tr></thead><tbody>"
    )
    for t in h.by_type:
        subs = ", ".join(f"{s} {n}" for s, n in t.sub_types)
        out.append(
            f"<tr><td>{_swatch(t.event_type)}{esc(t.event_type)}</td><td class='n'>{t.events}</td>"
            f"<td class='n'>{t.fatalities}</td><td>{esc(subs)}</td></tr>"
        )
    out.append("</tbody></table></section>")
    return out


def _pictures(sit: Situation) -> list[str]:
    out = ['<section id="map"><h2>Map</h2><figure>']
    m = map_svg(sit.events, sit.place, sit.scope.radius_km)
    out.append(m.svg)
    notes = []
    if not m.outlines:
        notes.append("Country outlines are not installed (run `make serve-assets`); places are labelled instead.")
    if m.outside:
        notes.append("Not on the map, far from the rest: " + ", ".join(f"{name} ({n})" for name, n in m.outside) + ".")
    if sit.unplaced():
        notes.append(f"{w.plural(sit.unplaced(), 'event')} without a place.")
    out.append(f"<figcaption>Events by type. {esc(' '.join(notes))}</figcaption></figure></section>")
    tl = timeline_svg(sit.events)
    if tl is not None:
        undated = sum(1 for ev in sit.events if ev.date is None or ev.date.precision != "day")
        note = (
            f" {w.plural(undated, 'event')} dated only to a week, month or year, or not at all, are left out."
            if undated
            else ""
        )
        out.append('<section id="timeline"><h2>Timeline</h2><figure>')
        out.append(tl)
        out.append(f"<figcaption>Events per day, stacked by type.{esc(note)}</figcaption></figure></section>")
    return out


def _days(sit: Situation) -> list[str]:
    out = ['<section id="days"><h2>Events by day</h2>']
    shown = 0
    for day, events in sit.by_day():
        if shown >= EVENT_LIMIT:
            break
        out.append(f'<p class="day">{esc(day)}</p>')
        out.append(
            '<table><thead><tr><th>Event</th><th>Place</th><th>Actors</th><th class="n">Killed</th><th>Status</th>'
            '<th>Reported by</th><th class="n">Independent</th></tr></thead><tbody>'
        )
        for ev in events[: EVENT_LIMIT - shown]:
            shown += 1
            killed = str(ev.fatalities.best) if ev.fatalities else '<span title="no toll reported">–</span>'
            out.append(
                f"<tr><td>{_swatch(ev.event_type)}{esc(ev.sub_event_type)}</td><td>{esc(w.place(ev))}</td>"
                f"<td>{esc(w.actors(ev))}</td><td class='n'>{killed}</td><td>{_status(ev)}</td>"
                f"<td>{esc(', '.join(ev.sources))}</td><td class='n'>{ev.independent_sources}</td></tr>"
            )
        out.append("</tbody></table>")
    if len(sit.events) > shown:
        out.append(f"<p>And {len(sit.events) - shown} more events: narrow the scope, or export them.</p>")
    out.append("</section>")
    return out


def _places(sit: Situation) -> list[str]:
    out = [
        '<section id="places"><h2>By place</h2><table><thead><tr><th>Place</th><th>Country</th>'
        '<th class="n">Lat, lon</th><th class="n">Events</th><th class="n">Fatalities</th><th>Types</th></tr>'
        "</thead><tbody>"
    ]
    for p in sit.by_place():
        types = " ".join(f"{_swatch(t)}{esc(t)} {n}" for t, n in p.types.most_common())
        out.append(
            f"<tr><td>{esc(p.label)}</td><td>{esc(p.country or '')}</td><td class='n'>{p.lat:.4f}, {p.lon:.4f}</td>"
            f"<td class='n'>{p.events}</td><td class='n'>{p.fatalities}</td><td>{types}</td></tr>"
        )
    out.append("</tbody></table>")
    if sit.unplaced():
        out.append(f"<p>Place unknown: {esc(w.plural(sit.unplaced(), 'event'))}.</p>")
    out.append("</section>")
    return out


def _flags_in(c: Claim) -> list[tuple[int, int, str]]:
    """The claim's loaded-language spans, as offsets into its own text."""
    return sorted((f.start - c.start, f.end - c.start, f.label) for f in c.flags if c.start <= f.start < f.end <= c.end)


def marked_text(c: Claim, limit: int = 600) -> str:
    """The claim on one line (clipped to `limit` characters), escaped, its loaded language marked."""
    flags = _flags_in(c)
    flat: list[str] = []
    at: list[int] = []  # at[i]: where the claim's character i lands in `flat`
    for ch in c.text:
        if ch.isspace():
            at.append(len(flat))
            if flat and flat[-1] != " ":
                flat.append(" ")
        else:
            at.append(len(flat))
            flat.append(ch)
    at.append(len(flat))
    line = "".join(flat).rstrip()
    clipped = len(line) > limit
    end = limit - 1 if clipped else len(line)
    spans = [(at[a], min(at[b], end), label) for a, b, label in flags if at[a] < min(at[b], end)]
    cuts = sorted({0, end} | {x for a, b, _ in spans for x in (a, b)})
    out = []
    for a, b in itertools.pairwise(cuts):
        labels = sorted({label for s, e, label in spans if s <= a and b <= e})
        piece = esc(line[a:b])
        if labels:
            title = ", ".join(FLAG_WORDS.get(x, x) for x in labels)
            piece = f'<mark class="flag" title="{esc(title)}">{piece}</mark>'
        out.append(piece)
    return "".join(out).rstrip() + ("…" if clipped else "")


def _flag_note(c: Claim) -> str:
    found: dict[str, set[str]] = {}
    for a, b, label in _flags_in(c):
        found.setdefault(" ".join(c.text[a:b].split()), set()).add(FLAG_WORDS.get(label, label))
    if not found:
        return ""
    items = "; ".join(f"“{esc(t)}” ({esc(', '.join(sorted(labels)))})" for t, labels in found.items())
    return f'<span class="flagged">Flagged wording: {items}</span>'


def _statement(st: Statement) -> str:
    c = st.claim.claim
    cert = _badge(c.certainty + (f": {c.cue}" if c.cue else ""), CERTAINTY_CLASS.get(c.certainty, ""))
    new = " " + _badge("new", "new") if st.new else ""
    also = f'<span class="also">also in {esc(", ".join(st.outlets[1:]))}</span>' if len(st.outlets) > 1 else ""
    art = st.claim.article
    title = f'<span class="also">{esc(art.outlet)}: “{esc(art.title)}”</span>' if art.title else ""
    return f"<blockquote>{cert}{new} {marked_text(c)}{_flag_note(c)}{also}{title}</blockquote>"


def _voice(v: Voice) -> str:
    cls = (
        "voice party" if v.by_party or v.speaker_kind == "party" else "voice challenge" if v.figure is None else "voice"
    )
    toll = f"{w.figure(v.figure)} killed" if v.figure else "disputes or denies"
    party = " " + _badge("party to the fighting", "st-cont") if v.by_party or v.speaker_kind == "party" else ""
    via = "own reporting" if v.speaker_kind == "outlet" else f"{v.speaker_kind}, reported by {', '.join(v.outlets)}"
    if v.speaker_kind == "outlet" and len(v.outlets) > 1:
        via += f" (also carried by {', '.join(v.outlets[1:])})"
    return (
        f'<div class="{cls}"><div class="toll">{esc(toll)}</div><div class="who">{esc(v.speaker)}{party}</div>'
        f'<div class="via">{esc(via)}</div>' + "".join(_statement(s) for s in v.statements) + "</div>"
    )


def _contested(sit: Situation) -> list[str]:
    contested = sit.contested()
    out = ['<section id="contested"><h2>Contested claims</h2>']
    if not contested:
        out.append("<p>None: no event in scope whose sources disagree.</p></section>")
        return out
    out.append(
        f"<p>{esc(w.plural(len(contested), 'event'))} whose sources give different tolls, or dispute or deny "
        "what others report. Each source's toll stands beside the statements that give it; "
        '<mark class="flag">marked</mark> words are loaded language fogwatch flags in them (emotive words, '
        "name-calling, doubt, sarcasm).</p>"
    )
    for ev, voices in contested[:CONTESTED_LIMIT]:
        shown, _others = w.split_voices(voices)
        rest = [v for v in voices if v not in shown]
        kept = f"toll kept: {ev.fatalities.best}" if ev.fatalities else "no toll kept"
        out.append('<article class="contested">')
        out.append(
            f"<h3>{_swatch(ev.event_type)}{esc(w.when(ev))}: {esc(ev.sub_event_type)} {esc(w.at_place(ev))}</h3>"
            f"<p class='meta'>{esc(w.actors(ev))}{' · ' if w.actors(ev) else ''}{esc(kept)} · "
            f"{esc(w.plural(ev.independent_sources, 'independent source'))} · {_status(ev)}</p>"
        )
        out.append('<div class="voices">' + "".join(_voice(v) for v in shown) + "</div>")
        if rest:
            n = sum(len(v.statements) for v in rest)
            out.append(f"<details><summary>{esc(w.plural(n, 'other statement'))} about this event</summary>")
            for v in rest:
                via = ", ".join(v.outlets)
                out.append(f"<p><b>{esc(v.speaker)}</b> ({esc(v.speaker_kind)}, {esc(via)})</p>")
                out.extend(_statement(s) for s in v.statements)
            out.append("</details>")
        out.append("</article>")
    if len(contested) > CONTESTED_LIMIT:
        out.append(f"<p>And {len(contested) - CONTESTED_LIMIT} more contested events.</p>")
    out.append("</section>")
    return out


def _new(sit: Situation) -> list[str]:
    out = ['<section id="new"><h2>New since the last report</h2>']
    if sit.last is None:
        out.append(
            "<p>No earlier report of this database: all of it is new. Each report remembers the claims it covers, "
            "and the next one lists the events with claims that came after.</p></section>"
        )
        return out
    out.append(f"<p>Last report: {esc(w.last_report(sit.last))}.</p>")
    fresh = sit.new_events()
    if not fresh:
        out.append("<p>Nothing new in scope.</p></section>")
        return out
    out.append(f"<p>{esc(w.plural(sit.new_claims, 'new claim'))} in {esc(w.plural(len(fresh), 'event'))}.</p>")
    out.append(
        "<table><thead><tr><th>Date</th><th>Event</th><th>Status</th><th>What is new</th><th>From</th></tr>"
        "</thead><tbody>"
    )
    for x in fresh[:EVENT_LIMIT]:
        what = "new event" if x.all_new else w.plural(len(x.new_claims), "new claim")
        outlets = ", ".join(sorted({c.article.outlet for c in x.new_claims}))
        out.append(
            f"<tr><td>{esc(w.when(x.event))}</td><td>{_swatch(x.event.event_type)}{esc(w.what(x.event))}</td>"
            f"<td>{_status(x.event)}</td><td>{_badge(what, 'new')}</td><td>{esc(outlets)}</td></tr>"
        )
    out.append("</tbody></table></section>")
    return out


def _sources(sit: Situation) -> list[str]:
    out = [
        '<section id="sources"><h2>Sources</h2>',
        f"<p>{esc(w.plural(len(sit.sources), 'outlet'))}, {sit.independent_sources} independent "
        "(copies of one story count once).</p>",
        '<table><thead><tr><th>Outlet</th><th class="n">Articles</th><th class="n">Copies</th><th class="n">Claims'
        '</th><th class="n">Events</th><th>Carries stories of</th><th>Copied by</th></tr></thead><tbody>',
    ]
    for r in sit.sources:
        out.append(
            f"<tr><td>{esc(r.outlet)}</td><td class='n'>{r.articles}</td><td class='n'>{r.copies}</td>"
            f"<td class='n'>{r.claims}</td><td class='n'>{r.events}</td><td>{esc(', '.join(r.copied_from))}</td>"
            f"<td>{esc(', '.join(r.copied_by))}</td></tr>"
        )
    out.append("</tbody></table>")
    if sit.stories:
        out.append('<h3>Who copies whom</h3><ul class="copies">')
        for st in sit.stories:
            day = st.original.published.isoformat() if st.original.published else "undated"
            copies = ", ".join(
                f"{c.article.outlet} ({c.relation} copy, {c.similarity:.2f}"
                + (f", via {c.via.outlet})" if c.via else ")")
                for c in st.copies
            )
            out.append(
                f"<li><b>{esc(st.original.outlet)}</b>: “{esc(st.original.title or st.original.id)}” ({esc(day)}), "
                f"copied by {esc(copies)}</li>"
            )
        out.append("</ul>")
    out.append("</section>")
    return out
