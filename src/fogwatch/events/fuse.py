"""Fusion: claims about the same real-world event, across articles and stories, become one Event.

Two event claims are about the same event when all of these hold:

- **type**: the same event type, or types one event is commonly reported as (violence against
  civilians and the battle or the strike that killed them; a protest and the riot it turned
  into); a battle and the air or artillery strikes that support it are two events, as our real
  gold codes them (on it and on FA-KES, fusing them lost the strikes as events of their own);
- **date**: their date windows (the day, or the week or month a vaguer date names) overlap,
  give or take one day (reports of "yesterday" straddle midnight and time zones); a claim
  whose sentence names no day has its article's date, and its window reaches three days back;
  a date with an unknown year matches on month and day;
- **place**: the same place, or within 5 km when both name a town or village (different
  spellings resolved a little apart), or within 30 km / 75 km when one is only placed near a
  town / in a region; a claim with no place joins only an event told in its own article or story;
- **actors**: when both name a party (not only kinds of people: civilians, protesters, rioters,
  unidentified gunmen, rebels), they share at least one; so two accounts of one battle that each
  name only their own side stay apart (letting them join also merged strikes on civilians into
  battles nearby);
- **not the same statement**: the reports one sentence makes for several places stay apart
  (one event per place, as ACLED codes them).

Claims are taken in date order and each joins the compatible event it is closest to, so one
loose claim cannot chain two distinct events together.

Per event: the sub-event type, actors, place and date most claims support (weighted by the
classifier's score and the claim's certainty), each source's death toll side by side, the
most conservative toll as the event's (ACLED's rule: a party's own figure is used only when no
one else gives one, and is then marked), `independent_sources` (outlets counted after mapping
copies to the outlet they copied, so syndicated copies count once) and the status:
`contested` when sources give different tolls or a claim is disputed or denied,
`corroborated` when two or more independent sources report it (each with a claim it does not
itself flag as hedged or unconfirmed), `single-source` otherwise.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, update

from fogwatch.events.delivery import delivery, same_delivery
from fogwatch.events.typology import (
    CHEMICAL_WEAPON,
    SUICIDE_BOMB,
    TERRITORY_TYPES,
    TYPOLOGY,
    fused_as,
)
from fogwatch.geo import haversine_km
from fogwatch.model import (
    ActorRef,
    Claim,
    Event,
    EventReport,
    Fatalities,
    Location,
    SourceFigure,
    TimeValue,
    unknown_outlet,
)

SLACK_DAYS = 1
# A claim dated only by its article's date (the sentence names no day) happened up to this many days before.
INFERRED_DAYS = 3
SAME_TOWN_KM = 5.0
NEAR_KM = 30.0
REGION_KM = 75.0

_FAMILIES: list[frozenset[str]] = [frozenset({t.name, o}) for t in TYPOLOGY.event_types.values() for o in t.fuses_with]
_WEIGHT = {"asserted": 1.0, "attributed": 1.0, "hedged": 0.6, "unconfirmed": 0.5, "disputed": 0.5, "denied": 0.1}


@dataclass(slots=True)
class ArticleInfo:
    site: str
    story_id: str | None
    original: str  # the outlet the article's story comes from (its own site when it is not a copy)
    content: str = ""  # the article's content hash: event ids are made from it (see event_id)


@dataclass(slots=True)
class _Item:
    claim: Claim
    report: EventReport
    info: ArticleInfo
    lo: int | None  # date window as ordinals (None: no date)
    hi: int | None
    md: tuple[int, int] | None  # (month, day) for a date with an unknown year
    loc: Location | None
    actors: frozenset[str]
    actor1: str | None = None  # the named party that acted, when the claim names one
    weapon: str | None = None  # how the blow was delivered, when the words say so (`_delivery`)


@dataclass
class _Cluster:
    items: list[_Item] = field(default_factory=list)
    types: set[str] = field(default_factory=set)
    lo: int | None = None
    hi: int | None = None
    loc: Location | None = None
    actors: set[str] = field(default_factory=set)
    actor1s: set[str] = field(default_factory=set)
    statements: set[tuple[str, int]] = field(default_factory=set)
    reasons: dict[str, str] = field(default_factory=dict)  # claim id -> why it joined
    articles: set[str] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)
    weapons: set[str] = field(default_factory=set)
    keys: set[tuple[Any, ...]] = field(default_factory=set)  # where it is indexed: ("at", cell, day), ("cell", cell)
    by_article: dict[str, list[_Item]] = field(default_factory=dict)  # the items of each article, for `_told_twice`
    named_day: bool = False  # a claim of it names its day in its own words (not only its article's date)

    def add(self, it: _Item) -> None:
        self.items.append(it)
        self.by_article.setdefault(it.claim.article_id, []).append(it)
        kind = _fusion_type(it.report)
        # a claim joined only because it repeats a toll (`_told_twice`) does not widen what the event
        # is, nor who fought in it, for the claims that come after
        foreign = bool(self.types) and not any(types_compatible(t, kind) for t in self.types)
        if not foreign:
            self.types.add(kind)
        # The event's dates are those of its first dated claim; later ones must fall inside them
        # (give or take a day), so a chain of claims a day apart cannot stretch one event over a week.
        if it.lo is not None and it.hi is not None and self.lo is None:
            self.lo, self.hi = it.lo, it.hi
        if it.loc is not None and (self.loc is None or _finer(it.loc, self.loc)):
            self.loc = it.loc
        if not foreign:
            self.actors |= it.actors
            if it.actor1:
                self.actor1s.add(it.actor1)
        if not _inferred(it):
            self.named_day = True
        self.statements.add((it.claim.article_id, it.claim.start))
        self.articles.add(it.claim.article_id)
        if it.weapon:
            self.weapons.add(it.weapon)
        if it.info.story_id:
            self.stories.add(it.info.story_id)


def vagueness(loc: Location) -> int:
    """0 a town or village, 1 a place only placed near or around one, 2 an area (a region, a
    province, a big city as a whole), 3 a whole country."""
    if (loc.feature or "").startswith("A.PCL"):
        return 3
    if (loc.feature or "").startswith(("A", "L", "T")) or (loc.population or 0) >= 500_000:
        return 2
    return 1 if loc.relation or loc.geo_precision >= 2 else 0


def _finer(a: Location, b: Location) -> bool:
    return (vagueness(a), a.geo_precision) < (vagueness(b), b.geo_precision)


def _fusion_type(r: EventReport) -> str:
    return fusion_type(r.event_type, r.sub_event_type)


def fusion_type(event_type: str, sub_event_type: str) -> str:
    """The type an event is fused as: a territory handed over is often the end of a battle
    ("took the town after the rebels withdrew"), so it fuses with battles."""
    return fused_as(event_type, sub_event_type)


def types_compatible(a: str, b: str) -> bool:
    return a == b or any(a in f and b in f for f in _FAMILIES)


def places_compatible(a: Location, b: Location) -> bool:
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    d = haversine_km(a.lat, a.lon, b.lat, b.lon)
    worst = max(a.geo_precision, b.geo_precision)
    limit = SAME_TOWN_KM if worst <= 1 and not (a.relation or b.relation) else NEAR_KM if worst <= 2 else REGION_KM
    return d <= limit


def _window(tv: TimeValue | None) -> tuple[int | None, int | None, tuple[int, int] | None]:
    if tv is None:
        return None, None, None
    if tv.start is not None:
        end = tv.end or tv.start
        return tv.start.toordinal(), end.toordinal(), None
    if tv.month and tv.day:
        return None, None, (tv.month, tv.day)
    return None, None, None


def _item(claim: Claim, info: ArticleInfo) -> _Item:
    r = claim.event
    assert r is not None
    tv = r.date.value if r.date and isinstance(r.date.value, TimeValue) else None
    lo, hi, md = _window(tv)
    if lo is not None and r.date is not None and r.date.start < 0:
        lo -= INFERRED_DAYS  # the article's own date, not the sentence's: the event came on or before it
    loc = r.location.value if r.location and isinstance(r.location.value, Location) else None
    names = {_side(a.value.name) for a in (r.actor1, r.actor2) if a is not None and isinstance(a.value, ActorRef)}
    a1 = r.actor1.value.name if r.actor1 is not None and isinstance(r.actor1.value, ActorRef) else None
    a1 = _undated(a1) if a1 and not a1.startswith(_GENERIC) else None
    actors = frozenset(n for n in names if not n.startswith(_GENERIC))
    return _Item(claim, r, info, lo, hi, md, loc, actors, a1, _delivery(claim, r))


def _delivery(claim: Claim, r: EventReport) -> str | None:
    """How the blow was delivered (`events/delivery.py`): as read when the claim was extracted, else
    from the claim's own words when it has them (claims stored before the reading was kept)."""
    if r.delivery is not None:
        return r.delivery
    if r.trigger is None or not claim.text:
        return None
    return delivery(r.sub_event_type, claim.text[r.trigger[0] - claim.start : r.trigger[1] - claim.start])


