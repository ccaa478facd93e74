"""The same store on a real PostgreSQL server: what works on SQLite works there, unchanged."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.store import Store
from fogwatch.store.migrations import LATEST


@pytest.fixture
def pg(postgres_url: str) -> str:
    """An empty database of its own for each test."""
    name = f"t{uuid.uuid4().hex[:12]}"
    engine = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return postgres_url.rsplit("/", 1)[0] + "/" + name


def _export(cli: CliRunner, db: str) -> list[dict[str, object]]:
    out = cli.invoke(app, ["export", "articles", "--db", db]).output
    rows = [json.loads(x) for x in out.splitlines()]
    return sorted(rows, key=lambda r: str(r["id"]))


def test_migrations(pg: str) -> None:
    store = Store.open(pg)
    assert store.schema_version() == LATEST
    assert Store.open(pg).schema_version() == LATEST


def test_ingest_on_postgres_matches_sqlite(pg: str, mixed_dir: Path, tmp_path: Path, cli: CliRunner) -> None:
    sqlite = str(tmp_path / "same.db")
    for db in (pg, sqlite):
        res = cli.invoke(app, ["ingest", str(mixed_dir), "--db", db])
        assert res.exit_code == 0, res.output
        again = cli.invoke(app, ["ingest", str(mixed_dir), "--db", db])
        assert "0 new articles stored, 3 already stored" in again.output
    assert _export(cli, pg) == _export(cli, sqlite)
    report = cli.invoke(app, ["report", "--db", pg])
    assert report.exit_code == 0 and "Articles: 3" in report.output
    # an article by a part of its file name, LIKE's wildcards escaped the same way on both
    shown = {db: cli.invoke(app, ["show", "frontline-afes", "--db", db]).output for db in (pg, sqlite)}
    assert shown[pg] == shown[sqlite] and "published:  2020-02-06" in shown[pg]


def test_learning_counts_on_postgres(pg: str, tmp_path: Path, cli: CliRunner) -> None:
    from tests.clean.test_learned import MOTTO, dump

    site = tmp_path / "steppe-courier"
    site.mkdir()
    for i in range(5):
        (site / f"{i}.txt").write_text(dump(i))
    assert cli.invoke(app, ["ingest", str(site), "--db", pg]).exit_code == 0
    texts = [r["text"] for r in _export(cli, pg)]
    assert len(texts) == 5 and not any(MOTTO in str(t) for t in texts)
