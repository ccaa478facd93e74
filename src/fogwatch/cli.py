"""The `fogwatch` command. Thin: parse arguments, call a function, print."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

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

AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Let URLs, redirects and feed links reach private, loopback and link-local addresses "
        "(a server on your own network). Off by default: a link in a feed cannot reach your network.",
    ),
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database: a SQLite path or any SQLAlchemy URL. Default: the db setting (FOGWATCH_DB), else ./fogwatch.db.",
    ),
]

# The settings file named by `fogwatch --config FILE` for this invocation (None: looked for as usual).
_CONFIG: list[Path | None] = [None]


def _guard(fn: Callable[[], T], **given: Any) -> T:
    """Run fn with the settings in force (settings file, environment, then `given`: the command's own
    options, None where not given); a FogwatchError becomes its message on stderr and its exit status."""
    from fogwatch.settings import Settings, using

    try:
        with using(Settings.load(_CONFIG[0], cli=given)):
            return fn()
    except FogwatchError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}")  # messages quote user input and `pkg[extra]`
        raise typer.Exit(exc.exit_code) from None
    except Exception as exc:
        _storage_failure(exc)
        raise


def _storage_failure(exc: Exception) -> None:
    """A database or file that failed (a full disk, a server gone, a file that cannot be written)
    is one line and exit status 2, not a traceback; anything else is left to propagate."""
    from fogwatch.store.errors import storage_error

    if isinstance(exc, BrokenPipeError):  # the reader went away (`fogwatch export ... | head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(1) from None
    problem = storage_error(exc)
    if problem is not None:
        err.print(f"[bold red]error:[/] {escape(str(problem))}")
        raise typer.Exit(problem.exit_code) from None


def _version(value: bool) -> None:
    if value:
        print(f"fogwatch {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Settings file (TOML) to read. Default: FOGWATCH_CONFIG, else ./fogwatch.toml, else "
            "~/.config/fogwatch/config.toml, if there is one. `fogwatch settings` shows what is in force.",
        ),
    ] = None,
) -> None:
    """fogwatch: turn raw, partisan, duplicated war reporting into a verified, source-attributed record."""
    _CONFIG[0] = config


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


def _phase_bar() -> tuple[Progress | None, Callable[[str, int, int | None], None] | None]:
    """A progress bar for a run's phases (reading, stories, analysis, fusion...): counts where a
    phase has them, a pulse and the time elapsed where it has none."""
    if not sys.stderr.isatty():
        return None, None
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    task = bar.add_task("starting", total=None)

    def update(phase: str, done: int, total: int | None) -> None:
        bar.update(task, description=phase, completed=done, total=total)

    return bar, update


@contextlib.contextmanager
def _ctrl_c_remembered() -> Iterator[threading.Event]:
    """Ctrl-C raises KeyboardInterrupt as ever, and is remembered: Python drops an exception raised
    inside a finaliser (a Dask future's `__del__` run by the garbage collector), and a run whose
    Ctrl-C landed there went on to the end. The run looks at the flag at each step and at its end."""
    pressed = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield pressed  # only the main thread may set a handler; Ctrl-C keeps its default elsewhere
        return

    def on_sigint(_signum: int, _frame: object) -> None:
        pressed.set()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)


def _ingest_extras(kinds: set[str]) -> list[str]:
    """The extras an ingest of inputs of these kinds needs: their readers', then copies' and analysis'."""
    extras = []
    if kinds & {"html", "jsonl", "url"}:  # JSON lines may hold HTML; fetched pages are HTML
        extras.append("html")
    if "warc" in kinds:
        extras.append("warc")
    return [*extras, "nlp", "stories"]


def _interrupted(stored: int) -> typer.Exit:
    """Ctrl-C during ingest: what is kept, and how to go on; exit status 130, as for any interrupted command."""
    again = " ".join(["fogwatch", *sys.argv[1:]]) if sys.argv[1:] else "fogwatch ingest ..."
    err.print(
        f"interrupted: the {stored} new article{'s' if stored != 1 else ''} stored before it are kept. "
        f"To go on, run the same command again ({again}): what is stored is not read twice, and finding "
        "copies, analysis and events pick up where they stopped.",
        markup=False,
    )
    return typer.Exit(130)


@app.command()
def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files and folders (searched recursively): .txt .md .html .warc .jsonl, also gzipped; "
            "and http(s) URLs, fetched politely."
        ),
    ],
    db: DbOption = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: all cores).")] = None,
    json_field: Annotated[
        list[str] | None,
        typer.Option(
            "--json-field",
            help="For JSON lines: which key holds what, as NAME=KEY (NAME: text, html, url, title, published, "
            "site; dotted keys reach into objects). Repeatable.",
        ),
    ] = None,
    nlp: Annotated[
        str | None,
        typer.Option(
            "--nlp",
            help="An installed spaCy pipeline (e.g. en_core_web_sm) for sentences. Default: the nlp setting "
            "(FOGWATCH_NLP), else built-in rules, no download.",
        ),
    ] = None,
    allow_private: AllowPrivateOption = False,
    executor: Annotated[
        str,
        typer.Option(
            "--executor",
            help="Where the map steps (read, clean, sign, analyze) run: local (worker processes here) or dask "
            "(a Dask cluster: the one at --scheduler, else a local one of --workers processes, default 2).",
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="With --executor dask: the Dask scheduler's address (tcp://HOST:8786)."),
    ] = None,
    parquet: Annotated[
        Path | None,
        typer.Option(
            "--parquet", help="Also write the records as a Parquet dataset in this folder (one file per kind)."
        ),
    ] = None,
) -> None:
    """Read, clean and store documents. Ingesting the same input twice stores it once.

    Ctrl-C stops the run (exit status 130); what was stored is kept, and the same command
    run again goes on from there."""
    from fogwatch.errors import check_extras
    from fogwatch.ingest import discover
    from fogwatch.ingest.jsonl import JsonFields
    from fogwatch.run import IngestResult, ingest_inputs
    from fogwatch.settings import current
    from fogwatch.store import Store

    def go() -> None:
        try:
            fields = JsonFields.parse(json_field or [])
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--json-field") from None
        from fogwatch.dask_executor import executors_for

        engine = executors_for(executor, scheduler, workers)  # a bad choice fails here, before anything is read
        found = list(discover(inputs))  # a missing path fails here, before the database is touched
        check_extras("fogwatch ingest", _ingest_extras({i.kind for i in found}))
        store = Store.open(db)
        store.on_wait = lambda line: err.print(line, markup=False)
        bar, update = _phase_bar()
        if bar:
            bar.start()
        res = IngestResult(inputs=len(found))
        try:
            fetcher = None
            if allow_private and any(i.kind == "url" for i in found):
                from fogwatch.ingest.web import Fetcher

                fetcher = Fetcher(allow_private=True)
            with engine as executors, _ctrl_c_remembered() as pressed:

                def progress(phase: str, done: int, total: int | None) -> None:
                    if pressed.is_set():
                        raise KeyboardInterrupt
                    if update is not None:
                        update(phase, done, total)

                ingest_inputs(
                    found,
                    store,
                    workers=workers,
                    progress=progress,
                    json_fields=fields,
                    nlp=nlp,
                    fetcher=fetcher,
                    result=res,
                    settings=current(),
                    executors=executors,
                )
                if pressed.is_set():
                    raise KeyboardInterrupt
        except KeyboardInterrupt:
            if bar:
                bar.stop()
                bar = None
            raise _interrupted(res.stored) from None
        finally:
            if bar:
                bar.stop()
        for r in res.rejected:
            err.print(f"[yellow]rejected[/] {r.input}: {r.reason}")
        print(
            f"{res.inputs} inputs: {res.stored} new articles stored, {res.already} already stored, "
            f"{len(res.rejected)} rejected  ->  {store.url}"
        )
        if res.relearned:
            print(f"learned site boilerplate: {res.relearned} articles cleaned again")
        print(res.stories.line())
        if res.analysis:
            print(res.analysis)
        print(res.counters.summary())
        if parquet is not None:
            from fogwatch.export import write_parquet_dataset

            counts = write_parquet_dataset(store, parquet)
            print(f"Parquet dataset: {', '.join(f'{n} {k}' for k, n in counts.items())}  ->  {parquet}")

    _guard(go, db=db, nlp=nlp)


