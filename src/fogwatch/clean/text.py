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
from functools import lru_cache

from fogwatch.clean.dates import MONTHS, find_date_in_line, find_dateline, find_update_line
from fogwatch.clean.inline import MIN_LINE as INLINE_MIN
from fogwatch.clean.inline import inline_spans
from fogwatch.clean.outlets import find_outlets
from fogwatch.lang import english
from fogwatch.model import Span, merge_spans

_EN = english().area("clean")


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
    site_hint: str | None = None  # weaker evidence of the outlet: a copyright holder, an "<Outlet> Staff" byline
    site_evidence: str | None = None  # what named the site: "copyright", "source-line", "footer", "url", ...
    wire: list[str] = field(default_factory=list)  # agencies the text credits for its copy
    wire_evidence: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def split_lines(text: str) -> list[Line]:
    lines = []
    pos = 0
    for part in text.split("\n"):
        lines.append(Line(pos, pos + len(part), part))
        pos += len(part) + 1
    return lines


_MONEY_ONLY = _EN.regex("money_only", re.I)
_AMOUNT = re.compile(r"[$€£]\s?\d[\d,.]*")
_FUND_WORDS = _EN.regex("fund_words", re.I)
_SHARE_PHRASE = _EN.regex("share_phrase", re.I)
_SHARE_LEAD = _EN.regex("share_lead", re.I)
_SHARE = _EN.regex("share", re.I)
_SUBSCRIBE = _EN.regex("subscribe", re.I)
_SUBSCRIBE_WORD = _EN.regex("subscribe_word", re.I)
_DISCLAIMER = _EN.regex("disclaimer", re.I)
_ORIGINAL_SOURCE = _EN.regex("original_source", re.I)
_ORIGINAL_ALT = _EN.regex("original_alt", re.I)
_MEDIA = _EN.regex("media", re.I)
_EMAIL_PLACEHOLDER = _EN.regex("email_placeholder", re.I)
_COOKIE = _EN.regex("cookie", re.I)
_RELATED = _EN.regex("related", re.I)
_BARE_URL = re.compile(r"^(?:<)?(?:https?://|www\.)\S+(?:>)?$|^pic\.twitter\.com/\S+$", re.I)
_EMBED = re.compile(
    r"(youtube\.com|youtu\.be|vimeo\.com|rumble\.com|bitchute\.com|t\.me/|pic\.twitter\.com|/embed/)", re.I
)
_MD_LINK_ONLY = re.compile(r"^(?:[-*•+]\s*|\d{1,2}[.)]\s+)?(?:!?\[[^\]]*\]\([^)]*\)\s*(?:[·|•,/-]\s*)?)+$")
_CAPTION_LEAD = _EN.regex("caption_lead", re.I)
_CORRECTION = _EN.regex("correction", re.I)
_SEPARATOR = re.compile(r"^(?:[-*_=~·•]\s*){3,}$")
_CAPTION = _EN.regex("caption", re.I)
_MD_IMAGE_LINK = re.compile(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!\[[^\]]*\]\([^)]*\)")
_HEADER_META = _EN.regex("header_meta", re.I)
_BYLINE = _EN.regex("byline", re.I)
_URL_LINE = _EN.regex("url_line", re.I)
_COPYRIGHT_HOLDER = _EN.regex("copyright_holder")
_STAFF_BYLINE = _EN.regex("staff_byline", re.I)
_HEADER_SPLIT = re.compile(r"\s+[|·•—]\s+|\s+-\s+")
_NAV = _EN.regex("nav", re.I)

# Reader comments
_COMMENT_HEADER = _EN.regex("comment_header", re.I)
_COMMENT_AUTHOR = _EN.regex("comment_author", re.I)
# When a comment was posted: a date, a clock time, or a relative time.
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WHEN = _EN.pattern("when", month=_MONTH)
_COMMENT_STAMP = _EN.regex("comment_stamp", re.I, when=_WHEN)
# A commenter's head line: "Posted by Abu Hadi on 14 March 2024 at 18:40", "▲ 18 · Nour_K · 3 hours ago",
# "↳ Lilit M. replied · 28 Sep 2020, 08:02", "Aram K. · 27 Sep 2020, 21:14". It ends with the time:
# a live-blog entry starts with a time and goes on with its text.
_COMMENT_BYLINE = _EN.regex("comment_byline", re.I, when=_WHEN)
_REPLY = _EN.regex("reply", re.I)
# "**Aram K.** · 27 Sep 2020, 21:14", "[Piotr W.](...)": a commenter's name line with a stamp


