"""`fogwatch serve`: options, loopback by default, a warning for any other address."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.store import Store


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Record uvicorn.run calls instead of serving."""
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    return calls


def test_help(cli: CliRunner) -> None:
    res = cli.invoke(app, ["serve", "--help"])
    assert res.exit_code == 0
    for opt in ("--db", "--host", "--port", "--online-tiles"):
        assert opt in res.output


def test_binds_loopback_by_default(cli: CliRunner, demo_store: Store, runs: list[dict[str, Any]]) -> None:
    res = cli.invoke(app, ["serve", "--db", demo_store.url])
    assert res.exit_code == 0, res.output
    assert runs[0]["host"] == "127.0.0.1" and runs[0]["port"] == 8000
    assert "warning" not in res.output


def test_warns_off_loopback(cli: CliRunner, demo_store: Store, runs: list[dict[str, Any]]) -> None:
    res = cli.invoke(app, ["serve", "--db", demo_store.url, "--host", "0.0.0.0", "--port", "8123"])
    assert res.exit_code == 0, res.output
    assert runs[0]["host"] == "0.0.0.0"
    assert "warning" in res.output and "reachable from other machines" in res.output


def test_missing_database_is_an_error(cli: CliRunner, tmp_path: Any, runs: list[dict[str, Any]]) -> None:
    res = cli.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert res.exit_code != 0
    assert "no fogwatch database" in res.output
    assert runs == []
