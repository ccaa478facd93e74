"""Fusion of claims into events: same event across outlets, copies counted once, tolls side by side."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fogwatch.events.fuse import (
    ArticleInfo,
    build_event,
    cluster,
    clusters_with_reasons,
    conservative,
    figures_of,
    places_compatible,
)
from fogwatch.model import ActorRef, Arg, Claim, EventReport, Fatalities, Location, TimeValue

SAA = ActorRef("Military Forces of Syria (2000-)", 1, "SY")
HTS = ActorRef("HTS: Hayat Tahrir al-Sham", 2, "SY")
NLF = ActorRef("NLF: National Front for Liberation", 2, "SY")
TURKEY = ActorRef("Military Forces of Turkey (2016-)", 8, "TR")
CIVILIANS = ActorRef("Civilians (Syria)", 7, "SY")
KAFR_NOURAN = Location("Kafr Nouran", 36.19, 36.93, "SY", "Aleppo", geonameid=1)
KAFR_NOURAN_2 = Location("Kafr Naoran", 36.195, 36.935, "SY", "Aleppo", geonameid=2)  # another spelling
ATARIB = Location("Atarib", 36.14, 36.83, "SY", "Aleppo", geonameid=3)
SARAQIB = Location("Saraqib", 35.86, 36.80, "SY", "Idlib", geonameid=4)


def day(d: date) -> Arg:
    return Arg(0, 5, TimeValue(d, d, "day", True, d.month, d.day))


def claim(
    cid: str,
    article: str,
    sub: str = "Government regains territory",
    etype: str = "Battles",
    where: Location | None = KAFR_NOURAN,
    when: date | None = date(2020, 2, 13),
    a1: ActorRef | None = SAA,
    a2: ActorRef | None = HTS,
    toll: Fatalities | None = None,
    certainty: str = "attributed",
    speaker: str = "military sources",
    speaker_kind: str = "party",
    start: int = 0,
    kind: str = "event",
) -> Claim:
    report = EventReport(
        sub,
        etype,
        0.9,
        actor1=Arg(0, 3, a1) if a1 else None,
        actor2=Arg(4, 7, a2) if a2 else None,
        location=Arg(8, 12, where) if where else None,
        date=day(when) if when else None,
        fatalities=toll,
    )
    return Claim(
        cid,
        article,
        start,
        start + 10,
        "",
        speaker,
        speaker_kind,
        certainty,
        kind=kind,
        event=report,  # type: ignore[arg-type]
    )


INFOS = {
    "fd1": ArticleInfo("Frontline Dispatch", "s1", "Frontline Dispatch"),
    "gcw1": ArticleInfo("Global Conflict Wire", "s2", "Global Conflict Wire"),
    "mr1": ArticleInfo("Multipolar Review", "s1", "Frontline Dispatch"),  # a copy of fd1
    "lm1": ArticleInfo("Levant Monitor", "s3", "Levant Monitor"),
}


def test_same_event_from_three_outlets_is_one_event_and_copies_count_once() -> None:
    claims = [
        claim("c1", "fd1", toll=Fatalities(60, 60, None, by_party=True)),
        claim("c2", "mr1", toll=Fatalities(60, 60, None, by_party=True)),
        claim("c3", "gcw1", where=KAFR_NOURAN_2, toll=Fatalities(5, 5, 5), speaker="activists", speaker_kind="local"),
    ]
    groups = cluster(claims, INFOS)
    assert len(groups) == 1
    ev = build_event(groups[0], INFOS)
    assert ev.sub_event_type == "Government regains territory"
    assert ev.independent_sources == 2  # the Multipolar Review copy is Frontline Dispatch's story
    assert ev.sources == ["Frontline Dispatch", "Global Conflict Wire", "Multipolar Review"]
    assert ev.status == "contested"  # 60 against 5
    assert ev.fatalities is not None and ev.fatalities.best == 5 and ev.fatalities.high == 60
    assert not ev.fatalities.by_party
    by_source = {f.source: f for f in ev.figures}
    assert by_source["military sources (Frontline Dispatch)"].by_party
    assert by_source["activists (Global Conflict Wire)"].best == 5
    assert "Kafr Nouran" in ev.notes and "13 February 2020" in ev.notes


def test_different_places_dates_types_or_actors_stay_apart() -> None:
    base = claim("c1", "fd1")
    other_place = claim("c2", "gcw1", where=SARAQIB)
    other_day = claim("c3", "gcw1", when=date(2020, 2, 20))
    other_type = claim("c4", "gcw1", sub="Peaceful protest", etype="Protests", a1=None, a2=None)
    other_actors = claim("c5", "gcw1", a1=TURKEY, a2=NLF)
    groups = cluster([base, other_place, other_day, other_type, other_actors], INFOS)
    assert len(groups) == 5


def test_next_day_report_joins_and_a_strike_supporting_a_battle_is_an_event_of_its_own() -> None:
    # the air strike is an event apart from the battle it supports, as our real gold codes it
    battle = claim("c1", "fd1")
    next_day = claim("c2", "gcw1", when=date(2020, 2, 14))
    strike = claim("c3", "lm1", sub="Air/drone strike", etype="Explosions/Remote violence", a2=None)
    groups = cluster([battle, next_day, strike], INFOS)
    assert sorted(sorted(c.id for c in g) for g in groups) == [["c1", "c2"], ["c3"]]
    # the strike that killed civilians is one event with the attack on them
    attack = claim("c4", "lm1", sub="Attack", etype="Violence against civilians", a1=None, a2=None, start=50)
    assert len(cluster([strike, attack], INFOS)) == 1


def test_one_sentence_naming_two_villages_gives_two_events() -> None:
    a = claim("c1", "fd1", where=KAFR_NOURAN, start=100)
    b = claim("c2", "fd1", where=KAFR_NOURAN_2, start=100)  # same statement, second place
    assert len(cluster([a, b], INFOS)) == 2


def test_claim_without_place_joins_an_event_of_its_own_article_only() -> None:
    placed = claim("c1", "fd1", toll=Fatalities(7, 7, 7))
    unplaced_same = claim("c2", "fd1", where=None, start=200, toll=Fatalities(40, 40, None, by_party=True))
    unplaced_other = claim("c3", "lm1", where=None, start=50)
    groups = sorted(cluster([placed, unplaced_same, unplaced_other], INFOS), key=len)
    assert [len(g) for g in groups] == [1, 2]


def test_status_single_source_and_corroborated() -> None:
    one = build_event([claim("c1", "fd1"), claim("c2", "mr1")], INFOS)
    assert one.status == "single-source" and one.independent_sources == 1
    two = build_event([claim("c1", "fd1"), claim("c3", "gcw1", speaker_kind="outlet", certainty="asserted")], INFOS)
    assert two.status == "corroborated" and two.independent_sources == 2
    # a second outlet that flags its report as unconfirmed does not corroborate it
    weak = build_event([claim("c1", "fd1"), claim("c4", "lm1", certainty="unconfirmed")], INFOS)
    assert weak.status == "single-source"
    denied = build_event([claim("c1", "fd1"), claim("c5", "lm1", certainty="denied")], INFOS)
    assert denied.status == "contested"


def test_conservative_toll_is_the_lowest_and_marked_when_only_a_party_gives_it() -> None:
    lower_party = [
        claim("c1", "fd1", toll=Fatalities(40, 40, None)),
        claim("c2", "lm1", toll=Fatalities(7, 7, 7, by_party=True), speaker="an NLF commander"),
    ]
    fat = conservative(figures_of(lower_party, INFOS))
    assert fat is not None and (fat.best, fat.low, fat.high, fat.by_party) == (7, 7, 40, True)


def test_conservative_toll_with_a_neutral_figure() -> None:
    claims = [
        claim("c1", "fd1", toll=Fatalities(40, 40, None, by_party=True)),
        claim("c2", "lm1", toll=Fatalities(7, 7, 9), speaker="an NLF commander"),
    ]
    figs = figures_of(claims, INFOS)
    fat = conservative(figs)
    assert fat is not None and (fat.best, fat.low, fat.high) == (7, 7, 40)
    only_party = conservative(figures_of(claims[:1], INFOS))
    assert only_party is not None and only_party.best == 40 and only_party.by_party


def test_denied_figure_is_not_counted() -> None:
    claims = [claim("c1", "fd1", toll=Fatalities(9, 9, 9)), claim("c2", "lm1", toll=Fatalities(0), certainty="denied")]
    assert [f.best for f in figures_of(claims, INFOS)] == [9]


def test_places_compatible_by_precision() -> None:
    near = Location("Atarib", 36.14 + 0.2, 36.83, "SY", geo_precision=2, relation="near")
    assert places_compatible(ATARIB, near)  # 22 km, one only placed near the town
    far_village = Location("Elsewhere", 36.14 + 0.2, 36.83, "SY", geonameid=99)
    assert not places_compatible(ATARIB, far_village)  # two villages 22 km apart


def test_violence_against_civilians_needs_compatible_actors() -> None:
    shelling = claim(
        "c1",
        "fd1",
        sub="Shelling/artillery/missile attack",
        etype="Explosions/Remote violence",
        where=ATARIB,
        a2=CIVILIANS,
    )
    attack = claim("c2", "lm1", sub="Attack", etype="Violence against civilians", where=ATARIB, a2=CIVILIANS)
    assert len(cluster([shelling, attack], INFOS)) == 1


def test_victims_and_attacker_told_apart_are_one_strike() -> None:
    """'Six civilians were killed when warplanes struck Atarib' and 'Russian warplanes carried out
    the raids': civilians are a kind of people, not a party that tells two strikes apart."""
    russia = ActorRef("Military Forces of Russia (2000-)", 8, "RU")
    strike = "Air/drone strike"
    victims = claim("c1", "lm1", sub=strike, etype="Explosions/Remote violence", where=ATARIB, a1=None, a2=CIVILIANS)
    attacker = claim(
        "c2", "lm1", sub=strike, etype="Explosions/Remote violence", where=ATARIB, a1=russia, a2=None, start=200
    )
    other = claim("c3", "gcw1", sub=strike, etype="Explosions/Remote violence", where=ATARIB, a1=russia, a2=HTS)
    assert len(cluster([victims, attacker, other], INFOS)) == 1


