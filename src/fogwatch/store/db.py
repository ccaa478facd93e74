"""Store: write records in one transaction per batch; read them back as records."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, Table, create_engine, event, func, inspect, select
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import SQLAlchemyError

from fogwatch.errors import CannotUseDatabase, NoDatabase, UnknownArticle
from fogwatch.model import Article, Reject, Span, content_hash
from fogwatch.store import schema
from fogwatch.store.errors import StorageError, database_unavailable
from fogwatch.store.locks import RunLock, write_lock
from fogwatch.store.migrations import LATEST, current_version, migrate

DEFAULT_DB = "fogwatch.db"


def resolve_url(db: str | None) -> str:
    """--db, else the `db` setting (FOGWATCH_DB), else ./fogwatch.db. A plain path means a SQLite file."""
    from fogwatch.settings import current

    value = db or current().db or DEFAULT_DB
    if "://" not in value:
        return f"sqlite:///{value}"
    return value


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def insert_ignore(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT that leaves rows already present (same primary key) untouched."""
    if not rows:
        return
    dialect = conn.dialect.name
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        conn.execute(sqlite_insert(table).on_conflict_do_nothing(), list(rows))
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        conn.execute(pg_insert(table).on_conflict_do_nothing(), list(rows))
    else:
        pk = [c.name for c in table.primary_key.columns]
        for row in rows:
            cond = [table.c[k] == row[k] for k in pk]
            if conn.execute(select(func.count()).select_from(table).where(*cond)).scalar_one() == 0:
                conn.execute(table.insert().values(**row))


