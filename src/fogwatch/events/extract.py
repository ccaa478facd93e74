"""From one analysed article to its claims: which sentences report a conflict event, who says so,
how surely, and with what spin.

For each sentence of the clean text:

1. the event classifier (`classify.py`) says whether it reports a conflict event of ACLED's
   typology, and which;
2. attribution (`attribution.py`) names the speaker (the outlet itself or the party it cites),
   the cue and the certainty;
3. the event's arguments (`arguments.py`) are read from the article's mentions: actors in
   their roles, place, date, fatalities. A sentence naming several places yields one report per
   place, hence one claim per place over the same sentence;
4. loaded language inside the sentence is flagged (`loaded.py`).

A sentence that reports no event may still be a claim: a death toll that continues the event
of the sentence before it (it inherits that event, with its own figure and speaker), an
accusation, or a denial. Everything else (background, opinion, threats) is not a claim.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from fogwatch.events.delivery import delivery
from fogwatch.events.typology import (
    ARMED_CLASH,
    ARRESTS,
    ATTACK,
    BATTLES,
    EXPLOSIONS,
    GOV_REGAINS_TERRITORY,
    LOOTING,
    NON_VIOLENT_TRANSFER,
    NSA_OVERTAKES_TERRITORY,
    OTHER,
    PEACEFUL_PROTEST,
    PROTEST_WITH_INTERVENTION,
    VAC,
    VIOLENT_DEMONSTRATION,
    event_type_of,
)
from fogwatch.model import (
    ActorRef,
    Arg,
    Article,
    Claim,
    EventReport,
    Fatalities,
    Location,
    Mention,
    Quantity,
    TimeValue,
)

# How far back (in sentences) a bare death toll may look for the event it continues.
FOLLOW_ON = 2
# An event the sentence itself dates to a day more than this many days before the article is background
# (a recap); a day within it is an earlier event the article reports ("on June 23 the SDF entered ...").
BACKGROUND_DAYS = 31
# A loosely named place this far from the article's other event places is not an event's place.
STRAY_KM = 250.0
_ACCUSATION = re.compile(r"\b(accus\w*|blam\w*|held\b.{0,40}\bresponsible|war crimes?)\b", re.I)


def claim_id(article_id: str, start: int, end: int, place: int = 0) -> str:
    """A stable id for the claim over `[start, end)` of an article (`place`: its report's index)."""
    key = f"{article_id}:{start}:{end}:{place}".encode()
    return "c" + hashlib.blake2b(key, digest_size=10).hexdigest()


def outlet_name(article: Article) -> str:
    """How the outlet speaking in its own voice is named: its site or credited agency, else
    "unknown outlet" with the file it came from (a file path is never shown as an outlet)."""
    return article.outlet_label


class EventExtractor:
    """Claims (and the events they report) in analysed articles. Parts load on first use."""

    def __init__(self, model: str | None = None) -> None:
        self.model = model
        self._classifier: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"model": self.model}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["model"])  # type: ignore[misc]

    @property
    def classifier(self) -> Any:
        if self._classifier is None:
            from fogwatch.events.models import load_classifier

            self._classifier = load_classifier(self.model)
        return self._classifier

    def load(self) -> EventExtractor:
        self.classifier  # noqa: B018 - load before forking workers
        return self

    def extract(
        self,
        article: Article,
        text: str,
        sentences: list[tuple[int, int]],
        mentions: list[Mention],
        anchor: date | None,
        actors: Any = None,
    ) -> list[Claim]:
        """The claims of one article; `actors` is the `ActorMatcher` that found its actors (its registry
        names generic actors and patrons; by default the one of the settings)."""
        from fogwatch.events.arguments import blamed_actor, build_reports
        from fogwatch.events.attribution import attribute
        from fogwatch.events.loaded import loaded_language

        if not sentences:
            return []
        detections = self.classifier.classify_many([text[s:e] for s, e in sentences])
        said = attribute(text, sentences)
        deaths_in = _deaths_by_sentence(text, sentences, mentions)
        placed = {m.sentence for m in mentions if m.kind == "place"}
        steps = _Steps(detections, mentions, deaths_in)
        reports_by_place: dict[str, EventReport] = {}
        outlet = outlet_name(article)
        claims: list[Claim] = []
        last_event: tuple[int, EventReport] | None = None  # sentence index, report
        last_battle: tuple[int, EventReport] | None = None  # the last battle told, for "killed in the fighting"
        for i, ((s, e), det, att) in enumerate(zip(sentences, detections, said, strict=True)):
            reports: list[EventReport] = []
            kind = "event"
            party = att.speaker_kind == "party"
            tally = False  # the sentence tells a region's dead so far: no event, and no event's toll
            if det is not None:
                if det.trigger is not None:
                    det = replace(det, trigger=(det.trigger[0] + s, det.trigger[1] + s))
                if last_event is not None and steps(last_event[0], i) <= FOLLOW_ON:
                    det = _same_kind_as_told(text, s, e, det, last_event[1])
                given = [
                    r
                    for r in build_reports(text, sentences, i, det, mentions, anchor, party, actors)
                    if not _past(r, anchor)
                ]
                tally = any(_running_tally(text, s, e, r) for r in given)
                near = last_event[1] if last_event is not None and steps(last_event[0], i) <= FOLLOW_ON else None
                reports = (
                    []
                    if tally
                    else [
                        _war_damage(
                            _until(_territory_by_actor(r), anchor), near, _KILLING.search(text, s, e) is not None
                        )
                        for r in given
                    ]
                )
            fight = (
                _told_fight(last_event, last_battle, steps, i)
                if det is not None and det.score < STRONG_DETECTION and _NAMES_TOLD_FIGHT.search(text, s, e)
                else None
            )
            if (
                reports
                and fight is not None
                and not _elsewhere(text, mentions, i, fight[1])
                and not _another_day(mentions, i, fight[1])
            ):
                # "five fighters were killed in the battle for Kafr Nouran": the fight told already, which
                # the sentences after it go on about
                kind = "reference"
                reports = [_with_toll(fight[1], deaths_in[i], party) if i in deaths_in else _untold(fight[1])]
                last_event = (i, fight[1])
                if fight[1].event_type == BATTLES:
                    last_battle = last_event
            elif (
                reports
                and last_event is not None
                and det is not None
                and (
                    _refers_back(text, s, det.trigger, e)
                    or (
                        # "... updated its toll for the strike on Urum al-Joz saying three more people
                        # had died": a death told only with a weak word, of an event the sentence names
                        # as one told already
                        det.score < STRONG_DETECTION
                        and steps(last_event[0], i) <= FOLLOW_ON
                        and _NAMES_TOLD_EVENT.search(text, s, e) is not None
                        and (i not in placed or last_event[1].location is not None)
                        and not _elsewhere(text, mentions, i, last_event[1])
                        and not _another_day(mentions, i, last_event[1])
                    )
                )
            ):
                # "the strike on X came as ...", "before Thursday's attack": an event told already
                kind = "reference"
                before = last_event[1]
                more = i in deaths_in and _INCREMENT.match(text, deaths_in[i][1][0])
                # "three more people had died": what the toll grew by is not the toll
                reports = [_with_toll(before, deaths_in[i], party) if i in deaths_in and not more else _untold(before)]
            elif (
                reports
                and det is not None
                and last_battle is not None
                and (last_event is last_battle or steps(last_battle[0], i) <= FOLLOW_ON)
                and i - last_battle[0] <= BATTLE_REACH
                and det.event_type == EXPLOSIONS
                and _SUPPORTS.search(text, s, e) is not None
            ):
                # "Russian aircraft supported the ground operation with strikes on ...": the strikes
                # are the battle's air support, told as its ally (ACLED codes them in the battle)
                kind = "reference"
                battle = last_battle[1]
                helper = reports[0].actor1
                if (
                    helper is not None
                    and isinstance(helper.value, ActorRef)
                    and all(
                        isinstance(a.value, ActorRef) and a.value.name != helper.value.name
                        for a in (battle.actor1, battle.actor2, *battle.assoc_actors)
                        if a is not None
                    )
                ):
                    battle.assoc_actors.append(helper)
                reports = [_untold(battle)]
            elif (
                reports
                and det is not None
                and last_event is not None
                and steps(last_event[0], i) <= FOLLOW_ON
                and i not in placed
                and last_event[1].sub_event_type in _PROTEST_RANK
                and det.sub_event_type in _MET_WITH_FORCE
                and _PROTEST_RANK[_MET_WITH_FORCE[det.sub_event_type]] > _PROTEST_RANK[last_event[1].sub_event_type]
                # arrests of the protesters, not the arrest the protest was about ("He was arrested in ...")
                and (det.sub_event_type != ARRESTS or _THE_PROTESTERS.search(text, s, e) is not None)
            ):
                # "Workers held a protest in X. Police resorted to lathi charge to disperse them.": the
                # protest was met with force, told in the sentence after it (ACLED codes the protest so)
                kind = "event"
                force = reports[0]
                met = _MET_WITH_FORCE[det.sub_event_type]
                told_at = sentences[last_event[0]][0]
                for r in [last_event[1]] + [c.event for c in claims if c.start >= told_at and c.event is not None]:
                    if r.sub_event_type in _PROTEST_RANK and _PROTEST_RANK[r.sub_event_type] < _PROTEST_RANK[met]:
                        r.sub_event_type, r.event_type = met, event_type_of(met)
                        if r.actor2 is None and force.actor2 is not None:
                            r.actor2 = force.actor2
                reports = [_untold(last_event[1])]
            elif (
                reports
                and last_event is not None
                and steps(last_event[0], i) <= FOLLOW_ON
                and i not in placed
                and _goes_on(det, last_event[1])
                and not _other_side(reports[0], last_event[1])
            ):
                # No place of its own, right after an event: the same event told on ("six soldiers were
                # killed in the strike", "the attackers were forced to retreat"), with this sentence's toll.
                kind = "figure" if i in deaths_in else "event"
                going_on = _the_fighting(text, s, e, last_event, last_battle)
                reports = [_with_toll(going_on, deaths_in[i], party) if i in deaths_in else _untold(going_on)]
            elif reports:
                last_event = (i, reports[0])
                if reports[0].event_type == BATTLES:
                    last_battle = last_event
                for r in reports:
                    if r.location is not None and isinstance(r.location.value, Location):
                        reports_by_place.setdefault(r.location.value.name, r)
            elif tally or (det is None and i in deaths_in and _SPANS_DAYS.search(text, s, e)):
                # (a toll summed over days: "the death toll over the whole weekend was at least 44")
                kind = "figure"
            elif (
                i in deaths_in
                and last_event is not None
                and steps(last_event[0], i) <= FOLLOW_ON
                and not _elsewhere(text, mentions, i, last_event[1])
                and not _another_day(mentions, i, last_event[1])
            ):
                kind = "figure"
                reports = [_with_toll(_the_fighting(text, s, e, last_event, last_battle), deaths_in[i], party)]
            elif att.certainty == "denied":
                kind = "denial"
                # what is denied is an event the article told before: the one at a place this
                # sentence names, else the one just before
                told = _denied_event(reports_by_place, mentions, i, last_event)
                if told is not None:
                    reports = [replace(told, fatalities=None, fatalities_span=None)]
            elif _ACCUSATION.search(text, s, e) and att.speaker is not None:
                kind = "accusation"
            elif i in deaths_in:
                kind = "figure"
            else:
                continue
            blamed = blamed_actor(text, s, e, mentions) if reports else None
            if blamed is not None:
                reports = [_blame(r, blamed) for r in reports]
            flags = loaded_language(text, s, e)
            base: dict[str, Any] = {
                "article_id": article.id,
                "start": s,
                "end": e,
                "text": text[s:e],
                "speaker": att.speaker or outlet,
                "speaker_kind": att.speaker_kind,
                "certainty": att.certainty,
                "speaker_span": att.speaker_span,
                "cue": att.cue,
                "cue_span": att.cue_span,
                "flags": flags,
                "kind": kind,
            }
            if not reports:
                claims.append(Claim(id=claim_id(article.id, s, e), event=None, **base))
            for n, report in enumerate(reports):
                if report.delivery is None and report.trigger is not None:
                    # how the blow was delivered, from the words of the sentence that told the event
                    words = text[report.trigger[0] : report.trigger[1]]
                    report = replace(report, delivery=delivery(report.sub_event_type, words))
                claims.append(Claim(id=claim_id(article.id, s, e, n), event=report, **base))
        _place_where_it_happened(text, sentences, mentions, claims)
        _unplace_strays(claims)
        return claims