SYRIA = Location("Syria", 35.0, 38.0, "SY", None, geonameid=163843, feature="A.PCLI")


def test_an_undated_claim_joins_only_its_own_article() -> None:
    # Two outlets tell of strikes on Atarib, one with a day, the other with none: nothing says
    # they are the same strikes, so they stay two events (an undated claim once gathered
    # 79 articles' events over five years into one).
    claims = [
        claim("c1", "fd1", sub="Air/drone strike", etype="Explosions/Remote violence", where=ATARIB),
        claim("c2", "gcw1", sub="Air/drone strike", etype="Explosions/Remote violence", where=ATARIB, when=None),
        claim(
            "c3", "gcw1", sub="Air/drone strike", etype="Explosions/Remote violence", where=ATARIB, when=None, start=40
        ),
    ]
    groups = sorted(sorted(c.id for c in g) for g in cluster(claims, INFOS))
    assert groups == [["c1"], ["c2", "c3"]]


def test_a_dated_claim_does_not_join_an_undated_event_of_another_article() -> None:
    claims = [
        claim("c2", "gcw1", sub="Air/drone strike", etype="Explosions/Remote violence", where=ATARIB, when=None),
        claim("c1", "fd1", sub="Air/drone strike", etype="Explosions/Remote violence", where=ATARIB),
    ]
    assert len(cluster(claims, INFOS)) == 2


