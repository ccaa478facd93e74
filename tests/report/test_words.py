"""Phrases the report formats share: an event's place takes the preposition its relation needs."""

from __future__ import annotations

import pytest

from fogwatch.model import Event, Location
from fogwatch.report.words import at_place, what


def _event(relation: str | None) -> Event:
    loc = Location("Hazano", 36.07, 36.66, "SY", "Idlib", relation=relation)
    return Event(
        "e1",
        "Explosions/Remote violence",
        "Air/drone strike",
        None,
        None,
        None,
        [],
        loc,
        None,
        [],
        [],
        [],
        [],
        0,
        "single-source",
    )


@pytest.mark.parametrize(
    ("relation", "phrase"),
    [
        (None, "at Hazano, Idlib"),
        ("near", "near Hazano, Idlib"),
        ("outskirts of", "on the outskirts of Hazano, Idlib"),
        ("5 km west of", "5 km west of Hazano, Idlib"),
        ("western countryside of", "in the western countryside of Hazano, Idlib"),
        ("southern", "in southern Hazano, Idlib"),
    ],
)
def test_the_place_takes_its_preposition(relation: str | None, phrase: str) -> None:
    assert at_place(_event(relation)) == phrase
    assert what(_event(relation)) == f"Air/drone strike {phrase}"


def test_a_copy_that_sets_its_quotes_otherwise_is_the_same_statement() -> None:
    from fogwatch.model import Claim
    from fogwatch.report.situation import ArticleInfo, ClaimInfo, _statements

    def info(cid: str, site: str, text: str) -> ClaimInfo:
        claim = Claim(cid, cid, 0, len(text), text, "the ministry", "party", "denied")
        return ClaimInfo(claim, ArticleInfo(cid, site, None, None), True)

    straight = info("c1", "Global Conflict Wire", 'It described the strike as "a staged provocation".')
    curly = info("c2", "Levant Monitor", "It described the strike as “a staged provocation”.")
    (one,) = _statements([straight, curly])
    assert one.outlets == ["Global Conflict Wire", "Levant Monitor"]