# An event named with a definite article or a possessive refers to one the article has told:
# "the strike on Darat Izza came as ...", "before Thursday's attack", "its capture".
_DEFINITE = re.compile(r"(?i)(?:\b(?:the|this|that|these|its|their|his|her|our)|['’]s)\s+(?:[\w-]+\s+){0,2}$")
# "one of the heaviest attacks", "the deadliest bombing": a superlative ranks an event, it does not
# point back at one told before
_SUPERLATIVE = re.compile(
    r"(?i)\b(?:the|its|their)\s+(?:\w+est|most\s+\w+|worst|biggest|largest|first)\s+(?:[\w-]+\s+)?$"
)
_EVENT_NOUN = re.compile(
    r"(?i)(?:air)?strikes?|attacks?|offensive|bombardment|shelling|assault|capture|raids?|clashes|fighting|"
    r"battle|bombing|explosion|blast|advance|operation|protests?|massacre|ambush|incursion|withdrawal"
)


# Strikes told as support of a ground fight: "aircraft supported the ground operation", "backed the
# advance with air strikes", "provided air cover for the offensive".
_SUPPORTS = re.compile(
    r"(?i)\b(?:supported|backed|covered|assisted|aided|supporting|backing|covering|(?:provided|providing|gave|giving)"
    r"\s+(?:close\s+)?(?:air\s+)?(?:support|cover)\s+(?:to|for))\s+(?:the|their|its|a|an)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:operation|offensive|advance|assault|attack|push|ground\s+forces|troops)\b"
)
# A detection below this score rests on a word that says little of the event ("died", "killed").
STRONG_DETECTION = 0.7
# "for the strike on X", "in the attack": an event named as one the reader knows.
_NAMES_TOLD_EVENT = re.compile(
    r"(?i)\b(?:the|this|that)\s+(?:same\s+|deadly\s+|earlier\s+)?"
    r"(?:air\s*strike|strike|attack|bombing|raid|shelling|explosion|blast|massacre|bombardment)s?\b"
)
# "in the battle for Kafr Nouran", "in the fighting for X": a fight named by the place it was for.
_NAMES_TOLD_FIGHT = re.compile(r"(?i)\bthe\s+(?:battle|fight|fighting|struggle)\s+(?:for|over)\b")
_TERRITORY = frozenset({GOV_REGAINS_TERRITORY, NSA_OVERTAKES_TERRITORY, NON_VIOLENT_TRANSFER})

