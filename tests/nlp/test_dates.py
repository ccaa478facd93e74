from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fogwatch.nlp.dates import closest_year, find_dates, find_timexes

ANCHOR = date(2020, 2, 17)  # a Monday

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def one(text: str, anchor: date | None = ANCHOR):  # type: ignore[no-untyped-def]
    found = find_dates(text, anchor)
    assert len(found) == 1, [(text[t.start : t.end], t.value) for t in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "expr", "start", "end", "precision"),
    [
        ("On February 15 the column moved north.", "February 15", "2020-02-15", "2020-02-15", "day"),
        ("The bridge fell on February 6th.", "February 6th", "2020-02-06", "2020-02-06", "day"),
        ("Shelling resumed last week.", "last week", "2020-02-10", "2020-02-16", "week"),
        ("The raid began late on February 13.", "late on February 13", "2020-02-13", "2020-02-13", "day"),
        ("Talks collapsed in mid-January.", "mid-January", "2020-01-11", "2020-01-20", "month"),
        ("The siege began in December 2019.", "December 2019", "2019-12-01", "2019-12-31", "month"),
        ("The depot was hit on Thursday.", "Thursday", "2020-02-13", "2020-02-13", "day"),
        ("Two guards were wounded yesterday.", "yesterday", "2020-02-16", "2020-02-16", "day"),
        ("Fuel ran out earlier this month.", "earlier this month", "2020-02-01", "2020-02-17", "month"),
        ("The dam was mined two days ago.", "two days ago", "2020-02-15", "2020-02-15", "day"),
        ("Snipers fired on Monday morning.", "Monday morning", "2020-02-17", "2020-02-17", "day"),
        ("The town changed hands on 3 February 2020.", "3 February 2020", "2020-02-03", "2020-02-03", "day"),
        ("It was first shelled in late December.", "late December", "2019-12-21", "2019-12-31", "month"),
        ("Families returned in the past two weeks.", "the past two weeks", "2020-02-03", "2020-02-17", "month"),
    ],
)
def test_expressions_against_the_anchor(text: str, expr: str, start: str, end: str, precision: str) -> None:
    t = one(text)
    assert text[t.start : t.end] == expr
    assert t.date is not None
    assert (t.date.start, t.date.end, t.date.precision) == (
        date.fromisoformat(start),
        date.fromisoformat(end),
        precision,
    )
    assert t.date.year_known


def test_no_anchor_no_invented_year() -> None:
    t = one("On February 15 the column moved north.", None)
    assert t.date is not None
    assert (t.date.start, t.date.year_known, t.date.month, t.date.day) == (None, False, 2, 15)
    assert t.value == "XXXX-02-15"
    rel = one("Shelling resumed yesterday.", None)
    assert rel.date is not None and rel.date.start is None and not rel.date.year_known


def test_explicit_year_needs_no_anchor() -> None:
    t = one("The truce of 12 March 2019 held.", None)
    assert t.date is not None and t.date.start == date(2019, 3, 12)


def test_weekday_is_most_recent_on_or_before_anchor_unless_future() -> None:
    assert one("It happened on Monday.").value == "2020-02-17"  # the anchor's own weekday: the anchor
    assert one("It happened on Tuesday.").value == "2020-02-11"
    assert one("Talks will resume on Tuesday.").value == "2020-02-18"
    assert one("It is planned for next Friday.").value == "2020-02-21"


def test_next_day_follows_the_last_named_day() -> None:
    text = "The attack began on February 3. The next day the village fell."
    values = [t.value for t in find_timexes(text, ANCHOR)]
    assert values == ["2020-02-03", "2020-02-04"]


def test_month_day_year_closest_to_anchor() -> None:
    assert one("It was shelled on December 28.", date(2020, 1, 5)).value == "2019-12-28"
    assert one("Elections are set for March 4.", date(2020, 2, 20)).value == "2020-03-04"


def test_counts_are_not_years() -> None:
    assert find_timexes("About 2000 troops and 1500 civilians left.", ANCHOR) == []
    assert [t.value for t in find_timexes("The war began in 2011 and ended in 2019.", ANCHOR)] == ["2011", "2019"]
    # a page's furniture: a topic headline and its article count
    assert find_timexes("Topic Violence Erupts as Islamic State Rises (1881) 0 25 A bomber struck.", ANCHOR) == []
    assert [t.value for t in find_timexes("The town was founded in 1881.", ANCHOR)] == ["1881"]


def test_may_the_verb_is_not_may_the_month() -> None:
    assert find_timexes("Fighters may return. May brought rain.", ANCHOR) == []
    assert one("The offensive began in May.").date.month == 5
    assert one("The offensive began in December.").value == "2019-12"


