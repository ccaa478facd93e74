"""Places in clean text: toponym recognition and resolution to coordinates.

`Geoparser.find(text)` finds place names with the words around them ("the
village of X", "west of X", "the X countryside", "X province", "X, Aleppo")
and resolves each to a `Location`; `Geoparser.resolve(spans, text)` does the
second half for spans found elsewhere (the gold toponyms of an evaluation).

Recognition: runs of capitalised words are looked up in the gazetteer under
the transliteration-tolerant key of `geo_names`, longest match first, in one
batched query per text. A match is dropped when it is a common word at the
start of a sentence or a month, or when the capitalised words around it make
it part of a person's or an organisation's name ("President X", "X Post").

Resolution scores each candidate of each name on its own merits (population,
kind of place, how the name matched, what the context says it is: a village,
a province), on the article's country focus (the countries of the names that
are not in doubt, and the caller's hint), on stated containers ("Saraqib in
Idlib province", "Springfield, Ill.") and on closeness to the other places of
the text, and iterates a few times so the clear names settle the doubtful ones.
Relative places keep the place named as their coordinates, with ACLED's
geo_precision: 1 the place itself, 2 near it or part of it, 3 only a region.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from fogwatch.clean.outlets import registry as outlet_registry
from fogwatch.geo import haversine_km
from fogwatch.lang import english
from fogwatch.model import GeoPrecision, Location
from fogwatch.nlp.gazetteer import Candidate, Gazetteer, NameKind, default_index_path
from fogwatch.nlp.geo_lexicon import (
    AREA_WORDS,
    COMMON_WORDS,
    COUNTRYSIDE_PROVINCES,
    CURRENCY_AFTER,
    DIRECTION_ADJECTIVES,
    DIRECTIONS,
    FACILITY_WORDS,
    FUNCTION_WORDS,
    GIVEN_NAMES_THAT_ARE_PLACES,
    MONTHS_AND_DAYS,
    NAME_CONNECTORS,
    NAME_HEADS,
    NAME_PARTICLES,
    ORG_WORDS,
    SETTLEMENT_WORDS,
    TITLES,
)
from fogwatch.nlp.geo_names import ARTICLES, lookup_keys, name_key, spelling_key
from fogwatch.settings import Settings

_EN = english().area("places")

MAX_NAME_WORDS = 6
# What a candidate loses when another has the name exactly as the text spells it. Measured
# at 1, 1.5, 2 and 3 (ACLED within 50 km / GeoWebNews / LGL at 161 km): 0.7487/0.9059/0.8532,
# 0.7513/0.9055/0.8532, 0.7515/0.9059/0.8532, 0.7517/0.9025/0.8530. Above 2, demonyms start
# to lose their country to towns spelt like them ("Canadian", Texas; "English", Indiana).
SPELLING_PENALTY = 2.0
# How much less sure a reading is when no name of the place is spelt as the text spells it.
# ACLED location within 50 km at 0.9, 0.85 and 0.8: 0.7572, 0.7580, 0.7582 (the events step
# weighs places by confidence when a place and its container disagree).
FOLDED_CONFIDENCE = 0.85
# "the Syrian capital": a demonym, then "capital" with no name after it.
_CAPITAL_AFTER = _EN.regex("capital_after")
# "the Islamic State group's de facto Syrian capital", "its self-declared Syrian capital": a capital
# that is another's than the country's (Raqqa, not Damascus).
_NOT_THE_STATES = re.compile(
    r"(?i)(?:\bde\s+facto|\bself-(?:declared|styled|proclaimed)|\bso-called|['’]s?|\bgroups|\bits|\btheir)\s+$"
)
# What a demonym of the text ("Lebanese", "Afghan") adds to a candidate in its country.
DEMONYM_BONUS = 2.0
# Lowercase words allowed inside a place name between capitalised ones:
# "Ma'arrat an Nu'man", "Bab al Hawa", "Isle of Man", "Trinidad and Tobago".
_CONNECTORS = ARTICLES | NAME_CONNECTORS
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[ʿʾ]?[^\W\d_]+(?:['’ʿʾ`‘\-][^\W\d_]+)*")
_ARTICLE_PREFIX = re.compile(r"^(?:" + "|".join(sorted(ARTICLES, key=len, reverse=True)) + r")[-'’]\w")
_SENTENCE_END = set(".!?:;\n•|")
_OPENERS = set("\"'“‘«([{—–-* \t\r")
_POSSESSIVE = re.compile(r"['’]s$")
_CONTRACTION = re.compile(r"(?i)['’](?:m|re|ve|ll|d|t)$|n['’]t$")


@dataclass(slots=True)
class PlaceMatch:
    """A place name in a text (`start`/`end` are offsets of the name itself) and where it is."""

    start: int
    end: int
    location: Location
    confidence: float


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    text: str
    lower: str
    cap: bool  # could begin or continue a name
    func: bool  # a function word (capitalised at a sentence start, still not a name)
    sent_start: bool
    headline: bool  # on a line in title case, where capitals say nothing


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    surface: str
    key: str
    cands: tuple[Candidate, ...]
    recog: float  # how sure recognition is that this is a place name at all
    output: bool = True
    kind_hint: str | None = None  # "P" a settlement, "A" an area, from the words around it
    relation: str | None = None
    precision: int = 1
    region_word: bool = False  # "southern X": precision depends on what X turns out to be
    container: int | None = None  # index of the mention that the text says holds this one
    contains: list[int] = field(default_factory=list)
    listed: int | None = None  # the list of names ("A, B and C") this one is in, by its number
    pick: Candidate | None = None
    margin: float = 0.0
    fallback: Candidate | None = None  # for a name the gazetteer lacks: where the text places it
    anchor: Candidate | None = None  # for a pick known only by its division: a place of that division the text names
    org_modifier: bool = False  # the name begins an organisation's ("the Washington Post")
    prior_pick: Candidate | None = None  # the best candidate on its own merits, before the text is considered
    prior_rank: int = 0  # how large a kind of place that candidate is (`_rank`)
    exact: frozenset[int] = frozenset()  # the candidates with a name spelt as the text spells it
    quarter: bool = False  # the name of a quarter of a city ("the al-Zahraa neighbourhood of Homs")
    held_in_words: bool = False  # its container is told in words ("X village in Y province"), not by a comma

    @property
    def acronym(self) -> bool:
        letters = self.surface.replace(".", "").replace("&", "")
        return letters.isalpha() and letters.isupper() and len(letters) <= 5


# -- tokens ------------------------------------------------------------------------------


def _is_cap(word: str) -> bool:
    head = word.lstrip("ʿʾ")
    if not head:
        return False
    if head[0].isupper():
        return True
    # An article prefix needs its hyphen or apostrophe: most lowercase words have neither.
    if "-" not in head and "'" not in head and "’" not in head:
        return False
    return _ARTICLE_PREFIX.match(head) is not None and any(ch.isupper() for ch in head[2:5])


_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def _headline_lines(text: str) -> set[int]:
    """Start offsets of lines written in title case: there a capital says nothing about names."""
    out: set[int] = set()
    pos = 0
    for line in text.split("\n"):
        words = _LONG_WORD.findall(line)
        if len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.75:
            out.add(pos)
        pos += len(line) + 1
    return out


def tokenize(text: str) -> list[_Token]:
    """Words with what recognition needs to know of each: capitalised, sentence start, headline."""
    heads = _headline_lines(text)
    # where each line starts, to tell a token's line in log time (a one-line text can be long)
    newlines = [nl.start() for nl in re.finditer("\n", text)] if heads else []
    tokens: list[_Token] = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        word = m.group()
        if "'" in word or "’" in word:  # both patterns below need an apostrophe
            if _CONTRACTION.search(word):
                continue  # "I'm", "don't": never part of a name
            if _POSSESSIVE.search(word) and len(word) > 3:
                word, end = word[:-2], end - 2  # "Syria's army": the name is "Syria"
        j = start - 1
        while j >= 0 and text[j] in _OPENERS:
            j -= 1
        sent_start = j < 0 or text[j] in _SENTENCE_END
        if sent_start and j >= 1 and text[j] == "." and text[j - 1].isupper() and (j < 2 or not text[j - 2].isalpha()):
            sent_start = False  # "U.S. X", "J. X": an initial's full stop ends no sentence
        headline = False
        if heads:
            k = bisect.bisect_left(newlines, start)
            headline = (newlines[k - 1] + 1 if k else 0) in heads
        lower = word.lower()
        # (start, end, text, lower, cap, func, sent_start, headline), positionally: keywords cost more
        tokens.append(_Token(start, end, word, lower, _is_cap(word), lower in FUNCTION_WORDS, sent_start, headline))
    return tokens


def _gap(text: str, a: _Token, b: _Token) -> str:
    return text[a.end : b.start]


def _runs(text: str, tokens: list[_Token]) -> list[tuple[int, int]]:
    """Maximal runs of name-like tokens: capitalised words, joined by single spaces and connectors."""
    runs: list[tuple[int, int]] = []
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if not t.cap or (t.func and (t.sent_start or t.headline)) or t.lower in MONTHS_AND_DAYS:
            i += 1
            continue
        j = i + 1
        while j < n:
            g = _gap(text, tokens[j - 1], tokens[j])
            if g not in (" ", "-"):
                break
            u = tokens[j]
            if u.cap and not u.func:
                j += 1
                continue
            # a connector only counts when a capitalised word follows it
            k = j
            while k < n and tokens[k].lower in _CONNECTORS and not tokens[k].cap and k - j < 2:
                if _gap(text, tokens[k], tokens[k + 1] if k + 1 < n else tokens[k]) != " ":
                    break
                k += 1
            if k > j and k < n and tokens[k].cap and not tokens[k].func and _gap(text, tokens[k - 1], tokens[k]) == " ":
                j = k + 1
                continue
            break
        # a run never ends on a connector, by construction
        runs.append((i, j))
        i = j
    return runs


# -- context around a name -------------------------------------------------------------

_DIR = _EN.pattern("dir")
_DIR_ADJ_WORDS = _EN.pattern("dir_adj_words")
_DIR_ADJ = rf"(?:{_DIR_ADJ_WORDS})"
_KIND_OF = _EN.regex("kind_of")
_AREA_OF = _EN.regex("area_of")
# Before a name: "5 km west of X", "the western countryside of X", "near X", "southern X".
_REL_DISTANCE = _EN.regex("rel_distance", dir=_DIR)
_REL_PART = _EN.regex("rel_part", dir_adj_words=_DIR_ADJ_WORDS)
_REL_NEAR = _EN.regex("rel_near")
_REL_ADJECTIVE = re.compile(rf"\b({_DIR_ADJ_WORDS})\s+$")
_WIDE_PARTS = ("countryside", "rural", "part", "side", "front")  # only a region: geo_precision 3
_POST_AREA = _EN.regex("post_area")
# A capitalised word ending in "s" before another word, as a possessive reads with its apostrophe stripped.
_BARE_POSSESSIVE = _EN.regex("bare_possessive")
# A capitalised word joined to a lowercase one ("Kurdish-controlled", "IS-bastion", "Turkish-backed").
_ADJECTIVE_COMPOUND = re.compile(r"\w-[a-z][a-z]+\b")
_POST_SETTLEMENT = _EN.regex("post_settlement")
_POST_OUTSKIRTS = _EN.regex("post_outskirts")
_CONTAINER_GAP = _EN.regex("container_gap", dir_adj=_DIR_ADJ)
_QUARTER_GAP = _EN.regex("quarter_gap")
_QUARTER_OF_THE_CITY = _EN.regex("quarter_of_the_city")
QUARTER_KM = 25.0  # a quarter of a city farther than this from it is a namesake elsewhere
_CONTAINER_AFTER = re.compile(r",\s+([A-Z][a-z]+\.?(?:\s[A-Z][a-z]+)?|[A-Z]{2}\b)")
_ORG_AFTER = re.compile(r"^\s+([A-Z][a-z]+)(?:\s+([A-Z][a-z]+))?")
_DATELINE = _EN.regex("dateline")
_LIST_GAP = _EN.regex("list_gap")
_ABBREV_AFTER = re.compile(r"^,\s*((?:[A-Z]\.){2,}|[A-Z][a-z]{1,4}\.|[A-Z]{2}\b)")


def _context(text: str, m: _Mention) -> None:
    """Set what the words around a name say: kind of place, relation, precision."""
    # only the last 80 characters count, so only they are searched (a line can be long)
    window = max(0, m.start - 80)
    sent_start = max(text.rfind(".", window, m.start), text.rfind("\n", window, m.start)) + 1
    before = text[max(sent_start, window) : m.start].lower()
    after = text[m.end : m.end + 40].lower()
    kind_of = _KIND_OF.search(before)
    area_of = _AREA_OF.search(before) if not kind_of else None
    if kind_of:  # "the village of X": a settlement (a camp may be anything)
        m.kind_hint = "P" if kind_of.group(1) != "camp" else None
        before = before[: kind_of.start()] + " "
        m.recog = max(m.recog, 0.95)
    elif area_of:
        if area_of.group(1) == "countryside":
            m.relation, m.precision = "countryside of", 3
        else:
            m.kind_hint, m.precision = "A", 3
        before = before[: area_of.start()] + " "
        m.recog = max(m.recog, 0.95)
    post_area = _POST_AREA.match(after)
    if post_area:  # "X province", "X countryside"
        if post_area.group(1) == "countryside":
            m.relation, m.precision = "countryside of", 3
        else:
            m.kind_hint, m.precision = "A", 3
        m.recog = max(m.recog, 0.95)
    elif _POST_SETTLEMENT.match(after):  # "X city"
        m.kind_hint = "P"
        m.recog = max(m.recog, 0.95)
    org = _ORG_AFTER.match(text[m.end : m.end + 30])
    if org and any(w.lower() in ORG_WORDS for w in org.groups() if w):
        m.org_modifier = True
    if _opens_line(text, m.start) and _DATELINE.match(text[m.end : m.end + 40]):
        m.kind_hint = "P"  # "NEW YORK (AP) —", "BEIRUT, March 3 -": a dateline names a town
    post_out = _POST_OUTSKIRTS.match(after)
    if post_out and post_out.group(1) != "countryside":
        m.relation, m.precision = f"{post_out.group(1)} of", 2
    _relation_before(before, m)


def _opens_line(text: str, start: int) -> bool:
    """Only openers (spaces, brackets, quotes, list marks) stand before `start` on its line."""
    j = start
    while j > 0 and text[j - 1] in " (\"'*#":
        j -= 1
    return j == 0 or text[j - 1] == "\n"


def _relation_before(before: str, m: _Mention) -> None:
    """'5 km west of X', 'the western countryside of X', 'near X', 'southern X'."""
    if hit := _REL_DISTANCE.search(before):
        number, unit, direction = hit.groups()
        rel = f"{direction.replace('-', '')} of"
        if number:
            km = float(number.replace(",", "."))
            km = km * 1.609 if unit.startswith("mi") else km
            rel = f"{km:g} km {rel}"
        m.relation, m.precision = rel, 2
    elif hit := _REL_PART.search(before):
        adj, what = hit.group(1), re.sub(r"\s+", " ", hit.group(2))
        m.relation = f"{adj} {what} of" if adj else f"{what} of"
        m.precision = 3 if what.startswith(_WIDE_PARTS) else 2
    elif hit := _REL_NEAR.search(before):
        m.relation, m.precision = re.sub(r"\s+", " ", hit.group(1)), 2
    elif hit := _REL_ADJECTIVE.search(before):
        adj = hit.group(1)
        if m.relation == "countryside of":  # "the western Aleppo countryside"
            m.relation = f"{adj} countryside of"
        elif adj != "greater":  # "southern Idlib": a part of a region, or of a town
            m.relation, m.region_word = adj, True
            m.kind_hint = m.kind_hint or "A"
    else:
        return
    m.recog = max(m.recog, 0.9)


# -- recognition filters ---------------------------------------------------------------


def _tail_of_name(text: str, tokens: list[_Token], i: int, matched: set[int]) -> bool:
    """Whether token i ends a longer name: a capitalised word the gazetteer did not place, then a
    lower-case Arabic article, then this name."""
    if i < 2:
        return False
    particle, head = tokens[i - 1], tokens[i - 2]
    return (
        particle.lower in NAME_PARTICLES
        and not particle.cap
        and _gap(text, particle, tokens[i]).strip() in ("", "-")
        and _gap(text, head, particle).strip() in ("", "-")
        and head.cap
        and not head.func
        and (i - 2) not in matched
    )


def _person_or_org(text: str, tokens: list[_Token], i: int, j: int, matched: set[int], region: bool = False) -> bool:
    """Capitalised words around tokens [i, j) make them part of a person's or an organisation's name.

    A country's or a region's name (`region`) stays a place before any capitalised word
    but an organisation's: "US Army", "Idlib Governorate", but not "China Daily".
    """
    first = tokens[i]
    if i > 0:
        prev = tokens[i - 1]
        gap = _gap(text, prev, first)
        if prev.lower.rstrip(".") in TITLES and gap.strip() in ("", "."):
            return True
        if (
            gap == " "
            and prev.cap
            and not prev.func
            and not first.headline
            and prev.lower not in DIRECTION_ADJECTIVES
            and prev.lower not in DIRECTIONS
            and (i - 1) not in matched
            and not (prev.sent_start and prev.lower in COMMON_WORDS)
        ):
            return True
    if j < len(tokens):
        nxt = tokens[j]
        gap = _gap(text, tokens[j - 1], nxt)
        if (
            gap == " "
            and nxt.cap
            and not nxt.func
            and not nxt.headline
            and j not in matched
            and nxt.lower not in AREA_WORDS
            and nxt.lower not in SETTLEMENT_WORDS
            and nxt.lower not in FACILITY_WORDS
            and nxt.lower not in MONTHS_AND_DAYS
            and (not region or nxt.lower in ORG_WORDS)
        ):
            return True
    return False


def _surnames(
    text: str,
    tokens: list[_Token],
    runs: list[tuple[int, int]],
    spans: dict[tuple[int, int], list[str]],
    found: dict[str, tuple[Candidate, ...]],
) -> set[str]:
    """Last words of the people a text names ("John Kelly", "President Zuma"), to know them when they recur alone."""
    out: set[str] = set()
    for a, b in runs:
        if tokens[a].headline:
            continue
        if b - a == 1:
            prev = tokens[a - 1] if a > 0 else None
            if (
                prev is not None
                and prev.lower.rstrip(".") in TITLES
                and _gap(text, prev, tokens[a]).strip() in ("", ".")
            ):
                out.add(tokens[a].lower)
            continue
        if b - a > 3 or any(found.get(k) for k in spans.get((a, b), ())):
            continue  # a place's name ("Kafr Nouran"), or too long for a person's
        first = tokens[a]
        if first.func or first.lower in DIRECTIONS or first.lower in DIRECTION_ADJECTIVES:
            continue
        if first.sent_start and first.lower in COMMON_WORDS:
            continue
        if any(tokens[k].lower in AREA_WORDS or tokens[k].lower in SETTLEMENT_WORDS for k in range(a, b)):
            continue
        if any(found.get(k) for k in spans.get((a, a + 1), ())) and first.lower not in GIVEN_NAMES_THAT_ARE_PLACES:
            continue  # "Aleppo Media Center": the first word is itself a place
        out.add(tokens[b - 1].lower)
    return out


def _strong_trigger(text: str, start: int) -> bool:
    """Words before a name that make even a common word a place: 'the city of Reading'."""
    before = text[max(0, start - 30) : start].lower()
    return bool(_KIND_OF.search(before) or _AREA_OF.search(before))


# English word endings: a capitalised "Shelling" or "Reported" starting a sentence is no town
_ENGLISH_ENDINGS = _EN.words("english_endings")


def _word_ok(tok: _Token, cands: tuple[Candidate, ...], trigger: bool) -> bool:
    """Whether a one-word match can be a place at all."""
    lower = tok.lower
    if lower in MONTHS_AND_DAYS or lower in SETTLEMENT_WORDS or lower in AREA_WORDS:
        return False  # "City" in "Karachi City, Sindh": the kind of place, never a place alone
    if trigger:
        return True
    if (tok.sent_start or tok.headline) and (
        lower.endswith(_ENGLISH_ENDINGS) or not any(name_key(c.name) == name_key(tok.text) for c in cands)
    ):
        # Capitals at a sentence start say nothing: only a place's own name, not a folded
        # or alternate spelling of it, and no English-looking word, counts there.
        return False
    if len(lower.replace(".", "")) <= 2 and not tok.text.replace(".", "").isupper():
        return False
    if len(tok.text) <= 4 and any(ch.isupper() for ch in tok.text[1:]) and not tok.text.isupper():
        return False  # "LoC", "IEDs", "JaS": abbreviations, not names
    letters = tok.text.replace(".", "")
    if letters.isupper() and len(letters) <= 5:
        # "US", "UK", "EU": countries, states and regions go by letters; "UN", "ISIS" are no places
        return any(c.fclass in "AL" for c in cands)
    return lower not in COMMON_WORDS and lower not in TITLES


# -- the geoparser ---------------------------------------------------------------------

# The offline gazetteers opened in this process, by index file (the settings' `cache` folder).
_DEFAULT: dict[Path, Gazetteer] = {}
_DEFAULT_LOCK = threading.Lock()


def default_gazetteer(on_build: Callable[[Path], None] | None = None, settings: Settings | None = None) -> Gazetteer:
    """The offline gazetteer in the `cache` folder of `settings` (by default those in force), opened
    once per process (it is read-only in use, so sharing is safe); `on_build` hears of its first
    build (some 30 s) before it starts."""
    path = default_index_path(settings)
    with _DEFAULT_LOCK:
        if path not in _DEFAULT:
            _DEFAULT[path] = Gazetteer.default(path, on_build=on_build)
        return _DEFAULT[path]


_FIND_KINDS = (NameKind.PRIMARY, NameKind.ALTERNATE)


def _outlet_initials(surface: str) -> bool:
    """Whether a name in capitals is how a registered news outlet writes its initials ("SANA", "AFP")."""
    letters = surface.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) >= 2 and surface in outlet_registry().by_alias


# After a news outlet's name, who works for it or what it runs: "an Al-Jazeera team".
_OUTLET_STAFF_AFTER = re.compile(
    r"(?i)(?:['’]s?)?\s+(?:team|crew|staff|staff\s+members?|reporters?|correspondents?|journalists?|"
    r"cameram[ae]n|photographers?|channel|television|TV|network|website|English|Arabic|bureau|office)\b"
)

# After a one-word name: the followers of a ruler of that name ("Assad regime", "Assads forces").
_RULER_AFTER = _EN.regex("ruler_after")
_PLACE_BEFORE = frozenset(DIRECTIONS) | frozenset(DIRECTION_ADJECTIVES) | ORG_WORDS | _EN.wordset("place_before")
_NATURAL_FEATURE = _EN.regex("natural_feature")
_COMMON_KEYS = frozenset(name_key(w) for w in COMMON_WORDS | MONTHS_AND_DAYS | FUNCTION_WORDS)


class Geoparser:
    """Finds place names in English text and resolves them to locations."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    # -- public API ------------------------------------------------------------------

    def find(self, text: str, country_hint: str | None = None) -> list[PlaceMatch]:
        """Every place name in `text` with its resolved location, in text order."""
        text = self._bare_possessives(text)
        demonyms: set[str] = set()
        mentions = self._recognise(text, demonyms)
        self._resolve_all(text, mentions, country_hint, demonyms)
        return [pm for m in mentions if m.output and (pm := self._to_match(m, text)) is not None]

    def resolve(
        self, names: list[tuple[int, int]], text: str, country_hint: str | None = None
    ) -> list[PlaceMatch | None]:
        """Resolve given name spans of `text`; the other places of the text help but are not returned."""
        given: list[_Mention] = []
        for start, end in names:
            given.append(self._given_mention(text, start, end))
        context = [m for m in self._recognise(text) if not any(m.start < g.end and g.start < m.end for g in given)]
        for m in context:
            m.output = False
        mentions = sorted(given + context, key=lambda m: (m.start, m.end))
        self._resolve_all(text, mentions, country_hint)
        return [self._to_match(m) for m in given]

    def _bare_possessives(self, text: str) -> str:
        """Text whose apostrophes were stripped ("Syrias Hama province", "Aleppos old city"): a
        capitalised word ending in "s" that is no name itself, but whose stem is a country or a
        large place, loses the "s" (a space keeps the offsets), so "Syrias Hama" reads as
        "Syria  Hama"."""
        hits = list(_BARE_POSSESSIVE.finditer(text))
        if not hits:
            return text
        words = {m.group(1) for m in hits}
        found = self.gazetteer.lookup({k for w in words for k in (*lookup_keys(w), *lookup_keys(w[:-1]))})

        def big(name: str) -> bool:
            return any(
                c.match is NameKind.PRIMARY and (c.is_country or c.fclass == "A" or (c.population or 0) >= 100_000)
                for k in lookup_keys(name)
                for c in found.get(k, ())
            )

        def known(name: str) -> bool:
            return any(found.get(k) for k in lookup_keys(name))

        chars = list(text)
        for m in hits:
            word = m.group(1)
            if not known(word) and big(word[:-1]):
                chars[m.end(1) - 1] = " "
        return "".join(chars)

    # -- recognition -----------------------------------------------------------------

    def _recognise(self, text: str, demonyms: set[str] | None = None) -> list[_Mention]:
        """The place names of `text`; the countries of its demonyms ("Lebanese") go into `demonyms`."""
        tokens = tokenize(text)
        runs = _runs(text, tokens)
        spans: dict[tuple[int, int], list[str]] = {}
        keys_of: dict[str, list[str]] = {}  # a text names the same few places again and again
        for a, b in runs:
            for i in range(a, b):
                if not tokens[i].cap:
                    continue
                for j in range(i + 1, min(b, i + MAX_NAME_WORDS) + 1):
                    if not tokens[j - 1].cap:
                        continue
                    surface = text[tokens[i].start : tokens[j - 1].end]
                    keys = keys_of.get(surface)
                    if keys is None:
                        keys = keys_of[surface] = lookup_keys(surface)
                    if keys:
                        spans[(i, j)] = keys
        found = self.gazetteer.lookup({k for keys in spans.values() for k in keys})
        mentions: list[_Mention] = []
        matched: set[int] = set()
        adjectival: set[int] = set()  # demonyms: never the name of an unknown place ("the Kurdish city")
        chosen: list[tuple[int, int, tuple[Candidate, ...]]] = []
        for a, b in runs:
            i = a
            while i < b:
                best: tuple[int, tuple[Candidate, ...]] | None = None
                for j in range(min(b, i + MAX_NAME_WORDS), i, -1):
                    every = tuple(c for k in spans.get((i, j), ()) for c in found.get(k, ()))
                    if not every:
                        continue
                    cands = tuple(c for c in every if c.match in _FIND_KINDS)
                    if any(c.match is NameKind.ADJECTIVE for c in every):
                        adjectival.update(range(i, j))
                        if demonyms is not None and not CURRENCY_AFTER.match(text, tokens[j - 1].end):
                            demonyms.update(
                                c.country for c in every if c.match is NameKind.ADJECTIVE and c.is_country and c.country
                            )
                        best = (j, ())  # "Syrian", "Kurdish": a demonym, which the actor registry reads
                        nations = {c.country for c in every if c.match is NameKind.ADJECTIVE and c.is_country}
                        capital = self._capital_after(text, tokens[i].start, tokens[j - 1].end, nations)
                        if capital is not None:
                            mentions.append(capital)
                        break
                    if (
                        j - i == 1
                        and text[tokens[i].end : tokens[i].end + 1] == "."
                        and any(c.match is NameKind.ABBREVIATION for c in every)
                    ):
                        best = (j, ())  # "Ill.", "Calif.": read as the container of the name before
                        break
                    if cands:
                        best = (j, cands)
                        break
                if best is None:
                    i += 1
                    continue
                j, cands = best
                if j - i == 1 and j < b and tokens[i].lower in NAME_HEADS:
                    # "Abu Salim", "Wadi al-Rabi", "Vila Mariana": a compound name the gazetteer
                    # lacks; neither its first word nor the rest is the place
                    break
                if cands:
                    start, end = tokens[i].start, tokens[j - 1].end
                    trigger = _strong_trigger(text, start) or self._container_follows(text, end)
                    if j - i > 1 or _word_ok(tokens[i], cands, trigger):
                        chosen.append((i, j, cands))
                        matched.update(range(i, j))
                i = j
        accepted: set[int] = set()
        surnames = _surnames(text, tokens, runs, spans, found)
        for i, j, cands in chosen:
            start, end = tokens[i].start, tokens[j - 1].end
            region = any(c.fclass in "AL" and c.match is NameKind.PRIMARY for c in cands)
            # (only tokens i-1 and j are looked up in `matched`: the name's own tokens never are)
            # a demonym before a province's or town's name is no part of it: "the Syrian Hama province"
            named_area = j < len(tokens) and (tokens[j].lower in AREA_WORDS or tokens[j].lower in SETTLEMENT_WORDS)
            before = matched | {i - 1} if named_area and (i - 1) in adjectival else matched
            if _person_or_org(text, tokens, i, j, before, region):
                continue
            if CURRENCY_AFTER.match(text, end):
                continue
            if _tail_of_name(text, tokens, i, matched):
                continue  # "Aqareb es Safi": the end of a name the gazetteer lacks, not Safi in Morocco
            if _OUTLET_STAFF_AFTER.match(text, end) and text[start:end] in outlet_registry().by_alias:
                continue  # "an Al-Jazeera team", "Al Arabiya's correspondent": the outlet, not a place
            if j - i == 1 and _outlet_initials(text[start:end]):
                continue  # "SANA reported", "(AFP)": a news agency's initials, not Sanaa
            small = not region and all(c.population < 100_000 and not c.is_country for c in cands)
            if j - i == 1 and small and _RULER_AFTER.match(text, end):
                continue  # "Assad regime forces", "Assad's forces": a ruler's name, not 'Ein el Asad
            if j - i == 1 and tokens[i].lower in surnames and not region:
                continue  # "Kelly" after "John Kelly" in the same text: the person again
            m = _Mention(start, end, text[start:end], spans[(i, j)][0], cands, recog=0.8)
            _context(text, m)
            mentions.append(m)
            accepted.update(range(i, j))
        mentions.extend(self._unknown_names(text, tokens, runs, accepted | adjectival))
        mentions.extend(self._abbreviated_containers(text, mentions))
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions

    def _capital_after(self, text: str, start: int, end: int, nations: set[str | None]) -> _Mention | None:
        """The capital of the demonym's country for "the Syrian capital", "the Ukrainian capital", when
        the text does not name it right after ("the Syrian capital Damascus" names it)."""
        hit = _CAPITAL_AFTER.match(text, end)
        if hit is None or len(nations) != 1 or _NOT_THE_STATES.search(text, max(0, start - 40), start):
            return None
        (nation,) = nations
        capital = self.gazetteer.capital(nation) if nation else None
        if capital is None:
            return None
        span_end = end + hit.end(1) - hit.start()
        return _Mention(start, span_end, text[start:span_end], lookup_keys(capital.name)[0], (capital,), recog=0.9)

    def _container_follows(self, text: str, end: int) -> bool:
        """'Reading, England', 'Nice, France': a country or state right after makes a name a place."""
        hit = _CONTAINER_AFTER.match(text, end)
        if not hit:
            return False
        return any(
            c.fclass == "A" and c.match is not NameKind.ADJECTIVE for c in self.gazetteer.candidates(hit.group(1))
        )

    def _unknown_names(
        self, text: str, tokens: list[_Token], runs: list[tuple[int, int]], matched: set[int]
    ) -> list[_Mention]:
        """Names the gazetteer lacks that the words around them still mark as places ("the village of X")."""
        out: list[_Mention] = []
        for a, b in runs:
            if any(k in matched for k in range(a, b)) or b - a > 4:
                continue
            start, end = tokens[a].start, tokens[b - 1].end
            before = text[max(0, start - 40) : start].lower()
            after = text[end : end + 25].lower()
            # "the village of X", "X village", "X province"; not "X State", which is as often a
            # group ("Islamic State") as a place the gazetteer would already know ("Borno State")
            marked = _KIND_OF.search(before) or (
                _POST_SETTLEMENT.match(after) or (_POST_AREA.match(after) and not after.lstrip().startswith("state"))
            )
            if not marked:
                continue
            if b - a == 1 and (tokens[a].lower in COMMON_WORDS or tokens[a].lower in TITLES):
                continue
            if _ADJECTIVE_COMPOUND.search(text, start, end):
                continue  # "the Kurdish-controlled city", "the IS-bastion city": a description, not a name
            if _person_or_org(text, tokens, a, b, matched):
                continue
            m = _Mention(start, end, text[start:end], name_key(text[start:end]), (), recog=0.6)
            _context(text, m)
            out.append(m)
        return out

    def _abbreviated_containers(self, text: str, mentions: list[_Mention]) -> list[_Mention]:
        """'Springfield, Ill.', 'Athens, GA': a state named by its abbreviation, after a town."""
        out: list[_Mention] = []
        starts = {o.start for o in mentions}
        for m in mentions:
            hit = _ABBREV_AFTER.match(text[m.end : m.end + 12])
            if not hit:
                continue
            start, end = m.end + hit.start(1), m.end + hit.end(1)
            if start in starts:
                continue
            key = lookup_keys(hit.group(1))[-1]
            cands = tuple(
                c
                for c in self.gazetteer.candidates(hit.group(1))
                if c.match is not NameKind.ADJECTIVE and c.fclass == "A"
            )
            if cands:
                out.append(_Mention(start, end, hit.group(1), key, cands, recog=0.9, kind_hint="A", precision=3))
        return out

    def _given_mention(self, text: str, start: int, end: int) -> _Mention:
        """A name span given by the caller: every kind of name counts, and a part of it if the whole is unknown."""
        surface = text[start:end]
        lead = re.match(r"(?i)the\s+", surface)
        s, e = start + (lead.end() if lead else 0), end
        poss = _POSSESSIVE.search(text[s:e])
        if poss:
            e -= len(poss.group())
        keys = lookup_keys(text[s:e])
        key = keys[0] if keys else ""
        cands = self.gazetteer.candidates(text[s:e]) if keys else ()
        m = _Mention(start, end, surface, key, cands, recog=1.0)
        if not cands:
            # "Damascus International Airport", "New Orleans Saints": the place inside the name
            words = list(_TOKEN.finditer(text, s, e))
            parts: dict[str, tuple[int, int]] = {}
            for i in range(len(words)):
                # The place comes first ("Liverpool Academy"), after "of" ("University of Alberta"),
                # after a compass word ("West Wales") or after an institution ("British Embassy
                # Tokyo"); otherwise a last word is the kind of thing named ("Paddock Hill Bend").
                before = words[i - 1].group().lower() if i > 0 else ""
                if i > 0 and before != "of" and before not in _PLACE_BEFORE:
                    continue
                for j in range(len(words) - (1 if i == 0 else 0), i, -1):
                    a, b = words[i].start(), words[j - 1].end()
                    k = name_key(text[a:b])
                    if k and k not in parts:
                        parts[k] = (j - i, -i)
            hits = self.gazetteer.lookup(list(parts))
            usable = []
            natural = _NATURAL_FEATURE.search(text[s:e]) is not None
            for k, found in hits.items():
                if natural or k in _COMMON_KEYS or any(x.match is NameKind.ADJECTIVE for x in found):
                    # "Royal Street", "Frenchmen Street": a word, not the place the name is in;
                    # "Mississippi River": a feature named after a region, not in it
                    continue
                # Institutions carry the names of well-known places ("Liverpool Academy"), rarely of
                # hamlets; a person's name in a building's name ("Carnegie Library") often is one.
                cs = tuple(
                    x
                    for x in found
                    if x.match in _FIND_KINDS and x.precise and (x.fclass in "AL" or x.population >= 50_000)
                )
                if cs:
                    usable.append((parts[k], k, cs))
            if usable:
                _, k, cs = max(usable, key=lambda u: u[0])
                m.key, m.cands, m.precision, m.recog = k, cs, 2, 0.7
        _context(text, m)
        return m

    # -- resolution ------------------------------------------------------------------

    def _resolve_all(
        self, text: str, mentions: list[_Mention], country_hint: str | None, demonyms: Collection[str] = ()
    ) -> None:
        lists = _ListKinds(mentions, _link_containers(text, mentions))
        spelt = {i: spelling_key(m.surface) for i, m in enumerate(mentions) if m.cands}
        exact = self.gazetteer.exact(set(spelt.values()))
        for i, k in spelt.items():
            mentions[i].exact = exact.get(k, frozenset())
        hint = country_hint.upper() if country_hint else None
        # Mentions of one name in one context score alike: compute each once (a long text
        # names the same few places hundreds of times).
        memo: dict[tuple[object, ...], list[float]] = {}
        priors = []
        for m in mentions:
            sig = (m.key, m.kind_hint, m.acronym, m.org_modifier, m.exact, tuple(c.id for c in m.cands))
            if sig not in memo:
                memo[sig] = [_prior(m, c) for c in m.cands]
            priors.append(memo[sig])
        for m, ps in zip(mentions, priors, strict=True):
            _pick(m, ps)
            m.prior_pick = m.pick
            m.prior_rank = _rank(m.pick)
        lists.count()
        near: dict[tuple[str, int], float] = {}
        read_as: list[int | None] | None = None
        for _ in range(3):
            text_focus = _focus(mentions, demonyms)
            others: dict[tuple[str, int], tuple[_Shares[str], _Shares[tuple[str, str]]]] = {}
            now = [m.pick.id if m.pick is not None else None for m in mentions]
            if now != read_as:  # the closeness of places depends on the picks alone: kept while they stay
                picks = _distinct_picks(mentions)
                near, read_as = {}, now
            for idx, m in enumerate(mentions):
                if not m.cands:
                    continue
                own = (m.key, m.pick.id if m.pick is not None else -1)
                if own not in others:
                    others[own] = text_focus.without(m)
                focus, admin_focus = others[own]
                # names listed together are places of one kind: "California or Washington" are states
                listed_as = (
                    lists.kind_of_others(idx)
                    if m.listed is not None and (m.container is None or not _holds(m, mentions[m.container]))
                    else None
                )
                scores = []
                for c, p in zip(m.cands, priors[idx], strict=True):
                    s = p
                    if c.country is None:  # oceans, continents, regions across borders: in any text's focus
                        s += 2.0 * focus.largest()
                    else:
                        s += 2.0 * focus.get(c.country, 0.0)
                        s += 1.0 * admin_focus.get((c.country, c.admin1), 0.0) if c.admin1 else 0.0
                        if hint and c.country == hint:
                            s += 2.0
                        if c.country in demonyms:  # "the Lebanese pound": the text is about Lebanon
                            s += DEMONYM_BONUS
                    s += _container_bonus(m, c, mentions) if m.container is not None or m.contains else 0.0
                    if listed_as is not None and listed_as == _kind(c):
                        s += 0.8
                    if (m.key, c.id) not in near:
                        near[(m.key, c.id)] = _proximity_bonus(m.key, c, picks)
                    s += near[(m.key, c.id)]
                    scores.append(s)
                _pick(m, scores)
                lists.moved(idx)
        _consistent(mentions)
        _place_quarters(text, mentions)
        main_town = _main_town(mentions)
        nearest = _Nearest(mentions)
        countries = Counter(o.pick for o in mentions if o.pick is not None and o.pick.is_country)
        where = Counter(o.pick.country for o in mentions if o.pick is not None and o.pick.country)
        home = where.most_common(1)[0][0] if where else None
        # a name the gazetteer lacks, told once with what contains it ("Aqareb es Safi village in the
        # Syrian Hama province"), is in that place wherever the text names it again
        held_in: dict[str, Candidate] = {}
        for m in mentions:
            holder = mentions[m.container].pick if m.container is not None else None
            if not m.cands and holder is not None and m.held_in_words:
                held_in.setdefault(m.key, holder)
        _beyond_reference(text, mentions)
        for m in mentions:
            if (
                hint
                and home == hint
                and m.pick is not None
                and m.pick.country
                and m.pick.country != hint
                and m.pick.id not in m.exact
                and not m.pick.is_country
                and not m.acronym
            ):
                # "al-Baath" in a report on Syria is not Bath, England: a place abroad read only
                # through the folds that make transliterations meet is no reading; the text's
                # country holds it, at a region's precision
                m.pick = None
            if m.pick is not None and m.container is not None and not m.pick.is_country:
                within = mentions[m.container]
                if (
                    within.pick is not None
                    and not within.pick.is_country
                    and m.pick.id not in {h.id for h in within.cands}
                    and _outside_container(m, within)
                ):
                    # "the city of Adra in Damascus countryside" is no Dar'a 100 km away: a name read
                    # outside the place the text puts it in is one the gazetteer lacks; it is placed
                    # in its container, at the container's precision
                    m.pick = None
            if (
                m.pick is None
                and not m.cands
                and m.container is None
                and m.key in held_in
                and not _same_division(held_in[m.key], main_town)
            ):
                m.fallback = held_in[m.key]  # (in the main town's own division, the main town is finer)
            elif m.pick is None:
                m.fallback = _fallback(m, mentions, main_town, hint, self.gazetteer, nearest, countries)
            elif not m.pick.precise:
                m.anchor = nearest.find(m, (m.pick.country, m.pick.admin1))

    def _to_match(self, m: _Mention, text: str | None = None) -> PlaceMatch | None:
        """The place a mention reads as; with `text` (names found, not given), a name with no reading
        of its own is kept only where the words around it mark a place."""
        if m.pick is not None:
            c = m.pick
            precision = m.precision
            if m.region_word:
                precision = 3 if (c.fclass in "AL" or c.population > 1_000_000) else 2
            if c.fclass == "L" and not c.country:
                precision = 3  # a region across countries ("the Levant", "the Sahel") is only ever a region
            loc = c.location(_precision(precision), m.relation)
            if m.anchor is not None:  # placed by a town of its division the text names, still only a region
                loc.lat, loc.lon = m.anchor.lat, m.anchor.lon
            conf = m.recog * (0.55 + 0.45 * (1 - math.exp(-max(m.margin, 0.0))))
            if c.id not in m.exact:
                conf *= FOLDED_CONFIDENCE  # "Oueme" read as Uyemskiy: no name of it is spelt so
            return PlaceMatch(m.start, m.end, loc, round(min(conf, 1.0), 3))
        if (
            text is not None
            and m.fallback is not None
            and m.cands
            and m.recog < 0.9
            and not _LOCATIVE_BEFORE.search(text, max(0, m.start - 30), m.start)
        ):
            # a name the gazetteer knows only elsewhere, with no word around it saying it is a place
            # here ("the Assad family", "the Partys leadership"): no place, rather than a pin in the
            # town the article is about
            return None
        if m.fallback is not None:
            f = m.fallback
            loc = Location(
                name=m.surface,
                lat=f.lat,
                lon=f.lon,
                country=f.country,
                admin1=f.admin1,
                geo_precision=3,
                relation=m.relation or f"somewhere in {f.name}",
            )
            return PlaceMatch(m.start, m.end, loc, round(0.25 * m.recog, 3))
        return None