def _amounts_only(s: str) -> bool:
    """A row of donation amounts, possibly as links: "[$10](...) [$25](...) [Other](...)"."""
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    parts = [p for p in re.split(r"[\s|·•,/]+", plain) if p]
    return len(parts) >= 2 and all(
        _MONEY_ONLY.match(p) or p.lower() in ("other", "amount", "once", "monthly") for p in parts
    )


_PROSE_BEFORE = re.compile(r"(?:[^.!?]{40,}[.!?][\"”]?\s+){2,}")


def line_class(text: str) -> str | None:
    """The boilerplate class of one line on its own, or None for a body line."""
    return _line_class(text.strip())


@lru_cache(maxsize=1 << 16)
def _line_class(s: str) -> str | None:
    # A pure function of the line: memoised, since a site's template lines recur in every page.
    # Length tests come first: most patterns only apply to short lines, and body paragraphs are long.
    if not s:
        return None
    n = len(s)
    if n < 200:
        if _MONEY_ONLY.match(s) or _amounts_only(s):
            return "fundraising"
        if _SEPARATOR.match(s):
            return "separator"
        if n <= 140 and _SHARE.match(s):
            return "share"
        if _SUBSCRIBE_WORD.match(s):
            return "subscribe"
    if _MD_LINK_ONLY.match(s):
        return "link-residue"
    if _BARE_URL.match(s):
        return "embed" if _EMBED.search(s) else "link-residue"
    if n < 300 and _SHARE_PHRASE.search(s):
        return "share"
    if n < 240 and _SUBSCRIBE.search(s):
        return "subscribe"
    if _MEDIA.match(s):
        return "media-inquiry"
    if n < 250 and _CAPTION_LEAD.match(s):
        return "caption"
    if n < 600 and _CORRECTION.match(s):
        return "correction"
    if n < 160 and _EMAIL_PLACEHOLDER.search(s):
        return "email"
    if (
        n < 600
        and (d := _DISCLAIMER.search(s)) is not None
        and (n < 400 or "copyright" in s.lower())
        # a page saved on one line, prose first and its copyright at the end, is a page
        and (n < 250 or d.start() < 0.4 * n or not _PROSE_BEFORE.match(s[: d.start()]))
    ):
        return "disclaimer"
    if n < 300 and _COOKIE.search(s):
        return "cookie"
    if n < 400 and _FUND_WORDS.search(s) and (n < 200 or _AMOUNT.search(s)):
        return "fundraising"
    if n < 400:
        plain = _strip_md(s).strip("*_ ")
        if _RELATED.match(plain) and (len(plain) < 160 or re.match(r"^[\w ]{3,25}:", plain)):
            return "related"
        if _SHARE_LEAD.match(plain) and len(plain.split()) <= 14:
            return "share"
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


def _title_like(s: str) -> bool:
    """Not a masthead or a menu: several words, not all capitals, not spaced-out or piped items."""
    plain = _strip_md(s).strip("#*_ ")
    words = plain.split()
    if len(words) < 3 or plain.isupper() or "  " in plain:
        return False
    if plain[:1] in "—–-~=*•★" and plain[-1:] in "—–-~=*•★":
        return False  # a banner: "— Site — tagline —"
    return not re.search(r"\s[|·•∙]\s", plain)


def _has_more(lines: list[Line], i: int) -> bool:
    return any(ln.stripped for ln in lines[i + 1 :])


def _header_fields(s: str, out: Cleaned) -> bool:
    """Read a header line made of fields ("By X | February 28, 2020 | Breaking"); True if it was metadata."""
    plain = _strip_md(s)
    fields = [f.strip(" *_") for f in _HEADER_SPLIT.split(plain) if f.strip(" *_")]
    if len(fields) < 2:
        return False
    dated = bylined = False
    unknown: list[str] = []
    for f in fields:
        found = find_date_in_line(f)
        if found is not None and found.rest_words <= 2:
            dated = True
            if out.published is None:
                out.published, out.published_evidence = found.date, "dateline"
            if found.outlet and out.site is None:
                out.site = found.outlet
        elif (m := _BYLINE.match(f)) is not None:
            bylined = True
            _set_byline(out, m.group(1))
        elif (m := _ORIGINAL_ALT.match(f)) is not None:
            out.original_source = out.original_source or m.group(1).strip()
        else:
            unknown.append(f)
    if not (dated or bylined) or any(len(f.split()) > 6 for f in unknown):
        return False
    for f in unknown:
        if out.site is None and f == fields[0] and f[:1].isupper():
            out.site = f
        else:
            out.meta.setdefault("section", f)
    return True


