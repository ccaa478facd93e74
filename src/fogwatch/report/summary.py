"""The plain-text report `fogwatch report` prints: what the database holds, then the situation.

Without filters it opens with the database (articles, cleaning, stories) and ends with the
rejected inputs; with filters those give way to one line of totals, since they cannot be
narrowed to a place or a type. The situation sections follow the scope either way.
"""

from __future__ import annotations

from typing import Any

from fogwatch.report import words as w
from fogwatch.report.scope import ReportFilter
from fogwatch.report.situation import Copy, Situation, build_situation
from fogwatch.store import Store
from fogwatch.stories.read import overview

EVENT_LIMIT = 200
CONTESTED_LIMIT = 50


def summary_report(store: Store, scope: ReportFilter | None = None, sit: Situation | None = None) -> str:
    sit = sit or build_situation(store, scope)
    lines: list[str] = [f"fogwatch report: {store.url}"]
    add = lines.append
    if not sit.scope.empty:
        add(f"Scope: {w.scope_line(sit)}" + _place_note(sit))
    add("")
    st = store.stats()
    if st["articles"] == 0:
        add("The database holds no articles yet. Run `fogwatch ingest PATH...` to add some.")
    elif sit.scope.empty:
        lines.extend(_database(st))
        lines.extend(_stories(store))
    else:
        db = sit.database
        add(
            f"Database: {w.plural(db.articles, 'article')}, {w.plural(db.events, 'event')}, "
            f"{w.plural(db.claims, 'claim')}; in scope: {w.plural(len(sit.events), 'event')}"
        )
    if st["articles"]:
        lines.extend(situation_lines(sit))
    if sit.scope.empty:
        lines.extend(_rejects(store))
    return "\n".join(lines)


def _place_note(sit: Situation) -> str:
    p = sit.place
    if p is None:
        return ""
    return f"  ({p.lat:.4f}, {p.lon:.4f}, from the {p.found_in})" if p.found_in != "coordinates" else ""


def _database(st: dict[str, Any]) -> list[str]:
    out: list[str] = []
    add = out.append
    period = f"{st['first_published']} to {st['last_published']}" if st["first_published"] else "no dates"
    add(f"Articles: {st['articles']}  (published {period}; {st['undated']} undated)")
    kept = st["text_chars"] / st["raw_chars"] if st["raw_chars"] else 0.0
    add(f"Clean text kept: {st['text_chars']:,} of {st['raw_chars']:,} characters ({kept:.0%})")
    add("")
    add("By site:")
    width = max(len(str(k)) for k, _ in st["by_site"])
    for site, n in st["by_site"]:
        add(f"  {site:<{width}}  {n:>5}")
    add("")
    add("By format: " + ", ".join(f"{k} {v}" for k, v in st["by_format"]))
    if st["removed"]:
        add("")
        add("Removed from the raw text, by reason (spans, characters):")
        width = max(len(k) for k, _, _ in st["removed"])
        for reason, n, chars in st["removed"]:
            add(f"  {reason:<{width}}  {n:>5}  {chars:>8,}")
    return out


def _rejects(store: Store) -> list[str]:
    rejects = store.rejects()
    out = [""]
    if rejects:
        out.append(f"Rejected inputs: {len(rejects)}")
        for r in rejects[:20]:
            out.append(f"  {r.input}: {r.reason} [{r.kind}]")
        if len(rejects) > 20:
            out.append(f"  ... and {len(rejects) - 20} more (fogwatch export rejects)")
    else:
        out.append("Rejected inputs: none")
    return out


def _stories(store: Store) -> list[str]:
    """Stories with copies: each counts once, whatever the number of sites that carried it."""
    ov = overview(store)
    if ov.indexed == 0:
        return ["", "Stories: none yet (stories are found at the end of `fogwatch ingest`)"]
    skipped = ", ".join(f"{n} {k}" for k, n in sorted(ov.not_matched.items()))
    out = [
        "",
        f"Stories: {ov.stories} from {ov.indexed} articles; {ov.multi_total} with copies ({ov.in_multi} articles)"
        + (f"; not matched: {skipped}" if skipped else ""),
    ]
    for st, title, origin in ov.multi:
        sources = "independent source" if st.independent_sources == 1 else "independent sources"
        sites = ", ".join(f"{s} (original)" if s == origin else s for s in st.sites)
        out.append(f"  {title or st.canonical_id}")
        out.append(
            f"    {st.first_published or 'undated'}  {len(st.members)} articles on {sites}; "
            f"{st.independent_sources} {sources}"
        )
    if ov.multi_total > len(ov.multi):
        out.append(f"  ... and {ov.multi_total - len(ov.multi)} more (fogwatch export stories)")
    return out


