"""A real browser for tests: Debian's headless Chromium through Playwright, with everything a
page tries to do (requests, console errors, dialogs) recorded so a test can assert on it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOT_MAX_HEIGHT = 12_000


@contextmanager
def chromium() -> Iterator[Browser]:
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
        try:
            yield browser
        finally:
            browser.close()


class Visit:
    """A local file opened in the browser; any other request is aborted and recorded."""

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

    def ran_nothing(self) -> None:
        """No dialog, no planted global, no script element, no javascript: link."""
        assert self.dialogs == []
        assert self.page.evaluate("typeof window.__pwned") == "undefined"
        assert self.page.evaluate("document.scripts.length") == 0
        assert (
            self.page.evaluate(
                "[...document.querySelectorAll('[href],[src],[action],[formaction]')]"
                ".filter(e => /^\\s*(javascript|data|vbscript):/i.test("
                "e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action')"
                " || e.getAttribute('formaction') || '')).length"
            )
            == 0
        )
        assert (
            self.page.evaluate(
                "[...document.querySelectorAll('*')].filter(e => [...e.attributes]"
                ".some(a => a.name.startsWith('on'))).length"
            )
            == 0
        )

    def screenshot(self, name: str) -> None:
        """The top of the page as an artifact for a human to look at (not an assertion).

        Clipped to :data:`SCREENSHOT_MAX_HEIGHT`: some Chromium builds refuse to capture a
        surface taller than 16,384 px ("Unable to capture screenshot"), and the full report at
        A4 width is about 24,500 px.
        """
        ARTIFACTS.mkdir(exist_ok=True)
        size = self.page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        )
        clip = {"x": 0, "y": 0, "width": size[0], "height": min(size[1], SCREENSHOT_MAX_HEIGHT)}
        self.page.screenshot(path=str(ARTIFACTS / name), full_page=True, clip=clip)

    def close(self) -> None:
        self.context.close()
