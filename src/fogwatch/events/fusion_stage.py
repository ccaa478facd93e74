"""Fusion as global stages over keyed partitions: the same events as `fuse.cluster`, in any order.

Fusion takes claims one by one in a fixed order, and each joins the closest event it fits
(`fuse._cluster_items`); that greedy rule is what keeps one loose claim from chaining two events
together, and it is kept as it is. What runs in parallel is fusion of parts that cannot meet: a
claim looks for events only in its own article and story, and in the 1-degree place cells around
its place (`fuse._near`) on the days its date window touches, give or take a day (`fuse._look_days`).
So the claims are split into *reaches*, sets no claim of which can find an event of another, and
each reach is fused alone. Fusing the claims of a reach in the global order gives the very events
the whole run gives, whatever order the reaches are fused or finish in.

1. **Reach** (`ReachStage`): each claim is keyed by its article and story (`("own", id)`), by
   its home, the cell of its place on each day of its date window (`("at", cell, day)`) and on
   its day of the year (`("md", cell, month, day)`), and by its halo, the cells around it on the
   days it looks at, the cells within REGION_KM (75 km: the farthest a claim of another article
   can be from an event's place and join it) give or take a day (or on its day of the year, for
   a claim dated in an unknown year). A
   partition where some claim has its home and some claim looks joins everything in it;
   `UnionFind` merges what partitions join.
2. **Fuse** (`FuseStage`): one partition per reach; fused with the existing rules.
3. **Check**: fusion finds an event where it is indexed (`indexed`, `probes`): its place's cell on
   its claims' days; its place may come from one claim and its day from another, so a claim of
   another reach can still find it. Every such claim that could join it (`_may_join`: within
   75 km of one of its claims' places, on its dates) joins the two reaches, which are fused
   again, until none is left (on the demo and FA-KES the first round has none). Then every event
   a claim finds outside its reach is one it cannot join, and the events are those of one run.

Keys: the place is the claim's fused place, in cells of CELL_DEG degrees; a claim with no place,
with no date at all, or placed only in a country (`fuse._fits`: it joins only events of its own
article or story) is keyed by its article and story only; a claim dated in an unknown year by its
cells and its day of the year. Nothing is keyed by country.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from fogwatch.events.fuse import (
    REGION_KM,
    SLACK_DAYS,
    ArticleInfo,
    _cell,
    _Cluster,
    _cluster_items,
    _country,
    _days,
    _Item,
    _items,
    _look_days,
    _md,
    _near,
    _own_keys,
)
from fogwatch.geo import haversine_km
from fogwatch.global_stage import GlobalStage, UnionFind, run_local
from fogwatch.model import Claim

Key = tuple[Any, ...]
# Runs a global stage over records: `run_local`, or an executor's `run_stage` (a Dask cluster's).
Run = Callable[[GlobalStage[Any, Any, Any], list[Any]], Any]


CELL_DEG = 1.0  # the place cells of the partitions (on FA-KES 0.5 and 0.25 made hardly smaller reaches, and more keys)


def _fine(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEG), math.floor(lon / CELL_DEG)


def home(it: _Item) -> list[Key]:
    """Where a placed claim is: its place cell on each of its days, and on its day of the year
    (what a claim dated in an unknown year matches on). A claim placed only in a country has none:
    an event placed so is joined from its own article and story only (`fuse._fits`)."""
    if it.loc is None or _country(it.loc):
        return []
    cell = _fine(it.loc.lat, it.loc.lon)
    md = it.md or _md(it.lo)
    return [("at", cell, d) for d in _days(it.lo, it.hi)] + ([("md", cell, *md)] if md else [])


def _around(it: _Item) -> list[tuple[int, int]]:
    """The place cells within REGION_KM of a claim's place (the farthest a claim of another article
    can be from an event's place and join it)."""
    assert it.loc is not None
    lat, lon = it.loc.lat, it.loc.lon
    dlat = REGION_KM / 110.5
    top = min(89.9, abs(lat) + dlat)
    dlon = min(180.0, REGION_KM / (111.32 * math.cos(math.radians(top))))
    (y0, x0), (y1, x1) = _fine(lat - dlat, lon - dlon), _fine(lat + dlat, lon + dlon)
    return [(y, x) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]


def halo(it: _Item) -> list[Key]:
    """Where a placed claim may meet an event of another article: the cells around it, on the days
    it looks at, or on its day of the year when the year is unknown. A claim with no day joins only
    events of its own article or story (`fuse._fits`), so it looks nowhere else; nor does a claim
    placed only in a country."""
    if it.loc is None or _country(it.loc):
        return []
    days = _look_days(it)
    if days:
        return [("at", c, d) for c in _around(it) for d in days]
    if it.md is not None:
        return [("md", c, *it.md) for c in _around(it)]
    return []


