"""RSS and Atom feeds: read them, and watch them for entries not seen before.

Feeds are read by feedparser, which copes with the variety of real feeds (RSS
0.9x to 2.0, RSS 1.0, Atom 0.3 and 1.0, wrong encodings, broken markup). A watch
round fetches every feed, then the pages of their new entries, several hosts at
once and one request at a time per host. An entry that carries its full text
(RSS content:encoded, Atom content) is stored from that text, without fetching
its page. Pages and texts are cleaned and stored like any other input, and each
entry is remembered in the `feed_entries` table so that no later round or run
fetches it again.
"""

from __future__ import annotations

import hashlib
import html
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from sqlalchemy import select

from fogwatch.clean.step import CleanStep
from fogwatch.ingest.read import article_from_bytes
from fogwatch.ingest.web import Fetcher, FetchError, by_host, is_transient, use_http_date
from fogwatch.lang import english
from fogwatch.model import Article, Reject
from fogwatch.store import Store, schema
from fogwatch.store.db import insert_ignore
from fogwatch.store.sitelines import store_records  # counts lines for learned boilerplate

_EN = english().area("feeds")

STEP = "feed"
MAX_FEED_BYTES = 50_000_000  # a 10,000-entry feed with full texts runs to tens of MB
FULL_TEXT_WORDS = 100  # an entry's content this long, and not cut short, is the article itself
_WS = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")
# How feeds end a teaser: an ellipsis, "[…]", "Read more", "Continue reading →".
_CUT_SHORT = _EN.regex("cut_short", re.IGNORECASE)
_DOCTYPE = re.compile(r"<!DOCTYPE[^\[>]*(\[)?", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class FeedError(Exception):
    """A feed that cannot be read: a Reject kind and a reason a person can read."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason

    def __reduce__(self) -> tuple[Any, ...]:
        return (FeedError, (self.kind, self.reason))


@dataclass(slots=True)
class FeedEntry:
    id: str  # guid / atom:id, else the link; what "seen before" is keyed on
    link: str | None
    title: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    content: str | None = None  # the entry's own text (content:encoded, Atom content), when it has one
    content_type: str | None = None  # its media type: text/html, application/xhtml+xml or text/plain

    @property
    def date(self) -> date | None:
        # The date as the publisher wrote it, in their time zone: that is the day they mean.
        when = self.published or self.updated
        return when.date() if when else None

    def full_text(self, min_words: int = FULL_TEXT_WORDS) -> bool:
        """True when the entry's content is the article itself rather than a teaser."""
        if not self.content:
            return False
        text = self.content
        if self.content_type in _HTML_TYPES:
            text = html.unescape(_TAG.sub(" ", text))
        text = _WS.sub(" ", text).strip()
        return len(_WORD.findall(text)) >= min_words and not _CUT_SHORT.search(text[-60:])


@dataclass(slots=True)
class Feed:
    url: str
    title: str | None
    entries: list[FeedEntry]
    note: str | None = None  # what was wrong with a feed read all the same


# --- parsing ---------------------------------------------------------------


def _prolog(data: bytes) -> str:
    """The document's first 64 KB as text, enough to see its DOCTYPE in any encoding XML allows."""
    head = data[:65536]
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[2:].decode(codec, "replace")
    if head.startswith(b"<\x00"):
        return head.decode("utf-16-le", "replace")
    if head.startswith(b"\x00<"):
        return head.decode("utf-16-be", "replace")
    return head.decode("latin-1")  # markup is ASCII in every ASCII-compatible encoding


def _refuse_entities(data: bytes) -> None:
    # feedparser drops entity declarations it deems unsafe, but a feed that declares
    # entities at all is refused outright, with a reason, before any parser sees it:
    # they are how "billion laughs" and external-file reads are done, and real feeds
    # do not need them. A DOCTYPE alone (RSS 0.91's) is fine: no DTD is ever fetched.
    head = _prolog(data)
    m = _DOCTYPE.search(head)
    if m is None or m.group(1) is None:
        return
    subset_end = head.find("]", m.end())
    subset = head[m.end() : subset_end if subset_end >= 0 else len(head)]
    if "<!ENTITY" in subset or subset_end < 0:
        raise FeedError(
            "unsafe",
            "the feed's <!DOCTYPE> declares <!ENTITY>s; fogwatch refuses entities in feeds because they "
            "can expand to gigabytes or read local files",
        )


def parse_date(text: str | None) -> datetime | None:
    """An RFC 822 (RSS) or ISO 8601 / RFC 3339 (Atom) date, or None if it is neither."""
    if not text or not text.strip():
        return None
    value = text.strip()
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(value.upper())  # RFC 3339 allows a lower-case "t" and "z"
    except ValueError:
        return None


def _entry_date(entry: Any, key: str) -> datetime | None:
    # The text as written keeps the publisher's time zone; feedparser's parsed form, which
    # reads many more formats, is in UTC and serves when the text is in none we read.
    # dict.get: feedparser's own get() answers "updated" with the published date, and warns.
    when = parse_date(dict.get(entry, key))
    parsed = dict.get(entry, key + "_parsed")
    if when is None and parsed:
        try:
            y, mo, d, h, mi, sec = parsed[:6]
            when = datetime(y, mo, d, h, mi, sec, tzinfo=UTC)
        except (TypeError, ValueError):
            return None
    return when


def _plain(text: str | None, media: str | None) -> str | None:
    if not text:
        return None
    if media in _HTML_TYPES:
        text = html.unescape(_TAG.sub(" ", text))
    return _WS.sub(" ", text).strip() or None


def _entry_id(*candidates: str | None) -> str:
    for c in candidates:
        if c and c.strip():
            return c.strip()
    # Neither guid nor link nor title: nothing stable to key on but the content.
    return "sha256:" + hashlib.sha256("\n".join(c or "" for c in candidates).encode()).hexdigest()[:16]


def _entry_link(entry: Any, atom: bool) -> str | None:
    best: str | None = None
    for link in entry.get("links") or []:
        href = link.get("href")
        if not href or link.get("rel", "alternate") != "alternate":
            continue
        if link.get("type", "text/html") in _HTML_TYPES:
            return str(href)
        best = best or str(href)
    if best:
        return best
    # RSS: a guid that is a permalink is the link. Atom's id is a name, never a link.
    link = entry.get("link")
    if not atom and entry.get("guidislink") and isinstance(link, str) and link.startswith(("http://", "https://")):
        return link
    return None


def _entry_content(entry: Any) -> tuple[str | None, str | None]:
    for part in entry.get("content") or []:
        value = part.get("value")
        if value and value.strip() and not part.get("src"):
            return str(value), str(part.get("type") or "text/html")
    return None, None


def parse_feed(data: bytes, url: str, content_type: str | None = None) -> Feed:
    """Read an RSS or Atom document; raise FeedError saying what is wrong with it.

    Relative links are resolved against `url`. A document whose XML is broken is
    read leniently; it is an error only when nothing usable comes of it.
    """
    import feedparser

    if not data.strip():
        raise FeedError("empty", "the feed is empty")
    _refuse_entities(data)
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    version = parsed.get("version") or ""
    broken = parsed.get("bozo_exception") if parsed.get("bozo") else None
    why = f" ({broken})" if broken is not None else ""
    if not version:
        root = re.search(r"<\s*([A-Za-z][\w:.-]*)", _prolog(data).split("?>")[-1])
        name = root.group(1) if root else "?"
        if name.lower() == "html":
            raise FeedError("not-a-feed", "not an RSS or Atom feed: the document is <html> (a web page, not its feed)")
        if broken is not None and not parsed.entries:
            raise FeedError("malformed", f"the feed is not well-formed XML{why}")
        raise FeedError("not-a-feed", f"not an RSS or Atom feed: the document is <{name}>")
    atom = version.startswith("atom")
    entries: dict[str, FeedEntry] = {}
    for e in parsed.entries:
        link = _entry_link(e, atom)
        title = _plain(e.get("title"), (e.get("title_detail") or {}).get("type"))
        content, ctype = _entry_content(e)
        if not (link or title or content):
            continue  # an empty <item/>, as a truncated feed leaves: nothing to fetch or store
        entry = FeedEntry(
            id=_entry_id(e.get("id"), link, title),
            link=link,
            title=title,
            published=_entry_date(e, "published"),
            updated=_entry_date(e, "updated"),
            content=content,
            content_type=ctype,
        )
        entries.setdefault(entry.id, entry)  # a feed listing one entry twice still has one entry
    note = None
    if broken is not None and not isinstance(broken, feedparser.CharacterEncodingOverride):
        if not entries and not (parsed.feed.get("title")):
            raise FeedError("malformed", f"the feed is not well-formed XML{why}")
        note = f"the feed is not well-formed XML{why}; read leniently"
    if version.startswith("rss") and not parsed.feed and not entries:
        raise FeedError("not-a-feed", "the RSS document has no <channel> with a title or items")
    title = _plain(parsed.feed.get("title"), (parsed.feed.get("title_detail") or {}).get("type"))
    return Feed(url, title, list(entries.values()), note)


_INTERVAL_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])")
_INTERVAL = re.compile(r"(?:\d+(?:\.\d+)?\s*[smhd]\s*)+")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """Seconds in "30s", "10m", "1h", "1h30m"; ValueError with the expected form otherwise."""
    value = text.strip().lower()
    seconds = sum(float(n) * _UNIT[u] for n, u in _INTERVAL_PART.findall(value)) if _INTERVAL.fullmatch(value) else 0.0
    if seconds <= 0:
        raise ValueError(f"{text!r} is not an interval: give a number and a unit, like 30s, 10m or 1h")
    return seconds


