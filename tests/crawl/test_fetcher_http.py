"""PoliteFetcher over real sockets to a local server: what a mocked adapter cannot show.

Connection-level behaviour (redirects through the pool, a dripping or hanging server, a reset, a
short body, a gzip bomb) and the proof that no packet ever goes to a refused address.
"""

from __future__ import annotations

import functools
import gzip
import ipaddress
import socket
import struct
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from checker.crawl.fetcher import PoliteFetcher
from checker.crawl.scope import Scope
from checker.settings import CrawlSettings

pytestmark = pytest.mark.integration


@functools.cache
def _bomb() -> bytes:
    return gzip.compress(b"\0" * (32 * 1024 * 1024), compresslevel=9)  # ~32 KB on the wire


LOOPBACK = ipaddress.ip_network("127.0.0.0/8")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: later requests reuse pooled connections
    server: _Server

    def do_GET(self) -> None:
        self.server.seen.append(self.path)
        self.server.ports.append(self.client_address[1])
        route = ROUTES.get(self.path.split("?")[0])
        if route is None:
            self._send(404, b"not found")
        else:
            route(self)

    def do_HEAD(self) -> None:
        self.server.seen.append(self.path)
        self.server.ports.append(self.client_address[1])
        self.send_response(200)
        self.send_header("Content-Length", "5")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _drip(self, data: bytes, every: float) -> None:
        for i in range(len(data)):
            if self.server.stop.wait(every):
                return
            try:
                self.wfile.write(data[i : i + 1])
            except OSError:
                return  # the client gave up: that is the point


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[str] = []
        self.ports: list[int] = []  # client port of each request: one port = one connection
        self.stop = threading.Event()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # broken pipes from responses the client cut short are expected here


def _redirect(location: str) -> Callable[[_Handler], None]:
    return lambda h: h._send(302, b"", {"Location": location})


def _thai_redirect(h: _Handler) -> None:
    # Raw UTF-8 bytes in Location, as many Thai CMSs send them.
    location = "/เอกสาร/o1.html".encode()
    h.wfile.write(b"HTTP/1.1 302 Found\r\nLocation: " + location + b"\r\nContent-Length: 0\r\n\r\n")


