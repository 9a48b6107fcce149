"""Regenerate the binary fixtures of tests/extract (run by hand, not by pytest).

    .venv/bin/python tests/extract/data/make_fixtures.py

Needs the demo-build extras (fpdf2, uharfbuzz, pillow). Every file stays well under 100 KB.
The PDFs carry a real Thai text layer written with the bundled Sarabun font:

- thai_plain.pdf   - no text shaping: the text layer reads back as written;
- thai_shaped.pdf  - HarfBuzz shaping on: the text layer comes out damaged the way real Thai PDFs
                     are (reordered tone marks, split sara am), which extraction must survive;
- scanned.pdf      - one page holding only a picture of text (no text layer);
- encrypted.pdf    - needs a user password;
- owner_only.pdf   - encrypted with an owner password only (opens with the empty password);
- truncated.pdf    - thai_plain.pdf cut in half;
- sample.docx / sample.xlsx - minimal OOXML packages written with zipfile.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
FONT = ROOT / "checker" / "assets" / "fonts" / "Sarabun-Regular.ttf"
FIXED_DATE = dt.datetime(2024, 1, 15, 9, 0, tzinfo=dt.UTC)

TITLE = "แผนการดำเนินงานและการใช้งบประมาณ ประจำปีงบประมาณ พ.ศ. 2567"
PAGE_1 = [
    "แผนการดำเนินงานและการใช้งบประมาณประจำปี",
    "ประจำปีงบประมาณ พ.ศ. 2567",
    "องค์การบริหารส่วนตำบลขวาวใหญ่ อำเภอเมือง จังหวัดทดสอบ",
    "ระยะเวลาดำเนินการ 1 ตุลาคม 2566 ถึง 30 กันยายน 2567",
    "",
    "ยุทธศาสตร์ที่ 1 การพัฒนาโครงสร้างพื้นฐาน จำนวน 12 โครงการ งบประมาณ 4,500,000 บาท",
    "ยุทธศาสตร์ที่ 2 การพัฒนาคุณภาพชีวิต จำนวน 8 โครงการ งบประมาณ 1,250,000 บาท",
    "ยุทธศาสตร์ที่ 3 การบริหารจัดการที่ดี จำนวน 5 โครงการ งบประมาณ 600,000 บาท",
]
PAGE_2 = [
    "รายงานผลการดำเนินงาน รอบ 6 เดือน (ต.ค. 66 - มี.ค. 67)",
    "ปีงบประมาณ ๒๕๖๗ ดำเนินการแล้วเสร็จ ๑๕ โครงการ",
    "ผู้รับผิดชอบ กองคลัง และสำนักปลัด",
]


def _thai_pdf(*, shaping: bool, password: str | None = None, owner: str | None = None) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(TITLE)
    pdf.set_creator("make_fixtures.py")
    pdf.add_font("Sarabun", "", str(FONT))
    pdf.set_font("Sarabun", size=14)
    if shaping:
        pdf.set_text_shaping(True)
    if owner is not None:
        pdf.set_encryption(owner_password=owner, user_password=password)
    for lines in (PAGE_1, PAGE_2):
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 9, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _scanned_pdf() -> bytes:
    # A greyscale "scan": the words are pixels, there is no text layer.
    image = Image.new("L", (620, 877), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 22)
    for i, line in enumerate([*PAGE_1, *PAGE_2]):
        draw.text((40, 40 + i * 34), line, fill=0, font=font)
    draw.rectangle((30, 30, 590, 847), outline=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=210)
    return bytes(pdf.output())


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 15, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title>'
    "</cp:coreProperties>"
)


def _docx() -> bytes:
    paragraphs = [
        # A word split across runs, as Word does after an edit.
        '<w:p><w:r><w:t>ประกาศ</w:t></w:r><w:r><w:t xml:space="preserve">เจตนารมณ์ </w:t></w:r>'
        "<w:r><w:t>การป้องกันและต่อต้านการทุจริต</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>ประจำปีงบประมาณ พ.ศ. ๒๕๖๗</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>นายกองค์การบริหารส่วนตำบล</w:t></w:r><w:r><w:tab/></w:r>"
        "<w:r><w:t>ลงนาม</w:t></w:r></w:p>",
    ]
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}">'
        f"<w:body>{''.join(paragraphs)}</w:body></w:document>"
    )
    return _zip(
        {
            "[Content_Types].xml": _content_types("word/document.xml", "wordprocessingml.document"),
            "word/document.xml": document,
            "docProps/core.xml": _CORE.format(title="ประกาศเจตนารมณ์ No Gift 2567"),
        }
    )


def _content_types(part: str, kind: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Override PartName="/' + part + '" ContentType="application/'
        "vnd.openxmlformats-officedocument." + kind + '.main+xml"/></Types>'
    )


_S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _xlsx() -> bytes:
    strings = ["ลำดับ", "งานที่จัดซื้อจัดจ้าง", "วงเงิน", "จ้างซ่อมถนน หมู่ที่ 3", "ต.ค. 66"]
    shared = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_S}" count="{len(strings)}">'
        + "".join(f"<si><t>{s}</t></si>" for s in strings)
        + "</sst>"
    )
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c></row>'
        '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>3</v></c><c r="C2"><v>250000</v></c>'
        '<c r="D2" t="s"><v>4</v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>สรุปผลการจัดซื้อจัดจ้าง ปีงบประมาณ 2567</t>'
        "</is></c></row>"
    )
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_S}"><sheetData>{rows}'
        "</sheetData></worksheet>"
    )
    return _zip(
        {
            "[Content_Types].xml": _content_types("xl/workbook.xml", "spreadsheetml.sheet"),
            "xl/workbook.xml": f'<workbook xmlns="{_S}"><sheets><sheet name="ต.ค. 66" sheetId="1"/>'
            "</sheets></workbook>",
            "xl/sharedStrings.xml": shared,
            "xl/worksheets/sheet1.xml": sheet,
        }
    )


def main() -> None:
    plain = _thai_pdf(shaping=False)
    outputs = {
        "thai_plain.pdf": plain,
        "thai_shaped.pdf": _thai_pdf(shaping=True),
        "scanned.pdf": _scanned_pdf(),
        "encrypted.pdf": _thai_pdf(shaping=False, password="secret", owner="owner-secret"),
        "owner_only.pdf": _thai_pdf(shaping=False, owner="owner-secret"),
        "truncated.pdf": plain[: len(plain) // 2],
        "sample.docx": _docx(),
        "sample.xlsx": _xlsx(),
    }
    for name, data in outputs.items():
        assert len(data) < 100_000, (name, len(data))
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
