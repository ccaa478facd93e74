"""Fetching pages from real HTTP servers on 127.0.0.1 (no mocks of HTTP)."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from fogwatch.clean.step import CleanStep
from fogwatch.ingest.web import (
    USER_AGENT,
    Fetcher,
    FetchStep,
    HttpDateStep,
    fetch_all,
    is_transient,
    use_http_date,
)
from fogwatch.model import Article, Input, Reject
from fogwatch.pipeline import Counters, run_chain
from fogwatch.store import Store

# --- a local web site --------------------------------------------------------


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "text/html; charset=utf-8"
    delay: float = 0.0
    content_length: bool = True
    on_request: Callable[[], None] | None = None  # called as the request arrives, before the reply


@dataclass
class Hit:
    at: float
    path: str
    headers: dict[str, str]


class LocalSite:
    """A real HTTP server on 127.0.0.1, in a thread, answering from a table of routes.

    A route holds a list of replies given in turn; the last one repeats. Every
    request is recorded with the time it arrived. Unknown paths get a 404.
    `host` may be any loopback address (127.0.0.2, ...): each is its own host
    to the fetcher's per-host pacing, so several sites make "many hosts".
    """

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.routes: dict[str, list[Reply]] = {}
        self.hits: list[Hit] = []
        self._closing = threading.Event()
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site._answer(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def add(self, path: str, *replies: Reply) -> str:
        self.routes[path] = list(replies)
        return self.url(path)

    def page(self, path: str, html: str, **kw: Any) -> str:
        return self.add(path, Reply(body=html.encode("utf-8"), **kw))

    def hits_for(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == path]

    def close(self) -> None:
        self._closing.set()
        self.server.shutdown()
        self.server.server_close()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.hits.append(Hit(time.monotonic(), handler.path, dict(handler.headers.items())))
            replies = self.routes.get(handler.path)
            if replies is None:
                reply = Reply(404, b"<html><body><p>No such page.</p></body></html>")
            else:
                reply = replies.pop(0) if len(replies) > 1 else replies[0]
        if reply.on_request is not None:
            reply.on_request()
        if reply.delay and self._closing.wait(reply.delay):
            return
        try:
            handler.send_response(reply.status)
            if reply.content_type:
                handler.send_header("Content-Type", reply.content_type)
            if reply.content_length:
                handler.send_header("Content-Length", str(len(reply.body)))
            for k, v in reply.headers.items():
                handler.send_header(k, v)
            handler.end_headers()
            handler.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first (a size limit, a timeout): that is the point of some tests


def fast_fetcher(**kw: Any) -> Fetcher:
    """A fetcher that does not make tests wait: no pacing, tiny backoff, short timeout."""
    args: dict[str, Any] = {"timeout": 2.0, "retries": 2, "backoff": 0.01, "host_delay": 0.0, "allow_private": True}
    args.update(kw)
    return Fetcher(**args)


def report_page(
    title: str | None,
    paragraphs: list[str],
    *,
    site: str | None = "Northern Syria Monitor",
    published: str | None = None,
) -> str:
    """A short news page with site chrome around the article, the way outlets publish them."""
    head = ['<meta charset="utf-8">']
    if title:
        head.append(f"<title>{title} | {site or 'News'}</title>")
        head.append(f'<meta property="og:title" content="{title}">')
    if site:
        head.append(f'<meta property="og:site_name" content="{site}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    h1 = f"<h1>{title}</h1>" if title else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
{chr(10).join(head)}
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/syria">Syria</a> <a href="/maps">Maps</a> <a href="/donate">Donate</a></nav></header>
<main>
<article>
{h1}
{body}
</article>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/x">Aid convoy reaches Atmeh camp</a></li></ul></aside>
</main>
<footer><p>© 2020 {site or "News"}. All rights reserved.</p></footer>
</body>
</html>
"""


KAFR_NABL_TITLE = "Shelling forces families out of Kafr Nabl"
KAFR_NABL = report_page(
    KAFR_NABL_TITLE,
    [
        "Hundreds of families left Kafr Nabl in southern Idlib on Wednesday after a night of artillery fire "
        "that residents said hit the town's main street and a school used as a shelter.",
        "A member of the local council said at least four civilians were killed and eleven wounded. "
        "The figures could not be independently verified.",
        "Pro-government outlets said the army had targeted militant positions on the edge of the town "
        "and denied that residential areas were hit.",
        "Aid workers at the Bab al-Hawa crossing said they expected a new wave of arrivals in the camps "
        "along the Turkish border by the end of the week.",
    ],
    published="2020-02-12T07:40:00+02:00",
)
UNDATED = report_page(
    None,
    [
        "Residents of Maarat al-Numan said artillery fire struck the covered market shortly after dawn, "
        "damaging at least a dozen shops and a bakery that had been feeding displaced families.",
        "A volunteer with the local civil defence team said two people were taken to a field hospital "
        "with shrapnel wounds. The figures could not be independently confirmed.",
    ],
    site=None,
)