# A preposition of place right before a name: "in X", "near the X", "from X".
_LOCATIVE_BEFORE = re.compile(
    r"(?i)\b(?:in|at|near|outside|around|inside|into|to|towards?|from|across|through|of|on|between|and)\s+(?:the\s+)?$"
)


def _precision(value: int) -> GeoPrecision:
    return 1 if value <= 1 else 2 if value == 2 else 3


# -- scoring ---------------------------------------------------------------------------


def _prior(m: _Mention, c: Candidate) -> float:
    """What a candidate has for it before the rest of the text is considered."""
    fc = c.fcode
    if not c.population and c.fclass in "LHAS":
        # Regions, seas, landmarks and divisions our files add carry no population: rank
        # them as a city of a million (first-level divisions, regions, landmarks such as
        # the White House) or of 10,000 (counties).
        s = 0.35 * (6 if c.fclass in "LHS" or fc == "ADM1" else 4)
    elif fc == "ADM2" and c.match is NameKind.ALTERNATE:
        s = 0.35 * 4  # "DeKalb" for DeKalb County: without the word "County" a county is rarely meant
    else:
        s = 0.35 * math.log10(c.population + 10)
    s += {NameKind.PRIMARY: 0.6, NameKind.ALTERNATE: 0.3, NameKind.ABBREVIATION: -0.5}.get(c.match, 0.0)
    if c.match is NameKind.PRIMARY and name_key(c.name) == m.key:
        s += 0.5
    if m.exact and c.id not in m.exact and not m.acronym and c.match is not NameKind.ABBREVIATION:
        # Another place has the name as the text spells it; this one only under the folds
        # that make transliterations meet ("Samarra" is not Samara, "Chennai" not Cheney).
        s -= SPELLING_PENALTY
    if c.fclass == "A":
        s += 1.5 if fc.startswith("PCL") else 1.0 if fc == "ADM1" else 0.3
        if not fc.startswith("PCL") and any(
            o.fclass == "P" and o.fcode in ("PPLA", "PPLC") and o.country == c.country and o.admin1 == c.admin1
            for o in m.cands
        ):
            s -= 1.5  # a division named after its capital (Idlib, Aleppo): the town, unless the text says province
        elif (
            c.match is NameKind.ALTERNATE
            and fc == "ADM2"
            and any(
                o.fclass == "P" and o.country == c.country and o.admin1 == c.admin1 and o.population >= 10_000
                for o in m.cands
            )
        ):
            s -= 1.0  # "Dallas" is the city more often than its county
    elif c.fclass == "P":
        s += 1.5 if fc == "PPLC" else 0.3 if fc.startswith("PPLA") else 0.0
        if m.org_modifier:
            s += 1.0  # "the Washington Post", "New York Times": institutions are named after towns
    elif c.fclass == "L" and fc in ("CONT", "RGN"):
        s += 1.0
    elif c.fclass == "H" and fc in ("SEA", "OCN"):
        s += 0.5
    elif c.population:
        s -= 0.3  # a populated spot or feature of GeoNames is seldom what a bare name means
    if m.acronym and c.fclass == "P":
        s -= 1.5  # "EU", "UK": countries and regions go by their initials, towns hardly ever
    if m.kind_hint == "P":
        s += 1.5 if c.fclass == "P" else -1.5 if c.fclass in "AL" else 0.0
    elif m.kind_hint == "A":
        s += 2.0 if c.fclass in "AL" else -1.5 if c.fclass == "P" else 0.0
    return s


