"""Date and time expressions, found by rules and resolved against an anchor date.

`find_timexes(text, anchor)` returns every time expression with its TimeML type
(DATE, TIME, DURATION, SET) and value ("2020-02-13", "2020-W07", "P3D",
"PRESENT_REF"), and, when it names a stretch of the calendar, a `TimeValue` with
its precision and span. The anchor is the article's publication date (or its
story's); relative expressions ("yesterday", "last week", "two days ago") are
resolved from it, and "the next day" from the last day the text named.

Conventions, chosen for news reporting:
- A weekday alone ("on Thursday") is the most recent such day on or before the
  anchor: news reports what happened. "next Thursday" looks forward, and so does a
  weekday in a clause about the future ("talks will resume on Thursday").
- A month and day without a year ("February 15") take the year that puts them
  closest to the anchor, a later date counting as twice as far as an earlier one
  (so "December 28" in an article of January 5 is last year's); in a clause about
  the future, the first such date on or after the anchor.
- Without an anchor no year is invented: "February 15" keeps month and day with
  `year_known` False, and purely relative expressions get no calendar span.
- "early", "mid" and "late" narrow a month to its first, middle or last ten days
  (a year to its first, middle or last four months); on a day they only mark the
  time of day ("late on February 13" is still February 13).
- Precision follows the span: one day is "day", up to 7 days "week", up to 31
  "month", longer "year".
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from fogwatch.model import DatePrecision, TimeValue
from fogwatch.nlp.numbers import parse_number
from fogwatch.nlp.starts import StartFilter, fold

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(slots=True)
class Timex:
    """One time expression: `[start, end)` in the text, its TimeML type and value, its calendar span."""

    start: int
    end: int
    type: TimexType
    value: str
    mod: str | None = None
    date: TimeValue | None = None


# --- building blocks ------------------------------------------------------------------

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_MONTH_ABBR = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sept": 9,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_WEEKDAY_ABBR = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}


def _cased(words: list[str]) -> str:
    """Capitalised and upper-case forms: month and day names are proper nouns ("may" is a verb)."""
    return "|".join([w.capitalize() for w in words] + [w.upper() for w in words])


_M = (
    r"(?-i:(?:"
    + _cased(sorted(_MONTHS, key=len, reverse=True))
    + r")\b|(?:"
    + _cased(sorted(_MONTH_ABBR, key=len, reverse=True))
    + r")(?:\.|\b))"
)
# A month named alone: abbreviations only with their full stop ("Jan" is also a name).
_M_ALONE = (
    r"(?-i:(?:"
    + _cased(sorted(_MONTHS, key=len, reverse=True))
    + r")\b|(?:"
    + _cased(sorted(_MONTH_ABBR, key=len, reverse=True))
    + r")\.)"
)
_WD = (
    r"(?-i:(?:"
    + _cased(sorted(_WEEKDAYS, key=len, reverse=True))
    + r")\b|(?:"
    + _cased(sorted(_WEEKDAY_ABBR, key=len, reverse=True))
    + r")\.)"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:]|,\d)"
_YEAR = r"(?<![\d$£€#])(?:1[7-9]\d\d|20\d\d)(?![\d%]|[.,]\d)"
_NUMW = (
    r"(?:\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|a\s+hundred|one\s+hundred)"
)
# How many: a number, or a vague amount ("several", "a few") that TimeML writes as X.
_HOWMANY = (
    r"(?:" + _NUMW + r"|a\s+couple\s+of|a\s+few|several|some|many|few|a|an|another|an\s+extra|a\s+further|dozens\s+of)"
)
_UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|year|decade|century|centuries)"
_POD = r"(?:morning|afternoon|evening|night|midday|noon|dawn|daybreak|dusk)"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"

_POD_CODE = {
    "morning": "MO",
    "dawn": "MO",
    "daybreak": "MO",
    "afternoon": "AF",
    "midday": "MI",
    "noon": "MI",
    "evening": "EV",
    "dusk": "EV",
    "night": "NI",
}
_SEASON_CODE = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
# Seasons as months (northern hemisphere): where a season's span starts and how long it lasts.
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

_UNIT_CODE = {
    "second": ("T", 1, "S"),
    "minute": ("T", 1, "M"),
    "hour": ("T", 1, "H"),
    "day": ("", 1, "D"),
    "night": ("", 1, "D"),
    "week": ("", 1, "W"),
    "fortnight": ("", 2, "W"),
    "month": ("", 1, "M"),
    "quarter": ("", 3, "M"),
    "year": ("", 1, "Y"),
    "decade": ("", 10, "Y"),
    "century": ("", 100, "Y"),
    "centurie": ("", 100, "Y"),
}

# After these words a four-digit number is a count, not a year.
_COUNT_AFTER = _words(
    "people persons troops soldiers civilians men women children fighters militants residents refugees families "
    "homes houses buildings km kilometres kilometers miles metres meters feet yards tons tonnes dollars euros "
    "pounds rounds shells rockets missiles barrels times members deaths dead killed cases votes units vehicles "
    "workers jobs employees students acres hectares points bpd personnel prisoners detainees tanks aircraft "
    "others more fatalities casualties hostages migrants strikes attacks sorties shares seats users"
)
_NUMBER_BEFORE = re.compile(
    r"(?:about|around|approximately|roughly|nearly|almost|over|some|more\s+than|less\s+than|fewer\s+than|"
    r"at\s+least|up\s+to|some|than|of|No\.|number|#)\s*$",
    re.IGNORECASE,
)
_YEAR_BEFORE = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|during|before|after|early|late|mid|end|through|to|and|or|between|"
    r"fiscal|year|spring|summer|autumn|fall|winter|the|of|than|circa|c\.)|[(\-–,/])\s*$",
    re.IGNORECASE,
)


# --- calendar helpers ------------------------------------------------------------------


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, n: int) -> date:
    k = d.year * 12 + d.month - 1 + n
    y, m = divmod(k, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def precision_for(start: date, end: date) -> DatePrecision:
    days = (end - start).days + 1
    if days <= 1:
        return "day"
    if days <= 7:
        return "week"
    if days <= 31:
        return "month"
    return "year"


def day_value(d: date) -> TimeValue:
    return TimeValue(d, d, "day", True, d.month, d.day)


def span_value(start: date, end: date) -> TimeValue:
    p = precision_for(start, end)
    return TimeValue(
        start,
        end,
        p,
        True,
        start.month if start.month == end.month and start.year == end.year else None,
        start.day if start == end else None,
    )


def _month_tv(y: int, m: int) -> TimeValue:
    return TimeValue(date(y, m, 1), _month_end(y, m), "month", True, m, None)


def _year_tv(y: int) -> TimeValue:
    return TimeValue(date(y, 1, 1), date(y, 12, 31), "year", True, None, None)


def _week_tv(d: date) -> TimeValue:
    mon = _monday(d)
    return TimeValue(mon, mon + timedelta(days=6), "week", True, None, None)


def closest_year(anchor: date, month: int, day: int | None = None, future: bool = False) -> int:
    """The year (anchor's, the one before or after) that puts month/day closest to the anchor.

    News mostly reports the past, so a date after the anchor counts as twice as far
    away, unless the sentence speaks of the future (`future`), when only dates on or
    after the anchor are taken.
    """
    best = anchor.year
    best_gap: float | None = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            start = date(y, month, day or 1)
            end = start if day else _month_end(y, month)
        except ValueError:
            continue
        if start <= anchor <= end:
            return y
        if future:
            if start < anchor:
                continue
            gap = float((start - anchor).days)
        elif start > anchor:
            gap = 2.0 * (start - anchor).days
        else:
            gap = float((anchor - end).days)
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best


# Words that put a sentence in the future: a weekday or a date in it looks forward.
_FUTURE = re.compile(
    r"\b(?:will|shall|(?:is|are|was|were)\s+(?:due|scheduled|set|expected|slated|going)\s+to|(?:is|are)\s+to|"
    r"plans?\s+to|planned\s+for|scheduled\s+for|upcoming)\b|['’]ll\b",
    re.IGNORECASE,
)


def _future(m: re.Match[str]) -> bool:
    """Does the clause around the expression speak of the future?"""
    s = m.string
    lo = max(0, m.start() - 80)
    cut = max(s.rfind(". ", lo, m.start()), s.rfind("\n", lo, m.start()), s.rfind("; ", lo, m.start()))
    lo = cut + 1 if cut >= 0 else lo
    hi = m.end() + 40
    stop = re.search(r"[.;\n]", s[m.end() : hi])
    if stop:
        hi = m.end() + stop.start()
    return _FUTURE.search(s, lo, hi) is not None


def weekday_on_or_before(anchor: date, weekday: int) -> date:
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


# --- resolution -------------------------------------------------------------------------


@dataclass(slots=True)
class _Ctx:
    anchor: date | None
    ref: date | None  # the last day the text named, for "the next day"; starts at the anchor


@dataclass(slots=True)
class _Norm:
    type: TimexType
    value: str
    date: TimeValue | None = None
    mod: str | None = None
    extra: list[Timex] = field(default_factory=list)  # further expressions one match yields ("2009-10")
    end: int | None = None  # where this expression ends, when it is shorter than the match


Handler = Callable[[re.Match[str], _Ctx], "_Norm | None"]


def _month_of(word: str) -> int:
    w = word.lower().rstrip(".")
    return _MONTHS.get(w) or _MONTH_ABBR[w]


def _weekday_of(word: str) -> int:
    w = word.lower().rstrip(".")
    return _WEEKDAYS[w] if w in _WEEKDAYS else _WEEKDAY_ABBR[w]


def _daynum(s: str) -> int:
    return int(re.match(r"\d+", s)[0])  # type: ignore[index]


def _unknown_day(m: int, d: int) -> _Norm:
    return _Norm("DATE", f"XXXX-{m:02d}-{d:02d}", TimeValue(None, None, "day", False, m, d))


def _h_iso(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    try:
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    if m["hh"]:
        return _Norm("TIME", f"{d.isoformat()}T{m['hh']}:{m['mm']}", day_value(d))
    return _Norm("DATE", d.isoformat(), day_value(d))


def _h_numeric(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if y < 100:
        y += 2000 if y < 50 else 1900
    if a > 12 and b <= 12:
        day, month = a, b
    elif b > 12 and a <= 12:
        day, month = b, a
    elif m["sep"] == ".":
        day, month = a, b  # 15.02.2020: the dotted form is day first wherever it is used
    else:
        day, month = b, a  # 02/15/2020 and, when both fit, the American order of English-language wires
    try:
        d = date(y, month, day)
    except ValueError:
        return None
    return _Norm("DATE", d.isoformat(), day_value(d))


def _h_date(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    month = _month_of(m["m"] or m["m2"])
    day = _daynum(m["d"] or m["d2"])
    if m["y"]:
        year = int(m["y"])
    elif ctx.anchor is not None:
        year = closest_year(ctx.anchor, month, day, _future(m))
    else:
        if day > 31 or (month == 2 and day > 29):
            return None
        return _unknown_day(month, day)
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return _Norm("DATE", d.isoformat(), day_value(d))


def _h_month_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    month, year = _month_of(m["m"]), int(m["y"])
    return _Norm("DATE", f"{year}-{month:02d}", _month_tv(year, month))


_MAY_BEFORE = re.compile(
    r"\b(?:in|of|since|until|till|by|early|late|mid|last|next|this|during|from|through|to|and|or|between|end|"
    r"beginning|before|after|until|on|that|each|every)[\s-]+$",
    re.IGNORECASE,
)


def _h_month(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    word = m["m"]
    month = _month_of(word)
    # "May" is also a verb and "March" a noun: take them only after a word that introduces a date.
    ambiguous = word.lower() == "may" or (word.lower() == "march" and word != "MARCH")
    if ambiguous and not _MAY_BEFORE.search(m.string[max(0, m.start() - 20) : m.start()]):
        return None
    if ctx.anchor is None:
        return _Norm("DATE", f"XXXX-{month:02d}", TimeValue(None, None, "month", False, month, None))
    before = m.string[max(0, m.start() - 12) : m.start()].lower()
    if re.search(r"\blast\s+$", before):
        y = ctx.anchor.year if month < ctx.anchor.month else ctx.anchor.year - 1
    elif re.search(r"\bnext\s+$", before):
        y = ctx.anchor.year if month > ctx.anchor.month else ctx.anchor.year + 1
    elif re.search(r"\bthis\s+$", before):
        y = ctx.anchor.year
    else:
        y = closest_year(ctx.anchor, month, None, _future(m))
    return _Norm("DATE", f"{y}-{month:02d}", _month_tv(y, month))


def _h_month_rel_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    """ "October last year", "in March of this year": the month of the year named against the anchor."""
    month = _month_of(m["m"])
    if ctx.anchor is None:
        return _Norm("DATE", f"XXXX-{month:02d}", TimeValue(None, None, "month", False, month, None))
    y = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[(m["rel"] or "this").lower()]
    return _Norm("DATE", f"{y}-{month:02d}", _month_tv(y, month))


def _h_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    y = int(m["y"])
    s = m.string
    before = s[max(0, m.start() - 24) : m.start()]
    after = s[m.end() : m.end() + 24]
    word_after = re.match(r"\s+([A-Za-z]+)", after)
    if word_after and word_after[1].lower() in _COUNT_AFTER:
        return None
    if re.match(r"\s*(?:%|percent|per\s*cent)", after, re.IGNORECASE):
        return None
    context = bool(_YEAR_BEFORE.search(before))
    if _NUMBER_BEFORE.search(before) and not re.search(r"\b(?:in|since|of)\s+$", before, re.IGNORECASE):
        return None
    if y < 1900 and not (context and re.search(r"[A-Za-z.]\s*$", before)):
        return None  # "(1881)" after a page's headline is a count; "in 1881" is a year
    if m["s"]:  # "the 1990's" written with an apostrophe is a decade
        return _Norm("DATE", str(y // 10), TimeValue(date(y, 1, 1), date(y + 9, 12, 31), "year"))
    return _Norm("DATE", str(y), _year_tv(y))


def _h_year_tail(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    first = int(m["y1"])
    tail = int(m["yy"])
    y = first - first % 100 + tail
    if y <= first:
        return None
    return _Norm(
        "DATE",
        str(first),
        _year_tv(first),
        end=m.end("y1"),
        extra=[Timex(m.start("yy"), m.end("yy"), "DATE", str(y), None, _year_tv(y))],
    )


def _h_decade(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if m["c"]:
        start = int(m["c"] + m["d"] + "0")
    else:
        d = int(m["d2"])
        start = (1900 if d >= 3 else 2000) + d * 10
    return _Norm("DATE", str(start // 10), TimeValue(date(start, 1, 1), date(start + 9, 12, 31), "year"))


_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
}


def _h_century(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    n = int(m["n"]) if m["n"] else _ORDINALS.get(m["w"].lower(), 0)
    if not 1 <= n <= 22:
        return None
    start = (n - 1) * 100
    return _Norm("DATE", f"{n - 1:02d}", TimeValue(date(max(1, start), 1, 1), date(start + 99, 12, 31), "year"))


def _rel_year(rel: str | None, y: str | None, ctx: _Ctx) -> int | None:
    if y:
        if y.isdigit():
            return int(y)
        rel = y.split()[0]
    if ctx.anchor is None:
        return None
    base = ctx.anchor.year
    if rel is None:
        return base
    r = rel.lower()
    if r in ("last", "past", "previous"):
        return base - 1
    if r in ("next", "coming"):
        return base + 1
    return base


def _h_quarter(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    word = (m["ord"] or "").lower().replace("fiscal", "").strip()
    year = _rel_year(None, m["y"] or m["y2"], ctx)
    if m["q"]:
        q: int | None = int(m["q"])
    elif word in _ORDINALS:
        q = _ORDINALS[word]
        if q > 4:
            return None
    else:
        q = None
    if ctx.anchor is not None and (q is None or (year == ctx.anchor.year and not (m["y"] or m["y2"]))):
        aq = (ctx.anchor.month - 1) // 3 + 1
        if q is None:
            # "the last quarter", "the latest quarter": the one before the anchor's; "this quarter": the anchor's
            back = word in ("last", "latest", "previous", "past", "final")
            q = aq - 1 if back else aq
            year = ctx.anchor.year
            if q == 0:
                q, year = 4, year - 1
        elif q > aq:
            year = ctx.anchor.year - 1  # "the fourth quarter" in a January report: the one just ended
    if q is None:
        return None
    if year is None:
        return _Norm("DATE", f"XXXX-Q{q}")
    start = date(year, 3 * q - 2, 1)
    return _Norm("DATE", f"{year}-Q{q}", span_value(start, _month_end(year, 3 * q)))


def _h_half(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    h = 1 if m["h"].lower() in ("first", "1st") else 2
    year = (
        _rel_year(None, m["y"], ctx) if m["y"] and not m["y"].lower().startswith("the") else _rel_year(None, None, ctx)
    )
    if year is None:
        return _Norm("DATE", f"XXXX-H{h}")
    start = date(year, 1 if h == 1 else 7, 1)
    return _Norm("DATE", f"{year}-H{h}", span_value(start, _month_end(year, 6 if h == 1 else 12)))


def _h_season(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    code = _SEASON_CODE[m["s"].lower()]
    rel = (m["rel"] or "").lower().split()[-1] if m["rel"] else None
    # "fall" is a verb and "spring" a noun often enough: a bare season needs "the" ("in the summer")
    if not rel and not m["y"] and not re.search(r"\bthe\s+$", m.string[max(0, m.start() - 8) : m.start()].lower()):
        return None
    if m["y"]:
        year: int | None = int(m["y"])
    elif ctx.anchor is None:
        year = None
    else:
        a = ctx.anchor
        start_this = date(a.year, _SEASON_START[code], 1)
        if rel in ("last", "past", "previous"):
            year = a.year if start_this <= a - timedelta(days=90) else a.year - 1
        elif rel in ("next", "coming"):
            year = a.year if start_this > a else a.year + 1
        else:
            year = a.year
    if year is None:
        return _Norm("DATE", f"XXXX-{code}")
    start = date(year, _SEASON_START[code], 1)
    return _Norm("DATE", f"{year}-{code}", span_value(start, _season_end(year, code)))


def _season_end(year: int, code: str) -> date:
    last = _add_months(date(year, _SEASON_START[code], 1), 2)
    return _month_end(last.year, last.month)


def _h_relday(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    w = " ".join(m["w"].lower().split())
    offset = {
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
        "yesterday": -1,
        "today": 0,
        "tomorrow": 1,
        "tonight": 0,
    }[w]
    if ctx.anchor is None:
        return _Norm("TIME" if w == "tonight" else "DATE", "XXXX-XX-XX", TimeValue(None, None, "day", False))
    d = ctx.anchor + timedelta(days=offset)
    if w == "tonight":
        return _Norm("TIME", f"{d.isoformat()}TNI", day_value(d))
    return _Norm("DATE", d.isoformat(), day_value(d))


def _h_rel_pod(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    rel = " ".join(m["rel"].lower().split()).split()[-1]
    pod = _POD_CODE[m["pod"].lower()]
    base = ctx.ref if rel in ("that", "same") else ctx.anchor
    if base is None:
        return _Norm("TIME", f"XXXX-XX-XXT{pod}", TimeValue(None, None, "day", False))
    offset = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(rel, 0)
    if rel == "last" and pod != "NI":
        offset = -1
    d = base + timedelta(days=offset)
    return _Norm("TIME", f"{d.isoformat()}T{pod}", day_value(d))


def _resolve_weekday(wd: int, rel: str | None, anchor: date) -> date:
    if rel in ("next", "coming", "this coming"):
        return anchor + timedelta(days=(wd - anchor.weekday() - 1) % 7 + 1)
    if rel in ("last", "past", "previous", "this past"):
        return anchor - timedelta(days=(anchor.weekday() - wd - 1) % 7 + 1)
    return weekday_on_or_before(anchor, wd)


def _h_weekday(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    wd = _weekday_of(m["wd"] or m["wd2"])
    rel = " ".join(m["rel"].lower().split()) if m["rel"] else None
    pod_word = m["pod"] or m["pod2"]
    pod = _POD_CODE[pod_word.lower()] if pod_word else None
    if ctx.anchor is None:
        value = f"XXXX-WXX-{wd + 1}" + (f"T{pod}" if pod else "")
        return _Norm("TIME" if pod else "DATE", value, TimeValue(None, None, "day", False))
    if rel is None and _future(m):
        rel = "next" if ctx.anchor.weekday() != wd else None
    d = _resolve_weekday(wd, rel, ctx.anchor)
    if pod:
        return _Norm("TIME", f"{d.isoformat()}T{pod}", day_value(d))
    return _Norm("DATE", d.isoformat(), day_value(d))


def _h_unit_rel(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    unit = m["u"].lower()
    rel = (m["rel"] or m["er"] or "").lower()
    anaphoric = rel in ("following", "same", "preceding", "prior") or (rel == "previous" and unit != "week")
    if m["pre"] and rel == "past" and unit in ("week", "month", "year", "decade", "century"):
        # "the past week" names the stretch up to the anchor: a duration ending now
        code = _UNIT_CODE[unit]
        n = code[1]
        norm = _Norm("DURATION", f"P{code[0]}{n}{code[2]}")
        if ctx.anchor is not None:
            norm.date = _back_span(ctx.anchor, n, code[2])
        return norm
    base = ctx.ref if anaphoric else ctx.anchor
    if base is None:
        return _Norm("DATE", {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX"}.get(unit, "XXXX"))
    step = 0
    if rel in ("last", "past", "previous", "preceding", "prior"):
        step = -1
    elif rel in ("next", "coming", "following"):
        step = 1
    if unit == "week":
        d = base + timedelta(weeks=step)
        norm = _Norm("DATE", _week_value(d), _week_tv(d))
    elif unit == "weekend":
        sat = _monday(base) + timedelta(days=5 + 7 * step)
        norm = _Norm("DATE", _week_value(sat) + "-WE", span_value(sat, sat + timedelta(days=1)))
    elif unit == "month":
        d = _add_months(base.replace(day=1), step)
        norm = _Norm("DATE", f"{d.year}-{d.month:02d}", _month_tv(d.year, d.month))
    elif unit == "year":
        y = base.year + step
        norm = _Norm("DATE", str(y), _year_tv(y))
    elif unit == "decade":
        y = base.year - base.year % 10 + 10 * step
        norm = _Norm("DATE", str(y // 10), TimeValue(date(y, 1, 1), date(y + 9, 12, 31), "year"))
    elif unit == "century":
        c = base.year // 100 + step
        norm = _Norm("DATE", f"{c:02d}", TimeValue(date(max(1, c * 100), 1, 1), date(c * 100 + 99, 12, 31), "year"))
    else:  # quarter
        q = (base.month - 1) // 3 + step
        y = base.year + (q // 4 if q >= 0 else -1)
        q = q % 4 + 1
        norm = _Norm("DATE", f"{y}-Q{q}", span_value(date(y, 3 * q - 2, 1), _month_end(y, 3 * q)))
    if m["er"] and norm.date is not None and norm.date.start is not None and ctx.anchor is not None:
        # "earlier this month": from the start of the month up to the anchor; "later this year": after it
        if m["er"].lower() == "earlier" and norm.date.start <= ctx.anchor:
            norm.date = span_value(norm.date.start, min(ctx.anchor, norm.date.end or ctx.anchor))
            norm.date.precision = _unit_precision(unit)
        elif m["er"].lower() == "later" and norm.date.end is not None and ctx.anchor <= norm.date.end:
            norm.date = span_value(max(ctx.anchor, norm.date.start or ctx.anchor), norm.date.end)
            norm.date.precision = _unit_precision(unit)
    return norm


def _unit_precision(unit: str) -> DatePrecision:
    return {"week": "week", "weekend": "week", "month": "month"}.get(unit, "year")  # type: ignore[return-value]


def _back_span(anchor: date, n: int, code: str) -> TimeValue | None:
    if code == "D":
        start = anchor - timedelta(days=n)
    elif code == "W":
        start = anchor - timedelta(weeks=n)
    elif code == "M":
        start = _add_months(anchor, -n)
    elif code == "Y":
        try:
            start = anchor.replace(year=anchor.year - n)
        except ValueError:
            start = anchor - timedelta(days=365 * n)
    else:
        return None
    return span_value(start, anchor)


def _count(word: str) -> int | None:
    """A number for a duration; None for vague amounts ("several"), which TimeML writes as X."""
    w = " ".join(word.lower().split())
    if w in ("a", "an", "another", "an extra", "a further"):
        return 1
    if w in ("a couple of",):
        return 2
    if w in ("a few", "several", "some", "many", "few", "dozens of"):
        return None
    if re.fullmatch(r"\d+\.\d+", w):
        return None
    return parse_number(w)


def _duration_value(n: int | None, unit: str) -> str:
    t, mult, code = _UNIT_CODE[unit]
    return f"P{t}{'X' if n is None else n * mult}{code}"


def _unit_of(word: str) -> str:
    w = word.lower()
    if w.endswith("ies"):
        return "century"
    return w[:-1] if w.endswith("s") and w[:-1] in _UNIT_CODE else w


def _h_ago(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    unit = _unit_of(m["u"])
    n = _count(m["n"])
    direction = " ".join(m["dir"].lower().split())
    base = ctx.anchor if direction in ("ago", "from now", "hence") else ctx.ref
    sign = -1 if direction in ("ago", "earlier", "before", "prior") else 1
    if n is None:
        return _Norm("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if base is None or unit in ("second", "minute", "hour", "decade", "century", "centurie"):
        if unit in ("second", "minute", "hour") and base is not None:
            return _Norm("TIME", base.isoformat(), day_value(base))
        return _Norm("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if unit in ("day", "night"):
        d = base + timedelta(days=sign * n)
        return _Norm("DATE", d.isoformat(), day_value(d))
    if unit in ("week", "fortnight"):
        d = base + timedelta(weeks=sign * n * (2 if unit == "fortnight" else 1))
        return _Norm("DATE", _week_value(d), _week_tv(d))
    if unit in ("month", "quarter"):
        d = _add_months(base, sign * n * (3 if unit == "quarter" else 1))
        return _Norm("DATE", f"{d.year}-{d.month:02d}", _month_tv(d.year, d.month))
    y = base.year + sign * n
    return _Norm("DATE", str(y), _year_tv(y))


def _h_duration(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    unit = _unit_of(m["u"])
    n = _count(m["n"]) if m["n"] else None
    if (m["adj"] and m["adj"][1:].lower() == "old") or re.match(r"\s+old\b", m.string[m.end() : m.end() + 5]):
        return None  # an age ("a 6-year-old", "52 years old"), not a stretch of time
    return _Norm("DURATION", _duration_value(n, unit))


def _h_dur_rel(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    unit = _unit_of(m["u"])
    n = _count(m["n"]) if m["n"] else None
    norm = _Norm("DURATION", _duration_value(n, unit))
    rel = m["rel"].lower()
    if ctx.anchor is not None and n is not None and rel in ("past", "last", "previous"):
        norm.date = _back_span(ctx.anchor, n * _UNIT_CODE[unit][1], _UNIT_CODE[unit][2])
    return norm


_BARE_BEFORE = re.compile(
    r"\b(?:for|over|within|in|after|take|takes|took|taking|lasted|last|spent|spend|spending|of|recent)\s+$",
    re.IGNORECASE,
)


def _h_bare_units(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if not _BARE_BEFORE.search(m.string[max(0, m.start() - 12) : m.start()]):
        return None
    return _Norm("DURATION", _duration_value(None, _unit_of(m["u"])))


def _h_set(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if m["adv"]:
        code = {
            "daily": "P1D",
            "nightly": "P1D",
            "weekly": "P1W",
            "biweekly": "P2W",
            "fortnightly": "P2W",
            "monthly": "P1M",
            "annually": "P1Y",
            "yearly": "P1Y",
            "hourly": "PT1H",
            "semiannually": "P6M",
        }[m["adv"].lower()]
        return _Norm("SET", code)
    what = m["what"]
    low = what.lower().rstrip("s")
    if low in _UNIT_CODE or low == "centurie":
        n = parse_number(m["n"]) if m["n"] and m["n"].lower() != "other" else (2 if m["n"] else 1)
        return _Norm("SET", _duration_value(n, _unit_of(what)))
    if low in _POD_CODE:
        return _Norm("SET", f"XXXX-XX-XXT{_POD_CODE[low]}")
    if low in _SEASON_CODE:
        return _Norm("SET", f"XXXX-{_SEASON_CODE[low]}")
    if low == "season":
        return _Norm("SET", "XXXX-XX")
    if low in _WEEKDAYS or low.rstrip(".") in _WEEKDAY_ABBR:
        return _Norm("SET", f"XXXX-WXX-{_weekday_of(low) + 1}")
    if low in _MONTHS:
        return _Norm("SET", f"XXXX-{_MONTHS[low]:02d}")
    return None


_REF_VALUES = {
    "now": "PRESENT_REF",
    "right now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "presently": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "at the moment": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "for the time being": "PRESENT_REF",
    "recently": "PAST_REF",
    "lately": "PAST_REF",
    "the past": "PAST_REF",
    "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "the distant future": "FUTURE_REF",
    "soon": "FUTURE_REF",
    "at the time": "PAST_REF",
}


def _h_ref(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    w = " ".join(m["r"].lower().split())
    if w == "now" and re.match(r"\s*(?:that|than)\b", m.string[m.end() : m.end() + 6]):
        return None  # "now that", "now than": a conjunction
    return _Norm("DATE", _REF_VALUES[w])


def _h_clock(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if m["noon"]:
        hh, mm = (12, 0) if m["noon"].lower() in ("noon", "midday") else (0, 0)
    else:
        hh = int(m["h"] or m["h2"])
        mm = int(m["mi"] or m["mi2"] or 0)
        ap = (m["ap"] or "").lower().replace(".", "")
        if ap == "pm" and hh < 12:
            hh += 12
        elif ap == "am" and hh == 12:
            hh = 0
        if hh > 23:
            return None
    base = ctx.ref
    if base is None:
        return _Norm("TIME", f"XXXX-XX-XXT{hh:02d}:{mm:02d}")
    return _Norm("TIME", f"{base.isoformat()}T{hh:02d}:{mm:02d}", day_value(base))


def _easter(y: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(y, month, day)


def _h_holiday(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    name = " ".join(m["hol"].lower().replace("’", "'").split())
    fixed = {
        "christmas": (12, 25),
        "christmas day": (12, 25),
        "christmas eve": (12, 24),
        "new year's day": (1, 1),
        "new year's eve": (12, 31),
        "new year's": (1, 1),
        "boxing day": (12, 26),
        "valentine's day": (2, 14),
        "halloween": (10, 31),
    }
    year = int(m["y"]) if m["y"] else None
    if name in fixed:
        month, day = fixed[name]
        if year is None:
            if ctx.anchor is None:
                return _unknown_day(month, day)
            year = closest_year(ctx.anchor, month, day)
        d = date(year, month, day)
        return _Norm("DATE", d.isoformat(), day_value(d))
    if year is None and ctx.anchor is None:
        return _Norm("DATE", "XXXX-XX-XX", TimeValue(None, None, "day", False))
    if name == "easter":
        y0 = year if year is not None else ctx.anchor.year  # type: ignore[union-attr]
        cands = [_easter(y) for y in ((y0,) if year is not None else (y0 - 1, y0, y0 + 1))]
        anchor = ctx.anchor or cands[0]
        d = min(cands, key=lambda c: abs((c - anchor).days))
        return _Norm("DATE", d.isoformat(), day_value(d))
    # Thanksgiving (US): the fourth Thursday of November
    y0 = year if year is not None else closest_year(ctx.anchor, 11, 25)  # type: ignore[arg-type]
    first = date(y0, 11, 1)
    d = first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    return _Norm("DATE", d.isoformat(), day_value(d))


def _h_anaphoric(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    unit = m["u"].lower()
    rel = (m["rel"] or m["rel2"] or "same").lower()
    step = {"following": 1, "next": 1, "after": 1, "later": 1, "previous": -1, "preceding": -1, "prior": -1}
    s = step.get(rel, 0)
    if rel in ("before", "earlier"):
        s = -1
    base = ctx.ref
    if base is None:
        return _Norm("DATE", "XXXX-XX-XX", TimeValue(None, None, "day", False))
    if unit in _POD_CODE:
        d = base + timedelta(days=s)
        return _Norm("TIME", f"{d.isoformat()}T{_POD_CODE[unit]}", day_value(d))
    if unit == "day":
        d = base + timedelta(days=s)
        return _Norm("DATE", d.isoformat(), day_value(d))
    if unit == "week":
        d = base + timedelta(weeks=s)
        return _Norm("DATE", _week_value(d), _week_tv(d))
    if unit == "weekend":
        sat = _monday(base) + timedelta(days=5 + 7 * s)
        return _Norm("DATE", _week_value(sat) + "-WE", span_value(sat, sat + timedelta(days=1)))
    if unit == "month":
        d = _add_months(base.replace(day=1), s)
        return _Norm("DATE", f"{d.year}-{d.month:02d}", _month_tv(d.year, d.month))
    y = base.year + s
    return _Norm("DATE", str(y), _year_tv(y))


# --- patterns ---------------------------------------------------------------------------

_PATTERNS: list[tuple[str, str, Handler]] = [
    (
        "iso",
        r"(?<![\d-])(?P<y>1[7-9]\d\d|20\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
        r"(?:T(?P<hh>[01]\d|2[0-3]):(?P<mm>[0-5]\d))?(?![\d-])",
        _h_iso,
    ),
    (
        "numeric",
        r"(?<![\d./-])(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d|\d\d)(?![\d./])",
        _h_numeric,
    ),
    (
        "date",
        r"(?:(?P<wd>" + _WD + r"),?\s+)?(?:(?P<m>" + _M + r")\s*(?P<d>" + _DAY + r")"
        r"|(?:the\s+)?(?P<d2>" + _DAY + r")(?:\s+of)?\s+(?P<m2>" + _M + r"))"
        r"(?:,?\s*(?P<y>" + _YEAR + r"))?",
        _h_date,
    ),
    ("month_year", r"(?P<m>" + _M + r"),?\s+(?:of\s+)?(?P<y>" + _YEAR + r")", _h_month_year),
    ("month_rel_year", r"(?P<m>" + _M + r"),?\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b", _h_month_rel_year),
    ("month", r"(?P<m>" + _M_ALONE + r")", _h_month),
    ("year_tail", r"(?P<y1>" + _YEAR + r")[-–/](?P<yy>\d\d)(?!\d)", _h_year_tail),
    ("year", r"(?P<y>" + _YEAR + r")(?P<s>'s)?\b", _h_year),
    (
        "decade",
        r"(?:the\s+)?(?:(?P<c>1[7-9]|20)(?P<d>\d)0s|['’](?P<d2>\d)0s)\b",
        _h_decade,
    ),
    (
        "century",
        r"(?:the\s+)?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<w>eighteenth|nineteenth|twentieth|twenty-first))"
        r"[- ]century\b",
        _h_century,
    ),
    (
        "quarter",
        r"(?:the\s+)?(?:(?P<ord>(?:fiscal\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)|final|last|latest|"
        r"current|previous|past|this|next)[- ](?:fiscal[- ])?quarter|(?<=the\s)quarter)"
        r"(?:\s+of\s+(?P<y>" + _YEAR + r"|(?:this|last|next)\s+year))?"
        r"|\b[Qq](?P<q>[1-4])(?:\s+(?P<y2>" + _YEAR + r"))?\b",
        _h_quarter,
    ),
    (
        "half",
        r"(?:the\s+)?(?P<h>first|second|1st|2nd|latter)\s+half\s+of\s+(?P<y>" + _YEAR + r"|(?:this|last|next)\s+year)",
        _h_half,
    ),
    (
        "season",
        r"(?:(?P<rel>this|last|next|past|coming|previous|this\s+past|this\s+coming)\s+)?(?P<s>" + _SEASON + r")"
        r"(?:\s+(?:of\s+)?(?P<y>" + _YEAR + r"))?\b",
        _h_season,
    ),
    (
        "relday",
        r"\b(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight)\b",
        _h_relday,
    ),
    (
        "rel_pod",
        r"\b(?P<rel>this|yesterday|tomorrow|last|that|the\s+same|early\s+this|late\s+this|later\s+this|earlier\s+this)"
        r"\s+(?P<pod>morning|afternoon|evening|night)\b",
        _h_rel_pod,
    ),
    (
        "weekday",
        r"(?:\b(?P<rel>last|next|this|coming|past|previous|this\s+past|this\s+coming)\s+)?(?P<wd>" + _WD + r")"
        r"(?:['’]s)?(?:\s+(?P<pod>morning|afternoon|evening|night))?"
        r"|\b(?:the\s+)?(?P<pod2>morning|afternoon|evening|night)\s+of\s+(?P<wd2>" + _WD + r")",
        _h_weekday,
    ),
    (
        "unit_rel",
        r"\b(?:(?P<pre>the\s+)?(?P<rel>this|last|next|past|coming|previous|current|following|same|preceding|prior)\s+"
        r"|(?P<er>earlier|later)\s+(?:this|in\s+the)\s+)"
        r"(?P<u>week|month|year|weekend|decade|century|quarter)\b(?!\s*-|['’]s\s+\w)",
        _h_unit_rel,
    ),
    ("weekend", r"\b(?:the|over\s+the)\s+(?P<u>weekend)\b", lambda m, c: _h_unit_rel_weekend(m, c)),
    (
        "part_of",
        r"\b(?:the\s+)?(?P<w>end|beginning|start|middle|turn|close)\s+of\s+(?:the\s+)?(?:(?P<rel>this|last|next|current)\s+)?"
        r"(?P<u>year|month|week|decade|century)\b(?!\s+(?:of|in)\b)|\b(?P<u2>year|month)[- ](?P<w2>end)\b",
        lambda m, c: _h_part_of(m, c),
    ),
    (
        "overnight",
        r"\b(?P<rel>overnight)\b",
        lambda m, c: _Norm("TIME", f"{c.ref.isoformat()}TNI", day_value(c.ref)) if c.ref else None,
    ),
    (
        "anaphoric",
        r"\b(?:(?:the|that)\s+(?P<rel>same|following|next|previous|preceding|prior)\s+|that\s+)"
        r"(?P<u>day|week|weekend|month|year|morning|afternoon|evening|night)\b"
        r"|\bthe\s+(?P<u2>day|week|month|year)\s+(?P<rel2>before|after|earlier|later)\b",
        lambda m, c: _h_anaphoric_any(m, c),
    ),
    (
        "ago",
        r"\b(?P<n>" + _HOWMANY + r")[\s-]+(?P<u>" + _UNIT + r"s?|centuries)\s+"
        r"(?P<dir>ago|earlier|later|before|after|from\s+now|hence|prior)\b(?!\s+(?:the|a|an|his|her|its|their|than|to)\b)",
        _h_ago,
    ),
    (
        "dur_rel",
        r"\b(?:the\s+)?(?P<rel>past|last|previous|next|coming|following|first|final|recent|remaining|initial|latest)"
        r"\s+(?:(?P<n>" + _NUMW + r"|few|several|couple\s+of)\s+)?(?P<u>" + _UNIT + r"s|centuries)\b",
        _h_dur_rel,
    ),
    (
        "duration",
        r"\b(?P<n>" + _HOWMANY + r")[\s-]+(?:(?:more|additional|further|consecutive|straight|full|long|trading|working|"
        r"business)\s+)?(?P<u>" + _UNIT + r"s?|centuries)(?:['’])?(?P<adj>[- ](?:long|old))?\b",
        _h_duration,
    ),
    ("bare_units", r"\b(?P<u>(?:second|minute|hour|day|week|month|year|decade)s)\b", _h_bare_units),
    (
        "set",
        r"\b(?:every|each|per)\s+(?:(?P<n>other|" + _NUMW + r")\s+)?(?P<what>" + _UNIT + r"s?|" + _POD + r"|"
        r"season|" + _SEASON + r"|" + _WD + r"|" + _M + r")(?!\w)"
        r"|\b(?P<adv>daily|nightly|weekly|biweekly|fortnightly|monthly|annually|yearly|hourly|semiannually)\b",
        _h_set,
    ),
    (
        "ref",
        r"\b(?P<r>right\s+now|now|currently|nowadays|presently|at\s+present|at\s+the\s+moment|these\s+days|"
        r"for\s+the\s+time\s+being|recently|lately|the\s+past|the\s+(?:near\s+|distant\s+)?future|at\s+the\s+time)\b",
        _h_ref,
    ),
    (
        "clock",
        r"(?=[\dnNmM])(?<![\d:.])(?:(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>(?-i:a\.m\.|p\.m\.|am|pm|AM|PM|A\.M\.|P\.M\.))"
        r"(?!\w)|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?![:\d])(?:\s*(?:GMT|UTC|local\s+time|hrs|[ECMP][SD]T)\b)?"
        r"|\b(?P<noon>noon|midnight|midday)\b)",
        _h_clock,
    ),
    (
        "holiday",
        r"\b(?P<hol>(?-i:Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]?s(?:\s+(?:Day|Eve))?|Boxing\s+Day|"
        r"Valentine['’]s\s+Day|Halloween|Easter|Thanksgiving))(?:\s+(?P<y>" + _YEAR + r"))?\b",
        _h_holiday,
    ),
]


def _h_part_of(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    """ "the end of the year", "the beginning of next month", "year-end": a part of the anchor's unit."""
    word = (m["w"] or m["w2"]).lower()
    mod = {"end": "END", "close": "END", "beginning": "START", "start": "START", "turn": "START", "middle": "MID"}[word]
    rel = (m["rel"] or "this").lower()
    unit = (m["u"] or m["u2"]).lower()
    norm = _h_unit_rel(_Fields({"u": unit, "rel": rel, "pre": None, "er": None}), ctx)  # type: ignore[arg-type]
    if norm is None:
        return None
    norm.mod = mod
    if norm.date is not None and unit in ("month", "year"):
        norm.date = _narrow(norm.date, mod)
    return norm


def _h_unit_rel_weekend(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    """ "the weekend": the one on or before the anchor (the one in progress on a Saturday or Sunday)."""
    if ctx.anchor is None:
        return _Norm("DATE", "XXXX-WXX-WE")
    a = ctx.anchor
    sat = _monday(a) + timedelta(days=5) if a.weekday() >= 5 else _monday(a) - timedelta(days=2)
    return _Norm("DATE", _week_value(sat) + "-WE", span_value(sat, sat + timedelta(days=1)))


def _h_anaphoric_any(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    fake = {"u": m["u2"], "rel": m["rel2"], "rel2": None} if m["u2"] else {"u": m["u"], "rel": m["rel"], "rel2": None}
    return _h_anaphoric(_Fields(fake), ctx)  # type: ignore[arg-type]


class _Fields:
    """A stand-in for a match's named groups, for handlers shared between patterns."""

    def __init__(self, groups: dict[str, str | None]) -> None:
        self._groups = groups

    def __getitem__(self, key: str) -> str | None:
        return self._groups.get(key)


# Patterns that begin with a word: a leading \b lets the engine skip the inside of words.
_WORD_START = {"date", "month_year", "month", "century", "quarter", "half", "season", "weekday"}
_MONTH_WORDS = (*_MONTHS, *_MONTH_ABBR)
_UNIT_WORDS = ("second", "minute", "hour", "day", "night", "week", "fortnight", "month", "year", "decade", "centur")
# A pattern runs only when one of these strings is in the lower-cased text: most texts hold
# no season, quarter or holiday, and a skipped pass over the text is time saved.
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "date": _MONTH_WORDS,
    "month_year": _MONTH_WORDS,
    "month": _MONTH_WORDS,
    "decade": ("0s",),
    "century": ("centur",),
    "quarter": ("quarter", "q1", "q2", "q3", "q4"),
    "half": ("half",),
    "season": ("spring", "summer", "autumn", "fall", "winter"),
    "relday": ("yesterday", "today", "tomorrow", "tonight"),
    "rel_pod": ("morning", "afternoon", "evening", "night"),
    "weekday": (*_WEEKDAYS, *(f"{w}." for w in _WEEKDAY_ABBR)),
    "unit_rel": ("week", "month", "year", "decade", "century", "quarter"),
    "weekend": ("weekend",),
    "part_of": ("end", "beginning", "start", "middle", "turn", "close"),
    "overnight": ("overnight",),
    "ago": ("ago", "earlier", "later", "before", "after", "from now", "hence", "prior"),
    "dur_rel": _UNIT_WORDS,
    "duration": _UNIT_WORDS,
    "bare_units": _UNIT_WORDS,
    "set": ("every", "each", "per ", "daily", "nightly", "weekly", "monthly", "annually", "yearly", "hourly"),
    "ref": ("now", "current", "present", "moment", "these days", "the time", "recent", "lately", "past", "future"),
    "clock": (
        ":",
        " am",
        " pm",
        "0am",
        "0pm",
        "a.m",
        "p.m",
        "noon",
        "midnight",
        "midday",
        *(f"{d}am" for d in "123456789"),
        *(f"{d}pm" for d in "123456789"),
    ),
    "holiday": ("christmas", "new year", "boxing", "valentine", "halloween", "easter", "thanksgiving"),
}

# Patterns that begin with a number ("three years ago") are tried only at the few word starts
# just before a unit word, not at every position of the text.
_UNIT_ANCHOR = re.compile(r"\b(?:second|minute|hour|day|night|week|fortnight|month|year|decade|centur)", re.IGNORECASE)
_ANCHORED = {"duration", "ago", "dur_rel"}
_WORD_STARTS = re.compile(r"\b\w")


def _anchored_matches(rx: re.Pattern[str], text: str, anchors: list[int]) -> list[re.Match[str]]:
    out: dict[tuple[int, int], re.Match[str]] = {}
    for a in anchors:
        for w in _WORD_STARTS.finditer(text, max(0, a - 60), a + 1):
            m = rx.match(text, w.start())
            if m is not None and m.start() <= a < m.end():
                out.setdefault((m.start(), m.end()), m)
    return list(out.values())


_COMPILED: list[tuple[str, re.Pattern[str], Handler]] = [
    (kind, re.compile((r"\b" if kind in _WORD_START else "") + rx, re.IGNORECASE), fn) for kind, rx, fn in _PATTERNS
]
# Each pattern above, tried only where a word one of its matches begins with occurs (same matches).
_STARTS = [StartFilter(rx) for _, rx, _ in _COMPILED]

# Words before a date that say which part of it is meant; they join the expression.
_DATE_MOD = re.compile(
    r"(?:\b(?P<w>(?:very\s+)?(?:early|late|mid|middle\s+of|the\s+middle\s+of|(?:the\s+)?(?:end|close|beginning|start|"
    r"turn|first\s+days|last\s+days)\s+of)))(?:\s+(?:on|in|of))?(?:\s+|-)$",
    re.IGNORECASE,
)
_AMOUNT_MOD = re.compile(
    r"\b(?P<w>about|around|approximately|roughly|some|nearly|almost|more\s+than|over|less\s+than|under|at\s+least|"
    r"up\s+to|a\s+mere|just|only|barely|fewer\s+than|no\s+more\s+than|the\s+better\s+part\s+of|well\s+over)\s+$",
    re.IGNORECASE,
)
_MOD_CODE = {
    "early": "START",
    "beginning of": "START",
    "start of": "START",
    "turn of": "START",
    "first days of": "START",
    "late": "END",
    "end of": "END",
    "close of": "END",
    "last days of": "END",
    "mid": "MID",
    "middle of": "MID",
    "about": "APPROX",
    "around": "APPROX",
    "approximately": "APPROX",
    "roughly": "APPROX",
    "some": "APPROX",
    "nearly": "LESS_THAN",
    "almost": "LESS_THAN",
    "less than": "LESS_THAN",
    "under": "LESS_THAN",
    "fewer than": "LESS_THAN",
    "barely": "LESS_THAN",
    "no more than": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS",
    "more than": "MORE_THAN",
    "over": "MORE_THAN",
    "well over": "MORE_THAN",
    "at least": "EQUAL_OR_MORE",
    "the better part of": "LESS_THAN",
    "a mere": "EQUAL_OR_LESS",
    "just": "EQUAL_OR_LESS",
    "only": "EQUAL_OR_LESS",
}
# "six years ago" may take "about" before it, as durations do; "February" may not.
_STARTS_WITH_AMOUNT = re.compile(r"(?:\d|" + _HOWMANY + r"\s)", re.IGNORECASE)
# What may sit between a clock time and its day for the two to be one expression.
_JOIN_TIME = re.compile(r"\s*(?:,\s*)?(?:on\s+|at\s+|of\s+)?$", re.IGNORECASE)


def find_timexes(text: str, anchor: date | None = None) -> list[Timex]:
    """Every time expression in `text`, in order, resolved against `anchor` (None: no year is assumed)."""
    cands: list[tuple[int, int, int, re.Match[str], Handler]] = []
    lower = text.lower()
    anchors = [m.start() for m in _UNIT_ANCHOR.finditer(text)]
    folded = fold(text)
    for prio, (kind, rx, fn) in enumerate(_COMPILED):
        triggers = _TRIGGERS.get(kind)
        if triggers is not None and not any(t in lower for t in triggers):
            continue
        if kind in _ANCHORED:
            found: Iterable[re.Match[str]] = _anchored_matches(rx, text, anchors)
        else:
            found = _STARTS[prio].finditer(text, _STARTS[prio].starts(folded))
        for m in found:
            if m.end() > m.start():
                cands.append((m.start(), m.end(), prio, m, fn))
    # Longest first, then pattern order; keep those that do not overlap a kept one.
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken = bytearray(len(text))  # 1 where a kept expression lies: overlap tests stay linear in the text
    chosen: list[tuple[int, int, int, re.Match[str], Handler]] = []
    for c in cands:
        if 1 in taken[c[0] : c[1]]:
            continue
        taken[c[0] : c[1]] = b"\x01" * (c[1] - c[0])
        chosen.append(c)
    chosen.sort(key=lambda c: c[0])
    ctx = _Ctx(anchor, anchor)
    out: list[Timex] = []
    for start, end, _prio, m, fn in chosen:
        norm = fn(m, ctx)
        if norm is None:
            continue
        tx = Timex(start, norm.end if norm.end is not None else end, norm.type, norm.value, norm.mod, norm.date)
        _modify(text, tx)
        if tx.date is not None and tx.date.precision == "day" and tx.date.start is not None:
            ctx.ref = tx.date.start
        out.append(tx)
        out.extend(norm.extra)
    return _join_times(text, out)


def _modify(text: str, tx: Timex) -> None:
    """Take in a preceding modifier ("mid-", "late on", "about") and narrow the span it names."""
    before = text[max(0, tx.start - 30) : tx.start]
    if tx.type in ("DATE", "TIME") and not tx.value.endswith("_REF"):
        m = _DATE_MOD.search(before)
        if m:
            word = " ".join(m["w"].lower().split()).removeprefix("very ").removeprefix("the ")
            mod = _MOD_CODE.get(word)
            if mod:
                tx.mod = mod
                tx.start -= len(m[0]) - (m.start("w") - m.start())
                tx.date = _narrow(tx.date, mod)
        return
        if not _STARTS_WITH_AMOUNT.match(text, tx.start):
            return
    if tx.type in ("DURATION", "DATE"):
        m = _AMOUNT_MOD.search(before)
        if m:
            tx.mod = _MOD_CODE.get(" ".join(m["w"].lower().split()))
            tx.start -= len(m[0])


def _narrow(tv: TimeValue | None, mod: str) -> TimeValue | None:
    if tv is None or tv.start is None or tv.end is None or tv.precision not in ("month", "year"):
        return tv
    s, e = tv.start, tv.end
    if tv.precision == "month":
        last = e.day
        a, b = {"START": (1, 10), "MID": (11, 20), "END": (21, last)}[mod]
        return replace(tv, start=s.replace(day=a), end=s.replace(day=b))
    if (e - s).days > 366:
        return tv  # a decade or a century: left whole
    a_m, b_m = {"START": (1, 4), "MID": (5, 8), "END": (9, 12)}[mod]
    return replace(tv, start=date(s.year, a_m, 1), end=_month_end(s.year, b_m))


def _join_times(text: str, out: list[Timex]) -> list[Timex]:
    """A clock time next to its day ("Friday at 8 p.m.", "15:00 GMT Saturday") becomes one TIME."""
    joined: list[Timex] = []
    i = 0
    while i < len(out):
        cur = out[i]
        nxt = out[i + 1] if i + 1 < len(out) else None
        if nxt is not None and _is_clock(cur) != _is_clock(nxt) and _JOIN_TIME.fullmatch(text[cur.end : nxt.start]):
            clock, day = (cur, nxt) if _is_clock(cur) else (nxt, cur)
            if day.type in ("DATE", "TIME") and day.date is not None and day.date.precision == "day":
                hhmm = clock.value.split("T", 1)[1]
                prefix = day.value.split("T", 1)[0]
                joined.append(Timex(cur.start, nxt.end, "TIME", f"{prefix}T{hhmm}", day.mod, day.date))
                i += 2
                continue
        joined.append(cur)
        i += 1
    return joined


def _is_clock(tx: Timex) -> bool:
    return tx.type == "TIME" and re.search(r"T\d\d:\d\d$", tx.value) is not None


def find_dates(text: str, anchor: date | None = None) -> list[Timex]:
    """The expressions that name a stretch of the calendar (with or without a known year)."""
    return [t for t in find_timexes(text, anchor) if t.date is not None]


# --- an anchor for a text that gives no publication date -------------------------------------

# How far into the text a full date still reads as the article's dateline.
DATELINE_CHARS = 80
_COPYRIGHT = re.compile(r"(?i)(?:copyright|\(c\)|©|all rights reserved)\W{0,5}$")


@dataclass(slots=True, frozen=True)
class InferredAnchor:
    """The date a text's own references support for it, when it carries no publication date.

    `day` is a full date to resolve relative expressions against; `year` alone is weaker
    evidence (the latest year the text names with a month), enough to give month-and-day
    dates their year. `evidence` says which, for a person to check."""

    day: date | None
    year: int | None
    evidence: str


def infer_anchor(text: str, timexes: list[Timex] | None = None) -> InferredAnchor | None:
    """The anchor an undated text supports, or None when nothing in it supports a year.

    In order: a full date at the very start (a dateline that survived cleaning); else the
    latest full date the text names (a report is written on or after the days it tells of);
    else the latest year named with a month ("in July 2016"), as a year only. A date in a
    copyright line is the page's, not the article's, and is not used."""
    found = timexes if timexes is not None else find_timexes(text, None)
    full: list[Timex] = []
    months: list[Timex] = []
    for t in found:
        tv = t.date
        if t.type != "DATE" or tv is None or tv.start is None or not tv.year_known:
            continue
        if _COPYRIGHT.search(text, max(0, t.start - 20), t.start):
            continue
        if tv.precision == "day" and (tv.end is None or tv.end == tv.start):
            full.append(t)
        elif tv.precision in ("day", "week", "month"):
            months.append(t)
    lead = [t for t in full if t.start < DATELINE_CHARS]
    if lead:
        d = lead[0].date.start  # type: ignore[union-attr]
        return InferredAnchor(d, d.year, f"a date at the start of the text ({d.isoformat()})")  # type: ignore[union-attr]
    if full:
        d = max(t.date.start for t in full)  # type: ignore[union-attr,type-var]
        return InferredAnchor(d, d.year, f"the latest full date the text names ({d.isoformat()})")  # type: ignore[union-attr]
    if months:
        y = max(t.date.start.year for t in months)  # type: ignore[union-attr]
        return InferredAnchor(None, y, f"the latest year the text names with a month ({y})")
    return None


def with_year(timexes: list[Timex], year: int) -> list[Timex]:
    """Month-and-day dates of an unknown year given `year` (the year an undated text supports)."""
    out: list[Timex] = []
    for t in timexes:
        tv = t.date
        if tv is not None and not tv.year_known and tv.month and tv.day:
            try:
                d = date(year, tv.month, tv.day)
            except ValueError:
                out.append(t)
                continue
            t = replace(t, value=d.isoformat(), date=day_value(d))
        out.append(t)
    return out
