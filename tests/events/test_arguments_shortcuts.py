"""The shortcuts of events/arguments.py give what the plain path gives: each is checked here against
the work it saves, on our own sentences, generated ones and (when present) the real FA-KES texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fogwatch.events import arguments
from fogwatch.events.arguments import UNKNOWN_TOLL, _told_without_figure


def plain_told_without_figure(text: str, a: int, b: int) -> tuple[int, int | None, int | None, tuple[int, int]] | None:
    """`_told_without_figure` as it was: every pattern searched."""
    from fogwatch.nlp.numbers import parse_number

    hit = arguments._FAMILY.search(text, a, b)
    if hit is not None:
        n = parse_number(hit["n"])
        if n:
            return n, n, n, (hit.start(), hit.end())
    for rx, n in arguments._FEW_DEATHS:
        hit = rx.search(text, a, b)
        if hit is not None:
            return n, n, n, (hit.start(), hit.end())
    hit = arguments._UNKNOWN_TOLL.search(text, a, b)
    if hit is not None:
        return UNKNOWN_TOLL, None, None, (hit.start(), hit.end())
    return None


SENTENCES = [
    "A man and a woman were killed in the strike.",
    "Gunmen killed a family of five in the village.",
    "The bodies of a man and his son were found on Monday.",
    "An unknown number of soldiers were killed.",
    "A TEACHER WAS SHOT DEAD near the school.",
    "The officer succumbed to his wounds.",
    "Militants stabbed a journalist to death.",
    "The shelling continued through the night.",
    "Rebels shot and killed the village chief, leaving a soldier dead.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_deaths_without_a_figure_as_the_plain_search_finds_them(sentence: str) -> None:
    text = "Intro. " + sentence + " Outro."
    for a, b in ((0, len(text)), (7, 7 + len(sentence)), (9, 20)):
        assert _told_without_figure(text, a, b) == plain_told_without_figure(text, a, b)


PIECES = [
    "a ", "an ", "the ", "man ", "woman ", "soldier ", "family of ", "five ", "were ", "was ", "killed ",
    "KİLLED ", "ſhot dead ", "died ", "body ", "of ", "unknown number of ", "leaving ", "dead ", "him ",
    "stabbed ", "to death ", "his ", "and ", "found ", "resulting in ", "her ", "death ", "corpse ", ". ",
]  # fmt: skip
WORDS = st.lists(st.sampled_from(PIECES), max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.integers(0, 200), st.integers(0, 200))
def test_deaths_without_a_figure_on_generated_text(text: str, a: int, b: int) -> None:
    a, b = min(a, b, len(text)), min(max(a, b), len(text))
    assert _told_without_figure(text, a, b) == plain_told_without_figure(text, a, b)


def test_deaths_without_a_figure_on_the_real_fakes_texts(shared_data: Path) -> None:
    from fogwatch.eval.fakes_data import read_fakes

    folder = shared_data / "fakes"
    if not (folder / "dev.csv").is_file():
        pytest.skip("FA-KES not present")
    checked = 0
    for row in read_fakes(folder):
        text = row.content
        for m in re.finditer(r"[^.!?\n]+[.!?]?", text):
            assert _told_without_figure(text, m.start(), m.end()) == plain_told_without_figure(
                text, m.start(), m.end()
            ), (row.row, m.group())
            checked += 1
    assert checked > 5000
