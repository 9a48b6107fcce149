"""PoliteFetcher against mocked HTTP (responses): outcomes, retries, caps, redirects, budgets."""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
import responses

from checker.crawl.fetcher import PoliteFetcher
from checker.crawl.models import Validators
from checker.crawl.scope import Scope
from checker.settings import CrawlSettings

from . import FakeClock

SITE = "https://www.khwaoyai.go.th"
PAGE = f"{SITE}/ita/o1.html"


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make(clock: FakeClock) -> Iterator[Callable[..., PoliteFetcher]]:
    """A fetcher with robots.txt off unless asked for (robots has its own tests)."""
    made: list[PoliteFetcher] = []

    def factory(**overrides: Any) -> PoliteFetcher:
        overrides.setdefault("obey_robots", False)
        fetcher = PoliteFetcher(
            CrawlSettings(**overrides),
            Scope(f"{SITE}/", ["data.go.th"]),
            clock=clock,
            sleep=clock.sleep,
        )
        made.append(fetcher)
        return fetcher

    yield factory
    for fetcher in made:
        fetcher.close()


def requested(rsps: responses.RequestsMock) -> list[str]:
    return [call.request.url or "" for call in rsps.calls]


# --- a plain fetch ---------------------------------------------------------------------------


def test_ok_fills_in_what_the_extractors_need(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get(
        PAGE,
        body="<html>สวัสดี</html>".encode(),
        headers={
            "Content-Type": 'Text/HTML; Charset="UTF-8"',
            "ETag": '"abc"',
            "Last-Modified": "Wed, 01 May 2024 10:00:00 GMT",
        },
    )
    fetcher = make()
    result = fetcher.fetch(PAGE)
    assert result.outcome == "ok" and result.succeeded
    assert result.status == 200
    assert result.reason is None
    assert result.body == "<html>สวัสดี</html>".encode()
    assert result.content_type == "text/html"
    assert result.charset == "UTF-8"
    assert result.etag == '"abc"'
    assert result.last_modified == "Wed, 01 May 2024 10:00:00 GMT"
    assert result.final_url == PAGE and result.redirects == []
    assert result.attempts == 1
    assert result.bytes_received == len(result.body)
    assert result.fetched_at.tzinfo is not None and result.fetched_at.utcoffset() == dt.timedelta(0)
    sent = rsps.calls[0].request.headers
    assert sent["User-Agent"] == fetcher.settings.user_agent
    assert "oit-checker" in sent["User-Agent"]
    assert sent["Accept-Encoding"] == "gzip, deflate"
    assert "If-None-Match" not in sent


def test_gzip_body_is_decompressed(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get(PAGE, body=gzip.compress(b"<p>o1</p>"), headers={"Content-Encoding": "gzip"})
    result = make().fetch(PAGE)
    assert result.body == b"<p>o1</p>"


def test_head_sends_head_and_reads_no_body(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.head(PAGE, headers={"Content-Type": "application/pdf", "Content-Length": "12345"})
    result = make().fetch(PAGE, head=True)
    assert result.outcome == "ok"
    assert result.content_type == "application/pdf"
    assert rsps.calls[0].request.method == "HEAD"
    assert result.body == b""


# --- conditional requests --------------------------------------------------------------------


def test_validators_make_a_conditional_request_and_304_is_not_modified(
    rsps: responses.RequestsMock, make: Any
) -> None:
    rsps.get(PAGE, status=304)
    fetcher = make()
    validators = Validators(etag='"v1"', last_modified="Wed, 01 May 2024 10:00:00 GMT")
    result = fetcher.fetch(PAGE, validators=validators)
    assert result.outcome == "not_modified" and result.succeeded
    assert result.status == 304
    assert result.body == b""
    assert result.etag == '"v1"'  # kept for the next night's request
    assert result.last_modified == "Wed, 01 May 2024 10:00:00 GMT"
    sent = rsps.calls[0].request.headers
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Wed, 01 May 2024 10:00:00 GMT"
    assert fetcher.stats.not_modified == 1


# --- status mapping --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "outcome", "words"),
    [
        (404, "gone", "404 Not Found"),
        (410, "gone", "410 Gone"),
        (403, "http_error", "403 Forbidden"),  # a WAF refusing us: not "missing"
        (401, "http_error", "401 Unauthorized"),
        (451, "http_error", "451"),
        (500, "server_error", "500 Internal Server Error"),
        (503, "server_error", "503 Service Unavailable"),
        (501, "server_error", "501 Not Implemented"),
        (300, "http_error", "no usable Location"),
    ],
)
def test_status_mapping(
    rsps: responses.RequestsMock, make: Any, status: int, outcome: str, words: str
) -> None:
    rsps.get(PAGE, status=status)
    result = make(retries=0).fetch(PAGE)
    assert result.outcome == outcome
    assert result.status == status
    assert result.reason is not None and words in result.reason
    assert not result.succeeded


# --- retries ---------------------------------------------------------------------------------


def test_503_then_200_is_retried_with_backoff(
    rsps: responses.RequestsMock, make: Any, clock: FakeClock
) -> None:
    rsps.get(PAGE, status=503)
    rsps.get(PAGE, body="o1")
    fetcher = make(retries=2, backoff_seconds=1.5, delay_seconds=0)
    result = fetcher.fetch(PAGE)
    assert result.outcome == "ok" and result.body == b"o1"
    assert result.attempts == 2
    assert clock.sleeps == [1.5]
    assert fetcher.stats.retries == 1
    assert fetcher.stats.by_status == {503: 1, 200: 1}


def test_persistent_5xx_gives_server_error_after_all_attempts(
    rsps: responses.RequestsMock, make: Any, clock: FakeClock
) -> None:
    rsps.get(PAGE, status=502)
    result = make(retries=2, backoff_seconds=1.0, delay_seconds=0).fetch(PAGE)
    assert result.outcome == "server_error"
    assert result.attempts == 3
    assert result.reason is not None
    assert "502" in result.reason and "3 attempts" in result.reason
    assert clock.sleeps == [1.0, 2.0]  # exponential backoff


def test_429_with_retry_after_is_honoured(
    rsps: responses.RequestsMock, make: Any, clock: FakeClock
) -> None:
    rsps.get(PAGE, status=429, headers={"Retry-After": "1"})
    rsps.get(PAGE, body="o1")
    result = make(backoff_seconds=0.1, delay_seconds=0).fetch(PAGE)
    assert result.outcome == "ok"
    assert result.attempts == 2
    assert clock.sleeps == [1.0]


def test_retry_after_as_an_http_date(
    rsps: responses.RequestsMock, make: Any, clock: FakeClock
) -> None:
    when = email.utils.formatdate(time.time() + 20, usegmt=True)
    rsps.get(PAGE, status=503, headers={"Retry-After": when})
    rsps.get(PAGE, body="o1")
    result = make(backoff_seconds=0.1, delay_seconds=0).fetch(PAGE)
    assert result.outcome == "ok"
    assert len(clock.sleeps) == 1 and 17 <= clock.sleeps[0] <= 21


@pytest.mark.parametrize(("status", "outcome"), [(429, "http_error"), (503, "server_error")])
def test_a_retry_after_longer_than_we_wait_is_not_waited_for(
    rsps: responses.RequestsMock, make: Any, clock: FakeClock, status: int, outcome: str
) -> None:
    rsps.get(PAGE, status=status, headers={"Retry-After": "3600"})
    rsps.get(PAGE, body="o1")
    result = make(max_retry_after=60).fetch(PAGE)
    assert result.outcome == outcome
    assert result.attempts == 1
    assert result.reason is not None and "3600" in result.reason
    assert clock.sleeps == []


def test_a_dropped_connection_is_retried(
    rsps: responses.RequestsMock, make: Any, clock: FakeClock
) -> None:
    rsps.get(PAGE, body=requests.ConnectionError("Connection reset by peer"))
    rsps.get(PAGE, body="o1")
    result = make(delay_seconds=0, backoff_seconds=1).fetch(PAGE)
    assert result.outcome == "ok"
    assert result.attempts == 2


def test_connection_errors_end_as_unreachable(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get(PAGE, body=requests.ConnectionError("Connection refused"))
    result = make(retries=1).fetch(PAGE)
    assert result.outcome == "unreachable"
    assert result.attempts == 2
    assert result.reason is not None and "refused" in result.reason.lower()


def test_a_retry_that_would_pass_the_deadline_is_not_made(
    rsps: responses.RequestsMock, make: Any, clock: FakeClock
) -> None:
    rsps.get(PAGE, status=503)
    result = make(backoff_seconds=30, max_seconds=10, delay_seconds=0).fetch(PAGE)
    assert result.outcome == "server_error"
    assert result.attempts == 1
    assert result.reason is not None and "time limit" in result.reason
    assert clock.sleeps == []


# --- size cap --------------------------------------------------------------------------------


def test_body_is_cut_at_the_cap(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get(PAGE, body=b"a" * 50_000)
    result = make(max_bytes=10_000).fetch(PAGE)
    assert result.outcome == "ok"
    assert result.truncated
    assert len(result.body) == 10_000 and result.bytes_received == 10_000
    assert result.reason is not None and "cut" in result.reason


def test_the_cap_counts_decompressed_bytes(rsps: responses.RequestsMock, make: Any) -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)  # ~5 KB on the wire
    rsps.get(PAGE, body=bomb, headers={"Content-Encoding": "gzip"})
    result = make(max_bytes=20_000).fetch(PAGE)
    assert result.truncated and len(result.body) == 20_000


def test_a_body_exactly_at_the_cap_is_whole(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get(PAGE, body=b"a" * 10_000)
    result = make(max_bytes=10_000).fetch(PAGE)
    assert not result.truncated and len(result.body) == 10_000 and result.reason is None


# --- redirects and scope ---------------------------------------------------------------------


def test_redirects_are_followed_and_listed(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get(f"{SITE}/ita", status=301, headers={"Location": "/ita/"})
    rsps.get(f"{SITE}/ita/", status=302, headers={"Location": "https://khwaoyai.go.th/ita/o1"})
    rsps.get("https://khwaoyai.go.th/ita/o1", body="o1")
    result = make().fetch(f"{SITE}/ita")
    assert result.outcome == "ok"
    assert result.redirects == [f"{SITE}/ita/", "https://khwaoyai.go.th/ita/o1"]
    assert result.final_url == "https://khwaoyai.go.th/ita/o1"
    assert result.attempts == 3


def test_a_thai_location_header_is_followed(rsps: responses.RequestsMock, make: Any) -> None:
    # http.client hands header bytes over as latin-1; servers send raw UTF-8 Thai paths.
    raw = "/เอกสาร/o1.pdf".encode().decode("latin-1")
    target = f"{SITE}/%E0%B9%80%E0%B8%AD%E0%B8%81%E0%B8%AA%E0%B8%B2%E0%B8%A3/o1.pdf"
    rsps.get(PAGE, status=302, headers={"Location": raw})
    rsps.get(target, body=b"%PDF")
    result = make().fetch(PAGE)
    assert result.outcome == "ok"
    assert result.final_url == target


def test_a_hop_out_of_scope_is_not_requested(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get(PAGE, status=302, headers={"Location": "https://drive.google.com/file/d/1"})
    result = make().fetch(PAGE)
    assert result.outcome == "out_of_scope"
    assert result.reason is not None
    assert "https://drive.google.com/file/d/1" in result.reason
    assert "drive.google.com is not one of the target's hosts" in result.reason
    assert result.redirects == ["https://drive.google.com/file/d/1"]
    assert requested(rsps) == [PAGE]


def test_redirect_loop(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get(f"{SITE}/a", status=302, headers={"Location": f"{SITE}/b"})
    rsps.get(f"{SITE}/b", status=302, headers={"Location": f"{SITE}/a"})
    result = make().fetch(f"{SITE}/a")
    assert result.outcome == "http_error"
    assert result.reason is not None and "redirect loop" in result.reason
    assert result.attempts == 2


def test_too_many_redirects(rsps: responses.RequestsMock, make: Any) -> None:
    for n in range(10):
        rsps.get(f"{SITE}/{n}", status=302, headers={"Location": f"{SITE}/{n + 1}"})
    result = make(max_redirects=3).fetch(f"{SITE}/0")
    assert result.outcome == "http_error"
    assert result.reason is not None and "more than 3 redirects" in result.reason
    assert result.attempts == 4


@pytest.mark.parametrize(
    "url",
    ["https://drive.google.com/x", "ftp://www.khwaoyai.go.th/x.pdf", "https://evil.go.th/"],
)
def test_out_of_scope_urls_are_never_requested(
    rsps: responses.RequestsMock, make: Any, url: str
) -> None:
    result = make().fetch(url)
    assert result.outcome == "out_of_scope"
    assert result.reason
    assert result.attempts == 0
    assert requested(rsps) == []


def test_www_and_allowed_hosts_are_in_scope(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get("https://khwaoyai.go.th/", body="home")
    rsps.get("https://data.go.th/dataset/1", body="data")
    fetcher = make()
    assert fetcher.fetch("https://khwaoyai.go.th/").outcome == "ok"
    assert fetcher.fetch("https://data.go.th/dataset/1").outcome == "ok"


# --- politeness and budgets ------------------------------------------------------------------


def test_one_host_waits_the_delay_after_the_previous_request_ends(
    rsps: responses.RequestsMock, make: Any, clock: FakeClock
) -> None:
    rsps.get(PAGE, body="o1")
    rsps.get("https://data.go.th/d", body="d")
    fetcher = make(delay_seconds=2.0)
    fetcher.fetch(PAGE)
    clock.advance(0.5)  # the caller spent some time parsing
    fetcher.fetch(PAGE)
    fetcher.fetch("https://data.go.th/d")  # another host: no wait
    assert clock.sleeps == [1.5]
    assert fetcher.stats.politeness_sleep == pytest.approx(1.5)


def test_request_budget(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get(PAGE, body="o1")
    fetcher = make(max_requests=2, delay_seconds=0)
    assert fetcher.fetch(PAGE).outcome == "ok"
    assert fetcher.fetch(PAGE).outcome == "ok"
    third = fetcher.fetch(PAGE)
    assert third.outcome == "budget"
    assert third.reason is not None and "2 requests" in third.reason
    assert third.attempts == 0
    assert len(rsps.calls) == 2


def test_retries_count_against_the_request_budget(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get(PAGE, status=503)
    fetcher = make(max_requests=2, retries=5, delay_seconds=0, backoff_seconds=0)
    result = fetcher.fetch(PAGE)
    assert result.outcome == "server_error"
    assert result.attempts == 2
    assert result.reason is not None and "not retried" in result.reason
    assert fetcher.fetch(PAGE).outcome == "budget"
    assert fetcher.stats.requests == 2


def test_scan_deadline(rsps: responses.RequestsMock, make: Any, clock: FakeClock) -> None:
    rsps.get(PAGE, body="o1")
    fetcher = make(max_seconds=60)
    clock.advance(61)
    result = fetcher.fetch(PAGE)
    assert result.outcome == "budget"
    assert result.reason is not None and "time limit" in result.reason
    assert requested(rsps) == []


def test_no_sleep_past_the_deadline(
    rsps: responses.RequestsMock, make: Any, clock: FakeClock
) -> None:
    rsps.get(PAGE, body="o1")
    fetcher = make(max_seconds=10, delay_seconds=12)
    assert fetcher.fetch(PAGE).outcome == "ok"
    clock.advance(1)  # the next request may start at 12 s, past the 10 s limit
    result = fetcher.fetch(f"{SITE}/other")
    assert result.outcome == "budget"
    assert result.reason is not None and "would pass the scan's time limit" in result.reason
    assert clock.sleeps == []
    assert len(rsps.calls) == 1


# --- robustness, counters, logging -----------------------------------------------------------


def test_an_unexpected_error_is_a_result_not_an_exception(
    rsps: responses.RequestsMock, make: Any
) -> None:
    rsps.get(PAGE, body=RuntimeError("something nobody planned for"))
    result = make(retries=0).fetch(PAGE)
    assert result.outcome == "unreachable"
    assert result.reason is not None and "something nobody planned for" in result.reason


def test_two_threads_never_hit_one_host_at_once(make: Any) -> None:
    active = 0
    overlap = False
    guard = threading.Lock()

    def slow(request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        nonlocal active, overlap
        with guard:
            active += 1
            overlap = overlap or active > 1
        time.sleep(0.02)
        with guard:
            active -= 1
        return 200, {}, b"ok"

    with responses.RequestsMock() as mock:
        mock.add_callback(responses.GET, PAGE, callback=slow)
        fetcher = PoliteFetcher(
            CrawlSettings(obey_robots=False, delay_seconds=0), Scope(f"{SITE}/")
        )
        with fetcher:
            threads = [threading.Thread(target=fetcher.fetch, args=(PAGE,)) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert fetcher.stats.requests == 4
    assert not overlap


def test_stats_add_up(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get(PAGE, status=503)
    rsps.get(PAGE, body=b"x" * 100)
    rsps.get(f"{SITE}/gone", status=404)
    fetcher = make(delay_seconds=0)
    fetcher.fetch(PAGE)
    fetcher.fetch(f"{SITE}/gone")
    fetcher.fetch("https://drive.google.com/x")
    stats = fetcher.stats
    assert stats.requests == 3
    assert stats.retries == 1
    assert stats.bytes_received == 100
    assert stats.by_status == {503: 1, 200: 1, 404: 1}
    assert stats.outcomes == {"ok": 1, "gone": 1, "out_of_scope": 1}


def test_context_manager_closes_the_session() -> None:
    closed: list[bool] = []

    class Session(requests.Session):
        def close(self) -> None:
            closed.append(True)
            super().close()

    with PoliteFetcher(CrawlSettings(), Scope(f"{SITE}/"), session=Session()):
        pass
    assert closed == [True]


def test_logging_is_debug_per_request_and_never_info(
    rsps: responses.RequestsMock, make: Any, caplog: pytest.LogCaptureFixture
) -> None:
    rsps.get(PAGE, body="o1")
    fetcher = make()
    with caplog.at_level(logging.DEBUG, logger="checker.crawl"):
        fetcher.fetch(PAGE)
        fetcher.fetch(PAGE)
    mine = [r for r in caplog.records if r.name == "checker.crawl"]
    assert any(PAGE in r.getMessage() for r in mine if r.levelno == logging.DEBUG)
    assert all(r.levelno == logging.DEBUG for r in mine)
