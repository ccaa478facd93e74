"""Task `entities`: named entities of defence reporting on re3d (Dstl's Syria/Iraq documents).

re3d annotates 14 entity types with character offsets; we score the five fogwatch
reads: Location, Organisation, Person, MilitaryPlatform and Weapon, per type,
with every published annotation as gold (a span annotated with two types counts
for both). A found entity matches a gold one of its type when they overlap
(relaxed; each used once); strict scores need identical offsets.

re3d counts places named ("Mosul") and places referred to ("the town", "a
hospital", "supply routes") as Locations. Both are scored: `Location` with the
place nouns as well, `Location_named_only` with only the Locations that hold a
capitalised word (the names, mostly the geoparser's).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from fogwatch.errors import EvalDataError
from fogwatch.eval.result import EvalResult
from fogwatch.eval.timex import match_spans


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TYPES = ("Location", "Organisation", "Person", "MilitaryPlatform", "Weapon")
PRONOUNS = _words("i me my mine he him his she her hers we us our ours they them their theirs it its you your who whom")


def _json_lines(path: Path) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise EvalDataError(f"{path}:{n}: not a JSON line ({exc})") from exc
    return rows


def read_re3d(data: Path) -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    """(document id, text, gold (start, end, type) of our five types) for every document under `data`."""
    docs: list[tuple[str, str, list[tuple[int, int, str]]]] = []
    for folder in sorted(p for p in data.iterdir() if (p / "documents.json").is_file()):
        gold: dict[str, list[tuple[int, int, str]]] = {}
        if (folder / "entities.json").is_file():
            for e in _json_lines(folder / "entities.json"):
                if e.get("type") in TYPES:
                    gold.setdefault(e["documentId"], []).append((int(e["begin"]), int(e["end"]), e["type"]))
        for d in _json_lines(folder / "documents.json"):
            docs.append((d["_id"], d["text"], sorted(set(gold.get(d["_id"], [])))))
    if not docs:
        raise EvalDataError(f"no re3d documents (*/documents.json) under {data}")
    return docs


def _score(pairs: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = pairs / n_pred if n_pred else 0.0
    r = pairs / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate_entities(data: Path) -> EvalResult:
    from fogwatch.nlp.entities import EntityRecogniser

    try:
        from fogwatch.nlp.places import Geoparser
    except ModuleNotFoundError as exc:
        if exc.name != "fogwatch.nlp.places":
            raise
        geoparser = None
    else:
        geoparser = Geoparser()
    recogniser = EntityRecogniser(geoparser)
    docs = read_re3d(data)
    # per type: tp, tp_strict, pred, gold
    counts: dict[str, Counter[str]] = {t: Counter() for t in (*TYPES, "Location_named_only")}
    missed: Counter[str] = Counter()
    pronouns: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    for _doc_id, text, gold in docs:
        found = recogniser.find(text)
        for s, e, ty in gold:
            if text[s:e].lower() in PRONOUNS:
                pronouns[ty] += 1
        for t in (*TYPES, "Location_named_only"):
            gtype = "Location" if t == "Location_named_only" else t
            g = [(s, e) for s, e, ty in gold if ty == gtype]
            if t == "Location_named_only":
                p = [(x.start, x.end) for x in found if x.type == "Location" and _is_named(x.text)]
            else:
                p = [(x.start, x.end) for x in found if x.type == t]
            pairs = match_spans(g, p, strict=False)
            c = counts[t]
            c["tp"] += len(pairs)
            c["tp_strict"] += len(match_spans(g, p, strict=True))
            c["pred"] += len(p)
            c["gold"] += len(g)
            if t in TYPES:
                hit_g = {i for i, _ in pairs}
                hit_p = {j for _, j in pairs}
                missed.update(f"{t}: {text[s:e]}" for i, (s, e) in enumerate(g) if i not in hit_g)
                spurious.update(f"{t}: {text[s:e]}" for j, (s, e) in enumerate(p) if j not in hit_p)
    metrics: dict[str, Any] = {}
    for t, c in counts.items():
        prec, rec, f = _score(c["tp"], c["pred"], c["gold"])
        _, _, sf = _score(c["tp_strict"], c["pred"], c["gold"])
        metrics[f"{t}_precision"] = round(prec, 4)
        metrics[f"{t}_recall"] = round(rec, 4)
        metrics[f"{t}_f1"] = round(f, 4)
        metrics[f"{t}_strict_f1"] = round(sf, 4)
    for t in ("Person", "Organisation"):
        # re3d also marks pronouns ("he", "we", "they") as people and organisations; a
        # recogniser of names cannot find those, so the share they take is reported.
        c = counts[t]
        n_pron = pronouns[t]
        _, _, f = _score(c["tp"], c["pred"], c["gold"] - n_pron)
        metrics[f"{t}_f1_without_pronoun_gold"] = round(f, 4)
    details = {
        "documents": len(docs),
        "pronoun_gold": dict(pronouns),
        "gold": {t: counts[t]["gold"] for t in TYPES},
        "geoparser": geoparser is not None,
        "missed": dict(missed.most_common(200)),
        "spurious": dict(spurious.most_common(200)),
    }
    return EvalResult("entities", metrics, sum(counts[t]["gold"] for t in TYPES), str(data), details)


def _is_named(span_text: str) -> bool:
    return any(w[:1].isupper() for w in span_text.split())