def _fits(c: _Cluster, it: _Item) -> float | None:
    """How far `it` is from cluster `c` (smaller is closer), or None when it cannot join."""
    if (it.claim.article_id, it.claim.start) in c.statements:
        return None
    # One article giving the same toll twice (at least three dead) tells one event, whatever words
    # it uses each time: the headline's "US raids kill 22" and the lead's "22 people killed in US air
    # strikes", or the lead's undated "two civilians killed in Deir Ezzor" and the body's account of
    # Wednesday's rockets on Deir Ezzor that killed two.
    twice = _told_twice(c, it)
    if not twice and not any(types_compatible(t, _fusion_type(it.report)) for t in c.types):
        return None
    if it.lo is not None and c.lo is not None and c.hi is not None:
        if (it.lo > c.hi + SLACK_DAYS or (it.hi is not None and it.hi < c.lo - SLACK_DAYS)) and not (
            twice and _told_twice_undated(c, it)
        ):
            return None
    elif it.md is not None:
        known = [x.md or _md(x.lo) for x in c.items if x.md or x.lo is not None]
        if known and it.md not in known:
            return None
    if it.actors and c.actors and not (it.actors & c.actors) and not twice:
        return None
    if it.weapon and any(not same_delivery(it.weapon, w) for w in c.weapons):
        return None  # an air strike and a car bomb the same day in the same town are two events
    if (
        not twice
        and it.actor1
        and c.actor1s
        and it.actor1 not in c.actor1s
        and _one_sided(it.report)
        and it.claim.article_id in c.articles
    ):
        # In one article, a strike or an attack has one side that carried it out: rebels shelling a
        # district and the army shelling rebels in the same city that day are two events. Across
        # outlets, who did it is often what they dispute, and the accounts stay one event.
        return None
    own = it.claim.article_id in c.articles or (it.info.story_id is not None and it.info.story_id in c.stories)
    if not own:
        # Across articles, two reports are one event only on a day they both give and at a place
        # finer than a country: an undated claim, or one placed only in "Syria", joins its own
        # article's or story's events and nothing else.
        if it.lo is None and it.md is None:
            return None
        if (
            _inferred(it)
            and it.hi is not None
            and c.hi is not None
            and abs(it.hi - c.hi) > SLACK_DAYS
            and not c.named_day
        ):
            # dated only by their articles, published days apart: "the day of the article or the days
            # before it" overlap, but nothing says the two reports tell one day
            return None
        if c.lo is None:
            mds = {x.md for x in c.items if x.md}
            if not mds or (it.md or _md(it.lo)) not in mds:
                return None
        if (it.loc is not None and _country(it.loc)) or (c.loc is not None and _country(c.loc)):
            return None
        if it.md is not None and (it.loc is None or c.loc is None or coarse(it.loc) or coarse(c.loc)):
            return None  # a day of an unknown year is one event only at the very same place
    if it.loc is not None and c.loc is not None:
        d = haversine_km(it.loc.lat, it.loc.lon, c.loc.lat, c.loc.lon)
        if places_compatible(it.loc, c.loc):
            return d
        # In one article, "Aleppo" or "the Idlib countryside" beside a village is the same event told loosely.
        if own and (coarse(it.loc) or coarse(c.loc)) and d <= REGION_KM:
            return d + REGION_KM
        # ... and one toll told twice in one province is one event told at two places: the headline's
        # "20 terrorists killed in Hama" and the body's clash at al-Latamna in Hama's countryside
        if own and twice and _told_in_province(c, it):
            return d + REGION_KM
        # ... and "the strikes in Syria" is the article's event in Syria told without its place
        if own and (_country(it.loc) or _country(c.loc)) and it.loc.country == c.loc.country:
            return d + 2 * REGION_KM
        return None
    return 50.0 if own else None


