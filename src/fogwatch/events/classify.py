"""Which ACLED sub-event type a sentence reports, if any.

The default classifier is rules over our own lexicon (`resources/events.yaml`): trigger phrases
per sub-event type, cues for who acts on whom, and words that undo an event in their clause
(negation, future, threats, background). Composite triggers ("captured", "protest", "attacked",
"explosion") are resolved by the rules of ACLED's codebook: who took the place, how the
authorities met the protest, whether the target was armed. Reports of disasters, crime,
diplomacy and claims of responsibility come out as None.

`fogwatch.events.models.load_classifier` picks between these rules and the model trained by
`fogwatch train` from the user's own ACLED export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from fogwatch.errors import BadEventLexicon as BadLexicon
from fogwatch.errors import require
from fogwatch.events.typology import (
    ABDUCTION,
    AIR_STRIKE,
    ARMED_CLASH,
    ARRESTS,
    ATTACK,
    CHEMICAL_WEAPON,
    DISRUPTED_WEAPONS,
    EXCESSIVE_FORCE,
    EXPLOSIONS,
    GOV_REGAINS_TERRITORY,
    GRENADE,
    LOOTING,
    MOB_VIOLENCE,
    NON_VIOLENT_TRANSFER,
    NSA_OVERTAKES_TERRITORY,
    PEACEFUL_PROTEST,
    PROTEST_WITH_INTERVENTION,
    PROTESTS,
    REMOTE_EXPLOSIVE,
    SHELLING,
    SUB_EVENT_TYPES,
    SUICIDE_BOMB,
    VIOLENT_DEMONSTRATION,
    event_type_of,
    sub_event_types,
)
from fogwatch.nlp.starts import Needing

LEXICON = Path(__file__).resolve().parent.parent / "resources" / "events.yaml"


@dataclass(slots=True)
class Detection:
    """An event type found in a text: `trigger` is the span `[start, end)` of the words that
    signal it, in the text given to `classify`."""

    sub_event_type: str  # ACLED name, a key of typology.SUB_EVENT_TYPES
    event_type: str
    score: float  # 0..1
    trigger: tuple[int, int] | None
    source: str  # "rules", "trained", ...


class EventClassifier(Protocol):
    name: str

    def classify(self, text: str) -> Detection | None: ...

    def classify_many(self, texts: list[str]) -> list[Detection | None]: ...


# --- the lexicon -------------------------------------------------------------------------

STRONG, WEAK = 1.0, 0.5
NON_EVENT = ("~natural", "~manmade", "~diplo", "~crime", "~attrib", "~border")
COMPOSITE = ("~capture", "~withdrawal", "~protest", "~explosion", "~attack")
CUE_KINDS = (
    "state",
    "nonstate",
    "civilian",
    "military_target",
    "suicide",
    "protest_lethal",
    "protest_intervention",
    "protest_violence",
    "peaceful",
    "direct_fire",
)
MODALITY_KINDS = (
    "negation",
    "future",
    "threat",
    "background",
    "opinion",
    "habitual",
    "denial",
    "summary",
    "standing",
    "judged",
)


_KEY = 3  # patterns are indexed by the first letters of the word they start with
_MAX_PREFIXES = 600


def _expand(seq: Any, states: set[tuple[str, bool]]) -> set[tuple[str, bool]] | None:
    """Extend (prefix, still open) states over a parsed pattern; None when it can start anyhow.

    A prefix holds the letters and digits a match starts with, up to _KEY of them; it closes
    at the first other character or at the end of the pattern."""
    for op, av in seq:
        name = str(op)
        if not any(open_ for _, open_ in states):
            return states
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        if name in ("LITERAL", "IN"):
            chars: set[str] = set()
            if name == "LITERAL":
                chars.add(chr(av))
            else:
                for iop, iav in av:
                    iname = str(iop)
                    if iname == "LITERAL":
                        chars.add(chr(iav))
                    elif iname == "RANGE":
                        chars.update(chr(c) for c in range(iav[0], iav[1] + 1))
                    elif iname == "CATEGORY" and str(iav) == "CATEGORY_DIGIT":
                        chars.update("0123456789")
                    elif iname == "CATEGORY" and str(iav) == "CATEGORY_SPACE":
                        chars.add(" ")
                    else:
                        return None
            nxt: set[tuple[str, bool]] = set()
            for prefix, open_ in states:
                if not open_:
                    nxt.add((prefix, False))
                    continue
                for c in chars:
                    if c.isalnum():
                        grown = prefix + c.lower()
                        nxt.add((grown, len(grown) < _KEY))
                    else:
                        nxt.add((prefix, False))
            states = nxt
        elif name == "SUBPATTERN":
            got = _expand(av[-1], states)
            if got is None:
                return None
            states = got
        elif name == "BRANCH":
            union: set[tuple[str, bool]] = set()
            for branch in av[1]:
                got = _expand(branch, states)
                if got is None:
                    return None
                union |= got
            states = union
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = av
            result: set[tuple[str, bool]] = set()
            cur = states
            for i in range(max(low, _KEY + 2) + 1):
                if i > high:
                    break
                if i >= low:
                    result |= cur
                got = _expand(sub, cur)
                if got is None:
                    return None
                cur = got
            states = result
        else:
            return None
        if len(states) > _MAX_PREFIXES:
            return None
    return states


def _prefixes(pattern: str) -> set[str] | None:
    """The word beginnings (lower case, up to _KEY letters) a pattern's matches start with."""
    states = _expand(re._parser.parse(pattern, re.IGNORECASE), {("", True)})  # type: ignore[attr-defined]
    if states is None:
        return None
    keys = {prefix for prefix, _ in states}
    return None if "" in keys else keys


def _check(pattern: Any, where: str, path: str) -> str:
    if not isinstance(pattern, str) or not pattern.strip():
        raise BadLexicon(path, f"{where}: empty or non-text entry {pattern!r}")
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise BadLexicon(path, f"{where}: bad pattern {pattern!r} ({exc})") from None
    if compiled.groups:
        raise BadLexicon(path, f"{where}: use (?:...) instead of capturing groups in {pattern!r}")
    return pattern


_WORD_START = re.compile(rf"(?<![\w-])[^\W_]{{1,{_KEY}}}")


