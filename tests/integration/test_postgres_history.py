"""The history works on PostgreSQL too: a throwaway cluster on a Unix socket (no TCP at all)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.catalogue.loader import load_catalogue_for_year
from checker.cli import cli
from checker.cli.demo_cmd import DEMO_AS_OF, demo_target
from checker.demo.server import serve_site
from checker.history.store import HistoryStore
from checker.monitor.run import recorded_scan
from checker.paths import demo_site_dir

pytestmark = pytest.mark.integration
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(command: list[str]) -> list[str]:
    # initdb refuses to run as root: as root, run the server as the package's postgres user
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    assert (PG_BIN / "initdb").exists(), (
        "PostgreSQL 15 is installed by scripts/install-system-deps.sh"
    )
    root = Path(tempfile.mkdtemp(prefix="oitpg-"))  # short: Unix socket paths are limited
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    data = root / "data"
    subprocess.run(
        _as_postgres(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "oit",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-k {root} -c listen_addresses='' -c fsync=off"
    subprocess.run(
        _as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(root / "log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://oit@/postgres?host={root}"
    finally:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


def test_scans_history_and_the_fetch_cache_on_postgresql(postgres_url: str) -> None:
    loaded = load_catalogue_for_year(2567)
    with HistoryStore.open(postgres_url) as store, serve_site(demo_site_dir()) as server:
        target = demo_target(server.url)
        first = recorded_scan(target, loaded, store, trigger="manual", as_of=DEMO_AS_OF)
        second = recorded_scan(target, loaded, store, trigger="manual", as_of=DEMO_AS_OF)
        rows = store.scans("demo")
    assert len(first.result.zeros) == 14
    assert second.result.crawl.not_modified >= 0.95 * second.result.crawl.requests
    assert second.previous is not None and second.previous.zeros == first.result.zeros
    assert [r.id for r in rows] == [second.scan_id, first.scan_id]
    assert rows[0].ind9_low == 66.43 and rows[0].ind10_low == 37.5

    runner = CliRunner()
    listing = runner.invoke(cli, ["history", "demo", "--db", postgres_url])
    assert listing.exit_code == 0, listing.output
    assert str(second.scan_id) in listing.output and "66.43" in listing.output
    diff = runner.invoke(cli, ["diff", "demo", "--db", postgres_url])
    assert diff.exit_code == 0 and "Outcome changes (0)" in diff.output
