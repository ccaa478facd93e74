"""Web pages to `Article` records, fetched politely with the standard library.

One `Fetcher` holds what every request it makes must share: the robots.txt
rules of each site and the time of the last request to each host. Make one per
run and pass it to whatever fetches; two fetchers know nothing of each other,
so two of them can hit a host twice as often as either allows.
"""

from __future__ import annotations

import http.client
import math
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from fogwatch import __version__
from fogwatch.ingest.decode import DecodeError, gunzip
from fogwatch.ingest.read import article_from_bytes
from fogwatch.model import Article, Input, Reject

USER_AGENT = f"fogwatch/{__version__} (+https://github.com/fogwatch/fogwatch)"
STEP = "fetch"
# Media types read as pages, and the reader kind each becomes.
PAGE_TYPES: dict[str, str] = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Reject kinds worth another try later (by a feed watch, say): the server or the
# network may be fine tomorrow; a 404 or a robots.txt rule will not change by itself.
TRANSIENT_KINDS = frozenset({"timeout", "connection", "http-429", "robots-unavailable"})

_CHUNK = 64 * 1024
# A body must arrive within this many timeouts in all, so a server that trickles
# a byte at a time (each read well inside the timeout) cannot hold a run forever.
_BODY_TIMEOUTS = 6
_ROBOTS_MAX_BYTES = 500_000  # RFC 9309 asks crawlers to read at least 500 KiB
_ROBOTS_TTL = 24 * 3600.0  # RFC 9309: do not cache robots.txt for more than a day
_MAX_CRAWL_DELAY = 30.0  # a Crawl-delay above this would stall a watch; we still wait this long


def is_transient(kind: str) -> bool:
    """True for a Reject kind that may go away if the fetch is tried again later."""
    return kind in TRANSIENT_KINDS or kind.startswith("http-5")


class FetchError(Exception):
    """Why a URL gave no usable response: a Reject kind and a reason a person can read."""

    def __init__(self, kind: str, reason: str, transient: bool = False) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.transient = transient


@dataclass(slots=True)
class Response:
    """A final (non-redirect) HTTP response, its body already decompressed."""

    url: str  # after redirects
    status: int
    headers: Message
    body: bytes

    @property
    def media_type(self) -> str | None:
        value = self.headers.get("Content-Type")
        return _media_type(value) if value else None


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _tries(n: int) -> str:
    return "1 try" if n == 1 else f"{n} tries"


def _seconds(s: float) -> str:
    return f"{s:g} s"


def _status_text(status: int, fallback: str = "") -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = fallback
    return f"HTTP {status} {phrase}".rstrip()


def _retryable_status(status: int) -> bool:
    # 501 and 505 say the server will never do this, so asking again is pointless.
    return status == 429 or (500 <= status < 600 and status not in (501, 505))


