"""Reading stories back as `Story` records, for export, `fogwatch show` and the report."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, func, select

from fogwatch.model import Relation, Story, StoryMember
from fogwatch.store import Store
from fogwatch.stories.canon import independent_outlets
from fogwatch.stories.match import RANK
from fogwatch.stories.tables import ARTICLES, DOCS, MEMBERS, STORIES, chunks


@dataclass(slots=True)
class Copy:
    """One member of an article's story, as `fogwatch show` lists it."""

    article_id: str
    relation: Relation
    similarity: float
    site: str | None
    via: str | None


@dataclass(slots=True)
class IndexEntry:
    """How the copy finder saw an article: "indexed", "short" or "empty", and why it was not matched."""

    status: str
    reason: str | None
    words: int


def _member_order(mb: StoryMember, canonical: str) -> tuple[bool, int, float, str]:
    return (mb.article_id != canonical, -RANK.get(mb.relation, 4), -mb.similarity, mb.article_id)


def _stories(conn: Connection, rows: Sequence[Row[Any]]) -> list[Story]:
    ids = [r.id for r in rows]
    members: dict[str, list[StoryMember]] = {}
    for part in chunks(ids):
        q = select(MEMBERS.c.story_id, MEMBERS.c.article_id, MEMBERS.c.relation, MEMBERS.c.similarity).where(
            MEMBERS.c.story_id.in_(part)
        )
        for sid, aid, rel, sim in conn.execute(q):
            members.setdefault(sid, []).append(StoryMember(aid, rel, sim))
    out = []
    for r in rows:
        head: str = r.canonical_id
        ms = sorted(members.get(r.id, []), key=lambda mb: _member_order(mb, head))
        out.append(
            Story(
                id=r.id,
                canonical_id=r.canonical_id,
                members=ms,
                sites=list(r.sites or []),
                first_published=date.fromisoformat(r.first_published) if r.first_published else None,
                independent_sources=r.independent_sources,
            )
        )
    return out


def stories(store: Store, min_size: int = 1, batch: int = 500) -> Iterator[Story]:
    """Every story with at least `min_size` members, the largest first."""
    offset = 0
    while True:
        with store.engine.connect() as conn:
            rows = conn.execute(
                select(STORIES)
                .where(STORIES.c.size >= min_size)
                .order_by(STORIES.c.size.desc(), STORIES.c.first_published, STORIES.c.id)
                .limit(batch)
                .offset(offset)
            ).all()
            if not rows:
                return
            found = _stories(conn, rows)
        yield from found
        offset += len(rows)


def story_of(store: Store, article_id: str) -> Story | None:
    with store.engine.connect() as conn:
        sid = conn.execute(select(MEMBERS.c.story_id).where(MEMBERS.c.article_id == article_id)).scalar_one_or_none()
        if sid is None:
            return None
        rows = conn.execute(select(STORIES).where(STORIES.c.id == sid)).all()
        return _stories(conn, rows)[0] if rows else None


def story_by_id(store: Store, story_id: str) -> Story | None:
    """One story with its members (the canonical article first), or None if there is no such story."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(STORIES).where(STORIES.c.id == story_id)).all()
        return _stories(conn, rows)[0] if rows else None


def story_ids(store: Store) -> dict[str, str]:
    """Article id -> story id, for every article in a story."""
    with store.engine.connect() as conn:
        return {aid: sid for aid, sid in conn.execute(select(MEMBERS.c.article_id, MEMBERS.c.story_id))}


def copies_of(store: Store, article_id: str) -> list[Copy]:
    """The other members of an article's story, the original first."""
    with store.engine.connect() as conn:
        sid = conn.execute(select(MEMBERS.c.story_id).where(MEMBERS.c.article_id == article_id)).scalar_one_or_none()
        if sid is None:
            return []
        canonical = conn.execute(select(STORIES.c.canonical_id).where(STORIES.c.id == sid)).scalar_one_or_none()
        q = (
            select(MEMBERS.c.article_id, MEMBERS.c.relation, MEMBERS.c.similarity, ARTICLES.c.site, MEMBERS.c.via)
            .select_from(MEMBERS.join(ARTICLES, ARTICLES.c.id == MEMBERS.c.article_id))
            .where(MEMBERS.c.story_id == sid, MEMBERS.c.article_id != article_id)
        )
        found = [Copy(*r) for r in conn.execute(q)]
    return sorted(
        found, key=lambda c: _member_order(StoryMember(c.article_id, c.relation, c.similarity), canonical or "")
    )