# A count of the dead that adds to one given before: "three more people", "five more".
_INCREMENT = re.compile(r"(?i)(?:\d[\d,]*|[a-z-]+)\s+more\b")

_GOV, _NSA = GOV_REGAINS_TERRITORY, NSA_OVERTAKES_TERRITORY


def _territory_by_actor(r: EventReport) -> EventReport:
    """ACLED names a change of territory by who takes it: state forces regain it, a non-state
    group overtakes it. The actor read from the sentence settles it when the wording did not."""
    if r.sub_event_type not in (_GOV, _NSA) or r.actor1 is None or not isinstance(r.actor1.value, ActorRef):
        return r
    inter = r.actor1.value.inter
    if inter == 1 and r.sub_event_type == _NSA:
        return replace(r, sub_event_type=_GOV)
    if inter == 2 and r.sub_event_type == _GOV:
        return replace(r, sub_event_type=_NSA)
    return r


# Words for an event that say little of its kind: "the attack", "the fighting" go on about the one before.
_GENERIC_KINDS = frozenset({ATTACK, ARMED_CLASH})


# "the raids", "these strikes": the event words of a sentence that point back to an event told
_TOLD_EVENT = re.compile(
    r"(?i)\b(?:the|these|those)\s+(?:same\s+)?(?:raids?|strikes?|attacks?|bombings?|bombardment|shelling|assault)\b"
    # "three people were also killed in another town": more of the same, elsewhere
    r"|\b(?:were|was)\s+also\s+killed\b|\bin\s+(?:another|a\s+nearby|a\s+neighbou?ring)\s+(?:town|village|city|district|"
    r"neighbou?rhood|area)\b"
)


