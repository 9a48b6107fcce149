"""How long a real night would take: night 1 at the product's default politeness delay."""

from __future__ import annotations

import math
from dataclasses import dataclass

from checker.schedule.runner import MAX_WORKERS, MISFIRE_GRACE_SECONDS
from checker.settings import CrawlSettings


@dataclass
class Estimate:
    """How long night 1 takes at the product's default delay (a lower bound: the delay alone,
    (requests − 1) × delay per scan; fetching and reading add to it)."""

    default_delay: float
    requests_per_scan: float
    seconds_per_scan: float
    night_seconds_once: float  # --once: one scan after the other
    workers: int  # the service's pool (runner.MAX_WORKERS)
    night_seconds_daemon: float
    misfire_grace_seconds: int
    last_start_daemon: float  # when the last queued scan would start in the service


def estimate_default_night(targets: int, requests_per_scan: float) -> Estimate:
    delay = CrawlSettings().delay_seconds
    per_scan = max(0.0, requests_per_scan - 1) * delay
    rounds = math.ceil(targets / MAX_WORKERS)
    return Estimate(
        default_delay=delay,
        requests_per_scan=round(requests_per_scan, 1),
        seconds_per_scan=round(per_scan, 1),
        night_seconds_once=round(targets * per_scan),
        workers=MAX_WORKERS,
        night_seconds_daemon=round(rounds * per_scan),
        misfire_grace_seconds=MISFIRE_GRACE_SECONDS,
        last_start_daemon=round((rounds - 1) * per_scan),
    )
