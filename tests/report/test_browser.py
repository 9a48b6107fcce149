"""The report in a real browser (Debian's headless Chromium through Playwright): it loads
nothing, logs no error, runs no script even with hostile website text, and fits 1280 px, A4
width and A4 print without horizontal overflow. Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.support.browser import Visit, chromium

pytestmark = [pytest.mark.integration, pytest.mark.browser]

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
    with chromium() as launched:
        yield launched


def fits(visit: Visit) -> None:
    """Every element's box, and the document, stay within the viewport's width."""
    layout = visit.page.evaluate(OVERFLOW_JS)
    assert layout["scrollWidth"] <= layout["width"], layout
    assert layout["offenders"] == [], layout["offenders"][:10]


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
        fits(visit)
        visit.screenshot("report-1280.png")
    finally:
        visit.close()


def test_the_report_at_a4_width(browser: Browser, demo_report: Path) -> None:
    visit = Visit(browser, demo_report, A4_WIDTH)
    try:
        visit.loaded_nothing_else()
        assert visit.errors == []
        fits(visit)
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
        fits(visit)
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
        visit.ran_nothing()
        visit.loaded_nothing_else()
        assert visit.errors == []  # a blocked load or script would log a CSP error
        fits(visit)  # 10,000-character words wrap instead of widening the page
    finally:
        visit.close()
