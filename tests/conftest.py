from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fogwatch.paths import eval_data_root

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _no_env_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOGWATCH_DB", raising=False)
    monkeypatch.delenv("FOGWATCH_CONFIG", raising=False)


@pytest.fixture
def mixed_dir() -> Path:
    """Three articles from three outlets: a text dump, a Markdown dump and an HTML page."""
    return DATA / "mixed"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner()


@pytest.fixture
def shared_data() -> Path:
    root = eval_data_root()
    if not root.is_dir():
        pytest.skip(f"shared evaluation data not present at {root}")
    return root


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for the session (skipped where none is installed)."""
    from tests.support.postgres import postgres_server, server_bin

    if server_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must test PostgreSQL, but no server binaries are installed (see .ci/run)")
        pytest.skip("no PostgreSQL server installed")
    pytest.importorskip("psycopg")
    with postgres_server() as url:
        yield url


def pytest_report_header() -> str:
    return f"fogwatch eval data: {os.environ.get('FOGWATCH_EVAL_DATA') or eval_data_root()}"
