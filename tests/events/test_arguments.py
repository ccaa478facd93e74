"""The arguments of an event: roles, ACLED's actor conventions, place, date and death toll.

The sentences are ours, written in the style of wire and monitor reports. Mentions come
from the real analyzer (events switched off); the detection is given, so these tests do not
depend on the classifier.
"""

from __future__ import annotations

from datetime import date

import pytest

from fogwatch.analyze import Analyzer
from fogwatch.events.arguments import build_reports
from fogwatch.events.classify import Detection
from fogwatch.events.typology import event_type_of
from fogwatch.geo import haversine_km
from fogwatch.model import ActorRef, Article, EventReport, Location, TimeValue
from fogwatch.nlp.gazetteer import cities_json_path

pytest.importorskip("spacy")
pytest.importorskip("yaml")

ANCHOR = date(2020, 5, 8)  # a Friday


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(events=False).load()


def run(
    analyzer: Analyzer,
    text: str,
    sub: str,
    trigger: str,
    *,
    anchor: date | None = ANCHOR,
    party: bool = False,
    occurrence: int = 0,
) -> tuple[str, list[EventReport]]:
    """Reports for the sentence holding `trigger` (its n-th occurrence), detected as `sub`."""
    art = Article("t", "test", "text", text)
    clean = art.text
    parsed = analyzer.text_pipeline.parse(clean)
    mentions = analyzer.mentions(art.id, parsed, anchor)
    at = -1
    for _ in range(occurrence + 1):
        at = clean.index(trigger, at + 1)
    index = parsed.sentence_of(at)
    det = Detection(sub, event_type_of(sub), 0.9, (at, at + len(trigger)), "test")
    return clean, build_reports(clean, parsed.sentences, index, det, mentions, anchor, party)


def actor(r: EventReport, role: str) -> ActorRef | None:
    arg = getattr(r, role)
    if arg is None:
        return None
    assert isinstance(arg.value, ActorRef)
    return arg.value


def place(r: EventReport) -> Location:
    assert r.location is not None and isinstance(r.location.value, Location)
    return r.location.value


def named(text: str, r: EventReport) -> str:
    """The words the report's place was read from."""
    assert r.location is not None
    return text[r.location.start : r.location.end]


def when(r: EventReport) -> TimeValue:
    assert r.date is not None and isinstance(r.date.value, TimeValue)
    return r.date.value


# --- who did what to whom --------------------------------------------------------------------


