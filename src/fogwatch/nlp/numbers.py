"""Numbers in words and digits, and the casualty and materiel counts built on them.

`parse_number` reads one number expression ("60", "1,200", "twenty-five", "a dozen",
"dozens"). Vague quantities follow ACLED's coding convention, so a count read here
can be compared with ACLED's: "a few" 3, "several" and "many" 10, "dozens" 12,
"scores" 20, "hundreds" 100, "thousands" 1,000 (ACLED codes the lowest figure a
report supports; a plural like "dozens" is given the smallest round figure).

`find_quantities` finds counts with their head noun, the outcome they describe
(killed, injured, captured, destroyed, deployed, displaced) and, when the text
names it, the actor the counted people or machines belong to.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from fogwatch.model import Quantity
from fogwatch.nlp.starts import StartFilter, fold

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Vague amounts, as ACLED codes them; `True` marks those that are only a lower bound.
VAGUE: dict[str, tuple[int, bool]] = {
    "a couple of": (2, False),
    "a couple": (2, False),
    "a few": (3, True),
    "few": (3, True),
    "several": (10, True),
    "many": (10, True),
    "numerous": (10, True),
    "multiple": (10, True),
    "a dozen": (12, False),
    "dozen": (12, False),
    "dozens of": (12, True),
    "dozens": (12, True),
    "scores of": (20, True),
    "scores": (20, True),
    "a score of": (20, False),
    "hundreds of": (100, True),
    "hundreds": (100, True),
    "several hundred": (100, True),
    "thousands of": (1000, True),
    "thousands": (1000, True),
    "several thousand": (1000, True),
    "tens of thousands of": (10000, True),
    "tens of thousands": (10000, True),
    "hundreds of thousands of": (100000, True),
    "hundreds of thousands": (100000, True),
    "several hundred thousand": (100000, True),
    "a few hundred": (100, True),
    "a few thousand": (1000, True),
    "several dozen": (12, True),
}

_WORD_NUMBER = (
    r"(?:(?:" + "|".join(TENS) + r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")"
)
# One number: digits (with thousands separators or a decimal part, or "1.5 million"),
# or words ("twenty-five", "two hundred", "three thousand"), or "a"/"an" before a scale.
NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)(?:\s+(?:hundred|thousand|million))?"
    r"|" + _WORD_NUMBER + r"(?:\s+(?:hundred|thousand|million)(?:\s+(?:and\s+)?" + _WORD_NUMBER + r")?)?"
    r"|an?\s+(?:hundred|thousand|million)(?:\s+(?:and\s+)?" + _WORD_NUMBER + r")?"
)
VAGUE_RE = "|".join(re.escape(k) for k in sorted(VAGUE, key=len, reverse=True))


def parse_number(text: str) -> int | None:
    """The value of one number expression, or None if it is not one. Case and spacing are ignored."""
    s = " ".join(text.lower().replace("-", " ").split())
    if not s:
        return None
    if s in VAGUE or s.replace(" ", "-") in VAGUE:
        return VAGUE[s][0]
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?: (hundred|thousand|million))?", s)
    if m:
        value = float(m[1].replace(",", ""))
        if m[2]:
            value *= SCALES[m[2]]
        if not value < 1e15:  # thousands of digits (or inf): no count of anything a report gives
            return None
        return int(value)
    total = 0
    current = 0
    seen = False
    for word in s.split():
        if word == "and":
            continue
        if word in ("a", "an") and not seen:
            current = 1
            seen = True
        elif word in UNITS:
            current += UNITS[word]
            seen = True
        elif word in TENS:
            current += TENS[word]
            seen = True
        elif word in SCALES and seen:
            if SCALES[word] == 100:
                current *= 100
            else:
                total += current * SCALES[word]
                current = 0
        else:
            return None
    return total + current if seen else None


def is_vague(text: str) -> bool:
    s = " ".join(text.lower().split())
    return s in VAGUE and VAGUE[s][1]


# --- quantities --------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# What a count may be a count of, besides platforms and weapons from the materiel lexicon.
PERSON_HEADS = sorted(
    _words(
        "people persons civilians soldiers troops fighters militants members rebels men women children boys girls "
        "policemen police officers servicemen personnel residents villagers protesters demonstrators terrorists "
        "insurgents jihadists gunmen militiamen workers students journalists doctors medics nurses volunteers "
        "prisoners detainees hostages refugees families migrants bodies civilians infants babies passengers pilots "
        "commanders guards mercenaries recruits conscripts sailors marines paratroopers casualties victims "
        "individuals inhabitants farmers shepherds teachers pupils worshippers martyrs others entourage companions "
        "comrades aides bodyguards escorts associates relatives"
    )
)
STRUCTURE_HEADS = sorted(
    _words(
        "homes houses buildings shops hospitals schools mosques churches bridges positions checkpoints depots "
        "warehouses villages towns tents vehicles trucks cars buses boats"
    )
)

_KINDS: list[tuple[str, str]] = [
    (
        "killed",
        r"killed|kills?|killing|dead|died|dies?|dying|(?:death\s+)?toll|deaths?|fatalities|lost\s+their\s+lives|slain|"
        r"eliminated|neutrali[sz]ed|executed|executions?|beheaded|beheadings?|massacred|martyred|perished|"
        r"shot\s+dead|lives\s+were\s+lost|"
        r"(?:claimed|claiming|claims|took|taking|cost|costing)\s+(?:the\s+)?lives\s+of",
    ),
    (
        "injured",
        r"injured|injuring|injures|injuries|wounded|wounding|wounds|hurt|maimed|hospitali[sz]ed|"
        r"(?:were|was|being)\s+treated|suffered\s+(?:from\s+)?(?:breathing|respiratory|suffocation|asphyxiation)|"
        r"suffocation\s+cases|(?:were|was)\s+(?:affected|poisoned)",
    ),
    (
        "captured",
        r"captured|capturing|taken\s+prisoner|detained|detaining|arrested|arresting|abducted|abducting|kidnapped|"
        r"kidnapping|seized|seizing|surrendered|taken\s+hostage|held\s+hostage|taken\s+captive|rounded\s+up",
    ),
    (
        "destroyed",
        r"destroyed|destroying|downed|shot\s+down|burned|burnt|torched|knocked\s+out|disabled|demolished|razed|"
        r"flattened|damaged",
    ),
    (
        "deployed",
        r"deployed|deploying|sent|sending|dispatched|stationed|massed|amassed|brought\s+in|reinforcements|arrived|"
        r"moved",
    ),
    (
        "displaced",
        r"displaced|displacing|fled|fleeing|forced\s+to\s+flee|forced\s+from\s+their\s+homes|evacuated|uprooted|"
        r"homeless",
    ),
]
_KIND_RX = re.compile(
    r"\b(?:" + "|".join(f"(?P<{k}>{rx})" for k, rx in _KINDS) + r")\b(?:\s+(?:or|and)\s+(?P<also>wounded|injured|"
    r"killed|hurt|missing|captured))?",
    re.IGNORECASE,
)

# _KIND_RX, tried only where a word one of its matches begins with occurs (same matches).
_KIND_AT = StartFilter(_KIND_RX)

_MODS_LOW = (
    "at least",
    "more than",
    "over",
    "no fewer than",
    "no less than",
    "upwards of",
    "in excess of",
    "well over",
)
_MODS_HIGH = ("up to", "as many as", "at most", "no more than", "nearly", "almost", "fewer than", "less than", "under")
_MODS_APPROX = (
    "about",
    "around",
    "approximately",
    "some",
    "roughly",
    "an estimated",
    "estimated",
    "a total of",
    "some",
)
_MODS = sorted(set(_MODS_LOW + _MODS_HIGH + _MODS_APPROX + ("between",)), key=len, reverse=True)

_COUNT_RX = re.compile(
    r"(?<![\w.,$€£#/-])(?:(?P<mod>" + "|".join(re.escape(m) for m in _MODS) + r")\s+)?"
    r"(?P<num>" + VAGUE_RE + r"|" + NUMBER + r")"
    r"(?:\s*(?:-|–|to|or|and)\s*(?P<num2>" + NUMBER + r"))?"
    r"(?![\w%]|[.,]\d|\s*(?:%|percent|per\s+cent|km|kilomet|miles|metres|meters|kg|tons|tonnes|dollars|euros|"
    r"pounds|years?\s+old|-year|a\.m\.|p\.m\.|am\b|pm\b|o['’]clock))",
    re.IGNORECASE,
)
# Between the counted and the outcome: "were", "had been reportedly" and the like.
_JOIN = re.compile(
    r"(?:\s+(?:of|from|in|belonging\s+to)\s+[\w'’ -]{1,40}?)?"
    r"\s*,?\s*(?:(?:who|which|that|were|was|are|is|had|have|has|been|being|all|also|reportedly|allegedly|later|"
    r"subsequently|either|both|then|confirmed|said\s+to\s+have\s+been)\s+)*$",
    re.IGNORECASE,
)
# Between an outcome and its count: "killed 12", "killing at least", "the death toll rose to".
_ACTIVE_BEFORE = re.compile(
    r"\s*(?:,\s*)?(?:(?:rose|risen|climbed|increased|reached|stood|stands|was|is|now|has|had|to|at|of)\s+)*",
    re.IGNORECASE,
)


@dataclass(slots=True)
class QuantityMatch:
    start: int
    end: int
    quantity: Quantity
    confidence: float


@dataclass(slots=True)
class _Heads:
    rx: re.Pattern[str]
    materiel: frozenset[str]


class QuantityFinder:
    """Counts of people and materiel with what happened to them. Build once; `find` per text."""

    def __init__(self, materiel: dict[str, list[str]] | None = None) -> None:
        from fogwatch.nlp.entities import load_materiel, phrase_regex

        lex = materiel if materiel is not None else load_materiel()
        things = lex["platforms"] + lex["weapons"] + STRUCTURE_HEADS
        people = [p[:-1] if p.endswith("s") and not p.endswith("ss") else p for p in PERSON_HEADS]
        heads = phrase_regex(sorted(set(things + people)))
        # The counted noun: up to three modifiers ("Syrian", "armoured", "pickup"), then a known head.
        self._head = re.compile(
            r"(?:\s+of)?(?:\s+(?:the|their|his|her|its|our|these|those|them))?"
            r"(?P<adj>(?:\s+(?!(?:and|or|were|was|had|have|in|on|at|by|from|to|with|who|which|that|"
            + "|".join(rx for _, rx in _KINDS)
            + r")\b)[A-Za-z][\w'’-]*){0,3}?)"
            r"\s+(?P<head>" + heads + r")\b",
            re.IGNORECASE,
        )
        self._person = re.compile(r"(?:" + phrase_regex(people) + r")$", re.IGNORECASE)

    def find(
        self,
        text: str,
        sentences: list[tuple[int, int]] | None = None,
        skip: list[tuple[int, int]] | None = None,
        actors: list[tuple[int, int, str]] | None = None,
    ) -> list[QuantityMatch]:
        """Counts in `text`; `skip`: spans already read as something else (dates); `actors`:
        (start, end, canonical name) of actor mentions, to say whose the counted are."""
        sents = sentences or _rough_sentences(text)
        skipped = bytearray(len(text))  # 1 inside a span read as something else
        for a, b in skip or []:
            skipped[a:b] = b"\x01" * (b - a)
        by_start = sorted(actors or [])
        out: list[QuantityMatch] = []
        folded: str | None = None  # made at the first count
        kinds_at: list[int] | None = None  # where a word a kind begins with occurs (None: anywhere)
        for s0, s1 in sents:
            sent = text[s0:s1]
            counts = [m for m in _COUNT_RX.finditer(sent) if 1 not in skipped[s0 + m.start() : s0 + m.end()]]
            if not counts:
                continue  # the kinds of things counted are read only for a count
            if folded is None:
                folded = fold(text)
                kinds_at = _KIND_AT.starts(folded)
            if kinds_at is None:
                kinds = list(_KIND_RX.finditer(sent))
            else:
                a, b = bisect.bisect_left(kinds_at, s0), bisect.bisect_left(kinds_at, s1)
                kinds = list(_KIND_AT.finditer(sent, [p - s0 for p in kinds_at[a:b]]))
            for idx, m in enumerate(counts):
                q = self._read(sent, m, counts, idx, kinds)
                if q is None:
                    continue
                start, end, quantity, conf = q
                quantity.actor = _actor_for(s0 + m.start(), s0 + end, s0 + m.end(), text, by_start)
                out.append(QuantityMatch(s0 + start, s0 + end, quantity, conf))
        return out

    def _read(
        self, sent: str, m: re.Match[str], counts: list[re.Match[str]], idx: int, kinds: list[re.Match[str]]
    ) -> tuple[int, int, Quantity, float] | None:
        num_text = m["num"]
        value = parse_number(num_text)
        if value is None or (not m["num2"] and _SPAN_UNIT.match(sent, m.end())):
            return None  # (a stretch of time or a distance: "in the past 24 hours", "40 km north")
        if _MONTH_BEFORE.search(sent, max(0, m.start() - 12), m.start()):
            return None  # a day of a month: "seized on October 5 in a battle that cost the lives of
        low: int | None = value
        high: int | None = value
        vague = is_vague(num_text)
        if vague:
            high = None
        if m["num2"]:
            v2 = parse_number(m["num2"])
            if v2 is not None and v2 > value:
                high = v2  # "5 to 10", "between 5 and 10": ACLED codes the lower figure
        mod = (m["mod"] or "").lower()
        if mod in _MODS_LOW:
            high = None
        elif mod in _MODS_HIGH:
            low = None
        elif mod in _MODS_APPROX:
            low = high = None
        next_start = counts[idx + 1].start() if idx + 1 < len(counts) else len(sent)
        prev_end = counts[idx - 1].end() if idx > 0 else 0
        after = sent[m.end() :]
        head_m = self._head.match(after)
        if head_m and _EVENT_NOUN_AFTER.match(after, head_m.end()):
            head_m = None  # "two terrorist explosions", "three militant attacks": events counted, not people
        head = ""
        span_end = m.end()
        if head_m:
            head = head_m["head"]
            span_end = m.end() + head_m.end()
        kind: str | None = None
        also: str | None = None
        conf = 0.9
        # 1. the outcome right after the number: "5 killed and 5 injured soldiers", "three dead"
        k = _KIND_RX.match(after.lstrip()) if not head_m else None
        if k and after[: len(after) - len(after.lstrip())].strip() == "":
            kind, also = _kind_of(k), k["also"]
            span_end = m.end() + (len(after) - len(after.lstrip())) + k.end()
            if not head:
                later = self._head.search(sent, span_end, min(len(sent), span_end + 90))
                if later and later.start() - span_end < 60:
                    head = later["head"]
        # 1b. the outcome right after the counted: "Child Killed 20 People Injured" (the 20 were injured)
        if kind is None and head:
            k = _KIND_RX.match(sent, span_end + (len(sent[span_end:]) - len(sent[span_end:].lstrip())))
            if k and not sent[span_end : k.start()].strip():
                kind, also = _kind_of(k), k["also"]
        # 2. an active verb just before: "killing five civilians", "wounded 12"
        if kind is None:
            for k in reversed(kinds):
                if k.end() <= m.start() and k.start() >= prev_end:
                    between = sent[k.end() : m.start()]
                    if len(between) <= 24 and _ACTIVE_BEFORE.fullmatch(between):
                        kind, also = _kind_of(k), k["also"]
                    break
        # 2a. "leaving 50 martyrs": the dead, as partisan outlets name them, whatever outcome follows
        if kind is None and head.lower() == "martyrs":
            kind, conf = "killed", 0.8
        # 2b. a toll that rose to it: "the toll in several air strikes on the town rose to at least 20"
        if kind is None and _ROSE_TO.search(sent, max(0, m.start() - 30), m.start()):
            toll = _TOLL_WORD.search(sent, max(0, m.start() - 160), m.start())
            if toll is not None and not any(
                toll.end() <= c.start() < m.start() and not is_vague(c["num"]) and not _SPAN_UNIT.match(sent, c.end())
                for c in counts
            ):  # (a stretch of time between is no other count: "in the past 24 hours has reached 20")
                kind = "killed"
        # A bare count of something we have no word for ("Ten Russian raids hit ... killing 30"): the
        # outcome further on is not theirs, only one told right after them is.
        loose = bool(head) or not _OTHER_NOUN.match(after)
        # 3. a participle after the counted: "60 militants had been killed", "five civilians ... were killed"
        if kind is None:
            tail = span_end
            for k in kinds:
                if k.start() < tail:
                    continue
                if _JOIN.fullmatch(sent[tail : k.start()]):
                    kind, also = _kind_of(k), k["also"]
                elif (
                    loose
                    and (
                        k.start() < next_start
                        or _coordinated(sent, tail, next_start)
                        or _includes(sent, tail, next_start)
                    )
                    and not (k.end() <= next_start < len(sent) and not sent[k.end() : next_start].strip())
                ):
                    # (not an active verb with its own count: "killed five children and 3 women and wounded 40")
                    kind, also = _kind_of(k), k["also"]
                    conf = 0.7
                break
        # 4. a verb before, further back in the clause, with no other count between ("many" and the
        # like are too loose to take an outcome from another clause: "although many of the bodies ...")
        if kind is None and loose and not vague:
            for k in reversed(kinds):
                if k.end() <= m.start() and k.start() >= prev_end and m.start() - k.end() <= 40:
                    if ("," not in sent[k.end() : m.start()] or head) and not _NEW_CLAUSE.search(
                        sent, k.end(), m.start()
                    ):
                        kind, also = _kind_of(k), k["also"]
                        conf = 0.6
                    break
        # 5. listed right after another count of people, with no outcome of its own: the same
        # outcome ("killed 12 soldiers and 10 civilians", "killed five children, 3 women")
        if kind is None and head and self._person.search(head) and idx > 0 and not vague:
            prev = counts[idx - 1]
            prev_head = self._head.match(sent[prev.end() :])
            gap_from = prev.end() + (prev_head.end() if prev_head else 0)
            if _LIST_GAP.fullmatch(sent, gap_from, m.start()):
                before = self._read(sent, prev, counts, idx - 1, kinds)
                if before is not None and before[2].kind in ("killed", "injured", "captured", "displaced"):
                    kind, conf = before[2].kind, before[3]
        if kind is None:
            if not head or self._person.search(head):
                return None
            kind = "other"  # "two missiles", "70 battle tanks": materiel counted with no outcome said
            conf = 0.6
        if also and kind == "killed" and also.lower() in ("wounded", "injured", "hurt", "missing"):
            # "up to 200 killed or wounded": the dead are at most that many, perhaps none
            high = high if high is not None else value
            low, value = 0, None
        if not head and kind in ("killed", "injured", "captured", "displaced"):
            head = "people"
        if (
            kind == "destroyed"
            and head
            and not vague
            and self._person.search(head)
            and head.lower().endswith(("s", "men", "people"))
            and head.lower() != "bodies"
        ):
            kind = "killed"  # "destroyed over 60 terrorists": people destroyed are dead
        if (
            kind in ("killed", "injured")
            and head
            and not self._person.search(head)
            and head.lower()
            not in (
                "dead",
                "wounded",
                "injured",
            )
        ):
            kind = "destroyed" if kind == "killed" else "other"
        return m.start(), span_end, Quantity(kind, value, low, high, head.lower()), conf  # type: ignore[arg-type]


_MONTH_BEFORE = re.compile(
    r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+$"
)


# Between two counts of a list: "12 soldiers and 10 civilians", "five children, 3 women".
_LIST_GAP = re.compile(
    r"(?i)\s*(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)(?:another\s+|other\s+)?"
)


# After a bare count, what is counted when it is events, not people: "Ten Russian raids hit ...
# killing 30", "three air strikes", "two car bombs", "Three Russian and Syrian regime air raids".
# An event noun right after a counted person word, which then only modifies it.
_EVENT_NOUN_AFTER = re.compile(
    r"(?i)\s+(?:explosions?|blasts?|attacks?|bombings?|(?:car\s+)?bombs?|strikes?|air\s*strikes?|raids?|"
    r"operations?|assaults?|ambush(?:es)?|shells?|rockets?|mortars?)\b"
)
_OTHER_NOUN = re.compile(
    r"(?i)(?:\s+[\w'’-]+){0,4}?\s+(?:air\s*)?(?:raids?|strikes?|sorties|attacks?|assaults?|barrels?|"
    r"(?:car\s+|barrel\s+)?bombs?|bombings|explosions?|blasts?|shells?|rounds|mortars?|operations?|times|"
    r"waves|salvos?|volleys?|groups|organi[sz]ations|agencies|sources|reports|statements|sites|teams|countries|"
    r"provinces|districts|neighbou?rhoods|areas|regions|fronts|sides)\b"
)


_SPAN_UNIT = re.compile(
    r"(?i)\s*(?:-\s*)?(?:hours?|days?|weeks?|months?|years?|minutes?|km|kilomet(?:er|re)s?|miles?)\b"
)
_ROSE_TO = re.compile(
    r"(?i)\b(?:(?:rose|risen|climbed|increased|jumped|reached|stood|stands)\s+(?:to|at)|reached|topped|passed|exceeded)\s+$"
)
_TOLL_WORD = re.compile(r"(?i)\b(?:death\s+)?toll\b")
# (not "as well as", which lists: "killed a commander as well as five of his entourage")
_NEW_CLAUSE = re.compile(
    r"(?i)\b(?:although|though|while|whereas|but|because|when|after|before|(?<!well )as(?!\s+well\s+as\b))\b"
)


def _kind_of(k: re.Match[str]) -> str:
    for name, _ in _KINDS:
        if k[name]:
            return name
    return "other"


def _coordinated(sent: str, a: int, b: int) -> bool:
    """The next count is joined to this one ("three tanks and dozens of trucks were destroyed"),
    so the outcome after it is theirs too."""
    return bool(re.fullmatch(r"\s*,?\s*(?:and|or|as\s+well\s+as)\s+", sent[a:b]))


def _includes(sent: str, a: int, b: int) -> bool:
    """The next count is a part of this one ("126 people including 68 children were killed", "three
    people, two of them children, died"), so the outcome told after the part is the whole's too."""
    return bool(
        re.fullmatch(
            r"\s*,?\s*(?:including|among\s+them|among\s+whom|of\s+whom|incl\.)\s+(?:at\s+least\s+)?", sent[a:b], re.I
        )
    ) or bool(re.fullmatch(r"\s*,?\s*", sent[a:b]) and _PART_OF_THEM.match(sent, b))


# A count told as a part of the one before it: "two of them", "five of whom".
_PART_OF_THEM = re.compile(r"(?i)[\w-]+\s+of\s+(?:them|whom)\b")


def _actor_for(start: int, end: int, num_end: int, text: str, actors: list[tuple[int, int, str]]) -> str | None:
    """Whose the counted are: an actor inside the counted phrase ("51 Syrian soldiers"),
    or right after it with "of" ("60 members of HTS"). `actors` is sorted by start."""
    if not actors:
        return None
    i = bisect.bisect_left(actors, (num_end - 1, -1, ""))
    if i < len(actors) and actors[i][0] < end:
        return actors[i][2]
    tail = re.match(r"\s+(?:of|from)\s+(?:the\s+)?", text[end : end + 12])
    if tail:
        at = end + tail.end()
        j = bisect.bisect_left(actors, (at, -1, ""))
        if j < len(actors) and actors[j][0] == at:
            return actors[j][2]
    return None


def _rough_sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z\"“])|\n+", text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(a, b) for a, b in spans if b > a]


def find_quantities(text: str, skip: list[tuple[int, int]] | None = None) -> list[QuantityMatch]:
    """Counts in `text` (builds a finder each call: use `QuantityFinder` for many texts)."""
    return QuantityFinder().find(text, skip=skip)
