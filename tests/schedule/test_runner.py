"""The ``oit schedule`` daemon: jobs stored with the history, kept in step with the folder, a run
missed while stopped made up at start, and a clean stop on SIGTERM (the real process)."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import create_engine, inspect, text

from checker.demo.server import DemoServer, serve_site
from checker.history.store import HistoryStore
from checker.paths import demo_site_dir
from checker.schedule.cron import crontab_trigger
from checker.schedule.jobs import check_staleness_all, read_folder, run_target
from checker.schedule.runner import JOBS_TABLE, MISFIRE_GRACE_SECONDS, sync_jobs
from tests.schedule import closed_port_url, write_target

DEFAULT_CRON = "0 2 * * *"


@pytest.fixture(scope="module")
def site() -> Iterator[DemoServer]:
    with serve_site(demo_site_dir()) as server:
        yield server


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'history.sqlite'}"


def stored_jobs(db: str) -> dict[str, dict[str, Any]]:
    """The job store's rows, unpickled (what APScheduler will run, with which arguments)."""
    engine = create_engine(db)
    try:
        if not inspect(engine).has_table(JOBS_TABLE):
            return {}
        with engine.connect() as connection:
            rows = connection.execute(text(f"SELECT id, job_state FROM {JOBS_TABLE}")).all()
        return {row.id: pickle.loads(row.job_state) for row in rows}
    finally:
        engine.dispose()


def start_scheduler(folder: Path, db: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("OIT_DB", "OIT_DEBUG")}
    return subprocess.Popen(
        [sys.executable, "-m", "checker", "schedule", str(folder), "--db", db],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition: Any, process: subprocess.Popen[str], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if process.poll() is not None:
            _, err = process.communicate()
            pytest.fail(f"the scheduler exited with {process.returncode}:\n{err}")
        if time.monotonic() > deadline:
            process.kill()
            _, err = process.communicate()
            pytest.fail(f"timed out; scheduler log:\n{err}")
        time.sleep(0.1)


def stop(process: subprocess.Popen[str], within: float) -> tuple[int, str, float]:
    sent = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        _, err = process.communicate(timeout=within)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
        pytest.fail(f"no exit within {within} s of SIGTERM:\n{err}")
    return process.returncode, err, time.monotonic() - sent


@pytest.mark.integration
def test_jobs_live_in_the_history_database_one_per_target_and_sigterm_stops_cleanly(
    site: DemoServer, tmp_path: Path, db: str
) -> None:
    folder = tmp_path / "targets"
    write_target(folder, "alpha", site.url)
    write_target(folder, "beta", site.url, schedule={"cron": "30 3 * * 1-5"})
    write_target(folder, "off", site.url, schedule={"enabled": False})

    process = start_scheduler(folder, db)
    expected = {"scan:alpha", "scan:beta", "staleness"}
    wait_for(lambda: set(stored_jobs(db)) >= expected, process)

    jobs = stored_jobs(db)
    assert set(jobs) == expected
    for target_id in ("alpha", "beta"):
        state = jobs[f"scan:{target_id}"]
        assert state["func"] == "checker.schedule.jobs:run_target"
        assert state["args"] == (str((folder / f"{target_id}.yaml").resolve()), db)
        assert state["coalesce"] is True and state["max_instances"] == 1
        assert state["misfire_grace_time"] == MISFIRE_GRACE_SECONDS
    assert "day_of_week='mon,tue,wed,thu,fri'" in repr(jobs["scan:beta"]["trigger"])
    assert jobs["staleness"]["func"] == "checker.schedule.jobs:check_staleness_all"
    assert inspect(HistoryStore.open(db).engine).has_table("scans")  # the same database

    code, err, took = stop(process, within=10)
    assert code == 0, err
    assert "SIGTERM received" in err and "scheduler stopped cleanly" in err
    assert "scan:alpha: next run" in err and "Traceback" not in err
    assert took < 5, err


@pytest.mark.integration
def test_a_run_missed_while_stopped_runs_at_start_and_sigterm_interrupts_it(
    site: DemoServer, tmp_path: Path, db: str
) -> None:
    folder = tmp_path / "targets"
    # slow enough (about 70 requests at 0.3 s) to be caught in the middle
    path = write_target(folder, "demo", site.url, crawl={"delay_seconds": 0.3})
    missed = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)  # inside the one-hour grace
    earlier = BackgroundScheduler(
        timezone="Asia/Bangkok",
        jobstores={"default": SQLAlchemyJobStore(url=db, tablename=JOBS_TABLE)},
    )
    earlier.start(paused=True)
    earlier.add_job(
        run_target,
        crontab_trigger(DEFAULT_CRON, "Asia/Bangkok"),
        args=[str(path.resolve()), db],
        id="scan:demo",
        next_run_time=missed,
    )
    # detached first: a shut-down APScheduler 3 scheduler looks for due jobs once more
    earlier.remove_jobstore("default")
    earlier.shutdown(wait=False)

    process = start_scheduler(folder, db)
    store = HistoryStore.open(db)
    wait_for(
        lambda: any(r.status == "running" for r in store.scans("demo", everything=True)), process
    )
    time.sleep(0.5)
    code, err, took = stop(process, within=15)
    assert code == 0, err
    assert took < 10, err
    rows = store.scans("demo", everything=True)
    assert [(r.trigger, r.status) for r in rows] == [("schedule", "interrupted")], err
    assert "scan:demo: missed at" in err and "runs now" in err
    assert "demo: scan stopped by a signal; recorded as interrupted" in err
    assert "scheduler stopped cleanly" in err