def _set_byline(out: Cleaned, name: str) -> None:
    name = name.strip().rstrip(",").strip()
    out.byline = out.byline or name
    if (m := _STAFF_BYLINE.match(name)) is not None and out.site_hint is None:
        out.site_hint = m.group(1).strip()


def _read_header(lines: list[Line], out: Cleaned, labels: list[str | None], markdown: bool) -> int:
    """Label header lines (title, repeats, dateline, byline, tags); return the first body line index."""
    title_norm: str | None = None
    head = [ln.stripped for ln in lines[:20] if ln.stripped]
    counts: dict[str, int] = {}
    for h in head:
        counts[_norm_title(h)] = counts.get(_norm_title(h), 0) + 1
    repeated = {k for k, c in counts.items() if c >= 2 and len(k.split()) >= 3}
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
            and repeated
            and n not in repeated
            and not _HEADER_META.match(s)
            and (
                line_class(s) is None
                and find_date_in_line(s) is None
                and not _BYLINE.match(s)
                and not _header_fields(s, Cleaned())
            )
        ):
            i += 1  # the headline is the line the page repeats: this one is a masthead or menu
            continue
        if (
            title_norm is None
            and ((markdown and s.startswith("#")) or not _HEADER_META.match(s))
            and len(s) <= 250
            and not _BYLINE.match(s)
            and line_class(s) is None
            and find_date_in_line(s) is None
            and (not _is_sentence(s) or n in repeated)
            and _has_more(lines, i)
            and _wrapped_para(lines, i) == i
            and _title_like(s)
        ):
            out.title = re.sub(r"^#+\s*", "", s).strip().strip("*_ ").strip()
            title_norm = n
            labels[i] = "title"
        elif title_norm is not None and n == title_norm:
            labels[i] = "title-repeat"
        elif (m := _HEADER_META.match(s)) is not None:
            key = s.split(":", 1)[0].strip().lower()
            key = _META_KEYS.get(key, key)
            out.meta[key] = _strip_md(m.group(1)).strip()
            labels[i] = "metadata"
        elif _header_fields(s, out):
            labels[i] = "metadata"
        elif (m := _BYLINE.match(_strip_md(s).strip("*_ "))) is not None and len(s) < 100:
            _set_byline(out, m.group(1))
            labels[i] = "metadata"
        elif (m := _URL_LINE.match(s)) is not None:
            out.meta["url"] = m.group(1)
            labels[i] = "metadata"
        elif (
            (found := find_date_in_line(_strip_md(s).strip("*_ "))) is not None
            and found.rest_words <= 8
            and len(s) < 120
        ):
            if out.published is None:
                out.published = found.date
                out.published_evidence = "dateline"
            if found.outlet and out.site is None:
                out.site = found.outlet
            labels[i] = "metadata"
        elif (cls := line_class(s)) is not None:
            labels[i] = cls
        elif _is_image_residue(s):
            labels[i] = "link-residue"
        elif _follows_image(lines, labels, i) and _looks_like_caption(s):
            labels[i] = "caption"
        elif _wrapped_para(lines, i) > i:
            break  # a hard-wrapped first paragraph: the body has begun
        i += 1
    return i


_META_KEYS: dict[str, str] = _EN.table("meta_keys")


def _is_image_residue(s: str) -> bool:
    return bool(_MD_IMAGE_LINK.search(s)) and len(_MD_IMAGE_LINK.sub("", s).strip()) < 3


def _follows_image(lines: list[Line], labels: list[str | None], i: int) -> bool:
    j = i - 1
    while j >= 0 and not lines[j].stripped:
        j -= 1
    return j >= 0 and labels[j] == "link-residue" and _is_image_residue(lines[j].stripped)


def _looks_like_caption(s: str) -> bool:
    """A photo caption: short, under an image, often credited ("Photo: ...")."""
    return len(s) < 220 and (
        bool(_CAPTION.search(s)) or not s.rstrip().endswith((".", '"', "”")) or len(s.split()) < 25
    )


