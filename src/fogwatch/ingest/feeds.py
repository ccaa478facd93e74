"""RSS 2.0 and Atom feeds: read them, and watch them for entries not seen before.

A watch round fetches each feed, then the pages of its new entries; the pages
are cleaned and stored like any other input, and each entry is remembered in
the `feed_entries` table so that no later round or run fetches it again.
"""

from __future__ import annotations

import hashlib
import html
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

from sqlalchemy import select

from fogwatch.clean.step import CleanStep
from fogwatch.ingest.web import Fetcher, FetchError, is_transient, use_http_date
from fogwatch.model import Article, Reject
from fogwatch.store import Store, schema
from fogwatch.store.db import insert_ignore

STEP = "feed"
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
_WS = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")


class FeedError(Exception):
    """A feed that cannot be read: a Reject kind and a reason a person can read."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


@dataclass(slots=True)
class FeedEntry:
    id: str  # guid / atom:id, else the link; what "seen before" is keyed on
    link: str | None
    title: str | None = None
    published: datetime | None = None
    updated: datetime | None = None

    @property
    def date(self) -> date | None:
        # The date as the publisher wrote it, in their time zone: that is the day they mean.
        when = self.published or self.updated
        return when.date() if when else None


@dataclass(slots=True)
class Feed:
    url: str
    title: str | None
    entries: list[FeedEntry]


# --- parsing ---------------------------------------------------------------


class _NoDoctype(ET.TreeBuilder):
    """Refuses any DTD. Entities can only be declared in one, so this also stops
    entity expansion ("billion laughs") and external entities before they start."""

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise FeedError(
            "unsafe",
            "the feed has a <!DOCTYPE> (and may declare <!ENTITY>s); fogwatch refuses DTDs and entities "
            "in feeds because they can expand to gigabytes or read local files",
        )


def _text(el: ET.Element | None) -> str | None:
    if el is None:
        return None
    text = _WS.sub(" ", "".join(el.itertext())).strip()
    return text or None


def _atom_text(el: ET.Element | None) -> str | None:
    text = _text(el)
    if text and el is not None and el.get("type") == "html":
        # type="html" carries escaped markup: "<b>Kyiv</b>" once the XML is parsed.
        text = _WS.sub(" ", html.unescape(_TAG.sub(" ", text))).strip() or None
    return text


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


def _entry_id(*candidates: str | None) -> str:
    for c in candidates:
        if c and c.strip():
            return c.strip()
    # Neither guid nor link nor title: nothing stable to key on but the content.
    return "sha256:" + hashlib.sha256("\n".join(c or "" for c in candidates).encode()).hexdigest()[:16]


def _rss_entries(channel: ET.Element, base: str) -> list[FeedEntry]:
    out = []
    for item in channel.iter("item"):
        link = _text(item.find("link"))
        guid_el = item.find("guid")
        guid = _text(guid_el)
        if not link:
            atom_link = item.find(ATOM + "link")
            if atom_link is not None and atom_link.get("href"):
                link = atom_link.get("href")
            elif guid and guid_el is not None and guid_el.get("isPermaLink", "true") != "false":
                link = guid if guid.startswith(("http://", "https://")) else None
        link = urljoin(base, link) if link else None
        title = _text(item.find("title"))
        out.append(
            FeedEntry(
                id=_entry_id(guid, link, title),
                link=link,
                title=html.unescape(title) if title else None,
                published=parse_date(_text(item.find("pubDate")) or _text(item.find(DC + "date"))),
            )
        )
    return out


def _atom_link(entry: ET.Element) -> str | None:
    best: str | None = None
    for link in entry.findall(ATOM + "link"):
        href = link.get("href")
        if not href or link.get("rel", "alternate") != "alternate":
            continue
        if link.get("type", "text/html") in ("text/html", "application/xhtml+xml"):
            return href
        best = best or href
    return best


def _atom_entries(root: ET.Element, base: str) -> list[FeedEntry]:
    out = []
    for entry in root.findall(ATOM + "entry"):
        link = _atom_link(entry)
        link = urljoin(base, link) if link else None
        title = _atom_text(entry.find(ATOM + "title"))
        out.append(
            FeedEntry(
                id=_entry_id(_text(entry.find(ATOM + "id")), link, title),
                link=link,
                title=title,
                published=parse_date(_text(entry.find(ATOM + "published"))),
                updated=parse_date(_text(entry.find(ATOM + "updated"))),
            )
        )
    return out


def parse_feed(data: bytes, url: str) -> Feed:
    """Read an RSS 2.0 or Atom document; raise FeedError saying what is wrong with it.

    Relative links are resolved against `url` (xml:base is not followed).
    """
    if not data.strip():
        raise FeedError("empty", "the feed is empty")
    parser = ET.XMLParser(target=_NoDoctype())
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as exc:
        raise FeedError("malformed", f"the feed is not well-formed XML ({exc})") from exc
    if root.tag == "rss":
        channel = root.find("channel")
        if channel is None:
            raise FeedError("not-a-feed", "the RSS document has no <channel>")
        entries = _rss_entries(channel, url)
        title = _text(channel.find("title"))
    elif root.tag == ATOM + "feed":
        entries = _atom_entries(root, url)
        title = _atom_text(root.find(ATOM + "title"))
    else:
        name = root.tag.rsplit("}", 1)[-1]
        hint = " (a web page, not its feed)" if name.lower() == "html" else ""
        raise FeedError("not-a-feed", f"not an RSS 2.0 or Atom feed: the document is <{name}>{hint}")
    unique: dict[str, FeedEntry] = {}
    for e in entries:
        unique.setdefault(e.id, e)  # a feed listing one entry twice still has one entry
    return Feed(url, title, list(unique.values()))


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

    def __init__(self, store: Store) -> None:
        self.engine = store.engine

    def seen(self, feed_url: str) -> dict[str, Seen]:
        fe = schema.feed_entries
        with self.engine.connect() as conn:
            rows = conn.execute(select(fe.c.entry_id, fe.c.status, fe.c.attempts).where(fe.c.feed_url == feed_url))
            return {r.entry_id: Seen(r.status, r.attempts) for r in rows}

    def fetched_links(self, links: list[str]) -> set[str]:
        """Those of `links` whose page some feed already stored."""
        fe = schema.feed_entries
        if not links:
            return set()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(fe.c.link).where(fe.c.link.in_(links), fe.c.status.in_(("stored", "duplicate"))).distinct()
            )
            return set(rows.scalars())

    def mark(self, feed_url: str, rows: list[dict[str, Any]]) -> None:
        """Record entries (replacing earlier rows for them), and clear old rejects of pages now stored."""
        if not rows:
            return
        fe = schema.feed_entries
        with self.engine.begin() as conn:
            conn.execute(fe.delete().where(fe.c.feed_url == feed_url, fe.c.entry_id.in_([r["entry_id"] for r in rows])))
            conn.execute(fe.insert(), [{"feed_url": feed_url, **r} for r in rows])
            ok = [r["link"] for r in rows if r["status"] in ("stored", "duplicate") and r["link"]]
            if ok:
                # A page that failed in an earlier round and came through now is no longer a reject.
                conn.execute(schema.rejects.delete().where(schema.rejects.c.input.in_(ok)))

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
    error: str | None = None

    def line(self) -> str:
        if self.error is not None:
            return f"feed {self.feed_url}: could not read the feed: {self.error}"
        extra = [
            f"{n} {what}"
            for n, what in (
                (self.retried, "retried"),
                (self.duplicates, "already stored"),
                (self.to_retry, "to retry later"),
            )
            if n
        ]
        return f"feed {self.feed_url}: {self.new} new entries, {self.stored} stored, {self.rejected} rejected" + (
            f" ({', '.join(extra)})" if extra else ""
        )


@dataclass(slots=True)
class _Done:
    entry: FeedEntry
    attempts: int
    record: Article | Reject | None  # None: the page was stored before, not fetched again


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class FeedWatcher:
    """Runs rounds over feeds: fetch each feed, fetch and store the pages of its unseen entries.

    An entry whose page fails for a reason that may pass (timeout, 5xx, 429)
    is tried again in later rounds, `max_attempts` fetches in all; any other
    failure (404, robots.txt, not a web page...) is final at once. Either way
    the entry is then "rejected" and never fetched again.
    """

    def __init__(self, store: Store, fetcher: Fetcher, max_attempts: int = 3, batch_size: int = 16) -> None:
        if max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, not {max_attempts!r}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size!r}")
        self.store = store
        self.fetcher = fetcher
        self.max_attempts = max_attempts
        self.batch_size = batch_size
        self.log = FeedLog(store)
        self._clean = CleanStep()

    def round(self, feed_urls: Sequence[str], stop: threading.Event | None = None) -> list[FeedRound]:
        results = []
        for url in feed_urls:
            if stop is not None and stop.is_set():
                break
            results.append(self.feed(url, stop))
        return results

    def feed(self, feed_url: str, stop: threading.Event | None = None) -> FeedRound:
        result = FeedRound(feed_url)
        try:
            resp = self.fetcher.get(feed_url)
            feed = parse_feed(resp.body, resp.url)  # relative links are relative to where the feed ended up
        except (FetchError, FeedError) as exc:
            # One bad feed is reported and stored as a reject; the other feeds go on.
            result.error = exc.reason
            self.log.feed_failed(Reject(feed_url, STEP, exc.kind, exc.reason), _now())
            return result
        self.log.feed_ok(feed_url)
        seen = self.log.seen(feed_url)
        todo: list[tuple[FeedEntry, int]] = []
        for entry in feed.entries:
            before = seen.get(entry.id)
            if before is None:
                result.new += 1
                todo.append((entry, 0))
            elif before.status == "retry" and before.attempts < self.max_attempts:
                result.retried += 1
                todo.append((entry, before.attempts))
        # Written batch by batch, so a run stopped half-way keeps what it fetched;
        # entries not yet marked are simply fetched again by the next run.
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start : start + self.batch_size]
            done = self._fetch_batch(feed_url, batch, stop)
            self._store(feed_url, done, result)
            if len(done) < len(batch):
                break
        return result

    def _fetch_batch(
        self, feed_url: str, batch: list[tuple[FeedEntry, int]], stop: threading.Event | None
    ) -> list[_Done]:
        links = [e.link for e, _ in batch if e.link]
        already = self.log.fetched_links(links)
        done: list[_Done] = []
        for entry, attempts in batch:
            if stop is not None and stop.is_set():
                break
            if entry.link in already:
                done.append(_Done(entry, attempts, None))
                continue
            rec = self._page(feed_url, entry)
            done.append(_Done(entry, attempts + 1, rec))
            if entry.link and isinstance(rec, Article):
                already.add(entry.link)
        return done

    def _page(self, feed_url: str, entry: FeedEntry) -> Article | Reject:
        if not entry.link:
            return Reject(f"{feed_url}#{entry.id}", STEP, "no-link", "the feed entry has no link to a page")
        rec = self.fetcher.fetch(entry.link)
        if isinstance(rec, Article):
            rec = self._clean.clean_one(rec)
        if isinstance(rec, Article):
            # After cleaning, so a title or date found on the page always wins over the feed's.
            if rec.title is None and entry.title:
                rec.title = entry.title
            if rec.published is None and entry.date is not None:
                rec.published, rec.published_evidence = entry.date, "feed"
            use_http_date(rec)
            rec.meta.setdefault("feed", feed_url)
            rec.meta.setdefault("feed_entry", entry.id)
        return rec

    def _store(self, feed_url: str, done: list[_Done], result: FeedRound) -> None:
        records = [d.record for d in done if d.record is not None]
        known = self.store.known_ids([r.id for r in records if isinstance(r, Article)])
        # Pages first, then the entries: a crash in between only means a refetch next time.
        from fogwatch.run import store_records  # the run layer counts lines for learned boilerplate

        store_records(self.store, records)
        now = _now()
        rows = []
        for d in done:
            rec = d.record
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
            rows.append(
                {"entry_id": d.entry.id, "link": d.entry.link, "seen_at": now, "status": status, "attempts": d.attempts}
            )
        self.log.mark(feed_url, rows)


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
    `stop` ends the run after the page being fetched, with everything so far stored.
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
