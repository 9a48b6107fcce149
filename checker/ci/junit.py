"""JUnit XML for ``oit ci --junit``: one testsuite per target, one testcase per OIT item.

CI servers (GitLab merge requests, Jenkins, GitHub test-report actions) put failures in front of
people and fold everything else away. So only findings that break the build under ``--fail-on``
become ``<failure>``; an item that scores 0 without breaching the policy (a zero that was already a
zero in the baseline) is a passed testcase whose ``<system-out>`` says why, otherwise fourteen old
zeros would bury the one page a deploy just removed. ``unknown`` and waived items are ``<skipped>``.

Titles, reasons, link texts and URLs come from the scanned website. ElementTree escapes markup;
on top of that, characters XML 1.0 cannot carry at all (most control characters, lone surrogates,
U+FFFE/U+FFFF) are removed, because ElementTree would write them raw and the report would no longer
parse, and every field is capped so a hostile page cannot blow up the artifact.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from checker.ci.models import CiReport, Finding, WaiverStatus
from checker.result import ItemResult

FIELD_LIMIT = 2000  # characters per field taken from a result (reason, URL, title, note …)
MESSAGE_LIMIT = 300  # the one-line ``message`` attribute of <failure>/<skipped>
EVIDENCE_LIMIT = 10  # evidence lines per testcase; the result JSON has the rest

# Everything outside the XML 1.0 Char production, plus C1 controls (legal but discouraged, and
# never meaningful in a Thai web page) and bidi overrides/isolates (they can make a URL read
# differently from what it is in a CI web view).
_NOT_XML = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u202a-\u202e\u2066-\u2069]"
)
_SPACES = re.compile(r"\s+")

OUTCOME_TEXT = {
    "pass": "pass",
    "fail": "fail (predicted to score 0)",
    "review": "review (a person must check; counts 0–100)",
    "unknown": "unknown (could not be fetched; counts 0–100)",
}


def clean(text: str | None, limit: int = FIELD_LIMIT) -> str:
    """``text`` made safe for an XML text node or attribute (ElementTree escapes the markup)."""
    if not text:
        return ""
    text = _NOT_XML.sub("", text)
    if len(text) > limit:
        text = f"{text[:limit]}… [{len(text) - limit} more characters cut]"
    return text


def one_line(text: str | None, limit: int = MESSAGE_LIMIT) -> str:
    return clean(_SPACES.sub(" ", text or "").strip(), limit)


def junit_xml(report: CiReport) -> str:
    """The report as a JUnit XML document (str with an XML declaration; write it as UTF-8)."""
    result = report.result
    started = _utc(result.started_at)
    elapsed = max(0.0, (_utc(result.finished_at) - started).total_seconds())
    cases: list[ET.Element] = []
    failures = skipped = 0
    for item in result.items:
        case, status = _testcase(report, item)
        cases.append(case)
        failures += status == "failure"
        skipped += status == "skipped"

    root = ET.Element(
        "testsuites",
        {
            "name": "oit-checker ci",
            "tests": str(len(cases)),
            "failures": str(failures),
            "errors": "0",
            "time": f"{elapsed:.3f}",
        },
    )
    suite = ET.SubElement(
        root,
        "testsuite",
        {
            "name": clean(result.target.id, 200),
            "tests": str(len(cases)),
            "failures": str(failures),
            "errors": "0",
            "skipped": str(skipped),
            "time": f"{elapsed:.3f}",
            # xs:dateTime without a zone, as the Ant/Jenkins schemas expect; always UTC
            "timestamp": started.replace(tzinfo=None).isoformat(timespec="seconds"),
        },
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in _properties(report):
        ET.SubElement(properties, "property", {"name": name, "value": clean(value)})
    suite.extend(cases)
    ET.SubElement(suite, "system-out").text = clean(_verdict(report), 4 * FIELD_LIMIT)

    ET.indent(root)  # only adds whitespace around child elements; failure texts are untouched
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:  # results store UTC; a naive value is taken to be UTC too
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _properties(report: CiReport) -> list[tuple[str, str]]:
    result = report.result
    scores = result.scores
    profile = result.profile
    props = [
        ("target", result.target.id),
        ("target_name", result.target.name),
        ("base_url", result.target.base_url),
        ("assessment_year", str(result.target.assessment_year)),
        ("as_of", result.as_of.isoformat()),
        ("catalogue", result.catalogue),
        ("profile", profile.id),
        ("profile_hypothesis", "true" if profile.hypothesis else "false"),
        ("predicted.oit", scores.oit.text()),
    ]
    props += [(f"predicted.indicator.{k}", v.text()) for k, v in scores.indicators.items()]
    props += [(f"predicted.subindicator.{k}", v.text()) for k, v in scores.subindicators.items()]
    if result.comparison:
        for pid, alt in result.comparison.alternative_profiles.items():
            props.append((f"alternative.{pid}.oit", alt.oit.text()))
            props += [
                (f"alternative.{pid}.indicator.{k}", v.text()) for k, v in alt.indicators.items()
            ]
    props += [
        ("zeros", ", ".join(result.zeros)),
        ("complete", "true" if result.complete else "false"),
        ("baseline", report.baseline or "none"),
        ("fail_on", ",".join(report.fail_on)),
        ("breached", "true" if report.breached else "false"),
        ("tool_version", result.tool.get("version", "")),
    ]
    return props


def _testcase(report: CiReport, item: ItemResult) -> tuple[ET.Element, str]:
    """The testcase and its status: ``failure``, ``skipped`` or ``passed``."""
    case = ET.Element(
        "testcase",
        {
            "classname": clean(f"oit.{report.result.target.id}.{item.subindicator}", 300),
            "name": one_line(f"{item.id} {item.title}", FIELD_LIMIT),
            "time": "0",
        },
    )
    findings = [f for f in report.findings if f.item == item.id]
    breaching = [f for f in findings if f.breaches]
    waiver = report.waived(item.id)
    expired = [w for w in report.waivers if w.item == item.id and w.expired]
    details = _details(report, item, findings, waiver, expired)

    if breaching:
        first = breaching[0]
        more = f" (+{len(breaching) - 1} more)" if len(breaching) > 1 else ""
        failure = ET.SubElement(
            case,
            "failure",
            {"message": one_line(f"{first.kind}: {first.message}{more}"), "type": first.kind},
        )
        failure.text = details
        return case, "failure"
    if waiver is not None and item.outcome != "pass":
        message = (
            f"waived until {waiver.expires.isoformat()} by {waiver.approved_by}: {waiver.reason}"
        )
        ET.SubElement(case, "skipped", {"message": one_line(message)})
        ET.SubElement(case, "system-out").text = details
        return case, "skipped"
    if item.outcome == "unknown":
        ET.SubElement(case, "skipped", {"message": one_line(f"unknown: {item.reason}")})
        ET.SubElement(case, "system-out").text = details
        return case, "skipped"
    if item.outcome != "pass" or findings or expired or waiver is not None:
        ET.SubElement(case, "system-out").text = details
    return case, "passed"


def _details(
    report: CiReport,
    item: ItemResult,
    findings: list[Finding],
    waiver: WaiverStatus | None,
    expired: list[WaiverStatus],
) -> str:
    """The full story of one item, for the failure text or <system-out>."""
    score = "" if item.score is None else f", score {item.score}"
    lines = [
        f"{item.id} {one_line(item.title, FIELD_LIMIT)} (sub-indicator {clean(item.subindicator)})",
        f"outcome: {OUTCOME_TEXT[item.outcome]}{score}, confidence {item.confidence}",
        f"reason: {clean(item.reason)}",
    ]
    if item.uncertainty:
        lines.append(f"uncertainty: {clean(item.uncertainty)}")
    policy = ", ".join(report.fail_on)
    for finding in findings:
        verdict = (
            f"breaks the build (--fail-on {policy})"
            if finding.breaches
            else "does not break the build"
        )
        lines.append(f"finding: {finding.kind}, {verdict}: {clean(finding.message)}")
        if finding.url:
            lines.append(f"  url: {clean(finding.url)}")
    breaching = any(f.breaches for f in findings)
    if not breaching and item.outcome != "pass" and waiver is None:
        lines.append(_why_not_breaching(report, item, findings))
    if findings:
        lines.append(f"baseline: {clean(report.baseline) or 'none'}")
    for evidence in item.evidence[:EVIDENCE_LIMIT]:
        status = f"HTTP {evidence.http_status}" if evidence.http_status is not None else ""
        text = f" (link text: {one_line(evidence.link_text)})" if evidence.link_text else ""
        lines.append(
            f"evidence: {evidence.state} {status} {evidence.outcome}: {clean(evidence.url)}{text}"
        )
    if len(item.evidence) > EVIDENCE_LIMIT:
        lines.append(f"… {len(item.evidence) - EVIDENCE_LIMIT} more evidence entries in the result")
    for hint in item.hints[:EVIDENCE_LIMIT]:
        lines.append(f"hint: {clean(hint.message)}: {clean(hint.url)}")
    if waiver is not None:
        lines.append(_waiver_line("waived", waiver))
    for old in expired:
        lines.append(_waiver_line("waiver EXPIRED (no longer applies)", old))
    if item.outcome != "pass":
        rem = item.remediation
        where = f"; where: {clean(rem.where)}" if rem.where else ""
        lines.append(f"to fix: publish {clean(rem.publish)}; period: {clean(rem.period)}{where}")
    return "\n".join(lines)


def _why_not_breaching(report: CiReport, item: ItemResult, findings: list[Finding]) -> str:
    policy = ", ".join(report.fail_on)
    kinds = {f.kind for f in findings}
    if item.outcome == "unknown":
        why = "it could not be fetched, which breaks the build only with --fail-on unknown"
    elif item.outcome == "review":
        why = "it needs a person to check"
    elif "regression" in report.fail_on and report.baseline is None:
        why = "there is no baseline to compare with"
    elif "regression" in report.fail_on and not kinds & {"regression", "disappeared"}:
        why = "not a regression, it did not pass in the baseline either"
    else:
        why = "the policy does not select this finding"
    return f"not a build failure under --fail-on {policy}: {why}"


def _waiver_line(label: str, waiver: WaiverStatus) -> str:
    return (
        f"{label}: until {waiver.expires.isoformat()}, approved by {one_line(waiver.approved_by)}; "
        f"reason: {clean(waiver.reason)}; note: {clean(waiver.note)}"
    )


def _verdict(report: CiReport) -> str:
    breaching = [f for f in report.findings if f.breaches]
    policy = ", ".join(report.fail_on)
    if report.breached:
        kinds = ", ".join(sorted({f.kind for f in breaching}))
        head = f"BREACHED: {len(breaching)} finding(s) break the build under --fail-on {policy}"
        head += f" ({kinds})" if kinds else ""
    else:
        head = f"not breached under --fail-on {policy}"
    lines = [head, f"baseline: {report.baseline or 'none'}"]
    if not report.result.complete:
        lines.append("the site could not be reached: the scan is incomplete")
    lines.append(
        f"predicted OIT {report.result.scores.oit.text()}; zeros: {len(report.result.zeros)}"
    )
    return "\n".join(lines)