class Store:
    """A fogwatch database. Open it with `Store.open(url)`."""

    def __init__(self, engine: Engine, url: str | None = None, sqlite_path: str | None = None) -> None:
        self.engine = engine
        self.url = url or engine.url.render_as_string(hide_password=True)
        self.readonly = False
        self._run_lock = RunLock(engine, sqlite_path)

    @property
    def on_wait(self) -> Callable[[str], None] | None:
        """Told (one line) when a run waits for another run on the same database."""
        return self._run_lock.on_wait

    @on_wait.setter
    def on_wait(self, fn: Callable[[str], None] | None) -> None:
        self._run_lock.on_wait = fn

    @classmethod
    def open(cls, db: str | None = None, create: bool = True, readonly: bool = False) -> Store:
        """Open (with `create`, make) a database and bring its schema up to date.

        `readonly` opens it for reading only (SQLite `mode=ro`, a read-only PostgreSQL session):
        nothing is written, not even the journal mode, so a database on read-only storage opens.
        Without `create`, a database that cannot be written is opened read-only.
        A database that cannot be opened raises a StorageError naming it and the reason.
        """
        url = make_url(resolve_url(db))
        shown = url.render_as_string(hide_password=True)
        try:
            if readonly:
                return cls._open_readonly(url, shown)
            try:
                return cls._open_writable(url, shown, create)
            except StorageError as exc:
                if create:
                    raise
                try:
                    return cls._open_readonly(url, shown)
                except (StorageError, NoDatabase):
                    raise exc from None
        except (SQLAlchemyError, OSError) as exc:
            raise database_unavailable(shown, exc) from None

    @classmethod
    def _open_writable(cls, url: URL, shown: str, create: bool) -> Store:
        path = _sqlite_file(url)
        if path is not None:
            if not create and not path.exists():
                raise NoDatabase(str(path))
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
            # SQLite would open a file it cannot write read-only without a word, and fail at the first write
            if path.exists() and (why := _unwritable(path)):
                raise StorageError(f"cannot write to the database {shown}: {why}")
        engine = _engine(url, shown)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine, shown, str(path) if path is not None else None)
        try:
            if engine.dialect.name == "sqlite" and path is not None:
                _use_wal(engine)
            version = store.schema_version()
            if version == 0 and not create:
                raise NoDatabase(store.url)
            if version < LATEST:
                migrate(engine)
        except SQLAlchemyError as exc:
            engine.dispose()
            why = _unwritable(path) if path is not None else None
            raise (
                StorageError(f"cannot write to the database {shown}: {why}")
                if why
                else database_unavailable(shown, exc)
            ) from None
        except BaseException:
            engine.dispose()
            raise
        return store

    @classmethod
    def _open_readonly(cls, url: URL, shown: str) -> Store:
        path = _sqlite_file(url)
        attempts: list[Engine] = []
        if path is not None:
            if not path.exists():
                raise NoDatabase(str(path))
            # Read-only storage: SQLite needs a shared-memory file beside a WAL database to read it;
            # where none exists and none can be made, `immutable` reads the file as it is.
            for extra in ("", "&immutable=1"):
                ro = make_url(f"sqlite:///file:{quote(str(path.resolve()))}?mode=ro{extra}&uri=true")
                engine = create_engine(ro)
                event.listen(engine, "connect", _sqlite_read_pragmas)
                attempts.append(engine)
        elif url.get_backend_name() == "postgresql":
            options = "-c default_transaction_read_only=on"
            attempts.append(_engine(url, shown, connect_args={"options": options}))
        else:
            attempts.append(_engine(url, shown))
        failure: SQLAlchemyError | None = None
        for engine in attempts:
            try:
                with engine.connect() as conn:
                    version = current_version(conn)
            except SQLAlchemyError as exc:
                engine.dispose()
                failure = failure or exc
                continue
            if version == 0:
                engine.dispose()
                raise NoDatabase(shown)
            if version < LATEST:
                engine.dispose()
                try:  # made by an older fogwatch: upgraded once where it can be written
                    cls._open_writable(url, shown, create=False).close()
                except (StorageError, SQLAlchemyError, OSError):
                    pass
                else:
                    return cls._open_readonly(url, shown)
                raise StorageError(
                    f"the database {shown} was made by an older fogwatch (schema {version}, this one reads "
                    f"{LATEST}) and cannot be upgraded here, where it can only be read; open it once "
                    "where it can be written to upgrade it"
                )
            store = cls(engine, shown, None)
            store.readonly = True
            return store
        assert failure is not None
        raise database_unavailable(shown, failure)

    def close(self) -> None:
        self._run_lock.close()
        self.engine.dispose()

    # --- runs and transactions ----------------------------------------------
    def storing(self) -> Any:
        """Held while a run stores articles: shared with other runs storing (see `fogwatch.store.locks`)."""
        return self._run_lock.hold(shared=True)

    def finishing(self) -> Any:
        """Held while a run finishes what was stored (stories, analysis, events): exclusive."""
        return self._run_lock.hold(shared=False)

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A write transaction that no other writer interleaves with: what it reads stays true."""
        with self.engine.begin() as conn:
            write_lock(conn)
            yield conn

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return current_version(conn)

    # --- writing -----------------------------------------------------------
    def write_batch(
        self,
        records: Iterable[Article | Reject],
        on_fresh: Callable[[Connection, list[Article]], None] | None = None,
    ) -> tuple[int, int]:
        """Store a batch of articles and rejects in one transaction; return (new articles, rejects).

        `on_fresh` writes what derives from the newly stored articles (line
        counts for learning) in the same transaction, so both land or neither.
        """
        records = list(records)
        arts = [r for r in records if isinstance(r, Article)]
        rejs = [r for r in records if isinstance(r, Reject)]
        now = _now()
        with self.storing(), self.writing() as conn:
            known = self._known(conn, [a.id for a in arts])
            fresh = [a for a in arts if a.id not in known]
            insert_ignore(conn, schema.articles, [_article_row(a, now) for a in fresh])
            span_rows = [
                {
                    "article_id": a.id,
                    "layer": "removed",
                    "start": s.start,
                    "end": s.end,
                    "label": s.label,
                    "attrs": s.attrs,
                }
                for a in fresh
                for s in a.removed
            ]
            insert_ignore(conn, schema.spans, span_rows)
            rej_rows = {
                (r.input, r.step): {"input": r.input, "step": r.step, "kind": r.kind, "reason": r.reason, "at": now}
                for r in rejs
            }
            if rej_rows:
                # An input rejected again says why this time: an earlier reason (or step) is replaced.
                inputs = sorted({r.input for r in rejs})
                for i in range(0, len(inputs), 500):
                    conn.execute(schema.rejects.delete().where(schema.rejects.c.input.in_(inputs[i : i + 500])))
            insert_ignore(conn, schema.rejects, list(rej_rows.values()))
            if fresh and on_fresh is not None:
                on_fresh(conn, fresh)
            if fresh:
                # An input that was rejected before and reads cleanly now is no longer a reject.
                conn.execute(schema.rejects.delete().where(schema.rejects.c.input.in_({a.source for a in fresh})))
        return len(fresh), len(rejs)

    def replace_cleaning(self, conn: Connection, art: Article) -> None:
        """Rewrite an article's removed spans, clean text and title after learning changed them."""
        a, s = schema.articles, schema.spans
        conn.execute(s.delete().where(s.c.article_id == art.id, s.c.layer == "removed"))
        insert_ignore(
            conn,
            s,
            [
                {
                    "article_id": art.id,
                    "layer": "removed",
                    "start": x.start,
                    "end": x.end,
                    "label": x.label,
                    "attrs": x.attrs,
                }
                for x in art.removed
            ],
        )
        conn.execute(a.update().where(a.c.id == art.id).values(text=art.text, title=art.title))
        # Mentions and claims are spans of the old clean text: drop them so the article is analysed again.
        conn.execute(s.delete().where(s.c.article_id == art.id, s.c.layer == "mention"))
        conn.execute(schema.claims.delete().where(schema.claims.c.article_id == art.id))
        conn.execute(schema.analyzed.delete().where(schema.analyzed.c.article_id == art.id))

    def articles_by_ids(self, ids: Sequence[str]) -> list[Article]:
        a = schema.articles
        with self.engine.connect() as conn:
            rows = conn.execute(select(a).where(a.c.id.in_(list(ids))).order_by(a.c.id)).mappings().all()
            spans = self._spans(conn, list(ids), "removed")
        return [_article_from_row(r, spans.get(r["id"], [])) for r in rows]

    @staticmethod
    def _known(conn: Connection, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        rows = conn.execute(select(schema.articles.c.id).where(schema.articles.c.id.in_(ids)))
        return set(rows.scalars())

    def known_ids(self, ids: list[str]) -> set[str]:
        with self.engine.connect() as conn:
            return self._known(conn, ids)

    # --- reading -----------------------------------------------------------
    def count(self, table: str) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(schema.metadata.tables[table])).scalar_one()

    def resolve_id(self, ref: str) -> str:
        """The id of the article `ref` names: an id or a unique prefix of one, else a unique part of
        its source ("kafr-nouran-liberated.txt", a URL's path): ids hash where a document was read
        from, so the same file read from another folder has another id."""
        a = schema.articles
        pattern = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        with self.engine.connect() as conn:
            ids = conn.execute(select(a.c.id).where(a.c.id.like(f"{pattern}%", escape="\\")).limit(3)).scalars().all()
            by_source = False
            if not ids and ref.strip():
                by_source = True
                ids = (
                    conn.execute(select(a.c.id).where(a.c.source.like(f"%{pattern}%", escape="\\")).limit(3))
                    .scalars()
                    .all()
                )
        if len(ids) != 1:
            raise UnknownArticle(ref, len(ids), by_source)
        return ids[0]

    def article(self, ref: str) -> Article:
        aid = self.resolve_id(ref)
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.articles).where(schema.articles.c.id == aid)).mappings().one()
            removed = self._spans(conn, [aid], "removed").get(aid, [])
        return _article_from_row(row, removed)

    def articles(self, batch: int = 500) -> Iterator[Article]:
        """All articles, ordered by publication date then id."""
        a = schema.articles
        order = (a.c.published.is_(None), a.c.published, a.c.id)
        offset = 0
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(select(a).order_by(*order).limit(batch).offset(offset)).mappings().all()
                if not rows:
                    return
                spans = self._spans(conn, [r["id"] for r in rows], "removed")
            for r in rows:
                yield _article_from_row(r, spans.get(r["id"], []))
            offset += len(rows)

    @staticmethod
    def _spans(conn: Connection, ids: list[str], layer: str) -> dict[str, list[Span]]:
        s = schema.spans
        out: dict[str, list[Span]] = {}
        rows = conn.execute(
            select(s).where(s.c.article_id.in_(ids), s.c.layer == layer).order_by(s.c.article_id, s.c.start)
        ).mappings()
        for r in rows:
            out.setdefault(r["article_id"], []).append(Span(r["start"], r["end"], r["label"], dict(r["attrs"] or {})))
        return out

    def rejects(self) -> list[Reject]:
        r = schema.rejects
        with self.engine.connect() as conn:
            rows = conn.execute(select(r).order_by(r.c.input)).mappings().all()
        return [Reject(x["input"], x["step"], x["kind"], x["reason"]) for x in rows]

    def stats(self) -> dict[str, Any]:
        a, s, r = schema.articles, schema.spans, schema.rejects
        with self.engine.connect() as conn:
            n = conn.execute(select(func.count()).select_from(a)).scalar_one()
            by_site = conn.execute(
                select(func.coalesce(a.c.site, "(unknown)"), func.count())
                .group_by(a.c.site)
                .order_by(func.count().desc(), a.c.site)
            ).all()
            by_format = conn.execute(select(a.c.format, func.count()).group_by(a.c.format).order_by(a.c.format)).all()
            first, last = conn.execute(select(func.min(a.c.published), func.max(a.c.published))).one()
            undated = conn.execute(select(func.count()).select_from(a).where(a.c.published.is_(None))).scalar_one()
            removed = conn.execute(
                select(s.c.label, func.count(), func.sum(s.c.end - s.c.start))
                .where(s.c.layer == "removed")
                .group_by(s.c.label)
                .order_by(func.count().desc(), s.c.label)
            ).all()
            rej = conn.execute(select(r.c.kind, func.count()).group_by(r.c.kind).order_by(func.count().desc())).all()
            raw_chars = conn.execute(select(func.coalesce(func.sum(func.length(a.c.raw)), 0))).scalar_one()
            text_chars = conn.execute(select(func.coalesce(func.sum(func.length(a.c.text)), 0))).scalar_one()
        return {
            "articles": n,
            "by_site": [(k, v) for k, v in by_site],
            "by_format": [(k, v) for k, v in by_format],
            "first_published": first,
            "last_published": last,
            "undated": undated,
            "removed": [(k, v, int(c or 0)) for k, v, c in removed],
            "rejects": [(k, v) for k, v in rej],
            "raw_chars": int(raw_chars),
            "text_chars": int(text_chars),
        }

    def has_tables(self) -> bool:
        return inspect(self.engine).has_table("articles")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_read_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA query_only=ON")
    cur.close()


