"""Text-level cleaning of extracted text and scraped dumps.

Works line by line: the header is read for metadata (title, dateline, byline,
tags), each line is tested against boilerplate classes, and a reader-comment
section after the article is removed as one block. Every removed line becomes
a Span into the raw text with its class as the label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from fogwatch.clean.dates import find_date_in_line
from fogwatch.model import Span


@dataclass(slots=True)
class Line:
    start: int
    end: int  # end of the line's text, before "\n"
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass(slots=True)
class Cleaned:
    removed: list[Span] = field(default_factory=list)
    title: str | None = None
    site: str | None = None
    byline: str | None = None
    published: date | None = None
    published_evidence: str | None = None
    original_source: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def split_lines(text: str) -> list[Line]:
    lines = []
    pos = 0
    for part in text.split("\n"):
        lines.append(Line(pos, pos + len(part), part))
        pos += len(part) + 1
    return lines


_MONEY_ONLY = re.compile(
    r"^(?:[-*•]\s*)?(?:[$€£]\s?\d[\d,.]*[kK]?|\d[\d,.]*\s?(?:USD|EUR|\$|€|£)|other( amount)?)\s*$", re.I
)
_AMOUNT = re.compile(r"[$€£]\s?\d[\d,.]*")
_FUND_WORDS = re.compile(
    r"\b(donat\w*|fundrais\w*|support (?:us|our|independent|this|the)\b|become a (?:patron|member|supporter)|"
    r"patreon|paypal|monthly gift|one-time|raised so far|of our goal|goal:|\braised\b|contribut\w+ (?:today|now)|"
    r"chip in|keep us (?:going|independent|online|free))",
    re.I,
)
_SHARE = re.compile(
    r"^(?:share(?: this(?: article| story| post)?)?(?: on \w+)?:?|tweet|email|e-mail|print|pin it|whatsapp|telegram|"
    r"facebook|twitter|x|vk|vkontakte|reddit|linkedin|copy link|"
    r"(?:share|forward|send) (?:this|it) (?:article |story |post )?(?:to|with) (?:a friend|friends|your \w+)\.?|"
    r"like this:?|liked? (?:this|it)\?.*|loading\.*|click to share.*|share on \w+.*|follow us on .*|"
    r"join (?:us|our \w+) on (?:telegram|twitter|facebook|vk|gab|x)\b.*)$",
    re.I,
)
_SUBSCRIBE = re.compile(
    r"\b(subscribe to (?:our|the) (?:newsletter|channel|mailing list|daily|weekly)|sign up for (?:our|the)\b|"
    r"get (?:our|the) (?:newsletter|latest)|never miss (?:a|an) \w+|delivered (?:straight )?to your inbox|"
    r"enter your e-?mail)",
    re.I,
)
_DISCLAIMER = re.compile(
    r"(sole responsibility of the author|do not necessarily (?:reflect|represent)|fair use|"
    r"all rights reserved|©|\(c\) ?\d{4}|copyright \d{4}|copyright ©|copyright (?:of|by) |the original source of this article is|"
    r"republish(?:ed)? (?:with|by) permission|reproduced (?:with|under)|originally (?:published|appeared) (?:at|on|in)|"
    r"may be (?:freely )?(?:reproduced|republished)|grants permission to|the views expressed in this article)",
    re.I,
)
_ORIGINAL_SOURCE = re.compile(r"the original source of this article is\s+(.+?)\.?\s*$", re.I)
_ORIGINAL_ALT = re.compile(
    r"^(?:this article )?(?:was )?originally (?:published|appeared) (?:at|on|in|by)\s+(.+?)\.?\s*$", re.I
)
_MEDIA = re.compile(r"^(?:for )?media (?:inquiries|enquiries|contact)|^press (?:inquiries|contact)|^contact us\b", re.I)
_EMAIL_PLACEHOLDER = re.compile(
    r"\[\s*email(?:&#160;|\s)*protected\s*\]|\b\w+\s*[\[(]\s*at\s*[\])]\s*\w+(?:\s*[\[(]\s*dot\s*[\])]\s*\w+)+", re.I
)
_COOKIE = re.compile(
    r"\b(cookies?\b.*\b(?:use|accept|consent|policy|experience)|accept (?:all )?cookies|privacy policy)", re.I
)
_RELATED = re.compile(
    r"^(?:related(?: articles| posts| stories| news| coverage)?|read (?:more|also)|see also|you may (?:also )?like|"
    r"recommended(?: for you)?|more (?:on|from|stories)\b|most (?:read|popular|viewed)|trending(?: now)?|"
    r"also on \w+|latest (?:news|stories))\b:?",
    re.I,
)
_BARE_URL = re.compile(r"^(?:<)?(?:https?://|www\.)\S+(?:>)?$|^pic\.twitter\.com/\S+$", re.I)
_EMBED = re.compile(
    r"(youtube\.com|youtu\.be|vimeo\.com|rumble\.com|bitchute\.com|t\.me/|pic\.twitter\.com|/embed/)", re.I
)
_MD_LINK_ONLY = re.compile(r"^(?:[-*•]\s*)?(?:!?\[[^\]]*\]\([^)]*\)\s*)+$")
_MD_IMAGE_LINK = re.compile(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!\[[^\]]*\]\([^)]*\)")
_HEADER_META = re.compile(
    r"^(?:tags?|topics?|themes?|section|sections|category|categories|filed under|posted in|keywords)\s*:\s*(.+)$", re.I
)
_BYLINE = re.compile(r"^(?:by|written by|author|authors|reporting by)\s*:?\s+(.{2,80}?)\s*$", re.I)
_URL_LINE = re.compile(r"^(?:source|url|link|original(?: url)?)\s*:\s*(https?://\S+)\s*$", re.I)
_NAV = re.compile(
    r"^(?:home|menu|search|log ?in|sign ?in|skip to (?:main )?content|back to top|previous (?:article|post)|next (?:article|post))\b.{0,30}$",
    re.I,
)

# Reader comments
_COMMENT_HEADER = re.compile(
    r"^(?:\d+\s+(?:comments?|responses?|replies|thoughts on .*)|comments?(?:\s*\(\d+\))?:?|leave a (?:reply|comment)|"
    r"(?:join|start) the discussion|reader comments|what (?:do )?(?:you|readers) think\??|discussion|"
    r"show comments|view comments|post a comment)\s*$",
    re.I,
)
_COMMENT_AUTHOR = re.compile(r"^.{1,60}?\s+(?:says|said|wrote|writes|replied|commented)\s*:?\s*$", re.I)
_COMMENT_STAMP = re.compile(
    r"^(?:[A-Z][a-z]+ \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4}|\d{4}-\d{2}-\d{2})(?:,? at \d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)?\s*$|"
    r"^\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\s*$|^\d+ (?:minutes?|hours?|days?|weeks?|months?) ago$",
    re.I,
)
_REPLY = re.compile(r"^(?:reply|log in to reply|report|like|\d+ likes?|upvote|downvote|↑|↓|flag|permalink)\s*$", re.I)


def line_class(text: str) -> str | None:
    """The boilerplate class of one line on its own, or None for a body line."""
    s = text.strip()
    if not s:
        return None
    low = s.lower()
    if _MONEY_ONLY.match(s):
        return "fundraising"
    if _MD_LINK_ONLY.match(s):
        return "link-residue"
    if _BARE_URL.match(s):
        return "embed" if _EMBED.search(s) else "link-residue"
    if len(s) <= 140 and _SHARE.match(s):
        return "share"
    if _SUBSCRIBE.search(s) and len(s) < 240:
        return "subscribe"
    if _MEDIA.match(s):
        return "media-inquiry"
    if _EMAIL_PLACEHOLDER.search(s) and len(s) < 160:
        return "email"
    if _DISCLAIMER.search(s) and (len(s) < 400 or (low.count("copyright") > 0 and len(s) < 600)):
        return "disclaimer"
    if _COOKIE.search(s) and len(s) < 300:
        return "cookie"
    if _FUND_WORDS.search(s) and (len(s) < 200 or (_AMOUNT.search(s) and len(s) < 400)):
        return "fundraising"
    if _RELATED.match(s) and len(s) < 120:
        return "related"
    if _NAV.match(s):
        return "navigation"
    return None


def _norm_title(s: str) -> str:
    s = re.sub(r"^#+\s*", "", s.strip())
    s = s.strip("*_ ")
    return re.sub(r"\W+", " ", s).strip().lower()


def _is_body_para(s: str) -> bool:
    return len(s) >= 120 and s.count(" ") >= 15 and s.rstrip()[-1:] in ".\"'”’)»:"


def _is_sentence(s: str) -> bool:
    """A line that reads as prose (a headline rarely ends in a full stop after many words)."""
    return s.rstrip()[-1:] in ".!?" and len(s.split()) >= 10 and not s.startswith("#")


def _has_more(lines: list[Line], i: int) -> bool:
    return any(ln.stripped for ln in lines[i + 1 :])


def _read_header(lines: list[Line], out: Cleaned, labels: list[str | None], markdown: bool) -> int:
    """Label header lines (title, repeats, dateline, byline, tags); return the first body line index."""
    title_norm: str | None = None
    i = 0
    seen_nonblank = 0
    while i < len(lines) and seen_nonblank < 12:
        s = lines[i].stripped
        if not s:
            i += 1
            continue
        if _is_body_para(s):
            break
        seen_nonblank += 1
        n = _norm_title(s)
        if (
            title_norm is None
            and ((markdown and s.startswith("#")) or not _HEADER_META.match(s))
            and len(s) <= 250
            and not _BYLINE.match(s)
            and line_class(s) is None
            and find_date_in_line(s) is None
            and not _is_sentence(s)
            and _has_more(lines, i)
        ):
            out.title = re.sub(r"^#+\s*", "", s).strip().strip("*_ ").strip()
            title_norm = n
            labels[i] = "title"
        elif title_norm is not None and n == title_norm:
            labels[i] = "title-repeat"
        elif (m := _HEADER_META.match(s)) is not None:
            key = s.split(":", 1)[0].strip().lower()
            key = {
                "tag": "tags",
                "topic": "tags",
                "topics": "tags",
                "keywords": "tags",
                "theme": "themes",
                "categories": "section",
                "category": "section",
                "filed under": "section",
                "posted in": "section",
                "sections": "section",
            }.get(key, key)
            out.meta[key] = m.group(1).strip()
            labels[i] = "metadata"
        elif (m := _BYLINE.match(s)) is not None and len(s) < 100:
            out.byline = m.group(1).strip().rstrip(",")
            labels[i] = "metadata"
        elif (m := _URL_LINE.match(s)) is not None:
            out.meta["url"] = m.group(1)
            labels[i] = "metadata"
        elif (found := find_date_in_line(s)) is not None and found.rest_words <= 8 and len(s) < 120:
            if out.published is None:
                out.published = found.date
                out.published_evidence = "dateline"
            if found.outlet and out.site is None:
                out.site = found.outlet
            labels[i] = "metadata"
        elif (cls := line_class(s)) is not None:
            labels[i] = cls
        elif _MD_IMAGE_LINK.search(s) and len(_MD_IMAGE_LINK.sub("", s).strip()) < 3:
            labels[i] = "link-residue"
        else:
            break
        i += 1
    return i


def _comment_start(lines: list[Line], body_start: int) -> int | None:
    """Index of the line where an appended reader-comment section begins, if any."""
    n = len(lines)
    for i in range(body_start, n):
        s = lines[i].stripped
        if not s:
            continue
        if _COMMENT_HEADER.match(s):
            return i
        if _COMMENT_AUTHOR.match(s) and _has_comment_signals(lines, i, n):
            return i
    return None


def _has_comment_signals(lines: list[Line], i: int, n: int) -> bool:
    window = [ln.stripped for ln in lines[i : min(n, i + 12)] if ln.stripped]
    signals = sum(1 for s in window if _REPLY.match(s) or _COMMENT_STAMP.match(s) or _COMMENT_AUTHOR.match(s))
    return signals >= 2


def clean_text(raw: str, fmt: str = "text", skip: Iterable[tuple[int, int]] = ()) -> Cleaned:
    """Classify every line of `raw`; return the removed spans and header metadata.

    `skip` are raw ranges already removed by an earlier stage (HTML chrome):
    their lines are left alone.
    """
    out = Cleaned()
    lines = split_lines(raw)
    skipped = _skipped_lines(lines, list(skip))
    active = [ln if not skipped[k] else Line(ln.start, ln.end, "") for k, ln in enumerate(lines)]
    labels: list[str | None] = [None] * len(lines)
    markdown = fmt == "markdown"
    body_start = _read_header(active, out, labels, markdown) if not any(skipped) else 0

    for k in range(body_start, len(active)):
        s = active[k].stripped
        if not s or labels[k]:
            continue
        cls = line_class(s)
        if cls is None and markdown and _MD_IMAGE_LINK.search(s) and len(_MD_IMAGE_LINK.sub("", s).strip()) < 3:
            cls = "link-residue"
        if cls is None and _HEADER_META.match(s) and len(s) < 200:
            cls = "metadata"
        if cls is not None:
            labels[k] = cls
        m = _ORIGINAL_SOURCE.search(s) or _ORIGINAL_ALT.match(s)
        if m and out.original_source is None:
            out.original_source = _strip_md(m.group(1))

    _grow_fundraising(active, labels)
    cstart = _comment_start(active, body_start)
    if cstart is not None:
        for k in range(cstart, len(active)):
            if active[k].stripped and labels[k] is None:
                labels[k] = "comments"

    out.removed = _to_spans(lines, labels)
    return out


def _strip_md(s: str) -> str:
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    return s.strip().strip("*_").strip()


def _skipped_lines(lines: list[Line], skip: list[tuple[int, int]]) -> list[bool]:
    if not skip:
        return [False] * len(lines)
    out = []
    for ln in lines:
        out.append(any(a <= ln.start and ln.end <= b for a, b in skip))
    return out


def _grow_fundraising(lines: list[Line], labels: list[str | None]) -> None:
    """A fundraising widget is a run: short lines next to amounts and appeals join it."""
    n = len(lines)
    changed = True
    while changed:
        changed = False
        for k in range(n):
            if labels[k] is not None or not lines[k].stripped:
                continue
            s = lines[k].stripped
            if len(s) > 60 or _is_body_para(s):
                continue
            near = [j for j in range(max(0, k - 2), min(n, k + 3)) if j != k and labels[j] == "fundraising"]
            if near and (len(s) <= 30 or _AMOUNT.search(s) or _FUND_WORDS.search(s)):
                labels[k] = "fundraising"
                changed = True


def _to_spans(lines: list[Line], labels: list[str | None]) -> list[Span]:
    """Merge labelled lines (and the blank lines between runs of one label) into spans."""
    spans: list[Span] = []
    n = len(lines)
    k = 0
    while k < n:
        label = labels[k]
        if label is None:
            k += 1
            continue
        j = k
        while True:
            nxt = j + 1
            while nxt < n and not lines[nxt].stripped and labels[nxt] is None:
                nxt += 1
            if nxt < n and labels[nxt] == label:
                j = nxt
            else:
                break
        end = lines[j].end + (1 if j + 1 < n else 0)
        spans.append(Span(lines[k].start, end, label))
        k = j + 1
    return spans
