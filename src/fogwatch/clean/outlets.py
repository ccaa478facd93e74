"""Who published a text and whose copy it carries: the outlet from the text's own furniture.

A text dump rarely says in a field who published it, but its furniture does: a copyright line
("Copyright 2018 TRT World"), a credit ("--Reuters", "(With AFP and Reuters)", "(Source: Syrian
Coalition)", "Source AA"), a dateline credit ("BEIRUT (AP) --", "MOSCOW (Sputnik)", "Aleppo
SANA-"), a site footer ("Comment via Sputnik News"), short-link residue ("httpsabahdai.ly/...")
or the outlet naming itself as the one a source spoke to ("told Al Arabiya English").

Two things are kept apart: the **site** that published the page and the **wire** agencies whose
copy it carries. An agency named in a credit is the wire; a site named in one is the site. An
outlet quoted inside the story ("state news agency SANA reported", "told AFP") is neither: wire
copy says "told AFP" wherever it is reprinted, so "told <outlet>" names the publisher only for
outlets that are not agencies, and only where the text never speaks of that outlet as a third
party ("the Lebanese Al-Manar TV channel reported").

Names are canonicalised through the registry (`resources/outlets.csv`); a credit naming an outlet
the registry does not know ("Copyright 2017 Levant Monitor") keeps the name as written.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from fogwatch.lang import english

_EN = english().area("outlets")

REGISTRY = Path(__file__).resolve().parent.parent / "resources" / "outlets.csv"
HEAD = 320  # characters of a text's start where its header furniture sits
TAIL = 700  # characters of its end where credits and footers sit


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    kind: str  # "agency" or "site"
    aliases: tuple[str, ...]
    domains: tuple[str, ...]


@dataclass(slots=True)
class Credit:
    name: str
    start: int
    end: int
    evidence: str  # "copyright", "source-line", "credit", "dateline-credit", "footer", "url", "self-reference", ...


@dataclass(slots=True)
class Outlets:
    site: Credit | None = None
    wires: list[Credit] = field(default_factory=list)

    @property
    def wire_names(self) -> list[str]:
        return [w.name for w in self.wires]


class Registry:
    def __init__(self, outlets: list[Outlet]) -> None:
        self.outlets = outlets
        self.by_alias: dict[str, Outlet] = {}
        self.by_domain: dict[str, Outlet] = {}
        self.by_folded: dict[str, Outlet] = {}
        for o in outlets:
            for a in (o.name, *o.aliases):
                self.by_alias.setdefault(a, o)
                self.by_folded.setdefault(_fold(a), o)
            for d in o.domains:
                self.by_domain[d.lower()] = o
        aliases = sorted(self.by_alias, key=len, reverse=True)
        self.name_re = "(?:" + "|".join(re.escape(a) for a in aliases) + ")"
        domains = "|".join(re.escape(d) for d in sorted(self.by_domain, key=len, reverse=True))
        # after "http"/"www." a domain may run into its path ("httpsabahdai.ly912r3U": a short link stripped of "/")
        self.domain_re = re.compile(rf"(?:(?:https?:?/*|www\.)({domains})|(?<![\w.-])({domains})(?![\w-]))", re.I)

    def lookup(self, name: str) -> Outlet | None:
        name = name.strip()
        return self.by_alias.get(name) or self.by_folded.get(_fold(name))

    def canonical(self, name: str) -> str:
        o = self.lookup(name)
        return o.name if o else name.strip()

    def kind(self, name: str) -> str | None:
        o = self.lookup(name)
        return o.kind if o else None

    def of_host(self, host: str) -> Outlet | None:
        host = host.lower().removeprefix("www.")
        while host:
            if host in self.by_domain:
                return self.by_domain[host]
            if "." not in host:
                return None
            host = host.split(".", 1)[1]
        return None


def _fold(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.lower()).removeprefix("the")


@lru_cache(maxsize=1)
def registry() -> Registry:
    rows = [ln for ln in REGISTRY.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    outlets = []
    for r in csv.DictReader(rows):
        outlets.append(
            Outlet(
                name=r["name"].strip(),
                kind=r["kind"].strip(),
                aliases=tuple(a.strip() for a in r["aliases"].split("|") if a.strip()),
                domains=tuple(d.strip() for d in r["domains"].split("|") if d.strip()),
            )
        )
    return Registry(outlets)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    reg = registry()
    name = rf"(?<![\w-])(?P<name>{reg.name_re})(?![\w-])"
    # a name the registry may not know: a run of capitalised words ("Levant Monitor", "The Daily Star")
    free = _EN.pattern("free_name")
    social = r"(?:Facebook|Twitter|Instagram|YouTube|Youtube|Telegram|WhatsApp|VK|Google|Disqus|LinkedIn|Reddit)"
    name2 = name.replace("(?P<name>", "(?P<name2>")
    name3 = name.replace("(?P<name>", "(?P<name3>")
    return {
        "copyright": _EN.regex("credit_copyright", name=name, free=free),
        "with": _EN.regex("credit_with"),
        "and-agencies": _EN.regex("credit_and_agencies", site=free.replace("free", "site")),
        "source": _EN.regex("credit_source"),
        "end-dash": re.compile(r"(?:^|[\s.\"”])[-–—]{1,2}\s?" + name.replace(r"(?<![\w-])", "") + r"\.?\s*$"),
        "dash-credit": re.compile(name.replace(r"(?![\w-])", r"(?!\w)") + r"\s?[-–—]{1,2}\s?(?=[A-Z\"“])"),
        "paren-credit": re.compile(
            r"(?P<city>\b[A-Z][A-Z'.-]{2,}(?:\s+[A-Z][A-Z'.-]{2,})?(?:,?\s+[A-Z][a-z]+)?(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?,?\s*)?"
            r"\(\s*" + name + r"(?:\s+[A-Z][\w.-]*){0,3}\s*\)\s*(?P<dash>[-–—:]{1,2})?"
        ),
        "staff": _EN.regex("credit_staff", name=name),
        # a lookahead, so that glued widget text ("Comment via FacebookComment via Sputnik News") yields every credit
        "footer": _EN.regex("credit_footer", name=name, free=free, social=social),
        "credit-line": _EN.regex("credit_line"),
        "self": _EN.regex("credit_self", name=name, name2=name2),
        "third": _EN.regex("credit_third", name=name, name2=name2, name3=name3),
        "final": _EN.regex("credit_final", name=name),
        "header-token": re.compile(r"(?<=[\w\"”')]\s)" + name + r"(?=\s+(?:[A-Z0-9\"“]))"),
    }


# The patterns above that cannot match without a name from the registry; a text naming none of its
# outlets (checked with one scan) is not searched with them: they would find nothing, slowly.
_NEEDS_NAME = ("end-dash", "dash-credit", "paren-credit", "staff", "self", "third", "final", "header-token")
_NEVER = re.compile(r"(?!)")


@lru_cache(maxsize=1)
def _without_names() -> tuple[re.Pattern[str], dict[str, re.Pattern[str]]]:
    """A search for any registry name, and the patterns with those needing one replaced by one that never matches."""
    patterns = dict(_patterns())
    for key in _NEEDS_NAME:
        patterns[key] = _NEVER
    return re.compile(registry().name_re), patterns


_NOT_CREDIT_BEFORE = _EN.regex("not_credit_before")
_NOT_CREDIT_AFTER = _EN.regex("not_credit_after")
_PERSON_AFTER = _EN.regex("person_after")
# furniture that ends a dump after its last sentence: editors' initials, codes, widget words
_END_CODES = _EN.regex("end_codes")

# What follows an outlet's name in a credit without being part of it.
_MEDIA_OFFICE = _EN.regex("media_office")
_COMPANY_TAIL = _EN.regex("company_tail")


def _outlet_name(raw: str) -> str | None:
    """A credit's name as an outlet: the registry's canonical name, else the name cleaned of trailing furniture."""
    reg = registry()
    name = re.split(r"[.,;:|]\s|\s[-–—|]\s", raw.strip())[0]  # "Levant Monitor. All rights reserved"
    name = name.strip(" .,:;()-–—'\"")
    name = _MEDIA_OFFICE.sub("", name)
    name = _COMPANY_TAIL.sub("", name).strip(" .,")
    if not name:
        return None
    o = reg.lookup(name)
    if o is not None:
        return o.name
    # "Syrian Coalitions" (an apostrophe stripped): the registry's name with an s
    if name.endswith("s") and (o := reg.lookup(name[:-1])) is not None:
        return o.name
    words = name.split()
    if not 1 <= len(words) <= 6 or not name[0].isupper() or name.lower() in _NOT_OUTLETS:
        return None
    return name


_NOT_OUTLETS = _EN.wordset("not_outlets")


def find_outlets(text: str) -> Outlets:
    """The site and wire credits a text's furniture names, each with the span that names it."""
    any_name, unnamed = _without_names()
    return _find_outlets(text, _patterns() if any_name.search(text) is not None else unnamed)


