"""`events-acled`: end-to-end event extraction from ACLED's own event descriptions.

Each row's `notes` (a one-paragraph description of one event) becomes a short text
Article published on the row's `event_date`, and goes through the real pipeline:
`Analyzer.analyze(article, anchor=event_date)` finds the mentions, classifies each
sentence, attributes it and builds its claims. The article's **primary event** is the
event of its first event claim in text order (ACLED's notes lead with the event they code;
later sentences add tolls, context or earlier events), and it is compared with the row:

- `event_type_accuracy`, `sub_event_type_accuracy`: a row with no event detected is a miss;
- `fatalities_exact`: our toll (no event, or no toll given, counts as 0) equals the row's;
- `location_within_50km`: our place is within 50 km of the row's latitude/longitude;
- `date_exact`: our date starts on the row's `event_date`;
- `actor1_class_agreement`: our actor1's ACLED class (inter code) is the row's `inter1`;
- `no_event`: the share of rows where no event was detected.

(The highest-scoring event claim, `primary="best"`, was measured too: a little lower on every
field.) The export's last row is cut short (no notes, no place): it is skipped and counted in
`details["skipped_rows"]`. Rows are analysed in worker processes (`LocalExecutor`), each
loading its own Analyzer.

The `*_given_event` figures score the same fields over the rows where an event was
detected, to tell argument errors from detection misses. `details` breaks everything down
by gold event type and holds the event-type confusion counts; it holds no text of the data.

ACLED's terms allow evaluation only: the data is read from ../shared/data at evaluation
time, never copied into the project, and nothing (model, lexicon, rule) is built from it.
"""

from __future__ import annotations

import csv
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fogwatch.errors import BadEvalOption, EvalDataError, FogwatchError
from fogwatch.eval.metrics import ratio
from fogwatch.eval.result import EvalResult
from fogwatch.geo import haversine_km
from fogwatch.model import ActorRef, Article, Location, Reject, TimeValue
from fogwatch.settings import current

FILE = "acled.csv"
NEAR_KM = 50.0
NO_EVENT = "(none)"
_NEEDED = ("notes", "event_date", "event_type", "sub_event_type", "inter1", "latitude", "longitude", "fatalities")


@dataclass(slots=True)
class GoldEvent:
    id: str
    notes: str
    event_date: date
    event_type: str
    sub_event_type: str
    inter1: int
    lat: float
    lon: float
    fatalities: int


@dataclass(slots=True)
class Predicted:
    """What the pipeline made of one row (small and picklable: it comes back from a worker)."""

    index: int
    event_type: str | None = None
    sub_event_type: str | None = None
    fatalities: int = 0
    lat: float | None = None
    lon: float | None = None
    date_start: date | None = None
    actor1_inter: int | None = None
    actor1: str | None = None
    claims: int = 0
    error: str | None = None


def parse_acled_date(value: str) -> date:
    """ACLED's dates: "9-May-20" in its exports, also "09 May 2020" and ISO."""
    value = value.strip()
    for fmt in ("%d-%b-%y", "%d %B %Y", "%d-%B-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not an ACLED date: {value!r}")


def read_acled(path: Path) -> tuple[list[GoldEvent], Counter[str]]:
    """The rows of an ACLED export that can be scored, and the others counted by reason."""
    csv.field_size_limit(1 << 24)
    rows: list[GoldEvent] = []
    skipped: Counter[str] = Counter()
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in _NEEDED if c not in (reader.fieldnames or [])]
        if missing:
            raise EvalDataError(f"{path}: not an ACLED export, no column(s) {', '.join(missing)}")
        for i, row in enumerate(reader):
            notes = (row.get("notes") or "").strip()
            if not notes:
                skipped["no notes (truncated row)"] += 1
                continue
            try:
                rows.append(
                    GoldEvent(
                        row.get("event_id_cnty") or str(i + 1),
                        notes,
                        parse_acled_date(row["event_date"]),
                        row["event_type"],
                        row["sub_event_type"],
                        int(row["inter1"]),
                        float(row["latitude"]),
                        float(row["longitude"]),
                        int(row["fatalities"]),
                    )
                )
            except (TypeError, ValueError):
                skipped["unreadable field"] += 1
    return rows, skipped


