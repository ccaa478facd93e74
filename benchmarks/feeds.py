"""A watch round over one large feed whose entries span many hosts, against servers on loopback.

Starts `--hosts` web servers, each on its own loopback address (127.0.0.2,
127.0.0.3, ...: each is one host to the fetcher's per-host pacing), serving
short news pages, and one feed of `--entries` entries listing them grouped
host by host (the worst order for a fetcher that takes entries one after
another). Runs one FeedWatcher round into a fresh SQLite file with the
default politeness (`--host-delay`, 1 s between requests to a host) and
prints one JSON line: seconds, entries stored per second, and the time a
one-request-at-a-time fetcher needs at the least for the same feed
((entries - hosts) x host delay, computed: it waits out each host's pacing
in turn). `--full-text` puts each article in the feed (content:encoded), so
no page is fetched.

Usage: python benchmarks/feeds.py [--entries 10000] [--hosts 100] [--full-text]
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from fogwatch.ingest.feeds import FeedWatcher
from fogwatch.ingest.web import Fetcher
from fogwatch.store import Store

PLACES = ["Saraqib", "Maarat al-Numan", "Kafr Nabl", "Atareb", "Binnish", "Sarmin", "Taftanaz", "Ariha"]


def article(n: int) -> str:
    place = PLACES[n % len(PLACES)]
    return (
        f"<p>Residents of {place} said artillery fire struck the town shortly after dawn on day {n}, "
        "damaging shops and a bakery that had been feeding displaced families.</p>"
        f"<p>A volunteer with the civil defence team in {place} said {n % 7 + 1} people were taken to a field "
        "hospital, and that teams were still searching the rubble in the afternoon.</p>"
        "<p>Shopkeepers said many families had already left for the camps along the Turkish border, and "
        "that they would not reopen until the shelling stopped. The figures could not be verified.</p>"
        "<p>Aid workers at the Bab al-Hawa crossing said they expected a new wave of arrivals in the camps by "
        "the end of the week, and asked for more tents, blankets and fuel before the next cold spell.</p>"
    )


def page(n: int) -> bytes:
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Report {n}</title></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>Report {n}</h1>{article(n)}</article>"
        "<footer>All rights reserved.</footer></body></html>"
    ).encode()


class Server:
    def __init__(self, host: str, routes: dict[str, tuple[bytes, str]]) -> None:
        self.routes = routes

        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body, ctype = server.routes.get(self.path, (b"not found", "text/plain"))
                self.send_response(200 if self.path in server.routes else 404)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def feed(entries: list[tuple[int, str]], full_text: bool) -> bytes:
    items = []
    for n, link in entries:
        content = f"<content:encoded><![CDATA[{article(n)}]]></content:encoded>" if full_text else ""
        items.append(
            f"<item><title>Report {n}</title><link>{link}</link><guid isPermaLink='false'>r{n}</guid>"
            f"<pubDate>Mon, 10 Feb 2020 06:15:00 +0200</pubDate>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Aggregator</title>'
        f"<link>http://127.0.0.1/</link>{''.join(items)}</channel></rss>"
    ).encode()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--hosts", type=int, default=100)
    ap.add_argument("--host-delay", type=float, default=1.0)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--full-text", action="store_true")
    args = ap.parse_args()
    if not 1 <= args.hosts <= 250:
        ap.error("--hosts must be 1 to 250 (one loopback address each, 127.0.0.2 on)")

    per_host = -(-args.entries // args.hosts)
    sites = []
    entries: list[tuple[int, str]] = []
    for h in range(args.hosts):
        routes: dict[str, tuple[bytes, str]] = {}
        site = Server(f"127.0.0.{h + 2}", routes)
        sites.append(site)
        for k in range(per_host):
            n = h * per_host + k
            if n >= args.entries:
                break
            routes[f"/news/{n}"] = (page(n), "text/html; charset=utf-8")
            entries.append((n, f"{site.base}/news/{n}"))
    home = Server("127.0.0.1", {"/feed.xml": (feed(entries, args.full_text), "application/rss+xml")})
    try:
        with tempfile.TemporaryDirectory() as tmp:
            store = Store.open(str(Path(tmp) / "feeds.db"))
            fetcher = Fetcher(allow_private=True, host_delay=args.host_delay, concurrency=args.concurrency)
            watcher = FeedWatcher(store, fetcher, batch_size=64)
            started = time.perf_counter()
            (result,) = watcher.round([f"{home.base}/feed.xml"])
            elapsed = time.perf_counter() - started
    finally:
        for s in [home, *sites]:
            s.close()
    print(
        json.dumps(
            {
                "benchmark": "feeds",
                "entries": args.entries,
                "hosts": args.hosts,
                "host_delay_s": args.host_delay,
                "concurrency": args.concurrency,
                "full_text": args.full_text,
                "stored": result.stored,
                "from_feed_text": result.full_text,
                "rejected": result.rejected,
                "seconds": round(elapsed, 1),
                "entries_per_s": round(result.stored / elapsed, 1),
                "one_at_a_time_at_least_s": 0
                if args.full_text
                else round((args.entries - args.hosts) * args.host_delay),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
