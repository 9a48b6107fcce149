"""The CLI is documented: every command has help with an example, and the README names it."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from checker import __version__
from checker.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        if isinstance(command, click.Group):
            out.extend(_commands(command, full + " "))
        else:
            out.append((full, command))
    return out


COMMANDS = _commands(cli)


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_is_documented(name: str, command: click.Command) -> None:
    assert command.help and "xample" in command.help, f"`oit {name}` needs help with an example"
    assert f"oit {name}" in README, f"README.md does not mention `oit {name}`"


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_unknown_item_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["rules", "show", "O99"])
    assert result.exit_code == 2 and "O99" in result.output and "Traceback" not in result.output


def test_scan_needs_a_target_or_a_url() -> None:
    result = CliRunner().invoke(cli, ["scan"])
    assert result.exit_code == 2 and "TARGET" in result.output


def test_bad_as_of_date() -> None:
    result = CliRunner().invoke(
        cli, ["scan", "--url", "http://127.0.0.1:9/", "--as-of", "30/04/2567"]
    )
    assert result.exit_code == 2 and "--as-of" in result.output


def test_explain_without_any_result_says_what_to_do() -> None:
    result = CliRunner().invoke(cli, ["explain", "O8"])
    assert result.exit_code == 2 and "oit scan" in result.output
