"""``oit ci``: scan, compare with a baseline, and fail the pipeline when the policy is breached."""

from __future__ import annotations

import os
from pathlib import Path

import click
from rich.markup import escape

from checker.ci.annotations import github_annotations
from checker.ci.junit import junit_xml
from checker.ci.models import CiReport, FailOn
from checker.ci.policy import DEFAULT_FAIL_ON, evaluate
from checker.ci.summary import markdown_summary
from checker.cli.common import (
    db_option,
    echo_err,
    fetch_progress,
    open_store,
    resolve_site,
    site_options,
    stdout_console,
)
from checker.errors import UsageError
from checker.monitor.confirm import confirm
from checker.monitor.problems import disappearances
from checker.monitor.run import recorded_scan
from checker.output.files import load_result, write_text_atomically
from checker.result import ScanResult
from checker.scan import scan_target

EXIT_BREACHED = 1
EXIT_INCOMPLETE = 3


def _fail_on(values: tuple[str, ...]) -> list[FailOn]:
    chosen: list[FailOn] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if part not in ("regression", "zero", "unknown"):
                raise UsageError(f"--fail-on {part!r}: choose regression, zero or unknown")
            if part not in chosen:
                chosen.append(part)  # type: ignore[arg-type]
    return chosen or list(DEFAULT_FAIL_ON)


@click.command("ci")
@click.argument("target", required=False)
@site_options
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A committed result JSON to compare with (default: the last recorded scan).",
)
@click.option(
    "--fail-on",
    "fail_on",
    multiple=True,
    metavar="regression|zero|unknown",
    help="What breaks the build (repeatable or comma-separated; default: regression).",
)
@click.option(
    "--junit",
    "junit_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write JUnit XML here.",
)
@click.option(
    "--summary",
    "summary_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a Markdown summary here.",
)
@click.option(
    "--json",
    "json_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the result JSON here.",
)
@click.option("--no-history", is_flag=True, help="Do not record this scan in the history.")
@db_option
def ci_command(
    target: str | None,
    url: str | None,
    year: int,
    as_of: str | None,
    discovery: str | None,
    delay: float | None,
    baseline: Path | None,
    fail_on: tuple[str, ...],
    junit_path: Path | None,
    summary_path: Path | None,
    json_out: Path | None,
    no_history: bool,
    db_url: str | None,
) -> None:
    """Scan a site after a deploy and fail when a disclosure regressed or disappeared.

    Compares with --baseline FILE, else with the target's last recorded scan. With
    GITHUB_ACTIONS=true it also prints workflow annotations.

    \b
    Examples:
      oit ci targets/my-agency.yaml --junit oit-junit.xml --summary oit-summary.md
      oit ci --url https://www.example.go.th/ --as-of 2024-04-30 --baseline baseline.json
      oit ci targets/my-agency.yaml --fail-on regression,unknown

    Exit status: 0 nothing breached · 1 policy breached · 2 usage or configuration error ·
    3 the site could not be reached.
    """
    site = resolve_site(target, url, year, as_of, delay, discovery)
    loaded_target, loaded, day, settings = site.target, site.catalogue, site.as_of, site.settings
    policy = _fail_on(fail_on)
    store = None if no_history and baseline is not None else open_store(db_url)

    base: ScanResult | None = None
    label: str | None = None
    if baseline is not None:
        base, label = load_result(baseline), f"file {baseline}"
    elif store is not None:
        row = store.last_complete(loaded_target.target.id)
        if row is not None:
            base, label = (
                store.result(row.id),
                f"recorded scan #{row.id} ({row.started_at:%Y-%m-%d %H:%M} UTC)",
            )

    with fetch_progress(True) as on_fetch:
        if no_history or store is None:
            result = scan_target(
                loaded_target, loaded, as_of=day, settings=settings, on_fetch=on_fetch
            ).result
        else:
            result = recorded_scan(
                loaded_target,
                loaded,
                store,
                trigger="ci",
                as_of=day,
                settings=settings,
                on_fetch=on_fetch,
            ).result
    confirmed = None
    if base is not None and result.complete:
        confirmed = confirm(disappearances(base, result), loaded_target.target, loaded, settings)
    report = evaluate(result, base, label, policy, loaded_target.target.waivers, day, confirmed)
    _write_outputs(report, junit_path, summary_path, json_out)
    _print(report)
    if not result.complete:
        raise click.exceptions.Exit(EXIT_INCOMPLETE)
    if report.breached:
        raise click.exceptions.Exit(EXIT_BREACHED)


def _write_outputs(
    report: CiReport, junit: Path | None, summary: Path | None, json_out: Path | None
) -> None:
    if junit is not None:
        write_text_atomically(junit, junit_xml(report))
        echo_err(f"JUnit written to {junit}")
    if summary is not None:
        write_text_atomically(summary, markdown_summary(report))
        echo_err(f"summary written to {summary}")
    if json_out is not None:
        write_text_atomically(json_out, report.result.model_dump_json(indent=2))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for line in github_annotations(report):
            click.echo(line)
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if step_summary:
            with open(step_summary, "a", encoding="utf-8") as handle:
                handle.write(markdown_summary(report))


def _print(report: CiReport) -> None:
    console = stdout_console()
    result = report.result
    verdict = "[bold red]BREACHED[/]" if report.breached else "[bold green]OK[/]"
    if not result.complete:
        verdict = "[bold magenta]INCOMPLETE (site unreachable)[/]"
    console.print(
        f"{verdict} {escape(result.target.id)} — fail on: {', '.join(report.fail_on)}; "
        f"baseline: {escape(report.baseline or 'none')}; OIT {result.scores.oit.text()}"
    )
    for finding in report.findings:
        if finding.breaches or finding.kind in ("disappeared", "regression"):
            mark = "✘" if finding.breaches else "·"
            url = f" {finding.url}" if finding.url else ""
            console.print(
                escape(
                    f"{mark} {finding.kind:<11} {finding.item} {finding.title} — "
                    f"{finding.message}{url}"
                )
            )
    for waiver in report.waivers:
        state = "EXPIRED" if waiver.expired else "waived"
        console.print(
            escape(
                f"  {state}: {waiver.item} ({waiver.reason}, until {waiver.expires}) {waiver.note}"
            )
        )


def register(group: click.Group) -> None:
    group.add_command(ci_command)
