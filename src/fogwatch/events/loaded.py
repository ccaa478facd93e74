"""Loaded language: emotive words, name-calling, doubt and sarcasm, as spans of a text.

The words come from fogwatch's own lexicon (`resources/loaded.yaml`, written for fogwatch),
compiled into one regular expression per label, so a text is scanned once per label:

- ``loaded-language``: emotive, value-laden words ("butchers", "barbaric", "heroic",
  "liberation", "massacre", "terrorists" as a label);
- ``name-calling``: labels stuck on a party ("terrorists", "jihadists", "the regime",
  "occupiers", "Western puppets", "mercenaries");
- ``doubt``: words that cast doubt ("so-called", "alleged", "self-styled") and scare quotes,
  a quoted phrase of one to three words that is not a quotation of a whole statement;
- ``sarcasm``: mock labels ("so-called moderate opposition", scare-quoted "moderate rebels"
  or "revolution").

A word listed under two labels ("terrorists") gives one span per label. A lower-case entry
does not match a capitalised word inside a sentence: "National Front for Liberation" is a
name, not a boast. Every span carries `attrs["quoted"]`: whether it sits inside quotation
marks, i.e. is someone else's word rather than the outlet's own label.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from fogwatch.errors import BadLoadedLexicon as BadLexicon
from fogwatch.errors import require
from fogwatch.lang import english
from fogwatch.model import Span

_EN = english().area("loaded")

DEFAULT_LEXICON = Path(__file__).resolve().parent.parent / "resources" / "loaded.yaml"
LABELS: tuple[str, ...] = ("loaded-language", "name-calling", "doubt", "sarcasm")

_TOKEN = re.compile(r"[\w’'-]*\w|\w")


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


@dataclass(slots=True)
class _Node:
    """A word trie node: entries ending here, entries whose last word starts with a prefix, and longer ones."""

    children: dict[str, _Node] = field(default_factory=dict)
    ends: list[tuple[str, bool]] = field(default_factory=list)  # (label, cased)
    prefixes: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)  # "butcher" -> labels, for "butcher*"


class Lexicon:
    """The compiled lexicon, a word trie over every label, plus the words that make scare quotes sarcastic.

    The text is split into words once; from each word the trie is walked as far as the next
    words allow, so a text costs one pass whatever the number of entries.
    """

    def __init__(self, data: dict[str, Any], source: str = "<dict>") -> None:
        if not isinstance(data, dict):
            raise BadLexicon(source, "must be a mapping of label -> list of words")
        unknown = set(data) - set(LABELS) - {"sarcasm-quoted"}
        if unknown:
            raise BadLexicon(source, f"unknown labels {sorted(unknown)}; known: {', '.join(LABELS)}, sarcasm-quoted")
        self.root = _Node()
        self.labels = [label for label in LABELS if data.get(label)]
        for label in LABELS:
            words = data.get(label) or []
            if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                raise BadLexicon(source, f"'{label}' must be a list of non-empty strings")
            for entry in words:
                self._add(entry.strip(), label, source)
        mock = data.get("sarcasm-quoted") or []
        if not isinstance(mock, list):
            raise BadLexicon(source, "'sarcasm-quoted' must be a list of words")
        self.mock = self._mock_pattern([str(w) for w in mock])
        prefixes = self._all_prefixes()
        self._min_prefix = min((len(p) for p in prefixes), default=1)
        self._max_prefix = max((len(p) for p in prefixes), default=0)
        # how every prefix entry begins: a word beginning otherwise matches none, and is not cut up
        self._prefix_heads = frozenset(p[: self._min_prefix] for p in prefixes)

    def _add(self, entry: str, label: str, source: str) -> None:
        cased = entry != entry.lower()
        star = entry.endswith("*")
        words = [_norm(w) for w in entry.rstrip("*").split()]
        if not words or not all(_TOKEN.fullmatch(w) for w in words):
            raise BadLexicon(source, f"entry '{entry}' must be words (letters, digits, - and '), '*' only at the end")
        node = self.root
        for w in words[:-1]:
            node = node.children.setdefault(w, _Node())
        if star:
            node.prefixes.setdefault(words[-1], []).append((label, cased))
        else:
            node.children.setdefault(words[-1], _Node()).ends.append((label, cased))

    def _all_prefixes(self) -> list[str]:
        out: list[str] = []
        stack = [self.root]
        while stack:
            node = stack.pop()
            out += node.prefixes
            stack += node.children.values()
        return out

    @staticmethod
    def _mock_pattern(words: list[str]) -> re.Pattern[str] | None:
        if not words:
            return None
        alts = sorted((re.escape(w.strip()) for w in words if w.strip()), key=len, reverse=True)
        return re.compile(rf"(?<![\w'’-])(?:{'|'.join(alts)})(?![\w'’-])", re.I)

    @classmethod
    def load(cls, path: str | Path = DEFAULT_LEXICON) -> Lexicon:
        yaml: Any = require("yaml", "nlp", "The loaded-language lexicon")
        p = Path(path)
        try:
            data = yaml.safe_load(p.read_text(encoding="utf-8"))
        except OSError as exc:
            raise BadLexicon(str(p), f"cannot be read ({exc.strerror})") from exc
        except yaml.YAMLError as exc:
            raise BadLexicon(str(p), f"is not valid YAML ({exc})") from exc
        return cls(data or {}, str(p))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Span]:
        stop = len(text) if end is None else end
        quotes = _quote_spans(text, start, stop)
        starts = [q[0] for q in quotes]
        toks = [(m.start(), m.end(), _norm(m.group())) for m in _TOKEN.finditer(text, start, stop)]
        out: list[Span] = []
        for i, (ts, _, _) in enumerate(toks):
            found: dict[str, int] = {}  # label -> end of the longest match from this word
            name_start = text[ts].isupper() and not _sentence_initial(text, ts)
            node = self.root
            j = i
            while j < len(toks):
                if j > i and text[toks[j - 1][1] : toks[j][0]].strip():
                    break  # words of an entry are separated by spaces only
                w = toks[j][2]
                if node.prefixes and w[: self._min_prefix] in self._prefix_heads:
                    for k in range(min(len(w), self._max_prefix), self._min_prefix - 1, -1):
                        for label, cased in node.prefixes.get(w[:k], ()):
                            if cased or not name_start:
                                found[label] = max(found.get(label, 0), toks[j][1])
                child = node.children.get(w)
                if child is None:
                    break
                for label, cased in child.ends:
                    if cased or not name_start:
                        found[label] = max(found.get(label, 0), toks[j][1])
                node = child
                j += 1
            quoted = _inside(quotes, starts, ts) if found else False
            for label, e in found.items():
                out.append(Span(ts, e, label, {"quoted": quoted}))
        out += self._scare_quotes(text, quotes)
        out.sort(key=lambda s: (s.start, -s.end, s.label))
        return _dedupe(out)

    def _scare_quotes(self, text: str, quotes: list[tuple[int, int]]) -> list[Span]:
        out = []
        for qs, qe in quotes:
            inner = text[qs + 1 : qe - 1]
            words = inner.split()
            if not 1 <= len(words) <= 3 or not inner[:1].isalnum() or not inner[-1:].isalnum():
                continue
            if _quotes_a_statement(text, qs):
                continue
            label = "sarcasm" if self.mock is not None and self.mock.search(inner) else "doubt"
            out.append(Span(qs, qe, label, {"quoted": True, "scare_quotes": True}))
        return out


_QUOTE = re.compile(r"“[^“”\n]{1,400}”|\"[^\"\n]{1,400}\"|‘[^‘’\n]{1,60}’(?![\w])")
_STATEMENT_CUE = _EN.regex("statement_cue", re.I)


def _quote_spans(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text, start, stop)]


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """Whether pos is inside one of the sorted, non-overlapping spans (`starts` are their starts)."""
    i = bisect.bisect_left(starts, pos) - 1
    return i >= 0 and spans[i][0] < pos < spans[i][1]


def _quotes_a_statement(text: str, qs: int) -> bool:
    """A short quotation that is still someone's whole reply: “No,” he said / she said: “Never.”"""
    before = text[max(0, qs - 30) : qs]
    after = text[qs : qs + 80]
    if _STATEMENT_CUE.search(before):
        return True
    close = re.search(r"[”\"]", after[1:])
    if close is None:
        return False
    inner = after[1 : close.start() + 1]
    return inner.rstrip()[-1:] in {",", ".", "!", "?"}


def _sentence_initial(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] in " \t\"“‘'(":
        j -= 1
    return j < 0 or text[j] in ".!?\n:;"


def _dedupe(spans: list[Span]) -> list[Span]:
    """Drop a span inside a longer one of the same label ("moderate" inside "so-called moderate rebels").

    `spans` is sorted by start, longest first, so a container always comes before what it holds."""
    out: list[Span] = []
    reach: dict[str, int] = {}  # per label, the furthest end of a span kept so far
    for s in spans:
        if reach.get(s.label, -1) >= s.end:
            continue
        reach[s.label] = max(reach.get(s.label, -1), s.end)
        out.append(s)
    return out


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """fogwatch's own lexicon, compiled once per process (it never changes while running)."""
    return Lexicon.load(DEFAULT_LEXICON)


def loaded_language(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Loaded-language, name-calling, doubt and sarcasm spans of text[start:end], in text order."""
    return default_lexicon().find(text, start, end)
