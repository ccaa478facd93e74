"""Hostile article text comes out inert: every page and every API answer over the XSS corpus."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from fastapi.testclient import TestClient
from starlette.routing import Route

from tests.serve.conftest import PAYLOADS

SAFE_TAGS = {
    "html", "head", "meta", "title", "link", "body", "header", "nav", "main", "footer", "a", "p", "h1", "h2", "h3",
    "code", "form", "label", "select", "option", "input", "button", "div", "table", "thead", "tbody", "tr", "th", "td",
    "script", "article", "section", "dl", "dt", "dd", "span", "strong", "em", "blockquote", "mark", "del", "ul", "li",
}  # fmt: skip


class Tags(HTMLParser):
    """Collects every element and attribute of a page, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_inert(html: str) -> str:
    """No element, handler, script or link the templates did not write themselves; returns the page text."""
    page = Tags()
    page.feed(html)
    for tag, attrs in page.tags:
        assert tag in SAFE_TAGS, f"unexpected <{tag}> {attrs}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler on <{tag}>: {name}={value}"
            if name in ("href", "src", "action"):
                v = (value or "").strip().lower()
                assert v.startswith(("/", "#", "?", "http://", "https://")), f"<{tag} {name}={value}>"
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/"), f"inline or foreign script: {attrs}"
    return "".join(page.text)


def test_xss_corpus_really_holds_payloads(xss_client: TestClient) -> None:
    body = xss_client.get("/api/events").json()
    assert body["count"] >= 1
    ev = body["events"][0]
    assert ev["actor1"] == PAYLOADS["actor"]
    assert ev["location"]["name"] == PAYLOADS["place"]


def xss_urls(client: TestClient) -> dict[str, list[str]]:
    """Every GET route of the app (by its path template) -> URLs that show the XSS corpus through it."""
    ev = client.get("/api/events").json()["events"][0]
    detail = client.get(f"/api/events/{ev['id']}").json()
    claim = detail["claims_by_source"][0]["claims"][0]["id"]
    aid, sid = ev["article_ids"][0], ev["story_ids"][0]
    return {
        # pages
        "/": ["/", "/?actor=%3Cscript%3Ealert(1)%3C%2Fscript%3E"],
        "/sources": ["/sources"],
        "/events/{event_id}": [f"/events/{ev['id']}"],
        "/articles/{article_id}": [f"/articles/{aid}", f"/articles/{aid}?claim={claim}"],
        "/stories/{story_id}": [f"/stories/{sid}"],
        "/api/docs": ["/api/docs"],
        # JSON
        "/api/events": ["/api/events", "/api/events?actor=svg"],
        "/api/events/{event_id}": [f"/api/events/{ev['id']}"],
        "/api/articles/{article_id}": [f"/api/articles/{aid}"],
        "/api/stories/{story_id}": [f"/api/stories/{sid}"],
        "/api/sources": ["/api/sources"],
        "/api/facets": ["/api/facets"],
        "/api/places": ["/api/places?south=35&west=36&north=36.5&east=37.5&zoom=9"],
        "/api/openapi.json": ["/api/openapi.json"],
        # nothing
        "/favicon.ico": ["/favicon.ico"],
    }


def get_routes(client: TestClient) -> set[str]:
    app: Any = client.app
    return {r.path for r in app.routes if isinstance(r, Route) and "GET" in (r.methods or ())}


def test_every_route_is_in_the_xss_suite(xss_client: TestClient) -> None:
    # A new route fails this test until it is added to xss_urls, and so checked below.
    assert set(xss_urls(xss_client)) == get_routes(xss_client)


def test_every_page_escapes_payloads(xss_client: TestClient) -> None:
    shown = ""
    for route, urls in xss_urls(xss_client).items():
        for url in urls:
            r = xss_client.get(url)
            assert r.status_code in (200, 204), url
            kind = r.headers.get("content-type", "")
            assert r.headers["x-content-type-options"] == "nosniff", url
            assert "script-src 'self'" in r.headers["content-security-policy"], url
            if kind.startswith("text/html"):
                shown += assert_inert(r.text)
            elif r.status_code == 200:
                assert kind.startswith("application/json"), (url, kind)
                r.json()
            else:
                assert route == "/favicon.ico" and not r.content
    # The payloads are shown as text, so a reader sees what the source wrote.
    for key in ("title", "site", "speaker", "actor", "place", "notes"):
        assert PAYLOADS[key] in shown, key
    assert "<script>alert('xss-body1')</script>" in shown


def test_api_carries_payloads_as_data(xss_client: TestClient) -> None:
    ev = xss_client.get("/api/events").json()["events"][0]
    assert ev["actor1"] == PAYLOADS["actor"]
    art = xss_client.get(f"/api/articles/{ev['article_ids'][0]}").json()
    assert art["title"] == PAYLOADS["title"] and art["source"] == PAYLOADS["source"]
    assert "<script>alert('xss-body1')</script>" in art["text"]


def test_javascript_url_is_not_a_link(xss_client: TestClient) -> None:
    aid = xss_client.get("/api/events").json()["events"][0]["article_ids"][0]
    html = xss_client.get(f"/articles/{aid}").text
    assert 'id="source-link"' not in html
    assert 'id="source-text"' in html


def test_injection_in_query_parameters_is_data(xss_client: TestClient) -> None:
    for value in ("' OR 1=1 --", "Battles'; DROP TABLE events; --"):
        r = xss_client.get("/api/events", params={"type": value, "source": value, "actor": value})
        assert r.status_code == 200 and r.json()["count"] == 0
    assert xss_client.get("/api/events").json()["count"] >= 1
    r = xss_client.get("/events/<script>alert(1)</script>")
    assert r.status_code == 404
    assert_inert(r.text)
