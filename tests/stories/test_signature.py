"""Normalised words, shingles and MinHash signatures."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from fogwatch.pipeline import LocalExecutor
from fogwatch.stories.signature import Fingerprinter, LshParams, Signer, SignStep, TextToSign
from tests.stories import texts as T

FP = Fingerprinter(5)
SIGNER = Signer()
BMP_TEXT = st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=["Cs"]), max_size=200)


@settings(max_examples=200, deadline=None)
@given(BMP_TEXT)
def test_words_are_the_regex_words_of_the_nfkc_text(text: str) -> None:
    assert len(FP.word_hashes(text)) == len(re.findall(r"\w+", unicodedata.normalize("NFKC", text)))


def test_a_compatibility_ideograph_that_normalises_beyond_the_plane_stays_in_its_word() -> None:
    """U+FAD5 is in the Basic Multilingual Plane; NFKC makes it U+25249, a word character beyond it."""
    assert len(FP.word_hashes("0\ufad50")) == 1
    assert len(FP.word_hashes("rockets \U0001f680 fell")) == 2  # an emoji is no word


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text("abcdefghijklmnopqrstuvwxyzàéîöç", min_size=1, max_size=12), min_size=1, max_size=40))
def test_case_and_punctuation_do_not_change_the_words(words: list[str]) -> None:
    plain = " ".join(words)
    dressed = "\u201c" + ",  ".join(w.upper() for w in words) + "!\u201d\n\n"
    assert FP.word_hashes(plain).tolist() == FP.word_hashes(dressed).tolist()


def test_same_words_same_hash_different_words_different_hash() -> None:
    h = FP.word_hashes("Marines held. MARINES held; marines holds").tolist()
    assert h[0] == h[2] and h[1] == h[3] and h[3] != h[5] and h[0] != h[1]


def test_formats_of_one_text_shingle_alike() -> None:
    body = "\n\n".join(T.PARAGRAPHS)
    html_like = "\n".join(p.replace('"', "\u201d") for p in T.PARAGRAPHS)
    a, b = FP.shingled(body), FP.shingled(html_like)
    assert a.norm_hash == b.norm_hash and a.shingles.tolist() == b.shingles.tolist()
    assert a.words == sum(len(re.findall(r"\w+", p)) for p in T.PARAGRAPHS)


def test_minhash_is_datasketch_minhash() -> None:
    rng = np.random.default_rng(7)
    sets = [np.unique(rng.integers(0, 2**64 - 1, n, dtype=np.uint64)) for n in (1, 3, 600, 2500)]
    for shingles, row in zip(sets, SIGNER.minhashes(sets), strict=True):
        m = MinHash(num_perm=SIGNER.params.num_perm, seed=SIGNER.params.seed, hashfunc=lambda x: x)
        m.update_batch(shingles & np.uint64(0xFFFFFFFF))
        assert m.hashvalues.tolist() == row.tolist()


def test_signatures_by_length() -> None:
    long_text = "\n\n".join(T.PARAGRAPHS)
    empty, short, full = SIGNER.sign_many(
        [TextToSign("e", " -- "), TextToSign("s", T.FLASH_A), TextToSign("f", long_text)]
    )
    assert (empty.status, empty.words, empty.bands) == ("empty", 0, ())
    assert short.status == "short" and short.bands == () and "too short" in (short.reason or "")
    assert full.status == "indexed" and len(full.bands) == SIGNER.params.bands
    assert full.text_len == len(long_text) and full.reason is None
    assert all(-(2**31) <= k < 2**31 for k in full.bands)


def test_signing_in_workers_gives_the_same_signatures() -> None:
    texts = [TextToSign(str(i), "\n\n".join(T.PARAGRAPHS[i % 7 :] + T.INDEPENDENT[: i % 5])) for i in range(12)]
    inline = [(s.article_id, s.bands, s.norm_hash) for s in SIGNER.sign_many(texts)]
    pooled = LocalExecutor(workers=2, batch_size=3).run([SignStep(SIGNER, batch=2)], texts)
    assert [(s.article_id, s.bands, s.norm_hash) for s in pooled] == inline


def test_lsh_params() -> None:
    assert LshParams().num_perm == 64
    assert LshParams(bands=16).scheme != LshParams().scheme
    with pytest.raises(ValueError):
        LshParams(rows=0)
    with pytest.raises(ValueError):
        Signer(min_words=0)
