"""One ACLED-style sentence describing a fused event, built only from its fields.

"On 9 February 2020, Military Forces of Syria (2000-), supported by Military Forces of Russia
(2000-), regained Khan al-Assal (Aleppo, Syria) from HTS: Hayat Tahrir al-Sham. 7 fatalities
(sources give 7 to 40). Reported by 2 independent sources; contested."
"""

from __future__ import annotations

from fogwatch.events.typology import TERRITORY_TYPES, TYPOLOGY
from fogwatch.model import Event, TimeValue

# What actor1 did, per sub-event type: (verb phrase, word before actor2 or None).
_VERBS: dict[str, tuple[str, str | None]] = {
    s.name: (s.note_verb, s.note_target) for s in TYPOLOGY.sub_event_types.values()
}


def date_words(tv: TimeValue | None) -> str | None:
    if tv is None:
        return None
    if tv.start is None:
        if tv.month and tv.day:
            return f"{tv.day} {_MONTHS[tv.month - 1]} (year unknown)"
        return None
    d = tv.start
    if tv.precision == "day":
        return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
    if tv.precision == "week":
        return f"the week of {d.day} {_MONTHS[d.month - 1]} {d.year}"
    if tv.precision == "month":
        return f"{_MONTHS[d.month - 1]} {d.year}"
    return str(d.year)


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def event_notes(ev: Event) -> str:
    verb, joint = _VERBS.get(ev.sub_event_type, ("took part in an event", None))
    who = ev.actor1 or "Unidentified actors"
    if ev.assoc_actors:
        who += ", supported by " + " and ".join(ev.assoc_actors) + ","
    parts = [who, verb]
    place = None
    if ev.location is not None:
        where = ", ".join(x for x in (ev.location.admin1, ev.location.country) if x)
        place = ev.location.name + (f" ({where})" if where else "")
        if ev.location.relation:
            place = f"{ev.location.relation} {place}"
    if joint == "" and ev.actor2:
        parts.append(ev.actor2)
        if place:
            parts.append(f"in {place}")
    elif ev.sub_event_type in TERRITORY_TYPES and place:
        parts.append(place)
        if ev.actor2:
            parts += [joint or "from", ev.actor2]
    else:
        if joint and ev.actor2:
            parts += [joint, ev.actor2]
        if place:
            parts.append(f"in {place}")
    when = date_words(ev.date)
    sentence = (f"On {when}, " if when else "") + " ".join(parts).replace(",,", ",").rstrip(",") + "."
    if ev.fatalities is not None:
        f = ev.fatalities
        toll = f"{f.best} fatalit{'y' if f.best == 1 else 'ies'}"
        if f.low is not None and f.high is not None and (f.low != f.best or f.high != f.best):
            toll += f" (sources give {f.low} to {f.high})"
        if f.by_party:
            toll += ", as claimed by a party to the fighting"
        sentence += f" {toll}."
    n = ev.independent_sources
    sentence += f" Reported by {n} independent source{'s' if n != 1 else ''}; {ev.status}."
    return sentence[0].upper() + sentence[1:]
