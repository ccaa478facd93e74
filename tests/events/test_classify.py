"""The event classifier on sentences written for these tests, in the style of news reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from fogwatch.events.classify import BadLexicon, Detection, Lexicon, RuleClassifier
from fogwatch.events.models import load_classifier
from fogwatch.events.typology import SUB_EVENT_TYPES, event_type_of

EVENTS: list[tuple[str, str]] = [
    # the fighting that drove residents out is a clash, not a fight of residents (mob violence)
    ("Armed clash", "The fighting in the area has prompted an exodus of residents towards the border on Friday."),
    # a blast that struck a place is an explosion whatever else the sentence says
    ("Remote explosive/landmine/IED", "The blast on Sunday night struck the border crossing north of the town."),
    ("Remote explosive/landmine/IED", "An explosion hit a crowded market in the old town on Tuesday."),
    ("Remote explosive/landmine/IED", "A local reporter was killed in a car bombing near the city last week."),
    # a claim of responsibility that tells the event in full is the event, attributed
    (
        "Suicide bomb",
        "The group on Monday claimed responsibility for a suicide bombing that killed more than 30 fighters at the crossing.",
    ),
    (
        "Government regains territory",
        "Army units entered the village of Tell Sultan on Sunday evening after the militants fled.",
    ),
    # a manned aircraft brought down: the ground fought the air
    ("Armed clash", "A military helicopter was shot down near the town on Monday, killing all five crew on board."),
    # a group named as fighting another still acts in the sentence's own event
    ("Armed clash", "Rebels fighting the army in the old city killed five soldiers on Sunday."),
    ("Armed clash", "Fighting raged in the eastern districts on Sunday as rebels fought the army."),
    # Battles
    ("Armed clash", "Government troops and rebels clashed for hours on the outskirts of the town on Tuesday."),
    ("Armed clash", "Militants ambushed an army convoy near the border, killing four soldiers."),
    ("Armed clash", "Gunmen attacked a police checkpoint overnight and exchanged fire with officers until dawn."),
    ("Armed clash", "The army said its troops killed 12 insurgents during a raid on their hideout in the forest."),
    ("Armed clash", "Heavy fighting broke out between two rival militias in the south of the city."),
    ("Government regains territory", "Government forces recaptured the town of Alderbrook from the rebels on Sunday."),
    ("Government regains territory", "The army said it had driven the militants out of three villages in the valley."),
    (
        "Government regains territory",
        "Troops retook control of the airport after a week-long offensive by the military.",
    ),
    (
        "Non-state actor overtakes territory",
        "Insurgents seized the district headquarters after government troops fled.",
    ),
    ("Non-state actor overtakes territory", "The rebels captured the strategic hilltop town of Marden late on Friday."),
    ("Non-state actor overtakes territory", "The border town fell to the militants after a two-day assault."),
    # Explosions / remote violence
    (
        "Chemical weapon",
        "Dozens of residents were treated for breathing problems after chlorine gas was dropped on the town.",
    ),
    ("Chemical weapon", "Investigators concluded that sarin had been used in the attack on the village."),
    ("Air/drone strike", "Warplanes struck a market in the rebel-held town, killing at least nine civilians."),
    ("Air/drone strike", "A drone strike hit a car carrying two militant commanders on the highway."),
    ("Air/drone strike", "Air strikes by the coalition destroyed a weapons depot on the edge of the city."),
    ("Suicide bomb", "A suicide bomber blew himself up at the entrance of a mosque during Friday prayers."),
    ("Suicide bomb", "An attacker wearing an explosive vest detonated it among recruits outside the police academy."),
    ("Shelling/artillery/missile attack", "Artillery shells landed in a residential district, wounding five people."),
    ("Shelling/artillery/missile attack", "Rebels fired mortars at the government-held neighbourhood overnight."),
    ("Shelling/artillery/missile attack", "Several rockets were launched at the air base, damaging a hangar."),
    ("Remote explosive/landmine/IED", "A roadside bomb exploded next to a military vehicle, killing two soldiers."),
    ("Remote explosive/landmine/IED", "Three farmers were killed when their tractor hit a landmine near the village."),
    ("Remote explosive/landmine/IED", "A car bomb went off outside the ministry building in the capital."),
    ("Grenade", "Unknown attackers hurled a grenade at a bar, injuring eleven customers."),
    ("Grenade", "A grenade attack on a police patrol wounded three officers in the old town."),
    # Violence against civilians
    ("Sexual violence", "Soldiers raped several women during a search operation in the village, witnesses said."),
    ("Sexual violence", "Fighters of the armed group sexually assaulted girls at the camp for displaced people."),
    ("Attack", "Gunmen stormed the village before dawn and shot dead eight villagers."),
    ("Attack", "Armed men opened fire on worshippers leaving a church, killing five."),
    ("Attack", "A local journalist was shot dead by unidentified gunmen outside his home."),
    ("Abduction/forced disappearance", "Armed men kidnapped 20 students from their boarding school on Thursday night."),
    (
        "Abduction/forced disappearance",
        "The activist was abducted by men in plain clothes and has not been seen since.",
    ),
    # Protests
    ("Peaceful protest", "Thousands of teachers marched through the capital to demand higher wages."),
    ("Peaceful protest", "Residents staged a sit-in outside the governor's office to protest water shortages."),
    ("Peaceful protest", "Students held a peaceful rally on campus against the tuition increase."),
    ("Protest with intervention", "Police fired tear gas to disperse hundreds of protesters outside parliament."),
    ("Protest with intervention", "Police detained dozens of demonstrators who had gathered in the main square."),
    (
        "Excessive force against protesters",
        "Security forces opened fire on peaceful demonstrators, killing three of them.",
    ),
    ("Excessive force against protesters", "Police used live ammunition against protesters, and two marchers died."),
    # Riots
    ("Violent demonstration", "Protesters threw stones at police and set tyres on fire on the main road."),
    ("Violent demonstration", "Rioters torched cars and smashed shop windows after the verdict was announced."),
    ("Mob violence", "An angry mob lynched a man accused of stealing a motorbike."),
    ("Mob violence", "Villagers beat two suspected thieves to death before police arrived."),
    # Strategic developments
    ("Agreement", "The two sides signed a ceasefire agreement in the capital on Monday."),
    ("Agreement", "The government and the rebels exchanged 40 prisoners under a deal brokered by mediators."),
    ("Arrests", "Security forces arrested a senior commander of the armed group in a night raid."),
    ("Arrests", "Police arrested the opposition leader at his home early on Wednesday."),
    ("Change to group/activity", "Two rebel factions announced the formation of a new alliance on Saturday."),
    ("Change to group/activity", "More than 200 fighters defected from the militia to the government side."),
    ("Disrupted weapons use", "Bomb disposal experts defused an explosive device found under a bridge."),
    ("Disrupted weapons use", "Air defences intercepted two drones launched towards the city."),
    ("Disrupted weapons use", "Soldiers found a large cache of weapons and ammunition in a cave."),
    ("Headquarters or base established", "The armed group set up a new base in the hills above the town."),
    ("Headquarters or base established", "Foreign troops established a new observation post near the frontline."),
    ("Looting/property destruction", "Militiamen looted shops and burned dozens of houses in the village."),
    ("Looting/property destruction", "Unidentified men set fire to the local council offices overnight."),
    (
        "Non-violent transfer of territory",
        "The militia withdrew from the town and handed it over to the army without a fight.",
    ),
    ("Non-violent transfer of territory", "Rebels took over the town after government troops pulled out of it."),
    ("Other", "A mass grave containing dozens of bodies was discovered near the former front line."),
    ("Armed clash", "Loyalist fighters thwarted a rebel incursion on the eastern front overnight, a commander said."),
    ("Armed clash", "Tribal forces conducted an incursion into rebel-held hills north of the town on Monday."),
    ("Air/drone strike", "The army bombed insurgent camps in the forest south of the river on Monday."),
    (
        "Shelling/artillery/missile attack",
        "Rebel units fired heavy and medium weapons at residential blocks of the port.",
    ),
    ("Remote explosive/landmine/IED", "Two explosions took place near the central market; their cause was not known."),
]

# ACLED's precedence between related types, and the readings around them.
RULES: list[tuple[str, str]] = [
    ("Chemical weapon", "Helicopters dropped barrels filled with chlorine on the northern suburbs."),
    ("Air/drone strike", "Missiles fired by fighter jets hit a fuel depot near the port."),
    ("Disrupted weapons use", "Police found and defused a roadside bomb on the main road."),
    ("Protest with intervention", "Police arrested 30 protesters during a march against the new law."),
    ("Violent demonstration", "Protesters clashed with police and set fire to a police car."),
    ("Peaceful protest", "Hundreds marched to demand justice for the students killed by police last month."),
    ("Mob violence", "A crowd beat a suspected thief to death in the market."),
    ("Grenade", "Gunmen attacked a bus with grenades, wounding 12 passengers."),
    ("Attack", "Soldiers shot dead a teenager at a checkpoint in the occupied territories."),
    ("Protest with intervention", "Police in St. Louis arrested dozens of protesters outside the courthouse."),
    ("Remote explosive/landmine/IED", "An explosion killed two soldiers on patrol near the border."),
    ("Disrupted weapons use", "Air defences shot down a drone over the capital overnight."),
    ("Government regains territory", "The militants were driven out of the town by the army after three days."),
    ("Non-state actor overtakes territory", "The town was captured by rebels on Tuesday, residents said."),
    ("Armed clash", "Police killed four suspected militants in a shootout at their hideout."),
    # A victim named as a person, by trade or by role, is a civilian target.
    ("Attack", "Unidentified gunmen shot dead a pharmacist outside his shop in the old quarter."),
    ("Attack", "Armed men killed a shopkeeper and a local leader in the market town on Monday."),
    # ... and an armed one (in the trigger phrase, or "a member of the ... forces") makes a clash.
    ("Armed clash", "Unknown gunmen killed a member of the border forces near the river crossing."),
    ("Armed clash", "Government forces fired on the positions of the People's Militia near the canal."),
    # Small arms, or fire going both ways, make heavy weapons part of a clash.
    ("Armed clash", "Troops fired mortars, grenade launchers and small arms at rebel positions near the dam."),
    ("Armed clash", "Monitors recorded 40 explosions in both directions of the line of contact near the mine."),
    ("Armed clash", "The two forces exchanged artillery fire across the river through the night."),
    ("Armed clash", "Monitors recorded 30 bursts of small arms fire near the front line overnight."),
    ("Shelling/artillery/missile attack", "Rebel forces fired grenade launchers at army positions near the farm."),
    ("Shelling/artillery/missile attack", "Observers counted 12 explosions caused by heavy weapons near the airport."),
    ("Suicide bomb", "Attackers set off suicide bombs and exchanged fire with guards outside the hotel."),
    # A fight between the police (or anyone) and unarmed people is mob violence, not a clash.
    ("Mob violence", "Street vendors clashed with municipal police who tried to remove their stalls."),
    ("Mob violence", "Two groups of farmers clashed with sticks and stones over a water channel."),
    ("Armed clash", "Tribal fighters clashed with rival tribesmen over a disputed well, killing two."),
    # A gang trading fire with the police is a clash, not a crime report.
    (
        "Armed clash",
        "Three suspected smugglers died after exchanging fire with soldiers at a checkpoint outside the city.",
    ),
    # Beatings and body counts with signs of violence.
    ("Attack", "Police assaulted a family at their home for breaking the curfew."),
    ("Attack", "Soldiers baton charged traders at the market for not wearing masks."),
    ("Attack", "The body of a young man with gunshot wounds was found by a roadside."),
    # The protest's cause is not an intervention; a disaster as its cause does not undo it.
    ("Peaceful protest", "Journalists held a protest outside the press club against the arrest of their editor."),
    ("Peaceful protest", "Followers of a preacher who was detained last week protested outside the court."),
    ("Peaceful protest", "Villagers blocked the main highway for two hours to demand clean water."),
    ("Peaceful protest", "Flood victims blocked the national road to demand relief supplies."),
    ("Peaceful protest", "Members of Ward No. 4 committee staged a protest demanding lower power bills."),
    ("Peaceful protest", "Taxi drivers held a motorcade through the city to demand financial aid."),
    ("Peaceful protest", "Retired soldiers gathered at the main square in the capital, demanding their pensions."),
    ("Armed clash", "The army said it had repelled a large-scale attack by militants on the village at dawn."),
    # "fortified" as an adjective is no building of defences
    (
        "Air/drone strike",
        "Russian aircraft supported the assault with strikes on fortified positions west of the town.",
    ),
    # military hardware destroyed in a fight is part of the fight, not property destruction
    (
        "Armed clash",
        "The ministry said 40 regime elements had been neutralised near the town and that armoured vehicles had "
        "been destroyed.",
    ),
    ("Peaceful protest", "Market traders blocked the avenue with crates to demonstrate against the new stall fees."),
    ("Peaceful protest", "Supporters of the party gathered in the square and held up banners against the mayor."),
    # a marker of the past inside a relative clause is not the protest's
    (
        "Peaceful protest",
        "Workers of the tannery, which closed down a few years ago, held a protest at the gates on Monday.",
    ),
    (
        "Peaceful protest",
        "Nurses gathered in front of the regional hospital during the minister's tour to demand protective gear.",
    ),
    ("Violent demonstration", "Inmates demonstrated by setting fire to mattresses in the prison yard."),
    # Security measures and movements of armed forces.
    ("Change to group/activity", "The army imposed a curfew on the district after the unrest."),
    ("Change to group/activity", "A joint patrol of foreign troops took place along the highway north of the town."),
    ("Change to group/activity", "Soldiers closed all entrances to the city until further notice."),
    ("Change to group/activity", "Residents formed a night patrol to guard the village against raiders."),
    # Property destruction.
    ("Looting/property destruction", "Settlers uprooted hundreds of vine seedlings on farmland near the village."),
    ("Looting/property destruction", "Armed men stripped the travellers of their phones and money."),
    # What undoes habits or denials stays in its own sentence or clause.
    ("Arrests", "Police arrested 30 activists on Monday ahead of the tenth anniversary of the uprising."),
    ("Air/drone strike", "Warplanes bombed the market of Tel Hamid on Sunday, weeks after previous raids there."),
    ("Peaceful protest", "Hundreds of farmers rallied outside parliament on Monday to demand lower fuel prices."),
]

NOT_EVENTS: list[tuple[str, str]] = [
    ("negation", "The rebels did not attack the convoy, their spokesman insisted."),
    ("future", "Workers will go on strike next week over unpaid wages."),
    ("future", "If the talks fail, the army could resume air strikes in the north."),
    ("man-made disaster", "An explosion at a fireworks warehouse killed eight people."),
    ("border", "Border guards detained 40 people trying to cross the border illegally."),
    ("no armed side", "All the facilitys beds were occupied by men women and children."),
    ("commentary", "What it has delivered so far is a handful of drone strikes, a great deal of rhetoric and a map."),
    ("commentary", "Until now, Ankara has preferred to let its proxies do the fighting while its drones stayed back."),
    ("crime", "Police killed three suspected robbers in a shootout after a bank heist."),
    ("threat", "The group threatened to attack government buildings if its demands are not met."),
    ("threat", "The commander vowed to retaliate against the army for the killing of his men."),
    ("future", "The army will launch a new offensive against the rebels next month."),
    ("future", "The ministry plans to deploy more troops along the border next year."),
    ("future", "Officials fear that fighting could break out again after the elections."),
    ("negation", "No clashes were reported in the city on Sunday, police said."),
    ("negation", "The army denied that its aircraft had bombed the village."),
    ("negation", "For three years the regime has been unable to regain control of the eastern suburbs."),
    ("future", "The commanders spoke of their determination to retake the town from the rebels."),
    ("future", "Acting together would avoid the use of force and not increase the number of people killed."),
    ("opinion", "Analysts say the war has become a stalemate with no clear winner."),
    ("background", "Since 2011 the war has killed hundreds of thousands of people and displaced millions."),
    ("natural disaster", "Heavy rains caused flooding that killed 14 people in the coastal province."),
    ("natural disaster", "A strong earthquake struck the mountainous region, destroying hundreds of homes."),
    ("natural disaster", "The number of new Covid-19 cases rose sharply in the capital last week."),
    ("man-made disaster", "A fire broke out at a textile factory, killing six workers."),
    ("man-made disaster", "A gas cylinder exploded in a restaurant kitchen, injuring four people."),
    ("man-made disaster", "A passenger bus crashed into a truck on the highway, killing 12 people."),
    ("man-made disaster", "A boat carrying migrants capsized off the coast, and 30 people are missing."),
    ("crime", "Police seized two tonnes of cocaine and arrested three suspected drug traffickers."),
    ("crime", "Armed robbers held up a bank in the city centre and escaped with cash."),
    ("diplomacy", "The foreign ministers of the two countries held talks on border security in Geneva."),
    ("diplomacy", "The European Union imposed new sanctions on officials accused of rights abuses."),
    ("diplomacy", "The president visited troops stationed in the north on Friday."),
    ("attribution", "The group claimed responsibility for the bombing in a statement posted online."),
    ("attribution", "The government blamed the rebels for the attack on the convoy."),
    ("natural disaster", "Flooding cut the national road to the north, stranding hundreds of trucks."),
    ("crime", "Police arrested two suspected drug dealers after a brief chase through the market."),
    ("diplomacy", "The governor imposed new import tariffs after talks with the trade delegation."),
    # Habits, reputations and kinds of events: nothing happened on the day.
    ("habitual", "The hill has for decades served as a staging post for mortar attacks on the valley towns."),
    ("habitual", "Al-Hamra became famous early in the uprising for the songs its students sang at weekly rallies."),
    ("habitual", "The governor has made similar accusations after earlier raids on hospitals in the province."),
    ("habitual", "Since the start of the campaign the rebels have captured a dozen villages, including Tel Hamid."),
    # the marker and the event word are in the same relative clause
    ("background", "Its residents, who a few years ago fled the shelling of the town, have not returned."),
    ("precaution", "Ambulances waited near the stadium as a precaution while the march went ahead."),
    ("precaution", "Border units were placed on high alert after drones were spotted over the dam."),
    ("denial", "The navy denied that any of its ships had fired on the fishing boats near the cape."),
    ("denial", "Officials dismissed reports that gunmen had stormed the prison, calling them rumours."),
    ("reference", "Medics stood by in the side streets, and no injuries were reported during the rally."),
    ("reference", 'Local radio described reports of the strike as "a fabricated provocation" by the opposition.'),
    (
        "summary",
        "The monitor said 40 fighters were among those killed in clashes around the dam over the last 15 days.",
    ),
    (
        "standing",
        "The militia has been fighting the jihadists in the hills around the lake town for control of the road.",
    ),
    ("standing", "Fighting has raged in the eastern districts ever since the rebels first entered them."),
    ("standing", "The Kurdish-led alliance battling the jihadists is backed by Western special forces."),
    ("control as a thing", "Control over the coastal road is the only way the besieged districts can get fuel."),
    ("standing", "The monitor said the toll could rise as other fighters remained critically wounded."),
    ("standing", "Many of those killed were from the same family, a local doctor said."),
    ("standing", "The western districts, which have been hit by rockets and mortar rounds for years, were quiet."),
    ("summary", "The network said that 12,679 people died under torture from March 2011 to June 2016."),
    ("standing", "The monitor gathers news of the five-year conflict which has killed more than 280,000 people."),
    ("standing", "The ministry said three tanks and two howitzers had been destroyed near the town."),
    ("weapons held", "The council set out terms for the destruction of its chemical weapons stocks by mid-2014."),
    ("weapons held", "Inspectors began work to destroy the declared stockpile of chemical weapons in January."),
    ("statement", "The Security Council condemned the attacks on hospitals in the north."),
    ("accusation without an event", "The ministry accused the rebels of smuggling weapons across the border."),
    ("who was hurt, not an attack", "The footage showed several wounded men on stretchers in a field clinic."),
    ("how the war began", "The uprising began as a series of peaceful protests against the president's rule."),
    # a weapon or a practice judged, wherever the judgement stands
    ("judged", "Barrel bombs have been criticised for being indiscriminate and killing civilians."),
    ("judged", "The crude barrel bombs that the regime has deployed to deadly effect in the north were absent."),
    (
        "damage described",
        "The correspondent saw one destroyed operating room and the destroyed homes around the hospital.",
    ),
]


@pytest.fixture(scope="module")
def clf() -> RuleClassifier:
    return RuleClassifier()


@pytest.mark.parametrize(("expected", "text"), EVENTS, ids=[f"{e}:{t[:30]}" for e, t in EVENTS])
def test_event(clf: RuleClassifier, expected: str, text: str) -> None:
    det = clf.classify(text)
    assert det is not None, clf.explain(text)
    assert det.sub_event_type == expected, clf.explain(text)
    assert det.event_type == event_type_of(expected)
    assert 0.0 < det.score <= 1.0
    assert det.trigger is not None
    start, end = det.trigger
    assert 0 <= start < end <= len(text)
    assert det.source == "rules"


@pytest.mark.parametrize(("expected", "text"), RULES, ids=[f"{e}:{t[:30]}" for e, t in RULES])
def test_precedence(clf: RuleClassifier, expected: str, text: str) -> None:
    det = clf.classify(text)
    assert det is not None and det.sub_event_type == expected, clf.explain(text)


@pytest.mark.parametrize(("kind", "text"), NOT_EVENTS, ids=[f"{k}:{t[:30]}" for k, t in NOT_EVENTS])
def test_not_an_event(clf: RuleClassifier, kind: str, text: str) -> None:
    assert clf.classify(text) is None, clf.explain(text)


def test_every_sub_event_type_is_covered() -> None:
    assert {e for e, _ in EVENTS} == set(SUB_EVENT_TYPES)


def test_classify_many_matches_classify(clf: RuleClassifier) -> None:
    texts = [t for _, t in EVENTS[:10]] + [t for _, t in NOT_EVENTS[:5]] + [""]
    assert clf.classify_many(texts) == [clf.classify(t) for t in texts]


def test_empty_and_odd_input(clf: RuleClassifier) -> None:
    assert clf.classify("") is None
    assert clf.classify("   \n ") is None
    assert clf.classify("!!! ???") is None
    assert clf.classify("Ünïcödé wörds ñ 日本語のテキスト") is None


def test_trigger_points_at_the_words(clf: RuleClassifier) -> None:
    text = "On Monday, warplanes bombed a fuel depot outside the city."
    det = clf.classify(text)
    assert det is not None and det.trigger is not None
    assert "warplanes" in text[det.trigger[0] : det.trigger[1]]


def test_load_classifier_default_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOGWATCH_EVENT_MODEL", raising=False)
    assert load_classifier().name == "rules"
    assert load_classifier("default").name == "rules"
    monkeypatch.setenv("FOGWATCH_EVENT_MODEL", "default")
    det = load_classifier().classify("Rebels fired mortars at the army base.")
    assert isinstance(det, Detection)


def test_load_classifier_trained_without_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from fogwatch.errors import FogwatchError

    monkeypatch.setenv("FOGWATCH_HOME", str(tmp_path))
    with pytest.raises(FogwatchError, match="fogwatch train"):
        load_classifier("trained")
    with pytest.raises(FogwatchError, match="fogwatch train"):
        load_classifier("combined")
    with pytest.raises(FogwatchError, match="no trained event model"):
        load_classifier(str(tmp_path / "missing.npz"))


def test_explain_names_the_decision(clf: RuleClassifier) -> None:
    text = "Rebels fired mortars at the army base."
    out = clf.explain(text)
    assert out.startswith("decision: Shelling/artillery/missile attack")
    assert "mortars'" in out


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("triggers: {}\n", "needs the sections"),
        ("triggers: {Bogus: {strong: [x]}}\ncues: {}\nmodality: {}\n", "unknown trigger label 'Bogus'"),
        ("triggers: {Grenade: {strong: ['(grenade)']}}\ncues: {}\nmodality: {}\n", "capturing groups"),
        ("triggers: {Grenade: {strong: ['gren[ade']}}\ncues: {}\nmodality: {}\n", "bad pattern"),
        ("triggers: {Grenade: {strong: [grenade]}}\ncues: {}\nmodality: {}\n", "cues: missing state"),
        ("triggers: [: oops", "not valid YAML"),
    ],
)
def test_bad_lexicon(tmp_path: Path, yaml_text: str, message: str) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(BadLexicon, match=message) as info:
        Lexicon.load(path)
    assert str(path) in str(info.value)


def test_lexicon_loads_every_label() -> None:
    lexicon = Lexicon.load()
    labels = {e.label for e in lexicon.entries.values() if e.kind == "trigger"}
    resolved = {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}
    assert set(SUB_EVENT_TYPES) - resolved - {"Non-violent transfer of territory"} <= labels
    assert {"~protest", "~capture", "~withdrawal", "~attack", "~explosion"} <= labels


@pytest.mark.parametrize(
    ("expected", "text"),
    [
        # a bomber on a motorcycle is a person with a bomb, not an aircraft
        ("Suicide bomb", "A motorcycle bomber killed at least 16 civilians outside a bakery in the city on Tuesday."),
        ("Air/drone strike", "Russian bombers struck the town overnight."),
        # the coalition against the Islamic State fought from the air
        ("Air/drone strike", "US-led coalition strikes killed 18 civilians near the city on Tuesday."),
        # victims of clashes are not a side of them: a clash, not mob violence
        ("Armed clash", "At least 327 people have also been killed in clashes in the neighbouring province."),
        # what happened "hours after" another event is the sentence's event, not the earlier one
        (
            "Attack",
            "At least 19 people were killed near the capital on Tuesday just hours after a suspected chemical gas "
            "attack left dozens dead in the north.",
        ),
        # ... unless nothing comes before: then the event after "a day after" is the one told
        ("Air/drone strike", "It came a day after air strikes killed 26 people in the city."),
        # a bare "after" gives the cause, not another event
        ("Air/drone strike", "Five civilians were killed after an air strike hit a market in the town."),
        # a depot struck is the target of the shelling, not a weapon disrupted
        (
            "Shelling/artillery/missile attack",
            "Army artillery pounded positions around the town on Thursday, adding that the shelling had targeted "
            "weapons depots.",
        ),
        ("Disrupted weapons use", "Engineering teams were later seen clearing mines from the road to the town."),
        # an advance into a place is fighting for it, a capture only when control is taken
        (
            "Armed clash",
            "Syrian rebel forces advanced into a key regime-held district in Aleppo on Monday to reopen the supply "
            "route.",
        ),
        ("Government regains territory", "Government forces advanced into the town on Monday, capturing it."),
        # citizens killed are victims, not a mob that killed
        ("Attack", "At least 502 civilian citizens have been killed and 2600 injured in regime and Russian bombings."),
        ("Mob violence", "Angry citizens attacked the police station and burned two cars."),
        ("Chemical weapon", "Officials said there had been a chemical massacre near Damascus on Wednesday."),
        ("Remote explosive/landmine/IED", "The rebels blew up a tunnel under the army post, killing 20 soldiers."),
    ],
)
def test_real_wordings(clf: RuleClassifier, expected: str, text: str) -> None:
    d = clf.classify(text)
    assert d is not None and d.sub_event_type == expected


def test_the_weapon_that_killed_fighters_is_the_event(clf: RuleClassifier) -> None:
    d = clf.classify("Another 17 fighters were killed in air strikes by coalition warplanes in the same areas.")
    assert d is not None and d.sub_event_type == "Air/drone strike"
    d = clf.classify("Five soldiers were killed in clashes with rebels near the town.")
    assert d is not None and d.sub_event_type == "Armed clash"


def test_a_condemnation_or_accusation_that_tells_the_event_reports_it(clf: RuleClassifier) -> None:
    told = [
        "The opposition council condemned the massacre carried out by warplanes in Kafr Nabl in which 35 civilians "
        "were killed.",
        "The opposition accused government forces of killing over 1000 civilians with poison gas in the eastern "
        "suburbs on Wednesday.",
    ]
    for text in told:
        assert clf.classify(text) is not None, clf.explain(text)


def test_fighters_killed_in_air_raids_on_their_positions_is_the_air_raid(clf: RuleClassifier) -> None:
    # "positions" makes the dead's own words read as a fight too; that second reading of the same
    # words is not another fight, so the weapon that killed them decides
    det = clf.classify(
        "Over 100 terrorists have been killed in the Russian air raids on ISIL positions in Homs province."
    )
    assert det is not None and det.sub_event_type == "Air/drone strike"


def test_a_groups_bombers_are_people_not_aircraft(clf: RuleClassifier) -> None:
    det = clf.classify("The IS bombers targeted two YPG and asayesh positions in Hasakeh.")
    assert det is not None and det.sub_event_type == "Suicide bomb"
    det = clf.classify("Russian bombers struck the town of Saraqib on Monday.")
    assert det is not None and det.sub_event_type == "Air/drone strike"


def test_damage_done_by_a_weapon_is_the_attack(clf: RuleClassifier) -> None:
    det = clf.classify(
        "In Damascus three women were wounded and two houses were damaged in a terrorist mortar attack that hit "
        "al-Shaghour neighborhood."
    )
    assert det is not None and det.sub_event_type == "Shelling/artillery/missile attack"
    det = clf.classify("Rebels looted and burned shops in the market on Friday.")
    assert det is not None and det.sub_event_type == "Looting/property destruction"


def test_how_often_and_a_campaign_going_on_are_not_an_event(clf: RuleClassifier) -> None:
    for text in (
        "Daesh has regularly targetted Syrian opposition forces fighting alongside other factions.",
        "The US-led coalition of 68 nations is conducting airstrikes against Daesh in Syria and Iraq.",
    ):
        assert clf.classify(text) is None, text
    det = clf.classify("Government forces repeatedly shelled Douma on Tuesday.")
    assert det is not None and det.sub_event_type == "Shelling/artillery/missile attack"


def test_a_chemical_weapons_factory_is_no_chemical_attack(clf: RuleClassifier) -> None:
    det = clf.classify(
        "Russia said its warplanes carried out airstrikes around Raqqa and demolished a chemical weapons factory."
    )
    assert det is not None and det.sub_event_type == "Air/drone strike"


def test_how_a_source_works_and_a_share_of_the_land_are_no_events(clf: RuleClassifier) -> None:
    for text in (
        "The Observatory relies on a network of sources and says it determines whose planes carry out raids "
        "according to type location flight patterns and munitions used.",
        "Backed by Russian support the government has regained control of 55 percent of the country including "
        "the cities of Homs and Hama.",
        "The militants have responded with waves of suicide car bombs and drone attacks on army positions.",
    ):
        assert clf.classify(text) is None, text
    det = clf.classify("The army regained control of the town of Tadef on Sunday.")
    assert det is not None and det.sub_event_type == "Government regains territory"


def test_a_strike_that_took_place_is_a_blow_not_a_walkout(clf: RuleClassifier) -> None:
    det = clf.classify(
        "An activist who lives in Europe but is from the province where the strike took place said 10 people "
        "were killed."
    )
    assert det is None or det.sub_event_type not in ("Excessive force against protesters", "Peaceful protest")
    assert det is None or det.sub_event_type != "Abduction/forced disappearance"  # "took place ... people"
    det = clf.classify("A general strike took place in Daraa on Sunday.")
    assert det is not None and det.sub_event_type == "Peaceful protest"


def test_a_breached_truce_is_told_by_the_weapon_used(clf: RuleClassifier) -> None:
    for text in (
        "The terrorist groups breached the cessation of hostilities agreement again through targeting al-Midan "
        "neighborhood in Aleppo city with a rocket shell.",
        "Rebels violated the truce by shelling the town.",
    ):
        det = clf.classify(text)
        assert det is not None and det.sub_event_type == "Shelling/artillery/missile attack", text
    det = clf.classify("Government forces violated the ceasefire in Daraa on Monday.")
    assert det is not None and det.sub_event_type == "Armed clash"


def test_days_after_an_attack_the_event_told_is_the_one_after(clf: RuleClassifier) -> None:
    det = clf.classify(
        "Just days after a deadly Assad regime chemical attack a woman was killed and 25 others on a bus were "
        "wounded in a town south of the Syrian city of Homs on Saturday."
    )
    assert det is not None and det.sub_event_type != "Chemical weapon"
    det = clf.classify("Two days after the massacre, rebels shelled the town.")
    assert det is not None and det.sub_event_type == "Shelling/artillery/missile attack"


def test_an_event_word_inside_a_name_is_no_event(clf: RuleClassifier) -> None:
    for text in (
        "The Organisation for the Prohibition of Chemical Weapons said it was gathering information.",
        "Damascus joined the Chemical Weapons Convention in 2013 as part of a deal.",
        "The US said it was withdrawing two Patriot Missile batteries from the kingdom.",
    ):
        assert clf.classify(text) is None, text
    # the same words in lowercase, an acronym, or a headline in title case are events
    det = clf.classify("A chemical weapons attack killed 58 people in the town.")
    assert det is not None and det.sub_event_type == "Chemical weapon"
    det = clf.classify("Two soldiers were killed when their vehicle struck an IED near the town.")
    assert det is not None and det.sub_event_type == "Remote explosive/landmine/IED"
    det = clf.classify("Air Strikes Kill Six In Saraqib")
    assert det is not None and det.sub_event_type == "Air/drone strike"


def test_a_fight_told_as_raging_since_is_no_day_s_event(clf: RuleClassifier) -> None:
    assert (
        clf.classify(
            "Fighting has raged in Hassakeh since the group attacked several southern neighborhoods held by "
            "government troops earlier this month."
        )
        is None
    )
    det = clf.classify("Fighting raged in Hassakeh on Monday as the group attacked southern neighborhoods.")
    assert det is not None and det.sub_event_type == "Armed clash"


def test_a_campaign_s_aim_is_not_what_it_did(clf: RuleClassifier) -> None:
    assert (
        clf.classify(
            "On April 14 the SDF announced the start of the fourth stage of the campaign, aiming to clear rural "
            "areas of the province in preparation for the final liberation of the city."
        )
        is None
    )
    det = clf.classify("The army launched an offensive aimed at recapturing the town.")
    assert det is not None and det.sub_event_type == "Armed clash"  # the offensive was launched


def test_to_deal_with_something_is_no_deal(clf: RuleClassifier) -> None:
    assert clf.classify("He said the challenge for the coalition is to deal with the agendas of each country.") is None
    det = clf.classify("Under the deal, the fighters left the town on Monday.")
    assert det is not None and det.sub_event_type == "Agreement"


def test_noise_made_against_someone_is_a_protest(clf: RuleClassifier) -> None:
    for text in (
        "Residents banged pots against the president during his visit to the city on Thursday.",
        "Drivers honked their horns in protest against the curfew on Monday.",
    ):
        det = clf.classify(text)
        assert det is not None and det.sub_event_type == "Peaceful protest", text


def test_villagers_or_citizens_who_assault_the_police_are_a_mob(clf: RuleClassifier) -> None:
    for text in (
        "On Thursday, villagers assaulted police personnel who were enforcing the lockdown in the village.",
        "On Wednesday, inhabitants of the district attacked police officers after a man was arrested.",
    ):
        det = clf.classify(text)
        assert det is not None and det.sub_event_type == "Mob violence", text


def test_a_building_used_as_headquarters_is_no_base_set_up(clf: RuleClassifier) -> None:
    for text in (
        "The agency said the strikes destroyed a tank two mortar positions a building used as headquarters.",
        "A building used as headquarters by the militants was hit.",
    ):
        d = clf.classify(text)
        assert d is None or d.sub_event_type != "Headquarters or base established"
    d = clf.classify("The militants were building a new base near the town.")
    assert d is not None and d.sub_event_type == "Headquarters or base established"
