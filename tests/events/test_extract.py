"""Claims of one article: events, tolls that continue them, references back, denials, background."""

from __future__ import annotations

from datetime import date

import pytest

from fogwatch.analyze import Analysis, Analyzer
from fogwatch.model import ActorRef, Article, Claim, Location, TimeValue

pytestmark = pytest.mark.slow

ARTICLE = (
    "Government troops shelled the village of Sarmin in Idlib province on Tuesday, residents said. "
    "Four civilians were killed in the shelling, a local doctor told reporters. "
    "The shelling came as the army pressed its offensive towards the M4 highway. "
    "The defence ministry denied that its units had fired on Sarmin. "
    "Since the start of the war the army has recaptured dozens of towns in the province. "
    "In December, rebels shelled the outskirts of Hama."
)


@pytest.fixture(scope="module")
def claims() -> list[Claim]:
    art = Article("t1", "test/sarmin.txt", "text", ARTICLE, site="Test Wire", published=date(2020, 2, 12))
    out = Analyzer().analyze(art, art.published)
    assert isinstance(out, Analysis)
    return out.claims


def _starting(claims: list[Claim], words: str) -> Claim:
    found = [c for c in claims if c.text.startswith(words)]
    assert found, f"no claim starts with {words!r}: {[c.text[:40] for c in claims]}"
    return found[0]


def test_the_event_sentence_is_an_event_claim(claims: list[Claim]) -> None:
    c = _starting(claims, "Government troops shelled")
    assert c.kind == "event" and c.event is not None
    assert c.event.sub_event_type == "Shelling/artillery/missile attack"
    assert isinstance(c.event.location.value if c.event.location else None, Location)
    assert c.speaker == "residents" and c.certainty == "attributed"


def test_a_toll_continues_the_event_with_its_own_figure(claims: list[Claim]) -> None:
    first = _starting(claims, "Government troops shelled")
    toll = _starting(claims, "Four civilians were killed")
    assert toll.event is not None and first.event is not None
    assert toll.event.sub_event_type == first.event.sub_event_type
    assert toll.event.fatalities is not None and toll.event.fatalities.best == 4
    assert toll.event.location is not None and first.event.location is not None
    assert toll.event.location.value == first.event.location.value


def test_a_definite_reference_is_not_a_new_event(claims: list[Claim]) -> None:
    ref = _starting(claims, "The shelling came as")
    first = _starting(claims, "Government troops shelled")
    assert ref.kind == "reference"
    assert ref.event is not None and first.event is not None
    assert ref.event.sub_event_type == first.event.sub_event_type


def test_a_denial_joins_the_event_it_denies(claims: list[Claim]) -> None:
    denial = _starting(claims, "The defence ministry denied")
    assert denial.certainty == "denied" and denial.event is not None
    assert denial.event.fatalities is None  # a denial gives no toll


def test_background_is_not_a_claim(claims: list[Claim]) -> None:
    texts = [c.text for c in claims if c.event is not None]
    assert not any(t.startswith("Since the start of the war") for t in texts)
    assert not any(t.startswith("In December, rebels shelled") for t in texts)  # weeks before the article


def test_claims_are_spans_of_the_clean_text(claims: list[Claim]) -> None:
    for c in claims:
        assert ARTICLE[c.start : c.end] == c.text
        if c.speaker_span:
            assert ARTICLE[c.speaker_span[0] : c.speaker_span[1]].strip()


def test_a_territory_change_is_named_by_who_takes_it() -> None:
    text = (
        "Units of the Syrian Arab Army took control of the village of Tell Mardikh south of Saraqib on Wednesday "
        "after a night of fighting, a military source said."
    )
    art = Article("t2", "test/tell-mardikh.txt", "text", text, site="Test Wire", published=date(2020, 2, 6))
    out = Analyzer().analyze(art, art.published)
    assert isinstance(out, Analysis)
    reports = [c.event for c in out.claims if c.event is not None]
    assert reports and reports[0].actor1 is not None
    assert reports[0].sub_event_type == "Government regains territory"


def _claims_of(text: str, published: date | None = date(2016, 7, 5)) -> list[Claim]:
    art = Article("t3", "test/hasaka.txt", "text", text, site="Test Wire", published=published)
    out = Analyzer().analyze(art, art.published)
    assert isinstance(out, Analysis)
    return out.claims


