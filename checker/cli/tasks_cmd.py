"""``oit tasks``: the remediation tasks of a target's last scan, printed and exported."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from checker.catalogue.loader import load_catalogue_for_year
from checker.cli.common import (
    db_option,
    echo_err,
    open_store,
    resolve_target_path,
    stdout_console,
    target_id_of,
)
from checker.errors import UsageError
from checker.output.files import write_bytes_atomically, write_text_atomically
from checker.target import load_target
from checker.tasks.build import build_tasks
from checker.tasks.exports import to_csv, to_json, to_markdown
from checker.tasks.models import TaskList, labels
from checker.thai.fiscal import format_thai_date

PRIORITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "dim"}


def write_task_exports(tasks: TaskList, folder: Path) -> list[Path]:
    paths = [folder / "tasks.csv", folder / "tasks.md", folder / "tasks.json"]
    write_bytes_atomically(paths[0], to_csv(tasks))
    write_text_atomically(paths[1], to_markdown(tasks))
    write_text_atomically(paths[2], to_json(tasks))
    return paths


def render_tasks(tasks: TaskList) -> None:
    words = labels()
    console = stdout_console()
    console.print(f"[bold]{escape(tasks.target_name)}[/] — {len(tasks.tasks)} open task(s)")
    console.print(escape(tasks.due_basis))
    table = Table(show_lines=True, expand=True)
    for column, ratio in (
        ("Item", 1),
        ("Measure / owner", 3),
        ("What is missing", 5),
        ("Publish", 4),
        ("Priority", 1),
        ("Due", 2),
    ):
        table.add_column(column, overflow="fold", ratio=ratio)
    for task in tasks.tasks:
        measure = f"{task.measure.number}. {task.measure.title}" if task.measure else task.group
        due = format_thai_date(task.due) + (" (overdue)" if task.overdue else "")
        table.add_row(
            Text(f"{task.item}\n{task.title}"),
            Text(f"{measure}\n→ {task.owner}"),
            Text("\n".join(task.missing[:3])),
            Text(f"{task.publish} — {task.period}"),
            Text(
                f"{words.priorities[task.priority]}\n+{task.gain:.2f}",
                style=PRIORITY_STYLE[task.priority],
            ),
            Text(due),
        )
    console.print(table)
    if tasks.fixed:
        fixed = ", ".join(
            f"{t.item} ({format_thai_date(t.fixed_at.date())})" for t in tasks.fixed if t.fixed_at
        )
        console.print(f"Fixed recently: {escape(fixed)}")


@click.command("tasks")
@click.argument("target")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where tasks.csv, tasks.md and tasks.json go (default: reports/<target id>/).",
)
@click.option("--no-export", is_flag=True, help="Only print the tasks.")
@db_option
def tasks_command(target: str, out: Path | None, no_export: bool, db_url: str | None) -> None:
    """Turn the target's last scan into remediation tasks linked to its measures.

    TARGET is a target file or id; the last recorded scan of that target is used. Writes
    tasks.csv (UTF-8 with BOM, for Excel), tasks.md and tasks.json.

    \b
    Examples:
      oit tasks demo
      oit tasks targets/my-agency.yaml --out /srv/share/oit/
    """
    loaded_target = load_target(resolve_target_path(target))
    loaded = load_catalogue_for_year(loaded_target.target.assessment_year)
    store = open_store(db_url)
    target_id = target_id_of(target) if loaded_target.path is None else loaded_target.target.id
    row = store.last_complete(target_id)
    if row is None:
        raise UsageError(f"no recorded scan of {target_id!r} yet: run `oit scan {target}` first")
    tasks = build_tasks(store.result(row.id), loaded_target, loaded, store.item_timeline(target_id))
    render_tasks(tasks)
    if not no_export:
        folder = out or Path("reports") / target_id
        for path in write_task_exports(tasks, folder):
            echo_err(f"written {path}")


def register(group: click.Group) -> None:
    group.add_command(tasks_command)
