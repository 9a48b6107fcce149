"""A fetch result built in memory, for tests of what is read from a response."""

from __future__ import annotations

import datetime as dt

from checker.crawl.models import FetchOutcome, FetchResult

URL = "https://www.khwaoyai.go.th/files/o9.pdf"


def fetched(
    body: bytes,
    content_type: str | None = "text/html",
    charset: str | None = None,
    *,
    outcome: FetchOutcome = "ok",
    truncated: bool = False,
    final_url: str = URL,
) -> FetchResult:
    """``body`` as if ``URL`` had answered 200 with it (redirected to ``final_url``)."""
    return FetchResult(
        url=URL,
        final_url=final_url,
        outcome=outcome,
        status=200,
        content_type=content_type,
        charset=charset,
        body=body,
        truncated=truncated,
        fetched_at=dt.datetime.now(dt.UTC),
    )