# The smallest toll that, given twice in one article, says the two sentences tell one event.
TOLD_TWICE_MIN = 3


def _toll_of(it: _Item) -> int | None:
    f = it.report.fatalities
    return f.best if f is not None and f.best is not None and f.best >= TOLD_TWICE_MIN else None


def _told_twice(c: _Cluster, it: _Item) -> bool:
    """The cluster holds a claim of the same article with the same toll as `it` (at least three), and
    no other toll of that article: a cluster with other figures of the article is an event the toll
    was only one reading of."""
    toll = _toll_of(it)
    if toll is None:
        return False
    tolls = {
        x.report.fatalities.best for x in c.by_article.get(it.claim.article_id, ()) if x.report.fatalities is not None
    }
    return tolls == {toll}


def _told_twice_undated(c: _Cluster, it: _Item) -> bool:
    """One of the two is dated only by its article (within a week of the other's day): the dates
    differ because one sentence names no day, not because the events do."""
    toll = _toll_of(it)
    same = [x for x in c.by_article.get(it.claim.article_id, ()) if _toll_of(x) == toll]
    inferred = it.report.date is not None and it.report.date.start < 0
    for x in same:
        other = x.report.date is not None and x.report.date.start < 0
        if inferred == other or x.lo is None or it.lo is None:
            continue
        named = x if inferred else it
        undated = it if inferred else x
        assert named.lo is not None and undated.hi is not None
        if 0 <= undated.hi - named.lo <= 7:
            return True
    return False


def _inferred(it: _Item) -> bool:
    """The claim is dated by its article, not by its own words."""
    return it.report.date is not None and it.report.date.start < 0


def _told_in_province(c: _Cluster, it: _Item) -> bool:
    """The claim of `it`'s article that gives the same toll is placed in the same province as `it`,
    within a region's reach (not a claim told only of the country that joined the cluster loosely)."""
    toll = _toll_of(it)
    assert it.loc is not None
    return it.loc.admin1 is not None and any(
        _toll_of(x) == toll
        and x.loc is not None
        and not _country(x.loc)
        and x.loc.admin1 == it.loc.admin1
        and haversine_km(x.loc.lat, x.loc.lon, it.loc.lat, it.loc.lon) <= REGION_KM
        for x in c.by_article.get(it.claim.article_id, ())
    )


_ONE_SIDED = frozenset(t.name for t in TYPOLOGY.event_types.values() if t.one_sided)


def _one_sided(r: EventReport) -> bool:
    return r.event_type in _ONE_SIDED


def _country(loc: Location) -> bool:
    return (loc.feature or "").startswith("A.PCL")


def coarse(loc: Location) -> bool:
    """A place named loosely: a region, a province, a big city, or a place only placed near."""
    return (
        loc.geo_precision >= 2
        or bool(loc.relation)
        or (loc.feature or "").startswith(("A", "L", "T"))
        or (loc.population or 0) >= 500_000
    )


def _own_keys(it: _Item) -> list[str]:
    """The article of a claim, and its story when it has one."""
    return [it.claim.article_id, "story:" + it.info.story_id] if it.info.story_id else [it.claim.article_id]


