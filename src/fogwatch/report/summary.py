"""A plain-text summary of a fogwatch database."""

from __future__ import annotations

from collections import Counter

from fogwatch.store import Store
from fogwatch.stories.read import overview


def summary_report(store: Store) -> str:
    st = store.stats()
    lines: list[str] = []
    add = lines.append
    add(f"fogwatch report: {store.url}")
    add("")
    if st["articles"] == 0:
        add("The database holds no articles yet. Run `fogwatch ingest PATH...` to add some.")
    else:
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
        lines.extend(_stories(store))
        lines.extend(_events(store))
    rejects = store.rejects()
    add("")
    if rejects:
        add(f"Rejected inputs: {len(rejects)}")
        for r in rejects[:20]:
            add(f"  {r.input}: {r.reason} [{r.kind}]")
        if len(rejects) > 20:
            add(f"  ... and {len(rejects) - 20} more (fogwatch export rejects)")
    else:
        add("Rejected inputs: none")
    return "\n".join(lines)


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


def _events(store: Store, limit: int = 40) -> list[str]:
    """Fused events, each with its sources and, side by side, the death tolls they give."""
    from sqlalchemy import func, inspect, select

    from fogwatch.events.notes import date_words
    from fogwatch.store import schema
    from fogwatch.store.claims import read_events

    with store.engine.connect() as conn:
        if not inspect(conn).has_table("events"):
            return []
        claims = conn.execute(select(func.count()).select_from(schema.claims)).scalar_one()
        events = read_events(conn)
    if not events:
        note = f" ({claims} claims, none reporting a conflict event)" if claims else ""
        return ["", f"Events: none{note}"]
    status = Counter(e.status for e in events)
    parts = ", ".join(f"{status[k]} {k}" for k in ("corroborated", "contested", "single-source") if status[k])
    out = ["", f"Events: {len(events)} from {claims} claims ({parts})"]
    for ev in events[:limit]:
        where = ev.location.name if ev.location else "place unknown"
        if ev.location and ev.location.admin1:
            where += f", {ev.location.admin1}"
        toll = "" if ev.fatalities is None else f"; {ev.fatalities.best} killed"
        out.append(f"  {date_words(ev.date) or 'undated'}  {ev.sub_event_type} at {where}{toll}  [{ev.status}]")
        who = " vs ".join(x for x in (ev.actor1, ev.actor2) if x)
        if who:
            out.append(f"    {who}" + (f" (with {', '.join(ev.assoc_actors)})" if ev.assoc_actors else ""))
        n = ev.independent_sources
        out.append(
            f"    {len(ev.claim_ids)} claims in {len(ev.article_ids)} articles from {', '.join(ev.sources)}; "
            f"{n} independent source{'s' if n != 1 else ''}"
        )
        if len(ev.figures) > 1 or (ev.figures and ev.status == "contested"):
            out.append("    death tolls by source:")
            width = max(len(f.source) for f in ev.figures)
            for f in ev.figures:
                span = f" ({f.low}-{f.high})" if f.low is not None and f.high is not None and f.low != f.high else ""
                party = "  claimed by a party to the fighting" if f.by_party else ""
                out.append(f"      {f.source:<{width}}  {f.best:>4}{span}{party}")
    if len(events) > limit:
        out.append(f"  ... and {len(events) - limit} more (fogwatch export events)")
    return out
