"""The night's figures and what is wrong with them, as Markdown and JSON (``NightReport``)."""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
from dataclasses import asdict, dataclass, field
from typing import Any

from benchmarks.night.estimate import Estimate
from benchmarks.night.history_read import ITEMS, Results, Stored
from benchmarks.night.politeness import Politeness
from benchmarks.night.scheduler_run import Run
from benchmarks.night.targets import CRON
from benchmarks.night.variants import OVERNIGHT_CHANGES, OVERNIGHT_GONE, changes_overnight


@dataclass
class Night:
    run: Run
    stored: Stored
    results: Results
    politeness: Politeness

    def problems(self, targets: int) -> list[str]:
        """What a user of the scheduler would call wrong with this night."""
        out: list[str] = []
        run, stored, results, polite = self.run, self.stored, self.results, self.politeness
        if run.timed_out:
            out.append("the scheduler did not finish in time (killed)")
        if run.exit_code != 0:
            out.append(f"the scheduler exited {run.exit_code}, not 0")
        if stored.scans != targets or stored.extra_scans:
            out.append(f"{stored.scans} scans for {targets} targets ({stored.extra_scans} extra)")
        if stored.targets_complete != targets:
            out.append(f"{stored.targets_complete}/{targets} targets have a complete scan")
        if stored.complete_with_all_items != targets:
            out.append(f"{stored.complete_with_all_items}/{targets} scans hold {ITEMS} items")
        if not results.full_sites_agree or results.as_expected != targets:
            out.append(
                f"{results.as_expected}/{targets} results differ from the full site's exactly"
                f" where their site does; off: {results.unexpected}"
            )
        if polite.max_in_flight_per_host > 1 or polite.overlapping_pairs:
            out.append(
                f"a host had {polite.max_in_flight_per_host} requests in flight at once"
                f" ({polite.overlapping_pairs} overlapping pairs)"
            )
        if polite.gaps_below_delay:
            out.append(
                f"{polite.gaps_below_delay} gaps between requests to one host were shorter than"
                f" {polite.delay:g} s (min {polite.min_gap} s)"
            )
        if not polite.requests_by_site_match_history:
            out.append(f"sites answered other than their scans counted: {polite.mismatched_counts}")
        return out