def test_sharing_only_a_country_is_not_the_same_event() -> None:
    claims = [
        claim("c1", "fd1", where=SYRIA, a1=None, a2=None),
        claim("c2", "gcw1", where=SYRIA, a1=None, a2=None),
    ]
    assert len(cluster(claims, INFOS)) == 2


def test_state_forces_are_named_for_the_event_date() -> None:
    undated = ActorRef("Military Forces of Syria", 1, "SY")
    ev = build_event([claim("c1", "fd1", when=date(2016, 7, 5), a1=undated, a2=CIVILIANS)], INFOS)
    assert ev.actor1 == "Military Forces of Syria (2000-)" and ev.inter1 == 1


def test_one_source_keeps_its_highest_figure_and_sources_keep_the_lowest() -> None:
    # The monitor gives 16 for the town and then 22 for the whole area it belongs to: its figure
    # for the event is 22 (16 is a part); a party claiming 5 is another source, and the
    # conservative toll is the lowest between sources.
    claims = [
        claim("c1", "lm1", toll=Fatalities(16, 16, 16), speaker="the Syrian Observatory", speaker_kind="media"),
        claim("c2", "lm1", toll=Fatalities(22, 22, 22), speaker="the monitor", speaker_kind="media", start=40),
        claim("c3", "lm1", toll=Fatalities(5, 5, 5, by_party=True), speaker="the army", speaker_kind="party", start=80),
    ]
    figs = {f.source: f for f in figures_of(claims, INFOS)}
    monitor = [f for f in figs.values() if f.best in (16, 22)]
    assert len(monitor) == 1 and monitor[0].best == 22 and (monitor[0].high or 0) >= 22
    ev = build_event(claims, INFOS)
    assert ev.fatalities is not None and ev.fatalities.best == 5 and ev.status == "contested"


