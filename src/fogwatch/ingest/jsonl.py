"""JSON lines exports: one document per line, field names configurable.

Each line is read and judged on its own: a line that is too long (checked while
it is read, so a gzipped file of one endless line costs no memory), is not JSON
(a number of 5,000 digits, nesting thousands deep), carries no text, or breaks
anything further along becomes a Reject naming the line; the lines after it are
read as usual. Text with lone surrogates (valid JSON, not valid Unicode) has
them replaced by U+FFFD.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from fogwatch.clean.dates import find_date_in_line
from fogwatch.errors import FogwatchError
from fogwatch.ingest.read import MAX_BYTES, READ_SECONDS, article_from_bytes, usable_url
from fogwatch.model import Article, Reject
from fogwatch.pipeline import failure_reject, time_budget
from fogwatch.settings import Settings

# Lines in a row that hold no article before the rest of a file is given up (a file of
# millions of empty objects would otherwise leave millions of rejects).
MAX_BAD_RUN = 10_000
# How much of one over-long line is skipped to reach the next line before the file is given up.
MAX_SKIP_BYTES = 10 * MAX_BYTES


@dataclass(frozen=True, slots=True)
class JsonFields:
    """Which key of a JSON object holds what. Dotted keys reach into nested objects."""

    text: str = "text"
    html: str = "html"
    url: str = "url"
    title: str = "title"
    published: str = "published"
    site: str = "site"

    @classmethod
    def parse(cls, pairs: list[str]) -> JsonFields:
        """From CLI options like ["text=body", "url=link"]."""
        known = set(cls.__dataclass_fields__)
        values: dict[str, str] = {}
        for pair in pairs:
            name, sep, key = pair.partition("=")
            if not sep or name not in known or not key:
                raise ValueError(
                    f"--json-field takes NAME=KEY with NAME one of {', '.join(sorted(known))}; got {pair!r}"
                )
            values[name] = key
        return cls(**values)


def _get(obj: dict[str, Any], key: str) -> Any:
    cur: Any = obj
    for part in key.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def _open(path: str) -> IO[bytes]:
    from fogwatch.ingest.urls import open_input  # a local path, or an fsspec URL

    return open_input(path, gzipped=path.endswith(".gz"))


class _Step:
    """What a failure on one line is reported as (the read step, naming the line)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.budget_hint = " (set FOGWATCH_READ_SECONDS to allow more)"


def read_jsonl(
    path: str, fields: JsonFields, step: str = "read", settings: Settings | None = None
) -> Iterator[Article | Reject]:
    """The articles of a JSON-lines file, one per line; `settings` gives the limits (by default the built-in ones)."""
    max_bytes = settings.max_bytes if settings is not None else MAX_BYTES
    skip_bytes = 10 * settings.max_bytes if settings is not None else MAX_SKIP_BYTES
    seconds = settings.read_seconds if settings is not None else READ_SECONDS
    n = 0
    lineno = 0
    bad_run = 0
    reporter = _Step(step)
    try:
        with _open(path) as fh:
            while True:
                line = fh.readline(max_bytes + 1)
                if not line:
                    break
                lineno += 1
                source = f"{path}#L{lineno}"
                if len(line) > max_bytes and not line.endswith(b"\n"):
                    n += 1
                    over = f"line {lineno} is over the {max_bytes / 1e6:.0f} MB limit"
                    if not _skip_line(fh, skip_bytes):
                        yield Reject(
                            source,
                            step,
                            "too-large",
                            f"{over} and runs on past {skip_bytes / 1e6:.0f} MB: the rest of the file is not read",
                        )
                        return
                    yield Reject(source, step, "too-large", over)
                    bad_run += 1
                    continue
                if not line.strip():
                    bad_run += 1
                else:
                    n += 1
                    try:
                        with time_budget(seconds):
                            out = _one(path, lineno, line, fields, step, settings)
                    except FogwatchError:
                        raise
                    except Exception as exc:  # one line must not stop the others
                        out = failure_reject(reporter, source, exc)
                    bad_run = 0 if isinstance(out, Article) else bad_run + 1
                    yield out
                if bad_run >= MAX_BAD_RUN:
                    yield Reject(
                        f"{path}#L{lineno + 1}",
                        step,
                        "no-articles",
                        f"{MAX_BAD_RUN:,} lines in a row up to line {lineno} hold no article: the rest of the "
                        "file is not read",
                    )
                    return
    except (OSError, EOFError) as exc:
        yield Reject(f"{path}#L{lineno + 1}", step, "truncated", f"the file cannot be read past line {lineno}: {exc}")
    if n == 0:
        yield Reject(path, step, "empty", "the file holds no JSON lines")


def _skip_line(fh: IO[bytes], most: int) -> bool:
    """Read past the rest of an over-long line, a chunk at a time; False if it runs on past `most` bytes."""
    skipped = 0
    while skipped < most:
        chunk = fh.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return True
        skipped += len(chunk)
    return False


def _text(value: Any) -> str | None:
    """A string field's text with lone surrogates (valid JSON, not valid Unicode) replaced by U+FFFD."""
    if not isinstance(value, str):
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


def _one(
    path: str, lineno: int, line: bytes, fields: JsonFields, step: str, settings: Settings | None = None
) -> Article | Reject:
    source = f"{path}#L{lineno}"
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return Reject(
            source, step, "json", f"line {lineno} is not valid JSON ({exc.msg if hasattr(exc, 'msg') else exc})"
        )
    except RecursionError:
        return Reject(source, step, "json", f"line {lineno} nests JSON values too deeply to read")
    except ValueError as exc:  # a number of thousands of digits
        return Reject(source, step, "json", f"line {lineno} cannot be read as JSON ({exc})")
    if not isinstance(obj, dict):
        return Reject(source, step, "json", f"line {lineno} is a JSON {type(obj).__name__}, not an object")
    url = _text(_get(obj, fields.url)) or None
    html, text = _text(_get(obj, fields.html)), _text(_get(obj, fields.text))
    if url is not None and not usable_url(url):
        html_or_text = "html" if html and html.strip() else "text"
        art = _read(source, html if html_or_text == "html" else text, html_or_text, None, step, settings)
        if isinstance(art, Article):
            # kept apart: whatever reads `url` (site grouping, links) can rely on parsing it
            art.meta["url_unusable"] = url[:2000]
    elif html is not None and html.strip():
        art = _read(source, html, "html", url, step, settings)
    else:
        art = _read(source, text, "text", url, step, settings)
    if art is None:
        return Reject(
            source, step, "no-text", f"line {lineno} has no '{fields.text}' or '{fields.html}' field with text"
        )
    if isinstance(art, Reject):
        return art
    title, site = _text(_get(obj, fields.title)), _text(_get(obj, fields.site))
    if title is not None and title.strip():
        art.title = title.strip()
    if site is not None and site.strip():
        art.site = site.strip()
    published = _text(_get(obj, fields.published))
    if published is not None and (d := _parse_date(published)) is not None:
        art.published, art.published_evidence = d, "json-field"
    return art


def _read(
    source: str, body: str | None, kind: str, url: str | None, step: str, settings: Settings | None = None
) -> Article | Reject | None:
    if body is None or not body.strip():
        return None
    return article_from_bytes(source, body.encode("utf-8"), kind, url=url, step=step, settings=settings)


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        found = find_date_in_line(value[:200])
        return found.date if found else None
