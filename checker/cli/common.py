"""Pieces several commands share: loading targets and catalogues, the as-of day, progress."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from checker.catalogue.loader import LoadedCatalogue, load_catalogue_for_year
from checker.errors import UsageError
from checker.history.store import HistoryStore
from checker.paths import bundled
from checker.settings import CrawlSettings
from checker.target import LoadedTarget, adhoc_target, load_target
from checker.thai.fiscal import today_in_bangkok

log = logging.getLogger("checker.scan")


def parse_as_of(value: str | None) -> dt.date:
    if value is None:
        return today_in_bangkok()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of {value!r}: expected a date like 2024-04-30") from None


def resolve_target_path(spec: str) -> Path:
    """A target file path, or the id of a shipped target (``demo``)."""
    path = Path(spec)
    if path.exists() or path.suffix in (".yaml", ".yml") or "/" in spec:
        return path
    shipped = bundled(f"targets/{spec}.yaml")
    if shipped.exists():
        return shipped
    return Path("targets") / f"{spec}.yaml"


def load_target_and_catalogue(spec: str) -> tuple[LoadedTarget, LoadedCatalogue]:
    loaded_target = load_target(resolve_target_path(spec))
    return loaded_target, load_catalogue_for_year(loaded_target.target.assessment_year)


def stderr_console() -> Console:
    return Console(stderr=True)


def stdout_console() -> Console:
    # piped into a log or a CI job, 80 columns cut Thai text badly: use a wider page
    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else 140)


@contextmanager
def fetch_progress(enabled: bool) -> Iterator[Callable[[str, str], None]]:
    """A spinner with counts on a terminal; one plain log line per fetch otherwise (cron, CI)."""
    if enabled and sys.stderr.isatty():
        progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]scanning"),
            BarColumn(bar_width=None),
            TextColumn("{task.completed} requests"),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=stderr_console(),
            transient=True,
        )
        with progress:
            task = progress.add_task("", total=None)

            def tick(url: str, outcome: str) -> None:
                progress.update(task, advance=1, description=url[-60:])

            yield tick
        return

    def log_line(url: str, outcome: str) -> None:
        if enabled:
            log.info("%s %s", outcome, url)

    yield log_line


def echo_err(message: str) -> None:
    click.echo(message, err=True)


def db_option(command: click.decorators.FC) -> click.decorators.FC:
    """``--db URL``: the history database (default: $OIT_DB, else SQLite under $OIT_HOME)."""
    return click.option(
        "--db",
        "db_url",
        metavar="URL",
        envvar="OIT_DB",
        help="History database URL (default: SQLite in the data folder; "
        "postgresql+psycopg://… for a fleet).",
    )(command)


def open_store(db_url: str | None) -> HistoryStore:
    """The history store, closed when the command ends."""
    store = HistoryStore.open(db_url)
    context = click.get_current_context(silent=True)
    if context is not None:
        context.call_on_close(store.close)
    return store


def target_id_of(spec: str) -> str:
    """A target id from an id or a target file path."""
    path = Path(spec)
    if path.suffix in (".yaml", ".yml") or "/" in spec:
        return path.stem
    return spec


def site_options(command: click.decorators.FC) -> click.decorators.FC:
    """The options that say which site to scan and how: ``--url``, ``--year``, ``--as-of``,
    ``--delay`` (used with a TARGET argument by ``oit scan`` and ``oit ci``)."""
    for option in reversed(
        [
            click.option("--url", help="Scan this site without a target file."),
            click.option(
                "--year", type=int, default=2567, show_default=True, help="Assessment year (BE)."
            ),
            click.option(
                "--as-of",
                "as_of",
                metavar="YYYY-MM-DD",
                help="The day periods are judged on (default: today in Bangkok).",
            ),
            click.option(
                "--discovery",
                type=click.Choice(["focused", "full"]),
                help="focused (default): the fewest requests; full: follow every page of the site.",
            ),
            click.option(
                "--delay",
                type=click.FloatRange(0, 120),
                help="Seconds between requests to one host (default 1; robots.txt may ask more).",
            ),
        ]
    ):
        command = option(command)
    return command


@dataclass(frozen=True)
class SiteChoice:
    """What ``site_options`` and the TARGET argument resolve to."""

    target: LoadedTarget
    catalogue: LoadedCatalogue
    as_of: dt.date
    settings: CrawlSettings


def resolve_site(
    target: str | None,
    url: str | None,
    year: int,
    as_of: str | None,
    delay: float | None,
    discovery: str | None = None,
) -> SiteChoice:
    if (target is None) == (url is None):
        raise UsageError("give either a TARGET file or --url URL")
    if url is not None:
        loaded_target, loaded = adhoc_target(url, year), load_catalogue_for_year(year)
    else:
        assert target is not None
        loaded_target, loaded = load_target_and_catalogue(target)
    settings = loaded_target.target.crawl_settings()
    if delay is not None:
        settings = settings.model_copy(update={"delay_seconds": delay})
    if discovery is not None:
        settings = settings.model_copy(update={"discovery": discovery})
    return SiteChoice(loaded_target, loaded, parse_as_of(as_of), settings)