@dataclass
class NightReport:
    targets: int
    hosts: int
    delay: float
    mode: str
    workers: int
    variants: dict[str, int]
    nights: list[Night]
    politeness: Politeness  # over every night's requests
    estimate: Estimate
    when: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))

    @property
    def ok(self) -> bool:
        return not self.problems()

    def problems(self) -> list[str]:
        out = [
            f"night {n}: {problem}"
            for n, night in enumerate(self.nights, start=1)
            for problem in night.problems(self.targets)
        ]
        every = self.politeness
        if every.max_in_flight_per_host > 1 or every.gaps_below_delay:
            out.append(
                f"over all nights: {every.max_in_flight_per_host} in flight at most,"
                f" {every.gaps_below_delay} gaps below {self.delay:g} s"
            )
        return out

    def markdown(self) -> str:
        est = self.estimate
        if self.mode == "once":
            how = "`oit schedule DIR --once` (due targets one after the other)"
        else:
            how = "`oit schedule DIR` (the service) from the cron's minute, then SIGTERM"
        variants = ", ".join(f"{name} ×{n}" for name, n in self.variants.items())
        overnight = sum(1 for i in range(self.targets) if changes_overnight(i))
        head = [
            ("targets", f"{self.targets} sites on {self.hosts} loopback hosts ({variants})"),
            ("scheduler", how),
            ("workers", f"{self.workers}"),
            ("machine", f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}"),
            ("politeness delay", f"{self.delay:g} s (every target's `crawl.delay_seconds`)"),
            ("cron", f"`{CRON}` for every target" if self.mode == "once" else "the same minute"),
        ]
        if len(self.nights) > 1:
            head.append(
                (
                    "between nights",
                    f"{overnight} sites lose {', '.join(sorted(OVERNIGHT_GONE))}"
                    f" ({', '.join(sorted(OVERNIGHT_CHANGES))} fails; the scan confirms it)",
                )
            )
        lines = [
            f"## The scheduler over a night of {self.targets} targets ({self.when})",
            "",
            *(f"- **{name}**: {value}" for name, value in head),
            "",
            "| figure | " + " | ".join(f"night {n}" for n in range(1, len(self.nights) + 1)) + " |",
            "|---|" + "---|" * len(self.nights),
        ]
        for name, cells in self._rows():
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        every = self.politeness
        lines += [
            "",
            f"Over all nights: {every.requests} requests to {every.hosts} hosts, at most "
            f"{every.max_in_flight_per_host} in flight to one host, {every.gaps_below_delay} of "
            f"{every.gaps} gaps below {self.delay:g} s (min {every.min_gap} s).",
            "",
            f"At the default delay ({est.default_delay:g} s) night 1 would take at least "
            f"{est.requests_per_scan:.0f} requests × {est.default_delay:g} s ≈ "
            f"{est.seconds_per_scan:.0f} s per scan: {_hours(est.night_seconds_once)} with "
            f"`--once` (one after the other), {_hours(est.night_seconds_daemon)} in the service "
            f"with {est.workers} workers (its last scan starting after "
            f"{_hours(est.last_start_daemon)}, inside the {_hours(est.misfire_grace_seconds)} "
            "misfire grace).",
        ]
        problems = self.problems()
        lines += ["", "All checks passed." if not problems else "**Problems:**"]
        lines += [f"- {problem}" for problem in problems]
        return "\n".join(lines) + "\n"

    def _rows(self) -> list[tuple[str, list[str]]]:
        def each(render: Any) -> list[str]:
            return [render(night) for night in self.nights]

        def run_how(night: Night) -> str:
            run = night.run
            if run.clock:
                return f"clock fixed at {run.clock}"
            if run.fire_time:
                return f"fired {run.fire_time}"
            return "real clock"

        def durations(night: Night) -> str:
            values = sorted(night.stored.scan_seconds)
            if not values:
                return "n/a"
            p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
            return f"{statistics.fmean(values):.2f} / {p95:.2f} / {values[-1]:.2f} s"

        def progress(night: Night) -> str:
            return ", ".join(f"{n}: {mb:.0f}" for n, mb in night.run.rss_by_progress) or "n/a"

        def stored(night: Night) -> str:
            s = night.stored
            return (
                f"{s.targets_complete}/{self.targets} complete, {s.complete_with_all_items} with "
                f"{ITEMS} item results ({', '.join(f'{k} {v}' for k, v in s.by_status.items())})"
            )

        def results(night: Night) -> str:
            r = night.results
            agree = "" if r.full_sites_agree else "; full sites disagree!"
            fails = ", ".join(f"{k} {'/'.join(map(str, v))}" for k, v in r.fails_by_variant.items())
            return f"{r.as_expected}/{self.targets} as expected{agree} (items at 0: {fails})"

        def requests(night: Night) -> str:
            p, s = night.politeness, night.stored
            match = "equal per site" if p.requests_by_site_match_history else "differ!"
            confirm = f", +{p.confirmation_requests} confirming" if p.confirmation_requests else ""
            return f"{s.requests} / {p.requests} ({match}{confirm})"

        def statuses(night: Night) -> str:
            return ", ".join(f"{k}: {v}" for k, v in night.politeness.statuses.items())

        def gaps(night: Night) -> str:
            p = night.politeness
            return (
                f"{p.min_gap} / {p.median_gap} s; {p.gaps_below_delay} of {p.gaps} "
                f"below {p.delay:g} s"
            )

        return [
            ("scheduler clock", each(run_how)),
            (
                "exit status",
                each(
                    lambda n: (
                        f"{n.run.exit_code}" + (" (SIGTERM)" if n.run.stopped_by_signal else "")
                    )
                ),
            ),
            ("wall time, process", each(lambda n: f"{n.run.wall_seconds:.1f} s")),
            (
                "machine load average (start → end)",
                each(lambda n: f"{n.run.load_average[0]:.1f} → {n.run.load_average[1]:.1f}"),
            ),
            (
                "wall time, first scan start → last scan end",
                each(lambda n: f"{n.stored.span_seconds:.1f} s"),
            ),
            ("scan duration (mean / p95 / max)", each(durations)),
            ("scans at once (max seen)", each(lambda n: f"{n.politeness.max_scans_in_flight}")),
            ("peak RSS (kernel high-water mark)", each(lambda n: f"{n.run.peak_rss_mb:.0f} MB")),
            (
                "peak RSS (sampled every 50 ms)",
                each(
                    lambda n: (
                        f"{n.run.sampled_peak_rss_mb:.0f} MB"
                        if n.run.sampled_peak_rss_mb
                        else "n/a"
                    )
                ),
            ),
            ("RSS by sites asked (sites: MB)", each(progress)),
            ("scans stored", each(stored)),
            ("results vs. the sites", each(results)),
            ("requests (history / sites)", each(requests)),
            ("answers", each(statuses)),
            (
                "most requests in flight to one host",
                each(lambda n: f"{n.politeness.max_in_flight_per_host}"),
            ),
            ("gap between requests to one host (min / median)", each(gaps)),
        ]

    def as_json(self) -> str:
        data = asdict(self) | {"problems": self.problems()}
        return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def _hours(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"
