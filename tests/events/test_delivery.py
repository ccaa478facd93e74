"""How a blow was delivered: read from the event words at extraction, kept through the store, and
used by fusion (which reads claims without their article's text)."""

from __future__ import annotations

from pathlib import Path

from fogwatch.events.delivery import AFAR, AIR, BY_HAND, GROUND, PLANTED, delivery, same_delivery
from fogwatch.events.typology import AIR_STRIKE, ATTACK, REMOTE_EXPLOSIVE, SHELLING
from fogwatch.store import Store
from fogwatch.store.claims import read_events


def test_the_event_words_say_how_a_blow_came() -> None:
    assert delivery(AIR_STRIKE, "barrel bomb") == AIR
    assert delivery(AIR_STRIKE, "air raids") == AIR
    assert delivery(SHELLING, "rocket attacks") == GROUND
    assert delivery(SHELLING, "fired mortar shells") == GROUND
    assert delivery(AIR_STRIKE, "strikes") == AFAR
    assert delivery(REMOTE_EXPLOSIVE, "car bomb") == PLANTED
    # a bare blast says neither how nor by whom, and an attack is not a blow from afar
    assert delivery(REMOTE_EXPLOSIVE, "explosion") is None
    assert delivery(REMOTE_EXPLOSIVE, "") is None
    assert delivery(ATTACK, "rockets") is None


def test_from_afar_goes_with_either_but_air_and_ground_are_apart() -> None:
    assert same_delivery(AFAR, AIR) and same_delivery(GROUND, AFAR) and same_delivery(AIR, AIR)
    assert not same_delivery(AIR, GROUND)
    assert not same_delivery(AFAR, PLANTED) and not same_delivery(PLANTED, AIR)


def test_an_execution_is_by_hand_and_no_blow_from_afar() -> None:
    assert delivery(ATTACK, "executed") == BY_HAND
    assert delivery(ATTACK, "beheaded") == BY_HAND
    assert delivery(ATTACK, "attacked") is None
    assert not same_delivery(BY_HAND, AFAR) and not same_delivery(BY_HAND, GROUND)
    assert not same_delivery(BY_HAND, PLANTED)


AIR_TEXT = (
    "Barrel bombs kill seven in Aleppo\n\n"
    "ALEPPO, Syria, Thursday 25 August 2016 (AFP) - Seven civilians were killed on Thursday when "
    "government helicopters dropped barrel bombs on the Bab al-Nayrab neighbourhood of Aleppo, "
    "a monitor said.\n"
)
GROUND_TEXT = (
    "Rocket attacks on Aleppo neighbourhoods\n\n"
    "Aleppo, 25 August 2016 (SANA) - Four civilians were killed on Thursday in rocket attacks "
    "launched by terrorists on the al-Hamadaniyeh neighbourhood of Aleppo city, a police source said.\n"
)


def test_barrel_bombs_and_rockets_the_same_day_in_one_city_stay_two_events_through_the_store(
    tmp_path: Path,
) -> None:
    from fogwatch.run import ingest

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "air.txt").write_text(AIR_TEXT)
    (tmp_path / "in" / "ground.txt").write_text(GROUND_TEXT)
    store = Store.open(str(tmp_path / "f.db"))
    ingest([str(tmp_path / "in")], store, workers=1)
    with store.engine.connect() as conn:
        events = read_events(conn)
    kinds = sorted(e.sub_event_type for e in events)
    assert kinds == [AIR_STRIKE, SHELLING], [(e.sub_event_type, e.claim_ids) for e in events]
    assert all(len(e.article_ids) == 1 for e in events)


def test_a_sides_fire_on_a_citys_districts_is_shelling() -> None:
    from fogwatch.events.classify import RuleClassifier

    rc = RuleClassifier()
    text = "Five civilians were killed on Monday in rebel fire on the government-held east of the city."
    det = rc.classify(text)
    assert det is not None and det.sub_event_type == SHELLING
    # a side's fire on fighters' positions is a battle, told by the other rules
    det = rc.classify("Rebel fire on army positions killed two soldiers.")
    assert det is not None and det.sub_event_type != SHELLING
