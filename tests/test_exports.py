"""Exports: flat CSV columns (a header even with no rows), ACLED's region, and the same counts in the
report, the web app and the exports."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from fogwatch.events.export import ACLED_COLUMNS, EVENT_CSV_COLUMNS, acled_region
from fogwatch.export import CSV_COLUMNS, KINDS, export
from fogwatch.paths import PACKAGE_DIR, corpus_inputs, demo_corpus
from fogwatch.store import Store


def _export(store: Store, kind: str, fmt: str) -> str:
    buf = io.StringIO()
    export(store, kind, fmt, buf)
    return buf.getvalue()


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_csv_with_no_rows_still_has_its_header(kind: str, db: str) -> None:
    store = Store.open(db)
    assert _export(store, kind, "csv").splitlines() == [",".join(CSV_COLUMNS[kind][0])]
    if "acled" in KINDS[kind]:
        assert _export(store, kind, "acled").splitlines() == [",".join(ACLED_COLUMNS)]


def test_acled_regions() -> None:
    assert acled_region("SY") == "Middle East" and acled_region("tr") == "Middle East"
    assert acled_region("UA") == "Europe" and acled_region("RU") == "Europe"
    assert acled_region("SD") == "Northern Africa" and acled_region("SS") == "Eastern Africa"
    assert acled_region("NG") == "Western Africa" and acled_region("CD") == "Middle Africa"
    assert acled_region("AF") == "South Asia" and acled_region("MM") == "Southeast Asia"
    assert acled_region("AZ") == "Caucasus and Central Asia" and acled_region("MX") == "Central America"
    assert acled_region(None) == "" and acled_region("ZZ") == ""
    # every country the gazetteer knows has one
    with (PACKAGE_DIR / "resources" / "gazetteer-countries.csv").open(encoding="utf-8") as fh:
        missing = [r["country"] for r in csv.DictReader(fh) if not acled_region(r["country"])]
    assert missing == []


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Store:
    from fogwatch.run import ingest

    store = Store.open(str(tmp_path_factory.mktemp("exports") / "demo.db"))
    ingest(corpus_inputs(demo_corpus()), store, workers=1)
    return store


@pytest.mark.slow
def test_events_csv_is_flat(demo: Store) -> None:
    events = [json.loads(x) for x in _export(demo, "events", "jsonl").splitlines()]
    rows = list(csv.DictReader(io.StringIO(_export(demo, "events", "csv"))))
    assert rows and list(rows[0]) == EVENT_CSV_COLUMNS and len(rows) == len(events)
    for r, ev in zip(rows, events, strict=True):
        assert not any(v.startswith(("[", "{")) for v in r.values()), r  # no JSON in a cell
        loc, fat = ev["location"], ev["fatalities"]
        assert r["id"] == ev["id"] and r["date"] == (ev["date"] or "")
        if loc:
            assert (float(r["latitude"]), float(r["longitude"])) == (loc["lat"], loc["lon"])
            assert (r["location"], r["admin1"], r["country"]) == (loc["name"], loc["admin1"] or "", loc["country"])
        else:
            assert r["latitude"] == r["longitude"] == ""
        if fat:
            assert [int(r[f"fatalities_{k}"]) for k in ("best", "low", "high")] == [
                fat[k] if fat[k] is not None else fat["best"] for k in ("best", "low", "high")
            ]
        assert r["claim_ids"].split("; ") == ev["claim_ids"]
        assert r["sources"].split("; ") == ev["sources"]
        assert len(r["figures"].split("; ")) == len(ev["figures"]) if ev["figures"] else r["figures"] == ""
    claims = list(csv.DictReader(io.StringIO(_export(demo, "claims", "csv"))))
    assert claims and list(claims[0]) == CSV_COLUMNS["claims"][0]
    assert not any(v.startswith(("[", "{")) for c in claims for v in c.values())
    placed = [c for c in claims if c["latitude"]]
    assert placed and all(-90 <= float(c["latitude"]) <= 90 and c["location"] for c in placed)


@pytest.mark.slow
def test_acled_export_fills_region(demo: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(demo, "events", "acled"))))
    assert rows
    regions = {"Syria": "Middle East", "Turkey": "Middle East", "Russia": "Europe", "": ""}
    assert all(r["region"] == regions[r["country"]] for r in rows)
    assert any(r["region"] == "Middle East" for r in rows)


@pytest.mark.slow
def test_report_web_app_and_exports_count_the_same_claims(demo: Store, tmp_path: Path) -> None:
    from fogwatch.report import summary_report
    from fogwatch.report.situation import build_situation

    claims = [json.loads(x) for x in _export(demo, "claims", "jsonl").splitlines()]
    in_events = sum(len(json.loads(x)["claim_ids"]) for x in _export(demo, "events", "jsonl").splitlines())
    loose = sum(1 for c in claims if c["event_id"] is None)
    assert loose and in_events + loose == len(claims)  # some claims (a denial, an accusation) report no event

    text = summary_report(demo)
    articles = len({c["article_id"] for c in claims})
    assert f"; {len(claims)} claims in {articles} articles" in text
    assert re.search(
        rf"^Events: \d+ from {in_events} claims \(.*\); {loose} more claims? reports? no event$", text, re.M
    )
    sit = build_situation(demo)
    assert sum(r.claims for r in sit.sources) == len(claims)
    from fogwatch.report.markdown import markdown_report

    assert f"{len(claims)} claims in {articles} articles" in markdown_report(sit)

    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from fogwatch.serve.app import create_app

    web = TestClient(create_app(demo)).get("/api/sources").json()["sources"]
    assert sum(r["claims"] for r in web) == len(claims)
