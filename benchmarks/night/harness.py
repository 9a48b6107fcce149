"""The night itself: serve the sites, run the scheduler night after night, gather the figures."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import tempfile
from collections import Counter
from pathlib import Path

from benchmarks.night.estimate import estimate_default_night
from benchmarks.night.history_read import compare_results, read_history, stored_night
from benchmarks.night.politeness import check_politeness
from benchmarks.night.report import Night, NightReport
from benchmarks.night.scheduler_run import Mode, Run, run_scheduler
from benchmarks.night.sites import Request, SiteFarm
from benchmarks.night.targets import BANGKOK, CRON, DEFAULT_DELAY, next_minute_cron, write_targets
from checker.schedule.runner import MAX_WORKERS


def night(
    targets: int = 200,
    *,
    nights: int = 2,
    delay: float = DEFAULT_DELAY,
    mode: Mode = "once",
    sites_per_host: int = 1,
    workdir: Path | None = None,
    timeout: float = 3600.0,
) -> NightReport:
    """Serve ``targets`` sites, run the scheduler over them ``nights`` times, measure it all."""
    runs: list[Run] = []
    logs: list[list[Request]] = []
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="oit-night-")))
        folder, db_path, home = workdir / "targets", workdir / "history.sqlite", workdir / "home"
        farm = stack.enter_context(SiteFarm(targets, sites_per_host))
        sites = farm.sites
        say(f"{targets} sites on {farm.hosts} hosts ({sites[0].url} … {sites[-1].url})")
        for n in range(1, nights + 1):
            if n > 1:
                farm.overnight()
            fire = now = None
            cron = CRON
            if mode == "daemon":
                cron, fire = next_minute_cron(margin=10 + 0.1 * targets)  # start-up reads files
                say(f"night {n}: every target fires at {fire.isoformat(timespec='minutes')}")
            elif n > 1:  # the same command the next night: the cron has fired again since
                now = dt.datetime.now(BANGKOK) + dt.timedelta(days=n - 1)
            write_targets(folder, sites, delay=delay, cron=cron)
            start = len(farm.log)
            run = run_scheduler(
                folder,
                db_path,
                farm,
                night=n,
                mode=mode,
                finished_after=n * targets,
                home=home,
                log_file=workdir / f"schedule-night{n}.log",
                timeout=timeout,
                fire=fire,
                now=now,
            )
            runs.append(run)
            logs.append(list(farm.log[start:]))
            say(f"night {n}: the scheduler exited {run.exit_code} after {run.wall_seconds:.1f} s")
        history = read_history(db_path)
        whole = list(farm.log)
    figures = []
    for n, (run, log) in enumerate(zip(runs, logs, strict=True), start=1):
        stored = stored_night(history, n, len(runs))
        figures.append(
            Night(
                run=run,
                stored=stored,
                results=compare_results(sites, stored, n),
                politeness=check_politeness(log, sites, delay, stored, n),
            )
        )
    first = figures[0].stored
    per_scan = first.requests / max(1, len(first.requests_by_target))
    return NightReport(
        targets=targets,
        hosts=farm.hosts,
        delay=delay,
        mode=mode,
        workers=1 if mode == "once" else max(2, min(targets + 1, MAX_WORKERS)),
        variants=dict(Counter(site.variant.name for site in sites)),
        nights=figures,
        politeness=check_politeness(whole, sites, delay),
        estimate=estimate_default_night(targets, per_scan),
    )


def say(message: str) -> None:
    print(f"[night] {message}", file=sys.stderr, flush=True)
