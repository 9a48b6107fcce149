"""Politeness as the sites saw it: requests in flight per host, and the gaps between them."""

from __future__ import annotations

import itertools
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from benchmarks.night.history_read import Stored
from benchmarks.night.sites import Request, Site
from benchmarks.night.variants import changes_overnight


@dataclass
class Politeness:
    delay: float
    hosts: int = 0  # hosts that received at least one request
    requests: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    max_in_flight_per_host: int = 0  # the most requests one host had open at once
    overlapping_pairs: int = 0  # a request to a host arriving before the previous one ended
    gaps: int = 0  # consecutive requests to one host
    min_gap: float | None = None  # seconds from one request's end to the next one's arrival
    median_gap: float | None = None
    gaps_below_delay: int = 0
    max_scans_in_flight: int = 0  # sites between their first and last request at one moment
    #: requests a site answered beyond its scan's count: the confirmation of a vanished document
    #: (a second fetcher after the scan: robots.txt and the document again)
    confirmation_requests: int = 0
    requests_by_site_match_history: bool = False
    mismatched_counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # (site, history)


def _max_overlap(intervals: Sequence[tuple[float, float]]) -> int:
    """The most intervals covering one moment (touching ones do not overlap)."""
    events = sorted([(start, 1) for start, _ in intervals] + [(end, -1) for _, end in intervals])
    best = current = 0
    for _, step in events:  # at equal times -1 sorts first
        current += step
        best = max(best, current)
    return best


def check_politeness(
    log: Sequence[Request],
    sites: Sequence[Site],
    delay: float,
    stored: Stored | None = None,
    night: int = 1,
) -> Politeness:
    """Per host: requests in flight at once, and the gaps between consecutive ones. With the
    night's history, also whether each site answered exactly the requests its scan counted."""
    figures = Politeness(delay=delay, requests=len(log))
    figures.statuses = dict(sorted(Counter(r.status for r in log).items()))
    by_host: dict[str, list[Request]] = defaultdict(list)
    by_site: dict[int, list[Request]] = defaultdict(list)
    for request in log:
        by_host[request.host].append(request)
        by_site[request.site].append(request)
    figures.hosts = len(by_host)
    gaps: list[float] = []
    for requests in by_host.values():
        requests.sort(key=lambda r: r.start)
        spans = [(r.start, r.end) for r in requests]
        figures.max_in_flight_per_host = max(figures.max_in_flight_per_host, _max_overlap(spans))
        for before, after in itertools.pairwise(requests):
            gap = after.start - before.end
            gaps.append(gap)
            figures.overlapping_pairs += gap < 0
            figures.gaps_below_delay += gap < delay
    figures.gaps = len(gaps)
    if gaps:
        figures.min_gap = round(min(gaps), 4)
        figures.median_gap = round(statistics.median(gaps), 4)
    figures.max_scans_in_flight = _max_overlap(
        [(min(r.start for r in rs), max(r.end for r in rs)) for rs in by_site.values()]
    )
    if stored is None:
        return figures
    for site in sites:
        answered = len(by_site.get(site.index, []))
        counted = stored.requests_by_target.get(site.target_id, -1)
        extra = answered - counted
        if extra > 0 and night >= 2 and changes_overnight(site.index):
            figures.confirmation_requests += extra
        elif extra:
            figures.mismatched_counts[site.target_id] = (answered, counted)
    figures.requests_by_site_match_history = not figures.mismatched_counts
    return figures
