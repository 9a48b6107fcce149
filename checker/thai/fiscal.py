"""Buddhist-era years, Thai fiscal years and Thai date formatting.

Fiscal year (ปีงบประมาณ) N, a BE year, runs 1 October of BE N−1 to 30 September of BE N.
All ``date`` values are ordinary (CE) dates; only the ``int`` years named ``fy`` or BE are BE.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

__all__ = [
    "BANGKOK",
    "BE_OFFSET",
    "be_to_ce",
    "ce_to_be",
    "first_half",
    "fiscal_quarter",
    "fiscal_year_of",
    "fiscal_year_range",
    "format_thai_date",
    "month_from_key",
    "month_key",
    "month_range",
    "months_in",
    "quarter_range",
    "thai_month_name",
    "today_in_bangkok",
]

#: Thailand's time zone: "today", scan dates and due dates are days in Bangkok.
BANGKOK = ZoneInfo("Asia/Bangkok")


def today_in_bangkok() -> date:
    return datetime.now(BANGKOK).date()


BE_OFFSET = 543

_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
_MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)


def be_to_ce(year: int) -> int:
    """BE year → CE year (2567 → 2024)."""
    return year - BE_OFFSET


def ce_to_be(year: int) -> int:
    """CE year → BE year (2024 → 2567)."""
    return year + BE_OFFSET


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, not {month}")


def month_range(year_ce: int, month: int) -> tuple[date, date]:
    """First and last day of a month (CE year)."""
    _check_month(month)
    return date(year_ce, month, 1), date(year_ce, month, calendar.monthrange(year_ce, month)[1])


def fiscal_year_of(day: date) -> int:
    """The fiscal year (BE) that ``day`` falls in."""
    return ce_to_be(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_range(fy: int) -> tuple[date, date]:
    """First and last day (inclusive) of fiscal year ``fy`` (BE)."""
    year = be_to_ce(fy)
    return date(year - 1, 10, 1), date(year, 9, 30)


def first_half(fy: int) -> tuple[date, date]:
    """The first six months of fiscal year ``fy`` (รอบ 6 เดือน): 1 Oct – 31 Mar."""
    year = be_to_ce(fy)
    return date(year - 1, 10, 1), date(year, 3, 31)


def fiscal_quarter(day: date) -> int:
    """Quarter of the fiscal year: 1 = Oct–Dec, 2 = Jan–Mar, 3 = Apr–Jun, 4 = Jul–Sep."""
    return (day.month + 2) % 12 // 3 + 1


def quarter_range(fy: int, quarter: int) -> tuple[date, date]:
    """First and last day of quarter ``quarter`` (1–4) of fiscal year ``fy`` (BE)."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter must be 1..4, not {quarter}")
    start_month = (quarter * 3 + 6) % 12 + 1  # 1 → 10, 2 → 1, 3 → 4, 4 → 7
    year = be_to_ce(fy) - (1 if quarter == 1 else 0)
    return date(year, start_month, 1), month_range(year, start_month + 2)[1]


def months_in(start: date, end: date) -> list[tuple[int, int]]:
    """(CE year, month) pairs from ``start``'s month to ``end``'s month inclusive."""
    first = start.year * 12 + start.month - 1
    last = end.year * 12 + end.month - 1
    return [(i // 12, i % 12 + 1) for i in range(first, last + 1)]


def month_key(year_ce: int, month: int) -> int:
    """Compact month value: (2023, 10) → 202310."""
    _check_month(month)
    return year_ce * 100 + month


def month_from_key(key: int) -> tuple[int, int]:
    """Inverse of ``month_key``: 202310 → (2023, 10)."""
    year, month = divmod(key, 100)
    _check_month(month)
    return year, month


def thai_month_name(month: int, *, short: bool = False) -> str:
    """ตุลาคม, or ต.ค. when ``short``."""
    _check_month(month)
    return (_MONTHS_SHORT if short else _MONTHS)[month - 1]


def format_thai_date(day: date, *, short_month: bool = False) -> str:
    """Thai date with a BE year: "30 เมษายน 2567", or "30 เม.ย. 2567" when ``short_month``."""
    return f"{day.day} {thai_month_name(day.month, short=short_month)} {ce_to_be(day.year)}"
