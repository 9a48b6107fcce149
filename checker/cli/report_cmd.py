"""``oit report``: the readiness report (HTML; PDF with ``--pdf``) of the last recorded scan."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from checker import __version__
from checker.catalogue.loader import LoadedCatalogue, load_catalogue_for_year
from checker.cli.common import db_option, echo_err, open_store, resolve_target_path, target_id_of
from checker.cli.tasks_cmd import write_task_exports
from checker.crawl.fetcher import PoliteFetcher
from checker.crawl.scope import Scope
from checker.errors import UsageError
from checker.evidence.pack import evidence_pack, pack_csv, pack_json, write_warc
from checker.history.store import HistoryStore
from checker.output.files import write_bytes_atomically, write_text_atomically
from checker.report.data import report_data
from checker.report.html import render_html
from checker.report.pdf import html_to_pdf
from checker.result import ScanResult
from checker.target import LoadedTarget, adhoc_target, load_target

HTML_NAME = "report.html"
PDF_NAME = "report.pdf"
WARC_NAME = "evidence.warc.gz"


@dataclass(frozen=True)
class WrittenReport:
    files: list[Path]
    archived: int | None = None  # URLs stored in the WARC, with --archive


def write_report(
    result: ScanResult,
    loaded_target: LoadedTarget,
    loaded: LoadedCatalogue,
    store: HistoryStore | None,
    out: Path,
    *,
    pdf: bool = False,
    archive: bool = False,
) -> WrittenReport:
    """Write the report, the task lists and the evidence pack into ``out``; also ``oit demo``'s."""
    data = report_data(result, loaded_target, loaded, store)
    html_path = out / HTML_NAME
    write_text_atomically(html_path, render_html(data))
    files = [html_path, *write_task_exports(data.tasks, out)]
    rows = evidence_pack(result)
    write_bytes_atomically(out / "evidence.csv", pack_csv(rows))
    write_text_atomically(out / "evidence.json", pack_json(rows))
    files += [out / "evidence.csv", out / "evidence.json"]
    if pdf:
        html_to_pdf(html_path, out / PDF_NAME)
        files.append(out / PDF_NAME)
    archived = None
    if archive:
        target = loaded_target.target
        settings = target.crawl_settings()
        fetcher = PoliteFetcher(settings, Scope(result.target.base_url, target.allowed_hosts))
        archived = write_warc(rows, out / WARC_NAME, fetcher, f"oit-checker {__version__}")
        files.append(out / WARC_NAME)
    return WrittenReport(files, archived)


def _target_for(spec: str, result: ScanResult) -> LoadedTarget:
    """The target file (measures, owners, official result); for a scan made with ``--url`` and
    no file, the same defaults that scan used."""
    path = resolve_target_path(spec)
    if path.exists():
        return load_target(path)
    loaded = adhoc_target(result.target.base_url, result.target.assessment_year)
    target = loaded.target.model_copy(update={"id": result.target.id, "name": result.target.name})
    return loaded.model_copy(update={"target": target})


@click.command("report")
@click.argument("target")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for report.html (and report.pdf). Default: reports/<target id>/.",
)
@click.option("--pdf", is_flag=True, help="Also print the report to PDF with headless Chromium.")
@click.option(
    "--archive",
    is_flag=True,
    help="Fetch the evidence URLs once more and keep what they serve in evidence.warc.gz.",
)
@db_option
def report_command(
    target: str, out: Path | None, pdf: bool, archive: bool, db_url: str | None
) -> None:
    """Write the readiness report of TARGET's last recorded scan, for managers (Thai).

    One self-contained HTML file (embedded font, no script, nothing loaded from the network):
    the predicted OIT and indicators beside the last official result, sub-indicator bars, the
    items predicted to score zero, tasks by owner and by measure with due dates, every item with
    its evidence, and the trend of the scan history. TARGET is a target file or a target id.
    Beside it: tasks.csv/.md/.json and the evidence pack (evidence.csv/.json: per item, the URLs
    to enter in ITAS with title, fetch time, HTTP status and hash). --pdf needs Chromium
    (`apt install chromium`, or set OIT_CHROMIUM). --archive adds a WARC of the evidence.

    \b
    Examples:
      oit report demo                         after `oit demo`: reports/demo/report.html
      oit report targets/my-agency.yaml --pdf
      oit report my-agency --out /srv/www/oit/my-agency --db postgresql+psycopg://oit@db/oit
    """
    store = open_store(db_url)
    target_id = target_id_of(target)
    row = store.last_complete(target_id)
    if row is None:
        raise UsageError(
            f"no recorded scan of {target_id!r} yet: run `oit scan {target}` (or `oit demo`) first"
        )
    result = store.result(row.id)
    loaded_target = _target_for(target, result)
    loaded = load_catalogue_for_year(result.target.assessment_year)
    written = write_report(
        result,
        loaded_target,
        loaded,
        store,
        out or Path("reports") / target_id,
        pdf=pdf,
        archive=archive,
    )
    for path in written.files:
        echo_err(f"written {path}")
    if written.archived is not None:
        echo_err(f"{written.archived} evidence URL(s) archived")


def register(group: click.Group) -> None:
    group.add_command(report_command)