def _cell(loc: Location) -> tuple[int, int]:
    """A 1-degree grid cell (about 111 km north to south, more than any match distance)."""
    return int(loc.lat // 1), int(loc.lon // 1)


def _md(ordinal: int | None) -> tuple[int, int] | None:
    if ordinal is None:
        return None
    d = date.fromordinal(ordinal)
    return d.month, d.day


def cluster(claims: Iterable[Claim], infos: dict[str, ArticleInfo]) -> list[list[Claim]]:
    """Group event claims by the real-world event they report."""
    return [[it.claim for it in c.items] for c in _clusters(claims, infos)]


def clusters_with_reasons(
    claims: Iterable[Claim], infos: dict[str, ArticleInfo]
) -> list[tuple[list[Claim], dict[str, str]]]:
    """The groups of `cluster`, each with why every claim after the first joined it (claim id -> why)."""
    return [([it.claim for it in c.items], dict(c.reasons)) for c in _clusters(claims, infos)]


def _clusters(claims: Iterable[Claim], infos: dict[str, ArticleInfo]) -> list[_Cluster]:
    return _cluster_items(_items(claims, infos))


def _items(claims: Iterable[Claim], infos: dict[str, ArticleInfo]) -> list[_Item]:
    return [
        _item(c, infos.get(c.article_id, ArticleInfo(c.article_id, None, c.article_id)))
        for c in claims
        if c.event is not None
    ]


MAX_DAYS = 40  # a window longer than this (a vague date) is indexed at its ends only


def _days(lo: int | None, hi: int | None) -> list[int]:
    if lo is None or hi is None:
        return []
    if hi - lo > MAX_DAYS:
        return [lo, hi]
    return list(range(lo, hi + 1))


def _near(it: _Item) -> list[tuple[int, int]]:
    """The grid cells a located claim looks for events in: two cells east and west, as a degree
    of longitude shrinks towards the poles."""
    assert it.loc is not None
    cy, cx = _cell(it.loc)
    return [(cy + dy, cx + dx) for dy in (-1, 0, 1) for dx in (-2, -1, 0, 1, 2)]


def _look_days(it: _Item) -> list[int]:
    """The days a claim looks for events on (none: it looks at every event of its cells)."""
    return _days(None if it.lo is None else it.lo - SLACK_DAYS, None if it.hi is None else it.hi + SLACK_DAYS)


def _cluster_items(items: list[_Item]) -> list[_Cluster]:
    # Precisely dated, precisely placed, confident claims first: they found events that others join.
    items.sort(
        key=lambda it: (
            it.hi - it.lo if it.lo is not None and it.hi is not None else 10**6,
            it.lo if it.lo is not None else 10**9,
            it.loc.geo_precision if it.loc else 9,
            it.claim.kind != "event",
            -it.report.score,
            # then by what the claim says and who published it, not by its id: ids hash where a
            # document was read from, and the same corpus read from another folder must fuse alike
            it.claim.text,
            it.info.site,
            it.claim.start,
            it.claim.id,
        )
    )
    clusters: list[_Cluster] = []
    # Candidate events for a claim: those placed in its grid cell or the cells around it (wider than
    # the farthest two places can be and still match) on a day its date window touches, and those
    # told in its own article or story. Undated claims look at every event of their cells.
    by_day: dict[tuple[int, int, int], list[_Cluster]] = defaultdict(list)
    by_cell: dict[tuple[int, int], list[_Cluster]] = defaultdict(list)
    own: dict[str, list[_Cluster]] = defaultdict(list)
    days = _days

    def register(c: _Cluster, it: _Item) -> None:
        if c.loc is not None:
            cell = _cell(c.loc)
            for day in days(it.lo, it.hi) or days(c.lo, c.hi):
                lst = by_day[(*cell, day)]
                if not lst or lst[-1] is not c:
                    lst.append(c)
                c.keys.add(("at", cell, day))
            c.keys.add(("cell", cell))
            lst = by_cell[cell]
            if not lst or lst[-1] is not c:
                lst.append(c)
        for key in _own_keys(it):
            lst = own[key]
            if not lst or lst[-1] is not c:
                lst.append(c)

    for it in items:
        cands: dict[int, _Cluster] = {}
        if it.loc is not None:
            window = _look_days(it)
            for cell in _near(it):
                if window:
                    for day in window:
                        cands.update((id(c), c) for c in by_day.get((*cell, day), ()))
                else:
                    cands.update((id(c), c) for c in by_cell.get(cell, ()))
        for key in _own_keys(it):
            cands.update((id(c), c) for c in own.get(key, []))
        # The closest event; at the same distance, one its article tells with the same toll (an
        # undated headline's "kill 10" lands with its body's ten dead, not another outlet's event in
        # the same city that week).
        best: tuple[float, bool, _Cluster] | None = None
        for c in cands.values():
            dist = _fits(c, it)
            if dist is None:
                continue
            apart = not _told_twice(c, it)
            if best is None or (dist, apart) < (best[0], best[1]):
                best = (dist, apart, c)
        target = best[2] if best is not None else _Cluster()
        if best is None:
            clusters.append(target)
        else:
            target.reasons[it.claim.id] = _why(target, it, best[0])
        target.add(it)
        register(target, it)
    return _place_country_events(clusters)


def _place_country_events(clusters: list[_Cluster]) -> list[_Cluster]:
    """An event its articles place only in a country ("US air strikes on the jihadists' stronghold
    in Syria") is the event those same articles place at a town ("the dead in the raids on the city
    of Raqa"), when they tell exactly one such event of a compatible kind on its days: the claims
    placed in Syria join it. With two or more, which one the country-wide claims meant is unknown,
    and they stay an event of their own.

    Every claim of an article is in the partition of its article (`fusion_stage`), so this settles
    the same in one run and over partitions."""
    vague = [c for c in clusters if c.loc is None or _country(c.loc)]
    if not vague:
        return clusters
    # the events told in each article: the only ones a vague event can be
    by_article: dict[str, list[_Cluster]] = defaultdict(list)
    for d in clusters:
        for a in d.articles:
            by_article[a].append(d)
    gone: set[int] = set()
    for c in vague:
        if not c.articles:
            continue
        told = by_article[min(c.articles)]
        fits = [d for d in told if d is not c and id(d) not in gone and _holds_country_event(d, c)]
        if len(fits) != 1:
            continue
        (d,) = fits
        place = d.loc.name if d.loc is not None else "its place"
        for it in c.items:
            why = c.reasons.get(it.claim.id) or "told in the same article"
            d.add(it)
            d.reasons[it.claim.id] = f"{why}; placed only in a country, and the article's one such event is at {place}"
        gone.add(id(c))
    return [c for c in clusters if id(c) not in gone]


def _holds_country_event(d: _Cluster, c: _Cluster) -> bool:
    """Whether event `d`, placed finer than a country, is what the articles of `c` (placed only in a
    country, or nowhere) tell with no place: told in every one of them, in that country, of a
    compatible kind, delivered alike, on days that meet, with no other side acting."""
    if d.loc is None or _country(d.loc) or not c.articles <= d.articles:
        return False
    if c.loc is not None and c.loc.country != d.loc.country:
        return False
    if not any(types_compatible(a, b) for a in c.types for b in d.types):
        return False
    if any(not same_delivery(a, b) for a in c.weapons for b in d.weapons):
        return False
    if c.actor1s and d.actor1s and not (c.actor1s & d.actor1s):
        return False
    if c.lo is not None and c.hi is not None and d.lo is not None and d.hi is not None:
        return not (c.lo > d.hi + SLACK_DAYS or c.hi < d.lo - SLACK_DAYS)
    return True


def _why(c: _Cluster, it: _Item, dist: float) -> str:
    """Why a claim joined an event, in words a reader can check against the claims."""
    if it.claim.article_id in c.articles:
        how = "told in the same article"
    elif it.info.story_id is not None and it.info.story_id in c.stories:
        how = "a copy of the same story"
    else:
        how = f"reported by {it.info.site}"
    parts = [how, f"{it.report.sub_event_type} (compatible with {', '.join(sorted(c.types))})"]
    if it.lo is not None and c.lo is not None:
        parts.append(f"on {date.fromordinal(max(it.lo, min(it.hi or it.lo, c.hi or c.lo))).isoformat()}, within a day")
    elif it.md is not None:
        parts.append(f"on {it.md[1]} {calendar.month_name[it.md[0]]} of an unknown year")
    if it.loc is not None and c.loc is not None:
        parts.append(f"at {it.loc.name}, {dist:.0f} km from {c.loc.name}" if dist >= 1 else f"at {it.loc.name}")
    elif it.loc is None:
        parts.append("with no place of its own")
    shared = sorted(it.actors & c.actors)
    if shared:
        parts.append("naming " + ", ".join(shared))
    return "; ".join(parts)


# --- one event from its claims --------------------------------------------------------


def claim_key(c: Claim, info: ArticleInfo | None) -> str:
    """What a claim says, where: its article's content, its span and the event it reports.

    Claim ids hash the article id, which hashes where the document was read from; this key
    does not, so the same corpus makes the same event ids in any folder and on any machine.
    The classifier's score is left out (floating point may differ in its last digits).
    """
    said = hashlib.blake2b(_report_key(c.event).encode(), digest_size=10).hexdigest() if c.event else "-"
    return f"{(info.content if info else '') or c.article_id}:{c.start}:{c.end}:{c.kind}:{said}"


def _report_key(r: EventReport) -> str:
    """The event a claim reports, in a few words that tell its reports apart (a sentence naming
    several places makes one report per place): cheap, where a JSON dump of the whole report was
    a fifth of the fusion's time."""
    loc = r.location.value if r.location is not None and isinstance(r.location.value, Location) else None
    when = r.date.value if r.date is not None and isinstance(r.date.value, TimeValue) else None
    fat = r.fatalities
    return "|".join(
        str(x)
        for x in (
            r.sub_event_type,
            r.trigger,
            r.actor1.value.name if r.actor1 is not None and isinstance(r.actor1.value, ActorRef) else "",
            r.actor2.value.name if r.actor2 is not None and isinstance(r.actor2.value, ActorRef) else "",
            (loc.name, round(loc.lat, 4), round(loc.lon, 4)) if loc else "",
            (when.start, when.end, when.month, when.day) if when else "",
            (fat.best, fat.low, fat.high, fat.by_party) if fat else "",
        )
    )


def event_id(claims: list[Claim], infos: dict[str, ArticleInfo], salt: str = "") -> str:
    """An event is named after the first of its claims by content (salted when that name is taken:
    copies of one document read from two places give identical claims)."""
    first = min(claim_key(c, infos.get(c.article_id)) for c in claims)
    return "e" + hashlib.blake2b(f"{first}{salt}".encode(), digest_size=10).hexdigest()


def distinct_ids(events: list[Event], groups: list[list[Claim]], infos: dict[str, ArticleInfo]) -> None:
    """Salt the ids that two events would share, in an order that depends on content only."""
    keys = [sorted(claim_key(c, infos.get(c.article_id)) for c in g) for g in groups]
    order = sorted(range(len(events)), key=lambda i: (events[i].id, keys[i], sorted(events[i].claim_ids)))
    taken: set[str] = set()
    for i in order:
        salt = 0
        while events[i].id in taken:
            salt += 1
            events[i].id = event_id(groups[i], infos, f"\n{salt}")
        taken.add(events[i].id)


def _vote(pairs: Iterable[tuple[Any, float]]) -> Any:
    tally: dict[Any, float] = defaultdict(float)
    order: dict[Any, int] = {}
    for value, w in pairs:
        if value is None:
            continue
        tally[value] += w
        order.setdefault(value, len(order))
    if not tally:
        return None
    return max(tally, key=lambda v: (tally[v], -order[v]))


_TERRITORY = TERRITORY_TYPES
_DECISIVE = frozenset(TERRITORY_TYPES) | {SUICIDE_BOMB, CHEMICAL_WEAPON}
# Actor names that say what kind of people, not who: they cannot tell two events apart.
_GENERIC = (
    "Unidentified ",
    "Rebels (",
    "Militia (",
    "Unidentified Armed Group",
    "Civilians (",
    "Protesters (",
    "Rioters (",
)


def _named(actor: ActorRef) -> float:
    """A named actor outweighs a description ("militants", "rebels") of perhaps the same one."""
    return 0.3 if actor.name.startswith(_GENERIC) else 1.0


def _weight(c: Claim) -> float:
    r = c.event
    base = (r.score if r else 0.5) * _WEIGHT.get(c.certainty, 0.5)
    return base * (0.3 if c.kind != "event" else 1.0)


def _source(c: Claim, info: ArticleInfo) -> str:
    """Whose figure: the outlet's own, or "speaker (outlet)" when the outlet cites someone."""
    if c.speaker_kind == "outlet":
        return info.original
    return f"{c.speaker} ({info.original})"


def _source_key(c: Claim, info: ArticleInfo) -> str:
    """Which figures are one source's: the outlet's own; a monitor's or medium's as the outlet
    relays it, by its name ("the Syrian Observatory" and "the Idlib Media Center" are two sources);
    any other speaker's by name. `_media_keys` then joins what names no one ("the monitor", "the
    Britain-based group", "the Observatory") to the medium of the article it refers to."""
    if c.speaker_kind == "outlet":
        return info.original
    speaker = re.sub(r"^(?:the|a|an)\s+", "", " ".join(c.speaker.lower().split()))
    if c.speaker_kind == "media" and _media_reference(c.speaker):
        return f"\x00media\x00{speaker}\x00{info.original}"
    return f"{speaker}\x00{info.original}"


def _media_reference(speaker: str) -> bool:
    """A medium named by what it is, not who: "the monitor", "the Britain-based group", "the
    Observatory" (a capitalised head alone after "the"), never "SANA" or "the Idlib Media Center"."""
    words = speaker.split()
    if len(words) < 2 or words[0].lower() not in ("the", "a", "an"):
        return False
    rest = [w for w in words[1:] if not w.lower().endswith("-based")]
    if len(rest) == 1 and rest[0][:1].isupper() and not rest[0].isupper():
        return True
    return bool(rest) and all(w.islower() for w in rest)


def _media_keys(told: list[Claim], infos: dict[str, ArticleInfo]) -> dict[str, str]:
    """Each claim's source key, with a medium named by what it is joined to the named medium of the
    same article it refers to: the one whose name holds its head word ("the Observatory"), else the
    last one named before it ("... said the Syrian Observatory. The Britain-based monitor said"),
    else the only one the article names."""
    keys = {c.id: _source_key(c, infos.get(c.article_id, ArticleInfo(c.article_id, None, c.article_id))) for c in told}
    named: dict[str, list[tuple[int, str]]] = defaultdict(list)  # article -> (start, named media key)
    for c in sorted(told, key=lambda c: c.start):
        k = keys[c.id]
        if c.speaker_kind == "media" and not k.startswith("\x00"):
            named[c.article_id].append((c.start, k))
    for c in told:
        k = keys[c.id]
        if not k.startswith("\x00media\x00"):
            continue
        _, _, speaker, outlet = k.split("\x00")
        names = named.get(c.article_id, [])
        head = speaker.split()[-1]
        by_word = {n for _, n in names if head in n.split("\x00")[0].split()}
        before = [n for start, n in names if start < c.start]
        plain = all(w.islower() or w.endswith("-based") for w in c.speaker.split()[1:])
        if len(by_word) == 1:
            keys[c.id] = next(iter(by_word))
        elif plain and before:
            keys[c.id] = before[-1]
        elif plain and len({n for _, n in names}) == 1:
            keys[c.id] = names[0][1]
        else:
            keys[c.id] = f"\x00media\x00{outlet}"
    return keys


_FIRM = ("asserted", "attributed")


def figures_of(claims: list[Claim], infos: dict[str, ArticleInfo]) -> list[SourceFigure]:
    """Each source's death toll. A source giving several figures for one event keeps the highest
    best, with that figure's own lower bound (its other figures are parts of it, told place by
    place, or earlier counts it updated); ACLED's conservative rule then applies between sources."""
    by: dict[str, SourceFigure] = {}
    firm: set[str] = set()  # sources with a figure they give plainly
    told = [c for c in claims if c.event is not None and c.event.fatalities is not None and c.certainty != "denied"]
    # A source's figure for this place alone wins over its part of a figure told for several places,
    # and over one told only of the country ("strikes in Syria have killed ..."): those count only
    # when the source gives no other.
    keys = _media_keys(told, infos)
    own = {keys[c.id] for c in told if not _loose_figure(c)}
    for c in told:
        f = c.event.fatalities if c.event else None
        if f is None:
            continue
        info = infos.get(c.article_id, ArticleInfo(c.article_id, None, c.article_id))
        key = keys[c.id]
        if _loose_figure(c) and key in own:
            continue
        low = f.low if f.low is not None else f.best
        old = by.get(key)
        if old is None:
            by[key] = SourceFigure(_source(c, info), f.best, low, f.high, [c.id], f.by_party)
            if c.certainty in _FIRM:
                firm.add(key)
            continue
        # a figure the source hedges ("other media reports suggest at least 14") does not raise one it
        # gives plainly; a plain one replaces a hedged one
        if c.certainty in _FIRM and key not in firm:
            old.best, old.low = f.best, low
            firm.add(key)
        elif f.best > old.best and (c.certainty in _FIRM or key not in firm):
            old.best, old.low = f.best, low
        old.high = max(x for x in (old.high, f.high) if x is not None) if (old.high, f.high) != (None, None) else None
        if old.high is not None and old.high < old.best:
            old.high = old.best
        old.claim_ids.append(c.id)
        old.by_party = old.by_party and f.by_party
    return sorted(by.values(), key=lambda s: (s.best, s.source))


def _loose_figure(c: Claim) -> bool:
    r = c.event
    if r is None or r.fatalities is None:
        return False
    loc = r.location.value if r.location is not None else None
    return r.fatalities.shared or (isinstance(loc, Location) and _country(loc))


def outlet_figures(figs: list[SourceFigure], claims: list[Claim], infos: dict[str, ArticleInfo]) -> list[SourceFigure]:
    """One figure per independent outlet (copies of a story count as the outlet they copy): the
    highest its article gives for the event from sources that are not parties to the fighting,
    and each party's own figure beside it. Inside one report the lower neutral figures are parts
    of the toll told apart (one village's dead, the children among them) or earlier counts it
    updates; ACLED's conservative rule then applies between what is left: independent outlets,
    and parties, whose figures are claims of a side."""
    outlet_of = {c.id: infos.get(c.article_id, ArticleInfo(c.article_id, None, c.article_id)).original for c in claims}
    firm_ids = {c.id for c in claims if c.certainty in _FIRM}
    groups: dict[str, list[SourceFigure]] = defaultdict(list)
    for f in figs:
        groups[outlet_of.get(f.claim_ids[0], f.source)].append(f)
    out: list[SourceFigure] = []
    for group in groups.values():
        neutral = [f for f in group if not f.by_party]
        # a figure the report itself hedges ("other media reports suggest at least 14") yields to one it
        # states or attributes plainly
        firm = [f for f in neutral if firm_ids & set(f.claim_ids)]
        neutral = firm or neutral
        if neutral:
            out.append(max(neutral, key=lambda f: (f.best, f.source)))
        out += [f for f in group if f.by_party]
    return out


def conservative(figures: list[SourceFigure]) -> Fatalities | None:
    """ACLED's rule: the most conservative (lowest) figure reported; when only parties to the
    fighting give that figure it is kept, and marked as theirs."""
    if not figures:
        return None
    best = min(f.best for f in figures)
    lows = [f.low if f.low is not None else f.best for f in figures]
    highs = [f.high if f.high is not None else f.best for f in figures]
    by_party = all(f.by_party for f in figures if f.best == best)
    return Fatalities(best=best, low=min(lows), high=max(highs), by_party=by_party)


def build_event(claims: list[Claim], infos: dict[str, ArticleInfo], reasons: dict[str, str] | None = None) -> Event:
    reports = [(c, c.event) for c in claims if c.event is not None]
    # A battle that changed who holds the ground is coded by that change (ACLED's codebook), a blast
    # some source tells was a suicide bombing as one, and a strike that spread gas as a chemical attack:
    # the kind of event the more exact accounts give, where others say "bombs" or "strikes".
    sub = _vote((r.sub_event_type, _weight(c) * (2.0 if r.sub_event_type in _DECISIVE else 1.0)) for c, r in reports)
    ev_type = next(r.event_type for _, r in reports if r.sub_event_type == sub)
    when = _best_date([(c, r) for c, r in reports])
    loc = _best_place([r for _, r in reports])
    actor1 = _vote(
        (r.actor1.value.name, _weight(c) * _named(r.actor1.value))
        for c, r in reports
        if r.actor1 and isinstance(r.actor1.value, ActorRef)
    )
    actor2 = _vote(
        (r.actor2.value.name, _weight(c) * _named(r.actor2.value))
        for c, r in reports
        if r.actor2 and isinstance(r.actor2.value, ActorRef) and r.actor2.value.name != actor1
    )
    if when is not None and when.start is not None and when.year_known:
        # state forces are named for the period of the event's date, not of each article's
        from fogwatch.events.arguments import registry

        reg = registry()
        actor1 = reg.dated(actor1, when.start) if actor1 else actor1
        actor2 = reg.dated(actor2, when.start) if actor2 else actor2
    inters = {
        _undated(a.value.name): a.value.inter
        for _, r in reports
        for a in (r.actor1, r.actor2)
        if a is not None and isinstance(a.value, ActorRef)
    }
    assoc: list[str] = []
    for _, r in reports:
        for a in r.assoc_actors:
            name = a.value.name if isinstance(a.value, ActorRef) else str(a.value)
            if name not in (actor1, actor2) and name not in assoc:
                assoc.append(name)
    figs = figures_of(claims, infos)
    fat = conservative(outlet_figures(figs, claims, infos))
    if fat is not None:
        every = conservative(figs)
        assert every is not None
        fat.low, fat.high = every.low, every.high  # the range every source gives, as the notes say it
    articles = sorted({c.article_id for c in claims})
    info = [infos.get(a, ArticleInfo(a, None, a)) for a in articles]
    sources = sorted({i.site for i in info})
    independent = len({i.original for i in info})
    stories = sorted({i.story_id for i in info if i.story_id})
    # A source corroborates only with a claim it does not itself flag as hedged or unconfirmed.
    firm = {
        infos.get(c.article_id, ArticleInfo(c.article_id, None, c.article_id)).original
        for c in claims
        if c.certainty in _FIRM
    }
    if len({f.best for f in figs}) > 1 or any(c.certainty in ("disputed", "denied") for c in claims):
        status = "contested"
    elif len(firm) >= 2:
        status = "corroborated"
    else:
        status = "single-source"
    ids = [c.id for c in claims]
    ev = Event(
        id=event_id(claims, infos),
        event_type=ev_type,
        sub_event_type=sub,
        date=when,
        actor1=actor1,
        actor2=actor2,
        assoc_actors=assoc,
        location=loc,
        fatalities=fat,
        claim_ids=ids,
        article_ids=articles,
        story_ids=stories,
        sources=sources,
        independent_sources=independent,
        status=status,  # type: ignore[arg-type]
        figures=figs,
        inter1=inters.get(_undated(actor1), 0) if actor1 else 0,
        inter2=inters.get(_undated(actor2), 0) if actor2 else 0,
        joins=[f"{cid}: {reasons[cid]}" for cid in ids if reasons and cid in reasons],
    )
    from fogwatch.events.notes import event_notes

    ev.notes = event_notes(ev)
    return ev


_STATE_SIDE = re.compile(r"^(?:(?:Military|Police) Forces of|Government of) (?P<country>.+)$")


def _side(name: str) -> str:
    """The side an actor fights on, for telling reports of one event apart: a state's army, police and
    government are one side ("Government of Syria" in one report is "Military Forces of Syria" in another)."""
    base = _undated(name)
    m = _STATE_SIDE.match(base)
    return f"state of {m['country']}" if m else base


def _undated(name: str) -> str:
    return _PERIOD.sub("", name)


_PERIOD = re.compile(r" \(\d{4}-\)$")


def _best_date(reports: list[tuple[Claim, EventReport]]) -> TimeValue | None:
    """The most precise date, read in a sentence rather than inherited, that most claims give."""
    rank = {"day": 0, "week": 1, "month": 2, "year": 3}
    dated = [(r.date, c) for c, r in reports if r.date is not None and isinstance(r.date.value, TimeValue)]
    if not dated:
        return None
    tally = Counter((a.value.start, a.value.month, a.value.day) for a, _ in dated)  # type: ignore[union-attr]

    def key(x: tuple[Any, Claim]) -> tuple[Any, ...]:
        arg, c = x
        tv = arg.value
        return (
            c.kind != "event",
            rank.get(tv.precision, 4),
            not tv.year_known,
            arg.start < 0,
            -tally[(tv.start, tv.month, tv.day)],
            tv.start or date.max,
        )

    value: TimeValue = min(dated, key=key)[0].value  # type: ignore[assignment]
    return value


def _best_place(reports: list[EventReport]) -> Location | None:
    placed = [r.location.value for r in reports if r.location and isinstance(r.location.value, Location)]
    if not placed:
        return None
    tally = Counter((p.name, p.geo_precision) for p in placed)
    return min(placed, key=lambda p: (vagueness(p), p.geo_precision, -tally[(p.name, p.geo_precision)], p.name))


# --- the store ------------------------------------------------------------------------


def article_infos(conn: Connection) -> dict[str, ArticleInfo]:
    from sqlalchemy import inspect

    from fogwatch.store import schema

    a = schema.articles
    out: dict[str, ArticleInfo] = {}
    rows = conn.execute(select(a.c.id, a.c.site, a.c.wire, a.c.source, a.c.content_hash))
    for aid, site, wire, source, content in rows:
        # the outlet by name, else "unknown outlet (file)": each unknown one counts as its own source
        outlet = site or (wire.split(",")[0].strip() if wire else None) or unknown_outlet(source)
        out[aid] = ArticleInfo(outlet, None, outlet, content or "")
    if inspect(conn).has_table("story_members"):
        sm = schema.story_members
        for aid, story, original in conn.execute(select(sm.c.article_id, sm.c.story_id, sm.c.original_site)):
            if aid in out:
                out[aid].story_id = story
                if original:
                    out[aid].original = original
    return out


def rename_events(conn: Connection) -> int:
    """Give the stored events the ids their claims make (for events stored under other ids); return
    how many were renamed. The events themselves are left as they are."""
    from fogwatch.store import schema
    from fogwatch.store.claims import iter_claims, read_events

    infos = article_infos(conn)
    by_event: dict[str, list[Claim]] = defaultdict(list)
    for c in iter_claims(conn, event_only=True, with_text=False):
        if c.event_id:
            by_event[c.event_id].append(c)
    events = [e for e in read_events(conn) if by_event.get(e.id)]
    old = [e.id for e in events]
    groups = [by_event[e.id] for e in events]
    for e, g in zip(events, groups, strict=True):
        e.id = event_id(g, infos)
    distinct_ids(events, groups, infos)
    renamed = [(a, e.id) for a, e in zip(old, events, strict=True) if a != e.id]
    ev, cl = schema.events, schema.claims
    for phase in (0, 1):  # through temporary names: a new id may be another event's old one
        for a, b in renamed:
            src, dst = (a, "~" + b) if phase == 0 else ("~" + b, b)
            conn.execute(update(ev).where(ev.c.id == src).values(id=dst))
            conn.execute(update(cl).where(cl.c.event_id == src).values(event_id=dst))
    return len(renamed)


def fuse_events(store: Any, group: Any = None) -> list[Event]:
    """Fuse every stored event claim into events; replace the events table and claims' event ids.

    `group(claims, infos)` groups the claims (`clusters_with_reasons` by default; the same groups
    over partitions, on an executor: `fogwatch.events.fusion_stage.grouping`)."""
    from fogwatch.store import schema
    from fogwatch.store.claims import event_row, iter_claims

    # One write transaction from reading the claims to writing the events, so the events are
    # those of the claims as they stand when they are written.
    with store.writing() as conn:
        claims = list(iter_claims(conn, event_only=True, with_text=False))
        infos = article_infos(conn)
        grouped = (group or clusters_with_reasons)(claims, infos)
        groups = [g for g, _ in grouped]
        events = [build_event(group, infos, why) for group, why in grouped]
        distinct_ids(events, groups, infos)
        events.sort(key=lambda e: (e.date.start.isoformat() if e.date and e.date.start else "~", e.id))
        t = schema.claims
        conn.execute(schema.events.delete())
        conn.execute(update(t).values(event_id=None))
        if events:
            conn.execute(schema.events.insert(), [event_row(e) for e in events])
        pairs = [{"cid": cid, "eid": e.id} for e in events for cid in e.claim_ids]

        if pairs:
            conn.execute(update(t).where(t.c.id == bindparam("cid")).values(event_id=bindparam("eid")), pairs)
    return events


def fuse_after_analysis(store: Any, group: Any = None) -> str | None:
    """Fuse events after an ingest (grouping the claims with `group`, as `fuse_events` does); one
    line to print (None when there are no claims at all)."""
    from fogwatch.store import schema

    with store.engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(schema.claims)).scalar_one()
    if not n:
        return None
    events = fuse_events(store, group)
    status = Counter(e.status for e in events)
    detail = ", ".join(f"{status[s]} {s}" for s in ("single-source", "corroborated", "contested") if status[s])
    used = sum(len(e.claim_ids) for e in events)
    # the claims that report no event (an accusation, a denial) are counted apart, as the report does
    return f"events: {len(events)} from {used} of the {n} claims" + (f" ({detail})" if detail else "")
