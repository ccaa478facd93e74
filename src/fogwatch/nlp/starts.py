"""Where a regular expression can begin a match: the literal words every match of it starts with.

Many of our patterns are long alternations of words behind a `\\b` ("reportedly|allegedly|...",
"last|next|this ... Monday|Tuesday|..."), compiled case-insensitively. Python's engine finds no
literal prefix in such a pattern and tries it at every position of the text. `StartFilter`
reads the pattern once and finds the short literal heads one of which every match begins with
(`literal_heads`); a text is then searched for those heads with `str.find`, and the pattern is
tried only where one occurs. The matches are those `finditer` gives, in the same order: a match
can only begin where one of its heads is, and `Pattern.match` at a position reads the characters
before it (for `\\b` and lookbehinds) as a search reaching that position does.

Case is compared on `fold(text)`: ASCII capitals lowered, and the four other characters that
Python's case-insensitive matching takes for an ASCII letter (İ ı for "i", ſ for "s", the Kelvin
sign for "k") written as that letter, so the folded text has the same offsets as the text. A
head stops before any non-ASCII character of the pattern. A pattern whose every match cannot be
said to begin with some head gets no filter (`heads` is None) and is run over the whole text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

# How many characters of a head are kept: longer heads find fewer places, more heads cost more finds.
HEAD_CHARS = 5
# More heads than this and the pattern is run as it is.
MAX_HEADS = 128

_FOLD = str.maketrans(
    {**{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}, "İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"}
)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, *((sre.POSSESSIVE_REPEAT,) if hasattr(sre, "POSSESSIVE_REPEAT") else ()))


def fold(text: str) -> str:
    """`text` with the case differences case-insensitive matching ignores on ASCII letters taken away
    (same length, same offsets)."""
    return text.translate(_FOLD)


class _TooMany(Exception):
    pass


def _walk(items: list[Any], head: str, out: set[str]) -> None:
    """Add to `out` the heads of the matches of `items` (a parsed sequence) after `head`."""
    i = 0
    while i < len(items) and len(head) < HEAD_CHARS:
        op, av = items[i]
        if op is sre.LITERAL:
            ch = chr(av)
            if not ch.isascii():
                break
            head += ch.lower()
            i += 1
        elif op in _ZERO_WIDTH:
            i += 1  # reads characters but takes none: the head goes on after it
        elif op is sre.SUBPATTERN:
            items = [*av[-1].data, *items[i + 1 :]]
            i = 0
        elif op is sre.BRANCH:
            for alt in av[1]:
                _walk([*alt.data, *items[i + 1 :]], head, out)
            return
        elif op is sre.IN and av and all(o is sre.LITERAL for o, _ in av):
            for _, code in av:  # "[sd]": one branch per character
                _walk([(sre.LITERAL, code), *items[i + 1 :]], head, out)
            return
        elif op in _REPEATS:
            low, _high, body = av
            if low == 0:
                _walk(items[i + 1 :], head, out)  # the repeat taken no time
            _walk(list(body.data), head, out)  # taken once at least: begins as its body does
            return
        else:
            break  # a class, a backreference...: the head ends here
    out.add(head)
    if len(out) > MAX_HEADS:
        raise _TooMany


def literal_heads(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Folded, non-empty strings one of which every match of `rx` begins with; None when there are none
    (a match may begin with anything, or the pattern is more than this reads)."""
    out: set[str] = set()
    try:
        _walk(list(_parser.parse(rx.pattern, rx.flags).data), "", out)
    except (_TooMany, RecursionError):
        return None
    if not out or "" in out:
        return None
    # a head that begins with another head adds no place the other does not find
    return tuple(h for h in sorted(out) if not any(h != o and h.startswith(o) for o in out))


class StartFilter:
    """A compiled pattern, searched only where one of its literal heads occurs (see the module's doc)."""

    __slots__ = ("heads", "rx")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self.heads = literal_heads(rx)

    def starts(self, folded: str) -> list[int] | None:
        """Sorted offsets of `folded` where a head begins (every place a match can begin); None: anywhere."""
        if self.heads is None:
            return None
        found: list[int] = []
        for h in self.heads:
            k = folded.find(h)
            while k >= 0:
                found.append(k)
                k = folded.find(h, k + 1)
        found.sort()
        return found

    def finditer(
        self, text: str, starts: list[int] | None, pos: int = 0, endpos: int | None = None
    ) -> Iterator[re.Match[str]]:
        """The matches `self.rx.finditer(text, pos, endpos)` gives, tried only at `starts` (from `starts`)."""
        end = len(text) if endpos is None else endpos
        if starts is None:
            yield from self.rx.finditer(text, pos, end)
            return
        match = self.rx.match
        k = bisect.bisect_left(starts, pos)
        after = pos
        while k < len(starts):
            p = starts[k]
            k += 1
            if p >= end:
                return
            if p < after:
                continue
            m = match(text, p, end)
            if m is not None:
                yield m
                after = m.end()  # a match takes a head's characters at least: never empty


