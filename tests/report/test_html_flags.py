"""Loaded language in the HTML report: flagged words are marked inside each statement, escaped."""

from __future__ import annotations

from fogwatch.events.loaded import loaded_language
from fogwatch.model import Claim
from fogwatch.report.html import marked_text


def _claim(article: str, start: int, end: int) -> Claim:
    return Claim(
        id="c1",
        article_id="a1",
        start=start,
        end=end,
        text=article[start:end],
        speaker="Frontline Dispatch",
        speaker_kind="outlet",
        certainty="asserted",
        flags=loaded_language(article, start, end),
    )


ARTICLE = (
    "Headline line.\nThe army has liberated the village from the terrorists,\n  the <script>x</script> ministry said."
)


def test_flagged_words_are_marked_and_the_rest_escaped() -> None:
    start = ARTICLE.index("The army")
    c = _claim(ARTICLE, start, len(ARTICLE))
    assert {ARTICLE[f.start : f.end] for f in c.flags} >= {"liberated", "terrorists"}
    html = marked_text(c)
    assert '<mark class="flag" title="loaded language">liberated</mark>' in html
    assert "terrorists</mark>" in html and "name-calling" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html
    # On one line, as the report shows statements; the flags still sit on their words.
    assert "\n" not in html and "terrorists</mark>, the &lt;script&gt;" in html


def test_a_clipped_statement_keeps_its_marks_inside_the_clip() -> None:
    start = ARTICLE.index("The army")
    c = _claim(ARTICLE, start, len(ARTICLE))
    cut = ARTICLE.index("the village") - start
    html = marked_text(c, limit=cut)
    assert html.endswith("…")
    assert '<mark class="flag" title="loaded language">liberated</mark>' in html
    assert "terrorists" not in html


def test_a_statement_without_flags_is_plain_text() -> None:
    text = "Shelling hit Saraqib on Monday & killed 3."
    assert marked_text(_claim(text, 0, len(text))) == "Shelling hit Saraqib on Monday &amp; killed 3."
