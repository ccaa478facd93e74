"""Runs at once on one database (SQLite, and a real PostgreSQL server) end as one run over all
their inputs would: the same articles, stories, analysis, events and ids, and no error."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from fogwatch.paths import demo_corpus
from fogwatch.store import Store, schema
from fogwatch.store.migrations import LATEST
from tests.store.runs import copy_tree, corpus_parts, finished, ingest, new_pg_database, records

ARTICLES = 16  # in the demo corpus


def _one_run(db: str) -> str:
    first, second = corpus_parts()
    code, _, err = finished(ingest(db, first + second))
    assert code == 0, err
    return db


@pytest.fixture(scope="module")
def sqlite_reference(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One run over the whole demo corpus into SQLite."""
    return _one_run(str(tmp_path_factory.mktemp("concurrent") / "one-run.db"))


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def backend(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """(backend name, URL of the reference: one run over the whole demo corpus)."""
    if request.param == "sqlite":
        yield "sqlite", request.getfixturevalue("sqlite_reference")
    else:
        yield "postgresql", _one_run(new_pg_database(request.getfixturevalue("postgres_url")))


@pytest.fixture
def fresh_db(backend: tuple[str, str], request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend[0] == "sqlite":
        return str(tmp_path / "two.db")
    return new_pg_database(request.getfixturevalue("postgres_url"))


def _clean(err: str) -> None:
    assert "Traceback" not in err and "error" not in err.lower(), err


def _wait_for_articles(store: Store, n: int, timeout: float = 240) -> None:
    end = time.monotonic() + timeout
    while store.count("articles") < n:
        assert time.monotonic() < end, f"only {store.count('articles')} of {n} articles stored"
        time.sleep(0.2)


def test_two_ingests_at_once_end_as_one_run(backend: tuple[str, str], fresh_db: str) -> None:
    first, second = corpus_parts()
    # This test holds the storing lock while the two runs store, as a third run storing would: so the
    # two are sure to store side by side and to contend for finishing, whatever the machine's speed.
    holder = Store.open(fresh_db)
    with holder.storing():
        a, b = ingest(fresh_db, first), ingest(fresh_db, second)
        _wait_for_articles(holder, ARTICLES)
        assert a.poll() is None and b.poll() is None  # both have stored and wait to finish
    holder.close()
    runs = [finished(a), finished(b)]
    for code, _, err in runs:
        assert code == 0, err
        _clean(err.replace("waiting for another fogwatch run", ""))
    assert any("waiting for another fogwatch run on this database before finishing" in err for _, _, err in runs)
    assert records(fresh_db) == records(backend[1])

    # a catch-up run finds nothing to do and changes nothing
    code, out, err = finished(ingest(fresh_db, first + second))
    assert code == 0, err
    assert f"0 new articles stored, {ARTICLES} already stored" in out
    assert records(fresh_db) == records(backend[1])


def test_the_same_inputs_twice_at_once(backend: tuple[str, str], fresh_db: str) -> None:
    """Two people run the same command at once: each article is stored and counted once."""
    first, second = corpus_parts()
    runs = [finished(p) for p in [ingest(fresh_db, first + second), ingest(fresh_db, first + second)]]
    for code, _, err in runs:
        assert code == 0, err
        _clean(err.replace("waiting for another fogwatch run", ""))
    stored = sorted(int(out.split(" new articles stored")[0].split()[-1]) for _, out, _ in runs)
    assert stored == [0, ARTICLES]
    assert records(fresh_db) == records(backend[1])
    # the lines counted for learned site boilerplate: each document once
    assert _line_counts(fresh_db) == _line_counts(backend[1])


def _line_counts(db: str) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    store = Store.open(db, create=False, readonly=True)
    d, ld = schema.site_docs, schema.site_line_docs
    with store.engine.connect() as conn:
        docs = {g: n for g, n in conn.execute(select(d.c.grp, d.c.docs))}
        lines = {(g, k): n for g, k, n in conn.execute(select(ld.c.grp, ld.c.key, ld.c.docs))}
    store.close()
    assert docs and lines
    return docs, lines


def test_ids_are_made_from_content(sqlite_reference: str, tmp_path: Path) -> None:
    """The same corpus read from another folder: other article ids (they say where a document was
    read from), the same story and event ids."""
    elsewhere = copy_tree(demo_corpus(), tmp_path / "another" / "folder" / "corpus")
    db = str(tmp_path / "elsewhere.db")
    first, second = corpus_parts()
    code, _, err = finished(ingest(db, [str(elsewhere / Path(p).name) for p in first + second]))
    assert code == 0, err
    here, there = records(sqlite_reference), records(db)
    assert {a["id"] for a in here["articles"]}.isdisjoint(a["id"] for a in there["articles"])
    assert [s["id"] for s in here["stories"]] == [s["id"] for s in there["stories"]]
    assert any(len(s["members"]) == 3 for s in here["stories"])
    assert len(here["events"]) == len(there["events"]) > 10
    for x, y in zip(here["events"], there["events"], strict=True):
        assert (x["id"], x["story_ids"], x["notes"]) == (y["id"], y["story_ids"], y["notes"])
    by_file = [{a["source"].split("corpus/")[-1]: a["story_id"] for a in r["articles"]} for r in (here, there)]
    assert by_file[0] == by_file[1]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "new.db")
    return new_pg_database(request.getfixturevalue("postgres_url"))


def test_schema_made_once_by_processes_opening_a_new_database_at_once(empty_db: str) -> None:
    fresh_db = empty_db
    import subprocess

    code = f"from fogwatch.store import Store; Store.open({fresh_db!r}).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True) for _ in range(4)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    store = Store.open(fresh_db, create=False, readonly=True)
    with store.engine.connect() as conn:
        versions = list(conn.execute(select(schema.schema_migrations.c.version)).scalars())
    store.close()
    assert sorted(versions) == list(range(1, LATEST + 1))
