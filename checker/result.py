"""The scan result: the versioned JSON contract other tools rely on (DESIGN.md, "Contracts").

``checker/schemas/result.schema.json`` is generated from these models (``oit schema``) and a test
keeps the committed file equal to the models and validates real results against it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from checker.evidence.models import Route
from checker.scoring import ScoreRange, Scores

SCHEMA_VERSION = "1.0"
Outcome = Literal["pass", "fail", "review", "unknown"]
CandidateState = Literal["ok", "gone", "unreachable", "offsite", "broken"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckResult(_Model):
    id: str = Field(description="part.check, e.g. 'progress.six_months'")
    part: str
    check: str
    kind: str
    outcome: Outcome
    message: str = Field(description="what was looked for and what was found, in Thai")
    note: str | None = None


class EvidenceResult(_Model):
    url: str
    source: Route
    via: str | None = None
    link_text: str = ""
    hop: int = 0
    decisive: bool = Field(description="true when this route decides the item (others are hints)")
    state: CandidateState
    http_status: int | None = None
    fetch_outcome: str | None = None
    fetch_reason: str | None = None
    content_type: str | None = None
    kind: str | None = None
    title: str | None = None
    sha256: str | None = None
    fetched_at: dt.datetime | None = None
    outcome: Outcome = Field(description="what this candidate alone would give the item")
    checks: list[CheckResult] = Field(default_factory=list)


class HintResult(_Model):
    url: str
    link_text: str = ""
    message: str


class RemediationResult(_Model):
    publish: str
    period: str
    where: str | None = None


class ItemResult(_Model):
    id: str
    title: str
    subindicator: str
    outcome: Outcome
    score: int | None = Field(description="100 or 0; null when review or unknown")
    confidence: Literal["V", "A", "K"]
    uncertainty: str | None = None
    route: Route = Field(description="where the deciding evidence came from")
    reason: str = Field(description="the outcome in one Thai sentence")
    checks: list[CheckResult]
    evidence: list[EvidenceResult]
    hints: list[HintResult] = Field(default_factory=list)
    remediation: RemediationResult
    official_score: int | None = None
    gaps: list[str] = Field(
        default_factory=list,
        description="where discovery could not look for this item (why it may be unknown)",
    )


class TargetInfo(_Model):
    id: str
    name: str
    base_url: str
    assessment_year: int


class ProfileInfo(_Model):
    id: str
    title: str
    hypothesis: bool
    note: str | None = None


class IndicatorComparison(_Model):
    predicted: ScoreRange
    official: float
    difference: float | None = Field(description="official − predicted when certain")
    note_en: str | None = None
    note_th: str | None = None


class Comparison(_Model):
    official_year: int
    source: str | None = None
    indicators: dict[str, IndicatorComparison]
    items_differing: list[str] = Field(description="items whose predicted score differs")
    alternative_profiles: dict[str, Scores] = Field(default_factory=dict)


class CrawlSummary(_Model):
    requests: int
    bytes_received: int
    not_modified: int = 0
    urls_fetched: int
    documents_read: int
    index_url: str | None = None
    index_year_section: int | None = None
    index_rows: int = 0
    gaps: list[str] = Field(default_factory=list)
    duration_seconds: float


class ScanResult(_Model):
    schema_version: str = SCHEMA_VERSION
    tool: dict[str, str]
    target: TargetInfo
    catalogue: str
    profile: ProfileInfo
    as_of: dt.date
    started_at: dt.datetime
    finished_at: dt.datetime
    complete: bool = Field(description="false when the site could not be reached at all (exit 3)")
    items: list[ItemResult]
    zeros: list[str] = Field(description="items predicted to score 0")
    scores: Scores
    comparison: Comparison | None = None
    crawl: CrawlSummary

    @property
    def incomplete_because(self) -> str:
        """Why an incomplete scan stopped at the door (its first discovery gap), for messages."""
        return self.crawl.gaps[0].partition(": ")[2] if self.crawl.gaps else "no answer"

    def item(self, item_id: str) -> ItemResult:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)
