"""`cleaning-real`: boilerplate removed from real pages, against our gold over FA-KES rows.

Every row of `fakes/dev.csv` is written as one plain text file in one folder, as `fogwatch eval fakes`
does, and goes through what `fogwatch ingest` runs on a text file: the reader, the clean step
(splitting a dump that holds several articles, text-level rules) and the per-site boilerplate learned
over the folder. The removed spans of the gold rows (`datasets/fakes-gold/cleaning.json`, offsets into
each row's content, labelled before any rule was tuned on them) are then scored by character, counting
non-space characters only (a space either side of a span is nobody's business):

- `boilerplate_recall`: of the gold boilerplate, the share removed;
- `furniture_recall`: the same without headlines repeated at the top (`title-repeat`), which a page
  saved as one line gives no way to tell from its first sentence but by the title field it lacks;
- `body_precision`: of what is kept, the share that is body;
- `removed_body_rate`: of the body, the share removed (what the cleaner costs the article);
- `recall_<class>`: recall per gold class.

Each figure is given for the `tune` half (rules may be tuned on it), the `test` half (only measured)
and all rows. `details` names, per half, the rows that lost body or kept the most furniture (row
numbers and counts, never text).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fogwatch.clean.learned import apply_learned
from fogwatch.clean.step import CleanStep, split_articles
from fogwatch.errors import EvalDataError
from fogwatch.eval.fakes import stable_workdir
from fogwatch.eval.fakes_data import FakesRow, read_fakes, write_articles
from fogwatch.eval.metrics import ratio
from fogwatch.eval.real_gold import content_hash
from fogwatch.eval.result import EvalResult
from fogwatch.model import Article, Input, merge_spans
from fogwatch.paths import REPO_DIR

GOLD = REPO_DIR / "datasets" / "fakes-gold" / "cleaning.json"
HEADER_CLASSES = ("title-repeat",)


@dataclass(slots=True)
class RowGold:
    row: int
    sha: str
    spans: list[tuple[int, int, str]]


def load_gold(path: Path = GOLD) -> list[RowGold]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return [RowGold(a["row"], a["sha"], [(s, e, c) for s, e, c in a["spans"]]) for a in doc["articles"]]


def removed_by_row(rows: list[FakesRow], workdir: Path) -> dict[int, list[tuple[int, int]]]:
    """The ranges of each row's content that the pipeline's cleaning removes, rows written one file each."""
    from fogwatch.ingest.step import ReadStep

    files = write_articles(rows, workdir / "articles")
    reader = ReadStep()
    step = CleanStep()
    kept: list[tuple[int, int, Article]] = []  # (row, offset of the piece in the row, cleaned piece)
    dropped: dict[int, list[tuple[int, int]]] = {}
    for name in sorted(files):
        r = files[name]
        read = reader.read_one(Input(str(workdir / "articles" / name), "text"))
        if not isinstance(read, Article):
            dropped.setdefault(r.row, []).append((0, len(r.content)))  # nothing of the file is stored
            continue
        if read.raw != r.content:
            raise EvalDataError(f"{name}: the reader changed the text, offsets would not hold")
        offset = 0
        for piece in split_articles(read):  # as CleanStep.run does
            offset = r.content.find(piece.raw, offset)
            out = step.clean_one(piece)
            if isinstance(out, Article):
                kept.append((r.row, offset, out))
            else:
                dropped.setdefault(r.row, []).append((offset, offset + len(piece.raw)))
            offset += len(piece.raw)
    apply_learned([a for _, _, a in kept])  # what the run learns per site and folder after storing
    removed: dict[int, list[tuple[int, int]]] = {r.row: list(dropped.get(r.row, [])) for r in files.values()}
    for row, offset, art in kept:
        removed[row] += [(offset + a, offset + b) for a, b in merge_spans(art.removed)]
    return {row: _union(spans) for row, spans in removed.items()}


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _mask(n: int, spans: list[tuple[int, int]]) -> bytearray:
    m = bytearray(n)
    for a, b in spans:
        m[max(0, a) : min(n, b)] = b"\x01" * (min(n, b) - max(0, a))
    return m


@dataclass
class Tally:
    gold: Counter[str]
    hit: Counter[str]
    body: int = 0
    body_removed: int = 0

    @classmethod
    def new(cls) -> Tally:
        return cls(Counter(), Counter())


def score_row(
    content: str, gold: list[tuple[int, int, str]], removed: list[tuple[int, int]], t: Tally
) -> dict[str, int]:
    n = len(content)
    cls_at: list[str | None] = [None] * n
    for a, b, c in gold:
        for i in range(a, b):
            cls_at[i] = c
    rm = _mask(n, removed)
    lost = kept = 0
    for i, ch in enumerate(content):
        if ch.isspace():
            continue
        cls = cls_at[i]
        if cls is None:
            t.body += 1
            t.body_removed += rm[i]
            lost += rm[i]
        else:
            t.gold[cls] += 1
            t.hit[cls] += rm[i]
            kept += not rm[i]
    return {"body_lost": lost, "boilerplate_kept": kept}


def metrics_of(t: Tally, prefix: str) -> dict[str, float]:
    gold = sum(t.gold.values())
    hit = sum(t.hit.values())
    furn = sum(v for c, v in t.gold.items() if c not in HEADER_CLASSES)
    furn_hit = sum(v for c, v in t.hit.items() if c not in HEADER_CLASSES)
    kept_body = t.body - t.body_removed
    kept = kept_body + (gold - hit)
    out = {
        f"{prefix}_boilerplate_recall": ratio(hit, gold),
        f"{prefix}_furniture_recall": ratio(furn_hit, furn),
        f"{prefix}_body_precision": ratio(kept_body, kept),
        f"{prefix}_removed_body_rate": ratio(t.body_removed, t.body),
    }
    for c in sorted(t.gold):
        out[f"{prefix}_recall_{c}"] = ratio(t.hit[c], t.gold[c])
    return out


def evaluate_cleaning_real(data: Path, gold_path: Path = GOLD, workdir: Path | None = None) -> EvalResult:
    rows = read_fakes(data)
    by_row = {r.row: r for r in rows}
    gold = load_gold(gold_path)
    for g in gold:
        if g.row not in by_row or content_hash(by_row[g.row].content) != g.sha:
            raise EvalDataError(f"{gold_path}: row {g.row} is not the text it was labelled on (hash differs)")
    if workdir is not None:
        removed = removed_by_row(rows, workdir)
    else:
        with stable_workdir("cleaning-real") as tmp:
            removed = removed_by_row(rows, tmp)
    tallies = {"tune": Tally.new(), "test": Tally.new(), "all": Tally.new()}
    per_row: dict[str, dict[str, dict[str, int]]] = {"tune": {}, "test": {}}
    for g in gold:
        r = by_row[g.row]
        for part in (r.part, "all"):
            counts = score_row(r.content, g.spans, removed.get(g.row, []), tallies[part])
        per_row[r.part][str(g.row)] = counts
    metrics: dict[str, float] = {}
    for part, t in tallies.items():
        metrics.update(metrics_of(t, part))
        metrics[f"{part}_rows"] = float(sum(1 for g in gold if part == "all" or by_row[g.row].part == part))
    details: dict[str, Any] = {}
    for part, rows_of in per_row.items():
        details[f"{part}_body_lost"] = {k: v["body_lost"] for k, v in rows_of.items() if v["body_lost"]}
        worst = sorted(rows_of.items(), key=lambda kv: -kv[1]["boilerplate_kept"])[:15]
        details[f"{part}_boilerplate_kept_most"] = {k: v["boilerplate_kept"] for k, v in worst if v["boilerplate_kept"]}
    return EvalResult("cleaning-real", metrics, len(gold), "fakes/dev.csv", details)