def _comment_start(lines: list[Line], begin: int) -> int | None:
    """Index of the line where an appended reader-comment section begins, if any.

    A heading ("12 Comments", "Join the discussion", "Comments are closed")
    opens one; so does a commenter's head line (a name with a time, or
    "X says:") followed closely by another one or by a "Reply" button.
    """
    n = len(lines)
    prose_words = 0  # comments follow an article: none before a body's worth of prose
    for i in range(begin, n):
        s = lines[i].stripped
        if not s:
            continue
        if prose_words < _BODY_BEFORE_COMMENTS:
            if _is_anchor(s, False) or _wrapped_para(lines, i) > i:
                prose_words += len(s.split())
            continue
        head = _strip_md(s.lstrip("#").strip()).strip("*_ ")
        if _COMMENT_HEADER.match(head):
            if _has_comment_signals(lines, i + 1, n, need=1) or _near_end(lines, i):
                return i
        elif len(s) <= 90 and _is_comment_head(s) and _has_comment_signals(lines, i, n, need=2):
            return i
    return None


_BODY_BEFORE_COMMENTS = 80  # words of prose paragraphs


def _is_comment_head(s: str) -> bool:
    plain = _strip_md(s)
    return bool(_COMMENT_AUTHOR.match(plain) or _COMMENT_BYLINE.match(plain) or _is_name_link(s))


def _near_end(lines: list[Line], i: int) -> bool:
    """Only a few short lines follow: a closed or empty comment section at the foot of the page."""
    rest = [ln.stripped for ln in lines[i + 1 :] if ln.stripped]
    return len(rest) <= 3 and all(len(x) < 120 for x in rest)


def _is_name_link(s: str) -> bool:
    return bool(re.fullmatch(r"\[[^\]]{1,40}\]\([^)]*\)", s))


def _has_comment_signals(lines: list[Line], i: int, n: int, need: int) -> bool:
    window = [ln.stripped for ln in lines[i : min(n, i + 10)] if ln.stripped]
    replies = sum(1 for s in window if _REPLY.match(_strip_md(s)))
    heads = sum(1 for s in window if len(s) <= 90 and (_is_comment_head(s) or _COMMENT_STAMP.match(s)))
    if heads >= 2:
        return True  # two commenters' name-and-time lines close together
    if need <= 1:
        return heads + replies >= 1  # under a comments heading, one commenter is enough
    return replies >= 1 and replies + heads >= need


_END_PUNCT = (".", "!", "?", "…", '"', "'", "”", "’", ")", "]", ":", ";")


def _units(lines: list[Line], labels: list[str | None]) -> list[list[int]]:
    """Paragraph units: a hard-wrapped paragraph is one unit, any other line is its own."""
    units: list[list[int]] = []
    k = 0
    n = len(lines)
    while k < n:
        if not lines[k].stripped:
            k += 1
            continue
        j = _wrapped_para(lines, k) if labels[k] is None else k
        if any(labels[x] is not None for x in range(k, j + 1)):
            j = k
        units.append(list(range(k, j + 1)))
        k = j + 1
    return units


def _wrapped_para(lines: list[Line], i: int) -> int:
    """If a hard-wrapped paragraph starts at line i, the index of its last line; else i.

    Its lines run on without a blank line, each cut mid-sentence, and the
    last one ends a sentence: a headline over a dateline is not one.
    """
    j = i
    n = len(lines)
    while j + 1 < n and lines[j + 1].stripped and _wraps(lines[j].stripped):
        j += 1
    if j > i and lines[j].stripped.rstrip("*_ ").endswith(_END_PUNCT):
        return j
    return i


def _wraps(s: str) -> bool:
    """A line of prose that continues on the next: long enough, cut mid-sentence, mostly lower-case words."""
    if len(s) < 40 or s.endswith(_END_PUNCT) or s.startswith(("#", "|", "-", "*", "•", ">", "[", "!")):
        return False
    if "  " in s or " | " in s or " · " in s:
        return False  # menus and widgets are spaced out, prose is not
    words = s.split()
    return len(words) >= 6 and sum(w[:1].islower() for w in words) >= 0.4 * len(words)


