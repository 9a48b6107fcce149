"""What the generated SAO site says: the agency, its ITA 2567 evidence, Thai filler, and PDFs.

The evidence follows the bundled demo site's style (``checker/demo/site``): one row per OIT item on
the ITA page, each linking pages or PDFs written to pass the item's checks in
``rules/ita-2567/items`` — except ``FAILING``, which fail the way real SAO sites fail (last
year's report re-linked, a dead link, an undated page, a cover page only, months missing), so a
focused scan also crawls for hints. Filler (news, announcements, minutes) never decides an item:
only what the ITA page links (and one hop out of it) does.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.thai.fiscal import ce_to_be, thai_month_name

FONT = Path(__file__).resolve().parent.parent / "checker" / "assets" / "fonts"
AGENCY = "องค์การบริหารส่วนตำบลหนองบัวทอง"
SHORT = "อบต.หนองบัวทอง"
ADDRESS = "หมู่ที่ 7 ตำบลหนองบัวทอง อำเภอพยัคฆภูมิพิสัย จังหวัดมหาสารคาม 44110"
PHONE = "043-791-456"
EMAIL = "saraban@nongbuathong.go.th"
NAYOK = "นายประเสริฐ บุญมา"
NAYOK_TITLE = f"นายก{AGENCY}"
PALAD = "นางสาวกมลชนก วงศ์ใหญ่"
AS_OF = dt.date(2024, 4, 30)  # the scan's as-of day: ITA 2567 URL entry closes
YEAR = 2567
#: Items whose evidence fails on purpose, and why (what an officer would have to fix).
FAILING = {
    "O9": "the FY2565 annual report re-linked (FY2566 is on the plans page: a hint)",
    "O14": "monthly procurement summaries stop after December 2566",
    "O16": "dead link (404): the progress report was never uploaded",
    "O25": "participation page without a date or year",
    "O30": "risk assessment is a cover page only",
    "O34": "last year's (FY2566) integrity measures",
}
VILLAGES = (
    "บ้านหนองบัว",
    "บ้านโนนทอง",
    "บ้านดอนตูม",
    "บ้านหัวนา",
    "บ้านโคกสว่าง",
    "บ้านหนองแสง",
    "บ้านหนองบัวทอง",
    "บ้านนาดี",
    "บ้านโนนงาม",
    "บ้านดงบัง",
    "บ้านหนองไฮ",
    "บ้านสระแก้ว",
)


@dataclass(frozen=True)
class Pdf:
    """A PDF: title lines (centred; the first is the metadata title) and body paragraphs."""

    path: str
    title: tuple[str, ...]
    body: tuple[str, ...]
    created: dt.date


@dataclass(frozen=True)
class Html:
    """An evidence page: its ``<h1>``/title and the article's inner HTML."""

    path: str
    title: str
    article: str
    modified: dt.date = dt.date(2024, 4, 1)


@dataclass
class Evidence:
    """Every evidence file (the ITA rows that link them are ``site_evidence.ROWS``)."""

    files: list[Pdf | Html] = field(default_factory=list)
    hints: dict[str, list[str]] = field(default_factory=dict)  # expected hint URLs (not all)
    missing: set[str] = field(default_factory=set)  # linked but deliberately absent (404)


def thai_date(day: dt.date, style: int) -> str:
    """The mixed date styles of Thai CMS pages ("27 ต.ค. 2566", "13/01/2567", Thai digits)."""
    be = ce_to_be(day.year)
    if style == 0:
        return f"{day.day} {thai_month_name(day.month, short=True)} {be}"
    if style == 1:
        return f"วันที่ {day.day} {thai_month_name(day.month)} {be}"
    if style == 2:
        return f"{day.day:02d}/{day.month:02d}/{be}"
    text = f"{day.day} {thai_month_name(day.month)} {be}"
    return text.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))


def _p(*paras: str) -> str:
    return "\n".join(f"<p>{p}</p>" for p in paras)


