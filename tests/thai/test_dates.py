"""checker.thai.dates.find_date_mentions."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.thai.dates import DateMention, find_date_mentions
from checker.thai.fiscal import fiscal_year_range, month_range
from checker.thai.text import normalise

FULL = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]  # fmt: skip
SHORT = [
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
]  # fmt: skip
ENGLISH = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

FY2567 = (date(2023, 10, 1), date(2024, 9, 30))


def one(text: str) -> DateMention:
    mentions = find_date_mentions(text)
    assert len(mentions) == 1, mentions
    return mentions[0]


def summary(text: str) -> list[tuple[str, date, date]]:
    return [(m.kind, m.start, m.end) for m in find_date_mentions(text)]


# --- each kind ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 ตุลาคม 2566", date(2023, 10, 1)),
        ("วันที่ 28 มีนาคม 2567", date(2024, 3, 28)),
        ("วันจันทร์ที่ 1 เมษายน 2567", date(2024, 4, 1)),
        ("วันพฤหัสบดีที่ 4 เม.ย. 67", date(2024, 4, 4)),
        ("1 ต.ค. 66", date(2023, 10, 1)),
        ("๑ ต.ค. ๖๖", date(2023, 10, 1)),
        ("1 ต.ค.2566", date(2023, 10, 1)),
        ("1ต.ค.66", date(2023, 10, 1)),
        ("1 ต. ค. 66", date(2023, 10, 1)),
        ("1 มี.ค 67", date(2024, 3, 1)),
        ("1 มีค 67", date(2024, 3, 1)),
        ("15 ตุลาคม พ.ศ. 2566", date(2023, 10, 15)),
        ("15 กรกฏาคม 2567", date(2024, 7, 15)),
        ("29 กุมภาพันธ 2567", date(2024, 2, 29)),
        ("15/01/2567", date(2024, 1, 15)),
        ("15-01-2567", date(2024, 1, 15)),
        ("15/1/67", date(2024, 1, 15)),
        ("๑๕/๐๑/๒๕๖๗", date(2024, 1, 15)),
        ("15/01/2024", date(2024, 1, 15)),
        ("2023-12-19", date(2023, 12, 19)),
        ("2023-12-19T09:53:48", date(2023, 12, 19)),
        ("2023-12-19T09:53:48+07:00", date(2023, 12, 19)),
        ("15 January 2024", date(2024, 1, 15)),
        ("15 Jan 2024", date(2024, 1, 15)),
        ("January 15, 2024", date(2024, 1, 15)),
        ("1st October 2023", date(2023, 10, 1)),
    ],
)
def test_full_dates(text: str, expected: date) -> None:
    mention = one(text)
    assert (mention.kind, mention.start, mention.end) == ("day", expected, expected)
    assert mention.text == text
    assert mention.position == 0
    assert mention.fiscal_year is None


def test_iso_datetime_text_includes_the_time() -> None:
    assert one("published 2023-12-19T09:53:48 by admin").text == "2023-12-19T09:53:48"


@pytest.mark.parametrize(
    ("text", "year", "month"),
    [
        ("ตุลาคม 2566", 2023, 10),
        ("ต.ค. 66", 2023, 10),
        ("เดือนมีนาคม พ.ศ. 2567", 2024, 3),
        ("มี.ค.67", 2024, 3),
        ("มีค 67", 2024, 3),
        ("ตค 66", 2023, 10),
        ("เดือนตค 66", 2023, 10),
        ("ก.พ. 2567", 2024, 2),
        ("กุมภาพันธ์ ๒๕๖๗", 2024, 2),
        ("January 2024", 2024, 1),
        ("Sept. 2023", 2023, 9),
    ],
)
def test_months(text: str, year: int, month: int) -> None:
    mention = one(text)
    assert mention.kind == "month"
    assert (mention.start, mention.end) == month_range(year, month)
    assert mention.text == text


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("พ.ศ. 2567", 2024),
        ("พ.ศ.2567", 2024),
        ("ปี 2567", 2024),
        ("ประจำปี 2567", 2024),
        ("ปี พ.ศ. ๒๕๖๗", 2024),
        ("ค.ศ. 2024", 2024),
        ("ปี 2024", 2024),
        ("พ.ศ.67", 2024),
    ],
)
def test_years(text: str, year: int) -> None:
    mention = one(text)
    assert (mention.kind, mention.start, mention.end) == (
        "year",
        date(year, 1, 1),
        date(year, 12, 31),
    )
    assert text.endswith(mention.text)


@pytest.mark.parametrize(
    "text",
    [
        "ปีงบประมาณ พ.ศ. 2567",
        "ปีงบประมาณ ๒๕๖๗",
        "ประจำปีงบประมาณ 2567",
        "ประจำปีงบประมาณ พ.ศ.2567",
        "ปีงบประมาณ 2567",
        "ปีงบ 67",
        "ปีงบฯ 2567",
        "ปีงบประมาณ (พ.ศ. 2567)",
        "ปี งบประมาณ 2567",
        "FY2567",
        "FY 2024",
        "Fiscal Year 2024",
        # damaged PDF text
        "ปงี บประมาณ พ.ศ. 2567",
        "ประจาปีงบประมาณ 2567",
        "ประจ าปีงบประมาณ 2567",
    ],
)
def test_fiscal_years(text: str) -> None:
    mention = one(text)
    assert mention.kind == "fiscal_year"
    assert mention.fiscal_year == 2567
    assert (mention.start, mention.end) == FY2567
    assert text.endswith(mention.text)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("พ.ศ. 2566–2570", 2566, 2570),
        ("พ.ศ. 2566 - 2570", 2566, 2570),
        ("(พ.ศ. 2566-2570)", 2566, 2570),
        ("ปี 2566 ถึง 2570", 2566, 2570),
        ("ปี พ.ศ. 2566 ถึง พ.ศ. 2570", 2566, 2570),
        ("พ.ศ. 66-70", 2566, 2570),
        ("พ.ศ. 2566-70", 2566, 2570),
        ("ปีงบประมาณ 2566-2570", 2566, 2570),
        ("แผนพัฒนาท้องถิ่น 2566-2570", 2566, 2570),
        ("แผนปฏิบัติการป้องกันการทุจริต 4 ปี (2566 - 2569)", 2566, 2569),
        ("ยุทธศาสตร์ชาติ (พ.ศ. 2561 – 2580)", 2561, 2580),
    ],
)
def test_year_ranges(text: str, first: int, last: int) -> None:
    mention = one(text)
    assert mention.kind == "year_range"
    assert (mention.start, mention.end) == (date(first - 543, 1, 1), date(last - 543, 12, 31))
    assert mention.fiscal_year is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("ต.ค. 66 – มี.ค. 67", date(2023, 10, 1), date(2024, 3, 31)),
        ("ต.ค.66-มี.ค.67", date(2023, 10, 1), date(2024, 3, 31)),
        ("ตุลาคม 2566 - มีนาคม 2567", date(2023, 10, 1), date(2024, 3, 31)),
        ("เดือนตุลาคม 2566 – มีนาคม 2567", date(2023, 10, 1), date(2024, 3, 31)),
        ("ตั้งแต่เดือนตุลาคม 2566 ถึงเดือนมีนาคม 2567", date(2023, 10, 1), date(2024, 3, 31)),
        ("1 ต.ค. 2566 ถึง 31 มี.ค. 2567", date(2023, 10, 1), date(2024, 3, 31)),
        ("1 ตุลาคม – 31 ธันวาคม 2566", date(2023, 10, 1), date(2023, 12, 31)),
        ("1 ธันวาคม - 15 มกราคม 2567", date(2023, 12, 1), date(2024, 1, 15)),
        ("ต.ค. – ธ.ค. 66", date(2023, 10, 1), date(2023, 12, 31)),
        ("ตุลาคม – มีนาคม 2567", date(2023, 10, 1), date(2024, 3, 31)),
        (
            "ตั้งแต่วันที่ ๑ ตุลาคม ๒๕๖๖ ถึงวันที่ ๓๑ มีนาคม ๒๕๖๗",
            date(2023, 10, 1),
            date(2024, 3, 31),
        ),
        ("1/10/2566 - 31/3/2567", date(2023, 10, 1), date(2024, 3, 31)),
        ("1 Oct 2023 to 31 Mar 2024", date(2023, 10, 1), date(2024, 3, 31)),
        ("ระหว่างวันที่ 1 - 3 ตุลาคม 2566", date(2023, 10, 1), date(2023, 10, 3)),
        ("วันที่ 28–29 ก.พ. 67", date(2024, 2, 28), date(2024, 2, 29)),
    ],
)
def test_ranges(text: str, start: date, end: date) -> None:
    mention = one(text)
    assert (mention.kind, mention.start, mention.end) == ("range", start, end)
    assert text.endswith(mention.text)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("ไตรมาสที่ 1-2 ปีงบประมาณ 2567", date(2023, 10, 1), date(2024, 3, 31)),
        ("ไตรมาส 1 - 2 ปีงบประมาณ พ.ศ. 2567", date(2023, 10, 1), date(2024, 3, 31)),
        ("ไตรมาสที่ 1 และ 2 ประจำปีงบประมาณ 2567", date(2023, 10, 1), date(2024, 3, 31)),
        ("ไตรมาสที่ 1 ถึงไตรมาสที่ 4 ปีงบ 67", date(2023, 10, 1), date(2024, 9, 30)),
        ("ไตรมาสที่ 2 ของปีงบประมาณ ๒๕๖๗", date(2024, 1, 1), date(2024, 3, 31)),
    ],
)
def test_fiscal_halves(text: str, start: date, end: date) -> None:
    mention = one(text)
    assert (mention.kind, mention.start, mention.end) == ("fiscal_half", start, end)
    assert mention.fiscal_year == 2567


# --- what wins, and what is not a date ---------------------------------------------------------


def test_a_range_wins_over_its_ends() -> None:
    assert summary("1 ต.ค. 2566 ถึง 31 มี.ค. 2567") == [
        ("range", date(2023, 10, 1), date(2024, 3, 31))
    ]


def test_a_full_date_wins_over_the_month_inside_it() -> None:
    assert summary("ลงวันที่ 5 มีนาคม 2567") == [("day", date(2024, 3, 5), date(2024, 3, 5))]


def test_a_fiscal_year_wins_over_the_year_inside_it() -> None:
    assert [m.kind for m in find_date_mentions("ประจำปีงบประมาณ พ.ศ. 2567")] == ["fiscal_year"]


def test_a_year_range_wins_over_its_first_year() -> None:
    assert [m.kind for m in find_date_mentions("พ.ศ. 2566 - 2570")] == ["year_range"]


@pytest.mark.parametrize(
    "text",
    [
        "โทร 043-123456",
        "โทร. 02-123-4567, 081-234-5678",
        "เวอร์ชัน 1.2.3 และ v2.10.66",
        "O1 2567",
        "ITA 2567",
        "ข้อ 2567 วรรค 2",
        "ปี 12",  # an age or a count
        "อายุ 45 ปี 12 เดือน",
        "ส.ค.ส. 2567",  # a New Year card, not August
        "ก.ค.ศ. 2567",  # the teachers' commission, not July
        "อ.ก.พ. 66",
        "ทรัพย์สิน 2567",
        "31 ก.พ. 2567",  # impossible dates are skipped whole
        "30 กุมภาพันธ์ 2566",
        "32/01/2567",
        "15/13/2567",
        "2023-02-30",
        "ตุลาคม",  # a month without a year
        "1 ตุลาคม",
        "มีนาคม 123",
        "พ.ศ. 1999",  # not a BE year
        "ค.ศ. 66",
        "January 24",
        "2566-2567",  # a bare range without a plan word or พ.ศ. before it
        "1234-5678",
        "",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_date_mentions(text) == []


def test_implausible_year_ranges_fall_back_to_the_first_year() -> None:
    assert summary("พ.ศ. 2570 - 2566") == [("year", date(2027, 1, 1), date(2027, 12, 31))]
    assert summary("พ.ศ. 2500 - 2567") == [("year", date(1957, 1, 1), date(1957, 12, 31))]
    # the second number was a day, not a year: both are still read
    assert summary("พ.ศ. 2567 - 31 มีนาคม 2567") == [
        ("year", date(2024, 1, 1), date(2024, 12, 31)),
        ("day", date(2024, 3, 31), date(2024, 3, 31)),
    ]


def test_reversed_ranges_are_two_mentions() -> None:
    assert [m.kind for m in find_date_mentions("มี.ค. 67 - ต.ค. 66")] == ["month", "month"]


# --- realistic snippets ------------------------------------------------------------------------


def test_sao_progress_report_title() -> None:
    text = "รายงานผลการดำเนินงาน รอบ 6 เดือน (ต.ค. 66 - มี.ค. 67)"
    mention = one(text)
    assert (mention.kind, mention.start, mention.end) == (
        "range",
        date(2023, 10, 1),
        date(2024, 3, 31),
    )
    assert mention.text == "ต.ค. 66 - มี.ค. 67"
    assert mention.position == text.index("ต.ค.")


def test_sao_development_plan_title() -> None:
    text = "แผนพัฒนาท้องถิ่น (พ.ศ. 2566 – 2570)"
    mention = one(text)
    assert mention.kind == "year_range"
    assert mention.text == "พ.ศ. 2566 – 2570"
    assert text[mention.position :].startswith(mention.text)


def test_sao_announcement_in_thai_digits() -> None:
    mention = one("ประกาศ ณ วันที่ ๑๕ ตุลาคม พ.ศ. ๒๕๖๖")
    assert (mention.kind, mention.start) == ("day", date(2023, 10, 15))
    assert mention.text == "วันที่ ๑๕ ตุลาคม พ.ศ. ๒๕๖๖"


def test_damaged_pdf_text() -> None:
    text = normalise("รายงานผลการด าเนินงานประจ าปี ปงี บประมาณ พ.ศ. 2566\n(1 ต.ค. 65 - 30 ก.ย. 66)")
    assert summary(text) == [
        ("fiscal_year", *fiscal_year_range(2566)),
        ("range", date(2022, 10, 1), date(2023, 9, 30)),
    ]


def test_seed_measures_document() -> None:
    text = (
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ.2567 "
        "ได้คะแนน 69.50 คะแนน โดยมีคะแนนลดลงจากปี พ.ศ.2566 (คะแนนปี พ.ศ.2566 ได้ 80.29 คะแนน) "
        "ระยะเวลาดำเนินการ ไตรมาสที่ 1-4 ผู้รับผิดชอบ กองคลัง"
    )
    assert [(m.kind, m.text) for m in find_date_mentions(text)] == [
        ("fiscal_year", "ปีงบประมาณ พ.ศ.2567"),
        ("year", "ปี พ.ศ.2566"),
        ("year", "ปี พ.ศ.2566"),
    ]


def test_procurement_summary_and_news_listing() -> None:
    text = (
        "สรุปผลการดำเนินการจัดซื้อจัดจ้าง (แบบ สขร.1) ประจำเดือนพฤศจิกายน 2566 "
        "โพสต์เมื่อ 2023-12-05T10:15:00 | ข่าว 12 ม.ค. 67 | ประกาศผู้ชนะ 5/2/2567"
    )
    assert summary(text) == [
        ("month", date(2023, 11, 1), date(2023, 11, 30)),
        ("day", date(2023, 12, 5), date(2023, 12, 5)),
        ("day", date(2024, 1, 12), date(2024, 1, 12)),
        ("day", date(2024, 2, 5), date(2024, 2, 5)),
    ]


def test_fiscal_year_with_its_dates() -> None:
    text = "ปีงบประมาณ พ.ศ. 2567 (1 ตุลาคม 2566 – 30 กันยายน 2567)"
    assert summary(text) == [("fiscal_year", *FY2567), ("range", *FY2567)]


# --- properties --------------------------------------------------------------------------------

# Two-digit BE years are 25xx: keep the dates where every written form can be read back.
plausible_dates = st.dates(min_value=date(1957, 1, 1), max_value=date(2056, 12, 31))


def thai_forms(day: date) -> list[str]:
    be = day.year + 543
    yy = f"{be % 100:02d}"
    full, short = FULL[day.month - 1], SHORT[day.month - 1]
    return [
        f"{day.day} {full} {be}",
        f"วันที่ {day.day} {full} พ.ศ. {be}",
        f"{day.day} {short} {yy}",
        f"{day.day} {short}{be}",
        f"{day.day}{short}{yy}",
        f"{day.day:02d}/{day.month:02d}/{be}",
        f"{day.day}/{day.month}/{yy}",
        f"{day.day}-{day.month:02d}-{be}",
        day.isoformat(),
        f"{day.day} {ENGLISH[day.month - 1]} {day.year}",
        f"{day.day} {ENGLISH[day.month - 1][:3]} {day.year}",
    ]


@settings(max_examples=400)
@given(plausible_dates, st.integers(min_value=0, max_value=10), st.booleans())
def test_written_dates_read_back(day: date, form: int, thai_digits: bool) -> None:
    written = thai_forms(day)[form]
    if thai_digits:
        written = written.translate(THAI_DIGITS)
    prefix = "ประกาศ ณ "
    mention = one(f"{prefix}{written} เป็นต้นไป")
    assert (mention.kind, mention.start, mention.end) == ("day", day, day)
    assert mention.text.endswith(written)
    assert mention.position + len(mention.text) == len(prefix) + len(written)


@settings(max_examples=300)
@given(plausible_dates, st.booleans(), st.booleans())
def test_written_months_read_back(day: date, short: bool, two_digits: bool) -> None:
    be = day.year + 543
    year = f"{be % 100:02d}" if two_digits else str(be)
    month = (SHORT if short else FULL)[day.month - 1]
    mention = one(f"ประจำเดือน {month} {year} (รายงาน)")
    assert mention.kind == "month"
    assert (mention.start, mention.end) == month_range(day.year, day.month)


@settings(max_examples=300)
@given(st.integers(min_value=2444, max_value=9999), st.booleans())
def test_fiscal_years_read_back(fy: int, thai_digits: bool) -> None:
    written = f"งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. {fy} ขององค์การ"
    if thai_digits:
        written = written.translate(THAI_DIGITS)
    mention = one(written)
    assert mention.kind == "fiscal_year"
    assert mention.fiscal_year == fy
    assert (mention.start, mention.end) == fiscal_year_range(fy)


@settings(max_examples=300)
@given(plausible_dates, plausible_dates, st.sampled_from([" - ", " – ", "-", " ถึง ", " ถึงวันที่ "]))
def test_written_ranges_read_back(a: date, b: date, separator: str) -> None:
    start, end = min(a, b), max(a, b)
    written = f"{thai_forms(start)[0]}{separator}{thai_forms(end)[2]}"
    mention = one(f"ระหว่าง {written} รวม")
    assert (mention.kind, mention.start, mention.end) == ("range", start, end)


text_with_dates = st.text(
    st.one_of(
        st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F),
        st.sampled_from(list("0123456789 ./-–:()TZ+,")),
        st.characters(),
    ),
    max_size=80,
)
date_tokens = st.lists(
    st.sampled_from(
        [
            "ต.ค.", "มี.ค", "ตค", "ตุลาคม", "กุมภาพันธ์", "พ.ศ.", "ค.ศ.", "ปี", "ปีงบประมาณ",
            "ปงี บ", "ไตรมาสที่", "วันที่", "เดือน", "ถึง", " - ", "–", "/", "-", " ", "66",
            "2566", "2570", "31", "1", "๒๕๖๗", "29", "2024-02-30", "T10:00", "Jan", "May",
            "แผน", "และ", "(", "FY", "9999", "0000", "00", "ก.พ.", "2", "4",
        ]
    ),
    max_size=14,
).map("".join)  # fmt: skip


def check_invariants(text: str) -> None:
    last_end = 0
    for mention in find_date_mentions(text):
        assert text[mention.position : mention.position + len(mention.text)] == mention.text
        assert mention.position >= last_end  # in text order, not overlapping
        last_end = mention.position + len(mention.text)
        assert mention.start <= mention.end
        has_fy = mention.kind in ("fiscal_year", "fiscal_half")
        assert (mention.fiscal_year is not None) == has_fy


@settings(max_examples=1000)
@given(text_with_dates)
def test_never_raises_on_arbitrary_text(text: str) -> None:
    check_invariants(text)


@settings(max_examples=1000)
@given(date_tokens)
def test_never_raises_on_date_like_text(text: str) -> None:
    check_invariants(text)


@settings(max_examples=400)
@given(date_tokens)
def test_thai_and_ascii_digits_read_the_same(text: str) -> None:
    ascii_digits = [(m.kind, m.start, m.end) for m in find_date_mentions(text)]
    thai = [(m.kind, m.start, m.end) for m in find_date_mentions(text.translate(THAI_DIGITS))]
    assert thai == ascii_digits


# --- speed -------------------------------------------------------------------------------------


def test_linear_on_long_whitespace_and_dense_candidates() -> None:
    started = time.perf_counter()
    for text in (
        "ปีงบประมาณ" + " " * 50_000 + "x",
        "ไตรมาสที่ 1" + " " * 50_000 + "x",
        "พ.ศ. 2566" + " " * 50_000 + "-" + " " * 50_000 + "x",
        "October 15" + " " * 50_000,
        "1/" * 50_000,
        "ต." * 50_000,
    ):
        find_date_mentions(text)
        normalise(text)
    assert time.perf_counter() - started < 5  # quadratic behaviour would take minutes


def test_one_megabyte_of_thai_text_is_fast() -> None:
    sample = (
        "รายงานผลการด าเนินงาน รอบ 6 เดือน (ต.ค. 66 - มี.ค. 67) ปงี บประมาณ พ.ศ. 2567 "
        "ประกาศ ณ วันที่ ๑๕ ตุลาคม พ.ศ. ๒๕๖๖ โทร 043-123456 แผนพัฒนาท้องถิ่น (พ.ศ. 2566 – 2570)\n"
        "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ข\uf70bอมูลผู\uf70bบริหาร "
        "ลงวันที่ 15/01/2567 คะแนน 69.50 ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล 66.43 คะแนน\n"
    )
    text = (sample * (1_000_000 // len(sample.encode()) + 1)).encode()[:1_000_000]
    decoded = text.decode(errors="ignore")
    started = time.perf_counter()
    mentions = find_date_mentions(normalise(decoded))
    elapsed = time.perf_counter() - started
    assert len(mentions) > 1000
    assert elapsed < 3  # about 0.1 s on a laptop; generous for loaded CI machines
