"""`fogwatch serve`: a read-only web app and JSON API over a fogwatch database."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from fogwatch.errors import MissingExtra

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    db: str | None,
    host: str = "127.0.0.1",
    port: int = 8000,
    online_tiles: bool = False,
    warn: Callable[[str], None] = print,
) -> None:
    """Open the database read-only and run the app with uvicorn until interrupted."""
    try:
        import uvicorn
    except ModuleNotFoundError:
        raise MissingExtra("uvicorn", "serve", "fogwatch serve") from None
    try:
        from fogwatch.serve.app import create_app
    except ModuleNotFoundError as exc:
        raise MissingExtra(exc.name or "fastapi", "serve", "fogwatch serve") from None
    from fogwatch.store import Store

    store = Store.open(db, create=False)
    allowed: list[str] | None = ["127.0.0.1", "localhost", "[::1]", "::1"]
    if not is_loopback(host):
        warn(
            f"warning: serving on {host}, reachable from other machines. fogwatch serve has no login; "
            "anyone who can reach this port can read the whole database."
        )
        allowed = None
    app = create_app(store, online_tiles=online_tiles, allowed_hosts=allowed)
    warn(f"fogwatch serving {store.url} at http://{host}:{port}/ (API docs at /api/docs); Ctrl-C stops it")
    uvicorn.run(app, host=host, port=port, log_level="warning")
