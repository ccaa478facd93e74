"""The situation a report describes, read once from the store and shared by every output format.

`build_situation` applies the report's scope to the events first; every section (headline,
days and places, contested claims, what is new, sources and copies) is then made from those
events, their claims and the articles the claims come from, so a filter narrows all of them.

What is new: every report made with `remember` stores the claims it covered. A claim no
earlier report covered is new, and an event is new (or has news) when some of its claims are.
Claims are the unit because their ids are stable (article and statement span) while an event's
id can change when fusion gives it more claims.

Counting claims: a report without a scope counts every claim, as `fogwatch export claims` and
the web app do, those that report no event (an accusation, a denial) included; they are listed
apart (`Situation.loose`), since no event holds them. A scope narrows the count to the claims of
its events.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, func, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from fogwatch.errors import ReportNotRecorded
from fogwatch.events.typology import EVENT_TYPES
from fogwatch.model import Claim, Event, SourceFigure
from fogwatch.report.scope import Place, ReportFilter, event_day, keep, resolve_place
from fogwatch.store import Store, schema
from fogwatch.store.claims import claim_from_row, read_events
from fogwatch.store.db import insert_ignore

_CHUNK = 500


@dataclass(slots=True)
class ArticleInfo:
    id: str
    site: str | None
    title: str | None
    published: date | None

    @property
    def outlet(self) -> str:
        return self.site or "(unknown site)"


@dataclass(slots=True)
class ClaimInfo:
    """A claim of an event in scope, with its article and whether an earlier report covered it."""

    claim: Claim
    article: ArticleInfo
    new: bool


@dataclass(slots=True)
class Statement:
    """One statement as a source makes it; copies of the same sentence in other articles are folded in."""

    claim: ClaimInfo
    outlets: list[str]  # every outlet whose article carries this statement, the first one's first

    @property
    def new(self) -> bool:
        return self.claim.new


@dataclass(slots=True)
class Voice:
    """One source's account of a contested event: its toll, if it gives one, and its statements."""

    speaker: str
    speaker_kind: str
    outlets: list[str]
    figure: SourceFigure | None
    statements: list[Statement]

    @property
    def by_party(self) -> bool:
        return bool(self.figure and self.figure.by_party)

    @property
    def outlet(self) -> str:
        return self.outlets[0] if self.outlets else "(unknown site)"

    @property
    def challenges(self) -> bool:
        """Whether it disputes or denies what others say (one of the reasons an event is contested)."""
        return any(s.claim.claim.certainty in ("disputed", "denied") for s in self.statements)


@dataclass(slots=True)
class Copy:
    article: ArticleInfo
    relation: str  # "exact", "near", "partial"
    similarity: float
    via: ArticleInfo | None  # the copy it was matched to, when it is a copy of a copy


@dataclass(slots=True)
class StoryCopies:
    """A story carried by more than one article: the original and its copies."""

    story_id: str
    original: ArticleInfo
    copies: list[Copy]
    independent_sources: int


@dataclass(slots=True)
class SourceRow:
    """One outlet's part in the events in scope."""

    outlet: str
    articles: int = 0
    copies: int = 0  # of its articles, how many copy another article's story
    claims: int = 0
    events: int = 0
    copied_from: list[str] = field(default_factory=list)  # outlets whose stories it carries
    copied_by: list[str] = field(default_factory=list)  # outlets that carry its stories


@dataclass(slots=True)
class LastReport:
    id: int
    made_at: str
    filters: dict[str, Any]
    events: int
    claims: int


@dataclass(slots=True)
class NewEvent:
    event: Event
    new_claims: list[ClaimInfo]
    all_new: bool  # every claim of the event is new: the event itself is new


@dataclass(slots=True)
class TypeCount:
    event_type: str
    events: int
    fatalities: int
    sub_types: list[tuple[str, int]]


@dataclass(slots=True)
class Headline:
    events: int
    claims: int
    articles: int
    fatalities: int  # the sum of each event's conservative toll, where a source not party to the fighting gives it
    fatalities_high: int  # the sum of the highest toll any source gives each event
    with_toll: int  # events whose toll is in `fatalities`
    by_type: list[TypeCount]
    status: dict[str, int]
    outlets: int
    independent_sources: int
    first: date | None
    last: date | None
    without_day: int
    party_only: int = 0  # the tolls that only parties to the fighting give, not in `fatalities`
    party_only_events: int = 0


