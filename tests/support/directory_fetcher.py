"""A fetcher that serves a folder as if it were a website (for rule fixtures; no sockets).

``http://fixture.test/a/b.pdf`` maps to ``<root>/a/b.pdf``. A missing file answers 404. A
sidecar ``<file>.status`` holding an outcome name (``unreachable``, ``server_error``,
``http_error 403``) makes that URL fail that way, so fixtures can show ``unknown`` items.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from checker.crawl.fetcher import FetchStats
from checker.crawl.models import FetchResult, Validators

FIXTURE_HOST = "fixture.test"
BASE_URL = f"http://{FIXTURE_HOST}/"

_TYPES = {".html": "text/html", ".htm": "text/html", ".php": "text/html", ".pdf": "application/pdf"}


class DirectoryFetcher:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._stats = FetchStats()

    @property
    def stats(self) -> FetchStats:
        return self._stats

    def __enter__(self) -> DirectoryFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        return None  # nothing to close

    def fetch(self, url: str, *, validators: Validators | None = None) -> FetchResult:
        self._stats.requests += 1
        now = dt.datetime.now(dt.UTC)
        parts = urlsplit(url)
        path = unquote(parts.path).lstrip("/") or "index.html"
        file = (self.root / path).resolve()
        common = {"url": url, "final_url": url, "fetched_at": now, "attempts": 1}
        status_file = file.with_name(file.name + ".status")
        if parts.hostname != FIXTURE_HOST or self.root.resolve() not in file.parents:
            return FetchResult(outcome="out_of_scope", reason="outside the fixture", **common)
        if status_file.exists():
            outcome, _, code = status_file.read_text().strip().partition(" ")
            status = int(code) if code else None
            return FetchResult(
                outcome=outcome, status=status, reason=f"fixture says {outcome}", **common
            )  # type: ignore[arg-type]
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            return FetchResult(outcome="gone", status=404, reason="404 Not Found", **common)
        body = file.read_bytes()
        self._stats.bytes_received += len(body)
        ctype = (
            _TYPES.get(file.suffix.lower())
            or mimetypes.guess_type(file.name)[0]
            or "application/octet-stream"
        )
        return FetchResult(
            outcome="ok",
            status=200,
            content_type=ctype,
            body=body,
            bytes_received=len(body),
            **common,
        )
