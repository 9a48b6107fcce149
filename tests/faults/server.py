"""A fault-injection HTTP server on 127.0.0.1: the demo site, with misbehaviour on chosen paths.

Why not ``http.server`` (as ``checker.demo.server`` uses): the faults here are broken *HTTP*, not
just unwelcome statuses — a body shorter than its Content-Length, a reset in the middle of a
body, a response that drips one byte a second, a connection that is accepted and never answered.
``BaseHTTPRequestHandler`` fights each of those (it buffers, adds headers, closes politely), so
this module speaks HTTP/1.1 itself over ``socketserver.ThreadingTCPServer``: every byte on the
wire is one this module chose to write.

The base site is the bundled demo (``checker.paths.demo_site_dir()``), read from disk per request
with the demo manifest's content types, headers and redirects, so a scan of it without faults
gives the demo's known result (21 pass, 14 fail). A test then declares faults per path::

    with FaultServer({"/files/ethics/code-of-ethics.pdf": status(503)}) as server:
        ... scan server.url ...
        assert server.hits("/files/ethics/code-of-ethics.pdf") == 2

Fault keys are request paths without the query string; a key with ``*`` is a glob
(``/files/*.pdf``); an exact key wins over a glob. ``times=N`` applies a fault to the first N
requests only (a server that recovers). Per-path counters (:meth:`FaultServer.hits`) count every
request, faulted or not, and :attr:`FaultServer.bytes_sent` the body bytes written per path.

Big answers are generated while they are sent (a gzip bomb inflating to gigabytes, a body of a
gigabyte): nothing of that size is ever held in memory, so the memory a test measures is the
client's, and generation stops as soon as the client hangs up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import fnmatch
import hashlib
import re
import select
import socket
import socketserver
import struct
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from checker.closing import Closing
from checker.demo.server import Manifest, content_type_for, load_manifest, site_file
from checker.paths import demo_site_dir

__all__ = [
    "Exchange",
    "Fault",
    "FaultServer",
    "broken_html",
    "calendar",
    "drip",
    "gzip_bomb",
    "hang",
    "huge_body",
    "huge_png",
    "inject_link",
    "redirect",
    "redirect_loop",
    "replace",
    "reset_mid_body",
    "short_body",
    "status",
    "transform",
]

_MAX_LINE = 16 * 1024
_MAX_HEADERS = 100
#: An idle keep-alive connection is closed after this long (the client's pool reopens one).
_IDLE_SECONDS = 10.0
_CHUNK = 64 * 1024
_REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    304: "Not Modified",
    307: "Temporary Redirect",
    308: "Permanent Redirect",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    410: "Gone",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
_NOT_FOUND = (
    '<!DOCTYPE html>\n<html lang="th"><head><meta charset="utf-8"><title>404 Not Found</title>'
    "</head><body><h1>Not Found</h1><p>ไม่พบหน้าที่ท่านต้องการ (404)</p></body></html>\n"
).encode()


# ---------------------------------------------------------------------------------------------
# One request and its answer
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    method: str
    target: str  # as sent: path and query
    path: str  # decoded, without the query string
    query: dict[str, list[str]]
    headers: Mapping[str, str]  # lower-case names


@dataclass(frozen=True)
class BaseAnswer:
    """What the plain demo site would answer for a path."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def content_type(self) -> str:
        for name, value in self.headers:
            if name.lower() == "content-type":
                return value
        return "application/octet-stream"


class ClientGone(Exception):
    """The client closed or reset the connection while we were writing (expected: it gave up)."""


