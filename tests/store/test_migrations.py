"""Migration 9 on a database made before it: articles get their content hash, and stories and
events the ids made from content, exactly those a fresh run makes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select, text, update

from fogwatch.paths import demo_corpus
from fogwatch.run import ingest
from fogwatch.store import Store, schema
from fogwatch.store.migrations import LATEST
from tests.store.runs import records


def _as_before_migration_9(db: str) -> None:
    """What fogwatch stored before content ids: stories named after their founding article, events
    after their smallest claim id, no content hash, schema version 8."""
    store = Store.open(db)
    st, sm, ev, cl = schema.stories, schema.story_members, schema.events, schema.claims
    with store.engine.begin() as conn:
        renames = {
            sid: hashlib.sha256(f"story\n{canonical}\n".encode()).hexdigest()[:16]
            for sid, canonical in conn.execute(select(st.c.id, st.c.canonical_id))
        }
        for old, new in renames.items():
            conn.execute(update(st).where(st.c.id == old).values(id=new))
            conn.execute(update(sm).where(sm.c.story_id == old).values(story_id=new))
        for eid, claim_ids, story_ids in conn.execute(select(ev.c.id, ev.c.claim_ids, ev.c.story_ids)).all():
            new = "e" + hashlib.blake2b(min(claim_ids).encode(), digest_size=10).hexdigest()
            conn.execute(
                update(ev).where(ev.c.id == eid).values(id=new, story_ids=sorted(renames[s] for s in story_ids))
            )
            conn.execute(update(cl).where(cl.c.event_id == eid).values(event_id=new))
        conn.execute(text("ALTER TABLE articles DROP COLUMN content_hash"))
        conn.execute(schema.schema_migrations.delete().where(schema.schema_migrations.c.version >= 9))
    store.close()


def test_migration_9_gives_the_ids_a_fresh_run_gives(tmp_path: Path) -> None:
    assert LATEST >= 9
    db = str(tmp_path / "war.db")
    store = Store.open(db)
    names = ["frontline-dispatch", "global-conflict-wire", "multipolar-review"]
    ingest([str(demo_corpus() / n) for n in names], store, workers=1)
    store.close()
    fresh = records(db)
    _as_before_migration_9(db)
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(db)) as raw:
        old_ids = {r[0] for r in raw.execute("SELECT id FROM stories")} | {
            r[0] for r in raw.execute("SELECT id FROM events")
        }
    assert old_ids.isdisjoint({s["id"] for s in fresh["stories"]} | {e["id"] for e in fresh["events"]})
    old = Store.open(db)  # opening brings it up to date
    assert old.schema_version() == LATEST
    with old.engine.connect() as conn:
        assert (
            conn.execute(select(schema.articles.c.content_hash).where(schema.articles.c.content_hash.is_(None))).first()
            is None
        )
    old.close()
    assert records(db) == fresh


def test_migration_10_adds_why_claims_joined_their_event(tmp_path: Path) -> None:
    db = str(tmp_path / "war.db")
    store = Store.open(db)
    ingest([str(demo_corpus() / "levant-monitor")], store, workers=1)
    with store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE events DROP COLUMN joins"))
        conn.execute(schema.schema_migrations.delete().where(schema.schema_migrations.c.version >= 10))
    store.close()
    old = Store.open(db)  # opening brings it up to date
    assert old.schema_version() == LATEST
    with old.engine.connect() as conn:
        assert "joins" in {c["name"] for c in __import__("sqlalchemy").inspect(conn).get_columns("events")}
    old.close()
    # the next run fills it: events of several claims say why each joined
    store = Store.open(db)
    ingest([str(demo_corpus() / "levant-monitor")], store, workers=1)
    events = records(db)["events"]
    assert any(len(e["claim_ids"]) > 1 and len(e["joins"]) == len(e["claim_ids"]) - 1 for e in events)
    store.close()
