"""A small static file server for the bundled demo website (stdlib only).

``make demo`` and the integration tests serve ``checker/demo/site`` over real HTTP on 127.0.0.1
with :func:`serve_site`. The server behaves like the Apache/PHP hosting of a small Thai agency
closely enough for the checker to meet real-world details, and deterministically enough for tests:

* files are read from disk on every request (a test may delete files from a served copy);
* ``Content-Type`` comes from the file extension (``.php`` is HTML), HTML is ``charset=utf-8``
  unless the manifest says otherwise (one legacy page is served as ``windows-874``);
* every response has a strong ``ETag`` (a hash of the bytes) and a fixed ``Last-Modified`` from
  the manifest, and ``If-None-Match`` / ``If-Modified-Since`` are answered with 304;
* ``HEAD`` is supported, the query string is ignored when mapping a URL to a file
  (``viewer.php?pdf=…`` serves ``viewer.php``), ``/`` and ``/dir/`` serve ``index.html``;
* path traversal (``..``, encoded slashes, symlinks leading out of the root) answers 404, and
  files or folders whose name starts with ``_`` or ``.`` are never served;
* redirects are declared in the manifest; a path that should answer 404 is simply absent;
* nothing is logged to stderr; :attr:`DemoServer.stats` counts requests per path and bytes sent.

:class:`SiteServer` and :class:`SiteHandler` are public for harnesses that serve sites with a
little more behaviour (``benchmarks/night/sites.py`` hides files and logs every request): subclass
the handler, override :meth:`SiteHandler.find_file` or :meth:`SiteHandler.headers_sent`, and
pass it to the server as ``handler``.

The manifest ``_site.yaml`` in the site root is written in a small subset of YAML (nested
mappings of scalars, ``#`` comments) so that this module needs no YAML library::

    default_last_modified: "2024-04-01 09:00"      # GMT; used for every file not listed below
    files:
      /authority.html:
        last_modified: "2019-08-14 03:12"
        headers:
          Content-Type: "text/html; charset=windows-874"
    redirects:
      /ita:
        status: 301
        location: /ita.html

Run ``python -m checker.demo.server`` to browse the demo site by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import hashlib
import re
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urlsplit

from checker.closing import Closing

__all__ = [
    "DEFAULT_LAST_MODIFIED",
    "MANIFEST_NAME",
    "DemoServer",
    "FileRule",
    "Manifest",
    "ManifestError",
    "Redirect",
    "ServerStats",
    "SiteHandler",
    "SiteServer",
    "content_type_for",
    "load_manifest",
    "parse_manifest",
    "serve_site",
    "site_file",
]

MANIFEST_NAME = "_site.yaml"
DEFAULT_LAST_MODIFIED = dt.datetime(2024, 4, 1, 9, 0, tzinfo=dt.UTC)

_CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".php": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".txt": "text/plain",
    ".xml": "application/xml",
    ".csv": "text/csv",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
}
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def content_type_for(name: str) -> str:
    """The Content-Type the server sends for a file name (text types with ``charset=utf-8``)."""
    suffix = Path(name).suffix.lower()
    ctype = _CONTENT_TYPES.get(suffix, "application/octet-stream")
    if ctype.startswith("text/") or ctype in ("application/json", "application/xml"):
        ctype += "; charset=utf-8"
    return ctype


# ---------------------------------------------------------------------------------------------
# The manifest
# ---------------------------------------------------------------------------------------------


class ManifestError(ValueError):
    """``_site.yaml`` is not in the supported YAML subset or names something impossible."""


@dataclass(frozen=True)
class FileRule:
    """Per-file settings: a fixed Last-Modified and extra or replaced response headers."""

    last_modified: dt.datetime | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Redirect:
    status: int
    location: str


@dataclass(frozen=True)
class Manifest:
    default_last_modified: dt.datetime = DEFAULT_LAST_MODIFIED
    files: Mapping[str, FileRule] = field(default_factory=dict)  # key: "/path/of/file.html"
    redirects: Mapping[str, Redirect] = field(default_factory=dict)  # key: request path
    #: request path -> an error status to answer instead (a server having a bad night)
    faults: Mapping[str, int] = field(default_factory=dict)

    def last_modified(self, file_path: str) -> dt.datetime:
        rule = self.files.get(file_path)
        if rule is not None and rule.last_modified is not None:
            return rule.last_modified
        return self.default_last_modified

    def headers(self, file_path: str) -> Mapping[str, str]:
        rule = self.files.get(file_path)
        return rule.headers if rule is not None else {}


_INT = re.compile(r"^-?[0-9]+$")


def _strip_comment(line: str) -> str:
    quote: str | None = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


def _scalar(text: str, lineno: int) -> str | int | bool | None:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    if text[:1] in ("[", "{", "&", "*", "!", "|", ">", "@", "`"):
        raise ManifestError(f"line {lineno}: only plain or quoted scalars are supported")
    if _INT.match(text):
        return int(text)
    if text in ("true", "True"):
        return True
    if text in ("false", "False"):
        return False
    if text in ("", "~", "null"):
        return None
    return text


def _split_key(body: str, lineno: int) -> tuple[str, str]:
    if body[:1] in "\"'":
        end = body.find(body[0], 1)
        if end < 0 or body[end + 1 : end + 2] != ":":
            raise ManifestError(f"line {lineno}: expected a quoted key followed by ':'")
        return body[1:end], body[end + 2 :]
    match = re.match(r"^([^:]+?):(?:\s+|$)(.*)$", body)
    if not match:
        raise ManifestError(f"line {lineno}: expected 'key: value'")
    return match.group(1).strip(), match.group(2)


def parse_manifest(text: str) -> dict[str, Any]:
    """Parse the YAML subset used by ``_site.yaml`` into nested dicts (as PyYAML would)."""
    root: dict[str, Any] = {}
    stack: list[tuple[int, dict[str, Any]]] = [(0, root)]  # (indent of the keys, mapping)
    pending: tuple[dict[str, Any], str, int] | None = None  # "key:" waiting for its block
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        if "\t" in line[: len(line) - len(line.lstrip())]:
            raise ManifestError(f"line {lineno}: indent with spaces, not tabs")
        indent = len(line) - len(line.lstrip(" "))
        body = line.strip()
        if body.startswith("- ") or body == "-":
            raise ManifestError(f"line {lineno}: lists are not supported")
        if pending is not None:
            parent, key, key_indent = pending
            pending = None
            if indent > key_indent:
                child: dict[str, Any] = {}
                parent[key] = child
                stack.append((indent, child))
            else:
                parent[key] = None
        while indent < stack[-1][0]:
            stack.pop()
        if indent != stack[-1][0]:
            raise ManifestError(f"line {lineno}: inconsistent indentation")
        mapping = stack[-1][1]
        key, value = _split_key(body, lineno)
        if key in mapping:
            raise ManifestError(f"line {lineno}: duplicate key {key!r}")
        if value.strip() == "":
            pending = (mapping, key, indent)
        else:
            mapping[key] = _scalar(value, lineno)
    if pending is not None:
        pending[0][pending[1]] = None
    return root


def _parse_time(value: object, where: str) -> dt.datetime:
    if not isinstance(value, str):
        raise ManifestError(f'{where}: a date must be a quoted string like "2024-04-01 09:00"')
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ManifestError(f"{where}: {exc}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC).replace(microsecond=0)


def _mapping(value: object, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ManifestError(f"{where}: expected a mapping")
    return value


def _site_path(key: str, where: str) -> str:
    if not key.startswith("/"):
        raise ManifestError(f"{where}: paths start with '/' ({key!r})")
    return key


def manifest_from_data(data: Mapping[str, Any]) -> Manifest:
    """Validate parsed manifest data (from :func:`parse_manifest` or PyYAML)."""
    unknown = set(data) - {"default_last_modified", "files", "redirects", "faults"}
    if unknown:
        raise ManifestError(f"unknown top-level keys: {', '.join(sorted(unknown))}")
    default = DEFAULT_LAST_MODIFIED
    if data.get("default_last_modified") is not None:
        default = _parse_time(data["default_last_modified"], "default_last_modified")
    files: dict[str, FileRule] = {}
    for key, spec in _mapping(data.get("files"), "files").items():
        where = f"files: {key}"
        path = _site_path(key, where)
        spec = _mapping(spec, where)
        extra = set(spec) - {"last_modified", "headers"}
        if extra:
            raise ManifestError(f"{where}: unknown keys {', '.join(sorted(extra))}")
        headers = {
            str(name): str(value)
            for name, value in _mapping(spec.get("headers"), f"{where}: headers").items()
        }
        modified = spec.get("last_modified")
        files[path] = FileRule(
            last_modified=_parse_time(modified, where) if modified is not None else None,
            headers=headers,
        )
    redirects: dict[str, Redirect] = {}
    for key, spec in _mapping(data.get("redirects"), "redirects").items():
        where = f"redirects: {key}"
        path = _site_path(key, where)
        spec = _mapping(spec, where)
        status, location = spec.get("status", 302), spec.get("location")
        if status not in _REDIRECT_STATUSES:
            raise ManifestError(f"{where}: status must be one of {sorted(_REDIRECT_STATUSES)}")
        if not isinstance(location, str) or not location:
            raise ManifestError(f"{where}: 'location' is required")
        redirects[path] = Redirect(status=int(status), location=location)
    faults: dict[str, int] = {}
    for key, status in _mapping(data.get("faults"), "faults").items():
        where = f"faults: {key}"
        path = _site_path(key, where)
        if not (isinstance(status, int) or str(status).isdigit()) or not 400 <= int(status) <= 599:
            raise ManifestError(f"{where}: an error status 400-599 is required")
        faults[path] = int(status)
    return Manifest(default_last_modified=default, files=files, redirects=redirects, faults=faults)


def load_manifest(root: Path) -> Manifest:
    """The manifest of a site folder; an absent ``_site.yaml`` means all defaults."""
    path = Path(root) / MANIFEST_NAME
    if not path.is_file():
        return Manifest()
    return manifest_from_data(parse_manifest(path.read_text(encoding="utf-8")))


# ---------------------------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------------------------


class ServerStats:
    """Thread-safe request counters: per path (query string dropped), per status, bytes sent.

    Every GET and HEAD is counted, whatever its status, before its response is sent.
    ``bytes_sent`` counts response bodies only (a HEAD or a 304 adds nothing). Requests the
    server cannot parse and methods it does not implement are not counted.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: Counter[str] = Counter()
        self._statuses: Counter[int] = Counter()
        self._methods: Counter[str] = Counter()
        self._bytes = 0

    def record(self, method: str, path: str, status: int, body_bytes: int) -> None:
        with self._lock:
            self._paths[path] += 1
            self._statuses[status] += 1
            self._methods[method] += 1
            self._bytes += body_bytes

    def count(self, path: str) -> int:
        """Requests for ``path`` (e.g. ``"/ita.html"``) so far."""
        with self._lock:
            return self._paths[path]

    @property
    def requests(self) -> dict[str, int]:
        with self._lock:
            return dict(self._paths)

    @property
    def statuses(self) -> dict[int, int]:
        with self._lock:
            return dict(self._statuses)

    @property
    def methods(self) -> dict[str, int]:
        with self._lock:
            return dict(self._methods)

    @property
    def total_requests(self) -> int:
        with self._lock:
            return sum(self._paths.values())

    @property
    def bytes_sent(self) -> int:
        with self._lock:
            return self._bytes

    def reset(self) -> None:
        with self._lock:
            self._paths.clear()
            self._statuses.clear()
            self._methods.clear()
            self._bytes = 0

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "total_requests": sum(self._paths.values()),
                "bytes_sent": self._bytes,
                "requests": dict(self._paths),
                "statuses": dict(self._statuses),
                "methods": dict(self._methods),
            }


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------

