"""HTML pages: visible text block by block, page metadata, and the main text.

The page's visible text becomes `Article.raw`, one block per line. The main
text comes from trafilatura; every block it does not keep is recorded as a
removed span whose reason names the page region it sat in (navigation,
footer, sidebar...), so nothing on the page is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fogwatch.errors import require
from fogwatch.model import Span

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "br",
        "caption",
        "center",
        "menu",
    ]
)
_SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "head",
        "iframe",
        "object",
        "canvas",
        "select",
        "option",
        "button",
    ]
)
_REGION_REASON = {
    "nav": "navigation",
    "header": "page-header",
    "footer": "page-footer",
    "aside": "sidebar",
    "form": "form",
    "menu": "navigation",
}
_REGION_HINTS = (
    (re.compile(r"comment", re.I), "comments"),
    (re.compile(r"cookie|consent|gdpr", re.I), "cookie"),
    (re.compile(r"share|social", re.I), "share"),
    (re.compile(r"related|recommend|most-read|popular|trending", re.I), "related"),
    (re.compile(r"donat|fundrais|support-us|paywall", re.I), "fundraising"),
    (re.compile(r"newsletter|subscribe|signup", re.I), "subscribe"),
    (re.compile(r"\bnav|menu|breadcrumb", re.I), "navigation"),
    (re.compile(r"footer", re.I), "page-footer"),
    (re.compile(r"sidebar|widget", re.I), "sidebar"),
)
_WS = re.compile(r"\s+")
# Regions whose text is never the article, even when the extractor falls back to them.
_NEVER_MAIN = frozenset({"navigation", "cookie", "share", "form"})
_BYLINE = re.compile(r"^(?:by|written by|author:?)\s+\S", re.I)


@dataclass(slots=True)
class Block:
    text: str
    region: str | None  # reason to give if the block is not main text


@dataclass(slots=True)
class HtmlPage:
    raw: str
    removed: list[Span]
    title: str | None = None
    site: str | None = None
    byline: str | None = None
    published: date | None = None
    published_evidence: str | None = None
    language: str | None = None
    url: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def page_blocks(tree: Any) -> list[Block]:
    """The visible text of a parsed page, one Block per block-level element run."""
    blocks: list[Block] = []
    buf: list[str] = []
    region_stack: list[str | None] = [None]

    def flush() -> None:
        text = norm("".join(buf))
        buf.clear()
        if text:
            blocks.append(Block(text, region_stack[-1]))

    def region_of(el: Any) -> str | None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _REGION_REASON:
            return _REGION_REASON[tag]
        attrs = " ".join(str(el.get(a, "")) for a in ("class", "id", "role"))
        if attrs.strip():
            for pattern, reason in _REGION_HINTS:
                if pattern.search(attrs):
                    return reason
        return None

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None:  # comments, processing instructions
            if el.tail:
                buf.append(el.tail)
            return
        tag = tag.lower()
        if tag in _SKIP_TAGS or el.get("hidden") is not None:
            if el.tail:
                buf.append(el.tail)
            return
        block = tag in _BLOCK_TAGS
        region = region_of(el)
        if block:
            flush()
        if region is not None:
            flush()
            region_stack.append(region)
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
        if block or region is not None:
            flush()
        if region is not None:
            region_stack.pop()
        if el.tail:
            buf.append(el.tail)

    body = tree.find(".//body")
    walk(body if body is not None else tree)
    flush()
    return blocks


def extract(html: str, url: str | None = None) -> HtmlPage:
    """Parse a page: its blocks as raw text, the non-article blocks as removed spans."""
    trafilatura: Any = require("trafilatura", "html", "Reading HTML pages")
    lxml_html: Any = require("lxml.html", "html", "Reading HTML pages")
    tree = lxml_html.fromstring(html)
    blocks = page_blocks(tree)
    main = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=True, favor_recall=False, deduplicate=False
    )
    meta = trafilatura.extract_metadata(html, default_url=url)
    title = norm(meta.title) if meta is not None and meta.title else None
    main_lines = [norm(x) for x in (main or "").splitlines() if norm(x)]
    main_set = set(main_lines)
    main_joined = "\n".join(main_lines)

    raw_parts: list[str] = []
    removed: list[Span] = []
    pos = 0
    for b in blocks:
        start = pos
        raw_parts.append(b.text)
        pos += len(b.text)
        end = pos
        raw_parts.append("\n")
        pos += 1
        in_main = b.text in main_set or (len(b.text) >= 25 and b.text in main_joined)
        reason: str | None = None
        if title and b.text == title:
            reason = "title"
        elif _BYLINE.match(b.text) and len(b.text) < 80:
            reason = "metadata"
        elif not in_main or b.region in _NEVER_MAIN:
            reason = b.region or "page-chrome"
        if reason is None:
            continue
        if removed and removed[-1].label == reason and removed[-1].end == start:
            removed[-1] = Span(removed[-1].start, end + 1, reason)
        else:
            removed.append(Span(start, end + 1, reason))

    page = HtmlPage(raw="".join(raw_parts), removed=removed, title=title, url=url)
    if meta is not None:
        page.site = norm(meta.sitename) if meta.sitename else None
        page.byline = norm(meta.author) if meta.author else None
        if meta.date:
            try:
                page.published = date.fromisoformat(meta.date[:10])
                page.published_evidence = "html-metadata"
            except ValueError:
                pass
        page.url = page.url or meta.url
        if meta.categories:
            page.meta["section"] = ", ".join(meta.categories)
        if meta.tags:
            page.meta["tags"] = ", ".join(meta.tags)
    lang = tree.get("lang") or (meta.language if meta is not None else None)
    if lang:
        page.language = str(lang).split("-")[0].lower()
    return page