@dataclass(slots=True)
class PlaceCount:
    name: str
    admin1: str | None
    country: str | None
    lat: float
    lon: float
    events: int
    fatalities: int
    types: Counter[str]

    @property
    def label(self) -> str:
        return f"{self.name}, {self.admin1}" if self.admin1 else self.name


@dataclass(slots=True)
class Database:
    url: str
    articles: int
    events: int
    claims: int
    first_published: str | None
    last_published: str | None
    rejects: int


@dataclass(slots=True)
class Situation:
    scope: ReportFilter
    place: Place | None
    made_at: datetime
    database: Database
    events: list[Event]
    claims: dict[str, ClaimInfo]
    last: LastReport | None
    stories: list[StoryCopies]
    sources: list[SourceRow]
    independent_sources: int
    has_events_table: bool = True
    loose: list[ClaimInfo] = field(default_factory=list)  # claims in no event (counted without a scope)

    # --- sections -------------------------------------------------------------------------

    def claims_of(self, ev: Event) -> list[ClaimInfo]:
        return [self.claims[c] for c in ev.claim_ids if c in self.claims]

    def headline(self) -> Headline:
        by_type: dict[str, TypeCount] = {}
        subs: dict[str, Counter[str]] = defaultdict(Counter)
        for ev in self.events:
            tc = by_type.setdefault(ev.event_type, TypeCount(ev.event_type, 0, 0, []))
            tc.events += 1
            tc.fatalities += ev.fatalities.best if ev.fatalities else 0
            subs[ev.event_type][ev.sub_event_type] += 1
        order = {t: i for i, t in enumerate(EVENT_TYPES)}
        types = sorted(by_type.values(), key=lambda t: (-t.events, order.get(t.event_type, 99)))
        for t in types:
            t.sub_types = sorted(subs[t.event_type].items(), key=lambda kv: (-kv[1], kv[0]))
        days = [d for ev in self.events if ev.date and ev.date.precision == "day" and (d := event_day(ev))]
        articles = {c.article.id for c in self.claims.values()} | {c.article.id for c in self.loose}
        outlets = {s for ev in self.events for s in ev.sources}
        return Headline(
            events=len(self.events),
            claims=len(self.claims) + len(self.loose),
            articles=len(articles),
            # what the events defend: a toll that only a party to the fighting gives is counted apart
            fatalities=sum(ev.fatalities.best for ev in self.events if ev.fatalities and not ev.fatalities.by_party),
            fatalities_high=sum(highest_toll(ev) for ev in self.events),
            with_toll=sum(1 for ev in self.events if ev.fatalities and not ev.fatalities.by_party),
            party_only=sum(ev.fatalities.best for ev in self.events if ev.fatalities and ev.fatalities.by_party),
            party_only_events=sum(1 for ev in self.events if ev.fatalities and ev.fatalities.by_party),
            by_type=types,
            status=dict(Counter(ev.status for ev in self.events)),
            outlets=len(outlets),
            independent_sources=self.independent_sources,
            first=min(days, default=None),
            last=max(days, default=None),
            without_day=sum(1 for ev in self.events if ev.date is None or ev.date.precision != "day"),
        )

    def by_day(self) -> list[tuple[str, list[Event]]]:
        """Events grouped under their date in words, in date order; the undated last."""
        from fogwatch.events.notes import date_words

        groups: dict[tuple[int, str, str], list[Event]] = {}
        for ev in self.events:
            day = event_day(ev)
            if day is not None:
                key = (0, day.isoformat() + (ev.date.precision if ev.date else ""), date_words(ev.date) or "")
            elif ev.date is not None and ev.date.month:
                key = (1, f"{ev.date.month:02d}-{ev.date.day or 0:02d}", date_words(ev.date) or "year unknown")
            else:
                key = (2, "", "date unknown")
            groups.setdefault(key, []).append(ev)
        return [(key[2], evs) for key, evs in sorted(groups.items(), key=lambda kv: kv[0][:2])]

    def by_place(self) -> list[PlaceCount]:
        places: dict[tuple[str, str | None, str | None], PlaceCount] = {}
        for ev in self.events:
            loc = ev.location
            if loc is None:
                continue
            key = (loc.name, loc.admin1, loc.country)
            pc = places.get(key)
            if pc is None:
                pc = places[key] = PlaceCount(loc.name, loc.admin1, loc.country, loc.lat, loc.lon, 0, 0, Counter())
            pc.events += 1
            pc.fatalities += ev.fatalities.best if ev.fatalities else 0
            pc.types[ev.event_type] += 1
        return sorted(places.values(), key=lambda p: (-p.events, -p.fatalities, p.name))

    def unplaced(self) -> int:
        return sum(1 for ev in self.events if ev.location is None)

    def contested(self) -> list[tuple[Event, list[Voice]]]:
        return [(ev, voices(ev, self.claims_of(ev))) for ev in self.events if ev.status == "contested"]

    def new_events(self) -> list[NewEvent]:
        out = []
        for ev in self.events:
            cs = self.claims_of(ev)
            fresh = [c for c in cs if c.new]
            if fresh:
                out.append(NewEvent(ev, fresh, len(fresh) == len(cs)))
        return out

    @property
    def new_claims(self) -> int:
        return sum(1 for c in self.claims.values() if c.new)


