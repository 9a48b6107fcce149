"""checker.thai.text: normalisation, match keys, skeletons, NameMatcher."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import checker.thai as thai
from checker.thai.text import (
    MIN_SKELETON_LENGTH,
    NameMatcher,
    match_key,
    normalise,
    skeleton,
    thai_digits_to_ascii,
)

NIKHAHIT = "\u0e4d"
SARA_AA = "\u0e32"
SARA_AM = "\u0e33"
MAI_EK = "\u0e48"
MAI_THO = "\u0e49"

# Characters that make normalisation interesting: Thai, the PUA glyphs, invisible characters,
# odd whitespace, plus anything else.
thai_heavy_text = st.text(
    st.one_of(
        st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F),
        st.characters(min_codepoint=0xF700, max_codepoint=0xF71A),
        st.sampled_from(list(" \u00a0\t\n\u200b\u200d\u00ad\ufeff\u2060.-()/0123456789AaZz")),
        st.characters(),
    ),
    max_size=60,
)


# --- normalise ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # sara am split into nikhahit + sara aa, with tone marks on either side
        ("น" + NIKHAHIT + SARA_AA, "น" + SARA_AM),
        ("น" + NIKHAHIT + MAI_THO + SARA_AA, "น" + MAI_THO + SARA_AM),
        ("น" + MAI_THO + NIKHAHIT + SARA_AA, "น" + MAI_THO + SARA_AM),
        ("ด " + NIKHAHIT + SARA_AA, "ด" + SARA_AM),  # stray space before nikhahit
        ("ด" + NIKHAHIT + " " + SARA_AA + "เนิน", "ดำเนิน"),  # stray space before sara aa
        ("ด " + NIKHAHIT + " " + SARA_AA + "เนินงาน", "ดำเนินงาน"),
        ("ประจ" + NIKHAHIT + SARA_AA + "ปี", "ประจำปี"),
        # doubled sara e
        ("เเผนงาน", "แผนงาน"),
        ("เเละ", "และ"),
        # Thai digits
        ("ปีงบประมาณ ๒๕๖๗", "ปีงบประมาณ 2567"),
        ("๐๑๒๓๔๕๖๗๘๙", "0123456789"),
        # whitespace: NBSP, tabs, newlines, runs; stripped
        ("  รายงาน\u00a0\u00a0ผล\t\tการ\n\nดำเนินงาน  ", "รายงาน ผล การ ดำเนินงาน"),
        ("\u3000ก\u2003ข\r\n", "ก ข"),
        # invisible characters
        ("ประ\u200bจำ\u200cปี\u200d\u2060\ufeffงบ\u00adประมาณ", "ประจำปีงบประมาณ"),
        # a space before a tone mark or vowel mark is extraction damage
        ("ส " + MAI_EK + "วน", "ส" + MAI_EK + "วน"),
        ("ข ้อมูล", "ข้อมูล"),
        # tone mark typed or extracted before the vowel mark
        ("ก" + MAI_EK + "\u0e34", "ก\u0e34" + MAI_EK),
        ("ที" + MAI_EK, "ที่"),
        ("ท" + MAI_EK + "\u0e35", "ที่"),
        # a mark repeated
        ("ดีี", "ดี"),
        ("ได้้", "ได้"),
        # NFC: below vowel and tone mark in canonical order
        ("ก" + MAI_EK + "\u0e38", "ก\u0e38" + MAI_EK),
        # clean text is left alone
        ("องค์การบริหารส่วนตำบลเขวาใหญ่", "องค์การบริหารส่วนตำบลเขวาใหญ่"),
        ("No Gift Policy (ITA 2567)", "No Gift Policy (ITA 2567)"),
        ("", ""),
        (" \n\t ", ""),
    ],
)
def test_normalise_examples(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


# Windows Thai fonts' positional variants (U+F700–U+F71A) → standard code points.
PUA = {
    "\uf700": "ฐ",
    "\uf701": "\u0e34",
    "\uf702": "\u0e35",
    "\uf703": "\u0e36",
    "\uf704": "\u0e37",
    "\uf705": "\u0e48",
    "\uf706": "\u0e49",
    "\uf707": "\u0e4a",
    "\uf708": "\u0e4b",
    "\uf709": "\u0e4c",
    "\uf70a": "\u0e48",
    "\uf70b": "\u0e49",
    "\uf70c": "\u0e4a",
    "\uf70d": "\u0e4b",
    "\uf70e": "\u0e4c",
    "\uf70f": "ญ",
    "\uf710": "\u0e31",
    "\uf711": "\u0e4d",
    "\uf712": "\u0e47",
    "\uf713": "\u0e48",
    "\uf714": "\u0e49",
    "\uf715": "\u0e4a",
    "\uf716": "\u0e4b",
    "\uf717": "\u0e4c",
    "\uf718": "\u0e38",
    "\uf719": "\u0e39",
    "\uf71a": "\u0e3a",
}


@pytest.mark.parametrize(("glyph", "standard"), sorted(PUA.items()))
def test_normalise_maps_private_use_glyphs(glyph: str, standard: str) -> None:
    assert normalise("ก" + glyph) == normalise("ก" + standard)


def test_normalise_repairs_pdf_words_with_private_use_glyphs() -> None:
    assert normalise("ข\uf70bอมูล") == "ข้อมูล"
    assert normalise("ประ\uf70fา") == "ประญา"
    assert normalise("ผู\uf70bบริหาร") == "ผู้บริหาร"
    assert normalise("กิจกรรมที\uf70a") == "กิจกรรมที่"
    assert normalise("ท\uf70b\uf701") == "ทิ้"  # tone glyph came first; reordered
    assert normalise("น\uf711\uf70b" + SARA_AA) == "น้ำ"


def test_normalise_removes_control_characters_a_site_could_hide() -> None:
    # ESC sequences would drive the officer's terminal; bidi overrides reorder report text.
    raw = "คู่มือ\x1b[31mแดง\x1b[0m\x00\x07 \u202eFDP.exe\u2066x\u2069\x9b2J"
    assert normalise(raw) == "คู่มือ[31mแดง[0m FDP.exex2J"
    assert normalise("a\x85b\x1cc") == "a b c"  # NEL and FS are whitespace: folded, not glued


def test_thai_digits_to_ascii() -> None:
    assert thai_digits_to_ascii("๑ ตุลาคม ๒๕๖๖") == "1 ตุลาคม 2566"
    assert thai_digits_to_ascii("no digits") == "no digits"


@settings(max_examples=1000)
@given(thai_heavy_text)
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@settings(max_examples=1000)
@given(thai_heavy_text)
def test_normalise_output_is_clean(text: str) -> None:
    out = normalise(text)
    assert out == out.strip()
    assert "  " not in out
    assert not any(c.isspace() and c != " " for c in out)
    assert not any("\u0e50" <= c <= "\u0e59" for c in out)
    assert not any("\uf700" <= c <= "\uf71a" for c in out)
    assert not any(c in "\u200b\u200c\u200d\u2060\ufeff\u00ad" for c in out)
    assert "\u0e4d\u0e32" not in out
    assert "เเ" not in out
    assert unicodedata.is_normalized("NFC", out)


# --- match_key and skeleton --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("No Gift Policy", "nogiftpolicy"),
        ("No-Gift  Policy", "nogiftpolicy"),
        ("“No Gift Policy”", "nogiftpolicy"),
        ("E-Service", "eservice"),
        ("แผน การ ดำเนิน งาน", "แผนการดำเนินงาน"),
        ("ข้อมูล: ผู้บริหาร (ทำเนียบ)", "ข้อมูลผู้บริหารทำเนียบ"),
        ("O.1 / O-1 | O_1", "o1o1o1"),
        ("[ปีงบประมาณ ๒๕๖๗]", "ปีงบประมาณ2567"),
        ("«ก»—‘ข’–{ค};!?\\", "กขค"),
        ("ด ํา เนินงาน", "ดำเนินงาน"),
    ],
)
def test_match_key_examples(raw: str, expected: str) -> None:
    assert match_key(raw) == expected


@settings(max_examples=1000)
@given(thai_heavy_text)
def test_match_key_of_normalised_text_is_the_same(text: str) -> None:
    assert match_key(normalise(text)) == match_key(text)


@pytest.mark.parametrize(
    ("damaged", "clean"),
    [
        ("ปงี บประมาณ", "ปีงบประมาณ"),
        ("ดาเนินงาน", "ดำเนินงาน"),
        ("รายงานผลการด าเนินงานประจ าปี", "รายงานผลการดำเนินงานประจำปี"),
        ("ประจาปีงบประมาณ", "ประจำปีงบประมาณ"),
        ("ข\uf70bอมูลผู\uf70bบริหาร", "ข้อมูลผู้บริหาร"),
        ("NO GIFT policy", "No Gift Policy"),
        ("ปีงบประมาณ ๒๕๖๗", "ปีงบประมาณ 2567"),
    ],
)
def test_skeleton_survives_pdf_damage(damaged: str, clean: str) -> None:
    assert skeleton(damaged) == skeleton(clean)


def test_skeleton_keeps_only_consonants_latin_and_digits() -> None:
    assert skeleton("ปีงบประมาณ พ.ศ. 2567") == "ปงบปรมณพศ2567"
    assert skeleton("No Gift Policy!") == "nogiftpolicy"
    assert skeleton("ไม่ ๆ ฯ ์") == "ม"


@settings(max_examples=200)
@given(thai_heavy_text)
def test_skeleton_alphabet(text: str) -> None:
    assert all(
        "\u0e01" <= c <= "\u0e2e" or c in "abcdefghijklmnopqrstuvwxyz0123456789"
        for c in skeleton(text)
    )


# --- NameMatcher -------------------------------------------------------------------------------

O9_NAMES = ["รายงานผลการดำเนินงานประจำปี", "รายงานการติดตามและประเมินผลแผนพัฒนา"]


def test_name_matcher_finds_names_in_given_order() -> None:
    matcher = NameMatcher(["No Gift Policy", "ประกาศเจตนารมณ์", "ไม่รับของขวัญ"])
    text = "ประกาศ เจตนารมณ์ นโยบายไม่รับของขวัญ (No Gift Policy) ประจำปี 2567"
    assert matcher.find(text) == ["No Gift Policy", "ประกาศเจตนารมณ์", "ไม่รับของขวัญ"]
    assert matcher.first(text) == "No Gift Policy"


def test_name_matcher_returns_names_as_given() -> None:
    matcher = NameMatcher(["  Q&A  ", "ถาม-ตอบ"])
    assert matcher.find("ช่องทาง ถามตอบ และ q&a") == ["  Q&A  ", "ถาม-ตอบ"]


@pytest.mark.parametrize(
    "text",
    [
        "รายงานผลการดำเนินงานประจำปี 2566",
        "รายงานผล การดำเนิน งาน ประจำปี",  # random spaces from PDF extraction
        "รายงานผลการด ํา เนินงานประจ ํา ปี",  # split sara am
        "รายงานผลการด าเนินงานประจ าปี",  # sara am lost: only the skeleton matches
        "รายงานผลการดาเนินงานประจาปี",
    ],
)
def test_name_matcher_tolerates_damage(text: str) -> None:
    assert NameMatcher(O9_NAMES).find(text) == ["รายงานผลการดำเนินงานประจำปี"]


def test_name_matcher_skeleton_fallback_needs_a_long_skeleton() -> None:
    assert len(skeleton("ประจำปี")) < MIN_SKELETON_LENGTH
    assert NameMatcher(["ประจำปี"]).find("ประจาปี") == []
    assert NameMatcher(["ประจำปีงบประมาณ"]).find("ประจาปีงบประมาณ") == ["ประจำปีงบประมาณ"]


def test_name_matcher_no_match_and_empty_names() -> None:
    matcher = NameMatcher(["", "  ", "...", "คู่มือการปฏิบัติงาน"])
    assert matcher.find("ข่าวประชาสัมพันธ์") == []
    assert matcher.first("ข่าวประชาสัมพันธ์") is None
    assert matcher.find("") == []
    assert NameMatcher([]).find("อะไรก็ได้") == []


def test_name_matcher_matches_latin_case_insensitively() -> None:
    assert NameMatcher(["E-Service"]).find("ระบบ e-service ออนไลน์") == ["E-Service"]
    assert NameMatcher(["E-Service"]).find("ระบบ ESERVICE") == ["E-Service"]


@settings(max_examples=150)
@given(
    name=st.sampled_from(
        ["แผนการดำเนินงานประจำปี", "ข้อมูลสถิติการให้บริการ", "ประมวลจริยธรรม", "No Gift Policy"]
    ),
    before=st.text(st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B), max_size=30),
    after=st.text(st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B), max_size=30),
    spaces=st.lists(st.booleans(), min_size=30, max_size=30),
)
def test_name_matcher_finds_a_name_with_inserted_spaces(
    name: str, before: str, after: str, spaces: list[bool]
) -> None:
    spaced = "".join(c + (" " if s else "") for c, s in zip(name, spaces, strict=False))
    spaced += name[len(spaces) :]
    assert name in NameMatcher([name]).find(f"{before} {spaced} {after}")


def test_package_reexports() -> None:
    for name in thai.__all__:
        assert getattr(thai, name) is not None
    assert thai.normalise is normalise
    assert thai.NameMatcher is NameMatcher