@pytest.fixture
def site() -> Iterator[LocalSite]:
    s = LocalSite()
    yield s
    s.close()


# --- pages -------------------------------------------------------------------


def test_article_is_fetched_cleaned_and_stored(site: LocalSite, tmp_path: Path) -> None:
    url = site.page("/syria/kafr-nabl-shelling", KAFR_NABL)
    records = list(fetch_all([url], fast_fetcher()))
    assert len(records) == 1
    art = records[0]
    assert isinstance(art, Article), art
    cleaned = CleanStep().clean_one(art)
    assert isinstance(cleaned, Article)
    store = Store.open(str(tmp_path / "web.db"))
    assert store.write_batch([cleaned]) == (1, 0)

    got = store.article(cleaned.id)
    assert got.source == url
    assert got.format == "html"
    assert got.title == KAFR_NABL_TITLE
    assert got.site == "Northern Syria Monitor"
    assert got.published == date(2020, 2, 12)
    assert got.published_evidence == "html-metadata"
    assert got.meta["url"] == url
    assert "night of artillery fire" in got.text
    assert "Donate" not in got.text and "Most read" not in got.text
    # The page request names fogwatch, so a site operator knows who is asking.
    assert site.hits_for("/syria/kafr-nabl-shelling")[0].headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("fogwatch/") and "(+https://github.com/fogwatch/fogwatch)" in USER_AGENT


def test_text_plain_is_read_as_text(site: LocalSite) -> None:
    body = "Idlib, 12 February 2020\n\nShelling hit Kafr Nabl overnight, residents said. Four people were killed."
    url = site.add("/wire/item.txt", Reply(body=body.encode(), content_type="text/plain; charset=utf-8"))
    art = fast_fetcher().fetch(url)
    assert isinstance(art, Article)
    assert art.format == "text"
    assert "Shelling hit Kafr Nabl" in art.raw


def test_a_fetched_page_is_held_to_the_fetchers_settings(site: LocalSite) -> None:
    from fogwatch.settings import Settings

    body = "Idlib, 12 February 2020\n\n" + "Shelling hit Kafr Nabl overnight, residents said. " * 40 + "\n"
    url = site.add("/wire/long.txt", Reply(body=body.encode(), content_type="text/plain; charset=utf-8"))
    assert isinstance(fast_fetcher().fetch(url), Article)
    rec = fast_fetcher(settings=Settings(max_line_chars=1_000)).fetch(url)
    assert isinstance(rec, Reject) and rec.kind == "long-line" and "at most 1,000" in rec.reason


def test_404_is_rejected_with_the_status(site: LocalSite) -> None:
    url = site.url("/gone")
    rej = fast_fetcher().fetch(url)
    assert rej == Reject(url, "fetch", "http-404", "HTTP 404 Not Found")
    assert len(site.hits_for("/gone")) == 1  # a 404 is not retried


def test_slow_server_times_out(site: LocalSite) -> None:
    url = site.add("/slow", Reply(body=KAFR_NABL.encode(), delay=3.0))
    started = time.monotonic()
    rej = fast_fetcher(timeout=0.5, retries=1).fetch(url)
    assert isinstance(rej, Reject)
    assert (rej.kind, rej.reason) == ("timeout", "timed out after 0.5 s (2 tries)")
    assert time.monotonic() - started < 2.5
    assert len(site.hits_for("/slow")) == 2
    assert is_transient(rej.kind)


def test_redirect_loop_is_rejected(site: LocalSite) -> None:
    site.add("/a", Reply(302, headers={"Location": "/b"}))
    url = site.add("/b", Reply(302, headers={"Location": site.url("/a")}))
    rej = fast_fetcher().fetch(url)
    assert isinstance(rej, Reject)
    assert rej.kind == "redirects"
    assert rej.reason.startswith("redirect loop:") and "redirects back to" in rej.reason


def test_too_many_redirects(site: LocalSite) -> None:
    for i in range(6):
        site.add(f"/hop/{i}", Reply(301, headers={"Location": f"/hop/{i + 1}"}))
    rej = fast_fetcher(max_redirects=3).fetch(site.url("/hop/0"))
    assert isinstance(rej, Reject)
    assert (rej.kind, rej.reason) == ("redirects", "redirects more than 3 times")


