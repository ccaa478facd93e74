"""`syndication`: which articles are copies of which, against labelled stories.

The set (`articles.jsonl`) holds raw documents as a scraper saved them, each
with its site, format, the story it belongs to (all copies of one original share
the label) and its event group (independently written reports on one event
share it: hard negatives). Every document goes through the real pipeline: the
reader for its format, the clean step, learned site boilerplate over the whole
set (as folders of one site, the way an analyst's scraper leaves them), then the
stories, through a scratch database.

Scores are over pairs of articles: precision and recall of "in one story",
their F1, the adjusted Rand index of the clustering, and the share of
hard-negative pairs (same event group, different stories) put in one story.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from fogwatch.clean.learned import apply_learned
from fogwatch.clean.step import CleanStep
from fogwatch.errors import EvalDataError
from fogwatch.eval.result import EvalResult
from fogwatch.ingest.read import article_from_bytes
from fogwatch.model import Article, Story

_EXT = {"text": "txt", "markdown": "md", "html": "html"}


@dataclass(slots=True)
class Labelled:
    id: str
    site: str
    format: str
    published: str | None
    raw: str
    story: str
    group: str
    role: str


def load(data: Path) -> list[Labelled]:
    path = data / "articles.jsonl"
    if not path.exists():
        raise EvalDataError(f"eval task 'syndication': {path} not found")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r: dict[str, Any] = json.loads(line)
            out.append(
                Labelled(
                    str(r["id"]),
                    str(r["site"]),
                    str(r["format"]),
                    r.get("published"),
                    str(r["raw"]),
                    str(r["story"]),
                    str(r["group"]),
                    str(r.get("role", "")),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalDataError(f"{path}:{n}: not a labelled article ({exc})") from None
        if out[-1].format not in _EXT:
            raise EvalDataError(f"{path}:{n}: format must be text, markdown or html, not {out[-1].format!r}")
    return out


def build_articles(data: Path, docs: list[Labelled]) -> tuple[dict[str, Article], dict[str, str]]:
    """Articles by labelled id, through the real reader, cleaner and learned boilerplate; and why others failed."""
    step = CleanStep()
    arts: dict[str, Article] = {}
    failed: dict[str, str] = {}
    for doc in docs:
        # One folder per site, as scraped: learned boilerplate is counted per folder too.
        source = str(data / doc.site / f"{doc.id}.{_EXT[doc.format]}")
        read = article_from_bytes(source, doc.raw.encode("utf-8"), doc.format)
        cleaned = step.clean_one(read) if isinstance(read, Article) else read
        if isinstance(cleaned, Article):
            arts[doc.id] = cleaned
        else:
            failed[doc.id] = f"{cleaned.kind}: {cleaned.reason}"
    apply_learned(list(arts.values()))
    return arts, failed


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pair_counts(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[int, int, int]:
    """(pairs together in both, pairs together in the prediction, pairs together in gold) over gold's items."""
    items = list(gold)
    cells = Counter((pred[i], gold[i]) for i in items)
    both = sum(_pairs(n) for n in cells.values())
    predicted = sum(_pairs(n) for n in Counter(pred[i] for i in items).values())
    expected = sum(_pairs(n) for n in Counter(gold[i] for i in items).values())
    return both, predicted, expected


