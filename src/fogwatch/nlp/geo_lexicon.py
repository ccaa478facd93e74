"""Word lists toponym recognition leans on. Our own; lowercase throughout.

Most are about what a capitalised word is when it is *not* a place: a common
English word at the start of a sentence or in a headline ("Reading", "Along",
"Nice"), a month or a weekday ("May", "March"), a title before a person's name
("President", "Gen."), an organisation word after a town's name ("Washington
Post"). The rest name the context words that make a place out of a name
("the village of X", "X province", "west of X").
"""

from __future__ import annotations

import re

from fogwatch.lang import english

_EN = english().area("places")


# Words whose capitalised form starts sentences and headlines far more often than it
# names a place, though GeoNames holds a place of that name somewhere.
COMMON_WORDS = _EN.wordset("common_words")

MONTHS_AND_DAYS = _EN.wordset("months_and_days")

# Capitalised words that begin sentences without being part of the name after them.
FUNCTION_WORDS = _EN.wordset("function_words")

# Words before a person's name. "St." is missing on purpose: St. Louis is a place.
TITLES = _EN.wordset("titles")

# Lowercase words allowed inside a place name between capitalised ones (besides the
# Arabic article): "Isle of Man", "Trinidad and Tobago", "Aix en Provence", "Bin Jawad".
NAME_CONNECTORS = _EN.wordset("name_connectors")

# First names that are also places (Jordan, Victoria, Paris...): before another
# capitalised word they begin a person's name far more often than a place's.
GIVEN_NAMES_THAT_ARE_PLACES = _EN.wordset("given_names_that_are_places")

# Compass words: "west of X" and "southern X" place an event relative to X.
DIRECTIONS: dict[str, str] = _EN.table("directions")
# A capital's province -> the provinces its countryside is ("damascus" -> "rif dimashq").
COUNTRYSIDE_PROVINCES: dict[str, list[str]] = _EN.table("countryside_provinces")
DIRECTION_ADJECTIVES: dict[str, str] = _EN.table("direction_adjectives")

# Words that begin many compound place names ("Abu Salim", "Wadi al-Rabi", "Vila Mariana",
# "Colonia Juarez") and mean a kind of place or a kinship: before more capitalised words of the
# same name they are never the place by themselves, whatever small place of that name exists.
NAME_HEADS = _EN.wordset("name_heads")

# The article or kinship word of an Arabic name written apart ("Aqareb es Safi").
NAME_PARTICLES = _EN.wordset("name_particles")

# After a name, these make it an area ("Idlib province": only a larger region) ...
AREA_WORDS = _EN.wordset("area_words")
# ... these a town or village ("Idlib city") ...
SETTLEMENT_WORDS = _EN.wordset("settlement_words")
# ... and these something in or at it ("Saraqib hospital", "Hazano camp"): the town locates it.
FACILITY_WORDS = _EN.wordset("facility_words")

# After a name, capitalised words that make it part of an organisation, not a place.
# (Any other capitalised word after a name does too; these also stop a sentence-start name.)
ORG_WORDS = _EN.wordset("org_words")
ORG_HEADS = _EN.wordset("org_heads")
# One to three capitalised words after a name: "Monitoring Network", "Media Center"
_ORG_NAME_AFTER = re.compile(r"(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w'’-]*){1,3}")


def begins_organisation(text: str, end: int) -> bool:
    """Whether the name ending at `end` begins the name of an outlet, a monitor or an association ("Idlib" in
    "the Idlib Monitoring Network", "Aleppo" in "Aleppo Media Center"): one to three capitalised
    words follow it and end as such names end (`org_heads`)."""
    m = _ORG_NAME_AFTER.match(text, end, min(len(text), end + 60))
    if m is None:
        return False
    words = [w.lower().strip("'’") for w in m.group(0).split()]
    # the name may run on ("the Aleppo Media Center Director"): any of its first words may end it
    return any(w in ORG_HEADS or " ".join(words[max(0, k - 1) : k + 1]) in ORG_HEADS for k, w in enumerate(words))


__all__ = [
    "AREA_WORDS",
    "COMMON_WORDS",
    "COUNTRYSIDE_PROVINCES",
    "DIRECTIONS",
    "DIRECTION_ADJECTIVES",
    "FACILITY_WORDS",
    "FUNCTION_WORDS",
    "GIVEN_NAMES_THAT_ARE_PLACES",
    "MONTHS_AND_DAYS",
    "NAME_CONNECTORS",
    "NAME_PARTICLES",
    "ORG_HEADS",
    "ORG_WORDS",
    "SETTLEMENT_WORDS",
    "TITLES",
    "begins_organisation",
]

# "US dollar", "Hong Kong dollars": a currency named after its country is no place, and
# says nothing of where a report is (prices in Beirut are quoted in US dollars).
CURRENCY_AFTER = _EN.regex("currency_after", re.IGNORECASE)