def check_url(url: str) -> str:
    """The URL to request (without its #fragment), or FetchError if it is not an http(s) URL."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        # Also keeps redirects away from file:// and friends, which urllib would happily open.
        raise FetchError("bad-url", f"{url!r} is not an http:// or https:// URL")
    if not parts.hostname:
        raise FetchError("bad-url", f"{url!r} has no host name")
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, ""))


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _retry_after(headers: Message) -> float | None:
    value = (headers.get("Retry-After") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    when = _http_date(value)
    if when is None:
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _decompress(body: bytes, encoding: str | None, max_bytes: int) -> bytes:
    # Codings are listed in the order they were applied, so they are undone last first.
    for coding in reversed([c.strip().lower() for c in (encoding or "").split(",") if c.strip()]):
        if coding in ("identity", "none"):
            continue
        if coding in ("gzip", "x-gzip"):
            try:
                body = gunzip(body, max_bytes)
            except DecodeError as exc:
                raise FetchError(exc.kind, f"gzip-encoded response: {exc.reason}") from exc
        elif coding == "deflate":
            body = _inflate(body, max_bytes)
        else:
            raise FetchError("encoding", f"the server sent {coding}-encoded content, which fogwatch cannot decode")
    return body


def _inflate(body: bytes, max_bytes: int) -> bytes:
    # "deflate" should be zlib-wrapped, but some servers send a raw deflate stream.
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
        try:
            d = zlib.decompressobj(wbits)
            out = d.decompress(body, max_bytes + 1)
        except zlib.error:
            continue
        if len(out) > max_bytes:
            raise FetchError("too-large", f"the page decompresses to more than {_size(max_bytes)}")
        return out
    raise FetchError("encoding", "the deflate-encoded response is not a valid deflate stream")


def _size(n: int) -> str:
    return f"{n / 1e6:g} MB" if n >= 1_000_000 else f"{n / 1e3:g} kB"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the Fetcher, which checks robots.txt and pacing for each hop."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _opener() -> urllib.request.OpenerDirector:
    # Built by hand rather than with build_opener(), so that only http(s) can ever be opened.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _NoRedirect(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


class HostPacer:
    """Keeps at least `delay` seconds between the starts of two requests to one host.

    Hosts are keyed by name without the port: two ports are still one machine.
    Safe to share between threads: a caller books its slot before sleeping, so
    callers queue up instead of all waking at once.
    """

    def __init__(self, delay: float, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self.delay = delay
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}
        self._lock = threading.Lock()

    def slow_down(self, host: str, delay: float) -> None:
        """Use a longer delay for one host (a robots.txt Crawl-delay)."""
        with self._lock:
            self._delays[host] = max(self.delay, delay)

    def wait(self, host: str) -> None:
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self._delays.get(host, self.delay)
        if start > now:
            self._sleep(start - now)


class RobotsRules:
    """robots.txt of each site, fetched once per origin and kept for a day."""

    def __init__(
        self,
        load: Callable[[str], Response],
        user_agent: str,
        pacer: HostPacer,
        clock: Callable[[], float],
    ) -> None:
        self._load = load
        self._user_agent = user_agent
        self._pacer = pacer
        self._clock = clock
        self._rules: dict[str, tuple[float, RobotFileParser]] = {}
        self._lock = threading.Lock()

    def check(self, url: str) -> None:
        """Raise FetchError("robots") if the site's robots.txt disallows `url` for fogwatch."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = self._rules_for(origin, parts.hostname or "")
        if not rules.can_fetch(self._user_agent, url):
            raise FetchError("robots", f"disallowed by robots.txt ({origin}/robots.txt)")

    def _rules_for(self, origin: str, host: str) -> RobotFileParser:
        with self._lock:
            cached = self._rules.get(origin)
        if cached is not None and self._clock() - cached[0] < _ROBOTS_TTL:
            return cached[1]
        rules = self._fetch(origin)
        delay = rules.crawl_delay(self._user_agent)
        if delay is not None:
            self._pacer.slow_down(host, min(float(delay), _MAX_CRAWL_DELAY))
        with self._lock:
            self._rules[origin] = (self._clock(), rules)
        return rules

    def _fetch(self, origin: str) -> RobotFileParser:
        rules = RobotFileParser(origin + "/robots.txt")
        try:
            resp = self._load(origin + "/robots.txt")
        except FetchError as exc:
            if exc.kind.startswith("http-5") or exc.kind == "http-429":
                # RFC 9309: a server error means "assume complete disallow" (429 is read as
                # "slow down", likewise). Raised, not cached, so it is asked again next time
                # instead of shutting the site out for a day.
                raise FetchError(
                    "robots-unavailable",
                    f"{origin}/robots.txt answered {exc.reason}; fogwatch does not fetch from a site "
                    "whose robots.txt it cannot read",
                    transient=True,
                ) from exc
            if exc.transient or exc.kind in ("dns", "tls"):
                raise  # a network problem: the page fetch would fail the same way, so say that
            # 404 and other 4xx mean "no robots.txt" (RFC 9309), which allows everything; a file
            # fogwatch cannot use at all (a redirect loop, over the size limit) is read the same way.
            rules.parse([])
            return rules
        rules.parse(resp.body[:_ROBOTS_MAX_BYTES].decode("utf-8", "replace").splitlines())
        return rules


