"""ACLED's event typology: 6 event types, 25 sub-event types, and the CASE 2021 codes for them.

The names are ACLED's own (its codebook's spelling), so exported rows line up with an
ACLED export column for column. Facts, not text: the table is the public typology.
"""

from __future__ import annotations

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

EVENT_TYPES: tuple[str, ...] = (BATTLES, EXPLOSIONS, VAC, PROTESTS, RIOTS, STRATEGIC)

# sub-event type -> (event type, CASE 2021 code)
SUB_EVENT_TYPES: dict[str, tuple[str, str]] = {
    "Armed clash": (BATTLES, "ARMED_CLASH"),
    "Government regains territory": (BATTLES, "GOV_REGAINS_TERIT"),
    "Non-state actor overtakes territory": (BATTLES, "NON_STATE_ACTOR_OVERTAKES_TER"),
    "Chemical weapon": (EXPLOSIONS, "CHEM_WEAP"),
    "Air/drone strike": (EXPLOSIONS, "AIR_STRIKE"),
    "Suicide bomb": (EXPLOSIONS, "SUIC_BOMB"),
    "Shelling/artillery/missile attack": (EXPLOSIONS, "ART_MISS_ATTACK"),
    "Remote explosive/landmine/IED": (EXPLOSIONS, "REM_EXPLOS"),
    "Grenade": (EXPLOSIONS, "GRENADE"),
    "Sexual violence": (VAC, "SEX_VIOL"),
    "Attack": (VAC, "ATTACK"),
    "Abduction/forced disappearance": (VAC, "ABDUCT_DISSAP"),
    "Peaceful protest": (PROTESTS, "PEACE_PROTEST"),
    "Protest with intervention": (PROTESTS, "PROTEST_WITH_INTER"),
    "Excessive force against protesters": (PROTESTS, "FORCE_AGAINST_PROTEST"),
    "Violent demonstration": (RIOTS, "VIOL_DEMONSTR"),
    "Mob violence": (RIOTS, "MOB_VIOL"),
    "Agreement": (STRATEGIC, "AGREEMENT"),
    "Arrests": (STRATEGIC, "ARREST"),
    "Change to group/activity": (STRATEGIC, "CHANGE_TO_GROUP_ACT"),
    "Disrupted weapons use": (STRATEGIC, "DISR_WEAP"),
    "Headquarters or base established": (STRATEGIC, "HQ_ESTABLISHED"),
    "Looting/property destruction": (STRATEGIC, "PROPERTY_DISTRUCT"),
    "Non-violent transfer of territory": (STRATEGIC, "NON_VIOL_TERRIT_TRANSFER"),
    "Other": (STRATEGIC, "OTHER"),
}

CASE_CODES: dict[str, str] = {code: sub for sub, (_, code) in SUB_EVENT_TYPES.items()}

# CASE 2021 labels outside ACLED's conflict typology: must come out as "no conflict event".
NON_CONFLICT_CODES: tuple[str, ...] = ("NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ORG_CRIME", "ATTRIB")

# Event types whose events are political violence (they can have fatalities and a target).
VIOLENT_TYPES: frozenset[str] = frozenset({BATTLES, EXPLOSIONS, VAC, RIOTS})


def event_type_of(sub_event_type: str) -> str:
    """The event type a sub-event type belongs to; KeyError for a name outside the typology."""
    return SUB_EVENT_TYPES[sub_event_type][0]


def case_code(sub_event_type: str) -> str:
    return SUB_EVENT_TYPES[sub_event_type][1]


def sub_event_types(event_type: str) -> list[str]:
    return [sub for sub, (t, _) in SUB_EVENT_TYPES.items() if t == event_type]