# --- words every match holds --------------------------------------------------------------------


def _best(sets: list[frozenset[str]]) -> frozenset[str]:
    """Of several sets of words, the one whose shortest word is longest (the rarest by chance)."""
    return max(sets, key=lambda s: (min(len(w) for w in s), -len(s)))


def _needs(items: list[Any]) -> list[frozenset[str]]:
    """Sets of folded strings such that every match of the parsed sequence `items` holds one string
    of each set ([]: none can be said).

    A run of ASCII literals is such a set (of one); so is what any part every match takes holds (a
    group, a repeat taken at least once, a branch when each of its alternatives holds one: then the
    best set of each alternative, joined)."""
    found: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is sre.LITERAL and chr(av).isascii():
            run += chr(av).lower()
            continue
        if run:
            found.append(frozenset((run,)))
            run = ""
        if op is sre.SUBPATTERN:
            found += _needs(list(av[-1].data))
        elif op is sre.BRANCH:
            alts = [_needs(list(alt.data)) for alt in av[1]]
            if all(alts):
                found.append(frozenset().union(*(_best(a) for a in alts)))
        elif op in _REPEATS and av[0] >= 1:
            found += _needs(list(av[2].data))
        # anything else (a class, a look-around that takes no characters, a non-ASCII literal)
        # holds no word we can name: the run ends there and nothing is added
    if run:
        found.append(frozenset((run,)))
    return found


def required_words(rx: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of folded strings such that every match of `rx` holds (in `fold` of the matched text) one
    string of each set; () when none can be said (the pattern may match without any fixed word, or
    is more than this reads)."""
    try:
        return tuple(dict.fromkeys(_needs(list(_parser.parse(rx.pattern, rx.flags).data))))
    except RecursionError:
        return ()


class WordGate:
    """Which of some patterns can match in a stretch of text, told by the words their matches hold
    (`required_words`): a pattern with a set of words none of which occurs in the folded stretch
    cannot match there, and need not be run. The words are looked for once for all the patterns."""

    __slots__ = ("needs", "none", "words")

    # Sets with a shorter word are nearly always present, and larger ones cost more to look for than
    # they save: neither is looked for (a pattern without a set left is always run).
    MIN_WORD = 3
    MAX_WORDS = 25

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self.needs = [
            tuple(s for s in required_words(rx) if min(map(len, s)) >= self.MIN_WORD and len(s) <= self.MAX_WORDS)
            for rx in patterns
        ]
        self.words = tuple(sorted({w for sets in self.needs for s in sets for w in s}))
        self.none = [not sets for sets in self.needs]  # the answer where no word is present

    def open(self, folded: str) -> list[bool]:
        """For each pattern, whether it may match inside `folded` (the stretch, folded; a match
        that only begins in it is not asked about)."""
        present = {w for w in self.words if w in folded}
        if not present:
            return list(self.none)
        return [all(not s.isdisjoint(present) for s in sets) for sets in self.needs]


class Needing:
    """A compiled pattern searched only in stretches of text that hold the words its matches need
    (`required_words`); elsewhere it finds nothing without being run."""

    __slots__ = ("gate", "rx", "sets")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self.gate = WordGate([rx])
        self.sets = tuple(tuple(sorted(s)) for s in self.gate.needs[0])

    @property
    def pattern(self) -> str:
        return self.rx.pattern

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """What `self.rx.search(text, pos, endpos)` gives."""
        end = len(text) if endpos is None else endpos
        return self.rx.search(text, pos, end) if self._may(text, pos, end) else None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """The matches `self.rx.finditer(text, pos, endpos)` gives."""
        end = len(text) if endpos is None else endpos
        if self._may(text, pos, end):
            yield from self.rx.finditer(text, pos, end)

    def _may(self, text: str, pos: int, end: int) -> bool:
        # the stretch `re` reads: it takes a position before the text for its start, past it for its end
        # (WordGate.open's answer for one pattern, in plain loops: this runs for every stretch searched)
        folded = fold(text[max(pos, 0) : max(end, 0)])
        for words in self.sets:
            for w in words:
                if w in folded:
                    break
            else:
                return False
        return True
