"""Typed records that flow between the stages.

Every extracted thing is a `Span` into a text it came from, never a copy:
a removed boilerplate block is `(start, end, reason)` into `Article.raw`.
The clean body is derived from the raw text and the removed spans.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

AttrValue = str | int | float | bool | None
Format = Literal["text", "markdown", "html"]


@dataclass(slots=True)
class Span:
    """A labelled region `[start, end)` of some text."""

    start: int
    end: int
    label: str
    attrs: dict[str, AttrValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(slots=True)
class Input:
    """One thing to ingest, before it is read: a file path or a URL."""

    location: str
    kind: str  # reader name: "text", "markdown", "html", ...


@dataclass(slots=True)
class Reject:
    """An input or record a step refused, with a reason a person can read."""

    input: str
    step: str
    kind: str  # short machine code: "empty", "binary", "decode", ...
    reason: str


@dataclass(slots=True)
class Article:
    """One document as read from its source, and what cleaning made of it.

    `raw` is the text the cleaner saw (for HTML: the page's visible text, block
    by block); `removed` holds every span cut from it, labelled with its reason,
    so the clean body (`text`) loses nothing that cannot be shown again.
    """

    id: str
    source: str
    format: Format
    raw: str
    site: str | None = None
    title: str | None = None
    byline: str | None = None
    published: date | None = None
    published_evidence: str | None = None
    language: str | None = None
    original_source: str | None = None
    removed: list[Span] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    # the agencies whose copy the text credits ("AFP, Reuters"), kept apart from the publishing site
    wire: str | None = None

    @property
    def text(self) -> str:
        return kept_text(self.raw, self.removed)

    @property
    def wires(self) -> list[str]:
        return [w.strip() for w in self.wire.split(",") if w.strip()] if self.wire else []

    @property
    def outlet(self) -> str | None:
        """Who an analyst is told published it: the site, else the credited agency, else None (never the file)."""
        if self.site:
            return self.site
        wires = self.wires
        return wires[0] if wires else None

    @property
    def outlet_label(self) -> str:
        """How the outlet is shown: its name, else "unknown outlet" with the file or URL it came from."""
        return self.outlet or self.original_source or unknown_outlet(self.source)


def unknown_outlet(source: str) -> str:
    """ "unknown outlet (hasaka.txt)": an article whose text names no outlet, by where it was read from."""
    name = source.rstrip("/").rsplit("/", 1)[-1] or source
    return f"unknown outlet ({name})"


def article_id(source: str, content: bytes | str) -> str:
    """A stable id from where a document came from and what it holds."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    digest = hashlib.sha256(content).hexdigest()
    return hashlib.sha256(f"{source}\n{digest}".encode()).hexdigest()[:16]


def content_hash(raw: str) -> str:
    """What an article holds, as a key: the same document read from any folder, URL or machine has
    the same one (its id also hashes where it was read from). Story and event ids are made from it."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def story_id_for(content: str, salt: str = "") -> str:
    """A story is named after the content of its original (`content`: its content hash), salted
    when that name is taken (two stories whose originals hold the same text, as short pieces that
    are never matched can). The same articles make the same ids in any run, folder or machine;
    a story whose original changes (an earlier copy comes in) is renamed."""
    return hashlib.sha256(f"story\n{content}\n{salt}".encode()).hexdigest()[:16]


def merge_spans(spans: list[Span]) -> list[tuple[int, int]]:
    """The union of span extents, sorted and non-overlapping."""
    out: list[tuple[int, int]] = []
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        if out and s.start <= out[-1][1]:
            if s.end > out[-1][1]:
                out[-1] = (out[-1][0], s.end)
        else:
            out.append((s.start, s.end))
    return out


def kept_text(raw: str, removed: list[Span]) -> str:
    """`raw` with the removed spans cut out, exactly; nothing else changes."""
    parts: list[str] = []
    pos = 0
    for start, end in merge_spans(removed):
        parts.append(raw[pos:start])
        pos = end
    parts.append(raw[pos:])
    return "".join(parts).strip()


def clean_to_raw(raw: str, removed: list[Span], offset: int) -> int:
    """Map an offset in `kept_text(raw, removed)` back to an offset in `raw`."""
    kept = "".join(_kept_parts(raw, removed))
    lead = len(kept) - len(kept.lstrip())
    target = offset + lead
    pos = 0
    consumed = 0
    for start, end in merge_spans(removed):
        seg = start - pos
        if consumed + seg > target:
            return pos + (target - consumed)
        consumed += seg
        pos = end
    return pos + (target - consumed)


def _kept_parts(raw: str, removed: list[Span]) -> list[str]:
    parts: list[str] = []
    pos = 0
    for start, end in merge_spans(removed):
        parts.append(raw[pos:start])
        pos = end
    parts.append(raw[pos:])
    return parts


# --- Stories: copies of the same article across sites -------------------------------

Relation = Literal["original", "exact", "near", "partial"]


@dataclass(slots=True)
class StoryMember:
    article_id: str
    relation: Relation  # how this article relates to the story's canonical member
    similarity: float  # to the canonical member, 0..1


@dataclass(slots=True)
class Story:
    """A cluster of copies of one article; its canonical member is the original."""

    id: str
    canonical_id: str
    members: list[StoryMember]
    sites: list[str] = field(default_factory=list)
    first_published: date | None = None
    independent_sources: int = 1  # distinct original outlets, not copies


# --- Analysis: what an article's clean text mentions ---------------------------------

GeoPrecision = Literal[1, 2, 3]  # ACLED: 1 the place itself, 2 near or part of it, 3 only a larger region


@dataclass(slots=True)
class Location:
    name: str
    lat: float
    lon: float
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    geonameid: int | None = None
    feature: str | None = None  # GeoNames feature class/code, e.g. "P.PPL"
    population: int | None = None
    geo_precision: GeoPrecision = 1
    relation: str | None = (
        None  # "west of", "countryside of", "near"... when the text places it relative to the named place
    )


DatePrecision = Literal["day", "week", "month", "year"]


@dataclass(slots=True)
class TimeValue:
    """A date expression resolved against an anchor (the article's or story's date).

    `start`/`end` bound the period meant; with no anchor and no year in the text
    the year stays unknown (`year_known` False) and only month and day are kept.
    """

    start: date | None
    end: date | None
    precision: DatePrecision
    year_known: bool = True
    month: int | None = None
    day: int | None = None


@dataclass(slots=True)
class ActorRef:
    name: str  # the registry's canonical name, e.g. "Military Forces of Syria (2000-)"
    inter: int  # ACLED actor class 1-8
    country: str | None = None  # ISO 3166-1 alpha-2
    registry_id: str | None = None
    affiliation: str | None = None  # "Turkish-backed": the patron named with the actor


QuantityKind = Literal["killed", "injured", "captured", "destroyed", "deployed", "displaced", "other"]


@dataclass(slots=True)
class Quantity:
    kind: QuantityKind
    value: int | None  # best single figure
    low: int | None
    high: int | None
    head: str  # what is counted: "members", "soldiers", "battle tanks"
    actor: str | None = None  # registry name of who the counted belong to, when known


MentionKind = Literal["place", "date", "actor", "quantity"]


@dataclass(slots=True)
class Mention:
    """A span of an article's clean text (`Article.text`) with what it resolves to."""

    article_id: str
    start: int
    end: int
    kind: MentionKind
    value: Location | TimeValue | ActorRef | Quantity
    sentence: int = 0  # index of the sentence it is in
    confidence: float = 1.0


