"""robots.txt: fetched once per origin through the fetcher, read as RFC 9309 says."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
import responses

from checker.crawl.fetcher import PoliteFetcher
from checker.crawl.robots import ROBOTS_MAX_BYTES
from checker.crawl.scope import Scope
from checker.settings import CrawlSettings

from . import FakeClock

SITE = "https://www.khwaoyai.go.th"
ROBOTS = f"{SITE}/robots.txt"
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
    made: list[PoliteFetcher] = []

    def factory(**overrides: Any) -> PoliteFetcher:
        settings = CrawlSettings(**overrides)
        fetcher = PoliteFetcher(
            settings, Scope(f"{SITE}/", ["data.go.th"]), clock=clock, sleep=clock.sleep
        )
        made.append(fetcher)
        return fetcher

    yield factory
    for fetcher in made:
        fetcher.close()


def requested(rsps: responses.RequestsMock) -> list[str]:
    return [call.request.url or "" for call in rsps.calls]


def test_disallowed_url_is_not_requested(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get(ROBOTS, body="User-agent: *\nDisallow: /ita/\n")
    rsps.get(PAGE, body="secret")
    result = make().fetch(PAGE)
    assert result.outcome == "robots"
    assert result.reason is not None and "robots.txt" in result.reason
    assert result.attempts == 0
    assert PAGE not in requested(rsps)


def test_rules_for_our_user_agent_apply(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get(
        ROBOTS,
        body="User-agent: *\nDisallow:\n\nUser-agent: oit-checker\nDisallow: /ita/o1\n",
    )
    rsps.get(f"{SITE}/news.html", body="news")
    fetcher = make()
    assert fetcher.fetch(PAGE).outcome == "robots"
    assert fetcher.fetch(f"{SITE}/news.html").outcome == "ok"


def test_allowed_url_is_fetched_and_robots_is_asked_once(
    rsps: responses.RequestsMock, make: Any
) -> None:
    rsps.get(ROBOTS, body="User-agent: *\nDisallow: /admin/\n")
    rsps.get(PAGE, body="o1")
    rsps.get(f"{SITE}/ita/o2.html", body="o2")
    fetcher = make()
    assert fetcher.fetch(PAGE).outcome == "ok"
    assert fetcher.fetch(f"{SITE}/ita/o2.html").outcome == "ok"
    assert requested(rsps).count(ROBOTS) == 1
    assert fetcher.stats.requests == 3  # robots.txt counts as a request
    assert fetcher.stats.robots_requests == 1


@pytest.mark.parametrize("status", [404, 410, 401, 403])
def test_robots_unavailable_4xx_allows_all(
    rsps: responses.RequestsMock, make: Any, status: int
) -> None:
    rsps.get(ROBOTS, status=status)
    rsps.get(PAGE, body="o1")
    assert make().fetch(PAGE).outcome == "ok"


@pytest.mark.parametrize("status", [500, 503, 429])
def test_robots_server_error_disallows_the_whole_host(
    rsps: responses.RequestsMock, make: Any, status: int
) -> None:
    rsps.get(ROBOTS, status=status)
    rsps.get(PAGE, body="o1")
    fetcher = make(retries=1)
    result = fetcher.fetch(PAGE)
    assert result.outcome == "robots"
    assert result.reason is not None
    assert str(status) in result.reason and "robots.txt" in result.reason
    assert PAGE not in requested(rsps)
    assert requested(rsps).count(ROBOTS) == 2  # retried like any request, then cached
    assert fetcher.fetch(f"{SITE}/other").outcome == "robots"
    assert requested(rsps).count(ROBOTS) == 2


def test_robots_unreachable_disallows_the_whole_host(
    rsps: responses.RequestsMock, make: Any
) -> None:
    rsps.get(ROBOTS, body=requests.ConnectionError("connection reset by peer"))
    rsps.get(PAGE, body="o1")
    result = make(retries=0).fetch(PAGE)
    # Not a robots.txt decision: the host did not answer, which is what the user must see.
    assert result.outcome == "unreachable"
    assert result.reason is not None
    assert "robots.txt" in result.reason and "connection reset by peer" in result.reason
    assert PAGE not in requested(rsps)


def test_crawl_delay_raises_the_pause_between_requests(
    rsps: responses.RequestsMock, make: Any, clock: FakeClock
) -> None:
    rsps.get(ROBOTS, body="User-agent: *\nCrawl-delay: 5\n")
    rsps.get(PAGE, body="o1")
    fetcher = make(delay_seconds=1.0)
    fetcher.fetch(PAGE)
    fetcher.fetch(PAGE)
    # robots.txt itself is the first request; from then on its Crawl-delay applies
    assert clock.sleeps == [5.0, 5.0]
    assert fetcher.robots is not None
    assert fetcher.robots.crawl_delay(PAGE) == 5.0
    assert fetcher.stats.crawl_delays_capped == {}


def test_a_long_crawl_delay_is_capped_and_noted(
    rsps: responses.RequestsMock, make: Any, clock: FakeClock
) -> None:
    rsps.get(ROBOTS, body="User-agent: *\nCrawl-delay: 120\n")
    rsps.get(PAGE, body="o1")
    fetcher = make(delay_seconds=1.0, max_crawl_delay=30.0)
    for _ in range(3):
        assert fetcher.fetch(PAGE).outcome == "ok"
    assert clock.sleeps == [30.0, 30.0, 30.0]
    assert fetcher.stats.crawl_delays_capped == {SITE: 120.0}


def test_a_crawl_delay_below_the_settings_delay_does_not_lower_it(
    rsps: responses.RequestsMock, make: Any, clock: FakeClock
) -> None:
    rsps.get(ROBOTS, body="User-agent: *\nCrawl-delay: 0.5\n")
    rsps.get(PAGE, body="o1")
    fetcher = make(delay_seconds=2.0)
    fetcher.fetch(PAGE)
    fetcher.fetch(PAGE)
    assert clock.sleeps == [2.0, 2.0]  # after robots.txt, then between the pages


def test_request_rate_counts_as_a_delay(
    rsps: responses.RequestsMock, make: Any, clock: FakeClock
) -> None:
    rsps.get(ROBOTS, body="User-agent: *\nRequest-rate: 1/10s\n")
    rsps.get(PAGE, body="o1")
    fetcher = make(delay_seconds=0)
    fetcher.fetch(PAGE)
    fetcher.fetch(PAGE)
    assert clock.sleeps == [10.0, 10.0]


def test_only_the_first_500_kib_is_parsed(rsps: responses.RequestsMock, make: Any) -> None:
    head = "User-agent: *\nDisallow: /early/\n"
    padding = "# padding line\n" * (ROBOTS_MAX_BYTES // 15 + 10)
    rsps.get(ROBOTS, body=head + padding + "Disallow: /ita/\n")
    rsps.get(PAGE, body="o1")
    fetcher = make()
    assert fetcher.fetch(f"{SITE}/early/x").outcome == "robots"
    assert fetcher.fetch(PAGE).outcome == "ok"  # the rule past 500 KiB is not read


def test_a_redirect_to_robots_within_scope_is_followed(
    rsps: responses.RequestsMock, make: Any
) -> None:
    plain = "http://khwaoyai.go.th/robots.txt"
    rsps.get(plain, status=301, headers={"Location": ROBOTS})
    rsps.get(ROBOTS, body="User-agent: *\nDisallow: /ita/\n")
    result = make().fetch("http://khwaoyai.go.th/ita/o1.html")
    assert result.outcome == "robots"  # the redirected file's rules apply to the first origin


def test_a_redirect_of_robots_out_of_scope_counts_as_unavailable(
    rsps: responses.RequestsMock, make: Any
) -> None:
    rsps.get(ROBOTS, status=302, headers={"Location": "https://parking.example/robots.txt"})
    rsps.get(PAGE, body="o1")
    assert make().fetch(PAGE).outcome == "ok"
    assert not any("parking.example" in url for url in requested(rsps))


def test_more_than_five_robots_redirects_count_as_unavailable(
    rsps: responses.RequestsMock, make: Any
) -> None:
    for n in range(7):
        here = ROBOTS if n == 0 else f"{SITE}/r{n}"
        rsps.get(here, status=302, headers={"Location": f"{SITE}/r{n + 1}"})
    rsps.get(PAGE, body="o1")
    assert make().fetch(PAGE).outcome == "ok"
    assert f"{SITE}/r6" not in requested(rsps)


def test_obey_robots_false_sends_no_robots_request(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get(ROBOTS, body="User-agent: *\nDisallow: /\n")
    rsps.get(PAGE, body="o1")
    fetcher = make(obey_robots=False)
    assert fetcher.fetch(PAGE).outcome == "ok"
    assert requested(rsps) == [PAGE]


def test_robots_is_per_origin(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get(ROBOTS, status=404)
    rsps.get("https://data.go.th/robots.txt", body="User-agent: *\nDisallow: /\n")
    rsps.get(PAGE, body="o1")
    fetcher = make()
    assert fetcher.fetch(PAGE).outcome == "ok"
    assert fetcher.fetch("https://data.go.th/dataset/1").outcome == "robots"


def test_robots_request_uses_the_request_budget(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get(ROBOTS, status=404)
    rsps.get(PAGE, body="o1")
    result = make(max_requests=1).fetch(PAGE)
    assert result.outcome == "budget"
    assert result.reason is not None and "1 requests" in result.reason
    assert requested(rsps) == [ROBOTS]


def test_can_fetch_api(rsps: responses.RequestsMock, make: Any) -> None:
    rsps.get(ROBOTS, body="User-agent: badbot\nDisallow: /\n\nUser-agent: *\nDisallow: /tmp/\n")
    robots = make().robots
    assert robots is not None
    assert robots.can_fetch(PAGE, "oit-checker/0.1")
    assert not robots.can_fetch(f"{SITE}/tmp/x", "oit-checker/0.1")
    assert not robots.can_fetch(PAGE, "BadBot/2.0")
    assert robots.crawl_delay(SITE) is None
