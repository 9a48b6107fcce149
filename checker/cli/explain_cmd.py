"""``oit explain``: why an item got its outcome, from the last result."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from checker.catalogue.loader import load_catalogue_for_year, normalise_item_id
from checker.cli.common import db_option, open_store, stdout_console, target_id_of
from checker.errors import UsageError
from checker.output.files import load_result
from checker.output.terminal import OUTCOME_MARK, OUTCOME_STYLE
from checker.result import ItemResult, ScanResult


def _load(target: str | None, result_file: Path | None, db_url: str | None) -> ScanResult:
    if result_file is not None:
        return load_result(result_file)
    store = open_store(db_url)
    row = store.last_complete(target_id_of(target)) if target else store.last_complete_any()
    if row is None:
        which = f"of {target!r} " if target else ""
        raise UsageError(
            f"no recorded scan {which}yet: run `oit scan` (or `oit demo`) first, "
            "or pass --result FILE"
        )
    return store.result(row.id)


def render_item(result: ScanResult, item: ItemResult, console: Console) -> None:
    """Everything about one item; website text is escaped (rich reads "[x]" as markup)."""
    loaded = load_catalogue_for_year(result.target.assessment_year)
    spec = loaded.item(item.id)
    style = OUTCOME_STYLE[item.outcome]
    score = "n/a" if item.score is None else str(item.score)
    console.print(
        f"[bold]{item.id} {escape(item.title)}[/] — "
        f"[{style}]{OUTCOME_MARK[item.outcome]}[/] (score {score})"
    )
    console.print(
        f"[dim]{escape(result.target.name)} · {escape(result.target.base_url)} · "
        f"as of {result.as_of} · decided by route '{item.route}'[/]"
    )
    console.print(f"Needs: {escape(spec.needs)}")
    if item.uncertainty:
        console.print(f"[yellow]Confidence {item.confidence}:[/] {escape(item.uncertainty)}")
    console.print(f"Reason: {escape(item.reason)}")
    for gap in item.gaps:
        console.print(f"[yellow]Not searched everywhere:[/] {escape(gap)}")
    if not item.evidence:
        console.print("No evidence URL was considered for this item.")
    for number, ev in enumerate(item.evidence, 1):
        via = f" via {ev.via}" if ev.via else ""
        link = f' link "{ev.link_text}"' if ev.link_text else ""
        console.print(f"\n[bold]{number}.[/] {escape(f'[{ev.source}] {ev.url}{via}{link}')}")
        status = f"HTTP {ev.http_status}" if ev.http_status else (ev.fetch_outcome or "not fetched")
        detail = f" — {ev.fetch_reason}" if ev.fetch_reason else ""
        title = f' "{ev.title}"' if ev.title else ""
        line = f"{status} {ev.content_type or ''}{title}{detail}  → alone: {ev.outcome}"
        console.print(f"   {escape(line)}")
        for check in ev.checks:
            mark = f"[{OUTCOME_STYLE.get(check.outcome, '')}]{check.outcome:<7}[/]"
            console.print(f"   {check.id:<28} {mark} {escape(check.message)}")
    for hint in item.hints:
        console.print(f"\n[cyan]Hint:[/] {escape(hint.message)}")
    rem = item.remediation
    where = f" — where: {rem.where}" if rem.where else ""
    console.print(f"\nTo fix: {escape(f'{rem.publish} — period: {rem.period}{where}')}")


@click.command("explain")
@click.argument("item")
@click.option("--target", help="Target id whose last scan to read (default: the newest scan).")
@click.option(
    "--result",
    "result_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read this result JSON instead.",
)
@db_option
def explain_command(
    item: str, target: str | None, result_file: Path | None, db_url: str | None
) -> None:
    """Explain one item of the last scan: every URL considered, its route, each check's outcome.

    \b
    Examples:
      oit explain O8
      oit explain o14 --target demo
      oit explain O12 --result reports/demo/result.json
    """
    result = _load(target, result_file, db_url)
    wanted = normalise_item_id(item)
    try:
        found = result.item(wanted)
    except KeyError:
        raise UsageError(
            f"{item!r} is not an item of {result.catalogue} (O1–O{len(result.items)})"
        ) from None
    render_item(result, found, stdout_console())


def register(group: click.Group) -> None:
    group.add_command(explain_command)
