"""Publication dates from the evidence a text dump or URL carries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,4}|GMT[+-]?\d*|UTC[+-]?\d*))?)?"
_PATTERNS = [
    re.compile(_WEEKDAY + _MON + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR + _TIME, re.I),
    re.compile(_WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r",?\s+" + _YEAR + _TIME, re.I),
    re.compile(r"(?<!\d)" + _YEAR + r"-(?P<mnum>\d{2})-(?P<day>\d{2})(?!\d)(?:[T ]\d{2}:\d{2}(?::\d{2})?\S*)?"),
    re.compile(r"(?<!\d)(?P<day>\d{1,2})[./](?P<mnum>\d{1,2})[./]" + _YEAR + r"(?!\d)" + _TIME),
]
_LEAD = re.compile(r"^(?:published|posted|updated|date|last updated|first published)\s*(?:on)?\s*:?\s*", re.I)
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
