"""Actors: who a report names, as ACLED-style canonical names and actor classes.

The registry (`resources/actors.yaml`, extended by the user's own YAML) holds named
groups and units with their aliases, a country table from which every country's
state forces are composed ("Syrian army", "Turkey's military", "the armed forces of
Ukraine", "Sudanese police"), and descriptions without a name ("militants",
"villagers", "pro-government forces") whose country is the one the report is about.

Matching is on normalised tokens (case, accents, apostrophes, full stops and hyphens
ignored; acronyms match as written) through word tries, so thousands of aliases cost
one pass over the text. A patron named before an actor ("Turkish-backed", "Iran-backed",
"pro-government") is kept as the actor's affiliation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from fogwatch.errors import BadRegistry, require
from fogwatch.model import ActorRef
from fogwatch.nlp.geo_lexicon import CURRENCY_AFTER

if TYPE_CHECKING:
    from fogwatch.settings import Settings

DEFAULT_REGISTRY = Path(__file__).resolve().parent.parent / "resources" / "actors.yaml"
FORCE_KINDS = ("military", "police", "government")


# --- tokens ------------------------------------------------------------------------------

# A word, with inner full stops or apostrophes kept ("U.S.", "Hay'at"), or one other mark.
_TOKEN = re.compile(r"\w+(?:[.'’]\w+)+\.?|\w+|[^\w\s]")


class Token(NamedTuple):
    # A named tuple rather than a frozen dataclass: as immutable, and a third of the cost to make
    # (an article has a token per word, made once for every annotator).
    start: int
    end: int
    key: str  # lower case, no accents, apostrophes or full stops
    exact: str  # as written, without apostrophes or full stops: matches acronyms


_DROP_MARKS = str.maketrans("", "", ".'’")
# Hyphens and stray apostrophes: no tokens.
_SKIPPED = frozenset({"-", "–", "'", "’", "‘", "`"})


def _fold(s: str) -> str:
    if s.isascii():
        return s
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def tokenize(text: str) -> list[Token]:
    """Words and marks, with "'s" split off; hyphens and stray apostrophes are dropped."""
    out: list[Token] = []
    append = out.append
    for m in _TOKEN.finditer(text):
        raw = m.group()
        start = m.start()
        if raw in _SKIPPED:
            continue
        # a possessive ("Syria's", "SYRIA’S"): its "'s" is a token of its own
        if len(raw) > 2 and raw[-1] in "sS" and raw[-2] in "'’":
            stem = raw[:-2]
            exact = _fold(stem).translate(_DROP_MARKS)
            cut = start + len(stem)
            if exact:
                append(Token(start, cut, exact.lower(), exact))
            append(Token(cut, cut + 2, "'s", "'s"))
            continue
        exact = (raw if raw.isascii() else _fold(raw)).translate(_DROP_MARKS)
        if exact:
            append(Token(start, m.end(), exact.lower(), exact))
    return out


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and (len(letters) >= 2 or any(c.isdigit() for c in word))


def _pattern_keys(alias: str) -> list[str]:
    """The trie keys of an alias: lower-case words, acronyms and "="-marked aliases as written."""
    exact = alias.startswith("=")
    body = alias[1:] if exact else alias
    keys: list[str] = []
    for t in tokenize(body):
        if exact or _is_acronym(t.exact):
            keys.append("=" + t.exact)
        else:
            keys.append(t.key)
    return keys


class _Trie:
    """Word sequences to values; the longest match wins."""

    __slots__ = ("root",)

    def __init__(self) -> None:
        self.root: dict[str, Any] = {}

    def add(self, keys: list[str], value: Any) -> None:
        if not keys:
            return
        node = self.root
        for k in keys:
            node = node.setdefault(k, {})
        node.setdefault("", value)  # the first definition of a phrase wins

    def longest(self, tokens: list[Token], i: int) -> tuple[int, Any] | None:
        """(index after the match, value) of the longest phrase starting at token i."""
        node = self.root
        best: tuple[int, Any] | None = None
        j = i
        while j < len(tokens):
            t = tokens[j]
            nxt = node.get(t.key)
            if nxt is None:
                nxt = node.get("=" + t.exact)
            if nxt is None:
                break
            node = nxt
            j += 1
            if "" in node and not (j == i + 1 and _shouted_word(tokens, i)):
                best = (j, node[""])
        return best


# English words that a name in capitals can spell ("IS" for the Islamic State)
_CAPITAL_WORDS = frozenset({"is", "us", "it", "as", "at", "on", "in", "or", "an", "no", "so", "to", "we"})


def _shouted_word(tokens: list[Token], i: int) -> bool:
    """Whether token i is an English word in a run of capitals ("THE BOMB IS BIG"), not a name."""
    t = tokens[i]
    if t.exact.lower() not in _CAPITAL_WORDS or not t.exact.isupper():
        return False
    near = [tokens[k].exact for k in (i - 1, i + 1) if 0 <= k < len(tokens)]
    return any(w.isupper() and len(w) > 1 and w.isalpha() for w in near)


# --- the registry ------------------------------------------------------------------------


@dataclass(slots=True)
class Country:
    code: str
    name: str
    acled_name: str
    forms: list[str]  # name, demonym, other names: what may stand before "army"


@dataclass(slots=True)
class Entry:
    id: str
    name: str  # canonical; generic entries hold "{country}"
    inter: int
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    kind: str = "named"  # named, organisation, state, generic, context-state
    force: str | None = None  # military / police / government, for state forces
    affiliation: str | None = None
    # a description that names one group in each country ("Kurdish fighters": the YPG in Syria, the
    # PKK in Turkey): country code -> entry id; elsewhere the description stays generic
    by_country: dict[str, str] = field(default_factory=dict)


@dataclass
class Registry:
    """Everything the matcher needs, loaded from YAML and validated."""

    countries: dict[str, Country]
    periods: dict[str, list[date]]
    forces: dict[str, tuple[str, int, list[str]]]  # kind -> (name template, inter, words)
    entries: dict[str, Entry]
    sources: list[str] = field(default_factory=list)

    def state_name(self, code: str | None, force: str, when: date | None = None) -> str:
        template = self.forces[force][0]
        if code is None or code not in self.countries:
            return template.replace(" of {country}", "").replace("{country}", "").strip()
        name = template.replace("{country}", self.countries[code].acled_name)
        return name + self.period_suffix(code, when)

    def period_suffix(self, code: str, when: date | None) -> str:
        """ACLED's " (2000-)" for the government in power at `when` (none without a date).

        The name is the one in use at the time of the report: an event of 2020 gets
        "(2000-)", as ACLED named it then, not the "(2000-2024)" it was renamed to later,
        so that reports of one period group together whatever happened since.
        """
        starts = self.periods.get(code)
        if not starts or when is None:
            # Without a date no period is named: a default would put a 2013 report under a 2024 government.
            return ""
        if when < starts[0]:
            # before the first period the registry knows: naming the first would put a 2015 strike under
            # a government that came in 2017
            return ""
        i = len(starts) - 1
        while i > 0 and starts[i] > when:
            i -= 1
        return f" ({starts[i].year}-)"

    def dated(self, name: str, when: date | None) -> str:
        """A state's forces named for the period of `when` ("Military Forces of Syria (2000-)" for an
        event of 2016, whatever date the article's own mention was read against); other names as given."""
        base = _PERIOD.sub("", name)
        for code, starts in self.periods.items():
            country = self.countries.get(code)
            if not starts or country is None or not base.endswith(" of " + country.acled_name):
                continue
            if any(base == t.replace("{country}", country.acled_name) for t, _, _ in self.forces.values()):
                return base + self.period_suffix(code, when)
        return name

    def generic_name(self, entry: Entry, code: str | None) -> str:
        if code and code in self.countries:
            return entry.name.replace("{country}", self.countries[code].name)
        return entry.name.replace(" ({country})", "").replace("{country}", "").strip()