# "killed in the fighting", "during the clashes": the battle the article told, whatever came after it.
_IN_THE_FIGHTING = re.compile(
    r"(?i)\b(?:in|during|amid)\s+(?:the\s+(?:[\w-]+\s+)?|(?:\d+|[a-z]+)\s+(?:hours|days)\s+of\s+)(?:fighting|clashes|battles?)\b"
)


def _the_fighting(
    text: str, s: int, e: int, last: tuple[int, EventReport], battle: tuple[int, EventReport] | None
) -> EventReport:
    """The event a toll sentence goes on about: the one told just before, unless that was no battle and
    the sentence says its dead fell in the fighting ("19 regime fighters were killed in the fighting",
    after an air strike on another district): then the battle told before it."""
    if (
        battle is not None
        and last[1].event_type != BATTLES
        and last[0] - battle[0] <= BATTLE_REACH
        and _IN_THE_FIGHTING.search(text, s, e)
    ):
        return battle[1]
    return last[1]


# How many sentences back "the fighting" may point over other events told since.
BATTLE_REACH = 8


def _same_kind_as_told(text: str, s: int, e: int, det: Any, before: EventReport) -> Any:
    """A sentence that only points back at an event told just before ("the dead in the raids on the
    city of Raqa", after "killed in air strikes") tells of that event's kind, even at a place of its
    own; a sentence whose own words say what kind of event it tells (a strong detection) keeps it."""
    if (
        det.score >= STRONG_DETECTION
        or det.sub_event_type not in _GENERIC_KINDS
        or before.sub_event_type in _GENERIC_KINDS
    ):
        return det
    bare = det.trigger is not None and _BARE_BLOWS.fullmatch(text, det.trigger[0], det.trigger[1]) is not None
    if not _TOLD_EVENT.search(text, s, e) and not (bare and before.event_type == EXPLOSIONS):
        return det
    return replace(det, sub_event_type=before.sub_event_type, event_type=before.event_type)


