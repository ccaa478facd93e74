"""Reading one file: bytes on disk to an `Article` record, or a `Reject` with a reason.

Limits are checked while reading, before anything is held whole: a file (or
what a gzipped file decompresses to) is read up to `max_bytes` and refused
beyond; a text whose one line runs past `max_line_chars` is refused (a text
with no line breaks is no article, and every later stage would chew on it);
an HTML tag with more than `MAX_ATTRIBUTES` attributes keeps its first ones
(the HTML parser takes time quadratic in a tag's attributes), and the article
says so in its metadata. The limits and the time budget are those of the `Settings` the
step is given (FOGWATCH_MAX_BYTES, FOGWATCH_MAX_LINE_CHARS, FOGWATCH_READ_SECONDS); without
settings, the built-in ones below.
"""

from __future__ import annotations

import gzip
import re
import zlib
from functools import lru_cache
from urllib.parse import urlparse

from fogwatch.clean.dates import date_from_url
from fogwatch.ingest.decode import DecodeError, decode, gunzip
from fogwatch.model import Article, Format, Reject, article_id
from fogwatch.settings import Settings

_BUILT_IN = Settings()
MAX_BYTES = _BUILT_IN.max_bytes
# The longest line a text or Markdown document may have.
MAX_LINE_CHARS = _BUILT_IN.max_line_chars
# The most attributes one HTML tag keeps.
MAX_ATTRIBUTES = 1_000
# Seconds reading one document may take (None: no limit); a backstop, the limits above come first.
READ_SECONDS = _BUILT_IN.read_seconds


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
    source: str,
    data: bytes,
    kind: str,
    url: str | None = None,
    step: str = "read",
    settings: Settings | None = None,
) -> Article | Reject:
    """Decode and parse one document; any problem becomes a Reject naming it. `settings` gives the
    limits (by default the built-in ones)."""
    max_bytes = settings.max_bytes if settings is not None else MAX_BYTES
    max_line_chars = settings.max_line_chars if settings is not None else MAX_LINE_CHARS
    try:
        if data[:2] == b"\x1f\x8b":
            data = gunzip(data, max_bytes)
        if len(data) > max_bytes:
            return Reject(
                source, step, "too-large", f"{len(data) / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit"
            )
        decoded = decode(data, _declared_charset(data) if kind == "html" else None)
    except DecodeError as exc:
        return Reject(source, step, exc.kind, exc.reason)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    aid = article_id(source, data)
    if kind == "html":
        return _from_html(aid, source, text, url, step)
    long_line = _LONG_LINE if max_line_chars == MAX_LINE_CHARS else _long_line(max_line_chars)
    if (long := long_line.search(text)) is not None:
        line = text.count("\n", 0, long.start()) + 1
        end = text.find("\n", long.start())
        length = (end if end >= 0 else len(text)) - text.rfind("\n", 0, long.start()) - 1
        return Reject(
            source,
            step,
            "long-line",
            f"line {line} is {length:,} characters long; a text line may have at most {max_line_chars:,} "
            "(a text with no line breaks is no article: break it into lines or paragraphs)",
        )
    fmt: Format = "markdown" if kind == "markdown" else "text"
    art = Article(id=aid, source=source, format=fmt, raw=text)
    if url:
        _url_meta(art, url)
    return art


@lru_cache(maxsize=4)
def _long_line(most: int) -> re.Pattern[str]:
    return re.compile(r"[^\n]{" + str(most + 1) + "}")


_LONG_LINE = _long_line(MAX_LINE_CHARS)

# An HTML tag with its attributes, quoted values read whole (a ">" inside quotes does not end it).
_ATTRIBUTE = r"""(?:\s+|(?<=["']))[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?"""
_TAG = re.compile(r"<[A-Za-z][^\s/>]*(?:" + _ATTRIBUTE + r"|\s*/(?!>))*")
_ONE_ATTRIBUTE = re.compile(_ATTRIBUTE)


def trim_attributes(html: str, most: int = MAX_ATTRIBUTES) -> tuple[str, int]:
    """`html` with each tag cut to its first `most` attributes, and the largest count found over it (0 if none)."""
    parts: list[str] = []
    pos = 0
    worst = 0
    for tag in _TAG.finditer(html):
        if tag.end() - tag.start() < 2 * most:
            continue  # too short to hold that many attributes
        attrs = list(_ONE_ATTRIBUTE.finditer(html, tag.start(), tag.end()))
        if len(attrs) <= most:
            continue
        worst = max(worst, len(attrs))
        parts.append(html[pos : attrs[most].start()])
        pos = tag.end()
    if not parts:
        return html, 0
    parts.append(html[pos:])
    return "".join(parts), worst


def _from_html(aid: str, source: str, html: str, url: str | None, step: str) -> Article | Reject:
    from fogwatch.clean.html import extract
    from fogwatch.errors import FogwatchError

    html, crowded = trim_attributes(html)
    try:
        page = extract(html, url=url)
    except FogwatchError:
        raise
    except RecursionError:
        return Reject(source, step, "html", "could not parse the HTML (its elements are nested too deeply)")
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
    if crowded:
        art.meta["html_trimmed"] = f"a tag with {crowded:,} attributes was read with its first {MAX_ATTRIBUTES:,}"
    if page.url:
        _url_meta(art, page.url)
    return art


def usable_url(url: str) -> bool:
    """Whether a URL can be taken apart (``http://[::1`` cannot)."""
    try:
        urlparse(url).hostname  # noqa: B018 - parsing the host is what raises
    except ValueError:
        return False
    return True


def _url_meta(art: Article, url: str) -> None:
    if not usable_url(url):
        # kept apart: whatever reads `url` (site grouping, links) can rely on parsing it
        art.meta.setdefault("url_unusable", url[:2000])
        return
    art.meta.setdefault("url", url)
    if art.site is None:
        host = urlparse(url).hostname
        if host:
            art.site = host.removeprefix("www.")
    if art.published is None and (d := date_from_url(url)) is not None:
        art.published, art.published_evidence = d, "url"


def read_bounded(path: str, limit: int | None = None) -> bytes:
    """The bytes of a file, decompressed when it is gzipped, read up to `limit` (default `MAX_BYTES`).

    Raises DecodeError ("too-large") as soon as more than `limit` bytes come out, so a
    small file that decompresses to gigabytes costs no more than `limit` to refuse.
    """
    from fogwatch.ingest.urls import open_input, size_of

    limit = MAX_BYTES if limit is None else limit
    with open_input(path) as fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
        fh.seek(0)
        if not gzipped:
            data = fh.read(limit + 1)
            if len(data) > limit:
                size = size_of(fh) or len(data)
                raise DecodeError("too-large", f"{size / 1e6:.1f} MB is over the {limit / 1e6:.0f} MB limit")
            return data
        try:
            with gzip.GzipFile(fileobj=fh) as gz:
                data = gz.read(limit + 1)
        except EOFError as exc:
            raise DecodeError("truncated", "the gzip stream is truncated") from exc
        except (gzip.BadGzipFile, OSError, zlib.error) as exc:
            raise DecodeError("truncated", f"not a valid gzip stream ({exc})") from exc
        if len(data) > limit:
            raise DecodeError("too-large", f"decompresses to more than {limit / 1e6:.0f} MB, the limit")
        return data
