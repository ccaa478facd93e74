"""Versioned schema migrations. Each runs once, in order, in its own transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, inspect, select, text

from fogwatch.model import content_hash, story_id_for
from fogwatch.store import schema
from fogwatch.store.locks import write_lock

Migration = tuple[int, str, Callable[[Connection], None]]


def _v1_initial(conn: Connection) -> None:
    for table in (schema.articles, schema.spans, schema.rejects):
        table.create(conn, checkfirst=True)


def _v2_feed_entries(conn: Connection) -> None:
    schema.feed_entries.create(conn, checkfirst=True)


def _v3_learned_boilerplate(conn: Connection) -> None:
    for table in (
        schema.site_docs,
        schema.site_line_docs,
        schema.site_boilerplate,
        schema.article_groups,
        schema.finish_queue,
    ):
        table.create(conn, checkfirst=True)


def _v4_stories(conn: Connection) -> None:
    for table in (schema.story_docs, schema.story_bands, schema.stories, schema.story_members):
        table.create(conn, checkfirst=True)


def _v5_analyzed(conn: Connection) -> None:
    schema.analyzed.create(conn, checkfirst=True)


def _v6_claims_events(conn: Connection) -> None:
    schema.claims.create(conn, checkfirst=True)
    schema.events.create(conn, checkfirst=True)
    # Articles analysed before claims existed are read again (their mentions are replaced).
    if inspect(conn).has_table("analyzed"):
        conn.execute(schema.analyzed.delete())


def _v7_reports(conn: Connection) -> None:
    schema.reports.create(conn, checkfirst=True)
    schema.reported_claims.create(conn, checkfirst=True)


def _v8_article_wire(conn: Connection) -> None:
    # databases created before the column: add it (a fresh database has it from migration 1)
    if "wire" not in {c["name"] for c in inspect(conn).get_columns("articles")}:
        conn.execute(text("ALTER TABLE articles ADD COLUMN wire TEXT"))


def _v9_content_hash(conn: Connection) -> None:
    """Articles get the hash of what they hold; stories and events are renamed after content."""
    from sqlalchemy import bindparam, update

    a = schema.articles
    if "content_hash" not in {c["name"] for c in inspect(conn).get_columns("articles")}:
        conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN content_hash VARCHAR(32)")
    ids = list(conn.execute(select(a.c.id).where(a.c.content_hash.is_(None))).scalars())
    stmt = update(a).where(a.c.id == bindparam("aid")).values(content_hash=bindparam("h"))
    for i in range(0, len(ids), 500):
        rows = conn.execute(select(a.c.id, a.c.raw).where(a.c.id.in_(ids[i : i + 500]))).all()
        conn.execute(stmt, [{"aid": aid, "h": content_hash(raw)} for aid, raw in rows])
    rename_stories(conn)
    if inspect(conn).has_table("events"):
        from fogwatch.events.fuse import rename_events

        rename_events(conn)


def rename_stories(conn: Connection) -> int:
    """Give every story the id its original's content makes; return how many were renamed.

    For databases whose stories were named another way (after the article that founded them).
    """
    st, sm, ev = schema.stories, schema.story_members, schema.events
    rows = conn.execute(
        select(st.c.id, schema.articles.c.content_hash, schema.articles.c.id)
        .select_from(st.join(schema.articles, schema.articles.c.id == st.c.canonical_id))
        .order_by(schema.articles.c.content_hash, st.c.id)
    ).all()
    taken: set[str] = set()
    renames: dict[str, str] = {}
    for sid, content, canonical in rows:
        new = story_id_for(content or canonical)
        while new in taken:
            new = story_id_for(content or canonical, new)
        taken.add(new)
        if new != sid:
            renames[sid] = new
    if not renames:
        return 0
    # through temporary names: a new id may be an old id of another story
    for phase in (0, 1):
        for old, new in renames.items():
            src, dst = (old, "~" + new) if phase == 0 else ("~" + new, new)
            conn.execute(st.update().where(st.c.id == src).values(id=dst))
            conn.execute(sm.update().where(sm.c.story_id == src).values(story_id=dst))
    if inspect(conn).has_table("events"):
        for eid, ids in conn.execute(select(ev.c.id, ev.c.story_ids)).all():
            if any(x in renames for x in ids or []):
                new_ids = sorted(renames.get(x, x) for x in ids)
                conn.execute(ev.update().where(ev.c.id == eid).values(story_ids=new_ids))
    return len(renames)


def _v10_event_joins(conn: Connection) -> None:
    # databases whose events table predates the column (a fresh one has it from migration 6)
    if inspect(conn).has_table("events") and "joins" not in {c["name"] for c in inspect(conn).get_columns("events")}:
        conn.exec_driver_sql("ALTER TABLE events ADD COLUMN joins JSON")


MIGRATIONS: list[Migration] = [
    (1, "articles, spans and rejects", _v1_initial),
    (2, "feed entries seen by fogwatch watch", _v2_feed_entries),
    (3, "learned per-site boilerplate", _v3_learned_boilerplate),
    (4, "stories: copy signatures, band postings and clusters", _v4_stories),
    (5, "analyzed: which articles the analyze step has read", _v5_analyzed),
    (6, "claims and the events fused from them", _v6_claims_events),
    (7, "situation reports and the claims each covered", _v7_reports),
    (8, "articles.wire: agencies credited for an article's copy", _v8_article_wire),
    (9, "articles' content hash; story and event ids made from content", _v9_content_hash),
    (10, "events.joins: why each claim joined its event", _v10_event_joins),
]

LATEST = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_migrations"):
        return 0
    versions = conn.execute(select(schema.schema_migrations.c.version)).scalars().all()
    return max(versions, default=0)


def migrate(engine: object) -> list[int]:
    """Bring the database to the latest schema; return the versions applied.

    Each step runs under the write lock and checks the version inside it, so two processes
    opening one new database at once apply each migration once between them.
    """
    applied: list[int] = []
    with engine.begin() as conn:  # type: ignore[attr-defined]
        write_lock(conn)
        schema.schema_migrations.create(conn, checkfirst=True)
    for version, name, fn in MIGRATIONS:
        with engine.begin() as conn:  # type: ignore[attr-defined]
            write_lock(conn)
            if current_version(conn) >= version:
                continue
            fn(conn)
            conn.execute(
                schema.schema_migrations.insert().values(
                    version=version, name=name, applied_at=datetime.now(UTC).isoformat(timespec="seconds")
                )
            )
            applied.append(version)
    return applied
