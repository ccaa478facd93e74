"""One document per article (fogwatch.doc) and the annotators that read it (fogwatch.nlp.annotators):
the annotators run on a Doc built by hand, without spaCy or the gazetteer, and their order is
checked against what each says it needs and adds."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

import pytest

from fogwatch.doc import Annotation, Doc, annotate, check_order
from fogwatch.errors import AnnotatorOrder, MissingLayer
from fogwatch.model import Location
from fogwatch.nlp.actors import ActorMatcher, tokenize
from fogwatch.nlp.annotators import Actors, Countries, Dates, Places, Quantities, focus_country
from fogwatch.nlp.numbers import QuantityFinder

REPORT = (
    "Shelling Hits Market In Kafr Halab\n\n"
    "Syrian army artillery shelled the market of Kafr Halab on Tuesday morning, killing at least seven "
    "civilians, the White Helmets said. Turkish troops at an observation post nearby did not respond.\n\n"
    "On February 3, 12 Turkish soldiers were wounded near the town, the Turkish defence ministry said."
)


def sentences_of(text: str) -> list[tuple[int, int]]:
    """The report's sentences, found by hand: its headline, then each full stop."""
    out: list[tuple[int, int]] = []
    start = 0
    for i, c in enumerate(text):
        if c == "\n" or (c == "." and (i + 1 == len(text) or text[i + 1] in " \n")):
            if text[start:i].strip():
                end = i if c == "\n" else i + 1
                out.append((start, end))
            start = i + 1
            while start < len(text) and text[start] in " \n":
                start += 1
    return out


@dataclass(frozen=True)
class Placed:
    """A place as the geoparser gives it (its PlaceMatch), made by hand."""

    start: int
    end: int
    location: Location
    confidence: float


def hand_built(text: str = REPORT, anchor: date | None = date(2020, 2, 6)) -> Doc:
    return Doc(text, tokenize(text), sentences_of(text), facts={"anchor": anchor})


@pytest.fixture(scope="module")
def matcher() -> ActorMatcher:
    return ActorMatcher()


def mention_annotators(matcher: ActorMatcher) -> list:  # type: ignore[type-arg]
    return [Countries(matcher), Places(None), Actors(matcher), Dates(), Quantities(QuantityFinder())]


def test_annotators_read_a_hand_built_doc(matcher: ActorMatcher) -> None:
    doc = annotate(hand_built(), mention_annotators(matcher))
    text = doc.text
    assert [text[a.start : a.end] for a in doc.layer("countries")] == ["Syrian", "Turkish", "Turkish", "Turkish"]
    assert doc.values("countries") == ["SY", "TR", "TR", "TR"]
    assert doc.layer("places") == []  # no geoparser given: the layer is there, empty
    assert focus_country(doc) == "TR"  # no places: the country named most
    actors = {text[a.start : a.end]: a.value.ref.name for a in doc.layer("actors")}
    assert actors["Syrian army artillery"] == "Military Forces of Syria (2000-)"
    assert actors["White Helmets"] == "Syria Civil Defence (White Helmets)"
    assert actors["Turkish troops"] == "Military Forces of Turkey (2016-)"
    assert actors["civilians"] == "Civilians (Turkey)"  # without places, the country named most
    dates = {text[a.start : a.end]: a.value.date.start for a in doc.layer("dates")}
    assert dates["Tuesday morning"] == date(2020, 2, 4)
    assert dates["February 3"] == date(2020, 2, 3)
    counts = {text[a.start : a.end]: (a.value.quantity.kind, a.value.quantity.value) for a in doc.layer("quantities")}
    assert counts["at least seven civilians"] == ("killed", 7)
    assert counts["12 Turkish soldiers"] == ("injured", 12)
    # "12" in "February 3, 12 ..." is a count, "3" is part of the date: the dates layer is skipped
    assert all(not (d.start <= q.start < d.end) for d in doc.layer("dates") for q in doc.layer("quantities"))
    assert doc.sentence_of(text.index("On February")) == 3


