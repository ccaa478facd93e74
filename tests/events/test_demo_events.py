"""The demo corpus through the whole pipeline: stored claims and fused events, their exports, and
quality floors against the corpus's own gold (our labelled data, so these always run)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from fogwatch.eval.demo_events import evaluate_demo_events, run_pipeline
from fogwatch.events.export import ACLED_COLUMNS
from fogwatch.export import export
from fogwatch.model import CERTAINTIES
from fogwatch.paths import corpus_inputs, demo_corpus
from fogwatch.store import Store

pytestmark = pytest.mark.slow

EVENT_KEYS = [
    "id", "date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2", "assoc_actors", "location",
    "fatalities", "claim_ids", "article_ids", "story_ids", "independent_sources", "status", "notes",
]  # fmt: skip
CLAIM_KEYS = ["id", "article_id", "start", "end", "text", "speaker", "cue", "certainty", "flags", "event_id"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    from fogwatch.run import ingest

    db = tmp_path_factory.mktemp("demo") / "demo.db"
    s = Store.open(str(db))
    ingest(corpus_inputs(demo_corpus()), s, workers=1)
    return s


def _export(store: Store, kind: str, fmt: str) -> str:
    buf = io.StringIO()
    export(store, kind, fmt, buf)
    return buf.getvalue()


def test_events_jsonl_contract(store: Store) -> None:
    rows = [json.loads(x) for x in _export(store, "events", "jsonl").splitlines()]
    assert rows
    claim_ids = {json.loads(x)["id"] for x in _export(store, "claims", "jsonl").splitlines()}
    for r in rows:
        assert list(r)[: len(EVENT_KEYS)] == EVENT_KEYS
        assert r["date"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d|--\d\d-\d\d", r["date"])
        assert r["status"] in ("single-source", "corroborated", "contested")
        assert r["independent_sources"] >= 1 and r["claim_ids"] and set(r["claim_ids"]) <= claim_ids
        if r["location"] is not None:
            assert set(r["location"]) == {"name", "admin1", "country", "lat", "lon", "geo_precision"}
            assert -90 <= r["location"]["lat"] <= 90 and -180 <= r["location"]["lon"] <= 180
        if r["fatalities"] is not None:
            f = r["fatalities"]
            assert set(f) == {"best", "low", "high"}
            assert f["low"] is None or f["low"] <= f["best"]
            assert f["high"] is None or f["best"] <= f["high"]
        assert r["notes"].endswith(f"; {r['status']}.") and "independent source" in r["notes"]


def test_claims_point_back_to_their_text(store: Store) -> None:
    texts = {a.id: a.text for a in store.articles()}
    rows = [json.loads(x) for x in _export(store, "claims", "jsonl").splitlines()]
    assert rows
    for r in rows:
        assert list(r)[: len(CLAIM_KEYS)] == CLAIM_KEYS
        assert r["certainty"] in CERTAINTIES
        assert texts[r["article_id"]][r["start"] : r["end"]] == r["text"]
        if r["speaker_span"]:
            a, b = r["speaker_span"]
            assert texts[r["article_id"]][a:b].strip()
        for f in r["flags"]:
            assert r["start"] <= f["start"] < f["end"] <= r["end"]
        rep = r["report"]
        if rep and rep["location"] and rep["location"]["start"] >= 0:
            loc = rep["location"]
            assert texts[r["article_id"]][loc["start"] : loc["end"]].strip()


def test_acled_csv_has_acled_columns(store: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(store, "events", "acled"))))
    assert rows and list(rows[0]) == ACLED_COLUMNS
    for r in rows:
        assert r["event_type"] and r["sub_event_type"]
        assert int(r["fatalities"]) >= 0
        if r["latitude"]:
            assert -90 <= float(r["latitude"]) <= 90
        assert r["country"] in ("", "Syria", "Turkey", "Russia")


def test_geojson_is_a_feature_collection(store: Store) -> None:
    doc = json.loads(_export(store, "events", "geojson"))
    assert doc["type"] == "FeatureCollection" and doc["features"]
    for f in doc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert f["geometry"]["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
        assert all(not isinstance(v, dict | list) for v in f["properties"].values())


def test_a_contested_event_shows_each_sources_toll(store: Store) -> None:
    rows = [json.loads(x) for x in _export(store, "events", "jsonl").splitlines()]
    contested = [r for r in rows if r["status"] == "contested" and len({f["best"] for f in r["figures"]}) > 1]
    assert contested
    ev = max(contested, key=lambda r: len(r["figures"]))
    # each report's whole toll (its highest neutral figure; a party's figures stand apart), then
    # the lowest of those between reports, as ACLED takes the most conservative figure
    article_of = {
        c["id"]: c["article_id"] for c in (json.loads(x) for x in _export(store, "claims", "jsonl").splitlines())
    }
    neutral: dict[str, int] = {}
    party: list[int] = []
    for f in ev["figures"]:
        if f["by_party"]:
            party.append(f["best"])
        else:
            art = article_of[f["claim_ids"][0]]
            neutral[art] = max(neutral.get(art, 0), f["best"])
    assert ev["fatalities"]["best"] == min([*neutral.values(), *party])
    assert ev["fatalities"]["low"] == min(f["low"] if f["low"] is not None else f["best"] for f in ev["figures"])


def test_report_lists_events_with_tolls_side_by_side(store: Store) -> None:
    from fogwatch.report import summary_report

    text = summary_report(store)
    assert re.search(r"^Events: \d+ from \d+ claims", text, re.M)
    assert "death tolls by source:" in text


# Floors on our own gold: below what the pipeline measures, so a regression fails here.
DEMO_FLOORS: dict[str, float] = {
    "event_recall": 0.95,  # measured 1.0
    # 0.7368 (19 events); it was lowered to 0.56 when battles stopped fusing with strikes and shelling
    # (this corpus's gold, written before, counts the army's shelling of Kafr Nouran as part of its capture)
    "event_precision": 0.71,
    "fatalities_best_exact": 0.69,  # 0.7143 (10 of 14 found events)
    "status_accuracy": 0.69,  # 0.7143
    "claim_recall": 0.85,  # 0.8806
    "claim_certainty_accuracy": 0.89,  # 0.9153
    "claim_speaker_accuracy": 0.84,  # 0.8644
    "non_events_without_event": 0.85,  # 0.88
    # 0.7857 (11 of 14 found events); the Hazano camp strike's striker, Russia, is told only by
    # "observers had tracked a Russian Su-24 jet over the area", which no rule reads
    "actor1_accuracy": 0.75,
}


def test_events_demo_floors() -> None:
    result = evaluate_demo_events(demo_corpus())
    for metric, floor in DEMO_FLOORS.items():
        assert result.metrics[metric] >= floor, f"events-demo {metric} {result.metrics[metric]:.4f} < {floor}"


def test_run_pipeline_is_repeatable(tmp_path: Path) -> None:
    corpus = demo_corpus()
    first, claims1, _ = run_pipeline(corpus, tmp_path / "a.db")
    second, claims2, _ = run_pipeline(corpus, tmp_path / "b.db")

    def key(evs: list[Any]) -> list[tuple[str, str]]:
        return sorted((e.id, e.sub_event_type) for e in evs)

    assert key(first) == key(second)
    assert sorted(c.id for c in claims1) == sorted(c.id for c in claims2)


def test_the_same_corpus_in_another_folder_gives_the_same_events(store: Store, tmp_path: Path) -> None:
    """Article ids hash where a file was read from; the events must not depend on it."""
    import shutil

    from fogwatch.run import ingest

    moved = tmp_path / "somewhere" / "else" / "corpus"
    shutil.copytree(demo_corpus(), moved)
    other = Store.open(str(tmp_path / "moved.db"))
    ingest(corpus_inputs(moved), other, workers=1)

    def summary(s: Store) -> list[tuple[Any, ...]]:
        rows = [json.loads(x) for x in _export(s, "events", "jsonl").splitlines()]
        return [(r["date"], r["sub_event_type"], r["location"]["name"] if r["location"] else None, r["status"],
                 r["fatalities"], r["notes"]) for r in rows]  # fmt: skip

    here, there = summary(store), summary(other)
    assert len(here) >= 14 and here == there
