"""Safe fetching against real servers on loopback: address guard, overall deadline, many hosts at once.

Nothing here sends a packet beyond 127.0.0.0/8: addresses the guard refuses
(169.254.169.254, 10.0.0.1, ...) are refused before any connection is made.
"""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.ingest.web import Fetcher, address_problem, is_transient, system_resolver
from fogwatch.model import Article, Reject
from tests.ingest.test_web import KAFR_NABL, KAFR_NABL_TITLE, LocalSite, Reply

LOCAL = "127.0.0.1/32"


def guarded_fetcher(**kw: Any) -> Fetcher:
    """A fetcher that may reach the test server on 127.0.0.1 and no other private address."""
    args: dict[str, Any] = {"timeout": 2.0, "retries": 0, "backoff": 0.01, "host_delay": 0.0}
    args["allow_networks"] = [LOCAL]
    args.update(kw)
    return Fetcher(**args)


@pytest.fixture
def site() -> Iterator[LocalSite]:
    s = LocalSite()
    yield s
    s.close()


# --- which addresses -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "cloud metadata"),
        ("169.254.10.10", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("64:ff9b::a9fe:a9fe", "cloud metadata"),  # NAT64 of 169.254.169.254
        ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
        ("100.64.0.1", "not a public address"),  # carrier-grade NAT
        ("240.0.0.1", "reserved"),
    ],
)
def test_non_public_addresses_are_named(address: str, words: str) -> None:
    problem = address_problem(address)
    assert problem is not None and words in problem


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.215.14", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert address_problem(address) is None


def test_loopback_is_refused_by_default(site: LocalSite) -> None:
    url = site.page("/syria/kafr-nabl-shelling", KAFR_NABL)
    rej = Fetcher(retries=0).fetch(url)
    assert isinstance(rej, Reject)
    assert rej.kind == "private-address"
    assert rej.reason == (
        "refused: 127.0.0.1 is a loopback address; fogwatch fetches only from public addresses "
        "unless run with --allow-private"
    )
    assert not is_transient(rej.kind)
    assert site.hits == []  # not even robots.txt was asked for
    assert isinstance(Fetcher(retries=0, allow_private=True, host_delay=0).fetch(url), Article)


def test_a_name_that_resolves_to_loopback_is_refused(site: LocalSite) -> None:
    url = f"http://localhost:{site.port}/"
    rej = Fetcher(retries=0).fetch(url)
    assert isinstance(rej, Reject)
    assert rej.kind == "private-address"
    assert rej.reason.startswith("refused: localhost resolves to ")
    assert "a loopback address" in rej.reason
    assert site.hits == []