# Words that name a blow without saying how it came: after air strikes, "three raids targeted the area
# around Tabqa" are more of them, not a ground raid.
_BARE_BLOWS = re.compile(r"(?i)raids?|strikes?|sorties")


# The people a protest gathered, named again: "police arrested several demonstrators".
_THE_PROTESTERS = re.compile(
    r"(?i)\b(?:protesters?|protestors?|demonstrators?|participants|crowds?|marchers|rally|rallies|sit-in|"
    r"several\s+of\s+them|some\s+of\s+them)\b"
)
# What a protest told just before turned into, by what the next sentence tells: the police dispersed
# it or arrested its people (with intervention), its people fought or rioted (violent; ACLED's
# violent demonstration takes precedence over the intervention met).
_MET_WITH_FORCE = {
    PROTEST_WITH_INTERVENTION: PROTEST_WITH_INTERVENTION,
    ARRESTS: PROTEST_WITH_INTERVENTION,
    VIOLENT_DEMONSTRATION: VIOLENT_DEMONSTRATION,
}
_PROTEST_RANK = {PEACEFUL_PROTEST: 0, PROTEST_WITH_INTERVENTION: 1, VIOLENT_DEMONSTRATION: 2}


# ACLED's actor classes that bear arms: state forces, rebels, political and identity militias, external forces.
_ARMED_INTER = frozenset({1, 2, 3, 4, 8})
_VIOLENT_TYPES = frozenset({BATTLES, EXPLOSIONS, VAC})


def _armed(a: Arg | None) -> bool:
    return a is not None and isinstance(a.value, ActorRef) and a.value.inter in _ARMED_INTER


# A sentence that kills: "killing all terrorists aboard", "leaving scores of them dead".
_KILLING = re.compile(r"(?i)\b(?:kill(?:ed|ing|s)?|dead|eliminat(?:ed|ing)|perished)\b")


def _war_damage(report: EventReport, before: EventReport | None, killing: bool) -> EventReport:
    """What fighters lost ("destroyed several boats of the terrorists, killing all aboard", "three
    pick-up vehicles equipped with machineguns were destroyed") is the damage of a fight or a strike,
    not a destruction of property (ACLED's looting and property destruction is outside other
    violence): the kind of the event told just before, when there is one, else a clash of the two
    sides when the sentence kills too. Shelters of a rebel group burnt down, with no fight told, stay
    a destruction of property, as ACLED codes them."""
    if report.sub_event_type != LOOTING or not _armed(report.actor2):
        return report
    if report.actor1 is not None and not _armed(report.actor1):
        return report
    if before is not None and before.event_type in _VIOLENT_TYPES:
        return replace(report, sub_event_type=before.sub_event_type, event_type=before.event_type)
    if killing:
        return replace(report, sub_event_type=ARMED_CLASH, event_type=BATTLES)
    return report


def _blame(report: EventReport, blamed: Arg) -> EventReport:
    """The side the speaker blames did it, when the report names no one else: "Washington blames
    the Syrian government for the attack", "pinning the blame on the regime" (not its target)."""
    a1 = report.actor1.value if report.actor1 is not None else None
    if isinstance(a1, ActorRef) and not (a1.registry_id or "").startswith("generic.unidentified"):
        return report
    assert isinstance(blamed.value, ActorRef)
    a2 = report.actor2
    if a2 is not None and isinstance(a2.value, ActorRef) and a2.value.name == blamed.value.name:
        a2 = None
    return replace(report, actor1=blamed, actor2=a2)


def _goes_on(det: Any, report: EventReport) -> bool:
    """A sentence with no place of its own, right after an event, tells more of it unless it names
    an event of another kind: "an air strike on a hospital" after a suicide bombing is a new one.
    What was destroyed ("the vehicle had been destroyed by anti-tank fire") is the damage done in
    the event told, not a destruction of its own."""
    if det is None:
        return True
    sub = det.sub_event_type
    if sub == OTHER and report.event_type in _VIOLENT_TYPES:
        return True  # "the toll rose after more bodies were recovered": the dead of the strike told
    if sub in _GENERIC_KINDS and det.score >= STRONG_DETECTION and report.event_type == EXPLOSIONS:
        return False  # "the army men for their part ambushed a group of fighters" after air strikes: on the ground
    return sub == report.sub_event_type or sub in _GENERIC_KINDS or sub == LOOTING or det.score < 0.6


