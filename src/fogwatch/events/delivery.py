"""How a blow was delivered, read from the words that report it.

From the air ("barrel bombs", "warplanes", "air raids"), from the ground at a distance ("rockets",
"mortars", "shelling"), from afar without saying which ("strikes", "bombardment"), by a bomb
placed, thrown or carried (a suicide bomb, an IED, a grenade), or by hand (an execution, a beheading,
a stabbing). Fusion keeps blows delivered in
different ways apart: an air strike and a car bomb are never one event, whoever reports them, nor a
barrel bomb dropped on one side of a city and rockets fired at the other the same day.

The reading is made once, when the claim is extracted, from the event words of its own sentence,
and stored with the report: fusion reads claims without their article's text.
"""

from __future__ import annotations

import re

from fogwatch.events.typology import AIR_STRIKE, ATTACK, GRENADE, REMOTE_EXPLOSIVE, SHELLING, SUICIDE_BOMB

AIR = "air"
GROUND = "ground"
AFAR = "afar"
PLANTED = "planted"
BY_HAND = "by hand"

_PLANTED_TYPES = frozenset({SUICIDE_BOMB, REMOTE_EXPLOSIVE, GRENADE})
_AFAR_TYPES = frozenset({AIR_STRIKE, SHELLING})
_AIR_WORD = re.compile(
    r"(?i)\b(?:air|aerial|barrel|warplanes?|jets?|helicopters?|aircraft|planes?|drones?|bombers?|sorties)"
)
_GROUND_WORD = re.compile(
    r"(?i)\b(?:shell\w*|rockets?|mortars?|artillery|missiles?|howitzers?|cannon|grad|tanks?|sniper|fire)\b"
)
# Killing at arm's length: "executed 40 gunmen", "beheaded", "shot dead at a checkpoint".
_HAND_WORD = re.compile(
    r"(?i)\b(?:execut\w*|behead\w*|stabb\w*|slaughter\w*|hanged|hanging|lynch\w*|gunned\s+down|shot\s+dead|"
    r"slit|throats?|crucif\w*)"
)
# A bare "explosion" or "blast" says neither how nor by whom; it goes with every kind.
_BARE_BLAST = re.compile(r"(?i)(?:explo\w*|blasts?|bomb(?:s|ings?)?|detonat\w*|attacks?|killed|dead|died)")


def delivery(sub_event_type: str, words: str) -> str | None:
    """How a blow of `sub_event_type`, reported by the event words `words`, was delivered: `air`,
    `ground`, `afar` (either of those), `planted`, `by hand`, or None when the type or the words do
    not say."""
    if sub_event_type == ATTACK:
        return BY_HAND if _HAND_WORD.search(words) else None
    if sub_event_type in _AFAR_TYPES:
        if _AIR_WORD.search(words):
            return AIR
        if _GROUND_WORD.search(words):
            return GROUND
        return AFAR
    if sub_event_type not in _PLANTED_TYPES or not words.strip() or _BARE_BLAST.fullmatch(words.strip()):
        return None
    return PLANTED


def same_delivery(a: str, b: str) -> bool:
    """Whether blows delivered so can be one: from afar goes with from the air or the ground."""
    return a == b or (AFAR in (a, b) and {a, b} <= {AIR, GROUND, AFAR})
