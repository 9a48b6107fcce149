from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.extract.encoding import codec_for, declared_in_markup, decode_text

THAI = "ประกาศ “ผลการจัดซื้อจัดจ้าง” ปีงบประมาณ พ.ศ. 2567 … ครั้งที่ 1"


def page(charset_meta: str | None) -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return f"<html><head>{meta}<title>{THAI}</title></head><body><p>{THAI}</p></body></html>"


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("windows-874", "cp874"),
        ("WINDOWS-874", "cp874"),
        ("x-windows-874", "cp874"),
        ("tis-620", "cp874"),
        ("TIS620", "cp874"),
        ("iso-8859-11", "cp874"),
        ("iso8859-11", "cp874"),
        ("utf-8", "utf-8"),
        ("UTF8", "utf-8"),
        ("utf8mb4", "utf-8"),
        ("iso-8859-1", "cp1252"),  # WHATWG: browsers read Latin-1 labels as windows-1252
        ("us-ascii", "cp1252"),
        ("shift_jis", "shift_jis"),
        ("'utf-8'", "utf-8"),
    ],
)
def test_codec_for_maps_labels(label: str, codec: str) -> None:
    assert codec_for(label) == codec


@pytest.mark.parametrize("label", ["rot13", "base64", "idna", "x-user-defined", "", "bogus", None])
def test_codec_for_refuses_non_text_codecs_and_unknown_labels(label: str | None) -> None:
    assert codec_for(label) is None


def test_windows_874_meta_decodes_thai() -> None:
    result = decode_text(page("windows-874").encode("cp874"), None)
    assert THAI in result.text
    assert result.encoding == "cp874"
    assert result.problems == []


def test_tis_620_label_still_decodes_the_cp874_punctuation() -> None:
    # Python's tis_620 codec would turn 0x85 (…) and 0x93/0x94 (curly quotes) into C1 controls.
    result = decode_text(page(None).encode("cp874"), "TIS-620")
    assert "“ผลการจัดซื้อจัดจ้าง”" in result.text
    assert "…" in result.text
    assert result.encoding == "cp874"


def test_latin1_header_on_utf8_thai_is_corrected() -> None:
    result = decode_text(page(None).encode("utf-8"), "ISO-8859-1")
    assert THAI in result.text
    assert result.encoding == "utf-8"
    assert result.problems == ["declared charset iso-8859-1 was wrong; decoded as utf-8"]


def test_latin1_header_on_cp874_thai_is_corrected() -> None:
    result = decode_text(page(None).encode("cp874"), "iso-8859-1")
    assert THAI in result.text
    assert result.encoding == "cp874"
    assert result.problems == ["declared charset iso-8859-1 was wrong; decoded as cp874"]


def test_latin1_header_is_overruled_by_a_thai_meta() -> None:
    result = decode_text(page("tis-620").encode("cp874"), "iso-8859-1")
    assert THAI in result.text
    assert result.encoding == "cp874"
    assert result.problems == ["declared charset iso-8859-1 was wrong; decoded as cp874"]


def test_utf8_header_on_cp874_bytes_falls_back_to_the_meta_then_cp874() -> None:
    result = decode_text(page("windows-874").encode("cp874"), "utf-8")
    assert THAI in result.text
    assert result.encoding == "cp874"
    assert result.problems == ["declared charset utf-8 was wrong; decoded as cp874"]
    result = decode_text(page(None).encode("cp874"), "utf-8")
    assert result.encoding == "cp874"


def test_windows_874_meta_on_utf8_bytes_is_corrected() -> None:
    # A template copied from an old site keeps its meta after the page is saved as UTF-8.
    result = decode_text(page("windows-874").encode("utf-8"), None)
    assert THAI in result.text
    assert result.encoding == "utf-8"
    assert result.problems == ["declared charset windows-874 was wrong; decoded as utf-8"]


def test_http_charset_beats_meta_when_both_fit() -> None:
    body = page("windows-874").replace(THAI, "ascii only").encode("ascii")
    result = decode_text(body, "utf-8")
    assert result.encoding == "utf-8"
    assert result.problems == []


def test_bom_beats_everything() -> None:
    body = b"\xef\xbb\xbf" + page("windows-874").encode("utf-8")
    result = decode_text(body, "iso-8859-1")
    assert result.encoding == "utf-8"
    assert result.text.startswith("<html>")
    assert THAI in result.text
    utf16 = decode_text(b"\xff\xfe" + page(None).encode("utf-16-le"), None)
    assert utf16.encoding == "utf-16-le"
    assert THAI in utf16.text


def test_http_equiv_meta_is_read() -> None:
    body = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=tis-620">'
        f"</head><body>{THAI}</body></html>"
    ).encode("cp874")
    assert declared_in_markup(body) == "tis-620"
    result = decode_text(body, None)
    assert THAI in result.text
    assert result.encoding == "cp874"


def test_meta_after_4_kib_is_not_seen() -> None:
    body = b"<html><head>" + b" " * 5000 + b'<meta charset="windows-874">'
    assert declared_in_markup(body) is None


def test_no_declaration_utf8_then_cp874() -> None:
    assert decode_text(page(None).encode("utf-8"), None).encoding == "utf-8"
    guessed = decode_text(page(None).encode("cp874"), None)
    assert guessed.encoding == "cp874"
    assert THAI in guessed.text
    assert guessed.problems == ["no charset declared; decoded as cp874"]


def test_real_latin1_stays_latin() -> None:
    result = decode_text("<p>café déjà vu</p>".encode("latin-1"), "iso-8859-1")
    assert "café déjà vu" in result.text
    assert result.problems == []


def test_utf8_cut_inside_a_character_is_not_a_wrong_charset() -> None:
    body = page(None).encode("utf-8")
    cut = body[: body.index("ปีงบ".encode()) + 2]  # two bytes into a three-byte letter
    result = decode_text(cut, "utf-8")
    assert result.encoding == "utf-8"
    assert result.problems == []
    assert result.text.endswith("จ้าง” ")


def test_unknown_label_is_noted_and_ignored() -> None:
    result = decode_text(page(None).encode("utf-8"), "x-klingon")
    assert result.encoding == "utf-8"
    assert THAI in result.text
    assert result.problems == ["unknown charset label 'x-klingon' in HTTP; ignored"]


def test_undecodable_bytes_are_replaced_with_a_problem() -> None:
    result = decode_text(b"<p>\xff\xfe\xfd\x81 abc</p>" * 3, "utf-8")
    assert "abc" in result.text
    assert result.problems


@given(
    st.binary(max_size=400),
    st.sampled_from([None, "utf-8", "windows-874", "iso-8859-1", "utf-16", "rot13", "gb18030"]),
)
def test_decode_text_never_raises(body: bytes, label: str | None) -> None:
    result = decode_text(body, label)
    assert isinstance(result.text, str)
    assert result.encoding