def _other_side(report: EventReport, before: EventReport) -> bool:
    """The sentence names who acted, and it is another side than the event just told: "eight
    civilians were killed in rebel fire" after a government barrel bomb attack is a new event."""
    a = report.actor1.value if report.actor1 is not None and report.actor1.start >= 0 else None
    b = before.actor1.value if before.actor1 is not None else None
    if not isinstance(a, ActorRef) or not isinstance(b, ActorRef):
        return False
    if a.registry_id == b.registry_id and (a.registry_id or "").startswith("generic.state_"):
        return False  # "government forces" told again, wherever the two sentences place them
    return a.name != b.name and a.inter not in (3, 7) and b.inter not in (3, 7) and a.inter != b.inter


# "The attack killed 32 rebels ...": the sentence's subject is the event told before, whatever its verb says.
_SUBJECT_BACK = re.compile(
    r"(?i)\W*(?:the|this|that)\s+(?:[\w-]+\s+)?(?:" + _EVENT_NOUN.pattern.removeprefix("(?i)") + r")\s+"
    r"(?:also\s+|reportedly\s+)?(?:killed|left|claimed|wounded|injured|hit|targeted|struck|destroyed)\b"
)


# "... said (that) the strikes killed ten militants": the reported clause's subject is the told event.
_SAID_SUBJECT_BACK = re.compile(
    r"(?i)\b(?:said|says|reported|added|stated|confirmed)\s+(?:that\s+)?(?=(?:the|this|that)\s+(?:[\w-]+\s+)?(?:"
    + _EVENT_NOUN.pattern.removeprefix("(?i)")
    + r")\s+(?:(?:in|on|near|at|against)\s+(?:[\w-]+\s+){1,3}?)?(?:also\s+|reportedly\s+|had\s+|have\s+|has\s+)?(?:killed|left|claimed|wounded|injured|hit|targeted|struck|destroyed)\b)"
)


def _refers_back(text: str, s: int, trigger: tuple[int, int] | None, e: int | None = None) -> bool:
    if _SUBJECT_BACK.match(text, s):
        return True
    if e is not None and _SAID_SUBJECT_BACK.search(text, s, e):
        return True
    if trigger is None:
        return False
    t0, t1 = trigger
    return bool(
        _EVENT_NOUN.fullmatch(text[t0:t1])
        and _DEFINITE.search(text, max(s, t0 - 30), t0)
        and not _SUPERLATIVE.search(text, max(s, t0 - 40), t0)
    )


def _told_fight(
    last: tuple[int, EventReport] | None, battle: tuple[int, EventReport] | None, steps: _Steps, index: int
) -> tuple[int, EventReport] | None:
    """The fight a sentence names as "the battle for X": the battle told last, or the change of
    territory told just before (a withdrawal, a capture), within reach."""
    if battle is not None and steps(battle[0], index) <= FOLLOW_ON:
        return battle
    if last is not None and last[1].sub_event_type in _TERRITORY and steps(last[0], index) <= FOLLOW_ON:
        return last
    return None


class _Steps:
    """How far a sentence is from an earlier one, in sentences that tell something: a remark with
    no event, no name, no figure and no date between them ("No photo or video evidence was provided
    to support the figure.", "The claims could not be independently verified.") does not count, so
    the sentence after it still goes on about the event told before it."""

    def __init__(self, detections: list[Any], mentions: list[Mention], deaths_in: dict[int, Any]) -> None:
        told = {m.sentence for m in mentions} | set(deaths_in)
        self.quiet = [i for i, det in enumerate(detections) if det is None and i not in told]

    def __call__(self, before: int, index: int) -> int:
        if not self.quiet:
            return index - before
        return index - before - (bisect.bisect_left(self.quiet, index) - bisect.bisect_right(self.quiet, before))


def _denied_event(
    by_place: dict[str, EventReport],
    mentions: list[Mention],
    index: int,
    last: tuple[int, EventReport] | None,
) -> EventReport | None:
    for m in mentions:
        if m.sentence == index and m.kind == "place" and isinstance(m.value, Location) and m.value.name in by_place:
            return by_place[m.value.name]
    if last is not None and index - last[0] <= FOLLOW_ON + 1:
        return last[1]
    return None


def _until(report: EventReport, anchor: date | None) -> EventReport:
    """An event an article tells came no later than the article: a week or a month that runs past
    its date ends there ("in August", told on 3 August, is 1 to 3 August)."""
    d = report.date
    if anchor is None or d is None or not isinstance(d.value, TimeValue):
        return report
    tv = d.value
    if tv.start is None or tv.end is None or not (tv.start <= anchor < tv.end):
        return report
    return replace(report, date=replace(d, value=replace(tv, end=anchor)))


