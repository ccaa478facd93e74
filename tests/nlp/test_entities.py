from __future__ import annotations

import pytest

from fogwatch.nlp.entities import EntityRecogniser, phrase_regex

pytest.importorskip("yaml")

TEXT = (
    "Brig. Gen. Amira Haddad told reporters that two T-72 tanks and a Bayraktar TB2 drone were lost near the "
    "town. Haddad said the Ministry of Defence would investigate. Mortar rounds and an IED hit the checkpoint, "
    "and the Northern Relief Committee said three rifles were seized."
)


@pytest.fixture(scope="module")
def recogniser() -> EntityRecogniser:
    return EntityRecogniser(geoparser=None)


def spans(r: EntityRecogniser, text: str, kind: str) -> list[str]:
    return [e.text for e in r.find(text) if e.type == kind]


def test_people_by_title_and_again_by_surname(recogniser: EntityRecogniser) -> None:
    assert spans(recogniser, TEXT, "Person") == ["Brig. Gen. Amira Haddad", "Haddad"]


def test_materiel(recogniser: EntityRecogniser) -> None:
    assert spans(recogniser, TEXT, "MilitaryPlatform") == ["T-72 tanks", "Bayraktar TB2 drone"]
    assert spans(recogniser, TEXT, "Weapon") == ["Mortar rounds", "IED", "rifles"]


def test_organisations(recogniser: EntityRecogniser) -> None:
    orgs = spans(recogniser, TEXT, "Organisation")
    assert "Ministry of Defence" in orgs and "Northern Relief Committee" in orgs


def test_place_nouns(recogniser: EntityRecogniser) -> None:
    assert spans(recogniser, TEXT, "Location") == ["the town", "the checkpoint"]


def test_phrase_regex_plurals_and_designations() -> None:
    import re

    rx = re.compile(phrase_regex(["battle tank", "UAV", "Su-24", "artillery battery"]), re.IGNORECASE)
    assert [m.group() for m in rx.finditer("two battle tanks, a UAV, three uav, an Su-24, artillery batteries")] == [
        "battle tanks",
        "UAV",
        "Su-24",
        "artillery batteries",
    ]