def test_two_media_one_report_names_are_two_sources() -> None:
    # The monitor's 10 for the raids (told of "northwestern Syria") and a local media centre's 6 for
    # the hospital are two sources' figures: the centre's place-bound 6 does not hide the monitor's
    # 10, and "the Britain-based monitor" is the Observatory, not the centre.
    where = Location("Syria", 35.0, 38.0, "SY", None, geonameid=9)
    claims = [
        claim(
            "c1",
            "lm1",
            where=where,
            toll=Fatalities(10, 10, 10),
            speaker="the Syrian Observatory",
            speaker_kind="media",
        ),
        claim(
            "c2",
            "lm1",
            toll=Fatalities(12, 12, 12),
            speaker="The Britain-based monitor",
            speaker_kind="media",
            start=30,
        ),
        claim(
            "c3", "lm1", toll=Fatalities(6, 6, None), speaker="The Idlib Media Center", speaker_kind="media", start=60
        ),
    ]
    figs = {f.source: f for f in figures_of(claims, INFOS)}
    assert figs["the Syrian Observatory (Levant Monitor)"].best == 12
    assert figs["the Syrian Observatory (Levant Monitor)"].claim_ids == ["c1", "c2"]
    assert figs["The Idlib Media Center (Levant Monitor)"].best == 6


def test_in_one_report_the_whole_toll_stands_and_outlets_keep_the_lowest() -> None:
    # One outlet's own 13 and the 4 a doctor gives for one hospital in the same report: the report's
    # toll is 13; a second outlet's 9 makes the event's toll 9, ACLED's conservative rule between outlets.
    one = [
        claim("c1", "lm1", toll=Fatalities(13, 13, 13), speaker_kind="outlet", speaker="Levant Monitor"),
        claim("c2", "lm1", toll=Fatalities(4, 4, 4), speaker="a doctor", speaker_kind="local", start=60),
    ]
    ev = build_event(one, INFOS)
    assert ev.fatalities is not None and (ev.fatalities.best, ev.fatalities.low, ev.fatalities.high) == (13, 4, 13)
    two = build_event([*one, claim("c3", "gcw1", toll=Fatalities(9, 9, 9), speaker_kind="outlet")], INFOS)
    assert two.fatalities is not None and two.fatalities.best == 9


def test_a_toll_told_for_several_places_yields_to_one_told_for_the_place_alone() -> None:
    aleppo = Location("Aleppo", 36.20, 37.16, "SY", "Aleppo", geonameid=10, feature="P.PPLA")
    shared = Fatalities(4, 4, 4, shared=True)  # "eight civilians killed in Aleppo and Homs", Aleppo's half
    claims = [
        claim(
            "c1", "lm1", where=aleppo, toll=shared, speaker_kind="outlet", speaker="Levant Monitor", a1=None, a2=None
        ),
        claim(
            "c2",
            "lm1",
            where=aleppo,
            toll=Fatalities(6, 6, 6),
            speaker_kind="outlet",
            speaker="Levant Monitor",
            a1=None,
            a2=None,
            start=60,
        ),
    ]
    ev = build_event(claims, INFOS)
    assert ev.fatalities is not None and ev.fatalities.best == 6
    # told only for both places, the place keeps its part
    ev = build_event(claims[:1], INFOS)
    assert ev.fatalities is not None and ev.fatalities.best == 4


def test_in_one_article_a_strike_by_each_side_is_two_events() -> None:
    # rebels shelling a district and the army shelling rebels in the same city that day share a
    # party (the rebels), but each strike has its own perpetrator
    shelling = {"sub": "Shelling/artillery/missile attack", "etype": "Explosions/Remote violence"}
    by_rebels = claim("c1", "lm1", a1=HTS, a2=CIVILIANS, **shelling)  # type: ignore[arg-type]
    by_army = claim("c2", "lm1", a1=SAA, a2=HTS, start=50, **shelling)  # type: ignore[arg-type]
    assert len(cluster([by_rebels, by_army], INFOS)) == 2
    # the same army strike told by another outlet, naming its victims differently, is one event
    again = claim("c3", "gcw1", a1=SAA, a2=None, **shelling)  # type: ignore[arg-type]
    assert len(cluster([by_army, again], INFOS)) == 1


