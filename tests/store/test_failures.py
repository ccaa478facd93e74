"""Storage that fails: a file that is not a database, a server that does not answer, a full disk,
an output that cannot be written. Each is one line on stderr and exit status 2, never a traceback;
an export that fails leaves no partial file and the file it would have replaced as it was."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.paths import demo_corpus
from fogwatch.run import ingest
from fogwatch.store import Store


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("failures") / "made.db"
    store = Store.open(str(path))
    ingest([str(demo_corpus() / "frontline-dispatch"), str(demo_corpus() / "global-conflict-wire")], store, workers=1)
    store.close()
    return path


def _one_error_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), output
    assert "Traceback" not in output
    return lines[0]


@pytest.mark.parametrize("command", [["report"], ["report", "--no-record"], ["export", "events"], ["serve"]])
def test_a_file_that_is_not_a_database(command: list[str], cli: CliRunner, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Shelling near Saraqib, notes for Tuesday.\n" * 50)
    before = notes.read_bytes()
    res = cli.invoke(app, [*command, "--db", str(notes)])
    assert res.exit_code == 2
    assert "is not a SQLite database" in _one_error_line(res.output)
    assert notes.read_bytes() == before


def test_ingest_into_a_file_that_is_not_a_database_leaves_it_alone(cli: CliRunner, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n" * 200)
    before = notes.read_bytes()
    res = cli.invoke(app, ["ingest", str(demo_corpus() / "levant-monitor"), "--db", str(notes)])
    assert res.exit_code == 2 and "is not a SQLite database" in _one_error_line(res.output)
    assert notes.read_bytes() == before


@pytest.mark.parametrize("command", [["report", "--no-record"], ["export", "claims"], ["ingest"]])
def test_a_database_server_that_does_not_answer(command: list[str], cli: CliRunner) -> None:
    pytest.importorskip("psycopg")
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql+psycopg://fogwatch@127.0.0.1:{port}/war"
    args = [*command, str(demo_corpus() / "levant-monitor")] if command == ["ingest"] else command
    res = cli.invoke(app, [*args, "--db", url])
    assert res.exit_code == 2
    line = _one_error_line(res.output)
    assert f"127.0.0.1:{port}/war" in line and "the server does not answer" in line


def test_export_to_a_full_device(made: Path, cli: CliRunner) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    res = cli.invoke(app, ["export", "articles", "-o", "/dev/full", "--db", str(made)])
    assert res.exit_code == 2
    assert "cannot write /dev/full: No space left on device" in _one_error_line(res.output)


def test_export_to_a_folder_that_does_not_exist_or_is_a_folder(made: Path, cli: CliRunner, tmp_path: Path) -> None:
    res = cli.invoke(app, ["export", "events", "-f", "csv", "-o", str(tmp_path / "no" / "e.csv"), "--db", str(made)])
    assert res.exit_code == 2 and "its folder does not exist" in _one_error_line(res.output)
    res = cli.invoke(app, ["report", "-o", str(tmp_path), "--no-record", "--db", str(made)])
    assert res.exit_code == 2 and f"cannot write {tmp_path}" in _one_error_line(res.output)


def _limited(max_bytes: int) -> None:
    """In the child: files may not grow past max_bytes (writes then fail with EFBIG, as on a full disk)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_an_export_that_fails_part_way_leaves_the_old_file(made: Path, tmp_path: Path, fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / f"articles.{fmt}"
    command = [sys.executable, "-m", "fogwatch.cli", "export", "articles", "-f", fmt, "-o", str(out), "--db", str(made)]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    whole = out.stat().st_size
    out.write_text("the export made yesterday\n")
    limited = subprocess.run(
        command, capture_output=True, text=True, preexec_fn=lambda: _limited(whole // 2), timeout=120
    )
    assert limited.returncode == 2, limited.stderr
    assert "File too large" in _one_error_line(limited.stderr)
    assert out.read_text() == "the export made yesterday\n"
    assert sorted(os.listdir(tmp_path)) == [out.name]  # no partial file left beside it


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB filesystem of its own (tmpfs), where a full disk is real."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("this machine does not allow mounts (a small tmpfs needs CAP_SYS_ADMIN)")
    try:
        yield mount
    finally:
        # lazily: the commands run in this process keep their database open until it exits
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_full_disk_during_ingest(small_disk: Path, cli: CliRunner) -> None:
    db = str(small_disk / "war.db")
    assert cli.invoke(app, ["ingest", str(demo_corpus() / "multipolar-review"), "--db", db]).exit_code == 0
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    filler.write_bytes(b"\0" * (free - 64 * 1024))  # 64 kB left: less than the next folder takes
    res = cli.invoke(app, ["ingest", str(demo_corpus() / "levant-monitor"), "--db", db])
    assert res.exit_code == 2
    line = _one_error_line(res.output.split("\n", 1)[-1] if res.output.startswith("waiting") else res.output)
    assert "database or disk is full" in line and "free some space and run the command again" in line
    # what was stored before is kept, and once there is room the same command completes
    assert "Articles: 2" in cli.invoke(app, ["report", "--no-record", "--db", db]).output
    filler.unlink()
    res = cli.invoke(app, ["ingest", str(demo_corpus() / "levant-monitor"), "--db", db])
    assert res.exit_code == 0, res.output
    assert "Articles: 7" in cli.invoke(app, ["report", "--no-record", "--db", db]).output


def test_a_full_disk_during_an_export_keeps_the_old_file(made: Path, small_disk: Path, cli: CliRunner) -> None:
    out = small_disk / "claims.csv"
    out.write_text("yesterday's claims\n")
    (small_disk / "filler").write_bytes(b"\0" * (shutil.disk_usage(small_disk).free - 8 * 1024))
    res = cli.invoke(app, ["export", "claims", "-f", "csv", "-o", str(out), "--db", str(made)])
    assert res.exit_code == 2
    assert f"cannot write {out}: No space left on device" in _one_error_line(res.output)
    assert out.read_text() == "yesterday's claims\n"
    assert sorted(os.listdir(small_disk)) == ["claims.csv", "filler"]