def _pick(m: _Mention, scores: list[float]) -> None:
    if not m.cands:
        m.pick, m.margin = None, 0.0
        return
    order = sorted(range(len(scores)), key=lambda k: -scores[k])
    m.pick = m.cands[order[0]]
    m.margin = scores[order[0]] - scores[order[1]] if len(order) > 1 else 3.0


_K = TypeVar("_K")


@dataclass(slots=True)
class _Focus:
    """Where the text is: weights of countries and first-level divisions, with what each name
    adds, so that a mention is judged by the *other* names of the text. A name that voted for
    its own reading would keep its first guess for ever: Tripoli in Libya, in a text whose
    other places are all in Lebanon."""

    country: dict[str, float]
    admin: dict[tuple[str, str], float]
    votes: dict[tuple[str, int], tuple[str, float, tuple[str, str] | None, float]]

    country_table: _Weights[str] = field(init=False)
    admin_table: _Weights[tuple[str, str]] = field(init=False)

    def __post_init__(self) -> None:
        self.country_table = _Weights(self.country)
        self.admin_table = _Weights(self.admin)

    def without(self, m: _Mention) -> tuple[_Shares[str], _Shares[tuple[str, str]]]:
        """Shares of countries and divisions over the text's names but this mention's own
        reading (which it shares with each mention of the same name read alike)."""
        own = self.votes.get((m.key, m.pick.id)) if m.pick is not None else None
        if own is None:
            return _Shares(self.country_table), _Shares(self.admin_table)
        code, cw, div, aw = own
        return _Shares(self.country_table, code, cw), _Shares(self.admin_table, div, aw if div is not None else 0.0)