@pytest.mark.parametrize(
    ("text", "ttype", "value"),
    [
        ("for three years", "DURATION", "P3Y"),
        ("a decade of war", "DURATION", "P10Y"),
        ("the 1990s", "DATE", "199"),
        ("every morning", "SET", "XXXX-XX-XXTMO"),
        ("now", "DATE", "PRESENT_REF"),
        ("Friday at 8 p.m.", "TIME", "2020-02-14T20:00"),
        ("the third quarter", "DATE", "2019-Q3"),
    ],
)
def test_timeml_values(text: str, ttype: str, value: str) -> None:
    found = find_timexes(text, ANCHOR)
    assert [(t.type, t.value) for t in found] == [(ttype, value)]


# --- properties ---------------------------------------------------------------------------

anchors = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))


@given(anchors, st.integers(min_value=2, max_value=30))
def test_days_ago(anchor: date, n: int) -> None:
    t = one(f"Shelling began {n} days ago.", anchor)
    assert t.date is not None and t.date.start == anchor - timedelta(days=n)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), anchors)
def test_full_dates_round_trip(d: date, anchor: date) -> None:
    for text in (f"{MONTHS[d.month - 1]} {d.day}, {d.year}", f"{d.day} {MONTHS[d.month - 1]} {d.year}", d.isoformat()):
        t = one(f"It began on {text}.", anchor)
        assert t.date is not None and t.date.start == d == t.date.end and t.value == d.isoformat()


@given(anchors, st.integers(min_value=-150, max_value=150))
def test_month_day_without_year_near_anchor(anchor: date, offset: int) -> None:
    d = anchor + timedelta(days=offset)
    if (d.month, d.day) == (2, 29):
        return
    t = one(f"It happened on {MONTHS[d.month - 1]} {d.day}.", anchor)
    assert t.date is not None and t.date.start is not None
    # the year chosen is the anchor's or a neighbour, and never further from the anchor than a year
    assert abs((t.date.start - anchor).days) <= 366
    assert (t.date.start.month, t.date.start.day) == (d.month, d.day)


@given(anchors, st.sampled_from(range(7)))
def test_weekday_within_the_week_before(anchor: date, wd: int) -> None:
    t = one(f"It happened on {WEEKDAYS[wd]}.", anchor)
    assert t.date is not None and t.date.start is not None
    assert t.date.start.weekday() == wd
    assert 0 <= (anchor - t.date.start).days <= 6


@given(anchors, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=28))
def test_closest_year_is_a_neighbour(anchor: date, month: int, day: int) -> None:
    assert closest_year(anchor, month, day) in (anchor.year - 1, anchor.year, anchor.year + 1)


def test_an_undated_text_is_anchored_on_its_dateline() -> None:
    from fogwatch.nlp.dates import infer_anchor

    got = infer_anchor("Tue 05 Jul 2016 Bomb kills 16 in a northern town. The blast hit a bakery on Tuesday.")
    assert got is not None and got.day == date(2016, 7, 5) and "start" in got.evidence


def test_an_undated_text_is_anchored_on_the_latest_full_date_it_names() -> None:
    from fogwatch.nlp.dates import infer_anchor

    text = (
        "Rebels shelled the market town again overnight, residents and a local monitor said. The siege "
        "began on 3 March 2015 and the "
        "last convoy reached it on 14 April 2015. Copyright 2018 The Weekly Courier."
    )
    got = infer_anchor(text)
    assert got is not None and got.day == date(2015, 4, 14)


def test_a_year_named_with_a_month_gives_month_and_day_dates_their_year() -> None:
    from fogwatch.nlp.dates import find_timexes, infer_anchor, with_year

    text = "The town fell in May 2016. On June 23 the army entered its southern districts."
    got = infer_anchor(text)
    assert got is not None and got.day is None and got.year == 2016
    dated = [t.date for t in with_year(find_timexes(text, None), got.year) if t.date is not None]
    assert any(d.start == date(2016, 6, 23) and d.year_known for d in dated)


def test_nothing_to_infer_from_a_text_without_years() -> None:
    from fogwatch.nlp.dates import infer_anchor

    assert infer_anchor("Clashes went on through Tuesday night, a monitor said.") is None


def test_a_month_of_a_named_year_against_the_anchor() -> None:
    # "October last year" in a February 2020 article is October 2019, one expression
    found = find_timexes("In October last year a reporter was killed near the town.", ANCHOR)
    assert [(f.date.start, f.date.end) for f in found] == [(date(2019, 10, 1), date(2019, 10, 31))]
    found = find_timexes("It happened in March of this year.", ANCHOR)
    assert [(f.date.start, f.date.precision) for f in found] == [(date(2020, 3, 1), "month")]
