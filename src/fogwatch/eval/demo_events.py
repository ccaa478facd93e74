"""Task `events-demo`: events and claims of the demo corpus against its gold annotations.

The corpus goes through the whole pipeline (`fogwatch ingest` into a temporary SQLite file:
clean, stories, analysis, claims, fusion), then:

- **events**: a gold event is found when a fused event has a compatible type (the same event
  type, or one that fusion would merge with it), a date within one day and a place within
  10 km; each fused event is used once. Precision counts the fused events that match a gold
  one, so events split in two, or background told as news, cost precision. On matched pairs:
  sub-event type, status, actor1 and the best death toll, each as a share.
- **claims**: a gold claim is found when a claim covers the same sentence (the gold text is
  inside the claim's text, or most of it is); on found claims, certainty, speaker (either name
  contains the other, case folded) and cue agreement.
- **non-events**: the share of the gold non-event sentences (background, opinion, threats,
  diplomacy) that produced no event claim.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

from fogwatch.eval.metrics import ratio
from fogwatch.eval.result import EvalResult
from fogwatch.model import Claim, Event

_WS = re.compile(r"\s+")
PLACE_KM = 10.0


def _n(s: str | None) -> str:
    return _WS.sub(" ", (s or "").replace("’", "'")).strip().lower()


def run_pipeline(corpus: Path, db: Path) -> tuple[list[Event], list[Claim], dict[str, str]]:
    """Ingest the corpus into `db`; the fused events, every claim, and article id -> corpus path."""
    from fogwatch.paths import corpus_inputs
    from fogwatch.run import ingest
    from fogwatch.store import Store
    from fogwatch.store.claims import iter_claims, read_events

    store = Store.open(str(db))
    ingest(corpus_inputs(corpus), store, workers=1)
    with store.engine.connect() as conn:
        events = read_events(conn)
        claims = list(iter_claims(conn))
    root = str(corpus.resolve())
    paths = {a.id: str(Path(a.source).relative_to(root)) for a in store.articles()}
    return events, claims, paths


def _date_close(ev: Event, gold: str) -> bool:
    from datetime import date

    if ev.date is None or ev.date.start is None:
        return False
    return abs((ev.date.start - date.fromisoformat(gold)).days) <= 1


def match_events(events: list[Event], gold: list[dict[str, Any]]) -> list[tuple[dict[str, Any], Event | None]]:
    from fogwatch.events.fuse import fusion_type, types_compatible
    from fogwatch.geo import haversine_km

    used: set[str] = set()
    out: list[tuple[dict[str, Any], Event | None]] = []
    for g in gold:
        best: tuple[float, Event] | None = None
        for ev in events:
            kind = fusion_type(ev.event_type, ev.sub_event_type)
            if ev.id in used or ev.location is None or not types_compatible(kind, g["event_type"]):
                continue
            if not _date_close(ev, g["date"]):
                continue
            d = haversine_km(ev.location.lat, ev.location.lon, g["location"]["lat"], g["location"]["lon"])
            if d > PLACE_KM:
                continue
            # prefer the same sub-event type, then the nearest place
            key = d + (0 if ev.sub_event_type == g["sub_event_type"] else 100)
            if best is None or key < best[0]:
                best = (key, ev)
        if best is not None:
            used.add(best[1].id)
        out.append((g, best[1] if best else None))
    return out


def _covers(claim_text: str, gold_text: str) -> bool:
    c, g = _n(claim_text), _n(gold_text)
    if not c or not g:
        return False
    return g in c or (c in g and len(c) >= 0.6 * len(g))


def evaluate_demo_events(corpus: Path) -> EvalResult:
    gold: dict[str, Any] = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="fogwatch-eval-") as tmp:
        events, claims, paths = run_pipeline(corpus, Path(tmp) / "demo.db")
    pairs = match_events(events, gold["events"])
    found = [(g, ev) for g, ev in pairs if ev is not None]
    per_event = {
        g["id"]: None
        if ev is None
        else {
            "sub_event_type": ev.sub_event_type,
            "status": ev.status,
            "actor1": ev.actor1,
            "fatalities": ev.fatalities.best if ev.fatalities else None,
            "place": ev.location.name if ev.location else None,
        }
        for g, ev in pairs
    }

    by_article: dict[str, list[Claim]] = {}
    for c in claims:
        by_article.setdefault(paths.get(c.article_id, c.article_id), []).append(c)
    claim_hits = certainty = speaker = cue = 0
    missed: list[str] = []
    wrong: list[dict[str, Any]] = []
    for g in gold["claims"]:
        cands = [c for c in by_article.get(g["article"], []) if _covers(c.text, g["text"])]
        if not cands:
            missed.append(g["text"][:90])
            continue
        c = cands[0]
        claim_hits += 1
        certainty += int(c.certainty == g["certainty"])
        sp, gs = _n(c.speaker), _n(g["speaker"])
        speaker += int(bool(sp) and (sp in gs or gs in sp))
        cue += int(_n(c.cue) == _n(g.get("cue")))
        if c.certainty != g["certainty"]:
            wrong.append({"text": g["text"][:90], "gold": g["certainty"], "got": c.certainty})
    non_event_ok = 0
    for ne in gold.get("non_events", []):
        hit = [c for c in by_article.get(ne["article"], []) if c.event is not None and _covers(c.text, ne["text"])]
        non_event_ok += int(not hit)

    n_claims = len(gold["claims"])
    metrics = {
        "event_recall": ratio(len(found), len(gold["events"])),
        "event_precision": ratio(len({ev.id for _, ev in found if ev}), len(events)),
        "events_predicted": float(len(events)),
        "sub_event_type_accuracy": ratio(sum(ev.sub_event_type == g["sub_event_type"] for g, ev in found), len(found)),
        "status_accuracy": ratio(sum(ev.status == g["status"] for g, ev in found), len(found)),
        "actor1_accuracy": ratio(sum(ev.actor1 == g["actor1"] for g, ev in found), len(found)),
        "fatalities_best_exact": ratio(
            sum(
                (ev.fatalities.best if ev.fatalities else 0) == (g.get("fatalities") or {}).get("best", 0)
                for g, ev in found
            ),
            len(found),
        ),
        "claim_recall": ratio(claim_hits, n_claims),
        "claim_certainty_accuracy": ratio(certainty, claim_hits),
        "claim_speaker_accuracy": ratio(speaker, claim_hits),
        "claim_cue_accuracy": ratio(cue, claim_hits),
        "non_events_without_event": ratio(non_event_ok, len(gold.get("non_events", []))),
    }
    details = {"events": per_event, "claims_missed": missed, "certainty_wrong": wrong}
    return EvalResult("events-demo", metrics, len(gold["events"]), str(corpus), details)
