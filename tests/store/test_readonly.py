"""A database on read-only storage: `serve`, `export`, `show` and `report --no-record` read it and
write nothing; commands that must write say so in one line.

The tests run as root, whom file modes do not stop. So each way of making storage read-only is
checked for what it really prevents: file modes (which stop other users; as root the test still
proves fogwatch wrote nothing, not even the journal beside the file), a read-only bind mount
and the immutable attribute (which stop root too; skipped where the container does not allow
them). The database is left as fogwatch leaves it, in WAL mode without its -wal and -shm files,
which SQLite cannot read without creating them, unless it is told the file is immutable.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.paths import demo_corpus
from fogwatch.run import ingest
from fogwatch.store import Store
from tests.store.runs import fogwatch


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two outlets of the demo corpus, ingested and closed (so the WAL files are gone)."""
    path = tmp_path_factory.mktemp("readonly") / "made.db"
    store = Store.open(str(path))
    ingest([str(demo_corpus() / "frontline-dispatch"), str(demo_corpus() / "global-conflict-wire")], store, workers=1)
    store.close()
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    return path


@dataclass
class ReadOnly:
    db: Path
    enforced: bool  # whether the current user (root too) is really kept from writing there

    def state(self) -> tuple[list[str], str, float]:
        """What a write would change: the folder's files, the database's bytes and time.

        Where the user may write anyway (root, through file modes), SQLite's read-only connection
        makes the shared-memory index of a WAL database beside it, and an empty -wal: those are
        SQLite's reading machinery, not writes, so they are left out there (the -wal must be empty).
        """
        files = sorted(os.listdir(self.db.parent))
        if not self.enforced:
            wal = self.db.parent / f"{self.db.name}-wal"
            assert not wal.exists() or wal.stat().st_size == 0
            files = [f for f in files if f not in (f"{self.db.name}-wal", f"{self.db.name}-shm")]
        return files, hashlib.sha256(self.db.read_bytes()).hexdigest(), self.db.stat().st_mtime


def _writable(folder: Path) -> bool:
    try:
        (folder / "probe").write_text("x")
    except OSError:
        return False
    (folder / "probe").unlink()
    return True


def _run(cmd: list[str]) -> bool:
    return subprocess.run(cmd, capture_output=True).returncode == 0


@pytest.fixture(params=["modes", "bind-mount", "immutable"])
def readonly(request: pytest.FixtureRequest, made: Path, tmp_path: Path) -> Iterator[ReadOnly]:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(made, src / "war.db")
    if request.param == "modes":
        (src / "war.db").chmod(0o444)
        src.chmod(0o555)
        yield ReadOnly(src / "war.db", enforced=not _writable(src))
        src.chmod(0o755)
    elif request.param == "bind-mount":
        view = tmp_path / "view"
        view.mkdir()
        if not _run(["mount", "--bind", str(src), str(view)]):
            pytest.skip("this machine does not allow mounts (a read-only bind mount needs CAP_SYS_ADMIN)")
        try:
            if not _run(["mount", "-o", "remount,ro,bind", str(view)]):
                pytest.skip("this machine does not allow a read-only remount")
            assert not _writable(view)
            yield ReadOnly(view / "war.db", enforced=True)
        finally:
            _run(["umount", "-l", str(view)])  # lazily: commands run in this process keep the file open
    else:
        targets = [str(src / "war.db"), str(src)]  # the folder too: no journal can be made beside it
        if not _run(["chattr", "+i", *targets]):
            pytest.skip("chattr +i is not allowed here (it needs CAP_LINUX_IMMUTABLE and a filesystem with it)")
        try:
            assert not _writable(src)
            yield ReadOnly(src / "war.db", enforced=True)
        finally:
            _run(["chattr", "-i", *targets])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as resp:  # a loopback server this test started
        return resp.status, resp.read()


def test_serve_reads_a_database_on_read_only_storage(readonly: ReadOnly) -> None:
    pytest.importorskip("uvicorn", reason="the web app needs the serve extra: pip install 'fogwatch[serve]'")
    before = readonly.state()
    port = _free_port()
    server = fogwatch("serve", "--db", str(readonly.db), "--port", str(port))
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, server.communicate()[1]
            try:
                status, body = _get(f"http://127.0.0.1:{port}/api/events")
                break
            except OSError:
                assert time.monotonic() < deadline, "fogwatch serve did not answer"
                time.sleep(0.3)
        assert status == 200
        events = json.loads(body)
        assert events["count"] > 0
        first = events["events"][0]["id"]
        assert _get(f"http://127.0.0.1:{port}/api/events/{first}")[0] == 200
        status, page = _get(f"http://127.0.0.1:{port}/")
        assert status == 200 and b"<html" in page.lower()
        assert json.loads(_get(f"http://127.0.0.1:{port}/api/sources")[1])
    finally:
        server.send_signal(signal.SIGINT)
        try:
            _, err = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            _, err = server.communicate()
    assert "Traceback" not in err, err
    assert readonly.state() == before  # nothing written, not even a -wal, -shm or -lock file beside it


def test_read_commands_and_a_clear_refusal_to_write(readonly: ReadOnly, cli: CliRunner) -> None:
    before = readonly.state()
    db = str(readonly.db)
    res = cli.invoke(app, ["report", "--no-record", "--db", db])
    assert res.exit_code == 0, res.output
    assert "Articles: 9" in res.output and "Events:" in res.output
    res = cli.invoke(app, ["export", "events", "-f", "csv", "--db", db])
    assert res.exit_code == 0 and res.output.startswith("id,date,"), res.output
    res = cli.invoke(app, ["show", "kafr-nouran-liberated", "--db", db])
    assert res.exit_code == 0 and "Kafr Nouran" in res.output, res.output
    assert readonly.state() == before
    if readonly.enforced:  # (root may write through file modes, and then these commands rightly do)
        res = cli.invoke(app, ["report", "--db", db])  # it would record the report: it says it cannot
        assert res.exit_code == 0 and "can only be read here, so this report is not recorded" in res.output
        res = cli.invoke(app, ["ingest", str(demo_corpus() / "levant-monitor"), "--db", db])
        assert res.exit_code == 2
        assert res.output.startswith("error: cannot write to the database") and "Traceback" not in res.output
        assert len(res.output.strip().splitlines()) == 1, res.output
    assert readonly.state() == before


def test_modes_alone_stop_other_users_not_root(made: Path, tmp_path: Path) -> None:
    """What a read-only file mode does and does not prevent, so the tests above mean what they say."""
    shutil.copy(made, tmp_path / "war.db")
    (tmp_path / "war.db").chmod(0o444)
    if os.geteuid() == 0:
        with (tmp_path / "war.db").open("ab"):  # root writes through file modes ...
            pass
        # ... so the modes case above checks that fogwatch wrote nothing, rather than that it could not
    else:
        with pytest.raises(PermissionError):
            (tmp_path / "war.db").open("ab")
    assert stat.S_IMODE((tmp_path / "war.db").stat().st_mode) == 0o444
