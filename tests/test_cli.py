from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from fogwatch import __version__
from fogwatch.cli import app
from fogwatch.export import ARTICLE_FIELDS


def _counts(db: str) -> tuple[int, int, int]:
    con = sqlite3.connect(db)
    try:
        return tuple(con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("articles", "spans", "rejects"))  # type: ignore[return-value]
    finally:
        con.close()


def test_version(cli: CliRunner) -> None:
    res = cli.invoke(app, ["--version"])
    assert res.exit_code == 0
    assert res.output.strip() == f"fogwatch {__version__}"


def test_help_everywhere(cli: CliRunner) -> None:
    for cmd in ([], ["ingest"], ["report"], ["show"], ["export"], ["eval"], ["demo"], ["watch"]):
        res = cli.invoke(app, [*cmd, "--help"])
        assert res.exit_code == 0, cmd
        assert "Usage" in res.output


def test_eval_help_names_every_task() -> None:
    import typing

    from fogwatch.cli import eval_cmd
    from fogwatch.eval.harness import TASKS

    (argument,) = typing.get_type_hints(eval_cmd, include_extras=True)["task"].__metadata__
    named = set(re.findall(r"[a-z][a-z-]+[a-z]", argument.help.split(":", 1)[1]))
    assert set(TASKS) <= named, sorted(set(TASKS) - named)


def test_ingest_twice_stores_once(cli: CliRunner, mixed_dir: Path, db: str) -> None:
    first = cli.invoke(app, ["ingest", str(mixed_dir), "--db", db, "--workers", "1"])
    assert first.exit_code == 0, first.output
    assert "3 new articles stored" in first.output
    counts = _counts(db)
    second = cli.invoke(app, ["ingest", str(mixed_dir), "--db", db])
    assert second.exit_code == 0
    assert "0 new articles stored, 3 already stored" in second.output
    assert _counts(db) == counts


def test_missing_path_exits_2(cli: CliRunner, tmp_path: Path, db: str) -> None:
    res = cli.invoke(app, ["ingest", str(tmp_path / "no-such-dir"), "--db", db])
    assert res.exit_code == 2
    assert "no-such-dir: no such file or directory" in res.output


def test_bad_files_are_rejected_and_the_run_goes_on(cli: CliRunner, tmp_path: Path, mixed_dir: Path, db: str) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "photo.html").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" * 100)
    (bad / "notes.docx").write_bytes(b"PK\x03\x04")
    (bad / "legacy.txt").write_bytes(
        "Shelling hit Ma'arrat an-Nu'man at dawn on Sunday, according to the local council; the café on the square was destroyed.".encode(
            "cp1252"
        )
    )
    res = cli.invoke(app, ["ingest", str(bad), str(mixed_dir), "--db", db])
    assert res.exit_code == 0
    assert "4 new articles stored" in res.output and "3 rejected" in res.output
    report = cli.invoke(app, ["report", "--db", db])
    assert "empty.txt: the file is empty [empty]" in report.output
    assert "photo.html: binary content" in report.output
    assert "notes.docx: fogwatch does not read .docx files [unsupported]" in report.output
    rows = [json.loads(x) for x in cli.invoke(app, ["export", "articles", "--db", db]).output.splitlines()]
    legacy = next(r for r in rows if r["source"].endswith("legacy.txt"))
    assert "café on the square" in legacy["text"]


def test_report_on_missing_or_empty_database(cli: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    res = cli.invoke(app, ["report", "--db", str(missing)])
    assert res.exit_code == 1
    assert "no fogwatch database" in res.output and "Traceback" not in res.output
    assert not missing.exists()
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    res = cli.invoke(app, ["report", "--db", str(empty)])
    assert res.exit_code == 1 and "no fogwatch database" in res.output


def test_report_on_a_fresh_database(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    db = str(tmp_path / "fresh.db")
    cli.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db])
    res = cli.invoke(app, ["report", "--db", db])
    assert res.exit_code == 0
    assert "holds no articles yet" in res.output


