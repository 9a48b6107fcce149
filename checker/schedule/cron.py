"""Cron arithmetic for target schedules: crontab weekdays, last fire times, due-ness.

APScheduler 3's ``CronTrigger.from_crontab`` counts weekdays from Monday (``0 2 * * 1`` would
run on Tuesdays) and rejects ``7``; targets are written in crontab's convention, so the weekday
field is translated to names first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from apscheduler.triggers.cron import CronTrigger

LOOKBACK = dt.timedelta(days=4 * 366 + 1)

_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def _weekday(token: str) -> int:
    token = token.strip().lower()
    if token.isdigit() and 0 <= int(token) <= 7:
        return int(token)  # 7 is Sunday too, as in crontab
    if token in _WEEKDAYS:
        return _WEEKDAYS.index(token)
    raise ValueError(f"{token!r} is not a weekday (0-7 or sun-sat)")


def crontab_weekdays(field: str) -> str:
    """A crontab day-of-week field (0 or 7 = Sunday) as APScheduler 3 weekday names.

    APScheduler 3 numbers weekdays from Monday (its ``from_crontab`` would run ``0 2 * * 1`` on
    Tuesdays), so numbers are translated to names, which mean the same in both.
    """
    if field == "*":
        return "*"
    days: set[int] = set()
    for part in field.split(","):
        span, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise ValueError(f"step {step_text!r} in {field!r} must be at least 1")
        if span == "*":
            first, last = 0, 6
        elif "-" in span:
            start, _, end = span.partition("-")
            first, last = _weekday(start), _weekday(end)
        else:
            first = _weekday(span)
            last = 6 if step_text else first  # "1/2": Monday to Saturday, every other day
        if first > last:
            raise ValueError(f"{span!r} in {field!r}: the first day must come before the last")
        days.update(day % 7 for day in range(first, last + 1, step))
    if len(days) == 7:
        return "*"
    return ",".join(_WEEKDAYS[day] for day in sorted(days))


def crontab_trigger(expr: str, timezone: str) -> Any:
    """The APScheduler trigger of a target's ``schedule.cron`` read with crontab's weekdays."""
    fields = expr.split()
    if len(fields) != 5:
        raise ValueError(f"{expr!r}: a crontab expression has 5 fields")
    fields[4] = crontab_weekdays(fields[4])
    return CronTrigger.from_crontab(" ".join(fields), timezone=timezone)


def last_fire_time(trigger: Any, now: dt.datetime) -> dt.datetime | None:
    """The latest fire time of ``trigger`` at or before ``now`` (None: none within LOOKBACK).

    APScheduler 3 triggers only compute the *next* fire time from a start; that is monotonic in
    the start, so a binary search on the start finds the last fire within a second (fire times
    are whole seconds): about 27 trigger calls whatever the cron.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")

    def first_from(start: dt.datetime) -> dt.datetime | None:
        fire: dt.datetime | None = trigger.get_next_fire_time(None, start)
        return fire

    at_now = first_from(now)
    if at_now is not None and at_now <= now:
        return at_now
    low = now - LOOKBACK
    first = first_from(low)
    if first is None or first > now:
        return None
    high = now  # invariant: first_from(low) <= now < first_from(high)
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        fire = first_from(middle)
        if fire is not None and fire <= now:
            low = middle
        else:
            high = middle
    return first_from(low)


def is_due(trigger: Any, now: dt.datetime, last_started: dt.datetime | None) -> bool:
    """Due when no scheduled scan has started since the cron last fired (or none ever has)."""
    if last_started is None:
        return True
    fired = last_fire_time(trigger, now)
    return fired is not None and last_started < fired
