"""The scheduler behind ``oit schedule``, and ``--once`` for crontab users.

The daemon is an APScheduler 3 ``BlockingScheduler`` whose jobs live in the history database
(table ``apscheduler_jobs``): one cron job ``scan:<target id>`` per scheduled target and an hourly
staleness check. ``--once`` does without APScheduler's loop: it asks each target's cron trigger
when it last fired and scans the targets with no scheduled scan started since then.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from apscheduler.events import EVENT_SCHEDULER_STARTED
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.base import STATE_STOPPED
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from checker.catalogue.loader import load_catalogue_for_year
from checker.history.db import HistoryUnavailable
from checker.history.store import HistoryStore
from checker.scan import engine_for
from checker.schedule.cron import crontab_trigger, is_due
from checker.schedule.jobs import (
    SCANNED,
    STOP,
    TargetFolder,
    check_staleness_all,
    describe,
    read_folder,
    run_target,
)
from checker.target import LoadedTarget

log = logging.getLogger("checker.schedule")

SCHEDULER_TIMEZONE = "Asia/Bangkok"
JOBS_TABLE = "apscheduler_jobs"
SCAN_JOB_PREFIX = "scan:"
STALENESS_JOB = "staleness"
EXIT_OK = 0
EXIT_INCOMPLETE = 3
#: A run missed by less than this still happens: the scheduler restarted (an upgrade, a reboot),
#: the VM was suspended, or the scan waited behind others for a free worker. A longer miss waits
#: for the next fire time rather than scanning the agency's small server in office hours; misses
#: that repeat are reported by the staleness alert (36 h by default).
MISFIRE_GRACE_SECONDS = 3600
#: Scans run in threads, one per target at most. Eight keep memory modest (a scan holds its
#: documents); with one-hour grace and scans of ~10 min, some 50 targets firing at the same minute
#: fit before a queued scan would be missed (docs/SCHEDULING.md: stagger larger fleets).
MAX_WORKERS = 8


#: How far back ``--once`` looks for a cron's last fire time (29 February comes round within it).
def job_id(target_id: str) -> str:
    return f"{SCAN_JOB_PREFIX}{target_id}"


def last_scheduled_start(store: HistoryStore, target_id: str) -> dt.datetime | None:
    """When the newest scheduled scan of a target started, whatever became of it."""
    return store.last_started(target_id, "schedule")


# -- shared pieces -----------------------------------------------------------------------------


def _report_folder(folder: TargetFolder, targets_dir: Path) -> int:
    """Log unusable files and unscheduled targets; returns how many files are unusable."""
    for path, why in folder.broken:
        log.error("%s: unusable target file, skipped: %s", path.stem, why)
    for loaded_target in folder.targets:
        target = loaded_target.target
        if not target.schedule.enabled:
            log.info("%s: schedule disabled (schedule.enabled: false)", target.id)
        elif not target.base_url:
            log.warning(
                "%s: not scheduled: base_url is not set in %s", target.id, loaded_target.path
            )
    if not folder.scheduled:
        log.warning("no target in %s is scheduled", targets_dir)
    return len(folder.broken)


@contextlib.contextmanager
def _stop_signals(handler: Callable[[int, FrameType | None], None]) -> Iterator[None]:
    """SIGTERM (systemd, docker stop) and SIGINT (Ctrl-C) call ``handler``; restored after."""
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old if old is not None else signal.SIG_DFL)


def _trigger_of(loaded_target: LoadedTarget) -> Any:
    schedule = loaded_target.target.schedule
    return crontab_trigger(schedule.cron, schedule.timezone)


# -- --once ------------------------------------------------------------------------------------


def run_once(targets_dir: Path, db_url: str, *, now: dt.datetime | None = None) -> int:
    """Scan the due targets one after the other, check staleness, return the exit status:
    0 when every due target was scanned, 3 when one could not be (or a file is unusable)."""
    STOP.clear()
    folder = read_folder(targets_dir)
    incomplete = _report_folder(folder, targets_dir)
    now = now or dt.datetime.now(dt.UTC)
    store = HistoryStore.open(db_url)  # an unusable database ends the run here (exit 3)
    due: list[LoadedTarget] = []
    try:
        for loaded_target in folder.scheduled:
            target_id = loaded_target.target.id
            try:
                trigger = _trigger_of(loaded_target)
            except ValueError as exc:
                log.error("%s: schedule.cron unusable: %s", target_id, exc)
                incomplete += 1
                continue
            last = last_scheduled_start(store, target_id)
            if is_due(trigger, now, last):
                due.append(loaded_target)
            else:
                assert last is not None
                upcoming = trigger.get_next_fire_time(None, now)
                log.info(
                    "%s: not due (last scheduled scan started %s, next run %s)",
                    target_id,
                    last.astimezone(trigger.timezone).isoformat(timespec="minutes"),
                    upcoming.isoformat(timespec="minutes") if upcoming else "never",
                )
    finally:
        store.close()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.warning("%s: stopping after the current request", signal.Signals(signum).name)
        STOP.set()

    with _stop_signals(on_signal):
        for loaded_target in due:
            assert loaded_target.path is not None
            if run_target(str(loaded_target.path), db_url) not in SCANNED:
                incomplete += 1
        if not STOP.is_set():
            check_staleness_all(str(targets_dir), db_url)
    log.info("%d target(s) due; %d could not be scanned or read", len(due), incomplete)
    return EXIT_INCOMPLETE if incomplete else EXIT_OK


# -- the daemon --------------------------------------------------------------------------------


class _Scheduler(BlockingScheduler):  # type: ignore[misc]
    """APScheduler 3's blocking loop looks for due jobs once more after ``shutdown``: a job due
    then would be submitted to the closed pool (an error) and its run time consumed, so the
    night's scan would be lost. A stopped scheduler looks for nothing."""

    def _process_jobs(self) -> float | None:
        if self.state == STATE_STOPPED:
            return None
        wait_seconds: float | None = super()._process_jobs()
        return wait_seconds


