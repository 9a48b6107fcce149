"""``oit history`` and ``oit diff``: what the recorded scans say, and what changed between two."""

from __future__ import annotations

import click
from rich.markup import escape
from rich.table import Table

from checker.cli.common import db_option, open_store, stdout_console, target_id_of
from checker.errors import UsageError
from checker.history.store import HistoryStore, ScanRow
from checker.monitor.lifecycle import open_alerts
from checker.monitor.problems import disappearances


def _range(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "—"
    return f"{low:.2f}" if low == high else f"{low:.2f}–{high:.2f}"


@click.command("history")
@click.argument("target")
@click.option(
    "--all", "everything", is_flag=True, help="Also scans that failed or were interrupted."
)
@click.option("--limit", type=click.IntRange(1, 10_000), default=30, show_default=True)
@db_option
def history_command(target: str, everything: bool, limit: int, db_url: str | None) -> None:
    """List the recorded scans of a target with their scores, newest first.

    \b
    Examples:
      oit history demo
      oit history targets/khwao-yai.yaml --all
    """
    store = open_store(db_url)
    target_id = target_id_of(target)
    rows = store.scans(target_id, limit=limit, everything=everything)
    if not rows:
        raise UsageError(
            f"no recorded scan of {target_id!r} (known: {', '.join(store.target_ids()) or 'none'})"
        )
    table = Table(title=f"Scans of {escape(target_id)}", title_justify="left")
    for column in (
        "#",
        "started (UTC)",
        "trigger",
        "status",
        "as of",
        "OIT",
        "ind. 9",
        "ind. 10",
        "zeros",
        "unknown",
        "requests",
        "304s",
    ):
        table.add_column(column)
    for row in rows:
        table.add_row(
            str(row.id),
            row.started_at.strftime("%Y-%m-%d %H:%M"),
            row.trigger,
            row.status,
            str(row.as_of or "—"),
            _range(row.oit_low, row.oit_high),
            _range(row.ind9_low, row.ind9_high),
            _range(row.ind10_low, row.ind10_high),
            _num(row.zeros),
            _num(row.unknowns),
            _num(row.requests),
            _num(row.not_modified),
        )
    stdout_console().print(table)


def _num(value: int | None) -> str:
    return "—" if value is None else str(value)


def _pick(store: HistoryStore, target_id: str, scan_id: int | None, before: int | None) -> ScanRow:
    if scan_id is not None:
        row = store.scan(scan_id)
        if row is None or row.target_id != target_id or row.status != "complete":
            raise UsageError(f"scan #{scan_id} is not a complete scan of {target_id!r}")
        return row
    row = store.last_complete(target_id, before=before)
    if row is None:
        raise UsageError(f"{target_id!r} needs two complete scans to compare (see `oit history`)")
    return row


@click.command("diff")
@click.argument("target")
@click.option("--from", "from_id", type=int, help="The older scan (default: the one before --to).")
@click.option("--to", "to_id", type=int, help="The newer scan (default: the last complete scan).")
@db_option
def diff_command(target: str, from_id: int | None, to_id: int | None, db_url: str | None) -> None:
    """Compare two scans: items whose outcome changed, evidence that disappeared, since when.

    \b
    Examples:
      oit diff demo
      oit diff demo --from 3 --to 7
    """
    store = open_store(db_url)
    target_id = target_id_of(target)
    newer = _pick(store, target_id, to_id, None)
    older = _pick(store, target_id, from_id, newer.id)
    if older.id >= newer.id:
        raise UsageError("--from must be an older scan than --to")
    old, new = store.result(older.id), store.result(newer.id)
    console = stdout_console()
    console.print(
        f"[bold]{escape(target_id)}[/]: scan #{older.id} ({older.started_at:%Y-%m-%d %H:%M}) "
        f"→ #{newer.id} ({newer.started_at:%Y-%m-%d %H:%M} UTC)"
    )
    before = {i.id: i for i in old.items}
    changed = [
        (before[i.id], i) for i in new.items if i.id in before and before[i.id].outcome != i.outcome
    ]
    table = Table(title=f"Outcome changes ({len(changed)})", title_justify="left")
    for column in ("Item", "Title", "Before", "Now", "Reason now"):
        table.add_column(column, overflow="fold")
    for was, now in changed:
        table.add_row(now.id, escape(now.title), was.outcome, now.outcome, escape(now.reason))
    console.print(table)
    first_seen = {p.fingerprint: since for p, _state, since in open_alerts(store, target_id)}
    gone = disappearances(old, new)
    table = Table(title=f"Evidence that disappeared ({len(gone)})", title_justify="left")
    for column in ("Item", "URL", "What", "Since"):
        table.add_column(column, overflow="fold")
    for problem in gone:
        what = (
            f"answers {problem.detail}"
            if problem.kind == "gone"
            else "no longer linked from the ITA page"
        )
        since = first_seen.get(problem.fingerprint, newer.started_at)
        table.add_row(
            problem.item or "", escape(problem.url or ""), what, f"{since:%Y-%m-%d %H:%M} UTC"
        )
    console.print(table)
    old_oit, new_oit = old.scores.oit, new.scores.oit
    console.print(
        f"OIT {old_oit.text()} → {new_oit.text()}; zeros {len(old.zeros)} → {len(new.zeros)}"
    )


def register(group: click.Group) -> None:
    group.add_command(history_command)
    group.add_command(diff_command)