LAW = "พระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล พ.ศ. 2537"
STRATEGIES = (
    "ยุทธศาสตร์ที่ 1 การพัฒนาโครงสร้างพื้นฐาน ถนน แหล่งน้ำ และไฟฟ้าสาธารณะ",
    "ยุทธศาสตร์ที่ 2 การพัฒนาเศรษฐกิจชุมชนและการเกษตรตามหลักปรัชญาของเศรษฐกิจพอเพียง",
    "ยุทธศาสตร์ที่ 3 การพัฒนาคุณภาพชีวิต สาธารณสุข และสวัสดิการสังคม",
    "ยุทธศาสตร์ที่ 4 การพัฒนาการศึกษา ศาสนา ศิลปวัฒนธรรม และภูมิปัญญาท้องถิ่น",
    "ยุทธศาสตร์ที่ 5 การบริหารจัดการบ้านเมืองที่ดีและการมีส่วนร่วมของประชาชน",
)
PROJECTS = (
    "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 3 งบประมาณ 485,000 บาท",
    "โครงการขุดลอกหนองสาธารณะ หมู่ที่ 8 งบประมาณ 320,000 บาท",
    "โครงการติดตั้งไฟฟ้าส่องสว่างพลังงานแสงอาทิตย์ หมู่ที่ 11 งบประมาณ 198,000 บาท",
    "โครงการอาหารกลางวันศูนย์พัฒนาเด็กเล็ก งบประมาณ 612,000 บาท",
    "โครงการป้องกันและควบคุมโรคไข้เลือดออก งบประมาณ 60,000 บาท",
    "โครงการส่งเสริมอาชีพทอผ้าไหมของกลุ่มสตรี งบประมาณ 45,000 บาท",
    "โครงการแข่งขันกีฬาตำบลต้านยาเสพติด งบประมาณ 80,000 บาท",
)
FILLER = (
    f"{AGENCY} ดำเนินงานตามอำนาจหน้าที่เพื่อประโยชน์สุขของประชาชนในตำบล โดยยึดหลักธรรมาภิบาล",
    "ทั้งนี้ได้รับความร่วมมือจากผู้นำชุมชน กำนัน ผู้ใหญ่บ้าน อาสาสมัครสาธารณสุขประจำหมู่บ้าน และประชาชนเป็นอย่างดี",
    "ประชาชนที่มีข้อสงสัยสามารถสอบถามรายละเอียดเพิ่มเติมได้ที่สำนักปลัด ในวันและเวลาราชการ",
    "การดำเนินการดังกล่าวเป็นไปตามแผนพัฒนาท้องถิ่นและข้อบัญญัติงบประมาณรายจ่ายประจำปี",
    "คณะผู้บริหารและพนักงานส่วนตำบลร่วมกิจกรรมพร้อมกันอย่างพร้อมเพรียง",
    "โดยมีวัตถุประสงค์เพื่อส่งเสริมคุณภาพชีวิตที่ดีและความปลอดภัยในชีวิตและทรัพย์สินของประชาชน",
    "กองช่างได้ออกสำรวจพื้นที่ร่วมกับผู้ใหญ่บ้านเพื่อกำหนดแนวทางการซ่อมแซมให้แล้วเสร็จโดยเร็ว",
    "กองการศึกษา ศาสนาและวัฒนธรรม จัดกิจกรรมเพื่อสืบสานประเพณีอันดีงามของท้องถิ่นให้คงอยู่สืบไป",
    "เจ้าหน้าที่ได้ให้คำแนะนำแก่ประชาชนเกี่ยวกับการคัดแยกขยะและการกำจัดแหล่งเพาะพันธุ์ยุงลาย",
    "ขอเชิญชวนประชาชนทุกหมู่บ้านเข้าร่วมกิจกรรมและติดตามข่าวสารผ่านเว็บไซต์และเพจของ อบต.",
    "กิจกรรมครั้งนี้มีผู้เข้าร่วมประมาณ 150 คน ประกอบด้วยนักเรียน ผู้ปกครอง และผู้สูงอายุในพื้นที่",
    "งานป้องกันและบรรเทาสาธารณภัยพร้อมรถบรรทุกน้ำออกให้บริการตลอด 24 ชั่วโมง",
)
NEWS_TOPICS = (
    "กิจกรรมวันเด็กแห่งชาติ",
    "ประเพณีลอยกระทง",
    "รณรงค์ป้องกันโรคไข้เลือดออก หมู่ที่ {moo}",
    "ฉีดวัคซีนป้องกันโรคพิษสุนัขบ้า หมู่ที่ {moo}",
    "ซ่อมแซมถนนลูกรัง หมู่ที่ {moo}",
    "ซ้อมแผนป้องกันและบรรเทาสาธารณภัย",
    "อบรมอาสาสมัครป้องกันภัยฝ่ายพลเรือน",
    "จ่ายเบี้ยยังชีพผู้สูงอายุและผู้พิการ",
    "ตรวจสุขภาพผู้สูงอายุ {village}",
    "ขุดลอกคลองส่งน้ำ หมู่ที่ {moo}",
    "ปลูกต้นไม้เฉลิมพระเกียรติ",
    "กิจกรรมจิตอาสาพัฒนา {village}",
    "ประชาสัมพันธ์การชำระภาษีที่ดินและสิ่งปลูกสร้าง",
    "รับสมัครเด็กเข้าศูนย์พัฒนาเด็กเล็ก",
    "แข่งขันกีฬาตำบลต้านยาเสพติด",
    "แจกจ่ายน้ำอุปโภคบริโภค หมู่ที่ {moo}",
    "ส่งเสริมอาชีพทอผ้าไหม กลุ่มสตรี{village}",
    "คัดแยกขยะต้นทาง {village}",
    "ตรวจสอบระบบประปาหมู่บ้าน หมู่ที่ {moo}",
    "ประเพณีบุญบั้งไฟ",
    "สืบสานประเพณีสงกรานต์",
    "อบรมการปฐมพยาบาลเบื้องต้น",
)
#: Filler news that a hint crawl may find for the failing O25 (a dated village forum).
PARTICIPATION_NEWS = "จัดเวทีประชาคมหมู่บ้านเพื่อรับฟังความคิดเห็นต่อแผนพัฒนาท้องถิ่น หมู่ที่ {moo}"
ANNOUNCEMENT_KINDS = ("ประกาศเชิญชวน", "ประกาศราคากลาง", "ประกาศผู้ชนะการเสนอราคา")
WORKS = (
    "จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ {moo}",
    "จัดซื้อวัสดุสำนักงาน",
    "จ้างซ่อมแซมท่อระบายน้ำ หมู่ที่ {moo}",
    "จัดซื้ออาหารเสริม (นม) โรงเรียน",
    "จ้างเหมาขุดลอกหนองน้ำสาธารณะ หมู่ที่ {moo}",
    "จัดซื้อครุภัณฑ์คอมพิวเตอร์",
    "จ้างติดตั้งไฟฟ้าส่องสว่าง หมู่ที่ {moo}",
)