def test_a_war_total_is_not_the_toll_of_the_event_before_it() -> None:
    claims = _claims_of(
        "A car bomb killed at least 16 people outside a bakery in the city of Hasaka on Tuesday residents said. "
        "More than 280000 people have been killed since the conflict broke out in March 2011."
    )
    tolls = [c.event.fatalities.best for c in claims if c.event is not None and c.event.fatalities is not None]
    assert tolls and max(tolls) == 16


def test_an_earlier_count_an_update_replaced_is_not_the_toll() -> None:
    claims = _claims_of(
        "A suicide bomber killed 32 rebels at the Atmeh crossing on Sunday the monitor said "
        "updating an earlier toll of 15."
    )
    tolls = {c.event.fatalities.best for c in claims if c.event is not None and c.event.fatalities is not None}
    assert tolls == {32}


def test_leaving_the_bodies_of_their_dead_counts_no_one() -> None:
    claims = _claims_of(
        "Militants attacked army positions near Sarmin on Sunday. After hours of fighting the attackers were "
        "forced to retreat, leaving the bodies of their dead in the fields.",
        published=date(2020, 2, 10),
    )
    assert not any(c.event is not None and c.event.fatalities is not None for c in claims)


def test_a_toll_told_of_another_town_is_not_borrowed() -> None:
    claims = _claims_of(
        "Air strikes hit the town of Douma on Monday killing 16 civilians a monitor said. "
        "Five civilians were killed in the town of Jableh on the coast the monitor said.",
        published=date(2017, 4, 3),
    )
    douma = [c for c in claims if c.text.startswith("Air strikes")]
    jableh = [c for c in claims if c.text.startswith("Five civilians")]
    assert douma and douma[0].event is not None and douma[0].event.fatalities is not None
    assert douma[0].event.fatalities.best == 16
    assert (
        not jableh
        or jableh[0].event is None
        or jableh[0].event.location is None
        or (isinstance(jableh[0].event.location.value, Location) and jableh[0].event.location.value.name != "Douma")
    )


def test_an_event_dated_weeks_before_the_article_is_still_an_event() -> None:
    claims = _claims_of(
        "The SDF entered the southwestern districts of Manbij on June 23 after heavy clashes with Islamic State."
    )
    assert any(c.event is not None for c in claims)


def test_an_event_of_another_kind_right_after_is_its_own() -> None:
    claims = _claims_of(
        "A suicide bomber killed at least 15 people near the Atmeh refugee camp on Monday residents said. "
        "Two days earlier an air strike hit a field hospital in the western countryside."
    )
    kinds = {c.event.sub_event_type for c in claims if c.event is not None}
    assert {"Suicide bomb", "Air/drone strike"} <= kinds


def test_a_purpose_is_not_an_event() -> None:
    claims = _claims_of(
        "Activists say the group's presence in the city is minimal and is used as a pretext for Russia to "
        "carpet bomb civilian areas."
    )
    assert not [c for c in claims if c.event is not None]


def test_many_of_those_killed_is_no_toll() -> None:
    claims = _claims_of(
        "Air strikes on a market in the town of Tadef killed 17 civilians on Monday a monitor said. "
        "He said many of those killed were from the same family."
    )
    tolls = {c.event.fatalities.best for c in claims if c.event is not None and c.event.fatalities is not None}
    assert tolls == {17}


@pytest.mark.parametrize(
    "second",
    [
        "The Britain-based group said four children were among the dead.",
        "Among the dead were four children, the monitor said.",
        "Four women and three children were also among those killed.",
    ],
)
def test_a_part_among_the_dead_is_no_toll(second: str) -> None:
    claims = _claims_of(
        "A coalition air strike killed at least 18 civilians on Tuesday in the north of Raqqa city, a monitor said. "
        + second
    )
    tolls = {c.event.fatalities.best for c in claims if c.event is not None and c.event.fatalities is not None}
    assert tolls == {18}


def test_another_event_hours_after_keeps_its_toll_and_place_apart() -> None:
    claims = _claims_of(
        "At least 19 people were killed near the Syrian capital on Tuesday just hours after a suspected chemical "
        "gas attack left 58 dead in the town of Khan Sheikhun."
    )
    events = [c.event for c in claims if c.event is not None]
    assert events and events[0].fatalities is not None and events[0].fatalities.best == 19
    loc = events[0].location.value if events[0].location else None
    assert isinstance(loc, Location) and loc.name == "Damascus"


