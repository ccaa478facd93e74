"""A run killed with SIGKILL half-way and started again ends like an uninterrupted run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.corpus_gen import write_corpus

N = 3000


def _fogwatch(*args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "fogwatch.cli", *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _snapshot(db: Path) -> tuple[list[str], int, list[tuple[str, str]]]:
    con = sqlite3.connect(db)
    try:
        ids = [r[0] for r in con.execute("select id from articles order by id")]
        spans = con.execute("select count(*) from spans").fetchone()[0]
        rejects = list(con.execute("select input, kind from rejects order by input"))
    finally:
        con.close()
    return ids, spans, rejects


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("select count(*) from articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow
def test_sigkill_then_rerun_matches_uninterrupted(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", N)
    env = {**os.environ, "FOGWATCH_BATCH_SIZE": "8"}

    whole = tmp_path / "whole.db"
    assert _fogwatch("ingest", str(corpus), "--db", str(whole), env=env).wait(300) == 0

    killed = tmp_path / "killed.db"
    proc = _fogwatch("ingest", str(corpus), "--db", str(killed), env=env)
    deadline = time.monotonic() + 60
    while _count(killed) < N // 10 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert proc.poll() is None, "the run ended before it could be killed; make the corpus larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    partial = _count(killed)
    assert 0 < partial < N

    assert _fogwatch("ingest", str(corpus), "--db", str(killed), env=env).wait(300) == 0
    assert _snapshot(killed) == _snapshot(whole)
    ids, _, rejects = _snapshot(whole)
    assert len(ids) == N and len(rejects) == 2
