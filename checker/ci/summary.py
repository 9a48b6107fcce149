"""The Markdown summary of ``oit ci --summary``, for ``$GITHUB_STEP_SUMMARY`` or an MR note.

GitHub and GitLab render raw HTML inside Markdown, and titles, reasons, link texts and URLs come
from the scanned website. So every such string is escaped for Markdown *and* HTML: Markdown
punctuation gets a backslash, ``< > &`` become entities (a site's ``<img onerror=…>`` stays text,
and its ``&#106;avascript:`` entities are not decoded). URLs are shown as code spans, never as
links, so a ``javascript:`` URL is never clickable; characters a URL cannot contain unencoded
(backticks, pipes, ``<``, spaces …) are percent-encoded, which keeps the URL valid and stops it
from closing the code span or splitting a table cell. Cells are one line and capped.
"""

from __future__ import annotations

from collections import Counter

from checker.ci.models import CiReport, Finding
from checker.output.markdown import code_url, md
from checker.result import ScanResult
from checker.scoring import ScoreRange

_KIND_TEXT = {
    "regression": "regression (passed in the baseline, does not pass now)",
    "disappeared": "disappeared (evidence is gone or no longer linked)",
    "zero": "zero (predicted to score 0)",
    "unknown": "unknown (could not be fetched)",
}


def markdown_summary(report: CiReport) -> str:
    result = report.result
    lines = _heading(report)
    order = {item.id: n for n, item in enumerate(result.items)}
    findings = sorted(report.findings, key=lambda f: order.get(f.item, len(order)))
    breaching = [f for f in findings if f.breaches]
    if breaching:
        lines += ["", "### Findings that break the build", ""]
        lines += _findings_table(report, breaching)
    # An item already listed above is not repeated below with its (non-breaking) zero finding.
    failed = {f.item for f in breaching}
    others = [f for f in findings if not f.breaches and f.item not in failed]
    if others:
        lines += [
            "",
            f"<details><summary>{len(others)} finding(s) that do not break the build</summary>",
            "",
        ]
        lines += _findings_table(report, others)
        lines += ["", "</details>"]
    lines += ["", "### Predicted score", ""]
    lines += _scores(result)
    lines += ["", "### Outcomes", ""]
    lines += _counts(report)
    if report.waivers:
        lines += ["", "### Waivers", ""]
        lines += _waivers(report)
    return "\n".join(lines) + "\n"


def _heading(report: CiReport) -> list[str]:
    result = report.result
    target = result.target
    policy = ", ".join(report.fail_on)
    breaching = [f for f in report.findings if f.breaches]
    if report.breached:
        mark, verdict = "❌", "policy breached"
        kinds = Counter(f.kind for f in breaching)
        why = (
            f"**{len(breaching)} finding(s) break the build** under `--fail-on {policy}`"
            + (": " + ", ".join(f"{n} {k}" for k, n in kinds.items()) if kinds else "")
            + "."
        )
    else:
        mark, verdict = "✅", "no breach"
        why = f"No finding breaks the build under `--fail-on {policy}`."
        if result.zeros:
            why += f" {len(result.zeros)} item(s) are predicted to score 0 (see Outcomes)."
    lines = [
        f"## {mark} OIT CI: {md(target.id, 100)} — {verdict}",
        "",
        f"**{md(target.name)}** · {code_url(target.base_url)} · ITA {target.assessment_year}"
        f" · as of {result.as_of.isoformat()}",
        "",
        f"Baseline: {md(report.baseline) if report.baseline else 'none'}. {why}",
    ]
    if report.baseline is None and "regression" in report.fail_on:
        lines += ["", "No baseline: regressions and disappeared evidence cannot be detected."]
    if not result.complete:
        lines += ["", "⚠️ **The site could not be reached: the scan is incomplete.**"]
    return lines


def _findings_table(report: CiReport, findings: list[Finding]) -> list[str]:
    rows = ["| Item | Title | What | URL |", "| --- | --- | --- | --- |"]
    for finding in findings:
        what = f"{_KIND_TEXT[finding.kind]}: {md(finding.message)}"
        waiver = report.waived(finding.item)
        if waiver is not None:
            what += f" — waived until {waiver.expires.isoformat()}"
        elif any(w.item == finding.item and w.expired for w in report.waivers):
            what += " — its waiver has expired"
        rows.append(
            f"| {md(finding.item, 20)} | {md(finding.title)} | {what} | {code_url(finding.url)} |"
        )
    return rows


def _scores(result: ScanResult) -> list[str]:
    scores = result.scores
    comparison = result.comparison
    official_head = f" Official {comparison.official_year} |" if comparison else ""
    rows = [f"| | Predicted |{official_head}", "| --- | ---: |" + (" ---: |" if comparison else "")]

    def official(key: str) -> str:
        if comparison is None:
            return ""
        if key in comparison.indicators:
            return f" {comparison.indicators[key].official:.2f} |"
        return " |"

    rows.append(f"| **OIT** | **{scores.oit.text()}** |{official('')}")
    for key, rng in scores.indicators.items():
        rows.append(f"| Indicator {md(key, 10)} | {rng.text()} |{official(key)}")
    profile = result.profile
    lines = [*rows, "", f"Scoring profile: {md(profile.id, 60)} — {md(profile.title)}"]
    if profile.hypothesis:
        note = f": {md(profile.note, 1000)}" if profile.note else ""
        lines += ["", f"⚠️ **This profile is a hypothesis**{note}"]
    if _uncertain(scores.oit, *scores.indicators.values()):
        lines += [
            "",
            "Figures are ranges: items in review or unknown count 0 in the low figure"
            " and 100 in the high one.",
        ]
    if comparison:
        for key, comp in comparison.indicators.items():
            if comp.note_en:
                lines += ["", f"Indicator {md(key, 10)}: {md(comp.note_en, 1000)}"]
        for pid, alt in comparison.alternative_profiles.items():
            figures = ", ".join(
                f"indicator {md(k, 10)} {v.text()}" for k, v in alt.indicators.items()
            )
            lines += [
                "",
                f"Under the alternative profile {md(pid, 60)}: {figures}, OIT {alt.oit.text()}.",
            ]
    return lines


def _uncertain(*ranges: ScoreRange) -> bool:
    return any(not r.certain for r in ranges)


def _counts(report: CiReport) -> list[str]:
    result = report.result
    outcomes = Counter(item.outcome for item in result.items)
    kinds = Counter(f.kind for f in report.findings)
    breaking = Counter(f.kind for f in report.findings if f.breaches)
    lines = [
        "| Outcome | Items |",
        "| --- | ---: |",
        *(f"| {o} | {outcomes.get(o, 0)} |" for o in ("pass", "fail", "review", "unknown")),
    ]
    if kinds:
        lines += ["", "| Finding | All | Breaking |", "| --- | ---: | ---: |"]
        for kind in ("regression", "disappeared", "zero", "unknown"):
            lines.append(f"| {kind} | {kinds.get(kind, 0)} | {breaking.get(kind, 0)} |")
    if result.zeros:
        lines += ["", "Predicted zeros: " + ", ".join(md(z, 20) for z in result.zeros)]
    return lines


def _waivers(report: CiReport) -> list[str]:
    lines = [
        "| Item | Status | Expires | Approved by | Reason | Note |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for waiver in report.waivers:
        status = "**expired, no longer applies**" if waiver.expired else "active"
        lines.append(
            f"| {md(waiver.item, 20)} | {status} | {waiver.expires.isoformat()} |"
            f" {md(waiver.approved_by, 100)} | {md(waiver.reason)} | {md(waiver.note)} |"
        )
    return lines