def _drip_body(h: _Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Length", "1000")
    h.end_headers()
    h._drip(b"x" * 1000, 0.05)


def _drip_headers(h: _Handler) -> None:
    h.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    h._drip(b"a" * 1000, 0.05)


def _hang(h: _Handler) -> None:
    h.server.stop.wait(10)


def _reset(h: _Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.wfile.write(b"x" * 1000)
    time.sleep(0.05)
    # SO_LINGER 0 makes close() send RST instead of FIN: a connection reset mid-body.
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.connection.close()
    h.close_connection = True


def _short(h: _Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Length", "100")
    h.end_headers()
    h.wfile.write(b"x" * 10)
    h.close_connection = True


def _big(h: _Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Length", str(50 * 1024 * 1024))
    h.end_headers()
    chunk = b"a" * 65536
    try:
        for _ in range(800):
            h.wfile.write(chunk)
    except OSError:
        pass


ROUTES: dict[str, Callable[[_Handler], None]] = {
    "/robots.txt": lambda h: h._send(200, b"User-agent: *\nDisallow: /private/\n"),
    "/page": lambda h: h._send(200, b"hello", {"Content-Type": "text/html; charset=utf-8"}),
    "/page-close": lambda h: h._send(200, b"bye", {"Connection": "close"}),
    "/private/report": lambda h: h._send(200, b"secret"),
    "/redirect": _redirect("/page"),
    "/thai": _thai_redirect,
    "/%E0%B9%80%E0%B8%AD%E0%B8%81%E0%B8%AA%E0%B8%B2%E0%B8%A3/o1.html": lambda h: h._send(
        200, b"thai"
    ),
    "/to-metadata": _redirect("http://169.254.169.254/latest/meta-data/"),
    "/to-evil": _redirect("http://evil.example/"),
    "/drip": _drip_body,
    "/drip-headers": _drip_headers,
    "/hang": _hang,
    "/reset": _reset,
    "/short": _short,
    "/bomb": lambda h: h._send(200, _bomb(), {"Content-Encoding": "gzip"}),
    "/big": _big,
}


@pytest.fixture
def server() -> Iterator[_Server]:
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield srv
    srv.stop.set()
    srv.shutdown()
    srv.server_close()
    thread.join()


@pytest.fixture
def base(server: _Server) -> str:
    return f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def make(base: str) -> Iterator[Callable[..., PoliteFetcher]]:
    made: list[PoliteFetcher] = []

    def factory(allowed_hosts: tuple[str, ...] = (), **overrides: Any) -> PoliteFetcher:
        overrides.setdefault("delay_seconds", 0)
        overrides.setdefault("retries", 0)
        fetcher = PoliteFetcher(CrawlSettings(**overrides), Scope(f"{base}/", allowed_hosts))
        made.append(fetcher)
        return fetcher

    yield factory
    for fetcher in made:
        fetcher.close()


# --- no packet to a refused address ----------------------------------------------------------


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch, server: _Server) -> list[Any]:
    """Every address a socket is asked to connect to; anything off loopback fails the test."""
    seen: list[Any] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_create = socket.create_connection
    real_getaddrinfo = socket.getaddrinfo
    port = server.server_port

    def guard(address: Any) -> None:
        seen.append(address)
        host = address[0] if isinstance(address, tuple) else address
        if ipaddress.ip_address(host) not in LOOPBACK:
            raise AssertionError(f"a connection to {address} was attempted")

    def connect(sock: socket.socket, address: Any) -> None:
        guard(address)
        real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> int:
        guard(address)
        return real_connect_ex(sock, address)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        guard(address)
        return real_create(address, *args, **kwargs)

    rebinds: list[str] = []

    def getaddrinfo(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "evil.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", port))]
        if host == "rebind.example":  # first answer loopback, then an internal address
            rebinds.append(host)
            address = "127.0.0.1" if len(rebinds) == 1 else "10.0.0.5"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return seen


def _off_loopback(seen: list[Any]) -> list[Any]:
    return [a for a in seen if ipaddress.ip_address(a[0]) not in LOOPBACK]


@pytest.mark.parametrize("url", ["http://10.1.2.3/", "https://10.1.2.3/"])
def test_a_private_address_gets_no_packet(make: Any, connections: list[Any], url: str) -> None:
    # 10.1.2.3 is an allowed host by name, so only the address policy stands in the way.
    result = make(allowed_hosts=("10.1.2.3",), obey_robots=False).fetch(url)
    assert result.outcome == "out_of_scope"
    assert result.reason is not None and "10.1.2.3" in result.reason and "private" in result.reason
    assert result.attempts == 0
    assert _off_loopback(connections) == []


@pytest.mark.parametrize("obey_robots", [True, False])
def test_a_redirect_to_the_metadata_address_gets_no_packet(
    make: Any, base: str, connections: list[Any], obey_robots: bool
) -> None:
    fetcher = make(allowed_hosts=("169.254.169.254",), obey_robots=obey_robots)
    result = fetcher.fetch(f"{base}/to-metadata")
    assert result.outcome == "out_of_scope"
    assert result.reason is not None
    assert "http://169.254.169.254/latest/meta-data/" in result.reason
    assert "link-local" in result.reason
    assert result.redirects == ["http://169.254.169.254/latest/meta-data/"]
    assert connections, "the local server was reached through the patched connect"
    assert _off_loopback(connections) == []


@pytest.mark.parametrize("obey_robots", [True, False])
def test_a_redirect_to_a_name_resolving_internally_gets_no_packet(
    make: Any, base: str, connections: list[Any], obey_robots: bool
) -> None:
    fetcher = make(allowed_hosts=("evil.example",), obey_robots=obey_robots)
    result = fetcher.fetch(f"{base}/to-evil")
    assert result.outcome == "out_of_scope"
    assert result.reason is not None
    assert "evil.example" in result.reason and "10.0.0.5" in result.reason
    assert _off_loopback(connections) == []


def test_dns_rebinding_is_checked_at_every_connection(
    make: Any, server: _Server, connections: list[Any]
) -> None:
    fetcher = make(allowed_hosts=("rebind.example",), obey_robots=False)
    url = f"http://rebind.example:{server.server_port}/page-close"
    assert fetcher.fetch(url).outcome == "ok"  # resolved to loopback, like the target
    again = fetcher.fetch(url)  # the server closed the connection: a new one resolves again
    assert again.outcome == "out_of_scope"
    assert again.reason is not None and "10.0.0.5" in again.reason
    assert _off_loopback(connections) == []


# --- the connection layer --------------------------------------------------------------------


def test_real_redirect_and_robots(make: Any, base: str, server: _Server) -> None:
    fetcher = make()
    result = fetcher.fetch(f"{base}/redirect")
    assert result.outcome == "ok" and result.body == b"hello"
    assert result.final_url == f"{base}/page"
    assert result.content_type == "text/html" and result.charset == "utf-8"
    private = fetcher.fetch(f"{base}/private/report")
    assert private.outcome == "robots"
    assert "/private/report" not in server.seen
    assert server.seen.count("/robots.txt") == 1


def test_one_connection_serves_robots_redirects_errors_and_pages(
    make: Any, base: str, server: _Server
) -> None:
    fetcher = make()
    assert fetcher.fetch(f"{base}/redirect").outcome == "ok"
    assert fetcher.fetch(f"{base}/missing").outcome == "gone"
    assert fetcher.fetch(f"{base}/page", head=True).outcome == "ok"
    assert fetcher.fetch(f"{base}/page").outcome == "ok"
    # robots.txt, the redirect, its target, the 404, HEAD and GET of the page
    assert len(server.seen) == 6
    assert len(set(server.ports)) == 1


def test_a_raw_utf8_thai_location_is_followed(make: Any, base: str) -> None:
    result = make().fetch(f"{base}/thai")
    assert result.outcome == "ok" and result.body == b"thai"


def test_a_dripping_body_is_cut_at_the_wall_clock_limit(make: Any, base: str) -> None:
    fetcher = make(response_seconds=0.5, read_timeout=5)
    started = time.monotonic()
    result = fetcher.fetch(f"{base}/drip")  # robots.txt first: the drip reuses that connection
    took = time.monotonic() - started
    assert result.outcome == "unreachable"
    assert result.reason == "response took longer than 0.5 s"
    assert took < 1.5


def test_dripping_headers_are_cut_too(make: Any, base: str) -> None:
    started = time.monotonic()
    result = make(response_seconds=0.4, read_timeout=5).fetch(f"{base}/drip-headers")
    assert result.outcome == "unreachable"
    assert result.reason is not None and "longer than 0.4 s" in result.reason
    assert time.monotonic() - started < 1.5


def test_a_server_that_never_answers_times_out(make: Any, base: str) -> None:
    started = time.monotonic()
    result = make(read_timeout=0.3, retries=2).fetch(f"{base}/hang")
    assert result.outcome == "unreachable"
    assert result.reason is not None and "timed out" in result.reason
    assert result.attempts == 1  # waiting again for a silent server would only cost time
    assert time.monotonic() - started < 1.5


def test_a_connection_reset_mid_body(make: Any, base: str) -> None:
    result = make(retries=1, backoff_seconds=0).fetch(f"{base}/reset")
    assert result.outcome == "unreachable"
    assert result.reason is not None and "reading the body" in result.reason
    assert "reset" in result.reason.lower()
    assert result.attempts == 2  # a dropped connection is worth one more try


def test_a_body_shorter_than_its_content_length(make: Any, base: str) -> None:
    result = make().fetch(f"{base}/short")
    assert result.outcome == "unreachable"
    assert result.reason == "body ended early: 10 bytes read, 90 more announced"


def test_a_gzip_bomb_costs_no_more_memory_than_the_cap(make: Any, base: str) -> None:
    cap = 1_000_000
    fetcher = make(max_bytes=cap)
    _bomb()  # built before measuring: the server's copy is not the client's memory
    tracemalloc.start()
    try:
        result = fetcher.fetch(f"{base}/bomb")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.outcome == "ok" and result.truncated
    assert len(result.body) == cap
    assert peak < cap * 1.3 + 512 * 1024  # 32 MiB inflated would be far above this


def test_a_content_length_above_the_cap_is_not_downloaded(make: Any, base: str) -> None:
    started = time.monotonic()
    result = make(max_bytes=100_000).fetch(f"{base}/big")
    assert result.outcome == "ok" and result.truncated
    assert result.bytes_received == 100_000
    assert time.monotonic() - started < 1.0
