"""How `fogwatch eval fakes` reads exported events against the crowd's classes."""

from __future__ import annotations

from datetime import date

import pytest

from fogwatch.eval.fakes import actor_class, date_matches, in_governorate, perpetrator_matches, score_row
from fogwatch.eval.fakes_data import FakesRow


@pytest.mark.parametrize(
    ("name", "inter", "cls"),
    [
        # the coalition's name names its enemy too; it is still the coalition
        ("International Coalition against the Islamic State", 8, "coalition"),
        ("Military Forces of the United States (2017-)", 8, "coalition"),
        ("Islamic State", 2, "isis"),
        ("HTS: Hayat Tahrir al-Sham", 2, "nusra"),
        ("SDF: Syrian Democratic Forces", 2, "kurdish"),
        ("Military Forces of Syria (2000-)", 1, "syria-gov"),
        ("Military Forces of Russia (2000-)", 8, "russia"),
        ("Unidentified Armed Group (Syria)", 3, "unknown"),
        ("Rebels (Syria)", 2, "rebels"),
        (None, 0, "unknown"),
    ],
)
def test_actor_classes(name: str | None, inter: int, cls: str) -> None:
    assert actor_class(name, inter) == cls


def test_the_crowds_government_class_takes_in_its_allies() -> None:
    gov = "syrian government or russian troops"
    assert perpetrator_matches(gov, "Military Forces of Russia (2000-)", 8)
    assert perpetrator_matches(gov, "Hezbollah", 2)
    assert not perpetrator_matches(gov, "Islamic State", 2)


def test_dates_and_governorates() -> None:
    ev = {"date": "2016-08-14", "date_precision": "day"}
    assert date_matches(ev, date(2016, 8, 15)) and not date_matches(ev, date(2016, 8, 16))
    assert not date_matches({"date": "2016-08", "date_precision": "month"}, date(2016, 8, 15))
    assert in_governorate("Rif Dimashq", "damascus") and in_governorate("Deir ez-Zor", "deir ezzor")
    assert not in_governorate("Idlib", "aleppo")


def test_the_articles_own_figure_is_scored_beside_the_events_toll() -> None:
    row = FakesRow(7, "1", "t", "text", "sana", date(2016, 8, 25), "aleppo", "unknown", "shelling", 6, 0, 0, 0, True)
    event = {
        "date": "2016-08-25",
        "date_precision": "day",
        "sub_event_type": "Shelling/artillery/missile attack",
        "admin1": "Aleppo",
        "actor1": "Unidentified Armed Group (Syria)",
        "fatalities": {"best": 2},  # another outlet gave fewer: the event keeps the lowest
        "figures": [
            {"source": "SANA", "best": 6, "claim_ids": ["c-own"]},
            {"source": "AFP", "best": 2, "claim_ids": ["c-other"]},
        ],
    }
    got = score_row(row, [event], {"c-own"})
    assert got["casualties_own"] and not got["casualties"]
    assert not score_row(row, [event], {"c-other"})["casualties_own"]
