"""Report fixtures: the demo site scanned twice over real HTTP into a SQLite history, and a
hostile copy of its report data in which every text a website controls is an attack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checker.catalogue.loader import LoadedCatalogue, load_catalogue_for_year
from checker.cli.demo_cmd import DEMO_AS_OF, demo_target
from checker.demo.server import serve_site
from checker.history.store import HistoryStore
from checker.monitor.run import recorded_scan
from checker.paths import demo_site_dir
from checker.report.data import ReportData, report_data
from checker.report.html import render_html
from checker.result import ScanResult
from checker.target import LoadedTarget

LOADED: LoadedCatalogue = load_catalogue_for_year(2567)

PAYLOADS = (
    "<script>window.__pwned=1;alert(1)</script>",
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    "javascript:window.__pwned=1;alert(1)",
    '"><svg onload="window.__pwned=1;alert(1)">',
    '\'><iframe src="javascript:alert(1)"></iframe>',
)
LONG_LATIN = "A" * 10_000  # one unbreakable "word"
LONG_THAI = "ก" * 10_000
HOSTILE_URLS = (
    "javascript:window.__pwned=1;alert(1)",
    " javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    'http://evil.example/"><script>window.__pwned=1</script>',
    "https://evil.example/" + "a" * 10_000,
)


class DemoHistory:
    def __init__(self, db_url: str, result: ScanResult, target: LoadedTarget) -> None:
        self.db_url = db_url
        self.result = result
        self.target = target

    def data(self, result: ScanResult | None = None) -> ReportData:
        with HistoryStore.open(self.db_url) as store:
            return report_data(result or self.result, self.target, LOADED, store)


@pytest.fixture(scope="session")
def demo_history(tmp_path_factory: pytest.TempPathFactory) -> DemoHistory:
    """Two recorded scans of the demo site, so the trend has two points."""
    folder = tmp_path_factory.mktemp("report-history")
    db_url = f"sqlite:///{folder / 'history.sqlite'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OIT_HOME", str(folder / "home"))
        with serve_site(demo_site_dir()) as server, HistoryStore.open(db_url) as store:
            target = demo_target(server.url)
            for _ in range(2):
                outcome = recorded_scan(target, LOADED, store, trigger="manual", as_of=DEMO_AS_OF)
    return DemoHistory(db_url, outcome.result, target)


@pytest.fixture(scope="session")
def demo_data(demo_history: DemoHistory) -> ReportData:
    return demo_history.data()


@pytest.fixture(scope="session")
def demo_html(demo_data: ReportData) -> str:
    return render_html(demo_data)


@pytest.fixture(scope="session")
def demo_report(demo_html: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(demo_html, encoding="utf-8")
    return path


def _payload(index: int) -> str:
    return PAYLOADS[index % len(PAYLOADS)]


def hostile_data(data: ReportData) -> ReportData:
    """Every text and URL a website (or a careless target file) controls, made hostile."""
    raw: dict[str, Any] = data.model_dump(mode="json")
    result = raw["result"]
    result["target"]["name"] = f"{PAYLOADS[0]} {LONG_THAI}"
    result["target"]["base_url"] = HOSTILE_URLS[0]
    result["tool"]["version"] = PAYLOADS[1]
    result["crawl"]["index_url"] = HOSTILE_URLS[2]
    result["crawl"]["gaps"] = [PAYLOADS[3], LONG_LATIN]
    if result["comparison"]:
        result["comparison"]["source"] = PAYLOADS[4]
        for indicator in result["comparison"]["indicators"].values():
            indicator["note_th"] = f"{PAYLOADS[0]} {LONG_LATIN}"
    for n, item in enumerate(result["items"]):
        item["title"] = f"{item['title']} {_payload(n)}"
        item["reason"] = f"{_payload(n + 1)} {LONG_LATIN if n % 2 else LONG_THAI}"
        item["uncertainty"] = _payload(n + 2)
        for check in item["checks"]:
            check["message"] = _payload(n + 3)
        for m, ev in enumerate(item["evidence"]):
            ev["url"] = HOSTILE_URLS[(n + m) % len(HOSTILE_URLS)]
            ev["title"] = _payload(n + m)
            ev["link_text"] = f"{_payload(n + m + 1)} {LONG_LATIN}"
            ev["fetch_reason"] = _payload(n + m + 2)
        item["hints"] = [
            {
                "url": HOSTILE_URLS[n % len(HOSTILE_URLS)],
                "link_text": _payload(n),
                "message": _payload(n + 1),
            }
        ]
    raw["needs"] = {key: _payload(n) for n, key in enumerate(raw["needs"])}
    tasks = raw["tasks"]
    tasks["target_name"] = PAYLOADS[0]
    for n, task in enumerate(tasks["tasks"]):
        task["title"] = f"{task['title']} {_payload(n)}"
        task["missing"] = [_payload(n + 1), LONG_THAI]
        task["publish"] = _payload(n + 2)
        task["period"] = _payload(n + 3)
        task["where"] = f"{_payload(n + 4)} {LONG_LATIN}"
        task["urls"] = list(HOSTILE_URLS)
        task["hints"] = list(HOSTILE_URLS[:3])
        task["owner"] = _payload(n)
        task["uncertainty"] = _payload(n + 1)
        if task["measure"]:
            task["measure"]["title"] = _payload(n)
            task["measure"]["steps"] = [_payload(n + 1), LONG_LATIN]
    if raw["measures"]:
        raw["measures"]["source"] = PAYLOADS[1]
        for n, measure in enumerate(raw["measures"]["measures"]):
            measure["title"] = _payload(n)
            measure["steps"] = [_payload(n + 1)]
            measure["owner"] = _payload(n + 2)
    return ReportData.model_validate(raw)


@pytest.fixture(scope="session")
def hostile_report(demo_data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "report.html"
    path.write_text(render_html(hostile_data(demo_data)), encoding="utf-8")
    return path
