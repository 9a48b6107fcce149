"""Politeness is owed to a host, not to one fetcher: fetchers of one process take turns.

The scheduler's service runs scans side by side in threads (two targets on one server, or one
file server in several targets' ``allowed_hosts``), and a scan's confirmation of a vanished
document uses a second fetcher right after the scan's. Each used to keep its own per-host lock and
last-request time, so a host could be asked twice at once, or again at once.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import responses

from checker.crawl.fetcher import SHARED_GATES, HostGates, PoliteFetcher
from checker.crawl.scope import Scope
from checker.settings import CrawlSettings

from . import FakeClock

SITE = "https://www.khwaoyai.go.th"
DELAY = 0.05


# -- with a fake clock --------------------------------------------------------------------------


@responses.activate
def test_a_second_fetcher_waits_for_the_delay_after_the_first_ones_request() -> None:
    responses.get(f"{SITE}/a.html", body=b"a")
    responses.get("https://khwaoyai.go.th/b.html", body=b"b")
    clock, gates = FakeClock(), HostGates()
    settings = CrawlSettings(obey_robots=False, delay_seconds=2.0)

    def fetcher() -> PoliteFetcher:
        scope = Scope(f"{SITE}/")
        return PoliteFetcher(settings, scope, clock=clock, sleep=clock.sleep, gates=gates)

    with fetcher() as first:
        assert first.fetch(f"{SITE}/a.html").outcome == "ok"
    clock.advance(0.5)
    with fetcher() as second:  # "www." or not: the same site
        assert second.fetch("https://khwaoyai.go.th/b.html").outcome == "ok"
        assert second.stats.politeness_sleep == pytest.approx(1.5)
    assert clock.sleeps == [pytest.approx(1.5)]


def test_fetchers_on_the_real_clock_share_the_process_gates_others_keep_their_own() -> None:
    settings, scope = CrawlSettings(), Scope(f"{SITE}/")
    with PoliteFetcher(settings, scope) as real, PoliteFetcher(settings, scope) as other:
        assert real._gates is SHARED_GATES and other._gates is SHARED_GATES
    clock = FakeClock()
    with PoliteFetcher(settings, scope, clock=clock, sleep=clock.sleep) as fake:
        assert fake._gates is not SHARED_GATES  # times on another scale cannot be compared


# -- over real sockets ----------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self.spans: list[tuple[float, float]] = []  # (arrival, before the body is written)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        started = time.monotonic()
        with self.server.lock:
            self.server.in_flight += 1
            self.server.max_in_flight = max(self.server.max_in_flight, self.server.in_flight)
        time.sleep(0.01)  # a small server takes a moment to answer
        body = b"<html>ok</html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with self.server.lock:
            self.server.in_flight -= 1
            self.server.spans.append((started, time.monotonic()))
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[_Server]:
    httpd = _Server()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def gaps(spans: list[tuple[float, float]]) -> list[float]:
    ordered = sorted(spans)
    return [after[0] - before[1] for before, after in itertools.pairwise(ordered)]


@pytest.mark.integration
def test_two_scans_side_by_side_take_turns_on_a_host_they_share(server: _Server) -> None:
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    settings = CrawlSettings(obey_robots=False, delay_seconds=DELAY)

    def scan(name: str) -> None:
        with PoliteFetcher(settings, Scope(base)) as fetcher:
            for n in range(6):
                assert fetcher.fetch(f"{base}{name}-{n}.html").outcome == "ok"

    threads = [threading.Thread(target=scan, args=(name,)) for name in ("one", "two", "three")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(server.spans) == 18
    assert server.max_in_flight == 1
    assert min(gaps(server.spans)) >= DELAY


@pytest.mark.integration
def test_a_fetcher_opened_right_after_another_waits_for_the_delay(server: _Server) -> None:
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    settings = CrawlSettings(obey_robots=False, delay_seconds=DELAY)
    for name in ("scan", "confirmation"):  # as recorded_scan's confirm() follows the scan
        with PoliteFetcher(settings, Scope(base)) as fetcher:
            assert fetcher.fetch(f"{base}{name}.html").outcome == "ok"
    assert min(gaps(server.spans)) >= DELAY
