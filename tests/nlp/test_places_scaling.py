"""The indexes that keep place resolution linear in a text's names give what a plain scan gives.

Place resolution once compared every name with every other (a list of thousands of
names took minutes); each index here replaces such a scan, and each test checks it
against the scan it replaced, on generated names and points.
"""

from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fogwatch.model import Location
from fogwatch.nlp.gazetteer import Candidate
from fogwatch.nlp.places import (
    _BOUND,
    _SCAN_POINTS,
    _SCAN_SPREAD_POINTS,
    _distinct_picks,
    _kind,
    _ListKinds,
    _Mention,
    _Nearest,
    _nearest_in_text,
    _scan_nearest,
    _scan_pays,
    _Shares,
    _Weights,
)

_KINDS = [("P", "PPL"), ("P", "PPLA"), ("A", "ADM1"), ("A", "ADM2"), ("A", "PCLI"), ("H", "SEA"), ("L", "RGN")]


def _cand(i: int, lat: float, lon: float, kind: int = 0, precise: bool = True, admin1: str = "01") -> Candidate:
    fclass, fcode = _KINDS[kind % len(_KINDS)]
    return Candidate(i, f"P{i}", lat, lon, "SY", admin1, fclass, fcode, 1000, None, "test", precise)


lat = st.floats(-89.9, 89.9, allow_nan=False)
lon = st.floats(-180, 180, allow_nan=False)


def _brute_nearest(key: str, c: Candidate, points: list[tuple[str, int, float, float, float, str | None, str | None]]):
    """The scan `_proximity_bonus` made before its index: every point, every time."""
    best = math.inf
    coslat = math.cos(math.radians(c.lat))
    for k, pid, plat, plon, cos_p, _, _ in points:
        if k == key or pid == c.id:
            continue
        dlon = abs(plon - c.lon)
        if dlon > 180:
            dlon = 360 - dlon
        best = min(best, 111.2 * math.hypot(plat - c.lat, dlon * (coslat + cos_p) / 2))
    return best


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(lat, lon, st.integers(0, 5)), min_size=1, max_size=60), lat, lon, st.integers(0, 5))
def test_nearest_point_is_the_one_a_scan_finds(points, qlat, qlon, qkey):
    mentions = []
    for i, (a, b, key) in enumerate(points):
        m = _Mention(i * 10, i * 10 + 5, f"N{key}", f"n{key}", (), recog=1.0)
        m.pick = _cand(i, a, b)
        mentions.append(m)
    picks = _distinct_picks(mentions)
    query = _cand(10_000, qlat, qlon)
    assert picks.nearest_km(f"n{qkey}", query) == _brute_nearest(f"n{qkey}", query, picks.points)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(lat, lon, st.integers(0, 5)), min_size=0, max_size=60), lat, lon, st.integers(0, 5))
def test_a_scan_of_few_points_finds_what_the_bands_find(points, qlat, qlon, qkey):
    mentions = []
    for i, (a, b, key) in enumerate(points):
        m = _Mention(i * 10, i * 10 + 5, f"N{key}", f"n{key}", (), recog=1.0)
        m.pick = _cand(i, a, b)
        mentions.append(m)
    picks = _distinct_picks(mentions)
    query = _cand(10_000, qlat, qlon)
    scanned = _scan_nearest(picks.points, f"n{qkey}", query.id, qlat, qlon, math.cos(math.radians(qlat)))
    assert scanned == _brute_nearest(f"n{qkey}", query, picks.points)
    # nearest_km scans a few points and searches the bands of many: the same distance either way
    assert picks.nearest_km(f"n{qkey}", query) == scanned
    assert 0 < _SCAN_POINTS < _SCAN_SPREAD_POINTS < 60


@pytest.mark.parametrize(
    ("points", "bands", "scan"),
    [(0, 0, True), (24, 1, True), (25, 8, False), (25, 9, True), (48, 16, True), (48, 15, False), (49, 49, False)],
)
def test_a_scan_is_chosen_for_few_points_or_points_spread_over_many_bands(points, bands, scan):
    assert _scan_pays(points, bands) is scan


