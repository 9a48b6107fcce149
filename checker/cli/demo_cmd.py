"""``oit demo``: serve the bundled demo site on 127.0.0.1 and scan it as of 2024-04-30."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import click

from checker.catalogue.loader import load_catalogue_for_year
from checker.cli.common import db_option, echo_err, fetch_progress, open_store, stdout_console
from checker.cli.report_cmd import write_report
from checker.demo.server import DemoServer, serve_site
from checker.monitor.run import recorded_scan
from checker.output.files import write_text_atomically
from checker.output.terminal import render_scan
from checker.paths import bundled, demo_site_dir
from checker.target import LoadedTarget, load_target

DEMO_AS_OF = dt.date(2024, 4, 30)
#: The port in targets/demo.yaml: the same URLs every run, so history compares like with like
#: and a second `oit demo` is answered with 304s.
DEMO_PORT = 8567


def _serve(port: int) -> DemoServer:
    try:
        return serve_site(demo_site_dir(), port=port)
    except OSError:  # the port is taken (another demo is running): any free port will do
        return serve_site(demo_site_dir(), port=0)


def demo_target(base_url: str) -> LoadedTarget:
    loaded = load_target(bundled("targets/demo.yaml"))
    return loaded.model_copy(update={"target": loaded.target.with_base_url(base_url)})


@click.command("demo")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports/demo"),
    show_default=True,
    help="Where result.json (and reports) are written.",
)
@click.option("--serve", is_flag=True, help="Only serve the demo site until interrupted.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEMO_PORT,
    show_default=True,
    help="Port for the demo site (a free one is taken if it is busy; 0: any).",
)
@db_option
def demo_command(out: Path, serve: bool, port: int, db_url: str | None) -> None:
    """Serve the bundled demo SAO site on 127.0.0.1 and scan it as of 2024-04-30.

    The demo site mirrors the seed agency's official ITA 2567 result: 14 items score zero.

    \b
    Examples:
      oit demo
      oit demo --serve --port 8567      browse it yourself
    """
    with _serve(port) as server:
        if serve:
            echo_err(f"demo site at {server.url} (Ctrl-C to stop)")
            while True:
                time.sleep(3600)
        loaded_target = demo_target(server.url)
        loaded = load_catalogue_for_year(loaded_target.target.assessment_year)
        echo_err(f"serving the demo site at {server.url}; scanning as of {DEMO_AS_OF.isoformat()}")
        store = open_store(db_url)
        with fetch_progress(True) as on_fetch:
            outcome = recorded_scan(
                loaded_target, loaded, store, trigger="manual", as_of=DEMO_AS_OF, on_fetch=on_fetch
            )
        result = outcome.result
        render_scan(result, loaded, stdout_console())
        path = out / "result.json"
        write_text_atomically(path, result.model_dump_json(indent=2))
        written = write_report(result, loaded_target, loaded, store, out)
    echo_err(f"recorded as scan #{outcome.scan_id} of {result.target.id}; written:")
    for file in [path, *written.files]:
        echo_err(f"  {file}")


def register(group: click.Group) -> None:
    group.add_command(demo_command)
