"""PoliteFetcher: one URL in, one :class:`FetchResult` out — never an exception for a bad server.

Politeness and safety, in the order a fetch meets them: scope (by name) → robots.txt → scan
budgets (requests, wall clock) → one request at a time per host with a delay after the previous
one → the address policy at connect (see ``scope.py``) → timeouts, a wall-clock limit per
response and a byte cap on the decompressed body → retries with backoff → redirects, each hop
re-checked from the top.

Why retries are a loop here and not urllib3's ``Retry`` (DESIGN.md's first choice): ``Retry``
sleeps inside urllib3 with ``time.sleep``, so (1) the politeness delay between the end of one
request and the next would not apply to retries, (2) the scan's request budget and deadline could
not stop a retry or be charged for it, (3) ``attempts`` would be invisible, and (4) with
``stream=True`` a failure while reading the body happens after urllib3 has returned and is not
retried anyway. So the adapter runs with ``Retry(0)`` and this module retries; it still uses
``Retry.parse_retry_after`` to read the header (seconds or HTTP date).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http
import http.client
import io
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar
from urllib.parse import urldefrag, urljoin, urlsplit

import requests
import urllib3.exceptions as u3
from requests.utils import requote_uri
from urllib3.util.retry import Retry

from checker.closing import Closing
from checker.crawl.models import FetchOutcome, FetchResult, Validators
from checker.crawl.robots import ROBOTS_MAX_BYTES, ROBOTS_MAX_REDIRECTS, RobotsCache
from checker.crawl.scope import AddressRefused, GuardedAdapter, Scope, SocketWatch, site_key
from checker.crawl.scope import watching as watching_socket
from checker.settings import CrawlSettings

logger = logging.getLogger("checker.crawl")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_E = TypeVar("_E", bound=BaseException)
_CHUNK = 64 * 1024


@dataclass
class FetchStats:
    """Counters for benchmarks and a scan's closing notes."""

    requests: int = 0  # every HTTP request sent (robots.txt and retries included)
    robots_requests: int = 0
    retries: int = 0
    bytes_received: int = 0  # body bytes kept, after decompression
    by_status: dict[int, int] = field(default_factory=dict)  # every response, retries included
    not_modified: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)  # per fetch() call
    politeness_sleep: float = 0.0  # seconds waited for the per-host delay
    backoff_sleep: float = 0.0  # seconds waited beyond it before a retry
    crawl_delays_capped: dict[str, float] = field(default_factory=dict)  # origin -> asked delay


@dataclass
class _Answer:
    """A response that arrived in full (or was cut at the byte cap)."""

    status: int
    phrase: str
    headers: Mapping[str, str]
    body: bytes = b""
    truncated: bool = False
    location: str | None = None  # absolute redirect target
    note: str = ""


@dataclass
class _Failure:
    outcome: FetchOutcome
    reason: str
    retryable: bool = False
    note: str = ""


@dataclass
class _Trace:
    url: str
    started: float
    fetched_at: dt.datetime
    redirects: list[str] = field(default_factory=list)
    attempts: int = 0
    status: int | None = None


