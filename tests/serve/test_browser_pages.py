"""The event, article, story, sources and API docs pages in headless Chromium, and the XSS corpus there.

Screenshots of the main pages land outside the source tree (see the `shot` fixture); the README's
pictures are made by `make screenshots`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.serve.conftest import DemoFacts, Tab

GROUPS_JS = """groups => groups.map(g => ({
  source: g.dataset.source,
  heading: g.querySelector("h3").innerText,
  claims: [...g.querySelectorAll(".claim")].map(c => ({
    id: c.dataset.claimId,
    sentence: c.querySelector("mark.claim-sentence").innerText,
    speaker: c.querySelector(".speaker").innerText,
    href: c.querySelector(".claim-source a").getAttribute("href"),
  })),
}))"""


def open_event_from_map(tab: Tab, server: str, event_id: str) -> Any:
    page = tab.page
    page.goto(server + "/")
    page.wait_for_selector("body[data-loaded=yes]")
    page.click(f"#event-list tr[data-event-id='{event_id}'] a")
    page.wait_for_selector("article.event")
    return page


def test_event_page_groups_claims_by_source(
    tab: Tab, demo_server: str, demo_facts: DemoFacts, shot: Callable[[Any, str], Any]
) -> None:
    ev = demo_facts.contested
    page = open_event_from_map(tab, demo_server, ev["id"])
    assert page.url.endswith(f"/events/{ev['id']}")
    assert page.inner_text("#event-status") == "contested"
    assert page.inner_text("#independent-sources") == str(ev["independent_sources"])

    # Read the groups in one call (a call per element adds up).
    groups = page.eval_on_selector_all(".source-group", GROUPS_JS)
    assert [g["source"] for g in groups] == [g["source"] for g in ev["claims_by_source"]]
    assert len(groups) >= 2, "a contested event is told by more than one outlet"
    for shown, group in zip(groups, ev["claims_by_source"], strict=True):
        assert group["source"] in shown["heading"]
        assert [c["id"] for c in shown["claims"]] == [c["id"] for c in group["claims"]]
        for seen, claim in zip(shown["claims"], group["claims"], strict=True):
            # The claim's own sentence is highlighted inside its paragraph.
            assert seen["sentence"].strip() == claim["text"].strip()
            assert seen["speaker"] == claim["speaker"]
            assert seen["href"].startswith(f"/articles/{claim['article']['id']}?claim=")

    # Fatalities per source: the differing tolls sit side by side.
    rows = page.eval_on_selector_all(
        "#figures tbody tr", "rows => rows.map(r => [...r.cells].slice(0, 2).map(c => c.innerText))"
    )
    assert rows == [[f["source"], str(f["best"])] for f in ev["figures"]]
    assert len({toll for _, toll in rows}) >= 2
    shot(page, "event")


def test_article_page_marks_claim_mentions_and_boilerplate(
    tab: Tab, demo_server: str, demo_client: TestClient, demo_facts: DemoFacts, shot: Callable[[Any, str], Any]
) -> None:
    claim = demo_facts.contested["claims_by_source"][0]["claims"][0]
    page = tab.page
    page.goto(f"{demo_server}/events/{demo_facts.contested['id']}")
    page.click(f"#claim-{claim['id']} .claim-source a")
    page.wait_for_selector("article.article")
    art = demo_client.get(f"/api/articles/{claim['article']['id']}").json()
    assert page.inner_text("#article-title") == (art["title"] or "(no title)")

    # The claim followed from the event page is the one picked out.
    focus = page.query_selector_all("#clean-text mark.m-focus")
    assert focus and "".join(m.inner_text() for m in focus).strip() == claim["text"].strip()
    assert page.evaluate("location.hash") == f"#claim-{claim['id']}"

    # Boilerplate removed from the page as fetched is struck through, exactly the removed spans.
    assert art["removed"], "the demo articles come with navigation and footer text to remove"
    covered = sorted({i for r in art["removed"] for i in range(r["start"], r["end"])})
    struck = page.query_selector_all("#raw-text del.m-removed")
    assert "".join(d.text_content() for d in struck) == "".join(art["raw"][i] for i in covered)
    assert "line-through" in struck[0].evaluate("d => getComputedStyle(d).textDecorationLine")
    assert page.query_selector("#clean-text del") is None

    # Mentions are marked in the clean text, each kind in its own colour.
    kinds = {m["kind"] for m in art["mentions"]}
    assert {"place", "date"} <= kinds
    for kind in kinds:
        assert page.query_selector(f"#clean-text mark.m-{kind}") is not None, kind
    place = next(m for m in art["mentions"] if m["kind"] == "place")
    titles = [m.get_attribute("title") for m in page.query_selector_all("#clean-text mark.m-place")]
    assert any(t and t.startswith("place:") for t in titles), titles
    assert place["text"] in page.inner_text("#clean-text")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "article")


def test_story_page_lists_copies(
    tab: Tab, demo_server: str, demo_facts: DemoFacts, shot: Callable[[Any, str], Any]
) -> None:
    story = demo_facts.kafr_nouran_story
    page = tab.page
    # From the original article's page to its story.
    page.goto(f"{demo_server}/articles/{story['canonical_id']}")
    page.click("a[href^='/stories/']")
    page.wait_for_selector("#copies")
    assert page.url.endswith(f"/stories/{story['id']}")

    # Named by its headline (the original's title), not by its id.
    headline = story["copies"][0]["title"]
    assert page.inner_text("#story-headline") == headline
    assert page.title() == f"{headline} · fogwatch"
    assert story["id"] not in page.inner_text("main h1, main .meta")

    rows = page.query_selector_all("#copies tbody tr")
    assert len(rows) == len(story["copies"]) == 3
    sites = [r.query_selector("td:nth-child(2)").inner_text() for r in rows]
    assert set(sites) == {"Frontline Dispatch", "Global Conflict Wire", "Multipolar Review"}
    canonical = page.query_selector_all("#copies tr.canonical")
    assert len(canonical) == 1 and "Frontline Dispatch" in canonical[0].inner_text()
    relations = [r.query_selector("td:nth-child(4)").inner_text() for r in rows]
    assert relations[0] == "original" and all(r != "original" for r in relations[1:])
    assert "3 sites" in page.inner_text(".meta")
    shot(page, "story")

    # Each copy opens its article.
    page.click("#copies tbody tr:nth-child(2) a")
    page.wait_for_selector("article.article")
    assert page.url.endswith(f"/articles/{story['copies'][1]['id']}")


def test_sources_page_shows_who_copies_whom(tab: Tab, demo_server: str) -> None:
    page = tab.page
    page.goto(demo_server + "/sources")
    rows = {
        r.query_selector("td").inner_text(): r.query_selector("td:nth-child(5)").inner_text()
        for r in page.query_selector_all("#sources tbody tr")
    }
    assert {"Frontline Dispatch", "Levant Monitor", "Global Conflict Wire", "Multipolar Review"} <= set(rows)
    # Global Conflict Wire reposts both syndicated stories; Multipolar Review reposts Frontline Dispatch's.
    assert "Frontline Dispatch" in rows["Global Conflict Wire"] and "Levant Monitor" in rows["Global Conflict Wire"]
    assert "Frontline Dispatch" in rows["Multipolar Review"]
    # Each outlet links to the map filtered to its events.
    assert page.get_attribute("#sources a:text-is('Multipolar Review')", "href") == "/?source=Multipolar%20Review"


# an event's marker (a spread cluster's legs are paths too, with no fill)
MARKER = '#map .leaflet-overlay-pane path.leaflet-interactive:not([fill="none"])'


def test_hostile_text_never_runs(open_tab: Callable[..., Tab], xss_server: str, xss_client: TestClient) -> None:
    # Without the Content Security Policy, so the test checks the escaping itself, not the safety net.
    tab = open_tab(bypass_csp=True)
    page = tab.page
    ev = xss_client.get("/api/events").json()["events"][0]
    page.goto(xss_server + "/")
    page.wait_for_selector("body[data-loaded=yes]")
    page.wait_for_selector("#map path.leaflet-interactive, #map .type-cluster")
    for _ in range(6):
        # the hostile article's events share a town: open their cluster (zoom in, then spread) first
        if page.query_selector(MARKER):
            break
        page.click("#map .type-cluster")
        page.wait_for_timeout(800)
    page.click(MARKER, force=True)
    page.wait_for_selector(".leaflet-popup-content .popup")
    assert "<svg" in page.inner_text(".leaflet-popup-content")  # shown as text
    assert "<svg" in page.inner_text("#event-list")
    assert page.evaluate("document.querySelectorAll('#event-list *:is(img, svg, iframe, script)').length") == 0
    assert page.evaluate("document.querySelectorAll('.leaflet-popup-content *:is(img, svg, iframe)').length") == 0
    claim = xss_client.get(f"/api/events/{ev['id']}").json()["claims_by_source"][0]["claims"][0]
    for url in (
        f"/events/{ev['id']}",
        f"/articles/{ev['article_ids'][0]}",
        f"/articles/{ev['article_ids'][0]}?claim={claim['id']}",
        f"/stories/{ev['story_ids'][0]}",
        "/sources",
        "/events/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ):
        page.goto(xss_server + url)
        page.wait_for_load_state("load")
        assert page.evaluate("document.querySelectorAll('img, svg, iframe').length") == 0, url
        scripts = page.evaluate("[...document.scripts].map(s => s.getAttribute('src'))")
        assert all(s and s.startswith("/static/") for s in scripts), (url, scripts)
    # The open_tab fixture fails the test if any alert() ran.


def test_api_docs_work_offline(tab: Tab, demo_server: str) -> None:
    page = tab.page
    page.goto(demo_server + "/api/docs")
    page.get_by_text("/api/events/{event_id}", exact=True).first.wait_for()
    assert any(u.endswith("/static/vendor/swagger-ui/swagger-ui-bundle.js") for u in tab.requests)
    assert any(u.endswith("/api/openapi.json") for u in tab.requests)


def test_the_offline_guard_catches_outside_requests(tab: Tab) -> None:
    # The guard every browser test runs under: a request to another host is aborted and recorded.
    page = tab.page
    page.goto("about:blank")
    failed = page.evaluate("fetch('http://example.org/x.png').then(() => false, () => true)")
    assert failed
    assert tab.outside == ["http://example.org/x.png"]
    tab.outside.clear()
    tab.requests.clear()


def test_event_page_marks_loaded_language_and_shows_copies_once(
    tab: Tab, demo_server: str, demo_client: TestClient, demo_facts: DemoFacts
) -> None:
    story = demo_facts.kafr_nouran_story
    events = [e for e in demo_facts.events if story["canonical_id"] in e["article_ids"]]
    detail = max(
        (demo_client.get(f"/api/events/{e['id']}").json() for e in events),
        key=lambda d: sum(len(c["also_in"]) for g in d["claims_by_source"] for c in g["claims"]),
    )
    page = tab.page
    page.goto(f"{demo_server}/events/{detail['id']}")
    page.wait_for_selector("article.event")

    # Each sentence once: the copies' outlets are named under it, linking to their articles.
    sentences = page.eval_on_selector_all(".claim mark.claim-sentence", "ms => ms.map(m => m.innerText.trim())")
    assert len(sentences) == len(set(sentences))
    folded = [o for g in detail["claims_by_source"] for c in g["claims"] for o in c["also_in"]]
    assert folded
    links = page.eval_on_selector_all(
        ".claim .also-in a", "as => as.map(a => [a.dataset.claimId, a.innerText, a.getAttribute('href')])"
    )
    assert sorted(x[0] for x in links) == sorted(o["claim_id"] for o in folded)
    for claim_id, site, href in links:
        o = next(o for o in folded if o["claim_id"] == claim_id)
        assert site == o["site"] and href.startswith(f"/articles/{o['article']['id']}?claim=")
    # The event's articles: one line per story, its copies named on it.
    lines = page.eval_on_selector_all("#articles > li", "ls => ls.map(l => l.innerText)")
    assert len(lines) == len(detail["article_groups"]) < len(detail["articles"])
    assert any("also in" in line for line in lines)
    # Stories by headline.
    assert page.inner_text("#stories").count("Kafr Nouran") >= 1

    # Loaded language: visible, on the words flagged.
    flagged = [c for g in detail["claims_by_source"] for c in g["claims"] if c["flagged"]]
    assert flagged, "Frontline Dispatch's Kafr Nouran story calls the offensive a liberation"
    c = flagged[0]
    marks = page.eval_on_selector_all(
        f"#claim-{c['id']} mark.claim-sentence mark.flag",
        "ms => ms.map(m => [m.innerText, m.title, getComputedStyle(m).backgroundColor])",
    )
    assert marks and all(any(text in f["text"] for f in c["flagged"]) for text, _, _ in marks)
    assert all(title and bg not in ("rgba(0, 0, 0, 0)", "transparent") for _, title, bg in marks)
    assert page.is_visible(f"#claim-{c['id']} p.flags")
    assert c["flagged"][0]["text"] in page.inner_text(f"#claim-{c['id']} p.flags")


def test_article_page_marks_loaded_language(
    tab: Tab, demo_server: str, demo_client: TestClient, demo_facts: DemoFacts
) -> None:
    story = demo_facts.kafr_nouran_story
    art = demo_client.get(f"/api/articles/{story['canonical_id']}").json()
    words = {art["text"][f["start"] : f["end"]] for c in art["claims"] for f in c["flags"]}
    assert words, "the original Kafr Nouran article carries loaded language ('liberated', 'terrorists')"
    page = tab.page
    page.goto(f"{demo_server}/articles/{story['canonical_id']}")
    page.wait_for_selector("article.article")
    marked = "".join(page.eval_on_selector_all("#clean-text mark.m-flag", "ms => ms.map(m => m.textContent)"))
    assert all(w in marked for w in words), (words, marked)
    assert page.is_visible("#clean-text mark.m-flag")
    cells = page.eval_on_selector_all("#claims td mark.flag", "ms => ms.map(m => m.textContent)")
    assert cells and all(any(cell in w for w in words) for cell in cells)
    assert "loaded language" in page.inner_text(".legend-inline")