class Exchange:
    """One request on a connection, and the means to answer it — correctly or not."""

    def __init__(self, server: _TCPServer, sock: socket.socket, request: Request) -> None:
        self.server = server
        self.sock = sock
        self.request = request

    @property
    def path(self) -> str:
        return self.request.path

    @property
    def head(self) -> bool:
        return self.request.method == "HEAD"

    def stopping(self, wait: float = 0.0) -> bool:
        """True when the server is closing (after waiting up to ``wait`` seconds for it)."""
        return self.server.stop.wait(wait) if wait > 0 else self.server.stop.is_set()

    def write(self, data: bytes, *, body: bool = True) -> None:
        """Send bytes now; :class:`ClientGone` when the client has hung up."""
        if not data:
            return
        try:
            self.sock.sendall(data)
        except OSError as exc:  # EPIPE, ECONNRESET, a socket the client shut down
            raise ClientGone from exc
        if body:
            self.server.count_bytes(self.path, len(data))

    def start(
        self, status: int, headers: Iterable[tuple[str, str]], *, reason: str | None = None
    ) -> None:
        """Write the status line and headers exactly as given (no header is added)."""
        self.write(_head(status, headers, reason), body=False)

    def send(
        self,
        status: int,
        headers: Iterable[tuple[str, str]],
        body: bytes,
        *,
        close: bool = False,
    ) -> bool:
        """A well-formed response with Content-Length; returns whether to keep the connection."""
        all_headers = [("Server", "Apache/2.4.58 (Unix)"), ("Date", _http_date()), *headers]
        all_headers.append(("Content-Length", str(len(body))))
        if close:
            all_headers.append(("Connection", "close"))
        with_body = not self.head and status not in (204, 304)
        # One write for head and body: two small writes would wait on Nagle and delayed ACKs.
        self.write(_head(status, all_headers) + (body if with_body else b""), body=False)
        if with_body:
            self.server.count_bytes(self.path, len(body))
        return not close

    def base(self) -> BaseAnswer:
        """The demo site's answer for this path (files, manifest redirects, 404)."""
        return self.server.base_answer(self.path, self.request.target)

    def serve_base(self) -> bool:
        answer = self.base()
        return self.send(answer.status, answer.headers, answer.body)

    def client_gone(self) -> bool:
        """Whether the client has closed its side (readable with nothing to read)."""
        try:
            readable, _, _ = select.select([self.sock], [], [], 0)
            if not readable:
                return False
            return self.sock.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True


@dataclass
class Fault:
    """A misbehaviour for one path: ``respond`` answers (or not) and says whether to keep the
    connection; ``times`` limits it to the first N requests, after which the site recovers."""

    name: str
    respond: Callable[[Exchange], bool]
    times: int | None = None


# ---------------------------------------------------------------------------------------------
# The faults
# ---------------------------------------------------------------------------------------------


def status(code: int, *, retry_after: str | None = None, times: int | None = None) -> Fault:
    """An error status with a small HTML body (and a Retry-After, for 429/503)."""

    def respond(ex: Exchange) -> bool:
        headers = [("Content-Type", "text/html; charset=utf-8")]
        if retry_after is not None:
            headers.append(("Retry-After", retry_after))
        body = f"<html><body><h1>{code} {_REASONS.get(code, '')}</h1></body></html>\n".encode()
        return ex.send(code, headers, body)

    suffix = f" Retry-After: {retry_after}" if retry_after is not None else ""
    if times is not None:
        suffix += f", then recovers (first {times} request{'s' if times > 1 else ''})"
    return Fault(f"HTTP {code}{suffix}", respond, times)


def reset_mid_body(after: int = 2048) -> Fault:
    """Announce the full file, send ``after`` bytes, then reset the connection (RST, not FIN)."""

    def respond(ex: Exchange) -> bool:
        answer = ex.base()
        ex.start(
            200, [("Content-Type", answer.content_type), ("Content-Length", str(len(answer.body)))]
        )
        ex.write(answer.body[:after])
        # SO_LINGER with a zero timeout makes close() send RST at once; closing here, before
        # socketserver's own shutdown(SHUT_WR), keeps a FIN from going out first.
        ex.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        ex.sock.close()
        return False

    return Fault("connection reset mid-body", respond)


def short_body(fraction: float = 0.5) -> Fault:
    """Content-Length of the whole file, then only part of it and a clean close."""

    def respond(ex: Exchange) -> bool:
        answer = ex.base()
        ex.start(
            200,
            [
                ("Content-Type", answer.content_type),
                ("Content-Length", str(len(answer.body))),
                ("Connection", "close"),
            ],
        )
        ex.write(answer.body[: int(len(answer.body) * fraction)])
        return False

    return Fault("body shorter than its Content-Length", respond)