def test_active_roles_place_date_and_toll(analyzer: Analyzer) -> None:
    text, (r,) = run(
        analyzer,
        "Syrian government forces shelled the town of Saraqib on Tuesday, killing three civilians.",
        "Shelling/artillery/missile attack",
        "shelled",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name == "Military Forces of Syria (2000-)" and a1.inter == 1
    a2 = actor(r, "actor2")
    assert a2 is not None and a2.name == "Civilians (Syria)"
    assert named(text, r) == "Saraqib" and place(r).geo_precision == 1
    assert when(r).start == date(2020, 5, 5) and r.date is not None and r.date.start >= 0
    assert r.fatalities is not None and (r.fatalities.best, r.fatalities.by_party) == (3, False)
    assert r.fatalities_span is not None and text[slice(*r.fatalities_span)].startswith("three civilians")
    assert r.event_type == "Explosions/Remote violence" and r.trigger is not None


def test_passive_voice_puts_the_agent_first(analyzer: Analyzer) -> None:
    text, (r,) = run(
        analyzer,
        "On Monday, the town of Kafr Nabl was bombed by Russian warplanes, residents said.",
        "Air/drone strike",
        "bombed",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name.startswith("Military Forces of Russia")
    # Russia's forces acting in Syria: ACLED's class 8, external forces
    assert a1.inter == 8
    assert r.actor1 is not None and text[r.actor1.start : r.actor1.end] == "Russian warplanes"
    assert named(text, r) == "Kafr Nabl"


def test_clashes_between_and_a_patron_as_associated_actor(analyzer: Analyzer) -> None:
    text, (r,) = run(
        analyzer,
        "Heavy clashes broke out on Wednesday between the Syrian Democratic Forces and Turkish-backed factions "
        "near Ain Issa.",
        "Armed clash",
        "clashes",
    )
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is not None and a1.name == "SDF: Syrian Democratic Forces"
    assert a2 is not None and a2.inter == 2 and a2.affiliation == "Turkish-backed"
    assoc = [a.value.name for a in r.assoc_actors if isinstance(a.value, ActorRef)]
    assert assoc == ["Military Forces of Turkey (2016-)"]
    assert named(text, r) == "Ain Issa" and place(r).geo_precision == 2  # "near"


def test_clashed_with(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Al-Shabaab militants clashed with Somali army troops near Afgoye on Thursday.",
        "Armed clash",
        "clashed",
    )
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is not None and a1.name == "Al Shabaab"
    assert a2 is not None and a2.name.startswith("Military Forces of Somalia")


def test_possessive_forces_and_speakers_take_no_role(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "The Syrian Observatory for Human Rights said HTS's fighters attacked regime positions near Kafr Nabl.",
        "Armed clash",
        "attacked",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name == "HTS: Hayat Tahrir al-Sham"


def test_its_forces_are_the_speaker_s(analyzer: Analyzer) -> None:
    # a ministry speaks for its state's military ...
    _, (r,) = run(
        analyzer,
        "HTS fighters pulled out of the town. The Turkish Defence Ministry announced that its drones had destroyed "
        "three tanks on the road to Afes.",
        "Air/drone strike",
        "drones had destroyed",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name.startswith("Military Forces of Turkey")
    # ... an armed group for itself; a monitor for no one
    _, (r,) = run(
        analyzer,
        "Boko Haram said its fighters had stormed a military base near Monguno.",
        "Armed clash",
        "stormed",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name.startswith("Boko Haram")
    _, (r,) = run(
        analyzer,
        "The Syrian Observatory for Human Rights said their planes had struck Saraqib.",
        "Air/drone strike",
        "struck",
    )
    a1 = actor(r, "actor1")
    assert a1 is None or "Observatory" not in a1.name


def test_government_helicopters_are_the_state_s_military(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Government helicopters dropped barrel bombs on the town of Saraqib in Syria on Thursday.",
        "Air/drone strike",
        "helicopters dropped",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name.startswith("Military Forces of Syria")


def test_the_agent_of_another_verb_is_not_the_initiator(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Kenyan police defused two bombs planted by al-Shabaab militants near Mandera on Sunday.",
        "Disrupted weapons use",
        "defused",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name.startswith("Police Forces of Kenya")


def test_an_initiator_told_in_the_sentence_before(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Boko Haram fighters raided a military base near Monguno on Tuesday. Seven soldiers were killed.",
        "Armed clash",
        "killed",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name.startswith("Boko Haram")
    assert r.fatalities is not None and r.fatalities.best == 7


def test_enemies_named_with_anti_are_not_the_group(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Houthi forces shelled anti-Houthi fighters in Hays on Tuesday.",
        "Shelling/artillery/missile attack",
        "shelled",
    )
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is not None and a1.name.startswith("Houthi")
    assert a2 is None or not a2.name.startswith("Houthi")


def test_event_word_in_a_phrase_after_the_clause(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Turkish forces killed four PKK militants during airstrikes near Sinjar in northern Iraq on Monday.",
        "Air/drone strike",
        "airstrikes",
    )
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is not None and a1.name.startswith("Military Forces of Turkey") and a1.inter == 8  # in Iraq
    assert a2 is not None and a2.name.startswith("PKK")


def test_a_heading_is_not_the_event_word(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Arrests: on Tuesday, Kenyan police detained four suspected al-Shabaab members in Garissa.",
        "Arrests",
        "Arrests",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name.startswith("Police Forces of Kenya")
    assert r.trigger == (0, 7)  # the classifier's, kept


# --- ACLED's conventions by event type ------------------------------------------------------


def test_violence_against_civilians_has_civilians_as_target(analyzer: Analyzer) -> None:
    _, (r,) = run(analyzer, "Gunmen shot dead a shepherd near Daraa on Friday.", "Attack", "shot dead")
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is not None and a1.name == "Unidentified Armed Group (Syria)" and a1.inter == 3
    assert a2 is not None and a2.name == "Civilians (Syria)" and a2.inter == 7
    assert r.fatalities is not None and r.fatalities.best == 1


def test_unnamed_attackers_are_an_unidentified_armed_group(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer, "Two farmers were abducted near Kidal on Sunday.", "Abduction/forced disappearance", "abducted"
    )
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is not None and a1.name == "Unidentified Armed Group (Mali)"
    assert r.actor1 is not None and r.actor1.start == -1  # inferred, not read
    assert a2 is not None and a2.name == "Civilians (Mali)"
    assert r.fatalities is None


def test_protesters(analyzer: Analyzer) -> None:
    text, (r,) = run(
        analyzer,
        "Hundreds of teachers protested in Beirut on Thursday against unpaid salaries.",
        "Peaceful protest",
        "protested",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name == "Protesters (Lebanon)" and a1.inter == 6
    assert r.actor2 is None and r.fatalities is None
    assert named(text, r) == "Beirut"


def test_protest_with_intervention_names_the_police(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Demonstrators gathered in central Minsk on Sunday. Riot police dispersed them and detained several people.",
        "Protest with intervention",
        "gathered",
    )
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is not None and a1.name == "Protesters (Belarus)"
    assert a2 is not None and a2.name.startswith("Police Forces of Belarus")


def test_rioters(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Angry residents torched a police station in Bujumbura on Saturday after a teenager died in custody.",
        "Violent demonstration",
        "torched",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name == "Rioters (Burundi)" and a1.inter == 5
    assert r.actor1 is not None and r.actor1.start >= 0  # read from "residents"


# --- places ------------------------------------------------------------------------------


def test_several_villages_make_several_reports(analyzer: Analyzer) -> None:
    text, reports = run(
        analyzer,
        "Government troops recaptured the towns of Kafr Nabl, Khan Shaykhun and Saraqib on Wednesday.",
        "Government regains territory",
        "recaptured",
    )
    assert [named(text, r) for r in reports] == ["Kafr Nabl", "Khan Shaykhun", "Saraqib"]
    # the same event otherwise: actors, date, type
    assert len({(actor(r, "actor1") or ActorRef("", 0)).name for r in reports}) == 1
    assert len({when(r).start for r in reports}) == 1
    assert all(r.sub_event_type == "Government regains territory" for r in reports)


def test_a_place_and_where_it_is_make_one_report(analyzer: Analyzer) -> None:
    text, reports = run(
        analyzer,
        "Gunmen attacked a checkpoint in Saraqib (Idlib) on Tuesday, and in Maarat al-Numan, Idlib, a day later.",
        "Attack",
        "attacked",
    )
    assert [named(text, r) for r in reports] == ["Saraqib"]


def test_a_container_read_only_by_the_folds_gives_way_to_its_place(analyzer: Analyzer) -> None:
    """'Oueme' meets a Russian village only under the transliteration folds; Misserete is spelt
    as in Benin: the parenthesis is the misread name, not the town."""
    text, (r,) = run(
        analyzer,
        "Inmates in Misserete (Akpro-Misserete, Oueme) rioted over a search of their cells on Wednesday.",
        "Violent demonstration",
        "rioted",
    )
    assert named(text, r) == "Misserete" and place(r).country == "BJ"


def test_a_monitor_named_after_a_town_does_not_place_the_event(analyzer: Analyzer) -> None:
    """'the Idlib Monitoring Network said': who speaks, not where the strike was."""
    text, (r,) = run(
        analyzer,
        "Warplanes struck a camp for displaced families in Binnish on Tuesday evening. The Idlib Monitoring "
        "Network said five civilians were killed in the raid.",
        "Air/drone strike",
        "killed",
    )
    assert named(text, r) == "Binnish"


def test_where_aircraft_took_off_from_is_not_the_event_place(analyzer: Analyzer) -> None:
    text, (r,) = run(
        analyzer,
        "Residents of Darat Izza said the bombing began shortly after noon. Warplanes that had taken off from "
        "Hmeimim airbase carried out four raids, observers said.",
        "Air/drone strike",
        "raids",
    )
    assert named(text, r) == "Darat Izza"


def test_a_stretch_between_two_towns_is_one_event_at_the_first(analyzer: Analyzer) -> None:
    text, reports = run(
        analyzer,
        "Turkish drones struck a government convoy on the road between Saraqib and Afes on Thursday.",
        "Air/drone strike",
        "struck",
    )
    assert [named(text, r) for r in reports] == ["Saraqib"]


def test_where_people_come_from_is_not_the_event_place(analyzer: Analyzer) -> None:
    text, (r,) = run(
        analyzer,
        "Government forces shelled Saraqib on Monday. Among the dead were fighters from Lebanon and Iraq, the army said.",
        "Shelling/artillery/missile attack",
        "dead",
    )
    assert named(text, r) == "Saraqib"  # from the sentence before, not "Lebanon"


def test_where_fire_came_from_is_not_the_event_place(analyzer: Analyzer) -> None:
    text, (r,) = run(
        analyzer,
        "Shells hit the market of Ariha on Monday. The rockets came from the direction of Saraqib, residents said.",
        "Shelling/artillery/missile attack",
        "rockets",
    )
    assert named(text, r) == "Ariha"


def test_place_falls_back_to_the_sentence_before(analyzer: Analyzer) -> None:
    text, (r,) = run(
        analyzer,
        "On 3 May, fighting flared again in Kafr Nabl. Later that day the army shelled the area, killing two fighters.",
        "Shelling/artillery/missile attack",
        "shelled",
    )
    assert named(text, r) == "Kafr Nabl"
    assert r.location is not None and r.location.start < 40  # read from the first sentence
    assert when(r).start == date(2020, 5, 3)  # the nearest earlier date
    assert r.fatalities is not None and r.fatalities.best == 2


def test_dateline(analyzer: Analyzer) -> None:
    text, (r,) = run(
        analyzer,
        "KABUL, May 6 (Reuters) - Taliban fighters stormed a checkpoint overnight, killing four police officers.",
        "Armed clash",
        "stormed",
    )
    assert named(text, r) == "KABUL" and place(r).name == "Kabul"
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name == "Taliban"
    assert r.fatalities is not None and r.fatalities.best == 4


def test_no_date_in_the_text_uses_the_anchor(analyzer: Analyzer) -> None:
    _, (r,) = run(analyzer, "Militants ambushed an army convoy near Kidal.", "Armed clash", "ambushed")
    assert r.date is not None and (r.date.start, r.date.end) == (-1, -1)
    assert when(r).start == ANCHOR and when(r).precision == "day"
    _, (r,) = run(analyzer, "Militants ambushed an army convoy near Kidal.", "Armed clash", "ambushed", anchor=None)
    assert r.date is None


def test_a_span_running_up_to_the_report_is_not_a_later_sentences_date(analyzer: Analyzer) -> None:
    """'the past month' tells the run-up; the strikes of the next sentence were on Sunday."""
    _, (r,) = run(
        analyzer,
        "Army units entered Khan al-Assal on Sunday afternoon. Residents said they had spent much of the past "
        "month sleeping in basements. Russian aircraft supported the assault with strikes west of the town.",
        "Air/drone strike",
        "strikes",
    )
    assert when(r).start == date(2020, 5, 3) and when(r).precision == "day"


# --- fatalities ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "trigger", "best", "low", "high"),
    [
        ("Dozens of fighters were killed in clashes near Marib on Monday.", "clashes", 12, 12, None),
        ("Hundreds of people were killed when jets bombed the market in Idlib.", "bombed", 100, 100, None),
        ("Between five and eight soldiers were killed in the ambush near Kidal.", "ambush", 5, 5, 8),
        # different victims add up
        ("Three soldiers and two civilians were killed in the attack near Kismayo on Monday.", "attack", 5, 5, 5),
        # figures for the same dead are alternatives: the most conservative is coded
        (
            "At least 20 people were killed in the bombing in Kabul, and a hospital official put the death toll at 35.",
            "bombing",
            20,
            20,
            35,
        ),
        # a toll over a period is not the event's
        (
            "Shelling killed two civilians in Donetsk on Monday, bringing the death toll since January to 300.",
            "Shelling",
            2,
            2,
            2,
        ),
        # the count after "by" counts the attackers
        ("A trader was stabbed to death by three men near Kano on Sunday.", "stabbed", 1, 1, 1),
        ("A farmer and his wife were shot dead in Culiacan on Friday.", "shot", 2, 2, 2),
        ("The body of a taxi driver was found dead beside a road outside Acapulco.", "found dead", 1, 1, 1),
        # every part after "including" is a part, not only the first
        (
            "At least 24 people including five children and two women were killed in the attack in Idlib on Monday.",
            "attack",
            24,
            24,
            None,
        ),
        # a toll told but not counted: ACLED codes it as "several", 10
        ("Gunmen killed an unknown number of villagers near Kidal on Sunday.", "killed", 10, None, None),
        # the dead listed one by one, with or without commas, a figure inside an item counting as many
        ("Rebels shelled Baath. A father a mother and a son were killed.", "shelled", 3, 3, 3),
        ("Rebels shelled Baath. A father, a mother and a son were killed.", "shelled", 3, 3, 3),
        ("A woman and her two children were killed when rebels shelled Baath.", "shelled", 3, 3, 3),
        ("Two soldiers, a policeman and a child were killed when rebels shelled Baath.", "shelled", 4, 4, 4),
    ],
)
def test_death_tolls(analyzer: Analyzer, text: str, trigger: str, best: int, low: int | None, high: int | None) -> None:
    _, (r,) = run(analyzer, text, "Armed clash", trigger)
    assert r.fatalities is not None
    assert (r.fatalities.best, r.fatalities.low, r.fatalities.high) == (best, low, high)


def test_toll_in_the_next_sentence_and_party_claims(analyzer: Analyzer) -> None:
    text = "Militants attacked a checkpoint near Kismayo on Monday. Four soldiers were killed, the army said."
    _, (r,) = run(analyzer, text, "Armed clash", "attacked", party=True)
    assert r.fatalities is not None and (r.fatalities.best, r.fatalities.by_party) == (4, True)


def test_a_new_date_starts_another_event(analyzer: Analyzer) -> None:
    text = "Militants attacked a checkpoint near Kismayo on Monday. On Tuesday, six soldiers were killed in Afgoye."
    _, (r,) = run(analyzer, text, "Armed clash", "attacked")
    assert r.fatalities is None


def test_no_casualties_is_an_explicit_zero_and_no_toll_is_none(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Rockets hit the outskirts of Tripoli on Monday. No casualties were reported.",
        "Shelling/artillery/missile attack",
        "Rockets",
    )
    assert r.fatalities is not None and r.fatalities.best == 0
    _, (r,) = run(
        analyzer, "Rockets hit the outskirts of Tripoli on Monday.", "Shelling/artillery/missile attack", "Rockets"
    )
    assert r.fatalities is None


def test_peaceful_protests_carry_no_toll(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Relatives of the five people killed last week protested in Lagos on Monday.",
        "Peaceful protest",
        "protested",
    )
    assert r.fatalities is None


def test_out_of_range_sentence_gives_no_report(analyzer: Analyzer) -> None:
    det = Detection("Armed clash", "Battles", 0.9, None, "test")
    assert build_reports("Fighting.", [(0, 9)], 3, det, [], ANCHOR, False) == []
    # no trigger, no mentions: still a report, with the anchor as its date
    (r,) = build_reports("Fighting.", [(0, 9)], 0, det, [], ANCHOR, False)
    assert r.trigger is None and r.location is None and when(r).start == ANCHOR


# --- the place and its containers ---------------------------------------------------------------


def test_a_container_read_as_a_town_abroad_gives_way(analyzer: Analyzer) -> None:
    text = "On 4 May 2020, in Carora, Lara state, drivers protested over the lack of fuel."
    _, (r,) = run(analyzer, text, "Peaceful protest", "protested")
    assert place(r).country == "VE"


def test_a_place_far_from_its_district_gives_way_to_the_district(analyzer: Analyzer) -> None:
    # a Shahpur exists far to the south: the district in parentheses says which side of the country
    text = "On 6 May 2020, Indian and Pakistani troops exchanged fire in Shahpur sector (Poonch district, J&K)."
    _, (r,) = run(analyzer, text, "Armed clash", "exchanged fire")
    loc = place(r)
    assert loc.admin1 == "Jammu and Kashmir" or haversine_km(loc.lat, loc.lon, 33.77, 74.09) < 60


def test_a_village_of_another_province_gives_way_to_the_province(analyzer: Analyzer) -> None:
    text = "On 9 May 2020, rebel forces fired mortars at army positions near Kamianka, Donetsk."
    _, (r,) = run(analyzer, text, "Shelling/artillery/missile attack", "fired")
    assert place(r).admin1 == "Donetsk"


def test_the_place_a_sentence_opens_with_holds_against_a_far_one(analyzer: Analyzer) -> None:
    text = "On 29 April 2020, in Puno city, residents protested against the return of travellers stranded in Lima."
    _, (r,) = run(analyzer, text, "Peaceful protest", "protested")
    assert named(text, r) == "Puno"


def test_a_town_and_its_province_of_the_same_name_stay_the_town(analyzer: Analyzer) -> None:
    text = "On 4 May 2020, in Rosario (Santa Fe), bus owners protested at a park."
    _, (r,) = run(analyzer, text, "Peaceful protest", "protested")
    assert named(text, r) == "Rosario"


def test_initials_read_as_a_state_abroad_give_way_to_the_town(analyzer: Analyzer) -> None:
    # "TN" is also Tennessee: the initials are the misread name, not the town before them
    text = "On 7 May 2020, nurses protested in Madurai city (Madurai, TN) over unpaid wages."
    _, (r,) = run(analyzer, text, "Peaceful protest", "protested")
    assert place(r).country == "IN"


def test_the_area_of_a_city_is_located_by_the_city(analyzer: Analyzer) -> None:
    # "Soba" also names a capital abroad; "the X area of Y" puts it in Khartoum
    text = "On 2 May 2020, police fired tear gas at protesters in the Soba area of Khartoum."
    _, (r,) = run(analyzer, text, "Excessive force against protesters", "fired tear gas")
    assert place(r).country == "SD"


def test_a_parenthesis_after_an_unread_name_stands_for_it(analyzer: Analyzer) -> None:
    # the hills are not in the gazetteer; their district is, and a town named later is not the place
    text = "On 4 May 2020, Houthi forces shelled the Qarn Asad hills (Sirwah, Marib), and later withdrew to Sanaa."
    _, (r,) = run(analyzer, text, "Shelling/artillery/missile attack", "shelled")
    loc = place(r)
    assert loc.country == "YE" and haversine_km(loc.lat, loc.lon, 15.5, 45.0) < 120


def test_a_village_read_abroad_gives_way_to_its_state(analyzer: Analyzer) -> None:
    # the village is only known as a town in another country; the state in parentheses is the place
    text = "On 8 May 2020, villagers protested in Dunda (Uttarakhand) against a new liquor shop."
    _, (r,) = run(analyzer, text, "Peaceful protest", "protested")
    assert place(r).country == "IN" and place(r).admin1 == "Uttarakhand"


def test_a_district_and_its_province_after_a_comma(analyzer: Analyzer) -> None:
    # "Baharak" is also a town of another province: "X district, Y" puts it in Takhar
    text = "On 3 June 2020, a roadside bomb struck an army patrol in Baharak district, Takhar province."
    _, (r,) = run(analyzer, text, "Remote explosive/landmine/IED", "struck")
    assert place(r).admin1 == "Takhar"


def test_a_town_in_the_province_its_main_town_names(analyzer: Analyzer) -> None:
    # "Karak" is read as a town in Pakistan; "in Daraa" (a province's main town) says where it is
    text = "On 12 June 2020, government artillery hit homes in Karak in Daraa, residents said."
    _, (r,) = run(analyzer, text, "Shelling/artillery/missile attack", "hit")
    assert place(r).country == "SY" and place(r).admin1 == "Daraa"


def test_a_town_across_the_border_from_its_province_is_not_a_misreading(analyzer: Analyzer) -> None:
    # the gazetteer's Ras al-Ain is its twin town just across the border: still the place, not the province
    text = "On 12 June 2020, Turkish artillery hit a farm near Ras al-Ain in Hasakah, residents said."
    _, (r,) = run(analyzer, text, "Shelling/artillery/missile attack", "hit")
    assert named(text, r) == "Ras al-Ain"


needs_districts = pytest.mark.skipif(
    cities_json_path() is None, reason="GeoNames districts from npm not set up (make gazetteer-data)"
)


@needs_districts
def test_a_district_and_its_province_in_parentheses_stand_for_an_unread_front(analyzer: Analyzer) -> None:
    # "Qaniyah" is no place our gazetteer knows in Yemen; the parenthesis says where it is:
    # the district first, then its province (whose name is also its main town's).
    text, (r,) = run(
        analyzer,
        "On Sunday, Houthi fighters shelled farms near the Qaniyah front (Mahliyah, Marib), killing a shepherd.",
        "Shelling/artillery/missile attack",
        "shelled",
    )
    assert named(text, r) == "Mahliyah"
    assert place(r).country == "YE"


@needs_districts
def test_a_district_before_its_province_in_parentheses_after_a_country(analyzer: Analyzer) -> None:
    text, (r,) = run(
        analyzer,
        "Coalition jets bombed positions in a valley in western Yemen (At Tuhayat, Al Hudaydah) on Friday.",
        "Air/drone strike",
        "bombed",
    )
    assert named(text, r) == "At Tuhayat"


@pytest.mark.parametrize(
    ("text", "sub", "trigger", "actor1", "actor2"),
    [
        # the actor that modifies the event word carried it out, in passive sentences too
        (
            "At least 17 civilians have been killed by a suspected Russian air raid in the town of Tadef on Monday.",
            "Air/drone strike",
            "air raid",
            "Military Forces of Russia",
            "Civilians",
        ),
        (
            "Fifteen civilians were killed in a regime barrel bomb attack on the town of Tadef in Syria on Thursday.",
            "Air/drone strike",
            "attack",
            "Military Forces of Syria",
            "Civilians",
        ),
        (
            "Coalition air strikes killed 18 civilians in the village of Tadef on Tuesday.",
            "Air/drone strike",
            "air strikes",
            "International Coalition",
            "Civilians",
        ),
        # "US-led": the coalition the United States leads, even read inside the event word
        (
            "A US-led strike killed 18 civilians in the village of Tadef on Tuesday.",
            "Air/drone strike",
            "US-led strike",
            "International Coalition",
            "Civilians",
        ),
        # a headline's bare participle is passive: the dead are the target, the bomber's group acted
        (
            "More than 30 Syrian rebels killed in IS group suicide blast near the town of Atmeh.",
            "Suicide bomb",
            "suicide blast",
            "Islamic State",
            "Rebels",
        ),
        (
            "A Daesh suicide bomber killed 16 civilians in the town of Tadef on Tuesday.",
            "Suicide bomb",
            "suicide bomber",
            "Islamic State",
            "Civilians",
        ),
    ],
)
def test_the_actor_modifying_the_event_word_acts(
    analyzer: Analyzer, text: str, sub: str, trigger: str, actor1: str, actor2: str
) -> None:
    _, (r, *_) = run(analyzer, text, sub, trigger)
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is not None and a1.name.startswith(actor1), (text, a1)
    assert a2 is not None and a2.name.startswith(actor2), (text, a2)


@pytest.mark.parametrize(
    "text",
    [
        "UN investigators said regime forces used chlorine in the attack on the town of Tadef on Monday.",
        "The OPCW said chlorine was used in the attack on the town of Tadef on Monday.",
    ],
)
def test_inspectors_are_never_a_side(analyzer: Analyzer, text: str) -> None:
    _, (r, *_) = run(analyzer, text, "Chemical weapon", "chlorine")
    for role in ("actor1", "actor2"):
        a = actor(r, role)
        assert a is None or a.name not in (
            "United Nations",
            "OPCW: Organisation for the Prohibition of Chemical Weapons",
        )


def test_a_monitor_is_never_a_side_of_the_event(analyzer: Analyzer) -> None:
    text = "Air strikes hit the Syrian Observatory for Human Rights office in the town of Tadef on Monday."
    _, (r, *_) = run(analyzer, text, "Air/drone strike", "Air strikes")
    for role in ("actor1", "actor2"):
        a = actor(r, role)
        assert a is None or "Observatory" not in a.name


def test_a_toll_told_for_two_places_is_split_between_them(analyzer: Analyzer) -> None:
    _, reports = run(
        analyzer,
        "Eight civilians were killed in rocket attacks on Aleppo and Homs on Thursday.",
        "Shelling/artillery/missile attack",
        "rocket attacks",
    )
    tolls = sorted((r.fatalities.best, r.fatalities.shared) for r in reports if r.fatalities is not None)
    assert len(reports) == 2 and tolls == [(4, True), (4, True)]


def test_a_name_that_speaks_is_not_the_event_place(analyzer: Analyzer) -> None:
    text, reports = run(
        analyzer,
        "Air strikes hit a market in Saraqib on Friday killing five people, Carter told reporters.",
        "Air/drone strike",
        "Air strikes",
    )
    assert [named(text, r) for r in reports if r.location is not None] == ["Saraqib"]


# --- passives, headlines and possessives -----------------------------------------------------


def test_a_headline_passive_without_its_auxiliary(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "50 ISIS Terrorists Killed in Syrian Army Operations in Eastern Homs.",
        "Armed clash",
        "Killed",
    )
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is not None and a1.name.startswith("Military Forces of Syria")
    assert a2 is not None and a2.name == "Islamic State"  # "ISIS terrorists" are the group's members


def test_the_side_whose_operation_killed_them_acted(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Eight civilians were killed Thursday in rebel fire on a government-held district of Aleppo, Syria.",
        "Shelling/artillery/missile attack",
        "killed",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name == "Rebels (Syria)"


def test_victims_in_a_list_are_not_the_initiator(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "At least 24 people including five children and two women were killed in a barrel bomb attack in Aleppo, Syria.",
        "Air/drone strike",
        "barrel bomb attack",
    )
    a1 = actor(r, "actor1")
    assert a1 is None or not a1.name.startswith("Civilians")


def test_a_progressive_is_active(analyzer: Analyzer) -> None:
    _, (r,) = run(analyzer, "Rebels are attacking army positions in Hama, Syria.", "Armed clash", "attacking")
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name == "Rebels (Syria)"


def test_an_attack_by_a_group_names_the_initiator_across_other_verbs(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "The Turkish military said four of its soldiers were killed and four others were injured in an attack "
        "by the Islamic State group in northern Syria.",
        "Armed clash",
        "killed",
    )
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is not None and a1.name == "Islamic State"
    # "its soldiers": the Turkish military's, not the country the report is about
    assert a2 is not None and a2.name.startswith("Military Forces of Turkey")


def test_terrorists_is_a_label_that_names_no_group(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Terrorists fired rocket shells on a residential neighborhood in Aleppo, Syria, killing a child.",
        "Shelling/artillery/missile attack",
        "fired",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name == "Unidentified Armed Group (Syria)"


def test_a_copula_before_the_event_noun_is_not_a_passive(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Government forces fired rocket barrages on Wednesday on the eastern suburbs of Damascus in what two "
        'opposition groups claimed was a "poisonous gas" attack.',
        "Chemical weapon",
        "poisonous gas",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name.startswith("Military Forces of Syria")


def test_the_dead_and_the_hurt_counted_together_give_no_toll(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Hundreds of dead and injured people were rushed to hospitals after the shelling of Douma on Wednesday.",
        "Shelling/artillery/missile attack",
        "shelling",
    )
    assert r.fatalities is None or r.fatalities.best != 0


def test_a_source_named_for_a_force_speaks_and_does_not_act(analyzer: Analyzer) -> None:
    # the police source of the sentence before is the speaker; the bomber of this one is not the police
    _, (r,) = run(
        analyzer,
        "A Kurdish police source confirmed the death toll to a correspondent. "
        "A suicide bomber on a motorcycle blew himself up in the Salihiah neighbourhood of Hasakeh city.",
        "Suicide bomb",
        "blew himself up",
    )
    a1 = actor(r, "actor1")
    assert a1 is None or "Police" not in a1.name
    _, (r,) = run(
        analyzer,
        "Army officials said rebels shelled the town of Harasta.",
        "Shelling/artillery/missile attack",
        "shelled",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name.startswith("Rebels")


def test_a_group_named_past_the_subject_of_a_sentence_without_an_event_word_is_not_borrowed(
    analyzer: Analyzer,
) -> None:
    _, (r,) = run(
        analyzer,
        "A rebel spokesman said the group had inflicted heavy losses on pro-government forces. "
        "The monitor put the number of dead on both sides near the village of Tell Sultan at 14.",
        "Armed clash",
        "dead",
    )
    a1 = actor(r, "actor1")
    assert a1 is None or "Pro-Government" not in a1.name


def test_the_dead_of_the_sentence_before_are_not_borrowed_as_who_acted(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Fifteen people died including five policemen as a result of the blast in Damascus. A security source "
        "said that the attack had been carried out by four suicide bombers wearing explosive belts.",
        "Suicide bomb",
        "suicide bombers",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and not a1.name.startswith("Police")


def test_a_side_named_after_a_headline_s_event_word_as_the_subject_of_a_blow_did_it(analyzer: Analyzer) -> None:
    # a headline run into the lead without a full stop: the event word is the headline's
    _, (r,) = run(
        analyzer,
        "20 dead in barrel bomb attack in Aleppo NGO  Syrian regime helicopters on Monday dropped barrel bombs on "
        "an opposition-held district in northern Aleppo city killing at least 20 people.",
        "Air/drone strike",
        "barrel bomb attack",
    )
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is not None and a1.name.startswith("Military Forces of Syria")
    assert a2 is None or not a2.name.startswith("Military Forces")


def test_barrel_bombs_from_helicopters_are_the_state_s_not_the_rebels_told_before(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Rebels shelled the Sheikh Maqsoud district of Aleppo on Saturday killing seven people. Three people two "
        "of them children died and nine were injured by barrel bombs dropped from helicopters in the city.",
        "Air/drone strike",
        "barrel bombs",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name.startswith("Military Forces of Syria")
    # gas dropped by a helicopter is the state's too
    _, (g,) = run(
        analyzer,
        "A rescue service said a helicopter dropped containers of toxic gas overnight on the town of Saraqeb.",
        "Chemical weapon",
        "toxic gas",
    )
    ga1 = actor(g, "actor1")
    assert ga1 is not None and ga1.name.startswith("Military Forces of Syria")
    # "two of them" are some of the three: the toll is three
    assert r.fatalities is not None and r.fatalities.best == 3
    # ... but "killed 2 of them" after no count of the dead is the toll
    _, (r,) = run(
        analyzer,
        "Soldiers clashed with gunmen near the village of Rubare and killed 2 of them.",
        "Armed clash",
        "clashed",
    )
    assert r.fatalities is not None and r.fatalities.best == 2


def test_who_made_a_claim_is_no_side_of_the_event(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Leaders responded to the claim by activists that at least 640 people were killed in a nerve gas attack "
        "on the Ghouta region.",
        "Chemical weapon",
        "nerve gas attack",
    )
    assert all(not a.name.startswith("Protesters") for a in (actor(r, "actor1"), actor(r, "actor2")) if a)
    # ... nor are who say it, where they are named with their place
    _, (r,) = run(
        analyzer,
        "Activists in rural Idlib said that five people were killed in Russian airstrikes on the town of Idlib.",
        "Air/drone strike",
        "airstrikes",
    )
    a2 = actor(r, "actor2")
    assert a2 is not None and a2.name.startswith("Civilians")


def test_a_side_does_not_act_on_itself(analyzer: Analyzer) -> None:
    # a headline run into its lead names the Islamic State twice, once on each side of the event word
    _, (r,) = run(
        analyzer,
        "18 IS jihadists killed fighting Syria Kurds Monitor  At least 18 jihadists from the Islamic State group "
        "were killed in overnight clashes with Kurdish fighters in northern Syria.",
        "Armed clash",
        "killed fighting",
    )
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is not None and a2 is not None and a1.name != a2.name
    assert a2.name.startswith("YPG")
    # the other side named there is no side when it only says so
    _, (r,) = run(
        analyzer,
        "18 IS jihadists killed fighting Kurds Monitor  At least 18 jihadists from the Islamic State group "
        "were killed in overnight clashes near Kobane according to the YPG.",
        "Armed clash",
        "killed fighting",
    )
    a2 = actor(r, "actor2")
    assert a2 is None or not a2.name.startswith(("YPG", "Islamic State"))


def test_a_region_across_countries_is_no_event_place(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Rockets hit Aleppo on Thursday. A sniper from al-Nusra Front (Qaeda branch in the Levant) shot on the "
        "locals of al-Masharqa neighborhood leaving two civilians dead.",
        "Attack",
        "shot",
    )
    assert r.location is not None and r.location.value.name == "Aleppo"  # type: ignore[union-attr]


def test_where_reinforcements_came_from_is_not_the_place_of_the_fighting(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Fighting raged around Saraqib on Thursday. "
        "Fighting was still going on in the town late on Thursday, and army reinforcements were on their way from Aleppo.",
        "Armed clash",
        "Fighting",
        occurrence=1,
    )
    loc = r.location.value if r.location is not None else None
    assert not isinstance(loc, Location) or loc.name != "Aleppo"


def test_an_actor_inside_the_event_phrase_after_its_verb_is_the_target(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Rebels attacked a Syrian army checkpoint near the town of Khan Tuman on Tuesday.",
        "Armed clash",
        "attacked a Syrian army checkpoint",
    )
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is not None and a1.name.startswith("Rebels")
    assert a2 is not None and a2.name.startswith("Military Forces of Syria")


def test_the_owner_of_an_aircraft_shot_down_is_the_side_acted_upon(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "A Russian military helicopter was shot down near Saraqib on Monday, killing all five people on board.",
        "Armed clash",
        "helicopter was shot down",
    )
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is None or "Russia" not in a1.name
    assert a2 is not None and a2.name.startswith("Military Forces of Russia")


def test_a_count_over_years_is_no_toll_of_the_event_before(analyzer: Analyzer) -> None:
    text = (
        "Air strikes killed 24 people in al-Quria on Saturday. In a statement the network said that "
        "12679 people died of torture from March 2011 to June 2016."
    )
    _, (r,) = run(analyzer, text, "Air/drone strike", "Air strikes")
    assert r.fatalities is not None and r.fatalities.best == 24
    out = analyzer.analyze(Article("t", "test", "text", text), ANCHOR)
    tolls = {c.event.fatalities.best for c in out.claims if c.event is not None and c.event.fatalities is not None}
    assert 12679 not in tolls


def test_the_same_dead_told_twice_in_a_run_on_headline_are_counted_once(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        'Twin blasts kill 30 Kurdish fighters in Syria Monitor AFP "At least 30 members of the YPG were killed '
        'when two suicide bombers detonated their trucks at the entrance to Hasakeh" the monitor said.',
        "Suicide bomb",
        "suicide bombers",
    )
    assert r.fatalities is not None and r.fatalities.best == 30
    _, (r,) = run(
        analyzer, "The clashes killed 30 soldiers and 30 rebels near Hama on Sunday.", "Armed clash", "clashes"
    )
    assert r.fatalities is not None and r.fatalities.best == 60


def test_a_tally_over_a_stretch_of_days_is_no_toll(analyzer: Analyzer) -> None:
    text = (
        "Between 21 and 26 of September the hospitals of the district received more than 822 wounded and "
        "more than 270 dead from the air strikes on Aleppo."
    )
    _, (r,) = run(analyzer, text, "Air/drone strike", "air strikes")
    assert r.fatalities is None or r.fatalities.best != 270


def test_one_side_s_dead_told_in_a_headline_and_its_lead_are_not_added(analyzer: Analyzer) -> None:
    text = (
        "Russia says 62 Syrian troops killed in US-led strikes AFP More than 60 Syrian government soldiers were "
        "killed on Saturday in coalition air strikes on an air base near Deir ez-Zor."
    )
    _, (r,) = run(analyzer, text, "Air/drone strike", "air strikes", occurrence=0)
    assert r.fatalities is not None and r.fatalities.best in (60, 62)


def test_a_war_s_dead_and_a_widget_s_counters_are_no_toll(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Despite the killing of at least 100000 people in the massive insurgency, a car bomb hit Jaramana on Tuesday.",
        "Remote explosive/landmine/IED",
        "car bomb",
    )
    assert r.fatalities is None or r.fatalities.best != 100000
    _, (r,) = run(
        analyzer,
        "Get short URL 0 612 A woman and child were killed after gunmen shelled the centre of Damascus.",
        "Shelling/artillery/missile attack",
        "shelled",
    )
    assert r.fatalities is None or r.fatalities.best != 612


def test_is_in_capitals_names_the_islamic_state_and_who_claims_a_bombing_carried_it_out(analyzer: Analyzer) -> None:
    for text, trigger in (
        ("IS car bomb kills 20 in the east of Deir Ezzor city.", "car bomb"),
        ("A car bomb claimed by IS killed 20 people in Deir Ezzor on Friday.", "car bomb"),
    ):
        _, (r,) = run(analyzer, text, "Remote explosive/landmine/IED", trigger)
        a1 = actor(r, "actor1")
        assert a1 is not None and a1.name == "Islamic State", text
    _, (r,) = run(analyzer, "THE BOMB IS BIG and killed 3 people in Homs.", "Remote explosive/landmine/IED", "BOMB")
    assert all((a := actor(r, role)) is None or a.name != "Islamic State" for role in ("actor1", "actor2"))


def test_a_source_at_a_named_command_speaks_and_is_no_party(analyzer: Analyzer) -> None:
    # "a source at Homs Police Command": the police are who speaks, named with their city
    _, (r,) = run(
        analyzer,
        "According to a source at Homs Police Command, three people were killed when rockets fired by "
        "militants hit the al-Waer neighbourhood.",
        "Shelling/artillery/missile attack",
        "rockets fired",
    )
    for role in ("actor1", "actor2"):
        a = actor(r, role)
        assert a is None or "Police" not in a.name, role


def test_who_holds_the_ground_is_no_party_to_the_strike(analyzer: Analyzer) -> None:
    # "the government-held west" and "rebel-held areas" say where, not who was struck
    _, (r,) = run(
        analyzer,
        "Four children were killed on Friday in rebel fire on the government-held east of the city.",
        "Shelling/artillery/missile attack",
        "rebel fire",
    )
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is not None and a1.name.startswith("Rebels")
    assert a2 is None or "Government" not in a2.name


def test_a_toll_told_later_is_not_placed_where_people_fled_or_were_treated(analyzer: Analyzer) -> None:
    # the sentences between the strike and the toll name where the families had fled from, where the
    # wounded were treated and where the camp lies relative to a city: none is the strike's place
    text = (
        "An airstrike hit a camp for displaced families on the outskirts of Hazano, north of Idlib city. "
        "The camp had been home to families who fled Maarat al-Numan in December. "
        "Eleven wounded people were treated in hospitals in Idlib city and Binnish. "
        "Many families have since moved to other camps near Sarmada. "
        "The monitor reported that seven people had been killed."
    )
    _, (r,) = run(analyzer, text, "Air/drone strike", "had been killed")
    assert r.location is not None and isinstance(r.location.value, Location)
    assert r.location.value.name == "Hazano"


def test_a_strike_that_claimed_lives_has_a_toll_and_no_speaker(analyzer: Analyzer) -> None:
    # "claimed (the) lives of" tells deaths; the strike is not a speaker making a claim
    text = "An airstrike of the US-led coalition has claimed lives of eight civilians in the town of Tabqa on Friday."
    _, (r,) = run(analyzer, text, "Air/drone strike", "airstrike")
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is not None and a1.name == "International Coalition against the Islamic State"
    assert a2 is not None and a2.name.startswith("Civilians")
    assert r.fatalities is not None and r.fatalities.best == 8


def test_the_side_whose_strike_it_was_after_of(analyzer: Analyzer) -> None:
    # "heavy shelling from the Syrian army": the army fired; "shelling of Islamic State positions": IS was hit
    _, (r,) = run(
        analyzer,
        "Heavy shelling from the Syrian army hit the town of Daraya on Friday.",
        "Shelling/artillery/missile attack",
        "shelling",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name.startswith("Military Forces of Syria")
    _, (r,) = run(
        analyzer,
        "Shelling of Islamic State positions near Raqqa killed twenty militants on Friday.",
        "Shelling/artillery/missile attack",
        "Shelling",
    )
    a1 = actor(r, "actor1")
    assert a1 is None or a1.name != "Islamic State"


def test_civilians_who_died_when_strikes_hit_suffered_them(analyzer: Analyzer) -> None:
    text = (
        "At least 53 civilians including 21 children died on Friday when Russian air strikes hit "
        "residential buildings in a village held by Islamic State militants near Deir Ezzor."
    )
    _, (r,) = run(analyzer, text, "Air/drone strike", "air strikes")
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is not None and a1.name.startswith("Military Forces of Russia")
    assert a2 is not None and a2.name.startswith("Civilians")


def test_who_drops_or_plants_the_weapon_is_the_agent(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "At least 10 people were killed on Friday when barrel bombs were dropped by regime forces on a town in Daraa.",
        "Air/drone strike",
        "barrel bombs",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name.startswith("Military Forces of Syria")
    _, (r,) = run(
        analyzer,
        "Land mines planted by the Daesh terrorist group have killed dozens of civilians in the town of Manbij.",
        "Remote explosive/landmine/IED",
        "Land mines",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name == "Islamic State"


def test_who_holds_a_village_that_was_struck_did_not_strike_it(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Air strikes on Friday hit a village held by Islamic State militants near Deir Ezzor.",
        "Air/drone strike",
        "Air strikes",
    )
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is None or a1.name != "Islamic State"
    assert a2 is not None and a2.name == "Islamic State"


def test_the_deadliest_since_is_a_record_not_a_tally(analyzer: Analyzer) -> None:
    text = (
        "A Russian helicopter was shot down near Saraqib on Friday killing all five people on board, "
        "the biggest loss of life for Moscow since it began its campaign in Syria."
    )
    _, (r,) = run(analyzer, text, "Armed clash", "shot down")
    assert r.fatalities is not None and r.fatalities.best == 5
    _, (r,) = run(
        analyzer,
        "Air strikes have killed 300 people in the city since the offensive began.",
        "Air/drone strike",
        "Air strikes",
    )
    assert r.fatalities is None


def test_whose_checkpoint_was_bombed_did_not_bomb_it(analyzer: Analyzer) -> None:
    text = "The two bombers pulled up at the army checkpoint in Homs in a car, and one blew himself up on Friday."
    _, (r,) = run(analyzer, text, "Suicide bomb", "blew himself up")
    a1, a2 = actor(r, "actor1"), actor(r, "actor2")
    assert a1 is None or not a1.name.startswith("Military Forces of Syria")
    assert a2 is not None and a2.name.startswith("Military Forces of Syria")


def test_targeted_by_an_air_force_read_as_one_event_word(analyzer: Analyzer) -> None:
    # the classifier's trigger takes in "by Russian jets": its "by" still names the agent
    text = "A television crew was targeted by Russian jets near the town of Anadan on Friday."
    _, (r,) = run(analyzer, text, "Air/drone strike", "targeted by Russian jets")
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name.startswith("Military Forces of Russia")


def test_the_next_sentence_in_an_unknown_hamlet_is_another_place(analyzer: Analyzer) -> None:
    # "Kafr Zeitouna" is no gazetteer name: pinned near the towns of the first sentence, it is not them,
    # so its dead are not the first sentence's toll
    text = (
        "A television crew came under fire near Huraytan and Anadan in the Aleppo countryside on Friday. "
        "A reporter was killed in an airstrike in the village of Kafr Zeitouna."
    )
    _, reports = run(analyzer, text, "Attack", "came under fire")
    assert all(r.fatalities is None for r in reports)


def test_who_died_in_a_blast_did_not_set_it_off(analyzer: Analyzer) -> None:
    for text, trigger in (
        ("Thirty soldiers died when a car bomb exploded at a checkpoint in Homs on Friday.", "car bomb"),
        ("Five police officers were killed in a Damascus blast on Friday.", "blast"),
    ):
        _, (r,) = run(analyzer, text, "Remote explosive/landmine/IED", trigger)
        a1, a2 = actor(r, "actor1"), actor(r, "actor2")
        assert a1 is None or a1.inter != 1, text
        assert a2 is not None and a2.inter == 1, text


def test_a_headline_verb_in_title_case_and_a_battle_since_monday_keep_their_tolls(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "Three Terrorist Attacks Target Sayyeda Zeinab Area in Rural Damascus Kill 50.",
        "Remote explosive/landmine/IED",
        "Attacks",
    )
    assert r.fatalities is not None and r.fatalities.best == 50
    text = "Kurdish-led forces advanced into the city of Tabqa and killed 47 militants there since Monday."
    _, (r,) = run(analyzer, text, "Armed clash", "killed")
    assert r.fatalities is not None and r.fatalities.best == 47


def test_where_someone_spoke_is_not_where_it_happened(analyzer: Analyzer) -> None:
    text = "Officials told a news conference in Damascus that jets struck a convoy in Palmyra on Friday."
    _, (r,) = run(analyzer, text, "Air/drone strike", "struck")
    assert r.location is not None and isinstance(r.location.value, Location)
    assert r.location.value.name == "Tadmur"  # Palmyra, as GeoNames names it
    text = "Coalition jets struck a convoy on Friday, the minister said in prepared remarks at the Pentagon."
    _, (r,) = run(analyzer, text, "Air/drone strike", "struck")
    assert r.location is None or getattr(r.location.value, "name", None) != "Pentagon"


def test_who_the_dead_fought_acted_against_them(analyzer: Analyzer) -> None:
    for text, trigger, side in (
        (
            "Another five rebel fighters were killed in the clashes that erupted with government forces in western Aleppo.",
            "killed",
            "Military Forces of Syria",
        ),
        (
            "Two soldiers were killed in fierce fighting with Islamic State militants near Palmyra.",
            "killed",
            "Islamic State",
        ),
    ):
        _, (r,) = run(analyzer, text, "Armed clash", trigger)
        a1, a2 = actor(r, "actor1"), actor(r, "actor2")
        assert a1 is not None and a1.name.startswith(side), text
        assert a2 is not None and a2.name != a1.name, text


@pytest.mark.parametrize(
    ("text", "trigger", "sub", "toll"),
    [
        ("A Syrian air strike killed 17 militants and a child on Saturday.", "air strike", "Air/drone strike", 18),
        (
            "Ramadan al-Sabta alongside nine of his comrades were killed in a battle with army troops.",
            "battle",
            "Armed clash",
            10,
        ),
        (
            "A woman and child were killed after terrorists shelled the centre of Damascus.",
            "shelled",
            "Shelling/artillery/missile attack",
            2,
        ),
        # a leader and his men listed "as well as": six dead
        (
            "The Syrian army killed a terrorist commander as well as five of his entourage in Qalamoun.",
            "killed",
            "Armed clash",
            6,
        ),
        # the one listed beside the count must be among the dead
        (
            "At least 20 people were killed and a child was wounded in the shelling.",
            "shelling",
            "Shelling/artillery/missile attack",
            20,
        ),
    ],
)
def test_one_more_person_listed_beside_a_count(
    analyzer: Analyzer, text: str, trigger: str, sub: str, toll: int
) -> None:
    _, (r,) = run(analyzer, text, sub, trigger)
    assert r.fatalities is not None and r.fatalities.best == toll


def test_people_a_strike_killed_are_civilians_but_not_in_a_battle(analyzer: Analyzer) -> None:
    text = "An airstrike hit a field hospital in the town of Ihsim in Idlib province killing three people."
    _, (r,) = run(analyzer, text, "Air/drone strike", "airstrike")
    a2 = actor(r, "actor2")
    assert a2 is not None and a2.name == "Civilians (Syria)"
    text = "At least 40 people were killed in clashes between rebels and the army in Aleppo."
    _, (r,) = run(analyzer, text, "Armed clash", "clashes")
    a2 = actor(r, "actor2")
    assert a2 is None or not a2.name.startswith("Civilians")


def test_a_states_forces_unnamed_are_those_of_the_country_it_happened_in(analyzer: Analyzer) -> None:
    # an article about Syria, with one sentence on Iraq
    text = (
        "U.S.-led coalition aircraft unleashed a series of airstrikes on Raqqa in eastern Syria on Sunday. "
        "The Syrian Observatory for Human Rights said the strikes in Syria killed ten militants. "
        "Fighting has raged in Hassakeh in Syria since IS attacked neighborhoods held by Syrian government troops. "
        "In Iraq a Defense Ministry statement said government forces repelled an ISIS attack Sunday morning on the "
        "town of Haditha in Anbar province."
    )
    _, (r,) = run(analyzer, text, "Armed clash", "repelled")
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name.startswith("Military Forces of Iraq")


def test_a_date_in_a_relative_clause_does_not_date_the_next_sentence(analyzer: Analyzer) -> None:
    text = (
        "Air raids hit numerous towns in the Aleppo countryside including Urum al-Kubra where a deadly attack "
        "on an aid convoy took place on 19 September. Clashes also broke out in several districts of Aleppo."
    )
    _, (r,) = run(analyzer, text, "Armed clash", "Clashes", anchor=date(2016, 10, 7))
    assert when(r).start == date(2016, 10, 7)


def test_the_speakers_own_forces_span_starts_at_the_possessive(analyzer: Analyzer) -> None:
    # "units" holds "its": the span is the possessive's, not a piece of the noun
    text, (r,) = run(
        analyzer,
        "The Turkish Defence Ministry said its units had shelled army positions near Saraqib in Syria.",
        "Shelling/artillery/missile attack",
        "shelled",
    )
    assert r.actor1 is not None
    assert text[r.actor1.start : r.actor1.end] == "its units"


def test_the_other_half_of_a_contrast_keeps_its_places_and_toll(analyzer: Analyzer) -> None:
    # the withdrawal is at Kafr Nouran; the 12 dead are those of the shelling told after "while"
    text, (r,) = run(
        analyzer,
        "Opposition fighters withdrew from Kafr Nouran in the western countryside of Aleppo on Thursday, while "
        "regime shelling on the nearby town of Atarib killed 12 civilians.",
        "Non-violent transfer of territory",
        "withdrew",
    )
    assert r.fatalities is None
    assert r.location is not None and text[r.location.start : r.location.end] == "Kafr Nouran"


def test_the_place_a_side_withdrew_from_is_the_event_s(analyzer: Analyzer) -> None:
    # "from" after the event word names where it happened, not where people came from
    text, (r,) = run(
        analyzer,
        "Rebels pulled out of Kafr Nouran in the western countryside of Aleppo on Thursday.",
        "Non-violent transfer of territory",
        "pulled",
    )
    assert r.location is not None and text[r.location.start : r.location.end] == "Kafr Nouran"


def test_the_side_an_attack_came_from_carried_it_out(analyzer: Analyzer) -> None:
    _, (r,) = run(
        analyzer,
        "The chemical attack on Ghouta which the United States says came from Assads forces killed 1400 people.",
        "Chemical weapon",
        "chemical attack",
    )
    a1 = actor(r, "actor1")
    assert a1 is not None and a1.name.startswith("Military Forces of Syria")


def test_the_date_a_page_opens_with_is_its_publication_not_an_event_day(analyzer: Analyzer) -> None:
    # the headline's event is dated by the article (an unnamed day), and the sentence after it
    # does not take the dateline as the day it names
    text = (
        "Saturday 23 April 2016 Regime bombing of Aleppo goes on. The air force continues to hit residential "
        "areas in the Aleppo neighborhoods of Bustan al-Qasr."
    )
    _, (r,) = run(analyzer, text, "Air/drone strike", "hit", anchor=date(2016, 4, 23))
    assert r.date is not None and r.date.start < 0 and when(r).start == date(2016, 4, 23)


def test_a_date_that_names_the_event_word_is_its_date(analyzer: Analyzer) -> None:
    # "a March 16 airstrike" told in a report of Tuesday: the strike was on March 16 (and is
    # background for an article of April 18, so no event of its own)
    _, (r,) = run(
        analyzer,
        "Activists said on Tuesday that a March 16 airstrike killed dozens of people near Aleppo.",
        "Air/drone strike",
        "airstrike",
        anchor=date(2017, 3, 20),
    )
    assert when(r).start == date(2017, 3, 16)


@pytest.mark.parametrize(
    ("text", "blamed"),
    [
        ("Washington blames the Syrian government for the attack.", "Government of Syria"),
        ("The attack that the West blames on Syria President Bashar al-Assads forces killed 87.", "Military Forces"),
        ("The opposition accused government forces of killing 30 people in Ghouta.", "Military Forces"),
        ("The monitor held the Islamic State responsible for the bombing.", "Islamic State"),
        ("Fabius said there was a chemical massacre and that the Assad regime is responsible.", "Military Forces"),
        # no blame: talks held, an accusation of no one, a group that accuses itself of nothing
        ("The army held talks with the rebels on Monday.", None),
        ("The rebels accused the government on Monday.", None),
    ],
)
def test_the_actor_a_sentence_blames(analyzer: Analyzer, text: str, blamed: str | None) -> None:
    art = Article("t", "test", "text", text)
    out = analyzer.analyze(art, ANCHOR)
    from fogwatch.events.arguments import blamed_actor

    got = blamed_actor(text, 0, len(text), out.mentions)
    assert (got.value.name if got is not None else None) == blamed or (  # type: ignore[union-attr]
        blamed is not None and got is not None and got.value.name.startswith(blamed)  # type: ignore[union-attr]
    )
