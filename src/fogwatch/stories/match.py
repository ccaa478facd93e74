"""Deciding whether two texts are copies, and how: exact, near or partial.

LSH only proposes candidates; this is where they are accepted, on the exact
shingle sets of both texts. A partial copy (a repost with an intro of its own, a
cut ending, a quotation of most of an article) has a low Jaccard similarity to
its original but most of the shorter text is found in the longer one, so the
test is containment: shared shingles over the shorter text's shingles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from fogwatch.stories.signature import Shingled

CopyRelation = Literal["exact", "near", "partial"]
RANK: dict[str, int] = {"exact": 3, "near": 2, "partial": 1}


@dataclass(frozen=True, slots=True)
class MatchRules:
    """When two texts count as copies.

    `min_words`: shorter texts are never matched (a headline or a shared sign-off
    would be enough to merge them). `partial`: share of the shorter text's
    shingles that must be found in the other. `min_shared`: shingles in common,
    at least, so a few shared stock sentences never make a copy. `near`: share of
    each text found in the other from which a copy is "near" (small edits either
    way) rather than "partial" (one text has a part of its own: an intro, the
    ending the other cut, the commentary around a quotation).
    """

    min_words: int = 50
    partial: float = 0.5
    min_shared: int = 40
    near: float = 0.9

    def __post_init__(self) -> None:
        if self.min_words < 1 or self.min_shared < 1:
            raise ValueError("min_words and min_shared must be at least 1")
        if not (0 < self.partial <= self.near <= 1):
            raise ValueError("need 0 < partial <= near <= 1")


@dataclass(frozen=True, slots=True)
class Link:
    relation: CopyRelation
    similarity: (
        float  # Jaccard for exact and near copies; for partial ones, the share of the shorter text in the longer
    )

    @property
    def rank(self) -> tuple[int, float]:
        return RANK[self.relation], self.similarity


def compare(a: Shingled, b: Shingled, rules: MatchRules) -> Link | None:
    """How `a` and `b` are copies of each other, or None when they are not."""
    if a.norm_hash == b.norm_hash:
        return Link("exact", 1.0)
    import numpy as np  # present: the texts were shingled with it

    na, nb = len(a.shingles), len(b.shingles)
    if not na or not nb:
        return None
    shared = int(np.intersect1d(a.shingles, b.shingles, assume_unique=True).size)
    contained = shared / min(na, nb)
    if shared < rules.min_shared or contained < rules.partial:
        return None
    if shared / max(na, nb) >= rules.near:
        return Link("near", round(shared / (na + nb - shared), 4))
    return Link("partial", round(contained, 4))
