"""What a clean text looks like to the copy finder: words, shingles, a MinHash and its LSH bands.

Texts are compared as sets of word 5-grams ("shingles") over normalised words:
compatibility forms folded (NFKC), lower case, punctuation dropped. So
typographic quotes, Markdown marks, line breaks and paragraph joins, which differ
between an HTML page, a Markdown save and a text dump of the same article, do not
count as differences.

Words are hashed with numpy over the text's code points, not word by word in
Python: signing is the expensive part of indexing and runs for every article.
The MinHash is datasketch's (its permutations, its hashing of 32-bit values),
computed for a whole batch of texts at once; only the LSH band keys are stored.
Whether two candidates really are copies is decided on their shingle sets (see
`fogwatch.stories.match`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from fogwatch.errors import require

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    U64Array = npt.NDArray[np.uint64]
else:
    U64Array = Any

_STORIES = "stories"
_PURPOSE = "Finding copies of articles (stories)"
_NON_WORD = re.compile(r"\W")
_BMP = 0x10000
_MERSENNE = (1 << 61) - 1  # datasketch's MinHash prime and 32-bit mask
_MAX32 = (1 << 32) - 1

Status = Literal["indexed", "short", "empty"]


def numpy_or_fail() -> Any:
    """numpy, imported when first needed; without it, an error naming the extra to install."""
    return require("numpy", _STORIES, _PURPOSE)


@dataclass(frozen=True, slots=True)
class Shingled:
    """A text ready for comparison: its word count, the hash of its word sequence, its shingle set."""

    words: int
    norm_hash: int
    shingles: U64Array


class Fingerprinter:
    """Turns a text into normalised word hashes and their shingle set.

    Built once per signer: two tables over the Basic Multilingual Plane say which
    code points are word characters (as `\\w` does) and what each lower-cases to.
    The few characters beyond it (emoji, rare scripts) are looked up one by one.
    """

    def __init__(self, shingle: int) -> None:
        if shingle < 1:
            raise ValueError("shingle must be at least 1")
        np = numpy_or_fail()
        self.shingle = shingle
        plane = "".join(map(chr, range(_BMP)))
        # Whole-plane string operations run in C: a few milliseconds, not a loop of 65,536.
        self.is_word = _code_points(np, _NON_WORD.sub("\0", plane)) != 0  # non-word characters become NUL
        # İ is the one character of the plane whose lower case is two; it becomes i.
        lowered = plane.replace("\u0130", "i").lower()
        if len(lowered) != _BMP:
            lowered = "".join(lo if len(lo := ch.lower()) == 1 else ch for ch in plane)
        self.lower = _code_points(np, lowered).astype(np.uint64)

    def word_hashes(self, text: str) -> U64Array:
        """One 64-bit hash per normalised word, in order."""
        import numpy as np  # present: the constructor checked

        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        cps = _code_points(np, text)
        word = self.is_word[np.minimum(cps, _BMP - 1)]
        beyond = np.flatnonzero(cps >= _BMP)
        if beyond.size:  # emoji, rare scripts, and what NFKC makes of some CJK compatibility ideographs
            word[beyond] = [_NON_WORD.match(chr(c)) is None for c in cps[beyond].tolist()]
        idx = np.flatnonzero(word)
        if idx.size == 0:
            return np.zeros(0, dtype=np.uint64)
        at = cps[idx]
        chars = self.lower[np.minimum(at, _BMP - 1)]
        if beyond.size:
            far = np.flatnonzero(at >= _BMP)
            chars[far] = [ord(lo) if len(lo := chr(c).lower()) == 1 else c for c in at[far].tolist()]
        starts = np.flatnonzero(np.diff(idx, prepend=-2) != 1)  # a word starts after a gap
        first = np.zeros(idx.size, dtype=np.int64)
        first[starts] = 1
        pos = np.arange(idx.size) - starts[np.cumsum(first) - 1]  # each character's place in its word
        with np.errstate(over="ignore"):
            powers = np.cumprod(np.full(int(pos.max()) + 1, 0x100000001B3, dtype=np.uint64))
            h = np.add.reduceat((chars + np.uint64(1)) * powers[pos], starts)
            h ^= np.diff(np.append(starts, idx.size)).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        return _mix(np, h)

    def shingled(self, text: str) -> Shingled:
        import numpy as np

        words = self.word_hashes(text)
        if words.size == 0:
            return Shingled(0, 0, np.zeros(0, dtype=np.uint64))
        digest = hashlib.blake2b(words.tobytes(), digest_size=8).digest()
        k = min(self.shingle, words.size)
        n = words.size - k + 1
        acc = np.zeros(n, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(k):
                acc = acc * np.uint64(0x100000001B3) + words[j : j + n]
        return Shingled(int(words.size), int.from_bytes(digest, "big", signed=True), np.unique(_mix(np, acc)))


def _code_points(np: Any, text: str) -> Any:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _mix(np: Any, x: U64Array) -> U64Array:
    """splitmix64's finaliser: every input bit reaches every output bit."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