_NOT_FOUND_PAGE = (
    '<!DOCTYPE html>\n<html lang="th"><head><meta charset="utf-8"><title>404 Not Found</title>'
    "</head><body><h1>Not Found</h1><p>ไม่พบหน้าที่ท่านต้องการ (404)</p>"
    "<p>The requested URL was not found on this server.</p></body></html>\n"
).encode()


def _http_date(moment: dt.datetime) -> str:
    return email.utils.format_datetime(moment.astimezone(dt.UTC), usegmt=True)


def _etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def _etag_matches(header: str, etag: str) -> bool:
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*":
            return True
        if candidate.startswith("W/"):
            candidate = candidate[2:]
        if candidate == etag:
            return True
    return False


class SiteServer(ThreadingHTTPServer):
    """Serves one site folder (a thread per connection); :func:`serve_site` runs one.

    ``handler`` answers the requests: :class:`SiteHandler` or a subclass of it."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, address: tuple[str, int], root: Path, handler: type[SiteHandler] | None = None
    ) -> None:
        self.root = root.resolve()
        self.stats = ServerStats()
        self._manifest_lock = threading.Lock()
        self._manifest_key: tuple[int, int] | None = None
        self._manifest = load_manifest(self.root)  # fail early on a broken manifest
        super().__init__(address, handler or SiteHandler)

    def manifest(self) -> Manifest:
        """The manifest, re-read when ``_site.yaml`` changed (tests edit served copies)."""
        path = self.root / MANIFEST_NAME
        try:
            info = path.stat()
            key: tuple[int, int] | None = (info.st_mtime_ns, info.st_size)
        except OSError:
            key = None
        with self._manifest_lock:
            if key != self._manifest_key:
                self._manifest = load_manifest(self.root) if key is not None else Manifest()
                self._manifest_key = key
            return self._manifest

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up mid-response are normal for a crawler under test: stay quiet."""


