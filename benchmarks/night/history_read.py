"""What the history database holds after a night, and whether the results match the sites."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.night.sites import Site
from benchmarks.night.variants import expected_changes

ITEMS = 35  # O1–O35 of the 2567 catalogue


@dataclass
class ScanRow:
    id: int
    target_id: str
    status: str
    site_reached: bool
    requests: int
    seconds: float | None
    started: dt.datetime | None
    finished: dt.datetime | None
    error: str | None
    outcomes: dict[str, str]


def _when(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def read_history(db_path: Path) -> dict[str, list[ScanRow]]:
    """Every scheduled scan, per target, oldest first (read with sqlite3, not the product)."""
    if not db_path.exists():
        return {}
    with contextlib.closing(sqlite3.connect(db_path)) as connection:
        rows = connection.execute(
            "SELECT id, target_id, status, site_reached, requests, started_at, finished_at, error"
            " FROM scans WHERE trigger = 'schedule' ORDER BY id"
        ).fetchall()
        items = connection.execute(
            "SELECT scan_id, item_id, outcome FROM item_results"
            " WHERE scan_id IN (SELECT id FROM scans WHERE trigger = 'schedule')"
        ).fetchall()
    by_scan: dict[int, dict[str, str]] = defaultdict(dict)
    for scan_id, item_id, outcome in items:
        by_scan[scan_id][item_id] = outcome
    history: dict[str, list[ScanRow]] = defaultdict(list)
    for scan_id, target_id, status, reached, requests, started, finished, error in rows:
        begun, ended = _when(started), _when(finished)
        seconds = (ended - begun).total_seconds() if begun and ended else None
        history[target_id].append(
            ScanRow(
                scan_id,
                target_id,
                status,
                bool(reached),
                requests or 0,
                seconds,
                begun,
                ended,
                error,
                by_scan.get(scan_id, {}),
            )
        )
    return dict(history)


@dataclass
class Stored:
    """One night's scheduled scans (each target's n-th) in the history database."""

    scans: int = 0  # this night's scan rows, whatever their status
    by_status: dict[str, int] = field(default_factory=dict)
    targets_complete: int = 0  # targets whose scan of the night is complete, site reached
    complete_with_all_items: int = 0  # … with all 35 item results
    extra_scans: int = 0  # scans beyond one per target and night run (one scanned twice)
    requests: int = 0  # sum of scans.requests
    requests_by_target: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, dict[str, str]] = field(default_factory=dict)  # target -> item -> outcome
    errors: dict[str, str] = field(default_factory=dict)  # target -> error of a failed scan
    scan_seconds: list[float] = field(default_factory=list)
    span_seconds: float = 0.0  # the night's first scan started to its last scan finished


def stored_night(history: dict[str, list[ScanRow]], night: int, nights: int) -> Stored:
    """Night ``night`` of ``nights``: each target's ``night``-th scheduled scan."""
    stored = Stored()
    rows = [scans[night - 1] for scans in history.values() if len(scans) >= night]
    stored.extra_scans = sum(max(0, len(scans) - nights) for scans in history.values())
    stored.scans = len(rows)
    stored.by_status = dict(Counter(row.status for row in rows))
    for row in rows:
        stored.requests += row.requests
        stored.requests_by_target[row.target_id] = row.requests
        if row.error:
            stored.errors[row.target_id] = row.error
        if row.seconds is not None:
            stored.scan_seconds.append(round(row.seconds, 3))
        if row.status == "complete" and row.site_reached:
            stored.targets_complete += 1
            stored.outcomes[row.target_id] = row.outcomes
            if len(row.outcomes) == ITEMS:
                stored.complete_with_all_items += 1
    starts = [row.started for row in rows if row.started and row.finished]
    ends = [row.finished for row in rows if row.started and row.finished]
    if starts and ends:
        stored.span_seconds = round((max(ends) - min(starts)).total_seconds(), 2)
    return stored


@dataclass
class Results:
    """Do the stored results differ from the full demo site's exactly where the sites differ?"""

    reference: dict[str, str] = field(default_factory=dict)  # the full demo site's outcomes
    full_sites_agree: bool = False  # every unchanged full site has the same outcomes
    as_expected: int = 0  # targets whose difference from the reference is their site's
    unexpected: dict[str, list[str]] = field(default_factory=dict)  # target -> items off
    fails_by_variant: dict[str, list[int]] = field(default_factory=dict)


def compare_results(sites: Sequence[Site], stored: Stored, night: int) -> Results:
    results = Results()
    full = [
        stored.outcomes[site.target_id]
        for site in sites
        if not expected_changes(site.index, night) and stored.outcomes.get(site.target_id)
    ]
    if not full:
        return results
    reference = full[0]
    results.reference = dict(sorted(reference.items(), key=lambda kv: int(kv[0][1:])))
    results.full_sites_agree = all(outcomes == reference for outcomes in full)
    fails: dict[str, set[int]] = defaultdict(set)
    for site in sites:
        outcomes = stored.outcomes.get(site.target_id)
        if outcomes is None:
            continue
        expected = expected_changes(site.index, night)
        differs = {item for item, outcome in outcomes.items() if reference.get(item) != outcome}
        if differs == expected and len(outcomes) == ITEMS:
            results.as_expected += 1
        else:
            results.unexpected[site.target_id] = sorted(differs ^ expected)
        fails[site.variant.name].add(sum(1 for o in outcomes.values() if o == "fail"))
    results.fails_by_variant = {name: sorted(counts) for name, counts in fails.items()}
    return results
