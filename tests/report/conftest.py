"""Databases for the report tests: a small one built by hand (exact figures, hostile text on demand)
and the demo corpus run through the whole pipeline once per session, in two stages."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from fogwatch.model import (
    Article,
    Claim,
    Event,
    EventReport,
    Fatalities,
    Location,
    SourceFigure,
    TimeValue,
)
from fogwatch.store import Store, schema
from fogwatch.store.claims import event_row, replace_claims

# Hostile values for every field a report shows; each carries a marker naming where it came from.
PAYLOADS = {
    "site": '<script>alert("site")</script>North Ledger',
    "title": '"><img src=x onerror=alert("title")> Shelling hits Brenna market',
    "speaker": '"><img src=x onerror=alert("speaker")>',
    "cue": "<svg/onload=alert('cue')>",
    "actor": "<script>alert('actor')</script>",
    "place": '<iframe src="javascript:alert(`place`)"></iframe>',
    "admin1": "</title><script>alert('admin1')</script>",
    "sentence": "<script>alert('sentence')</script> Artillery shelled the market in Brenna on Tuesday",
}

BRENNA = (48.50, 35.00)
TOLVIK = (48.90, 35.40)  # about 53 km from Brenna
OSTROV = (50.50, 30.50)  # about 390 km away


@dataclass
class Handmade:
    path: Path
    hostile: bool

    def open(self) -> Store:
        return Store.open(str(self.path), create=False)


def _day(d: date) -> TimeValue:
    return TimeValue(d, d, "day", True, d.month, d.day)


def _span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


def _claim(cid: str, art: Article, sentence: str, speaker: str, kind: str, certainty: str, **kw: object) -> Claim:
    start, end = _span(art.raw, sentence)
    report = EventReport(str(kw.pop("sub", "Armed clash")), str(kw.pop("etype", "Battles")), 0.9)
    toll = kw.pop("toll", None)
    if toll is not None:
        report.fatalities = Fatalities(int(toll), int(toll), int(toll))  # type: ignore[call-overload]
    return Claim(
        id=cid,
        article_id=art.id,
        start=start,
        end=end,
        text=sentence,
        speaker=speaker,
        speaker_kind=kind,  # type: ignore[arg-type]
        certainty=certainty,  # type: ignore[arg-type]
        cue=kw.pop("cue", None),  # type: ignore[arg-type]
        event=report,
        event_id=str(kw.pop("event")),
    )


def build_handmade(path: Path, hostile: bool = False) -> Handmade:
    """Three outlets: North Ledger's story on shelling in Brenna, copied word for word by Echo Daily,
    with a toll the army disputes; Harbour Post's own reports of a clash at Tolvik and a protest
    in Ostrov."""
    p = PAYLOADS if hostile else {}
    ledger = p.get("site", "North Ledger")
    sentence1 = p.get("sentence", "Artillery shelled the market in Brenna on Tuesday") + (
        ", killing 4 civilians, the regional council said."
    )
    sentence2 = "The army said 19 fighters had died in the area."
    brenna_text = f"{sentence1} {sentence2} Shops stayed shut on Wednesday."
    a1 = Article(
        "a1",
        "ledger/brenna.txt",
        "text",
        brenna_text,
        ledger,
        p.get("title", "Shelling hits Brenna market"),
        published=date(2023, 5, 3),
    )
    a2 = Article(
        "a2", "echo/brenna.txt", "text", brenna_text, "Echo Daily", "Brenna market shelled", published=date(2023, 5, 4)
    )
    s3 = "Fighting went on near Tolvik through the night, killing 6 soldiers."
    s4 = "The defence ministry denied that its troops had entered Tolvik."
    s5 = "Hundreds marched in Ostrov on Saturday to demand a ceasefire."
    a3 = Article(
        "a3",
        "harbour/tolvik.txt",
        "text",
        f"{s3} {s4} {s5}",
        "Harbour Post",
        "Clashes near Tolvik",
        published=date(2023, 5, 6),
    )
    speaker = p.get("speaker", "the regional council")
    cue = p.get("cue", "said")
    claims = [
        _claim(
            "c1",
            a1,
            sentence1,
            speaker,
            "official",
            "attributed",
            cue=cue,
            toll=4,
            event="e1",
            sub="Shelling/artillery/missile attack",
            etype="Explosions/Remote violence",
        ),
        _claim(
            "c1b",
            a2,
            sentence1,
            speaker,
            "official",
            "attributed",
            cue=cue,
            toll=4,
            event="e1",
            sub="Shelling/artillery/missile attack",
            etype="Explosions/Remote violence",
        ),
        _claim(
            "c2",
            a1,
            sentence2,
            "The army",
            "party",
            "disputed",
            cue="said",
            toll=19,
            event="e1",
            sub="Shelling/artillery/missile attack",
            etype="Explosions/Remote violence",
        ),
        _claim("c3", a3, s3, "Harbour Post", "outlet", "asserted", toll=6, event="e2"),
        _claim("c4", a3, s4, "The defence ministry", "party", "denied", cue="denied", event="e2"),
        _claim(
            "c5", a3, s5, "Harbour Post", "outlet", "asserted", event="e3", sub="Peaceful protest", etype="Protests"
        ),
    ]
    place = p.get("place", "Brenna")
    admin1 = p.get("admin1", "Lowland")
    actor = p.get("actor", "Military Forces of Valdoria")
    events = [
        Event(
            "e1",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
            _day(date(2023, 5, 2)),
            actor,
            "Civilians (Valdoria)",
            [],
            Location(place, *BRENNA, country="VA", admin1=admin1),
            Fatalities(4, 4, 19),
            ["c1", "c1b", "c2"],
            ["a1", "a2"],
            ["s1"],
            [ledger, "Echo Daily"],
            1,
            "contested",
            [
                SourceFigure(f"{speaker} ({ledger})", 4, 4, 4, ["c1", "c1b"]),
                SourceFigure(f"The army ({ledger})", 19, 19, 19, ["c2"], by_party=True),
            ],
            notes=f"On 2 May 2023, {actor} shelled {place}.",
        ),
        Event(
            "e2",
            "Battles",
            "Armed clash",
            _day(date(2023, 5, 5)),
            "Rebels (Valdoria)",
            actor,
            [],
            Location("Tolvik", *TOLVIK, country="VA", admin1="Lowland"),
            Fatalities(6, 6, 6),
            ["c3", "c4"],
            ["a3"],
            ["s2"],
            ["Harbour Post"],
            1,
            "contested",
            [SourceFigure("Harbour Post", 6, 6, 6, ["c3"])],
        ),
        Event(
            "e3",
            "Protests",
            "Peaceful protest",
            _day(date(2023, 5, 6)),
            "Protesters (Valdoria)",
            None,
            [],
            Location("Ostrov", *OSTROV, country="VA", admin1="Upland"),
            None,
            ["c5"],
            ["a3"],
            ["s2"],
            ["Harbour Post"],
            1,
            "single-source",
        ),
    ]
    store = Store.open(str(path))
    store.write_batch([a1, a2, a3])
    with store.engine.begin() as conn:
        replace_claims(conn, ["a1", "a2", "a3"], claims)
        conn.execute(schema.events.insert(), [event_row(ev) for ev in events])
        conn.execute(
            schema.stories.insert(),
            [
                {
                    "id": "s1",
                    "canonical_id": "a1",
                    "size": 2,
                    "sites": [ledger, "Echo Daily"],
                    "first_published": "2023-05-03",
                    "independent_sources": 1,
                },
                {
                    "id": "s2",
                    "canonical_id": "a3",
                    "size": 1,
                    "sites": ["Harbour Post"],
                    "first_published": "2023-05-06",
                    "independent_sources": 1,
                },
            ],
        )
        conn.execute(
            schema.story_members.insert(),
            [
                {
                    "article_id": "a1",
                    "story_id": "s1",
                    "relation": "original",
                    "similarity": 1.0,
                    "original_site": ledger,
                },
                {
                    "article_id": "a2",
                    "story_id": "s1",
                    "relation": "exact",
                    "similarity": 1.0,
                    "original_site": ledger,
                },
                {
                    "article_id": "a3",
                    "story_id": "s2",
                    "relation": "original",
                    "similarity": 1.0,
                    "original_site": "Harbour Post",
                },
            ],
        )
    store.close()
    return Handmade(path, hostile)


def add_news(store: Store) -> None:
    """A later article: Harbour Post reports a strike on Brenna's station; a new claim joins the Tolvik clash."""
    text = "A drone struck the railway station in Brenna on Monday, killing 2 workers. Tolvik was quiet again."
    a4 = Article(
        "a4",
        "harbour/station.txt",
        "text",
        text,
        "Harbour Post",
        "Drone hits Brenna station",
        published=date(2023, 5, 9),
    )
    store.write_batch([a4])
    c6 = _claim(
        "c6",
        a4,
        "A drone struck the railway station in Brenna on Monday, killing 2 workers.",
        "Harbour Post",
        "outlet",
        "asserted",
        toll=2,
        event="e4",
        sub="Air/drone strike",
        etype="Explosions/Remote violence",
    )
    c7 = _claim("c7", a4, "Tolvik was quiet again.", "Harbour Post", "outlet", "asserted", event="e2")
    e4 = Event(
        "e4",
        "Explosions/Remote violence",
        "Air/drone strike",
        _day(date(2023, 5, 8)),
        None,
        None,
        [],
        Location("Brenna", *BRENNA, country="VA", admin1="Lowland"),
        Fatalities(2, 2, 2),
        ["c6"],
        ["a4"],
        [],
        ["Harbour Post"],
        1,
        "single-source",
    )
    with store.engine.begin() as conn:
        replace_claims(conn, ["a4"], [c6, c7])
        conn.execute(schema.events.insert(), [event_row(e4)])
        ids = conn.execute(schema.events.select().where(schema.events.c.id == "e2")).one()
        conn.execute(
            schema.events.update()
            .where(schema.events.c.id == "e2")
            .values(claim_ids=[*ids.claim_ids, "c7"], article_ids=["a3", "a4"])
        )


