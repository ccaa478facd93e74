"""Task `real`: our own full gold over 48 real FA-KES articles from 15 outlets (every event, every
claim, outlet and publication date; `datasets/fakes-gold/gold.json`, offsets only), scored through
the same path as `fakes`: one text file per article, `ingest`, the JSON-lines exports.

- **events**, per article: a gold event is found by an exported event the article contributes to
  with the same sub-event type, a date a day either way (any date when the gold has none) and a
  place within 50 km (any place when the gold has none); one exported event per gold event.
  `event_precision` counts the exported events (per article they appear in) that match a gold event
  of that article; `event_recall` the gold events found. The `_type` variants ask only for the same
  event type, to tell a wrong sub-type from a miss.
- on found events: `toll` (the exported toll equals the gold's; no toll where the gold has none),
  `toll_own` (the figure the event lists for this article's own claims equals the gold's: the
  highest its article gives from sources that are not parties, else a party's, as fusion reads one
  outlet. The gold holds each article's own figure, while an event reported by several outlets
  takes the lowest of theirs (ACLED's rule), so `toll` counts a miss wherever another outlet gave
  fewer; `toll_own` is reported beside it, never instead of it),
  `toll_by_party` (marked as a party's figure exactly when the gold says so, over events with a
  toll), `actor1`/`actor2` (the same side, in `fakes.actor_class`'s classes).
- **fusion**: of the pairs of gold events in different articles that are one real event (the same
  `fusion` id), the share whose exported events are one; `false_merges`: of the pairs of found gold
  events in different articles that are different events, the share exported as one.
- **claims**: a gold claim is found when an exported claim of its article covers at least half of it;
  on found claims, `speaker` (the outlet speaking for itself on both sides, or the exported speaker's
  span overlapping the gold speaker's or the name it refers to) and `certainty` (equal).
  `claim_precision` counts exported claims overlapping a gold claim.
- **outlet** (site and wire) and **published** against the gold's.

Figures are given for the `tune` part, the `test` part and all 48.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fogwatch.errors import EvalDataError
from fogwatch.eval.fakes import PipelineOutput, actor_class, run_rows, score_outlet, stable_workdir
from fogwatch.eval.fakes_data import FakesRow, read_fakes
from fogwatch.eval.metrics import ratio
from fogwatch.eval.real_gold import content_hash
from fogwatch.eval.result import EvalResult
from fogwatch.geo import haversine_km
from fogwatch.paths import REPO_DIR

GOLD = REPO_DIR / "datasets" / "fakes-gold" / "gold.json"
PLACE_KM = 50.0


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    if not path.is_file():
        raise EvalDataError(f"{path}: no gold file")
    articles: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["articles"]
    return articles


def _km(ev: dict[str, Any], place: dict[str, Any]) -> float:
    loc = ev.get("location")
    if not loc:
        return float("inf")
    return haversine_km(loc["lat"], loc["lon"], place["lat"], place["lon"])


def _date_ok(ev: dict[str, Any], gold: dict[str, Any]) -> bool:
    if not gold.get("date"):
        return True
    value = ev.get("date")
    if not value or value.startswith("-") or ev.get("date_precision") not in ("day", None):
        return False
    return abs((date.fromisoformat(value[:10]) - date.fromisoformat(gold["date"])).days) <= 1


def event_matches(ev: dict[str, Any], gold: dict[str, Any], strict: bool = True) -> bool:
    same = ev["sub_event_type"] == gold["sub_event_type"] if strict else ev["event_type"] == gold["event_type"]
    if not same or not _date_ok(ev, gold):
        return False
    return gold.get("place") is None or _km(ev, gold["place"]) <= PLACE_KM


def match(
    events: list[dict[str, Any]], golds: list[dict[str, Any]], strict: bool = True
) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Each gold event with the exported event it is found by (one each), nearest place first."""
    used: set[str] = set()
    out: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    for g in golds:
        cands = [ev for ev in events if ev["id"] not in used and event_matches(ev, g, strict)]
        best = min(cands, key=lambda ev: _km(ev, g["place"]) if g.get("place") else 0.0, default=None)
        if best is not None:
            used.add(best["id"])
        out.append((g, best))
    return out


@dataclass
class _Tally:
    gold_events: int = 0
    found: int = 0
    found_type: int = 0
    exported: int = 0
    exported_right: int = 0
    exported_right_type: int = 0
    toll: int = 0
    toll_own: int = 0
    by_party_n: int = 0
    by_party: int = 0
    actor1: int = 0
    actor2_n: int = 0
    actor2: int = 0
    gold_claims: int = 0
    claims_found: int = 0
    speaker: int = 0
    certainty: int = 0
    pred_claims: int = 0
    pred_claims_right: int = 0
    fusion_pairs: int = 0
    fused: int = 0
    other_pairs: int = 0
    merged: int = 0
    outlet_named: int = 0
    outlet_found: int = 0
    outlet_wrong: int = 0
    articles: int = 0
    published_gold: int = 0
    published_right: int = 0
    published_wrong: int = 0