def probes(it: _Item) -> list[Key]:
    """Where fusion looks for events for a claim of another article (its 1-degree index, `fuse._near`)."""
    if it.loc is None:
        return []
    days = _look_days(it)
    if days:
        return [("at", c, d) for c in _near(it) for d in days]
    if it.md is not None:
        return [("md", c, *it.md) for c in _near(it)]
    return []


def looks(it: _Item) -> list[Key]:
    """`probes` from the claim's own cell: it finds an event at a key whose cell is near this one."""
    if it.loc is None:
        return []
    cell = _cell(it.loc)
    days = _look_days(it)
    if days:
        return [("at", cell, d) for d in days]
    if it.md is not None:
        return [("md", cell, *it.md)]
    return []


def _cells_near(cell: tuple[int, int]) -> list[tuple[int, int]]:
    """The cells whose `fuse._near` holds `cell` (the same shape: it is symmetric)."""
    cy, cx = cell
    return [(cy + dy, cx + dx) for dy in (-1, 0, 1) for dx in (-2, -1, 0, 1, 2)]


def indexed(c: _Cluster) -> frozenset[Key]:
    """Where fusion finds an event (`probes`): its 1-degree cells on its days, and on the days of
    the year its claims give (a claim of an unknown year looks at every event of its cells, and
    joins one only on a day of the year one of its claims gives, a set that only grows)."""
    cells = {k[1] for k in c.keys if k[0] == "cell"}
    mds = {md for x in c.items if (md := x.md or _md(x.lo)) is not None}
    return frozenset({k for k in c.keys if k[0] == "at"} | {("md", cell, *md) for cell in cells for md in mds})


def _may_join(it: _Item, g: FusedGroup) -> bool:
    """Whether a claim of another article could join the event at all: only within REGION_KM of
    the place it has at the time, which is one of its claims' places, and neither placed only in a
    country (`fuse._fits`); and a dated claim only when its dates meet the event's, which are those
    of its first dated claim from when it has one, or when some claim of it has a day of an
    unknown year to match."""
    loc = it.loc
    assert loc is not None
    if it.lo is not None and it.hi is not None:
        if g.window is None:
            if not g.year_unknown:
                return False
        elif it.lo > g.window[1] + SLACK_DAYS or it.hi < g.window[0] - SLACK_DAYS:
            return False
    return not _country(loc) and any(
        (gid is not None and gid == loc.geonameid) or haversine_km(loc.lat, loc.lon, lat, lon) <= REGION_KM
        for lat, lon, gid in g.places
    )


@dataclass(frozen=True, slots=True)
class Whereabouts:
    """What the reach stage knows of a claim: its id, its article and story, its home and halo."""

    claim_id: str
    own: tuple[str, ...]
    home: frozenset[Key]
    halo: frozenset[Key]

    @classmethod
    def of(cls, it: _Item) -> Whereabouts:
        return cls(it.claim.id, tuple(_own_keys(it)), frozenset(home(it)), frozenset(halo(it)))


class ReachStage:
    """Claims that may meet, by article, story, place cell and day: `merge` gives the reaches as
    sorted lists of claim ids, sorted."""

    name = "fusion-reach"

    def key(self, w: Whereabouts) -> list[Key]:
        return [("own", k) for k in w.own] + list(w.home) + list(w.halo)

    def reduce(self, key: Hashable, records: list[Whereabouts]) -> list[str]:
        assert isinstance(key, tuple)
        if key[0] == "own":
            return [w.claim_id for w in records]
        # a place and day where some claim is and some claim looks
        if any(key in w.home for w in records) and any(key in w.halo for w in records):
            return [w.claim_id for w in records]
        return []  # every claim is in a reach all the same: it has its article's key

    def merge(self, partials: Iterable[list[str]]) -> list[list[str]]:
        uf = UnionFind()
        for ids in partials:
            uf.union(ids)
        return uf.groups()


@dataclass(frozen=True)
class FusedGroup:
    claim_ids: list[str]  # in the order they joined
    reasons: dict[str, str]
    keys: frozenset[Key]  # where fusion finds the event (`indexed`)
    places: tuple[tuple[float, float, int | None], ...]  # its claims' places finer than a country
    window: tuple[int, int] | None  # its dates (`_Cluster.lo`, `hi`)
    year_unknown: bool  # some claim of it is dated in an unknown year


