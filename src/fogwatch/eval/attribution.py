"""Task `attribution`: who said it, on PolNeAR test, and speaker/cue/certainty on our own demo gold.

PolNeAR (Newell et al., LREC 2018) annotates attribution relations in US political news as
brat standoff: a `Source` span (who), a `Cue` span ("said", "according to") and a `Content`
span. We run `fogwatch.events.attribution.attributions()` on each article's text and score
the source and cue spans it finds against every gold `Source` and `Cue` span:

- strict: identical character offsets;
- lenient: the spans overlap (one-to-one, in text order, largest overlap first).

The floor (speaker F1 >= 0.60, tests/eval/test_floors_attribution.py) is on **lenient**
speaker F1 (`speaker_f1` = `speaker_lenient_f1`). Overlap is the customary "soft" match for
attribution spans, exact offsets the "strict" one; overlap fits what fogwatch needs from a
speaker, the right mention found, while exact offsets mostly measure annotation conventions
(whether a title, an apposition, a relative clause, "who" or a trailing comma belongs to the
source). Both are reported, for cues as well.

Gold is every annotated Source span, including pronouns ("he", "who") and sources of
thoughts and intentions, which a speech-verb rule set only partly covers. Where two
annotators labelled one article, the first annotation file in name order is the gold.
Content spans are reported (lenient) too, without a floor.

The own-data check reads the 67 claims of examples/corpus/gold.json against the gold body
of their articles: for the sentence holding each claim, whether `attribute()` agrees on the
speaker (a shared content word; the outlet itself when gold names the site with no cue), the
cue (a shared word) and the certainty (exactly); and whether `loaded_language()` finds a
`loaded-language` span in the claim exactly when gold flags it.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

from fogwatch.errors import EvalDataError
from fogwatch.eval.metrics import PRF
from fogwatch.eval.result import EvalResult
from fogwatch.eval.timex import match_spans
from fogwatch.paths import demo_corpus

Spans = dict[str, list[tuple[int, int]]]


def split_dir(data: Path, split: str) -> Path:
    """The folder of one split (text/, attributions/) from the PolNeAR root, its data/ or the split itself."""
    for cand in (data / "data" / split, data / split, data):
        if (cand / "text").is_dir() and (cand / "attributions").is_dir():
            return cand
    raise EvalDataError(f"no PolNeAR '{split}' split under {data} (expected data/{split}/text and .../attributions)")


def read_ann(path: Path) -> Spans:
    """Source, Cue and Content spans of one brat standoff file (a split span counts from its first to last offset)."""
    out: Spans = {"Source": [], "Cue": [], "Content": []}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        kind, _, offsets = parts[1].partition(" ")
        if kind not in out:
            continue
        nums = [int(x) for x in re.split(r"[ ;]", offsets) if x.isdigit()]
        if len(nums) >= 2:
            out[kind].append((min(nums), max(nums)))
    for spans in out.values():
        spans.sort()
    return out


def polnear_docs(data: Path, split: str = "test") -> list[tuple[str, str, Spans]]:
    """(name, text, gold spans) per article of a split; one annotation per article."""
    folder = split_dir(data, split)
    anns: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]  # name_<annotator>.ann
        anns.setdefault(stem, ann)
    docs = []
    for txt in sorted((folder / "text").glob("*.txt")):
        gold = anns.get(txt.stem)
        if gold is not None:
            docs.append((txt.stem, txt.read_text(encoding="utf-8"), read_ann(gold)))
    if not docs:
        raise EvalDataError(f"no annotated articles in {folder}")
    return docs


def _score(gold: list[tuple[int, int]], pred: list[tuple[int, int]], strict: bool) -> PRF:
    tp = len(match_spans(gold, pred, strict))
    return PRF(tp, len(pred) - tp, len(gold) - tp)


def _add(a: PRF, b: PRF) -> None:
    a.tp += b.tp
    a.fp += b.fp
    a.fn += b.fn


def polnear_scores(data: Path, split: str = "test") -> tuple[dict[str, float], int, dict[str, Any]]:
    from fogwatch.events.attribution import attributions

    docs = polnear_docs(data, split)
    scores = {
        f"{what}_{how}": PRF()
        for what in ("speaker", "cue", "content")
        for how in ("strict", "lenient")
        if not (what == "content" and how == "strict")
    }
    t0 = time.perf_counter()
    chars = 0
    for _, text, gold in docs:
        chars += len(text)
        found = attributions(text)
        pred = {
            "speaker": sorted({a.source for a in found if a.source is not None}),
            "cue": sorted({a.cue for a in found}),
            "content": sorted({a.content for a in found if a.content is not None}),
        }
        key = {"speaker": "Source", "cue": "Cue", "content": "Content"}
        for name, prf in scores.items():
            what, how = name.split("_")
            _add(prf, _score(gold[key[what]], pred[what], how == "strict"))
    seconds = time.perf_counter() - t0
    metrics: dict[str, float] = {}
    for name, prf in scores.items():
        metrics[f"{name}_precision"] = round(prf.precision, 4)
        metrics[f"{name}_recall"] = round(prf.recall, 4)
        metrics[f"{name}_f1"] = round(prf.f1, 4)
    metrics["speaker_f1"] = metrics["speaker_lenient_f1"]
    details = {
        "split": split,
        "floor_metric": "speaker_f1 = speaker_lenient_f1 (overlap, one-to-one)",
        "counts": {name: {"tp": p.tp, "fp": p.fp, "fn": p.fn} for name, p in scores.items()},
        "seconds": round(seconds, 3),
        "chars_per_second": round(chars / seconds) if seconds else None,
    }
    return metrics, len(docs), details


# --- own data: the demo corpus's gold claims -------------------------------------------------------------

_STOP = frozenset(["the", "a", "an", "of", "s", "on", "in", "with", "to", "by", "at", "for", "and"])


def _words(s: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (s or "").lower()) if w not in _STOP}


def demo_agreement(corpus: Path | None = None) -> dict[str, Any]:
    """Speaker, cue and certainty agreement of `attribute()` with the demo corpus's gold claims."""
    from fogwatch.events.attribution import attribute, split_sentences
    from fogwatch.events.loaded import loaded_language

    root = corpus or demo_corpus()
    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
    n = speaker = cue = certainty = flags = 0
    confusion: Counter[str] = Counter()
    missing: list[str] = []
    cache: dict[str, tuple[str, list[tuple[int, int]], list[Any]]] = {}
    for claim in gold["claims"]:
        art = gold["articles"][claim["article"]]
        if claim["article"] not in cache:
            text = "\n\n".join(art["body"])
            sents = split_sentences(text)
            cache[claim["article"]] = (text, sents, attribute(text, sents))
        text, sents, atts = cache[claim["article"]]
        pos = text.find(claim["text"])
        if pos < 0:
            missing.append(claim["text"][:80])
            continue
        idx = max(i for i, (s, _) in enumerate(sents) if s <= pos)
        a = atts[idx]
        n += 1
        outlet = claim["cue"] is None and claim["speaker"] == art.get("site")
        if outlet:
            speaker += a.speaker is None
        else:
            speaker += a.speaker is not None and bool(_words(a.speaker) & _words(claim["speaker"]))
        if claim["cue"] is None:
            cue += a.cue is None
        else:
            cue += a.cue is not None and bool(_words(a.cue) & _words(claim["cue"]))
        certainty += a.certainty == claim["certainty"]
        loaded = any(s.label == "loaded-language" for s in loaded_language(claim["text"]))
        flags += loaded == ("loaded-language" in claim["flags"])
        confusion[f"{claim['certainty']}->{a.certainty}"] += 1
    return {
        "claims": n,
        "speaker_agreement": round(speaker / n, 4) if n else 0.0,
        "cue_agreement": round(cue / n, 4) if n else 0.0,
        "certainty_agreement": round(certainty / n, 4) if n else 0.0,
        "loaded_flag_agreement": round(flags / n, 4) if n else 0.0,
        "certainty_gold_to_found": dict(sorted(confusion.items())),
        "claims_not_found": missing,
    }


def evaluate_attribution(data: Path, split: str = "test") -> EvalResult:
    metrics, n, details = polnear_scores(data, split)
    own = demo_agreement()
    for k in ("speaker_agreement", "cue_agreement", "certainty_agreement", "loaded_flag_agreement"):
        metrics[f"demo_{k}"] = own[k]
    details["demo_claims"] = own
    return EvalResult("attribution", metrics, n, str(data), details)
