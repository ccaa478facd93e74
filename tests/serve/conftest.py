"""Databases, servers and a browser for the web app tests: the demo corpus, and a corpus of XSS payloads.

Tests assert on structure and on facts the demo corpus was written to hold (examples/corpus/README.md),
never on how many events extraction finds today: that number changes as extraction improves.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

pytest.importorskip("fastapi", reason="the web app needs the serve extra: pip install 'fogwatch[serve]'")

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from fogwatch.ingest import discover
from fogwatch.paths import corpus_inputs, demo_corpus
from fogwatch.run import ingest, ingest_inputs
from fogwatch.serve.app import create_app
from fogwatch.store import Store, schema

CHROMIUM = os.environ.get("FOGWATCH_CHROMIUM", "/usr/bin/chromium")
# Name resolution fails for every host but 127.0.0.1, so even a request the page guard missed
# (from the browser itself rather than a page) cannot reach the network.
CHROMIUM_ARGS = ["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]

# Facts the demo corpus was written to hold.
OUTLETS = {"Frontline Dispatch", "Levant Monitor", "Global Conflict Wire", "Multipolar Review"}
KAFR_NOURAN_SITES = {"Frontline Dispatch", "Global Conflict Wire", "Multipolar Review"}  # story A: original + 2 copies

# Each payload carries a marker so a test can tell which one ran, if any did.
PAYLOADS = {
    "title": '<script>alert("xss-title")</script> Drones strike Saraqib "><img src=x onerror=alert("xss-title-img")>',
    "site": '<script>alert("xss-site")</script>Evil Wire',
    "source": "javascript:alert('xss-url')",
    "speaker": '"><img src=x onerror=alert("xss-speaker")>',
    "actor": "<svg/onload=alert('xss-actor')>",
    "place": '<iframe src="javascript:alert(`xss-place`)"></iframe>',
    "notes": "</textarea><script>alert('xss-notes')</script>",
}
BODY = (
    "Turkish drones struck Saraqib in Idlib on 27 February 2020, killing 12 soldiers, the "
    "<script>alert('xss-body1')</script> Defence Ministry said.\n\n"
    "\"><img src=x onerror=alert('xss-body2')> Syrian government forces shelled the town of Saraqib "
    "on Thursday, killing 4 civilians, activists said.\n\n"
    "<svg/onload=alert('xss-body3')> <a href=\"javascript:alert('xss-body4')\">link</a> Local residents said "
    "the fighting went on into the night near Saraqib."
)


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The bundled demo corpus, ingested end to end once per test session."""
    path = tmp_path_factory.mktemp("serve-demo") / "demo.db"
    store = Store.open(str(path))
    ingest(corpus_inputs(demo_corpus()), store, workers=2)
    yield store
    store.close()


@pytest.fixture(scope="session")
def xss_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One hostile article ingested normally, then its stored fields overwritten with payloads
    (extraction would not copy a payload into an actor or place name, but a crafted database could)."""
    root = tmp_path_factory.mktemp("serve-xss")
    src = root / "hostile.jsonl"
    row = {"url": PAYLOADS["source"], "site": PAYLOADS["site"], "title": PAYLOADS["title"], "published": "2020-02-27"}
    src.write_text(json.dumps({**row, "text": BODY}) + "\n", encoding="utf-8")
    store = Store.open(str(root / "xss.db"))
    ingest_inputs(list(discover([str(src)])), store, workers=1)
    e, c, a = schema.events, schema.claims, schema.articles
    with store.engine.begin() as conn:
        conn.execute(update(a).values(source=PAYLOADS["source"], site=PAYLOADS["site"], title=PAYLOADS["title"]))
        conn.execute(update(c).values(speaker=PAYLOADS["speaker"], cue=PAYLOADS["speaker"]))
        for ev_id, loc in conn.execute(select(e.c.id, e.c.location)).all():
            conn.execute(
                update(e)
                .where(e.c.id == ev_id)
                .values(
                    actor1=PAYLOADS["actor"],
                    actor2=PAYLOADS["speaker"],
                    assoc_actors=[PAYLOADS["actor"]],
                    location={**(loc or {"lat": 35.86, "lon": 36.8}), "name": PAYLOADS["place"]},
                    sources=[PAYLOADS["site"]],
                    notes=PAYLOADS["notes"],
                    sub_event_type=PAYLOADS["title"],
                )
            )
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_client(demo_store: Store) -> TestClient:
    return TestClient(create_app(demo_store))


@pytest.fixture(scope="session")
def xss_client(xss_store: Store) -> TestClient:
    return TestClient(create_app(xss_store))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_server(store: Store, online_tiles: bool = False) -> Iterator[str]:
    """A real uvicorn server on 127.0.0.1 and a free port, in a thread, for the browser."""
    import uvicorn

    port = free_port()
    app = create_app(store, online_tiles=online_tiles, allowed_hosts=["127.0.0.1", "localhost"])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def demo_server(demo_store: Store) -> Iterator[str]:
    yield from run_server(demo_store)


@pytest.fixture(scope="session")
def xss_server(xss_store: Store) -> Iterator[str]:
    yield from run_server(xss_store)


# --- demo facts ----------------------------------------------------------------------------------


@dataclass(slots=True)
class DemoFacts:
    """What the tests look for in the demo database, found through the API rather than hard-coded."""

    events: list[dict[str, Any]]
    kafr_nouran_story: dict[str, Any]
    contested: dict[str, Any]  # a contested event's detail, with different tolls from different sources

    def ids(self, events: list[dict[str, Any]] | None = None) -> set[str]:
        return {e["id"] for e in (self.events if events is None else events)}


@pytest.fixture(scope="session")
def demo_facts(demo_store: Store, demo_client: TestClient) -> DemoFacts:
    from fogwatch.stories.read import stories

    events = demo_client.get("/api/events").json()["events"]
    # Stories straight from the store, so finding this one does not depend on event extraction.
    copied = [demo_client.get(f"/api/stories/{st.id}").json() for st in stories(demo_store, min_size=2)]
    kafr = [
        st
        for st in copied
        if {c["site"] for c in st["copies"]} == KAFR_NOURAN_SITES
        and any("Kafr Nouran" in (c["title"] or "") for c in st["copies"])
    ]
    assert len(kafr) == 1, "the demo corpus has one Kafr Nouran story, copied from Frontline Dispatch twice"

    best = most_contested(demo_client, events)
    assert len({f["best"] for f in best["figures"]}) >= 2, (
        "a contested demo event carries different tolls from different sources"
    )
    return DemoFacts(events, kafr[0], best)


def most_contested(client: TestClient, events: list[dict[str, Any]]) -> dict[str, Any]:
    """The contested event whose sources disagree most: the most different tolls, then sources, then claims."""

    def disagreement(detail: dict[str, Any]) -> tuple[int, int, int]:
        tolls = {f["best"] for f in detail["figures"]}
        return (len(tolls), len(detail["claims_by_source"]), len(detail["claim_ids"]))

    contested = [client.get(f"/api/events/{e['id']}").json() for e in events if e["status"] == "contested"]
    assert contested, "the demo corpus has contested events"
    return max(contested, key=disagreement)


# --- the browser -----------------------------------------------------------------------------------


def on_loopback(url: str) -> bool:
    """True for a URL this machine answers itself: 127.0.0.1, or data:, blob: and about: URLs."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or (
        parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == "127.0.0.1"
    )