def _running_tally(text: str, s: int, e: int, report: EventReport) -> bool:
    """A toll of a region's fighting so far: the dead "have been killed in clashes", placed in no town
    (a province, a country) and on no day the sentence names."""
    from fogwatch.events.arguments import RUNNING_TALLY
    from fogwatch.events.fuse import coarse

    if not RUNNING_TALLY.search(text, s, e):
        return False
    loc = report.location.value if report.location is not None else None
    if isinstance(loc, Location) and not coarse(loc):
        return False
    return report.date is None or report.date.start < 0 or not (s <= report.date.start < e)


# A stretch of several days a toll is summed over.
_SPANS_DAYS = re.compile(
    r"(?i)\b(?:over|during|throughout|in)\s+the\s+(?:whole\s+|entire\s+)?(?:weekend|week)\b|"
    r"\b(?:over|in|during)\s+(?:the\s+)?(?:past\s+|last\s+)?(?:two|three|four|five|six|seven|ten|[2-9]|\d\d)\s+days\b|"
    r"\bthis\s+week\b|\bso\s+far\s+this\s+(?:week|month)\b"
)


def _past(report: EventReport, anchor: date | None) -> bool:
    """Background: the sentence dates the event well before the article (or only to a month or year
    that ended before it), as in "the offensive that began in December"."""
    d = report.date
    if anchor is None or d is None or d.start < 0 or not isinstance(d.value, TimeValue):
        return False
    tv = d.value
    end = tv.end or tv.start
    if end is None:
        return False
    return (anchor - end).days > BACKGROUND_DAYS or (tv.precision in ("week", "month", "year") and end < anchor)


# "... the eastern suburbs of Damascus where the incident occurred": the place of an event told before
# Between the place and its "where": only a word for the kind of place ("Khan Sheikhun, where",
# "Douma town where"), not another clause ("lives in Europe but is from the province where").
_PLACE_THEN_WHERE = re.compile(
    r"(?i)[\s,]*(?:(?:city|town|village|district|province|area|region|neighbou?rhood|suburb|camp|market)\s*,?\s*)?"
)
_WHERE_IT_HAPPENED = re.compile(
    r"(?i)\bwhere\s+the\s+(?:[\w-]+\s+){0,2}?(?:incident|attacks?|massacre|bombings?|blasts?|explosions?|"
    r"strikes?|raids?|shelling|clashes|fighting)\s+(?:had\s+|has\s+)?(?:occurred|took\s+place|happened|"
    r"was\s+carried\s+out)\b"
)


def _place_where_it_happened(
    text: str, sentences: list[tuple[int, int]], mentions: list[Mention], claims: list[Claim]
) -> None:
    """A place a later sentence names as where the event happened ("the eastern suburbs of Damascus
    where the incident occurred", "Khan Sheikhun, where the attack took place") is the place of the
    events told before it (and in its own sentence) that the article placed only in a country, or nowhere."""
    from fogwatch.events.fuse import _country

    if not claims or _WHERE_IT_HAPPENED.search(text) is None:
        return  # most articles: one search of the text, not one a sentence
    for i, (s, e) in enumerate(sentences):
        m = _WHERE_IT_HAPPENED.search(text, s, e)
        if m is None:
            continue
        before = [
            x
            for x in mentions
            if x.kind == "place"
            and x.sentence == i
            and x.end <= m.start()
            and _PLACE_THEN_WHERE.fullmatch(text, x.end, m.start())
        ]
        if not before or not isinstance(before[-1].value, Location) or _country(before[-1].value):
            continue
        where = before[-1]
        assert isinstance(where.value, Location)
        for c in claims:
            r = c.event
            if r is None or c.start >= e:
                continue  # told before, or in this very sentence
            loc = r.location.value if r.location is not None else None
            if loc is None or (isinstance(loc, Location) and _country(loc) and loc.country == where.value.country):
                r.location = Arg(where.start, where.end, where.value)


def _unplace_strays(claims: list[Claim]) -> None:
    """Forget a place named loosely (a region, a country, a capital) far from where the article's
    events happen: "fighters from Central Asia", "celebrated in Damascus" name no event's place."""
    from fogwatch.events.fuse import coarse
    from fogwatch.geo import haversine_km

    placed = [
        c.event.location.value
        for c in claims
        if c.event and c.event.location and isinstance(c.event.location.value, Location)
    ]
    precise = [p for p in placed if not coarse(p)]
    if not precise:
        return
    for c in claims:
        r = c.event
        if r is None or r.location is None or not isinstance(r.location.value, Location):
            continue
        if r.fatalities is not None and r.fatalities.best and c.kind == "event":
            continue  # where the dead of an event were counted is told as its place
        loc = r.location.value
        if r.location.start >= c.start and _NAMED_AS_SCENE.search(c.text[: r.location.start - c.start]):
            continue  # "In Damascus, three women were wounded ...", "... in the city of Damascus"
        if c.kind == "event" and r.score >= STRONG_DETECTION and (loc.feature or "").startswith("P"):
            continue  # "terrorists fired rocket shells that fell in Aleppo": a city where a told attack hit
        # far from every precise place of the article (an article may tell events in two countries:
        # a middle point of their places is near neither)
        if coarse(loc) and all(haversine_km(p.lat, p.lon, loc.lat, loc.lon) > STRAY_KM for p in precise):
            r.location = None


