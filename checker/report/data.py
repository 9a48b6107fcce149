"""Everything the readiness report shows, gathered in one model (the template only formats)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from checker.catalogue.loader import LoadedCatalogue
from checker.catalogue.models import Profile
from checker.history.store import HistoryStore
from checker.measures import Measures
from checker.result import ScanResult
from checker.target import LoadedTarget
from checker.tasks.build import build_tasks
from checker.tasks.models import Labels, TaskList, labels


class TrendPoint(BaseModel):
    """One complete scan in the history, for the trend chart."""

    scan_id: int
    started_at: dt.datetime
    as_of: dt.date | None
    oit_low: float
    oit_high: float
    ind9_low: float
    ind9_high: float
    ind10_low: float
    ind10_high: float
    zeros: int


class ReportData(BaseModel):
    result: ScanResult
    tasks: TaskList
    trend: list[TrendPoint]  # oldest first; the current scan included when it is recorded
    profile: Profile
    catalogue_title: str
    needs: dict[str, str]  # item id → what the assessor checks (Thai)
    measures: Measures | None
    labels: Labels
    generated_at: dt.datetime


def report_data(
    result: ScanResult,
    loaded_target: LoadedTarget,
    loaded: LoadedCatalogue,
    store: HistoryStore | None = None,
    now: dt.datetime | None = None,
) -> ReportData:
    now = now or dt.datetime.now(dt.UTC)
    timeline = store.item_timeline(result.target.id) if store is not None else []
    trend: list[TrendPoint] = []
    if store is not None:
        for row in reversed(store.scans(result.target.id, limit=60)):
            if row.oit_low is None or row.oit_high is None:
                continue
            trend.append(
                TrendPoint(
                    scan_id=row.id,
                    started_at=row.started_at,
                    as_of=row.as_of,
                    oit_low=row.oit_low,
                    oit_high=row.oit_high,
                    ind9_low=row.ind9_low or 0.0,
                    ind9_high=row.ind9_high or 0.0,
                    ind10_low=row.ind10_low or 0.0,
                    ind10_high=row.ind10_high or 0.0,
                    zeros=row.zeros or 0,
                )
            )
    return ReportData(
        result=result,
        tasks=build_tasks(result, loaded_target, loaded, timeline, now),
        trend=trend,
        profile=loaded.profile(result.profile.id),
        catalogue_title=loaded.catalogue.title,
        needs={item.id: item.needs for item in loaded.items},
        measures=loaded_target.measures(),
        labels=labels(),
        generated_at=now,
    )
