"""The report as PDF, printed by headless Chromium from the HTML file.

Chromium lays out Thai (line breaking, stacked vowels and tone marks) exactly as a browser shows
the HTML, with the embedded Sarabun, and honours the report's A4 print stylesheet; no Python PDF
library does Thai shaping as well. The page loads nothing (self-contained file, strict CSP), so
the browser runs with a throwaway profile and background networking off.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from checker.errors import OitError

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class PdfError(OitError):
    """The PDF could not be printed: the browser is missing or failed. Exit 2."""

    exit_code = 2


class ChromiumNotFound(PdfError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "the PDF report is printed by Chromium, which was not found"
            f"{detail}: install it (Debian/Ubuntu: `sudo apt install chromium`) or set "
            "OIT_CHROMIUM to the browser's path. The HTML report needs no browser."
        )


def find_chromium() -> str:
    """``$OIT_CHROMIUM``, else the first Chromium or Chrome on PATH."""
    configured = os.environ.get("OIT_CHROMIUM")
    if configured:
        found = shutil.which(configured)
        if found is None:
            raise ChromiumNotFound(f" (OIT_CHROMIUM={configured!r} is not an executable)")
        return found
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found is not None:
            return found
    raise ChromiumNotFound(f" (looked for {', '.join(BROWSER_NAMES)} on PATH)")


def chromium_command(browser: str, html_path: Path, pdf_path: Path, profile: Path) -> list[str]:
    command = [
        browser,
        "--headless=new",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-dev-shm-usage",  # containers often give /dev/shm only 64 MB
        "--no-pdf-header-footer",
        f"--user-data-dir={profile}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
    command += [f"--print-to-pdf={pdf_path}", html_path.resolve().as_uri()]
    return command


def html_to_pdf(html_path: Path, pdf_path: Path, *, timeout: float = 60) -> None:
    """Print ``html_path`` to ``pdf_path`` (A4, as the report's print stylesheet says).

    Written beside the target and renamed, so a reader never sees half a PDF.
    """
    if not html_path.is_file():
        raise PdfError(f"{html_path}: no such HTML report")
    browser = find_chromium()
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="oit-chromium-"))
    partial = pdf_path.with_name(f".{pdf_path.name}.{os.getpid()}.partial")
    try:
        partial.unlink(missing_ok=True)
        try:
            completed = subprocess.run(
                chromium_command(browser, html_path, partial, profile),
                shell=False,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PdfError(
                f"Chromium did not finish printing {html_path.name} within {timeout:.0f} s"
            ) from None
        except OSError as exc:
            raise ChromiumNotFound(f" ({browser}: {exc.strerror or exc})") from None
        if not _is_pdf(partial):
            tail = " ".join((completed.stderr or "").strip().splitlines()[-3:])
            raise PdfError(
                f"Chromium (exit {completed.returncode}) did not write a PDF for "
                f"{html_path.name}" + (f": {tail[:400]}" if tail else "")
            )
        os.replace(partial, pdf_path)
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(profile, ignore_errors=True)


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False