def test_302_leads_to_the_article(site: LocalSite) -> None:
    final = site.page("/syria/kafr-nabl-shelling", KAFR_NABL)
    short = site.add("/s/kn1", Reply(302, headers={"Location": "/syria/kafr-nabl-shelling"}))
    art = fast_fetcher().fetch(short)
    assert isinstance(art, Article), art
    assert art.source == final
    assert art.meta["url"] == final
    assert art.meta["requested_url"] == short
    assert art.title == KAFR_NABL_TITLE


def test_redirect_to_a_file_url_is_refused(site: LocalSite) -> None:
    url = site.add("/sneaky", Reply(302, headers={"Location": "file:///etc/passwd"}))
    rej = fast_fetcher().fetch(url)
    assert isinstance(rej, Reject)
    assert rej.kind == "bad-url"
    assert "not an http:// or https:// URL" in rej.reason


@pytest.mark.parametrize("url", ["ftp://example.org/report.html", "report.html", "http:///nohost"])
def test_not_a_web_url(url: str) -> None:
    rej = fast_fetcher().fetch(url)
    assert isinstance(rej, Reject)
    assert rej.kind == "bad-url"
    assert rej.input == url


def test_pdf_is_not_a_web_page(site: LocalSite) -> None:
    url = site.add("/report.pdf", Reply(body=b"%PDF-1.7\n" + b"\x00" * 5000, content_type="application/pdf"))
    rej = fast_fetcher().fetch(url)
    assert isinstance(rej, Reject)
    assert (rej.kind, rej.reason) == ("content-type", "content type application/pdf is not a web page")


@pytest.mark.parametrize("content_length", [True, False], ids=["declared", "streamed"])
def test_body_over_the_size_limit(site: LocalSite, content_length: bool) -> None:
    big = KAFR_NABL.replace("</article>", "<p>" + "Reports of shelling. " * 12_000 + "</p></article>")
    url = site.add("/big", Reply(body=big.encode(), content_length=content_length))
    rej = fast_fetcher(max_bytes=50_000).fetch(url)
    assert isinstance(rej, Reject)
    assert rej.kind == "too-large"
    assert "50 kB limit" in rej.reason


def test_gzip_encoded_response(site: LocalSite) -> None:
    url = site.add(
        "/syria/kafr-nabl-shelling",
        Reply(body=gzip.compress(KAFR_NABL.encode()), headers={"Content-Encoding": "gzip"}),
    )
    art = fast_fetcher().fetch(url)
    assert isinstance(art, Article), art
    assert art.title == KAFR_NABL_TITLE
    assert "gzip" in site.hits_for("/syria/kafr-nabl-shelling")[0].headers["Accept-Encoding"]


def test_gzip_bomb_is_refused(site: LocalSite) -> None:
    bomb = gzip.compress(b"<html><body><p>" + b" " * 5_000_000 + b"</p></body></html>")
    url = site.add("/bomb", Reply(body=bomb, headers={"Content-Encoding": "gzip"}))
    rej = fast_fetcher(max_bytes=1_000_000).fetch(url)
    assert isinstance(rej, Reject)
    assert rej.kind == "too-large"


# --- robots.txt and politeness ---------------------------------------------------