@pytest.mark.parametrize(
    "background",
    [
        "The conflict in Syria which has lasted five years has killed more than 280000 people.",
        "More than 170000 people have been killed in Syrias conflict which started as a peaceful protest movement.",
        "The Syrian Center for Policy Research puts the death toll from the six-year conflict at more than 470000.",
        "Peace talks have stalled with no end in sight to a conflict that has killed 280000 people.",
    ],
)
def test_a_wars_toll_is_never_an_events(background: str) -> None:
    claims = _claims_of(
        "Five children were among those killed in the air raids on the town of Tadef the monitor said. " + background
    )
    tolls = {c.event.fatalities.best for c in claims if c.event is not None and c.event.fatalities is not None}
    assert not tolls & {170000, 280000, 470000}


def test_the_dead_of_the_fighting_are_not_a_mine_clearances() -> None:
    claims = _claims_of(
        "Engineering teams were later seen clearing mines from the road that links Kafr Nouran with the town "
        "of al-Atarib. The ministry said around 60 militants had been killed in the fighting for Kafr Nouran."
    )
    cleared = [c for c in claims if c.event is not None and c.event.sub_event_type == "Disrupted weapons use"]
    assert cleared and all(c.event is not None and c.event.fatalities is None for c in cleared)


def test_a_date_in_a_relative_clause_after_the_event_is_not_its_date() -> None:
    claims = _claims_of(
        "Elsewhere the Syrian Observatory reported that air raids have taken place in numerous towns in the Aleppo "
        "countryside including Urum al-Kubra where a deadly attack on an aid convoy took place on 19 September.",
        published=date(2016, 10, 7),
    )
    dated = [c.event.date.value for c in claims if c.event is not None and c.event.date is not None]
    assert dated and all(tv.start == date(2016, 10, 7) for tv in dated)  # type: ignore[union-attr]


def test_the_attack_as_subject_is_the_event_told_before() -> None:
    claims = _claims_of(
        "A suicide bomber blew himself up among rebels near the Atmeh crossing on Sunday, IS said. "
        "The attack killed 32 rebels as they were entering Turkey the Britain-based Observatory said."
    )
    second = _starting(claims, "The attack killed")
    assert second.kind == "reference" and second.event is not None
    assert second.event.sub_event_type == "Suicide bomb"
    assert second.event.fatalities is not None and second.event.fatalities.best == 32


def test_the_dead_among_whom_children_are_counted_are_the_toll() -> None:
    claims = _claims_of(
        "Fifteen civilians among them 11 children were killed in a barrel bomb attack on the Bab al-Nayrab "
        "neighbourhood of Aleppo."
    )
    tolls = {c.event.fatalities.best for c in claims if c.event is not None and c.event.fatalities is not None}
    assert tolls == {15}


def test_another_days_dead_are_not_a_figure_of_the_event() -> None:
    claims = _claims_of(
        "Twin car bomb explosions in the city of Homs on Wednesday killed at least 18 people. The district has "
        "been targeted more than once before including on June 19 when at least six people were killed.",
        published=date(2014, 10, 1),
    )
    tolls = {c.event.fatalities.best for c in claims if c.event is not None and c.event.fatalities is not None}
    assert tolls == {18}


def test_an_earlier_toll_a_monitor_gave_is_not_a_toll() -> None:
    claims = _claims_of(
        "A Russian air strike killed 38 civilians on Wednesday near the town of Tadef a monitor said. The "
        "monitor which earlier gave a toll of 20 in the strikes said the dead included an Iraqi family."
    )
    tolls = {c.event.fatalities.best for c in claims if c.event is not None and c.event.fatalities is not None}
    assert tolls == {38}


def test_an_event_never_lands_after_its_article() -> None:
    claims = _claims_of(
        "Opposition fighters regained control of the town of Saraqib less than a month after it fell to regime "
        "forces, a rebel commander said.",
        published=date(2020, 2, 28),
    )
    dated = [c.event.date.value for c in claims if c.event is not None and c.event.date is not None]
    assert dated and all(tv.start is None or tv.start <= date(2020, 2, 28) for tv in dated)  # type: ignore[union-attr]


def test_the_other_side_acting_right_after_is_a_new_event() -> None:
    claims = _claims_of(
        "Government forces shelled the rebel-held town of Saraqib on Tuesday killing three civilians a monitor said. "
        "Rebels killed two soldiers in an ambush on Tuesday evening the monitor said.",
        published=date(2016, 7, 6),
    )
    ambush = [c for c in claims if c.text.startswith("Rebels killed")]
    assert ambush and ambush[0].kind == "event" and ambush[0].event is not None
    a1 = ambush[0].event.actor1
    assert a1 is not None and isinstance(a1.value, ActorRef) and a1.value.name.startswith("Rebels")
    assert ambush[0].event.fatalities is not None and ambush[0].event.fatalities.best == 2


