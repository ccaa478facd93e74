"""The clean step: text-level cleaning on every article, whatever it was read from."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from fogwatch.clean.learned import finish
from fogwatch.clean.outlets import canonical_site
from fogwatch.clean.text import clean_text
from fogwatch.model import Article, Reject, merge_spans

# Fewer words than this left once the furniture is set aside: the document holds no article.
MIN_BODY_WORDS = 5


class CleanStep:
    name = "clean"

    def run(self, records: Iterable[Article]) -> Iterator[Article | Reject]:
        for art in records:
            yield self.clean_one(art)

    def clean_one(self, art: Article) -> Article | Reject:
        prior = merge_spans(art.removed)
        result = clean_text(art.raw, art.format, skip=prior)
        art.removed = sorted(art.removed + result.removed, key=lambda s: (s.start, s.end))
        art.title = art.title or result.title
        if art.site is None and result.site is not None:
            art.site = result.site
            if result.site_evidence:
                art.meta.setdefault("site_evidence", result.site_evidence)
        if art.site is None and result.site_hint:
            art.site = result.site_hint
            art.meta.setdefault("site_evidence", "copyright-or-byline")
        if art.site is not None:
            art.site = canonical_site(art.site)
        if art.wire is None and result.wire:
            art.wire = ", ".join(result.wire)
            if result.wire_evidence:
                art.meta.setdefault("wire_evidence", result.wire_evidence)
        art.byline = art.byline or result.byline
        if art.published is None and result.published is not None:
            art.published, art.published_evidence = result.published, result.published_evidence
        art.original_source = art.original_source or result.original_source
        for k, v in result.meta.items():
            art.meta.setdefault(k, v)
        finish(art)
        if not art.text:
            return Reject(art.source, self.name, "no-body", "nothing is left of the document after cleaning")
        words = len(art.text.split())
        if words < MIN_BODY_WORDS:
            # a login form, an error page, a gallery's captions set aside: furniture, no article
            return Reject(
                art.source,
                self.name,
                "no-body",
                f"only {words} word{'s' if words > 1 else ''} left after cleaning: no article",
            )
        return art
