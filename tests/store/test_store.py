from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError

from fogwatch.errors import NoDatabase, UnknownArticle
from fogwatch.model import Article, Reject, Span
from fogwatch.store import Store, resolve_url, schema
from fogwatch.store.migrations import LATEST


def _art(i: int) -> Article:
    raw = f"Title {i}\n\nShelling hit the village of Afes on day {i}, residents said.\n$5\n"
    return Article(
        id=f"a{i:03d}",
        source=f"/in/{i}.txt",
        format="text",
        raw=raw,
        removed=[Span(0, len(f"Title {i}") + 1, "title"), Span(raw.index("$5"), len(raw), "fundraising")],
    )


def test_resolve_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOGWATCH_DB", raising=False)
    assert resolve_url(None) == "sqlite:///fogwatch.db"
    assert resolve_url("x/y.db") == "sqlite:///x/y.db"
    assert resolve_url("postgresql://u@h/db") == "postgresql://u@h/db"
    monkeypatch.setenv("FOGWATCH_DB", "env.db")
    assert resolve_url(None) == "sqlite:///env.db"


def test_migrations_are_recorded(db: str) -> None:
    store = Store.open(db)
    assert store.schema_version() == LATEST
    # opening again applies nothing new
    assert Store.open(db).schema_version() == LATEST
    with store.engine.connect() as conn:
        assert conn.execute(select(schema.schema_migrations.c.version)).scalars().all() == list(range(1, LATEST + 1))


def test_missing_database_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nothing.db"
    with pytest.raises(NoDatabase, match=r"nothing\.db"):
        Store.open(str(path), create=False)
    assert not path.exists()


def test_batches_are_idempotent_and_round_trip(db: str) -> None:
    store = Store.open(db)
    arts = [_art(i) for i in range(5)]
    rej = Reject("/in/bad.bin", "read", "binary", "binary content")
    assert store.write_batch([*arts, rej]) == (5, 1)
    assert store.write_batch([*arts, rej]) == (0, 1)
    assert store.count("articles") == 5
    assert store.count("spans") == 10
    assert store.count("rejects") == 1
    back = store.article("a003")
    assert back.text == "Shelling hit the village of Afes on day 3, residents said."
    assert [s.label for s in back.removed] == ["title", "fundraising"]
    assert [a.id for a in store.articles(batch=2)] == [f"a{i:03d}" for i in range(5)]


def test_a_failed_batch_leaves_nothing(db: str) -> None:
    store = Store.open(db)
    bad = _art(9)
    bad.meta = {"x": object()}  # type: ignore[dict-item]  # not JSON: the insert fails
    with pytest.raises(StatementError):
        store.write_batch([_art(1), bad])
    assert store.count("articles") == 0
    assert store.count("spans") == 0


def test_article_prefix_lookup(db: str) -> None:
    store = Store.open(db)
    store.write_batch([_art(1), _art(2)])
    assert store.article("a001").id == "a001"
    with pytest.raises(UnknownArticle, match="matches 2"):
        store.article("a00")
    with pytest.raises(UnknownArticle, match="no article"):
        store.article("zzz")


def test_an_article_by_a_part_of_its_source(db: str) -> None:
    """Ids hash where a file was read from; its name finds it in any checkout."""
    store = Store.open(db)
    first, second, odd = _art(1), _art(2), _art(3)
    first.source = "/home/ana/corpus/frontline-dispatch/kafr-nouran-liberated.txt"
    second.source = "/home/ana/corpus/levant-monitor/kafr-nouran-withdrawal.md"
    odd.source = "/home/ana/corpus/100%_real_news.txt"
    store.write_batch([first, second, odd])
    assert store.article("kafr-nouran-liberated").id == "a001"
    assert store.article("levant-monitor/").id == "a002"
    assert store.article("100%_real").id == "a003"  # LIKE's wildcards are taken literally
    with pytest.raises(UnknownArticle, match="source of 2 or more articles"):
        store.article("kafr-nouran")
    with pytest.raises(UnknownArticle, match="no article"):
        store.article("100_")  # not a wildcard: no source contains it


def test_a_reject_that_later_reads_is_cleared(db: str) -> None:
    store = Store.open(db)
    store.write_batch([Reject("/in/1.txt", "read", "decode", "could not decode")])
    store.write_batch([_art(1)])
    assert store.rejects() == []
