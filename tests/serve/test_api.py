"""The JSON API over the demo corpus: filters, event detail, articles, stories, sources, schema."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from fogwatch.geo import haversine_km
from fogwatch.report.scope import ReportFilter, keep, resolve_place
from fogwatch.serve import data, is_loopback
from fogwatch.serve.app import safe_href
from fogwatch.serve.data import segments
from fogwatch.store import Store
from fogwatch.store.claims import read_events
from tests.serve.conftest import DemoFacts


def events(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["count"] == len(body["events"])
    return list(body["events"])


def test_all_events_listed(demo_client: TestClient) -> None:
    found = events(demo_client)
    assert len(found) >= 10
    assert {"id", "date", "event_type", "location", "fatalities", "status", "sources"} <= set(found[0])
    assert any(e["status"] == "contested" for e in found)


def test_filter_by_type(demo_client: TestClient) -> None:
    found = events(demo_client, type="Battles")
    assert found and all(e["event_type"] == "Battles" for e in found)
    assert events(demo_client, type="No such type") == []


def test_filter_by_actor_is_a_case_insensitive_substring(demo_client: TestClient) -> None:
    found = events(demo_client, actor="TURKEY")
    assert found
    for e in found:
        names = " ".join(x or "" for x in (e["actor1"], e["actor2"], *e["assoc_actors"])).lower()
        assert "turkey" in names


def test_filter_by_place_and_radius(demo_client: TestClient) -> None:
    near = events(demo_client, place="Saraqib", radius_km=15)
    assert near
    for e in near:
        assert haversine_km(35.862, 36.806, e["location"]["lat"], e["location"]["lon"]) <= 15.5
    wide = events(demo_client, place="35.862,36.806", radius_km=400)
    assert len(wide) >= len(near)
    r = demo_client.get("/api/events", params={"place": "Qxzvbrq Lwmpt"})  # ("Atlantis" is a town in the gazetteer)
    assert r.status_code == 404


@pytest.mark.parametrize(
    ("place", "said"),
    [
        ("nan,nan", "coordinates must be finite numbers"),
        ("inf,36.8", "coordinates must be finite numbers"),
        ("95,36.8", "latitude 95 is outside -90 to 90"),
        ("35.8,-190", "longitude -190 is outside -180 to 180"),
    ],
)
def test_place_that_is_no_point_on_earth_is_refused(demo_client: TestClient, place: str, said: str) -> None:
    # Never read as a place name: "nan,nan" would otherwise find a town called Nan.
    r = demo_client.get("/api/events", params={"place": place})
    assert r.status_code == 422
    assert said in r.json()["detail"]


def test_filter_by_source_certainty_and_dates(demo_client: TestClient) -> None:
    src = events(demo_client, source="Levant Monitor")
    assert src and all("Levant Monitor" in e["sources"] for e in src)
    denied = events(demo_client, certainty="denied")
    assert denied and len(denied) < len(events(demo_client))
    day = events(demo_client, **{"from": "2020-02-27", "to": "2020-02-27"})
    assert day and all(e["date"] == "2020-02-27" for e in day)
    assert demo_client.get("/api/events", params={"certainty": "maybe"}).status_code == 422
    assert demo_client.get("/api/events", params={"from": "27/02/2020"}).status_code == 422


def test_event_detail_groups_claims_by_source(demo_client: TestClient) -> None:
    contested = [e for e in events(demo_client) if e["status"] == "contested"]
    ev = max(contested, key=lambda e: len(e["claim_ids"]))
    r = demo_client.get(f"/api/events/{ev['id']}")
    assert r.status_code == 200
    body = r.json()
    groups = body["claims_by_source"]
    assert len(groups) >= 2
    # Every claim is there once: shown, or folded into a copy of the same sentence ("also in").
    seen = [c["id"] for g in groups for c in g["claims"]]
    folded = [o["claim_id"] for g in groups for c in g["claims"] for o in c["also_in"]]
    assert sorted(seen + folded) == sorted(body["claim_ids"])
    for g in groups:
        for c in g["claims"]:
            assert c["article"]["site"] == g["source"]
            assert c["context"]["claim"] == c["text"]
            assert "".join(s["text"] for s in c["context"]["claim_segments"]) == c["text"]
    assert body["figures"] and all({"source", "best"} <= set(f) for f in body["figures"])
    assert body["independent_sources"] >= 1
    assert demo_client.get("/api/events/nope").status_code == 404


def test_article_has_removed_spans_and_mentions(demo_client: TestClient) -> None:
    ev = events(demo_client)[0]
    r = demo_client.get(f"/api/articles/{ev['article_ids'][0]}")
    assert r.status_code == 200
    art = r.json()
    assert art["removed"] and art["mentions"] and art["claims"]
    for s in art["removed"]:
        assert art["raw"][s["start"] : s["end"]] == s["text"]
    for m in art["mentions"]:
        assert art["text"][m["start"] : m["end"]] == m["text"]
    assert demo_client.get("/api/articles/nope").status_code == 404


def test_story_with_copies_and_sources(demo_client: TestClient) -> None:
    sources = demo_client.get("/api/sources").json()["sources"]
    copiers = [s for s in sources if s["copies_from"]]
    assert copiers, "the demo corpus has syndicated copies"
    assert {s["site"] for s in sources} >= {"Levant Monitor", "Frontline Dispatch"}
    found = None
    for e in events(demo_client):
        for sid in e["story_ids"]:
            st = demo_client.get(f"/api/stories/{sid}").json()
            if len(st["copies"]) > 1:
                found = st
                break
        if found:
            break
    assert found is not None
    assert found["copies"][0]["canonical"] and found["copies"][0]["id"] == found["canonical_id"]
    assert demo_client.get("/api/stories/nope").status_code == 404


def test_openapi_schema_and_offline_docs(demo_client: TestClient) -> None:
    schema = demo_client.get("/api/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/articles/{article_id}", "/api/stories/{story_id}"} <= set(
        schema["paths"]
    )
    docs = demo_client.get("/api/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "http" not in docs.text.split("<body>")[1], "the docs page must not load anything from another host"


def test_read_only(demo_client: TestClient) -> None:
    ev = events(demo_client)[0]
    for method in ("post", "put", "delete", "patch"):
        r = getattr(demo_client, method)(f"/api/events/{ev['id']}")
        assert r.status_code == 405


def test_security_headers(demo_client: TestClient) -> None:
    r = demo_client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_head_is_answered_wherever_get_is(demo_client: TestClient) -> None:
    ev = events(demo_client)[0]
    for url in (
        "/",
        "/sources",
        f"/events/{ev['id']}",
        f"/articles/{ev['article_ids'][0]}",
        f"/stories/{ev['story_ids'][0]}",
        "/api/events?type=Battles",
        f"/api/events/{ev['id']}",
        "/api/facets",
        "/api/openapi.json",
        "/api/docs",
        "/static/map.js",
        "/events/nope",
        "/api/events/nope",
    ):
        got, head = demo_client.get(url), demo_client.head(url)
        assert head.status_code == got.status_code, url
        assert head.content == b"", url
        assert head.headers["content-type"] == got.headers["content-type"], url
        assert head.headers["content-length"] == str(len(got.content)), url
        assert head.headers["content-security-policy"] == got.headers["content-security-policy"], url


def test_pages_render(demo_client: TestClient) -> None:
    ev = max(events(demo_client), key=lambda e: len(e["claim_ids"]))
    for url in (
        "/",
        "/sources",
        f"/events/{ev['id']}",
        f"/articles/{ev['article_ids'][0]}",
        f"/stories/{ev['story_ids'][0]}",
    ):
        r = demo_client.get(url)
        assert r.status_code == 200, url
        assert "text/html" in r.headers["content-type"]
    assert demo_client.get("/events/nope").status_code == 404


def test_host_header_checked_on_loopback(demo_store: Any) -> None:
    from fogwatch.serve.app import create_app

    client = TestClient(create_app(demo_store, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://127.0.0.1")
    assert client.get("/api/sources").status_code == 200
    assert client.get("/api/sources", headers={"host": "evil.example"}).status_code == 400


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>1</script>", False),
        ("/work/corpus/file.md", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_href(url: str | None, ok: bool) -> None:
    assert (safe_href(url) is not None) is ok


@pytest.mark.parametrize(
    ("host", "loop"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False), ("192.168.1.4", False)],
)
def test_is_loopback(host: str, loop: bool) -> None:
    assert is_loopback(host) is loop


def test_segments_cover_text_once() -> None:
    text = "Shelling hit Saraqib on Monday."
    spans = [{"start": 0, "end": 30, "cls": "claim"}, {"start": 13, "end": 20, "cls": "place"}]
    segs = segments(text, spans)
    assert "".join(s.text for s in segs) == text
    place = next(s for s in segs if s.text == "Saraqib")
    assert {m["cls"] for m in place.marks} == {"claim", "place"}


def test_online_tiles_allowed_only_when_asked(demo_store: Any) -> None:
    from fogwatch.serve.app import OSM_TILES, create_app

    offline = TestClient(create_app(demo_store)).get("/")
    assert OSM_TILES not in offline.headers["content-security-policy"]
    assert 'data-online-tiles="no"' in offline.text
    online = TestClient(create_app(demo_store, online_tiles=True)).get("/")
    assert OSM_TILES in online.headers["content-security-policy"]
    assert 'data-online-tiles="yes"' in online.text


def test_kafr_nouran_story_is_copied_across_three_sites(demo_facts: DemoFacts) -> None:
    story = demo_facts.kafr_nouran_story
    original, *copies = story["copies"]
    assert original["canonical"] and original["relation"] == "original" and original["site"] == "Frontline Dispatch"
    assert {c["site"] for c in copies} == {"Global Conflict Wire", "Multipolar Review"}
    assert all(c["relation"] != "original" and c["original_site"] == "Frontline Dispatch" for c in copies)
    assert story["independent_sources"] == 1, "copies of one report are one source"


def test_contested_event_carries_each_sources_toll(demo_facts: DemoFacts) -> None:
    ev = demo_facts.contested
    assert ev["status"] == "contested"
    tolls = {f["best"] for f in ev["figures"]}
    assert len(tolls) >= 2
    for f in ev["figures"]:
        assert any(outlet in f["source"] for outlet in ev["sources"]), f["source"]
        assert set(f["claim_ids"]) <= set(ev["claim_ids"])
    assert ev["fatalities"] is not None and min(tolls) <= ev["fatalities"]["best"] <= max(tolls)


def test_story_by_id(demo_store: Any, demo_facts: DemoFacts) -> None:
    from fogwatch.stories.read import story_by_id

    expected = demo_facts.kafr_nouran_story
    story = story_by_id(demo_store, expected["id"])
    assert story is not None
    assert story.canonical_id == expected["canonical_id"]
    assert [m.article_id for m in story.members] == [c["id"] for c in expected["copies"]]
    assert story_by_id(demo_store, "no-such-story") is None


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def test_copies_of_one_sentence_are_shown_once_with_also_in(demo_client: TestClient, demo_facts: DemoFacts) -> None:
    # The Kafr Nouran story is Frontline Dispatch's, reposted by two sites: its sentences are claims
    # in three articles, and the event page shows each once, under the original, "also in" the copies.
    story = demo_facts.kafr_nouran_story
    original = story["canonical_id"]
    copies = {c["id"]: c["site"] for c in story["copies"] if c["id"] != original}
    folded_any = False
    for e in events(demo_client):
        if original not in e["article_ids"]:
            continue
        body = demo_client.get(f"/api/events/{e['id']}").json()
        shown = [c for g in body["claims_by_source"] for c in g["claims"]]
        texts = [_normal(c["text"]) for c in shown]
        assert len(texts) == len(set(texts)), "no sentence is shown twice"
        for c in shown:
            for o in c["also_in"]:
                folded_any = True
                assert o["article"]["id"] != c["article"]["id"]
                if c["article"]["id"] == original:
                    assert copies.get(o["article"]["id"]) == o["site"]
        # The event's articles: the copies are folded under the original too.
        leads = [g["article"]["id"] for g in body["article_groups"]]
        assert not set(leads) & set(copies) or original not in body["article_ids"]
        for g in body["article_groups"]:
            if g["article"]["id"] == original:
                assert {a["id"] for a in g["also_in"]} == set(copies) & set(body["article_ids"])
    assert folded_any, "some Kafr Nouran sentence is carried by a copy"


def test_stories_are_named_by_their_headline(demo_client: TestClient, demo_facts: DemoFacts) -> None:
    story = demo_facts.kafr_nouran_story
    assert story["headline"] == story["copies"][0]["title"]
    assert "Kafr Nouran" in story["headline"]
    page = demo_client.get(f"/stories/{story['id']}").text
    assert f"<title>{story['headline']} · fogwatch</title>" in page
    assert story["id"] not in page.split("<main>")[1].split("<table")[0], "the hash is not the page's name"
    ev = next(e for e in events(demo_client) if story["id"] in e["story_ids"])
    detail = demo_client.get(f"/api/events/{ev['id']}").json()
    assert {"id": story["id"], "headline": story["headline"]} in detail["stories"]


def test_claims_carry_their_loaded_language(demo_client: TestClient) -> None:
    flagged = []
    for e in events(demo_client):
        body = demo_client.get(f"/api/events/{e['id']}").json()
        for g in body["claims_by_source"]:
            for c in g["claims"]:
                if c["flags"]:
                    flagged.append(c)
                    marked = [s for s in c["context"]["claim_segments"] if s["labels"]]
                    assert marked
                    words = {f["text"] for f in c["flagged"]}
                    assert all(any(s["text"] in w for w in words) for s in marked)  # flags may overlap
    assert flagged, "the demo corpus's partisan outlets use loaded language ('liberated', 'terrorists')"
    c = flagged[0]
    art = demo_client.get(f"/api/articles/{c['article']['id']}").json()
    mine = next(x for x in art["claims"] if x["id"] == c["id"])
    assert mine["flags"] == c["flags"]
    assert "".join(s["text"] for s in mine["segments"]) == mine["text"]


def _demo_place_names(store: Store) -> list[str]:
    names: set[str] = set()
    with store.engine.connect() as conn:
        for ev in read_events(conn):
            if ev.location is not None:
                names.update(n for n in (ev.location.name, ev.location.admin1) if n)
    return sorted(names)


def test_the_map_and_the_report_pick_the_same_place_for_a_name(demo_store: Store, demo_client: TestClient) -> None:
    # "Idlib" is a town and a province among the demo's events (the map took the first event in the
    # province, the report the town); "Kafr Nabl" is another spelling of an event's place and
    # "Ariha" is in no event (the map read the bundled CSVs, the report the gazetteer).
    names = [*_demo_place_names(demo_store), "Idlib", "idlib", "Kafr Nabl", "Ariha", "35.93,36.63"]
    assert len(names) > 10
    with demo_store.engine.connect() as conn:
        all_events = read_events(conn)
        for name in names:
            place = resolve_place(conn, name)
            assert data.resolve_place(conn, name) == (place.lat, place.lon), name
            for radius in (5.0, 30.0):
                report_ids = {e.id for e in all_events if keep(e, ReportFilter(near=name, radius_km=radius), place)}
                map_ids = {e["id"] for e in events(demo_client, place=name, radius_km=radius)}
                assert map_ids == report_ids, (name, radius)
    # the town, not the province's first event (Saraqib, 23 km away)
    with demo_store.engine.connect() as conn:
        idlib = resolve_place(conn, "Idlib")
    assert idlib.found_in == "events" and haversine_km(idlib.lat, idlib.lon, 35.93, 36.63) < 2
