from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

from checker.extract.office import OLE2_MAGIC, read_office

DATA = Path(__file__).parent / "data"
URL = "https://www.khwaoyai.go.th/files/nogift.docx"


def make_zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def declare_size(body: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size a ZIP's central directory declares for ``member``."""
    data = bytearray(body)
    offset = data.find(b"PK\x01\x02")  # first central directory header
    while offset != -1:
        name_length = struct.unpack_from("<H", data, offset + 28)[0]
        name = bytes(data[offset + 46 : offset + 46 + name_length]).decode()
        if name == member:
            struct.pack_into("<I", data, offset + 24, size)
        offset = data.find(b"PK\x01\x02", offset + 4)
    return bytes(data)


def test_docx_text_title_and_first_lines() -> None:
    document = read_office(URL, (DATA / "sample.docx").read_bytes())
    assert document.kind == "office"
    assert document.readable
    assert document.title == "ประกาศเจตนารมณ์ No Gift 2567"
    # Runs of one word join without a gap; paragraphs and tabs separate.
    assert document.text == (
        "ประกาศเจตนารมณ์ การป้องกันและต่อต้านการทุจริต ประจำปีงบประมาณ พ.ศ. 2567 "
        "นายกองค์การบริหารส่วนตำบล ลงนาม"
    )
    assert document.headings[:2] == [
        "ประกาศเจตนารมณ์ การป้องกันและต่อต้านการทุจริต",
        "ประจำปีงบประมาณ พ.ศ. 2567",
    ]


def test_xlsx_shared_inline_and_number_cells() -> None:
    document = read_office(URL, (DATA / "sample.xlsx").read_bytes())
    assert document.readable
    assert document.headings == [
        "ลำดับ งานที่จัดซื้อจัดจ้าง วงเงิน",
        "1 จ้างซ่อมถนน หมู่ที่ 3 250000 ต.ค. 66",
        "สรุปผลการจัดซื้อจัดจ้าง ปีงบประมาณ 2567",
    ]


def test_pptx_slides_in_order() -> None:
    ns = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'

    def slide(text: str) -> str:
        return f"<p:sld xmlns:p='urn:p' {ns}><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:sld>"

    body = make_zip(
        {
            "ppt/presentation.xml": "<p:presentation xmlns:p='urn:p'/>",
            "ppt/slides/slide10.xml": slide("สิบ"),
            "ppt/slides/slide2.xml": slide("สอง"),
            "ppt/slides/slide1.xml": slide("รายงานผล ๒๕๖๗"),
            "ppt/slides/_rels/slide1.xml.rels": "<Relationships/>",
        }
    )
    document = read_office(URL, body)
    assert document.text == "รายงานผล 2567 สอง สิบ"


def test_odt_paragraphs_and_spaces() -> None:
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    content = (
        f'<office:document-content xmlns:office="urn:o" xmlns:text="{text_ns}"><office:body>'
        "<text:h>คู่มือการปฏิบัติงาน</text:h>"
        "<text:p>ปีงบประมาณ<text:s/>2567<text:span> กองคลัง</text:span><text:tab/>ท้าย</text:p>"
        "</office:body></office:document-content>"
    )
    meta = (
        '<office:document-meta xmlns:office="urn:o" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<office:meta><dc:title>คู่มือ</dc:title></office:meta></office:document-meta>"
    )
    body = make_zip(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": content,
            "meta.xml": meta,
        }
    )
    document = read_office(URL, body)
    assert document.title == "คู่มือ"
    assert document.text == "คู่มือการปฏิบัติงาน ปีงบประมาณ 2567 กองคลัง ท้าย"


def test_legacy_binary_office_is_not_read() -> None:
    document = read_office(URL, OLE2_MAGIC + b"\x00" * 512)
    assert document.kind == "office"
    assert not document.readable
    assert document.problems == ["legacy binary Office format not read"]


def test_zip_that_is_not_office() -> None:
    document = read_office(URL, make_zip({"a.pdf": "%PDF-1.4"}))
    assert document.kind == "other"
    assert not document.readable


def test_corrupt_zip() -> None:
    body = (DATA / "sample.docx").read_bytes()
    for broken in (body[: len(body) // 2], b"PK\x03\x04" + b"\x00" * 40):
        document = read_office(URL, broken)
        assert not document.readable
        assert document.problems


def test_member_declaring_over_50_mb_is_refused() -> None:
    body = declare_size((DATA / "sample.docx").read_bytes(), "word/document.xml", 60 * 2**20)
    document = read_office(URL, body)
    assert not document.readable
    assert document.problems == ["archive declares more than the size cap; not read"]


def test_total_over_100_mb_is_refused() -> None:
    members = {f"word/media/{i}.bin": "x" for i in range(3)}
    body = make_zip({"word/document.xml": "<w:document xmlns:w='urn:w'/>", **members})
    for i in range(3):
        body = declare_size(body, f"word/media/{i}.bin", 40 * 2**20)
    document = read_office(URL, body)
    assert document.problems == ["archive declares more than the size cap; not read"]


def test_xml_entities_are_not_resolved() -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document_xml = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>ก&x;ข</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    document = read_office(URL, make_zip({"word/document.xml": document_xml}))
    assert "root:" not in document.text
    assert "ก" in document.text


def test_damaged_compressed_data_is_corrupt() -> None:
    # Found by fuzzing: zlib.error from a member's damaged deflate stream escaped read_office
    # (read_document's safety net reported "internal error").
    body = bytearray((DATA / "sample.docx").read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(body))) as archive:
        info = archive.getinfo("word/document.xml")
    name_length, extra_length = struct.unpack_from("<HH", body, info.header_offset + 26)
    data = info.header_offset + 30 + name_length + extra_length
    body[data : data + 8] = b"\xff" * 8  # an invalid deflate block type
    document = read_office(URL, bytes(body))
    assert document.kind == "office" and not document.readable
    assert document.unreadable == "corrupt", document.problems
