"""Make the README's pictures of the web app, docs/img/map.png and docs/img/event.png, on purpose.

    make screenshots        # or: python -m tests.serve.readme_pictures [OUT_DIR]

It ingests the demo corpus into a temporary database, serves it on 127.0.0.1 and photographs the
map and a contested event in headless Chromium (Debian's, as the browser tests use; set
FOGWATCH_CHROMIUM to use another). The tests never write into
docs/: run this when the web app's look changes, and commit the pictures with that change.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from fogwatch.paths import corpus_inputs, demo_corpus
from fogwatch.run import ingest
from fogwatch.serve.app import create_app
from fogwatch.serve.vendor import missing
from fogwatch.store import Store
from tests.serve.conftest import CHROMIUM, CHROMIUM_ARGS, run_server

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
VIEWPORT = {"width": 1280, "height": 800}
EVENT_VIEWPORT = {"width": 1280, "height": 1000}


def showcase(client: TestClient, events: list[dict[str, Any]]) -> dict[str, Any]:
    """The contested event that shows most of the event page: different tolls side by side, copies of
    one sentence folded into "also in", loaded language marked."""

    def shows(detail: dict[str, Any]) -> tuple[bool, int, int, int]:
        claims = [c for g in detail["claims_by_source"] for c in g["claims"]]
        return (
            any(c["also_in"] for c in claims) and any(c["flagged"] for c in claims),
            len({f["best"] for f in detail["figures"]}),
            sum(bool(c["flagged"]) for c in claims),
            len(detail["claims_by_source"]),
        )

    contested = [client.get(f"/api/events/{e['id']}").json() for e in events if e["status"] == "contested"]
    if not contested:
        raise SystemExit("the demo database has no contested event to show")
    return max(contested, key=shows)


def make_pictures(out: Path = DOCS_IMG) -> list[Path]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"no Chromium at {CHROMIUM}: apt-get install chromium, or set FOGWATCH_CHROMIUM")
    if missing():
        raise SystemExit("browser libraries not vendored: run `make serve-assets` first")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "demo.db"))
        try:
            ingest(corpus_inputs(demo_corpus()), store, workers=2)
            client = TestClient(create_app(store))
            events = client.get("/api/events").json()["events"]
            event = showcase(client, events)
            server = run_server(store)
            base = next(server)
            try:
                with sync_playwright() as pw:
                    browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                    page = browser.new_page(viewport=VIEWPORT)
                    page.goto(base + "/")
                    page.wait_for_selector("body[data-loaded=yes]")
                    page.wait_for_selector("#map[data-labels-settled=yes]", state="attached")
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=str(out / "map.png"))
                    page.set_viewport_size(EVENT_VIEWPORT)
                    page.goto(f"{base}/events/{event['id']}")
                    page.wait_for_selector("article.event")
                    page.screenshot(path=str(out / "event.png"))
                    browser.close()
            finally:
                server.close()
        finally:
            store.close()
    return [out / "map.png", out / "event.png"]


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS_IMG
    for path in make_pictures(out):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
