"""Running ``oit schedule`` as a child process, the way an officer does, and watching its memory."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from benchmarks.night.sites import SiteFarm
from benchmarks.night.targets import BANGKOK

Mode = Literal["once", "daemon"]

RSS_POLL_SECONDS = 0.05
STALL = dt.timedelta(minutes=3)  # daemon mode: no request this long after the cron's minute

#: ``python -c`` program: the ``oit`` CLI with ``run_once``'s clock fixed (its ``now=`` argument,
#: which the CLI leaves to the real clock). argv: NOW, then the oit arguments.
FIXED_CLOCK = """\
import datetime as dt, functools, sys
from checker.schedule import runner
now = dt.datetime.fromisoformat(sys.argv.pop(1))
runner.run_once = functools.partial(runner.run_once, now=now)
from checker.cli import main
sys.argv[0] = "oit"
main()
"""


@dataclass
class Run:
    night: int
    mode: str
    command: list[str]
    exit_code: int
    wall_seconds: float  # the process, start to exit
    peak_rss_mb: float  # the kernel's high-water mark of the child (wait4 ru_maxrss)
    sampled_peak_rss_mb: float | None  # psutil, every 50 ms (None without psutil)
    #: (sites asked so far this night, RSS in MB) at 10 %, 25 %, 50 %, 75 % and 100 % of them
    rss_by_progress: list[tuple[int, float]] = field(default_factory=list)
    stopped_by_signal: bool = False  # daemon mode: SIGTERM once every scan was recorded
    fire_time: str | None = None  # daemon mode: the minute every target fired
    clock: str | None = None  # --once: the scheduler's "now", when fixed
    log_file: str = ""
    timed_out: bool = False
    #: the machine's 1-minute load average when the night started and ended (other work on it
    #: slows the scans down)
    load_average: tuple[float, float] = (0.0, 0.0)


def _rss_mb(process: Any) -> float | None:
    """RSS of a psutil process and its children, in MB (None once it is gone)."""
    try:
        total = process.memory_info().rss
        for child in process.children(recursive=True):
            with contextlib.suppress(Exception):
                total += child.memory_info().rss
    except Exception:  # exited between two polls
        return None
    return float(total) / 2**20


def _finished_scans(db_path: Path) -> int:
    """Scheduled scans that are no longer running (a read-only peek while the product writes)."""
    if not db_path.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(db_path, timeout=5)) as connection:
            row = connection.execute(
                "SELECT count(*) FROM scans WHERE trigger = 'schedule' AND status != 'running'"
            ).fetchone()
    except sqlite3.Error:
        return 0  # tables not created yet
    return int(row[0])


def run_scheduler(
    folder: Path,
    db_path: Path,
    farm: SiteFarm,
    *,
    night: int,
    mode: Mode,
    finished_after: int,
    home: Path,
    log_file: Path,
    timeout: float,
    fire: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Run:
    """Run ``oit schedule`` as a child process and watch its memory until it exits.

    The child is reaped with ``os.wait4`` (not ``Popen.wait``) for its own resource usage:
    ``ru_maxrss`` is its peak RSS as the kernel counted it, whatever happened between two polls.
    In daemon mode it gets SIGTERM once ``finished_after`` scheduled scans are recorded.
    """
    try:
        import psutil
    except ImportError:  # the `bench` extra; the kernel's figure is enough without it
        psutil = None
    oit_args = ["schedule", str(folder), "--db", f"sqlite:///{db_path}"]
    if mode == "once":
        oit_args.append("--once")
    if now is not None:
        command = [sys.executable, "-c", FIXED_CLOCK, now.isoformat(), *oit_args]
    else:
        command = [sys.executable, "-m", "checker", *oit_args]
    env = {k: v for k, v in os.environ.items() if k not in ("OIT_DB", "OIT_DEBUG")}
    env["OIT_HOME"] = str(home)
    env["PYTHONUNBUFFERED"] = "1"
    sites = len(farm.sites)
    marks = [max(1, math.ceil(sites * share)) for share in (0.1, 0.25, 0.5, 0.75, 1.0)]
    rss_by_progress: list[tuple[int, float]] = []
    asked: set[int] = set()
    seen = len(farm.log)  # this night's requests start here
    sampled_peak: float | None = None
    signalled = timed_out = False
    next_db_check = 0.0
    load_before = os.getloadavg()[0]
    with log_file.open("wb") as log:
        begin = time.monotonic()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        watched = psutil.Process(process.pid) if psutil is not None else None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            moment = time.monotonic()
            rss = _rss_mb(watched) if watched is not None else None
            if rss is not None:
                sampled_peak = rss if sampled_peak is None else max(sampled_peak, rss)
            upto = len(farm.log)
            asked.update(r.site for r in farm.log[seen:upto])
            seen = upto
            while marks and len(asked) >= marks[0] and rss is not None:
                rss_by_progress.append((marks.pop(0), round(rss, 1)))
            if mode == "daemon" and not signalled and moment >= next_db_check:
                next_db_check = moment + 1.0
                if _finished_scans(db_path) >= finished_after:
                    os.kill(process.pid, signal.SIGTERM)  # not Popen.send_signal: it may reap
                    signalled = True
            # The service computes each job's next run when it starts: started after the cron's
            # minute, it would wait a day. Nothing asked three minutes after the minute: give up.
            missed = fire is not None and not asked and dt.datetime.now(BANGKOK) > fire + STALL
            if not timed_out and (moment - begin > timeout or missed):
                os.kill(process.pid, signal.SIGKILL)
                timed_out = True
            time.sleep(RSS_POLL_SECONDS)
        wall = time.monotonic() - begin
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return Run(
        night=night,
        mode=mode,
        command=["oit", *oit_args],
        exit_code=process.returncode,
        wall_seconds=round(wall, 2),
        peak_rss_mb=round(usage.ru_maxrss / 1024, 1),  # kilobytes on Linux
        sampled_peak_rss_mb=round(sampled_peak, 1) if sampled_peak is not None else None,
        rss_by_progress=rss_by_progress,
        stopped_by_signal=signalled,
        fire_time=fire.isoformat(timespec="minutes") if fire is not None else None,
        clock=now.isoformat(timespec="minutes") if now is not None else None,
        log_file=str(log_file),
        timed_out=timed_out,
        load_average=(round(load_before, 2), round(os.getloadavg()[0], 2)),
    )
