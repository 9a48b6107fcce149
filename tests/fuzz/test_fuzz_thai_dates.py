"""Fuzz the Thai date parser (``find_date_mentions``) and the text normalisation under it.

Contract (checker/thai/dates.py): never raises; returns ``DateMention``s in text order, not
overlapping, each quoting its own text; dates are real CE dates with ``start <= end``. Years come
from the module's rules: two digits are BE (2500–2599 → 1957–2056), four digits ≥ 2400 are BE
(up to 9999 → 9456), 1900–2199 are CE, and with ค.ศ. 1000–2999; a yearless range start may take
the year before its end's. So every year lies in 999..9456, and a fiscal year (BE) in 1543..9999.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from checker.thai import dates as thai_dates
from checker.thai.dates import DateMention, find_date_mentions
from checker.thai.fiscal import fiscal_year_range, month_range
from checker.thai.text import NameMatcher, match_key, normalise, skeleton
from tests.fuzz.support import THAI_DIGITS, THAI_LETTERS, fuzz_settings, ran

KINDS = {"day", "month", "year", "fiscal_year", "year_range", "fiscal_half", "range"}
YEARS = range(999, 9456 + 1)
FISCAL_YEARS = range(1543, 9999 + 1)

# The module's own vocabulary: month names and abbreviations (with and without dots), eras,
# fiscal-year words, weekdays, plan words, range words.
_THAI_MONTHS = [*thai_dates._FULL_MONTHS, *thai_dates._ABBREVIATIONS]
_DOTTED = [".".join(abbr) + "." for abbr in thai_dates._ABBREVIATIONS]
_WORDS = [
    *_THAI_MONTHS,
    *_DOTTED,
    *(name.capitalize() for name in thai_dates._ENGLISH_MONTHS),
    "January", "September", "Sept.", "พ.ศ.", "พ.ศ", "พ. ศ.", "ค.ศ.", "ก.พ.ศ.", "ปี", "ปีงบประมาณ",
    "ปีงบ", "ปีงบฯ", "ปงี บประมาณ", "FY", "Fiscal Year", "ไตรมาสที่", "ไตรมาส", "วันที่", "วัน",
    "วันจันทร์ที่", "เดือน", "ถึง", "จนถึง", "และ", "to", "until", "แผน", "ยุทธศาสตร์", "ประจำ",
    "ประจํา", "ของ", "ใน", "(", ")", "st", "th", "T09:53:48+07:00", "Z", "2023-12-19",
]  # fmt: skip
_NUMBERS = st.one_of(
    st.integers(0, 99).map(str),
    st.integers(0, 99).map(lambda n: f"{n:02d}"),
    st.integers(1900, 2200).map(str),
    st.integers(2400, 2700).map(str),
    st.integers(0, 99999).map(str),
    st.sampled_from(["0000", "9999", "2999", "1000", "0999", "31", "29", "30", "00"]),
)
_THAI_NUMBERS = _NUMBERS.map(lambda n: n.translate(str.maketrans("0123456789", THAI_DIGITS)))
_SEPARATORS = st.sampled_from(
    [" ", "", "  ", "-", "–", "—", "/", ".", ",", " - ", " – ", "~", "\u2212", "\n", "\t", ":"]
)
date_like_text = st.lists(
    st.one_of(
        st.sampled_from(_WORDS),
        _NUMBERS,
        _THAI_NUMBERS,
        _SEPARATORS,
        st.text(st.sampled_from(THAI_LETTERS), max_size=4),
    ),
    max_size=30,
).map("".join)
thai_biased_text = st.text(
    st.one_of(
        st.sampled_from(THAI_LETTERS),
        st.sampled_from(THAI_DIGITS + "0123456789"),
        st.sampled_from(" -–/.()"),
        st.characters(),
    ),
    max_size=200,
)


def check_mentions(text: str) -> None:
    mentions = find_date_mentions(text)
    assert isinstance(mentions, list)
    last_end = 0
    for mention in mentions:
        assert isinstance(mention, DateMention)
        assert mention.kind in KINDS
        assert type(mention.start) is dt.date and type(mention.end) is dt.date
        assert isinstance(mention.text, str) and isinstance(mention.position, int)
        assert mention.text, mention
        assert text[mention.position : mention.position + len(mention.text)] == mention.text
        assert mention.position >= last_end, mentions  # in text order, not overlapping
        last_end = mention.position + len(mention.text)
        assert mention.start <= mention.end, mention
        assert mention.start.year in YEARS and mention.end.year in YEARS, mention
        if mention.kind in ("fiscal_year", "fiscal_half"):
            assert isinstance(mention.fiscal_year, int), mention
            assert mention.fiscal_year in FISCAL_YEARS, mention
            first, last = fiscal_year_range(mention.fiscal_year)
            assert first <= mention.start <= mention.end <= last, mention
            if mention.kind == "fiscal_year":
                assert (mention.start, mention.end) == (first, last), mention
        else:
            assert mention.fiscal_year is None, mention
        if mention.kind == "day":
            assert mention.start == mention.end, mention
        if mention.kind == "month":
            assert (mention.start, mention.end) == month_range(
                mention.start.year, mention.start.month
            ), mention
        if mention.kind == "year_range":
            assert (mention.start.month, mention.start.day) == (1, 1), mention
            assert (mention.end.month, mention.end.day) == (12, 31), mention
            assert mention.end.year - mention.start.year < 20, mention


@fuzz_settings(examples=800)
@given(date_like_text)
def test_date_like_text(text: str) -> None:
    ran("Thai date parser (date-like tokens)")
    check_mentions(text)


@fuzz_settings(examples=500)
@given(thai_biased_text)
def test_thai_biased_text(text: str) -> None:
    ran("Thai date parser (Thai-biased text)")
    check_mentions(text)


@fuzz_settings(examples=200)
@given(st.text(max_size=400))
def test_any_unicode_text(text: str) -> None:
    ran("Thai date parser (any Unicode)")
    check_mentions(text)
    # The normalisation every parser input goes through: str in, str out, idempotent.
    once = normalise(text)
    assert isinstance(once, str) and normalise(once) == once
    assert isinstance(match_key(text), str) and isinstance(skeleton(text), str)


@fuzz_settings(examples=300)
@given(date_like_text, thai_biased_text)
def test_normalised_text_and_name_matching(a: str, b: str) -> None:
    ran("Thai text normalisation and name matching")
    text = a + b
    check_mentions(normalise(text))
    once = normalise(text)
    assert normalise(once) == once
    found = NameMatcher([a, b, "แผนการดำเนินงาน"]).find(text)
    assert isinstance(found, list)