def index_entry(store: Store, article_id: str) -> IndexEntry | None:
    with store.engine.connect() as conn:
        r = conn.execute(
            select(DOCS.c.status, DOCS.c.reason, DOCS.c.words).where(DOCS.c.article_id == article_id)
        ).first()
    return IndexEntry(r.status, r.reason, r.words) if r else None


def independent_sources(store: Store, article_ids: Sequence[str]) -> int:
    """Distinct original outlets behind a set of articles: copies of one story count once.

    An article in no story (not yet indexed, or empty) stands for its own site.
    """
    ids = sorted(set(article_ids))
    outlets: dict[str, str | None] = {}
    with store.engine.connect() as conn:
        for part in chunks(ids):
            q = (
                select(ARTICLES.c.id, ARTICLES.c.site, MEMBERS.c.story_id, MEMBERS.c.original_site)
                .select_from(ARTICLES.outerjoin(MEMBERS, MEMBERS.c.article_id == ARTICLES.c.id))
                .where(ARTICLES.c.id.in_(part))
            )
            for aid, site, sid, original in conn.execute(q):
                outlets[sid or f"article:{aid}"] = original if sid else site
    return independent_outlets(list(outlets.values()))


def story_lines(store: Store, article_id: str) -> list[str]:
    """What `fogwatch show` prints about an article's story: the story, then every other member."""
    entry = index_entry(store, article_id)
    story = story_of(store, article_id)
    if entry is None:
        return ["story:      not indexed yet (run fogwatch ingest to update the stories)"]
    if story is None:
        return [f"story:      none: {entry.reason or entry.status}"]
    if entry.status != "indexed":
        return [f"story:      {story.id}: not matched: {entry.reason}"]
    copies = copies_of(store, article_id)
    if not copies:
        return [f"story:      {story.id}: no copies found"]
    me = next(m for m in story.members if m.article_id == article_id)
    role = "the original" if me.relation == "original" else f"a {me.relation} copy ({me.similarity:.2f})"
    sources = "independent source" if story.independent_sources == 1 else "independent sources"
    lines = [
        f"story:      {story.id}: {len(story.members)} articles on {len(story.sites)} sites, "
        f"{story.independent_sources} {sources}; this one is {role}"
    ]
    width = max(len(c.site or "-") for c in copies)
    for i, c in enumerate(copies):
        via = f"  (copy of {c.via})" if c.via else ""
        lines.append(
            f"{'copies:' if i == 0 else '':<11} {c.relation:<8}  {c.similarity:.2f}  {c.site or '-':<{width}}  "
            f"{c.article_id}{via}"
        )
    return lines


@dataclass(slots=True)
class Overview:
    """The stories section of the report."""

    stories: int
    indexed: int  # articles in the index
    not_matched: dict[str, int]  # by status: "short", "empty"
    multi: list[
        tuple[Story, str | None, str | None]
    ]  # the largest stories with copies; their original's title and site
    multi_total: int
    in_multi: int  # articles in stories with copies


def overview(store: Store, limit: int = 20) -> Overview:
    with store.engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(STORIES)).scalar_one()
        multi_total, in_multi = conn.execute(
            select(func.count(), func.coalesce(func.sum(STORIES.c.size), 0)).where(STORIES.c.size > 1)
        ).one()
        indexed = conn.execute(select(func.count()).select_from(DOCS)).scalar_one()
        statuses: dict[str, int] = dict(
            conn.execute(
                select(DOCS.c.status, func.count()).where(DOCS.c.status != "indexed").group_by(DOCS.c.status)
            ).all()
        )
    top = [st for st, _ in zip(stories(store, min_size=2), range(limit), strict=False)]
    with store.engine.connect() as conn:
        heads = {
            aid: (title, site)
            for aid, title, site in conn.execute(
                select(ARTICLES.c.id, ARTICLES.c.title, ARTICLES.c.site).where(
                    ARTICLES.c.id.in_([st.canonical_id for st in top])
                )
            )
        }
    multi = [(st, *heads.get(st.canonical_id, (None, None))) for st in top]
    return Overview(n, indexed, statuses, multi, multi_total, int(in_multi))
