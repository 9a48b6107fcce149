"""Findings of a scan against a baseline, waivers applied, and whether the policy is breached.

``--fail-on`` selects what breaks the build: ``regression`` (default) — an item that passed in
the baseline and does not pass now, or evidence the baseline relied on that disappeared;
``zero`` — any item predicted to score 0; ``unknown`` — any item that could not be fetched.
A waiver that is still valid keeps its item from breaching; an expired one is reported and no
longer applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from checker.alerts.models import Problem
from checker.ci.models import CiReport, FailOn, Finding, FindingKind, WaiverStatus
from checker.monitor.problems import disappearances, regressions
from checker.result import ScanResult
from checker.target import Waiver

DEFAULT_FAIL_ON: tuple[FailOn, ...] = ("regression",)
_POLICY_OF: dict[FindingKind, FailOn] = {
    "regression": "regression",
    "disappeared": "regression",
    "zero": "zero",
    "unknown": "unknown",
}


def evaluate(
    result: ScanResult,
    baseline: ScanResult | None,
    baseline_label: str | None,
    fail_on: Sequence[FailOn],
    waivers: Sequence[Waiver],
    today: dt.date,
    disappeared: Sequence[Problem] | None = None,
) -> CiReport:
    """``disappeared``: the baseline's evidence that is gone or unlinked now, already confirmed by
    a second fetch (``checker.monitor.confirm``); computed here, unconfirmed, when not given."""
    statuses = [
        WaiverStatus(
            item=w.item,
            reason=w.reason,
            note=w.note,
            approved_by=w.approved_by,
            expires=w.expires,
            expired=not w.active_on(today),
        )
        for w in waivers
    ]
    waived = {s.item for s in statuses if not s.expired}
    titles = {i.id: i.title for i in result.items}
    selected = set(fail_on)

    def finding(kind: FindingKind, item: str, message: str, url: str | None = None) -> Finding:
        breaches = _POLICY_OF[kind] in selected and item not in waived and result.complete
        return Finding(
            kind=kind,
            item=item,
            title=titles.get(item, ""),
            message=message,
            url=url,
            breaches=breaches,
        )

    findings: list[Finding] = []
    explained: set[str] = set()
    if baseline is not None and result.complete:
        if disappeared is None:
            disappeared = disappearances(baseline, result)
        for problem in disappeared:
            assert problem.item is not None
            explained.add(problem.item)
            how = (
                "answers " + (problem.detail or "404")
                if problem.kind == "gone"
                else ("is no longer linked from the ITA page")
            )
            findings.append(finding("disappeared", problem.item, f"evidence {how}", problem.url))
        for problem in regressions(baseline, result, explained):
            assert problem.item is not None
            findings.append(finding("regression", problem.item, problem.detail or ""))
    for item in result.items:
        if item.outcome == "fail":
            url = next((e.url for e in item.evidence if e.decisive and e.state != "ok"), None)
            findings.append(finding("zero", item.id, item.reason, url))
        elif item.outcome == "unknown":
            url = next((e.url for e in item.evidence if e.state == "unreachable"), None)
            findings.append(finding("unknown", item.id, item.reason, url))
    return CiReport(
        result=result,
        baseline=baseline_label,
        fail_on=list(fail_on),
        findings=findings,
        waivers=statuses,
        breached=any(f.breaches for f in findings),
    )
