"""Turn a scan result into remediation tasks: what to publish, where, by whom, by when.

Every ``fail`` or ``review`` item becomes a task, and every ``unknown`` item a "check the server"
task. A task is linked to the agency's measure for the item (or grouped by sub-indicator when the
target has none); its priority is the OIT points the prediction gains when the item passes; its
due date comes from the catalogue's calendar (OIT URL entry opens 1 March of the assessment year)
unless the target fixes one. With history, a task shows since when the problem has been seen, and
recently fixed tasks are listed as fixed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from checker.catalogue.loader import LoadedCatalogue
from checker.measures import Measures
from checker.result import ItemResult, ScanResult
from checker.scoring import score
from checker.target import LoadedTarget
from checker.tasks.models import Labels, MeasureRef, Priority, Task, TaskKind, TaskList, labels

HIGH_GAIN = 3.0  # OIT points: e.g. one of the four items of 10.2 (6.25) or of 9.3 (2.5 → medium)
MEDIUM_GAIN = 1.5
FIXED_WITHIN = dt.timedelta(days=90)  # fixed tasks older than this are not listed
Timeline = Sequence[tuple[dt.datetime, dict[str, str]]]


def due_date(
    loaded_target: LoadedTarget, loaded: LoadedCatalogue, as_of: dt.date, words: Labels
) -> tuple[dt.date, str]:
    """The due date of every task and the sentence that explains it."""
    settings = loaded_target.target.tasks
    calendar = loaded.catalogue.calendar
    thai = _thai_date
    if settings.due_date is not None:
        return settings.due_date, words.due_basis["fixed"].format(date=thai(settings.due_date))
    due = calendar.oit_entry_opens - dt.timedelta(days=settings.due_before_days)
    if as_of > calendar.oit_entry_closes:
        return due, words.due_basis["closed"].format(closes=thai(calendar.oit_entry_closes))
    if as_of >= due:  # the window is open: the last day to submit corrected URLs
        return calendar.oit_entry_closes, words.due_basis["window"].format(
            closes=thai(calendar.oit_entry_closes)
        )
    return due, words.due_basis["calendar"].format(
        days=settings.due_before_days, opens=thai(calendar.oit_entry_opens)
    )


def _thai_date(day: dt.date) -> str:
    from checker.thai.fiscal import format_thai_date

    return format_thai_date(day)


def _opened_at(item: str, timeline: Timeline) -> dt.datetime | None:
    """The start of the newest run of scans in which the item did not pass."""
    opened = None
    for started, outcomes in timeline:  # newest first
        if outcomes.get(item, "pass") == "pass":
            break
        opened = started
    return opened


def _fixed_at(item: str, timeline: Timeline, now: dt.datetime) -> dt.datetime | None:
    """When a passing item last stopped failing (None: it did not fail recently)."""
    fixed = None
    for started, outcomes in timeline:
        if outcomes.get(item, "pass") != "pass":
            return fixed if fixed is not None and now - fixed <= FIXED_WITHIN else None
        fixed = started
    return None


def _kind(item: ItemResult) -> TaskKind:
    if item.outcome == "unknown":
        return "check_server"
    if item.outcome == "review":
        return "review"
    decisive_broken = any(e.decisive and e.state in ("gone", "broken") for e in item.evidence)
    return "fix_link" if decisive_broken or item.hints else "publish"


def _where(item: ItemResult, result: ScanResult, words: Labels) -> str:
    page = result.crawl.index_url or ""
    if item.route == "target":
        return words.where["target_urls"].format(item=item.id, page=page)
    if item.route == "index":
        return words.where["index_row"].format(item=item.id, page=page)
    if page:
        return words.where["index_missing_row"].format(item=item.id, page=page)
    return words.where["no_index"].format(item=item.id, page=page)


def _missing(item: ItemResult, words: Labels) -> list[str]:
    if item.outcome == "unknown":
        return [words.check_server, item.reason]
    if item.outcome == "review":
        return [words.review_task, item.reason]
    found = [c.message for c in item.checks if c.outcome != "pass"]
    return list(dict.fromkeys([item.reason, *found]))[:6]


def _priority(item: ItemResult, gain: float) -> Priority:
    if item.outcome == "unknown" or gain >= HIGH_GAIN:
        return "high"  # an unknown item may hide a zero; it is checked first
    return "medium" if gain >= MEDIUM_GAIN else "low"


def build_tasks(
    result: ScanResult,
    loaded_target: LoadedTarget,
    loaded: LoadedCatalogue,
    timeline: Timeline = (),
    now: dt.datetime | None = None,
) -> TaskList:
    words = labels()
    now = now or dt.datetime.now(dt.UTC)
    measures: Measures | None = loaded_target.measures()
    profile = loaded.profile(result.profile.id)
    outcomes = {i.id: i.outcome for i in result.items}
    current = score(profile, loaded.items, outcomes).oit.low
    due, basis = due_date(loaded_target, loaded, result.as_of, words)
    overdue = result.as_of > due
    owners = loaded_target.target.tasks.owners
    titles = {s.id: s.title for ind in profile.indicators for s in ind.subindicators}

    def task(item: ItemResult, status: str, fixed_at: dt.datetime | None = None) -> Task:
        measure = measures.for_item(item.id) if measures is not None else None
        gain = 0.0
        if item.outcome != "pass":
            gain = round(
                score(profile, loaded.items, {**outcomes, item.id: "pass"}).oit.low - current, 2
            )
        group = (
            measure.title
            if measure is not None
            else words.group_by_subindicator.format(
                id=item.subindicator, title=titles.get(item.subindicator, "")
            )
        )
        owner = owners.get(item.id) or (
            measure.owner if measure is not None else words.default_owner
        )
        return Task(
            item=item.id,
            title=item.title,
            subindicator=item.subindicator,
            outcome=item.outcome,
            status=status,
            kind=_kind(item),
            missing=_missing(item, words) if status == "open" else [],
            publish=item.remediation.publish,
            period=item.remediation.period,
            where=_where(item, result, words),
            urls=[e.url for e in item.evidence if e.decisive][:10],
            hints=[h.url for h in item.hints],
            measure=MeasureRef(
                number=measure.number,
                title=measure.title,
                steps=measure.steps,
                timeframe=measure.timeframe,
                owner=measure.owner,
            )
            if measure
            else None,
            group=group,
            owner=owner,
            priority=_priority(item, gain),
            gain=gain,
            due=due,
            overdue=overdue and status == "open",
            opened_at=_opened_at(item.id, timeline) if status == "open" else None,
            fixed_at=fixed_at,
            uncertainty=item.uncertainty,
        )

    open_tasks = [task(i, "open") for i in result.items if i.outcome != "pass"]
    rank = {"high": 0, "medium": 1, "low": 2}
    open_tasks.sort(
        key=lambda t: (
            rank[t.priority],
            -t.gain,
            t.measure.number if t.measure else 99,
            int(t.item[1:]),
        )
    )
    fixed = []
    for item in result.items:
        if item.outcome == "pass":
            when = _fixed_at(item.id, timeline, now)
            if when is not None:
                fixed.append(task(item, "fixed", when))
    return TaskList(
        target_id=result.target.id,
        target_name=result.target.name,
        as_of=result.as_of,
        generated_at=now,
        due_basis=basis,
        grouped_by="measure" if measures is not None else "subindicator",
        tasks=open_tasks,
        fixed=fixed,
    )