# A place the sentence opens on ("In Damascus ...") or names as a city ("in the city of Damascus"):
# where its event happened, however far from the article's other events.
_NAMED_AS_SCENE = re.compile(r"(?i)(?:^\W*(?:in|at)|\b(?:in|at|on)\s+the\s+(?:city|capital|town))\s+(?:of\s+)?$")

# A place this far from the event's is another place: its toll is not the event's.
ELSEWHERE_KM = 15.0


def _another_day(mentions: list[Mention], index: int, report: EventReport) -> bool:
    """Sentence `index` names a day more than a day away from the event's: "... including on June
    19, when six people were killed" after Wednesday's bombing counts June 19's dead."""
    d = report.date.value if report.date is not None else None
    if not isinstance(d, TimeValue) or d.start is None or d.precision != "day":
        return False
    for m in mentions:
        if m.sentence != index or m.kind != "date" or not isinstance(m.value, TimeValue):
            continue
        tv = m.value
        if tv.start is not None and tv.precision == "day" and tv.year_known and abs((tv.start - d.start).days) > 1:
            return True
        if (
            tv.start is not None
            and tv.end is not None
            and tv.precision in ("month", "year")
            and tv.year_known
            and not tv.start - _DAY <= d.start <= tv.end + _DAY
        ):
            return True  # "66 journalists killed in 2014", told after a strike of 2016
    return False


_DAY = timedelta(days=1)


def _elsewhere(text: str, mentions: list[Mention], index: int, report: EventReport) -> bool:
    """Sentence `index` names places, none of them the event's (or near it): "three people were
    also killed in Saraqib" after a strike on Atarib tells Saraqib's dead, not Atarib's."""
    from fogwatch.events.arguments import names_a_source
    from fogwatch.geo import haversine_km

    here = [
        m.value
        for m in mentions
        if m.sentence == index
        and m.kind == "place"
        and isinstance(m.value, Location)
        and (m.value.feature or "P").startswith("P")  # a town or village, named surely enough
        and m.confidence >= 0.5
        and not names_a_source(text, m)
    ]
    if not here or report.location is None or not isinstance(report.location.value, Location):
        return False
    loc = report.location.value
    for p in here:
        if p.name == loc.name or haversine_km(p.lat, p.lon, loc.lat, loc.lon) <= ELSEWHERE_KM:
            return False
        if p.country == loc.country and (p.feature or "").startswith("A") and (p.admin1 in (None, loc.admin1)):
            return False  # the event's province or country named again
    return True


def _deaths_by_sentence(
    text: str, sentences: list[tuple[int, int]], mentions: list[Mention]
) -> dict[int, tuple[Fatalities, tuple[int, int]]]:
    """The death toll each sentence gives, by the same rules as an event sentence's own toll: a
    total since the war began, an earlier count an update replaced or the attackers' number is none."""
    from fogwatch.events.arguments import by_start, event_toll

    # only sentences that count dead (or captured or wounded who then died) can give a toll
    counted = {
        m.sentence
        for m in mentions
        if m.kind == "quantity" and isinstance(m.value, Quantity) and m.value.kind in ("killed", "captured", "injured")
    }
    out: dict[int, tuple[Fatalities, tuple[int, int]]] = {}
    indexed = by_start(mentions) if counted else mentions  # each sentence's counts found by bisection
    for i in sorted(counted):
        if i < len(sentences):
            toll = event_toll(text, *sentences[i], indexed)
            if toll is not None and toll[0].best > 0:
                out[i] = toll
    return out


def _untold(report: EventReport) -> EventReport:
    """The event of an earlier sentence, told again without a toll of this sentence's own: the toll
    stays the earlier speaker's (a party's figure must not become the outlet's by being retold)."""
    return replace(report, fatalities=None, fatalities_span=None)


def _with_toll(report: EventReport, toll: tuple[Fatalities, tuple[int, int]], party: bool) -> EventReport:
    """The event of an earlier sentence, told again with this sentence's death toll."""
    fat, span = toll
    return replace(report, fatalities=replace(fat, by_party=party), fatalities_span=span)
