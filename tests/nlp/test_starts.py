"""StartFilter finds what Pattern.finditer finds, trying the pattern only where a head of it occurs."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fogwatch.events import arguments, attribution
from fogwatch.nlp import dates, numbers
from fogwatch.nlp.starts import Needing, StartFilter, WordGate, fold, literal_heads, required_words

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


# --- words every match holds ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\bkilled\b", [{"killed"}]),
        (
            r"(?:killed|shot\s+dead)",
            [{"killed", "shot"}],
        ),  # the best set of each alternative (the first of equals), joined
        (r"the\s+bod(?:y|ies)", [{"the"}, {"bod"}, {"y", "ies"}]),
        (r"(?:an?\s+)?number", [{"number"}]),  # an optional part holds nothing for sure
        (r"(?:x|)died", [{"died"}]),  # nor does a branch with an empty alternative
        (r"(?<=killed )\d+", []),  # a look-around takes no characters
        (r"\d+ days", [{" days"}]),
        (r"(?:foo)+bar", [{"foo"}, {"bar"}]),
        (r"Ḥama", [{"ama"}]),  # a word stops before a non-ASCII character
        (r"KILLED", [{"killed"}]),  # folded
    ],
)
def test_required_words(pattern: str, words: list[set[str]]) -> None:
    assert [set(s) for s in required_words(re.compile(pattern, re.IGNORECASE))] == words


GATED = [
    *PATTERNS,
    arguments._FAMILY,
    arguments._UNKNOWN_TOLL,
    *(rx for rx, _ in arguments._FEW_DEATHS),
    *(n.rx for n in vars(arguments).values() if isinstance(n, Needing)),
    re.compile(r"(?:killed|shot\s+dead)\s+(?:him|her)"),  # case-sensitive: folded words find more, never less
]
DEATH_TEXT = st.lists(
    st.sampled_from(
        [
            *"aeilnorstAKLS -.,'İıſ\u212a",
            "killed ",
            "KİLLED ",
            "ſhot dead ",
            "a man ",
            "the ",
            "family of five ",
            "an unknown number of ",
            "were ",
            "was ",
            "died",
            "the body of a ",
            "him",
            "soldier ",
            "leaving ",
            "2020",
            "Monday",
            "denies ",
            "fighters from ",
            "since the offensive began ",
            "between 21 and 26 of May ",
            "earlier toll of ",
            "including ",
        ]
    ),
    max_size=25,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(DEATH_TEXT, st.sampled_from(GATED))
def test_every_match_holds_a_word_of_each_required_set(text: str, rx: re.Pattern[str]) -> None:
    for m in rx.finditer(text):
        held = fold(m.group())
        assert all(any(w in held for w in s) for s in required_words(rx)), (m.group(), rx.pattern)


@settings(max_examples=400, deadline=None)
@given(DEATH_TEXT, st.integers(0, 40), st.integers(0, 40))
def test_a_closed_gate_means_no_match(text: str, a: int, b: int) -> None:
    gate = WordGate(GATED)
    pos, endpos = min(a, b), max(a, b)
    for rx, may in zip(GATED, gate.open(fold(text[pos:endpos])), strict=True):
        if not may:
            assert rx.search(text, pos, endpos) is None, rx.pattern


def test_a_gate_opens_where_a_word_is_and_keeps_shared_words_once() -> None:
    gate = WordGate([re.compile(r"(?i)\bkilled\b"), re.compile(r"(?i)killed|dead"), re.compile(r"\w+")])
    assert gate.words == ("dead", "killed")
    assert gate.open(fold("Three were KILLED")) == [True, True, True]
    assert gate.open(fold("three are dead")) == [False, True, True]  # a pattern with no set is always run


@settings(max_examples=300, deadline=None)
@given(DEATH_TEXT, st.sampled_from(GATED), st.integers(-5, 40), st.integers(-5, 40))
def test_a_pattern_needing_words_finds_what_the_pattern_finds(text: str, rx: re.Pattern[str], a: int, b: int) -> None:
    needing = Needing(rx)
    for pos, endpos in ((min(a, b), max(a, b)), (a, b)):
        assert [m.span() for m in needing.finditer(text, pos, endpos)] == [
            m.span() for m in rx.finditer(text, pos, endpos)
        ]
        found, plain = needing.search(text, pos, endpos), rx.search(text, pos, endpos)
        assert (found and found.span()) == (plain and plain.span())
    assert [m.span() for m in needing.finditer(text)] == [m.span() for m in rx.finditer(text)]
    whole, plain_whole = needing.search(text), rx.search(text)
    assert (whole and whole.span()) == (plain_whole and plain_whole.span())
