"""How `fogwatch eval fakes` reads exported events against the crowd's classes."""

from __future__ import annotations

from datetime import date

import pytest

from fogwatch.eval.fakes import actor_class, date_matches, in_governorate, perpetrator_matches


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
