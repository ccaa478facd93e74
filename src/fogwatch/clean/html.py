"""HTML pages: visible text block by block, page metadata, and the main text.

The page's visible text becomes `Article.raw`, one block per line. The main
text comes from trafilatura; every block it does not keep is recorded as a
removed span whose reason names the page region it sat in (navigation,
footer, sidebar...), so nothing on the page is lost.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fogwatch.errors import require
from fogwatch.lang import english
from fogwatch.model import Span

_EN = english().area("clean")

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
    "menu": "navigation",
}
# Class/id/role words that name a page region, in order of precedence, as one pattern.
_HINTS = (
    ("comments", r"comment"),
    ("cookie", r"cookie|consent|gdpr"),
    ("share", r"share|social"),
    ("related", r"related|recommend|most-read|popular|trending"),
    ("fundraising", r"donat|fundrais|support-us|paywall"),
    ("subscribe", r"newsletter|subscribe|signup"),
    ("navigation", r"\bnav|menu|breadcrumb"),
    ("footer", r"footer"),
    ("sidebar", r"sidebar|widget"),
)
_REGION_HINT = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _HINTS), re.I)
_HINT_REASONS = {name: ("page-footer" if name == "footer" else name) for name, _ in _HINTS}
_WS = re.compile(r"\s+")
_WRAPPER_TAGS = frozenset({"html", "body", "main", "article", "form"})
_BYLINE = _EN.regex("html_byline", re.I)


@dataclass(slots=True)
class Block:
    text: str
    region: str | None  # reason to give if the block is not main text
    forced: bool = False  # inside a region whose text is never the article


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
    # (reason, forced) of the innermost enclosing region
    region_stack: list[tuple[str | None, bool]] = [(None, False)]

    def flush() -> None:
        text = norm("".join(buf))
        buf.clear()
        if text:
            reason, forced = region_stack[-1]
            blocks.append(Block(text, reason, forced and len(text) < 200))

    def region_of(el: Any, tag: str) -> tuple[str, bool] | None:
        if tag in _REGION_REASON:
            return _REGION_REASON[tag], tag in ("nav", "menu")
        if tag in _WRAPPER_TAGS:
            return None  # classes on wrappers ("nav-open", "has-sidebar") say nothing of their text
        attrs = " ".join(str(v) for a in ("class", "id", "role") if (v := el.get(a)))
        if attrs and (m := _REGION_HINT.search(attrs)) is not None:
            reason = _HINT_REASONS[m.lastgroup or ""]
            return reason, reason == "cookie"
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
        region = region_of(el, tag)
        if block or region is not None:
            flush()
        if region is not None:
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


def align(blocks: list[Block], main: str) -> list[bool]:
    """Which blocks the extractor's output holds, matched in reading order.

    The extractor re-wraps lines and renders tables as Markdown rows, so its
    output is compared whitespace-flattened. A long block may be found anywhere
    after the cursor; a short one ("Home", a table cell) only right at it, so
    a stray word elsewhere on the page does not match by chance.
    """
    kept: list[bool] = []
    cursor = 0
    for b in blocks:
        if len(b.text) >= 25:
            i = main.find(b.text, cursor)
            if i < 0:
                i = main.find(b.text)
                if i >= 0:  # found before the cursor: keep it, but do not move back
                    kept.append(True)
                    continue
        else:
            i = main.find(b.text, cursor, cursor + len(b.text) + 12)
        kept.append(i >= 0)
        if i >= 0:
            cursor = i + len(b.text)
    return kept


def _tree_for_trafilatura(html: str, tree: Any) -> Any:
    """What trafilatura reads the main text from: the page parsed once, not twice.

    Its own loader parses the text again with a parser that drops comments and processing
    instructions; a copy of our tree without them is the same tree, made without parsing. Where the
    loader would do more than parse (repair the text, or refuse text that does not look like
    HTML), trafilatura gets the text and loads it itself, as it always did.
    """
    try:
        from lxml import etree
        from trafilatura.utils import is_dubious_html, repair_faulty_html
    except ImportError:  # another trafilatura than the one constraints.txt pins
        return html
    beginning = html[:50].lower()
    if is_dubious_html(beginning) or repair_faulty_html(html, beginning) != html:
        return html
    copy = deepcopy(tree)
    etree.strip_elements(copy, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    return copy


def extract(html: str, url: str | None = None) -> HtmlPage:
    """Parse a page: its blocks as raw text, the non-article blocks as removed spans."""
    trafilatura: Any = require("trafilatura", "html", "Reading HTML pages")
    lxml_html: Any = require("lxml.html", "html", "Reading HTML pages")
    tree = lxml_html.fromstring(html)
    blocks = page_blocks(tree)
    main = trafilatura.extract(
        _tree_for_trafilatura(html, tree),
        url=url,
        include_comments=False,
        include_tables=True,
        favor_recall=False,
        deduplicate=False,
        fast=True,
    )
    meta = trafilatura.extract_metadata(tree, default_url=url, extensive=False)
    title = norm(meta.title) if meta is not None and meta.title else None
    in_main = align(blocks, norm(main or ""))

    raw_parts: list[str] = []
    removed: list[Span] = []
    pos = 0
    for b, kept in zip(blocks, in_main, strict=True):
        start = pos
        raw_parts.append(b.text)
        pos += len(b.text)
        end = pos
        raw_parts.append("\n")
        pos += 1
        reason: str | None = None
        if title and b.text == title:
            reason = "title"
        elif _BYLINE.match(b.text) and len(b.text) < 80:
            reason = "metadata"
        elif not kept or b.forced:
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
    if page.published is None:
        page.published = _date_from_text(tree, url, blocks)
        page.published_evidence = "html-text" if page.published else None
    lang = tree.get("lang") or (meta.language if meta is not None else None)
    if lang:
        page.language = str(lang).split("-")[0].lower()
    return page


_COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*[-–]\s*)?((?:19|20)\d{2})", re.I)


def _date_from_text(tree: Any, url: str | None, blocks: list[Block]) -> date | None:
    """htmldate's extensive search over the page text, when no metadata gave a date.

    Its fallback turns a copyright notice into 1 January of that year; such a
    guess is not a publication date and is dropped.
    """
    htmldate: Any = require("htmldate", "html", "Reading HTML pages")
    found = htmldate.find_date(tree, url=url, extensive_search=True, original_date=True)
    if not found:
        return None
    try:
        d = date.fromisoformat(found[:10])
    except ValueError:
        return None
    if (d.month, d.day) == (1, 1):
        years = {m.group(1) for b in blocks for m in _COPYRIGHT_YEAR.finditer(b.text)}
        if str(d.year) in years:
            return None
    return d
