"""RSS and Atom feeds: parsing, and watching feeds served by a real local HTTP server."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.ingest.feeds import FeedError, FeedRound, FeedWatcher, parse_date, parse_feed, parse_interval, watch
from fogwatch.store import Store, schema
from tests.ingest.test_web import KAFR_NABL, KAFR_NABL_TITLE, LocalSite, Reply, fast_fetcher, report_page

FEED_URL = "https://monitor.example/feed.xml"

PAGES = {
    "/news/idlib-market": (
        "Artillery hits market in Maarat al-Numan",
        "Residents of Maarat al-Numan said artillery fire struck the covered market shortly after dawn, "
        "damaging at least a dozen shops and a bakery that had been feeding displaced families.",
    ),
    "/news/saraqib-convoy": (
        "Convoy crosses into Idlib at Kafr Lusin",
        "A convoy of armoured vehicles crossed the border at Kafr Lusin on Thursday evening, witnesses said, "
        "heading south towards observation posts around Saraqib.",
    ),
    "/news/atmeh-camp": (
        "Atmeh camp receives new arrivals",
        "Camp managers in Atmeh said more than two hundred families arrived overnight from the southern "
        "countryside, many of them sleeping in the open because tents had run out.",
    ),
}
# Feed dates, one per page; the pages themselves carry no date.
FEED_DATES = ["Mon, 10 Feb 2020 06:15:00 +0200", "Tue, 11 Feb 2020 21:40:00 GMT", "Wed, 12 Feb 2020 09:05:00 +0300"]
ATOM_DATES = ["2020-02-10T06:15:00+02:00", "2020-02-11T21:40:00Z", "2020-02-12T09:05:00+03:00"]


def serve_pages(site: LocalSite, *, titled: bool = False) -> None:
    for path, (title, lead) in PAGES.items():
        body = [lead, "The claim could not be independently verified, and officials did not respond to requests."]
        site.page(path, report_page(title if titled else None, body, site="Idlib Observer"))


def rss(items: list[tuple[str, str, str, str]], title: str = "Idlib Observer") -> str:
    """items: (guid, link, title, pubDate)."""
    body = "".join(
        f'<item><title>{t}</title><link>{link}</link><guid isPermaLink="false">{guid}</guid>'
        f"<pubDate>{when}</pubDate><description>{t}.</description></item>"
        for guid, link, t, when in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://monitor.example/</link>{body}</channel></rss>"
    )


def atom(entries: list[tuple[str, str, str, str]], title: str = "Idlib Observer") -> str:
    body = "".join(
        f"<entry><id>{eid}</id><title>{t}</title>"
        f'<link rel="alternate" type="text/html" href="{link}"/><link rel="edit" href="/edit/{eid}"/>'
        f"<published>{when}</published><updated>{when}</updated></entry>"
        for eid, link, t, when in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:feed:idlib</id><updated>2020-02-12T09:05:00Z</updated>{body}</feed>"
    )


def serve_feed(site: LocalSite, kind: str, path: str = "/feed.xml", links: list[str] | None = None) -> str:
    links = [site.url(p) for p in PAGES] if links is None else links
    titles = [t for t, _ in PAGES.values()]
    if kind == "rss":
        doc = rss([(f"idlib-{i}", link, titles[i], FEED_DATES[i]) for i, link in enumerate(links)])
        ctype = "application/rss+xml"
    else:
        doc = atom([(f"urn:idlib:{i}", link, titles[i], ATOM_DATES[i]) for i, link in enumerate(links)])
        ctype = "application/atom+xml"
    return site.add(path, Reply(body=doc.encode(), content_type=ctype))


@pytest.fixture
def site() -> Iterator[LocalSite]:
    s = LocalSite()
    yield s
    s.close()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(str(tmp_path / "feeds.db"))


def page_hits(site: LocalSite) -> int:
    return sum(1 for h in site.hits if h.path.startswith("/news/"))


def entry_status(store: Store) -> dict[str, tuple[str, int]]:
    fe = schema.feed_entries
    with store.engine.connect() as conn:
        rows = conn.execute(select(fe.c.link, fe.c.status, fe.c.attempts)).all()
    return {r.link: (r.status, r.attempts) for r in rows}


def run_rounds(store: Store, feeds: list[str], rounds: int, **kw: Any) -> list[list[FeedRound]]:
    seen: list[list[FeedRound]] = []
    watch(feeds, store, fast_fetcher(**kw), max_rounds=rounds, on_round=lambda _n, r: seen.append(r))
    return seen


# --- parsing -----------------------------------------------------------------------


def test_parse_rss() -> None:
    doc = rss(
        [
            ("idlib-1", "/news/idlib-market", "Artillery hits market &amp;amp; bakery", FEED_DATES[0]),
            ("idlib-2", "https://other.example/a", "Convoy crosses", "2020-02-11T21:40:00Z"),
        ]
    )
    feed = parse_feed(doc.encode(), FEED_URL)
    assert feed.title == "Idlib Observer"
    first, second = feed.entries
    assert first.id == "idlib-1"
    assert first.link == "https://monitor.example/news/idlib-market"  # relative to the feed
    assert first.title == "Artillery hits market & bakery"
    assert first.published == datetime(2020, 2, 10, 6, 15, tzinfo=timezone(timedelta(hours=2)))
    assert first.date == date(2020, 2, 10)  # the publisher's day, not UTC's (it was the 10th in Idlib)
    assert second.link == "https://other.example/a"
    assert second.date == date(2020, 2, 11)


def test_parse_rss_without_guid_or_link() -> None:
    doc = (
        "<rss version='2.0'><channel><title>t</title>"
        "<item><title>Only a guid</title><guid>https://monitor.example/p/7</guid></item>"
        "<item><title>No link at all</title><description>Shelling near Afes.</description></item>"
        "</channel></rss>"
    )
    a, b = parse_feed(doc.encode(), FEED_URL).entries
    assert (a.id, a.link) == ("https://monitor.example/p/7", "https://monitor.example/p/7")
    assert (b.id, b.link) == ("No link at all", None)


def test_parse_atom() -> None:
    doc = atom([("urn:idlib:1", "/news/atmeh-camp", "Atmeh camp", ATOM_DATES[2])]).replace(
        "<title>Atmeh camp</title>", '<title type="html">&lt;b&gt;Atmeh&lt;/b&gt; camp &amp;amp; clinic</title>'
    )
    feed = parse_feed(doc.encode(), FEED_URL)
    (entry,) = feed.entries
    assert entry.id == "urn:idlib:1"
    assert entry.link == "https://monitor.example/news/atmeh-camp"  # rel=alternate, not rel=edit
    assert entry.title == "Atmeh camp & clinic"
    assert entry.published == datetime(2020, 2, 12, 9, 5, tzinfo=timezone(timedelta(hours=3)))
    assert entry.updated == entry.published


def test_an_entry_listed_twice_is_one_entry() -> None:
    doc = rss([("g1", "/a", "A", FEED_DATES[0]), ("g1", "/a", "A", FEED_DATES[0])])
    assert len(parse_feed(doc.encode(), FEED_URL).entries) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wed, 12 Feb 2020 08:30:00 GMT", datetime(2020, 2, 12, 8, 30, tzinfo=UTC)),
        ("12 Feb 2020 08:30 +0200", datetime(2020, 2, 12, 8, 30, tzinfo=timezone(timedelta(hours=2)))),
        ("2020-02-12T08:30:00Z", datetime(2020, 2, 12, 8, 30, tzinfo=UTC)),
        ("2020-02-12t08:30:00.5z", datetime(2020, 2, 12, 8, 30, 0, 500000, tzinfo=UTC)),
        ("2020-02-12T08:30:00+03:00", datetime(2020, 2, 12, 8, 30, tzinfo=timezone(timedelta(hours=3)))),
        ("2020-02-12", datetime(2020, 2, 12)),
        ("last Tuesday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(text: str | None, expected: datetime | None) -> None:
    assert parse_date(text) == expected


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&secret;</title></channel></rss>"""