_PERIOD = re.compile(r" \(\d{4}-\)$")


def _read_yaml(source: str | Path) -> dict[str, Any]:
    yaml: Any = require("yaml", "nlp", "The actor registry")
    path = Path(source)
    if not path.exists():
        raise BadRegistry(str(path), "no such file (check FOGWATCH_ACTORS or the path given)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BadRegistry(str(path), f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise BadRegistry(str(path), "the top level must be a mapping (countries:, actors:, generic: ...)")
    return data


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> None:
    """Section by section, key by key: the extra file's entries replace or add to ours."""
    for section, value in extra.items():
        if isinstance(value, Mapping) and isinstance(base.get(section), dict):
            base[section].update(value)
        else:
            base[section] = value


def load_registry(extra: str | Path | Mapping[str, Any] | None = None, settings: Settings | None = None) -> Registry:
    """The default registry, merged with the `actors` setting's file (FOGWATCH_ACTORS) and then with
    `extra` (a path or a mapping)."""
    from fogwatch.settings import current

    data = _read_yaml(DEFAULT_REGISTRY)
    sources = [str(DEFAULT_REGISTRY)]
    for more in ((settings or current()).actors, extra):
        if more is None or more == "":
            continue
        if isinstance(more, Mapping):
            _merge(data, more)
            sources.append("(given mapping)")
        else:
            _merge(data, _read_yaml(more))
            sources.append(str(more))
    return _build(data, ", ".join(sources))


def _inter(value: Any, source: str, where: str) -> int:
    if not isinstance(value, int) or not 1 <= value <= 8:
        raise BadRegistry(source, f"{where}: inter must be an ACLED actor class 1-8, not {value!r}")
    return value


def _words(value: Any, source: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise BadRegistry(source, f"{where}: expected a list of phrases")
    return [w.strip() for w in value]


def _build(data: dict[str, Any], source: str) -> Registry:
    countries: dict[str, Country] = {}
    acled_names = data.get("acled_country_names") or {}
    for code, row in (data.get("countries") or {}).items():
        if not isinstance(row, list) or not row or not isinstance(row[0], str):
            raise BadRegistry(source, f"countries.{code}: expected [name, demonym, other names...]")
        forms = [f for f in row if isinstance(f, str) and f.strip()]
        countries[str(code)] = Country(str(code), row[0], str(acled_names.get(code, row[0])), forms)
    periods: dict[str, list[date]] = {}
    for code, starts in (data.get("periods") or {}).items():
        try:
            periods[str(code)] = sorted(date.fromisoformat(str(s)) for s in starts)
        except (TypeError, ValueError) as exc:
            raise BadRegistry(source, f"periods.{code}: expected a list of YYYY-MM-DD dates ({exc})") from exc
    forces: dict[str, tuple[str, int, list[str]]] = {}
    for kind, spec in (data.get("state_forces") or {}).items():
        if kind not in FORCE_KINDS or not isinstance(spec, dict):
            raise BadRegistry(source, f"state_forces.{kind}: kinds are {', '.join(FORCE_KINDS)}, each a mapping")
        where = f"state_forces.{kind}"
        forces[kind] = (
            str(spec.get("name", "")),
            _inter(spec.get("inter"), source, where),
            _words(spec.get("words"), source, where),
        )
    for kind in FORCE_KINDS:
        if kind not in forces:
            raise BadRegistry(source, f"state_forces.{kind} is missing")
    entries: dict[str, Entry] = {}
    for eid, spec in (data.get("actors") or {}).items():
        where = f"actors.{eid}"
        if not isinstance(spec, dict):
            raise BadRegistry(source, f"{where}: expected a mapping with name, inter, aliases")
        aliases = _words(spec.get("aliases"), source, where)
        if "state" in spec:
            code, _, force = str(spec["state"]).partition(".")
            if code not in countries or force not in FORCE_KINDS:
                raise BadRegistry(
                    source, f"{where}: state must be COUNTRY.military|police|government, not {spec['state']!r}"
                )
            entries[eid] = Entry(str(eid), "", forces[force][1], code, aliases, "state", force)
            continue
        name = spec.get("name")
        if not isinstance(name, str) or not name.strip():
            raise BadRegistry(source, f"{where}: a name is needed")
        country = spec.get("country")
        if country is not None and country not in countries:
            raise BadRegistry(source, f"{where}: unknown country code {country!r}")
        kind = str(spec.get("kind", "named"))
        entries[eid] = Entry(str(eid), name, _inter(spec.get("inter"), source, where), country, aliases, kind)
    for gid, spec in (data.get("generic") or {}).items():
        where = f"generic.{gid}"
        if not isinstance(spec, dict):
            raise BadRegistry(source, f"{where}: expected a mapping")
        words = _words(spec.get("words"), source, where)
        if "state" in spec:
            force = str(spec["state"])
            if force not in FORCE_KINDS:
                raise BadRegistry(source, f"{where}: state must be one of {', '.join(FORCE_KINDS)}")
            entries[f"generic.{gid}"] = Entry(
                f"generic.{gid}", "", forces[force][1], None, words, "context-state", force
            )
            continue
        name = spec.get("name")
        if not isinstance(name, str) or not name.strip():
            raise BadRegistry(source, f"{where}: a name is needed")
        by_country = spec.get("by_country") or {}
        if not isinstance(by_country, dict) or any(
            str(code) not in countries or not isinstance(eid, str) for code, eid in by_country.items()
        ):
            raise BadRegistry(source, f"{where}.by_country: expected a mapping of country code to actor id")
        entries[f"generic.{gid}"] = Entry(
            f"generic.{gid}",
            name,
            _inter(spec.get("inter"), source, where),
            None,
            words,
            "generic",
            affiliation=spec.get("affiliation"),
            by_country={str(k): str(v) for k, v in by_country.items()},
        )
    for e in entries.values():
        for code, eid in e.by_country.items():
            if eid not in entries or entries[eid].kind not in ("named", "state"):
                raise BadRegistry(source, f"{e.id}.by_country.{code}: {eid!r} is no named actor of the registry")
    return Registry(countries, periods, forces, entries, source.split(", "))


# --- matching ----------------------------------------------------------------------------


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(slots=True)
class ActorMatch:
    start: int
    end: int
    ref: ActorRef
    confidence: float
    kind: str  # named, organisation, state, generic, context-state


# Words that make the actor before them the patron of the one after ("Turkish-backed").
_PATRON_VERBS = _wordset(
    "backed supported sponsored allied aligned funded trained armed affiliated linked led controlled financed"
)
# Nouns that stay part of a named actor when they follow it ("HTS fighters").
_MEMBERS = _wordset(
    "fighters militants members forces troops units soldiers mercenaries gunmen militiamen commanders rebels "
    "insurgents operatives jihadists militia militias group groups movement brigade brigades battalion battalions "
    "division divisions personnel officers police servicemen contractors terrorists extremists"
)
# Labels a side puts on a named armed group ("the Daesh terrorist group", "Nusra jihadist fighters").
_LABELS = _wordset("terrorist terror jihadist militant extremist takfiri islamist insurgent armed")
_BODIES = _wordset("organization organisation organizations organisations network outfit cells cell")
# "government-held", "rebel-controlled": the words after a hyphen that make an actor's name describe
# the ground it holds.
_HOLDS = _wordset("held controlled run dominated occupied besieged administered")
_GROUND = _wordset(
    "area areas part parts district districts neighbourhood neighbourhoods neighborhood neighborhoods town towns "
    "village villages city cities side west east north south western eastern northern southern territory "
    "territories region regions zone zones enclave enclaves pocket pockets suburb suburbs countryside quarter "
    "quarters province provinces"
)


def _holds_ground(text: str, toks: list[Token], end_i: int) -> bool:
    """Whether the actor ending before token `end_i` is joined by a hyphen to a word of holding
    ("government-held") that is not itself followed by its members ("Turkish-controlled fighters")."""
    if end_i >= len(toks) or toks[end_i].key not in _HOLDS:
        return False
    gap = text[toks[end_i - 1].end : toks[end_i].start]
    if gap.strip() not in ("-", "‐", "‑", "–"):
        # the hyphen stripped, as in some scraped text: "the government held western Aleppo" (but
        # "the government held talks" is a verb): only before a word for ground
        return gap == " " and end_i + 1 < len(toks) and toks[end_i + 1].key in _GROUND
    return not (end_i + 1 < len(toks) and toks[end_i + 1].key in _MEMBERS)


# A side's word before "and" and another side's modified head: "between regime and rebel forces".
_SHARED_HEAD_BEFORE = re.compile(r"(?i)\b(?P<side>[\w-]+)\s+and\s+$")

_CONFIDENCE = {"named": 0.95, "organisation": 0.9, "state": 0.9, "generic": 0.6, "context-state": 0.7}


class ActorMatcher:
    """Finds registry actors in text. Build once (it compiles the tries); `find` is cheap."""

    def __init__(self, registry: Registry | None = None) -> None:
        self.registry = registry or load_registry()
        reg = self.registry
        self._named = _Trie()
        self._generic = _Trie()
        self._country = _Trie()
        self._force = _Trie()
        for eid, e in reg.entries.items():
            target = self._generic if e.kind in ("generic", "context-state") else self._named
            for alias in e.aliases:
                target.add(_pattern_keys(alias), eid)
        for code, c in reg.countries.items():
            for form in c.forms:
                self._country.add(_pattern_keys(form), code)
        for kind, (_, _, words) in reg.forces.items():
            for w in words:
                self._force.add(_pattern_keys(w), kind)
        # Tokens that can begin a match: any other token is passed over at once.
        self._firsts = frozenset().union(
            *(t.root.keys() for t in (self._named, self._generic, self._country, self._force))
        )

    def find(
        self,
        text: str,
        country: str | None = None,
        when: date | None = None,
        tokens: list[Token] | None = None,
    ) -> list[ActorMatch]:
        """Actors in `text`. `country`: what the report is about (for "the army", "villagers");
        `when`: the report's date (for the period in state forces' names)."""
        toks = tokens if tokens is not None else tokenize(text)
        out: list[ActorMatch] = []
        i = 0
        n = len(toks)
        firsts = self._firsts
        while i < n:
            t = toks[i]
            if t.key not in firsts and "=" + t.exact not in firsts:
                i += 1
                continue
            found = self._at(toks, i, country, when)
            if found is None:
                i += 1
                continue
            end_i, match = found
            if _holds_ground(text, toks, end_i):
                # "the government-held west", "rebel-held areas": who holds a place, not a party to
                # what happens there
                i = end_i + 1
                continue
            end_i = self._absorb_members(toks, end_i, match)
            match.end = toks[end_i - 1].end
            self._affiliation(text, toks, i, match)
            if match.kind == "context-state" and i > 0 and toks[i - 1].key in ("its", "their"):
                self._possessor(text, out, match, when)
            out.append(match)
            i = end_i
        if out and " and " in text:
            out = self._shared_heads(text, out, country, when)
        return out

    def _shared_heads(
        self, text: str, found: list[ActorMatch], country: str | None, when: date | None
    ) -> list[ActorMatch]:
        """Two sides that share one head noun: "clashes between regime and rebel forces" names the
        regime's forces too, "pro-regime and opposition forces" the pro-regime ones."""
        out = list(found)
        for m in found:
            words = text[m.start : m.end].split()
            if len(words) != 2:
                continue
            before = _SHARED_HEAD_BEFORE.search(text, max(0, m.start - 30), m.start)
            if before is None or any(o.start <= before.start("side") < o.end for o in found):
                continue
            side = before.group("side")
            probe = f"{side} {words[1]}"
            for p in self.find(probe, country, when):
                if p.start == 0 and p.end == len(probe) and p.ref.name != m.ref.name:
                    start = before.start("side")
                    out.append(ActorMatch(start, start + len(side), p.ref, p.confidence, p.kind))
        return sorted(out, key=lambda a: a.start)

    def _possessor(self, text: str, before: list[ActorMatch], match: ActorMatch, when: date | None) -> None:
        """ "The Turkish military said four of its soldiers were killed": the state named just before, in
        the same sentence, owns the forces "its" or "their" points to."""
        for prev in reversed(before[-4:]):
            if match.start - prev.end > 160 or re.search(r"[.!?]\s", text[prev.end : match.start]):
                return
            code = prev.ref.country
            if prev.kind == "state" and code and code != match.ref.country:
                entry = self.registry.entries.get(match.ref.registry_id or "")
                force = (entry.force if entry is not None else None) or "military"
                reg = self.registry
                match.ref = ActorRef(reg.state_name(code, force, when), reg.forces[force][1], code, f"{code}.{force}")
                return

    def _at(self, toks: list[Token], i: int, country: str | None, when: date | None) -> tuple[int, ActorMatch] | None:
        reg = self.registry
        best: tuple[int, int, ActorMatch] | None = None  # (end, rank, match): longest, then rank

        def offer(end: int, rank: int, match: ActorMatch) -> None:
            nonlocal best
            if best is None or (end, rank) > (best[0], best[1]):
                best = (end, rank, match)

        start = toks[i].start
        hit = self._named.longest(toks, i)
        if hit:
            e = reg.entries[hit[1]]
            offer(hit[0], 3, self._entry_match(e, start, toks[hit[0] - 1].end, country, when, toks[i : hit[0]]))
        hit = self._country.longest(toks, i)
        if hit:
            code = hit[1]
            j = hit[0]
            if j < len(toks) and toks[j].key == "'s":
                j += 1
            force = self._force.longest(toks, j)
            if force:
                ref = ActorRef(
                    reg.state_name(code, force[1], when), reg.forces[force[1]][1], code, f"{code}.{force[1]}"
                )
                offer(force[0], 2, ActorMatch(start, toks[force[0] - 1].end, ref, _CONFIDENCE["state"], "state"))
            gen = self._generic.longest(toks, j)
            if gen and j == hit[0]:
                e = reg.entries[gen[1]]
                m = self._entry_match(e, start, toks[gen[0] - 1].end, code, when, toks[j : gen[0]])
                m.confidence = 0.8
                offer(gen[0], 1, m)
        force = self._force.longest(toks, i)
        if force:
            where = self._of_country(toks, force[0])
            if where:
                code, end_i = where
                ref = ActorRef(
                    reg.state_name(code, force[1], when), reg.forces[force[1]][1], code, f"{code}.{force[1]}"
                )
                offer(end_i, 2, ActorMatch(start, toks[end_i - 1].end, ref, _CONFIDENCE["state"], "state"))
        gen = self._generic.longest(toks, i)
        if gen:
            e = reg.entries[gen[1]]
            offer(gen[0], 0, self._entry_match(e, start, toks[gen[0] - 1].end, country, when, toks[i : gen[0]]))
            of = self._of_country(toks, gen[0]) if e.kind == "context-state" else None
            if of:  # "the armed forces of Ukraine"
                code, end_i = of
                fk = e.force or "military"
                ref = ActorRef(reg.state_name(code, fk, when), reg.forces[fk][1], code, f"{code}.{fk}")
                offer(end_i, 2, ActorMatch(start, toks[end_i - 1].end, ref, _CONFIDENCE["state"], "state"))
        if best is None:
            return None
        return best[0], best[2]

    def _of_country(self, toks: list[Token], j: int) -> tuple[str, int] | None:
        """ "of [the] <country>" at token j: (country code, index after it)."""
        if j + 1 < len(toks) and toks[j].key == "of":
            k = j + 1
            if toks[k].key == "the" and k + 1 < len(toks):
                k += 1
            where = self._country.longest(toks, k)
            if where:
                return where[1], where[0]
        return None

    def _entry_match(
        self, e: Entry, start: int, end: int, country: str | None, when: date | None, words: list[Token]
    ) -> ActorMatch:
        reg = self.registry
        conf = _CONFIDENCE.get(e.kind, 0.8)
        if e.kind == "state":
            ref = ActorRef(reg.state_name(e.country, e.force or "military", when), e.inter, e.country, e.id)
        elif e.kind == "context-state":
            ref = ActorRef(reg.state_name(country, e.force or "military", when), e.inter, country, e.id)
            if len(words) == 1:
                conf = 0.6  # "troops", "soldiers", "army": whose, the text may say elsewhere
        elif e.kind == "generic" and country in e.by_country:
            named = reg.entries[e.by_country[country]]
            if named.kind == "state":
                ref = ActorRef(
                    reg.state_name(named.country, named.force or "military", when), named.inter, named.country, named.id
                )
            else:
                ref = ActorRef(named.name, named.inter, named.country, named.id)
            conf = 0.8
        elif e.kind == "generic":
            ref = ActorRef(reg.generic_name(e, country), e.inter, country, e.id, e.affiliation)
        else:
            ref = ActorRef(e.name, e.inter, e.country, e.id)
            if len(words) == 1 and _is_acronym(words[0].exact):
                conf = 0.85  # an acronym alone may stand for something else
        return ActorMatch(start, end, ref, conf, e.kind)

    def _absorb_members(self, toks: list[Token], end_i: int, match: ActorMatch) -> int:
        if match.kind not in ("named", "state", "organisation"):
            return end_i
        if (
            end_i < len(toks)
            and toks[end_i].key in _LABELS
            and toks[end_i].start - toks[end_i - 1].end <= 2
            and match.ref.inter in (2, 3)
        ):
            # "the Daesh terrorist group", "an ISIS terrorist attack", "Nusra jihadist fighters": a label
            # for the group named just before, not a second, unnamed group
            end_i += 1
            if end_i < len(toks) and (toks[end_i].key in _MEMBERS or toks[end_i].key in _BODIES):
                return end_i + 1
            return end_i
        if end_i < len(toks) and toks[end_i].key in _MEMBERS and toks[end_i].start - toks[end_i - 1].end <= 2:
            return end_i + 1
        return end_i

    def _affiliation(self, text: str, toks: list[Token], i: int, match: ActorMatch) -> None:
        """ "Turkish-backed militants", "Iran-backed Houthis", "pro-Turkish factions": the patron joins the actor."""
        if i >= 2 and toks[i - 1].key in _PATRON_VERBS:
            j = i - 2
            patron_start: int | None = None
            hit = None
            # the patron may be one or more words: find the longest country/actor/state word ending at j
            for k in range(max(0, j - 3), j + 1):
                for trie in (self._country, self._named):
                    h = trie.longest(toks, k)
                    if h and h[0] == j + 1:
                        hit = h
                        patron_start = toks[k].start
                        break
                if hit:
                    break
            if hit is None and toks[j].key in ("government", "regime", "state", "western", "foreign", "us"):
                patron_start = toks[j].start
            if patron_start is not None and toks[i].start - toks[i - 1].end <= 2:
                match.ref.affiliation = text[patron_start : toks[i - 1].end]
                match.start = patron_start
                return
        if i >= 2 and toks[i - 2].key == "pro" and toks[i - 1].start - toks[i - 2].end <= 1:
            match.ref.affiliation = text[toks[i - 2].start : toks[i - 1].end]
            match.start = toks[i - 2].start
            return
        if match.ref.affiliation is None:
            m = re.match(
                r"(pro-?\s?\w+|\w+-(?:backed|supported|allied|aligned|sponsored))\b",
                text[match.start : match.end],
                re.I,
            )
            if m:
                match.ref.affiliation = m.group(1)

    def countries_in(self, text: str, tokens: list[Token] | None = None) -> Iterator[str]:
        """Country codes of country names and demonyms in the text, in order (for a report's focus)."""
        for _, _, code in self.country_mentions(text, tokens):
            yield code

    def country_mentions(self, text: str, tokens: list[Token] | None = None) -> Iterator[tuple[int, int, str]]:
        """(start, end, country code) of the country names and demonyms in the text, in order."""
        toks = tokens if tokens is not None else tokenize(text)
        i = 0
        while i < len(toks):
            hit = self._country.longest(toks, i)
            if hit:
                if not CURRENCY_AFTER.match(text, toks[hit[0] - 1].end):  # "the US dollar" is no focus
                    yield toks[i].start, toks[hit[0] - 1].end, hit[1]
                i = hit[0]
            else:
                i += 1