@dataclass
class FuseStage:
    """One partition per reach (named by its first claim id), fused as one run would."""

    reach_of: dict[str, str] = field(default_factory=dict)  # claim id -> its reach
    name: str = "fusion"

    def key(self, it: _Item) -> list[str]:
        return [self.reach_of[it.claim.id]]

    def reduce(self, key: Hashable, items: list[_Item]) -> tuple[Hashable, list[FusedGroup]]:
        return key, [
            FusedGroup(
                [x.claim.id for x in c.items],
                dict(c.reasons),
                indexed(c),
                tuple(
                    dict.fromkeys(
                        (x.loc.lat, x.loc.lon, x.loc.geonameid)
                        for x in c.items
                        if x.loc is not None and not _country(x.loc)
                    )
                ),
                (c.lo, c.hi) if c.lo is not None and c.hi is not None else None,
                any(x.md is not None for x in c.items),
            )
            for c in _cluster_items(items)
        ]

    def merge(self, partials: Iterable[tuple[Hashable, list[FusedGroup]]]) -> dict[Hashable, list[FusedGroup]]:
        return dict(sorted(partials, key=lambda p: str(p[0])))


def fuse_groups(
    claims: Iterable[Claim],
    infos: dict[str, ArticleInfo],
    run: Run = run_local,
    stats: dict[str, int] | None = None,
    reach: ReachStage | None = None,
) -> list[FusedGroup]:
    """The groups of `fuse.clusters_with_reasons`, the reaches fused with `run`; sorted by first claim id.

    `stats`, when given, gets the number of reaches, the claims of the largest, the rounds of
    fusion and the claims fused again because a reach met another. `reach` (a `ReachStage` by
    default) makes the first reaches: a coarser one costs rounds, never a different result."""
    items = _items(claims, infos)
    # The reaches are found here: a claim goes to some fifty partitions of the reach stage, and
    # sent to a cluster that many times it cost more than the work (7.7 s on FA-KES against 0.7).
    reaches: list[list[str]] = run_local(reach or ReachStage(), [Whereabouts.of(it) for it in items])
    done: dict[str, list[FusedGroup]] = {}
    rounds = again = 0
    while True:
        rounds += 1
        reach_of = {cid: r[0] for r in reaches for cid in r}
        todo = [it for it in items if reach_of[it.claim.id] not in done]
        if todo:
            again += len(todo) if rounds > 1 else 0
            done.update(run(FuseStage(reach_of), todo))
        # an event another reach's claim finds and could join: the two reaches are one, fused again.
        # The claims are indexed by their own cell on the days they look (`probes` is that index's
        # cells around them), so each event's keys are looked up in the cells around it.
        lookers: dict[Key, list[_Item]] = defaultdict(list)
        for it in items:
            for k in looks(it):
                lookers[k].append(it)
        uf = UnionFind()
        for r in reaches:
            uf.union(r)
        joined: set[str] = set()
        for name, groups in done.items():
            for g in groups:
                met: dict[str, _Item] = {}
                for k in g.keys:
                    for cell in _cells_near(k[1]):
                        for it in lookers.get((k[0], cell, *k[2:]), ()):
                            if reach_of[it.claim.id] != name:
                                met.setdefault(it.claim.id, it)
                for it in met.values():
                    if _may_join(it, g):
                        uf.union([name, reach_of[it.claim.id]])
                        joined |= {name, reach_of[it.claim.id]}
        if not joined:
            break
        reaches = uf.groups()
        for r in reaches:
            if joined.intersection(r):
                for cid in r:
                    done.pop(cid, None)
    if stats is not None:
        stats.update(reaches=len(reaches), largest=max(map(len, reaches), default=0), rounds=rounds, fused_again=again)
    return sorted((g for groups in done.values() for g in groups), key=lambda g: min(g.claim_ids))


def grouping(
    run: Run = run_local,
) -> Callable[[list[Claim], dict[str, ArticleInfo]], list[tuple[list[Claim], dict[str, str]]]]:
    """`fuse.fuse_events`'s `group`: the claims grouped by `fuse_groups` with `run`."""

    def group(claims: list[Claim], infos: dict[str, ArticleInfo]) -> list[tuple[list[Claim], dict[str, str]]]:
        by_id = {c.id: c for c in claims}
        return [([by_id[i] for i in g.claim_ids], g.reasons) for g in fuse_groups(claims, infos, run)]

    return group


__all__ = [
    "CELL_DEG",
    "FuseStage",
    "FusedGroup",
    "ReachStage",
    "Whereabouts",
    "fuse_groups",
    "grouping",
    "halo",
    "home",
    "indexed",
    "probes",
]
