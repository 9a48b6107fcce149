"""Thai alert messages: every (event, kind) renders, wording rules hold, hostile site text is
defused, and a broken templates file names the file, line and field."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.alerts.messages import (
    MAX_MESSAGE_CHARS,
    KindTemplates,
    clean_text,
    default_templates,
    load_templates,
    render,
    templates_path,
)
from checker.alerts.models import AlertEvent, Problem, ProblemKind
from checker.errors import ConfigError

KINDS: tuple[ProblemKind, ...] = get_args(ProblemKind)
EVENTS = ("opened", "fixed")
SITE_KINDS = {"site_unreachable", "stale"}
MISSING_WORDS = ("ไม่พบ", "หายไป")
UNREACHABLE = "เข้าถึงไม่ได้"
REPORT = "https://reports.example.go.th/khwao-yai/"

HOSTILE = (
    "ชื่อปลอม\n🔴 ข้อ O9 เอกสารหายไป\r\nดูรายงาน: https://evil.example/\x00\x07\x1b[31m"
    "\u202egnp.exe\u2028@everyone <!channel> " + "ก" * 5000
)


def problem(kind: ProblemKind, **changes: str | None) -> Problem:
    site = kind in SITE_KINDS
    values: dict[str, str | None] = {
        "item": None if site else "O8",
        "item_title": None if site else "ช่องทางการติดต่อ",
        "url": "https://www.khwaoyai.go.th/" if site else "https://www.khwaoyai.go.th/o8.pdf",
        "detail": "HTTP 404" if kind == "gone" else "connection timed out",
    }
    values.update(changes)
    return Problem(kind=kind, target_id="khwao-yai", **values)


def event(
    kind: ProblemKind,
    name: str = "opened",
    *,
    report: str | None = REPORT,
    target: str = "องค์การบริหารส่วนตำบลเขวาใหญ่",
    **changes: str | None,
) -> AlertEvent:
    return AlertEvent.model_validate(
        {
            "event": name,
            "problem": problem(kind, **changes),
            "target_name": target,
            # 19:00 UTC on 30 April is 02:00 on 1 May in Bangkok.
            "since": dt.datetime(2024, 4, 30, 19, 0, tzinfo=dt.UTC),
            "at": dt.datetime(2024, 5, 3, 2, 5),  # naive: already Bangkok time
            "report_url": report,
        }
    )


def test_the_shipped_file_covers_every_problem_kind() -> None:
    assert templates_path().is_file()
    assert set(KindTemplates.model_fields) == set(KINDS)
    assert default_templates() is default_templates()  # loaded once per process


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", EVENTS)
def test_every_event_and_kind_renders_short_thai(name: str, kind: ProblemKind) -> None:
    message = render(event(kind, name))
    assert message.title and "\n" not in message.title and "{" not in message.title
    assert "องค์การบริหารส่วนตำบลเขวาใหญ่" in message.title
    assert len(message.title) + 1 + len(message.body) <= MAX_MESSAGE_CHARS
    assert len(message.body.splitlines()) <= 6
    assert message.body.splitlines()[-1] == f"ดูรายงาน: {REPORT}"
    # Buddhist-era date and Bangkok time of the first sighting ("since").
    assert "1 พฤษภาคม 2567 02:00 น." in message.body
    if kind not in SITE_KINDS:
        assert "O8" in message.title
    if name == "fixed":
        assert "แล้ว" in message.title or "อีกครั้ง" in message.title
        assert "3 พฤษภาคม 2567 02:05 น." in message.body  # when it was fixed ("at")


@pytest.mark.parametrize("kind", ["unreachable", "site_unreachable"])
def test_unreachable_is_never_worded_as_missing(kind: ProblemKind) -> None:
    message = render(event(kind))
    text = message.title + message.body
    assert UNREACHABLE in message.title and UNREACHABLE in message.body
    assert not any(word in text for word in MISSING_WORDS)


def test_gone_says_not_found_with_the_status_since_when() -> None:
    message = render(event("gone", detail="HTTP 404"))
    assert "ไม่พบเอกสาร (HTTP 404)" in message.body
    assert "https://www.khwaoyai.go.th/o8.pdf" in message.body
    assert "ตั้งแต่ 1 พฤษภาคม 2567 02:00 น." in message.body


def test_each_opened_kind_says_what_happened() -> None:
    assert "ไม่มีลิงก์" in render(event("unlinked")).body
    assert "เคยผ่านเกณฑ์" in render(event("regression")).body
    stale = render(event("stale"))
    assert "ไม่มีการตรวจตามกำหนด" in stale.body and "1 พฤษภาคม 2567" in stale.body


def test_without_a_report_url_no_report_line_is_written() -> None:
    for kind in KINDS:
        body = render(event(kind, report=None)).body
        assert "รายงาน" not in body and "None" not in body and not body.endswith(":")


def test_unknown_values_leave_their_line_out_and_titles_say_unknown() -> None:
    message = render(event("regression", url=None, detail=None, item=None, item_title=None))
    assert "None" not in message.title + message.body
    assert "ไม่ทราบ" in message.title  # the item is not known
    assert "สาเหตุ" not in message.body  # the detail line is dropped, not printed empty
    assert "เคยผ่านเกณฑ์" in message.body
    assert all(line.strip() for line in message.body.splitlines())


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", EVENTS)
def test_hostile_site_text_cannot_forge_lines_or_grow_the_message(
    name: str, kind: ProblemKind
) -> None:
    calm = render(event(kind, name))
    message = render(
        event(
            kind,
            name,
            item_title=HOSTILE,
            detail=HOSTILE,
            url="https://x.go.th/" + HOSTILE,
            target=HOSTILE,
        )
    )
    assert len(message.title) + 1 + len(message.body) <= MAX_MESSAGE_CHARS
    assert len(message.body.splitlines()) == len(calm.body.splitlines())  # no forged lines
    for text in (message.title, message.body.replace("\n", " ")):
        assert not any(unicodedata.category(ch).startswith("C") for ch in text)
        assert "\u2028" not in text and "@everyone" not in text and "<!channel>" not in text
    assert "…" in message.title  # shortened, and visibly so


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.integers(min_value=2, max_value=120))
def test_clean_text_is_one_bounded_line(text: str, limit: int) -> None:
    out = clean_text(text, limit)
    assert len(out) <= limit
    assert not any(unicodedata.category(ch)[0] == "C" or (ch.isspace() and ch != " ") for ch in out)
    assert out == out.strip()


def test_clean_text_keeps_ordinary_text_verbatim() -> None:
    url = "https://www.khwaoyai.go.th/files/%E0%B8%9B%E0%B8%A3%E0%B8%B0.pdf?a=1&b=2"
    assert clean_text(url, 150) == url
    assert clean_text("ช่องทางการติดต่อ ", 60) == "ช่องทางการติดต่อ"
    huge = "ก" * 10_000_000  # a 10 MB title costs no more than a short one
    assert clean_text(huge, 60) == "ก" * 59 + "…"


# --- broken template files ----------------------------------------------------------------


def write_variant(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """The shipped file with one change; returns the path and the (1-based) changed line."""
    text = templates_path().read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    at = text.index(old)
    path = tmp_path / "notifications.th.yaml"
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return path, text[:at].count("\n") + 1


def line_number(path: Path, line: str, after: int = 0) -> int:
    """The 1-based number of the first line equal to ``line`` below line ``after``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, start=1) if n > after and text == line)


