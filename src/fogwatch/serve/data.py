"""What the web app shows, read from the store as plain JSON-ready dicts.

Every query is SQLAlchemy Core with bound parameters; filters that need a computation
(distance, substring in a JSON list) run in Python on the rows the SQL filters let through.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from fogwatch.events.export import claim_record, event_record
from fogwatch.geo import haversine_km
from fogwatch.model import Article, Event
from fogwatch.report.html import FLAG_WORDS
from fogwatch.report.scope import BadCoordinates, find_place
from fogwatch.store import Store, schema
from fogwatch.store.claims import claim_from_row, event_from_row


@dataclass(slots=True)
class EventFilter:
    """The map's filters; every field is optional and they combine with AND."""

    type: str | None = None
    actor: str | None = None
    place: str | None = None
    radius_km: float = 50.0
    source: str | None = None
    certainty: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    limit: int = 5000


@dataclass(slots=True)
class Segment:
    """A run of text with the marks covering all of it (for highlighting without nesting trouble)."""

    text: str
    start: int
    marks: list[dict[str, Any]] = field(default_factory=list)


class PlaceNotFound(LookupError):
    """A place filter that names nothing fogwatch knows."""


class BadPlace(ValueError):
    """A place filter given as two numbers that are no point on the Earth ("nan,nan", "95,10")."""


def resolve_place(conn: Connection, place: str) -> tuple[float, float]:
    """`lat,lon` or a place name, resolved by the report's resolver: the map, its exports and
    `fogwatch report --near` pick the same point for the same name."""
    try:
        found = find_place(conn, place, "place")
    except BadCoordinates as exc:
        raise BadPlace(str(exc)) from None
    if found is None:
        raise PlaceNotFound(place)
    return found.lat, found.lon


def _certain_events(conn: Connection, certainty: str) -> set[str]:
    c = schema.claims
    q = select(c.c.event_id).where(c.c.certainty == certainty, c.c.event_id.is_not(None)).distinct()
    return set(conn.execute(q).scalars())


def _event_date(ev: Event) -> date | None:
    return ev.date.start if ev.date and ev.date.start else None


def find_events(store: Store, f: EventFilter) -> list[Event]:
    """Events that pass every filter, by date then id."""
    e = schema.events
    q = select(e)
    if f.type:
        q = q.where(e.c.event_type == f.type)
    if f.date_from:
        q = q.where(e.c.date >= f.date_from.isoformat())
    if f.date_to:
        q = q.where(e.c.date <= f.date_to.isoformat())
    with store.engine.connect() as conn:
        rows = conn.execute(q.order_by(e.c.date, e.c.id)).all()
        centre = resolve_place(conn, f.place) if f.place else None
        allowed = _certain_events(conn, f.certainty) if f.certainty else None
    out = []
    actor = (f.actor or "").strip().lower()
    for row in rows:
        ev = event_from_row(row)
        if (f.date_from or f.date_to) and _event_date(ev) is None:
            continue
        if allowed is not None and ev.id not in allowed:
            continue
        if f.source and f.source not in ev.sources:
            continue
        if actor and not any(actor in (a or "").lower() for a in (ev.actor1, ev.actor2, *ev.assoc_actors)):
            continue
        if centre is not None:
            loc = ev.location
            if loc is None or haversine_km(centre[0], centre[1], loc.lat, loc.lon) > f.radius_km:
                continue
        out.append(ev)
        if len(out) >= f.limit:
            break
    return out


def event_summary(ev: Event) -> dict[str, Any]:
    """The event record the map and list use (the export's JSON shape)."""
    return event_record(ev)


def get_event(store: Store, event_id: str) -> Event | None:
    e = schema.events
    with store.engine.connect() as conn:
        row = conn.execute(select(e).where(e.c.id == event_id)).first()
    return event_from_row(row) if row else None


