from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fogwatch.model import Article, Span, article_id, clean_to_raw, kept_text, merge_spans


def test_article_id_depends_on_source_and_content() -> None:
    a = article_id("/x/a.txt", b"same text")
    assert a == article_id("/x/a.txt", "same text")
    assert a != article_id("/x/b.txt", b"same text")
    assert a != article_id("/x/a.txt", b"other text")
    assert len(a) == 16


def test_span_rejects_negative_extent() -> None:
    with pytest.raises(ValueError):
        Span(5, 3, "x")


def test_text_is_raw_minus_removed() -> None:
    raw = "TITLE\n\nBody one.\nDonate $5\nBody two.\n"
    art = Article(
        id="x", source="s", format="text", raw=raw, removed=[Span(0, 6, "title"), Span(17, 27, "fundraising")]
    )
    assert art.text == "Body one.\nBody two."


def test_merge_spans_unions_overlaps_and_touching() -> None:
    spans = [Span(10, 20, "a"), Span(0, 5, "b"), Span(15, 30, "c"), Span(30, 31, "d")]
    assert merge_spans(spans) == [(0, 5), (10, 31)]


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[Span]]:
    raw = draw(st.text(alphabet="ab \n.", min_size=0, max_size=80))
    n = draw(st.integers(0, 4))
    spans = []
    for _ in range(n):
        a = draw(st.integers(0, len(raw)))
        b = draw(st.integers(a, len(raw)))
        spans.append(Span(a, b, "x"))
    return raw, spans


@given(text_and_spans())
def test_clean_offsets_map_back_to_the_same_characters(case: tuple[str, list[Span]]) -> None:
    raw, spans = case
    clean = kept_text(raw, spans)
    for i, ch in enumerate(clean):
        j = clean_to_raw(raw, spans, i)
        assert raw[j] == ch


def test_outlet_is_the_site_else_the_credited_wire_never_the_file() -> None:
    art = Article(id="x", source="/home/me/dumps/0042.txt", format="text", raw="Body.")
    assert art.outlet is None and art.wires == []
    art.wire = "AFP, Reuters"
    assert art.wires == ["AFP", "Reuters"] and art.outlet == "AFP"
    art.site = "Daily Sabah"
    assert art.outlet == "Daily Sabah" and art.wires == ["AFP", "Reuters"]
