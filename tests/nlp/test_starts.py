"""StartFilter finds what Pattern.finditer finds, trying the pattern only where a head of it occurs."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fogwatch.events import attribution
from fogwatch.nlp import dates, numbers
from fogwatch.nlp.starts import StartFilter, fold, literal_heads

PATTERNS = [
    re.compile(r"\b(?:reportedly|allegedly|is said to)\b", re.IGNORECASE),
    re.compile(r"\b(?:(?:last|next)\s+)?(?-i:Monday|Mon\.)", re.IGNORECASE),
    re.compile(r"\bdenie[sd]|\bdeny(?:ing)?(?!\s+access)", re.IGNORECASE),
    re.compile(r"(?<![\d-])(?:19|20)\d\d(?![\d-])"),
    re.compile(r"\d+\s+(?:days|weeks)"),  # begins with a digit: no heads, run as it is
    re.compile(r"a+b|ab", re.IGNORECASE),
    attribution._HEDGE,
    attribution._DISPUTE,
    numbers._KIND_RX,
    *(rx for _, rx, _ in dates._COMPILED),
]


@pytest.mark.parametrize(
    ("pattern", "heads"),
    [
        (r"\b(?:reportedly|allegedly)", ("alleg", "repor")),
        (r"\b(?:(?:last|next)\s+)?Monday", ("last", "monda", "next")),
        (r"denie[sd]|deny", ("denie", "deny")),
        (r"is|island", ("is",)),  # "island" begins with "is": the shorter head finds it too
        (r"\d+ days", None),
        (r"(?:the\s+)?\w+", None),
        (r"x?", None),  # may match nothing
        (r"Ḥama|Hama", None),  # a head stops before a non-ASCII character: "" here
    ],
)
def test_literal_heads(pattern: str, heads: tuple[str, ...] | None) -> None:
    assert literal_heads(re.compile(pattern, re.IGNORECASE)) == heads


def test_fold_keeps_offsets_and_takes_what_case_insensitive_matching_takes_for_a_letter() -> None:
    text = "İstanbul, ıt ſaid: 5 \u212aM SOUTH of Aleppo’s"
    assert len(fold(text)) == len(text)
    assert fold(text) == "istanbul, it said: 5 km south of aleppo’s"
    # every character that matches an ASCII letter case-insensitively folds to that letter
    letter = re.compile("[a-z]", re.IGNORECASE)
    for code in range(0x110000):
        ch = chr(code)
        if letter.fullmatch(ch):
            (lower,) = [a for a in string.ascii_lowercase if re.fullmatch(a, ch, re.IGNORECASE)]
            assert fold(ch) == lower, hex(code)


TEXT = st.lists(
    st.sampled_from(
        [
            *"adeilmnorstyADMLNT0129- .,\n'’İıſ",
            "Monday",
            "last ",
            "denies ",
            "is said to ",
            "2020",
            "killed ",
            "wounded",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(PATTERNS), st.integers(0, 60), st.integers(0, 60))
def test_the_matches_are_those_finditer_gives(text: str, rx: re.Pattern[str], a: int, b: int) -> None:
    f = StartFilter(rx)
    starts = f.starts(fold(text))
    assert [m.span() for m in f.finditer(text, starts)] == [m.span() for m in rx.finditer(text)]
    pos, endpos = min(a, b), max(a, b)
    assert [m.span() for m in f.finditer(text, starts, pos, endpos)] == [
        m.span() for m in rx.finditer(text, pos, endpos)
    ]


def test_a_pattern_without_heads_is_run_over_the_whole_text() -> None:
    f = StartFilter(re.compile(r"\d+ days"))
    assert f.heads is None and f.starts("3 days") is None
    assert [m.group() for m in f.finditer("in 3 days and 40 days", None)] == ["3 days", "40 days"]
