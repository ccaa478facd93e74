"""The clean step: text-level cleaning on every article, whatever it was read from."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from fogwatch.clean.learned import finish
from fogwatch.clean.outlets import canonical_site
from fogwatch.clean.split import split_dump
from fogwatch.clean.text import clean_text
from fogwatch.model import Article, Reject, article_id, merge_spans

# Fewer words than this left once the furniture is set aside: the document holds no article.
MIN_BODY_WORDS = 5
LONG_DUMP = 20_000  # characters: a document this long that keeps less than LOW_KEPT of itself is flagged
LOW_KEPT = 0.05


class CleanStep:
    name = "clean"

    def run(self, records: Iterable[Article]) -> Iterator[Article | Reject]:
        for art in records:
            for piece in split_articles(art):
                yield self.clean_one(piece)

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
        kept = len(art.text) / max(1, len(art.raw))
        if len(art.raw) >= LONG_DUMP and kept < LOW_KEPT:
            # a long dump cleaned down to almost nothing: most likely several pages the splitter could not part
            art.meta["warning"] = (
                f"only {kept:.1%} of {len(art.raw):,} characters kept after cleaning: "
                "the file may hold several articles or a page the cleaner misread"
            )
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


def split_articles(art: Article) -> list[Article]:
    """A text dump that holds several articles, as one Article each (`<source>#<k>`), each noting the
    dump it came from and its place in it; any other document as it is."""
    if art.format == "html" or art.removed:
        return [art]
    pieces = split_dump(art.raw, art.format)
    if len(pieces) < 2:
        return [art]
    out = []
    for k, (a, b) in enumerate(pieces, start=1):
        source = f"{art.source}#{k}"
        raw = art.raw[a:b]
        meta = dict(art.meta)
        meta["split_from"] = art.source
        meta["split"] = f"article {k} of {len(pieces)} in the dump (characters {a}-{b})"
        out.append(Article(id=article_id(source, raw), source=source, format=art.format, raw=raw, meta=meta))
    return out