@dataclass(slots=True, frozen=True)
class Entry:
    kind: str  # "trigger", "cue" or "modality"
    label: str  # a trigger label, a cue kind or a modality kind
    weight: float


class Lexicon:
    """The compiled lexicon. Patterns are indexed by the first letters of the word they start
    with, so a text costs one short match for each word that can start one, whatever the size
    of the lexicon; every entry that matches at a word start is reported."""

    def __init__(self, entries: list[tuple[Entry, list[str]]]) -> None:
        self.entries: dict[str, Entry] = {}
        self._by_key: dict[str, list[tuple[str, str]]] = {}
        self._anywhere: list[tuple[str, str]] = []
        for n, (entry, patterns) in enumerate(entries):
            group = f"g{n}"
            self.entries[group] = entry
            for p in patterns:
                keys = _prefixes(p)
                if keys is None:
                    self._anywhere.append((group, p))
                    continue
                for k in keys:
                    self._by_key.setdefault(k, []).append((group, p))
        self._compiled: dict[str, re.Pattern[str] | None] = {}
        self._by_parts: dict[tuple[str, ...], re.Pattern[str] | None] = {}

    def _regex(self, key: str) -> re.Pattern[str] | None:
        """The patterns that can start a word beginning `key`, compiled on first use (once for
        every set of keys that selects the same patterns)."""
        parts = tuple(k for k in (key[:n] for n in range(1, len(key) + 1)) if k in self._by_key)
        rx: re.Pattern[str] | None = None
        if parts in self._by_parts:
            rx = self._by_parts[parts]
        else:
            groups: dict[str, list[str]] = {}
            for k in parts:
                for g, p in self._by_key[k]:
                    groups.setdefault(g, []).append(p)
            for g, p in self._anywhere:
                groups.setdefault(g, []).append(p)
            if groups:
                # Longer phrases first: at one position the more specific one should win.
                body = "".join(
                    f"(?:(?=(?P<{g}>(?:{'|'.join(sorted(set(pats), key=len, reverse=True))})(?![\\w-])))|)"
                    for g, pats in sorted(groups.items(), key=lambda kv: int(kv[0][1:]))
                )
                rx = re.compile(body, re.IGNORECASE)
            self._by_parts[parts] = rx
        self._compiled[key] = rx
        return rx

    def scan(self, text: str) -> list[tuple[Entry, int, int]]:
        """Every (entry, start, end) matching at a word start of `text`."""
        out: list[tuple[Entry, int, int]] = []
        compiled, entries = self._compiled, self.entries
        for w in _WORD_START.finditer(text):
            key = w.group().lower()
            rx = compiled[key] if key in compiled else self._regex(key)
            if rx is None:
                continue
            m = rx.match(text, w.start())
            if m is None or m.lastindex is None:
                continue  # no entry's group took part (the pattern matches empty here)
            pos = w.start()
            for g, span_text in m.groupdict().items():
                if span_text is not None:
                    out.append((entries[g], pos, pos + len(span_text)))
        return out

    @classmethod
    def load(cls, path: Path = LEXICON) -> Lexicon:
        yaml: Any = require("yaml", "nlp", "The event classifier's lexicon")
        where = str(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise BadLexicon(where, f"cannot be read ({exc.strerror})") from None
        except yaml.YAMLError as exc:
            raise BadLexicon(where, f"not valid YAML ({exc})") from None
        if not isinstance(data, dict) or not {"triggers", "cues", "modality"} <= set(data):
            raise BadLexicon(where, "needs the sections triggers, cues and modality")
        known = set(SUB_EVENT_TYPES) | set(NON_EVENT) | set(COMPOSITE)
        entries: list[tuple[Entry, list[str]]] = []
        for label, levels in data["triggers"].items():
            if label not in known:
                raise BadLexicon(where, f"unknown trigger label {label!r}")
            for level, weight in (("strong", STRONG), ("weak", WEAK)):
                pats = [_check(p, f"{label}/{level}", where) for p in (levels or {}).get(level) or []]
                if pats:
                    entries.append((Entry("trigger", label, weight), pats))
        for section, kinds, kind in (("cues", CUE_KINDS, "cue"), ("modality", MODALITY_KINDS, "modality")):
            missing = [k for k in kinds if not (data[section] or {}).get(k)]
            if missing:
                raise BadLexicon(where, f"{section}: missing {', '.join(missing)}")
            for k in kinds:
                pats = [_check(p, f"{section}/{k}", where) for p in data[section][k]]
                entries.append((Entry(kind, k, 1.0), pats))
        return cls(entries)


# --- the rules ---------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")
_ABBREVIATION = re.compile(
    r"(?:\b(?:St|Mr|Mrs|Ms|Dr|Gen|Col|Lt|Capt|Sgt|Maj|Cpl|Brig|Adm|Gov|Sen|Rep|Rev|Prof|Jan|Feb|Mar|Apr|Jun|Jul|Aug"
    r"|Sep|Sept|Oct|Nov|Dec|No|Nos|Vol|vs|etc|approx|Inc|Ltd|Co|Corp|Mt|Ft)|\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z])\.$"
)
_CLAUSE_MARK = re.compile(r"[;:—–]|,\s+(?:but|while|whereas|although|though)\b|\bbut\b")
_PLACES = (
    r"towns?|villages?|city|cities|districts?|areas?|regions?|territor(?:y|ies)|provinces?|bases?|airports?|air ?bases?"
    r"|hills?|positions?|neighbou?rhoods?|strongholds?|outskirts|port|crossings?|border|roads?|highways?|settlements?"
    r"|localit(?:y|ies)|zones?|countryside|oil ?fields?|dams?|bridges?|islands?|headquarters|camps?|posts?|outposts?"
    r"|hill ?tops?|heights|mountains?|valley|junction|checkpoints?|centers?|centres?|capital|suburbs?|quarters?"
    r"|front ?lines?|parts|sectors?|strip|enclave|pockets?|municipalit(?:y|ies)|counties|county|islands?|coast"
)
# An advance into a place: fighting for it, a capture only with control taken in the same sentence.
_ADVANCE = re.compile(r"(?i)(?:advanced|advancing|pushed)\s+(?:deeper\s+)?into\b")
# A capture phrase that names the place it took: "entered the village (of X)", "stormed the town"
_PLACE_LAST = re.compile(rf"\b(?:{_PLACES})$", re.IGNORECASE)
# What a capture verb takes when it is about territory: a named place or a place noun a few words on.
_PLACE_OBJECT = re.compile(rf"\s*(?:(?:the|a|an)\s+)?[A-Z]|\s*(?:[^\s,;.:]+\s+){{0,4}}?(?:{_PLACES})\b")
# ... and when it is not: people, weapons, vehicles.
_PERSON_OBJECT = re.compile(
    r"\s*(?:[^\s,;.:]+\s+){0,3}?(?:soldiers?|troops|fighters?|militants?|rebels?|insurgents?|civilians?|people|men"
    r"|women|children|members|commanders?|leaders?|prisoners|hostages|officers?|policemen|personnel|suspects?|weapons"
    r"|arms|ammunitions?|rifles?|guns?|pistols?|explosives?|grenades?|mines?|rockets?|missiles?|drones?|vehicles?"
    r"|tanks?|trucks?|boats?|ships?|alive|him|her|them|drugs?|cash|documents)(?![\w-])",
    re.IGNORECASE,
)
_BY_OR_FROM = re.compile(r"\b(?:by|from)\s+(?:\S+\s+){0,3}$", re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"\b(?:the|an?|its|their|his|her|our)\s+$", re.IGNORECASE)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_BY_AGENT = re.compile(r"\s*by\s+(?:the\s+)?", re.IGNORECASE)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:on|against|with|from|of|by|to|at|between|toward|towards|into)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$",
    re.IGNORECASE,
)
_PRO_GOVERNMENT = re.compile(r"(?:pro-?government|pro-?regime|government-?backed|loyalist|allied)\s+(?:\w+\s+)?$", re.I)
_REGAIN_VERB = re.compile(
    r"^(?:re|liberat|regain|retook|retak|recover|took back|tak\w+ back|won back|wrest|freed|cleared)", re.I
)
_EXPLICIT_TERRITORY = re.compile(r"control|ground|liberat|freed|cleared|secured|back|out\b|occupied", re.I)
_AFTER_NEGATION = re.compile(
    r"^[^.;]{0,12}?\b(?:(?:was|were|is|are|has|have|had)\s*(?:not|n't)|never)\b|^\s*(?:will|would|could|may|might)\b"
    # aircraft or drones only heard or seen: nothing was struck
    r"|^\s*(?:were|was|had been|have been|could be)\s+(?:\w+ly\s+)?(?:heard|seen|spotted|sighted|observed)\b",
    re.IGNORECASE,
)
# "during the rally", "after the protest": a protest told elsewhere, referred to for its time.
_BACK_REFERENCE = re.compile(
    r"\b(?:during|throughout|after|before|ahead of|following|at the end of)\s+the\s+(?:[\w-]+\s+)?$", re.IGNORECASE
)
# Words after a cue that put it before the protest ("killed last month") ...
_PROTEST_PAST = re.compile(
    r"^[^.;]{0,25}\b(?:earlier|previous|ago|last (?:week|month|year)|in (?:19|20)\d\d)\b", re.IGNORECASE
)
# ... and words before it that make it the protest's cause ("to mourn those killed").
_PROTEST_REASON = re.compile(
    r"\b(?:mourn\w*|decr(?:y|ied|ying)|demand\w*|justice for|condemn\w*|denounc\w*|release of|memory of|anniversary"
    r"|(?:against|over|about|for) (?:[^\s,;.:]+ ){0,5}(?:arrests?|detentions?|killings?|deaths?|violence|crackdown|brutality)"
    r"|earlier|previous|last (?:week|month|year))\b[^.;]{0,80}$"
    # ... or a relative clause about someone: "followers of a cleric who was arrested"
    r"|\b(?:who|whom) (?:had |has |have )?(?:been |was |were )(?:\w+ly )?(?=\w+$)",
    re.IGNORECASE,
)

