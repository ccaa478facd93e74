"""Publication dates from the evidence a text dump or URL carries."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from fogwatch.lang import english

_EN = english().area("publication")

MONTHS: dict[str, int] = _EN.table("months")
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = _EN.pattern("weekday")
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,4}|GMT[+-]?\d*|UTC[+-]?\d*))?)?"
_PATTERNS = [
    re.compile(_WEEKDAY + _MON + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR + _TIME, re.I),
    re.compile(_WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r",?\s+" + _YEAR + _TIME, re.I),
    re.compile(r"(?<!\d)" + _YEAR + r"-(?P<mnum>\d{2})-(?P<day>\d{2})(?!\d)(?:[T ]\d{2}:\d{2}(?::\d{2})?\S*)?"),
    re.compile(r"(?<!\d)(?P<day>\d{1,2})[./](?P<mnum>\d{1,2})[./]" + _YEAR + r"(?!\d)" + _TIME),
]
_LEAD = _EN.regex("lead", re.I)
_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[/-](?P<mnum>0?[1-9]|1[0-2])[/-](?P<day>0?[1-9]|[12]\d|3[01])(?:/|-|$)"
)
_URL_MONTH = re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<mnum>0[1-9]|1[0-2])/")


@dataclass(slots=True)
class FoundDate:
    date: date
    outlet: str | None  # text before the date, e.g. "Frontline Dispatch"
    rest_words: int  # how many words of the line are neither outlet nor date


def _make(m: re.Match[str]) -> date | None:
    gd = m.groupdict()
    try:
        month = MONTHS[gd["mon"].lower()] if gd.get("mon") else int(gd["mnum"])
        return date(int(gd["year"]), month, int(gd["day"]))
    except (ValueError, KeyError, TypeError):
        return None


def find_date_in_line(line: str) -> FoundDate | None:
    """A dateline such as "Frontline Dispatch, February 18, 2020" or "Posted 17 February 2020"."""
    s = _LEAD.sub("", line.strip().strip("*_#> ").strip())
    for pattern in _PATTERNS:
        m = pattern.search(s)
        if m is None:
            continue
        d = _make(m)
        if d is None:
            continue
        before = s[: m.start()].strip(" ,-–—|·:/").strip()
        after = s[m.end() :].strip(" ,-–—|·:/").strip()
        outlet = before if before and len(before.split()) <= 6 and not before[-1:].isdigit() else None
        if before and _LEAD.match(before + " "):
            outlet = None
        rest = len(after.split()) + (0 if outlet or not before else len(before.split()))
        return FoundDate(d, outlet, rest)
    return None


def date_from_url(url: str) -> date | None:
    """A date written in a URL path, e.g. /2020/02/17/ or /2020-02-17-title."""
    m = _URL_DATE.search(url)
    if m is None:
        return None
    try:
        return date(int(m["year"]), int(m["mnum"]), int(m["day"]))
    except ValueError:
        return None


# --- datelines of text dumps ------------------------------------------------------------------
# A text dump keeps its page's dateline or publication line, often run into the headline or the
# first sentence on one line ("Tue 05 Jul 2016 Suicide bombing kills ...", "Title AFP Friday 23 Aug
# 2013 A suicide bombing ...", "Last updated at Apr 232017 ..."), with commas stripped. A date
# counts as the publication date only where furniture puts it: at the very start of the text, after
# a publication word ("Published", "Posted on", "Date of publication", "Last updated at"), or in the
# header written as furniture writes dates (a weekday before it, a clock time after it, a credit
# beside it) and never after a preposition, as reporting writes the dates of events ("on 21 August").

_WD = _EN.pattern("wd")
_MONTH_RE = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_CLOCK = (
    r"(?:,?\s*(?:at\s+)?(?:\d{1,2}[:.]\d{2}|\d{4})(?:\s*[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,4}|GMT|UTC)(?:[+-]\d{1,2})?)?"
    r"(?=\W|$))"
)
_DATE_FORMS = [
    # 5 Jul 2016, Tuesday 4 Apr 2017, 07 December 2016
    rf"(?P<wd1>{_WD})?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH_RE}),?\s+(?P<y1>(?:19|20)\d{{2}})(?!\d)",
    # Sep 27 2013, Fri Sep 27 2013, August 3, 2016, Aug. 1 2016
    rf"(?P<wd2>{_WD})?(?P<m2>{_MONTH_RE})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d{{2}})(?!\d)",
    # Apr 232017, Aug 012016: the page's "Apr 23, 2017" with the comma and space stripped
    rf"(?P<m3>{_MONTH_RE})\s+(?P<d3>[0-3]\d)(?P<y3>(?:19|20)\d{{2}})(?!\d)",
    # 24-09-2013, 6-09-2013, 24.08.2013, 24/08/2013 (day first, as the region's sites write it)
    r"(?<![\d.-])(?P<d4>[0-3]?\d)(?P<s4>[-./])(?P<m4>[01]?\d)(?P=s4)(?P<y4>(?:19|20)\d{2})(?!\d)",
    # 2016-07-05
    r"(?<![\d-])(?P<y5>(?:19|20)\d{2})-(?P<m5>[01]\d)-(?P<d5>[0-3]\d)(?!\d)",
]
_ANY_DATE = re.compile("|".join(f"(?:{f})" for f in _DATE_FORMS), re.I)
# Every form above holds a year of four digits: a header without one holds no date, and the long
# pattern (slow: it tries every form at every character) need not run over it.
_YEAR_DIGITS = re.compile(r"(?:19|20)\d{2}")
_PUB_LEAD = _EN.regex("pub_lead", re.I)
_PREP_BEFORE = _EN.regex("prep_before", re.I)
HEADER_CHARS = 400
_SENTENCE = re.compile(r"(?:\S+\s+){9,}?\S*[a-z)\"”][.!?][\"”]?\s+[A-Z\"“]")
_CLOCK_BEFORE = re.compile(r"(?<!\d)(?:\d{1,2}[:.]\d{2}|[0-2]\d[0-5]\d)(?:\s*[ap]\.?m\.?)?\s+$", re.I)


@dataclass(slots=True)
class Dateline:
    date: date
    start: int  # the span of the dateline or publication line, lead words and clock time included
    end: int
    evidence: str  # "dateline", "publication-line", "update-line"


def _date_of(m: re.Match[str]) -> date | None:
    g = {k: v for k, v in m.groupdict().items() if v is not None}
    try:
        for i in "12345":
            if f"y{i}" in g:
                y = int(g[f"y{i}"])
                mon = g[f"m{i}"]
                month = MONTHS[mon.rstrip(".").lower()] if mon.rstrip(".").isalpha() else int(mon)
                return date(y, month, int(g[f"d{i}"]))
    except (KeyError, ValueError):
        return None
    return None


def _clock_after(text: str, end: int) -> int:
    m = re.compile(_CLOCK, re.I).match(text, end)
    return m.end() if m else end


def find_dateline(text: str, credits: Sequence[tuple[int, int]] = ()) -> Dateline | None:
    """The publication date a text dump states in its furniture, with the span that states it.

    `credits` are spans of outlet credits the caller found in the header ("AFP", "Aleppo SANA-"):
    a date beside one is the dateline even without a weekday.
    """
    head = text[: HEADER_CHARS + 40]
    if _YEAR_DIGITS.search(head) is None:
        return None
    lead_ws = len(head) - len(head.lstrip())
    for m in _ANY_DATE.finditer(head):
        if m.start() > HEADER_CHARS:
            break
        d = _date_of(m)
        if d is None or not (1990 <= d.year <= 2035):
            continue
        before = text[: m.start()]
        start, end = m.start(), _clock_after(text, m.end())
        lead = _PUB_LEAD.search(before[-40:])
        if lead is not None:
            return Dateline(d, m.start() - (len(before[-40:]) - lead.start()), end, "publication-line")
        if before.strip() == "" or m.start() == lead_ws:
            return Dateline(d, start, end, "dateline")
        if _PREP_BEFORE.search(before[-12:]):
            continue  # "on 21 August 2013": reporting's date of an event
        if _SENTENCE.search(text[: m.start() + 1]):
            break  # the story has begun: a date after its first sentence is the story's
        weekday = bool(m.group("wd1") or m.group("wd2"))
        clock = end > m.end() or bool(_CLOCK_BEFORE.search(before[-12:]))
        near_credit = any(abs(a - m.start()) <= 25 or abs(m.end() - b) <= 25 for a, b in credits)
        if weekday or clock or near_credit:
            return Dateline(d, start, end, "dateline")
    return None


_UPDATE_LINE = _EN.regex("update_line", re.I)


def find_update_line(text: str) -> Dateline | None:
    """A "Last Update: Tuesday 22 November 2016 ..." line anywhere (a page footer), when no dateline says more."""
    for lead in _UPDATE_LINE.finditer(text):
        m = _ANY_DATE.match(text, lead.end())
        if m and (d := _date_of(m)) is not None:
            return Dateline(d, lead.start(), _clock_after(text, m.end()), "update-line")
    return None
