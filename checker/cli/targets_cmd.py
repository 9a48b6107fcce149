"""``oit targets``: validate target files."""

from __future__ import annotations

from pathlib import Path

import click

from checker.alerts.channels import Notifier
from checker.catalogue.loader import load_catalogue_for_year
from checker.errors import ConfigError
from checker.target import load_target


@click.group("targets")
def targets_group() -> None:
    """Target files: one agency each (targets/*.yaml)."""


def validate_target(path: Path) -> str:
    """One line saying the target is usable; raises ConfigError naming file, line and field."""
    loaded_target = load_target(path)
    target = loaded_target.target
    loaded_target.require_base_url()
    source = loaded_target.source
    assert source is not None
    try:
        loaded = load_catalogue_for_year(target.assessment_year)
    except ConfigError as exc:
        if exc.path is not None:
            raise
        # "no rule catalogue for assessment year 2566": say which file asks for that year.
        raise source.error(exc.message, ["assessment_year"]) from None
    if target.profile not in loaded.profiles:
        known = ", ".join(sorted(loaded.profiles))
        raise source.error(
            f"unknown scoring profile {target.profile!r} (known: {known})", ["profile"]
        )
    known_items = {i.id for i in loaded.items}
    for item_id in target.item_urls:
        if item_id not in known_items:
            raise source.error(
                f"{item_id} is not an item of ita-{target.assessment_year}", ["item_urls"]
            )
    # Channels are checked here as the scheduler will build them: with this machine's
    # environment (a ${SECRET} that is not set is an error now, not at 2 a.m.).
    Notifier.for_target(loaded_target)
    return f"ok: {path} — {target.name}, {target.base_url}, ITA {target.assessment_year}"


@targets_group.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def targets_validate(paths: tuple[Path, ...]) -> None:
    """Check target files; print one line per file. Exit 2 if any is unusable.

    Example: oit targets validate targets/*.yaml
    """
    failed = 0
    for path in paths:
        try:
            click.echo(validate_target(path))
        except ConfigError as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
    if failed:
        raise click.exceptions.Exit(2)


def register(group: click.Group) -> None:
    group.add_command(targets_group)
