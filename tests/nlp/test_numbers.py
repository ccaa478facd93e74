from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fogwatch.nlp.numbers import UNITS, QuantityFinder, find_quantities, parse_number

pytest.importorskip("yaml")

_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORDS = {v: k for k, v in UNITS.items()}


def in_words(n: int) -> str:
    """Our own spelling-out of 0..999,999, to check the reader against."""
    if n < 20:
        return _WORDS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _TENS[tens] + (f"-{_WORDS[unit]}" if unit else "")
    if n < 1000:
        h, rest = divmod(n, 100)
        return f"{_WORDS[h]} hundred" + (f" and {in_words(rest)}" if rest else "")
    th, rest = divmod(n, 1000)
    return f"{in_words(th)} thousand" + (f" {in_words(rest)}" if rest else "")


@given(st.integers(min_value=0, max_value=999_999))
def test_words_read_back(n: int) -> None:
    assert parse_number(in_words(n)) == n


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_with_separators(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@pytest.mark.parametrize(
    ("text", "value"),
    [("a dozen", 12), ("dozens", 12), ("dozens of", 12), ("hundreds", 100), ("scores", 20), ("a few", 3),
     ("several", 10), ("1.5 million", 1_500_000), ("Twenty-Five", 25), ("a hundred", 100), ("tanks", None)],
)  # fmt: skip
def test_vague_and_mixed(text: str, value: int | None) -> None:
    assert parse_number(text) == value


@pytest.fixture(scope="module")
def finder() -> QuantityFinder:
    return QuantityFinder()


def read(finder: QuantityFinder, text: str) -> list[tuple[str, str, int | None, int | None, int | None, str]]:
    return [
        (text[q.start : q.end], q.quantity.kind, q.quantity.value, q.quantity.low, q.quantity.high, q.quantity.head)
        for q in finder.find(text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "At least 60 members of the brigade were killed near the ford.",
            [("At least 60 members", "killed", 60, 60, None, "members")],
        ),
        (
            "The ministry listed 5 killed and 5 injured soldiers after the ambush.",
            [("5 killed", "killed", 5, 5, 5, "soldiers"), ("5 injured", "injured", 5, 5, 5, "soldiers")],
        ),
        ("The convoy brought 70 battle tanks to the plain.", [("70 battle tanks", "other", 70, 70, 70, "battle tanks")]),
        ("Officials said 70 battle tanks were deployed.", [("70 battle tanks", "deployed", 70, 70, 70, "battle tanks")]),
        ("Dozens of fighters were captured.", [("Dozens of fighters", "captured", 12, 12, None, "fighters")]),
        ("Hundreds of families fled the valley.", [("Hundreds of families", "displaced", 100, 100, None, "families")]),
        (
            "Up to 200 militiamen were killed or wounded in the week of clashes.",
            [("Up to 200 militiamen", "killed", None, 0, 200, "militiamen")],
        ),
        ("The blast killed three guards and wounded twenty-five.", [
            ("three guards", "killed", 3, 3, 3, "guards"), ("twenty-five", "injured", 25, 25, 25, "people")]),
        ("A dozen trucks were destroyed, and scores of people were hurt.", [
            ("A dozen trucks", "destroyed", 12, 12, 12, "trucks"), ("scores of people", "injured", 20, 20, None, "people")]),
        ("The death toll rose to 14.", [("14", "killed", 14, 14, 14, "people")]),
        ("Between 8 and 10 soldiers died.", [("Between 8 and 10 soldiers", "killed", 8, 8, 10, "soldiers")]),
        ("The attacks claimed the lives of two persons and injured three others.", [
            ("two persons", "killed", 2, 2, 2, "persons"), ("three others", "injured", 3, 3, 3, "others")]),
        # the outcome told after a part is the whole's too
        ("At least 126 people including 68 children were killed.", [
            ("At least 126 people", "killed", 126, 126, None, "people"),
            ("68 children", "killed", 68, 68, 68, "children")]),
        # a count of raids is no count of the dead the sentence tells later
        ("Ten Russian raids hit the city and its outskirts, killing at least 30 people.", [
            ("at least 30 people", "killed", 30, 30, None, "people")]),
        # a toll that rose to a figure, told far from it
        ("The toll in several air strikes on the town of Salma rose to at least 20 people.", [
            ("at least 20 people", "killed", 20, 20, None, "people")]),
        # the outcome right after the counted is theirs, not the verb before them
        ("Child Killed 20 People Injured in Rocket Attacks on the City.", [("20 People", "injured", 20, 20, 20, "people")]),
        # ... and "others" are people: the headline's two others were hurt, not killed
        ("Girl child killed two others injured in terrorist rocket attack on Aleppo.", [
            ("two others", "injured", 2, 2, 2, "others")]),
        ("The shell killed a woman and wounded five others.", [("five others", "injured", 5, 5, 5, "others")]),
        # "two of them" is a part of the three: the outcome told after it is the whole's too
        ("Three people, two of them children, died in the strike.", [
            ("Three people", "killed", 3, 3, 3, "people"), ("two of them children", "killed", 2, 2, 2, "children")]),
        # a day of a month is no count
        ("Rebels seized the hill on October 5 in a battle that cost the lives of 30 soldiers.", [
            ("30 soldiers", "killed", 30, 30, 30, "soldiers")]),
        # "as well as" lists, it opens no clause; a leader's entourage are people
        ("The army killed a terrorist commander as well as five of his entourage.", [
            ("five of his entourage", "killed", 5, 5, 5, "entourage")]),
        # "many" takes no death from another clause, and burnt bodies are no new dead
        ("He said 10 of those killed were civilians although many of the bodies were badly burnt.", [
            ("10", "killed", 10, 10, 10, "people"), ("many of the bodies", "destroyed", 10, 10, None, "bodies")]),
        # a count of raids with many words before the raids
        ("Three Russian and Syrian regime air raids on the district killed 58 civilians.", [
            ("58 civilians", "killed", 58, 58, 58, "civilians")]),
        # the treated are hurt, not dead
        ("A woman was killed and twenty civilians were treated for asphyxiation after the attack.", [
            ("twenty civilians", "injured", 20, 20, 20, "civilians")]),
        # a count listed after another takes its outcome; an active verb's own count is not ours
        ("The strike killed five children and 3 women and wounded 40 people.", [
            ("five children", "killed", 5, 5, 5, "children"), ("3 women", "killed", 3, 3, 3, "women"),
            ("40 people", "injured", 40, 40, 40, "people")]),
        # a toll that reached a figure, a stretch of hours between
        ("The death toll from the shelling in the past 24 hours has reached 20 people, besides tens of others injured.", [
            ("20 people", "killed", 20, 20, 20, "people")]),
        # people "destroyed" are dead
        ("The army destroyed over 60 terrorists near the dam.", [
            ("over 60 terrorists", "killed", 60, 60, None, "terrorists")]),
        # a person word before an event noun only says whose the events were: no count of people
        ("Two terrorist explosions near the school caused deaths and injuries.", []),
    ],
)  # fmt: skip
def test_quantities(finder: QuantityFinder, text: str, expected: list[tuple[object, ...]]) -> None:
    assert read(finder, text) == expected