def clean_text(raw: str, fmt: str = "text", skip: Iterable[tuple[int, int]] = ()) -> Cleaned:
    """Classify every line of `raw`; return the removed spans and header metadata.

    `skip` are raw ranges already removed by an earlier stage (HTML chrome):
    their lines are left alone, and the page structure is trusted to have
    placed the article, so the header and footer zones are not guessed.
    """
    out = Cleaned()
    lines = split_lines(raw)
    skipped = _skipped_lines(lines, list(skip))
    active = [ln if not skipped[k] else Line(ln.start, ln.end, "") for k, ln in enumerate(lines)]
    labels: list[str | None] = [None] * len(lines)
    markdown = fmt == "markdown"
    structured = fmt == "html" or any(skipped)
    body_start = _read_header(active, out, labels, markdown) if not structured else 0

    for k in range(len(active)):  # lines the header scan passed over unlabelled are checked too
        s = active[k].stripped
        if not s or labels[k]:
            continue
        cls = line_class(s)
        if cls is None and _is_image_residue(s):
            cls = "link-residue"
        if cls is None and _follows_image(active, labels, k) and _looks_like_caption(s) and _CAPTION.search(s):
            cls = "caption"
        if cls is None and _HEADER_META.match(s) and len(s) < 200:
            cls = "metadata"
        if cls is not None:
            labels[k] = cls
        if cls == "disclaimer" and out.site_hint is None and (h := _COPYRIGHT_HOLDER.search(s)) is not None:
            out.site_hint = h.group(1).split(". ")[0].rstrip(".")
        m = _ORIGINAL_SOURCE.search(s) or _ORIGINAL_ALT.match(s)
        if m and out.original_source is None:
            out.original_source = _strip_md(m.group(1)).strip()

    cstart = _comment_start(active, body_start)
    if cstart is not None:
        for k in range(cstart, len(active)):
            if active[k].stripped and labels[k] is None:
                labels[k] = "comments"
    _grow_fundraising(active, labels)
    _grow_related(active, labels)
    out.removed = _to_spans(lines, labels)
    if not structured:
        extra = _glued_tail(lines, labels) + _inline_furniture(lines, labels)
        out.removed = sorted(out.removed + extra, key=lambda sp: (sp.start, sp.end))
    _furniture_meta(raw, out, list(skip))
    return out


# Site furniture glued onto the end of a page saved as one line (FA-KES keeps whole pages so):
# "... the last sentence. 11 Tags Damascus chemical weapons Community standardsDiscussion Comment
# via FacebookComment via Sputnik News". Each marker is a widget's or footer's own words, not a site's.
_TAIL_MARKERS = _EN.regex("tail_markers")
# what may stand between the last sentence and the furniture: editors' initials and codes ("SSH 11", "218-11")
_TAIL_CODES = _EN.regex("tail_codes")
_TAIL_CREDIT = _EN.regex("tail_credit")
_TAIL_SIGNOFF = _EN.regex("tail_signoff")
_TAIL_WITH = _EN.regex("tail_with")
_TAIL_WITH_END = re.compile(_TAIL_WITH.pattern + r"\s*$")
_TAIL_WIRE_CREDIT = _EN.regex("tail_wire_credit")
_TAIL_NAMES = _EN.regex("tail_names")
_WIDGET_WORDS = _EN.regex("widget_words")
_GLUED_MIN = 300  # characters: a line this long holding a page
_LIST_MARKERS = ("Related", "Read", "Topic")
_PROSE_SENTENCE = re.compile(r"(?:^|(?<=[.!?]\s))[A-Z][^.!?]{60,}?[a-z]{2}[.!?](?=\s|$)")
_CREDIT_TAIL = 600  # characters from the end where a wire credit line may begin