def test_a_month_told_early_in_it_ends_at_the_article() -> None:
    claims = _claims_of(
        "Barrels containing toxic gas fell on the town of Saraqib in August, rescuers said.",
        published=date(2016, 8, 3),
    )
    dated = [c.event.date.value for c in claims if c.event is not None and c.event.date is not None]
    assert dated and all(isinstance(tv, TimeValue) and tv.end is not None for tv in dated)
    assert all(tv.end <= date(2016, 8, 3) and tv.start == date(2016, 8, 1) for tv in dated)  # type: ignore[union-attr]


def test_a_tally_over_weeks_is_no_event_wherever_it_is_told() -> None:
    claims = _claims_of(
        "The monitor said 76 children and 41 women were among those killed in clashes in Aleppo over the last "
        "15 days. Talks on the destruction of its chemical weapons went on in Geneva.",
        published=date(2016, 8, 7),
    )
    assert not any(c.event is not None for c in claims)


def test_a_day_told_as_the_past_24_hours_keeps_its_toll() -> None:
    claims = _claims_of("Air strikes killed 20 people in the city of Aleppo in the past 24 hours a monitor said.")
    tolls = {c.event.fatalities.best for c in claims if c.event is not None and c.event.fatalities is not None}
    assert tolls == {20}


def test_a_city_where_the_dead_were_counted_is_no_stray_place() -> None:
    claims = _claims_of(
        "A missile fired by government forces killed at least 18 civilians on Tuesday in a residential "
        "neighbourhood of the old quarter of Aleppo city a monitor said. Elsewhere the army and its allies "
        "captured more territory inside Zabadani on the Lebanese border.",
        published=date(2015, 7, 21),
    )
    missile = [c for c in claims if c.text.startswith("A missile") and c.event is not None]
    assert missile and missile[0].event is not None and missile[0].event.location is not None
    loc = missile[0].event.location.value
    assert isinstance(loc, Location) and loc.name == "Aleppo"


def test_the_raids_after_air_strikes_are_the_air_strikes_at_their_own_place() -> None:
    claims = _claims_of(
        "At least 14 people were killed in air strikes on the stronghold of the jihadists on Saturday, "
        "a monitor said. The rest of the dead in the raids on the city of Mayadin were fighters, the monitor said."
    )
    raids = _starting(claims, "The rest of the dead")
    assert raids.event is not None and raids.event.sub_event_type == "Air/drone strike"
    # a sentence that says what it tells keeps its own kind
    claims = _claims_of(
        "At least 14 people were killed in air strikes on Mayadin on Saturday, a monitor said. "
        "Rebels clashed with the army in the attack on the town of Busra, the monitor said."
    )
    clash = _starting(claims, "Rebels clashed")
    assert clash.event is not None and clash.event.sub_event_type == "Armed clash"


def test_a_later_sentence_naming_where_the_attack_took_place_places_it() -> None:
    claims = _claims_of(
        "Dozens of people were killed in a chemical attack in Syria on Wednesday, a Kurdish official said. "
        "Most of the victims lived in the western suburbs of Hama, where the attack took place, he added."
    )
    attack = _starting(claims, "Dozens of people")
    assert attack.event is not None and attack.event.location is not None
    assert isinstance(attack.event.location.value, Location) and attack.event.location.value.name == "Hamah"
    victims = _starting(claims, "Most of the victims")
    assert victims.event is not None and victims.event.location is not None
    assert victims.event.location.value == attack.event.location.value


def test_a_provinces_dead_of_the_fighting_so_far_are_no_event() -> None:
    claims = _claims_of(
        "A car bomb killed nine people in the town of Azaz on Sunday, a monitor said. "
        "At least 210 people have also been killed in clashes in the neighbouring province of Hama."
    )
    tally = [c for c in claims if c.text.startswith("At least 210")]
    assert all(c.event is None for c in tally)
    # the same words with a day and a town are an event
    claims = _claims_of("Twelve fighters have been killed in clashes in the town of Morek on Saturday.")
    assert any(c.event is not None and c.event.sub_event_type == "Armed clash" for c in claims)


def test_a_figure_of_another_year_and_last_year_s_bombing_are_not_today_s_event() -> None:
    text = (
        "Government airstrikes killed 20 civilians on Monday in the Bab al-Maqam district of Aleppo. "
        "In October last year a reporter was killed in a car bombing near Aleppo. "
        "A press freedom group counted 66 journalists killed in 2014 across the country."
    )
    events = [c for c in _claims_of(text, date(2016, 7, 12)) if c.event is not None]
    assert [c.text[:25] for c in events] == ["Government airstrikes kil"]
    fat = events[0].event.fatalities if events[0].event is not None else None
    assert fat is not None and fat.best == 20