def pairwise(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> dict[str, float]:
    """Precision, recall and F1 of "these two are in one story". With no pairs on a side, its score is 1."""
    both, predicted, expected = pair_counts(pred, gold)
    p = both / predicted if predicted else 1.0
    r = both / expected if expected else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def adjusted_rand(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> float:
    """Hubert and Arabie's adjusted Rand index: 1 for the same clustering, about 0 for a random one."""
    both, predicted, expected = pair_counts(pred, gold)
    total = _pairs(len(gold))
    if total == 0:
        return 1.0
    chance = predicted * expected / total
    best = (predicted + expected) / 2
    if best == chance:  # both clusterings trivial (all singletons, or one cluster)
        return 1.0
    return (both - chance) / (best - chance)


def hard_negative_merges(
    pred: Mapping[str, Hashable], gold: Mapping[str, Hashable], group: Mapping[str, Hashable]
) -> tuple[int, int, list[tuple[str, str]]]:
    """(merged, all, the merged pairs) over pairs of one event group that gold puts in different stories."""
    by_group: dict[Hashable, list[str]] = {}
    for i in gold:
        by_group.setdefault(group[i], []).append(i)
    merged: list[tuple[str, str]] = []
    n = 0
    for ids in by_group.values():
        for x, y in combinations(sorted(ids), 2):
            if gold[x] != gold[y]:
                n += 1
                if pred[x] == pred[y]:
                    merged.append((x, y))
    return len(merged), n, merged


def predicted_labels(docs: list[Labelled], arts: dict[str, Article], found: list[Story]) -> dict[str, str]:
    """Story id per labelled id; an article the pipeline dropped stands alone."""
    story_of = {m.article_id: s.id for s in found for m in s.members}
    return {d.id: story_of.get(arts[d.id].id, f"alone:{d.id}") if d.id in arts else f"alone:{d.id}" for d in docs}


def evaluate_syndication(data: Path) -> EvalResult:
    from fogwatch.stories.scratch import cluster

    docs = load(data)
    arts, failed = build_articles(data, docs)
    found = cluster([arts[d.id] for d in docs if d.id in arts])
    pred = predicted_labels(docs, arts, found)
    gold = {d.id: d.story for d in docs}
    group = {d.id: d.group for d in docs}
    scores = pairwise(pred, gold)
    merged, negatives, merged_pairs = hard_negative_merges(pred, gold, group)
    canon_ok, canon_n, wrong_canon = _canonical_accuracy(docs, arts, found)
    metrics = {
        "pairwise_precision": scores["precision"],
        "pairwise_recall": scores["recall"],
        "pairwise_f1": scores["f1"],
        "ari": adjusted_rand(pred, gold),
        "hard_negative_false_merge_rate": merged / negatives if negatives else 0.0,
        "canonical_accuracy": canon_ok / canon_n if canon_n else 1.0,
    }
    by_id = {d.id: d for d in docs}
    details = {
        "articles": len(docs),
        "gold_stories_with_copies": sum(1 for n in Counter(gold.values()).values() if n > 1),
        "found_stories_with_copies": sum(1 for s in found if len(s.members) > 1),
        "hard_negative_pairs": negatives,
        "hard_negative_merges": [f"{x} ({by_id[x].site}) + {y} ({by_id[y].site})" for x, y in merged_pairs[:40]],
        "missed_copy_pairs": _missed(pred, gold, by_id)[:40],
        "wrong_canonical": wrong_canon[:40],
        "not_read": failed,
    }
    return EvalResult("syndication", metrics, len(docs), str(data), details)


def _missed(pred: dict[str, str], gold: dict[str, str], by_id: dict[str, Labelled]) -> list[str]:
    members: dict[str, list[str]] = {}
    for i, s in gold.items():
        members.setdefault(s, []).append(i)
    out = []
    for ids in members.values():
        for x, y in combinations(sorted(ids), 2):
            if pred[x] != pred[y]:
                out.append(f"{x} ({by_id[x].role}, {by_id[x].site}) / {y} ({by_id[y].role}, {by_id[y].site})")
    return out


def _canonical_accuracy(
    docs: list[Labelled], arts: dict[str, Article], found: list[Story]
) -> tuple[int, int, list[str]]:
    """How often the story found for a labelled original names that original as its canonical member."""
    story_by_article = {m.article_id: s for s in found for m in s.members}
    right = n = 0
    wrong = []
    for d in docs:
        if d.role != "original" or d.id not in arts:
            continue
        story = story_by_article.get(arts[d.id].id)
        if story is None or len(story.members) < 2:
            continue
        n += 1
        if story.canonical_id == arts[d.id].id:
            right += 1
        else:
            wrong.append(d.id)
    return right, n, wrong
