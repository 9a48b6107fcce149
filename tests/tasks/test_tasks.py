"""Remediation tasks: linked to the seed's measures, dated from the calendar, exported for Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable

import pytest

from checker.catalogue.loader import load_catalogue_for_year
from checker.evidence.pack import evidence_pack, pack_csv
from checker.paths import bundled
from checker.result import ScanResult
from checker.target import LoadedTarget, load_target
from checker.tasks.build import build_tasks
from checker.tasks.exports import to_csv, to_json, to_markdown

LOADED = load_catalogue_for_year(2567)
NOW = dt.datetime(2024, 4, 30, 3, 0, tzinfo=dt.UTC)


DemoResult = Callable[..., ScanResult]


@pytest.fixture
def demo_result(demo_result_json: str) -> DemoResult:
    """Fresh copies of the session's demo scan (tests change them), with optional changes."""

    def make(**changes: object) -> ScanResult:
        return ScanResult.model_validate_json(demo_result_json).model_copy(update=changes)

    return make


def demo_target(**changes: object) -> LoadedTarget:
    loaded = load_target(bundled("targets/demo.yaml"))
    if changes:
        target = loaded.target.model_copy(update=changes)
        return loaded.model_copy(update={"target": target})
    return loaded


def test_the_fourteen_zeros_are_tasks_under_the_seeds_measures(demo_result: DemoResult) -> None:
    tasks = build_tasks(demo_result(), demo_target(), LOADED, now=NOW)
    assert tasks.grouped_by == "measure"
    by_measure: dict[int, set[str]] = {}
    for task in tasks.tasks:
        assert task.measure is not None
        by_measure.setdefault(task.measure.number, set()).add(task.item)
    assert by_measure == {
        1: {"O8", "O9"},
        2: {"O12", "O25"},
        5: {"O14", "O16", "O17"},
        7: {"O24", "O28", "O30", "O31", "O33", "O34", "O35"},
    }
    assert {t.owner for t in tasks.tasks if t.measure and t.measure.number == 5} == {"กองคลัง"}
    o16 = next(t for t in tasks.tasks if t.item == "O16")
    assert o16.kind == "fix_link" and any("procurement-progress-2567.pdf" in u for u in o16.urls)
    assert o16.measure is not None and "ปฏิทินการจัดซื้อจัดจ้าง" in " ".join(o16.measure.steps)
    o12 = next(t for t in tasks.tasks if t.item == "O12")
    assert o12.hints and o12.where.startswith("หัวข้อ O12 ในหน้า ITA")


def test_priority_is_the_oit_points_gained(demo_result: DemoResult) -> None:
    tasks = build_tasks(demo_result(), demo_target(), LOADED, now=NOW)
    gains = {t.item: (t.priority, t.gain) for t in tasks.tasks}
    assert gains["O33"] == ("high", 6.25)  # one of the four items of 10.2: 25 points of 10.2
    assert gains["O14"] == ("medium", 2.5)
    assert gains["O8"] == ("low", 1.43)
    assert [t.item for t in tasks.tasks][:3] == ["O33", "O34", "O35"]


@pytest.mark.parametrize(
    ("as_of", "due", "overdue", "says"),
    [
        (dt.date(2024, 1, 15), dt.date(2024, 2, 23), False, "7 วันก่อนเปิดให้ส่ง URL"),
        (dt.date(2024, 4, 30), dt.date(2024, 4, 30), False, "ก่อนปิดรับ (30 เมษายน 2567)"),
        (dt.date(2024, 5, 20), dt.date(2024, 2, 23), True, "ปิดรับ URL แล้ว"),
    ],
)
def test_due_dates_follow_the_assessment_calendar(
    demo_result: DemoResult, as_of: dt.date, due: dt.date, overdue: bool, says: str
) -> None:
    tasks = build_tasks(demo_result(as_of=as_of), demo_target(), LOADED, now=NOW)
    assert {t.due for t in tasks.tasks} == {due}
    assert {t.overdue for t in tasks.tasks} == {overdue}
    assert says in tasks.due_basis


