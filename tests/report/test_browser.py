"""The report in a real browser (Debian's headless Chromium through Playwright): it loads
nothing, logs no error, runs no script even with hostile website text, and fits 1280 px, A4
width and A4 print without horizontal overflow. Screenshots go to test-artifacts/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from tests.report.conftest import ARTIFACTS

pytestmark = [pytest.mark.integration, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
A4_WIDTH = 794  # 210 mm at 96 px per inch
A4_PRINTABLE = 680  # 210 mm less the report's 15 mm margins
#: Every element's box, and the document, must stay within the viewport's width.
OVERFLOW_JS = """
() => {
  const width = window.innerWidth;
  const offenders = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > width + 1 || box.left < -1) {
      offenders.push(`${el.tagName.toLowerCase()}.${el.getAttribute("class") || ""}`
        + ` ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, offenders};
}
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    args = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    if os.geteuid() == 0:
        args.append("--no-sandbox")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        yield browser
        browser.close()


class Visit:
    """A page with everything it tries to do recorded."""

    def __init__(self, browser: Browser, report: Path, width: int, **context: Any) -> None:
        self.url = report.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": 900}, **context)
        self.page: Page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.route("**/*", self._route)
        self.page.goto(self.url, wait_until="load")
        self.page.evaluate("document.fonts.ready.then(() => true)")

    def _route(self, route: Route) -> None:
        if route.request.url == self.url:
            route.continue_()
        else:
            route.abort()  # nothing else may load; the request is recorded and fails the test

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def loaded_nothing_else(self) -> None:
        others = [u for u in self.requests if u != self.url and not u.startswith("data:")]
        assert others == [], f"the report requested {others[:5]}"

    def fits(self) -> None:
        layout = self.page.evaluate(OVERFLOW_JS)
        assert layout["scrollWidth"] <= layout["width"], layout
        assert layout["offenders"] == [], layout["offenders"][:10]

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name), full_page=True)

    def close(self) -> None:
        self.context.close()


def test_the_report_on_a_1280_px_screen(browser: Browser, demo_report: Path) -> None:
    visit = Visit(browser, demo_report, 1280)
    try:
        visit.loaded_nothing_else()
        assert visit.errors == [] and visit.dialogs == []
        assert visit.page.evaluate("document.fonts.check('16px Sarabun', 'ตัวชี้วัด')")
        assert visit.page.evaluate(
            "[...document.fonts].some(f => f.family.replace(/\"/g, '') === 'Sarabun' && f.status === 'loaded')"
        ), "the embedded Sarabun did not load"
        assert visit.page.locator("section.zeros tbody tr").count() == 14
        visit.fits()
        visit.screenshot("report-1280.png")
    finally:
        visit.close()


def test_the_report_at_a4_width(browser: Browser, demo_report: Path) -> None:
    visit = Visit(browser, demo_report, A4_WIDTH)
    try:
        visit.loaded_nothing_else()
        assert visit.errors == []
        visit.fits()
        visit.screenshot("report-a4.png")
    finally:
        visit.close()


def test_the_report_printed_on_a4(browser: Browser, demo_report: Path) -> None:
    visit = Visit(browser, demo_report, A4_PRINTABLE)
    try:
        visit.page.emulate_media(media="print")
        assert visit.page.evaluate("matchMedia('print').matches")
        background = visit.page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")  # no dark backgrounds
        visit.fits()
        visit.screenshot("report-print.png")
        assert visit.errors == []
    finally:
        visit.close()


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_hostile_website_text_runs_nothing(
    browser: Browser, hostile_report: Path, bypass_csp: bool
) -> None:
    """With the CSP off too: escaping alone must keep every payload inert."""
    visit = Visit(browser, hostile_report, 1280, bypass_csp=bypass_csp)
    try:
        assert visit.dialogs == []
        assert visit.page.evaluate("typeof window.__pwned") == "undefined"
        assert visit.page.evaluate("document.scripts.length") == 0
        visit.loaded_nothing_else()
        assert visit.errors == []  # a blocked load or script would log a CSP error
        visit.fits()  # 10,000-character words wrap instead of widening the page
    finally:
        visit.close()
