"""Helpers for tests that run `fogwatch` as separate processes and compare what databases hold."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from fogwatch.export import export
from fogwatch.paths import demo_corpus
from fogwatch.store import Store

KINDS = ("articles", "stories", "mentions", "events", "claims", "rejects")


def corpus_parts() -> tuple[list[str], list[str]]:
    """The demo corpus in two halves whose stories cross: the Hazano strike and the Kafr Nouran
    capture were written by outlets of the first half and copied by those of the second."""
    root = demo_corpus()
    first = [str(root / "frontline-dispatch"), str(root / "levant-monitor")]
    second = [str(root / "global-conflict-wire"), str(root / "multipolar-review")]
    return first, second


def fogwatch(*args: str) -> subprocess.Popen[str]:
    """`fogwatch ARGS` in a process of its own (one worker: the machine is shared)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("FOGWATCH_DB", None)
    return subprocess.Popen(
        [sys.executable, "-m", "fogwatch.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def finished(proc: subprocess.Popen[str], timeout: float = 300) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def ingest(db: str, inputs: Sequence[str]) -> subprocess.Popen[str]:
    return fogwatch("ingest", *inputs, "--db", db, "--workers", "1")


def records(db: str) -> dict[str, list[Any]]:
    """Everything a database holds that a person can get out of it, export by export."""
    store = Store.open(db, create=False, readonly=True)
    try:
        out: dict[str, list[Any]] = {}
        for kind in KINDS:
            buf = io.StringIO()
            export(store, kind, "jsonl", buf)
            out[kind] = [json.loads(x) for x in buf.getvalue().splitlines()]
        return out
    finally:
        store.close()


def new_pg_database(server_url: str) -> str:
    name = f"t{uuid.uuid4().hex[:12]}"
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name


def copy_tree(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst)
    return dst