def test_an_article_telling_events_in_two_countries_keeps_both_places() -> None:
    # the report is about Syria; its last paragraph opens "In Iraq" and tells an attack on Haditha
    text = (
        "Coalition aircraft carried out a series of airstrikes on Raqqa in eastern Syria on Saturday, activists said. "
        "In the northeastern Syrian city of Hassakeh suicide bombers detonated a truck near a power plant on Sunday. "
        "Fighting has raged in Hassakeh since militants attacked several neighbourhoods earlier this month. "
        "In Iraq a Defense Ministry statement said government forces repelled an attack on Sunday on the town of "
        "Haditha in Anbar province. At least 20 militants were killed in the failed attack, the statement said."
    )
    where = {
        c.text[:12]: c.event.location.value.name
        for c in _claims_of(text, date(2015, 7, 5))
        if c.event is not None and c.event.location is not None and isinstance(c.event.location.value, Location)
    }
    assert where.get("In Iraq a De") == "Hadithah"
    assert where.get("In the north") == "Al Hasakah"  # (the middle of its places was nearer Iraq)
    assert where.get("Coalition ai") == "Ar Raqqah"


def test_more_dead_in_another_town_after_a_strike_are_another_strike() -> None:
    text = (
        "An airstrike hit a field hospital in the town of Ahsem in Idlib province killing three people on Monday. "
        "Three people were also killed in another town in the Idlib countryside."
    )
    more = _starting(_claims_of(text, date(2016, 7, 12)), "Three people were also")
    assert more.event is not None and more.event.sub_event_type == "Air/drone strike"


def test_a_toll_update_for_the_strike_is_that_strike_not_a_new_one() -> None:
    claims = _claims_of(
        "An air strike killed 18 civilians including five children in the province of Idlib on Saturday the "
        "Syrian Observatory for Human Rights said. The monitoring group updated its earlier death toll of 15 for "
        "the strike on Urum al-Joz saying three more people had died of serious injuries.",
        date(2017, 4, 8),
    )
    update = next(c for c in claims if c.text.startswith("The monitoring group"))
    assert update.kind == "reference"
    assert update.event is not None and update.event.sub_event_type == "Air/drone strike"
    # what the toll grew by is not the toll
    assert update.event.fatalities is None


def test_a_sentence_opening_in_a_far_capital_keeps_it_as_its_place() -> None:
    claims = _claims_of(
        "Militants of the Islamic State killed and crucified five civilians in Mouhessen town in the countryside "
        "of Deir Ezzor province. In Damascus three women were wounded in a terrorist mortar attack that hit "
        "al-Shaghour neighborhood.",
        date(2014, 8, 31),
    )
    mortar = next(c for c in claims if c.text.startswith("In Damascus"))
    assert mortar.event is not None and mortar.event.location is not None
    assert isinstance(mortar.event.location.value, Location) and mortar.event.location.value.name == "Damascus"


def test_a_told_attack_in_a_far_city_keeps_the_city() -> None:
    claims = _claims_of(
        "Three civilians were injured in rocket attacks on Izraa town in the countryside of Daraa Province. "
        "Terrorist groups fired rocket shells which fell near Saadallah al-Jabiri Square in Aleppo injuring four "
        "civilians.",
        date(2016, 8, 21),
    )
    aleppo = next(c for c in claims if c.text.startswith("Terrorist groups"))
    assert aleppo.event is not None and aleppo.event.location is not None
    assert isinstance(aleppo.event.location.value, Location) and aleppo.event.location.value.admin1 == "Aleppo"


def test_what_a_source_says_the_strikes_did_is_the_strike_told() -> None:
    claims = _claims_of(
        "Coalition aircraft unleashed a series of airstrikes on Raqqa on Sunday. The Syrian Observatory for Human "
        "Rights said the strikes in Raqqa killed ten militants.",
        date(2015, 7, 5),
    )
    said = next(c for c in claims if c.text.startswith("The Syrian Observatory"))
    assert said.kind == "reference"
    assert said.event is not None and said.event.sub_event_type == "Air/drone strike"


