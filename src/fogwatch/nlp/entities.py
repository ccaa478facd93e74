"""Entities of defence reporting that are not places, dates or registry actors' roles:
people (by name and title), organisations, military platforms and weapons.

Rules and lexicons only (no model): platforms and weapons come from
`resources/materiel.yaml`; organisations are the registry's actors plus capitalised
names ending in an organisation word ("Ministry of Defence", "Security Council");
people are capitalised names after a title ("President Bashar al-Assad",
"Lt. Gen. Stephen Townsend") or before a reporting verb ("Erdogan said").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fogwatch.errors import BadMaterielLexicon, BadPeopleLexicon, require
from fogwatch.lang import english

_EN = english().area("entities")

MATERIEL = Path(__file__).resolve().parent.parent / "resources" / "materiel.yaml"
PEOPLE = Path(__file__).resolve().parent.parent / "resources" / "people.yaml"


def load_materiel(path: Path | None = None) -> dict[str, list[str]]:
    """{"platforms": [...], "weapons": [...]} from the lexicon file."""
    yaml: Any = require("yaml", "nlp", "The materiel lexicon")
    source = path or MATERIEL
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BadMaterielLexicon(source, f"cannot read it ({exc})") from exc
    out: dict[str, list[str]] = {}
    for key in ("platforms", "weapons"):
        words = data.get(key) if isinstance(data, dict) else None
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise BadMaterielLexicon(source, f"'{key}' must be a list of phrases")
        out[key] = words
    return out


def load_people(path: Path | None = None) -> list[list[str]]:
    """Rows of [full name, other forms...] of public figures."""
    yaml: Any = require("yaml", "nlp", "The people lexicon")
    source = path or PEOPLE
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BadPeopleLexicon(source, f"cannot read it ({exc})") from exc
    rows = data.get("people") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not all(isinstance(r, list) and all(isinstance(n, str) for n in r) for r in rows):
        raise BadPeopleLexicon(source, "'people' must be a list of [name, other names...] rows")
    return rows


def _plural(word: str) -> str:
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(?:s|x|z|ch|sh)$", word):
        return word + "es"
    return word + "s"


def _designation(word: str) -> bool:
    """Model names and acronyms ("T-72", "UAV", "Su-24") match only as written."""
    return any(c.isdigit() for c in word) or (sum(c.isupper() for c in word) >= 2 and not word.islower())


def phrase_regex(phrases: list[str]) -> str:
    """One alternation for the phrases, longest first, each with its plural; designations case-sensitive."""
    alts: list[tuple[int, str]] = []
    for p in phrases:
        words = p.split()
        last = words[-1]
        head = r"\s+".join(re.escape(w) for w in words[:-1])
        tail = f"(?:{re.escape(_plural(last))}|{re.escape(last)})" if not _designation(last) else re.escape(last) + "s?"
        body = (head + r"[\s-]+" if head else "") + tail
        if _designation(p):
            body = f"(?-i:{body})"
        alts.append((len(p), body))
    alts.sort(key=lambda a: -a[0])
    return "(?:" + "|".join(a for _, a in alts) + ")"


@dataclass(slots=True)
class Entity:
    start: int
    end: int
    type: str  # Location, Organisation, Person, MilitaryPlatform, Weapon
    text: str


# --- people -------------------------------------------------------------------------------

# Titles and ranks that introduce a person's name ("Lt. Gen. Stephen J. Townsend").
_TITLE_WORDS = list(_EN.words("title_words"))
_NAME_WORD = _EN.pattern("name_word")
_NAME = _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){0,3}"
_REPORTING = _EN.pattern("reporting")


class EntityRecogniser:
    """Location, Organisation, Person, MilitaryPlatform and Weapon spans in a text, by rules and lexicons.

    Locations come from the places geoparser (named places) and, with
    `referenced_places`, from place nouns ("the town", "a hospital", "supply
    routes") as defence annotation schemes count them.
    """

    def __init__(self, geoparser: Any = None, matcher: Any = None, referenced_places: bool = True) -> None:
        from fogwatch.nlp.actors import ActorMatcher

        lex = load_materiel()
        self.geoparser = geoparser
        self.matcher = matcher or ActorMatcher()
        self.referenced_places = referenced_places
        self._platform = re.compile(r"(?<![\w-])" + phrase_regex(lex["platforms"]) + r"(?![\w-])", re.IGNORECASE)
        self._weapon = re.compile(r"(?<![\w-])" + phrase_regex(lex["weapons"]) + r"(?![\w-])", re.IGNORECASE)
        titles = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(_TITLE_WORDS, key=len, reverse=True))
        self._titled = re.compile(r"(?<![\w.])(?:(?:" + titles + r")\s+)+(?P<name>" + _NAME + r")")
        self._speaker = re.compile(
            r"(?<![\w.])(?P<name>[A-Z][a-z]+(?:\s+" + _NAME_WORD + r"){1,3})(?=,?\s+" + _REPORTING + r"\b)"
            r"|\b(?:said|says|told|according\s+to|quoted)\s+(?P<name2>[A-Z][a-z]+(?:\s+"
            + _NAME_WORD
            + r"){1,3})(?![\w])"
        )
        self._org = re.compile(
            r"(?<![\w.])(?:the\s+)?(?P<org>(?:[A-Z][\w&'’.-]*\s+)(?:(?:of|for|and|the|on|de)\s+|[A-Z][\w&'’.-]*\s+){0,6}?"
            r"(?:" + _ORG_TAIL + r")(?:\s+(?:of|for)(?:\s+the)?(?:\s+[A-Z][\w'’.-]*){1,4})?"
            r"|(?:" + _ORG_HEAD + r")(?:\s+(?:of|for|on)(?:\s+the)?(?:\s+(?:[A-Z][\w'’.-]*|and|of|the)){1,6}))(?![\w])"
        )
        names = sorted({n for row in load_people() for n in row}, key=len, reverse=True)
        self._known = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?:['’]s)?(?![\w-])")
        self._acronym = re.compile(r"(?<![\w.-])(?P<acr>[A-Z][A-Z0-9]{1,5}(?:-[A-Z0-9]{2,5})?)(?![\w-])")
        self._place_noun = re.compile(
            r"(?<![\w-])(?:(?:the|a|an|this|that|these|those|their|its|his|her|our)\s+)?"
            r"(?:(?:northern|southern|eastern|western|central|ancient|old|main|nearby|local|besieged|liberated|"
            r"populated|residential|underground|large|small|two|three|several|military|civilian)\s+)?"
            r"(?:" + _PLACE_NOUNS + r")(?![\w-])",
            re.IGNORECASE,
        )

    _region = re.compile(
        r"(?<![\w-])(?:the\s+)?(?:Middle\s+East|Near\s+East|(?:Persian\s+|Arabian\s+)?Gulf(?=\s|[.,;])|Levant|"
        r"(?:North|West|East|Central|Southern|Sub-Saharan)\s+Africa|Sahel|Horn\s+of\s+Africa|Maghreb|Caucasus|"
        r"Balkans|Central\s+Asia|South\s+Asia|South-?East\s+Asia|Eastern\s+Europe|Western\s+Europe|Europe|Asia|"
        r"Africa|Latin\s+America|Arabian\s+Peninsula|Kurdistan\s+Region)(?![\w-])"
    )

    def find(self, text: str, country_hint: str | None = None) -> list[Entity]:
        places: list[tuple[int, int]] = []
        if self.geoparser is not None:
            from fogwatch.nlp.text import blank_possessives

            places = [(p.start, p.end) for p in self.geoparser.find(blank_possessives(text), country_hint)]
        materiel = _join_adjacent(
            text,
            [(m.start(), m.end(), "MilitaryPlatform") for m in self._platform.finditer(text)]
            + [(m.start(), m.end(), "Weapon") for m in self._weapon.finditer(text)],
        )
        things = [(s, e) for s, e, _ in materiel]
        orgs: list[tuple[int, int]] = []
        names: list[tuple[int, int]] = []  # names of groups: a place inside one is part of the name
        for a in self.matcher.find(text):
            if a.kind in ("named", "organisation", "state", "generic", "context-state") and a.ref.inter != 7:
                orgs.append((a.start, a.end))
                if a.kind in ("named", "organisation"):
                    names.append((a.start, a.end))
        for m in self._org.finditer(text):
            orgs.append((m.start("org"), m.end("org")))
            names.append((m.start("org"), m.end("org")))
        for m in self._acronym.finditer(text):
            if not _inside(m.start(), m.end(), places) and m.group() not in _NOT_ORG:
                orgs.append((m.start(), m.end()))
        people: list[tuple[int, int]] = [(m.start(), m.end()) for m in self._known.finditer(text)]
        for rx in (self._titled, self._speaker):
            for m in rx.finditer(text):
                if rx is self._titled:
                    people.append((m.start(), m.end()))
                else:
                    group = "name" if m["name"] else "name2"
                    if not _ORG_END.search(m[group]):  # "the Relief Committee said": not a person
                        people.append((m.start(group), m.end(group)))
        # A name once given in full ("Tobias Ellwood") is the same person when it comes back alone.
        surnames = {text[s:e].split()[-1] for s, e in people if len(text[s:e].split()) >= 2}
        for name in surnames:
            if len(name) > 2 and name[0].isupper():
                for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?:['’]s)?(?![\w-])", text):
                    people.append((m.start(), m.end()))
        people = _longest(people)
        orgs = [o for o in _longest(orgs) if not _overlaps_any(o, people) and not _inside(o[0], o[1], things)]
        # A place inside a person's or an organisation's name ("Ellwood", "the Levant" in ISIL's) is not one.
        places = [
            p
            for p in places
            if not _overlaps_any(p, people)
            and not _in_name(p, names)
            and not _NOT_PLACE.fullmatch(text[p[0] : p[1]])
            and not _MODIFIER.match(text, p[1])
        ]
        out = [Entity(s, e, "Location", text[s:e]) for s, e in places]
        out += [Entity(s, e, t, text[s:e]) for s, e, t in materiel]
        out += [Entity(s, e, "Person", text[s:e]) for s, e in people]
        out += [Entity(s, e, "Organisation", text[s:e]) for s, e in orgs]
        if self.referenced_places:
            for m in self._region.finditer(text):
                if not _overlaps_any((m.start(), m.end()), places) and not _in_name((m.start(), m.end()), names):
                    places.append((m.start(), m.end()))
                    out.append(Entity(m.start(), m.end(), "Location", m.group()))
            for m in self._place_noun.finditer(text):
                if _overlaps_any((m.start(), m.end()), orgs) or _overlaps_any((m.start(), m.end()), people):
                    continue
                span = (m.start(), m.end())
                named = _OF_NAMED.match(text, m.end())
                if named:
                    # "the village of Kafr Nouran": one place, named and described
                    inner = [p for p in places if p[0] == named.end()]
                    if inner:
                        out = [x for x in out if (x.start, x.end) != inner[0]]
                        out.append(Entity(m.start(), inner[0][1], "Location", text[m.start() : inner[0][1]]))
                        continue
                if not _overlaps_any(span, places):
                    out.append(Entity(m.start(), m.end(), "Location", m.group()))
        return sorted(out, key=lambda e: (e.start, e.end, e.type))


_ORG_TAIL = _EN.pattern("org_tail")
_ORG_END = re.compile(r"\b(?:" + _ORG_TAIL + r")$")
_ORG_HEAD = _EN.pattern("org_head")
# Never places, whatever a gazetteer holds: pronoun contractions, words for peoples and faiths
# (re3d's "Nationality"), which name who, not where, and God.
_NOT_PLACE = _EN.regex("not_place", re.IGNORECASE)
# A place name followed by one of these is the modifier of a who ("U.S. forces", "U.S. Central
# Command", "Iraqi officials"), not a where.
_MODIFIER = _EN.regex("modifier")
_NOT_ORG = _EN.wordset("not_org")
_PLACE_NOUNS = _EN.pattern("place_nouns")


_OF_NAMED = re.compile(r"\s+of\s+")


def _in_name(span: tuple[int, int], names: list[tuple[int, int]]) -> bool:
    """Inside a longer name ("the Levant" in "Islamic State of Iraq and the Levant")."""
    return any(a <= span[0] and span[1] <= b and (a, b) != span for a, b in names)


def _join_adjacent(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Neighbouring materiel words of one kind are one thing: "T-72 tanks", "Bayraktar TB2 drone"."""
    out: list[tuple[int, int, str]] = []
    for s, e, t in sorted(spans):
        if out and out[-1][2] == t and s >= out[-1][1] and text[out[-1][1] : s].strip(" -") == "":
            out[-1] = (out[-1][0], e, t)
        elif out and s < out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e, out[-1][2])
        else:
            out.append((s, e, t))
    return out


def _inside(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= s and e <= b for a, b in spans)


def _overlaps_any(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in spans)


def _longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping spans, the longer kept where two overlap."""
    kept: list[tuple[int, int]] = []
    for s in sorted(set(spans), key=lambda x: (-(x[1] - x[0]), x[0])):
        if not _overlaps_any(s, kept):
            kept.append(s)
    return sorted(kept)
