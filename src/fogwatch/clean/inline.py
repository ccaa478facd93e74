"""Site furniture inside a page saved as one line.

Text dumps of whole pages (FA-KES keeps its articles so) run the site's widgets into the article:
"... a monitor said. AP Photo Jane Roe Another Story's Headline In Title Case MOSCOW (Agency) The ...".
No line break tells them apart, so each widget is found by its own words and shape, the way a reader
skips it: share and short-link widgets, topic labels, gallery residue, embedded posts and videos, photo
credits with the caption they close, cards for other stories, tag lists. None names a site.

`inline_spans(text)` returns `(start, end, label)` ranges of one line's text; the caller turns them
into Spans of the raw text.
"""

from __future__ import annotations

import re

from fogwatch.clean.dates import MONTHS
from fogwatch.lang import english

_EN = english().area("clean")
_MONTH = r"(?:" + "|".join(sorted((m for m in MONTHS if len(m) > 2), key=len, reverse=True)) + r")\.?"

_SHARE = _EN.regex("inline_share")
_TOPIC = _EN.regex("inline_topic")
_GALLERY = _EN.regex("inline_gallery")
_POST_END = _EN.regex("inline_post_end", re.I, month=_MONTH)
_VIDEO_END = _EN.regex("inline_video_end")
_PHOTO_CREDIT = _EN.regex("inline_photo_credit")
_BRACKET_CAPTION = _EN.regex("inline_bracket_caption")
_AGENCY_PHOTO = _EN.regex("inline_agency_photo")
_CAPTION_WORDS = _EN.regex("caption_words", re.I)
_CARD_LEAD = _EN.regex("inline_card_lead")
_TAGS = _EN.regex("inline_tags")
_UPDATED = _EN.regex("inline_updated")
_HEAD_CLOCK = _EN.regex("head_clock")
_HEAD_BY = _EN.regex("head_by")
_HEAD_AGENCY = _EN.regex("head_agency")
_HEAD_BYLINE = _EN.regex("head_byline")
_HEAD = 400  # characters: where a page's header furniture may stand
_DATED = re.compile(_MONTH + r"\s+\d{1,2},?\s+\d{4}\.?\s*$", re.I)

MIN_LINE = 300  # characters: a line this long holds a page, not a paragraph
# Words that stay lower case inside a title-case headline.
_MINOR = _EN.wordset("headline_minor")
_SENTENCE_END = re.compile(r"(?:[.!?…]|[.!?][\"”’'])\s+|[\"”]\s+(?=[A-Z])")
_DATELINE = re.compile(r"[A-Z]{3,}(?:\s+[A-Z]{3,})*\s*\(")
_TAGS_MAX_WORDS = 12  # words of a tag list that a full stop may close
_CARD_MIN_WORDS = 5  # title-case words a card's headline needs
_OPENERS = _EN.wordset("sentence_openers")


def inline_spans(text: str) -> list[tuple[int, int, str]]:
    """Furniture inside `text`, a line holding a whole page; [] for a shorter line."""
    if len(text) < MIN_LINE:
        return []
    out: list[tuple[int, int, str]] = []
    for m in _SHARE.finditer(text):
        out.append((m.start(), m.end(), "share"))
    for m in _TOPIC.finditer(text):
        out.append((m.start(), m.end(), "navigation"))
    for m in _GALLERY.finditer(text):
        out.append((m.start(), m.end(), "embed"))
    for m in _POST_END.finditer(text):
        out.append((_sentence_start(text, m.start()), m.end(), "embed"))
    for m in _VIDEO_END.finditer(text):
        out.append((_sentence_start(text, m.start()), m.end(), "embed"))
    for m in _BRACKET_CAPTION.finditer(text):
        out.append((m.start(), m.end(), "caption"))
    for m in _AGENCY_PHOTO.finditer(text):
        out.append((m.start(), m.end(), "caption"))
    for m in _UPDATED.finditer(text):
        out.append((m.start(), m.end(), "metadata"))
    out += _head(text)
    out += _captions(text)
    out += _cards(text)
    out += _tag_lists(text)
    return _disjoint(out)


def _head(text: str) -> list[tuple[int, int, str]]:
    """Header furniture in the first characters: clock time, writer, agency before the date, a byline sentence."""
    head = text[:_HEAD]
    out = [(m.start(), m.end(), "metadata") for rx in (_HEAD_CLOCK, _HEAD_BY, _HEAD_AGENCY) for m in rx.finditer(head)]
    for m in _HEAD_BYLINE.finditer(head):
        before = head[: m.start()].rstrip()
        ends = len(_SENTENCE_END.findall(head[: m.start()]))
        # a name standing as a sentence right after the first one (a headline with its full stop)
        if before.endswith((".", "!", "?")) and ends <= 1:
            out.append((m.start(), m.end(), "metadata"))
    return out


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding `pos` begins: after the last sentence end before it, or the line's start."""
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    return start


