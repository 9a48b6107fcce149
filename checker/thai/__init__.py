"""Thai text handling: normalisation and tolerant matching, date mentions, fiscal years."""

from __future__ import annotations

from checker.thai.dates import DateMention, MentionKind, find_date_mentions
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
from checker.thai.text import (
    MIN_SKELETON_LENGTH,
    NameMatcher,
    PreparedText,
    match_key,
    normalise,
    skeleton,
    thai_digits_to_ascii,
)

__all__ = [
    "MIN_SKELETON_LENGTH",
    "DateMention",
    "MentionKind",
    "NameMatcher",
    "PreparedText",
    "be_to_ce",
    "ce_to_be",
    "find_date_mentions",
    "first_half",
    "fiscal_quarter",
    "fiscal_year_of",
    "fiscal_year_range",
    "format_thai_date",
    "match_key",
    "month_from_key",
    "month_key",
    "month_range",
    "months_in",
    "normalise",
    "quarter_range",
    "skeleton",
    "thai_digits_to_ascii",
    "thai_month_name",
]