# "... just hours after a chemical attack left dozens dead", "came a day after air strikes killed 26":
# a clause that tells another event, set apart in time from the one the sentence reports.
ELAPSED = re.compile(
    r"\b(?:(?:just|only|barely|some|about|around|nearly|almost|less\s+than|more\s+than|within)\s+)?"
    r"(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|a\s+few|\d+)\s+)?"
    r"(?:hours?|days?|weeks?|months?|years?)\s+(?:after|since|before)\b",
    re.IGNORECASE,
)
_ELAPSED = Needing(ELAPSED)  # searched only where a stretch of time is named
_OPENS_ELAPSED = re.compile(r"[\s\"'“]*" + ELAPSED.pattern.removeprefix(r"\b"), re.IGNORECASE)

# "the shelling had targeted weapons depots": a depot struck is the strike's target, not a weapon disrupted
_TARGETED_BEFORE = re.compile(
    r"\b(?:target(?:ed|ing|s)?|hit|struck|shelled|pounded|bombed|destroying|(?:strikes?|attacks?|raids?)\s+on)\s+"
    r"(?:the\s+|their\s+|its\s+|several\s+|two\s+|three\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)

_RELATIVE_OPENING = re.compile(r",\s+(?:which|who|whose|whom|where)\b[^,;:]*$", re.IGNORECASE)


def _closed_relative_clause(text: str, start: int, end: int, hit: int) -> bool:
    """Whether a marker lies in a relative clause that closes before the event word: "workers
    of a company, which closed down a few years ago, held a protest" is no past protest."""
    return bool(_RELATIVE_OPENING.search(text, max(0, start - 120), start)) and "," in text[end:hit]


_DECAY = (1.0, 0.8, 0.65, 0.55, 0.5)
_MOD_WINDOW = {
    "negation": 24,
    "future": 45,
    "threat": 60,
    "opinion": 80,
    "background": 60,
    "habitual": 160,
    "denial": 240,
    "summary": 160,  # before or after the event word: "killed in clashes over the last 15 days"
    "standing": 0,  # only the event word it takes in: "the coalition fighting IS"
    "judged": 160,  # before or after: "barrel bombs have been criticised for being indiscriminate"
}
EXPLOSIVE_TYPES = frozenset(sub_event_types(EXPLOSIONS))
_WEAPON_ORDER = (
    CHEMICAL_WEAPON,
    SUICIDE_BOMB,
    GRENADE,
    AIR_STRIKE,
    SHELLING,
    REMOTE_EXPLOSIVE,
)
# What makes a fight (as opposed to an attack, a raid, an operation) ...
_FIGHT_WORD = re.compile(r"clash|scuffl|fight|fought|brawl|confront|skirmish", re.I)
# ... with guns or bombs ...
_FIREARM = re.compile(
    r"\b(?:gun\w*|shots?|shooting|shot|fire|fir(?:ed|ing)|rifles?|pistols?|bullets?|grenades?|bombs?|rockets?|mortars?"
    r"|explosives?|armed|battles?|militia\w*|clans?|tribes?|tribesm[ae]n)\b",
    re.I,
)
# ... and who is not one of its sides: places, bodies, officials, victims.
_NOT_A_SIDE = re.compile(
    r"villages?|communit(?:y|ies)|mosques?|churches|markets?|wedding|funeral|bod(?:y|ies)|corpses?|victims?|officials?"
    r"|candidates?|politicians?|lawmakers?|displaced|refugees?|children|child|babies|baby|infants?|man|woman|persons?"
    r"|judges?|tribesm[ae]n|chiefs?|elders?",
    re.I,
)
_HARMED_AFTER = re.compile(
    r"\s+(?:(?:\w+\s+){0,2}(?:was|were|have been|had been|has been|been|being)\s+(?:\w+\s+)?(?:killed|injured|wounded|hurt|shot)"
    r"|(?:\w+\s+){0,3}(?:was|were|are|is)\s+among\s+(?:those|the)\s+(?:killed|dead|wounded|injured|victims)"
    r"|(?:\w+\s+){0,1}(?:said|say|says|reported|told|claimed))",
    re.I,
)
_DEATHS_WORD = re.compile(r"(?i)\b(?:killed|died|dead|deaths|casualties|lost their lives)\b")
# Fire going both ways.
_EXCHANGE = re.compile(
    r"\b(?:in both directions|exchang(?:ed|es|e|ing)(?: of)? (?:[^\s,;.:]+ ){0,3}(?:fire|artillery|mortars?|shells?"
    r"|shelling|rockets?|gunfire|strikes)|(?:fire|shelling|artillery|mortar|rocket|gunfire) exchanges?|(?:responded|replied)"
    r" (?:to|with) (?:the |their )?(?:fire|shelling)|returned fire)\b",
    re.IGNORECASE,
)
# Weapons also used in ground fighting: with small arms in the same report they are a clash.
_GROUND_WEAPONS = frozenset({SHELLING, GRENADE, REMOTE_EXPLOSIVE})
_WITHDREW = re.compile(r"withdr|pull|left|vacat|abandon|handed", re.I)
PROTEST_TYPES = frozenset(sub_event_types(PROTESTS))
# What happens at a protest is read as part of it: arrests, clashes, burning, killings.
_ABSORBED_BY_PROTEST = PROTEST_TYPES | {
    VIOLENT_DEMONSTRATION,
    ARRESTS,
    LOOTING,
    ARMED_CLASH,
    ATTACK,
}
# Event types a crime story can look like; near a crime word they are read as crime.
_CRIME_LOOKALIKES = frozenset(
    {
        ARRESTS,
        DISRUPTED_WEAPONS,
        ATTACK,
        ARMED_CLASH,
        ABDUCTION,
        GRENADE,
        REMOTE_EXPLOSIVE,
        LOOTING,
    }
)
# Speech acts that make a sentence a statement about an event rather than its report.
# An accusation that tells a dated event, or its dead: the event is reported, as the accuser's claim
# (attribution gives the claim its speaker and certainty).
_ACCUSED_OF = re.compile(r"(?i)\baccus(?:ed|es|ing)\s+(?:[\w'’-]+\s+){1,6}?of\s+(?:[\w-]+\s+)?[a-z]+ing\b")
_SPECIFIC = re.compile(
    r"(?i)\b(?:on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|yesterday|overnight|"
    r"(?:\d[\d,]*|hundreds|dozens|scores)\s+(?:of\s+)?(?:[\w-]+\s+)?(?:people|civilians|children|residents))\b"
)


def _accused_of(t: Any, hit: Any) -> bool:
    s0, s1 = t.span(hit.sentence)
    return bool(_ACCUSED_OF.search(t.text, s0, hit.end)) and bool(_SPECIFIC.search(t.text, s0, s1))


# A condemnation that tells the event it condemns, with who did it or whom it killed, reports it.
# Between a fight and the ordinary people after it, a verb of what it did to them.
_AFFECTED_BY = re.compile(
    r"(?i)\b(?:prompted|forced|displaced|left|trapped|drove|driven|sent|caused|affected|uprooted|endangered|"
    r"threatened|cut\s+off)\b"
)
_CONDEMNED = re.compile(r"(?i)condemn|denounc|deplor")
_RESPONSIBILITY = re.compile(
    r"(?i)(?:claim(?:ed|s|ing)?\s+(?:the\s+)?responsibility|(?:took|takes|taking|claimed)\s+credit)"
)
_TOLD_IN_FULL = re.compile(
    r"(?i)\b(?:carried\s+out\s+by|committed\s+by|perpetrated\s+by|in\s+which\s+(?:[\w-]+\s+){0,8}?(?:were|was)\s+"
    r"killed|that\s+(?:killed|left)\s+|killing\s+)"
)
_STATEMENT = re.compile(
    r"condemn|denounc|deplor|criticis|criticiz|urg|call|appeal|talks|negotiat|summit|met\b|meet|visit|sanction|describ"
    r"|hosted|phone",
    re.I,
)


@dataclass(slots=True)
class Hit:
    label: str
    weight: float
    start: int
    end: int
    sentence: int
    blocked: str | None = None  # the modality that undoes it

    @property
    def score(self) -> float:
        if self.blocked:
            return 0.0
        return self.weight * _DECAY[min(self.sentence, len(_DECAY) - 1)]


@dataclass(slots=True)
class Candidate:
    sub: str
    hit: Hit
    score: float


@dataclass(slots=True)
class Reading:
    """Everything the rules saw in a text: for `explain` and for debugging."""

    hits: list[Hit]
    cues: dict[str, list[tuple[int, int]]]
    decision: Detection | None
    reason: str


class _Text:
    """One text with its sentence bounds and cues, for the rules to query."""

    def __init__(self, text: str, cues: dict[str, list[tuple[int, int]]]) -> None:
        self.text = text
        self.bounds = [
            m.end()
            for m in _SENTENCE_END.finditer(text)
            if not _ABBREVIATION.search(text, max(0, m.start() - 12), m.start() + 1)
        ]
        self.marks = [m.end() for m in _CLAUSE_MARK.finditer(text)]
        self.cues = cues

    def span(self, sentence: int) -> tuple[int, int]:
        """The [start, end) of the sentence numbered `sentence`."""
        bounds = [0, *self.bounds, len(self.text)]
        return bounds[min(sentence, len(bounds) - 1)], bounds[min(sentence + 1, len(bounds) - 1)]

    def sentence_of(self, pos: int) -> int:
        return sum(1 for b in self.bounds if b <= pos)

    def typed(self, kinds: tuple[str, ...], sentence: int) -> list[tuple[int, int, str]]:
        return sorted((s, e, k) for k in kinds for s, e in self.cues[k] if self.sentence_of(s) == sentence)


# Words a name keeps lowercase between its capitalised ones ("Organisation for the Prohibition of ...").
_NAME_JOINERS = frozenset({"of", "for", "the", "and", "on", "in", "de", "al", "el"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _in_a_name(t: _Text, hit: Hit) -> bool:
    """Whether the trigger's words are capitalised inside a sentence written in lowercase: part of a
    name ("the Organisation for the Prohibition of Chemical Weapons", "the Chemical Weapons
    Convention", "the Ghouta Massacre"), not an event the sentence tells. A headline in title case,
    or a trigger opening its sentence, says nothing either way."""
    words = [w for w in _WORD.findall(t.text[hit.start : hit.end]) if w.lower() not in _NAME_JOINERS]
    if not words or not all(w[0].isupper() and not w.rstrip("s").isupper() for w in words):
        return False  # lowercase, or an acronym ("an IED", "two IEDs")
    s0, s1 = t.span(hit.sentence)
    before = _WORD.findall(t.text[s0 : hit.start])
    if not before:
        return False  # "Clashes erupted ...": the sentence's first word
    every = [w for w in _WORD.findall(t.text[s0:s1]) if w.lower() not in _NAME_JOINERS]
    lower = sum(1 for w in every if w[0].islower())
    return lower * 2 > len(every)


class RuleClassifier:
    """The shipped classifier: lexicon triggers resolved by ACLED's codebook rules."""

    name = "rules"

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or Lexicon.load()

    def classify(self, text: str) -> Detection | None:
        return self.read(text).decision

    def classify_many(self, texts: list[str]) -> list[Detection | None]:
        return [self.read(t).decision for t in texts]

    # -- reading -----------------------------------------------------------------------

    def read(self, text: str) -> Reading:
        cues: dict[str, list[tuple[int, int]]] = {k: [] for k in CUE_KINDS}
        mods: list[tuple[str, int, int]] = []
        found: list[tuple[Entry, int, int]] = []
        for entry, s, e in self.lexicon.scan(text):
            if entry.kind == "cue":
                cues[entry.label].append((s, e))
            elif entry.kind == "modality":
                mods.append((entry.label, s, e))
            else:
                found.append((entry, s, e))
        if not found:
            return Reading([], cues, None, "no trigger")  # what the rules below decide without a hit
        t = _Text(text, cues)
        background = {t.sentence_of(s) for k, s, _ in mods if k == "background"}
        hits: list[Hit] = []
        reach: dict[str, int] = {}  # a label's hits do not nest: the first, longest one stands
        for entry, s, e in found:
            label = entry.label
            if reach.get(label, -1) > s:
                continue
            reach[label] = e
            hit = Hit(label, entry.weight, s, e, t.sentence_of(s))
            if label not in NON_EVENT:
                hit.blocked = self._modality(t, hit, mods) or ("name" if _in_a_name(t, hit) else None)
                if hit.sentence in background and not hit.blocked:
                    hit.weight *= 0.5
            elif label == "~attrib" and self._modality(t, hit, mods) == "negation":
                hit.blocked = "negation"  # "no group claimed responsibility" attributes nothing
            hits.append(hit)
        # A sentence that tells of habits or of the past tells no new event in its other words
        # either ("Since 2019 the army has recaptured dozens of towns, including X, liberated in May").
        # Habits undo the rest of their sentence.
        past: dict[int, int] = {}
        for h in hits:
            if h.blocked == "habitual":
                past.setdefault(h.sentence, h.start)
        for h in hits:
            if h.sentence in past and past[h.sentence] < h.start and not h.blocked and h.label not in NON_EVENT:
                h.blocked = "background"
        # An event told after "hours after", "a day after" is another one than the event the sentence
        # reports before it.
        for h in hits:
            if h.blocked or h.label in NON_EVENT:
                continue
            s0 = t.span(h.sentence)[0]
            cut = next((m.start() for m in _ELAPSED.finditer(t.text, s0, h.start)), None)
            if cut is not None and any(
                o.sentence == h.sentence and o.start < cut and not o.blocked and o.label not in NON_EVENT for o in hits
            ):
                h.blocked = "background"
        # "Just days after a deadly chemical attack, a woman was killed on a bus": a sentence that opens on
        # a stretch of time after an event names that earlier event first; what it reports comes after
        for sent in {h.sentence for h in hits}:
            s0 = t.span(sent)[0]
            lead = _OPENS_ELAPSED.match(t.text, s0)
            if lead is None:
                continue
            live = [h for h in hits if h.sentence == sent and not h.blocked and h.label not in NON_EVENT]
            named = [h for h in live if lead.end() <= h.start <= lead.end() + 60]
            if named and any(h.start > named[0].end for h in live):
                for h in live:
                    if h.start < named[0].end:
                        h.blocked = "background"
        decision, reason = self._decide(t, hits)
        return Reading(hits, cues, decision, reason)

    @staticmethod
    def _modality(t: _Text, hit: Hit, mods: list[tuple[str, int, int]]) -> str | None:
        floor = max([b for b in t.bounds + t.marks if b <= hit.start], default=0)
        for kind, s, e in mods:
            window = _MOD_WINDOW[kind]
            if kind == "standing":
                if s <= hit.start < e:
                    return kind
                continue
            if kind in ("summary", "judged"):
                ceiling = min([b for b in t.bounds if b > hit.start], default=len(t.text))
                if s >= floor and e <= ceiling and min(abs(hit.start - e), abs(s - hit.end)) <= window:
                    return kind
                continue
            if s < floor or s > hit.start or (e > hit.start and kind != "background"):
                continue
            if hit.start - e <= window and not _closed_relative_clause(t.text, s, e, hit.start):
                return kind
        if _AFTER_NEGATION.match(t.text[hit.end : hit.end + 30]):
            return "negation"
        return None

    # -- deciding ----------------------------------------------------------------------

    def _decide(self, t: _Text, hits: list[Hit]) -> tuple[Detection | None, str]:
        cands: list[Candidate] = []
        for hit in hits:
            if hit.label in NON_EVENT or hit.blocked:
                continue
            sub = self._resolve(t, hit, hits)
            if sub is not None:
                cands.append(Candidate(sub, hit, hit.score))
        if not cands:
            undone = sorted({h.blocked for h in hits if h.blocked and h.label not in NON_EVENT})
            return None, f"only undone events ({', '.join(undone)})" if undone else "no trigger"
        if all(
            c.hit.label == "~protest" and _BACK_REFERENCE.search(t.text, max(0, c.hit.start - 40), c.hit.start)
            for c in cands
        ):
            return None, "a protest told elsewhere, named for its time"
        cands.sort(key=lambda c: (-c.score, c.hit.start))
        best = cands[0]
        best, why = self._refine(t, best, cands, hits)

        for n in hits:
            if n.label not in NON_EVENT or n.weight < STRONG or n.blocked:
                continue
            same = n.sentence == best.hit.sentence
            statement = n.label == "~attrib" or (n.label == "~diplo" and _STATEMENT.search(t.text, n.start, n.end))
            if same and n.start < best.hit.start and statement:
                if (
                    n.label == "~diplo"
                    and _CONDEMNED.match(t.text, n.start)
                    and _TOLD_IN_FULL.search(t.text, best.hit.end, t.span(best.hit.sentence)[1])
                ):
                    continue  # "condemned the massacre carried out by X in which 35 civilians were killed"
                if n.label == "~attrib" and _accused_of(t, best.hit):
                    continue  # "accused government forces of killing 1000 civilians with poison gas on Wednesday"
                if (
                    n.label == "~attrib"
                    and _RESPONSIBILITY.match(t.text, n.start)
                    and _TOLD_IN_FULL.search(t.text, best.hit.end, t.span(best.hit.sentence)[1])
                ):
                    continue  # "IS claimed responsibility for a suicide bombing that killed 30 rebels": told in full
                return None, f"{n.label[1:]} statement before the event"
            if n.label == "~crime" and same and best.sub in _CRIME_LOOKALIKES:
                if best.sub == ARMED_CLASH and _EXCHANGE.search(t.text, *t.span(best.hit.sentence)):
                    continue  # a gang that trades fire with the police is an armed group in a clash
                return None, "crime report"
            if n.label == "~border":
                if same and best.sub == ARRESTS:
                    return None, "border enforcement"
                continue
            if n.label in ("~natural", "~manmade") and best.sub in PROTEST_TYPES and best.hit.weight >= STRONG:
                continue  # people protesting over a disaster: the protest is the event
            if n.label in ("~natural", "~manmade") and (
                n.score > best.score or (n.score == best.score and n.start < best.hit.start) or best.score <= WEAK
            ):
                return None, f"{n.label[1:]} report"
            if n.score > best.score:
                return None, f"{n.label[1:]} report"
        score = min(0.95, 0.4 + 0.45 * best.score)
        span = (best.hit.start, best.hit.end)
        return Detection(best.sub, event_type_of(best.sub), round(score, 3), span, "rules"), why

    def _refine(self, t: _Text, best: Candidate, cands: list[Candidate], hits: list[Hit]) -> tuple[Candidate, str]:
        """ACLED's precedence between related types seen in one text."""
        why = f"{best.hit.label} -> {best.sub}"
        same = [c for c in cands if c.hit.sentence == best.hit.sentence and c is not best]
        if best.sub in _ABSORBED_BY_PROTEST and best.hit.label != "~capture":
            protests = [c for c in cands if c.hit.label == "~protest" and c.hit.sentence <= best.hit.sentence]
            if protests:
                sub = self._protest(t, cands)
                lead = protests[0]
                return Candidate(sub, lead.hit, max(best.score, lead.score)), f"protest -> {sub}"
        near = [c for c in cands if c.hit.sentence <= max(1, best.hit.sentence) and c is not best]
        if best.sub in EXPLOSIVE_TYPES - {AIR_STRIKE}:
            disrupted = [
                c
                for c in same
                if c.sub == DISRUPTED_WEAPONS
                and not _TARGETED_BEFORE.search(t.text, max(0, c.hit.start - 40), c.hit.start)
            ]
            if disrupted:
                return Candidate(disrupted[0].sub, disrupted[0].hit, best.score), "weapon disrupted, not used"
        if best.sub in EXPLOSIVE_TYPES | {ATTACK, ARMED_CLASH} and best.sub != CHEMICAL_WEAPON:
            chemical = [
                c
                for c in near
                if c.sub == CHEMICAL_WEAPON
                and not any(
                    h.label == "~attrib"
                    and min(best.hit.start, c.hit.start) < h.start < max(best.hit.start, c.hit.start)
                    for h in hits
                )
            ]
            if chemical:  # a chemical agent decides, however it was delivered
                return Candidate(chemical[0].sub, chemical[0].hit, best.score), "chemical agent"
        if best.sub in _GROUND_WEAPONS and not t.cues["suicide"] and self._two_sided(t, best.hit.sentence):
            # mortars, grenades or launchers fired together with small arms, or both ways: an
            # exchange between two armed sides, which ACLED codes as a clash, not remote violence
            return Candidate(ARMED_CLASH, best.hit, best.score), "an exchange of fire: a clash"
        if best.sub == SHELLING:
            aircraft = [
                c
                for c in same
                if c.sub == AIR_STRIKE
                and (c.hit.weight >= STRONG or _BY_OR_FROM.search(t.text, max(0, c.hit.start - 30), c.hit.start))
            ]
            if aircraft:  # missiles and rockets fired from the air
                return Candidate(aircraft[0].sub, best.hit, best.score), "fired from aircraft"
        if best.sub in (ATTACK, ARMED_CLASH):
            mobs = [c for c in same if c.sub == MOB_VIOLENCE and abs(c.hit.start - best.hit.end) <= 50]
            if mobs:  # the perpetrators are a crowd
                return Candidate(mobs[0].sub, mobs[0].hit, best.score), "a crowd did it"
        if best.sub == ARMED_CLASH and _ADVANCE.match(t.text, best.hit.start):
            taken = any(
                h.label == "~capture" and h.weight >= STRONG and not h.blocked and h.sentence == best.hit.sentence
                for h in hits
            )
            territory = self._territory(t, best.hit) if taken else None
            if territory is not None:  # "advanced into the town, capturing it": the advance ended in a capture
                return Candidate(territory, best.hit, best.score), "an advance that took control"
        if best.sub == ARMED_CLASH and self._unorganised_side(t, best.hit):
            return Candidate(MOB_VIOLENCE, best.hit, best.score), "a fight with unarmed people: mob violence"
        if best.sub == ARMED_CLASH and _DEATHS_WORD.search(t.text, best.hit.start, best.hit.end):
            # "fighters were killed in air strikes by coalition warplanes": the dead make it look
            # like a battle, but what killed them is the event
            weapons = [
                c
                for c in same
                if c.sub in EXPLOSIVE_TYPES
                and c.hit.weight >= STRONG
                and not _FIGHT_WORD.search(t.text, c.hit.start, c.hit.end)
            ]
            # another reading of the same words ("~attack" on "terrorists were killed") is not another fight
            fights = [
                c for c in same if c.sub == ARMED_CLASH and c.hit.weight >= STRONG and c.hit.start >= best.hit.end
            ]
            fights += [
                c for c in same if c.sub == ARMED_CLASH and c.hit.weight >= STRONG and c.hit.end <= best.hit.start
            ]
            if weapons and not fights:
                weapons.sort(key=lambda c: _WEAPON_ORDER.index(c.sub))
                return Candidate(weapons[0].sub, weapons[0].hit, best.score), "the dead were killed by a weapon"
        if best.sub in (ATTACK, ARMED_CLASH) and best.hit.label in ("~attack", ATTACK):
            weapons = [c for c in same if c.sub in EXPLOSIVE_TYPES and c.hit.weight >= STRONG]
            if weapons and best.sub == ARMED_CLASH and self._two_sided(t, best.hit.sentence):
                weapons = [c for c in weapons if c.sub not in _GROUND_WEAPONS]
            if weapons:
                weapons.sort(key=lambda c: _WEAPON_ORDER.index(c.sub))
                return Candidate(weapons[0].sub, weapons[0].hit, best.score), f"the weapon decides -> {weapons[0].sub}"
        if best.sub == LOOTING:
            # "two houses were damaged in a mortar attack": the attack that did the damage is the event
            weapons = [c for c in same if c.sub in EXPLOSIVE_TYPES and c.hit.weight >= STRONG]
            if weapons:
                weapons.sort(key=lambda c: _WEAPON_ORDER.index(c.sub))
                return Candidate(weapons[0].sub, weapons[0].hit, best.score), "the damage was done by a weapon"
        if best.hit.label == "~capture":
            fought = any(c.sub == ARMED_CLASH and c.hit.weight >= STRONG for c in near)
            left = [c for c in near if c.hit.label == "~withdrawal" or _WITHDREW.search(t.text, c.hit.start, c.hit.end)]
            if left and not fought:
                return Candidate(NON_VIOLENT_TRANSFER, best.hit, best.score), "taken after a withdrawal"
        if t.cues["suicide"] and best.sub in EXPLOSIVE_TYPES and best.sub != CHEMICAL_WEAPON:
            return Candidate(SUICIDE_BOMB, best.hit, best.score), "suicide attacker"
        return best, why

    def _resolve(self, t: _Text, hit: Hit, hits: list[Hit]) -> str | None:
        label = hit.label
        if not label.startswith("~"):
            return label
        if label == "~capture":
            return self._territory(t, hit)
        if label == "~withdrawal":
            return NON_VIOLENT_TRANSFER
        if label == "~protest":
            return PEACEFUL_PROTEST  # refined in _refine, once all cues are known
        if label == "~explosion":
            armed = any(t.cues[k] for k in ("state", "nonstate", "military_target"))
            other = any(h.label not in NON_EVENT and h.label != "~explosion" and not h.blocked for h in hits)
            return REMOTE_EXPLOSIVE if armed or other else None
        if label == "~attack":
            return self._violence(t, hit)
        return None

    # -- the composites -----------------------------------------------------------------

    def _agent_before(self, t: _Text, pos: int, sentence: int) -> tuple[str, int] | None:
        """The actor kind ("state" or "nonstate") nearest before `pos` that is not the object of a
        preposition ("a crackdown on militants"), with its start."""
        found = [c for c in t.typed(("state", "nonstate"), sentence) if c[1] <= pos]
        for s, _, kind in reversed(found):
            head = t.text[max(0, s - 40) : s]
            if _PREPOSITION_BEFORE.search(head):
                continue
            if kind == "nonstate" and _PRO_GOVERNMENT.search(head):
                return "state", s
            return kind, s
        return None

    @staticmethod
    def _direct_fire(t: _Text, sentence: int) -> bool:
        """Whether the sentence tells of small-arms fire: the sides were within range of each other."""
        return any(t.sentence_of(s) == sentence for s, _ in t.cues["direct_fire"])

    def _unorganised_side(self, t: _Text, hit: Hit) -> bool:
        """A clash or fight whose side is a group of ordinary people (villagers, sellers, party
        supporters) with no armed group named and no firearms or explosives in the sentence:
        ACLED's clashes are between organised armed groups, this is mob violence."""
        if not _FIGHT_WORD.search(t.text, hit.start, hit.end):
            return False
        sentence = hit.sentence
        if t.typed(("nonstate",), sentence) or self._two_sided(t, sentence):
            return False
        start, end = t.span(sentence)
        if _FIREARM.search(t.text, start, end):
            return False
        for s, e, _ in t.typed(("civilian",), sentence):
            if abs(s - hit.start) > 60 or _NOT_A_SIDE.fullmatch(t.text, s, e):
                continue
            if _HARMED_AFTER.match(t.text, e, min(end, e + 30)):
                continue  # "a man was killed": a victim, not a side
            if s > hit.end and _AFFECTED_BY.search(t.text, hit.end, s):
                continue  # "the fighting has prompted an exodus of residents": the people it drove out
            return True
        return False

    def _two_sided(self, t: _Text, sentence: int) -> bool:
        """Small-arms fire, or fire exchanged both ways, in the sentence: a fight, not a bombardment."""
        if self._direct_fire(t, sentence):
            return True
        return bool(_EXCHANGE.search(t.text, *t.span(sentence)))

    def _territory(self, t: _Text, hit: Hit) -> str | None:
        text = t.text
        phrase = text[hit.start : hit.end]
        after = text[hit.end : hit.end + 80]
        before = text[max(0, hit.start - 40) : hit.start]
        passive = bool(_PASSIVE_BEFORE.search(before))
        by = _BY_AGENT.match(after) if passive else None
        if (not by and _PERSON_OBJECT.match(after)) or _DETERMINER_BEFORE.search(before):
            return None  # "captured two soldiers", "the occupied territories"
        if not (
            _EXPLICIT_TERRITORY.search(phrase) or _PLACE_OBJECT.match(after) or _PLACE_LAST.search(phrase) or passive
        ):
            return None
        actor: str | None = None
        if by:
            at = hit.end + by.end()
            if any(abs(s - at) <= 12 for s, _ in t.cues["civilian"]) and not any(
                abs(s - at) <= 12 for k in ("state", "nonstate") for s, _ in t.cues[k]
            ):
                return None  # "the beds were occupied by men, women and children": no armed side took anything
            for kind in ("state", "nonstate"):
                if any(abs(s - at) <= 12 for s, _ in t.cues[kind]):
                    actor = kind
        if actor is None:
            agent = self._agent_before(t, hit.start, hit.sentence)
            if agent is not None:
                actor = agent[0]
                if passive and not _PLACE_OBJECT.match(text[agent[1] : hit.start]):
                    actor = "nonstate" if actor == "state" else "state"  # "militants were driven out"
        if actor is None:
            actor = "state" if _REGAIN_VERB.match(phrase) else "nonstate"
        return GOV_REGAINS_TERRITORY if actor == "state" else NSA_OVERTAKES_TERRITORY

    def _protest(self, t: _Text, cands: list[Candidate]) -> str:
        """How the protest went: violent protesters make a riot; lethal force, a crackdown;
        arrests or dispersal, an intervention. Only the sentences that tell of the protest (and the
        one after each) count."""
        told = {c.hit.sentence + k for c in cands if c.hit.label == "~protest" for k in (0, 1)}

        def here(s: int, e: int) -> bool:
            """What happened at the protest, not what it is about or what came before."""
            return (
                t.sentence_of(s) in told
                and not _PROTEST_REASON.search(t.text, max(0, s - 120), e)
                and not _PROTEST_PAST.match(t.text[e : e + 60])
            )

        def live(kind: str) -> bool:
            return any(here(s, e) for s, e in t.cues[kind])

        subs = {c.sub for c in cands if here(c.hit.start, c.hit.end)}
        rioting = bool(subs & {VIOLENT_DEMONSTRATION, LOOTING})
        if rioting or (live("protest_violence") and not t.cues["peaceful"]):
            return VIOLENT_DEMONSTRATION
        if live("protest_lethal"):
            return EXCESSIVE_FORCE
        if live("protest_intervention") or ARRESTS in subs:
            return PROTEST_WITH_INTERVENTION
        return PEACEFUL_PROTEST

    def _violence(self, t: _Text, hit: Hit) -> str:
        """An attack or a killing: on civilians it is an Attack, on armed men a clash."""
        text = t.text
        typed = t.typed(("civilian", "military_target"), hit.sentence)
        victim: str | None = None
        if _PASSIVE_BEFORE.search(text[max(0, hit.start - 40) : hit.start]):
            prior = [c for c in typed if c[1] <= hit.start and hit.start - c[1] < 60]
            if prior:
                victim = prior[-1][2]
        if victim is None:
            # named after the verb, or inside the trigger phrase itself ("fired at the positions")
            later = [c for c in typed if c[0] > hit.start and c[0] - hit.end < 60]
            if later and _BY_AGENT.match(text[hit.end : hit.end + 6]):
                later = later[1:]
            if later:
                victim = later[0][2]
        if victim is None:
            agent = self._agent_before(t, hit.start, hit.sentence)
            if agent is not None and agent[0] == "nonstate":
                earlier = [c for c in typed if c[1] <= hit.start]
                if earlier and earlier[-1][2] == "civilian":
                    victim = "civilian"
        if victim is None:
            # Nobody named on the receiving end: an armed group or force fighting, or gunfire
            # (small arms are fired at men who can fire back), or else violence by unknown men
            # against whoever was there.
            if self._agent_before(t, hit.start, hit.sentence) or self._direct_fire(t, hit.sentence):
                return ARMED_CLASH
            return ATTACK
        return ATTACK if victim == "civilian" else ARMED_CLASH

    def explain(self, text: str) -> str:
        """A person-readable account of why a text got its decision."""
        r = self.read(text)
        lines = [f"decision: {r.decision.sub_event_type if r.decision else None} ({r.reason})"]
        for h in r.hits:
            flag = f" [{h.blocked}]" if h.blocked else ""
            lines.append(f"  {h.label:<36} {h.weight:.2f} s{h.sentence} {text[h.start : h.end]!r}{flag}")
        cues = [f"{k}:{text[s:e]!r}" for k, spans in r.cues.items() for s, e in spans]
        if cues:
            lines.append("  cues: " + " ".join(cues))
        return "\n".join(lines)
