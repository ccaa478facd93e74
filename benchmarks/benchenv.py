"""Helpers for the benchmarks (not a benchmark): a private cache, and memory of a process and its workers.

`private_cache` gives a run a cache folder of its own (FOGWATCH_CACHE), seeded with a copy of the
user's gazetteer index: other fogwatch runs on the machine (another checkout whose gazetteer
differs) then cannot make a timed run rebuild it halfway.

`TreeMemory` watches a process and every process below it (the worker pool), a few times a
second, and keeps each one's peak resident size (RSS: what `top` shows, counting pages a forked
worker still shares with its parent) and peak proportional size (PSS: shared pages split among
the processes sharing them, so the PSS of all processes adds up to what the run really holds).
Linux only; elsewhere it reports nothing.
"""

from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path


def private_cache(folder: Path) -> Path:
    """`folder` made a fogwatch cache: the user's gazetteer index copied in when there is one."""
    from fogwatch.nlp.gazetteer import default_index_path

    folder.mkdir(parents=True, exist_ok=True)
    index = default_index_path()  # named by its signature: the same name serves in `folder`
    if index.is_file() and not (folder / index.name).exists():
        shutil.copyfile(index, folder / index.name)
    return folder


def _parents() -> dict[int, list[int]]:
    """Every process's children, from the parent pid in each /proc/PID/stat."""
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        # the command name may hold spaces and brackets: the fields after the last ")" are plain
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class TreeMemory:
    """Peak memory of process `root` and its descendants, sampled every `every` seconds in a thread."""

    root: int = field(default_factory=os.getpid)
    every: float = 0.25
    root_rss_kb: int = 0  # the root's own high-water mark (VmHWM)
    worker_rss_kb: dict[int, int] = field(default_factory=dict)
    worker_pss_kb: dict[int, int] = field(default_factory=dict)
    total_pss_kb: int = 0  # the most the whole tree held at one sample
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def sample(self) -> None:
        self.root_rss_kb = max(self.root_rss_kb, _status_kb(self.root, "VmHWM:"))
        total = _pss_kb(self.root)
        kids = _parents()
        todo = list(kids.get(self.root, []))
        while todo:
            pid = todo.pop()
            todo.extend(kids.get(pid, []))
            rss, pss = _status_kb(pid, "VmRSS:"), _pss_kb(pid)
            if rss:
                self.worker_rss_kb[pid] = max(self.worker_rss_kb.get(pid, 0), rss)
                self.worker_pss_kb[pid] = max(self.worker_pss_kb.get(pid, 0), pss)
                total += pss
        self.total_pss_kb = max(self.total_pss_kb, total)

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self.sample()

    def __enter__(self) -> TreeMemory:
        self.sample()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def summary(self) -> dict[str, float | int | None]:
        """Figures in MB for a benchmark's JSON: the parent's peak RSS, the largest worker's peak RSS
        and PSS, and the most the whole tree held at once (PSS)."""

        def mb(kb: int) -> float:
            return round(kb / 1024, 1)

        return {
            "parent_peak_rss_mb": mb(self.root_rss_kb),
            "worker_processes": len(self.worker_rss_kb),
            "worker_peak_rss_mb": mb(max(self.worker_rss_kb.values())) if self.worker_rss_kb else None,
            "worker_peak_pss_mb": mb(max(self.worker_pss_kb.values())) if self.worker_pss_kb else None,
            "tree_peak_pss_mb": mb(self.total_pss_kb),
        }