def test_export_articles_jsonl_and_csv(cli: CliRunner, mixed_dir: Path, db: str, tmp_path: Path) -> None:
    cli.invoke(app, ["ingest", str(mixed_dir), "--db", db])
    out = tmp_path / "articles.jsonl"
    res = cli.invoke(app, ["export", "articles", "--format", "jsonl", "-o", str(out), "--db", db])
    assert res.exit_code == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 3
    for row in rows:
        assert set(ARTICLE_FIELDS) <= set(row)
        assert row["published"] is None or len(row["published"]) == 10
        raw = Path(row["source"]).read_text() if row["source"].endswith((".txt", ".md")) else None
        for r in row["removed"]:
            assert set(r) == {"start", "end", "reason", "text"}
            if raw is not None:
                assert raw[r["start"] : r["end"]] == r["text"]
    sites = {r["site"] for r in rows}
    assert sites == {"Frontline Dispatch", "Levant Monitor", "Global Conflict Wire"}
    csv_out = tmp_path / "articles.csv"
    assert cli.invoke(app, ["export", "articles", "-f", "csv", "-o", str(csv_out), "--db", db]).exit_code == 0
    import csv

    with csv_out.open() as fh:
        csv_rows = list(csv.DictReader(fh))
    assert [r["id"] for r in csv_rows] == [r["id"] for r in rows]
    bad = cli.invoke(app, ["export", "articles", "-f", "xlsx", "--db", db])
    assert bad.exit_code == 1 and "jsonl or csv" in bad.output


def test_show(cli: CliRunner, mixed_dir: Path, db: str) -> None:
    cli.invoke(app, ["ingest", str(mixed_dir), "--db", db])
    rows = [json.loads(x) for x in cli.invoke(app, ["export", "articles", "--db", db]).output.splitlines()]
    afes = next(r for r in rows if r["source"].endswith("frontline-afes.txt"))
    res = cli.invoke(app, ["show", afes["id"][:8], "--db", db])
    assert res.exit_code == 0
    assert "published:  2020-02-06 (from dateline)" in res.output
    assert "Donate now" not in res.output
    marked = cli.invoke(app, ["show", afes["id"], "--removed", "--db", db]).output
    assert "[-fundraising: Support Frontline Dispatch" in marked
    assert "[-comments: 3 Comments" in marked
    missing = cli.invoke(app, ["show", "ffffffff", "--db", db])
    assert missing.exit_code == 1 and "no article with id" in missing.output
    by_name = cli.invoke(app, ["show", "frontline-afes.txt", "--db", db])
    assert by_name.exit_code == 0 and f"id:         {afes['id']}" in by_name.output


def test_unknown_eval_task(cli: CliRunner) -> None:
    res = cli.invoke(app, ["eval", "nonsense"])
    assert res.exit_code == 1 and "unknown eval task" in res.output


