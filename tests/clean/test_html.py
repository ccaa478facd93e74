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
