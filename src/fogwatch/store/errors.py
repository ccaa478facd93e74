"""What a person reads when the database or an output file fails: one line, exit status 2.

A database that cannot be opened (not a database, a server that does not answer, storage
that cannot be written), one that fails during a run (a full disk, a lock held too long, a
server that went away) and an output file that cannot be written all end here, so the CLI
prints one line naming the database or file and what is wrong, never a traceback.
"""

from __future__ import annotations

import errno

from fogwatch.errors import StorageError


def database_unavailable(url: str, exc: BaseException) -> StorageError:
    return StorageError(f"cannot open the database {url}: {_reason(exc)}")


def database_failed(url: str | None, exc: BaseException) -> StorageError:
    where = f" {url}" if url else ""
    reason = _reason(exc)
    hint = ""
    if "full" in reason:
        hint = "; free some space and run the command again (what was stored before is kept)"
    elif "locked" in reason:
        hint = "; another process held it too long, try again when it has finished"
    return StorageError(f"the database{where} failed: {reason}{hint}")


def output_failed(path: str, exc: OSError) -> StorageError:
    return StorageError(f"cannot write {path}: {exc.strerror or exc}" + _output_hint(exc))


def storage_error(exc: BaseException, url: str | None = None) -> StorageError | None:
    """The one-line error for a database or file failure, or None when `exc` is something else."""
    if isinstance(exc, StorageError):
        return exc
    if _is_database_error(exc):
        return database_failed(url, exc)
    if isinstance(exc, OSError) and exc.errno is not None:
        return StorageError(f"{exc.filename}: {exc.strerror}" if exc.filename else f"{exc.strerror or exc}")
    return None


def _is_database_error(exc: BaseException) -> bool:
    try:
        from sqlalchemy.exc import DBAPIError, SQLAlchemyError
    except ModuleNotFoundError:  # pragma: no cover - sqlalchemy is a core dependency
        return False
    return isinstance(exc, DBAPIError | SQLAlchemyError)


def _reason(exc: BaseException) -> str:
    """The driver's own words (first line), made plainer where they are cryptic."""
    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, OSError) and orig.strerror:
        text = f"{orig.filename}: {orig.strerror}" if orig.filename else orig.strerror
    else:
        text = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    low = text.lower()
    if "file is not a database" in low or "not a database" in low:
        return "it is not a SQLite database (file is not a database)"
    if "unable to open database file" in low:
        return "the file cannot be opened or created (unable to open database file)"
    if "readonly database" in low or "read-only" in low:
        return f"it is on read-only storage ({text})"
    if "connection refused" in low or "could not connect" in low or "connection failed" in low:
        return f"the server does not answer ({text}); is it running, and are host and port right?"
    return text


def _output_hint(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "; nothing was written over the file"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "; choose a folder you can write to"
    if exc.errno == errno.ENOENT:
        return "; its folder does not exist"
    return ""
