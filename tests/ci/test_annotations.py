"""GitHub workflow-command annotations: one line each, whatever a website put in its titles."""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.ci.annotations import MAX_ANNOTATIONS, escape_data, escape_property, github_annotations
from checker.ci.models import CiReport, Finding
from checker.result import ScanResult

COMMAND = re.compile(r"::(?P<name>error|warning|notice) (?P<props>[^:\r\n]*)::(?P<data>[^\r\n]*)")


def unescape(text: str, *, prop: bool) -> str:
    if prop:
        text = text.replace("%3A", ":").replace("%2C", ",")
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """As the Actions runner reads a command: ``::name k=v,k=v::message``, properties end at ``::``."""
    match = COMMAND.fullmatch(line)
    assert match, line
    props = dict(p.split("=", 1) for p in match["props"].split(","))
    return (
        match["name"],
        {k: unescape(v, prop=True) for k, v in props.items()},
        unescape(match["data"], prop=False),
    )


def assert_single_lines(lines: list[str]) -> None:
    for line in lines:
        assert line.splitlines() == [line], repr(line[:200])  # no CR, LF, VT, FF, NEL, U+2028 …
        assert line.startswith(("::error ", "::warning ", "::notice "))
        line.encode("utf-8")
    assert "\n".join(lines).splitlines() == lines


def test_one_error_per_breaching_finding_with_the_url(demo_report: CiReport) -> None:
    lines = github_annotations(demo_report)
    errors = [parse(line) for line in lines if line.startswith("::error")]

    assert [props["title"] for _, props, _ in errors] == [
        "OIT O9 regression: รายงานผลการดำเนินงานประจำปี",
        "OIT O16 disappeared: ความก้าวหน้าการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ",
    ]
    assert errors[1][2].endswith(
        "— http://127.0.0.1:8000/files/procurement/procurement-progress-2567.pdf"
    )
    assert lines[0].startswith("::error title=OIT O9 regression%3A ")  # ":" escaped in a property


def test_warnings_for_zeros_and_unknowns_that_do_not_breach(demo_report: CiReport) -> None:
    lines = github_annotations(demo_report)
    warnings = [parse(line) for line in lines if line.startswith("::warning")]
    titles = [props["title"].split(":")[0] for _, props, _ in warnings]

    expected = [z for z in demo_report.result.zeros if z not in ("O9", "O16")] + ["O20"]
    assert sorted(t.split()[1] for t in titles) == sorted(expected)
    assert "OIT O20 unknown" in titles
    assert "OIT O8 regression, zero" in titles  # waived: a reminder, not an error
    o8 = next(msg for _, props, msg in warnings if props["title"].startswith("OIT O8"))
    assert "(waived until 2024-09-30)" in o8 and o8.endswith("does not break the build")
    assert len(lines) == 2 + len(expected)
    assert_single_lines(lines)


def test_nothing_breaching_gives_no_error(clean_report: CiReport) -> None:
    lines = github_annotations(clean_report)

    assert not [line for line in lines if line.startswith("::error")]
    assert any(line.startswith("::warning title=OIT O9 ") for line in lines)


def test_a_title_cannot_start_another_workflow_command(demo_report: CiReport) -> None:
    hostile = Finding(
        kind="disappeared",
        item="O16",
        title="ข่าว\n::set-output name=x::y",
        message="หาย\r\n::add-mask::secret\n::set-env name=PATH::/tmp%0A::error::x",
        url="http://x/\u2028::stop-commands::t,\x0b::debug::1\x85::group::g",
        breaches=True,
    )
    findings = [hostile if f.item == "O16" and f.breaches else f for f in demo_report.findings]
    lines = github_annotations(demo_report.model_copy(update={"findings": findings}))

    assert_single_lines(lines)
    assert not [
        line for line in lines if re.search(r"^::(set-output|add-mask|set-env|stop-commands)", line)
    ]
    name, props, message = parse(lines[1])
    assert name == "error"
    assert props == {"title": "OIT O16 disappeared: ข่าว ::set-output name=x::y"}
    assert message.startswith(
        "หาย ::add-mask::secret ::set-env name=PATH::/tmp%0A::error::x — http://x/"
    )


def test_github_escaping_rules() -> None:
    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_capped_at_50_with_one_summary_line(demo_report: CiReport) -> None:
    findings = [
        Finding(kind=kind, item=item.id, title=item.title, message=item.reason, breaches=True)
        for item in demo_report.result.items
        for kind in ("regression", "disappeared")
    ]  # 70 errors
    lines = github_annotations(demo_report.model_copy(update={"findings": findings}))

    assert len(lines) == MAX_ANNOTATIONS + 1
    assert all(line.startswith("::error ") for line in lines[:MAX_ANNOTATIONS])
    name, props, message = parse(lines[-1])
    assert name == "notice" and props == {"title": "OIT demo"}
    assert message.startswith("20 more annotation(s) not shown (20 error(s), 0 warning(s))")


def test_a_hostile_site_gives_single_bounded_lines(hostile_report: CiReport) -> None:
    lines = github_annotations(hostile_report)

    assert_single_lines(lines)
    assert len([line for line in lines if line.startswith("::error")]) == 2
    for line in lines:
        assert len(line) < 4000
        parse(line)  # properties end where they should: ":" and "," inside a title are escaped


@settings(max_examples=100, deadline=None)
@given(
    title=st.text(st.characters(exclude_categories=()), max_size=80),
    message=st.text(st.characters(exclude_categories=()), max_size=80),
    url=st.text(max_size=80),
)
def test_any_text_gives_one_line_per_annotation(
    demo_result: ScanResult,
    make_report: Callable[..., CiReport],
    title: str,
    message: str,
    url: str,
) -> None:
    report = make_report(demo_result)
    findings = [
        f.model_copy(update={"title": title, "message": message, "url": url})
        if f.item in ("O9", "O12")
        else f
        for f in report.findings
    ]
    lines = github_annotations(report.model_copy(update={"findings": findings}))

    assert_single_lines(lines)
    assert len(lines) == 15
    for line in lines:
        parse(line)