@app.command()
def report(
    db: DbOption = None,
    since: Annotated[str | None, typer.Option("--since", help="Only events on or after this day (YYYY-MM-DD).")] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only events on or before this day (YYYY-MM-DD).")
    ] = None,
    near: Annotated[
        str | None, typer.Option("--near", help="Only events within --radius of this place: a name, or lat,lon.")
    ] = None,
    radius: Annotated[float | None, typer.Option("--radius", help="Kilometres around --near (default 50).")] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="Only this ACLED event type or sub-event type (any case).")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text, md, or html (one self-contained page with a map and timeline).")
    ] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: standard output).")
    ] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record/--no-record", help="Remember the claims this report covers, so the next one shows what is new."
        ),
    ] = True,
) -> None:
    """Report the situation: headline figures, events by day and place, contested claims, what is new, sources."""
    from fogwatch.export import write_atomically
    from fogwatch.report import build_situation, check_format, make_filter, remember, render
    from fogwatch.store import Store

    def go() -> None:
        scope = make_filter(since, until, near, radius, event_type)
        kind = check_format(fmt)
        # without --record nothing is written, so a database on read-only storage is read as it is
        store = Store.open(db, create=False, readonly=not record)
        sit = build_situation(store, scope)
        text = render(store, sit, kind)
        if output is None:
            print(text)
        else:
            write_atomically(output, lambda fh: fh.write(text + "\n"))
            err.print(f"wrote the report ({len(sit.events)} events) to {output}", markup=False)
        if record and sit.has_events_table and store.readonly:
            err.print(
                f"[yellow]warning:[/] {escape(store.url)} can only be read here, so this report is not "
                "recorded (the next one lists the same claims as new); --no-record says so in advance"
            )
        elif record and sit.has_events_table:
            try:
                remember(store, sit, kind)
            except FogwatchError as exc:
                err.print(f"[yellow]warning:[/] {exc}")

    _guard(go, db=db)


