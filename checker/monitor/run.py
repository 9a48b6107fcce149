"""A recorded scan: scan, compare with the previous one, confirm, store with alert state, notify.

Used by ``oit scan`` (recorded, messages left for the scheduler unless ``--notify``), by the
scheduler (which sends), and by ``oit ci``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from dataclasses import dataclass, field

from checker.alerts.channels import DeliveryReport, Notifier
from checker.alerts.models import Problem
from checker.catalogue.loader import LoadedCatalogue
from checker.discover.collect import FetchListener, ScanCancelled
from checker.errors import OitError
from checker.history.db import HistoryUnavailable
from checker.history.store import HistoryStore
from checker.monitor.confirm import confirm
from checker.monitor.lifecycle import (
    PendingEvent,
    mark_sent,
    open_alerts,
    pending_events,
    update_alerts,
)
from checker.monitor.problems import carried_over, find_problems
from checker.result import ScanResult
from checker.scan import scan_target
from checker.settings import CrawlSettings
from checker.target import LoadedTarget

log = logging.getLogger("checker.monitor")


@dataclass
class MonitorOutcome:
    scan_id: int
    result: ScanResult
    previous: ScanResult | None
    problems: list[Problem]
    sent: list[PendingEvent] = field(default_factory=list)
    delivery: DeliveryReport | None = None


def recorded_scan(
    loaded_target: LoadedTarget,
    loaded: LoadedCatalogue,
    store: HistoryStore,
    *,
    trigger: str,
    as_of: dt.date,
    settings: CrawlSettings | None = None,
    profile_id: str | None = None,
    notify: bool = False,
    on_fetch: FetchListener | None = None,
    cancel: threading.Event | None = None,
) -> MonitorOutcome:
    target = loaded_target.target
    loaded_target.require_base_url()
    settings = settings or target.crawl_settings()
    # a broken channel URL or a missing secret fails now, before the scan
    notifier = Notifier.for_target(loaded_target) if notify else None
    store.recover_interrupted()
    started = dt.datetime.now(dt.UTC)
    scan_id = store.begin_scan(target, trigger, started)
    cached = store.stored_fetches(target.id)
    try:
        scan = scan_target(
            loaded_target,
            loaded,
            as_of=as_of,
            profile_id=profile_id,
            settings=settings,
            on_fetch=on_fetch,
            stored=cached.get,
            cancel=cancel,
        )
    except ScanCancelled:
        store.end_scan(scan_id, "interrupted", "stopped before it completed (signal)")
        raise
    except OitError as exc:
        store.end_scan(scan_id, "failed", str(exc))
        raise
    except Exception as exc:
        store.end_scan(scan_id, "failed", f"internal error: {type(exc).__name__}: {exc}")
        raise
    result = scan.result
    previous_row = store.last_complete(target.id, before=scan_id)
    previous = store.result(previous_row.id) if previous_row is not None else None
    new = confirm(find_problems(previous, result), target, loaded, settings)
    still_open = [problem for problem, _state, _since in open_alerts(store, target.id)]
    fingerprints = {p.fingerprint for p in new}
    problems = new + [
        p for p in carried_over(still_open, result) if p.fingerprint not in fingerprints
    ]
    finished = result.finished_at
    try:
        store.complete_scan(
            scan_id,
            result,
            scan.evidence,
            then=lambda connection: update_alerts(
                connection,
                target,
                problems,
                finished,
                site_reached=result.complete,
                scheduled=trigger == "schedule",
            ),
        )
    except HistoryUnavailable as exc:
        # Say why in the scan's row if the database still takes a small write (a full disk
        # often does once the large write is rolled back); otherwise the next run marks it
        # "interrupted", which would hide the cause.
        with contextlib.suppress(HistoryUnavailable):
            store.end_scan(scan_id, "failed", f"the result could not be recorded: {exc}")
        raise
    outcome = MonitorOutcome(scan_id=scan_id, result=result, previous=previous, problems=problems)
    if notifier is not None:
        outcome.sent, outcome.delivery = send_pending(store, loaded_target, notifier)
    return outcome


def send_pending(
    store: HistoryStore, loaded_target: LoadedTarget, notifier: Notifier
) -> tuple[list[PendingEvent], DeliveryReport | None]:
    """Send the messages owed for a target; mark them sent once at least one channel took them
    (or when the target has no channel, so adding one later does not replay old news)."""
    target = loaded_target.target
    pending = pending_events(store, target)
    if not pending:
        return [], None
    report = notifier.send([p.event for p in pending])
    if notifier.channels:
        delivered = {(d.event, d.problem) for d in report.deliveries if d.ok}
        sent = [p for p in pending if (p.event.event, p.event.problem.fingerprint) in delivered]
    else:
        sent = list(pending)
    if sent:
        mark_sent(store, sent, dt.datetime.now(dt.UTC))
    if len(sent) < len(pending):
        log.warning(
            "%s: %d alert(s) not delivered; they will be retried",
            target.id,
            len(pending) - len(sent),
        )
    return sent, report