def sample_rows(rows: list[GoldEvent], n: int) -> list[GoldEvent]:
    """A fixed, evenly spread sample of `n` rows (every k-th row): the same rows on every run."""
    if n >= len(rows):
        return rows
    step = len(rows) / n
    return [rows[int(i * step)] for i in range(n)]


class _PredictStep:
    """Pipeline step: (index, article, anchor) in, one `Predicted` out per article."""

    name = "events-acled"

    def __init__(self, model: str | None = None, primary: str = "first") -> None:
        from fogwatch.analyze import Analyzer

        self.analyzer = Analyzer(event_model=model)
        self.primary = primary

    def run(self, records: Iterable[tuple[int, Article, date]]) -> Iterator[Predicted]:
        for index, article, anchor in records:
            try:
                yield self.predict(index, article, anchor)
            except FogwatchError:
                raise
            except Exception as exc:  # one text that breaks a rule is a miss, not the end of the run
                yield Predicted(index, error=f"{type(exc).__name__}: {exc}")

    def predict(self, index: int, article: Article, anchor: date) -> Predicted:
        from fogwatch.analyze import Analysis

        result = self.analyzer.analyze(article, anchor)
        out = Predicted(index)
        if isinstance(result, Reject) or not isinstance(result, Analysis):
            out.error = f"rejected: {result.kind}" if isinstance(result, Reject) else "no analysis"
            return out
        events = [c for c in result.claims if c.event is not None and c.kind == "event"]
        out.claims = len(events)
        if not events:
            return out
        claim = events[0] if self.primary == "first" else max(events, key=lambda c: c.event.score if c.event else 0)
        ev = claim.event
        assert ev is not None
        out.event_type, out.sub_event_type = ev.event_type, ev.sub_event_type
        out.fatalities = ev.fatalities.best if ev.fatalities is not None else 0
        if ev.location is not None and isinstance(ev.location.value, Location):
            out.lat, out.lon = ev.location.value.lat, ev.location.value.lon
        if ev.date is not None and isinstance(ev.date.value, TimeValue):
            out.date_start = ev.date.value.start
        if ev.actor1 is not None and isinstance(ev.actor1.value, ActorRef):
            out.actor1_inter, out.actor1 = ev.actor1.value.inter, ev.actor1.value.name
        return out


def predict_rows(
    rows: list[GoldEvent], model: str | None = None, workers: int | None = None, primary: str = "first"
) -> list[Predicted]:
    """Run the pipeline on every row (in worker processes when there are enough rows)."""
    from fogwatch.pipeline import LocalExecutor

    step = _PredictStep(model, primary)
    step.analyzer.load()
    # One short text through everything loads the parts that load lazily, before workers fork.
    step.predict(-1, Article("warm-up", "eval", "text", "On 1 May 2020, gunmen attacked a village."), date(2020, 5, 1))
    executor = LocalExecutor(workers=workers, batch_size=32)
    records = (
        (i, Article(r.id, "acled", "text", r.notes, published=r.event_date), r.event_date) for i, r in enumerate(rows)
    )
    out = list(executor.run([step], records))
    return sorted((p for p in out if isinstance(p, Predicted)), key=lambda p: p.index)