def test_not_counts(finder: QuantityFinder) -> None:
    text = "The 4th Division fired 20% more 3 km away at 8 p.m. and paid $5,000; a 22-year-old saw 30 rounds land."
    assert [(q.quantity.value, q.quantity.head) for q in finder.find(text, skip=[])] == [(30, "rounds")]


def test_whose_the_counted_are(finder: QuantityFinder) -> None:
    text = "Ankara said 51 Syrian soldiers were killed, and 9 members of the Falcon Brigade were captured."
    actors = [(text.index("Syrian soldiers"), text.index("Syrian soldiers") + 15, "Military Forces of Syria"),
              (text.index("the Falcon"), text.index("Brigade") + 7, "Falcon Brigade"),
              (text.index("Falcon"), text.index("Brigade") + 7, "Falcon Brigade")]  # fmt: skip
    found = finder.find(text, actors=actors)
    assert [(q.quantity.value, q.quantity.kind, q.quantity.actor) for q in found] == [
        (51, "killed", "Military Forces of Syria"),
        (9, "captured", "Falcon Brigade"),
    ]


def test_martyrs_and_beheadings_are_deaths() -> None:
    found = find_quantities("The attack rocked the street leaving 50 martyrs and more than 200 others wounded.")
    assert [(q.quantity.kind, q.quantity.value) for q in found] == [("killed", 50), ("injured", 200)]
    found = find_quantities("The video showed the simultaneous beheadings of at least 18 men.")
    assert [(q.quantity.kind, q.quantity.value) for q in found] == [("killed", 18)]
