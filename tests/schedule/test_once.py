"""``oit schedule --once``: due-ness, isolation of failing targets, staleness alerts, exit status."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.demo.server import DemoServer, serve_site
from checker.history.store import HistoryStore
from checker.paths import bundled, demo_site_dir
from checker.schedule import jobs
from checker.schedule.cron import crontab_trigger, crontab_weekdays, is_due, last_fire_time
from checker.schedule.jobs import STOP, check_staleness_all, run_target
from checker.schedule.runner import run_once
from checker.target import load_target
from tests.schedule import closed_port_url, write_target
from tests.support.webhook import Receiver

BANGKOK = ZoneInfo("Asia/Bangkok")


@pytest.fixture(scope="module")
def site() -> Iterator[DemoServer]:
    with serve_site(demo_site_dir()) as server:
        yield server


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'history.sqlite'}"


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="checker.schedule")
    return caplog


def once(folder: Path, db: str) -> Any:
    return CliRunner().invoke(cli, ["schedule", str(folder), "--db", db, "--once"])


def lines_about(caplog: pytest.LogCaptureFixture, text: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if text in r.getMessage()]


# -- --once over real HTTP -----------------------------------------------------------------------


@pytest.mark.integration
def test_a_due_target_is_scanned_once_then_not_until_its_cron_fires_again(
    site: DemoServer, tmp_path: Path, db: str, logs: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "targets"
    write_target(folder, "demo", site.url)
    (folder / "khwao-yai.yaml").write_bytes(bundled("targets/khwao-yai.yaml").read_bytes())

    first = once(folder, db)
    assert first.exit_code == 0, (first.output, logs.text)
    rows = HistoryStore.open(db).scans("demo", everything=True)
    assert [(r.trigger, r.status, r.site_reached) for r in rows] == [("schedule", "complete", True)]
    # the shipped template without an address is left alone, and says why
    assert lines_about(logs, "khwao-yai: not scheduled: base_url is not set")
    assert HistoryStore.open(db).scans("khwao-yai", everything=True) == []

    logs.clear()
    again = once(folder, db)
    assert again.exit_code == 0
    assert len(HistoryStore.open(db).scans("demo", everything=True)) == 1
    assert lines_about(logs, "demo: not due")

    # the next 02:00 (Bangkok) after the first scan makes it due again
    started = rows[0].started_at.astimezone(BANGKOK)
    next_fire = (started + dt.timedelta(days=1)).replace(hour=2, minute=0, second=0, microsecond=0)
    if started.hour < 2:
        next_fire -= dt.timedelta(days=1)
    assert run_once(folder, db, now=next_fire + dt.timedelta(minutes=5)) == 0
    assert len(HistoryStore.open(db).scans("demo", everything=True)) == 2


@pytest.mark.integration
def test_an_unreachable_site_does_not_stop_the_others_and_the_run_exits_3(
    site: DemoServer, tmp_path: Path, db: str, logs: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "targets"
    write_target(folder, "a-down", closed_port_url())  # sorted first: scanned first
    write_target(folder, "healthy", site.url)

    result = once(folder, db)
    assert result.exit_code == 3, (result.output, logs.text)
    store = HistoryStore.open(db)
    healthy = store.scans("healthy", everything=True)
    assert [(r.trigger, r.status, r.site_reached) for r in healthy] == [
        ("schedule", "complete", True)
    ]
    down = store.scans("a-down", everything=True)
    assert [(r.trigger, r.site_reached) for r in down] == [("schedule", False)]
    assert len(lines_about(logs, "a-down: ")) >= 2  # started, could not be scanned
    assert lines_about(logs, "could not be scanned")


@pytest.mark.integration
def test_a_broken_target_file_is_reported_and_skipped(
    site: DemoServer, tmp_path: Path, db: str, logs: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "targets"
    write_target(folder, "demo", site.url)
    (folder / "broken.yaml").write_text("id: broken\nname: [unclosed\n", encoding="utf-8")
    (folder / "wrong-id.yaml").write_text("id: other\nname: x\n", encoding="utf-8")

    result = once(folder, db)
    assert result.exit_code == 3, (result.output, logs.text)
    assert [r.status for r in HistoryStore.open(db).scans("demo", everything=True)] == ["complete"]
    errors = [r for r in logs.records if r.levelno >= logging.ERROR]
    assert len(errors) == 2
    assert any("broken" in e.getMessage() and "broken.yaml" in e.getMessage() for e in errors)
    assert any("wrong-id" in e.getMessage() and "does not match" in e.getMessage() for e in errors)
    assert all("\n" not in e.getMessage() for e in errors)  # one line each


def test_a_missing_folder_is_a_usage_error(tmp_path: Path, db: str) -> None:
    result = once(tmp_path / "nowhere", db)
    assert result.exit_code == 2
    assert "targets folder not found" in result.output


# -- the job function never raises ---------------------------------------------------------------


def test_run_target_reports_a_missing_file_instead_of_raising(
    tmp_path: Path, db: str, logs: pytest.LogCaptureFixture
) -> None:
    assert run_target(str(tmp_path / "gone.yaml"), db) == "failed"
    assert lines_about(logs, "gone: scan failed")


def test_run_target_reports_an_unusable_database(
    tmp_path: Path, logs: pytest.LogCaptureFixture
) -> None:
    path = write_target(tmp_path / "targets", "demo", closed_port_url())
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert run_target(str(path), f"sqlite:///{blocker}/history.sqlite") == "failed"
    assert lines_about(logs, "demo: scan failed: cannot create the history folder")


def test_run_target_survives_a_bug_and_marks_the_scan_failed(
    tmp_path: Path, db: str, logs: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_target(tmp_path / "targets", "demo", closed_port_url())

    def broken_scan(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("checker.monitor.run.scan_target", broken_scan)
    assert run_target(str(path), db) == "failed"
    rows = HistoryStore.open(db).scans("demo", everything=True)
    assert [(r.trigger, r.status) for r in rows] == [("schedule", "failed")]
    assert rows[0].error is not None and "ZeroDivisionError" in rows[0].error
    assert lines_about(logs, "demo: scan failed: internal error: ZeroDivisionError: a bug")


def test_run_target_starts_nothing_once_the_scheduler_is_stopping(
    tmp_path: Path, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_target(tmp_path / "targets", "demo", closed_port_url())
    monkeypatch.setattr(jobs, "STOP", threading.Event())
    jobs.STOP.set()
    assert run_target(str(path), db) == "interrupted"
    assert HistoryStore.open(db).scans("demo", everything=True) == []
    assert not STOP.is_set()  # the real event is untouched


def test_run_target_skips_a_target_disabled_since_the_job_was_made(tmp_path: Path, db: str) -> None:
    path = write_target(
        tmp_path / "targets", "demo", closed_port_url(), schedule={"enabled": False}
    )
    assert run_target(str(path), db) == "skipped"
    assert HistoryStore.open(db).scans("demo", everything=True) == []


# -- staleness ---------------------------------------------------------------------------------


def test_a_target_without_a_recent_scheduled_scan_gets_one_staleness_alert(
    tmp_path: Path, db: str
) -> None:
    receiver = Receiver()
    try:
        folder = tmp_path / "targets"
        path = write_target(folder, "quiet", closed_port_url(), notify=[receiver.url()])
        write_target(folder, "fresh", closed_port_url(), notify=[receiver.url()])
        store = HistoryStore.open(db)
        now = dt.datetime.now(dt.UTC)
        quiet = load_target(path).target
        old = store.begin_scan(quiet, "schedule", now - dt.timedelta(hours=40))
        store.end_scan(old, "failed", "the site was down")
        fresh = load_target(folder / "fresh.yaml").target
        recent = store.begin_scan(fresh, "schedule", now - dt.timedelta(hours=2))
        store.end_scan(recent, "failed", "the site was down")

        check_staleness_all(str(folder), db)
        assert len(receiver.posts) == 1, receiver.posts
        title = receiver.posts[0]["title"]
        assert "การตรวจตามกำหนดไม่ได้ทำงาน" in title  # "the scheduled scans are not running"

        check_staleness_all(str(folder), db)  # still stale: not sent again
        assert len(receiver.posts) == 1
    finally:
        receiver.close()


# -- cron arithmetic (fixed "now") ---------------------------------------------------------------


def bkk(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BANGKOK)


@pytest.mark.parametrize(
    ("cron", "now", "expected"),
    [
        ("0 2 * * *", bkk(2024, 6, 3, 1, 59), bkk(2024, 6, 2, 2, 0)),
        ("0 2 * * *", bkk(2024, 6, 3, 2, 0), bkk(2024, 6, 3, 2, 0)),  # exactly at the fire time
        ("0 2 * * *", bkk(2024, 6, 3, 2, 0, 30), bkk(2024, 6, 3, 2, 0)),
        ("*/15 * * * *", bkk(2024, 6, 3, 10, 7, 12), bkk(2024, 6, 3, 10, 0)),
        ("30 3 * * 1", bkk(2024, 6, 9, 12, 0), bkk(2024, 6, 3, 3, 30)),  # crontab 1 = Monday
        ("0 2 * * 0", bkk(2024, 6, 5, 12, 0), bkk(2024, 6, 2, 2, 0)),  # 0 = Sunday
        ("0 2 * * 7", bkk(2024, 6, 5, 12, 0), bkk(2024, 6, 2, 2, 0)),  # 7 = Sunday too
        ("0 2 * * 1-5", bkk(2024, 6, 9, 12, 0), bkk(2024, 6, 7, 2, 0)),  # Sunday → Friday
        ("0 0 29 2 *", bkk(2025, 6, 1, 0, 0), bkk(2024, 2, 29, 0, 0)),
        ("0 2 1 1 *", bkk(2024, 1, 1, 1, 0), bkk(2023, 1, 1, 2, 0)),
    ],
)
def test_last_fire_time(cron: str, now: dt.datetime, expected: dt.datetime) -> None:
    assert last_fire_time(crontab_trigger(cron, "Asia/Bangkok"), now) == expected


def test_last_fire_time_agrees_with_walking_the_fire_times() -> None:
    crons = ["0 2 * * *", "5,35 */3 * * *", "0 9 * * 1-5", "45 23 * * 6", "0 0 1,15 * *"]
    starts = [bkk(2024, 3, 1, 0, 0) + dt.timedelta(hours=37 * i, minutes=11 * i) for i in range(9)]
    for cron in crons:
        trigger = crontab_trigger(cron, "Asia/Bangkok")
        for now in starts:
            walked = None
            fire = trigger.get_next_fire_time(None, now - dt.timedelta(days=20))
            while fire is not None and fire <= now:
                walked = fire
                fire = trigger.get_next_fire_time(fire, fire)
            assert last_fire_time(trigger, now) == walked, (cron, now)


def test_a_cron_in_another_zone_fires_at_its_own_local_time() -> None:
    trigger = crontab_trigger("0 2 * * *", "Europe/London")
    fired = last_fire_time(trigger, bkk(2024, 6, 3, 12, 0))
    assert fired == dt.datetime(2024, 6, 3, 2, 0, tzinfo=ZoneInfo("Europe/London"))


def test_due_when_no_scheduled_scan_started_since_the_last_fire_time() -> None:
    trigger = crontab_trigger("0 2 * * *", "Asia/Bangkok")
    now = bkk(2024, 6, 3, 2, 20)
    assert is_due(trigger, now, None)  # never scanned: due whatever the hour
    assert is_due(trigger, now, bkk(2024, 6, 2, 2, 0, 5))  # yesterday's run
    assert not is_due(trigger, now, bkk(2024, 6, 3, 2, 0, 5))  # tonight's already started
    assert not is_due(trigger, now, bkk(2024, 6, 3, 2, 15).astimezone(dt.UTC))
    assert not is_due(trigger, bkk(2024, 6, 3, 1, 59), bkk(2024, 6, 2, 2, 1))


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("*", "*"),
        ("1-5", "mon,tue,wed,thu,fri"),
        ("mon-fri", "mon,tue,wed,thu,fri"),
        ("0,7", "sun"),
        ("6,0", "sun,sat"),
        ("*/2", "sun,tue,thu,sat"),
        ("1-7", "*"),
        ("0-6", "*"),
        ("SAT", "sat"),
    ],
)
def test_crontab_weekdays_mean_what_they_mean_in_crontab(field: str, names: str) -> None:
    assert crontab_weekdays(field) == names


@pytest.mark.parametrize("field", ["8", "fri-mon", "funday", "1-5/0"])
def test_impossible_weekdays_are_refused(field: str) -> None:
    with pytest.raises(ValueError):
        crontab_weekdays(field)
