"""``oit schedule``: scan a folder of targets on their crons (a daemon, or ``--once`` from cron)."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from checker.cli.common import db_option
from checker.history.db import default_db_url


@click.command("schedule")
@click.argument(
    "targets_dir",
    required=False,
    default="targets",
    type=click.Path(file_okay=False, path_type=Path),
)
@db_option
@click.option(
    "--once",
    is_flag=True,
    help="Scan the targets that are due now, check staleness, send alerts, and exit (crontab).",
)
def schedule_command(targets_dir: Path, db_url: str | None, once: bool) -> None:
    """Scan every target in TARGETS_DIR on its schedule, record the scans, and send alerts.

    TARGETS_DIR (default: ./targets) holds one target file per agency; each is scanned at its
    schedule.cron (default "0 2 * * *", 02:00 Asia/Bangkok). The jobs are kept in the history
    database (table apscheduler_jobs). Runs until SIGTERM or Ctrl-C: a scan running then stops
    at its next request and is recorded as interrupted. Every hour, a target without a
    completed scheduled scan for 36 hours (alerts.stale_after_hours) gets a staleness alert.
    One failing target never stops the others. See docs/SCHEDULING.md (systemd, crontab).

    With --once a target is due when no scheduled scan of it has started since its cron last
    fired (a target never scanned is due); the due ones are scanned one after the other.

    \b
    Examples:
      oit schedule /etc/oit-checker/targets --db sqlite:////var/lib/oit-checker/history.sqlite
      oit schedule targets --once        # from crontab, e.g. every 15 minutes

    \b
    Exit status: 0 stopped cleanly (--once: every due target was scanned);
    2 no such folder or bad options; 3 the history database cannot be used, or
    (--once) a due target could not be scanned (site unreachable, scan failed) or a
    target file is unusable.
    """
    from checker.schedule.runner import run_forever, run_once

    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        # APScheduler's INFO lines repeat ours ("Added job", "Running job"); its warnings
        # (a missed run, a skipped instance) stay visible.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
    db = db_url or default_db_url()
    status = run_once(targets_dir, db) if once else run_forever(targets_dir, db)
    if status:
        raise click.exceptions.Exit(status)


def register(group: click.Group) -> None:
    group.add_command(schedule_command)
