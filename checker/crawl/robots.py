"""robots.txt per origin (scheme, host, port), parsed with Protego and kept for one scan.

How a robots.txt answer is read (RFC 9309 §2.3.1):

* 2xx — its rules apply (only the first 500 KiB is parsed).
* 4xx — "unavailable": everything is allowed. 429 is the exception: a server that is rate
  limiting us is treated like an overloaded one (as Google does), not as having no robots.txt.
* 5xx, or unreachable (DNS, connect, timeout, reset) — complete disallow for that origin; the
  refused URLs come back as ``robots`` (5xx) or ``unreachable`` (no answer at all).
* redirects are followed within the target's scope, at most five; a redirect that leaves the
  scope or a longer chain counts as "unavailable".

The file is fetched through the fetcher's own path, so it obeys scope, the address policy, the
politeness delay and counts against the request budget.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from checker.crawl.models import FetchOutcome, FetchResult
from checker.settings import CrawlSettings

logger = logging.getLogger("checker.crawl")

#: RFC 9309 §2.5: crawlers must parse at least the first 500 kibibytes.
ROBOTS_MAX_BYTES = 500 * 1024
#: RFC 9309 §2.3.1.2: follow at least five consecutive redirects.
ROBOTS_MAX_REDIRECTS = 5


@dataclass(frozen=True)
class RobotsVerdict:
    """Whether a URL may be fetched. ``outcome``/``reason`` explain a refusal.

    ``outcome`` is ``robots`` (disallowed, also when robots.txt answered 5xx/429),
    ``unreachable`` (robots.txt got no answer at all: the host is treated as disallowed and
    reported as unreachable), ``budget`` (robots.txt could not be asked for: the scan's budget
    ran out) or ``out_of_scope`` (robots.txt's own host was refused by the address policy — the
    URL would be too).
    """

    allowed: bool
    outcome: FetchOutcome | None = None
    reason: str | None = None


_ALLOW = RobotsVerdict(allowed=True)


@dataclass
class _OriginRules:
    parser: Protego | None  # None: no rules (allow all), or see ``disallow_all``
    disallow_all: RobotsVerdict | None = None  # every URL of the origin is refused so


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL (no user info), lower case."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.hostname:
        raise ValueError(f"{url!r} is not a URL or origin such as https://host")
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port is not None else ""
    return f"{parts.scheme.lower()}://{host}{port}"


class RobotsCache:
    """robots.txt rules per origin, fetched once per scan with ``fetch_robots(url)``."""

    def __init__(self, settings: CrawlSettings, fetch_robots: Callable[[str], FetchResult]) -> None:
        self._settings = settings
        self._fetch_robots = fetch_robots
        self._rules: dict[str, _OriginRules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        #: origin -> the Crawl-delay it asked for, where that was above ``max_crawl_delay``.
        self.capped_delays: dict[str, float] = {}

    # -- public API ---------------------------------------------------------------------------

    def check(self, url: str, user_agent: str | None = None) -> RobotsVerdict:
        """May ``url`` be fetched? Fetches the origin's robots.txt on first use."""
        agent = user_agent or self._settings.user_agent
        origin = origin_of(url)
        rules = self._rules_for(origin)
        if isinstance(rules, str):
            return RobotsVerdict(False, "budget", rules)
        if rules.disallow_all is not None:
            return rules.disallow_all
        if rules.parser is not None and not rules.parser.can_fetch(url, agent):
            return RobotsVerdict(False, "robots", f"robots.txt of {origin} disallows this URL")
        return _ALLOW

    def can_fetch(self, url: str, user_agent: str | None = None) -> bool:
        return self.check(url, user_agent).allowed

    def crawl_delay(self, url: str, user_agent: str | None = None) -> float | None:
        """The delay robots.txt asks of us (Crawl-delay or Request-rate), uncapped; None if none.

        ``url`` is any URL of the origin (or the origin itself). Fetches robots.txt if needed.
        """
        origin = origin_of(url)
        rules = self._rules_for(origin)
        if isinstance(rules, str) or rules.parser is None:
            return None
        return _asked_delay(rules.parser, user_agent or self._settings.user_agent)

    def delay_for(self, url: str) -> float:
        """Seconds between two requests to this URL's origin: the settings' delay, raised by a
        robots.txt Crawl-delay up to ``max_crawl_delay``. Never fetches: before robots.txt is
        known (that is, while fetching it) the settings' delay applies."""
        origin = origin_of(url)
        rules = self._rules.get(origin)
        base = self._settings.delay_seconds
        if rules is None or rules.parser is None:
            return base
        asked = _asked_delay(rules.parser, self._settings.user_agent)
        if asked is None:
            return base
        return max(base, min(asked, self._settings.max_crawl_delay))

    # -- internals ----------------------------------------------------------------------------

    def _rules_for(self, origin: str) -> _OriginRules | str:
        """Cached rules, fetching robots.txt once per origin; a reason when the budget ran out
        before robots.txt could be asked for (not cached: nothing was learnt)."""
        with self._guard:
            if origin in self._rules:
                return self._rules[origin]
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:  # a second thread waits for the first one's fetch instead of repeating it
            if origin in self._rules:
                return self._rules[origin]
            result = self._fetch_robots(f"{origin}/robots.txt")
            if result.outcome == "budget":
                return f"robots.txt of {origin} could not be fetched: {result.reason}"
            rules = self._interpret(origin, result)
            self._rules[origin] = rules
            return rules

    def _interpret(self, origin: str, result: FetchResult) -> _OriginRules:
        status = result.status
        if result.outcome == "ok":
            parser = Protego.parse(_robots_text(result.body))
            self._note_delay(origin, parser)
            logger.debug("robots.txt of %s: %d bytes of rules", origin, len(result.body))
            return _OriginRules(parser)
        if result.outcome == "out_of_scope" and not result.redirects:
            # The origin's own host is refused (e.g. a private address): so is every URL on it.
            return _OriginRules(None, RobotsVerdict(False, "out_of_scope", result.reason))
        if status == 429 or result.outcome in ("server_error", "unreachable"):
            # Complete disallow either way: no URL of the origin is requested. A host that did
            # not answer at all is reported as unreachable, not as forbidding us, so a dead
            # site reads as "could not check" rather than as a robots.txt decision.
            outcome: FetchOutcome = "robots"
            why = f"answered HTTP {status}"
            if result.outcome == "unreachable":
                outcome, why = "unreachable", f"could not be fetched ({result.reason})"
            reason = (
                f"robots.txt of {origin} {why}; RFC 9309 says to treat the whole host as disallowed"
            )
            logger.info("%s", reason)
            return _OriginRules(None, RobotsVerdict(False, outcome, reason))
        # 4xx (404 most often), too many redirects, or a redirect leaving the scope:
        # robots.txt is "unavailable" and everything is allowed.
        logger.debug("robots.txt of %s unavailable (%s): all allowed", origin, result.reason)
        return _OriginRules(None)

    def _note_delay(self, origin: str, parser: Protego) -> None:
        asked = _asked_delay(parser, self._settings.user_agent)
        if asked is not None and asked > self._settings.max_crawl_delay:
            self.capped_delays[origin] = asked
            logger.info(
                "robots.txt of %s asks for a %g s crawl delay; capped at %g s",
                origin,
                asked,
                self._settings.max_crawl_delay,
            )


def _asked_delay(parser: Protego, user_agent: str) -> float | None:
    delays: list[float] = []
    crawl_delay = parser.crawl_delay(user_agent)
    if crawl_delay is not None:
        delays.append(float(crawl_delay))
    rate = parser.request_rate(user_agent)
    if rate is not None and rate.requests > 0:
        delays.append(rate.seconds / rate.requests)
    return max(delays) if delays else None


def _robots_text(body: bytes) -> str:
    body = body[:ROBOTS_MAX_BYTES]
    if len(body) == ROBOTS_MAX_BYTES and b"\n" in body:
        body = body[: body.rindex(b"\n") + 1]  # a line cut in half could change its meaning
    return body.decode("utf-8", errors="replace").lstrip("\ufeff")
