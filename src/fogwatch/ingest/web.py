"""Web pages to `Article` records, fetched politely and safely with httpx.

One `Fetcher` holds what every request it makes must share: the robots.txt
rules of each site and the time of the last request to each host. Make one per
run and pass it to whatever fetches; two fetchers know nothing of each other,
so two of them can hit a host twice as often as either allows.

Safety, request by request: the host name is resolved once, every address it
gives is checked (no private, loopback, link-local, multicast or otherwise
non-public address unless `allow_private`), and the connection goes to the
address that was checked, so a name that changes its answer between the check
and the connection (DNS rebinding) gains nothing. Each request has an overall
deadline covering headers and body, so a server that trickles a byte at a time
fails at the deadline with a reason that says so.

Many URLs (`fetch_many`, `FetchStep`, the feed watcher) are fetched by a few
threads at once, one request per host at a time and paced per host, so a long
list spread over many sites takes about as long as its busiest site needs.
"""

from __future__ import annotations

import contextlib
import heapq
import ipaddress
import math
import queue
import socket
import ssl
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from fogwatch import __version__
from fogwatch.ingest.decode import DecodeError, gunzip
from fogwatch.ingest.read import article_from_bytes
from fogwatch.model import Article, Input, Reject
from fogwatch.settings import Settings, current

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"fogwatch/{__version__} (+https://github.com/fogwatch/fogwatch)"
STEP = "fetch"
# Media types read as pages, and the reader kind each becomes.
PAGE_TYPES: dict[str, str] = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Reject kinds worth another try later (by a feed watch, say): the server or the
# network may be fine tomorrow; a 404 or a robots.txt rule will not change by itself.
TRANSIENT_KINDS = frozenset({"timeout", "connection", "http-429", "robots-unavailable"})
ALLOW_PRIVATE_HINT = "--allow-private"

_CHUNK = 64 * 1024
_ROBOTS_MAX_BYTES = 500_000  # RFC 9309 asks crawlers to read at least 500 KiB
_ROBOTS_TTL = 24 * 3600.0  # RFC 9309: do not cache robots.txt for more than a day
_MAX_CRAWL_DELAY = 30.0  # a Crawl-delay above this would stall a watch; we still wait this long
# NAT64's well-known prefix carries an IPv4 address in its last 32 bits (RFC 6052).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_METADATA = ipaddress.ip_address("169.254.169.254")

Resolver = Callable[[str, int], Sequence[str]]


def is_transient(kind: str) -> bool:
    """True for a Reject kind that may go away if the fetch is tried again later."""
    return kind in TRANSIENT_KINDS or kind.startswith("http-5")


class FetchError(Exception):
    """Why a URL gave no usable response: a Reject kind and a reason a person can read.

    `transient` says a later try (a later watch round) may succeed; `retry_now`
    says whether trying again at once, within this fetch, is worth it.
    """

    def __init__(self, kind: str, reason: str, transient: bool = False, retry_now: bool = True) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.transient = transient
        self.retry_now = retry_now

    def __reduce__(self) -> tuple[Any, ...]:
        return (FetchError, (self.kind, self.reason, self.transient, self.retry_now))


@dataclass(slots=True)
class Response:
    """A final (non-redirect) HTTP response, its body already decompressed."""

    url: str  # after redirects
    status: int
    headers: Mapping[str, str]  # case-insensitive (httpx.Headers)
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
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:  # "http://[::1", a port out of range or not a number
        raise FetchError("bad-url", f"{url!r} is not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        # Also keeps redirects away from file:// and friends.
        raise FetchError("bad-url", f"{url!r} is not an http:// or https:// URL")
    if not parts.hostname:
        raise FetchError("bad-url", f"{url!r} has no host name")
    if port == 0:
        raise FetchError("bad-url", f"{url!r} names port 0, which no server listens on")
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, ""))


