"""`fogwatch serve`: a read-only web app and JSON API over a fogwatch database."""

from __future__ import annotations

import errno
import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass, field

from fogwatch.errors import CannotServe, MissingExtra

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_header(address: str) -> str:
    """How a browser writes an address in the Host header: IPv6 in brackets."""
    return f"[{address}]" if ":" in address else address


@dataclass(slots=True)
class Listener:
    """Sockets bound for `fogwatch serve`, before anything is announced."""

    host: str
    port: int
    sockets: list[socket.socket] = field(default_factory=list)

    @property
    def addresses(self) -> list[str]:
        return [str(s.getsockname()[0]) for s in self.sockets]

    @property
    def loopback(self) -> bool:
        return all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in self.addresses)

    @property
    def url(self) -> str:
        return f"http://{_host_header(self.host.strip('[]'))}:{self.port}/"

    def allowed_hosts(self) -> list[str]:
        """Host header values a loopback server answers (a guard against DNS rebinding): the loopback
        names, the host it was asked to bind and every address it is bound to."""
        hosts = ["127.0.0.1", "localhost", "[::1]", _host_header(self.host.strip("[]").lower())]
        hosts += [_host_header(a) for a in self.addresses]
        return list(dict.fromkeys(hosts))

    def close(self) -> None:
        for s in self.sockets:
            s.close()
        self.sockets.clear()


def listen(host: str, port: int) -> Listener:
    """Bind every address `host` names on `port` (0: a free port), or say in one line why not.

    Binding before the URL is announced means a busy port is reported as such, not after a
    "serving at" line that is not true; the bound sockets are handed to uvicorn as they are.
    """
    if not 0 <= port <= 65535:
        raise CannotServe(f"--port {port} is not a port number: give one from 1 to 65535 (0 picks a free one)")
    name = host.strip().strip("[]")
    if not name:
        raise CannotServe("--host is empty: give an address of this machine, e.g. 127.0.0.1")
    try:
        infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) else "not a valid host name"
        raise CannotServe(
            f"--host '{host}': cannot use it ({reason}). Give an address of this machine: "
            "127.0.0.1 (this machine only, the default) or 0.0.0.0 (every network it is on)"
        ) from None
    listener = Listener(host, port)
    failures: list[OSError] = []
    for family, kind, proto, _, addr in dict.fromkeys(infos):
        if listener.sockets and port == 0:
            addr = (addr[0], listener.port, *addr[2:])  # one free port for every address of the name
        try:
            sock = socket.socket(family, kind, proto)
        except OSError as exc:
            failures.append(exc)
            continue
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(addr)
        except OSError as exc:
            sock.close()
            if exc.errno == errno.EADDRINUSE:
                listener.close()
                raise CannotServe(
                    f"port {port} on {host} is already in use (another fogwatch serve, or another server). "
                    f"Stop it, or choose another port: fogwatch serve --port {port + 1 if port < 65535 else 8000}"
                ) from None
            failures.append(exc)
            continue
        listener.sockets.append(sock)
        listener.port = int(sock.getsockname()[1])
    if not listener.sockets:
        first = failures[0] if failures else OSError(errno.EADDRNOTAVAIL, "no address")
        if first.errno == errno.EACCES:
            raise CannotServe(
                f"port {port} needs privileges this user does not have (ports below 1024 do): "
                "choose one from 1024 up, e.g. --port 8000"
            )
        if first.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
            raise CannotServe(
                f"--host '{host}' is not an address of this machine. Give one of its own addresses: "
                "127.0.0.1 (this machine only, the default) or 0.0.0.0 (every network it is on)"
            )
        raise CannotServe(f"cannot listen on {host} port {port}: {first.strerror or first}")
    return listener


def serve(
    db: str | None,
    host: str = "127.0.0.1",
    port: int = 8000,
    online_tiles: bool = False,
    warn: Callable[[str], None] = print,
) -> None:
    """Open the database read-only, bind the port, then run the app with uvicorn until interrupted."""
    try:
        import uvicorn
    except ModuleNotFoundError:
        raise MissingExtra("uvicorn", "serve", "fogwatch serve") from None
    try:
        from fogwatch.serve.app import create_app
    except ModuleNotFoundError as exc:
        raise MissingExtra(exc.name or "fastapi", "serve", "fogwatch serve") from None
    from fogwatch.store import Store

    store = Store.open(db, create=False, readonly=True)  # the web app never writes
    listener = listen(host, port)
    try:
        allowed: list[str] | None = listener.allowed_hosts()
        if not listener.loopback:
            warn(
                f"warning: serving on {host}, reachable from other machines. fogwatch serve has no login; "
                "anyone who can reach this port can read the whole database."
            )
            allowed = None
        app = create_app(store, online_tiles=online_tiles, allowed_hosts=allowed)
        warn(f"fogwatch serving {store.url} at {listener.url} (API docs at /api/docs); Ctrl-C stops it")
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        server.run(sockets=listener.sockets)
    finally:
        listener.close()