# A weight at or below this counts as none.
_NO_WEIGHT = 1e-9


class _Weights(Generic[_K]):
    """A table of weights with its total and its two largest entries, worked out once."""

    __slots__ = ("top", "total", "weights")

    def __init__(self, weights: dict[_K, float]) -> None:
        self.weights = weights
        kept = [(v, k) for k, v in weights.items() if v > _NO_WEIGHT]
        self.total = sum(v for v, _ in kept)
        self.top = sorted(kept, key=lambda vk: -vk[0])[:2]


class _Shares(Generic[_K]):
    """Each key's share of a table of weights, one key's weight first lowered by `less` (a name's
    own vote taken out). Worked out on lookup: a text naming thousands of places in hundreds of
    divisions would otherwise copy the table once for each name."""

    __slots__ = ("key", "less", "table", "total")

    def __init__(self, table: _Weights[_K], key: _K | None = None, less: float = 0.0) -> None:
        self.table, self.key, self.less = table, key, less
        total = table.total
        if key is not None and key in table.weights:
            before = table.weights[key]
            after = before - less
            total += (after if after > _NO_WEIGHT else 0.0) - (before if before > _NO_WEIGHT else 0.0)
            if before > _NO_WEIGHT and total < 1e-3 * before:
                # the name held nearly all the weight: the difference lost its digits, so sum the rest
                rest = (v for k, v in table.weights.items() if k != key and v > _NO_WEIGHT)
                total = sum(rest) + (after if after > _NO_WEIGHT else 0.0)
        self.total = total if total > 0 else 1.0

    def _weight(self, key: _K) -> float | None:
        v = self.table.weights.get(key)
        if v is None:
            return None
        if key == self.key:
            v -= self.less
        return v if v > _NO_WEIGHT else None

    def get(self, key: _K, default: float = 0.0) -> float:
        v = self._weight(key)
        return default if v is None else v / self.total

    def largest(self) -> float:
        """The largest share (0 when no key has weight)."""
        best = [w for _, k in self.table.top if (w := self._weight(k)) is not None]
        if self.key is not None and (w := self._weight(self.key)) is not None:
            best.append(w)
        return max(best, default=0.0) / self.total