def test_a_continent_where_a_source_lives_is_no_events_place() -> None:
    claims = _claims_of(
        "An overnight airstrike by the coalition struck an eastern Syrian town held by Daesh killing at least 10 "
        "people. Opposition activist Omar Abu Laila who currently lives in Europe but is from the province where "
        "the strike took place said 10 people were killed.",
        date(2017, 4, 18),
    )
    for c in claims:
        loc = c.event.location.value if c.event is not None and c.event.location is not None else None
        assert not (isinstance(loc, Location) and loc.name == "Europe"), c.text


def test_dead_of_the_fighting_are_the_battles_not_the_air_raids_told_since() -> None:
    claims = _claims_of(
        "Syrian rebel forces advanced into a key regime-held district in Aleppo on Monday clashing with the army. "
        "The Observatory said air raids by regime forces on the opposition-held part of Aleppo killed 13 "
        "civilians on Monday. It also said that 19 regime fighters were killed in the fighting.",
        date(2016, 7, 12),
    )
    fighting = next(c for c in claims if c.text.startswith("It also said"))
    assert fighting.event is not None and fighting.event.event_type == "Battles"
    assert fighting.event.fatalities is not None and fighting.event.fatalities.best == 19


def test_a_wars_total_and_its_other_estimates_are_no_tolls() -> None:
    claims = _claims_of(
        "Air raids by regime forces killed 13 civilians in Aleppo on Monday. The war has since killed more than "
        "300000 people with some estimates suggesting 470000 may have died.",
        date(2016, 7, 12),
    )
    tolls = [c.event.fatalities.best for c in claims if c.event is not None and c.event.fatalities is not None]
    assert tolls == [13]


def test_what_was_destroyed_after_an_attack_is_its_damage_not_a_destruction() -> None:
    claims = _claims_of(
        "On Tuesday, a suicide car bomb struck an army post near the village of Kafr Owaid, according to the "
        "group, which said more than 30 soldiers had been killed. "
        "The Idlib Monitoring Network said nine soldiers had been killed in the blast. "
        "A military source said the vehicle had been destroyed by anti-tank fire before it reached its target."
    )
    kinds = {c.event.sub_event_type for c in claims if c.event is not None}
    assert kinds == {"Suicide bomb"}
    source = _starting(claims, "A military source")
    assert source.event is not None and source.event.location is not None
    assert source.event.location.value.name == "Kafr Owaid"  # type: ignore[union-attr]


def test_a_remark_that_tells_nothing_does_not_part_a_sentence_from_its_event() -> None:
    # the remark on evidence names nothing and tells no event: the destroyed vehicle is still the
    # bombing's, three sentences on
    claims = _claims_of(
        "On Tuesday, a suicide car bomb struck an army post near the village of Kafr Owaid, according to the "
        "group, which said more than 30 soldiers had been killed. "
        "No photo or video evidence was provided to support the figure. "
        "The Idlib Monitoring Network said nine soldiers had been killed in the blast. "
        "A military source said the vehicle had been destroyed by anti-tank fire before it reached its target."
    )
    kinds = {c.event.sub_event_type for c in claims if c.event is not None}
    assert kinds == {"Suicide bomb"}


def test_air_strikes_told_as_support_of_a_ground_fight_are_its_ally_not_an_event() -> None:
    claims = _claims_of(
        "Army units took full control of the town of Khan Tuman on Sunday after two days of heavy fighting "
        "with Hayat Tahrir al-Sham. Residents of Hamdaniyah said they had slept in basements for weeks. "
        "Russian aircraft supported the ground operation with strikes on positions west of the town."
    )
    events = [c for c in claims if c.event is not None]
    assert {c.event.sub_event_type for c in events if c.event is not None} == {"Government regains territory"}
    support = _starting(claims, "Russian aircraft")
    assert support.kind == "reference"
    allies = [a.value.name for a in events[0].event.assoc_actors if isinstance(a.value, ActorRef)]  # type: ignore[union-attr]
    assert any(name.startswith("Military Forces of Russia") for name in allies)


def test_the_dead_of_the_battle_for_a_place_are_the_fight_told_there() -> None:
    # the withdrawal from Kafr Nouran is the fight; its dead, told as "the battle for Kafr Nouran",
    # are that event's toll, not a clash of their own
    claims = _claims_of(
        "Opposition fighters withdrew from the village of Kafr Nouran on Thursday after more than 24 hours of "
        "bombardment. Five fighters from the National Front for Liberation were killed in the battle for Kafr "
        "Nouran, the opposition's operations room said.",
        date(2020, 2, 14),
    )
    dead = _starting(claims, "Five fighters")
    assert dead.kind == "reference" and dead.event is not None
    assert dead.event.sub_event_type == "Non-violent transfer of territory"
    assert dead.event.fatalities is not None and dead.event.fatalities.best == 5


