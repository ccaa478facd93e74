"""A text dump holding several articles, one after another, is split into its articles.

Scrapers and analysts often save many pages into one file. Cleaned as one document, the first
article's comment section or footer swallows the rest, and one "article" of a hundred stories
is stored. An article start is recognised by its header, as a reader would see it:

- a headline-like line followed within a few lines by a dateline ("Frontline Dispatch, February
  14, 2020", "February 14, 2020") or a byline ("By Rania Halabi | February 19, 2020 | News");
- in Markdown, a level-one heading ("# Title") followed by body text;
- a long line that opens with a dateline or a publication line ("Tue 05 Jul 2016 Suicide
  bombing kills ...", "Published July 5 2015 ..."); where most long lines do and nothing but long
  lines follows the first, the dump keeps one article per line, and every long line is one.

A start counts only when a body's worth of prose (`MIN_WORDS` words in sentences) follows it before
the next start, so a comment thread ("Nadia says: / February 15, 2020 at 7:03 am") or a live
blog's short entries never split a page. The pieces are returned as `[start, end)` ranges of the
raw text that cover it entirely, in order.
"""

from __future__ import annotations

import re

from fogwatch.clean.dates import find_date_in_line, find_dateline
from fogwatch.clean.text import _BYLINE, _is_comment_head, _title_like, split_lines

MIN_WORDS = 80  # prose words an article needs after its header
_SENTENCE_END = re.compile(r"[.!?…\"”’)]\s*$")


def _is_dateline(s: str) -> bool:
    found = find_date_in_line(s.strip("*_# "))
    return found is not None and found.rest_words <= 8 and len(s) < 160


def _is_byline(s: str) -> bool:
    plain = s.strip("*_ ")
    return bool(_BYLINE.match(plain)) and len(plain) < 160


def _prose_words(s: str) -> int:
    words = s.split()
    return len(words) if len(words) >= 10 and _SENTENCE_END.search(s) else 0


def article_starts(raw: str, fmt: str = "text") -> list[int]:
    """Offsets where the articles of a concatenated dump begin (one offset: a single article)."""
    lines = split_lines(raw)
    n = len(lines)
    candidates: list[int] = []  # line indexes
    for i, ln in enumerate(lines):
        s = ln.stripped
        if not s:
            continue
        if len(s) > 300:
            dl = find_dateline(s)
            if dl is not None and dl.start <= 2:
                candidates.append(i)
            continue
        if _is_comment_head(s) or (s.endswith((".", ":", ",")) and not s.startswith("#")):
            continue
        heading = fmt == "markdown" and re.match(r"^#\s+\S", s) is not None
        if not heading and not _title_like(s):
            continue
        following = [k for k in range(i + 1, min(n, i + 8)) if lines[k].stripped][:4]
        if heading or any(_is_dateline(lines[k].stripped) or _is_byline(lines[k].stripped) for k in following):
            if candidates and candidates[-1] >= i - 2 and not lines[candidates[-1]].stripped.startswith("#"):
                continue  # a repeated headline just under the first: one header
            candidates.append(i)
    long_lines = [i for i, ln in enumerate(lines) if len(ln.stripped) > 300]
    dated = [i for i in candidates if len(lines[i].stripped) > 300]
    if (
        len(dated) >= 2
        and len(dated) * 2 >= len(long_lines)
        and all(not lines[i].stripped or i in long_lines for i in range(long_lines[0], n))
    ):
        # one article per line ("Tue 05 Jul 2016 Suicide bombing kills ..."), most opening with their dateline
        return [0] + [lines[i].start for i in long_lines[1:]]
    if len(candidates) < 2:
        return [0]
    # keep the starts that a body's worth of prose follows before the next kept start
    kept: list[int] = []
    for idx, c in enumerate(candidates):
        nxt = candidates[idx + 1] if idx + 1 < len(candidates) else n
        words = sum(_prose_words(lines[k].stripped) for k in range(c, nxt))
        if len(lines[c].stripped) > 300:
            words = max(words, len(lines[c].stripped.split()))
        if words >= MIN_WORDS:
            kept.append(c)
        elif kept:
            continue  # a short stretch belongs to the article before it
    if len(kept) < 2:
        return [0]
    # what stands before the first start is that article's masthead, unless it is itself an article
    before = sum(_prose_words(lines[k].stripped) for k in range(0, kept[0]))
    starts = [0] + [lines[c].start for c in kept[1:]] if before < MIN_WORDS else [0] + [lines[c].start for c in kept]
    return sorted(set(starts))


def split_dump(raw: str, fmt: str = "text") -> list[tuple[int, int]]:
    """`[start, end)` ranges of the articles in `raw`, covering it; one range when it holds one."""
    starts = article_starts(raw, fmt)
    ends = [*starts[1:], len(raw)]
    return list(zip(starts, ends, strict=True))
