"""`outlets`: the outlet and publication date of real FA-KES articles, read from their text alone.

Each row of `fakes/dev.csv` reaches fogwatch as a user would give it: one plain-text file holding
its `content`, no metadata. It is read and cleaned as `fogwatch ingest` reads and cleans a file,
and the result is scored against the hand-labelled gold (`datasets/fakes-gold/outlets.json`):

- published found: the publication date is found and right, over the rows whose text states one;
  published wrong: a date found that is not the stated one (or found where none is stated);
- outlet named: `Article.outlet` (the site, else the credited agency) is an outlet the text names
  as publisher or credit, over the rows whose text names one;
- wrong outlet: an outlet given that the text does not name as publisher or credit, over all rows;
- unknown right: no outlet given, over the rows whose text names none;
- site right / wire recall and precision: the two kept apart.

Every figure is given for both halves of the file: `tune` (rules may be tuned on it) and `test`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from fogwatch.clean.step import CleanStep
from fogwatch.eval.fakes_data import FakesRow, read_fakes
from fogwatch.eval.outlet_gold import OutletGold, load_gold
from fogwatch.eval.real_gold import content_hash
from fogwatch.eval.result import EvalResult
from fogwatch.ingest.read import article_from_bytes
from fogwatch.model import Article


def read_row(row: FakesRow, folder: str = "fakes-articles") -> Article | None:
    """The row as `fogwatch ingest` would make it of a saved text file, cleaned."""
    name = f"{folder}/{row.row:03d}-{row.unit_id}.txt"
    art = article_from_bytes(name, row.content.encode("utf-8"), "text")
    if not isinstance(art, Article):
        return None
    cleaned = CleanStep().clean_one(art)
    return cleaned if isinstance(cleaned, Article) else None


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def score(pairs: list[tuple[OutletGold, Article | None]]) -> tuple[dict[str, float], dict[str, Any]]:
    c: Counter[str] = Counter()
    misses: list[str] = []
    wrongs: list[str] = []
    for g, art in pairs:
        c["n"] += 1
        site = art.site if art else None
        wires = art.wires if art else []
        outlet = art.outlet if art else None
        published = art.published if art else None
        if g.published is not None:
            c["pub_gold"] += 1
            c["pub_right"] += published == g.published
        c["pub_wrong"] += published is not None and published != g.published
        if g.outlet is not None:
            c["outlet_gold"] += 1
            if outlet in g.names:
                c["outlet_right"] += 1
            else:
                misses.append(f"row {g.row}: gave {outlet!r}, text names {sorted(g.names)}")
        else:
            c["unknown_gold"] += 1
            c["unknown_right"] += outlet is None
        if outlet is not None and outlet not in g.names:
            c["outlet_wrong"] += 1
            wrongs.append(f"row {g.row}: gave {outlet!r}, text names {sorted(g.names) or 'none'}")
        if g.site is not None:
            c["site_gold"] += 1
            c["site_right"] += site == g.site
        c["site_given"] += site is not None
        c["site_given_right"] += site is not None and site == g.site
        c["wire_gold"] += len(g.wires)
        c["wire_found"] += len(set(wires) & set(g.wires))
        c["wire_given"] += len(wires)
    metrics = {
        "published_found": _ratio(c["pub_right"], c["pub_gold"]),
        "published_wrong": _ratio(c["pub_wrong"], c["n"]),
        "outlet_named": _ratio(c["outlet_right"], c["outlet_gold"]),
        "outlet_wrong": _ratio(c["outlet_wrong"], c["n"]),
        "unknown_right": _ratio(c["unknown_right"], c["unknown_gold"]),
        "site_right": _ratio(c["site_right"], c["site_gold"]),
        "site_precision": _ratio(c["site_given_right"], c["site_given"]),
        "wire_recall": _ratio(c["wire_found"], c["wire_gold"]),
        "wire_precision": _ratio(c["wire_found"], c["wire_given"]),
    }
    return metrics, {"counts": dict(c), "outlet_missed": misses[:40], "outlet_wrong": wrongs[:40]}


def evaluate_outlets(data: Path, gold_path: Path | None = None) -> EvalResult:
    rows = {r.row: r for r in read_fakes(data / "fakes" if (data / "fakes").is_dir() else data)}
    gold = load_gold(gold_path)
    stale = [g.row for g in gold if g.row in rows and content_hash(rows[g.row].content) != g.sha]
    pairs = {"tune": [], "test": []}  # type: dict[str, list[tuple[OutletGold, Article | None]]]
    for g in gold:
        if g.row in rows and g.row not in stale:
            pairs[g.part].append((g, read_row(rows[g.row])))
    metrics: dict[str, float] = {}
    details: dict[str, Any] = {"stale_rows": stale}
    for part in ("test", "tune"):
        m, d = score(pairs[part])
        metrics.update({f"{part}_{k}": v for k, v in m.items()})
        details[part] = d
    n = sum(len(v) for v in pairs.values())
    return EvalResult("outlets", metrics, n, str(data), details)