def test_a_region_s_dead_so_far_told_next_are_no_toll_of_the_event_before() -> None:
    claims = _claims_of(
        "Fighting broke out near the town of Atarib on Monday. At least 327 people have also been killed in "
        "clashes in the neighbouring province, the monitor said.",
        date(2016, 8, 16),
    )
    tolls = [c.event.fatalities for c in claims if c.event is not None and c.event.fatalities is not None]
    assert tolls == []


def test_a_town_in_an_organisation_s_name_is_not_where_anything_happened() -> None:
    art = Article(
        "t9",
        "test/imn.txt",
        "text",
        "The Idlib Monitoring Network said six soldiers were killed. The Aleppo Media Center reported shelling.",
        site="Test Wire",
        published=date(2020, 2, 21),
    )
    out = Analyzer().analyze(art, art.published)
    assert isinstance(out, Analysis)
    assert [m for m in out.mentions if m.kind == "place"] == []
    # a town named before an ordinary capitalised word stays a place
    text = "In Idlib City residents said six soldiers were killed."
    art = Article("t10", "test/city.txt", "text", text, site="Test Wire", published=date(2020, 2, 21))
    out = Analyzer().analyze(art, art.published)
    assert isinstance(out, Analysis)
    assert [text[m.start : m.end] for m in out.mentions if m.kind == "place"] == ["Idlib"]


def test_one_of_the_heaviest_attacks_is_no_reference_to_the_event_before() -> None:
    claims = _claims_of(
        "Rebels shelled a residential area in Latakia on Thursday, killing two people. On Jan. 25 Jaysh al-Islam "
        "mounted one of the heaviest attacks on Damascus in over a year, killing seven people, the Observatory said.",
        published=date(2015, 2, 5),
    )
    jan = _starting(claims, "On Jan. 25")
    assert jan.kind == "event" and jan.event is not None
    assert jan.event.date is not None and jan.event.date.value.start == date(2015, 1, 25)  # type: ignore[union-attr]


def test_the_dead_of_hours_of_fighting_are_the_battle_s() -> None:
    claims = _claims_of(
        "Fighting broke out between two rebel groups in the town of Arbin on Friday, activists said. Hundreds of "
        "residents protested in the town of Douma against the infighting on Saturday. In 24 hours of fighting the "
        "Observatory said at least 38 fighters from the warring sides were killed.",
        published=date(2017, 4, 29),
    )
    toll = _starting(claims, "In 24 hours of fighting")
    assert toll.event is not None and toll.event.event_type == "Battles"


def test_a_protest_met_with_force_in_the_next_sentence_is_a_protest_with_intervention() -> None:
    claims = _claims_of(
        "On Thursday, over 500 workers held a protest in the town of Ariha demanding their wages. Police "
        "resorted to batons to disperse the protesters.",
        published=date(2020, 5, 8),
    )
    assert {c.event.sub_event_type for c in claims if c.event is not None} == {"Protest with intervention"}
    # an arrest the protest is about is not the protesters' arrest
    claims = _claims_of(
        "On Thursday, journalists held a protest in the town of Ariha against the arrest of their editor. He was "
        "arrested in connection with an old case on Monday.",
        published=date(2020, 5, 8),
    )
    protest = _starting(claims, "On Thursday, journalists")
    assert protest.event is not None and protest.event.sub_event_type == "Peaceful protest"


def test_a_protest_whose_people_riot_in_the_next_sentence_is_a_violent_demonstration() -> None:
    claims = _claims_of(
        "On Thursday, hundreds of workers demonstrated in the town of Ariha demanding their wages. Rioters pelted "
        "stones at the police and damaged a police car.",
        published=date(2020, 5, 8),
    )
    assert {c.event.sub_event_type for c in claims if c.event is not None} == {"Violent demonstration"}


