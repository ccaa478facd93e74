"""The outlet gold: offsets only, one entry per FA-KES row, every span on the text it names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fogwatch.eval.fakes_data import read_fakes
from fogwatch.eval.outlet_gold import GOLD_FILE, convert, load_gold
from fogwatch.eval.real_gold import content_hash
from fogwatch.paths import REPO_DIR


def test_the_gold_holds_no_text_of_the_articles() -> None:
    doc = json.loads((REPO_DIR / GOLD_FILE).read_text())
    strings: list[str] = []

    def walk(x: object) -> None:
        if isinstance(x, str):
            strings.append(x)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(doc["articles"])
    assert strings and max(len(s) for s in strings) <= 40  # names, dates, ids and hashes only


def test_the_gold_matches_the_shared_file(shared_data: Path) -> None:
    rows = {r.row: r for r in read_fakes(shared_data / "fakes")}
    gold = load_gold()
    assert sorted(g.row for g in gold) == sorted(rows)
    for g in gold:
        text = rows[g.row].content
        assert g.sha == content_hash(text)
        if g.published_span:
            assert g.published is not None
            # the span holds the year the date says (datelines like "Apr 232017" run it into the day)
            assert str(g.published.year) in text[slice(*g.published_span)]
        if g.site_span:
            assert text[slice(*g.site_span)].strip()


def test_a_quote_that_is_not_in_the_text_is_a_problem(shared_data: Path) -> None:
    row = read_fakes(shared_data / "fakes")[0]
    draft = {"row": 0, "site": {"name": "X", "quote": "no such words here at all"}, "wire": [], "published": None}
    _gold, problems = convert(draft, row)
    assert any("not found" in p for p in problems)
    draft = {"row": 0, "site": None, "wire": [], "published": {"date": "2016-13-01", "quote": row.content[:10]}}
    _gold, problems = convert(draft, row)
    assert any("not a date" in p for p in problems)


@pytest.mark.parametrize("field", ["site", "wires"])
def test_outlet_is_the_site_else_the_first_wire(field: str) -> None:
    gold = load_gold()
    with_site = [g for g in gold if g.site]
    wire_only = [g for g in gold if not g.site and g.wires]
    assert with_site and wire_only
    if field == "site":
        assert all(g.outlet == g.site for g in with_site)
    else:
        assert all(g.outlet == g.wires[0] for g in wire_only)
