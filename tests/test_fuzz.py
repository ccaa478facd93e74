"""Fuzzing ingest: generated and mutated inputs of every kind are each stored or rejected with a reason.

Hypothesis makes the inputs: mutated HTML pages, random bytes as text, JSON lines with
huge numbers, deep nesting, lone surrogates and odd URLs, mutated WARC archives, gzipped
and truncated copies of all of these, and texts of place names, numbers and event words
for analysis. Each goes through the same steps as `fogwatch ingest` (reading, cleaning,
analysis), in this process: no exception may escape, and every input must come out as
articles that can be stored or as rejects that say why. The heavy cases (`slow`) run the
pathological inputs through the real command in a process of its own, with its memory
measured, and a mutated corpus through a whole ingest into SQLite.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fogwatch.clean.step import CleanStep
from fogwatch.ingest import ReadStep
from fogwatch.ingest.discover import discover
from fogwatch.model import Article, Input, Reject
from fogwatch.pipeline import Budgeted, Counters, run_chain
from fogwatch.store import Store
from tests.support.hostile import BODY, PLACES, write_pathological

FUZZ = settings(
    max_examples=int(os.environ.get("FOGWATCH_FUZZ_EXAMPLES", 40)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)

PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Strikes on Saraqib</title></head><body>"
    "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav><article><h1>Strikes on Saraqib</h1>"
    f"<p class='byline'>By Staff</p><p>{BODY}</p><p>Rescuers searched the rubble into the night.</p>"
    "</article><footer>Copyright 2020 Example News</footer></body></html>"
)

_pieces = st.sampled_from(
    [
        "<div>",
        "</div>",
        "<p>",
        "</p>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<![CDATA[",
        "<",
        ">",
        "&",
        "&#0;",
        "&#x110000;",
        "&amp",
        '"',
        "'",
        "<a href='http://[::1'>",
        "<meta charset='x-unknown'>",
        "<meta http-equiv='refresh' content='0;url=javascript:1'>",
        "\x00",
        "\ufeff",
        "\ud800",
        "<svg><foreignObject><p>",
        "<table><tr><td>",
        "<div " + " ".join(f"a{i}=v" for i in range(1500)) + ">",
        "<div>" * 300,
        "9" * 5000,
    ]
)


@st.composite
def mutated_page(draw: st.DrawFn) -> str:
    page = PAGE
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(page)))
        action = draw(st.sampled_from(["insert", "delete", "cut"]))
        if action == "insert":
            page = page[:at] + draw(st.one_of(_pieces, st.text(max_size=40))) + page[at:]
        elif action == "delete":
            page = page[:at] + page[at + draw(st.integers(1, 60)) :]
        else:
            page = page[:at]
    return page


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


_json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["http://[::1", "javascript:alert(1)", "", " ", "2020-02-30", "x" * 300]),
)
_json_values = st.recursive(
    _json_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
)


@st.composite
def json_line(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["article", "value", "raw", "huge", "deep", "surrogate"]))
    if kind == "article":
        obj: dict[str, object] = {"text": draw(st.sampled_from([BODY, "", " ", BODY * 3]))}
        for key in ("url", "title", "published", "site", "html"):
            if draw(st.booleans()):
                obj[key] = draw(_json_values)
        return json.dumps(obj, allow_nan=True)
    if kind == "value":
        return json.dumps(draw(_json_values), allow_nan=True)
    if kind == "raw":
        return draw(st.text(max_size=80)).replace("\n", " ")
    if kind == "huge":
        return f'{{"text": "{BODY}", "n": {"9" * draw(st.integers(4000, 6000))}}}'
    if kind == "deep":
        depth = draw(st.integers(500, 50_000))
        return f'{{"text": "{BODY}", "x": {"[" * depth}{"]" * depth}}}'
    return f'{{"text": "{BODY} \\ud83d and \\udc00", "title": "\\ud800", "url": "http://x/\\udfff"}}'


def _warc_bytes(pages: list[bytes]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for i, body in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://example.org/{i}", "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
    return buf.getvalue()


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "insert", "cut", "delete"]))
        if action == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        elif action == "insert":
            data = data[:at] + draw(st.binary(max_size=20)) + data[at:]
        elif action == "cut":
            data = data[:at]
        else:
            data = data[:at] + data[at + draw(st.integers(1, 50)) :]
    return data


def _squeeze(data: bytes, how: str) -> bytes:
    if how == "gzip":
        return gzip.compress(data)
    if how == "cut-gzip":
        whole = gzip.compress(data)
        return whole[: max(10, len(whole) // 2)]
    return data


def _check(inputs: list[Input]) -> list[Article | Reject]:
    """Read and clean `inputs` as ingest does; every record out is storable or a reject with a reason."""
    steps = [ReadStep(), Budgeted(CleanStep(), 60.0)]
    out = list(run_chain(steps, inputs, Counters()))
    for inp in inputs:
        assert any((r.source if isinstance(r, Article) else r.input).startswith(inp.location) for r in out), (
            f"{inp.location} came out neither stored nor rejected"
        )
    for r in out:
        assert isinstance(r, Article | Reject)
        if isinstance(r, Reject):
            assert r.reason.strip() and r.kind and r.step in ("read", "clean")
            r.reason.encode("utf-8")
        else:
            for value in (r.raw, r.title or "", r.site or "", r.byline or "", *r.meta.values()):
                value.encode("utf-8")  # storable: no lone surrogates
            assert r.text.strip()
    return out


def _write(tmp: Path, name: str, data: bytes) -> Input:
    path = tmp / name
    path.write_bytes(data)
    (inp,) = discover([str(path)])
    return inp


@FUZZ
@given(page=mutated_page(), how=st.sampled_from(["plain", "gzip", "cut-gzip"]))
def test_fuzz_mutated_html(tmp_path_factory: pytest.TempPathFactory, page: str, how: str) -> None:
    tmp = tmp_path_factory.mktemp("html")
    _check([_write(tmp, "page.html.gz" if how != "plain" else "page.html", _squeeze(_encode(page), how))])


@FUZZ
@given(
    data=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(_encode)),
    how=st.sampled_from(["plain", "gzip", "cut-gzip"]),
    md=st.booleans(),
)
def test_fuzz_text_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes, how: str, md: bool) -> None:
    tmp = tmp_path_factory.mktemp("text")
    name = ("note.md" if md else "note.txt") + (".gz" if how != "plain" else "")
    _check([_write(tmp, name, _squeeze(_encode(BODY + "\n") + data, how))])


@FUZZ
@given(lines=st.lists(json_line(), min_size=1, max_size=6), how=st.sampled_from(["plain", "gzip", "cut-gzip"]))
def test_fuzz_json_lines(tmp_path_factory: pytest.TempPathFactory, lines: list[str], how: str) -> None:
    tmp = tmp_path_factory.mktemp("jsonl")
    name = "export.jsonl" + (".gz" if how != "plain" else "")
    out = _check([_write(tmp, name, _squeeze(_encode("\n".join(lines) + "\n"), how))])
    if how == "plain":
        bad = [r for r in out if isinstance(r, Reject) and r.kind in ("error", "too-slow")]
        assert not bad, bad  # every line is judged by a rule that names what is wrong with it


@FUZZ
@given(data=st.data(), how=st.sampled_from(["plain", "gzip"]))
def test_fuzz_mutated_warc(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, how: str) -> None:
    pytest.importorskip("warcio")
    tmp = tmp_path_factory.mktemp("warc")
    pages = [_encode(data.draw(mutated_page())) for _ in range(data.draw(st.integers(1, 3)))]
    archive = data.draw(mutated_bytes(_warc_bytes(pages)))
    _check([_write(tmp, "crawl.warc" + (".gz" if how == "gzip" else ""), _squeeze(archive, how))])


_words = st.sampled_from(
    [
        *PLACES,
        "killed",
        "wounded",
        "shelled",
        "airstrike",
        "on Tuesday",
        "last month",
        "in 2019",
        "the army",
        "rebels",
        "ISIS",
        "said",
        "denied",
        "near",
        "north of",
        "province",
        "village of",
        ",",
        ".",
        "(",
        ")",
        "\n",
        "and",
        "12",
        "1,000",
        "9" * 5000,
        "1e999",
        "twenty-five",
        "dozens",
        "\u200b",
        "\ufffd",
        "’s",
    ]
)


@FUZZ
@given(words=st.lists(_words, min_size=1, max_size=400))
def test_fuzz_analysis_rejects_nothing_by_error(words: list[str]) -> None:
    from fogwatch.analyze import Analysis, AnalyzeStep

    step = _analyzer()
    text = " ".join(words)
    art = Article(id="fuzz", source="fuzz", format="text", raw=text)
    out = list(run_chain([step], [(art, None)], Counters()))
    assert len(out) == 1 and isinstance(out[0], Analysis | Reject)
    if isinstance(out[0], Reject):
        assert out[0].kind not in ("error", "too-slow"), out[0].reason
    assert isinstance(step, AnalyzeStep)


_ANALYZER: list[object] = []


def _analyzer() -> object:
    from fogwatch.analyze import AnalyzeStep

    if not _ANALYZER:
        step = AnalyzeStep()
        step.analyzer.load()
        _ANALYZER.append(step)
    return _ANALYZER[0]


# --- heavy cases ---------------------------------------------------------------------------------


def _accounted(store: Store, paths: list[Path]) -> list[str]:
    """The inputs that came out neither as an article nor as a reject."""
    sources = [a.source for a in store.articles()]
    rejects = [r.input for r in store.rejects()]
    return [str(p) for p in paths if not any(s.startswith(str(p)) for s in sources + rejects)]


@pytest.mark.slow
def test_pathological_inputs_through_the_command_in_bounded_memory(tmp_path: Path) -> None:
    inputs = write_pathological(tmp_path / "in", zeros_mb=1024)
    db = tmp_path / "t.db"
    code = (
        "import resource, subprocess, sys;"
        "p = subprocess.run([sys.executable, '-m', 'fogwatch.cli', 'ingest', sys.argv[1], '--db', sys.argv[2]],"
        " capture_output=True, text=True, timeout=1500);"
        "sys.stdout.write(str(p.returncode) + '\\n' + str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        " + '\\n' + p.stderr)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "in"), str(db)], capture_output=True, text=True, timeout=1600
    )
    returncode, rss_kb, stderr = out.stdout.split("\n", 2)
    assert returncode == "0", stderr
    assert "Traceback" not in stderr
    assert int(rss_kb) < 1_000_000, f"peak memory {int(rss_kb) / 1024:.0f} MB"
    store = Store.open(str(db))
    assert _accounted(store, list(inputs.values())) == []
    kinds = {r.input.rsplit("/", 1)[-1].split("#")[0]: r.kind for r in store.rejects()}
    assert kinds["one-line.txt"] == "long-line"
    assert kinds["zeros.txt.gz"] == "too-large"
    assert kinds["zeros.jsonl.gz"] == "too-large"
    assert kinds["huge-number.jsonl"] == "json" and kinds["deep-nesting.jsonl"] == "json"
    by_name = {a.source.rsplit("/", 1)[-1]: a for a in store.articles()}
    assert by_name["attributes.html"].meta["html_trimmed"].startswith("a tag with 200,000 attributes")
    for name in ("names-repeated.txt", "long-sentence.txt", "lone-surrogate.jsonl#L1", "bad-url.jsonl#L1"):
        assert name in by_name, sorted(by_name)


@pytest.mark.slow
@settings(max_examples=1, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_mutated_corpus_is_ingested_whole(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    from fogwatch.run import ingest

    tmp = tmp_path_factory.mktemp("corpus")
    folder = tmp / "in"
    folder.mkdir()
    paths = []
    for i in range(40):
        kind = i % 4
        if kind == 0:
            name, body = f"p{i}.html", _encode(data.draw(mutated_page()))
        elif kind == 1:
            name, body = f"t{i}.txt", _encode(BODY + f" Report {i}.\n") + data.draw(st.binary(max_size=200))
        elif kind == 2:
            name, body = (
                f"j{i}.jsonl",
                _encode("\n".join(data.draw(st.lists(json_line(), min_size=1, max_size=4))) + "\n"),
            )
        else:
            name, body = (
                f"g{i}.txt.gz",
                _squeeze(_encode(BODY + f" Gzipped {i}.\n"), data.draw(st.sampled_from(["gzip", "cut-gzip"]))),
            )
        (folder / name).write_bytes(body)
        paths.append(folder / name)
    store = Store.open(str(tmp / "t.db"))
    res = ingest([str(folder)], store, workers=2)
    assert _accounted(store, paths) == []
    assert res.stored + len(res.rejected) >= len(paths)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 2_000_000  # this test process, all suites included