def situation_lines(sit: Situation) -> list[str]:
    if not sit.events:
        if not sit.has_events_table:
            return []
        if sit.scope.empty:
            note = f" ({sit.database.claims} claims, none reporting a conflict event)" if sit.database.claims else ""
            return ["", f"Events: none{note}"]
        return ["", f"Events: none in scope ({w.scope_line(sit)}) of the {w.plural(sit.database.events, 'event')}"]
    out: list[str] = []
    out.extend(_headline(sit))
    out.extend(_events(sit))
    out.extend(_places(sit))
    out.extend(_contested(sit))
    out.extend(_new(sit))
    out.extend(_sources(sit))
    return out


def _headline(sit: Situation) -> list[str]:
    h = sit.headline()
    period = f"{h.first.isoformat()} to {h.last.isoformat()}" if h.first and h.last else "no days known"
    undated = f" ({h.without_day} without a day)" if h.without_day else ""
    out = ["", f"Situation: {w.plural(h.events, 'event')}, {period}{undated}"]
    more = f"; its sources give up to {h.fatalities_high}" if h.fatalities_high > h.fatalities else ""
    out.append(
        f"  Fatalities: {h.fatalities} (conservative: the lowest toll of each of "
        f"{w.plural(h.with_toll, 'event')} that a source not party to the fighting gives{more})"
    )
    if h.party_only_events:
        out.append(
            f"              parties to the fighting alone claim {h.party_only} more in "
            f"{w.plural(h.party_only_events, 'event')}"
        )
    out.append(f"  Status:     {w.status_counts(h.status)}")
    out.append(
        f"  Sources:    {w.plural(h.outlets, 'outlet')}, {h.independent_sources} independent; "
        f"{w.plural(h.claims, 'claim')} in {w.plural(h.articles, 'article')}"
    )
    out.append("  By type:")
    width = max(len(t.event_type) for t in h.by_type)
    for t in h.by_type:
        subs = ", ".join(f"{name} {n}" for name, n in t.sub_types)
        out.append(f"    {t.event_type:<{width}}  {t.events:>4}  {t.fatalities:>5} killed  ({subs})")
    return out


def _events(sit: Situation) -> list[str]:
    """Events by day, each with its actors, sources and, side by side, the tolls they give."""
    status = w.status_counts(dict(sit.headline().status))
    n = len(sit.loose)
    more = f"; {w.plural(n, 'more claim')} {'reports' if n == 1 else 'report'} no event" if n else ""
    out = ["", f"Events: {len(sit.events)} from {len(sit.claims)} claims ({status}){more}"]
    shown = 0
    for day, events in sit.by_day():
        if shown >= EVENT_LIMIT:
            break
        out.append(f"  {day}")
        for ev in events[: EVENT_LIMIT - shown]:
            shown += 1
            out.append(f"    {w.what(ev)}  [{ev.status}]")
            who = w.actors(ev)
            if who:
                out.append(f"      {who}")
            n = ev.independent_sources
            out.append(
                f"      {len(ev.claim_ids)} claims in {len(ev.article_ids)} articles from {', '.join(ev.sources)}; "
                f"{n} independent source{'s' if n != 1 else ''}"
            )
            if len(ev.figures) > 1 or (ev.figures and ev.status == "contested"):
                out.append("      death tolls by source:")
                width = max(len(f.source) for f in ev.figures)
                for f in ev.figures:
                    party = "  claimed by a party to the fighting" if f.by_party else ""
                    out.append(f"        {f.source:<{width}}  {w.figure(f):>4}{party}")
    if len(sit.events) > shown:
        out.append(
            f"  ... and {len(sit.events) - shown} more (narrow with --since, --near or --type; "
            "or fogwatch export events)"
        )
    return out


def _places(sit: Situation) -> list[str]:
    places = sit.by_place()
    if not places:
        return []
    out = ["", f"By place: {w.plural(len(places), 'place')}"]
    width = min(40, max(len(p.label) for p in places))
    for p in places[:40]:
        types = ", ".join(f"{t} {n}" for t, n in p.types.most_common())
        out.append(f"  {p.label:<{width}}  {w.plural(p.events, 'event'):>10}  {p.fatalities:>5} killed  ({types})")
    if len(places) > 40:
        out.append(f"  ... and {len(places) - 40} more places")
    if sit.unplaced():
        out.append(f"  place unknown: {w.plural(sit.unplaced(), 'event')}")
    return out