# --- events and claims -------------------------------------------------------------------

Certainty = Literal["asserted", "attributed", "hedged", "unconfirmed", "disputed", "denied"]
CERTAINTIES: tuple[str, ...] = ("asserted", "attributed", "hedged", "unconfirmed", "disputed", "denied")
# Who speaks: the outlet in its own voice, a party to the fighting, an official body that is not
# a belligerent, another media outlet or monitor, local or anonymous sources, or someone else.
SpeakerKind = Literal["outlet", "party", "official", "media", "local", "anonymous", "other"]
EventStatus = Literal["single-source", "corroborated", "contested"]


@dataclass(slots=True)
class Arg:
    """One argument of an event as a claim tells it: a value and the span `[start, end)` of
    `Article.text` it was read from (start == end == -1 when it was inferred, e.g. the
    article's own date or the outlet as speaker)."""

    start: int
    end: int
    value: Location | TimeValue | ActorRef | Quantity | str


@dataclass(slots=True)
class Fatalities:
    """A death toll as ACLED counts it: `best` is the most conservative figure reported."""

    best: int
    low: int | None = None
    high: int | None = None
    by_party: bool = False  # claimed only by a party to the fighting (kept, but marked)
    # told for several places at once ("eight killed in Aleppo and Homs") and split between them:
    # a figure the same source gives for this place alone is preferred
    shared: bool = False


@dataclass(slots=True)
class EventReport:
    """A conflict event as one statement reports it (one place per report)."""

    sub_event_type: str
    event_type: str
    score: float
    trigger: tuple[int, int] | None = None
    actor1: Arg | None = None
    actor2: Arg | None = None
    assoc_actors: list[Arg] = field(default_factory=list)
    location: Arg | None = None
    date: Arg | None = None
    fatalities: Fatalities | None = None
    fatalities_span: tuple[int, int] | None = None
    # how the blow was delivered, read from the event words: "air", "ground", "afar" (either),
    # "planted" (`events/delivery.py`); None when the type or the words do not say
    delivery: str | None = None


@dataclass(slots=True)
class Claim:
    """A statement carrying an event, a figure or an accusation, with who makes it and how surely.

    `start`/`end` is the statement's span of `Article.text`; `speaker` is the outlet itself
    or the party it attributes the statement to; `flags` are loaded-language spans inside it.
    """

    id: str
    article_id: str
    start: int
    end: int
    text: str
    speaker: str
    speaker_kind: SpeakerKind
    certainty: Certainty
    speaker_span: tuple[int, int] | None = None
    cue: str | None = None
    cue_span: tuple[int, int] | None = None
    flags: list[Span] = field(default_factory=list)
    kind: str = "event"  # "event", "figure", "reference" (to an event told before), "accusation", "denial"
    event: EventReport | None = None
    event_id: str | None = None


@dataclass(slots=True)
class SourceFigure:
    """One source's death toll for a fused event."""

    source: str  # the outlet (site), or "outlet: speaker" when it attributes the figure
    best: int
    low: int | None
    high: int | None
    claim_ids: list[str]
    by_party: bool = False


@dataclass(slots=True)
class Event:
    """One real-world event: the claims of every article and story that report it, fused."""

    id: str
    event_type: str
    sub_event_type: str
    date: TimeValue | None
    actor1: str | None
    actor2: str | None
    assoc_actors: list[str]
    location: Location | None
    fatalities: Fatalities | None
    claim_ids: list[str]
    article_ids: list[str]
    story_ids: list[str]
    sources: list[str]  # outlets (sites) reporting it
    independent_sources: int
    status: EventStatus
    figures: list[SourceFigure] = field(default_factory=list)
    notes: str = ""
    inter1: int = 0  # ACLED actor classes of actor1 and actor2 (0: none)
    inter2: int = 0
    # why each claim after the first was joined to the event: "<claim id>: <reasons>"
    joins: list[str] = field(default_factory=list)