@app.command()
def show(
    article_id: Annotated[
        str,
        typer.Argument(help="An article id, a unique prefix of one, or a unique part of its source (file name, URL)."),
    ],
    db: DbOption = None,
    removed: Annotated[
        bool, typer.Option("--removed", help="Print the raw text with removed parts marked [-reason: ...-].")
    ] = False,
    mentions: Annotated[
        bool,
        typer.Option("--mentions", help="Print the text with places, dates, actors and numbers marked «...»[...]."),
    ] = False,
) -> None:
    """Print one article with its metadata."""
    from fogwatch.export import marked_raw
    from fogwatch.store import Store
    from fogwatch.stories.read import story_lines

    def go() -> None:
        store = Store.open(db, create=False, readonly=True)
        a = store.article(article_id)
        print(f"id:         {a.id}")
        print(f"source:     {a.source}")
        print(f"site:       {a.site or '-'}")
        if a.wire:
            print(f"wire:       {a.wire}")
        print(f"title:      {a.title or '-'}")
        print(f"byline:     {a.byline or '-'}")
        pub = f"{a.published.isoformat()} (from {a.published_evidence})" if a.published else "-"
        print(f"published:  {pub}")
        if a.published is None:
            from sqlalchemy import select

            from fogwatch.store import schema

            with store.engine.connect() as conn:
                row = conn.execute(
                    select(schema.analyzed.c.anchor, schema.analyzed.c.reason).where(
                        schema.analyzed.c.article_id == a.id
                    )
                ).first()
            if row is not None and row.anchor:
                how = row.reason if row.reason and row.reason.startswith("dated from") else "its story's first copy"
                print(f"dated:      {row.anchor} ({how})")
        if a.original_source:
            print(f"original:   {a.original_source}")
        for k, v in sorted(a.meta.items()):
            print(f"{k + ':':<11} {v}")
        reasons: dict[str, int] = {}
        for s in a.removed:
            reasons[s.label] = reasons.get(s.label, 0) + 1
        print(f"removed:    {', '.join(f'{k} {v}' for k, v in sorted(reasons.items())) or 'nothing'}")
        for line in story_lines(store, a.id):
            print(line)
        print()
        if mentions:
            from fogwatch.analyze import marked_text, stored_mentions

            print(marked_text(a.text, stored_mentions(store, a.id)))
        else:
            print(marked_raw(a) if removed else a.text)

    _guard(go, db=db)


