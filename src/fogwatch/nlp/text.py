"""Tokens, sentences and the language of a text.

The default pipeline is spaCy's blank English tokenizer with its rule-based
sentencizer, plus one rule of ours: a line break ends a sentence (headlines,
datelines and list items carry no full stop). It needs no model download. A user
with a pretrained spaCy pipeline installed can name it (`--nlp`, `FOGWATCH_NLP`);
its parser or senter then decides sentence boundaries.

Every span is an offset pair into the text given, so later steps can show each
extracted field in its sentence.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from fogwatch.errors import FogwatchError, require

# Sentences longer than this are cut at a whitespace near the limit: a text without
# punctuation must not become one sentence of 50,000 characters for the rules after us.
MAX_SENTENCE_CHARS = 1200
# spaCy refuses longer texts by default; we process longer ones in pieces of this size.
MAX_CHUNK_CHARS = 200_000


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


class UnknownPipeline(FogwatchError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"spaCy pipeline '{name}' is not installed. Install it (python -m spacy download {name}) "
            "or drop --nlp / FOGWATCH_NLP to use fogwatch's built-in rules, which need no download."
        )


@dataclass(slots=True)
class Parsed:
    """A text split into sentences and tokens, as character offsets into it."""

    text: str
    sentences: list[tuple[int, int]]
    tokens: list[tuple[int, int]]

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding `offset` (the last one starting at or before it)."""
        lo, hi = 0, len(self.sentences) - 1
        if hi < 0:
            return 0
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo


def pipeline_name(name: str | None = None) -> str | None:
    """The spaCy pipeline to use: the argument, else FOGWATCH_NLP, else none (built-in rules)."""
    value = name if name is not None else os.environ.get("FOGWATCH_NLP")
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
            tokens: list[tuple[int, int]] = []
            for base, chunk in _chunks(text, MAX_CHUNK_CHARS):
                doc = nlp(chunk)
                for start, end in self._sentence_spans(doc, chunk):
                    start, end = _strip(chunk, start, end)
                    if start < end:
                        for s, e in _cut_long(chunk, start, end, self.max_sentence_chars):
                            sentences.append((base + s, base + e))
                from spacy.attrs import IDX, IS_SPACE, LENGTH

                for idx, length, space in doc.to_array([IDX, LENGTH, IS_SPACE]).tolist():
                    if not space:
                        tokens.append((base + idx, base + idx + length))
            yield Parsed(text, sentences, tokens)

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
_ENDERS = frozenset({".", "!", "?", "...", "…", "?!", "!?"})
_CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", "»"})


def mark_sentences(doc: Any) -> Any:
    """Rule-based sentence starts: after . ! ? (and any closing quotes) before a capital,
    digit or opening quote, unless the full stop ends an abbreviation or an initial; and
    after every line break, since headlines, datelines and list items carry no full stop."""
    import numpy
    from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START

    rows = doc.to_array([IDX, LENGTH, IS_SPACE]).tolist()
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

# The commonest function words of each language. The share of a text's words found in
# each list identifies the language of ordinary prose well enough to route it.
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the of and to in a is that for on was with he it as at by from his her an were are which this be "
        "has have had not but they said their been who after its also would will or than more into when "
        "there we our you about over two one up out against under between"
    ),
    "fr": _words(
        "le la les des du de et à un une est que qui dans pour sur par au aux avec ce cette il elle ont "
        "sont pas ne se plus été lors selon"
    ),
    "de": _words(
        "der die das und ist nicht ein eine einer den dem des mit von zu auf für sich im auch wurde "
        "werden bei nach aus wie sind hat haben"
    ),
    "es": _words(
        "el la los las de del y en que un una por con para es se su al lo como más pero sus fue han sobre entre según"
    ),
    "it": _words(
        "il lo la gli le di del della e che un una per con non sono è nel nella alla dei delle si da "
        "ha hanno anche come"
    ),
    "pt": _words("o a os as de do da dos das e em um uma que para com não por mais no na se foi são ao pelo pela como"),
    "nl": _words("de het een en van in is dat op te zijn met voor niet aan er ook door als bij werd"),
    "tr": _words("ve bir bu da de için ile olarak olan gibi çok daha ama en ki ise göre sonra"),
    "id": _words("yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke oleh telah"),
}

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_WORDS = 12  # fewer words than this: too little to judge, treated as English


@dataclass(slots=True, frozen=True)
class Language:
    code: str  # ISO 639-1, or "und" when the text is too short to tell
    evidence: str  # what decided it, for the record a person reads


def detect_language(text: str, sample_chars: int = 20_000) -> Language:
    """Guess the language: script first, then the share of each language's function words."""
    sample = text[:sample_chars]
    words = _WORD.findall(sample)
    if not words:
        return Language("und", "no words")
    script = _script(sample)
    if script is not None:
        return Language(script, "script")
    if len(words) < MIN_WORDS:
        return Language("und", f"only {len(words)} words")
    lowered = [w.lower() for w in words]
    shares = {lang: sum(1 for w in lowered if w in stop) / len(lowered) for lang, stop in _STOPWORDS.items()}
    best = max(shares, key=lambda k: shares[k])
    if shares[best] < 0.08:
        return Language("und", f"few function words of any language ({shares[best]:.0%})")
    return Language(best, f"{shares[best]:.0%} {best} function words")


def _script(text: str) -> str | None:
    """A language code when most letters are not Latin (Arabic, Cyrillic, Hebrew, CJK...)."""
    if text.isascii():
        return None
    latin = other = 0
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        if ch.isascii():
            latin += 1
            continue
        name = unicodedata.name(ch, "")
        head = name.split(" ", 1)[0]
        if head == "LATIN":
            latin += 1
            continue
        other += 1
        counts[head] = counts.get(head, 0) + 1
        if ch in "іїєґ":
            counts["UKRAINIAN"] = counts.get("UKRAINIAN", 0) + 1
        elif ch in "پچژگ":
            counts["PERSIAN"] = counts.get("PERSIAN", 0) + 1
    if other <= latin:
        return None
    head = max(counts, key=lambda k: counts[k] if k not in ("UKRAINIAN", "PERSIAN") else -1)
    if head == "CYRILLIC":
        return "uk" if counts.get("UKRAINIAN", 0) > 0.01 * other else "ru"
    if head == "ARABIC":
        return "fa" if counts.get("PERSIAN", 0) > 0.01 * other else "ar"
    return {
        "HEBREW": "he",
        "GREEK": "el",
        "ARMENIAN": "hy",
        "GEORGIAN": "ka",
        "CJK": "zh",
        "HIRAGANA": "ja",
        "KATAKANA": "ja",
        "HANGUL": "ko",
        "DEVANAGARI": "hi",
        "THAI": "th",
        "ETHIOPIC": "am",
        "MYANMAR": "my",
    }.get(head, "mis")  # ISO 639-2: a language without a code here
