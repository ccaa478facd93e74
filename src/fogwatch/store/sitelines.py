"""Storage for learned per-site boilerplate: line document frequencies per group.

Counts are written in the transaction that stores their articles, so a killed
run cannot count a document twice or lose one. A group whose counts changed is
marked dirty; `fogwatch.run` re-finishes its articles and clears the mark.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select, update

from fogwatch.clean.learned import Thresholds, doc_keys, groups_of, prose_keys
from fogwatch.model import Article, Reject
from fogwatch.store import schema

if TYPE_CHECKING:
    from fogwatch.store.db import Store


def upsert_add(conn: Connection, table: Any, rows: Sequence[dict[str, Any]], keys: list[str], add: str) -> None:
    """Insert rows, or add their `add` column to the row already there."""
    if not rows:
        return
    dialect = conn.dialect.name
    if dialect in ("sqlite", "postgresql"):
        from sqlalchemy.dialects import postgresql, sqlite

        insert: Any = sqlite.insert if dialect == "sqlite" else postgresql.insert
        stmt = insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=keys, set_={add: table.c[add] + stmt.excluded[add], **_extra_sets(table, stmt, add)}
        )
        conn.execute(stmt, list(rows))
        return
    for row in rows:
        cond = [table.c[k] == row[k] for k in keys]
        res = conn.execute(update(table).where(*cond).values({add: table.c[add] + row[add]}))
        if res.rowcount == 0:
            conn.execute(table.insert().values(**row))


def _extra_sets(table: Any, stmt: Any, add: str) -> dict[str, Any]:
    if "dirty" in table.c:
        return {"dirty": True}
    if "prose" in table.c:
        return {"prose": table.c.prose | stmt.excluded.prose}
    return {}


def record_lines(conn: Connection, per_article: Iterable[tuple[str, list[str], set[str], set[str]]]) -> None:
    """Count (article id, groups, line keys, prose keys) in the current transaction."""
    docs: Counter[str] = Counter()
    lines: Counter[tuple[str, str]] = Counter()
    prose: set[tuple[str, str]] = set()
    memberships = []
    queue = []
    for aid, groups, keys, long_keys in per_article:
        queue.append({"article_id": aid})
        for g in groups:
            memberships.append({"article_id": aid, "grp": g})
            docs[g] += 1
            for k in keys:
                lines[(g, k)] += 1
                if k in long_keys:
                    prose.add((g, k))
    from fogwatch.store.db import insert_ignore

    insert_ignore(conn, schema.article_groups, memberships)
    insert_ignore(conn, schema.finish_queue, queue)
    upsert_add(conn, schema.site_docs, [{"grp": g, "docs": n, "dirty": True} for g, n in docs.items()], ["grp"], "docs")
    upsert_add(
        conn,
        schema.site_line_docs,
        [{"grp": g, "key": k, "docs": n, "prose": (g, k) in prose} for (g, k), n in lines.items()],
        ["grp", "key"],
        "docs",
    )


def dirty_groups(conn: Connection) -> dict[str, int]:
    t = schema.site_docs
    return {g: n for g, n in conn.execute(select(t.c.grp, t.c.docs).where(t.c.dirty.is_(True)))}


def line_counts(conn: Connection, group: str) -> list[tuple[str, int, bool]]:
    t = schema.site_line_docs
    return [(k, d, bool(p)) for k, d, p in conn.execute(select(t.c.key, t.c.docs, t.c.prose).where(t.c.grp == group))]


def learned_keys(conn: Connection, groups: Iterable[str]) -> dict[str, set[str]]:
    t = schema.site_boilerplate
    out: dict[str, set[str]] = {g: set() for g in groups}
    if out:
        for g, k in conn.execute(select(t.c.grp, t.c.key).where(t.c.grp.in_(list(out)))):
            out[g].add(k)
    return out


def set_learned(conn: Connection, group: str, keys: set[str]) -> None:
    t = schema.site_boilerplate
    conn.execute(t.delete().where(t.c.grp == group))
    if keys:
        conn.execute(t.insert(), [{"grp": group, "key": k} for k in sorted(keys)])


def group_articles(conn: Connection, groups: Iterable[str]) -> set[str]:
    t = schema.article_groups
    gs = list(groups)
    if not gs:
        return set()
    return set(conn.execute(select(t.c.article_id).where(t.c.grp.in_(gs))).scalars())


def queued(conn: Connection) -> set[str]:
    return set(conn.execute(select(schema.finish_queue.c.article_id)).scalars())


def groups_of_articles(conn: Connection, ids: Iterable[str]) -> dict[str, list[str]]:
    t = schema.article_groups
    out: dict[str, list[str]] = {}
    idl = list(ids)
    for i in range(0, len(idl), 500):
        for aid, g in conn.execute(select(t.c.article_id, t.c.grp).where(t.c.article_id.in_(idl[i : i + 500]))):
            out.setdefault(aid, []).append(g)
    return out


def clear(conn: Connection, groups: Iterable[str], article_ids: Iterable[str]) -> None:
    gs, ids = list(groups), list(article_ids)
    if gs:
        conn.execute(update(schema.site_docs).where(schema.site_docs.c.grp.in_(gs)).values(dirty=False))
    for i in range(0, len(ids), 500):
        conn.execute(schema.finish_queue.delete().where(schema.finish_queue.c.article_id.in_(ids[i : i + 500])))


def store_records(store: Store, records: list[Article | Reject]) -> int:
    """Store a batch in one transaction, counting its lines for learned boilerplate; return new articles."""
    stored, _ = store.write_batch(records, on_fresh=_count_lines)
    return stored


def _count_lines(conn: Connection, fresh: list[Article]) -> None:
    t = Thresholds()
    record_lines(conn, ((a.id, groups_of(a), doc_keys(a.raw), prose_keys(a.raw, t)) for a in fresh))
