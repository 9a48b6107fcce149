"""``oit scan``: scan one site, record it in the history, print (and write) the result."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.common import (
    db_option,
    echo_err,
    fetch_progress,
    open_store,
    resolve_site,
    site_options,
    stdout_console,
)
from checker.errors import RunIncomplete
from checker.monitor.run import recorded_scan
from checker.output.files import write_text_atomically
from checker.output.terminal import render_scan


@click.command("scan")
@click.argument("target", required=False)
@site_options
@click.option(
    "--json",
    "json_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the result JSON here.",
)
@click.option("--profile", help="Scoring profile (default: the target's, else 'default').")
@click.option("--notify", is_flag=True, help="Send the alerts this scan opens or fixes now.")
@db_option
@click.option("--no-progress", is_flag=True, help="No progress bar or per-request log lines.")
def scan_command(
    target: str | None,
    url: str | None,
    year: int,
    as_of: str | None,
    discovery: str | None,
    delay: float | None,
    json_out: Path | None,
    profile: str | None,
    notify: bool,
    db_url: str | None,
    no_progress: bool,
) -> None:
    """Scan an agency's website, score every OIT item, and record the scan in the history.

    TARGET is a target file (targets/x.yaml) or the id of a shipped target (demo). Alerts the
    scan opens or fixes are sent by the scheduler, or now with --notify.

    \b
    Examples:
      oit scan targets/khwao-yai.yaml
      oit scan --url https://www.example.go.th/ --year 2567 --as-of 2024-04-30 --json out.json

    Exit status: 0 done, 2 bad target or options, 3 the site (or the history) could not be reached.
    """
    site = resolve_site(target, url, year, as_of, delay, discovery)
    store = open_store(db_url)
    with fetch_progress(not no_progress) as on_fetch:
        outcome = recorded_scan(
            site.target,
            site.catalogue,
            store,
            trigger="manual",
            as_of=site.as_of,
            settings=site.settings,
            profile_id=profile,
            notify=notify,
            on_fetch=on_fetch,
        )
    result = outcome.result
    render_scan(result, site.catalogue, stdout_console())
    if json_out is not None:
        write_text_atomically(json_out, result.model_dump_json(indent=2))
        echo_err(f"result written to {json_out}")
    echo_err(f"recorded as scan #{outcome.scan_id} of {result.target.id}")
    if not result.complete:
        raise RunIncomplete(
            f"{result.target.base_url} could not be scanned ({result.incomplete_because}); "
            "every item is unknown"
        )


def register(group: click.Group) -> None:
    group.add_command(scan_command)
