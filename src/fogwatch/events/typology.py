"""ACLED's event typology, read from `resources/event-types.toml`: 6 event types, 25 sub-event
types, their CASE 2021 codes and the properties the rules key on (violent or not, fatalities
allowed, a change of territory, what fuses with what, the words of an event's note).

The names are ACLED's own (its codebook's spelling), so exported rows line up with an ACLED
export column for column. Code names a type by its constant here (`AIR_STRIKE`), and asks
about a property (`sub_event(name).fatalities`) rather than listing names, so a new type is
one entry in the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fogwatch.errors import BadTypology

TYPOLOGY_FILE = Path(__file__).resolve().parent.parent / "resources" / "event-types.toml"


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    key: str
    violent: bool
    one_sided: bool
    fuses_with: frozenset[str]
    colour: str


@dataclass(frozen=True, slots=True)
class SubEventType:
    name: str
    key: str
    event_type: str
    case_code: str
    fatalities: bool
    territory: bool
    fuse_as: str  # the event type it is fused as
    note_verb: str
    note_target: str | None  # None: the note names no actor2


@dataclass(frozen=True, slots=True)
class Typology:
    event_types: dict[str, EventType]
    sub_event_types: dict[str, SubEventType]
    non_conflict_case_codes: tuple[str, ...]

    def key(self, key: str) -> str:
        """The name of the event or sub-event type whose key is `key`."""
        for name, t in self.event_types.items():
            if t.key == key:
                return name
        for name, s in self.sub_event_types.items():
            if s.key == key:
                return name
        raise KeyError(f"no event or sub-event type has the key {key!r}")


def _fields(path: str, kind: str, entry: Any, required: dict[str, type], optional: dict[str, type]) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise BadTypology(path, f"each [[{kind}]] must be a table")
    name = entry.get("name", "?")
    unknown = sorted(set(entry) - set(required) - set(optional))
    if unknown:
        raise BadTypology(path, f"{kind} {name!r}: unknown field(s) {', '.join(unknown)}")
    missing = sorted(set(required) - set(entry))
    if missing:
        raise BadTypology(path, f"{kind} {name!r}: missing {', '.join(missing)}")
    for field, kind_of in {**required, **optional}.items():
        if field in entry and not isinstance(entry[field], kind_of):
            raise BadTypology(path, f"{kind} {name!r}: {field} must be a {kind_of.__name__}")
    return entry


def load_typology(path: Path = TYPOLOGY_FILE) -> Typology:
    """The typology in a TOML file; BadTypology names the file and the entry that is wrong."""
    shown = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BadTypology(shown, f"cannot read it ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise BadTypology(shown, f"not valid TOML ({exc})") from None
    types: dict[str, EventType] = {}
    for entry in data.get("event_type", []):
        e = _fields(
            shown,
            "event_type",
            entry,
            {"name": str, "key": str, "violent": bool, "colour": str},
            {"one_sided": bool, "fuses_with": list},
        )
        if e["name"] in types:
            raise BadTypology(shown, f"event type {e['name']!r} is given twice")
        types[e["name"]] = EventType(
            e["name"],
            e["key"],
            e["violent"],
            e.get("one_sided", False),
            frozenset(e.get("fuses_with", [])),
            e["colour"],
        )
    for t in types.values():
        for other in sorted(t.fuses_with):
            if other not in types or t.name not in types[other].fuses_with:
                raise BadTypology(shown, f"event type {t.name!r} fuses with {other!r}, which must list it back")
    subs: dict[str, SubEventType] = {}
    for entry in data.get("sub_event_type", []):
        s = _fields(
            shown,
            "sub_event_type",
            entry,
            {"name": str, "key": str, "event_type": str, "case_code": str, "note_verb": str},
            {"fatalities": bool, "territory": bool, "fuse_as": str, "note_target": str},
        )
        for field in ("event_type", "fuse_as"):
            if field in s and s[field] not in types:
                raise BadTypology(shown, f"sub-event type {s['name']!r}: {field} {s[field]!r} is no event type")
        if s["name"] in subs:
            raise BadTypology(shown, f"sub-event type {s['name']!r} is given twice")
        subs[s["name"]] = SubEventType(
            s["name"],
            s["key"],
            s["event_type"],
            s["case_code"],
            s.get("fatalities", True),
            s.get("territory", False),
            s.get("fuse_as", s["event_type"]),
            s["note_verb"],
            s.get("note_target"),
        )
    keys = [t.key for t in types.values()] + [s.key for s in subs.values()]
    if len(set(keys)) != len(keys):
        raise BadTypology(shown, "two types share a key")
    codes = [s.case_code for s in subs.values()]
    if len(set(codes)) != len(codes):
        raise BadTypology(shown, "two sub-event types share a CASE code")
    non_conflict = data.get("non_conflict_case_codes", [])
    if not isinstance(non_conflict, list) or not all(isinstance(c, str) for c in non_conflict):
        raise BadTypology(shown, "non_conflict_case_codes must be a list of strings")
    return Typology(types, subs, tuple(non_conflict))


TYPOLOGY = load_typology()

BATTLES = TYPOLOGY.key("BATTLES")
EXPLOSIONS = TYPOLOGY.key("EXPLOSIONS")
VAC = TYPOLOGY.key("VAC")
PROTESTS = TYPOLOGY.key("PROTESTS")
RIOTS = TYPOLOGY.key("RIOTS")
STRATEGIC = TYPOLOGY.key("STRATEGIC")

ARMED_CLASH = TYPOLOGY.key("ARMED_CLASH")
GOV_REGAINS_TERRITORY = TYPOLOGY.key("GOV_REGAINS_TERRITORY")
NSA_OVERTAKES_TERRITORY = TYPOLOGY.key("NSA_OVERTAKES_TERRITORY")
CHEMICAL_WEAPON = TYPOLOGY.key("CHEMICAL_WEAPON")
AIR_STRIKE = TYPOLOGY.key("AIR_STRIKE")
SUICIDE_BOMB = TYPOLOGY.key("SUICIDE_BOMB")
SHELLING = TYPOLOGY.key("SHELLING")
REMOTE_EXPLOSIVE = TYPOLOGY.key("REMOTE_EXPLOSIVE")
GRENADE = TYPOLOGY.key("GRENADE")
SEXUAL_VIOLENCE = TYPOLOGY.key("SEXUAL_VIOLENCE")
ATTACK = TYPOLOGY.key("ATTACK")
ABDUCTION = TYPOLOGY.key("ABDUCTION")
PEACEFUL_PROTEST = TYPOLOGY.key("PEACEFUL_PROTEST")
PROTEST_WITH_INTERVENTION = TYPOLOGY.key("PROTEST_WITH_INTERVENTION")
EXCESSIVE_FORCE = TYPOLOGY.key("EXCESSIVE_FORCE")
VIOLENT_DEMONSTRATION = TYPOLOGY.key("VIOLENT_DEMONSTRATION")
MOB_VIOLENCE = TYPOLOGY.key("MOB_VIOLENCE")
AGREEMENT = TYPOLOGY.key("AGREEMENT")
ARRESTS = TYPOLOGY.key("ARRESTS")
CHANGE_TO_GROUP = TYPOLOGY.key("CHANGE_TO_GROUP")
DISRUPTED_WEAPONS = TYPOLOGY.key("DISRUPTED_WEAPONS")
HQ_ESTABLISHED = TYPOLOGY.key("HQ_ESTABLISHED")
LOOTING = TYPOLOGY.key("LOOTING")
NON_VIOLENT_TRANSFER = TYPOLOGY.key("NON_VIOLENT_TRANSFER")
OTHER = TYPOLOGY.key("OTHER")

EVENT_TYPES: tuple[str, ...] = tuple(TYPOLOGY.event_types)

# sub-event type -> (event type, CASE 2021 code)
SUB_EVENT_TYPES: dict[str, tuple[str, str]] = {
    s.name: (s.event_type, s.case_code) for s in TYPOLOGY.sub_event_types.values()
}

CASE_CODES: dict[str, str] = {code: sub for sub, (_, code) in SUB_EVENT_TYPES.items()}

# CASE 2021 labels outside ACLED's conflict typology: must come out as "no conflict event".
NON_CONFLICT_CODES: tuple[str, ...] = TYPOLOGY.non_conflict_case_codes

# Event types whose events are political violence (they can have fatalities and a target).
VIOLENT_TYPES: frozenset[str] = frozenset(t.name for t in TYPOLOGY.event_types.values() if t.violent)
# Sub-event types ACLED codes no fatalities for.
NO_FATALITIES: frozenset[str] = frozenset(s.name for s in TYPOLOGY.sub_event_types.values() if not s.fatalities)
# Sub-event types that change who holds a place.
TERRITORY_TYPES: frozenset[str] = frozenset(s.name for s in TYPOLOGY.sub_event_types.values() if s.territory)


def sub_event(name: str) -> SubEventType:
    """The sub-event type called `name`; KeyError for a name outside the typology."""
    return TYPOLOGY.sub_event_types[name]


def fused_as(event_type: str, sub_event_type: str) -> str:
    """The type an event is fused as: its own, or the one its sub-event type's entry names."""
    sub = TYPOLOGY.sub_event_types.get(sub_event_type)
    return sub.fuse_as if sub is not None and sub.fuse_as != sub.event_type else event_type


def event_type_of(sub_event_type: str) -> str:
    """The event type a sub-event type belongs to; KeyError for a name outside the typology."""
    return SUB_EVENT_TYPES[sub_event_type][0]


def case_code(sub_event_type: str) -> str:
    return SUB_EVENT_TYPES[sub_event_type][1]


def sub_event_types(event_type: str) -> list[str]:
    return [sub for sub, (t, _) in SUB_EVENT_TYPES.items() if t == event_type]
