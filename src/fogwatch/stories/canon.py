"""Which member of a story is the original, and what the story says about its copies.

Pure functions over what the store knows of each member: site, dates, the
outlet a copy names as its source, and a hash of its content (the last tie-break, so the
same articles make the same choice in any run, order or folder).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

INFERRED = "story"  # published_evidence of a date a copy took from its story
_NOT_ALNUM = re.compile(r"[\W_]+")
_HOST_SUFFIX = re.compile(r"\.[a-z]{2,24}$")


@dataclass(slots=True)
class MemberInfo:
    article_id: str
    site: str | None
    published: date | None
    published_evidence: str | None
    original_source: str | None
    content_hash: str

    @property
    def own_date(self) -> date | None:
        """The date the article itself gives; one inferred from its story does not count."""
        return None if self.published_evidence == INFERRED else self.published


def outlet_key(name: str | None) -> str:
    """A site or outlet name reduced so "Frontline Dispatch" and "frontlinedispatch.com" compare equal."""
    if not name:
        return ""
    s = name.strip().casefold().removeprefix("www.")
    if "." in s and " " not in s:
        s = _HOST_SUFFIX.sub("", s)
    return _NOT_ALNUM.sub("", s)


def same_outlet(a: str | None, b: str | None) -> bool:
    """Do two names denote one outlet? One may run on ("X and is republished under...", "X Gaza").

    Credit lines are rarely just the outlet's name, and a site name taken from a
    byline may carry a desk; a prefix of at least four characters is taken as the
    same outlet.
    """
    ka, kb = outlet_key(a), outlet_key(b)
    if not ka or not kb:
        return False
    short, long = sorted((ka, kb), key=len)
    return long.startswith(short) and (len(short) >= 4 or short == long)


Closeness = Callable[[list[MemberInfo]], dict[str, float]]


def _earliest(members: list[MemberInfo], closeness: Closeness | None) -> MemberInfo:
    """The first published; on the same day, one that credits no source, then the one closest to the whole
    story; then by content (a stable order: which run or folder stored it first does not matter)."""
    dated = [m for m in members if m.own_date is not None]
    tied = members
    if dated:
        first = min(m.own_date for m in dated if m.own_date is not None)
        tied = [m for m in dated if m.own_date == first]
    tied = [m for m in tied if not outlet_key(m.original_source)] or tied
    if len(tied) > 1 and closeness is not None:
        score = closeness(tied)
        top = max(score.get(m.article_id, 0.0) for m in tied)
        tied = [m for m in tied if score.get(m.article_id, 0.0) >= top - 1e-9]
    return min(tied, key=lambda m: (m.content_hash, m.article_id))


def choose_canonical(members: list[MemberInfo], closeness: Closeness | None = None) -> MemberInfo:
    """The original: a member on the outlet that copies name as their source, else the earliest published,
    else the first by content.

    When copies credit each other in a chain (C credits B, B credits A) the member
    that credits no other member's outlet is the original. Copies are often dated
    the same day as their original; `closeness` (each member's summed similarity to
    the story) then prefers the member all the others were copied from: every copy
    departs from the original in its own way, so the original is the one closest
    to all of them.
    """
    if not members:
        raise ValueError("a story has at least one member")
    named = [m.original_source for m in members if outlet_key(m.original_source)]
    on_named = [m for m in members if m.site and any(same_outlet(m.site, n) for n in named)]

    def credits_another(m: MemberInfo) -> bool:
        src = m.original_source
        return bool(outlet_key(src)) and not same_outlet(src, m.site) and any(same_outlet(src, o.site) for o in members)

    roots = [m for m in on_named if not credits_another(m)]
    return _earliest(roots or on_named or members, closeness)


def original_outlet(canonical: MemberInfo) -> str | None:
    """The outlet a story comes from: the one its original credits, else the original's own site."""
    return canonical.original_source or canonical.site


def first_published(members: list[MemberInfo]) -> date | None:
    dates = [d for m in members if (d := m.own_date) is not None]
    return min(dates, default=None)


def story_date(members: list[MemberInfo], canonical: MemberInfo) -> date | None:
    """The date an undated copy takes: the original's own date, else the story's earliest."""
    return canonical.own_date or first_published(members)


def sites(members: list[MemberInfo], canonical: MemberInfo) -> list[str]:
    """Distinct sites, the original's first."""
    rest = sorted({m.site for m in members if m.site and m.site != canonical.site})
    return ([canonical.site] if canonical.site else []) + rest


def independent_outlets(outlets: list[str | None]) -> int:
    """How many distinct outlets stand behind a set of stories (each story given by its original outlet).

    A story whose outlet is unknown still counts once: something published it.
    """
    known = {k for o in outlets if (k := outlet_key(o))}
    unknown = sum(1 for o in outlets if not outlet_key(o))
    return len(known) + unknown