@dataclass(slots=True)
class _Scores:
    n: int = 0
    detected: int = 0
    event_type: int = 0
    sub_event_type: int = 0
    fatalities: int = 0
    location: int = 0
    date: int = 0
    actor1: int = 0
    fat_given: int = 0
    loc_given: int = 0
    date_given: int = 0
    actor1_given: int = 0

    def add(self, g: GoldEvent, p: Predicted) -> None:
        self.n += 1
        hit_fat = p.fatalities == g.fatalities
        self.fatalities += hit_fat
        if p.event_type is None:
            return
        self.detected += 1
        self.event_type += p.event_type == g.event_type
        self.sub_event_type += p.sub_event_type == g.sub_event_type
        near = p.lat is not None and p.lon is not None and haversine_km(p.lat, p.lon, g.lat, g.lon) <= NEAR_KM
        same_day = p.date_start == g.event_date
        same_class = p.actor1_inter == g.inter1
        self.location += near
        self.date += same_day
        self.actor1 += same_class
        self.fat_given += hit_fat
        self.loc_given += near
        self.date_given += same_day
        self.actor1_given += same_class

    def metrics(self) -> dict[str, float]:
        return {
            "event_type_accuracy": ratio(self.event_type, self.n),
            "sub_event_type_accuracy": ratio(self.sub_event_type, self.n),
            "fatalities_exact": ratio(self.fatalities, self.n),
            "location_within_50km": ratio(self.location, self.n),
            "date_exact": ratio(self.date, self.n),
            "actor1_class_agreement": ratio(self.actor1, self.n),
            "no_event": ratio(self.n - self.detected, self.n),
            "fatalities_exact_given_event": ratio(self.fat_given, self.detected),
            "location_within_50km_given_event": ratio(self.loc_given, self.detected),
            "date_exact_given_event": ratio(self.date_given, self.detected),
            "actor1_class_agreement_given_event": ratio(self.actor1_given, self.detected),
        }


def score(gold: list[GoldEvent], pred: list[Predicted]) -> tuple[dict[str, float], dict[str, Any]]:
    """Metrics over all rows, and the details (by gold event type, confusion, fatalities)."""
    total = _Scores()
    by_type: dict[str, _Scores] = defaultdict(_Scores)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    sub_confusion: dict[str, Counter[str]] = defaultdict(Counter)
    fat = Counter[str]()
    errors = 0
    for g, p in zip(gold, pred, strict=True):
        total.add(g, p)
        by_type[g.event_type].add(g, p)
        confusion[g.event_type][p.event_type or NO_EVENT] += 1
        sub_confusion[g.sub_event_type][p.sub_event_type or NO_EVENT] += 1
        errors += p.error is not None and not p.error.startswith("rejected")
        if g.fatalities > 0:
            fat["gold_nonzero"] += 1
            fat["exact_on_nonzero"] += p.fatalities == g.fatalities
            fat["under"] += p.fatalities < g.fatalities
            fat["over"] += p.fatalities > g.fatalities
        else:
            fat["gold_zero"] += 1
            fat["over_on_zero"] += p.fatalities > 0
    details: dict[str, Any] = {
        "primary_event": "the event of the first event claim in text order",
        "by_event_type": {
            t: {"n": s.n, **{k: round(v, 4) for k, v in s.metrics().items()}} for t, s in sorted(by_type.items())
        },
        "event_type_confusion": {t: dict(c.most_common()) for t, c in sorted(confusion.items())},
        "sub_event_type_confusion": {t: dict(c.most_common(6)) for t, c in sorted(sub_confusion.items())},
        "fatalities": dict(fat),
        "errors": errors,
    }
    return total.metrics(), details


def evaluate_events_acled(
    data: Path,
    model: str | None = None,
    sample: int | None = None,
    workers: int | None = None,
    primary: str = "first",
) -> EvalResult:
    """Score the pipeline's events against an ACLED export (`data`: its folder or the CSV).

    `model`: the event classifier to use (as `load_classifier` takes it; None: FOGWATCH_EVENT_MODEL
    or the rules); `sample`: score a fixed, evenly spread sample of that many rows; `primary`:
    "first" (the first event claim) or "best" (the highest-scoring one)."""
    if primary not in ("first", "best"):
        raise BadEvalOption(f"events-acled: primary must be 'first' or 'best', not {primary!r}")
    path = data / FILE if data.is_dir() else data
    if not path.exists():
        raise EvalDataError(f"events-acled: no {FILE} in {data}")
    rows, skipped = read_acled(path)
    if sample is not None:
        rows = sample_rows(rows, sample)
    t0 = time.perf_counter()
    pred = predict_rows(rows, model, workers, primary)
    seconds = time.perf_counter() - t0
    metrics, details = score(rows, pred)
    details["skipped_rows"] = dict(skipped)
    details["sample"] = sample
    # a model trained on this same export would be scored on its own training data: say which one ran
    details["model"] = model or current().event_model
    details["seconds"] = round(seconds, 1)
    details["rows_per_second"] = round(len(rows) / seconds, 1) if seconds else None
    return EvalResult("events-acled", metrics, len(rows), str(path), details)