@dataclass
class Tab:
    """A browser page and what it did: requests that tried to leave the machine, dialogs, CSP errors."""

    page: Any
    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (no browser download), skipped where it is missing."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")
    from fogwatch.serve.vendor import missing

    why = None
    if not Path(CHROMIUM).exists():
        why = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium, or set FOGWATCH_CHROMIUM)"
    elif missing():
        why = "browser libraries not vendored: run `make serve-assets` (npm ci + python -m fogwatch.serve.vendor)"
    if why:
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def open_tab(browser: Any) -> Iterator[Callable[..., Tab]]:
    """Open pages at 1280x800. Any request to a host other than 127.0.0.1 is aborted and fails the test;
    so do dialogs (an alert is how an XSS payload would show) and Content Security Policy violations."""
    tabs: list[tuple[Any, Tab]] = []

    def open_(bypass_csp: bool = False) -> Tab:
        ctx = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=bypass_csp)
        tab = Tab(ctx.new_page())
        tab.page.set_default_timeout(10_000)

        def route(r: Any) -> None:
            if on_loopback(r.request.url):
                r.continue_()
            else:
                tab.outside.append(r.request.url)
                r.abort()

        ctx.route("**/*", route)
        ctx.on("request", lambda req: tab.requests.append(req.url))
        tab.page.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
        tab.page.on("pageerror", lambda e: tab.errors.append(f"page error: {e}"))
        tab.page.on(
            "console",
            lambda m: tab.errors.append(m.text) if m.type == "error" and "Content Security Policy" in m.text else None,
        )
        tabs.append((ctx, tab))
        return tab

    yield open_
    for ctx, tab in tabs:
        ctx.close()
        assert not tab.outside, f"requests left the machine: {tab.outside}"
        assert all(on_loopback(u) for u in tab.requests), tab.requests
        assert not tab.dialogs, f"a dialog opened (a payload ran?): {tab.dialogs}"
        assert not tab.errors, tab.errors


@pytest.fixture
def tab(open_tab: Callable[..., Tab]) -> Tab:
    return open_tab()


@pytest.fixture(scope="session")
def shot(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Any, str], Path]:
    """Save a screenshot of the viewport, to look at when a test fails, outside the source tree: in
    $FOGWATCH_SCREENSHOTS, or pytest's temporary directory (the path is in the test's output). The
    README's pictures are made on purpose, by `make screenshots`, never by a test run."""
    where = os.environ.get("FOGWATCH_SCREENSHOTS")
    root = Path(where) if where else tmp_path_factory.mktemp("screenshots", numbered=False)

    def save(page: Any, name: str) -> Path:
        root.mkdir(parents=True, exist_ok=True)
        path = root / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)
        print(f"screenshot: {path}")
        return path

    return save