def _focus(mentions: list[_Mention], demonyms: Collection[str] = ()) -> _Focus:
    """Weights of the text's countries and first-level divisions, from the current picks, each
    reading of a name once, and from its demonyms ("Lebanese": Lebanon), each as one sure place."""
    country: dict[str, float] = defaultdict(float)
    for d in demonyms:
        country[d] += 1.0
    admin: dict[tuple[str, str], float] = defaultdict(float)
    votes: dict[tuple[str, int], tuple[str, float, tuple[str, str] | None, float]] = {}
    for m in mentions:
        c = m.pick
        if c is None or c.country is None or (m.key, c.id) in votes:
            continue
        weight = min(1.0, 0.3 + m.margin / 2)
        cw = weight * (2.0 if c.is_country else 1.0)
        country[c.country] += cw
        div = (c.country, c.admin1) if c.admin1 and not c.is_country else None
        if div is not None:
            admin[div] += weight
        votes[(m.key, c.id)] = (c.country, cw, div, weight)
    return _Focus(dict(country), dict(admin), votes)


def _inside(c: Candidate, container: Candidate) -> bool:
    if container.is_country:
        return c.country == container.country
    if c.country != container.country:
        return False
    if container.fclass in "AL":
        if c.admin1 and container.admin1:
            if name_key(c.admin1) == name_key(container.admin1):
                return True
            if container.fcode == "ADM1":
                return False  # both provinces known, and they differ
        return haversine_km(c.lat, c.lon, container.lat, container.lon) < 250
    return haversine_km(c.lat, c.lon, container.lat, container.lon) < 60


