"""The analyze stage: an article's clean text to mentions of places, dates, actors and numbers,
then to the claims it makes (events/), written to the store.

It sits above nlp/, events/ and store/ because it joins them: nlp/ knows nothing of events or
of the database, and this is the one module that runs the event extractor after the annotators.

`Analyzer` holds what is slow to build (the spaCy pipeline, the actor tries, the
gazetteer) and reads one article at a time; `AnalyzeStep` wraps it in the pipeline
contract for worker processes; `analyze_pending` analyses every stored article not
analysed yet, one transaction per batch, and records each as analysed, skipped (with
the reason: another language, too long) or failed (an error, or over its time budget;
tried again on the next run) so a rerun does nothing twice.

Dates are resolved against the article's publication date, or, for an undated
article, its story's first publication. Text in another language is skipped (and
the language recorded) until multilingual support exists.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar, cast

from sqlalchemy import Connection, inspect, select

from fogwatch.doc import Annotation, Annotator, Doc, annotate, check_order
from fogwatch.errors import FogwatchError
from fogwatch.model import ActorRef, Article, Claim, Location, Mention, MentionKind, Quantity, Reject, TimeValue
from fogwatch.nlp.geo_lexicon import begins_organisation
from fogwatch.nlp.text import Parsed, TextPipeline, detect_language
from fogwatch.pipeline import MakeExecutor, failure_reject
from fogwatch.settings import Settings, current

LAYER = "mention"
STEP = "analyze"
# Languages analysed today; others are skipped with their code recorded.
LANGUAGES = ("en", "und")
# The longest clean text analysed by default (a long report runs to some 100,000 characters); longer
# ones are stored but skipped here, with the reason. The settings' `max_analysis_chars` rules.
MAX_ANALYSIS_CHARS = Settings().max_analysis_chars
# Seconds one article may take to analyse by default (the settings' `analysis_seconds`; None: no limit).
ANALYSIS_SECONDS = Settings().analysis_seconds
# Rejects that say the analysis failed (not that the text is one it does not analyse): such
# an article is marked "failed" and tried again on the next run.
FAILED_KINDS = frozenset({"error", "too-slow", "crashed"})


@dataclass(slots=True)
class Analysis:
    """What the analyze step made of one article."""

    article_id: str
    mentions: list[Mention]
    language: str
    anchor: date | None = None
    claims: list[Claim] = field(default_factory=list)
    anchor_evidence: str | None = None  # set when the anchor was inferred from the text's own dates


class Analyzer:
    """Finds places, dates, actors and quantities in articles. Parts load on first use.

    What is not given comes from `settings` (by default those in force when it is made), which
    travel with it to worker processes: the spaCy pipeline, the actors file added to the
    registry, the event model, the longest text analysed and the offline gazetteer's folder."""

    def __init__(
        self,
        nlp: str | None = None,
        actors: str | Path | None = None,
        places: bool = True,
        events: bool = True,
        event_model: str | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.settings = settings if settings is not None else current()
        self.nlp_name = nlp if nlp is not None else (self.settings.nlp or "")
        self.actors_file = actors
        self.use_places = places
        self.use_events = events
        self.event_model = event_model if event_model is not None else self.settings.event_model
        self._events: Any = None
        self._text: TextPipeline | None = None
        self._actors: Any = None
        self._numbers: Any = None
        self._places: Any = None
        self._places_loaded = False
        self._annotators: list[Annotator] | None = None

    def __getstate__(self) -> dict[str, Any]:
        # Sent to a worker process without the loaded parts; each process loads its own.
        return {
            "nlp_name": self.nlp_name,
            "actors_file": self.actors_file,
            "use_places": self.use_places,
            "use_events": self.use_events,
            "event_model": self.event_model,
            "settings": self.settings,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(  # type: ignore[misc]
            state["nlp_name"],
            state["actors_file"],
            state["use_places"],
            state["use_events"],
            state["event_model"],
            state["settings"],
        )

    def load(self, on_build: Callable[[Path], None] | None = None) -> Analyzer:
        """Load every part now (before forking workers, so they share it); `on_build` hears of
        the offline gazetteer's first build (some 30 s) before it starts."""
        if self.use_places and self._places is None and on_build is not None:
            try:
                from fogwatch.nlp.places import default_gazetteer
            except ModuleNotFoundError as exc:
                if exc.name != "fogwatch.nlp.places":
                    raise
            else:
                default_gazetteer(on_build, self.settings)
        self.text_pipeline.nlp  # noqa: B018 - loads spaCy
        self.actor_matcher  # noqa: B018
        self.quantity_finder  # noqa: B018
        self.geoparser  # noqa: B018
        if self.event_extractor is not None:
            self.event_extractor.load()
        return self

    @property
    def event_extractor(self) -> Any:
        """The events part (claims and the events they report), or None when switched off."""
        if self._events is None and self.use_events:
            from fogwatch.events.extract import EventExtractor

            self._events = EventExtractor(self.event_model)
        return self._events

    @property
    def text_pipeline(self) -> TextPipeline:
        if self._text is None:
            self._text = TextPipeline(self.nlp_name)
        return self._text

    @property
    def actor_matcher(self) -> Any:
        if self._actors is None:
            from fogwatch.nlp.actors import ActorMatcher, load_registry

            self._actors = ActorMatcher(load_registry(self.actors_file, self.settings))
        return self._actors

    @property
    def quantity_finder(self) -> Any:
        if self._numbers is None:
            from fogwatch.nlp.numbers import QuantityFinder

            self._numbers = QuantityFinder()
        return self._numbers

    @property
    def geoparser(self) -> Any:
        """The places part, or None when it is switched off or not installed with this copy."""
        if not self._places_loaded:
            self._places_loaded = True
            if self.use_places:
                try:
                    from fogwatch.nlp.places import Geoparser, default_gazetteer
                except ModuleNotFoundError as exc:
                    if exc.name != "fogwatch.nlp.places":
                        raise
                    self._places = None
                else:
                    self._places = Geoparser(default_gazetteer(settings=self.settings))
        return self._places

    def analyze(self, article: Article, anchor: date | None = None) -> Analysis | Reject:
        """Mentions in the article's clean text, or a Reject saying why it was not analysed."""
        text = article.text
        if not text.strip():
            return Reject(article.id, STEP, "empty", "no text left after cleaning: nothing to analyse")
        most = self.settings.max_analysis_chars
        if len(text) > most:
            return Reject(
                article.id,
                STEP,
                "too-long",
                f"{len(text):,} characters of clean text; analysis reads up to {most:,} "
                "(set FOGWATCH_MAX_ANALYSIS_CHARS to read more)",
            )
        lang = detect_language(text)
        if lang.code not in LANGUAGES:
            return Reject(
                article.id,
                STEP,
                "language",
                f"language '{lang.code}' ({lang.evidence}): only English is analysed for now",
            )
        doc = self.document(text)
        doc.facts.update(article=article, anchor=anchor)
        if anchor is None:
            # No publication date, from the article or its story: what the text's own dates support.
            from fogwatch.nlp.dates import find_timexes, infer_anchor

            unanchored = find_timexes(text, None)
            inferred = infer_anchor(text, unanchored)
            if inferred is not None:
                doc.facts.update(anchor=inferred.day, year=inferred.year, anchor_evidence=inferred.evidence)
            if doc.facts["anchor"] is None:
                doc.facts["timexes"] = unanchored  # still no anchor: the dates annotator takes these as found
        annotate(doc, self.annotators)
        mentions = doc.values("mentions")
        claims: list[Claim] = doc.values("claims") if "claims" in doc.layers else []
        return Analysis(article.id, mentions, lang.code, doc.facts["anchor"], claims, doc.facts.get("anchor_evidence"))

    def document(self, text: str) -> Doc:
        """The article's one `Doc`: its sentences (the text pipeline's) and its tokens, made once
        here and read by every annotator."""
        from fogwatch.nlp.actors import tokenize

        parsed = self.text_pipeline.parse(text)
        return Doc(text, tokenize(text), parsed.sentences)

    @property
    def annotators(self) -> list[Annotator]:
        """The annotators in the order they run, each given its loaded part (the order is checked on first
        use): the mention finders, the mentions made of their layers, then the claims (when events are on)."""
        if self._annotators is None:
            from fogwatch.nlp.annotators import Actors, Countries, Dates, Places, Quantities

            found: list[Annotator] = [
                Countries(self.actor_matcher),
                Places(self.geoparser),
                Actors(self.actor_matcher),
                Dates(),
                Quantities(self.quantity_finder),
                Mentions(),
            ]
            if self.event_extractor is not None:
                found.append(Claims(self.event_extractor, self.actor_matcher))
            check_order(found)
            self._annotators = found
        return self._annotators

    def mentions(self, article_id: str, parsed: Parsed, anchor: date | None, year: int | None = None) -> list[Mention]:
        """Mentions of the parsed text; dates resolved against `anchor`, or given `year` when only that is known."""
        from fogwatch.nlp.actors import tokenize

        doc = Doc(parsed.text, tokenize(parsed.text), parsed.sentences, facts={"anchor": anchor, "year": year})
        doc.facts["article_id"] = article_id
        annotate(doc, [a for a in self.annotators if a.name != "claims"])
        mentions: list[Mention] = doc.values("mentions")
        return mentions


class Mentions:
    """The article's mentions, made of the finders' layers: one per span and kind, the most confident,
    in text order. The Doc's facts name the article ("article", or "article_id")."""

    name: ClassVar[str] = "mentions"
    needs: ClassVar[tuple[str, ...]] = ("sentences", "places", "dates", "actors", "quantities")
    adds: ClassVar[tuple[str, ...]] = ("mentions",)

    def __call__(self, doc: Doc) -> None:
        article = doc.facts.get("article")
        article_id = article.id if article is not None else doc.facts["article_id"]
        out: list[Mention] = []
        inside_actor = _Within([(a.start, a.end) for a in doc.layer("actors") if a.value.kind in _NAMED_KINDS])
        for p in doc.values("places"):
            if inside_actor(p.start, p.end) or begins_organisation(doc.text, p.end):
                # "Kurdistan" in "Kurdistan Workers' Party", "Idlib" in "the Idlib Monitoring Network":
                # part of a name, not a place
                continue
            out.append(_mention(article_id, doc, p.start, p.end, "place", p.location, float(p.confidence)))
        for t in doc.values("dates"):
            if t.date is not None:
                out.append(_mention(article_id, doc, t.start, t.end, "date", t.date, 0.9 if t.date.start else 0.6))
        for a in doc.values("actors"):
            out.append(_mention(article_id, doc, a.start, a.end, "actor", a.ref, a.confidence))
        for q in doc.values("quantities"):
            out.append(_mention(article_id, doc, q.start, q.end, "quantity", q.quantity, q.confidence))
        doc.add("mentions", (Annotation(m.start, m.end, m) for m in _dedupe(out)))


class Claims:
    """The article's claims (events/): which sentences report an event, who says so, and its arguments."""

    name: ClassVar[str] = "claims"
    needs: ClassVar[tuple[str, ...]] = ("sentences", "mentions")
    adds: ClassVar[tuple[str, ...]] = ("claims",)

    def __init__(self, extractor: Any, actors: Any) -> None:
        self.extractor = extractor
        self.actors = actors

    def __call__(self, doc: Doc) -> None:
        claims = self.extractor.extract(
            doc.facts["article"], doc.text, doc.sentences, doc.values("mentions"), doc.facts["anchor"], self.actors
        )
        doc.add("claims", (Annotation(c.start, c.end, c) for c in claims))


# Actors whose names a place name inside them belongs to ("Kurdistan Workers' Party").
_NAMED_KINDS = ("named", "organisation", "state")


class _Within:
    """Whether a span lies inside one of the given spans, in log time (a text can name thousands)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        # the farthest end among the spans starting at or before each one
        self.reach = list(itertools.accumulate((e for _, e in self.spans), max))

    def __call__(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self.starts, start)  # the spans that start at or before `start`
        return k > 0 and self.reach[k - 1] >= end


def _mention(
    article_id: str,
    doc: Doc,
    start: int,
    end: int,
    kind: str,
    value: Location | TimeValue | ActorRef | Quantity,
    confidence: float,
) -> Mention:
    return Mention(article_id, start, end, kind, value, doc.sentence_of(start), round(confidence, 3))  # type: ignore[arg-type]


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """One mention per (span, kind), the most confident; in text order."""
    best: dict[tuple[int, int, str], Mention] = {}
    for m in mentions:
        key = (m.start, m.end, m.kind)
        if key not in best or m.confidence > best[key].confidence:
            best[key] = m
    return sorted(best.values(), key=lambda m: (m.start, m.end, m.kind))


def analyze(article: Article, anchor: date | None = None, analyzer: Analyzer | None = None) -> list[Mention]:
    """Mentions in one article (none when it is skipped), dates resolved against `anchor` (by
    default the article's publication date). Pass an `Analyzer` when analysing many."""
    result = (analyzer or Analyzer()).analyze(article, anchor if anchor is not None else article.published)
    return result.mentions if isinstance(result, Analysis) else []


class AnalyzeStep:
    """Pipeline step: Articles, or (Article, anchor) pairs, in; an `Analysis` or a `Reject` out per article.

    The anchor of a bare Article is its publication date.
    """

    name = STEP
    budget = ANALYSIS_SECONDS  # per article, enforced by the pipeline
    budget_hint = " (set FOGWATCH_ANALYSIS_SECONDS to allow more)"

    def __init__(
        self,
        nlp: str | None = None,
        actors: str | Path | None = None,
        places: bool = True,
        events: bool = True,
        event_model: str | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.analyzer = Analyzer(nlp, actors, places, events, event_model, settings)
        self.budget = self.analyzer.settings.analysis_seconds

    def load(self) -> None:
        """Load the analyzer's parts now: a cluster worker does it once, before its first article's budget runs."""
        self.analyzer.load()

    @staticmethod
    def subject(record: Any) -> str:
        """The article id a Reject of this step names (the analysed marks are kept by id)."""
        article = record[0] if isinstance(record, tuple) else record
        return str(article.id)

    def run(self, records: Iterable[Any]) -> Iterator[Analysis | Reject]:
        for record in records:
            if isinstance(record, tuple):
                article, anchor = record
            else:
                article, anchor = record, record.published
            try:
                yield self.analyzer.analyze(article, anchor)
            except FogwatchError:
                raise  # a missing extra or a bad registry: every article would fail the same way
            except Exception as exc:  # one text that breaks a rule (or runs over its time) must not stop the others
                yield failure_reject(self, record, exc)


# --- storage ---------------------------------------------------------------------------


def mention_attrs(m: Mention) -> dict[str, Any]:
    """The span attributes stored for a mention: its value's fields, sentence and confidence."""
    attrs: dict[str, Any] = {}
    for k, v in asdict(m.value).items():
        attrs[k] = v.isoformat() if isinstance(v, date) else v
    attrs["sentence"] = m.sentence
    attrs["confidence"] = m.confidence
    return attrs


_VALUE_TYPES: dict[str, type] = {"place": Location, "date": TimeValue, "actor": ActorRef, "quantity": Quantity}


def mention_from_span(article_id: str, start: int, end: int, label: str, attrs: dict[str, Any]) -> Mention:
    cls = _VALUE_TYPES[label]
    fields = {f for f in cls.__dataclass_fields__}  # type: ignore[attr-defined]
    values = {k: v for k, v in attrs.items() if k in fields}
    if cls is TimeValue:
        for k in ("start", "end"):
            values[k] = date.fromisoformat(values[k]) if values.get(k) else None
    value = cls(**values)
    kind = cast(MentionKind, label)
    return Mention(
        article_id, start, end, kind, value, int(attrs.get("sentence", 0)), float(attrs.get("confidence", 1.0))
    )


def write_analyses(conn: Connection, records: list[Analysis | Reject]) -> None:
    """Store mentions and the analysed marks of a batch (replacing any earlier ones) in `conn`'s transaction."""
    from fogwatch.store import schema
    from fogwatch.store.db import insert_ignore

    s, done = schema.spans, schema.analyzed
    ids = [r.article_id if isinstance(r, Analysis) else r.input for r in records]
    if not ids:
        return
    conn.execute(s.delete().where(s.c.article_id.in_(ids), s.c.layer == LAYER))
    conn.execute(done.delete().where(done.c.article_id.in_(ids)))
    now = datetime.now(UTC).isoformat(timespec="seconds")
    span_rows: list[dict[str, Any]] = []
    marks: list[dict[str, Any]] = []
    for r in records:
        if isinstance(r, Analysis):
            for m in r.mentions:
                span_rows.append(
                    {
                        "article_id": r.article_id,
                        "layer": LAYER,
                        "start": m.start,
                        "end": m.end,
                        "label": m.kind,
                        "attrs": mention_attrs(m),
                    }
                )
            marks.append(
                {
                    "article_id": r.article_id,
                    "status": "analysed",
                    # an undated article anchored on its own dates says on which (the evidence)
                    "reason": f"dated from its text: {r.anchor_evidence}" if r.anchor_evidence else None,
                    "language": r.language,
                    "anchor": r.anchor.isoformat() if r.anchor else None,
                    "mentions": len(r.mentions),
                    "analyzed_at": now,
                }
            )
        else:
            marks.append(
                {
                    "article_id": r.input,
                    "status": "failed" if r.kind in FAILED_KINDS else "skipped",
                    "reason": f"{r.kind}: {r.reason}",
                    "language": r.reason.split("'")[1] if r.kind == "language" else None,
                    "anchor": None,
                    "mentions": 0,
                    "analyzed_at": now,
                }
            )
    insert_ignore(conn, s, span_rows)
    insert_ignore(conn, done, marks)
    from fogwatch.store.claims import replace_claims

    replace_claims(conn, ids, (c for r in records if isinstance(r, Analysis) for c in r.claims))


def pending_ids(conn: Connection) -> list[str]:
    """Articles not analysed yet, and those whose analysis failed (tried again on every run)."""
    from fogwatch.store import schema

    a, done = schema.articles, schema.analyzed
    settled = select(done.c.article_id).where(done.c.status != "failed")
    q = select(a.c.id).where(~a.c.id.in_(settled)).order_by(a.c.id)
    return list(conn.execute(q).scalars())


def story_dates(conn: Connection, ids: list[str]) -> dict[str, date]:
    """First publication date of each article's story, where the stories tables exist."""
    from fogwatch.store import schema

    insp = inspect(conn)
    if not (insp.has_table("stories") and insp.has_table("story_members")):
        return {}
    st, sm = schema.metadata.tables["stories"], schema.metadata.tables["story_members"]
    out: dict[str, date] = {}
    for i in range(0, len(ids), 500):
        q = (
            select(sm.c.article_id, st.c.first_published)
            .join(st, st.c.id == sm.c.story_id)
            .where(sm.c.article_id.in_(ids[i : i + 500]), st.c.first_published.is_not(None))
        )
        for aid, first in conn.execute(q):
            try:
                out[aid] = date.fromisoformat(str(first))
            except ValueError:
                continue
    return out


@dataclass
class AnalyzeSummary:
    analysed: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    mentions: Counter[str] = field(default_factory=Counter)
    claims: int = 0
    event_claims: int = 0

    def line(self) -> str:
        parts = [f"analysed {self.analysed} articles"]
        if self.mentions:
            plural = {"place": "places", "date": "dates", "actor": "actors", "quantity": "quantities"}
            parts.append(", ".join(f"{n} {plural.get(k, k)}" for k, n in sorted(self.mentions.items())))
        if self.claims:
            parts.append(f"{self.claims} claims ({self.event_claims} reporting events)")
        skipped = {k: n for k, n in self.skipped.items() if k not in FAILED_KINDS}
        failed = {k: n for k, n in self.skipped.items() if k in FAILED_KINDS}
        if skipped:
            parts.append("skipped " + ", ".join(f"{n} ({k})" for k, n in sorted(skipped.items())))
        if failed:
            listed = ", ".join(f"{n} ({k})" for k, n in sorted(failed.items()))
            parts.append(f"failed {listed}, tried again on the next run")
        return "; ".join(parts)


def analyze_pending(
    store: Any,
    workers: int | None = None,
    nlp: str | None = None,
    batch: int = 64,
    progress: Callable[[int, int], None] | None = None,
    summary: AnalyzeSummary | None = None,
    on_build: Callable[[Path], None] | None = None,
    settings: Settings | None = None,
    executors: MakeExecutor | None = None,
) -> int:
    """Analyse every stored article not analysed yet; return how many were handled (analysed or skipped).

    Undated articles are anchored on their story's first publication date. Each
    batch is written in one transaction, so an interrupted run resumes where it stopped.
    `on_build` hears of the offline gazetteer's first build before it starts. `nlp` (else the
    settings' `nlp`) names the spaCy pipeline; `settings` default to those in force.
    """
    from fogwatch.pipeline import local_executor

    with store.engine.connect() as conn:
        ids = pending_ids(conn)
    if not ids:
        return 0
    summary = summary if summary is not None else AnalyzeSummary()
    step = AnalyzeStep(nlp or None, settings=settings)
    if progress:
        progress(0, len(ids))
    step.analyzer.load(on_build)  # once here: forked workers share it
    executor = (executors or local_executor)(workers, max(1, min(16, len(ids) // 8 or 1)))

    def records() -> Iterator[tuple[Article, date | None]]:
        for i in range(0, len(ids), 200):
            part = ids[i : i + 200]
            arts = store.articles_by_ids(part)
            with store.engine.connect() as c:
                stories = story_dates(c, [a.id for a in arts if a.published is None])
            for art in arts:
                yield art, art.published or stories.get(art.id)

    done = 0
    pending: list[Analysis | Reject] = []

    def flush() -> None:
        nonlocal done
        if not pending:
            return
        with store.engine.begin() as conn:
            write_analyses(conn, pending)
        for r in pending:
            if isinstance(r, Analysis):
                summary.analysed += 1
                summary.mentions.update(m.kind for m in r.mentions)
                summary.claims += len(r.claims)
                summary.event_claims += sum(1 for c in r.claims if c.event is not None)
            else:
                summary.skipped[r.kind] += 1
        done += len(pending)
        pending.clear()
        if progress:
            progress(done, len(ids))

    for out in executor.run([step], records()):
        pending.append(out)
        if len(pending) >= batch:
            flush()
    flush()
    return done


def stored_mentions(store: Any, article_id: str) -> list[Mention]:
    """An article's stored mentions, in text order."""
    from fogwatch.store import schema

    s = schema.spans
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(s.c.start, s.c.end, s.c.label, s.c.attrs)
            .where(s.c.article_id == article_id, s.c.layer == LAYER)
            .order_by(s.c.start, s.c.end)
        ).all()
    return [mention_from_span(article_id, a, b, label, dict(attrs or {})) for a, b, label, attrs in rows]


def iter_mentions(store: Any, chunk: int = 200) -> Iterator[tuple[Mention, str]]:
    """Every stored mention with the text it covers, by article then position."""
    from fogwatch.store import schema

    s, a = schema.spans, schema.articles
    with store.engine.connect() as conn:
        ids = list(
            conn.execute(select(s.c.article_id).where(s.c.layer == LAYER).distinct().order_by(s.c.article_id)).scalars()
        )
    for i in range(0, len(ids), chunk):
        part = ids[i : i + chunk]
        with store.engine.connect() as conn:
            texts = dict(conn.execute(select(a.c.id, a.c.text).where(a.c.id.in_(part))).all())
            rows = conn.execute(
                select(s.c.article_id, s.c.start, s.c.end, s.c.label, s.c.attrs)
                .where(s.c.article_id.in_(part), s.c.layer == LAYER)
                .order_by(s.c.article_id, s.c.start, s.c.end)
            ).all()
        for aid, start, end, label, attrs in rows:
            yield mention_from_span(aid, start, end, label, dict(attrs or {})), texts.get(aid, "")[start:end]


def analyze_after_ingest(
    store: Any,
    workers: int | None = None,
    nlp: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_build: Callable[[Path], None] | None = None,
    settings: Settings | None = None,
    executors: MakeExecutor | None = None,
) -> str:
    """Run `analyze_pending` for `fogwatch ingest`; one line to print, also when the nlp extra is missing."""
    from fogwatch.errors import MissingExtra

    summary = AnalyzeSummary()
    try:
        analyze_pending(
            store,
            workers=workers,
            nlp=nlp,
            summary=summary,
            progress=progress,
            on_build=on_build,
            settings=settings,
            executors=executors,
        )
    except MissingExtra as exc:
        return f"not analysed: {exc}"
    if summary.analysed == 0 and not summary.skipped:
        return "nothing new to analyse"
    return summary.line()


def describe(m: Mention) -> str:
    """A short reading of a mention's value, as `fogwatch show --mentions` prints it."""
    v = m.value
    if isinstance(v, Location):
        where = ", ".join(x for x in (v.name, v.admin1, v.country) if x)
        rel = f" {v.relation}" if v.relation else ""
        return f"place: {where} {v.lat:.2f},{v.lon:.2f} p{v.geo_precision}{rel}"
    if isinstance(v, TimeValue):
        if v.start is None:
            month = f"{v.month:02d}" if v.month else "??"
            day = f"{v.day:02d}" if v.day else "??"
            return f"date: ????-{month}-{day} {v.precision}, year unknown"
        span = (
            v.start.isoformat() if v.start == v.end else f"{v.start.isoformat()}..{v.end.isoformat() if v.end else '?'}"
        )
        return f"date: {span} {v.precision}"
    if isinstance(v, ActorRef):
        extra = f", {v.affiliation}" if v.affiliation else ""
        return f"actor: {v.name}, inter {v.inter}{extra}"
    q = v
    figure = _figure(q)
    whose = f" of {q.actor}" if q.actor else ""
    return f"quantity: {q.kind} {figure} {q.head}{whose}".rstrip()


def _figure(q: Quantity) -> str:
    """ "14", "60+" (at least), "~60" (about), "<=200" (at most), "8 (8-10)" (a range)."""
    if q.low is not None and q.high is not None:
        return (
            str(q.value)
            if q.low == q.high == q.value
            else f"{q.value if q.value is not None else '?'} ({q.low}-{q.high})"
        )
    if q.low is not None:
        return f"{q.value if q.value is not None else q.low}+"
    if q.high is not None:
        return f"<={q.high}"
    return f"~{q.value}" if q.value is not None else "?"


def marked_text(text: str, mentions: list[Mention]) -> str:
    """The text with each mention wrapped as «text»[kind: value]; nested ones share their outer mark."""
    groups: list[tuple[int, int, list[Mention]]] = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if groups and m.start < groups[-1][1]:
            start, end, ms = groups[-1]
            groups[-1] = (start, max(end, m.end), [*ms, m])
        else:
            groups.append((m.start, m.end, [m]))
    parts: list[str] = []
    pos = 0
    for start, end, ms in groups:
        parts.append(text[pos:start])
        parts.append(f"«{text[start:end]}»[{' | '.join(describe(m) for m in ms)}]")
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