def test_what_fighters_lost_is_the_damage_of_the_strike_or_the_fight_not_property_destruction() -> None:
    # the damage of the strike told just before, at a village of its own: a strike, not a destruction
    claims = _claims_of(
        "Warplanes carried out a series of air strikes on rebel positions in the eastern countryside of Homs on "
        "Tuesday. Two pick-up trucks carrying rebel fighters were destroyed in the "
        "village of Jubb al-Jarrah.",
        published=date(2016, 6, 1),
    )
    trucks = _starting(claims, "Two pick-up trucks")
    assert trucks.event is not None and trucks.event.sub_event_type == "Air/drone strike"
    # with no event before it, the army destroying the militants' boats and killing those aboard is a clash
    claims = _claims_of(
        "The army destroyed three boats of the militants on the Rastan lake in Homs on Wednesday, killing all "
        "of the gunmen aboard.",
        published=date(2014, 10, 1),
    )
    assert [c.event.sub_event_type for c in claims if c.event is not None] == ["Armed clash"]
    # homes of civilians burnt by fighters stay a destruction of property
    claims = _claims_of(
        "Militants torched a dozen homes of civilians in the village of Kafr Zita in Hama on Wednesday.",
        published=date(2014, 10, 1),
    )
    assert [c.event.sub_event_type for c in claims if c.event is not None] == ["Looting/property destruction"]


def test_a_ground_fight_told_after_air_strikes_is_an_event_of_its_own() -> None:
    # no place of its own, but its own words say troops on the ground fought: not the strikes told on
    claims = _claims_of(
        "Syrian fighter jets pounded strongholds of the Islamic State group east of Salamiyah on Monday. The "
        "army men for their part ambushed a group of Nusra Front fighters on the desert road, killing most of them.",
        published=date(2016, 7, 18),
    )
    ambush = _starting(claims, "The army men")
    assert ambush.kind == "event" and ambush.event is not None
    assert ambush.event.sub_event_type == "Armed clash"
    # "the attackers were forced to retreat" after a shelling still goes on about it
    claims = _claims_of(
        "Rebels shelled the town of Mhardeh in Hama on Monday. The attackers were later forced to retreat.",
        published=date(2016, 7, 18),
    )
    assert {c.event.sub_event_type for c in claims if c.event is not None} == {"Shelling/artillery/missile attack"}


def test_the_side_a_speaker_blames_did_it_when_the_report_names_no_one_else() -> None:
    claims = _claims_of(
        "Warplanes were seeking targets after an alleged chemical weapons attack near Damascus on Wednesday. "
        "Washington blames the Syrian government for the attack which it says killed more than 1400 people.",
        published=date(2013, 8, 23),
    )
    blame = _starting(claims, "Washington blames")
    assert blame.event is not None and blame.event.actor1 is not None
    assert blame.event.actor1.value.name.startswith("Government of Syria")  # type: ignore[union-attr]
    # the blamed side is who acted, not the target: "pinning the blame on the regime"
    claims = _claims_of(
        "Samples from Khan Sheikhun where the chemical attack took place on Tuesday tested positive for sarin, "
        "the ambassador told the Security Council, pinning the blame on the regime of Bashar al-Assad.",
        published=date(2017, 4, 12),
    )
    (c,) = [c for c in claims if c.event is not None]
    assert c.event is not None and c.event.actor1 is not None and c.event.actor2 is None
    # a side named as who acted keeps it; "held talks" blames no one
    claims = _claims_of(
        "Rebels shelled the town of Mhardeh in Hama on Monday, and the government held the rebels responsible.",
        published=date(2016, 7, 18),
    )
    (c,) = [c for c in claims if c.event is not None]
    assert c.event is not None and c.event.actor1 is not None
    assert c.event.actor1.value.name.startswith("Rebels")  # type: ignore[union-attr]


def test_bare_raids_after_air_strikes_are_more_of_them() -> None:
    claims = _claims_of(
        "Syrian war planes bombed positions of the Islamic State group in Raqa province on Monday. Three raids "
        "targeted the area around the town of Tabqa and four hit near the Tabqa military airport.",
        published=date(2014, 8, 18),
    )
    raids = _starting(claims, "Three raids")
    assert raids.event is not None and raids.event.sub_event_type == "Air/drone strike"


def test_a_toll_summed_over_days_is_no_event_s_toll() -> None:
    claims = _claims_of(
        "State media said attacks on Sunday on Hamadaniyah and other neighbourhoods of Aleppo by insurgents "
        "killed at least 20 people. The death toll over the whole weekend was at least 44.",
        published=date(2016, 6, 6),
    )
    weekend = _starting(claims, "The death toll")
    assert weekend.kind == "figure" and weekend.event is None


def test_bodies_recovered_after_a_strike_are_its_dead_not_an_event_of_their_own() -> None:
    claims = _claims_of(
        "At least 53 civilians died on Sunday when Russian air strikes hit residential buildings in the town of "
        "Saraqib. The monitor had initially given a death toll of 34 civilians but the number spiked after more "
        "bodies were recovered.",
        published=date(2017, 11, 27),
    )
    assert {c.event.sub_event_type for c in claims if c.event is not None} == {"Air/drone strike"}
