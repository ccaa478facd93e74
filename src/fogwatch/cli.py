"""The `fogwatch` command. Thin: parse arguments, call a function, print."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from fogwatch import __version__
from fogwatch.errors import FogwatchError

app = typer.Typer(
    help="fogwatch: turn raw, partisan, duplicated war reporting into a verified, source-attributed record.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
T = TypeVar("T")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", envvar="FOGWATCH_DB", help="Database: a SQLite path or any SQLAlchemy URL. Default ./fogwatch.db."
    ),
]


def _guard(fn: Callable[[], T]) -> T:
    """Run fn; a FogwatchError becomes its message on stderr and its exit status."""
    try:
        return fn()
    except FogwatchError as exc:
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(exc.exit_code) from None


def _version(value: bool) -> None:
    if value:
        print(f"fogwatch {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """fogwatch: turn raw, partisan, duplicated war reporting into a verified, source-attributed record."""


def _progress_bar(label: str) -> tuple[Progress | None, Callable[[int, int], None] | None]:
    if not sys.stderr.isatty():
        return None, None
    bar = Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err, transient=True
    )
    task = bar.add_task(label, total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return bar, update


@app.command()
def ingest(
    inputs: Annotated[
        list[str], typer.Argument(help="Files and directories (searched recursively): .txt .md .html (.gz too).")
    ],
    db: DbOption = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: all cores).")] = None,
) -> None:
    """Read, clean and store documents. Ingesting the same input twice stores it once."""
    from fogwatch.ingest import discover
    from fogwatch.run import ingest_inputs
    from fogwatch.store import Store

    def go() -> None:
        found = list(discover(inputs))  # a missing path fails here, before the database is touched
        store = Store.open(db)
        bar, update = _progress_bar("ingest")
        if bar:
            bar.start()
        try:
            res = ingest_inputs(found, store, workers=workers, progress=update)
        finally:
            if bar:
                bar.stop()
        for r in res.rejected:
            err.print(f"[yellow]rejected[/] {r.input}: {r.reason}")
        print(
            f"{res.inputs} inputs: {res.stored} new articles stored, {res.already} already stored, "
            f"{len(res.rejected)} rejected  ->  {store.url}"
        )
        print(res.counters.summary())

    _guard(go)


@app.command()
def report(db: DbOption = None) -> None:
    """Summarise what the database holds."""
    from fogwatch.report import summary_report
    from fogwatch.store import Store

    _guard(lambda: print(summary_report(Store.open(db, create=False))))


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="An article id, or a unique prefix of one.")],
    db: DbOption = None,
    removed: Annotated[
        bool, typer.Option("--removed", help="Print the raw text with removed parts marked [-reason: ...-].")
    ] = False,
) -> None:
    """Print one article with its metadata."""
    from fogwatch.export import marked_raw
    from fogwatch.store import Store

    def go() -> None:
        a = Store.open(db, create=False).article(article_id)
        print(f"id:         {a.id}")
        print(f"source:     {a.source}")
        print(f"site:       {a.site or '-'}")
        print(f"title:      {a.title or '-'}")
        print(f"byline:     {a.byline or '-'}")
        pub = f"{a.published.isoformat()} (from {a.published_evidence})" if a.published else "-"
        print(f"published:  {pub}")
        if a.original_source:
            print(f"original:   {a.original_source}")
        for k, v in sorted(a.meta.items()):
            print(f"{k + ':':<11} {v}")
        reasons: dict[str, int] = {}
        for s in a.removed:
            reasons[s.label] = reasons.get(s.label, 0) + 1
        print(f"removed:    {', '.join(f'{k} {v}' for k, v in sorted(reasons.items())) or 'nothing'}")
        print()
        print(marked_raw(a) if removed else a.text)

    _guard(go)


@app.command("export")
def export_cmd(
    kind: Annotated[str, typer.Argument(help="What to export: articles, rejects.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl or csv.")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: standard output).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Write records out as JSON lines or CSV."""
    from fogwatch.export import export
    from fogwatch.store import Store

    def go() -> None:
        store = Store.open(db, create=False)
        if output is None:
            n = export(store, kind, fmt, sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as fh:
                n = export(store, kind, fmt, fh)
            err.print(f"wrote {n} {kind} to {output}")

    _guard(go)


@app.command("eval")
def eval_cmd(
    task: Annotated[str, typer.Argument(help="Task to score: demo.")],
    data: Annotated[
        Path | None, typer.Option(help="Dataset folder (default: the task's own, under ../shared/data).")
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the figures to this JSON file.")] = None,
) -> None:
    """Score fogwatch on labelled data; print a table and optionally write JSON."""
    from fogwatch.eval import run_task

    def go() -> None:
        res = run_task(task, data, json_out)
        print(res.table())
        if json_out:
            err.print(f"wrote {json_out}")

    _guard(go)


@app.command()
def demo(
    db: Annotated[
        str, typer.Option("--db", help="Where to build the demo database (replaced if present).")
    ] = "fogwatch-demo.db",
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: all cores).")] = None,
) -> None:
    """Run the bundled demo corpus end to end into a fresh database and print the report."""
    from fogwatch.paths import corpus_inputs, demo_corpus
    from fogwatch.report import summary_report
    from fogwatch.run import ingest as run_ingest
    from fogwatch.store import Store

    def go() -> None:
        path = Path(db)
        for suffix in ("", "-wal", "-shm", "-journal"):
            p = Path(str(path) + suffix)
            if p.exists():
                p.unlink()
        corpus = demo_corpus()
        store = Store.open(str(path))
        res = run_ingest(corpus_inputs(corpus), store, workers=workers)
        err.print(f"demo: {res.stored} articles from {corpus} into {path}")
        print(summary_report(store))

    _guard(go)


def run() -> None:
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app()


if __name__ == "__main__":
    run()

__all__ = ["app"]
