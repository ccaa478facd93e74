"""`fogwatch serve` as a user runs it: a real process on a real port, loopback by default.

Each test starts the command in a subprocess (`--port 0` lets it pick a free port, which it
announces), talks to it over HTTP, and stops it with Ctrl-C (SIGINT).
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.serve import listen
from fogwatch.store import Store

ANNOUNCED = re.compile(r"fogwatch serving \S+ at (http://(\S+?):(\d+)/)")
START_SECONDS = 60


@dataclass
class Running:
    proc: subprocess.Popen[str]
    url: str
    host: str
    port: int
    lines: list[str]


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "fogwatch.cli", "serve", *args]


@contextmanager
def serving(*args: str) -> Iterator[Running]:
    """`fogwatch serve ARGS`, up and announced; stopped with SIGINT at the end."""
    proc = subprocess.Popen(
        command(*args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ}
    )
    lines: list[str] = []
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + START_SECONDS
        found = None
        while found is None:
            line = proc.stdout.readline()
            if not line:
                raise AssertionError(f"serve ended before announcing its URL: {''.join(lines)}")
            lines.append(line)
            found = ANNOUNCED.search(line)
            assert time.monotonic() < deadline, "serve did not announce its URL"
        url, host, port = found.group(1), found.group(2), int(found.group(3))
        wait_listening(host.strip("[]"), port)
        yield Running(proc, url, host, port, lines)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def wait_listening(host: str, port: int) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def request(
    host: str, port: int, path: str, method: str = "GET", host_header: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(host.strip("[]"), port, timeout=20)
    try:
        headers = {"Host": host_header} if host_header else {}
        conn.request(method, path, headers=headers)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def fails(*args: str) -> subprocess.CompletedProcess[str]:
    """A `fogwatch serve` that must refuse to start: it ends by itself, quickly."""
    return subprocess.run(command(*args), capture_output=True, text=True, timeout=START_SECONDS)


def one_clear_line(res: subprocess.CompletedProcess[str]) -> str:
    assert res.returncode == 2, (res.returncode, res.stdout, res.stderr)
    out = (res.stdout + res.stderr).strip()
    assert "Traceback" not in out and "ERROR:" not in out, out
    assert "serving" not in out, "a server that cannot listen must not announce a URL"
    assert len(out.splitlines()) == 1, out
    assert out.startswith("error: "), out
    return out


def test_help(cli: CliRunner) -> None:
    res = cli.invoke(app, ["serve", "--help"])
    assert res.exit_code == 0
    for opt in ("--db", "--host", "--port", "--online-tiles"):
        assert opt in res.output


def test_serves_on_loopback_by_default(demo_store: Store) -> None:
    with serving("--db", demo_store.url, "--port", "0") as s:
        assert s.host == "127.0.0.1"
        assert not any("warning" in line for line in s.lines)
        status, headers, body = request(s.host, s.port, "/")
        assert status == 200 and b"Events map" in body
        assert "content-security-policy" in headers
        # A page asked for under a name that is not this machine's is refused (DNS rebinding).
        assert request(s.host, s.port, "/", host_header="attacker.example")[0] == 400
        # HEAD is answered wherever GET is: the same status and headers, no body.
        for path in ("/", "/sources", "/api/events", "/api/facets", "/api/docs", "/static/app.css", "/events/none"):
            got, got_headers, got_body = request(s.host, s.port, path)
            head, head_headers, head_body = request(s.host, s.port, path, method="HEAD")
            assert head == got, path
            assert head_body == b"", path
            assert head_headers.get("content-type") == got_headers.get("content-type"), path
            assert head_headers.get("content-length") == str(len(got_body)), path


@pytest.mark.parametrize("host", ["127.0.0.2", "localhost"])
def test_answers_on_the_address_it_is_bound_to(demo_store: Store, host: str) -> None:
    with serving("--db", demo_store.url, "--host", host, "--port", "0") as s:
        address = "127.0.0.1" if host == "localhost" else host
        status, _, body = request(address, s.port, "/api/facets", host_header=f"{host}:{s.port}")
        assert status == 200 and b"types" in body
        assert request(address, s.port, "/", host_header=f"{address}:{s.port}")[0] == 200
        assert request(address, s.port, "/", host_header="attacker.example")[0] == 400
        assert not any("warning" in line for line in s.lines), "a loopback address is not reachable by others"


def test_answers_on_ipv6_loopback(demo_store: Store) -> None:
    try:
        listen("::1", 0).close()
    except Exception as exc:  # no IPv6 on this machine
        pytest.skip(f"no IPv6 loopback here: {exc}")
    with serving("--db", demo_store.url, "--host", "::1", "--port", "0") as s:
        assert s.url.startswith("http://[::1]:")
        status, _, _ = request("::1", s.port, "/api/facets", host_header=f"[::1]:{s.port}")
        assert status == 200


def test_warns_off_loopback(demo_store: Store) -> None:
    with serving("--db", demo_store.url, "--host", "0.0.0.0", "--port", "0") as s:
        assert any("reachable from other machines" in line for line in s.lines)
        # The warning comes before the URL is announced, and any Host is answered (no list to check against).
        assert request("127.0.0.1", s.port, "/api/facets", host_header="fogwatch.lan")[0] == 200


def test_busy_port_is_one_clear_line_and_no_url(demo_store: Store) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        out = one_clear_line(fails("--db", demo_store.url, "--port", str(port)))
    assert f"port {port}" in out and "already in use" in out
    assert "--port" in out, "the message says how to choose another port"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--port", "99999"], "from 1 to 65535"),
        (["--port", "-1"], "from 1 to 65535"),
        (["--host", "no-such-host.invalid"], "--host 'no-such-host.invalid'"),
        (["--host", "192.0.2.1"], "not an address of this machine"),  # TEST-NET-1: never assigned
        (["--host", "300.1.1.1"], "--host '300.1.1.1'"),
    ],
)
def test_bad_port_or_host_is_one_clear_line(demo_store: Store, args: list[str], said: str) -> None:
    out = one_clear_line(fails("--db", demo_store.url, *args))
    assert said in out, out


def test_missing_database_is_an_error(tmp_path: Path) -> None:
    res = fails("--db", str(tmp_path / "none.db"), "--port", "0")
    assert res.returncode != 0
    assert "no fogwatch database" in res.stdout + res.stderr
    assert "serving" not in res.stdout + res.stderr