@dataclass(frozen=True, slots=True)
class LshParams:
    """How texts are shingled and banded.

    A pair of texts becomes a candidate when all `rows` MinHash values of any one
    of the `bands` agree: with Jaccard similarity J that happens with probability
    1 - (1 - J**rows)**bands. Two rows and 32 bands find 87% of pairs at J = 0.25
    (a copy holding a third of a longer text) and 99.99% at J = 0.5, while pairs at
    J = 0.05 (independent reports that share place names and stock phrases) become
    candidates 8% of the time and are then turned down on their text.
    """

    shingle: int = 5
    bands: int = 32
    rows: int = 2
    seed: int = 1

    def __post_init__(self) -> None:
        if self.shingle < 1 or self.bands < 1 or self.rows < 1:
            raise ValueError("shingle, bands and rows must each be at least 1")

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows

    @property
    def scheme(self) -> int:
        """A number naming these parameters: signatures made under another scheme are recomputed."""
        text = f"fogwatch-stories/1 shingle={self.shingle} bands={self.bands} rows={self.rows} seed={self.seed}"
        return zlib.crc32(text.encode()) & 0x7FFFFFFF


@dataclass(slots=True)
class Signature:
    """One article's entry in the index, and the shingle set it was made from (for checking candidates)."""

    article_id: str
    text_len: int
    status: Status
    words: int
    norm_hash: int | None = None
    bands: tuple[int, ...] = ()
    reason: str | None = None
    shingled: Shingled | None = None


@dataclass(slots=True)
class TextToSign:
    article_id: str
    text: str


class Signer:
    """Computes signatures under one set of `LshParams`; texts under `min_words` words are not banded."""

    def __init__(self, params: LshParams | None = None, min_words: int = 50) -> None:
        if min_words < 1:
            raise ValueError("min_words must be at least 1")
        self.params = params or LshParams()
        self.min_words = min_words
        self.fingerprinter = Fingerprinter(self.params.shingle)
        datasketch: Any = require("datasketch", _STORIES, _PURPOSE)
        a, b = datasketch.MinHash(num_perm=self.params.num_perm, seed=self.params.seed).permutations
        import numpy as np

        self._a = np.asarray(a, dtype=np.uint64)
        self._b = np.asarray(b, dtype=np.uint64)

    def sign_many(self, texts: list[TextToSign]) -> list[Signature]:
        out: list[Signature] = []
        banded: list[int] = []
        for t in texts:
            sh = self.fingerprinter.shingled(t.text)
            if sh.words == 0:
                out.append(Signature(t.article_id, len(t.text), "empty", 0, reason="no words are left after cleaning"))
            elif sh.words < self.min_words:
                reason = (
                    f"only {sh.words} words after cleaning (fewer than {self.min_words}): too short to tell "
                    "a copy from shared boilerplate or a headline"
                )
                out.append(Signature(t.article_id, len(t.text), "short", sh.words, sh.norm_hash, reason=reason))
            else:
                banded.append(len(out))
                out.append(Signature(t.article_id, len(t.text), "indexed", sh.words, sh.norm_hash, shingled=sh))
        if banded:
            keys = self.band_keys([out[i].shingled.shingles for i in banded])  # type: ignore[union-attr]
            for i, row in zip(banded, keys, strict=True):
                out[i].bands = row
        return out

    def minhashes(self, sets: list[U64Array]) -> Any:
        """datasketch MinHash values of each (non-empty) shingle set, one row per set.

        The arithmetic is datasketch's `update_batch`, (a * x + b) mod (2**61 - 1) over
        32-bit inputs, with the modulo done by shifts as the Mersenne prime allows. One set
        at a time: its (permutations x shingles) array stays in cache, which measured faster
        than stacking sets.
        """
        import numpy as np

        p = np.uint64(_MERSENNE)
        out = np.empty((len(sets), len(self._a)), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for i, shingles in enumerate(sets):
                y = self._a[:, None] * (shingles & np.uint64(_MAX32))[None, :]
                y += self._b[:, None]
                r = y & p
                y >>= np.uint64(61)
                r += y
                r[r >= p] -= p
                r &= np.uint64(_MAX32)
                out[i] = r.min(axis=1)
        return out

    def band_keys(self, sets: list[U64Array]) -> list[tuple[int, ...]]:
        """32-bit signed keys, one per band, each mixing the band's number with its MinHash values."""
        import numpy as np

        p = self.params
        rows = self.minhashes(sets).reshape(len(sets), p.bands, p.rows)
        with np.errstate(over="ignore"):
            key = np.broadcast_to(
                (np.arange(p.bands, dtype=np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15),
                (len(sets), p.bands),
            )
            for j in range(p.rows):
                key = _mix(np, key ^ rows[:, :, j])
        keys = (key >> np.uint64(32)).astype(np.uint32).view(np.int32)
        return [tuple(r) for r in keys.tolist()]


class SignStep:
    """`TextToSign` records in, `Signature` records out: the CPU-heavy part, run in worker processes."""

    name = "stories-sign"

    def __init__(self, signer: Signer, batch: int = 64) -> None:
        self.signer = signer
        self.batch = batch

    def run(self, records: Iterable[TextToSign]) -> Iterator[Signature]:
        part: list[TextToSign] = []
        for r in records:
            part.append(r)
            if len(part) >= self.batch:
                yield from self.signer.sign_many(part)
                part = []
        if part:
            yield from self.signer.sign_many(part)
