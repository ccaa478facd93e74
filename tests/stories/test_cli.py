"""Stories through the command line: ingest finds them, export, show and report print them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.export import ARTICLE_FIELDS
from tests.stories import texts as T


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """An analyst's folder: the Courier's text dump, two reposts in other formats, an independent report."""
    root = tmp_path / "saved"
    pages = {
        "courier/staroselye.txt": T.text_dump("Harbor Courier", T.TITLE, "March 5, 2024", T.PARAGRAPHS),
        "digest/bridgehead.html": T.html_page("Front Digest", "Bridgehead holds", None, T.PARAGRAPHS[:5]),
        "wire/marines.md": T.markdown_dump(
            "Open Wire", "Marines repel four night assaults", "March 6, 2024", [T.REPOST_INTRO, *T.PARAGRAPHS]
        ),
        "ledger/staroselye.html": T.html_page("Steppe Ledger", T.INDEPENDENT_TITLE, "2024-03-05", T.INDEPENDENT),
    }
    for name, text in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def jsonl(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_ingest_export_show_report(cli: CliRunner, saved: Path, db: str) -> None:
    res = cli.invoke(app, ["ingest", str(saved), "--db", db, "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert "stories: 4 articles indexed, 2 copies found" in res.output

    stories = jsonl(cli.invoke(app, ["export", "stories", "--format", "jsonl", "--db", db]).output)
    assert [len(s["members"]) for s in stories] == [3, 1]  # type: ignore[arg-type]
    big = stories[0]
    assert set(big) == {"id", "canonical_id", "members", "sites", "first_published", "independent_sources"}
    assert big["sites"] == ["Harbor Courier", "Front Digest", "Open Wire"]
    assert big["first_published"] == "2024-03-05" and big["independent_sources"] == 1
    members = big["members"]
    assert isinstance(members, list)
    assert [set(m) for m in members] == [{"article_id", "relation", "similarity"}] * 3
    assert [m["relation"] for m in members] == ["original", "partial", "partial"]
    assert members[0]["article_id"] == big["canonical_id"]

    articles = jsonl(cli.invoke(app, ["export", "articles", "--db", db]).output)
    assert all(set(ARTICLE_FIELDS) <= set(a) and "story_id" in a for a in articles)
    by_site = {a["site"]: a for a in articles}
    assert by_site["Front Digest"]["story_id"] == big["id"] != by_site["Steppe Ledger"]["story_id"]
    assert by_site["Front Digest"]["published"] == "2024-03-05"
    assert by_site["Front Digest"]["published_evidence"] == "story"

    shown = cli.invoke(app, ["show", str(big["canonical_id"]), "--db", db]).output
    assert "this one is the original" in shown
    digest = str(by_site["Front Digest"]["id"])
    assert f"partial   1.00  Front Digest  {digest}" in shown
    alone = cli.invoke(app, ["show", str(by_site["Steppe Ledger"]["id"]), "--db", db]).output
    assert "no copies found" in alone

    report = cli.invoke(app, ["report", "--db", db]).output
    assert "Stories: 2 from 4 articles; 1 with copies (3 articles)" in report
    assert "3 articles on Harbor Courier (original), Front Digest, Open Wire; 1 independent source" in report

    csv_out = cli.invoke(app, ["export", "stories", "-f", "csv", "--db", db]).output
    assert csv_out.splitlines()[0] == "id,canonical_id,members,sites,first_published,independent_sources"


def test_demo_report_shows_the_syndicated_stories(cli: CliRunner, tmp_path: Path) -> None:
    res = cli.invoke(app, ["demo", "--db", str(tmp_path / "demo.db"), "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert "2 with copies (5 articles)" in res.output
    assert "3 articles on Frontline Dispatch (original), Global Conflict Wire, Multipolar Review" in res.output
    assert "2 articles on Levant Monitor (original), Global Conflict Wire" in res.output