def _glued_tail(lines: list[Line], labels: list[str | None]) -> list[Span]:
    """Furniture at the end of the document's last line when that line holds a whole page."""
    k = len(lines) - 1
    while k >= 0 and not lines[k].stripped:
        k -= 1
    if k < 0 or labels[k] is not None or len(lines[k].stripped) < _GLUED_MIN:
        return []
    ln = lines[k]
    text = ln.text
    n = len(text)
    markers = [m for m in _TAIL_MARKERS.finditer(text) if not after_lower_word(text, m)]
    for m in markers:
        later = any(x.start() > m.start() for x in markers)
        if m.start() < n // 2 and not (later and not _prose_follows(text[m.start() :])):
            continue  # early in the page: the foot only when more furniture and no prose follow
        before = text[: m.start()].rstrip()
        # "... said. Source TRTWorld and agencies Related News", "... said. Source AA Related News": a credit,
        # codes, then furniture
        head = _TAIL_CREDIT.sub("", before)
        codes = _TAIL_CODES.search(head)
        head = head[: codes.start()] if codes else head
        head = _TAIL_CREDIT.sub("", head)
        rest = text[m.start() :]
        # a tag list or comment widget running to the end is furniture even after a headline list (left unmarked)
        widget_only = m.group(0).startswith(("Tags", "TAGS", "Topic", "Comment via", "Community", "Related")) and not (
            re.search(r"[a-z][.!?]\s", rest)
        )
        if not widget_only and not head.endswith((".", "!", "?", '"', "”", ")", "…")):
            continue
        if m.group(0).startswith(_LIST_MARKERS) and not later and _prose_follows(rest):
            continue  # "Related coverage" set inside the story, no footer after it: the article goes on
        start = ln.start + len(head)
        while start < ln.end and raw_space(lines, start, ln):
            start += 1
        return [*_end_credits(lines, ln, start), Span(start, ln.end, "footer", {"by": "glued-tail"})]
    codes = _TAIL_CODES.search(text)
    if (
        codes
        and text[: codes.start()].rstrip().endswith((".", "!", "?", '"', "”", ")"))
        and codes.end() - codes.start() <= 40
    ):
        start = ln.start + codes.start() + 1
        return [*_end_credits(lines, ln, start), Span(start, ln.end, "footer", {"by": "glued-tail"})]
    return _end_credits(lines, ln, ln.end)


def after_lower_word(text: str, m: re.Match[str]) -> bool:
    """A tag marker inside a sentence: "the Tags family" (a lower-case word before it, a lower-case one after)."""
    if not m.group(0).startswith(("Tags", "TAGS", "Topics")) or not text[m.end() : m.end() + 1].islower():
        return False
    prev = text[: m.start()].split()
    return bool(prev) and prev[-1][:1].islower()


def _prose_follows(rest: str) -> bool:
    """Two sentences of the article's prose in `rest`: what went before it was not the page's foot."""
    found = [s for s in _PROSE_SENTENCE.findall(rest) if not _WIDGET_WORDS.search(s) and " | " not in s]
    return len(found) >= 2


def _end_credits(lines: list[Line], ln: Line, end: int) -> list[Span]:
    """Credits closing a page saved as one line, before `end` (a raw offset in `ln`): a wire sign-off
    ("--Reuters"), "(With AFP and Reuters)", a source credit ("Source: SANA"), a wire credit line
    ("Reporting by ...; Editing by ..."), the writers' or editors' names. The last sentence stays."""
    text = ln.text[: end - ln.start].rstrip()
    end = ln.start + len(text)
    cut = len(text)
    while True:
        head = text[:cut]
        found = [
            m.start()
            for rx in (_TAIL_SIGNOFF, _TAIL_CREDIT, _TAIL_WITH_END, _TAIL_NAMES)
            if (m := rx.search(head)) is not None and m.start() < cut and _sentence_closed(head[: m.start()])
        ]
        if not found:
            break
        cut = min(found)
    # a wire credit line may hold lower-case words and semicolons: it runs from its opening words to the end
    for m in _TAIL_WIRE_CREDIT.finditer(text, max(0, len(text) - _CREDIT_TAIL)):
        if m.start() < cut and _sentence_closed(text[: m.start()]):
            cut = m.start()
            break
    if cut >= len(text) or len(text) - cut > _CREDIT_TAIL:
        return []
    while cut < len(text) and text[cut].isspace():
        cut += 1
    return [Span(ln.start + cut, end, "metadata", {"by": "end-credit"})] if cut < len(text) else []


def _sentence_closed(before: str) -> bool:
    return before.rstrip().endswith((".", "!", "?", '"', "”", ")", "…"))


def _inline_furniture(lines: list[Line], labels: list[str | None]) -> list[Span]:
    """Widgets inside lines that hold a whole page (`fogwatch.clean.inline`)."""
    out = []
    for k, ln in enumerate(lines):
        if labels[k] is None and len(ln.text) >= INLINE_MIN:
            out += [Span(ln.start + a, ln.start + b, label, {"by": "inline"}) for a, b, label in inline_spans(ln.text)]
    return out


def raw_space(lines: list[Line], pos: int, ln: Line) -> bool:
    return ln.text[pos - ln.start : pos - ln.start + 1].isspace()


