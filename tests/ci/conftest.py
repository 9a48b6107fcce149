"""CiReports for the output formatters, built from a real scan of the bundled demo site.

``data/demo_result.json`` is ``oit demo``'s result.json (14 zeros) with the per-evidence checks
dropped to keep it small and the demo server's random port replaced by 8000. The fixtures add what
``oit ci`` would have decided against a baseline: O9 regressed, O16's evidence disappeared (both
break the build), O8 regressed but is waived, O14's waiver has expired, O20 could not be fetched,
and every zero has a ``zero`` finding that does not break the build under ``--fail-on regression``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from checker.ci.models import CiReport, Finding, WaiverStatus
from checker.result import EvidenceResult, HintResult, ItemResult, ScanResult

DATA = Path(__file__).parent / "data" / "demo_result.json"
BASELINE = "history scan #12 (2024-04-01)"

# What a hostile website can put into page titles, link texts and URLs.
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS = "javascript:alert(1)"
CDATA_END = "]]>"
CONTROL = "\x00\x01\x07\x08\x0b\x0c\x1b[31m\x7f\x85\u2028\u2029\u202e\ud800\ufffe\uffff"
INJECT = "\n::set-output name=x::y"
MARKDOWN = (
    '[click me](javascript:alert(1)) ![x](http://evil.invalid/x.png) <a href="javascript:alert(1)">a</a>'
    " **bold** | cell | `code` # heading <b>b</b> &amp; &#106;avascript: @octocat\r\n---\n> quote"
)
THAI = "รายงานผลการจัดซื้อจัดจ้าง"
LONG = "ก" * 10_000
HOSTILE_TEXT = f"{THAI} {SCRIPT} {IMG} {MARKDOWN} {CDATA_END} & {CONTROL}{INJECT} {JS}"
HOSTILE_URL = f"javascript:alert(1)//{SCRIPT}`|\n::add-mask::x {CDATA_END}&{CONTROL}%0A{IMG}"
HOSTILE_ITEMS = ("O8", "O9", "O14", "O16", "O20")


@pytest.fixture(scope="session")
def demo_result() -> ScanResult:
    return ScanResult.model_validate_json(DATA.read_text(encoding="utf-8"))


def _with_unknown(result: ScanResult, item_id: str) -> ScanResult:
    """The same scan, but ``item_id`` could not be fetched."""
    items = [
        item.model_copy(
            update={
                "outcome": "unknown",
                "score": None,
                "reason": "ไม่สามารถดึงเอกสารได้ (หมดเวลาเชื่อมต่อ)",
            }
        )
        if item.id == item_id
        else item
        for item in result.items
    ]
    return result.model_copy(update={"items": items})


def build_report(result: ScanResult, *, breaking: bool = True) -> CiReport:
    """O9 regression and O16 disappeared break the build unless ``breaking`` is False."""
    result = _with_unknown(result, "O20")
    by_id = {item.id: item for item in result.items}

    def finding(kind: str, item_id: str, message: str, url: str | None, breaches: bool) -> Finding:
        return Finding.model_validate(
            {
                "kind": kind,
                "item": item_id,
                "title": by_id[item_id].title,
                "message": message,
                "url": url,
                "breaches": breaches,
            }
        )

    o9, o16_url = by_id["O9"], by_id["O16"].evidence[0].url
    findings = [
        finding("regression", "O8", by_id["O8"].reason, by_id["O8"].evidence[0].url, False),
        finding("regression", "O9", o9.reason, o9.evidence[0].url, breaking),
        finding(
            "disappeared", "O16", f"หลักฐานที่ใช้ในรอบก่อนตอบ HTTP 404: {o16_url}", o16_url, breaking
        ),
    ]
    findings += [
        finding(
            "zero",
            z,
            by_id[z].reason,
            by_id[z].evidence[0].url if by_id[z].evidence else None,
            False,
        )
        for z in result.zeros
    ]
    findings.append(
        finding("unknown", "O20", by_id["O20"].reason, by_id["O20"].evidence[0].url, False)
    )
    waivers = [
        WaiverStatus(
            item="O8",
            reason="รายงานรอบ 6 เดือนอยู่ระหว่างจัดทำ",
            note="ขึ้นเว็บภายในเดือนพฤษภาคม",
            approved_by="ปลัด อบต.",
            expires=dt.date(2024, 9, 30),
            expired=False,
        ),
        WaiverStatus(
            item="O14",
            reason="สขร.1 ย้อนหลังอยู่ระหว่างสแกน",
            note="",
            approved_by="หัวหน้าสำนักปลัด",
            expires=dt.date(2024, 3, 31),
            expired=True,
        ),
    ]
    return CiReport(
        result=result,
        baseline=BASELINE,
        fail_on=["regression"],
        findings=findings,
        waivers=waivers,
        breached=breaking,
    )


@pytest.fixture
def demo_report(demo_result: ScanResult) -> CiReport:
    return build_report(demo_result)


@pytest.fixture
def clean_report(demo_result: ScanResult) -> CiReport:
    """Same site, nothing breaks the build (the zeros are old zeros)."""
    return build_report(demo_result, breaking=False)


def _hostile_item(item: ItemResult) -> ItemResult:
    evidence = [
        EvidenceResult.model_construct(
            **{
                **ev.__dict__,
                "url": HOSTILE_URL,
                "link_text": HOSTILE_TEXT,
                "title": HOSTILE_TEXT,
                "fetch_reason": HOSTILE_TEXT,
            }
        )
        for ev in item.evidence
    ] or [
        EvidenceResult.model_construct(
            url=HOSTILE_URL,
            source="index",
            link_text=LONG,
            decisive=True,
            state="gone",
            http_status=404,
            outcome="fail",
            checks=[],
        )
    ]
    hints = [
        HintResult.model_construct(url=HOSTILE_URL, link_text=HOSTILE_TEXT, message=HOSTILE_TEXT)
    ]
    return item.model_copy(
        update={
            "title": f"{item.title} {HOSTILE_TEXT}",
            "reason": f"{HOSTILE_TEXT} {LONG}",
            "uncertainty": HOSTILE_TEXT,
            "evidence": evidence,
            "hints": hints,
        }
    )


@pytest.fixture
def hostile_report(demo_result: ScanResult) -> CiReport:
    """The demo report after a hostile site put markup, injections and huge strings everywhere."""
    items = [_hostile_item(i) if i.id in HOSTILE_ITEMS else i for i in demo_result.items]
    target = demo_result.target.model_copy(update={"name": HOSTILE_TEXT, "base_url": HOSTILE_URL})
    result = demo_result.model_copy(update={"items": items, "target": target})
    report = build_report(result)
    findings = [
        f.model_copy(
            update={
                "title": f"{f.title} {HOSTILE_TEXT}",
                "message": f"{HOSTILE_TEXT} {LONG}",
                "url": HOSTILE_URL + LONG,
            }
        )
        if f.item in HOSTILE_ITEMS
        else f
        for f in report.findings
    ]
    waivers = [
        w.model_copy(
            update={
                "reason": HOSTILE_TEXT,
                "note": HOSTILE_TEXT + LONG,
                "approved_by": HOSTILE_TEXT,
            }
        )
        for w in report.waivers
    ]
    return report.model_copy(
        update={"findings": findings, "waivers": waivers, "baseline": f"file {HOSTILE_TEXT}"}
    )


@pytest.fixture(scope="session")
def make_report() -> Callable[..., CiReport]:
    """``build_report`` for tests that need a variant (``make_report(result, breaking=False)``)."""
    return build_report