def drip(seconds_per_byte: float = 1.0) -> Fault:
    """The real file, correctly announced, one byte every ``seconds_per_byte`` (a slowloris in
    reverse: every read succeeds, so only a wall-clock limit stops the client)."""

    def respond(ex: Exchange) -> bool:
        answer = ex.base()
        ex.start(
            answer.status,
            [("Content-Type", answer.content_type), ("Content-Length", str(len(answer.body)))],
        )
        for i in range(len(answer.body)):
            if ex.stopping(seconds_per_byte) or ex.client_gone():
                break
            ex.write(answer.body[i : i + 1])
        return False

    return Fault(f"slow drip ({seconds_per_byte:g} s per byte)", respond)


def hang() -> Fault:
    """Accept the request and never answer; the thread ends when the client gives up."""

    def respond(ex: Exchange) -> bool:
        while not ex.stopping(0.05) and not ex.client_gone():
            pass
        return False

    return Fault("hang (accepted, never answered)", respond)


def redirect(location: str, code: int = 302) -> Fault:
    def respond(ex: Exchange) -> bool:
        return ex.send(code, [("Location", location), ("Content-Type", "text/html")], b"")

    return Fault(f"redirect {code} to {location}", respond)


def redirect_loop() -> Fault:
    """``/x`` → ``/x?loop=1`` → ``/x`` → …: two URLs redirecting to each other for ever."""

    def respond(ex: Exchange) -> bool:
        target = ex.path if "loop" in ex.request.query else f"{ex.path}?loop=1"
        return ex.send(302, [("Location", target), ("Content-Type", "text/html")], b"")

    return Fault("redirect loop", respond)


def replace(body: bytes, content_type: str, name: str = "replaced body") -> Fault:
    """A 200 with other bytes than the site's file (an HTML page under a .pdf URL, …)."""

    def respond(ex: Exchange) -> bool:
        return ex.send(200, [("Content-Type", content_type)], body)

    return Fault(name, respond)


def transform(
    change: Callable[[bytes], bytes] | None = None,
    *,
    content_type: str | None = None,
    name: str = "transformed",
) -> Fault:
    """The site's own file, changed (its bytes and/or its Content-Type header)."""

    def respond(ex: Exchange) -> bool:
        answer = ex.base()
        if answer.status != 200:
            return ex.send(answer.status, answer.headers, answer.body)
        headers = [(n, v) for n, v in answer.headers if n.lower() not in ("content-type", "etag")]
        headers.append(("Content-Type", content_type or answer.content_type))
        body = change(answer.body) if change is not None else answer.body
        return ex.send(200, headers, body)

    return Fault(name, respond)


def gzip_bomb(inflated: int = 10 * 1024**3, *, keep_file: bool = True, fill: bytes = b" ") -> Fault:
    """``Content-Encoding: gzip`` whose stream inflates to ``inflated`` bytes (10 GiB by
    default), about a thousandth of that on the wire. With ``keep_file`` the site's real file
    comes first, so what a client keeps before its cap is the genuine page (the padding after it
    is whitespace, which HTML ignores). Compressed while sent; never held."""

    def respond(ex: Exchange) -> bool:
        answer = ex.base()
        ex.start(
            200,
            [
                ("Content-Type", answer.content_type),
                ("Content-Encoding", "gzip"),
                ("Connection", "close"),  # no length: the body ends when the connection does
            ],
        )
        if ex.head:
            return False
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip container
        block = fill * (1024 * 1024)
        sent = 0
        if keep_file:
            ex.write(packer.compress(answer.body))
            sent = len(answer.body)
        while sent < inflated and not ex.stopping():
            ex.write(packer.compress(block[: min(len(block), inflated - sent)]))
            sent += len(block)
        ex.write(packer.flush())
        return False

    size = f"{inflated / 1024**3:g} GiB"
    return Fault(
        f"gzip bomb ({size} inflated{', after the real file' if keep_file else ''})", respond
    )