def host_of(url: str) -> str:
    """The host a URL's requests are paced by: its name without the port (two ports are one machine)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


# --- which addresses may be fetched ------------------------------------------------


def address_problem(address: str) -> str | None:
    """Why fogwatch will not connect to this IP address (a phrase), or None if it is public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone ("fe80::1%eth0") aside
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv6 address that carries an IPv4 one reaches that IPv4 address: judge that.
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return address_problem(str(embedded))
    if ip == _METADATA:
        return "a link-local address (where cloud metadata services answer)"
    for test, what in (
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_unspecified, "an unspecified address (it reaches this machine)"),
        (ip.is_reserved, "a reserved address"),
        (ip.is_private, "a private address"),
        (not ip.is_global, "not a public address"),
    ):
        if test:
            return what
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses a host name resolves to, in the order the system prefers them."""
    seen: dict[str, None] = {}
    for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        seen.setdefault(str(sockaddr[0]), None)
    return list(seen)


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _retry_after(headers: Mapping[str, str]) -> float | None:
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

    def ready_at(self, host: str) -> float:
        """When the next request to `host` may start (-inf if it was never asked)."""
        with self._lock:
            return self._next.get(host, -math.inf)

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
        self._origin_locks: dict[str, threading.Lock] = {}

    def check(self, url: str) -> None:
        """Raise FetchError("robots") if the site's robots.txt disallows `url` for fogwatch."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = self._rules_for(origin, parts.hostname or "")
        if not rules.can_fetch(self._user_agent, url):
            raise FetchError("robots", f"disallowed by robots.txt ({origin}/robots.txt)")

    def _rules_for(self, origin: str, host: str) -> RobotFileParser:
        with self._lock:
            lock = self._origin_locks.setdefault(origin, threading.Lock())
        # One fetch of a site's robots.txt at a time: threads asking together wait for the first.
        with lock:
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
            if exc.transient or exc.kind in ("dns", "tls", "private-address"):
                raise  # the page fetch would fail the same way, so say that
            # 404 and other 4xx mean "no robots.txt" (RFC 9309), which allows everything; a file
            # fogwatch cannot use at all (a redirect loop, over the size limit) is read the same way.
            rules.parse([])
            return rules
        rules.parse(resp.body[:_ROBOTS_MAX_BYTES].decode("utf-8", "replace").splitlines())
        return rules


