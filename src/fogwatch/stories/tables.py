"""Reading and writing the stories tables (see `fogwatch.store.schema`), in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Connection, func, or_, select

from fogwatch.store import schema
from fogwatch.stories.canon import INFERRED, MemberInfo

T = TypeVar("T")
CHUNK = 500  # ids per IN (...): well under every database's limit on bound parameters

ARTICLES, DOCS, BANDS, STORIES, MEMBERS = (
    schema.articles,
    schema.story_docs,
    schema.story_bands,
    schema.stories,
    schema.story_members,
)


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


@dataclass(slots=True)
class DocRow:
    article_id: str
    seq: int
    status: str


@dataclass(slots=True)
class MemberRow:
    article_id: str
    story_id: str
    relation: str
    similarity: float
    via: str | None
    original_site: str | None


@dataclass(slots=True)
class StoryRow:
    id: str
    canonical_id: str
    size: int
    sites: list[str]
    first_published: str | None
    independent_sources: int


def roomy_cache(conn: Connection) -> None:
    """On SQLite, a 64 MiB page cache for this connection (the default is 2 MiB).

    A batch inserts postings, members and stories at random places in B-trees
    that outgrow the default cache from some 20,000 articles on; measured at
    100,000 articles, the larger cache cut a batch's time by a third.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size = -65536")


def pending_ids(conn: Connection, scheme: int) -> list[str]:
    """Articles to index: never indexed, indexed under other parameters, or whose clean text changed since.

    Articles already indexed come first, in their index order, so a relearned
    article is matched again against the same earlier articles as before. New ones
    follow by publication date (the undated last), then content: the order, and so
    the stories, do not depend on when or in which process each article was stored.
    """
    q = (
        select(ARTICLES.c.id)
        .select_from(ARTICLES.outerjoin(DOCS, DOCS.c.article_id == ARTICLES.c.id))
        .where(
            or_(DOCS.c.article_id.is_(None), DOCS.c.scheme != scheme, DOCS.c.text_len != func.length(ARTICLES.c.text))
        )
        .order_by(
            DOCS.c.seq.is_(None),
            DOCS.c.seq,
            ARTICLES.c.published.is_(None),
            ARTICLES.c.published,
            ARTICLES.c.content_hash,
            ARTICLES.c.id,
        )
    )
    return list(conn.execute(q).scalars())


def _info(r: Any) -> MemberInfo:
    return MemberInfo(
        article_id=r.id,
        site=r.site,
        published=date.fromisoformat(r.published) if r.published else None,
        published_evidence=r.published_evidence,
        original_source=r.original_source,
        content_hash=r.content_hash or r.id,
    )


_INFO_COLS = (
    ARTICLES.c.id,
    ARTICLES.c.site,
    ARTICLES.c.published,
    ARTICLES.c.published_evidence,
    ARTICLES.c.original_source,
    ARTICLES.c.content_hash,
)


def member_infos(conn: Connection, ids: Sequence[str]) -> dict[str, MemberInfo]:
    out: dict[str, MemberInfo] = {}
    for part in chunks(ids):
        for r in conn.execute(select(*_INFO_COLS).where(ARTICLES.c.id.in_(part))):
            out[r.id] = _info(r)
    return out


def texts(conn: Connection, ids: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in chunks(ids):
        out.update(
            {i: t for i, t in conn.execute(select(ARTICLES.c.id, ARTICLES.c.text).where(ARTICLES.c.id.in_(part)))}
        )
    return out


def doc_rows(conn: Connection, ids: Sequence[str]) -> dict[str, DocRow]:
    out: dict[str, DocRow] = {}
    for part in chunks(ids):
        for r in conn.execute(select(DOCS.c.article_id, DOCS.c.seq, DOCS.c.status).where(DOCS.c.article_id.in_(part))):
            out[r.article_id] = DocRow(r.article_id, r.seq, r.status)
    return out


def ids_of_seqs(conn: Connection, seqs: Sequence[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for part in chunks(seqs):
        out.update({q: i for q, i in conn.execute(select(DOCS.c.seq, DOCS.c.article_id).where(DOCS.c.seq.in_(part)))})
    return out


def next_seq(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(DOCS.c.seq), 0))).scalar_one()) + 1


def _mark(conn: Connection) -> str | None:
    """The driver's positional parameter marker, for the two statements run with plain SQL."""
    style = conn.dialect.paramstyle
    return "?" if style == "qmark" else "%s" if style in ("format", "pyformat") else None


# Band postings are read and written with plain driver SQL: they are a few dozen rows per
# article, and building SQLAlchemy parameters row by row cost more than the database work.