def site_file(root: Path, path: str) -> tuple[Path, str] | str | None:
    """The file of the site folder ``root`` that the URL path ``path`` names: ``(file,
    "/site/path")``, a path to redirect to (a folder asked for without its "/"), or None (404).

    Nothing outside ``root`` (``..``, symlinks leading out) and nothing hidden (a segment starting
    with "_" or ".", such as the manifest) is ever served.
    """
    segments = path.split("/")[1:]
    for i, segment in enumerate(segments):
        if segment == "" and i == len(segments) - 1:
            continue
        if segment in ("", ".", "..") or segment.startswith(("_", ".")) or "\\" in segment:
            return None
    relative = "/".join(segments)
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    try:
        resolved = (root / relative).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not resolved.is_relative_to(root):
        return None  # a symlink that leads out of the site
    if any(part.startswith(("_", ".")) for part in resolved.relative_to(root).parts):
        return None
    if resolved.is_dir():
        return path + "/"
    if not resolved.is_file():
        return None
    return resolved, "/" + relative


class SiteHandler(BaseHTTPRequestHandler):
    """Answers a GET or HEAD from the server's site folder and manifest (see the module's
    docstring). Subclasses may override :meth:`find_file` and :meth:`headers_sent`."""

    protocol_version = "HTTP/1.1"
    # Unbuffered writes send the status line, each header and the body as separate segments;
    # with keep-alive, Nagle's algorithm then waits for the client's delayed ACK (~40 ms per
    # response). Buffer the response (flushed after each request) and send it at once.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True
    timeout = 30  # close idle keep-alive connections

    def version_string(self) -> str:
        return "Apache/2.4.58 (Unix)"

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing (the default writes every request to stderr)."""

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    # -- helpers ---------------------------------------------------------------------------

    @property
    def _site(self) -> SiteServer:
        return cast(SiteServer, self.server)

    def _request_path(self) -> str | None:
        target = self.path
        if target.lower().startswith(("http://", "https://")):  # absolute-form request target
            target = urlsplit(target).path or "/"
        target = target.split("#", 1)[0].split("?", 1)[0]
        if not target.startswith("/"):
            return None
        try:
            decoded = unquote(target, encoding="utf-8", errors="strict")
        except UnicodeDecodeError:
            return None
        if "\x00" in decoded or "\\" in decoded:
            return None
        return decoded

    def find_file(self, path: str) -> tuple[Path, str] | str | None:
        """``(file, "/site/path")``, a path to redirect to (a folder without "/"), or None (the
        request answers 404). A subclass may return None for a file it hides."""
        return site_file(self._site.root, path)

    def _send(
        self, status: int, headers: list[tuple[str, str]], body: bytes, head: bool, stats_path: str
    ) -> None:
        write_body = not head and bool(body) and status not in (204, 304)
        # Counted before anything is sent, so a client that has read the response always sees
        # it in the stats (recording afterwards would race with the client's next assertion).
        self._site.stats.record(self.command, stats_path, status, len(body) if write_body else 0)
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.headers_sent(status, stats_path)
        if write_body:
            self.wfile.write(body)

    def headers_sent(self, status: int, path: str) -> None:
        """Called once a response's status line and headers are written, before its body.

        They are in the write buffer (flushed after the request), so for a small answer nothing
        has reached the client yet. Does nothing; a subclass may log the response here."""

    def _not_found(self, head: bool, stats_path: str) -> None:
        self._send(
            404, [("Content-Type", "text/html; charset=utf-8")], _NOT_FOUND_PAGE, head, stats_path
        )

    def _serve(self, head: bool) -> None:
        path = self._request_path()
        stats_path = path if path is not None else self.path.split("?", 1)[0]
        if path is None:
            self._not_found(head, stats_path)
            return
        try:
            manifest = self._site.manifest()
        except (OSError, ManifestError) as exc:
            body = f"broken {MANIFEST_NAME}: {exc}\n".encode()
            self._send(500, [("Content-Type", "text/plain; charset=utf-8")], body, head, stats_path)
            return
        fault = manifest.faults.get(path)
        if fault is not None:
            body = f"{fault} (fault declared in {MANIFEST_NAME})\n".encode()
            self._send(
                fault, [("Content-Type", "text/plain; charset=utf-8")], body, head, stats_path
            )
            return
        redirect = manifest.redirects.get(path)
        if redirect is not None:
            body = (
                f"<!DOCTYPE html><html><head><title>{redirect.status} Found</title></head>"
                f'<body><a href="{redirect.location}">moved here</a></body></html>\n'
            ).encode()
            redirect_headers = [
                ("Location", redirect.location),
                ("Content-Type", "text/html; charset=utf-8"),
            ]
            self._send(redirect.status, redirect_headers, body, head, stats_path)
            return
        found = self.find_file(path)
        if found is None:
            self._not_found(head, stats_path)
            return
        if isinstance(found, str):  # a folder requested without its trailing slash
            query = self.path.split("?", 1)[1] if "?" in self.path else ""
            location = found + ("?" + query if query else "")
            self._send(
                301,
                [("Location", location), ("Content-Type", "text/html; charset=utf-8")],
                b"",
                head,
                stats_path,
            )
            return
        file, site_path = found
        try:
            data = file.read_bytes()
        except OSError:  # deleted between the lookup and the read
            self._not_found(head, stats_path)
            return
        modified = manifest.last_modified(site_path)
        etag = _etag(data)
        headers: dict[str, str] = {
            "Content-Type": content_type_for(file.name),
            "ETag": etag,
            "Last-Modified": _http_date(modified),
            "Accept-Ranges": "none",
        }
        for name, value in manifest.headers(site_path).items():
            for existing in [k for k in headers if k.lower() == name.lower()]:
                del headers[existing]
            headers[name] = value
        validators = [(k, v) for k, v in headers.items() if k in ("ETag", "Last-Modified")]
        if self._not_modified(etag, modified):
            self._send(304, validators, b"", head=True, stats_path=stats_path)
            return
        self._send(200, list(headers.items()), data, head, stats_path)

    def _not_modified(self, etag: str, modified: dt.datetime) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:  # RFC 9110: takes precedence over If-Modified-Since
            return _etag_matches(if_none_match, etag)
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since:
            try:
                since = email.utils.parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError, IndexError):
                return False
            if since.tzinfo is None:
                since = since.replace(tzinfo=dt.UTC)
            return modified <= since
        return False


class DemoServer(Closing):
    """A running demo server: ``url`` is ``http://127.0.0.1:PORT/``; stop it with :meth:`close`."""

    def __init__(self, httpd: SiteServer, thread: threading.Thread) -> None:
        self._httpd = httpd
        self._thread = thread
        self._closed = False
        host, port = httpd.server_address[:2]
        self.host = str(host)
        self.port = int(port)
        self.url = f"http://{self.host}:{self.port}/"

    @property
    def root(self) -> Path:
        return self._httpd.root

    @property
    def stats(self) -> ServerStats:
        return self._httpd.stats

    def url_for(self, path: str) -> str:
        """The absolute URL of a site path (``"ita.html"`` or ``"/ita.html"``)."""
        return self.url + path.lstrip("/")

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __repr__(self) -> str:
        state = "closed" if self._closed else "serving"
        return f"<DemoServer {self.url} root={self.root} {state}>"


def serve_site(root: Path, host: str = "127.0.0.1", port: int = 0) -> DemoServer:
    """Serve the site folder ``root`` in a daemon thread; ``port=0`` picks a free port."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"site folder not found: {root}")
    httpd = SiteServer((host, port), root)
    thread = threading.Thread(
        target=httpd.serve_forever,
        kwargs={"poll_interval": 0.1},
        name=f"demo-site:{httpd.server_address[1]}",
        daemon=True,
    )
    thread.start()
    return DemoServer(httpd, thread)


def main(argv: list[str] | None = None) -> int:
    from checker.paths import demo_site_dir

    parser = argparse.ArgumentParser(description="Serve the bundled demo website.")
    parser.add_argument("root", nargs="?", type=Path, default=demo_site_dir())
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    server = serve_site(args.root, args.host, args.port)
    print(f"Serving {server.root} at {server.url} (Ctrl-C to stop)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
