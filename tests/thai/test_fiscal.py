"""checker.thai.fiscal: BE years, fiscal years, quarters, months, Thai date formatting."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.thai.fiscal import (
    be_to_ce,
    ce_to_be,
    first_half,
    fiscal_quarter,
    fiscal_year_of,
    fiscal_year_range,
    format_thai_date,
    month_from_key,
    month_key,
    month_range,
    months_in,
    quarter_range,
    thai_month_name,
)

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))
fiscal_years = st.integers(min_value=2444, max_value=2742)


def test_buddhist_era() -> None:
    assert be_to_ce(2567) == 2024
    assert ce_to_be(2024) == 2567
    assert ce_to_be(be_to_ce(2500)) == 2500


@pytest.mark.parametrize(
    ("day", "fy"),
    [
        (date(2023, 9, 30), 2566),
        (date(2023, 10, 1), 2567),
        (date(2024, 3, 31), 2567),
        (date(2024, 4, 30), 2567),
        (date(2024, 9, 30), 2567),
        (date(2024, 10, 1), 2568),
        (date(2024, 12, 31), 2568),
        (date(2025, 1, 1), 2568),
    ],
)
def test_fiscal_year_of(day: date, fy: int) -> None:
    assert fiscal_year_of(day) == fy


def test_fiscal_year_2567() -> None:
    assert fiscal_year_range(2567) == (date(2023, 10, 1), date(2024, 9, 30))
    assert first_half(2567) == (date(2023, 10, 1), date(2024, 3, 31))
    assert fiscal_year_range(2566) == (date(2022, 10, 1), date(2023, 9, 30))


def test_quarters_of_fiscal_year_2567() -> None:
    assert quarter_range(2567, 1) == (date(2023, 10, 1), date(2023, 12, 31))
    assert quarter_range(2567, 2) == (date(2024, 1, 1), date(2024, 3, 31))
    assert quarter_range(2567, 3) == (date(2024, 4, 1), date(2024, 6, 30))
    assert quarter_range(2567, 4) == (date(2024, 7, 1), date(2024, 9, 30))
    assert [fiscal_quarter(date(2024, m, 15)) for m in range(1, 13)] == [
        2, 2, 2, 3, 3, 3, 4, 4, 4, 1, 1, 1,
    ]  # fmt: skip


@pytest.mark.parametrize("quarter", [0, 5, -1])
def test_quarter_range_rejects_bad_quarters(quarter: int) -> None:
    with pytest.raises(ValueError, match="quarter"):
        quarter_range(2567, quarter)


def test_month_range() -> None:
    assert month_range(2024, 2) == (date(2024, 2, 1), date(2024, 2, 29))
    assert month_range(2023, 2) == (date(2023, 2, 1), date(2023, 2, 28))
    assert month_range(2023, 12) == (date(2023, 12, 1), date(2023, 12, 31))
    with pytest.raises(ValueError, match="month"):
        month_range(2023, 13)


def test_months_in() -> None:
    first_six = months_in(date(2023, 10, 1), date(2024, 3, 31))
    assert first_six == [(2023, 10), (2023, 11), (2023, 12), (2024, 1), (2024, 2), (2024, 3)]
    assert months_in(date(2024, 3, 31), date(2024, 3, 1)) == [(2024, 3)]  # same month
    assert months_in(date(2024, 4, 1), date(2024, 3, 31)) == []
    assert months_in(date(2024, 1, 5), date(2023, 1, 5)) == []


def test_month_key() -> None:
    assert month_key(2023, 10) == 202310
    assert month_key(2024, 1) == 202401
    assert month_from_key(202310) == (2023, 10)
    assert month_key(2023, 10) < month_key(2023, 11) < month_key(2024, 1)
    with pytest.raises(ValueError, match="month"):
        month_key(2023, 0)
    with pytest.raises(ValueError, match="month"):
        month_from_key(202313)


def test_thai_month_names_and_dates() -> None:
    assert thai_month_name(4) == "เมษายน"
    assert thai_month_name(4, short=True) == "เม.ย."
    assert thai_month_name(7) == "กรกฎาคม"
    assert thai_month_name(10, short=True) == "ต.ค."
    assert format_thai_date(date(2024, 4, 30)) == "30 เมษายน 2567"
    assert format_thai_date(date(2024, 4, 30), short_month=True) == "30 เม.ย. 2567"
    assert format_thai_date(date(2023, 10, 1)) == "1 ตุลาคม 2566"
    with pytest.raises(ValueError, match="month"):
        thai_month_name(0)


@settings(max_examples=200)
@given(dates)
def test_fiscal_year_of_agrees_with_fiscal_year_range(day: date) -> None:
    fy = fiscal_year_of(day)
    start, end = fiscal_year_range(fy)
    assert start <= day <= end
    assert fiscal_year_of(start) == fiscal_year_of(end) == fy
    assert fiscal_year_of(start - timedelta(days=1)) == fy - 1
    assert fiscal_year_of(end + timedelta(days=1)) == fy + 1


@settings(max_examples=200)
@given(dates)
def test_fiscal_quarter_agrees_with_quarter_range(day: date) -> None:
    start, end = quarter_range(fiscal_year_of(day), fiscal_quarter(day))
    assert start <= day <= end


@settings(max_examples=100)
@given(fiscal_years)
def test_quarters_and_halves_tile_the_fiscal_year(fy: int) -> None:
    start, end = fiscal_year_range(fy)
    quarters = [quarter_range(fy, q) for q in (1, 2, 3, 4)]
    assert quarters[0][0] == start
    assert quarters[-1][1] == end
    for (_, prev_end), (next_start, _) in pairwise(quarters):
        assert next_start == prev_end + timedelta(days=1)
    assert first_half(fy) == (quarters[0][0], quarters[1][1])
    assert (end - start).days + 1 in (365, 366)
    assert len(months_in(start, end)) == 12


@settings(max_examples=200)
@given(dates, dates)
def test_months_in_covers_every_day(a: date, b: date) -> None:
    start, end = min(a, b), max(a, b)
    if (end - start).days > 800:
        end = start + timedelta(days=800)
    months = months_in(start, end)
    assert len(set(months)) == len(months)
    assert months == sorted(months)
    covered = set(months)
    day = start
    while day <= end:
        assert (day.year, day.month) in covered
        day += timedelta(days=1)
    assert months[0] == (start.year, start.month)
    assert months[-1] == (end.year, end.month)


@settings(max_examples=100)
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=12))
def test_month_key_round_trip(year: int, month: int) -> None:
    assert month_from_key(month_key(year, month)) == (year, month)