@app.command("export")
def export_cmd(
    kind: Annotated[str, typer.Argument(help="What to export: articles, rejects, stories, mentions, events, claims.")],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="jsonl, csv or parquet (needs --output); events also acled (ACLED's CSV columns) or geojson.",
        ),
    ] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: standard output).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Write records out as JSON lines, CSV, GeoJSON or Parquet."""
    from fogwatch.export import BINARY, BinaryNeedsFile, check_export, export, export_file
    from fogwatch.store import Store

    def go() -> None:
        check_export(kind, fmt)
        if output is None and fmt in BINARY:
            raise BinaryNeedsFile(fmt)
        store = Store.open(db, create=False, readonly=True)
        if output is None:
            n = export(store, kind, fmt, sys.stdout)
        else:
            n = export_file(store, kind, fmt, output)
            err.print(f"wrote {n} {kind} to {output}")

    _guard(go, db=db)


@app.command("eval")
def eval_cmd(
    task: Annotated[
        str,
        typer.Argument(
            help="Task to score: demo, cleaning, cleaning-real, extraction, html-dates, syndication, geoparsing (geoparsing-gwn, "
            "geoparsing-lgl), timex, entities, events-case, events-acled, events-demo, attribution, loaded-language, "
            "fakes, real, outlets."
        ),
    ],
    data: Annotated[
        Path | None, typer.Option(help="Dataset folder (default: the task's own, under ../shared/data).")
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the figures to this JSON file.")] = None,
    dataset: Annotated[
        str | None, typer.Option("--dataset", help="For tasks over several datasets: which one (geoparsing: gwn, lgl).")
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model", help="For event tasks: default, trained, combined, or a model file from `fogwatch train`."
        ),
    ] = None,
) -> None:
    """Score fogwatch on labelled data; print a table and optionally write JSON."""
    from fogwatch.eval import run_task

    def go() -> None:
        res = run_task(task, data, json_out, dataset=dataset)  # the event tasks use the settings' event_model
        print(res.table())
        if json_out:
            err.print(f"wrote {json_out}")

    _guard(go, event_model=model)


@app.command()
def train(
    acled: Annotated[Path, typer.Option("--acled", help="Your ACLED export (CSV with notes and sub_event_type).")],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Model file to write (default: event-model.npz in the fogwatch data folder)."),
    ] = None,
) -> None:
    """Learn event types from your own ACLED export; use it with --model trained or combined."""
    from fogwatch.events.train import train_from_acled

    def go() -> None:
        report = train_from_acled(acled, out)
        for line in report.lines():
            print(line)

    _guard(go)


@app.command()
def demo(
    db: Annotated[
        str, typer.Option("--db", help="Where to build the demo database (replaced if present).")
    ] = "fogwatch-demo.db",
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: all cores).")] = None,
) -> None:
    """Run the bundled demo corpus end to end into a fresh database and print the report."""
    from fogwatch.errors import check_extras

    def go() -> None:
        # before anything heavy is imported: a minimal install hears at once what to add
        check_extras("fogwatch demo", ["html", "nlp", "stories"])
        from fogwatch.paths import corpus_inputs, demo_corpus
        from fogwatch.report import summary_report
        from fogwatch.run import ingest as run_ingest
        from fogwatch.store import Store

        path = Path(db)
        for suffix in ("", "-wal", "-shm", "-journal"):
            p = Path(str(path) + suffix)
            if p.exists():
                p.unlink()
        corpus = demo_corpus()
        store = Store.open(str(path))
        bar, update = _phase_bar()
        if bar:
            bar.start()
        try:
            res = run_ingest(corpus_inputs(corpus), store, workers=workers, progress=update)
        except KeyboardInterrupt:
            err.print("interrupted: run `fogwatch demo` again (it starts afresh)")
            raise typer.Exit(130) from None
        finally:
            if bar:
                bar.stop()
        err.print(f"demo: {res.stored} articles from {corpus} into {path}")
        print(summary_report(store))

    _guard(go)


@app.command("watch")
def watch_cmd(
    feeds: Annotated[list[str], typer.Argument(help="RSS 2.0 or Atom feed URLs.")],
    every: Annotated[
        str | None,
        typer.Option("--every", help="Check the feeds again every INTERVAL: 30s, 10m, 1h. Without it: one round."),
    ] = None,
    rounds: Annotated[int | None, typer.Option("--rounds", min=1, help="Stop after N rounds.")] = None,
    db: DbOption = None,
    allow_private: AllowPrivateOption = False,
) -> None:
    """Fetch and store the pages of feed entries not seen before. Ctrl-C stops after the current page."""

    from fogwatch.ingest.feeds import FeedRound, parse_interval
    from fogwatch.ingest.feeds import watch as run_watch
    from fogwatch.ingest.web import Fetcher
    from fogwatch.store import Store

    try:
        seconds = parse_interval(every) if every is not None else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--every") from None
    stop = threading.Event()
    last: list[FeedRound] = []

    def on_sigint(_signum: int, _frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        err.print("stopping after the current page (Ctrl-C again to stop at once)")

    def show(number: int, results: list[FeedRound]) -> None:
        last[:] = results
        if any(r.stored for r in results):
            from fogwatch.run import finish_run

            finish_run(store_ref[0])  # learning, stories and analysis take in this round's pages
        if every is not None or (rounds or 1) > 1:
            print(f"round {number}")
        for r in results:
            print(r.line(), flush=True)

    store_ref: list[Store] = []

    def go() -> None:
        store = Store.open(db)
        store_ref.append(store)
        # Only the main thread may set signal handlers; elsewhere Ctrl-C keeps its default.
        in_main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, on_sigint) if in_main else None
        try:
            fetcher = Fetcher(allow_private=allow_private)
            run_watch(feeds, store, fetcher, every=seconds, max_rounds=rounds, on_round=show, stop=stop)
        except KeyboardInterrupt:
            err.print("stopped at once; entries not yet stored are fetched on the next run")
            return
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        if stop.is_set():
            err.print("stopped")
        elif last and all(r.error is not None for r in last):
            raise typer.Exit(1)  # nothing could be read: let a cron job or script notice

    _guard(go, db=db)


gazetteer_app = typer.Typer(
    help="The offline place gazetteer: add GeoNames country dumps and your own places, show what it holds.",
    no_args_is_help=True,
)
app.add_typer(gazetteer_app, name="gazetteer")

IndexOption = Annotated[
    Path | None,
    typer.Option(
        "--index",
        help="Gazetteer index file to use (created if missing). Default: the gazetteer setting "
        "(FOGWATCH_GAZETTEER), else the offline index in the fogwatch cache.",
    ),
]


def _open_gazetteer(index: Path | None) -> Any:
    from fogwatch.nlp.gazetteer import Gazetteer
    from fogwatch.settings import current

    if index is None and current().gazetteer:
        index = Path(str(current().gazetteer))
    if index is None:
        return Gazetteer.default(
            on_build=lambda p: err.print(f"building the offline gazetteer at {p} (once, about 20 s)")
        )
    return Gazetteer(index) if index.exists() else Gazetteer.create(index)


def _print_add_report(report: Any) -> None:
    for problem in report.rejected[:20]:
        err.print(f"[yellow]skipped[/] {problem}")
    if len(report.rejected) > 20:
        err.print(f"[yellow]skipped[/] {len(report.rejected) - 20} more rows")
    print(report.summary())


@gazetteer_app.command("add")
def gazetteer_add(
    country: Annotated[str, typer.Argument(help="Two-letter country code: SY, UA, YE...")],
    url_base: Annotated[
        str | None, typer.Option("--url-base", help="Where the CC.zip files are (default: download.geonames.org).")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the server before giving up.")] = 60.0,
    max_mb: Annotated[int, typer.Option("--max-mb", help="Refuse a download larger than this.")] = 600,
    index: IndexOption = None,
) -> None:
    """Download the GeoNames dump of a country (every village, hill and camp) into the gazetteer."""
    from fogwatch.nlp.geo_sources import GEONAMES_DUMP_URL, add_country

    def go() -> None:
        gaz = _open_gazetteer(index)
        report = add_country(gaz, country, url_base or GEONAMES_DUMP_URL, timeout=timeout, max_bytes=max_mb * 2**20)
        _print_add_report(report)

    _guard(go, gazetteer=index)


@gazetteer_app.command("import-dump")
def gazetteer_import_dump(
    path: Annotated[Path, typer.Argument(help="A GeoNames CC.zip (or the CC.txt inside it) you downloaded.")],
    index: IndexOption = None,
) -> None:
    """Load a GeoNames country dump from a file, for machines without internet access."""
    from fogwatch.errors import InputNotFound
    from fogwatch.nlp.geo_sources import import_geonames_dump

    def go() -> None:
        if not path.exists():
            raise InputNotFound(str(path))
        _print_add_report(import_geonames_dump(_open_gazetteer(index), path))

    _guard(go, gazetteer=index)


@gazetteer_app.command("import-csv")
def gazetteer_import_csv(
    path: Annotated[
        Path,
        typer.Argument(help="CSV with columns name, alternate_names (|-separated), lat, lon, country, admin1, kind."),
    ],
    index: IndexOption = None,
) -> None:
    """Add your own places; importing the same file again replaces what it added before."""
    from fogwatch.nlp.geo_sources import import_csv

    _guard(lambda: _print_add_report(import_csv(_open_gazetteer(index), path)), gazetteer=index)


@gazetteer_app.command("info")
def gazetteer_info(index: IndexOption = None) -> None:
    """Where the gazetteer is, how large it is, and what it holds by source."""

    def go() -> None:
        info = _open_gazetteer(index).info()
        print(f"index:   {info['path']} ({info['size_bytes'] / 2**20:.1f} MB)")
        print(f"places:  {info['places']:,}   names: {info['names']:,}")
        print(f"base:    {info['base'] or '-'} (built {info['built'] or '-'})")
        for source, count in info["by_source"].items():
            print(f"  {source:<40} {count:>10,}")
        if info["note"]:
            err.print(f"[yellow]note:[/] {info['note']}")

    _guard(go, gazetteer=index)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to bind; anything but loopback is reachable by others.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on (1-65535; 0 picks a free one).")] = 8000,
    online_tiles: Annotated[
        bool, typer.Option("--online-tiles", help="Use OpenStreetMap tiles (fetched online) under the map.")
    ] = False,
) -> None:
    """Browse events, claims, articles and stories in a read-only web app with a JSON API."""
    from fogwatch.serve import serve as run_server

    def _plain_err(message: str) -> None:
        err.print(message, markup=False)

    _guard(lambda: run_server(db, host=host, port=port, online_tiles=online_tiles, warn=_plain_err), db=db)


@app.command("settings")
def settings_cmd() -> None:
    """Print the settings in force and where each comes from (default, settings file, environment)."""
    from fogwatch.settings import current

    def go() -> None:
        for line in current().lines():
            print(line)

    _guard(go)


@app.command("languages")
def languages_cmd() -> None:
    """List the language packs fogwatch has (bundled, and those in the lang_dir setting's folder)."""
    from fogwatch.lang import describe
    from fogwatch.settings import current

    def go() -> None:
        for line in describe(current().lang_dir):
            print(line)

    _guard(go)


@app.command("errors")
def errors_cmd() -> None:
    """List the errors fogwatch can report: code, exit status, name and what it means."""
    from fogwatch.errors import catalogue

    for cls in catalogue():
        doc = (cls.__doc__ or "").strip().split("\n\n")[0]
        print(f"{cls.code}  exit {cls.exit_code}  {cls.__name__:<22} {' '.join(doc.split())}".rstrip())


def run() -> None:
    from fogwatch.settings import prepare_child_environment

    prepare_child_environment()
    app()


if __name__ == "__main__":
    run()

__all__ = ["app"]
