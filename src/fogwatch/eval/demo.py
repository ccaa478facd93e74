"""The `demo` task: the pipeline against the demo corpus's own gold annotations."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from fogwatch.clean.learned import apply_learned
from fogwatch.clean.step import CleanStep
from fogwatch.clean.text import split_lines
from fogwatch.eval.metrics import PRF, ratio
from fogwatch.eval.result import EvalResult
from fogwatch.ingest import ReadStep, discover
from fogwatch.model import Article, merge_spans
from fogwatch.paths import corpus_inputs
from fogwatch.pipeline import Counters, run_chain

_WS = re.compile(r"\s+")


def _n(s: str | None) -> str:
    return _WS.sub(" ", s or "").strip().lower()


def read_corpus(corpus: Path) -> dict[str, Article]:
    """Read and clean every file of a corpus in this process; key by path relative to it."""
    inputs = list(discover(corpus_inputs(corpus)))
    out: dict[str, Article] = {}
    for rec in run_chain([ReadStep(), CleanStep()], inputs, Counters()):
        if isinstance(rec, Article):
            out[str(Path(rec.source).relative_to(corpus.resolve()))] = rec
    apply_learned(list(out.values()))
    return out


def line_labels(art: Article, body: list[str]) -> list[tuple[bool, bool]]:
    """For each non-blank raw line: (gold says body, fogwatch kept it)."""
    gold_body = [_n(p) for p in body]
    removed = merge_spans(art.removed)
    out = []
    for ln in split_lines(art.raw):
        s = _n(ln.text)
        if not s:
            continue
        is_body = any(s == p or (len(s) >= 20 and s in p) for p in gold_body)
        kept = not any(a <= ln.start and ln.end <= b for a, b in removed)
        out.append((is_body, kept))
    return out


def evaluate_demo(corpus: Path) -> EvalResult:
    gold: dict[str, Any] = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    arts = read_corpus(corpus)
    body = PRF()  # positive class: body line kept
    boiler = PRF()  # positive class: boilerplate line removed
    fields = {"title": 0, "site": 0, "published": 0, "original_source": 0}
    missing = []
    per_article: dict[str, Any] = {}
    for path, g in gold["articles"].items():
        art = arts.get(path)
        if art is None:
            missing.append(path)
            continue
        lost, kept_boiler = [], []
        for (is_body, kept), ln in zip(
            line_labels(art, g["body"]), [x for x in split_lines(art.raw) if x.text.strip()], strict=True
        ):
            if is_body and kept:
                body.tp += 1
            elif is_body and not kept:
                body.fn += 1
                boiler.fp += 1
                lost.append(ln.text.strip()[:80])
            elif not is_body and kept:
                body.fp += 1
                boiler.fn += 1
                kept_boiler.append(ln.text.strip()[:80])
            else:
                boiler.tp += 1
        got = {
            "title": _n(art.title) == _n(g.get("title")),
            "site": _n(art.site) == _n(g.get("site")),
            "published": (art.published.isoformat() if art.published else None) == g.get("published"),
            "original_source": _n(art.original_source) == _n(g.get("original_source")),
        }
        for k, ok in got.items():
            fields[k] += int(ok)
        per_article[path] = {
            "body_lines_lost": lost,
            "boilerplate_lines_kept": kept_boiler,
            "wrong_fields": [k for k, ok in got.items() if not ok],
        }
    n = len(gold["articles"])
    metrics = {
        "body_line_precision": body.precision,
        "body_line_recall": body.recall,
        "boilerplate_line_recall": boiler.recall,
        "boilerplate_line_precision": boiler.precision,
        **{f"{k}_accuracy": ratio(v, n) for k, v in fields.items()},
        "articles_read": ratio(n - len(missing), n),
    }
    metrics.update(stories_score(arts, gold.get("stories", [])))
    return EvalResult("demo", metrics, n, str(corpus), {"missing": missing, "articles": per_article})


def stories_score(arts: dict[str, Article], gold_stories: list[list[str]]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of "copies of one another" against the gold stories (lists of paths)."""
    from fogwatch.eval.syndication import pairwise
    from fogwatch.stories.scratch import cluster

    paths = sorted(arts)
    story_of = {m.article_id: s.id for s in cluster([arts[p] for p in paths]) for m in s.members}
    pred = {p: story_of.get(arts[p].id, p) for p in paths}
    gold_of = {p: p for p in paths}
    for i, members in enumerate(gold_stories):
        gold_of.update({p: f"gold-story-{i}" for p in members if p in gold_of})
    score = pairwise(pred, gold_of)
    return {"stories_precision": score["precision"], "stories_recall": score["recall"], "stories_f1": score["f1"]}
