"""The PDF: Chromium prints the report on A4 and the Thai text really is in it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from checker.errors import OitError
from checker.report import pdf as pdf_module
from checker.report.data import ReportData
from checker.report.pdf import ChromiumNotFound, chromium_command, find_chromium, html_to_pdf
from checker.thai.text import match_key

pytestmark = [pytest.mark.integration, pytest.mark.browser]
INSTALL = "run `make test` (it installs chromium and poppler-utils) or `apt install chromium poppler-utils`"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: {INSTALL}")
    return found


@pytest.fixture(scope="module")
def demo_pdf(demo_report: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    _tool("chromium")
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    html_to_pdf(demo_report, path)
    return path


def test_the_pdf_holds_the_thai_titles_of_the_zero_items(
    demo_pdf: Path, demo_data: ReportData
) -> None:
    assert demo_pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(demo_pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        shell=False,
    ).stdout
    flat = "".join(text.split())
    key = match_key(text)
    assert "66.43" in flat and "35.00" in flat and "30เมษายน2567" in flat
    zeros = [demo_data.result.item(i) for i in demo_data.result.zeros]
    assert len(zeros) == 14
    missing = [i.id for i in zeros if match_key(i.title) not in key]
    assert not missing, f"titles of {missing} are not in the PDF's text"
    info = subprocess.run(
        [_tool("pdfinfo"), str(demo_pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "A4" in info


def test_the_first_page_is_not_blank(demo_pdf: Path, tmp_path: Path) -> None:
    subprocess.run(
        [
            _tool("pdftoppm"),
            "-r",
            "50",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(demo_pdf),
            str(tmp_path / "page"),
        ],
        check=True,
        shell=False,
    )
    (png,) = tmp_path.glob("page*.png")
    image = Image.open(png).convert("L")
    histogram = image.histogram()  # 256 grey levels
    inked = sum(histogram[:235]) / sum(histogram)
    assert inked > 0.02, f"page 1 is {inked:.1%} inked: blank?"


def test_a_missing_browser_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_report: Path
) -> None:
    monkeypatch.setenv("OIT_CHROMIUM", str(tmp_path / "nothing-here"))
    with pytest.raises(ChromiumNotFound) as caught:
        html_to_pdf(demo_report, tmp_path / "r.pdf")
    assert isinstance(caught.value, OitError) and caught.value.exit_code == 2
    assert "apt install chromium" in str(caught.value)
    monkeypatch.delenv("OIT_CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ChromiumNotFound):
        find_chromium()
    assert not (tmp_path / "r.pdf").exists()


def test_a_browser_that_writes_no_pdf_fails_cleanly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_report: Path
) -> None:
    fake = tmp_path / "fake-chromium"
    fake.write_text("#!/bin/sh\necho 'cannot print' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("OIT_CHROMIUM", str(fake))
    with pytest.raises(pdf_module.PdfError, match="cannot print"):
        html_to_pdf(demo_report, tmp_path / "r.pdf")
    assert list(tmp_path.glob("*.pdf*")) == []


def test_the_command_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    html, out, profile = tmp_path / "a b.html", tmp_path / "o.pdf", tmp_path / "p"
    html.write_text("x")
    command = chromium_command("/usr/bin/chromium", html, out, profile)
    for flag in (
        "--headless=new",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-pdf-header-footer",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={out}",
    ):
        assert flag in command
    assert command[-1] == html.resolve().as_uri() and "a%20b.html" in command[-1]
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--no-sandbox" not in chromium_command("c", html, out, profile)
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "--no-sandbox" in chromium_command("c", html, out, profile)