def test_the_strikes_in_syria_are_the_articles_own_event_told_loosely() -> None:
    strike = {"sub": "Air/drone strike", "etype": "Explosions/Remote violence", "a1": SAA, "a2": CIVILIANS}
    placed = claim("c1", "lm1", where=SARAQIB, toll=Fatalities(7, 7, 7), **strike)  # type: ignore[arg-type]
    loose = claim("c2", "lm1", where=SYRIA, toll=Fatalities(300, 300, 300), start=60, **strike)  # type: ignore[arg-type]
    groups = cluster([placed, loose], INFOS)
    assert len(groups) == 1
    ev = build_event(groups[0], INFOS)
    # the toll told of the whole country is not this strike's
    assert ev.fatalities is not None and ev.fatalities.best == 7


def _worded(c: Claim, text: str, word: str) -> Claim:
    """The claim told in `text`, its event word `word`."""
    assert c.event is not None
    at = text.index(word)
    return replace(
        c, text=text, end=c.start + len(text), event=replace(c.event, trigger=(c.start + at, c.start + at + len(word)))
    )


def test_an_air_strike_and_rockets_fired_in_one_town_the_same_day_are_two_events() -> None:
    # one outlet's barrel bombs on one side of a town, another's rockets on the other side; a bare
    # "strikes" could be either and joins the first it meets
    kw = {"etype": "Explosions/Remote violence", "a1": None, "a2": None}
    air = _worded(claim("c1", "fd1", sub="Air/drone strike", **kw), "A barrel bomb hit the market.", "barrel bomb")
    ground = _worded(
        claim("c2", "gcw1", sub="Shelling/artillery/missile attack", **kw), "Rockets hit the west.", "Rockets"
    )
    also_air = _worded(claim("c3", "lm1", sub="Air/drone strike", **kw), "Warplanes struck the town.", "Warplanes")
    groups = cluster([air, ground, also_air], INFOS)
    assert sorted(sorted(c.id for c in g) for g in groups) == [["c1", "c3"], ["c2"]]
    bare = _worded(claim("c4", "lm1", sub="Shelling/artillery/missile attack", **kw), "Strikes hit it.", "Strikes")
    assert len(cluster([air, bare], INFOS)) == 1


def test_an_event_placed_only_in_the_country_is_the_articles_one_event_at_a_town() -> None:
    # "US strikes on the jihadists' stronghold in Syria" and, two sentences on, "the raids on Saraqib"
    # in the same article; another outlet's strike on Saraqib founded the event the day before
    kw = {"sub": "Air/drone strike", "etype": "Explosions/Remote violence", "a1": None, "a2": None}
    vague = claim("c1", "fd1", where=SYRIA, when=date(2020, 2, 14), **kw)
    there = claim("c2", "fd1", where=SARAQIB, when=date(2020, 2, 14), start=40, **kw)
    other = claim("c3", "gcw1", where=SARAQIB, when=date(2020, 2, 13), **kw)
    groups = clusters_with_reasons([vague, there, other], INFOS)
    assert [sorted(c.id for c in g) for g, _ in groups] == [["c1", "c2", "c3"]]
    (why,) = [w for g, w in groups]
    assert "placed only in a country" in why["c1"]
    # with two such events in the article, which one "in Syria" meant is unknown: not Saraqib's
    also = claim("c4", "fd1", where=ATARIB, when=date(2020, 2, 14), start=80, **kw)
    groups = clusters_with_reasons([vague, there, other, also], INFOS)
    assert not any({"c1", "c2"} <= {c.id for c in g} for g, _ in groups)
    # nor does it join an event of another kind, or one its articles do not tell
    protest = claim("c5", "fd1", "Peaceful protest", "Protests", SARAQIB, date(2020, 2, 14), None, None, start=40)
    assert len(clusters_with_reasons([vague, protest], INFOS)) == 2
    assert len(clusters_with_reasons([vague, other], INFOS)) == 2


