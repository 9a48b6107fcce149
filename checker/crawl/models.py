"""What one fetch produced. Fetch problems are data (an ``outcome``), never exceptions."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: ``ok`` 2xx · ``not_modified`` 304 to a conditional request · ``gone`` 404/410 (the server says
#: the document does not exist: evidence missing) · ``http_error`` another 4xx (401/403/451…: we
#: were refused, so we cannot tell) · ``server_error`` 5xx after retries · ``unreachable`` DNS,
#: connect, TLS, reset, timeout · ``robots`` disallowed by robots.txt (or robots.txt answered 5xx:
#: RFC 9309 says assume complete disallow) · ``out_of_scope`` refused by the scope policy (host not
#: allowed, private address, redirect leaving scope) · ``budget`` not fetched because a page or
#: time budget of the scan ran out (the collector also uses it for a body cut at the size cap whose
#: part could not be opened: the cap, not the document, is what failed).
FetchOutcome = Literal[
    "ok",
    "not_modified",
    "gone",
    "http_error",
    "server_error",
    "unreachable",
    "robots",
    "out_of_scope",
    "budget",
]


class Validators(BaseModel):
    """Stored cache validators for a conditional request."""

    model_config = ConfigDict(frozen=True)

    etag: str | None = None
    last_modified: str | None = None


class FetchResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    url: str  # the URL asked for
    final_url: str  # after redirects (== url when none)
    outcome: FetchOutcome
    status: int | None = None  # HTTP status of the last response, if any
    reason: str | None = None  # one English sentence when outcome is not ok/not_modified
    content_type: str | None = None  # media type without parameters, lower case
    charset: str | None = None  # charset parameter of Content-Type, as sent
    body: bytes = b""
    truncated: bool = False  # body cut at the byte cap
    etag: str | None = None
    last_modified: str | None = None
    redirects: list[str] = Field(default_factory=list)  # each hop's target, in order
    attempts: int = 0  # HTTP requests sent for this fetch (retries and redirects included)
    bytes_received: int = 0  # body bytes read from the network (after decompression)
    elapsed: float = 0.0  # seconds
    fetched_at: dt.datetime

    @property
    def succeeded(self) -> bool:
        return self.outcome in ("ok", "not_modified")
