"""What ``oit ci`` decided: findings against the baseline and whether the policy is breached."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from checker.result import ScanResult

FailOn = Literal["regression", "zero", "unknown"]
#: ``regression``: passed in the baseline, does not pass now · ``disappeared``: evidence the
#: baseline used answers 404/410 or is no longer linked from the ITA page · ``zero``: predicted
#: to score 0 · ``unknown``: could not be fetched.
FindingKind = Literal["regression", "disappeared", "zero", "unknown"]


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: FindingKind
    item: str
    title: str  # Thai item title
    message: str  # Thai: the reason (from the result) or what disappeared
    url: str | None = None
    breaches: bool  # counts against the --fail-on policy (False when waived or not selected)


class WaiverStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    item: str
    reason: str
    note: str
    approved_by: str
    expires: dt.date
    expired: bool


class CiReport(BaseModel):
    """Everything the CI outputs (exit code, JUnit, Markdown, annotations) are made from."""

    result: ScanResult
    baseline: str | None  # "history scan #12 (2024-04-01)", "file baseline.json", or None
    fail_on: list[FailOn]
    findings: list[Finding]
    waivers: list[WaiverStatus]
    breached: bool

    def waived(self, item: str) -> WaiverStatus | None:
        for waiver in self.waivers:
            if waiver.item == item and not waiver.expired:
                return waiver
        return None