class _Deadline:
    """Ends one request at its deadline, whatever phase it is in.

    httpx's timeouts bound each wait for a byte, not the whole answer, so a server
    sending its headers one byte a second never trips them. The sockets of the
    request are collected as httpx opens them (its `trace` extension), and when the
    deadline passes they are shut down from a timer thread, which ends the
    blocked read at once.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        if not event.endswith((".connect_tcp.complete", ".start_tls.complete")):
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sockets.append(sock)
                late = self.expired
            if late:
                self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):  # already closed: the request is over anyway
            sock.shutdown(socket.SHUT_RDWR)


def _no_cookies() -> CookieJar:
    # Requests go to addresses, with the host name in the Host header, so a cookie jar
    # would file cookies under addresses that several sites can share. None are kept.
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        yield cur
        cur = cur.__cause__ or cur.__context__


class Fetcher:
    """Fetches URLs politely and safely: robots.txt, per-host pacing, retries with backoff,
    size and redirect limits, public addresses only, and an overall deadline per request.

    `timeout` bounds each wait (connecting, or the next bytes of the answer);
    `deadline` bounds one whole request, headers and body. `retries` is the
    number of tries after the first. Waits between tries grow as
    `backoff * 2 ** n`; a Retry-After header longer than that is honoured up to
    `max_retry_after` seconds, beyond which the URL is given up.
    `allow_private` lets requests go to private, loopback and link-local
    addresses (a server on the user's own network); `allow_networks` lets them
    go to those networks only ("10.1.2.0/24", "127.0.0.1/32"). `concurrency` is how many
    hosts `fetch_many` works on at once. `resolver(host, port)` gives a name's
    addresses (the system's DNS by default); `sleep` and `clock` exist so that
    tests need not wait in real time for pacing and backoff.
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
        deadline: float = 30.0,
        allow_private: bool = False,
        allow_networks: Iterable[str] = (),
        concurrency: int = 16,
        resolver: Resolver = system_resolver,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        settings: Settings | None = None,
    ) -> None:
        # the limits a page read is held to (max_bytes, max_line_chars); by default those in force
        self.settings = settings if settings is not None else current()
        if not (timeout > 0 and math.isfinite(timeout)):
            raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
        if not (deadline > 0 and math.isfinite(deadline)):
            raise ValueError(f"deadline must be a positive number of seconds, not {deadline!r}")
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
        if concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, not {concurrency!r}")
        import httpx

        self.timeout = float(timeout)
        self.deadline = float(deadline)
        self.retries = retries
        self.backoff = float(backoff)
        self.max_bytes = max_bytes
        self.user_agent = user_agent
        self.respect_robots = respect_robots
        self.max_redirects = max_redirects
        self.max_retry_after = float(max_retry_after)
        self.allow_private = allow_private
        try:
            self.allow_networks = tuple(ipaddress.ip_network(n, strict=False) for n in allow_networks)
        except ValueError as exc:
            raise ValueError(f"allow_networks: {exc}") from None
        self.concurrency = concurrency
        self._resolver = resolver
        self._sleep = sleep
        self._clock = clock
        self._pacer = HostPacer(host_delay, clock, sleep)
        self._robots = RobotsRules(self._load_robots, user_agent, self._pacer, clock)
        # No connection is reused: each request connects to the address checked for it,
        # and a pooled connection made for one host name must not carry another's request.
        self._client = httpx.Client(
            follow_redirects=False,
            limits=httpx.Limits(max_keepalive_connections=0),
            cookies=_no_cookies(),
            trust_env=True,
            event_hooks={"response": [_hand_back_redirects]},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- pages -------------------------------------------------------------
    def fetch(self, url: str) -> Article | Reject:
        """One web page as an Article (not yet cleaned), or a Reject saying why not."""
        return self.article_of(url, self.fetch_response(url))

    def fetch_response(self, url: str) -> Response | Reject:
        """The network half of `fetch`: the page's final response, or a Reject saying why there is none."""
        try:
            return self.get(url, only_types=PAGE_TYPES)
        except FetchError as exc:
            return Reject(url, STEP, exc.kind, exc.reason)

    def article_of(self, url: str, resp: Response | Reject) -> Article | Reject:
        """The reading half of `fetch`: the Article in a page fetched for `url`."""
        if isinstance(resp, Reject):
            return resp
        kind = PAGE_TYPES.get(resp.media_type or "") or _sniff(resp.body)
        # The final URL is the source: one page reached through two links (a feed's
        # tracking redirect and a direct link, say) then gets one article id.
        rec = article_from_bytes(resp.url, resp.body, kind, url=resp.url, step=STEP, settings=self.settings)
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

    def fetch_many(
        self, urls: Iterable[str], stop: threading.Event | None = None
    ) -> Iterator[tuple[str, Article | Reject]]:
        """Fetch many pages, several hosts at once: (url, Article or Reject) as each one arrives.

        Each host gets one request at a time, paced as `fetch` paces it; the
        pages are read in the calling thread. Setting `stop` lets the requests
        under way finish and starts no more.
        """
        for url, resp in by_host(list(urls), str, self.fetch_response, self.crashed, self, stop):
            yield url, self.article_of(url, resp)

    def crashed(self, url: str, exc: Exception) -> Reject:
        """The Reject for a fetch that failed with an error fogwatch did not foresee."""
        return Reject(url, STEP, "error", f"fetching failed unexpectedly ({type(exc).__name__}: {exc})")

    # --- any resource ------------------------------------------------------
    def get(self, url: str, only_types: Collection[str] | None = None, max_bytes: int | None = None) -> Response:
        """Follow redirects to a final response with a 2xx status, or raise FetchError.

        With `only_types`, a response of another media type is refused before
        its body is read (a response without a Content-Type is let through).
        `max_bytes` replaces the fetcher's size limit for this resource.
        """
        return self._follow(url, only_types, self.respect_robots, max_bytes)

    def _load_robots(self, url: str) -> Response:
        return self._follow(url, None, robots=False, max_bytes=min(self.max_bytes, _ROBOTS_MAX_BYTES * 2))

    def _follow(
        self, url: str, only_types: Collection[str] | None, robots: bool, max_bytes: int | None = None
    ) -> Response:
        current = check_url(url)
        seen = {current}
        for hop in range(self.max_redirects + 1):
            try:
                if robots:
                    self._robots.check(current)
                resp = self._with_retries(current, only_types, max_bytes or self.max_bytes)
            except FetchError as exc:
                if hop and exc.kind == "private-address":
                    raise FetchError(exc.kind, f"redirected to {current}: {exc.reason}") from exc
                raise
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
        host = host_of(url)
        tries = self.retries + 1
        failure: FetchError | None = None
        for attempt in range(tries):
            self._pacer.wait(host)
            retry_after: float | None = None
            try:
                resp = self._once(url, only_types, max_bytes)
            except FetchError as exc:
                if not (exc.transient and exc.retry_now):
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

    # --- one request -----------------------------------------------------------
    def _addresses(self, url: str) -> list[str]:
        """The checked addresses to connect to for `url`, or FetchError saying why there are none."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            addresses = list(self._resolver(_ascii_host(url), port))
        except (OSError, UnicodeError) as exc:
            # A name that does not resolve will not resolve on a second try a second later.
            text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise FetchError("dns", f"cannot find the host {host} ({text})") from None
        if not addresses:
            raise FetchError("dns", f"cannot find the host {host} (no addresses)")
        if self.allow_private:
            return addresses
        for address in addresses:
            problem = address_problem(address)
            if problem is not None and not self._allowed(address):
                said = f"{host} is {problem}" if _is_ip(host) else f"{host} resolves to {address}, {problem}"
                raise FetchError(
                    "private-address",
                    f"refused: {said}; fogwatch fetches only from public addresses unless run with "
                    f"{ALLOW_PRIVATE_HINT}",
                )
        return addresses

    def _allowed(self, address: str) -> bool:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        return any(ip.version == net.version and ip in net for net in self.allow_networks)

    def _once(self, url: str, only_types: Collection[str] | None, max_bytes: int) -> Response:
        """One request. Network trouble raises a transient FetchError; any HTTP status is returned."""
        failure: FetchError | None = None
        for address in self._addresses(url):
            try:
                return self._request(url, address, only_types, max_bytes)
            except _Unreachable as exc:
                failure = exc.error  # this address did not answer: try the host's next one
        assert failure is not None
        raise failure

    def _request(self, url: str, address: str, only_types: Collection[str] | None, max_bytes: int) -> Response:
        import httpx

        parts = urlsplit(url)
        host = _ascii_host(url)  # an internationalised name goes on the wire in its IDNA form
        shown_host = f"[{host}]" if ":" in host else host
        headers = {
            "Host": shown_host + (f":{parts.port}" if parts.port else ""),
            "User-Agent": self.user_agent,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
            "Accept-Encoding": "gzip, deflate",
        }
        # The request goes to the checked address; the name travels in Host (and SNI) only.
        ip = address.split("%", 1)[0]
        netloc = (f"[{ip}]" if ":" in ip else ip) + (f":{parts.port}" if parts.port else "")
        try:
            target = httpx.URL(urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")))
        except (httpx.InvalidURL, ValueError) as exc:
            raise FetchError("bad-url", f"{url!r} is not a valid URL ({exc})") from None
        extensions: dict[str, Any] = {}
        if parts.scheme == "https":
            extensions["sni_hostname"] = host  # the certificate is checked against the name, not the address
        timeout = httpx.Timeout(self.timeout, connect=min(self.timeout, self.deadline))
        connected = False
        with _Deadline(self.deadline) as deadline:

            def trace(event: str, info: dict[str, Any]) -> None:
                nonlocal connected
                deadline.trace(event, info)
                if event.endswith(".connect_tcp.complete"):
                    connected = True

            extensions["trace"] = trace
            try:
                with self._client.stream("GET", target, headers=headers, timeout=timeout, extensions=extensions) as raw:
                    if raw.status_code >= 300:
                        # A redirect or an error: only its status and headers matter, never its body.
                        return Response(url, raw.status_code, raw.headers, b"")
                    if only_types is not None and raw.headers.get("Content-Type"):
                        media = _media_type(raw.headers["Content-Type"])
                        if media not in only_types:
                            raise FetchError("content-type", f"content type {media} is not a web page")
                    body = self._read(raw, max_bytes, deadline)
                    return Response(
                        url,
                        raw.status_code,
                        raw.headers,
                        _decompress(body, raw.headers.get("Content-Encoding"), max_bytes),
                    )
            except _Redirected as redirect:
                return Response(url, redirect.status, redirect.headers, b"")
            except FetchError:
                raise
            except (httpx.HTTPError, OSError) as exc:
                if deadline.expired:
                    raise self._too_slow() from None
                error = self._network_error(url, exc)
                if not connected and isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
                    raise _Unreachable(error) from None
                raise error from None

    def _read(self, raw: httpx.Response, max_bytes: int, deadline: _Deadline) -> bytes:
        length = raw.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > max_bytes:
            raise FetchError("too-large", f"the page is {_size(int(length))}, over the {_size(max_bytes)} limit")
        chunks: list[bytes] = []
        size = 0
        for chunk in raw.iter_raw(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError("too-large", f"the page is larger than the {_size(max_bytes)} limit")
            chunks.append(chunk)
        if deadline.expired:
            raise self._too_slow()  # the timer may fire between the last byte and here
        return b"".join(chunks)

    def _too_slow(self) -> FetchError:
        # Not tried again at once: a server this slow is as slow a second later.
        return FetchError(
            "timeout",
            f"the server took more than {_seconds(self.deadline)} to send its answer (headers and body); "
            f"fogwatch gives up on a request after {_seconds(self.deadline)}",
            transient=True,
            retry_now=False,
        )

    def _network_error(self, url: str, exc: BaseException) -> FetchError:
        import httpx

        host = host_of(url)
        if isinstance(exc, httpx.TimeoutException):
            return FetchError("timeout", f"timed out after {_seconds(self.timeout)}", transient=True)
        if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL | httpx.LocalProtocolError):
            return FetchError("bad-url", f"cannot request {url} ({exc})")
        for cause in _causes(exc):
            if isinstance(cause, ssl.SSLError):
                return FetchError("tls", f"secure connection to {host} failed ({cause})")
            if isinstance(cause, ConnectionRefusedError):
                return FetchError("connection", f"{host} refused the connection", transient=True)
        if isinstance(exc, httpx.RemoteProtocolError):
            return FetchError("connection", f"{host} broke off or garbled its answer ({exc})", transient=True)
        text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return FetchError("connection", f"connection to {host} failed ({text})", transient=True)


class _Redirected(Exception):
    """A redirect, handed back before httpx reads its Location: fogwatch judges every hop itself
    (robots.txt, pacing, the address), and httpx would fail on a Location it cannot parse."""

    def __init__(self, status: int, headers: Mapping[str, str]) -> None:
        super().__init__(status)
        self.status = status
        self.headers = headers


def _hand_back_redirects(response: httpx.Response) -> None:
    if response.status_code in REDIRECTS:
        raise _Redirected(response.status_code, response.headers)


class _Unreachable(Exception):
    """One address of a host could not be connected to; the host may have others."""

    def __init__(self, error: FetchError) -> None:
        super().__init__(error.reason)
        self.error = error


def _ascii_host(url: str) -> str:
    """The URL's host as it goes on the wire: an internationalised name in its IDNA form."""
    import httpx

    try:
        return httpx.URL(url).raw_host.decode("ascii")
    except (httpx.InvalidURL, UnicodeError, ValueError):
        pass  # httpx refuses some spellings resolvers take ("0177.0.0.1"); the system's IDNA codec decides
    host = urlsplit(url).hostname or ""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise FetchError("bad-url", f"{url!r} has a host name that cannot be encoded ({exc})") from None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _sniff(body: bytes) -> str:
    # No Content-Type: a body that opens with markup is read as HTML, anything else as text.
    return "html" if body[:512].lstrip().startswith(b"<") else "text"


# --- many requests, several hosts at once ---------------------------------------------

T = TypeVar("T")
R = TypeVar("R")


class _ByHost(Generic[T]):
    """Hands out work one host at a time: a host is never given to two threads at once,
    and of the idle hosts, the one whose pacing slot comes first is served first."""

    def __init__(
        self, items: list[T], host: Callable[[T], str], pacer: HostPacer, stops: Sequence[threading.Event]
    ) -> None:
        self._queues: dict[str, deque[T]] = {}
        for item in items:
            self._queues.setdefault(host(item), deque()).append(item)
        self._pacer = pacer
        self._stops = stops
        self._idle = [(pacer.ready_at(h), n, h) for n, h in enumerate(self._queues)]
        heapq.heapify(self._idle)
        self._order = len(self._idle)
        self._busy = 0
        self._cond = threading.Condition()

    @property
    def hosts(self) -> int:
        return len(self._queues)

    def take(self) -> tuple[str, T] | None:
        with self._cond:
            while True:
                if any(s.is_set() for s in self._stops):
                    return None
                if self._idle:
                    _, _, host = heapq.heappop(self._idle)
                    self._busy += 1
                    return host, self._queues[host].popleft()
                if self._busy == 0:
                    return None
                self._cond.wait()

    def release(self, host: str) -> None:
        with self._cond:
            self._busy -= 1
            if self._queues[host]:
                heapq.heappush(self._idle, (self._pacer.ready_at(host), self._order, host))
                self._order += 1
            self._cond.notify_all()

    def wake(self) -> None:
        with self._cond:
            self._cond.notify_all()


_DONE = object()


def by_host(
    items: list[T],
    url_of: Callable[[T], str],
    work: Callable[[T], R],
    on_error: Callable[[T, Exception], R],
    fetcher: Fetcher,
    stop: threading.Event | None = None,
) -> Iterator[tuple[T, R]]:
    """Run `work` on every item in up to `fetcher.concurrency` threads, one host at a time each.

    Yields (item, result) as each finishes. An exception from `work` becomes
    `on_error(item, exc)`, so one bad item never stops the others. Setting `stop`
    (or closing the iterator) starts no new item; those under way finish first.
    """
    if not items:
        return
    halt = threading.Event()
    stops = (halt,) if stop is None else (halt, stop)
    plan = _ByHost(items, lambda item: host_of(url_of(item)), fetcher._pacer, stops)
    results: queue.Queue[Any] = queue.Queue()

    def worker() -> None:
        try:
            while True:
                got = plan.take()
                if got is None:
                    break
                host, item = got
                try:
                    result = work(item)
                except Exception as exc:
                    result = on_error(item, exc)
                finally:
                    plan.release(host)
                results.put((item, result))
        finally:
            results.put(_DONE)

    threads = [
        threading.Thread(target=worker, name=f"fogwatch-fetch-{n}", daemon=True)
        for n in range(min(fetcher.concurrency, plan.hosts))
    ]
    for t in threads:
        t.start()
    running = len(threads)
    try:
        while running:
            got = results.get()
            if got is _DONE:
                running -= 1
                continue
            yield got
    finally:
        halt.set()
        plan.wake()
        for t in threads:
            t.join()


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

    Several hosts are fetched at once (threads; see `Fetcher.fetch_many`), and
    records come out as their pages arrive, not in input order. Run it in one
    process (`LocalExecutor(workers=1)` or `run_chain`): the Fetcher's pacing
    and robots.txt rules are per process, so worker processes would each keep
    their own and hit a host more often than `host_delay` allows.
    """

    name = STEP

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher

    def run(self, records: Iterable[Input]) -> Iterator[Article | Reject]:
        for _url, rec in self.fetcher.fetch_many(inp.location for inp in records):
            yield rec


class HttpDateStep:
    """After cleaning: fall back to the Last-Modified date for pages still undated."""

    name = "http-date"

    def run(self, records: Iterable[Article]) -> Iterator[Article]:
        for art in records:
            yield use_http_date(art)