def test_nearest_point_across_the_date_line_and_near_the_poles():
    spots = [(10.0, 179.9), (10.0, -179.9), (89.5, 0.0), (89.5, 179.0), (-60.0, 179.5), (-60.0, -179.5)]
    mentions = []
    for i, (a, b) in enumerate(spots):
        m = _Mention(i * 10, i * 10 + 5, f"N{i}", f"n{i}", (), recog=1.0)
        m.pick = _cand(i, a, b)
        mentions.append(m)
    picks = _distinct_picks(mentions)
    for i, (a, b) in enumerate(spots):
        q = _cand(100 + i, a, b)
        got = picks.nearest_km(f"n{i}", q)
        assert got == _brute_nearest(f"n{i}", q, picks.points)
        assert got < 200  # each spot has a neighbour across the date line or round the pole
    assert 0 < _BOUND < 1


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 6), st.booleans(), st.sampled_from(["01", "02"])), min_size=1, max_size=40),
    st.data(),
)
def test_nearest_name_in_text_is_the_one_a_scan_finds(specs, data):
    mentions = []
    for i, (kind, precise, admin1) in enumerate(specs):
        m = _Mention(i * 7, i * 7 + data.draw(st.integers(1, 6)), "X", f"k{i}", (), recog=1.0)
        if data.draw(st.booleans()):
            m.pick = _cand(i, 35.0 + i / 100, 36.0, kind, precise, admin1)
        mentions.append(m)
    nearest = _Nearest(mentions)
    assert nearest.disjoint
    for m in mentions:
        assert nearest.find(m) == _nearest_in_text(m, mentions)
        if m.pick is not None:
            division = (m.pick.country, m.pick.admin1)
            same = [o for o in mentions if o.pick is not None and (o.pick.country, o.pick.admin1) == division]
            assert nearest.find(m, division) == _nearest_in_text(m, same)


def test_overlapping_names_are_scanned():
    a = _Mention(0, 10, "A", "a", (), recog=1.0)
    b = _Mention(5, 8, "B", "b", (), recog=1.0)
    b.pick = _cand(1, 35.0, 36.0)
    c = _Mention(20, 25, "C", "c", (), recog=1.0)
    nearest = _Nearest([a, b, c])
    assert not nearest.disjoint
    assert nearest.find(c) == _nearest_in_text(c, [a, b, c]) == b.pick


def _brute_list_kind(i: int, mentions: list[_Mention], members: list[int]) -> str | None:
    """What each name learnt of its list before: a count over the other names, first named first."""
    kinds: Counter[str] = Counter()
    for k in members:
        if k != i and (kd := _kind(mentions[k].pick)) is not None:
            kinds[kd] += 1
    return kinds.most_common(1)[0][0] if kinds else None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(-1, 6), min_size=2, max_size=30), st.lists(st.tuples(st.integers(0, 29), st.integers(-1, 6)))
)
def test_list_kinds_follow_changing_readings(kinds, changes):
    mentions = []
    for i, kd in enumerate(kinds):
        m = _Mention(i * 5, i * 5 + 3, "X", f"k{i}", (), recog=1.0, listed=0)
        m.pick = _cand(i, 0.0, 0.0, kd) if kd >= 0 else None
        mentions.append(m)
    members = list(range(len(mentions)))
    lists = _ListKinds(mentions, [members])
    lists.count()
    for at, kd in changes:
        i = at % len(mentions)
        mentions[i].pick = _cand(i, 0.0, 0.0, kd) if kd >= 0 else None
        lists.moved(i)
        for j in members:
            assert lists.kind_of_others(j) == _brute_list_kind(j, mentions, members)


def _brute_shares(weights: dict[str, float], key: str | None, less: float) -> dict[str, float]:
    """The table copy `_Focus.without` made for each name before."""
    adjusted = dict(weights)
    if key is not None and key in adjusted:
        adjusted[key] -= less
    kept = {k: v for k, v in adjusted.items() if v > 1e-9}
    total = sum(kept.values()) or 1.0
    return {k: v / total for k, v in kept.items()}


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from("ABCDEFG"), st.floats(0, 5, allow_nan=False), max_size=7),
    st.sampled_from("ABCDEFGH"),
    st.floats(0, 5, allow_nan=False),
)
def test_shares_without_a_name_are_the_copied_table(weights, key, less):
    shares = _Shares(_Weights(weights), key, less)
    want = _brute_shares(weights, key, less)
    for k in "ABCDEFGH":
        assert math.isclose(shares.get(k, -1.0), want.get(k, -1.0), rel_tol=1e-12, abs_tol=1e-12)
    assert math.isclose(shares.largest(), max(want.values(), default=0.0), rel_tol=1e-12, abs_tol=1e-12)
    plain = _Shares(_Weights(weights))
    assert plain.get("A") == _brute_shares(weights, None, 0.0).get("A", 0.0)  # no name taken out: exactly


def test_event_places_of_a_long_list_are_each_place_once():
    from fogwatch.events.arguments import _same_place, _SeenPlaces

    locs = [Location(name=f"P{i % 50}", lat=35 + (i % 70) * 0.0007, lon=36.0) for i in range(400)]
    seen, kept = _SeenPlaces(), []
    for loc in locs:
        if not seen.holds(loc):
            seen.add(loc)
            kept.append(loc)
    brute: list[Location] = []
    for loc in locs:
        if not any(_same_place(o, loc) for o in brute):
            brute.append(loc)
    assert kept == brute