class HostGates:
    """Whose turn it is on each host: a lock per host (one request at a time) and when its last
    request ended (the delay runs from there).

    Politeness is owed to the host, not to a fetcher: the scheduler's service runs several scans
    side by side (targets on one server, a provincial file server in several targets'
    ``allowed_hosts``), and a scan's confirmation of a vanished document uses a fetcher of its
    own right after the scan's. So every fetcher on the real clock shares :data:`SHARED_GATES`;
    one given another clock (tests) keeps gates of its own, its times being on another scale.
    An entry is a lock and a float per host a process has asked.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last_end: dict[str, float] = {}

    def lock(self, host: str) -> threading.Lock:
        with self._lock:
            return self._locks.setdefault(host, threading.Lock())

    def last_end(self, host: str) -> float | None:
        with self._lock:
            return self._last_end.get(host)

    def ended(self, host: str, when: float) -> None:
        with self._lock:
            self._last_end[host] = when


#: The gates of every fetcher on ``time.monotonic`` in this process.
SHARED_GATES = HostGates()


class PoliteFetcher(Closing):
    """Fetches URLs of one scan politely and within its budgets. Use one instance per scan.

    The per-host turn-taking is shared with every other fetcher of the process (:class:`HostGates`).
    """

    def __init__(
        self,
        settings: CrawlSettings,
        scope: Scope,
        session: requests.Session | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        gates: HostGates | None = None,
    ) -> None:
        self.settings = settings
        self.scope = scope
        self._clock = clock
        self._sleep = sleep
        self._session = session if session is not None else requests.Session()
        # Environment proxies and .netrc would route around the address policy or leak
        # credentials; a passed-in session gets the guarded adapter too, so it cannot bypass it.
        self._session.trust_env = False
        adapter = GuardedAdapter(scope.address_policy, max_retries=Retry(0, read=False))
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._deadline = clock() + settings.max_seconds
        self._lock = threading.Lock()  # guards the counters
        if gates is None:
            gates = SHARED_GATES if clock is time.monotonic else HostGates()
        self._gates = gates
        self._stats = FetchStats()
        self.robots: RobotsCache | None = (
            RobotsCache(settings, self._fetch_robots) if settings.obey_robots else None
        )

    # -- public API ---------------------------------------------------------------------------

    def fetch(
        self, url: str, *, validators: Validators | None = None, head: bool = False
    ) -> FetchResult:
        trace = _Trace(url=url, started=self._clock(), fetched_at=dt.datetime.now(dt.UTC))
        try:
            result = self._follow(
                trace,
                validators=validators,
                head=head,
                robots=self.robots,
                max_bytes=self.settings.max_bytes,
                max_redirects=self.settings.max_redirects,
            )
        except Exception as exc:
            # A nightly unattended scan must survive a server that triggers something
            # unforeseen; the fetch is recorded as failed, with the error for the log.
            logger.warning("unexpected error fetching %s", url, exc_info=True)
            result = self._finish(trace, "unreachable", f"unexpected error: {exc!r}")
        with self._lock:
            outcomes = self._stats.outcomes
            outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
        logger.debug("fetch %s -> %s %s", url, result.outcome, result.reason or "")
        return result

    @property
    def stats(self) -> FetchStats:
        """A snapshot of the counters."""
        with self._lock:
            capped = dict(self.robots.capped_delays) if self.robots is not None else {}
            return replace(
                self._stats,
                by_status=dict(self._stats.by_status),
                outcomes=dict(self._stats.outcomes),
                crawl_delays_capped=capped,
            )

    def close(self) -> None:
        self._session.close()

    # -- one fetch: scope, robots, redirects --------------------------------------------------

    def _fetch_robots(self, robots_url: str) -> FetchResult:
        trace = _Trace(url=robots_url, started=self._clock(), fetched_at=dt.datetime.now(dt.UTC))
        result = self._follow(
            trace,
            validators=None,
            head=False,
            robots=None,
            max_bytes=ROBOTS_MAX_BYTES,
            max_redirects=ROBOTS_MAX_REDIRECTS,
        )
        with self._lock:
            self._stats.robots_requests += result.attempts
        return result

    def _follow(
        self,
        trace: _Trace,
        *,
        validators: Validators | None,
        head: bool,
        robots: RobotsCache | None,
        max_bytes: int,
        max_redirects: int,
    ) -> FetchResult:
        headers = {"User-Agent": self.settings.user_agent, "Accept-Encoding": "gzip, deflate"}
        if validators is not None and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators is not None and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        current = trace.url
        visited = {urldefrag(current).url}
        while True:
            refusal = self.scope.allows_url(current)
            if refusal is not None:
                return self._finish(trace, "out_of_scope", _via(trace, current, refusal))
            if robots is not None:
                verdict = robots.check(current)
                if not verdict.allowed:
                    outcome = verdict.outcome or "robots"
                    return self._finish(trace, outcome, _via(trace, current, verdict.reason))
            step = self._send(current, headers, head, trace, max_bytes)
            if isinstance(step, _Failure):
                reason = _via(trace, current, step.reason + step.note)
                return self._finish(trace, step.outcome, reason)
            trace.status = step.status
            if step.location is None:
                return self._answered(trace, step, validators, max_bytes)
            trace.redirects.append(step.location)
            if len(trace.redirects) > max_redirects:
                why = f"more than {max_redirects} redirects (the last to {step.location})"
                return self._finish(trace, "http_error", why)
            if urldefrag(step.location).url in visited:
                why = f"redirect loop: {step.location} was already visited"
                return self._finish(trace, "http_error", why)
            visited.add(urldefrag(step.location).url)
            current = step.location

    def _answered(
        self, trace: _Trace, answer: _Answer, validators: Validators | None, max_bytes: int
    ) -> FetchResult:
        status = answer.status
        outcome: FetchOutcome
        reason: str | None = f"HTTP {status} {answer.phrase}".rstrip() + answer.note
        if 200 <= status < 300:
            outcome = "ok"
            reason = f"body cut at {max_bytes} bytes (the size cap)" if answer.truncated else None
        elif status == 304:
            outcome, reason = "not_modified", None
        elif status in (404, 410):
            outcome = "gone"
        elif 500 <= status < 600:
            outcome = "server_error"
        else:  # other 4xx (a WAF's 403 is not "missing"), 1xx, a 3xx without Location, >= 600
            outcome = "http_error"
            if 300 <= status < 400:
                reason = f"{reason}, with no usable Location to follow"
        etag = answer.headers.get("ETag")
        last_modified = answer.headers.get("Last-Modified")
        if status == 304 and validators is not None:  # keep what the caller already holds
            etag = etag or validators.etag
            last_modified = last_modified or validators.last_modified
        content_type, charset = _content_type(answer.headers.get("Content-Type"))
        return self._finish(
            trace,
            outcome,
            reason,
            body=answer.body,
            truncated=answer.truncated,
            content_type=content_type,
            charset=charset,
            etag=etag,
            last_modified=last_modified,
            bytes_received=len(answer.body),
        )

    def _finish(
        self, trace: _Trace, outcome: FetchOutcome, reason: str | None, **fields: Any
    ) -> FetchResult:
        return FetchResult(
            url=trace.url,
            final_url=trace.redirects[-1] if trace.redirects else trace.url,
            outcome=outcome,
            status=trace.status,
            reason=reason,
            redirects=list(trace.redirects),
            attempts=trace.attempts,
            elapsed=max(0.0, self._clock() - trace.started),
            fetched_at=trace.fetched_at,
            **fields,
        )

    # -- one hop: budgets, politeness, retries ------------------------------------------------

    def _send(
        self, url: str, headers: dict[str, str], head: bool, trace: _Trace, max_bytes: int
    ) -> _Answer | _Failure:
        host = site_key(urlsplit(url).hostname or "")
        with self._gates.lock(host):  # one request at a time per host, across threads and scans
            last: _Answer | _Failure | None = None
            not_before: float | None = None
            retry = 0
            while True:
                blocked = self._wait_turn(host, url, not_before)
                if blocked is not None:
                    if last is None:
                        return _Failure("budget", blocked)
                    last.note += f" (not retried: {blocked})"
                    return last
                if retry:
                    with self._lock:
                        self._stats.retries += 1
                trace.attempts += 1
                last = self._attempt(url, headers, head, max_bytes)
                if isinstance(last, _Failure) and last.outcome == "out_of_scope":
                    # Refused by the address policy before a socket was opened: nothing was
                    # sent, so nothing is charged and the host's delay does not restart.
                    trace.attempts -= 1
                    with self._lock:
                        self._stats.requests -= 1
                    return last
                self._gates.ended(host, self._clock())
                if not _retryable(last):
                    return last
                if retry >= self.settings.retries:
                    if retry:
                        last.note += f" (after {retry + 1} attempts)"
                    return last
                wait = self.settings.backoff_seconds * 2**retry
                asked, raw = _retry_after(last)
                if asked is not None:
                    if asked > self.settings.max_retry_after:
                        last.note += (
                            f"; the server asked to retry after {asked:g} s (Retry-After: "
                            f"{raw}), longer than the {self.settings.max_retry_after:g} s the "
                            "crawler waits"
                        )
                        return last
                    wait = max(wait, asked)
                not_before = self._clock() + wait
                retry += 1

    def _wait_turn(self, host: str, url: str, not_before: float | None) -> str | None:
        """Sleep until this host may be asked again; a budget reason instead when it may not."""
        now = self._clock()
        if now >= self._deadline:
            return f"the scan's time limit of {self.settings.max_seconds:g} s was reached"
        if self._requests_used_up():
            return f"the scan's budget of {self.settings.max_requests} requests is used up"
        delay = self.robots.delay_for(url) if self.robots is not None else None
        delay = self.settings.delay_seconds if delay is None else delay
        last_end = self._gates.last_end(host)
        polite_at = now if last_end is None else last_end + delay
        start_at = max(polite_at, now if not_before is None else not_before)
        if start_at > self._deadline:
            return (
                f"waiting {start_at - now:g} s for the next request to {host} would pass the "
                f"scan's time limit of {self.settings.max_seconds:g} s"
            )
        wait = start_at - now
        if wait > 0:
            polite = min(wait, max(0.0, polite_at - now))
            self._sleep(wait)
            with self._lock:
                self._stats.politeness_sleep += polite
                self._stats.backoff_sleep += wait - polite
        with self._lock:  # re-checked: another thread may have used the last request meanwhile
            if self._stats.requests >= self.settings.max_requests:
                return f"the scan's budget of {self.settings.max_requests} requests is used up"
            self._stats.requests += 1
        return None

    def _requests_used_up(self) -> bool:
        with self._lock:
            return self._stats.requests >= self.settings.max_requests

    # -- one HTTP request ---------------------------------------------------------------------

    def _attempt(
        self, url: str, headers: dict[str, str], head: bool, max_bytes: int
    ) -> _Answer | _Failure:
        """One request with a wall-clock limit from sending it to the body's last byte."""
        # The limit is also what is left of the scan's time: max_seconds is a hard bound, not
        # "no new request after it" (a request started just before the deadline could run on
        # for response_seconds, and its connect for connect_timeout, past it).
        remaining = max(0.001, self._deadline - self._clock())
        limit = min(self.settings.response_seconds, remaining)
        watch = SocketWatch()
        timer = threading.Timer(limit, watch.fire)
        timer.daemon = True
        timer.start()
        try:
            with watching_socket(watch):
                outcome = self._exchange(url, headers, head, max_bytes, remaining)
        finally:
            timer.cancel()
        if watch.fired and limit < self.settings.response_seconds:
            why = f"the scan's time limit of {self.settings.max_seconds:g} s was reached"
            outcome = _Failure("budget", f"{why} while this response was being read")
        elif watch.fired:  # whatever the cut socket made the read look like
            outcome = _Failure("unreachable", f"response took longer than {limit:g} s")
        logger.debug(
            "%s %s -> %s",
            "HEAD" if head else "GET",
            url,
            outcome.status if isinstance(outcome, _Answer) else outcome.reason,
        )
        return outcome

    def _exchange(
        self, url: str, headers: dict[str, str], head: bool, max_bytes: int, remaining: float
    ) -> _Answer | _Failure:
        try:
            response = self._session.request(
                "HEAD" if head else "GET",
                url,
                headers=headers,
                timeout=(min(self.settings.connect_timeout, remaining), self.settings.read_timeout),
                allow_redirects=False,
                stream=True,
            )
        except AddressRefused as exc:
            return _Failure("out_of_scope", exc.reason)
        except (requests.RequestException, u3.HTTPError, http.client.HTTPException) as exc:
            return _request_failure(exc, url, self.settings)
        except (OSError, ValueError) as exc:  # e.g. a host name IDNA cannot encode
            return _Failure("unreachable", f"request failed: {_cause(exc)}")
        try:
            status = response.status_code
            with self._lock:
                by_status = self._stats.by_status
                by_status[status] = by_status.get(status, 0) + 1
                if status == 304:
                    self._stats.not_modified += 1
            answer = _Answer(status, _phrase(response), response.headers)
            target = self._session.get_redirect_target(response)
            if target:
                answer.location = urldefrag(requote_uri(urljoin(url, target))).url
                _discard_small_body(response)
            elif 200 <= status < 300 and not head:
                body = _read_body(response, max_bytes)
                if isinstance(body, _Failure):
                    return body
                answer.body, answer.truncated = body
                with self._lock:
                    self._stats.bytes_received += len(answer.body)
            else:
                _discard_small_body(response)
            return answer
        finally:
            # A body read to its end has already handed the connection back to the pool for the
            # next request to this host; a cut or unwanted large one closes it here instead.
            response.close()