@pytest.mark.parametrize(
    "data",
    [
        BILLION_LAUGHS,
        EXTERNAL,
        '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE rss [<!ENTITY a "b">]><rss version="2.0"><channel/></rss>'.encode(
            "utf-16"
        ),
    ],
    ids=["entity-expansion", "external-entity", "utf-16"],
)
def test_entities_are_refused(data: bytes) -> None:
    with pytest.raises(FeedError) as exc:
        parse_feed(data, FEED_URL)
    assert exc.value.kind == "unsafe"
    assert "DOCTYPE" in exc.value.reason and "ENTITY" in exc.value.reason


def test_a_doctype_alone_is_read_and_its_dtd_never_fetched(site: LocalSite, store: Store) -> None:
    # RSS 0.91 feeds carry Netscape's DOCTYPE; nothing in it is fetched or expanded.
    serve_pages(site)
    dtd = site.add(
        "/rss-0.91.dtd", Reply(body=b'<!ENTITY secret SYSTEM "file:///etc/passwd">', content_type="text/plain")
    )
    items = "".join(f"<item><title>{t}</title><link>{site.url(p)}</link></item>" for p, (t, _) in PAGES.items())
    doc = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "{dtd}">\n'
        f'<rss version="0.91"><channel><title>Idlib Observer</title><link>{site.url("/")}</link>'
        f"<description>News</description><language>en</language>{items}</channel></rss>"
    )
    feed = site.add("/rss091.xml", Reply(body=doc.encode(), content_type="text/xml"))
    ((result,),) = run_rounds(store, [feed], rounds=1)
    assert (result.error, result.new, result.stored) == (None, 3, 3)
    assert site.hits_for("/rss-0.91.dtd") == []


