"""The report and the Parquet exports on the demo corpus, run through the whole pipeline.

Extraction is improving while these tests stand, so they check the report against the database
it reads (counts, places, tolls, copies) rather than pinning the corpus's numbers.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.geo import haversine_km
from fogwatch.model import Event
from fogwatch.report import build_situation, make_filter, render
from fogwatch.report import words as w
from fogwatch.report.atlas import ATLAS
from fogwatch.report.scope import event_period
from fogwatch.store import Store
from fogwatch.store.claims import read_events
from tests.report.conftest import Demo

pytestmark = pytest.mark.slow


def _events(db: str) -> list[Event]:
    with Store.open(db, create=False).engine.connect() as conn:
        return read_events(conn)


def _report(cli: CliRunner, db: str, *args: str) -> str:
    res = cli.invoke(app, ["report", "--db", db, *args])
    assert res.exit_code == 0, res.output
    return res.output


def test_text_report_on_the_demo(cli: CliRunner, demo: Demo, tmp_path: Path) -> None:
    db = demo.copy(tmp_path)
    events = _events(db)
    out = _report(cli, db)
    assert re.search(r"^Stories: \d+ from 16 articles; \d+ with copies", out, re.M)  # the database part stays
    assert f"Situation: {len(events)} events" in out
    contested = sum(1 for e in events if e.status == "contested")
    assert re.search(rf"^Events: {len(events)} from \d+ claims \(.*{contested} contested", out, re.M)
    assert f"Contested: {contested} events whose sources disagree" in out
    assert "death tolls by source:" in out
    outlets = sorted({s for e in events for s in e.sources})
    assert f"Sources: {len(outlets)} outlets" in out
    sources = out[out.index("\nSources:") :]
    for outlet in outlets:
        assert f"\n  {outlet} " in sources
    assert "Frontline Dispatch's story" in sources and "copied by" in sources
    assert "Rejected inputs: none" in out


def test_html_on_the_demo(demo: Demo, tmp_path: Path) -> None:
    store = Store.open(demo.copy(tmp_path), create=False)
    sit = build_situation(store)
    page = render(store, sit, "html")
    placed = [e for e in sit.events if e.location]
    outside = re.search(r"Not on the map, far from the rest: ([^.]*)\.", page)
    off_map = sum(int(n) for n in re.findall(r"\((\d+)\)", outside.group(1))) if outside else 0
    assert page.count('<circle class="dot"') + off_map == len(placed)
    assert 'class="timeline"' in page and page.count("<rect x=") > 5
    assert page.count('<article class="contested">') == sum(1 for e in sit.events if e.status == "contested")
    if ATLAS.is_file():
        assert page.count('<path class="land"') >= 2  # Syria and its neighbours
        assert ">SYRIA</text>" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing to fetch
    blocks = page.split('<article class="contested">')[1:]
    for (_ev, voices), block in zip(sit.contested(), blocks, strict=True):
        for v in voices:
            if v.figure is not None:  # every toll stands in its event's block, beside the others
                assert f'<div class="toll">{w.figure(v.figure)} killed</div>' in block


def test_markdown_on_the_demo_shows_each_sources_toll(demo: Demo, tmp_path: Path) -> None:
    store = Store.open(demo.copy(tmp_path), create=False)
    sit = build_situation(store)
    md = render(store, sit, "md")
    section = md[md.index("## Contested claims") : md.index("## New since the last report")]
    blocks = section.split("\n### ")[1:]
    for (ev, voices), block in zip(sit.contested(), blocks, strict=True):
        assert block.startswith(f"{w.when(ev)}: {ev.sub_event_type}")
        for v in voices:
            if v.figure is not None:
                assert f" | {w.figure(v.figure)} |" in block or f" | {w.figure(v.figure)} (party) |" in block


@pytest.mark.parametrize(
    "args",
    [
        ["--near", "Saraqib", "--radius", "30"],
        ["--type", "battles"],
        ["--type", "air/drone strike"],
        ["--since", "2020-02-16", "--until", "2020-02-23"],
        # (the clashes around al-Nayrab and Saraqib; the clash once found near Kafr Nouran was a false one)
        ["--near", "35.86,36.78", "--radius", "20", "--type", "Armed clash"],
    ],
)
def test_filters_on_the_demo(cli: CliRunner, demo: Demo, tmp_path: Path, args: list[str]) -> None:
    db = demo.copy(tmp_path)
    opts = dict(zip(args[::2], args[1::2], strict=True))
    scope = make_filter(
        opts.get("--since"),
        opts.get("--until"),
        opts.get("--near"),
        float(opts["--radius"]) if "--radius" in opts else None,
        opts.get("--type"),
    )
    store = Store.open(db, create=False)
    sit = build_situation(store, scope)
    assert sit.events
    for ev in sit.events:
        if scope.type:
            assert scope.type in (ev.event_type, ev.sub_event_type)
        if scope.near:
            assert sit.place is not None and ev.location is not None
            assert haversine_km(sit.place.lat, sit.place.lon, ev.location.lat, ev.location.lon) <= scope.radius_km
        if scope.since and scope.until:
            period = event_period(ev)
            assert period is not None and period[0] <= scope.until and period[1] >= scope.since
    left_out = {e.id for e in _events(db)} - {e.id for e in sit.events}
    assert left_out  # every filter here narrows the demo
    scoped_claims = {c for e in sit.events for c in e.claim_ids}
    assert set(sit.claims) == scoped_claims
    assert {r.outlet for r in sit.sources} == {c.article.outlet for c in sit.claims.values()} | {
        s for e in sit.events for s in e.sources
    }
    out = _report(cli, db, "--no-record", *args)
    assert f"in scope: {len(sit.events)} event" in out


def test_new_since_the_last_report_across_two_ingests(cli: CliRunner, demo: Demo, tmp_path: Path) -> None:
    """Report on three outlets, ingest the fourth, report again: what is new comes from the fourth."""
    from fogwatch.ingest import discover
    from fogwatch.run import ingest_inputs

    db = demo.copy(tmp_path, "before")
    first = _report(cli, db)
    assert "no earlier report of this database" in first
    store = Store.open(db, create=False)
    ingest_inputs(list(discover([str(demo.later)])), store, workers=1)
    sit = build_situation(store)
    fresh = [c for c in sit.claims.values() if c.new]
    assert fresh and {c.article.outlet for c in fresh} == {"Multipolar Review"}
    second = _report(cli, db, "--format", "md")
    assert "## New since the last report" in second and "Last report: report 1 of" in second
    new = second[second.index("## New since the last report") : second.index("## Sources")]
    assert f"{len(fresh)} new claim" in new
    assert new.count("| Multipolar Review |") == len(sit.new_events())
    third = _report(cli, db)
    assert re.search(r"New since the last report \(report 2 of [^)]*\): nothing", third)


# --- Parquet --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["events", "claims", "stories", "articles"])
def test_parquet_round_trip(cli: CliRunner, demo: Demo, tmp_path: Path, kind: str) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="Parquet export needs the parquet extra")
    db = demo.copy(tmp_path)
    target = tmp_path / f"{kind}.parquet"
    res = cli.invoke(app, ["export", kind, "--format", "parquet", "--output", str(target), "--db", db])
    assert res.exit_code == 0, res.output
    table = pq.read_table(target)
    rows = [json.loads(x) for x in cli.invoke(app, ["export", kind, "--db", db]).output.splitlines()]
    assert table.num_rows == len(rows) > 0
    assert table.column("id").to_pylist() == [r["id"] for r in rows]
    back = table.to_pylist()
    if kind == "events":
        assert str(table.schema.field("event_date").type) == "date32[day]"
        assert str(table.schema.field("claim_ids").type) == "list<element: string>"
        for r, b in zip(rows, back, strict=True):
            loc, fat = r["location"] or {}, r["fatalities"] or {}
            assert (b["latitude"], b["longitude"], b["location"]) == (loc.get("lat"), loc.get("lon"), loc.get("name"))
            assert b["fatalities"] == fat.get("best") and b["claim_ids"] == r["claim_ids"]
            assert json.loads(b["figures"]) == r["figures"]
            assert (b["event_date"].isoformat() if b["event_date"] else None) == (
                r["date"] if r["date"] and not r["date"].startswith("--") else None
            )
    elif kind == "claims":
        for r, b in zip(rows, back, strict=True):
            assert (b["text"], b["speaker"], b["certainty"], b["start"]) == (
                r["text"], r["speaker"], r["certainty"], r["start"]
            )  # fmt: skip
            assert json.loads(b["report"]) == r["report"] if r["report"] else b["report"] is None
    elif kind == "stories":
        for r, b in zip(rows, back, strict=True):
            assert b["member_ids"] == [m["article_id"] for m in r["members"]] and b["sites"] == r["sites"]
    else:
        for r, b in zip(rows, back, strict=True):
            assert b["text"] == r["text"] and json.loads(b["removed"]) == r["removed"]
            assert (b["published"].isoformat() if b["published"] else None) == r["published"]
    if importlib.util.find_spec("pandas") is not None:  # optional: pyarrow has read the file back above
        import pandas as pd

        frame = pd.read_parquet(target)
        assert len(frame) == len(rows) and list(frame["id"]) == [r["id"] for r in rows]


def test_parquet_needs_an_output_file(cli: CliRunner, demo: Demo, tmp_path: Path) -> None:
    res = cli.invoke(app, ["export", "events", "--format", "parquet", "--db", demo.copy(tmp_path)])
    assert res.exit_code == 2
    assert "parquet is a binary format: give a file to write with --output FILE" in res.output


def test_parquet_without_pyarrow_names_the_extra(
    cli: CliRunner, demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    target = tmp_path / "e.parquet"
    res = cli.invoke(app, ["export", "events", "-f", "parquet", "-o", str(target), "--db", demo.copy(tmp_path)])
    assert res.exit_code == 1
    assert "pip install 'fogwatch[parquet]'" in " ".join(res.output.split())
    assert not target.exists()
