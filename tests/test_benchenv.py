"""The benchmarks' private cache: each benchmark copies the user's gazetteer index into a cache of its
own, so other processes cannot rebuild it under a timed run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fogwatch.nlp.gazetteer import default_index_path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def test_a_private_cache_gets_the_users_index_under_its_own_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    from benchenv import private_cache

    monkeypatch.setenv("FOGWATCH_CACHE", str(tmp_path / "user"))
    index = default_index_path()
    index.parent.mkdir(parents=True)
    index.write_bytes(b"an index")
    folder = private_cache(tmp_path / "bench")
    assert (folder / index.name).read_bytes() == b"an index"
    # there, it is the index the settings point to
    monkeypatch.setenv("FOGWATCH_CACHE", str(folder))
    assert default_index_path() == folder / index.name
    sys.modules.pop("benchenv", None)
