"""Our own gold over real FA-KES articles: from labellers' drafts (quotes) to offsets-only gold.

Labellers write one draft per article, pointing at the text with exact quotes; this module
checks a draft against the article and turns it into gold that holds **no text of the article**:
every quote becomes `[start, end)` offsets into the row's `content` (as `fakes_data` decodes it),
with a hash of the content so a changed file is noticed. The gold lives in
`datasets/fakes-gold/gold.json`; the articles stay in `../shared/data`.

    python -m fogwatch.eval.real_gold check DRAFT.json...
    python -m fogwatch.eval.real_gold build DRAFTS_DIR OUT.json
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fogwatch.eval.fakes_data import FakesRow, read_fakes
from fogwatch.events.typology import SUB_EVENT_TYPES, event_type_of
from fogwatch.paths import eval_data_root

CERTAINTIES = ("asserted", "attributed", "hedged", "unconfirmed", "disputed", "denied")
SPEAKER_KINDS = ("outlet", "party", "official", "media", "local", "anonymous", "other")
CLAIM_KINDS = ("event", "figure", "accusation", "denial", "responsibility")
ACTOR_CLASSES = (
    "syria-gov",
    "russia",
    "iran-hezbollah",
    "isis",
    "nusra",
    "rebels",
    "kurdish",
    "coalition",
    "turkey",
    "israel",
    "civilians",
    "unknown",
    "other",
)
DATE_BASES = ("text", "article", "inferred")


class DraftError(Exception):
    pass


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class _Resolver:
    def __init__(self, text: str, problems: list[str]) -> None:
        self.text = text
        self.problems = problems

    def span(self, quote: Any, where: str) -> list[int] | None:
        if quote is None:
            return None
        n = 0
        explicit = False
        if isinstance(quote, dict):
            explicit = "n" in quote
            n = int(quote.get("n", 0))
            quote = quote.get("q")
        if not isinstance(quote, str) or not quote.strip():
            self.problems.append(f"{where}: not a quote: {quote!r}")
            return None
        starts = []
        pos = self.text.find(quote)
        while pos >= 0:
            starts.append(pos)
            pos = self.text.find(quote, pos + 1)
        if not starts:
            self.problems.append(f"{where}: quote not found in the text: {quote[:80]!r}")
            return None
        if n >= len(starts):
            self.problems.append(f"{where}: quote occurs {len(starts)} times, n={n} is out of range")
            return None
        if len(starts) > 1 and not explicit:
            # ambiguous without n: accepted as the first occurrence, but said
            self.problems.append(
                f"{where}: warning: quote occurs {len(starts)} times, the first is taken (add n to choose)"
            )
        return [starts[n], starts[n] + len(quote)]


def _need(d: dict[str, Any], key: str, where: str, problems: list[str]) -> Any:
    if key not in d:
        problems.append(f"{where}: missing '{key}'")
        return None
    return d[key]


def _actor(a: Any, where: str, r: _Resolver) -> dict[str, Any] | None:
    if a is None:
        return None
    if not isinstance(a, dict):
        r.problems.append(f"{where}: an actor is an object or null")
        return None
    cls = a.get("class")
    if cls not in ACTOR_CLASSES:
        r.problems.append(f"{where}: class {cls!r} is not one of {', '.join(ACTOR_CLASSES)}")
    return {"class": cls, "name": a.get("name"), "span": r.span(a.get("quote"), f"{where}.quote")}


def convert(draft: dict[str, Any], row: FakesRow) -> tuple[dict[str, Any], list[str]]:
    """The offsets-only gold of one article, and the problems found (warnings start with 'warning')."""
    problems: list[str] = []
    r = _Resolver(row.content, problems)
    out: dict[str, Any] = {"row": row.row, "unit_id": row.unit_id, "sha": content_hash(row.content), "part": row.part}
    pub = draft.get("published")
    if pub:
        out["published"] = {"date": pub.get("date"), "span": r.span(pub.get("quote"), "published.quote")}
    else:
        out["published"] = None
    outlet = draft.get("outlet") or {}
    site = outlet.get("site")
    out["outlet"] = {
        "site": {"name": site["name"], "span": r.span(site.get("quote"), "outlet.site.quote")} if site else None,
        "wire": [
            {"name": w["name"], "span": r.span(w.get("quote"), f"outlet.wire[{i}].quote")}
            for i, w in enumerate(outlet.get("wire") or [])
        ],
    }
    events: list[dict[str, Any]] = []
    ids: set[str] = set()
    for i, e in enumerate(draft.get("events") or []):
        where = f"events[{i}]"
        eid = _need(e, "id", where, problems)
        ids.add(eid)
        sub = _need(e, "sub_event_type", where, problems)
        if sub not in SUB_EVENT_TYPES:
            problems.append(f"{where}: sub_event_type {sub!r} is not ACLED's")
            continue
        basis = e.get("date_basis")
        if e.get("date") is not None and basis not in DATE_BASES:
            problems.append(f"{where}: date_basis {basis!r} is not one of {', '.join(DATE_BASES)}")
        place = e.get("place")
        gold_place = None
        if place:
            for key in ("name", "lat", "lon", "geo_precision"):
                _need(place, key, f"{where}.place", problems)
            gold_place = {
                "name": place.get("name"),
                "admin1": place.get("admin1"),
                "country": place.get("country"),
                "lat": place.get("lat"),
                "lon": place.get("lon"),
                "geo_precision": place.get("geo_precision"),
                "coords": place.get("coords", "gazetteer"),
                "span": r.span(place.get("quote"), f"{where}.place.quote"),
            }
        fat = e.get("fatalities")
        if fat is not None and not isinstance(fat, int):
            problems.append(f"{where}: fatalities must be an integer or null")
        evidence = [r.span(q, f"{where}.evidence[{k}]") for k, q in enumerate(e.get("evidence") or [])]
        if not evidence:
            problems.append(f"{where}: no evidence quote")
        events.append(
            {
                "id": eid,
                "main": bool(e.get("main", True)),
                "sub_event_type": sub,
                "event_type": event_type_of(sub),
                "date": e.get("date"),
                "date_basis": basis,
                "date_span": r.span(e.get("date_quote"), f"{where}.date_quote"),
                "month": e.get("month"),
                "year": e.get("year"),
                "place": gold_place,
                "actor1": _actor(e.get("actor1"), f"{where}.actor1", r),
                "actor2": _actor(e.get("actor2"), f"{where}.actor2", r),
                "fatalities": fat,
                "fatalities_span": r.span(e.get("fatalities_quote"), f"{where}.fatalities_quote"),
                "fatalities_by_party": bool(e.get("fatalities_by_party", False)),
                "evidence": [s for s in evidence if s is not None],
                "fusion": e.get("fusion") or f"{row.row}:{eid}",
            }
        )
    claims: list[dict[str, Any]] = []
    for i, c in enumerate(draft.get("claims") or []):
        where = f"claims[{i}]"
        span = r.span(c.get("text"), f"{where}.text")
        sp = c.get("speaker")
        speaker: Any
        if sp == "outlet" or sp is None:
            speaker = "outlet"
        elif isinstance(sp, dict):
            if sp.get("kind") not in SPEAKER_KINDS:
                problems.append(f"{where}.speaker: kind {sp.get('kind')!r} is not one of {', '.join(SPEAKER_KINDS)}")
            speaker = {
                "kind": sp.get("kind"),
                "span": r.span(sp.get("quote"), f"{where}.speaker.quote"),
                "refers_to": r.span(sp.get("refers_to"), f"{where}.speaker.refers_to"),
            }
        else:
            problems.append(f"{where}: speaker is 'outlet' or an object")
            speaker = "outlet"
        cert = c.get("certainty")
        if cert not in CERTAINTIES:
            problems.append(f"{where}: certainty {cert!r} is not one of {', '.join(CERTAINTIES)}")
        kind = c.get("kind", "event")
        if kind not in CLAIM_KINDS:
            problems.append(f"{where}: kind {kind!r} is not one of {', '.join(CLAIM_KINDS)}")
        ev = c.get("event")
        if ev is not None and ev not in ids:
            problems.append(f"{where}: event {ev!r} is not an event id of this article")
        claims.append(
            {
                "span": span,
                "speaker": speaker,
                "cue_span": r.span(c.get("cue"), f"{where}.cue"),
                "certainty": cert,
                "event": ev,
                "kind": kind,
            }
        )
    out["events"] = events
    out["claims"] = claims
    return out, problems


def _rows(data: Path | None = None) -> dict[int, FakesRow]:
    return {r.row: r for r in read_fakes((data or eval_data_root()) / "fakes")}


Converter = Callable[[dict[str, Any], FakesRow], tuple[dict[str, Any], list[str]]]


def check_drafts(
    paths: list[Path], convert_fn: Converter, describe: Callable[[dict[str, Any]], str], data: Path | None = None
) -> int:
    """Check drafts against their rows (any kind of gold: `convert_fn` makes it); 1 when one has a problem."""
    rows = _rows(data)
    bad = 0
    for p in paths:
        draft = json.loads(p.read_text())
        row = rows.get(int(draft.get("row", -1)))
        if row is None:
            print(f"{p}: no such row {draft.get('row')!r}")
            bad += 1
            continue
        gold, problems = convert_fn(draft, row)
        errors = [x for x in problems if "warning" not in x]
        bad += bool(errors)
        print(f"{p}: {'OK' if not errors else 'PROBLEMS'}{describe(gold)}")
        for x in problems:
            print(f"  {x}")
    return 1 if bad else 0


def build_drafts(drafts: Path, out: Path, convert_fn: Converter, about: str, data: Path | None = None) -> int:
    """Every draft of a folder turned into one offsets-only gold file; drafts with problems are left out, said."""
    rows = _rows(data)
    articles = []
    failed = 0
    for p in sorted(drafts.glob("*.json"), key=lambda p: int(p.stem) if p.stem.isdigit() else 10**9):
        draft = json.loads(p.read_text())
        gold, problems = convert_fn(draft, rows[int(draft["row"])])
        errors = [x for x in problems if "warning" not in x]
        if errors:
            failed += 1
            print(f"{p}: not built: " + "; ".join(errors))
            continue
        articles.append(gold)
    doc = {"about": about, "dataset": "fakes/dev.csv", "articles": articles}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    print(f"{out}: {len(articles)} articles, {failed} not built")
    return 1 if failed else 0


ABOUT = (
    "Events, claims, outlets and publication dates of real FA-KES articles, labelled for fogwatch. "
    "Offsets are [start, end) into the row's article_content as fogwatch.eval.fakes_data decodes it; "
    "no text of the articles is stored here."
)


def check(paths: list[Path], data: Path | None = None) -> int:
    return check_drafts(paths, convert, lambda g: f": {len(g['events'])} events, {len(g['claims'])} claims", data)


def build(drafts: Path, out: Path, data: Path | None = None) -> int:
    return build_drafts(drafts, out, convert, ABOUT, data)


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "check":
        return check([Path(a) for a in argv[1:]])
    if len(argv) == 3 and argv[0] == "build":
        return build(Path(argv[1]), Path(argv[2]))
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