def _context(text: str, start: int, end: int, flags: list[dict[str, Any]]) -> dict[str, Any]:
    """The paragraph around a claim, split so the claim's own sentence can be highlighted, with the
    sentence cut into pieces at its loaded-language flags."""
    left = text.rfind("\n", 0, start)
    right = text.find("\n", end)
    a = 0 if left < 0 else left + 1
    b = len(text) if right < 0 else right
    return {
        "before": text[a:start],
        "claim": text[start:end],
        "after": text[end:b],
        "claim_segments": flag_segments(text, start, end, flags),
    }


def flag_segments(text: str, start: int, end: int, flags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """text[start:end] as pieces, each with the loaded-language labels that cover it (none for plain text)."""
    spans = [
        {"start": f["start"], "end": f["end"], "label": f["label"]}
        for f in flags
        if start <= f["start"] < f["end"] <= end
    ]
    cuts = sorted({start, end} | {x for f in spans for x in (f["start"], f["end"])})
    out = []
    for a, b in itertools.pairwise(cuts):
        labels = sorted({f["label"] for f in spans if f["start"] <= a and b <= f["end"]})
        out.append({"text": text[a:b], "labels": labels, "title": ", ".join(FLAG_WORDS.get(x, x) for x in labels)})
    return out


def flag_list(text: str, flags: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Each flagged phrase once, with what it was flagged as: "terrorists" (name-calling, loaded language)."""
    found: dict[str, set[str]] = {}
    for f in sorted(flags, key=lambda f: (f["start"], f["end"])):
        found.setdefault(text[f["start"] : f["end"]], set()).add(FLAG_WORDS.get(f["label"], f["label"]))
    return [{"text": t, "as": ", ".join(sorted(labels))} for t, labels in found.items()]


def _statement_key(text: str) -> str:
    """Copies of one story carry the same sentence; they are told apart from other claims by its words."""
    return " ".join(text.split()).casefold()


def _story_rows(conn: Connection, article_ids: list[str]) -> dict[str, tuple[str, str]]:
    """article id -> (story id, relation) for the articles given."""
    m = schema.story_members
    out: dict[str, tuple[str, str]] = {}
    for i in range(0, len(article_ids), 500):
        part = article_ids[i : i + 500]
        q = select(m.c.article_id, m.c.story_id, m.c.relation).where(m.c.article_id.in_(part))
        out.update({aid: (sid, rel) for aid, sid, rel in conn.execute(q)})
    return out


def story_headlines(store: Store, story_ids: list[str]) -> dict[str, str | None]:
    """Each story's headline: the title of its canonical article (of any member when that one has none)."""
    s, a, m = schema.stories, schema.articles, schema.story_members
    out: dict[str, str | None] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(story_ids), 500):
            part = story_ids[i : i + 500]
            q = select(s.c.id, a.c.title).select_from(s.join(a, a.c.id == s.c.canonical_id)).where(s.c.id.in_(part))
            out.update({sid: title for sid, title in conn.execute(q)})
            missing = [sid for sid in part if not out.get(sid)]
            if missing:
                q2 = (
                    select(m.c.story_id, a.c.title)
                    .select_from(m.join(a, a.c.id == m.c.article_id))
                    .where(m.c.story_id.in_(missing), a.c.title.is_not(None), a.c.title != "")
                    .order_by(m.c.story_id, a.c.published, a.c.id)
                )
                for sid, title in conn.execute(q2):
                    if not out.get(sid):
                        out[sid] = title
    return {sid: out.get(sid) for sid in story_ids}


def event_detail(store: Store, ev: Event) -> dict[str, Any]:
    """The event with its claims grouped by source (the outlet that published each claim).

    A sentence carried by several copies of one story is one claim here, shown once under the
    outlet of the copy that came first (the story's original, else the earliest published), with
    `also_in` listing the other outlets and articles that carry it, as the text report does.
    """
    c = schema.claims
    with store.engine.connect() as conn:
        rows = conn.execute(select(c).where(c.c.event_id == ev.id).order_by(c.c.article_id, c.c.start)).all()
        article_ids = sorted({r.article_id for r in rows} | set(ev.article_ids))
        story_of = _story_rows(conn, article_ids)
    arts = {a.id: a for a in store.articles_by_ids(article_ids)}

    def first(aid: str) -> tuple[int, str, str]:
        art = arts.get(aid)
        published = art.published.isoformat() if art and art.published else "9999"
        return (0 if story_of.get(aid, ("", ""))[1] == "original" else 1, published, aid)

    records: list[dict[str, Any]] = []
    for r in rows:
        art = arts.get(r.article_id)
        text = art.text if art else ""
        claim = claim_from_row(r, text)
        rec = claim_record(claim)
        rec["article"] = _article_brief(art) if art else {"id": r.article_id}
        rec["context"] = _context(text, claim.start, claim.end, rec["flags"])
        rec["flagged"] = flag_list(text, rec["flags"])
        rec["also_in"] = []
        records.append(rec)
    records.sort(key=lambda rec: (first(rec["article"]["id"]), rec["start"]))
    shown: dict[str, dict[str, Any]] = {}
    for rec in records:
        key = _statement_key(rec["text"]) or rec["id"]
        kept = shown.get(key)
        if kept is None:
            shown[key] = rec
        else:
            kept["also_in"].append(
                {"claim_id": rec["id"], "article": rec["article"], "site": rec["article"].get("site")}
            )
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in shown.values():
        groups[rec["article"].get("site") or "unknown source"].append(rec)
    for claims in groups.values():
        claims.sort(key=lambda rec: (rec["article"]["id"], rec["start"]))
    # The event's articles, copies of one story folded under the first of them.
    lead: dict[str, dict[str, Any]] = {}
    article_groups: list[dict[str, Any]] = []
    for aid in sorted((a for a in ev.article_ids if a in arts), key=first):
        brief = _article_brief(arts[aid])
        sid = story_of.get(aid, (aid, ""))[0]
        if sid in lead:
            lead[sid]["also_in"].append(brief)
        else:
            lead[sid] = {"article": brief, "story_id": sid if sid != aid else None, "also_in": []}
            article_groups.append(lead[sid])
    headlines = story_headlines(store, list(ev.story_ids))
    return {
        **event_summary(ev),
        "claims_by_source": [{"source": s, "claims": groups[s]} for s in sorted(groups)],
        "articles": [_article_brief(arts[a]) for a in ev.article_ids if a in arts],
        "article_groups": article_groups,
        "figures_ranged": any(f.low is not None and f.high is not None and f.low != f.high for f in ev.figures),
        "stories": [{"id": sid, "headline": headlines.get(sid)} for sid in ev.story_ids],
    }


def _article_brief(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "site": a.site,
        "title": a.title,
        "source": a.source,
        "published": a.published.isoformat() if a.published else None,
    }


def segments(text: str, spans: list[dict[str, Any]]) -> list[Segment]:
    """Cut `text` at every span boundary; each piece lists the spans that cover it."""
    cuts = {0, len(text)}
    for s in spans:
        cuts.update((max(0, min(len(text), s["start"])), max(0, min(len(text), s["end"]))))
    bounds = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(bounds):
        if a == b:
            continue
        marks = [s for s in spans if s["start"] <= a and b <= s["end"]]
        out.append(Segment(text[a:b], a, marks))
    return out


def article_view(store: Store, article_id: str) -> dict[str, Any] | None:
    """An article with its removed boilerplate (spans of `raw`), mentions and claims (spans of `text`)."""
    found = store.articles_by_ids([article_id])
    if not found:
        return None
    art = found[0]
    from fogwatch.analyze import mention_attrs, stored_mentions
    from fogwatch.stories.read import story_of

    mentions = []
    for m in stored_mentions(store, art.id):
        attrs = mention_attrs(m)
        value = {k: v for k, v in attrs.items() if k not in ("sentence", "confidence")}
        mentions.append(
            {"start": m.start, "end": m.end, "kind": m.kind, "text": art.text[m.start : m.end], "value": value}
        )
    c = schema.claims
    with store.engine.connect() as conn:
        rows = conn.execute(select(c).where(c.c.article_id == art.id).order_by(c.c.start)).all()
    claims = []
    for r in rows:
        rec = claim_record(claim_from_row(r, art.text))
        rec["segments"] = flag_segments(art.text, rec["start"], rec["end"], rec["flags"])
        rec["flagged"] = flag_list(art.text, rec["flags"])
        claims.append(rec)
    removed = [
        {"start": s.start, "end": s.end, "reason": s.label, "text": art.raw[s.start : s.end]}
        for s in sorted(art.removed, key=lambda s: (s.start, s.end))
    ]
    story = story_of(store, art.id)
    return {
        **_article_brief(art),
        "byline": art.byline,
        "language": art.language,
        "original_source": art.original_source,
        "text": art.text,
        "raw": art.raw,
        "removed": removed,
        "mentions": mentions,
        "claims": claims,
        "story_id": story.id if story else None,
    }


def story_view(store: Store, story_id: str) -> dict[str, Any] | None:
    """A story and its copies, the canonical article first."""
    from fogwatch.stories.read import story_by_id
    from fogwatch.stories.tables import MEMBERS

    st = story_by_id(store, story_id)
    if st is None:
        return None
    with store.engine.connect() as conn:
        extra = {
            aid: (via, site)
            for aid, via, site in conn.execute(
                select(MEMBERS.c.article_id, MEMBERS.c.via, MEMBERS.c.original_site).where(
                    MEMBERS.c.story_id == story_id
                )
            )
        }
    arts = {a.id: a for a in store.articles_by_ids([m.article_id for m in st.members])}
    copies = []
    for m in st.members:
        a = arts.get(m.article_id)
        via, original_site = extra.get(m.article_id, (None, None))
        copies.append(
            {
                **(_article_brief(a) if a else {"id": m.article_id}),
                "relation": m.relation,
                "similarity": m.similarity,
                "via": via,
                "original_site": original_site,
                "canonical": m.article_id == st.canonical_id,
            }
        )
    canonical = arts.get(st.canonical_id)
    headline = (canonical.title if canonical else None) or story_headlines(store, [st.id]).get(st.id)
    return {
        "id": st.id,
        "headline": headline,
        "canonical_id": st.canonical_id,
        "sites": st.sites,
        "first_published": st.first_published.isoformat() if st.first_published else None,
        "independent_sources": st.independent_sources,
        "copies": copies,
    }


def sources(store: Store) -> list[dict[str, Any]]:
    """Each outlet: its articles, claims, events, and whose stories it copied."""
    a, c, m = schema.articles, schema.claims, schema.story_members
    with store.engine.connect() as conn:
        arts: dict[str | None, int] = {
            site: n for site, n in conn.execute(select(a.c.site, func.count()).group_by(a.c.site))
        }
        per_site = select(a.c.site, func.count()).select_from(c.join(a, a.c.id == c.c.article_id)).group_by(a.c.site)
        claims: dict[str | None, int] = {site: n for site, n in conn.execute(per_site)}
        copied: dict[str | None, dict[str, int]] = defaultdict(dict)
        q = (
            select(a.c.site, m.c.original_site, func.count())
            .select_from(m.join(a, a.c.id == m.c.article_id))
            .where(m.c.relation != "original", m.c.original_site.is_not(None))
            .group_by(a.c.site, m.c.original_site)
        )
        for site, orig, n in conn.execute(q):
            if orig != site:
                copied[site][orig] = n
        events: dict[str, int] = defaultdict(int)
        for (srcs,) in conn.execute(select(schema.events.c.sources)):
            for s in srcs or []:
                events[s] += 1
    return [
        {
            "site": site,
            "articles": n,
            "claims": claims.get(site, 0),
            "events": events.get(site or "", 0),
            "copies_from": copied.get(site, {}),
        }
        for site, n in sorted(arts.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
    ]


def event_types(store: Store) -> list[str]:
    e = schema.events
    with store.engine.connect() as conn:
        return list(conn.execute(select(e.c.event_type).distinct().order_by(e.c.event_type)).scalars())
