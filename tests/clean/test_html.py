from __future__ import annotations

from datetime import date
from pathlib import Path

from fogwatch.clean.html import extract
from fogwatch.model import kept_text


def test_wire_page(mixed_dir: Path) -> None:
    page = extract((mixed_dir / "wire" / "saraqib.html").read_text())
    assert page.title == "Fighting reported around Saraqib"
    assert page.site == "Global Conflict Wire"
    assert page.byline == "Staff Writer"
    assert page.published == date(2020, 2, 7)
    assert page.published_evidence == "html-metadata"
    assert page.language == "en"
    body = kept_text(page.raw, page.removed)
    assert body.startswith("Heavy fighting was reported around the town of Saraqib")
    assert body.endswith("at Kafr Lusin on Thursday evening.")
    for chrome in ("Most read", "Home Syria", "cookie", "Share on Facebook", "All rights reserved"):
        assert chrome not in body
        assert chrome in page.raw  # removed, not lost
    reasons = {s.label for s in page.removed}
    assert {"navigation", "sidebar", "page-footer", "title"} <= reasons


def test_page_without_article_keeps_its_text_as_removed() -> None:
    html = "<html><body><nav><a href='/'>Home</a> <a href='/x'>Sections</a></nav><footer>© 2020</footer></body></html>"
    page = extract(html)
    assert "Home" in page.raw
    assert kept_text(page.raw, page.removed) == ""


def _repository_pages() -> list[str]:
    import json

    from fogwatch.paths import REPO_DIR

    with open(REPO_DIR / "datasets" / "syndication" / "articles.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    pages = [r["raw"] for r in rows if r["format"] == "html"]
    pages += [p.read_text(encoding="utf-8") for p in sorted((REPO_DIR / "examples").rglob("*.html"))]
    return pages


def test_trafilatura_reads_the_same_main_text_from_our_parsed_page_as_from_the_text() -> None:
    # the page is parsed once: trafilatura gets a comment-free copy of our tree instead of parsing again
    import lxml.html
    import trafilatura

    from fogwatch.clean.html import _tree_for_trafilatura

    pages = _repository_pages()
    assert len(pages) > 100
    options = {"include_comments": False, "include_tables": True, "favor_recall": False, "deduplicate": False}
    shared = 0
    for html in pages:
        given = _tree_for_trafilatura(html, lxml.html.fromstring(html))
        shared += not isinstance(given, str)
        assert trafilatura.extract(given, fast=True, **options) == trafilatura.extract(html, fast=True, **options)
    assert shared == len(pages)  # the repository's pages are plain HTML5: none needed the text


def test_a_page_trafilatura_would_repair_or_refuse_goes_to_it_as_text() -> None:
    import lxml.html

    from fogwatch.clean.html import _tree_for_trafilatura

    xhtml = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        "<html><body><p>Shelling hit the market on Tuesday.</p></body></html>"
    )
    fragment = "<div><p>Shelling hit the market on Tuesday.</p></div>"
    control = "<html><body><p>Shelling hit\x0b the market.</p></body></html>"
    plain = "<html><body><!-- ad --><p>Shelling hit the market on Tuesday.</p><?php x ?></body></html>"
    for html in (xhtml, fragment, control):
        assert _tree_for_trafilatura(html, lxml.html.fromstring(html)) == html
    tree = lxml.html.fromstring(plain)
    copy = _tree_for_trafilatura(plain, tree)
    assert not isinstance(copy, str) and copy is not tree
    assert "ad" not in lxml.html.tostring(copy, encoding="unicode") and tree.xpath("//comment()")  # ours keeps its own