def _furniture_meta(raw: str, out: Cleaned, skip: list[tuple[int, int]]) -> None:
    """Outlet credits and the dateline from the text's furniture, wherever the lines put them.

    Text dumps often hold a whole page on one line ("Tue 05 Jul 2016 Suicide bombing kills ...
    --Reuters"): the header and footer are read out of the running text. A dateline found so is
    removed as metadata; credits stay in the text (a final "...; Press TV reported." is a sentence).
    """
    found = find_outlets(raw)
    if found.site is not None and out.site is None:
        out.site, out.site_evidence = found.site.name, found.site.evidence
    if found.wires:
        out.wire = found.wire_names
        out.wire_evidence = found.wires[0].evidence
    if out.published is not None:
        return
    credits = [(c.start, c.end) for c in ([found.site] if found.site else []) + found.wires]
    dl = find_dateline(raw, credits) or find_update_line(raw)
    if dl is None:
        return
    out.published, out.published_evidence = dl.date, dl.evidence
    taken = merge_spans(out.removed + [Span(a, b, "skip") for a, b in skip])
    if not any(a < dl.end and dl.start < b for a, b in taken):
        out.removed.append(Span(dl.start, dl.end, "metadata", {"by": dl.evidence}))
        out.removed.sort(key=lambda sp: (sp.start, sp.end))


_AUTHOR_BIO = _EN.regex("author_bio")
ZONE = "zone"  # attrs["by"] of spans placed by position, recomputed whenever other removals change
_ANCHOR_WORDS = 10


def zone_spans(raw: str, removed: list[Span], begin: int = 0, end: int | None = None) -> tuple[list[Span], str | None]:
    """Page furniture around the article, given everything already removed.

    Lines before the first prose paragraph (ten words or more) are the page's
    header; short lines after the last one that do not end a sentence are its
    footer or a related-articles list. Returns those spans and, from the
    header, the line most like a headline (for documents whose title no rule
    found).
    """
    end = len(raw) if end is None else end
    lines = split_lines(raw)
    taken = merge_spans(removed)
    labels: list[str | None] = [
        "x" if any(a <= ln.start and ln.end <= b for a, b in taken) or not (begin <= ln.start < end) else None
        for ln in lines
    ]
    units = [u for u in _units(lines, labels) if labels[u[0]] is None]
    anchors = [u for u in units if _is_anchor(" ".join(lines[i].stripped for i in u), len(u) > 1)]
    if not anchors:
        return [], None
    bios: list[list[int]] = []
    while len(anchors) > 1 and _AUTHOR_BIO.match(" ".join(lines[i].stripped for i in anchors[-1]).strip("*_ ")):
        bios.append(anchors.pop())  # a bio box after the story reads as prose, but is about the writer
    first, last = anchors[0][0], anchors[-1][-1]
    out: list[str | None] = [None] * len(lines)
    title: str | None = None
    best = -1
    for u in units:
        if u[0] < first:
            for i in u:
                out[i] = "header"
            text = lines[u[0]].stripped
            if len(u) == 1 and _title_like(text) and not text.rstrip("*_ ").endswith("."):
                score = sum(w[:1].islower() for w in text.split()) + (2 if text.startswith("#") else 0)
                if score > best:
                    best, title = score, re.sub(r"^#+\s*", "", text).strip("*_ ")
        elif u[0] > last:
            for i in u:
                text = lines[i].stripped
                if not text.rstrip("*_ ").endswith(_END_PUNCT[:5]):
                    out[i] = "related" if text.startswith(("-", "*", "•", "+")) or text[:1].isdigit() else "footer"
    for u in bios:
        for i in u:
            out[i] = "author-bio"
    spans = _to_spans(lines, out)
    for sp in spans:
        sp.attrs["by"] = ZONE
    return spans, title


def _is_anchor(text: str, wrapped: bool) -> bool:
    words = text.split()
    if len(words) < _ANCHOR_WORDS:
        return False
    return wrapped or text.rstrip("*_ ").endswith(_END_PUNCT)


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


def _grow_related(lines: list[Line], labels: list[str | None]) -> None:
    """List items right under a "Read more" / "Related" heading are that list."""
    n = len(lines)
    for k in range(n):
        if labels[k] != "related":
            continue
        j = k + 1
        while j < n:
            s = lines[j].stripped
            if not s:
                j += 1
                continue
            if labels[j] is None and len(s) < 200 and (s[:1] in "-*•+" or re.match(r"\d{1,2}[.)]\s", s)):
                labels[j] = "related"
                j += 1
                continue
            break


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