@pytest.fixture
def handmade(tmp_path: Path) -> Handmade:
    return build_handmade(tmp_path / "handmade.db")


@pytest.fixture
def hostile(tmp_path: Path) -> Handmade:
    return build_handmade(tmp_path / "hostile.db", hostile=True)


@dataclass
class Demo:
    before: Path  # three outlets ingested
    full: Path  # then the fourth, Multipolar Review
    later: Path  # the fourth outlet's folder

    def copy(self, tmp: Path, which: str = "full") -> str:
        dst = tmp / f"{which}.db"
        shutil.copy(getattr(self, which), dst)
        return str(dst)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The demo corpus through the pipeline: three outlets, a snapshot, then the fourth."""
    from fogwatch.ingest import discover
    from fogwatch.paths import demo_corpus
    from fogwatch.run import ingest_inputs

    corpus = Path(demo_corpus())
    root = tmp_path_factory.mktemp("report-demo")
    work = root / "work.db"
    store = Store.open(str(work))
    first = [str(corpus / d) for d in ("frontline-dispatch", "levant-monitor", "global-conflict-wire")]
    ingest_inputs(list(discover(first)), store, workers=1)
    store.close()  # the last connection closing folds the WAL into the file
    shutil.copy(work, root / "before.db")
    store = Store.open(str(work))
    ingest_inputs(list(discover([str(corpus / "multipolar-review")])), store, workers=1)
    store.close()
    shutil.copy(work, root / "full.db")
    yield Demo(root / "before.db", root / "full.db", corpus / "multipolar-review")