def test_a_blast_some_source_tells_was_a_suicide_bombing_is_one() -> None:
    # the lead says "a double suicide bomb attack"; the headline and the governor say "bombs", "blasts"
    kw = {"etype": "Explosions/Remote violence", "a1": None, "a2": None}
    claims = [
        claim("c1", "fd1", "Suicide bomb", start=0, **kw),
        claim("c2", "fd1", "Remote explosive/landmine/IED", start=40, **kw),
        claim("c3", "fd1", "Remote explosive/landmine/IED", start=80, **kw),
    ]
    assert build_event(claims, INFOS).sub_event_type == "Suicide bomb"
    # with no such account, bombs are bombs
    assert build_event(claims[1:], INFOS).sub_event_type == "Remote explosive/landmine/IED"


def test_an_event_told_in_a_city_and_in_the_country_is_placed_in_the_city() -> None:
    # more claims name only "Syria" than name Damascus, but the country is the vaguer place
    damascus = Location(
        "Damascus", 33.51, 36.29, "SY", "Damascus", geonameid=10, feature="P.PPLC", population=1_569_394
    )
    syria = Location("Syria", 35.0, 38.0, "SY", None, geonameid=11, feature="A.PCLI", population=16_906_283)
    claims = [claim("c0", "fd1", sub="Chemical weapon", etype="Explosions/Remote violence", where=damascus)] + [
        claim(f"c{i}", "fd1", sub="Chemical weapon", etype="Explosions/Remote violence", where=syria, start=20 * i)
        for i in range(1, 4)
    ]
    ev = build_event(claims, INFOS)
    assert ev.location is not None and ev.location.name == "Damascus"


def test_a_state_s_government_and_its_army_are_one_side_across_outlets() -> None:
    gov = ActorRef("Government of Syria (2000-)", 1, "SY")
    claims = [
        claim("g1", "fd1", sub="Chemical weapon", etype="Explosions/Remote violence", a1=gov, a2=CIVILIANS),
        claim("g2", "gcw1", sub="Chemical weapon", etype="Explosions/Remote violence", a1=SAA, a2=CIVILIANS),
    ]
    assert len(cluster(claims, INFOS)) == 1
    # a named armed group is still another side
    claims[1] = claim("g2", "gcw1", sub="Chemical weapon", etype="Explosions/Remote violence", a1=HTS, a2=NLF)
    assert len(cluster(claims, INFOS)) == 2


def test_a_figure_the_report_hedges_does_not_raise_one_it_gives_plainly() -> None:
    from fogwatch.analyze import Analyzer
    from fogwatch.events.fuse import ArticleInfo, figures_of, outlet_figures
    from fogwatch.model import Article

    text = (
        "An airstrike of the US-led coalition has claimed lives of eight civilians in the Syrian city of Al-Tabqah "
        "local media reported Sunday. Other media reports suggest that at least 14 people were killed by the airstrike."
    )
    art = Article("t9", "test/tabqa.txt", "text", text, site="Test Wire", published=date(2017, 4, 30))
    claims = [c for c in Analyzer().analyze(art, art.published).claims if c.event is not None]
    assert [c.certainty for c in claims] == ["attributed", "hedged"]
    infos = {"t9": ArticleInfo("Test Wire", None, "Test Wire")}
    figs = outlet_figures(figures_of(claims, infos), claims, infos)
    assert [f.best for f in figs] == [8]


def test_one_article_giving_the_same_toll_twice_tells_one_event() -> None:
    # the headline's "raids" (read as a clash, by the US) and the lead's air strikes (by the
    # coalition) with the same 22 dead are one event; another article's clash the same day at the
    # same place is not pulled in by the headline's wording
    us = ActorRef("Military Forces of the United States (2009-)", 8, "US")
    coalition = ActorRef("International Coalition against the Islamic State", 8, None)
    raqqa = Location("Raqqa", 35.95, 39.01, "SY", "Raqqa", geonameid=10)
    claims = [
        claim("h1", "lm1", sub="Armed clash", where=None, a1=us, a2=CIVILIANS, toll=Fatalities(22, 22, 22)),
        claim(
            "l1",
            "lm1",
            sub="Air/drone strike",
            etype="Explosions/Remote violence",
            where=raqqa,
            a1=coalition,
            a2=CIVILIANS,
            toll=Fatalities(22, 22, 22),
            start=40,
        ),
        claim("o1", "gcw1", sub="Armed clash", where=raqqa, a1=SAA, a2=HTS, toll=Fatalities(4, 4, 4)),
    ]
    groups = sorted(sorted(c.id for c in g) for g in cluster(claims, INFOS))
    assert groups == [["h1", "l1"], ["o1"]]
    # a small toll told twice says nothing: two villages' one dead each stay two events
    one = [
        claim(
            "a",
            "lm1",
            sub="Air/drone strike",
            etype="Explosions/Remote violence",
            where=ATARIB,
            a1=SAA,
            a2=CIVILIANS,
            toll=Fatalities(1, 1, 1),
        ),
        claim("b", "lm1", sub="Armed clash", where=KAFR_NOURAN, a1=SAA, a2=HTS, toll=Fatalities(1, 1, 1), start=50),
    ]
    assert len(cluster(one, INFOS)) == 2