def _contested(sit: Situation) -> list[str]:
    """Each contested event's tolls side by side with who gives them, and the statements that dispute
    or deny; other statements of the event are counted (the web app and `export claims` have them)."""
    contested = sit.contested()
    if not contested:
        return ["", "Contested: none (no event whose sources disagree)"]
    out = ["", f"Contested: {w.plural(len(contested), 'event')} whose sources disagree"]
    for ev, voices in contested[:CONTESTED_LIMIT]:
        kept = f"; toll kept: {ev.fatalities.best}" if ev.fatalities else ""
        out.append(f"  {w.when(ev)}  {ev.sub_event_type} {w.at_place(ev)}{kept}")
        shown, others = w.split_voices(voices)
        for v in shown:
            says = f"says {w.figure(v.figure)} killed" if v.figure else "disputes or denies"
            party = ", a party to the fighting" if v.by_party and v.speaker_kind != "party" else ""
            out.append(f"    {w.speaker(v.speaker_kind, v.speaker, v.outlet)}{party}: {says}")
            for st in v.statements:
                c = st.claim.claim
                cue = f", {c.cue!r}" if c.cue else ""
                also = f"  (also in {', '.join(st.outlets[1:])})" if len(st.outlets) > 1 else ""
                out.append(f"      [{c.certainty}{cue}] {w.clip(c.text, 300)}{also}")
        if others:
            out.append(f"    and {w.plural(others, 'other statement')} about it")
    if len(contested) > CONTESTED_LIMIT:
        out.append(f"  ... and {len(contested) - CONTESTED_LIMIT} more contested events")
    return out


def _new(sit: Situation) -> list[str]:
    if sit.last is None:
        return [
            "",
            "New since the last report: no earlier report of this database, so all of it is new. "
            "`fogwatch report` remembers the claims it covers; the next report lists what came after.",
        ]
    fresh = sit.new_events()
    head = f"New since the last report ({w.last_report(sit.last)})"
    if not fresh:
        return ["", f"{head}: nothing"]
    n_new = sum(1 for x in fresh if x.all_new)
    out = [
        "",
        f"{head}: {w.plural(sit.new_claims, 'new claim')} in {w.plural(len(fresh), 'event')} "
        f"({n_new} new, {len(fresh) - n_new} with more reporting)",
    ]
    for x in fresh[:EVENT_LIMIT]:
        tag = "new event" if x.all_new else f"{w.plural(len(x.new_claims), 'new claim')}"
        sources = sorted({c.article.outlet for c in x.new_claims})
        out.append(f"  {w.when(x.event)}  {w.what(x.event)}  [{x.event.status}; {tag} from {', '.join(sources)}]")
    if len(fresh) > EVENT_LIMIT:
        out.append(f"  ... and {len(fresh) - EVENT_LIMIT} more")
    return out


def _sources(sit: Situation) -> list[str]:
    out = ["", f"Sources: {w.plural(len(sit.sources), 'outlet')}, {sit.independent_sources} independent"]
    width = max(len(r.outlet) for r in sit.sources)
    for r in sit.sources:
        line = (
            f"  {r.outlet:<{width}}  {w.plural(r.articles, 'article'):>12}  {w.plural(r.claims, 'claim'):>10}  "
            f"{w.plural(r.events, 'event'):>10}"
        )
        notes = []
        if r.copied_from:
            notes.append(f"carries stories of {', '.join(r.copied_from)}")
        if r.copied_by:
            notes.append(f"copied by {', '.join(r.copied_by)}")
        out.append(line + (f"  ({'; '.join(notes)})" if notes else ""))
    if sit.stories:
        out.append(f"  Copies: {w.plural(len(sit.stories), 'story', 'stories')} carried by more than one article")
        for st in sit.stories:
            title = w.clip(st.original.title or st.original.id, 100)
            day = st.original.published.isoformat() if st.original.published else "undated"
            out.append(f'    {st.original.outlet}\'s story "{title}" ({day}) copied by {_copies(st.copies)}')
    return out


def _copies(copies: list[Copy]) -> str:
    parts = []
    for c in copies:
        via = f", via {c.via.outlet}" if c.via else ""
        parts.append(f"{c.article.outlet} ({c.relation} copy, {c.similarity:.2f}{via})")
    return ", ".join(parts)