def test_missing_path_creates_no_database(cli: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "never.db"
    cli.invoke(app, ["ingest", str(tmp_path / "typo"), "--db", str(db)])
    assert not db.exists()


def test_json_field_option(cli: CliRunner, tmp_path: Path, db: str) -> None:
    src = tmp_path / "export.jsonl"
    body = "Shelling hit the market in Ariha on Monday morning, killing two people and wounding six, residents said."
    src.write_text(json.dumps({"content": body, "headline": "Market shelled in Ariha", "date": "2020-02-17"}) + "\n")
    res = cli.invoke(
        app,
        [
            "ingest",
            str(src),
            "--db",
            db,
            "--json-field",
            "text=content",
            "--json-field",
            "title=headline",
            "--json-field",
            "published=date",
        ],
    )
    assert res.exit_code == 0, res.output
    (row,) = [json.loads(x) for x in cli.invoke(app, ["export", "articles", "--db", db]).output.splitlines()]
    assert row["title"] == "Market shelled in Ariha" and row["published"] == "2020-02-17"
    bad = cli.invoke(app, ["ingest", str(src), "--db", db, "--json-field", "colour=x"])
    assert bad.exit_code == 2 and "--json-field" in bad.output


def test_hostile_files_are_rejected_with_reasons(cli: CliRunner, tmp_path: Path, db: str) -> None:
    import gzip

    bad = tmp_path / "hostile"
    bad.mkdir()
    page = (
        "<html><body><article><p>"
        + "Shelling was reported near Taftanaz overnight, residents said. " * 30
        + "</p></article></body></html>"
    )
    (bad / "huge.html").write_bytes(b"<html><body>" + b"<p>filler text</p>" * 3_000_000 + b"</body></html>")  # ~54 MB
    whole = gzip.compress(page.encode())
    (bad / "cut.html.gz").write_bytes(whole[: len(whole) // 2])
    (bad / "utf16.txt").write_bytes(
        "\ufeffShelling hit the outskirts of Sarmin on Monday, the civil defence said, and two people were wounded.".encode(
            "utf-16-le"
        )
    )
    (bad / "nothing.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    login = "<html><head><title>Log in</title></head><body><nav>Home | About</nav><form>Password <input></form></body></html>"
    (bad / "login.html").write_text(login)
    res = cli.invoke(app, ["ingest", str(bad), "--db", db])
    assert res.exit_code == 0, res.output
    report = cli.invoke(app, ["report", "--db", db]).output
    assert "huge.html: 54.0 MB is over the 20 MB limit [too-large]" in report
    assert "cut.html.gz: the gzip stream is truncated [truncated]" in report
    assert "nothing.html: nothing is left of the document after cleaning [no-body]" in report
    assert "login.html: only 1 word left after cleaning: no article [no-body]" in report
    rows = [json.loads(x) for x in cli.invoke(app, ["export", "articles", "--db", db]).output.splitlines()]
    assert [r["source"].rsplit("/", 1)[-1] for r in rows] == ["utf16.txt"]
    assert "outskirts of Sarmin" in rows[0]["text"]


def test_watch_feeds_into_stories_and_analysis(cli: CliRunner, tmp_path: Path, db: str) -> None:
    """A watched feed's pages are learned from, grouped into stories and analysed, as ingested files are."""
    from tests.ingest.test_web import LocalSite, Reply

    site = LocalSite()
    try:
        page = (
            "<html><head><title>Shelling near Sarmin</title><meta property='og:site_name' content='Idlib Observer'>"
            "</head><body><article><h1>Shelling near Sarmin</h1><p>Artillery shells hit the eastern edge of Sarmin "
            "late on Monday, killing two civilians and wounding five, the local civil defence said on Tuesday, "
            "adding that rescue teams worked through the night to pull residents from damaged houses.</p></article>"
            "</body></html>"
        )
        link = site.page("/news/sarmin", page)
        rss = (
            f"<?xml version='1.0'?><rss version='2.0'><channel><title>Observer</title><item><title>Shelling near "
            f"Sarmin</title><link>{link}</link><guid>s1</guid><pubDate>Tue, 11 Feb 2020 08:00:00 GMT</pubDate>"
            "</item></channel></rss>"
        )
        feed = site.add("/feed.xml", Reply(body=rss.encode(), content_type="application/rss+xml"))
        res = cli.invoke(app, ["watch", feed, "--allow-private", "--db", db])
        assert res.exit_code == 0, res.output
    finally:
        site.close()
    rows = [json.loads(x) for x in cli.invoke(app, ["export", "articles", "--db", db]).output.splitlines()]
    assert len(rows) == 1 and rows[0]["story_id"]
    mentions = cli.invoke(app, ["export", "mentions", "--db", db]).output
    assert "Sarmin" in mentions


def test_exported_articles_carry_site_wire_and_outlet(cli: CliRunner, tmp_path: Path, db: str) -> None:
    folder = tmp_path / "dumps"
    folder.mkdir()
    body = (
        "Tue 05 Jul 2016 Shelling hit the market of the town on Tuesday morning and killed four people "
        "including a boy the head of the local council said adding that rescuers were still searching. --Reuters"
    )
    (folder / "0001.txt").write_text(body)
    assert cli.invoke(app, ["ingest", str(folder), "--db", db, "--workers", "1"]).exit_code == 0
    out = tmp_path / "articles.jsonl"
    res = cli.invoke(app, ["export", "articles", "--format", "jsonl", "-o", str(out), "--db", db])
    assert res.exit_code == 0, res.output
    (row,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert row["site"] is None and row["wire"] == "Reuters" and row["outlet"] == "Reuters"
    assert row["published"] == "2016-07-05"


def test_show_says_how_an_undated_article_was_dated(cli: CliRunner, tmp_path: Path, db: str) -> None:
    src = tmp_path / "siege.txt"
    src.write_text(
        "Regime air strikes hit the town of Saraqib on Tuesday, killing five civilians, residents said. "
        "The siege of the area began on 3 March 2015, and the last aid convoy arrived on 14 April 2015.\n",
        encoding="utf-8",
    )
    assert cli.invoke(app, ["ingest", str(src), "--db", db]).exit_code == 0
    out = cli.invoke(app, ["show", "siege.txt", "--db", db]).output
    assert "published:  -" in out
    assert "dated:      2015-04-14 (dated from its text: the latest full date the text names" in out