@pytest.mark.parametrize(
    ("data", "kind", "words"),
    [
        (b"<rss version='2.0'><channel><item><title>Afes</item></channel></rss>", "malformed", "not well-formed XML"),
        (b"<html><body><p>Our news</p></body></html>", "not-a-feed", "a web page, not its feed"),
        (b"<rss version='2.0'></rss>", "not-a-feed", "no <channel>"),
        (b"  \n", "empty", "empty"),
    ],
)
def test_bad_feeds_say_what_is_wrong(data: bytes, kind: str, words: str) -> None:
    with pytest.raises(FeedError) as exc:
        parse_feed(data, FEED_URL)
    assert exc.value.kind == kind
    assert words in exc.value.reason


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("10m", 600), ("1h", 3600), ("1h30m", 5400), (" 2M ", 120)])
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "10", "ten minutes", "10x", "0s", "-5m", "m"])
def test_bad_interval(text: str) -> None:
    with pytest.raises(ValueError, match="like 30s, 10m or 1h"):
        parse_interval(text)


# --- watching ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_watch_stores_new_entries_once(site: LocalSite, store: Store, kind: str) -> None:
    serve_pages(site)
    feed = serve_feed(site, kind)
    first, second = run_rounds(store, [feed], rounds=2)
    assert (first[0].new, first[0].stored, first[0].rejected) == (3, 3, 0)
    assert (second[0].new, second[0].stored, second[0].rejected) == (0, 0, 0)
    assert first[0].line() == f"feed {feed}: 3 new entries, 3 stored, 0 rejected"
    assert page_hits(site) == 3
    assert store.count("articles") == 3
    # watched pages count towards learned site boilerplate like any ingested article
    assert store.count("article_groups") >= 3

    arts = {a.source: a for a in store.articles()}
    market = arts[site.url("/news/idlib-market")]
    # The page has neither a title nor a date: both come from the feed entry.
    assert market.title == "Artillery hits market in Maarat al-Numan"
    assert (market.published, market.published_evidence) == (date(2020, 2, 10), "feed")
    assert market.site == "Idlib Observer"
    assert market.meta["feed"] == feed
    assert "covered market shortly after dawn" in market.text

    # A second run, with a fresh fetcher and store handle, fetches nothing already seen.
    again = Store.open(str(store.engine.url.database))
    (third,) = run_rounds(again, [feed], rounds=1)
    assert third[0].new == 0
    assert page_hits(site) == 3
    assert len(site.hits_for("/feed.xml")) == 3


