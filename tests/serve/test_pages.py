"""The server-rendered pages over the whole demo database: no table column that is always empty,
stories named by their headline, copies folded, loaded language marked."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from fastapi.testclient import TestClient

from fogwatch.store import Store


class Tables(HTMLParser):
    """Each table's header cells and body rows, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, Any]] = []
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append({"id": dict(attrs).get("id"), "head": [], "rows": []})
        elif tag == "thead":
            self._in_head = True
        elif tag == "tbody":
            self._in_head = False
        elif tag == "tr" and self.tables and not self._in_head:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.tables:
            text = " ".join("".join(self._cell).split())
            if self._in_head:
                self.tables[-1]["head"].append(text)
            else:
                self.tables[-1]["rows"][-1].append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def empty_columns(html: str) -> list[str]:
    """ "table#id: column" for every column no row of a table fills."""
    parser = Tables()
    parser.feed(html)
    out = []
    for t in parser.tables:
        rows = [r for r in t["rows"] if r]
        if not rows:
            continue  # filled in by the page's script (the map's list): the browser tests check it
        for i, name in enumerate(t["head"]):
            if all(i >= len(r) or not r[i] for r in rows):
                out.append(f"table#{t['id']}: {name}")
    return out


def every_page(store: Store, client: TestClient) -> list[str]:
    from fogwatch.stories.read import stories

    events = client.get("/api/events").json()["events"]
    urls = ["/", "/sources"]
    urls += [f"/events/{e['id']}" for e in events]
    urls += sorted({f"/articles/{a}" for e in events for a in e["article_ids"]})
    urls += [f"/stories/{st.id}" for st in stories(store)]
    return urls


def test_no_column_is_always_empty(demo_store: Store, demo_client: TestClient) -> None:
    problems = []
    for url in every_page(demo_store, demo_client):
        r = demo_client.get(url)
        assert r.status_code == 200, url
        problems += [f"{url} {p}" for p in empty_columns(r.text)]
    assert not problems, problems


def test_the_range_column_is_there_only_when_a_source_gives_a_range(demo_client: TestClient) -> None:
    for e in demo_client.get("/api/events").json()["events"]:
        ranged = any(f["low"] is not None and f["high"] is not None and f["low"] != f["high"] for f in e["figures"])
        page = demo_client.get(f"/events/{e['id']}").text
        assert ("<th>Range given</th>" in page) is ranged, e["id"]


def test_an_empty_column_is_found() -> None:
    # The checker itself: a column with nothing in it is reported, one filled once is not.
    html = (
        '<table id="t"><thead><tr><th>A</th><th>Range</th><th>C</th></tr></thead>'
        "<tbody><tr><td>1</td><td></td><td></td></tr><tr><td>2</td><td> </td><td>x</td></tr></tbody></table>"
    )
    assert empty_columns(html) == ["table#t: Range"]


def test_event_page_marks_loaded_language_and_folds_copies(demo_client: TestClient) -> None:
    marked = folded = 0
    for e in demo_client.get("/api/events").json()["events"]:
        detail = demo_client.get(f"/api/events/{e['id']}").json()
        page = demo_client.get(f"/events/{e['id']}").text
        for g in detail["claims_by_source"]:
            for c in g["claims"]:
                if c["flagged"]:
                    marked += 1
                    assert '<p class="flags">Flagged wording: ' in page
                for o in c["also_in"]:
                    folded += 1
                    assert f'data-claim-id="{o["claim_id"]}"' in page
                    assert f'id="claim-{o["claim_id"]}"' not in page, "a copy's sentence is not shown again"
        for s in detail["stories"]:
            assert f">{s['headline']}</a>" in page.replace("&#39;", "'")
    assert marked and folded


def test_html_report_has_no_empty_column_and_marks_loaded_language(demo_store: Store) -> None:
    from fogwatch.report import build_situation, render

    html = render(demo_store, build_situation(demo_store), "html")
    assert not empty_columns(html)
    assert '<mark class="flag" title="' in html
    assert "Flagged wording: " in html


def test_event_page_says_why_its_claims_are_one_event(demo_client: TestClient) -> None:
    events = demo_client.get("/api/events").json()["events"]
    ev = max(events, key=lambda e: len(e["claim_ids"]))
    assert len(ev["joins"]) == len(ev["claim_ids"]) - 1
    page = demo_client.get(f"/events/{ev['id']}").text
    assert "Why these claims are one event" in page
    first = ev["joins"][0].split(": ", 1)[0]
    # the claim is on the page: shown, or listed under the sentence it copies ("also in ...")
    assert f'href="#claim-{first}"' in page
    assert f'id="claim-{first}"' in page or f'data-claim-id="{first}"' in page