@pytest.mark.parametrize(
    ("location", "words"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address (where cloud metadata"),
        ("http://10.0.0.1/admin", "10.0.0.1 is a private address"),
        ("http://[::1]:{port}/syria/kafr-nabl-shelling", "::1 is a loopback address"),
        # An address spelt in octal is still a name that resolves to a loopback address.
        ("http://0177.0.0.2:{port}/syria/kafr-nabl-shelling", "0177.0.0.2 resolves to 127.0.0.2"),
    ],
    ids=["metadata", "private", "ipv6-loopback", "octal"],
)
def test_redirects_to_private_addresses_are_refused(site: LocalSite, location: str, words: str) -> None:
    site.page("/syria/kafr-nabl-shelling", KAFR_NABL)
    target = location.format(port=site.port)
    url = site.add("/go", Reply(302, headers={"Location": target}))
    rej = guarded_fetcher().fetch(url)
    assert isinstance(rej, Reject), rej
    assert rej.kind == "private-address"
    assert rej.input == url
    assert rej.reason.startswith(f"redirected to {target}: refused: ")
    assert words in rej.reason
    assert "--allow-private" in rej.reason
    assert site.hits_for("/syria/kafr-nabl-shelling") == []


def test_the_connection_goes_to_the_address_that_was_checked(site: LocalSite) -> None:
    # A name whose answer changes between two look-ups (DNS rebinding): each request
    # resolves it once, checks that answer, and connects to that very address.
    url = site.page("/syria/kafr-nabl-shelling", KAFR_NABL).replace("127.0.0.1", "rebind.test")
    answers = [["127.0.0.1"], ["169.254.169.254"]]
    asked: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        asked.append(host)
        return answers.pop(0) if len(answers) > 1 else answers[0]

    fetcher = guarded_fetcher(resolver=resolver, respect_robots=False)
    art = fetcher.fetch(url)
    assert isinstance(art, Article), art
    assert art.title == KAFR_NABL_TITLE
    assert asked == ["rebind.test"]  # one look-up for the one request
    (hit,) = site.hits
    assert hit.headers["Host"] == f"rebind.test:{site.port}"  # the site is asked for by name

    rej = fetcher.fetch(url)  # the name now points at the metadata service
    assert isinstance(rej, Reject)
    assert rej.kind == "private-address"
    assert "rebind.test resolves to 169.254.169.254" in rej.reason
    assert len(site.hits) == 1


def test_an_internationalised_name_is_resolved_and_sent_in_its_idna_form(site: LocalSite) -> None:
    url = site.page("/syria/kafr-nabl-shelling", KAFR_NABL).replace("127.0.0.1", "ادلب.example")
    asked: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        asked.append(host)
        return ["127.0.0.1"]

    art = guarded_fetcher(resolver=resolver, respect_robots=False).fetch(url)
    assert isinstance(art, Article), art
    assert asked == ["xn--mgbcu8f.example"]
    assert site.hits[0].headers["Host"] == f"xn--mgbcu8f.example:{site.port}"


def test_a_host_that_does_not_resolve() -> None:
    rej = Fetcher(retries=0).fetch("http://no-such-host.invalid/")
    assert isinstance(rej, Reject)
    assert rej.kind == "dns"
    assert rej.reason.startswith("cannot find the host no-such-host.invalid")


@pytest.mark.parametrize("url", ["http://[::1/", "http://example.org:99999/", "http://example.org:0/"])
def test_broken_urls_are_rejected_not_raised(url: str) -> None:
    rej = Fetcher(retries=0).fetch(url)
    assert isinstance(rej, Reject)
    assert rej.kind == "bad-url"
    assert rej.input == url


def test_system_resolver_lists_each_address_once() -> None:
    addresses = system_resolver("localhost", 80)
    assert addresses and len(addresses) == len(set(addresses))
    assert all(address_problem(a) is not None for a in addresses)


# --- the overall deadline ----------------------------------------------------------------


class TrickleServer:
    """A server on 127.0.0.1 that answers one byte at a time, `interval` seconds apart.

    `headers_first=False` trickles the status line and headers (the case a read
    timeout never catches); True sends them at once and trickles the body. It
    stops by itself after `limit` bytes, or as soon as the client goes away.
    """

    def __init__(self, interval: float = 0.05, headers_first: bool = False, limit: int = 2000) -> None:
        self.interval = interval
        self.headers_first = headers_first
        self.limit = limit
        self.connections = 0
        self._closing = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self._closing.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        body = KAFR_NABL.encode()
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"X-Padding: {'x' * 1000}\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        with conn:
            try:
                conn.recv(65536)
                if self.headers_first:
                    conn.sendall(head)
                    slow = body
                else:
                    slow = head + body
                for i in range(min(len(slow), self.limit)):
                    if self._closing.wait(self.interval):
                        return
                    conn.sendall(slow[i : i + 1])
            except OSError:
                return  # the client gave up: what the tests want

    def close(self) -> None:
        self._closing.set()
        self.sock.close()
        self._thread.join(timeout=5)


@pytest.mark.parametrize("headers_first", [False, True], ids=["trickled-headers", "trickled-body"])
def test_a_trickling_server_fails_at_the_deadline(headers_first: bool) -> None:
    server = TrickleServer(headers_first=headers_first)
    try:
        started = time.monotonic()
        rej = guarded_fetcher(timeout=1.0, deadline=1.5, retries=2, respect_robots=False).fetch(server.url())
        elapsed = time.monotonic() - started
    finally:
        server.close()
    assert isinstance(rej, Reject)
    assert rej.kind == "timeout"
    assert rej.reason == (
        "the server took more than 1.5 s to send its answer (headers and body); "
        "fogwatch gives up on a request after 1.5 s"
    )
    assert is_transient(rej.kind)  # a watch tries it again in a later round...
    assert server.connections == 1  # ...but not at once: a server this slow is as slow a second later
    # Each byte came well within the 1 s read timeout, so only the deadline can have stopped it;
    # the whole answer would have taken over a minute.
    assert elapsed < 30, elapsed


@pytest.mark.parametrize("kwargs", [{"deadline": 0}, {"deadline": float("inf")}, {"concurrency": 0}])
def test_bad_safety_arguments(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Fetcher(**kwargs)


def test_bad_allowed_network() -> None:
    with pytest.raises(ValueError, match="allow_networks"):
        Fetcher(allow_networks=["10.0.0.0/33"])


# --- several hosts at once -------------------------------------------------------------

HOSTS = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"]


@pytest.fixture
def sites() -> Iterator[list[LocalSite]]:
    made = [LocalSite(host) for host in HOSTS]
    yield made
    for s in made:
        s.close()


def test_many_hosts_are_fetched_at_once_and_each_politely(sites: list[LocalSite]) -> None:
    delay = 0.4
    urls = [s.page(f"/news/{i}", KAFR_NABL) for i in range(3) for s in sites]
    fetcher = Fetcher(allow_private=True, host_delay=delay, retries=0, concurrency=4)
    got = dict(fetcher.fetch_many(urls))
    assert set(got) == set(urls)
    assert all(isinstance(r, Article) for r in got.values())
    for s in sites:
        times = [h.at for h in s.hits]
        assert s.hits[0].path == "/robots.txt"
        assert len(times) == 4
        # Per host, the pacing between requests. Measured where they arrive, so a busy machine's
        # thread scheduling may shift one arrival a little; over the run it cannot add up to less.
        assert times[-1] - times[0] >= (len(times) - 1) * delay - 0.1, times
        assert all(b - a > delay / 3 for a, b in itertools.pairwise(times)), times
    # Across hosts: every site had its first request before any site had its last, which
    # one host after another (each taking its 3 x 0.4 s of pacing) could not give.
    firsts = [s.hits[0].at for s in sites]
    lasts = [s.hits[-1].at for s in sites]
    assert max(firsts) < min(lasts)


def test_one_failing_host_does_not_stop_the_others(sites: list[LocalSite]) -> None:
    good = [s.page("/news/a", KAFR_NABL) for s in sites]
    gone = sites[0].url("/news/gone")
    broken = "http://broken.test/news"

    def resolver(host: str, port: int) -> list[str]:
        if host == "broken.test":
            raise RuntimeError("resolver crashed")  # an error nobody foresaw
        return system_resolver(host, port)

    fetcher = Fetcher(allow_private=True, host_delay=0, retries=0, resolver=resolver)
    got = dict(fetcher.fetch_many([*good, gone, broken]))
    assert all(isinstance(got[u], Article) for u in good)
    assert isinstance(got[gone], Reject) and got[gone].kind == "http-404"
    rej = got[broken]
    assert isinstance(rej, Reject)
    assert rej.kind == "error"
    assert "RuntimeError: resolver crashed" in rej.reason


def test_stop_starts_no_new_request(site: LocalSite) -> None:
    stop = threading.Event()
    first = site.add("/news/0", Reply(body=KAFR_NABL.encode(), on_request=stop.set))
    rest = [site.page(f"/news/{i}", KAFR_NABL) for i in range(1, 4)]
    fetcher = Fetcher(allow_private=True, host_delay=0, retries=0, respect_robots=False)
    got = list(fetcher.fetch_many([first, *rest], stop=stop))
    assert [u for u, _ in got] == [first]  # the page in hand arrives; no other is asked for
    assert [h.path for h in site.hits] == ["/news/0"]


# --- the command --------------------------------------------------------------------------


def test_cli_ingest_refuses_a_local_url_unless_allowed(site: LocalSite, cli: CliRunner, db: str) -> None:
    url = site.page("/syria/kafr-nabl-shelling", KAFR_NABL)
    res = cli.invoke(app, ["ingest", url, "--db", db])
    assert res.exit_code == 0, res.output
    assert "0 new articles stored" in res.output and "1 rejected" in res.output
    assert "refused: 127.0.0.1 is a loopback address" in res.output
    assert site.hits == []
    res = cli.invoke(app, ["ingest", url, "--allow-private", "--db", db])
    assert res.exit_code == 0, res.output
    assert "1 new articles stored" in res.output