def highest_toll(ev: Event) -> int:
    values = [f.high if f.high is not None else f.best for f in ev.figures]
    if ev.fatalities:
        values.append(ev.fatalities.high if ev.fatalities.high is not None else ev.fatalities.best)
    return max(values, default=0)


_SAME_MARKS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "})


def _statements(claims: Sequence[ClaimInfo]) -> list[Statement]:
    out: dict[str, Statement] = {}
    for c in claims:
        # the same sentence in a copy that set its quotes or dashes otherwise is the same statement
        key = " ".join(c.claim.text.translate(_SAME_MARKS).split()).casefold() or c.claim.id
        st = out.get(key)
        if st is None:
            out[key] = Statement(c, [c.article.outlet])
        elif c.article.outlet not in st.outlets:
            st.outlets.append(c.article.outlet)
    return list(out.values())


def _outlets(claims: Sequence[ClaimInfo]) -> list[str]:
    return list(dict.fromkeys(c.article.outlet for c in claims))


def voices(ev: Event, claims: Sequence[ClaimInfo]) -> list[Voice]:
    """The event's sources side by side: each toll with the statements that give it, then the other
    statements by speaker. The same sentence carried by copies of one story is shown once."""
    by_id = {c.claim.id: c for c in claims}
    used: set[str] = set()
    out: list[Voice] = []
    for fig in ev.figures:
        mine = [by_id[c] for c in fig.claim_ids if c in by_id]
        used.update(c.claim.id for c in mine)
        # The figure names its outlet ("speaker (outlet)"): put that outlet's own statement first.
        mine.sort(key=lambda c: f"({c.article.outlet})" not in fig.source and c.article.outlet != fig.source)
        first = mine[0] if mine else None
        out.append(
            Voice(
                speaker=first.claim.speaker if first else fig.source,
                speaker_kind=first.claim.speaker_kind if first else "other",
                outlets=_outlets(mine),
                figure=fig,
                statements=_statements(mine),
            )
        )
    rest: dict[str, list[ClaimInfo]] = {}
    for c in claims:
        if c.claim.id not in used:
            rest.setdefault(" ".join(c.claim.speaker.split()).casefold(), []).append(c)
    for cs in rest.values():
        out.append(Voice(cs[0].claim.speaker, cs[0].claim.speaker_kind, _outlets(cs), None, _statements(cs)))
    return out


# --- reading ------------------------------------------------------------------------------


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    ids = list(ids)
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _articles(conn: Connection, ids: Iterable[str]) -> dict[str, ArticleInfo]:
    a = schema.articles
    out: dict[str, ArticleInfo] = {}
    for part in _chunks(sorted(set(ids))):
        for r in conn.execute(select(a.c.id, a.c.site, a.c.title, a.c.published).where(a.c.id.in_(part))):
            out[r.id] = ArticleInfo(r.id, r.site, r.title, date.fromisoformat(r.published) if r.published else None)
    return out


