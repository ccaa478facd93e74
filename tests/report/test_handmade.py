"""The report on a small database built by hand, where every figure is known."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.report import build_situation, make_filter, remember, render
from fogwatch.report.markdown import markdown_report
from fogwatch.report.svg import map_svg
from tests.report.conftest import PAYLOADS, Handmade, add_news


def _report(cli: CliRunner, db: Path, *args: str) -> str:
    res = cli.invoke(app, ["report", "--db", str(db), *args])
    assert res.exit_code == 0, res.output
    return res.output


def _section(text: str, head: str) -> str:
    """The lines of one section of the text report: from its heading to the next blank line."""
    start = text.index("\n" + head) + 1
    end = text.find("\n\n", start)
    return text[start : end if end > 0 else None]


def test_text_report_sections(cli: CliRunner, handmade: Handmade) -> None:
    out = _report(cli, handmade.path)
    assert "Situation: 3 events, 2023-05-02 to 2023-05-06" in out
    assert "Fatalities: 10 (conservative" in out and "its sources give up to 25" in out
    assert "Status:     2 contested, 1 single-source" in out
    assert "Sources:    3 outlets, 2 independent; 6 claims in 3 articles" in out
    assert re.search(r"Battles +1 +6 killed +\(Armed clash 1\)", out)
    assert "Events: 3 from 6 claims (2 contested, 1 single-source)" in out
    days = _section(out, "Events:")
    assert days.index("2 May 2023") < days.index("5 May 2023") < days.index("6 May 2023")
    assert "Shelling/artillery/missile attack at Brenna, Lowland; 4 killed  [contested]" in days
    places = _section(out, "By place:")
    assert "Tolvik, Lowland" in places and "Ostrov, Upland" in places
    contested = _section(out, "Contested:")
    assert "the regional council (official, via North Ledger): says 4 killed" in contested
    assert "The army (party, via North Ledger): says 19 killed" in contested
    assert "(also in Echo Daily)" in contested  # the copy's identical statement is shown once
    assert "The defence ministry (party, via Harbour Post): disputes or denies" in contested
    assert "[denied, 'denied'] The defence ministry denied" in contested
    sources = _section(out, "Sources:")
    assert re.search(r"North Ledger .*\(copied by Echo Daily\)", sources)
    assert re.search(r"Echo Daily .*\(carries stories of North Ledger\)", sources)
    assert 'North Ledger\'s story "Shelling hits Brenna market" (2023-05-03) copied by Echo Daily' in sources
    assert "Rejected inputs: none" in out


def test_markdown_puts_contested_tolls_side_by_side(handmade: Handmade) -> None:
    md = markdown_report(build_situation(handmade.open()))
    assert md.startswith("# Situation report\n")
    for head in ("## Headline", "## Events by day", "## By place", "## Contested claims", "## Sources"):
        assert head in md
    block = md[md.index("### 2 May 2023: Shelling") : md.index("### 5 May 2023: Armed clash")]
    rows = [r for r in block.splitlines() if r.startswith("| ") and "Outlet" not in r]
    assert len(rows) == 2
    assert rows[0].startswith("| North Ledger, Echo Daily | the regional council (official) | 4 | attributed: said |")
    assert rows[1].startswith("| North Ledger | The army (party) | 19 (party) | disputed: said |")
    assert (
        "- **North Ledger**: “Shelling hits Brenna market” (2023-05-03), copied by Echo Daily (exact copy, 1.00)" in md
    )


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> Tags:
    p = Tags()
    p.feed(page)
    return p


def test_html_has_map_timeline_and_voices_side_by_side(handmade: Handmade) -> None:
    page = render(handmade.open(), build_situation(handmade.open()), "html")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'class="map"' in page and 'class="timeline"' in page
    assert page.count('<circle class="dot"') == 3
    timeline = page[page.index('class="timeline"') :]
    assert timeline.count("<rect x=") == 3  # three days with one event each
    first = page[page.index('<article class="contested">') :]
    first = first[: first.index("</article>")]
    voices = re.findall(r'<div class="voice[^"]*"><div class="toll">([^<]+)</div><div class="who">([^<]+?) ?<', first)
    assert voices == [("4 killed", "the regional council"), ("19 killed", "The army")]
    assert "also in Echo Daily" in first
    assert "Echo Daily (exact copy, 1.00)" in page


def test_map_without_outlines_is_a_labelled_frame(handmade: Handmade) -> None:
    sit = build_situation(handmade.open())
    plain = map_svg(sit.events, countries=None)
    assert not plain.outlines and 'class="land"' not in plain.svg
    assert "°N" in plain.svg and "°E" in plain.svg  # graticule labels
    for name in ("Brenna", "Tolvik", "Ostrov"):
        assert f">{name}</text>" in plain.svg


@pytest.mark.parametrize(
    ("args", "events"),
    [
        (["--type", "PROTESTS"], ["Peaceful protest at Ostrov"]),
        (["--type", "armed clash"], ["Armed clash at Tolvik"]),
        (["--since", "2023-05-05"], ["Armed clash at Tolvik", "Peaceful protest at Ostrov"]),
        (["--until", "2023-05-04"], ["Shelling/artillery/missile attack at Brenna"]),
        (
            ["--near", "Brenna", "--radius", "60"],
            ["Shelling/artillery/missile attack at Brenna", "Armed clash at Tolvik"],
        ),
        (["--near", "48.5,35", "--radius", "10"], ["Shelling/artillery/missile attack at Brenna"]),
        (["--near", "upland"], ["Peaceful protest at Ostrov"]),  # a province the events name
        (["--since", "2023-05-01", "--near", "Tolvik", "--type", "Battles"], ["Armed clash at Tolvik"]),
    ],
)
def test_filters_apply_to_every_section(cli: CliRunner, handmade: Handmade, args: list[str], events: list[str]) -> None:
    out = _report(cli, handmade.path, "--no-record", *args)
    assert out.count("[contested]") + out.count("[single-source]") == len(events)
    for ev in events:
        assert ev in out
    assert "Articles:" not in out and "Rejected inputs" not in out  # database-wide parts give way to a summary line
    assert f"in scope: {len(events)} event" in out
    sources = _section(out, "Sources:")
    if not any("Brenna" in e for e in events):
        assert "North Ledger" not in sources and "Echo Daily" not in sources and "copied by" not in sources
        assert "North Ledger" not in out
    if not any("Tolvik" in e or "Ostrov" in e for e in events):
        assert "Harbour Post" not in out


def test_filters_with_nothing_in_scope(cli: CliRunner, handmade: Handmade) -> None:
    out = _report(cli, handmade.path, "--no-record", "--since", "2024-01-01")
    assert "Events: none in scope (from 2024-01-01) of the 3 events" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "05/03/2023"], "--since '05/03/2023' is not a date; give it as YYYY-MM-DD"),
        (["--type", "skirmish"], "--type 'skirmish' is not an ACLED event type or sub-event type"),
        (["--near", "Qxzvbrq Lwmpt"], "--near 'Qxzvbrq Lwmpt': no such place"),
        (["--radius", "5"], "--radius needs --near PLACE"),
        (["--format", "pdf"], "--format 'pdf' is not one of: text, md, html"),
        # Two numbers that are no point on the Earth are refused, never looked up as a name ("Nan").
        (["--near", "nan,nan"], "--near 'nan,nan': coordinates must be finite numbers"),
        (["--near", "inf,35"], "--near 'inf,35': coordinates must be finite numbers"),
        (["--near", "48.5,-infinity"], "coordinates must be finite numbers"),
        (["--near", "95,35"], "--near '95,35': latitude 95 is outside -90 to 90"),
        (["--near", "135.2,48.5"], "latitude 135.2 is outside -90 to 90 (lon,lat? fogwatch reads lat first)"),
        (["--near", "48.5,200"], "--near '48.5,200': longitude 200 is outside -180 to 180"),
    ],
)
def test_bad_input_exits_2_with_a_message(cli: CliRunner, handmade: Handmade, args: list[str], message: str) -> None:
    res = cli.invoke(app, ["report", "--db", str(handmade.path), *args])
    assert res.exit_code == 2, res.output
    assert message in " ".join(res.output.split()) and "Traceback" not in res.output


def test_new_since_the_last_report(cli: CliRunner, handmade: Handmade) -> None:
    first = _report(cli, handmade.path)
    assert "New since the last report: no earlier report of this database" in first
    second = _section(_report(cli, handmade.path), "New since the last report")
    assert re.fullmatch(
        r"New since the last report \(report 1 of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\): nothing", second
    )
    add_news(handmade.open())
    third = _section(_report(cli, handmade.path, "--no-record"), "New since the last report")
    assert "(report 2 of" in third
    assert "2 new claims in 2 events (1 new, 1 with more reporting)" in third
    assert (
        "8 May 2023  Air/drone strike at Brenna, Lowland; 2 killed  [single-source; new event from Harbour Post]"
        in third
    )
    assert "5 May 2023  Armed clash at Tolvik, Lowland; 6 killed  [contested; 1 new claim from Harbour Post]" in third
    assert "Shelling" not in third
    again = _section(_report(cli, handmade.path), "New since the last report")  # --no-record left it new
    assert "(report 2 of" in again and "2 new claims in 2 events" in again
    assert _section(_report(cli, handmade.path), "New since the last report").endswith(": nothing")


def test_a_filtered_report_remembers_only_what_it_covered(handmade: Handmade) -> None:
    store = handmade.open()
    remember(store, build_situation(store, make_filter(type="Protests")), "md")
    sit = build_situation(store)
    assert sit.last is not None and sit.last.filters["type"] == "Protests" and sit.last.claims == 1
    assert [x.event.id for x in sit.new_events()] == ["e1", "e2"]
    md = markdown_report(sit)
    assert "Last report: report 1 of" in md and "(Protests only)" in md
    assert "| new event |" in md


def test_output_file_and_formats(cli: CliRunner, handmade: Handmade, tmp_path: Path) -> None:
    target = tmp_path / "sitrep.html"
    res = cli.invoke(app, ["report", "--db", str(handmade.path), "--format", "html", "--output", str(target)])
    assert res.exit_code == 0 and "wrote the report (3 events)" in res.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    md = _report(cli, handmade.path, "--format", "markdown", "--no-record")
    assert md.startswith("# Situation report")


# --- hostile text -----------------------------------------------------------------------

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "section", "article", "h1", "h2",
    "h3", "p", "b", "code", "span", "div", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "figure",
    "figcaption", "blockquote", "details", "summary", "svg", "g", "path", "rect", "circle", "line", "text",
    "clippath", "mark",
}  # fmt: skip


def test_html_escapes_every_scraped_text(hostile: Handmade) -> None:
    store = hostile.open()
    page = render(store, build_situation(store), "html")
    parsed = _parse(page)
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "href", "srcdoc", "action", "formaction"), (tag, name)
            assert "javascript:" not in (value or "").lower()
    text = "".join(parsed.text)
    for field, payload in PAYLOADS.items():
        assert payload in text, field  # each payload is shown, as text
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_markdown_escapes_markup(hostile: Handmade) -> None:
    md = markdown_report(build_situation(hostile.open()))
    assert re.search(r"(?<!\\)[<>]", md) is None  # every angle bracket is escaped
    assert r"\<script\>alert('sentence')\</script\> Artillery" in md
    assert r"\<iframe src=\"javascript" not in md and r"\<iframe src=" in md


def test_a_toll_only_a_party_gives_is_counted_apart(cli: CliRunner, handmade: Handmade) -> None:
    from sqlalchemy import select, update

    from fogwatch.store import Store, schema

    store = Store.open(str(handmade.path))
    e = schema.events
    with store.engine.begin() as conn:
        rows = conn.execute(select(e.c.id, e.c.fatalities).where(e.c.fatalities.is_not(None))).all()
        ev_id, fat = next((r.id, r.fatalities) for r in rows if r.fatalities and r.fatalities.get("best"))
        conn.execute(update(e).where(e.c.id == ev_id).values(fatalities={**fat, "by_party": True}))
    store.close()
    out = _report(cli, handmade.path)
    assert f"Fatalities: {10 - fat['best']} (conservative" in out
    assert f"parties to the fighting alone claim {fat['best']} more in 1 event" in out
