"""The CI policy: what breaches, what a waiver excuses, and that an expired waiver does not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from checker.ci.policy import evaluate
from checker.result import ScanResult
from checker.target import Waiver

DATA = Path(__file__).parent / "data" / "demo_result.json"
TODAY = dt.date(2024, 4, 30)


def result() -> ScanResult:
    return ScanResult.model_validate_json(DATA.read_text(encoding="utf-8"))


def baseline_where_passing(*items: str) -> ScanResult:
    base = result()
    for item in base.items:
        if item.id in items:
            item.outcome, item.score = "pass", 100
    return base


def waiver(item: str, expires: dt.date) -> Waiver:
    return Waiver(
        item=item,
        reason="remediation-in-progress",
        note="กำลังจัดทำ",
        approved_by="ปลัด",
        expires=expires,
    )


def test_without_a_baseline_the_default_policy_does_not_breach_on_zeros() -> None:
    report = evaluate(result(), None, None, ["regression"], [], TODAY)
    assert not report.breached
    assert {f.item for f in report.findings if f.kind == "zero"} == set(result().zeros)


def test_a_regression_breaches_and_names_the_item() -> None:
    report = evaluate(result(), baseline_where_passing("O9"), "baseline", ["regression"], [], TODAY)
    assert report.breached
    breaching = [f for f in report.findings if f.breaches]
    assert [(f.kind, f.item) for f in breaching] == [("regression", "O9")]
    assert breaching[0].title.startswith("รายงานผลการดำเนินงาน")


def test_fail_on_zero_breaches_on_every_zero() -> None:
    report = evaluate(result(), None, None, ["zero"], [], TODAY)
    assert report.breached
    assert {f.item for f in report.findings if f.breaches} == set(result().zeros)


def test_an_active_waiver_excuses_and_an_expired_one_does_not() -> None:
    base = baseline_where_passing("O9", "O12")
    waivers = [waiver("O9", TODAY), waiver("O12", TODAY - dt.timedelta(days=1))]
    report = evaluate(result(), base, "baseline", ["regression"], waivers, TODAY)
    by_item = {f.item: f for f in report.findings if f.kind == "regression"}
    assert not by_item["O9"].breaches
    assert by_item["O12"].breaches
    assert report.breached
    statuses = {w.item: w.expired for w in report.waivers}
    assert statuses == {"O9": False, "O12": True}
    assert report.waived("O9") is not None and report.waived("O12") is None


def test_an_unreachable_site_breaches_nothing() -> None:
    unreachable = result()
    unreachable.complete = False
    report = evaluate(
        unreachable, baseline_where_passing("O9"), "baseline", ["regression", "zero"], [], TODAY
    )
    assert not report.breached  # the CLI exits 3 instead: nothing could be judged