def _find_outlets(text: str, p: dict[str, re.Pattern[str]]) -> Outlets:
    reg = registry()
    out = Outlets()
    sites: list[Credit] = []
    wires: list[Credit] = []
    n = len(text)
    tail_start = max(0, n - TAIL)

    def credit(name_raw: str, start: int, end: int, evidence: str, as_kind: str | None = None) -> None:
        name = _outlet_name(name_raw)
        if name is None:
            return
        kind = as_kind or reg.kind(name) or "site"
        (wires if kind == "agency" else sites).append(Credit(name, start, end, evidence))

    for m in p["copyright"].finditer(text):
        raw = m.group("name") or m.group("free") or ""
        name = _outlet_name(raw)
        if name:
            sites.append(Credit(name, m.start(), m.end(), "copyright"))
    for m in p["and-agencies"].finditer(text):
        credit(m.group("site"), m.start(), m.end(), "source-line", as_kind="site")
    for m in p["with"].finditer(text):
        for part in re.split(r"\s*(?:,|\band\b|&|\+)\s*", m.group("list")):
            if reg.lookup(part):
                credit(part, m.start(), m.end(), "credit", as_kind="agency")
    for m in p["source"].finditer(text):
        if m.start() < tail_start and not text[m.end() :].lstrip().startswith(("Related", ")")):
            continue
        parts = [x for x in re.split(r"\s*(?:\+|&|/|\band\b)\s*", m.group("list")) if x]
        if len(parts) > 1 and parts[-1].lower() in ("agencies", "agency", "wires"):
            credit(parts[0], m.start(), m.end(), "source-line", as_kind="site")
            continue
        for part in parts:
            if part.lower().startswith("www.") or "." in part.strip("."):
                continue
            credit(part, m.start(), m.end(), "source-line")
    for m in p["end-dash"].finditer(text[tail_start:]):
        credit(m.group("name"), tail_start + m.start("name") - 2, tail_start + m.end(), "credit")
    for m in p["dash-credit"].finditer(text[:HEAD]):
        before = text[: m.start()]
        if _NOT_CREDIT_BEFORE.search(before[-12:]):
            continue
        credit(m.group("name"), m.start(), m.end(), "dateline-credit")
    for m in p["paren-credit"].finditer(text):
        if not (m.group("city") and re.search(r"[A-Z]{3}", m.group("city"))) and not m.group("dash"):
            continue  # "(Reuters)" under a photo caption is a photo credit, not a dateline
        credit(m.group("name"), m.start(), m.end(), "dateline-credit")
    for m in p["staff"].finditer(text[:HEAD]):
        credit(m.group("name"), m.start(), m.end(), "byline")
    for m in p["header-token"].finditer(text[:HEAD]):
        name = m.group("name")
        if reg.kind(name) != "agency" or len(name) < 2:
            continue
        if _NOT_CREDIT_BEFORE.search(text[max(0, m.start() - 14) : m.start()]) or _NOT_CREDIT_AFTER.match(
            text[m.end() : m.end() + 16]
        ):
            continue
        if _PERSON_AFTER.match(text, m.end()):
            continue  # "REUTERS Rodi Said Middle East": a photo credit, the agency and its photographer
        wires.append(Credit(reg.canonical(name), m.start(), m.end(), "header-credit"))
    for m in p["footer"].finditer(text[tail_start:]):
        raw = m.group("name") or m.group("free") or ""
        end = tail_start + m.end("all")
        if reg.lookup(raw) is None and not text[end:].lstrip().startswith(
            ("on ", "iOS", "Android", "Careers", "Watch", "Press")
        ):
            continue  # a name the registry does not know counts only in a run of site furniture
        credit(raw, tail_start + m.start(), end, "footer", as_kind="site")
    if (cl := p["credit-line"].search(text, tail_start)) is not None:
        # "Reporting by ...; Editing by ..." credits the agency its furniture names after it ("Thomson Reuters")
        for m in re.finditer(rf"(?<![\w-])({reg.name_re})(?![\w-])", text[cl.start() :]):
            o = reg.lookup(m.group(1))
            if o is not None and o.kind == "agency":
                wires.append(Credit(o.name, cl.start(), cl.start() + m.end(), "credit-line"))
                break
    body_end = n
    if (codes := _END_CODES.search(text)) is not None:
        body_end = codes.start()
    fm = p["final"].search(text[:body_end].rstrip())
    if fm is not None and not any(w.evidence == "credit-line" for w in wires):
        credit(fm.group("name"), fm.start("name"), fm.end(), "final-attribution", as_kind="agency")
    for m in reg.domain_re.finditer(text):
        if HEAD < m.start() < tail_start:
            continue
        o = reg.by_domain[(m.group(1) or m.group(2)).lower()]
        (wires if o.kind == "agency" else sites).append(Credit(o.name, m.start(), m.end(), "url"))
    # "told Al Arabiya English": an outlet that is not an agency, named as the one a source spoke to
    third = set()
    for m in p["third"].finditer(text):
        nm = m.group("name") or m.group("name2") or m.group("name3")
        if nm:
            third.add(reg.canonical(nm))
    for m in p["self"].finditer(text):
        nm = m.group("name") or m.group("name2")
        o = reg.lookup(nm) if nm else None
        if o is None or o.kind == "agency" or o.name in third:
            continue
        sites.append(Credit(o.name, m.start(), m.end(), "self-reference"))

    order = ["copyright", "source-line", "footer", "url", "dateline-credit", "byline", "credit", "self-reference"]
    if sites:
        out.site = min(sites, key=lambda c: (order.index(c.evidence) if c.evidence in order else 99, c.start))
    seen: set[str] = set()
    weak = ("final-attribution",)  # the last sentence's "...; Press TV reported" credits less surely than a credit
    for w in sorted(wires, key=lambda c: (c.evidence in weak, c.start)):
        if w.name not in seen and (out.site is None or w.name != out.site.name or w.evidence != "self-reference"):
            seen.add(w.name)
            out.wires.append(w)
    return out


def canonical_site(site: str) -> str:
    """A site as the registry names it: a host the registry knows ("www.dailysabah.com") or an alias
    ("Al-Arabiya") becomes its canonical name; anything else is kept as it is."""
    reg = registry()
    s = site.strip()
    if re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", s) and (o := reg.of_host(s)) is not None:
        return o.name
    o = reg.lookup(s)
    return o.name if o is not None else s