def _rank(c: Candidate | None) -> int:
    """How large a kind of place is, for telling 'X, Y' containment from a list."""
    if c is None:
        return 0
    if c.is_country or c.fcode == "CONT":
        return 4
    if c.fclass == "L" or c.fcode == "ADM1":
        return 3
    return 2 if c.fclass == "A" else 1


_COUNTRYSIDE = {name_key(k): {name_key(v) for v in vs} for k, vs in COUNTRYSIDE_PROVINCES.items()}


def _outside_container(m: _Mention, holder: _Mention) -> bool:
    """Whether the name's reading lies outside the city's countryside the text puts it in ("Adra in
    Damascus countryside" read as Dar'a, in another province). Only the countryside: a province
    named as container was tried too, and lost readings on GeoWebNews (0.9059 -> 0.9021), where a
    gazetteer's provinces and its towns' provinces are spelt apart."""
    c, h = m.pick, holder.pick
    assert c is not None and h is not None
    if (holder.relation or "").endswith("countryside of"):
        if not (c.admin1 and h.admin1) or c.country != h.country:
            return c.country != h.country
        own = name_key(h.admin1)
        return name_key(c.admin1) not in {own, *_COUNTRYSIDE.get(own, ())}
    return False


# After a name, the place it is told from: "Adra northeast of Damascus", "X, 20 km north of the city of Y".
_FROM_REFERENCE = re.compile(
    r"\s*,?\s*(?:(?P<km>\d+(?:\.\d+)?)\s*(?:km|kilomet(?:er|re)s?)\s+|(?P<mi>\d+)\s*miles?\s+)?(?:to\s+the\s+)?"
    + _DIR
    + r"\s+of\s+(?:the\s+)?(?:(?:city|town|capital|village|province)\s+of\s+)?",
    re.I,
)
# How far a name may lie from the place it is told from when the text gives no distance.
REFERENCE_KM = 120.0


def _beyond_reference(text: str, mentions: list[_Mention]) -> None:
    """A name read far from the place the text tells it from ("the industrial city of Adra northeast
    of Damascus" read as Dar'a, 100 km south-west) is one the gazetteer lacks: it is placed near that
    place instead (as a name in a container is, `_outside_container`)."""
    for i, m in enumerate(mentions[:-1]):
        ref = mentions[i + 1]
        if m.pick is None or ref.pick is None or m.pick.is_country or ref.pick.is_country:
            continue
        if m.container is not None and m.container != i + 1:
            continue
        if ref.pick.fclass in "AL":
            continue  # "northwest of Aleppo province" is the province's northwest, not a place beyond it
        hit = _FROM_REFERENCE.fullmatch(text, m.end, ref.start)
        if hit is None:
            continue
        told = float(hit["km"]) if hit["km"] else float(hit["mi"]) * 1.609 if hit["mi"] else None
        limit = 1.5 * told + 30.0 if told is not None else REFERENCE_KM
        far = haversine_km(m.pick.lat, m.pick.lon, ref.pick.lat, ref.pick.lon)
        word = re.search(_DIR, hit.group(0), re.I)
        wrong_way = (
            word is not None
            and far > WRONG_WAY_KM
            and _angle_apart(_bearing(ref.pick, m.pick), _COMPASS[word.group(0).lower().replace("-", "")]) > 90
        )
        if far > limit or wrong_way:
            m.pick = None
            m.container = i + 1