# -- helpers ----------------------------------------------------------------------------------


def _read_body(response: requests.Response, max_bytes: int) -> tuple[bytes, bool] | _Failure:
    """Up to ``max_bytes`` of decompressed body, and whether there was more.

    Reads through urllib3 in small decoded chunks: urllib3 2.x inflates only as much as asked, so
    a gzip bomb costs at most the cap plus one chunk of memory.
    """
    buffer = io.BytesIO()
    total = 0
    try:
        while total <= max_bytes:
            chunk = response.raw.read(min(_CHUNK, max_bytes + 1 - total), decode_content=True)
            if not chunk:
                break
            buffer.write(chunk)
            total += len(chunk)
    except u3.ReadTimeoutError:
        return _Failure("unreachable", "timed out while reading the body")
    except u3.DecodeError as exc:
        encoding = response.headers.get("Content-Encoding", "?")
        return _Failure("unreachable", f"body could not be decompressed ({encoding}): {exc}")
    except (u3.HTTPError, http.client.HTTPException, OSError) as exc:
        short = _find(exc, http.client.IncompleteRead)
        if short is not None:
            partial = short.partial if isinstance(short.partial, int) else len(short.partial)
            why = f"body ended early: {partial} bytes read, {short.expected} more announced"
        else:
            why = f"connection broke while reading the body: {_cause(exc)}"
        return _Failure("unreachable", why, retryable=True)
    truncated = total > max_bytes
    if truncated:
        buffer.truncate(max_bytes)
    return buffer.getvalue(), truncated


