"""JSON lines exports: one document per line, field names configurable."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, Any, cast

from fogwatch.clean.dates import find_date_in_line
from fogwatch.ingest.read import MAX_BYTES, article_from_bytes
from fogwatch.model import Article, Reject


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
    if path.endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")


def read_jsonl(path: str, fields: JsonFields, step: str = "read") -> Iterator[Article | Reject]:
    n = 0
    try:
        with _open(path) as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                n += 1
                yield _one(path, lineno, line, fields, step)
    except (OSError, EOFError) as exc:
        yield Reject(f"{path}#L{n + 1}", step, "truncated", f"the file cannot be read past line {n}: {exc}")
    if n == 0:
        yield Reject(path, step, "empty", "the file holds no JSON lines")


def _one(path: str, lineno: int, line: bytes, fields: JsonFields, step: str) -> Article | Reject:
    source = f"{path}#L{lineno}"
    if len(line) > MAX_BYTES:
        return Reject(source, step, "too-large", "the line is over the size limit")
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return Reject(
            source, step, "json", f"line {lineno} is not valid JSON ({exc.msg if hasattr(exc, 'msg') else exc})"
        )
    if not isinstance(obj, dict):
        return Reject(source, step, "json", f"line {lineno} is a JSON {type(obj).__name__}, not an object")
    url = _get(obj, fields.url)
    url = url if isinstance(url, str) and url else None
    html, text = _get(obj, fields.html), _get(obj, fields.text)
    if isinstance(html, str) and html.strip():
        art = article_from_bytes(source, html.encode("utf-8"), "html", url=url, step=step)
    elif isinstance(text, str) and text.strip():
        art = article_from_bytes(source, text.encode("utf-8"), "text", url=url, step=step)
    else:
        return Reject(
            source, step, "no-text", f"line {lineno} has no '{fields.text}' or '{fields.html}' field with text"
        )
    if isinstance(art, Reject):
        return art
    title, site = _get(obj, fields.title), _get(obj, fields.site)
    if isinstance(title, str) and title.strip():
        art.title = title.strip()
    if isinstance(site, str) and site.strip():
        art.site = site.strip()
    published = _get(obj, fields.published)
    if isinstance(published, str) and (d := _parse_date(published)) is not None:
        art.published, art.published_evidence = d, "json-field"
    return art


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        found = find_date_in_line(value)
        return found.date if found else None