def test_robots_txt_is_respected_and_fetched_once(site: LocalSite) -> None:
    site.add("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    private = site.page("/private/sources.html", KAFR_NABL)
    public = site.page("/syria/kafr-nabl-shelling", KAFR_NABL)
    fetcher = fast_fetcher()
    rej = fetcher.fetch(private)
    assert isinstance(rej, Reject)
    assert rej.kind == "robots"
    assert rej.reason.startswith("disallowed by robots.txt")
    assert isinstance(fetcher.fetch(public), Article)
    assert isinstance(fetcher.fetch(public), Article)
    assert len(site.hits_for("/robots.txt")) == 1
    assert site.hits_for("/private/sources.html") == []  # never requested
    # Someone who has permission can switch the check off.
    assert isinstance(fast_fetcher(respect_robots=False).fetch(private), Article)


def test_robots_txt_naming_fogwatch(site: LocalSite) -> None:
    rules = b"User-agent: fogwatch\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    site.add("/robots.txt", Reply(body=rules, content_type="text/plain"))
    rej = fast_fetcher().fetch(site.page("/syria/kafr-nabl-shelling", KAFR_NABL))
    assert isinstance(rej, Reject) and rej.kind == "robots"


def test_robots_txt_server_error_means_wait(site: LocalSite) -> None:
    site.add("/robots.txt", Reply(503))
    rej = fast_fetcher(retries=0).fetch(site.page("/syria/kafr-nabl-shelling", KAFR_NABL))
    assert isinstance(rej, Reject)
    assert rej.kind == "robots-unavailable" and is_transient(rej.kind)
    assert "robots.txt answered HTTP 503" in rej.reason


def test_requests_to_one_host_are_spaced(site: LocalSite) -> None:
    delay = 0.3
    urls = [site.page(f"/syria/{i}", KAFR_NABL) for i in range(2)]
    fetcher = fast_fetcher(host_delay=delay)
    started = time.monotonic()
    for url in urls:  # two calls: the pacing is shared by every request of one Fetcher
        assert isinstance(fetcher.fetch(url), Article)
    elapsed = time.monotonic() - started
    assert [h.path for h in site.hits] == ["/robots.txt", "/syria/0", "/syria/1"]
    # The pacer spaces the starts of the three requests (robots.txt, then the two pages) on
    # this side; measured here, no network or server-thread jitter can shorten that.
    assert elapsed >= 2 * delay - 0.01, elapsed


# --- retries -----------------------------------------------------------------------


def test_503_then_200_is_retried(site: LocalSite) -> None:
    url = site.add("/flaky", Reply(503), Reply(body=KAFR_NABL.encode()))
    art = fast_fetcher().fetch(url)
    assert isinstance(art, Article), art
    assert len(site.hits_for("/flaky")) == 2


def test_503_every_time_gives_up(site: LocalSite) -> None:
    url = site.add("/down", Reply(503))
    rej = fast_fetcher(retries=2).fetch(url)
    assert isinstance(rej, Reject)
    assert (rej.kind, rej.reason) == ("http-503", "HTTP 503 Service Unavailable (3 tries)")
    assert len(site.hits_for("/down")) == 3


def test_retry_after_is_honoured(site: LocalSite) -> None:
    slept: list[float] = []
    url = site.add("/busy", Reply(429, headers={"Retry-After": "7"}), Reply(body=KAFR_NABL.encode()))
    art = fast_fetcher(sleep=slept.append).fetch(url)
    assert isinstance(art, Article), art
    assert 7.0 in slept


def test_retry_after_beyond_the_cap_gives_up(site: LocalSite) -> None:
    url = site.add("/busy", Reply(429, headers={"Retry-After": "3600"}))
    rej = fast_fetcher(max_retry_after=60).fetch(url)
    assert isinstance(rej, Reject)
    assert rej.kind == "http-429"
    assert "asks to wait 3600 s, more than the 60 s fogwatch waits" in rej.reason
    assert len(site.hits_for("/busy")) == 1


def test_connection_refused() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    rej = fast_fetcher(retries=1).fetch(f"http://127.0.0.1:{port}/")
    assert isinstance(rej, Reject)
    assert rej.kind == "connection"
    assert rej.reason.endswith("(2 tries)")


# --- dates from headers, and the step wrappers ------------------------------------------

LAST_MODIFIED = "Thu, 13 Feb 2020 18:05:00 GMT"


def test_last_modified_only_when_nothing_else_dates_the_page(site: LocalSite) -> None:
    undated = site.page("/market", UNDATED, headers={"Last-Modified": LAST_MODIFIED})
    dated = site.page("/syria/kafr-nabl-shelling", KAFR_NABL, headers={"Last-Modified": LAST_MODIFIED})
    fetcher = fast_fetcher()

    art = fetcher.fetch(undated)
    assert isinstance(art, Article)
    assert art.published is None  # not at fetch time: cleaning may still find a dateline
    assert art.meta["http_last_modified"].startswith("2020-02-13T18:05:00")
    use_http_date(art)
    assert (art.published, art.published_evidence) == (date(2020, 2, 13), "http-header")

    art = fetcher.fetch(dated)
    assert isinstance(art, Article)
    use_http_date(art)
    assert (art.published, art.published_evidence) == (date(2020, 2, 12), "html-metadata")


def test_fetch_step_in_a_chain(site: LocalSite) -> None:
    good = site.page("/market", UNDATED, headers={"Last-Modified": LAST_MODIFIED})
    gone = site.url("/gone")
    counters = Counters()
    steps = [FetchStep(fast_fetcher()), CleanStep(), HttpDateStep()]
    out = list(run_chain(steps, [Input(good, "url"), Input(gone, "url")], counters))
    arts = [r for r in out if isinstance(r, Article)]
    rejs = [r for r in out if isinstance(r, Reject)]
    assert [a.source for a in arts] == [good]
    assert arts[0].published_evidence == "http-header"
    assert [(r.input, r.kind) for r in rejs] == [(gone, "http-404")]
    assert counters.step("fetch").rejected["http-404"] == 1


@pytest.mark.parametrize(
    "kwargs",
    [
        {"timeout": 0},
        {"timeout": -1},
        {"retries": -1},
        {"backoff": -0.5},
        {"max_bytes": 0},
        {"user_agent": ""},
        {"user_agent": "fogwatch\r\nX-Evil: 1"},
        {"host_delay": -1},
        {"max_redirects": -1},
    ],
)
def test_bad_fetcher_arguments(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Fetcher(**kwargs)
