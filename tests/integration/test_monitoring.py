"""Nightly monitoring over real HTTP: history, cheap re-scans, disappearance alerts, CI, crashes.

The demo site is copied and served on 127.0.0.1; alerts go through Apprise to a webhook
receiver on 127.0.0.1; the history is a real SQLite file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker.catalogue.loader import load_catalogue_for_year
from checker.cli import cli
from checker.cli.demo_cmd import DEMO_AS_OF
from checker.demo.server import DemoServer, serve_site
from checker.history.store import HistoryStore
from checker.monitor.run import MonitorOutcome, recorded_scan
from checker.paths import demo_site_dir
from checker.target import load_target
from tests.support.webhook import Receiver

pytestmark = pytest.mark.integration
LOADED = load_catalogue_for_year(2567)
O7_PDF = "files/plan/local-development-plan-2566-2570.pdf"  # evidence of a passing item
O19_PDF = "files/hr/hr-report-2566.pdf"  # linked from the ITA page's O19 row


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[DemoServer, Path]]:
    root = tmp_path / "site"
    shutil.copytree(demo_site_dir(), root)
    with serve_site(root) as server:
        yield server, root


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'history.sqlite'}"


def write_target(tmp_path: Path, base_url: str, notify: list[str]) -> Path:
    folder = tmp_path / "targets"
    folder.mkdir(exist_ok=True)
    path = folder / "monitored.yaml"
    data = {
        "id": "monitored",
        "name": "องค์การบริหารส่วนตำบลโนนสะอาดงาม (สำเนาทดสอบ)",
        "base_url": base_url,
        "assessment_year": 2567,
        "crawl": {"delay_seconds": 0, "retries": 0},
        "notify": notify,
        "alerts": {
            "unreachable_after": 2,
            "report_url": "https://intranet.example/oit/report.html",
        },
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def nightly(target_path: Path, db: str) -> MonitorOutcome:
    """What the scheduler does each night for one target."""
    with HistoryStore.open(db) as store:
        return recorded_scan(
            load_target(target_path),
            LOADED,
            store,
            trigger="schedule",
            as_of=DEMO_AS_OF,
            notify=True,
        )


def test_an_unchanged_site_is_rescanned_with_conditional_requests(
    site: tuple[DemoServer, Path], tmp_path: Path, db: str
) -> None:
    server, _ = site
    path = write_target(tmp_path, server.url, [])
    first = nightly(path, db).result
    server.stats.reset()
    second = nightly(path, db).result
    assert second.zeros == first.zeros
    statuses = server.stats.statuses
    assert second.crawl.not_modified == statuses.get(304, 0)
    assert statuses.get(304, 0) / second.crawl.requests >= 0.95, statuses
    assert server.stats.bytes_sent < first.crawl.bytes_received * 0.05
    with HistoryStore.open(db) as store:
        rows = store.scans("monitored")
    assert [r.status for r in rows] == ["complete", "complete"]
    assert rows[0].not_modified == second.crawl.not_modified


def test_a_disappearance_breaks_ci_and_alerts_once_then_fixed_once(
    site: tuple[DemoServer, Path], tmp_path: Path, db: str, receiver: Receiver
) -> None:
    server, root = site
    path = write_target(tmp_path, server.url, [receiver.url()])
    baseline = nightly(path, db)
    assert (
        baseline.result.item("O7").outcome == "pass"
        and baseline.result.item("O19").outcome == "pass"
    )
    assert receiver.posts == []

    pdf = root / O7_PDF
    saved_pdf = pdf.read_bytes()
    pdf.unlink()
    ita = root / "ita.html"
    saved_ita = ita.read_text(encoding="utf-8")
    assert O19_PDF in saved_ita
    ita.write_text(saved_ita.replace(f'href="/{O19_PDF}"', 'href="#"'), encoding="utf-8")

    junit = tmp_path / "junit.xml"
    run = CliRunner().invoke(
        cli, ["ci", str(path), "--db", db, "--as-of", "2024-04-30", "--junit", str(junit)]
    )
    assert run.exit_code == 1, run.output
    assert "O7" in run.output and O7_PDF in run.output
    assert "O19" in run.output and O19_PDF in run.output
    failures = {
        case.get("name", "")[:3].strip()
        for case in ET.parse(junit).iter("testcase")
        if case.find("failure") is not None
    }
    assert failures == {"O7", "O19"}

    nightly(path, db)  # the scheduler sends what the CI scan opened
    assert len(receiver.posts) == 2, receiver.texts()
    texts = receiver.texts()
    assert any("O7" in t and O7_PDF in t for t in texts)
    assert any("O19" in t and O19_PDF in t for t in texts)

    nightly(path, db)  # still broken: nothing is sent again
    assert len(receiver.posts) == 2

    pdf.write_bytes(saved_pdf)
    ita.write_text(saved_ita, encoding="utf-8")
    nightly(path, db)
    assert len(receiver.posts) == 4, receiver.texts()
    fixed = receiver.texts()[2:]
    assert any("O7" in t for t in fixed) and any("O19" in t for t in fixed)

    diff = CliRunner().invoke(cli, ["diff", "monitored", "--db", db])
    assert diff.exit_code == 0, diff.output


def test_unreachable_alerts_only_after_two_scans_and_never_says_missing(
    site: tuple[DemoServer, Path], tmp_path: Path, db: str, receiver: Receiver
) -> None:
    server, root = site
    path = write_target(tmp_path, server.url, [receiver.url()])
    nightly(path, db)
    manifest = root / "_site.yaml"
    original = manifest.read_text(encoding="utf-8")
    manifest.write_text(original + "faults:\n  /qa.html: 503\n", encoding="utf-8")

    once = nightly(path, db)
    assert once.result.item("O6").outcome == "unknown"
    assert receiver.posts == []  # one bad night is not news

    manifest.write_text(original, encoding="utf-8")
    nightly(path, db)  # recovered before the second night: still nothing
    assert receiver.posts == []

    manifest.write_text(original + "faults:\n  /qa.html: 503\n", encoding="utf-8")
    nightly(path, db)
    nightly(path, db)
    assert len(receiver.posts) == 1, receiver.texts()
    text = receiver.texts()[0]
    assert "qa.html" in text and "เข้าถึงไม่ได้" in text
    assert "ไม่พบ" not in text and "หายไป" not in text

    nightly(path, db)
    assert len(receiver.posts) == 1  # an open problem is not sent every night
    manifest.write_text(original, encoding="utf-8")
    nightly(path, db)
    assert len(receiver.posts) == 2  # one "fixed"


def test_a_killed_scan_leaves_only_complete_scans(
    site: tuple[DemoServer, Path], tmp_path: Path, db: str
) -> None:
    server, _ = site
    path = write_target(tmp_path, server.url, [])
    nightly(path, db)
    env = {**os.environ, "OIT_DB": db}
    slow = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "checker",
            "scan",
            str(path),
            "--as-of",
            "2024-04-30",
            "--delay",
            "0.3",
            "--no-progress",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    store = HistoryStore.open(db)  # closed at the end of the test
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(store.scans("monitored", everything=True)) < 2:
        time.sleep(0.1)
    time.sleep(1.0)  # well inside the scan (about 70 requests at 0.3 s)
    slow.send_signal(signal.SIGKILL)
    slow.wait(timeout=10)

    listing = CliRunner().invoke(cli, ["history", "monitored", "--db", db])
    assert listing.exit_code == 0, listing.output
    assert len(store.scans("monitored")) == 1  # only the complete one
    nightly(path, db)  # the next scan succeeds
    assert len(store.scans("monitored")) == 2
    everything = {r.status for r in store.scans("monitored", everything=True)}
    assert everything == {"complete", "interrupted"}
    store.close()
