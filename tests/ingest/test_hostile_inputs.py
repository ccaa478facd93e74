"""Hostile and broken inputs: each is stored or rejected with a reason, and the run goes on.

The inputs are the ones that once stopped a run or ran away with its memory: JSON lines
with a 5,000-digit number, nesting 100,000 deep, a lone surrogate or a URL that cannot be
parsed; a gzipped file of zeros; a text of one endless line; one HTML tag with 200,000
attributes.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from fogwatch.ingest import jsonl as jsonl_mod
from fogwatch.ingest import read as read_mod
from fogwatch.ingest.decode import DecodeError
from fogwatch.ingest.jsonl import JsonFields, read_jsonl
from fogwatch.ingest.read import MAX_ATTRIBUTES, read_bounded, trim_attributes
from fogwatch.ingest.step import ReadStep
from fogwatch.model import Article, Input, Reject
from fogwatch.run import ingest
from fogwatch.store import Store

BODY = (
    "Government aircraft struck the town of Saraqib in Idlib province on Tuesday, killing five civilians "
    "and wounding twelve, the civil defence said. Residents said the strikes hit a market and a bakery."
)


def _line(**fields: object) -> str:
    return json.dumps({"text": BODY, **fields})


def _read(path: Path) -> list[Article | Reject]:
    return list(ReadStep().read(Input(str(path), "jsonl")))


def test_json_lines_that_break_the_parser_are_rejected_one_by_one(tmp_path: Path) -> None:
    src = tmp_path / "export.jsonl"
    lines = [
        _line(title="good one"),
        f'{{"text": "{BODY}", "n": {"9" * 5000}}}',
        f'{{"text": "{BODY}", "x": {"[" * 100_000}{"]" * 100_000}}}',
        f'{{"text": "{BODY} \\ud800 and on"}}',
        _line(url="http://[::1"),
        "[1, 2, 3]",
        _line(title="good two"),
    ]
    src.write_text("\n".join(lines) + "\n")
    out = _read(src)
    by_line = {r.source if isinstance(r, Article) else r.input: r for r in out}
    assert [type(by_line[f"{src}#L{i}"]).__name__ for i in range(1, 8)] == [
        "Article",
        "Reject",
        "Reject",
        "Article",
        "Article",
        "Reject",
        "Article",
    ]
    assert "cannot be read as JSON (Exceeds the limit (4300 digits)" in by_line[f"{src}#L2"].reason  # type: ignore[union-attr]
    assert by_line[f"{src}#L3"].reason == "line 3 nests JSON values too deeply to read"  # type: ignore[union-attr]
    surrogate = by_line[f"{src}#L4"]
    assert isinstance(surrogate, Article) and "\ufffd and on" in surrogate.raw
    surrogate.raw.encode("utf-8")  # storable
    bad_url = by_line[f"{src}#L5"]
    assert isinstance(bad_url, Article)
    assert bad_url.meta == {"url_unusable": "http://[::1"} and bad_url.site is None
    assert by_line[f"{src}#L6"].reason == "line 6 is a JSON list, not an object"  # type: ignore[union-attr]


def test_a_gzipped_line_of_zeros_is_refused_while_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl_mod, "MAX_BYTES", 1_000_000)
    monkeypatch.setattr(jsonl_mod, "MAX_SKIP_BYTES", 5_000_000)
    bomb = tmp_path / "zeros.jsonl.gz"
    with gzip.open(bomb, "wb") as fh:
        fh.write((_line() + "\n").encode())
        fh.write(b"0" * 3_000_000 + b"\n")  # one long line, skipped
        fh.write((_line(title="after") + "\n").encode())
        fh.write(b"0" * 50_000_000)  # one endless line: the rest of the file is given up
    tracemalloc.start()
    out = _read(bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20_000_000  # a few times the line limit, never the 50 MB line
    assert [type(r).__name__ for r in out] == ["Article", "Reject", "Article", "Reject"]
    assert out[1].reason == "line 2 is over the 1 MB limit"  # type: ignore[union-attr]
    assert out[3].reason == (  # type: ignore[union-attr]
        "line 4 is over the 1 MB limit and runs on past 5 MB: the rest of the file is not read"
    )


def test_a_file_of_lines_without_articles_is_given_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl_mod, "MAX_BAD_RUN", 50)
    src = tmp_path / "empty-objects.jsonl"
    src.write_text("{}\n" * 200 + _line() + "\n")
    out = _read(src)
    assert len(out) == 51
    assert out[-1].reason == "50 lines in a row up to line 50 hold no article: the rest of the file is not read"  # type: ignore[union-attr]


def test_compressed_and_plain_files_are_read_up_to_the_limit(tmp_path: Path) -> None:
    bomb = tmp_path / "zeros.txt.gz"
    with gzip.open(bomb, "wb") as fh:
        fh.write(b"0" * 30_000_000)
    with pytest.raises(DecodeError, match="decompresses to more than 1 MB"):
        read_bounded(str(bomb), 1_000_000)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2_000_001)
    with pytest.raises(DecodeError, match=r"2\.0 MB is over the 1 MB limit"):
        read_bounded(str(big), 1_000_000)
    assert read_bounded(str(big), 3_000_000) == b"x" * 2_000_001


def test_a_text_of_one_endless_line_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_mod, "MAX_LINE_CHARS", 10_000)
    monkeypatch.setattr(read_mod, "_LONG_LINE", read_mod.re.compile(r"[^\n]{10001}"))
    src = tmp_path / "dump.txt"
    src.write_text(BODY + "\n" + (BODY.replace(".", ",") + " ") * 200 + "\nlast line\n")
    out = ReadStep().read_one(Input(str(src), "text"))
    assert isinstance(out, Reject) and out.kind == "long-line"
    assert out.reason.startswith(
        f"line 2 is {len(BODY) * 200 + 200:,} characters long; a text line may have at most 10,000"
    )


def test_one_tag_with_200k_attributes_keeps_its_first_thousand(tmp_path: Path) -> None:
    attrs = " ".join(f'data-a{i}="v{i}"' for i in range(200_000))
    page = f"<html><body><article {attrs}><p>{BODY}</p></article><p class='x'>Second paragraph.</p></body></html>"
    trimmed, worst = trim_attributes(page)
    assert worst == 200_000
    assert f'data-a{MAX_ATTRIBUTES - 1}="v{MAX_ATTRIBUTES - 1}"><p>' in trimmed
    assert f"data-a{MAX_ATTRIBUTES}=" not in trimmed
    assert trimmed.endswith("<p class='x'>Second paragraph.</p></body></html>")
    quoted = "<div a=\"1>2\" b='x' c=plain d>text</div>"
    assert trim_attributes(quoted, most=2) == ("<div a=\"1>2\" b='x'>text</div>", 4)
    src = tmp_path / "page.html"
    src.write_text(page)
    art = ReadStep().read_one(Input(str(src), "html"))
    assert isinstance(art, Article) and "Saraqib" in art.raw
    assert art.meta["html_trimmed"] == "a tag with 200,000 attributes was read with its first 1,000"


def test_read_jsonl_names_the_line_of_a_failure_and_reads_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = jsonl_mod._one
    calls: list[int] = []

    def first_breaks(path: str, lineno: int, *args: object) -> object:
        calls.append(lineno)
        if lineno == 1:
            raise RuntimeError("a reader bug")
        return real(path, lineno, *args)  # type: ignore[arg-type]

    src = tmp_path / "two.jsonl"
    src.write_text(_line() + "\n" + _line(title="b") + "\n")
    monkeypatch.setattr(jsonl_mod, "_one", first_breaks)
    out = list(read_jsonl(str(src), JsonFields()))
    assert calls == [1, 2]
    assert isinstance(out[0], Reject) and out[0].input == f"{src}#L1"
    assert out[0].reason == "read failed on this input (RuntimeError: a reader bug)"
    assert isinstance(out[1], Article)


def test_ingest_stores_the_good_lines_and_rejects_the_bad(tmp_path: Path) -> None:
    src = tmp_path / "mixed.jsonl"
    src.write_text(
        "\n".join([_line(title="one"), f'{{"n": {"9" * 5000}}}', _line(url="http://[::1", title="two")]) + "\n"
    )
    store = Store.open(str(tmp_path / "t.db"))
    res = ingest([str(src)], store, workers=1)
    assert res.stored == 2
    assert [(r.input.rsplit("#", 1)[1], r.kind) for r in store.rejects()] == [("L2", "json")]


def test_a_reject_records_its_latest_reason(tmp_path: Path) -> None:
    src = tmp_path / "note.txt"
    src.write_text("")
    store = Store.open(str(tmp_path / "t.db"))
    ingest([str(src)], store, workers=1)
    assert [(r.kind, r.reason) for r in store.rejects()] == [("empty", "the file is empty")]
    src.write_bytes(b"\x00\x01\x02 binary " * 100)
    ingest([str(src)], store, workers=1)
    assert [r.kind for r in store.rejects()] == ["binary"]
    src.write_text(BODY)
    ingest([str(src)], store, workers=1)
    assert store.rejects() == []


def test_an_article_whose_analysis_failed_is_tried_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fogwatch import analyze as analyze_mod

    src = tmp_path / "toll.txt"
    src.write_text(BODY + " The monitor put the toll at " + "9" * 5000 + ".")
    store = Store.open(str(tmp_path / "t.db"))
    real = analyze_mod.Analyzer.analyze

    def failing(self: object, article: Article, anchor: object = None) -> object:
        raise ValueError("a rule broke")

    monkeypatch.setattr(analyze_mod.Analyzer, "analyze", failing)
    first = ingest([str(src)], store, workers=1)
    assert "failed 1 (error), tried again on the next run" in (first.analysis or "")
    monkeypatch.setattr(analyze_mod.Analyzer, "analyze", real)
    second = ingest([str(src)], store, workers=1)
    assert (second.analysis or "").startswith("analysed 1 articles")  # the 5,000-digit number breaks nothing


def _corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    towns = ["Saraqib", "Ariha", "Sarmin", "Binnish", "Taftanaz", "Maarrat al-Numan", "Kafr Nabl", "Atarib"]
    for i in range(n):
        town = towns[i % len(towns)]
        (folder / f"report-{i:04d}.txt").write_text(
            f"Report {i}. Shelling hit {town} on Monday, killing {i % 9 + 2} people, residents said. "
            f"The strike on {town} was the {i}th this month, a local council member told reporters.\n"
        )


@pytest.mark.slow
def test_ctrl_c_during_ingest_exits_130_keeps_what_is_stored_and_a_rerun_finishes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _corpus(corpus, 600)
    db = tmp_path / "t.db"
    env = {**os.environ, "FOGWATCH_BATCH_SIZE": "8", "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "fogwatch.cli", "ingest", str(corpus), "--db", str(db), "--workers", "2"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    store = Store.open(str(db))
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            if store.count("articles") >= 16:
                break
        except Exception:  # the schema is being created
            continue
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted:" in err and "run the same command again" in err and "Traceback" not in err
    kept = store.count("articles")
    assert kept >= 16
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert store.count("articles") == 600
    assert f"{600 - kept} new articles stored, {kept} already stored" in again.stdout