def filler(rng: random.Random, sentences: int) -> list[str]:
    """Paragraphs of plausible SAO prose (no dates, no item names)."""
    picked = [rng.choice(FILLER) for _ in range(sentences)]
    return [" ".join(picked[i : i + 3]) for i in range(0, len(picked), 3)]


def topic(rng: random.Random, template: str) -> str:
    moo = rng.randint(1, len(VILLAGES))
    return template.format(moo=moo, village=VILLAGES[moo - 1])


class PdfWriter:
    """Thai PDFs with a real text layer (fpdf2 + Sarabun), like ``scripts/build_demo_site.py``.

    Lines are broken here and drawn with ``FPDF.text``: fpdf2's ``multi_cell`` lays Thai out about
    six times slower, which matters for the 800 PDFs of the largest growth site.
    """

    WIDTH = 170.0  # mm between the margins of an A4 page
    LINE = 7.2

    def __init__(self) -> None:
        from fpdf import FPDF  # only generating a site needs fpdf2 (the demo-build extra)

        self._fpdf = FPDF

    def render(self, doc: Pdf) -> bytes:
        pdf = self._fpdf(unit="mm", format="A4")
        pdf.set_creation_date(dt.datetime.combine(doc.created, dt.time(9), dt.UTC))
        pdf.add_font("Sarabun", "", str(FONT / "Sarabun-Regular.ttf"))
        pdf.add_font("Sarabun", "B", str(FONT / "Sarabun-Bold.ttf"))
        pdf.set_title(doc.title[0])
        pdf.set_author(AGENCY)
        pdf.set_creator("Microsoft Word")
        pdf.add_page()
        y = 24.0
        pdf.set_font("Sarabun", "B", 16)
        for line in doc.title:
            for part in self._wrap(pdf, line):
                pdf.text(20 + (self.WIDTH - pdf.get_string_width(part)) / 2, y, part)
                y += 8.0
        y += 4.0
        pdf.set_font("Sarabun", "", 14)
        for para in doc.body:
            for part in self._wrap(pdf, para):
                if y > 275:
                    pdf.add_page()
                    y = 24.0
                pdf.text(20, y, part)
                y += self.LINE
            y += 2.0
        return bytes(pdf.output())

    def _wrap(self, pdf: Any, text: str) -> list[str]:
        lines: list[str] = []
        current = ""
        for word in text.split(" "):
            candidate = f"{current} {word}" if current else word
            if pdf.get_string_width(candidate) <= self.WIDTH:
                current = candidate
                continue
            if current:
                lines.append(current)
            while pdf.get_string_width(word) > self.WIDTH:  # a long Thai run without spaces
                cut = _fit(pdf, word, self.WIDTH)
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        if current:
            lines.append(current)
        return lines


def _fit(pdf: Any, word: str, width: float) -> int:
    """How many characters of ``word`` fit, never separating a Thai mark from its letter."""
    cut = len(word)
    while cut > 1 and pdf.get_string_width(word[:cut]) > width:
        cut -= max(1, cut // 8)
    while cut > 1 and unicodedata.category(word[cut]) == "Mn":
        cut -= 1
    return max(cut, 1)