def test_places_laid_by_hand_say_whose_civilians_they_are(matcher: ActorMatcher) -> None:
    """The actors annotator reads the places layer, whoever added it: here a test, without the gazetteer."""
    doc = hand_built()
    at = doc.text.index("Kafr Halab")
    kafr_halab = Placed(at, at + 10, Location("Kafr Halab", 36.1, 36.9, "SY", feature="P.PPL"), 0.9)
    Countries(matcher)(doc)
    doc.add("places", [Annotation(at, at + 10, kafr_halab)] * 2)
    Actors(matcher)(doc)
    assert focus_country(doc) == "SY"
    actors = {doc.text[a.start : a.end]: a.value.ref.name for a in doc.layer("actors")}
    assert actors["civilians"] == "Civilians (Syria)"


def test_the_year_of_an_undated_doc_dates_its_month_and_day(matcher: ActorMatcher) -> None:
    doc = hand_built(anchor=None)
    doc.facts["year"] = 2020
    annotate(doc, [Dates()])
    dates = {doc.text[a.start : a.end]: a.value.date for a in doc.layer("dates")}
    assert dates["February 3"].start == date(2020, 2, 3)


def test_annotators_need_neither_spacy_nor_the_gazetteer() -> None:
    """In a fresh process, the annotators run on a hand-built Doc load neither."""
    code = (
        "import json, sys\n"
        "from tests.test_doc import hand_built, mention_annotators\n"
        "from fogwatch.doc import annotate\n"
        "from fogwatch.nlp.actors import ActorMatcher\n"
        "doc = annotate(hand_built(), mention_annotators(ActorMatcher()))\n"
        "print(json.dumps({'layers': {k: len(v) for k, v in doc.layers.items()},\n"
        "                  'loaded': sorted(m for m in sys.modules if m.split('.')[0] == 'spacy'\n"
        "                                   or m in ('fogwatch.nlp.places', 'fogwatch.nlp.gazetteer'))}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["loaded"] == []
    assert got["layers"]["actors"] >= 3 and got["layers"]["dates"] == 2 and got["layers"]["quantities"] == 2


def test_an_annotator_before_the_layer_it_needs_is_refused(matcher: ActorMatcher) -> None:
    wrong = [Countries(matcher), Places(None), Actors(matcher), Quantities(QuantityFinder()), Dates()]
    with pytest.raises(AnnotatorOrder) as got:
        check_order(wrong)
    assert str(got.value) == (
        "annotator 'quantities' needs layer 'dates', which is not there when it runs: 'dates' adds it after "
        "(order: countries, places, actors, quantities, dates)"
    )
    with pytest.raises(AnnotatorOrder, match=r"annotator 'actors' needs layer 'places'.*no annotator adds it"):
        annotate(hand_built(), [Countries(matcher), Actors(matcher)])
    check_order(mention_annotators(matcher))  # the analyze stage's order passes


def test_a_layer_added_twice_or_not_at_all_is_an_error(matcher: ActorMatcher) -> None:
    with pytest.raises(AnnotatorOrder, match="annotator 'dates' adds layer 'dates', which is already there"):
        check_order([Dates(), Dates()])

    class Silent:
        name: ClassVar[str] = "silent"
        needs: ClassVar[tuple[str, ...]] = ()
        adds: ClassVar[tuple[str, ...]] = ("silence",)

        def __call__(self, doc: Doc) -> None:
            pass

    with pytest.raises(AnnotatorOrder, match=r"annotator 'silent' said it adds \['silence'\] but did not"):
        annotate(hand_built(), [Silent()])


def test_reading_a_missing_layer_names_the_ones_there() -> None:
    doc = hand_built()
    doc.add("dates", [Annotation(0, 8, "x")])
    with pytest.raises(MissingLayer) as got:
        doc.layer("places")
    assert str(got.value) == "the document has no layer 'places' (it has: tokens, sentences, dates)"
    with pytest.raises(ValueError, match="layer 'dates' is already in the document"):
        doc.add("dates", [])
    assert Doc("", [], []).sentence_of(5) == 0


def test_the_sentence_of_an_offset_is_the_last_starting_at_or_before_it() -> None:
    from fogwatch.doc import sentence_index

    spans = [(0, 10), (11, 20), (21, 30)]
    assert [sentence_index(spans, o) for o in (0, 9, 10, 11, 25, 99)] == [0, 0, 0, 1, 2, 2]
    assert sentence_index([(5, 9)], 2) == 0 and sentence_index([], 7) == 0