def _claims(conn: Connection, ids: Sequence[str]) -> list[Claim]:
    t, a = schema.claims, schema.articles
    rows: list[Any] = []
    for part in _chunks(ids):
        rows.extend(conn.execute(select(t).where(t.c.id.in_(part))).all())
    texts: dict[str, str] = {}
    for part in _chunks(sorted({r.article_id for r in rows})):
        texts.update({r.id: r.text for r in conn.execute(select(a.c.id, a.c.text).where(a.c.id.in_(part)))})
    return [claim_from_row(r, texts.get(r.article_id, "")) for r in rows]


def _reported(conn: Connection, ids: Sequence[str]) -> set[str]:
    if not inspect(conn).has_table("reported_claims"):
        return set()
    t = schema.reported_claims
    out: set[str] = set()
    for part in _chunks(ids):
        out.update(conn.execute(select(t.c.claim_id).where(t.c.claim_id.in_(part))).scalars())
    return out


def last_report(conn: Connection) -> LastReport | None:
    if not inspect(conn).has_table("reports"):
        return None
    t = schema.reports
    r = conn.execute(select(t).order_by(t.c.id.desc()).limit(1)).first()
    if r is None:
        return None
    return LastReport(r.id, r.made_at, dict(r.filters or {}), r.events, r.claims)


def _stories(conn: Connection, article_ids: Sequence[str]) -> list[StoryCopies]:
    """Stories with more than one member among those of the articles in scope."""
    m, s = schema.story_members, schema.stories
    story_ids: set[str] = set()
    for part in _chunks(article_ids):
        story_ids.update(conn.execute(select(m.c.story_id).where(m.c.article_id.in_(part))).scalars())
    if not story_ids:
        return []
    heads: dict[str, tuple[str, int]] = {}
    members: dict[str, list[Any]] = defaultdict(list)
    for part in _chunks(sorted(story_ids)):
        q = select(s.c.id, s.c.canonical_id, s.c.independent_sources).where(s.c.id.in_(part), s.c.size > 1)
        for sid, canonical, independent in conn.execute(q):
            heads[sid] = (canonical, independent)
        q2 = select(m.c.story_id, m.c.article_id, m.c.relation, m.c.similarity, m.c.via).where(m.c.story_id.in_(part))
        for row in conn.execute(q2):
            members[row.story_id].append(row)
    info = _articles(conn, [row.article_id for rows in members.values() for row in rows])
    out = []
    for sid, (canonical, independent) in heads.items():
        original = info.get(canonical)
        if original is None:
            continue
        copies = [
            Copy(info[row.article_id], row.relation, float(row.similarity), info.get(row.via) if row.via else None)
            for row in members[sid]
            if row.article_id != canonical and row.article_id in info
        ]
        if copies:
            copies.sort(key=lambda c: (c.article.published or date.max, -c.similarity, c.article.id))
            out.append(StoryCopies(sid, original, copies, independent))
    out.sort(key=lambda st: (-len(st.copies), st.original.published or date.max, st.story_id))
    return out


def _sources(events: Sequence[Event], claims: Iterable[ClaimInfo], stories: Sequence[StoryCopies]) -> list[SourceRow]:
    rows: dict[str, SourceRow] = {}

    def row(outlet: str) -> SourceRow:
        return rows.setdefault(outlet, SourceRow(outlet))

    articles: dict[str, ArticleInfo] = {}
    for c in claims:
        row(c.article.outlet).claims += 1
        articles[c.article.id] = c.article
    for a in articles.values():
        row(a.outlet).articles += 1
    for ev in events:
        for outlet in ev.sources:
            row(outlet).events += 1
    for st in stories:
        origin = st.original.outlet
        for cp in st.copies:
            if cp.article.id in articles:
                row(cp.article.outlet).copies += 1
            if cp.article.outlet != origin:
                r = row(cp.article.outlet)
                if origin not in r.copied_from:
                    r.copied_from.append(origin)
                o = row(origin)
                if cp.article.outlet not in o.copied_by:
                    o.copied_by.append(cp.article.outlet)
    return sorted(rows.values(), key=lambda r: (-r.events, -r.claims, r.outlet))


