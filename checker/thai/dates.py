"""Dates, months, years and fiscal years mentioned in Thai text.

``find_date_mentions`` scans text (normalised or not: Thai digits and any whitespace work) with
one combined regex, interprets each match, then joins neighbouring dates into ranges.

Years: two digits are BE (66 → 2566); four digits ≥ 2400 are BE, 1900–2199 CE; anything else is
not a year. A bare four-digit number is never reported ("O1 2567", "ITA 2567" name no period),
and a bare "2566-2570" only after a plan word (แผน…, ยุทธศาสตร์) or ปี/พ.ศ. Other choices:
the text of a fiscal-year mention starts at ปีงบประมาณ (a preceding ประจำ is not part of it); a
range of fiscal years ("ปีงบประมาณ 2566-2570") is a ``year_range`` of calendar years like any
other; one quarter with a fiscal year ("ไตรมาสที่ 2 ปีงบประมาณ 2567") is a ``fiscal_half`` too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from checker.thai.fiscal import fiscal_year_range, month_range, quarter_range

__all__ = ["DateMention", "MentionKind", "find_date_mentions"]

MentionKind = Literal["day", "month", "year", "fiscal_year", "year_range", "fiscal_half", "range"]

# Year ranges spanning more years than this (inclusive) are not plans or periods but noise.
_MAX_YEAR_SPAN = 20


@dataclass(frozen=True)
class DateMention:
    """One period named in a text. ``start``/``end`` are CE dates, both inclusive.

    Kinds: ``day`` a full date (start == end); ``month`` a month and year; ``year`` a calendar
    year; ``fiscal_year`` ปีงบประมาณ N (1 Oct – 30 Sep); ``year_range`` 1 Jan of the first year –
    31 Dec of the last; ``fiscal_half`` quarters of a fiscal year ("ไตรมาสที่ 1-2 ปีงบประมาณ
    2567"); ``range`` from one day or month to another.
    """

    kind: MentionKind
    start: date
    end: date
    text: str  # the matched text, exactly as in the input
    position: int  # character offset of ``text`` in the input
    fiscal_year: int | None = None  # BE; set for kinds fiscal_year and fiscal_half


# ---------------------------------------------------------------------------------------------
# The scanner. It is tried at every position of long texts, so every top-level alternative
# starts with a literal or a character class (the regex engine rejects those in one step);
# lookbehinds come after the first character and groups are never first. An empty group
# ``(?P<k_…>)`` ends each alternative and names it (``Match.lastgroup``); other empty groups mark
# positions. Thai digits are listed explicitly: \d would accept other scripts' digits too.

_DC = "0-9\u0e50-\u0e59"
_D = f"[{_DC}]"
_NB = f"(?<![{_DC}])"  # no digit before
_NA = f"(?![{_DC}])"  # no digit after
_FIRST_DIGIT = f"{_D}(?<![{_DC}]{_D})"  # a digit that starts a number
_Y = f"{_NB}(?:{_D}{{4}}|{_D}{{2}}){_NA}"
_BE = r"พ(?<!\.พ)\s?\.\s?ศ(?:\s?\.)?"  # พ.ศ., not the tail of an abbreviation (ก.พ.ศ.)
_CE = r"ค(?<!\.ค)\s?\.\s?ศ(?:\s?\.)?"  # ค.ศ., not ก.ค.ศ. (the teachers' commission)
_ERA = f"(?:{_BE}|{_CE})"
_DASH = "[-\u2010-\u2015\u2212~]"
_TO = "(?<![A-Za-z])(?:to|until)(?![A-Za-z])"
_YEAR_SEP = rf"\s*(?:{_DASH}|ถึง|{_TO})\s*(?:ปี\s*)?(?:{_ERA}\s*)?"
# ปีงบประมาณ, ปีงบ, ปีงบฯ — tolerant of the displaced sara ii of PDF text ("ปงี บประมาณ").
_FY_THAI = r"ป\s?(?:ี\s?ง|ง\s?ี)\s?บ(?:\s?ประ\s?มาณ|\s?ฯ)?"
_FY_LATIN = r"[Ff](?<![A-Za-z][Ff])(?:(?<=F)Y|iscal\s+[Yy]ear)(?![A-Za-z])"

_FULL_MONTHS: dict[str, int] = {
    "มกราคม": 1,
    "กุมภาพันธ์": 2,
    "กุมภาพันธ": 2,
    "มีนาคม": 3,
    "เมษายน": 4,
    "พฤษภาคม": 5,
    "มิถุนายน": 6,
    "กรกฎาคม": 7,
    "กรกฏาคม": 7,
    "สิงหาคม": 8,
    "กันยายน": 9,
    "ตุลาคม": 10,
    "พฤศจิกายน": 11,
    "ธันวาคม": 12,
}
_ABBREVIATIONS: dict[str, int] = {  # dots and spaces removed
    "มค": 1,
    "กพ": 2,
    "มีค": 3,
    "เมย": 4,
    "พค": 5,
    "มิย": 6,
    "กค": 7,
    "สค": 8,
    "กย": 9,
    "ตค": 10,
    "พย": 11,
    "ธค": 12,
}
_THAI_MONTHS = {**_FULL_MONTHS, **_ABBREVIATIONS}
_ENGLISH_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}

_FULL = "|".join(sorted(_FULL_MONTHS, key=len, reverse=True))
# ต.ค. / ต. ค. / ต.ค / มี.ค. — the letters are checked against _ABBREVIATIONS afterwards — not a
# piece of a longer abbreviation (อ.ก.พ., ส.ค.ส., ก.ค.ศ.); ตค / มีค only right before a year.
_ABBR = (
    r"[มกพสตธเ](?<!\.[มกพสตธเ])[ีิม]?"
    rf"(?:\s?\.\s?[คพย](?:\s?\.)?(?!\.?[ก-ฮ]\.)|[คพย]\.?(?=\s*(?:{_ERA}\s*)?{_D}))"
)
_LATIN_MONTH = (
    r"[JjFfMmAaSsOoNnDd](?<![A-Za-z].)(?i:an(?:uary)?|eb(?:ruary)?|ar(?:ch)?|pr(?:il)?|ay"
    r"|une?|uly?|ug(?:ust)?|ep(?:t(?:ember)?)?|ct(?:ober)?|ov(?:ember)?|ec(?:ember)?)"
    r"(?![A-Za-z])\.?"
)
_MONTH = f"(?:{_FULL}|{_ABBR}|{_LATIN_MONTH})"
_WEEKDAY = "จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์|อาทิตย์"
_ORDINAL = "(?:st|nd|rd|th)?"
_QUARTER = "[1-4\u0e51-\u0e54]"


def _fy_year(tag: str) -> str:
    """The year after a fiscal-year keyword: ``{tag}_kw`` (era) and ``{tag}_y``; "(พ.ศ. 2567)"
    includes the closing parenthesis."""
    return (
        rf"\s*(?:(?P<{tag}_po>\()\s*)?(?:(?P<{tag}_kw>{_ERA})\s*)?(?P<{tag}_y>{_Y})"
        rf"(?({tag}_po)(?:\s*\))?)(?P<{tag}_ye>)"
    )


def _month_year(tag: str, month: str = _MONTH, *, first: bool = False) -> str:
    """A month ending at group ``{tag}_me``, then an optional era and year.

    The month starts at group ``{tag}_ms``, or at the match start when the alternative starts
    with it (``first``): a group must not come first.
    """
    start = "" if first else f"(?P<{tag}_ms>)"
    return (
        rf"{start}{month}(?P<{tag}_me>)"
        rf"(?:\s*(?P<{tag}_kw>{_ERA}))?(?:\s*(?P<{tag}_y>{_Y}))?(?P<k_{tag}>)"
    )


_ALTERNATIVES = (
    # ไตรมาสที่ 1-2 ปีงบประมาณ 2567
    rf"ไตรมาส(?:ที่)?\s*(?P<fh_q1>{_QUARTER}){_NA}"
    rf"(?:\s*(?:{_DASH}|ถึง|และ|,)\s*(?:ไตรมาส(?:ที่)?\s*)?(?P<fh_q2>{_QUARTER}){_NA})?"
    rf"\s*(?:(?:ของ|ใน|ประจ(?:ำ|\u0e4d?\s?า))\s*)?(?:{_FY_THAI}|{_FY_LATIN}){_fy_year('fh')}"
    r"(?P<k_fh>)",
    # ปีงบประมาณ พ.ศ. 2567, ปีงบ 67; ปีงบประมาณ 2566-2570 (a year range)
    rf"{_FY_THAI}{_fy_year('fy')}(?:{_YEAR_SEP}(?P<fy_y2>{_Y}))?(?P<k_fy>)",
    rf"{_FY_LATIN}{_fy_year('fl')}(?:{_YEAR_SEP}(?P<fl_y2>{_Y}))?(?P<k_fl>)",
    # พ.ศ. 2567, ค.ศ. 2024, พ.ศ. 2566-2570
    rf"[พค](?<!\.[พค])\s?\.\s?ศ(?:\s?\.)?\s*(?P<yr_y>{_Y})"
    rf"(?:{_YEAR_SEP}(?P<yr_y2>{_Y}))?(?P<k_yr>)",
    # ปี 2567, ปี พ.ศ. 2567, ปี 2566 ถึง 2570
    rf"ปี\s*(?:(?P<yp_kw>{_ERA})\s*)?(?P<yp_y>{_Y})(?:{_YEAR_SEP}(?P<yp_y2>{_Y}))?(?P<k_yp>)",
    # 2023-12-19, 2023-12-19T09:53:48+07:00
    rf"{_FIRST_DIGIT}{_D}{{3}}(?P<iso_sep>[-/]){_D}{{2}}(?P=iso_sep){_D}{{2}}{_NA}"
    r"(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?(?P<k_iso>)",
    # 15/01/2567, 15-1-67 (day first)
    rf"{_D}(?<![{_DC}./]{_D}){_D}?(?P<num_sep>[/-]){_D}{{1,2}}(?P=num_sep)"
    rf"(?:{_D}{{4}}|{_D}{{2}}){_NA}(?!(?P=num_sep){_D})(?P<k_num>)",
    # 2566-2570 without a keyword: accepted only after plan words (checked afterwards)
    rf"{_FIRST_DIGIT}{_D}{{3}}\s*(?:{_DASH}|ถึง)\s*(?P<bare_y2>{_D}{{4}}){_NA}(?P<k_bare>)",
    # October 15, 2023
    rf"{_LATIN_MONTH}(?P<en_me>)\s*(?P<en_d>{_D}{{1,2}}){_ORDINAL}{_NA}\s*(?:,\s*)?"
    rf"(?P<en_y>{_D}{{4}}){_NA}(?P<k_en>)",
    # วันที่ 1 ตุลาคม 2566, วันจันทร์ที่ 1 ต.ค. 66
    rf"วัน(?:(?:{_WEEKDAY})\s*(?:ที่\s*)?|\s*ที่\s*)(?P<wd_ds>){_D}{{1,2}}(?P<wd_de>){_ORDINAL}"
    rf"{_NA}\s*{_month_year('wd')}",
    # 1 ตุลาคม 2566, 1 ต.ค. 66, 1 October 2023; "1 ตุลาคม" alone may start a range
    rf"{_D}(?<![{_DC}A-Za-z.,]{_D}){_D}?(?P<d_de>){_ORDINAL}{_NA}\s*{_month_year('d')}",
    # เดือนตุลาคม 2566; ตุลาคม 2566, ต.ค. 66; "ตุลาคม" alone may start a range
    rf"เดือน\s*{_month_year('md')}",
    _month_year("mf", f"(?:{_FULL})", first=True),
    _month_year("ma", _ABBR, first=True),
    _month_year("ml", _LATIN_MONTH, first=True),
)
_SCANNER = re.compile("|".join(_ALTERNATIVES))
_DAY_TAGS = {"wd", "d"}
_MONTH_TAGS = {"md", "mf", "ma", "ml"}

_RANGE_SEP = re.compile(rf"\s*(?:{_DASH}|จนถึง|ถึง|{_TO})\s*")
# "1 - " just before "3 ตุลาคม 2566": a range of days in one month.
_DAY_BEFORE = re.compile(
    rf"(?:วันที่\s*)?(?<![{_DC}A-Za-z.,/:])(?P<d>{_D}{{1,2}})\s*(?:{_DASH}|ถึง)\s*$"
)
_BARE_RANGE_CONTEXT = re.compile(r"(?:ปี|พ\s?\.?\s?ศ\s?\.?)\s*[(\[]?\s*$")
_BARE_RANGE_WORDS = ("แผน", "ยุทธศาสตร์")
_MONTH_KEY_JUNK = re.compile(r"[\s.]+")
_THAI_LETTER = re.compile("[\u0e01-\u0e4e]")


# ---------------------------------------------------------------------------------------------
# Interpretation


@dataclass(frozen=True, slots=True)
class _Found:
    """A mention. With ``start`` None: a yearless range start ("1 ตุลาคม", "ตุลาคม") when
    ``month`` is set, otherwise text to skip (an impossible date such as 31 ก.พ. 2567)."""

    kind: MentionKind
    pos: int
    end: int
    start: date | None
    last: date | None
    fiscal_year: int | None = None
    month: int = 0
    day: int = 0  # 0: the whole month


def _era(keyword: str | None) -> str | None:
    if not keyword:
        return None
    return "be" if keyword.startswith("พ") else "ce"


def _year_ce(raw: str, era: str | None = None) -> int | None:
    """CE year for a written year; None when it cannot be one."""
    value = int(raw)
    if len(raw) == 2:
        return None if era == "ce" else 2500 + value - 543
    if len(raw) != 4:
        return None
    if era == "be":
        return value - 543 if value >= 2400 else None
    if era == "ce":
        return value if 1000 <= value <= 2999 else None
    if value >= 2400:
        return value - 543
    if 1900 <= value <= 2199:
        return value
    return None


def _second_year_ce(raw1: str, raw2: str, era: str | None) -> int | None:
    # "2566-70": the two-digit end shares the start's century.
    if len(raw2) == 2 and len(raw1) == 4:
        return _year_ce(raw1[:2] + raw2, era)
    return _year_ce(raw2, era)


def _month_number(raw: str) -> int:
    key = _MONTH_KEY_JUNK.sub("", raw)
    if key.isascii():
        return _ENGLISH_MONTHS.get(key.lower()[:3], 0)
    return _THAI_MONTHS.get(key, 0)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _year_span(kind: MentionKind, pos: int, end: int, y1: int, y2: int) -> _Found | None:
    if not 1 <= y1 <= y2 <= 9999:
        return None
    return _Found(kind, pos, end, date(y1, 1, 1), date(y2, 12, 31))


def _years(m: re.Match[str], tag: str, era: str | None, *, fiscal: bool) -> _Found | None:
    """A year or FY, or a range of them when the second year makes a sensible range."""
    pos = m.start()
    raw1 = m.group(f"{tag}_y")
    y1 = _year_ce(raw1, era)
    if y1 is None:
        return None
    raw2 = m.group(f"{tag}_y2")
    if raw2 is not None:
        y2 = _second_year_ce(raw1, raw2, era)
        if y2 is not None and y1 <= y2 and y2 - y1 + 1 <= _MAX_YEAR_SPAN:
            return _year_span("year_range", pos, m.end(f"{tag}_y2"), y1, y2)
    end = m.end(f"{tag}_ye" if fiscal else f"{tag}_y")
    if not fiscal:
        return _year_span("year", pos, end, y1, y1)
    fy = y1 + 543
    first, last = fiscal_year_range(fy)
    return _Found("fiscal_year", pos, end, first, last, fiscal_year=fy)


def _day_or_month(m: re.Match[str], text: str, tag: str) -> _Found | None:
    pos = m.start()
    ms = m.start(f"{tag}_ms") if tag in ("wd", "d", "md") else pos
    me = m.start(f"{tag}_me")
    raw_month = text[ms:me]
    month = _month_number(raw_month)
    if not month:
        return None
    latin = raw_month.isascii()
    undotted = not latin and "." not in raw_month and raw_month not in _FULL_MONTHS
    # "ตค" glued to a preceding Thai word is a piece of that word ("…กค 12"), unless it is เดือน.
    if undotted and tag == "ma" and ms > 0 and _THAI_LETTER.match(text, ms - 1):
        return None
    raw_year = m.group(f"{tag}_y")
    year = None
    if raw_year is not None and not (latin and len(raw_year) == 2):
        year = _year_ce(raw_year, _era(m.group(f"{tag}_kw")))
    day = int(text[pos : m.start("d_de")]) if tag == "d" else 0
    if tag == "wd":
        day = int(text[m.start("wd_ds") : m.start("wd_de")])
    if year is None:
        if raw_year is not None or undotted:
            return None  # a number that is not a year; an undotted abbreviation needs one
        if day and _safe_date(2000, month, day) is None:
            return None
        kind: MentionKind = "day" if day else "month"
        return _Found(kind, pos, me, None, None, month=month, day=day)
    end = m.end(f"{tag}_y")
    if day:
        found = _safe_date(year, month, day)
        # An impossible date (31 ก.พ.) is skipped whole, not read as the month inside it.
        return _Found("day", pos, end, found, found)
    if not 1 <= year <= 9999:
        return None
    first, last = month_range(year, month)
    return _Found("month", pos, end, first, last)


def _numeric_day(m: re.Match[str], text: str, tag: str) -> _Found | None:
    raw = text[m.start() : m.end(f"k_{tag}")]
    if tag == "iso":
        raw_y, raw_m, raw_d = raw[:4], raw[5:7], raw[8:10]
    else:
        raw_d, raw_m, raw_y = raw.split(m.group("num_sep"))
    year = _year_ce(raw_y)
    found = None if year is None else _safe_date(year, int(raw_m), int(raw_d))
    return None if found is None else _Found("day", m.start(), m.end(), found, found)


def _fiscal_half(m: re.Match[str]) -> _Found | None:
    fy_ce = _year_ce(m.group("fh_y"), _era(m.group("fh_kw")))
    q1 = int(m.group("fh_q1"))
    q2 = int(m.group("fh_q2") or q1)
    if fy_ce is None or q2 < q1:
        return None
    fy = fy_ce + 543
    first, last = quarter_range(fy, q1)[0], quarter_range(fy, q2)[1]
    return _Found("fiscal_half", m.start(), m.end(), first, last, fiscal_year=fy)


def _bare_range(m: re.Match[str], text: str) -> _Found | None:
    pos = m.start()
    window = text[max(0, pos - 80) : pos]
    if not (any(w in window for w in _BARE_RANGE_WORDS) or _BARE_RANGE_CONTEXT.search(window)):
        return None
    y1, y2 = int(text[pos : pos + 4]), int(m.group("bare_y2"))
    if y1 < 2400 or not 0 <= y2 - y1 < _MAX_YEAR_SPAN:
        return None
    return _year_span("year_range", pos, m.end(), y1 - 543, y2 - 543)


def _interpret(m: re.Match[str], text: str) -> _Found | None:
    tag = (m.lastgroup or "k_")[2:]
    if tag in _DAY_TAGS or tag in _MONTH_TAGS:
        return _day_or_month(m, text, tag)
    if tag in ("iso", "num"):
        return _numeric_day(m, text, tag)
    if tag == "fy":
        return _years(m, "fy", _era(m.group("fy_kw")), fiscal=True)
    if tag == "fl":
        return _years(m, "fl", _era(m.group("fl_kw")), fiscal=True)
    if tag == "yr":
        return _years(m, "yr", _era(text[m.start()]), fiscal=False)
    if tag == "yp":
        keyword = m.group("yp_kw")
        if keyword is None and len(m.group("yp_y")) == 2:
            return None  # "ปี 12" is an age or a count far more often than a year
        return _years(m, "yp", _era(keyword), fiscal=False)
    if tag == "fh":
        return _fiscal_half(m)
    if tag == "bare":
        return _bare_range(m, text)
    if tag == "en":
        year = _year_ce(m.group("en_y"))
        month = _month_number(text[m.start() : m.start("en_me")])
        found = _safe_date(year, month, int(m.group("en_d"))) if year else None
        return None if found is None else _Found("day", m.start(), m.end(), found, found)
    return None


# ---------------------------------------------------------------------------------------------
# Ranges


def _as_range(a: _Found, b: _Found) -> _Found | None:
    """``a`` – ``b`` as one range; ``a`` may lack a year (it then takes ``b``'s)."""
    if b.start is None or b.last is None or b.kind not in ("day", "month"):
        return None
    if a.kind not in ("day", "month"):
        return None
    start = a.start
    if start is None:
        year = b.start.year - (1 if a.month > b.start.month else 0)
        start = _safe_date(year, a.month, a.day or 1)
    if start is None or start > b.last:
        return None
    return _Found("range", a.pos, b.end, start, b.last)


def _days_before(text: str, lower: int, b: _Found) -> _Found | None:
    """A day number and a dash just before a full date: "1 - 3 ตุลาคม 2566"."""
    if b.kind != "day" or b.start is None:
        return None
    m = _DAY_BEFORE.search(text, max(lower, b.pos - 40), b.pos)
    if m is None:
        return None
    start = _safe_date(b.start.year, b.start.month, int(m.group("d")))
    if start is None or start > b.start:
        return None
    return _Found("range", m.start(), b.end, start, b.start)


def _join_ranges(found: list[_Found], text: str) -> list[DateMention]:
    out: list[DateMention] = []
    last_end = 0
    i = 0
    while i < len(found):
        a = found[i]
        joined: _Found | None = None
        if i + 1 < len(found) and _RANGE_SEP.fullmatch(text, a.end, found[i + 1].pos):
            joined = _as_range(a, found[i + 1])
        if joined is not None:
            i += 2
        else:
            joined = _days_before(text, last_end, a) or a
            i += 1
        if joined.start is None or joined.last is None:
            continue  # a yearless range start that started no range, or a skipped date
        out.append(
            DateMention(
                kind=joined.kind,
                start=joined.start,
                end=joined.last,
                text=text[joined.pos : joined.end],
                position=joined.pos,
                fiscal_year=joined.fiscal_year,
            )
        )
        last_end = joined.end
    return out


def find_date_mentions(text: str) -> list[DateMention]:
    """Dates, months, years, fiscal years and ranges of them named in ``text``.

    Mentions come in text order and do not overlap: a range is reported instead of its ends,
    a full date instead of the month-year inside it. Never raises.
    """
    found: list[_Found] = []
    pos = 0
    while (m := _SCANNER.search(text, pos)) is not None:
        item = _interpret(m, text)
        if item is None:
            pos = m.start() + 1  # let a shorter reading start inside the rejected one
            continue
        found.append(item)
        pos = max(item.end, m.start() + 1)
    return _join_ranges(found, text)
