"""Learned per-site boilerplate: lines that recur across many documents of one site.

As CCNet does for web shards, each line is reduced to a hash of its
normalised form (case folded, digits and whitespace collapsed). For every
site (or, for documents with no known site, the folder or host they came
from) we count in how many documents each line occurs. A line found in
enough of a site's documents is that site's template, not its reporting,
whoever wrote a rule for it or not.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from urllib.parse import urlparse

from fogwatch.clean.text import ZONE, split_lines, zone_spans
from fogwatch.model import Article, Span, merge_spans

LABEL = "site-boilerplate"
LEARNED = "learned"
WEAK_SITE = "copyright-or-byline"  # meta["site_evidence"] of a site inferred from a byline or copyright line  # attrs["by"] of spans from learned per-site lines
_DIGITS = re.compile(r"\d+")
_NONWORD = re.compile(r"[\W_]+", re.UNICODE)
_KEEP_DIGITS_WORDS = 12


def line_key(text: str) -> str | None:
    """The hash of a line's normalised form, or None for lines too short to judge.

    Digits are folded only in short lines ("Raised: $13,120", "© 2021"): in a
    sentence of reporting the figures are the news, and a daily casualty update
    that repeats its wording with new numbers must not look like a template.
    """
    low = text.lower()
    if len(low.split()) < _KEEP_DIGITS_WORDS:
        low = _DIGITS.sub("0", low)
    norm = _NONWORD.sub(" ", low).strip()
    if len(norm) < 4:
        return None
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


def doc_keys(raw: str) -> set[str]:
    return {k for ln in split_lines(raw) if (k := line_key(ln.text)) is not None}


def groups_of(art: Article) -> list[str]:
    """Every grouping of documents that may share a template: the site, the URL host, the folder.

    Lines are counted under each, and learned when they recur in any: the site
    name may be found in some of a template's documents and not in others, and
    an analyst's folder may hold one outlet or many.
    """
    groups = []
    if art.site and art.meta.get("site_evidence") != WEAK_SITE:
        # A site guessed from a byline or copyright line ("By Reuters staff") is shared by every
        # outlet that reprints that wire: grouped on it, a syndicated body would look like a template.
        groups.append("site:" + art.site.strip().lower())
    url = art.meta.get("url")
    if url and (host := urlparse(url).hostname):
        groups.append("host:" + host.removeprefix("www."))
    src = art.source.split("#", 1)[0]
    if "://" not in src:
        groups.append("dir:" + str(PurePath(src).parent))
    return groups


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When a recurring line counts as a site's boilerplate.

    A line must occur in at least `min_docs` documents and in `min_share` of
    the site's documents. Long prose lines (a stock background paragraph a
    site repeats) are reporting as often as not, so they need more.
    """

    min_docs: int = 3
    min_share: float = 0.4
    prose_min_docs: int = 4
    prose_min_share: float = 0.6
    prose_words: int = 15

    def passes(self, docs: int, total: int, prose: bool) -> bool:
        """Does a line found in `docs` of a group's `total` documents count as its boilerplate?"""
        if total <= 0:
            return False
        if prose:
            return docs >= self.prose_min_docs and docs / total >= self.prose_min_share
        return docs >= self.min_docs and docs / total >= self.min_share

    def __post_init__(self) -> None:
        if self.min_docs < 2 or self.prose_min_docs < self.min_docs:
            raise ValueError("min_docs must be at least 2, and prose_min_docs at least min_docs")
        if not (0 < self.min_share <= 1 and 0 < self.prose_min_share <= 1):
            raise ValueError("shares must be in (0, 1]")


@dataclass
class SiteLines:
    """Document frequencies of line keys, per group. Build with `add`, ask with `boilerplate`."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    docs: dict[str, int] = field(default_factory=dict)
    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, group: str, keys: Iterable[str]) -> None:
        self.docs[group] = self.docs.get(group, 0) + 1
        self.counts.setdefault(group, Counter()).update(set(keys))

    def boilerplate(self, group: str, prose: set[str] | frozenset[str] = frozenset()) -> set[str]:
        n = self.docs.get(group, 0)
        t = self.thresholds
        return {key for key, c in self.counts.get(group, Counter()).items() if t.passes(c, n, key in prose)}


def prose_keys(raw: str, thresholds: Thresholds) -> set[str]:
    return {
        k
        for ln in split_lines(raw)
        if len(ln.text.split()) >= thresholds.prose_words and (k := line_key(ln.text)) is not None
    }


def learned_spans(raw: str, removed: list[Span], keys: set[str]) -> list[Span]:
    """Spans over lines of `raw` whose key is learned boilerplate and that no other rule removed."""
    if not keys:
        return []
    taken = merge_spans(removed)
    out: list[Span] = []
    lines = split_lines(raw)
    for i, ln in enumerate(lines):
        k = line_key(ln.text)
        if k is None or k not in keys:
            continue
        if any(a <= ln.start and ln.end <= b for a, b in taken):
            continue
        end = ln.end + (1 if i + 1 < len(lines) else 0)
        if out and out[-1].end == ln.start:
            out[-1] = Span(out[-1].start, end, LABEL, {"by": LEARNED})
        else:
            out.append(Span(ln.start, end, LABEL, {"by": LEARNED}))
    return out


def finish(art: Article, learned: set[str] | frozenset[str] = frozenset()) -> bool:
    """Mark an article's learned boilerplate, then its header and footer zones; True if anything changed.

    Zones depend on what else is removed, so they are recomputed whenever the
    learned lines change. Pages read from HTML keep the extractor's verdict.
    """
    base = [s for s in art.removed if s.attrs.get("by") not in (ZONE, LEARNED)]
    extra = learned_spans(art.raw, base, set(learned))
    zones: list[Span] = []
    if art.format != "html":
        zones, title = zone_spans(art.raw, base + extra)
        if art.title is None and title:
            art.title = title
    new = sorted(base + extra + zones, key=lambda s: (s.start, s.end, s.label))
    old = sorted(art.removed, key=lambda s: (s.start, s.end, s.label))
    changed = [(s.start, s.end, s.label) for s in new] != [(s.start, s.end, s.label) for s in old]
    art.removed = new
    return changed


def apply_learned(articles: list[Article], thresholds: Thresholds | None = None) -> SiteLines:
    """Learn from a set of articles held in memory and mark their site boilerplate (used by evals)."""
    stats = SiteLines(thresholds or Thresholds())
    prose: dict[str, set[str]] = {}
    for a in articles:
        keys = doc_keys(a.raw)
        long_lines = prose_keys(a.raw, stats.thresholds)
        for g in groups_of(a):
            stats.add(g, keys)
            prose.setdefault(g, set()).update(long_lines)
    learned = {g: stats.boilerplate(g, prose.get(g, set())) for g in stats.docs}
    for a in articles:
        finish(a, set().union(*(learned[g] for g in groups_of(a))))
    return stats
