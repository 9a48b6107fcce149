"""Two nights of the scheduler at small size, with the harness of ``benchmarks/night/``.

Ten targets, two sites per server (five loopback addresses, 127.0.1.1 …), each site a copy of
the demo site missing some files. Night 1 is ``oit schedule DIR --once`` on a fresh history (every
target due); overnight two sites lose their contact page; night 2 is the same command with the
scheduler's clock a day later (the cron has fired again), so documents are asked for
conditionally and the vanished page is confirmed by a second fetch.

What an officer would check the morning after: the scheduler exited 0, every target has one
complete scheduled scan per night with its 35 item results, each site's results differ from the
full demo site's exactly where that site differs, and no server was asked two things at once or
faster than the targets' politeness delay, as the servers themselves saw it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.night import (
    ITEMS,
    OVERNIGHT_CHANGES,
    VARIANTS,
    NightReport,
    changes_overnight,
    night,
)

pytestmark = pytest.mark.integration

TARGETS = 10
SITES_PER_HOST = 2
#: Tiny, so that the scans one after the other fit in seconds, but above zero so that the spacing
#: of the requests to a server is checked against something.
DELAY = 0.01


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> NightReport:
    workdir: Path = tmp_path_factory.mktemp("night")
    return night(
        TARGETS,
        nights=2,
        delay=DELAY,
        mode="once",
        sites_per_host=SITES_PER_HOST,
        workdir=workdir,
        timeout=120,
    )


def scheduler_logs(report: NightReport) -> str:
    return "\n".join(
        Path(n.run.log_file).read_text(encoding="utf-8", errors="replace")[-3000:]
        for n in report.nights
    )


def test_the_scheduler_scans_every_due_target_each_night_and_exits_0(
    report: NightReport,
) -> None:
    first, second = (n.run for n in report.nights)
    assert not first.timed_out and not second.timed_out, scheduler_logs(report)
    assert (first.exit_code, second.exit_code) == (0, 0), scheduler_logs(report)
    assert first.command[:2] == ["oit", "schedule"] and "--once" in first.command
    assert first.clock is None and second.clock is not None  # night 2: a day later


def test_every_target_has_one_complete_scan_a_night_with_every_item(report: NightReport) -> None:
    for night_ in report.nights:
        stored = night_.stored
        assert stored.by_status == {"complete": TARGETS}, stored.errors
        assert stored.extra_scans == 0
        assert stored.targets_complete == stored.complete_with_all_items == TARGETS
        assert all(len(outcomes) == ITEMS for outcomes in stored.outcomes.values())


def test_results_differ_exactly_where_the_sites_differ(report: NightReport) -> None:
    for night_ in report.nights:
        results = night_.results
        assert results.full_sites_agree
        assert results.unexpected == {}
        assert results.as_expected == TARGETS
    # the variants really are different sites: each changes its own items, which pass in full
    changed = [variant.changes for variant in VARIANTS if variant.hidden] + [OVERNIGHT_CHANGES]
    assert all(changed) and len(set(changed)) == len(changed)
    reference = report.nights[0].results.reference
    assert all(reference[item] == "pass" for items in changed for item in items)
    # night 2 differs from night 1 only on the sites that lost a page overnight
    first, second = (n.stored.outcomes for n in report.nights)
    moved = {target for target in first if first[target] != second[target]}
    assert moved == {f"sao-{i + 1:03d}" for i in range(TARGETS) if changes_overnight(i)}


def test_night_two_asks_conditionally_and_confirms_what_vanished(report: NightReport) -> None:
    first, second = (n.politeness for n in report.nights)
    assert 304 not in first.statuses
    assert second.statuses[304] > 0.8 * second.requests
    vanished = sum(1 for i in range(TARGETS) if changes_overnight(i))
    assert second.confirmation_requests >= vanished  # the page again (and robots.txt)


def test_no_server_was_asked_two_things_at_once_or_faster_than_the_delay(
    report: NightReport,
) -> None:
    for polite in [*(n.politeness for n in report.nights), report.politeness]:
        assert polite.hosts == TARGETS // SITES_PER_HOST
        assert polite.max_in_flight_per_host == 1
        assert polite.overlapping_pairs == 0
        assert polite.gaps_below_delay == 0
        assert polite.min_gap is not None and polite.min_gap >= DELAY
    assert all(n.politeness.max_scans_in_flight == 1 for n in report.nights)  # one at a time


def test_every_request_a_site_answered_is_counted_in_its_scan(report: NightReport) -> None:
    for night_ in report.nights:
        polite = night_.politeness
        assert polite.requests_by_site_match_history, polite.mismatched_counts
        assert night_.stored.requests + polite.confirmation_requests == polite.requests


def test_memory_stays_modest_and_nothing_is_left_to_explain(report: NightReport) -> None:
    # A scan of the demo site needs ~150 MB (interpreter, catalogue, rule engine, documents);
    # scans one after the other must not pile up, as a leak of each scan's documents would.
    assert all(n.run.peak_rss_mb < 400 for n in report.nights)
    assert report.problems() == []
