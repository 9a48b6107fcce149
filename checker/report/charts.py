"""Inline SVG for the readiness report: score bars with their low–high range, and the trend.

No script, no external reference: every figure is a few shapes sized by ``viewBox`` so it scales
to the column it sits in (screen or A4) without overflowing. Every text placed in an SVG goes
through ``escape``; only the shapes' numbers are formatted here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup, escape

from checker.report.data import TrendPoint
from checker.tasks.models import ReportWords
from checker.thai.fiscal import BANGKOK, format_thai_date

ACCENT = "#1f4e79"  # the report's one accent colour (a government navy)
ACCENT_LIGHT = "#9fb9d6"  # the uncertain part of a range: same hue, lighter
TRACK = "#e8ecf1"
INK = "#1d2630"
MUTED = "#5b6672"
GRID = "#d5dbe2"


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def range_bar(low: float, high: float, *, marker: float | None = None, label: str = "") -> Markup:
    """A 0–100 bar: solid to ``low``, lighter from ``low`` to ``high``, a tick at ``marker``.

    Stretched to its box (``preserveAspectRatio="none"``); lines keep their width with
    ``non-scaling-stroke``, so the bar fills any column width.
    """
    low, high = _clamp(low), _clamp(max(low, high))
    parts = [
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img"'
        f' aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(label)}</title>" if label else "",
        f'<rect x="0" y="0" width="100" height="10" fill="{TRACK}"/>',
    ]
    if low > 0:
        parts.append(f'<rect x="0" y="0" width="{_num(low)}" height="10" fill="{ACCENT}"/>')
    if high > low:
        parts.append(
            f'<rect x="{_num(low)}" y="0" width="{_num(high - low)}" height="10"'
            f' fill="{ACCENT_LIGHT}"/>'
        )
    for tick in (25, 50, 75):  # quarter lines help read a bar without an axis
        parts.append(
            f'<line x1="{tick}" y1="0" x2="{tick}" y2="10" stroke="#ffffff" stroke-width="1"'
            ' stroke-opacity="0.7" vector-effect="non-scaling-stroke"/>'
        )
    if marker is not None:
        x = _num(_clamp(marker))
        parts.append(
            f'<line x1="{x}" y1="-1" x2="{x}" y2="11" stroke="{INK}" stroke-width="2.5"'
            ' vector-effect="non-scaling-stroke"/>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class Series:
    key: str  # "oit", "ind9", "ind10": the TrendPoint fields are <key>_low / <key>_high
    label: str
    colour: str
    dash: str  # distinguishes the lines when printed in black and white
    marker: str  # "circle", "square", "diamond"


_SERIES_STYLE: tuple[tuple[Literal["oit", "ind9", "ind10"], str, str, str], ...] = (
    # key, colour, dash, marker
    ("oit", ACCENT, "", "circle"),
    ("ind9", "#2f7d6d", "6 4", "square"),
    ("ind10", "#a0522d", "2 3", "diamond"),
)


def trend_series(words: ReportWords) -> tuple[Series, ...]:
    """The three lines of the trend chart, named in the report's words."""
    return tuple(
        Series(key, words.trend_series[key], colour, dash, marker)
        for key, colour, dash, marker in _SERIES_STYLE
    )


_W, _H = 720.0, 270.0
_LEFT, _RIGHT, _TOP, _BOTTOM = 44.0, 64.0, 14.0, 44.0


