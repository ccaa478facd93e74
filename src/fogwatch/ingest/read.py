"""The file reader step: bytes on disk to `Article` records, or `Reject`s with a reason."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from fogwatch.clean.dates import date_from_url
from fogwatch.errors import MissingExtra
from fogwatch.ingest.decode import DecodeError, decode, gunzip
from fogwatch.model import Article, Format, Input, Reject, article_id

if TYPE_CHECKING:
    from fogwatch.ingest.jsonl import JsonFields

MAX_BYTES = int(os.environ.get("FOGWATCH_MAX_BYTES", 20_000_000))


def _declared_charset(data: bytes) -> str | None:
    head = data[:4096].lower()
    i = head.find(b"charset=")
    if i < 0:
        return None
    val = head[i + 8 : i + 40].strip(b"\"' ")
    end = 0
    while end < len(val) and (chr(val[end]).isalnum() or val[end] in b"-_"):
        end += 1
    return val[:end].decode("ascii", "ignore") or None


def article_from_bytes(
    source: str, data: bytes, kind: str, url: str | None = None, step: str = "read"
) -> Article | Reject:
    """Decode and parse one document; any problem becomes a Reject naming it."""
    try:
        if data[:2] == b"\x1f\x8b":
            data = gunzip(data, MAX_BYTES)
        if len(data) > MAX_BYTES:
            return Reject(
                source, step, "too-large", f"{len(data) / 1e6:.1f} MB is over the {MAX_BYTES / 1e6:.0f} MB limit"
            )
        decoded = decode(data, _declared_charset(data) if kind == "html" else None)
    except DecodeError as exc:
        return Reject(source, step, exc.kind, exc.reason)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    aid = article_id(source, data)
    if kind == "html":
        return _from_html(aid, source, text, url, step)
    fmt: Format = "markdown" if kind == "markdown" else "text"
    art = Article(id=aid, source=source, format=fmt, raw=text)
    if url:
        _url_meta(art, url)
    return art


def _from_html(aid: str, source: str, html: str, url: str | None, step: str) -> Article | Reject:
    from fogwatch.clean.html import extract

    try:
        page = extract(html, url=url)
    except MissingExtra:
        raise
    except Exception as exc:  # lxml raises a handful of types on broken markup
        return Reject(source, step, "html", f"could not parse the HTML ({type(exc).__name__}: {exc})")
    if not page.raw.strip():
        return Reject(source, step, "empty", "the page has no visible text")
    art = Article(
        id=aid,
        source=source,
        format="html",
        raw=page.raw,
        site=page.site,
        title=page.title,
        byline=page.byline,
        published=page.published,
        published_evidence=page.published_evidence,
        language=page.language,
        removed=page.removed,
        meta=page.meta,
    )
    if page.url:
        _url_meta(art, page.url)
    return art


def _url_meta(art: Article, url: str) -> None:
    art.meta.setdefault("url", url)
    if art.site is None:
        host = urlparse(url).hostname
        if host:
            art.site = host.removeprefix("www.")
    if art.published is None and (d := date_from_url(url)) is not None:
        art.published, art.published_evidence = d, "url"


class ReadStep:
    """Reads the files named by `Input` records: one Article per file, or many for archives."""

    name = "read"

    def __init__(self, json_fields: JsonFields | None = None) -> None:
        from fogwatch.ingest.jsonl import JsonFields  # jsonl builds on this module

        self.json_fields = json_fields or JsonFields()

    def run(self, records: Iterable[Input]) -> Iterator[Article | Reject]:
        for inp in records:
            yield from self.read(inp)

    def read(self, inp: Input) -> Iterator[Article | Reject]:
        if inp.kind == "warc":
            from fogwatch.ingest.warc import read_warc

            yield from read_warc(inp.location, step=self.name)
        elif inp.kind == "jsonl":
            from fogwatch.ingest.jsonl import read_jsonl

            yield from read_jsonl(inp.location, self.json_fields, step=self.name)
        else:
            yield self.read_one(inp)

    def read_one(self, inp: Input) -> Article | Reject:
        if inp.kind == "unsupported":
            ext = os.path.splitext(inp.location)[1] or "(no extension)"
            return Reject(inp.location, self.name, "unsupported", f"fogwatch does not read {ext} files")
        try:
            size = os.path.getsize(inp.location)
            if size > MAX_BYTES * 4:
                return Reject(inp.location, self.name, "too-large", f"{size / 1e6:.1f} MB is over the size limit")
            with open(inp.location, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            return Reject(inp.location, self.name, "unreadable", f"cannot read the file: {exc.strerror or exc}")
        return article_from_bytes(inp.location, data, inp.kind, step=self.name)
