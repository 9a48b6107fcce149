"""Remediation tasks and the Thai labels they are written with."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, model_validator

from checker.crawl.models import FetchOutcome
from checker.evidence.models import Route
from checker.paths import bundled
from checker.result import Outcome
from checker.yaml_source import load_yaml

TaskKind = Literal["publish", "fix_link", "review", "check_server"]
Priority = Literal["high", "medium", "low"]


class MeasureRef(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int
    title: str
    steps: list[str]
    timeframe: str
    owner: str


class Task(BaseModel):
    item: str
    title: str  # the item's Thai title
    subindicator: str
    outcome: Outcome
    status: Literal["open", "fixed"]
    kind: TaskKind
    missing: list[str]  # what is missing, in plain Thai (from the failed checks)
    publish: str  # what to publish
    period: str  # for which period
    where: str  # the ITA-page row or submitted link to fix
    urls: list[str]  # the evidence URLs involved
    hints: list[str]  # pages that would satisfy the item if linked
    measure: MeasureRef | None
    group: str  # the measure's title, or the sub-indicator's when the target has no measures
    owner: str
    priority: Priority
    gain: float  # OIT points the prediction gains when this item passes
    due: dt.date
    overdue: bool
    opened_at: dt.datetime | None = None  # first scan of the current run of non-passing scans
    fixed_at: dt.datetime | None = None
    uncertainty: str | None = None


class TaskList(BaseModel):
    target_id: str
    target_name: str
    as_of: dt.date
    generated_at: dt.datetime
    due_basis: str  # one Thai sentence: how the due date was set
    grouped_by: Literal["measure", "subindicator"]
    tasks: list[Task]  # open tasks, highest priority first
    fixed: list[Task]  # tasks fixed recently (from the history)


class ReportWords(BaseModel):
    """The ``report:`` section of ``rules/report.th.yaml``: words of the readiness report."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    routes: dict[Route, str]
    fetch: dict[FetchOutcome, str]
    states: dict[Literal["gone", "unreachable", "broken"], str]
    short_outcomes: dict[Outcome, str]
    confidence: dict[Literal["V", "A", "K"], str]
    trend_title: str
    trend_scan: str  # "{number}": the scan's id in the history
    trend_series: dict[Literal["oit", "ind9", "ind10"], str]

    @model_validator(mode="after")
    def _every_key_has_words(self) -> ReportWords:
        # A word left out would print as nothing in the report; say which one at load time.
        for name, info in type(self).model_fields.items():
            if get_origin(info.annotation) is dict:
                wanted = get_args(get_args(info.annotation)[0])
                missing = [key for key in wanted if key not in getattr(self, name)]
                if missing:
                    raise ValueError(f"{name}: no words for {', '.join(missing)}")
        return self


class Labels(BaseModel):
    """``rules/report.th.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    outcomes: dict[Outcome, str]
    priorities: dict[Priority, str]
    task_kinds: dict[TaskKind, str]
    task_status: dict[Literal["open", "fixed"], str]
    where: dict[Literal["index_row", "index_missing_row", "no_index", "target_urls"], str]
    check_server: str
    review_task: str
    hint_task: str
    group_by_subindicator: str
    due_basis: dict[Literal["calendar", "window", "fixed", "closed"], str]
    csv_columns: dict[str, str]
    default_owner: str
    no_measure: str
    report: ReportWords


@cache
def labels() -> Labels:
    return load_yaml(bundled("rules/report.th.yaml")).validate(Labels)