class Fetcher:
    """Fetches URLs politely: robots.txt, per-host pacing, retries with backoff, size and redirect limits.

    `retries` is the number of tries after the first. Waits between tries grow
    as `backoff * 2 ** n`; a Retry-After header longer than that is honoured
    up to `max_retry_after` seconds, beyond which the URL is given up. `sleep`
    and `clock` exist so that tests need not wait in real time.
    """

    def __init__(
        self,
        timeout: float = 10.0,
        retries: int = 2,
        backoff: float = 1.0,
        max_bytes: int = 10_000_000,
        user_agent: str = USER_AGENT,
        host_delay: float = 1.0,
        respect_robots: bool = True,
        max_redirects: int = 10,
        max_retry_after: float = 120.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not (timeout > 0 and math.isfinite(timeout)):
            raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
        if retries < 0:
            raise ValueError(f"retries must be 0 or more, not {retries!r}")
        if backoff < 0:
            raise ValueError(f"backoff must be 0 or more seconds, not {backoff!r}")
        if max_bytes < 1:
            raise ValueError(f"max_bytes must be at least 1, not {max_bytes!r}")
        if not user_agent.strip() or any(c in user_agent for c in "\r\n"):
            raise ValueError("user_agent must be one non-empty line")
        if host_delay < 0:
            raise ValueError(f"host_delay must be 0 or more seconds, not {host_delay!r}")
        if max_redirects < 0:
            raise ValueError(f"max_redirects must be 0 or more, not {max_redirects!r}")
        if max_retry_after < 0:
            raise ValueError(f"max_retry_after must be 0 or more seconds, not {max_retry_after!r}")
        self.timeout = float(timeout)
        self.retries = retries
        self.backoff = float(backoff)
        self.max_bytes = max_bytes
        self.user_agent = user_agent
        self.respect_robots = respect_robots
        self.max_redirects = max_redirects
        self.max_retry_after = float(max_retry_after)
        self._sleep = sleep
        self._clock = clock
        self._opener = _opener()
        self._pacer = HostPacer(host_delay, clock, sleep)
        self._robots = RobotsRules(self._load_robots, user_agent, self._pacer, clock)

    # --- pages -------------------------------------------------------------
    def fetch(self, url: str) -> Article | Reject:
        """One web page as an Article (not yet cleaned), or a Reject saying why not."""
        try:
            resp = self.get(url, only_types=PAGE_TYPES)
        except FetchError as exc:
            return Reject(url, STEP, exc.kind, exc.reason)
        kind = PAGE_TYPES.get(resp.media_type or "") or _sniff(resp.body)
        # The final URL is the source: one page reached through two links (a feed's
        # tracking redirect and a direct link, say) then gets one article id.
        rec = article_from_bytes(resp.url, resp.body, kind, url=resp.url, step=STEP)
        if isinstance(rec, Reject):
            rec.input = url
            return rec
        if resp.url != check_url(url):
            rec.meta.setdefault("requested_url", url)
        # Recorded, not used: Last-Modified is often the time a CMS rebuilt the page, so it
        # is only a last resort for the publication date (see `use_http_date`).
        for header, key in (("Last-Modified", "http_last_modified"), ("Date", "http_date")):
            when = _http_date(resp.headers.get(header))
            if when is not None:
                rec.meta[key] = when.isoformat()
        return rec

    # --- any resource ------------------------------------------------------
    def get(self, url: str, only_types: Collection[str] | None = None) -> Response:
        """Follow redirects to a final response with a 2xx status, or raise FetchError.

        With `only_types`, a response of another media type is refused before
        its body is read (a response without a Content-Type is let through).
        """
        return self._follow(url, only_types, self.respect_robots)

    def _load_robots(self, url: str) -> Response:
        return self._follow(url, None, robots=False, max_bytes=min(self.max_bytes, _ROBOTS_MAX_BYTES * 2))

    def _follow(
        self, url: str, only_types: Collection[str] | None, robots: bool, max_bytes: int | None = None
    ) -> Response:
        current = check_url(url)
        seen = {current}
        for _ in range(self.max_redirects + 1):
            if robots:
                self._robots.check(current)
            resp = self._with_retries(current, only_types, max_bytes or self.max_bytes)
            if resp.status not in REDIRECTS:
                if resp.status >= 300:
                    raise FetchError(f"http-{resp.status}", _status_text(resp.status))
                return resp
            location = resp.headers.get("Location")
            if not location:
                raise FetchError(f"http-{resp.status}", f"{_status_text(resp.status)} without a Location to go to")
            target = check_url(urljoin(current, location.strip()))
            if target in seen:
                raise FetchError("redirects", f"redirect loop: {current} redirects back to {target}")
            seen.add(target)
            current = target
        raise FetchError("redirects", f"redirects more than {self.max_redirects} times")

    def _with_retries(self, url: str, only_types: Collection[str] | None, max_bytes: int) -> Response:
        host = urlsplit(url).hostname or ""
        tries = self.retries + 1
        failure: FetchError | None = None
        for attempt in range(tries):
            self._pacer.wait(host)
            retry_after: float | None = None
            try:
                resp = self._once(url, only_types, max_bytes)
            except FetchError as exc:
                if not exc.transient:
                    raise
                failure = exc
            else:
                if not _retryable_status(resp.status):
                    return resp
                failure = FetchError(f"http-{resp.status}", _status_text(resp.status), transient=True)
                retry_after = _retry_after(resp.headers)
            if attempt + 1 == tries:
                break
            wait = self.backoff * 2**attempt
            if retry_after is not None:
                if retry_after > self.max_retry_after:
                    raise FetchError(
                        failure.kind,
                        f"{failure.reason}; the server asks to wait {_seconds(round(retry_after))}, "
                        f"more than the {_seconds(self.max_retry_after)} fogwatch waits",
                        transient=True,
                    )
                wait = max(wait, retry_after)
            self._sleep(wait)
        assert failure is not None
        raise FetchError(failure.kind, f"{failure.reason} ({_tries(tries)})", transient=True)

    def _once(self, url: str, only_types: Collection[str] | None, max_bytes: int) -> Response:
        """One request. Network trouble raises a transient FetchError; any HTTP status is returned."""
        request = urllib.request.Request(
            url,
            headers={
                "User-Agent": self.user_agent,
                "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
                "Accept-Encoding": "gzip, deflate",
            },
        )
        try:
            try:
                raw = self._opener.open(request, timeout=self.timeout)
            except urllib.error.HTTPError as exc:
                # A non-2xx answer: only its status and headers matter, never its body.
                with exc:
                    return Response(url, exc.code, exc.headers, b"")
            with raw:
                status = raw.status
                if only_types is not None and raw.headers.get("Content-Type"):
                    media = _media_type(raw.headers["Content-Type"])
                    if media not in only_types:
                        raise FetchError("content-type", f"content type {media} is not a web page")
                body = self._read(raw, max_bytes)
                return Response(
                    url, status, raw.headers, _decompress(body, raw.headers.get("Content-Encoding"), max_bytes)
                )
        except FetchError:
            raise
        except urllib.error.URLError as exc:
            raise self._network_error(url, exc.reason) from exc
        except (OSError, http.client.HTTPException) as exc:
            raise self._network_error(url, exc) from exc

    def _read(self, raw: http.client.HTTPResponse, max_bytes: int) -> bytes:
        length = raw.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > max_bytes:
            raise FetchError("too-large", f"the page is {_size(int(length))}, over the {_size(max_bytes)} limit")
        deadline = self._clock() + self.timeout * _BODY_TIMEOUTS
        chunks: list[bytes] = []
        size = 0
        while chunk := raw.read1(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError("too-large", f"the page is larger than the {_size(max_bytes)} limit")
            if self._clock() > deadline:
                raise FetchError(
                    "timeout",
                    f"the page took more than {_seconds(self.timeout * _BODY_TIMEOUTS)} to arrive",
                    transient=True,
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _network_error(self, url: str, reason: object) -> FetchError:
        host = urlsplit(url).hostname
        if isinstance(reason, TimeoutError):
            return FetchError("timeout", f"timed out after {_seconds(self.timeout)}", transient=True)
        if isinstance(reason, socket.gaierror):
            # A name that does not resolve will not resolve on a second try a second later.
            return FetchError("dns", f"cannot find the host {host} ({reason.strerror or reason})")
        if isinstance(reason, ssl.SSLError):
            return FetchError("tls", f"secure connection to {host} failed ({reason})")
        if isinstance(reason, ConnectionRefusedError):
            return FetchError("connection", f"{host} refused the connection", transient=True)
        text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
        return FetchError("connection", f"connection to {host} failed ({text})", transient=True)


def _sniff(body: bytes) -> str:
    # No Content-Type: a body that opens with markup is read as HTML, anything else as text.
    return "html" if body[:512].lstrip().startswith(b"<") else "text"


def use_http_date(art: Article) -> Article:
    """Take the publication date from Last-Modified when nothing else gave one.

    Run it after cleaning: a dateline in the text is better evidence than a
    header a CMS rewrites whenever it rebuilds the page.
    """
    value = art.meta.get("http_last_modified")
    if art.published is None and value:
        art.published = datetime.fromisoformat(value).date()
        art.published_evidence = "http-header"
    return art


def fetch_all(urls: Iterable[str], fetcher: Fetcher) -> Iterator[Article | Reject]:
    """Fetch each URL in turn: an Article (not yet cleaned) or a Reject per URL, in order."""
    for url in urls:
        yield fetcher.fetch(url)


class FetchStep:
    """The fetch step: `Input` records of kind "url" to Articles or Rejects.

    Run it in one process (`LocalExecutor(workers=1)` or `run_chain`): the
    Fetcher's pacing and robots.txt rules are per process, so worker processes
    would each keep their own and hit a host more often than `host_delay` allows.
    """

    name = STEP

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher

    def run(self, records: Iterable[Input]) -> Iterator[Article | Reject]:
        for inp in records:
            yield self.fetcher.fetch(inp.location)


class HttpDateStep:
    """After cleaning: fall back to the Last-Modified date for pages still undated."""

    name = "http-date"

    def run(self, records: Iterable[Article]) -> Iterator[Article]:
        for art in records:
            yield use_http_date(art)