def _use_wal(engine: Engine) -> None:
    """WAL lets readers go on while a run writes. The mode is kept in the file, so it is set once,
    when it is not set yet, rather than at every connection (which needs write access)."""
    with engine.connect() as conn:
        if str(conn.exec_driver_sql("PRAGMA journal_mode").scalar()).lower() != "wal":
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")


def _unwritable(path: Path) -> str | None:
    """Why a SQLite file cannot be written, when that is why it failed: SQLite only says it
    cannot open it (it also writes a journal and shared memory beside it)."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return (
                "it is on read-only storage (commands that only read it work: report --no-record, show, export, serve)"
            )
    except OSError:
        return None
    for p in (path, folder):
        if p.exists() and not os.access(p, os.W_OK):
            return f"{p} is not writable (commands that only read it work: report --no-record, show, export, serve)"
    return None


def _sqlite_file(url: URL) -> Path | None:
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database)
    return None


def _engine(url: URL, shown: str, **kwargs: Any) -> Engine:
    try:
        return create_engine(url, future=True, **kwargs)
    except ModuleNotFoundError as exc:
        raise CannotUseDatabase(
            f"cannot use database {shown}: its driver '{exc.name}' is not installed "
            "(for PostgreSQL: pip install 'fogwatch[postgres]')"
        ) from None
    except Exception as exc:
        raise CannotUseDatabase(f"cannot use database {shown}: {exc}") from exc


def _article_row(a: Article, now: str) -> dict[str, Any]:
    return {
        "id": a.id,
        "source": a.source,
        "format": a.format,
        "site": a.site,
        "title": a.title,
        "byline": a.byline,
        "published": a.published.isoformat() if a.published else None,
        "published_evidence": a.published_evidence,
        "language": a.language,
        "original_source": a.original_source,
        "wire": a.wire,
        "raw": a.raw,
        "content_hash": content_hash(a.raw),
        "text": a.text,
        "meta": dict(a.meta),
        "ingested_at": now,
    }


def _article_from_row(r: Any, removed: list[Span]) -> Article:
    return Article(
        id=r["id"],
        source=r["source"],
        format=r["format"],
        raw=r["raw"],
        site=r["site"],
        title=r["title"],
        byline=r["byline"],
        published=date.fromisoformat(r["published"]) if r["published"] else None,
        published_evidence=r["published_evidence"],
        language=r["language"],
        original_source=r["original_source"],
        wire=r.get("wire"),
        removed=removed,
        meta=dict(r["meta"] or {}),
    )