def _discard_small_body(response: requests.Response) -> None:
    """Read a small unwanted body (a redirect's, an error page's, none for HEAD/304) so the
    connection can be reused: a small server is spared a new TCP and TLS handshake. A large or
    unannounced one is not read; closing the connection is cheaper."""
    remaining = response.raw.length_remaining
    if remaining is None or remaining > _CHUNK:
        return
    with contextlib.suppress(u3.HTTPError, http.client.HTTPException, OSError):
        response.raw.read(_CHUNK + 1, decode_content=False)


def _request_failure(exc: BaseException, url: str, settings: CrawlSettings) -> _Failure:
    host = urlsplit(url).hostname or url
    if isinstance(exc, requests.ConnectTimeout):
        why = f"connecting to {host} timed out after {settings.connect_timeout:g} s"
        return _Failure("unreachable", why, retryable=True)
    if isinstance(exc, requests.ReadTimeout):
        why = f"timed out: {host} sent no answer within {settings.read_timeout:g} s"
        return _Failure("unreachable", why)
    if isinstance(exc, requests.exceptions.SSLError):
        return _Failure("unreachable", f"TLS error with {host}: {_cause(exc)}")
    if isinstance(exc, requests.ConnectionError):
        if _find(exc, u3.NameResolutionError) is not None:
            why = f"host name {host} could not be resolved: {_cause(exc)}"
        else:
            why = f"could not get an answer from {host}: {_cause(exc)}"
        return _Failure("unreachable", why, retryable=True)
    return _Failure("unreachable", f"request failed: {_cause(exc)}")