def _database(conn: Connection, url: str) -> Database:
    a, r = schema.articles, schema.rejects
    n, first, last = conn.execute(select(func.count(), func.min(a.c.published), func.max(a.c.published))).one()
    counts = {}
    for name in ("events", "claims"):
        table = schema.metadata.tables[name]
        has = inspect(conn).has_table(name)
        counts[name] = conn.execute(select(func.count()).select_from(table)).scalar_one() if has else 0
    rejects = conn.execute(select(func.count()).select_from(r)).scalar_one()
    return Database(url, n, counts["events"], counts["claims"], first, last, rejects)


def build_situation(store: Store, scope: ReportFilter | None = None, now: datetime | None = None) -> Situation:
    """Everything a report shows, for the events in `scope` (all of them when None)."""
    from fogwatch.stories.read import independent_sources

    scope = scope or ReportFilter()
    with store.engine.connect() as conn:
        db = _database(conn, store.url)
        has_events = inspect(conn).has_table("events")
        place = resolve_place(conn, scope.near) if scope.near else None
        events = [ev for ev in read_events(conn) if keep(ev, scope, place)] if has_events else []
        claim_ids = sorted({c for ev in events for c in ev.claim_ids})
        claims = _claims(conn, claim_ids)
        seen = _reported(conn, claim_ids)
        last = last_report(conn)
        articles = _articles(conn, [c.article_id for c in claims])
        infos = {
            c.id: ClaimInfo(
                c, articles.get(c.article_id, ArticleInfo(c.article_id, None, None, None)), c.id not in seen
            )
            for c in claims
        }
        article_ids = sorted({a for ev in events for a in ev.article_ids} | set(articles))
        stories = _stories(conn, article_ids)
        loose = _loose(conn) if scope.empty and has_events else []
    return Situation(
        scope=scope,
        place=place,
        made_at=now or datetime.now(UTC),
        database=db,
        events=events,
        claims=infos,
        last=last,
        stories=stories,
        sources=_sources(events, [*infos.values(), *loose], stories),
        independent_sources=independent_sources(store, article_ids) if article_ids else 0,
        has_events_table=has_events,
        loose=loose,
    )


def _loose(conn: Connection) -> list[ClaimInfo]:
    """The claims no event holds (accusations and denials that report no event of their own)."""
    t = schema.claims
    rows = conn.execute(select(t).where(t.c.event_id.is_(None)).order_by(t.c.article_id, t.c.start, t.c.id)).all()
    articles = _articles(conn, [r.article_id for r in rows])
    return [
        ClaimInfo(claim_from_row(r), articles.get(r.article_id, ArticleInfo(r.article_id, None, None, None)), False)
        for r in rows
    ]


def remember(store: Store, sit: Situation, fmt: str) -> int:
    """Record that a report was made and which claims it covered; return the report's number."""
    try:
        return _remember(store, sit, fmt)
    except SQLAlchemyError as exc:
        raise ReportNotRecorded(
            f"could not record this report in {store.url} ({type(exc).__name__}); "
            "the next report will list the same claims as new"
        ) from exc


def _remember(store: Store, sit: Situation, fmt: str) -> int:
    t, seen = schema.reports, schema.reported_claims
    with store.engine.begin() as conn:
        result = conn.execute(
            t.insert().values(
                made_at=sit.made_at.astimezone(UTC).isoformat(timespec="seconds"),
                format=fmt,
                filters=sit.scope.to_json(),
                events=len(sit.events),
                claims=len(sit.claims),
                new_claims=sit.new_claims,
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        report_id = int(key[0])
        rows = [{"claim_id": cid, "report_id": report_id} for cid, c in sit.claims.items() if c.new]
        for i in range(0, len(rows), _CHUNK):
            insert_ignore(conn, seen, rows[i : i + _CHUNK])
    return report_id
