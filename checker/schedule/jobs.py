"""What the scheduler runs: one target's scan, and the staleness check of a folder.

APScheduler's SQLAlchemy job store pickles a job as a reference to a module-level function and
its arguments, so these take only strings (paths, a database URL) and load everything else when
they run: a target file edited since the scheduler started is read as it is now.

Neither function ever raises. A broken target file, an unreachable site, a full disk or a bug is
logged as one line naming the target and the function returns; the other targets' jobs run as
usual. A scan row that was begun is marked ``failed`` (or ``interrupted``) by ``recorded_scan``.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from checker.alerts.channels import Notifier
from checker.catalogue.loader import load_catalogue_for_year
from checker.discover.collect import ScanCancelled
from checker.errors import OitError, UsageError
from checker.history.store import HistoryStore
from checker.monitor.lifecycle import check_staleness
from checker.monitor.run import recorded_scan, send_pending
from checker.target import LoadedTarget, load_target
from checker.thai.fiscal import today_in_bangkok

log = logging.getLogger("checker.schedule")

#: Set on SIGTERM/SIGINT: a running scan stops at its next request (recorded ``interrupted``)
#: and no further scan starts. Module-level because jobs receive only picklable arguments.
STOP = threading.Event()

#: ``complete``: recorded, the site answered · ``unreachable``: recorded, but the site could not
#: be reached (every item unknown) · ``failed``: not recorded as complete (bad target file,
#: database, bug) · ``interrupted``: stopped by a signal · ``skipped``: the target's schedule was
#: disabled since the job was created.
Outcome = Literal["complete", "unreachable", "failed", "interrupted", "skipped"]
SCANNED: frozenset[str] = frozenset({"complete", "skipped"})


@dataclass
class TargetFolder:
    """The target files of a folder: those that load, and those that do not (with why)."""

    targets: list[LoadedTarget] = field(default_factory=list)
    broken: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def scheduled(self) -> list[LoadedTarget]:
        return [t for t in self.targets if is_scheduled(t)]


def is_scheduled(loaded_target: LoadedTarget) -> bool:
    """Enabled and with a website address (a shipped template without one is not an error)."""
    target = loaded_target.target
    return target.schedule.enabled and bool(target.base_url)


def one_line(text: str) -> str:
    """Error texts (YAML excerpts, server replies) folded into one log line."""
    return " / ".join(part.strip() for part in text.splitlines() if part.strip()) or "(no detail)"


def describe(exc: BaseException) -> str:
    if isinstance(exc, OitError):
        return one_line(str(exc))
    return f"internal error: {type(exc).__name__}: {one_line(str(exc))}"


def read_folder(folder: Path) -> TargetFolder:
    """Load the ``*.yaml``/``*.yml`` files of a folder; files that do not load are listed."""
    if not folder.is_dir():
        raise UsageError(f"targets folder not found: {folder} (give the folder of target files)")
    out = TargetFolder()
    seen: dict[str, Path] = {}
    paths = sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml") and not p.name.startswith(".") and p.is_file()
    )
    for path in paths:
        try:
            loaded_target = load_target(path)
        except Exception as exc:  # YAML, validation, permissions, encoding: all mean "unusable"
            out.broken.append((path, describe(exc)))
            continue
        target_id = loaded_target.target.id
        if target_id in seen:  # x.yaml and x.yml
            out.broken.append((path, f"id {target_id!r} is also used by {seen[target_id].name}"))
            continue
        seen[target_id] = path
        out.targets.append(loaded_target)
    return out


def run_target(target_path: str, db_url: str) -> str:
    """Scan one target and record it as a ``schedule`` scan, sending the alerts it owes.

    Returns an :data:`Outcome`; never raises (one failing target never stops the others).
    """
    path = Path(target_path)
    target_id = path.stem  # load_target insists the id is the file name
    if STOP.is_set():
        log.info("%s: not started: the scheduler is stopping", target_id)
        return "interrupted"
    store: HistoryStore | None = None
    try:
        loaded_target = load_target(path)
        target = loaded_target.target
        if not target.schedule.enabled:
            log.info("%s: schedule disabled in %s; not scanned", target_id, path)
            return "skipped"
        loaded = load_catalogue_for_year(target.assessment_year)
        store = HistoryStore.open(db_url)
        log.info("%s: scheduled scan of %s started", target_id, target.base_url)
        outcome = recorded_scan(
            loaded_target,
            loaded,
            store,
            trigger="schedule",
            as_of=today_in_bangkok(),
            notify=True,
            cancel=STOP,
        )
    except ScanCancelled:
        log.warning("%s: scan stopped by a signal; recorded as interrupted", target_id)
        return "interrupted"
    except Exception as exc:  # the contract: log, record, let the others run
        log.error("%s: scan failed: %s", target_id, describe(exc))
        log.debug("%s: traceback", target_id, exc_info=True)
        return "failed"
    finally:
        if store is not None:
            store.close()  # a long-running scheduler opens one engine per run
    result = outcome.result
    if not result.complete:
        log.warning(
            "%s: %s could not be scanned (%s); recorded as scan #%d (every item unknown)",
            target_id,
            result.target.base_url,
            result.incomplete_because,
            outcome.scan_id,
        )
        return "unreachable"
    oit = result.scores.oit
    log.info(
        "%s: scan #%d complete: OIT %.2f–%.2f, %d item(s) at 0, %d message(s) sent",
        target_id,
        outcome.scan_id,
        oit.low,
        oit.high,
        len(result.zeros),
        len(outcome.sent),
    )
    return "complete"


def check_staleness_all(targets_dir: str, db_url: str) -> None:
    """Open ``stale`` alerts for scheduled targets with no recent completed scheduled scan, then
    send every target's owed messages (including those a manual ``oit scan`` left). Never raises."""
    now = dt.datetime.now(dt.UTC)
    try:
        # Broken files are reported at start and by their scan job; not again every hour.
        folder = read_folder(Path(targets_dir))
        store = HistoryStore.open(db_url)
    except Exception as exc:
        log.error("staleness check not run: %s", describe(exc))
        return
    try:
        for loaded_target in folder.scheduled:
            target_id = loaded_target.target.id
            try:
                check_staleness(store, loaded_target.target, now)
                send_pending(store, loaded_target, Notifier.for_target(loaded_target))
            except Exception as exc:  # one target's problem is not the others'
                log.error("%s: staleness check failed: %s", target_id, describe(exc))
    finally:
        store.close()
