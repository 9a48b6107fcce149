"""Task lists for people: CSV for Excel (UTF-8 with BOM), Markdown, JSON.

Reasons quote what websites say, so CSV cells that a spreadsheet would read as a formula
("=", "+", "-", "@", tab, carriage return) are prefixed with an apostrophe (OWASP's advice for
CSV injection), and Markdown goes through the shared inert-Markdown escaping.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable

from checker.output.markdown import code_url, md
from checker.tasks.models import Task, TaskList, labels
from checker.thai.fiscal import BANGKOK, format_thai_date

COLUMNS = (
    "number",
    "item",
    "title",
    "outcome",
    "kind",
    "missing",
    "publish",
    "period",
    "where",
    "urls",
    "measure",
    "steps",
    "owner",
    "priority",
    "gain",
    "due",
    "opened",
    "status",
    "note",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):  # when a scan ran: the officer's day, in Bangkok
        value = value.astimezone(BANGKOK).date()
    return format_thai_date(value)


def _row(number: int, task: Task) -> dict[str, str]:
    words = labels()
    measure = f"{task.measure.number}. {task.measure.title}" if task.measure else words.no_measure
    values = {
        "number": str(number),
        "item": task.item,
        "title": task.title,
        "outcome": words.outcomes[task.outcome],
        "kind": words.task_kinds[task.kind],
        "missing": "\n".join(task.missing),
        "publish": task.publish,
        "period": task.period,
        "where": task.where,
        "urls": "\n".join(task.urls + task.hints),
        "measure": measure,
        "steps": "\n".join(task.measure.steps) if task.measure else "",
        "owner": task.owner,
        "priority": words.priorities[task.priority],
        "gain": f"{task.gain:.2f}",
        "due": _date(task.due),
        "opened": _date(task.opened_at or task.fixed_at),
        "status": words.task_status[task.status],
        "note": task.uncertainty or "",
    }
    return {key: _cell(value) for key, value in values.items()}


def to_csv(tasks: TaskList) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Thai text correctly."""
    words = labels()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([words.csv_columns[c] for c in COLUMNS])
    for number, task in enumerate([*tasks.tasks, *tasks.fixed], 1):
        row = _row(number, task)
        writer.writerow([row[c] for c in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def to_json(tasks: TaskList) -> str:
    return tasks.model_dump_json(indent=2)


def _grouped(tasks: Iterable[Task]) -> dict[str, list[Task]]:
    groups: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        key = f"{task.measure.number}. {task.group}" if task.measure else task.group
        groups[key].append(task)
    return dict(sorted(groups.items()))


def to_markdown(tasks: TaskList) -> str:
    words = labels()
    columns = words.csv_columns
    lines = [
        f"# {md(tasks.target_name)}",
        "",
        f"{columns['due']}: {md(tasks.due_basis)}",
        "",
    ]
    for group, members in _grouped(tasks.tasks).items():
        lines += [f"## {md(group)}", ""]
        first = members[0]
        if first.measure is not None:
            lines += [
                f"{columns['owner']}: {md(first.measure.owner)} · {md(first.measure.timeframe)}",
                "",
            ]
            lines += [f"- {md(step)}" for step in first.measure.steps] + [""]
        lines += [
            f"| {columns['item']} | {columns['missing']} | {columns['publish']} | "
            f"{columns['owner']} | {columns['priority']} | {columns['due']} |",
            "|---|---|---|---|---|---|",
        ]
        for task in members:
            links = " ".join(code_url(u) for u in (task.urls + task.hints)[:3])
            lines.append(
                f"| {task.item} {md(task.title)} | {md('; '.join(task.missing))} {links} | "
                f"{md(task.publish)} ({md(task.period)}) | {md(task.owner)} | "
                f"{words.priorities[task.priority]} (+{task.gain:.2f}) | {_date(task.due)} |"
            )
        lines.append("")
    if tasks.fixed:
        lines += [f"## {words.task_status['fixed']}", ""]
        lines += [f"- {t.item} {md(t.title)} ({_date(t.fixed_at)})" for t in tasks.fixed]
        lines.append("")
    return "\n".join(lines)