# --- remembering entries ------------------------------------------------------


@dataclass(slots=True)
class Seen:
    status: str
    attempts: int


class FeedLog:
    """The `feed_entries` table: which entries of which feed were handled, and how."""

    _CHUNK = 500  # links per IN (...) list, well under every database's limit on parameters

    def __init__(self, store: Store) -> None:
        self.engine = store.engine

    def seen(self, feed_url: str) -> dict[str, Seen]:
        fe = schema.feed_entries
        with self.engine.connect() as conn:
            rows = conn.execute(select(fe.c.entry_id, fe.c.status, fe.c.attempts).where(fe.c.feed_url == feed_url))
            return {r.entry_id: Seen(r.status, r.attempts) for r in rows}

    def fetched_links(self, links: Iterable[str]) -> set[str]:
        """Those of `links` whose page some feed already stored."""
        fe = schema.feed_entries
        todo = sorted(set(links))
        out: set[str] = set()
        with self.engine.connect() as conn:
            for start in range(0, len(todo), self._CHUNK):
                chunk = todo[start : start + self._CHUNK]
                rows = conn.execute(
                    select(fe.c.link).where(fe.c.link.in_(chunk), fe.c.status.in_(("stored", "duplicate"))).distinct()
                )
                out.update(rows.scalars())
        return out

    def mark(self, feed_url: str, rows: list[dict[str, Any]]) -> None:
        """Record entries (replacing earlier rows for them), and clear old rejects of pages now stored."""
        if not rows:
            return
        fe = schema.feed_entries
        with self.engine.begin() as conn:
            ids = [r["entry_id"] for r in rows]
            for start in range(0, len(ids), self._CHUNK):
                chunk = ids[start : start + self._CHUNK]
                conn.execute(fe.delete().where(fe.c.feed_url == feed_url, fe.c.entry_id.in_(chunk)))
            conn.execute(fe.insert(), [{"feed_url": feed_url, **r} for r in rows])
            ok = [r["link"] for r in rows if r["status"] in ("stored", "duplicate") and r["link"]]
            for start in range(0, len(ok), self._CHUNK):
                # A page that failed in an earlier round and came through now is no longer a reject.
                conn.execute(schema.rejects.delete().where(schema.rejects.c.input.in_(ok[start : start + self._CHUNK])))

    def feed_failed(self, reject: Reject, at: str) -> None:
        row = {"input": reject.input, "step": reject.step, "kind": reject.kind, "reason": reject.reason, "at": at}
        with self.engine.begin() as conn:
            insert_ignore(conn, schema.rejects, [row])

    def feed_ok(self, feed_url: str) -> None:
        r = schema.rejects
        with self.engine.begin() as conn:
            conn.execute(r.delete().where(r.c.input == feed_url, r.c.step == STEP))