def huge_body(size: int = 1024**3, *, keep_file: bool = True, fill: bytes = b" ") -> Fault:
    """``Content-Length: size`` (1 GiB by default), streamed lazily until the client hangs up:
    the real file first (with ``keep_file``), then padding."""

    def respond(ex: Exchange) -> bool:
        answer = ex.base()
        ex.start(200, [("Content-Type", answer.content_type), ("Content-Length", str(size))])
        if ex.head:
            return False
        prefix = answer.body if keep_file else b""
        ex.write(prefix[:size])
        sent = min(len(prefix), size)
        chunk = fill * _CHUNK
        while sent < size and not ex.stopping():
            piece = chunk[: min(len(chunk), size - sent)]
            ex.write(piece)
            sent += len(piece)
        return False

    return Fault(f"Content-Length {size / 1024**3:g} GiB streamed lazily", respond)


def huge_png(width: int = 50_000, height: int = 50_000) -> Fault:
    """A small, valid-looking PNG whose header declares ``width``×``height`` RGB pixels (7.5 GB
    decoded at 50000×50000): anything that decodes images would blow up on it."""
    return replace(_png(width, height), "image/png", name=f"PNG declaring {width}×{height} px")


def broken_html() -> Fault:
    """The site's page, mangled the way old CMSs and hand edits mangle HTML."""
    return transform(_break_html, name="broken HTML")


def inject_link(href: str, text: str) -> Fault:
    """The site's page with one more link at the top of its content."""

    def change(body: bytes) -> bytes:
        anchor = f'<p class="promo"><a href="{href}">{text}</a></p>'.encode()
        return re.sub(rb"(<body[^>]*>)", lambda m: m.group(1) + anchor, body, count=1)

    return transform(change, name=f"link to {href} added")


def calendar(bait: str, branching: int = 10) -> Fault:
    """An endless event calendar. Page ``n`` (``?page=n``) links "next month" and ``branching``
    event pages, numbered as a tree (page n links n·b+1 … n·b+b) so every link is a new URL and
    there is no end in depth or in breadth; with ``branching=1`` it is a plain next-page chain.
    Every link text and heading carries ``bait`` (an item's name) to tempt a crawl that follows
    names. The pages state no year or date: the calendar is a trap, not evidence."""

    def respond(ex: Exchange) -> bool:
        try:
            page = max(1, int((ex.request.query.get("page") or ["1"])[0]))
        except ValueError:
            page = 1
        children = [page * branching + i for i in range(1, branching + 1)]
        links = [f'<li><a href="?page={children[0]}">{bait} (เดือนถัดไป)</a></li>']
        links += [
            f'<li><a href="?page={child}">{bait} กิจกรรมที่ {i}</a></li>'
            for i, child in enumerate(children[1:], start=1)
        ]
        body = (
            '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">'
            f"<title>ปฏิทินกิจกรรม หน้า {page}</title></head><body>"
            f"<h1>ปฏิทินกิจกรรม: {bait}</h1><ul>{''.join(links)}</ul></body></html>"
        ).encode()
        return ex.send(200, [("Content-Type", "text/html; charset=utf-8")], body)

    shape = "a next-page chain" if branching == 1 else f"{branching} new links a page"
    return Fault(f"infinite calendar ({shape})", respond)


def _break_html(body: bytes) -> bytes:
    """Unclosed cells, rows, items and paragraphs; stray and mismatched end tags; unquoted
    attributes; a NUL byte; a bare ampersand; junk before the doctype; no ``</body></html>``."""
    out = re.sub(rb"</(td|th|tr|li|p|thead|tbody)>", b"", body)
    out = out.replace(b"</div>", b"</div></span></font>")
    out = re.sub(rb'class="([a-z0-9-]+)"', rb"class=\1", out)
    out = out.replace(b"<body>", b"<body><b><i>\x00 &nbsp &copy AT&T </b></i><center>", 1)
    out = re.sub(rb"</body>\s*</html>\s*$", b"<table><tr><td>", out)
    return b"\xef\xbb\xbf \r\n<?php echo $x; ?>\n" + out


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    # A few rows of real (black) image data, so the file starts like a real big picture.
    rows = (b"\x00" + b"\x00" * (width * 3)) * 8
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


