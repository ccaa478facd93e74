from __future__ import annotations

import gzip
import json
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from fogwatch.ingest import ReadStep
from fogwatch.ingest.discover import discover
from fogwatch.ingest.jsonl import JsonFields
from fogwatch.model import Article, Input, Reject

PAGE = """<html><head><title>Drone strike on fuel depot near Sarmin</title>
<meta property="og:site_name" content="Northern Wire"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Drone strike on fuel depot near Sarmin</h1>
<p>A drone strike set a fuel depot on fire on the outskirts of Sarmin late on Monday, according to residents and a local civil defence team, who said nobody was hurt in the blaze.</p>
<p>Pro-government media described the depot as a supply point for armed groups. The account could not be independently verified, and no group has said it carried out the strike.</p>
</article><footer>© 2020 Northern Wire</footer></body></html>"""


def _warc(path: Path, records: list[tuple[str, str, bytes, str]]) -> Path:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.suffix == ".gz")
        for url, status, body, ctype in records:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2020-02-18T06:30:00Z"},
            )
            writer.write_record(rec)
    return path


def _read(path: Path, fields: JsonFields | None = None) -> list[Article | Reject]:
    step = ReadStep(fields)
    return [r for inp in discover([str(path)]) for r in step.read(inp)]


def test_warc_records_become_articles(tmp_path: Path) -> None:
    path = _warc(
        tmp_path / "crawl.warc.gz",
        [
            ("https://northern.example/2020/02/17/sarmin-depot", "200 OK", PAGE.encode(), "text/html; charset=utf-8"),
            ("https://northern.example/world", "200 OK", PAGE.replace("2020", "2019").encode(), "text/html"),
            ("https://northern.example/report.pdf", "200 OK", b"%PDF-1.4", "application/pdf"),
            ("https://northern.example/gone", "404 Not Found", b"<html>gone</html>", "text/html"),
        ],
    )
    out = _read(path)
    arts = [r for r in out if isinstance(r, Article)]
    rejects = [r for r in out if isinstance(r, Reject)]
    assert len(arts) == 2
    first = arts[0]
    assert first.meta["url"] == "https://northern.example/2020/02/17/sarmin-depot"
    assert first.published == date(2020, 2, 17)  # htmldate reads it from the URL
    assert arts[1].published == date(2020, 2, 18) and arts[1].published_evidence == "warc-date"
    assert first.site == "Northern Wire"
    assert "fuel depot on fire" in first.text and "Home" not in first.text
    assert sorted(r.kind for r in rejects) == ["content-type", "http-status"]
    assert any("application/pdf" in r.reason for r in rejects)


def test_truncated_warc_keeps_what_came_before(tmp_path: Path) -> None:
    whole = _warc(
        tmp_path / "whole.warc",
        [(f"https://northern.example/a{i}", "200 OK", PAGE.encode(), "text/html") for i in range(3)],
    )
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: int(len(data) * 0.8)])
    out = _read(cut)
    assert sum(isinstance(r, Article) for r in out) >= 2
    assert any(isinstance(r, Reject) and r.kind == "truncated" for r in out)


def test_not_a_warc(tmp_path: Path) -> None:
    p = tmp_path / "fake.warc"
    p.write_text("this is not an archive\n")
    out = _read(p)
    assert out and all(isinstance(r, Reject) for r in out)


def test_jsonl_with_default_and_custom_fields(tmp_path: Path) -> None:
    body = (
        "Turkish artillery shelled government positions near Nayrab on Sunday, a war monitor said, "
        "after two Turkish soldiers were killed in an attack on an observation post."
    )
    lines = [
        {
            "text": body,
            "url": "https://wire.example/a",
            "title": "Turkish shelling near Nayrab",
            "published": "2020-02-16T10:00:00Z",
            "site": "Wire",
        },
        {"html": PAGE, "url": "https://northern.example/x"},
        {"text": ""},
        [1, 2],
    ]
    p = tmp_path / "export.jsonl"
    p.write_text("\n".join(json.dumps(x) for x in lines) + "\n{not json\n")
    out = _read(p)
    arts = [r for r in out if isinstance(r, Article)]
    rej = [r for r in out if isinstance(r, Reject)]
    assert [a.title for a in arts] == ["Turkish shelling near Nayrab", "Drone strike on fuel depot near Sarmin"]
    assert arts[0].published == date(2020, 2, 16) and arts[0].published_evidence == "json-field"
    assert arts[0].site == "Wire" and arts[0].source.endswith("export.jsonl#L1")
    assert sorted(r.kind for r in rej) == ["json", "json", "no-text"]

    custom = tmp_path / "custom.jsonl.gz"
    with gzip.open(custom, "wt") as fh:
        fh.write(json.dumps({"content": {"body": body}, "link": "https://x.example/2020/02/16/nayrab"}) + "\n")
    fields = JsonFields.parse(["text=content.body", "url=link"])
    (art,) = _read(custom, fields)
    assert isinstance(art, Article)
    assert art.published == date(2020, 2, 16) and art.published_evidence == "url"
    assert art.site == "x.example"


def test_json_field_option_is_validated() -> None:
    with pytest.raises(ValueError, match="NAME=KEY"):
        JsonFields.parse(["body"])
    with pytest.raises(ValueError):
        JsonFields.parse(["colour=x"])


def test_input_kinds() -> None:
    from fogwatch.ingest.discover import kind_of

    assert kind_of(Path("a.warc.gz")) == "warc"
    assert kind_of(Path("a.jsonl.gz")) == "jsonl"
    assert kind_of(Path("a.HTML")) == "html"
    assert kind_of(Path("a.html.gz")) == "html"
    assert kind_of(Path("a.pdf")) is None
    assert Input("x", "text").kind == "text"