# --- watching -----------------------------------------------------------------


@dataclass
class FeedRound:
    """What one round did with one feed."""

    feed_url: str
    new: int = 0  # entries never seen before
    retried: int = 0  # entries fetched again after a transient failure
    stored: int = 0
    duplicates: int = 0  # pages already in the database
    rejected: int = 0
    to_retry: int = 0  # of the rejected, those a later round tries again
    full_text: int = 0  # entries stored from the text the feed carries, no page fetched
    error: str | None = None
    note: str | None = None  # what was wrong with a feed that was read all the same

    def line(self) -> str:
        if self.error is not None:
            return f"feed {self.feed_url}: could not read the feed: {self.error}"
        extra = [
            f"{n} {what}"
            for n, what in (
                (self.full_text, "from the feed's own text"),
                (self.retried, "retried"),
                (self.duplicates, "already stored"),
                (self.to_retry, "to retry later"),
            )
            if n
        ]
        line = f"feed {self.feed_url}: {self.new} new entries, {self.stored} stored, {self.rejected} rejected" + (
            f" ({', '.join(extra)})" if extra else ""
        )
        return f"{line}; {self.note}" if self.note else line


@dataclass(slots=True)
class _Item:
    feed_url: str
    entry: FeedEntry
    attempts: int  # fetches made in earlier rounds