def test_a_target_may_fix_the_due_date_and_owners(demo_result: DemoResult) -> None:
    settings = {"due_date": dt.date(2024, 2, 1), "owners": {"O12": "สำนักปลัด งานประชาสัมพันธ์"}}
    target = demo_target(tasks=demo_target().target.tasks.model_copy(update=settings))
    tasks = build_tasks(demo_result(as_of=dt.date(2024, 1, 5)), target, LOADED, now=NOW)
    assert {t.due for t in tasks.tasks} == {dt.date(2024, 2, 1)}
    assert next(t for t in tasks.tasks if t.item == "O12").owner == "สำนักปลัด งานประชาสัมพันธ์"


def test_without_measures_tasks_are_grouped_by_subindicator(demo_result: DemoResult) -> None:
    target = demo_target(measures_file=None)
    tasks = build_tasks(demo_result(), target, LOADED, now=NOW)
    assert tasks.grouped_by == "subindicator"
    assert {t.group for t in tasks.tasks if t.item == "O14"} == {
        "ตัวชี้วัดย่อย 9.3 การจัดซื้อจัดจ้างหรือการจัดหาพัสดุ"
    }
    assert all(t.measure is None for t in tasks.tasks)


def test_an_unknown_item_is_a_high_priority_server_check(demo_result: DemoResult) -> None:
    result = demo_result()
    item = result.item("O2")
    item.outcome, item.score = "unknown", None
    tasks = build_tasks(result, demo_target(), LOADED, now=NOW)
    o2 = next(t for t in tasks.tasks if t.item == "O2")
    assert o2.kind == "check_server" and o2.priority == "high"
    assert "เปิดได้" in o2.missing[0]  # check that the site and the file open


def test_history_gives_opened_and_fixed_dates(demo_result: DemoResult) -> None:
    day = dt.timedelta(days=1)
    everything = {i.id: i.outcome for i in demo_result().items}
    timeline = [
        (NOW, everything),
        (NOW - day, {**everything, "O8": "fail", "O1": "pass"}),
        (NOW - 2 * day, {**everything, "O8": "fail", "O1": "fail"}),
        (NOW - 3 * day, {**everything, "O8": "pass", "O1": "fail"}),
    ]
    result = demo_result()
    tasks = build_tasks(result, demo_target(), LOADED, timeline, now=NOW)
    assert next(t for t in tasks.tasks if t.item == "O8").opened_at == NOW - 2 * day
    # O1 passes now, failed two and three days ago, passed again one day ago: fixed then
    assert [(t.item, t.fixed_at) for t in tasks.fixed] == [("O1", NOW - day)]


def test_csv_opens_in_excel_with_thai_and_defused_formulas(demo_result: DemoResult) -> None:
    result = demo_result()
    result.item("O9").reason = '=HYPERLINK("http://evil.example","คลิก")'
    data = to_csv(build_tasks(result, demo_target(), LOADED, now=NOW))
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ลำดับ", "ข้อ", "ชื่อข้อ"]
    assert len(rows) == 1 + 14
    o9 = next(r for r in rows if r[1] == "O9")
    assert o9[5].startswith("'=HYPERLINK")
    assert "30 เมษายน 2567" in o9[15]


def test_markdown_and_json_exports(demo_result: DemoResult) -> None:
    result = demo_result()
    result.item("O9").reason = "<script>alert(1)</script> [x](javascript:alert(1))"
    tasks = build_tasks(result, demo_target(), LOADED, now=NOW)
    text = to_markdown(tasks)
    assert "## 5. กระบวนการสร้างความโปร่งใสในการใช้งบประมาณและการจัดซื้อจัดจ้าง" in text
    assert "<script>" not in text and "](javascript:" not in text
    data = json.loads(to_json(tasks))
    assert len(data["tasks"]) == 14 and data["tasks"][0]["measure"]["number"] == 7


def test_evidence_pack_lists_what_to_submit(demo_result: DemoResult) -> None:
    rows = evidence_pack(demo_result())
    submit = {r.item for r in rows if r.role == "submit"}
    assert submit == {i.id for i in demo_result().items if i.outcome == "pass"}
    o8 = [r for r in rows if r.item == "O8"]
    assert o8 and all(r.role == "named" for r in o8)
    assert any(r.role == "hint" and "statistics" in r.url for r in rows if r.item == "O12")
    assert all(r.http_status and r.sha256 and r.fetched_at for r in rows if r.role == "submit")
    data = pack_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf") and b"O20" in data
