"""Inputs named by fsspec URL: `s3://bucket/reports/`, `gcs://...`, `sftp://host/path`, or a file on a web
server read as a file (`simplecache::https://host/dump.warc.gz`), which is what a cluster's workers
can reach when the files are not on a disk they share.

A plain `http(s)://` URL stays a web page, fetched politely (`fogwatch.ingest.web`). A `file://`
URL is the local path it names, so it makes the same articles (ids, sources) as the path itself.
A URL is read on whichever process runs the read step, so it must be reachable from there: from
every worker of a cluster. The protocols are fsspec's, and whatever of its extras are installed
(s3fs, gcsfs, ...).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from typing import IO, Any, cast
from urllib.parse import unquote, urlparse

from fogwatch.errors import InputNotFound, require

PURPOSE = "Reading inputs by URL"


def is_file_url(name: str) -> bool:
    return name[:7].lower() == "file://"


def local_path(url: str) -> str:
    """The path a `file://` URL names."""
    parsed = urlparse(url)
    if parsed.netloc not in ("", "localhost"):
        raise InputNotFound(f"{url} (a file:// URL names a file on this machine; this one names host {parsed.netloc})")
    return unquote(parsed.path)


def is_fsspec_url(name: str) -> bool:
    """Whether an input name is a URL read through fsspec (not a local path, not a web page)."""
    if os.path.isabs(name):
        return False
    if "::" in name:
        return True
    scheme, sep, _ = name.partition("://")
    return bool(sep) and scheme.isidentifier() and scheme.lower() not in ("http", "https", "file")


def _fsspec() -> Any:
    return require("fsspec", "dask", PURPOSE)


def discover_url(url: str, kind_of: Any) -> Iterator[tuple[str, str]]:
    """(location, kind) of each file at `url`: the file itself, or every file under it, sorted, hidden ones left out.

    Raises InputNotFound when nothing is there (or it cannot be reached)."""
    fsspec = _fsspec()
    # Listed on the innermost file system (a cache in front of it does not list); each file is then
    # read through the whole chain, its options kept.
    inner = url.rpartition("::")[2]
    try:
        fs, path = fsspec.core.url_to_fs(inner)
        found = fs.exists(path)
        is_dir = found and fs.isdir(path)
        files = sorted(fs.find(path)) if is_dir else [path]
    except (OSError, ValueError, ImportError) as exc:
        raise InputNotFound(f"{url} ({type(exc).__name__}: {exc})") from None
    if not found:
        raise InputNotFound(url)
    base = path.rstrip("/")
    for f in files:
        rel = posixpath.relpath(f, base) if is_dir else ""
        if any(part.startswith(".") for part in rel.split("/") if part):
            continue
        location = url.rstrip("/") + "/" + rel if rel and rel != "." else url
        yield location, kind_of(posixpath.basename(f))


def open_url(url: str, gzipped: bool = False) -> IO[bytes]:
    """A URL's bytes as an open binary file (decompressed when `gzipped`)."""
    fsspec = _fsspec()
    return cast(IO[bytes], fsspec.open(url, "rb", compression="gzip" if gzipped else None).open())


def open_input(location: str, gzipped: bool = False) -> IO[bytes]:
    """An input's bytes: a local file, or a URL through fsspec. `gzipped`: decompress (a local file, with gzip)."""
    if is_fsspec_url(location):
        return open_url(location, gzipped)
    if gzipped:
        import gzip

        return cast(IO[bytes], gzip.open(location, "rb"))
    return open(location, "rb")


def size_of(fh: IO[bytes]) -> int | None:
    """The size of an open input, where it can be known without reading it."""
    try:
        return os.fstat(fh.fileno()).st_size
    except (OSError, AttributeError, ValueError):
        size = getattr(fh, "size", None)
        return size if isinstance(size, int) else None