# ---------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------


def _head(status: int, headers: Iterable[tuple[str, str]], reason: str | None = None) -> bytes:
    phrase = reason if reason is not None else _REASONS.get(status, "Unknown")
    lines = [f"HTTP/1.1 {status} {phrase}", *(f"{n}: {v}" for n, v in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _http_date(moment: dt.datetime | None = None) -> str:
    return email.utils.format_datetime(moment or dt.datetime.now(dt.UTC), usegmt=True)


class _Handler(socketserver.BaseRequestHandler):
    server: _TCPServer

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(_IDLE_SECONDS)
        # Faults write in small pieces on purpose (a drip); each piece must leave at once.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        reader = sock.makefile("rb")
        with self.server.track(sock):
            try:
                while not self.server.stop.is_set():
                    request = _read_request(reader)
                    if request is None:
                        return
                    self.server.record(request)
                    if not self.server.respond(Exchange(self.server, sock, request)):
                        return
            except (ClientGone, ConnectionError, TimeoutError):
                return  # the client gave up or went idle: that is what the faults provoke
            except OSError:
                if sock.fileno() == -1:
                    return  # a fault closed the socket on purpose (reset mid-body)
                raise
            finally:
                reader.close()


def _read_request(reader: Any) -> Request | None:
    line = reader.readline(_MAX_LINE)
    while line in (b"\r\n", b"\n"):  # tolerated before a request (RFC 9112 §2.2)
        line = reader.readline(_MAX_LINE)
    if not line:
        return None
    parts = line.decode("latin-1").split()
    if len(parts) != 3:
        return None
    method, target, _version = parts
    headers: dict[str, str] = {}
    for _ in range(_MAX_HEADERS):
        raw = reader.readline(_MAX_LINE)
        if raw in (b"\r\n", b"\n", b""):
            break
        name, _, value = raw.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    length = (
        int(headers.get("content-length", "0"))
        if headers.get("content-length", "").isdigit()
        else 0
    )
    if length:
        reader.read(length)  # a request body is not used; read it to keep the stream in step
    split = urlsplit(target)
    path = unquote(split.path or "/")
    return Request(method.upper(), target, path, parse_qs(split.query), headers)


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, root: Path, faults: Mapping[str, Fault]) -> None:
        self.root = root.resolve()
        self.manifest: Manifest = load_manifest(self.root)
        self.faults: dict[str, Fault] = dict(faults)
        self.stop = threading.Event()
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self._hits: Counter[str] = Counter()
        self._bytes: Counter[str] = Counter()
        self._targets: list[str] = []
        self._applied: Counter[str] = Counter()  # fault key -> times applied
        self._open: set[socket.socket] = set()
        super().__init__(("127.0.0.1", 0), _Handler)

    # -- bookkeeping ----------------------------------------------------------------------------

    def record(self, request: Request) -> None:
        with self._lock:
            self._hits[request.path] += 1
            self._targets.append(request.target)

    def count_bytes(self, path: str, n: int) -> None:
        with self._lock:
            self._bytes[path] += n

    @contextlib.contextmanager
    def track(self, sock: socket.socket) -> Iterator[None]:
        with self._lock:
            self._open.add(sock)
        try:
            yield
        finally:
            with self._lock:
                self._open.discard(sock)

    def cut_all(self) -> None:
        """Shut down every open connection (closing the server must not wait for a hang)."""
        with self._lock:
            socks = list(self._open)
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Unexpected: a bug in this module. Kept for the test to see, not printed to stderr.
        import traceback

        self.errors.append(traceback.format_exc())

    # -- answering ------------------------------------------------------------------------------

    def fault_for(self, path: str) -> Fault | None:
        """The fault that answers ``path`` now: an exact key first, else the first matching
        glob; None when there is none or its ``times`` are used up (the site has recovered)."""
        with self._lock:
            key: str | None = path if path in self.faults else None
            if key is None:
                key = next(
                    (k for k in self.faults if "*" in k and fnmatch.fnmatchcase(path, k)), None
                )
            if key is None:
                return None
            fault = self.faults[key]
            if fault.times is not None and self._applied[key] >= fault.times:
                return None
            self._applied[key] += 1
            return fault

    def respond(self, ex: Exchange) -> bool:
        if ex.request.method not in ("GET", "HEAD"):
            return ex.send(405, [("Allow", "GET, HEAD")], b"", close=True)
        fault = self.fault_for(ex.path)
        if fault is not None:
            return fault.respond(ex)
        return ex.serve_base()

    def base_answer(self, path: str, target: str) -> BaseAnswer:
        manifest = self.manifest
        html = "text/html; charset=utf-8"
        redirect_rule = manifest.redirects.get(path)
        if redirect_rule is not None:
            return BaseAnswer(
                redirect_rule.status,
                [("Location", redirect_rule.location), ("Content-Type", html)],
                b"",
            )
        found = site_file(self.root, path)
        if found is None:
            return BaseAnswer(404, [("Content-Type", html)], _NOT_FOUND)
        if isinstance(found, str):  # a folder asked for without its slash
            query = target.split("?", 1)[1] if "?" in target else ""
            return BaseAnswer(301, [("Location", found + (f"?{query}" if query else ""))], b"")
        file, site_path = found
        data = file.read_bytes()
        headers = {
            "Content-Type": content_type_for(file.name),
            "ETag": '"' + hashlib.sha256(data).hexdigest()[:32] + '"',
            "Last-Modified": _http_date(manifest.last_modified(site_path)),
        }
        for name, value in manifest.headers(site_path).items():
            for existing in [k for k in headers if k.lower() == name.lower()]:
                del headers[existing]
            headers[name] = value
        return BaseAnswer(200, list(headers.items()), data)


class FaultServer(Closing):
    """The demo site on ``http://127.0.0.1:PORT/`` with ``faults`` applied; a context manager."""

    def __init__(self, faults: Mapping[str, Fault] | None = None, root: Path | None = None) -> None:
        self._tcp = _TCPServer(Path(root) if root is not None else demo_site_dir(), faults or {})
        self._thread = threading.Thread(
            target=self._tcp.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fault-server:{self.port}",
            daemon=True,
        )
        self._thread.start()
        self._closed = False

    @property
    def port(self) -> int:
        return int(self._tcp.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def url_for(self, path: str) -> str:
        return self.url + path.lstrip("/")

    def set_fault(self, path: str, fault: Fault | None) -> None:
        with self._tcp._lock:
            if fault is None:
                self._tcp.faults.pop(path, None)
            else:
                self._tcp.faults[path] = fault

    # -- counters -------------------------------------------------------------------------------

    def hits(self, path: str) -> int:
        """Requests for ``path`` (query string dropped; a glob counts every matching path)."""
        with self._tcp._lock:
            if "*" in path:
                return sum(n for p, n in self._tcp._hits.items() if fnmatch.fnmatchcase(p, path))
            return self._tcp._hits[path]

    @property
    def requests(self) -> dict[str, int]:
        with self._tcp._lock:
            return dict(self._tcp._hits)

    @property
    def targets(self) -> list[str]:
        """Every request target (path and query) in arrival order."""
        with self._tcp._lock:
            return list(self._tcp._targets)

    @property
    def total_requests(self) -> int:
        with self._tcp._lock:
            return sum(self._tcp._hits.values())

    @property
    def bytes_sent(self) -> dict[str, int]:
        """Body bytes written per path (what went on the wire, compressed or not)."""
        with self._tcp._lock:
            return dict(self._tcp._bytes)

    @property
    def errors(self) -> list[str]:
        """Tracebacks of unexpected errors in this server (a bug here, not a planned fault)."""
        return list(self._tcp.errors)

    # -- lifecycle ------------------------------------------------------------------------------

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._tcp.stop.set()
        self._tcp.cut_all()
        self._tcp.shutdown()
        self._tcp.server_close()
        self._thread.join(timeout=5)

    def __repr__(self) -> str:
        return f"<FaultServer {self.url} faults={sorted(self._tcp.faults)}>"