def test_page_title_and_date_win_over_the_feed(site: LocalSite, store: Store) -> None:
    site.page("/news/kafr-nabl", KAFR_NABL)
    feed = serve_feed(site, "rss", links=[site.url("/news/kafr-nabl")])
    run_rounds(store, [feed], rounds=1)
    (art,) = list(store.articles())
    assert art.title == KAFR_NABL_TITLE
    assert (art.published, art.published_evidence) == (date(2020, 2, 12), "html-metadata")


def test_entry_whose_page_is_gone_is_rejected_once(site: LocalSite, store: Store) -> None:
    serve_pages(site)
    links = [site.url("/news/idlib-market"), site.url("/news/deleted-story"), site.url("/news/atmeh-camp")]
    feed = serve_feed(site, "rss", links=links)
    rounds = run_rounds(store, [feed], rounds=3)
    assert (rounds[0][0].stored, rounds[0][0].rejected, rounds[0][0].to_retry) == (2, 1, 0)
    assert [r[0].rejected for r in rounds[1:]] == [0, 0]
    # A 404 is final: recorded as rejected, never asked for again.
    assert len(site.hits_for("/news/deleted-story")) == 1
    assert entry_status(store)[links[1]] == ("rejected", 1)
    assert [(r.input, r.kind) for r in store.rejects()] == [(links[1], "http-404")]


def test_transient_failures_are_retried_a_few_rounds_then_given_up(site: LocalSite, store: Store) -> None:
    serve_pages(site)
    site.add("/news/atmeh-camp", Reply(503))
    feed = serve_feed(site, "rss")
    link = site.url("/news/atmeh-camp")
    rounds = run_rounds(store, [feed], rounds=5, retries=0)
    assert [(r[0].retried, r[0].rejected, r[0].to_retry) for r in rounds] == [
        (0, 1, 1),
        (1, 1, 1),
        (1, 1, 0),
        (0, 0, 0),
        (0, 0, 0),
    ]
    assert "1 to retry later" in rounds[0][0].line()
    assert len(site.hits_for("/news/atmeh-camp")) == 3  # FeedWatcher's default max_attempts
    assert entry_status(store)[link] == ("rejected", 3)


def test_a_page_that_recovers_is_stored_and_its_reject_cleared(site: LocalSite, store: Store) -> None:
    serve_pages(site)
    site.add("/news/atmeh-camp", Reply(503), Reply(body=report_page(None, [PAGES["/news/atmeh-camp"][1]]).encode()))
    feed = serve_feed(site, "rss")
    run_rounds(store, [feed], rounds=2, retries=0)
    assert store.count("articles") == 3
    assert store.rejects() == []
    assert entry_status(store)[site.url("/news/atmeh-camp")] == ("stored", 2)


def test_a_bad_feed_does_not_stop_the_others(site: LocalSite, store: Store) -> None:
    serve_pages(site)
    broken = site.add("/broken.xml", Reply(body=b"<rss version='2.0'><channel><item>", content_type="text/xml"))
    unsafe = site.add("/unsafe.xml", Reply(body=BILLION_LAUGHS, content_type="text/xml"))
    missing = site.url("/missing.xml")
    good = serve_feed(site, "atom")
    ((r_broken, r_unsafe, r_missing, r_good),) = run_rounds(store, [broken, unsafe, missing, good], rounds=1)
    assert r_broken.error is not None and "not well-formed XML" in r_broken.error
    assert r_broken.line().startswith(f"feed {broken}: could not read the feed: the feed is not well-formed XML")
    assert r_unsafe.error is not None and "DOCTYPE" in r_unsafe.error
    assert r_missing.error == "HTTP 404 Not Found"
    assert (r_good.error, r_good.stored) == (None, 3)
    assert {(r.input, r.step, r.kind) for r in store.rejects()} == {
        (broken, "feed", "malformed"),
        (unsafe, "feed", "unsafe"),
        (missing, "feed", "http-404"),
    }


def test_one_page_in_two_feeds_is_fetched_once(site: LocalSite, store: Store) -> None:
    serve_pages(site)
    rss_feed = serve_feed(site, "rss", path="/rss.xml")
    atom_feed = serve_feed(site, "atom", path="/atom.xml")
    ((a, b),) = run_rounds(store, [rss_feed, atom_feed], rounds=1)
    assert (a.stored, b.stored, b.duplicates) == (3, 0, 3)
    assert page_hits(site) == 3
    assert "3 already stored" in b.line()