def _raw_span(content: str, text: str, hint: int) -> tuple[int, int] | None:
    """Where an exported (clean-text) snippet lies in the article as written."""
    if not text:
        return None
    pos = content.find(text, max(0, hint - 200))
    if pos < 0:
        pos = content.find(text)
    return (pos, pos + len(text)) if pos >= 0 else None


def _overlap(a: tuple[int, int] | list[int], b: tuple[int, int] | list[int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _speaker_ok(gold: dict[str, Any], claim: dict[str, Any], content: str, span: tuple[int, int]) -> bool:
    g = gold["speaker"]
    if g == "outlet":
        return bool(claim.get("speaker_kind") == "outlet")
    if claim.get("speaker_kind") == "outlet":
        return False
    # the words naming the speaker in this sentence ("the monitor", "he"), and the name they were
    # resolved to; either may meet the gold's words or the name they refer to
    candidates: list[tuple[int, int]] = []
    sp = claim.get("speaker_span")
    if sp:
        offset = span[0] - claim["start"]
        candidates.append((sp[0] + offset, sp[1] + offset))
    named = _raw_span(content, claim["speaker"], span[0])
    if named is not None:
        candidates.append(named)
    golds = [s for s in (g.get("span"), g.get("refers_to")) if s is not None]
    return any(_overlap(c, s) > 0 for c in candidates for s in golds)


def _own_toll(ev: dict[str, Any], own_claims: set[str]) -> int | None:
    """The figure an exported event lists for one article's claims: the highest from sources that are
    not parties to the fighting, else the highest a party gives; None when it lists none."""
    own = [f for f in ev.get("figures") or [] if own_claims & set(f.get("claim_ids") or [])]
    neutral = [f for f in own if not f.get("by_party")]
    pick = neutral or own
    return max(f["best"] for f in pick) if pick else None


def score(gold: list[dict[str, Any]], rows: dict[int, FakesRow], out: PipelineOutput) -> EvalResult:
    name_of = {r.row: f"{r.row:03d}-{r.unit_id}.txt" for r in rows.values()}
    by_file = out.events_by_file()
    claims_by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in out.claims:
        claims_by_article[c["article_id"]].append(c)
    tallies = {p: _Tally() for p in ("tune", "test", "all")}
    found_of: dict[tuple[int, str], str | None] = {}  # (row, gold event id) -> exported event id
    fusion_of: dict[tuple[int, str], str] = {}
    misses: dict[str, list[str]] = defaultdict(list)
    for ga in gold:
        row = rows[ga["row"]]
        if content_hash(row.content) != ga["sha"]:
            raise EvalDataError(f"row {ga['row']}: the article's text is not the one the gold was made on")
        parts = [tallies[ga["part"]], tallies["all"]]
        name = name_of[row.row]
        events = by_file.get(name, [])
        article = out.articles.get(name)
        own_claims = {c["id"] for c in claims_by_article.get((article or {}).get("id") or "", [])}
        pairs = match(events, ga["events"])
        loose = match(events, ga["events"], strict=False)
        right_ids = {ev["id"] for _, ev in pairs if ev is not None}
        right_type = {ev["id"] for _, ev in loose if ev is not None}
        for g, ev in pairs:
            found_of[(row.row, g["id"])] = ev["id"] if ev else None
            fusion_of[(row.row, g["id"])] = g["fusion"]
            if ev is None:
                misses["event_missed"].append(f"{row.row}:{g['id']}")
                continue
            got = (ev.get("fatalities") or {}).get("best")
            if (got or None) != (g["fatalities"] or None):
                misses["toll"].append(f"{row.row}:{g['id']}: {g['fatalities']} read as {got}")
            own = _own_toll(ev, own_claims)
            if (own or None) != (g["fatalities"] or None):
                misses["toll_own"].append(f"{row.row}:{g['id']}: {g['fatalities']} read as {own}")
        for ev in events:
            if ev["id"] not in right_ids:
                misses["event_extra"].append(
                    f"{row.row}:{ev['sub_event_type']}@{(ev.get('location') or {}).get('name')}"
                )
        for t in parts:
            t.articles += 1
            t.gold_events += len(ga["events"])
            t.found += len(right_ids)
            t.found_type += len(right_type)
            t.exported += len(events)
            t.exported_right += len(right_ids)
            t.exported_right_type += len(right_type)
            for g, ev in pairs:
                if ev is None:
                    continue
                fat = ev.get("fatalities")
                got = fat["best"] if fat else None
                want = g["fatalities"]
                t.toll += (got or None) == (want or None)
                t.toll_own += (_own_toll(ev, own_claims) or None) == (want or None)
                if want:
                    t.by_party_n += 1
                    t.by_party += bool(ev.get("fatalities_by_party")) == g["fatalities_by_party"]
                t.actor1 += actor_class(ev.get("actor1"), ev.get("inter1") or 0) == _gold_class(g["actor1"])
                if g.get("actor2") is not None:
                    t.actor2_n += 1
                    t.actor2 += actor_class(ev.get("actor2"), ev.get("inter2") or 0) == _gold_class(g["actor2"])
        # claims
        aid = article["id"] if article else None
        preds = []
        for c in claims_by_article.get(aid or "", []):
            span = _raw_span(row.content, c["text"], c["start"])
            if span is not None:
                preds.append((c, span))
        for gc in ga["claims"]:
            gspan = gc["span"]
            best = max(preds, key=lambda p: _overlap(p[1], gspan), default=None)
            ok = best is not None and _overlap(best[1], gspan) * 2 >= gspan[1] - gspan[0]
            for t in parts:
                t.gold_claims += 1
                if ok and best is not None:
                    t.claims_found += 1
                    t.speaker += _speaker_ok(gc, best[0], row.content, best[1])
                    t.certainty += best[0]["certainty"] == gc["certainty"]
        for _c, span in preds:
            right = any(_overlap(span, gc["span"]) > 0 for gc in ga["claims"])
            for t in parts:
                t.pred_claims += 1
                t.pred_claims_right += right
        # outlet and publication date
        o = score_outlet(ga["outlet"], article)
        pub_gold = (ga.get("published") or {}).get("date")
        pub_got = (article or {}).get("published")
        for t in parts:
            t.outlet_named += o["named"]
            t.outlet_found += o["found"]
            t.outlet_wrong += o["wrong"]
            if pub_gold:
                t.published_gold += 1
                t.published_right += pub_got == pub_gold
            t.published_wrong += bool(pub_got) and pub_got != pub_gold
    # fusion: pairs of gold events in different articles
    keys = sorted(found_of)
    part_of = {ga["row"]: ga["part"] for ga in gold}
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if a[0] == b[0]:
                continue
            same = fusion_of[a] == fusion_of[b]
            ea, eb = found_of[a], found_of[b]
            for p in {"all", part_of[a[0]]} if part_of[a[0]] == part_of[b[0]] else {"all"}:
                t = tallies[p]
                if same:
                    t.fusion_pairs += 1
                    t.fused += ea is not None and ea == eb
                    if p == "all" and not (ea is not None and ea == eb):
                        misses["unfused"].append(f"{a[0]}:{a[1]}~{b[0]}:{b[1]}")
                elif ea is not None and eb is not None:
                    t.other_pairs += 1
                    t.merged += ea == eb
    metrics: dict[str, float] = {}
    for p, t in tallies.items():
        metrics.update(
            {
                f"{p}_event_precision": ratio(t.exported_right, t.exported),
                f"{p}_event_recall": ratio(t.found, t.gold_events),
                f"{p}_event_precision_type": ratio(t.exported_right_type, t.exported),
                f"{p}_event_recall_type": ratio(t.found_type, t.gold_events),
                f"{p}_toll": ratio(t.toll, t.found),
                f"{p}_toll_own": ratio(t.toll_own, t.found),
                f"{p}_toll_by_party": ratio(t.by_party, t.by_party_n),
                f"{p}_actor1": ratio(t.actor1, t.found),
                f"{p}_actor2": ratio(t.actor2, t.actor2_n),
                f"{p}_fusion": ratio(t.fused, t.fusion_pairs),
                f"{p}_fusion_pairs": float(t.fusion_pairs),
                f"{p}_false_merges": ratio(t.merged, t.other_pairs),
                f"{p}_claim_recall": ratio(t.claims_found, t.gold_claims),
                f"{p}_claim_precision": ratio(t.pred_claims_right, t.pred_claims),
                f"{p}_speaker": ratio(t.speaker, t.claims_found),
                f"{p}_certainty": ratio(t.certainty, t.claims_found),
                f"{p}_outlet_found": ratio(t.outlet_found, t.outlet_named),
                f"{p}_outlet_wrong": ratio(t.outlet_wrong, t.articles),
                f"{p}_published_found": ratio(t.published_right, t.published_gold),
                f"{p}_published_wrong": ratio(t.published_wrong, t.articles),
                f"{p}_events_per_article": ratio(t.exported, t.articles),
                f"{p}_gold_events_per_article": ratio(t.gold_events, t.articles),
            }
        )
    return EvalResult("real", metrics, len(gold), "fakes/dev.csv + datasets/fakes-gold/gold.json", {"misses": misses})


def _gold_class(actor: dict[str, Any] | None) -> str:
    if actor is None:
        return "unknown"
    return str(actor.get("class"))


def evaluate_real(data: Path, gold_path: Path = GOLD, workdir: Path | None = None) -> EvalResult:
    gold = load_gold(gold_path)
    all_rows = {r.row: r for r in read_fakes(data)}
    rows = {ga["row"]: all_rows[ga["row"]] for ga in gold}
    if workdir is not None:
        out, _ = run_rows(rows.values(), workdir)
    else:
        with stable_workdir("real") as tmp:
            out, _ = run_rows(rows.values(), tmp)
    return score(gold, rows, out)
