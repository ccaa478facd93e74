"""One document per article: its text, tokens and sentences, built once, and named layers of
spans the annotators add to it.

An annotator reads the `Doc` and adds layers. It says which layers it reads (`needs`) and which
it adds (`adds`), as spaCy's components say what they require and assign; `check_order` refuses
an order in which an annotator would read a layer no annotator before it adds, and `annotate`
runs them. The tokens and sentences are made by whoever builds the Doc (the analyze stage, or a
test by hand), so an annotator can be tried on a hand-built Doc without spaCy or the gazetteer.

Layers hold `Annotation`s: a span of the text and the annotator's own record of it (a place
match, a time expression...), in the order the annotator found them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from fogwatch.errors import AnnotatorOrder, MissingLayer

# Layers every Doc has from the start: its tokens and its sentences.
BUILT_IN = ("tokens", "sentences")


class Located(Protocol):
    """What a token is to the Doc: a span of the text (annotators read the rest of it)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


@dataclass(slots=True, frozen=True)
class Annotation:
    """A span `[start, end)` of the Doc's text and what an annotator made of it."""

    start: int
    end: int
    value: Any = None


@dataclass(slots=True)
class Doc:
    """An article's text, its tokens and sentences (offsets into the text), and the layers added to it."""

    text: str
    tokens: Sequence[Located]
    sentences: list[tuple[int, int]]
    layers: dict[str, list[Annotation]] = field(default_factory=dict)
    # what the annotators worked out about the whole text (a report's focus country, the anchor date)
    facts: dict[str, Any] = field(default_factory=dict)

    def layer(self, name: str) -> list[Annotation]:
        """The spans of layer `name`; an error naming the layers there are when it was never added."""
        try:
            return self.layers[name]
        except KeyError:
            have = ", ".join([*BUILT_IN, *self.layers]) or "none"
            raise MissingLayer(name, have) from None

    def values(self, name: str) -> list[Any]:
        """The annotators' records in layer `name`, in the order they were added."""
        return [a.value for a in self.layer(name)]

    def add(self, name: str, spans: Iterable[Annotation]) -> None:
        if name in self.layers or name in BUILT_IN:
            raise ValueError(f"layer '{name}' is already in the document")
        self.layers[name] = list(spans)

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding `offset` (the last one starting at or before it; 0 when none)."""
        return sentence_index(self.sentences, offset)


def sentence_index(sentences: Sequence[tuple[int, int]], offset: int) -> int:
    """Index of the sentence holding `offset` in sentences sorted by start: the last one starting at or
    before it (0 when none does)."""
    return max(0, bisect_right(sentences, offset, key=lambda s: s[0]) - 1)


class Annotator(Protocol):
    """Reads a Doc's layers named in `needs` and adds those named in `adds`."""

    name: ClassVar[str]
    needs: ClassVar[tuple[str, ...]]
    adds: ClassVar[tuple[str, ...]]

    def __call__(self, doc: Doc) -> None: ...


def check_order(annotators: Sequence[Annotator]) -> None:
    """Raise `AnnotatorOrder` when an annotator needs a layer that no annotator before it adds
    (or one that is added twice); the message names the annotator, the layer and who adds it."""
    have = set(BUILT_IN)
    adders = {layer: a.name for a in annotators for layer in a.adds}
    for a in annotators:
        for need in a.needs:
            if need not in have:
                later = adders.get(need)
                where = f"'{later}' adds it after" if later else "no annotator adds it"
                raise AnnotatorOrder(
                    f"annotator '{a.name}' needs layer '{need}', which is not there when it runs: {where} "
                    f"(order: {', '.join(x.name for x in annotators)})"
                )
        for layer in a.adds:
            if layer in have:
                raise AnnotatorOrder(f"annotator '{a.name}' adds layer '{layer}', which is already there")
            have.add(layer)


def annotate(doc: Doc, annotators: Sequence[Annotator]) -> Doc:
    """Run the annotators over `doc` in order (checked first), each adding its layers; the doc back."""
    check_order(annotators)
    for a in annotators:
        a(doc)
        missing = [layer for layer in a.adds if layer not in doc.layers]
        if missing:
            raise AnnotatorOrder(f"annotator '{a.name}' said it adds {missing} but did not")
    return doc