@dataclass(slots=True)
class _Done:
    item: _Item
    attempts: int
    record: Article | Reject | None  # None: the page was stored before, not fetched again


@dataclass(slots=True)
class _Batch:
    size: int
    flush: Callable[[list[_Done]], None]
    done: list[_Done] = field(default_factory=list)

    def add(self, d: _Done) -> None:
        self.done.append(d)
        if len(self.done) >= self.size:
            self.close()

    def close(self) -> None:
        if self.done:
            self.flush(self.done)
            self.done = []


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _document(entry: FeedEntry) -> tuple[bytes, str]:
    """An entry's own text as a document the readers take: a small HTML page, or plain text."""
    assert entry.content is not None
    if entry.content_type not in _HTML_TYPES:
        return entry.content.encode("utf-8"), "text"
    title = f"<title>{html.escape(entry.title)}</title>" if entry.title else ""
    page = f'<!DOCTYPE html>\n<html><head><meta charset="utf-8">{title}</head><body><article>\n{entry.content}\n</article></body></html>'
    return page.encode("utf-8"), "html"


class FeedWatcher:
    """Runs rounds over feeds: fetch each feed, fetch and store the pages of its unseen entries.

    Feeds and pages are fetched several hosts at once (`Fetcher.concurrency`),
    each host paced as the Fetcher paces it; pages are read, cleaned and stored in
    the calling thread, `batch_size` entries per transaction. An entry whose
    content holds at least `full_text_words` words and does not end like a
    teaser is stored from that text without fetching its page.

    An entry whose page fails for a reason that may pass (timeout, 5xx, 429)
    is tried again in later rounds, `max_attempts` fetches in all; any other
    failure (404, robots.txt, not a web page, a private address...) is final at
    once. Either way the entry is then "rejected" and never fetched again.
    """

    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        max_attempts: int = 3,
        batch_size: int = 16,
        full_text_words: int = FULL_TEXT_WORDS,
        max_feed_bytes: int = MAX_FEED_BYTES,
    ) -> None:
        if max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, not {max_attempts!r}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size!r}")
        if full_text_words < 1:
            raise ValueError(f"full_text_words must be at least 1, not {full_text_words!r}")
        if max_feed_bytes < 1:
            raise ValueError(f"max_feed_bytes must be at least 1, not {max_feed_bytes!r}")
        self.store = store
        self.fetcher = fetcher
        self.max_attempts = max_attempts
        self.batch_size = batch_size
        self.full_text_words = full_text_words
        self.max_feed_bytes = max_feed_bytes
        self.log = FeedLog(store)
        self._clean = CleanStep()

    def round(self, feed_urls: Sequence[str], stop: threading.Event | None = None) -> list[FeedRound]:
        stop = stop or threading.Event()
        urls = list(dict.fromkeys(feed_urls))  # a feed named twice is read once
        results = {url: FeedRound(url) for url in urls}
        feeds: dict[str, Feed] = {}
        for url, got in by_host(urls, str, self._read_feed, self._feed_crashed, self.fetcher, stop):
            if isinstance(got, FeedError):
                # One bad feed is reported and stored as a reject; the other feeds go on.
                results[url].error = got.reason
                self.log.feed_failed(Reject(url, STEP, got.kind, got.reason), _now())
            else:
                feeds[url] = got
                self.log.feed_ok(url)
        todo: list[_Item] = []
        for url in urls:  # in the order given, so that of two feeds listing one page, the first stores it
            feed = feeds.get(url)
            if feed is None:
                continue
            result = results[url]
            result.note = feed.note
            seen = self.log.seen(url)
            for entry in feed.entries:
                before = seen.get(entry.id)
                if before is None:
                    result.new += 1
                    todo.append(_Item(url, entry, 0))
                elif before.status == "retry" and before.attempts < self.max_attempts:
                    result.retried += 1
                    todo.append(_Item(url, entry, before.attempts))
        self._entries(todo, results, stop)
        return [results[url] for url in urls]

    def feed(self, feed_url: str, stop: threading.Event | None = None) -> FeedRound:
        """A round over one feed."""
        return self.round([feed_url], stop)[0]

    def _read_feed(self, url: str) -> Feed | FeedError:
        try:
            resp = self.fetcher.get(url, max_bytes=self.max_feed_bytes)
            # Relative links are relative to where the feed ended up.
            return parse_feed(resp.body, resp.url, resp.headers.get("Content-Type"))
        except (FetchError, FeedError) as exc:
            return FeedError(exc.kind, exc.reason)

    def _feed_crashed(self, url: str, exc: Exception) -> FeedError:
        return FeedError("error", f"reading the feed failed unexpectedly ({type(exc).__name__}: {exc})")

    def _entries(self, todo: list[_Item], results: dict[str, FeedRound], stop: threading.Event) -> None:
        # Written batch by batch, so a run stopped half-way keeps what it fetched;
        # entries not yet marked are simply fetched again by the next run.
        batch = _Batch(self.batch_size, lambda done: self._store(done, results))
        already = self.log.fetched_links(i.entry.link for i in todo if i.entry.link)
        to_fetch: list[_Item] = []
        waiting: dict[str, list[_Item]] = {}  # link -> later entries with the same link, in any feed
        for item in todo:
            if stop.is_set():
                break
            entry = item.entry
            if entry.full_text(self.full_text_words):
                batch.add(_Done(item, item.attempts + 1, self._from_feed_text(item)))
                results[item.feed_url].full_text += 1
            elif not entry.link:
                reason = "the feed entry has no link to a page, and no full text of its own"
                rej = Reject(f"{item.feed_url}#{entry.id}", STEP, "no-link", reason)
                batch.add(_Done(item, item.attempts + 1, rej))
            elif entry.link in already:
                batch.add(_Done(item, item.attempts, None))
            elif entry.link in waiting:
                waiting[entry.link].append(item)  # fetched once, for the first entry that named it
            else:
                waiting[entry.link] = []
                to_fetch.append(item)
        if not stop.is_set():
            for item, resp in by_host(to_fetch, _link, self._response, self._page_crashed, self.fetcher, stop):
                rec = self._finish(item, self.fetcher.article_of(_link(item), resp))
                batch.add(_Done(item, item.attempts + 1, rec))
                for later in waiting[_link(item)]:
                    batch.add(_Done(later, later.attempts + 1, rec if isinstance(rec, Reject) else None))
        batch.close()

    def _response(self, item: _Item) -> Any:
        return self.fetcher.fetch_response(_link(item))

    def _page_crashed(self, item: _Item, exc: Exception) -> Reject:
        return self.fetcher.crashed(_link(item), exc)

    def _from_feed_text(self, item: _Item) -> Article | Reject:
        entry = item.entry
        data, kind = _document(entry)
        source = entry.link or f"{item.feed_url}#{entry.id}"
        rec = article_from_bytes(source, data, kind, url=entry.link, step=STEP, settings=self.fetcher.settings)
        if isinstance(rec, Article):
            rec.meta["from_feed_text"] = entry.content_type or "text/html"
        return self._finish(item, rec)

    def _finish(self, item: _Item, rec: Article | Reject) -> Article | Reject:
        entry = item.entry
        if isinstance(rec, Article):
            rec = self._clean.clean_one(rec)
        if isinstance(rec, Article):
            # After cleaning, so a title or date found on the page always wins over the feed's.
            if rec.title is None and entry.title:
                rec.title = entry.title
            if rec.published is None and entry.date is not None:
                rec.published, rec.published_evidence = entry.date, "feed"
            use_http_date(rec)
            rec.meta.setdefault("feed", item.feed_url)
            rec.meta.setdefault("feed_entry", entry.id)
        return rec

    def _store(self, done: list[_Done], results: dict[str, FeedRound]) -> None:
        unique: dict[int, Article | Reject] = {id(d.record): d.record for d in done if d.record is not None}
        records = list(unique.values())
        known = self.store.known_ids([r.id for r in records if isinstance(r, Article)])
        # Pages first, then the entries: a crash in between only means a refetch next time.
        store_records(self.store, records)
        now = _now()
        rows: dict[str, list[dict[str, Any]]] = {}
        for d in done:
            rec = d.record
            result = results[d.item.feed_url]
            if rec is None or (isinstance(rec, Article) and rec.id in known):
                status = "duplicate"
                result.duplicates += 1
            elif isinstance(rec, Article):
                status = "stored"
                result.stored += 1
                known.add(rec.id)
            else:
                result.rejected += 1
                if is_transient(rec.kind) and d.attempts < self.max_attempts:
                    status = "retry"
                    result.to_retry += 1
                else:
                    status = "rejected"
            entry = d.item.entry
            rows.setdefault(d.item.feed_url, []).append(
                {"entry_id": entry.id, "link": entry.link, "seen_at": now, "status": status, "attempts": d.attempts}
            )
        for feed_url, feed_rows in rows.items():
            self.log.mark(feed_url, feed_rows)


