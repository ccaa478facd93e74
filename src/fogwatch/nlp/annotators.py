"""The mention finders as annotators of an article's `Doc` (fogwatch.doc): each reads the layers
it names in `needs`, and the Doc's tokens and sentences, and adds the layers it names in `adds`.

    countries   the report's country names and demonyms, from the Doc's tokens
    places      place names and where they are (the geoparser), the countries giving the hint
    actors      registry actors, in the country the places (or else the countries) point to
    dates       time expressions, resolved against the Doc's facts "anchor" (or "year")
    quantities  counts of people and things, sentence by sentence, skipping dates, naming actors

They run in that order in the analyze stage (`Analyzer.annotators`, which adds the mentions and
the claims after them). Each is given the part that is slow to build (a matcher, a geoparser), so
a test can hand it one built small, or none.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any, ClassVar

from fogwatch.doc import Annotation, Doc
from fogwatch.nlp.text import blank_possessives


class Countries:
    """Country names and demonyms (value: the country code), read off the Doc's tokens."""

    name: ClassVar[str] = "countries"
    needs: ClassVar[tuple[str, ...]] = ("tokens",)
    adds: ClassVar[tuple[str, ...]] = ("countries",)

    def __init__(self, matcher: Any) -> None:
        self.matcher = matcher

    def __call__(self, doc: Doc) -> None:
        found = self.matcher.country_mentions(doc.text, doc.tokens)
        doc.add("countries", (Annotation(s, e, code) for s, e, code in found))


def country_hint(doc: Doc) -> str | None:
    """The country the report names most (the first named among equals), or None."""
    named = Counter(doc.values("countries"))
    return named.most_common(1)[0][0] if named else None


class Places:
    """Place names with their locations (value: the geoparser's PlaceMatch); none without a geoparser."""

    name: ClassVar[str] = "places"
    needs: ClassVar[tuple[str, ...]] = ("countries",)
    adds: ClassVar[tuple[str, ...]] = ("places",)

    def __init__(self, geoparser: Any) -> None:
        self.geoparser = geoparser

    def __call__(self, doc: Doc) -> None:
        found: list[Any] = []
        if self.geoparser is not None:
            found = list(self.geoparser.find(blank_possessives(doc.text), country_hint(doc)))
        doc.add("places", (Annotation(p.start, p.end, p) for p in found))


def focus_country(doc: Doc) -> str | None:
    """The country most of the report's places are in (weighted by the geoparser's confidence),
    else the one it names most."""
    weight: dict[str, float] = {}
    for p in doc.values("places"):
        country = getattr(p.location, "country", None)
        if country:
            weight[country] = weight.get(country, 0.0) + float(getattr(p, "confidence", 1.0) or 0.0) + 0.01
    return max(weight, key=lambda c: weight[c]) if weight else country_hint(doc)


def report_day(doc: Doc) -> date | None:
    """The day the report is read against: the Doc's anchor, else 1 July of its year, else None."""
    anchor: date | None = doc.facts.get("anchor")
    year: int | None = doc.facts.get("year")
    return anchor or (date(year, 7, 1) if year else None)


class Actors:
    """Registry actors (value: the matcher's ActorMatch), read off the Doc's tokens."""

    name: ClassVar[str] = "actors"
    needs: ClassVar[tuple[str, ...]] = ("tokens", "countries", "places")
    adds: ClassVar[tuple[str, ...]] = ("actors",)

    def __init__(self, matcher: Any) -> None:
        self.matcher = matcher

    def __call__(self, doc: Doc) -> None:
        found = self.matcher.find(doc.text, focus_country(doc), report_day(doc), doc.tokens)
        doc.add("actors", (Annotation(a.start, a.end, a) for a in found))


class Dates:
    """Time expressions (value: a Timex), resolved against the Doc's anchor; month-and-day dates
    take the Doc's year when only that is known. The time expressions of an undated text, found
    while inferring its anchor, are the Doc's fact "timexes": taken as they are, not found again."""

    name: ClassVar[str] = "dates"
    needs: ClassVar[tuple[str, ...]] = ()
    adds: ClassVar[tuple[str, ...]] = ("dates",)

    def __call__(self, doc: Doc) -> None:
        from fogwatch.nlp.dates import find_timexes, with_year

        anchor: date | None = doc.facts.get("anchor")
        year: int | None = doc.facts.get("year")
        found: list[Any] | None = doc.facts.get("timexes") if anchor is None else None
        timexes = found if found is not None else find_timexes(doc.text, anchor)
        if anchor is None and year is not None:
            timexes = with_year(timexes, year)
        doc.add("dates", (Annotation(t.start, t.end, t) for t in timexes))


class Quantities:
    """Counts (value: a QuantityMatch), sentence by sentence, outside dates, with the actors counted."""

    name: ClassVar[str] = "quantities"
    needs: ClassVar[tuple[str, ...]] = ("sentences", "dates", "actors")
    adds: ClassVar[tuple[str, ...]] = ("quantities",)

    def __init__(self, finder: Any) -> None:
        self.finder = finder

    def __call__(self, doc: Doc) -> None:
        found = self.finder.find(
            doc.text,
            doc.sentences,
            skip=[(t.start, t.end) for t in doc.layer("dates")],
            actors=[(a.start, a.end, a.value.ref.name) for a in doc.layer("actors")],
        )
        doc.add("quantities", (Annotation(q.start, q.end, q) for q in found))