def build_scheduler(engine: Engine, workers: int) -> Any:
    """The scheduler, its jobs stored with the history (same engine: same database, and on SQLite
    the history's busy timeout, so the job store waits for a scan's commit instead of failing)."""
    return _Scheduler(
        timezone=SCHEDULER_TIMEZONE,
        jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename=JOBS_TABLE)},
        executors={"default": ThreadPoolExecutor(max_workers=workers)},
        job_defaults={
            "coalesce": True,  # a scheduler down for several fire times scans once, not N times
            "max_instances": 1,  # a slow scan is never joined by the next one of the same site
            "misfire_grace_time": MISFIRE_GRACE_SECONDS,
        },
    )


def sync_jobs(scheduler: Any, folder: TargetFolder, targets_dir: Path, db_url: str) -> None:
    """Make the stored jobs match the folder (call once the scheduler has started)."""
    existing = {job.id: job for job in scheduler.get_jobs()}
    # A file that does not load keeps its job: it may be mid-edit, and its nightly run then
    # reports it (and scans again once it is fixed).
    wanted = {job_id(path.stem) for path, _ in folder.broken}
    for loaded_target in folder.scheduled:
        target = loaded_target.target
        assert loaded_target.path is not None
        try:
            trigger = _trigger_of(loaded_target)
        except ValueError as exc:
            log.error("%s: schedule.cron unusable, not scheduled: %s", target.id, exc)
            continue
        jid = job_id(target.id)
        wanted.add(jid)
        options: dict[str, Any] = {}
        old = existing.get(jid)
        if old is not None and old.next_run_time is not None and repr(old.trigger) == repr(trigger):
            # Replacing the job would recompute its next run from now and lose a run missed
            # while the scheduler was down; keeping it lets the misfire grace time apply.
            options["next_run_time"] = old.next_run_time
        scheduler.add_job(
            run_target,
            trigger,
            args=[str(loaded_target.path.resolve()), db_url],
            id=jid,
            name=f"scan {target.id}",
            replace_existing=True,
            **options,
        )
    for jid in existing:
        if jid.startswith(SCAN_JOB_PREFIX) and jid not in wanted:
            scheduler.remove_job(jid)
            log.info("%s: job removed (the target is no longer scheduled in %s)", jid, targets_dir)
    scheduler.add_job(
        check_staleness_all,
        IntervalTrigger(hours=1, timezone=SCHEDULER_TIMEZONE),
        args=[str(targets_dir.resolve()), db_url],
        id=STALENESS_JOB,
        name="staleness check",
        replace_existing=True,
    )


