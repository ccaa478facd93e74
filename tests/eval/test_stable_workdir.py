"""The eval's work folder is the same every run, so article ids (which hash a file's path) and the
ties they break do not move a figure between runs of the same code."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fogwatch.eval.fakes import stable_workdir


def test_the_work_folder_is_fresh_and_at_the_same_path_every_run() -> None:
    with stable_workdir("test-stable") as first:
        (first / "left-over.txt").write_text("x", encoding="utf-8")
        assert first == Path(tempfile.gettempdir()) / "fogwatch-eval" / "test-stable"
    assert not first.exists()
    with stable_workdir("test-stable") as second:
        assert second == first
        assert list(second.iterdir()) == []
