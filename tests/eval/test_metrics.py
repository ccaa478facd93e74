from __future__ import annotations

import pytest

from fogwatch.eval.extraction import prf, tp_fp_fn
from fogwatch.eval.metrics import PRF

GOLD = "Shelling hit the village of Afes on Sunday morning, killing two civilians and wounding five, residents said."


def test_identical_text_scores_one() -> None:
    assert prf([tp_fp_fn(GOLD, GOLD)]) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_extra_text_costs_precision_only() -> None:
    pred = GOLD + " Share this on Facebook and Twitter and subscribe to our newsletter today."
    m = prf([tp_fp_fn(GOLD, pred)])
    assert m["recall"] == 1.0
    assert 0.5 < m["precision"] < 1.0


def test_missing_text_costs_recall_only() -> None:
    m = prf([tp_fp_fn(GOLD, "Shelling hit the village of Afes on Sunday morning")])
    assert m["precision"] == 1.0
    assert m["recall"] < 0.5


def test_documents_weigh_the_same_whatever_their_length() -> None:
    short_right = tp_fp_fn(GOLD, GOLD)
    long_wrong = tp_fp_fn(GOLD * 20, "nothing in common with the gold text at all here")
    m = prf([short_right, long_wrong])
    assert m["precision"] == pytest.approx(0.5)
    assert m["recall"] == pytest.approx(0.5)


def test_prf_counts() -> None:
    c = PRF(tp=8, fp=2, fn=8)
    assert c.precision == 0.8 and c.recall == 0.5
    assert c.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)
    assert PRF().f1 == 0.0
