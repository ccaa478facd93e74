"""The demo corpus's events (examples/corpus/gold.json): their dates, actors and death tolls
must be among the mentions found in the articles that report them."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from fogwatch.analyze import Analysis, Analyzer
from fogwatch.model import ActorRef, Article, Mention, Quantity, TimeValue
from fogwatch.paths import demo_corpus

pytest.importorskip("spacy")

GOLD = json.loads((demo_corpus() / "gold.json").read_text(encoding="utf-8"))
EVENTS = GOLD["events"]


@pytest.fixture(scope="module")
def mentions() -> dict[str, list[Mention]]:
    analyzer = Analyzer().load()
    out: dict[str, list[Mention]] = {}
    for path, a in GOLD["articles"].items():
        published = date.fromisoformat(a["published"]) if a["published"] else None
        art = Article(
            id=path, source=path, format="text", raw="\n\n".join(a["body"]), title=a["title"], published=published
        )
        result = analyzer.analyze(art, published)
        assert isinstance(result, Analysis), result
        out[path] = result.mentions
    return out


def values(mentions: dict[str, list[Mention]], event: dict[str, Any], kind: type) -> list[Any]:
    return [m.value for p in event["articles"] for m in mentions[p] if isinstance(m.value, kind)]


@pytest.mark.parametrize("event", EVENTS, ids=[e["id"] for e in EVENTS])
def test_event_date(mentions: dict[str, list[Mention]], event: dict[str, Any]) -> None:
    days = {v.start for v in values(mentions, event, TimeValue) if v.precision == "day"}
    assert date.fromisoformat(event["date"]) in days


@pytest.mark.parametrize("event", EVENTS, ids=[e["id"] for e in EVENTS])
def test_event_actors(mentions: dict[str, list[Mention]], event: dict[str, Any]) -> None:
    found = {v.name for v in values(mentions, event, ActorRef)}
    wanted = {a for a in [event["actor1"], event["actor2"], *event["assoc_actors"]] if a}
    assert wanted <= found, wanted - found


@pytest.mark.parametrize("event", [e for e in EVENTS if e["fatalities"]["high"]], ids=lambda e: e["id"])
def test_event_death_toll(mentions: dict[str, list[Mention]], event: dict[str, Any]) -> None:
    f = event["fatalities"]
    killed = {q.value for q in values(mentions, event, Quantity) if q.kind == "killed"}
    assert killed & {f["best"], f["low"], f["high"]}, (killed, f)


def test_every_date_has_its_year(mentions: dict[str, list[Mention]]) -> None:
    dates = [m.value for ms in mentions.values() for m in ms if isinstance(m.value, TimeValue)]
    assert dates and all(v.year_known and v.start is not None for v in dates)