def postings(conn: Connection, keys: Iterable[int]) -> dict[int, list[int]]:
    """Band key -> index numbers of the articles that have it."""
    out: dict[int, list[int]] = {}
    mark = _mark(conn)
    for part in chunks(sorted(set(keys))):
        if mark is None:
            rows: Iterable[Any] = conn.execute(select(BANDS.c.band, BANDS.c.seq).where(BANDS.c.band.in_(part)))
        else:
            marks = ", ".join([mark] * len(part))
            rows = conn.exec_driver_sql(f"SELECT band, seq FROM story_bands WHERE band IN ({marks})", tuple(part))
        for key, seq in rows:
            out.setdefault(key, []).append(seq)
    return out


def story_ids_of(conn: Connection, article_ids: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in chunks(article_ids):
        out.update(
            {
                x: y
                for x, y in conn.execute(
                    select(MEMBERS.c.article_id, MEMBERS.c.story_id).where(MEMBERS.c.article_id.in_(part))
                )
            }
        )
    return out


def members_of(conn: Connection, story_ids: Sequence[str]) -> dict[str, list[MemberRow]]:
    out: dict[str, list[MemberRow]] = {}
    for part in chunks(story_ids):
        for r in conn.execute(select(MEMBERS).where(MEMBERS.c.story_id.in_(part)).order_by(MEMBERS.c.article_id)):
            out.setdefault(r.story_id, []).append(
                MemberRow(r.article_id, r.story_id, r.relation, r.similarity, r.via, r.original_site)
            )
    return out


def story_rows(conn: Connection, story_ids: Sequence[str]) -> dict[str, StoryRow]:
    out: dict[str, StoryRow] = {}
    for part in chunks(story_ids):
        for r in conn.execute(select(STORIES).where(STORIES.c.id.in_(part))):
            out[r.id] = StoryRow(
                r.id, r.canonical_id, r.size, list(r.sites or []), r.first_published, r.independent_sources
            )
    return out


def existing_story_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for part in chunks(ids):
        out.update(conn.execute(select(STORIES.c.id).where(STORIES.c.id.in_(part))).scalars())
    return out


# --- writing ------------------------------------------------------------------


# The replace_* functions delete only the rows that may exist (`known`): most of a batch is new,
# and deleting what was never there cost a query per 500 rows.


def replace_docs(conn: Connection, rows: list[dict[str, Any]], known: Sequence[str]) -> None:
    for part in chunks(known):
        conn.execute(DOCS.delete().where(DOCS.c.article_id.in_(part)))
    if rows:
        conn.execute(DOCS.insert(), rows)


def delete_postings(conn: Connection, seqs: Sequence[int]) -> None:
    for part in chunks(seqs):
        conn.execute(BANDS.delete().where(BANDS.c.seq.in_(part)))


def add_postings(conn: Connection, rows: list[tuple[int, int]]) -> None:
    """(band key, seq) pairs."""
    if not rows:
        return
    mark = _mark(conn)
    if mark is None:
        conn.execute(BANDS.insert(), [{"band": k, "seq": q} for k, q in rows])
    else:
        conn.exec_driver_sql(f"INSERT INTO story_bands (band, seq) VALUES ({mark}, {mark})", rows)


def replace_members(conn: Connection, rows: list[MemberRow], known: Sequence[str]) -> None:
    """Write these members' rows; `known` also names articles no longer in any story, whose rows go."""
    for part in chunks(known):
        conn.execute(MEMBERS.delete().where(MEMBERS.c.article_id.in_(part)))
    if rows:
        conn.execute(
            MEMBERS.insert(),
            [
                {
                    "article_id": r.article_id,
                    "story_id": r.story_id,
                    "relation": r.relation,
                    "similarity": r.similarity,
                    "via": r.via,
                    "original_site": r.original_site,
                }
                for r in rows
            ],
        )


def replace_stories(conn: Connection, rows: list[StoryRow], known: Sequence[str]) -> None:
    """Write these stories' rows; `known` also names stories left without members, whose rows go."""
    for part in chunks(known):
        conn.execute(STORIES.delete().where(STORIES.c.id.in_(part)))
    if rows:
        conn.execute(
            STORIES.insert(),
            [
                {
                    "id": r.id,
                    "canonical_id": r.canonical_id,
                    "size": r.size,
                    "sites": r.sites,
                    "first_published": r.first_published,
                    "independent_sources": r.independent_sources,
                }
                for r in rows
            ],
        )


def set_dates(conn: Connection, changes: list[tuple[str, date | None, str | None]]) -> None:
    """(article id, published, evidence) for dates a story lends to its undated copies, or takes back."""
    by_value: dict[tuple[date | None, str | None], list[str]] = {}
    for aid, day, evidence in changes:
        by_value.setdefault((day, evidence), []).append(aid)
    for (day, evidence), ids in by_value.items():
        for part in chunks(ids):
            # the guard keeps a date the article gives itself, whatever the caller asks
            conn.execute(
                ARTICLES.update()
                .where(
                    ARTICLES.c.id.in_(part),
                    or_(ARTICLES.c.published.is_(None), ARTICLES.c.published_evidence == INFERRED),
                )
                .values(published=day.isoformat() if day else None, published_evidence=evidence)
            )
