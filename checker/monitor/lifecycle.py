"""The life of an alert: seen → (after N scans) opened → notified once → fixed → notified once.

State lives in the ``alerts`` table, keyed by the problem's fingerprint, and is updated in the
same transaction that records the scan, so a crash can neither lose an alert nor send it twice:
messages are derived from rows that are opened (or fixed) and not yet notified, and a row is
marked notified only after delivery. Every recorded scan updates the state; only the scheduler
(or ``--notify``) sends.

- A ``gone``/``unlinked``/``regression`` problem opens at once (it was confirmed by a second
  fetch). ``unreachable`` and ``site_unreachable`` open only after ``unreachable_after``
  consecutive scans (default 2): one bad night makes no noise.
- An open problem is not sent again while it stays open.
- A problem not seen in a scan that reached the site is fixed: one "fixed" message if it had
  been sent, silence if it never was. A scan that could not reach the site fixes nothing.
- ``stale`` is checked apart from scans (``check_staleness``) and fixed by the next completed
  scheduled scan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, and_, insert, select, update

from checker.alerts.models import AlertEvent, Problem
from checker.history.db import alerts, scans
from checker.history.store import HistoryStore, _utc
from checker.target import Target

NOISY_KINDS = frozenset({"unreachable", "site_unreachable"})


def update_alerts(
    connection: Connection,
    target: Target,
    problems: Sequence[Problem],
    at: dt.datetime,
    *,
    site_reached: bool,
    scheduled: bool,
) -> None:
    """Record what one scan saw (call inside the transaction that completes the scan)."""
    rows = {
        row.fingerprint: row
        for row in connection.execute(select(alerts).where(alerts.c.target_id == target.id))
    }
    seen: set[str] = set()
    for problem in problems:
        fingerprint = problem.fingerprint
        if fingerprint in seen:
            continue
        seen.add(fingerprint)
        threshold = target.alerts.unreachable_after if problem.kind in NOISY_KINDS else 1
        row = rows.get(fingerprint)
        if row is None or row.state == "resolved":
            values = {
                "kind": problem.kind,
                "problem": problem.model_dump_json(),
                "state": "open" if threshold <= 1 else "pending",
                "streak": 1,
                "first_seen_at": at,
                "last_seen_at": at,
                "opened_at": at if threshold <= 1 else None,
                "opened_notified_at": None,
                "resolved_at": None,
                "resolved_notified_at": None,
            }
            if row is None:
                connection.execute(
                    insert(alerts).values(target_id=target.id, fingerprint=fingerprint, **values)
                )
            else:
                connection.execute(update(alerts).where(alerts.c.id == row.id).values(**values))
            continue
        streak = row.streak + 1
        changes: dict[str, object] = {
            "streak": streak,
            "last_seen_at": at,
            "problem": problem.model_dump_json(),  # the latest detail (HTTP status, reason)
        }
        if row.state == "pending" and streak >= threshold:
            changes.update(state="open", opened_at=at)
        connection.execute(update(alerts).where(alerts.c.id == row.id).values(**changes))
    for fingerprint, row in rows.items():
        if row.state == "resolved" or fingerprint in seen:
            continue
        fixes = site_reached or (row.kind == "stale" and scheduled)
        if row.kind == "stale" and not scheduled:
            fixes = False  # only a scheduled scan ends a gap in scheduled scans
        if not fixes:
            continue
        changes = {"state": "resolved", "resolved_at": at}
        if row.state == "pending" or row.opened_notified_at is None:
            changes["resolved_notified_at"] = at  # never announced: nothing to take back
        connection.execute(update(alerts).where(alerts.c.id == row.id).values(**changes))


@dataclass(frozen=True)
class PendingEvent:
    alert_id: int
    event: AlertEvent


def pending_events(store: HistoryStore, target: Target) -> list[PendingEvent]:
    """Messages owed: opened and not yet sent, fixed (after being sent) and not yet sent."""
    query = (
        select(alerts)
        .where(
            and_(
                alerts.c.target_id == target.id,
                ((alerts.c.state == "open") & alerts.c.opened_notified_at.is_(None))
                | (
                    (alerts.c.state == "resolved")
                    & alerts.c.resolved_notified_at.is_(None)
                    & alerts.c.opened_notified_at.is_not(None)
                ),
            )
        )
        .order_by(alerts.c.id)
    )
    out: list[PendingEvent] = []
    with store.engine.connect() as connection:
        for row in connection.execute(query):
            opened = row.state == "open"
            happened = _utc(row.opened_at if opened else row.resolved_at)
            first_seen = _utc(row.first_seen_at)
            assert happened is not None and first_seen is not None
            event = AlertEvent(
                event="opened" if opened else "fixed",
                problem=Problem.model_validate_json(row.problem),
                target_name=target.name,
                since=first_seen,
                at=happened,
                report_url=target.alerts.report_url,
            )
            out.append(PendingEvent(alert_id=row.id, event=event))
    return out


def mark_sent(store: HistoryStore, sent: Sequence[PendingEvent], at: dt.datetime) -> None:
    with store.engine.begin() as connection:
        for item in sent:
            column = (
                "opened_notified_at" if item.event.event == "opened" else "resolved_notified_at"
            )
            connection.execute(
                update(alerts).where(alerts.c.id == item.alert_id).values({column: at})
            )


def open_alerts(store: HistoryStore, target_id: str) -> list[tuple[Problem, str, dt.datetime]]:
    """Problems currently pending or open for a target, with their state and first sighting."""
    query = select(alerts).where(
        and_(alerts.c.target_id == target_id, alerts.c.state.in_(("pending", "open")))
    )
    with store.engine.connect() as connection:
        rows = connection.execute(query.order_by(alerts.c.first_seen_at)).all()
    out = []
    for row in rows:
        first_seen = _utc(row.first_seen_at)
        assert first_seen is not None
        out.append((Problem.model_validate_json(row.problem), row.state, first_seen))
    return out


def check_staleness(store: HistoryStore, target: Target, now: dt.datetime) -> None:
    """Open a ``stale`` problem when no scheduled scan has completed for too long."""
    limit = dt.timedelta(hours=target.alerts.stale_after_hours)
    with store.engine.begin() as connection:
        last_complete = connection.execute(
            select(scans.c.finished_at)
            .where(
                and_(
                    scans.c.target_id == target.id,
                    scans.c.trigger == "schedule",
                    scans.c.status == "complete",
                )
            )
            .order_by(scans.c.id.desc())
            .limit(1)
        ).scalar()
        first_attempt = connection.execute(
            select(scans.c.started_at)
            .where(and_(scans.c.target_id == target.id, scans.c.trigger == "schedule"))
            .order_by(scans.c.id)
            .limit(1)
        ).scalar()
        reference = _utc(last_complete) or _utc(first_attempt)
        if reference is None or now - reference <= limit:
            return
        hours = (now - reference).total_seconds() / 3600
        problem = Problem(
            kind="stale",
            target_id=target.id,
            detail=f"{hours:.0f} h since {reference.isoformat(timespec='minutes')}",
        )
        existing = connection.execute(
            select(alerts.c.id, alerts.c.state).where(
                and_(alerts.c.target_id == target.id, alerts.c.fingerprint == problem.fingerprint)
            )
        ).first()
        if existing is not None and existing.state != "resolved":
            connection.execute(
                update(alerts).where(alerts.c.id == existing.id).values(last_seen_at=now)
            )
            return
    with store.engine.begin() as connection:
        update_alerts(connection, target, [problem], now, site_reached=False, scheduled=False)
        # "no completed scan since …" counts from the last completed scan, not from now
        connection.execute(
            update(alerts)
            .where(
                and_(alerts.c.target_id == target.id, alerts.c.fingerprint == problem.fingerprint)
            )
            .values(first_seen_at=reference)
        )