def _warm_engines(folder: TargetFolder) -> None:
    """Compile each catalogue's rule engine now, in the main thread. ``engine_for`` caches one
    engine per catalogue but without a lock: scans starting together in worker threads could
    each compile their own and use the C engine from two threads at once."""
    for year in sorted({t.target.assessment_year for t in folder.scheduled}):
        try:
            engine_for(load_catalogue_for_year(year))
        except Exception as exc:  # the targets' jobs will report it when they run
            log.error("rule catalogue %d unusable: %s", year, describe(exc))


def _log_next_runs(scheduler: Any) -> None:
    now = dt.datetime.now(dt.UTC)
    for job in sorted(scheduler.get_jobs(), key=lambda j: j.id):
        if job.next_run_time is None:
            log.info("%s: no further run (%s)", job.id, job.trigger)
            continue
        when = job.next_run_time.astimezone(scheduler.timezone).isoformat(timespec="minutes")
        if job.next_run_time <= now:
            late = (now - job.next_run_time).total_seconds()
            if job.misfire_grace_time is None or late <= job.misfire_grace_time:
                log.info("%s: missed at %s while stopped; runs now", job.id, when)
            else:
                log.warning(
                    "%s: missed at %s while stopped, more than the grace time ago: skipped",
                    job.id,
                    when,
                )
        else:
            log.info("%s: next run %s (%s)", job.id, when, job.trigger)


def _shutdown(scheduler: Any, wait: bool = True) -> None:
    # Not running: not started yet (the start listener sees STOP), or already stopped.
    with contextlib.suppress(SchedulerNotRunningError):
        scheduler.shutdown(wait=wait)  # waits for running scans, which stop at their next request


def run_forever(targets_dir: Path, db_url: str) -> int:
    """Run until SIGTERM/SIGINT; returns 0 after a clean stop."""
    STOP.clear()
    folder = read_folder(targets_dir)
    _report_folder(folder, targets_dir)
    store = HistoryStore.open(db_url)  # the history tables first: a bad database fails now
    _warm_engines(folder)
    workers = max(2, min(len(folder.scheduled) + 1, MAX_WORKERS))
    scheduler = build_scheduler(store.engine, workers)
    failures: list[BaseException] = []

    def on_started(_event: Any) -> None:
        # Jobs are synchronised once the job store is open; a listener runs before the first
        # jobs are processed. Its exceptions would only be logged by APScheduler: keep them.
        try:
            sync_jobs(scheduler, folder, targets_dir, db_url)
            _log_next_runs(scheduler)
        except Exception as exc:
            if not STOP.is_set():  # a signal during start-up may close the store under us
                failures.append(exc)
            _shutdown(scheduler, wait=False)
            return
        if STOP.is_set():
            _shutdown(scheduler, wait=False)

    scheduler.add_listener(on_started, EVENT_SCHEDULER_STARTED)
    stopper: list[threading.Thread] = []

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        STOP.set()
        if stopper:
            return  # already stopping
        log.info(
            "%s received: stopping (a running scan stops at its next request)",
            signal.Signals(signum).name,
        )
        # Shut down from another thread: the handler may have interrupted the scheduler's own
        # job processing, whose locks it must not re-enter.
        thread = threading.Thread(target=_shutdown, args=(scheduler,), name="oit-schedule-stop")
        stopper.append(thread)
        thread.start()

    log.info(
        "scheduler starting: %d target(s) from %s; jobs in %s, table %s",
        len(folder.scheduled),
        targets_dir,
        store.engine.url.render_as_string(hide_password=True),
        JOBS_TABLE,
    )
    with _stop_signals(on_signal):
        scheduler.start()  # blocks until shut down
        for thread in stopper:
            thread.join()
    if failures:
        exc = failures[0]
        if isinstance(exc, SQLAlchemyError):
            raise HistoryUnavailable(f"the scheduler's job store: {describe(exc)}") from None
        raise exc
    log.info("scheduler stopped cleanly")
    return EXIT_OK
