"""Every item of the catalogue has fixtures, and every fixture gets its expected outcome.

Layout (axe-core / Checkov style): ``tests/rules/<ITEM>/`` holds one case per file or folder
and ``expected.yaml`` lists every case with its outcome (and, optionally, check outcomes).
The list is exhaustive both ways: an unlisted case or a listed case without a file fails.
A case is served as the URL the agency submits for the item (route ``target``) and scanned
through the real pipeline offline (``DirectoryFetcher``); durable-rules and the reference
evaluator must agree on every evaluation.

Case names start with the expected outcome: ``pass_…``, ``fail_…``, ``review_…``, ``unknown_…``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.catalogue.loader import load_catalogue_for_year
from checker.scan import scan_target
from checker.target import LoadedTarget, Target
from tests.support.directory_fetcher import BASE_URL, DirectoryFetcher
from tests.support.oracle import CheckedEngine

HERE = Path(__file__).parent
YEAR = 2567
LOADED = load_catalogue_for_year(YEAR)
ITEM_IDS = [item.id for item in LOADED.items]
OUTCOMES = ("pass", "fail", "review", "unknown")
SIDE_FILES = {"expected.yaml", "README.md"}


def _expected(item_id: str) -> dict[str, Any]:
    path = HERE / item_id / "expected.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data.get("item") == item_id, f"{path}: item must be {item_id}"
    return data


def _cases_on_disk(item_id: str) -> set[str]:
    folder = HERE / item_id
    names = set()
    for entry in folder.iterdir():
        if entry.name in SIDE_FILES or entry.name.startswith((".", "_")):
            continue
        if entry.name.endswith(".status"):
            continue
        names.add(entry.name if entry.is_dir() else entry.stem)
    return names


def _all_cases() -> list[tuple[str, str]]:
    out = []
    for item_id in ITEM_IDS:
        if (HERE / item_id / "expected.yaml").exists():
            out.extend((item_id, case) for case in _expected(item_id)["cases"])
    return out


@pytest.mark.parametrize("item_id", ITEM_IDS)
def test_every_item_has_passing_and_failing_fixtures(item_id: str) -> None:
    folder = HERE / item_id
    assert (folder / "expected.yaml").is_file(), f"{item_id} has no fixtures in {folder}"
    cases = _expected(item_id)["cases"]
    outcomes = {spec["outcome"] for spec in cases.values()}
    assert {"pass", "fail"} <= outcomes, (
        f"{item_id} needs at least one passing and one failing case"
    )
    on_disk = _cases_on_disk(item_id)
    assert on_disk == set(cases), (
        f"{item_id}: expected.yaml must list exactly the cases on disk; "
        f"unlisted: {sorted(on_disk - set(cases))}, missing: {sorted(set(cases) - on_disk)}"
    )
    for name, spec in cases.items():
        assert spec["outcome"] in OUTCOMES, f"{item_id}/{name}: unknown outcome {spec['outcome']!r}"
        assert name.startswith(spec["outcome"] + "_"), (
            f"{item_id}/{name}: name must start with its outcome"
        )


def _entry(item_id: str, case: str, spec: dict[str, Any]) -> str:
    folder = HERE / item_id
    if "entry" in spec:
        return f"{BASE_URL}{spec['entry']}"
    if (folder / case).is_dir():
        return f"{BASE_URL}{case}/"
    matches = [p for p in folder.glob(f"{case}.*") if not p.name.endswith(".status")]
    assert len(matches) == 1, f"{item_id}/{case}: expected exactly one file named {case}.*"
    return f"{BASE_URL}{matches[0].name}"


@pytest.mark.parametrize(("item_id", "case"), _all_cases())
def test_fixture(item_id: str, case: str) -> None:
    spec = _expected(item_id)["cases"][case]
    target = Target(
        id="fixture",
        name="หน่วยงานทดสอบ",
        base_url=BASE_URL,
        assessment_year=YEAR,
        item_urls={item_id: [_entry(item_id, case, spec)]},
        crawl={"max_crawl_pages": 0},
    )
    as_of = dt.date.fromisoformat(str(spec.get("as_of", "2024-04-30")))
    engine = CheckedEngine(LOADED)
    result = scan_target(
        LoadedTarget(target=target),
        LOADED,
        as_of=as_of,
        fetcher=DirectoryFetcher(HERE / item_id),
        engine=engine,
    ).result
    item = result.item(item_id)
    checks = {c.id: c.outcome for c in item.checks}
    detail = f"{item_id}/{case}: {item.reason} | checks: {checks}"
    assert item.outcome == spec["outcome"], detail
    for check_id, outcome in (spec.get("checks") or {}).items():
        assert checks.get(check_id) == outcome, f"{detail} (check {check_id} should be {outcome})"
    assert engine.runs >= 1