def test_one_toll_told_at_a_province_seat_and_at_a_village_of_the_province_is_one_event() -> None:
    # "Over 20 Nusra terrorists killed in Hama" (read as the city) and the body's clash at
    # al-Latamna, 35 km north of it, with the same 20 dead are one event; the same 20 told of a
    # village in another province stay apart
    hama = Location("Hamah", 35.13, 36.76, "SY", "Hama", geonameid=20)
    latamna = Location("al-Latamna", 35.32, 36.62, "SY", "Hama", geonameid=21)
    jisr = Location("Jisr al-Shughur", 35.81, 36.32, "SY", "Idlib", geonameid=22)
    nusra = ActorRef("Jabhat al-Nusra", 2, "SY")

    def clash(cid: str, where: Location, start: int) -> Claim:
        return claim(cid, "lm1", sub="Armed clash", where=where, a2=nusra, toll=Fatalities(20, 20, None), start=start)

    assert len(cluster([clash("h", hama, 0), clash("b", latamna, 60)], INFOS)) == 1
    assert len(cluster([clash("h", hama, 0), clash("b", jisr, 60)], INFOS)) == 2
    # a toll of the same article two or less does not say the two places are one event
    small = [
        replace(c, event=replace(c.event, fatalities=Fatalities(2, 2, None)))
        for c in (clash("h", hama, 0), clash("b", latamna, 60))
    ]
    assert len(cluster(small, INFOS)) == 2


def test_an_undated_headline_lands_with_its_own_body_s_toll_not_another_outlet_s_event_that_week() -> None:
    # the headline is dated only by its article (the days before it); another outlet's shelling of the
    # same city two days before is as close as its own body's, which gives the same ten dead
    aleppo = Location("Aleppo", 36.20, 37.16, "SY", "Aleppo", geonameid=30)
    d = date(2016, 8, 17)

    def shelling(cid: str, article: str, when: date, toll: int, start: int = 0) -> Claim:
        return claim(
            cid,
            article,
            sub="Shelling/artillery/missile attack",
            etype="Explosions/Remote violence",
            where=aleppo,
            when=when,
            a1=HTS,
            a2=CIVILIANS,
            toll=Fatalities(toll, toll, toll),
            start=start,
        )

    other = shelling("o1", "gcw1", date(2016, 8, 15), 6)
    body = shelling("b1", "lm1", d, 10, start=100)
    head = shelling("h1", "lm1", d, 10)
    assert head.event is not None
    inferred = Arg(-1, -1, TimeValue(d, d, "day", True, d.month, d.day))
    head = replace(head, event=replace(head.event, date=inferred))
    groups = sorted(sorted(c.id for c in g) for g in cluster([other, body, head], INFOS))
    assert groups == [["b1", "h1"], ["o1"]]


def test_reports_dated_only_by_articles_published_days_apart_are_two_events() -> None:
    # neither text names a day: each is dated by its article (that day or the three before it)
    def undated(cid: str, article: str, published: date) -> Claim:
        c = claim(cid, article, sub="Armed clash", where=SARAQIB, a2=HTS)
        assert c.event is not None
        when = Arg(-1, -1, TimeValue(published, published, "day", True, published.month, published.day))
        return replace(c, event=replace(c.event, date=when))

    apart = [undated("a", "lm1", date(2016, 5, 28)), undated("b", "gcw1", date(2016, 6, 1))]
    assert len(cluster(apart, INFOS)) == 2
    same_day = [undated("a", "lm1", date(2016, 6, 1)), undated("b", "gcw1", date(2016, 6, 1))]
    assert len(cluster(same_day, INFOS)) == 1
