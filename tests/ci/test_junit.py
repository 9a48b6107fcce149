"""JUnit XML: what a CI server shows for ``oit ci --junit``, and what a hostile site cannot do to it."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.ci.junit import FIELD_LIMIT, junit_xml
from checker.ci.models import CiReport, WaiverStatus
from checker.result import ScanResult

# Characters XML 1.0 cannot carry; one of these anywhere and no CI server can read the report.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def parse(xml: str) -> ET.Element:
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(xml.encode("utf-8"))


def cases(root: ET.Element) -> dict[str, ET.Element]:
    return {case.get("name", "").split(" ")[0]: case for case in root.iter("testcase")}


def with_status(root: ET.Element, tag: str) -> set[str]:
    return {item for item, case in cases(root).items() if case.find(tag) is not None}


def test_one_suite_per_target_one_case_per_item_named_with_id_and_thai_title(
    demo_report: CiReport,
) -> None:
    root = parse(junit_xml(demo_report))

    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    assert suite.get("name") == "demo"
    testcases = suite.findall("testcase")
    assert len(testcases) == 35
    items = demo_report.result.items
    assert [c.get("name") for c in testcases] == [f"{i.id} {i.title}" for i in items]
    assert (
        testcases[7].get("name")
        == "O8 แผนและความก้าวหน้าในการดำเนินงานและการใช้งบประมาณประจำปี รอบ 6 เดือน"
    )
    assert [c.get("classname") for c in testcases] == [f"oit.demo.{i.subindicator}" for i in items]


def test_only_breaching_findings_fail_and_the_failure_says_why_and_where(
    demo_report: CiReport,
) -> None:
    root = parse(junit_xml(demo_report))

    assert with_status(root, "failure") == {"O9", "O16"}
    failure = cases(root)["O16"].find("failure")
    assert failure is not None
    assert failure.get("type") == "disappeared"
    assert (failure.get("message") or "").startswith("disappeared: หลักฐานที่ใช้ในรอบก่อนตอบ HTTP 404")
    text = failure.text or ""
    o16 = demo_report.result.item("O16")
    assert o16.evidence[0].url in text
    assert o16.reason in text
    assert "history scan #12 (2024-04-01)" in text  # what it is compared with
    regression = cases(root)["O9"].find("failure")
    assert regression is not None and regression.get("type") == "regression"
    assert demo_report.result.item("O9").evidence[0].url in (regression.text or "")


def test_zeros_that_do_not_breach_pass_with_an_explanation(demo_report: CiReport) -> None:
    root = parse(junit_xml(demo_report))
    old_zeros = set(demo_report.result.zeros) - {"O8", "O9", "O16"}  # O8 waived, O9/O16 breach

    for item_id in old_zeros:
        case = cases(root)[item_id]
        assert case.find("failure") is None and case.find("skipped") is None
        out = case.findtext("system-out") or ""
        assert "not a build failure under --fail-on regression" in out
        assert demo_report.result.item(item_id).reason in out
    assert cases(root)["O1"].find("system-out") is None  # a plain pass stays quiet


def test_unknown_and_waived_items_are_skipped(demo_report: CiReport) -> None:
    root = parse(junit_xml(demo_report))

    assert with_status(root, "skipped") == {"O8", "O20"}
    waived = cases(root)["O8"]
    message = waived.find("skipped").get("message")  # type: ignore[union-attr]
    assert message == "waived until 2024-09-30 by ปลัด อบต.: รายงานรอบ 6 เดือนอยู่ระหว่างจัดทำ"
    assert "ขึ้นเว็บภายในเดือนพฤษภาคม" in (waived.findtext("system-out") or "")  # the note
    unknown = cases(root)["O20"]
    assert unknown.find("skipped").get("message") == "unknown: ไม่สามารถดึงเอกสารได้ (หมดเวลาเชื่อมต่อ)"  # type: ignore[union-attr]


def test_an_expired_waiver_does_not_skip_and_is_mentioned(demo_report: CiReport) -> None:
    o9_expired = WaiverStatus(
        item="O9", reason="รอรายงานปี 2566", note="", approved_by="ปลัด อบต.",
        expires=dt.date(2024, 4, 1), expired=True,
    )  # fmt: skip
    report = demo_report.model_copy(update={"waivers": [*demo_report.waivers, o9_expired]})
    root = parse(junit_xml(report))

    o14 = cases(root)["O14"]  # a zero whose waiver expired: not skipped, not a failure either
    assert o14.find("skipped") is None and o14.find("failure") is None
    assert "waiver EXPIRED (no longer applies): until 2024-03-31" in (
        o14.findtext("system-out") or ""
    )
    o9 = cases(root)["O9"].find("failure")
    assert o9 is not None and "waiver EXPIRED (no longer applies): until 2024-04-01" in (
        o9.text or ""
    )


def test_counts_time_and_properties(demo_report: CiReport) -> None:
    root = parse(junit_xml(demo_report))
    suite = root.find("testsuite")
    assert suite is not None

    assert {k: suite.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "35", "failures": "2", "errors": "0", "skipped": "2",
    }  # fmt: skip
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("35", "2", "0")
    assert float(suite.get("time", "-1")) >= 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", suite.get("timestamp", ""))
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["base_url"] == "http://127.0.0.1:8000/"
    assert props["assessment_year"] == "2567"
    assert props["as_of"] == "2024-04-30"
    assert props["profile"] == "default" and props["profile_hypothesis"] == "false"
    assert props["predicted.oit"] == "51.96"
    assert props["predicted.indicator.9"] == "66.43"
    assert props["predicted.indicator.10"] == "37.50"
    assert props["alternative.weighted-40-60.oit"] == "50.71"
    assert props["baseline"] == "history scan #12 (2024-04-01)"
    assert props["fail_on"] == "regression" and props["breached"] == "true"


def test_nothing_fails_when_nothing_breaches(clean_report: CiReport) -> None:
    root = parse(junit_xml(clean_report))

    assert root.find("testsuite").get("failures") == "0"  # type: ignore[union-attr]
    assert with_status(root, "failure") == set()
    assert "regression, does not break the build" in (
        cases(root)["O9"].findtext("system-out") or ""
    )


def test_without_a_baseline_zeros_say_so(demo_report: CiReport) -> None:
    report = demo_report.model_copy(update={"baseline": None, "findings": [], "breached": False})
    root = parse(junit_xml(report))

    assert "there is no baseline to compare with" in (
        cases(root)["O35"].findtext("system-out") or ""
    )


# The Jenkins/Ant JUnit schemas, as far as this output uses them: which element may hold which.
CHILDREN = {
    "testsuites": {"testsuite"},
    "testsuite": {"properties", "testcase", "system-out", "system-err"},
    "properties": {"property"},
    "testcase": {"skipped", "failure", "error", "system-out", "system-err"},
}
ATTRIBUTES = {
    "testsuites": {"name", "tests", "failures", "errors", "time", "disabled"},
    "testsuite": {"name", "tests", "failures", "errors", "skipped", "time", "timestamp"},
    "property": {"name", "value"},
    "testcase": {"classname", "name", "time"},
    "failure": {"message", "type"},
    "skipped": {"message"},
}


def check_shape(element: ET.Element) -> None:
    assert set(element.attrib) <= ATTRIBUTES.get(element.tag, set()), element.tag
    for child in element:
        assert child.tag in CHILDREN.get(element.tag, set()), (element.tag, child.tag)
        check_shape(child)
    if element.tag == "testcase":  # at most one outcome element, before system-out
        tags = [child.tag for child in element]
        assert len([t for t in tags if t in ("skipped", "failure")]) <= 1
        assert tags == sorted(tags, key=lambda t: t == "system-out")


def test_follows_the_junit_schema_shape(demo_report: CiReport, hostile_report: CiReport) -> None:
    for report in (demo_report, hostile_report):
        check_shape(parse(junit_xml(report)))


def test_a_hostile_site_cannot_break_or_inject_into_the_report(hostile_report: CiReport) -> None:
    xml = junit_xml(hostile_report)
    xml.encode("utf-8")  # no lone surrogate left
    root = parse(xml)

    assert NOT_XML.search(xml) is None
    assert "<script" not in xml and "<img" not in xml and "<a " not in xml
    assert "]]>" not in xml
    assert len(root.findall("testsuite/testcase")) == 35
    assert with_status(root, "failure") == {"O9", "O16"}
    assert with_status(root, "skipped") == {"O8", "O20"}
    # the markup is still there for a person to read, as text
    failure = cases(root)["O9"].find("failure")
    assert failure is not None
    assert "<script>alert(1)</script>" in (failure.text or "")
    assert "javascript:alert(1)//<script>alert(1)</script>`|" in (failure.text or "")
    assert (
        cases(root)["O9"]
        .get("name", "")
        .startswith("O9 รายงานผลการดำเนินงานประจำปี รายงานผลการจัดซื้อจัดจ้าง <script>")
    )


def test_website_strings_are_capped(hostile_report: CiReport) -> None:
    xml = junit_xml(hostile_report)
    root = parse(xml)

    cut = len("… [99999 more characters cut]")
    for element in root.iter():
        for value in element.attrib.values():
            assert len(value) <= FIELD_LIMIT + cut
        for line in (element.text or "").splitlines():
            assert len(line) <= FIELD_LIMIT + cut + 100  # + the label and a link text
    assert len(xml) < 400_000  # the hostile report carries 10 000-character strings in 5 items


def xml_text(min_size: int = 0) -> st.SearchStrategy[str]:
    """Any text at all, including lone surrogates and every control character."""
    return st.text(st.characters(exclude_categories=()), min_size=min_size, max_size=60)


@settings(max_examples=60, deadline=None)
@given(title=xml_text(), reason=xml_text(), url=xml_text(), note=xml_text())
def test_any_text_from_a_site_gives_a_parseable_report(
    demo_result: ScanResult,
    make_report: Callable[..., CiReport],
    title: str,
    reason: str,
    url: str,
    note: str,
) -> None:
    report = make_report(demo_result)
    findings = [
        f.model_copy(update={"title": title, "message": reason, "url": url})
        if f.item == "O9"
        else f
        for f in report.findings
    ]
    waivers = [w.model_copy(update={"note": note, "approved_by": title}) for w in report.waivers]
    items = [
        i.model_copy(update={"title": title, "reason": reason}) if i.id in ("O8", "O9") else i
        for i in report.result.items
    ]
    result = report.result.model_copy(update={"items": items})
    report = report.model_copy(update={"findings": findings, "waivers": waivers, "result": result})

    xml = junit_xml(report)
    root = parse(xml)

    assert NOT_XML.search(xml) is None
    assert with_status(root, "failure") == {"O9", "O16"}
    assert len(root.findall("testsuite/testcase")) == 35
