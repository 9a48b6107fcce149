"""``oit demo``: serve the bundled demo site on 127.0.0.1 and scan it as of 2024-04-30."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import click

from checker.catalogue.loader import load_catalogue_for_year
from checker.cli.common import echo_err, fetch_progress, stdout_console
from checker.demo.server import serve_site
from checker.output.terminal import render_scan
from checker.paths import bundled, demo_site_dir
from checker.scan import run_scan
from checker.store import save_latest, write_json_atomically
from checker.target import LoadedTarget, load_target

DEMO_AS_OF = dt.date(2024, 4, 30)


def demo_target(base_url: str) -> LoadedTarget:
    loaded = load_target(bundled("targets/demo.yaml"))
    return loaded.model_copy(update={"target": loaded.target.with_base_url(base_url)})


@click.command("demo")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports/demo"),
              show_default=True, help="Where result.json (and reports) are written.")  # fmt: skip
@click.option("--serve", is_flag=True, help="Only serve the demo site until interrupted.")
@click.option(
    "--port", type=int, default=0, help="Port for the demo site (default: any free port)."
)
def demo_command(out: Path, serve: bool, port: int) -> None:
    """Serve the bundled demo SAO site on 127.0.0.1 and scan it as of 2024-04-30.

    The demo site mirrors the seed agency's official ITA 2567 result: 14 items score zero.

    \b
    Examples:
      oit demo
      oit demo --serve --port 8567      browse it yourself
    """
    with serve_site(demo_site_dir(), port=port) as server:
        if serve:
            echo_err(f"demo site at {server.url} (Ctrl-C to stop)")
            while True:
                time.sleep(3600)
        loaded_target = demo_target(server.url)
        loaded = load_catalogue_for_year(loaded_target.target.assessment_year)
        echo_err(f"serving the demo site at {server.url}; scanning as of {DEMO_AS_OF.isoformat()}")
        with fetch_progress(True) as on_fetch:
            result = run_scan(loaded_target, loaded, as_of=DEMO_AS_OF, on_fetch=on_fetch)
    render_scan(result, loaded, stdout_console())
    path = out / "result.json"
    write_json_atomically(path, result.model_dump_json(indent=2))
    save_latest(result)
    echo_err(f"result written to {path}")


def register(group: click.Group) -> None:
    group.add_command(demo_command)
