"""A compromised agency website against every output, end to end over real HTTP: the attacks it
plants in titles, link texts, file names and URLs reach the HTML report (opened in headless
Chromium), the Markdown and JUnit files, the CI annotations, the terminal and the alerts — as text
that runs nothing, breaks nothing and drives no terminal."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from checker.cli import cli
from checker.demo.server import serve_site
from tests.security.hostile_site import HOSTILE_FILE, SCRIPT, plant, write_target
from tests.support.browser import Visit, chromium
from tests.support.webhook import Receiver

pytestmark = [pytest.mark.integration, pytest.mark.browser]
AS_OF = "2024-04-30"
#: A workflow command GitHub would obey: only the product's own annotations may start a line.
WORKFLOW_COMMAND = re.compile(r"^::(?!(error|warning|notice) )", re.MULTILINE)


@dataclass
class Run:
    folder: Path
    target: Path
    db: str
    outputs: dict[str, Result]
    alerts: list[dict[str, Any]]


def invoke(args: list[str], **env: str) -> Result:
    result = CliRunner().invoke(cli, args, env=env or None)
    assert "Traceback" not in result.output, result.output
    return result


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """Scan the hostile site, write every output, then remove one planted file and scan again
    so the scheduler's alerts fire with the attacker's URL in them."""
    folder = tmp_path_factory.mktemp("hostile")
    plant(folder / "site")
    receiver = Receiver()
    try:
        with serve_site(folder / "site") as server:
            # An HTML channel: Apprise turns the plain-text message into HTML for it.
            html_channel = receiver.url("/hook?format=html")
            target = write_target(
                folder / "hostile.yaml", "hostile", server.url, notify=[html_channel]
            )
            db = f"sqlite:///{folder / 'history.sqlite'}"
            common = [str(target), "--db", db, "--as-of", AS_OF]
            outputs = {
                "scan": invoke(["scan", *common, "--json", str(folder / "result.json")]),
                "explain-O8": invoke(["explain", "O8", "--target", "hostile", "--db", db]),
                "explain-O10": invoke(["explain", "O10", "--target", "hostile", "--db", db]),
                "explain-O12": invoke(["explain", "O12", "--target", "hostile", "--db", db]),
                "report": invoke(["report", str(target), "--db", db, "--out", str(folder)]),
            }
            (folder / "site" / HOSTILE_FILE).unlink()
            outputs["ci"] = invoke(
                [
                    "ci",
                    *common,
                    "--no-history",
                    "--fail-on",
                    "zero",
                    "--junit",
                    str(folder / "junit.xml"),
                    "--summary",
                    str(folder / "summary.md"),
                ],
                GITHUB_ACTIONS="true",
            )
            outputs["scan-2"] = invoke(["scan", *common, "--notify"])
            outputs["scan-3"] = invoke(["scan", *common, "--notify"])  # confirmed: sent
        yield Run(folder, target, db, outputs, receiver.posts)
    finally:
        receiver.close()


def test_the_attacks_reached_the_scan(run: Run) -> None:
    """Without this the other tests could pass on a site that never delivered its payloads."""
    assert run.outputs["scan"].exit_code == 0, run.outputs["scan"].output
    result = (run.folder / "result.json").read_text(encoding="utf-8")
    assert "window.__pwned" in result and "onerror" in result and "[bold red]" in result
    assert json.loads(result)["items"][9]["outcome"] == "pass"  # O10 kept its outcome


def test_the_report_in_chromium_runs_nothing_and_shows_the_text(run: Run) -> None:
    report = run.folder / "report.html"
    with chromium() as browser:
        for bypass_csp in (False, True):  # escaping alone must hold without the CSP too
            visit = Visit(browser, report, 1280, bypass_csp=bypass_csp)
            try:
                visit.ran_nothing()
                visit.loaded_nothing_else()
                assert visit.errors == []
                shown = visit.page.inner_text("body")
                assert SCRIPT in shown and "onerror=" in shown  # shown as the text it is
                assert "\u202e" not in shown  # no bidi override reorders what a manager reads
            finally:
                visit.close()


def test_markdown_outputs_keep_markup_inert(run: Run) -> None:
    for name in ("summary.md", "tasks.md"):
        text = (run.folder / name).read_text(encoding="utf-8")
        assert "window.__pwned" in text or name == "summary.md"
        assert "<script" not in text and "<img" not in text and "<svg" not in text, name
        assert "](javascript:" not in text, name
        assert "\x1b" not in text, name


def test_junit_is_well_formed_and_carries_the_text_escaped(run: Run) -> None:
    raw = (run.folder / "junit.xml").read_text(encoding="utf-8")
    tree = ET.fromstring(raw)  # a hostile site cannot break the XML
    assert tree.iter("testcase")
    assert "<script" not in raw and "\x1b" not in raw
    assert run.outputs["ci"].exit_code == 1  # --fail-on zero: the site has zeros


def test_ci_annotations_cannot_forge_workflow_commands(run: Run) -> None:
    output = run.outputs["ci"].output
    assert "::error " in output or "::warning " in output
    assert WORKFLOW_COMMAND.search(output) is None, WORKFLOW_COMMAND.search(output)


def test_the_terminal_gets_no_escape_sequence_and_no_markup(run: Run) -> None:
    for name, output in run.outputs.items():
        assert "\x1b" not in output.output and "\u202e" not in output.output, name
    assert "[31mRED" in run.outputs["explain-O10"].output  # the text is there, the ESC is not
    assert "[bold red]MARKUP[/bold red]" in run.outputs["explain-O8"].output  # not Rich markup


def test_alerts_carry_the_attackers_url_as_text(run: Run) -> None:
    posts = run.alerts
    assert posts, run.outputs["scan-3"].output
    message = " ".join(f"{p['title']} {p['message']}" for p in posts)
    assert "onerror" in message  # the URL of the removed file is named (percent-encoded or not)
    assert "<img" not in message and "<script" not in message and "\x1b" not in message
