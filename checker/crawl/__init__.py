"""Fetching the target's site politely, within budget, and only the target's site.

* :class:`Scope` — which URLs (hosts, schemes) and which network addresses may be fetched.
* :class:`RobotsCache` — robots.txt per origin (Protego), Crawl-delay.
* :class:`PoliteFetcher` — one request at a time per host, timeouts, byte caps, retries,
  redirects, budgets; every problem comes back as a :class:`FetchResult` outcome, never raised.
"""

from __future__ import annotations

from checker.crawl.fetcher import FetchStats, PoliteFetcher
from checker.crawl.models import FetchOutcome, FetchResult, Validators
from checker.crawl.robots import RobotsCache, RobotsVerdict
from checker.crawl.scope import AddressPolicy, AddressRefused, Scope, address_category

__all__ = [
    "AddressPolicy",
    "AddressRefused",
    "FetchOutcome",
    "FetchResult",
    "FetchStats",
    "PoliteFetcher",
    "RobotsCache",
    "RobotsVerdict",
    "Scope",
    "Validators",
    "address_category",
]
