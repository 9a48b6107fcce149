"""A tiny benchmark run inside ``make test``: keeps the harness working, asserts no timings.

A site of a few dozen pages (the evidence of all 35 items, a few news and announcements, 30
PDFs) is generated and served by Debian's nginx on 127.0.0.1; every figure is measured as in
``make bench`` except the comparison with Scrapy, which is installed only for the benchmarks and
is skipped explicitly (the report says so), and the pyinstrument profiles.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from benchmarks.__main__ import SMOKE_PAGES, run
from benchmarks.measure import FIGURES, Context
from benchmarks.nginx import nginx_path
from benchmarks.report import write

pytestmark = pytest.mark.integration
MEASURED = ("focused", "fullcrawl", "rescan", "engine", "pdf", "growth")
SKIPPED = ("scrapy", "profiles")


def test_the_smoke_run_measures_every_figure_but_the_scrapy_comparison(tmp_path: Path) -> None:
    """One test, not a module fixture shared by several: under pytest-xdist each worker would
    run the whole harness again."""
    if nginx_path() is None:
        pytest.fail("nginx is missing: run `make test` (it installs it) or `apt install nginx`")
    ctx = Context(out=tmp_path / "out", work=tmp_path / "work", pages=SMOKE_PAGES, smoke=True)
    figures, meta = run(ctx, [])
    json_path, md_path = write(ctx.out, figures, meta, stem="smoke")
    for figure in figures:
        if figure.skipped:
            print(f"benchmark smoke run: skipped {figure.name}: {figure.skipped}")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    markdown = md_path.read_text(encoding="utf-8")

    _every_figure_but_scrapy_and_the_profiles(data)
    _rows_have_sane_types(data)
    _every_goal_has_a_row(data)
    _focused_scan_against_a_well_defined_minimum(data)
    _rescan_is_conditional(data)
    _report_carries_machine_versions_and_the_skip(data, markdown)


def _figures(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in data["figures"]}


def _every_figure_but_scrapy_and_the_profiles(data: dict[str, Any]) -> None:
    figures = _figures(data)
    assert set(figures) == set(FIGURES)
    for name in MEASURED:
        figure = figures[name]
        assert figure["error"] is None, f"{name}: {figure['error']}"
        assert figure["skipped"] is None, name
        assert figure["rows"], name
    for name in SKIPPED:
        assert figures[name]["skipped"], name
    assert "Scrapy is not installed" in figures["scrapy"]["skipped"]


def _rows_have_sane_types(data: dict[str, Any]) -> None:
    for figure in data["figures"]:
        for row in figure["rows"]:
            assert isinstance(row["metric"], str) and row["metric"]
            assert isinstance(row["measured"], str) and row["measured"]
            for key in ("ratio", "value"):
                number = row[key]
                # finite, nothing more: a growth exponent is negative when the larger smoke
                # site happens to scan faster (no timing is asserted)
                assert number is None or (
                    isinstance(number, int | float) and math.isfinite(number)
                ), (figure["name"], row)
            assert row["met"] is None or isinstance(row["met"], bool)
            assert (row["met"] is None) == (row["goal"] == ""), (figure["name"], row["metric"])


def _every_goal_has_a_row(data: dict[str, Any]) -> None:
    goals = [(f["name"], r["goal"]) for f in data["figures"] for r in f["rows"] if r["goal"]]
    # Scrapy's goal (≥ 1.0× its pages per second) is the one skipped in the smoke run
    assert {name for name, _goal in goals} == {"focused", "rescan", "engine", "pdf", "growth"}
    assert len([g for n, g in goals if n == "growth"]) == 2  # linear growth, RSS at the size


def _focused_scan_against_a_well_defined_minimum(data: dict[str, Any]) -> None:
    details = _figures(data)["focused"]["details"]
    assert details["minimum"][:2] == ["/", "/ita/ita-2567.html"]
    assert details["minimum_not_fetched"] == []  # the scan found the ITA page and every row
    assert details["requests_in_nginx_log"] == details["requests"]


def _rescan_is_conditional(data: dict[str, Any]) -> None:
    details = _figures(data)["rescan"]["details"]["politeness off"]
    assert details["first"]["not_modified"] == 0
    assert details["second"]["not_modified"] > 0


def _report_carries_machine_versions_and_the_skip(data: dict[str, Any], markdown: str) -> None:
    assert data["machine"]["cores"]
    for name in ("oit-checker", "durable-rules", "nginx", "poppler (pdftotext)"):
        assert data["versions"][name]
    assert "| Figure | Metric | Measured | Baseline | Ratio | Goal | Result |" in markdown
    assert "skipped: smoke run: Scrapy is not installed" in markdown


def test_the_site_is_served_by_nginx_with_validators(tmp_path: Path) -> None:
    import requests

    from benchmarks.nginx import NginxServer
    from benchmarks.sitegen import generate_site

    manifest = generate_site(tmp_path / "site", SMOKE_PAGES, 1)
    with NginxServer(manifest.root) as server:
        first = requests.get(server.url + "ita/ita-2567.html", timeout=10)
        assert first.status_code == 200
        validators = {"If-None-Match": first.headers["ETag"]}
        again = requests.get(server.url + "ita/ita-2567.html", headers=validators, timeout=10)
        assert again.status_code == 304
        assert requests.get(server.url + manifest.missing[0], timeout=10).status_code == 404
        statuses = [e.status for e in server.entries()]
    assert statuses == [200, 304, 404]
