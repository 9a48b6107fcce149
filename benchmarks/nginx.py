"""Serve a folder with Debian's nginx on 127.0.0.1, as a child process with its own config.

Why nginx and not the demo's stdlib server: ``ETag``, ``Last-Modified``, ``If-None-Match`` /
``If-Modified-Since`` → 304, keep-alive and gzip then behave as on a real agency server, and the
server's own cost stays out of the crawlers' figures. The access log (one line per request:
time, status, bytes, method, URI, content type, user agent) is how the benchmarks count what
each crawler asked, independently of the crawlers' own counters.

Everything lives in a temporary folder: config, pid file, logs and nginx's temp paths, so
nothing under /etc/nginx or /var/lib/nginx is read or written and nothing stays running: the
master runs with ``daemon off`` as our child and is stopped by its pid.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from checker.closing import Closing

NGINX = "/usr/sbin/nginx"
# $request_uri, $http_user_agent and $sent_http_content_type are escaped by nginx (\xNN), so a
# tab never appears inside a field.
LOG_FORMAT = (
    "$msec\\t$status\\t$bytes_sent\\t$body_bytes_sent\\t$request_method\\t$request_uri"
    "\\t$sent_http_content_type\\t$http_user_agent"
)


@dataclass(frozen=True)
class LogEntry:
    time: float
    status: int
    bytes_sent: int  # headers included: what went over the wire
    body_bytes: int
    method: str
    uri: str
    content_type: str
    user_agent: str

    @property
    def is_page(self) -> bool:
        """An HTML page answered in full (what "pages per second" counts)."""
        return self.status == 200 and self.content_type.startswith("text/html")


def nginx_path() -> str | None:
    return shutil.which("nginx") or (NGINX if Path(NGINX).exists() else None)


def nginx_version() -> str:
    binary = nginx_path()
    if binary is None:
        return "not installed"
    out = subprocess.run([binary, "-v"], capture_output=True, text=True, check=False)
    return (out.stderr or out.stdout).strip().removeprefix("nginx version: ")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _config(root: Path, work: Path, port: int, as_root: bool) -> str:
    # As root, nginx's master would switch its worker to "nobody", which cannot enter the 0700
    # folders mkdtemp and pytest's tmp_path create; opening up those folders (and their
    # parents) would be more intrusive than a worker that keeps the invoking user, listening on
    # loopback only, serving a generated folder for the length of a benchmark. Not as root, the
    # directive is left out (nginx would ignore it with a warning).
    user = "user root;\n" if as_root else ""
    temps = "\n".join(
        f"    {name}_temp_path {work / (name + '_temp')};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}daemon off;
master_process on;
# One worker: each crawler keeps one connection to the host at a time, and on a small machine a
# second worker would only compete with the crawlers for CPU.
worker_processes 1;
pid {work / "nginx.pid"};
error_log {work / "error.log"} warn;
events {{
    worker_connections 256;
}}
http {{
    types {{
        text/html html htm;
        text/css css;
        text/plain txt;
        application/javascript js;
        application/pdf pdf;
        image/png png;
        image/jpeg jpg jpeg;
    }}
    default_type application/octet-stream;
    charset utf-8;
    log_format bench "{LOG_FORMAT}";
    access_log {work / "access.log"} bench;
{temps}
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 1000;
    # gzip as on most agency servers; nginx then sends weak ETags (W/"…"), which it still
    # compares for If-None-Match, so 304s behave as on a real site.
    gzip on;
    gzip_types text/css text/plain application/javascript;
    gzip_min_length 1024;
    server_tokens off;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {root};
        index index.html;
        etag on;
        if_modified_since exact;
        location / {{
            try_files $uri $uri/ =404;
        }}
    }}
}}
"""


class NginxServer(Closing):
    """``with NginxServer(root) as server: server.url`` — nginx serving ``root`` on loopback."""

    def __init__(self, root: Path, work: Path | None = None) -> None:
        self.root = root.resolve()
        self._own_work = work is None
        self.work = Path(tempfile.mkdtemp(prefix="bench-nginx-")) if work is None else work
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def access_log(self) -> Path:
        return self.work / "access.log"

    def start(self, timeout: float = 10.0) -> NginxServer:
        binary = nginx_path()
        if binary is None:
            raise RuntimeError("nginx is not installed: apt-get install nginx (make system-deps)")
        self.work.mkdir(parents=True, exist_ok=True)
        for attempt in range(3):  # the free port may be taken between probing and binding
            self.port = _free_port()
            conf = self.work / "nginx.conf"
            conf.write_text(_config(self.root, self.work, self.port, os.geteuid() == 0))
            cmd = [
                binary,
                "-p",
                str(self.work),
                "-c",
                str(conf),
                "-e",
                str(self.work / "error.log"),
            ]
            # Same session as ours: a Ctrl-C at the terminal stops nginx too (fast shutdown).
            self.process = subprocess.Popen(
                cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            if self._wait_ready(timeout):
                return self
            self.stop()
            if attempt == 2:
                break
        errors = (self.work / "error.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"nginx did not start on 127.0.0.1:{self.port}:\n{errors}")

    def _wait_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5),
            ):
                return True
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGQUIT)  # graceful: finish the requests in flight
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)

    def close(self) -> None:
        self.stop()
        if self._own_work:
            shutil.rmtree(self.work, ignore_errors=True)

    def __enter__(self) -> NginxServer:  # a with block serves while it lasts
        return self.start()

    # -- the access log ------------------------------------------------------------------------

    def log_offset(self) -> int:
        """Where the log ends now: pass it to ``entries`` to read only what came after."""
        try:
            return self.access_log.stat().st_size
        except FileNotFoundError:
            return 0

    def entries(self, since: int = 0) -> list[LogEntry]:
        return list(_parse(self.access_log, since))


def _parse(path: Path, since: int) -> Iterator[LogEntry]:
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return
    with handle:
        handle.seek(since)
        for raw in handle:
            fields = raw.decode("utf-8", "replace").rstrip("\n").split("\t")
            if len(fields) != 8:
                continue
            stamp, status, sent, body, method, uri, ctype, agent = fields
            yield LogEntry(
                float(stamp), int(status), int(sent), int(body), method, uri, ctype, agent
            )
