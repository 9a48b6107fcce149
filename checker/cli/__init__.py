"""The ``oit`` command: a small click CLI whose commands live one per module.

Exit codes (DESIGN.md): 0 done · 1 ``ci`` policy breached · 2 usage or configuration error ·
3 run incomplete (the target could not be reached) · 70 internal error (a bug: please report).
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import click

from checker import __version__
from checker.errors import OitError

EXIT_INTERNAL = 70


class OitGroup(click.Group):
    """Turns product errors into one line and an exit code instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OitError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:
            if os.environ.get("OIT_DEBUG"):
                raise
            click.echo(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in oit-checker. Run again with OIT_DEBUG=1 to see the traceback.",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=OitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="oit")
@click.option("-v", "--verbose", count=True, help="More log lines on stderr (-vv for HTTP detail).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
def cli(verbose: int, quiet: bool) -> None:
    """Check a Thai agency's website against the ITA OIT disclosure items (O1–O35 for 2567).

    \b
    Quick start:
      oit demo                                  scan the bundled demo site
      oit scan targets/my-agency.yaml           scan a configured agency
      oit scan --url https://www.x.go.th/ --year 2567 --as-of 2024-04-30 --json out.json
      oit explain O8                            why did O8 get its outcome?
      oit rules list                            the items and how they are checked
    """
    level = logging.WARNING if quiet else (logging.INFO if verbose == 0 else logging.DEBUG)
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    if verbose < 2:
        logging.getLogger("urllib3").setLevel(logging.WARNING)
        logging.getLogger("checker.crawl").setLevel(max(level, logging.INFO))


def _register() -> None:
    from checker.cli import (
        ci_cmd,
        demo_cmd,
        explain_cmd,
        history_cmd,
        report_cmd,
        rules_cmd,
        scan_cmd,
        schedule_cmd,
        schema_cmd,
        targets_cmd,
        tasks_cmd,
    )

    for module in (
        scan_cmd,
        explain_cmd,
        history_cmd,
        report_cmd,
        ci_cmd,
        schedule_cmd,
        rules_cmd,
        targets_cmd,
        demo_cmd,
        schema_cmd,
        tasks_cmd,
    ):
        module.register(cli)


_register()


def main() -> None:
    cli(prog_name="oit")