def _retryable(outcome: _Answer | _Failure) -> bool:
    if isinstance(outcome, _Failure):
        return outcome.retryable
    return outcome.status in RETRY_STATUSES


def _retry_after(outcome: _Answer | _Failure) -> tuple[float | None, str | None]:
    if not isinstance(outcome, _Answer):
        return None, None
    raw = outcome.headers.get("Retry-After")
    if not raw:
        return None, None
    try:
        return Retry(0).parse_retry_after(raw), raw
    except u3.InvalidHeader:
        return None, raw  # unreadable: the normal backoff applies


def _via(trace: _Trace, current: str, reason: str | None) -> str:
    reason = reason or "refused"
    return f"redirect to {current}: {reason}" if trace.redirects else reason


def _phrase(response: requests.Response) -> str:
    try:
        return http.HTTPStatus(response.status_code).phrase
    except ValueError:
        return str(response.reason or "")


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    """``text/html; charset="TIS-620"`` -> (``text/html``, ``TIS-620``)."""
    if not value:
        return None, None
    media, *params = value.split(";")
    charset = None
    for param in params:
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return media.strip().lower() or None, charset


def _find(exc: BaseException, kind: type[_E]) -> _E | None:
    for item in _chain(exc):
        if isinstance(item, kind):
            return item
    return None


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and everything it wraps (cause, context, ``reason``, exception args)."""
    seen: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo and len(seen) < 20:
        item = todo.pop(0)
        if any(item is s for s in seen):
            continue
        seen.append(item)
        inner = [item.__cause__, item.__context__, getattr(item, "reason", None), *item.args]
        todo.extend(x for x in inner if isinstance(x, BaseException))
    return seen


def _cause(exc: BaseException) -> str:
    """The innermost readable cause: ``connection refused`` rather than a pool repr."""
    for item in reversed(_chain(exc)):
        if isinstance(item, OSError) and item.strerror:
            return item.strerror[:1].lower() + item.strerror[1:]
    text = str(_chain(exc)[-1]) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."
