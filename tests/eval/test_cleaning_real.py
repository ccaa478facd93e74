"""`fogwatch eval cleaning-real`: scoring by character against span gold, on pages we wrote."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from fogwatch.eval.cleaning_real import GOLD, Tally, load_gold, metrics_of, removed_by_row, score_row
from fogwatch.eval.fakes_data import FakesRow


def _row(n: int, content: str) -> FakesRow:
    return FakesRow(n, f"u{n}", "", content, "site", date(2016, 5, 1), "idlib", "unknown", "shelling", 0, 0, 0, 0, True)


def test_score_counts_characters_not_spaces() -> None:
    content = "Body one. Tags a b"
    gold = [(10, 18, "navigation")]
    t = Tally.new()
    counts = score_row(content, gold, [(10, 18)], t)
    assert counts == {"body_lost": 0, "boilerplate_kept": 0}
    assert t.body == len("Bodyone.") and t.gold["navigation"] == len("Tagsab")
    m = metrics_of(t, "all")
    assert m["all_boilerplate_recall"] == 1.0 and m["all_body_precision"] == 1.0 and m["all_removed_body_rate"] == 0.0


def test_score_separates_lost_body_and_kept_furniture() -> None:
    content = "Headline here Body text goes on. Share"
    gold = [(0, 13, "title-repeat"), (33, 38, "share")]
    t = Tally.new()
    counts = score_row(content, gold, [(14, 18)], t)  # removes "Body", keeps both boilerplate spans
    assert counts == {"body_lost": 4, "boilerplate_kept": len("Headlinehere") + len("Share")}
    m = metrics_of(t, "x")
    assert m["x_boilerplate_recall"] == 0.0 and m["x_furniture_recall"] == 0.0
    assert m["x_recall_share"] == 0.0 and m["x_removed_body_rate"] == pytest.approx(4 / len("Bodytextgoeson."))


def test_removed_ranges_come_from_the_pipeline_cleaning(tmp_path: Path) -> None:
    body = (
        "Shelling hit the eastern districts of the city on Tuesday and killed four people, a local "
        "medical official told reporters. Rescue teams searched the damaged buildings into the night. "
    ) * 3
    page = "\n".join(["Share this:", "", body.strip(), "", "Copyright 2016 Example Daily Star. All rights reserved."])
    removed = removed_by_row([_row(0, page)], tmp_path)[0]
    cut = "".join(page[a:b] for a, b in removed)
    assert "Share this:" in cut and "Copyright 2016" in cut
    assert "Shelling hit" not in cut


def test_a_file_the_cleaner_rejects_counts_as_all_removed(tmp_path: Path) -> None:
    removed = removed_by_row([_row(3, "Share this:")], tmp_path)
    assert removed[3] == [(0, len("Share this:"))]


def test_gold_file_is_offsets_and_classes_only() -> None:
    doc = json.loads(GOLD.read_text(encoding="utf-8"))
    classes = {
        "title-repeat", "metadata", "link-residue", "fundraising", "share", "subscribe", "disclaimer",
        "related", "embed", "comments", "navigation", "site-specific",
    }  # fmt: skip
    for a in doc["articles"]:
        assert set(a) == {"row", "unit_id", "source", "sha", "spans"}
        for s, e, c in a["spans"]:
            assert isinstance(s, int) and isinstance(e, int) and 0 <= s < e and c in classes
    gold = load_gold()
    assert len(gold) >= 120 and len({a["source"] for a in doc["articles"]}) == 15