def _captions(text: str) -> list[tuple[int, int, str]]:
    """A bracketed photo credit, with the sentence before it when that sentence reads as a caption."""
    out = []
    for m in _PHOTO_CREDIT.finditer(text):
        before = text[: m.start()].rstrip()
        if not before or not (before[-1] in '.!?"”' or before[-1].isdigit() or m.group(0).lower().endswith("photo)")):
            continue  # "the monitor told AFP (AFP)": a credit stands after a sentence or a date
        if _DATELINE.search(text[max(0, m.start() - 40) : m.start() + 1]) and m.start() < 120:
            continue
        start = _sentence_start(text, len(before))
        sentence = text[start : m.start()]
        if len(sentence) > 400 or not (_CAPTION_WORDS.search(sentence) or _DATED.search(sentence.rstrip())):
            start = m.start()
        out.append((start, m.end(), "caption"))
    return out


def _words(text: str, pos: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", text[pos : pos + 400])]


def _cards(text: str) -> list[tuple[int, int, str]]:
    """A card for another story: after a sentence, a credit and a title-case headline, then the text goes on."""
    out = []
    for m in _CARD_LEAD.finditer(text):
        before = text[: m.start()].rstrip()
        if before and before[-1] not in '.!?"”':
            continue
        words = _words(text, m.end())
        stop = None
        for k, (a, _b, w) in enumerate(words):
            bare = w.strip("\"'“”‘’(),:;-")
            if _DATELINE.match(text, m.end() + a) or w[:1] in '"“':
                stop = k  # "MOSCOW (Agency)", a quote: the article again
                break
            if bare and not (bare[:1].isupper() or bare[:1].isdigit() or bare.lower() in _MINOR):
                # a lower-case word no headline keeps: the capitalised words just before it open the article
                stop = _opening(words, k - 1) if k > 0 and words[k - 1][2][:1].isupper() else k
                break
        if stop is None:
            continue
        caps = sum(1 for _a, _b, w in words[:stop] if w[:1].isupper() or w[:1].isdigit())
        if caps >= _CARD_MIN_WORDS:
            out.append((m.start(), m.end() + words[stop - 1][1], "related"))
    return out


def _opening(words: list[tuple[int, int, str]], k: int) -> int:
    """The first word of the sentence whose capitalised word `k` is followed by a lower-case one: `k`, or an
    opener up to three capitalised words before it ("The Air Force shelled" opens at "The")."""
    for back in range(k - 1, max(-1, k - 4), -1):
        w = words[back][2]
        if w in _OPENERS or w[:1].isdigit():
            return back
        if not w[:1].isupper():
            break
    return k


def _tag_lists(text: str) -> list[tuple[int, int, str]]:
    """A tag list run into the text: its words up to the first sentence of the article.

    Tags are names and topics; the article's sentence opens with a capitalised word followed by a
    lower-case one that no name keeps ("At least", "Jets thought", "Missile strikes"), with its opener
    ("The Islamic State launched" starts at "The"). Where a tag is lower-case ("regime forces") the list
    is cut there: a tag left in the text costs less than a sentence removed.
    """
    out = []
    for m in _TAGS.finditer(text):
        prev = text[: m.start()].split()
        if prev and prev[-1][:1].islower() and not prev[-1].endswith((".", "!", "?")):
            continue  # "the Tags family": a name inside a sentence
        words = _words(text, m.end())
        end = None
        for k, (_a, b, w) in enumerate(words):
            if w.endswith((".", "!", "?")) and k < len(words) - 1:
                if k < _TAGS_MAX_WORDS:
                    end = m.end() + b  # a short tag list closed by a full stop; a long run is a sentence
                break
            if k + 2 < len(words) and w[:1].isupper():
                nxt = words[k + 1][2].strip("\"'“”‘’(),:;")
                third = words[k + 2][2]
                # a capitalised word, a lower-case one no name keeps (or "than", "of" before a figure), and a
                # third lower-case word or a figure: "Jets thought to", "At least 20", "More than 19"
                opens = nxt[:1].islower() and (nxt not in _MINOR or third[:1].isdigit())
                if opens and (third[:1].islower() or third[:1].isdigit()):
                    end = m.end() + words[_opening(words, k)][0]
                    break
        if end is None or len(text[m.end() : end].split()) < 1:
            continue
        out.append((m.start(), end, "navigation"))
    return out


def _disjoint(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping finds merged: the earlier label names the run."""
    out: list[tuple[int, int, str]] = []
    for a, b, label in sorted(spans, key=lambda x: (x[0], -x[1])):
        if out and a < out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b, out[-1][2])
            continue
        out.append((a, b, label))
    return out
