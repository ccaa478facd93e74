"""Errors a user can act on. Messages are made here, in one place."""

from __future__ import annotations


class FogwatchError(Exception):
    """An error with a message meant for the person running fogwatch."""

    exit_code = 1


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


def require(module: str, extra: str, purpose: str) -> object:
    """Import an optional module, or fail with the pip command that installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra(module, extra, purpose) from exc
