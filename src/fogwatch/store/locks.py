"""Runs on one database take turns: storing is shared, finishing is exclusive.

A run stores its articles (many runs may do so at once), then finishes them: relearns site
boilerplate, finds copies, analyses and fuses events over everything stored. Finishing reads
the whole database and rewrites what derives from it, so it must see every article of every
run that was storing beside it and no article may land halfway through it. So storing holds a
shared lock and finishing an exclusive one: two ingests started together both store, then one
finishes over both inputs, and the other finds nothing left to do, which is what one run over
both inputs would have made.

SQLite: an advisory lock (`flock`) on a file beside the database, `<db>-lock`; PostgreSQL: a
session advisory lock. Both are released when the process ends, however it ends. Other
databases, and SQLite in memory, are not locked (one process only).

Writes are serialised too (`write_lock`): on SQLite a write transaction starts with BEGIN
IMMEDIATE, so what it read is still true when it writes; on PostgreSQL it takes a
transaction advisory lock.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, text


def _key(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


RUN_KEY = _key("fogwatch run")
WRITE_KEY = _key("fogwatch write")


def write_lock(conn: Connection) -> None:
    """Make the transaction `conn` has just begun exclusive among writers (call it first)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_KEY})


class RunLock:
    """The shared/exclusive lock of the runs on one database. Re-entrant within one holder."""

    def __init__(self, engine: Engine, sqlite_path: str | None, on_wait: Callable[[str], None] | None = None) -> None:
        self.engine = engine
        self.sqlite_path = sqlite_path
        self.on_wait = on_wait
        self._mode: str | None = None
        self._depth = 0
        self._release: Callable[[], None] | None = None

    @contextmanager
    def hold(self, shared: bool) -> Iterator[None]:
        mode = "shared" if shared else "exclusive"
        if self._mode is not None:
            if self._mode == "shared" and not shared:
                raise RuntimeError("cannot finish a run while this store still holds the storing lock")
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._release = self._acquire(shared)
        self._mode, self._depth = mode, 1
        try:
            yield
        finally:
            self._depth = 0
            self._mode = None
            release, self._release = self._release, None
            if release is not None:
                release()

    def close(self) -> None:
        if self._release is not None:
            self._release()
            self._release = None
            self._mode = None

    def _wait_note(self, shared: bool) -> None:
        if self.on_wait is not None:
            what = "storing" if shared else "finishing"
            self.on_wait(f"waiting for another fogwatch run on this database before {what} ...")

    def _acquire(self, shared: bool) -> Callable[[], None] | None:
        if self.sqlite_path is not None:
            return self._flock(shared)
        if self.engine.dialect.name == "postgresql":
            return self._pg_lock(shared)
        return None

    def _flock(self, shared: bool) -> Callable[[], None] | None:
        try:
            import fcntl
        except ModuleNotFoundError:  # not on POSIX: runs are not coordinated
            return None
        fd = os.open(self.sqlite_path + "-lock", os.O_RDWR | os.O_CREAT, 0o666)  # type: ignore[operator]
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        try:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
            except BlockingIOError:
                self._wait_note(shared)
                fcntl.flock(fd, mode)
        except BaseException:
            os.close(fd)
            raise
        return lambda: os.close(fd)  # closing the descriptor releases the lock

    def _pg_lock(self, shared: bool) -> Callable[[], None]:
        conn: Any = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        suffix = "_shared" if shared else ""
        try:
            got = conn.execute(text(f"SELECT pg_try_advisory_lock{suffix}(:k)"), {"k": RUN_KEY}).scalar()
            if not got:
                self._wait_note(shared)
                if shared:
                    conn.execute(text(f"SELECT pg_advisory_lock{suffix}(:k)"), {"k": RUN_KEY})
                else:
                    # A waiting exclusive request would queue every later shared one behind it (a run
                    # starting to store while another waits to finish would wait too); trying again
                    # keeps the queue free, as flock does for SQLite.
                    while not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": RUN_KEY}).scalar():
                        time.sleep(0.2)
        except BaseException:
            conn.close()
            raise

        def release() -> None:
            try:
                conn.execute(text(f"SELECT pg_advisory_unlock{suffix}(:k)"), {"k": RUN_KEY})
            finally:
                conn.close()  # a lock the unlock missed goes with the session

        return release