def test_stop_ends_the_watch_between_pages(site: LocalSite, store: Store) -> None:
    serve_pages(site)
    stop = threading.Event()
    # As if Ctrl-C came while the first page was loading.
    first = "/news/idlib-market"
    site.add(first, Reply(body=report_page(None, [PAGES[first][1]]).encode(), on_request=stop.set))
    feed = serve_feed(site, "rss")
    started = time.monotonic()
    assert watch([feed], store, fast_fetcher(), every=60, stop=stop) == 1
    assert time.monotonic() - started < 5
    assert store.count("articles") == 1  # the page in hand is stored; the rest wait for the next run
    (second,) = run_rounds(store, [feed], rounds=1)
    assert (second[0].new, second[0].stored) == (2, 2)


def test_rounds_are_spaced_by_every(site: LocalSite, store: Store) -> None:
    feed = serve_feed(site, "rss", links=[])
    started = time.monotonic()
    assert watch([feed], store, fast_fetcher(), every=0.3, max_rounds=2) == 2
    assert time.monotonic() - started >= 0.3


@pytest.mark.parametrize(("kw", "words"), [({"every": -1}, "every"), ({"max_rounds": 0}, "max_rounds")])
def test_bad_watch_arguments(store: Store, kw: dict[str, Any], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        watch([FEED_URL], store, fast_fetcher(), **kw)


def test_bad_watcher_arguments(store: Store) -> None:
    with pytest.raises(ValueError):
        FeedWatcher(store, fast_fetcher(), max_attempts=0)


# --- the command -------------------------------------------------------------------
# The command uses the default Fetcher (1 s between requests to a host), so these
# feeds are small: every request to the local site costs a second.


def test_cli_watch_one_round(site: LocalSite, cli: CliRunner, db: str) -> None:
    site.page("/news/kafr-nabl", KAFR_NABL)
    feed = serve_feed(site, "rss", links=[site.url("/news/kafr-nabl")])
    res = cli.invoke(app, ["watch", feed, "--allow-private", "--db", db])
    assert res.exit_code == 0, res.output
    assert f"feed {feed}: 1 new entries, 1 stored, 0 rejected" in res.output
    assert "round" not in res.output  # one round: no round numbers


def test_cli_bad_interval(cli: CliRunner, db: str) -> None:
    res = cli.invoke(app, ["watch", FEED_URL, "--every", "10x", "--db", db])
    assert res.exit_code == 2
    assert "like 30s, 10m or 1h" in res.output


def test_cli_watch_refuses_a_local_feed_without_allow_private(site: LocalSite, cli: CliRunner, db: str) -> None:
    feed = serve_feed(site, "rss", links=[])
    res = cli.invoke(app, ["watch", feed, "--db", db])
    assert res.exit_code == 1
    assert "could not read the feed: refused: 127.0.0.1 is a loopback address" in res.output
    assert "--allow-private" in res.output
    assert site.hits == []


def test_cli_every_feed_failing_exits_1(site: LocalSite, cli: CliRunner, db: str) -> None:
    res = cli.invoke(app, ["watch", site.url("/no-feed.xml"), "--allow-private", "--db", db])
    assert res.exit_code == 1
    assert "could not read the feed: HTTP 404 Not Found" in res.output


def test_cli_ctrl_c_stops_cleanly(site: LocalSite, tmp_path: Path) -> None:
    feed = serve_feed(site, "rss", links=[])
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fogwatch.cli",
            "watch",
            feed,
            "--every",
            "1h",
            "--allow-private",
            "--db",
            str(tmp_path / "w.db"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    watchdog = threading.Timer(20, proc.kill)  # a hung command fails the test instead of hanging it
    watchdog.start()
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "round 1"
        assert proc.stdout.readline().startswith(f"feed {feed}: 0 new entries")
        proc.send_signal(signal.SIGINT)  # while it waits an hour for the next round
        _, errs = proc.communicate(timeout=10)
    finally:
        watchdog.cancel()
        proc.kill()
    assert proc.returncode == 0, errs
    assert "Traceback" not in errs
    assert "stopped" in errs


# --- what real feeds carry ---------------------------------------------------------------

FULL_TEXT = [
    "Residents of Maarat al-Numan said artillery fire struck the covered market shortly after dawn on Monday, "
    "damaging at least a dozen shops and a bakery that had been feeding displaced families from the southern "
    "countryside since the start of the month.",
    "A volunteer with the local civil defence team said two people were taken to a field hospital with shrapnel "
    "wounds, and that teams were still searching the rubble of a collapsed storeroom behind the market in the "
    "early afternoon.",
    "Shopkeepers said the market had been full because a delivery of flour had arrived the night before. "
    "Several of them said they would not reopen until the shelling stopped, and that many families had already "
    "left for the camps along the Turkish border.",
    "The claim could not be independently verified, and officials did not respond to requests for comment.",
]


def rss_with_content(items: list[tuple[str, str, str, str]]) -> str:
    """items: (guid, link, title, content:encoded HTML)."""
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid isPermaLink='false'>{guid}</guid>"
        f"<pubDate>{FEED_DATES[0]}</pubDate><description>{t}.</description>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item>"
        for guid, link, t, content in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Idlib Observer</title><link>https://monitor.example/</link>{body}</channel></rss>"
    )


def test_an_entry_with_its_full_text_is_stored_without_fetching_the_page(site: LocalSite, store: Store) -> None:
    full = "".join(f"<p>{p}</p>" for p in FULL_TEXT) + '<script>alert("x")</script>'
    teaser = f"<p>{FULL_TEXT[0][:120]}…</p><p><a href='{site.url('/news/atmeh-camp')}'>Read more</a></p>"
    serve_pages(site)
    doc = rss_with_content(
        [
            ("g-market", site.url("/news/idlib-market"), "Artillery hits market in Maarat al-Numan", full),
            ("g-camp", site.url("/news/atmeh-camp"), "Atmeh camp receives new arrivals", teaser),
        ]
    )
    feed = site.add("/full.xml", Reply(body=doc.encode(), content_type="application/rss+xml"))
    ((result,),) = run_rounds(store, [feed], rounds=1)
    assert (result.new, result.stored, result.full_text, result.rejected) == (2, 2, 1, 0)
    assert "1 from the feed's own text" in result.line()
    assert site.hits_for("/news/idlib-market") == []  # the feed held the whole article
    assert len(site.hits_for("/news/atmeh-camp")) == 1  # a teaser: the page is fetched

    arts = {a.source: a for a in store.articles()}
    market = arts[site.url("/news/idlib-market")]
    assert market.meta["from_feed_text"] == "text/html"
    assert market.title == "Artillery hits market in Maarat al-Numan"
    assert (market.published, market.published_evidence) == (date(2020, 2, 10), "feed")
    assert "collapsed storeroom behind the market" in market.text
    assert "alert" not in market.raw  # feedparser sanitises the entry's markup
    assert "from_feed_text" not in arts[site.url("/news/atmeh-camp")].meta


def test_atom_content_is_full_text_too(site: LocalSite, store: Store) -> None:
    import html

    content = html.escape("".join(f"<p>{p}</p>" for p in FULL_TEXT))
    doc = (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Idlib Observer</title><id>urn:feed:idlib</id><updated>2020-02-12T09:05:00Z</updated>"
        "<entry><id>urn:idlib:market</id><title>Artillery hits market</title>"
        f'<link rel="alternate" type="text/html" href="{site.url("/news/idlib-market")}"/>'
        f'<published>{ATOM_DATES[1]}</published><content type="html">{content}</content></entry>'
        "<entry><id>urn:idlib:nolink</id><title>Statement from the civil defence</title>"
        f'<published>{ATOM_DATES[2]}</published><content type="text">{" ".join(FULL_TEXT)}</content></entry>'
        "</feed>"
    )
    feed = site.add("/atom-full.xml", Reply(body=doc.encode(), content_type="application/atom+xml"))
    ((result,),) = run_rounds(store, [feed], rounds=1)
    assert (result.stored, result.full_text, result.rejected) == (2, 2, 0)
    assert site.hits_for("/news/idlib-market") == []
    by_source = {a.source: a for a in store.articles()}
    nolink = by_source[f"{feed}#urn:idlib:nolink"]  # no page to name it by: the feed and entry do
    assert nolink.format == "text"
    assert (nolink.published, nolink.title) == (date(2020, 2, 12), "Statement from the civil defence")


def test_a_feed_entry_pointing_at_the_metadata_address_is_refused(site: LocalSite, store: Store) -> None:
    serve_pages(site)
    metadata = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
    internal = "http://10.0.0.7/admin/"
    links = [site.url("/news/idlib-market"), metadata, internal]
    feed = serve_feed(site, "rss", links=links)
    # The test server is on 127.0.0.1, so that one address is allowed; nothing else private is.
    ((result,),) = run_rounds(store, [feed], rounds=1, allow_private=False, allow_networks=["127.0.0.1/32"])
    assert (result.stored, result.rejected, result.to_retry) == (1, 2, 0)
    rejects = {r.input: r for r in store.rejects()}
    assert rejects[metadata].kind == "private-address"
    assert rejects[metadata].reason.startswith("refused: 169.254.169.254 is a link-local address")
    assert "cloud metadata" in rejects[metadata].reason and "--allow-private" in rejects[metadata].reason
    assert rejects[internal].reason.startswith("refused: 10.0.0.7 is a private address")
    assert entry_status(store)[metadata] == ("rejected", 1)  # final: never asked for again
    assert not any("169.254" in a.source for a in store.articles())


def test_a_slightly_broken_feed_is_read_leniently(site: LocalSite, store: Store) -> None:
    serve_pages(site)
    links = [site.url(p) for p in PAGES]
    doc = rss([(f"idlib-{i}", link, "Shelling & displacement", FEED_DATES[i]) for i, link in enumerate(links)])
    doc = doc.replace("&amp;", "&")  # a bare "&": not XML, and common in real feeds
    feed = site.add("/sloppy.xml", Reply(body=doc.encode(), content_type="application/rss+xml"))
    ((result,),) = run_rounds(store, [feed], rounds=1)
    assert (result.error, result.stored) == (None, 3)
    assert result.note is not None and "not well-formed XML" in result.note and "read leniently" in result.note
    assert result.line().endswith("read leniently")


def test_rss_1_0_is_read() -> None:
    doc = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://monitor.example/"><title>Idlib Observer</title><link>https://monitor.example/</link></channel>
  <item rdf:about="https://monitor.example/news/idlib-market">
    <title>Artillery hits market</title><link>https://monitor.example/news/idlib-market</link>
    <dc:date>2020-02-10T06:15:00+02:00</dc:date>
  </item>
</rdf:RDF>"""
    feed = parse_feed(doc, FEED_URL)
    (entry,) = feed.entries
    assert feed.title == "Idlib Observer"
    assert entry.link == "https://monitor.example/news/idlib-market"
    assert entry.date == date(2020, 2, 10)


# --- many feeds on many hosts -------------------------------------------------------------


def test_feeds_on_many_hosts_are_fetched_at_once(store: Store) -> None:
    delay = 0.4
    sites = [LocalSite(h) for h in ("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5")]
    try:
        feeds = []
        for s in sites:
            serve_pages(s)
            feeds.append(serve_feed(s, "rss"))
        ((*results,),) = run_rounds(store, feeds, rounds=1, host_delay=delay, concurrency=4)
        assert [(r.error, r.stored) for r in results] == [(None, 3)] * 4
        for s in sites:
            times = [h.at for h in s.hits]
            assert [h.path for h in s.hits][:2] == ["/robots.txt", "/feed.xml"]
            # Per host, the pacing between requests. Measured where they arrive, so a busy machine's
            # thread scheduling may shift one arrival a little; over the run it cannot add up to less.
            assert times[-1] - times[0] >= (len(times) - 1) * delay - 0.1, times
            assert all(b - a > delay / 3 for a, b in itertools.pairwise(times)), times
        # Every site's pages were under way before any site was done: hosts were worked on at once.
        firsts = [min(h.at for h in s.hits if h.path.startswith("/news/")) for s in sites]
        lasts = [s.hits[-1].at for s in sites]
        assert max(firsts) < min(lasts)
        assert store.count("articles") == 12
    finally:
        for s in sites:
            s.close()
