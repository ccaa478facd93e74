"""Ctrl-C is remembered as well as raised: Python drops an exception raised inside a finaliser."""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from fogwatch.cli import _ctrl_c_remembered


class _DroppedHere:
    """Like a Dask future whose `__del__` runs when Ctrl-C comes: the interrupt is raised there and dropped."""

    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(10_000):  # the handler runs between these steps, inside the finaliser
            pass


def test_a_ctrl_c_dropped_in_a_finaliser_is_still_seen() -> None:
    before = signal.getsignal(signal.SIGINT)
    dropped: list[Any] = []
    hook, sys.unraisablehook = sys.unraisablehook, lambda u: dropped.append(u.exc_type)
    try:
        with _ctrl_c_remembered() as pressed:
            holder = _DroppedHere()
            del holder  # nothing reaches this frame: Python hands the interrupt to the unraisable hook
            assert dropped == [KeyboardInterrupt]
            assert pressed.is_set()
    finally:
        sys.unraisablehook = hook
    assert signal.getsignal(signal.SIGINT) is before
