"""WARC archives: each HTTP response record carrying HTML or text becomes an Article."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from fogwatch.errors import FogwatchError, require
from fogwatch.ingest.read import MAX_BYTES, READ_SECONDS, article_from_bytes
from fogwatch.model import Article, Reject
from fogwatch.pipeline import failure_reject, time_budget
from fogwatch.settings import Settings

_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def read_warc(path: str, step: str = "read", settings: Settings | None = None) -> Iterator[Article | Reject]:
    """Stream the records of a .warc or .warc.gz; refuse the bad ones one by one.

    A record's target URL is the article's URL and its WARC-Date the published
    date when the page itself gives none (evidence "warc-date"). A truncated
    archive yields what it held before the damage, then one Reject saying where.
    """
    warcio: Any = require("warcio.archiveiterator", "warc", "Reading WARC archives")
    n = 0
    reporter = _Step(step)
    try:
        from fogwatch.ingest.urls import open_input  # a local path, or an fsspec URL

        with open_input(path) as fh:
            for record in warcio.ArchiveIterator(fh, arc2warc=True):
                if record.rec_type != "response":
                    continue
                n += 1
                url = _header(record.rec_headers, "WARC-Target-URI") or f"{path}#record-{n}"
                source = f"{path}#{url}"
                try:
                    with time_budget(settings.read_seconds if settings is not None else READ_SECONDS):
                        out = _one(record, url, source, step, settings)
                except FogwatchError:
                    raise
                except Exception as exc:  # one record must not stop the others
                    out = failure_reject(reporter, source, exc)
                yield out
    except OSError as exc:
        yield Reject(path, step, "unreadable", f"cannot read the archive: {exc.strerror or exc}")
    except Exception as exc:  # warcio raises assorted errors on damaged archives
        yield Reject(
            f"{path}#after-record-{n}",
            step,
            "truncated",
            f"the archive is damaged after record {n} ({type(exc).__name__}: {exc}); records before it were read",
        )
    if n == 0:
        yield Reject(path, step, "empty", "the archive holds no HTTP response records")


class _Step:
    """What a failure on one record is reported as (the read step, naming the record)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.budget_hint = " (set FOGWATCH_READ_SECONDS to allow more)"


def _header(headers: Any, name: str) -> str | None:
    """A header's value as text (warcio gives bytes-decoded latin-1; stray surrogates are replaced)."""
    value = headers.get_header(name) if headers is not None else None
    if not isinstance(value, str):
        return None
    return value.encode("utf-8", "replace").decode("utf-8")


def _one(record: Any, url: str, source: str, step: str, settings: Settings | None = None) -> Article | Reject:
    max_bytes = settings.max_bytes if settings is not None else MAX_BYTES
    status = record.http_headers.get_statuscode() if record.http_headers else None
    if status and not status.startswith("2"):
        return Reject(source, step, "http-status", f"the archived response has HTTP status {status}")
    ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
    if ctype and not ctype.lower().startswith(_PAGE_TYPES):
        return Reject(source, step, "content-type", f"the archived response is {ctype.split(';')[0]}, not a web page")
    try:
        data = record.content_stream().read(max_bytes + 1)
    except Exception as exc:
        return Reject(source, step, "truncated", f"the record's body cannot be read ({exc})")
    if len(data) > max_bytes:
        return Reject(source, step, "too-large", f"the archived page is over the {max_bytes / 1e6:.0f} MB limit")
    if getattr(record.raw_stream, "limit", 0) > 0:
        # The block ended before the length its header promised: the archive was cut.
        return Reject(source, step, "truncated", "the record is cut short (the archive is truncated)")
    kind = "text" if ctype.lower().startswith("text/plain") else "html"
    art = article_from_bytes(source, data, kind, url=url, step=step, settings=settings)
    if isinstance(art, Article) and art.published is None:
        stamp = record.rec_headers.get_header("WARC-Date") or ""
        try:
            art.published = date.fromisoformat(stamp[:10])
            art.published_evidence = "warc-date"
        except ValueError:
            pass
    return art