# A reading more than this far from its reference, on the other side of it from the direction the text
# gives ("northeast of Damascus" read 100 km south-west of it), is a misreading.
WRONG_WAY_KM = 15.0
_COMPASS = {
    "north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0,
    "south": 180.0, "southwest": 225.0, "west": 270.0, "northwest": 315.0,
}  # fmt: skip


def _bearing(a: Candidate, b: Candidate) -> float:
    """Degrees clockwise from north of the way from a to b."""
    la1, la2 = math.radians(a.lat), math.radians(b.lat)
    dl = math.radians(b.lon - a.lon)
    y = math.sin(dl) * math.cos(la2)
    x = math.cos(la1) * math.sin(la2) - math.sin(la1) * math.cos(la2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360.0


def _angle_apart(a: float, b: float) -> float:
    d = abs(a - b) % 360.0
    return min(d, 360.0 - d)


def _holds(m: _Mention, holder: _Mention) -> bool:
    """Whether a stated container is larger than the name (by what each most likely is on its own)."""
    return holder.prior_rank > m.prior_rank


def _container_bonus(m: _Mention, c: Candidate, mentions: list[_Mention]) -> float:
    bonus = 0.0
    if m.container is not None:
        holder = mentions[m.container]
        if not _holds(m, holder):
            # "Miami, New York, and Detroit", "Utah, Colorado": a list, not a place and its container
            return 0.0
        if holder.cands:
            best = holder.pick
            if any(_inside(c, h) for h in holder.cands[:8] if h is best or h.fclass == "A"):
                bonus += 3.0
            else:
                bonus -= 1.0
    for k in m.contains:
        inner = mentions[k]
        if inner.cands and _holds(inner, m) and any(_inside(x, c) for x in inner.cands[:8]):
            bonus += 1.0
    return bonus


def _kind(c: Candidate | None) -> str | None:
    """The kind of place a reading is, for telling what a list of names holds."""
    if c is None:
        return None
    return "A" if c.fclass == "A" and not c.is_country else "C" if c.is_country else c.fclass


class _ListKinds:
    """The kinds of place the names of each list ("A, B and C") are read as now, kept up to date
    as readings change, so that a name learns what the rest of its list is without reading the
    whole list again: a list of thousands of names costs the same per name as a list of three."""

    def __init__(self, mentions: list[_Mention], lists: list[list[int]]) -> None:
        self.mentions = mentions
        self.lists = lists
        # for each list, the positions of its names by the kind each is read as, in text order
        self.by_kind: list[dict[str, list[int]]] = [{} for _ in lists]
        self.kind: dict[int, str] = {}

    def count(self) -> None:
        """Take in the current readings of every listed name."""
        for n, members in enumerate(self.lists):
            table: dict[str, list[int]] = {}
            for i in members:
                k = _kind(self.mentions[i].pick)
                if k is not None:
                    table.setdefault(k, []).append(i)
                    self.kind[i] = k
            self.by_kind[n] = table

    def moved(self, i: int) -> None:
        """Name `i` may have been read again."""
        n = self.mentions[i].listed
        if n is None:
            return
        old, new = self.kind.get(i), _kind(self.mentions[i].pick)
        if old == new:
            return
        table = self.by_kind[n]
        if old is not None:
            at = table[old]
            del at[bisect.bisect_left(at, i)]
            if not at:
                del table[old]
            del self.kind[i]
        if new is not None:
            bisect.insort(table.setdefault(new, []), i)
            self.kind[i] = new

    def kind_of_others(self, i: int) -> str | None:
        """The kind most of the other names of `i`'s list are read as; on a tie, the kind of the
        one named first."""
        n = self.mentions[i].listed
        if n is None:
            return None
        mine = self.kind.get(i)
        best: tuple[int, int] | None = None
        found: str | None = None
        for kind, at in self.by_kind[n].items():
            count = len(at) - (kind == mine)
            if count == 0:
                continue
            first = at[0] if at[0] != i else at[1]
            rank = (-count, first)
            if best is None or rank < best:
                best, found = rank, kind
        return found


_Point = tuple[str, int, float, float, float, str | None, str | None]  # key, id, lat, lon, cos(lat), country, admin1
# What keeps a bound on a distance below the distance itself whatever the rounding.
_BOUND = 1 - 1e-9


class _Band:
    """The points of one degree of latitude, by longitude, with the least cosine of their latitudes."""

    __slots__ = ("cos_min", "lons", "points")

    def __init__(self, points: list[_Point]) -> None:
        self.points = sorted(points, key=lambda p: p[3])
        self.lons = [p[3] for p in self.points]
        self.cos_min = min(p[4] for p in points)


@dataclass(slots=True)
class _Picks:
    """The current picks, prepared for the proximity score: towns and regions with their
    coordinates (in bands of latitude), and which names place something inside each country
    and each division."""

    points: list[_Point]
    in_country: dict[str, set[str]]
    in_state: dict[tuple[str | None, str | None], set[str]]
    bands: dict[int, _Band] = field(default_factory=dict)
    band_keys: list[int] = field(default_factory=list)
    scan: bool = False  # compare with every point instead (`_scan_pays`)

    def __post_init__(self) -> None:
        by_band: dict[int, list[_Point]] = defaultdict(list)
        for p in self.points:
            by_band[math.floor(p[2])].append(p)
        self.bands = {b: _Band(ps) for b, ps in by_band.items()}
        self.band_keys = sorted(self.bands)
        self.scan = _scan_pays(len(self.points), len(self.band_keys))

    def nearest_km(self, key: str, c: Candidate) -> float:
        """The distance from `c` to the nearest point of another name and another place (inf if none).

        Bands are searched nearest latitude first, and each band outwards from the candidate's
        longitude, until latitude or longitude alone puts every point left farther than the
        nearest found: a text naming thousands of places compares each with a few.
        """
        best = math.inf
        clat, clon, cid = c.lat, c.lon, c.id
        coslat = math.cos(math.radians(clat))
        if self.scan:
            return _scan_nearest(self.points, key, cid, clat, clon, coslat)
        keys, bands = self.band_keys, self.bands
        hi = bisect.bisect_left(keys, math.floor(clat))
        lo = hi - 1
        hypot = math.hypot
        while lo >= 0 or hi < len(keys):
            below = max(0.0, clat - (keys[lo] + 1)) if lo >= 0 else math.inf
            above = max(0.0, keys[hi] - clat) if hi < len(keys) else math.inf
            if 111.2 * min(below, above) * _BOUND >= best:
                break
            if below <= above:
                band = bands[keys[lo]]
                lo -= 1
            else:
                band = bands[keys[hi]]
                hi += 1
            lons, points, n = band.lons, band.points, len(band.points)
            scale = max(0.0, 111.2 * (coslat + band.cos_min) / 2 * _BOUND)  # km per degree of longitude, at least
            start = bisect.bisect_left(lons, clon)
            # eastwards from `start`, then westwards from the one before it, each until the other
            # way round is shorter or every point left on the way is farther than the nearest
            for j in itertools.chain(range(start, n), range(start)):
                travel = (lons[j] - clon) % 360
                if travel > 180 or travel * scale >= best:
                    break
                best = _closer(points[j], key, cid, clat, clon, coslat, best, hypot)
            for j in itertools.chain(range(start - 1, -1, -1), range(n - 1, start - 1, -1)):
                travel = (clon - lons[j]) % 360
                if travel > 180 or travel * scale >= best:
                    break
                best = _closer(points[j], key, cid, clat, clon, coslat, best, hypot)
        return best


# Comparing with each point costs some 0.2 us a point; searching the bands some 5 us when the points
# lie in a few degrees of latitude and up to 10 us when they are spread over many (measured with
# random points, 3 to 80 degrees of latitude). Hence a scan up to 24 points, and up to 48 when there
# are no more than three to a band.
_SCAN_POINTS = 24
_SCAN_SPREAD_POINTS = 48


def _scan_pays(points: int, bands: int) -> bool:
    """Whether comparing with every point is quicker than searching `bands` bands of latitude."""
    return points <= _SCAN_POINTS or (points <= _SCAN_SPREAD_POINTS and points <= 3 * bands)


def _scan_nearest(points: list[_Point], key: str, cid: int, clat: float, clon: float, coslat: float) -> float:
    """The distance `_Picks.nearest_km` finds, by comparing with every point (the same distances, so the same least)."""
    best = math.inf
    hypot = math.hypot
    for k, pid, lat, lon, cos_p, _, _ in points:
        if k == key or pid == cid:
            continue
        dlon = abs(lon - clon)
        if dlon > 180:
            dlon = 360 - dlon
        d: float = 111.2 * hypot(lat - clat, dlon * (coslat + cos_p) / 2)
        if d < best:
            best = d
    return best


def _closer(
    point: _Point, key: str, cid: int, clat: float, clon: float, coslat: float, best: float, hypot: Any
) -> float:
    """The smaller of `best` and the distance to `point` (unless it is the same name or place)."""
    k, pid, lat, lon, cos_p, _, _ = point
    if k == key or pid == cid:  # "DeKalb" and "DeKalb County" as one place do not vouch for each other
        return best
    # An equirectangular distance is plenty here: beyond a few hundred km the pull is nil anyway.
    dlon = abs(lon - clon)
    if dlon > 180:
        dlon = 360 - dlon
    d: float = 111.2 * hypot(lat - clat, dlon * (coslat + cos_p) / 2)
    return d if d < best else best


def _distinct_picks(mentions: list[_Mention]) -> _Picks:
    points: dict[tuple[str, int], tuple[str, int, float, float, float, str | None, str | None]] = {}
    in_country: dict[str, set[str]] = defaultdict(set)
    in_state: dict[tuple[str | None, str | None], set[str]] = defaultdict(set)
    for o in mentions:
        p = o.pick
        if p is None or p.is_country:
            continue
        if p.country:
            in_country[p.country].add(o.key)
        if p.fcode != "CONT" and p.precise:
            points.setdefault(
                (o.key, p.id), (o.key, p.id, p.lat, p.lon, math.cos(math.radians(p.lat)), p.country, p.admin1)
            )
            in_state[(p.country, p.admin1)].add(o.key)
    return _Picks(list(points.values()), dict(in_country), dict(in_state))


def _others_than(keys: set[str] | None, key: str) -> bool:
    """Whether `keys` holds a name other than `key`."""
    return keys is not None and (len(keys) > 1 or (len(keys) == 1 and key not in keys))


def _proximity_bonus(key: str, c: Candidate, picks: _Picks) -> float:
    """Places a text names together lie together: the nearest other place pulls."""
    if c.is_country:  # a country is near the places the text names inside it
        return 1.5 if _others_than(picks.in_country.get(c.country or ""), key) else 0.0
    if c.fcode == "CONT":
        return 0.0
    if not c.precise:  # a county at its state's centre: only "in the same state" can be told
        return 0.5 if _others_than(picks.in_state.get((c.country, c.admin1)), key) else 0.0
    best = picks.nearest_km(key, c)
    if best is math.inf:
        return 0.0
    return 1.5 * math.exp(-best / 150.0)


def _consistent(mentions: list[_Mention]) -> None:
    """One name, one place in one text, unless the context says otherwise (a province and its city)."""
    groups: dict[tuple[str, str | None], list[_Mention]] = defaultdict(list)
    for m in mentions:
        if m.cands:
            groups[(m.key, m.kind_hint)].append(m)
    for group in groups.values():
        if len(group) < 2:
            continue
        votes: dict[int, float] = defaultdict(float)
        for m in group:
            if m.pick is not None:
                votes[m.pick.id] += 1 + max(m.margin, 0)
        if not votes:
            continue
        winner_id = max(votes, key=lambda k: votes[k])
        for m in group:
            for c in m.cands:
                if c.id == winner_id:
                    m.pick = c
                    break


def _places_a_point(p: Candidate | None) -> bool:
    """A reading that can place a name near it: precise, smaller than a country, not water."""
    return p is not None and p.precise and not p.is_country and p.fcode != "CONT" and p.fclass != "H"


def _nearest_in_text(m: _Mention, others: list[_Mention]) -> Candidate | None:
    """The precise pick of the mention nearest to `m` in the text, towns before regions."""
    best: tuple[int, int, Candidate] | None = None
    for o in others:
        p = o.pick
        if o is m or p is None or not _places_a_point(p):
            continue
        gap = m.start - o.end if o.end <= m.start else o.start - m.end
        rank = (0 if p.fclass == "P" else 1, abs(gap))
        if best is None or rank < best[:2]:
            best = (*rank, p)
    return best[2] if best else None


_Division = tuple[str | None, str | None]


class _Nearest:
    """`_nearest_in_text` for each name of a text, over all its names or those of one division,
    in log time per name: a text of thousands of names is not scanned once per name.

    Names that do not overlap (what recognition finds) are indexed by position; a text whose
    names overlap (spans given by a caller) is scanned as `_nearest_in_text` does.
    """

    def __init__(self, mentions: list[_Mention]) -> None:
        self.mentions = mentions
        self.disjoint = all(a.end <= b.start for a, b in itertools.pairwise(mentions))
        self.indexes: dict[_Division | None, list[tuple[list[int], list[int], list[int]]]] = {}

    def _pool(self, division: _Division | None) -> list[int]:
        return [
            i
            for i, o in enumerate(self.mentions)
            if o.pick is not None and (division is None or (o.pick.country, o.pick.admin1) == division)
        ]

    def _index(self, division: _Division | None) -> list[tuple[list[int], list[int], list[int]]]:
        if division not in self.indexes:
            # towns, then the rest: (starts, ends, positions) in text order
            classes: list[tuple[list[int], list[int], list[int]]] = [([], [], []), ([], [], [])]
            for i in self._pool(division):
                o = self.mentions[i]
                if _places_a_point(o.pick):
                    starts, ends, at = classes[0 if o.pick.fclass == "P" else 1]  # type: ignore[union-attr]
                    starts.append(o.start)
                    ends.append(o.end)
                    at.append(i)
            self.indexes[division] = classes
        return self.indexes[division]

    def find(self, m: _Mention, division: _Division | None = None) -> Candidate | None:
        """The pick of the name nearest to `m` (within `division`), towns before regions."""
        if not self.disjoint:
            return _nearest_in_text(m, [self.mentions[i] for i in self._pool(division)])
        best: tuple[int, int, int] | None = None
        for rank, (starts, ends, at) in enumerate(self._index(division)):
            j = bisect.bisect_right(ends, m.start)  # the last name ending before m
            if j:
                option = (rank, m.start - ends[j - 1], at[j - 1])
                best = option if best is None or option < best else best
            k = bisect.bisect_left(starts, m.end)  # the first name starting after m
            if k < len(starts):
                option = (rank, starts[k] - m.end, at[k])
                best = option if best is None or option < best else best
            if best is not None:
                break  # a town is nearer than any region
        return self.mentions[best[2]].pick if best is not None else None


def _main_town(mentions: list[_Mention]) -> Candidate | None:
    """The town a text is about: the one it names most (the caller's spans first, then the rest)."""
    for pool in ([o for o in mentions if o.output], mentions):
        towns: Counter[int] = Counter()
        by_id: dict[int, Candidate] = {}
        for o in pool:
            p = o.pick
            if p is not None and p.fclass == "P" and p.precise and o.margin > 0.5:
                towns[p.id] += 1
                by_id[p.id] = p
        if towns:
            return by_id[towns.most_common(1)[0][0]]
    return None


def _same_division(a: Candidate, b: Candidate | None) -> bool:
    return b is not None and a.country == b.country and a.admin1 == b.admin1


def _fallback(
    m: _Mention,
    mentions: list[_Mention],
    main_town: Candidate | None,
    hint: str | None,
    gaz: Gazetteer,
    nearest: _Nearest,
    countries: Counter[Candidate],
) -> Candidate | None:
    """For a name no gazetteer knows: the place that contains it, else the nearest town the text names.

    Local reporting names streets, buildings and hamlets of the town it is about,
    so the nearest named town is the likeliest region; the result says only that
    (geo_precision 3, low confidence).
    """
    if m.container is not None and mentions[m.container].pick is not None:
        return mentions[m.container].pick
    if main_town is not None:
        return main_town
    near = nearest.find(m)
    if near is not None:
        return near
    if countries:
        return countries.most_common(1)[0][0]
    if hint:
        return gaz.countries().get(hint)
    return None


def _place_quarters(text: str, mentions: list[_Mention]) -> None:
    """A quarter of a city is in that city: "the al-Zahraa neighbourhood of Homs" (or "... of the city",
    the city told before) read as a namesake town 150 km away is read as Homs. The gazetteer seldom
    holds a city's quarters, and a village of the same name elsewhere is a common wrong pin."""
    city: _Mention | None = None
    for m in mentions:
        holder: _Mention | None = None
        if m.quarter and m.container is not None:
            holder = mentions[m.container]
        elif _QUARTER_OF_THE_CITY.match(text, m.end):
            holder = city
        if holder is not None and holder.pick is not None and not holder.pick.is_country:
            c = holder.pick
            if m.pick is None or haversine_km(m.pick.lat, m.pick.lon, c.lat, c.lon) > QUARTER_KM:
                m.pick = c
        if m.pick is not None and m.pick.fclass == "P" and not m.quarter:
            city = m


def _link_containers(text: str, mentions: list[_Mention]) -> list[list[int]]:
    """'X, Y', 'X in Y', 'X (Y)': Y holds X when the words between say so; 'X, Y and Z' is a list.

    Returns the lists, each the positions of its names; each name of a list knows its list's number.
    """
    lists: list[list[int]] = []
    group: list[int] = []
    for k in range(len(mentions) - 1):
        a, b = mentions[k], mentions[k + 1]
        if b.start < a.end:
            continue
        gap = text[a.end : b.start]
        if _QUARTER_GAP.match(gap):
            a.container = k + 1
            b.contains.append(k)
            a.quarter = True
        elif _CONTAINER_GAP.match(gap):
            a.container = k + 1
            b.contains.append(k)
            a.held_in_words = gap.strip() not in (",", "(")
            if a.key == b.key and a.cands:
                # "Durango, Durango": a town and the division named after it
                a.kind_hint = a.kind_hint or "P"
                b.kind_hint = b.kind_hint or "A"
        if _LIST_GAP.match(gap):
            if not group or group[-1] != k:
                group = [k]
                lists.append(group)
                a.listed = len(lists) - 1
            group.append(k + 1)
            b.listed = len(lists) - 1
        else:
            group = []
    return lists


__all__ = ["Geoparser", "PlaceMatch", "default_gazetteer", "tokenize"]
