"""articles.wire: the credited agencies are stored, and a database made before the column gains it."""

from __future__ import annotations

import sqlite3

from fogwatch.model import Article
from fogwatch.store import Store
from fogwatch.store.migrations import LATEST


def test_wire_round_trips(db: str) -> None:
    store = Store.open(db)
    art = Article(id="w1", source="/in/w1.txt", format="text", raw="Body of the article.\n--Reuters", wire="Reuters")
    store.write_batch([art])
    back = store.article("w1")
    assert back.wire == "Reuters" and back.outlet == "Reuters"


def test_a_database_from_before_the_column_is_migrated(db: str) -> None:
    Store.open(db)
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE articles DROP COLUMN wire")  # as migration 7 left it
    con.execute("DELETE FROM schema_migrations WHERE version >= 8")
    con.execute(
        "INSERT INTO articles (id, source, format, raw, text, meta, ingested_at) "
        "VALUES ('old', '/in/old.txt', 'text', 'Old body.', 'Old body.', '{}', '2026-01-01')"
    )
    con.commit()
    con.close()
    store = Store.open(db)
    assert store.schema_version() == LATEST
    old = store.article("old")
    assert old.wire is None and old.outlet is None
    store.write_batch([Article(id="new", source="/in/new.txt", format="text", raw="New body.", wire="AFP")])
    assert store.article("new").wire == "AFP"