def _link(item: _Item) -> str:
    assert item.entry.link is not None
    return item.entry.link


def watch(
    feed_urls: Sequence[str],
    store: Store,
    fetcher: Fetcher,
    every: float | None = None,
    max_rounds: int | None = None,
    *,
    on_round: Callable[[int, list[FeedRound]], None] | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Run rounds over the feeds; return how many rounds ran.

    Without `every`, one round (or `max_rounds` back to back). With it, a round
    starts every `every` seconds (a round that runs long shortens the pause;
    rounds never overlap) until `max_rounds` or until `stop` is set. Setting
    `stop` ends the run once the pages being fetched arrive, with everything so far stored.
    `on_round(number, results)` is called after each round.
    """
    if every is not None and not every >= 0:
        raise ValueError(f"every must be 0 or more seconds, not {every!r}")
    if max_rounds is not None and max_rounds < 1:
        raise ValueError(f"max_rounds must be at least 1, not {max_rounds!r}")
    limit = max_rounds if max_rounds is not None else (1 if every is None else None)
    stop = stop or threading.Event()
    watcher = FeedWatcher(store, fetcher)
    rounds = 0
    while limit is None or rounds < limit:
        started = time.monotonic()
        results = watcher.round(feed_urls, stop)
        rounds += 1
        if on_round is not None:
            on_round(rounds, results)
        if stop.is_set() or (limit is not None and rounds >= limit):
            break
        if stop.wait(max(0.0, (every or 0.0) - (time.monotonic() - started))):
            break
    return rounds


__all__ = [
    "Feed",
    "FeedEntry",
    "FeedError",
    "FeedLog",
    "FeedRound",
    "FeedWatcher",
    "parse_date",
    "parse_feed",
    "parse_interval",
    "watch",
]
