"""Render the readiness report: one self-contained Thai HTML file, no script, nothing to load.

Everything taken from websites reaches the page through Jinja's autoescaping; nothing here marks
such text safe. Only ``http``/``https`` addresses become links. A strict Content-Security-Policy
in the page stops anything from loading or running even if a mistake let markup through.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from checker.report import charts
from checker.report.data import ReportData
from checker.report.fonts import FONT_STACK, font_face_css
from checker.result import IndicatorComparison, ItemResult
from checker.scoring import ScoreRange
from checker.tasks.models import Task
from checker.thai.fiscal import BANGKOK, format_thai_date

CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:"
#: A link's visible address is cut after this many characters (the href keeps all of it).
URL_TEXT_LIMIT = 160
#: Any one text shown is cut after this many characters. Real titles, reasons and notes are a
#: few hundred at most; a site's 10,000-character "word" would only bury the page and make a
#: browser spend seconds breaking it into lines. Longer URLs are shown, cut, but not linked.
TEXT_LIMIT = 1000
_HTTP_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)


def is_http_url(value: object) -> bool:
    """True only for an absolute http(s) address without spaces or control characters.

    ``fullmatch`` on the raw string: " javascript:…", "java\\tscript:…" or "data:…" never pass.
    """
    return (
        isinstance(value, str)
        and len(value) <= TEXT_LIMIT
        and _HTTP_URL.fullmatch(value) is not None
    )


def url_text(value: str) -> str:
    return value if len(value) <= URL_TEXT_LIMIT else value[: URL_TEXT_LIMIT - 1] + "…"


def _clip(value: object) -> object:
    """Every ``{{ … }}`` output passes here before escaping (Jinja's ``finalize``).

    Markup is ours (SVG, the font) and left whole; plain text is cut at ``TEXT_LIMIT``.
    """
    if isinstance(value, str) and not isinstance(value, Markup) and len(value) > TEXT_LIMIT:
        return value[: TEXT_LIMIT - 1] + "…"
    return value


def thai_date(value: dt.date | dt.datetime, short: bool = False) -> str:
    """BE date; a moment (stored in UTC) is shown as the officer's day in Bangkok."""
    if isinstance(value, dt.datetime):
        value = charts.scan_day(value)
    return format_thai_date(value, short_month=short)


def thai_time(value: dt.datetime) -> str:
    """ "14.05 น." in Bangkok time (Thai official style uses a dot)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(BANGKOK).strftime("%H.%M น.")


def score_text(value: ScoreRange) -> str:
    """ "66.43", or "50.00–62.50" when items are still undecided."""
    return value.text()


@dataclass
class SubView:
    id: str
    title: str
    weight: float
    score: ScoreRange
    items: list[ItemResult]

    @property
    def counts(self) -> dict[str, int]:
        out = {"pass": 0, "fail": 0, "review": 0, "unknown": 0}
        for item in self.items:
            out[item.outcome] += 1
        return out


@dataclass
class IndicatorView:
    id: str
    title: str
    weight: float
    score: ScoreRange
    comparison: IndicatorComparison | None
    subs: list[SubView]


@dataclass
class TaskGroup:
    title: str
    number: int | None  # the measure's number; None when grouped by sub-indicator or unmeasured
    owner: str | None
    timeframe: str | None
    steps: list[str]
    tasks: list[Task] = field(default_factory=list)


@dataclass
class OwnerRow:
    owner: str
    tasks: list[Task]

    @property
    def gain(self) -> float:
        return round(sum(t.gain for t in self.tasks), 2)

    @property
    def due(self) -> dt.date:
        return min(t.due for t in self.tasks)

    @property
    def overdue(self) -> bool:
        return any(t.overdue for t in self.tasks)


def _indicators(data: ReportData) -> list[IndicatorView]:
    result = data.result
    comparison = result.comparison
    by_sub: dict[str, list[ItemResult]] = {}
    for item in result.items:
        by_sub.setdefault(item.subindicator, []).append(item)
    views = []
    for indicator in data.profile.indicators:
        subs = [
            SubView(
                id=sub.id,
                title=sub.title,
                weight=sub.weight,
                score=result.scores.subindicators[sub.id],
                items=by_sub.get(sub.id, []),
            )
            for sub in indicator.subindicators
        ]
        views.append(
            IndicatorView(
                id=indicator.id,
                title=indicator.title,
                weight=indicator.weight,
                score=result.scores.indicators[indicator.id],
                comparison=comparison.indicators.get(indicator.id) if comparison else None,
                subs=subs,
            )
        )
    return views


def _task_groups(data: ReportData) -> list[TaskGroup]:
    """Open tasks by measure (in the measures' order; tasks outside any measure last)."""
    groups: dict[tuple[int, str], TaskGroup] = {}
    for task in data.tasks.tasks:
        measure = task.measure
        if measure is not None:
            key = (measure.number, measure.title)
            group = TaskGroup(
                measure.title, measure.number, measure.owner, measure.timeframe, measure.steps
            )
        else:
            key = (999, task.group)
            group = TaskGroup(task.group, None, None, None, [])
        groups.setdefault(key, group).tasks.append(task)
    return [groups[key] for key in sorted(groups)]


def _owner_rows(tasks: Sequence[Task]) -> list[OwnerRow]:
    rows: dict[str, OwnerRow] = {}
    for task in tasks:
        rows.setdefault(task.owner, OwnerRow(task.owner, [])).tasks.append(task)
    return sorted(rows.values(), key=lambda r: (-r.gain, r.owner))


def _context(data: ReportData, font_css: str) -> dict[str, Any]:
    result = data.result
    items = {item.id: item for item in result.items}
    outcomes = [item.outcome for item in result.items]
    return {
        "d": data,
        "r": result,
        "labels": data.labels,
        "font_css": Markup(font_css),  # generated here from the bundled font, never site text
        "font_stack": Markup(FONT_STACK),
        "csp": CSP,
        "indicators": _indicators(data),
        "items_by_id": items,
        "zeros": [items[i] for i in result.zeros if i in items],
        "undecided": [i for i in result.items if i.outcome in ("review", "unknown")],
        "counts": {o: outcomes.count(o) for o in ("pass", "fail", "review", "unknown")},
        "task_groups": _task_groups(data),
        "owner_rows": _owner_rows(data.tasks.tasks),
        "tasks_by_item": {task.item: task for task in data.tasks.tasks},
        "confidence_words": data.labels.report.confidence,
        "route_words": data.labels.report.routes,
        "fetch_words": data.labels.report.fetch,
        "state_words": data.labels.report.states,
        "short_outcome": data.labels.report.short_outcomes,
        "series": charts.trend_series(data.labels.report),
    }


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("checker.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_clip,
    )
    env.filters["thai_date"] = thai_date
    env.filters["thai_time"] = thai_time
    env.filters["score"] = score_text
    env.filters["url_text"] = url_text
    env.tests["http_url"] = is_http_url
    env.globals["range_bar"] = charts.range_bar
    env.globals["trend_chart"] = charts.trend_chart
    env.globals["legend_swatch"] = charts.legend_swatch
    return env


def render_html(data: ReportData) -> str:
    """The whole report as one HTML document (UTF-8 text).

    Rendered twice: the first pass finds which characters the page uses, the second embeds a
    Sarabun subset with exactly those (plus ASCII and Thai digits).
    """
    template = _environment().get_template("report.html.j2")
    draft = template.render(_context(data, ""))
    return template.render(_context(data, font_face_css(draft)))
