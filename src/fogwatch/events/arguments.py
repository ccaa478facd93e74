"""The arguments of an event: who did what to whom, where, when, and how many died.

`build_reports` reads them for one event sentence from the article's mentions (places,
dates, actors, quantities), following ACLED's coding conventions:

Actors
    `actor1` is the initiator and `actor2` the target, read from the sentence around the
    event's trigger: active "X attacked Y", passive "Y was shelled by X", nominal "an attack
    by X on Y", reciprocal "clashes between X and Y" / "X clashed with Y", and an event word
    in a phrase after the clause ("X killed Y during airstrikes"). "forces of X", "X's
    fighters" and "members of X" stand for X; "anti-X fighters" are not X; a heading ("Arrests:
    police detained ...") is not the verb. Actors coordinated with the initiator or the target
    ("X and Y attacked Z") and the patron named with an actor ("Turkish-backed factions": the
    Turkish military; "X, backed by Iran") are associated actors. Speakers ("X said",
    "according to X") take no role. A sentence naming no initiator takes the one of the event
    told just before it (within two sentences). By event type: protests have actor1
    `Protesters (Country)` and, when police or troops intervene, the state force as actor2;
    riots have actor1 `Rioters (Country)`; violence against civilians has actor2
    `Civilians (Country)`; a violent event whose initiator is not named gets
    `Unidentified Armed Group (Country)` (not an air strike, mostly a state's). A state
    force acting outside its own country has ACLED's class 8 (external forces) rather than 1.
    An inferred actor has the span (-1, -1).

Location
    The most specific place of the sentence that the event is tied to (a town before its
    district, a district before its province; a place after "in", "near", "at" before one
    after "from"), else the most specific place of the nearest earlier sentence, else the
    dateline. Places in parentheses or after a comma that say where another one is
    ("Muaja (Ancuabe, Cabo Delgado)", "Saraqib, Idlib") are its containers, not event places.
    A name the geoparser put in a country the report hardly mentions, or somewhere its own
    container contradicts ("Salvador, Bahia" read as El Salvador), is taken as misread: its
    container stands in for it. The report's country is where most of its places are,
    helped by its named actors (police and local groups count more than armies, which fight
    abroad). Its `geo_precision` (1 the place, 2 near it or part of it, 3 a region) is kept
    as the geoparser set it.

    **One report per place**: when the event's place is one of a list ("captured the
    villages of A, B and C", "clashes in A and B"), each place gets its own report, with the
    same actors, date and fatalities, as ACLED codes one event per location. The toll is the
    statement's, repeated in each report (ACLED would split it between the events): whoever
    adds tolls up must count one statement once. "A, B" with no "and"/"or" is a place and
    where it is, one report.

Date
    The first date of the sentence, else the nearest earlier date in the article, else the
    anchor (the article's or story's date, span (-1, -1), day precision).

Fatalities
    Deaths in this event as ACLED counts them: the killed/dead counts of the sentence (or of
    the next sentence, when it continues the same event without a date or a place of its
    own); counts of different victims are added ("3 soldiers and 2 civilians"), a count
    "including" others does not add them again, figures for the same victims are
    alternatives of which the most conservative is `best` (`low`, and `high` the highest
    figure reported); "dozens" is 12 and "hundreds" 100 (the quantity reader's ACLED
    values); deaths told without a figure count as told ("a man was shot dead" 1, "a man and
    a woman were killed" 2, "killed an unknown number of" 10, as ACLED codes "several"). Not
    the event's: a cumulative toll ("since January", "this year"), a count of the attackers
    ("stabbed to death by three men"), a number in a name ("Street 50"). "No casualties were
    reported" gives an explicit 0; with no toll at all `fatalities` is None (an ACLED export
    writes 0). Peaceful protests and protests with intervention carry none (ACLED codes
    protesters killed as excessive force). `by_party` says the statement is a party's claim.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from fogwatch.events.classify import ELAPSED
from fogwatch.events.typology import (
    AIR_STRIKE,
    ATTACK,
    BATTLES,
    CHEMICAL_WEAPON,
    EXPLOSIONS,
    MOB_VIOLENCE,
    NO_FATALITIES,
    PEACEFUL_PROTEST,
    PROTESTS,
    REMOTE_EXPLOSIVE,
    RIOTS,
    SHELLING,
    VAC,
)
from fogwatch.geo import haversine_km
from fogwatch.model import ActorRef, Arg, EventReport, Fatalities, Location, Mention, Quantity, TimeValue
from fogwatch.nlp.starts import Needing, WordGate, fold


class Detection(Protocol):
    """What the classifier says of a sentence (the orchestrator makes `trigger` absolute)."""

    @property
    def sub_event_type(self) -> str: ...
    @property
    def event_type(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def trigger(self) -> tuple[int, int] | None: ...


# --- the registry, for generic names and patrons -------------------------------------------


# The actor matcher `build_reports` was given, for the helpers below during its call.
_GIVEN: ContextVar[Any] = ContextVar("fogwatch_actor_matcher", default=None)


@lru_cache(maxsize=4)
def _matcher_for(actors: str | None) -> Any:
    # Keyed on the `actors` setting: built once per process for each registry file.
    from fogwatch.nlp.actors import ActorMatcher, load_registry
    from fogwatch.settings import Settings

    return ActorMatcher(load_registry(settings=Settings(actors=actors)))


def _matcher() -> Any:
    given = _GIVEN.get()
    if given is not None:
        return given
    from fogwatch.settings import current

    return _matcher_for(current().actors)


def registry() -> Any:
    """The actor registry in use: that of the matcher `build_reports` was given while it runs, else
    the default one with the `actors` setting's additions (FOGWATCH_ACTORS)."""
    return _matcher().registry


def _generic(kind: str, country: str | None) -> ActorRef:
    """A registry description without a name ("civilians", "protesters"...) in `country`."""
    reg = _matcher().registry
    entry = reg.entries[f"generic.{kind}"]
    return ActorRef(reg.generic_name(entry, country), entry.inter, country, entry.id, entry.affiliation)


def _patron(affiliation: str, country: str | None, when: date | None) -> ActorRef | None:
    """The actor behind "Turkish-backed", "Iran-backed", "pro-Houthi"; None for "pro-government"
    (already in the militia's name) or a patron the registry does not know."""
    core = re.sub(
        r"(?i)^pro-?\s*|[-\s]+(?:backed|supported|sponsored|allied|aligned|funded|trained|armed|"
        r"affiliated|linked|led|controlled|financed)$",
        "",
        affiliation.strip(),
    ).strip()
    if not core or core.lower() in _SELF_PATRONS:
        return None
    text = f"{core} forces"
    found = _matcher().find(text, country, when)
    if not found or found[0].start != 0:
        return None
    ref: ActorRef = found[0].ref
    return ref


_SELF_PATRONS = frozenset({"government", "regime", "state", "western", "foreign", "the government", "army"})


# --- lexicons --------------------------------------------------------------------------------