def test_unknown_placeholder_names_file_line_and_field(tmp_path: Path) -> None:
    path, _ = write_variant(tmp_path, "      ตอบกลับว่าไม่พบเอกสาร ({detail})", "      สถานะ {status}")
    with pytest.raises(ConfigError) as caught:
        load_templates(path)
    error = caught.value
    assert error.path == path and error.field == "opened.gone.body"
    assert error.line == line_number(path, "    body: |", after=line_number(path, "opened:"))
    assert "unknown placeholder {status}" in str(error) and "{detail}" in str(error)
    assert str(error).startswith(f"{path}:{error.line}: opened.gone.body: ")


def test_missing_template_is_named(tmp_path: Path) -> None:
    text = templates_path().read_text(encoding="utf-8")
    cut = text.index("  stale:", text.index("\nfixed:"))
    path = tmp_path / "notifications.th.yaml"
    path.write_text(text[:cut], encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_templates(path)
    assert caught.value.field == "fixed.stale" and "missing" in caught.value.message
    fixed = line_number(path, "fixed:")
    assert caught.value.line in (fixed, fixed + 1)  # the "fixed:" mapping


@pytest.mark.parametrize(
    ("old", "new", "field", "says"),
    [
        (  # a site-wide problem has no item
            '    title: "🟠 {target}: เว็บไซต์เข้าถึงไม่ได้"',
            '    title: "🟠 {target}: {item} เว็บไซต์เข้าถึงไม่ได้"',
            "opened.site_unreachable.title",
            "unknown placeholder {item}",
        ),
        (
            '    title: "🔴 {target}: ข้อ {item} ไม่ผ่านเกณฑ์แล้ว"',
            '    title: "🔴 {target!r}: ข้อ {item} ไม่ผ่านเกณฑ์แล้ว"',
            "opened.regression.title",
            "not allowed",
        ),
        (
            '    title: "🔴 {target}: ข้อ {item} ไม่ผ่านเกณฑ์แล้ว"',
            '    title: "🔴 {target: ข้อ {item} ไม่ผ่านเกณฑ์แล้ว"',
            "opened.regression.title",
            "not a valid template",
        ),
        (
            'report_line: "ดูรายงาน: {report}"',
            'report_line: "ดูรายงาน"',
            "report_line",
            "{report}",
        ),
        (
            "      ตั้งแต่ {since}\n  unlinked:",
            "      ตั้งแต่ {since}\n" + "      " + "ข้อความยาวมาก" * 20 + "\n  unlinked:",
            "opened.gone.body",
            "characters",
        ),
        ("version: 1", "version: 2", "version", "1"),
    ],
)
def test_broken_template_is_a_config_error(
    tmp_path: Path, old: str, new: str, field: str, says: str
) -> None:
    path, _ = write_variant(tmp_path, old, new)
    with pytest.raises(ConfigError) as caught:
        load_templates(path)
    assert caught.value.path == path and caught.value.line is not None
    assert caught.value.field == field and says in caught.value.message


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path, line = write_variant(tmp_path, "opened:\n  gone:", "opened:\n  gone: [")
    with pytest.raises(ConfigError) as caught:
        load_templates(path)
    assert caught.value.path == path and caught.value.line is not None
    assert line + 1 <= caught.value.line <= line + 3  # the bracket, or the line after it
    assert "invalid YAML" in caught.value.message