def _y(value: float) -> float:
    return _TOP + (100.0 - _clamp(value)) / 100.0 * (_H - _TOP - _BOTTOM)


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if kind == "diamond":
        return (
            f'<path d="M{x:.1f} {y - 4.5:.1f}L{x + 4.5:.1f} {y:.1f}L{x:.1f} {y + 4.5:.1f}'
            f'L{x - 4.5:.1f} {y:.1f}Z" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def scan_day(moment: dt.datetime) -> dt.date:
    """The officer's calendar day of a scan (scans are stored in UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(BANGKOK).date()


def _x_labels(
    points: Sequence[TrendPoint], scan_word: str, most: int = 8
) -> list[tuple[str, str] | None]:
    """(short BE date, "scan N") under every few points, always under the newest.

    Several scans may share a day, so the scan number tells them apart.
    """
    step = max(1, -(-len(points) // most))
    labels: list[tuple[str, str] | None] = []
    for index, point in enumerate(points):
        last = index == len(points) - 1
        near_last = not last and len(points) - 1 - index < step  # would collide with the newest
        if (index % step == 0 and not near_last) or last:
            day = format_thai_date(scan_day(point.started_at), short_month=True)
            labels.append((day, scan_word.format(number=point.scan_id)))
        else:
            labels.append(None)
    return labels


def trend_chart(points: Sequence[TrendPoint], words: ReportWords) -> Markup:
    """Line chart of the OIT and indicators 9 and 10 over the scans (oldest first).

    Scans are spaced evenly (several may fall on one day); the line is the low score and a
    light band reaches up to the high score when some items could not be decided.
    """
    count = len(points)
    plot_w = _W - _LEFT - _RIGHT

    def x_of(index: int) -> float:
        return _LEFT + (plot_w / 2 if count == 1 else index * plot_w / (count - 1))

    parts = [
        f'<svg class="trend" viewBox="0 0 {_W:.0f} {_H:.0f}" role="img"'
        f' aria-label="{escape(words.trend_title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(words.trend_title)}</title>",
    ]
    for value in (0, 20, 40, 60, 80, 100):
        y = _y(value)
        parts.append(
            f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_W - _RIGHT}" y2="{y:.1f}" stroke="{GRID}"'
            ' stroke-width="1"/>'
            f'<text x="{_LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12"'
            f' fill="{MUTED}">{value}</text>'
        )
    for index, label in enumerate(_x_labels(points, words.trend_scan)):
        if label is not None:
            day, number = label
            x = x_of(index)
            parts.append(
                f'<text x="{x:.1f}" y="{_H - _BOTTOM + 20:.1f}" text-anchor="middle"'
                f' font-size="12" fill="{MUTED}">{escape(day)}'
                f'<tspan x="{x:.1f}" dy="15" font-size="11">{escape(number)}</tspan></text>'
            )
    ends: list[tuple[float, Series, float]] = []
    for series in trend_series(words):
        lows = [float(getattr(p, f"{series.key}_low")) for p in points]
        highs = [float(getattr(p, f"{series.key}_high")) for p in points]
        if any(h > lo for lo, h in zip(lows, highs, strict=True)):
            upper = " ".join(f"{x_of(i):.1f},{_y(h):.1f}" for i, h in enumerate(highs))
            lower = " ".join(
                f"{x_of(i):.1f},{_y(lo):.1f}" for i, lo in reversed(list(enumerate(lows)))
            )
            parts.append(
                f'<polygon points="{upper} {lower}" fill="{series.colour}" fill-opacity="0.14"/>'
            )
        if count > 1:
            line = " ".join(f"{x_of(i):.1f},{_y(lo):.1f}" for i, lo in enumerate(lows))
            dash = f' stroke-dasharray="{series.dash}"' if series.dash else ""
            parts.append(
                f'<polyline points="{line}" fill="none" stroke="{series.colour}"'
                f' stroke-width="2.5"{dash} stroke-linejoin="round"/>'
            )
        parts.extend(
            _marker(series.marker, x_of(i), _y(lo), series.colour) for i, lo in enumerate(lows)
        )
        ends.append((_y(lows[-1]), series, lows[-1]))
    # the latest values at the right edge, nudged apart when two lines end close together
    placed: list[float] = []
    for y, series, latest in sorted(ends, key=lambda e: e[0]):
        y_text = y + 4
        while any(abs(y_text - other) < 14 for other in placed):
            y_text += 14
        placed.append(y_text)
        parts.append(
            f'<text x="{_W - _RIGHT + 8:.1f}" y="{y_text:.1f}" font-size="12" font-weight="700"'
            f' fill="{series.colour}">{latest:.2f}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def legend_swatch(series: Series) -> Markup:
    """The small line-and-marker sample shown beside a series' name in the legend."""
    dash = f' stroke-dasharray="{series.dash}"' if series.dash else ""
    return Markup(
        '<svg class="swatch" viewBox="0 0 28 10" aria-hidden="true"'
        ' xmlns="http://www.w3.org/2000/svg">'
        f'<line x1="1" y1="5" x2="27" y2="5" stroke="{series.colour}" stroke-width="2.5"{dash}/>'
        f"{_marker(series.marker, 14, 5, series.colour)}</svg>"
    )