def test_start_up_brings_the_stored_jobs_in_step_with_the_folder(tmp_path: Path, db: str) -> None:
    folder = tmp_path / "targets"
    url = closed_port_url()
    write_target(folder, "kept", url)
    write_target(folder, "recron", url, schedule={"cron": "0 3 * * *"})
    write_target(folder, "paused", url, schedule={"enabled": False})
    (folder / "mid-edit.yaml").write_text("id: mid-edit\nname: [\n", encoding="utf-8")
    now = dt.datetime.now(dt.UTC)
    missed = now - dt.timedelta(minutes=10)

    scheduler = BackgroundScheduler(
        timezone="Asia/Bangkok",
        jobstores={
            "default": SQLAlchemyJobStore(engine=HistoryStore.open(db).engine, tablename=JOBS_TABLE)
        },
    )
    scheduler.start(paused=True)
    try:
        old_trigger = crontab_trigger(DEFAULT_CRON, "Asia/Bangkok")
        for target_id in ("kept", "recron", "paused", "mid-edit", "removed"):
            scheduler.add_job(
                run_target,
                old_trigger,
                args=["/old/place.yaml", "sqlite:///old.sqlite"],
                id=f"scan:{target_id}",
                next_run_time=missed,
            )

        sync_jobs(scheduler, read_folder(folder), folder, db)

        jobs = {job.id: job for job in scheduler.get_jobs()}
        # gone from the folder or no longer scheduled: removed; unreadable for now: kept
        assert set(jobs) == {"scan:kept", "scan:recron", "scan:mid-edit", "staleness"}
        # same cron: the run missed while stopped is kept (the misfire grace time applies)
        assert jobs["scan:kept"].next_run_time == missed
        assert jobs["scan:kept"].args == (str((folder / "kept.yaml").resolve()), db)
        # a changed cron is rescheduled from now
        recron = jobs["scan:recron"].next_run_time
        assert recron > now and recron.astimezone(old_trigger.timezone).hour == 3
        assert jobs["scan:mid-edit"].args == ("/old/place.yaml", "sqlite:///old.sqlite")
        assert jobs["staleness"].func is check_staleness_all
    finally:
        scheduler.shutdown(wait=False)
