"""The evidence a scan collected: fetches, documents, candidates per item, and their routes."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from checker.crawl.models import FetchOutcome, FetchResult
from checker.extract.models import Document

#: How a candidate was found, in order of trust: the target file's item URLs, the agency's ITA
#: page, or the bounded crawl. Assessors read only submitted URLs, so a crawl find never outranks
#: a named one (OIT-2567.md, "Where evidence comes from").
Route = Literal["target", "index", "crawl"]
ROUTE_TRUST: dict[str, int] = {"target": 0, "index": 1, "crawl": 2}


class FetchRecord(BaseModel):
    """A fetch without its body: what history keeps and explain shows."""

    model_config = ConfigDict(frozen=True)

    url: str
    final_url: str
    outcome: FetchOutcome
    status: int | None = None
    reason: str | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    size: int = 0
    truncated: bool = False
    redirects: list[str] = Field(default_factory=list)
    attempts: int = 0
    elapsed: float = 0.0
    fetched_at: dt.datetime

    @classmethod
    def of(cls, result: FetchResult) -> FetchRecord:
        digest = hashlib.sha256(result.body).hexdigest() if result.body else None
        return cls(
            url=result.url,
            final_url=result.final_url,
            outcome=result.outcome,
            status=result.status,
            reason=result.reason,
            content_type=result.content_type,
            etag=result.etag,
            last_modified=result.last_modified,
            sha256=digest,
            size=len(result.body),
            truncated=result.truncated,
            redirects=list(result.redirects),
            attempts=result.attempts,
            elapsed=result.elapsed,
            fetched_at=result.fetched_at,
        )


class Candidate(BaseModel):
    """A URL considered as evidence for an item (all of its parts)."""

    model_config = ConfigDict(frozen=True)

    item: str
    url: str
    route: Route
    via: str | None = None  # the page that linked it (the ITA page, a listing page)
    link_text: str = ""
    hop: int = 0  # 0 named directly; 1 linked from a named page


class RowLink(BaseModel):
    model_config = ConfigDict(frozen=True)

    url: str
    text: str
    wrapped_by: str | None = None


class IndexRow(BaseModel):
    """What the agency's ITA page says for one item."""

    item: str
    label: str  # the code and title as written ("O.3 อำนาจหน้าที่")
    matched_by: Literal["code", "title"]
    links: list[RowLink] = Field(default_factory=list)
    text: str = ""  # the row's text besides links ("อยู่ระหว่างจัดทำ")


class IndexPage(BaseModel):
    url: str
    year_section: int | None = None  # the assessment-year section read; None = page has no years
    years_seen: list[int] = Field(default_factory=list)
    rows: dict[str, IndexRow] = Field(default_factory=dict)


class Gap(BaseModel):
    """Discovery could not look where it should have: these items cannot be failed, only unknown."""

    model_config = ConfigDict(frozen=True)

    items: list[str]
    url: str | None
    reason: str


class Evidence(BaseModel):
    """Everything discovery collected; rules judge only this (they never fetch)."""

    base_url: str
    fetches: dict[str, FetchRecord] = Field(default_factory=dict)
    documents: dict[str, Document] = Field(default_factory=dict)
    candidates: list[Candidate] = Field(default_factory=list)
    decisive: dict[str, Route] = Field(default_factory=dict)  # item → route whose evidence decides
    index: IndexPage | None = None
    index_tried: list[str] = Field(default_factory=list)  # ITA page URLs looked at
    gaps: list[Gap] = Field(default_factory=list)
    offsite: dict[str, str] = Field(default_factory=dict)  # url → host, for links not fetched

    def decisive_candidates(self, item: str) -> list[Candidate]:
        route = self.decisive.get(item)
        return [c for c in self.candidates if c.item == item and c.route == route]

    def hint_candidates(self, item: str) -> list[Candidate]:
        route = self.decisive.get(item)
        return [c for c in self.candidates if c.item == item and c.route != route]