# Event words, for a sentence whose detection carries no trigger.
_EVENT_WORDS = re.compile(
    r"\b(?:attack(?:s|ed|ing)?|ambush(?:es|ed|ing)?|raid(?:s|ed|ing)?|storm(?:s|ed|ing)?|target(?:s|ed|ing)?|"
    r"struck|strikes?|airstrikes?|air\s+strikes?|shell(?:s|ed|ing)?|bomb(?:s|ed|ing|ings)?|bombard(?:s|ed|ing|ment)?|"
    r"fired|firing|shot|shooting|kill(?:s|ed|ing)?|murder(?:s|ed|ing)?|kidnap(?:s|ped|ping)?|abduct(?:s|ed|ing)?|"
    r"captur(?:e|es|ed|ing)|seiz(?:e|es|ed|ing)|overr(?:an|un)|retook|recaptured?|regain(?:s|ed)?|clash(?:es|ed)?|"
    r"fight(?:s|ing)?|fought|battles?|explo(?:ded|sion|sions)|blasts?|detonated|protest(?:s|ed|ing)?|"
    r"demonstrat(?:e|ed|ion|ions|ing)|rall(?:y|ied|ies)|march(?:ed)?|riot(?:s|ed|ing)?|lynch(?:ed|ing)?|"
    r"beat(?:en)?|tortur(?:e|ed)|arrest(?:s|ed|ing)?|detain(?:s|ed|ing)?|loot(?:s|ed|ing)?|torch(?:ed|ing)?|"
    r"burn(?:ed|t|ing)|destroy(?:s|ed|ing)?|launched|intercept(?:s|ed)?|repel(?:s|led)?|repuls(?:ed|es)|"
    r"dispers(?:e|ed|es)|intervened|assault(?:s|ed)?|rap(?:e|ed))\b",
    re.IGNORECASE,
)
# Reciprocal events: both sides act ("clashes between X and Y", "X clashed with Y").
_RECIPROCAL = re.compile(
    r"(?i)^(?:clash|fight|fought|battl|skirmish|exchang|engag|confront|gunfight|firefight|combat|hostilit|fire\s*fight)"
)
_PASSIVE_AUX = re.compile(r"(?i)\b(?:was|were|been|being|is|are|got|get|gets)\b")
_SPEECH_AFTER = re.compile(
    # ("activists in rural Idlib said": where the speakers are may stand between, before a verb of saying)
    r"^\s*(?:(?:in|from|inside)\s+(?:the\s+)?(?:[\w'’-]+\s+){1,3}?(?=(?:said|says|told|reported|stated)\b))?"
    r"(?:,\s*)?(?:has\s+|have\s+|had\s+)?(?:said|says|say|reported|reports|claimed|claims|announced|announces|"
    r"stated|states|told|confirmed|confirms|denied|denies|added|alleged|accused|blamed|quoted|according)\b"
    # "the strike claimed the lives of eight": a toll, not a statement
    r"(?!\s+(?:the\s+)?li(?:ves|fe)\b)",
    re.IGNORECASE,
)
_SPEECH_BEFORE = Needing(
    re.compile(
        r"(?i)(?:(?:according\s+to|(?:said|reported|cited|quoted|claimed|stated)\s+by|told|"
        # "the claim by activists", "reports by residents": who made the claim
        r"(?:claims?|reports?|allegations?|accounts?|accusations?)\s+(?:made\s+)?by|"
        r"spokes(?:man|woman|person)\s+(?:for|of))\s+(?:the\s+|a\s+)?|"
        # "a source at Aleppo Police Command", "sources in the Damascus police": a place may name the body
        r"sources?\s+(?:in|from|at|close\s+to|within)\s+(?:the\s+|a\s+)?(?-i:(?:[A-Z][\w'-]*\s+){0,3}))$"
    )
)
# "a police source", "a military spokesman", "army officials said": the group's word is the speaker,
# named for who it speaks for, not a party to what it tells.
_SOURCE_NOUN = re.compile(
    r"(?i)\s+(?:sources?\b|spokes(?:man|woman|person)\b|media\s+(?:office|centre|center)\b|"
    r"(?:official|officer|commander)s?\s*,?\s+(?:has\s+|had\s+)?(?:said|says|told|confirmed|reported|stated|added)\b)"
)
# "forces of X", "members of X", "fighters loyal to X": the group stands for its members.
_MEMBERS_OF = re.compile(
    r"^\s*(?:of|from|belonging\s+to|loyal\s+to|affiliated\s+(?:with|to)|linked\s+to|allied\s+(?:with|to)|"
    r"associated\s+with|(?:who|which)\s+(?:belong|belonged|are\s+loyal)\s+to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_BACKED_BY = re.compile(
    r"^\s*,?\s*(?:\w+\s+)?(?:backed|supported|sponsored|funded|armed|trained|aided|assisted|reinforced|"
    r"accompanied|joined|covered)\s+by\s+(?:the\s+)?(?:[\w-]+\s+(?:and|as\s+well\s+as)\s+)?$",
    re.IGNORECASE,
)
_COORD = re.compile(
    r"^\s*(?:,|and|,\s*and|&|as\s+well\s+as|along\s+with|together\s+with|alongside|with\s+the\s+support\s+of|"
    r"with\s+support\s+from|in\s+coordination\s+with|supported\s+by|backed\s+by)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "by X", and "came from X" ("an attack which the United States says came from Assad's forces")
_AGENT_BY = re.compile(
    r"(?i)\b(?:by|(?:came|come|comes|coming|originated)\s+from)\s+(?:the\s+|a\s+|an\s+|some\s+)?(?:[\w-]+\s+){0,2}$"
)
_TARGET_PREP = re.compile(
    r"(?i)\b(?:on|against|targeting|at|upon|towards|toward)\s+(?:the\s+|a\s+|an\s+)?(?:[\w'-]+\s+){0,3}$"
)
_WITH_PREP = re.compile(r"(?i)\b(?:with|against)\s+(?:the\s+|a\s+|an\s+)?(?:[\w'-]+\s+){0,2}$")
# Verbs that may stand between an event word and "by X" without taking the agent for themselves.
_LIGHT_VERBS = frozenset(
    [
        "carried",
        "conducted",
        "launched",
        "fired",
        "perpetrated",
        "claimed",
        "committed",
        "staged",
        "mounted",
        "executed",
        "led",
        "initiated",
        "allegedly",
        "reportedly",
        "reported",
        "suspected",
        "believed",
        "presumed",
        "targeted",
        "hidden",
    ]
)
_BETWEEN = re.compile(r"(?i)\b(?:between|among|pitting)\b")
# Event words that are nouns an actor can modify ("Russian air strikes", "regime barrel bombs").
_NOMINAL_TRIGGER = re.compile(
    r"(?i)(?:air\s*|drone\s+)?strikes?|airstrikes?|air\s*raids?|raids?|shelling|bombardments?|bombings?|"
    r"(?:barrel\s+)?bombs?|missiles?|rockets?|shells|mortars?|attacks?|assaults?|(?:gas|chemical)\s+attacks?|"
    r"(?:suicide\s+|car\s+|truck\s+|bomb\s+)?(?:blasts?|explosions?|bombings?|attacks?|bomb(?:er)?s?)"
)
# Between a nominal event word and the side whose strike it was: "an airstrike of the coalition".
_OF_SIDE = re.compile(r"(?i)\s+(?:of|from)\s+(?:the\s+)?")
# After a side's name, what it holds that an attack may hit: "an army checkpoint", "regime positions".
_HELD_THINGS = (
    r"checkpoints?|posts?|outposts?|bases?|positions?|barracks|headquarters|depots?|airports?|air\s*bases?|"
    r"convoys?|patrols?|vehicles?|camps?"
)
_STRUCTURE_AFTER = re.compile(r"(?i)\s+(?:" + _HELD_THINGS + r")\b")
# ... and, after "of", its ground or its men: "shelling of Islamic State positions", "... of IS fighters"
# name what was struck, not who struck.
_PLACE_AFTER_SIDE = re.compile(
    r"(?i)\s+(?:" + _HELD_THINGS + r"|strongholds?|targets?|sites?|areas?|territory|hideouts?|fighters|militants|"
    r"members|troops|soldiers)\b"
)
# Between a side and a nominal event word after it: the side suffered the event.
_SUFFERED = re.compile(r"(?i)[^.;]{0,40}?\b(?:killed|wounded|injured|died|dead|perished|hurt)\b")
_HELD_BY = re.compile(r"(?i)\b(?:held|controlled|run|dominated|occupied|administered)\s+by\s+(?:the\s+)?$")
_HARM_VERB = re.compile(
    r"(?i)\b(?:killed|kills|killing|hit|hits|struck|targeted|targets|wounded|injured|destroyed|claimed|claiming)\b"
)
# A nominal event word as the subject of the verb that tells what it did to whom.
_NOMINAL_SUBJECT = re.compile(
    r"(?i)\s+(?:\w+ly\s+)?(?:killed|kills|kill|hit|hits|struck|strikes|targeted|targets|wounded|wounds|injured"
    r"|injures|destroyed|destroys)\b"
)
# Between a modifying actor and the event word: at most two words that are neither verbs nor
# prepositions ("Russian air strikes", "regime's barrel bombs", "coalition-led heavy strikes").
_MODIFIES = re.compile(
    r"(?:['’]s?)?(?:\s+(?!(?:was|were|is|are|has|have|had|been|killed|kill|kills|in|on|at|of|by|and|or|with|"
    r"from|to|said|say|says|after|before|as|that|which|who|during|amid|through|under|since|over|for|into|"
    r"against|near|while|when|despite|following|in|the|a|an)\b)[\w-]+){0,2}\s+"
)
# Where a clause ends for the roles of its verb.
_CLAUSE_BREAK = re.compile(
    r"(?i)[;:]|\.\s|,\s*(?:while|whereas|but|after|before|as|when|which|who|where|and\s+(?:later|then))\b|\bbut\b"
)

_DEATH_KINDS = ("killed",)
# Counted words that do not say who died: figures with them are alternatives, not parts of a sum.
_GENERIC_HEADS = frozenset(
    {"people", "persons", "person", "casualties", "victims", "dead", "bodies", "individuals", "lives", "fatalities", ""}
)
_ANOTHER = re.compile(r"(?i)\b(?:another|other|more|further|additional|also)\s+(?:\w+\s+){0,2}$")
# A toll over a period, not this event's.
_CUMULATIVE = Needing(
    re.compile(
        # ("since Monday", "since dawn": the hours or days of the fighting told, not a tally since a date)
        r"(?i)\b(?:since(?!\s+(?:(?:early\s+|late\s+|last\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
        r"yesterday|dawn|daybreak|midnight|this\s+morning|last\s+night|the\s+(?:morning|early\s+hours))\b)|"
        r"to\s+date|this\s+year|this\s+month|last\s+year|last\s+month|"
        r"(?:over|in|during)\s+the\s+(?:past|last)\b(?!\s+(?:few\s+|24\s+|48\s+|twenty-four\s+|several\s+)?hours)|"
        r"cumulative|in\s+total\s+since|so\s+far\s+this|since\s+the\s+(?:start|beginning)|"
        # "from March 2011 to June 2016", "between 2012 and 2015"
        r"(?:from|between)\s+(?:[A-Za-z]+\s+)?(?:19|20)\d\d\s+(?:to|until|till|through|and))\b"
    )
)
# The toll of a whole war told as background: "a conflict that has killed more than 280,000 people",
# "170,000 people have been killed in Syria's conflict", "280,000 killed in five years", "the death
# toll from the six-year conflict at 470,000".
_WAR = (
    r"(?:conflicts?|civil\s+war|uprising|rebellion|insurgency|turmoil|revolt|crisis|"
    r"war(?!\s*(?:planes?|jets?|crimes?|monitor|zones?|criminals?|ships?|games|-?torn)))"
)
_WAR_TOTAL_BEFORE = Needing(
    re.compile(
        r"(?i)(?:\b" + _WAR + r"\s+(?:[\w-]+\s+){0,15}?(?:has|have|had)\s+(?:so\s+far\s+|now\s+|already\s+|since\s+)?"
        r"(?:killed|claimed|left|cost|caused\s+the\s+deaths?\s+of)"
        r"|\btoll\s+(?:from|of|in)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?" + _WAR + r"(?:\s+\w+){0,3}?)"
        r"\s+(?:(?:more\s+than|at\s+least|over|nearly|almost|some|about|around|upwards\s+of|well\s+over|the\s+lives"
        r"\s+of|as\s+many\s+as)\s+)?$"
    )
)
_WAR_TOTAL_AFTER = re.compile(
    r"(?i)^\s*(?:[\w-]+\s+){0,6}?(?:killed|dead|died|deaths|lives)\b(?:\s+[\w-]+){0,8}?\s+(?:in|during|since|over)\s+"
    r"(?:(?:the|a|its|syrias?|syrian|iraqs?|yemens?|libyas?|more\s+than|over|nearly|almost)\s+)*"
    r"(?:(?:[\w-]+\s+){0,2}?" + _WAR + r"\b|\w+\s+years\b)"
    # "the killing of at least 100000 people in the massive insurgency in Syria": the war's dead
    r"|^\s*(?:people|civilians|persons|syrians|lives)?\s*(?:in|during|of)\s+(?:the|this|a|its)\s+(?:[\w-]+\s+){0,2}?"
    + _WAR
    + r"\b"
)
# A count that an update replaced: "updating an earlier toll on Sunday evening of 15", "up from 12".
_EARLIER = Needing(
    re.compile(
        r"(?i)\b(?:(?:earlier|previous|initial|first|preliminary)\s+(?:death\s+)?(?:toll|count|figure|tally|estimate)"
        r"(?:\s+\w+){0,5}?\s+(?:of|at|was)|up\s+from|revised\s+from|raised\s+from|"
        # "the monitor, which earlier gave a toll of 20", "had initially put the toll at 15"
        r"(?:earlier|previously|initially|first)\s+(?:\w+\s+){0,2}?(?:gave|given|put|reported|set|cited)\s+"
        r"(?:a|the|its|an)\s+(?:death\s+)?(?:toll|count|figure|tally|number)\s+(?:of|at))\s+(?:at\s+least\s+)?$"
    )
)
_PERSON = (
    r"(?:man|woman|person|civilian|child|boy|girl|baby|infant|teenager|teen|youth|youngster|soldier|policeman|"
    r"policewoman|police\s+officer|officer|officer|guard|fighter|militant|rebel|member|leader|commander|chief|"
    r"farmer|herder|shepherd|trader|merchant|businessman|student|pupil|journalist|reporter|teacher|doctor|nurse|"
    r"medic|resident|villager|driver|worker|activist|official|politician|councillor|councilor|mayor|cleric|imam|"
    r"priest|pastor|elder|local|inhabitant|refugee|migrant|prisoner|detainee|suspect|gunman|militiaman|"
    r"serviceman|conscript|recruit|volunteer|passer-by|passerby|pedestrian|motorist|motorcyclist|vendor|fisherman|"
    r"employee|contractor|engineer|judge|lawyer|Kurd|Arab|Muslim|Christian|Hindu)"
)
_KILL_WORDS = (
    r"(?:killed|shot\s+dead|shot\s+to\s+death|murdered|found\s+dead|beheaded|executed|lynched|stabbed\s+to\s+death|"
    r"beaten\s+to\s+death|hacked\s+to\s+death|burned\s+to\s+death|burnt\s+to\s+death|assassinated|slain|"
    r"gunned\s+down|shot\s+and\s+killed|died|dies|succumbed)"
)
# One death without a figure: "killing a soldier", "a man was shot dead", "the body of a woman".
# "a number of", "a group of": not one person.
_NOT_ONE = (
    r"(?:number|total|group|few|couple|dozen|handful|lot|score|series|wave|spate|string|crowd|mob|family|unknown|"
    r"unspecified|undisclosed|unconfirmed|undetermined)\b"
)
_KILLING = (
    r"(?:killed|killing|kills|murdered|murdering|executed|executing|beheaded|beheading|lynched|lynching|"
    r"assassinated|assassinating|shot\s+dead|shooting\s+dead|gunned\s+down|stabbed\s+to\s+death)"
)
_ONE = r"(?:a|an|one)\s+(?!" + _NOT_ONE + r")"
_DET = r"(?:a|an|the|his|her|their|its|one)\s+(?!" + _NOT_ONE + r")"
# Deaths told without a figure, and how many each pattern counts.
_FEW_DEATHS: list[tuple[re.Pattern[str], int]] = [
    # "a man and a woman were killed", "the officer and her daughter died"
    (
        re.compile(
            # ("a woman and child": the second person's article dropped)
            r"(?i)\b" + _DET + r"(?:[\w-]+\s+){0,2}?[\w-]+\s+and\s+(?:" + _DET + r"(?:[\w-]+\s+){0,2}?[\w-]+|"
            r"(?:child|boy|girl|man|woman|son|daughter|baby|wife|husband|father|mother|brother|sister))\s+"
            r"(?:(?:were|have\s+been|had\s+been)\s+(?:\w+\s+)?" + _KILL_WORDS + r"|died)\b"
        ),
        2,
    ),
    # "killing a soldier", "shot and killed the village chief"
    (
        re.compile(
            r"(?i)\b" + _KILLING + r"\s+(?:" + _ONE + r"|the\s+)(?:[\w'’-]+\s+){0,3}?" + _PERSON + r"\b"
            r"(?!\s+and\s+(?:\w+\s+){0,2}\w+s\b)"
        ),
        1,
    ),
    # "a social leader ... was killed", "the man was shot dead"
    (
        re.compile(
            r"(?i)\b(?:" + _ONE + r"|the\s+)(?:[\w-]+\s+){0,3}?" + _PERSON + r"\b(?:\s*\([^)]{0,40}\))?\s+"
            r"(?:[\w,'-]+\s+){0,8}?(?:was|has\s+been|had\s+been|got|is)\s+(?:\w+\s+)?" + _KILL_WORDS + r"\b"
        ),
        1,
    ),
    # "a child died", "The man died."
    (
        re.compile(
            r"(?i)\b(?:" + _ONE + r"|the\s+)(?:[\w-]+\s+){0,3}?" + _PERSON + r"\s+(?:\w+\s+)?(?:died|dies|succumbed)\b"
        ),
        1,
    ),
    # any noun right before the verb: "a laborer was shot dead", "an 18-year-old was killed"
    (
        re.compile(
            r"(?i)\b(?:a|an)\s+(?!" + _NOT_ONE + r")(?:[\w-]+\s+){0,2}?[\w-]+(?:\s*\([^)]{0,40}\))?\s+"
            r"(?:was|has\s+been|had\s+been|got)\s+(?:\w+\s+)?" + _KILL_WORDS + r"\b"
        ),
        1,
    ),
    (re.compile(r"(?i)\bthe\s+(?:dead\s+)?bod(?:y|ies)\s+of\s+(?:a|an|one)\b(?!\s+(?:\w+\s+){0,2}(?:and|&)\b)"), 1),
    (
        re.compile(
            r"(?i)\b(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:dead\s+)?(?:body|corpse)\s+(?:was|has\s+been)\s+"
            r"(?:found|discovered|recovered)\b"
        ),
        1,
    ),
    (re.compile(r"(?i)\b(?:killed|killing|murdered|executed|lynched|shot\s+dead)\s+(?:him|her)\b"), 1),
    (re.compile(r"(?i)\b(?:resulting\s+in|leading\s+to|causing|caused)\s+(?:his|her)\s+death\b"), 1),
    # "stabbed a journalist to death", "beat a suspect to death"
    (
        re.compile(
            r"(?i)\b(?:stabb(?:ed|ing)|beat(?:en|ing)?|hack(?:ed|ing)|burn(?:ed|t|ing)|shot|shooting|ston(?:ed|ing)|"
            r"tortur(?:ed|ing)|clubb(?:ed|ing))\s+" + _ONE + r"(?:[\w-]+\s+){0,4}?to\s+death\b"
        ),
        1,
    ),
    (re.compile(r"(?i)\b(?:a|an)\s+(?:[\w-]+\s+){0,2}?[\w-]+['’]s\s+(?:dead\s+)?(?:body|corpse)\b"), 1),
    # "leaving a soldier dead"; not "leaving the bodies of their dead", which counts no one
    (re.compile(r"(?i)\bleaving\s+(?:" + _ONE + r"|the\s+)(?!bod(?:y|ies)\b)(?:[\w-]+\s+){0,2}?[\w-]+\s+dead\b"), 1),
]
# Three or more people listed before the verb, with or without commas: "a father, a mother and a son
# were killed", "A father a mother and a son were killed", "a woman and her two children died". Each
# item opens with a determiner or a small figure; "the mother of a child" is one item, not two.
_LIST_WORD = r"(?:a|an|the|his|her|their|its|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
_LIST_ITEM = (
    r"(?:(?:a|an|the|his|her|their|its)\s+)?(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+)?"
    r"(?:(?!(?:of|and|or|in|at|on|by|from|with)\b)(?!" + _LIST_WORD + r"\b)(?!" + _NOT_ONE + r")[\w-]+\s+){0,2}?"
    r"(?!(?:of|and|or)\b)[\w-]+"
)
_LISTED_DEAD = re.compile(
    r"(?i)(?<![\w,-] )(?<![\w-])(?P<list>(?="
    + _LIST_WORD
    + r"\s)"
    + _LIST_ITEM
    + r"(?:,?\s+(?="
    + _LIST_WORD
    + r"\s)"
    + _LIST_ITEM
    + r"){0,4},?\s+and\s+(?="
    + _LIST_WORD
    + r"\s)"
    + _LIST_ITEM
    + r")\s+"
    r"(?:(?:were|have\s+been|had\s+been)\s+(?:\w+\s+)?" + _KILL_WORDS + r"|died)\b"
)
_ITEM_COUNT = re.compile(r"(?i)\b(one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s")


def _listed_dead(text: str, a: int, b: int) -> tuple[int, tuple[int, int]] | None:
    """How many people a list of three or more told dead names, counting "her two children" as two."""
    from fogwatch.nlp.numbers import parse_number

    hit = _LISTED_DEAD.search(text, a, b)
    if hit is None:
        return None
    items = re.split(r"(?i),?\s+and\s+|,\s*|\s+(?=(?:a|an|the|his|her|their|its)\s)", hit["list"])
    n = 0
    for item in items:
        figure = _ITEM_COUNT.match(item.split(None, 1)[-1] + " ") or _ITEM_COUNT.match(item + " ")
        n += (parse_number(figure[1]) or 1) if figure else 1
    return (n, (hit.start(), hit.end())) if n >= 3 else None


# "killed an unknown number of civilians", "an unspecified number of soldiers were killed": ACLED
# codes a toll it is told exists but not told as it codes "several" (the quantity reader's 10).
_UNKNOWN_TOLL = re.compile(
    r"(?i)\b(?:" + _KILLING + r"\s+(?:an?\s+)?(?:(?:unknown|unspecified|undisclosed|undetermined|unconfirmed)\s+)?"
    r"number\s+of|(?:an?\s+)?(?:unknown|unspecified|undisclosed|undetermined|unconfirmed)\s+number\s+of\s+"
    r"(?:[\w-]+\s+){1,3}?(?:were|had\s+been|have\s+been)\s+(?:\w+\s+)?" + _KILL_WORDS + r")\b"
)
UNKNOWN_TOLL = 10
# "killed a family of five"
_FAMILY = re.compile(r"(?i)\b" + _KILLING + r"\s+(?:a|an|the)\s+(?:[\w-]+\s+)?family\s+of\s+(?P<n>[\w-]+)\b")
# After a count of the attackers: the verb they act with ("two armed men driving a motorcycle shot...").
_ACTS = re.compile(
    r"\s+(?:reportedly\s+|allegedly\s+|then\s+)?(?!(?:were|was|had|have|has|are|is|died|dead|including|and|or|of|"
    r"from|in|on|at|killed|wounded|injured|while|who|whom|among|amongst|aged|mostly|mainly|many|most|all|both|"
    r"whose|inside|near|after|when|as)\b)[a-z]+"
)
# ACLED codes no fatalities in these: protesters killed make the event "Excessive force against protesters".
_NO_TOLL_TYPES = NO_FATALITIES
# A count after these is part of the one before it ("21 militants, including 2 commanders").
_DEAD_GROUP = r"(?:the|those)\s+(?:\w+\s+)?(?:killed|dead|victims|casualties|fatalities|who\s+(?:died|were\s+killed))"
_SUBSET = Needing(
    re.compile(
        r"(?i)\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+which|incl\.|among\s+"
        + _DEAD_GROUP
        + r"(?:\s+(?:were|was|are|is))?)\s+(?:at\s+least\s+)?$"
    )
)
# The second part and after in a list of parts: "24 people including five children and two women".
_SUBSET_LIST = Needing(
    re.compile(
        r"(?i)\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+which)\s+(?:at\s+least\s+)?[\w-]+"
        r"(?:\s+[\w-]+){0,3}?\s*(?:,\s*|,?\s+and\s+)(?:at\s+least\s+)?$"
    )
)
# "three people, two of them children": a count of some of those counted right before it (not
# "killing 2 of them", where "them" are the attackers named earlier).
_OF_THEM = re.compile(r"(?i)[\w-]+\s+of\s+(?:them|whom)\b")
_RIGHT_AFTER = re.compile(r"\s*,?\s*")
# "many of those killed were from one family", "four children were among the dead": a part of the
# dead, not their number
_PART_OF_DEAD = re.compile(
    r"(?i)\s+(?:of\s+(?:those|the)\s+(?:killed|dead|victims|who\s+died)\b|(?:\w+\s+){0,5}?(?:were|was|are|is)\s+"
    r"(?:also\s+|reportedly\s+)?among\s+" + _DEAD_GROUP + r"\b)"
)
# "kidnapped and killed", "abducted and later executed": a count read as captured or injured that died.
_THEN_KILLED = re.compile(
    r"(?i)^[^.;]{0,40}?\b(?:and|then|before\s+being|before)\s+(?:\w+\s+)?(?:killed|executed|beheaded|"
    r"murdered|shot\s+dead|died)\b"
)
# A count after "by" counts the attackers, not the dead ("stabbed to death by four men").
_BY_BEFORE = re.compile(r"(?i)\bby\s+(?:the\s+|some\s+|about\s+|around\s+|at\s+least\s+)?$")
_NO_DEATHS = Needing(
    re.compile(
        r"(?i)\b(?:no\s+(?:one\s+was\s+(?:killed|hurt|injured)|(?:reported\s+|reports?\s+of\s+)?(?:casualties|fatalities|deaths|victims|"
        r"loss\s+of\s+life|injuries\s+(?:or|nor|and)\s+(?:fatalities|casualties|deaths)|fatalities\s+(?:or|nor|and)\s+"
        r"injuries|casualties\s+(?:or|nor|and)\s+injuries))|without\s+(?:causing\s+)?(?:any\s+)?(?:casualties|fatalities|"
        r"deaths|loss\s+of\s+life)|nobody\s+was\s+(?:killed|hurt|injured)|none\s+(?:were|was)\s+killed)\b"
    )
)
# A sentence that starts by pointing back at the event before it.
_ANAPHORA = re.compile(
    r"(?i)^(?:\W*)(?:(?:the|this|that|these|those|both)\s+(?:\w+\s+){0,2}(?:attacks?|clash(?:es)?|strikes?|"
    r"airstrikes?|raids?|shelling|bombing|explosions?|blasts?|incidents?|assaults?|ambush(?:es)?|fighting|"
    r"battles?|violence|shooting|operations?|offensive|exchange|riots?|protests?|explosion)|it|they|in\s+the\s+"
    r"(?:attack|clash|incident|strike|fighting|explosion|blast|raid|ambush|shelling)|during\s+the|as\s+a\s+result)\b"
)

# Feature classes and codes, most specific first: a town before its district, its province, its country.
_FEATURE_RANK = {"P": 0.0, "S": 0.0, "T": 1.0, "H": 1.0, "V": 1.0, "R": 1.0, "L": 3.5, "U": 3.5}
_ADMIN_RANK = {"ADM5": 1.0, "ADM4": 1.0, "ADM3": 1.0, "ADM2": 2.0, "ADM1": 3.0, "ADMD": 2.0}
_LOCATIVE = re.compile(
    r"(?i)\b(?:in|at|near|on|outside|inside|around|into|across|to|of|toward|towards|within|over|along|between|"
    r"and|targeting|targeted|struck|hit|shelled|attacked|captured|seized|stormed|raided|bombed|entered)\s+"
    r"(?:the\s+)?(?:[\w'-]+\s+){0,3}$"
)
# What may stand between a place and the parenthesis that locates it: "Muaja village (Ancuabe)".
_PLACE_WORDS = (
    r"village|town|city|district|sub-?district|subdivision|area|camp|neighbou?rhood|locality|front|frontline"
    r"|sector|region|municipality|commune|county|province|governorate|state|lga|block|tehsil|taluka?|mandal"
    r"|upazila|quarter|suburb|zone|colony|barangay|ward"
)
_PLACE_WORD = re.compile(rf"(?i)\s*(?:(?:{_PLACE_WORDS})\s*){{0,2}}")
_PLACE_WORD_COMMA = re.compile(rf"(?i)\s*(?:(?:{_PLACE_WORDS})\s*)?,\s*")
_PLACE_WORD_END = re.compile(rf"(?i)\s*(?:(?:{_PLACE_WORDS})\s*)?[,)]")
# "X area of Y", "X district in Y", "X neighbourhood of Y city": Y locates X.
_PART_OF = re.compile(rf"(?i)\s+(?:{_PLACE_WORDS})(?:\s+(?:{_PLACE_WORDS}))?\s+(?:of|in)\s+(?:the\s+)?")
_FROM = Needing(re.compile(r"(?i)\b(?:from|fled|fleeing|displaced)\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}$"))
_OWN_FROM = re.compile(
    r"(?i)[\w'-]+(?:\s+(?:back|out|away))?\s+(?:of|from)\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}|[\w'-]+\s+from\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}"
)
# "fighters from Central Asia", "a teacher from X": where people come from, not where the event
# happened; "from the direction of X": where fire came from. Neither is the event's place.
_NOT_HERE = Needing(
    re.compile(
        r"(?i)(?:\b(?:fighters?|militants?|jihadists?|mercenaries|volunteers?|recruits?|soldiers?|troops|militiam[ae]n"
        r"|people|m[ae]n|wom[ae]n|boys?|girls?|youths?|residents?|civilians?|refugees?|migrants?|families|nationals?"
        r"|citizens?|natives?|activists?|members?|students?|workers?|teachers?|schoolteachers?|doctors?|journalists?"
        r"|delegates?|delegations?|officials?|tribesm[ae]n|pilgrims?|volunteer|reinforcements)[\"'”’]?\s+(?:originally\s+|mainly\s+"
        r"|mostly\s+|who\s+(?:came|come|hail(?:ed)?)\s+)?from|\bfrom\s+the\s+direction\s+of|\bhail(?:s|ed|ing)\s+from"
        # where aircraft flew from: "warplanes that had taken off from Hmeimim Air Base"
        # where forces moved from: "reinforcements were on their way from Aleppo", "troops sent from Hama"
        r"|\b(?:reinforcements|convoys?)\s+(?:\w+\s+){0,4}?from|\bon\s+(?:their|its|his|the)\s+way\s+from"
        r"|\b(?:sent|dispatched|brought\s+in|rushed|redeployed|transferred)\s+from"
        r"|\b(?:took|taken|taking|takes|take)\s+off\s+from|\b(?:flew|flown|flying)\s+(?:in\s+)?from|\bbased\s+(?:at|in))"
        r"\s+(?:the\s+)?(?:[\w'-]+\s+){0,2}(?:(?:and|or)\s+(?:the\s+)?(?:[\w'-]+\s+){0,2})?$"
    )
)
_LIST_JOIN = re.compile(
    r"^\s*(?:,|and|or|,\s*and|,\s*or|as\s+well\s+as|&|\band\s+in|,\s*as\s+well\s+as)\s*(?:the\s+)?(?:(?:village|town|city|district|area|villages|towns|areas|localit(?:y|ies))\s+of\s+)?$",
    re.I,
)


# --- the entry point -----------------------------------------------------------------------


def build_reports(
    text: str,
    sentences: list[tuple[int, int]],
    index: int,
    detection: Detection,
    mentions: list[Mention],
    anchor: date | None,
    speaker_is_party: bool,
    actors: Any = None,
) -> list[EventReport]:
    """The event of sentence `index` as reports, one per place it happened in (see the module doc);
    [] when the sentence index is out of range. `actors` is the `ActorMatcher` whose registry names
    generic actors and patrons (the analyzer's; by default the one of the settings)."""
    if not 0 <= index < len(sentences):
        return []
    if actors is not None and actors is not _GIVEN.get():
        token = _GIVEN.set(actors)
        try:
            return build_reports(text, sentences, index, detection, mentions, anchor, speaker_is_party)
        finally:
            _GIVEN.reset(token)
    s0, s1 = sentences[index]
    trigger = _trigger(text, s0, s1, detection.trigger)
    # the rest of a sentence after "hours after ..." tells another event: its places, dates, actors
    # and tolls are not this one's
    s1 = _elapsed_cut(text, s0, s1, trigger[0])
    mentions, focus = _article_view(text, mentions)
    # "X withdrew from the village, while shelling on the nearby town killed 12": the other half of
    # a contrast tells another event, and its places and tolls are not this one's
    h0, h1 = _contrast_half(text, s0, s1, trigger)
    here = _between(mentions, s0, s1)
    if (h0, h1) != (s0, s1):
        mentions = [m for m in mentions if not (s0 <= m.start < s1) or h0 <= m.start < h1]
        s1 = h1
        here = _between(mentions, s0, s1)

    treated = _not_scenes(text, s0, here, _treated_at)
    places = _event_places(
        text, s0, s1, [m for m in here if m.start not in treated] if treated else here, trigger, focus
    )
    if not places:
        places = _fallback_place(text, sentences, index, mentions, focus)
    # a continent, or a region across countries, is where no event is coded ("opposition activists
    # in Europe", "al-Nusra Front (Qaeda branch in the Levant)")
    places = [p for p in places if not _across_countries(p.location)]
    if not places:
        places = [
            p for p in _fallback_place(text, sentences, index, mentions, focus) if not _across_countries(p.location)
        ]
    when = _date(here, mentions, s0, anchor, text, trigger)
    if when is not None and anchor is not None and isinstance(when.value, TimeValue):
        start = when.value.start
        if start is not None and start > anchor:
            # an event the article reports cannot come after it ("less than a month after it fell")
            when = Arg(-1, -1, TimeValue(anchor, anchor, "day", True, anchor.month, anchor.day))
    country = _country(places, here, focus)
    roles = _roles(text, s0, s1, trigger, [m for m in here if m.kind == "actor"])
    if roles.actor1 is not None and (
        _HELD_BY.search(text, max(s0, roles.actor1.start - 24), roles.actor1.start)
        or _STRUCTURE_AFTER.match(text, roles.actor1.end)
    ):
        # "strikes hit a village held by Islamic State militants", "the bombers pulled up at the army
        # checkpoint": who holds the place, or whose post it is, was struck there
        roles = _Roles(None, roles.actor2 or roles.actor1, roles.assoc)
    if roles.actor1 is None:
        implied = _implied_agent(text, s0, trigger, country, anchor)
        if implied is not None and (roles.actor2 is None or roles.actor2.ref.name != implied.ref.name):
            roles = _Roles(implied, roles.actor2, roles.assoc)
    first = roles.actor1
    if first is None or ((first.ref.registry_id or "").startswith("generic.") and first.start >= s0):
        # "... said its drones had destroyed", "... said its fighters had stormed": the speaker's own forces
        own = _speakers_own(text, s0, trigger, [m for m in here if m.kind == "actor"], anchor)
        if (
            own is not None
            and (first is None or own.start <= first.start < own.end)
            and (roles.actor2 is None or _side_of(roles.actor2.ref) != _side_of(own.ref))
        ):
            roles = _Roles(own, roles.actor2, roles.assoc)
    if roles.actor1 is None and detection.sub_event_type in (AIR_STRIKE, CHEMICAL_WEAPON) and country:
        # "barrel bombs dropped from helicopters": only a state's air force drops them
        flown = _STATE_ONLY.search(text, s0, s1)
        if flown is not None:
            ref = ActorRef(registry().state_name(country, "military", anchor), 1, country)
            roles = _Roles(_Actor(-1, -1, ref), roles.actor2, roles.assoc)
    if roles.actor1 is None:
        roles = _borrow(text, sentences, index, mentions, roles, air=detection.sub_event_type == AIR_STRIKE)
    actor1, actor2, assoc = _conventions(text, s0, s1, index, sentences, mentions, detection, roles, country, anchor)
    actor2 = _not_itself(text, s0, actor1, actor2, [m for m in here if m.kind == "actor"], country)
    if places:
        # the country the event happened in, when the sentence names it ("In Iraq ... Haditha"), even
        # where the article's own country reads its place as doubtful
        there = places[0].location.country
        if there and (
            there == country
            or any(
                m.kind == "place"
                and isinstance(m.value, Location)
                and m.value.country == there
                and (m.value.feature or "").startswith("A.PCL")
                for m in here
            )
        ):
            actor1, actor2 = _forces_of(actor1, there, anchor), _forces_of(actor2, there, anchor)
    actor1, actor2, assoc = _external(actor1, actor2, assoc, country)
    fatalities, fat_span = _fatalities(
        text, sentences, index, mentions, speaker_is_party, actor1, until=s1, kind=detection.event_type
    )
    if detection.sub_event_type in _NO_TOLL_TYPES:
        fatalities, fat_span = None, None
    if (
        actor2 is None
        and fat_span is not None
        and detection.sub_event_type in _STRIKES_ON_PEOPLE
        and _PEOPLE_KILLED.search(text, fat_span[0], fat_span[1] + 12)
    ):
        # "an airstrike hit a field hospital killing three people": those a strike or an attack killed,
        # told as no side's, were civilians
        actor2 = Arg(fat_span[0], fat_span[1], _generic("civilians", country))

    reports: list[EventReport] = []
    base = EventReport(
        sub_event_type=detection.sub_event_type,
        event_type=detection.event_type,
        score=float(detection.score),
        trigger=detection.trigger,
        actor1=actor1,
        actor2=actor2,
        assoc_actors=assoc,
        location=None,
        date=when,
        fatalities=fatalities,
        fatalities_span=fat_span,
    )
    slots: list[_Place | None] = list(places) or [None]
    for n, place in enumerate(slots):
        share = _share(fatalities, n, len(slots)) if fatalities is not None else None
        reports.append(
            replace(
                base,
                actor1=_copy_arg(actor1),
                actor2=_copy_arg(actor2),
                assoc_actors=[a for a in (_copy_arg(x) for x in assoc) if a is not None],
                location=Arg(place.start, place.end, replace(place.location)) if place is not None else None,
                date=_copy_arg(when),
                fatalities=share,
            )
        )
    return reports


# What strikes and attacks do to people ("Remote violence" and attacks on civilians).
_STRIKES_ON_PEOPLE = frozenset({AIR_STRIKE, SHELLING, CHEMICAL_WEAPON, REMOTE_EXPLOSIVE, ATTACK})
_PEOPLE_KILLED = re.compile(r"(?i)\b(?:people|persons|residents|inhabitants|villagers|passers-by)\b")


def _share(f: Fatalities, n: int, places: int) -> Fatalities:
    """Place `n`'s part of a toll told for `places` places at once: split evenly, the remainder to
    the first place, and marked as shared (one place's own figure, told elsewhere, is preferred)."""
    if places <= 1:
        return replace(f)

    def part(x: int | None) -> int | None:
        return None if x is None else x // places + (x % places if n == 0 else 0)

    return Fatalities(part(f.best) or 0, part(f.low), part(f.high), f.by_party, shared=True)


# The article-wide part of the work (mentions without misread places, the report's country),
# kept for the article whose sentences are being read: it is the same for each of them.
_last_view: tuple[str, list[Mention], list[Mention], _Focus | None] | None = None


def _article_view(text: str, mentions: list[Mention]) -> tuple[list[Mention], _Focus | None]:
    global _last_view
    if _last_view is not None and _last_view[0] is text and _last_view[1] is mentions:
        return _last_view[2], _last_view[3]
    cleaned = _Ordered.of(
        [m for m in _clean_places(mentions) if m.kind != "place" or not (names_a_source(text, m) or _speaks(text, m))]
    )
    focus = _focus(cleaned, text)
    _last_view = (text, mentions, cleaned, focus)
    return cleaned, focus


class _Ordered(list[Mention]):
    """Mentions in the order of their starts, with the starts: the mentions of a sentence are a slice
    of them, found by bisection, where a text has many sentences and each would read them all."""

    starts: list[int]
    # the places of earlier sentences that events without a place of their own fall back on, by
    # (sentence start, end, id of the focus): each sentence's are read once however many look back
    fallback: dict[tuple[int, int, int], tuple[_Focus | None, list[_Place]]]
    # the roles of earlier sentences that events without an initiator borrow from, by (sentence start,
    # end), with the actor matcher they were read with: each sentence's are read once however many
    # look back (read only, never changed)
    borrowed: dict[tuple[int, int], tuple[Any, tuple[int, int], _Roles]]

    @classmethod
    def of(cls, mentions: list[Mention]) -> list[Mention]:
        """`mentions` as an `_Ordered` when their starts are in order, else as they are."""
        starts = [m.start for m in mentions]
        if not all(x <= y for x, y in itertools.pairwise(starts)):
            return mentions
        out = cls(mentions)
        out.starts = starts
        out.fallback = {}
        out.borrowed = {}
        return out


def by_start(mentions: list[Mention]) -> list[Mention]:
    """The same mentions, as a list whose stretches (a sentence's mentions) are found by bisection
    when their starts are in order (as the analyzer gives them)."""
    return _Ordered.of(mentions)


def _between(mentions: list[Mention], a: int, b: int) -> list[Mention]:
    """The mentions that start in `[a, b)`, in their order."""
    if isinstance(mentions, _Ordered):
        return mentions[bisect.bisect_left(mentions.starts, a) : bisect.bisect_left(mentions.starts, b)]
    return [m for m in mentions if a <= m.start < b]


def _before(mentions: list[Mention], a: int) -> list[Mention]:
    """The mentions that start before `a`, in their order."""
    if isinstance(mentions, _Ordered):
        return mentions[: bisect.bisect_left(mentions.starts, a)]
    return [m for m in mentions if m.start < a]


def _copy_arg(arg: Arg | None) -> Arg | None:
    if arg is None:
        return None
    return Arg(arg.start, arg.end, replace(arg.value) if not isinstance(arg.value, str) else arg.value)


def _trigger(text: str, s0: int, s1: int, given: tuple[int, int] | None) -> tuple[int, int]:
    """The event word's span: the classifier's, else the first event word of the sentence, else its start."""
    if given is not None and s0 <= given[0] <= given[1] <= s1:
        head = re.match(r"\s*[:\u2013\u2014-]\s", text[given[1] : given[1] + 3])
        if not (head and not text[s0 : given[0]].strip()):
            return given
        # "Arrests: police detained ...": a heading names the kind of event; the verb after it has the roles
        s0 = given[1] + head.end()
    m = _EVENT_WORDS.search(text, s0, s1)
    return (m.start(), m.end()) if m else (s0, s0)


# --- places ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Place:
    start: int
    end: int
    location: Location


def _rank(loc: Location) -> float:
    """0 a town or site, 1 a district or natural feature, 2 a county, 3 a province, 3.5 a region, 4 a country."""
    feature = loc.feature or ""
    fclass, _, fcode = feature.partition(".")
    if fclass == "A":
        if fcode.startswith("PCL"):
            return 4.0
        return _ADMIN_RANK.get(fcode, 3.0)
    if fclass:
        return _FEATURE_RANK.get(fclass, 1.0)
    if (loc.relation or "").startswith("somewhere in"):
        return 0.5  # a small place the gazetteer lacks, placed by the division the text puts it in
    return 3.0 if loc.geo_precision == 3 else 0.0


def _capital(loc: Location) -> bool:
    """A main town of a country or a province, or a division: what names the province around a town."""
    return (loc.feature or "").startswith(("P.PPLA", "P.PPLC")) or (loc.name == loc.admin1 and _rank(loc) > 0)


def _same_place(a: Location, b: Location) -> bool:
    if a.name == b.name:
        return True
    if _placed_by_another(a) or _placed_by_another(b):
        return False  # a name the gazetteer lacks, pinned on a town near it, is not that town
    return abs(a.lat - b.lat) < 1e-3 and abs(a.lon - b.lon) < 1e-3


def _placed_by_another(loc: Location) -> bool:
    return (loc.relation or "").startswith("somewhere in ")


def _containers(text: str, places: list[Mention]) -> dict[int, int]:
    """Places that only say where another one is, each with the index of the place it locates:
    "Muaja (Ancuabe, Cabo Delgado)", "Saraqib, Idlib", "Cawayan, Masbate", "Hadibu in Suqutra"."""
    out: dict[int, int] = {}
    free: list[int] = []  # the places before this one that locate no other, in text order
    for i, p in enumerate(places):
        while free and free[-1] in out:  # only the last of them is ever set to locate another
            free.pop()
        if i > 0 and i - 1 not in out:
            free.append(i - 1)
        prev_i = free[-1] if free else None
        prev = places[prev_i] if prev_i is not None else None
        loc = _loc(p)
        before = text[max(0, p.start - 200) : p.start]
        if before.rfind("(") > before.rfind(")"):
            last = places[i - 1] if i > 0 else None
            if (
                last is not None
                and i - 1 in out
                and out[i - 1] == i - 1
                and _PLACE_WORD_COMMA.fullmatch(text[last.end : p.start])
                and _rank(loc) >= _rank(_loc(last))
            ):
                # "X (Qaatabah, Ad Dali)" with X not read as a place: the second locates the first
                out[i] = i - 1
                continue
            if (
                last is not None
                and _capital(loc)
                and last.start > p.start - len(before) + before.rfind("(")
                and _PLACE_WORD_COMMA.fullmatch(text[last.end : p.start])
            ):
                # "(Mahliyah, Marib)": a province's main town after a comma in one parenthesis is
                # the province, locating what its first name locates (or that name itself)
                out[i] = out.get(i - 1, i - 1)
                continue
            # in parentheses: "(Ancuabe, Cabo Delgado)"; but "Punjab (Lahore)" names the place itself
            if prev is not None and prev_i is not None and _rank(loc) < _rank(_loc(prev)):
                continue
            paren = max(0, p.start - 200) + before.rfind("(")
            last = places[i - 1] if i > 0 else None
            unread = (
                last is not None
                and last.end <= paren
                and not _PLACE_WORD.fullmatch(text[last.end : paren])
                and bool(_PLACE_WORD_END.match(text, p.end))
            )
            # "Al Wahabiyah front (As Sawadiyah, Al Bayda)" with the first name unread: it locates that name
            out[i] = prev_i if prev_i is not None and not unread else i
            continue
        if prev is None or prev_i is None:
            continue
        gap = text[prev.end : p.start]
        ploc = _loc(prev)
        wider = _rank(loc) > _rank(ploc) or (loc.country == ploc.country and loc.name == ploc.admin1)
        if _PLACE_WORD_COMMA.fullmatch(gap):
            # "A, B" ("A district, B") is a place and where it is, unless B goes on as a list ("A, B and C")
            nxt = places[i + 1] if i + 1 < len(places) else None
            listed = nxt is not None and bool(_LIST_JOIN.fullmatch(_without_containers(text, p.end, nxt.start)))
            if wider or not listed:
                out[i] = prev_i
        elif re.fullmatch(r"(?i)\s+(?:in|of)\s+(?:the\s+)?", gap) and (
            wider or (_capital(loc) and not _capital(ploc) and _rank(loc) >= _rank(ploc))
        ):
            out[i] = prev_i  # "Hadibu in Suqutra"; "Kafr Nabl in Idlib" (the province's main town names it)
        elif _PART_OF.fullmatch(gap):
            out[i] = prev_i  # "the Soba area of Khartoum", "Muqur district in Badghis"
        elif re.fullmatch(r"['’]s\s+", gap) and prev_i not in out:
            out[prev_i] = i  # "Beirut's Hamra district": the first locates the second
    return out


# A place read this surely is not overruled by the distance to its container alone.
SURE_PLACE = 0.7
# How far a place may lie from the point of what the text says contains it: a province's
# centre is far from its edges, a town or a district's is not.
_CONTAINER_REACH_KM = {0: 120.0, 1: 150.0, 2: 150.0, 3: 400.0}


def _contradicts(place: Location, container: Location) -> bool:
    """The container says the place is elsewhere: another country, or another province and
    farther from the container than a place inside it can be ("Shahpur (Poonch district)"
    read as a Shahpur a thousand km away)."""
    rank = _rank(container)
    if place.country and container.country and place.country != container.country:
        # but a town just across the border ("Ras al-Ain in Al-Hasakeh" read as its twin) is where it says
        near = rank < 4 and haversine_km(place.lat, place.lon, container.lat, container.lon) <= _CONTAINER_REACH_KM[0]
        return not near
    if rank >= 4:
        return False
    if place.admin1 and container.admin1 and (place.admin1 == container.admin1 or container.name == place.admin1):
        return False
    # a town that gives its province its name ("Kamianka, Donetsk") stands for the province
    capital = (container.feature or "").startswith(("P.PPLA", "P.PPLC")) or container.name == container.admin1
    if place.admin1 and container.admin1 and (rank >= 2 or capital):
        return True  # "Vesele, Donetsk" read as a Vesele of another province
    reach = _CONTAINER_REACH_KM[3 if capital else min(int(rank), 3)]
    return haversine_km(place.lat, place.lon, container.lat, container.lon) > reach


def _abbreviated(text: str, m: Mention) -> bool:
    """ "TN", "AP", "Calif.", "J&K": a container named by initials, easily read as a division elsewhere."""
    return bool(re.fullmatch(r"[A-Z]{2,3}|[A-Z]&[A-Z]|[A-Z][a-z]{1,4}\.|(?:[A-Z]\.){2,}", text[m.start : m.end]))


def _misread_container(place: Location, container: Location, focus: _Focus | None, abbreviated: bool = False) -> bool:
    """A container in another country than its place, where the report weighs the place's country more;
    initials ("Chennai, TN") are the misread name unless the report weighs their country more."""
    if not place.country or not container.country or place.country == container.country:
        return False
    if abbreviated:
        return focus is None or focus.weight.get(container.country, 0.0) <= focus.weight.get(place.country, 0.0)
    if focus is None:
        return False
    if (container.feature or "").startswith(("A.ADM", "P.PPLA", "P.PPLC")):
        return False  # a capital or a division is seldom the misread name of the two
    return focus.weight.get(place.country, 0.0) > focus.weight.get(container.country, 0.0)


def _locates_unread(text: str, places: list[Mention], i: int, starts: list[int]) -> bool:
    """ "X front (Sahar, Sadah)": the first place of a parenthesis of places after a name that was
    not read as one; not a parenthesis that names something else ("(Sheep Market)").
    `starts` are the places' starts, sorted."""
    p = places[i]
    opening = text.rfind("(", 0, p.start)
    return (
        opening > 0
        and not re.search(r"[()]", text[opening + 1 : p.start])
        and bisect.bisect_right(starts, opening) == bisect.bisect_left(starts, p.start)
        and bool(_PLACE_WORD_END.match(text, p.end))
        and bool(re.search(r"\w\s*$", text[max(0, opening - 40) : opening]))
    )


def _loc(m: Mention) -> Location:
    assert isinstance(m.value, Location)
    return m.value


def _clean_places(mentions: list[Mention]) -> list[Mention]:
    """The mentions without the places that overlap an actor ("Militia" read both ways: an actor)."""
    actors = sorted((m.start, m.end) for m in mentions if m.kind == "actor")
    starts = [a for a, _ in actors]
    longest = max((b - a for a, b in actors), default=0)

    def covered(m: Mention) -> bool:
        # only actors starting less than the longest actor's length before the place can overlap it
        i = bisect.bisect_left(starts, m.start - longest)
        while i < len(actors) and actors[i][0] < m.end:
            if m.start < actors[i][1]:
                return True
            i += 1
        return False

    return [m for m in mentions if m.kind != "place" or not covered(m)]


# Words that make a place name the start of a monitor's or a medium's name: "the Idlib Monitoring
# Network said", "the Aleppo Media Center reported". Such a name says who speaks, not where the
# event was. (Hospitals, schools and markets named after a town are left: they are where it was.)
_SOURCE_NAME_WORDS = frozenset(
    [
        "network",
        "networks",
        "observatory",
        "monitor",
        "monitoring",
        "media",
        "news",
        "post",
        "times",
        "herald",
        "tribune",
        "journal",
        "daily",
        "gazette",
        "telegraph",
        "observer",
        "chronicle",
        "agency",
        "bureau",
        "radio",
        "tv",
        "television",
    ]
)
_NAME_AFTER = re.compile(r"\s+([A-Z][\w'’-]*)(?:\s+([A-Z][\w'’-]*))?")


_SPEECH_VERB = re.compile(
    r"\s+(?:said|says|told|added|stated|warned|explained|noted|stressed|claimed|denied|wrote|tweeted|"
    r"announced|insisted|confirmed)\b"
)


def _speaks(text: str, m: Mention) -> bool:
    """A name that speaks is a person ("Sino told journalists", "Carter said") or a government
    ("Damascus said"), never the place where an event happened."""
    if _SPEECH_VERB.match(text, m.end) is None:
        return False
    # "residents of Darat Izza said": the place of those who speak
    return not re.search(r"(?i)\b(?:of|in|from|at|near)\s+(?:the\s+)?$", text[max(0, m.start - 12) : m.start])


def names_a_source(text: str, m: Mention) -> bool:
    """A place word that is part of a monitor's or medium's name ("the Idlib Monitoring Network")."""
    after = _NAME_AFTER.match(text, m.end)
    return after is not None and any(w is not None and w.lower() in _SOURCE_NAME_WORDS for w in after.groups())


# What the analyzer's own choice of the report's country weighs (against a place's confidence).
FOCUS_DESCRIBED = 0.5
# What each named actor (with its country) weighs.
FOCUS_NAMED = 1.0


@dataclass(slots=True)
class _Focus:
    """The country the report is about, and how much each country weighs in it."""

    country: str
    weight: dict[str, float]

    def doubtful(self, loc: Location) -> bool:
        """A place in a country the report hardly mentions: a name misread as a town abroad."""
        if loc.country is None or loc.country == self.country:
            return False
        return self.weight.get(loc.country, 0.0) < 0.7 * self.weight[self.country]


def _overruled(text: str, places: list[Mention]) -> tuple[set[int], set[int]]:
    """The places (indices) whose container is a division or a main town of another country,
    and those containers: "Dunda (Uttarakhand)" with Dunda read as a town abroad. A division's
    name is seldom misread; the small place it locates is."""
    held: set[int] = set()
    holders: set[int] = set()
    for c, h in _containers(text, places).items():
        if c == h:
            continue
        place, container = _loc(places[h]), _loc(places[c])
        if not place.country or not container.country or place.country == container.country:
            continue
        if not _contradicts(place, container):
            continue  # a town just across the border
        if (container.feature or "").startswith(("A.ADM", "P.PPLA", "P.PPLC")) and not _abbreviated(text, places[c]):
            held.add(h)
            holders.add(c)
    return held, holders


def _focus(mentions: list[Mention], text: str | None = None) -> _Focus | None:
    """Where most of the report's places are, helped by its named actors and by the country the
    analyzer took the report to be about (that of its descriptions: "residents", "the army").
    A place its container puts in another country does not count; the container counts twice;
    where people come from ("fighters from Lebanon") does not count."""
    weight: dict[str, float] = {}
    described: set[str] = set()
    places = [m for m in mentions if m.kind == "place" and isinstance(m.value, Location)]
    held, holders = _overruled(text, places) if text is not None else (set(), set())
    for i, m in enumerate(places):
        loc = _loc(m)
        if text is not None and _NOT_HERE.search(text[max(0, m.start - 60) : m.start]):
            continue  # where people come from or fire came from says little of where the report is
        if loc.country and i not in held:
            times = 2 if i in holders else 1
            weight[loc.country] = weight.get(loc.country, 0.0) + times * max(m.confidence, 0.1)
    for m in mentions:
        v = m.value
        if m.kind == "actor" and isinstance(v, ActorRef) and v.country:
            if (v.registry_id or "").startswith("generic."):
                described.add(v.country)
            else:
                # armies and their like fight abroad; police, governments and local groups seldom do
                abroad = v.inter == 8 or (v.inter == 1 and "Military Forces" in v.name)
                weight[v.country] = weight.get(v.country, 0.0) + (FOCUS_NAMED / 2 if abroad else FOCUS_NAMED)
    for c in described:
        weight[c] = weight.get(c, 0.0) + FOCUS_DESCRIBED
    if not weight:
        return None
    return _Focus(max(weight, key=lambda c: weight[c]), weight)


_OPENS_IN = re.compile(
    r"(?i)\W*(?:(?:meanwhile|elsewhere|separately|also|and)\s*,?\s+)?(?:in|inside|across)\s+(?:neighbou?ring\s+)?"
)


def _event_places(
    text: str, s0: int, s1: int, here: list[Mention], trigger: tuple[int, int], focus: _Focus | None = None
) -> list[_Place]:
    """The places of the sentence the event happened in: the most specific one tied to the event,
    and the places listed with it ("the villages of A, B and C")."""
    places = [m for m in here if m.kind == "place" and isinstance(m.value, Location)]
    if not places:
        return []
    containers = _containers(text, places)
    starts = sorted(m.start for m in places)
    # a sentence that opens on another country ("In Iraq, ... on the town of Haditha") says its places are there
    named = {
        _loc(m).country
        for m in places
        if (_loc(m).feature or "").startswith("A.PCL") and _OPENS_IN.fullmatch(text, s0, m.start)
    }
    dropped = {
        i
        for i, m in enumerate(places)
        if focus is not None and focus.doubtful(_loc(m)) and _loc(m).country not in named
    }
    # A place its own container contradicts ("Salvador, Bahia" read as El Salvador; "Shahpur
    # (Poonch district, J&K)" read as a Shahpur elsewhere) is misread: its containers stand for it.
    # But a container read as a place abroad ("Quibor, Lara" with Lara read as a town in
    # Australia) is the misreading when the report is more about the place's country.
    for c, h in containers.items():
        place, container = _loc(places[h]), _loc(places[c])
        if c == h or not _contradicts(place, container):
            continue
        by_distance = place.country == container.country and not (place.admin1 and container.admin1)
        if by_distance and places[h].confidence >= SURE_PLACE:
            continue  # told apart by distance alone, only an unsure reading gives way ("Tirupati (Chittoor)")
        dropped.add(c if _misread_container(place, container, focus, _abbreviated(text, places[c])) else h)
    # Where the sentence says its places are: when that is the report's country, a place named
    # in another country is a misreading too ("the villages of A, B and C (Donga, Taraba)").
    said = {_loc(places[i]).country for i in containers} - {None}
    if focus is not None and said == {focus.country}:
        dropped |= {i for i, m in enumerate(places) if _loc(m).country not in (None, focus.country)}
    # the containers of a dropped place stand in for it, where it stands in the sentence
    stand_in = {c: h for c, h in containers.items() if h in dropped and c not in dropped}
    # a parenthesis locating a name that was not read stands for that name ("X front (Sahar, Sadah)")
    unread = {i for i, h in containers.items() if i == h and _locates_unread(text, places, i, starts)}
    # where people come from, or where fire came from, is not where the event happened
    dropped |= {i for i, m in enumerate(places) if _NOT_HERE.search(text[max(s0, m.start - 60) : m.start])}
    if len(dropped) == len(places):
        return []
    cands = [
        i for i in range(len(places)) if (i not in containers or i in stand_in or i in unread) and i not in dropped
    ]
    if not cands:
        cands = [i for i in range(len(places)) if i not in dropped]
    if not cands:
        return []
    # Containers standing in for one misread place rank as one: the first named is the nearest
    # ("Qaniyah front (Mahliyah, Marib)": the district before its province, however each was read).
    chains: dict[int, list[int]] = defaultdict(list)
    for c in sorted(stand_in, key=lambda k: places[k].start):
        chains[stand_in[c]].append(c)

    def rank_of(i: int) -> tuple[float, int]:
        if i in stand_in:
            chain = chains[stand_in[i]]
            return min(_rank(_loc(places[c])) for c in chain), chain.index(i)
        return _rank(_loc(places[i])), 0

    best_rank = min(rank_of(i)[0] for i in cands)
    # A country is the event's place only when nothing smaller is named.
    tier = [i for i in cands if rank_of(i)[0] <= max(best_rank, 1)] if best_rank < 4 else cands
    tier = [i for i in tier if rank_of(i)[0] < 4] or tier
    tier = _within_frame(text, s0, places, tier, stand_in, trigger)

    def score(i: int) -> tuple[float, ...]:
        p = places[stand_in.get(i, i)]
        at = p.start
        if i in unread:  # where the unread name stands: before its parenthesis
            at = max(s0, text.rfind("(", s0, p.start))
        before = text[max(s0, at - 40) : at]
        locative = bool(_LOCATIVE.search(before))
        # "withdrew from the village of X", "were driven from X": the event word's own "from" names
        # the place the event happened in, not where people came from
        own_from = trigger[1] <= at and _OWN_FROM.fullmatch(text[trigger[0] : at]) is not None
        origin = bool(_FROM.search(before)) and not own_from
        locative = locative or own_from
        # after the event word: the nearest; before it ("On 3 May, in Kabul, ..."): the first
        where = (0.0, float(p.start - trigger[1])) if p.start >= trigger[1] else (1.0, float(p.start))
        unsure = 1 if places[i].confidence < 0.7 else 0
        return (0 if locative and not origin else 1 if not origin else 2, *rank_of(i), unsure, *where)

    main = min(tier, key=score)
    group = _listed_with(text, places, main, containers)
    out: list[_Place] = []
    seen = _SeenPlaces()
    for i in group:
        p = places[i]
        loc = _loc(p)
        if seen.holds(loc):
            continue
        if i != main and _rank(loc) > max(_rank(_loc(places[main])), 1):
            continue  # "the towns of A and B and the X region": the region is a container
        out.append(_Place(p.start, p.end, loc))
        seen.add(loc)
    return out


class _SeenPlaces:
    """`_same_place` against every place kept so far, without comparing each pair: by name, and
    by cells of 0.002 degrees (a place within 0.001 of another lies in its cell or a neighbour)."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.cells: dict[tuple[int, int], list[Location]] = defaultdict(list)

    @staticmethod
    def _cell(loc: Location) -> tuple[int, int]:
        if not (math.isfinite(loc.lat) and math.isfinite(loc.lon)):
            return (0, 0)  # a point nowhere: what matters is that it is near no real one
        return math.floor(loc.lat * 500), math.floor(loc.lon * 500)

    def holds(self, loc: Location) -> bool:
        if loc.name in self.names:
            return True
        la, lo = self._cell(loc)
        return any(
            _same_place(o, loc)
            for da in (-1, 0, 1)
            for do in (-1, 0, 1)
            for o in self.cells.get((la + da, lo + do), ())
        )

    def add(self, loc: Location) -> None:
        self.names.add(loc.name)
        self.cells[self._cell(loc)].append(loc)


# How far from the place a sentence opens with ("On 2 May, in Monterrey, ...") a place named
# after the event word may lie and still be where the event happened.
FRAME_KM = 150.0
_FRAME_BEFORE = re.compile(r"(?i)(?:^|[,;:]\s*|\d{4}\s+)in\s+(?:the\s+)?(?:[\w'-]+\s+){0,2}$")


def _within_frame(
    text: str, s0: int, places: list[Mention], tier: list[int], stand_in: dict[int, int], trigger: tuple[int, int]
) -> list[int]:
    """Without the places after the event word that lie far from the place the sentence opens
    with: "in Puno city, residents protested against the return of people stuck in Lima"."""
    frame = []
    for i in tier:
        p = places[stand_in.get(i, i)]
        if p.end <= trigger[0] and _FRAME_BEFORE.search(text[s0 : p.start]):
            frame.append(_loc(places[i]))
    if not frame:
        return tier

    def far(i: int) -> bool:
        loc = _loc(places[i])
        return all(haversine_km(loc.lat, loc.lon, f.lat, f.lon) > FRAME_KM for f in frame)

    kept = [i for i in tier if places[stand_in.get(i, i)].start < trigger[1] or not far(i)]
    return kept or tier


def _listed_with(text: str, places: list[Mention], main: int, containers: dict[int, int]) -> list[int]:
    """The places coordinated with `main` in one list, containers skipped: [main] when it stands alone."""
    order = [i for i in range(len(places)) if i not in containers]
    if main not in order:
        return [main]
    pos = order.index(main)

    def joined(a: int, b: int) -> bool:
        gap = _without_containers(text, places[a].end, places[b].start)
        return bool(_LIST_JOIN.fullmatch(gap))

    lo = pos
    while lo > 0 and joined(order[lo - 1], order[lo]):
        lo -= 1
    hi = pos
    while hi + 1 < len(order) and joined(order[hi], order[hi + 1]):
        hi += 1
    group = order[lo : hi + 1]
    # "the road between Saraqib and Afes": the two names mark one stretch, not two places; it is
    # coded at the first
    if _BETWEEN.search(text, max(0, places[group[0]].start - 20), places[group[0]].start):
        return [group[0]]
    # A list says "and" or "or" somewhere; "A, B" alone is a place and where it is ("Cawayan, Masbate").
    joins = [_without_containers(text, places[a].end, places[b].start) for a, b in itertools.pairwise(group)]
    if not any(re.search(r"(?i)\b(?:and|or|as\s+well\s+as)\b|&", j) for j in joins):
        return [main]
    return group


_BETWEEN = re.compile(r"(?i)\bbetween\s+(?:the\s+)?(?:(?:towns?|villages?|cities)\s+(?:of\s+)?)?$")


def _without_containers(text: str, a: int, b: int) -> str:
    """The text between two places with parenthesised parts ("(Ancuabe, Cabo Delgado)") taken out."""
    gap = text[a:b]
    prev = None
    while prev != gap:
        prev = gap
        gap = re.sub(r"\([^()]*\)", " ", gap)
    gap = re.sub(r"\s+", " ", gap)
    # a "town of X", "X district" word next to a name is still only naming the place
    gap = re.sub(
        r"(?i)^\s*(?:town|city|village|district|province|governorate|region|area|municipality|county|camp)\b", "", gap
    )
    return gap if gap.strip() else " , " if "," in text[a:b] else gap


def _fallback_place(
    text: str, sentences: list[tuple[int, int]], index: int, mentions: list[Mention], focus: _Focus | None
) -> list[_Place]:
    """The most specific place of the nearest earlier sentence that names one, else the dateline."""
    if not isinstance(mentions, _Ordered):
        mentions = _Ordered.of(mentions)  # a long text has many sentences: each one's mentions by bisection
    memo = mentions.fallback if isinstance(mentions, _Ordered) else {}
    for j in range(index - 1, -1, -1):
        a, b = sentences[j]
        seen = memo.get((a, b, id(focus)))
        if seen is not None and seen[0] is focus:
            found = seen[1]
        else:
            here = _between(mentions, a, b)
            away = _not_scenes(text, a, here)
            found = _event_places(text, a, b, [m for m in here if m.start not in away] if away else here, (a, a), focus)
            memo[a, b, id(focus)] = (focus, found)
        if found:
            return found[:1]
    dl = _dateline(text, mentions)
    return [dl] if dl is not None else []


# "families who had fled the bombardment of Maarat al-Numan", "moved to other camps near Sarmada",
# "took eleven wounded people to hospitals in Idlib city": where people fled from, went to or were
# treated, not where a later sentence's event happened
_FLED_BEFORE = re.compile(
    r"(?i)\b(?:fled|flee(?:ing)?|escaped|evacuated|relocated|moved?|moving|sought\s+refuge|took\s+refuge|"
    r"returned|resettled)\b[^.;:!?]{0,40}$"
)
# Where something was said, not where anything happened: "his prepared remarks at the Pentagon",
# "told a news conference in Moscow".
_SPOKEN_AT = re.compile(
    r"(?i)\b(?:remarks|speech|briefing|news\s+conference|press\s+conference|statement|speaking|spoke|"
    r"told\s+reporters|told\s+journalists|address(?:ed|ing)?|testimony|summit|talks|meeting)\s+"
    r"(?:\w+\s+){0,2}?(?:at|in)\s+(?:the\s+)?$"
)
_TREATED_BEFORE = re.compile(
    r"(?i)\b(?:to|in|at)\s+(?:a\s+|the\s+)?(?:\w+\s+)?(?:hospitals?|clinics?|medical\s+(?:centres?|centers?|points?))"
    r"\s+in\s+(?:the\s+)?$"
)


def _treated_at(text: str, s0: int, start: int) -> bool:
    """Whether the place at `start` is named as where the wounded were treated ("taken to hospitals in
    Idlib city") or where someone spoke ("remarks at the Pentagon"): not the event's place."""
    before = text[max(s0, start - 60) : start]
    return bool(_TREATED_BEFORE.search(before) or _SPOKEN_AT.search(before))


# "the outskirts of Hazano, north of Idlib city": a place that locates the one before it
_LOCATOR_BEFORE = re.compile(
    r"(?i)\w[\w'’-]*\s*,\s*(?:about\s+|some\s+)?(?:\d+\s*(?:km|kilomet(?:re|er)s|miles)\s+)?"
    r"(?:north|south|east|west)(?:-?(?:east|west))?\s+of\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?$"
)


_LIST_GAP = re.compile(r"(?:\s+(?:city|town|village|province))?\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)(?:the\s+)?$")


def _not_scenes(
    text: str, s0: int, here: list[Mention], test: Callable[[str, int, int], bool] | None = None
) -> set[int]:
    """The starts of the places of a sentence that are not where anything happened (`test`, by
    default `_fled`), with the places listed after them ("hospitals in Idlib city and Binnish")."""
    test = test or _fled
    out: set[int] = set()
    last: Mention | None = None
    for m in here:
        if m.kind != "place":
            continue
        if test(text, s0, m.start) or (
            last is not None and last.start in out and _LIST_GAP.fullmatch(text[last.end : m.start])
        ):
            out.add(m.start)
        last = m
    return out


def _fled(text: str, s0: int, start: int) -> bool:
    """Whether the place at `start` is not where anything happened: named as where people fled from
    or went to, or only to locate the place named before it."""
    before = text[max(s0, start - 60) : start]
    return bool(
        _FLED_BEFORE.search(before)
        or _LOCATOR_BEFORE.search(before)
        or _TREATED_BEFORE.search(before)
        or _SPOKEN_AT.search(before)
    )


def _dateline(text: str, mentions: list[Mention]) -> _Place | None:
    """ "KABUL, May 3 (Reuters) -", "ALEPPO — ...": a place opening the text, before a comma or a dash."""
    for m in mentions:
        if m.start > 60:
            break
        if m.kind != "place" or not isinstance(m.value, Location):
            continue
        head = text[: m.start]
        if head.strip(" \t\r\n\"'“(") and not re.fullmatch(r"\s*(?:[A-Z][\w.'-]*\s*){0,3}", head):
            continue
        if re.match(r"\s*(?:,|\(|—|–|-|:|\n)", text[m.end : m.end + 3]):
            return _Place(m.start, m.end, m.value)
    return None


def _country(places: list[_Place], here: list[Mention], focus: _Focus | None) -> str | None:
    """The country of the event: its place's (unless the report hardly mentions that country: a
    misread name), else the report's, else that of the sentence's actors."""
    for p in places:
        if p.location.country and (focus is None or not focus.doubtful(p.location)):
            return p.location.country
    if focus is not None:
        return focus.country
    for m in here:
        if m.kind == "place" and isinstance(m.value, Location) and m.value.country:
            return m.value.country
    for m in here:
        if m.kind == "actor" and isinstance(m.value, ActorRef) and m.value.country:
            return m.value.country
    return None


# --- date -------------------------------------------------------------------------------------


# After the event word, a relative clause tells of something else: "... including Urum al-Kubra,
# where a deadly attack on an aid convoy took place on 19 September".
_RELATIVE_AFTER = re.compile(r"(?i)\b(?:where|when|which|whose)\b")
_IN_RELATIVE = re.compile(r"(?i)\b(?:where|which|whose)\b[^.;]*$")


def _date(
    here: list[Mention],
    mentions: list[Mention],
    s0: int,
    anchor: date | None,
    text: str = "",
    trigger: tuple[int, int] | None = None,
) -> Arg | None:
    dates = [m for m in here if m.kind == "date" and isinstance(m.value, TimeValue) and not _dateline_date(text, m)]
    if dates and trigger is not None and trigger[1] > trigger[0]:
        own = [m for m in dates if m.start < trigger[1] or not _RELATIVE_AFTER.search(text, trigger[1], m.start)]
        if own or not dates:
            dates = own
        else:
            return _date([], mentions, s0, anchor)
    if dates:
        known = [m for m in dates if isinstance(m.value, TimeValue) and m.value.start is not None]
        if trigger is not None and text:
            # "a March 16 airstrike", "the August 21 gas attack", "Thursday's attack": the date that
            # names the event word is its date, whatever else the sentence dates ("a report Tuesday")
            named = [m for m in known if m.end <= trigger[0] and _DATE_NAMES_EVENT.fullmatch(text, m.end, trigger[0])]
            if named:
                known = named
        m = (known or dates)[0]
        return Arg(m.start, m.end, m.value)
    earlier = [
        m
        for m in _before(mentions, s0)
        if m.kind == "date" and isinstance(m.value, TimeValue) and not _dateline_date(text, m)
    ]
    if text:
        # a date told in a relative clause ("Urum al-Kubra, where an aid convoy was attacked on 19
        # September") belongs to what that clause tells, not to the events of the sentences after it
        earlier = [m for m in earlier if not _IN_RELATIVE.search(text, max(0, m.start - 60), m.start)]
    # "the past month", "in recent weeks": a span that runs up to the report tells the run-up, not
    # when the event of a later sentence took place
    earlier = [m for m in earlier if not _run_up(m.value, anchor)] or earlier
    if earlier:
        m = earlier[-1]
        return Arg(m.start, m.end, m.value)
    if anchor is not None:
        return Arg(-1, -1, TimeValue(anchor, anchor, "day", True, anchor.month, anchor.day))
    return None


# Between a date and the event word it names: "a March 16 airstrike", "Thursday's attack".
_DATE_NAMES_EVENT = re.compile(r"(?:['’]s)?(?:\s+[a-z][\w-]*){0,2}\s+")
# What may stand before a publication line's date at the top of a page: a weekday, "Posted on".
_BEFORE_DATELINE = re.compile(
    r"\s*(?:(?:posted|published|updated|last\s+updated|date\s+of\s+publication)(?:\s+on)?\s*:?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?",
    re.I,
)


def _dateline_date(text: str, m: Mention) -> bool:
    """The date a page opens with ("Saturday 23 April 2016 Abdah: ...", "Posted on July 12 2016 by
    ..."): when the article was published, not when a sentence's event happened. The event of the
    headline it runs into is dated by the article, as an unnamed day."""
    if not text or m.start > 40 or not isinstance(m.value, TimeValue):
        return False
    tv = m.value
    return tv.precision == "day" and tv.year_known and _BEFORE_DATELINE.fullmatch(text, 0, m.start) is not None


def _run_up(tv: object, anchor: date | None) -> bool:
    return (
        isinstance(tv, TimeValue)
        and anchor is not None
        and tv.start is not None
        and tv.end == anchor
        and (tv.end - tv.start).days > 7
    )


# --- actors and their roles -------------------------------------------------------------------


@dataclass(slots=True)
class _Actor:
    start: int
    end: int
    ref: ActorRef
    patron: ActorRef | None = None
    patron_span: tuple[int, int] | None = None
    allies: list[_Actor] | None = None


@dataclass(slots=True)
class _Roles:
    actor1: _Actor | None
    actor2: _Actor | None
    assoc: list[_Actor]


def _actors(text: str, s0: int, s1: int, mentions: list[Mention]) -> list[_Actor]:
    """The sentence's actors as role candidates: speakers out, "forces of X" as X, patrons attached."""
    # "anti-Houthi forces" are the Houthis' enemies, not the Houthis
    raw = [
        m
        for m in mentions
        if isinstance(m.value, ActorRef)
        and not re.search(r"(?i)\b(?:anti|counter)-?$", text[max(0, m.start - 8) : m.start])
    ]
    out: list[_Actor] = []
    skip: set[int] = set()
    for i, m in enumerate(raw):
        if i in skip:
            continue
        ref = m.value
        assert isinstance(ref, ActorRef)
        start, end = m.start, m.end
        nxt = raw[i + 1] if i + 1 < len(raw) else None
        if nxt is not None and isinstance(nxt.value, ActorRef):
            gap = text[end : nxt.start]
            generic = (ref.registry_id or "").startswith("generic.")
            # "forces of X", "fighters loyal to X": X is the actor
            if generic and _MEMBERS_OF.fullmatch(gap) and not (nxt.value.registry_id or "").startswith("generic."):
                ref, start, end = nxt.value, start, nxt.end
                skip.add(i + 1)
            # "X's fighters": X is the actor
            elif re.fullmatch(r"['’]s?\s+", gap) and (nxt.value.registry_id or "").startswith("generic."):
                start, end = start, nxt.end
                skip.add(i + 1)
        if _is_speaker(text, s0, start, end, ref) or _observer(ref, text[start : end + 16]):
            continue
        out.append(_Actor(start, end, ref))
    # "X, backed by Y": Y is X's patron, not a party of its own
    kept: list[_Actor] = []
    for a in out:
        if kept and _BACKED_BY.fullmatch(text[kept[-1].end : a.start]):
            if kept[-1].patron is None:
                kept[-1].patron, kept[-1].patron_span = a.ref, (a.start, a.end)
            continue
        kept.append(a)
    return kept


# An event word that opens on the aircraft that struck: "helicopters dropped", "warplanes struck".
_AIRCRAFT_FIRST = re.compile(r"(?i)(?:helicopters?|warplanes?|(?:fighter\s+)?jets?|planes?|aircraft|gunships?)\b")

_AGENT_WORD = re.compile(
    r"(?:^|(?<=\s))(?P<w>U\.S\.|US|[A-Z][a-z]+|regime|government|army|coalition)(?P<led>-led)?(?:['’]s?)?\s+"
    r"(?:(?:air|aerial|artillery|barrel|heavy|fresh|new|overnight|deadly|intense|intensive|suspected|"
    r"government|regime|military|army|war|fighter|warplane|drone|helicopter|missile|rocket|bomb|car|mortar|"
    r"chemical|gas|chlorine|cluster)\s+){0,2}$"
)


def _implied_agent(
    text: str, s0: int, trigger: tuple[int, int], country: str | None, anchor: date | None
) -> _Actor | None:
    """The state whose forces a nominal event word's modifier names: "a Russian air strike",
    "regime barrel bombs", "Israeli shelling" (the country's military; "regime", "government" and
    "army" are the report's own country's)."""
    t0, t1 = trigger
    if not _NOMINAL_TRIGGER.fullmatch(text[t0:t1]) and not _AIRCRAFT_FIRST.match(text, t0, t1):
        # "US-led strike" read as one event word: the modifier is inside it
        tail = re.search(r"(?<=\s)(?:" + _NOMINAL_TRIGGER.pattern.removeprefix("(?i)") + r")$", text[t0:t1], re.I)
        if tail is None:
            return None
        t0 += tail.start()
    hit = _AGENT_WORD.search(text, max(s0, t0 - 60), t0)
    if hit is None:
        return None
    word = hit["w"]
    reg = registry()
    # "US-led strikes": the coalition the United States leads
    if word.lower() == "coalition" or (hit["led"] and word.lower().replace(".", "") in ("us", "american")):
        entry = reg.entries.get("int.coalition")
        if entry is None:
            return None
        return _Actor(hit.start("w"), hit.end("w"), ActorRef(entry.name, entry.inter, None, entry.id))
    code: str | None
    if word.lower() in ("regime", "government", "army"):
        code = country
    else:
        code = _demonyms().get(word.lower().replace(".", ""))
    if code is None or code not in reg.countries:
        return None
    ref = ActorRef(reg.state_name(code, "military", anchor), 1, code)
    return _Actor(hit.start("w"), hit.end("w"), ref)


# "The Turkish Defence Ministry said its drones had destroyed ...": the speaker's own forces acted.
_OWN_FORCES = re.compile(
    r"(?i)\b(?:said|says|announced|claimed|stated|reported|confirmed|added)\s+(?:on\s+\w+\s+)?(?:that\s+)?"
    r"(?P<own>its|their)\s+(?:own\s+)?(?:[\w-]+\s+)?(?:drones?|jets?|warplanes?|aircraft|planes?|helicopters?|forces|"
    r"troops|units|soldiers|artillery|army|fighters|air\s+force)\b"
)


def _side_of(ref: ActorRef) -> tuple[str | None, bool]:
    return ref.country, ref.inter in (1, 8)


def _speakers_own(
    text: str, s0: int, trigger: tuple[int, int], actors: list[Mention], anchor: date | None
) -> _Actor | None:
    """The party whose spokesman says "its drones", "their forces" did it: a state's body speaks for
    its military, an armed group for itself."""
    hit = _OWN_FORCES.search(text, s0, trigger[1] + 40)
    if hit is None or hit.start() > trigger[1]:
        return None
    speakers = [m for m in actors if m.end <= hit.start() and isinstance(m.value, ActorRef)]
    if not speakers:
        return None
    ref = speakers[-1].value
    assert isinstance(ref, ActorRef)
    if ref.inter == 1 and ref.country and ref.country in registry().countries:
        ref = ActorRef(registry().state_name(ref.country, "military", anchor), 1, ref.country)
    elif ref.inter not in (2, 3, 4):
        return None  # a monitor, a news agency or an official body speaks for no forces
    return _Actor(hit.start("own"), hit.end(), ref)


# Demonyms of each registry in use, kept with the registry (a cache keyed on nothing would keep the first one's).
_DEMONYMS: dict[int, tuple[weakref.ref[Any], dict[str, str]]] = {}


def _demonyms() -> dict[str, str]:
    """Country names and demonyms ("russian", "russia", "us", "american") -> ISO code."""
    reg = registry()
    kept = _DEMONYMS.get(id(reg))
    if kept is not None and kept[0]() is reg:
        return kept[1]
    out: dict[str, str] = {}
    for code, c in reg.countries.items():
        for form in c.forms:
            out.setdefault(form.lower().replace(".", ""), code)
    key = id(reg)
    _DEMONYMS[key] = (weakref.ref(reg, lambda _ref: _DEMONYMS.pop(key, None)), out)
    return out


def _observer(ref: ActorRef, surface: str = "") -> bool:
    """A monitor, a rescue service or a rights or aid body (the Syrian Observatory, the White Helmets,
    MSF), or a body that inspects, counts and condemns (the UN and its agencies, the OPCW): it
    reports, counts and rescues; it is never a side of the event it tells of. The UN's
    peacekeepers are the exception: they are attacked, and fight."""
    entry = registry().entries.get(ref.registry_id or "")
    if entry is None or entry.kind != "organisation":
        return False
    if ref.inter == 7:
        return True
    return entry.id in _INSPECTORS and "peacekeep" not in surface.lower()


_INSPECTORS = frozenset({"int.un", "int.opcw"})


def _is_speaker(text: str, s0: int, start: int, end: int, ref: ActorRef) -> bool:
    if _SPEECH_AFTER.match(text, end) or _SPEECH_AFTER.match(text[end : end + 40]):
        return True
    if _SOURCE_NOUN.match(text, end):
        return True  # "a Kurdish police source confirmed ...": the police speak, they do not act
    if _CLAIMED_EVENT.search(text[max(s0, start - 60) : start]):
        return False  # "a car bomb claimed by IS": who claims a bombing is who carried it out
    return bool(_SPEECH_BEFORE.search(text[max(s0, start - 40) : start]))


_CLAIMED_EVENT = Needing(
    re.compile(
        r"(?i)\b(?:attacks?|bomb(?:s|ings?)?|blasts?|explosions?|strikes?|assaults?|ambush(?:es)?|killings?|massacres?|"
        r"shootings?|raids?)\s+(?:\w+\s+){0,2}?claimed\s+by\s+(?:the\s+)?$"
    )
)


def _clause(text: str, s0: int, s1: int, trigger: tuple[int, int]) -> tuple[int, int]:
    """The bounds of the trigger's clause within the sentence."""
    left = s0
    for m in _CLAUSE_BREAK.finditer(text, s0, trigger[0]):
        left = m.end()
    right = s1
    m2 = _CLAUSE_BREAK.search(text, trigger[1], s1)
    if m2:
        right = m2.start()
    return left, right


def _roles(text: str, s0: int, s1: int, trigger: tuple[int, int], mentions: list[Mention]) -> _Roles:
    """Initiator, target and their allies around the trigger (see the module doc)."""
    actors = _actors(text, s0, s1, mentions)
    if not actors:
        return _Roles(None, None, [])
    t0, t1 = _trim_trigger(text, trigger, actors)
    c0, c1 = _clause(text, s0, s1, (t0, t1))
    word = text[t0:t1]
    reciprocal = bool(_RECIPROCAL.match(word))
    groups = _coordinate(text, actors)

    def head(group: list[_Actor]) -> _Actor:
        first = group[0]
        first.allies = group[1:]
        return first

    before = [g for g in groups if g[-1].end <= t0 and g[0].start >= c0]
    after = [g for g in groups if g[0].start >= t1 and g[0].start < c1]
    if not before and not after:  # the clause is too narrow: use the sentence
        before = [g for g in groups if g[-1].end <= t0]
        after = [g for g in groups if g[0].start >= t1]
    if t0 == t1 == s0 and not before:  # no event word: the first actor acts on the second
        return _Roles(head(after[0]) if after else None, head(after[1]) if len(after) > 1 else None, [])

    # "a Russian air strike", "regime barrel bombs", "coalition strikes": the actor that modifies a
    # nominal event word carried it out, whatever the sentence's voice ("20 civilians were killed in
    # Russian air strikes"); the target is what the strike was on, or who suffered it
    if _NOMINAL_TRIGGER.fullmatch(word):
        mod = next((g for g in reversed(before) if _MODIFIES.fullmatch(text, g[-1].end, t0)), None)
        if mod is not None and mod[-1].ref.inter in (1, 2, 3, 8):
            rest_before = [g for g in before if g is not mod]
            target = next((g for g in after if _TARGET_PREP.search(text[max(t1, g[0].start - 40) : g[0].start])), None)
            if target is None and rest_before:
                target = rest_before[-1]
            if target is None and after and _NOMINAL_SUBJECT.match(text, t1):
                target = after[0]  # "a Daesh suicide bomber killed 16 civilians": the object of its verb
            return _Roles(head(mod), head(target) if target else None, [])
        # "an airstrike of the US-led coalition", "shelling from the Syrian army": the named side whose
        # strike it was (a description such as "army positions" may be what was struck, so not those)
        of = after[0] if after and not before else None
        if (
            of is not None
            and _OF_SIDE.fullmatch(text, t1, of[0].start)
            and of[0].ref.inter in (1, 2, 3, 8)
            and not (of[0].ref.registry_id or "").startswith("generic.")
            and not _PLACE_AFTER_SIDE.match(text, of[-1].end)
        ):
            rest = after[1:]
            target = next((g for g in rest if _TARGET_PREP.search(text[max(t1, g[0].start - 40) : g[0].start])), None)
            if target is None and rest and _HARM_VERB.search(text, of[-1].end, rest[0][0].start):
                target = rest[0]  # "... has killed eight civilians": the object of its verb
            return _Roles(head(of), head(target) if target else None, [])
        if before and before[-1][0].ref.inter == 7 and not after:
            # "53 civilians died when Russian air strikes hit ...": civilians before a strike suffered it
            return _Roles(None, head(before[-1]), [])
        if before and _SUFFERED.match(text, before[-1][-1].end, t0):
            # "Five police officers killed in Damascus blast": who died in the blast did not set it off
            rest_after = [g for g in after if g[0].ref.inter in (1, 2, 3, 8)]
            return _Roles(head(rest_after[0]) if rest_after else None, head(before[-1]), [])
    # "clashes between X and Y", "fighting pitting X against Y"
    bm = _BETWEEN.search(text, t0, c1 if c1 > t0 else s1)
    if bm is not None:
        inside = [g for g in groups if g[0].start >= bm.end()]
        if inside:
            first = inside[0]
            if len(first) > 1:  # "between X and Y" read as one coordinated group
                return _Roles(first[0], first[1], first[2:])
            if len(inside) > 1:
                return _Roles(head(first), head(inside[1]), [])
    # agent: "by X" after the trigger ("Y was shelled by X", "an attack by X on Y")
    agent = next(
        (
            g
            for g in after
            # ("targeted by Russian jets" read as one event word: its "by" is inside the trigger)
            if _AGENT_BY.search(text[max(t0, g[0].start - 30) : g[0].start])
            and _agent_of_trigger(text, t1, g[0].start, word)
        ),
        None,
    )
    if agent is not None:
        rest = [g for g in after if g is not agent]
        target_after = next((g for g in rest if _TARGET_PREP.search(text[max(t1, g[0].start - 40) : g[0].start])), None)
        passive = bool(_PASSIVE_AUX.search(text[max(c0, t0 - 30) : t0]))
        if before and (passive or target_after is None):
            return _Roles(head(agent), head(before[-1]), [])
        return _Roles(head(agent), head(target_after) if target_after else None, [])
    if not before:
        # "20 dead in barrel bomb attack in Aleppo  Syrian regime helicopters on Monday dropped barrel
        # bombs on ...": a side named after the event word, as the subject of a verb that strikes
        doer = next(
            (g for g in after if g[0].ref.inter in (1, 2, 3, 8) and _STRIKES_AFTER.match(text, g[-1].end)), None
        )
        if doer is not None:
            rest = [g for g in after if g[0].start >= doer[-1].end]
            target = next((g for g in rest if _TARGET_PREP.search(text[max(t1, g[0].start - 40) : g[0].start])), None)
            return _Roles(head(doer), head(target) if target else None, [])
    subject = before[-1] if before else None
    if (
        len(before) > 1
        and _IN_PHRASE.search(text[max(c0, t0 - 40) : t0])
        and before[0][0].ref.name != before[1][0].ref.name
        and not _PASSIVE_AUX.search(text[before[1][-1].end : t0])
    ):
        # "X killed Y during airstrikes", "X targeted Y with an IED": the event word is in a phrase
        # after the clause, whose subject is the initiator and whose object the target
        return _Roles(head(before[0]), head(before[1]), [])
    if reciprocal:
        obj = next((g for g in after if _WITH_PREP.search(text[max(t1, g[0].start - 30) : g[0].start])), None)
        if obj is None and after and subject is None:
            obj = after[0]
        if subject is not None and obj is None and len(subject) > 1:
            return _Roles(subject[0], subject[1], subject[2:])  # "X and Y clashed"
        if subject is None and obj is not None and len(obj) > 1:
            return _Roles(obj[0], obj[1], obj[2:])
        return _Roles(head(subject) if subject else None, head(obj) if obj else None, [])
    passive = subject is not None and (
        (
            bool(_PASSIVE_AUX.search(text[subject[-1].end : t0]))
            and not (_PROGRESSIVE.match(word) and _AUX_LAST.search(text, subject[-1].end, t0))
            and not _COPULA.search(text, subject[-1].end, t0)
        )
        or bool(_AUX_IN_TRIGGER.match(word) or _AUX_INSIDE.search(word))
        or (
            not text[subject[-1].end : t0].strip()
            and bool(_BARE_PARTICIPLE.fullmatch(word.strip()))
            and bool(_PP_AFTER.match(text, t1))
        )
    )
    obj = after[0] if after else None
    if passive:
        # "... were killed in Syrian army operations": the side whose operation it was acted
        by_in = (
            obj
            if obj is not None
            and (
                _IN_NOMINAL.fullmatch(text, t1, obj[0].start)
                or bool(_IN_FIGHT_WITH.search(text[max(c0, t0 - 10) : obj[0].start]))
            )
            and obj[0].ref.inter in (1, 2, 3, 8)
            else None
        )
        return _Roles(head(by_in) if by_in else None, head(subject) if subject else None, [])
    # "an attack on Y", "targeting Y": nominal triggers with a target and no initiator before
    if subject is None and obj is not None and _TARGET_PREP.search(text[max(t1, obj[0].start - 40) : obj[0].start]):
        return _Roles(None, head(obj), [])
    return _Roles(head(subject) if subject else None, head(obj) if obj else None, [])


# A headline's passive without its auxiliary: "50 ISIS Terrorists Killed in Army Operations".
_BARE_PARTICIPLE = re.compile(
    r"(?i)killed|wounded|injured|arrested|detained|captured|executed|kidnapped|abducted|slain|massacred|targeted"
)
# A trigger that takes its auxiliary in ("were killed"), not a progressive ("are attacking").
_AUX_IN_TRIGGER = re.compile(
    r"(?i)\s*(?:was|were|been|being|is|are|got|get|gets)\s+(?:\w+ly\s+|also\s+)?(?![a-z]+ing\b)[a-z]+"
)
# ... or holds it after its object: "helicopter was shot down"
_AUX_INSIDE = re.compile(
    r"(?i)^[a-z-]+(?:\s+[a-z-]+){0,4}?\s+(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:\w+ly\s+)?(?:shot|brought|downed)\b"
)
# "... claimed was a 'poisonous gas' attack": a copula before a noun, not a passive.
_COPULA = re.compile(r"(?i)\b(?:was|were|is|are)\s+(?:an?|the|another)\s+[^.;]{0,40}$")
_PROGRESSIVE = re.compile(r"(?i)\s*[a-z]+ing\b")
_AUX_LAST = re.compile(r"(?i)\b(?:was|were|is|are|been)\s+(?:\w+ly\s+|still\s+|now\s+)?$")
_PP_AFTER = re.compile(r"(?i)\s+(?:in|by|during|near|as|after|on|at|while)\b")
# Between a passive verb and the side whose operation it names: "killed in (an) ...".
_IN_NOMINAL = re.compile(
    r"(?i)(?:\s+(?!(?:by|and|or|as|after|before|when|while|with)\b)[\w-]+){0,2}?\s+(?:in|during|amid)\s+"
    r"(?:an?\s+|the\s+|a\s+joint\s+)?"
)

# ... or the side they fought: "five rebels were killed in (the) clashes (that erupted) with government forces".
_IN_FIGHT_WITH = re.compile(
    r"(?i)\b(?:in|during|amid)\s+(?:the\s+|heavy\s+|fierce\s+|ongoing\s+|violent\s+){0,2}"
    r"(?:clash(?:es)?|fighting|battles?|confrontations?|skirmish(?:es)?|firefights?|gunfights?)"
    r"(?:\s+(?:that|which)\s+(?:erupted|broke\s+out|took\s+place|raged))?\s+(?:with|against)\s+(?:the\s+)?$"
)


_SUBJECT_START = re.compile(r"\W*(?:[\w'’-]+\W+){0,3}")


def _borrow(
    text: str, sentences: list[tuple[int, int]], index: int, mentions: list[Mention], roles: _Roles, air: bool = False
) -> _Roles:
    """A sentence that does not name who acted goes on about the event told just before ("X
    attacked Y. Two soldiers were killed."): the initiator (and, if none is named here, the
    target) of the nearest earlier sentence, within two, that names one. An air strike takes no
    rebel group or militia from there: "rebels shelled a district ... Three people died by barrel
    bombs dropped from helicopters" are another side's blows."""
    memo = mentions.borrowed if isinstance(mentions, _Ordered) else {}
    for j in range(index - 1, max(-1, index - 3), -1):
        a, b = sentences[j]
        actors = [m for m in _between(mentions, a, b) if m.kind == "actor"]
        if not actors:
            continue
        seen = memo.get((a, b))
        if seen is None or seen[0] is not _matcher():
            trig = _trigger(text, a, b, None)
            seen = memo[a, b] = (_matcher(), trig, _roles(text, a, b, trig, actors))
        _, trig, before = seen
        if before.actor1 is None or _counted_hurt(mentions, a, b, before.actor1):
            # ("15 people died including five policemen": the police were among the dead, they did nothing)
            continue
        if air and before.actor1.ref.inter not in (1, 8):
            continue
        if trig == (a, a) and not _SUBJECT_START.fullmatch(text, a, before.actor1.start):
            # no event word there: only the sentence's subject may be the one who acted, not a
            # group it names further on ("a spokesman said the group inflicted losses on X")
            continue
        if roles.actor2 is not None and before.actor1.ref.name == roles.actor2.ref.name:
            return roles
        if roles.actor2 is None:
            return before
        return _Roles(before.actor1, roles.actor2, roles.assoc)
    return roles


# Who a speaker blames for the event: "Washington blames the Syrian government for the attack",
# "pinning the blame on the regime of Bashar al-Assad", "the attack that the West blames on Assad's
# forces", "accused government forces of", "held the regime responsible".
_BLAME_CUE = re.compile(
    r"(?i)\b(?:blam(?:e|es|ed|ing)(?:\s+it)?(?:\s+on)?|(?:pin|pins|pinned|pinning|put|puts|putting|lay|lays|laid|"
    r"laying|place|places|placed|placing)\s+(?:the\s+)?blame(?:\s+for\s+(?:it|the\s+[\w-]+))?\s+(?:squarely\s+)?on|"
    r"accus(?:e|es|ed|ing)|h[eo]ld(?:s|ing)?)\s+"
)
# Between the words of blame and the blamed: "the", titles and names ("Syria President Bashar al-").
_BLAME_FILLER = re.compile(r"(?:(?:the|a|an|of|[A-Z][\w'’-]*)\s+)*(?:al-)?")
_RESPONSIBLE = re.compile(r"(?i)\s+(?:fully\s+|directly\s+)?responsible\b")
_IS_RESPONSIBLE = re.compile(r"(?i)\s+(?:is|was|are|were)\s+(?:directly\s+|fully\s+|solely\s+)?responsible\b")
_ACCUSED_OF = re.compile(r"(?i)\s+(?:of|for)\b")


def blamed_actor(text: str, s: int, e: int, mentions: list[Mention]) -> Arg | None:
    """The actor the sentence's speaker blames for the event, read from the words of blame."""
    actors = [m for m in _between(mentions, s, e) if m.kind == "actor" and isinstance(m.value, ActorRef)]
    if not actors:
        return None
    for cue in _BLAME_CUE.finditer(text, s, e):
        word = cue.group(0).lower()
        m = next((m for m in actors if cue.end() <= m.start <= cue.end() + 30), None)
        if m is None or not _BLAME_FILLER.fullmatch(text, cue.end(), m.start):
            continue
        if word.startswith(("held", "hold")) and not _RESPONSIBLE.match(text, m.end):
            continue  # "held talks", "held the town": no blame
        if word.startswith("accus") and not _ACCUSED_OF.match(text, m.end):
            continue
        assert isinstance(m.value, ActorRef)
        if m.value.inter == 7 or (m.value.registry_id or "").startswith("generic.unidentified"):
            continue
        return Arg(m.start, m.end, replace(m.value))
    for m in actors:  # "... and that the Assad regime is responsible, Fabius said"
        assert isinstance(m.value, ActorRef)
        if _IS_RESPONSIBLE.match(text, m.end) and m.value.inter != 7:
            return Arg(m.start, m.end, replace(m.value))
    return None


# Weapons only a state's air force delivers in the wars we read: barrel bombs, helicopter gunships.
_STATE_ONLY = re.compile(
    r"(?i)\bbarrel[- ]bomb(?:s|ed|ing)?\b|\b(?:from|by)\s+(?:military\s+)?helicopters?\b|"
    r"\bhelicopters?\s+(?:had\s+|have\s+|has\s+)?(?:dropped|dropping|drops)\b"
)


# An active verb of a blow right after its subject: "helicopters on Monday dropped", "jets also pounded".
_STRIKES_AFTER = re.compile(
    r"(?i)\s+(?:(?:on|late\s+on|early\s+on)\s+\w+day\s+|also\s+|reportedly\s+|have\s+|has\s+|had\s+)*"
    r"(?:dropped|fired|shelled|bombed|bombarded|struck|launched|attacked|targeted|pounded|raided|stormed|"
    r"carried\s+out|shot)\b"
)


def _not_itself(
    text: str, s0: int, actor1: Arg | None, actor2: Arg | None, actors: list[Mention], country: str | None
) -> Arg | None:
    """A side does not act on itself: when actor2 is actor1 again ("18 IS jihadists killed fighting
    Syria Kurds  At least 18 jihadists from the Islamic State group were killed in clashes with
    Kurdish fighters", a headline run into its lead), the other armed side the sentence names after
    it, else none."""
    a1 = actor1.value if actor1 is not None else None
    a2 = actor2.value if actor2 is not None else None
    if not isinstance(a1, ActorRef) or not isinstance(a2, ActorRef) or a1.name != a2.name or a1.inter == 7:
        return actor2
    assert actor2 is not None
    for m in actors:
        ref = m.value
        if (
            m.start >= actor2.end
            and isinstance(ref, ActorRef)
            and ref.name != a1.name
            and ref.inter in (1, 2, 3, 4, 8)
            and not _is_speaker(text, s0, m.start, m.end, ref)
        ):
            return Arg(m.start, m.end, _with_country(ref, country))
    return None


def _across_countries(loc: Location) -> bool:
    return loc.feature == "L.CONT" or ((loc.feature or "").startswith("L") and not loc.country)


def _counted_hurt(mentions: list[Mention], a: int, b: int, actor: _Actor) -> bool:
    """The actor is named in a count of the dead, hurt or taken ("five policemen were killed")."""
    return any(
        isinstance(m.value, Quantity)
        and m.value.kind in ("killed", "injured", "captured")
        and m.start <= actor.start
        and actor.end <= m.end
        for m in _between(mentions, a, b)
    )


def _agent_of_trigger(text: str, t1: int, start: int, word: str = "") -> bool:
    """ "by X" names the trigger's agent, not that of another verb between them ("defused IEDs
    planted by X"): only light verbs ("carried out by", "fired by") may stand between, and, after
    a weapon that is the event word, the verbs that deliver it ("barrel bombs were dropped by X",
    "mines planted by X")."""
    between = text[t1:start]
    if len(between) > 80:
        return False
    if _EVENT_BY.search(between):
        return True  # "... killed and four injured in an attack by X": the attack is the event told
    weapon = bool(_WEAPON_WORD.search(word))
    for w in re.findall(r"[A-Za-z]+", between):
        lw = w.lower()
        # (a capitalised word inside the sentence is a name: "the United States says came from X")
        verb = (lw.endswith("ed") or lw.endswith("en")) and len(lw) > 4 and not w[0].isupper()
        if verb and lw not in _LIGHT_VERBS and not (weapon and lw in _DELIVERY_VERBS):
            return False
    return True


# Event words that are the weapon itself, and the verbs that bring it to its target.
_WEAPON_WORD = re.compile(
    r"(?i)\b(?:bombs?|mines?|landmines?|IEDs?|explosives?|devices?|rockets?|missiles?|shells|mortars?|grenades?|"
    r"barrels?|munitions|projectiles)$"
)
_DELIVERY_VERBS = frozenset(
    ["dropped", "planted", "placed", "detonated", "thrown", "hurled", "lobbed", "lodged", "rigged", "laid"]
)


_EVENT_BY = re.compile(
    r"(?i)\b(?:attacks?|strikes?|air\s*strikes?|raids?|shelling|bombardment|bombing|ambush|assault|offensive|"
    r"operation)\s+(?:carried\s+out\s+|launched\s+|claimed\s+)?by\s+(?:the\s+)?$"
)
_IN_PHRASE = re.compile(
    r"(?i)\b(?:during|in|with|using|by|after|following|amid|through|via|in\s+an?)\s+(?:an?\s+|the\s+|their\s+|its\s+)?"
    r"(?:[\w-]+\s+){0,3}$"
)


def _trim_trigger(text: str, trigger: tuple[int, int], actors: list[_Actor]) -> tuple[int, int]:
    """The event words without the actors a trigger phrase may take in ("militants attacked",
    "clashed with the police"): an actor at its start is before it, one at its end after it."""
    t0, t1 = trigger
    for a in actors:
        if a.start < t1 and t0 < a.end:
            if a.start <= t0 or (a.end < t1 and _DETERMINER_ONLY.fullmatch(text, t0, a.start)):
                t0 = max(t0, a.end)  # "militants attacked", "a Russian air strike"
            else:
                t1 = min(t1, a.start)  # "clashed with the police", "attacked a Syrian army checkpoint"
    return (t0, max(t0, t1))


_DETERMINER_ONLY = re.compile(r"(?i)\s*(?:(?:an?|the|its|their|his|her)\s+)?")


def _coordinate(text: str, actors: list[_Actor]) -> list[list[_Actor]]:
    """Actors joined by "and", ",", "along with" form one group."""
    groups: list[list[_Actor]] = []
    for a in actors:
        if groups and _COORD.fullmatch(text[groups[-1][-1].end : a.start]):
            groups[-1].append(a)
        else:
            groups.append([a])
    return groups


# --- ACLED's conventions by event type -------------------------------------------------------


def _conventions(
    text: str,
    s0: int,
    s1: int,
    index: int,
    sentences: list[tuple[int, int]],
    mentions: list[Mention],
    detection: Detection,
    roles: _Roles,
    country: str | None,
    anchor: date | None,
) -> tuple[Arg | None, Arg | None, list[Arg]]:
    etype, sub = detection.event_type, detection.sub_event_type
    a1, a2 = roles.actor1, roles.actor2
    assoc: list[Arg] = []
    actor1: Arg | None
    actor2: Arg | None

    def arg(a: _Actor | None) -> Arg | None:
        return Arg(a.start, a.end, _with_country(a.ref, country)) if a is not None else None

    def allies(a: _Actor | None) -> None:
        if a is None:
            return
        for b in a.allies or []:
            assoc.append(Arg(b.start, b.end, _with_country(b.ref, country)))
        patron, span = a.patron, a.patron_span
        if patron is None and a.ref.affiliation:
            patron = _patron(a.ref.affiliation, country, anchor)
            at = text.find(a.ref.affiliation, a.start, a.end)
            span = (at, at + len(a.ref.affiliation)) if at >= 0 else (a.start, a.end)
        if patron is not None and patron.name != a.ref.name and span is not None:
            assoc.append(Arg(span[0], span[1], patron))

    if etype == PROTESTS:
        crowd = a1 if a1 is not None and a1.ref.inter in (5, 6, 7) else None
        crowd = crowd or _first(mentions, s0, s1, (6,))
        actor1 = _as(crowd, _generic("protesters", country))
        police = _state_near(text, sentences, index, mentions)
        actor2 = police if sub != PEACEFUL_PROTEST else None
        if a1 is not None and a1 is not crowd and a1.ref.inter not in (1, 5, 6, 7):
            assoc.append(arg(a1))  # type: ignore[arg-type]
        return actor1, actor2, assoc
    if etype == RIOTS:
        crowd = a1 if a1 is not None and a1.ref.inter in (5, 6, 7) else None
        crowd = crowd or _first(mentions, s0, s1, (5, 6))
        actor1 = _as(crowd, _generic("rioters", country))
        target = a2 if a2 is not None and a2 is not crowd else None
        actor2 = arg(target)
        if actor2 is None:
            actor2 = _state_near(text, sentences, index, mentions)
        if actor2 is None and sub == MOB_VIOLENCE:
            victim = _first(mentions, s0, s1, (7,), exclude=crowd)
            actor2 = _as(victim, _generic("civilians", country)) if victim is not None else None
        if a1 is not None and a1 is not crowd and a1.ref.inter not in (5, 6, 7):
            assoc.append(arg(a1))  # type: ignore[arg-type]
        return actor1, actor2, assoc

    violent = etype in (BATTLES, EXPLOSIONS, VAC)
    if violent and a1 is not None and a1.ref.inter == 7 and (a2 is None or a2.ref.inter != 7):
        a1, a2 = None, a2 if a2 is not None else a1  # civilians do not initiate political violence here
    if etype == VAC:
        victim = a2 if a2 is not None and a2.ref.inter == 7 else None
        victim = victim or _first(mentions, s0, s1, (7,), exclude=a1)
        actor2 = _as(victim, _generic("civilians", country))
        if a2 is not None and a2 is not victim and a2.ref.inter != 7 and a1 is None:
            a1 = a2  # "gunmen ... villagers": the armed one attacked
        actor1 = arg(a1) if a1 is not None else Arg(-1, -1, _generic("unidentified", country))
        allies(a1)
        return actor1, actor2, assoc
    actor1 = arg(a1)
    actor2 = arg(a2)
    if actor1 is None and violent and sub != AIR_STRIKE:
        actor1 = Arg(-1, -1, _generic("unidentified", country))
    allies(a1)
    allies(a2)
    return actor1, actor2, assoc


def _with_country(ref: ActorRef, country: str | None) -> ActorRef:
    """A generic description whose country the matcher could not tell gets the event's."""
    if ref.country is None and country and (ref.registry_id or "").startswith("generic."):
        kind = (ref.registry_id or "").removeprefix("generic.")
        reg = _matcher().registry
        entry = reg.entries.get(ref.registry_id or "")
        if entry is not None and entry.kind == "generic":
            named = reg.entries.get(entry.by_country.get(country, ""))
            if named is not None and named.kind == "named":
                return ActorRef(named.name, named.inter, named.country, named.id)
            return _generic(kind, country)
    return replace(ref)


def _as(a: _Actor | None, ref: ActorRef) -> Arg:
    """`ref` read from the span of `a` (inferred when `a` is None)."""
    return Arg(a.start, a.end, ref) if a is not None else Arg(-1, -1, ref)


def _first(
    mentions: list[Mention], s0: int, s1: int, inters: tuple[int, ...], exclude: _Actor | None = None
) -> _Actor | None:
    for m in _between(mentions, s0, s1):
        if isinstance(m.value, ActorRef) and m.value.inter in inters:
            if exclude is not None and exclude.start <= m.start < exclude.end:
                continue
            return _Actor(m.start, m.end, m.value)
    return None


def _state_near(text: str, sentences: list[tuple[int, int]], index: int, mentions: list[Mention]) -> Arg | None:
    """Police or troops in the sentence or the next: the force that intervened."""
    for j in (index, index + 1):
        if j >= len(sentences):
            break
        a, b = sentences[j]
        for m in _between(mentions, a, b):
            if isinstance(m.value, ActorRef) and m.value.inter == 1:
                if _is_speaker(text, a, m.start, m.end, m.value):
                    continue
                return Arg(m.start, m.end, replace(m.value))
    return None


def _forces_of(a: Arg | None, country: str, when: date | None) -> Arg | None:
    """A state's forces named without their state ("government forces", "the army") are those of the
    country the event happened in: "In Iraq, government forces repelled an attack on Haditha" is
    Iraq's army in an article about Syria."""
    if a is None or not isinstance(a.value, ActorRef):
        return a
    ref = a.value
    if not (ref.registry_id or "").startswith("generic.state_") or ref.country == country:
        return a
    reg = _matcher().registry
    entry = reg.entries.get(ref.registry_id or "")
    if entry is None:
        return a
    return Arg(
        a.start, a.end, replace(ref, name=reg.state_name(country, entry.force or "military", when), country=country)
    )


def _external(
    actor1: Arg | None, actor2: Arg | None, assoc: list[Arg], country: str | None
) -> tuple[Arg | None, Arg | None, list[Arg]]:
    """ACLED's class 8: a state's forces acting outside its own country are external forces."""

    def fix(a: Arg | None) -> Arg | None:
        if a is None or not isinstance(a.value, ActorRef):
            return a
        ref = a.value
        if ref.inter == 1 and ref.country and country and ref.country != country:
            return Arg(a.start, a.end, replace(ref, inter=8))
        return a

    return fix(actor1), fix(actor2), [x for x in (fix(a) for a in assoc) if x is not None]


# --- fatalities ---------------------------------------------------------------------------


def _deaths(text: str, mentions: Iterable[Mention], a: int, b: int) -> list[Mention]:
    """The counts of dead in `[a, b)`: killed counts, and captured or injured ones that then died."""
    out: list[Mention] = []
    for m in _between(mentions, a, b) if isinstance(mentions, _Ordered) else mentions:
        if not (a <= m.start < b and isinstance(m.value, Quantity)):
            continue
        if _BY_BEFORE.search(text[max(a, m.start - 25) : m.start]):
            continue
        if m.value.kind in _DEATH_KINDS:
            out.append(m)
        elif m.value.kind in ("captured", "injured") and _THEN_KILLED.match(text, m.end, b):
            out.append(Mention(m.article_id, m.start, m.end, m.kind, replace(m.value, kind="killed"), m.sentence))
    return out


def _continues(text: str, sentences: list[tuple[int, int]], index: int, mentions: list[Mention]) -> bool:
    """The next sentence goes on about the same event: it points back at it, or it names no date
    and no place that the event sentence does not."""
    if index + 1 >= len(sentences):
        return False
    a, b = sentences[index + 1]
    nxt = _between(mentions, a, b)
    if any(m.kind == "date" for m in nxt):
        return False
    if _ANAPHORA.match(text, a):
        return True
    s0, s1 = sentences[index]
    own = [m.value for m in _between(mentions, s0, s1) if m.kind == "place" and isinstance(m.value, Location)]
    for m in nxt:
        if m.kind == "place" and isinstance(m.value, Location) and not any(_same_place(m.value, o) for o in own):
            return False
    return True


def _fatalities(
    text: str,
    sentences: list[tuple[int, int]],
    index: int,
    mentions: list[Mention],
    by_party: bool,
    actor1: Arg | None = None,
    until: int | None = None,
    kind: str | None = None,
) -> tuple[Fatalities | None, tuple[int, int] | None]:
    s0, s1 = sentences[index]
    s1 = min(s1, until) if until is not None else s1
    # "several armed men broke in and shot dead a man": a count of the attackers is not a toll
    attackers = (actor1.start, actor1.end) if actor1 is not None and actor1.start >= 0 else None
    found = _toll(text, s0, s1, mentions, attackers)
    if (
        found is None
        and _continues(text, sentences, index, mentions)
        and not _other_kind(text, sentences[index + 1], kind)
        and not RUNNING_TALLY.search(text, *sentences[index + 1])
    ):
        a, b = sentences[index + 1]
        found = _toll(text, a, b, mentions)
    if found is None:
        none = _NO_DEATHS.search(text, s0, s1)
        if none is None and _continues(text, sentences, index, mentions):
            none = _NO_DEATHS.search(text, *sentences[index + 1])
        if none is not None:
            return Fatalities(0, 0, 0, by_party), (none.start(), none.end())
        return None, None
    best, low, high, span = found
    return Fatalities(best, low, high, by_party), span


# "327 people have also been killed in clashes in the neighbouring province", "another 327 civilians have
# been killed in fighting in Aleppo province": the dead of a region's fighting so far, no one event
# (`extract` drops such a sentence's event when it names no town and no day; its toll is no next
# sentence's)
RUNNING_TALLY = re.compile(
    r"(?i)\b(?:have|has)\s+(?:also\s+)?been\s+killed\s+(?:in|during)\s+(?:the\s+)?"
    r"(?:clashes|fighting|battles|violence|combat|hostilities)\b"
)
# The dead of a kind of event the next sentence names: "killed in the fighting" are a battle's.
_DEAD_OF = re.compile(
    r"(?i)\b(?:killed|died|dead)\s+(?:\w+\s+){0,2}?(?:in|during)\s+the\s+(?:\w+\s+)?(?P<noun>fighting|clashes|battles?|"
    r"offensive|assault|strikes?|air\s*strikes?|raids?|air\s*raids?|bombing|shelling|bombardment|explosions?|blasts?)\b"
)
_BATTLE_NOUNS = frozenset({"fighting", "clashes", "battle", "battles", "offensive", "assault"})


def _other_kind(text: str, sentence: tuple[int, int], kind: str | None) -> bool:
    """Whether the next sentence counts the dead of another kind of event than `kind` (a mine
    clearance followed by "60 militants had been killed in the fighting")."""
    hit = _DEAD_OF.search(text, *sentence)
    if hit is None or kind is None:
        return False
    if kind in (BATTLES, EXPLOSIONS):
        return False  # strikes support battles, and the dead of one are often told as the other's
    if kind == VAC:
        return hit["noun"].lower() in _BATTLE_NOUNS
    return True  # strategic developments and protests: the dead are those of another event


# Two counts listed side by side: "30 soldiers and 30 rebels", "30 soldiers, 30 rebels".
_JOINED = r"(?:and|as\s+well\s+as|along\s+with|together\s+with|alongside)"
_AND_ONE_MORE = re.compile(
    r"(?i)\s+" + _JOINED + r"\s+(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:child|boy|girl|baby|infant|woman|man|civilian|soldier|officer|commander|fighter|militant|journalist|"
    r"reporter|doctor|nurse|teenager|policeman|rebel|leader|medic|photographer)\b"
)
_ONE_MORE_AND = re.compile(
    r"(?:\b(?i:a|an|one)\s+(?:[\w-]+\s+){0,3}?[\w-]+|\b[A-Z][\w'’-]*|\b(?:al|el|ad|as|ar)-[\w'’-]+)\s+(?i:"
    + _JOINED
    + r")\s+$"
)
_OF_HIS = re.compile(r"(?i)\s+of\s+(?:his|her)\s+")
_LISTED = re.compile(r"(?i)[\w\s'’-]{0,30}?(?:\band\b|,|;)\s*(?:\w+\s+){0,2}?$")


def _toll(
    text: str, a: int, b: int, mentions: list[Mention], attackers: tuple[int, int] | None = None
) -> tuple[int, int | None, int | None, tuple[int, int]] | None:
    """(best, low, high, span) of the deaths told in `[a, b)`, or None when it tells none."""
    told = _deaths(text, mentions, a, b)
    war = [_war_total(text, a, b, m) for m in told]
    # "... has killed more than 300000 people, with some estimates suggesting 470000": what follows a
    # war's total in its sentence are other estimates of it
    cut = min((m.start for m, w in zip(told, war, strict=True) if w), default=b)
    counts = [
        m
        for m, w in zip(told, war, strict=True)
        if m.start < cut and not _cumulative(text, a, b, m, war_total=w) and not _dead_or_hurt(m)
    ]
    if attackers is not None:
        counts = [
            m for m in counts if not (m.start < attackers[1] and attackers[0] < m.end and _ACTS.match(text, m.end, b))
        ]
    # "Colonia 20", "Street 50": a bare number after a name is part of the name
    counts = [
        m
        for m in counts
        if not (
            isinstance(m.value, Quantity)
            and m.value.head in ("", "people")
            and text[m.start : m.end].isdigit()
            and (
                (
                    re.search(r"[A-Z][\w'’-]*\s+$", text[max(a, m.start - 30) : m.start])
                    # (not a headline's verb in title case: "... in Rural Damascus Kill 50")
                    and not re.search(
                        r"(?i)\b(?:kills?|killed|killing|leaves?|leaving|left)\s+$",
                        text[max(a, m.start - 12) : m.start],
                    )
                )
                # a widget's counters before a sentence: "Get short URL 0 612 A woman and child were killed"
                or (
                    re.search(r"\b\d+\s+$", text[max(a, m.start - 8) : m.start])
                    and re.match(r"\s+[A-Z]", text[m.end : m.end + 3])
                )
            )
        )
    ]
    if _NO_DEATHS.search(text, a, b):
        # "... Street 50, with no report of fatalities": a bare number is not a toll the sentence denies
        counts = [m for m in counts if isinstance(m.value, Quantity) and m.value.head not in ("", "people")]
    counts = [
        m
        for m in counts
        if not _SUBSET.search(text[max(a, m.start - 40) : m.start])
        and not _SUBSET_LIST.search(text[max(a, m.start - 70) : m.start])
        and not _PART_OF_DEAD.match(text, m.end, b)
        and not (_OF_THEM.match(text, m.start) and any(_RIGHT_AFTER.fullmatch(text, o.end, m.start) for o in counts))
    ]
    listed = _listed_dead(text, a, b) if counts else None
    if listed is not None and all(listed[1][0] <= m.start and m.end <= listed[1][1] for m in counts):
        # the figures are items of a list of the dead: "two soldiers, a policeman and a child were killed"
        return listed[0], listed[0], listed[0], listed[1]
    if not counts:
        return _told_without_figure(text, a, b)
    # Parts of one toll (different victims) are added; other figures for the same dead are alternatives.
    parts: list[tuple[Mention, Quantity]] = []
    alternatives: list[tuple[Mention, Quantity]] = []
    for m in counts:
        q = m.value
        assert isinstance(q, Quantity)
        key = _victims(q)
        if key in _GENERIC_HEADS:
            alternatives.append((m, q))
            continue
        same = [p for p in parts if _victims(p[1]) == key]
        # the same figure again, not listed beside it: one dead told twice ("Twin blasts kill 30
        # Kurdish fighters ... 'At least 30 members of the YPG were killed'"), not "30 soldiers and 30 rebels"
        again = [p for p in parts if _one(p[1])[0] == _one(q)[0] and not _LISTED.fullmatch(text, p[0].end, m.start)]
        if (same or again) and not _ANOTHER.search(text[max(a, m.start - 30) : m.start]):
            alternatives.append((m, q))
        else:
            parts.append((m, q))
    options: list[tuple[int, int | None, int | None]] = []
    if parts:
        options.append(_and_one_more(text, a, b, [m for m, _ in parts], _sum([q for _, q in parts])))
    elif len(alternatives) == 1:
        m, q = alternatives.pop()
        options.append(_and_one_more(text, a, b, [m], _one(q)))
        parts.append((m, q))
    options += [_one(q) for _, q in alternatives]
    best = min(o[0] for o in options)
    lows = [o[1] for o in options if o[1] is not None]
    low = min(lows) if lows else None
    # several figures: the highest one reported
    high = options[0][2] if len(options) == 1 else max(o[2] if o[2] is not None else o[0] for o in options)
    if high is not None and high < best:
        high = None
    used = [m for m, _ in parts + alternatives]
    return best, low, high, (min(m.start for m in used), max(m.end for m in used))


def _and_one_more(
    text: str, a: int, b: int, counted: list[Mention], toll: tuple[int, int | None, int | None]
) -> tuple[int, int | None, int | None]:
    """The toll with one more person listed beside its count: "17 militants and a child", "Ramadan
    al-Sabta alongside nine of his comrades"."""
    first, last = min(m.start for m in counted), max(m.end for m in counted)
    extra = int(bool(_AND_ONE_MORE.match(text, last, b))) + int(
        bool(_ONE_MORE_AND.search(text[max(a, first - 80) : first]) and _OF_HIS.search(text, first, min(b, last + 12)))
    )
    if not extra:
        return toll
    best, low, high = toll
    return best + extra, low + extra if low is not None else None, high + extra if high is not None else None


def _dead_or_hurt(m: Mention) -> bool:
    """A count of the dead and the hurt together ("hundreds of dead and injured", "200 killed or
    wounded") says how many were hit, not how many died: no toll, and never a toll of none."""
    q = m.value
    return isinstance(q, Quantity) and q.value is None and q.low == 0 and q.high is not None


def _told_without_figure(text: str, a: int, b: int) -> tuple[int, int | None, int | None, tuple[int, int]] | None:
    """Deaths told without a figure: "a man was shot dead" (1), "a man and a woman were killed" (2),
    "killed a family of five" (5), "killed an unknown number of civilians" (ACLED's 10)."""
    family, *few, unknown = _DEATH_GATE.open(fold(text[a:b]))  # which patterns can match at all
    hit = _FAMILY.search(text, a, b) if family else None
    if hit is not None:
        from fogwatch.nlp.numbers import parse_number

        n = parse_number(hit["n"])
        if n:
            return n, n, n, (hit.start(), hit.end())
    listed = _listed_dead(text, a, b) if any(few) else None
    if listed is not None:
        return listed[0], listed[0], listed[0], listed[1]
    for (rx, n), may in zip(_FEW_DEATHS, few, strict=True):
        hit = rx.search(text, a, b) if may else None
        if hit is not None:
            return n, n, n, (hit.start(), hit.end())
    hit = _UNKNOWN_TOLL.search(text, a, b) if unknown else None
    if hit is not None:
        return UNKNOWN_TOLL, None, None, (hit.start(), hit.end())
    return None


# The words the patterns of deaths told without a figure need ("killed", "died", "body"...): most
# sentences have none of them, and are not searched.
_DEATH_GATE = WordGate([_FAMILY, *(rx for rx, _ in _FEW_DEATHS), _UNKNOWN_TOLL])


# A state's own names: its government and its forces are one side ("Syrian government soldiers", "Syrian troops").
_STATE_NAME = re.compile(r"(?:Government|Military Forces|Police Forces) of (.+?) \(")
# Words for one kind of victim: a state's soldiers, whatever the text calls them.
_SOLDIER = {"troop": "soldier", "serviceman": "soldier", "servicemen": "soldier", "personnel": "soldier"}


def _victims(q: Quantity) -> str:
    head = q.head.lower().strip()
    if head.endswith("s") and not head.endswith("ss"):
        head = head[:-1]
    head = _SOLDIER.get(head, head)  # "62 Syrian troops ... more than 60 Syrian soldiers": the same dead
    if head in ("people", "person", "persons", "casualtie", "victim", "individual", "life", "fatalitie", "bodie"):
        return "people"
    state = _STATE_NAME.match(q.actor or "")
    return f"{head}|{'state:' + state[1] if state else q.actor or ''}"


def _one(q: Quantity) -> tuple[int, int | None, int | None]:
    """(best, low, high) of one figure: its value, else its lower bound, else its upper bound."""
    if q.value is not None:
        best = q.value
    elif q.low is not None:
        best = q.low
    elif q.high is not None:
        best = q.high
    else:
        best = 0
    return best, q.low if q.low is not None else (q.value if q.high is not None else None), q.high


def _sum(qs: list[Quantity]) -> tuple[int, int | None, int | None]:
    ones = [_one(q) for q in qs]
    best = sum(o[0] for o in ones)
    lows = [o[1] for o in ones if o[1] is not None]
    highs = [o[2] for o in ones if o[2] is not None]
    low = sum(lows) if len(lows) == len(ones) else None
    high = sum(highs) if len(highs) == len(ones) else None
    return best, low, high


def _war_total(text: str, a: int, b: int, m: Mention) -> bool:
    """A count of the whole war's dead: "the conflict has since killed more than 300000 people"."""
    return bool(
        _WAR_TOTAL_BEFORE.search(text[max(a, m.start - 160) : m.start])
        or _WAR_TOTAL_AFTER.match(text[m.end : min(b, m.end + 120)])
    )


def _cumulative(text: str, a: int, b: int, m: Mention, war_total: bool | None = None) -> bool:
    """A toll over a period ("bringing the death toll since January to 300"), or an earlier count
    that a later one replaced ("updating an earlier toll of 15"). `war_total`: whether the count is a
    war's total, when the caller has read it already."""
    left = max(a, m.start - 60)
    window = text[left : min(b, m.end + 50)]
    if war_total if war_total is not None else _war_total(text, a, b, m):
        return True
    period = _PERIOD.search(text, a, b)
    if period is not None and not _SUPERLATIVE_SINCE.search(text, max(a, period.start() - 80), period.start()):
        return True
    hit = _CUMULATIVE.search(window)
    if hit is not None and _SUPERLATIVE_SINCE.search(window, 0, hit.start()):
        # "killing all five on board, the biggest loss for Moscow since it intervened": a comparison
        hit = _CUMULATIVE.search(window, hit.end())
    return hit is not None or bool(_EARLIER.search(text, max(a, m.start - 40), m.start))


# "the deadliest attack since ...", "the biggest loss of life since ...": a record, not a tally.
_SUPERLATIVE_SINCE = re.compile(
    r"(?i)\b(?:deadliest|biggest|worst|largest|heaviest|bloodiest|highest|most\s+\w+)\b[^.;]{0,60}$"
)


_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
# Anywhere in the sentence, a stretch of days that makes its counts a tally: "Between 21 and 26 of
# September ... more than 270 dead", "killed ... since the offensive against Manbij began on May 31".
_PERIOD = Needing(
    re.compile(
        r"(?i)\bbetween\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:and|to)\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
        + _MONTH
        + r"\b|\bsince\s+(?:the\s+)?(?:[\w'’-]+\s+){0,5}?(?:began|started|was\s+launched|kicked\s+off)\b"
    )
)


def event_toll(
    text: str, a: int, b: int, mentions: list[Mention], by_party: bool = False
) -> tuple[Fatalities, tuple[int, int]] | None:
    """The death toll `[a, b)` gives for an event, by the rules every toll follows (no period totals,
    no earlier counts, no attackers, parts added), or None when it gives none."""
    found = _toll(text, a, _elapsed_cut(text, a, b, a + 10), mentions)
    if found is None:
        return None
    best, low, high, span = found
    return Fatalities(best, low, high, by_party), span


# ", while shelling on the town killed 12", "whereas air strikes hit ...": a contrast whose clause
# tells violence of its own.
_CONTRAST = Needing(
    re.compile(
        r"(?i),\s*(?:while|whereas)\s+(?=(?:[\w'’-]+\s+){0,12}?(?:killed|killing|kills|shell(?:s|ed|ing)|strikes?|"
        r"air\s*strikes?|airstrikes?|bombard(?:s|ed|ing|ment)|bomb(?:s|ed|ing)|attack(?:s|ed)?|clashe[sd]|fighting|"
        r"explosions?|blasts?)\b)"
    )
)


def _contrast_half(text: str, a: int, b: int, trigger: tuple[int, int]) -> tuple[int, int]:
    """The half of "X, while Y" the trigger is in, when Y tells violence of its own; `(a, b)` otherwise."""
    for m in _CONTRAST.finditer(text, a, b):
        if m.start() >= trigger[1]:
            return a, m.start()
        if m.end() <= trigger[0]:
            a = m.end()
    return a, b


def _elapsed_cut(text: str, a: int, b: int, after: int) -> int:
    """Where the sentence `[a, b)` stops telling the event that begins before `after`: at a clause
    that tells another event, set apart in time ("... hours after a chemical attack left dozens
    dead"); `b` when it has none."""
    for m in _ELAPSED.finditer(text, max(a, after), b):
        return m.start()
    return b


_ELAPSED = Needing(ELAPSED)  # "hours after", "days before": most sentences have no stretch of time
