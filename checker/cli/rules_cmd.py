"""``oit rules``: list, show and validate the rule catalogues."""

from __future__ import annotations

from pathlib import Path

import click
import yaml
from rich.table import Table

from checker.catalogue.loader import load_catalogue, load_catalogue_for_year
from checker.cli.common import stdout_console
from checker.errors import UsageError
from checker.paths import available_years, catalogue_dir


@click.group("rules")
def rules_group() -> None:
    """The rule catalogues: one folder of YAML per assessment year under rules/."""


@rules_group.command("list")
@click.option("--year", type=int, default=2567, show_default=True)
def rules_list(year: int) -> None:
    """List the items of a catalogue with their sub-indicator, checks and confidence.

    Example: oit rules list --year 2567
    """
    loaded = load_catalogue_for_year(year)
    table = Table(title=loaded.catalogue.title, title_justify="left")
    for column in ("Item", "Sub", "Title", "Parts / checks", "Conf."):
        table.add_column(column)
    for item in loaded.items:
        checks = "; ".join(f"{p.id}: {', '.join(c.kind for c in p.checks)}" for p in item.parts)
        table.add_row(item.id, item.subindicator, item.title, checks, item.confidence)
    stdout_console().print(table)


@rules_group.command("show")
@click.argument("item")
@click.option("--year", type=int, default=2567, show_default=True)
def rules_show(item: str, year: int) -> None:
    """Show one item as data: names, checks with parameters, messages, remediation.

    Example: oit rules show O8
    """
    loaded = load_catalogue_for_year(year)
    try:
        found = loaded.item(item)
    except KeyError:
        raise UsageError(f"{item!r} is not an item of ita-{year}") from None
    data = found.model_dump(mode="json", by_alias=True, exclude_none=True)
    click.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100))


@rules_group.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def rules_validate(paths: tuple[Path, ...]) -> None:
    """Validate catalogue folders (default: every bundled catalogue). Exit 2 on the first error.

    Example: oit rules validate rules/ita-2567
    """
    folders = list(paths) or [catalogue_dir(y) for y in available_years()]
    if not folders:
        raise UsageError("no catalogue folders found")
    for folder in folders:
        loaded = load_catalogue(folder)
        checks = sum(len(p.checks) for i in loaded.items for p in i.parts)
        click.echo(
            f"ok: {folder} — {len(loaded.items)} items, {checks} checks, "
            f"profiles: {', '.join(sorted(loaded.profiles))}"
        )


def register(group: click.Group) -> None:
    group.add_command(rules_group)
